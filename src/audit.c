/*
** audit.c: writes audit_log rows (see audit.h).  The table refuses updates
** and deletes (triggers in sql/001_foundation.sql), so the log is append-only
** even against a bug here.
*/
#include "audit.h"

#include <stdlib.h>

audit_actor audit_actor_of(const http_req *r)
{
	audit_actor a = {
		.office_id = r->caller.office_id,
		.user_id = r->caller.user_id,
		.actor = r->caller.user_id ? r->caller.email : "public",
		.request_id = r->request_id,
	};
	return a;
}

int audit_record(store_conn *c, const audit_actor *who, const char *action, const char *entity,
                 int64_t entity_id, json_t *before, json_t *after)
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = store_exec(c,
	                    "INSERT INTO audit_log(office_id, user_id, actor, at, action, entity, entity_id,"
	                    " before_json, after_json, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                    "iIttttIttt", who->office_id, who->user_id, who->actor, now, action, entity,
	                    entity_id, b, a, who->request_id);
	free(b);
	free(a);
	return rc < 0 ? rc : STORE_OK;
}
