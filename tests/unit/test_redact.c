/* test_redact.c: each kind of personal detail is found and counted, and
** ordinary text (precincts, dates, times, ZIP codes, reference numbers) is
** left alone. */
#include "testutil.h"

#include "redact.h"

static void redacts_to(const char *in, const char *want, enum redact_kind kind, int n)
{
	redact_counts c = {0};
	char *out = redact_text(in, &c);
	assert_string_equal(out, want);
	for (int k = 0; k < REDACT_KINDS; k++) assert_int_equal(c.n[k], k == (int)kind ? n : 0);
	free(out);
}

static void unchanged(const char *in)
{
	redact_counts c = {0};
	char *out = redact_text(in, &c);
	if (strcmp(out, in) != 0) fail_msg("changed: \"%s\" -> \"%s\"", in, out);
	for (int k = 0; k < REDACT_KINDS; k++) assert_int_equal(c.n[k], 0);
	free(out);
}

static void test_emails(void **state)
{
	(void)state;
	redacts_to("write to maria.lopez+vote@example.org today", "write to [redacted: email] today", REDACT_EMAIL, 1);
	redacts_to("a@b.co and O'Neil@mail.county.gov", "[redacted: email] and [redacted: email]", REDACT_EMAIL, 2);
}

static void test_phones(void **state)
{
	(void)state;
	redacts_to("call (555) 123-4567", "call [redacted: phone]", REDACT_PHONE, 1);
	redacts_to("call 555.123.4567.", "call [redacted: phone].", REDACT_PHONE, 1);
	redacts_to("+1 555 123 4567 or 1-555-123-4567", "[redacted: phone] or [redacted: phone]", REDACT_PHONE, 2);
	redacts_to("555-123-4567", "[redacted: phone]", REDACT_PHONE, 1);
	redacts_to("text 5551234567 or +15551234567", "text [redacted: phone] or [redacted: phone]", REDACT_PHONE, 2);
	redacts_to("home 123-4567", "home [redacted: phone]", REDACT_PHONE, 1);
}

static void test_ssn_and_licence(void **state)
{
	(void)state;
	redacts_to("my SSN is 123-45-6789", "my SSN is [redacted: ssn]", REDACT_SSN, 1);
	redacts_to("ssn 123 45 6789", "ssn [redacted: ssn]", REDACT_SSN, 1);
	redacts_to("licence A1234567 and D123456789012", "licence [redacted: licence] and [redacted: licence]",
	           REDACT_LICENCE, 2);
	redacts_to("DL# 99887766X", "DL# [redacted: licence]", REDACT_LICENCE, 1);
	redacts_to("driver's license number: WDL1234XY", "driver's license number: [redacted: licence]",
	           REDACT_LICENCE, 1);
}

static void test_addresses(void **state)
{
	(void)state;
	redacts_to("I live at 123 Main St and", "I live at [redacted: address] and", REDACT_ADDRESS, 1);
	redacts_to("4 N. Elm Street, Apt 2B.", "[redacted: address].", REDACT_ADDRESS, 1);
	redacts_to("1600 Martin Luther King Jr Blvd Suite 100", "[redacted: address]", REDACT_ADDRESS, 1);
	redacts_to("at 22 5th Ave today", "at [redacted: address] today", REDACT_ADDRESS, 1);
	redacts_to("77 Sunset Way #4", "[redacted: address]", REDACT_ADDRESS, 1);
	redacts_to("9 Oak Ct, 10 Pine Lane", "[redacted: address], [redacted: address]", REDACT_ADDRESS, 2);
	redacts_to("P.O. Box 1234", "[redacted: address]", REDACT_ADDRESS, 1);
}

static void test_mixed_counts(void **state)
{
	(void)state;
	redact_counts c = {0};
	char *out = redact_text("Jo (jo@x.org, 555-123-4567) at 12 Main St, SSN 123-45-6789", &c);
	assert_string_equal(out, "Jo ([redacted: email], [redacted: phone]) at [redacted: address], SSN [redacted: ssn]");
	assert_int_equal(c.n[REDACT_EMAIL], 1);
	assert_int_equal(c.n[REDACT_PHONE], 1);
	assert_int_equal(c.n[REDACT_ADDRESS], 1);
	assert_int_equal(c.n[REDACT_SSN], 1);
	assert_int_equal(c.n[REDACT_LICENCE], 0);
	json_t *j = redact_counts_json(&c);
	assert_int_equal(json_integer_value(json_object_get(j, "email")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "licence")), 0);
	json_decref(j);
	free(out);
	assert_null(redact_text(NULL, NULL));
	out = redact_text("bad \xff utf8", NULL);
	assert_string_equal(out, "[redacted: unreadable text]");
	free(out);
}

static void test_no_false_positives(void **state)
{
	(void)state;
	unchanged("Precinct 12 opened late");
	unchanged("Polling place at Precinct 1204 had a line of 45 people");
	unchanged("Election day is 2026-11-03; early voting 10/19/2026 to 11/2/2026.");
	unchanged("Open 7:00 a.m. to 7:00 p.m., 3 hours on the way, 2 people at the place");
	unchanged("ZIP 80202 and 80202-1234");
	unchanged("Reference FB-2026-000123 about ballot 12345");
	unchanged("We counted 1,234,567 ballots in 2024.");
	unchanged("Room 101, Floor 3, Proposition 118");
	unchanged("I walked down the street to the main road.");
	unchanged("Hay una línea larga en el centro de votación número 5.");
	unchanged("License plate issue, no number");
	unchanged("");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_ssn_and_licence),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_mixed_counts),
		cmocka_unit_test(test_no_false_positives),
	};
	return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
