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
