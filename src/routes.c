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

	/* -- dashboard statistics (api_stats.c) -- */
	{"GET",    "/api/v1/stats/interactions",                api_stats_interactions,      V, BODY_NONE, 0},

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
	{"GET",    "/api/v1/feedback",                          api_feedback_list,           V, BODY_NONE, 0},
	{"POST",   "/api/v1/feedback",                          api_feedback_create,         S, BODY_JSON, 0},
	{"GET",    "/api/v1/feedback/{id}",                     api_feedback_get,            V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/feedback/{id}",                     api_feedback_update,         S, BODY_JSON, 0},
	{"DELETE", "/api/v1/feedback/{id}",                     api_feedback_delete,         D, BODY_NONE, 0},
	{"POST",   "/api/v1/feedback/{id}/status",              api_feedback_status,         S, BODY_JSON, 0},
	{"GET",    "/api/v1/feedback/{id}/contact",             api_feedback_contact_get,    S, BODY_NONE, 0},
	{"PUT",    "/api/v1/feedback/{id}/contact",             api_feedback_contact_put,    S, BODY_JSON, 0},
	{"GET",    "/api/v1/topics",                            api_topic_list,              V, BODY_NONE, 0},
	{"POST",   "/api/v1/topics",                            api_topic_create,            C, BODY_JSON, 0},
	{"PATCH",  "/api/v1/topics/{id}",                       api_topic_update,            C, BODY_JSON, 0},
	{"DELETE", "/api/v1/topics/{id}",                       api_topic_delete,            D, BODY_NONE, 0},
	{"GET",    "/api/v1/solicitations",                     api_solicitation_list,       V, BODY_NONE, 0},
	{"POST",   "/api/v1/solicitations",                     api_solicitation_create,     C, BODY_JSON, 0},
	{"GET",    "/api/v1/solicitations/{id}",                api_solicitation_get,        V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/solicitations/{id}",                api_solicitation_update,     C, BODY_JSON, 0},
	{"DELETE", "/api/v1/solicitations/{id}",                api_solicitation_delete,     D, BODY_NONE, 0},
	{"GET",    "/api/v1/elections",                         api_election_list,           V, BODY_NONE, 0},
	{"POST",   "/api/v1/elections",                         api_election_create,         C, BODY_JSON, 0},
	{"PATCH",  "/api/v1/elections/{id}",                    api_election_update,         C, BODY_JSON, 0},
	{"DELETE", "/api/v1/elections/{id}",                    api_election_delete,         D, BODY_NONE, 0},
	{"GET",    "/api/v1/reports/feedback-summary",          api_report_feedback_summary, V, BODY_NONE, 0},
	{"GET",    "/api/v1/exports/feedback/preview",          api_export_feedback_preview, S, BODY_NONE, 0},
	{"GET",    "/api/v1/exports/feedback",                  api_export_feedback,         D, BODY_NONE, 0},
	{"GET",    "/feedback",                                 page_feedback_form,          P, BODY_NONE, ROUTE_NOT_API},
	{"POST",   "/feedback",                                 page_feedback_submit,        P, BODY_FORM, ROUTE_NOT_API},
	{"GET",    "/o/{slug}/feedback",                        page_feedback_form,          P, BODY_NONE, ROUTE_NOT_API},
	{"POST",   "/o/{slug}/feedback",                        page_feedback_submit,        P, BODY_FORM, ROUTE_NOT_API},
	{"GET",    "/{lang}/feedback",                          page_feedback_form,          P, BODY_NONE, ROUTE_NOT_API},
	{"POST",   "/{lang}/feedback",                          page_feedback_submit,        P, BODY_FORM, ROUTE_NOT_API},
	{"GET",    "/{lang}/o/{slug}/feedback",                 page_feedback_form,          P, BODY_NONE, ROUTE_NOT_API},
	{"POST",   "/{lang}/o/{slug}/feedback",                 page_feedback_submit,        P, BODY_FORM, ROUTE_NOT_API},

	/* -- continuity, coverage, strength, advisory, letters, calendar (api_continuity.c ...) -- */
	{"GET",    "/api/v1/continuity/risks",                  api_continuity_risks,        V, BODY_NONE, 0},
	{"GET",    "/api/v1/me/relationships",                  api_me_relationships,        V, BODY_NONE, 0},
	{"GET",    "/api/v1/coverage",                          api_coverage,                V, BODY_NONE, 0},
	{"GET",    "/api/v1/strength",                          api_strength_ranking,        V, BODY_NONE, 0},
	{"GET",    "/api/v1/strength/examples",                 api_strength_examples,       V, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/strength",            api_partner_strength,        V, BODY_NONE, 0},
	{"GET",    "/api/v1/users/{id}/handover",               api_handover_preview,        D, BODY_NONE, 0},
	{"POST",   "/api/v1/users/{id}/handover",               api_handover_apply,          D, BODY_JSON, 0},
	{"GET",    "/api/v1/handovers",                         api_handover_list,           D, BODY_NONE, 0},
	{"GET",    "/api/v1/advisory/members",                  api_advisory_member_list,    V, BODY_NONE, 0},
	{"POST",   "/api/v1/advisory/members",                  api_advisory_member_create,  C, BODY_JSON, 0},
	{"PATCH",  "/api/v1/advisory/members/{id}",             api_advisory_member_update,  C, BODY_JSON, 0},
	{"DELETE", "/api/v1/advisory/members/{id}",             api_advisory_member_delete,  D, BODY_NONE, 0},
	{"GET",    "/api/v1/advisory/meetings",                 api_advisory_meeting_list,   V, BODY_NONE, 0},
	{"POST",   "/api/v1/advisory/meetings",                 api_advisory_meeting_create, C, BODY_JSON, 0},
	{"GET",    "/api/v1/advisory/meetings/{id}",            api_advisory_meeting_get,    V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/advisory/meetings/{id}",            api_advisory_meeting_update, C, BODY_JSON, 0},
	{"PUT",    "/api/v1/advisory/meetings/{id}/attendance", api_advisory_attendance_put, C, BODY_JSON, 0},
	{"GET",    "/api/v1/advisory/recommendations",          api_advisory_rec_list,       V, BODY_NONE, 0},
	{"POST",   "/api/v1/advisory/recommendations",          api_advisory_rec_create,     C, BODY_JSON, 0},
	{"PATCH",  "/api/v1/advisory/recommendations/{id}",     api_advisory_rec_update,     C, BODY_JSON, 0},
	{"GET",    "/api/v1/letter-templates",                  api_letter_template_list,    V, BODY_NONE, 0},
	{"POST",   "/api/v1/letter-templates",                  api_letter_template_create,  C, BODY_JSON, 0},
	{"GET",    "/api/v1/letter-templates/{id}",             api_letter_template_get,     V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/letter-templates/{id}",             api_letter_template_update,  C, BODY_JSON, 0},
	{"DELETE", "/api/v1/letter-templates/{id}",             api_letter_template_delete,  C, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/letter",              api_letter_render,           V, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/letter.html",         api_letter_render_html,      V, BODY_NONE, 0},
	{"POST",   "/api/v1/partners/{id}/letter/send",         api_letter_send,             S, BODY_JSON, 0},
	{"GET",    "/api/v1/me/calendar-feed",                  api_calendar_feed_get,       V, BODY_NONE, 0},
	{"POST",   "/api/v1/me/calendar-feed",                  api_calendar_feed_create,    V, BODY_NONE, 0},
	{"DELETE", "/api/v1/me/calendar-feed",                  api_calendar_feed_revoke,    V, BODY_NONE, 0},
	{"GET",    "/api/v1/contacts/{id}/vcard",               api_contact_vcard,           V, BODY_NONE, 0},
	{"GET",    "/api/v1/partners/{id}/contacts.vcf",        api_partner_contacts_vcf,    V, BODY_NONE, 0},
	{"GET",    "/calendar/{file}",                          page_calendar_ics,           P, BODY_NONE, ROUTE_NOT_API},

	/* -- misconceptions (api_misconceptions.c, page_facts.c) -- */
	{"GET",    "/api/v1/misconceptions",                    api_claim_list,              V, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions",                    api_claim_create,            S, BODY_JSON, 0},
	{"GET",    "/api/v1/misconceptions/board",              api_claim_board,             V, BODY_NONE, 0},
	{"GET",    "/api/v1/misconceptions/{id}",               api_claim_get,               V, BODY_NONE, 0},
	{"PATCH",  "/api/v1/misconceptions/{id}",               api_claim_update,            C, BODY_JSON, 0},
	{"DELETE", "/api/v1/misconceptions/{id}",               api_claim_delete,            D, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions/{id}/status",        api_claim_status,            C, BODY_JSON, 0},
	{"GET",    "/api/v1/misconceptions/{id}/events",        api_claim_events,            V, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions/{id}/merge",         api_claim_merge,             C, BODY_JSON, 0},
	{"GET",    "/api/v1/misconceptions/{id}/sightings",     api_claim_sighting_list,     V, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions/{id}/sightings",     api_claim_sighting_create,   S, BODY_JSON, 0},
	{"GET",    "/api/v1/misconceptions/{id}/response",      api_claim_response_get,      V, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions/{id}/response/versions", api_claim_version_create, C, BODY_JSON, 0},
	{"POST",   "/api/v1/misconceptions/{id}/response/versions/{n}/approve", api_claim_version_approve, D, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions/{id}/publish",       api_claim_publish,           C, BODY_JSON, 0},
	{"GET",    "/api/v1/misconceptions/{id}/amplification/suggestions", api_claim_suggestions, V, BODY_NONE, 0},
	{"GET",    "/api/v1/misconceptions/{id}/amplification/asks", api_claim_ask_list,     V, BODY_NONE, 0},
	{"POST",   "/api/v1/misconceptions/{id}/amplification/asks", api_claim_ask_create,   C, BODY_JSON, 0},
	{"PATCH",  "/api/v1/misconceptions/{id}/amplification/asks/{ask_id}", api_claim_ask_update, C, BODY_JSON, 0},
	{"GET",    "/api/v1/reports/misconceptions",            api_report_misconceptions,   V, BODY_NONE, 0},
	/* The public facts pages: feed.xml before {slug}; /o/ before /{lang}/. */
	{"GET",    "/o/{office}/facts",                         page_facts_index,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/o/{office}/facts/feed.xml",                page_facts_feed,             P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/o/{office}/facts/{slug}",                  page_facts_claim,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/{lang}/o/{office}/facts",                  page_facts_index,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/{lang}/o/{office}/facts/{slug}",           page_facts_claim,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/facts",                                    page_facts_index,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/facts/feed.xml",                           page_facts_feed,             P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/facts/{slug}",                             page_facts_claim,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/{lang}/facts",                             page_facts_index,            P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/{lang}/facts/{slug}",                      page_facts_claim,            P, BODY_NONE, ROUTE_NOT_API},

	/* -- reports and certification (report_*.c) -- */
	{"GET",    "/api/v1/certification/packets",             api_certification_list,      D, BODY_NONE, 0},
	{"POST",   "/api/v1/certification/packets",             api_certification_create,    D, BODY_JSON, 0},
	{"GET",    "/api/v1/certification/packets/{id}",        api_certification_get,       D, BODY_NONE, 0},
	{"PATCH",  "/api/v1/certification/packets/{id}/drafts", api_certification_drafts,    D, BODY_JSON, 0},
	{"GET",    "/api/v1/certification/packets/{id}/{format}", api_certification_download, D, BODY_NONE, 0},

	/* -- state view (api_state.c) -- */
	{"GET",    "/api/v1/state/summary",                     api_state_summary,           ROLE_STATE, BODY_NONE, 0},

	/* -- web UI -- */

	{"GET",    "/",                                         web_index,                   P, BODY_NONE, ROUTE_NOT_API},
	{"GET",    "/static/*",                                 web_static,                  P, BODY_NONE, ROUTE_NOT_API | ROUTE_PREFIX},
};

const int routes_count = (int)(sizeof routes / sizeof routes[0]);
