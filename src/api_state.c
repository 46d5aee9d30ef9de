/*
** api_state.c: the state view.  A user with the state role (whose office is
** the state's own) sees aggregate figures for every office that opted in
** (offices.state_opt_in = 1): counts, never records, names of people or
** anything an office wrote.
**
** The figures come from one read-only STORE_STATE transaction, begun with
** no office: on PostgreSQL row-level security then lets it SELECT the rows
** of opted-in offices and nothing else (policy state_read, see
** docs/POSTGRES.md), and one snapshot serves every figure.  Each query
** below also filters on state_opt_in itself, so SQLite, which has no
** row-level security, gives the same answer.
**
** Adding a figure (feedback volumes, misconception response times): write
** a section function that reads per-office aggregates and sets its key on
** each office object, and add it to the sections table.
*/
#include "api.h"
#include "domain.h"
#include "handlers.h"

#include <string.h>

/* offices: office id (as a decimal string) -> the office's object. */
typedef int (*state_section)(store_conn *c, json_t *offices, const char *since);

static json_t *office_of(json_t *offices, int64_t id)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	return json_object_get(offices, key);
}

/* Counts of each value of a vocabulary, zeros included, from rows of
** (office_id, value, n). */
static int add_counts(store_conn *c, json_t *offices, const char *sql, const char *section,
                      const char *key, const char *const *vocabulary)
{
	json_t *o;
	const char *k;
	json_object_foreach(offices, k, o) {
		json_t *sec = json_object_get(o, section);
		json_t *counts = json_object();
		for (int i = 0; vocabulary[i]; i++) json_object_set_new(counts, vocabulary[i], json_integer(0));
		json_object_set_new(sec, key, counts);
	}
	store_stmt *st = store_prepare(c, sql);
	if (!st) return STORE_ERROR;
	store_bind(st, "");
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		json_t *office = office_of(offices, store_col_int(st, 0));
		const char *value = store_col_text(st, 1);
		if (!office || !value) continue;
		json_t *counts = json_object_get(json_object_get(office, section), key);
		json_object_set_new(counts, value, json_integer(store_col_int(st, 2)));
	}
	store_reset(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

static int section_partners(store_conn *c, json_t *offices, const char *since)
{
	(void)since;
	json_t *o;
	const char *k;
	json_object_foreach(offices, k, o) json_object_set_new(o, "partners", json_pack("{s:i}", "total", 0));
	int rc = add_counts(c, offices,
	    "SELECT p.office_id, p.status, COUNT(*) FROM partners p JOIN offices o ON o.id = p.office_id"
	    " WHERE o.state_opt_in = 1 GROUP BY p.office_id, p.status",
	    "partners", "by_status", partner_statuses);
	if (rc == STORE_OK)
		rc = add_counts(c, offices,
		    "SELECT p.office_id, p.kind, COUNT(*) FROM partners p JOIN offices o ON o.id = p.office_id"
		    " WHERE o.state_opt_in = 1 GROUP BY p.office_id, p.kind",
		    "partners", "by_kind", partner_kinds);
	if (rc != STORE_OK) return rc;
	json_object_foreach(offices, k, o) {
		json_t *p = json_object_get(o, "partners");
		json_int_t total = 0;
		const char *s;
		json_t *n;
		json_object_foreach(json_object_get(p, "by_status"), s, n) total += json_integer_value(n);
		json_object_set_new(p, "total", json_integer(total));
	}
	return STORE_OK;
}

/* Coverage: how many of the office's demographic groups an active partner
** reaches, and how many none does (the gaps). */
static int section_coverage(store_conn *c, json_t *offices, const char *since)
{
	(void)since;
	json_t *o;
	const char *k;
	json_object_foreach(offices, k, o)
		json_object_set_new(o, "demographic_groups", json_pack("{s:i, s:i, s:i}", "total", 0,
		                                                       "with_active_partner", 0,
		                                                       "without_active_partner", 0));
	store_stmt *st = store_prepare(c,
	    "SELECT g.office_id, COUNT(*),"
	    "  SUM(CASE WHEN EXISTS (SELECT 1 FROM partner_groups pg JOIN partners p ON p.id = pg.partner_id"
	    "    WHERE pg.group_id = g.id AND p.status = 'active') THEN 1 ELSE 0 END)"
	    " FROM demographic_groups g JOIN offices o ON o.id = g.office_id"
	    " WHERE o.state_opt_in = 1 GROUP BY g.office_id");
	if (!st) return STORE_ERROR;
	store_bind(st, "");
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		json_t *office = office_of(offices, store_col_int(st, 0));
		if (!office) continue;
		int64_t total = store_col_int(st, 1), with = store_col_int(st, 2);
		json_object_set_new(office, "demographic_groups",
		                    json_pack("{s:I, s:I, s:I}", "total", (json_int_t)total, "with_active_partner",
		                              (json_int_t)with, "without_active_partner", (json_int_t)(total - with)));
	}
	store_reset(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

static int section_interactions(store_conn *c, json_t *offices, const char *since)
{
	json_t *o;
	const char *k;
	json_object_foreach(offices, k, o) json_object_set_new(o, "interactions_12_months", json_integer(0));
	store_stmt *st = store_prepare(c,
	    "SELECT i.office_id, COUNT(*) FROM interactions i JOIN offices o ON o.id = i.office_id"
	    " WHERE o.state_opt_in = 1 AND i.occurred_on >= ? GROUP BY i.office_id");
	if (!st) return STORE_ERROR;
	store_bind(st, "t", since);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		json_t *office = office_of(offices, store_col_int(st, 0));
		if (office) json_object_set_new(office, "interactions_12_months", json_integer(store_col_int(st, 1)));
	}
	store_reset(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

static const state_section sections[] = {
	section_partners,
	section_coverage,
	section_interactions,
	/* -- feedback volumes, misconception response times: add here -- */
};

void api_state_summary(http_req *r)
{
	store_conn *c = http_db(r);
	if (!c) return;
	int rc = store_begin(c, 0, STORE_STATE);
	if (rc != STORE_OK) return http_reply_store_error(r, rc);
	char now[ISO_TIME_LEN], since[ISO_TIME_LEN];
	time_now_iso(now);
	time_iso_from_epoch(time_now_secs() - 365 * 86400, since);
	since[10] = 0;   /* the date */
	json_t *list = store_query_rows(c, &rc,
	    "SELECT id, name, slug, timezone FROM offices WHERE state_opt_in = 1 ORDER BY name, id", "");
	if (!list) return api_fail(r, rc);
	json_t *offices = json_object();
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
		json_object_set(offices, key, o);
	}
	for (size_t s = 0; s < countof(sections) && rc >= 0; s++) rc = sections[s](c, offices, since);
	json_decref(offices);
	if (rc < 0) {
		json_decref(list);
		return api_fail(r, rc);
	}
	api_read_reply(r, json_pack("{s:s, s:s, s:o}", "generated_at", now, "since", since, "offices", list));
}
