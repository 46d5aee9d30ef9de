/*
** report_stats.c: the few statistics reports share, with one definition
** each (see report.h): a median is the middle value (or the mean of the two
** middle values), a percentile is the nearest-rank percentile.
*/
#include "report.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

double stats_median(double *v, size_t n)
{
	if (n == 0) return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double stats_percentile(double *v, size_t n, double p)
{
	if (n == 0) return 0;
	qsort(v, n, sizeof *v, cmp_double);
	double rank = ceil(p / 100.0 * (double)n - 1e-9);   /* guard 0.9*10 = 9.000000000000002 */
	size_t k = rank < 1 ? 1 : rank > (double)n ? n : (size_t)rank;
	return v[k - 1];
}
