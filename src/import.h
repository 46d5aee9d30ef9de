/*
** import.h: importing the spreadsheets offices already keep (partners,
** and contacts linked to partners by name) from CSV, for the command line
** (rapport import) and the API (POST /api/v1/import/...).
**
** Guarantees: a file that is not UTF-8, is too large, or cannot be read
** without guessing is refused whole, naming the line; every row is checked
** by the same rules as the API's create (partner_check_new,
** contact_check_new); duplicates (partners by name without regard to case
** or spaces, contacts by email), against the office and earlier rows of the
** file, are skipped or updated as asked, never created twice; a file with a
** failed row writes nothing unless partial is set; everything runs in the
** caller's one transaction, with an audit entry per record created or
** updated and one "import" entry with the counts.
*/
#ifndef RAPPORT_IMPORT_H
#define RAPPORT_IMPORT_H

#include "audit.h"
#include "import_match.h"
#include "store.h"

#define IMPORT_MAX_BYTES HTTP_MAX_CSV_BODY   /* 10 MB */
#define IMPORT_MAX_ROWS 50000

enum import_dup { IMPORT_DUP_SKIP, IMPORT_DUP_UPDATE };

typedef struct import_opts {
	enum import_kind kind;
	enum import_dup on_duplicate;
	bool dry_run;          /* check and count everything, write nothing */
	bool partial;          /* write the good rows even when some fail */
	const char *map;       /* "Heading=field,Other=": explicit columns ("=" alone ignores one); may be NULL */
} import_opts;

typedef struct import_outcome {
	/* 0 when the file was read (report holds the report), else the HTTP
	** status of its refusal, 413 or 422 (report holds {code, message, line?}). */
	int refused;
	bool commit;           /* whether the caller should commit the transaction */
	json_t *report;        /* caller decrefs */
} import_outcome;

/* Imports CSV text data[0..len) for who->office_id inside the caller's
** write transaction (the caller begins it, and commits only when
** out->commit).  The report:
**   {kind, dry_run, partial, on_duplicate, written, message,
**    counts: {rows, created, updated, skipped, failed},
**    columns: [{column, heading, field|null}],
**    rows: [{line, action: created|updated|skipped|failed, name, id?, errors: [{field, code, message}]}],
**    failed_csv: the header and the failed rows with their line and errors, or null}
** Returns STORE_OK, or a store error (then out holds nothing; roll back). */
int import_run(store_conn *c, const audit_actor *who, const char *data, size_t len, const import_opts *o,
               import_outcome *out);

/* Reads "skip" / "update"; false for anything else. */
bool import_dup_parse(const char *s, enum import_dup *out);

/* rapport import partners|contacts FILE ... (the command line). */
int cmd_import(int argc, char **argv);

#endif
