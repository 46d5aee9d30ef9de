/*
** report_coverage.c: who the office reaches.  For each demographic group
** (partner_groups) and each language (partner_languages, and the languages
** of the office's groups): the active partners that reach it, how many of
** them the office touched in the last 12 months and how often, and, for a
** gap, the prospects (status prospect or vetting) that would fill it.
**
** A group is "covered" when an active partner reaching it had a touch in
** the last 12 months; "no_recent_contact" when it has active partners but
** none touched; "no_active_partner" otherwise.  Weighted coverage is the
** population share of covered groups over the share known (groups without
** a share are left out of the weighting, and counted in the plain ratio).
*/
#include "report_continuity.h"
#include "continuity.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LIST_CAP 10   /* partners and prospects listed per entry (the counts cover all) */

typedef struct entry {
	int64_t group_id;     /* 0 for a language entry */
	char *language;       /* owned; the group's language, or the language entry's code */
	json_t *obj;          /* the row being built */
	int active, contacted, touches, prospects_n;
	json_t *partners, *prospects;
} entry;

static void entry_add(entry *e, int64_t pid, const char *name, const char *status, int touches)
{
	if (str_eq(status, "active")) {
		e->active++;
		e->touches += touches;
		if (touches > 0) e->contacted++;
		if (json_array_size(e->partners) < LIST_CAP)
			json_array_append_new(e->partners, json_pack("{s:I, s:s, s:i}", "partner_id", (json_int_t)pid, "name",
			                                             name, "interactions_12m", touches));
	} else {
		e->prospects_n++;
		if (json_array_size(e->prospects) < LIST_CAP)
			json_array_append_new(e->prospects,
			                      json_pack("{s:I, s:s, s:s}", "partner_id", (json_int_t)pid, "name", name, "status", status));
	}
}

static const char *entry_status(const entry *e)
{
	return e->contacted > 0 ? "covered" : e->active > 0 ? "no_recent_contact" : "no_active_partner";
}

/* A partner that reaches (or could reach) groups, and its place by name. */
typedef struct reach {
	int64_t id;
	char *name;          /* owned */
	char status[12];
	int touches;         /* in the window, active partners only */
	int rank;            /* index in name order */
} reach;

/* A link from a partner (by rank) to a group, or to a language (lang: an
** index into the distinct codes; -1 for a group). */
typedef struct reach_link {
	int rank;
	int64_t group_id;
	int lang;
} reach_link;

typedef struct id_rank {
	int64_t id;
	int rank;
} id_rank;

static int cmp_id_rank(const void *a, const void *b)
{
	int64_t x = ((const id_rank *)a)->id, y = ((const id_rank *)b)->id;
	return x < y ? -1 : x > y;
}

static int cmp_reach_name(const void *a, const void *b)
{
	const reach *x = *(reach *const *)a, *y = *(reach *const *)b;
	int n = strcmp(x->name, y->name);
	if (n) return n;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* By partner name order; a partner's groups by id, its languages by code. */
static int cmp_link(const reach_link *x, const reach_link *y, char **codes)
{
	if (x->rank != y->rank) return x->rank - y->rank;
	if (x->group_id != y->group_id) return x->group_id < y->group_id ? -1 : 1;
	if (x->lang < 0 || y->lang < 0) return 0;
	return strcmp(codes[x->lang], codes[y->lang]);
}

static void free_reach(reach *ps, int np, reach **byname, id_rank *byid, reach_link *links, char **codes, int ncodes)
{
	for (int i = 0; i < np; i++) free(ps[i].name);
	for (int i = 0; i < ncodes; i++) free(codes[i]);
	free(ps);
	free(byname);
	free(byid);
	free(links);
	free(codes);
}

static entry *find_group(entry *es, int n, int64_t gid)
{
	int lo = 0, hi = n - 1;   /* groups are loaded ordered by id */
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (es[mid].group_id == gid) return &es[mid];
		if (es[mid].group_id < gid) lo = mid + 1;
		else hi = mid - 1;
	}
	return NULL;
}

static entry *find_language(entry *es, int n, const char *lang)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(es[i].language, lang) == 0) return &es[i];
	return NULL;
}

static void finish(entry *e, json_t *list, json_t *gaps)
{
	const char *status = entry_status(e);
	json_object_set_new(e->obj, "status", json_string(status));
	json_object_set_new(e->obj, "active_partners", json_integer(e->active));
	json_object_set_new(e->obj, "active_partners_contacted_12m", json_integer(e->contacted));
	json_object_set_new(e->obj, "interactions_12m", json_integer(e->touches));
	json_object_set_new(e->obj, "partners", e->partners);
	json_object_set_new(e->obj, "prospects_count", json_integer(e->prospects_n));
	json_object_set_new(e->obj, "prospects", e->prospects);
	if (strcmp(status, "covered") != 0) json_array_append(gaps, e->obj);
	json_array_append_new(list, e->obj);
	free(e->language);
}

static double share_of(json_t *o)
{
	json_t *s = json_object_get(o, "population_share");
	return json_is_number(s) ? json_number_value(s) : -1;
}

/* Gaps: the largest known share first, unknown shares last, then by name. */
static int cmp_gap(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	double sx = share_of(x), sy = share_of(y);
	if (sx != sy) return sx < sy ? 1 : -1;
	return strcmp(json_string_value(json_object_get(x, "name")), json_string_value(json_object_get(y, "name")));
}

json_t *coverage_report(store_conn *c, int64_t office_id, int *rc)
{
	char today[CONT_DATE_LEN], year_ago[CONT_DATE_LEN];
	cont_today(today);
	cont_date_add(today, -365, year_ago);
	entry *groups = NULL, *langs = NULL;
	int ng = 0, nl = 0, capg = 0, capl = 0, np = 0, capp = 0, nk = 0, capk = 0, ncodes = 0;
	reach *ps = NULL, **byname = NULL;
	id_rank *byid = NULL;
	reach_link *links = NULL;
	char **codes = NULL;
	json_t *out = NULL;

	store_stmt *st = store_prepare(c,
	    "SELECT id, name, category, language, population_share FROM demographic_groups WHERE office_id = ? ORDER BY id");
	store_bind(st, "i", office_id);
	while ((*rc = store_step(st)) == STORE_ROW) {
		if (ng == capg) groups = xrealloc(groups, (size_t)(capg = capg ? capg * 2 : 16) * sizeof *groups);
		entry *e = &groups[ng++];
		memset(e, 0, sizeof *e);
		e->group_id = store_col_int(st, 0);
		e->language = store_col_null(st, 3) ? NULL : cont_text(store_col_text(st, 3));
		/* A share that is not a finite number (PostgreSQL's 'NaN') counts as unknown. */
		double share = store_col_null(st, 4) ? NAN : store_col_real(st, 4);
		bool known_share = isfinite(share);
		char *name = cont_text(store_col_text(st, 1)), *category = cont_text(store_col_text(st, 2));
		e->obj = json_pack("{s:s, s:I, s:s, s:s, s:o, s:o}", "kind", "group", "group_id", (json_int_t)e->group_id,
		                   "name", name, "category", category, "language",
		                   e->language ? json_string(e->language) : json_null(), "population_share",
		                   known_share ? json_real(share) : json_null());
		free(name);
		free(category);
		e->partners = json_array();
		e->prospects = json_array();
		if (e->language && !find_language(langs, nl, e->language)) {
			if (nl == capl) langs = xrealloc(langs, (size_t)(capl = capl ? capl * 2 : 8) * sizeof *langs);
			entry *le = &langs[nl++];
			memset(le, 0, sizeof *le);
			le->language = xstrdup(e->language);
			le->obj = json_pack("{s:s, s:s, s:s, s:o}", "kind", "language", "language", le->language, "name",
			                    le->language, "population_share", json_null());
			le->partners = json_array();
			le->prospects = json_array();
		}
		if (e->language && known_share) {   /* a language's share: the sum of its groups' */
			entry *le = find_language(langs, nl, e->language);
			double prev = share_of(le->obj);
			json_object_set_new(le->obj, "population_share", json_real((prev < 0 ? 0 : prev) + share));
		}
	}
	store_reset(st);
	if (*rc != STORE_DONE) goto cleanup;

	/* The partners that can reach anyone (active) or could (prospects,
	** vetting), put in name order (byte order, as SQLite's ORDER BY name):
	** each link below is taken in this order, as the lists show partners
	** by name.  Read from the partners' covering index and, for an active
	** partner, its maintained touch list (partner_facts), in id order. */
	st = store_prepare(c,
	    "SELECT p.id, p.name, p.status, f.touches FROM partners p LEFT JOIN partner_facts f ON f.partner_id = p.id"
	    " WHERE p.office_id = ?1 AND p.status IN ('active','prospect','vetting')");
	store_bind(st, "i", office_id);
	while ((*rc = store_step(st)) == STORE_ROW) {
		if (np == capp) ps = xrealloc(ps, (size_t)(capp = capp ? capp * 2 : 256) * sizeof *ps);
		reach *x = &ps[np++];
		x->id = store_col_int(st, 0);
		x->name = cont_text(store_col_text(st, 1));
		snprintf(x->status, sizeof x->status, "%s", store_col_text(st, 2));
		x->touches = str_eq(x->status, "active") ? cont_touch_count(store_col_text(st, 3), year_ago, today) : 0;
	}
	store_reset(st);
	if (*rc != STORE_DONE) goto cleanup;
	/* Name order (rank), and an id -> partner table to resolve the links. */
	byname = xcalloc((size_t)np + 1, sizeof *byname);
	for (int i = 0; i < np; i++) byname[i] = &ps[i];
	qsort(byname, (size_t)np, sizeof *byname, cmp_reach_name);
	for (int i = 0; i < np; i++) byname[i]->rank = i;
	byid = xcalloc((size_t)np + 1, sizeof *byid);
	for (int i = 0; i < np; i++) byid[i] = (id_rank){ps[i].id, ps[i].rank};
	qsort(byid, (size_t)np, sizeof *byid, cmp_id_rank);

	/* The links, each with its partner's rank; languages as an index into
	** the distinct codes seen. */
	st = store_prepare(c, "SELECT partner_id, group_id, NULL FROM partner_groups WHERE office_id = ?1"
	                      " UNION ALL SELECT partner_id, 0, language FROM partner_languages WHERE office_id = ?1");
	store_bind(st, "i", office_id);
	while ((*rc = store_step(st)) == STORE_ROW) {
		id_rank key = {store_col_int(st, 0), 0};
		id_rank *hit = bsearch(&key, byid, (size_t)np, sizeof *byid, cmp_id_rank);
		if (!hit) continue;   /* a dormant or ended partner reaches nobody */
		if (nk == capk) links = xrealloc(links, (size_t)(capk = capk ? capk * 2 : 1024) * sizeof *links);
		int li = -1;
		if (!store_col_null(st, 2)) {
			const char *lang = store_col_text(st, 2);
			for (li = 0; li < ncodes && strcmp(codes[li], lang) != 0; li++) continue;
			if (li == ncodes) {   /* (a code that is not UTF-8 is kept scrubbed, and never matches again) */
				codes = xrealloc(codes, (size_t)(ncodes + 1) * sizeof *codes);
				codes[ncodes++] = cont_text(lang);
			}
		}
		links[nk++] = (reach_link){hit->rank, store_col_int(st, 1), li};
	}
	store_reset(st);
	if (*rc != STORE_DONE) goto cleanup;
	/* By rank (a counting sort), then within a partner by group id and code. */
	int *start = xcalloc((size_t)np + 2, sizeof *start);
	for (int i = 0; i < nk; i++) start[links[i].rank + 1]++;
	for (int r = 0; r < np; r++) start[r + 1] += start[r];
	reach_link *by_rank = xmalloc((size_t)nk * sizeof *by_rank + 1);
	for (int i = 0; i < nk; i++) by_rank[start[links[i].rank]++] = links[i];
	free(start);
	free(links);
	links = by_rank;
	for (int i = 1; i < nk; i++)   /* insertion sort: only a partner's few links move */
		for (int k = i; k > 0 && cmp_link(&links[k - 1], &links[k], codes) > 0; k--) {
			reach_link t = links[k];
			links[k] = links[k - 1];
			links[k - 1] = t;
		}
	/* Groups first (every group link, by partner), then languages. */
	for (int i = 0; i < nk; i++) {
		if (links[i].lang >= 0) continue;
		const reach *x = byname[links[i].rank];
		entry *e = find_group(groups, ng, links[i].group_id);
		if (e) entry_add(e, x->id, x->name, x->status, x->touches);
	}
	entry **by_code = xcalloc((size_t)ncodes + 1, sizeof *by_code);
	for (int i = 0; i < nk; i++) {
		if (links[i].lang < 0) continue;
		const char *lang = codes[links[i].lang];
		const reach *x = byname[links[i].rank];
		if (!by_code[links[i].lang] && !(by_code[links[i].lang] = find_language(langs, nl, lang))) {
			if (nl == capl) {   /* by_code points into langs: re-point after moving it */
				entry *old = langs;
				langs = xrealloc(langs, (size_t)(capl = capl ? capl * 2 : 8) * sizeof *langs);
				for (int k = 0; k < ncodes; k++)
					if (by_code[k]) by_code[k] = langs + (by_code[k] - old);
			}
			entry *e = &langs[nl++];
			memset(e, 0, sizeof *e);
			e->language = xstrdup(lang);
			e->obj = json_pack("{s:s, s:s, s:s, s:o}", "kind", "language", "language", lang, "name", lang,
			                   "population_share", json_null());
			e->partners = json_array();
			e->prospects = json_array();
			by_code[links[i].lang] = e;
		}
		entry_add(by_code[links[i].lang], x->id, x->name, x->status, x->touches);
	}
	free(by_code);
	*rc = STORE_OK;

	json_t *glist = json_array(), *llist = json_array(), *gaps = json_array();
	int covered = 0, recent_missing = 0, none = 0;
	double known = 0, known_covered = 0;
	for (int i = 0; i < ng; i++) {
		const char *s = entry_status(&groups[i]);
		double share = share_of(groups[i].obj);
		covered += strcmp(s, "covered") == 0;
		recent_missing += strcmp(s, "no_recent_contact") == 0;
		none += strcmp(s, "no_active_partner") == 0;
		if (share >= 0) {
			known += share;
			if (strcmp(s, "covered") == 0) known_covered += share;
		}
		finish(&groups[i], glist, gaps);
	}
	int lang_covered = 0;
	for (int i = 0; i < nl; i++) {
		lang_covered += strcmp(entry_status(&langs[i]), "covered") == 0;
		finish(&langs[i], llist, gaps);
	}
	size_t ngaps = json_array_size(gaps);
	json_t **sorted = xcalloc(ngaps + 1, sizeof *sorted);
	for (size_t i = 0; i < ngaps; i++) sorted[i] = json_array_get(gaps, i);
	qsort(sorted, ngaps, sizeof *sorted, cmp_gap);
	json_t *gap_list = json_array();
	for (size_t i = 0; i < ngaps; i++) json_array_append(gap_list, sorted[i]);
	free(sorted);
	json_decref(gaps);
	out = json_pack("{s:s, s:s, s:{s:i, s:i, s:i, s:i, s:f, s:f, s:o, s:o, s:i, s:i}, s:o, s:o, s:o}", "as_of", today,
	                "window_from", year_ago, "summary", "groups", ng, "covered", covered, "no_recent_contact",
	                recent_missing, "no_active_partner", none, "population_share_known", known,
	                "population_share_covered", known_covered, "weighted_coverage",
	                known > 0 ? json_real(known_covered / known) : json_null(), "unweighted_coverage",
	                ng > 0 ? json_real((double)covered / ng) : json_null(), "languages", nl, "languages_covered",
	                lang_covered, "groups", glist, "languages", llist, "gaps", gap_list);
	free(groups);
	free(langs);
	free_reach(ps, np, byname, byid, links, codes, ncodes);
	return out;
cleanup:
	for (int i = 0; i < ng; i++) {
		json_decref(groups[i].obj);
		json_decref(groups[i].partners);
		json_decref(groups[i].prospects);
		free(groups[i].language);
	}
	for (int i = 0; i < nl; i++) {
		json_decref(langs[i].obj);
		json_decref(langs[i].partners);
		json_decref(langs[i].prospects);
		free(langs[i].language);
	}
	free(groups);
	free(langs);
	free_reach(ps, np, byname, byid, links, codes, ncodes);
	return NULL;
}
