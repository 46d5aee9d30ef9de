/*
** audit.h: the append-only audit log.  Every create, update and delete, and
** every sign-in and export, is written in the same transaction as the change.
*/
#ifndef RAPPORT_AUDIT_H
#define RAPPORT_AUDIT_H

#include "http.h"

typedef struct audit_actor {
	int64_t office_id;
	int64_t user_id;          /* 0 for the command line or the public */
	const char *actor;        /* email, "cli" or "public" */
	const char *request_id;   /* may be NULL */
} audit_actor;

/* The actor of a request: its signed-in user, or "public". */
audit_actor audit_actor_of(const http_req *r);

/* Writes one entry.  before/after are borrowed (either may be NULL).
** Returns STORE_OK or a store error code. */
int audit_record(store_conn *c, const audit_actor *who, const char *action, const char *entity,
                 int64_t entity_id, json_t *before, json_t *after);

#endif
