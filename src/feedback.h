/*
** feedback.h: the feedback record functions shared by the staff API
** (api_feedback.c), the public form (page_feedback.c), the reports and
** exports (report_feedback.c) and the command line: the vocabularies, the
** workflow rule, creating a record with its reference number, its events
** and its confidential contact details, and the on/off-cycle rule.
*/
#ifndef RAPPORT_FEEDBACK_H
#define RAPPORT_FEEDBACK_H

#include "api.h"
#include "tz.h"

extern const char *const feedback_channels[];     /* phone, email, walk_in, event, web_form, ... */
extern const char *const feedback_sources[];      /* voter, partner, staff */
extern const char *const feedback_statuses[];     /* new ... closed, closed_no_action */
extern const char *const solicitation_kinds[];
extern const char *const election_types[];

#define FEEDBACK_BODY_MAX 10000       /* characters, staff API */
#define FEEDBACK_PUBLIC_BODY_MAX 5000 /* characters, public form */

/* Whether the workflow allows from -> to:
**   new -> triaged | in_progress | action_taken | closed_no_action
**   triaged -> in_progress | action_taken | closed_no_action
**   in_progress -> action_taken | closed_no_action
**   action_taken -> closed | in_progress
**   closed | closed_no_action -> in_progress   (reopened)
** Steps may be skipped forward, but "closed" always follows "action taken". */
bool feedback_transition_ok(const char *from, const char *to);
bool feedback_status_open(const char *status);

/* A new feedback record, validated.  Strings are borrowed. */
typedef struct feedback_in {
	char received_at[ISO_TIME_LEN];  /* UTC; empty means now */
	const char *channel, *source, *language, *body, *due_on, *action_taken, *notes, *status;
	int64_t partner_id, contact_id, topic_id, assignee_id, solicitation_id, misconception_id;  /* 0: none */
	/* Confidential contact details (any may be NULL). */
	const char *contact_name, *contact_email, *contact_phone, *contact_address;
	bool contact_consent;
	const char *public_nonce;        /* the public form's token nonce, else NULL */
} feedback_in;

/* The office's zone (UTC when its name is unknown).  Never NULL. */
const tz_zone *feedback_office_zone(store_conn *c, int64_t office_id);

/* Inserts a record with its reference, its "created" event (and the steps
** to an initial status of action_taken or closed), its contact details and
** search document, and the audit entry, inside the caller's transaction.
** Returns the id, or a negative store error. */
int64_t feedback_insert(store_conn *c, const audit_actor *who, const feedback_in *in);

/* Adds a workflow event (kind created, status, assigned, edited). */
int feedback_event_add(store_conn *c, const audit_actor *who, int64_t id, const char *at, const char *kind,
                       const char *from, const char *to, const char *note);
/* Puts the record (as feedback_load shows it) into the search index. */
void feedback_index(store_conn *c, int64_t office_id, json_t *f);

/* The record as the API shows it (no contact details: has_contact only),
** with topic, partner, assignee and solicitation names and its events; NULL
** when not in this office.  Caller decrefs. */
json_t *feedback_load(store_conn *c, int64_t office_id, int64_t id);

/* The on-cycle window around elections, in days (the office settings
** on_cycle_days_before / on_cycle_days_after, defaults 60 / 30). */
void feedback_cycle_window(store_conn *c, int64_t office_id, int *before, int *after);

/* The office's election dates (sorted), for cycle_is_on. */
typedef struct cycle_calendar {
	int64_t *days;   /* election dates as days since 1970-01-01 */
	int n;
	int before, after;
} cycle_calendar;
void cycle_calendar_load(store_conn *c, int64_t office_id, cycle_calendar *cal);
void cycle_calendar_free(cycle_calendar *cal);
/* Whether a local date (days since 1970-01-01) is on-cycle: within
** [election - before, election + after] of some election, ends included. */
bool cycle_is_on(const cycle_calendar *cal, int64_t day);
/* Days since 1970-01-01 of a valid YYYY-MM-DD. */
int64_t date_days(const char *date);

#endif
