/*
** store_sqlite.c: the SQLite backend of the store interface (store.h).
**
** One sqlite3 handle per pooled connection, opened in WAL mode with foreign
** keys on and a busy timeout.  Write transactions start with BEGIN IMMEDIATE
** so two writers queue instead of failing when they upgrade.  Full-text
** search is FTS5 over the search_docs table (see sql/001_foundation.sql).
**
** Writers and durability (group commit).  A commit that returned is on
** disk, as with synchronous=FULL, but the fsync is shared: the connections
** of one database file in this process take turns through a mutex (a queue,
** instead of SQLite's busy handler, which sleeps 1..100 ms between tries),
** each COMMIT only appends its frames to the WAL (synchronous=NORMAL), and
** after releasing the write mutex the committing thread waits until the
** WAL has been fdatasync'ed past its commit.  One thread syncs at a time and
** its fsync covers every commit appended before it started, so N writers
** arriving together share one fsync instead of queueing N of them behind
** the lock.  Other processes (the command line) still meet the busy
** timeout.  Caveat: between its COMMIT and the shared fsync a transaction is
** visible to readers of this process before it is durable (its own caller
** has no answer yet).  RAPPORT_SQLITE_SYNC=normal skips the fsync (the last
** commits may be lost on power failure).
*/
#include "store.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Page cache per connection, in KiB (RAPPORT_SQLITE_CACHE_KB overrides).
** The server holds threads + 2 connections, so this times the pool is the
** most the caches can take; pages beyond it come from the OS page cache. */
#define SQ_CACHE_KB 4000

#define SQ_WRITE_WAIT_S 5   /* longest wait for the write turn, as the busy timeout */

/* What the connections to one database file in this process share: the
** write turn and the group-commit state.  Made once per path, never freed. */
typedef struct sq_shared {
	char *path;
	pthread_mutex_t write;        /* held from BEGIN IMMEDIATE to COMMIT/ROLLBACK */
	pthread_mutex_t sync_lock;    /* guards synced, syncing */
	pthread_cond_t sync_done;
	atomic_uint_least64_t committed;   /* write commits appended to the WAL so far */
	uint64_t synced;              /* commits known to be on disk */
	bool syncing;                 /* a thread is in fdatasync for the others */
	struct sq_shared *next;
} sq_shared;

static sq_shared *sq_shared_list;
static pthread_mutex_t sq_shared_lock = PTHREAD_MUTEX_INITIALIZER;

static sq_shared *sq_shared_get(const char *path)
{
	pthread_mutex_lock(&sq_shared_lock);
	sq_shared *sh = sq_shared_list;
	while (sh && strcmp(sh->path, path) != 0) sh = sh->next;
	if (!sh) {
		sh = xcalloc(1, sizeof *sh);
		sh->path = xstrdup(path);
		pthread_mutex_init(&sh->write, NULL);
		pthread_mutex_init(&sh->sync_lock, NULL);
		pthread_cond_init(&sh->sync_done, NULL);
		atomic_init(&sh->committed, 0);
		sh->next = sq_shared_list;
		sq_shared_list = sh;
	}
	pthread_mutex_unlock(&sq_shared_lock);
	return sh;
}

typedef struct sq_conn {
	store_conn base;
	sqlite3 *db;
	sq_shared *shared;
	bool group_sync;    /* WAL with synchronous=NORMAL: commits wait for the shared fsync */
	bool has_write;     /* holds shared->write */
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
	                          " PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
	                          " PRAGMA cache_size=-%lld;",
	                          (long long)cache_kb);
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
	/* Group commit needs the WAL (an in-memory database has none); without
	** it every commit syncs itself. */
	sqlite3_stmt *jm = NULL;
	bool wal = false;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK && sqlite3_step(jm) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(jm, 0), "wal") == 0;
	sqlite3_finalize(jm);
	bool durable = !str_eq(sync, "normal");
	if (durable && !wal) sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	sq_conn *c = xcalloc(1, sizeof *c);
	c->db = db;
	c->shared = sq_shared_get(path);
	c->group_sync = durable && wal;
	return &c->base;
}

static void sq_disconnect(store_conn *c)
{
	sq_conn *q = (sq_conn *)c;
	if (q->has_write) pthread_mutex_unlock(&q->shared->write);
	sqlite3_close_v2(DB(c));
	free(c);
}

static bool sq_healthy(store_conn *c) { (void)c; return true; }

static int sq_exec_script(store_conn *c, const char *sql)
{
	return map_rc(sqlite3_exec(DB(c), sql, NULL, NULL, NULL));
}

#define SQ(c) ((sq_conn *)(c))

static void sq_release_write(store_conn *c)
{
	if (!SQ(c)->has_write) return;
	SQ(c)->has_write = false;
	pthread_mutex_unlock(&SQ(c)->shared->write);
}

/* Makes the WAL durable up to commit number seq, sharing the fsync with
** every other thread waiting (see the top of this file). */
static int sq_sync_to(store_conn *c, uint64_t seq)
{
	sq_shared *sh = SQ(c)->shared;
	int rc = STORE_OK;
	pthread_mutex_lock(&sh->sync_lock);
	while (sh->synced < seq) {
		if (sh->syncing) {
			pthread_cond_wait(&sh->sync_done, &sh->sync_lock);
			continue;
		}
		sh->syncing = true;
		uint64_t target = atomic_load(&sh->committed);
		pthread_mutex_unlock(&sh->sync_lock);
		sqlite3_file *wal = NULL;
		int src = sqlite3_file_control(DB(c), "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal);
		if (src == SQLITE_OK && wal && wal->pMethods) src = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
		pthread_mutex_lock(&sh->sync_lock);
		sh->syncing = false;
		if (src == SQLITE_OK) {
			if (target > sh->synced) sh->synced = target;
		} else {
			log_error("sqlite: cannot sync the WAL of %s (error %d): the last commits may not be durable", sh->path, src);
			rc = STORE_ERROR;
		}
		pthread_cond_broadcast(&sh->sync_done);
		if (rc != STORE_OK) break;
	}
	pthread_mutex_unlock(&sh->sync_lock);
	return rc;
}

/* A write has been appended to the WAL (a COMMIT, or a write statement
** outside a transaction): waits until it is durable. */
static int sq_committed(store_conn *c, bool under_write_lock)
{
	if (!SQ(c)->group_sync) {
		if (under_write_lock) sq_release_write(c);
		return STORE_OK;
	}
	uint64_t seq = atomic_fetch_add(&SQ(c)->shared->committed, 1) + 1;
	if (under_write_lock) sq_release_write(c);
	return sq_sync_to(c, seq);
}

static int sq_begin(store_conn *c, int64_t office_id, enum store_txn kind)
{
	(void)office_id;
	bool write = kind == STORE_WRITE || kind == STORE_MIGRATE;
	if (write && !SQ(c)->has_write) {
		struct timespec deadline;
		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_sec += SQ_WRITE_WAIT_S;
		if (pthread_mutex_timedlock(&SQ(c)->shared->write, &deadline) != 0) return STORE_BUSY;
		SQ(c)->has_write = true;
	}
	int rc = map_rc(sqlite3_exec(DB(c), write ? "BEGIN IMMEDIATE" : "BEGIN", NULL, NULL, NULL));
	if (rc != STORE_OK) sq_release_write(c);
	return rc;
}

/* SQLite has no row-level security: the queries' office filters are the wall. */
static int sq_scope(store_conn *c, int64_t office_id)
{
	(void)c;
	(void)office_id;
	return STORE_OK;
}

static int sq_commit(store_conn *c)
{
	int rc = map_rc(sqlite3_exec(DB(c), "COMMIT", NULL, NULL, NULL));
	if (rc != STORE_OK) {
		/* Still in the transaction (the caller rolls back) or already out of it. */
		if (sqlite3_get_autocommit(DB(c))) sq_release_write(c);
		return rc;
	}
	if (!SQ(c)->has_write) return STORE_OK;   /* a read transaction: nothing to sync */
	return sq_committed(c, true);
}

static void sq_rollback(store_conn *c)
{
	if (!sqlite3_get_autocommit(DB(c))) sqlite3_exec(DB(c), "ROLLBACK", NULL, NULL, NULL);
	sq_release_write(c);
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
	if (rc == SQLITE_DONE) {
		q->changes = sqlite3_changes(DB(q->conn));
		/* A write outside a transaction committed by itself: make it durable. */
		if (!sqlite3_stmt_readonly(q->s) && sqlite3_get_autocommit(DB(q->conn)) && !SQ(q->conn)->has_write &&
		    sq_committed(q->conn, false) != STORE_OK)
			return STORE_ERROR;
	}
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
