/*
** api_groups.c: the office's own list of demographic groups (language
** communities, young voters, seniors, ...), each with its share of the
** jurisdiction's population where known, and how many active partners
** reach it.
**
** Guarantees: names are unique per office regardless of case (409
** conflict.duplicate naming the existing group); every write is one
** transaction with its audit entry; deleting a group removes it from the
** partners that listed it (the partners stay).
*/
#include "api.h"
#include "domain.h"
#include "handlers.h"

#include <string.h>

static const char *const group_fields[] = {"name", "category", "language", "population_share", "notes",
                                           "version", NULL};

typedef struct group_in {
	const char *name, *category, *language, *notes;
	double share;
	bool has_share;
} group_in;

static json_t *group_load(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT g.id, g.name, g.category, g.language, g.population_share, g.notes,"
	    " (SELECT COUNT(*) FROM partner_groups pg JOIN partners p ON p.id = pg.partner_id"
	    "   WHERE pg.office_id = g.office_id AND pg.group_id = g.id AND p.status = 'active') AS active_partner_count,"
	    " (SELECT COUNT(*) FROM partner_groups pg WHERE pg.office_id = g.office_id AND pg.group_id = g.id)"
	    "   AS partner_count,"
	    " g.created_at, g.updated_at, g.version FROM demographic_groups g WHERE g.office_id = ? AND g.id = ?",
	    "ii", office_id, id);
}

static void group_validate(valid *v, json_t *o, group_in *in)
{
	jf_string(v, o, "name", true, 200, &in->name);
	jf_enum(v, o, "category", false, group_categories, &in->category);
	if (jf_string(v, o, "language", false, 35, &in->language) && in->language &&
	    !language_tag_valid(in->language))
		valid_fail(v, "language", "validation.language", "language must be a code such as es, vi or zh-Hant.");
	jf_real(v, o, "population_share", false, 0.0, 1.0, &in->share, &in->has_share);
	jf_string(v, o, "notes", false, 5000, &in->notes);
	if (!in->category) in->category = "other";
}

/* Replies 409 and returns true when another group of the office has the name. */
static bool group_name_taken(http_req *r, store_conn *c, const char *name, int64_t self)
{
	int64_t other = store_query_int(c, 0,
	    "SELECT id FROM demographic_groups WHERE office_id = ? AND lower(name) = lower(?) AND id <> ?",
	    "iti", r->caller.office_id, name, self);
	if (!other) return false;
	store_rollback(c);
	json_t *err = json_pack("{s:s, s:s, s:s, s:I}", "code", "conflict.duplicate", "message",
	                        "The office already has a demographic group with this name.", "field", "name",
	                        "existing_id", (json_int_t)other);
	http_reply_json(r, 409, json_pack("{s:o}", "error", err));
	return true;
}

void api_group_list(http_req *r)
{
	const char *category;
	if (!api_query_enum(r, "category", group_categories, &category)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT g.id, g.name, g.category, g.language, g.population_share, g.notes,"
	    " (SELECT COUNT(*) FROM partner_groups pg JOIN partners p ON p.id = pg.partner_id"
	    "   WHERE pg.office_id = g.office_id AND pg.group_id = g.id AND p.status = 'active') AS active_partner_count,"
	    " g.updated_at, g.version FROM demographic_groups g WHERE g.office_id = ?1"
	    " AND (?2 IS NULL OR g.category = ?2) ORDER BY g.name, g.id",
	    "it", r->caller.office_id, category);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}

void api_group_get(http_req *r) { api_get_reply(r, group_load); }

void api_group_create(http_req *r)
{
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	group_in in = {0};
	jf_known_keys(&v, body, group_fields);
	if (json_object_get(body, "version"))
		valid_fail(&v, "version", "validation.unknown_field", "A new group has no version yet.");
	group_validate(&v, body, &in);
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	if (group_name_taken(r, c, in.name, 0)) return;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO demographic_groups(office_id, name, category, language, population_share, notes,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "itttjttt", r->caller.office_id, in.name, in.category, in.language,
	    in.has_share ? json_object_get(body, "population_share") : NULL, in.notes, now, now);
	if (!row) return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	api_audit_commit(r, STORE_OK, "create", "demographic_group", id, NULL, group_load(c, r->caller.office_id, id), 201);
}

void api_group_update(http_req *r)
{
	api_edit e;
	if (!api_edit_begin(r, &e, group_fields, group_load)) return;
	group_in in = {0};
	group_validate(&e.v, e.merged, &in);
	if (!valid_ok(&e.v)) return api_edit_invalid(r, &e);
	if (group_name_taken(r, e.c, in.name, e.id)) return api_edit_abandon(&e);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc = store_exec(e.c,
	    "UPDATE demographic_groups SET name = ?, category = ?, language = ?, population_share = ?, notes = ?,"
	    " updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	    "tttjttii", in.name, in.category, in.language,
	    in.has_share ? json_object_get(e.merged, "population_share") : NULL, in.notes, now, e.office_id, e.id);
	api_edit_finish(r, &e, rc, "demographic_group", rc >= 0 ? group_load(e.c, e.office_id, e.id) : NULL);
}

void api_group_delete(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *before;
	store_conn *c = api_begin_load(r, STORE_WRITE, group_load, id, &before);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *partners = store_query_rows(c, NULL,
	    "SELECT partner_id FROM partner_groups WHERE office_id = ? AND group_id = ? ORDER BY partner_id", "ii",
	    office, id);
	if (partners) json_object_set_new(before, "partner_ids", partners);
	int rc = store_exec(c, "DELETE FROM partner_groups WHERE office_id = ? AND group_id = ?", "ii", office, id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM demographic_groups WHERE office_id = ? AND id = ?", "ii", office, id);
	api_audit_commit(r, rc, "delete", "demographic_group", id, before, NULL, 204);
}
