/*
** report_continuity.h: the continuity-risk list, "my relationships" and
** the coverage of the community, as JSON, for the API and the command line.
** Each function reads inside the caller's transaction and is scoped to the
** office given.
*/
#ifndef RAPPORT_REPORT_CONTINUITY_H
#define RAPPORT_REPORT_CONTINUITY_H

#include <jansson.h>

#include "continuity.h"
#include "store.h"

typedef struct cont_risk_filter {
	const char *band;          /* "warning", "overdue" or NULL for both */
	int64_t liaison_user_id;   /* 0: every partner */
	int limit;                 /* most rows returned (the counts cover all) */
} cont_risk_filter;

/* {as_of, partners_checked, at_risk, overdue, warning, by_reason,
** resilience: {partners, with_backup_liaison (active account),
** with_several_contacts (more than one current), with_backup_and_several_contacts,
** current_contacts, current_contacts_verified (within verify_after_days)},
** verify_after_days, truncated, items: [{rank, partner_id, name, points,
** band, reasons, ...}]}, over the active partners, ranked by points
** (resilience covers every active partner, whatever the filter).  NULL with *rc on a store error.  Caller decrefs. */
json_t *continuity_risks(store_conn *c, int64_t office_id, const cont_risk_filter *flt, int *rc);

/* A staff member's relationships (partners where they are a current
** liaison) and open follow-ups, with what is due: {as_of, summary (over
** all of them), partners (the limit most urgent: most points, soonest due),
** follow_ups (the limit due first), partners_total, follow_ups_total,
** truncated}.  Caller decrefs. */
json_t *continuity_mine(store_conn *c, int64_t office_id, int64_t user_id, int limit, int *rc);

/* Demographic groups and languages against the active partners reaching
** them, weighted by population share, with the gaps and the prospects that
** would fill them (report_coverage.c).  Caller decrefs. */
json_t *coverage_report(store_conn *c, int64_t office_id, int *rc);

/* The facts of the office's partners with status (NULL: all), or only
** partner_id when non-zero, as of today, and each one's strength score
** (*scores, caller frees; free the list with cont_facts_free).  Returns
** STORE_OK or a store error (report_strength.c). */
int strength_load_scored(store_conn *c, int64_t office_id, const char *status, int64_t partner_id, const char *today,
                         cont_facts_list *l, double **scores);

/* The questionnaire's pair: {as_of, strong, developing, explanation}, each
** pick with its factors (strength_explain) and evidence {groups_reached,
** recent_interactions, adopted_recommendations, current_contacts,
** primary_liaison, backup_liaison}; strong and developing are null when no
** pair exists.  The API and the certification packet both call this.  NULL
** with *rc on a store error.  Caller decrefs (report_strength.c). */
json_t *strength_examples(store_conn *c, int64_t office_id, int *rc);

#endif
