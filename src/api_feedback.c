/*
** api_feedback.c: feedback records over the API: recording (a phone clerk's
** few seconds), listing with filters and search, the detail with its
** workflow, edits, workflow steps, and the confidential contact details.
**
** Guarantees: every query is scoped to the caller's office (ids of another
** office's partners, topics, users or solicitations are refused as unknown);
** every write is one transaction with its events, search document and
** audit entry; edits and steps name the version they read (409 when
** stale); contact details never appear in the record, its audit entries or
** its search document.
*/
#include "api.h"
#include "domain.h"
#include "feedback.h"
#include "feedback_rollup.h"
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

static const char *const create_fields[] = {
	"received_at", "channel", "source", "partner_id", "contact_id", "language", "topic_id", "body",
	"assignee_id", "due_on", "action_taken", "notes", "solicitation_id", "misconception_id", "status",
	"contact", NULL};
static const char *const edit_fields[] = {
	"received_at", "channel", "source", "partner_id", "contact_id", "language", "topic_id", "body",
	"assignee_id", "due_on", "action_taken", "notes", "solicitation_id", "misconception_id", "version", NULL};
static const char *const contact_fields[] = {"name", "email", "phone", "address", "consent", NULL};

/* An optional id field that must name a row of this office in table (one
** literal query per table). */
static void check_ref(valid *v, store_conn *c, int64_t office, json_t *o, const char *field, int64_t *out)
{
	bool present;
	*out = 0;
	if (!jf_int(v, o, field, false, 1, INT64_MAX, out, &present) || !present) return;
	int64_t found = 0;
	if (strcmp(field, "partner_id") == 0)
		found = store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office, *out);
	else if (strcmp(field, "contact_id") == 0)
		found = store_query_int(c, 0, "SELECT 1 FROM contacts WHERE office_id = ? AND id = ?", "ii", office, *out);
	else if (strcmp(field, "topic_id") == 0)
		found = store_query_int(c, 0, "SELECT 1 FROM feedback_topics WHERE office_id = ? AND id = ?", "ii", office, *out);
	else if (strcmp(field, "assignee_id") == 0)
		found = store_query_int(c, 0, "SELECT 1 FROM users WHERE office_id = ? AND id = ? AND active = 1"
		                              " AND role IN ('admin','director','coordinator','staff')", "ii", office, *out);
	else if (strcmp(field, "solicitation_id") == 0)
		found = store_query_int(c, 0, "SELECT 1 FROM solicitations WHERE office_id = ? AND id = ?", "ii", office, *out);
	else if (strcmp(field, "misconception_id") == 0)
		found = store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND id = ?", "ii", office, *out);
	if (!found) {
		valid_fail(v, field, "validation.reference", "%s %lld is not one of this office's records.", field,
		           (long long)*out);
		*out = 0;
	}
}

/* received_at: not in the future (five minutes' grace), not before 2000. */
static void check_received(valid *v, json_t *o, char out[ISO_TIME_LEN])
{
	bool present;
	out[0] = 0;
	if (!jf_datetime(v, o, "received_at", false, out, &present) || !present) return;
	int64_t t;
	time_parse_iso(out, &t);
	if (t > time_now_secs() + 300 || t < 946684800) {
		valid_fail(v, "received_at", "validation.range", "received_at must be a time between 2000 and now.");
		out[0] = 0;
	}
}

/* The fields a record and an edit share. */
static void check_common(valid *v, store_conn *c, int64_t office, json_t *o, feedback_in *in)
{
	check_received(v, o, in->received_at);
	jf_enum(v, o, "channel", true, feedback_channels, &in->channel);
	jf_enum(v, o, "source", false, feedback_sources, &in->source);
	if (jf_string(v, o, "language", false, 35, &in->language) && in->language &&
	    !language_tag_valid(in->language))
		valid_fail(v, "language", "validation.language", "\"%s\" is not a language code such as en, es or vi.",
		           in->language);
	jf_string(v, o, "body", true, FEEDBACK_BODY_MAX, &in->body);
	jf_date(v, o, "due_on", false, &in->due_on);
	jf_string(v, o, "action_taken", false, 5000, &in->action_taken);
	jf_string(v, o, "notes", false, 5000, &in->notes);
	check_ref(v, c, office, o, "partner_id", &in->partner_id);
	check_ref(v, c, office, o, "contact_id", &in->contact_id);
	check_ref(v, c, office, o, "topic_id", &in->topic_id);
	check_ref(v, c, office, o, "assignee_id", &in->assignee_id);
	check_ref(v, c, office, o, "solicitation_id", &in->solicitation_id);
	check_ref(v, c, office, o, "misconception_id", &in->misconception_id);
}

static bool email_shaped(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at > s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strpbrk(s, " \t\r\n<>,;") &&
	       at[1] != '.' && s[strlen(s) - 1] != '.';
}

static void check_contact(valid *v, json_t *body, feedback_in *in)
{
	json_t *ct = json_object_get(body, "contact");
	if (!ct || json_is_null(ct)) return;
	if (!json_is_object(ct)) {
		valid_fail(v, "contact", "validation.type", "contact must be an object with name, email, phone, address, consent.");
		return;
	}
	valid sub = {0};
	jf_known_keys(&sub, ct, contact_fields);
	jf_string(&sub, ct, "name", false, 200, &in->contact_name);
	if (jf_string(&sub, ct, "email", false, 254, &in->contact_email) && in->contact_email &&
	    !email_shaped(in->contact_email))
		valid_fail(&sub, "email", "validation.email", "email must look like name@example.org.");
	jf_string(&sub, ct, "phone", false, 40, &in->contact_phone);
	jf_string(&sub, ct, "address", false, 500, &in->contact_address);
	bool present;
	jf_bool(&sub, ct, "consent", &in->contact_consent, &present);
	size_t i;
	json_t *e;
	json_array_foreach(sub.errors, i, e) {
		char *field = xasprintf("contact.%s", json_string_value(json_object_get(e, "field")));
		valid_fail(v, field, json_string_value(json_object_get(e, "code")), "%s",
		           json_string_value(json_object_get(e, "message")));
		free(field);
	}
	valid_free(&sub);
}

void api_feedback_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	valid v = {0};
	feedback_in in = {0};
	int64_t office = r->caller.office_id;
	jf_known_keys(&v, body, create_fields);
	check_common(&v, c, office, body, &in);
	check_contact(&v, body, &in);
	static const char *const initial[] = {"new", "action_taken", "closed", NULL};
	if (jf_enum(&v, body, "status", false, initial, &in.status) && in.status && !str_eq(in.status, "new") &&
	    str_empty(in.action_taken))
		valid_fail(&v, "action_taken", "validation.required",
		           "Describe the action taken when recording feedback as already acted on.");
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	audit_actor who = audit_actor_of(r);
	int64_t id = feedback_insert(c, &who, &in);
	if (id < 0) return api_fail(r, (int)id);
	api_commit_reply(r, 201, feedback_load(c, office, id));
}

void api_feedback_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *f = feedback_load(c, r->caller.office_id, id);
	if (!f) return api_not_found(r);
	api_read_reply(r, f);
}

void api_feedback_update(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, edit_fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = feedback_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, edit_fields);
	feedback_in in = {0};
	check_common(&v, c, office, merged, &in);
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	feedback_fact was, is;
	int rc = feedback_fact_read(c, office, id, &was);
	if (rc < 0) {
		json_decref(before);
		json_decref(merged);
		return api_fail(r, rc);
	}
	rc = store_exec(c,
	    "UPDATE feedback SET received_at = ?, channel = ?, source = ?, partner_id = ?, contact_id = ?,"
	    " language = ?, topic_id = ?, body = ?, assignee_id = ?, due_on = ?, action_taken = ?, notes = ?,"
	    " solicitation_id = ?, misconception_id = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "tttIIt" "ItIttt" "IIt" "ii",
	    in.received_at[0] ? in.received_at : json_string_value(json_object_get(before, "received_at")), in.channel,
	    in.source ? in.source : "voter", in.partner_id, in.contact_id, in.language ? in.language : "en",
	    in.topic_id, in.body, in.assignee_id, in.due_on, in.action_taken, in.notes, in.solicitation_id,
	    in.misconception_id, now, office, id);
	audit_actor who = audit_actor_of(r);
	int64_t old_assignee = json_integer_value(json_object_get(before, "assignee_id"));
	if (rc >= 0 && old_assignee != in.assignee_id)
		rc = feedback_event_add(c, &who, id, now, "assigned", NULL, NULL, NULL);
	if (rc >= 0) rc = feedback_event_add(c, &who, id, now, "edited", NULL, NULL, NULL);
	if (rc >= 0) rc = feedback_fact_read(c, office, id, &is);
	if (rc >= 0) rc = feedback_rollup_apply(c, office, &was, &is);
	json_decref(merged);
	json_t *after = rc >= 0 ? feedback_load(c, office, id) : NULL;
	if (after) {
		feedback_index(c, office, after);
		rc = audit_record(c, &who, "update", "feedback", id, before, after);
	}
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}

/* POST /feedback/{id}/status: one workflow step, dated and attributed.
** Body: {status, version, at?, action_taken? (required to reach
** action_taken unless already described), reason? (required for
** closed_no_action), note?}. */
void api_feedback_status(http_req *r)
{
	static const char *const fields[] = {"status", "version", "at", "action_taken", "reason", "note", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *to, *action, *reason, *note;
	char at[ISO_TIME_LEN] = "";
	bool has_at;
	jf_known_keys(&v, body, fields);
	jf_enum(&v, body, "status", true, feedback_statuses, &to);
	jf_string(&v, body, "action_taken", false, 5000, &action);
	jf_string(&v, body, "reason", false, 2000, &reason);
	jf_string(&v, body, "note", false, 2000, &note);
	jf_datetime(&v, body, "at", false, at, &has_at);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = feedback_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	const char *from = json_string_value(json_object_get(before, "status"));
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	if (!has_at) memcpy(at, now, sizeof at);
	int64_t t_at, t_recv, t_last = 0, t_now = time_now_secs();
	time_parse_iso(at, &t_at);
	time_parse_iso(json_string_value(json_object_get(before, "received_at")), &t_recv);
	/* The previous workflow step (a record entered later than it was
	** received may have its steps dated back to the receipt). */
	json_t *events = json_object_get(before, "events"), *last = NULL, *e;
	size_t k;
	json_array_foreach(events, k, e) if (str_eq(json_string_value(json_object_get(e, "kind")), "status")) last = e;
	if (last) time_parse_iso(json_string_value(json_object_get(last, "at")), &t_last);
	if (!feedback_transition_ok(from, to))
		valid_fail(&v, "status", "validation.status_transition", "Feedback cannot go from %s to %s.", from, to);
	if (str_eq(to, "action_taken") && str_empty(action) &&
	    str_empty(json_string_value(json_object_get(before, "action_taken"))))
		valid_fail(&v, "action_taken", "validation.required", "Describe the action taken.");
	if (str_eq(to, "closed_no_action") && str_empty(reason))
		valid_fail(&v, "reason", "validation.required", "Say why this is closed without action.");
	if (has_at && (t_at > t_now + 300 || t_at < t_recv))
		valid_fail(&v, "at", "validation.range", "at must be between the time the feedback was received and now.");
	else if (has_at && t_at < t_last)
		valid_fail(&v, "at", "validation.range", "at must not be before the previous step (%s).",
		           json_string_value(json_object_get(last, "at")));
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		return valid_reply(r, &v);
	}
	bool closing = str_eq(to, "closed") || str_eq(to, "closed_no_action");
	feedback_fact was, is;
	int rc = feedback_fact_read(c, office, id, &was);
	if (rc < 0) {
		json_decref(before);
		return api_fail(r, rc);
	}
	/* first_action_at: the first step after new; action_taken_at: the first
	** time it reached action_taken; closed_at: the latest close, cleared on reopening. */
	rc = store_exec(c,
	    "UPDATE feedback SET status = ?, first_action_at = coalesce(first_action_at, ?),"
	    " action_taken_at = CASE WHEN ? = 'action_taken' THEN coalesce(action_taken_at, ?) ELSE action_taken_at END,"
	    " closed_at = ?, action_taken = coalesce(?, action_taken),"
	    " close_reason = CASE WHEN ? = 'closed_no_action' THEN ? ELSE close_reason END,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttttttttii", to, at, to, at, closing ? at : NULL, action, to, reason, now, office, id);
	audit_actor who = audit_actor_of(r);
	const char *event_note = str_eq(to, "action_taken") && action ? action : str_eq(to, "closed_no_action") ? reason : note;
	if (rc >= 0) rc = feedback_event_add(c, &who, id, at, "status", from, to, event_note);
	if (rc >= 0) rc = feedback_fact_read(c, office, id, &is);
	if (rc >= 0) rc = feedback_rollup_apply(c, office, &was, &is);
	json_t *after = rc >= 0 ? feedback_load(c, office, id) : NULL;
	if (after) {
		feedback_index(c, office, after);
		rc = audit_record(c, &who, "status", "feedback", id, before, after);
	}
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}

void api_feedback_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = feedback_load(c, office, id);
	if (!before) return api_not_found(r);
	feedback_fact was;
	int rc = feedback_fact_read(c, office, id, &was);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM feedback_events WHERE office_id = ? AND feedback_id = ?", "ii", office, id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM feedback_contact_details WHERE office_id = ? AND feedback_id = ?", "ii", office, id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM feedback WHERE office_id = ? AND id = ?", "ii", office, id);
	if (rc >= 0) rc = store_index_delete(c, office, "feedback", id);
	if (rc >= 0) rc = feedback_rollup_apply(c, office, &was, NULL);
	audit_actor who = audit_actor_of(r);
	if (rc >= 0) rc = audit_record(c, &who, "delete", "feedback", id, before, NULL);
	json_decref(before);
	if (rc < 0) return api_fail(r, rc);
	api_commit_reply(r, 204, NULL);
}

/* GET /feedback/{id}/contact: the confidential details (staff and up). */
void api_feedback_contact_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM feedback WHERE office_id = ? AND id = ?", "ii", office, id))
		return api_not_found(r);
	json_t *d = store_query_row(c, NULL,
	    "SELECT name, email, phone, address, consent AS consent_bool, created_at"
	    " FROM feedback_contact_details WHERE office_id = ? AND feedback_id = ?",
	    "ii", office, id);
	if (!d) d = json_pack("{s:n, s:n, s:n, s:n, s:b, s:n}", "name", "email", "phone", "address", "consent", 0,
	                      "created_at");
	json_object_set_new(d, "confidential", json_true());
	api_read_reply(r, d);
}

/* PUT /feedback/{id}/contact: replaces the confidential details; an empty
** object removes them.  The audit entry records that they changed, not what
** they are. */
void api_feedback_contact_put(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	json_t *wrapped = json_pack("{s:O}", "contact", body);
	valid v = {0};
	feedback_in in = {0};
	check_contact(&v, wrapped, &in);
	if (!valid_ok(&v)) {
		json_decref(wrapped);
		return valid_reply(r, &v);
	}
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) {
		json_decref(wrapped);
		return;
	}
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM feedback WHERE office_id = ? AND id = ?", "ii", office, id)) {
		json_decref(wrapped);
		return api_not_found(r);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c, "DELETE FROM feedback_contact_details WHERE office_id = ? AND feedback_id = ?", "ii", office, id);
	bool any = in.contact_name || in.contact_email || in.contact_phone || in.contact_address;
	if (rc >= 0 && any)
		rc = store_exec(c,
		    "INSERT INTO feedback_contact_details(feedback_id, office_id, name, email, phone, address, consent, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    "iittttbt", id, office, in.contact_name, in.contact_email, in.contact_phone, in.contact_address,
		    in.contact_consent, now);
	audit_actor who = audit_actor_of(r);
	json_t *after = json_pack("{s:b, s:b}", "has_contact", any, "consent", any && in.contact_consent);
	if (rc >= 0) rc = audit_record(c, &who, "update", "feedback_contact", id, NULL, after);
	json_decref(after);
	json_t *d = json_pack("{s:s?, s:s?, s:s?, s:s?, s:b, s:s?, s:b}", "name", in.contact_name, "email",
	                      in.contact_email, "phone", in.contact_phone, "address", in.contact_address, "consent",
	                      any && in.contact_consent, "created_at", any ? now : NULL, "confidential", 1);
	json_decref(wrapped);
	if (rc < 0) {
		json_decref(d);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, d);
}

/* The list query: every filter optional; newest first; ?9 picks one id
** (full-text search results are checked against the filters this way). */
static const char list_sql[] =
	"SELECT f.id, f.reference, f.received_at, f.channel, f.source, f.language, f.topic_id,"
	" t.name AS topic_name, f.status, f.assignee_id, u.name AS assignee_name, f.due_on,"
	" substr(f.body, 1, 200) AS excerpt, f.partner_id, f.solicitation_id, f.version"
	" FROM feedback f LEFT JOIN feedback_topics t ON t.id = f.topic_id LEFT JOIN users u ON u.id = f.assignee_id"
	" WHERE f.office_id = ?1"
	" AND (?2 IS NULL OR f.status = ?2 OR (?2 = 'open' AND f.status NOT IN ('closed', 'closed_no_action')))"
	" AND (?3 IS NULL OR f.channel = ?3) AND (?4 IS NULL OR f.topic_id = ?4) AND (?5 IS NULL OR f.language = ?5)"
	" AND (?6 IS NULL OR f.received_at >= ?6) AND (?7 IS NULL OR f.received_at < ?7)"
	" AND (?8 IS NULL OR f.assignee_id = ?8) AND (?9 IS NULL OR f.id = ?9)"
	" AND (?10 IS NULL OR f.received_at < ?10 OR (f.received_at = ?10 AND f.id < ?11))"
	" AND (?12 IS NULL OR f.source = ?12) AND (?13 IS NULL OR f.solicitation_id = ?13)"
	" ORDER BY f.received_at DESC, f.id DESC LIMIT ?14";

typedef struct list_filter {
	const char *status, *channel, *language, *source, *cycle;
	int64_t topic_id, assignee_id, solicitation_id;
	char from[ISO_TIME_LEN], to[ISO_TIME_LEN];
	bool has_from, has_to;
} list_filter;

static json_t *list_batch(store_conn *c, int64_t office, const list_filter *f, int64_t only_id, json_t *k1,
                          json_t *k2, int limit, int *rc)
{
	return store_query_rows(c, rc, list_sql, "ittItttIIjjtId", office, f->status, f->channel, f->topic_id,
	                        f->language, f->has_from ? f->from : NULL, f->has_to ? f->to : NULL, f->assignee_id,
	                        only_id, k1, k2, f->source, f->solicitation_id, limit);
}

/* Whether a row passes the cycle filter. */
static bool row_in_cycle(const list_filter *f, const tz_zone *z, const cycle_calendar *cal, json_t *row)
{
	if (!f->cycle) return true;
	int64_t t;
	char date[11];
	time_parse_iso(json_string_value(json_object_get(row, "received_at")), &t);
	tz_local_date(z, t, date);
	bool on = cycle_is_on(cal, date_days(date));
	json_object_set_new(row, "cycle", json_string(on ? "on" : "off"));
	return on == str_eq(f->cycle, "on");
}

void api_feedback_list(http_req *r)
{
	static const char *const statuses[] = {"new", "triaged", "in_progress", "action_taken", "closed",
	                                       "closed_no_action", "open", NULL};
	static const char *const cycles[] = {"on", "off", NULL};
	list_filter f = {0};
	const char *from, *to, *q;
	int limit;
	json_t *cursor;
	if (!api_query_enum(r, "status", statuses, &f.status) || !api_query_enum(r, "channel", feedback_channels, &f.channel) ||
	    !api_query_enum(r, "source", feedback_sources, &f.source) || !api_query_enum(r, "cycle", cycles, &f.cycle) ||
	    !api_query_id(r, "topic_id", &f.topic_id) || !api_query_id(r, "assignee_id", &f.assignee_id) ||
	    !api_query_id(r, "solicitation_id", &f.solicitation_id) || !api_query_date(r, "from", &from) ||
	    !api_query_date(r, "to", &to))
		return;
	f.language = http_query(r, "language");
	if (f.language && !language_tag_valid(f.language))
		return http_reply_error(r, 422, "validation.language", "language", "language must be a code such as en or es.");
	if (from && to && strcmp(from, to) > 0)
		return http_reply_error(r, 422, "validation.range", "from", "from must not be after to.");
	q = http_query(r, "q");
	if (q && !utf8_valid(q, strlen(q)))
		return http_reply_error(r, 422, "validation.format", "q", "q must be UTF-8 text.");
	if (q && (str_empty(q) || utf8_chars(q) > 200))
		return http_reply_error(r, 422, "validation.length", "q", "q must be 1 to 200 characters.");
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	int64_t office = r->caller.office_id;
	const tz_zone *z = feedback_office_zone(c, office);
	int64_t t;
	if (from && tz_local_midnight(z, from, &t)) time_iso_from_epoch(t, f.from), f.has_from = true;
	char next[11];
	if (to && tz_date_add_days(to, 1, next) && tz_local_midnight(z, next, &t)) time_iso_from_epoch(t, f.to), f.has_to = true;
	cycle_calendar cal = {0};
	if (f.cycle) cycle_calendar_load(c, office, &cal);
	json_t *items = json_array();
	int rc = STORE_OK;
	if (q) {
		json_t *hits = json_array();
		rc = store_search(c, office, q, "feedback", 200, hits);
		size_t i;
		json_t *h;
		json_array_foreach(hits, i, h) {
			if (rc < 0 || json_array_size(items) >= (size_t)limit) break;
			json_t *one = list_batch(c, office, &f, json_integer_value(json_object_get(h, "id")), NULL, NULL, 1, &rc);
			json_t *row = json_array_get(one, 0);
			if (row && row_in_cycle(&f, z, &cal, row)) {
				json_object_set(row, "snippet", json_object_get(h, "snippet"));
				json_array_append(items, row);
			}
			json_decref(one);
		}
		json_decref(hits);
		json_decref(cursor);
		cycle_calendar_free(&cal);
		if (rc < 0) {
			json_decref(items);
			return api_fail(r, rc);
		}
		return api_read_reply(r, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
	}
	/* Pages of limit+1; with a cycle filter, rows are read in batches until
	** enough pass it. */
	json_t *k1 = cursor ? json_incref(json_array_get(cursor, 0)) : NULL, *k2 = cursor ? json_incref(json_array_get(cursor, 1)) : NULL;
	for (;;) {
		json_t *batch = list_batch(c, office, &f, 0, k1, k2, limit + 1, &rc);
		if (!batch) break;
		size_t n = json_array_size(batch), i;
		json_t *row;
		json_array_foreach(batch, i, row) {
			if (json_array_size(items) > (size_t)limit) break;
			if (row_in_cycle(&f, z, &cal, row)) json_array_append(items, row);
		}
		json_t *last = json_array_get(batch, n ? n - 1 : 0);
		json_decref(k1);
		json_decref(k2);
		k1 = last ? json_incref(json_object_get(last, "received_at")) : NULL;
		k2 = last ? json_incref(json_object_get(last, "id")) : NULL;
		json_decref(batch);
		if (n < (size_t)limit + 1 || json_array_size(items) > (size_t)limit || !f.cycle) break;
	}
	json_decref(k1);
	json_decref(k2);
	json_decref(cursor);
	cycle_calendar_free(&cal);
	if (rc < 0) {
		json_decref(items);
		return api_fail(r, rc);
	}
	api_read_reply(r, api_page(items, limit, "received_at", "id"));
}
