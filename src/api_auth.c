/*
** api_auth.c: signing in and out, and who am I.  Sign-in is rate limited per
** client address and per account; after AUTH_MAX_FAILED_LOGINS failures in a
** row the account is locked for AUTH_LOCK_SECS.  An unknown email costs the
** same argon2id work as a wrong password, so timing does not reveal accounts,
** and locks after the same failures with the same answer, so a lockout does
** not reveal them either.
*/
#include "api.h"
#include "auth.h"
#include "handlers.h"
#include "ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static ratelimit *login_limit;
static pthread_once_t login_limit_once = PTHREAD_ONCE_INIT;
static void login_limit_init(void) { login_limit = ratelimit_new(10, 10); }

/* Failed sign-ins with emails that are no (active) account, so that they
** lock exactly as an account does.  Kept in memory, by a keyed hash of the
** email (the table holds no addresses); when full, the slot seen longest
** ago is reused, so a flood of made-up emails cannot grow it.  A restart
** forgets them, as it forgets the per-address rate limit. */
#define GHOST_SLOTS 1024
typedef struct ghost {
	unsigned char key[16];
	int failed;
	int64_t locked_until;   /* epoch seconds; 0 when not locked */
	int64_t seen;
} ghost;
static ghost ghosts[GHOST_SLOTS];
static unsigned char ghost_hash_key[crypto_generichash_KEYBYTES];
static pthread_mutex_t ghost_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ghost_once = PTHREAD_ONCE_INIT;
static void ghost_init(void) { randombytes_buf(ghost_hash_key, sizeof ghost_hash_key); }

/* The slot for email (lower-cased), made when make is true; NULL otherwise.
** Call with ghost_mutex held. */
static ghost *ghost_find(const char *email, bool make, int64_t now)
{
	unsigned char key[16];
	crypto_generichash(key, sizeof key, (const unsigned char *)email, strlen(email), ghost_hash_key,
	                   sizeof ghost_hash_key);
	ghost *oldest = &ghosts[0];
	for (int i = 0; i < GHOST_SLOTS; i++) {
		if (ghosts[i].seen && sodium_memcmp(ghosts[i].key, key, sizeof key) == 0) return &ghosts[i];
		if (ghosts[i].seen < oldest->seen) oldest = &ghosts[i];
	}
	if (!make) return NULL;
	memset(oldest, 0, sizeof *oldest);
	memcpy(oldest->key, key, sizeof key);
	oldest->seen = now;
	return oldest;
}

/* When sign-in with the unknown email is locked: the end of the lock (epoch
** seconds), else 0. */
static int64_t ghost_locked_until(const char *email)
{
	pthread_once(&ghost_once, ghost_init);
	int64_t now = time_now_secs(), until = 0;
	pthread_mutex_lock(&ghost_mutex);
	ghost *g = ghost_find(email, false, now);
	if (g && g->locked_until > now) until = g->locked_until;
	pthread_mutex_unlock(&ghost_mutex);
	return until;
}

/* Counts a failed sign-in with the unknown email; the AUTH_MAX_FAILED_LOGINS-th
** in a row locks it for AUTH_LOCK_SECS, as users.locked_until does. */
static void ghost_failed(const char *email)
{
	pthread_once(&ghost_once, ghost_init);
	int64_t now = time_now_secs();
	pthread_mutex_lock(&ghost_mutex);
	ghost *g = ghost_find(email, true, now);
	g->seen = now;
	if (++g->failed >= AUTH_MAX_FAILED_LOGINS) {
		g->failed = 0;
		g->locked_until = now + (int64_t)AUTH_LOCK_SECS;
	}
	pthread_mutex_unlock(&ghost_mutex);
}

/* 429 auth.locked: the same answer for an account and an unknown email. */
static void reply_locked(http_req *r, const char *until)
{
	http_header_add(r, "Retry-After", "900");
	http_reply_error(r, 429, "auth.locked", NULL,
	                 "This account is locked after too many failed sign-ins. Try again after %s UTC,"
	                 " or ask an administrator to reset the password.", until);
}

static void set_session_cookie(http_req *r, const char *value, int max_age)
{
	char *cookie = xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", AUTH_SESSION_COOKIE,
	                         value, max_age, r->app->secure_cookies ? "; Secure" : "");
	http_header_add(r, "Set-Cookie", cookie);
	free(cookie);
}

static json_t *whoami(store_conn *c, const http_caller *who)
{
	json_t *office = store_query_row(c, NULL, "SELECT id, name, slug, timezone FROM offices WHERE id = ?", "i",
	                                 who->office_id);
	return json_pack("{s:{s:I, s:s, s:s, s:s}, s:o, s:s}", "user", "id", (json_int_t)who->user_id, "email",
	                 who->email, "name", who->name, "role", role_name(who->role), "office",
	                 office ? office : json_null(), "csrf_token", who->csrf);
}

void api_auth_login(http_req *r)
{
	static const char *const fields[] = {"email", "password", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *email, *password;
	jf_known_keys(&v, body, fields);
	jf_string(&v, body, "email", true, 254, &email);
	jf_string(&v, body, "password", true, 512, &password);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	pthread_once(&login_limit_once, login_limit_init);
	char key[300];
	snprintf(key, sizeof key, "ip:%s", r->client_ip);
	if (!ratelimit_take(login_limit, key)) {
		http_header_add(r, "Retry-After", "60");
		return http_reply_error(r, 429, "auth.rate_limited", NULL,
		                        "Too many sign-in attempts from your address. Wait a minute and try again.");
	}
	char *lower = xstrdup(email);
	str_lower_ascii(lower);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) {
		free(lower);
		return;
	}
	json_t *u = store_query_row(c, NULL,
	    "SELECT id, office_id, role, email, name, password_hash, failed_logins, locked_until"
	    " FROM users WHERE email = ? AND active = 1",
	    "t", lower);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	char until[ISO_TIME_LEN] = "";
	const char *locked = u ? json_string_value(json_object_get(u, "locked_until")) : NULL;
	if (locked && strcmp(locked, now) > 0) snprintf(until, sizeof until, "%s", locked);
	int64_t ghost_until = u ? 0 : ghost_locked_until(lower);
	if (ghost_until) time_iso_from_epoch(ghost_until, until);
	if (until[0]) {
		free(lower);
		json_decref(u);
		store_rollback(c);
		return reply_locked(r, until);
	}
	const char *hash = u ? json_string_value(json_object_get(u, "password_hash")) : auth_dummy_hash();
	bool ok = auth_password_verify(hash, password) && u;
	audit_actor who = {.office_id = u ? json_integer_value(json_object_get(u, "office_id")) : 0,
	                   .user_id = u ? json_integer_value(json_object_get(u, "id")) : 0,
	                   .actor = u ? json_string_value(json_object_get(u, "email")) : "public",
	                   .request_id = r->request_id};
	if (!ok) {
		if (u) {
			int64_t failed = json_integer_value(json_object_get(u, "failed_logins")) + 1;
			time_iso_from_epoch(time_now_secs() + (int64_t)AUTH_LOCK_SECS, until);
			bool lock = failed >= AUTH_MAX_FAILED_LOGINS;
			store_exec(c, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", "iti",
			           lock ? (int64_t)0 : failed, lock ? until : NULL, who.user_id);
			json_t *detail = json_pack("{s:s, s:b}", "reason", "wrong password", "locked", lock);
			audit_record(c, &who, "login_failed", "user", who.user_id, NULL, detail);
			json_decref(detail);
			store_commit(c);
		} else {
			ghost_failed(lower);
			store_rollback(c);
		}
		free(lower);
		json_decref(u);
		return http_reply_error(r, 401, "auth.invalid", "password", "The email or the password is wrong.");
	}
	free(lower);
	char *token = NULL;
	char csrf[65];
	int64_t sid = auth_session_create(c, r->app, who.office_id, who.user_id, &token, csrf);
	if (!sid || store_exec(c, "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
	                       "ti", now, who.user_id) < 0 ||
	    audit_record(c, &who, "login", "user", who.user_id, NULL, NULL) != STORE_OK) {
		free(token);
		json_decref(u);
		return api_fail(r, STORE_ERROR);
	}
	http_caller *me = &r->caller;
	me->user_id = who.user_id;
	me->office_id = who.office_id;
	me->role = role_parse(json_string_value(json_object_get(u, "role")));
	snprintf(me->email, sizeof me->email, "%s", json_string_value(json_object_get(u, "email")));
	snprintf(me->name, sizeof me->name, "%s", json_string_value(json_object_get(u, "name")));
	snprintf(me->csrf, sizeof me->csrf, "%s", csrf);
	json_decref(u);
	set_session_cookie(r, token, r->app->session_max_secs);
	free(token);
	api_commit_reply(r, 200, whoami(c, me));
}

void api_auth_logout(http_req *r)
{
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	if (r->caller.session_id)
		store_exec(c, "DELETE FROM sessions WHERE id = ? AND user_id = ?", "ii", r->caller.session_id,
		           r->caller.user_id);
	audit_actor who = audit_actor_of(r);
	audit_record(c, &who, "logout", "user", r->caller.user_id, NULL, NULL);
	set_session_cookie(r, "", 0);
	api_commit_reply(r, 204, NULL);
}

void api_auth_me(http_req *r)
{
	store_conn *c = http_db(r);
	if (!c) return;
	http_reply_json(r, 200, whoami(c, &r->caller));
}
