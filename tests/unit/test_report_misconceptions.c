/* test_report_misconceptions.c: the misconception measures against numbers
** worked out by hand (see the table in test_report_numbers), the median and
** nearest-rank percentile, response targets from office settings, and the
** small text rules (slugs, source links). */
#include "testutil.h"

#include "misconceptions.h"
#include "report.h"

static void test_median_and_percentile(void **state)
{
	(void)state;
	double odd[] = {30, 2, 10};
	assert_float_equal(stats_median(odd, 3), 10, 1e-9);
	double even[] = {72, 2, 30, 10};
	assert_float_equal(stats_median(even, 4), 20, 1e-9);          /* (10 + 30) / 2, not the mean 28.5 */
	double ten[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
	assert_float_equal(stats_percentile(ten, 10, 90), 9, 1e-9);   /* rank ceil(9.0) = 9, not 10 */
	assert_float_equal(stats_percentile(ten, 10, 50), 5, 1e-9);
	assert_float_equal(stats_percentile(ten, 10, 100), 10, 1e-9);
	double six[] = {2, 10, 12.5, 24, 30, 72};
	assert_float_equal(stats_percentile(six, 6, 90), 72, 1e-9);   /* rank ceil(5.4) = 6 */
	double one[] = {7};
	assert_float_equal(stats_percentile(one, 1, 90), 7, 1e-9);
	assert_float_equal(stats_median(one, 1), 7, 1e-9);
	assert_float_equal(stats_median(NULL, 0), 0, 1e-9);
}

static int64_t office_add(store_conn *c, const char *slug, const char *settings)
{
	return store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, settings, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z') RETURNING id",
	    "ttt", slug, slug, settings);
}

static int64_t claim_add(store_conn *c, int64_t office, const char *severity, const char *status, const char *seen,
                         const char *published, int64_t merged_into, int sightings)
{
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO claims(office_id, statement, severity, status, dismissed_reason, first_seen_at, published_at,"
	    " merged_into_id, created_at, updated_at) VALUES (?, 'a claim', ?, ?, CASE WHEN ? = 'dismissed' THEN 'x' END,"
	    " ?, ?, ?, ?, ?) RETURNING id",
	    "itttttItt", office, severity, status, status, seen, published, merged_into, seen, seen);
	assert_true(id > 0);
	for (int i = 0; i < sightings; i++)
		assert_int_equal(store_exec(c, "INSERT INTO sightings(office_id, claim_id, source, seen_at, created_at)"
		                               " VALUES (?, ?, 'staff', ?, ?)", "iitt", office, id, seen, seen), 1);
	return id;
}

static int64_t partner_add(store_conn *c, int64_t office, const char *name)
{
	return store_query_int(c, 0,
	    "INSERT INTO partners(office_id, name, kind, subtype, status, created_at, updated_at)"
	    " VALUES (?, ?, 'institutional', 'media', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	    "it", office, name);
}

static void ask_add(store_conn *c, int64_t office, int64_t claim, int64_t partner, const char *at, const char *shared)
{
	assert_int_equal(store_exec(c,
	    "INSERT INTO amplification_asks(office_id, claim_id, partner_id, asked_at, shared, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)", "iiittt" "t", office, claim, partner, at, shared, at, at), 1);
}

static double num(json_t *o, const char *path1, const char *path2)
{
	json_t *x = json_object_get(o, path1);
	if (path2) x = json_object_get(x, path2);
	assert_true(json_is_number(x));
	return json_number_value(x);
}

/* The data set and the numbers worked out by hand.  Targets: high 24 h,
** medium 72 h, low 168 h.  Period 2026-01-01 .. 2026-02-28, as of
** 2026-03-01T00:00:00Z.
**
**  #  severity first seen   published        hours  sightings
**  1  high     Jan 05 00:00 Jan 05 10:00       10    3
**  2  high     Jan 10 00:00 Jan 11 06:00       30    1  (late)
**  3  high     Jan 20 00:00 Jan 20 02:00        2    0
**  4  medium   Jan 25 00:00 Jan 28 00:00       72    2  (exactly on target: on time)
**  5  low      Feb 03 00:00 Feb 04 00:00       24    1
**  6  medium   Feb 10 00:00 -  drafting         -    4  (open 456 h: past target)
**  7  low      Feb 27 00:00 -  reported         -    1  (open 48 h: within target)
**  8  high     Feb 15 00:00 -  dismissed        -    0  (neither answered nor open)
** 11  medium   Feb 20 00:00 Feb 20 12:30     12.5    0
**  outside: #9 first seen Mar 02; #10 merged into #1; another office's claim.
**
** Answered: 2, 10, 12.5, 24, 30, 72 -> median (12.5 + 24) / 2 = 18.25;
** p90 rank ceil(0.9 * 6) = 6 -> 72.  High: 2, 10, 30 -> 10 and 30.
** Medium: 12.5, 72 -> 42.25 and 72.  Low: 24 -> 24 and 24.
** January: 2, 10, 30, 72 -> 20 and 72 (4 claims).  February: 12.5, 24 ->
** 18.25 and 24 (5 claims).  Unanswered 2 (#6, #7).  On time 5, late 1,
** open past target 1.  Sightings 12 over 9 claims: mean 1.33, median 1
** (0 0 0 1 1 1 2 3 4), max 4.
** Asks in the period: A Jan 06 yes, A Feb 05 no, B Jan 21 unknown, C Jan 29
** yes (D Mar 05 yes is outside) -> 4 asks, 2 shared, 3 partners asked,
** 2 shared, rate 0.667. */
static void test_report_numbers(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	/* Offices first; then each office's rows in a transaction for that office
	** (on PostgreSQL, row-level security accepts only the scoped office's rows). */
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	int64_t o = office_add(c, "county", "{}"), other = office_add(c, "other", "{}");
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, o, STORE_WRITE), STORE_OK);
	int64_t c1 = claim_add(c, o, "high", "published", "2026-01-05T00:00:00Z", "2026-01-05T10:00:00Z", 0, 3);
	claim_add(c, o, "high", "published", "2026-01-10T00:00:00Z", "2026-01-11T06:00:00Z", 0, 1);
	claim_add(c, o, "high", "monitoring", "2026-01-20T00:00:00Z", "2026-01-20T02:00:00Z", 0, 0);
	claim_add(c, o, "medium", "closed", "2026-01-25T00:00:00Z", "2026-01-28T00:00:00Z", 0, 2);
	claim_add(c, o, "low", "published", "2026-02-03T00:00:00Z", "2026-02-04T00:00:00Z", 0, 1);
	claim_add(c, o, "medium", "drafting", "2026-02-10T00:00:00Z", NULL, 0, 4);
	claim_add(c, o, "low", "reported", "2026-02-27T00:00:00Z", NULL, 0, 1);
	claim_add(c, o, "high", "dismissed", "2026-02-15T00:00:00Z", NULL, 0, 0);
	int64_t c9 = claim_add(c, o, "high", "published", "2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z", 0, 5);
	claim_add(c, o, "high", "reported", "2026-01-06T00:00:00Z", NULL, c1, 0);
	claim_add(c, o, "medium", "published", "2026-02-20T00:00:00Z", "2026-02-20T12:30:00Z", 0, 0);
	int64_t pa = partner_add(c, o, "A"), pb = partner_add(c, o, "B"), pc = partner_add(c, o, "C"), pd = partner_add(c, o, "D");
	ask_add(c, o, c1, pa, "2026-01-06T09:00:00Z", "yes");
	ask_add(c, o, c1, pa, "2026-02-05T09:00:00Z", "no");
	ask_add(c, o, c1, pb, "2026-01-21T09:00:00Z", "unknown");
	ask_add(c, o, c1, pc, "2026-01-29T09:00:00Z", "yes");
	ask_add(c, o, c9, pd, "2026-03-05T09:00:00Z", "yes");
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, other, STORE_WRITE), STORE_OK);
	int64_t x = claim_add(c, other, "high", "published", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z", 0, 7);
	ask_add(c, other, x, partner_add(c, other, "E"), "2026-01-10T09:00:00Z", "yes");
	assert_int_equal(store_commit(c), STORE_OK);

	int64_t now;
	assert_true(time_parse_iso("2026-03-01T00:00:00Z", &now));
	assert_int_equal(store_begin(c, o, STORE_READ), STORE_OK);
	json_t *r = report_misconceptions(c, o, "2026-01-01", "2026-02-28", now);
	store_rollback(c);
	assert_non_null(r);
	json_t *tt = json_object_get(r, "time_to_response");
	assert_int_equal(json_integer_value(json_object_get(tt, "count")), 6);
	assert_float_equal(num(tt, "median_hours", NULL), 18.25, 1e-9);
	assert_float_equal(num(tt, "p90_hours", NULL), 72, 1e-9);
	assert_int_equal(json_integer_value(json_object_get(tt, "unanswered")), 2);
	json_t *sev = json_object_get(r, "by_severity");
	assert_float_equal(num(sev, "high", "median_hours"), 10, 1e-9);
	assert_float_equal(num(sev, "high", "p90_hours"), 30, 1e-9);
	assert_float_equal(num(sev, "medium", "median_hours"), 42.25, 1e-9);
	assert_float_equal(num(sev, "medium", "p90_hours"), 72, 1e-9);
	assert_float_equal(num(sev, "low", "median_hours"), 24, 1e-9);
	json_t *months = json_object_get(r, "by_month");
	assert_int_equal(json_array_size(months), 2);
	json_t *jan = json_array_get(months, 0), *feb = json_array_get(months, 1);
	assert_string_equal(json_string_value(json_object_get(jan, "month")), "2026-01");
	assert_int_equal(json_integer_value(json_object_get(jan, "claims")), 4);
	assert_float_equal(num(jan, "median_hours", NULL), 20, 1e-9);
	assert_float_equal(num(jan, "p90_hours", NULL), 72, 1e-9);
	assert_string_equal(json_string_value(json_object_get(feb, "month")), "2026-02");
	assert_int_equal(json_integer_value(json_object_get(feb, "claims")), 5);
	assert_int_equal(json_integer_value(json_object_get(feb, "count")), 2);
	assert_float_equal(num(feb, "median_hours", NULL), 18.25, 1e-9);
	assert_float_equal(num(feb, "p90_hours", NULL), 24, 1e-9);
	json_t *tg = json_object_get(r, "targets");
	assert_int_equal(json_integer_value(json_object_get(tg, "answered_on_time")), 5);
	assert_int_equal(json_integer_value(json_object_get(tg, "answered_late")), 1);
	assert_int_equal(json_integer_value(json_object_get(tg, "open_past_target")), 1);
	json_t *item = json_array_get(json_object_get(tg, "open_past_target_items"), 0);
	assert_float_equal(num(item, "hours_open", NULL), 456, 1e-9);
	assert_int_equal(json_integer_value(json_object_get(item, "target_hours")), 72);
	json_t *si = json_object_get(r, "sightings");
	assert_int_equal(json_integer_value(json_object_get(si, "total")), 12);
	assert_int_equal(json_integer_value(json_object_get(si, "claims")), 9);
	assert_float_equal(num(si, "mean_per_claim", NULL), 1.33, 1e-9);
	assert_float_equal(num(si, "median_per_claim", NULL), 1, 1e-9);
	assert_int_equal(json_integer_value(json_object_get(si, "max_per_claim")), 4);
	json_t *amp = json_object_get(r, "amplification");
	assert_int_equal(json_integer_value(json_object_get(amp, "asks")), 4);
	assert_int_equal(json_integer_value(json_object_get(amp, "asks_shared")), 2);
	assert_int_equal(json_integer_value(json_object_get(amp, "partners_asked")), 3);
	assert_int_equal(json_integer_value(json_object_get(amp, "partners_shared")), 2);
	assert_float_equal(num(amp, "share_rate", NULL), 0.667, 1e-9);
	json_decref(r);

	/* An empty period: counts are zero and statistics null, not zero. */
	assert_int_equal(store_begin(c, o, STORE_READ), STORE_OK);
	r = report_misconceptions(c, o, "2025-01-01", "2025-01-31", now);
	store_rollback(c);
	tt = json_object_get(r, "time_to_response");
	assert_int_equal(json_integer_value(json_object_get(tt, "count")), 0);
	assert_true(json_is_null(json_object_get(tt, "median_hours")));
	assert_true(json_is_null(json_object_get(json_object_get(r, "sightings"), "mean_per_claim")));
	assert_true(json_is_null(json_object_get(json_object_get(r, "amplification"), "share_rate")));
	json_decref(r);

	/* The other office sees only its own claim. */
	assert_int_equal(store_begin(c, other, STORE_READ), STORE_OK);
	r = report_misconceptions(c, other, "2026-01-01", "2026-02-28", now);
	store_rollback(c);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "sightings"), "total")), 7);
	assert_float_equal(num(json_object_get(r, "time_to_response"), "median_hours", NULL), 48, 1e-9);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "amplification"), "asks")), 1);
	json_decref(r);
	store_release(c);
	test_store_close(s);
}

static void test_targets_from_settings(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	int64_t a = office_add(c, "a", "{}");
	int64_t b = office_add(c, "b", "{\"response_target_hours\": {\"high\": 4, \"medium\": \"soon\"}}");
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	claim_targets t = claim_targets_get(c, a);
	assert_int_equal(t.high, 24);
	assert_int_equal(t.medium, 72);
	assert_int_equal(t.low, 168);
	t = claim_targets_get(c, b);
	assert_int_equal(t.high, 4);
	assert_int_equal(t.medium, 72);   /* unusable value: the default */
	assert_int_equal(claim_target_hours(&t, "high"), 4);
	assert_int_equal(claim_target_hours(&t, "low"), 168);
	store_rollback(c);
	store_release(c);
	test_store_close(s);
}

static void test_slugs_and_links(void **state)
{
	(void)state;
	char *s = claim_slugify("  Mail ballots are NOT counted!! (2026) ");
	assert_string_equal(s, "mail-ballots-are-not-counted-2026");
	free(s);
	s = claim_slugify("¿Se cuentan?");   /* non-ASCII letters drop out */
	assert_string_equal(s, "se-cuentan");
	free(s);
	s = claim_slugify("<<<>>>");
	assert_string_equal(s, "claim");
	free(s);
	assert_true(claim_slug_valid("a-b-1"));
	assert_false(claim_slug_valid("a--b"));
	assert_false(claim_slug_valid("-a"));
	assert_false(claim_slug_valid("A"));
	assert_false(claim_slug_valid("feed.xml"));
	assert_false(claim_slug_valid(""));
	assert_true(claim_url_ok("https://sos.example.gov/elections?x=1"));
	assert_true(claim_url_ok("http://example.org"));
	assert_false(claim_url_ok("javascript:alert(1)"));
	assert_false(claim_url_ok("JAVASCRIPT://x"));
	assert_false(claim_url_ok("https://"));
	assert_false(claim_url_ok("https://a\"onmouseover=\"x"));
	assert_false(claim_url_ok("https://a b"));
	assert_false(claim_url_ok("//evil.example"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_and_percentile),
		cmocka_unit_test(test_report_numbers),
		cmocka_unit_test(test_targets_from_settings),
		cmocka_unit_test(test_slugs_and_links),
	};
	return cmocka_run_group_tests_name("report_misconceptions", tests, NULL, NULL);
}
