/*
** api_liaisons.c: the staff who own a partner relationship, one primary
** and one backup.  Handing a role to someone else ends the current
** holder's row (ended_at) and starts a new one, so the history shows every
** holder with their dates, and departed staff stay on it, marked inactive.
**
** Guarantees: a liaison is an active user of the partner's office; one
** person does not hold both roles of a partner at once; at most one current
** holder per role (also a unique index); every change is audited in the
** same transaction.
*/
#include "api.h"
#include "domain.h"
#include "handlers.h"

#include <string.h>

static json_t *liaison_rows(store_conn *c, int64_t office_id, int64_t partner_id)
{
	return store_query_rows(c, NULL,
	    "SELECT l.id, l.role, l.user_id, u.name AS user_name, u.email AS user_email,"
	    " u.active AS user_active_bool, l.started_at, l.ended_at,"
	    " CASE WHEN l.ended_at IS NULL THEN 1 ELSE 0 END AS current_bool"
	    " FROM liaisons l JOIN users u ON u.id = l.user_id"
	    " WHERE l.office_id = ? AND l.partner_id = ?"
	    " ORDER BY CASE WHEN l.ended_at IS NULL THEN 0 ELSE 1 END, l.role DESC, l.started_at DESC, l.id DESC",
	    "ii", office_id, partner_id);
}

static bool partner_exists(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office_id, id) != 0;
}

/* GET /partners/{id}/liaisons: current holders first, then the history. */
void api_liaison_list(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	if (!partner_exists(c, r->caller.office_id, id)) return api_not_found(r);
	json_t *rows = liaison_rows(c, r->caller.office_id, id);
	if (!rows) return api_fail(r, STORE_ERROR);
	api_read_reply(r, json_pack("{s:o}", "items", rows));
}

/* Ends the current holder of role at the partner; the ended row's id, 0 if none, or an error. */
static int64_t liaison_end(store_conn *c, int64_t office_id, int64_t partner_id, const char *role, const char *now)
{
	int64_t cur = store_query_int(c, 0,
	    "SELECT id FROM liaisons WHERE office_id = ? AND partner_id = ? AND role = ? AND ended_at IS NULL",
	    "iit", office_id, partner_id, role);
	if (!cur) return 0;
	int rc = store_exec(c, "UPDATE liaisons SET ended_at = ? WHERE office_id = ? AND id = ?", "tii", now,
	                    office_id, cur);
	return rc < 0 ? rc : cur;
}

static const char *path_role(http_req *r)
{
	const char *role = r->params[1];
	if (enum_has(liaison_roles, role)) return role;
	http_reply_error(r, 404, "not_found", NULL, "A partner has two liaison roles: primary and backup.");
	return NULL;
}

/* PUT /partners/{id}/liaisons/{role} {user_id}: hands the role to user_id. */
void api_liaison_put(http_req *r)
{
	static const char *const fields[] = {"user_id", NULL};
	int64_t id, user_id = 0;
	if (!http_param_id(r, 0, &id)) return;
	const char *role = path_role(r);
	if (!role) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	jf_known_keys(&v, body, fields);
	jf_int(&v, body, "user_id", true, 1, INT64_MAX, &user_id, NULL);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!partner_exists(c, office, id)) return api_not_found(r);
	if (!store_query_int(c, 0, "SELECT 1 FROM users WHERE office_id = ? AND id = ? AND active = 1 AND role <> 'state'",
	                     "ii", office, user_id)) {
		store_rollback(c);
		return http_reply_error(r, 422, "validation.reference", "user_id",
		                        "There is no active user %lld in this office.", (long long)user_id);
	}
	const char *other = strcmp(role, "primary") == 0 ? "backup" : "primary";
	if (store_query_int(c, 0,
	        "SELECT 1 FROM liaisons WHERE office_id = ? AND partner_id = ? AND role = ? AND user_id = ? AND ended_at IS NULL",
	        "iiti", office, id, other, user_id)) {
		store_rollback(c);
		return http_reply_error(r, 422, "validation.liaison_both", "user_id",
		                        "This person is already the %s liaison; choose someone else as %s so the"
		                        " relationship does not rest on one person.", other, role);
	}
	json_t *before = liaison_rows(c, office, id);
	int64_t holder = store_query_int(c, 0,
	    "SELECT user_id FROM liaisons WHERE office_id = ? AND partner_id = ? AND role = ? AND ended_at IS NULL",
	    "iit", office, id, role);
	if (holder == user_id) {   /* already so: nothing to change */
		json_decref(before);
		json_t *rows = liaison_rows(c, office, id);
		return api_read_reply(r, json_pack("{s:o}", "items", rows ? rows : json_array()));
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t rc = liaison_end(c, office, id, role, now);
	if (rc >= 0)
		rc = store_exec(c,
		    "INSERT INTO liaisons(office_id, partner_id, user_id, role, started_at) VALUES (?, ?, ?, ?, ?)",
		    "iiitt", office, id, user_id, role, now);
	json_t *after = rc >= 0 ? liaison_rows(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "update", "partner_liaisons", id, before, after);
	json_decref(before);
	if (rc < 0 || !after) {
		json_decref(after);
		return api_fail(r, rc < 0 ? (int)rc : STORE_ERROR);
	}
	api_commit_reply(r, 200, json_pack("{s:o}", "items", after));
}

/* DELETE /partners/{id}/liaisons/{role}: ends the current holder (kept in history). */
void api_liaison_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	const char *role = path_role(r);
	if (!role) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!partner_exists(c, office, id)) return api_not_found(r);
	json_t *before = liaison_rows(c, office, id);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t rc = liaison_end(c, office, id, role, now);
	if (rc == 0) {
		json_decref(before);
		store_rollback(c);
		return http_reply_error(r, 404, "not_found", NULL, "This partner has no current %s liaison.", role);
	}
	json_t *after = rc > 0 ? liaison_rows(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "update", "partner_liaisons", id, before, after);
	json_decref(before);
	json_decref(after);
	if (rc < 0 || !after) return api_fail(r, rc < 0 ? (int)rc : STORE_ERROR);
	api_commit_reply(r, 204, NULL);
}
