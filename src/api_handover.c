/*
** api_handover.c: the staff-departure routes.  GET previews what a person
** holds and who would take each item; POST (with confirm: true) hands it
** all over in one transaction and deactivates the account; GET /handovers
** lists past handovers for the certification packet.  The work is
** handover.c's; this file validates and answers.
*/
#include "api.h"
#include "handlers.h"
#include "handover.h"

#include <string.h>

static bool query_user(http_req *r, const char *name, int64_t *out)
{
	return api_query_id(r, name, out);
}

void api_handover_preview(http_req *r)
{
	handover_req h = {.office_id = r->caller.office_id};
	if (!http_param_id(r, 0, &h.from_user_id)) return;
	if (!query_user(r, "to_user_id", &h.to_user_id) || !query_user(r, "backup_to_user_id", &h.backup_to_user_id))
		return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *errors = json_array();
	bool not_found;
	bool ok = handover_check(c, &h, &not_found, errors);
	if (not_found) {
		json_decref(errors);
		return api_not_found(r);
	}
	json_t *p = handover_preview(c, &h);
	if (!p) {
		json_decref(errors);
		return api_fail(r, STORE_ERROR);
	}
	/* Without a (valid) successor the preview still shows the holdings;
	** problems with the successors named are listed, not fatal. */
	if (!h.to_user_id) {
		json_array_clear(errors);
		json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", "to_user_id", "code", "validation.required",
		                                        "message", "Name a successor (to_user_id) to hand these over."));
	}
	json_object_set_new(p, "ready", json_boolean(ok && h.to_user_id));
	json_object_set_new(p, "problems", errors);
	api_read_reply(r, p);
}

void api_handover_apply(http_req *r)
{
	handover_req h = {.office_id = r->caller.office_id};
	if (!http_param_id(r, 0, &h.from_user_id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	static const char *const fields[] = {"to_user_id", "backup_to_user_id", "confirm", NULL};
	valid v = {0};
	bool confirm = false, has_confirm;
	jf_known_keys(&v, body, fields);
	jf_int(&v, body, "to_user_id", true, 1, INT64_MAX, &h.to_user_id, NULL);
	jf_int(&v, body, "backup_to_user_id", false, 1, INT64_MAX, &h.backup_to_user_id, NULL);
	if (jf_bool(&v, body, "confirm", &confirm, &has_confirm) && !confirm)
		valid_fail(&v, "confirm", "validation.confirm",
		           "Send confirm: true to hand everything over and deactivate the account.");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	if (h.from_user_id == r->caller.user_id)
		return http_reply_error(r, 422, "validation.self", NULL,
		                        "You cannot hand over your own account; ask another director or admin.");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	bool not_found;
	json_t *errors = json_array();
	if (!handover_check(c, &h, &not_found, errors)) {
		if (not_found) {
			json_decref(errors);
			return api_not_found(r);
		}
		store_rollback(c);
		v.errors = errors;
		return valid_reply(r, &v);
	}
	json_decref(errors);
	/* Closing an admin's account is an admin's decision. */
	if (r->caller.role < ROLE_ADMIN &&
	    store_query_int(c, 0, "SELECT 1 FROM users WHERE office_id = ? AND id = ? AND role = 'admin'", "ii",
	                    h.office_id, h.from_user_id)) {
		store_rollback(c);
		return http_reply_error(r, 403, "auth.forbidden", NULL, "Only an admin may hand over an admin's account.");
	}
	audit_actor who = audit_actor_of(r);
	json_t *result;
	int rc = handover_apply(c, &who, &h, &result);
	if (rc != STORE_OK) return api_fail(r, rc);
	api_commit_reply(r, 200, result);
}

void api_handover_list(http_req *r)
{
	int limit;
	json_t *cursor;
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT h.id, h.at, h.from_user_id, f.name AS from_user_name, h.to_user_id, t.name AS to_user_name,"
	    " h.backup_to_user_id, b.name AS backup_to_user_name, h.by_user_id, h.by_actor, h.counts AS counts_json"
	    " FROM handovers h JOIN users f ON f.id = h.from_user_id JOIN users t ON t.id = h.to_user_id"
	    " LEFT JOIN users b ON b.id = h.backup_to_user_id"
	    " WHERE h.office_id = ?1 AND (?2 IS NULL OR h.at < ?2 OR (h.at = ?2 AND h.id < ?3))"
	    " ORDER BY h.at DESC, h.id DESC LIMIT ?4",
	    "ijjd", r->caller.office_id, json_array_get(cursor, 0), json_array_get(cursor, 1), limit + 1);
	json_decref(cursor);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, api_page(items, limit, "at", "id"));
}
