/*
** fuzz_utf8_dates.c: util.c's text and time readers on arbitrary bytes.
** Properties: utf8_scrub output is always valid UTF-8 and leaves valid
** text unchanged; str_log_safe output has no control bytes and is valid
** UTF-8; a date-time that normalises re-reads to the same instant; a valid
** date is a valid date-time at midnight UTC.
*/
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool valid = utf8_valid((const char *)data, size);
	char *s = fuzz_cstr(data, size);
	size_t n = strlen(s);
	if (valid) FUZZ_CHECK(n == size);   /* valid text holds no NUL */

	char *clean = utf8_scrub(s);
	FUZZ_CHECK(utf8_valid(clean, strlen(clean)));
	if (utf8_valid(s, n)) FUZZ_CHECK(strcmp(clean, s) == 0);
	free(clean);

	char *logged = str_log_safe(s, 64);
	FUZZ_CHECK(utf8_valid(logged, strlen(logged)));
	for (const unsigned char *p = (const unsigned char *)logged; *p; p++) FUZZ_CHECK(*p >= 0x20 && *p != 0x7F);
	free(logged);

	int64_t t;
	char out[ISO_TIME_LEN], again[ISO_TIME_LEN];
	if (time_parse_iso(s, &t)) {
		FUZZ_CHECK(datetime_normalize(s, out));
		FUZZ_CHECK(strlen(out) == 20 && out[10] == 'T' && out[19] == 'Z');
		int64_t t2;
		FUZZ_CHECK(time_parse_iso(out, &t2) && t2 == t);
		FUZZ_CHECK(datetime_normalize(out, again) && strcmp(out, again) == 0);
	}
	if (date_valid(s)) {
		FUZZ_CHECK(time_parse_iso(s, &t) && t % 86400 == 0);
		FUZZ_CHECK(datetime_normalize(s, out) && strncmp(out, s, 10) == 0);
	}
	int64_t v;
	if (str_parse_int64(s, &v)) FUZZ_CHECK(n > 0);
	free(s);
	return 0;
}
