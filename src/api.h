/*
** api.h: what every api_*.c handler shares: opening and ending the request's
** transaction, optimistic-concurrency checks, and cursor pagination.
**
** The pattern of a write handler:
**     store_conn *c = api_begin(r, STORE_WRITE);
**     if (!c) return;                       // reply already written
**     ... validate, write, audit_record ...
**     if (failed) return api_fail(r, rc);   // rolls back, replies
**     api_commit_reply(r, 201, record);     // commits, then replies
**
** The pattern of a PATCH to one record (load, version, merge, validate,
** update, audit, reply):
**     api_edit e;
**     if (!api_edit_begin(r, &e, fields, thing_load)) return;
**     thing_validate(&e.v, e.merged, &in);
**     if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
**     int rc = store_exec(e.c, "UPDATE ...", ...);
**     api_edit_finish(r, &e, rc, "thing", rc >= 0 ? thing_load(e.c, e.office_id, e.id) : NULL);
*/
#ifndef RAPPORT_API_H
#define RAPPORT_API_H

#include "audit.h"
#include "http.h"
#include "json.h"
#include "store.h"

/* Acquires the request's connection and begins a transaction scoped to the
** caller's office.  NULL means a reply (503) was written. */
store_conn *api_begin(http_req *r, enum store_txn kind);
/* Rolls back and replies with the usual answer for store error rc. */
void api_fail(http_req *r, int rc);
/* Rolls back and replies 404. */
void api_not_found(http_req *r);
/* Commits, then replies with body (stolen) and status; on a failed commit
** replies with the store error instead. */
void api_commit_reply(http_req *r, int status, json_t *body);
/* Ends a read transaction and replies. */
void api_read_reply(http_req *r, json_t *body);

/* Loads one record of an office by id: NULL when the office has none.
** Caller decrefs. */
typedef json_t *(*api_load_fn)(store_conn *c, int64_t office_id, int64_t id);

/* Begins a transaction of kind and loads record id of the caller's office
** with load into *record (the caller decrefs it).  NULL means a reply (503,
** or 404 when there is no such record) was written and nothing is open. */
store_conn *api_begin_load(http_req *r, enum store_txn kind, api_load_fn load, int64_t id, json_t **record);
/* GET /things/{id}: the record load gives for the path's first id, or 404. */
void api_get_reply(http_req *r, api_load_fn load);

/* The end of a write to one record: when rc (the result of the writes so
** far: a count or STORE_OK, or a store error < 0) is not an error, writes the
** audit entry for action on entity id (before: the record as it was, after:
** as it is; either may be NULL), commits and replies status with after (201,
** 200; 204 replies no body).  On an error, or a missing after for a status
** that shows it, rolls back and replies the error.  Takes before and after. */
void api_audit_commit(http_req *r, int rc, const char *action, const char *entity, int64_t id,
                      json_t *before, json_t *after, int status);

/* A PATCH to one record in progress (see the pattern above). */
typedef struct api_edit {
	store_conn *c;        /* the open write transaction */
	int64_t office_id;    /* the caller's */
	int64_t id;           /* from the path's first parameter */
	json_t *body;         /* the request body (borrowed) */
	json_t *before;       /* the record as it was (owned) */
	json_t *merged;       /* before with the body's fields over it, to validate (owned) */
	valid v;              /* errors found so far */
} api_edit;

/* Reads the id in the path and the body, refuses keys not in fields (422),
** begins a write transaction, loads the record (404), checks the body's
** version (409), and merges the body's fields (from the same list) over a
** copy of it.  false means a reply was written and nothing is held. */
bool api_edit_begin(http_req *r, api_edit *e, const char *const *fields, api_load_fn load);
/* Rolls back, replies 422 with e->v's errors, and frees e. */
void api_edit_invalid(http_req *r, api_edit *e);
/* Frees what e holds; the transaction stays open. */
void api_edit_free(api_edit *e);
/* Rolls back and frees e, for a handler that writes its own reply. */
void api_edit_abandon(api_edit *e);
/* Ends the edit as api_audit_commit(r, rc, "update", entity, e->id,
** e->before, after, 200) and frees the rest of e.  Takes after. */
void api_edit_finish(http_req *r, api_edit *e, int rc, const char *entity, json_t *after);

/* Checks body.version against current.version: 422 when missing, 409 when
** stale (the reply carries the current record).  Rolls back on failure. */
bool api_version_ok(http_req *r, json_t *body, json_t *current);

/* Pagination: ?limit= (1..200, default 50) and ?cursor= (opaque).  On a bad
** value replies 422 and returns false.  *cursor is a new JSON array (the
** last row's sort values) or NULL for the first page; caller decrefs. */
bool api_page_params(http_req *r, int *limit, json_t **cursor);
/* An opaque cursor for the values given (stolen array).  Caller frees. */
char *api_cursor_encode(json_t *values);
/* Wraps items into {items, next_cursor}: when items holds limit+1 rows the
** extra is dropped and a cursor is made from the last kept row's keys. */
json_t *api_page(json_t *items, int limit, const char *key1, const char *key2);

/* Ends a read transaction and replies with a page whose text so far is
** '{"items":[...]' (from store_query_write): adds "next_cursor", made from
** last's key1 and key2 when last is not NULL (more rows follow), else null.
** Takes page's memory; last is borrowed. */
void api_read_reply_page(http_req *r, buf *page, json_t *last, const char *key1, const char *key2);

/* A query parameter that must be one of allowed (NULL when absent); on a
** bad value replies 422 and returns false. */
bool api_query_enum(http_req *r, const char *name, const char *const *allowed, const char **out);
bool api_query_id(http_req *r, const char *name, int64_t *out);   /* 0 when absent */
bool api_query_date(http_req *r, const char *name, const char **out);

#endif
