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
/* api_contacts.c */
void api_contact_list(http_req *r);
void api_contact_create(http_req *r);
void api_contact_get(http_req *r);
void api_contact_update(http_req *r);
void api_contact_delete(http_req *r);
void api_contact_verify(http_req *r);

/* api_affiliations.c */
void api_affiliation_create(http_req *r);
void api_affiliation_update(http_req *r);
void api_partner_contacts(http_req *r);
void api_contact_merge(http_req *r);

/* api_groups.c */
void api_group_list(http_req *r);
void api_group_create(http_req *r);
void api_group_get(http_req *r);
void api_group_update(http_req *r);
void api_group_delete(http_req *r);

/* api_liaisons.c */
void api_liaison_list(http_req *r);
void api_liaison_put(http_req *r);
void api_liaison_delete(http_req *r);

/* api_interactions.c */
void api_interaction_list(http_req *r);
void api_interaction_create(http_req *r);
void api_interaction_get(http_req *r);
void api_interaction_update(http_req *r);
void api_interaction_delete(http_req *r);
void api_interaction_follow_up_done(http_req *r);
void api_follow_up_list(http_req *r);

/* api_search.c */
void api_search(http_req *r);

/* -- import -- */
/* api_import.c */
void api_import_partners(http_req *r);
void api_import_contacts(http_req *r);

/* -- admin: users, tokens, office, audit -- */
/* api_users.c */
void api_user_list(http_req *r);
void api_user_create(http_req *r);
void api_user_update(http_req *r);
void api_user_password_set(http_req *r);
void api_auth_password(http_req *r);
/* api_tokens.c */
void api_token_list(http_req *r);
void api_token_create(http_req *r);
void api_token_revoke(http_req *r);
/* api_office.c */
void api_office_get(http_req *r);
void api_office_update(http_req *r);
/* api_audit.c */
void api_audit_list(http_req *r);

/* -- feedback -- */

/* -- continuity -- */

/* -- misconceptions -- */

/* -- reports -- */
/* api_certification.c */
void api_certification_list(http_req *r);
void api_certification_create(http_req *r);
void api_certification_get(http_req *r);
void api_certification_drafts(http_req *r);
void api_certification_download(http_req *r);

/* -- state -- */

/* api_meta.c */
void api_health(http_req *r);
void api_openapi(http_req *r);

/* web.c */
void web_index(http_req *r);
void web_static(http_req *r);

#endif
