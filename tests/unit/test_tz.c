/* test_tz.c: local time in IANA zones across daylight-saving changes, and
** local dates back to UTC boundaries (expected values checked against
** Python's zoneinfo). */
#include "testutil.h"

#include "tz.h"

static int64_t at(const char *iso)
{
	int64_t t;
	assert_true(time_parse_iso(iso, &t));
	return t;
}

static void local_is(const tz_zone *z, const char *utc, const char *want)
{
	char out[20];
	tz_local_iso(z, at(utc), out);
	assert_string_equal(out, want);
}

static void midnight_is(const tz_zone *z, const char *date, const char *want)
{
	int64_t t;
	char out[ISO_TIME_LEN];
	assert_true(tz_local_midnight(z, date, &t));
	time_iso_from_epoch(t, out);
	assert_string_equal(out, want);
}

static void test_denver_spring_forward(void **state)
{
	(void)state;
	const tz_zone *z = tz_get("America/Denver");
	assert_non_null(z);
	local_is(z, "2026-03-08T08:59:59Z", "2026-03-08T01:59:59");
	local_is(z, "2026-03-08T09:00:00Z", "2026-03-08T03:00:00");
	assert_int_equal(tz_offset_at(z, at("2026-03-08T08:59:59Z")), -7 * 3600);
	assert_int_equal(tz_offset_at(z, at("2026-03-08T09:00:00Z")), -6 * 3600);
	midnight_is(z, "2026-03-01", "2026-03-01T07:00:00Z");
	midnight_is(z, "2026-03-08", "2026-03-08T07:00:00Z");
	midnight_is(z, "2026-03-09", "2026-03-09T06:00:00Z");
}

static void test_denver_fall_back(void **state)
{
	(void)state;
	const tz_zone *z = tz_get("America/Denver");
	/* 01:00-02:00 local happens twice on 2026-11-01 */
	local_is(z, "2026-11-01T07:30:00Z", "2026-11-01T01:30:00");
	local_is(z, "2026-11-01T08:30:00Z", "2026-11-01T01:30:00");
	midnight_is(z, "2026-11-01", "2026-11-01T06:00:00Z");
	midnight_is(z, "2026-11-02", "2026-11-02T07:00:00Z");
	char date[11], month[8];
	tz_local_date(z, at("2026-04-01T05:59:59Z"), date);
	assert_string_equal(date, "2026-03-31");
	tz_local_month(z, at("2026-04-01T06:00:00Z"), month);
	assert_string_equal(month, "2026-04");
}

static void test_rule_after_last_transition(void **state)
{
	(void)state;
	/* Far past the transitions a slim TZif lists: the footer rule applies. */
	const tz_zone *z = tz_get("America/Denver");
	local_is(z, "2040-03-11T08:59:59Z", "2040-03-11T01:59:59");
	local_is(z, "2040-03-11T09:00:00Z", "2040-03-11T03:00:00");
	midnight_is(z, "2040-03-11", "2040-03-11T07:00:00Z");
	assert_int_equal(tz_offset_at(z, at("2040-07-01T12:00:00Z")), -6 * 3600);
}

static void test_southern_and_skipped_midnight(void **state)
{
	(void)state;
	const tz_zone *syd = tz_get("Australia/Sydney");
	assert_non_null(syd);
	assert_int_equal(tz_offset_at(syd, at("2026-04-04T15:59:59Z")), 11 * 3600);
	assert_int_equal(tz_offset_at(syd, at("2026-04-04T16:00:00Z")), 10 * 3600);
	midnight_is(syd, "2026-04-05", "2026-04-04T13:00:00Z");
	/* Chile moves its clocks at midnight: 2026-09-06 starts at 01:00 local. */
	const tz_zone *scl = tz_get("America/Santiago");
	assert_non_null(scl);
	midnight_is(scl, "2026-09-06", "2026-09-06T04:00:00Z");
	midnight_is(scl, "2026-04-05", "2026-04-05T04:00:00Z");
	const tz_zone *kol = tz_get("Asia/Kolkata");
	local_is(kol, "2026-01-01T00:00:00Z", "2026-01-01T05:30:00");
	const tz_zone *utc = tz_get("UTC");
	midnight_is(utc, "2026-02-28", "2026-02-28T00:00:00Z");
}

static void test_ranges_and_names(void **state)
{
	(void)state;
	const tz_zone *z = tz_get("America/Denver");
	char a[21], b[21];
	assert_true(tz_date_range_utc(z, "2026-03-01", "2026-03-31", a, b));
	assert_string_equal(a, "2026-03-01T07:00:00Z");
	assert_string_equal(b, "2026-04-01T06:00:00Z");
	assert_false(tz_date_range_utc(z, "2026-02-30", "2026-03-31", a, b));
	char d[11];
	assert_true(tz_date_add_days("2024-02-28", 1, d));
	assert_string_equal(d, "2024-02-29");
	assert_true(tz_date_add_days("2026-12-31", 1, d));
	assert_string_equal(d, "2027-01-01");
	assert_true(tz_get("America/Denver") == z);   /* cached */
	assert_null(tz_get("../../etc/passwd"));
	assert_null(tz_get("/etc/localtime"));
	assert_null(tz_get("Nowhere/Atlantis"));
	assert_null(tz_get(""));
	assert_null(tz_get(NULL));
	assert_false(tz_valid("America/Nowhere"));
	assert_true(tz_valid("America/New_York"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_denver_spring_forward),
		cmocka_unit_test(test_denver_fall_back),
		cmocka_unit_test(test_rule_after_last_transition),
		cmocka_unit_test(test_southern_and_skipped_midnight),
		cmocka_unit_test(test_ranges_and_names),
	};
	return cmocka_run_group_tests_name("tz", tests, NULL, NULL);
}
