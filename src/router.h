/*
** router.h: matching a method and path to a route, and the route table's
** shape.  The table itself is routes.c: one line per route, with the role
** each needs, so access rules are read in one place.
*/
#ifndef RAPPORT_ROUTER_H
#define RAPPORT_ROUTER_H

#include "http.h"

typedef void (*route_handler)(http_req *r);

enum route_body {
	BODY_NONE,        /* any body is ignored */
	BODY_JSON,        /* application/json, parsed into r->json */
	BODY_CSV,         /* text/csv, raw in r->body */
	BODY_FORM,        /* application/x-www-form-urlencoded (public pages) */
};

enum route_flags {
	ROUTE_NO_CSRF = 1,    /* unsafe method that needs no CSRF token (login) */
	ROUTE_NOT_API = 2,    /* outside /api/v1: not in the OpenAPI document */
	ROUTE_PREFIX = 4,     /* the last segment "*" matches the rest of the path */
};

typedef struct route {
	const char *method;
	const char *path;     /* "/api/v1/partners/{id}" */
	route_handler handler;
	int min_role;         /* enum role; ROLE_STATE means state users only */
	enum route_body body;
	unsigned flags;
} route;

extern const route routes[];
extern const int routes_count;

/* Finds the route for method and path.  path_buf is a writable copy of the
** path; params point into it.  *path_known is set when some route has this
** path with another method (so the answer is 405, not 404). */
const route *router_match(const char *method, char *path_buf, const char **params, int *nparams,
                          bool *path_known);

/* Whether a caller with this role may use the route. */
bool router_allows(const route *rt, int role);

#endif
