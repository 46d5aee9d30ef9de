/*
** registry.h: helpers shared by the registry's handler files
** (api_contacts.c, api_affiliations.c, api_liaisons.c, api_interactions.c,
** api_groups.c, api_search.c).  Other modules use contacts.h and
** partners.h, except registry_partner_reindex, which the partner code calls
** when a partner's name changes.
*/
#ifndef RAPPORT_REGISTRY_H
#define RAPPORT_REGISTRY_H

#include "api.h"

/* Reads the id in o[field] and checks it is a partner of the office; a
** missing one is an error only when required.  On an id of another office
** or none: validation.reference.  *out is 0 when absent or refused. */
bool registry_check_partner(valid *v, store_conn *c, int64_t office_id, json_t *o,
                            const char *field, bool required, int64_t *out);

/* Rolls back and replies 409 conflict.duplicate naming existing_id. */
void registry_reply_duplicate(http_req *r, const char *what, int64_t existing_id);

/* Writes the search document of a loaded contact (borrowed). */
void contact_index(store_conn *c, int64_t office_id, json_t *contact);
/* Loads the contact and writes its search document; STORE_ERROR when missing. */
int contact_reindex(store_conn *c, int64_t office_id, int64_t id);

/* The interaction as the API shows it, or NULL (caller decrefs); its search document. */
json_t *interaction_load(store_conn *c, int64_t office_id, int64_t id);
void interaction_index(store_conn *c, int64_t office_id, json_t *interaction);

/* Rewrites the search documents of the partner's contacts and interactions,
** whose text carries the partner's name.  Call after renaming a partner. */
int registry_partner_reindex(store_conn *c, int64_t office_id, int64_t partner_id);

#endif
