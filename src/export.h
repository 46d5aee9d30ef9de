/*
** export.h: writing tables people open in Excel: CSV (RFC 4180) and XLSX
** (libxlsxwriter), from one column/row model so every export offers both.
**
** The model: columns say which key of each row object they show, their
** header, their type and (for XLSX) width; rows are a JSON array of
** objects.  Values may be strings, numbers, booleans or null (empty cell).
**
** CSV: UTF-8, CRLF line ends, every field quoted when it holds a comma,
** quote, CR or LF (quotes doubled), an optional byte-order mark so Excel
** reads UTF-8.  Text cells that begin with = + - @ TAB or CR get a leading
** apostrophe so a spreadsheet never runs them as formulas (typed number
** columns are not touched).
** XLSX: one sheet, a bold frozen header row with a filter, dates and
** date-times written as real Excel dates with a date format, set widths.
*/
#ifndef RAPPORT_EXPORT_H
#define RAPPORT_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum export_type {
	EXPORT_TEXT,       /* string; defused in CSV */
	EXPORT_NUMBER,     /* integer or real */
	EXPORT_DATE,       /* "YYYY-MM-DD" */
	EXPORT_DATETIME,   /* "YYYY-MM-DDTHH:MM:SS" with or without a trailing Z, shown as given */
};

typedef struct export_col {
	const char *key;
	const char *title;
	enum export_type type;
	double width;      /* XLSX width in characters; 0 picks one by type */
} export_col;

typedef struct export_table {
	const export_col *cols;
	int ncols;
	json_t *rows;      /* borrowed array of objects */
	const char *sheet; /* XLSX sheet name (31 characters at most); NULL: "Export" */
} export_table;

/* Appends one CSV field (quoted as needed; defused when defuse). */
void export_csv_field(buf *b, const char *s, bool defuse);
/* The whole table as CSV.  *len gets the size.  Caller frees. */
char *export_csv(const export_table *t, bool bom, size_t *len);
/* The whole table as an XLSX file's bytes; NULL with *err (caller frees)
** on failure.  Caller frees the result. */
char *export_xlsx(const export_table *t, size_t *len, char **err);

#endif
