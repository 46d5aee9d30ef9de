/*
** api_claim_amplify.c: asking partners to carry a published response.
** Suggests the partners best placed (active, with a current contact,
** reaching the claim's demographic groups or languages), records each ask
** and whether and where the partner shared it.
**
** Every ask is also an interaction with the partner (type
** amplification_ask, direction office_gave), so it counts in the
** relationship and resets its "last touched" clock (partners.
** last_interaction_on), in the same transaction.
*/
#include "handlers.h"
#include "misconceptions.h"
#include "partners.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

/* GET /misconceptions/{id}/amplification/suggestions.  A partner qualifies
** when it is active and has a contact whose affiliation has not ended; it is
** ranked by how many of the claim's groups and languages it reaches.  When
** the claim names no group and no language, every qualifying partner is
** listed (score 0), most recently touched first. */
void api_claim_suggestions(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *claim = claim_load(c, office, id);
	if (!claim) return api_not_found(r);
	bool targeted = json_array_size(json_object_get(claim, "languages")) + json_array_size(json_object_get(claim, "demographic_group_ids")) > 0;
	json_decref(claim);
	int rc;
	json_t *rows = store_query_rows(c, &rc,
	    "SELECT p.id AS partner_id, p.name, p.subtype, p.last_interaction_on,"
	    " (SELECT COUNT(*) FROM partner_groups pg JOIN claim_groups cg ON cg.group_id = pg.group_id"
	    "   WHERE pg.office_id = ?1 AND pg.partner_id = p.id AND cg.claim_id = ?2) AS group_matches,"
	    " (SELECT COUNT(*) FROM partner_languages pl JOIN claim_languages cl ON cl.language = pl.language"
	    "   WHERE pl.office_id = ?1 AND pl.partner_id = p.id AND cl.claim_id = ?2) AS language_matches,"
	    " (SELECT COUNT(*) FROM amplification_asks a WHERE a.office_id = ?1 AND a.claim_id = ?2"
	    "   AND a.partner_id = p.id) AS times_asked"
	    " FROM partners p WHERE p.office_id = ?1 AND p.status = 'active'"
	    " AND EXISTS (SELECT 1 FROM affiliations af WHERE af.office_id = ?1 AND af.partner_id = p.id"
	    "   AND af.ended_on IS NULL)"
	    " ORDER BY p.name, p.id",
	    "ii", office, id);
	if (!rows) return api_fail(r, rc);
	json_t *out = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p) {
		int64_t score = json_integer_value(json_object_get(p, "group_matches")) +
		                json_integer_value(json_object_get(p, "language_matches"));
		if (targeted && score == 0) continue;
		json_object_set_new(p, "score", json_integer(score));
		json_t *contacts = store_query_rows(c, NULL,
		    "SELECT ct.id, ct.full_name, af.title, ct.email, ct.phone, ct.preferred_language"
		    " FROM affiliations af JOIN contacts ct ON ct.id = af.contact_id"
		    " WHERE af.office_id = ? AND af.partner_id = ? AND af.ended_on IS NULL ORDER BY ct.full_name, ct.id",
		    "ij", office, json_object_get(p, "partner_id"));
		json_object_set_new(p, "contacts", contacts ? contacts : json_array());
		json_array_append(out, p);
	}
	json_decref(rows);
	/* Best placed first: highest score, then most recently touched, then name. */
	size_t n = json_array_size(out);
	for (size_t a = 1; a < n; a++) {
		for (size_t b = a; b > 0; b--) {
			json_t *x = json_array_get(out, b - 1), *y = json_array_get(out, b);
			int64_t sx = json_integer_value(json_object_get(x, "score")), sy = json_integer_value(json_object_get(y, "score"));
			const char *lx = json_string_value(json_object_get(x, "last_interaction_on"));
			const char *ly = json_string_value(json_object_get(y, "last_interaction_on"));
			bool swap = sy > sx || (sy == sx && ly && (!lx || strcmp(ly, lx) > 0));
			if (!swap) break;
			json_incref(x);
			json_array_set(out, b - 1, y);
			json_array_set_new(out, b, x);
		}
	}
	api_read_reply(r, json_pack("{s:o}", "items", out));
}

static json_t *ask_load(store_conn *c, int64_t office_id, int64_t claim_id, int64_t ask_id)
{
	return store_query_row(c, NULL,
	    "SELECT a.id, a.claim_id, a.partner_id, p.name AS partner_name, a.contact_id, a.interaction_id, a.asked_at,"
	    " a.asked_by, u.name AS asked_by_name, a.note, a.shared, a.shared_where, a.shared_at, a.created_at,"
	    " a.updated_at, a.version FROM amplification_asks a JOIN partners p ON p.id = a.partner_id"
	    " LEFT JOIN users u ON u.id = a.asked_by WHERE a.office_id = ? AND a.claim_id = ? AND a.id = ?",
	    "iii", office_id, claim_id, ask_id);
}

void api_claim_ask_list(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND id = ?", "ii", office, id))
		return api_not_found(r);
	json_t *rows = store_query_rows(c, NULL,
	    "SELECT a.id, a.claim_id, a.partner_id, p.name AS partner_name, a.contact_id, a.interaction_id, a.asked_at,"
	    " a.asked_by, u.name AS asked_by_name, a.note, a.shared, a.shared_where, a.shared_at, a.created_at,"
	    " a.updated_at, a.version FROM amplification_asks a JOIN partners p ON p.id = a.partner_id"
	    " LEFT JOIN users u ON u.id = a.asked_by WHERE a.office_id = ? AND a.claim_id = ? ORDER BY a.asked_at, a.id",
	    "ii", office, id);
	api_read_reply(r, json_pack("{s:o}", "items", rows ? rows : json_array()));
}

/* POST /misconceptions/{id}/amplification/asks {partner_id, contact_id?, asked_at?, note?} */
void api_claim_ask_create(http_req *r)
{
	static const char *const fields[] = {"partner_id", "contact_id", "asked_at", "note", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	int64_t partner_id = 0, contact_id = 0;
	const char *note;
	char asked_at[ISO_TIME_LEN];
	bool has_at = false;
	jf_known_keys(&v, body, fields);
	jf_int(&v, body, "partner_id", true, 1, INT64_MAX, &partner_id, NULL);
	jf_int(&v, body, "contact_id", false, 1, INT64_MAX, &contact_id, NULL);
	jf_string(&v, body, "note", false, 2000, &note);
	if (jf_datetime(&v, body, "asked_at", false, asked_at, &has_at) && has_at) {
		int64_t t;
		if (time_parse_iso(asked_at, &t) && t > time_now_secs() + 300)
			valid_fail(&v, "asked_at", "validation.future", "asked_at is in the future.");
	}
	if (!has_at) time_now_iso(asked_at);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) {
		valid_free(&v);
		return;
	}
	int64_t office = r->caller.office_id;
	json_t *claim = claim_load(c, office, id);
	if (!claim) {
		valid_free(&v);
		return api_not_found(r);
	}
	if (partner_id && !store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office, partner_id))
		valid_fail(&v, "partner_id", "validation.reference", "There is no partner %lld in your office.", (long long)partner_id);
	if (contact_id && !store_query_int(c, 0,
	    "SELECT 1 FROM affiliations WHERE office_id = ? AND contact_id = ? AND partner_id = ?", "iii", office, contact_id, partner_id))
		valid_fail(&v, "contact_id", "validation.reference", "Contact %lld is not a contact of partner %lld.",
		           (long long)contact_id, (long long)partner_id);
	if (!valid_ok(&v)) {
		json_decref(claim);
		store_rollback(c);
		return valid_reply(r, &v);
	}
	if (!json_is_string(json_object_get(claim, "published_at")) || json_is_integer(json_object_get(claim, "merged_into_id"))) {
		json_decref(claim);
		store_rollback(c);
		return http_reply_error(r, 422, "amplification.not_published", NULL,
		                        "Partners are asked to share a published response; publish this one first.");
	}
	char now[ISO_TIME_LEN], day[11];
	time_now_iso(now);
	snprintf(day, sizeof day, "%.10s", asked_at);
	const char *statement = json_string_value(json_object_get(claim, "statement"));
	char *summary = xasprintf("Asked to share the office's answer to a misconception: %.300s", statement);
	char *gave = xasprintf("The office's published response (/facts/%s)", json_string_value(json_object_get(claim, "slug")));
	int rc;
	json_t *irow = store_query_row(c, &rc,
	    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, office_gave,"
	    " created_by, created_at, updated_at) VALUES (?, ?, ?, 'amplification_ask', 'office_gave', ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    "iitttItt", office, partner_id, day, summary, gave, r->caller.user_id, now, now);
	free(summary);
	free(gave);
	int64_t interaction_id = irow ? json_integer_value(json_object_get(irow, "id")) : 0;
	json_decref(irow);
	rc = interaction_id ? STORE_OK : (rc < 0 ? rc : STORE_ERROR);
	if (rc == STORE_OK && contact_id &&
	    store_exec(c, "INSERT INTO interaction_contacts(office_id, interaction_id, contact_id) VALUES (?, ?, ?)",
	               "iii", office, interaction_id, contact_id) < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK && r->caller.user_id &&
	    store_exec(c, "INSERT INTO interaction_staff(office_id, interaction_id, user_id) VALUES (?, ?, ?)",
	               "iii", office, interaction_id, r->caller.user_id) < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK) rc = partner_touch(c, office, partner_id);
	json_t *arow = NULL;
	if (rc == STORE_OK) {
		arow = store_query_row(c, &rc,
		    "INSERT INTO amplification_asks(office_id, claim_id, partner_id, contact_id, interaction_id, asked_at,"
		    " asked_by, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "iiiIitIttt", office, id, partner_id, contact_id, interaction_id, asked_at, r->caller.user_id, note, now, now);
		rc = arow ? STORE_OK : (rc < 0 ? rc : STORE_ERROR);
	}
	int64_t ask_id = arow ? json_integer_value(json_object_get(arow, "id")) : 0;
	json_decref(arow);
	json_t *after = rc == STORE_OK ? ask_load(c, office, id, ask_id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) {
		/* The interaction as the registry shows, indexes and audits it. */
		json_t *inter = interaction_load(c, office, interaction_id);
		if (inter) interaction_index(c, office, inter);
		rc = inter ? audit_record(c, &who, "create", "interaction", interaction_id, NULL, inter) : STORE_ERROR;
		json_decref(inter);
		if (rc == STORE_OK) rc = audit_record(c, &who, "create", "amplification_ask", ask_id, NULL, after);
	}
	json_decref(claim);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 201, after);
}

/* PATCH /misconceptions/{id}/amplification/asks/{ask_id} {shared, shared_where?, shared_at?, note?, version} */
void api_claim_ask_update(http_req *r)
{
	static const char *const fields[] = {"shared", "shared_where", "shared_at", "note", "version", NULL};
	int64_t id, ask_id;
	if (!http_param_id(r, 0, &id) || !http_param_id(r, 1, &ask_id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, fields)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = ask_load(c, office, id, ask_id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	json_t *m = json_deep_copy(before);
	json_merge_allowed(m, body, fields);
	const char *shared, *where, *note;
	char shared_at[ISO_TIME_LEN] = "";
	bool has_at = false;
	jf_enum(&v, m, "shared", true, ask_outcomes, &shared);
	jf_string(&v, m, "shared_where", false, 300, &where);
	jf_string(&v, m, "note", false, 2000, &note);
	if (jf_datetime(&v, m, "shared_at", false, shared_at, &has_at) && has_at) {
		int64_t t;
		if (time_parse_iso(shared_at, &t) && t > time_now_secs() + 300)
			valid_fail(&v, "shared_at", "validation.future", "shared_at is in the future.");
		else if (strcmp(shared_at, json_string_value(json_object_get(before, "asked_at"))) < 0)
			valid_fail(&v, "shared_at", "validation.range", "shared_at is before the partner was asked.");
	}
	if (!valid_ok(&v)) {
		json_decref(before);
		json_decref(m);
		store_rollback(c);
		return valid_reply(r, &v);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	/* Shared: when, defaulting to now; not shared (or unknown): no date. */
	const char *at = str_eq(shared, "yes") ? (has_at ? shared_at : now) : NULL;
	int rc = store_exec(c,
	    "UPDATE amplification_asks SET shared = ?, shared_where = ?, shared_at = ?, note = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ? AND version = ?",
	    "tttttiij", shared, where, at, note, now, office, ask_id, json_object_get(body, "version"));
	json_decref(m);
	if (rc == 0) rc = STORE_BUSY;
	json_t *after = rc > 0 ? ask_load(c, office, id, ask_id) : NULL;
	audit_actor who = audit_actor_of(r);
	rc = after ? audit_record(c, &who, "update", "amplification_ask", ask_id, before, after) : (rc < 0 ? rc : STORE_ERROR);
	json_decref(before);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}
