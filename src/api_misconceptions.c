/*
** api_misconceptions.c: the misconception desk's claims: create, read,
** list, edit, delete, move through the workflow (the plain steps; approval
** and publication are in api_claim_response.c), the timeline, and merging
** two claims found to be the same.  Sightings are in api_claim_sightings.c,
** the board in api_claim_board.c.
**
** Guarantees: every query is scoped to the caller's office (another office's
** id is 404); every write is one transaction with its audit entry and a
** timeline row; edits name the version they read (409 when stale); a merged
** claim is read-only and hidden from lists; a merge moves every sighting,
** timeline row and amplification ask of the merged claim.
*/
#include "domain.h"
#include "handlers.h"
#include "misconceptions.h"

#include <stdlib.h>
#include <string.h>

static const char *const claim_fields[] = {
	"statement", "topic", "severity", "slug", "notes", "languages", "demographic_group_ids", "places",
	"first_seen_at", "sighting", "version", NULL};

typedef struct claim_in {
	const char *statement, *topic, *severity, *slug, *notes;
	json_t *languages, *group_ids, *places;   /* borrowed */
} claim_in;

/* Checks a whole claim (a new one, or the current one with edits merged in). */
static void claim_validate(valid *v, store_conn *c, int64_t office_id, json_t *o, claim_in *in)
{
	memset(in, 0, sizeof *in);
	jf_string(v, o, "statement", true, 1000, &in->statement);
	jf_enum(v, o, "topic", false, claim_topics, &in->topic);
	jf_enum(v, o, "severity", false, claim_severities, &in->severity);
	jf_string(v, o, "notes", false, 20000, &in->notes);
	if (jf_string(v, o, "slug", false, 80, &in->slug) && in->slug && !claim_slug_valid(in->slug))
		valid_fail(v, "slug", "validation.slug",
		           "slug may hold only lower-case letters a-z, digits and single hyphens, e.g. mail-ballots-are-counted.");
	jf_string_array(v, o, "places", 30, 200, &in->places);
	if (jf_string_array(v, o, "languages", 40, 35, &in->languages)) {
		size_t i;
		json_t *e;
		json_array_foreach(in->languages, i, e) if (!language_tag_valid(json_string_value(e))) {
			valid_fail(v, "languages", "validation.language",
			           "\"%s\" is not a language code such as es, vi or zh-Hant.", json_string_value(e));
			break;
		}
	}
	if (jf_id_array(v, o, "demographic_group_ids", 100, &in->group_ids)) {
		size_t i;
		json_t *e;
		json_array_foreach(in->group_ids, i, e) {
			if (!store_query_int(c, 0, "SELECT 1 FROM demographic_groups WHERE office_id = ? AND id = ?",
			                     "ij", office_id, e)) {
				valid_fail(v, "demographic_group_ids", "validation.reference",
				           "There is no demographic group %lld.", (long long)json_integer_value(e));
				break;
			}
		}
	}
}

static int claim_write_lists(store_conn *c, int64_t office_id, int64_t id, json_t *langs, json_t *groups,
                             json_t *places)
{
	size_t i;
	json_t *e;
	if (langs) {
		if (store_exec(c, "DELETE FROM claim_languages WHERE office_id = ? AND claim_id = ?", "ii", office_id, id) < 0)
			return STORE_ERROR;
		json_array_foreach(langs, i, e) if (store_exec(c,
		    "INSERT INTO claim_languages(office_id, claim_id, language) VALUES (?, ?, ?)", "iij", office_id, id, e) < 0)
			return STORE_ERROR;
	}
	if (groups) {
		if (store_exec(c, "DELETE FROM claim_groups WHERE office_id = ? AND claim_id = ?", "ii", office_id, id) < 0)
			return STORE_ERROR;
		json_array_foreach(groups, i, e) if (store_exec(c,
		    "INSERT INTO claim_groups(office_id, claim_id, group_id) VALUES (?, ?, ?)", "iij", office_id, id, e) < 0)
			return STORE_ERROR;
	}
	if (places) {
		if (store_exec(c, "DELETE FROM claim_places WHERE office_id = ? AND claim_id = ?", "ii", office_id, id) < 0)
			return STORE_ERROR;
		json_array_foreach(places, i, e) if (store_exec(c,
		    "INSERT INTO claim_places(office_id, claim_id, place) VALUES (?, ?, ?)", "iij", office_id, id, e) < 0)
			return STORE_ERROR;
	}
	return STORE_OK;
}

/* Whether another claim of the office already has this page name. */
static bool slug_taken(store_conn *c, int64_t office_id, const char *slug, int64_t except_id)
{
	return slug && store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND slug = ? AND id <> ?",
	                               "iti", office_id, slug, except_id);
}

static void slug_conflict(http_req *r, const char *slug)
{
	store_rollback(r->db);
	http_reply_error(r, 409, "conflict.slug", "slug",
	                 "Another claim already uses the page name \"%s\"; choose another.", slug);
}

/* Replies 409 claim.merged for a claim that was merged into another. */
static bool claim_not_merged(http_req *r, json_t *claim)
{
	json_t *into = json_object_get(claim, "merged_into_id");
	if (!json_is_integer(into)) return true;
	store_rollback(r->db);
	http_reply_error(r, 409, "claim.merged", NULL,
	                 "This claim was merged into claim %lld; work on that one instead.",
	                 (long long)json_integer_value(into));
	return false;
}

void api_claim_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	jf_known_keys(&v, body, claim_fields);
	char seen[ISO_TIME_LEN] = "";
	bool has_seen = false;
	if (jf_datetime(&v, body, "first_seen_at", false, seen, &has_seen) && has_seen) {
		int64_t t;
		if (time_parse_iso(seen, &t) && t > time_now_secs() + 300)
			valid_fail(&v, "first_seen_at", "validation.future", "first_seen_at is in the future.");
	}
	json_t *sighting = json_object_get(body, "sighting");
	if (sighting && !json_is_object(sighting) && !json_is_null(sighting))
		valid_fail(&v, "sighting", "validation.type", "sighting must be an object (see POST .../sightings).");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	claim_in in;
	claim_validate(&v, c, office, body, &in);
	sighting_in s;
	bool with_sighting = json_is_object(sighting);
	if (with_sighting) sighting_validate(&v, c, r, sighting, &s);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	if (slug_taken(c, office, in.slug, 0)) return slug_conflict(r, in.slug);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	const char *first = has_seen ? seen : now;
	if (with_sighting && strcmp(s.seen_at, first) < 0) first = s.seen_at;
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO claims(office_id, statement, topic, severity, slug, notes, first_seen_at, created_by,"
	    " created_at, updated_at) VALUES (?, ?, coalesce(?, 'other'), coalesce(?, 'medium'), ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    "ittttttItt", office, in.statement, in.topic, in.severity, in.slug, in.notes, first,
	    r->caller.user_id, now, now);
	if (!row) return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	rc = claim_write_lists(c, office, id, in.languages, in.group_ids, in.places);
	if (rc == STORE_OK)
		rc = claim_event_add(c, office, id, "status", NULL, "reported", r->caller.user_id, NULL, now);
	if (rc == STORE_OK && with_sighting) {
		int64_t sid = sighting_insert(c, r, id, &s);
		if (sid < 0) rc = (int)sid;
	}
	if (rc != STORE_OK) return api_fail(r, rc);
	json_t *after = claim_load(c, office, id);
	claim_index(c, office, after);
	audit_actor who = audit_actor_of(r);
	if ((rc = audit_record(c, &who, "create", "claim", id, NULL, after)) != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 201, after);
}

void api_claim_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *p = claim_load(c, r->caller.office_id, id);
	if (!p) return api_not_found(r);
	api_read_reply(r, p);
}

void api_claim_update(http_req *r)
{
	static const char *const editable[] = {"statement", "topic", "severity", "slug", "notes", "languages",
	                                       "demographic_group_ids", "places", "version", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	if (!jf_known_keys(&v, body, editable)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = claim_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before) || !claim_not_merged(r, before)) {
		json_decref(before);
		return;
	}
	json_t *merged = json_deep_copy(before);
	json_merge_allowed(merged, body, editable);
	claim_in in;
	claim_validate(&v, c, office, merged, &in);
	const char *old_slug = json_string_value(json_object_get(before, "slug"));
	if (json_is_string(json_object_get(before, "published_at")) && !str_eq(old_slug, in.slug))
		valid_fail(&v, "slug", "validation.slug_published",
		           "The page name cannot change once the response is published: links to it would break.");
	if (!valid_ok(&v)) {
		json_decref(before);
		json_decref(merged);
		store_rollback(c);
		return valid_reply(r, &v);
	}
	if (slug_taken(c, office, in.slug, id)) {
		json_decref(before);
		json_decref(merged);
		return slug_conflict(r, in.slug);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE claims SET statement = ?, topic = ?, severity = ?, slug = ?, notes = ?, updated_at = ?,"
	    " version = version + 1 WHERE office_id = ? AND id = ? AND version = ?",
	    "ttttttiij", in.statement, in.topic, in.severity, in.slug, in.notes, now, office, id,
	    json_object_get(body, "version"));
	if (rc == 0) rc = STORE_BUSY;
	if (rc > 0)
		rc = claim_write_lists(c, office, id, json_object_get(body, "languages") ? in.languages : NULL,
		                       json_object_get(body, "demographic_group_ids") ? in.group_ids : NULL,
		                       json_object_get(body, "places") ? in.places : NULL);
	json_decref(merged);
	json_t *after = rc == STORE_OK ? claim_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) {
		claim_index(c, office, after);
		rc = audit_record(c, &who, "update", "claim", id, before, after);
	}
	json_decref(before);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}

void api_claim_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = claim_load(c, office, id);
	if (!before) return api_not_found(r);
	audit_actor who = audit_actor_of(r);
	/* Claims merged into this one hold nothing of their own any more
	** (their sightings, timeline and asks moved here): they go with it. */
	json_t *merged = store_query_rows(c, NULL, "SELECT id FROM claims WHERE office_id = ? AND merged_into_id = ?",
	                                  "ii", office, id);
	int rc = STORE_OK;
	size_t i;
	json_t *e;
	/* Feedback records that reported it no longer point anywhere. */
	if (rc == STORE_OK && store_exec(c,
	    "UPDATE feedback SET misconception_id = NULL WHERE office_id = ? AND misconception_id IN"
	    " (SELECT id FROM claims WHERE office_id = ? AND (id = ? OR merged_into_id = ?))",
	    "iiii", office, office, id, id) < 0)
		rc = STORE_ERROR;
	json_array_foreach(merged, i, e) {
		int64_t mid = json_integer_value(json_object_get(e, "id"));
		if (rc == STORE_OK && store_exec(c, "DELETE FROM claims WHERE office_id = ? AND id = ?", "ii", office, mid) < 0)
			rc = STORE_ERROR;
		if (rc == STORE_OK) rc = audit_record(c, &who, "delete", "claim", mid, e, NULL);
	}
	json_decref(merged);
	if (rc == STORE_OK && store_exec(c, "DELETE FROM claims WHERE office_id = ? AND id = ?", "ii", office, id) < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK) rc = store_index_delete(c, office, "claim", id) < 0 ? STORE_ERROR : STORE_OK;
	if (rc == STORE_OK) rc = audit_record(c, &who, "delete", "claim", id, before, NULL);
	json_decref(before);
	if (rc != STORE_OK) return api_fail(r, rc);
	api_commit_reply(r, 204, NULL);
}

void api_claim_list(http_req *r)
{
	const char *status, *severity, *topic;
	int limit;
	json_t *cursor;
	if (!api_query_enum(r, "status", claim_statuses, &status) ||
	    !api_query_enum(r, "severity", claim_severities, &severity) ||
	    !api_query_enum(r, "topic", claim_topics, &topic))
		return;
	const char *q = http_query(r, "q");
	if (q && (strlen(q) > 200 || !utf8_valid(q, strlen(q))))
		return http_reply_error(r, 422, "validation.length", "q", "q must be at most 200 characters of text.");
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	int64_t office = r->caller.office_id;
	if (q && *q) {
		/* Search: the best matches (at most limit), no further pages.  Used
		** to find a known claim before logging a new one. */
		json_decref(cursor);
		json_t *hits = json_array();
		store_search(c, office, q, "claim", limit, hits);
		json_t *items = json_array();
		size_t i;
		json_t *h;
		json_array_foreach(hits, i, h) {
			json_t *cl = claim_load(c, office, json_integer_value(json_object_get(h, "id")));
			if (!cl) continue;
			bool keep = !json_is_integer(json_object_get(cl, "merged_into_id")) &&
			            (!status || str_eq(status, json_string_value(json_object_get(cl, "status")))) &&
			            (!severity || str_eq(severity, json_string_value(json_object_get(cl, "severity")))) &&
			            (!topic || str_eq(topic, json_string_value(json_object_get(cl, "topic"))));
			if (keep) json_array_append(items, cl);
			json_decref(cl);
		}
		json_decref(hits);
		return api_read_reply(r, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
	}
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT c.id, c.statement, c.topic, c.severity, c.status, c.slug, c.first_seen_at, c.published_at,"
	    " c.last_corrected_at, c.updated_at, c.version,"
	    " (SELECT COUNT(*) FROM sightings s WHERE s.office_id = c.office_id AND s.claim_id = c.id) AS sightings_count"
	    " FROM claims c WHERE c.office_id = ?1 AND c.merged_into_id IS NULL"
	    " AND (?2 IS NULL OR c.status = ?2) AND (?3 IS NULL OR c.severity = ?3) AND (?4 IS NULL OR c.topic = ?4)"
	    " AND (?5 IS NULL OR c.first_seen_at < ?5 OR (c.first_seen_at = ?5 AND c.id < ?6))"
	    " ORDER BY c.first_seen_at DESC, c.id DESC LIMIT ?7",
	    "itttjjd", office, status, severity, topic, json_array_get(cursor, 0), json_array_get(cursor, 1),
	    limit + 1);
	json_decref(cursor);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, api_page(items, limit, "first_seen_at", "id"));
}

/* POST /misconceptions/{id}/status {status, reason?, note?, version}: the
** plain workflow steps.  Approval and publication have their own routes. */
void api_claim_status(http_req *r)
{
	static const char *const fields[] = {"status", "reason", "note", "version", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *to, *reason, *note;
	jf_known_keys(&v, body, fields);
	jf_enum(&v, body, "status", true, claim_statuses, &to);
	jf_string(&v, body, "reason", false, 2000, &reason);
	jf_string(&v, body, "note", false, 2000, &note);
	if (str_eq(to, "dismissed") && str_empty(reason))
		valid_fail(&v, "reason", "validation.required", "Say why the claim is dismissed (reason).");
	if (!valid_ok(&v)) return valid_reply(r, &v);
	if (str_eq(to, "approved"))
		return http_reply_error(r, 422, "workflow.use_approve", "status",
		                        "A response is approved with POST .../response/versions/{n}/approve, by a director.");
	if (str_eq(to, "published"))
		return http_reply_error(r, 422, "workflow.use_publish", "status",
		                        "A response is published with POST .../publish once it is approved.");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = claim_load(c, office, id);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before) || !claim_not_merged(r, before)) {
		json_decref(before);
		return;
	}
	const char *from = json_string_value(json_object_get(before, "status"));
	const char *err = NULL, *code = NULL;
	if (!claim_status_move_ok(from, to)) {
		code = "workflow.transition";
		err = "This step is not one the workflow allows from the claim's current status.";
	} else if (str_eq(to, "in_review") && json_is_null(json_object_get(before, "response"))) {
		code = "workflow.no_response";
		err = "Draft a response (POST .../response/versions) before sending it for review.";
	} else if (str_eq(to, "dismissed") && json_is_string(json_object_get(before, "published_at"))) {
		code = "workflow.published";
		err = "A claim with a published response cannot be dismissed; publish a correction or close it.";
	}
	if (err) {
		store_rollback(c);
		http_reply_error(r, 422, code, "status", "%s (from %s to %s)", err, from, to);
		json_decref(before);
		return;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = claim_set_status(c, office, id, "status", from, to, r->caller.user_id, str_eq(to, "dismissed") ? reason : note, now);
	json_t *after = rc == STORE_OK ? claim_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "update", "claim", id, before, after);
	json_decref(before);
	if (rc != STORE_OK) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}

void api_claim_events(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	if (!store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND id = ?", "ii", r->caller.office_id, id))
		return api_not_found(r);
	json_t *rows = store_query_rows(c, NULL,
	    "SELECT e.id, e.action, e.from_status, e.to_status, e.at, e.user_id, u.name AS user_name, e.note"
	    " FROM claim_events e LEFT JOIN users u ON u.id = e.user_id"
	    " WHERE e.office_id = ? AND e.claim_id = ? ORDER BY e.at, e.id",
	    "ii", r->caller.office_id, id);
	api_read_reply(r, json_pack("{s:o}", "items", rows ? rows : json_array()));
}

/* POST /misconceptions/{id}/merge {from_id}: claim from_id turns out to be
** the same as claim id.  Everything from_id gathered moves to id; from_id
** stays, marked merged_into_id, read-only and hidden (its public page, if
** any, redirects to id's). */
void api_claim_merge(http_req *r)
{
	static const char *const fields[] = {"from_id", NULL};
	int64_t id, from_id = 0;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	jf_known_keys(&v, body, fields);
	jf_int(&v, body, "from_id", true, 1, INT64_MAX, &from_id, NULL);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	if (from_id == id)
		return http_reply_error(r, 422, "merge.self", "from_id", "A claim cannot be merged into itself.");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *target = claim_load(c, office, id);
	if (!target) return api_not_found(r);
	json_t *source = NULL;
	int rc = STORE_OK;
	if (!claim_not_merged(r, target)) goto done;
	source = claim_load(c, office, from_id);
	if (!source) {
		store_rollback(c);
		http_reply_error(r, 404, "merge.not_found", "from_id", "There is no claim %lld in your office.",
		                 (long long)from_id);
		goto done;
	}
	if (json_is_integer(json_object_get(source, "merged_into_id"))) {
		store_rollback(c);
		http_reply_error(r, 409, "merge.already_merged", "from_id",
		                 "Claim %lld was already merged into claim %lld.", (long long)from_id,
		                 (long long)json_integer_value(json_object_get(source, "merged_into_id")));
		goto done;
	}
	if (json_is_string(json_object_get(source, "published_at")) &&
	    !json_is_string(json_object_get(target, "published_at"))) {
		store_rollback(c);
		http_reply_error(r, 422, "merge.published_source", "from_id",
		                 "Claim %lld has a published response and claim %lld does not: merge them the other way round.",
		                 (long long)from_id, (long long)id);
		goto done;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	static const char *const moves[] = {
		"UPDATE sightings SET claim_id = ? WHERE office_id = ? AND claim_id = ?",
		"UPDATE claim_events SET claim_id = ? WHERE office_id = ? AND claim_id = ?",
		"UPDATE amplification_asks SET claim_id = ? WHERE office_id = ? AND claim_id = ?",
		"UPDATE claims SET merged_into_id = ? WHERE office_id = ? AND merged_into_id = ?",
		"UPDATE feedback SET misconception_id = ? WHERE office_id = ? AND misconception_id = ?",
		"INSERT INTO claim_languages(office_id, claim_id, language) SELECT office_id, CAST(? AS BIGINT), language"
		" FROM claim_languages WHERE office_id = ? AND claim_id = ? ON CONFLICT DO NOTHING",
		"INSERT INTO claim_groups(office_id, claim_id, group_id) SELECT office_id, CAST(? AS BIGINT), group_id"
		" FROM claim_groups WHERE office_id = ? AND claim_id = ? ON CONFLICT DO NOTHING",
		"INSERT INTO claim_places(office_id, claim_id, place) SELECT office_id, CAST(? AS BIGINT), place"
		" FROM claim_places WHERE office_id = ? AND claim_id = ? ON CONFLICT DO NOTHING",
	};
	for (size_t i = 0; i < countof(moves) && rc == STORE_OK; i++)
		if (store_exec(c, moves[i], "iii", id, office, from_id) < 0) rc = STORE_ERROR;
	const char *seen_src = json_string_value(json_object_get(source, "first_seen_at"));
	if (rc == STORE_OK && store_exec(c,
	    "UPDATE claims SET first_seen_at = CASE WHEN first_seen_at > ? THEN ? ELSE first_seen_at END,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttii", seen_src, seen_src, now, office, id) < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK && store_exec(c,
	    "UPDATE claims SET merged_into_id = ?, updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "itii", id, now, office, from_id) < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK) {
		char *note = xasprintf("Merged claim %lld: %s", (long long)from_id,
		                       json_string_value(json_object_get(source, "statement")));
		const char *st = json_string_value(json_object_get(target, "status"));
		rc = claim_event_add(c, office, id, "merge", st, st, r->caller.user_id, note, now);
		free(note);
	}
	if (rc == STORE_OK) rc = store_index_delete(c, office, "claim", from_id) < 0 ? STORE_ERROR : STORE_OK;
	json_t *after = rc == STORE_OK ? claim_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) {
		claim_index(c, office, after);
		json_t *src_after = claim_load(c, office, from_id);
		rc = audit_record(c, &who, "merge", "claim", from_id, source, src_after);
		json_decref(src_after);
		if (rc == STORE_OK) rc = audit_record(c, &who, "update", "claim", id, target, after);
	}
	if (rc != STORE_OK) {
		json_decref(after);
		api_fail(r, rc);
		goto done;
	}
	api_commit_reply(r, 200, after);
done:
	json_decref(target);
	json_decref(source);
}
