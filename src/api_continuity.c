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
	int rc = strength_load_scored(c, r->caller.office_id, NULL, id, today, &l, &scores);
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
	int rc = strength_load_scored(c, r->caller.office_id, status, 0, today, &l, &scores);
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

void api_strength_examples(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *out = strength_examples(c, r->caller.office_id, &rc);
	if (!out) return api_fail(r, rc);
	api_read_reply(r, out);
}
