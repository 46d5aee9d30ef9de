/*
** api_affiliations.c: a contact's job history and merging duplicate
** contacts.  An affiliation is one position of one person at one partner,
** with its own start and end; a move between partners adds a new one and
** ends the old one, so both stay, dated.
**
** Guarantees: an edit names the one affiliation it changes (ending an old
** position never touches the current one); ended_on is never before
** started_on; a merge moves every affiliation and interaction link of the
** duplicate onto the kept contact, fills the kept contact's empty fields,
** deletes the duplicate and audits both, in one transaction.
*/
#include "api.h"
#include "contacts.h"
#include "handlers.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

static json_t *affiliation_load(store_conn *c, int64_t office_id, int64_t contact_id, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT a.id, a.contact_id, a.partner_id, p.name AS partner_name, a.title, a.started_on, a.ended_on,"
	    " CASE WHEN a.ended_on IS NULL THEN 1 ELSE 0 END AS current_bool, a.created_at, a.version"
	    " FROM affiliations a JOIN partners p ON p.id = a.partner_id"
	    " WHERE a.office_id = ? AND a.contact_id = ? AND a.id = ?",
	    "iii", office_id, contact_id, id);
}

static void dates_ordered(valid *v, const char *started_on, const char *ended_on)
{
	if (started_on && ended_on && strcmp(ended_on, started_on) < 0)
		valid_fail(v, "ended_on", "validation.date_order", "ended_on (%s) is before started_on (%s).",
		           ended_on, started_on);
}

/* Marks the contact changed (its affiliations are part of it), re-indexes it. */
static int contact_touch(store_conn *c, int64_t office_id, int64_t contact_id)
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c, "UPDATE contacts SET updated_at = ? WHERE office_id = ? AND id = ?", "tii", now,
	                    office_id, contact_id);
	return rc < 0 ? rc : contact_reindex(c, office_id, contact_id);
}

/* POST /contacts/{id}/affiliations {partner_id, title, started_on, ended_on?} */
void api_affiliation_create(http_req *r)
{
	static const char *const fields[] = {"partner_id", "title", "started_on", "ended_on", NULL};
	int64_t contact_id;
	if (!http_param_id(r, 0, &contact_id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM contacts WHERE office_id = ? AND id = ?", "ii", office, contact_id))
		return api_not_found(r);
	valid v = {0};
	int64_t partner_id;
	const char *title, *started_on, *ended_on;
	jf_known_keys(&v, body, fields);
	registry_check_partner(&v, c, office, body, "partner_id", true, &partner_id);
	jf_string(&v, body, "title", false, 200, &title);
	jf_date(&v, body, "started_on", false, &started_on);
	jf_date(&v, body, "ended_on", false, &ended_on);
	dates_ordered(&v, started_on, ended_on);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO affiliations(office_id, contact_id, partner_id, title, started_on, ended_on, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iiitttt", office, contact_id, partner_id, title, started_on, ended_on, now);
	if (!row) return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	rc = contact_touch(c, office, contact_id);
	api_audit_commit(r, rc, "create", "affiliation", id, NULL, affiliation_load(c, office, contact_id, id), 201);
}

/* PATCH /contacts/{id}/affiliations/{aid} {title, started_on, ended_on, version} */
void api_affiliation_update(http_req *r)
{
	static const char *const fields[] = {"title", "started_on", "ended_on", "version", NULL};
	static const char *const editable[] = {"title", "started_on", "ended_on", NULL};
	int64_t contact_id, id;
	if (!http_param_id(r, 0, &contact_id) || !http_param_id(r, 1, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = affiliation_load(c, office, contact_id, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, editable);
	const char *title, *started_on, *ended_on;
	jf_string(&v, merged, "title", false, 200, &title);
	jf_date(&v, merged, "started_on", false, &started_on);
	jf_date(&v, merged, "ended_on", false, &ended_on);
	dates_ordered(&v, started_on, ended_on);
	if (!valid_ok(&v)) {
		store_rollback(c);
		json_decref(before);
		json_decref(merged);
		return valid_reply(r, &v);
	}
	/* The WHERE names this one affiliation: no other position of the person changes. */
	int rc = store_exec(c,
	    "UPDATE affiliations SET title = ?, started_on = ?, ended_on = ?, version = version + 1"
	    " WHERE office_id = ? AND contact_id = ? AND id = ?",
	    "tttiii", title, started_on, ended_on, office, contact_id, id);
	json_decref(merged);
	if (rc >= 0) rc = contact_touch(c, office, contact_id);
	api_audit_commit(r, rc, "update", "affiliation", id, before,
	                 rc >= 0 ? affiliation_load(c, office, contact_id, id) : NULL, 200);
}

/* GET /partners/{id}/contacts: everyone who is or was at the partner. */
void api_partner_contacts(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office, id))
		return api_not_found(r);
	json_t *rows = store_query_rows(c, NULL,
	    "SELECT a.id AS affiliation_id, a.contact_id, c.full_name, c.email, c.phone, c.verify_status,"
	    " a.title, a.started_on, a.ended_on, CASE WHEN a.ended_on IS NULL THEN 1 ELSE 0 END AS current_bool,"
	    " a.version FROM affiliations a JOIN contacts c ON c.id = a.contact_id AND c.office_id = a.office_id"
	    " WHERE a.office_id = ? AND a.partner_id = ?"
	    " ORDER BY CASE WHEN a.ended_on IS NULL THEN 0 ELSE 1 END, c.full_name, a.id",
	    "ii", office, id);
	if (!rows) return api_fail(r, STORE_ERROR);
	api_read_reply(r, json_pack("{s:o}", "items", rows));
}

/* Every other table that points at a contact, so that a merge carries those
** links too instead of losing them to ON DELETE SET NULL or CASCADE.  Each
** entry is one literal statement taking (kept id, office id, duplicate id).
** An area whose migration adds a contact_id column adds its line below its
** anchor, for example:
**   "UPDATE feedback SET contact_id = ?1 WHERE office_id = ?2 AND contact_id = ?3",  */
static const char *const contact_ref_updates[] = {
	/* -- feedback -- */
	/* -- continuity -- */
	"UPDATE advisory_members SET contact_id = ?1 WHERE office_id = ?2 AND contact_id = ?3",
	/* -- misconceptions -- */
	NULL};

/* POST /contacts/{id}/merge {from_id}: folds the duplicate from_id into id. */
void api_contact_merge(http_req *r)
{
	static const char *const fields[] = {"from_id", NULL};
	static const char *const fillable[] = {"email", "phone", "preferred_language", NULL};
	int64_t id, from_id = 0;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	jf_known_keys(&v, body, fields);
	jf_int(&v, body, "from_id", true, 1, INT64_MAX, &from_id, NULL);
	if (valid_ok(&v) && from_id == id)
		valid_fail(&v, "from_id", "validation.same", "A contact cannot be merged into itself.");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *keep = contact_load(c, office, id);
	if (!keep) return api_not_found(r);
	json_t *dup = contact_load(c, office, from_id);
	if (!dup) {
		json_decref(keep);
		store_rollback(c);
		return http_reply_error(r, 422, "validation.reference", "from_id", "There is no contact %lld.",
		                        (long long)from_id);
	}
	/* The kept contact takes any detail it lacks; notes are joined. */
	json_t *filled = json_deep_copy(keep);
	for (int i = 0; fillable[i]; i++)
		if (json_is_null(json_object_get(filled, fillable[i])) || !json_object_get(filled, fillable[i]))
			json_object_set(filled, fillable[i], json_object_get(dup, fillable[i]));
	const char *n1 = json_string_value(json_object_get(keep, "notes"));
	const char *n2 = json_string_value(json_object_get(dup, "notes"));
	char *notes = n1 && n2 ? xasprintf("%s\n\n%s", n1, n2) : xstrdup(n1 ? n1 : n2);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE contacts SET email = ?, phone = ?, preferred_language = ?, notes = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ?",
	    "jjjttii", json_object_get(filled, "email"), json_object_get(filled, "phone"),
	    json_object_get(filled, "preferred_language"), notes, now, office, id);
	free(notes);
	json_decref(filled);
	if (rc >= 0)
		rc = store_exec(c, "UPDATE affiliations SET contact_id = ? WHERE office_id = ? AND contact_id = ?", "iii",
		                id, office, from_id);
	if (rc >= 0)
		rc = store_exec(c,
		    "INSERT INTO interaction_contacts(office_id, interaction_id, contact_id)"
		    " SELECT office_id, interaction_id, ? FROM interaction_contacts d WHERE d.office_id = ? AND d.contact_id = ?"
		    " AND NOT EXISTS (SELECT 1 FROM interaction_contacts k WHERE k.interaction_id = d.interaction_id"
		    "   AND k.contact_id = ?)",
		    "iiii", id, office, from_id, id);
	for (int i = 0; rc >= 0 && contact_ref_updates[i]; i++)
		rc = store_exec(c, contact_ref_updates[i], "iii", id, office, from_id);
	if (rc >= 0)
		rc = store_exec(c, "DELETE FROM contacts WHERE office_id = ? AND id = ?", "ii", office, from_id);
	if (rc >= 0) rc = store_index_delete(c, office, "contact", from_id);
	json_t *after = rc >= 0 ? contact_load(c, office, id) : NULL;
	if (after) contact_index(c, office, after);
	audit_actor who = audit_actor_of(r);
	if (after) {
		json_t *gone = json_pack("{s:I}", "merged_into", (json_int_t)id);
		rc = audit_record(c, &who, "merge", "contact", from_id, dup, gone);
		json_decref(gone);
		if (rc == STORE_OK) {
			json_object_set_new(after, "merged_from", json_integer(from_id));
			rc = audit_record(c, &who, "merge", "contact", id, keep, after);
			json_object_del(after, "merged_from");
		}
	}
	json_decref(keep);
	json_decref(dup);
	if (rc < 0 || !after) {
		json_decref(after);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	api_commit_reply(r, 200, after);
}
