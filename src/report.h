/*
** report.h: reports computed from an office's records, shared by the API
** (GET /api/v1/reports/...), the command line (rapport report ...) and the
** unit tests.  Each report is a function of the store, the office and a
** period, returning JSON; nothing here writes a reply or prints.
*/
#ifndef RAPPORT_REPORT_H
#define RAPPORT_REPORT_H

#include <stddef.h>

#include "store.h"

/* Statistics over n values (report_stats.c).
** stats_median: the middle value of the sorted values, or the mean of the
**   two middle values when n is even.
** stats_percentile: the nearest-rank percentile: the value at 1-based rank
**   ceil(p/100 * n) of the sorted values (p in (0, 100]).
** Both sort v in place; both return 0 for n == 0 (callers report null).
** The _of forms are the definitions: they take the k-th smallest of n
** values (k 1-based) from kth(ctx, k), for values kept in some other order
** (the feedback summary's per-day sorted times).
** stats_percentile_rank: that rank, ceil(p/100 * n), exact in integers. */
double stats_median(double *v, size_t n);
double stats_percentile(double *v, size_t n, double p);
typedef double (*stats_kth_fn)(void *ctx, size_t k);
double stats_median_of(size_t n, stats_kth_fn kth, void *ctx);
double stats_percentile_of(size_t n, double p, stats_kth_fn kth, void *ctx);
size_t stats_percentile_rank(size_t n, double p);

/* The misconception measures for claims first seen from `from` to `to`
** (dates YYYY-MM-DD, inclusive, UTC), as of `now` (epoch seconds):
** time from first sighting to first published response (median and 90th
** percentile, overall, by severity and by month of first sighting), claims
** open past their target, sightings per claim, partners asked versus
** partners who shared (asks made in the period).  NULL on a store error.
** Caller decrefs.  report_misconceptions.c. */
json_t *report_misconceptions(store_conn *c, int64_t office_id, const char *from, const char *to, int64_t now);

/* rapport report misconceptions ... (report_misconceptions_cli.c); the
** rapport report dispatcher (report_feedback_cli.c) lists it. */
int report_misconceptions_cli(int argc, char **argv);

#endif
