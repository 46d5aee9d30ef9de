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
	if (store_query_int(c, 0, "SELECT 1 FROM feedback_topics WHERE office_id = ? AND name = ?", "it", office, name)) {
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.duplicate", "name", "There is already a topic named \"%s\".", name);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO feedback_topics(office_id, name, sort_order, active, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    "itibtt", office, name, sort, active, now, now);
	if (!id) return api_fail(r, STORE_ERROR);
	json_t *after = topic_load(c, office, id);
	audit_actor who = audit_actor_of(r);
	int rc = audit_record(c, &who, "create", "feedback_topic", id, NULL, after);
	if (rc < 0) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 201, after);
}

void api_topic_update(http_req *r)
{
	static const char *const fields[] = {"name", "sort_order", "active", "version", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = topic_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, fields);
	const char *name;
	int64_t sort;
	bool active;
	topic_check(&v, merged, &name, &sort, &active);
	if (valid_ok(&v) && store_query_int(c, 0, "SELECT 1 FROM feedback_topics WHERE office_id = ? AND name = ? AND id <> ?",
	                                    "iti", office, name, id)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return http_reply_error(r, 409, "conflict.duplicate", "name", "There is already a topic named \"%s\".", name);
	}
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE feedback_topics SET name = ?, sort_order = ?, active = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "tibtii", name, sort, active, now, office, id);
	json_decref(merged);
	json_t *after = rc >= 0 ? topic_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "update", "feedback_topic", id, before, after);
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}

void api_topic_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = topic_load(c, office, id);
	if (!before) return api_not_found(r);
	if (json_integer_value(json_object_get(before, "feedback_count")) > 0) {
		json_decref(before);
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.in_use", NULL,
		                        "Feedback uses this topic; retire it (active: false) instead of deleting it.");
	}
	int rc = store_exec(c, "DELETE FROM feedback_topics WHERE office_id = ? AND id = ?", "ii", office, id);
	audit_actor who = audit_actor_of(r);
	if (rc >= 0) rc = audit_record(c, &who, "delete", "feedback_topic", id, before, NULL);
	json_decref(before);
	if (rc < 0) return api_fail(r, rc);
	api_commit_reply(r, 204, NULL);
}
