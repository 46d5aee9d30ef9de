/*
** report_feedback_cli.c: the feedback report and public-records export on
** the command line.  `rapport report KIND` and `rapport export KIND` look
** KIND up in small tables, so other reports and exports can join them.
** An export is written to the audit log (actor "cli") like one over the API.
*/
#include "audit.h"
#include "cli.h"
#include "report.h"
#include "report_certification.h"
#include "report_feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens the store, checks the schema, finds the office; 0 on failure. */
static int64_t open_office(const char *db, const char *office, store **sp, store_conn **cp)
{
	*sp = cli_open_store(db);
	if (!*sp) return 0;
	if (store_schema_version(*sp) != store_latest_version()) {
		fprintf(stderr, "rapport: the database is at schema %d but this binary needs %d: run rapport migrate\n",
		        store_schema_version(*sp), store_latest_version());
		return 0;
	}
	*cp = store_acquire(*sp);
	if (!*cp) {
		fprintf(stderr, "rapport: the database is unavailable\n");
		return 0;
	}
	return cli_office_id(*cp, office);
}

static void close_store(store *s, store_conn *c)
{
	if (c) store_release(c);
	if (s) store_close(s);
}

static int report_feedback(int argc, char **argv)
{
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"},
		{"--office", "RAPPORT_OFFICE", true, "office id or short name", NULL},
		{"--from", NULL, true, "first local date, YYYY-MM-DD", NULL},
		{"--to", NULL, true, "last local date, YYYY-MM-DD (inclusive)", NULL},
		{"--json", NULL, false, "print the JSON the API returns instead of text", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts,
	                   "usage: rapport report feedback --from DATE --to DATE [--office OFFICE] [--json]\n\n"
	                   "Feedback received, acted on and closed by month, cycle, channel, topic, language\n"
	                   "and status, with median and 90th-percentile times to first action and to close,\n"
	                   "in the office's time zone (definitions: docs/openapi.yaml, feedback-summary).",
	                   pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *from = cli_get(opts, "--from"), *to = cli_get(opts, "--to");
	const char *why = report_period_problem(from, to);
	if (why) {
		fprintf(stderr, "rapport: %s\n", why);
		return 2;
	}
	store *s = NULL;
	store_conn *c = NULL;
	int64_t office = open_office(cli_get(opts, "--db"), cli_get(opts, "--office"), &s, &c);
	rc = 1;
	if (office && store_begin(c, office, STORE_READ) == STORE_OK) {
		int src;
		json_t *sum = feedback_summary(c, office, from, to, &src);
		store_rollback(c);
		if (sum) {
			if (cli_get(opts, "--json")) {
				char *j = json_dumps(sum, JSON_INDENT(2));
				printf("%s\n", j);
				free(j);
			} else {
				char *t = feedback_summary_text(sum);
				fputs(t, stdout);
				free(t);
			}
			json_decref(sum);
			rc = 0;
		} else {
			fprintf(stderr, "rapport: the report failed: %s\n", store_errmsg(c));
		}
	}
	close_store(s, c);
	return rc;
}

static int export_feedback(int argc, char **argv)
{
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"},
		{"--office", "RAPPORT_OFFICE", true, "office id or short name", NULL},
		{"--from", NULL, true, "first local date received, YYYY-MM-DD", NULL},
		{"--to", NULL, true, "last local date received, YYYY-MM-DD (inclusive)", NULL},
		{"--format", NULL, true, "csv or xlsx (default csv)", "csv"},
		{"--bom", NULL, false, "start a CSV with a byte-order mark (for Excel)", NULL},
		{"--out", NULL, true, "the file to write (must not exist)", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts,
	                   "usage: rapport export feedback --from DATE --to DATE --format csv|xlsx [--bom] --out FILE\n"
	                   "                               [--office OFFICE]\n\n"
	                   "The public-records export: contact details left out, personal details in free\n"
	                   "text replaced by [redacted: KIND]; the counts go to standard error and the\n"
	                   "audit log.",
	                   pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *from = cli_get(opts, "--from"), *to = cli_get(opts, "--to"), *format = cli_get(opts, "--format");
	const char *out = cli_get(opts, "--out");
	const char *why = report_period_problem(from, to);
	if (why || (!str_eq(format, "csv") && !str_eq(format, "xlsx")) || str_empty(out)) {
		fprintf(stderr, "rapport: %s\n", why ? why : str_empty(out) ? "say where to write with --out FILE" : "--format is csv or xlsx");
		return 2;
	}
	FILE *f = fopen(out, "wx");
	if (!f) {
		fprintf(stderr, "rapport: cannot create %s (it may exist already)\n", out);
		return 1;
	}
	store *s = NULL;
	store_conn *c = NULL;
	int64_t office = open_office(cli_get(opts, "--db"), cli_get(opts, "--office"), &s, &c);
	rc = 1;
	json_t *rows = NULL, *by_field = NULL;
	char *data = NULL, *err = NULL;
	size_t len = 0;
	redact_counts total;
	int src = STORE_ERROR;
	if (office && store_begin(c, office, STORE_WRITE) == STORE_OK)
		rows = feedback_export_rows(c, office, from, to, &total, &by_field, &src);
	if (rows) {
		export_table t = {feedback_export_cols, feedback_export_ncols, rows, "Feedback"};
		data = str_eq(format, "csv") ? export_csv(&t, cli_get(opts, "--bom") != NULL, &len) : export_xlsx(&t, &len, &err);
	}
	bool written = data && fwrite(data, 1, len, f) == len;
	if (fclose(f) != 0) written = false;   /* closed once, whatever happened */
	if (written) {
		audit_actor who = {.office_id = office, .user_id = 0, .actor = "cli", .request_id = NULL};
		json_t *counts = redact_counts_json(&total);
		json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:o, s:O, s:s}", "from", from, "to", to, "format", format,
		                          "rows", (json_int_t)json_array_size(rows), "redactions", counts,
		                          "redactions_by_field", by_field, "file", out);
		if (audit_record(c, &who, "export", "feedback", 0, NULL, after) == STORE_OK && store_commit(c) == STORE_OK) {
			fprintf(stderr, "wrote %zu rows to %s; redacted:", json_array_size(rows), out);
			const char *k;
			json_t *v;
			json_object_foreach(counts, k, v) fprintf(stderr, " %s %lld", k, (long long)json_integer_value(v));
			fprintf(stderr, "\n");
			rc = 0;
		}
		json_decref(after);
	} else if (office) {
		fprintf(stderr, "rapport: the export failed: %s\n", err ? err : rows ? "cannot write the file" : store_errmsg(c));
	}
	if (rc) remove(out);
	if (c && rc) store_rollback(c);
	free(data);
	free(err);
	json_decref(rows);
	json_decref(by_field);
	close_store(s, c);
	return rc;
}

static const struct {
	const char *kind;
	int (*run)(int argc, char **argv);
} reports[] = {{"feedback", report_feedback}, {"misconceptions", report_misconceptions_cli},
               {"continuity", cmd_report_continuity}, {"certification", report_certification_cli}},
  exports[] = {{"feedback", export_feedback}};

int cmd_report(int argc, char **argv)
{
	for (size_t i = 0; argc > 0 && i < countof(reports); i++)
		if (strcmp(argv[0], reports[i].kind) == 0) return reports[i].run(argc - 1, argv + 1);
	fprintf(stderr, "usage: rapport report KIND [OPTIONS]   (KIND: feedback, misconceptions, continuity, certification)\n");
	return 2;
}

int cmd_export(int argc, char **argv)
{
	for (size_t i = 0; argc > 0 && i < countof(exports); i++)
		if (strcmp(argv[0], exports[i].kind) == 0) return exports[i].run(argc - 1, argv + 1);
	fprintf(stderr, "usage: rapport export KIND [OPTIONS]   (KIND: feedback)\n");
	return 2;
}
