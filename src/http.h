/*
** http.h: the per-request context passed to every handler, and the ways a
** handler reads the request and writes its one reply.
**
** libmicrohttpd runs handlers on several threads; all request state lives
** in the http_req passed in, never in globals.  A handler writes exactly one
** reply (http_reply_*); if it writes none the dispatcher answers 500.
*/
#ifndef RAPPORT_HTTP_H
#define RAPPORT_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

/* Roles, in increasing power.  The state role stands apart: it sees only
** aggregates across offices, never an office's records. */
enum role {
	ROLE_PUBLIC = 0,   /* no account needed */
	ROLE_VIEWER = 1,
	ROLE_STAFF = 2,
	ROLE_COORDINATOR = 3,
	ROLE_DIRECTOR = 4,
	ROLE_ADMIN = 5,
	ROLE_STATE = 9,
};
const char *role_name(int role);
int role_parse(const char *name);    /* -1 if unknown */

/* CSV uploads (imports) may be this large even when app.max_body is smaller. */
#define HTTP_MAX_CSV_BODY ((size_t)10 * 1024 * 1024)

/* Process-wide configuration, read-only once serving starts. */
typedef struct app {
	store *store;
	const char *listen;          /* "127.0.0.1:8080" */
	const char *web_dir;         /* serve the UI from disk instead of the embedded copy (development) */
	const char *i18n_dir;        /* extra message catalogs */
	size_t max_body;             /* bytes; larger bodies get 413 */
	bool secure_cookies;         /* add Secure to cookies (behind TLS) */
	bool trust_proxy;            /* take the client address from X-Forwarded-For */
	int threads;
	int session_idle_secs;
	int session_max_secs;
} app;

/* Who is calling, filled in by the dispatcher before the handler runs. */
typedef struct http_caller {
	int64_t user_id;             /* 0: nobody signed in */
	int64_t office_id;
	int64_t session_id;          /* 0 for bearer tokens */
	int role;
	bool bearer;
	char email[1024];            /* 254 characters of UTF-8 fit */
	char name[1024];             /* user names are at most 200 characters */
	char csrf[65];
} http_caller;

struct route;

typedef struct http_header {
	char *name;
	char *value;
} http_header;

typedef struct http_req {
	app *app;
	struct MHD_Connection *mhd;
	const struct route *route;
	const char *method;
	const char *url;             /* path, without the query string */
	char client_ip[64];
	char request_id[17];
	int64_t started_ms;

	buf body;                    /* raw body, NUL-terminated */
	bool body_too_large;
	json_t *json;                /* parsed body for JSON routes */

	const char *params[4];       /* path parameters, in order, e.g. {id} */
	int nparams;
	char *path_buf;              /* the copy of url that params point into */

	http_caller caller;
	store_conn *db;              /* acquired by http_db(), released after the reply */

	/* The reply. */
	int status;
	char *reply_body;
	size_t reply_len;
	const char *content_type;
	http_header headers[12];
	int nheaders;
	bool replied;
} http_req;

/* Reading the request. */
const char *http_query(http_req *r, const char *key);    /* NULL if absent */
const char *http_header_get(http_req *r, const char *name);
const char *http_cookie(http_req *r, const char *name);
/* Path parameter idx as a positive id; on failure replies 404 and returns false. */
bool http_param_id(http_req *r, int idx, int64_t *out);

/* A database connection for this request (acquired once, released after
** the reply).  NULL means the database is down: the reply (503) is written. */
store_conn *http_db(http_req *r);

/* Writing the reply. */
void http_reply(http_req *r, int status, const char *content_type, const char *data, size_t len);
void http_reply_take(http_req *r, int status, const char *content_type, char *data, size_t len);
void http_reply_json(http_req *r, int status, json_t *body);   /* steals body */
void http_reply_error(http_req *r, int status, const char *code, const char *field,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The usual answer to a store error code (409 for constraints, 503, 500). */
void http_reply_store_error(http_req *r, int rc);
void http_header_add(http_req *r, const char *name, const char *value);
void http_reply_no_content(http_req *r);

/* The server. */
int http_serve(app *a);          /* runs until SIGINT/SIGTERM; returns exit code */

/* Runs one request through routing, auth and the handler without a socket
** (used by unit tests).  The caller frees the req with http_req_free. */
void http_dispatch(http_req *r);
void http_req_free(http_req *r);

#endif
