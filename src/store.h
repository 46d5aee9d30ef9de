/*
** store.h: the one interface between rapport and its database.
**
** Domain code (api_*.c, report_*.c, auth.c ...) talks to the database only
** through this header; it never includes sqlite3.h or libpq-fe.h.  A backend
** (store_sqlite.c, store_pg.c) is a table of operations, like SQLite's VFS.
**
** The model is prepared statements with bound parameters, written in the
** portable SQL both backends accept: '?' placeholders (the PostgreSQL backend
** numbers them), text timestamps in UTC ISO 8601, RETURNING for new ids.
** Where the dialects really differ (full-text search) the backend owns the
** operation.  SQL text is never built from input.
**
** Threads: a store is a pool of connections.  A request acquires one
** connection, uses it on one thread, and releases it.  Statements are
** prepared once per connection and cached by the address of the SQL literal
** (Fossil's db_static_prepare), so pass string literals to store_prepare.
**
** Transactions: store_begin() names the office the transaction acts for;
** the PostgreSQL backend also sets it for row-level security.
*/
#ifndef RAPPORT_STORE_H
#define RAPPORT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util.h"

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

/* Results of store_step and error codes of every other call. */
enum {
	STORE_OK = 0,
	STORE_ROW = 1,
	STORE_DONE = 2,
	STORE_ERROR = -1,        /* anything else: a bug or a broken database */
	STORE_CONSTRAINT = -2,   /* unique or check constraint: the caller's data conflicts */
	STORE_FOREIGN_KEY = -3,  /* a referenced row does not exist */
	STORE_BUSY = -4,         /* locked or serialization failure: retry later */
	STORE_UNAVAILABLE = -5,  /* the database cannot be reached */
};

enum store_type { STORE_NULL, STORE_INT, STORE_REAL, STORE_TEXT };
enum store_dialect { STORE_SQLITE, STORE_POSTGRES };
/* What a transaction is for.  STORE_MIGRATE is a write that also holds the
** migration lock (two processes migrating at once queue on it) and, on
** PostgreSQL, re-applies row-level security to every table with office_id
** before committing.  STORE_STATE is a read-only transaction across the
** offices that opted in to the state view (state_opt_in = 1): on PostgreSQL
** row-level security lets it read those offices' rows and no others. */
enum store_txn { STORE_READ, STORE_WRITE, STORE_MIGRATE, STORE_STATE };

/* The backend's table of operations.  Every function pointer is required. */
typedef struct store_ops {
	const char *name;
	enum store_dialect dialect;
	store_conn *(*connect)(const char *target, char **err);
	void (*disconnect)(store_conn *c);
	bool (*healthy)(store_conn *c);                 /* false: drop and reconnect */
	int (*exec_script)(store_conn *c, const char *sql); /* several statements, no params */
	int (*begin)(store_conn *c, int64_t office_id, enum store_txn kind);
	int (*scope)(store_conn *c, int64_t office_id);   /* re-name the office mid-transaction */
	int (*commit)(store_conn *c);
	void (*rollback)(store_conn *c);
	store_stmt *(*prepare)(store_conn *c, const char *sql);
	void (*finalize)(store_stmt *st);
	void (*bind_null)(store_stmt *st, int idx);
	void (*bind_int)(store_stmt *st, int idx, int64_t v);
	void (*bind_real)(store_stmt *st, int idx, double v);
	void (*bind_text)(store_stmt *st, int idx, const char *s, int len);
	int (*step)(store_stmt *st);
	void (*reset)(store_stmt *st);
	int (*changes)(store_stmt *st);
	int (*param_count)(store_stmt *st);            /* number of distinct parameters */
	int (*col_count)(store_stmt *st);
	const char *(*col_name)(store_stmt *st, int i);
	enum store_type (*col_type)(store_stmt *st, int i);
	int64_t (*col_int)(store_stmt *st, int i);
	double (*col_real)(store_stmt *st, int i);
	const char *(*col_text)(store_stmt *st, int i);  /* NULL for SQL NULL */
	const char *(*errmsg)(store_conn *c);
	/* Full-text search: keep one document per (entity, id) and find them. */
	int (*index_put)(store_conn *c, int64_t office_id, const char *entity, int64_t id,
	                 const char *title, const char *body);
	int (*index_delete)(store_conn *c, int64_t office_id, const char *entity, int64_t id);
	/* Appends {entity, id, title, snippet} objects, best first, to out. */
	int (*search)(store_conn *c, int64_t office_id, const char *query, const char *entity,
	              int limit, json_t *out);
	/* A consistent copy of the live database to a file (SQLite only; others STORE_ERROR). */
	int (*backup)(store_conn *c, const char *dest_path, char **err);
} store_ops;

extern const store_ops store_sqlite_ops;
extern const store_ops store_pg_ops;

/* Opening: url is "sqlite:PATH", "postgres://..." / "postgresql://...", or a
** plain path (SQLite).  pool_size 0 picks a default.  On failure returns NULL
** and sets *err (caller frees). */
store *store_open(const char *url, int pool_size, char **err);
void store_close(store *s);
enum store_dialect store_dialect_of(store *s);
const char *store_url(store *s);

/* Migrations (store_migrate.c): applies every pending numbered migration,
** each in its own transaction.  Returns how many were applied, or -1 with *err. */
int store_migrate(store *s, char **err);
int store_schema_version(store *s);       /* newest applied, 0 for none, -1 on error */
int store_latest_version(void);           /* newest the binary knows */

/* Connections.  acquire returns NULL when the database is unavailable. */
store_conn *store_acquire(store *s);
void store_release(store_conn *c);

/* Begins a transaction acting for office_id (0: no office yet, e.g. sign-in
** or creating an office).  On PostgreSQL the office is what row-level
** security checks: rows of other offices are invisible, and with no office
** only the sign-in tables (users, sessions, api_tokens) and audit inserts
** are reachable. */
int store_begin(store_conn *c, int64_t office_id, enum store_txn kind);
/* Names the office the rest of the current transaction acts for, when it is
** learnt only inside the transaction (a new office, a public form's slug). */
int store_scope(store_conn *c, int64_t office_id);
int store_commit(store_conn *c);
void store_rollback(store_conn *c);
const char *store_errmsg(store_conn *c);
enum store_dialect store_conn_dialect(store_conn *c);

/* Statements: cached per connection by the SQL pointer; never free them.
** Returns NULL if the SQL does not prepare (a bug: it is logged). */
store_stmt *store_prepare(store_conn *c, const char *sql);

/* Binds parameters 1..n from a type string, then the values:
**   'i' int64_t   'I' int64_t where 0 binds NULL (optional ids)   'd' int   'r' double   'b' bool (as 0/1)
**   't' const char * (NULL binds NULL)   'n' NULL, takes no argument
**   'j' json_t * (NULL/json null -> NULL, bool -> 0/1, integer, real,
**       string; arrays and objects bind their compact JSON text)
** Resets the statement first, so one call readies it for store_step.
** A type string whose length differs from the statement's parameter count
** is a bug and aborts with a message naming the SQL. */
void store_bind(store_stmt *st, const char *types, ...);
void store_vbind(store_stmt *st, const char *types, va_list ap);
/* Binds parameters 1..n from a JSON array, each value as 'j' would (for
** code that copies rows whose shape it learns at run time, such as
** rapport migrate-store).  A size other than the parameter count aborts. */
void store_bind_array(store_stmt *st, json_t *values);

int store_step(store_stmt *st);              /* STORE_ROW, STORE_DONE or an error */
void store_reset(store_stmt *st);            /* call when done with the rows */
int store_changes(store_stmt *st);           /* rows changed by the last step */

int store_col_count(store_stmt *st);
const char *store_col_name(store_stmt *st, int i);
enum store_type store_col_type(store_stmt *st, int i);
int64_t store_col_int(store_stmt *st, int i);
double store_col_real(store_stmt *st, int i);
const char *store_col_text(store_stmt *st, int i);   /* NULL for NULL; valid until next step */
bool store_col_null(store_stmt *st, int i);

/* The current row as a new JSON object keyed by column name.  A column
** named "x_json" holding JSON text becomes key "x" with the parsed value;
** a column named "x_bool" becomes key "x" with true/false. */
json_t *store_row_json(store_stmt *st);

/* Runs a query and appends its rows to out as a JSON array: each row the
** object store_row_json makes, written straight from the columns as
** json_write would write it, without building JSON values (list pages are
** mostly this).  Writes at most max rows; *more says whether another row
** followed; when max rows were written, *last (caller decrefs; else NULL)
** is the last of them as store_row_json gives it, to make a cursor from.  Returns
** STORE_OK or a store error (out then holds part of the text). */
int store_query_write(store_conn *c, buf *out, int max, bool *more, json_t **last, const char *sql,
                      const char *types, ...);

/* Conveniences built on the above (store.c). */
int store_exec(store_conn *c, const char *sql, const char *types, ...);  /* changes, or error < 0 */
/* Runs a query and returns its first row as a JSON object, NULL when there
** is none; *rc gets STORE_ROW, STORE_DONE or an error. */
json_t *store_query_row(store_conn *c, int *rc, const char *sql, const char *types, ...);
/* Runs a query and returns all rows as a JSON array; NULL on error. */
json_t *store_query_rows(store_conn *c, int *rc, const char *sql, const char *types, ...);
/* First column of the first row as an integer; dflt when there is no row. */
int64_t store_query_int(store_conn *c, int64_t dflt, const char *sql, const char *types, ...);

/* Search index and backup, forwarded to the backend. */
int store_index_put(store_conn *c, int64_t office_id, const char *entity, int64_t id,
                    const char *title, const char *body);
int store_index_delete(store_conn *c, int64_t office_id, const char *entity, int64_t id);
int store_search(store_conn *c, int64_t office_id, const char *query, const char *entity,
                 int limit, json_t *out);
int store_backup(store *s, const char *dest_path, char **err);
/* What a person typed as an SQLite FTS5 query that cannot be a syntax error
** (quoted prefix terms, all required); NULL when nothing searchable is left.
** Caller frees.  Exposed for the fuzz tests. */
char *store_sqlite_fts5_query(const char *q);

/* Per-backend internals shared by store.c and the backends. */
struct store_cache_entry {
	const char *sql;
	store_stmt *st;
};
struct store_conn {
	const store_ops *ops;
	store *owner;
	struct store_cache_entry *cache;   /* prepared statements by SQL pointer */
	int cache_len, cache_cap;
	bool in_txn;
	bool broken;
	int64_t office_id;
};

#endif
