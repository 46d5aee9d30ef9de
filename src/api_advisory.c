/*
** api_advisory.c: the election advisory group: members (a contact and the
** partner they represent), meetings (date, agenda, attendance, minutes)
** and recommendations (open, adopted or declined, and what was done).
** Attendance and adopted recommendations count toward the members'
** partners' strength (strength.c).
**
** Guarantees: every query is scoped to the caller's office, and every id a
** body names (contact, partner, member, meeting, user) must belong to it;
** every write is one transaction with its audit entry; updates name the
** version they read (409 when stale).
*/
#include "api.h"
#include "continuity.h"
#include "handlers.h"

#include <string.h>

static const char *const member_roles[] = {"member", "chair", "vice_chair", NULL};
static const char *const rec_statuses[] = {"open", "adopted", "declined", NULL};

/* Whether id names a row of the office in the table the literal queries. */
static bool ref_ok(store_conn *c, const char *sql, int64_t office, int64_t id)
{
	return id > 0 && store_query_int(c, 0, sql, "ii", office, id) != 0;
}

static void check_ref(valid *v, store_conn *c, json_t *o, const char *field, bool required, const char *sql,
                      int64_t office, int64_t *out)
{
	bool present = false;
	*out = 0;
	if (!jf_int(v, o, field, required, 1, INT64_MAX, out, &present) || !present) return;
	if (!ref_ok(c, sql, office, *out))
		valid_fail(v, field, "validation.reference", "There is no such record in this office (%s %lld).", field,
		           (long long)*out);
}

static const char sql_contact[] = "SELECT 1 FROM contacts WHERE office_id = ? AND id = ?";
static const char sql_partner[] = "SELECT 1 FROM partners WHERE office_id = ? AND id = ?";
static const char sql_member[] = "SELECT 1 FROM advisory_members WHERE office_id = ? AND id = ?";
static const char sql_meeting[] = "SELECT 1 FROM advisory_meetings WHERE office_id = ? AND id = ?";
static const char sql_active_user[] =
	"SELECT 1 FROM users WHERE office_id = ? AND id = ? AND active = 1 AND role NOT IN ('viewer','state')";

/* Ends a write: audit, then commit and reply with after (stolen). */
static void finish_write(http_req *r, const char *action, const char *entity, int64_t id, json_t *before,
                         json_t *after, int status)
{
	audit_actor who = audit_actor_of(r);
	int rc = audit_record(r->db, &who, action, entity, id, before, after);
	json_decref(before);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, status, after);
}

/* ---- members ---- */

static json_t *member_load(store_conn *c, int64_t office, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT m.id, m.contact_id, c.full_name AS contact_name, m.partner_id, p.name AS partner_name, m.role,"
	    " m.joined_on, m.left_on, m.notes, m.created_at, m.updated_at, m.version,"
	    " (SELECT COUNT(*) FROM advisory_attendance a WHERE a.office_id = m.office_id AND a.member_id = m.id)"
	    "  AS meetings_attended"
	    " FROM advisory_members m JOIN contacts c ON c.id = m.contact_id JOIN partners p ON p.id = m.partner_id"
	    " WHERE m.office_id = ? AND m.id = ?",
	    "ii", office, id);
}

static const char *const member_fields[] = {"contact_id", "partner_id", "role", "joined_on", "left_on", "notes",
                                            "version", NULL};

typedef struct member_in {
	int64_t contact_id, partner_id;
	const char *role, *joined_on, *left_on, *notes;
} member_in;

static void member_validate(valid *v, store_conn *c, int64_t office, json_t *o, member_in *in)
{
	check_ref(v, c, o, "contact_id", true, sql_contact, office, &in->contact_id);
	check_ref(v, c, o, "partner_id", true, sql_partner, office, &in->partner_id);
	jf_enum(v, o, "role", false, member_roles, &in->role);
	jf_date(v, o, "joined_on", false, &in->joined_on);
	jf_date(v, o, "left_on", false, &in->left_on);
	jf_string(v, o, "notes", false, 5000, &in->notes);
	if (in->joined_on && in->left_on && strcmp(in->left_on, in->joined_on) < 0)
		valid_fail(v, "left_on", "validation.date_order", "left_on cannot be before joined_on.");
}

void api_advisory_member_list(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT m.id, m.contact_id, c.full_name AS contact_name, m.partner_id, p.name AS partner_name, m.role,"
	    " m.joined_on, m.left_on, m.version,"
	    " (SELECT COUNT(*) FROM advisory_attendance a WHERE a.office_id = m.office_id AND a.member_id = m.id)"
	    "  AS meetings_attended"
	    " FROM advisory_members m JOIN contacts c ON c.id = m.contact_id JOIN partners p ON p.id = m.partner_id"
	    " WHERE m.office_id = ? ORDER BY (m.left_on IS NULL) DESC, p.name, c.full_name, m.id LIMIT 2000",
	    "i", r->caller.office_id);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_advisory_member_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	valid v = {0};
	member_in in = {0};
	jf_known_keys(&v, body, member_fields);
	member_validate(&v, c, office, body, &in);
	if (valid_ok(&v) && store_query_int(c, 0,
	        "SELECT 1 FROM advisory_members WHERE office_id = ? AND contact_id = ? AND partner_id = ? AND left_on IS NULL",
	        "iii", office, in.contact_id, in.partner_id)) {
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.duplicate", "contact_id",
		                        "This contact is already a current member for this partner.");
	}
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN], today[CONT_DATE_LEN];
	time_now_iso(now);
	cont_today(today);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO advisory_members(office_id, contact_id, partner_id, role, joined_on, left_on, notes, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iiitttttt", office, in.contact_id, in.partner_id, in.role ? in.role : "member",
	    in.joined_on ? in.joined_on : today, in.left_on, in.notes, now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	finish_write(r, "create", "advisory_member", id, NULL, member_load(c, office, id), 201);
}

void api_advisory_member_update(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, member_fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = member_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) return json_decref(before);
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, member_fields);
	member_in in = {0};
	member_validate(&v, c, office, merged, &in);
	if (!in.joined_on && valid_ok(&v)) valid_fail(&v, "joined_on", "validation.required", "joined_on is required.");
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE advisory_members SET contact_id = ?, partner_id = ?, role = ?, joined_on = ?, left_on = ?, notes = ?,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "iitttttii", in.contact_id, in.partner_id, in.role ? in.role : "member", in.joined_on, in.left_on, in.notes, now,
	    office, id);
	json_decref(merged);
	if (rc != 1) {
		json_decref(before);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	finish_write(r, "update", "advisory_member", id, before, member_load(c, office, id), 200);
}

void api_advisory_member_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	json_t *before = member_load(c, r->caller.office_id, id);
	if (!before) return api_not_found(r);
	int rc = store_exec(c, "DELETE FROM advisory_members WHERE office_id = ? AND id = ?", "ii", r->caller.office_id, id);
	if (rc != 1) {
		json_decref(before);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	finish_write(r, "delete", "advisory_member", id, before, NULL, 204);
}

/* ---- meetings ---- */

static json_t *meeting_load(store_conn *c, int64_t office, int64_t id)
{
	json_t *m = store_query_row(c, NULL,
	    "SELECT g.id, g.held_on, g.title, g.agenda, g.minutes, g.convener_user_id, u.name AS convener_name,"
	    " g.created_at, g.updated_at, g.version FROM advisory_meetings g LEFT JOIN users u ON u.id = g.convener_user_id"
	    " WHERE g.office_id = ? AND g.id = ?",
	    "ii", office, id);
	if (!m) return NULL;
	json_t *att = store_query_rows(c, NULL,
	    "SELECT a.member_id, c.full_name AS contact_name, m.partner_id, p.name AS partner_name"
	    " FROM advisory_attendance a JOIN advisory_members m ON m.id = a.member_id"
	    " JOIN contacts c ON c.id = m.contact_id JOIN partners p ON p.id = m.partner_id"
	    " WHERE a.office_id = ? AND a.meeting_id = ? ORDER BY p.name, c.full_name, a.member_id",
	    "ii", office, id);
	json_object_set_new(m, "attendance", att ? att : json_array());
	json_t *recs = store_query_rows(c, NULL,
	    "SELECT id, title, status FROM advisory_recommendations WHERE office_id = ? AND meeting_id = ? ORDER BY id",
	    "ii", office, id);
	json_object_set_new(m, "recommendations", recs ? recs : json_array());
	return m;
}

static const char *const meeting_fields[] = {"held_on", "title", "agenda", "minutes", "convener_user_id", "version",
                                             NULL};

typedef struct meeting_in {
	const char *held_on, *title, *agenda, *minutes;
	int64_t convener;
} meeting_in;

static void meeting_validate(valid *v, store_conn *c, int64_t office, json_t *o, meeting_in *in)
{
	jf_date(v, o, "held_on", true, &in->held_on);
	jf_string(v, o, "title", true, 200, &in->title);
	jf_string(v, o, "agenda", false, 20000, &in->agenda);
	jf_string(v, o, "minutes", false, 50000, &in->minutes);
	check_ref(v, c, o, "convener_user_id", false, sql_active_user, office, &in->convener);
}

void api_advisory_meeting_list(http_req *r)
{
	const char *from, *to;
	if (!api_query_date(r, "from", &from) || !api_query_date(r, "to", &to)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT g.id, g.held_on, g.title, g.convener_user_id, u.name AS convener_name, g.version,"
	    " (SELECT COUNT(*) FROM advisory_attendance a WHERE a.office_id = g.office_id AND a.meeting_id = g.id)"
	    "  AS attendance_count"
	    " FROM advisory_meetings g LEFT JOIN users u ON u.id = g.convener_user_id"
	    " WHERE g.office_id = ?1 AND (?2 IS NULL OR g.held_on >= ?2) AND (?3 IS NULL OR g.held_on <= ?3)"
	    " ORDER BY g.held_on DESC, g.id DESC LIMIT 2000",
	    "itt", r->caller.office_id, from, to);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_advisory_meeting_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	valid v = {0};
	meeting_in in = {0};
	jf_known_keys(&v, body, meeting_fields);
	meeting_validate(&v, c, office, body, &in);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO advisory_meetings(office_id, held_on, title, agenda, minutes, convener_user_id, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ittttItt", office, in.held_on, in.title, in.agenda, in.minutes, in.convener ? in.convener : r->caller.user_id,
	    now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	finish_write(r, "create", "advisory_meeting", id, NULL, meeting_load(c, office, id), 201);
}

void api_advisory_meeting_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *m = meeting_load(c, r->caller.office_id, id);
	if (!m) return api_not_found(r);
	api_read_reply(r, m);
}

void api_advisory_meeting_update(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, meeting_fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = meeting_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) return json_decref(before);
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, meeting_fields);
	meeting_in in = {0};
	/* The convener already set may since have left: only a new one is checked. */
	if (!json_object_get(body, "convener_user_id")) json_object_del(merged, "convener_user_id");
	meeting_validate(&v, c, office, merged, &in);
	if (!json_object_get(body, "convener_user_id"))
		in.convener = json_integer_value(json_object_get(before, "convener_user_id"));
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE advisory_meetings SET held_on = ?, title = ?, agenda = ?, minutes = ?, convener_user_id = ?,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "ttttItii", in.held_on, in.title, in.agenda, in.minutes, in.convener, now, office, id);
	json_decref(merged);
	if (rc != 1) {
		json_decref(before);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	finish_write(r, "update", "advisory_meeting", id, before, meeting_load(c, office, id), 200);
}

/* PUT .../attendance {member_ids, version}: the whole list of who attended. */
void api_advisory_attendance_put(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	static const char *const fields[] = {"member_ids", "version", NULL};
	valid v = {0};
	json_t *ids;
	jf_known_keys(&v, body, fields);
	if (jf_id_array(&v, body, "member_ids", 500, &ids) && !ids)
		valid_fail(&v, "member_ids", "validation.required", "member_ids is required (an empty list clears it).");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = meeting_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) return json_decref(before);
	const char *held_on = json_string_value(json_object_get(before, "held_on"));
	size_t i;
	json_t *e;
	json_array_foreach(ids, i, e) {
		if (!store_query_int(c, 0,
		        "SELECT 1 FROM advisory_members WHERE office_id = ? AND id = ? AND joined_on <= ?"
		        " AND (left_on IS NULL OR left_on >= ?)",
		        "ijtt", office, e, held_on, held_on)) {
			valid_fail(&v, "member_ids", "validation.reference",
			           "Member %lld is not a member of this office's advisory group on %s.",
			           (long long)json_integer_value(e), held_on);
			break;
		}
	}
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c, "DELETE FROM advisory_attendance WHERE office_id = ? AND meeting_id = ?", "ii", office, id);
	json_array_foreach(ids, i, e) {
		if (rc < 0) break;
		rc = store_exec(c, "INSERT INTO advisory_attendance(office_id, meeting_id, member_id) VALUES (?, ?, ?)", "iij",
		                office, id, e);
	}
	if (rc >= 0)
		rc = store_exec(c, "UPDATE advisory_meetings SET updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
		                "tii", now, office, id);
	if (rc < 0) {
		json_decref(before);
		return api_fail(r, rc);
	}
	finish_write(r, "update", "advisory_meeting", id, before, meeting_load(c, office, id), 200);
}

/* ---- recommendations ---- */

static json_t *rec_load(store_conn *c, int64_t office, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT r.id, r.meeting_id, g.held_on AS meeting_held_on, r.member_id, c.full_name AS member_name,"
	    " m.partner_id, p.name AS partner_name, r.title, r.details, r.status, r.action_taken, r.decided_on,"
	    " r.owner_user_id, u.name AS owner_name, r.created_at, r.updated_at, r.version"
	    " FROM advisory_recommendations r LEFT JOIN advisory_meetings g ON g.id = r.meeting_id"
	    " LEFT JOIN advisory_members m ON m.id = r.member_id LEFT JOIN contacts c ON c.id = m.contact_id"
	    " LEFT JOIN partners p ON p.id = m.partner_id LEFT JOIN users u ON u.id = r.owner_user_id"
	    " WHERE r.office_id = ? AND r.id = ?",
	    "ii", office, id);
}

static const char *const rec_fields[] = {"meeting_id", "member_id", "title", "details", "status", "action_taken",
                                         "decided_on", "owner_user_id", "version", NULL};

typedef struct rec_in {
	int64_t meeting_id, member_id, owner;
	const char *title, *details, *status, *action_taken, *decided_on;
} rec_in;

/* check_owner: false on update when the owner was not changed (an owner
** who has since left stays on the record until handed over). */
static void rec_validate(valid *v, store_conn *c, int64_t office, json_t *o, rec_in *in, bool check_owner)
{
	check_ref(v, c, o, "meeting_id", false, sql_meeting, office, &in->meeting_id);
	check_ref(v, c, o, "member_id", false, sql_member, office, &in->member_id);
	if (check_owner) check_ref(v, c, o, "owner_user_id", false, sql_active_user, office, &in->owner);
	jf_string(v, o, "title", true, 300, &in->title);
	jf_string(v, o, "details", false, 20000, &in->details);
	jf_enum(v, o, "status", false, rec_statuses, &in->status);
	jf_string(v, o, "action_taken", false, 5000, &in->action_taken);
	jf_date(v, o, "decided_on", false, &in->decided_on);
	if (!in->status) in->status = "open";
	if (strcmp(in->status, "open") != 0 && !in->action_taken)
		valid_fail(v, "action_taken", "validation.required",
		           "Say what was done (adopted) or why not (declined) in action_taken.");
	if (strcmp(in->status, "open") == 0) in->decided_on = NULL;
}

void api_advisory_rec_list(http_req *r)
{
	const char *status;
	if (!api_query_enum(r, "status", rec_statuses, &status)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT r.id, r.meeting_id, r.member_id, m.partner_id, p.name AS partner_name, r.title, r.status,"
	    " r.action_taken, r.decided_on, r.owner_user_id, u.name AS owner_name, r.version"
	    " FROM advisory_recommendations r LEFT JOIN advisory_members m ON m.id = r.member_id"
	    " LEFT JOIN partners p ON p.id = m.partner_id LEFT JOIN users u ON u.id = r.owner_user_id"
	    " WHERE r.office_id = ?1 AND (?2 IS NULL OR r.status = ?2) ORDER BY r.id DESC LIMIT 2000",
	    "it", r->caller.office_id, status);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_advisory_rec_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	valid v = {0};
	rec_in in = {0};
	jf_known_keys(&v, body, rec_fields);
	rec_validate(&v, c, office, body, &in, true);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN], today[CONT_DATE_LEN];
	time_now_iso(now);
	cont_today(today);
	const char *decided = strcmp(in.status, "open") == 0 ? NULL : in.decided_on ? in.decided_on : today;
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO advisory_recommendations(office_id, meeting_id, member_id, title, details, status, action_taken,"
	    " decided_on, owner_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iIItttttItt", office, in.meeting_id, in.member_id, in.title, in.details, in.status, in.action_taken,
	    decided, in.owner ? in.owner : r->caller.user_id, now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	finish_write(r, "create", "advisory_recommendation", id, NULL, rec_load(c, office, id), 201);
}

void api_advisory_rec_update(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, rec_fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = rec_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) return json_decref(before);
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, rec_fields);
	rec_in in = {0};
	bool new_owner = json_object_get(body, "owner_user_id") != NULL;
	rec_validate(&v, c, office, merged, &in, new_owner);
	if (!new_owner) in.owner = json_integer_value(json_object_get(before, "owner_user_id"));
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN], today[CONT_DATE_LEN];
	time_now_iso(now);
	cont_today(today);
	const char *decided = strcmp(in.status, "open") == 0 ? NULL : in.decided_on ? in.decided_on : today;
	int rc = store_exec(c,
	    "UPDATE advisory_recommendations SET meeting_id = ?, member_id = ?, title = ?, details = ?, status = ?,"
	    " action_taken = ?, decided_on = ?, owner_user_id = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "IItttttItii", in.meeting_id, in.member_id, in.title, in.details, in.status, in.action_taken, decided, in.owner,
	    now, office, id);
	json_decref(merged);
	if (rc != 1) {
		json_decref(before);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	finish_write(r, "update", "advisory_recommendation", id, before, rec_load(c, office, id), 200);
}
