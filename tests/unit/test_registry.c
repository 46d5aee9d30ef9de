/* test_registry.c: the contact record functions the importer reuses
** (contacts.h: contact_check_new, contact_insert, contact_find_by_email) and
** re-indexing a partner's contacts and interactions after a rename. */
#include "testutil.h"

#include "contacts.h"
#include "registry.h"

typedef struct fixture {
	store *s;
	store_conn *c;
	int64_t office, other_office, partner, other_partner;
} fixture;

static int64_t insert_id(store_conn *c, const char *sql, const char *types, ...);

static int64_t office_add(store_conn *c, const char *slug)
{
	return insert_id(c, "INSERT INTO offices(name, slug, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z') RETURNING id",
	                 "tt", slug, slug);
}

static int64_t partner_add(store_conn *c, int64_t office, const char *name)
{
	return insert_id(c,
	    "INSERT INTO partners(office_id, name, kind, subtype, created_at, updated_at)"
	    " VALUES (?, ?, 'institutional', 'media', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	    "it", office, name);
}

static int64_t insert_id(store_conn *c, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	store_stmt *st = store_prepare(c, sql);
	assert_non_null(st);
	store_vbind(st, types, ap);
	va_end(ap);
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t id = store_col_int(st, 0);
	store_reset(st);
	return id;
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	f->s = test_store_open();
	f->c = store_acquire(f->s);
	assert_int_equal(store_begin(f->c, 0, STORE_WRITE), STORE_OK);
	f->office = office_add(f->c, "registry-a");
	f->other_office = office_add(f->c, "registry-b");
	assert_int_equal(store_commit(f->c), STORE_OK);
	/* Each office's rows are written in a transaction acting for it (row-level security on PostgreSQL). */
	assert_int_equal(store_begin(f->c, f->other_office, STORE_WRITE), STORE_OK);
	f->other_partner = partner_add(f->c, f->other_office, "Elsewhere Radio");
	assert_int_equal(store_commit(f->c), STORE_OK);
	assert_int_equal(store_begin(f->c, f->office, STORE_WRITE), STORE_OK);
	f->partner = partner_add(f->c, f->office, "Harbor Radio");
	assert_int_equal(store_commit(f->c), STORE_OK);
	assert_int_equal(store_begin(f->c, f->office, STORE_WRITE), STORE_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_rollback(f->c);
	store_release(f->c);
	test_store_close(f->s);
	free(f);
	return 0;
}

static void test_check_and_insert(void **state)
{
	fixture *f = *state;
	audit_actor who = {f->office, 0, "cli", NULL};
	json_t *body = json_pack("{s:s, s:s, s:I, s:s, s:s}", "full_name", "Lena Ortiz", "email", "Lena@Example.org",
	                         "partner_id", (json_int_t)f->partner, "title", "News director", "started_on",
	                         "2023-04-01");
	valid v = {0};
	contact_in in;
	int64_t dup = -1;
	assert_true(contact_check_new(&v, f->c, f->office, body, &in, &dup));
	assert_true(valid_ok(&v));
	assert_int_equal(dup, 0);
	int64_t id = contact_insert(f->c, &who, &in);
	assert_true(id > 0);
	json_t *got = contact_load(f->c, f->office, id);
	assert_non_null(got);
	assert_string_equal(json_string_value(json_object_get(got, "full_name")), "Lena Ortiz");
	json_t *aff = json_array_get(json_object_get(got, "affiliations"), 0);
	assert_string_equal(json_string_value(json_object_get(aff, "partner_name")), "Harbor Radio");
	assert_string_equal(json_string_value(json_object_get(aff, "started_on")), "2023-04-01");
	assert_true(json_is_true(json_object_get(aff, "current")));
	json_decref(got);
	/* One audit entry for the creation, in the same transaction. */
	assert_int_equal(store_query_int(f->c, -1,
	                     "SELECT COUNT(*) FROM audit_log WHERE office_id = ? AND entity = 'contact' AND entity_id = ?",
	                     "ii", f->office, id), 1);
	/* Another office never sees it. */
	assert_null(contact_load(f->c, f->other_office, id));
	assert_int_equal(contact_find_by_email(f->c, f->other_office, "lena@example.org"), 0);
	assert_int_equal(contact_find_by_email(f->c, f->office, "LENA@EXAMPLE.ORG"), id);

	/* The same email again is a duplicate (v stays clean), unless allowed. */
	json_t *again = json_pack("{s:s, s:s}", "full_name", "L. Ortiz", "email", "lena@example.ORG");
	assert_false(contact_check_new(&v, f->c, f->office, again, &in, &dup));
	assert_true(valid_ok(&v));
	assert_int_equal(dup, id);
	json_object_set_new(again, "allow_duplicate", json_true());
	assert_true(contact_check_new(&v, f->c, f->office, again, &in, &dup));
	assert_int_equal(dup, 0);
	json_decref(again);
	json_decref(body);
}

static void test_check_refuses(void **state)
{
	fixture *f = *state;
	valid v = {0};
	contact_in in;
	int64_t dup;
	json_t *body = json_pack("{s:s, s:I, s:s, s:s}", "full_name", "X", "partner_id", (json_int_t)f->other_partner,
	                         "email", "no at sign", "colour", "red");
	assert_false(contact_check_new(&v, f->c, f->office, body, &in, &dup));
	assert_int_equal(dup, 0);
	assert_int_equal(json_array_size(v.errors), 3);
	const char *codes[3];
	for (size_t i = 0; i < 3; i++)
		codes[i] = json_string_value(json_object_get(json_array_get(v.errors, i), "code"));
	assert_string_equal(codes[0], "validation.unknown_field");
	assert_string_equal(codes[1], "validation.email");
	assert_string_equal(codes[2], "validation.reference");
	valid_free(&v);
	json_decref(body);
	body = json_pack("{s:s}", "email", "a@b.org");
	assert_false(contact_check_new(&v, f->c, f->office, body, &in, &dup));
	assert_string_equal(json_string_value(json_object_get(json_array_get(v.errors, 0), "field")), "full_name");
	valid_free(&v);
	json_decref(body);
}

static void test_partner_reindex(void **state)
{
	fixture *f = *state;
	audit_actor who = {f->office, 0, "cli", NULL};
	json_t *body = json_pack("{s:s, s:I}", "full_name", "Omar Haddad", "partner_id", (json_int_t)f->partner);
	valid v = {0};
	contact_in in;
	int64_t dup;
	assert_true(contact_check_new(&v, f->c, f->office, body, &in, &dup));
	int64_t cid = contact_insert(f->c, &who, &in);
	assert_true(cid > 0);
	int64_t iid = insert_id(f->c,
	    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, summary, created_at, updated_at)"
	    " VALUES (?, ?, '2025-05-05', 'call', 'Talked', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	    "ii", f->office, f->partner);
	json_t *it = interaction_load(f->c, f->office, iid);
	interaction_index(f->c, f->office, it);
	json_decref(it);
	assert_int_equal(store_exec(f->c, "UPDATE partners SET name = 'Lighthouse Broadcasting' WHERE id = ?", "i",
	                            f->partner), 1);
	assert_int_equal(registry_partner_reindex(f->c, f->office, f->partner), STORE_OK);
	json_t *found = json_array();
	assert_int_equal(store_search(f->c, f->office, "lighthouse", NULL, 10, found), STORE_OK);
	assert_int_equal(json_array_size(found), 2);   /* the contact and the interaction (the partner itself was not indexed here) */
	json_t *hit = json_array_get(found, 0);
	assert_true(json_integer_value(json_object_get(hit, "id")) == cid ||
	            json_integer_value(json_object_get(hit, "id")) == iid);
	json_array_clear(found);
	assert_int_equal(store_search(f->c, f->office, "harbor", NULL, 10, found), STORE_OK);
	assert_int_equal(json_array_size(found), 0);
	assert_int_equal(store_search(f->c, f->other_office, "lighthouse", NULL, 10, found), STORE_OK);
	assert_int_equal(json_array_size(found), 0);
	json_decref(found);
	json_decref(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_and_insert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partner_reindex, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
