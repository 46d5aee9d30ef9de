/*
** calendar.h: iCalendar (RFC 5545) and vCard 4.0 (RFC 6350) output.
**
** calendar_ics builds a VCALENDAR with libical (icalcomponent_*) and
** serializes it with icalcomponent_as_ical_string_r, which writes CRLF line
** ends, folds lines at 75 octets and escapes text values.  vCards are
** written here (libical has no vCard writer): vcard_escape escapes a text
** value per RFC 6350 section 3.4, vcard_line folds at 75 octets without
** splitting a UTF-8 character.
*/
#ifndef RAPPORT_CALENDAR_H
#define RAPPORT_CALENDAR_H

#include <jansson.h>

#include "util.h"

/* A VCALENDAR named name with one all-day VEVENT per event, each
** {uid, date: "YYYY-MM-DD", summary, description?}.  Caller frees. */
char *calendar_ics(const char *name, json_t *events);

/* Appends s with \ , ; and newlines escaped (RFC 6350 3.4). */
void vcard_escape(buf *b, const char *s);
/* Appends one content line (name ":" value already escaped), folded at 75
** octets with CRLF + space, ending in CRLF. */
void vcard_line(buf *b, const char *name, const char *value);
/* Appends a whole vCard 4.0 for a contact row {id, full_name, email?,
** phone?, preferred_language?, updated_at} and its current affiliations
** [{partner_name, title?}]. */
void vcard_contact(buf *b, json_t *contact, json_t *affiliations, const char *uid_host);

#endif
