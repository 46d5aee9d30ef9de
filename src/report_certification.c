/*
** report_certification.c: assembles the certification packet (see
** report_certification.h) from the office's own records.  Part 1 (the
** partner registry and who it reaches) is computed here from the registry;
** parts 2-4 call the continuity, feedback and misconception reports, so the
** packet and the reports can never disagree.
*/
#include "report_certification.h"
#include "report_doc.h"
#include "util.h"

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

	json_t *groups = store_query_rows(c, &rc,
	    "SELECT g.name, g.population_share,"
	    " (SELECT COUNT(*) FROM partner_groups pg JOIN partners p ON p.id = pg.partner_id"
	    "   WHERE pg.group_id = g.id AND p.office_id = g.office_id AND p.status = 'active') AS active_partners,"
	    " (SELECT COUNT(*) FROM partner_groups pg JOIN partners p ON p.id = pg.partner_id"
	    "   WHERE pg.group_id = g.id AND p.office_id = g.office_id AND p.status IN ('prospect', 'vetting')) AS prospects"
	    " FROM demographic_groups g WHERE g.office_id = ? ORDER BY g.name",
	    "i", office);
	if (!groups) return rc;
	json_t *gt = json_array();
	buf gaps = BUF_INIT;
	int ngaps = 0;
	json_array_foreach(groups, i, row) {
		json_t *share = json_object_get(row, "population_share");
		char pct[32] = "unknown";
		if (json_is_number(share)) snprintf(pct, sizeof pct, "%.1f%%", json_number_value(share) * 100);
		int64_t ap = json_integer_value(json_object_get(row, "active_partners"));
		json_array_append_new(gt, json_pack("[s,s,O,O]", json_string_value(json_object_get(row, "name")), pct,
		                                    json_object_get(row, "active_partners"), json_object_get(row, "prospects")));
		if (ap == 0) {
			buf_printf(&gaps, "%s%s", ngaps ? "; " : "", json_string_value(json_object_get(row, "name")));
			int64_t pr = json_integer_value(json_object_get(row, "prospects"));
			if (pr) buf_printf(&gaps, " (%lld prospect%s being developed)", (long long)pr, pr == 1 ? "" : "s");
			ngaps++;
		}
	}
	json_decref(groups);
	doc_h3(sec, "Who the partners reach");
	doc_table(sec, json_pack("[s,s,s,s]", "Demographic group", "Share of population", "Active partners", "Prospects"), gt);
	if (ngaps) {
		char *g = xasprintf("Groups no active partner reaches yet: %s.", gaps.data);
		doc_p(sec, g);
		free(g);
	} else {
		doc_p(sec, "Every demographic group on the office's list is reached by at least one active partner.");
	}
	buf_free(&gaps);

	json_t *months = store_query_rows(c, &rc,
	    "SELECT substr(occurred_on, 1, 7) AS month,"
	    " SUM(CASE WHEN direction IN ('office_gave', 'both') THEN 1 ELSE 0 END) AS office_gave,"
	    " SUM(CASE WHEN direction IN ('partner_gave', 'both') THEN 1 ELSE 0 END) AS partner_gave,"
	    " COUNT(*) AS total FROM interactions WHERE office_id = ? AND occurred_on >= ? AND occurred_on <= ?"
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
