/* test_report_feedback.c: the feedback summary against hand-computed
** numbers: month and cycle boundaries in the office's time zone (America/
** Denver, across the March DST change), medians of odd and even counts,
** nearest-rank 90th percentiles, and the workflow and cycle rules. */
#include "testutil.h"

#include <math.h>

#include "feedback.h"
#include "feedback_rollup.h"
#include "report.h"
#include "report_feedback.h"
#include "seed.h"

static int64_t office;

static void add(store_conn *c, int seq, const char *received, const char *channel, const char *lang,
                const char *status, int64_t first, int64_t acted, int64_t closed)
{
	int64_t t;
	assert_true(time_parse_iso(received, &t));
	char f[ISO_TIME_LEN], a[ISO_TIME_LEN], cl[ISO_TIME_LEN], ref[32];
	time_iso_from_epoch(t + first, f);
	time_iso_from_epoch(t + acted, a);
	time_iso_from_epoch(t + closed, cl);
	snprintf(ref, sizeof ref, "FB-2026-%06d", seq);
	assert_int_equal(store_exec(c,
	    "INSERT INTO feedback(office_id, reference, ref_year, ref_seq, received_at, channel, source, language, body,"
	    " status, first_action_at, action_taken_at, closed_at, created_at, updated_at)"
	    " VALUES (?, ?, 2026, ?, ?, ?, 'voter', ?, 'text', ?, ?, ?, ?, ?, ?)",
	    "itdttttttttt", office, ref, seq, received, channel, lang, status, first >= 0 ? f : NULL,
	    acted >= 0 ? a : NULL, closed >= 0 ? cl : NULL, received, received), 1);
}

static store *setup(store_conn **cp)
{
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	office = store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, timezone, created_at) VALUES ('Denver', 'denver', 'America/Denver',"
	    " '2026-01-01T00:00:00Z') RETURNING id", "");
	/* The office's rows are written in its own transaction (row-level security on PostgreSQL). */
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, office, STORE_WRITE), STORE_OK);
	seed_office_defaults(c, office);
	store_exec(c, "INSERT INTO elections(office_id, name, election_date, type, created_at, updated_at)"
	              " VALUES (?, 'Primary', '2026-05-05', 'primary', 'x', 'x')", "i", office);
	/* Hours in seconds; -1: not reached. */
	add(c, 1, "2026-03-01T06:59:59Z", "phone", "en", "new", -1, -1, -1);             /* Feb 28 local: outside */
	add(c, 2, "2026-03-01T07:00:00Z", "phone", "en", "closed", 3600, 3600, 7200);     /* B: Mar, off */
	add(c, 3, "2026-03-06T07:00:00Z", "phone", "es", "action_taken", 600, 600, -1);  /* C: Mar, on (first day) */
	add(c, 4, "2026-03-06T06:59:59Z", "email", "en", "new", -1, -1, -1);             /* D: Mar 5 local, off */
	add(c, 5, "2026-04-01T05:59:59Z", "web_form", "es", "closed_no_action", 86400, -1, 86400); /* E: Mar 31 MDT, on */
	add(c, 6, "2026-04-01T06:00:00Z", "phone", "en", "closed", 1800, 1800, 172800);   /* F: Apr, on */
	add(c, 7, "2026-05-01T05:59:59Z", "email", "vi", "triaged", 120, -1, -1);         /* G: Apr 30 local, on */
	add(c, 8, "2026-05-01T06:00:00Z", "phone", "en", "new", -1, -1, -1);             /* May 1 local: outside */
	const char *sol[] = {"2026-03-05", "2026-03-06", "2026-04-30", "2026-05-01", "2026-02-28"};
	for (size_t i = 0; i < countof(sol); i++)
		store_exec(c, "INSERT INTO solicitations(office_id, kind, title, held_on, created_at, updated_at)"
		              " VALUES (?, 'survey', 'S', ?, 'x', 'x')", "it", office, sol[i]);
	assert_int_equal(store_commit(c), STORE_OK);
	*cp = c;
	return s;
}

static json_int_t geti(json_t *o, const char *path1, const char *path2)
{
	json_t *x = json_object_get(o, path1);
	if (path2) x = json_object_get(x, path2);
	if (!json_is_integer(x)) fail_msg("%s.%s is not an integer", path1, path2 ? path2 : "");
	return json_integer_value(x);
}

static void stats_are(json_t *g, const char *which, int count, double median, json_int_t p90)
{
	json_t *s = json_object_get(g, which);
	assert_int_equal(json_integer_value(json_object_get(s, "count")), count);
	assert_true(json_number_value(json_object_get(s, "median_seconds")) == median);
	assert_int_equal(json_integer_value(json_object_get(s, "p90_seconds")), p90);
}

static void counts_are(json_t *g, int received, int acted, int closed)
{
	assert_int_equal(geti(g, "received", NULL), received);
	assert_int_equal(geti(g, "acted_on", NULL), acted);
	assert_int_equal(geti(g, "closed", NULL), closed);
}

static json_t *find(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) if (str_eq(json_string_value(json_object_get(e, key)), value)) return e;
	fail_msg("no %s = %s", key, value);
	return NULL;
}

/* The summary counted from the records (the rollup is stale: these tests
** insert rows directly) and again from the rollup rebuilt from them: the
** two must be identical.  Call inside a write transaction; leaves the
** rollup stale again.  Caller decrefs. */
static json_t *summary_both(store_conn *c, const char *from, const char *to, int *rc)
{
	assert_false(feedback_rollup_fresh(c, office));
	json_t *scan = feedback_summary(c, office, from, to, rc);
	assert_non_null(scan);
	assert_int_equal(feedback_rollup_rebuild(c, office), STORE_OK);
	assert_true(feedback_rollup_fresh(c, office));
	json_t *roll = feedback_summary(c, office, from, to, rc);
	assert_non_null(roll);
	json_object_del(scan, "generated_at");
	json_t *gen = json_incref(json_object_get(roll, "generated_at"));
	json_object_del(roll, "generated_at");
	assert_true(json_equal(scan, roll));
	json_object_set_new(roll, "generated_at", gen);
	json_decref(scan);
	assert_true(store_exec(c, "DELETE FROM feedback_rollup_state WHERE office_id = ?", "i", office) == 1);
	return roll;
}

static void test_summary_by_hand(void **state)
{
	(void)state;
	store_conn *c;
	store *s = setup(&c);
	assert_int_equal(store_begin(c, office, STORE_WRITE), STORE_OK);
	int rc;
	json_t *sum = summary_both(c, "2026-03-01", "2026-04-30", &rc);
	store_rollback(c);
	assert_non_null(sum);
	assert_string_equal(json_string_value(json_object_get(sum, "utc_start")), "2026-03-01T07:00:00Z");
	assert_string_equal(json_string_value(json_object_get(sum, "utc_end")), "2026-05-01T06:00:00Z");

	json_t *tot = json_object_get(sum, "totals");
	counts_are(tot, 6, 3, 3);
	/* first action: 120, 600, 1800, 3600, 86400 -> median 1800, p90 = 5th of 5 */
	stats_are(tot, "time_to_first_action", 5, 1800, 86400);
	/* close: 7200, 86400, 172800 -> median 86400, p90 = 3rd of 3 */
	stats_are(tot, "time_to_close", 3, 86400, 172800);

	json_t *months = json_object_get(sum, "by_month");
	assert_int_equal(json_array_size(months), 2);
	json_t *mar = find(months, "month", "2026-03"), *apr = find(months, "month", "2026-04");
	counts_are(mar, 4, 2, 2);
	stats_are(mar, "time_to_first_action", 3, 3600, 86400);   /* 600, 3600, 86400 */
	stats_are(mar, "time_to_close", 2, 46800, 86400);         /* (7200 + 86400) / 2; 2nd of 2 */
	counts_are(apr, 2, 1, 1);
	stats_are(apr, "time_to_first_action", 2, 960, 1800);     /* (120 + 1800) / 2 */
	stats_are(apr, "time_to_close", 1, 172800, 172800);

	json_t *cycles = json_object_get(sum, "by_cycle");
	json_t *on = find(cycles, "cycle", "on"), *off = find(cycles, "cycle", "off");
	counts_are(on, 4, 2, 2);
	stats_are(on, "time_to_first_action", 4, 1200, 86400);    /* 120, 600, 1800, 86400 */
	stats_are(on, "time_to_close", 2, 129600, 172800);
	counts_are(off, 2, 1, 1);
	stats_are(off, "time_to_first_action", 1, 3600, 3600);
	stats_are(off, "time_to_close", 1, 7200, 7200);

	json_t *ch = json_object_get(sum, "by_channel");
	counts_are(find(ch, "channel", "phone"), 3, 3, 2);   /* B, C, F acted; B, F closed */
	counts_are(find(ch, "channel", "email"), 2, 0, 0);
	counts_are(find(ch, "channel", "web_form"), 1, 0, 1);
	counts_are(find(ch, "channel", "mail"), 0, 0, 0);
	json_t *langs = json_object_get(sum, "by_language");
	assert_int_equal(json_array_size(langs), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(langs, 0), "language")), "en");
	counts_are(find(langs, "language", "es"), 2, 1, 1);
	counts_are(find(langs, "language", "vi"), 1, 0, 0);
	json_t *st = json_object_get(sum, "by_status");
	assert_int_equal(geti(find(st, "status", "new"), "count", NULL), 1);
	assert_int_equal(geti(find(st, "status", "closed"), "count", NULL), 2);
	assert_int_equal(geti(find(st, "status", "closed_no_action"), "count", NULL), 1);
	assert_int_equal(geti(find(st, "status", "triaged"), "count", NULL), 1);
	json_t *topics = json_object_get(sum, "by_topic");
	assert_int_equal(json_array_size(topics), 11);   /* ten seeded, unused, and "none" */
	counts_are(json_array_get(topics, 10), 6, 3, 3);
	assert_true(json_is_null(json_object_get(json_array_get(topics, 10), "topic_id")));

	json_t *sol = json_object_get(sum, "solicitations");
	assert_int_equal(geti(sol, "total", NULL), 3);
	assert_int_equal(geti(find(json_object_get(sol, "by_month"), "month", "2026-03"), "count", NULL), 2);
	assert_int_equal(geti(find(json_object_get(sol, "by_month"), "month", "2026-04"), "count", NULL), 1);
	assert_int_equal(geti(find(json_object_get(sol, "by_cycle"), "cycle", "on"), "count", NULL), 2);
	assert_int_equal(geti(find(json_object_get(sol, "by_cycle"), "cycle", "off"), "count", NULL), 1);
	json_decref(sum);

	/* A one-day period at the DST change: local March 8 is 23 hours long. */
	assert_int_equal(store_begin(c, office, STORE_WRITE), STORE_OK);
	sum = summary_both(c, "2026-03-08", "2026-03-08", &rc);
	store_rollback(c);
	assert_string_equal(json_string_value(json_object_get(sum, "utc_start")), "2026-03-08T07:00:00Z");
	assert_string_equal(json_string_value(json_object_get(sum, "utc_end")), "2026-03-09T06:00:00Z");
	counts_are(json_object_get(sum, "totals"), 0, 0, 0);
	stats_are(json_object_get(sum, "totals"), "time_to_close", 0, 0, 0);
	json_decref(sum);

	store_release(c);
	test_store_close(s);
}

static void test_half_second_median_and_export(void **state)
{
	(void)state;
	store_conn *c;
	store *s = setup(&c);
	assert_int_equal(store_begin(c, office, STORE_WRITE), STORE_OK);
	/* Two more in June (off-cycle after 2026-06-04): close times 1 s and 2 s. */
	add(c, 20, "2026-06-10T12:00:00Z", "mail", "en", "closed", 1, 1, 1);
	add(c, 21, "2026-06-11T12:00:00Z", "mail", "en", "closed", 2, 2, 2);
	store_exec(c, "UPDATE feedback SET body = 'Call 555-123-4567 or mail jo@x.org', action_taken = '=SUM(A1)'"
	              " WHERE office_id = ? AND ref_seq = 20", "i", office);
	store_exec(c, "INSERT INTO feedback_contact_details(feedback_id, office_id, name, email, consent, created_at)"
	              " SELECT id, office_id, 'Secret Person', 'secret@example.org', 1, 'x' FROM feedback WHERE ref_seq = 20", "");
	int rc;
	json_t *sum = summary_both(c, "2026-06-01", "2026-06-30", &rc);
	json_t *tot = json_object_get(sum, "totals");
	assert_true(json_is_real(json_object_get(json_object_get(tot, "time_to_close"), "median_seconds")));
	stats_are(tot, "time_to_close", 2, 1.5, 2);
	counts_are(find(json_object_get(sum, "by_cycle"), "cycle", "off"), 2, 2, 2);
	json_decref(sum);

	redact_counts total;
	json_t *by_field = NULL;
	json_t *rows = feedback_export_rows(c, office, "2026-06-01", "2026-06-30", &total, &by_field, &rc);
	store_rollback(c);
	assert_int_equal(json_array_size(rows), 2);
	json_t *r0 = json_array_get(rows, 0);
	assert_string_equal(json_string_value(json_object_get(r0, "body")), "Call [redacted: phone] or mail [redacted: email]");
	assert_string_equal(json_string_value(json_object_get(r0, "received")), "2026-06-10T06:00:00");
	assert_string_equal(json_string_value(json_object_get(r0, "cycle")), "off");
	assert_int_equal(total.n[REDACT_PHONE], 1);
	assert_int_equal(total.n[REDACT_EMAIL], 1);
	export_table t = {feedback_export_cols, feedback_export_ncols, rows, NULL};
	size_t len;
	char *csv = export_csv(&t, false, &len);
	assert_null(strstr(csv, "Secret Person"));
	assert_null(strstr(csv, "secret@example.org"));
	assert_null(strstr(csv, "555-123-4567"));
	assert_non_null(strstr(csv, ",\"'=SUM(A1)\","));
	free(csv);
	json_decref(rows);
	json_decref(by_field);
	store_release(c);
	test_store_close(s);
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static double kth_of_sorted(void *ctx, size_t k) { return (double)((const int64_t *)ctx)[k - 1]; }

/* report.h's one definition of median and nearest-rank percentile, through
** an array and through a k-th-value function, agree with the definitions
** written out, for many sizes, with and without ties. */
static void test_order_statistics(void **state)
{
	(void)state;
	srand(7);
	for (size_t n = 1; n < 300; n++) {
		for (int ties = 0; ties < 2; ties++) {
			int64_t *s = xmalloc(n * sizeof *s);
			double *d = xmalloc(n * sizeof *d);
			for (size_t i = 0; i < n; i++) d[i] = (double)(s[i] = ties ? rand() % 5 : rand() % 1000000);
			qsort(s, n, sizeof *s, cmp64);
			double want = n % 2 ? (double)s[n / 2] : ((double)s[n / 2 - 1] + (double)s[n / 2]) / 2.0;
			size_t rank = (n * 9 + 9) / 10;   /* ceil(0.9 n) */
			assert_true(stats_median_of(n, kth_of_sorted, s) == want);
			assert_true(stats_percentile_of(n, 90, kth_of_sorted, s) == (double)s[rank - 1]);
			assert_int_equal(stats_percentile_rank(n, 90), rank);
			assert_true(stats_median(d, n) == want);
			assert_true(stats_percentile(d, n, 90) == (double)s[rank - 1]);
			free(s);
			free(d);
		}
	}
	int64_t ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	assert_true(stats_median_of(10, kth_of_sorted, ten) == 5.5);
	assert_true(stats_percentile_of(10, 90, kth_of_sorted, ten) == 9);   /* the 9th of 10, not the 10th */
	assert_int_equal(stats_percentile_rank(1000000, 90), 900000);
	assert_int_equal(stats_percentile_rank(1000001, 90), 900001);
}

static json_t *rollup_dump(store_conn *c)
{
	json_t *d = json_pack("{s:o, s:o, s:o}",
	    "counts", store_query_rows(c, NULL, "SELECT day, dim, key, received, acted, closed FROM feedback_day_counts"
	                                        " WHERE office_id = ? ORDER BY day, dim, key", "i", office),
	    "topics", store_query_rows(c, NULL, "SELECT day, topic_id, received, acted, closed FROM feedback_day_topics"
	                                        " WHERE office_id = ? ORDER BY day, topic_id", "i", office),
	    "times", store_query_rows(c, NULL, "SELECT day, kind, n, secs FROM feedback_day_times"
	                                       " WHERE office_id = ? ORDER BY day, kind", "i", office));
	return d;
}

/* The rollup kept change by change (creates, status moves with their
** dates, edits of received_at across days and months, channel, topic and
** language, deletes) equals the rollup recounted from scratch, and the
** summary read from it equals the one counted from the records. */
static void test_rollup_follows_changes(void **state)
{
	(void)state;
	store_conn *c;
	store *s = setup(&c);
	assert_int_equal(store_begin(c, office, STORE_WRITE), STORE_OK);
	assert_int_equal(feedback_rollup_rebuild(c, office), STORE_OK);
	json_t *topic_rows = store_query_rows(c, NULL, "SELECT id FROM feedback_topics WHERE office_id = ? ORDER BY id", "i", office);
	int64_t topics[4] = {0};
	for (int i = 1; i < 4; i++) topics[i] = json_integer_value(json_object_get(json_array_get(topic_rows, (size_t)i), "id"));
	json_decref(topic_rows);
	static const char *const channels[] = {"phone", "email", "web_form"}, *const langs[] = {"en", "es", "vi"};
	static const char *const statuses[] = {"new", "triaged", "action_taken", "closed", "closed_no_action"};
	int64_t ids[600];
	int nids = 0, seq = 100;
	srand(11);
	for (int op = 0; op < 600; op++) {
		static const int ops[] = {0, 0, 0, 1, 1, 2, 3};   /* create, status move, edit, delete */
		int what = nids < 5 ? 0 : ops[rand() % 7];
		feedback_fact before, after;
		int64_t id = nids ? ids[rand() % nids] : 0;
		int64_t t = 1767225600 + (int64_t)(rand() % (200 * 24)) * 3600 + rand() % 3600;   /* 2026-01-01 + up to 200 days */
		char recv[ISO_TIME_LEN], first[ISO_TIME_LEN], closed[ISO_TIME_LEN];
		time_iso_from_epoch(t, recv);
		time_iso_from_epoch(t + rand() % 500000, first);
		time_iso_from_epoch(t + 500000 + rand() % 500000, closed);
		const char *st = statuses[rand() % 5];
		bool is_closed = str_eq(st, "closed") || str_eq(st, "closed_no_action");
		if (what == 0 && nids < (int)countof(ids)) {
			char ref[32];
			snprintf(ref, sizeof ref, "FB-2026-%06d", ++seq);
			id = store_query_int(c, 0,
			    "INSERT INTO feedback(office_id, reference, ref_year, ref_seq, received_at, channel, source, language,"
			    " topic_id, body, status, created_at, updated_at) VALUES (?, ?, 2026, ?, ?, ?, 'voter', ?, ?, 'x', 'new', ?, ?)"
			    " RETURNING id", "itdtttItt", office, ref, seq, recv, channels[rand() % 3], langs[rand() % 3],
			    topics[rand() % 4], recv, recv);
			assert_true(id > 0);
			ids[nids++] = id;
			assert_int_equal(feedback_fact_read(c, office, id, &after), STORE_OK);
			assert_int_equal(feedback_rollup_apply(c, office, NULL, &after), STORE_OK);
			continue;
		}
		assert_int_equal(feedback_fact_read(c, office, id, &before), STORE_OK);
		assert_true(before.present);
		if (what == 1) {   /* a status move with its dates */
			assert_true(store_exec(c, "UPDATE feedback SET status = ?, first_action_at = ?, action_taken_at = ?, closed_at = ?"
			                          " WHERE id = ?", "ttttI", st, str_eq(st, "new") ? NULL : first,
			                          str_eq(st, "action_taken") || str_eq(st, "closed") ? first : NULL,
			                          is_closed ? closed : NULL, id) == 1);
		} else if (what == 2) {   /* an edit of received_at, channel, topic, language */
			assert_true(store_exec(c, "UPDATE feedback SET received_at = ?, channel = ?, topic_id = ?, language = ? WHERE id = ?",
			                       "ttItI", recv, channels[rand() % 3],
			                       topics[rand() % 4], langs[rand() % 3], id) == 1);
		} else {   /* a delete */
			assert_true(store_exec(c, "DELETE FROM feedback WHERE id = ?", "I", id) == 1);
			for (int i = 0; i < nids; i++)
				if (ids[i] == id) ids[i] = ids[--nids];
		}
		assert_int_equal(feedback_fact_read(c, office, id, &after), STORE_OK);
		assert_int_equal(after.present, what != 3);
		assert_int_equal(feedback_rollup_apply(c, office, &before, &after), STORE_OK);
	}
	assert_true(feedback_rollup_fresh(c, office));
	json_t *kept = rollup_dump(c);
	int rc;
	json_t *from_rollup = feedback_summary(c, office, "2026-01-01", "2026-07-31", &rc);
	assert_non_null(from_rollup);
	assert_int_equal(feedback_rollup_rebuild(c, office), STORE_OK);
	json_t *recounted = rollup_dump(c);
	assert_true(json_array_size(json_object_get(kept, "counts")) > 50);
	assert_true(json_array_size(json_object_get(kept, "times")) > 20);
	assert_true(json_equal(kept, recounted));
	/* A stale rollup: the summary counts the records, and says the same. */
	assert_true(store_exec(c, "DELETE FROM feedback_rollup_state WHERE office_id = ?", "i", office) == 1);
	json_t *from_rows = feedback_summary(c, office, "2026-01-01", "2026-07-31", &rc);
	assert_non_null(from_rows);
	json_object_del(from_rollup, "generated_at");
	json_object_del(from_rows, "generated_at");
	assert_true(json_equal(from_rollup, from_rows));
	assert_true(json_integer_value(json_object_get(json_object_get(from_rows, "totals"), "received")) > 0);
	json_decref(kept);
	json_decref(recounted);
	json_decref(from_rollup);
	json_decref(from_rows);
	store_rollback(c);
	store_release(c);
	test_store_close(s);
}

static void test_rules(void **state)
{
	(void)state;
	assert_true(feedback_transition_ok("new", "triaged"));
	assert_true(feedback_transition_ok("new", "action_taken"));
	assert_true(feedback_transition_ok("action_taken", "closed"));
	assert_true(feedback_transition_ok("closed", "in_progress"));
	assert_false(feedback_transition_ok("new", "closed"));
	assert_false(feedback_transition_ok("triaged", "new"));
	assert_false(feedback_transition_ok("closed", "closed_no_action"));
	assert_false(feedback_transition_ok("in_progress", "bogus"));
	int64_t e = date_days("2026-05-05");
	cycle_calendar cal = {.days = &e, .n = 1, .before = 60, .after = 30};
	assert_true(cycle_is_on(&cal, date_days("2026-03-06")));
	assert_false(cycle_is_on(&cal, date_days("2026-03-05")));
	assert_true(cycle_is_on(&cal, date_days("2026-06-04")));
	assert_false(cycle_is_on(&cal, date_days("2026-06-05")));
	cycle_calendar none = {0};
	assert_false(cycle_is_on(&none, date_days("2026-05-05")));
	assert_null(report_period_problem("2026-01-01", "2026-12-31"));
	assert_non_null(report_period_problem("2026-12-31", "2026-01-01"));
	assert_non_null(report_period_problem("2026-02-30", "2026-03-01"));
	assert_non_null(report_period_problem("2020-01-01", "2026-01-01"));
	assert_non_null(report_period_problem(NULL, "2026-01-01"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_by_hand),
		cmocka_unit_test(test_half_second_median_and_export),
		cmocka_unit_test(test_order_statistics),
		cmocka_unit_test(test_rollup_follows_changes),
		cmocka_unit_test(test_rules),
	};
	return cmocka_run_group_tests_name("report_feedback", tests, NULL, NULL);
}
