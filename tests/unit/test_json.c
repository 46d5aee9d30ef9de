/* test_json.c: request-body validators collect every error with its field. */
#include "testutil.h"

#include "domain.h"
#include "json.h"

static json_t *parse(const char *s)
{
	json_t *j = json_loads(s, 0, NULL);
	assert_non_null(j);
	return j;
}

static const char *first_code(valid *v, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(v->errors, i, e) if (str_eq(json_string_value(json_object_get(e, "field")), field))
		return json_string_value(json_object_get(e, "code"));
	return NULL;
}

static void test_strings(void **state)
{
	(void)state;
	json_t *o = parse("{\"a\":\"x\",\"b\":\"   \",\"c\":5,\"d\":null,\"e\":\"\\u00e9\\u00e9\\u00e9\"}");
	valid v = {0};
	const char *s;
	assert_true(jf_string(&v, o, "a", true, 10, &s));
	assert_string_equal(s, "x");
	assert_false(jf_string(&v, o, "b", true, 10, &s));
	assert_false(jf_string(&v, o, "c", false, 10, &s));
	assert_true(jf_string(&v, o, "d", false, 10, &s));
	assert_null(s);
	assert_false(jf_string(&v, o, "d", true, 10, &s));
	assert_false(jf_string(&v, o, "missing", true, 10, &s));
	assert_true(jf_string(&v, o, "e", true, 3, &s));    /* 3 characters, 6 bytes */
	assert_false(jf_string(&v, o, "e", true, 2, &s));
	assert_string_equal(first_code(&v, "b"), "validation.required");
	assert_string_equal(first_code(&v, "c"), "validation.type");
	assert_string_equal(first_code(&v, "e"), "validation.length");
	assert_false(valid_ok(&v));
	valid_free(&v);
	json_decref(o);
}

static void test_enum_int_date(void **state)
{
	(void)state;
	json_t *o = parse("{\"kind\":\"institutional\",\"bad\":\"gov\",\"n\":5,\"big\":99999,\"f\":1.5,"
	                  "\"d\":\"2026-02-30\",\"ok\":\"2026-02-28\",\"t\":\"2026-03-08T02:30:00-07:00\"}");
	valid v = {0};
	const char *s;
	int64_t n;
	bool present;
	assert_true(jf_enum(&v, o, "kind", true, partner_kinds, &s));
	assert_string_equal(s, "institutional");
	assert_false(jf_enum(&v, o, "bad", true, partner_kinds, &s));
	assert_true(jf_int(&v, o, "n", true, 1, 10, &n, &present));
	assert_int_equal(n, 5);
	assert_false(jf_int(&v, o, "big", true, 1, 10, &n, &present));
	assert_false(jf_int(&v, o, "f", true, 1, 10, &n, &present));
	assert_false(jf_date(&v, o, "d", true, &s));
	assert_true(jf_date(&v, o, "ok", true, &s));
	char t[ISO_TIME_LEN];
	assert_true(jf_datetime(&v, o, "t", true, t, &present));
	assert_string_equal(t, "2026-03-08T09:30:00Z");
	assert_string_equal(first_code(&v, "bad"), "validation.enum");
	assert_string_equal(first_code(&v, "big"), "validation.range");
	assert_string_equal(first_code(&v, "f"), "validation.type");
	assert_string_equal(first_code(&v, "d"), "validation.date");
	valid_free(&v);
	json_decref(o);
}

static void test_arrays_and_keys(void **state)
{
	(void)state;
	json_t *o = parse("{\"tags\":[\"a\",\"b\"],\"dup\":[\"a\",\"a\"],\"mixed\":[\"a\",1],\"ids\":[1,2],"
	                  "\"badids\":[1,-2],\"dupids\":[3,3]}");
	valid v = {0};
	json_t *arr;
	assert_true(jf_string_array(&v, o, "tags", 5, 10, &arr));
	assert_int_equal(json_array_size(arr), 2);
	assert_false(jf_string_array(&v, o, "dup", 5, 10, &arr));
	assert_false(jf_string_array(&v, o, "mixed", 5, 10, &arr));
	assert_false(jf_string_array(&v, o, "tags", 1, 10, &arr));
	assert_true(jf_id_array(&v, o, "ids", 5, &arr));
	assert_false(jf_id_array(&v, o, "badids", 5, &arr));
	assert_false(jf_id_array(&v, o, "dupids", 5, &arr));
	valid_free(&v);
	static const char *const allowed[] = {"tags", "ids", NULL};
	json_t *k = parse("{\"tags\":[],\"typo\":1}");
	assert_false(jf_known_keys(&v, k, allowed));
	assert_string_equal(first_code(&v, "typo"), "validation.unknown_field");
	valid_free(&v);
	json_decref(k);
	json_decref(o);
}

static void test_domain_rules(void **state)
{
	(void)state;
	assert_true(partner_status_transition_ok("prospect", "vetting"));
	assert_true(partner_status_transition_ok("vetting", "active"));
	assert_false(partner_status_transition_ok("prospect", "active"));
	assert_false(partner_status_transition_ok("ended", "active"));
	assert_true(partner_status_transition_ok("dormant", "dormant"));
	assert_string_equal(partner_subtype_kind("media"), "institutional");
	assert_string_equal(partner_subtype_kind("emergency_management"), "intra_governmental");
	assert_null(partner_subtype_kind("library"));
	assert_true(language_tag_valid("es"));
	assert_true(language_tag_valid("zh-Hant"));
	assert_true(language_tag_valid("en-US"));
	assert_false(language_tag_valid("e"));
	assert_false(language_tag_valid("spanish"));
	assert_false(language_tag_valid("es-"));
	assert_false(language_tag_valid("es_MX"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings), cmocka_unit_test(test_enum_int_date),
		cmocka_unit_test(test_arrays_and_keys), cmocka_unit_test(test_domain_rules),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
