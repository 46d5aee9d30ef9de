/*
** api.c: the transaction, version and pagination helpers every api_*.c
** handler uses (see api.h).
*/
#include "api.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

store_conn *api_begin(http_req *r, enum store_txn kind)
{
	store_conn *c = http_db(r);
	if (!c) return NULL;
	int rc = store_begin(c, r->caller.office_id, kind);
	if (rc != STORE_OK) {
		http_reply_store_error(r, rc);
		return NULL;
	}
	return c;
}

void api_fail(http_req *r, int rc)
{
	if (r->db) store_rollback(r->db);
	http_reply_store_error(r, rc);
}

void api_not_found(http_req *r)
{
	if (r->db) store_rollback(r->db);
	http_reply_error(r, 404, "not_found", NULL, "There is no such record.");
}

void api_commit_reply(http_req *r, int status, json_t *body)
{
	int rc = store_commit(r->db);
	if (rc != STORE_OK) {
		json_decref(body);
		api_fail(r, rc);
		return;
	}
	if (status == 204) {
		json_decref(body);
		http_reply_no_content(r);
	} else {
		http_reply_json(r, status, body);
	}
}

void api_read_reply(http_req *r, json_t *body)
{
	if (r->db) store_rollback(r->db);
	http_reply_json(r, 200, body);
}

store_conn *api_begin_load(http_req *r, enum store_txn kind, api_load_fn load, int64_t id, json_t **record)
{
	*record = NULL;
	store_conn *c = api_begin(r, kind);
	if (!c) return NULL;
	*record = load(c, r->caller.office_id, id);
	if (!*record) {
		api_not_found(r);
		return NULL;
	}
	return c;
}

void api_get_reply(http_req *r, api_load_fn load)
{
	int64_t id;
	json_t *record;
	if (!http_param_id(r, 0, &id) || !api_begin_load(r, STORE_READ, load, id, &record)) return;
	api_read_reply(r, record);
}

void api_audit_commit(http_req *r, int rc, const char *action, const char *entity, int64_t id,
                      json_t *before, json_t *after, int status)
{
	if (rc >= 0 && !after && status != 204) rc = STORE_ERROR;
	if (rc >= 0) {
		audit_actor who = audit_actor_of(r);
		rc = audit_record(r->db, &who, action, entity, id, before, after);
	}
	json_decref(before);
	if (rc < 0) {
		json_decref(after);
		api_fail(r, rc);
		return;
	}
	api_commit_reply(r, status, after);
}

void api_edit_free(api_edit *e)
{
	json_decref(e->before);
	json_decref(e->merged);
	valid_free(&e->v);
	e->before = e->merged = NULL;
}

bool api_edit_begin(http_req *r, api_edit *e, const char *const *fields, api_load_fn load)
{
	memset(e, 0, sizeof *e);
	if (!http_param_id(r, 0, &e->id)) return false;
	e->body = json_body_object(r);
	if (!e->body) return false;
	if (!jf_known_keys(&e->v, e->body, fields)) {
		valid_reply(r, &e->v);
		return false;
	}
	e->office_id = r->caller.office_id;
	e->c = api_begin_load(r, STORE_WRITE, load, e->id, &e->before);
	if (!e->c) return false;
	if (!api_version_ok(r, e->body, e->before)) {
		api_edit_free(e);
		return false;
	}
	e->merged = json_deep_copy(e->before);
	json_merge_allowed(e->merged, e->body, fields);
	return true;
}

void api_edit_invalid(http_req *r, api_edit *e)
{
	store_rollback(e->c);
	valid_reply(r, &e->v);
	api_edit_free(e);
}

void api_edit_abandon(api_edit *e)
{
	store_rollback(e->c);
	api_edit_free(e);
}

void api_edit_finish(http_req *r, api_edit *e, int rc, const char *entity, json_t *after)
{
	json_t *before = e->before;
	e->before = NULL;
	api_edit_free(e);
	api_audit_commit(r, rc, "update", entity, e->id, before, after, 200);
}

bool api_version_ok(http_req *r, json_t *body, json_t *current)
{
	json_t *v = json_object_get(body, "version");
	if (!json_is_integer(v)) {
		store_rollback(r->db);
		http_reply_error(r, 422, "validation.required", "version",
		                 "version is required: send the version of the record you edited.");
		return false;
	}
	if (json_integer_value(v) != json_integer_value(json_object_get(current, "version"))) {
		store_rollback(r->db);
		json_t *err = json_pack("{s:s, s:s, s:s, s:O}", "code", "conflict.version", "message",
		                        "Someone else changed this record since you opened it. Reload to see"
		                        " their changes, then make yours again.",
		                        "field", "version", "current", current);
		http_reply_json(r, 409, json_pack("{s:o}", "error", err));
		return false;
	}
	return true;
}

bool api_page_params(http_req *r, int *limit, json_t **cursor)
{
	const char *l = http_query(r, "limit");
	const char *c = http_query(r, "cursor");
	int64_t n = 50;
	*cursor = NULL;
	if (l && (!str_parse_int64(l, &n) || n < 1 || n > 200)) {
		http_reply_error(r, 422, "validation.range", "limit", "limit must be a whole number from 1 to 200.");
		return false;
	}
	*limit = (int)n;
	if (!c) return true;
	unsigned char raw[1024];
	size_t len;
	if (strlen(c) > 1300 ||
	    sodium_base642bin(raw, sizeof raw - 1, c, strlen(c), NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		goto bad;
	}
	raw[len] = 0;
	*cursor = json_loadb((const char *)raw, len, 0, NULL);
	/* Only scalars: a hand-made cursor holding objects or arrays would be
	** bound as JSON text (and is a type error on PostgreSQL). */
	if (!json_is_array(*cursor) || json_array_size(*cursor) != 2 ||
	    json_is_object(json_array_get(*cursor, 0)) || json_is_array(json_array_get(*cursor, 0)) ||
	    json_is_object(json_array_get(*cursor, 1)) || json_is_array(json_array_get(*cursor, 1))) {
		json_decref(*cursor);
		*cursor = NULL;
		goto bad;
	}
	return true;
bad:
	http_reply_error(r, 422, "validation.cursor", "cursor",
	                 "cursor is not one this server gave out; start again from the first page.");
	return false;
}

char *api_cursor_encode(json_t *values)
{
	char *s = json_dumps(values, JSON_COMPACT);
	json_decref(values);
	size_t n = strlen(s);
	size_t outlen = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = xmalloc(outlen);
	sodium_bin2base64(out, outlen, (const unsigned char *)s, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(s);
	return out;
}

json_t *api_page(json_t *items, int limit, const char *key1, const char *key2)
{
	json_t *next = json_null();
	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		json_t *last = json_array_get(items, (size_t)limit - 1);
		json_t *vals = json_pack("[OO]", json_object_get(last, key1), json_object_get(last, key2));
		char *c = api_cursor_encode(vals);
		next = json_string(c);
		free(c);
	}
	return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

void api_read_reply_page(http_req *r, buf *page, json_t *last, const char *key1, const char *key2)
{
	buf_puts(page, ",\"next_cursor\":");
	if (last) {
		char *c = api_cursor_encode(json_pack("[OO]", json_object_get(last, key1), json_object_get(last, key2)));
		json_write_string(page, c, strlen(c));
		free(c);
	} else {
		buf_puts(page, "null");
	}
	buf_putc(page, '}');
	if (r->db) store_rollback(r->db);
	size_t len = page->len;
	http_reply_take(r, 200, "application/json", buf_take(page), len);
}

bool api_query_enum(http_req *r, const char *name, const char *const *allowed, const char **out)
{
	const char *v = http_query(r, name);
	*out = NULL;
	if (!v) return true;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(allowed[i], v) == 0) {
			*out = allowed[i];
			return true;
		}
	buf b = BUF_INIT;
	for (int i = 0; allowed[i]; i++) buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
	http_reply_error(r, 422, "validation.enum", name, "%s must be one of: %s.", name, b.data);
	buf_free(&b);
	return false;
}

bool api_query_id(http_req *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	*out = 0;
	if (!v) return true;
	if (!str_parse_int64(v, out) || *out <= 0) {
		http_reply_error(r, 422, "validation.type", name, "%s must be a positive whole-number id.", name);
		return false;
	}
	return true;
}

bool api_query_date(http_req *r, const char *name, const char **out)
{
	const char *v = http_query(r, name);
	*out = NULL;
	if (!v) return true;
	if (!date_valid(v)) {
		http_reply_error(r, 422, "validation.date", name, "%s must be a real date written YYYY-MM-DD.", name);
		return false;
	}
	*out = v;
	return true;
}
