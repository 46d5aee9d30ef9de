/*
** report_continuity.h: the continuity-risk list, "my relationships" and
** the coverage of the community, as JSON, for the API and the command line.
** Each function reads inside the caller's transaction and is scoped to the
** office given.
*/
#ifndef RAPPORT_REPORT_CONTINUITY_H
#define RAPPORT_REPORT_CONTINUITY_H

#include <jansson.h>

#include "store.h"

typedef struct cont_risk_filter {
	const char *band;          /* "warning", "overdue" or NULL for both */
	int64_t liaison_user_id;   /* 0: every partner */
	int limit;                 /* most rows returned (the counts cover all) */
} cont_risk_filter;

/* {as_of, partners_checked, at_risk, overdue, warning, by_reason, truncated,
** items: [{rank, partner_id, name, points, band, reasons, ...}]}, ranked by
** points.  NULL with *rc on a store error.  Caller decrefs. */
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

#endif
