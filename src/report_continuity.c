/*
** report_continuity.c: the continuity-risk list (every active partner at
** risk, ranked, each with its reasons) and "my relationships" (a staff
** member's partners and follow-ups with what is due), shared by the API
** (api_continuity.c) and the command line (rapport report continuity).
*/
#include "report_continuity.h"
#include "continuity.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define POINTS_MAX 1000   /* beyond any sum of the rules' points (continuity.c) */

typedef struct ranked {
	int idx;
	int points;
	enum cont_band band;
	const char *name;
	int64_t id;
} ranked;

/* Most points first, then the worse band, then by name. */
static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->points != y->points) return y->points - x->points;
	if (x->band != y->band) return (int)y->band - (int)x->band;
	int n = strcmp(x->name, y->name);
	if (n) return n;
	return x->id < y->id ? -1 : x->id > y->id;
}

static json_t *liaison_json(int64_t id, const char *name, bool active)
{
	if (!id) return json_null();
	return json_pack("{s:I, s:s, s:b}", "user_id", (json_int_t)id, "name", name ? name : "", "active", active);
}

static json_t *partner_row(const cont_facts *f, const char *today, int points, enum cont_band band, json_t *reasons)
{
	char due[CONT_DATE_LEN];
	cont_next_due(f, today, due);
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:o, s:s, s:i, s:o}", "partner_id",
	                 (json_int_t)f->id, "name", f->name, "subtype", f->subtype, "status", f->status, "points", points,
	                 "band", cont_band_name(band), "primary_liaison",
	                 liaison_json(f->primary_user, f->primary_name, f->primary_active), "backup_liaison",
	                 liaison_json(f->backup_user, f->backup_name, f->backup_active), "current_contacts", f->contacts,
	                 "last_interaction_on", f->last_touch[0] ? json_string(f->last_touch) : json_null(), "next_due_on",
	                 due, "cadence_days", f->cadence_days, "reasons", reasons);
}

/* How resilient the relationships in l are to one person leaving. */
static json_t *resilience(const cont_facts_list *l)
{
	int backup = 0, several = 0, both = 0, contacts = 0, verified = 0;
	for (int i = 0; i < l->n; i++) {
		const cont_facts *f = &l->items[i];
		bool b = f->backup_user && f->backup_active, m = f->contacts > 1;
		backup += b;
		several += m;
		both += b && m;
		contacts += f->contacts;
		verified += f->contacts_verified;
	}
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "partners", l->n, "with_backup_liaison", backup,
	                 "with_several_contacts", several, "with_backup_and_several_contacts", both, "current_contacts",
	                 contacts, "current_contacts_verified", verified);
}

json_t *continuity_risks(store_conn *c, int64_t office_id, const cont_risk_filter *flt, int *rc)
{
	cont_settings s;
	cont_settings_load(c, office_id, &s);
	char today[CONT_DATE_LEN];
	cont_today(today);
	cont_facts_list l;
	*rc = cont_facts_load(c, office_id, "active", 0, &s, today, &l);
	int verify_after_days = s.verify_after_days;
	cont_settings_free(&s);
	if (*rc != STORE_OK) {
		cont_facts_free(&l);
		return NULL;
	}
	/* Rank on points alone; the reasons' text is written for the rows shown. */
	ranked *rk = xcalloc((size_t)l.n + 1, sizeof *rk);
	int n = 0, overdue = 0, warning = 0;
	int by_code[32] = {0};
	for (int i = 0; i < l.n; i++) {
		const cont_facts *f = &l.items[i];
		if (flt->liaison_user_id && f->primary_user != flt->liaison_user_id && f->backup_user != flt->liaison_user_id)
			continue;
		enum cont_band band;
		unsigned codes;
		int pts = cont_risk_evaluate(f, today, NULL, &band, &codes);
		if (band == CONT_OK) continue;
		for (int k = 0; cont_reason_codes[k]; k++) by_code[k] += (codes >> k) & 1;
		band == CONT_OVERDUE ? overdue++ : warning++;
		if (flt->band && strcmp(flt->band, cont_band_name(band)) != 0) continue;
		rk[n++] = (ranked){i, pts, band, f->name, f->id};
	}
	/* Only the first flt->limit rows are shown: sort those with at least
	** the points of the limit-th row (ties included), found by counting. */
	int keep = n;
	if (n > flt->limit) {
		int count[POINTS_MAX + 1] = {0};
		for (int i = 0; i < n; i++) count[rk[i].points < 0 ? 0 : rk[i].points > POINTS_MAX ? POINTS_MAX : rk[i].points]++;
		int floor_pts = POINTS_MAX, above = 0;
		while (floor_pts > 0 && above + count[floor_pts] < flt->limit) above += count[floor_pts--];
		keep = 0;
		for (int i = 0; i < n; i++)
			if (rk[i].points >= floor_pts) rk[keep++] = rk[i];
	}
	qsort(rk, (size_t)keep, sizeof *rk, cmp_ranked);
	json_t *items = json_array();
	for (int i = 0; i < keep && i < flt->limit; i++) {
		const cont_facts *f = &l.items[rk[i].idx];
		json_t *reasons = json_array();
		enum cont_band band;
		int pts = cont_risk_evaluate(f, today, reasons, &band, NULL);
		json_t *row = partner_row(f, today, pts, band, reasons);
		json_object_set_new(row, "rank", json_integer(i + 1));
		json_array_append_new(items, row);
	}
	json_t *by_reason = json_object();
	for (int k = 0; cont_reason_codes[k]; k++)
		if (by_code[k]) json_object_set_new(by_reason, cont_reason_codes[k], json_integer(by_code[k]));
	json_t *out = json_pack("{s:s, s:i, s:i, s:i, s:i, s:o, s:o, s:i, s:b, s:o}", "as_of", today, "partners_checked",
	                        l.n, "at_risk", overdue + warning, "overdue", overdue, "warning", warning, "by_reason",
	                        by_reason, "resilience", resilience(&l), "verify_after_days", verify_after_days,
	                        "truncated", n > flt->limit, "items", items);
	free(rk);
	cont_facts_free(&l);
	return out;
}

#define MINE_ONE_BY_ONE 150

typedef struct mine_row {
	int idx;
	int points;
	enum cont_band band;
	char due[CONT_DATE_LEN];
	int64_t id;
} mine_row;

static int cmp_mine(const void *a, const void *b)
{
	const mine_row *x = a, *y = b;
	if (x->points != y->points) return y->points - x->points;
	int n = strcmp(x->due, y->due);
	if (n) return n;
	return x->id < y->id ? -1 : x->id > y->id;
}

json_t *continuity_mine(store_conn *c, int64_t office_id, int64_t user_id, int limit, int *rc)
{
	cont_settings s;
	cont_settings_load(c, office_id, &s);
	char today[CONT_DATE_LEN];
	cont_today(today);
	cont_facts_list l = {NULL, 0};
	/* Most people hold a few dozen relationships: their facts are read
	** partner by partner (indexed lookups); past MINE_ONE_BY_ONE, reading
	** the whole office at once is cheaper. */
	json_t *ids = store_query_rows(c, rc,
	    "SELECT DISTINCT partner_id FROM liaisons WHERE office_id = ? AND user_id = ? AND ended_at IS NULL"
	    " ORDER BY partner_id",
	    "ii", office_id, user_id);
	if (ids) *rc = STORE_OK;
	if (json_array_size(ids) > MINE_ONE_BY_ONE) {
		json_array_clear(ids);
		*rc = cont_facts_load(c, office_id, NULL, 0, &s, today, &l);
	}
	size_t k;
	json_t *id;
	json_array_foreach(ids, k, id) {
		cont_facts_list one;
		if ((*rc = cont_facts_load(c, office_id, NULL, json_integer_value(json_object_get(id, "partner_id")), &s,
		                           today, &one)) != STORE_OK) {
			cont_facts_free(&one);
			break;
		}
		l.items = xrealloc(l.items, (size_t)(l.n + one.n + 1) * sizeof *l.items);
		memcpy(l.items + l.n, one.items, (size_t)one.n * sizeof *one.items);
		l.n += one.n;
		free(one.items);   /* the rows' own memory now belongs to l */
	}
	cont_settings_free(&s);
	if (!ids || *rc != STORE_OK) {
		json_decref(ids);
		cont_facts_free(&l);
		return NULL;
	}
	json_decref(ids);
	/* Every relationship counts in the summary; the most urgent limit of
	** them are listed (most points, then the soonest due, then by id), so
	** the reply stays bounded for someone who holds thousands. */
	mine_row *rows = xcalloc((size_t)l.n + 1, sizeof *rows);
	int n = 0, due_soon = 0, overdue = 0;
	for (int i = 0; i < l.n; i++) {
		const cont_facts *f = &l.items[i];
		if (f->primary_user != user_id && f->backup_user != user_id) continue;
		if (str_eq(f->status, "ended")) continue;
		mine_row *m = &rows[n++];
		m->idx = i;
		m->id = f->id;
		m->points = cont_risk_evaluate(f, today, NULL, &m->band, NULL);
		cont_next_due(f, today, m->due);
		if (m->band == CONT_OVERDUE) overdue++;
		else if (m->band == CONT_WARNING) due_soon++;
	}
	qsort(rows, (size_t)n, sizeof *rows, cmp_mine);
	json_t *partners = json_array();
	for (int i = 0; i < n && i < limit; i++) {
		const cont_facts *f = &l.items[rows[i].idx];
		json_t *reasons = json_array();
		enum cont_band band;
		int pts = cont_risk_evaluate(f, today, reasons, &band, NULL);
		json_t *row = partner_row(f, today, pts, band, reasons);
		json_object_set_new(row, "role", json_string(f->primary_user == user_id ? "primary" : "backup"));
		json_object_set_new(row, "days_until_due", json_integer(cont_days_between(today, rows[i].due)));
		json_array_append_new(partners, row);
	}
	free(rows);
	cont_facts_free(&l);
	json_t *counts = store_query_row(c, rc,
	    "SELECT COUNT(*) AS total, SUM(CASE WHEN follow_up_on < ?3 THEN 1 ELSE 0 END) AS overdue FROM interactions"
	    " WHERE office_id = ?1 AND follow_up_owner = ?2 AND follow_up_done_at IS NULL",
	    "iit", office_id, user_id, today);
	json_t *followups = counts ? store_query_rows(c, rc,
	    "SELECT i.id AS interaction_id, i.partner_id, p.name AS partner_name, i.follow_up_on, i.summary"
	    " FROM interactions i JOIN partners p ON p.id = i.partner_id"
	    " WHERE i.office_id = ? AND i.follow_up_owner = ? AND i.follow_up_done_at IS NULL"
	    " ORDER BY i.follow_up_on, i.id LIMIT ?",
	    "iid", office_id, user_id, limit) : NULL;
	if (!followups) {
		json_decref(counts);
		json_decref(partners);
		return NULL;
	}
	json_int_t fu_total = json_integer_value(json_object_get(counts, "total"));
	json_int_t fu_overdue = json_integer_value(json_object_get(counts, "overdue"));
	json_decref(counts);
	json_t *fu;
	json_array_foreach(followups, k, fu) {
		const char *on = json_string_value(json_object_get(fu, "follow_up_on"));
		bool late = on && strcmp(on, today) < 0;
		json_object_set_new(fu, "overdue", json_boolean(late));
		json_object_set_new(fu, "days_until_due", on ? json_integer(cont_days_between(today, on)) : json_null());
	}
	*rc = STORE_OK;
	json_t *out = json_pack("{s:s, s:{s:i, s:i, s:I}, s:o, s:o, s:i, s:I, s:b}", "as_of", today, "summary",
	                        "partners_overdue", overdue, "partners_warning", due_soon, "follow_ups_overdue", fu_overdue,
	                        "partners", partners, "follow_ups", followups, "partners_total", n, "follow_ups_total",
	                        fu_total, "truncated", n > limit || fu_total > limit);
	return out;
}
