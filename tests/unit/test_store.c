/* test_store.c: the store's behaviour, the same on both backends.
**
** Run plainly it tests SQLite; with RAPPORT_TEST_PG=postgres://... (make
** check-pg) the same tests run on PostgreSQL, plus row-level security and
** the schema-parity check (the tables and columns after migrating SQLite
** equal those on PostgreSQL). */
#include "testutil.h"

#include <pthread.h>

static const char *T0 = "2026-01-01T00:00:00Z";

/* A scratch table outside the migrations, for type and placeholder tests. */
static void make_kv(store_conn *c)
{
	assert_int_equal(c->ops->exec_script(c,
	    "CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT,"
	    " CHECK (i IS NULL OR i >= 0))"), STORE_OK);
}

static int64_t add_office(store_conn *c, const char *slug, int opt_in)
{
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, state_opt_in, created_at) VALUES (?, ?, ?, ?) RETURNING id",
	    "ttdt", slug, slug, opt_in, T0);
	assert_true(id > 0);
	return id;
}

/* A partner of office, in a transaction of its own; returns its id. */
static int64_t add_partner(store *s, int64_t office, const char *name)
{
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, office, STORE_WRITE), STORE_OK);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO partners(office_id, name, kind, subtype, created_at, updated_at)"
	    " VALUES (?, ?, 'institutional', 'library', ?, ?) RETURNING id",
	    "ittt", office, name, T0, T0);
	assert_true(id > 0);
	assert_int_equal(store_commit(c), STORE_OK);
	store_release(c);
	return id;
}

static int64_t two_offices(store *s, int64_t *b)
{
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	int64_t a = add_office(c, "office-a", 1);
	*b = add_office(c, "office-b", 0);
	assert_int_equal(store_commit(c), STORE_OK);
	store_release(c);
	return a;
}

static void test_placeholders(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	make_kv(c);
	/* ?1 used twice; a later bare ? continues after the largest number. */
	assert_int_equal(store_exec(c, "INSERT INTO kv(k, i, r, t) VALUES (?1, ?2, ?, ?1)", "tir", "a?b", (int64_t)7, 2.5), 1);
	json_t *row = store_query_row(c, NULL,
	    "SELECT k, i, r, t, '?' AS lit, 'it''s ?' AS lit2, 1 AS \"?col\" /* ? */ FROM kv -- ?\n"
	    " WHERE k = ?1 AND t = ?1 AND i = ?2", "ti", "a?b", (int64_t)7);
	assert_non_null(row);
	assert_string_equal(json_string_value(json_object_get(row, "k")), "a?b");
	assert_string_equal(json_string_value(json_object_get(row, "t")), "a?b");
	assert_string_equal(json_string_value(json_object_get(row, "lit")), "?");
	assert_string_equal(json_string_value(json_object_get(row, "lit2")), "it's ?");
	assert_int_equal(json_integer_value(json_object_get(row, "?col")), 1);
	json_decref(row);
	/* A parameter used only in "? IS NULL" (PostgreSQL cannot infer its type). */
	store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM kv WHERE (? IS NULL OR k = ?) AND (?3 IS NULL OR i = ?3)");
	assert_non_null(st);
	store_bind(st, "ttI", "x", "zzz", (int64_t)0);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 0);
	store_bind(st, "ttI", NULL, NULL, (int64_t)7);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 1);
	store_bind(st, "ttI", "x", "a?b", (int64_t)8);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 0);
	store_bind(st, "ttI", "x", "a?b", (int64_t)7);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 1);
	store_reset(st);
	/* The statement is cached by the SQL's address. */
	static const char *sql = "SELECT i FROM kv WHERE k = ?";
	assert_ptr_equal(store_prepare(c, sql), store_prepare(c, sql));
	store_release(c);
	test_store_close(s);
}

static void test_types_and_nulls(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	make_kv(c);
	const char *utf8 = "se\xc3\xb1ora \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x97\xb3 \xc3\x86r\xc3\xb8 \"q\" 'a' \\";
	assert_int_equal(store_exec(c, "INSERT INTO kv(k, i, r, t) VALUES (?, ?, ?, ?)", "tirt", "u",
	                            (int64_t)9007199254740993LL, -0.125, utf8), 1);
	assert_int_equal(store_exec(c, "INSERT INTO kv(k, i, r, t) VALUES (?, ?, ?, ?)", "tInt", "n", (int64_t)0, NULL), 1);
	json_t *j = json_string("from json");
	assert_int_equal(store_exec(c, "UPDATE kv SET t = ? WHERE k = ?", "jt", j, "n"), 1);
	json_decref(j);
	store_stmt *st = store_prepare(c, "SELECT i, r, t, COUNT(*) OVER () AS n, 1 = 1 AS yes FROM kv WHERE k = ?");
	store_bind(st, "t", "u");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_type(st, 0), STORE_INT);
	assert_true(store_col_int(st, 0) == 9007199254740993LL);
	assert_int_equal(store_col_type(st, 1), STORE_REAL);
	assert_true(store_col_real(st, 1) == -0.125);
	assert_int_equal(store_col_type(st, 2), STORE_TEXT);
	assert_string_equal(store_col_text(st, 2), utf8);
	assert_int_equal(store_col_type(st, 3), STORE_INT);
	assert_int_equal(store_col_type(st, 4), STORE_INT);
	assert_int_equal(store_col_int(st, 4), 1);
	assert_int_equal(store_step(st), STORE_DONE);
	store_bind(st, "t", "n");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_true(store_col_null(st, 0));
	assert_true(store_col_null(st, 1));
	assert_null(store_col_text(st, 1));
	assert_string_equal(store_col_text(st, 2), "from json");
	json_t *row = store_row_json(st);
	assert_true(json_is_null(json_object_get(row, "i")));
	assert_true(json_is_null(json_object_get(row, "r")));
	json_decref(row);
	store_reset(st);
	/* Sums of integers stay integers; averages are real. */
	row = store_query_row(c, NULL, "SELECT SUM(i) AS s, AVG(r) AS a, MAX(t) AS m, 1 AS yes_bool FROM kv", "");
	assert_true(json_is_integer(json_object_get(row, "s")));
	assert_true(json_is_real(json_object_get(row, "a")));
	assert_true(json_is_true(json_object_get(row, "yes")));
	json_decref(row);
	/* Byte order, as SQLite sorts (PostgreSQL with the C collation). */
	store_exec(c, "INSERT INTO kv(k) VALUES ('B'), ('a'), ('\xc3\xa9')", "");
	json_t *rows = store_query_rows(c, NULL, "SELECT k FROM kv WHERE k IN ('B', 'a', '\xc3\xa9') ORDER BY k", "");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "k")), "B");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "k")), "a");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "k")), "\xc3\xa9");
	json_decref(rows);
	store_release(c);
	test_store_close(s);
}

static void test_errors_map_and_rollback(void **state)
{
	(void)state;
	store *s = test_store_open();
	int64_t b, a = two_offices(s, &b);
	int64_t p = add_partner(s, a, "Library");
	store_conn *c = store_acquire(s);
	make_kv(c);
	store_exec(c, "INSERT INTO kv(k) VALUES ('dup')", "");
	/* Each error in a transaction of its own: PostgreSQL aborts a
	** transaction at its first error, and callers roll back (api_fail). */
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "INSERT INTO kv(k) VALUES (?)", "t", "dup"), STORE_CONSTRAINT);
	store_rollback(c);
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "INSERT INTO kv(k, i) VALUES (?, ?)", "ti", "neg", (int64_t)-1), STORE_CONSTRAINT);
	store_rollback(c);
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "INSERT INTO kv(k) VALUES (?)", "n"), STORE_CONSTRAINT);   /* NOT NULL key */
	store_rollback(c);
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "UPDATE partners SET kind = ? WHERE office_id = ? AND id = ?", "tii", "galactic", a, p),
	                 STORE_CONSTRAINT);
	store_rollback(c);
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "INSERT INTO partner_groups(office_id, partner_id, group_id) VALUES (?, ?, ?)", "iii",
	                            a, p, (int64_t)987654), STORE_FOREIGN_KEY);
	store_rollback(c);
	/* Rolled back: nothing of a transaction survives. */
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	store_exec(c, "INSERT INTO kv(k) VALUES ('gone')", "");
	add_office(c, "never", 0);
	store_exec(c, "UPDATE partners SET name = 'Renamed' WHERE office_id = ? AND id = ?", "ii", a, p);
	store_rollback(c);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM kv WHERE k = 'gone'", ""), 0);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM offices WHERE slug = 'never'", ""), 0);
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	json_t *row = store_query_row(c, NULL, "SELECT name FROM partners WHERE office_id = ? AND id = ?", "ii", a, p);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "Library");
	json_decref(row);
	store_rollback(c);
	/* SQL that does not prepare is a logged bug, and leaves the transaction usable. */
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_null(store_prepare(c, "SELECT no_such_column FROM kv"));
	assert_int_equal(store_exec(c, "INSERT INTO kv(k) VALUES ('kept')", ""), 1);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM kv WHERE k = 'kept'", ""), 1);
	store_release(c);
	test_store_close(s);
}

static void test_version_conflict(void **state)
{
	(void)state;
	store *s = test_store_open();
	int64_t b, a = two_offices(s, &b);
	int64_t p = add_partner(s, a, "Library");
	store_conn *c = store_acquire(s);
	static const char *upd = "UPDATE partners SET name = ?, version = version + 1"
	                         " WHERE office_id = ? AND id = ? AND version = ?";
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, upd, "tiii", "First", a, p, (int64_t)1), 1);
	assert_int_equal(store_commit(c), STORE_OK);
	/* A second writer who read version 1 changes nothing. */
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, upd, "tiii", "Stale", a, p, (int64_t)1), 0);
	assert_int_equal(store_exec(c, upd, "tiii", "Second", a, p, (int64_t)2), 1);
	/* Another office's id is no match either. */
	assert_int_equal(store_exec(c, upd, "tiii", "Other", b, p, (int64_t)3), 0);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	json_t *row = store_query_row(c, NULL, "SELECT name, version FROM partners WHERE id = ?", "i", p);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "Second");
	assert_int_equal(json_integer_value(json_object_get(row, "version")), 3);
	json_decref(row);
	store_rollback(c);
	store_release(c);
	test_store_close(s);
}

static size_t search_n(store_conn *c, int64_t office, const char *q, const char *entity, json_t **out)
{
	json_t *hits = json_array();
	assert_int_equal(store_search(c, office, q, entity, 20, hits), STORE_OK);
	size_t n = json_array_size(hits);
	if (out) *out = hits;
	else json_decref(hits);
	return n;
}

static void test_search(void **state)
{
	(void)state;
	store *s = test_store_open();
	int64_t b, a = two_offices(s, &b);
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_index_put(c, a, "partner", 1, "Ballot drop box partners", "Library branch on Main Street"), STORE_OK);
	assert_int_equal(store_index_put(c, a, "contact", 2, "Se\xc3\xb1ora Garc\xc3\xad" "a", "Speaks Spanish, ballots"), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, b, STORE_WRITE), STORE_OK);
	assert_int_equal(store_index_put(c, b, "partner", 3, "Ballot secrets of office B", "never shown to A"), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);

	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	json_t *hits;
	assert_int_equal(search_n(c, a, "ball", NULL, &hits), 2);          /* prefix, both entities */
	json_t *h = json_array_get(hits, 0);
	assert_non_null(json_object_get(h, "snippet"));
	assert_non_null(json_object_get(h, "title"));
	json_decref(hits);
	assert_int_equal(search_n(c, a, "ball", "partner", &hits), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(hits, 0), "id")), 1);
	json_decref(hits);
	assert_int_equal(search_n(c, a, "BALLOT main", NULL, NULL), 1);    /* every term must match */
	assert_int_equal(search_n(c, a, "se\xc3\xb1", NULL, NULL), 1);     /* UTF-8 prefix */
	assert_int_equal(search_n(c, a, "secrets", NULL, NULL), 0);        /* office B's document */
	static const char *const hostile[] = {"\"", "AND(", "*", "-", "'", "''", ":*", "!", "\\", "a & | b", "(", ")",
	                                      "NEAR(a b)", "title:x", "<->", "", "   ", "\"unterminated", NULL};
	for (int i = 0; hostile[i]; i++) search_n(c, a, hostile[i], NULL, NULL);
	search_n(c, a, "ball\xff\xfe", NULL, NULL);             /* invalid UTF-8: no error */
	char *longword = xmalloc(5001);
	memset(longword, 'b', 5000);
	longword[5000] = 0;
	assert_int_equal(search_n(c, a, longword, NULL, NULL), 0);  /* longer than any lexeme */
	free(longword);
	assert_int_equal(search_n(c, a, "ball\" OR 1=1 --", NULL, NULL), 0);  /* "1" and "ball" AND "or" ... */
	store_rollback(c);

	/* Re-indexing replaces the document; deleting removes it. */
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_index_put(c, a, "partner", 1, "Fire department", "Emergency management"), STORE_OK);
	assert_int_equal(search_n(c, a, "ballot", "partner", NULL), 0);
	assert_int_equal(search_n(c, a, "emerg", NULL, NULL), 1);
	assert_int_equal(store_index_delete(c, a, "partner", 1), STORE_OK);
	assert_int_equal(search_n(c, a, "fire", NULL, NULL), 0);
	assert_int_equal(store_commit(c), STORE_OK);
	store_release(c);
	test_store_close(s);
}

static void test_migrate_twice(void **state)
{
	(void)state;
	store *s = test_store_open();
	char *err = NULL;
	assert_int_equal(store_schema_version(s), store_latest_version());
	assert_int_equal(store_migrate(s, &err), 0);
	assert_int_equal(store_migrate(s, &err), 0);
	assert_int_equal(store_schema_version(s), store_latest_version());
	store_conn *c = store_acquire(s);
	assert_int_equal(store_query_int(c, -1, "SELECT MAX(version) FROM schema_migrations", ""), store_latest_version());
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(DISTINCT version) FROM schema_migrations", ""),
	                 store_query_int(c, -1, "SELECT COUNT(*) FROM schema_migrations", ""));
	store_release(c);
	/* backup: SQLite copies; PostgreSQL points to pg_dump. */
	if (store_dialect_of(s) == STORE_POSTGRES) {
		assert_int_equal(store_backup(s, "/tmp/never-written.db", &err), STORE_ERROR);
		assert_non_null(strstr(err, "pg_dump"));
		free(err);
	}
	test_store_close(s);
}

struct migrator {
	store *s;
	int applied;
};

static void *migrate_thread(void *arg)
{
	struct migrator *m = arg;
	char *err = NULL;
	m->applied = store_migrate(m->s, &err);
	if (m->applied < 0) fprintf(stderr, "concurrent migrate: %s\n", err);
	free(err);
	return NULL;
}

/* Two processes migrating one empty database at once: one applies each
** migration, the other waits on the lock and finds nothing to do. */
static void test_concurrent_migrate(void **state)
{
	(void)state;
	store *s = test_store_open();
	char *url = xstrdup(store_url(s));
	char *dir = NULL;
	if (store_dialect_of(s) == STORE_POSTGRES) {
		store_conn *c = store_acquire(s);
		assert_int_equal(c->ops->exec_script(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public"), STORE_OK);
		store_release(c);
	} else {
		char tmpl[] = "/tmp/rapport-unit-XXXXXX";
		assert_non_null(mkdtemp(tmpl));
		dir = xstrdup(tmpl);
		free(url);
		url = xasprintf("%s/fresh.db", dir);
	}
	char *err = NULL;
	struct migrator a = {store_open(url, 2, &err), 0}, b = {store_open(url, 2, &err), 0};
	assert_non_null(a.s);
	assert_non_null(b.s);
	pthread_t ta, tb;
	pthread_create(&ta, NULL, migrate_thread, &a);
	pthread_create(&tb, NULL, migrate_thread, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_true(a.applied >= 0 && b.applied >= 0);
	assert_true(a.applied > 0 || b.applied > 0);
	assert_int_equal(store_schema_version(a.s), store_latest_version());
	/* Each migration applied once, by one of the two. */
	store_conn *c = store_acquire(a.s);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM schema_migrations", ""), a.applied + b.applied);
	store_release(c);
	store_close(a.s);
	store_close(b.s);
	if (dir) {
		char *cmd = xasprintf("rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		free(dir);
	}
	free(url);
	test_store_close(s);
}

/* PostgreSQL only: row-level security is a second wall behind the queries. */
static void test_row_level_security(void **state)
{
	(void)state;
	store *s = test_store_open();
	if (store_dialect_of(s) != STORE_POSTGRES) {
		test_store_close(s);
		skip();
	}
	int64_t b, a = two_offices(s, &b);   /* a opted in to the state view, b not */
	add_partner(s, a, "A library");
	add_partner(s, a, "A school");
	add_partner(s, b, "B library");
	store_conn *c = store_acquire(s);
	/* A deliberately unscoped query sees only the transaction's office. */
	static const char *all = "SELECT name FROM partners ORDER BY name";
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	json_t *rows = store_query_rows(c, NULL, all, "");
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "A library");
	json_decref(rows);
	/* Writing another office's row fails, whatever the query says. */
	assert_int_equal(store_exec(c, "UPDATE partners SET name = 'hijacked' WHERE office_id = ?", "i", b), 0);
	store_rollback(c);
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_true(store_exec(c, "INSERT INTO partners(office_id, name, kind, subtype, created_at, updated_at)"
	                          " VALUES (?, 'planted', 'institutional', 'media', ?, ?)", "itt", b, T0, T0) < 0);
	store_rollback(c);
	/* No office: nothing at all, in or out of a transaction. */
	assert_int_equal(store_begin(c, 0, STORE_READ), STORE_OK);
	rows = store_query_rows(c, NULL, all, "");
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM demographic_groups", ""), 0);
	store_rollback(c);
	rows = store_query_rows(c, NULL, all, "");
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	/* store_scope moves a transaction to its office. */
	assert_int_equal(store_begin(c, 0, STORE_READ), STORE_OK);
	assert_int_equal(store_scope(c, b), STORE_OK);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM partners", ""), 1);
	store_rollback(c);
	/* The state scope reads opted-in offices only, and cannot write. */
	assert_int_equal(store_begin(c, 0, STORE_STATE), STORE_OK);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM partners", ""), 2);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM partners WHERE office_id = ?", "i", b), 0);
	assert_true(store_exec(c, "UPDATE offices SET name = 'x' WHERE id = ?", "i", a) < 0);
	store_rollback(c);
	/* Audit rows: appended without an office (sign-in), read only with one. */
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "INSERT INTO audit_log(office_id, actor, at, action, entity) VALUES (?, 'cli', ?, 'login', 'user')",
	                            "it", b, T0), 1);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM audit_log", ""), 0);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM audit_log", ""), 0);
	store_rollback(c);
	assert_int_equal(store_begin(c, b, STORE_READ), STORE_OK);
	assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM audit_log", ""), 1);
	store_rollback(c);
	/* Every table with office_id has the policy, forced on its owner. */
	assert_int_equal(store_query_int(c, -1,
	    "SELECT COUNT(*) FROM information_schema.columns col JOIN pg_class k ON k.relname = col.table_name"
	    " WHERE col.table_schema = current_schema() AND col.column_name = 'office_id'"
	    " AND NOT (k.relrowsecurity AND k.relforcerowsecurity AND EXISTS (SELECT 1 FROM pg_policies p"
	    "   WHERE p.tablename = col.table_name AND p.policyname = 'office_scope'))", ""), 0);
	store_release(c);
	test_store_close(s);
}

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "table.column" of every table, sorted, as one string.  Caller frees. */
static char *schema_columns(store *s)
{
	store_conn *c = store_acquire(s);
	const char *sql = store_dialect_of(s) == STORE_SQLITE
	    ? "SELECT m.name AS t, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p"
	      " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'search_fts%'"
	    : "SELECT table_name AS t, column_name AS col FROM information_schema.columns"
	      " WHERE table_schema = current_schema() AND NOT (table_name = 'search_docs' AND column_name = 'tsv')";
	int rc;
	json_t *rows = store_query_rows(c, &rc, sql, "");
	store_release(c);
	assert_non_null(rows);
	size_t n = json_array_size(rows);
	char **names = xcalloc(n + 1, sizeof *names);
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(rows, i);
		names[i] = xasprintf("%s.%s", json_string_value(json_object_get(r, "t")),
		                     json_string_value(json_object_get(r, "col")));
	}
	qsort(names, n, sizeof *names, strcmp_ptr);
	buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	json_decref(rows);
	return buf_take(&b);
}

static void test_schema_parity(void **state)
{
	(void)state;
	const char *pg = getenv("RAPPORT_TEST_PG");
	if (!pg || !*pg) skip();
	store *p = test_store_open();
	char dir[] = "/tmp/rapport-unit-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/parity.db", dir);
	char *err = NULL;
	store *q = store_open(path, 2, &err);
	assert_non_null(q);
	assert_true(store_migrate(q, &err) > 0);
	char *on_pg = schema_columns(p);
	char *on_sqlite = schema_columns(q);
	assert_true(strlen(on_pg) > 100);
	assert_string_equal(on_pg, on_sqlite);
	free(on_pg);
	free(on_sqlite);
	test_store_close(q);   /* removes the directory (path under /tmp/rapport-unit-) */
	test_store_close(p);
	free(path);
}

/* The edges of a transaction's life that store_pg.c shortcuts: BEGIN sent
** with the first statement (so an empty transaction sends nothing, and an
** error in the first statement must still be reported as itself), and a
** ROLLBACK not waited for (so the next use of the connection must still see
** everything rolled back). */
static void test_transaction_edges(void **state)
{
	(void)state;
	store *s = test_store_open();
	int64_t b, a = two_offices(s, &b);
	add_partner(s, a, "Kept");
	store_conn *c = store_acquire(s);
	static const char *count = "SELECT COUNT(*) FROM partners WHERE office_id = ?";
	/* Nothing in it: commits and rolls back without complaint, twice over. */
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	store_rollback(c);
	/* A write rolled back is gone at once, on this connection and another. */
	for (int round = 0; round < 3; round++) {
		assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
		assert_int_equal(store_exec(c, "INSERT INTO partners(office_id, name, kind, subtype, created_at, updated_at)"
		                               " VALUES (?, 'Dropped', 'institutional', 'media', ?, ?)", "itt", a, T0, T0), 1);
		assert_int_equal(store_query_int(c, -1, count, "i", a), 2);
		store_rollback(c);
		assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
		assert_int_equal(store_query_int(c, -1, count, "i", a), 1);
		store_rollback(c);
	}
	store_conn *d = store_acquire(s);
	assert_int_equal(store_begin(d, a, STORE_READ), STORE_OK);
	assert_int_equal(store_query_int(d, -1, count, "i", a), 1);
	store_rollback(d);
	store_release(d);
	/* An error in the first statement is that statement's error; after the
	** rollback the connection works (and the pool keeps it). */
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	assert_int_equal(store_exec(c, "INSERT INTO offices(name, slug, created_at) VALUES ('Dup', 'office-a', ?)", "t", T0),
	                 STORE_CONSTRAINT);
	store_rollback(c);
	/* A statement that does not prepare leaves a pending transaction usable. */
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	assert_null(store_prepare(c, "SELECT no_such_column FROM partners"));
	assert_int_equal(store_query_int(c, -1, count, "i", a), 1);
	store_rollback(c);
	store_release(c);
	c = store_acquire(s);
	assert_int_equal(store_begin(c, a, STORE_READ), STORE_OK);
	assert_int_equal(store_query_int(c, -1, count, "i", a), 1);
	store_rollback(c);
	/* Sessions are found by office (migrate-store copies and replaces an
	** office's) through an index. */
	if (store_dialect_of(s) == STORE_SQLITE) {
		json_t *plan = store_query_rows(c, NULL, "EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE office_id = ?", "i", a);
		char *text = json_dumps(plan, JSON_COMPACT);
		assert_non_null(strstr(text, "sessions_office"));
		free(text);
		json_decref(plan);
	} else {
		assert_int_equal(store_query_int(c, -1, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'sessions_office'", ""), 1);
	}
	store_release(c);
	test_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_types_and_nulls),
		cmocka_unit_test(test_errors_map_and_rollback),
		cmocka_unit_test(test_version_conflict),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_migrate_twice),
		cmocka_unit_test(test_concurrent_migrate),
		cmocka_unit_test(test_row_level_security),
		cmocka_unit_test(test_transaction_edges),
		cmocka_unit_test(test_schema_parity),
	};
	const char *pg = getenv("RAPPORT_TEST_PG");
	return cmocka_run_group_tests_name(pg && *pg ? "store (postgres)" : "store (sqlite)", tests, NULL, NULL);
}
