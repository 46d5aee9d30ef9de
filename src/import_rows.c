/*
** import_rows.c: one row of an import to a partner or a contact (see
** import_int.h): values read forgivingly (import_match.c), checked by the
** same rules as the API (partner_check_new, contact_check_new), duplicates
** skipped or updated, and the outcome added to the report.
**
** An update fills in what the row gives and keeps the rest: an empty cell
** never erases a value, lists (tags, languages, goals) gain the row's items,
** a partner's status is left to its own workflow, and a contact's new
** organisation becomes a new affiliation beside the old one, never over it.
*/
#include "contacts.h"
#include "domain.h"
#include "import_int.h"
#include "partners.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

static const char *const partner_copy[] = {"name", "kind", "subtype", "website", "address", "notes",
                                           "shared_goals", "tags", "languages", "cadence_days",
                                           "demographic_group_ids", NULL};

/* Whether errors already has one for field. */
static bool has_error(json_t *errors, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) if (str_eq(json_string_value(json_object_get(e, "field")), field)) return true;
	return false;
}

/* Adds the validator's errors to errors, but not a second one for a field
** the import already explained. */
static void take_errors(json_t *errors, valid *v)
{
	size_t i;
	json_t *e;
	json_array_foreach(v->errors, i, e) {
		const char *field = json_string_value(json_object_get(e, "field"));
		if (has_error(errors, field)) continue;
		/* no kind could be worked out because the subtype was not understood */
		if (str_eq(field, "kind") && has_error(errors, "subtype")) continue;
		/* a title needs a partner, and the partner was already reported */
		if (str_eq(json_string_value(json_object_get(e, "code")), "validation.requires_partner") &&
		    has_error(errors, "partner"))
			continue;
		if (str_eq(json_string_value(json_object_get(e, "code")), "validation.status")) {
			import_error(errors, field, "validation.status",
			             "A new partner starts as a prospect or in vetting; it becomes active once its vetting"
			             " is recorded. To import these rows anyway, leave the Status column out: --map \"Status=\".");
			continue;
		}
		json_array_append(errors, e);
	}
	valid_free(v);
}

/* Values past the last heading are a sign the row is misaligned. */
static void check_width(importer *im, const csv_record *rec, json_t *errors)
{
	int ncols = im->table.records[0].nfields;
	for (int i = ncols; i < rec->nfields; i++)
		if (rec->fields[i][0]) {
			import_error(errors, "row", "import.extra_values",
			             "The row has a value in column %d, past the last heading (%d columns): is a comma missing"
			             " its quotes?", i + 1, ncols);
			return;
		}
}

/* A list cell as a JSON array in body[field] (set only when non-empty). */
static void put_list(json_t *body, const char *field, const char *raw)
{
	json_t *list = import_split_list(raw);
	if (json_array_size(list)) json_object_set_new(body, field, list);
	else json_decref(list);
}

static void put_languages(json_t *body, const char *field, const char *raw, json_t *errors)
{
	json_t *names = import_split_list(raw);
	json_t *codes = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(names, i, e) {
		char code[40];
		if (!import_language_value(json_string_value(e), code, sizeof code)) {
			import_error(errors, field, "validation.language",
			             "\"%s\" is not a language rapport knows; write its name in English (Spanish, Vietnamese)"
			             " or its code (es, vi, zh-Hant).", json_string_value(e));
			break;
		}
		bool dup = false;
		size_t k;
		json_t *x;
		json_array_foreach(codes, k, x) dup |= strcmp(json_string_value(x), code) == 0;
		if (!dup) json_array_append_new(codes, json_string(code));
	}
	json_decref(names);
	if (json_array_size(codes) && !has_error(errors, field)) json_object_set_new(body, field, codes);
	else json_decref(codes);
}

/* items of a not already in b appended to a copy of b. */
static json_t *list_union(json_t *a, json_t *b)
{
	json_t *out = json_is_array(a) ? json_deep_copy(a) : json_array();
	size_t i, k;
	json_t *e, *x;
	json_array_foreach(b, i, e) {
		bool seen = false;
		json_array_foreach(out, k, x) seen |= json_equal(e, x);
		if (!seen) json_array_append(out, e);
	}
	return out;
}

static void put_string(json_t *body, const char *field, const char *value)
{
	if (value) json_object_set_new(body, field, json_string(value));
}

int import_partners_prepare(importer *im)
{
	store_stmt *st = store_prepare(im->c, "SELECT id, name FROM partners WHERE office_id = ? ORDER BY id");
	if (!st) return STORE_ERROR;
	store_bind(st, "i", im->who->office_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		char key[1024];
		import_dup_key(store_col_text(st, 1), key, sizeof key);
		if (!json_object_get(im->seen, key))
			json_object_set_new(im->seen, key, json_pack("{s:I, s:i}", "id", (json_int_t)store_col_int(st, 0), "line", 0));
	}
	store_reset(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

/* The partner's fields from the row, read forgivingly; problems go to errors. */
static json_t *partner_body(importer *im, const csv_record *rec, json_t *errors)
{
	json_t *body = json_object();
	put_string(body, "name", import_cell(im, rec, "name"));
	const char *raw;
	if ((raw = import_cell(im, rec, "subtype"))) {
		const char *v = import_subtype_value(raw);
		if (v) put_string(body, "subtype", v);
		else import_error(errors, "subtype", "validation.enum",
		                  "\"%s\" is not a partner type rapport knows. Use one of emergency_management,"
		                  " public_information_office, elected_official, it, library, school_district, media,"
		                  " community_organization, faith_group, advocacy_group, university, tribal_government,"
		                  " business, other (plain words such as \"Faith-based\" or \"School District\" work too).", raw);
	}
	if ((raw = import_cell(im, rec, "kind"))) {
		const char *v = import_kind_value(raw);
		if (v) put_string(body, "kind", v);
		else import_error(errors, "kind", "validation.enum",
		                  "\"%s\" is not a kind of partner: use intra_governmental (part of local government) or"
		                  " institutional.", raw);
	}
	if ((raw = import_cell(im, rec, "status"))) {
		const char *v = import_status_value(raw);
		if (v) put_string(body, "status", v);
		else import_error(errors, "status", "validation.enum",
		                  "\"%s\" is not a partner status: use prospect, vetting, active, dormant or ended.", raw);
	}
	if ((raw = import_cell(im, rec, "website"))) {
		/* "www.example.org" is a web address too */
		if (!str_starts(raw, "http://") && !str_starts(raw, "https://") && strchr(raw, '.') && !strchr(raw, ' ') &&
		    !strchr(raw, '@')) {
			char *url = xasprintf("https://%s", raw);
			put_string(body, "website", url);
			free(url);
		} else {
			put_string(body, "website", raw);
		}
	}
	put_string(body, "address", import_cell(im, rec, "address"));
	put_string(body, "notes", import_cell(im, rec, "notes"));
	if ((raw = import_cell(im, rec, "languages"))) put_languages(body, "languages", raw, errors);
	if ((raw = import_cell(im, rec, "tags"))) put_list(body, "tags", raw);
	if ((raw = import_cell(im, rec, "shared_goals"))) put_list(body, "shared_goals", raw);
	check_width(im, rec, errors);
	return body;
}

/* Updates partner id with what the row gives. */
static int partner_update_row(importer *im, const csv_record *rec, int64_t id, json_t *body, json_t *errors)
{
	store_conn *c = im->c;
	int64_t office = im->who->office_id;
	json_t *before = partner_load(c, office, id);
	if (!before) return STORE_ERROR;
	const char *name = json_string_value(json_object_get(before, "name"));
	json_t *merged = json_object(), *after = NULL;
	for (int i = 0; partner_copy[i]; i++) {
		json_t *x = json_object_get(before, partner_copy[i]);
		if (x && !json_is_null(x)) json_object_set(merged, partner_copy[i], x);
	}
	const char *scalars[] = {"kind", "subtype", "website", "address", "notes", NULL};
	for (int i = 0; scalars[i]; i++)
		if (json_object_get(body, scalars[i])) json_object_set(merged, scalars[i], json_object_get(body, scalars[i]));
	/* A new subtype that belongs to the other kind takes its kind along. */
	const char *fits = partner_subtype_kind(json_string_value(json_object_get(merged, "subtype")));
	if (!json_object_get(body, "kind") && fits) json_object_set_new(merged, "kind", json_string(fits));
	const char *lists[] = {"tags", "shared_goals", "languages", NULL};
	for (int i = 0; lists[i]; i++)
		if (json_object_get(body, lists[i]))
			json_object_set_new(merged, lists[i],
			                    list_union(json_object_get(before, lists[i]), json_object_get(body, lists[i])));
	valid v = {0};
	partner_in in;
	partner_check_new(&v, c, office, merged, &in);
	take_errors(errors, &v);
	int rc = STORE_OK;
	if (json_array_size(errors)) {
		import_row_report(im, rec, "failed", name, id, json_incref(errors));
		goto cleanup;
	}
	bool same = true;
	for (int i = 0; partner_copy[i] && same; i++) {
		json_t *a = json_object_get(before, partner_copy[i]), *b = json_object_get(merged, partner_copy[i]);
		same = json_equal(a ? a : json_null(), b ? b : json_null()) || (json_is_null(a) && !b);
	}
	if (same) {
		json_t *why = json_array();
		import_error(why, "name", "import.unchanged", "Partner %lld already has these values.", (long long)id);
		import_row_report(im, rec, "skipped", name, id, why);
		goto cleanup;
	}
	/* The status is left to its own workflow, the groups to the registry. */
	in.status = NULL;
	in.group_ids = NULL;
	if (!json_object_get(body, "languages")) in.languages = NULL;
	after = partner_update(c, im->who, id, before, &in, &rc);
	if (after) import_row_report(im, rec, "updated", name, id, NULL);
cleanup:
	json_decref(after);
	json_decref(merged);
	json_decref(before);
	return rc < 0 ? rc : STORE_OK;
}

int import_partner_row(importer *im, const csv_record *rec)
{
	json_t *errors = json_array();
	json_t *body = partner_body(im, rec, errors);
	const char *name = json_string_value(json_object_get(body, "name"));
	char key[1024];
	import_dup_key(name, key, sizeof key);
	json_t *prev = name ? json_object_get(im->seen, key) : NULL;
	int64_t prev_id = prev ? json_integer_value(json_object_get(prev, "id")) : 0;
	int rc = STORE_OK;
	if (prev && im->o->on_duplicate == IMPORT_DUP_SKIP) {
		json_t *why = json_array();
		int at = (int)json_integer_value(json_object_get(prev, "line"));
		if (at) import_error(why, "name", "import.duplicate", "Line %d of this file has the same name; this row was skipped.", at);
		else import_error(why, "name", "import.duplicate", "Partner %lld already has this name; this row was skipped.",
		                  (long long)prev_id);
		import_row_report(im, rec, "skipped", name, prev_id, why);
	} else if (prev) {
		if (!json_array_size(errors)) rc = partner_update_row(im, rec, prev_id, body, errors);
		else import_row_report(im, rec, "failed", name, prev_id, json_incref(errors));
	} else {
		if (!json_object_get(body, "kind") && json_object_get(body, "subtype")) {
			const char *k = import_default_kind(json_string_value(json_object_get(body, "subtype")));
			if (k) put_string(body, "kind", k);
		}
		valid v = {0};
		partner_in in;
		partner_check_new(&v, im->c, im->who->office_id, body, &in);
		take_errors(errors, &v);
		if (json_array_size(errors)) {
			import_row_report(im, rec, "failed", name, 0, json_incref(errors));
		} else {
			int64_t id = partner_insert(im->c, im->who, body, &in);
			if (id < 0) rc = (int)id;
			else {
				json_object_set_new(im->seen, key, json_pack("{s:I, s:i}", "id", (json_int_t)id, "line", rec->line));
				import_row_report(im, rec, "created", name, id, NULL);
			}
		}
	}
	json_decref(errors);
	json_decref(body);
	return rc;
}

/* ---- contacts ---- */

int import_contacts_prepare(importer *im)
{
	store_stmt *st = store_prepare(im->c, "SELECT id, name FROM partners WHERE office_id = ? ORDER BY id");
	if (!st) return STORE_ERROR;
	store_bind(st, "i", im->who->office_id);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		char key[1024];
		import_dup_key(store_col_text(st, 1), key, sizeof key);
		/* two partners that differ only in case or spaces: a name cannot say which (-1) */
		json_object_set_new(im->partners, key,
		                    json_integer(json_object_get(im->partners, key) ? -1 : store_col_int(st, 0)));
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;
	st = store_prepare(im->c, "SELECT id, email FROM contacts WHERE office_id = ? AND email IS NOT NULL ORDER BY id");
	if (!st) return STORE_ERROR;
	store_bind(st, "i", im->who->office_id);
	while ((rc = store_step(st)) == STORE_ROW) {
		char key[1024];
		import_dup_key(store_col_text(st, 1), key, sizeof key);
		if (key[0] && !json_object_get(im->seen, key))
			json_object_set_new(im->seen, key, json_pack("{s:I, s:i}", "id", (json_int_t)store_col_int(st, 0), "line", 0));
	}
	store_reset(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

/* "2024-03-15", or "3/15/2024" as U.S. spreadsheets write it, to YYYY-MM-DD. */
static bool date_value(const char *raw, char out[11])
{
	if (date_valid(raw)) {
		snprintf(out, 11, "%s", raw);
		return true;
	}
	/* M/D/YYYY: at most ten digits and slashes, so no number can overflow %d. */
	size_t len = strlen(raw);
	if (len > 10 || strspn(raw, "0123456789/") != len) return false;
	int m, d, y, n = 0;
	if (sscanf(raw, "%d/%d/%d%n", &m, &d, &y, &n) != 3 || raw[n] || y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return date_valid(out);
}

static json_t *contact_body(importer *im, const csv_record *rec, json_t *errors)
{
	json_t *body = json_object();
	put_string(body, "full_name", import_cell(im, rec, "full_name"));
	put_string(body, "email", import_cell(im, rec, "email"));
	put_string(body, "phone", import_cell(im, rec, "phone"));
	put_string(body, "notes", import_cell(im, rec, "notes"));
	put_string(body, "title", import_cell(im, rec, "title"));
	const char *raw;
	if ((raw = import_cell(im, rec, "preferred_language"))) {
		/* one language is preferred: the first of a list */
		json_t *list = import_split_list(raw);
		char code[40];
		if (json_array_size(list)) raw = json_string_value(json_array_get(list, 0));
		if (import_language_value(raw, code, sizeof code)) put_string(body, "preferred_language", code);
		else import_error(errors, "preferred_language", "validation.language",
		                  "\"%s\" is not a language rapport knows; write its name in English (Spanish) or its code (es).",
		                  raw);
		json_decref(list);
	}
	if ((raw = import_cell(im, rec, "started_on"))) {
		char date[11];
		if (date_value(raw, date)) put_string(body, "started_on", date);
		else import_error(errors, "started_on", "validation.date",
		                  "\"%s\" is not a date: write it 2024-03-15 or 3/15/2024.", raw);
	}
	if ((raw = import_cell(im, rec, "partner"))) {
		char key[1024];
		import_dup_key(raw, key, sizeof key);
		json_t *id = json_object_get(im->partners, key);
		if (!id)
			import_error(errors, "partner", "validation.reference",
			             "There is no partner named \"%s\". Import the partners first, or correct the name.", raw);
		else if (json_integer_value(id) < 0)
			import_error(errors, "partner", "validation.ambiguous",
			             "More than one partner is named \"%s\" (apart from case or spaces); merge them first.", raw);
		else json_object_set(body, "partner_id", id);
	}
	check_width(im, rec, errors);
	return body;
}

static bool has_current_affiliation(json_t *contact, int64_t partner_id)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(contact, "affiliations"), i, a)
		if (json_integer_value(json_object_get(a, "partner_id")) == partner_id && json_is_true(json_object_get(a, "current")))
			return true;
	return false;
}

static int contact_update_row(importer *im, const csv_record *rec, int64_t id, json_t *body, json_t *errors)
{
	static const char *const person[] = {"full_name", "email", "phone", "preferred_language", "notes", NULL};
	store_conn *c = im->c;
	int64_t office = im->who->office_id;
	json_t *before = contact_load(c, office, id);
	if (!before) return STORE_ERROR;
	json_t *merged = json_object();
	for (int i = 0; person[i]; i++) {
		json_t *x = json_object_get(body, person[i]);
		if (!x || str_eq(person[i], "email")) x = json_object_get(before, person[i]);
		if (x && !json_is_null(x)) json_object_set(merged, person[i], x);
	}
	const char *aff[] = {"partner_id", "title", "started_on", NULL};
	for (int i = 0; aff[i]; i++)
		if (json_object_get(body, aff[i])) json_object_set(merged, aff[i], json_object_get(body, aff[i]));
	json_object_set_new(merged, "allow_duplicate", json_true());   /* the email is this contact's own */
	valid v = {0};
	contact_in in;
	int64_t dup;
	contact_check_new(&v, c, office, merged, &in, &dup);
	take_errors(errors, &v);
	const char *name = json_string_value(json_object_get(before, "full_name"));
	int rc = STORE_OK;
	if (json_array_size(errors)) {
		import_row_report(im, rec, "failed", name, id, json_incref(errors));
		goto cleanup;
	}
	bool same = true;
	for (int i = 0; person[i] && same; i++) {
		json_t *a = json_object_get(before, person[i]), *b = json_object_get(merged, person[i]);
		same = json_equal(a ? a : json_null(), b ? b : json_null()) || (json_is_null(a) && !b);
	}
	bool new_position = in.partner_id && !has_current_affiliation(before, in.partner_id);
	if (same && !new_position) {
		json_t *why = json_array();
		import_error(why, "email", "import.unchanged", "Contact %lld already has these values.", (long long)id);
		import_row_report(im, rec, "skipped", name, id, why);
		goto cleanup;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	rc = store_exec(c,
	    "UPDATE contacts SET full_name = ?, phone = ?, preferred_language = ?, notes = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttttii", in.full_name, in.phone, in.preferred_language, in.notes, now, office, id);
	/* A new organisation is a new position beside the old one: history is kept. */
	if (rc >= 0 && new_position)
		rc = store_exec(c,
		    "INSERT INTO affiliations(office_id, contact_id, partner_id, title, started_on, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?)",
		    "iiittt", office, id, in.partner_id, in.title, in.started_on, now);
	if (rc >= 0) rc = contact_reindex(c, office, id);
	if (rc < 0) goto cleanup;
	json_t *after = contact_load(c, office, id);
	rc = after ? audit_record(c, im->who, "update", "contact", id, before, after) : STORE_ERROR;
	json_decref(after);
	if (rc == STORE_OK) import_row_report(im, rec, "updated", in.full_name, id, NULL);
cleanup:
	json_decref(merged);
	json_decref(before);
	return rc < 0 ? rc : STORE_OK;
}

int import_contact_row(importer *im, const csv_record *rec)
{
	json_t *errors = json_array();
	json_t *body = contact_body(im, rec, errors);
	const char *name = json_string_value(json_object_get(body, "full_name"));
	const char *email = json_string_value(json_object_get(body, "email"));
	char key[1024];
	import_dup_key(email, key, sizeof key);
	json_t *prev = email ? json_object_get(im->seen, key) : NULL;
	int64_t prev_id = prev ? json_integer_value(json_object_get(prev, "id")) : 0;
	int rc = STORE_OK;
	if (prev && im->o->on_duplicate == IMPORT_DUP_SKIP) {
		json_t *why = json_array();
		int at = (int)json_integer_value(json_object_get(prev, "line"));
		if (at) import_error(why, "email", "import.duplicate", "Line %d of this file has the same email; this row was skipped.", at);
		else import_error(why, "email", "import.duplicate", "Contact %lld already has this email; this row was skipped.",
		                  (long long)prev_id);
		import_row_report(im, rec, "skipped", name, prev_id, why);
	} else if (prev) {
		if (!json_array_size(errors)) rc = contact_update_row(im, rec, prev_id, body, errors);
		else import_row_report(im, rec, "failed", name, prev_id, json_incref(errors));
	} else {
		valid v = {0};
		contact_in in;
		int64_t dup = 0;
		contact_check_new(&v, im->c, im->who->office_id, body, &in, &dup);
		take_errors(errors, &v);
		if (json_array_size(errors)) {
			import_row_report(im, rec, "failed", name, 0, json_incref(errors));
		} else if (dup) {
			json_t *why = json_array();
			import_error(why, "email", "import.duplicate", "Contact %lld already has this email; this row was skipped.",
			             (long long)dup);
			import_row_report(im, rec, "skipped", name, dup, why);
		} else {
			int64_t id = contact_insert(im->c, im->who, &in);
			if (id < 0) rc = (int)id;
			else {
				if (email) json_object_set_new(im->seen, key, json_pack("{s:I, s:i}", "id", (json_int_t)id, "line", rec->line));
				import_row_report(im, rec, "created", name, id, NULL);
			}
		}
	}
	json_decref(errors);
	json_decref(body);
	return rc;
}
