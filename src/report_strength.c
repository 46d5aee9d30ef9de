/*
** report_strength.c: the questionnaire's pick of one strong and one
** developing relationship with organizations reaching different
** demographic groups, with the evidence for each, as JSON.  Shared by
** GET /api/v1/strength/examples (api_continuity.c) and the certification
** packet (report_certification.c), so the two always name the same pair.
** The pick itself is strength_pick_examples (strength.c); the scores come
** from cont_facts_load (continuity.c).
*/
#include "report_continuity.h"
#include "strength.h"
#include "util.h"

#include <stdlib.h>

int strength_load_scored(store_conn *c, int64_t office_id, const char *status, int64_t partner_id, const char *today,
                         cont_facts_list *l, double **scores)
{
	cont_settings s;
	cont_settings_load(c, office_id, &s);
	int rc = cont_facts_load(c, office_id, status, partner_id, &s, today, l);
	cont_settings_free(&s);
	*scores = xcalloc((size_t)l->n + 1, sizeof **scores);
	for (int i = 0; i < l->n; i++) (*scores)[i] = strength_score(&l->items[i], today);
	return rc;
}

/* One example with what backs it: groups reached, recent touches, people. */
static json_t *example(store_conn *c, int64_t office, const cont_facts *f, const char *today, int *rc)
{
	json_t *e = strength_explain(f, today);
	json_t *groups = store_query_rows(c, rc,
	    "SELECT g.id, g.name, g.category, g.population_share FROM partner_groups pg"
	    " JOIN demographic_groups g ON g.id = pg.group_id WHERE pg.office_id = ? AND pg.partner_id = ? ORDER BY g.name",
	    "ii", office, f->id);
	json_t *recent = groups ? store_query_rows(c, rc,
	    "SELECT occurred_on, type, direction, summary, office_gave, partner_gave FROM interactions"
	    " WHERE office_id = ? AND partner_id = ? AND type <> 'handover' AND occurred_on <= ?"
	    " ORDER BY occurred_on DESC, id DESC LIMIT 5",
	    "iit", office, f->id, today) : NULL;
	json_t *adopted = recent ? store_query_rows(c, rc,
	    "SELECT r.title, r.action_taken, r.decided_on FROM advisory_recommendations r"
	    " JOIN advisory_members m ON m.id = r.member_id"
	    " WHERE r.office_id = ? AND m.partner_id = ? AND r.status = 'adopted' ORDER BY r.decided_on DESC, r.id LIMIT 5",
	    "ii", office, f->id) : NULL;
	if (!adopted) {
		json_decref(e);
		json_decref(groups);
		json_decref(recent);
		return NULL;
	}
	json_object_set_new(e, "evidence",
	                    json_pack("{s:o, s:o, s:o, s:i, s:s?, s:s?}", "groups_reached", groups,
	                              "recent_interactions", recent, "adopted_recommendations", adopted, "current_contacts",
	                              f->contacts, "primary_liaison", f->primary_name, "backup_liaison", f->backup_name));
	return e;
}

json_t *strength_examples(store_conn *c, int64_t office_id, int *rc)
{
	char today[CONT_DATE_LEN];
	cont_today(today);
	cont_facts_list l;
	double *scores;
	json_t *out = NULL;
	*rc = strength_load_scored(c, office_id, "active", 0, today, &l, &scores);
	if (*rc != STORE_OK) goto cleanup;
	int s, d;
	if (strength_pick_examples(&l, scores, &s, &d)) {
		json_t *strong = example(c, office_id, &l.items[s], today, rc);
		json_t *developing = strong ? example(c, office_id, &l.items[d], today, rc) : NULL;
		if (!developing) {
			json_decref(strong);
			goto cleanup;
		}
		out = json_pack("{s:s, s:o, s:o, s:s}", "as_of", today, "strong", strong, "developing", developing,
		                "explanation",
		                "The strongest active relationship rated strong, and the best-scoring active relationship"
		                " below strong whose organization reaches none of the same demographic groups.");
	} else {
		out = json_pack("{s:s, s:n, s:n, s:s}", "as_of", today, "strong", "developing", "explanation",
		                "No pair found: it needs an active partner rated strong and another active partner below"
		                " strong, each reaching at least one demographic group, with no group in common.");
	}
	*rc = STORE_OK;
cleanup:
	free(scores);
	cont_facts_free(&l);
	return out;
}
