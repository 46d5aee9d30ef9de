/*
** api_elections.c: the office's election calendar.  Each election's
** on-cycle window (the office settings on_cycle_days_before / _after,
** defaults 60 / 30, ends included) is shown with it; reports classify every
** date as on-cycle or off-cycle by the same rule (feedback.h cycle_is_on).
*/
#include "api.h"
#include "feedback.h"
#include "handlers.h"

static const char *const election_fields[] = {"name", "election_date", "type", "notes", "version", NULL};

/* Adds on_cycle_from / on_cycle_to to an election row. */
static void add_window(json_t *e, int before, int after)
{
	const char *d = json_string_value(json_object_get(e, "election_date"));
	char a[11], b[11];
	if (!d || !tz_date_add_days(d, -before, a) || !tz_date_add_days(d, after, b)) return;
	json_object_set_new(e, "on_cycle_from", json_string(a));
	json_object_set_new(e, "on_cycle_to", json_string(b));
}

static json_t *election_load(store_conn *c, int64_t office, int64_t id)
{
	json_t *e = store_query_row(c, NULL,
	    "SELECT id, name, election_date, type, notes, created_at, updated_at, version"
	    " FROM elections WHERE office_id = ? AND id = ?", "ii", office, id);
	if (e) {
		int before, after;
		feedback_cycle_window(c, office, &before, &after);
		add_window(e, before, after);
	}
	return e;
}

void api_election_list(http_req *r)
{
	const char *from, *to;
	if (!api_query_date(r, "from", &from) || !api_query_date(r, "to", &to)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT id, name, election_date, type, notes, version FROM elections WHERE office_id = ?1"
	    " AND (?2 IS NULL OR election_date >= ?2) AND (?3 IS NULL OR election_date <= ?3) ORDER BY election_date, id",
	    "itt", office, from, to);
	if (!items) return api_fail(r, rc);
	int before, after;
	feedback_cycle_window(c, office, &before, &after);
	size_t i;
	json_t *e;
	json_array_foreach(items, i, e) add_window(e, before, after);
	api_read_reply(r, json_pack("{s:o, s:i, s:i}", "items", items, "on_cycle_days_before", before,
	                            "on_cycle_days_after", after));
}

static void election_check(valid *v, json_t *o, const char **name, const char **date, const char **type,
                           const char **notes)
{
	jf_string(v, o, "name", true, 200, name);
	jf_date(v, o, "election_date", true, date);
	jf_enum(v, o, "type", true, election_types, type);
	jf_string(v, o, "notes", false, 5000, notes);
}

void api_election_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *name, *date, *type, *notes;
	jf_known_keys(&v, body, election_fields);
	election_check(&v, body, &name, &date, &type, &notes);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO elections(office_id, name, election_date, type, notes, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ittttt" "t", office, name, date, type, notes, now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	api_audit_commit(r, STORE_OK, "create", "election", id, NULL, election_load(c, office, id), 201);
}

void api_election_update(http_req *r)
{
	api_edit e;
	if (!api_edit_begin(r, &e, election_fields, election_load)) return;
	const char *name, *date, *type, *notes;
	election_check(&e.v, e.merged, &name, &date, &type, &notes);
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(e.c,
	    "UPDATE elections SET name = ?, election_date = ?, type = ?, notes = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttttii", name, date, type, notes, now, e.office_id, e.id);
	api_edit_finish(r, &e, rc, "election", rc >= 0 ? election_load(e.c, e.office_id, e.id) : NULL);
}

void api_election_delete(http_req *r)
{
	int64_t id;
	json_t *before;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin_load(r, STORE_WRITE, election_load, id, &before);
	if (!c) return;
	int rc = store_exec(c, "DELETE FROM elections WHERE office_id = ? AND id = ?", "ii", r->caller.office_id, id);
	api_audit_commit(r, rc, "delete", "election", id, before, NULL, 204);
}
