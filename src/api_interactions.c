/*
** api_interactions.c: dated touchpoints with partners (meetings, calls,
** tours, presentations ...) with what each side gave, the contacts and
** staff involved, and an optional follow-up with an owner and due date.
** Also the office-wide list of open follow-ups.
**
** Guarantees: every query is scoped to the caller's office, and every id in
** a body (contacts, staff, follow-up owner) must belong to it (422
** validation.reference otherwise); every create, update and delete
** recomputes the partner's last_interaction_on (partner_touch: its newest
** interaction up to today, handover notes left out),
** keeps the search document in step and writes the audit entry, all in one
** transaction.
*/
#include "api.h"
#include "domain.h"
#include "handlers.h"
#include "partners.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

static const char *const create_fields[] = {
	"occurred_on", "type", "direction", "summary", "office_gave", "partner_gave", "follow_up_on",
	"follow_up_owner", "contact_ids", "staff_user_ids", NULL};
static const char *const update_fields[] = {
	"occurred_on", "type", "direction", "summary", "office_gave", "partner_gave", "follow_up_on",
	"follow_up_owner", "contact_ids", "staff_user_ids", "version", NULL};

typedef struct interaction_in {
	const char *occurred_on, *type, *direction, *summary, *office_gave, *partner_gave, *follow_up_on;
	int64_t follow_up_owner;
	json_t *contact_ids, *staff_user_ids;   /* borrowed; NULL when absent */
} interaction_in;

json_t *interaction_load(store_conn *c, int64_t office_id, int64_t id)
{
	json_t *p = store_query_row(c, NULL,
	    "SELECT i.id, i.partner_id, p.name AS partner_name, i.occurred_on, i.type, i.direction, i.summary,"
	    " i.office_gave, i.partner_gave, i.follow_up_on, i.follow_up_owner, u.name AS follow_up_owner_name,"
	    " i.follow_up_done_at, i.created_by, i.created_at, i.updated_at, i.version"
	    " FROM interactions i JOIN partners p ON p.id = i.partner_id"
	    " LEFT JOIN users u ON u.id = i.follow_up_owner WHERE i.office_id = ? AND i.id = ?",
	    "ii", office_id, id);
	if (!p) return NULL;
	json_t *contacts = store_query_rows(c, NULL,
	    "SELECT c.id, c.full_name FROM interaction_contacts ic JOIN contacts c ON c.id = ic.contact_id"
	    " WHERE ic.office_id = ? AND ic.interaction_id = ? ORDER BY c.full_name, c.id",
	    "ii", office_id, id);
	json_t *staff = store_query_rows(c, NULL,
	    "SELECT u.id, u.name, u.active AS active_bool FROM interaction_staff s JOIN users u ON u.id = s.user_id"
	    " WHERE s.office_id = ? AND s.interaction_id = ? ORDER BY u.name, u.id",
	    "ii", office_id, id);
	json_t *cids = json_array(), *sids = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(contacts, i, e) json_array_append(cids, json_object_get(e, "id"));
	json_array_foreach(staff, i, e) json_array_append(sids, json_object_get(e, "id"));
	json_object_set_new(p, "contact_ids", cids);
	json_object_set_new(p, "contacts", contacts ? contacts : json_array());
	json_object_set_new(p, "staff_user_ids", sids);
	json_object_set_new(p, "staff", staff ? staff : json_array());
	return p;
}

void interaction_index(store_conn *c, int64_t office_id, json_t *it)
{
	char *title = xasprintf("%s: %s %s", json_string_value(json_object_get(it, "partner_name")),
	                        json_string_value(json_object_get(it, "occurred_on")),
	                        json_string_value(json_object_get(it, "type")));
	buf body = BUF_INIT;
	const char *keys[] = {"summary", "office_gave", "partner_gave", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(it, keys[i]));
		if (s) buf_printf(&body, "%s\n", s);
	}
	store_index_put(c, office_id, "interaction", json_integer_value(json_object_get(it, "id")), title,
	                body.data ? body.data : "");
	free(title);
	buf_free(&body);
}

/* Checks each id of list exists in the office by query (one parameter pair: office, id). */
static void check_ids(valid *v, store_conn *c, int64_t office_id, json_t *list, const char *field,
                      const char *sql, const char *what)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (!store_query_int(c, 0, sql, "ij", office_id, e)) {
			valid_fail(v, field, "validation.reference", "There is no %s %lld in this office.", what,
			           (long long)json_integer_value(e));
			return;
		}
	}
}

/* Validates o (a new body or the current record with the edits merged in).
** changed: the body, whose reference fields are checked against the office.
** old_type: the record's type before the edit (NULL for a new one). */
static void interaction_validate(valid *v, store_conn *c, int64_t office_id, json_t *o, json_t *changed,
                                 int64_t old_owner, const char *old_type, interaction_in *in)
{
	bool has_owner = false;
	if (jf_date(v, o, "occurred_on", true, &in->occurred_on) && in->occurred_on) {
		char limit[ISO_TIME_LEN];
		time_iso_from_epoch(time_now_secs() + 86400, limit);
		limit[10] = 0;
		if (strcmp(in->occurred_on, limit) > 0)
			valid_fail(v, "occurred_on", "validation.future",
			           "occurred_on is in the future; log an interaction once it has happened.");
	}
	/* Handover notes are written by the handover alone (handover.c): no
	** interaction becomes one, and none stops being one, through the API. */
	if (jf_enum(v, o, "type", true, interaction_types, &in->type) && in->type &&
	    str_eq(in->type, "handover") != str_eq(old_type, "handover"))
		valid_fail(v, "type", "validation.handover_only",
		           str_eq(old_type, "handover") ? "A handover note keeps its type: it records a change of staff."
		                                        : "Handover notes are written by the staff handover"
		                                          " (POST /api/v1/users/{id}/handover), not logged by hand.");
	jf_enum(v, o, "direction", false, interaction_directions, &in->direction);
	jf_string(v, o, "summary", true, 10000, &in->summary);
	jf_string(v, o, "office_gave", false, 5000, &in->office_gave);
	jf_string(v, o, "partner_gave", false, 5000, &in->partner_gave);
	jf_date(v, o, "follow_up_on", false, &in->follow_up_on);
	jf_int(v, o, "follow_up_owner", false, 1, INT64_MAX, &in->follow_up_owner, &has_owner);
	if (has_owner && in->follow_up_owner != old_owner &&
	    !store_query_int(c, 0,
	        "SELECT 1 FROM users WHERE office_id = ? AND id = ? AND active = 1 AND role <> 'state'", "ii",
	        office_id, in->follow_up_owner))
		valid_fail(v, "follow_up_owner", "validation.reference", "There is no active user %lld in this office.",
		           (long long)in->follow_up_owner);
	json_t *due = json_object_get(o, "follow_up_on");
	if (has_owner && json_object_get(changed, "follow_up_owner") && (!due || json_is_null(due)))
		valid_fail(v, "follow_up_on", "validation.required", "A follow-up owner needs a follow-up date.");
	if (jf_id_array(v, o, "contact_ids", 100, &in->contact_ids) && json_object_get(changed, "contact_ids"))
		check_ids(v, c, office_id, in->contact_ids, "contact_ids",
		          "SELECT 1 FROM contacts WHERE office_id = ? AND id = ?", "contact");
	if (jf_id_array(v, o, "staff_user_ids", 50, &in->staff_user_ids) && json_object_get(changed, "staff_user_ids"))
		check_ids(v, c, office_id, in->staff_user_ids, "staff_user_ids",
		          "SELECT 1 FROM users WHERE office_id = ? AND id = ? AND role <> 'state'", "user");
	if (!in->direction) in->direction = "both";
}

static int interaction_write_links(store_conn *c, int64_t office_id, int64_t id, json_t *contacts, json_t *staff)
{
	size_t i;
	json_t *e;
	int rc;
	if (contacts) {
		rc = store_exec(c, "DELETE FROM interaction_contacts WHERE office_id = ? AND interaction_id = ?", "ii",
		                office_id, id);
		if (rc < 0) return rc;
		json_array_foreach(contacts, i, e) {
			rc = store_exec(c, "INSERT INTO interaction_contacts(office_id, interaction_id, contact_id) VALUES (?, ?, ?)",
			                "iij", office_id, id, e);
			if (rc < 0) return rc;
		}
	}
	if (staff) {
		rc = store_exec(c, "DELETE FROM interaction_staff WHERE office_id = ? AND interaction_id = ?", "ii",
		                office_id, id);
		if (rc < 0) return rc;
		json_array_foreach(staff, i, e) {
			rc = store_exec(c, "INSERT INTO interaction_staff(office_id, interaction_id, user_id) VALUES (?, ?, ?)",
			                "iij", office_id, id, e);
			if (rc < 0) return rc;
		}
	}
	return STORE_OK;
}

/* POST /partners/{id}/interactions */
void api_interaction_create(http_req *r)
{
	int64_t partner_id;
	if (!http_param_id(r, 0, &partner_id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office, partner_id))
		return api_not_found(r);
	valid v = {0};
	interaction_in in = {0};
	jf_known_keys(&v, body, create_fields);
	interaction_validate(&v, c, office, body, body, 0, NULL, &in);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	/* A follow-up without a named owner belongs to whoever logged it. */
	int64_t owner = in.follow_up_on && !in.follow_up_owner ? r->caller.user_id : in.follow_up_owner;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, office_gave,"
	    " partner_gave, follow_up_on, follow_up_owner, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iittttttt" "IItt", office, partner_id, in.occurred_on, in.type, in.direction, in.summary,
	    in.office_gave, in.partner_gave, in.follow_up_on, owner, r->caller.user_id, now, now);
	if (!row) return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	rc = interaction_write_links(c, office, id, in.contact_ids, in.staff_user_ids);
	if (rc == STORE_OK) rc = partner_touch(c, office, partner_id);
	json_t *after = rc == STORE_OK ? interaction_load(c, office, id) : NULL;
	if (after) interaction_index(c, office, after);
	api_audit_commit(r, rc, "create", "interaction", id, NULL, after, 201);
}

void api_interaction_get(http_req *r) { api_get_reply(r, interaction_load); }

void api_interaction_update(http_req *r)
{
	api_edit e;
	if (!api_edit_begin(r, &e, update_fields, interaction_load)) return;
	store_conn *c = e.c;
	int64_t office = e.office_id, id = e.id;
	interaction_in in = {0};
	interaction_validate(&e.v, c, office, e.merged, e.body,
	                     json_integer_value(json_object_get(e.before, "follow_up_owner")),
	                     json_string_value(json_object_get(e.before, "type")), &in);
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	int64_t owner = in.follow_up_on && !in.follow_up_owner ? r->caller.user_id : in.follow_up_owner;
	if (!in.follow_up_on) owner = 0;
	/* A new due date opens the follow-up again. */
	bool reopen = !str_eq(in.follow_up_on, json_string_value(json_object_get(e.before, "follow_up_on")));
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE interactions SET occurred_on = ?, type = ?, direction = ?, summary = ?, office_gave = ?,"
	    " partner_gave = ?, follow_up_on = ?, follow_up_owner = ?,"
	    " follow_up_done_at = CASE WHEN ? = 1 THEN NULL ELSE follow_up_done_at END,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttttttIdtii", in.occurred_on, in.type, in.direction, in.summary, in.office_gave, in.partner_gave,
	    in.follow_up_on, owner, reopen ? 1 : 0, now, office, id);
	if (rc >= 0)
		rc = interaction_write_links(c, office, id, json_object_get(e.body, "contact_ids") ? in.contact_ids : NULL,
		                             json_object_get(e.body, "staff_user_ids") ? in.staff_user_ids : NULL);
	if (rc >= 0) rc = partner_touch(c, office, json_integer_value(json_object_get(e.before, "partner_id")));
	json_t *after = rc >= 0 ? interaction_load(c, office, id) : NULL;
	if (after) interaction_index(c, office, after);
	api_edit_finish(r, &e, rc, "interaction", after);
}

void api_interaction_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, interaction_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	int64_t partner_id = json_integer_value(json_object_get(before, "partner_id"));
	int rc = store_exec(c, "DELETE FROM interactions WHERE office_id = ? AND id = ?", "ii", office, id);
	if (rc >= 0) rc = partner_touch(c, office, partner_id);
	if (rc >= 0) rc = store_index_delete(c, office, "interaction", id);
	api_audit_commit(r, rc, "delete", "interaction", id, before, NULL, 204);
}

/* POST /interactions/{id}/follow-up-done: closes the follow-up (idempotent). */
void api_interaction_follow_up_done(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, interaction_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (json_is_null(json_object_get(before, "follow_up_on"))) {
		json_decref(before);
		store_rollback(c);
		return http_reply_error(r, 422, "validation.no_follow_up", "follow_up_on",
		                        "This interaction has no follow-up to mark done.");
	}
	if (!json_is_null(json_object_get(before, "follow_up_done_at"))) return api_read_reply(r, before);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE interactions SET follow_up_done_at = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "ttii", now, now, office, id);
	api_audit_commit(r, rc, "update", "interaction", id, before, rc >= 0 ? interaction_load(c, office, id) : NULL, 200);
}

/* Adds contacts [{id, full_name}] to each listed interaction. */
static void add_contacts(store_conn *c, int64_t office_id, json_t *items)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		json_t *rows = store_query_rows(c, NULL,
		    "SELECT c.id, c.full_name FROM interaction_contacts ic JOIN contacts c ON c.id = ic.contact_id"
		    " WHERE ic.office_id = ? AND ic.interaction_id = ? ORDER BY c.full_name, c.id",
		    "ij", office_id, json_object_get(it, "id"));
		json_object_set_new(it, "contacts", rows ? rows : json_array());
	}
}

/* GET /partners/{id}/interactions: the partner's timeline, newest first. */
void api_interaction_list(http_req *r)
{
	int64_t partner_id;
	const char *type;
	int limit;
	json_t *cursor;
	if (!http_param_id(r, 0, &partner_id)) return;
	if (!api_query_enum(r, "type", interaction_types, &type)) return;
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office, partner_id)) {
		json_decref(cursor);
		return api_not_found(r);
	}
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT i.id, i.occurred_on, i.type, i.direction, i.summary, i.office_gave, i.partner_gave,"
	    " i.follow_up_on, i.follow_up_owner, i.follow_up_done_at, i.created_by, i.version"
	    " FROM interactions i WHERE i.office_id = ?1 AND i.partner_id = ?2 AND (?3 IS NULL OR i.type = ?3)"
	    " AND (?4 IS NULL OR i.occurred_on < ?4 OR (i.occurred_on = ?4 AND i.id < ?5))"
	    " ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?6",
	    "iitjjd", office, partner_id, type, json_array_get(cursor, 0), json_array_get(cursor, 1), limit + 1);
	json_decref(cursor);
	if (!items) return api_fail(r, rc);
	add_contacts(c, office, items);
	api_read_reply(r, api_page(items, limit, "occurred_on", "id"));
}

/* GET /follow-ups?owner_id=&due_before=&include_done=: the office's
** follow-ups, oldest due first (open ones only unless include_done=true). */
void api_follow_up_list(http_req *r)
{
	static const char *const bools[] = {"true", "false", NULL};
	int64_t owner;
	const char *due_before, *include_done;
	int limit;
	json_t *cursor;
	if (!api_query_id(r, "owner_id", &owner) || !api_query_date(r, "due_before", &due_before) ||
	    !api_query_enum(r, "include_done", bools, &include_done))
		return;
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT i.id, i.partner_id, p.name AS partner_name, i.occurred_on, i.type, i.summary, i.follow_up_on,"
	    " i.follow_up_owner, u.name AS follow_up_owner_name, u.active AS follow_up_owner_active_bool,"
	    " i.follow_up_done_at, i.version"
	    " FROM interactions i JOIN partners p ON p.id = i.partner_id LEFT JOIN users u ON u.id = i.follow_up_owner"
	    " WHERE i.office_id = ?1 AND i.follow_up_on IS NOT NULL"
	    " AND (?2 = 1 OR i.follow_up_done_at IS NULL)"
	    " AND (?3 IS NULL OR i.follow_up_owner = ?3) AND (?4 IS NULL OR i.follow_up_on < ?4)"
	    " AND (?5 IS NULL OR i.follow_up_on > ?5 OR (i.follow_up_on = ?5 AND i.id > ?6))"
	    " ORDER BY i.follow_up_on, i.id LIMIT ?7",
	    "idItjjd", r->caller.office_id, str_eq(include_done, "true") ? 1 : 0, owner, due_before,
	    json_array_get(cursor, 0), json_array_get(cursor, 1), limit + 1);
	json_decref(cursor);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, api_page(items, limit, "follow_up_on", "id"));
}

int registry_partner_reindex(store_conn *c, int64_t office_id, int64_t partner_id)
{
	int rc;
	json_t *ids = store_query_rows(c, &rc,
	    "SELECT DISTINCT contact_id AS id, 'contact' AS entity FROM affiliations WHERE office_id = ? AND partner_id = ?"
	    " UNION ALL SELECT id, 'interaction' AS entity FROM interactions WHERE office_id = ? AND partner_id = ?",
	    "iiii", office_id, partner_id, office_id, partner_id);
	if (!ids) return rc < 0 ? rc : STORE_ERROR;
	size_t i;
	json_t *e;
	rc = STORE_OK;
	json_array_foreach(ids, i, e) {
		int64_t id = json_integer_value(json_object_get(e, "id"));
		if (strcmp(json_string_value(json_object_get(e, "entity")), "contact") == 0) {
			rc = contact_reindex(c, office_id, id);
		} else {
			json_t *it = interaction_load(c, office_id, id);
			if (it) interaction_index(c, office_id, it);
			json_decref(it);
		}
		if (rc != STORE_OK) break;
	}
	json_decref(ids);
	return rc;
}
