/*
** store_sqlite.c: the SQLite backend of the store interface (store.h).
**
** One sqlite3 handle per pooled connection, opened in WAL mode with foreign
** keys on, a busy timeout, and synchronous=FULL so a commit that returned
** is on disk.  Write transactions start with BEGIN IMMEDIATE so two writers
** queue on the busy timeout instead of failing when they upgrade.  Full-text
** search is FTS5 over the search_docs table (see sql/001_foundation.sql).
*/
#include "store.h"
#include "util.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Page cache per connection, in KiB (RAPPORT_SQLITE_CACHE_KB overrides).
** The server holds threads + 2 connections, so this times the pool is the
** most the caches can take; pages beyond it come from the OS page cache. */
#define SQ_CACHE_KB 4000

typedef struct sq_conn {
	store_conn base;
	sqlite3 *db;
} sq_conn;

typedef struct sq_stmt {
	store_conn *conn;  /* must be first: see store.c */
	sqlite3_stmt *s;
	int changes;
} sq_stmt;

#define DB(c) (((sq_conn *)(c))->db)

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return STORE_OK;
	case SQLITE_ROW: return STORE_ROW;
	case SQLITE_DONE: return STORE_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		return rc == SQLITE_CONSTRAINT_FOREIGNKEY ? STORE_FOREIGN_KEY : STORE_CONSTRAINT;
	case SQLITE_CANTOPEN: return STORE_UNAVAILABLE;
	default: return STORE_ERROR;
	}
}

/* Process-wide settings, made once before SQLite is first used: memory
** statistics off, since keeping them takes a global mutex on every
** allocation, which the request threads then contend for. */
static void sq_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
static pthread_once_t sq_configured = PTHREAD_ONCE_INIT;

static store_conn *sq_connect(const char *path, char **err)
{
	pthread_once(&sq_configured, sq_configure);
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		*err = xasprintf("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	const char *sync = getenv("RAPPORT_SQLITE_SYNC");
	int64_t cache_kb = SQ_CACHE_KB;
	const char *cache = getenv("RAPPORT_SQLITE_CACHE_KB");
	if (cache && (!str_parse_int64(cache, &cache_kb) || cache_kb < 100 || cache_kb > 4000000)) cache_kb = SQ_CACHE_KB;
	char *pragmas = xasprintf("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
	                          " PRAGMA synchronous=%s; PRAGMA temp_store=MEMORY;"
	                          " PRAGMA cache_size=-%lld;",
	                          str_eq(sync, "normal") ? "NORMAL" : "FULL", (long long)cache_kb);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(db, pragmas, NULL, NULL, &msg);
	free(pragmas);
	if (rc != SQLITE_OK) {
		*err = xasprintf("cannot set up %s: %s", path, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	sq_conn *c = xcalloc(1, sizeof *c);
	c->db = db;
	return &c->base;
}

static void sq_disconnect(store_conn *c)
{
	sqlite3_close_v2(DB(c));
	free(c);
}

static bool sq_healthy(store_conn *c) { (void)c; return true; }

static int sq_exec_script(store_conn *c, const char *sql)
{
	return map_rc(sqlite3_exec(DB(c), sql, NULL, NULL, NULL));
}

static int sq_begin(store_conn *c, int64_t office_id, enum store_txn kind)
{
	(void)office_id;
	/* A migration is a write; SQLite's write lock already serialises them. */
	bool write = kind == STORE_WRITE || kind == STORE_MIGRATE;
	return map_rc(sqlite3_exec(DB(c), write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL));
}

/* SQLite has no row-level security: the queries' office filters are the wall. */
static int sq_scope(store_conn *c, int64_t office_id)
{
	(void)c;
	(void)office_id;
	return STORE_OK;
}

static int sq_commit(store_conn *c) { return map_rc(sqlite3_exec(DB(c), "COMMIT", NULL, NULL, NULL)); }

static void sq_rollback(store_conn *c)
{
	if (!sqlite3_get_autocommit(DB(c))) sqlite3_exec(DB(c), "ROLLBACK", NULL, NULL, NULL);
}

static store_stmt *sq_prepare(store_conn *c, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(DB(c), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		return NULL;
	sq_stmt *st = xcalloc(1, sizeof *st);
	st->conn = c;
	st->s = s;
	return (store_stmt *)st;
}

#define S(st) (((sq_stmt *)(st))->s)

static void sq_finalize(store_stmt *st)
{
	sqlite3_finalize(S(st));
	free(st);
}

static void sq_bind_null(store_stmt *st, int i) { sqlite3_bind_null(S(st), i); }
static void sq_bind_int(store_stmt *st, int i, int64_t v) { sqlite3_bind_int64(S(st), i, v); }
static void sq_bind_real(store_stmt *st, int i, double v) { sqlite3_bind_double(S(st), i, v); }

static void sq_bind_text(store_stmt *st, int i, const char *s, int len)
{
	sqlite3_bind_text(S(st), i, s, len, SQLITE_TRANSIENT);
}

static int sq_step(store_stmt *st)
{
	sq_stmt *q = (sq_stmt *)st;
	int rc = sqlite3_step(q->s);
	if (rc == SQLITE_DONE) q->changes = sqlite3_changes(DB(q->conn));
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(DB(q->conn));
		int mapped = map_rc(rc);
		if (mapped == STORE_ERROR)
			log_error("sqlite: %s\n  in: %s", sqlite3_errmsg(DB(q->conn)), sqlite3_sql(q->s));
		return mapped;
	}
	return map_rc(rc);
}

static void sq_reset(store_stmt *st)
{
	sqlite3_reset(S(st));
	sqlite3_clear_bindings(S(st));
}

static int sq_changes(store_stmt *st) { return ((sq_stmt *)st)->changes; }
static int sq_param_count(store_stmt *st) { return sqlite3_bind_parameter_count(S(st)); }
static int sq_col_count(store_stmt *st) { return sqlite3_column_count(S(st)); }
static const char *sq_col_name(store_stmt *st, int i) { return sqlite3_column_name(S(st), i); }

static enum store_type sq_col_type(store_stmt *st, int i)
{
	switch (sqlite3_column_type(S(st), i)) {
	case SQLITE_NULL: return STORE_NULL;
	case SQLITE_INTEGER: return STORE_INT;
	case SQLITE_FLOAT: return STORE_REAL;
	default: return STORE_TEXT;
	}
}

static int64_t sq_col_int(store_stmt *st, int i) { return sqlite3_column_int64(S(st), i); }
static double sq_col_real(store_stmt *st, int i) { return sqlite3_column_double(S(st), i); }

static const char *sq_col_text(store_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(S(st), i);
}

static const char *sq_errmsg(store_conn *c) { return sqlite3_errmsg(DB(c)); }

static int sq_index_put(store_conn *c, int64_t office_id, const char *entity, int64_t id,
                        const char *title, const char *body)
{
	return store_exec(c,
	                  "INSERT INTO search_docs(office_id, entity, entity_id, title, body)"
	                  " VALUES (?, ?, ?, ?, ?)"
	                  " ON CONFLICT(entity, entity_id) DO UPDATE SET"
	                  " office_id = excluded.office_id, title = excluded.title, body = excluded.body",
	                  "itit" "t", office_id, entity, id, title, body) < 0 ? STORE_ERROR : STORE_OK;
}

static int sq_index_delete(store_conn *c, int64_t office_id, const char *entity, int64_t id)
{
	return store_exec(c, "DELETE FROM search_docs WHERE office_id = ? AND entity = ? AND entity_id = ?",
	                  "iti", office_id, entity, id) < 0 ? STORE_ERROR : STORE_OK;
}

/* Turns what a person typed into an FTS5 query that cannot be a syntax
** error: each run of letters and digits becomes a quoted prefix term, and
** all terms must match.  Returns NULL when nothing searchable is left. */
char *store_sqlite_fts5_query(const char *q)
{
	buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)q;
	int terms = 0;
	while (*p && terms < 16) {
		while (*p && *p < 0x80 && !((*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
			p++;
		const unsigned char *start = p;
		while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
			p++;
		if (p > start) {
			if (terms++) buf_putc(&b, ' ');
			buf_putc(&b, '"');
			buf_append(&b, start, (size_t)(p - start));
			buf_puts(&b, "\"*");
		}
	}
	if (!terms) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

static int sq_search(store_conn *c, int64_t office_id, const char *query, const char *entity,
                     int limit, json_t *out)
{
	char *match = store_sqlite_fts5_query(query);
	if (!match) return STORE_OK;
	store_stmt *st = store_prepare(c,
	    "SELECT d.entity, d.entity_id AS id, d.title,"
	    "  snippet(search_fts, 1, '', '', '…', 16) AS snippet"
	    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
	    " WHERE search_fts MATCH ? AND d.office_id = ? AND (? IS NULL OR d.entity = ?)"
	    " ORDER BY search_fts.rank LIMIT ?");
	if (!st) {
		free(match);
		return STORE_ERROR;
	}
	store_bind(st, "titti", match, office_id, entity, entity, (int64_t)limit);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) json_array_append_new(out, store_row_json(st));
	store_reset(st);
	free(match);
	return rc == STORE_DONE ? STORE_OK : rc;
}

static int sq_backup(store_conn *c, const char *dest_path, char **err)
{
	sqlite3 *dest = NULL;
	if (sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		*err = xasprintf("cannot create %s: %s", dest_path, dest ? sqlite3_errmsg(dest) : "out of memory");
		sqlite3_close(dest);
		return STORE_ERROR;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", DB(c), "main");
	if (!b) {
		*err = xasprintf("cannot back up to %s: %s", dest_path, sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return STORE_ERROR;
	}
	int rc;
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		sqlite3_sleep(5);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*err = xasprintf("backup to %s failed: %s", dest_path, sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return STORE_ERROR;
	}
	rc = sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dest);
	return rc == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

const store_ops store_sqlite_ops = {
	.name = "sqlite",
	.dialect = STORE_SQLITE,
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.healthy = sq_healthy,
	.exec_script = sq_exec_script,
	.begin = sq_begin,
	.scope = sq_scope,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.bind_null = sq_bind_null,
	.bind_int = sq_bind_int,
	.bind_real = sq_bind_real,
	.bind_text = sq_bind_text,
	.step = sq_step,
	.reset = sq_reset,
	.changes = sq_changes,
	.param_count = sq_param_count,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.col_int = sq_col_int,
	.col_real = sq_col_real,
	.col_text = sq_col_text,
	.errmsg = sq_errmsg,
	.index_put = sq_index_put,
	.index_delete = sq_index_delete,
	.search = sq_search,
	.backup = sq_backup,
};
