/* test_json_write.c: json_write (the API's reply writer) gives exactly the
** bytes jansson's json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) gives, for
** every kind of value, and refuses strings that are not UTF-8. */
#include "testutil.h"

#include "json.h"

static void same_as_jansson(json_t *v)
{
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
	assert_non_null(want);
	buf b = BUF_INIT;
	assert_true(json_write(&b, v));
	assert_string_equal(b.data, want);
	free(want);
	buf_free(&b);
	json_decref(v);
}

static void test_scalars(void **state)
{
	(void)state;
	same_as_jansson(json_null());
	same_as_jansson(json_true());
	same_as_jansson(json_false());
	same_as_jansson(json_integer(0));
	same_as_jansson(json_integer(-9223372036854775807LL - 1));
	same_as_jansson(json_integer(9223372036854775807LL));
	static const double reals[] = {0.0, -0.0, 1.0, 0.1, 0.14, 1.5e300, -2.5e-300, 1e20, 1e21, 123456789012345678.0,
	                               3.141592653589793, 1e-5, 100.0, 0.031};
	for (size_t i = 0; i < countof(reals); i++) same_as_jansson(json_real(reals[i]));
}

static void test_strings(void **state)
{
	(void)state;
	static const char *const strings[] = {
		"", "plain ascii", "quote \" backslash \\ slash /", "\b\f\n\r\t", "\x01\x1f\x7f",
		"Piñon Springs", "Chùa Phước Hải", "中文 zh-Hant", "emoji \xf0\x9f\x97\xb3 ballot", "\xef\xbf\xbf",
		"<script>alert('x')</script> & \u2028 \u2029", "O'Brien",
	};
	for (size_t i = 0; i < countof(strings); i++) same_as_jansson(json_string(strings[i]));
	/* Invalid UTF-8 (which json_stringn_nocheck lets in) is refused, not passed on. */
	static const char *const bad[] = {"\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xffz"};
	for (size_t i = 0; i < countof(bad); i++) {
		json_t *s = json_stringn_nocheck(bad[i], strlen(bad[i]));
		buf b = BUF_INIT;
		assert_false(json_write(&b, s));
		buf_free(&b);
		json_decref(s);
	}
}

static void test_containers(void **state)
{
	(void)state;
	same_as_jansson(json_array());
	same_as_jansson(json_object());
	same_as_jansson(json_pack("{s:[i,s,n,b,f], s:{s:{}}, s:[]}", "items", 1, "x", (int)true, 2.5, "é", "k", "e"));
	/* Keys in insertion order, escaped like values. */
	json_t *o = json_object();
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a\"b", json_string("v"));
	json_object_set_new(o, "ñ", json_null());
	json_object_set_new(o, "m", json_pack("[[[]],{}]"));
	same_as_jansson(o);
	/* A big page, as the partner list writes it. */
	json_t *items = json_array();
	for (int i = 0; i < 200; i++)
		json_array_append_new(items, json_pack("{s:i, s:s, s:[s,s], s:n, s:f}", "id", i, "name", "Radio Alegría 1450 AM",
		                                       "tags", "spanish", "drop-box-host", "website", "share", 0.14 * i));
	same_as_jansson(json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_containers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
