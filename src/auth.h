/*
** auth.h: passwords (argon2id), sessions, API tokens, and working out who
** is calling.  Only hashes of session and API tokens are stored.
*/
#ifndef RAPPORT_AUTH_H
#define RAPPORT_AUTH_H

#include "http.h"

#define AUTH_SESSION_COOKIE "rapport_session"
#define AUTH_MAX_FAILED_LOGINS 5        /* then the account is locked */
#define AUTH_LOCK_SECS (15 * 60)

/* argon2id via libsodium.  out must hold 128 bytes.  Returns false on failure. */
bool auth_password_hash(const char *password, char out[128]);
bool auth_password_verify(const char *hash, const char *password);
/* A real argon2id hash of a random password: verifying against it costs
** what a real check costs, so unknown accounts take as long as known ones. */
const char *auth_dummy_hash(void);
/* A password policy check; returns NULL when acceptable, else why not. */
const char *auth_password_problem(const char *password);

/* SHA-256 of a token as 64 hex characters. */
void auth_token_hash(const char *token, char out[65]);
/* Constant-time comparison of two NUL-terminated strings. */
bool auth_token_equal(const char *a, const char *b);

/* Fills r->caller from a Bearer token or the session cookie.  Returns false
** (without replying) when there are no valid credentials, or after replying
** 503 when the database failed during the lookup. */
bool auth_authenticate(http_req *r);

/* The *why of auth_user_create when the email is taken, by any office:
** compare the pointer.  (On PostgreSQL another office's account is invisible
** to an office's transaction, so only the unique index can tell.) */
extern const char auth_email_taken[];
/* Creates a user inside the caller's transaction.  Returns the new id, or 0
** with *why set (a static message) when the email is taken or input is bad. */
int64_t auth_user_create(store_conn *c, int64_t office_id, const char *email, const char *name,
                         const char *role, const char *password, const char **why);

/* Creates an API token; *token_out (caller frees) is shown once.  Returns the id or 0. */
int64_t auth_token_create(store_conn *c, int64_t office_id, int64_t user_id, const char *name,
                          char **token_out);

/* Creates a session; the cookie value (caller frees) in *token_out, the CSRF token in csrf. */
int64_t auth_session_create(store_conn *c, const app *a, int64_t office_id, int64_t user_id,
                            char **token_out, char csrf[65]);

#endif
