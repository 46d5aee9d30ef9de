/*
** strength.c: the relationship strength formula (strength.h; documented
** in docs/STRENGTH.md).  Six factors, each earning a credit from 0 to 1,
** weighted to a total of 100.  Pure functions of the facts: no store.
*/
#include "strength.h"
#include "util.h"

#include <math.h>
#include <stdio.h>

enum { F_RECENCY, F_FREQUENCY, F_RECIPROCITY, F_CONTACTS, F_LIAISONS, F_ADVISORY, F_COUNT };

static const struct {
	const char *name;
	double weight;
} factors[F_COUNT] = {
	[F_RECENCY] = {"recency", 25},
	[F_FREQUENCY] = {"frequency", 20},
	[F_RECIPROCITY] = {"reciprocity", 20},
	[F_CONTACTS] = {"contacts", 15},
	[F_LIAISONS] = {"liaisons", 10},
	[F_ADVISORY] = {"advisory", 10},
};

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* The credit (0..1) of every factor. */
static void credits(const cont_facts *f, const char *today, double credit[F_COUNT])
{
	int64_t since = f->last_touch[0] ? cont_days_between(f->last_touch, today) : -1;
	credit[F_RECENCY] = since < 0 ? 0 : since <= 30 ? 1 : clamp01((365.0 - (double)since) / 335.0);
	credit[F_FREQUENCY] = clamp01(f->touches_12m / 12.0);
	int g = f->office_gave_12m, p = f->partner_gave_12m;
	int lo = g < p ? g : p, hi = g < p ? p : g;
	credit[F_RECIPROCITY] = hi == 0 ? 0 : (double)lo / hi;
	credit[F_CONTACTS] = clamp01(f->contacts / 3.0);
	credit[F_LIAISONS] = (f->primary_user && f->primary_active ? 0.5 : 0) + (f->backup_user && f->backup_active ? 0.5 : 0);
	credit[F_ADVISORY] = clamp01((f->advisory_attended_12m + 2 * f->advisory_adopted) / 4.0);
}

/* The raw value shown beside each factor (new references). */
static void values_of(const cont_facts *f, const char *today, json_t *values[F_COUNT])
{
	int64_t since = f->last_touch[0] ? cont_days_between(f->last_touch, today) : -1;
	values[F_RECENCY] = since < 0 ? json_null() : json_integer(since);
	values[F_FREQUENCY] = json_integer(f->touches_12m);
	values[F_RECIPROCITY] = json_pack("{s:i, s:i}", "office_gave", f->office_gave_12m, "partner_gave", f->partner_gave_12m);
	values[F_CONTACTS] = json_integer(f->contacts);
	values[F_LIAISONS] = json_pack("{s:b, s:b}", "primary", f->primary_user && f->primary_active, "backup",
	                               f->backup_user && f->backup_active);
	values[F_ADVISORY] = json_pack("{s:i, s:i}", "meetings_attended_12m", f->advisory_attended_12m,
	                               "recommendations_adopted", f->advisory_adopted);
}

static double round1(double x) { return round(x * 10.0) / 10.0; }

double strength_score(const cont_facts *f, const char *today)
{
	double credit[F_COUNT];
	credits(f, today, credit);
	double total = 0;
	for (int i = 0; i < F_COUNT; i++) total += factors[i].weight * credit[i];
	return round1(total);
}

const char *strength_band(double score)
{
	return score >= STRENGTH_STRONG ? "strong" : score >= STRENGTH_DEVELOPING ? "developing" : "weak";
}

static char *explanation(int factor, const cont_facts *f, const char *today)
{
	switch (factor) {
	case F_RECENCY:
		if (!f->last_touch[0]) return xstrdup("No interaction recorded: no credit.");
		return xasprintf("Last interaction %s, %lld days ago: full credit within 30 days, none after 365.",
		                 f->last_touch, (long long)cont_days_between(f->last_touch, today));
	case F_FREQUENCY:
		return xasprintf("%d interaction%s in the last 12 months: full credit at 12 (about monthly).",
		                 f->touches_12m, f->touches_12m == 1 ? "" : "s");
	case F_RECIPROCITY:
		return xasprintf("The office gave %d time%s, the partner gave %d time%s in the last 12 months: credit is"
		                 " the smaller side over the larger (1 when balanced).",
		                 f->office_gave_12m, f->office_gave_12m == 1 ? "" : "s", f->partner_gave_12m,
		                 f->partner_gave_12m == 1 ? "" : "s");
	case F_CONTACTS:
		return xasprintf("%d current contact%s: full credit at 3.", f->contacts, f->contacts == 1 ? "" : "s");
	case F_LIAISONS:
		return xasprintf("Primary liaison %s, backup %s (active staff only): half credit each.",
		                 f->primary_user && f->primary_active ? "present" : "missing",
		                 f->backup_user && f->backup_active ? "present" : "missing");
	default:
		return xasprintf("%d advisory meeting attendance%s in the last 12 months and %d adopted"
		                 " recommendation%s (2 points each): full credit at 4 points.",
		                 f->advisory_attended_12m, f->advisory_attended_12m == 1 ? "" : "s", f->advisory_adopted,
		                 f->advisory_adopted == 1 ? "" : "s");
	}
}

json_t *strength_explain(const cont_facts *f, const char *today)
{
	double credit[F_COUNT];
	json_t *values[F_COUNT];
	credits(f, today, credit);
	values_of(f, today, values);
	json_t *list = json_array();
	double total = 0;
	for (int i = 0; i < F_COUNT; i++) {
		double contribution = factors[i].weight * credit[i];
		total += contribution;
		char *why = explanation(i, f, today);
		json_array_append_new(list, json_pack("{s:s, s:o, s:f, s:f, s:f, s:s}", "factor", factors[i].name,
		                                      "value", values[i], "credit", round(credit[i] * 1000) / 1000,
		                                      "weight", factors[i].weight, "contribution", round1(contribution),
		                                      "explanation", why));
		free(why);
	}
	total = round1(total);
	return json_pack("{s:I, s:s, s:s, s:f, s:s, s:o}", "partner_id", (json_int_t)f->id, "name", f->name, "status",
	                 f->status, "score", total, "band", strength_band(total), "factors", list);
}

static bool groups_disjoint(json_t *a, json_t *b)
{
	size_t i, k;
	json_t *x, *y;
	json_array_foreach(a, i, x) json_array_foreach(b, k, y) if (json_integer_value(x) == json_integer_value(y))
		return false;
	return true;
}

bool strength_pick_examples(const cont_facts_list *l, const double *scores, int *strong, int *developing)
{
	*strong = *developing = -1;
	/* Strong candidates from the top down; for each, the best developing
	** partner reaching different groups.  The first pair found wins; the
	** walk gives up after 50 strong candidates so it stays linear. */
	bool *used = xcalloc((size_t)l->n + 1, sizeof *used);
	for (int tries = 0; tries < 50; tries++) {
		int s = -1;
		for (int i = 0; i < l->n; i++)
			if (!used[i] && scores[i] >= STRENGTH_STRONG && json_array_size(l->items[i].group_ids) > 0 &&
			    (s < 0 || scores[i] > scores[s] || (scores[i] == scores[s] && l->items[i].id < l->items[s].id)))
				s = i;
		if (s < 0) break;
		used[s] = true;
		int d = -1;
		for (int i = 0; i < l->n; i++)
			if (scores[i] < STRENGTH_STRONG && json_array_size(l->items[i].group_ids) > 0 &&
			    groups_disjoint(l->items[i].group_ids, l->items[s].group_ids) &&
			    (d < 0 || scores[i] > scores[d] || (scores[i] == scores[d] && l->items[i].id < l->items[d].id)))
				d = i;
		if (d >= 0) {
			*strong = s;
			*developing = d;
			break;
		}
	}
	free(used);
	return *strong >= 0;
}
