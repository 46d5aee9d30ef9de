/*
** calendar.c: iCalendar feeds through libical and vCards by hand
** (calendar.h).  Nothing here touches the store or HTTP.
*/
#include "calendar.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

char *calendar_ics(const char *name, json_t *events)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//rapport//follow-ups//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalproperty *x = icalproperty_new_x(name);
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	struct icaltimetype stamp = icaltime_from_timet_with_zone((time_t)time_now_secs(), 0, icaltimezone_get_utc_timezone());
	size_t i;
	json_t *e;
	json_array_foreach(events, i, e) {
		const char *date = json_string_value(json_object_get(e, "date"));
		if (!date || !date_valid(date)) continue;
		char compact[9];
		snprintf(compact, sizeof compact, "%.4s%.2s%.2s", date, date + 5, date + 8);
		struct icaltimetype start = icaltime_from_string(compact);
		struct icaltimetype end = start;
		icaltime_adjust(&end, 1, 0, 0, 0);
		icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
		icalcomponent_add_property(ev, icalproperty_new_uid(json_string_value(json_object_get(e, "uid"))));
		icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
		icalcomponent_add_property(ev, icalproperty_new_dtstart(start));
		icalcomponent_add_property(ev, icalproperty_new_dtend(end));
		icalcomponent_add_property(ev, icalproperty_new_summary(json_string_value(json_object_get(e, "summary"))));
		const char *desc = json_string_value(json_object_get(e, "description"));
		if (desc) icalcomponent_add_property(ev, icalproperty_new_description(desc));
		icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
		icalcomponent_add_component(cal, ev);
	}
	char *s = icalcomponent_as_ical_string_r(cal);   /* caller-owned copy (the _r form) */
	icalcomponent_free(cal);
	char *out = xstrdup(s);
	free(s);
	return out;
}

void vcard_escape(buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': buf_puts(b, "\\\\"); break;
		case ',': buf_puts(b, "\\,"); break;
		case ';': buf_puts(b, "\\;"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': if (s[1] != '\n') buf_puts(b, "\\n"); break;
		default: buf_putc(b, *s);
		}
	}
}

void vcard_line(buf *b, const char *name, const char *value)
{
	buf line = BUF_INIT;
	buf_printf(&line, "%s:%s", name, value);
	size_t col = 0;
	for (size_t i = 0; i < line.len;) {
		size_t n = 1;   /* the bytes of this UTF-8 character */
		unsigned char ch = (unsigned char)line.data[i];
		if (ch >= 0xF0) n = 4;
		else if (ch >= 0xE0) n = 3;
		else if (ch >= 0xC0) n = 2;
		if (i + n > line.len) n = line.len - i;
		if (col + n > 75) {
			buf_puts(b, "\r\n ");
			col = 1;
		}
		buf_append(b, line.data + i, n);
		col += n;
		i += n;
	}
	buf_puts(b, "\r\n");
	buf_free(&line);
}

static void prop(buf *b, const char *name, const char *raw)
{
	if (str_empty(raw)) return;
	buf v = BUF_INIT;
	vcard_escape(&v, raw);
	vcard_line(b, name, v.data);
	buf_free(&v);
}

void vcard_contact(buf *b, json_t *contact, json_t *affiliations, const char *uid_host)
{
	buf_puts(b, "BEGIN:VCARD\r\nVERSION:4.0\r\n");
	prop(b, "FN", json_string_value(json_object_get(contact, "full_name")));
	char *uid = xasprintf("urn:rapport:%s:contact:%lld", uid_host,
	                      (long long)json_integer_value(json_object_get(contact, "id")));
	vcard_line(b, "UID", uid);
	free(uid);
	prop(b, "EMAIL", json_string_value(json_object_get(contact, "email")));
	const char *tel = json_string_value(json_object_get(contact, "phone"));
	if (!str_empty(tel)) {
		buf v = BUF_INIT;
		vcard_escape(&v, tel);
		vcard_line(b, "TEL;VALUE=text", v.data);
		buf_free(&v);
	}
	prop(b, "LANG", json_string_value(json_object_get(contact, "preferred_language")));
	size_t i;
	json_t *a;
	json_array_foreach(affiliations, i, a) {
		prop(b, "ORG", json_string_value(json_object_get(a, "partner_name")));
		prop(b, "TITLE", json_string_value(json_object_get(a, "title")));
	}
	const char *rev = json_string_value(json_object_get(contact, "updated_at"));
	if (rev && strlen(rev) == 20) {   /* 2026-01-02T03:04:05Z -> 20260102T030405Z */
		char compact[17];
		snprintf(compact, sizeof compact, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", rev, rev + 5, rev + 8, rev + 11, rev + 14,
		         rev + 17);
		vcard_line(b, "REV", compact);
	}
	buf_puts(b, "END:VCARD\r\n");
}
