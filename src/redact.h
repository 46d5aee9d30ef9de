/*
** redact.h: scrubbing personal details out of free text before it leaves
** the office (public-records exports, their previews).
**
** What is found, and what replaces it:
**   email      name@example.org                                -> [redacted: email]
**   ssn        123-45-6789, 123 45 6789                         -> [redacted: ssn]
**   phone      (555) 123-4567, 555-123-4567, 555.123.4567,
**              555 123 4567, +1 555 123 4567, 1-555-123-4567,
**              5551234567, and seven-digit 123-4567              -> [redacted: phone]
**   licence    a letter followed by 7 to 12 digits (A1234567,
**              D12345678901), the shape most states' driver's
**              licence numbers take; also "DL" / "licence no."
**              followed by 6 to 14 letters and digits            -> [redacted: licence]
**   address    a house number, one to four capitalised street-name
**              words (or an ordinal like 5th) and a suffix: St,
**              Street, Ave, Avenue, Rd, Road, Blvd, Boulevard, Ln,
**              Lane, Dr, Drive, Ct, Court, Way, Pl, Place, Ter,
**              Terrace, Cir, Circle, Hwy, Highway, Pkwy, Parkway;
**              an optional direction (N, S., West) before the name
**              and unit after (Apt 4B, Unit 2, Suite 100, # 12)  -> [redacted: address]
** Patterns are applied in that order, so a replaced span is never matched
** again.  Ordinary text such as "Precinct 12", "3 hours on the way",
** dates (2026-03-01, 3/1/2026), times and ZIP codes is left alone; street
** names written all in lower case are not recognised (a known limit: the
** words "the road", "the way" in ordinary sentences would otherwise be).
**
** Thread-safe: the patterns are compiled once (first use) and shared; each
** call has its own match data.
*/
#ifndef RAPPORT_REDACT_H
#define RAPPORT_REDACT_H

#include <jansson.h>
#include <stddef.h>

enum redact_kind { REDACT_EMAIL, REDACT_SSN, REDACT_PHONE, REDACT_LICENCE, REDACT_ADDRESS, REDACT_KINDS };

typedef struct redact_counts {
	int n[REDACT_KINDS];
} redact_counts;

/* The kind's name as used in replacements and counts: "email", "ssn",
** "phone", "licence", "address". */
const char *redact_kind_name(enum redact_kind k);

/* A copy of text with every personal detail replaced; adds what it
** replaced to *counts (may be NULL).  NULL in, NULL out.  Text that is not
** valid UTF-8 comes back as "[redacted: unreadable text]" (fail closed).
** Caller frees. */
char *redact_text(const char *text, redact_counts *counts);

/* Adds b's counts to a. */
void redact_counts_add(redact_counts *a, const redact_counts *b);
/* Counts as a JSON object {"email": n, ...} with every kind.  Caller decrefs. */
json_t *redact_counts_json(const redact_counts *c);

#endif
