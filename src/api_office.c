/*
** api_office.c: the caller's office: its name, time zone and settings
** (GET for everyone signed in, PATCH for admins).  The settings themselves,
** their defaults and checks are office.c's.
**
** Guarantees: only the caller's own office is read or changed; a change
** names the version it read (409 when stale) and is one transaction with
** its audit entry.
*/
#include "api.h"
#include "feedback_rollup.h"
#include "handlers.h"
#include "office.h"

#include <string.h>

static json_t *office_load(store_conn *c, int64_t office_id)
{
	json_t *o = store_query_row(c, NULL,
	    "SELECT id, name, slug, timezone, settings AS settings_json, state_opt_in AS state_opt_in_bool,"
	    " created_at, version FROM offices WHERE id = ?",
	    "i", office_id);
	if (!o) return NULL;
	json_object_set_new(o, "settings", office_settings_fill(json_object_get(o, "settings"),
	                                                        json_is_true(json_object_get(o, "state_opt_in"))));
	return o;
}

void api_office_get(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *o = office_load(c, r->caller.office_id);
	if (!o) return api_not_found(r);
	api_read_reply(r, o);
}

void api_office_update(http_req *r)
{
	static const char *const fields[] = {"name", "timezone", "settings", "version", NULL};
	json_t *body = json_body_object(r);
	if (!body) return;
	valid v = {0};
	const char *name, *tz;
	jf_known_keys(&v, body, fields);
	if (json_object_get(body, "name")) jf_string(&v, body, "name", true, 200, &name);
	else name = NULL;
	tz = NULL;
	if (json_object_get(body, "timezone") && jf_string(&v, body, "timezone", true, 64, &tz) &&
	    !office_timezone_valid(tz))
		valid_fail(&v, "timezone", "validation.timezone",
		           "\"%s\" is not a time zone this server knows; use an IANA name such as America/Chicago.", tz);
	/* Check the settings now too, so every problem is reported at once
	** (the checks do not depend on what is stored). */
	int opt_in = 0;
	json_t *patch = json_object_get(body, "settings");
	if (patch) json_decref(office_settings_merge(&v, NULL, patch, &opt_in));
	if (!valid_ok(&v)) return valid_reply(r, &v);
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *before = office_load(c, office);
	if (!before) return api_not_found(r);
	if (!api_version_ok(r, body, before)) {
		json_decref(before);
		return;
	}
	json_t *stored = store_query_row(c, NULL, "SELECT settings AS settings_json FROM offices WHERE id = ?", "i",
	                                 office);
	opt_in = json_is_true(json_object_get(before, "state_opt_in"));
	json_t *new_settings = NULL;
	if (patch) new_settings = office_settings_merge(&v, json_object_get(stored, "settings"), patch, &opt_in);
	else new_settings = json_incref(json_object_get(stored, "settings"));
	json_decref(stored);
	if (!valid_ok(&v)) {
		json_decref(before);
		store_rollback(c);
		return valid_reply(r, &v);
	}
	if (!json_is_object(new_settings)) {
		json_decref(new_settings);
		new_settings = json_object();
	}
	int rc = store_exec(c,
	    "UPDATE offices SET name = coalesce(?, name), timezone = coalesce(?, timezone), settings = ?,"
	    " state_opt_in = ?, version = version + 1 WHERE id = ? AND version = ?",
	    "ttjdij", name, tz, new_settings, opt_in, office, json_object_get(body, "version"));
	json_decref(new_settings);
	if (rc == 0) rc = STORE_BUSY;
	/* The feedback rollup is kept by local date: a new zone recounts it. */
	if (rc > 0 && !feedback_rollup_fresh(c, office)) {
		int brc = feedback_rollup_rebuild(c, office);
		if (brc < 0) rc = brc;
	}
	json_t *after = rc > 0 ? office_load(c, office) : NULL;
	audit_actor who = audit_actor_of(r);
	if (after) rc = audit_record(c, &who, "update", "office", office, before, after);
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		return api_fail(r, rc);
	}
	api_commit_reply(r, 200, after);
}
