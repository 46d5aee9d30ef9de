/*
** report_certification_continuity.c: the certification packet's part 2
** (relationships that last through staffing changes) and the drafted answer
** naming a strong and a developing relationship.  The numbers are the
** continuity report's (continuity_risks' resilience), the handover record
** (handover_history), contacts verified (cont_contacts_verified_between)
** and the strength pick (strength_examples), so the packet and the API
** always agree.  Only organisations' names, the office's group names, dates
** and counts go in: no summaries or notes, no names of people.
*/
#include "report_certification_int.h"
#include "continuity.h"
#include "handover.h"
#include "report_continuity.h"
#include "report_doc.h"
#include "util.h"

#include <stdlib.h>

/* "media_interview" -> "media interview". */
static void words(const char *s, char *out, size_t n)
{
	snprintf(out, n, "%s", s ? s : "");
	for (char *p = out; *p; p++)
		if (*p == '_') *p = ' ';
}

static const char *direction_words(const char *d)
{
	return str_eq(d, "office_gave") ? "the office gave" : str_eq(d, "partner_gave") ? "the partner gave"
	       : str_eq(d, "both")      ? "both gave"       : "neither gave";
}

static json_t *factor(json_t *example, const char *name)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(example, "factors"), i, f)
		if (str_eq(json_string_value(json_object_get(f, "factor")), name)) return f;
	return NULL;
}

/* One relationship described from its strength evidence.  Only the
** organisation's name, the office's group names, dates, kinds of touchpoint
** and counts: no summaries, no names of people (they stay in the office). */
static void describe_example(buf *b, const char *label, json_t *e)
{
	json_t *ev = json_object_get(e, "evidence");
	buf_printf(b, "%s: %s (strength %.1f of 100), which reaches ", label, json_string_value(json_object_get(e, "name")),
	           json_number_value(json_object_get(e, "score")));
	size_t i;
	json_t *g;
	size_t ng = json_array_size(json_object_get(ev, "groups_reached"));
	json_array_foreach(json_object_get(ev, "groups_reached"), i, g)
		buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == ng ? " and " : ", ", json_string_value(json_object_get(g, "name")));
	json_t *recip = json_object_get(factor(e, "reciprocity"), "value");
	json_t *liaisons = json_object_get(factor(e, "liaisons"), "value");
	bool primary = json_is_true(json_object_get(liaisons, "primary")), backup = json_is_true(json_object_get(liaisons, "backup"));
	int64_t touches = json_integer_value(json_object_get(factor(e, "frequency"), "value"));
	int64_t contacts = jint(ev, "current_contacts");
	buf_printf(b, ". In the last 12 months we recorded %lld touchpoint%s with them; the office gave in %lld and the"
	              " partner gave in %lld. We know %lld %s there, and on our side the relationship has %s.",
	           (long long)touches, touches == 1 ? "" : "s", (long long)jint(recip, "office_gave"),
	           (long long)jint(recip, "partner_gave"), (long long)contacts, contacts == 1 ? "person" : "people",
	           primary && backup ? "a primary and a backup liaison"
	           : primary         ? "a primary liaison but no backup yet"
	           : backup          ? "a backup liaison but no primary"
	                             : "no liaison yet");
	size_t nadopted = json_array_size(json_object_get(ev, "adopted_recommendations"));
	if (nadopted)
		buf_printf(b, " The election advisory group adopted %zu recommendation%s its members made.", nadopted,
		           nadopted == 1 ? "" : "s");
	json_t *recent = json_object_get(ev, "recent_interactions");
	if (json_array_size(recent)) {
		buf_puts(b, " Most recent touchpoints:");
		json_array_foreach(recent, i, g) {
			char type[48];
			words(json_string_value(json_object_get(g, "type")), type, sizeof type);
			buf_printf(b, "%s %s %s (%s)", i ? "," : "", json_string_value(json_object_get(g, "occurred_on")), type,
			           direction_words(json_string_value(json_object_get(g, "direction"))));
		}
		buf_puts(b, ".");
	}
}

/* The questionnaire's strong and developing relationships, from the same
** function as GET /api/v1/strength/examples (report_strength.c). */
int cert_draft_examples(store_conn *c, int64_t office, json_t *sec)
{
	int rc;
	json_t *ex = strength_examples(c, office, &rc);
	if (!ex) return rc;
	json_t *strong = json_object_get(ex, "strong"), *dev = json_object_get(ex, "developing");
	doc_h3(sec, "A strong and a developing relationship");
	buf b = BUF_INIT;
	if (json_is_object(strong) && json_is_object(dev)) {
		json_t *rows = json_array();
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(strong, "factors"), i, f) {
			json_t *d = factor(dev, json_string_value(json_object_get(f, "factor")));
			json_array_append_new(rows, json_pack("[O,O,O,O]", json_object_get(f, "factor"), json_object_get(f, "weight"),
			                                      json_object_get(f, "contribution"), json_object_get(d, "contribution")));
		}
		json_array_append_new(rows, json_pack("[s,i,O,O]", "score", 100, json_object_get(strong, "score"),
		                                      json_object_get(dev, "score")));
		char *p = xasprintf("Relationship strength is scored from 0 to 100 from what is recorded: how recently and"
		                    " how often the office was in touch, whether both sides gave, how many people the office"
		                    " knows there, its liaisons and its part in the advisory group (60 or more is strong)."
		                    " As of %s:", json_string_value(json_object_get(ex, "as_of")));
		doc_p(sec, p);
		free(p);
		doc_table(sec, json_pack("[s,s,s,s]", "Factor", "Weight", json_string_value(json_object_get(strong, "name")),
		                         json_string_value(json_object_get(dev, "name"))), rows);
		describe_example(&b, "A strong relationship", strong);
		buf_puts(&b, "\n\n");
		describe_example(&b, "A developing relationship", dev);
		buf_puts(&b, " To strengthen it we are working on what scores lowest above: more regular contact in both"
		             " directions, and more people we know there.");
	} else {
		doc_p(sec, json_string_value(json_object_get(ex, "explanation")));
		buf_puts(&b, "[The records do not yet show a pair of relationships to describe: an active partner rated"
		             " strong and an active partner below strong reaching different demographic groups. Describe"
		             " two relationships here.]");
	}
	doc_draft(sec, "relationship_examples",
	          "Please describe one strong relationship and one weak/developing relationship your office holds with"
	          " organizations in your community. In doing so, please choose 2 different organizations,"
	          " representative of different demographic groups.",
	          b.data);
	buf_free(&b);
	json_decref(ex);
	return STORE_OK;
}

/* Part 2: relationships kept through staffing changes: backup liaisons and
** several contacts (continuity_risks' resilience, the continuity report's
** own numbers), contacts verified, and the handovers made in the period
** with what each moved (handover_history). */
int cert_part_continuity(store_conn *c, int64_t office, const char *from, const char *to, json_t *doc)
{
	int rc;
	cont_risk_filter flt = {NULL, 0, 0};
	json_t *risks = continuity_risks(c, office, &flt, &rc);
	if (!risks) return rc;
	json_t *hist = handover_history(c, office, from, to, &rc);
	int64_t verified = cont_contacts_verified_between(c, office, from, to);
	if (!hist || verified < 0) {
		json_decref(risks);
		json_decref(hist);
		return hist ? STORE_ERROR : rc;
	}
	json_t *res = json_object_get(risks, "resilience");
	json_t *sec = doc_section(doc, "continuity", "2. Relationships that last through staffing changes");
	int64_t n = jint(res, "partners"), backup = jint(res, "with_backup_liaison"), several = jint(res, "with_several_contacts"),
	        both = jint(res, "with_backup_and_several_contacts");
	char *intro = xasprintf(
	    "As of %s the office has %lld active relationships. %lld of them have a backup liaison on staff beside the"
	    " primary, %lld have more than one current contact at the organization, and %lld have both, so that no"
	    " single person leaving, on either side, ends the relationship. %lld active relationships are on the"
	    " continuity-risk list (%lld overdue), which staff work through.",
	    json_string_value(json_object_get(risks, "as_of")), (long long)n, (long long)backup, (long long)several,
	    (long long)both, (long long)jint(risks, "at_risk"), (long long)jint(risks, "overdue"));
	doc_p(sec, intro);
	free(intro);
	doc_kv(sec, json_pack("[[s,I],[s,I],[s,I],[s,I],[s,I],[s,I]]", "Active relationships", (json_int_t)n,
	                      "With a backup liaison", (json_int_t)backup, "With more than one current contact",
	                      (json_int_t)several, "With both", (json_int_t)both, "On the continuity-risk list",
	                      (json_int_t)jint(risks, "at_risk"), "Contacts verified in the period", (json_int_t)verified));
	doc_h3(sec, "Contacts kept current");
	char *cur = xasprintf(
	    "In the period staff confirmed the details of %lld contacts. Of the %lld current contacts at active partners,"
	    " %lld were verified within the last %lld days.",
	    (long long)verified, (long long)jint(res, "current_contacts"), (long long)jint(res, "current_contacts_verified"),
	    (long long)jint(risks, "verify_after_days"));
	doc_p(sec, cur);
	free(cur);
	doc_h3(sec, "Handovers in the period");
	size_t nh = json_array_size(hist);
	int64_t moved = 0, liaison_roles = 0;
	if (nh == 0) {
		doc_p(sec, "No staff member's relationships had to be handed over in the period.");
	} else {
		json_t *rows = json_array();
		size_t i;
		json_t *h;
		json_array_foreach(hist, i, h) {
			json_t *k = json_object_get(h, "counts");
			int64_t roles = jint(k, "liaison_primary") + jint(k, "liaison_backup");
			moved += jint(h, "moved");
			liaison_roles += roles;
			char date[11];
			snprintf(date, sizeof date, "%.10s", json_string_value(json_object_get(h, "at")));
			json_array_append_new(rows, json_pack("[s,I,I,I,I,I,I,I,I]", date, (json_int_t)roles,
			                                      (json_int_t)jint(k, "follow_ups"),
			                                      (json_int_t)(jint(k, "advisory_meetings") + jint(k, "advisory_recommendations")),
			                                      (json_int_t)jint(k, "assigned_feedback"),
			                                      (json_int_t)jint(k, "misconception_drafts"), (json_int_t)jint(h, "moved"),
			                                      (json_int_t)jint(h, "partners_noted"), (json_int_t)jint(h, "still_held")));
		}
		char *p = xasprintf(
		    "When a staff member leaves, rapport hands everything they hold to named successors in one step: liaison"
		    " roles, follow-ups, advisory roles, assigned feedback and response drafts, with a handover note on every"
		    " partner affected and each move in the audit log. In the period %zu handover%s moved %lld item%s,"
		    " %lld of them liaison roles.",
		    nh, nh == 1 ? "" : "s", (long long)moved, moved == 1 ? "" : "s", (long long)liaison_roles);
		doc_p(sec, p);
		free(p);
		doc_table(sec, json_pack("[s,s,s,s,s,s,s,s,s]", "Date", "Liaison roles", "Follow-ups", "Advisory roles",
		                         "Feedback", "Response drafts", "Total moved", "Partners noted", "Still held by the person who left"),
		          rows);
	}
	buf b = BUF_INIT;
	buf_printf(&b,
	           "Every relationship has a primary liaison on our staff and, wherever we can, a backup: of our %lld active"
	           " relationships, %lld have a backup liaison and %lld have more than one current contact at the"
	           " organization (%lld have both). Contacts, liaisons and every interaction are kept in rapport, not in one"
	           " person's inbox, and a contact's job history is dated rather than overwritten. Staff confirm contact"
	           " details regularly: %lld contacts were verified in the period.",
	           (long long)n, (long long)backup, (long long)several, (long long)both, (long long)verified);
	if (nh) {
		buf_printf(&b,
		           " When staff leave, one step hands every relationship, follow-up, advisory role, assigned feedback"
		           " item and response draft to named successors, notes the change on each partner and records each"
		           " move in the audit log. From %s to %s we made %zu such handover%s, moving %lld item%s (%lld liaison"
		           " role%s) with nothing left unowned:",
		           from, to, nh, nh == 1 ? "" : "s", (long long)moved, moved == 1 ? "" : "s", (long long)liaison_roles,
		           liaison_roles == 1 ? "" : "s");
		size_t i;
		json_t *h;
		json_array_foreach(hist, i, h)
			buf_printf(&b, "%s on %.10s, %lld item%s", i ? ";" : "", json_string_value(json_object_get(h, "at")),
			           (long long)jint(h, "moved"), jint(h, "moved") == 1 ? "" : "s");
		buf_puts(&b, ".");
	} else {
		buf_printf(&b,
		           " When staff leave, one step hands every relationship, follow-up, advisory role, assigned feedback"
		           " item and response draft to named successors and records each move; no handover was needed from"
		           " %s to %s.",
		           from, to);
	}
	doc_draft(sec, "staffing_changes",
	          "How does your office ensure that community contacts and relationships remain intact through staffing"
	          " changes?",
	          b.data);
	buf_free(&b);
	json_decref(hist);
	json_decref(risks);
	return STORE_OK;
}

