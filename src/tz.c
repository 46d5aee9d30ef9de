/*
** tz.c: IANA time zones without touching TZ (see tz.h).
**
** Reads TZif files (RFC 8536, versions 1 to 4): the 64-bit transition
** table and local time types, and the footer's POSIX TZ rule, which governs
** every instant after the last listed transition (slim files list none
** after 2007).  Leap-second records are skipped: stored times are POSIX.
** Loaded zones go into a fixed cache guarded by a mutex and are never
** freed, so callers may keep the pointers.
*/
#include "tz.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A POSIX TZ rule date: Jn (1..365, no Feb 29), n (0..365), or Mm.w.d. */
typedef struct rule_date {
	char kind;         /* 'J', 'D' (zero-based day), 'M' */
	int n, m, w, d;
	int time;          /* seconds after local midnight; may be negative or > 24h */
} rule_date;

typedef struct posix_rule {
	bool present;
	int std_off;       /* seconds east of UTC */
	int dst_off;
	bool has_dst;
	rule_date start, end;
} posix_rule;

struct tz_zone {
	char name[64];
	int64_t *times;    /* transition instants, ascending */
	unsigned char *idx;/* local time type after each transition */
	int ntimes;
	int *type_off;
	bool *type_dst;
	int ntypes;
	posix_rule rule;
};

int64_t tz_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap_year(y) ? 29 : d[m - 1];
}

/* Writes n digits of v (zero-padded) at p. */
static char *put_digits(char *p, int v, int n)
{
	if (v < 0) v = 0;
	for (int i = n - 1; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
	return p + n;
}

/* "YYYY-MM-DD" into out (11 bytes). */
static void fmt_date(char *out, int y, int m, int d)
{
	char *p = put_digits(out, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = 0;
}

/* ---- POSIX TZ rule (the TZif footer) ---- */

static const char *parse_name(const char *p)
{
	if (*p == '<') {
		while (*p && *p != '>') p++;
		return *p == '>' ? p + 1 : NULL;
	}
	const char *s = p;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) p++;
	return p - s >= 3 ? p : NULL;
}

/* [+-]h[h][:mm[:ss]] into seconds; hours up to 167 (RFC 8536 extension). */
static const char *parse_hms(const char *p, int *out)
{
	int sign = 1;
	if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
	if (*p < '0' || *p > '9') return NULL;
	int h = 0, mi = 0, s = 0;
	while (*p >= '0' && *p <= '9') h = h * 10 + (*p++ - '0');
	if (*p == ':') {
		p++;
		if (*p < '0' || *p > '9') return NULL;
		while (*p >= '0' && *p <= '9') mi = mi * 10 + (*p++ - '0');
		if (*p == ':') {
			p++;
			while (*p >= '0' && *p <= '9') s = s * 10 + (*p++ - '0');
		}
	}
	if (h > 167 || mi > 59 || s > 59) return NULL;
	*out = sign * (h * 3600 + mi * 60 + s);
	return p;
}

static const char *parse_num(const char *p, int *out)
{
	if (*p < '0' || *p > '9') return NULL;
	int n = 0;
	while (*p >= '0' && *p <= '9' && n < 10000) n = n * 10 + (*p++ - '0');
	*out = n;
	return p;
}

static const char *parse_rule_date(const char *p, rule_date *rd)
{
	memset(rd, 0, sizeof *rd);
	rd->time = 7200;   /* default 02:00 */
	if (*p == 'M') {
		rd->kind = 'M';
		if (!(p = parse_num(p + 1, &rd->m)) || *p++ != '.' || !(p = parse_num(p, &rd->w)) ||
		    *p++ != '.' || !(p = parse_num(p, &rd->d)))
			return NULL;
		if (rd->m < 1 || rd->m > 12 || rd->w < 1 || rd->w > 5 || rd->d > 6) return NULL;
	} else if (*p == 'J') {
		rd->kind = 'J';
		if (!(p = parse_num(p + 1, &rd->n)) || rd->n < 1 || rd->n > 365) return NULL;
	} else {
		rd->kind = 'D';
		if (!(p = parse_num(p, &rd->n)) || rd->n > 365) return NULL;
	}
	if (*p == '/' && !(p = parse_hms(p + 1, &rd->time))) return NULL;
	return p;
}

static bool parse_posix(const char *s, posix_rule *r)
{
	memset(r, 0, sizeof *r);
	const char *p = parse_name(s);
	int off;
	if (!p || !(p = parse_hms(p, &off))) return false;
	r->std_off = -off;   /* POSIX offsets count west */
	r->dst_off = r->std_off;
	r->present = true;
	if (!*p) return true;
	if (!(p = parse_name(p))) return false;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (*p && *p != ',') {
		if (!(p = parse_hms(p, &off))) return false;
		r->dst_off = -off;
	}
	if (*p != ',') {   /* no rule given: US rules are the POSIX default */
		r->start = (rule_date){'M', 0, 3, 2, 0, 7200};
		r->end = (rule_date){'M', 0, 11, 1, 0, 7200};
		return *p == 0;
	}
	if (!(p = parse_rule_date(p + 1, &r->start)) || *p++ != ',' || !(p = parse_rule_date(p, &r->end)))
		return false;
	return *p == 0;
}

/* Days since the epoch of a rule date in year y. */
static int64_t rule_day(const rule_date *rd, int y)
{
	int64_t jan1 = tz_days_from_civil(y, 1, 1);
	if (rd->kind == 'J') {
		int n = rd->n - 1;
		if (leap_year(y) && rd->n >= 60) n++;
		return jan1 + n;
	}
	if (rd->kind == 'D') return jan1 + rd->n;
	int64_t first = tz_days_from_civil(y, rd->m, 1);
	int wd = (int)(((first + 4) % 7 + 7) % 7);
	int day = 1 + (rd->d - wd + 7) % 7 + (rd->w - 1) * 7;
	while (day > month_days(y, rd->m)) day -= 7;
	return first + day - 1;
}

static void rule_at(const posix_rule *r, int64_t t, int *off, bool *dst)
{
	*off = r->std_off;
	*dst = false;
	if (!r->has_dst) return;
	int y, m, d;
	tz_civil_from_days((t + r->std_off) >= 0 ? (t + r->std_off) / 86400 : ((t + r->std_off) - 86399) / 86400,
	                   &y, &m, &d);
	/* start is given in standard time, end in daylight time */
	int64_t start = rule_day(&r->start, y) * 86400 + r->start.time - r->std_off;
	int64_t end = rule_day(&r->end, y) * 86400 + r->end.time - r->dst_off;
	bool in = start < end ? (t >= start && t < end) : !(t >= end && t < start);
	if (in) {
		*off = r->dst_off;
		*dst = true;
	}
}

/* ---- TZif ---- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p) { return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4)); }

static void zone_free(tz_zone *z)
{
	if (!z) return;
	free(z->times);
	free(z->idx);
	free(z->type_off);
	free(z->type_dst);
	free(z);
}

/* Parses a TZif image; NULL when it is not one. */
static tz_zone *tzif_parse(const unsigned char *data, size_t len)
{
	if (len < 44 || memcmp(data, "TZif", 4) != 0) return NULL;
	int version = data[4] ? data[4] - '0' : 1;
	const unsigned char *h = data;
	size_t tsize = 4;
	uint32_t cnt[6];
	for (int i = 0; i < 6; i++) cnt[i] = be32(h + 20 + 4 * i);
	/* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
	size_t v1len = cnt[3] * 5 + cnt[4] * 6 + cnt[5] + cnt[2] * 8 + cnt[1] + cnt[0];
	if (version >= 2) {
		if (44 + v1len + 44 > len) return NULL;
		h = data + 44 + v1len;
		if (memcmp(h, "TZif", 4) != 0) return NULL;
		for (int i = 0; i < 6; i++) cnt[i] = be32(h + 20 + 4 * i);
		tsize = 8;
	}
	size_t need = cnt[3] * tsize + cnt[3] + cnt[4] * 6 + cnt[5] + cnt[2] * (tsize + 4) + cnt[1] + cnt[0];
	if (cnt[4] == 0 || cnt[4] > 256 || cnt[3] > 100000 || (size_t)(h - data) + 44 + need > len) return NULL;
	const unsigned char *p = h + 44;
	tz_zone *z = xcalloc(1, sizeof *z);
	z->ntimes = (int)cnt[3];
	z->ntypes = (int)cnt[4];
	z->times = xcalloc(cnt[3] + 1, sizeof *z->times);
	z->idx = xcalloc(cnt[3] + 1, 1);
	z->type_off = xcalloc(cnt[4], sizeof *z->type_off);
	z->type_dst = xcalloc(cnt[4], sizeof *z->type_dst);
	for (uint32_t i = 0; i < cnt[3]; i++, p += tsize)
		z->times[i] = tsize == 8 ? be64(p) : (int64_t)(int32_t)be32(p);
	for (uint32_t i = 0; i < cnt[3]; i++, p++) {
		if (*p >= cnt[4]) goto bad;
		z->idx[i] = *p;
	}
	for (uint32_t i = 0; i < cnt[4]; i++, p += 6) {
		z->type_off[i] = (int)(int32_t)be32(p);
		z->type_dst[i] = p[4] != 0;
	}
	p += cnt[5] + cnt[2] * (tsize + 4) + cnt[1] + cnt[0];
	if (version >= 2 && p < data + len && *p == '\n') {
		const unsigned char *e = memchr(p + 1, '\n', (size_t)(data + len - p - 1));
		if (e && e - p - 1 < 128) {
			char footer[128];
			memcpy(footer, p + 1, (size_t)(e - p - 1));
			footer[e - p - 1] = 0;
			if (*footer && !parse_posix(footer, &z->rule)) z->rule.present = false;
		}
	}
	return z;
bad:
	zone_free(z);
	return NULL;
}

static bool name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= 64 || name[0] == '/' || strstr(name, "..")) return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '_' || c == '-' || c == '+'))
			return false;
	}
	return true;
}

#define TZ_CACHE 64
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static tz_zone *cache[TZ_CACHE];
static int cache_len;

const tz_zone *tz_get(const char *name)
{
	if (!name_ok(name)) return NULL;
	tz_zone *found = NULL;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < cache_len && !found; i++)
		if (strcmp(cache[i]->name, name) == 0) found = cache[i];
	if (!found) {
		const char *dir = getenv("TZDIR");
		char *path = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
		size_t len;
		char *data = file_read_all(path, &len);
		free(path);
		tz_zone *z = data ? tzif_parse((const unsigned char *)data, len) : NULL;
		free(data);
		if (z && cache_len < TZ_CACHE) {
			snprintf(z->name, sizeof z->name, "%s", name);
			cache[cache_len++] = z;
			found = z;
		} else if (z) {
			log_error("tz: more than %d zones in use; %s not cached", TZ_CACHE, name);
			zone_free(z);
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return found;
}

bool tz_valid(const char *name) { return tz_get(name) != NULL; }

const char *tz_name(const tz_zone *z) { return z->name; }

static void zone_at(const tz_zone *z, int64_t t, int *off, bool *dst)
{
	if (z->rule.present && (z->ntimes == 0 || t >= z->times[z->ntimes - 1])) {
		rule_at(&z->rule, t, off, dst);
		return;
	}
	int type = 0;
	if (z->ntimes > 0 && t >= z->times[0]) {
		int lo = 0, hi = z->ntimes - 1;   /* last transition <= t */
		while (lo < hi) {
			int mid = (lo + hi + 1) / 2;
			if (z->times[mid] <= t) lo = mid;
			else hi = mid - 1;
		}
		type = z->idx[lo];
	}
	*off = z->type_off[type];
	*dst = z->type_dst[type];
}

int tz_offset_at(const tz_zone *z, int64_t t)
{
	int off;
	bool dst;
	zone_at(z, t, &off, &dst);
	return off;
}

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

void tz_to_local(const tz_zone *z, int64_t t, tz_local *out)
{
	zone_at(z, t, &out->offset, &out->dst);
	int64_t lt = t + out->offset;
	int64_t days = floor_div(lt, 86400);
	int64_t secs = lt - days * 86400;
	tz_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->weekday = (int)(((days + 4) % 7 + 7) % 7);
}

void tz_local_date(const tz_zone *z, int64_t t, char out[11])
{
	tz_local l;
	tz_to_local(z, t, &l);
	fmt_date(out, l.year, l.month, l.day);
}

void tz_local_month(const tz_zone *z, int64_t t, char out[8])
{
	tz_local l;
	tz_to_local(z, t, &l);
	char *p = put_digits(out, l.year, 4);
	*p++ = '-';
	p = put_digits(p, l.month, 2);
	*p = 0;
}

void tz_local_iso(const tz_zone *z, int64_t t, char out[20])
{
	tz_local l;
	tz_to_local(z, t, &l);
	fmt_date(out, l.year, l.month, l.day);
	char *p = out + 10;
	*p++ = 'T';
	p = put_digits(p, l.hour, 2);
	*p++ = ':';
	p = put_digits(p, l.minute, 2);
	*p++ = ':';
	p = put_digits(p, l.second, 2);
	*p = 0;
}

bool tz_local_midnight(const tz_zone *z, const char *date, int64_t *out)
{
	if (!date_valid(date)) return false;
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
	int64_t local = tz_days_from_civil(y, m, d) * 86400;   /* midnight as if UTC */
	/* Offsets in force around that day; local midnight is local - off for
	** an offset that is in effect at that instant.  Take the earliest. */
	int before = tz_offset_at(z, local - 86400 * 2), after = tz_offset_at(z, local + 86400 * 2);
	int cands[3] = {before, after, tz_offset_at(z, local)};
	bool found = false;
	int64_t best = 0;
	for (int i = 0; i < 3; i++) {
		int64_t t = local - cands[i];
		if (tz_offset_at(z, t) == cands[i] && (!found || t < best)) {
			best = t;
			found = true;
		}
	}
	if (!found) {
		/* Midnight was skipped: the day begins at the transition, the first
		** instant whose local date is `date`.  Search between the two mappings. */
		int64_t lo = local - (before > after ? before : after), hi = local - (before < after ? before : after);
		while (lo < hi) {
			int64_t mid = floor_div(lo + hi, 2);
			int64_t lt = mid + tz_offset_at(z, mid);
			if (lt >= local) hi = mid;
			else lo = mid + 1;
		}
		best = lo;
	}
	*out = best;
	return true;
}

bool tz_date_add_days(const char *date, int n, char out[11])
{
	if (!date_valid(date)) return false;
	int y, m, d;
	tz_civil_from_days(tz_days_from_civil(atoi(date), atoi(date + 5), atoi(date + 8)) + n, &y, &m, &d);
	fmt_date(out, y, m, d);
	return true;
}

bool tz_date_range_utc(const tz_zone *z, const char *from, const char *to, char start[21], char end[21])
{
	char next[11];
	int64_t a, b;
	if (!tz_local_midnight(z, from, &a) || !tz_date_add_days(to, 1, next) || !tz_local_midnight(z, next, &b))
		return false;
	time_iso_from_epoch(a, start);
	time_iso_from_epoch(b, end);
	return true;
}
