/*
** feedback.c: the feedback record shared by the API, the public form, the
** reports and the command line (see feedback.h).  Creating a record takes
** a row lock on the office (a no-op update of a non-key column: touching
** the key would make SQLite count every child row) so the per-office, per-year
** reference numbers are handed out one at a time on PostgreSQL as well.
*/
#include "feedback.h"
#include "domain.h"
#include "feedback_rollup.h"
#include "office.h"

#include <stdlib.h>
#include <string.h>

const char *const feedback_channels[] = {"phone", "email", "walk_in", "event", "web_form",
                                         "social_media", "mail", "partner", "other", NULL};
const char *const feedback_sources[] = {"voter", "partner", "staff", NULL};
const char *const feedback_statuses[] = {"new", "triaged", "in_progress", "action_taken",
                                         "closed", "closed_no_action", NULL};
const char *const solicitation_kinds[] = {"survey", "post_election_debrief", "town_hall",
                                          "advisory_meeting", "event", "social_media_call", "other", NULL};
const char *const election_types[] = {"general", "primary", "special", "municipal", "runoff",
                                      "recall", "other", NULL};

bool feedback_transition_ok(const char *from, const char *to)
{
	static const struct { const char *from, *to; } ok[] = {
		{"new", "triaged"}, {"new", "in_progress"}, {"new", "action_taken"}, {"new", "closed_no_action"},
		{"triaged", "in_progress"}, {"triaged", "action_taken"}, {"triaged", "closed_no_action"},
		{"in_progress", "action_taken"}, {"in_progress", "closed_no_action"},
		{"action_taken", "closed"}, {"action_taken", "in_progress"},
		{"closed", "in_progress"}, {"closed_no_action", "in_progress"},
	};
	for (size_t i = 0; i < countof(ok); i++)
		if (str_eq(ok[i].from, from) && str_eq(ok[i].to, to)) return true;
	return false;
}

bool feedback_status_open(const char *status)
{
	return !str_eq(status, "closed") && !str_eq(status, "closed_no_action");
}

const tz_zone *feedback_office_zone(store_conn *c, int64_t office_id)
{
	json_t *row = store_query_row(c, NULL, "SELECT timezone FROM offices WHERE id = ?", "i", office_id);
	const char *name = json_string_value(json_object_get(row, "timezone"));
	const tz_zone *z = tz_get(name);
	if (!z) {
		log_error("feedback: office %lld has an unknown time zone \"%s\"; using UTC", (long long)office_id,
		          name ? name : "");
		z = tz_get("UTC");
	}
	json_decref(row);
	if (!z) fatal("the time zone database has no UTC (is tzdata installed?)");
	return z;
}

int64_t date_days(const char *date)
{
	return tz_days_from_civil(atoi(date), atoi(date + 5), atoi(date + 8));
}

void feedback_cycle_window(store_conn *c, int64_t office_id, int *before, int *after)
{
	json_t *s = office_settings_get(c, office_id);
	json_t *b = json_object_get(s, "on_cycle_days_before"), *a = json_object_get(s, "on_cycle_days_after");
	*before = json_is_integer(b) ? (int)json_integer_value(b) : OFFICE_ON_CYCLE_DAYS_BEFORE;
	*after = json_is_integer(a) ? (int)json_integer_value(a) : OFFICE_ON_CYCLE_DAYS_AFTER;
	json_decref(s);
}

void cycle_calendar_load(store_conn *c, int64_t office_id, cycle_calendar *cal)
{
	memset(cal, 0, sizeof *cal);
	feedback_cycle_window(c, office_id, &cal->before, &cal->after);
	int cap = 0;
	store_stmt *st = store_prepare(c, "SELECT election_date FROM elections WHERE office_id = ? ORDER BY election_date");
	store_bind(st, "i", office_id);
	while (store_step(st) == STORE_ROW) {
		const char *d = store_col_text(st, 0);
		if (!date_valid(d)) continue;
		if (cal->n == cap) {
			cap = cap ? cap * 2 : 16;
			cal->days = xrealloc(cal->days, (size_t)cap * sizeof *cal->days);
		}
		cal->days[cal->n++] = date_days(d);
	}
	store_reset(st);
}

void cycle_calendar_free(cycle_calendar *cal)
{
	free(cal->days);
	cal->days = NULL;
	cal->n = 0;
}

bool cycle_is_on(const cycle_calendar *cal, int64_t day)
{
	/* The first election on or after day - after; on-cycle if it is no later than day + before. */
	int lo = 0, hi = cal->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cal->days[mid] < day - cal->after) lo = mid + 1;
		else hi = mid;
	}
	return lo < cal->n && cal->days[lo] <= day + cal->before;
}

static int add_event(store_conn *c, const audit_actor *who, int64_t id, const char *at, const char *kind,
                     const char *from, const char *to, const char *note)
{
	int rc = store_exec(c,
	    "INSERT INTO feedback_events(office_id, feedback_id, at, user_id, actor, kind, from_status, to_status, note)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iitIttttt", who->office_id, id, at, who->user_id, who->actor, kind, from, to, note);
	return rc < 0 ? rc : STORE_OK;
}

int feedback_event_add(store_conn *c, const audit_actor *who, int64_t id, const char *at, const char *kind,
                       const char *from, const char *to, const char *note)
{
	return add_event(c, who, id, at, kind, from, to, note);
}

void feedback_index(store_conn *c, int64_t office_id, json_t *f)
{
	buf body = BUF_INIT;
	const char *keys[] = {"body", "action_taken", "close_reason", "notes", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(f, keys[i]));
		if (s) buf_printf(&body, "%s\n", s);
	}
	store_index_put(c, office_id, "feedback", json_integer_value(json_object_get(f, "id")),
	                json_string_value(json_object_get(f, "reference")), body.data ? body.data : "");
	buf_free(&body);
}

int64_t feedback_insert(store_conn *c, const audit_actor *who, const feedback_in *in)
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	const char *received = in->received_at[0] ? in->received_at : now;
	int64_t t;
	time_parse_iso(received, &t);
	tz_local l;
	tz_to_local(feedback_office_zone(c, who->office_id), t, &l);
	if (store_exec(c, "UPDATE offices SET version = version WHERE id = ?", "i", who->office_id) < 0) return STORE_ERROR;
	int64_t seq = store_query_int(c, 0, "SELECT coalesce(MAX(ref_seq), 0) + 1 FROM feedback WHERE office_id = ? AND ref_year = ?",
	                              "id", who->office_id, l.year);
	char ref[32];
	snprintf(ref, sizeof ref, "FB-%04d-%06lld", l.year % 10000, (long long)seq);
	const char *status = in->status ? in->status : "new";
	bool acted = str_eq(status, "action_taken") || str_eq(status, "closed");
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO feedback(office_id, reference, ref_year, ref_seq, received_at, channel, source, partner_id,"
	    " contact_id, language, topic_id, body, status, assignee_id, due_on, action_taken, notes,"
	    " solicitation_id, misconception_id, first_action_at, action_taken_at, closed_at, public_nonce,"
	    " created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "itditttIItItt" "ItttIIttttIt" "t",
	    who->office_id, ref, l.year, seq, received, in->channel, in->source ? in->source : "voter",
	    in->partner_id, in->contact_id, in->language ? in->language : "en", in->topic_id, in->body, status,
	    in->assignee_id, in->due_on, in->action_taken, in->notes, in->solicitation_id, in->misconception_id,
	    acted ? now : NULL, acted ? now : NULL, str_eq(status, "closed") ? now : NULL, in->public_nonce,
	    who->user_id, now, now);
	if (!row) return rc < 0 ? rc : STORE_ERROR;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	rc = add_event(c, who, id, now, "created", NULL, "new", NULL);
	if (rc == STORE_OK && acted) rc = add_event(c, who, id, now, "status", "new", "action_taken", in->action_taken);
	if (rc == STORE_OK && str_eq(status, "closed")) rc = add_event(c, who, id, now, "status", "action_taken", "closed", NULL);
	if (rc == STORE_OK && in->assignee_id) rc = add_event(c, who, id, now, "assigned", NULL, NULL, NULL);
	if (rc == STORE_OK && (in->contact_name || in->contact_email || in->contact_phone || in->contact_address)) {
		int n = store_exec(c,
		    "INSERT INTO feedback_contact_details(feedback_id, office_id, name, email, phone, address, consent, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    "iittttbt", id, who->office_id, in->contact_name, in->contact_email, in->contact_phone,
		    in->contact_address, in->contact_consent, now);
		if (n < 0) rc = n;
	}
	if (rc != STORE_OK) return rc;
	feedback_fact fact;
	rc = feedback_fact_read(c, who->office_id, id, &fact);
	if (rc == STORE_OK) rc = feedback_rollup_apply(c, who->office_id, NULL, &fact);
	if (rc != STORE_OK) return rc;
	json_t *after = feedback_load(c, who->office_id, id);
	feedback_index(c, who->office_id, after);
	/* The audit entry holds the record, never the confidential details. */
	rc = audit_record(c, who, "create", "feedback", id, NULL, after);
	json_decref(after);
	return rc == STORE_OK ? id : rc;
}

json_t *feedback_load(store_conn *c, int64_t office_id, int64_t id)
{
	json_t *f = store_query_row(c, NULL,
	    "SELECT f.id, f.reference, f.received_at, f.channel, f.source, f.partner_id, p.name AS partner_name,"
	    " f.contact_id, f.language, f.topic_id, t.name AS topic_name, f.body, f.status, f.assignee_id,"
	    " u.name AS assignee_name, f.due_on, f.action_taken, f.close_reason, f.notes, f.solicitation_id,"
	    " s.title AS solicitation_title, f.misconception_id, f.first_action_at, f.action_taken_at, f.closed_at,"
	    " CASE WHEN d.feedback_id IS NULL THEN 0 ELSE 1 END AS has_contact_bool,"
	    " coalesce(d.consent, 0) AS contact_consent_bool,"
	    " f.created_by, f.created_at, f.updated_at, f.version"
	    " FROM feedback f LEFT JOIN partners p ON p.id = f.partner_id"
	    " LEFT JOIN feedback_topics t ON t.id = f.topic_id LEFT JOIN users u ON u.id = f.assignee_id"
	    " LEFT JOIN solicitations s ON s.id = f.solicitation_id"
	    " LEFT JOIN feedback_contact_details d ON d.feedback_id = f.id"
	    " WHERE f.office_id = ? AND f.id = ?",
	    "ii", office_id, id);
	if (!f) return NULL;
	json_t *events = store_query_rows(c, NULL,
	    "SELECT e.id, e.at, e.kind, e.from_status, e.to_status, e.note, e.user_id, e.actor, u.name AS user_name"
	    " FROM feedback_events e LEFT JOIN users u ON u.id = e.user_id"
	    " WHERE e.office_id = ? AND e.feedback_id = ? ORDER BY e.at, e.id",
	    "ii", office_id, id);
	json_object_set_new(f, "events", events ? events : json_array());
	return f;
}
