/*
** import_csv.h: reading a spreadsheet saved as CSV into records, for the
** importer.  Forgiving of what spreadsheets write (a UTF-8 byte-order mark,
** CRLF or LF or CR line ends, quoted fields holding commas, quotes and line
** breaks, semicolon- or tab-separated exports) and strict about what cannot
** be read without guessing: text that is not UTF-8, a quote never closed.
** Each record knows the physical line it starts on, so messages can point
** at the line a person sees in their editor.
*/
#ifndef RAPPORT_IMPORT_CSV_H
#define RAPPORT_IMPORT_CSV_H

#include <stddef.h>

typedef struct csv_record {
	int line;            /* physical line (1-based) where the record starts */
	int nfields;
	char **fields;       /* NUL-terminated, trimmed of surrounding spaces by the parser */
} csv_record;

typedef struct csv_table {
	csv_record *records; /* the header is records[0]; blank records are dropped */
	int nrecords;
	int cap;
	char delimiter;      /* ',' ';' or '\t', as detected from the first line */
} csv_table;

enum csv_status {
	CSV_READ_OK = 0,
	CSV_READ_NOT_UTF8,     /* *line: the line of the first bad byte */
	CSV_READ_UNCLOSED,     /* *line: where the unclosed quoted field's record starts */
	CSV_READ_TOO_MANY,     /* more than max_records records (header included) */
	CSV_READ_TOO_WIDE,     /* a record with more than CSV_MAX_FIELDS fields; *line */
	CSV_READ_EMPTY,        /* nothing but blank lines */
};

#define CSV_MAX_FIELDS 200

/* Parses data into out (caller frees with csv_table_free, also on failure).
** On failure *line says where, and *detail (a static string or NULL) adds
** what was wrong, e.g. "byte 0xE9 at column 4". */
enum csv_status csv_table_read(const char *data, size_t len, int max_records, csv_table *out, int *line,
                               char *detail, size_t detail_size);
void csv_table_free(csv_table *t);

/* Appends one field to b quoted as CSV needs (commas, quotes, line breaks,
** leading or trailing spaces). */
struct buf;
void csv_field_write(struct buf *b, const char *s);

#endif
