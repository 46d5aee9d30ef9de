/*
** store.c: the backend-independent half of the store: the connection pool,
** the per-connection statement cache, parameter binding from a type string,
** rows as JSON, and the thin wrappers that forward to the backend's table
** of operations.  No SQL dialect is known here.
*/
#include "store.h"
#include "json_write.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>


struct store {
	const store_ops *ops;
	char *target;       /* what the backend's connect() takes */
	char *url;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	store_conn **idle;  /* stack of idle connections */
	int nidle;
	int nopen;          /* idle + in use */
	int size;
};

store *store_open(const char *url, int pool_size, char **err)
{
	const store_ops *ops;
	const char *target;
	if (str_starts(url, "postgres://") || str_starts(url, "postgresql://")) {
		ops = &store_pg_ops;
		target = url;
	} else if (str_starts(url, "sqlite:")) {
		ops = &store_sqlite_ops;
		target = url + 7;
	} else {
		ops = &store_sqlite_ops;
		target = url;
	}
	if (str_empty(target)) {
		*err = xstrdup("the database path is empty");
		return NULL;
	}
	store *s = xcalloc(1, sizeof *s);
	s->ops = ops;
	s->target = xstrdup(target);
	s->url = xstrdup(url);
	s->size = pool_size > 0 ? pool_size : 8;
	s->idle = xcalloc((size_t)s->size, sizeof *s->idle);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->freed, NULL);
	/* Connect once now so a bad URL or unreadable file fails at start-up. */
	store_conn *c = ops->connect(s->target, err);
	if (!c) {
		store_close(s);
		return NULL;
	}
	c->ops = ops;
	c->owner = s;
	s->nopen = 1;
	s->idle[s->nidle++] = c;
	return s;
}

static void conn_destroy(store_conn *c)
{
	for (int i = 0; i < c->cache_len; i++) c->ops->finalize(c->cache[i].st);
	free(c->cache);
	c->ops->disconnect(c);
}

void store_close(store *s)
{
	if (!s) return;
	for (int i = 0; i < s->nidle; i++) conn_destroy(s->idle[i]);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->freed);
	free(s->idle);
	free(s->target);
	free(s->url);
	free(s);
}

enum store_dialect store_dialect_of(store *s) { return s->ops->dialect; }
const char *store_url(store *s) { return s->url; }
enum store_dialect store_conn_dialect(store_conn *c) { return c->ops->dialect; }

store_conn *store_acquire(store *s)
{
	store_conn *c = NULL;
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 10;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (s->nidle > 0) {
			c = s->idle[--s->nidle];
			break;
		}
		if (s->nopen < s->size) {
			s->nopen++;
			break;
		}
		if (pthread_cond_timedwait(&s->freed, &s->lock, &deadline) == ETIMEDOUT) {
			pthread_mutex_unlock(&s->lock);
			log_error("store: no connection free within 10 s (pool of %d)", s->size);
			return NULL;
		}
	}
	pthread_mutex_unlock(&s->lock);

	if (c && (c->broken || !c->ops->healthy(c))) {
		conn_destroy(c);
		c = NULL;
	}
	if (!c) {
		char *err = NULL;
		c = s->ops->connect(s->target, &err);
		if (!c) {
			log_error("store: cannot connect: %s", err ? err : "unknown error");
			free(err);
			pthread_mutex_lock(&s->lock);
			s->nopen--;
			pthread_cond_signal(&s->freed);
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		c->ops = s->ops;
		c->owner = s;
	}
	return c;
}

void store_release(store_conn *c)
{
	if (!c) return;
	store *s = c->owner;
	if (c->in_txn) c->ops->rollback(c), c->in_txn = false;
	pthread_mutex_lock(&s->lock);
	if (c->broken) {
		pthread_mutex_unlock(&s->lock);
		conn_destroy(c);
		pthread_mutex_lock(&s->lock);
		s->nopen--;
	} else {
		s->idle[s->nidle++] = c;
	}
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

int store_begin(store_conn *c, int64_t office_id, enum store_txn kind)
{
	int rc = c->ops->begin(c, office_id, kind);
	if (rc == STORE_OK) {
		c->in_txn = true;
		c->office_id = office_id;
	}
	return rc;
}

int store_scope(store_conn *c, int64_t office_id)
{
	int rc = c->ops->scope(c, office_id);
	if (rc == STORE_OK) c->office_id = office_id;
	return rc;
}

int store_commit(store_conn *c)
{
	int rc = c->ops->commit(c);
	if (rc == STORE_OK) c->in_txn = false;
	return rc;
}

void store_rollback(store_conn *c)
{
	if (!c->in_txn) return;
	c->ops->rollback(c);
	c->in_txn = false;
}

const char *store_errmsg(store_conn *c) { return c->ops->errmsg(c); }

store_stmt *store_prepare(store_conn *c, const char *sql)
{
	for (int i = 0; i < c->cache_len; i++)
		if (c->cache[i].sql == sql) return c->cache[i].st;
	store_stmt *st = c->ops->prepare(c, sql);
	if (!st) {
		log_error("store: cannot prepare: %s\n  in: %s", c->ops->errmsg(c), sql);
		return NULL;
	}
	if (c->cache_len == c->cache_cap) {
		c->cache_cap = c->cache_cap ? c->cache_cap * 2 : 64;
		c->cache = xrealloc(c->cache, (size_t)c->cache_cap * sizeof *c->cache);
	}
	c->cache[c->cache_len].sql = sql;
	c->cache[c->cache_len].st = st;
	c->cache_len++;
	return st;
}

/* store_stmt begins with a pointer to its connection in every backend. */
struct store_stmt_head {
	store_conn *conn;
};
#define OPS(st) (((struct store_stmt_head *)(st))->conn->ops)

static void bind_json(store_stmt *st, int idx, json_t *v)
{
	const store_ops *ops = OPS(st);
	if (!v || json_is_null(v)) ops->bind_null(st, idx);
	else if (json_is_boolean(v)) ops->bind_int(st, idx, json_is_true(v));
	else if (json_is_integer(v)) ops->bind_int(st, idx, json_integer_value(v));
	else if (json_is_real(v)) ops->bind_real(st, idx, json_real_value(v));
	else if (json_is_string(v)) ops->bind_text(st, idx, json_string_value(v), (int)json_string_length(v));
	else {
		char *s = json_dumps(v, JSON_COMPACT);
		ops->bind_text(st, idx, s, -1);
		free(s);
	}
}

void store_bind_array(store_stmt *st, json_t *values)
{
	const store_ops *ops = OPS(st);
	ops->reset(st);
	if ((int)json_array_size(values) != ops->param_count(st))
		fatal("store_bind_array: %zu values but the statement takes %d", json_array_size(values),
		      ops->param_count(st));
	for (size_t i = 0; i < json_array_size(values); i++) bind_json(st, (int)i + 1, json_array_get(values, i));
}

void store_vbind(store_stmt *st, const char *types, va_list ap)
{
	const store_ops *ops = OPS(st);
	ops->reset(st);
	if ((int)strlen(types) != ops->param_count(st))
		fatal("store_bind: \"%s\" binds %zu values but the statement takes %d", types, strlen(types),
		      ops->param_count(st));
	for (int i = 0; types[i]; i++) {
		int idx = i + 1;
		switch (types[i]) {
		case 'i': ops->bind_int(st, idx, va_arg(ap, int64_t)); break;
		case 'd': ops->bind_int(st, idx, va_arg(ap, int)); break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			if (v) ops->bind_int(st, idx, v);
			else ops->bind_null(st, idx);
			break;
		}
		case 'b': ops->bind_int(st, idx, va_arg(ap, int) ? 1 : 0); break;
		case 'r': ops->bind_real(st, idx, va_arg(ap, double)); break;
		case 'n': ops->bind_null(st, idx); break;
		case 't': {
			const char *s = va_arg(ap, const char *);
			if (s) ops->bind_text(st, idx, s, -1);
			else ops->bind_null(st, idx);
			break;
		}
		case 'j': bind_json(st, idx, va_arg(ap, json_t *)); break;
		default: fatal("store_bind: unknown type '%c' in \"%s\"", types[i], types);
		}
	}
}

void store_bind(store_stmt *st, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
}

int store_step(store_stmt *st) { return OPS(st)->step(st); }
void store_reset(store_stmt *st) { OPS(st)->reset(st); }
int store_changes(store_stmt *st) { return OPS(st)->changes(st); }
int store_col_count(store_stmt *st) { return OPS(st)->col_count(st); }
const char *store_col_name(store_stmt *st, int i) { return OPS(st)->col_name(st, i); }
enum store_type store_col_type(store_stmt *st, int i) { return OPS(st)->col_type(st, i); }
int64_t store_col_int(store_stmt *st, int i) { return OPS(st)->col_int(st, i); }
double store_col_real(store_stmt *st, int i) { return OPS(st)->col_real(st, i); }
const char *store_col_text(store_stmt *st, int i) { return OPS(st)->col_text(st, i); }
bool store_col_null(store_stmt *st, int i) { return OPS(st)->col_type(st, i) == STORE_NULL; }

static bool ends_with(const char *s, size_t n, const char *suffix, size_t k)
{
	return n > k && memcmp(s + n - k, suffix, k) == 0;
}

/* Keys are column names (ASCII from our own SQL), so they skip jansson's
** UTF-8 check; values are checked as usual. */
json_t *store_row_json(store_stmt *st)
{
	const store_ops *ops = OPS(st);
	json_t *o = json_object();
	int n = ops->col_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = ops->col_name(st, i);
		size_t len = strlen(name);
		enum store_type t = ops->col_type(st, i);
		json_t *v;
		char key[128];
		if (ends_with(name, len, "_json", 5) && len - 5 < sizeof key) {
			memcpy(key, name, len - 5);
			key[len - 5] = 0;
			const char *txt = ops->col_text(st, i);
			v = txt ? json_loads(txt, JSON_DECODE_ANY, NULL) : NULL;
			json_object_set_new_nocheck(o, key, v ? v : json_null());
			continue;
		}
		if (ends_with(name, len, "_bool", 5) && len - 5 < sizeof key) {
			memcpy(key, name, len - 5);
			key[len - 5] = 0;
			json_object_set_new_nocheck(o, key, t == STORE_NULL ? json_null()
			                                              : json_boolean(ops->col_int(st, i) != 0));
			continue;
		}
		switch (t) {
		case STORE_NULL: v = json_null(); break;
		case STORE_INT: v = json_integer(ops->col_int(st, i)); break;
		case STORE_REAL: v = json_real(ops->col_real(st, i)); break;
		default: v = json_string(ops->col_text(st, i)); break;
		}
		json_object_set_new_nocheck(o, name, v ? v : json_null());
	}
	return o;
}

/* The current row as store_row_json would make it, written as JSON text. */
static void row_write(store_stmt *st, buf *out)
{
	const store_ops *ops = OPS(st);
	int n = ops->col_count(st);
	buf_putc(out, '{');
	for (int i = 0; i < n; i++) {
		const char *name = ops->col_name(st, i);
		size_t len = strlen(name);
		bool is_json = ends_with(name, len, "_json", 5), is_bool = ends_with(name, len, "_bool", 5);
		if (i) buf_putc(out, ',');
		json_write_string(out, name, is_json || is_bool ? len - 5 : len);
		buf_putc(out, ':');
		enum store_type t = ops->col_type(st, i);
		size_t mark = out->len;
		if (t == STORE_NULL) {
			buf_append(out, "null", 4);
		} else if (is_bool) {
			if (ops->col_int(st, i)) buf_append(out, "true", 4);
			else buf_append(out, "false", 5);
		} else if (is_json) {
			const char *txt = ops->col_text(st, i);
			if (str_eq(txt, "[]") || str_eq(txt, "{}")) {
				buf_puts(out, txt);
			} else {
				json_t *v = txt ? json_loads(txt, JSON_DECODE_ANY, NULL) : NULL;
				if (!v || !json_write(out, v)) {
					out->len = mark;
					buf_append(out, "null", 4);
				}
				json_decref(v);
			}
		} else if (t == STORE_INT) {
			char num[24], *e = num + sizeof num, *d = e;
			int64_t v = ops->col_int(st, i);
			uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			do *--d = (char)('0' + u % 10);
			while ((u /= 10));
			if (v < 0) *--d = '-';
			buf_append(out, d, (size_t)(e - d));
		} else if (t == STORE_REAL) {
			json_write_real(out, ops->col_real(st, i));
		} else {
			const char *txt = ops->col_text(st, i);
			if (!json_write_string(out, txt, strlen(txt))) {   /* not UTF-8: null, as json_string gives */
				out->len = mark;
				buf_append(out, "null", 4);
			}
		}
	}
	buf_putc(out, '}');
}

int store_query_write(store_conn *c, buf *out, int max, bool *more, json_t **last, const char *sql,
                      const char *types, ...)
{
	*more = false;
	*last = NULL;
	store_stmt *st = store_prepare(c, sql);
	if (!st) return STORE_ERROR;
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
	int rc, rows = 0;
	buf_reserve(out, 256 * (size_t)(max > 0 ? max : 1));   /* a typical row; it grows if need be */
	buf_putc(out, '[');
	while ((rc = store_step(st)) == STORE_ROW) {
		if (rows == max) {
			*more = true;
			rc = STORE_DONE;
			break;
		}
		if (rows++) buf_putc(out, ',');
		row_write(st, out);
		if (rows == max) *last = store_row_json(st);
	}
	buf_putc(out, ']');
	store_reset(st);
	if (rc != STORE_DONE) {
		json_decref(*last);
		*last = NULL;
		return rc;
	}
	return STORE_OK;
}

int store_exec(store_conn *c, const char *sql, const char *types, ...)
{
	store_stmt *st = store_prepare(c, sql);
	if (!st) return STORE_ERROR;
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {}
	int changes = rc == STORE_DONE ? store_changes(st) : rc;
	store_reset(st);
	return changes;
}

json_t *store_query_row(store_conn *c, int *rc, const char *sql, const char *types, ...)
{
	int dummy;
	if (!rc) rc = &dummy;
	store_stmt *st = store_prepare(c, sql);
	if (!st) {
		*rc = STORE_ERROR;
		return NULL;
	}
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
	json_t *row = NULL;
	*rc = store_step(st);
	if (*rc == STORE_ROW) row = store_row_json(st);
	store_reset(st);
	return row;
}

json_t *store_query_rows(store_conn *c, int *rc, const char *sql, const char *types, ...)
{
	int dummy;
	if (!rc) rc = &dummy;
	store_stmt *st = store_prepare(c, sql);
	if (!st) {
		*rc = STORE_ERROR;
		return NULL;
	}
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
	json_t *rows = json_array();
	while ((*rc = store_step(st)) == STORE_ROW) json_array_append_new(rows, store_row_json(st));
	store_reset(st);
	if (*rc != STORE_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

int64_t store_query_int(store_conn *c, int64_t dflt, const char *sql, const char *types, ...)
{
	store_stmt *st = store_prepare(c, sql);
	if (!st) return dflt;
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
	int64_t v = dflt;
	if (store_step(st) == STORE_ROW && !store_col_null(st, 0)) v = store_col_int(st, 0);
	store_reset(st);
	return v;
}

int store_index_put(store_conn *c, int64_t office_id, const char *entity, int64_t id,
                    const char *title, const char *body)
{
	return c->ops->index_put(c, office_id, entity, id, title ? title : "", body ? body : "");
}

int store_index_delete(store_conn *c, int64_t office_id, const char *entity, int64_t id)
{
	return c->ops->index_delete(c, office_id, entity, id);
}

int store_search(store_conn *c, int64_t office_id, const char *query, const char *entity,
                 int limit, json_t *out)
{
	return c->ops->search(c, office_id, query, entity, limit, out);
}

int store_backup(store *s, const char *dest_path, char **err)
{
	store_conn *c = store_acquire(s);
	if (!c) {
		*err = xstrdup("the database is unavailable");
		return STORE_UNAVAILABLE;
	}
	int rc = c->ops->backup(c, dest_path, err);
	store_release(c);
	return rc;
}
