/* test_util.c: buffers, UTF-8 validation, dates and times. */
#include "testutil.h"

static void test_buf_grows_and_takes(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++) buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_true(str_starts(b.data, "0,1,2,"));
	char *s = buf_take(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	char *empty = buf_take(&b);
	assert_string_equal(empty, "");
	free(empty);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain", 5));
	{ const char *s = "se\xc3\xb1or \xe4\xb8\xad \xf0\x9f\x97\xb3"; assert_true(utf8_valid(s, strlen(s))); }
	assert_false(utf8_valid("\xc3", 1));                 /* truncated */
	assert_false(utf8_valid("\xc0\xaf", 2));             /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3));         /* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));     /* past U+10FFFF */
	assert_false(utf8_valid("a\0b", 3));                 /* NUL */
	assert_false(utf8_valid("\xff", 1));
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2024-13-01"));
	assert_false(date_valid("2024-1-01"));
	assert_false(date_valid("2024-01-01x"));
	assert_false(date_valid(NULL));
	char out[ISO_TIME_LEN];
	assert_true(datetime_normalize("2026-03-08T01:30:00-05:00", out));
	assert_string_equal(out, "2026-03-08T06:30:00Z");
	assert_true(datetime_normalize("2026-12-31T23:59:59+01:00", out));
	assert_string_equal(out, "2026-12-31T22:59:59Z");
	assert_true(datetime_normalize("2026-01-05", out));
	assert_string_equal(out, "2026-01-05T00:00:00Z");
	assert_false(datetime_normalize("2026-01-05T25:00:00Z", out));
	assert_false(datetime_normalize("yesterday", out));
	int64_t t;
	assert_true(time_parse_iso("1970-01-01T00:00:00Z", &t));
	assert_int_equal(t, 0);
	assert_true(time_parse_iso("2000-03-01", &t));
	assert_int_equal(t, 951868800);
}

static void test_parse_int(void **state)
{
	(void)state;
	int64_t v;
	assert_true(str_parse_int64("42", &v));
	assert_int_equal(v, 42);
	assert_false(str_parse_int64("42x", &v));
	assert_false(str_parse_int64("", &v));
	assert_false(str_parse_int64("99999999999999999999", &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_takes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_parse_int),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
