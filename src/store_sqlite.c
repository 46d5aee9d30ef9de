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
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Page cache per connection, in KiB (RAPPORT_SQLITE_CACHE_KB overrides).
** The server holds threads + 2 connections, so this times the pool is the
** most the caches can take; pages beyond it come from the OS page cache. */
#define SQ_CACHE_KB 4000

#define SQ_WRITE_WAIT_S 5   /* longest wait for the write turn, as the busy timeout */

/* What the connections to one database file in this process share: the
** write turn, the writer handle and the group-commit state.  Made once per
** path; the writer handle is closed with the last connection. */
typedef struct sq_shared {
	char *path;
	pthread_mutex_t write;        /* held from BEGIN IMMEDIATE to COMMIT/ROLLBACK */
	/* The handle every write transaction of this process runs on (under
	** `write`), with its statement cache: one writer keeps its page cache
	** warm, where each pooled handle would find its cache discarded after
	** every other handle's write and read each page again. */
	sqlite3 *wdb;
	struct store_cache_entry *wcache;
	int wcache_len, wcache_cap;
	int wal_fd;                   /* the WAL, for the shared fdatasync; -1 none */
	int conns;                    /* open connections (guarded by sq_shared_lock) */
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
		sh->wal_fd = -1;
		pthread_mutex_init(&sh->write, NULL);
		pthread_mutex_init(&sh->sync_lock, NULL);
		pthread_cond_init(&sh->sync_done, NULL);
		atomic_init(&sh->committed, 0);
		sh->next = sq_shared_list;
		sq_shared_list = sh;
	}
	sh->conns++;
	pthread_mutex_unlock(&sq_shared_lock);
	return sh;
}

typedef struct sq_conn {
	store_conn base;
	sqlite3 *db;        /* the handle in use: own, or the writer's during a write */
	sqlite3 *own;
	struct store_cache_entry *own_cache;
	int own_len, own_cap;
	sq_shared *shared;
	bool group_sync;    /* WAL with synchronous=NORMAL: commits wait for the shared fsync */
	bool has_write;     /* holds shared->write */
	bool on_writer;     /* db is shared->wdb */
} sq_conn;

typedef struct sq_stmt {
	store_conn *conn;  /* must be first: see store.c */
	sqlite3_stmt *s;
	int changes;
} sq_stmt;

#define DB(c) (((sq_conn *)(c))->db)
#define SQ(c) ((sq_conn *)(c))

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

static bool sq_durable(void) { return !str_eq(getenv("RAPPORT_SQLITE_SYNC"), "normal"); }

/* Opens a handle with rapport's settings; *wal says whether it is in WAL
** mode (an in-memory database is not).  NULL with *err on failure. */
static sqlite3 *sq_open(const char *path, bool *wal, char **err)
{
	pthread_once(&sq_configured, sq_configure);
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		*err = xasprintf("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
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
	sqlite3_stmt *jm = NULL;
	*wal = false;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK && sqlite3_step(jm) == SQLITE_ROW)
		*wal = strcmp((const char *)sqlite3_column_text(jm, 0), "wal") == 0;
	sqlite3_finalize(jm);
	/* Group commit needs the WAL; without it every commit syncs itself. */
	if (sq_durable() && !*wal) sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	return db;
}

/* Opens the shared writer handle and the WAL descriptor the shared fsync
** uses (once; under shared->write).  False: writes use the connection's own
** handle, each commit syncing itself. */
static bool sq_writer_open(sq_shared *sh)
{
	if (sh->wdb) return true;
	bool wal;
	char *err = NULL;
	sqlite3 *db = sq_open(sh->path, &wal, &err);
	if (!db) {
		log_error("sqlite: %s", err);
		free(err);
		return false;
	}
	if (wal && sq_durable()) {
		char *walpath = xasprintf("%s-wal", sqlite3_db_filename(db, "main"));
		sh->wal_fd = open(walpath, O_RDWR | O_CLOEXEC);
		/* The WAL's directory entry must be durable too (once). */
		char *slash = strrchr(walpath, '/');
		if (sh->wal_fd >= 0 && slash) {
			*slash = 0;
			int dfd = open(*walpath ? walpath : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) fsync(dfd), close(dfd);
		}
		free(walpath);
		if (sh->wal_fd < 0) sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	}
	sh->wdb = db;
	return true;
}

static store_conn *sq_connect(const char *path, char **err)
{
	bool wal;
	sqlite3 *db = sq_open(path, &wal, err);
	if (!db) return NULL;
	sq_conn *c = xcalloc(1, sizeof *c);
	c->db = c->own = db;
	c->shared = sq_shared_get(path);
	c->group_sync = sq_durable() && wal;
	return &c->base;
}

static void sq_finalize(store_stmt *st);

/* Puts the connection back on its own handle and statement cache. */
static void sq_leave_writer(store_conn *c)
{
	sq_conn *q = SQ(c);
	if (!q->on_writer) return;
	q->shared->wcache = c->cache;
	q->shared->wcache_len = c->cache_len;
	q->shared->wcache_cap = c->cache_cap;
	c->cache = q->own_cache;
	c->cache_len = q->own_len;
	c->cache_cap = q->own_cap;
	q->db = q->own;
	q->on_writer = false;
}

static void sq_release_write(store_conn *c)
{
	if (!SQ(c)->has_write) return;
	sq_leave_writer(c);
	SQ(c)->has_write = false;
	pthread_mutex_unlock(&SQ(c)->shared->write);
}

static void sq_disconnect(store_conn *c)
{
	sq_conn *q = SQ(c);
	sq_release_write(c);
	sqlite3_close_v2(q->own);
	sq_shared *sh = q->shared;
	pthread_mutex_lock(&sq_shared_lock);
	if (--sh->conns == 0 && sh->wdb) {
		/* The last connection: close the writer too (nobody can be writing). */
		for (int i = 0; i < sh->wcache_len; i++) sq_finalize(sh->wcache[i].st);
		free(sh->wcache);
		sh->wcache = NULL;
		sh->wcache_len = sh->wcache_cap = 0;
		sqlite3_close_v2(sh->wdb);
		sh->wdb = NULL;
		if (sh->wal_fd >= 0) close(sh->wal_fd);
		sh->wal_fd = -1;
	}
	pthread_mutex_unlock(&sq_shared_lock);
	free(c);
}

static bool sq_healthy(store_conn *c) { (void)c; return true; }

static int sq_exec_script(store_conn *c, const char *sql)
{
	return map_rc(sqlite3_exec(DB(c), sql, NULL, NULL, NULL));
}

/* Makes the WAL durable up to commit number seq, sharing the fsync with
** every other thread waiting (see the top of this file). */
static int sq_sync_to(sq_shared *sh, uint64_t seq)
{
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
		int err = fdatasync(sh->wal_fd) == 0 ? 0 : errno;
		pthread_mutex_lock(&sh->sync_lock);
		sh->syncing = false;
		if (!err) {
			if (target > sh->synced) sh->synced = target;
		} else {
			log_error("sqlite: cannot sync the WAL of %s: %s; the last commits may not be durable", sh->path, strerror(err));
			rc = STORE_ERROR;
		}
		pthread_cond_broadcast(&sh->sync_done);
		if (rc != STORE_OK) break;
	}
	pthread_mutex_unlock(&sh->sync_lock);
	return rc;
}

/* A write transaction committed (appended to the WAL): gives up the write
** turn, then waits until the commit is durable. */
static int sq_committed(store_conn *c)
{
	sq_shared *sh = SQ(c)->shared;
	bool shared_sync = SQ(c)->on_writer && sh->wal_fd >= 0;
	uint64_t seq = shared_sync ? atomic_fetch_add(&sh->committed, 1) + 1 : 0;
	int rc = STORE_OK;
	if (!shared_sync && SQ(c)->group_sync && !SQ(c)->on_writer) {
		/* The writer handle could not be opened: this handle committed with
		** synchronous=NORMAL, so sync its WAL before answering. */
		sqlite3_file *wal = NULL;
		int src = sqlite3_file_control(DB(c), "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal);
		if (src == SQLITE_OK && wal && wal->pMethods) src = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
		if (src != SQLITE_OK) rc = STORE_ERROR;
	}
	sq_release_write(c);
	return shared_sync ? sq_sync_to(sh, seq) : rc;
}

static int sq_begin(store_conn *c, int64_t office_id, enum store_txn kind)
{
	(void)office_id;
	sq_conn *q = SQ(c);
	bool write = kind == STORE_WRITE || kind == STORE_MIGRATE;
	if (write && !q->has_write) {
		struct timespec deadline;
		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_sec += SQ_WRITE_WAIT_S;
		if (pthread_mutex_timedlock(&q->shared->write, &deadline) != 0) return STORE_BUSY;
		q->has_write = true;
		/* Move onto the writer handle (a connection whose own handle is
		** not in WAL mode keeps to it). */
		if (q->group_sync && sq_writer_open(q->shared)) {
			q->own_cache = c->cache;
			q->own_len = c->cache_len;
			q->own_cap = c->cache_cap;
			c->cache = q->shared->wcache;
			c->cache_len = q->shared->wcache_len;
			c->cache_cap = q->shared->wcache_cap;
			q->db = q->shared->wdb;
			q->on_writer = true;
			/* The writer's statements now answer to this connection. */
			for (int i = 0; i < c->cache_len; i++) ((sq_stmt *)c->cache[i].st)->conn = c;
		}
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
	return sq_committed(c);
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

/* A write outside a transaction committed by itself on a pooled handle:
** make it durable (the same WAL file, so the shared fsync serves). */
static int sq_sync_autocommit(store_conn *c, sqlite3 *db)
{
	sq_shared *sh = SQ(c)->shared;
	if (!SQ(c)->group_sync) return STORE_OK;
	if (sh->wal_fd >= 0) return sq_sync_to(sh, atomic_fetch_add(&sh->committed, 1) + 1);
	sqlite3_file *wal = NULL;
	int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal);
	if (rc == SQLITE_OK && wal && wal->pMethods) rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
	return rc == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

static int sq_step(store_stmt *st)
{
	sq_stmt *q = (sq_stmt *)st;
	/* The statement's own handle: a writer statement may have been prepared
	** by another connection that borrowed the writer before. */
	sqlite3 *db = sqlite3_db_handle(q->s);
	int rc = sqlite3_step(q->s);
	if (rc == SQLITE_DONE) {
		q->changes = sqlite3_changes(db);
		if (!sqlite3_stmt_readonly(q->s) && sqlite3_get_autocommit(db) && db != SQ(q->conn)->shared->wdb &&
		    sq_sync_autocommit(q->conn, db) != STORE_OK)
			return STORE_ERROR;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(db);
		int mapped = map_rc(rc);
		if (mapped == STORE_ERROR)
			log_error("sqlite: %s\n  in: %s", sqlite3_errmsg(db), sqlite3_sql(q->s));
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
