/*
** api_letters.c: outreach letter templates and letters rendered from them
** for a partner (usually a prospect): as text, as a printable HTML page,
** and "send", which logs an interaction of type outreach_letter.
**
** Placeholders: {{partner.name}} {{contact.name}} {{shared_goals}}
** {{office.name}} {{offerings}} {{sender.name}} {{date}}.  A template
** naming any other is refused when saved.  In the HTML page every byte of
** the template and of each substituted value is escaped: a partner named
** "<script>" prints as text.
*/
#include "api.h"
#include "continuity.h"
#include "handlers.h"
#include "partners.h"

#include <stdlib.h>
#include <string.h>

static const char *const placeholders[] = {"partner.name", "contact.name", "shared_goals", "office.name",
                                           "offerings", "sender.name", "date", NULL};

/* Checks every {{...}} in s names a known placeholder. */
static void check_placeholders(valid *v, const char *field, const char *s)
{
	for (const char *p = s ? strstr(s, "{{") : NULL; p; p = strstr(p + 2, "{{")) {
		const char *end = strstr(p + 2, "}}");
		size_t n = end ? (size_t)(end - p - 2) : 0;
		bool known = false;
		for (int i = 0; end && placeholders[i] && !known; i++)
			known = strlen(placeholders[i]) == n && strncmp(placeholders[i], p + 2, n) == 0;
		if (!known) {
			valid_fail(v, field, "validation.placeholder",
			           "%s uses an unknown placeholder near \"%.30s\"; known: {{partner.name}}, {{contact.name}},"
			           " {{shared_goals}}, {{office.name}}, {{offerings}}, {{sender.name}}, {{date}}.",
			           field, p);
			return;
		}
	}
}

/* ---- templates ---- */

static json_t *template_load(store_conn *c, int64_t office, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT id, name, subject, body, created_at, updated_at, version FROM letter_templates"
	    " WHERE office_id = ? AND id = ?",
	    "ii", office, id);
}

static const char *const template_fields[] = {"name", "subject", "body", "version", NULL};

static void template_validate(valid *v, json_t *o, const char **name, const char **subject, const char **body)
{
	jf_string(v, o, "name", true, 200, name);
	if (jf_string(v, o, "subject", true, 300, subject)) check_placeholders(v, "subject", *subject);
	if (jf_string(v, o, "body", true, 50000, body)) check_placeholders(v, "body", *body);
}

static void audit_and_reply(http_req *r, const char *action, int64_t id, json_t *before, json_t *after, int status)
{
	audit_actor who = audit_actor_of(r);
	int rc = audit_record(r->db, &who, action, "letter_template", id, before, after);
	json_decref(before);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, status, after);
}

void api_letter_template_list(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT id, name, subject, updated_at, version FROM letter_templates WHERE office_id = ? ORDER BY name, id LIMIT 1000",
	    "i", r->caller.office_id);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, json_pack("{s:o, s:o}", "items", items, "placeholders", json_pack("[sssssss]",
	                            "partner.name", "contact.name", "shared_goals", "office.name", "offerings",
	                            "sender.name", "date")));
}

void api_letter_template_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *name, *subject, *text;
	jf_known_keys(&v, body, template_fields);
	template_validate(&v, body, &name, &subject, &text);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO letter_templates(office_id, name, subject, body, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    "itttt" "t", r->caller.office_id, name, subject, text, now, now);
	if (!row) return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	audit_and_reply(r, "create", id, NULL, template_load(c, r->caller.office_id, id), 201);
}

void api_letter_template_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *t = template_load(c, r->caller.office_id, id);
	if (!t) return api_not_found(r);
	api_read_reply(r, t);
}

void api_letter_template_update(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, template_fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = template_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) return json_decref(before);
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, template_fields);
	const char *name, *subject, *text;
	template_validate(&v, merged, &name, &subject, &text);
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE letter_templates SET name = ?, subject = ?, body = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "ttttii", name, subject, text, now, office, id);
	json_decref(merged);
	if (rc != 1) {
		json_decref(before);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	audit_and_reply(r, "update", id, before, template_load(c, office, id), 200);
}

void api_letter_template_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	json_t *before = template_load(c, r->caller.office_id, id);
	if (!before) return api_not_found(r);
	int rc = store_exec(c, "DELETE FROM letter_templates WHERE office_id = ? AND id = ?", "ii", r->caller.office_id, id);
	if (rc != 1) {
		json_decref(before);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	audit_and_reply(r, "delete", id, before, NULL, 204);
}

/* ---- rendering ---- */

/* "a", "a and b", "a, b and c". */
static void join_list(buf *b, json_t *list)
{
	size_t n = json_array_size(list);
	for (size_t i = 0; i < n; i++) {
		if (i) buf_puts(b, i + 1 == n ? " and " : ", ");
		buf_puts(b, json_string_value(json_array_get(list, i)));
	}
}

/* The values of every placeholder for one partner (and contact), or NULL
** with a reply written (404 / 422).  Caller decrefs. */
static json_t *letter_values(http_req *r, store_conn *c, int64_t partner_id, int64_t contact_id)
{
	int64_t office = r->caller.office_id;
	json_t *p = store_query_row(c, NULL,
	    "SELECT p.name, p.shared_goals AS shared_goals_json, o.name AS office_name FROM partners p"
	    " JOIN offices o ON o.id = p.office_id WHERE p.office_id = ? AND p.id = ?",
	    "ii", office, partner_id);
	if (!p) {
		api_not_found(r);
		return NULL;
	}
	char today[CONT_DATE_LEN];
	cont_today(today);
	json_t *contact = contact_id
	    ? store_query_row(c, NULL,
	          "SELECT c.full_name FROM contacts c JOIN affiliations a ON a.contact_id = c.id"
	          " WHERE c.office_id = ? AND c.id = ? AND a.partner_id = ? AND (a.ended_on IS NULL OR a.ended_on > ?)",
	          "iiit", office, contact_id, partner_id, today)
	    : store_query_row(c, NULL,
	          "SELECT c.full_name FROM contacts c JOIN affiliations a ON a.contact_id = c.id"
	          " WHERE c.office_id = ? AND a.partner_id = ? AND (a.ended_on IS NULL OR a.ended_on > ?)"
	          " ORDER BY c.full_name, c.id LIMIT 1",
	          "iit", office, partner_id, today);
	if (contact_id && !contact) {
		json_decref(p);
		store_rollback(c);
		http_reply_error(r, 422, "validation.reference", "contact_id",
		                 "That contact is not a current contact of this partner.");
		return NULL;
	}
	cont_settings s;
	cont_settings_load(c, office, &s);
	buf goals = BUF_INIT, offers = BUF_INIT;
	join_list(&goals, json_object_get(p, "shared_goals"));
	if (!goals.len) buf_puts(&goals, "accurate, accessible information for every voter");
	join_list(&offers, s.offerings);
	json_t *vals = json_pack("{s:O, s:s, s:s, s:O, s:s, s:s, s:s}", "partner.name", json_object_get(p, "name"),
	    "contact.name", contact ? json_string_value(json_object_get(contact, "full_name")) : "friends",
	    "shared_goals", goals.data, "office.name", json_object_get(p, "office_name"), "offerings", offers.data,
	    "sender.name", r->caller.name, "date", today);
	buf_free(&goals);
	buf_free(&offers);
	cont_settings_free(&s);
	json_decref(p);
	json_decref(contact);
	return vals;
}

static void html_escape(buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		case '\n': buf_puts(b, "<br>\n"); break;
		case '\r': break;
		default: buf_putc(b, s[i]);
		}
	}
}

/* Substitutes the placeholders of tpl into b; html escapes everything. */
static void render(buf *b, const char *tpl, json_t *vals, bool html)
{
	const char *p = tpl;
	while (*p) {
		const char *open = strstr(p, "{{");
		const char *end = open ? strstr(open + 2, "}}") : NULL;
		if (!open || !end) {
			html ? html_escape(b, p, strlen(p)) : buf_puts(b, p);
			return;
		}
		html ? html_escape(b, p, (size_t)(open - p)) : buf_append(b, p, (size_t)(open - p));
		char key[32];
		snprintf(key, sizeof key, "%.*s", (int)(end - open - 2 < 31 ? end - open - 2 : 31), open + 2);
		const char *val = json_string_value(json_object_get(vals, key));
		if (!val) val = "";   /* cannot happen: templates are checked when saved */
		html ? html_escape(b, val, strlen(val)) : buf_puts(b, val);
		p = end + 2;
	}
}

/* Reads ?template_id= and ?contact_id= (or the body's), renders, or replies. */
static bool letter_prepare(http_req *r, store_conn *c, int64_t partner_id, int64_t template_id, int64_t contact_id,
                           json_t **tpl, json_t **vals)
{
	*vals = letter_values(r, c, partner_id, contact_id);   /* 404 for another office's partner */
	if (!*vals) return false;
	*tpl = template_load(c, r->caller.office_id, template_id);
	if (!*tpl) {
		json_decref(*vals);
		store_rollback(c);
		http_reply_error(r, 422, "validation.reference", "template_id", "There is no such letter template.");
		return false;
	}
	return true;
}

static bool letter_query(http_req *r, int64_t *partner, int64_t *tpl, int64_t *contact)
{
	if (!http_param_id(r, 0, partner) || !api_query_id(r, "template_id", tpl) || !api_query_id(r, "contact_id", contact))
		return false;
	if (!*tpl) {
		http_reply_error(r, 422, "validation.required", "template_id", "template_id is required.");
		return false;
	}
	return true;
}

void api_letter_render(http_req *r)
{
	int64_t partner, tid, contact;
	if (!letter_query(r, &partner, &tid, &contact)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *tpl, *vals;
	if (!letter_prepare(r, c, partner, tid, contact, &tpl, &vals)) return;
	buf subject = BUF_INIT, text = BUF_INIT;
	render(&subject, json_string_value(json_object_get(tpl, "subject")), vals, false);
	render(&text, json_string_value(json_object_get(tpl, "body")), vals, false);
	json_t *out = json_pack("{s:I, s:I, s:s, s:s, s:o}", "partner_id", (json_int_t)partner, "template_id",
	                        (json_int_t)tid, "subject", subject.data ? subject.data : "", "text",
	                        text.data ? text.data : "", "values", vals);
	buf_free(&subject);
	buf_free(&text);
	json_decref(tpl);
	api_read_reply(r, out);
}

void api_letter_render_html(http_req *r)
{
	int64_t partner, tid, contact;
	if (!letter_query(r, &partner, &tid, &contact)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *tpl, *vals;
	if (!letter_prepare(r, c, partner, tid, contact, &tpl, &vals)) return;
	store_rollback(c);
	buf page = BUF_INIT;
	buf_puts(&page, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
	render(&page, json_string_value(json_object_get(tpl, "subject")), vals, true);
	buf_puts(&page, "</title>\n<style>body{font:12pt/1.5 Georgia,serif;max-width:40em;margin:2em auto;padding:0 1em}"
	                "header{margin-bottom:2em}@media print{body{margin:0}}</style></head>\n<body><header><p>");
	html_escape(&page, json_string_value(json_object_get(vals, "office.name")),
	            strlen(json_string_value(json_object_get(vals, "office.name"))));
	buf_puts(&page, "</p><p>");
	html_escape(&page, json_string_value(json_object_get(vals, "date")), 10);
	buf_puts(&page, "</p><h1>");
	render(&page, json_string_value(json_object_get(tpl, "subject")), vals, true);
	buf_puts(&page, "</h1></header>\n<main><p>");
	render(&page, json_string_value(json_object_get(tpl, "body")), vals, true);
	buf_puts(&page, "</p></main></body></html>\n");
	json_decref(tpl);
	json_decref(vals);
	/* The page's own small style sheet is its only active content. */
	http_header_add(r, "Content-Security-Policy",
	                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
	size_t len = page.len;
	http_reply_take(r, 200, "text/html; charset=utf-8", buf_take(&page), len);
}

/* POST .../letter/send {template_id, contact_id?}: records that the letter
** went out, as an outreach_letter interaction the office gave. */
void api_letter_send(http_req *r)
{
	int64_t partner;
	if (!http_param_id(r, 0, &partner)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	static const char *const fields[] = {"template_id", "contact_id", NULL};
	valid v = {0};
	int64_t tid = 0, contact = 0;
	jf_known_keys(&v, body, fields);
	jf_int(&v, body, "template_id", true, 1, INT64_MAX, &tid, NULL);
	jf_int(&v, body, "contact_id", false, 1, INT64_MAX, &contact, NULL);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	json_t *tpl, *vals;
	if (!letter_prepare(r, c, partner, tid, contact, &tpl, &vals)) return;
	buf subject = BUF_INIT, text = BUF_INIT;
	render(&subject, json_string_value(json_object_get(tpl, "subject")), vals, false);
	render(&text, json_string_value(json_object_get(tpl, "body")), vals, false);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	const char *today = json_string_value(json_object_get(vals, "date"));
	int64_t office = r->caller.office_id;
	char *summary = xasprintf("Outreach letter sent: %s", subject.data ? subject.data : "");
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, office_gave, created_by,"
	    " created_at, updated_at) VALUES (?, ?, ?, 'outreach_letter', 'office_gave', ?, ?, ?, ?, ?) RETURNING id",
	    "iitttItt", office, partner, today, summary, text.data ? text.data : "", r->caller.user_id, now, now);
	int64_t iid = row ? json_integer_value(json_object_get(row, "id")) : 0;
	json_decref(row);
	if (!iid && rc >= 0) rc = STORE_ERROR;
	if (iid && contact)
		rc = store_exec(c, "INSERT INTO interaction_contacts(office_id, interaction_id, contact_id) VALUES (?, ?, ?)",
		                "iii", office, iid, contact);
	if (iid && rc >= 0) rc = partner_touch(c, office, partner);
	json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)iid, "partner_id",
	                          (json_int_t)partner, "type", "outreach_letter", "occurred_on", today, "summary", summary,
	                          "template_id", (json_int_t)tid, "contact_id", contact ? json_integer(contact) : json_null());
	free(summary);
	buf_free(&subject);
	json_decref(tpl);
	json_decref(vals);
	if (rc >= 0) {
		audit_actor who = audit_actor_of(r);
		rc = audit_record(c, &who, "create", "interaction", iid, NULL, after);
	}
	if (rc < 0) {
		buf_free(&text);
		json_decref(after);
		return api_fail(r, rc);
	}
	json_object_set_new(after, "text", json_string(text.data ? text.data : ""));
	buf_free(&text);
	api_commit_reply(r, 201, after);
}
