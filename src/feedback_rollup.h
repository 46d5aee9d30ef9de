/*
** feedback_rollup.h: what the feedback summary counts, per local day, and
** the rollup tables that keep it (sql/009_feedback_rollup.sql).
**
** A record contributes to the local date it was received (in the office's
** zone): to the day's counts (received, acted on, closed) overall and by
** channel, topic and language, to the count of its current status, and to
** the day's response times (first action, close).  feedback_days holds
** that for a range of days, either read from the rollup
** (feedback_days_load: a few thousand rows a year) or counted from the
** records themselves (feedback_days_scan); the two are the same by
** construction, and report_feedback.c builds the summary from either.
**
** The rollup changes in the same transaction as each record:
**     feedback_fact before, after;
**     feedback_fact_read(c, office, id, &before);   // locks the office's rollup
**     ... UPDATE feedback ... ;
**     feedback_fact_read(c, office, id, &after);
**     feedback_rollup_apply(c, office, &before, &after);
** (create: before absent; delete: after absent).  A stale rollup (never
** built, or built in another zone) is rebuilt by the next apply, and by
** feedback_rollup_rebuild when the office's zone changes.
*/
#ifndef RAPPORT_FEEDBACK_ROLLUP_H
#define RAPPORT_FEEDBACK_ROLLUP_H

#include "store.h"
#include "tz.h"

#define FB_NCHANNELS 9    /* feedback_channels */
#define FB_NSTATUSES 6    /* feedback_statuses */
#define FB_SECS_MAX 1073741823   /* 2^30 - 1: the longest time kept, about 34 years */

typedef struct fb_count {
	int64_t received, acted, closed;
} fb_count;

typedef struct fb_keyed {
	char key[36];         /* language */
	int64_t topic_id;     /* topic (0: none) */
	fb_count n;
} fb_keyed;

typedef struct fb_times {
	int32_t *v;           /* seconds, ascending */
	int n, cap;
} fb_times;

typedef struct fb_day {
	fb_count all;
	fb_count channel[FB_NCHANNELS];
	int64_t status[FB_NSTATUSES];
	fb_keyed *langs, *topics;
	int nlangs, ntopics;
	fb_times times[2];    /* 0: time to first action, 1: time to close */
} fb_day;

/* Days day0 .. day0 + ndays - 1 (days since 1970-01-01, local dates). */
typedef struct feedback_days {
	char from[11], to[11];
	int64_t day0;
	int ndays;
	fb_day *d;
} feedback_days;

/* Empty days from..to (valid dates, from <= to); free with feedback_days_free. */
void feedback_days_init(feedback_days *f, const char *from, const char *to);
void feedback_days_free(feedback_days *f);
/* Fills f (initialised for the range) from the rollup, or from the records. */
int feedback_days_load(store_conn *c, int64_t office_id, feedback_days *f);
int feedback_days_scan(store_conn *c, int64_t office_id, const tz_zone *z, feedback_days *f);

/* Whether the office's rollup exists and was built in its current zone. */
bool feedback_rollup_fresh(store_conn *c, int64_t office_id);

/* One record's contribution. */
typedef struct feedback_fact {
	bool present;
	char day[11];                  /* local date received */
	char channel[16], language[36], status[20];
	int64_t topic_id;              /* 0: none */
	bool acted, closed;
	int64_t secs[2];               /* first action, close; -1: none */
} feedback_fact;

/* Takes the office's rollup lock (its offices row), then reads record id's
** contribution (present false when there is no such record).  Returns
** STORE_OK or a store error. */
int feedback_fact_read(store_conn *c, int64_t office_id, int64_t id, feedback_fact *f);
/* Moves the rollup from before to after (either may be absent or NULL),
** or rebuilds it when stale.  Call inside the write transaction, after
** feedback_fact_read took the lock. */
int feedback_rollup_apply(store_conn *c, int64_t office_id, const feedback_fact *before, const feedback_fact *after);
/* Recounts the office's rollup from its records in its current zone. */
int feedback_rollup_rebuild(store_conn *c, int64_t office_id);

#endif
