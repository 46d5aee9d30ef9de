/*
** partners.h: the partner record functions other modules reuse (the
** importer, handover, reports).  Defined in api_partners.c.
*/
#ifndef RAPPORT_PARTNERS_H
#define RAPPORT_PARTNERS_H

#include "api.h"

typedef struct partner_in {
	const char *name, *kind, *subtype, *status, *website, *address, *notes, *status_note;
	json_t *shared_goals, *tags, *group_ids, *languages;   /* borrowed from the body */
	int64_t cadence_days;
	bool has_cadence;
} partner_in;

/* The whole partner as the API shows it, or NULL.  Caller decrefs. */
json_t *partner_load(store_conn *c, int64_t office_id, int64_t id);
/* Validates a new partner body (inside a transaction: group ids are checked). */
bool partner_check_new(valid *v, store_conn *c, int64_t office_id, json_t *body, partner_in *in);
/* Inserts a checked partner with its audit entry; returns its id or a store error (< 0). */
int64_t partner_insert(store_conn *c, const audit_actor *who, json_t *body, const partner_in *in);
/* Sets the partner's last_interaction_on ("last touched") to the date of
** its newest interaction dated today (UTC) or earlier, leaving out handover
** notes (a change of staff, not contact with the partner); NULL when none.
** Call in the transaction of any write to the partner's interactions.
** Returns STORE_OK or a store error. */
int partner_touch(store_conn *c, int64_t office_id, int64_t partner_id);
/* Writes a checked partner over partner id (before: the partner as
** partner_load gave it inside this transaction): the row (a NULL status
** keeps the current one), the lists in names (NULL group_ids or languages
** keep the current ones), a status-history entry when the status moves, the
** search documents and the audit entry, all inside the caller's transaction
** (used by PATCH and the importer).  Returns the partner as it is now
** (caller decrefs), or NULL with *rc set to the store error. */
json_t *partner_update(store_conn *c, const audit_actor *who, int64_t id, json_t *before, const partner_in *in,
                       int *rc);
/* Rewrites the partner's search document from p (as partner_load gives it). */
void partner_reindex(store_conn *c, int64_t office_id, json_t *p);

#endif
