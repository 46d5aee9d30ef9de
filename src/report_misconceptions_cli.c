/*
** report_misconceptions_cli.c: rapport report misconceptions: the
** misconception measures (report.h) on the command line, as text for
** people or --json for scripts (the API's shape).  Read-only: opens one
** read transaction on the office and prints.
**
**   rapport report misconceptions --from 2026-01-01 --to 2026-06-30 [--office OFFICE] [--json]
*/
#include "cli.h"
#include "report.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The office: --office (id or short name), or the only office there is. */
static int64_t report_office(store_conn *c, const char *office)
{
	if (!str_empty(office)) return cli_office_id(c, office);
	if (store_query_int(c, 0, "SELECT COUNT(*) FROM offices", "") == 1)
		return store_query_int(c, 0, "SELECT id FROM offices", "");
	fprintf(stderr, "rapport: this database has several offices; say which with --office\n");
	return 0;
}

static void print_hours(const char *label, json_t *o)
{
	json_t *med = json_object_get(o, "median_hours"), *p90 = json_object_get(o, "p90_hours");
	printf("  %-10s %4lld answered", label, (long long)json_integer_value(json_object_get(o, "count")));
	if (json_is_number(med))
		printf("   median %8.2f h   p90 %8.2f h\n", json_number_value(med), json_number_value(p90));
	else
		printf("   median        -     p90        -\n");
}

static void print_misconceptions(json_t *rep)
{
	printf("Misconceptions, %s to %s (as of %s)\n\n", json_string_value(json_object_get(rep, "from")),
	       json_string_value(json_object_get(rep, "to")), json_string_value(json_object_get(rep, "as_of")));
	printf("Time from first sighting to published response:\n");
	json_t *tt = json_object_get(rep, "time_to_response");
	print_hours("all", tt);
	const char *sevs[] = {"high", "medium", "low"};
	for (int i = 0; i < 3; i++) print_hours(sevs[i], json_object_get(json_object_get(rep, "by_severity"), sevs[i]));
	printf("  unanswered %lld\n\nBy month of first sighting:\n", (long long)json_integer_value(json_object_get(tt, "unanswered")));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(rep, "by_month"), i, m) print_hours(json_string_value(json_object_get(m, "month")), m);
	json_t *tg = json_object_get(rep, "targets");
	printf("\nAgainst target: %lld on time, %lld late, %lld open past target\n",
	       (long long)json_integer_value(json_object_get(tg, "answered_on_time")),
	       (long long)json_integer_value(json_object_get(tg, "answered_late")),
	       (long long)json_integer_value(json_object_get(tg, "open_past_target")));
	json_t *s = json_object_get(rep, "sightings");
	printf("Sightings: %lld over %lld claims", (long long)json_integer_value(json_object_get(s, "total")),
	       (long long)json_integer_value(json_object_get(s, "claims")));
	if (json_is_number(json_object_get(s, "mean_per_claim")))
		printf(" (mean %.2f, median %.1f, max %lld per claim)", json_number_value(json_object_get(s, "mean_per_claim")),
		       json_number_value(json_object_get(s, "median_per_claim")),
		       (long long)json_integer_value(json_object_get(s, "max_per_claim")));
	json_t *a = json_object_get(rep, "amplification");
	printf("\nAmplification: %lld partners asked, %lld shared (%lld asks, %lld shared)\n",
	       (long long)json_integer_value(json_object_get(a, "partners_asked")),
	       (long long)json_integer_value(json_object_get(a, "partners_shared")),
	       (long long)json_integer_value(json_object_get(a, "asks")),
	       (long long)json_integer_value(json_object_get(a, "asks_shared")));
}

int report_misconceptions_cli(int argc, char **argv)
{
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"},
		{"--office", "RAPPORT_OFFICE", true, "the office (id or short name); needed when there are several", NULL},
		{"--from", NULL, true, "first day, YYYY-MM-DD (default: a year before --to)", NULL},
		{"--to", NULL, true, "last day, YYYY-MM-DD (default: today, UTC)", NULL},
		{"--json", NULL, false, "print the report as JSON (the API's shape)", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, "usage: rapport report misconceptions [--from DATE] [--to DATE] [--office OFFICE] [--json]",
	                   pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	char now[ISO_TIME_LEN], from[11], to[11];
	time_now_iso(now);
	const char *f = cli_get(opts, "--from"), *t = cli_get(opts, "--to");
	if ((f && !date_valid(f)) || (t && !date_valid(t))) {
		fprintf(stderr, "rapport: --from and --to are dates written YYYY-MM-DD\n");
		return 2;
	}
	snprintf(to, sizeof to, "%.10s", t ? t : now);
	if (f) snprintf(from, sizeof from, "%s", f);
	else {
		int64_t secs;
		time_parse_iso(to, &secs);
		char d[ISO_TIME_LEN];
		time_iso_from_epoch(secs - 364 * 86400, d);
		snprintf(from, sizeof from, "%.10s", d);
	}
	if (strcmp(from, to) > 0) {
		fprintf(stderr, "rapport: --from (%s) is after --to (%s)\n", from, to);
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	if (store_schema_version(s) != store_latest_version()) {
		fprintf(stderr, "rapport: the database is at schema %d but this binary needs %d: run rapport migrate\n",
		        store_schema_version(s), store_latest_version());
		store_close(s);
		return 1;
	}
	store_conn *c = store_acquire(s);
	rc = 1;
	int64_t office = c ? report_office(c, cli_get(opts, "--office")) : 0;
	if (office && store_begin(c, office, STORE_READ) == STORE_OK) {
		json_t *rep = report_misconceptions(c, office, from, to, time_now_secs());
		store_rollback(c);
		if (rep) {
			if (cli_get(opts, "--json")) {
				char *out = json_dumps(rep, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
				printf("%s\n", out);
				free(out);
			} else {
				print_misconceptions(rep);
			}
			json_decref(rep);
			rc = 0;
		} else {
			fprintf(stderr, "rapport: the report failed: %s\n", store_errmsg(c));
		}
	}
	if (c) store_release(c);
	store_close(s);
	return rc;
}
