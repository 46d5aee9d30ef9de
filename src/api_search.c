/*
** api_search.c: GET /api/v1/search?q=&type=&limit=, full-text search over
** the office's partners, contacts and interactions (the documents are kept
** by the handlers that write those records, through store_index_put).
**
** Guarantees: only the caller's office's documents are searched; whatever
** is typed is safe (the backend turns it into terms, and an empty or
** symbol-only query finds nothing rather than failing); a document whose
** record is gone (say, an interaction removed with its partner) is not
** shown.
*/
#include "api.h"
#include "handlers.h"

#include <string.h>

static const char *const search_types[] = {"partner", "contact", "interaction", NULL};

/* Whether the record a search document points at still exists. */
static bool still_there(store_conn *c, int64_t office_id, const char *entity, json_t *id)
{
	if (strcmp(entity, "partner") == 0)
		return store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ij", office_id, id);
	if (strcmp(entity, "contact") == 0)
		return store_query_int(c, 0, "SELECT 1 FROM contacts WHERE office_id = ? AND id = ?", "ij", office_id, id);
	if (strcmp(entity, "interaction") == 0)
		return store_query_int(c, 0, "SELECT 1 FROM interactions WHERE office_id = ? AND id = ?", "ij", office_id,
		                       id);
	return true;   /* other modules' documents: theirs to keep */
}

void api_search(http_req *r)
{
	const char *q = http_query(r, "q");
	const char *type;
	if (!api_query_enum(r, "type", search_types, &type)) return;
	int64_t limit = 20;
	const char *l = http_query(r, "limit");
	if (l && (!str_parse_int64(l, &limit) || limit < 1 || limit > 50))
		return http_reply_error(r, 422, "validation.range", "limit", "limit must be a whole number from 1 to 50.");
	if (!q) q = "";
	if (!utf8_valid(q, strlen(q)))
		return http_reply_error(r, 422, "validation.format", "q", "q must be text (UTF-8).");
	if (utf8_chars(q) > 200)
		return http_reply_error(r, 422, "validation.length", "q", "q must be at most 200 characters.");
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *found = json_array();
	int rc = store_search(c, r->caller.office_id, q, type, (int)limit, found);
	if (rc != STORE_OK) {
		json_decref(found);
		return api_fail(r, rc);
	}
	json_t *items = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(found, i, e) {
		const char *entity = json_string_value(json_object_get(e, "entity"));
		if (entity && still_there(c, r->caller.office_id, entity, json_object_get(e, "id")))
			json_array_append(items, e);
	}
	json_decref(found);
	api_read_reply(r, json_pack("{s:o}", "items", items));
}
