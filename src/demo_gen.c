/*
** demo_gen.c: deterministic generators for fictional data (see demo.h):
** a splitmix64 random stream, names of people, places and organisations,
** what each side gave in an interaction, dates and the election calendar.
**
** Shared by the demo county (demo.c) and the benchmark generator
** (bench_gen.c).  Nothing here touches the database.  Every name is
** invented; addresses use the reserved .example domain and 555-01xx
** telephone numbers.
*/
#include "demo.h"
#include "domain.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- random numbers ---- */

void demo_rng_seed(demo_rng *r, uint64_t seed, const char *stream)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a of the stream name */
	for (const char *p = stream ? stream : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	r->state = seed ^ h;
	demo_next(r);
}

uint64_t demo_next(demo_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int demo_int(demo_rng *r, int lo, int hi)
{
	if (hi <= lo) return lo;
	uint64_t range = (uint64_t)((int64_t)hi - lo + 1);
	return lo + (int)(((demo_next(r) >> 32) * range) >> 32);
}

double demo_unit(demo_rng *r) { return (double)(demo_next(r) >> 11) * (1.0 / 9007199254740992.0); }

bool demo_chance(demo_rng *r, double p) { return demo_unit(r) < p; }

const char *demo_pick(demo_rng *r, const char *const *list)
{
	int n = 0;
	while (list[n]) n++;
	return n ? list[demo_int(r, 0, n - 1)] : NULL;
}

/* ---- places and people ---- */

static const char *const towns[] = {
	"Alder Creek", "Cedar Flats", "Piñon Springs", "Red Mesa", "Coldwater", "Elk Ridge", "Sagebrush",
	"Juniper City", "Willow Bend", "Granite Falls", "Bluebird", "Stillwater", "Copper Hollow",
	"Aspen Gulch", "Lone Pine", "Dry Fork", "Kestrel", "Three Forks", "Sunset Mesa", "Antelope Valley",
	"Mariposa Flats", "Badger Hill", "Cottonwood", "Thistle Ridge", "Quail Run", "Owl Creek",
	"Pine Hollow", "Saltbush", "Tamarack", "Vista Verde", "Yarrow", "Zephyr Junction", NULL};

static const char *const streets[] = {
	"Main Street", "Mesa Avenue", "Cottonwood Drive", "Railroad Avenue", "Second Street",
	"Juniper Road", "Canyon Boulevard", "Elm Street", "River Road", "Sage Lane", "College Avenue",
	"Center Street", NULL};

const char *demo_town(demo_rng *r) { return demo_pick(r, towns); }

static const char *const first_general[] = {
	"James", "Emily", "Sarah", "Michael", "Aisha", "Daniel", "Grace", "Robert", "Hannah", "Kevin",
	"Olivia", "Samuel", "Ruth", "Ethan", "Fatima", "Noah", "Megan", "Tyler", "Dorothy", "Wei",
	"Amara", "Jordan", "Priya", "Caleb", "Naomi", "Marcus", "Leah", "Darnell", "Colleen", "Raymond",
	"Irene", "Tariq", "Bethany", "Gordon", "Yuki", "Shauna", NULL};
static const char *const last_general[] = {
	"Johnson", "Miller", "Anderson", "Thompson", "Begay", "Okafor", "Chen", "Patel", "Kowalski",
	"O'Brien", "Schmidt", "Walker", "Brooks", "Tsosie", "Larsen", "Whitaker", "Abernathy", "Kim",
	"Haddad", "Lindqvist", "Morales", "Friedman", "Yamamoto", "Carver", "Dubois", "Mensah", NULL};
static const char *const first_es[] = {
	"María", "José", "Guadalupe", "Luis", "Carmen", "Alejandro", "Sofía", "Javier", "Ana", "Miguel",
	"Lucía", "Ramón", "Elena", "Andrés", "Verónica", NULL};
static const char *const last_es[] = {
	"García", "Hernández", "Martínez", "López", "Ramírez", "Flores", "Ortiz", "Castillo", "Núñez",
	"Vargas", "Salazar", "Gutiérrez", NULL};
static const char *const first_vi[] = {
	"Lan", "Minh", "Hương", "Tuấn", "Thảo", "Đức", "Mai", "Khánh", "Phương", "Bảo", "Linh", NULL};
static const char *const last_vi[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", NULL};

void demo_person_name(demo_rng *r, const char *language, buf *out)
{
	const char *const *first = first_general, *const *last = last_general;
	/* Most people at a community's organisation, not all, carry its names. */
	if (str_eq(language, "es") && demo_chance(r, 0.75)) first = first_es, last = last_es;
	else if (str_eq(language, "vi") && demo_chance(r, 0.8)) first = first_vi, last = last_vi;
	else if (demo_chance(r, 0.15)) first = first_es, last = last_es;
	buf_printf(out, "%s %s", demo_pick(r, first), demo_pick(r, last));
}

/* ---- organisations ---- */

/* Templates: %T a town, %P a newspaper title, %S a saint, %C radio call
** letters, %F a frequency, %N a number. */
static const struct {
	const char *subtype;
	const char *const templates[6];
} org_templates[] = {
	{"emergency_management", {"%T Fire Protection District", "%T Office of Emergency Management",
	                          "%T Search and Rescue", NULL}},
	{"public_information_office", {"%T Communications Office", "Town of %T Public Information Office", NULL}},
	{"elected_official", {"%T Town Council", "Office of the Mayor of %T", "%T Board of Trustees", NULL}},
	{"it", {"%T Information Technology Services", "%T Network Operations", NULL}},
	{"library", {"%T Branch Library", "%T Public Library", "%T Library Bookmobile", NULL}},
	{"school_district", {"%T School District RE-%N", "%T High School", "%T Middle School", NULL}},
	{"media", {"The %T %P", "%C %F FM", "%T Community Radio", "%T Public Access Television", NULL}},
	{"community_organization", {"%T Senior Center", "%T Neighborhood Association", "%T Community Center",
	                            "%T Food Bank", "%T Grange", NULL}},
	{"faith_group", {"%T Community Church", "First Baptist Church of %T", "St. %S Parish",
	                 "%T Friends Meeting", "%T Interfaith Alliance", NULL}},
	{"advocacy_group", {"%T Disability Resource Center", "%T Tenants Union", "%T Veterans Alliance",
	                    "%T Youth Vote Project", NULL}},
	{"university", {"%T Community College", "%T Technical College", NULL}},
	{"tribal_government", {"%T Tribal Elections Office", "%T Tribal Council", NULL}},
	{"business", {"%T Chamber of Commerce", "%T Grocers Co-op", "%T Farmers Market Association", NULL}},
	{"other", {"%T Housing Authority", "%T Recreation District", "%T Fairgrounds", NULL}},
};

static const char *const papers[] = {"Courier", "Ledger", "Herald", "Gazette", "Sentinel", "Tribune",
                                     "Dispatch", "Weekly", NULL};
static const char *const saints[] = {"Anne's", "Joseph's", "Francis", "Mary's", "Paul's", "Brigid's", NULL};

void demo_partner_name(demo_rng *r, const char *subtype, buf *out)
{
	const char *const *t = org_templates[countof(org_templates) - 1].templates;
	for (size_t i = 0; i < countof(org_templates); i++)
		if (str_eq(org_templates[i].subtype, subtype)) t = org_templates[i].templates;
	for (const char *p = demo_pick(r, t); *p; p++) {
		if (*p != '%' || !p[1]) {
			buf_putc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'T': buf_puts(out, demo_town(r)); break;
		case 'P': buf_puts(out, demo_pick(r, papers)); break;
		case 'S': buf_puts(out, demo_pick(r, saints)); break;
		case 'C': buf_printf(out, "K%c%c%c", 'A' + demo_int(r, 0, 25), 'A' + demo_int(r, 0, 25), 'A' + demo_int(r, 0, 25)); break;
		case 'F': buf_printf(out, "%d.%d", demo_int(r, 88, 107), 1 + 2 * demo_int(r, 0, 4)); break;
		case 'N': buf_printf(out, "%d", demo_int(r, 1, 60)); break;
		default: buf_putc(out, *p);
		}
	}
}

const char *demo_partner_kind(demo_rng *r, const char *subtype)
{
	static const char *const gov[] = {"emergency_management", "public_information_office",
	                                  "elected_official", "it", "library", "school_district", NULL};
	static const char *const either[] = {"other", NULL};
	if (enum_has(gov, subtype)) return "intra_governmental";
	if (enum_has(either, subtype) && demo_chance(r, 0.5)) return "intra_governmental";
	return "institutional";   /* includes universities and tribal governments: outside the county */
}

/* ---- addresses ---- */

/* Transliterates the Latin letters of UTF-8 text to lower-case ASCII,
** dropping everything else but keep (e.g. '.'). */
static void ascii_fold(const char *s, const char *keep, buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char ch = *p;
		if (ch < 0x80) {
			if (ch >= 'A' && ch <= 'Z') buf_putc(out, (char)(ch + 32));
			else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (keep && strchr(keep, ch)))
				buf_putc(out, (char)ch);
			p++;
			continue;
		}
		unsigned cp = 0;
		int n = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
		cp = ch & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
		for (int i = 1; i < n && p[i]; i++) cp = (cp << 6) | (p[i] & 0x3F);
		for (int i = 0; i < n && *p; i++) p++;
		/* Latin-1 and the Vietnamese letters of Latin Extended Additional. */
		char base = 0;
		if (cp >= 0xC0 && cp <= 0xFF) base = "aaaaaaaceeeeiiiidnooooo/ouuuuyts"[(cp - 0xC0) & 31];
		else if (cp == 0x110 || cp == 0x111) base = 'd';
		else if (cp >= 0x1EA0 && cp <= 0x1EB7) base = 'a';
		else if (cp >= 0x1EB8 && cp <= 0x1EC7) base = 'e';
		else if (cp >= 0x1EC8 && cp <= 0x1ECB) base = 'i';
		else if (cp >= 0x1ECC && cp <= 0x1EE3) base = 'o';
		else if (cp >= 0x1EE4 && cp <= 0x1EF1) base = 'u';
		else if (cp >= 0x1EF2 && cp <= 0x1EF9) base = 'y';
		else if (cp == 0x1A1 || cp == 0x1A0) base = 'o';
		else if (cp == 0x1B0 || cp == 0x1AF) base = 'u';
		if (base && base != '/') buf_putc(out, base);
	}
}

void demo_domain(const char *org_name, buf *out)
{
	static const char *const skip[] = {"the", "of", "and", "for", NULL};
	size_t start = out->len;
	const char *p = org_name;
	while (*p) {
		while (*p == ' ') p++;
		size_t n = strcspn(p, " ");
		char word[64];
		snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
		str_lower_ascii(word);
		if (!enum_has(skip, word)) ascii_fold(word, NULL, out);
		p += n;
	}
	if (out->len - start > 20) {
		out->len = start + 20;
		out->data[out->len] = 0;
	}
	if (out->len == start) buf_puts(out, "org");
	buf_puts(out, ".example");
}

void demo_email(const char *person, const char *domain, buf *out)
{
	const char *space = strrchr(person, ' ');
	char *first = xstrndup(person, space ? (size_t)(space - person) : strlen(person));
	ascii_fold(first, NULL, out);   /* first.last, folded to ASCII */
	free(first);
	if (space) {
		buf_putc(out, '.');
		ascii_fold(space + 1, NULL, out);
	}
	buf_printf(out, "@%s", domain);
}

void demo_address(demo_rng *r, buf *out)
{
	buf_printf(out, "%d %s, %s", demo_int(r, 10, 2999), demo_pick(r, streets), demo_town(r));
}

void demo_phone(demo_rng *r, buf *out)
{
	static const char *const areas[] = {"970", "719", NULL};
	buf_printf(out, "(%s) 555-01%02d", demo_pick(r, areas), demo_int(r, 0, 99));
}

/* ---- what people do ---- */

const char *demo_contact_title(demo_rng *r, const char *subtype)
{
	static const struct { const char *subtype; const char *const titles[5]; } t[] = {
		{"emergency_management", {"Emergency Manager", "Deputy Emergency Manager", "Planning Chief", NULL}},
		{"public_information_office", {"Public Information Officer", "Communications Director", "Social Media Coordinator", NULL}},
		{"elected_official", {"Chief of Staff", "Constituent Services Director", "Council Member", NULL}},
		{"it", {"Chief Information Officer", "Network Manager", "Security Analyst", NULL}},
		{"library", {"Branch Manager", "Adult Services Librarian", "Outreach Librarian", "Library Director"}},
		{"school_district", {"Superintendent", "Social Studies Coordinator", "Principal", "Civics Teacher"}},
		{"media", {"News Director", "Reporter", "Editor", "Morning Show Host"}},
		{"community_organization", {"Executive Director", "Program Coordinator", "Outreach Manager", "Board Chair"}},
		{"faith_group", {"Pastor", "Outreach Minister", "Community Liaison", "Imam"}},
		{"advocacy_group", {"Executive Director", "Policy Director", "Organizer", "Accessibility Specialist"}},
		{"university", {"Dean of Students", "Director of Civic Engagement", "Student Government President", NULL}},
		{"tribal_government", {"Tribal Election Administrator", "Council Secretary", "Community Services Director", NULL}},
		{"business", {"President", "Member Services Manager", "Owner", NULL}},
	};
	for (size_t i = 0; i < countof(t); i++)
		if (str_eq(t[i].subtype, subtype)) {
			int n = 0;
			while (n < 5 && t[i].titles[n]) n++;
			return t[i].titles[demo_int(r, 0, n - 1)];
		}
	static const char *const dflt[] = {"Director", "Manager", "Coordinator", NULL};
	return demo_pick(r, dflt);
}

const char *demo_partner_note(demo_rng *r, const char *subtype)
{
	static const char *const general[] = {
		"Prefers email; replies within a day or two.",
		"Busiest in late summer; plan asks early.",
		"Has a monthly newsletter that reaches members across the county.",
		"Asked to be told before any change to polling places near them.",
		"Meeting room available on weekday evenings.",
		NULL};
	static const char *const media[] = {
		"Deadline for the weekly edition is Tuesday noon.",
		"Runs a call-in show on Thursday mornings; open to election segments.",
		NULL};
	static const char *const gov[] = {
		"Shares the county's emergency notification system with us.",
		"Standing agenda item at their monthly meeting before each election.",
		NULL};
	if (str_eq(subtype, "media")) return demo_pick(r, media);
	if (str_eq(subtype, "emergency_management") || str_eq(subtype, "public_information_office"))
		return demo_pick(r, gov);
	return demo_pick(r, general);
}

const char *demo_shared_goal(demo_rng *r)
{
	static const char *const goals[] = {
		"Every eligible member registered before the deadline",
		"Accurate voting information in the languages our community speaks",
		"Accessible polling places and voting equipment",
		"A plan for election day emergencies",
		"Answer rumors quickly with facts from the office",
		"More young people voting for the first time",
		"Reach rural voters who live far from a vote center",
		"Seniors know how to vote by mail and return their ballots",
		"Students understand how elections are run",
		"New citizens register at their naturalization ceremony",
		NULL};
	return demo_pick(r, goals);
}

const char *demo_tag(demo_rng *r)
{
	static const char *const tags[] = {"vote-center-host", "drop-box-host", "translation", "newsletter",
	                                   "social-media", "polling-place", "rural", "youth", "spanish",
	                                   "registration-drives", NULL};
	return demo_pick(r, tags);
}

const char *demo_interaction_type(demo_rng *r, const char *subtype)
{
	static const struct { const char *subtype; const char *const types[8]; } t[] = {
		{"media", {"media_interview", "media_interview", "call", "email", "amplification_ask", "tour", NULL}},
		{"emergency_management", {"meeting", "training", "training", "call", "email", "tour", NULL}},
		{"public_information_office", {"meeting", "email", "amplification_ask", "call", NULL}},
		{"library", {"event", "presentation", "meeting", "email", "amplification_ask", NULL}},
		{"school_district", {"presentation", "presentation", "event", "email", "meeting", NULL}},
		{"university", {"presentation", "event", "tour", "meeting", "email", NULL}},
		{"faith_group", {"event", "presentation", "meeting", "call", "amplification_ask", NULL}},
		{"community_organization", {"event", "presentation", "meeting", "call", "amplification_ask", "tour", NULL}},
		{"advocacy_group", {"meeting", "tour", "training", "call", "email", NULL}},
		{"tribal_government", {"meeting", "presentation", "event", "call", NULL}},
		{"elected_official", {"meeting", "email", "call", "tour", NULL}},
		{"it", {"meeting", "email", "training", NULL}},
	};
	for (size_t i = 0; i < countof(t); i++)
		if (str_eq(t[i].subtype, subtype)) return demo_pick(r, t[i].types);
	static const char *const dflt[] = {"meeting", "event", "call", "email", NULL};
	return demo_pick(r, dflt);
}

const char *demo_office_gave(demo_rng *r, const char *type)
{
	static const struct { const char *type; const char *const gave[4]; } t[] = {
		{"presentation", {"A 30-minute presentation on registering and voting by mail",
		                  "A talk on how ballots are counted and checked", "Q&A on accessible voting options", NULL}},
		{"tour", {"A tour of the ballot processing center and signature verification",
		          "A walk-through of a vote center with the accessible voting equipment", NULL}},
		{"training", {"Training on the vote-center emergency plan", "Training for volunteers on registration rules", NULL}},
		{"event", {"A voter registration table with two staff", "Sample ballots and the voter guide in English and Spanish", NULL}},
		{"media_interview", {"An interview on ballot deadlines and drop box locations",
		                     "An explanation of the post-election audit", NULL}},
		{"amplification_ask", {"A ready-to-share post and graphic on the registration deadline",
		                       "Fact sheet answering a rumor about drop boxes", NULL}},
		{"advisory_meeting", {"The draft outreach plan for the next election", NULL}},
		{"outreach_letter", {"A letter introducing the office and what it can offer", NULL}},
	};
	for (size_t i = 0; i < countof(t); i++)
		if (str_eq(t[i].type, type)) return demo_pick(r, t[i].gave);
	static const char *const dflt[] = {"The election calendar and key deadlines", "Answers to questions about mail ballots",
	                                   "The updated drop box map", "The draft list of vote centers for review", NULL};
	return demo_pick(r, dflt);
}

const char *demo_partner_gave(demo_rng *r, const char *type)
{
	static const char *const media[] = {"Ran a story on the new vote centers", "Aired the deadline reminder twice",
	                                    "Told us what listeners are asking about counting", NULL};
	static const char *const general[] = {
		"Shared our post with about 2,000 followers", "Hosted the event in their space",
		"Reported questions members are asking about mail ballots",
		"Put the registration deadline in their newsletter", "Told us about a rumor on drop boxes going around",
		"Feedback on the accessibility of the vote center", "Volunteers for the registration table",
		"Agreed to host a ballot drop box", "Recommendations for reaching first-time voters", NULL};
	if (str_eq(type, "media_interview")) return demo_pick(r, media);
	return demo_pick(r, general);
}

void demo_interaction_summary(demo_rng *r, const char *type, const char *partner, buf *out)
{
	static const struct { const char *type; const char *const fmt[3]; } t[] = {
		{"meeting", {"Planning meeting with %s", "Check-in with %s before the election", NULL}},
		{"call", {"Call with %s", "Phone call with %s about deadlines", NULL}},
		{"email", {"Emails with %s about the election calendar", "Sent %s the updated drop box map", NULL}},
		{"event", {"Registration table at a %s event", "Community fair with %s", NULL}},
		{"tour", {"Tour of the ballot processing center for %s", NULL}},
		{"presentation", {"Presentation on voting by mail at %s", "How elections are run: talk for %s", NULL}},
		{"training", {"Election-day emergency training with %s", "Volunteer training with %s", NULL}},
		{"media_interview", {"Interview with %s on ballot deadlines", "On-air segment with %s", NULL}},
		{"advisory_meeting", {"Election advisory group meeting (%s attending)", NULL}},
		{"outreach_letter", {"Introduction letter sent to %s", NULL}},
		{"amplification_ask", {"Asked %s to share the registration deadline", "Asked %s to share a fact check", NULL}},
	};
	const char *fmt = "Note about %s";
	for (size_t i = 0; i < countof(t); i++)
		if (str_eq(t[i].type, type)) {
			int n = t[i].fmt[1] ? 2 : 1;
			fmt = t[i].fmt[demo_int(r, 0, n - 1)];
		}
	const char *pct = strstr(fmt, "%s");
	buf_append(out, fmt, (size_t)(pct - fmt));
	buf_puts(out, partner);
	buf_puts(out, pct + 2);
}

/* ---- dates ---- */

static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t demo_today(void) { return time_now_secs() / 86400; }

void demo_date(int64_t day, char out[11])
{
	char iso[ISO_TIME_LEN];
	time_iso_from_epoch(day * 86400, iso);
	memcpy(out, iso, 10);
	out[10] = 0;
}

bool demo_parse_day(const char *s, int64_t *day)
{
	int64_t secs;
	if (!date_valid(s) || !time_parse_iso(s, &secs)) return false;
	*day = secs / 86400;
	return true;
}

int demo_weekday(int64_t day) { return (int)(((day % 7) + 11) % 7); }   /* 1970-01-01 was a Thursday */

/* The day of the n-th (1-based) weekday wd of a month. */
static int64_t nth_weekday(int y, int m, int wd, int n)
{
	int64_t first = days_from_civil(y, m, 1);
	return first + (wd - demo_weekday(first) + 7) % 7 + 7 * (n - 1);
}

int demo_elections(int64_t from, int64_t to, demo_election *out, int max)
{
	char d[11];
	demo_date(from, d);
	int y0 = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int n = 0;
	for (int y = y0; y <= y0 + 40 && n < max; y++) {
		demo_election e[3];
		int k = 0;
		if (y % 4 == 0) {
			e[k].day = nth_weekday(y, 3, 2, 1);   /* first Tuesday of March */
			snprintf(e[k].name, sizeof e[k].name, "%d Presidential Primary", y);
			e[k++].type = "presidential_primary";
		}
		if (y % 2 == 0) {
			int64_t last = days_from_civil(y, 6, 30);
			e[k].day = last - (demo_weekday(last) - 2 + 7) % 7;   /* last Tuesday of June */
			snprintf(e[k].name, sizeof e[k].name, "%d Primary Election", y);
			e[k++].type = "primary";
		}
		e[k].day = nth_weekday(y, 11, 1, 1) + 1;   /* the Tuesday after the first Monday of November */
		snprintf(e[k].name, sizeof e[k].name, "%d %s Election", y, y % 2 ? "Coordinated" : "General");
		e[k++].type = y % 2 ? "coordinated" : "general";
		for (int i = 0; i < k && n < max; i++) {
			if (e[i].day > to) return n;
			if (e[i].day >= from) out[n++] = e[i];
		}
	}
	return n;
}

double demo_season_weight(const demo_election *e, int n, int64_t day)
{
	double w = 1.0;
	for (int i = 0; i < n; i++) {
		double peak = str_eq(e[i].type, "general") ? 4.0 : 2.0;
		int64_t before = e[i].day - day;
		if (before >= 0 && before <= 60) {
			double v = 1.0 + peak * (1.0 - (double)before / 60.0);
			if (v > w) w = v;
		} else if (before < 0 && before >= -21 && w < 1.8) {
			w = 1.8;   /* debriefs and thank-yous after the count */
		}
	}
	return w;
}

int64_t demo_seasonal_day(demo_rng *r, const demo_election *e, int n, int64_t from, int64_t to)
{
	if (to <= from) return from;
	int64_t d = from;
	for (int tries = 0; tries < 200; tries++) {
		d = from + demo_int(r, 0, (int)(to - from));
		int wd = demo_weekday(d);
		double w = demo_season_weight(e, n, d) * (wd == 0 || wd == 6 ? 0.25 : 1.0);
		if (demo_unit(r) * 5.0 < w) return d;
	}
	return d;
}
