/*
** continuity.h: the facts about each relationship that the continuity-risk
** list, "my relationships" and the strength score are computed from, the
** office settings they depend on, and the risk rules themselves.
**
** The rules (cont_risk_evaluate) are pure functions of a cont_facts, so unit
** tests state a situation and check the reasons without a database.  The
** loader (cont_facts_load) gathers the facts for every partner of an office
** with a handful of set-based queries (no query per partner) over the
** summary the database keeps per partner (partner_facts), so the report
** stays fast on tens of thousands of partners.
**
** "Touches" are interactions of every type except 'handover': a handover
** note records a change of staff, not contact with the partner.
*/
#ifndef RAPPORT_CONTINUITY_H
#define RAPPORT_CONTINUITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store.h"

#define CONT_DATE_LEN 11

/* The settings these reports need, with their defaults. */
typedef struct cont_settings {
	int cadence_days_default;      /* 90: expected days between touches for an active partner */
	json_t *cadence_by_subtype;    /* {subtype: days} (owned; may be empty) */
	int verify_after_days;         /* 365: a contact counts as verified this long */
	json_t *offerings;             /* what the office offers partners: array of strings (owned) */
} cont_settings;

/* Reads the office's settings through office_settings_get (office.h), each
** key falling back to its default when absent or malformed; offerings from
** offices.settings "offerings".  Free with cont_settings_free. */
void cont_settings_load(store_conn *c, int64_t office_id, cont_settings *out);
void cont_settings_free(cont_settings *s);
/* The cadence for a partner: its own, else its subtype's, else the default. */
int cont_cadence_for(const cont_settings *s, int partner_cadence, const char *subtype);

/* Dates "YYYY-MM-DD". */
void cont_today(char out[CONT_DATE_LEN]);
/* date plus days (negative to go back). */
void cont_date_add(const char *date, int days, char out[CONT_DATE_LEN]);
/* Whole days from a to b (b - a); both dates or date-times. */
int64_t cont_days_between(const char *a, const char *b);

/* A copy of s that can go into JSON: invalid UTF-8 (text written around
** the API, an operator's shell) becomes U+FFFD, NULL becomes "".  Every
** text the reports put in a reply passes through it, so no reply can fail
** to build.  Caller frees. */
char *cont_text(const char *s);

/* What is known about one partner's relationship. */
typedef struct cont_facts {
	int64_t id;
	char *name;                    /* owned */
	char subtype[40];
	char status[12];
	int cadence_days;              /* the effective cadence (cont_cadence_for) */
	int64_t primary_user, backup_user;        /* 0: none */
	bool primary_active, backup_active;
	char *primary_name, *backup_name;         /* owned; NULL when none */
	int contacts;                  /* current affiliations */
	int contacts_verified;         /* of those, verified within verify_after_days */
	int contacts_bounced;          /* of those, marked bounced */
	int verify_after_days;         /* from the settings, for the messages */
	char last_touch[CONT_DATE_LEN];           /* "" when never */
	int touches_12m;               /* touches in the last 12 months */
	int office_gave_12m, partner_gave_12m;    /* by direction ('both' counts for each) */
	int followups_overdue;         /* open follow-ups due before today */
	char oldest_followup[CONT_DATE_LEN];      /* due date of the oldest overdue one */
	int advisory_attended_12m;     /* attendances by the partner's members at meetings in the last 12 months */
	int advisory_adopted;          /* adopted recommendations proposed by its members */
	json_t *group_ids;             /* demographic groups reached (owned array; NULL when none) */
} cont_facts;

typedef struct cont_facts_list {
	cont_facts *items;
	int n;
} cont_facts_list;

/* Loads the facts for the office's partners whose status is status (NULL:
** every status), or only partner_id when it is non-zero, as of today.
** Returns STORE_OK or a store error.  Free with cont_facts_free. */
int cont_facts_load(store_conn *c, int64_t office_id, const char *status, int64_t partner_id,
                    const cont_settings *s, const char *today, cont_facts_list *out);
void cont_facts_free(cont_facts_list *l);
/* How many touches a partner_facts.touches list holds dated from..to
** (dates "YYYY-MM-DD", both included). */
int cont_touch_count(const char *touches, const char *from, const char *to);

/* Contacts of the office whose details staff last confirmed (status
** verified, last_verified_at) on a UTC date from..to inclusive.  A contact
** verified again after `to` is not counted: contacts keep only their
** latest verification.  -1 on a store error. */
int64_t cont_contacts_verified_between(store_conn *c, int64_t office_id, const char *from, const char *to);

/* Risk bands, in increasing severity. */
enum cont_band { CONT_OK = 0, CONT_WARNING = 1, CONT_OVERDUE = 2 };
const char *cont_band_name(enum cont_band b);

/* The reason codes, in bit order (cont_risk_evaluate's *codes). */
extern const char *const cont_reason_codes[];

/* Applies every risk rule to f as of today.  Appends one object per reason
** to reasons ({code, band, points, message}) unless reasons is NULL (then
** no text is formatted: for ranking many partners); returns the total
** points, sets *band to the worst band found (CONT_OK when none) and, when
** codes is not NULL, *codes to the set of reasons (bit i: cont_reason_codes[i]). */
int cont_risk_evaluate(const cont_facts *f, const char *today, json_t *reasons, enum cont_band *band,
                       unsigned *codes);

/* The date the next touch is due (last touch + cadence; today when never). */
void cont_next_due(const cont_facts *f, const char *today, char out[CONT_DATE_LEN]);

#endif
