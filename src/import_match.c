/*
** import_match.c: headings and values as people write them, to rapport's
** fields and vocabularies (see import_match.h).  Every table here compares
** normalised keys: lower case, letters and digits only.
*/
#include "import_match.h"
#include "domain.h"
#include "util.h"

#include <string.h>
#include <strings.h>

typedef struct synonym {
	const char *key;     /* normalised */
	const char *value;
} synonym;

static const char *lookup(const synonym *table, const char *raw)
{
	char key[128];
	if (!raw) return NULL;
	import_norm_key(raw, key, sizeof key);
	if (!key[0]) return NULL;
	for (int i = 0; table[i].key; i++)
		if (strcmp(table[i].key, key) == 0) return table[i].value;
	return NULL;
}

void import_norm_key(const char *s, char *out, size_t out_size)
{
	size_t n = 0;
	for (; s && *s && n + 1 < out_size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z') out[n++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out[n++] = (char)c;
	}
	out[n] = 0;
}

static const char *const partner_import_fields[] = {
	"name", "kind", "subtype", "status", "website", "address", "languages", "tags", "notes", "shared_goals", NULL};
static const char *const contact_import_fields[] = {
	"full_name", "email", "phone", "partner", "title", "preferred_language", "notes", "started_on", NULL};

const char *const *import_fields(enum import_kind kind)
{
	return kind == IMPORT_PARTNERS ? partner_import_fields : contact_import_fields;
}

static const synonym partner_headers[] = {
	{"name", "name"}, {"organization", "name"}, {"organisation", "name"}, {"org", "name"},
	{"orgname", "name"}, {"organizationname", "name"}, {"organisationname", "name"}, {"partner", "name"},
	{"partnername", "name"}, {"partnerorganization", "name"}, {"agency", "name"}, {"agencyname", "name"},
	{"institution", "name"}, {"company", "name"},
	{"type", "subtype"}, {"subtype", "subtype"}, {"category", "subtype"}, {"sector", "subtype"},
	{"partnertype", "subtype"}, {"orgtype", "subtype"}, {"organizationtype", "subtype"},
	{"organisationtype", "subtype"}, {"typeoforganization", "subtype"},
	{"kind", "kind"}, {"partnerkind", "kind"},
	{"status", "status"}, {"stage", "status"}, {"partnerstatus", "status"}, {"relationshipstatus", "status"},
	{"website", "website"}, {"url", "website"}, {"web", "website"}, {"site", "website"}, {"homepage", "website"},
	{"webaddress", "website"}, {"websiteurl", "website"}, {"webpage", "website"},
	{"address", "address"}, {"streetaddress", "address"}, {"mailingaddress", "address"}, {"location", "address"},
	{"languages", "languages"}, {"language", "languages"}, {"languagesserved", "languages"},
	{"languagesspoken", "languages"},
	{"tags", "tags"}, {"tag", "tags"}, {"labels", "tags"}, {"keywords", "tags"},
	{"notes", "notes"}, {"note", "notes"}, {"comments", "notes"}, {"comment", "notes"},
	{"description", "notes"}, {"remarks", "notes"},
	{"sharedgoals", "shared_goals"}, {"goals", "shared_goals"},
	{NULL, NULL},
};

static const synonym contact_headers[] = {
	{"fullname", "full_name"}, {"name", "full_name"}, {"contact", "full_name"}, {"contactname", "full_name"},
	{"person", "full_name"}, {"contactperson", "full_name"}, {"primarycontact", "full_name"},
	{"email", "email"}, {"emailaddress", "email"}, {"mail", "email"}, {"contactemail", "email"},
	{"phone", "phone"}, {"telephone", "phone"}, {"tel", "phone"}, {"phonenumber", "phone"},
	{"mobile", "phone"}, {"cell", "phone"}, {"contactphone", "phone"},
	{"partner", "partner"}, {"organization", "partner"}, {"organisation", "partner"}, {"org", "partner"},
	{"orgname", "partner"}, {"organizationname", "partner"}, {"organisationname", "partner"},
	{"partnername", "partner"}, {"agency", "partner"}, {"company", "partner"}, {"employer", "partner"},
	{"institution", "partner"},
	{"title", "title"}, {"position", "title"}, {"jobtitle", "title"}, {"role", "title"},
	{"language", "preferred_language"}, {"languages", "preferred_language"},
	{"preferredlanguage", "preferred_language"},
	{"notes", "notes"}, {"note", "notes"}, {"comments", "notes"}, {"comment", "notes"}, {"remarks", "notes"},
	{"since", "started_on"}, {"startdate", "started_on"}, {"startedon", "started_on"}, {"started", "started_on"},
	{NULL, NULL},
};

const char *import_header_field(enum import_kind kind, const char *header)
{
	return lookup(kind == IMPORT_PARTNERS ? partner_headers : contact_headers, header);
}

static const synonym subtypes[] = {
	{"emergencymanagement", "emergency_management"}, {"oem", "emergency_management"},
	{"ema", "emergency_management"}, {"emergencyservices", "emergency_management"},
	{"officeofemergencymanagement", "emergency_management"},
	{"publicinformationoffice", "public_information_office"}, {"pio", "public_information_office"},
	{"publicinformation", "public_information_office"}, {"communicationsoffice", "public_information_office"},
	{"electedofficial", "elected_official"}, {"elected", "elected_official"},
	{"electedofficials", "elected_official"},
	{"it", "it"}, {"informationtechnology", "it"}, {"itdepartment", "it"},
	{"library", "library"}, {"publiclibrary", "library"}, {"libraries", "library"},
	{"schooldistrict", "school_district"}, {"school", "school_district"}, {"schools", "school_district"},
	{"k12", "school_district"}, {"publicschools", "school_district"},
	{"media", "media"}, {"news", "media"}, {"newsmedia", "media"}, {"press", "media"}, {"newspaper", "media"},
	{"radio", "media"}, {"tv", "media"}, {"television", "media"}, {"localmedia", "media"},
	{"communityorganization", "community_organization"}, {"communityorganisation", "community_organization"},
	{"cbo", "community_organization"}, {"communitybasedorganization", "community_organization"},
	{"community", "community_organization"}, {"nonprofit", "community_organization"},
	{"civic", "community_organization"}, {"civicorganization", "community_organization"},
	{"faithgroup", "faith_group"}, {"faithbased", "faith_group"}, {"faith", "faith_group"},
	{"faithbasedorganization", "faith_group"}, {"church", "faith_group"}, {"religious", "faith_group"},
	{"congregation", "faith_group"},
	{"advocacygroup", "advocacy_group"}, {"advocacy", "advocacy_group"},
	{"advocacyorganization", "advocacy_group"},
	{"university", "university"}, {"college", "university"}, {"communitycollege", "university"},
	{"highereducation", "university"}, {"highered", "university"},
	{"tribalgovernment", "tribal_government"}, {"tribal", "tribal_government"}, {"tribe", "tribal_government"},
	{"tribalnation", "tribal_government"},
	{"business", "business"}, {"businesses", "business"}, {"chamberofcommerce", "business"},
	{"employer", "business"},
	{"other", "other"},
	{NULL, NULL},
};

const char *import_subtype_value(const char *raw) { return lookup(subtypes, raw); }

static const synonym kinds[] = {
	{"intragovernmental", "intra_governmental"}, {"government", "intra_governmental"},
	{"governmental", "intra_governmental"}, {"localgovernment", "intra_governmental"},
	{"internal", "intra_governmental"}, {"gov", "intra_governmental"},
	{"institutional", "institutional"}, {"institution", "institutional"}, {"external", "institutional"},
	{"community", "institutional"},
	{NULL, NULL},
};

const char *import_kind_value(const char *raw) { return lookup(kinds, raw); }

static const synonym statuses[] = {
	{"prospect", "prospect"}, {"prospective", "prospect"}, {"potential", "prospect"}, {"lead", "prospect"},
	{"new", "prospect"},
	{"vetting", "vetting"}, {"inreview", "vetting"}, {"review", "vetting"}, {"underreview", "vetting"},
	{"pending", "vetting"},
	{"active", "active"}, {"current", "active"},
	{"dormant", "dormant"}, {"inactive", "dormant"}, {"paused", "dormant"},
	{"ended", "ended"}, {"former", "ended"}, {"closed", "ended"}, {"terminated", "ended"},
	{NULL, NULL},
};

const char *import_status_value(const char *raw) { return lookup(statuses, raw); }

const char *import_default_kind(const char *subtype)
{
	const char *k = partner_subtype_kind(subtype);
	if (k) return k;
	if (str_eq(subtype, "library") || str_eq(subtype, "school_district")) return "intra_governmental";
	if (str_eq(subtype, "university") || str_eq(subtype, "tribal_government")) return "institutional";
	return NULL;
}

static const synonym languages[] = {
	{"english", "en"}, {"spanish", "es"}, {"espanol", "es"}, {"espa\xc3\xb1ol", "es"}, {"chinese", "zh"},
	{"mandarin", "zh"}, {"cantonese", "yue"}, {"vietnamese", "vi"}, {"tiengviet", "vi"}, {"korean", "ko"},
	{"tagalog", "tl"}, {"filipino", "fil"}, {"arabic", "ar"}, {"russian", "ru"}, {"french", "fr"},
	{"haitiancreole", "ht"}, {"kreyol", "ht"}, {"portuguese", "pt"}, {"japanese", "ja"}, {"hindi", "hi"},
	{"somali", "so"}, {"navajo", "nv"}, {"hmong", "hmn"}, {"asl", "ase"}, {"americansignlanguage", "ase"},
	{"bengali", "bn"}, {"bangla", "bn"}, {"punjabi", "pa"}, {"polish", "pl"}, {"german", "de"},
	{"italian", "it"}, {"farsi", "fa"}, {"persian", "fa"}, {"ukrainian", "uk"}, {"khmer", "km"},
	{"lao", "lo"}, {"amharic", "am"}, {"urdu", "ur"}, {"gujarati", "gu"}, {"thai", "th"}, {"yiddish", "yi"},
	{"swahili", "sw"}, {"nepali", "ne"}, {"burmese", "my"}, {"karen", "kar"}, {"dari", "prs"},
	{"pashto", "ps"}, {"tigrinya", "ti"}, {"oromo", "om"}, {"chuukese", "chk"}, {"marshallese", "mh"},
	{"samoan", "sm"}, {"tongan", "to"}, {"hawaiian", "haw"}, {"ilocano", "ilo"}, {"yupik", "esu"},
	{"cherokee", "chr"}, {"ojibwe", "oj"}, {"lakota", "lkt"}, {"tohonoodham", "ood"}, {"apache", "apa"},
	{"keres", "kee"}, {"zuni", "zun"}, {"hopi", "hop"}, {"choctaw", "cho"},
	{NULL, NULL},
};

bool import_language_value(const char *raw, char *out, size_t out_size)
{
	const char *code = lookup(languages, raw);
	if (code) {
		snprintf(out, out_size, "%s", code);
		return true;
	}
	if (raw && language_tag_valid(raw) && strlen(raw) < out_size && strlen(raw) <= 3 + 1 + 8) {
		/* a two- or three-letter name like "Thai" is matched above; a tag stays as written */
		snprintf(out, out_size, "%s", raw);
		return true;
	}
	return false;
}

json_t *import_split_list(const char *raw)
{
	json_t *out = json_array();
	if (str_empty(raw)) return out;
	char *copy = xstrdup(raw);
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
		str_trim(tok);
		if (!*tok) continue;
		bool seen = false;
		size_t i;
		json_t *e;
		json_array_foreach(out, i, e) if (strcasecmp(json_string_value(e), tok) == 0) seen = true;
		if (!seen) json_array_append_new(out, json_string(tok));
	}
	free(copy);
	return out;
}
