/*
** misconceptions.h: what the misconception files share (api_misconceptions.c,
** api_claim_response.c, api_claim_amplify.c, report_misconceptions.c,
** page_facts.c): the claim vocabularies and workflow rule, the office's
** response targets, loading a claim, and the timeline writer.
** Defined in misconceptions.c.
*/
#ifndef RAPPORT_MISCONCEPTIONS_H
#define RAPPORT_MISCONCEPTIONS_H

#include "api.h"

extern const char *const claim_topics[];
extern const char *const claim_severities[];      /* low, medium, high */
extern const char *const claim_statuses[];
extern const char *const sighting_sources[];
extern const char *const source_kinds[];          /* statute, procedure, official_page, other */
extern const char *const ask_outcomes[];          /* yes, no, unknown */

/* Whether a claim may move from one status to another through the plain
** status route.  approved and published are reached only by approving and
** publishing, which have their own checks. */
bool claim_status_move_ok(const char *from, const char *to);

/* 2 for high, 1 for medium, 0 for low (sort order: most severe first). */
int claim_severity_rank(const char *severity);

/* The office's response targets in hours, by severity: its settings'
** response_target_hours (office_settings_get, which fills in the defaults
** 24 / 72 / 168 for anything missing or unusable). */
typedef struct claim_targets {
	int64_t high, medium, low;
} claim_targets;
claim_targets claim_targets_get(store_conn *c, int64_t office_id);
int64_t claim_target_hours(const claim_targets *t, const char *severity);

/* The whole claim as the API shows it (languages, groups, places, counts,
** the response's newest version number and state), or NULL when it is not
** the office's.  Merged claims load too (merged_into_id set).  Caller decrefs. */
json_t *claim_load(store_conn *c, int64_t office_id, int64_t id);

/* Appends a timeline row.  Returns STORE_OK or a store error. */
int claim_event_add(store_conn *c, int64_t office_id, int64_t claim_id, const char *action,
                    const char *from_status, const char *to_status, int64_t user_id,
                    const char *note, const char *at);

/* Moves the claim's status, with its timeline row (action "status",
** "response_version", "approval", "publication" or "correction"); bumps
** version and updated_at.  Returns STORE_OK or a store error. */
int claim_set_status(store_conn *c, int64_t office_id, int64_t claim_id, const char *action, const char *from,
                     const char *to, int64_t user_id, const char *note, const char *at);

/* Keeps the claim's search document current. */
void claim_index(store_conn *c, int64_t office_id, json_t *claim);

/* A sighting as read from a request body (POST .../sightings, or the
** "sighting" of a new claim).  Strings are borrowed from the body. */
typedef struct sighting_in {
	const char *source, *media_item, *platform, *place, *link, *notes;
	int64_t partner_id, contact_id, feedback_id, reported_by;
	char seen_at[ISO_TIME_LEN];   /* defaults to now */
} sighting_in;
/* Checks a sighting body: partners, contacts, users and feedback records
** must be the caller's office's (api_claim_sightings.c). */
void sighting_validate(valid *v, store_conn *c, const http_req *r, json_t *o, sighting_in *in);
/* Inserts a checked sighting for a claim, moves the claim's first_seen_at
** back if it is earlier, and audits it.  Returns the new id or a store
** error (< 0). */
int64_t sighting_insert(store_conn *c, const http_req *r, int64_t claim_id, const sighting_in *in);

/* Whether s is a public page name: 1-80 of a-z, 0-9 and single inner hyphens. */
bool claim_slug_valid(const char *s);
/* A page name made from text (lower-case ASCII letters and digits joined by
** hyphens, at most 60 characters; "claim" when nothing is left).  Caller frees. */
char *claim_slugify(const char *text);

/* Whether s is an http:// or https:// address with a host and no spaces or
** control characters (the only sources the public page links). */
bool claim_url_ok(const char *s);

#endif
