/*
** api_claim_response.c: the office's response to a claim: numbered
** versions (texts in the office's languages and the sources behind them),
** approval, publication and corrections.
**
** The rules: every version is kept; a new version always needs approval
** again (the claim goes back to drafting); only a director or admin
** approves (the route says so), never the person who drafted that version
** (403 workflow.self_approval); only the newest version can be approved, and
** only while the claim is in review; only an approved newest version is
** published (422 workflow.not_approved); publishing again is a correction
** and must say what changed.  Each step is audited and on the timeline.
*/
#include "domain.h"
#include "handlers.h"
#include "misconceptions.h"

#include <stdlib.h>
#include <string.h>

/* The versions, newest first, each with its texts by language; caller decrefs. */
static json_t *versions_load(store_conn *c, int64_t office_id, int64_t claim_id)
{
	json_t *vs = store_query_rows(c, NULL,
	    "SELECT v.id, v.number, v.sources AS sources_json, v.change_note, v.drafted_by, d.name AS drafted_by_name,"
	    " v.drafted_at, v.approved_by, a.name AS approved_by_name, v.approved_at"
	    " FROM response_versions v LEFT JOIN users d ON d.id = v.drafted_by LEFT JOIN users a ON a.id = v.approved_by"
	    " WHERE v.office_id = ? AND v.claim_id = ? ORDER BY v.number DESC",
	    "ii", office_id, claim_id);
	if (!vs) return json_array();
	size_t i;
	json_t *v;
	json_array_foreach(vs, i, v) {
		json_t *texts = json_object();
		store_stmt *st = store_prepare(c,
		    "SELECT language, claim_text, accurate_statement, short_answer FROM response_texts"
		    " WHERE office_id = ? AND version_id = ? ORDER BY language");
		store_bind(st, "ij", office_id, json_object_get(v, "id"));
		while (store_step(st) == STORE_ROW) {
			json_t *row = store_row_json(st);
			json_object_set(texts, store_col_text(st, 0), row);
			json_object_del(row, "language");
			json_decref(row);
		}
		store_reset(st);
		json_object_set_new(v, "texts", texts);
	}
	return vs;
}

static json_t *response_load(store_conn *c, int64_t office_id, int64_t claim_id)
{
	json_t *pubs = store_query_rows(c, NULL,
	    "SELECT p.id, p.kind, v.number AS version, p.change_note, p.published_at, p.published_by,"
	    " u.name AS published_by_name FROM publications p JOIN response_versions v ON v.id = p.version_id"
	    " LEFT JOIN users u ON u.id = p.published_by WHERE p.office_id = ? AND p.claim_id = ?"
	    " ORDER BY p.published_at, p.id",
	    "ii", office_id, claim_id);
	return json_pack("{s:I, s:o, s:o}", "claim_id", (json_int_t)claim_id, "versions",
	                 versions_load(c, office_id, claim_id), "publications", pubs ? pubs : json_array());
}

void api_claim_response_get(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	if (!store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND id = ?", "ii", r->caller.office_id, id))
		return api_not_found(r);
	api_read_reply(r, response_load(c, r->caller.office_id, id));
}

/* Checks {texts: {lang: {claim_text?, accurate_statement, short_answer}},
** sources: [{kind, title, url?}], change_note?}. */
static void version_validate(valid *v, json_t *body, json_t **texts, json_t **sources, const char **change_note)
{
	static const char *const fields[] = {"texts", "sources", "change_note", NULL};
	static const char *const text_fields[] = {"claim_text", "accurate_statement", "short_answer", NULL};
	static const char *const source_fields[] = {"kind", "title", "url", NULL};
	jf_known_keys(v, body, fields);
	jf_string(v, body, "change_note", false, 2000, change_note);
	*texts = json_object_get(body, "texts");
	if (!json_is_object(*texts) || json_object_size(*texts) == 0 || json_object_size(*texts) > 20) {
		valid_fail(v, "texts", "validation.type",
		           "texts must map language codes to {accurate_statement, short_answer}, e.g. {\"en\": {...}}.");
	} else if (!json_object_get(*texts, "en")) {
		valid_fail(v, "texts", "validation.required", "texts must include English (en); other languages are optional.");
	} else {
		const char *lang;
		json_t *t;
		json_object_foreach(*texts, lang, t) {
			const char *s;
			if (!language_tag_valid(lang)) {
				valid_fail(v, "texts", "validation.language", "\"%s\" is not a language code such as es, vi or zh-Hant.", lang);
				break;
			}
			if (!json_is_object(t)) {
				valid_fail(v, "texts", "validation.type", "texts.%s must be an object.", lang);
				break;
			}
			jf_known_keys(v, t, text_fields);
			jf_string(v, t, "claim_text", false, 1000, &s);
			jf_string(v, t, "accurate_statement", true, 5000, &s);
			jf_string(v, t, "short_answer", true, 1000, &s);
		}
	}
	*sources = json_object_get(body, "sources");
	if (*sources && !json_is_null(*sources)) {
		if (!json_is_array(*sources) || json_array_size(*sources) > 20) {
			valid_fail(v, "sources", "validation.type", "sources must be a list of at most 20 {kind, title, url}.");
			return;
		}
		size_t i;
		json_t *s;
		json_array_foreach(*sources, i, s) {
			const char *str;
			if (!json_is_object(s)) {
				valid_fail(v, "sources", "validation.type", "each source must be an object {kind, title, url}.");
				return;
			}
			jf_known_keys(v, s, source_fields);
			jf_enum(v, s, "kind", true, source_kinds, &str);
			jf_string(v, s, "title", true, 300, &str);
			if (jf_string(v, s, "url", false, 2000, &str) && str && !claim_url_ok(str))
				valid_fail(v, "url", "validation.url", "A source's url must be an http:// or https:// address.");
		}
	} else {
		*sources = NULL;
	}
}

/* POST /misconceptions/{id}/response/versions: a new version, drafted by the caller. */
void api_claim_version_create(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	json_t *texts, *sources;
	const char *change_note;
	version_validate(&v, body, &texts, &sources, &change_note);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = claim_load(c, office, id);
	if (!before) return api_not_found(r);
	const char *status = json_string_value(json_object_get(before, "status"));
	int rc = STORE_OK;
	json_t *row = NULL, *after = NULL;
	if (json_is_integer(json_object_get(before, "merged_into_id"))) {
		store_rollback(c);
		http_reply_error(r, 409, "claim.merged", NULL, "This claim was merged into another; draft the response there.");
		goto done;
	}
	if (str_eq(status, "closed") || str_eq(status, "dismissed")) {
		store_rollback(c);
		http_reply_error(r, 422, "workflow.closed", NULL,
		                 "The claim is %s; reopen it before drafting a response.", status);
		goto done;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t number = store_query_int(c, 0, "SELECT coalesce(MAX(number), 0) FROM response_versions"
	                                       " WHERE office_id = ? AND claim_id = ?", "ii", office, id) + 1;
	row = store_query_row(c, &rc,
	    "INSERT INTO response_versions(office_id, claim_id, number, sources, change_note, drafted_by, drafted_at)"
	    " VALUES (?, ?, ?, coalesce(?, '[]'), ?, ?, ?) RETURNING id",
	    "iiijtIt", office, id, number, sources, change_note, r->caller.user_id, now);
	if (!row) {
		api_fail(r, rc < 0 ? rc : STORE_ERROR);
		goto done;
	}
	rc = STORE_OK;
	const char *lang;
	json_t *t;
	json_object_foreach(texts, lang, t) {
		if (store_exec(c,
		    "INSERT INTO response_texts(office_id, version_id, language, claim_text, accurate_statement, short_answer)"
		    " VALUES (?, ?, ?, ?, ?, ?)",
		    "ijtjjj", office, json_object_get(row, "id"), lang, json_object_get(t, "claim_text"),
		    json_object_get(t, "accurate_statement"), json_object_get(t, "short_answer")) < 0) {
			rc = STORE_ERROR;
			break;
		}
	}
	char note[64];
	snprintf(note, sizeof note, "Version %lld drafted", (long long)number);
	/* A new version needs approval again, whatever came before. */
	if (rc == STORE_OK && str_eq(status, "drafting"))
		rc = claim_event_add(c, office, id, "response_version", status, "drafting", r->caller.user_id, note, now);
	else if (rc == STORE_OK)
		rc = claim_set_status(c, office, id, "response_version", status, "drafting", r->caller.user_id, note, now);
	after = rc == STORE_OK ? versions_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "create", "response_version", json_integer_value(json_object_get(row, "id")),
	                             NULL, json_array_get(after, 0));
	if (rc != STORE_OK) {
		api_fail(r, rc);
		goto done;
	}
	api_commit_reply(r, 201, json_incref(json_array_get(after, 0)));
done:
	json_decref(before);
	json_decref(row);
	json_decref(after);
}

/* POST /misconceptions/{id}/response/versions/{n}/approve (director+). */
void api_claim_version_approve(http_req *r)
{
	int64_t id, n;
	if (!http_param_id(r, 0, &id) || !http_param_id(r, 1, &n)) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = claim_load(c, office, id);
	if (!before) return api_not_found(r);
	json_t *ver = store_query_row(c, NULL,
	    "SELECT id, number, drafted_by, approved_at, sources AS sources_json FROM response_versions"
	    " WHERE office_id = ? AND claim_id = ? AND number = ?",
	    "iii", office, id, n);
	json_t *resp = json_object_get(before, "response");
	const char *status = json_string_value(json_object_get(before, "status"));
	int rc = STORE_OK;
	if (!ver) {
		api_not_found(r);
		goto done;
	}
	int status_code = 0;
	const char *code = NULL, *msg = NULL;
	if (json_integer_value(json_object_get(resp, "latest_version")) != n)
		status_code = 409, code = "workflow.not_latest",
		msg = "Only the newest version of the response can be approved.";
	else if (json_is_string(json_object_get(ver, "approved_at")))
		status_code = 409, code = "workflow.already_approved", msg = "This version is already approved.";
	else if (json_integer_value(json_object_get(ver, "drafted_by")) == r->caller.user_id)
		status_code = 403, code = "workflow.self_approval",
		msg = "You drafted this version, so someone else with the director role must approve it.";
	else if (!str_eq(status, "in_review"))
		status_code = 422, code = "workflow.not_in_review",
		msg = "Send the claim for review (status in_review) before approving its response.";
	else if (json_array_size(json_object_get(ver, "sources")) == 0)
		status_code = 422, code = "workflow.no_sources",
		msg = "A response needs at least one source (statute, procedure or official page) before approval.";
	if (code) {
		store_rollback(c);
		http_reply_error(r, status_code, code, NULL, "%s", msg);
		goto done;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	if (store_exec(c, "UPDATE response_versions SET approved_by = ?, approved_at = ? WHERE office_id = ? AND id = ?",
	               "itij", r->caller.user_id, now, office, json_object_get(ver, "id")) < 0)
		rc = STORE_ERROR;
	char note[64];
	snprintf(note, sizeof note, "Version %lld approved", (long long)n);
	if (rc == STORE_OK) rc = claim_set_status(c, office, id, "approval", status, "approved", r->caller.user_id, note, now);
	json_t *after = rc == STORE_OK ? claim_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "approve", "response_version", json_integer_value(json_object_get(ver, "id")),
	                             before, after);
	if (rc != STORE_OK) {
		json_decref(after);
		api_fail(r, rc);
		goto done;
	}
	api_commit_reply(r, 200, after);
done:
	json_decref(before);
	json_decref(ver);
}

/* A free page name for the claim: its own, or one made from the statement. */
static char *claim_free_slug(store_conn *c, int64_t office_id, int64_t id, const char *statement)
{
	char *slug = claim_slugify(statement);
	if (store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND slug = ?", "it", office_id, slug)) {
		char *s2 = xasprintf("%s-%lld", slug, (long long)id);
		free(slug);
		slug = s2;
	}
	return slug;
}

/* POST /misconceptions/{id}/publish {change_note?}: puts the approved newest
** version on the public page; a second publication is a correction. */
void api_claim_publish(http_req *r)
{
	static const char *const fields[] = {"change_note", NULL};
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *change_note;
	jf_known_keys(&v, body, fields);
	jf_string(&v, body, "change_note", false, 2000, &change_note);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = claim_load(c, office, id);
	if (!before) return api_not_found(r);
	json_t *resp = json_object_get(before, "response");
	const char *status = json_string_value(json_object_get(before, "status"));
	bool correction = json_is_string(json_object_get(before, "published_at"));
	char *slug = NULL;
	int rc = STORE_OK;
	if (json_is_integer(json_object_get(before, "merged_into_id"))) {
		store_rollback(c);
		http_reply_error(r, 409, "claim.merged", NULL, "This claim was merged into another; publish that one.");
		goto done;
	}
	if (!json_is_true(json_object_get(resp, "latest_approved")) || !str_eq(status, "approved")) {
		store_rollback(c);
		http_reply_error(r, 422, "workflow.not_approved", NULL,
		                 "Only an approved response can be published: the newest version needs a director's approval first.");
		goto done;
	}
	if (correction && str_empty(change_note)) {
		store_rollback(c);
		http_reply_error(r, 422, "validation.required", "change_note",
		                 "This response was published before: say what changed (change_note); readers see it.");
		goto done;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	const char *have = json_string_value(json_object_get(before, "slug"));
	slug = have ? xstrdup(have) : claim_free_slug(c, office, id, json_string_value(json_object_get(before, "statement")));
	int64_t number = json_integer_value(json_object_get(resp, "latest_version"));
	int64_t version_id = store_query_int(c, 0,
	    "SELECT id FROM response_versions WHERE office_id = ? AND claim_id = ? AND number = ?", "iii", office, id, number);
	if (!version_id || store_exec(c,
	    "INSERT INTO publications(office_id, claim_id, version_id, kind, change_note, published_at, published_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "iiitttI", office, id, version_id, correction ? "correction" : "initial", change_note, now, r->caller.user_id) != 1)
		rc = STORE_ERROR;
	if (rc == STORE_OK && store_exec(c,
	    "UPDATE claims SET slug = ?, published_at = coalesce(published_at, ?),"
	    " last_corrected_at = CASE WHEN ? = 1 THEN ? ELSE last_corrected_at END WHERE office_id = ? AND id = ?",
	    "ttdtii", slug, now, correction ? 1 : 0, now, office, id) < 0)
		rc = STORE_ERROR;
	if (rc == STORE_OK)
		rc = claim_set_status(c, office, id, correction ? "correction" : "publication", status, "published",
		                      r->caller.user_id, change_note, now);
	json_t *after = rc == STORE_OK ? claim_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) {
		claim_index(c, office, after);
		rc = audit_record(c, &who, correction ? "correct" : "publish", "claim", id, before, after);
	}
	if (rc != STORE_OK) {
		json_decref(after);
		api_fail(r, rc);
		goto done;
	}
	api_commit_reply(r, 200, after);
done:
	free(slug);
	json_decref(before);
}
