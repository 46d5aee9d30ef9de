/* test_office.c: office settings: defaults, reading what was stored (junk
** reads as the default), merging a change, time zone names. */
#include "testutil.h"

#include "office.h"

static void test_defaults_complete(void **state)
{
	(void)state;
	json_t *d = office_settings_defaults();
	json_t *want = json_loads("{\"on_cycle_days_before\":60,\"on_cycle_days_after\":30,"
	                          "\"response_target_hours\":{\"high\":24,\"medium\":72,\"low\":168},"
	                          "\"cadence_days_default\":90,\"cadence_days_by_subtype\":{},"
	                          "\"verify_after_days\":365,\"offerings\":[],\"state_opt_in\":false}", 0, NULL);
	assert_true(json_equal(d, want));
	assert_int_equal(office_cadence_days(d, "media"), 90);
	json_decref(want);
	json_decref(d);
}

static void test_fill_ignores_junk(void **state)
{
	(void)state;
	json_t *stored = json_loads("{\"on_cycle_days_before\":\"lots\",\"on_cycle_days_after\":10,"
	                            "\"response_target_hours\":{\"high\":-1,\"low\":200},"
	                            "\"cadence_days_by_subtype\":{\"media\":30,\"nonsense\":30,\"library\":1},"
	                            "\"offerings\":[\"tours\", 3, \"\"],\"old_key\":1}", 0, NULL);
	json_t *s = office_settings_fill(stored, true);
	assert_int_equal(json_integer_value(json_object_get(s, "on_cycle_days_before")), 60);
	assert_int_equal(json_integer_value(json_object_get(s, "on_cycle_days_after")), 10);
	json_t *t = json_object_get(s, "response_target_hours");
	assert_int_equal(json_integer_value(json_object_get(t, "high")), 24);
	assert_int_equal(json_integer_value(json_object_get(t, "low")), 200);
	assert_int_equal(json_object_size(json_object_get(s, "cadence_days_by_subtype")), 1);
	assert_int_equal(office_cadence_days(s, "media"), 30);
	assert_int_equal(office_cadence_days(s, "library"), 90);
	assert_null(json_object_get(s, "old_key"));
	json_t *offers = json_object_get(s, "offerings");   /* only the texts */
	assert_int_equal(json_array_size(offers), 1);
	assert_string_equal(json_string_value(json_array_get(offers, 0)), "tours");
	assert_true(json_is_true(json_object_get(s, "state_opt_in")));
	json_decref(s);
	json_t *junk = json_string("not an object");
	s = office_settings_fill(junk, false);
	assert_int_equal(json_integer_value(json_object_get(s, "verify_after_days")), 365);
	json_decref(s);
	json_decref(junk);
	json_decref(stored);
}

static void test_merge(void **state)
{
	(void)state;
	json_t *stored = json_loads("{\"on_cycle_days_before\":45,\"response_target_hours\":{\"high\":12}}", 0, NULL);
	json_t *patch = json_loads("{\"on_cycle_days_before\":null,\"response_target_hours\":{\"low\":100},"
	                           "\"state_opt_in\":true}", 0, NULL);
	valid v = {0};
	int opt = 0;
	json_t *out = office_settings_merge(&v, stored, patch, &opt);
	assert_true(valid_ok(&v));
	assert_non_null(out);
	assert_int_equal(opt, 1);
	assert_null(json_object_get(out, "on_cycle_days_before"));
	assert_null(json_object_get(out, "state_opt_in"));
	json_t *t = json_object_get(out, "response_target_hours");
	assert_int_equal(json_integer_value(json_object_get(t, "high")), 12);
	assert_int_equal(json_integer_value(json_object_get(t, "low")), 100);
	json_decref(out);
	json_decref(patch);
	patch = json_loads("{\"verify_after_days\":0,\"cadence_days_by_subtype\":{\"zoo\":30},\"x\":1}", 0, NULL);
	out = office_settings_merge(&v, stored, patch, &opt);
	assert_null(out);
	assert_int_equal(json_array_size(v.errors), 3);
	valid_free(&v);
	json_decref(patch);
	json_decref(stored);
}

/* settings.offerings: a short list of texts, trimmed; null or [] clears it. */
static void test_merge_offerings(void **state)
{
	(void)state;
	valid v = {0};
	int opt = 0;
	json_t *patch = json_loads("{\"offerings\":[\" guided tours \", \"presentations\"]}", 0, NULL);
	json_t *out = office_settings_merge(&v, NULL, patch, &opt);
	assert_true(valid_ok(&v));
	json_t *want = json_loads("[\"guided tours\", \"presentations\"]", 0, NULL);
	assert_true(json_equal(json_object_get(out, "offerings"), want));
	json_decref(want);
	json_decref(patch);
	patch = json_loads("{\"offerings\":null}", 0, NULL);
	json_t *cleared = office_settings_merge(&v, out, patch, &opt);
	assert_true(valid_ok(&v));
	assert_null(json_object_get(cleared, "offerings"));
	json_decref(cleared);
	json_decref(patch);
	const char *bad[] = {"{\"offerings\":\"tours\"}", "{\"offerings\":[1]}", "{\"offerings\":[\"  \"]}",
	                     "{\"offerings\":[\"a\",\"a\"]}", "{\"offerings\":[\"a\\tb\"]}", NULL};
	for (int i = 0; bad[i]; i++) {
		patch = json_loads(bad[i], 0, NULL);
		assert_non_null(patch);
		assert_null(office_settings_merge(&v, out, patch, &opt));
		assert_string_equal(json_string_value(json_object_get(json_array_get(v.errors, 0), "field")),
		                    "settings.offerings");
		valid_free(&v);
		json_decref(patch);
	}
	json_decref(out);
}

static void test_timezones(void **state)
{
	(void)state;
	assert_true(office_timezone_valid("America/New_York"));
	assert_true(office_timezone_valid("UTC"));
	assert_true(office_timezone_valid("America/Argentina/Buenos_Aires"));
	assert_false(office_timezone_valid("America"));          /* a folder */
	assert_false(office_timezone_valid("zone.tab"));         /* a file, not a zone */
	assert_false(office_timezone_valid("../../etc/passwd"));
	assert_false(office_timezone_valid("America/../UTC"));
	assert_false(office_timezone_valid("/etc/localtime"));
	assert_false(office_timezone_valid("Mars/Base"));
	assert_false(office_timezone_valid(""));
	assert_false(office_timezone_valid(NULL));
}

static void test_settings_get(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, settings, state_opt_in, created_at) VALUES ('A', 'a', ?, 1, '2026-01-01T00:00:00Z')"
	    " RETURNING id", "t", "{\"verify_after_days\": 180, \"on_cycle_days_after\": \"junk\"}");
	assert_true(id > 0);
	assert_int_equal(store_commit(c), STORE_OK);
	json_t *got = office_settings_get(c, id);
	assert_non_null(got);
	assert_int_equal(json_integer_value(json_object_get(got, "verify_after_days")), 180);
	assert_int_equal(json_integer_value(json_object_get(got, "on_cycle_days_after")), 30);
	assert_true(json_is_true(json_object_get(got, "state_opt_in")));
	json_decref(got);
	assert_null(office_settings_get(c, id + 100));
	store_release(c);
	test_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_complete),
		cmocka_unit_test(test_fill_ignores_junk),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_offerings),
		cmocka_unit_test(test_timezones),
		cmocka_unit_test(test_settings_get),
	};
	return cmocka_run_group_tests_name("office", tests, NULL, NULL);
}
