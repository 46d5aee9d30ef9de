/*
** api_import.c: POST /api/v1/import/partners and /api/v1/import/contacts:
** a CSV body (text/csv), options in the query (dry_run, partial,
** on_duplicate, map).  The import itself is import.c's; this answers its
** report as JSON (200, with "written" saying whether anything was saved),
** or a refused file as an error naming the line (413 too large, 422).
** Coordinators and up; records land in the caller's office only.
*/
#include "api.h"
#include "handlers.h"
#include "import.h"

#include <string.h>

/* A yes/no query flag; replies 422 and returns false on anything else. */
static bool query_flag(http_req *r, const char *name, bool *out)
{
	const char *v = http_query(r, name);
	*out = false;
	if (!v || str_eq(v, "0") || str_eq(v, "false") || str_eq(v, "no")) return true;
	if (str_eq(v, "1") || str_eq(v, "true") || str_eq(v, "yes") || !*v) {
		*out = true;
		return true;
	}
	http_reply_error(r, 422, "validation.type", name, "%s must be 1 or 0 (true or false).", name);
	return false;
}

static void import_reply(http_req *r, enum import_kind kind)
{
	static const char *const dups[] = {"skip", "update", NULL};
	import_opts o = {.kind = kind};
	const char *dup;
	if (!query_flag(r, "dry_run", &o.dry_run) || !query_flag(r, "partial", &o.partial) ||
	    !api_query_enum(r, "on_duplicate", dups, &dup))
		return;
	if (dup) import_dup_parse(dup, &o.on_duplicate);
	o.map = http_query(r, "map");
	if (o.map && strlen(o.map) > 4000)
		return http_reply_error(r, 422, "validation.length", "map", "map must be at most 4000 characters.");
	if (o.map && !utf8_valid(o.map, strlen(o.map)))
		return http_reply_error(r, 422, "validation.format", "map", "map must be text (UTF-8).");
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	audit_actor who = audit_actor_of(r);
	import_outcome out;
	int rc = import_run(c, &who, r->body.data ? r->body.data : "", r->body.len, &o, &out);
	if (rc != STORE_OK) return api_fail(r, rc);
	if (out.refused) {
		store_rollback(c);
		json_object_set_new(out.report, "field", json_null());
		return http_reply_json(r, out.refused, json_pack("{s:o}", "error", out.report));
	}
	if (out.commit) api_commit_reply(r, 200, out.report);
	else api_read_reply(r, out.report);   /* rolls back: a dry run, or failed rows without partial */
}

void api_import_partners(http_req *r) { import_reply(r, IMPORT_PARTNERS); }
void api_import_contacts(http_req *r) { import_reply(r, IMPORT_CONTACTS); }
