/*
** handover.h: a staff departure in one step.  Everything a person holds
** (liaison roles, open follow-ups, advisory roles, and whatever later
** modules register) moves to successors in one transaction, each move in
** the audit log, a handover note on every partner affected, and the account
** deactivated (its name stays on the history it made).
**
** Each kind of holding is a provider in the table in handover.c: a function
** that lists what a user holds with the proposed successor of each item,
** and one that moves an item.  The kinds: liaison roles (primary, backup),
** open follow-ups, advisory meetings to convene and recommendations to act
** on, assigned open feedback, and unapproved misconception response drafts.
** Adding a kind is one table row and two small functions; the "nothing
** left without an owner" check covers it automatically.
*/
#ifndef RAPPORT_HANDOVER_H
#define RAPPORT_HANDOVER_H

#include <jansson.h>

#include "audit.h"
#include "store.h"

/* Who takes over: to is required to move anything; backup_to (0: to) takes
** backup roles. */
typedef struct handover_req {
	int64_t office_id;
	int64_t from_user_id;
	int64_t to_user_id;
	int64_t backup_to_user_id;
} handover_req;

/* Checks the request: from is a user of the office (else *not_found),
** successors are active staff-or-above users of the office, not the
** departing person.  Problems go to errors (array of {field, code,
** message}).  Returns true when acceptable. */
bool handover_check(store_conn *c, const handover_req *h, bool *not_found, json_t *errors);

/* What the user holds and who would take each item, inside the caller's
** transaction: {user, successor, backup_successor, holdings: {kind: [items]},
** counts: {kind: n}, total}.  Each item names its proposed successor
** (to_user_id / to_user_name; null when to_user_id is 0 and the item has
** no other candidate).  NULL on a store error.  Caller decrefs. */
json_t *handover_preview(store_conn *c, const handover_req *h);

/* Moves everything, writes the audit entries, the handover notes and the
** handovers row, and deactivates the account, inside the caller's
** transaction (the caller commits or rolls back).  On success returns
** STORE_OK and *result = {handover_id, counts, moved: [...],
** partners_noted} (caller decrefs).  Fails (STORE_ERROR) if anything would
** be left without an owner. */
int handover_apply(store_conn *c, const audit_actor *who, const handover_req *h, json_t **result);

/* The handovers made on UTC dates from..to (inclusive), oldest first:
** [{id, at, counts: {kind: n}, moved (total items), still_held (what the
** departed person holds now: 0 unless given something since)}].  No names:
** the certification packet prints it.  NULL with *rc on a store error.
** Caller decrefs. */
json_t *handover_history(store_conn *c, int64_t office_id, const char *from, const char *to, int *rc);

/* Counts what a user still holds (0 after a handover). */
int64_t handover_remaining(store_conn *c, int64_t office_id, int64_t user_id);

#endif
