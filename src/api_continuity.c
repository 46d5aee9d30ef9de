/*
** api_continuity.c: the read-only continuity views: the continuity-risk
** list, "my relationships", the coverage of the community, and the
** relationship strength (one partner's factors, the ranking, and the
** questionnaire's strong/developing pair).  The computing is in
** continuity.c, strength.c and report_*.c; this file reads the query,
** opens a read transaction scoped to the caller's office and answers.
*/
#include "api.h"
#include "domain.h"
#include "handlers.h"
#include "report_continuity.h"
#include "strength.h"

#include <stdlib.h>
#include <string.h>

static bool query_limit(http_req *r, int dflt, int max, int *out)
{
	const char *s = http_query(r, "limit");
	int64_t n = dflt;
	if (s && (!str_parse_int64(s, &n) || n < 1 || n > max)) {
		http_reply_error(r, 422, "validation.range", "limit", "limit must be a whole number from 1 to %d.", max);
		return false;
	}
	*out = (int)n;
	return true;
}

void api_continuity_risks(http_req *r)
{
	static const char *const bands[] = {"warning", "overdue", NULL};
	cont_risk_filter f = {0};
	if (!api_query_enum(r, "band", bands, &f.band) || !api_query_id(r, "liaison_user_id", &f.liaison_user_id) ||
	    !query_limit(r, 200, 5000, &f.limit))
		return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *out = continuity_risks(c, r->caller.office_id, &f, &rc);
	if (!out) return api_fail(r, rc);
	api_read_reply(r, out);
}

void api_me_relationships(http_req *r)
{
	int limit;
	if (!query_limit(r, 500, 5000, &limit)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *out = continuity_mine(c, r->caller.office_id, r->caller.user_id, limit, &rc);
	if (!out) return api_fail(r, rc);
	api_read_reply(r, out);
}

void api_coverage(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *out = coverage_report(c, r->caller.office_id, &rc);
	if (!out) return api_fail(r, rc);
	api_read_reply(r, out);
}

/* ---- strength ---- */

static int load_scored(store_conn *c, int64_t office, const char *status, int64_t partner_id, const char *today,
                       cont_facts_list *l, double **scores)
{
	cont_settings s;
	cont_settings_load(c, office, &s);
	int rc = cont_facts_load(c, office, status, partner_id, &s, today, l);
	cont_settings_free(&s);
	*scores = xcalloc((size_t)l->n + 1, sizeof **scores);
	for (int i = 0; i < l->n; i++) (*scores)[i] = strength_score(&l->items[i], today);
	return rc;
}

void api_partner_strength(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	char today[CONT_DATE_LEN];
	cont_today(today);
	cont_facts_list l;
	double *scores;
	int rc = load_scored(c, r->caller.office_id, NULL, id, today, &l, &scores);
	free(scores);
	if (rc != STORE_OK || l.n == 0) {
		cont_facts_free(&l);
		return rc != STORE_OK ? api_fail(r, rc) : api_not_found(r);
	}
	json_t *out = strength_explain(&l.items[0], today);
	json_object_set_new(out, "as_of", json_string(today));
	cont_facts_free(&l);
	api_read_reply(r, out);
}

typedef struct scored {
	double score;
	const char *name;
	int idx;
} scored;

static int cmp_scored(const void *a, const void *b)
{
	const scored *x = a, *y = b;
	if (x->score != y->score) return x->score < y->score ? 1 : -1;
	return strcmp(x->name, y->name);
}

void api_strength_ranking(http_req *r)
{
	const char *status;
	int limit;
	if (!api_query_enum(r, "status", partner_statuses, &status) || !query_limit(r, 50, 500, &limit)) return;
	if (!status) status = "active";
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	char today[CONT_DATE_LEN];
	cont_today(today);
	cont_facts_list l;
	double *scores;
	int rc = load_scored(c, r->caller.office_id, status, 0, today, &l, &scores);
	if (rc != STORE_OK) {
		free(scores);
		cont_facts_free(&l);
		return api_fail(r, rc);
	}
	scored *order = xcalloc((size_t)l.n + 1, sizeof *order);
	int strong = 0, developing = 0, weak = 0;
	for (int i = 0; i < l.n; i++) {
		order[i] = (scored){scores[i], l.items[i].name, i};
		const char *band = strength_band(scores[i]);
		strong += band[0] == 's';
		developing += band[0] == 'd';
		weak += band[0] == 'w';
	}
	qsort(order, (size_t)l.n, sizeof *order, cmp_scored);
	json_t *items = json_array();
	for (int i = 0; i < l.n && i < limit; i++) {
		json_t *row = strength_explain(&l.items[order[i].idx], today);
		json_object_set_new(row, "rank", json_integer(i + 1));
		json_array_append_new(items, row);
	}
	json_t *out = json_pack("{s:s, s:s, s:i, s:{s:i, s:i, s:i}, s:o}", "as_of", today, "status", status, "partners",
	                        l.n, "bands", "strong", strong, "developing", developing, "weak", weak, "items", items);
	free(order);
	free(scores);
	cont_facts_free(&l);
	api_read_reply(r, out);
}

/* One example with what backs it: groups reached, recent touches, people. */
static json_t *example(store_conn *c, int64_t office, const cont_facts *f, const char *today)
{
	json_t *e = strength_explain(f, today);
	json_t *groups = store_query_rows(c, NULL,
	    "SELECT g.id, g.name, g.category, g.population_share FROM partner_groups pg"
	    " JOIN demographic_groups g ON g.id = pg.group_id WHERE pg.office_id = ? AND pg.partner_id = ? ORDER BY g.name",
	    "ii", office, f->id);
	json_t *recent = store_query_rows(c, NULL,
	    "SELECT occurred_on, type, direction, summary, office_gave, partner_gave FROM interactions"
	    " WHERE office_id = ? AND partner_id = ? AND type <> 'handover' AND occurred_on <= ?"
	    " ORDER BY occurred_on DESC, id DESC LIMIT 5",
	    "iit", office, f->id, today);
	json_t *adopted = store_query_rows(c, NULL,
	    "SELECT r.title, r.action_taken, r.decided_on FROM advisory_recommendations r"
	    " JOIN advisory_members m ON m.id = r.member_id"
	    " WHERE r.office_id = ? AND m.partner_id = ? AND r.status = 'adopted' ORDER BY r.decided_on DESC, r.id LIMIT 5",
	    "ii", office, f->id);
	json_object_set_new(e, "evidence",
	                    json_pack("{s:o, s:o, s:o, s:i, s:s?, s:s?}", "groups_reached", groups ? groups : json_array(),
	                              "recent_interactions", recent ? recent : json_array(), "adopted_recommendations",
	                              adopted ? adopted : json_array(), "current_contacts", f->contacts, "primary_liaison",
	                              f->primary_name, "backup_liaison", f->backup_name));
	return e;
}

void api_strength_examples(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	char today[CONT_DATE_LEN];
	cont_today(today);
	cont_facts_list l;
	double *scores;
	int rc = load_scored(c, r->caller.office_id, "active", 0, today, &l, &scores);
	if (rc != STORE_OK) {
		free(scores);
		cont_facts_free(&l);
		return api_fail(r, rc);
	}
	int s, d;
	json_t *out;
	if (strength_pick_examples(&l, scores, &s, &d)) {
		out = json_pack("{s:s, s:o, s:o, s:n}", "as_of", today, "strong",
		                example(c, r->caller.office_id, &l.items[s], today), "developing",
		                example(c, r->caller.office_id, &l.items[d], today), "explanation");
		json_object_set_new(out, "explanation",
		                    json_string("The strongest active relationship rated strong, and the best-scoring active"
		                                " relationship below strong whose organization reaches none of the same"
		                                " demographic groups."));
	} else {
		out = json_pack("{s:s, s:n, s:n, s:s}", "as_of", today, "strong", "developing", "explanation",
		                "No pair found: it needs an active partner rated strong and another active partner below"
		                " strong, each reaching at least one demographic group, with no group in common.");
	}
	free(scores);
	cont_facts_free(&l);
	api_read_reply(r, out);
}
