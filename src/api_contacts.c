/*
** api_contacts.c: contacts, the people at partners: create (optionally with
** a first affiliation), read with every affiliation, edit, verify, delete,
** and the office's list with filters and cursor pagination.  Also the
** record functions of contacts.h that the importer reuses.
**
** Guarantees: every query is scoped to the caller's office; every write is
** one transaction with its audit entry and search document; a second
** contact with an email the office already has is refused (409
** conflict.duplicate naming the existing contact) unless the caller says
** allow_duplicate.  Affiliations and merges live in api_affiliations.c.
*/
#include "api.h"
#include "contacts.h"
#include "domain.h"
#include "handlers.h"
#include "registry.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const create_fields[] = {
	"full_name", "email", "phone", "preferred_language", "notes", "partner_id", "title",
	"started_on", "allow_duplicate", NULL};
static const char *const update_fields[] = {
	"full_name", "email", "phone", "preferred_language", "notes", "allow_duplicate", "version", NULL};

json_t *contact_load(store_conn *c, int64_t office_id, int64_t id)
{
	json_t *p = store_query_row(c, NULL,
	    "SELECT id, full_name, email, phone, preferred_language, notes, verify_status, last_verified_at,"
	    " created_at, updated_at, version FROM contacts WHERE office_id = ? AND id = ?",
	    "ii", office_id, id);
	if (!p) return NULL;
	json_t *affs = store_query_rows(c, NULL,
	    "SELECT a.id, a.partner_id, p.name AS partner_name, a.title, a.started_on, a.ended_on,"
	    " CASE WHEN a.ended_on IS NULL THEN 1 ELSE 0 END AS current_bool, a.version"
	    " FROM affiliations a JOIN partners p ON p.id = a.partner_id AND p.office_id = a.office_id"
	    " WHERE a.office_id = ? AND a.contact_id = ?"
	    " ORDER BY CASE WHEN a.ended_on IS NULL THEN 0 ELSE 1 END, coalesce(a.started_on, '') DESC, a.id DESC",
	    "ii", office_id, id);
	json_object_set_new(p, "affiliations", affs ? affs : json_array());
	return p;
}

void contact_index(store_conn *c, int64_t office_id, json_t *contact)
{
	buf body = BUF_INIT;
	const char *keys[] = {"email", "phone", "notes", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(contact, keys[i]));
		if (s) buf_printf(&body, "%s\n", s);
	}
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(contact, "affiliations"), i, a) {
		const char *title = json_string_value(json_object_get(a, "title"));
		const char *partner = json_string_value(json_object_get(a, "partner_name"));
		buf_printf(&body, "%s %s\n", title ? title : "", partner ? partner : "");
	}
	store_index_put(c, office_id, "contact", json_integer_value(json_object_get(contact, "id")),
	                json_string_value(json_object_get(contact, "full_name")), body.data ? body.data : "");
	buf_free(&body);
}

int contact_reindex(store_conn *c, int64_t office_id, int64_t id)
{
	json_t *p = contact_load(c, office_id, id);
	if (!p) return STORE_ERROR;
	contact_index(c, office_id, p);
	json_decref(p);
	return STORE_OK;
}

int64_t contact_find_by_email(store_conn *c, int64_t office_id, const char *email)
{
	if (str_empty(email)) return 0;
	return store_query_int(c, 0,
	    "SELECT id FROM contacts WHERE office_id = ? AND lower(email) = lower(?) ORDER BY id LIMIT 1",
	    "it", office_id, email);
}

/* A plausible email address: one @, something on each side, a dot in the
** domain, no spaces or control characters.  Delivery is the real test. */
static bool email_plausible(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@')) return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == 0) return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f) return false;
	return true;
}

/* Checks the person's own fields of o (a new body, or the current record
** with the edits merged in). */
static void contact_validate(valid *v, json_t *o, contact_in *in)
{
	jf_string(v, o, "full_name", true, 200, &in->full_name);
	if (jf_string(v, o, "email", false, 254, &in->email) && in->email && !email_plausible(in->email))
		valid_fail(v, "email", "validation.email", "email must be an address like name@example.org.");
	jf_string(v, o, "phone", false, 50, &in->phone);
	if (jf_string(v, o, "preferred_language", false, 35, &in->preferred_language) &&
	    in->preferred_language && !language_tag_valid(in->preferred_language))
		valid_fail(v, "preferred_language", "validation.language",
		           "preferred_language must be a language code such as es, vi or zh-Hant.");
	jf_string(v, o, "notes", false, 20000, &in->notes);
	jf_bool(v, o, "allow_duplicate", &in->allow_duplicate, NULL);
	if (in->email && !*in->email) in->email = NULL;
}

bool registry_check_partner(valid *v, store_conn *c, int64_t office_id, json_t *o,
                            const char *field, bool required, int64_t *out)
{
	bool present;
	*out = 0;
	if (!jf_int(v, o, field, required, 1, INT64_MAX, out, &present)) return false;
	if (!present) return true;
	if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office_id, *out)) {
		valid_fail(v, field, "validation.reference", "There is no partner %lld.", (long long)*out);
		*out = 0;
		return false;
	}
	return true;
}

bool contact_check_new(valid *v, store_conn *c, int64_t office_id, json_t *body, contact_in *in,
                       int64_t *duplicate_of)
{
	memset(in, 0, sizeof *in);
	*duplicate_of = 0;
	jf_known_keys(v, body, create_fields);
	contact_validate(v, body, in);
	registry_check_partner(v, c, office_id, body, "partner_id", false, &in->partner_id);
	jf_string(v, body, "title", false, 200, &in->title);
	jf_date(v, body, "started_on", false, &in->started_on);
	if ((in->title || in->started_on) && !in->partner_id && !json_object_get(body, "partner_id"))
		valid_fail(v, in->title ? "title" : "started_on", "validation.requires_partner",
		           "A title or start date belongs to a position: give partner_id too.");
	if (!valid_ok(v)) return false;
	if (!in->allow_duplicate) *duplicate_of = contact_find_by_email(c, office_id, in->email);
	return *duplicate_of == 0;
}

int64_t contact_insert(store_conn *c, const audit_actor *who, const contact_in *in)
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO contacts(office_id, full_name, email, phone, preferred_language, notes, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "itttttt" "t", who->office_id, in->full_name, in->email, in->phone, in->preferred_language,
	    in->notes, now, now);
	if (!row) return rc < 0 ? rc : STORE_ERROR;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	if (in->partner_id) {
		rc = store_exec(c,
		    "INSERT INTO affiliations(office_id, contact_id, partner_id, title, started_on, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?)",
		    "iiittt", who->office_id, id, in->partner_id, in->title, in->started_on, now);
		if (rc < 0) return rc;
	}
	json_t *after = contact_load(c, who->office_id, id);
	if (!after) return STORE_ERROR;
	contact_index(c, who->office_id, after);
	rc = audit_record(c, who, "create", "contact", id, NULL, after);
	json_decref(after);
	return rc == STORE_OK ? id : rc;
}

void registry_reply_duplicate(http_req *r, const char *what, int64_t existing_id)
{
	if (r->db) store_rollback(r->db);
	json_t *err = json_pack("{s:s, s:s++, s:s, s:I}", "code", "conflict.duplicate", "message",
	                        "This office already has a contact with that email (", what,
	                        "). Open it instead, or send allow_duplicate: true to keep both.",
	                        "field", "email", "existing_id", (json_int_t)existing_id);
	http_reply_json(r, 409, json_pack("{s:o}", "error", err));
}

/* Rolls back and replies 409: the office has contact dup with this email. */
static void contact_reply_duplicate(http_req *r, int64_t dup)
{
	char idtxt[32];
	snprintf(idtxt, sizeof idtxt, "contact %lld", (long long)dup);
	registry_reply_duplicate(r, idtxt, dup);
}

void api_contact_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	valid v = {0};
	contact_in in;
	int64_t dup;
	if (!contact_check_new(&v, c, r->caller.office_id, body, &in, &dup)) {
		if (!valid_ok(&v)) {
			store_rollback(c);
			return valid_reply(r, &v);
		}
		return contact_reply_duplicate(r, dup);
	}
	audit_actor who = audit_actor_of(r);
	int64_t id = contact_insert(c, &who, &in);
	if (id < 0) return api_fail(r, (int)id);
	api_commit_reply(r, 201, contact_load(c, r->caller.office_id, id));
}

void api_contact_get(http_req *r) { api_get_reply(r, contact_load); }

void api_contact_update(http_req *r)
{
	api_edit e;
	if (!api_edit_begin(r, &e, update_fields, contact_load)) return;
	contact_in in = {0};
	contact_validate(&e.v, e.merged, &in);
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	const char *old_email = json_string_value(json_object_get(e.before, "email"));
	bool email_changed = in.email && (!old_email || strcasecmp(old_email, in.email) != 0);
	int64_t dup = email_changed && !in.allow_duplicate ?
	    store_query_int(e.c, 0,
	        "SELECT id FROM contacts WHERE office_id = ? AND lower(email) = lower(?) AND id <> ? ORDER BY id LIMIT 1",
	        "iti", e.office_id, in.email, e.id) : 0;
	if (dup) {
		api_edit_abandon(&e);
		return contact_reply_duplicate(r, dup);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(e.c,
	    "UPDATE contacts SET full_name = ?, email = ?, phone = ?, preferred_language = ?, notes = ?,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttttt" "ii", in.full_name, in.email, in.phone, in.preferred_language, in.notes, now, e.office_id, e.id);
	json_t *after = rc >= 0 ? contact_load(e.c, e.office_id, e.id) : NULL;
	if (after) contact_index(e.c, e.office_id, after);
	api_edit_finish(r, &e, rc, "contact", after);
}

void api_contact_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, contact_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	int rc = store_exec(c, "DELETE FROM contacts WHERE office_id = ? AND id = ?", "ii", office, id);
	if (rc >= 0) rc = store_index_delete(c, office, "contact", id);
	api_audit_commit(r, rc, "delete", "contact", id, before, NULL, 204);
}

/* POST /contacts/{id}/verify {status: verified|bounced}: staff confirmed the
** details (or mail bounced); stamps last_verified_at. */
void api_contact_verify(http_req *r)
{
	static const char *const fields[] = {"status", NULL};
	static const char *const outcomes[] = {"verified", "bounced", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *status;
	jf_known_keys(&v, body, fields);
	jf_enum(&v, body, "status", true, outcomes, &status);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, contact_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE contacts SET verify_status = ?, last_verified_at = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "tttii", status, now, now, office, id);
	api_audit_commit(r, rc, "verify", "contact", id, before, rc >= 0 ? contact_load(c, office, id) : NULL, 200);
}

/* A LIKE pattern matching names that start with prefix, lower-cased, with
** the LIKE wildcards escaped by '\'.  Caller frees. */
static char *prefix_pattern(const char *prefix)
{
	buf b = BUF_INIT;
	for (const char *p = prefix; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&b, '\\');
		buf_putc(&b, (char)tolower((unsigned char)*p));
	}
	buf_putc(&b, '%');
	return buf_take(&b);
}

void api_contact_list(http_req *r)
{
	static const char *const bools[] = {"true", "false", NULL};
	static const char *const sorts[] = {"name", NULL};
	const char *current, *verify, *sort, *q = http_query(r, "q");
	int64_t partner_id;
	int limit;
	json_t *cursor;
	if (!api_query_id(r, "partner_id", &partner_id) || !api_query_enum(r, "current", bools, &current) ||
	    !api_query_enum(r, "verify_status", verify_statuses, &verify) || !api_query_enum(r, "sort", sorts, &sort))
		return;
	if (q && (strlen(q) > 200 || !utf8_valid(q, strlen(q))))
		return http_reply_error(r, 422, "validation.length", "q", "q must be at most 200 characters of text.");
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	char *like = str_empty(q) ? NULL : prefix_pattern(q);
	int64_t want_current = current ? (strcmp(current, "true") == 0 ? 1 : 0) : -1;
	/* Two literals: with a partner the rows are found through that partner's
	** affiliations (an index), not by testing every contact of the office. */
	const char *sql = partner_id ?
	    "SELECT c.id, c.full_name, c.email, c.phone, c.preferred_language, c.verify_status,"
	    " c.last_verified_at, c.updated_at, c.version FROM contacts c WHERE c.office_id = ?1"
	    " AND c.id IN (SELECT a.contact_id FROM affiliations a WHERE a.office_id = ?1 AND a.partner_id = ?2)"
	    " AND (?3 < 0 OR ?3 = (CASE WHEN EXISTS (SELECT 1 FROM affiliations a WHERE a.office_id = ?1"
	    "      AND a.contact_id = c.id AND a.ended_on IS NULL AND a.partner_id = ?2) THEN 1 ELSE 0 END))"
	    " AND (?4 IS NULL OR c.verify_status = ?4)"
	    " AND (?5 IS NULL OR lower(c.full_name) LIKE ?5 ESCAPE '\\')"
	    " AND (?6 IS NULL OR c.full_name > ?6 OR (c.full_name = ?6 AND c.id > ?7))"
	    " ORDER BY c.full_name, c.id LIMIT ?8" :
	    "SELECT c.id, c.full_name, c.email, c.phone, c.preferred_language, c.verify_status,"
	    " c.last_verified_at, c.updated_at, c.version FROM contacts c WHERE c.office_id = ?1 AND ?2 IS NULL"
	    " AND (?3 < 0 OR ?3 = (CASE WHEN EXISTS (SELECT 1 FROM affiliations a WHERE a.office_id = ?1"
	    "      AND a.contact_id = c.id AND a.ended_on IS NULL) THEN 1 ELSE 0 END))"
	    " AND (?4 IS NULL OR c.verify_status = ?4)"
	    " AND (?5 IS NULL OR lower(c.full_name) LIKE ?5 ESCAPE '\\')"
	    " AND (?6 IS NULL OR c.full_name > ?6 OR (c.full_name = ?6 AND c.id > ?7))"
	    " ORDER BY c.full_name, c.id LIMIT ?8";
	int rc;
	json_t *items = store_query_rows(c, &rc, sql,
	    "iIittjjd", r->caller.office_id, partner_id, want_current, verify, like,
	    json_array_get(cursor, 0), json_array_get(cursor, 1), limit + 1);
	free(like);
	json_decref(cursor);
	if (!items) return api_fail(r, rc);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		json_t *cur = store_query_rows(c, NULL,
		    "SELECT a.id, a.partner_id, p.name AS partner_name, a.title FROM affiliations a"
		    " JOIN partners p ON p.id = a.partner_id WHERE a.office_id = ? AND a.contact_id = ?"
		    " AND a.ended_on IS NULL ORDER BY a.id",
		    "ij", r->caller.office_id, json_object_get(it, "id"));
		json_object_set_new(it, "current_affiliations", cur ? cur : json_array());
	}
	api_read_reply(r, api_page(items, limit, "full_name", "id"));
}
