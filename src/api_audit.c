/*
** api_audit.c: reading the office's audit log (directors and admins):
** newest first, filtered by entity, record, user, action and a date range
** (inclusive, UTC), a page at a time.  The log itself is written by
** audit.c and cannot be changed (triggers refuse it).
*/
#include "api.h"
#include "handlers.h"

#include <string.h>

/* A free-text filter of at most max characters: entity or action names. */
static bool query_word(http_req *r, const char *name, size_t max, const char **out)
{
	const char *s = http_query(r, name);
	*out = NULL;
	if (!s) return true;
	bool ok = *s && strlen(s) <= max;
	for (const char *p = s; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		     *p == '-' || *p == '.';
	if (!ok) {
		http_reply_error(r, 422, "validation.format", name,
		                 "%s must be a name such as partner or update (letters, digits, _ - .; at most %zu).",
		                 name, max);
		return false;
	}
	*out = s;
	return true;
}

void api_audit_list(http_req *r)
{
	const char *entity, *action, *from, *to;
	int64_t entity_id, user_id;
	int limit;
	json_t *cursor;
	if (!query_word(r, "entity", 60, &entity) || !query_word(r, "action", 60, &action) ||
	    !api_query_id(r, "entity_id", &entity_id) || !api_query_id(r, "user_id", &user_id) ||
	    !api_query_date(r, "from", &from) || !api_query_date(r, "to", &to))
		return;
	if (from && to && strcmp(from, to) > 0)
		return http_reply_error(r, 422, "validation.range", "to", "to (%s) is before from (%s).", to, from);
	if (!api_page_params(r, &limit, &cursor)) return;
	char lo[ISO_TIME_LEN] = "", hi[ISO_TIME_LEN] = "";
	if (from) snprintf(lo, sizeof lo, "%sT00:00:00Z", from);
	if (to) snprintf(hi, sizeof hi, "%sT23:59:59Z", to);
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) {
		json_decref(cursor);
		return;
	}
	int rc;
	json_t *items = store_query_rows(c, &rc,
	    "SELECT id, at, user_id, actor, action, entity, entity_id, before_json, after_json, request_id"
	    " FROM audit_log WHERE office_id = ?1"
	    " AND (?2 IS NULL OR entity = ?2) AND (?3 IS NULL OR entity_id = ?3) AND (?4 IS NULL OR user_id = ?4)"
	    " AND (?5 IS NULL OR action = ?5) AND (?6 IS NULL OR at >= ?6) AND (?7 IS NULL OR at <= ?7)"
	    " AND (?8 IS NULL OR at < ?8 OR (at = ?8 AND id < ?9))"
	    " ORDER BY at DESC, id DESC LIMIT ?10",
	    "itIIttttjd", r->caller.office_id, entity, entity_id, user_id, action, from ? lo : NULL, to ? hi : NULL,
	    json_string_value(json_array_get(cursor, 0)), json_array_get(cursor, 1), limit + 1);
	json_decref(cursor);
	if (!items) return api_fail(r, rc);
	api_read_reply(r, api_page(items, limit, "at", "id"));
}
