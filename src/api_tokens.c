/*
** api_tokens.c: API tokens for scripts and integrations, managed by the
** office's admins: list (with prefix, user, created, last used, revoked),
** create (the token is in the reply once; only its hash is kept, see
** auth_token_create) and revoke.
**
** Guarantees: only the caller's office's tokens are seen or changed; a
** token acts for an active user of the same office; every change is one
** transaction with its audit entry, which never holds the token itself.
*/
#include "api.h"
#include "auth.h"
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

static json_t *token_load(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT t.id, t.name, t.prefix, t.user_id, u.name AS user_name, u.email AS user_email,"
	    " t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id"
	    " WHERE t.office_id = ? AND t.id = ?",
	    "ii", office_id, id);
}

void api_token_list(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *items = store_query_rows(c, NULL,
	    "SELECT t.id, t.name, t.prefix, t.user_id, u.name AS user_name, u.email AS user_email,"
	    " t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id"
	    " WHERE t.office_id = ? ORDER BY t.id DESC",
	    "i", r->caller.office_id);
	if (!items) return api_fail(r, STORE_ERROR);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_token_create(http_req *r)
{
	static const char *const fields[] = {"name", "user_id", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *name;
	int64_t user_id = 0;
	bool has_user;
	jf_known_keys(&v, body, fields);
	jf_string(&v, body, "name", true, 100, &name);
	jf_int(&v, body, "user_id", false, 1, INT64_MAX, &user_id, &has_user);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	if (!has_user) user_id = r->caller.user_id;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM users WHERE office_id = ? AND id = ? AND active = 1", "ii", office,
	                     user_id)) {
		store_rollback(c);
		return http_reply_error(r, 422, "validation.reference", "user_id",
		                        "There is no active user %lld in this office.", (long long)user_id);
	}
	char *token = NULL;
	int64_t id = auth_token_create(c, office, user_id, name, &token);
	json_t *after = id ? token_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	int rc = after ? audit_record(c, &who, "create", "api_token", id, NULL, after) : STORE_ERROR;
	if (rc != STORE_OK) {
		free(token);
		json_decref(after);
		return api_fail(r, rc);
	}
	json_object_set_new(after, "token", json_string(token));
	free(token);
	api_commit_reply(r, 201, after);
}

void api_token_revoke(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, token_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!json_is_null(json_object_get(before, "revoked_at"))) {
		json_decref(before);
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.revoked", NULL, "This token was already revoked.");
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c, "UPDATE api_tokens SET revoked_at = ? WHERE office_id = ? AND id = ? AND revoked_at IS NULL",
	                    "tii", now, office, id);
	if (rc == 0) rc = STORE_BUSY;
	api_audit_commit(r, rc, "revoke", "api_token", id, before, rc > 0 ? token_load(c, office, id) : NULL, 204);
}
