/*
** api_topics.c: the office's own list of feedback topics (seeded with the
** common ones; see seed.c).  Coordinators add, rename, reorder and retire
** topics; a topic in use cannot be deleted, only retired, so past feedback
** keeps its topic.
*/
#include "api.h"
#include "handlers.h"

static json_t *topic_load(store_conn *c, int64_t office, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT t.id, t.key, t.name, t.active AS active_bool, t.sort_order,"
	    " (SELECT COUNT(*) FROM feedback f WHERE f.office_id = t.office_id AND f.topic_id = t.id) AS feedback_count,"
	    " t.created_at, t.updated_at, t.version FROM feedback_topics t WHERE t.office_id = ? AND t.id = ?",
	    "ii", office, id);
}

void api_topic_list(http_req *r)
{
	const char *all = http_query(r, "include_retired");
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT t.id, t.key, t.name, t.active AS active_bool, t.sort_order,"
	    " (SELECT COUNT(*) FROM feedback f WHERE f.office_id = t.office_id AND f.topic_id = t.id) AS feedback_count,"
	    " t.version FROM feedback_topics t WHERE t.office_id = ? AND (t.active = 1 OR ? = 1)"
	    " ORDER BY t.sort_order, t.name, t.id",
	    "ib", r->caller.office_id, str_eq(all, "true") || str_eq(all, "1"));
	if (!items) return api_fail(r, rc);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

static void topic_check(valid *v, json_t *o, const char **name, int64_t *sort, bool *active)
{
	bool present;
	jf_string(v, o, "name", true, 100, name);
	*sort = 0;
	jf_int(v, o, "sort_order", false, -100000, 100000, sort, &present);
	*active = true;
	jf_bool(v, o, "active", active, &present);
}

/* Replies 409 and returns true when another topic of the office (not self)
** has the name. */
static bool topic_name_taken(http_req *r, store_conn *c, const char *name, int64_t self)
{
	if (!store_query_int(c, 0, "SELECT 1 FROM feedback_topics WHERE office_id = ? AND name = ? AND id <> ?", "iti",
	                     r->caller.office_id, name, self))
		return false;
	store_rollback(c);
	http_reply_error(r, 409, "conflict.duplicate", "name", "There is already a topic named \"%s\".", name);
	return true;
}

void api_topic_create(http_req *r)
{
	static const char *const fields[] = {"name", "sort_order", "active", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *name;
	int64_t sort;
	bool active;
	jf_known_keys(&v, body, fields);
	topic_check(&v, body, &name, &sort, &active);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (topic_name_taken(r, c, name, 0)) return;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO feedback_topics(office_id, name, sort_order, active, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    "itibtt", office, name, sort, active, now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	api_audit_commit(r, STORE_OK, "create", "feedback_topic", id, NULL, topic_load(c, office, id), 201);
}

void api_topic_update(http_req *r)
{
	static const char *const fields[] = {"name", "sort_order", "active", "version", NULL};
	api_edit e;
	if (!api_edit_begin(r, &e, fields, topic_load)) return;
	const char *name;
	int64_t sort;
	bool active;
	topic_check(&e.v, e.merged, &name, &sort, &active);
	if (valid_ok(&e.v) && topic_name_taken(r, e.c, name, e.id)) return api_edit_abandon(&e);
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(e.c,
	    "UPDATE feedback_topics SET name = ?, sort_order = ?, active = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "tibtii", name, sort, active, now, e.office_id, e.id);
	api_edit_finish(r, &e, rc, "feedback_topic", rc >= 0 ? topic_load(e.c, e.office_id, e.id) : NULL);
}

void api_topic_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, topic_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (json_integer_value(json_object_get(before, "feedback_count")) > 0) {
		json_decref(before);
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.in_use", NULL,
		                        "Feedback uses this topic; retire it (active: false) instead of deleting it.");
	}
	int rc = store_exec(c, "DELETE FROM feedback_topics WHERE office_id = ? AND id = ?", "ii", office, id);
	api_audit_commit(r, rc, "delete", "feedback_topic", id, before, NULL, 204);
}
