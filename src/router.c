/*
** router.c: segment-by-segment matching of a path against the route table.
** "{name}" matches one non-empty segment; a final "*" with ROUTE_PREFIX
** matches the rest.  The table is small, so a linear scan is fast enough
** (about a microsecond) and keeps the code obvious.
*/
#include "router.h"

#include <string.h>

static int split(char *path, char **segs, int max)
{
	int n = 0;
	char *p = path;
	while (*p == '/') p++;
	while (*p && n < max) {
		segs[n++] = p;
		char *slash = strchr(p, '/');
		if (!slash) break;
		*slash = 0;
		p = slash + 1;
	}
	if (*p && n == max) return -1;   /* too deep for any route */
	return n;
}

static bool match_route(const route *rt, char **segs, int nsegs, const char **params, int *nparams)
{
	const char *p = rt->path;
	int i = 0;
	*nparams = 0;
	while (*p == '/') p++;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if ((rt->flags & ROUTE_PREFIX) && len == 1 && *p == '*') {
			if (i >= nsegs) return false;
			params[(*nparams)++] = segs[i];
			return true;   /* the rest is rejoined by the caller's use of the raw url */
		}
		if (i >= nsegs) return false;
		if (*p == '{') {
			if (!*segs[i] || *nparams >= 4) return false;
			params[(*nparams)++] = segs[i];
		} else if (strlen(segs[i]) != len || strncmp(segs[i], p, len) != 0) {
			return false;
		}
		i++;
		p += len;
		while (*p == '/') p++;
	}
	return i == nsegs;
}

const route *router_match(const char *method, char *path_buf, const char **params, int *nparams,
                          bool *path_known)
{
	char *segs[16];
	*path_known = false;
	*nparams = 0;
	int n = split(path_buf, segs, 16);
	if (n < 0) return NULL;
	const route *found = NULL;
	for (int i = 0; i < routes_count && !found; i++) {
		const char *tmp[4];
		int ntmp;
		if (!match_route(&routes[i], segs, n, tmp, &ntmp)) continue;
		bool head_ok = strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0;
		if (strcmp(routes[i].method, method) != 0 && !head_ok) {
			*path_known = true;
			continue;
		}
		found = &routes[i];
		memcpy(params, tmp, sizeof tmp);
		*nparams = ntmp;
	}
	return found;
}

bool router_allows(const route *rt, int role)
{
	if (rt->min_role == ROLE_PUBLIC) return true;
	if (rt->min_role == ROLE_STATE) return role == ROLE_STATE;
	if (role == ROLE_STATE) return false;
	return role >= rt->min_role;
}
