/*
** import_int.h: what import.c (reading the file, columns, the report) and
** import_rows.c (turning one row into a partner or contact) share.  Not for
** other modules: they use import.h.
*/
#ifndef RAPPORT_IMPORT_INT_H
#define RAPPORT_IMPORT_INT_H

#include "import.h"
#include "import_csv.h"

typedef struct importer {
	store_conn *c;
	const audit_actor *who;
	const import_opts *o;
	csv_table table;
	const char *col_field[CSV_MAX_FIELDS];   /* the field each column fills, or NULL */
	json_t *seen;      /* duplicate key -> {id, line}: the office's records and earlier rows */
	json_t *partners;  /* contacts: partner name key -> id */
	json_t *rows;      /* the report's rows */
	buf failed;        /* failed rows as CSV */
	int created, updated, skipped, failed_n;
} importer;

/* The trimmed value of field in rec, or NULL when the column is absent or
** the cell empty.  Borrowed from the record. */
const char *import_cell(importer *im, const csv_record *rec, const char *field);

/* The key duplicates are found by: lower case, without spaces. */
void import_dup_key(const char *s, char *out, size_t out_size);

/* Appends a row to the report (errors stolen; may be NULL) and counts it;
** a failed row also goes into the failed-rows CSV. */
void import_row_report(importer *im, const csv_record *rec, const char *action, const char *name, int64_t id,
                       json_t *errors);
/* Appends {field, code, message} to errors. */
void import_error(json_t *errors, const char *field, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Loads what duplicates are checked against (im->seen, im->partners). */
int import_partners_prepare(importer *im);
int import_contacts_prepare(importer *im);
/* One data row: checks, writes, reports.  Returns STORE_OK or a store error. */
int import_partner_row(importer *im, const csv_record *rec);
int import_contact_row(importer *im, const csv_record *rec);

#endif
