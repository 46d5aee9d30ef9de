/*
** util.h: the small things every module needs.
**
** Allocation that never returns NULL (it aborts with a message instead),
** a growable byte buffer for building output, string helpers, UTC time in
** ISO 8601, UTF-8 validation and logging to stderr.  Nothing here knows
** about HTTP, JSON or the store.
*/
#ifndef RAPPORT_UTIL_H
#define RAPPORT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define countof(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: these abort the process on failure, never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);              /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable buffer.  data is always NUL-terminated once anything was
** appended; buf_take() hands the bytes to the caller, who must free them. */
typedef struct buf {
	char *data;
	size_t len;
	size_t cap;
} buf;
#define BUF_INIT {NULL, 0, 0}
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_reserve(buf *b, size_t extra);   /* room for extra more bytes without regrowing */
char *buf_take(buf *b);                   /* caller frees; b is emptied */
void buf_reset(buf *b);                   /* keeps the allocation */
void buf_free(buf *b);

/* Strings. */
bool str_eq(const char *a, const char *b);          /* NULL-safe */
bool str_empty(const char *s);                      /* NULL or "" */
bool str_starts(const char *s, const char *prefix);
void str_lower_ascii(char *s);
char *str_trim(char *s);                            /* in place, returns s */
bool utf8_valid(const char *s, size_t n);
/* A copy of s with each byte that does not start valid UTF-8 (see
** utf8_valid) replaced by U+FFFD, so it can go into JSON; caller frees. */
char *utf8_scrub(const char *s);
/* A copy of s fit for one log line: control bytes, backslashes and invalid
** UTF-8 written as \xNN, cut to at most max bytes of input; caller frees. */
char *str_log_safe(const char *s, size_t max);
bool str_parse_int64(const char *s, int64_t *out);  /* whole string, base 10 */

/* Time.  Stored times are UTC text "YYYY-MM-DDTHH:MM:SSZ"; dates "YYYY-MM-DD". */
#define ISO_TIME_LEN 21
void time_now_iso(char out[ISO_TIME_LEN]);
void time_iso_from_epoch(int64_t secs, char out[ISO_TIME_LEN]);
int64_t time_now_ms(void);
int64_t time_now_secs(void);
bool time_parse_iso(const char *s, int64_t *epoch_secs);   /* date or date-time, UTC */
bool date_valid(const char *s);                            /* strict YYYY-MM-DD */
bool datetime_normalize(const char *s, char out[ISO_TIME_LEN]); /* date or date-time (Z or ±hh:mm) -> UTC */

/* Random bytes as lowercase hex (libsodium); out must hold 2*nbytes+1. */
void random_hex(char *out, size_t nbytes);

/* Logging to stderr, one line each, with a UTC timestamp. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Reads a whole file; caller frees.  NULL with errno set on failure. */
char *file_read_all(const char *path, size_t *len);

#endif
