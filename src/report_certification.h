/*
** report_certification.h: the Community Relationships evidence packet: one
** document for a 12-month period, organised by the standard's four parts,
** with drafted answers to the questionnaire's example questions.  Every
** number comes from the same functions as the reports it summarises.
*/
#ifndef RAPPORT_REPORT_CERTIFICATION_H
#define RAPPORT_REPORT_CERTIFICATION_H

#include <jansson.h>

#include "store.h"

/* The packet document (report_doc.h) for an office and a period of local
** dates.  Reads inside the caller's transaction.  NULL with *rc on a store
** error.  Caller decrefs. */
json_t *certification_build(store_conn *c, int64_t office_id, const char *from, const char *to, int *rc);

/* The drafted answers in a document: {key: {question, drafted, text}}.  New; caller decrefs. */
json_t *certification_drafts(json_t *doc);

/* Puts edited draft texts ({key: {text}}) into the document's draft blocks. */
void certification_apply_drafts(json_t *doc, json_t *drafts);

#endif
