/*
** handlers.h: every route handler, declared for the route table (routes.c).
** Each is defined in the api_*.c, page_*.c or report_*.c file its name
** points to.  Grouped by file.
*/
#ifndef RAPPORT_HANDLERS_H
#define RAPPORT_HANDLERS_H

#include "http.h"

/* api_auth.c */
void api_auth_login(http_req *r);
void api_auth_logout(http_req *r);
void api_auth_me(http_req *r);

/* api_partners.c */
void api_partner_list(http_req *r);
void api_partner_create(http_req *r);
void api_partner_get(http_req *r);
void api_partner_update(http_req *r);
void api_partner_delete(http_req *r);
void api_partner_status_history(http_req *r);
void api_partner_vetting_put(http_req *r);

/* -- registry: contacts, liaisons, interactions, groups, search -- */

/* -- import -- */

/* -- admin: users, tokens, office, audit -- */

/* -- feedback -- */

/* -- continuity -- */

/* -- misconceptions -- */
/* api_misconceptions.c, api_claim_*.c, report_misconceptions.c, page_facts.c */
void api_claim_list(http_req *r);
void api_claim_create(http_req *r);
void api_claim_board(http_req *r);
void api_claim_get(http_req *r);
void api_claim_update(http_req *r);
void api_claim_delete(http_req *r);
void api_claim_status(http_req *r);
void api_claim_events(http_req *r);
void api_claim_merge(http_req *r);
void api_claim_sighting_list(http_req *r);
void api_claim_sighting_create(http_req *r);
void api_claim_response_get(http_req *r);
void api_claim_version_create(http_req *r);
void api_claim_version_approve(http_req *r);
void api_claim_publish(http_req *r);
void api_claim_suggestions(http_req *r);
void api_claim_ask_list(http_req *r);
void api_claim_ask_create(http_req *r);
void api_claim_ask_update(http_req *r);
void api_report_misconceptions(http_req *r);

/* -- reports -- */

/* -- state -- */

/* api_meta.c */
void api_health(http_req *r);
void api_openapi(http_req *r);

/* web.c */
void web_index(http_req *r);
void web_static(http_req *r);

#endif
