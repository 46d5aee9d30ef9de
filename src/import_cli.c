/*
** import_cli.c: rapport import partners|contacts FILE --office OFFICE ...
** Reads the file, runs the import (import.c) in one transaction as actor
** "cli", prints the report as text (or JSON with --json), and writes the
** failed rows to --failed-out so they can be fixed and imported again.
**
** Exit status: 0 when every row was imported, skipped or updated; 1 when
** the file was refused or some row failed (with --partial the good rows
** are written all the same); 2 for a usage mistake.
*/
#include "cli.h"
#include "import.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: rapport import partners FILE.csv --office OFFICE [OPTIONS]\n"
	"       rapport import contacts FILE.csv --office OFFICE [OPTIONS]\n\n"
	"Imports a spreadsheet saved as CSV (UTF-8; Excel: Save As > CSV UTF-8).  Headings are\n"
	"matched forgivingly (Organization, Org Name, Partner -> name; Type, Category -> subtype;\n"
	"Website, URL; Email, E-mail; Phone; Languages; Tags; Notes; Contact Name; Title ...).\n"
	"Contacts are linked to partners by a partner-name column (Organization, Partner).\n"
	"Duplicates (partners by name ignoring case and spaces, contacts by email) are skipped or\n"
	"updated, never created twice.  If any row fails nothing is written, unless --partial.\n"
	"An update fills in what the row gives; it never erases a value or changes a status.\n"
	"FILE may be - for standard input.";

static char *read_input(const char *path, size_t *len)
{
	if (strcmp(path, "-") != 0) return file_read_all(path, len);
	buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > IMPORT_MAX_BYTES + 1) break;
	}
	*len = b.len;
	return b.data ? buf_take(&b) : xstrdup("");
}

static void print_text(json_t *rep, const char *path)
{
	json_t *counts = json_object_get(rep, "counts");
	printf("%s import from %s%s: %lld rows\n", json_string_value(json_object_get(rep, "kind")), path,
	       json_is_true(json_object_get(rep, "dry_run")) ? " (dry run)" : "",
	       (long long)json_integer_value(json_object_get(counts, "rows")));
	printf("  created %lld, updated %lld, skipped %lld, failed %lld\n",
	       (long long)json_integer_value(json_object_get(counts, "created")),
	       (long long)json_integer_value(json_object_get(counts, "updated")),
	       (long long)json_integer_value(json_object_get(counts, "skipped")),
	       (long long)json_integer_value(json_object_get(counts, "failed")));
	size_t i;
	json_t *col;
	json_array_foreach(json_object_get(rep, "columns"), i, col)
		if (json_is_null(json_object_get(col, "field")))
			printf("  column %lld \"%s\" was not used\n", (long long)json_integer_value(json_object_get(col, "column")),
			       json_string_value(json_object_get(col, "heading")));
	json_t *row;
	json_array_foreach(json_object_get(rep, "rows"), i, row) {
		json_t *errors = json_object_get(row, "errors");
		if (!json_array_size(errors)) continue;
		const char *name = json_string_value(json_object_get(row, "name"));
		size_t k;
		json_t *e;
		json_array_foreach(errors, k, e)
			printf("  line %lld  %-7s  %s  %s: %s\n", (long long)json_integer_value(json_object_get(row, "line")),
			       json_string_value(json_object_get(row, "action")), name ? name : "(no name)",
			       json_string_value(json_object_get(e, "field")), json_string_value(json_object_get(e, "message")));
	}
	printf("%s\n", json_string_value(json_object_get(rep, "message")));
}

int cmd_import(int argc, char **argv)
{
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"},
		{"--office", "RAPPORT_OFFICE", true, "office id or short name", NULL},
		{"--map", NULL, true, "columns by hand: \"Org Name=name,Type=subtype,Internal ID=\" (empty ignores)", NULL},
		{"--dry-run", NULL, false, "check and report, write nothing", NULL},
		{"--on-duplicate", NULL, true, "skip (default) or update", "skip"},
		{"--partial", NULL, false, "write the good rows even when some fail", NULL},
		{"--failed-out", NULL, true, "write the failed rows (with line and errors) to this CSV file", NULL},
		{"--json", NULL, false, "print the report as JSON", NULL},
		{0},
	};
	const char *pos[2];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 2, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	import_opts o = {0};
	if (npos != 2 || (!str_eq(pos[0], "partners") && !str_eq(pos[0], "contacts"))) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	o.kind = str_eq(pos[0], "partners") ? IMPORT_PARTNERS : IMPORT_CONTACTS;
	if (!import_dup_parse(cli_get(opts, "--on-duplicate"), &o.on_duplicate)) {
		fprintf(stderr, "rapport: --on-duplicate is skip or update\n");
		return 2;
	}
	o.dry_run = cli_get(opts, "--dry-run") != NULL;
	o.partial = cli_get(opts, "--partial") != NULL;
	o.map = cli_get(opts, "--map");
	size_t len;
	char *data = read_input(pos[1], &len);
	if (!data) {
		fprintf(stderr, "rapport: cannot read %s: %s\n", pos[1], strerror(errno));
		return 1;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) {
		free(data);
		return 1;
	}
	store_conn *c = store_acquire(s);
	rc = 1;
	int64_t office = c ? cli_office_id(c, cli_get(opts, "--office")) : 0;
	if (!office) goto cleanup;
	audit_actor who = {.office_id = office, .user_id = 0, .actor = "cli", .request_id = NULL};
	import_outcome out;
	int src = store_begin(c, office, STORE_WRITE);
	if (src == STORE_OK) src = import_run(c, &who, data, len, &o, &out);
	if (src != STORE_OK) {
		store_rollback(c);
		fprintf(stderr, "rapport: the import stopped on a database error (%s); nothing was written\n", store_errmsg(c));
		goto cleanup;
	}
	if (out.refused) {
		store_rollback(c);
		fprintf(stderr, "rapport: %s\n", json_string_value(json_object_get(out.report, "message")));
		json_decref(out.report);
		goto cleanup;
	}
	if (out.commit && store_commit(c) != STORE_OK) {
		fprintf(stderr, "rapport: the import could not be saved (%s); nothing was written\n", store_errmsg(c));
		json_decref(out.report);
		goto cleanup;
	}
	if (!out.commit) store_rollback(c);
	const char *failed_csv = json_string_value(json_object_get(out.report, "failed_csv"));
	const char *failed_out = cli_get(opts, "--failed-out");
	if (failed_out && failed_csv) {
		FILE *f = fopen(failed_out, "wb");
		bool ok = f != NULL;
		/* with a byte-order mark, so Excel reads it as UTF-8 */
		if (f) {
			ok = fputs("\xEF\xBB\xBF", f) >= 0 && fputs(failed_csv, f) >= 0;
			ok = fclose(f) == 0 && ok;
		}
		if (!ok) fprintf(stderr, "rapport: cannot write %s: %s\n", failed_out, strerror(errno));
		else fprintf(stderr, "rapport: the failed rows are in %s\n", failed_out);
	}
	if (cli_get(opts, "--json")) {
		char *text = json_dumps(out.report, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
	} else {
		print_text(out.report, pos[1]);
	}
	rc = json_integer_value(json_object_get(json_object_get(out.report, "counts"), "failed")) ? 1 : 0;
	json_decref(out.report);
cleanup:
	if (c) store_release(c);
	store_close(s);
	free(data);
	return rc;
}
