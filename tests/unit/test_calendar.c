/* test_calendar.c: iCalendar output (CRLF, folding, escaping, and that
** libical parses it back) and vCard 4.0 escaping and folding. */
#include "testutil.h"

#include "calendar.h"

#include <libical/ical.h>

/* Every line ends in CRLF and is at most 75 octets. */
static void assert_lines_ok(const char *s)
{
	const char *p = s;
	while (*p) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(nl > p && nl[-1] == '\r');
		assert_true((size_t)(nl - 1 - p) <= 75);
		p = nl + 1;
	}
}

/* Removes CRLF + space folds; caller frees. */
static char *unfold(const char *s)
{
	buf b = BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p += 2;
			continue;
		}
		buf_putc(&b, *p);
	}
	return buf_take(&b);
}

static void test_vcard_escape(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	vcard_escape(&b, "a,b;c\\d\ne\r\nf");
	assert_string_equal(b.data, "a\\,b\\;c\\\\d\\ne\\nf");
	buf_free(&b);
}

static void test_vcard_folding(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	char v[200];
	memset(v, 'x', 72);
	v[72] = 0;
	vcard_line(&b, "FN", v);   /* "FN:" + 72 = 75 octets: no fold */
	assert_int_equal(b.len, 77);
	buf_reset(&b);
	memset(v, 'x', 73);
	v[73] = 0;
	vcard_line(&b, "FN", v);   /* 76: folded after 75 */
	assert_lines_ok(b.data);
	assert_true(strstr(b.data, "\r\n x\r\n") != NULL);
	buf_reset(&b);
	/* Two-byte characters are never split across a fold. */
	buf u = BUF_INIT;
	for (int i = 0; i < 100; i++) buf_puts(&u, "\xc3\x9c");
	vcard_line(&b, "FN", u.data);
	assert_lines_ok(b.data);
	for (const char *p = b.data; (p = strstr(p, "\r\n ")); p += 3) assert_true(((unsigned char)p[3] & 0xC0) != 0x80);
	char *un = unfold(b.data);
	assert_true(strncmp(un + 3, u.data, u.len) == 0);
	assert_true(utf8_valid(b.data, b.len));
	free(un);
	buf_free(&u);
	buf_free(&b);
}

static void test_vcard_contact(void **state)
{
	(void)state;
	json_t *c = json_pack("{s:i, s:s, s:s, s:s, s:s}", "id", 7, "full_name", "Doe, Jane; Jr", "email", "j@example.org",
	                      "phone", "+1 555 0100", "updated_at", "2026-01-02T03:04:05Z");
	json_t *aff = json_pack("[{s:s, s:s}]", "partner_name", "A;B Library", "title", "Head\nLibrarian");
	buf b = BUF_INIT;
	vcard_contact(&b, c, aff, "office-1");
	assert_lines_ok(b.data);
	char *un = unfold(b.data);
	assert_true(str_starts(un, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Doe\\, Jane\\; Jr\r\n"));
	assert_non_null(strstr(un, "UID:urn:rapport:office-1:contact:7\r\n"));
	assert_non_null(strstr(un, "ORG:A\\;B Library\r\n"));
	assert_non_null(strstr(un, "TITLE:Head\\nLibrarian\r\n"));
	assert_non_null(strstr(un, "TEL;VALUE=text:+1 555 0100\r\n"));
	assert_non_null(strstr(un, "REV:20260102T030405Z\r\n"));
	assert_true(strcmp(un + strlen(un) - 11, "END:VCARD\r\n") == 0);
	free(un);
	buf_free(&b);
	json_decref(c);
	json_decref(aff);
}

static void test_ics(void **state)
{
	(void)state;
	json_t *events = json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]",
	    "uid", "follow-up-1@rapport", "date", "2026-12-31", "summary",
	    "Follow up: Biblioteca P\xc3\xba" "blica; Norte, con un resumen muy largo que pasa de setenta y cinco octetos",
	    "description", "line one\nline two",
	    "uid", "follow-up-2@rapport", "date", "2026-02-28", "summary", "Second",
	    "uid", "bad@rapport", "date", "2026-02-30", "summary", "skipped: not a date");
	char *ics = calendar_ics("rapport follow-ups: Pat", events);
	assert_lines_ok(ics);
	assert_true(str_starts(ics, "BEGIN:VCALENDAR\r\n"));
	char *un = unfold(ics);
	assert_non_null(strstr(un, "VERSION:2.0\r\n"));
	assert_non_null(strstr(un, "X-WR-CALNAME:rapport follow-ups: Pat\r\n"));
	assert_non_null(strstr(un, "DTSTART;VALUE=DATE:20261231\r\n"));
	assert_non_null(strstr(un, "DTEND;VALUE=DATE:20270101\r\n"));
	assert_non_null(strstr(un, "DTEND;VALUE=DATE:20260301\r\n"));
	assert_non_null(strstr(un, "P\xc3\xba" "blica\\; Norte\\, con"));
	assert_non_null(strstr(un, "DESCRIPTION:line one\\nline two\r\n"));
	assert_null(strstr(un, "skipped"));
	/* libical reads back what it wrote. */
	icalcomponent *cal = icalparser_parse_string(ics);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_uid(ev), "follow-up-1@rapport");
	assert_non_null(strstr(icalcomponent_get_summary(ev), "P\xc3\xba" "blica; Norte, con"));
	struct icaltimetype start = icalcomponent_get_dtstart(ev);
	assert_true(start.is_date);
	assert_int_equal(start.year, 2026);
	assert_int_equal(start.month, 12);
	assert_int_equal(start.day, 31);
	icalcomponent_free(cal);
	free(un);
	free(ics);
	json_decref(events);
	/* An empty feed is still a valid calendar. */
	json_t *none = json_array();
	ics = calendar_ics("empty", none);
	assert_true(str_starts(ics, "BEGIN:VCALENDAR\r\n"));
	assert_null(strstr(ics, "VEVENT"));
	free(ics);
	json_decref(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vcard_escape),
		cmocka_unit_test(test_vcard_folding),
		cmocka_unit_test(test_vcard_contact),
		cmocka_unit_test(test_ics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
