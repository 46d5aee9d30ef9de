/*
** feedback_rollup.c: the feedback summary's per-day figures and the rollup
** tables that keep them (see feedback_rollup.h and
** sql/009_feedback_rollup.sql).
**
** Guarantees: the rollup after any sequence of feedback_rollup_apply calls
** holds exactly what feedback_rollup_rebuild would count from the records
** (tests/unit/test_feedback_rollup.c, tests/api/06-feedback-rollup.test.mjs);
** a stale or inconsistent rollup is never read: it is marked stale and the
** report counts the records until the next write rebuilds it.  Writers take
** the office's row lock first, so on PostgreSQL two transactions never
** interleave their changes to one office's rollup.
*/
#include "feedback_rollup.h"
#include "feedback.h"

#include <stdlib.h>
#include <string.h>

static const char *const dims[] = {"all", "channel", "language", "status", "topic"};

void feedback_days_init(feedback_days *f, const char *from, const char *to)
{
	snprintf(f->from, sizeof f->from, "%s", from);
	snprintf(f->to, sizeof f->to, "%s", to);
	f->day0 = date_days(from);
	f->ndays = (int)(date_days(to) - f->day0) + 1;
	f->d = xcalloc((size_t)f->ndays, sizeof *f->d);
}

void feedback_days_free(feedback_days *f)
{
	for (int i = 0; i < f->ndays; i++) {
		free(f->d[i].langs);
		free(f->d[i].topics);
		free(f->d[i].times[0].v);
		free(f->d[i].times[1].v);
	}
	free(f->d);
	f->d = NULL;
	f->ndays = 0;
}

static int index_of(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (str_eq(list[i], s)) return i;
	return -1;
}

static fb_count *lang_of(fb_day *d, const char *lang)
{
	for (int i = 0; i < d->nlangs; i++)
		if (strcmp(d->langs[i].key, lang) == 0) return &d->langs[i].n;
	d->langs = xrealloc(d->langs, (size_t)(d->nlangs + 1) * sizeof *d->langs);
	fb_keyed *k = &d->langs[d->nlangs++];
	memset(k, 0, sizeof *k);
	snprintf(k->key, sizeof k->key, "%s", lang);
	return &k->n;
}

static fb_count *topic_of(fb_day *d, int64_t topic)
{
	for (int i = 0; i < d->ntopics; i++)
		if (d->topics[i].topic_id == topic) return &d->topics[i].n;
	d->topics = xrealloc(d->topics, (size_t)(d->ntopics + 1) * sizeof *d->topics);
	fb_keyed *k = &d->topics[d->ntopics++];
	memset(k, 0, sizeof *k);
	k->topic_id = topic;
	return &k->n;
}

static void times_push(fb_times *t, int64_t secs)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
	}
	t->v[t->n++] = (int32_t)(secs > FB_SECS_MAX ? FB_SECS_MAX : secs);
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}

static void count_add(fb_count *n, const feedback_fact *f)
{
	n->received++;
	n->acted += f->acted;
	n->closed += f->closed;
}

/* Adds a record to its day (times unsorted until the caller sorts). */
static void days_add(feedback_days *fd, const feedback_fact *f)
{
	int64_t i = date_days(f->day) - fd->day0;
	if (i < 0 || i >= fd->ndays) return;
	fb_day *d = &fd->d[i];
	count_add(&d->all, f);
	int ch = index_of(feedback_channels, f->channel), st = index_of(feedback_statuses, f->status);
	if (ch >= 0 && ch < FB_NCHANNELS) count_add(&d->channel[ch], f);
	if (st >= 0 && st < FB_NSTATUSES) d->status[st]++;
	count_add(lang_of(d, f->language), f);
	count_add(topic_of(d, f->topic_id), f);
	for (int k = 0; k < 2; k++)
		if (f->secs[k] >= 0) times_push(&d->times[k], f->secs[k]);
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

/* A record's contribution from its columns: received_at, channel,
** topic_id, language, status, first_action_at, action_taken_at, closed_at.
** The local date comes from day_of (the caller's way of finding it). */
static bool fact_from_row(store_stmt *st, feedback_fact *f, int64_t *t_recv)
{
	memset(f, 0, sizeof *f);
	if (!fast_time(store_col_text(st, 0), t_recv)) return false;
	f->present = true;
	snprintf(f->channel, sizeof f->channel, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "");
	f->topic_id = store_col_null(st, 2) ? 0 : store_col_int(st, 2);
	snprintf(f->language, sizeof f->language, "%s", store_col_text(st, 3) ? store_col_text(st, 3) : "und");
	snprintf(f->status, sizeof f->status, "%s", store_col_text(st, 4) ? store_col_text(st, 4) : "");
	f->acted = !store_col_null(st, 6);
	f->closed = !feedback_status_open(f->status);
	f->secs[0] = f->secs[1] = -1;
	int64_t t;
	if (!store_col_null(st, 5) && fast_time(store_col_text(st, 5), &t)) f->secs[0] = t - *t_recv < 0 ? 0 : t - *t_recv;
	if (f->closed && !store_col_null(st, 7) && fast_time(store_col_text(st, 7), &t))
		f->secs[1] = t - *t_recv < 0 ? 0 : t - *t_recv;
	return true;
}

static void days_sort(feedback_days *fd)
{
	for (int i = 0; i < fd->ndays; i++)
		for (int k = 0; k < 2; k++)
			if (fd->d[i].times[k].n > 1)
				qsort(fd->d[i].times[k].v, (size_t)fd->d[i].times[k].n, sizeof(int32_t), cmp_i32);
}

int feedback_days_scan(store_conn *c, int64_t office_id, const tz_zone *z, feedback_days *fd)
{
	const char *from = fd->from, *to = fd->to;
	char start[ISO_TIME_LEN], end[ISO_TIME_LEN];
	tz_date_range_utc(z, from, to, start, end);
	/* Where each local day starts in UTC, so each row needs a binary search
	** rather than the zone's rules. */
	int64_t *day_start = xcalloc((size_t)fd->ndays + 1, sizeof *day_start);
	for (int i = 0; i <= fd->ndays; i++) {
		char day[11];
		tz_date_add_days(from, i, day);
		tz_local_midnight(z, day, &day_start[i]);
	}
	store_stmt *st = store_prepare(c,
	    "SELECT received_at, channel, topic_id, language, status, first_action_at, action_taken_at, closed_at"
	    " FROM feedback WHERE office_id = ? AND received_at >= ? AND received_at < ?");
	store_bind(st, "itt", office_id, start, end);
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		feedback_fact f;
		int64_t t;
		if (!fact_from_row(st, &f, &t)) continue;
		int lo = 0, hi = fd->ndays - 1;   /* the last day starting at or before t */
		while (lo < hi) {
			int mid = (lo + hi + 1) / 2;
			if (day_start[mid] <= t) lo = mid;
			else hi = mid - 1;
		}
		tz_date_add_days(from, lo, f.day);
		days_add(fd, &f);
	}
	store_reset(st);
	free(day_start);
	days_sort(fd);
	return step == STORE_DONE ? STORE_OK : step;
}

/* ---- the packed times: five characters per value, '0' + 6 bits each ---- */

static void secs_put(char *out, int64_t v)
{
	if (v < 0) v = 0;
	if (v > FB_SECS_MAX) v = FB_SECS_MAX;
	for (int i = 0; i < 5; i++) out[i] = (char)('0' + ((v >> (6 * (4 - i))) & 63));
}

static int32_t secs_get(const char *p)
{
	int32_t v = 0;
	for (int i = 0; i < 5; i++) v = (v << 6) | ((p[i] - '0') & 63);
	return v;
}

int feedback_days_load(store_conn *c, int64_t office_id, feedback_days *fd)
{
	const char *from = fd->from, *to = fd->to;
	int step;

	store_stmt *st = store_prepare(c,
	    "SELECT day, dim, key, received, acted, closed FROM feedback_day_counts"
	    " WHERE office_id = ? AND day >= ? AND day <= ?");
	store_bind(st, "itt", office_id, from, to);
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t i = date_days(store_col_text(st, 0)) - fd->day0;
		if (i < 0 || i >= fd->ndays) continue;
		fb_day *day = &fd->d[i];
		const char *dim = store_col_text(st, 1), *key = store_col_text(st, 2);
		fb_count n = {store_col_int(st, 3), store_col_int(st, 4), store_col_int(st, 5)}, *to_n = NULL;
		if (str_eq(dim, "all")) to_n = &day->all;
		else if (str_eq(dim, "channel")) {
			int k = index_of(feedback_channels, key);
			if (k >= 0 && k < FB_NCHANNELS) to_n = &day->channel[k];
		} else if (str_eq(dim, "language")) to_n = lang_of(day, key);
		else if (str_eq(dim, "topic")) to_n = topic_of(day, 0);
		else if (str_eq(dim, "status")) {
			int k = index_of(feedback_statuses, key);
			if (k >= 0 && k < FB_NSTATUSES) day->status[k] += n.received;
		}
		if (to_n) to_n->received += n.received, to_n->acted += n.acted, to_n->closed += n.closed;
	}
	store_reset(st);
	if (step != STORE_DONE) return step;

	st = store_prepare(c,
	    "SELECT day, topic_id, received, acted, closed FROM feedback_day_topics"
	    " WHERE office_id = ? AND day >= ? AND day <= ?");
	store_bind(st, "itt", office_id, from, to);
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t i = date_days(store_col_text(st, 0)) - fd->day0;
		if (i < 0 || i >= fd->ndays) continue;
		fb_count *n = topic_of(&fd->d[i], store_col_int(st, 1));
		n->received += store_col_int(st, 2);
		n->acted += store_col_int(st, 3);
		n->closed += store_col_int(st, 4);
	}
	store_reset(st);
	if (step != STORE_DONE) return step;

	st = store_prepare(c, "SELECT day, kind, secs FROM feedback_day_times WHERE office_id = ? AND day >= ? AND day <= ?");
	store_bind(st, "itt", office_id, from, to);
	while ((step = store_step(st)) == STORE_ROW) {
		int64_t i = date_days(store_col_text(st, 0)) - fd->day0;
		const char *secs = store_col_text(st, 2);
		if (i < 0 || i >= fd->ndays || !secs) continue;
		fb_times *t = &fd->d[i].times[str_eq(store_col_text(st, 1), "close") ? 1 : 0];
		size_t n = strlen(secs) / 5;
		t->v = xrealloc(t->v, (n ? n : 1) * sizeof *t->v);
		t->n = t->cap = (int)n;
		for (size_t k = 0; k < n; k++) t->v[k] = secs_get(secs + 5 * k);
	}
	store_reset(st);
	return step == STORE_DONE ? STORE_OK : step;
}

/* ---- keeping the rollup ---- */

bool feedback_rollup_fresh(store_conn *c, int64_t office_id)
{
	return store_query_int(c, 0,
	    "SELECT 1 FROM feedback_rollup_state s JOIN offices o ON o.id = s.office_id"
	    " WHERE s.office_id = ? AND s.timezone = o.timezone", "i", office_id) == 1;
}

int feedback_fact_read(store_conn *c, int64_t office_id, int64_t id, feedback_fact *f)
{
	memset(f, 0, sizeof *f);
	if (store_exec(c, "UPDATE offices SET version = version WHERE id = ?", "i", office_id) < 0) return STORE_ERROR;
	store_stmt *st = store_prepare(c,
	    "SELECT received_at, channel, topic_id, language, status, first_action_at, action_taken_at, closed_at"
	    " FROM feedback WHERE office_id = ? AND id = ?");
	store_bind(st, "ii", office_id, id);
	int step = store_step(st);
	int64_t t;
	if (step == STORE_ROW && fact_from_row(st, f, &t)) tz_local_date(feedback_office_zone(c, office_id), t, f->day);
	store_reset(st);
	return step == STORE_ROW || step == STORE_DONE ? STORE_OK : step;
}

static int counts_add(store_conn *c, int64_t office, const char *day, const char *dim, const char *key, int64_t sign,
                      const feedback_fact *f)
{
	bool status = str_eq(dim, "status");
	return store_exec(c,
	    "INSERT INTO feedback_day_counts(office_id, day, dim, key, received, acted, closed) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (office_id, day, dim, key) DO UPDATE SET received = feedback_day_counts.received + excluded.received,"
	    " acted = feedback_day_counts.acted + excluded.acted, closed = feedback_day_counts.closed + excluded.closed",
	    "itttiii", office, day, dim, key, sign, status ? (int64_t)0 : sign * f->acted,
	    status ? (int64_t)0 : sign * f->closed);
}

/* Adds (sign 1) or takes away (sign -1) one record's counts. */
static int counts_apply(store_conn *c, int64_t office, const feedback_fact *f, int64_t sign)
{
	int rc = counts_add(c, office, f->day, "all", "", sign, f);
	if (rc >= 0) rc = counts_add(c, office, f->day, "channel", f->channel, sign, f);
	if (rc >= 0) rc = counts_add(c, office, f->day, "language", f->language, sign, f);
	if (rc >= 0) rc = counts_add(c, office, f->day, "status", f->status, sign, f);
	if (rc >= 0 && !f->topic_id) rc = counts_add(c, office, f->day, "topic", "", sign, f);
	if (rc >= 0 && f->topic_id)
		rc = store_exec(c,
		    "INSERT INTO feedback_day_topics(office_id, day, topic_id, received, acted, closed) VALUES (?, ?, ?, ?, ?, ?)"
		    " ON CONFLICT (office_id, day, topic_id) DO UPDATE SET received = feedback_day_topics.received + excluded.received,"
		    " acted = feedback_day_topics.acted + excluded.acted, closed = feedback_day_topics.closed + excluded.closed",
		    "itiiii", office, f->day, f->topic_id, sign, sign * f->acted, sign * f->closed);
	if (rc >= 0 && sign < 0)
		rc = store_exec(c, "DELETE FROM feedback_day_counts WHERE office_id = ? AND day = ? AND received = 0"
		                   " AND acted = 0 AND closed = 0", "it", office, f->day);
	if (rc >= 0 && sign < 0 && f->topic_id)
		rc = store_exec(c, "DELETE FROM feedback_day_topics WHERE office_id = ? AND day = ? AND topic_id = ?"
		                   " AND received = 0 AND acted = 0 AND closed = 0", "iti", office, f->day, f->topic_id);
	return rc < 0 ? rc : STORE_OK;
}

/* Inserts (add) or removes one value in a day's sorted times.  False when
** a value to remove is not there (the rollup is inconsistent). */
static int times_change(store_conn *c, int64_t office, const char *day, int kind, int64_t secs, bool add, bool *missing)
{
	static const char *const kinds[] = {"first", "close"};
	int rc;
	json_t *row = store_query_row(c, &rc, "SELECT secs FROM feedback_day_times WHERE office_id = ? AND day = ? AND kind = ?",
	                              "itt", office, day, kinds[kind]);
	if (rc < 0) return rc;
	const char *old = row ? json_string_value(json_object_get(row, "secs")) : NULL;
	size_t n = old ? strlen(old) / 5 : 0;
	char v[5];
	secs_put(v, secs);
	/* The first position whose value is not less than v. */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (memcmp(old + 5 * mid, v, 5) < 0) lo = mid + 1;
		else hi = mid;
	}
	buf b = BUF_INIT;
	if (add) {
		buf_append(&b, old ? old : "", 5 * lo);
		buf_append(&b, v, 5);
		buf_append(&b, old ? old + 5 * lo : "", 5 * (n - lo));
		n++;
	} else if (lo < n && memcmp(old + 5 * lo, v, 5) == 0) {
		buf_append(&b, old, 5 * lo);
		buf_append(&b, old + 5 * (lo + 1), 5 * (n - lo - 1));
		n--;
	} else {
		*missing = true;
		json_decref(row);
		return STORE_OK;
	}
	if (n == 0)
		rc = store_exec(c, "DELETE FROM feedback_day_times WHERE office_id = ? AND day = ? AND kind = ?", "itt", office,
		                day, kinds[kind]);
	else
		rc = store_exec(c,
		    "INSERT INTO feedback_day_times(office_id, day, kind, n, secs) VALUES (?, ?, ?, ?, ?)"
		    " ON CONFLICT (office_id, day, kind) DO UPDATE SET n = excluded.n, secs = excluded.secs",
		    "ittit", office, day, kinds[kind], (int64_t)n, b.data ? b.data : "");
	buf_free(&b);
	json_decref(row);
	return rc < 0 ? rc : STORE_OK;
}

static bool same_counts(const feedback_fact *a, const feedback_fact *b)
{
	return str_eq(a->day, b->day) && str_eq(a->channel, b->channel) && str_eq(a->language, b->language) &&
	       str_eq(a->status, b->status) && a->topic_id == b->topic_id && a->acted == b->acted && a->closed == b->closed;
}

int feedback_rollup_apply(store_conn *c, int64_t office_id, const feedback_fact *before, const feedback_fact *after)
{
	bool had = before && before->present, has = after && after->present;
	if (had && has && same_counts(before, after) && before->secs[0] == after->secs[0] && before->secs[1] == after->secs[1])
		return STORE_OK;
	if (!feedback_rollup_fresh(c, office_id)) return feedback_rollup_rebuild(c, office_id);
	int rc = STORE_OK;
	bool missing = false;
	if (!(had && has && same_counts(before, after))) {
		if (had) rc = counts_apply(c, office_id, before, -1);
		if (rc == STORE_OK && has) rc = counts_apply(c, office_id, after, 1);
	}
	for (int k = 0; k < 2 && rc == STORE_OK; k++) {
		int64_t old = had ? before->secs[k] : -1, now = has ? after->secs[k] : -1;
		bool moved = had && has && !str_eq(before->day, after->day);
		if (old == now && !moved) continue;
		if (old >= 0) rc = times_change(c, office_id, before->day, k, old, false, &missing);
		if (rc == STORE_OK && now >= 0) rc = times_change(c, office_id, after->day, k, now, true, &missing);
	}
	if (rc == STORE_OK && missing) {
		/* Should not happen; recount rather than keep a wrong figure. */
		log_error("feedback rollup: office %lld was inconsistent; rebuilding it", (long long)office_id);
		return feedback_rollup_rebuild(c, office_id);
	}
	return rc;
}

/* Writes one day's figures (a rebuild). */
static int day_write(store_conn *c, int64_t office, const char *day, fb_day *d)
{
	static const char ins[] =
	    "INSERT INTO feedback_day_counts(office_id, day, dim, key, received, acted, closed) VALUES (?, ?, ?, ?, ?, ?, ?)";
	int rc = store_exec(c, ins, "itttiii", office, day, dims[0], "", d->all.received, d->all.acted, d->all.closed);
	for (int k = 0; k < FB_NCHANNELS && rc >= 0; k++)
		if (d->channel[k].received)
			rc = store_exec(c, ins, "itttiii", office, day, "channel", feedback_channels[k], d->channel[k].received,
			                d->channel[k].acted, d->channel[k].closed);
	for (int k = 0; k < FB_NSTATUSES && rc >= 0; k++)
		if (d->status[k])
			rc = store_exec(c, ins, "itttiii", office, day, "status", feedback_statuses[k], d->status[k], (int64_t)0,
			                (int64_t)0);
	for (int k = 0; k < d->nlangs && rc >= 0; k++)
		rc = store_exec(c, ins, "itttiii", office, day, "language", d->langs[k].key, d->langs[k].n.received,
		                d->langs[k].n.acted, d->langs[k].n.closed);
	for (int k = 0; k < d->ntopics && rc >= 0; k++) {
		fb_count *n = &d->topics[k].n;
		if (!d->topics[k].topic_id)
			rc = store_exec(c, ins, "itttiii", office, day, "topic", "", n->received, n->acted, n->closed);
		else
			rc = store_exec(c,
			    "INSERT INTO feedback_day_topics(office_id, day, topic_id, received, acted, closed) VALUES (?, ?, ?, ?, ?, ?)",
			    "itiiii", office, day, d->topics[k].topic_id, n->received, n->acted, n->closed);
	}
	for (int k = 0; k < 2 && rc >= 0; k++) {
		fb_times *t = &d->times[k];
		if (!t->n) continue;
		char *secs = xmalloc((size_t)t->n * 5 + 1);
		for (int j = 0; j < t->n; j++) secs_put(secs + 5 * j, t->v[j]);
		secs[t->n * 5] = 0;
		rc = store_exec(c, "INSERT INTO feedback_day_times(office_id, day, kind, n, secs) VALUES (?, ?, ?, ?, ?)", "ittit",
		                office, day, k ? "close" : "first", (int64_t)t->n, secs);
		free(secs);
	}
	return rc < 0 ? rc : STORE_OK;
}

int feedback_rollup_rebuild(store_conn *c, int64_t office_id)
{
	if (store_exec(c, "UPDATE offices SET version = version WHERE id = ?", "i", office_id) < 0) return STORE_ERROR;
	int rc = store_exec(c, "DELETE FROM feedback_day_counts WHERE office_id = ?", "i", office_id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM feedback_day_topics WHERE office_id = ?", "i", office_id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM feedback_day_times WHERE office_id = ?", "i", office_id);
	if (rc >= 0) rc = store_exec(c, "DELETE FROM feedback_rollup_state WHERE office_id = ?", "i", office_id);
	if (rc < 0) return rc;
	const tz_zone *z = feedback_office_zone(c, office_id);
	json_t *span = store_query_row(c, &rc, "SELECT min(received_at) AS lo, max(received_at) AS hi FROM feedback WHERE office_id = ?",
	                               "i", office_id);
	int64_t lo, hi;
	if (span && fast_time(json_string_value(json_object_get(span, "lo")), &lo) &&
	    fast_time(json_string_value(json_object_get(span, "hi")), &hi)) {
		char from[11], to[11];
		tz_local_date(z, lo, from);
		tz_local_date(z, hi, to);
		feedback_days fd;
		feedback_days_init(&fd, from, to);
		rc = feedback_days_scan(c, office_id, z, &fd);
		for (int i = 0; i < fd.ndays && rc == STORE_OK; i++) {
			if (!fd.d[i].all.received) continue;
			char day[11];
			tz_date_add_days(from, i, day);
			rc = day_write(c, office_id, day, &fd.d[i]);
		}
		feedback_days_free(&fd);
	}
	json_decref(span);
	if (rc < 0) return rc;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	rc = store_exec(c,
	    "INSERT INTO feedback_rollup_state(office_id, timezone, built_at) SELECT id, timezone, ? FROM offices WHERE id = ?",
	    "ti", now, office_id);
	return rc < 0 ? rc : STORE_OK;
}
