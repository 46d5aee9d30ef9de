/*
** report_zip.c: writes a ZIP (libzip) of report files plus manifest.txt with
** each file's SHA-256 in sha256sum's format, so a certifier can check that
** nothing changed after the office produced the packet.
*/
#include "report_doc.h"

#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

int doc_write_zip_buf(buf *out, const zip_member *members, int n, char **err)
{
	char dir[] = "/tmp/rapport-zip-XXXXXX";
	if (!mkdtemp(dir)) {
		*err = xstrdup("cannot make a temporary directory");
		return -1;
	}
	char *path = xasprintf("%s/packet.zip", dir);
	int rc = doc_write_zip(path, members, n, err);
	if (rc == 0) {
		size_t len;
		char *data = file_read_all(path, &len);
		if (data) buf_append(out, data, len);
		else rc = -1, *err = xstrdup("cannot read the ZIP back");
		free(data);
	}
	unlink(path);
	rmdir(dir);
	free(path);
	return rc;
}

int doc_write_zip(const char *path, const zip_member *members, int n, char **err)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, zerr);
		*err = xasprintf("cannot create %s: %s", path, zip_error_strerror(&e));
		zip_error_fini(&e);
		return -1;
	}
	buf manifest = BUF_INIT;
	for (int i = 0; i < n; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1];
		crypto_hash_sha256(h, members[i].data, members[i].len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		buf_printf(&manifest, "%s  %s\n", hex, members[i].name);
		zip_source_t *src = zip_source_buffer(z, members[i].data, members[i].len, 0);
		if (!src || zip_file_add(z, members[i].name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
			if (src) zip_source_free(src);
			*err = xasprintf("cannot add %s: %s", members[i].name, zip_strerror(z));
			zip_discard(z);
			buf_free(&manifest);
			return -1;
		}
	}
	zip_source_t *src = zip_source_buffer(z, manifest.data ? manifest.data : "", manifest.len, 0);
	if (!src || zip_file_add(z, "manifest.txt", src, ZIP_FL_ENC_UTF_8) < 0 || zip_close(z) < 0) {
		if (src) zip_source_free(src);
		*err = xasprintf("cannot write %s: %s", path, zip_strerror(z));
		zip_discard(z);
		buf_free(&manifest);
		return -1;
	}
	buf_free(&manifest);   /* zip_close has read the buffers */
	return 0;
}
