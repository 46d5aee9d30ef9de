/* test_auth.c: argon2id hashing, token hashes, password rules, user creation. */
#include "testutil.h"

#include "auth.h"

static void test_password_hash(void **state)
{
	(void)state;
	char h[128], h2[128];
	assert_true(auth_password_hash("correct horse battery staple", h));
	assert_true(str_starts(h, "$argon2id$"));
	assert_true(auth_password_verify(h, "correct horse battery staple"));
	assert_false(auth_password_verify(h, "correct horse battery stapl"));
	assert_false(auth_password_verify(h, ""));
	assert_false(auth_password_verify(NULL, "x"));
	assert_true(auth_password_hash("correct horse battery staple", h2));
	assert_string_not_equal(h, h2);   /* salted */
	assert_true(str_starts(auth_dummy_hash(), "$argon2id$"));
	assert_false(auth_password_verify(auth_dummy_hash(), "anything at all"));
}

static void test_password_rules(void **state)
{
	(void)state;
	assert_non_null(auth_password_problem("short"));
	assert_null(auth_password_problem("twelve chars"));
	assert_non_null(auth_password_problem("\xff\xfe invalid utf8 bytes"));
}

static void test_tokens(void **state)
{
	(void)state;
	char a[65], b[65];
	auth_token_hash("abc", a);
	auth_token_hash("abc", b);
	assert_string_equal(a, b);
	assert_string_equal(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(auth_token_equal("same", "same"));
	assert_false(auth_token_equal("same", "samf"));
	assert_false(auth_token_equal("same", "sam"));
	assert_false(auth_token_equal("", ""));
}

static void test_user_create(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	assert_int_equal(store_begin(c, 0, STORE_WRITE), STORE_OK);
	int64_t office = store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, created_at) VALUES ('T', 't-auth', '2026-01-01T00:00:00Z') RETURNING id", "");
	assert_true(office > 0);
	const char *why = NULL;
	int64_t id = auth_user_create(c, office, "Mixed@Example.ORG", "M", "staff", "a long enough password", &why);
	assert_true(id > 0);
	assert_int_equal(store_query_int(c, 0, "SELECT COUNT(*) FROM users WHERE email = 'mixed@example.org'", ""), 1);
	assert_int_equal(auth_user_create(c, office, "mixed@example.org", "M", "staff", "a long enough password", &why), 0);
	assert_non_null(strstr(why, "already exists"));
	assert_int_equal(auth_user_create(c, office, "x@example.org", "X", "emperor", "a long enough password", &why), 0);
	assert_int_equal(auth_user_create(c, office, "not-an-email", "X", "staff", "a long enough password", &why), 0);
	assert_int_equal(auth_user_create(c, office, "y@example.org", "Y", "staff", "short", &why), 0);
	store_rollback(c);
	store_release(c);
	test_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash), cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_tokens), cmocka_unit_test(test_user_create),
	};
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
