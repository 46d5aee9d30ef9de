/*
** api_stats.c: office-wide statistics for the dashboard, so the UI draws its
** charts from one request instead of reading every partner's timeline.
**
** GET /api/v1/stats/interactions?from=YYYY-MM-DD&to=YYYY-MM-DD (viewer):
** the office's interactions dated from..to inclusive, by month, by type and
** by direction, with reciprocity (what the office gave against what the
** partners gave, and how many partners gave and received in the period).
**
** Definitions:
**   month        an interaction's occurred_on is the office's local date it
**                happened on, so its month is that date's "YYYY-MM".
**   defaults     to = today in the office's time zone; from = the first day
**                of the month eleven months before to's month (twelve whole
**                or partial months ending today).
**   office_gave  interactions whose direction is office_gave or both.
**   partner_gave interactions whose direction is partner_gave or both.
**   partners_reciprocal  partners with at least one interaction the office
**                gave in and one the partner gave in, within the period.
** Only the caller's office is counted; nothing here writes.
*/
#include "api.h"
#include "domain.h"
#include "feedback.h"
#include "handlers.h"
#include "report_feedback.h"

#include <stdlib.h>
#include <string.h>

static int count_of(const char *const *list)
{
	int n = 0;
	while (list[n]) n++;
	return n;
}

static int index_of(const char *const *list, const char *v)
{
	for (int i = 0; v && list[i]; i++)
		if (str_eq(list[i], v)) return i;
	return -1;
}

/* Months between from's month and ym ("YYYY-MM..."), 0 for the same. */
static int month_offset(const char *from, const char *ym)
{
	return (atoi(ym) - atoi(from)) * 12 + (atoi(ym + 5) - atoi(from + 5));
}

/* A JSON array of n integers. */
static json_t *int_array(const int64_t *v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(a, json_integer((json_int_t)v[i]));
	return a;
}

/* The statistics for a checked period (see the top of the file).  NULL on
** a store error (*rc set).  Caller decrefs. */
static json_t *interaction_stats(store_conn *c, int64_t office, const char *from, const char *to,
                                 const char *zone, int *rc)
{
	int ntypes = count_of(interaction_types), ndirs = count_of(interaction_directions);
	int nmonths = month_offset(from, to) + 1;
	int64_t *by_type = xcalloc((size_t)(ntypes * nmonths), sizeof *by_type);
	int64_t *by_dir = xcalloc((size_t)(ndirs * nmonths), sizeof *by_dir);
	int64_t *total = xcalloc((size_t)nmonths, sizeof *total);
	int64_t *office_gave = xcalloc((size_t)nmonths, sizeof *office_gave);
	int64_t *partner_gave = xcalloc((size_t)nmonths, sizeof *partner_gave);
	int64_t all = 0, all_office = 0, all_partner = 0;
	json_t *out = NULL;
	*rc = STORE_OK;

	store_stmt *st = store_prepare(c,
	    "SELECT substr(occurred_on, 1, 7) AS month, type, direction, COUNT(*) AS n FROM interactions"
	    " WHERE office_id = ? AND occurred_on >= ? AND occurred_on <= ?"
	    " GROUP BY substr(occurred_on, 1, 7), type, direction");
	store_bind(st, "itt", office, from, to);
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *ym = store_col_text(st, 0);
		if (!ym || strlen(ym) != 7) continue;
		int m = month_offset(from, ym);
		int ti = index_of(interaction_types, store_col_text(st, 1));
		int di = index_of(interaction_directions, store_col_text(st, 2));
		int64_t n = store_col_int(st, 3);
		if (m < 0 || m >= nmonths || ti < 0 || di < 0) continue;
		by_type[ti * nmonths + m] += n;
		by_dir[di * nmonths + m] += n;
		total[m] += n;
		all += n;
		const char *d = interaction_directions[di];
		if (str_eq(d, "office_gave") || str_eq(d, "both")) {
			office_gave[m] += n;
			all_office += n;
		}
		if (str_eq(d, "partner_gave") || str_eq(d, "both")) {
			partner_gave[m] += n;
			all_partner += n;
		}
	}
	store_reset(st);
	if (step != STORE_DONE) {
		*rc = step;
		goto cleanup;
	}

	/* COUNT always answers one row: -1 means the store failed. */
	int64_t touched = store_query_int(c, -1,
	    "SELECT COUNT(DISTINCT partner_id) FROM interactions WHERE office_id = ? AND occurred_on >= ? AND occurred_on <= ?",
	    "itt", office, from, to);
	int64_t reciprocal = store_query_int(c, -1,
	    "SELECT COUNT(*) FROM (SELECT partner_id FROM interactions"
	    " WHERE office_id = ? AND occurred_on >= ? AND occurred_on <= ? GROUP BY partner_id"
	    " HAVING SUM(CASE WHEN direction IN ('office_gave', 'both') THEN 1 ELSE 0 END) > 0"
	    " AND SUM(CASE WHEN direction IN ('partner_gave', 'both') THEN 1 ELSE 0 END) > 0) x",
	    "itt", office, from, to);
	if (touched < 0 || reciprocal < 0) {
		*rc = STORE_ERROR;
		goto cleanup;
	}

	json_t *months = json_array(), *by_month = json_array();
	for (int i = 0; i < nmonths; i++) {
		int y = atoi(from), mo = atoi(from + 5) + i;
		y += (mo - 1) / 12;
		mo = (mo - 1) % 12 + 1;
		char ym[16];
		snprintf(ym, sizeof ym, "%04d-%02d", y % 10000, mo % 100);
		json_array_append_new(months, json_string(ym));
		json_array_append_new(by_month, json_pack("{s:s, s:I, s:I, s:I}", "month", ym, "count", (json_int_t)total[i],
		                                          "office_gave", (json_int_t)office_gave[i], "partner_gave",
		                                          (json_int_t)partner_gave[i]));
	}
	json_t *types = json_array();
	for (int k = 0; k < ntypes; k++) {
		int64_t sum = 0;
		for (int i = 0; i < nmonths; i++) sum += by_type[k * nmonths + i];
		json_array_append_new(types, json_pack("{s:s, s:I, s:o}", "type", interaction_types[k], "count", (json_int_t)sum,
		                                       "by_month", int_array(&by_type[k * nmonths], nmonths)));
	}
	json_t *dirs = json_array();
	for (int k = 0; k < ndirs; k++) {
		int64_t sum = 0;
		for (int i = 0; i < nmonths; i++) sum += by_dir[k * nmonths + i];
		json_array_append_new(dirs, json_pack("{s:s, s:I, s:o}", "direction", interaction_directions[k], "count",
		                                      (json_int_t)sum, "by_month", int_array(&by_dir[k * nmonths], nmonths)));
	}
	out = json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I}}", "from", from, "to", to,
	                "timezone", zone, "months", months, "total", (json_int_t)all, "by_month", by_month, "by_type",
	                types, "by_direction", dirs, "reciprocity", "office_gave", (json_int_t)all_office,
	                "partner_gave", (json_int_t)all_partner, "partners_touched", (json_int_t)touched,
	                "partners_reciprocal", (json_int_t)reciprocal);

cleanup:
	free(by_type);
	free(by_dir);
	free(total);
	free(office_gave);
	free(partner_gave);
	return out;
}

/* GET /api/v1/stats/interactions?from=&to= (viewer). */
void api_stats_interactions(http_req *r)
{
	const char *qfrom, *qto;
	if (!api_query_date(r, "from", &qfrom) || !api_query_date(r, "to", &qto)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	const tz_zone *z = feedback_office_zone(c, office);
	char today[11], from[24], to[24];
	tz_local_date(z, time_now_secs(), today);
	snprintf(to, sizeof to, "%s", qto ? qto : today);
	if (qfrom) {
		snprintf(from, sizeof from, "%s", qfrom);
	} else {
		int y = atoi(to), m = atoi(to + 5) - 11;
		if (m < 1) {
			m += 12;
			y--;
		}
		snprintf(from, sizeof from, "%04d-%02d-01", y % 10000, m % 100);
	}
	const char *why = report_period_problem(from, to);
	if (why) {
		store_rollback(c);
		return http_reply_error(r, 422, "validation.range", qfrom ? "from" : "to", "%s", why);
	}
	int rc;
	json_t *s = interaction_stats(c, office, from, to, tz_name(z), &rc);
	if (!s) return api_fail(r, rc);
	api_read_reply(r, s);
}
