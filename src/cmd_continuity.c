/*
** cmd_continuity.c: the continuity commands.
**   rapport user handover EMAIL --to EMAIL [--backup-to EMAIL] [--dry-run]
**       (reached through cmd_user in cli.c)
**   rapport report continuity --office OFFICE [--band B] [--json]
** Both use the same code as the API (handover.c, report_continuity.c); the
** handover is one transaction, audited as actor "cli".
*/
#include "cli.h"
#include "handover.h"
#include "report_continuity.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DB_OPT {"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"}

static int64_t user_by_email(store_conn *c, const char *email, int64_t office, int64_t *office_out)
{
	char *lower = xstrdup(email ? email : "");
	str_lower_ascii(lower);
	json_t *u = office ? store_query_row(c, NULL, "SELECT id, office_id FROM users WHERE email = ? AND office_id = ?",
	                                     "ti", lower, office)
	                   : store_query_row(c, NULL, "SELECT id, office_id FROM users WHERE email = ?", "t", lower);
	free(lower);
	int64_t id = json_integer_value(json_object_get(u, "id"));
	if (office_out) *office_out = json_integer_value(json_object_get(u, "office_id"));
	json_decref(u);
	if (!id) fprintf(stderr, "rapport: there is no user %s%s\n", email, office ? " in the same office" : "");
	return id;
}

static void print_holdings(json_t *holdings, bool moved)
{
	const char *kind;
	json_t *items;
	json_object_foreach(holdings, kind, items) {
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) {
			const char *what = json_string_value(json_object_get(it, "partner_name"));
			if (!what) what = json_string_value(json_object_get(it, "title"));
			const char *to = json_string_value(json_object_get(it, "to_user_name"));
			printf("  %-26s %-40s %s %s\n", kind, what ? what : "", moved ? "->" : "would go to",
			       to ? to : "(nobody: name a successor)");
		}
	}
}

int cmd_user_handover(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport user handover EMAIL --to EMAIL [--backup-to EMAIL] [--dry-run]\n\n"
		"Hands everything EMAIL holds (liaison roles, open follow-ups, advisory roles) to\n"
		"successors in one transaction, notes it on each partner, and deactivates the\n"
		"account.  Where EMAIL is a primary liaison with an active backup, the backup\n"
		"becomes primary and --backup-to (default --to) becomes the backup.  --dry-run\n"
		"shows what would move and changes nothing.";
	cli_opt opts[] = {DB_OPT,
	                  {"--to", NULL, true, "the successor's email", NULL},
	                  {"--backup-to", NULL, true, "who takes backup roles (default: --to)", NULL},
	                  {"--dry-run", NULL, false, "show what would move; change nothing", NULL},
	                  {0}};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 1, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	if (npos != 1 || str_empty(cli_get(opts, "--to"))) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	store_conn *c = store_acquire(s);
	rc = 1;
	json_t *errors = json_array(), *out = NULL;
	handover_req h = {0};
	if (!c) goto cleanup;
	if (!(h.from_user_id = user_by_email(c, pos[0], 0, &h.office_id))) goto cleanup;
	if (!(h.to_user_id = user_by_email(c, cli_get(opts, "--to"), h.office_id, NULL))) goto cleanup;
	if (cli_get(opts, "--backup-to") &&
	    !(h.backup_to_user_id = user_by_email(c, cli_get(opts, "--backup-to"), h.office_id, NULL)))
		goto cleanup;
	if (store_begin(c, h.office_id, STORE_WRITE) != STORE_OK) {
		fprintf(stderr, "rapport: %s\n", store_errmsg(c));
		goto cleanup;
	}
	bool not_found;
	if (!handover_check(c, &h, &not_found, errors)) {
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e) fprintf(stderr, "rapport: %s: %s\n", json_string_value(json_object_get(e, "field")),
		                                         json_string_value(json_object_get(e, "message")));
		store_rollback(c);
		goto cleanup;
	}
	if (cli_get(opts, "--dry-run")) {
		out = handover_preview(c, &h);
		store_rollback(c);
		if (!out) goto cleanup;
		printf("%s holds %lld item%s (dry run: nothing changed):\n", pos[0],
		       (long long)json_integer_value(json_object_get(out, "total")),
		       json_integer_value(json_object_get(out, "total")) == 1 ? "" : "s");
		print_holdings(json_object_get(out, "holdings"), false);
		rc = 0;
		goto cleanup;
	}
	audit_actor who = {.office_id = h.office_id, .user_id = 0, .actor = "cli", .request_id = NULL};
	int src = handover_apply(c, &who, &h, &out);
	if (src == STORE_OK) src = store_commit(c);
	if (src != STORE_OK) {
		store_rollback(c);
		fprintf(stderr, "rapport: the handover failed and nothing was changed: %s\n", store_errmsg(c));
		goto cleanup;
	}
	printf("handover #%lld: %zu item%s moved, %lld partner%s noted; %s is deactivated\n",
	       (long long)json_integer_value(json_object_get(out, "handover_id")),
	       json_array_size(json_object_get(out, "moved")), json_array_size(json_object_get(out, "moved")) == 1 ? "" : "s",
	       (long long)json_integer_value(json_object_get(out, "partners_noted")),
	       json_integer_value(json_object_get(out, "partners_noted")) == 1 ? "" : "s", pos[0]);
	json_t *by_kind = json_object();
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(out, "moved"), i, it) {
		const char *kind = json_string_value(json_object_get(it, "kind"));
		if (!json_object_get(by_kind, kind)) json_object_set_new(by_kind, kind, json_array());
		json_array_append(json_object_get(by_kind, kind), it);
	}
	print_holdings(by_kind, true);
	json_decref(by_kind);
	rc = 0;
cleanup:
	json_decref(errors);
	json_decref(out);
	if (c) store_release(c);
	store_close(s);
	return rc;
}

int cmd_report_continuity(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport report continuity --office OFFICE [--band warning|overdue] [--limit N] [--json]\n\n"
		"The continuity-risk list: active partners at risk, most at risk first, each with\n"
		"its reasons (no backup liaison, inactive liaison, one contact, unverified or\n"
		"bounced contacts, no touch within the cadence, overdue follow-ups).";
	cli_opt opts[] = {DB_OPT,
	                  {"--office", "RAPPORT_OFFICE", true, "office id or short name", NULL},
	                  {"--band", NULL, true, "only warning or only overdue", NULL},
	                  {"--limit", NULL, true, "most partners listed (default 200)", "200"},
	                  {"--json", NULL, false, "print the JSON the API answers", NULL},
	                  {0}};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 1, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *band = cli_get(opts, "--band");
	int64_t limit;
	/* Reached as "rapport report continuity ..." through the reports table
	** (the word already taken off) or with the word still in front. */
	if ((npos == 1 && strcmp(pos[0], "continuity") != 0) || (band && !str_eq(band, "warning") && !str_eq(band, "overdue")) ||
	    !str_parse_int64(cli_get(opts, "--limit"), &limit) || limit < 1 || limit > 1000000) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	store_conn *c = store_acquire(s);
	rc = 1;
	json_t *out = NULL;
	if (!c) goto cleanup;
	int64_t office = cli_office_id(c, cli_get(opts, "--office"));
	if (!office || store_begin(c, office, STORE_READ) != STORE_OK) goto cleanup;
	cont_risk_filter f = {.band = band, .limit = (int)limit};
	int src;
	out = continuity_risks(c, office, &f, &src);
	store_rollback(c);
	if (!out) {
		fprintf(stderr, "rapport: the report failed: %s\n", store_errmsg(c));
		goto cleanup;
	}
	if (cli_get(opts, "--json")) {
		char *txt = json_dumps(out, JSON_INDENT(2));
		printf("%s\n", txt);
		free(txt);
	} else {
		printf("continuity risk as of %s: %lld of %lld active partners at risk (%lld overdue, %lld warning)\n",
		       json_string_value(json_object_get(out, "as_of")),
		       (long long)json_integer_value(json_object_get(out, "at_risk")),
		       (long long)json_integer_value(json_object_get(out, "partners_checked")),
		       (long long)json_integer_value(json_object_get(out, "overdue")),
		       (long long)json_integer_value(json_object_get(out, "warning")));
		size_t i, k;
		json_t *it, *rs;
		json_array_foreach(json_object_get(out, "items"), i, it) {
			printf("%4lld  %-8s %3lld  %s\n", (long long)json_integer_value(json_object_get(it, "rank")),
			       json_string_value(json_object_get(it, "band")),
			       (long long)json_integer_value(json_object_get(it, "points")),
			       json_string_value(json_object_get(it, "name")));
			json_array_foreach(json_object_get(it, "reasons"), k, rs)
				printf("                 - %s\n", json_string_value(json_object_get(rs, "message")));
		}
	}
	rc = 0;
cleanup:
	json_decref(out);
	if (c) store_release(c);
	store_close(s);
	return rc;
}
