/*
** api_solicitations.c: the occasions the office asked for feedback (a
** survey, a post-election debrief, a town hall ...), with the partners
** involved and how much feedback each brought in.  Each shows whether its
** date was on-cycle.
*/
#include "api.h"
#include "feedback.h"
#include "handlers.h"

static const char *const solicitation_fields[] = {"kind", "title", "held_on", "audience", "notes",
                                                  "partner_ids", "version", NULL};

static json_t *solicitation_load(store_conn *c, int64_t office, int64_t id)
{
	json_t *s = store_query_row(c, NULL,
	    "SELECT s.id, s.kind, s.title, s.held_on, s.audience, s.notes, s.created_by,"
	    " (SELECT COUNT(*) FROM feedback f WHERE f.office_id = s.office_id AND f.solicitation_id = s.id) AS feedback_count,"
	    " s.created_at, s.updated_at, s.version FROM solicitations s WHERE s.office_id = ? AND s.id = ?",
	    "ii", office, id);
	if (!s) return NULL;
	json_t *partners = store_query_rows(c, NULL,
	    "SELECT p.id, p.name FROM solicitation_partners sp JOIN partners p ON p.id = sp.partner_id"
	    " WHERE sp.office_id = ? AND sp.solicitation_id = ? ORDER BY p.name, p.id",
	    "ii", office, id);
	json_t *ids = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(partners, i, p) json_array_append(ids, json_object_get(p, "id"));
	json_object_set_new(s, "partners", partners ? partners : json_array());
	json_object_set_new(s, "partner_ids", ids);
	cycle_calendar cal;
	cycle_calendar_load(c, office, &cal);
	json_object_set_new(s, "cycle",
	    json_string(cycle_is_on(&cal, date_days(json_string_value(json_object_get(s, "held_on")))) ? "on" : "off"));
	cycle_calendar_free(&cal);
	return s;
}

void api_solicitation_list(http_req *r)
{
	const char *from, *to, *kind;
	if (!api_query_date(r, "from", &from) || !api_query_date(r, "to", &to) ||
	    !api_query_enum(r, "kind", solicitation_kinds, &kind))
		return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT s.id, s.kind, s.title, s.held_on, s.audience,"
	    " (SELECT COUNT(*) FROM feedback f WHERE f.office_id = s.office_id AND f.solicitation_id = s.id) AS feedback_count,"
	    " (SELECT COUNT(*) FROM solicitation_partners sp WHERE sp.solicitation_id = s.id) AS partner_count,"
	    " s.version FROM solicitations s WHERE s.office_id = ?1 AND (?2 IS NULL OR s.held_on >= ?2)"
	    " AND (?3 IS NULL OR s.held_on <= ?3) AND (?4 IS NULL OR s.kind = ?4) ORDER BY s.held_on DESC, s.id DESC",
	    "itt" "t", office, from, to, kind);
	if (!items) return api_fail(r, rc);
	cycle_calendar cal;
	cycle_calendar_load(c, office, &cal);
	size_t i;
	json_t *s;
	json_array_foreach(items, i, s)
		json_object_set_new(s, "cycle",
		    json_string(cycle_is_on(&cal, date_days(json_string_value(json_object_get(s, "held_on")))) ? "on" : "off"));
	cycle_calendar_free(&cal);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

typedef struct sol_in {
	const char *kind, *title, *held_on, *audience, *notes;
	json_t *partner_ids;
} sol_in;

static void solicitation_check(valid *v, store_conn *c, int64_t office, json_t *o, sol_in *in)
{
	jf_enum(v, o, "kind", true, solicitation_kinds, &in->kind);
	jf_string(v, o, "title", true, 200, &in->title);
	jf_date(v, o, "held_on", true, &in->held_on);
	jf_string(v, o, "audience", false, 500, &in->audience);
	jf_string(v, o, "notes", false, 5000, &in->notes);
	if (jf_id_array(v, o, "partner_ids", 100, &in->partner_ids)) {
		size_t i;
		json_t *e;
		json_array_foreach(in->partner_ids, i, e)
			if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ij", office, e)) {
				valid_fail(v, "partner_ids", "validation.reference", "There is no partner %lld.",
				           (long long)json_integer_value(e));
				break;
			}
	}
}

static int write_partners(store_conn *c, int64_t office, int64_t id, json_t *ids)
{
	if (!ids) return STORE_OK;
	if (store_exec(c, "DELETE FROM solicitation_partners WHERE office_id = ? AND solicitation_id = ?", "ii", office, id) < 0)
		return STORE_ERROR;
	size_t i;
	json_t *e;
	json_array_foreach(ids, i, e) {
		int rc = store_exec(c, "INSERT INTO solicitation_partners(office_id, solicitation_id, partner_id) VALUES (?, ?, ?)",
		                    "iij", office, id, e);
		if (rc < 0) return rc;
	}
	return STORE_OK;
}

void api_solicitation_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	valid v = {0};
	sol_in in = {0};
	jf_known_keys(&v, body, solicitation_fields);
	solicitation_check(&v, c, office, body, &in);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO solicitations(office_id, kind, title, held_on, audience, notes, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "itttttItt", office, in.kind, in.title, in.held_on, in.audience, in.notes, r->caller.user_id, now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	int rc = write_partners(c, office, id, in.partner_ids);
	api_audit_commit(r, rc, "create", "solicitation", id, NULL, rc == STORE_OK ? solicitation_load(c, office, id) : NULL, 201);
}

void api_solicitation_get(http_req *r) { api_get_reply(r, solicitation_load); }

void api_solicitation_update(http_req *r)
{
	api_edit e;
	if (!api_edit_begin(r, &e, solicitation_fields, solicitation_load)) return;
	sol_in in = {0};
	solicitation_check(&e.v, e.c, e.office_id, e.merged, &in);
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(e.c,
	    "UPDATE solicitations SET kind = ?, title = ?, held_on = ?, audience = ?, notes = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ?",
	    "ttttttii", in.kind, in.title, in.held_on, in.audience, in.notes, now, e.office_id, e.id);
	if (rc >= 0)
		rc = write_partners(e.c, e.office_id, e.id, json_object_get(e.body, "partner_ids") ? in.partner_ids : NULL);
	api_edit_finish(r, &e, rc, "solicitation", rc >= 0 ? solicitation_load(e.c, e.office_id, e.id) : NULL);
}

void api_solicitation_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, solicitation_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	/* Feedback it prompted stays; only the link goes. */
	int rc = store_exec(c, "UPDATE feedback SET solicitation_id = NULL WHERE office_id = ? AND solicitation_id = ?", "ii", office, id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM solicitation_partners WHERE office_id = ? AND solicitation_id = ?", "ii", office, id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM solicitations WHERE office_id = ? AND id = ?", "ii", office, id);
	api_audit_commit(r, rc, "delete", "solicitation", id, before, NULL, 204);
}
