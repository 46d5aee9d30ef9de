/*
** util.c: allocation that cannot fail silently, the growable buffer,
** strings, UTF-8, UTC time and logging.  See util.h.
*/
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void fatal(const char *fmt, ...)
{
	va_list ap;
	fputs("rapport: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) fatal("out of memory allocating %zu bytes", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) fatal("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) fatal("out of memory reallocating to %zu bytes", n);
	return q;
}

char *xstrdup(const char *s)
{
	if (!s) return NULL;
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.data) buf_puts(&b, "");
	return buf_take(&b);
}

static void buf_grow(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap) return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need) cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_reserve(buf *b, size_t extra) { buf_grow(b, extra); }

void buf_append(buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n) memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_take(buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_reset(buf *b)
{
	b->len = 0;
	if (b->data) b->data[0] = 0;
}

void buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

bool str_eq(const char *a, const char *b)
{
	if (!a || !b) return a == b;
	return strcmp(a, b) == 0;
}

bool str_empty(const char *s) { return !s || !*s; }

bool str_starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

void str_lower_ascii(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'Z') *s = (char)(*s + 32);
}

char *str_trim(char *s)
{
	if (!s) return s;
	char *start = s;
	while (*start && isspace((unsigned char)*start)) start++;
	size_t n = strlen(start);
	while (n && isspace((unsigned char)start[n - 1])) n--;
	memmove(s, start, n);
	s[n] = 0;
	return s;
}

/* Strict UTF-8: rejects overlongs, surrogates, code points past U+10FFFF
** and NUL bytes (which would truncate text silently further on). */
bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c == 0) return false;
		if (c < 0x80) { i++; continue; }
		size_t len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
		else return false;
		if (i + len > n) return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80) return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
		i += len;
	}
	return true;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	if (!n || s[0] == 0) return 0;
	if (s[0] < 0x80) return 1;
	size_t len = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
	           : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	if (!len || len > n) return 0;
	return utf8_valid((const char *)s, len) ? len : 0;
}

char *utf8_scrub(const char *str)
{
	if (!str) return NULL;
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	buf b = BUF_INIT;
	buf_puts(&b, "");
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(s + i, n - i);
		if (len) buf_append(&b, s + i, len);
		else buf_puts(&b, "\xEF\xBF\xBD");
		i += len ? len : 1;
	}
	return buf_take(&b);
}

char *str_log_safe(const char *str, size_t max)
{
	if (!str) return xstrdup("(null)");
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	buf b = BUF_INIT;
	buf_puts(&b, "");
	for (size_t i = 0; i < n && i < max;) {
		size_t len = utf8_seq_len(s + i, n - i);
		if (len == 1 && s[i] >= 0x20 && s[i] != 0x7F && s[i] != '\\') buf_putc(&b, (char)s[i]);
		else if (len > 1) buf_append(&b, s + i, len);
		else buf_printf(&b, "\\x%02X", s[i]);
		i += len > 1 ? len : 1;
	}
	if (n > max) buf_puts(&b, "...");
	return buf_take(&b);
}

bool str_parse_int64(const char *s, int64_t *out)
{
	if (str_empty(s)) return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s) return false;
	*out = (int64_t)v;
	return true;
}

int64_t time_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_now_secs(void) { return (int64_t)time(NULL); }

void time_iso_from_epoch(int64_t secs, char out[ISO_TIME_LEN])
{
	time_t t = (time_t)secs;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, ISO_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_now_iso(char out[ISO_TIME_LEN]) { time_iso_from_epoch(time_now_secs(), out); }

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9') return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
	return v;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool parse_date_part(const char *s, int *y, int *m, int *d)
{
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return false;
	*y = num(s, 4);
	*m = num(s + 5, 2);
	*d = num(s + 8, 2);
	return *y >= 1900 && *y <= 2200 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= days_in_month(*y, *m);
}

bool date_valid(const char *s)
{
	int y, m, d;
	return s && strlen(s) == 10 && parse_date_part(s, &y, &m, &d);
}

bool time_parse_iso(const char *s, int64_t *epoch)
{
	int y, m, d, hh = 0, mm = 0, ss = 0, off = 0;
	if (!s || strlen(s) < 10 || !parse_date_part(s, &y, &m, &d)) return false;
	const char *p = s + 10;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2)) return false;
		hh = num(p, 2);
		mm = num(p + 3, 2);
		p += 5;
		if (*p == ':') {
			if (!digits(p + 1, 2)) return false;
			ss = num(p + 1, 2);
			p += 3;
		}
		if (*p == '.') { /* fractional seconds are dropped */
			p++;
			while (*p >= '0' && *p <= '9') p++;
		}
		if (hh > 23 || mm > 59 || ss > 60) return false;
		if (*p == 'Z') p++;
		else if (*p == '+' || *p == '-') {
			if (!digits(p + 1, 2) || p[3] != ':' || !digits(p + 4, 2)) return false;
			off = (num(p + 1, 2) * 60 + num(p + 4, 2)) * 60;
			if (*p == '-') off = -off;
			p += 6;
		} else if (*p) return false;
	}
	if (*p) return false;
	*epoch = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - off;
	return true;
}

bool datetime_normalize(const char *s, char out[ISO_TIME_LEN])
{
	int64_t t;
	if (!time_parse_iso(s, &t)) return false;
	time_iso_from_epoch(t, out);
	return true;
}

void random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];
	if (nbytes > sizeof raw) fatal("random_hex: %zu bytes is too many", nbytes);
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* One line, written with one write(2): stderr is unbuffered, and a line
** is logged for every request. */
static void log_line(const char *level, const char *fmt, va_list ap)
{
	char now[ISO_TIME_LEN], line[8192];
	time_now_iso(now);
	int n = snprintf(line, sizeof line, "%s %s ", now, level);
	int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2) len = sizeof line - 2;   /* a longer line is cut */
	line[len++] = '\n';
	pthread_mutex_lock(&log_lock);
	fwrite(line, 1, len, stderr);
	pthread_mutex_unlock(&log_lock);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}

char *file_read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		buf_free(&b);
		errno = EIO;
		return NULL;
	}
	if (len) *len = b.len;
	return buf_take(&b);
}
