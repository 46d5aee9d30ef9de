/*
** json.c: request-body validation with jansson (see json.h).  Every message
** here is one a person can act on, and names the field at fault.
*/
#include "json.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

void valid_fail(valid *v, const char *field, const char *code, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!v->errors) v->errors = json_array();
	char *f = utf8_scrub(field), *msg = utf8_scrub(b.data ? b.data : "");
	json_array_append_new(v->errors, json_pack("{s:s, s:s, s:s}", "field", f, "code", code,
	                                           "message", msg));
	free(f);
	free(msg);
	buf_free(&b);
}

bool valid_ok(const valid *v) { return !v->errors || json_array_size(v->errors) == 0; }

void valid_free(valid *v)
{
	json_decref(v->errors);
	v->errors = NULL;
}

void valid_reply(http_req *r, valid *v)
{
	json_t *first = json_array_get(v->errors, 0);
	json_t *err = json_pack("{s:O, s:O, s:O, s:O}", "code", json_object_get(first, "code"),
	                        "message", json_object_get(first, "message"), "field",
	                        json_object_get(first, "field"), "details", v->errors);
	http_reply_json(r, 422, json_pack("{s:o}", "error", err));
	valid_free(v);
}

json_t *json_body_object(http_req *r)
{
	if (!json_is_object(r->json)) {
		http_reply_error(r, 400, "request.not_object", NULL,
		                 "The request body must be a JSON object.");
		return NULL;
	}
	return r->json;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80) n++;
	return n;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
	return true;
}

bool jf_string(valid *v, json_t *obj, const char *field, bool required, size_t max_chars,
               const char **out)
{
	json_t *x = json_object_get(obj, field);
	*out = NULL;
	if (!x || json_is_null(x)) {
		if (required) valid_fail(v, field, "validation.required", "%s is required.", field);
		return !required;
	}
	if (!json_is_string(x)) {
		valid_fail(v, field, "validation.type", "%s must be text.", field);
		return false;
	}
	const char *s = json_string_value(x);
	if (strlen(s) != json_string_length(x)) {
		valid_fail(v, field, "validation.format", "%s must not contain NUL characters.", field);
		return false;
	}
	if (required && blank(s)) {
		valid_fail(v, field, "validation.required", "%s must not be blank.", field);
		return false;
	}
	if (utf8_chars(s) > max_chars) {
		valid_fail(v, field, "validation.length", "%s must be at most %zu characters.", field,
		           max_chars);
		return false;
	}
	*out = s;
	return true;
}

bool jf_enum(valid *v, json_t *obj, const char *field, bool required,
             const char *const *allowed, const char **out)
{
	const char *s;
	*out = NULL;   /* also on failure: callers may look before valid_ok() */
	if (!jf_string(v, obj, field, required, 64, &s)) return false;
	if (!s) return true;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(allowed[i], s) == 0) {
			*out = allowed[i];
			return true;
		}
	buf b = BUF_INIT;
	for (int i = 0; allowed[i]; i++) buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
	valid_fail(v, field, "validation.enum", "%s must be one of: %s.", field, b.data);
	buf_free(&b);
	return false;
}

bool jf_int(valid *v, json_t *obj, const char *field, bool required, int64_t min, int64_t max,
            int64_t *out, bool *present)
{
	json_t *x = json_object_get(obj, field);
	if (present) *present = false;
	if (!x || json_is_null(x)) {
		if (required) valid_fail(v, field, "validation.required", "%s is required.", field);
		return !required;
	}
	if (!json_is_integer(x)) {
		valid_fail(v, field, "validation.type", "%s must be a whole number.", field);
		return false;
	}
	int64_t n = json_integer_value(x);
	if (n < min || n > max) {
		valid_fail(v, field, "validation.range", "%s must be between %lld and %lld.", field,
		           (long long)min, (long long)max);
		return false;
	}
	*out = n;
	if (present) *present = true;
	return true;
}

bool jf_real(valid *v, json_t *obj, const char *field, bool required, double min, double max,
             double *out, bool *present)
{
	json_t *x = json_object_get(obj, field);
	if (present) *present = false;
	if (!x || json_is_null(x)) {
		if (required) valid_fail(v, field, "validation.required", "%s is required.", field);
		return !required;
	}
	if (!json_is_number(x)) {
		valid_fail(v, field, "validation.type", "%s must be a number.", field);
		return false;
	}
	double d = json_number_value(x);
	if (!isfinite(d) || d < min || d > max) {
		valid_fail(v, field, "validation.range", "%s must be between %g and %g.", field, min, max);
		return false;
	}
	*out = d;
	if (present) *present = true;
	return true;
}

bool jf_bool(valid *v, json_t *obj, const char *field, bool *out, bool *present)
{
	json_t *x = json_object_get(obj, field);
	if (present) *present = false;
	if (!x || json_is_null(x)) return true;
	if (!json_is_boolean(x)) {
		valid_fail(v, field, "validation.type", "%s must be true or false.", field);
		return false;
	}
	*out = json_is_true(x);
	if (present) *present = true;
	return true;
}

bool jf_date(valid *v, json_t *obj, const char *field, bool required, const char **out)
{
	const char *s;
	*out = NULL;   /* also on failure: callers may look before valid_ok() */
	if (!jf_string(v, obj, field, required, 10, &s)) return false;
	if (!s) return true;
	if (!date_valid(s)) {
		valid_fail(v, field, "validation.date", "%s must be a real date written YYYY-MM-DD.", field);
		return false;
	}
	*out = s;
	return true;
}

bool jf_datetime(valid *v, json_t *obj, const char *field, bool required, char out[21],
                 bool *present)
{
	const char *s;
	if (present) *present = false;
	if (!jf_string(v, obj, field, required, 40, &s)) return false;
	if (!s) return true;
	if (!datetime_normalize(s, out)) {
		valid_fail(v, field, "validation.datetime",
		           "%s must be a date and time in ISO 8601, e.g. 2026-03-04T15:30:00Z.", field);
		return false;
	}
	if (present) *present = true;
	return true;
}

bool jf_string_array(valid *v, json_t *obj, const char *field, size_t max_items,
                     size_t max_chars, json_t **out)
{
	json_t *x = json_object_get(obj, field);
	*out = NULL;
	if (!x || json_is_null(x)) return true;
	if (!json_is_array(x)) {
		valid_fail(v, field, "validation.type", "%s must be a list of text.", field);
		return false;
	}
	if (json_array_size(x) > max_items) {
		valid_fail(v, field, "validation.length", "%s may hold at most %zu items.", field, max_items);
		return false;
	}
	size_t i, j;
	json_t *e;
	json_array_foreach(x, i, e) {
		if (!json_is_string(e) || blank(json_string_value(e))) {
			valid_fail(v, field, "validation.type", "%s must hold only non-empty text.", field);
			return false;
		}
		if (strlen(json_string_value(e)) != json_string_length(e) ||
		    utf8_chars(json_string_value(e)) > max_chars) {
			valid_fail(v, field, "validation.length",
			           "each item of %s must be at most %zu characters.", field, max_chars);
			return false;
		}
		for (j = 0; j < i; j++)
			if (json_equal(e, json_array_get(x, j))) {
				valid_fail(v, field, "validation.duplicate", "%s lists \"%s\" twice.", field,
				           json_string_value(e));
				return false;
			}
	}
	*out = x;
	return true;
}

bool jf_id_array(valid *v, json_t *obj, const char *field, size_t max_items, json_t **out)
{
	json_t *x = json_object_get(obj, field);
	*out = NULL;
	if (!x || json_is_null(x)) return true;
	if (!json_is_array(x) || json_array_size(x) > max_items) {
		valid_fail(v, field, "validation.type", "%s must be a list of at most %zu ids.", field,
		           max_items);
		return false;
	}
	size_t i, j;
	json_t *e;
	json_array_foreach(x, i, e) {
		if (!json_is_integer(e) || json_integer_value(e) <= 0) {
			valid_fail(v, field, "validation.type", "%s must hold only positive whole-number ids.",
			           field);
			return false;
		}
		for (j = 0; j < i; j++)
			if (json_integer_value(e) == json_integer_value(json_array_get(x, j))) {
				valid_fail(v, field, "validation.duplicate", "%s lists id %lld twice.", field,
				           (long long)json_integer_value(e));
				return false;
			}
	}
	*out = x;
	return true;
}

bool jf_known_keys(valid *v, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *val;
	bool ok = true;
	json_object_foreach(obj, key, val) {
		bool known = false;
		for (int i = 0; allowed[i] && !known; i++) known = strcmp(allowed[i], key) == 0;
		if (!known) {
			valid_fail(v, key, "validation.unknown_field", "%s is not a field of this record.", key);
			ok = false;
		}
	}
	return ok;
}

void json_merge_allowed(json_t *dst, json_t *src, const char *const *allowed)
{
	for (int i = 0; allowed[i]; i++) {
		json_t *x = json_object_get(src, allowed[i]);
		if (x) json_object_set(dst, allowed[i], x);
	}
}
