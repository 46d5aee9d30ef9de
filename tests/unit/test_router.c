/* test_router.c: path matching against the real route table, and role rules. */
#include "testutil.h"

#include "handlers.h"
#include "router.h"

static const route *match(const char *method, const char *path, const char **params, int *n, bool *known)
{
	static char buf_[256];
	snprintf(buf_, sizeof buf_, "%s", path);
	return router_match(method, buf_, params, n, known);
}

static void test_matches_params(void **state)
{
	(void)state;
	const char *p[4];
	int n;
	bool known;
	const route *rt = match("GET", "/api/v1/partners/42", p, &n, &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, api_partner_get);
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "42");
	rt = match("PUT", "/api/v1/partners/7/vetting/legal", p, &n, &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, api_partner_vetting_put);
	assert_int_equal(n, 2);
	assert_string_equal(p[1], "legal");
}

static void test_method_and_missing(void **state)
{
	(void)state;
	const char *p[4];
	int n;
	bool known;
	assert_null(match("PUT", "/api/v1/partners", p, &n, &known));
	assert_true(known);   /* 405, not 404 */
	assert_null(match("GET", "/api/v1/nope", p, &n, &known));
	assert_false(known);
	assert_null(match("GET", "/api/v1/partners/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18", p, &n, &known));
	assert_null(match("GET", "/api/v1/partners//", p, &n, &known));
	/* HEAD is answered by the GET route */
	assert_non_null(match("HEAD", "/api/v1/partners", p, &n, &known));
}

static void test_prefix_route(void **state)
{
	(void)state;
	const char *p[4];
	int n;
	bool known;
	const route *rt = match("GET", "/static/app/main.js", p, &n, &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, web_static);
	assert_null(match("GET", "/static", p, &n, &known));
}

static void test_roles(void **state)
{
	(void)state;
	route r = {"POST", "/x", NULL, ROLE_COORDINATOR, BODY_JSON, 0};
	assert_false(router_allows(&r, ROLE_VIEWER));
	assert_false(router_allows(&r, ROLE_STAFF));
	assert_true(router_allows(&r, ROLE_COORDINATOR));
	assert_true(router_allows(&r, ROLE_ADMIN));
	assert_false(router_allows(&r, ROLE_STATE));   /* state users see only aggregates */
	route s = {"GET", "/y", NULL, ROLE_STATE, BODY_NONE, 0};
	assert_true(router_allows(&s, ROLE_STATE));
	assert_false(router_allows(&s, ROLE_ADMIN));
	assert_int_equal(role_parse("director"), ROLE_DIRECTOR);
	assert_int_equal(role_parse("root"), -1);
	assert_string_equal(role_name(ROLE_STAFF), "staff");
}

static void test_table_is_sane(void **state)
{
	(void)state;
	/* No two routes share a method and path. */
	for (int i = 0; i < routes_count; i++)
		for (int k = i + 1; k < routes_count; k++)
			if (strcmp(routes[i].method, routes[k].method) == 0 && strcmp(routes[i].path, routes[k].path) == 0)
				fail_msg("duplicate route %s %s", routes[i].method, routes[i].path);
	/* Writes always take a body type or none deliberately; every handler is set. */
	for (int i = 0; i < routes_count; i++) assert_non_null(routes[i].handler);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_params), cmocka_unit_test(test_method_and_missing),
		cmocka_unit_test(test_prefix_route),   cmocka_unit_test(test_roles),
		cmocka_unit_test(test_table_is_sane),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
