/*
** json_write.h: compact JSON text from jansson values or straight from
** strings and numbers (json_write.c), exactly as jansson's
** json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII) writes it, only faster.
** Used for every API reply and by store_query_write for list pages.
*/
#ifndef RAPPORT_JSON_WRITE_H
#define RAPPORT_JSON_WRITE_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* Appends v.  False when a string in v is not valid UTF-8 (b then holds
** part of the text). */
bool json_write(buf *b, json_t *v);
/* Appends n bytes of UTF-8 as a JSON string, non-ASCII as \uXXXX.  False
** (with part written) when s is not valid UTF-8. */
bool json_write_string(buf *b, const char *s, size_t n);
/* Appends a real as jansson writes it: %.17g, with ".0" when it would read as an integer. */
void json_write_real(buf *b, double v);

#endif
