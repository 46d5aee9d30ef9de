/*
** routes.c: the one table of every route: method, path, handler, the least
** role that may call it, and the body it takes.  Read it to know who may do
** what.  Roles rise viewer < staff < coordinator < director < admin; the
** state role sees only the state's aggregate routes.  docs/openapi.yaml
** describes every /api/v1 route here, and a test keeps the two in step.
*/
#include "handlers.h"
#include "router.h"

#define V ROLE_VIEWER
#define S ROLE_STAFF
#define C ROLE_COORDINATOR
#define D ROLE_DIRECTOR
#define A ROLE_ADMIN
#define P ROLE_PUBLIC

const route routes[] = {
	/* method  path                                         handler                      role body       flags */
	{"GET",    "/api/v1/health",                            api_health,                  P, BODY_NONE, 0},
	{"GET",    "/api/v1/openapi.yaml",                      api_openapi,                 P, BODY_NONE, 0},

	{"POST",   "/api/v1/auth/login",                        api_auth_login,              P, BODY_JSON, 0},
	{"POST",   "/api/v1/auth/logout",                       api_auth_logout,             V, BODY_NONE, 0},
	{"GET",    "/api/v1/auth/me",                           api_auth_me,                 V, BODY_NONE, 0},

	{"GET",    "/api/v1/partners",                          api_partner_list,            V, BODY_NONE, 0},
	{"POST",   "/api/v1/partners",                          api_partner_create,          C, BODY_JSON, 0},
	{"GET",    "/api/v1/partners/{id}",                     api_partner_get,             V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/partners/{id}",                     api_partner_update,          C, BODY_JSON, 0},
	{"DELETE", "/api/v1/partners/{id}",                     api_partner_delete,          D, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/status-history",      api_partner_status_history,  V, BODY_NONE, 0},
	{"PUT",    "/api/v1/partners/{id}/vetting/{aspect}",    api_partner_vetting_put,     C, BODY_JSON, 0},

	/* -- contacts, liaisons, interactions, demographic groups, search (api_contacts.c ...) -- */
	{"GET",    "/api/v1/contacts",                          api_contact_list,            V, BODY_NONE, 0},
	{"POST",   "/api/v1/contacts",                          api_contact_create,          S, BODY_JSON, 0},
	{"GET",    "/api/v1/contacts/{id}",                     api_contact_get,             V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/contacts/{id}",                     api_contact_update,          S, BODY_JSON, 0},
	{"DELETE", "/api/v1/contacts/{id}",                     api_contact_delete,          D, BODY_NONE, 0},
	{"POST",   "/api/v1/contacts/{id}/verify",              api_contact_verify,          S, BODY_JSON, 0},
	{"POST",   "/api/v1/contacts/{id}/merge",               api_contact_merge,           C, BODY_JSON, 0},
	{"POST",   "/api/v1/contacts/{id}/affiliations",        api_affiliation_create,      S, BODY_JSON, 0},
	{"PATCH",  "/api/v1/contacts/{id}/affiliations/{aid}",  api_affiliation_update,      S, BODY_JSON, 0},
	{"GET",    "/api/v1/partners/{id}/contacts",            api_partner_contacts,        V, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/liaisons",            api_liaison_list,            V, BODY_NONE, 0},
	{"PUT",    "/api/v1/partners/{id}/liaisons/{role}",     api_liaison_put,             C, BODY_JSON, 0},
	{"DELETE", "/api/v1/partners/{id}/liaisons/{role}",     api_liaison_delete,          C, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/interactions",        api_interaction_list,        V, BODY_NONE, 0},
	{"POST",   "/api/v1/partners/{id}/interactions",        api_interaction_create,      S, BODY_JSON, 0},
	{"GET",    "/api/v1/interactions/{id}",                 api_interaction_get,         V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/interactions/{id}",                 api_interaction_update,      S, BODY_JSON, 0},
	{"DELETE", "/api/v1/interactions/{id}",                 api_interaction_delete,      D, BODY_NONE, 0},
	{"POST",   "/api/v1/interactions/{id}/follow-up-done",  api_interaction_follow_up_done, S, BODY_NONE, 0},
	{"GET",    "/api/v1/follow-ups",                        api_follow_up_list,          V, BODY_NONE, 0},
	{"GET",    "/api/v1/demographic-groups",                api_group_list,              V, BODY_NONE, 0},
	{"POST",   "/api/v1/demographic-groups",                api_group_create,            C, BODY_JSON, 0},
	{"GET",    "/api/v1/demographic-groups/{id}",           api_group_get,               V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/demographic-groups/{id}",           api_group_update,            C, BODY_JSON, 0},
	{"DELETE", "/api/v1/demographic-groups/{id}",           api_group_delete,            C, BODY_NONE, 0},
	{"GET",    "/api/v1/search",                            api_search,                  V, BODY_NONE, 0},

	/* -- import (api_import.c) -- */
	{"POST",   "/api/v1/import/partners",                   api_import_partners,         C, BODY_CSV,  0},
	{"POST",   "/api/v1/import/contacts",                   api_import_contacts,         C, BODY_CSV,  0},

	/* -- users, tokens, office settings, audit (api_admin.c) -- */
	{"POST",   "/api/v1/auth/password",                     api_auth_password,           V, BODY_JSON, 0},
	{"GET",    "/api/v1/users",                             api_user_list,               V, BODY_NONE, 0},
	{"POST",   "/api/v1/users",                             api_user_create,             A, BODY_JSON, 0},
	{"PATCH",  "/api/v1/users/{id}",                        api_user_update,             A, BODY_JSON, 0},
	{"POST",   "/api/v1/users/{id}/password",               api_user_password_set,       A, BODY_JSON, 0},
	{"GET",    "/api/v1/tokens",                            api_token_list,              A, BODY_NONE, 0},
	{"POST",   "/api/v1/tokens",                            api_token_create,            A, BODY_JSON, 0},
	{"DELETE", "/api/v1/tokens/{id}",                       api_token_revoke,            A, BODY_NONE, 0},
	{"GET",    "/api/v1/office",                            api_office_get,              V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/office",                            api_office_update,           A, BODY_JSON, 0},
	{"GET",    "/api/v1/audit",                             api_audit_list,              D, BODY_NONE, 0},

	/* -- feedback, solicitations, elections (api_feedback.c, page_feedback.c) -- */

	/* -- continuity, coverage, strength, advisory, letters, calendar (api_continuity.c ...) -- */

	/* -- misconceptions (api_misconceptions.c, page_facts.c) -- */

	/* -- reports and certification (report_*.c) -- */
	{"GET",    "/api/v1/certification/packets",             api_certification_list,      D, BODY_NONE, 0},
	{"POST",   "/api/v1/certification/packets",             api_certification_create,    D, BODY_JSON, 0},
	{"GET",    "/api/v1/certification/packets/{id}",        api_certification_get,       D, BODY_NONE, 0},
	{"PATCH",  "/api/v1/certification/packets/{id}/drafts", api_certification_drafts,    D, BODY_JSON, 0},
	{"GET",    "/api/v1/certification/packets/{id}/{format}", api_certification_download, D, BODY_NONE, 0},

	/* -- state view (api_state.c) -- */

	/* -- web UI -- */

	{"GET",    "/",                                         web_index,                   P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/static/*",                                 web_static,                  P, BODY_NONE, ROUTE_NOT_API | ROUTE_PREFIX},
};

const int routes_count = (int)(sizeof routes / sizeof routes[0]);
