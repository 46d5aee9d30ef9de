/*
** migrate_store.c: rapport migrate-store, which moves one county's data from
** its SQLite database into a shared PostgreSQL database (a state hosting
** many offices).
**
** What it guarantees:
**   - the office gets a new id in the target, and so does every row; every
**     reference (declared foreign keys, office_id, user_id, and the
**     (entity, entity_id) pairs of audit_log and search_docs) is remapped;
**   - everything is one transaction on the target: it all arrives or
**     nothing does;
**   - before committing it re-reads the target and checks, per table, the
**     row count and a SHA-256 over the copied rows' content (every column
**     but ids and references, row order ignored) against the source;
**   - re-running is safe: an office with the same slug already in the
**     target is refused, or with --replace its rows are removed first
**     (its audit rows stay: the audit log is append-only).
** The tables copied are found at run time (every table with office_id,
** plus offices, except partner_facts, which the target's triggers build
** from the copied rows), so later migrations' tables come along.  A whole-number
** column ending in _id that is neither a declared foreign key nor one of
** the references above stops the copy: copying an id that means nothing in
** the target would be worse than refusing.  Ids inside audit before/after
** JSON are the source's, as they were when written.
*/
#include "cli.h"
#include "audit.h"
#include "store.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col_kind { COL_PLAIN, COL_ID, COL_REF, COL_ENTITY_ID };

typedef struct idmap {
	int64_t *keys, *vals;   /* open addressing; key 0 is empty */
	size_t cap, len;
} idmap;

typedef struct mcol {
	char *name;
	enum col_kind kind;
	int ref;                /* COL_REF: index of the referenced table */
} mcol;

typedef struct mtable {
	char *name;
	mcol *cols;
	int ncols;
	bool has_id;
	bool copy_last;         /* has (entity, entity_id): after everything it may name */
	idmap map;              /* source id -> target id */
	int64_t rows;
	char sum[65];
	bool ordered;
} mtable;

typedef struct mctx {
	mtable *t;
	int n;
	char **sql;             /* built statements: they must outlive the stores (store_prepare caches by address) */
	int nsql, capsql;
} mctx;

static void idmap_grow(idmap *m);

static void idmap_put(idmap *m, int64_t k, int64_t v)
{
	if ((m->len + 1) * 2 > m->cap) idmap_grow(m);
	size_t i = (size_t)k * 0x9E3779B97F4A7C15ull & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != k) i = (i + 1) & (m->cap - 1);
	if (!m->keys[i]) m->len++;
	m->keys[i] = k;
	m->vals[i] = v;
}

static void idmap_grow(idmap *m)
{
	idmap bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) idmap_put(&bigger, m->keys[i], m->vals[i]);
	free(m->keys);
	free(m->vals);
	*m = bigger;
}

static int64_t idmap_get(const idmap *m, int64_t k)
{
	if (!m->cap || !k) return 0;
	size_t i = (size_t)k * 0x9E3779B97F4A7C15ull & (m->cap - 1);
	while (m->keys[i]) {
		if (m->keys[i] == k) return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return 0;
}

/* Keeps a built statement alive until the end; returns it. */
static const char *keep(mctx *x, char *sql)
{
	if (x->nsql == x->capsql) {
		x->capsql = x->capsql ? x->capsql * 2 : 32;
		x->sql = xrealloc(x->sql, (size_t)x->capsql * sizeof *x->sql);
	}
	x->sql[x->nsql++] = sql;
	return sql;
}

static bool ident_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 63) return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (p > s && *p >= '0' && *p <= '9'))) return false;
	return true;
}

static int table_index(mctx *x, const char *name)
{
	for (int i = 0; i < x->n; i++)
		if (strcmp(x->t[i].name, name) == 0) return i;
	return -1;
}

/* The table an (entity, entity_id) pair names: "partner" -> partners. */
static int entity_table(mctx *x, const char *entity)
{
	if (!entity) return -1;
	if (strcmp(entity, "partner_vetting") == 0) entity = "partner";   /* its entity_id is the partner's */
	int i = table_index(x, entity);
	if (i >= 0) return i;
	char plural[80];
	snprintf(plural, sizeof plural, "%ss", entity);
	return table_index(x, plural);
}

/* Reads the source schema: the tables to copy and what each column is.
** Returns false after printing why. */
static bool load_schema(mctx *x, store_conn *src, store_conn *dst)
{
	json_t *names = store_query_rows(src, NULL,
	    "SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	    /* partner_facts is derived: the target's triggers rebuild it from the rows copied. */
	    " AND name <> 'partner_facts'"
	    " AND (name = 'offices' OR EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'office_id'))"
	    " ORDER BY name", "");
	json_t *target = store_query_rows(dst, NULL,
	    "SELECT table_name AS t, column_name AS c FROM information_schema.columns"
	    " WHERE table_schema = current_schema()", "");
	bool ok = false;
	if (!names || !target) {
		fprintf(stderr, "rapport: cannot read the schemas\n");
		goto cleanup;
	}
	json_t *have = json_object();
	size_t i;
	json_t *v;
	json_array_foreach(target, i, v) {
		char *k = xasprintf("%s.%s", json_string_value(json_object_get(v, "t")), json_string_value(json_object_get(v, "c")));
		json_object_set_new(have, k, json_true());
		free(k);
	}
	x->n = (int)json_array_size(names);
	x->t = xcalloc((size_t)x->n, sizeof *x->t);
	json_array_foreach(names, i, v) x->t[i].name = xstrdup(json_string_value(json_object_get(v, "name")));
	ok = true;
	for (int ti = 0; ti < x->n && ok; ti++) {
		mtable *t = &x->t[ti];
		if (!ident_ok(t->name)) {
			fprintf(stderr, "rapport: the source has a table named \"%s\"; refusing\n", t->name);
			ok = false;
			break;
		}
		json_t *cols = store_query_rows(src, NULL, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", "t", t->name);
		json_t *fks = store_query_rows(src, NULL, "SELECT \"from\" AS col, \"table\" AS ref FROM pragma_foreign_key_list(?)",
		                               "t", t->name);
		t->ncols = (int)json_array_size(cols);
		t->cols = xcalloc((size_t)t->ncols + 1, sizeof *t->cols);
		bool has_entity = false;
		json_t *c;
		size_t ci;
		json_array_foreach(cols, ci, c)
			if (str_eq(json_string_value(json_object_get(c, "name")), "entity")) has_entity = true;
		json_array_foreach(cols, ci, c) {
			mcol *m = &t->cols[ci];
			const char *name = json_string_value(json_object_get(c, "name"));
			const char *type = json_string_value(json_object_get(c, "type"));
			m->name = xstrdup(name);
			m->ref = -1;
			char *key = xasprintf("%s.%s", t->name, name);
			bool in_target = json_object_get(have, key) != NULL;
			free(key);
			if (!ident_ok(name) || !in_target) {
				fprintf(stderr, "rapport: %s.%s is not in the target's schema; are both at the same version?\n",
				        t->name, name);
				ok = false;
				break;
			}
			const char *ref = NULL;
			size_t fi;
			json_t *fk;
			json_array_foreach(fks, fi, fk)
				if (str_eq(json_string_value(json_object_get(fk, "col")), name))
					ref = json_string_value(json_object_get(fk, "ref"));
			/* References kept without a declared foreign key (the tables
			** arrived in different migrations). */
			static const char *const soft_refs[][3] = {
				{"feedback", "misconception_id", "claims"},
				{"sightings", "feedback_id", "feedback"},
			};
			for (size_t sr = 0; !ref && sr < countof(soft_refs); sr++)
				if (str_eq(t->name, soft_refs[sr][0]) && str_eq(name, soft_refs[sr][1])) ref = soft_refs[sr][2];
			if (strcmp(name, "id") == 0) {
				m->kind = COL_ID;
				t->has_id = true;
			} else if (ref || strcmp(name, "office_id") == 0 || strcmp(name, "user_id") == 0) {
				m->kind = COL_REF;
				if (!ref) ref = strcmp(name, "office_id") == 0 ? "offices" : "users";
				m->ref = table_index(x, ref);
				if (m->ref < 0) {
					fprintf(stderr, "rapport: %s.%s refers to %s, which is not copied; refusing\n", t->name, name, ref);
					ok = false;
					break;
				}
			} else if (strcmp(name, "entity_id") == 0 && has_entity) {
				m->kind = COL_ENTITY_ID;
				t->copy_last = true;
			} else if (strlen(name) > 3 && strcmp(name + strlen(name) - 3, "_id") == 0 && type && strstr(type, "INT")) {
				fprintf(stderr, "rapport: %s.%s looks like a reference but names no table; teach migrate_store.c"
				                " what it refers to\n", t->name, name);
				ok = false;
				break;
			} else {
				m->kind = COL_PLAIN;
			}
		}
		json_decref(cols);
		json_decref(fks);
	}
	json_decref(have);
cleanup:
	json_decref(names);
	json_decref(target);
	return ok;
}

/* The copy order: a table after those it refers to; tables holding
** (entity, entity_id) after all others.  Fills order[]. */
static bool copy_order(mctx *x, int *order)
{
	int k = 0;
	for (int pass = 0; pass < x->n + 1 && k < x->n; pass++) {
		for (int i = 0; i < x->n; i++) {
			mtable *t = &x->t[i];
			if (t->ordered) continue;
			bool ready = true;
			for (int c = 0; c < t->ncols; c++)
				if (t->cols[c].kind == COL_REF && t->cols[c].ref != i && !x->t[t->cols[c].ref].ordered) ready = false;
			if (t->copy_last)
				for (int j = 0; j < x->n; j++)
					if (j != i && !x->t[j].copy_last && !x->t[j].ordered) ready = false;
			if (ready) {
				t->ordered = true;
				order[k++] = i;
			}
		}
	}
	if (k < x->n) fprintf(stderr, "rapport: the tables refer to each other in a cycle; cannot order the copy\n");
	return k == x->n;
}

/* Adds one value's bytes to a row hash, with its type, so "1" and 1 differ. */
static void hash_value(crypto_hash_sha256_state *h, store_stmt *st, int i)
{
	char tmp[64];
	unsigned char tag;
	switch (store_col_type(st, i)) {
	case STORE_NULL:
		tag = 'N';
		crypto_hash_sha256_update(h, &tag, 1);
		return;
	case STORE_INT:
		tag = 'I';
		snprintf(tmp, sizeof tmp, "%lld", (long long)store_col_int(st, i));
		break;
	case STORE_REAL:
		tag = 'R';
		snprintf(tmp, sizeof tmp, "%.17g", store_col_real(st, i));
		break;
	default: {
		const char *s = store_col_text(st, i);
		size_t n = strlen(s);
		tag = 'T';
		crypto_hash_sha256_update(h, &tag, 1);
		crypto_hash_sha256_update(h, (const unsigned char *)&n, sizeof n);
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
		return;
	}
	}
	size_t n = strlen(tmp);
	crypto_hash_sha256_update(h, &tag, 1);
	crypto_hash_sha256_update(h, (const unsigned char *)&n, sizeof n);
	crypto_hash_sha256_update(h, (const unsigned char *)tmp, n);
}

static int cmp_hex(const void *a, const void *b) { return memcmp(a, b, 64); }

/* Count and checksum of a table's rows for office (content columns only,
** listed first in the SELECT; order ignored).  Returns rows or -1. */
static int64_t table_sum(store_conn *c, const char *sql, int ncontent, int64_t office, char out[65])
{
	store_stmt *st = store_prepare(c, sql);
	if (!st) return -1;
	store_bind(st, "i", office);
	char *hashes = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		crypto_hash_sha256_state h;
		unsigned char d[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_init(&h);
		for (int i = 0; i < ncontent; i++) hash_value(&h, st, i);
		crypto_hash_sha256_final(&h, d);
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			hashes = xrealloc(hashes, cap * 65);
		}
		sodium_bin2hex(hashes + n * 65, 65, d, sizeof d);
		n++;
	}
	store_reset(st);
	if (rc != STORE_DONE) {
		free(hashes);
		return -1;
	}
	if (n) qsort(hashes, n, 65, cmp_hex);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256((unsigned char *)d, (const unsigned char *)(hashes ? hashes : ""), n * 65);
	sodium_bin2hex(out, 65, d, sizeof d);
	free(hashes);
	return (int64_t)n;
}

/* SELECT <content columns>, <the rest> FROM t WHERE <office> = ?; *ncontent
** gets the number of content columns.  Caller frees. */
static char *select_sql(const mtable *t, int *ncontent)
{
	buf b = BUF_INIT;
	int n = 0;
	buf_puts(&b, "SELECT ");
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < t->ncols; i++) {
			bool content = t->cols[i].kind == COL_PLAIN;
			if (content != (pass == 0)) continue;
			buf_printf(&b, "%s\"%s\"", b.len > 7 ? ", " : "", t->cols[i].name);
			if (content) n++;
		}
	buf_printf(&b, " FROM \"%s\" WHERE %s = ?%s", t->name, strcmp(t->name, "offices") == 0 ? "id" : "office_id",
	           t->has_id ? " ORDER BY id" : "");
	*ncontent = n;
	return buf_take(&b);
}

/* Copies table t's rows of the source office; returns false after printing why. */
static bool copy_table(mctx *x, mtable *t, store_conn *src, store_conn *dst, int64_t src_office,
                       int64_t *dst_office)
{
	int ncontent;
	const char *sel = keep(x, select_sql(t, &ncontent));
	/* The same columns in the SELECT's order, minus id, for the INSERT. */
	int *pos = xcalloc((size_t)t->ncols + 1, sizeof *pos);
	mcol **cols = xcalloc((size_t)t->ncols + 1, sizeof *cols);
	int nins = 0, k = 0;
	buf ins = BUF_INIT, vals = BUF_INIT;
	buf_printf(&ins, "INSERT INTO \"%s\"(", t->name);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < t->ncols; i++) {
			bool content = t->cols[i].kind == COL_PLAIN;
			if (content != (pass == 0)) continue;
			if (t->cols[i].kind != COL_ID) {
				buf_printf(&ins, "%s\"%s\"", nins ? ", " : "", t->cols[i].name);
				buf_puts(&vals, nins ? ", ?" : "?");
				pos[nins] = k;
				cols[nins] = &t->cols[i];
				nins++;
			}
			k++;
		}
	buf_printf(&ins, ") VALUES (%s)%s", vals.data, t->has_id ? " RETURNING id" : "");
	buf_free(&vals);
	const char *insert = keep(x, buf_take(&ins));
	int id_pos = -1;
	k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < t->ncols; i++) {
			if ((t->cols[i].kind == COL_PLAIN) != (pass == 0)) continue;
			if (t->cols[i].kind == COL_ID) id_pos = k;
			k++;
		}
	int entity_pos = -1;
	for (int i = 0; i < nins; i++)
		if (strcmp(cols[i]->name, "entity") == 0) entity_pos = pos[i];

	bool ok = false;
	store_stmt *st = store_prepare(src, sel);
	store_stmt *in = store_prepare(dst, insert);
	if (!st || !in) goto cleanup;
	store_bind(st, "i", src_office);
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		json_t *values = json_array();
		for (int i = 0; i < nins; i++) {
			int p = pos[i];
			json_t *v;
			enum store_type ty = store_col_type(st, p);
			if (cols[i]->kind == COL_REF || cols[i]->kind == COL_ENTITY_ID) {
				int64_t old = store_col_int(st, p), mapped = 0;
				int ref = cols[i]->kind == COL_REF ? cols[i]->ref
				                                   : entity_table(x, entity_pos >= 0 ? store_col_text(st, entity_pos) : NULL);
				if (ty != STORE_NULL && ref >= 0) mapped = idmap_get(&x->t[ref].map, old);
				if (ty != STORE_NULL && !mapped && cols[i]->kind == COL_REF) {
					fprintf(stderr, "rapport: %s.%s = %lld refers to a row that was not copied\n", t->name,
					        cols[i]->name, (long long)old);
					json_decref(values);
					store_reset(st);
					goto cleanup;
				}
				/* An audit or search row about something not copied keeps no id. */
				v = mapped ? json_integer(mapped) : json_null();
			} else if (ty == STORE_NULL) {
				v = json_null();
			} else if (ty == STORE_INT) {
				v = json_integer(store_col_int(st, p));
			} else if (ty == STORE_REAL) {
				v = json_real(store_col_real(st, p));
			} else {
				v = json_string(store_col_text(st, p));
			}
			json_array_append_new(values, v ? v : json_null());
		}
		store_bind_array(in, values);
		json_decref(values);
		int irc = store_step(in);
		int64_t new_id = irc == STORE_ROW && t->has_id ? store_col_int(in, 0) : 0;
		while (irc == STORE_ROW) irc = store_step(in);
		store_reset(in);
		if (irc != STORE_DONE) {
			fprintf(stderr, "rapport: cannot copy a row of %s: %s\n", t->name, store_errmsg(dst));
			store_reset(st);
			goto cleanup;
		}
		if (t->has_id) idmap_put(&t->map, store_col_int(st, id_pos), new_id);
		if (strcmp(t->name, "offices") == 0) {
			*dst_office = new_id;
			/* From here the target transaction acts for the new office. */
			if (store_scope(dst, new_id) != STORE_OK) {
				store_reset(st);
				goto cleanup;
			}
		}
	}
	store_reset(st);
	ok = rc == STORE_DONE;
	if (!ok) fprintf(stderr, "rapport: cannot read %s: %s\n", t->name, store_errmsg(src));
cleanup:
	free(pos);
	free(cols);
	return ok;
}

/* Removes an office and its rows from the target (--replace), except its
** audit rows, which are append-only and stay as history. */
static bool remove_office(mctx *x, const int *order, store_conn *dst, int64_t office)
{
	if (store_scope(dst, office) != STORE_OK) return false;
	for (int k = x->n - 1; k >= 0; k--) {
		mtable *t = &x->t[order[k]];
		if (strcmp(t->name, "audit_log") == 0 || strcmp(t->name, "offices") == 0) continue;
		const char *del = keep(x, xasprintf("DELETE FROM \"%s\" WHERE office_id = ?", t->name));
		if (store_exec(dst, del, "i", office) < 0) {
			fprintf(stderr, "rapport: cannot remove the old copy from %s: %s\n", t->name, store_errmsg(dst));
			return false;
		}
	}
	if (store_scope(dst, 0) != STORE_OK) return false;
	if (store_exec(dst, "UPDATE offices SET slug = slug || '-replaced-' || id, state_opt_in = 0 WHERE id = ?", "i", office) != 1) {
		fprintf(stderr, "rapport: cannot retire the old office: %s\n", store_errmsg(dst));
		return false;
	}
	return true;
}

int cmd_migrate_store(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport migrate-store --from sqlite:COUNTY.db --to postgres://... [--office-slug SLUG] [--replace]\n\n"
		"Copies one office (the only one in the source, or the one named by --office-slug)\n"
		"with all its rows into a shared PostgreSQL database, under new ids, in one\n"
		"transaction, and checks row counts and SHA-256 checksums per table before\n"
		"committing.  An office with the same slug already in the target is refused;\n"
		"--replace removes that copy first (its audit rows stay).  The target is\n"
		"migrated to the newest schema first; the source must already be at it.";
	cli_opt opts[] = {
		{"--from", NULL, true, "the SQLite database to copy from (sqlite:PATH or PATH)", NULL},
		{"--to", NULL, true, "the PostgreSQL database to copy into (postgres://...)", NULL},
		{"--office-slug", NULL, true, "which office of the source to copy (its short name)", NULL},
		{"--replace", NULL, false, "replace an earlier copy of the office in the target", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *from = cli_get(opts, "--from"), *to = cli_get(opts, "--to");
	if (str_empty(from) || str_empty(to)) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	mctx x = {0};
	store *s = NULL, *d = NULL;
	store_conn *src = NULL, *dst = NULL;
	int *order = NULL;
	rc = 1;
	s = cli_open_store(from);
	if (!s) goto cleanup;
	d = cli_open_store(to);
	if (!d) goto cleanup;
	if (store_dialect_of(s) != STORE_SQLITE || store_dialect_of(d) != STORE_POSTGRES) {
		fprintf(stderr, "rapport: copy from a SQLite database (--from) into a PostgreSQL one (--to)\n");
		goto cleanup;
	}
	if (store_schema_version(s) != store_latest_version()) {
		fprintf(stderr, "rapport: the source is at schema %d, this binary's is %d: run rapport migrate --db %s first\n",
		        store_schema_version(s), store_latest_version(), from);
		goto cleanup;
	}
	char *err = NULL;
	if (store_migrate(d, &err) < 0) {
		fprintf(stderr, "rapport: cannot migrate the target: %s\n", err);
		free(err);
		goto cleanup;
	}
	src = store_acquire(s);
	dst = store_acquire(d);
	if (!src || !dst || !load_schema(&x, src, dst)) goto cleanup;
	order = xcalloc((size_t)x.n + 1, sizeof *order);
	if (!copy_order(&x, order)) goto cleanup;

	if (store_begin(src, 0, STORE_READ) != STORE_OK) goto cleanup;
	const char *slug = cli_get(opts, "--office-slug");
	json_t *office = slug ? store_query_row(src, NULL, "SELECT id, slug FROM offices WHERE slug = ?", "t", slug)
	                      : store_query_int(src, 0, "SELECT COUNT(*) FROM offices", "") == 1
	                            ? store_query_row(src, NULL, "SELECT id, slug FROM offices", "")
	                            : NULL;
	if (!office) {
		fprintf(stderr, slug ? "rapport: the source has no office \"%s\"\n"
		                     : "rapport: the source holds several offices (or none): name one with --office-slug%s\n",
		        slug ? slug : "");
		goto cleanup;
	}
	int64_t src_office = json_integer_value(json_object_get(office, "id"));
	char *office_slug = xstrdup(json_string_value(json_object_get(office, "slug")));
	json_decref(office);

	if (store_begin(dst, 0, STORE_WRITE) != STORE_OK) {
		fprintf(stderr, "rapport: cannot begin on the target: %s\n", store_errmsg(dst));
		free(office_slug);
		goto cleanup;
	}
	int64_t existing = store_query_int(dst, 0, "SELECT id FROM offices WHERE slug = ?", "t", office_slug);
	if (existing && !cli_get(opts, "--replace")) {
		fprintf(stderr, "rapport: the target already has office \"%s\" (id %lld), copied earlier?"
		                " Nothing was changed; use --replace to copy it again over that copy\n",
		        office_slug, (long long)existing);
		free(office_slug);
		goto cleanup;
	}
	free(office_slug);
	if (existing && !remove_office(&x, order, dst, existing)) goto cleanup;

	int64_t dst_office = 0;
	for (int k = 0; k < x.n; k++)
		if (!copy_table(&x, &x.t[order[k]], src, dst, src_office, &dst_office)) goto cleanup;

	/* Verify: the target's rows of the new office against the source's. */
	printf("%-28s %8s  %s\n", "table", "rows", "sha256 of content (ids excluded)");
	json_t *counts = json_object();
	bool same = true;
	for (int k = 0; k < x.n; k++) {
		mtable *t = &x.t[order[k]];
		int ncontent;
		const char *sel = keep(&x, select_sql(t, &ncontent));
		char a[65], b[65];
		int64_t na = table_sum(src, sel, ncontent, src_office, a);
		int64_t nb = table_sum(dst, sel, ncontent, dst_office, b);
		bool eq = na >= 0 && na == nb && strcmp(a, b) == 0;
		printf("%-28s %8lld  %s%s\n", t->name, (long long)na, a, eq ? "" : "  MISMATCH in the target");
		if (!eq) same = false;
		json_object_set_new(counts, t->name, json_integer(na));
	}
	if (!same) {
		fprintf(stderr, "rapport: the copy does not match the source; nothing was committed\n");
		json_decref(counts);
		goto cleanup;
	}
	audit_actor who = {.office_id = dst_office, .actor = "cli"};
	json_t *detail = json_pack("{s:s, s:I, s:o}", "from", from, "source_office_id", (json_int_t)src_office, "rows", counts);
	int arc = audit_record(dst, &who, "migrate_store", "office", dst_office, NULL, detail);
	json_decref(detail);
	if (arc != STORE_OK || store_commit(dst) != STORE_OK) {
		fprintf(stderr, "rapport: cannot commit the copy: %s\n", store_errmsg(dst));
		goto cleanup;
	}
	printf("copied office %lld of %s as office %lld%s\n", (long long)src_office, from, (long long)dst_office,
	       existing ? " (replacing the earlier copy)" : "");
	/* A calendar feed's link names the office id it was made in (api_calendar.c),
	** so the copied links find nothing under the new id. */
	int64_t feeds = src_office == dst_office ? 0 :
	    store_query_int(src, 0, "SELECT COUNT(*) FROM calendar_feeds WHERE office_id = ? AND revoked_at IS NULL", "i",
	                    src_office);
	if (feeds > 0)
		printf("note: %lld calendar feed link%s made before the move no longer work%s: each person makes a new"
		       " link under My calendar feed, and replaces the old one in their calendar app\n",
		       (long long)feeds, feeds == 1 ? "" : "s", feeds == 1 ? "s" : "");
	rc = 0;
cleanup:
	if (src) store_rollback(src);
	if (dst) store_rollback(dst);
	store_release(src);
	store_release(dst);
	store_close(s);
	store_close(d);
	for (int i = 0; i < x.nsql; i++) free(x.sql[i]);
	free(x.sql);
	for (int i = 0; i < x.n; i++) {
		for (int c = 0; c < x.t[i].ncols; c++) free(x.t[i].cols[c].name);
		free(x.t[i].cols);
		free(x.t[i].name);
		free(x.t[i].map.keys);
		free(x.t[i].map.vals);
	}
	free(x.t);
	free(order);
	return rc;
}
