/*
** report_feedback.c: the feedback summary (definitions in
** report_feedback.h) and GET /api/v1/reports/feedback-summary.
**
** The period's figures per local day come from the rollup
** (feedback_rollup.c: a few thousand rows for a year), or from the records
** themselves while the rollup is stale; months and on/off cycle are worked
** out from the days here, from the election calendar as it is now, so a
** change of elections or of the cycle window shows at once (a change of
** time zone rebuilds the rollup).  Medians and percentiles are report.h's
** definitions, over each day's sorted times.
*/
#include "report_feedback.h"
#include "api.h"
#include "feedback.h"
#include "feedback_rollup.h"
#include "handlers.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

const char *report_period_problem(const char *from, const char *to)
{
	if (!from || !to) return "from and to are required (YYYY-MM-DD).";
	if (!date_valid(from) || !date_valid(to)) return "from and to must be real dates written YYYY-MM-DD.";
	if (strcmp(from, to) > 0) return "from must not be after to.";
	if (date_days(to) - date_days(from) >= REPORT_MAX_DAYS) return "A report covers at most 1,096 days (three years).";
	return NULL;
}

/* The days of a group (totals, a month, a cycle) and one kind of time, for
** finding the k-th smallest time without sorting: each day's times are
** sorted already, so the k-th value is the smallest v with k values <= v,
** found by bisection over v with a binary search in each day. */
typedef struct span {
	const feedback_days *fd;
	int *days;             /* indexes into fd->d with times of this kind */
	int n, cap;
	int kind;              /* 0 first action, 1 close */
	size_t count;          /* values in all */
} span;

static void span_add(span *s, int day)
{
	const fb_times *t = &s->fd->d[day].times[s->kind];
	if (!t->n) return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->days = xrealloc(s->days, (size_t)s->cap * sizeof *s->days);
	}
	s->days[s->n++] = day;
	s->count += (size_t)t->n;
}

static double span_kth(void *ctx, size_t k)
{
	const span *s = ctx;
	int32_t lo = INT32_MAX, hi = 0;
	/* Each day's window [wlo, whi) of positions still in doubt: values
	** before wlo are <= the answer's lower bound, values from whi on are
	** above its upper bound, so each day's search narrows as v does. */
	int *wlo = xcalloc((size_t)s->n * 3 + 1, sizeof *wlo), *whi = wlo + s->n, *split = whi + s->n;
	size_t below = 0;   /* values before the wlo positions */
	for (int j = 0; j < s->n; j++) {
		const fb_times *t = &s->fd->d[s->days[j]].times[s->kind];
		if (t->v[0] < lo) lo = t->v[0];
		if (t->v[t->n - 1] > hi) hi = t->v[t->n - 1];
		whi[j] = t->n;
	}
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		size_t at_most = below;
		for (int j = 0; j < s->n; j++) {
			const int32_t *v = s->fd->d[s->days[j]].times[s->kind].v;
			int a = wlo[j], b = whi[j];
			while (a < b) {
				int m = (a + b) / 2;
				if (v[m] <= mid) a = m + 1;
				else b = m;
			}
			split[j] = a;
			at_most += (size_t)(a - wlo[j]);
		}
		if (at_most >= k) {
			hi = mid;
			memcpy(whi, split, (size_t)s->n * sizeof *whi);
		} else {
			lo = mid + 1;
			below = at_most;
			memcpy(wlo, split, (size_t)s->n * sizeof *wlo);
		}
	}
	free(wlo);
	return (double)lo;
}

/* {count, median_seconds, p90_seconds} (see report_feedback.h). */
static json_t *span_stats(span *s)
{
	json_t *o;
	if (s->count == 0) {
		o = json_pack("{s:i, s:n, s:n}", "count", 0, "median_seconds", "p90_seconds");
	} else {
		double median = stats_median_of(s->count, span_kth, s);
		double p90 = stats_percentile_of(s->count, 90, span_kth, s);
		json_t *m = median == (double)(int64_t)median ? json_integer((json_int_t)median) : json_real(median);
		o = json_pack("{s:I, s:o, s:I}", "count", (json_int_t)s->count, "median_seconds", m, "p90_seconds",
		              (json_int_t)p90);
	}
	free(s->days);
	return o;
}

/* A group's counts, and for the timed groups the days it covers. */
typedef struct group {
	fb_count n;
	bool timed;
	span times[2];
} group;

static void group_init(group *g, const feedback_days *fd, bool timed)
{
	memset(g, 0, sizeof *g);
	g->timed = timed;
	for (int k = 0; k < 2; k++) g->times[k].fd = fd, g->times[k].kind = k;
}

static void group_add_day(group *g, int day)
{
	const fb_day *d = &g->times[0].fd->d[day];
	g->n.received += d->all.received;
	g->n.acted += d->all.acted;
	g->n.closed += d->all.closed;
	for (int k = 0; k < 2; k++) span_add(&g->times[k], day);
}

static json_t *count_json(const fb_count *n)
{
	return json_pack("{s:I, s:I, s:I}", "received", (json_int_t)n->received, "acted_on", (json_int_t)n->acted, "closed",
	                 (json_int_t)n->closed);
}

static json_t *group_json(group *g)
{
	json_t *o = count_json(&g->n);
	if (g->timed) {
		json_object_set_new(o, "time_to_first_action", span_stats(&g->times[0]));
		json_object_set_new(o, "time_to_close", span_stats(&g->times[1]));
	}
	return o;
}

static void count_sum(fb_count *to, const fb_count *n)
{
	to->received += n->received;
	to->acted += n->acted;
	to->closed += n->closed;
}

/* A small keyed set of counts (topics, languages) over the period. */
typedef struct keyed {
	char key[36];
	int64_t id;
	fb_count n;
	bool written;
} keyed;

static keyed *keyed_get(keyed **list, int *n, const char *key, int64_t id)
{
	for (int i = 0; i < *n; i++)
		if ((*list)[i].id == id && strcmp((*list)[i].key, key) == 0) return &(*list)[i];
	*list = xrealloc(*list, (size_t)(*n + 1) * sizeof **list);
	keyed *k = &(*list)[(*n)++];
	memset(k, 0, sizeof *k);
	k->id = id;
	snprintf(k->key, sizeof k->key, "%s", key);
	return k;
}

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->n.received != y->n.received) return x->n.received > y->n.received ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int month_index(const char *from, const char *ym)
{
	return (atoi(ym) - atoi(from)) * 12 + (atoi(ym + 5) - atoi(from + 5));
}

json_t *feedback_summary(store_conn *c, int64_t office, const char *from, const char *to, int *rc)
{
	const tz_zone *z = feedback_office_zone(c, office);
	char start[ISO_TIME_LEN], end[ISO_TIME_LEN];
	tz_date_range_utc(z, from, to, start, end);
	cycle_calendar cal;
	cycle_calendar_load(c, office, &cal);
	/* The period's days, from the rollup or, when it is stale, from the records. */
	feedback_days fd;
	feedback_days_init(&fd, from, to);
	*rc = feedback_rollup_fresh(c, office) ? feedback_days_load(c, office, &fd) : feedback_days_scan(c, office, z, &fd);

	int nmonths = month_index(from, to) + 1;
	group total, cycles[2], channels[FB_NCHANNELS];
	group *months = xcalloc((size_t)nmonths, sizeof *months);
	group_init(&total, &fd, true);
	group_init(&cycles[0], &fd, true);
	group_init(&cycles[1], &fd, true);
	for (int i = 0; i < nmonths; i++) group_init(&months[i], &fd, true);
	for (int i = 0; i < FB_NCHANNELS; i++) group_init(&channels[i], &fd, false);
	int64_t statuses[FB_NSTATUSES] = {0};
	keyed *topics = NULL, *langs = NULL;
	int ntopics = 0, nlangs = 0;
	for (int i = 0; i < fd.ndays; i++) {
		const fb_day *d = &fd.d[i];
		char day[11];
		tz_date_add_days(from, i, day);
		int mi = month_index(from, day);
		group_add_day(&total, i);
		if (mi >= 0 && mi < nmonths) group_add_day(&months[mi], i);
		group_add_day(&cycles[cycle_is_on(&cal, fd.day0 + i) ? 0 : 1], i);
		for (int k = 0; k < FB_NCHANNELS; k++) count_sum(&channels[k].n, &d->channel[k]);
		for (int k = 0; k < FB_NSTATUSES; k++) statuses[k] += d->status[k];
		for (int k = 0; k < d->ntopics; k++) count_sum(&keyed_get(&topics, &ntopics, "", d->topics[k].topic_id)->n, &d->topics[k].n);
		for (int k = 0; k < d->nlangs; k++) count_sum(&keyed_get(&langs, &nlangs, d->langs[k].key, 0)->n, &d->langs[k].n);
	}

	json_t *out = json_object();
	json_t *o = store_query_row(c, NULL, "SELECT id, name, timezone FROM offices WHERE id = ?", "i", office);
	json_object_set_new(out, "office", o ? o : json_null());
	json_object_set_new(out, "from", json_string(from));
	json_object_set_new(out, "to", json_string(to));
	json_object_set_new(out, "utc_start", json_string(start));
	json_object_set_new(out, "utc_end", json_string(end));
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	json_object_set_new(out, "generated_at", json_string(now));
	json_object_set_new(out, "on_cycle_days_before", json_integer(cal.before));
	json_object_set_new(out, "on_cycle_days_after", json_integer(cal.after));
	json_object_set_new(out, "totals", group_json(&total));

	json_t *by_month = json_array();
	for (int i = 0; i < nmonths; i++) {
		int y = atoi(from), m = atoi(from + 5) + i;
		y += (m - 1) / 12;
		m = (m - 1) % 12 + 1;
		json_t *g = group_json(&months[i]);
		char ym[16];
		snprintf(ym, sizeof ym, "%04d-%02d", y % 10000, m % 100);
		json_object_set_new(g, "month", json_string(ym));
		json_array_append_new(by_month, g);
	}
	free(months);
	json_object_set_new(out, "by_month", by_month);

	json_t *by_cycle = json_array();
	for (int i = 0; i < 2; i++) {
		json_t *g = group_json(&cycles[i]);
		json_object_set_new(g, "cycle", json_string(i == 0 ? "on" : "off"));
		json_array_append_new(by_cycle, g);
	}
	json_object_set_new(out, "by_cycle", by_cycle);

	json_t *by_channel = json_array();
	for (int i = 0; i < FB_NCHANNELS; i++) {
		json_t *g = group_json(&channels[i]);
		json_object_set_new(g, "channel", json_string(feedback_channels[i]));
		json_array_append_new(by_channel, g);
	}
	json_object_set_new(out, "by_channel", by_channel);

	json_t *by_status = json_array();
	for (int i = 0; i < FB_NSTATUSES; i++)
		json_array_append_new(by_status, json_pack("{s:s, s:I}", "status", feedback_statuses[i], "count",
		                                           (json_int_t)statuses[i]));
	json_object_set_new(out, "by_status", by_status);

	/* Topics by the office's names; every topic listed, unused ones with
	** zeros; then records with no topic (or one not on the list). */
	json_t *names = store_query_rows(c, NULL,
	    "SELECT id, name, active AS active_bool FROM feedback_topics WHERE office_id = ? ORDER BY sort_order, name, id",
	    "i", office);
	json_t *by_topic = json_array();
	size_t i;
	json_t *tr;
	json_array_foreach(names, i, tr) {
		keyed *k = keyed_get(&topics, &ntopics, "", json_integer_value(json_object_get(tr, "id")));
		json_t *gj = count_json(&k->n);
		k->written = true;
		json_object_set(gj, "topic_id", json_object_get(tr, "id"));
		json_object_set(gj, "topic", json_object_get(tr, "name"));
		json_array_append_new(by_topic, gj);
	}
	for (int k = 0; k < ntopics; k++) {
		if (topics[k].written || topics[k].n.received == 0) continue;
		json_t *gj = count_json(&topics[k].n);
		int64_t tid = topics[k].id;
		json_object_set_new(gj, "topic_id", tid ? json_integer(tid) : json_null());
		json_object_set_new(gj, "topic", tid ? json_string("(unknown)") : json_null());
		json_array_append_new(by_topic, gj);
	}
	json_decref(names);
	free(topics);
	json_object_set_new(out, "by_topic", by_topic);

	if (nlangs > 1) qsort(langs, (size_t)nlangs, sizeof *langs, cmp_keyed);
	json_t *by_language = json_array();
	for (int k = 0; k < nlangs; k++) {
		if (langs[k].n.received == 0) continue;
		json_t *gj = count_json(&langs[k].n);
		json_object_set_new(gj, "language", json_string(langs[k].key));
		json_array_append_new(by_language, gj);
	}
	free(langs);
	json_object_set_new(out, "by_language", by_language);
	feedback_days_free(&fd);

	/* Solicitations held in the period, by month and cycle. */
	int64_t *sol_months = xcalloc((size_t)nmonths, sizeof *sol_months), sol_on = 0, sol_off = 0;
	store_stmt *st = store_prepare(c, "SELECT held_on FROM solicitations WHERE office_id = ? AND held_on >= ? AND held_on <= ?");
	store_bind(st, "itt", office, from, to);
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *d = store_col_text(st, 0);
		if (!date_valid(d)) continue;
		int mi = month_index(from, d);
		if (mi >= 0 && mi < nmonths) sol_months[mi]++;
		if (cycle_is_on(&cal, date_days(d))) sol_on++;
		else sol_off++;
	}
	store_reset(st);
	if (step != STORE_DONE && *rc == STORE_OK) *rc = step;
	json_t *sm = json_array();
	for (int k = 0; k < nmonths; k++)
		json_array_append_new(sm, json_pack("{s:O, s:I}", "month",
		    json_object_get(json_array_get(by_month, (size_t)k), "month"), "count", (json_int_t)sol_months[k]));
	free(sol_months);
	json_object_set_new(out, "solicitations", json_pack("{s:I, s:o, s:[{s:s, s:I}, {s:s, s:I}]}",
	    "total", (json_int_t)(sol_on + sol_off), "by_month", sm, "by_cycle", "cycle", "on", "count",
	    (json_int_t)sol_on, "cycle", "off", "count", (json_int_t)sol_off));
	cycle_calendar_free(&cal);
	if (*rc != STORE_OK) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* GET /api/v1/reports/feedback-summary?from=&to= (viewer). */
void api_report_feedback_summary(http_req *r)
{
	const char *from = http_query(r, "from"), *to = http_query(r, "to");
	const char *why = report_period_problem(from, to);
	if (why) {
		const char *field = !from || !date_valid(from) ? "from" : !to || !date_valid(to) ? "to" : "from";
		return http_reply_error(r, 422, !from || !to ? "validation.required" : strstr(why, "real") ? "validation.date" : "validation.range",
		                        field, "%s", why);
	}
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int rc;
	json_t *s = feedback_summary(c, r->caller.office_id, from, to, &rc);
	if (!s) return api_fail(r, rc);
	api_read_reply(r, s);
}

static void fmt_duration(buf *b, json_t *v)
{
	if (!json_is_number(v)) {
		buf_puts(b, "-");
		return;
	}
	double s = json_number_value(v);
	if (s < 3600) buf_printf(b, "%.0fm", s / 60);
	else if (s < 86400 * 2) buf_printf(b, "%.1fh", s / 3600);
	else buf_printf(b, "%.1fd", s / 86400);
}

static void text_row(buf *b, const char *label, json_t *g)
{
	buf_printf(b, "  %-22s %8lld %8lld %8lld", label, (long long)json_integer_value(json_object_get(g, "received")),
	           (long long)json_integer_value(json_object_get(g, "acted_on")),
	           (long long)json_integer_value(json_object_get(g, "closed")));
	json_t *fa = json_object_get(g, "time_to_first_action"), *cl = json_object_get(g, "time_to_close");
	if (fa) {
		buf_puts(b, "   ");
		fmt_duration(b, json_object_get(fa, "median_seconds"));
		buf_puts(b, " / ");
		fmt_duration(b, json_object_get(fa, "p90_seconds"));
		buf_puts(b, "   ");
		fmt_duration(b, json_object_get(cl, "median_seconds"));
		buf_puts(b, " / ");
		fmt_duration(b, json_object_get(cl, "p90_seconds"));
	}
	buf_putc(b, '\n');
}

char *feedback_summary_text(json_t *s)
{
	buf b = BUF_INIT;
	json_t *o = json_object_get(s, "office");
	buf_printf(&b, "Feedback summary: %s, %s to %s (%s)\n", json_string_value(json_object_get(o, "name")),
	           json_string_value(json_object_get(s, "from")), json_string_value(json_object_get(s, "to")),
	           json_string_value(json_object_get(o, "timezone")));
	buf_printf(&b, "On-cycle: %lld days before to %lld days after an election\n\n",
	           (long long)json_integer_value(json_object_get(s, "on_cycle_days_before")),
	           (long long)json_integer_value(json_object_get(s, "on_cycle_days_after")));
	buf_printf(&b, "  %-22s %8s %8s %8s   %s   %s\n", "", "received", "acted", "closed", "first action med/p90",
	           "close med/p90");
	text_row(&b, "total", json_object_get(s, "totals"));
	size_t i;
	json_t *g;
	buf_puts(&b, "\nby month\n");
	json_array_foreach(json_object_get(s, "by_month"), i, g) text_row(&b, json_string_value(json_object_get(g, "month")), g);
	buf_puts(&b, "\nby cycle\n");
	json_array_foreach(json_object_get(s, "by_cycle"), i, g) text_row(&b, json_string_value(json_object_get(g, "cycle")), g);
	buf_puts(&b, "\nby channel\n");
	json_array_foreach(json_object_get(s, "by_channel"), i, g) text_row(&b, json_string_value(json_object_get(g, "channel")), g);
	buf_puts(&b, "\nby topic\n");
	json_array_foreach(json_object_get(s, "by_topic"), i, g) {
		const char *t = json_string_value(json_object_get(g, "topic"));
		text_row(&b, t ? t : "(none)", g);
	}
	buf_puts(&b, "\nby language\n");
	json_array_foreach(json_object_get(s, "by_language"), i, g) text_row(&b, json_string_value(json_object_get(g, "language")), g);
	buf_puts(&b, "\nby status (now)\n");
	json_array_foreach(json_object_get(s, "by_status"), i, g)
		buf_printf(&b, "  %-22s %8lld\n", json_string_value(json_object_get(g, "status")),
		           (long long)json_integer_value(json_object_get(g, "count")));
	json_t *sol = json_object_get(s, "solicitations");
	buf_printf(&b, "\nsolicitations: %lld", (long long)json_integer_value(json_object_get(sol, "total")));
	json_array_foreach(json_object_get(sol, "by_cycle"), i, g)
		buf_printf(&b, "%s %s-cycle %lld", i ? "," : " (", json_string_value(json_object_get(g, "cycle")),
		           (long long)json_integer_value(json_object_get(g, "count")));
	buf_puts(&b, ")\n");
	json_array_foreach(json_object_get(sol, "by_month"), i, g)
		buf_printf(&b, "  %-22s %8lld\n", json_string_value(json_object_get(g, "month")),
		           (long long)json_integer_value(json_object_get(g, "count")));
	return buf_take(&b);
}
