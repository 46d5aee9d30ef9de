/*
** report_misconceptions.c: how timely and how far the office's answers to
** misconceptions went, for a period; GET /api/v1/reports/misconceptions.
**
** Definitions (kept in docs/openapi.yaml too):
**  - The claims of a period are the office's claims (merged ones excluded)
**    whose first sighting falls between from 00:00:00Z and to 23:59:59Z.
**  - Time to response of a claim is its first publication minus its first
**    sighting.  Claims not yet published have none; they are counted as
**    unanswered, never as zero or as "now".
**  - median: the middle value, or the mean of the two middle values;
**    p90: the nearest-rank 90th percentile (rank ceil(0.9 n) of the sorted
**    values).  Hours are rounded to two decimals after computing.
**  - By month means the UTC month of the first sighting.
**  - Open past target: claims of the period with no publication, not
**    dismissed or closed, whose age now exceeds the office's target for
**    their severity.  Answered late: published after the target.
**  - Sightings per claim: every sighting of the period's claims.
**  - Amplification: asks made in the period (whatever the claim's date);
**    a partner shared when any of its asks in the period is marked shared.
*/
#include "handlers.h"
#include "misconceptions.h"
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *hours_or_null(double secs)
{
	return json_real(round(secs / 36.0) / 100.0);
}

/* {count, median_hours, p90_hours} of the durations (seconds) in v. */
static json_t *duration_stats(double *v, size_t n)
{
	json_t *o = json_pack("{s:I}", "count", (json_int_t)n);
	json_object_set_new(o, "median_hours", n ? hours_or_null(stats_median(v, n)) : json_null());
	json_object_set_new(o, "p90_hours", n ? hours_or_null(stats_percentile(v, n, 90)) : json_null());
	return o;
}

typedef struct claim_row {
	char month[8];
	int severity;        /* claim_severity_rank */
	bool answered;
	double secs;         /* time to response when answered */
} claim_row;

json_t *report_misconceptions(store_conn *c, int64_t office_id, const char *from, const char *to, int64_t now)
{
	char start[ISO_TIME_LEN], end[ISO_TIME_LEN];
	int64_t to_secs;
	if (!time_parse_iso(to, &to_secs)) return NULL;
	snprintf(start, sizeof start, "%sT00:00:00Z", from);
	time_iso_from_epoch(to_secs + 86400, end);
	claim_targets t = claim_targets_get(c, office_id);
	int rc;
	json_t *claims = store_query_rows(c, &rc,
	    "SELECT c.id, c.statement, c.severity, c.status, c.first_seen_at, c.published_at,"
	    " (SELECT COUNT(*) FROM sightings s WHERE s.office_id = c.office_id AND s.claim_id = c.id) AS sightings"
	    " FROM claims c WHERE c.office_id = ? AND c.merged_into_id IS NULL"
	    " AND c.first_seen_at >= ? AND c.first_seen_at < ? ORDER BY c.first_seen_at, c.id",
	    "itt", office_id, start, end);
	if (!claims) return NULL;
	size_t n = json_array_size(claims);
	claim_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	double *all = xcalloc(n ? n : 1, sizeof *all), *sev[3], *spc = xcalloc(n ? n : 1, sizeof *spc);
	size_t nall = 0, nsev[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++) sev[k] = xcalloc(n ? n : 1, sizeof(double));
	int64_t late = 0, on_time = 0, unanswered = 0, total_sightings = 0, max_sightings = 0;
	json_t *open_past = json_array();
	size_t i;
	json_t *cl;
	json_array_foreach(claims, i, cl) {
		claim_row *cr = &rows[i];
		const char *severity = json_string_value(json_object_get(cl, "severity"));
		const char *status = json_string_value(json_object_get(cl, "status"));
		const char *seen_s = json_string_value(json_object_get(cl, "first_seen_at"));
		const char *pub_s = json_string_value(json_object_get(cl, "published_at"));
		int64_t seen = 0, pub = 0, target = claim_target_hours(&t, severity) * 3600;
		time_parse_iso(seen_s, &seen);
		snprintf(cr->month, sizeof cr->month, "%.7s", seen_s);
		cr->severity = claim_severity_rank(severity);
		int64_t sc = json_integer_value(json_object_get(cl, "sightings"));
		total_sightings += sc;
		if (sc > max_sightings) max_sightings = sc;
		spc[i] = (double)sc;
		if (pub_s && time_parse_iso(pub_s, &pub)) {
			cr->answered = true;
			cr->secs = (double)(pub - seen);
			all[nall++] = cr->secs;
			sev[cr->severity][nsev[cr->severity]++] = cr->secs;
			if (pub - seen > target) late++;
			else on_time++;
		} else if (!str_eq(status, "dismissed") && !str_eq(status, "closed")) {
			unanswered++;
			if (now - seen > target)
				json_array_append_new(open_past, json_pack("{s:O, s:O, s:s, s:s, s:o, s:I}", "id", json_object_get(cl, "id"),
				    "statement", json_object_get(cl, "statement"), "severity", severity, "first_seen_at", seen_s,
				    "hours_open", hours_or_null((double)(now - seen)), "target_hours", (json_int_t)(target / 3600)));
		}
	}
	json_t *by_sev = json_object();
	for (int k = 2; k >= 0; k--)
		json_object_set_new(by_sev, claim_severities[k], duration_stats(sev[k], nsev[k]));
	/* By month: rows are in first_seen_at order, so each month is one run. */
	json_t *by_month = json_array();
	double *mv = xcalloc(n ? n : 1, sizeof *mv);
	for (size_t a = 0; a < n;) {
		size_t b = a, m = 0;
		int64_t claims_in_month = 0;
		while (b < n && strcmp(rows[b].month, rows[a].month) == 0) {
			claims_in_month++;
			if (rows[b].answered) mv[m++] = rows[b].secs;
			b++;
		}
		json_t *o = duration_stats(mv, m);
		json_object_set_new(o, "month", json_string(rows[a].month));
		json_object_set_new(o, "claims", json_integer(claims_in_month));
		json_array_append_new(by_month, o);
		a = b;
	}
	free(mv);
	json_t *overall = duration_stats(all, nall);
	json_object_set_new(overall, "unanswered", json_integer(unanswered));
	json_t *sightings = json_pack("{s:I, s:I, s:I}", "total", (json_int_t)total_sightings, "claims", (json_int_t)n,
	                              "max_per_claim", (json_int_t)max_sightings);
	json_object_set_new(sightings, "mean_per_claim", n ? json_real(round((double)total_sightings / (double)n * 100) / 100) : json_null());
	json_object_set_new(sightings, "median_per_claim", n ? json_real(stats_median(spc, n)) : json_null());

	json_t *amp = store_query_row(c, &rc,
	    "SELECT COUNT(*) AS asks, COUNT(DISTINCT partner_id) AS partners_asked,"
	    " COUNT(DISTINCT CASE WHEN shared = 'yes' THEN partner_id END) AS partners_shared,"
	    " coalesce(SUM(CASE WHEN shared = 'yes' THEN 1 ELSE 0 END), 0) AS asks_shared"
	    " FROM amplification_asks WHERE office_id = ? AND asked_at >= ? AND asked_at < ?",
	    "itt", office_id, start, end);
	json_t *out = NULL;
	if (amp) {
		int64_t asked = json_integer_value(json_object_get(amp, "partners_asked"));
		int64_t shared = json_integer_value(json_object_get(amp, "partners_shared"));
		json_object_set_new(amp, "share_rate", asked ? json_real(round((double)shared / (double)asked * 1000) / 1000) : json_null());
		char at[ISO_TIME_LEN];
		time_iso_from_epoch(now, at);
		out = json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:I}, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:o}, s:o, s:o}",
		    "from", from, "to", to, "as_of", at,
		    "target_hours", "high", (json_int_t)t.high, "medium", (json_int_t)t.medium, "low", (json_int_t)t.low,
		    "time_to_response", overall, "by_severity", by_sev, "by_month", by_month,
		    "targets", "answered_on_time", (json_int_t)on_time, "answered_late", (json_int_t)late,
		    "open_past_target", (json_int_t)json_array_size(open_past), "open_past_target_items", open_past,
		    "sightings", sightings, "amplification", amp);
	} else {
		json_decref(overall);
		json_decref(by_sev);
		json_decref(by_month);
		json_decref(open_past);
		json_decref(sightings);
	}
	json_decref(claims);
	free(rows);
	free(all);
	free(spc);
	for (int k = 0; k < 3; k++) free(sev[k]);
	return out;
}

/* The period from ?from= and ?to=: both default to the twelve months ending
** today.  Replies 422 and returns false when they are unusable. */
static bool period(http_req *r, char from[11], char to[11])
{
	const char *f, *tt;
	if (!api_query_date(r, "from", &f) || !api_query_date(r, "to", &tt)) return false;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	snprintf(to, 11, "%.10s", tt ? tt : now);
	if (f) snprintf(from, 11, "%s", f);
	else {
		int64_t secs;
		time_parse_iso(to, &secs);
		char d[ISO_TIME_LEN];
		time_iso_from_epoch(secs - 364 * 86400, d);
		snprintf(from, 11, "%.10s", d);
	}
	if (strcmp(from, to) > 0) {
		http_reply_error(r, 422, "validation.range", "from", "from must not be after to.");
		return false;
	}
	return true;
}

void api_report_misconceptions(http_req *r)
{
	char from[11], to[11];
	if (!period(r, from, to)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *rep = report_misconceptions(c, r->caller.office_id, from, to, time_now_secs());
	if (!rep) return api_fail(r, STORE_ERROR);
	api_read_reply(r, rep);
}
