/*
** auth.c: argon2id password hashing, session and API-token lookup, and the
** creation of users, sessions and tokens (see auth.h).  Tokens are random
** 32-byte values; only their SHA-256 is stored, so a leaked database does
** not leak working credentials.
*/
#include "auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

bool auth_password_hash(const char *password, char out[128])
{
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !password) return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy_hash[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	char pw[33];
	random_hex(pw, 16);
	if (!auth_password_hash(pw, dummy_hash)) fatal("cannot hash a password (out of memory?)");
}

const char *auth_dummy_hash(void)
{
	pthread_once(&dummy_once, dummy_init);
	return dummy_hash;
}

const char *auth_password_problem(const char *password)
{
	size_t n = strlen(password);
	if (n < 12) return "The password must be at least 12 characters long.";
	if (n > 512) return "The password must be at most 512 characters long.";
	if (!utf8_valid(password, n)) return "The password must be valid UTF-8 text.";
	return NULL;
}

void auth_token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool auth_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0) return false;
	return sodium_memcmp(a, b, n) == 0;
}

/* Copies src into dst (cap bytes) cut at a character boundary, so a long
** name stays valid UTF-8 (it goes into JSON replies and audit entries). */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src ? src : "");
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
	}
	memcpy(dst, src ? src : "", n);
	dst[n] = 0;
}

static void fill_caller(http_req *r, store_stmt *st, bool bearer)
{
	/* columns: user id, office id, role, email, name */
	http_caller *c = &r->caller;
	c->user_id = store_col_int(st, 0);
	c->office_id = store_col_int(st, 1);
	c->role = role_parse(store_col_text(st, 2));
	copy_utf8(c->email, sizeof c->email, store_col_text(st, 3));
	copy_utf8(c->name, sizeof c->name, store_col_text(st, 4));
	c->bearer = bearer;
}

static bool auth_bearer(http_req *r, store_conn *db, const char *token)
{
	char hash[65], now[ISO_TIME_LEN], stale[ISO_TIME_LEN];
	auth_token_hash(token, hash);
	store_stmt *st = store_prepare(db,
	    "SELECT u.id, u.office_id, u.role, u.email, u.name, t.id, t.last_used_at"
	    " FROM api_tokens t JOIN users u ON u.id = t.user_id"
	    " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1");
	if (!st) return false;
	store_bind(st, "t", hash);
	int rc = store_step(st);
	if (rc != STORE_ROW) {
		store_reset(st);
		if (rc < 0) http_reply_store_error(r, rc);   /* 503 when the database is down, not 401 */
		return false;
	}
	fill_caller(r, st, true);
	int64_t token_id = store_col_int(st, 5);
	time_now_iso(now);
	time_iso_from_epoch(time_now_secs() - 60, stale);
	const char *last = store_col_text(st, 6);
	bool touch = !last || strcmp(last, stale) < 0;
	store_reset(st);
	if (touch)
		store_exec(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", "ti", now, token_id);
	return r->caller.role > 0;
}

static bool auth_session(http_req *r, store_conn *db, const char *token)
{
	char hash[65], now[ISO_TIME_LEN], idle_cut[ISO_TIME_LEN], stale[ISO_TIME_LEN];
	auth_token_hash(token, hash);
	int64_t t = time_now_secs();
	time_iso_from_epoch(t, now);
	time_iso_from_epoch(t - r->app->session_idle_secs, idle_cut);
	time_iso_from_epoch(t - 60, stale);
	store_stmt *st = store_prepare(db,
	    "SELECT u.id, u.office_id, u.role, u.email, u.name, s.id, s.csrf_token, s.last_seen_at"
	    " FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ? AND u.active = 1");
	if (!st) return false;
	store_bind(st, "ttt", hash, now, idle_cut);
	int rc = store_step(st);
	if (rc != STORE_ROW) {
		store_reset(st);
		if (rc < 0) http_reply_store_error(r, rc);
		return false;
	}
	fill_caller(r, st, false);
	r->caller.session_id = store_col_int(st, 5);
	snprintf(r->caller.csrf, sizeof r->caller.csrf, "%s", store_col_text(st, 6));
	bool touch = strcmp(store_col_text(st, 7), stale) < 0;
	store_reset(st);
	if (touch)
		store_exec(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", "ti", now,
		           r->caller.session_id);
	return r->caller.role > 0;
}

bool auth_authenticate(http_req *r)
{
	const char *authz = http_header_get(r, "Authorization");
	const char *cookie = http_cookie(r, AUTH_SESSION_COOKIE);
	if (!authz && !cookie) return false;
	store_conn *db = http_db(r);
	if (!db) return false;   /* 503 already written */
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) != 0 || strlen(authz + 7) > 200) return false;
		return auth_bearer(r, db, authz + 7);
	}
	if (strlen(cookie) > 200) return false;
	return auth_session(r, db, cookie);
}

const char auth_email_taken[] = "A user with this email address already exists.";

int64_t auth_user_create(store_conn *c, int64_t office_id, const char *email, const char *name,
                         const char *role, const char *password, const char **why)
{
	char hash[128];
	if (role_parse(role) < 0) {
		*why = "The role must be one of admin, director, coordinator, staff, viewer, state.";
		return 0;
	}
	if (!email || !strchr(email, '@') || strlen(email) > 254 || strchr(email, ' ')) {
		*why = "The email address is not valid.";
		return 0;
	}
	if ((*why = auth_password_problem(password))) return 0;
	if (!auth_password_hash(password, hash)) {
		*why = "The password could not be hashed (out of memory?).";
		return 0;
	}
	char *lower = xstrdup(email);
	str_lower_ascii(lower);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO users(office_id, email, name, role, password_hash, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ittttt" "t", office_id, lower, str_empty(name) ? lower : name, role, hash, now, now);
	free(lower);
	sodium_memzero(hash, sizeof hash);
	if (!row) {
		*why = rc == STORE_CONSTRAINT ? auth_email_taken
		     : rc == STORE_FOREIGN_KEY ? "There is no such office."
		                               : "The user could not be saved.";
		return 0;
	}
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return id;
}

int64_t auth_token_create(store_conn *c, int64_t office_id, int64_t user_id, const char *name,
                          char **token_out)
{
	char raw[65], hash[65], now[ISO_TIME_LEN];
	random_hex(raw, 32);
	char *token = xasprintf("rpt_%s", raw);
	auth_token_hash(token, hash);
	time_now_iso(now);
	char prefix[13];
	snprintf(prefix, sizeof prefix, "%s", token);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO api_tokens(office_id, user_id, name, token_hash, prefix, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    "iitttt", office_id, user_id, name, hash, prefix, now);
	if (!id) {
		free(token);
		return 0;
	}
	*token_out = token;
	return id;
}

int64_t auth_session_create(store_conn *c, const app *a, int64_t office_id, int64_t user_id,
                            char **token_out, char csrf[65])
{
	char raw[65], hash[65], now[ISO_TIME_LEN], expires[ISO_TIME_LEN];
	random_hex(raw, 32);
	random_hex(csrf, 32);
	auth_token_hash(raw, hash);
	int64_t t = time_now_secs();
	time_iso_from_epoch(t, now);
	time_iso_from_epoch(t + a->session_max_secs, expires);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO sessions(office_id, user_id, token_hash, csrf_token, created_at, last_seen_at,"
	    " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iittttt", office_id, user_id, hash, csrf, now, now, expires);
	if (id) *token_out = xstrdup(raw);
	return id;
}
