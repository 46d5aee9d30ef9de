/*
** domain.c: the vocabularies of domain.h and the few rules that go with
** them (which subtype fits which kind, which status moves are sensible).
*/
#include "domain.h"

#include <string.h>

const char *const partner_kinds[] = {"intra_governmental", "institutional", NULL};
const char *const partner_subtypes[] = {
	"emergency_management", "public_information_office", "elected_official", "it", "library",
	"school_district", "media", "community_organization", "faith_group", "advocacy_group",
	"university", "tribal_government", "business", "other", NULL};
const char *const partner_statuses[] = {"prospect", "vetting", "active", "dormant", "ended", NULL};
const char *const vetting_aspects[] = {"legal", "operational", NULL};
const char *const vetting_outcomes[] = {"pending", "passed", "failed", NULL};
const char *const group_categories[] = {"language", "age", "disability", "geography", "military",
                                        "student", "citizenship", "race_ethnicity", "other", NULL};
const char *const interaction_types[] = {
	"meeting", "call", "email", "event", "tour", "presentation", "training", "media_interview",
	"advisory_meeting", "handover", "outreach_letter", "amplification_ask", "other", NULL};
const char *const interaction_directions[] = {"office_gave", "partner_gave", "both", "neither", NULL};
const char *const liaison_roles[] = {"primary", "backup", NULL};
const char *const verify_statuses[] = {"unverified", "verified", "bounced", NULL};

bool enum_has(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0) return true;
	return false;
}

const char *partner_subtype_kind(const char *subtype)
{
	static const char *const gov[] = {"emergency_management", "public_information_office",
	                                  "elected_official", "it", NULL};
	static const char *const inst[] = {"media", "community_organization", "faith_group",
	                                   "advocacy_group", "business", NULL};
	if (enum_has(gov, subtype)) return "intra_governmental";
	if (enum_has(inst, subtype)) return "institutional";
	return NULL;   /* library, school district, university, tribal government, other */
}

bool partner_status_transition_ok(const char *from, const char *to)
{
	static const struct { const char *from, *to; } ok[] = {
		{"prospect", "vetting"}, {"prospect", "ended"},
		{"vetting", "active"},   {"vetting", "prospect"}, {"vetting", "ended"},
		{"active", "dormant"},   {"active", "ended"},
		{"dormant", "active"},   {"dormant", "ended"},
		{"ended", "prospect"},
	};
	if (strcmp(from, to) == 0) return true;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(ok[i].from, from) == 0 && strcmp(ok[i].to, to) == 0) return true;
	return false;
}

static bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool alnum(char c) { return alpha(c) || (c >= '0' && c <= '9'); }

bool language_tag_valid(const char *tag)
{
	size_t n = 0;
	while (alpha(tag[n])) n++;
	if (n < 2 || n > 3) return false;
	const char *p = tag + n;
	while (*p == '-') {
		p++;
		size_t k = 0;
		while (alnum(p[k])) k++;
		if (k < 2 || k > 8) return false;
		p += k;
	}
	return *p == 0 && strlen(tag) <= 35;
}
