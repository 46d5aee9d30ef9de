/*
** report_stats.c: the few statistics reports share, with one definition
** each (see report.h): a median is the middle value (or the mean of the two
** middle values), a percentile is the nearest-rank percentile.  Both are
** defined once, over "the k-th smallest value" (stats_median_of,
** stats_percentile_of), so a report that can find the k-th value without
** sorting (the feedback summary's per-day sorted times) uses the very same
** ranks as one that sorts an array.
*/
#include "report.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

size_t stats_percentile_rank(size_t n, double p)
{
	if (n == 0) return 0;
	/* ceil(p/100 * n) in integers where p has at most three decimals
	** (0.9 * 10 in floating point is 9.000000000000002, whose ceiling is 10). */
	double scaled = p * 1000.0;
	size_t rank;
	if (p > 0 && p <= 100 && fabs(scaled - round(scaled)) < 1e-6) {
		unsigned long long q = (unsigned long long)llround(scaled);
		rank = (size_t)(((unsigned long long)n * q + 99999ULL) / 100000ULL);
	} else {
		double r = ceil(p / 100.0 * (double)n - 1e-9);
		rank = r < 1 ? 1 : r > (double)n ? n : (size_t)r;
	}
	return rank < 1 ? 1 : rank > n ? n : rank;
}

double stats_median_of(size_t n, stats_kth_fn kth, void *ctx)
{
	if (n == 0) return 0;
	if (n % 2) return kth(ctx, n / 2 + 1);
	return (kth(ctx, n / 2) + kth(ctx, n / 2 + 1)) / 2;
}

double stats_percentile_of(size_t n, double p, stats_kth_fn kth, void *ctx)
{
	if (n == 0) return 0;
	return kth(ctx, stats_percentile_rank(n, p));
}

static double sorted_kth(void *ctx, size_t k) { return ((const double *)ctx)[k - 1]; }

double stats_median(double *v, size_t n)
{
	if (n == 0) return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return stats_median_of(n, sorted_kth, v);
}

double stats_percentile(double *v, size_t n, double p)
{
	if (n == 0) return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return stats_percentile_of(n, p, sorted_kth, v);
}
