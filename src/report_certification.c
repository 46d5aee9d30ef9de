/*
** report_certification.c: assembles the certification packet (see
** report_certification.h) from the office's own records.  Part 1 (the
** partner registry and who it reaches) is computed here from the registry;
** parts 2-4 call the continuity, feedback and misconception reports, so the
** packet and the reports can never disagree.  Part 2 and the drafted
** relationship examples are in report_certification_continuity.c.
*/
#include "report_certification.h"
#include "report_certification_int.h"
#include "report.h"
#include "report_continuity.h"
#include "report_doc.h"
#include "redact.h"
#include "report_feedback.h"
#include "util.h"

#include <math.h>

#include <string.h>

static const char *const subtype_labels[][2] = {
	{"emergency_management", "Emergency management"}, {"public_information_office", "Public information office"},
	{"elected_official", "Elected official"},          {"it", "Information technology"},
	{"library", "Library"},                            {"school_district", "School district"},
	{"media", "Media"},                                {"community_organization", "Community-based organization"},
	{"faith_group", "Faith group"},                    {"advocacy_group", "Advocacy group"},
	{"university", "University"},                      {"tribal_government", "Tribal government"},
	{"business", "Business"},                          {"other", "Other"},
};

static const char *subtype_label(const char *s)
{
	for (size_t i = 0; i < countof(subtype_labels); i++)
		if (str_eq(subtype_labels[i][0], s)) return subtype_labels[i][1];
	return s;
}

/* A share (0..1) as "12.5%", or "unknown". */
static void fmt_share(json_t *share, char *out, size_t n)
{
	if (json_is_number(share)) snprintf(out, n, "%.1f%%", json_number_value(share) * 100);
	else snprintf(out, n, "unknown");
}

static const char *coverage_label(const char *status)
{
	return str_eq(status, "covered")             ? "Reached"
	       : str_eq(status, "no_recent_contact") ? "Active partner, not touched in 12 months"
	                                             : "No active partner";
}

/* Who the partners reach, from the coverage report (report_coverage.c), the
** same function as GET /api/v1/coverage: groups and languages against the
** active partners, and the gaps with the prospects that would close them. */
static int part_reach(store_conn *c, int64_t office, json_t *sec)
{
	int rc = STORE_OK;
	json_t *cov = coverage_report(c, office, &rc);
	if (!cov) return rc;
	json_t *sum = json_object_get(cov, "summary");
	char weighted[64] = "not known (no group has a population share)";
	if (json_is_number(json_object_get(sum, "weighted_coverage")))
		snprintf(weighted, sizeof weighted, "%.1f%%", json_number_value(json_object_get(sum, "weighted_coverage")) * 100);
	char *intro = xasprintf(
	    "As of %s, %lld of the office's %lld demographic groups are reached by an active partner the office has been"
	    " in touch with in the last 12 months (since %s). Groups whose active partners were not touched in that"
	    " time: %lld; groups with no active partner yet: %lld. Weighted by each group's share of the population,"
	    " coverage is %s. Languages reached: %lld of %lld.",
	    json_string_value(json_object_get(cov, "as_of")), (long long)jint(sum, "covered"), (long long)jint(sum, "groups"),
	    json_string_value(json_object_get(cov, "window_from")), (long long)jint(sum, "no_recent_contact"),
	    (long long)jint(sum, "no_active_partner"), weighted, (long long)jint(sum, "languages_covered"),
	    (long long)jint(sum, "languages"));
	doc_h3(sec, "Who the partners reach");
	doc_p(sec, intro);
	free(intro);
	json_t *gt = json_array(), *lt = json_array();
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(cov, "groups"), i, g) {
		char pct[32];
		fmt_share(json_object_get(g, "population_share"), pct, sizeof pct);
		json_array_append_new(gt, json_pack("[O,s,I,I,s,I]", json_object_get(g, "name"), pct,
		                                    (json_int_t)jint(g, "active_partners"),
		                                    (json_int_t)jint(g, "active_partners_contacted_12m"),
		                                    coverage_label(json_string_value(json_object_get(g, "status"))),
		                                    (json_int_t)jint(g, "prospects_count")));
	}
	doc_table(sec, json_pack("[s,s,s,s,s,s]", "Demographic group", "Share of population", "Active partners",
	                         "Touched in 12 months", "Status", "Prospects"), gt);
	json_array_foreach(json_object_get(cov, "languages"), i, g) {
		json_array_append_new(lt, json_pack("[O,I,I,s,I]", json_object_get(g, "language"),
		                                    (json_int_t)jint(g, "active_partners"),
		                                    (json_int_t)jint(g, "active_partners_contacted_12m"),
		                                    coverage_label(json_string_value(json_object_get(g, "status"))),
		                                    (json_int_t)jint(g, "prospects_count")));
	}
	if (json_array_size(lt))
		doc_table(sec, json_pack("[s,s,s,s,s]", "Language", "Active partners", "Touched in 12 months", "Status", "Prospects"), lt);
	else
		json_decref(lt);
	doc_h3(sec, "Gaps and how they are being closed");
	json_t *gaps = json_object_get(cov, "gaps");
	if (json_array_size(gaps) == 0) {
		doc_p(sec, "Every demographic group and language on the office's list is reached by an active partner"
		           " touched in the last 12 months.");
	} else {
		buf b = BUF_INIT;
		buf_puts(&b, "The gaps, largest share of the population first:");
		json_array_foreach(gaps, i, g) {
			char pct[32];
			fmt_share(json_object_get(g, "population_share"), pct, sizeof pct);
			bool lang = str_eq(json_string_value(json_object_get(g, "kind")), "language");
			if (lang) buf_printf(&b, "%s the language %s: ", i ? ";" : "", json_string_value(json_object_get(g, "name")));
			else buf_printf(&b, "%s %s (population share %s): ", i ? ";" : "", json_string_value(json_object_get(g, "name")), pct);
			buf_printf(&b, "%s",
			           str_eq(json_string_value(json_object_get(g, "status")), "no_recent_contact")
			               ? "active partners, but none touched in 12 months"
			               : "no active partner");
			json_t *pros = json_object_get(g, "prospects");
			if (json_array_size(pros) == 0) {
				buf_puts(&b, ", no prospect yet");
			} else {
				buf_printf(&b, ", %lld prospect%s being developed (", (long long)jint(g, "prospects_count"),
				           jint(g, "prospects_count") == 1 ? "" : "s");
				size_t k;
				json_t *p;
				json_array_foreach(pros, k, p)
					buf_printf(&b, "%s%s, %s", k ? "; " : "", json_string_value(json_object_get(p, "name")),
					           str_eq(json_string_value(json_object_get(p, "status")), "vetting") ? "in vetting" : "prospect");
				buf_puts(&b, ")");
			}
		}
		buf_puts(&b, ".");
		doc_p(sec, b.data);
		buf_free(&b);
	}
	json_decref(cov);
	return STORE_OK;
}

/* Part 1: partners by kind, subtype and status; demographic groups and
** languages reached by active partners; touchpoints in the period. */
static int part_relationships(store_conn *c, int64_t office, const char *from, const char *to, json_t *doc)
{
	json_t *sec = doc_section(doc, "relationships", "1. Relationships in local government and the community");
	int rc;
	json_t *rows = store_query_rows(c, &rc,
	    "SELECT kind, subtype,"
	    " SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active,"
	    " SUM(CASE WHEN status IN ('prospect', 'vetting') THEN 1 ELSE 0 END) AS developing,"
	    " SUM(CASE WHEN status IN ('dormant', 'ended') THEN 1 ELSE 0 END) AS inactive,"
	    " COUNT(*) AS total FROM partners WHERE office_id = ? GROUP BY kind, subtype ORDER BY kind, subtype",
	    "i", office);
	if (!rows) return rc;
	int64_t total = 0, active = 0, gov_active = 0, inst_active = 0;
	json_t *table = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *kind = json_string_value(json_object_get(row, "kind"));
		int64_t a = json_integer_value(json_object_get(row, "active"));
		total += json_integer_value(json_object_get(row, "total"));
		active += a;
		if (str_eq(kind, "intra_governmental")) gov_active += a;
		else inst_active += a;
		json_array_append_new(table, json_pack("[s,s,O,O,O,O]", str_eq(kind, "intra_governmental") ? "Local government" : "Institution",
		                                       subtype_label(json_string_value(json_object_get(row, "subtype"))),
		                                       json_object_get(row, "active"), json_object_get(row, "developing"),
		                                       json_object_get(row, "inactive"), json_object_get(row, "total")));
	}
	json_decref(rows);
	char *intro = xasprintf("The office keeps %lld partner organisations in its registry, %lld of them active: %lld in local"
	                        " government and %lld institutions in the community. Prospects and partners in vetting are"
	                        " relationships being developed; each becomes active only after a legal review and an"
	                        " operational review have both passed.",
	                        (long long)total, (long long)active, (long long)gov_active, (long long)inst_active);
	doc_p(sec, intro);
	free(intro);
	doc_h3(sec, "Partners by kind and type");
	doc_table(sec, json_pack("[s,s,s,s,s,s]", "Kind", "Type", "Active", "Prospect or vetting", "Dormant or ended", "Total"), table);

	if ((rc = part_reach(c, office, sec)) != STORE_OK) return rc;

	/* A handover note records a change of staff, not a touchpoint (continuity.h). */
	json_t *months = store_query_rows(c, &rc,
	    "SELECT substr(occurred_on, 1, 7) AS month,"
	    " SUM(CASE WHEN direction IN ('office_gave', 'both') THEN 1 ELSE 0 END) AS office_gave,"
	    " SUM(CASE WHEN direction IN ('partner_gave', 'both') THEN 1 ELSE 0 END) AS partner_gave,"
	    " COUNT(*) AS total FROM interactions WHERE office_id = ? AND type <> 'handover' AND occurred_on >= ?"
	    " AND occurred_on <= ?"
	    " GROUP BY substr(occurred_on, 1, 7) ORDER BY month",
	    "itt", office, from, to);
	if (!months) return rc;
	json_t *labels = json_array(), *gave = json_array(), *got = json_array();
	int64_t touches = 0;
	json_array_foreach(months, i, row) {
		json_array_append(labels, json_object_get(row, "month"));
		json_array_append(gave, json_object_get(row, "office_gave"));
		json_array_append(got, json_object_get(row, "partner_gave"));
		touches += json_integer_value(json_object_get(row, "total"));
	}
	json_decref(months);
	char *t = xasprintf("In the period the office logged %lld meetings, calls, tours, presentations and other touchpoints"
	                    " with its partners. A relationship runs both ways: the chart counts the touchpoints in which"
	                    " the office gave (tours, presentations, information) and those in which the partner gave"
	                    " (reach, information, space).",
	                    (long long)touches);
	doc_h3(sec, "Touchpoints and reciprocity");
	doc_p(sec, t);
	free(t);
	doc_bars(sec, "Touchpoints by month", labels,
	         json_pack("[{s:s,s:o},{s:s,s:o}]", "name", "The office gave", "values", gave, "name", "The partner gave", "values", got));
	return cert_draft_examples(c, office, sec);
}


/* A duration in seconds as hours or days for a sentence ("n/a" when null). */
static void fmt_secs(json_t *secs, char *out, size_t n)
{
	if (!json_is_number(secs)) {
		snprintf(out, n, "n/a");
		return;
	}
	double h = json_number_value(secs) / 3600.0;
	if (h < 48) snprintf(out, n, "%.1f hours", h);
	else snprintf(out, n, "%.1f days", h / 24.0);
}

/* Part 3: feedback solicited, documented and acted on, from the feedback
** summary (report_feedback.c), month by month and on- against off-cycle. */
static int part_feedback(store_conn *c, int64_t office, const char *from, const char *to, json_t *doc)
{
	int rc = STORE_OK;
	json_t *sum = feedback_summary(c, office, from, to, &rc);
	if (!sum) return rc;
	json_t *sec = doc_section(doc, "feedback", "3. Feedback from voters and partners");
	json_t *tot = json_object_get(sum, "totals");
	json_t *sol = json_object_get(sum, "solicitations");
	char first[40], close[40];
	fmt_secs(json_object_get(json_object_get(tot, "time_to_first_action"), "median_seconds"), first, sizeof first);
	fmt_secs(json_object_get(json_object_get(tot, "time_to_close"), "median_seconds"), close, sizeof close);
	char *intro = xasprintf(
	    "In the period the office asked for feedback on %lld occasions (surveys, debriefs, town halls, events),"
	    " documented %lld pieces of feedback from voters and partners, and acted on %lld of them; %lld are closed."
	    " The median time from receiving feedback to the first action on it was %s, and to closing it %s."
	    " Times are measured from when the feedback was received; a median is the middle value.",
	    (long long)jint(sol, "total"), (long long)jint(tot, "received"), (long long)jint(tot, "acted_on"),
	    (long long)jint(tot, "closed"), first, close);
	doc_p(sec, intro);
	free(intro);
	json_t *rows = json_array(), *labels = json_array(), *recv = json_array(), *acted = json_array();
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(sum, "by_month"), i, m) {
		json_t *sm = json_array_get(json_object_get(sol, "by_month"), i);
		json_array_append_new(rows, json_pack("[O,I,I,I,I]", json_object_get(m, "month"), (json_int_t)jint(sm, "count"),
		                                      (json_int_t)jint(m, "received"), (json_int_t)jint(m, "acted_on"),
		                                      (json_int_t)jint(m, "closed")));
		json_array_append(labels, json_object_get(m, "month"));
		json_array_append_new(recv, json_integer(jint(m, "received")));
		json_array_append_new(acted, json_integer(jint(m, "acted_on")));
	}
	doc_h3(sec, "Month by month");
	doc_table(sec, json_pack("[s,s,s,s,s]", "Month", "Times feedback was solicited", "Feedback documented", "Acted on", "Closed"), rows);
	doc_bars(sec, "Feedback documented and acted on, by month", labels,
	         json_pack("[{s:s,s:o},{s:s,s:o}]", "name", "Documented", "values", recv, "name", "Acted on", "values", acted));
	json_t *cy = json_array();
	int64_t on_recv = 0, off_recv = 0, on_sol = 0, off_sol = 0, on_act = 0, off_act = 0;
	json_array_foreach(json_object_get(sum, "by_cycle"), i, m) {
		bool on = str_eq(json_string_value(json_object_get(m, "cycle")), "on");
		json_t *sc = json_array_get(json_object_get(sol, "by_cycle"), i);
		*(on ? &on_recv : &off_recv) = jint(m, "received");
		*(on ? &on_act : &off_act) = jint(m, "acted_on");
		*(on ? &on_sol : &off_sol) = jint(sc, "count");
		char f1[40];
		fmt_secs(json_object_get(json_object_get(m, "time_to_first_action"), "median_seconds"), f1, sizeof f1);
		json_array_append_new(cy, json_pack("[s,I,I,I,s]", on ? "On-cycle (near an election)" : "Off-cycle",
		                                    (json_int_t)jint(sc, "count"), (json_int_t)jint(m, "received"),
		                                    (json_int_t)jint(m, "acted_on"), f1));
	}
	char *w = xasprintf("On-cycle means within %lld days before or %lld days after an election on the office's calendar.",
	                    (long long)jint(sum, "on_cycle_days_before"), (long long)jint(sum, "on_cycle_days_after"));
	doc_h3(sec, "On-cycle and off-cycle");
	doc_p(sec, w);
	free(w);
	doc_table(sec, json_pack("[s,s,s,s,s]", "Period", "Solicited", "Documented", "Acted on", "Median time to first action"), cy);
	doc_p(sec, "The feedback itself is attached to this packet as feedback.csv and feedback.xlsx: the public-records"
	           " version, with the submitters' contact details left out and email addresses, phone numbers, street"
	           " addresses and identity and licence numbers scrubbed from every free-text field.");
	char *answer = xasprintf(
	    "Within the 12 months from %s to %s our office solicited feedback %lld times and documented %lld pieces of"
	    " feedback from voters and community partners, acting on %lld of them. Staff record every piece of feedback"
	    " in rapport as it arrives (by phone, email, at the counter, at events or through our public web form) and"
	    " track it through triage to the action taken. Near elections (on-cycle) we solicited %lld times and received"
	    " %lld pieces of feedback, acting on %lld; off-cycle we solicited %lld times and received %lld, acting on %lld.",
	    from, to, (long long)jint(sol, "total"), (long long)jint(tot, "received"), (long long)jint(tot, "acted_on"),
	    (long long)on_sol, (long long)on_recv, (long long)on_act, (long long)off_sol, (long long)off_recv, (long long)off_act);
	doc_draft(sec, "feedback_frequency",
	          "How often does your office solicit, document, and act on relevant feedback from community members within a"
	          " 12 months period? How does this change during off-cycle election time periods vs. on-cycle election time"
	          " periods, if at all?",
	          answer);
	free(answer);
	json_decref(sum);
	return STORE_OK;
}

/* Part 4: misconceptions identified through partners and answered, from the
** misconception measures (report_misconceptions.c). */
static int part_misconceptions(store_conn *c, int64_t office, const char *from, const char *to, json_t *doc)
{
	json_t *m = report_misconceptions(c, office, from, to, time_now_secs());
	if (!m) return STORE_ERROR;
	json_t *sec = doc_section(doc, "misconceptions", "4. Misconceptions identified and answered");
	json_t *ttr = json_object_get(m, "time_to_response");
	json_t *tg = json_object_get(m, "targets");
	json_t *amp = json_object_get(m, "amplification");
	json_t *sig = json_object_get(m, "sightings");
	int64_t claims = jint(sig, "claims");
	int64_t via_partners = store_query_int(c, 0,
	    "SELECT COUNT(DISTINCT s.claim_id) FROM sightings s JOIN claims cl ON cl.id = s.claim_id"
	    " WHERE s.office_id = ? AND s.partner_id IS NOT NULL AND substr(cl.first_seen_at, 1, 10) >= ?"
	    " AND substr(cl.first_seen_at, 1, 10) <= ?",
	    "itt", office, from, to);
	char med[40] = "n/a", p90[40] = "n/a";
	if (json_is_number(json_object_get(ttr, "median_hours")))
		snprintf(med, sizeof med, "%.1f hours", json_number_value(json_object_get(ttr, "median_hours")));
	if (json_is_number(json_object_get(ttr, "p90_hours")))
		snprintf(p90, sizeof p90, "%.1f hours", json_number_value(json_object_get(ttr, "p90_hours")));
	char *intro = xasprintf(
	    "In the period %lld false or misleading claims about elections were first seen in the community, %lld of them"
	    " reported through the office's partners. %lld received a published response; the median time from the first"
	    " sighting to the published response was %s (90th percentile %s). %lld were answered within the office's"
	    " target time, %lld late, and %lld are open past their target. The office asked %lld partners to share its"
	    " responses, and %lld did.",
	    (long long)claims, (long long)via_partners, (long long)jint(ttr, "count"), med, p90,
	    (long long)jint(tg, "answered_on_time"), (long long)jint(tg, "answered_late"),
	    (long long)jint(tg, "open_past_target"), (long long)jint(amp, "partners_asked"), (long long)jint(amp, "partners_shared"));
	doc_p(sec, intro);
	free(intro);
	json_t *rows = json_array();
	static const char *const sevs[] = {"high", "medium", "low"};
	json_t *by = json_object_get(m, "by_severity");
	for (int k = 0; k < 3; k++) {
		json_t *s = json_is_object(by) ? json_object_get(by, sevs[k]) : NULL;
		if (!s && json_is_array(by)) {
			size_t i;
			json_t *e;
			json_array_foreach(by, i, e) if (str_eq(json_string_value(json_object_get(e, "severity")), sevs[k])) s = e;
		}
		json_t *target = json_object_get(json_object_get(m, "target_hours"), sevs[k]);
		json_array_append_new(rows, json_pack("[s,O,I,O,O]", sevs[k], target ? target : json_null(),
		                                      (json_int_t)jint(s, "count"),
		                                      json_object_get(s, "median_hours") ? json_object_get(s, "median_hours") : json_null(),
		                                      json_object_get(s, "p90_hours") ? json_object_get(s, "p90_hours") : json_null()));
	}
	doc_h3(sec, "Time to a published response, by severity");
	doc_table(sec, json_pack("[s,s,s,s,s]", "Severity", "Target (hours)", "Answered", "Median (hours)", "90th percentile (hours)"), rows);
	json_t *pub = store_query_rows(c, NULL,
	    "SELECT statement, severity, substr(first_seen_at, 1, 10) AS first_seen, substr(published_at, 1, 10) AS published"
	    " FROM claims WHERE office_id = ? AND published_at IS NOT NULL AND merged_into_id IS NULL"
	    " AND substr(first_seen_at, 1, 10) >= ? AND substr(first_seen_at, 1, 10) <= ? ORDER BY first_seen_at",
	    "itt", office, from, to);
	if (pub && json_array_size(pub)) {
		json_t *pr = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(pub, i, e) {
			/* Everything leaving the office is scrubbed, public claims included. */
			redact_counts rc_ = {{0}};
			char *clean = redact_text(json_string_value(json_object_get(e, "statement")), &rc_);
			json_array_append_new(pr, json_pack("[s,O,O,O]", clean, json_object_get(e, "severity"),
			                                    json_object_get(e, "first_seen"), json_object_get(e, "published")));
			free(clean);
		}
		doc_h3(sec, "Responses published on the public \"rumor vs. reality\" page");
		doc_table(sec, json_pack("[s,s,s,s]", "Claim", "Severity", "First seen", "Published"), pr);
	}
	json_decref(pub);
	json_decref(m);
	return STORE_OK;
}

json_t *certification_build(store_conn *c, int64_t office_id, const char *from, const char *to, int *rc)
{
	json_t *office = store_query_row(c, rc, "SELECT name FROM offices WHERE id = ?", "i", office_id);
	if (!office) {
		if (*rc == STORE_DONE) *rc = STORE_ERROR;
		return NULL;
	}
	char *sub = xasprintf("%s · %s to %s", json_string_value(json_object_get(office, "name")), from, to);
	json_decref(office);
	json_t *doc = doc_new("Community Relationships: evidence for certification", sub);
	free(sub);
	json_object_set_new(doc, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
	*rc = part_relationships(c, office_id, from, to, doc);
	if (*rc == STORE_OK) *rc = cert_part_continuity(c, office_id, from, to, doc);
	if (*rc == STORE_OK) *rc = part_feedback(c, office_id, from, to, doc);
	if (*rc == STORE_OK) *rc = part_misconceptions(c, office_id, from, to, doc);
	if (*rc != STORE_OK) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

json_t *certification_drafts(json_t *doc)
{
	json_t *out = json_object();
	size_t i, k;
	json_t *sec, *blk;
	json_array_foreach(json_object_get(doc, "sections"), i, sec) json_array_foreach(json_object_get(sec, "blocks"), k, blk) {
		if (!str_eq(json_string_value(json_object_get(blk, "type")), "draft")) continue;
		json_object_set_new(out, json_string_value(json_object_get(blk, "key")),
		                    json_pack("{s:O, s:O, s:O}", "question", json_object_get(blk, "question"), "drafted",
		                              json_object_get(blk, "drafted") ? json_object_get(blk, "drafted") : json_object_get(blk, "text"),
		                              "text", json_object_get(blk, "text")));
	}
	return out;
}

void certification_apply_drafts(json_t *doc, json_t *drafts)
{
	size_t i, k;
	json_t *sec, *blk;
	json_array_foreach(json_object_get(doc, "sections"), i, sec) json_array_foreach(json_object_get(sec, "blocks"), k, blk) {
		if (!str_eq(json_string_value(json_object_get(blk, "type")), "draft")) continue;
		json_t *d = json_object_get(drafts, json_string_value(json_object_get(blk, "key")));
		json_t *text = json_object_get(d, "text");
		if (!json_is_string(text)) continue;
		if (!json_object_get(blk, "drafted")) json_object_set(blk, "drafted", json_object_get(blk, "text"));
		json_object_set(blk, "text", text);
	}
}

const char *certification_render(store_conn *c, int64_t office_id, json_t *doc, const char *format, buf *out,
                                 char **err)
{
	if (str_eq(format, "json")) {
		char *j = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
		buf_puts(out, j);
		free(j);
		return "application/json";
	}
	if (str_eq(format, "html")) {
		doc_render_html(doc, out);
		return "text/html; charset=utf-8";
	}
	if (str_eq(format, "pdf")) return doc_render_pdf_buf(doc, out, err) == 0 ? "application/pdf" : NULL;
	if (!str_eq(format, "zip")) {
		*err = xasprintf("unknown format %s (html, pdf, json or zip)", format);
		return NULL;
	}
	const char *type = NULL;
	buf html = BUF_INIT, pdf = BUF_INIT;
	char *csv = NULL, *xlsx = NULL, *json = NULL;
	json_t *rows = NULL;
	doc_render_html(doc, &html);
	if (doc_render_pdf_buf(doc, &pdf, err) != 0) goto cleanup;
	/* The feedback itself, as the public-records export: confidential
	** fields left out, personal details scrubbed from free text. */
	redact_counts redacted = {{0}};
	json_t *by_field = NULL;
	int rc = STORE_OK;
	json_t *period = json_object_get(doc, "period");
	rows = feedback_export_rows(c, office_id, json_string_value(json_object_get(period, "from")),
	                            json_string_value(json_object_get(period, "to")), &redacted, &by_field, &rc);
	json_decref(by_field);
	if (!rows) {
		*err = xstrdup("the feedback export failed");
		goto cleanup;
	}
	export_table tbl = {feedback_export_cols, feedback_export_ncols, rows, "Feedback"};
	size_t csv_len = 0, xlsx_len = 0;
	csv = export_csv(&tbl, true, &csv_len);
	xlsx = export_xlsx(&tbl, &xlsx_len, err);
	if (!xlsx) goto cleanup;
	json = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	zip_member m[] = {
		{"packet.pdf", pdf.data, pdf.len},
		{"packet.html", html.data, html.len},
		{"packet.json", json, strlen(json)},
		{"feedback.csv", csv, csv_len},
		{"feedback.xlsx", xlsx, xlsx_len},
	};
	if (doc_write_zip_buf(out, m, (int)countof(m), err) == 0) type = "application/zip";
cleanup:
	json_decref(rows);
	free(csv);
	free(xlsx);
	free(json);
	buf_free(&html);
	buf_free(&pdf);
	return type;
}
