/*
** import_match.h: reading what people write in spreadsheets: column
** headings ("Org Name", "E-mail", "Type") to rapport's fields, and values
** ("Faith-based", "School District", "Spanish; Vietnamese") to
** rapport's vocabularies.  Matching ignores case, spaces and punctuation.
** A value it does not recognise is reported, never guessed.
*/
#ifndef RAPPORT_IMPORT_MATCH_H
#define RAPPORT_IMPORT_MATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum import_kind { IMPORT_PARTNERS, IMPORT_CONTACTS };

/* The fields a file of this kind may fill, NULL-terminated. */
const char *const *import_fields(enum import_kind kind);

/* s lower-cased with everything but letters and digits removed ("E-mail
** Address" -> "emailaddress"); bytes of non-ASCII letters are kept. */
void import_norm_key(const char *s, char *out, size_t out_size);

/* The field a column heading reads as, or NULL. */
const char *import_header_field(enum import_kind kind, const char *header);

/* Values to vocabulary, each NULL when not recognised (returns static strings). */
const char *import_subtype_value(const char *raw);
const char *import_kind_value(const char *raw);
const char *import_status_value(const char *raw);
/* The kind a subtype's partner is unless the file says otherwise: the
** subtype's own kind, else the usual one (libraries and school districts
** are part of local government, universities and tribal governments are
** institutions); NULL for "other". */
const char *import_default_kind(const char *subtype);
/* A language name ("Spanish", "Español") or tag ("es", "zh-Hant") to a tag
** in out; false when neither. */
bool import_language_value(const char *raw, char *out, size_t out_size);

/* Splits "a, b; c" into a new array of distinct trimmed non-empty strings. */
json_t *import_split_list(const char *raw);

#endif
