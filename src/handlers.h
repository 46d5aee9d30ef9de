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

/* -- dashboard statistics -- */
/* api_stats.c */
void api_stats_interactions(http_req *r);

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
/* api_feedback.c */
void api_feedback_list(http_req *r);
void api_feedback_create(http_req *r);
void api_feedback_get(http_req *r);
void api_feedback_update(http_req *r);
void api_feedback_delete(http_req *r);
void api_feedback_status(http_req *r);
void api_feedback_contact_get(http_req *r);
void api_feedback_contact_put(http_req *r);
/* api_topics.c */
void api_topic_list(http_req *r);
void api_topic_create(http_req *r);
void api_topic_update(http_req *r);
void api_topic_delete(http_req *r);
/* api_solicitations.c */
void api_solicitation_list(http_req *r);
void api_solicitation_create(http_req *r);
void api_solicitation_get(http_req *r);
void api_solicitation_update(http_req *r);
void api_solicitation_delete(http_req *r);
/* api_elections.c */
void api_election_list(http_req *r);
void api_election_create(http_req *r);
void api_election_update(http_req *r);
void api_election_delete(http_req *r);
/* report_feedback.c */
void api_report_feedback_summary(http_req *r);
void api_export_feedback(http_req *r);
void api_export_feedback_preview(http_req *r);
/* page_feedback.c */
void page_feedback_form(http_req *r);
void page_feedback_submit(http_req *r);

/* -- continuity -- */
/* api_continuity.c */
void api_continuity_risks(http_req *r);
void api_me_relationships(http_req *r);
void api_coverage(http_req *r);
void api_partner_strength(http_req *r);
void api_strength_ranking(http_req *r);
void api_strength_examples(http_req *r);
/* api_handover.c */
void api_handover_preview(http_req *r);
void api_handover_apply(http_req *r);
void api_handover_list(http_req *r);
/* api_advisory.c */
void api_advisory_member_list(http_req *r);
void api_advisory_member_create(http_req *r);
void api_advisory_member_update(http_req *r);
void api_advisory_member_delete(http_req *r);
void api_advisory_meeting_list(http_req *r);
void api_advisory_meeting_create(http_req *r);
void api_advisory_meeting_get(http_req *r);
void api_advisory_meeting_update(http_req *r);
void api_advisory_attendance_put(http_req *r);
void api_advisory_rec_list(http_req *r);
void api_advisory_rec_create(http_req *r);
void api_advisory_rec_update(http_req *r);
/* api_letters.c */
void api_letter_template_list(http_req *r);
void api_letter_template_create(http_req *r);
void api_letter_template_get(http_req *r);
void api_letter_template_update(http_req *r);
void api_letter_template_delete(http_req *r);
void api_letter_render(http_req *r);
void api_letter_render_html(http_req *r);
void api_letter_send(http_req *r);
/* api_calendar.c */
void api_calendar_feed_get(http_req *r);
void api_calendar_feed_create(http_req *r);
void api_calendar_feed_revoke(http_req *r);
void page_calendar_ics(http_req *r);
void api_contact_vcard(http_req *r);
void api_partner_contacts_vcf(http_req *r);

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
void page_facts_index(http_req *r);
void page_facts_claim(http_req *r);
void page_facts_feed(http_req *r);

/* -- reports -- */
/* api_certification.c */
void api_certification_list(http_req *r);
void api_certification_create(http_req *r);
void api_certification_get(http_req *r);
void api_certification_drafts(http_req *r);
void api_certification_download(http_req *r);

/* -- state -- */
void api_state_summary(http_req *r);

/* api_meta.c */
void api_health(http_req *r);
void api_openapi(http_req *r);

/* web.c */
void web_index(http_req *r);
void web_static(http_req *r);

#endif
