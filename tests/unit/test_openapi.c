/*
** test_openapi.c: docs/openapi.yaml and the route table (routes.c) describe
** the same API: every /api/v1 route is documented with its method, and
** every documented operation has a route.  The document's layout rule (paths
** at two spaces, methods at four) is what this reads.
*/
#include "testutil.h"

#include "assets.h"
#include "router.h"

#include <ctype.h>

typedef struct op { char path[200]; char method[8]; } op;

static int read_ops(op *ops, int max)
{
	const struct asset *a = asset_find("docs/openapi.yaml");
	assert_non_null(a);
	int n = 0;
	char path[200] = "";
	bool in_paths = false;
	const char *p = (const char *)a->data;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[400];
		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
		if (strcmp(line, "paths:") == 0) in_paths = true;
		else if (in_paths && line[0] && line[0] != ' ' && line[0] != '#') in_paths = false;
		else if (in_paths && strncmp(line, "  /", 3) == 0 && line[len - 1] == ':') {
			snprintf(path, sizeof path, "%.*s", (int)(len - 3), line + 2);
		} else if (in_paths && strncmp(line, "    ", 4) == 0 && line[4] != ' ' && path[0]) {
			static const char *const methods[] = {"get:", "post:", "put:", "patch:", "delete:", NULL};
			for (int i = 0; methods[i]; i++)
				if (strcmp(line + 4, methods[i]) == 0) {
					assert_true(n < max);
					snprintf(ops[n].path, sizeof ops[n].path, "%s", path);
					for (int k = 0; methods[i][k] != ':'; k++) ops[n].method[k] = (char)toupper(methods[i][k]);
					n++;
				}
		}
		p += len + (eol ? 1 : 0);
	}
	return n;
}

static void test_every_route_is_documented(void **state)
{
	(void)state;
	static op ops[1000];
	int n = read_ops(ops, 1000);
	assert_true(n > 5);
	int missing = 0;
	for (int i = 0; i < routes_count; i++) {
		if (routes[i].flags & ROUTE_NOT_API) continue;
		bool found = false;
		for (int k = 0; k < n && !found; k++)
			found = strcmp(ops[k].path, routes[i].path) == 0 && strcmp(ops[k].method, routes[i].method) == 0;
		if (!found) {
			fprintf(stderr, "route not in docs/openapi.yaml: %s %s\n", routes[i].method, routes[i].path);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static void test_every_documented_operation_has_a_route(void **state)
{
	(void)state;
	static op ops[1000];
	int n = read_ops(ops, 1000);
	int extra = 0;
	for (int k = 0; k < n; k++) {
		bool found = false;
		for (int i = 0; i < routes_count && !found; i++)
			found = strcmp(ops[k].path, routes[i].path) == 0 && strcmp(ops[k].method, routes[i].method) == 0;
		if (!found) {
			fprintf(stderr, "documented but not routed: %s %s\n", ops[k].method, ops[k].path);
			extra++;
		}
	}
	assert_int_equal(extra, 0);
}

static void test_api_routes_are_versioned(void **state)
{
	(void)state;
	for (int i = 0; i < routes_count; i++)
		if (!(routes[i].flags & ROUTE_NOT_API)) assert_true(str_starts(routes[i].path, "/api/v1/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_is_documented),
		cmocka_unit_test(test_every_documented_operation_has_a_route),
		cmocka_unit_test(test_api_routes_are_versioned),
	};
	return cmocka_run_group_tests_name("openapi", tests, NULL, NULL);
}
