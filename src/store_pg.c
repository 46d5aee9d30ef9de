/*
** store_pg.c: the PostgreSQL backend of the store interface (store.h), on
** libpq.
**
** One PGconn per pooled connection, client encoding UTF8.  The portable
** SQL's '?' and '?NNN' placeholders are rewritten to $N when a statement is
** prepared (SQLite's numbering: '?' is one more than the largest number
** used so far), skipping string literals, quoted identifiers and comments.
** Statements are prepared on the server once per connection (PQprepare,
** names r1, r2, ... per connection) and store.c caches them (the rewriter
** knows standard '...' strings, "..." names and both comment styles, not
** E'...' or dollar quoting, which portable SQL does not use); a parameter
** whose type PostgreSQL cannot infer (one used only in "? IS NULL") is
** declared text and the statement prepared again.  Each step runs the
** statement once and walks the buffered rows.
**
** Transactions are READ COMMITTED; the office named by begin() is set with
** set_config('rapport.office_id', ..., true) for the row-level security
** policies of sql/001_foundation.sql (see docs/POSTGRES.md).  begin() of a
** read or write transaction sends nothing: BEGIN, the set_config and the
** transaction's first statement go out together in one round trip (libpq's
** pipeline mode).  A rollback is sent without waiting for its answer, which
** is read before the connection's next command; a commit waits.  A migration
** transaction holds pg_advisory_xact_lock(PG_MIGRATION_LOCK) and re-applies
** those policies (rapport_secure_tables()) before it commits.
**
** Unlike SQLite, an error inside a transaction aborts the whole transaction
** on PostgreSQL: after any store error the caller must roll back (the
** api_fail pattern does).  A lost connection marks the store_conn broken so
** the pool replaces it; healthy() notices a server that closed idle
** connections (a restart) without a round trip.
*/
#include "store.h"
#include "util.h"

#include <libpq-fe.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

/* Key of the advisory lock every migration transaction takes. */
#define PG_MIGRATION_LOCK "7261707061727401"

/* PostgreSQL type OIDs (pg_type.h), for col_type. */
enum {
	OID_BOOL = 16,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700,
};

typedef struct pg_conn {
	store_conn base;
	PGconn *pg;
	int next_name;        /* statement names r1, r2, ... */
	bool migrating;       /* the open transaction is a migration */
	/* A transaction begun but not sent yet: its BEGIN and the office's
	** set_config go out in one round trip with its first statement. */
	bool begin_pending;
	int64_t begin_office;
	/* A ROLLBACK sent without waiting for its answer; settle() reads the
	** answer before the connection's next command. */
	bool rollback_sent;
	char err[1024];       /* the last error, for errmsg() */
} pg_conn;

typedef struct pg_stmt {
	store_conn *conn;     /* must be first: see store.c */
	char name[24];
	char *sql;            /* rewritten with $N */
	int nparams;
	char **values;        /* bound values as text; NULL is SQL NULL */
	bool dead;            /* could not be prepared because the connection is gone */
	PGresult *res;
	int row;              /* current row; -1 before the first step */
	int ntuples;
	int changes;
	bool executed;
} pg_stmt;

#define PG(c) (((pg_conn *)(c))->pg)

static void set_err(pg_conn *c, const char *msg)
{
	snprintf(c->err, sizeof c->err, "%s", msg ? msg : "unknown error");
	size_t n = strlen(c->err);
	while (n && (c->err[n - 1] == '\n' || c->err[n - 1] == ' ')) c->err[--n] = 0;
}

static bool connection_lost(const char *state)
{
	return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	                 strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

/* Maps a failed result (or NULL: no result at all) to a store error code,
** remembering its message and marking the connection broken when it is
** gone.  Does not clear res. */
static int map_error(pg_conn *c, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	set_err(c, res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
	if (PQstatus(c->pg) != CONNECTION_OK || connection_lost(state)) {
		c->base.broken = true;
		return STORE_UNAVAILABLE;
	}
	if (!state) return STORE_ERROR;
	if (!strcmp(state, "23505") || !strcmp(state, "23514") || !strcmp(state, "23P01") ||
	    !strcmp(state, "23502"))
		return STORE_CONSTRAINT;
	if (!strcmp(state, "23503")) return STORE_FOREIGN_KEY;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")) return STORE_BUSY;
	return STORE_ERROR;
}

/* Reads the answer to a ROLLBACK sent by pg_rollback without waiting, so
** the connection is ready for its next command.  Usually the answer is
** already in the socket's buffer: no wait.  A lost connection shows as
** base.broken afterwards. */
static void settle(pg_conn *c)
{
	if (!c->rollback_sent) return;
	c->rollback_sent = false;
	PGresult *res;
	while ((res = PQgetResult(c->pg))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK) map_error(c, res);
		PQclear(res);
	}
}

/* Runs a command without parameters; STORE_OK or an error code. */
static int run(pg_conn *c, const char *sql)
{
	settle(c);
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? STORE_OK : map_error(c, res);
	PQclear(res);
	return rc;
}

/* Runs a one-parameter command (text). */
static int run1(pg_conn *c, const char *sql, const char *param)
{
	settle(c);
	PGresult *res = PQexecParams(c->pg, sql, 1, NULL, &param, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(res);
	int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? STORE_OK : map_error(c, res);
	PQclear(res);
	return rc;
}

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;   /* "relation already exists, skipping" and the like */
}

static store_conn *pg_connect(const char *target, char **err)
{
	/* The URL may override the first two; the encoding is always UTF-8. */
	const char *keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", NULL};
	const char *vals[] = {"5", "rapport", target, "UTF8", NULL};
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		*err = xasprintf("cannot connect to PostgreSQL: %s", pg ? PQerrorMessage(pg) : "out of memory");
		size_t n = strlen(*err);
		while (n && (*err)[n - 1] == '\n') (*err)[--n] = 0;
		PQfinish(pg);
		return NULL;
	}
	const char *enc = PQparameterStatus(pg, "server_encoding");
	if (!str_eq(enc, "UTF8")) {
		*err = xasprintf("the PostgreSQL database must use ENCODING 'UTF8' (it uses %s); see docs/POSTGRES.md",
		                 enc ? enc : "an unknown encoding");
		PQfinish(pg);
		return NULL;
	}
	PQsetNoticeProcessor(pg, quiet_notices, NULL);
	pg_conn *c = xcalloc(1, sizeof *c);
	c->pg = pg;
	return &c->base;
}

static void pg_disconnect(store_conn *c)
{
	PQfinish(PG(c));
	free(c);
}

/* No round trip: a server that shut down or restarted has closed the idle
** socket (after a "terminating connection" message), which shows here as
** readable input that leaves the connection bad. */
static bool pg_healthy(store_conn *sc)
{
	pg_conn *c = (pg_conn *)sc;
	PGconn *pg = c->pg;
	settle(c);
	if (sc->broken || PQstatus(pg) != CONNECTION_OK) return false;
	/* Read what is waiting: the server's "terminating connection" message
	** comes first (libpq hands it to the notice processor), the end of the
	** stream on a later read. */
	for (int i = 0; i < 8; i++) {
		struct pollfd p = {.fd = PQsocket(pg), .events = POLLIN};
		if (p.fd < 0) return false;
		if (poll(&p, 1, 0) <= 0) break;
		if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) return false;
		if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK) return false;
		PGnotify *n;
		while ((n = PQnotifies(pg))) PQfreemem(n);
	}
	return PQtransactionStatus(pg) == PQTRANS_IDLE;
}

/* BEGIN, the office's set_config (office_id > 0) and, when st is given,
** the statement's execution, sent together in one round trip (libpq's
** pipeline mode).  *out gets the statement's result when it succeeded
** (caller clears).  Returns STORE_OK or the first error. */
static int begin_pipeline(pg_conn *c, int64_t office_id, pg_stmt *st, PGresult **out)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)office_id);
	const char *param = v;
	PGconn *pg = c->pg;
	int nq = 1 + (office_id > 0) + (st != NULL);
	if (out) *out = NULL;
	settle(c);
	if (c->base.broken) return STORE_UNAVAILABLE;
	if (!PQenterPipelineMode(pg)) return map_error(c, NULL);
	int rc = STORE_OK;
	if (!PQsendQueryParams(pg, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, NULL, NULL, NULL, 0) ||
	    (office_id > 0 &&
	     !PQsendQueryParams(pg, "SELECT set_config('rapport.office_id', $1, true)", 1, NULL, &param, NULL, NULL, 0)) ||
	    (st && !PQsendQueryPrepared(pg, st->name, st->nparams, (const char *const *)st->values, NULL, NULL, 0)) ||
	    !PQpipelineSync(pg)) {
		rc = map_error(c, NULL);
		c->base.broken = true;   /* the pipeline's state is unknown: start afresh */
		return rc == STORE_UNAVAILABLE ? rc : STORE_ERROR;
	}
	/* Each query's results end with a NULL; then the sync point. */
	for (int q = 0; q < nq; q++) {
		PGresult *res;
		while ((res = PQgetResult(pg))) {
			ExecStatusType s = PQresultStatus(res);
			if (s == PGRES_FATAL_ERROR && rc == STORE_OK) rc = map_error(c, res);
			else if (s == PGRES_PIPELINE_ABORTED && rc == STORE_OK) rc = STORE_ERROR;
			if (st && q == nq - 1 && out && !*out && (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)) *out = res;
			else PQclear(res);
			if (PQstatus(pg) != CONNECTION_OK) break;
		}
	}
	if (PQstatus(pg) == CONNECTION_OK) {
		PGresult *sync = PQgetResult(pg);
		if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC && rc == STORE_OK) rc = map_error(c, sync);
		PQclear(sync);
	}
	if (!PQexitPipelineMode(pg) || PQstatus(pg) != CONNECTION_OK) {
		if (rc == STORE_OK) rc = map_error(c, NULL);
		c->base.broken = true;
		rc = STORE_UNAVAILABLE;
	}
	if (rc != STORE_OK && out && *out) {
		PQclear(*out);
		*out = NULL;
	}
	return rc;
}

/* Sends a transaction's pending BEGIN on its own, for the commands that
** cannot carry it (scripts). */
static int flush_begin(pg_conn *c)
{
	if (!c->begin_pending) return STORE_OK;
	c->begin_pending = false;
	return begin_pipeline(c, c->begin_office, NULL, NULL);
}

static int pg_exec_script(store_conn *sc, const char *sql)
{
	pg_conn *c = (pg_conn *)sc;
	int rc = flush_begin(c);
	return rc == STORE_OK ? run(c, sql) : rc;
}

static int pg_scope(store_conn *sc, int64_t office_id)
{
	pg_conn *c = (pg_conn *)sc;
	if (c->begin_pending) {
		c->begin_office = office_id;   /* goes out with the BEGIN */
		return STORE_OK;
	}
	char v[24] = "";
	if (office_id > 0) snprintf(v, sizeof v, "%lld", (long long)office_id);
	return run1(c, "SELECT set_config('rapport.office_id', $1, true)", v);
}

/* A read or write transaction is only noted here: its BEGIN and the office's
** set_config travel with its first statement (pg_step), so a request's
** transaction costs no round trip of its own.  A state or migration
** transaction begins at once. */
static int pg_begin(store_conn *sc, int64_t office_id, enum store_txn kind)
{
	pg_conn *c = (pg_conn *)sc;
	int rc;
	settle(c);
	if (sc->broken) return STORE_UNAVAILABLE;
	switch (kind) {
	case STORE_STATE:
		/* One snapshot for every aggregate of the view; the policies'
		** state_read lets it see the opted-in offices, and only read. */
		rc = run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
		            " SELECT set_config('rapport.scope', 'state', true)");
		break;
	case STORE_MIGRATE:
		rc = run(c, "BEGIN ISOLATION LEVEL READ COMMITTED;"
		            " SELECT pg_advisory_xact_lock(" PG_MIGRATION_LOCK ")");
		break;
	default:
		c->begin_pending = true;
		c->begin_office = office_id > 0 ? office_id : 0;
		c->migrating = false;
		return STORE_OK;
	}
	if (rc != STORE_OK) {
		if (!sc->broken && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
			PGresult *res = PQexec(c->pg, "ROLLBACK");
			PQclear(res);
		}
		return rc;
	}
	c->migrating = kind == STORE_MIGRATE;
	return STORE_OK;
}

static int pg_commit(store_conn *sc)
{
	pg_conn *c = (pg_conn *)sc;
	if (c->begin_pending) {
		/* Nothing was sent: nothing to commit. */
		c->begin_pending = false;
		return STORE_OK;
	}
	settle(c);
	if (sc->broken) return STORE_UNAVAILABLE;
	if (c->migrating) {
		/* Every table with office_id, including ones this migration just
		** created, gets row-level security before the migration counts. */
		c->migrating = false;
		int rc = run(c, "DO $$ BEGIN IF to_regproc('rapport_secure_tables') IS NOT NULL THEN"
		                " PERFORM rapport_secure_tables(); END IF; END $$");
		if (rc != STORE_OK) return rc;
	}
	PGresult *res = PQexec(c->pg, "COMMIT");
	int rc;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = map_error(c, res);
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* COMMIT of a transaction that had failed answers ROLLBACK. */
		set_err(c, "the transaction had failed and was rolled back");
		rc = STORE_ERROR;
	} else {
		rc = STORE_OK;
	}
	PQclear(res);
	return rc;
}

/* Sends ROLLBACK and returns without waiting for the answer (settle()
** reads it before the connection's next command): the server ends the
** transaction as soon as the message arrives, and the request's reply need
** not wait for the round trip.  Nothing was written that could be half
** applied: the transaction's changes are discarded either way, and if the
** connection is gone the server has discarded them already. */
static void pg_rollback(store_conn *sc)
{
	pg_conn *c = (pg_conn *)sc;
	c->migrating = false;
	if (c->begin_pending) {
		c->begin_pending = false;   /* nothing was sent */
		return;
	}
	settle(c);
	if (sc->broken || PQtransactionStatus(c->pg) == PQTRANS_IDLE) return;
	if (PQsendQuery(c->pg, "ROLLBACK")) c->rollback_sent = true;
	else map_error(c, NULL);
}

/* Rewrites '?' and '?NNN' to $N outside literals, quoted identifiers and
** comments.  *nparams gets the largest parameter number.  Caller frees. */
static char *rewrite_placeholders(const char *sql, int *nparams)
{
	buf b = BUF_INIT;
	int largest = 0;
	const char *p = sql;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			const char *s = p++;
			for (;;) {
				if (!*p) break;
				if (*p == q) {
					if (p[1] == q) p += 2;      /* doubled quote */
					else { p++; break; }
				} else {
					p++;
				}
			}
			buf_append(&b, s, (size_t)(p - s));
		} else if (p[0] == '-' && p[1] == '-') {
			const char *s = p;
			while (*p && *p != '\n') p++;
			buf_append(&b, s, (size_t)(p - s));
		} else if (p[0] == '/' && p[1] == '*') {
			const char *s = p;
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : p + strlen(p);
			buf_append(&b, s, (size_t)(p - s));
		} else if (*p == '?') {
			p++;
			int n;
			if (*p >= '0' && *p <= '9') {
				n = 0;
				while (*p >= '0' && *p <= '9' && n < 100000) n = n * 10 + (*p++ - '0');
			} else {
				n = largest + 1;
			}
			if (n > largest) largest = n;
			buf_printf(&b, "$%d", n);
		} else {
			buf_putc(&b, *p++);
		}
	}
	*nparams = largest;
	return b.data ? buf_take(&b) : xstrdup("");
}

/* The parameter number in "could not determine data type of parameter $3"
** (found by its '$', so a translated message works too); 0 if none. */
static int indeterminate_param(const PGresult *res)
{
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *d = msg ? strrchr(msg, '$') : NULL;
	return d ? atoi(d + 1) : 0;
}

/* Prepares st on the server.  PostgreSQL infers each parameter's type from
** where it is first used, and cannot from "?2 IS NULL OR kind = ?2"; such
** a parameter is declared text, or if the statement then fails, bigint,
** then double precision (the types the portable SQL binds).  Inside a
** transaction the attempts run in a savepoint, because a failed prepare
** would otherwise abort the caller's transaction (SQLite's does not). */
static bool server_prepare(pg_conn *c, pg_stmt *st)
{
	static const Oid candidates[] = {OID_TEXT, OID_INT8, OID_FLOAT8};
	settle(c);
	bool in_txn = PQtransactionStatus(c->pg) == PQTRANS_INTRANS;
	if (in_txn && run(c, "SAVEPOINT rapport_prepare") != STORE_OK) return false;
	Oid *types = xcalloc((size_t)st->nparams + 1, sizeof *types);
	char first_err[sizeof c->err] = "";
	int guessing = 0, tried = 0;   /* the parameter whose type is being guessed */
	bool ok = false;
	for (int attempt = 0; attempt < 3 * st->nparams + 1; attempt++) {
		PGresult *res = PQprepare(c->pg, st->name, st->sql, st->nparams, types);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			ok = true;
			break;
		}
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		int n = str_eq(state, "42P18") || str_eq(state, "42P08") ? indeterminate_param(res) : 0;
		map_error(c, res);
		PQclear(res);
		if (c->base.broken) break;
		if (n >= 1 && n <= st->nparams && !types[n - 1]) {
			guessing = n;
			tried = 0;
		} else {
			if (!first_err[0]) memcpy(first_err, c->err, sizeof first_err);
			if (!guessing || ++tried >= (int)countof(candidates)) break;
		}
		types[guessing - 1] = candidates[tried];
		if (in_txn && run(c, "ROLLBACK TO SAVEPOINT rapport_prepare") != STORE_OK) break;
	}
	free(types);
	if (!ok && first_err[0]) memcpy(c->err, first_err, sizeof c->err);
	if (in_txn && !c->base.broken) {
		char keep[sizeof c->err];
		memcpy(keep, c->err, sizeof keep);
		if (!ok) run(c, "ROLLBACK TO SAVEPOINT rapport_prepare");
		run(c, "RELEASE SAVEPOINT rapport_prepare");
		if (!ok) memcpy(c->err, keep, sizeof keep);
	}
	return ok;
}

static store_stmt *pg_prepare(store_conn *sc, const char *sql)
{
	pg_conn *c = (pg_conn *)sc;
	pg_stmt *st = xcalloc(1, sizeof *st);
	st->conn = sc;
	st->row = -1;
	snprintf(st->name, sizeof st->name, "r%d", ++c->next_name);
	st->sql = rewrite_placeholders(sql, &st->nparams);
	st->values = xcalloc((size_t)st->nparams + 1, sizeof *st->values);
	if (!server_prepare(c, st)) {
		if (!sc->broken) {
			free(st->values);
			free(st->sql);
			free(st);
			return NULL;
		}
		/* The connection is gone: hand back a statement whose steps answer
		** STORE_UNAVAILABLE (a 503), not a bug report. */
		st->dead = true;
	}
	return (store_stmt *)st;
}

#define ST(s) ((pg_stmt *)(s))

static void clear_values(pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_reset(store_stmt *s)
{
	pg_stmt *st = ST(s);
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->ntuples = 0;
	st->executed = false;
	clear_values(st);
}

static void pg_finalize(store_stmt *s)
{
	pg_stmt *st = ST(s);
	pg_reset(s);
	/* The server forgets prepared statements when the connection closes;
	** statements are finalized only then (store.c), so no DEALLOCATE. */
	free(st->values);
	free(st->sql);
	free(st);
}

static void set_value(pg_stmt *st, int idx, char *v)
{
	if (idx < 1 || idx > st->nparams) {
		free(v);
		return;
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = v;
}

static void pg_bind_null(store_stmt *s, int i) { set_value(ST(s), i, NULL); }
static void pg_bind_int(store_stmt *s, int i, int64_t v) { set_value(ST(s), i, xasprintf("%lld", (long long)v)); }

static void pg_bind_real(store_stmt *s, int i, double v)
{
	if (isnan(v)) set_value(ST(s), i, xstrdup("NaN"));
	else if (isinf(v)) set_value(ST(s), i, xstrdup(v > 0 ? "Infinity" : "-Infinity"));
	else set_value(ST(s), i, xasprintf("%.17g", v));
}

static void pg_bind_text(store_stmt *s, int i, const char *v, int len)
{
	set_value(ST(s), i, len < 0 ? xstrdup(v) : xstrndup(v, (size_t)len));
}

static int pg_step(store_stmt *s)
{
	pg_stmt *st = ST(s);
	pg_conn *c = (pg_conn *)st->conn;
	if (!st->dead && !c->base.broken) settle(c);
	if (st->dead || c->base.broken) {
		set_err(c, "the connection to PostgreSQL was lost");
		return STORE_UNAVAILABLE;
	}
	if (!st->executed) {
		st->executed = true;
		int rc = STORE_OK;
		if (c->begin_pending) {
			/* The transaction's first statement: BEGIN, set_config and the
			** statement in one round trip. */
			c->begin_pending = false;
			rc = begin_pipeline(c, c->begin_office, st, &st->res);
		} else {
			st->res = PQexecPrepared(c->pg, st->name, st->nparams, (const char *const *)st->values, NULL, NULL, 0);
			ExecStatusType status = PQresultStatus(st->res);
			if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) rc = map_error(c, st->res);
		}
		if (rc != STORE_OK) {
			if (rc == STORE_ERROR) log_error("postgres: %s\n  in: %s", c->err, st->sql);
			PQclear(st->res);
			st->res = NULL;
			return rc;
		}
		const char *n = PQcmdTuples(st->res);
		st->changes = n && *n ? atoi(n) : 0;
		st->ntuples = PQresultStatus(st->res) == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		st->row = -1;
	}
	if (st->row + 1 < st->ntuples) {
		st->row++;
		return STORE_ROW;
	}
	return STORE_DONE;
}

static int pg_changes(store_stmt *s) { return ST(s)->changes; }
static int pg_param_count(store_stmt *s) { return ST(s)->nparams; }
static int pg_col_count(store_stmt *s) { return ST(s)->res ? PQnfields(ST(s)->res) : 0; }
static const char *pg_col_name(store_stmt *s, int i) { return PQfname(ST(s)->res, i); }

static bool have_value(pg_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < st->ntuples && i >= 0 && i < PQnfields(st->res) &&
	       !PQgetisnull(st->res, st->row, i);
}

static enum store_type pg_col_type(store_stmt *s, int i)
{
	pg_stmt *st = ST(s);
	if (!have_value(st, i)) return STORE_NULL;
	switch (PQftype(st->res, i)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_BOOL:
		return STORE_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return STORE_REAL;
	case OID_NUMERIC: {
		/* SUM() of integers is numeric on PostgreSQL; a whole value stays an
		** integer as it would on SQLite. */
		const char *v = PQgetvalue(st->res, st->row, i);
		return strpbrk(v, ".eEN") || strlen(v) > 18 ? STORE_REAL : STORE_INT;
	}
	default:
		return STORE_TEXT;
	}
}

static int64_t pg_col_int(store_stmt *s, int i)
{
	pg_stmt *st = ST(s);
	if (!have_value(st, i)) return 0;
	const char *v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == OID_BOOL) return v[0] == 't';
	if (strpbrk(v, ".eE")) return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double pg_col_real(store_stmt *s, int i)
{
	pg_stmt *st = ST(s);
	if (!have_value(st, i)) return 0;
	const char *v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == OID_BOOL) return v[0] == 't';
	return strtod(v, NULL);
}

static const char *pg_col_text(store_stmt *s, int i)
{
	pg_stmt *st = ST(s);
	if (!have_value(st, i)) return NULL;
	const char *v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == OID_BOOL) return v[0] == 't' ? "1" : "0";
	return v;
}

static const char *pg_errmsg(store_conn *c) { return ((pg_conn *)c)->err; }

static int pg_index_put(store_conn *c, int64_t office_id, const char *entity, int64_t id,
                        const char *title, const char *body)
{
	/* search_docs.tsv is a generated column (sql/001_foundation.sql). */
	int rc = store_exec(c,
	                    "INSERT INTO search_docs(office_id, entity, entity_id, title, body)"
	                    " VALUES (?, ?, ?, ?, ?)"
	                    " ON CONFLICT(entity, entity_id) DO UPDATE SET"
	                    " office_id = excluded.office_id, title = excluded.title, body = excluded.body",
	                    "itit" "t", office_id, entity, id, title, body);
	return rc < 0 ? rc : STORE_OK;
}

static int pg_index_delete(store_conn *c, int64_t office_id, const char *entity, int64_t id)
{
	int rc = store_exec(c, "DELETE FROM search_docs WHERE office_id = ? AND entity = ? AND entity_id = ?",
	                    "iti", office_id, entity, id);
	return rc < 0 ? rc : STORE_OK;
}

/* Turns what a person typed into a tsquery that cannot be a syntax error:
** each run of letters and digits (any non-ASCII byte counts as a letter)
** becomes a quoted prefix term 'run':*, and all must match ('&').  The
** operators & | ! ( ) : * < > and quotes are ASCII punctuation and so never
** reach to_tsquery.  Returns NULL when nothing searchable is left.  Caller
** frees. */
static char *tsquery_text(const char *q)
{
	/* PostgreSQL rejects invalid UTF-8 (an error, not "no results"). */
	if (!q || !utf8_valid(q, strlen(q))) return NULL;
	buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)q;
	int terms = 0;
#define WORDCH(ch) ((ch) >= 0x80 || ((ch) >= '0' && (ch) <= '9') || (((ch) | 32) >= 'a' && ((ch) | 32) <= 'z'))
	while (*p && terms < 16) {
		while (*p && !WORDCH(*p)) p++;
		const unsigned char *start = p;
		while (*p && WORDCH(*p)) p++;
		if (p > start) {
			/* A lexeme longer than PostgreSQL allows is an error: cut
			** long runs at a character boundary (a prefix still matches). */
			size_t n = (size_t)(p - start);
			if (n > 200) {
				n = 200;
				while (n && (start[n] & 0xC0) == 0x80) n--;
			}
			if (terms++) buf_puts(&b, " & ");
			buf_putc(&b, '\'');
			buf_append(&b, start, n);
			buf_puts(&b, "':*");
		}
	}
#undef WORDCH
	if (!terms) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

static int pg_search(store_conn *c, int64_t office_id, const char *query, const char *entity,
                     int limit, json_t *out)
{
	char *tsq = tsquery_text(query);
	if (!tsq) return STORE_OK;
	store_stmt *st = store_prepare(c,
	    "SELECT d.entity, d.entity_id AS id, d.title,"
	    "  ts_headline('simple', d.body, q,"
	    "    'StartSel=\"\", StopSel=\"\", MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=\" … \"')"
	    "    AS snippet"
	    " FROM search_docs d, to_tsquery('simple', ?1) q"
	    " WHERE d.tsv @@ q AND d.office_id = ?2 AND (?3 IS NULL OR d.entity = ?3)"
	    " ORDER BY ts_rank(d.tsv, q) DESC, d.id LIMIT ?4");
	if (!st) {
		free(tsq);
		return STORE_ERROR;
	}
	store_bind(st, "titi", tsq, office_id, entity, (int64_t)limit);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) json_array_append_new(out, store_row_json(st));
	store_reset(st);
	free(tsq);
	return rc == STORE_DONE ? STORE_OK : rc;
}

static int pg_backup(store_conn *c, const char *dest_path, char **err)
{
	(void)c;
	(void)dest_path;
	*err = xstrdup("rapport backup copies SQLite databases only; back up PostgreSQL with pg_dump"
	               " (or the server's own backups and replication)");
	return STORE_ERROR;
}

const store_ops store_pg_ops = {
	.name = "postgres",
	.dialect = STORE_POSTGRES,
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.healthy = pg_healthy,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.scope = pg_scope,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_null = pg_bind_null,
	.bind_int = pg_bind_int,
	.bind_real = pg_bind_real,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.reset = pg_reset,
	.changes = pg_changes,
	.param_count = pg_param_count,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.col_int = pg_col_int,
	.col_real = pg_col_real,
	.col_text = pg_col_text,
	.errmsg = pg_errmsg,
	.index_put = pg_index_put,
	.index_delete = pg_index_delete,
	.search = pg_search,
	.backup = pg_backup,
};
