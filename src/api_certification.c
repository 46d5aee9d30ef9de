/*
** api_certification.c: certification packets over the API (director and
** admin).  Creating a packet builds the document from the office's records
** and freezes it, with its drafted answers; staff then edit the drafts (the
** edited text is kept beside what was drafted) and download the packet as
** print HTML, PDF or a ZIP with a SHA-256 manifest.  Every step is audited.
*/
#include "api.h"
#include "handlers.h"
#include "report_certification.h"
#include "report_doc.h"

#include <string.h>

#define MAX_PERIOD_DAYS 400   /* a 12-month period, with room for a month either side */

static json_t *packet_load(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT p.id, p.period_from, p.period_to, p.document AS document_json, p.drafts AS drafts_json,"
	    " p.created_at, p.created_by, u.name AS created_by_name, p.updated_at, p.version"
	    " FROM certification_packets p LEFT JOIN users u ON u.id = p.created_by"
	    " WHERE p.office_id = ? AND p.id = ?",
	    "ii", office_id, id);
}

void api_certification_create(http_req *r)
{
	static const char *const fields[] = {"from", "to", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *from, *to;
	jf_known_keys(&v, body, fields);
	jf_date(&v, body, "from", true, &from);
	jf_date(&v, body, "to", true, &to);
	int64_t f, t;
	if (from && to && time_parse_iso(from, &f) && time_parse_iso(to, &t)) {
		if (f > t) valid_fail(&v, "to", "validation.period", "to must be on or after from.");
		else if ((t - f) / 86400 > MAX_PERIOD_DAYS)
			valid_fail(&v, "to", "validation.period", "A packet covers at most %d days (a 12-month period).", MAX_PERIOD_DAYS);
	}
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int rc;
	json_t *doc = certification_build(c, r->caller.office_id, from, to, &rc);
	if (!doc) return api_fail(r, rc);
	json_t *drafts = certification_drafts(doc);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO certification_packets(office_id, period_from, period_to, document, drafts, created_at, created_by,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "ittjjtIt", r->caller.office_id, from, to, doc, drafts, now, r->caller.user_id, now);
	json_decref(doc);
	json_decref(drafts);
	if (!id) return api_fail(r, STORE_ERROR);
	json_t *after = packet_load(c, r->caller.office_id, id);
	audit_actor who = audit_actor_of(r);
	json_t *summary = json_pack("{s:s, s:s}", "period_from", from, "period_to", to);
	rc = audit_record(c, &who, "create", "certification_packet", id, NULL, summary);
	json_decref(summary);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 201, after);
}

void api_certification_list(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *items = store_query_rows(c, NULL,
	    "SELECT p.id, p.period_from, p.period_to, p.created_at, u.name AS created_by_name, p.updated_at, p.version"
	    " FROM certification_packets p LEFT JOIN users u ON u.id = p.created_by"
	    " WHERE p.office_id = ? ORDER BY p.created_at DESC, p.id DESC",
	    "i", r->caller.office_id);
	if (!items) return api_fail(r, STORE_ERROR);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_certification_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *p = packet_load(c, r->caller.office_id, id);
	if (!p) return api_not_found(r);
	api_read_reply(r, p);
}

/* PATCH {drafts: {key: "edited text"}, version}: keeps what was drafted beside the edit. */
void api_certification_drafts(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	static const char *const fields[] = {"drafts", "version", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	jf_known_keys(&v, body, fields);
	json_t *edits = json_object_get(body, "drafts");
	if (!json_is_object(edits) || json_object_size(edits) == 0)
		valid_fail(&v, "drafts", "validation.type", "drafts must be an object of draft keys and their edited text.");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	json_t *before = packet_load(c, r->caller.office_id, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	json_t *drafts = json_deep_copy(json_object_get(before, "drafts"));
	const char *key;
	json_t *text;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	json_object_foreach(edits, key, text) {
		json_t *d = json_object_get(drafts, key);
		char field[160];
		snprintf(field, sizeof field, "drafts.%s", key);
		if (!d) valid_fail(&v, field, "validation.reference", "This packet has no draft called %s.", key);
		else if (!json_is_string(text) || json_string_length(text) > 20000 ||
		         strlen(json_string_value(text)) != json_string_length(text))
			valid_fail(&v, field, "validation.type", "%s must be text of at most 20000 characters.", field);
		else {
			json_object_set(d, "text", text);
			json_object_set_new(d, "edited_by", json_string(r->caller.name));
			json_object_set_new(d, "edited_at", json_string(now));
		}
	}
	if (!valid_ok(&v)) {
		json_decref(before);
		json_decref(drafts);
		store_rollback(c);
		return valid_reply(r, &v);
	}
	json_t *doc = json_deep_copy(json_object_get(before, "document"));
	certification_apply_drafts(doc, drafts);
	int rc = store_exec(c,
	    "UPDATE certification_packets SET document = ?, drafts = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "jjtii", doc, drafts, now, r->caller.office_id, id);
	json_decref(doc);
	audit_actor who = audit_actor_of(r);
	if (rc >= 0) rc = audit_record(c, &who, "update", "certification_packet", id, json_object_get(before, "drafts"), drafts);
	json_decref(drafts);
	json_decref(before);
	if (rc < 0) return api_fail(r, rc);
	api_commit_reply(r, 200, packet_load(c, r->caller.office_id, id));
}

/* GET .../{id}/{format}: html, pdf or zip. */
void api_certification_download(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	const char *format = r->params[1];
	if (!str_eq(format, "html") && !str_eq(format, "pdf") && !str_eq(format, "zip"))
		return http_reply_error(r, 404, "not_found", NULL, "A packet comes as html, pdf or zip.");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	json_t *p = packet_load(c, r->caller.office_id, id);
	if (!p) return api_not_found(r);
	json_t *doc = json_object_get(p, "document");
	buf html = BUF_INIT, pdf = BUF_INIT, out = BUF_INIT;
	char *err = NULL;
	const char *type = "text/html; charset=utf-8";
	doc_render_html(doc, &html);
	if (!str_eq(format, "html") && doc_render_pdf_buf(doc, &pdf, &err) != 0) goto fail;
	if (str_eq(format, "zip")) {
		char *json = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
		zip_member m[] = {
			{"packet.pdf", pdf.data, pdf.len},
			{"packet.html", html.data, html.len},
			{"packet.json", json, strlen(json)},
		};
		int zrc = doc_write_zip_buf(&out, m, (int)countof(m), &err);
		free(json);
		if (zrc != 0) goto fail;
		type = "application/zip";
	} else if (str_eq(format, "pdf")) {
		buf_append(&out, pdf.data, pdf.len);
		type = "application/pdf";
	} else {
		buf_append(&out, html.data, html.len);
		http_header_add(r, "Content-Security-Policy", doc_html_csp());
	}
	audit_actor who = audit_actor_of(r);
	json_t *what = json_pack("{s:s}", "format", format);
	int rc = audit_record(c, &who, "export", "certification_packet", id, NULL, what);
	json_decref(what);
	if (rc != STORE_OK || store_commit(c) != STORE_OK) {
		buf_free(&html);
		buf_free(&pdf);
		buf_free(&out);
		json_decref(p);
		return api_fail(r, STORE_ERROR);
	}
	char disp[120];
	snprintf(disp, sizeof disp, "%s; filename=\"certification-%s-to-%s.%s\"", str_eq(format, "html") ? "inline" : "attachment",
	         json_string_value(json_object_get(p, "period_from")), json_string_value(json_object_get(p, "period_to")), format);
	http_header_add(r, "Content-Disposition", disp);
	size_t len = out.len;
	http_reply_take(r, 200, type, buf_take(&out), len);
	buf_free(&html);
	buf_free(&pdf);
	json_decref(p);
	return;
fail:
	log_error("certification: %s", err ? err : "rendering failed");
	free(err);
	buf_free(&html);
	buf_free(&pdf);
	buf_free(&out);
	json_decref(p);
	store_rollback(c);
	http_reply_error(r, 500, "internal", NULL, "The packet could not be rendered (request %s).", r->request_id);
}
