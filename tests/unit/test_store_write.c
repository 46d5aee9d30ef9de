/* test_store_write.c: store_query_write (list pages written straight from
** the rows) gives exactly the text of json_write(store_query_rows(...)),
** for every column type and the _json/_bool conventions, and tells the
** caller whether more rows follow and which row was last. */
#include "testutil.h"

#include "json_write.h"

static const char *const sql =
	"SELECT id, name, share, tags AS tags_json, flag AS flag_bool, blank FROM t WHERE id >= ? ORDER BY id LIMIT ?";

/* The fixture stores invalid UTF-8 and relies on SQLite rowids, which
** PostgreSQL rightly refuses; the writer under test is the same for both
** stores, so these tests run on SQLite only. */
static bool on_postgres(void)
{
	const char *pg = getenv("RAPPORT_TEST_PG");
	return pg && *pg;
}

static store_conn *setup(store *s)
{
	store_conn *c = store_acquire(s);
	assert_true(store_exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, share REAL, tags TEXT, flag INTEGER,"
	                          " blank TEXT)", "") >= 0);
	static const struct { const char *name; double share; const char *tags; int flag; } rows[] = {
		{"Radio Alegría 1450 AM", 0.14, "[]", 1},
		{"Quote \" and \\ and \n newline", 1e21, "[\"spanish\",\"drop-box-host\"]", 0},
		{"Chùa Phước Hải \xf0\x9f\x97\xb3", -2.5, "{}", 1},
		{"bad \xff utf-8", 100.0, "not json", 0},
		{"O'Brien", 0.0, "[\"é\",{\"k\":[1,2.5,null,true]}]", 1},
		{NULL, 3.0, NULL, 0},
	};
	for (size_t i = 0; i < countof(rows); i++)
		assert_int_equal(store_exec(c, "INSERT INTO t(name, share, tags, flag) VALUES (?, ?, ?, ?)", "trtd", rows[i].name,
		                            rows[i].share, rows[i].tags, rows[i].flag), 1);
	return c;
}

static void test_same_text_as_rows(void **state)
{
	(void)state;
	if (on_postgres()) skip();
	store *s = test_store_open();
	store_conn *c = setup(s);
	for (int64_t from = 1; from <= 7; from++) {
		int rc;
		json_t *rows = store_query_rows(c, &rc, sql, "ii", from, (int64_t)100);
		assert_non_null(rows);
		buf want = BUF_INIT, got = BUF_INIT;
		assert_true(json_write(&want, rows));
		bool more;
		json_t *last;
		assert_int_equal(store_query_write(c, &got, 100, &more, &last, sql, "ii", from, (int64_t)100), STORE_OK);
		assert_string_equal(got.data, want.data);
		assert_false(more);
		assert_null(last);
		json_decref(rows);
		buf_free(&want);
		buf_free(&got);
	}
	/* Integers at the edges, and reals. */
	static const char *const edges =
		"SELECT -9223372036854775807 - 1 AS lo, 9223372036854775807 AS hi, 0 AS zero, -5 AS neg, 0.5 AS half,"
		" 1e300 AS big";
	json_t *rows = store_query_rows(c, NULL, edges, "");
	buf want = BUF_INIT, got = BUF_INIT;
	bool more;
	json_t *last;
	assert_true(json_write(&want, rows));
	assert_int_equal(store_query_write(c, &got, 1, &more, &last, edges, ""), STORE_OK);
	assert_string_equal(got.data, want.data);
	assert_string_equal(got.data, "[{\"lo\":-9223372036854775808,\"hi\":9223372036854775807,\"zero\":0,\"neg\":-5,"
	                              "\"half\":0.5,\"big\":1.0000000000000001e300}]");
	json_decref(rows);
	json_decref(last);
	buf_free(&want);
	buf_free(&got);
	store_release(c);
	test_store_close(s);
}

static void test_stops_at_max_and_names_the_last_row(void **state)
{
	(void)state;
	if (on_postgres()) skip();
	store *s = test_store_open();
	store_conn *c = setup(s);
	json_t *rows = store_query_rows(c, NULL, sql, "ii", (int64_t)1, (int64_t)100);
	for (int max = 1; max <= 6; max++) {
		buf got = BUF_INIT;
		bool more;
		json_t *last;
		assert_int_equal(store_query_write(c, &got, max, &more, &last, sql, "ii", (int64_t)1, (int64_t)100), STORE_OK);
		json_t *page = json_array();
		for (int i = 0; i < max; i++) json_array_append(page, json_array_get(rows, (size_t)i));
		buf want = BUF_INIT;
		json_write(&want, page);
		assert_string_equal(got.data, want.data);
		assert_true(more == (max < 6));
		assert_non_null(last);
		assert_true(json_equal(last, json_array_get(rows, (size_t)max - 1)));
		json_decref(page);
		json_decref(last);
		buf_free(&want);
		buf_free(&got);
	}
	/* No rows: an empty array, nothing more, no last row. */
	buf got = BUF_INIT;
	bool more;
	json_t *last;
	assert_int_equal(store_query_write(c, &got, 5, &more, &last, sql, "ii", (int64_t)99, (int64_t)100), STORE_OK);
	assert_string_equal(got.data, "[]");
	assert_false(more);
	assert_null(last);
	buf_free(&got);
	json_decref(rows);
	store_release(c);
	test_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_text_as_rows),
		cmocka_unit_test(test_stops_at_max_and_names_the_last_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
