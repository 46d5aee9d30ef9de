/* test_export.c: CSV quoting and formula defusing per RFC 4180, and an XLSX
** file that is a real zip with typed dates and a header row. */
#include "testutil.h"

#include "export.h"

static const export_col cols[] = {
	{"ref", "Reference", EXPORT_TEXT, 0},
	{"n", "Count", EXPORT_NUMBER, 0},
	{"on", "Received on", EXPORT_DATE, 0},
	{"at", "Received at", EXPORT_DATETIME, 0},
	{"body", "Body, text", EXPORT_TEXT, 60},
};

static void test_csv_quoting(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:s, s:i, s:s, s:s, s:s}, {s:s, s:i, s:n, s:s, s:s}]",
	    "ref", "FB-1", "n", -3, "on", "2026-03-01", "at", "2026-03-01T09:30:00", "body", "plain",
	    "ref", "a,b", "n", 7, "on", "at", "2026-03-02T00:00:00", "body", "she said \"hi\"\nthen left");
	export_table t = {cols, (int)countof(cols), rows, NULL};
	size_t len;
	char *csv = export_csv(&t, false, &len);
	assert_string_equal(csv,
	    "Reference,Count,Received on,Received at,\"Body, text\"\r\n"
	    "FB-1,-3,2026-03-01,2026-03-01T09:30:00,plain\r\n"
	    "\"a,b\",7,,2026-03-02T00:00:00,\"she said \"\"hi\"\"\nthen left\"\r\n");
	assert_int_equal(len, strlen(csv));
	free(csv);
	csv = export_csv(&t, true, &len);
	assert_memory_equal(csv, "\xEF\xBB\xBFReference,", 13);
	free(csv);
	json_decref(rows);
}

static void test_csv_defusing(void **state)
{
	(void)state;
	const char *danger[] = {"=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"};
	for (size_t i = 0; i < countof(danger); i++) {
		buf b = BUF_INIT;
		export_csv_field(&b, danger[i], true);
		assert_true(str_starts(b.data, "\"'"));
		assert_int_equal(b.data[2], danger[i][0]);
		buf_free(&b);
	}
	buf b = BUF_INIT;
	export_csv_field(&b, "=1", false);   /* a typed number column is not defused */
	assert_string_equal(b.data, "=1");
	buf_reset(&b);
	export_csv_field(&b, "safe = text", true);
	assert_string_equal(b.data, "safe = text");
	buf_free(&b);
	/* A text column holding a number-like string is defused; a number is not. */
	json_t *rows = json_pack("[{s:s, s:s}]", "ref", "-5", "n", "=cmd");
	export_table t = {cols, 2, rows, NULL};
	size_t len;
	char *csv = export_csv(&t, false, &len);
	assert_string_equal(csv, "Reference,Count\r\n\"'-5\",\"'=cmd\"\r\n");
	free(csv);
	json_decref(rows);
}

static void test_xlsx(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:s, s:i, s:s, s:s, s:s}]", "ref", "FB-1", "n", 3, "on", "2026-03-01",
	                         "at", "2026-03-01T09:30:00Z", "body", "=not a formula");
	export_table t = {cols, (int)countof(cols), rows, "Feedback"};
	size_t len;
	char *err = NULL;
	char *x = export_xlsx(&t, &len, &err);
	assert_non_null(x);
	assert_null(err);
	assert_true(len > 1000);
	assert_memory_equal(x, "PK\x03\x04", 4);   /* a zip archive */
	free(x);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_defusing),
		cmocka_unit_test(test_xlsx),
	};
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
