/*
** report_feedback.c: the feedback summary (definitions in
** report_feedback.h) and GET /api/v1/reports/feedback-summary.
**
** One pass over the period's rows (read from a covering index), grouping in
** memory: local dates come from tz.c, cycles from the election calendar,
** so a change of the office's time zone or elections is reflected at once.
*/
#include "report_feedback.h"
#include "api.h"
#include "feedback.h"
#include "handlers.h"

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

/* A growable list of durations in seconds. */
typedef struct durations {
	int64_t *v;
	size_t n, cap;
} durations;

static void dur_add(durations *d, int64_t x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = x < 0 ? 0 : x;
}

/* Rearranges v[0..n) so that v[k] is the value a full sort would put there,
** with nothing larger before it and nothing smaller after (Hoare's
** selection, median-of-three pivots): linear time where sorting is not. */
static int64_t select_kth(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t a = v[lo], b = v[mid], c = v[hi];
		int64_t pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot) i++;
			while (v[j] > pivot) j--;
			if (i <= j) {
				int64_t tmp = v[i];
				v[i] = v[j];
				v[j] = tmp;
				i++;
				if (j == 0) break;
				j--;
			}
		}
		if (k <= j) hi = j;
		else if (k >= i) lo = i;
		else break;
	}
	return v[k];
}

void report_median_p90(int64_t *v, size_t n, double *median, int64_t *p90)
{
	/* Nearest rank: the ceil(0.9 n)-th value, 1-based, in integers (0.9 * 10
	** in floating point is 9.000000000000002, whose ceiling is 10). */
	size_t rank = (n * 9 + 9) / 10;
	*p90 = select_kth(v, n, rank - 1);
	int64_t upper = select_kth(v, n, n / 2);
	if (n % 2) {
		*median = (double)upper;
		return;
	}
	/* The lower middle value is the largest of those left of the upper one. */
	int64_t lower = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lower) lower = v[i];
	*median = ((double)lower + (double)upper) / 2.0;
}

/* {count, median_seconds, p90_seconds} (see report_feedback.h). */
static json_t *dur_stats(durations *d)
{
	if (d->n == 0) return json_pack("{s:i, s:n, s:n}", "count", 0, "median_seconds", "p90_seconds");
	double median;
	int64_t p90;
	report_median_p90(d->v, d->n, &median, &p90);
	json_t *m = median == (double)(int64_t)median ? json_integer((json_int_t)median) : json_real(median);
	return json_pack("{s:i, s:o, s:I}", "count", (json_int_t)d->n, "median_seconds", m, "p90_seconds", (json_int_t)p90);
}

typedef struct group {
	int64_t received, acted_on, closed;
	durations first, close;
	bool timed;   /* keep durations for this group */
} group;

static void group_add(group *g, bool acted, bool closed, int64_t first_secs, int64_t close_secs)
{
	g->received++;
	g->acted_on += acted;
	g->closed += closed;
	if (!g->timed) return;
	if (first_secs >= 0) dur_add(&g->first, first_secs);
	if (close_secs >= 0) dur_add(&g->close, close_secs);
}

static json_t *group_json(group *g)
{
	json_t *o = json_pack("{s:I, s:I, s:I}", "received", (json_int_t)g->received, "acted_on",
	                      (json_int_t)g->acted_on, "closed", (json_int_t)g->closed);
	if (g->timed) {
		json_object_set_new(o, "time_to_first_action", dur_stats(&g->first));
		json_object_set_new(o, "time_to_close", dur_stats(&g->close));
	}
	free(g->first.v);
	free(g->close.v);
	return o;
}

/* A small keyed set of groups (topics, languages). */
typedef struct keyed {
	char key[40];
	int64_t id;
	group g;
} keyed;

static group *keyed_get_id(keyed **list, int *n, int64_t id)
{
	for (int i = 0; i < *n; i++)
		if ((*list)[i].id == id) return &(*list)[i].g;
	*list = xrealloc(*list, (size_t)(*n + 1) * sizeof **list);
	keyed *k = &(*list)[(*n)++];
	memset(k, 0, sizeof *k);
	k->id = id;
	snprintf(k->key, sizeof k->key, "%lld", (long long)id);
	return &k->g;
}

/* Stored times are "YYYY-MM-DDTHH:MM:SSZ"; read them without the general
** parser's checks (falling back to it for anything else). */
static bool fast_time(const char *s, int64_t *out)
{
	if (!s) return false;
	for (int i = 0; i < 20; i++) {
		char ch = s[i];
		bool digit = ch >= '0' && ch <= '9';
		if (i == 4 || i == 7 ? ch != '-' : i == 10 ? ch != 'T' : i == 13 || i == 16 ? ch != ':' : i == 19 ? ch != 'Z' : !digit)
			return time_parse_iso(s, out);
	}
	if (s[20]) return time_parse_iso(s, out);
#define D2(p) ((s[p] - '0') * 10 + (s[p + 1] - '0'))
	int y = D2(0) * 100 + D2(2), mo = D2(5), d = D2(8);
	if (mo < 1 || mo > 12 || d < 1 || d > 31) return time_parse_iso(s, out);
	*out = tz_days_from_civil(y, mo, d) * 86400 + D2(11) * 3600 + D2(14) * 60 + D2(17);
#undef D2
	return true;
}

static group *keyed_get(keyed **list, int *n, const char *key)
{
	for (int i = 0; i < *n; i++)
		if (strcmp((*list)[i].key, key) == 0) return &(*list)[i].g;
	*list = xrealloc(*list, (size_t)(*n + 1) * sizeof **list);
	keyed *k = &(*list)[(*n)++];
	memset(k, 0, sizeof *k);
	snprintf(k->key, sizeof k->key, "%s", key);
	return &k->g;
}

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	if (x->g.received != y->g.received) return x->g.received > y->g.received ? -1 : 1;
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
	int nmonths = month_index(from, to) + 1;
	group total = {.timed = true}, cycles[2] = {{.timed = true}, {.timed = true}};
	group *months = xcalloc((size_t)nmonths, sizeof *months);
	for (int i = 0; i < nmonths; i++) months[i].timed = true;
	int nch = 0, nst = 0;
	while (feedback_channels[nch]) nch++;
	while (feedback_statuses[nst]) nst++;
	group channels[16] = {{0}};
	int64_t statuses[16] = {0};
	keyed *topics = NULL, *langs = NULL;
	int ntopics = 0, nlangs = 0;
	*rc = STORE_OK;

	/* The period's local days: where each starts in UTC, its month and cycle,
	** so each row needs only a binary search (zone rules are applied once a day,
	** not once a row). */
	int ndays = (int)(date_days(to) - date_days(from)) + 1;
	int64_t *day_start = xcalloc((size_t)ndays + 1, sizeof *day_start);
	int *day_month = xcalloc((size_t)ndays, sizeof *day_month);
	bool *day_on = xcalloc((size_t)ndays, sizeof *day_on);
	for (int i = 0; i <= ndays; i++) {
		char d[11];
		tz_date_add_days(from, i, d);
		tz_local_midnight(z, d, &day_start[i]);
		if (i < ndays) {
			day_month[i] = month_index(from, d);
			day_on[i] = cycle_is_on(&cal, date_days(d));
		}
	}
	store_stmt *st = store_prepare(c,
	    "SELECT received_at, channel, topic_id, language, status, first_action_at, action_taken_at, closed_at"
	    " FROM feedback WHERE office_id = ? AND received_at >= ? AND received_at < ?");
	store_bind(st, "itt", office, start, end);
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t t_recv, t;
		if (!fast_time(store_col_text(st, 0), &t_recv)) continue;
		int lo = 0, hi = ndays - 1;   /* the last day starting at or before t_recv */
		while (lo < hi) {
			int mid = (lo + hi + 1) / 2;
			if (day_start[mid] <= t_recv) lo = mid;
			else hi = mid - 1;
		}
		int mi = day_month[lo];
		bool on = day_on[lo];
		const char *status = store_col_text(st, 4);
		bool acted = !store_col_null(st, 6);
		bool closed = !feedback_status_open(status);
		int64_t first = -1, close = -1;
		if (!store_col_null(st, 5) && fast_time(store_col_text(st, 5), &t)) first = t - t_recv < 0 ? 0 : t - t_recv;
		if (closed && !store_col_null(st, 7) && fast_time(store_col_text(st, 7), &t)) close = t - t_recv < 0 ? 0 : t - t_recv;
		group_add(&total, acted, closed, first, close);
		if (mi >= 0 && mi < nmonths) group_add(&months[mi], acted, closed, first, close);
		group_add(&cycles[on ? 0 : 1], acted, closed, first, close);
		const char *channel = store_col_text(st, 1);
		for (int i = 0; i < nch; i++)
			if (str_eq(feedback_channels[i], channel)) {
				group_add(&channels[i], acted, closed, -1, -1);
				break;
			}
		for (int i = 0; i < nst; i++)
			if (str_eq(feedback_statuses[i], status)) {
				statuses[i]++;
				break;
			}
		group_add(keyed_get_id(&topics, &ntopics, store_col_null(st, 2) ? 0 : store_col_int(st, 2)), acted, closed, -1, -1);
		group_add(keyed_get(&langs, &nlangs, store_col_text(st, 3) ? store_col_text(st, 3) : "und"), acted, closed, -1, -1);
	}
	free(day_start);
	free(day_month);
	free(day_on);
	store_reset(st);
	if (step != STORE_DONE) *rc = step;

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
	for (int i = 0; i < nch; i++) {
		json_t *g = group_json(&channels[i]);
		json_object_set_new(g, "channel", json_string(feedback_channels[i]));
		json_array_append_new(by_channel, g);
	}
	json_object_set_new(out, "by_channel", by_channel);

	json_t *by_status = json_array();
	for (int i = 0; i < nst; i++)
		json_array_append_new(by_status, json_pack("{s:s, s:I}", "status", feedback_statuses[i], "count",
		                                           (json_int_t)statuses[i]));
	json_object_set_new(out, "by_status", by_status);

	/* Topics by the office's names; every topic listed, unused ones with zeros. */
	json_t *names = store_query_rows(c, NULL,
	    "SELECT id, name, active AS active_bool FROM feedback_topics WHERE office_id = ? ORDER BY sort_order, name, id",
	    "i", office);
	json_t *by_topic = json_array();
	size_t i;
	json_t *tr;
	json_array_foreach(names, i, tr) {
		group *g = keyed_get_id(&topics, &ntopics, json_integer_value(json_object_get(tr, "id")));
		json_t *gj = group_json(g);
		memset(g, 0, sizeof *g);
		g->received = -1;   /* written */
		json_object_set(gj, "topic_id", json_object_get(tr, "id"));
		json_object_set(gj, "topic", json_object_get(tr, "name"));
		json_array_append_new(by_topic, gj);
	}
	for (int k = 0; k < ntopics; k++) {
		if (topics[k].g.received < 0 || topics[k].g.received == 0) continue;
		json_t *gj = group_json(&topics[k].g);
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
		json_t *gj = group_json(&langs[k].g);
		json_object_set_new(gj, "language", json_string(langs[k].key));
		json_array_append_new(by_language, gj);
	}
	free(langs);
	json_object_set_new(out, "by_language", by_language);

	/* Solicitations held in the period, by month and cycle. */
	int64_t *sol_months = xcalloc((size_t)nmonths, sizeof *sol_months), sol_on = 0, sol_off = 0;
	st = store_prepare(c, "SELECT held_on FROM solicitations WHERE office_id = ? AND held_on >= ? AND held_on <= ?");
	store_bind(st, "itt", office, from, to);
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
