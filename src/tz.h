/*
** tz.h: the office's wall clock.  Converts UTC instants to local date and
** time in an IANA zone (offices.timezone) and local dates back to the UTC
** instants that bound them, correctly across daylight-saving changes.
**
** Zones are read from the compiled tz database (TZif files under
** /usr/share/zoneinfo, or $TZDIR), parsed by this module: transitions, and
** the POSIX rule in the file's footer for instants after the last one.
** Nothing here touches the process's TZ or calls localtime, so it is safe
** on any thread.  A zone is loaded once and kept for the life of the
** process (a small, bounded cache); the pointers tz_get returns stay valid.
**
** Usage, e.g. report boundaries:
**     const tz_zone *z = tz_get("America/Denver");
**     int64_t start;
**     tz_local_midnight(z, "2026-03-01", &start);   // 2026-03-01T07:00:00Z
*/
#ifndef RAPPORT_TZ_H
#define RAPPORT_TZ_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tz_zone tz_zone;

/* Broken-down local time. */
typedef struct tz_local {
	int year, month, day;        /* 1-based month and day */
	int hour, minute, second;
	int weekday;                 /* 0 = Sunday */
	int offset;                  /* seconds east of UTC in effect */
	bool dst;
} tz_local;

/* The zone named (e.g. "America/Denver", "UTC"), or NULL when there is no
** such zone or the name is not a plain zone name.  Thread-safe; the result
** lives as long as the process. */
const tz_zone *tz_get(const char *name);
/* Whether name is a zone tz_get can load. */
bool tz_valid(const char *name);
const char *tz_name(const tz_zone *z);

/* Seconds east of UTC in effect at the UTC instant t. */
int tz_offset_at(const tz_zone *z, int64_t t);
/* The local wall-clock time at UTC instant t. */
void tz_to_local(const tz_zone *z, int64_t t, tz_local *out);
/* The local date ("YYYY-MM-DD") of UTC instant t. */
void tz_local_date(const tz_zone *z, int64_t t, char out[11]);
/* The local month ("YYYY-MM") of UTC instant t. */
void tz_local_month(const tz_zone *z, int64_t t, char out[8]);
/* The local time as "YYYY-MM-DDTHH:MM:SS" (no zone suffix). */
void tz_local_iso(const tz_zone *z, int64_t t, char out[20]);

/* The first UTC instant whose local date is `date` (YYYY-MM-DD): local
** midnight, or the moment the clock jumps past midnight where a zone skips
** it.  False for a bad date. */
bool tz_local_midnight(const tz_zone *z, const char *date, int64_t *out);
/* The UTC range [start, end) of local dates from..to inclusive, as
** "YYYY-MM-DDTHH:MM:SSZ" strings ready to compare with stored times. */
bool tz_date_range_utc(const tz_zone *z, const char *from, const char *to, char start[21],
                       char end[21]);

/* Civil-date arithmetic (proleptic Gregorian), used with dates above. */
int64_t tz_days_from_civil(int y, int m, int d);
void tz_civil_from_days(int64_t days, int *y, int *m, int *d);
/* date + n days into out ("YYYY-MM-DD"); false for a bad date. */
bool tz_date_add_days(const char *date, int n, char out[11]);

#endif
