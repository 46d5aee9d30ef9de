/*
** report_feedback_export.c: the public-records export of feedback
** (GET /api/v1/exports/feedback, its preview, and rapport export feedback).
**
** What goes out: the reference, when it was received (office local time),
** channel, source, language, topic, status, cycle, the feedback text, the
** action taken, the reason for closing without action, internal notes, the
** solicitation's title, the partner organisation's name, and when it was
** first acted on and closed.  Every one of those free-text fields passes
** through redact_text.  What never goes out: the submitter's contact
** details (feedback_contact_details is not read here at all), the contact
** person linked, the assignee and the workflow's staff names.
*/
#include "report_feedback.h"
#include "api.h"
#include "feedback.h"
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

const export_col feedback_export_cols[] = {
	{"reference", "Reference", EXPORT_TEXT, 16},
	{"received", "Received (local time)", EXPORT_DATETIME, 18},
	{"channel", "Channel", EXPORT_TEXT, 12},
	{"source", "Source", EXPORT_TEXT, 10},
	{"language", "Language", EXPORT_TEXT, 9},
	{"topic", "Topic", EXPORT_TEXT, 20},
	{"status", "Status", EXPORT_TEXT, 16},
	{"cycle", "Cycle", EXPORT_TEXT, 8},
	{"body", "Feedback", EXPORT_TEXT, 60},
	{"action_taken", "Action taken", EXPORT_TEXT, 50},
	{"close_reason", "Closed without action because", EXPORT_TEXT, 30},
	{"notes", "Notes", EXPORT_TEXT, 40},
	{"solicitation", "Solicitation", EXPORT_TEXT, 24},
	{"partner", "Partner organisation", EXPORT_TEXT, 24},
	{"first_action", "First action (local time)", EXPORT_DATETIME, 18},
	{"closed", "Closed (local time)", EXPORT_DATETIME, 18},
};
const int feedback_export_ncols = (int)(sizeof feedback_export_cols / sizeof feedback_export_cols[0]);

/* The free-text fields, each redacted. */
static const char *const redacted_fields[] = {"body", "action_taken", "close_reason", "notes", "solicitation",
                                              "partner", "topic", NULL};

static void local_time(json_t *row, const char *from, const char *to, const tz_zone *z)
{
	int64_t t;
	const char *s = json_string_value(json_object_get(row, from));
	if (s && time_parse_iso(s, &t)) {
		char out[20];
		tz_local_iso(z, t, out);
		json_object_set_new(row, to, json_string(out));
	} else {
		json_object_set_new(row, to, json_null());
	}
	json_object_del(row, from);
}

json_t *feedback_export_rows(store_conn *c, int64_t office, const char *from, const char *to, redact_counts *total,
                             json_t **by_field, int *rc)
{
	const tz_zone *z = feedback_office_zone(c, office);
	char start[ISO_TIME_LEN], end[ISO_TIME_LEN];
	tz_date_range_utc(z, from, to, start, end);
	json_t *rows = store_query_rows(c, rc,
	    "SELECT f.reference, f.received_at, f.channel, f.source, f.language, t.name AS topic, f.status, f.body,"
	    " f.action_taken, f.close_reason, f.notes, s.title AS solicitation, p.name AS partner,"
	    " f.first_action_at, f.closed_at"
	    " FROM feedback f LEFT JOIN feedback_topics t ON t.id = f.topic_id"
	    " LEFT JOIN solicitations s ON s.id = f.solicitation_id LEFT JOIN partners p ON p.id = f.partner_id"
	    " WHERE f.office_id = ? AND f.received_at >= ? AND f.received_at < ? ORDER BY f.received_at, f.id",
	    "itt", office, start, end);
	if (!rows) return NULL;
	cycle_calendar cal;
	cycle_calendar_load(c, office, &cal);
	redact_counts per[16] = {{{0}}};
	memset(total, 0, sizeof *total);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		int64_t t;
		time_parse_iso(json_string_value(json_object_get(row, "received_at")), &t);
		char date[11];
		tz_local_date(z, t, date);
		json_object_set_new(row, "cycle", json_string(cycle_is_on(&cal, date_days(date)) ? "on" : "off"));
		local_time(row, "received_at", "received", z);
		local_time(row, "first_action_at", "first_action", z);
		local_time(row, "closed_at", "closed", z);
		for (int k = 0; redacted_fields[k]; k++) {
			const char *s = json_string_value(json_object_get(row, redacted_fields[k]));
			if (!s) continue;
			char *clean = redact_text(s, &per[k]);
			json_object_set_new(row, redacted_fields[k], json_string(clean));
			free(clean);
		}
	}
	cycle_calendar_free(&cal);
	*by_field = json_object();
	for (int k = 0; redacted_fields[k]; k++) {
		redact_counts_add(total, &per[k]);
		json_object_set_new(*by_field, redacted_fields[k], redact_counts_json(&per[k]));
	}
	return rows;
}

/* Reads and checks from/to; replies 422 and returns false when bad. */
static bool period_params(http_req *r, const char **from, const char **to)
{
	*from = http_query(r, "from");
	*to = http_query(r, "to");
	const char *why = report_period_problem(*from, *to);
	if (!why) return true;
	const char *field = !*from || !date_valid(*from) ? "from" : !*to || !date_valid(*to) ? "to" : "from";
	http_reply_error(r, 422, !*from || !*to ? "validation.required" : strstr(why, "real") ? "validation.date" : "validation.range",
	                 field, "%s", why);
	return false;
}

/* GET /api/v1/exports/feedback/preview?from=&to= (staff): what an export
** of the period would hold: its columns, the first 20 rows exactly as they
** would go out, the row count and what was redacted. */
void api_export_feedback_preview(http_req *r)
{
	const char *from, *to;
	if (!period_params(r, &from, &to)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	redact_counts total;
	json_t *by_field = NULL;
	json_t *rows = feedback_export_rows(c, r->caller.office_id, from, to, &total, &by_field, &rc);
	if (!rows) return api_fail(r, rc);
	json_t *cols = json_array();
	for (int i = 0; i < feedback_export_ncols; i++)
		json_array_append_new(cols, json_pack("{s:s, s:s}", "key", feedback_export_cols[i].key, "title",
		                                      feedback_export_cols[i].title));
	size_t n = json_array_size(rows);
	while (json_array_size(rows) > 20) json_array_remove(rows, json_array_size(rows) - 1);
	api_read_reply(r, json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:[s, s, s]}", "from", from, "to", to, "rows", (json_int_t)n,
	                            "columns", cols, "sample", rows, "redactions", redact_counts_json(&total),
	                            "redactions_by_field", by_field, "left_out", "contact details (name, email, phone, address)",
	                            "linked contact person", "assignee and staff names"));
}

/* GET /api/v1/exports/feedback?from=&to=&format=csv|xlsx[&bom=1] (director):
** the file, with the redaction counts in X-Redactions; logged in the audit log. */
void api_export_feedback(http_req *r)
{
	static const char *const formats[] = {"csv", "xlsx", NULL};
	const char *from, *to, *format;
	if (!period_params(r, &from, &to) || !api_query_enum(r, "format", formats, &format)) return;
	if (!format) format = "csv";
	const char *bom = http_query(r, "bom");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int rc;
	redact_counts total;
	json_t *by_field = NULL;
	json_t *rows = feedback_export_rows(c, r->caller.office_id, from, to, &total, &by_field, &rc);
	if (!rows) return api_fail(r, rc);
	export_table t = {feedback_export_cols, feedback_export_ncols, rows, "Feedback"};
	size_t len = 0;
	char *err = NULL, *data;
	bool csv = str_eq(format, "csv");
	if (csv) data = export_csv(&t, str_eq(bom, "1") || str_eq(bom, "true"), &len);
	else data = export_xlsx(&t, &len, &err);
	json_t *counts = redact_counts_json(&total);
	json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:O, s:o}", "from", from, "to", to, "format", format, "rows",
	                          (json_int_t)json_array_size(rows), "redactions", counts, "redactions_by_field", by_field);
	json_decref(rows);
	audit_actor who = audit_actor_of(r);
	rc = data ? audit_record(c, &who, "export", "feedback", 0, NULL, after) : STORE_ERROR;
	json_decref(after);
	if (!data) log_error("export: %s", err ? err : "failed");
	free(err);
	if (rc == STORE_OK) rc = store_commit(c);
	if (rc != STORE_OK) {
		free(data);
		json_decref(counts);
		return api_fail(r, rc);
	}
	buf h = BUF_INIT;
	const char *key;
	json_t *v;
	json_object_foreach(counts, key, v) buf_printf(&h, "%s%s=%lld", h.len ? ", " : "", key, (long long)json_integer_value(v));
	http_header_add(r, "X-Redactions", h.data);
	buf_free(&h);
	json_decref(counts);
	char *disp = xasprintf("attachment; filename=\"feedback-%s-to-%s.%s\"", from, to, format);
	http_header_add(r, "Content-Disposition", disp);
	free(disp);
	http_reply_take(r, 200, csv ? "text/csv; charset=utf-8"
	                            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	                data, len);
}
