/*
** api_users.c: the office's staff accounts: the list staff pick liaisons
** from, and for admins adding people, changing role or name, disabling a
** departed colleague (never deleting: the account stays on the history),
** and setting passwords; and changing one's own password.
**
** Guarantees: only users of the caller's office are seen or changed
** (another office's id answers 404); an admin cannot demote or disable
** themself, so an office always keeps an admin; disabling a user ends their
** sessions at once; a password change ends the user's other sessions;
** passwords are only ever stored as argon2id hashes, and a generated one is
** shown once, in the reply that made it.
*/
#include "api.h"
#include "auth.h"
#include "handlers.h"
#include "handover.h"
#include "ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Roles an office admin may give.  "state" is not one: the state's
** aggregate view is set up by the operator (rapport user add). */
static const char *const office_roles[] = {"admin", "director", "coordinator", "staff", "viewer", NULL};

/* What an admin sees of a user.  Caller decrefs; NULL when none. */
static json_t *user_load(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT id, email, name, role, active AS active_bool, last_login_at, locked_until, failed_logins,"
	    " created_at, updated_at, version FROM users WHERE office_id = ? AND id = ?",
	    "ii", office_id, id);
}

/* A new random password, 24 hex characters (96 bits).  Caller frees. */
static char *password_generate(void)
{
	char *pw = xmalloc(25);
	random_hex(pw, 12);
	return pw;
}

void api_user_list(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *items;
	if (r->caller.role == ROLE_ADMIN)
		items = store_query_rows(c, NULL,
		    "SELECT id, name, role, active AS active_bool, email, last_login_at, locked_until, created_at, version"
		    " FROM users WHERE office_id = ? ORDER BY active DESC, name, id",
		    "i", r->caller.office_id);
	else
		items = store_query_rows(c, NULL,
		    "SELECT id, name, role, active AS active_bool FROM users WHERE office_id = ?"
		    " ORDER BY active DESC, name, id",
		    "i", r->caller.office_id);
	if (!items) return api_fail(r, STORE_ERROR);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_user_create(http_req *r)
{
	static const char *const fields[] = {"email", "name", "role", "password", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *email, *name, *role, *password;
	jf_known_keys(&v, body, fields);
	jf_string(&v, body, "email", true, 254, &email);
	jf_string(&v, body, "name", false, 200, &name);
	jf_enum(&v, body, "role", true, office_roles, &role);
	if (jf_string(&v, body, "password", false, 512, &password) && password && auth_password_problem(password))
		valid_fail(&v, "password", "validation.password", "%s", auth_password_problem(password));
	if (email && (!strchr(email, '@') || strchr(email, ' ') || email[0] == '@'))
		valid_fail(&v, "email", "validation.email", "The email address is not valid.");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	char *lower = xstrdup(email);
	str_lower_ascii(lower);
	bool taken = store_query_int(c, 0, "SELECT 1 FROM users WHERE email = ?", "t", lower) != 0;
	free(lower);
	if (taken) {
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.duplicate", "email",
		                        "There is already an account with this email address.");
	}
	char *generated = password ? NULL : password_generate();
	const char *why = NULL;
	int64_t id = auth_user_create(c, r->caller.office_id, email, name, role, password ? password : generated, &why);
	if (!id) {
		free(generated);
		store_rollback(c);
		if (why == auth_email_taken)   /* another office's account (PostgreSQL hides it from the check above) */
			return http_reply_error(r, 409, "conflict.duplicate", "email",
			                        "There is already an account with this email address.");
		return http_reply_error(r, 422, "validation.user", NULL, "%s", why ? why : "The user could not be saved.");
	}
	json_t *after = user_load(c, r->caller.office_id, id);
	audit_actor who = audit_actor_of(r);
	int rc = after ? audit_record(c, &who, "create", "user", id, NULL, after) : STORE_ERROR;
	if (rc == STORE_OK && generated) json_object_set_new(after, "password", json_string(generated));
	if (generated) {
		sodium_memzero(generated, strlen(generated));
		free(generated);
	}
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 201, after);
}

void api_user_update(http_req *r)
{
	static const char *const fields[] = {"name", "role", "active", "version", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *name = NULL, *role;
	bool active = true, has_active;
	jf_known_keys(&v, body, fields);
	if (json_object_get(body, "name")) jf_string(&v, body, "name", true, 200, &name);
	jf_enum(&v, body, "role", false, office_roles, &role);
	jf_bool(&v, body, "active", &active, &has_active);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, user_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	const char *old_role = json_string_value(json_object_get(before, "role"));
	if (id == r->caller.user_id && role && strcmp(role, old_role) != 0)
		valid_fail(&v, "role", "validation.self", "You cannot change your own role; ask another admin.");
	if (id == r->caller.user_id && has_active && !active)
		valid_fail(&v, "active", "validation.self", "You cannot disable your own account; ask another admin.");
	if (role && strcmp(old_role, "state") == 0 && strcmp(role, "state") != 0)
		valid_fail(&v, "role", "validation.role", "A state account's role is set by the operator.");
	if (!valid_ok(&v)) {
		json_decref(before);
		store_rollback(c);
		return valid_reply(r, &v);
	}
	bool was_active = json_is_true(json_object_get(before, "active"));
	/* Someone who still holds relationships, follow-ups or feedback leaves
	** through the handover, which gives each item a new owner and then
	** deactivates the account; deactivating here would orphan them. */
	if (was_active && has_active && !active) {
		handover_req h = {.office_id = office, .from_user_id = id};
		json_t *held = handover_preview(c, &h);
		if (!held) {
			json_decref(before);
			return api_fail(r, STORE_ERROR);
		}
		json_int_t total = json_integer_value(json_object_get(held, "total"));
		if (total > 0) {
			store_rollback(c);
			char *msg = xasprintf("%s still holds %lld item%s (relationships, follow-ups, feedback or drafts). Use"
			                      " the staff handover (POST /api/v1/users/%lld/handover), which gives each a new owner"
			                      " and then deactivates the account.",
			                      json_string_value(json_object_get(before, "name")), (long long)total,
			                      total == 1 ? "" : "s", (long long)id);
			json_t *err = json_pack("{s:s, s:s, s:s, s:O}", "code", "conflict.handover_required", "message", msg,
			                        "field", "active", "holdings", json_object_get(held, "counts"));
			free(msg);
			json_decref(held);
			json_decref(before);
			return http_reply_json(r, 409, json_pack("{s:o}", "error", err));
		}
		json_decref(held);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE users SET name = coalesce(?, name), role = coalesce(?, role), active = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ? AND version = ?",
	    "ttdtiij", name, role, has_active ? (int)active : (int)was_active, now, office, id,
	    json_object_get(body, "version"));
	if (rc == 0) rc = STORE_BUSY;
	/* A disabled account signs out everywhere now, not when its session expires. */
	if (rc > 0 && has_active && !active) rc = store_exec(c, "DELETE FROM sessions WHERE user_id = ?", "i", id);
	api_audit_commit(r, rc, was_active && has_active && !active ? "disable" : "update", "user", id, before,
	                 rc >= 0 ? user_load(c, office, id) : NULL, 200);
}

/* Hashes and stores a new password for user id of the office, clears any
** lock, and ends the user's sessions except keep_session (0: all). */
static int password_store(store_conn *c, int64_t office, int64_t id, const char *password, int64_t keep_session)
{
	char hash[128], now[ISO_TIME_LEN];
	if (!auth_password_hash(password, hash)) return STORE_ERROR;
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ?",
	    "ttii", hash, now, office, id);
	sodium_memzero(hash, sizeof hash);
	if (rc == 0) return STORE_ERROR;
	if (rc > 0) rc = store_exec(c, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", "ii", id, keep_session);
	return rc < 0 ? rc : STORE_OK;
}

void api_user_password_set(http_req *r)
{
	static const char *const fields[] = {"password", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *password;
	jf_known_keys(&v, body, fields);
	if (jf_string(&v, body, "password", false, 512, &password) && password && auth_password_problem(password))
		valid_fail(&v, "password", "validation.password", "%s", auth_password_problem(password));
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	if (!store_query_int(c, 0, "SELECT 1 FROM users WHERE office_id = ? AND id = ?", "ii", r->caller.office_id, id))
		return api_not_found(r);
	char *generated = password ? NULL : password_generate();
	int rc = password_store(c, r->caller.office_id, id, password ? password : generated,
	                        id == r->caller.user_id ? r->caller.session_id : 0);
	audit_actor who = audit_actor_of(r);
	json_t *detail = json_pack("{s:b}", "generated", generated != NULL);
	if (rc == STORE_OK) rc = audit_record(c, &who, "password", "user", id, NULL, detail);
	json_decref(detail);
	if (rc != STORE_OK) {
		free(generated);
		return api_fail(r, rc);
	}
	json_t *out = json_pack("{s:I, s:b}", "id", (json_int_t)id, "generated", generated != NULL);
	if (generated) {
		json_object_set_new(out, "password", json_string(generated));
		sodium_memzero(generated, strlen(generated));
		free(generated);
	}
	api_commit_reply(r, 200, out);
}

static ratelimit *change_limit;
static pthread_once_t change_limit_once = PTHREAD_ONCE_INIT;
static void change_limit_init(void) { change_limit = ratelimit_new(5, 5); }

void api_auth_password(http_req *r)
{
	static const char *const fields[] = {"current_password", "new_password", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *current, *next;
	jf_known_keys(&v, body, fields);
	jf_string(&v, body, "current_password", true, 512, &current);
	if (jf_string(&v, body, "new_password", true, 512, &next) && next && auth_password_problem(next))
		valid_fail(&v, "new_password", "validation.password", "%s", auth_password_problem(next));
	if (current && next && strcmp(current, next) == 0)
		valid_fail(&v, "new_password", "validation.password", "The new password must differ from the current one.");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	pthread_once(&change_limit_once, change_limit_init);
	char key[64];
	snprintf(key, sizeof key, "pwchange:%lld", (long long)r->caller.user_id);
	if (!ratelimit_take(change_limit, key)) {
		http_header_add(r, "Retry-After", "60");
		return http_reply_error(r, 429, "auth.rate_limited", NULL,
		                        "Too many password changes in a short time. Wait a minute and try again.");
	}
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	json_t *u = store_query_row(c, NULL, "SELECT password_hash FROM users WHERE office_id = ? AND id = ?", "ii",
	                            r->caller.office_id, r->caller.user_id);
	bool ok = u && auth_password_verify(json_string_value(json_object_get(u, "password_hash")), current);
	json_decref(u);
	audit_actor who = audit_actor_of(r);
	if (!ok) {
		store_rollback(c);
		return http_reply_error(r, 422, "auth.wrong_password", "current_password",
		                        "The current password is wrong.");
	}
	int rc = password_store(c, r->caller.office_id, r->caller.user_id, next, r->caller.session_id);
	if (rc == STORE_OK) rc = audit_record(c, &who, "password", "user", r->caller.user_id, NULL, NULL);
	if (rc != STORE_OK) return api_fail(r, rc);
	api_commit_reply(r, 204, NULL);
}
