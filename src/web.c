/*
** web.c: serves the staff UI: web/ and the npm packages it imports, from
** the copies embedded in the binary (or from disk with --web-dir, for UI
** work without rebuilding).  Static files carry an ETag and are answered
** 304 when unchanged; the ETags of embedded files are computed once, at
** the first request, not per request.  Only exact embedded names are
** served, so a path can never reach outside them.
**
** index.html holds the UI's import map (bare names like "preact" -> vendor
** paths), which browsers only accept inline.  Rather than allow inline
** scripts, the page is sent with a Content-Security-Policy whose
** script-src names the SHA-256 of that one import map: nothing else inline
** can run.
*/
#include "assets.h"
#include "handlers.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ETAG_LEN 35                 /* quotes + 32 hex digits + NUL */
#define CSP_LEN 512

static const char csp_format[] =
    "default-src 'self'; script-src 'self' 'sha256-%s'; img-src 'self' data:; style-src 'self';"
    " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

static const char *mime_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
		{".json", "application/json"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < countof(types); i++)
		if (strcmp(dot, types[i].ext) == 0) return types[i].type;
	return "application/octet-stream";
}

static void etag_of(const unsigned char *data, size_t len, char etag[ETAG_LEN])
{
	unsigned char h[16];
	char hex[33];
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(etag, ETAG_LEN, "\"%s\"", hex);
}

/* The CSP for index.html: script-src allows the page's own import map by
** its hash.  A page without an import map gets a policy naming no hash. */
static void index_csp(const char *html, char csp[CSP_LEN])
{
	static const char open[] = "<script type=\"importmap\">";
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)] = "none";
	const char *start = strstr(html, open);
	const char *end = start ? strstr(start, "</script>") : NULL;
	if (end) {
		unsigned char h[crypto_hash_sha256_BYTES];
		start += strlen(open);
		crypto_hash_sha256(h, (const unsigned char *)start, (unsigned long long)(end - start));
		sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
	}
	snprintf(csp, CSP_LEN, csp_format, b64);
}

/* Per embedded asset: its ETag, and for web/index.html its CSP; filled once. */
static char (*asset_etags)[ETAG_LEN];
static char embedded_index_csp[CSP_LEN];
static pthread_once_t asset_once = PTHREAD_ONCE_INIT;

static void asset_init(void)
{
	asset_etags = xcalloc((size_t)assets_count + 1, sizeof *asset_etags);
	for (int i = 0; i < assets_count; i++) etag_of(assets[i].data, (size_t)assets[i].len, asset_etags[i]);
	const struct asset *index = asset_find("web/index.html");
	index_csp(index ? (const char *)index->data : "", embedded_index_csp);
}

static void serve_bytes(http_req *r, const char *name, const unsigned char *data, size_t len, const char *etag,
                        const char *csp)
{
	if (csp) http_header_add(r, "Content-Security-Policy", csp);
	http_header_add(r, "ETag", etag);
	http_header_add(r, "Cache-Control", "no-cache");
	const char *inm = http_header_get(r, "If-None-Match");
	if (inm && strcmp(inm, etag) == 0) return http_reply(r, 304, NULL, "", 0);
	http_reply(r, 200, mime_type(name), (const char *)data, len);
}

static void serve_file(http_req *r, const char *name)
{
	if (r->app->web_dir && str_starts(name, "web/")) {
		if (strstr(name, "..")) return http_reply_error(r, 404, "not_found", NULL, "There is no such file.");
		char *path = xasprintf("%s/%s", r->app->web_dir, name + 4);
		size_t len;
		char *data = file_read_all(path, &len);
		free(path);
		if (data) {
			char etag[ETAG_LEN], csp[CSP_LEN];
			etag_of((const unsigned char *)data, len, etag);
			bool index = strcmp(name, "web/index.html") == 0;
			if (index) index_csp(data, csp);
			serve_bytes(r, name, (const unsigned char *)data, len, etag, index ? csp : NULL);
			free(data);
			return;
		}
	}
	pthread_once(&asset_once, asset_init);
	const struct asset *a = asset_find(name);
	if (!a) return http_reply_error(r, 404, "not_found", NULL, "There is no such file.");
	bool index = strcmp(name, "web/index.html") == 0;
	serve_bytes(r, name, a->data, (size_t)a->len, asset_etags[a - assets], index ? embedded_index_csp : NULL);
}

void web_index(http_req *r) { serve_file(r, "web/index.html"); }

void web_static(http_req *r)
{
	/* /static/app.js -> web/app.js; /static/vendor/preact/... -> node_modules/preact/... */
	const char *rest = r->url + strlen("/static/");
	char *name = str_starts(rest, "vendor/") ? xasprintf("node_modules/%s", rest + 7) : xasprintf("web/%s", rest);
	serve_file(r, name);
	free(name);
}
