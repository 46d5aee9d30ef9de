/*
** import_csv.c: CSV text to records (see import_csv.h), on libcsv.
**
** Line numbers: libcsv reports fields and row ends but not positions, so
** the text is fed one physical line at a time; a record starts on the line
** fed while the parser was between rows (libcsv's pstate 0, ROW_NOT_BEGUN),
** and a record spanning lines inside quotes keeps the line it began on.
** The parser is not strict: a stray quote inside an unquoted value is kept
** as written; only a quoted value never closed refuses the file.
*/
#include "import_csv.h"
#include "util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIBCSV_ROW_NOT_BEGUN 0   /* libcsv's parser states (csv.c) */
#define LIBCSV_FIELD_BEGUN 2

typedef struct reader {
	csv_table *t;
	int max_records;
	int start_line;      /* where the record being read began */
	char **fields;       /* the record being read */
	int nfields, cap;
	bool too_many, too_wide;
	int problem_line;
} reader;

static void on_field(void *s, size_t len, void *data)
{
	reader *rd = data;
	if (rd->too_many || rd->too_wide) return;
	if (rd->nfields >= CSV_MAX_FIELDS) {
		rd->too_wide = true;
		rd->problem_line = rd->start_line;
		return;
	}
	if (rd->nfields == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 16;
		rd->fields = xrealloc(rd->fields, (size_t)rd->cap * sizeof *rd->fields);
	}
	rd->fields[rd->nfields++] = xstrndup(s ? s : "", s ? len : 0);
}

static void drop_fields(reader *rd)
{
	for (int i = 0; i < rd->nfields; i++) free(rd->fields[i]);
	rd->nfields = 0;
}

static void on_row(int c, void *data)
{
	(void)c;
	reader *rd = data;
	bool blank = true;
	for (int i = 0; i < rd->nfields && blank; i++) blank = rd->fields[i][0] == 0;
	if (blank || rd->too_many || rd->too_wide) {
		drop_fields(rd);
		return;
	}
	csv_table *t = rd->t;
	if (t->nrecords >= rd->max_records) {
		rd->too_many = true;
		drop_fields(rd);
		return;
	}
	if (t->nrecords == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->records = xrealloc(t->records, (size_t)t->cap * sizeof *t->records);
	}
	csv_record *r = &t->records[t->nrecords++];
	r->line = rd->start_line;
	r->nfields = rd->nfields;
	r->fields = xmalloc((size_t)(rd->nfields ? rd->nfields : 1) * sizeof *r->fields);
	memcpy(r->fields, rd->fields, (size_t)rd->nfields * sizeof *r->fields);
	rd->nfields = 0;
}

/* Length of the UTF-8 sequence starting at s (1..4), or 0 when it is not
** one (a bad lead byte, a truncated, overlong or surrogate sequence, NUL). */
static size_t utf8_seq(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (len == 0 || len > n) return 0;
	return utf8_valid(s, len) ? len : 0;
}

/* The line and column of the first byte that is not UTF-8; false when all are. */
static bool utf8_first_bad(const char *s, size_t n, int *line, int *col, unsigned char *byte)
{
	if (utf8_valid(s, n)) return false;
	int ln = 1, cl = 1;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i);
		if (k == 0) {
			*line = ln;
			*col = cl;
			*byte = (unsigned char)s[i];
			return true;
		}
		if (s[i] == '\n') ln++, cl = 1;
		else cl++;
		i += k;
	}
	return false;
}

/* The separator of the first line: whichever of , ; TAB appears most
** outside quotes (a comma when none does). */
static char detect_delimiter(const char *s, size_t n)
{
	size_t counts[3] = {0, 0, 0};
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '"') quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r')) break;
		else if (!quoted && ch == ',') counts[0]++;
		else if (!quoted && ch == ';') counts[1]++;
		else if (!quoted && ch == '\t') counts[2]++;
	}
	if (counts[1] > counts[0] && counts[1] >= counts[2]) return ';';
	if (counts[2] > counts[0] && counts[2] > counts[1]) return '\t';
	return ',';
}

enum csv_status csv_table_read(const char *data, size_t len, int max_records, csv_table *out, int *line,
                               char *detail, size_t detail_size)
{
	memset(out, 0, sizeof *out);
	*line = 0;
	if (detail_size) detail[0] = 0;
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
	                 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
		*line = 1;
		snprintf(detail, detail_size, "the file is UTF-16 text");
		return CSV_READ_NOT_UTF8;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	int col;
	unsigned char byte;
	if (utf8_first_bad(data, len, line, &col, &byte)) {
		if (byte == 0) snprintf(detail, detail_size, "a NUL byte at column %d", col);
		else snprintf(detail, detail_size, "byte 0x%02X at column %d", byte, col);
		return CSV_READ_NOT_UTF8;
	}
	out->delimiter = detect_delimiter(data, len);
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT_FINI) != 0) fatal("csv_init failed");
	csv_set_delim(&p, (unsigned char)out->delimiter);
	reader rd = {.t = out, .max_records = max_records};
	int ln = 1;
	enum csv_status st = CSV_READ_OK;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && data[j] != '\n' && !(data[j] == '\r' && (j + 1 >= len || data[j + 1] != '\n'))) j++;
		if (j < len) j++;   /* include the line end */
		if (p.pstate == LIBCSV_ROW_NOT_BEGUN) rd.start_line = ln;
		if (csv_parse(&p, data + i, j - i, on_field, on_row, &rd) != j - i) fatal("csv_parse: %s", csv_strerror(csv_error(&p)));
		ln++;
		i = j;
		if (rd.too_many || rd.too_wide) break;
	}
	/* A quoted field still open at the end swallowed the rest of the file:
	** refuse it rather than guess where it should have closed. */
	if (!rd.too_many && !rd.too_wide && p.pstate == LIBCSV_FIELD_BEGUN && p.quoted) {
		st = CSV_READ_UNCLOSED;
		*line = rd.start_line;
	} else if (!rd.too_many && !rd.too_wide) {
		csv_fini(&p, on_field, on_row, &rd);
	}
	if (rd.too_many) st = CSV_READ_TOO_MANY;
	else if (rd.too_wide) {
		st = CSV_READ_TOO_WIDE;
		*line = rd.problem_line;
	} else if (st == CSV_READ_OK && out->nrecords == 0) st = CSV_READ_EMPTY;
	drop_fields(&rd);
	free(rd.fields);
	csv_free(&p);
	return st;
}

void csv_table_free(csv_table *t)
{
	for (int i = 0; i < t->nrecords; i++) {
		for (int k = 0; k < t->records[i].nfields; k++) free(t->records[i].fields[k]);
		free(t->records[i].fields);
	}
	free(t->records);
	memset(t, 0, sizeof *t);
}

void csv_field_write(buf *b, const char *s)
{
	if (!s) s = "";
	size_t n = strlen(s);
	/* The person's own values go back unchanged (no formula escaping), so
	** the fixed file imports as they wrote it. */
	/* A leading U+FEFF is quoted: unquoted at the start of a file it would
	** read back as a byte-order mark and vanish. */
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ",;\"\r\n\t") || str_starts(s, "\xEF\xBB\xBF"));
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"') buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
