/*
** misconceptions.c: the claim vocabularies and workflow rule, the office's
** response targets, loading a claim as the API shows it, the timeline, the
** search document, and the small text rules for slugs and source links
** (see misconceptions.h).  Handlers live in api_misconceptions.c and the
** files beside it; nothing here writes a reply.
*/
#include "misconceptions.h"
#include "office.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *const claim_topics[] = {
	"registration", "eligibility", "mail_voting", "early_voting", "election_day", "polling_places",
	"voter_id", "voting_equipment", "counting", "results", "security", "candidates", "other", NULL};
const char *const claim_severities[] = {"low", "medium", "high", NULL};
const char *const claim_statuses[] = {"reported", "triaged", "drafting", "in_review", "approved",
                                      "published", "monitoring", "closed", "dismissed", NULL};
const char *const sighting_sources[] = {"partner", "contact", "feedback", "staff", "media", "other", NULL};
const char *const source_kinds[] = {"statute", "procedure", "official_page", "other", NULL};
const char *const ask_outcomes[] = {"yes", "no", "unknown", NULL};

bool claim_status_move_ok(const char *from, const char *to)
{
	static const struct { const char *from, *to; } ok[] = {
		{"reported", "triaged"},  {"reported", "dismissed"},
		{"triaged", "drafting"},  {"triaged", "reported"},   {"triaged", "dismissed"},
		{"drafting", "in_review"}, {"drafting", "triaged"},  {"drafting", "dismissed"},
		{"in_review", "drafting"}, {"in_review", "dismissed"},
		{"approved", "drafting"}, {"approved", "dismissed"},
		{"published", "monitoring"}, {"published", "closed"},
		{"monitoring", "closed"}, {"closed", "monitoring"},
		{"dismissed", "reported"},
	};
	for (size_t i = 0; i < countof(ok); i++)
		if (strcmp(ok[i].from, from) == 0 && strcmp(ok[i].to, to) == 0) return true;
	return false;
}

int claim_severity_rank(const char *severity)
{
	if (str_eq(severity, "high")) return 2;
	if (str_eq(severity, "medium")) return 1;
	return 0;
}

claim_targets claim_targets_get(store_conn *c, int64_t office_id)
{
	claim_targets t = {OFFICE_TARGET_HOURS_HIGH, OFFICE_TARGET_HOURS_MEDIUM, OFFICE_TARGET_HOURS_LOW};
	json_t *settings = office_settings_get(c, office_id);
	json_t *hours = json_object_get(settings, "response_target_hours");
	if (json_is_integer(json_object_get(hours, "high"))) t.high = json_integer_value(json_object_get(hours, "high"));
	if (json_is_integer(json_object_get(hours, "medium"))) t.medium = json_integer_value(json_object_get(hours, "medium"));
	if (json_is_integer(json_object_get(hours, "low"))) t.low = json_integer_value(json_object_get(hours, "low"));
	json_decref(settings);
	return t;
}

int64_t claim_target_hours(const claim_targets *t, const char *severity)
{
	switch (claim_severity_rank(severity)) {
	case 2: return t->high;
	case 1: return t->medium;
	default: return t->low;
	}
}

static json_t *text_column(store_conn *c, const char *sql, int64_t office_id, int64_t id)
{
	json_t *out = json_array();
	store_stmt *st = store_prepare(c, sql);
	store_bind(st, "ii", office_id, id);
	while (store_step(st) == STORE_ROW) {
		if (store_col_type(st, 0) == STORE_INT) json_array_append_new(out, json_integer(store_col_int(st, 0)));
		else json_array_append_new(out, json_string(store_col_text(st, 0)));
	}
	store_reset(st);
	return out;
}

json_t *claim_load(store_conn *c, int64_t office_id, int64_t id)
{
	json_t *p = store_query_row(c, NULL,
	    "SELECT id, statement, topic, severity, status, dismissed_reason, slug, notes, first_seen_at,"
	    " published_at, last_corrected_at, merged_into_id, created_by, created_at, updated_at, version"
	    " FROM claims WHERE office_id = ? AND id = ?",
	    "ii", office_id, id);
	if (!p) return NULL;
	json_object_set_new(p, "languages", text_column(c,
	    "SELECT language FROM claim_languages WHERE office_id = ? AND claim_id = ? ORDER BY language",
	    office_id, id));
	json_object_set_new(p, "demographic_group_ids", text_column(c,
	    "SELECT group_id FROM claim_groups WHERE office_id = ? AND claim_id = ? ORDER BY group_id",
	    office_id, id));
	json_object_set_new(p, "places", text_column(c,
	    "SELECT place FROM claim_places WHERE office_id = ? AND claim_id = ? ORDER BY place",
	    office_id, id));
	json_object_set_new(p, "sightings_count", json_integer(store_query_int(c, 0,
	    "SELECT COUNT(*) FROM sightings WHERE office_id = ? AND claim_id = ?", "ii", office_id, id)));
	json_t *resp = store_query_row(c, NULL,
	    "SELECT number AS latest_version, CASE WHEN approved_at IS NULL THEN 0 ELSE 1 END AS latest_approved_bool,"
	    " drafted_by"
	    " FROM response_versions WHERE office_id = ? AND claim_id = ? ORDER BY number DESC LIMIT 1",
	    "ii", office_id, id);
	if (resp) {
		json_t *pub = store_query_row(c, NULL,
		    "SELECT v.number FROM publications p JOIN response_versions v ON v.id = p.version_id"
		    " WHERE p.office_id = ? AND p.claim_id = ? ORDER BY p.published_at DESC, p.id DESC LIMIT 1",
		    "ii", office_id, id);
		json_object_set(resp, "published_version", pub ? json_object_get(pub, "number") : json_null());
		json_decref(pub);
	}
	json_object_set_new(p, "response", resp ? resp : json_null());
	claim_targets t = claim_targets_get(c, office_id);
	int64_t hours = claim_target_hours(&t, json_string_value(json_object_get(p, "severity")));
	int64_t seen;
	json_object_set_new(p, "target_hours", json_integer(hours));
	if (time_parse_iso(json_string_value(json_object_get(p, "first_seen_at")), &seen)) {
		char due[ISO_TIME_LEN];
		time_iso_from_epoch(seen + hours * 3600, due);
		json_object_set_new(p, "due_at", json_string(due));
		const char *pub = json_string_value(json_object_get(p, "published_at"));
		int64_t end;
		if (!pub || !time_parse_iso(pub, &end)) end = time_now_secs();
		json_object_set_new(p, "overdue", json_boolean(end - seen > hours * 3600));
	}
	return p;
}

int claim_event_add(store_conn *c, int64_t office_id, int64_t claim_id, const char *action,
                    const char *from_status, const char *to_status, int64_t user_id,
                    const char *note, const char *at)
{
	int rc = store_exec(c,
	    "INSERT INTO claim_events(office_id, claim_id, action, from_status, to_status, at, user_id, note)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "iittttIt", office_id, claim_id, action, from_status, to_status, at, user_id, note);
	return rc < 0 ? rc : STORE_OK;
}

int claim_set_status(store_conn *c, int64_t office_id, int64_t claim_id, const char *action, const char *from,
                     const char *to, int64_t user_id, const char *note, const char *at)
{
	int rc = store_exec(c,
	    "UPDATE claims SET status = ?, dismissed_reason = CASE WHEN ? = 'dismissed' THEN ? ELSE NULL END,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "ttttii", to, to, note, at, office_id, claim_id);
	if (rc < 0) return rc;
	if (rc == 0) return STORE_ERROR;
	return claim_event_add(c, office_id, claim_id, action, from, to, user_id, note, at);
}

void claim_index(store_conn *c, int64_t office_id, json_t *claim)
{
	buf body = BUF_INIT;
	const char *keys[] = {"topic", "notes", "slug", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(claim, keys[i]));
		if (s) buf_printf(&body, "%s\n", s);
	}
	size_t k;
	json_t *e;
	json_array_foreach(json_object_get(claim, "places"), k, e) buf_printf(&body, "%s\n", json_string_value(e));
	store_index_put(c, office_id, "claim", json_integer_value(json_object_get(claim, "id")),
	                json_string_value(json_object_get(claim, "statement")), body.data ? body.data : "");
	buf_free(&body);
}

bool claim_slug_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 80 || s[0] == '-' || s[n - 1] == '-') return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch == '-' && s[i + 1] != '-');
		if (!ok) return false;
	}
	return true;
}

char *claim_slugify(const char *text)
{
	buf b = BUF_INIT;
	bool gap = false;
	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p && b.len < 60; p++) {
		if (isalnum(*p) && *p < 0x80) {
			if (gap && b.len) buf_putc(&b, '-');
			buf_putc(&b, (char)tolower(*p));
			gap = false;
		} else {
			gap = true;
		}
	}
	while (b.len && b.data[b.len - 1] == '-') b.data[--b.len] = 0;
	if (!b.len) buf_puts(&b, "claim");
	return buf_take(&b);
}

bool claim_url_ok(const char *s)
{
	const char *host;
	if (str_starts(s, "https://")) host = s + 8;
	else if (str_starts(s, "http://")) host = s + 7;
	else return false;
	if (!*host || *host == '/' || *host == '?' || *host == '#') return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\') return false;
	return strlen(s) <= 2000;
}
