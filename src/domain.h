/*
** domain.h: the fixed vocabularies of the domain (kinds, subtypes, statuses,
** interaction types ...), each a NULL-terminated list, defined once in
** domain.c and used by validation, import, reports and the demo generator.
** The database CHECK constraints in sql/ list the same values.
*/
#ifndef RAPPORT_DOMAIN_H
#define RAPPORT_DOMAIN_H

#include <stdbool.h>

extern const char *const partner_kinds[];
extern const char *const partner_subtypes[];
extern const char *const partner_statuses[];
extern const char *const vetting_aspects[];
extern const char *const vetting_outcomes[];
extern const char *const group_categories[];
extern const char *const interaction_types[];
extern const char *const interaction_directions[];
extern const char *const liaison_roles[];
extern const char *const verify_statuses[];

/* The kind a subtype belongs to, or NULL when it fits either kind. */
const char *partner_subtype_kind(const char *subtype);
/* Whether a partner may move from one status to another. */
bool partner_status_transition_ok(const char *from, const char *to);
/* A BCP 47-shaped language tag such as "es", "vi", "zh-Hant", "en-US". */
bool language_tag_valid(const char *tag);
/* Whether a string is one of a NULL-terminated list. */
bool enum_has(const char *const *list, const char *s);

#endif
