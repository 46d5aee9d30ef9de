/*
** api_partners.c: the partner registry: partners with kind, subtype,
** status (with a dated history and only sensible moves), the vetting
** record, demographic groups and languages reached, shared goals, tags.
**
** Guarantees: every query is scoped to the caller's office; every write is
** one transaction with its audit entry and search document; an update names
** the version it read (409 when stale); a partner cannot become active
** until both the legal and the operational review have passed.
*/
#include "api.h"
#include "domain.h"
#include "handlers.h"
#include "partners.h"
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const partner_fields[] = {
	"name", "kind", "subtype", "status", "website", "address", "shared_goals", "tags", "notes",
	"cadence_days", "demographic_group_ids", "languages", "status_note", "version", NULL};

json_t *partner_load(store_conn *c, int64_t office_id, int64_t id)
{
	json_t *p = store_query_row(c, NULL,
	    "SELECT id, name, kind, subtype, status, website, address, shared_goals AS shared_goals_json,"
	    " tags AS tags_json, notes, cadence_days, last_interaction_on, created_at, updated_at,"
	    " created_by, version FROM partners WHERE office_id = ? AND id = ?",
	    "ii", office_id, id);
	if (!p) return NULL;
	/* The four lists in one statement (one round trip on PostgreSQL), told
	** apart by k and sorted by o1, o2, o3 DESC within each: only one of
	** those is set in a branch, so NULL ordering does not matter.  The
	** first branch names every column's type (PostgreSQL resolves a UNION's
	** column types pairwise, and NULL meets NULL before a bigint).  Every
	** branch is scoped through the partner's row: with "office_id = ?" on
	** the child table itself, SQLite (without ANALYZE statistics) may pick
	** an (office_id, ...) index and read every row of the office (it did,
	** for liaisons, inside the UNION). */
	store_stmt *st = store_prepare(c,
	    "SELECT 1 AS k, g.group_id AS o1, CAST(NULL AS TEXT) AS o2, CAST(NULL AS TEXT) AS o3, g.group_id AS n1,"
	    "  CAST(NULL AS BIGINT) AS n2, CAST(NULL AS INTEGER) AS n3, CAST(NULL AS TEXT) AS s1,"
	    "  CAST(NULL AS TEXT) AS s2, CAST(NULL AS TEXT) AS s3, CAST(NULL AS TEXT) AS s4, CAST(NULL AS TEXT) AS s5"
	    " FROM partners p JOIN partner_groups g ON g.partner_id = p.id WHERE p.office_id = ?1 AND p.id = ?2"
	    " UNION ALL"
	    " SELECT 2, NULL, l.language, NULL, NULL, NULL, NULL, l.language, NULL, NULL, NULL, NULL"
	    " FROM partners p JOIN partner_languages l ON l.partner_id = p.id WHERE p.office_id = ?1 AND p.id = ?2"
	    " UNION ALL"
	    " SELECT 3, NULL, v.aspect, NULL, v.decided_by, NULL, NULL, v.aspect, v.outcome, u.name, v.decided_at, v.notes"
	    " FROM partners p JOIN partner_vetting v ON v.partner_id = p.id LEFT JOIN users u ON u.id = v.decided_by"
	    " WHERE p.office_id = ?1 AND p.id = ?2"
	    " UNION ALL"
	    " SELECT 4, NULL, NULL, l.role, l.id, l.user_id, u.active, u.name, l.role, l.started_at, NULL, NULL"
	    " FROM partners p JOIN liaisons l ON l.partner_id = p.id JOIN users u ON u.id = l.user_id"
	    " WHERE p.office_id = ?1 AND p.id = ?2 AND l.ended_at IS NULL"
	    " ORDER BY 1, 2, 3, 4 DESC");
	if (!st) {
		json_decref(p);
		return NULL;
	}
	json_t *ids = json_array(), *langs = json_array(), *vetting = json_object(), *liaisons = json_array();
	store_bind(st, "ii", office_id, id);
	int rc;
#define N(i) (store_col_null(st, i) ? json_null() : json_integer(store_col_int(st, i)))
#define S(i) (store_col_null(st, i) ? json_null() : json_string(store_col_text(st, i)))
	while ((rc = store_step(st)) == STORE_ROW) {
		switch (store_col_int(st, 0)) {
		case 1:
			json_array_append_new(ids, json_integer(store_col_int(st, 4)));
			break;
		case 2:
			json_array_append_new(langs, S(7));
			break;
		case 3:   /* the keys in the order the API has always given them */
			json_object_set_new(vetting, store_col_text(st, 7),
			    json_pack("{s:o, s:o, s:o, s:o, s:o}", "outcome", S(8), "decided_by", N(4),
			              "decided_by_name", S(9), "decided_at", S(10), "notes", S(11)));
			break;
		default:
			json_array_append_new(liaisons,
			    json_pack("{s:o, s:o, s:o, s:b, s:o, s:o}", "id", N(4), "user_id", N(5), "user_name", S(7),
			              "user_active", store_col_int(st, 6) != 0, "role", S(8), "started_at", S(9)));
		}
	}
#undef N
#undef S
	store_reset(st);
	json_object_set_new(p, "demographic_group_ids", ids);
	json_object_set_new(p, "languages", langs);
	json_object_set_new(p, "vetting", vetting);
	json_object_set_new(p, "liaisons", liaisons);
	if (rc != STORE_DONE) {
		json_decref(p);
		return NULL;
	}
	return p;
}

/* The text full-text search finds a partner by. */
static void partner_index(store_conn *c, int64_t office_id, json_t *p)
{
	buf body = BUF_INIT;
	const char *keys[] = {"notes", "address", "website", "subtype", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *s = json_string_value(json_object_get(p, keys[i]));
		if (s) buf_printf(&body, "%s\n", s);
	}
	const char *lists[] = {"shared_goals", "tags", "languages", NULL};
	for (int i = 0; lists[i]; i++) {
		size_t k;
		json_t *e;
		json_array_foreach(json_object_get(p, lists[i]), k, e) buf_printf(&body, "%s\n", json_string_value(e));
	}
	store_index_put(c, office_id, "partner", json_integer_value(json_object_get(p, "id")),
	                json_string_value(json_object_get(p, "name")), body.data);
	buf_free(&body);
}


/* Checks a complete partner object (a new one, or the current one with the
** edits merged in).  Checks that group ids belong to the office too. */
static void partner_validate(valid *v, store_conn *c, int64_t office_id, json_t *o, partner_in *in)
{
	jf_string(v, o, "name", true, 200, &in->name);
	jf_enum(v, o, "kind", true, partner_kinds, &in->kind);
	jf_enum(v, o, "subtype", true, partner_subtypes, &in->subtype);
	jf_enum(v, o, "status", false, partner_statuses, &in->status);
	if (jf_string(v, o, "website", false, 500, &in->website) && in->website &&
	    !str_starts(in->website, "https://") && !str_starts(in->website, "http://"))
		valid_fail(v, "website", "validation.url", "website must start with https:// or http://.");
	jf_string(v, o, "address", false, 500, &in->address);
	jf_string(v, o, "notes", false, 20000, &in->notes);
	jf_string(v, o, "status_note", false, 2000, &in->status_note);
	jf_string_array(v, o, "shared_goals", 30, 300, &in->shared_goals);
	jf_string_array(v, o, "tags", 30, 60, &in->tags);
	jf_int(v, o, "cadence_days", false, 7, 730, &in->cadence_days, &in->has_cadence);
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
	const char *fits = in->subtype ? partner_subtype_kind(in->subtype) : NULL;
	if (in->kind && fits && strcmp(fits, in->kind) != 0)
		valid_fail(v, "subtype", "validation.subtype_kind", "A %s partner is %s, not %s.", in->subtype,
		           fits, in->kind);
}

static int partner_write_lists(store_conn *c, int64_t office_id, int64_t id, json_t *groups,
                               json_t *langs)
{
	size_t i;
	json_t *e;
	if (groups) {
		if (store_exec(c, "DELETE FROM partner_groups WHERE office_id = ? AND partner_id = ?", "ii",
		               office_id, id) < 0)
			return STORE_ERROR;
		json_array_foreach(groups, i, e) {
			int rc = store_exec(c, "INSERT INTO partner_groups(office_id, partner_id, group_id) VALUES (?, ?, ?)",
			                    "iij", office_id, id, e);
			if (rc < 0) return rc;
		}
	}
	if (langs) {
		if (store_exec(c, "DELETE FROM partner_languages WHERE office_id = ? AND partner_id = ?", "ii",
		               office_id, id) < 0)
			return STORE_ERROR;
		json_array_foreach(langs, i, e) {
			int rc = store_exec(c, "INSERT INTO partner_languages(office_id, partner_id, language) VALUES (?, ?, ?)",
			                    "iij", office_id, id, e);
			if (rc < 0) return rc;
		}
	}
	return STORE_OK;
}

static int status_history_add(store_conn *c, int64_t office_id, int64_t partner_id, const char *from,
                              const char *to, int64_t user_id, const char *note, const char *now)
{
	int rc = store_exec(c,
	    "INSERT INTO partner_status_history(office_id, partner_id, from_status, to_status, at, user_id, note)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "iitttIt", office_id, partner_id, from, to, now, user_id, note);
	return rc < 0 ? rc : STORE_OK;
}

/* Whether both reviews passed. */
static bool vetting_passed(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_int(c, 0,
	           "SELECT COUNT(*) FROM partner_vetting WHERE office_id = ? AND partner_id = ? AND outcome = 'passed'",
	           "ii", office_id, id) == 2;
}

/* Creates a partner from a validated body inside the caller's transaction;
** returns the id or a negative store error.  Shared with the importer. */
int64_t partner_insert(store_conn *c, const audit_actor *who, json_t *body, const partner_in *in)
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	const char *status = in->status ? in->status : "prospect";
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO partners(office_id, name, kind, subtype, status, website, address, shared_goals, tags,"
	    " notes, cadence_days, created_at, updated_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, '[]'), coalesce(?, '[]'), ?, ?, ?, ?, ?) RETURNING id",
	    "ittttttjjtjttI", who->office_id, in->name, in->kind, in->subtype, status, in->website,
	    in->address, in->shared_goals, in->tags, in->notes,
	    in->has_cadence ? json_object_get(body, "cadence_days") : NULL, now, now, who->user_id);
	if (!row) return rc < 0 ? rc : STORE_ERROR;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	if ((rc = partner_write_lists(c, who->office_id, id, in->group_ids, in->languages)) != STORE_OK) return rc;
	if ((rc = status_history_add(c, who->office_id, id, NULL, status, who->user_id, in->status_note, now)) != STORE_OK)
		return rc;
	for (int i = 0; vetting_aspects[i]; i++)
		if (store_exec(c, "INSERT INTO partner_vetting(office_id, partner_id, aspect) VALUES (?, ?, ?)",
		               "iit", who->office_id, id, vetting_aspects[i]) < 0)
			return STORE_ERROR;
	json_t *after = partner_load(c, who->office_id, id);
	partner_index(c, who->office_id, after);
	rc = audit_record(c, who, "create", "partner", id, NULL, after);
	json_decref(after);
	return rc == STORE_OK ? id : rc;
}

/* Validates a new partner body; used by POST and the importer. */
bool partner_check_new(valid *v, store_conn *c, int64_t office_id, json_t *body, partner_in *in)
{
	memset(in, 0, sizeof *in);
	jf_known_keys(v, body, partner_fields);
	partner_validate(v, c, office_id, body, in);
	if (in->status && strcmp(in->status, "prospect") != 0 && strcmp(in->status, "vetting") != 0)
		valid_fail(v, "status", "validation.status",
		           "A new partner starts as a prospect or in vetting; it becomes active once vetting passes.");
	return valid_ok(v);
}

void api_partner_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	valid v = {0};
	partner_in in;
	if (!partner_check_new(&v, c, r->caller.office_id, body, &in)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	audit_actor who = audit_actor_of(r);
	int64_t id = partner_insert(c, &who, body, &in);
	if (id < 0) return api_fail(r, (int)id);
	api_commit_reply(r, 201, partner_load(c, r->caller.office_id, id));
}

void api_partner_get(http_req *r) { api_get_reply(r, partner_load); }

json_t *partner_update(store_conn *c, const audit_actor *who, int64_t id, json_t *before, const partner_in *in,
                       int *rc)
{
	int64_t office = who->office_id;
	const char *old_status = json_string_value(json_object_get(before, "status"));
	const char *status = in->status ? in->status : old_status;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	*rc = store_exec(c,
	    "UPDATE partners SET name = ?, kind = ?, subtype = ?, status = ?, website = ?, address = ?,"
	    " shared_goals = coalesce(?, '[]'), tags = coalesce(?, '[]'), notes = ?, cadence_days = ?,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "ttttttjjtItii", in->name, in->kind, in->subtype, status, in->website, in->address, in->shared_goals,
	    in->tags, in->notes, in->has_cadence ? in->cadence_days : (int64_t)0, now, office, id);
	if (*rc == 0) *rc = STORE_BUSY;   /* cannot happen inside the write transaction */
	if (*rc > 0) *rc = partner_write_lists(c, office, id, in->group_ids, in->languages);
	if (*rc == STORE_OK && !str_eq(old_status, status))
		*rc = status_history_add(c, office, id, old_status, status, who->user_id, in->status_note, now);
	if (*rc != STORE_OK) return NULL;
	json_t *after = partner_load(c, office, id);
	if (!after) {
		*rc = STORE_ERROR;
		return NULL;
	}
	partner_index(c, office, after);
	/* Contacts and interactions are found by their partner's name too. */
	if (!json_equal(json_object_get(before, "name"), json_object_get(after, "name")))
		*rc = registry_partner_reindex(c, office, id);
	if (*rc == STORE_OK) *rc = audit_record(c, who, "update", "partner", id, before, after);
	if (*rc != STORE_OK) {
		json_decref(after);
		return NULL;
	}
	return after;
}

void api_partner_update(http_req *r)
{
	api_edit e;
	if (!api_edit_begin(r, &e, partner_fields, partner_load)) return;
	partner_in in = {0};
	partner_validate(&e.v, e.c, e.office_id, e.merged, &in);
	const char *old_status = json_string_value(json_object_get(e.before, "status"));
	if (in.status && !partner_status_transition_ok(old_status, in.status))
		valid_fail(&e.v, "status", "validation.status_transition", "A partner cannot go from %s to %s.",
		           old_status, in.status);
	else if (in.status && strcmp(in.status, "active") == 0 && strcmp(old_status, "active") != 0 &&
	         !vetting_passed(e.c, e.office_id, e.id))
		valid_fail(&e.v, "status", "validation.vetting_required",
		           "Both the legal review and the operational review must pass before the partner becomes active.");
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	/* The lists are rewritten only when the body names them. */
	if (!json_object_get(e.body, "demographic_group_ids")) in.group_ids = NULL;
	if (!json_object_get(e.body, "languages")) in.languages = NULL;
	audit_actor who = audit_actor_of(r);
	int rc;
	json_t *after = partner_update(e.c, &who, e.id, e.before, &in, &rc);
	api_edit_free(&e);
	if (!after) return api_fail(r, rc);
	api_commit_reply(r, 200, after);
}

void api_partner_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, partner_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	int rc = store_exec(c, "DELETE FROM partners WHERE office_id = ? AND id = ?", "ii", office, id);
	if (rc >= 0) rc = store_index_delete(c, office, "partner", id);
	api_audit_commit(r, rc, "delete", "partner", id, before, NULL, 204);
}

/* The LIKE pattern that finds a tag inside the tags column (a JSON array
** as text): the tag as a JSON string, quotes included, so "vote" does not
** match "voter"; lower-cased (the query lower-cases the column: ASCII case
** does not matter, on SQLite and PostgreSQL alike, whose LIKE differ); the
** LIKE wildcards and the escape character escaped by '\'.  tag must be
** valid UTF-8.  Caller frees. */
static char *tag_pattern(const char *tag)
{
	json_t *quoted = json_string(tag);
	char *q = json_dumps(quoted, JSON_ENCODE_ANY);
	json_decref(quoted);
	buf b = BUF_INIT;
	buf_putc(&b, '%');
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\') buf_putc(&b, '\\');
		buf_putc(&b, (char)tolower((unsigned char)*p));
	}
	buf_putc(&b, '%');
	free(q);
	return buf_take(&b);
}

/* The partner list's statements: [order][0] the first page (?8 the
** limit), [order][1] a page after a cursor (?8, ?9 its values, ?10 the
** limit).  Orders: 0 by name with kind and status given (equalities the
** (office_id, kind, status, name, id) index answers in order), 1 by name,
** 2 by name descending, 3 by updated_at descending.  ?2..?7 are the
** filters: kind, status, subtype, group, language, tag. */
#define PARTNER_LIST_SELECT \
	"SELECT id, name, kind, subtype, status, website, tags AS tags_json, last_interaction_on," \
	" updated_at, version FROM partners p WHERE office_id = ?1"
#define PARTNER_LIST_KIND_STATUS " AND kind = ?2 AND status = ?3"
#define PARTNER_LIST_ANY_KIND_STATUS " AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR status = ?3)"
#define PARTNER_LIST_FILTERS \
	" AND (?4 IS NULL OR subtype = ?4)" \
	" AND (?5 IS NULL OR EXISTS (SELECT 1 FROM partner_groups g WHERE g.partner_id = p.id AND g.group_id = ?5))" \
	" AND (?6 IS NULL OR EXISTS (SELECT 1 FROM partner_languages l WHERE l.partner_id = p.id AND l.language = ?6))" \
	" AND (?7 IS NULL OR lower(tags) LIKE ?7 ESCAPE '\\')"
static const char *const partner_list_sql[4][2] = {
	{PARTNER_LIST_SELECT PARTNER_LIST_KIND_STATUS PARTNER_LIST_FILTERS " ORDER BY name, id LIMIT ?8",
	 PARTNER_LIST_SELECT PARTNER_LIST_KIND_STATUS PARTNER_LIST_FILTERS
	 " AND (name, id) > (?8, ?9) ORDER BY name, id LIMIT ?10"},
	{PARTNER_LIST_SELECT PARTNER_LIST_ANY_KIND_STATUS PARTNER_LIST_FILTERS " ORDER BY name, id LIMIT ?8",
	 PARTNER_LIST_SELECT PARTNER_LIST_ANY_KIND_STATUS PARTNER_LIST_FILTERS
	 " AND (name, id) > (?8, ?9) ORDER BY name, id LIMIT ?10"},
	{PARTNER_LIST_SELECT PARTNER_LIST_ANY_KIND_STATUS PARTNER_LIST_FILTERS " ORDER BY name DESC, id DESC LIMIT ?8",
	 PARTNER_LIST_SELECT PARTNER_LIST_ANY_KIND_STATUS PARTNER_LIST_FILTERS
	 " AND (name, id) < (?8, ?9) ORDER BY name DESC, id DESC LIMIT ?10"},
	{PARTNER_LIST_SELECT PARTNER_LIST_ANY_KIND_STATUS PARTNER_LIST_FILTERS
	 " ORDER BY updated_at DESC, id DESC LIMIT ?8",
	 PARTNER_LIST_SELECT PARTNER_LIST_ANY_KIND_STATUS PARTNER_LIST_FILTERS
	 " AND (updated_at, id) < (?8, ?9) ORDER BY updated_at DESC, id DESC LIMIT ?10"},
};

void api_partner_list(http_req *r)
{
	static const char *const sorts[] = {"name", "-name", "-updated_at", NULL};
	const char *kind, *status, *subtype, *sort, *language, *tag;
	int64_t group_id;
	int limit;
	json_t *cursor;
	if (!api_query_enum(r, "kind", partner_kinds, &kind) ||
	    !api_query_enum(r, "status", partner_statuses, &status) ||
	    !api_query_enum(r, "subtype", partner_subtypes, &subtype) ||
	    !api_query_enum(r, "sort", sorts, &sort) || !api_query_id(r, "group_id", &group_id))
		return;
	language = http_query(r, "language");
	tag = http_query(r, "tag");
	if (tag && !utf8_valid(tag, strlen(tag)))
		return http_reply_error(r, 422, "validation.type", "tag", "tag must be text in UTF-8.");
	if (!api_page_params(r, &limit, &cursor)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	/* One literal per sort order and page: ORDER BY cannot be a parameter,
	** SQL is never assembled from input, and a later page seeks straight to
	** the cursor with a row-value comparison the index answers (an "?8 IS
	** NULL OR ..." condition would make SQLite walk the index from the
	** office's first row to the cursor, slower with every page). */
	int order = !sort || strcmp(sort, "name") == 0 ? (kind && status ? 0 : 1) : strcmp(sort, "-name") == 0 ? 2 : 3;
	const char *k1 = order == 3 ? "updated_at" : "name";
	const char *sql = partner_list_sql[order][cursor ? 1 : 0];
	char *tag_like = tag ? tag_pattern(tag) : NULL;
	/* The page is written straight from the rows (store_query_write): the
	** same JSON api_page would give, without building it first. */
	buf page = BUF_INIT;
	bool more;
	json_t *last;
	buf_puts(&page, "{\"items\":");
	int rc = cursor ?
	    store_query_write(c, &page, limit, &more, &last, sql, "itttIttjjd", r->caller.office_id, kind, status,
	                      subtype, group_id, language, tag_like, json_array_get(cursor, 0), json_array_get(cursor, 1),
	                      limit + 1) :
	    store_query_write(c, &page, limit, &more, &last, sql, "itttIttd", r->caller.office_id, kind, status,
	                      subtype, group_id, language, tag_like, limit + 1);
	free(tag_like);
	json_decref(cursor);
	if (rc != STORE_OK) {
		buf_free(&page);
		return api_fail(r, rc);
	}
	api_read_reply_page(r, &page, more ? last : NULL, k1, "id");
	json_decref(last);
}

void api_partner_status_history(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii",
	                     r->caller.office_id, id))
		return api_not_found(r);
	json_t *rows = store_query_rows(c, NULL,
	    "SELECT h.from_status, h.to_status, h.at, h.user_id, u.name AS user_name, h.note"
	    " FROM partner_status_history h LEFT JOIN users u ON u.id = h.user_id"
	    " WHERE h.office_id = ? AND h.partner_id = ? ORDER BY h.at, h.id",
	    "ii", r->caller.office_id, id);
	api_read_reply(r, json_pack("{s:o}", "items", rows ? rows : json_array()));
}

/* PUT /partners/{id}/vetting/{aspect}: records a review decision. */
void api_partner_vetting_put(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	const char *aspect = r->params[1];
	if (!enum_has(vetting_aspects, aspect))
		return http_reply_error(r, 404, "not_found", NULL, "Vetting has two parts: legal and operational.");
	json_t *body = json_body_object(r);
	if (!body) return;
	static const char *const fields[] = {"outcome", "notes", NULL};
	valid v = {0};
	const char *outcome, *notes;
	jf_known_keys(&v, body, fields);
	jf_enum(&v, body, "outcome", true, vetting_outcomes, &outcome);
	jf_string(&v, body, "notes", false, 5000, &notes);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, partner_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(c,
	    "UPDATE partner_vetting SET outcome = ?, notes = ?, decided_by = ?, decided_at = ?"
	    " WHERE office_id = ? AND partner_id = ? AND aspect = ?",
	    "ttItiit", outcome, notes, strcmp(outcome, "pending") ? r->caller.user_id : 0,
	    strcmp(outcome, "pending") ? now : NULL, office, id, aspect);
	if (rc >= 0) rc = store_exec(c, "UPDATE partners SET updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	                             "tii", now, office, id);
	/* A failed review stops an active partnership from standing on it. */
	json_t *after = rc >= 0 ? partner_load(c, office, id) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "update", "partner_vetting", id, json_object_get(before, "vetting"),
	                             json_object_get(after, "vetting"));
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}

int partner_touch(store_conn *c, int64_t office_id, int64_t partner_id)
{
	char today[ISO_TIME_LEN];
	time_now_iso(today);
	today[10] = 0;
	int rc = store_exec(c,
	    "UPDATE partners SET last_interaction_on = (SELECT max(occurred_on) FROM interactions"
	    "   WHERE office_id = ?1 AND partner_id = ?2 AND type <> 'handover' AND occurred_on <= ?3)"
	    " WHERE office_id = ?1 AND id = ?2",
	    "iit", office_id, partner_id, today);
	return rc < 0 ? rc : STORE_OK;
}

/* Rewrites a partner's search document after a change made outside this
** file (the importer's updates). */
void partner_reindex(store_conn *c, int64_t office_id, json_t *p) { partner_index(c, office_id, p); }
