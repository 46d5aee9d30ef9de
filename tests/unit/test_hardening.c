/* test_hardening.c: regressions for what fuzzing and hostile input found:
** replies and log lines built from client bytes that are not UTF-8, CSV
** fields that start with U+FEFF, and the JSON reply of last resort. */
#include "testutil.h"

#include "http.h"
#include "import_csv.h"
#include "json.h"

static http_req *fake_req(void)
{
	http_req *r = xcalloc(1, sizeof *r);
	r->method = "GET";
	r->url = "/x";
	strcpy(r->request_id, "test");
	return r;
}

/* The reply parsed as JSON; its error code must be want_code. */
static void assert_error_reply(http_req *r, int status, const char *want_code)
{
	assert_true(r->replied);
	assert_int_equal(r->status, status);
	json_t *j = json_loadb(r->reply_body, r->reply_len, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")), want_code);
	json_decref(j);
}

static void test_utf8_scrub(void **state)
{
	(void)state;
	char *s = utf8_scrub("/\xff" "a\xc0\xaf" "b\xed\xa0\x80");
	assert_true(utf8_valid(s, strlen(s)));
	assert_string_equal(s, "/\xEF\xBF\xBD" "a\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
	s = utf8_scrub("se\xc3\xb1or \xf0\x9f\x97\xb3");
	assert_string_equal(s, "se\xc3\xb1or \xf0\x9f\x97\xb3");
	free(s);
	s = utf8_scrub("\xe4\xb8");   /* cut short at the end */
	assert_string_equal(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
	assert_null(utf8_scrub(NULL));
}

static void test_log_safe(void **state)
{
	(void)state;
	char *s = str_log_safe("/a\nFAKE 200 0ms\r\x1b[31m\\x\xff\xc3\xb1", 100);
	assert_string_equal(s, "/a\\x0AFAKE 200 0ms\\x0D\\x1B[31m\\x5Cx\\xFF\xc3\xb1");
	free(s);
	s = str_log_safe("abcdef", 3);
	assert_string_equal(s, "abc...");
	free(s);
	s = str_log_safe(NULL, 3);
	assert_string_equal(s, "(null)");
	free(s);
}

/* GET /%ff used to end the server: the 404 message quoted the decoded path,
** json_pack refused it, and json_dumps(NULL) was fatal. */
static void test_error_reply_with_bytes_not_utf8(void **state)
{
	(void)state;
	http_req *r = fake_req();
	http_reply_error(r, 404, "not_found", NULL, "There is nothing at %s.", "/\xff\xfe");
	assert_error_reply(r, 404, "not_found");
	assert_non_null(strstr(r->reply_body, "\\uFFFD"));
	http_req_free(r);

	r = fake_req();
	valid v = {0};
	valid_fail(&v, "na\xffme", "validation.type", "bad %s", "\xc0\xaf");
	valid_reply(r, &v);
	assert_error_reply(r, 422, "validation.type");
	http_req_free(r);
}

static void test_reply_json_null_is_500_not_fatal(void **state)
{
	(void)state;
	http_req *r = fake_req();
	http_reply_json(r, 200, json_pack("{s:s}", "name", "\xff"));   /* json_pack returns NULL */
	assert_error_reply(r, 500, "internal");
	http_req_free(r);
}

/* A value starting with U+FEFF written first in a file read back without it. */
static void test_csv_field_with_leading_bom_round_trips(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	csv_field_write(&b, "\xEF\xBB\xBFOra");
	buf_puts(&b, ",b\n");
	assert_string_equal(b.data, "\"\xEF\xBB\xBFOra\",b\n");
	csv_table t;
	int line;
	char detail[64];
	assert_int_equal(csv_table_read(b.data, b.len, 10, &t, &line, detail, sizeof detail), CSV_READ_OK);
	assert_string_equal(t.records[0].fields[0], "\xEF\xBB\xBFOra");
	csv_table_free(&t);
	buf_free(&b);
}

/* jf_date and jf_enum left *out unset when the field was missing or not
** text; api_certification_create read it before valid_ok() and used a
** dangling pointer (ASan: heap-use-after-free in time_parse_iso). */
static void test_field_readers_clear_out_on_failure(void **state)
{
	(void)state;
	static const char *const kinds[] = {"a", "b", NULL};
	json_t *o = json_pack("{s:i, s:i}", "date", 5, "kind", 7);
	valid v = {0};
	const char *out = (const char *)o;   /* anything but NULL */
	assert_false(jf_date(&v, o, "date", true, &out));
	assert_null(out);
	out = (const char *)o;
	assert_false(jf_date(&v, o, "missing", true, &out));
	assert_null(out);
	out = (const char *)o;
	assert_false(jf_enum(&v, o, "kind", true, kinds, &out));
	assert_null(out);
	out = (const char *)o;
	assert_false(jf_enum(&v, o, "missing", true, kinds, &out));
	assert_null(out);
	out = (const char *)o;
	assert_false(jf_string(&v, o, "kind", true, 10, &out));
	assert_null(out);
	assert_false(valid_ok(&v));
	valid_free(&v);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_scrub),
		cmocka_unit_test(test_log_safe),
		cmocka_unit_test(test_error_reply_with_bytes_not_utf8),
		cmocka_unit_test(test_reply_json_null_is_500_not_fatal),
		cmocka_unit_test(test_csv_field_with_leading_bom_round_trips),
		cmocka_unit_test(test_field_readers_clear_out_on_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
