/*
** report_certification_cli.c: rapport report certification: writes the
** Community Relationships evidence packet for a period as HTML, PDF, JSON or
** a ZIP (with the redacted feedback export and a SHA-256 manifest).  The
** export is recorded in the audit log as actor "cli".
*/
#include "audit.h"
#include "cli.h"
#include "report_certification.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int report_certification_cli(int argc, char **argv)
{
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"},
		{"--office", "RAPPORT_OFFICE", true, "the office (id or short name)", NULL},
		{"--from", NULL, true, "first day, YYYY-MM-DD", NULL},
		{"--to", NULL, true, "last day, YYYY-MM-DD", NULL},
		{"--format", NULL, true, "html, pdf, json or zip (default pdf)", "pdf"},
		{"--out", NULL, true, "file to write", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts,
	                   "usage: rapport report certification --office OFFICE --from DATE --to DATE\n"
	                   "                                    [--format html|pdf|json|zip] --out FILE",
	                   pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *from = cli_get(opts, "--from"), *to = cli_get(opts, "--to"), *out_path = cli_get(opts, "--out");
	const char *format = cli_get(opts, "--format");
	if (!date_valid(from) || !date_valid(to) || strcmp(from, to) > 0) {
		fprintf(stderr, "rapport: give --from and --to as dates YYYY-MM-DD, from on or before to\n");
		return 2;
	}
	if (str_empty(out_path)) {
		fprintf(stderr, "rapport: say where to write the packet with --out FILE\n");
		return 2;
	}
	if (!str_eq(format, "html") && !str_eq(format, "pdf") && !str_eq(format, "json") && !str_eq(format, "zip")) {
		fprintf(stderr, "rapport: --format is html, pdf, json or zip\n");
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	store_conn *c = store_acquire(s);
	rc = 1;
	int64_t office = c ? cli_office_id(c, cli_get(opts, "--office")) : 0;
	if (!office || store_begin(c, office, STORE_WRITE) != STORE_OK) goto cleanup;
	int src;
	json_t *doc = certification_build(c, office, from, to, &src);
	if (!doc) {
		fprintf(stderr, "rapport: the packet could not be built: %s\n", store_errmsg(c));
		goto cleanup;
	}
	buf out = BUF_INIT;
	char *err = NULL;
	if (!certification_render(c, office, doc, format, &out, &err)) {
		fprintf(stderr, "rapport: %s\n", err ? err : "rendering failed");
		free(err);
	} else {
		audit_actor who = {.office_id = office, .actor = "cli"};
		json_t *what = json_pack("{s:s, s:s, s:s}", "format", format, "from", from, "to", to);
		FILE *f = fopen(out_path, "wb");
		bool ok = f && fwrite(out.data, 1, out.len, f) == out.len;
		if (f && fclose(f) != 0) ok = false;
		if (!ok) fprintf(stderr, "rapport: cannot write %s\n", out_path);
		else if (audit_record(c, &who, "export", "certification_packet", 0, NULL, what) == STORE_OK &&
		         store_commit(c) == STORE_OK) {
			printf("wrote %s (%zu bytes)\n", out_path, out.len);
			rc = 0;
		}
		json_decref(what);
	}
	buf_free(&out);
	json_decref(doc);
cleanup:
	if (c) store_release(c);
	store_close(s);
	return rc;
}
