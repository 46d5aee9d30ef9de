/*
** report_certification_int.h: what the files of the certification packet
** share among themselves (report_certification*.c); not for other modules.
*/
#ifndef RAPPORT_REPORT_CERTIFICATION_INT_H
#define RAPPORT_REPORT_CERTIFICATION_INT_H

#include <jansson.h>

#include "store.h"

static inline int64_t jint(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* Part 2 of the packet, appended to doc: resilience, verified contacts and
** the handovers from..to (dates).  STORE_OK or a store error. */
int cert_part_continuity(store_conn *c, int64_t office, const char *from, const char *to, json_t *doc);

/* Appends to sec the strong and developing relationships and the drafted
** answer naming them (draft key "relationship_examples").  STORE_OK or a
** store error. */
int cert_draft_examples(store_conn *c, int64_t office, json_t *sec);

#endif
