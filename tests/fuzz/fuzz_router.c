/*
** fuzz_router.c: route matching on arbitrary method and path.  Input is
** "METHOD PATH".  Properties: every path parameter points inside the
** caller's path buffer and is a whole non-empty segment; a match has the
** method asked for (or GET for HEAD); role checks are total.
*/
#include "fuzz.h"
#include "router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	char *sp = strchr(in, ' ');
	const char *method = "GET";
	char *path = in;
	if (sp) {
		*sp = 0;
		method = in;
		path = sp + 1;
	}
	size_t plen = strlen(path);
	char *path_buf = strdup(path);
	const char *params[4];
	int nparams = -1;
	bool known;
	const route *rt = router_match(method, path_buf, params, &nparams, &known);
	FUZZ_CHECK(nparams >= 0 && nparams <= 4);
	if (rt) {
		FUZZ_CHECK(strcmp(rt->method, method) == 0 ||
		           (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
		for (int i = 0; i < nparams; i++) {
			FUZZ_CHECK(params[i] >= path_buf && params[i] < path_buf + plen + 1);
			FUZZ_CHECK(*params[i] != 0 || (rt->flags & ROUTE_PREFIX));
			if (!(rt->flags & ROUTE_PREFIX) || i < nparams - 1) FUZZ_CHECK(strchr(params[i], '/') == NULL);
		}
		for (int role = -1; role <= 10; role++) (void)router_allows(rt, role);
	} else {
		FUZZ_CHECK(nparams == 0);
	}
	free(path_buf);
	free(in);
	return 0;
}
