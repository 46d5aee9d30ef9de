/*
** json.h: reading and checking JSON request bodies with jansson.
**
** A validator collects every problem with a body (not just the first) so the
** UI can show each error beside its field; valid_reply() answers 422 with
** them.  Field readers return true when the field is acceptable; an absent
** or null optional field reads as NULL / not present.
*/
#ifndef RAPPORT_JSON_H
#define RAPPORT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http.h"
#include "json_write.h"

typedef struct valid {
	json_t *errors;      /* array of {field, code, message}; NULL while clean */
} valid;

void valid_fail(valid *v, const char *field, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool valid_ok(const valid *v);
/* Replies 422 with every error collected, then frees them. */
void valid_reply(http_req *r, valid *v);
void valid_free(valid *v);

/* The request body as an object; replies 400 and returns NULL otherwise. */
json_t *json_body_object(http_req *r);

/* Field readers.  `required` means absent or null is an error.
** Strings must be non-empty after trimming when required, at most max_chars
** characters, and are returned borrowed from obj. */
bool jf_string(valid *v, json_t *obj, const char *field, bool required, size_t max_chars,
               const char **out);
bool jf_enum(valid *v, json_t *obj, const char *field, bool required,
             const char *const *allowed, const char **out);
bool jf_int(valid *v, json_t *obj, const char *field, bool required, int64_t min, int64_t max,
            int64_t *out, bool *present);
bool jf_real(valid *v, json_t *obj, const char *field, bool required, double min, double max,
             double *out, bool *present);
bool jf_bool(valid *v, json_t *obj, const char *field, bool *out, bool *present);
bool jf_date(valid *v, json_t *obj, const char *field, bool required, const char **out);
/* A date-time (or date) in ISO 8601, normalised to UTC "YYYY-MM-DDTHH:MM:SSZ" into out. */
bool jf_datetime(valid *v, json_t *obj, const char *field, bool required, char out[21],
                 bool *present);
/* An array of distinct non-empty strings; *out borrowed (NULL when absent). */
bool jf_string_array(valid *v, json_t *obj, const char *field, size_t max_items,
                     size_t max_chars, json_t **out);
/* An array of distinct positive integer ids; *out borrowed (NULL when absent). */
bool jf_id_array(valid *v, json_t *obj, const char *field, size_t max_items, json_t **out);
/* Rejects keys not in the allowed list (typos should not be silently ignored). */
bool jf_known_keys(valid *v, json_t *obj, const char *const *allowed);

/* Copies into dst every key of src that is in allowed (for PATCH merges). */
void json_merge_allowed(json_t *dst, json_t *src, const char *const *allowed);

/* Number of Unicode characters in a valid UTF-8 string. */
size_t utf8_chars(const char *s);

#endif
