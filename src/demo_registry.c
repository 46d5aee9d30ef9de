/*
** demo_registry.c: the registry part of the demo county (see demo.h):
** demographic groups with population shares, partners of both kinds across
** every subtype with a dated status history and vetting decisions that fit
** the status, contacts with dated affiliations (some moved, some left),
** primary and backup liaisons (some held by a staff member who left), and
** interactions over the last two years that peak before elections, with
** follow-ups (some overdue).  Everything is indexed for search and audited.
**
** Invariants the tests check: an active (or once active) partner passed
** both reviews; no contact holds two current affiliations at one partner;
** last_interaction_on is the date of the partner's newest interaction.
*/
#include "demo.h"
#include "domain.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

/* The office's demographic groups.  The first ten are the defaults every
** office starts with (seed.c); the demo adds shares and three more. */
enum { G_ES, G_ZH, G_VI, G_YOUNG, G_SENIOR, G_DISAB, G_RURAL, G_MIL, G_STUDENT, G_NEWCIT, G_NATIVE,
       G_LATINO, G_DEAF, G_COUNT };
#define B(g) (1u << (g))

static const struct {
	const char *name, *category, *language;
	double share;
} groups[G_COUNT] = {
	[G_ES] = {"Spanish-speaking voters", "language", "es", 0.14},
	[G_ZH] = {"Chinese-speaking voters", "language", "zh", 0.012},
	[G_VI] = {"Vietnamese-speaking voters", "language", "vi", 0.031},
	[G_YOUNG] = {"Young voters (18-24)", "age", NULL, 0.11},
	[G_SENIOR] = {"Seniors (65+)", "age", NULL, 0.19},
	[G_DISAB] = {"Voters with disabilities", "disability", NULL, 0.13},
	[G_RURAL] = {"Rural voters", "geography", NULL, 0.27},
	[G_MIL] = {"Military and overseas voters", "military", NULL, 0.02},
	[G_STUDENT] = {"Students", "student", NULL, 0.07},
	[G_NEWCIT] = {"New citizens", "citizenship", NULL, 0.03},
	[G_NATIVE] = {"Native American voters", "race_ethnicity", NULL, 0.04},
	[G_LATINO] = {"Latino voters", "race_ethnicity", NULL, 0.22},
	[G_DEAF] = {"Deaf and hard-of-hearing voters", "disability", "ase", 0.03},
};

/* The county's well-known organisations; the rest are generated.  status
** NULL draws one; langs and tags are '|'-separated. */
typedef struct org {
	const char *name, *subtype, *kind;
	unsigned groups;
	const char *langs, *status, *tags;
} org;

#define GOV "intra_governmental"
#define INST "institutional"
static const org curated[] = {
	{"Juniper County Office of Emergency Management", "emergency_management", GOV, 0, NULL, "active", "polling-place"},
	{"Juniper County Public Information Office", "public_information_office", GOV, 0, NULL, "active", "social-media"},
	{"Juniper County Board of Commissioners", "elected_official", GOV, 0, NULL, "active", NULL},
	{"Juniper County Information Technology", "it", GOV, 0, NULL, "active", NULL},
	{"Juniper County GIS Division", "it", GOV, B(G_RURAL), NULL, "active", NULL},
	{"Juniper City Fire Department", "emergency_management", GOV, 0, NULL, "active", NULL},
	{"Juniper City Council", "elected_official", GOV, 0, NULL, "dormant", NULL},
	{"Juniper County Sheriff's Office Community Relations", "emergency_management", GOV, 0, NULL, "vetting", NULL},
	{"Juniper County Library District: Main Library", "library", GOV, B(G_SENIOR) | B(G_ES) | B(G_VI), "es|vi", "active", "vote-center-host|drop-box-host"},
	{"Cedar Flats Branch Library", "library", GOV, B(G_RURAL) | B(G_SENIOR), NULL, "active", "drop-box-host|rural"},
	{"Red Mesa Branch Library", "library", GOV, B(G_RURAL) | B(G_NATIVE), NULL, "active", "rural"},
	{"Piñon Springs Branch Library", "library", GOV, B(G_ES) | B(G_LATINO), "es", "active", "spanish"},
	{"Juniper Valley School District 27J", "school_district", GOV, B(G_YOUNG) | B(G_STUDENT), NULL, "active", "youth"},
	{"Red Mesa School District RE-2", "school_district", GOV, B(G_YOUNG) | B(G_RURAL) | B(G_NATIVE), NULL, "active", "youth|rural"},
	{"Juniper High School Civics Department", "school_district", GOV, B(G_YOUNG) | B(G_STUDENT), NULL, "active", "youth"},
	{"Juniper County Aging and Adult Services", "other", GOV, B(G_SENIOR) | B(G_DISAB), NULL, "active", NULL},
	{"Juniper County Veterans Service Office", "other", GOV, B(G_MIL), NULL, "active", NULL},
	{"Juniper County Housing Authority", "other", GOV, B(G_SENIOR), NULL, "prospect", NULL},
	{"The Juniper Courier", "media", INST, 0, NULL, "active", "newsletter"},
	{"Cedar Flats Weekly Ledger", "media", INST, B(G_RURAL), NULL, "active", "rural"},
	{"KJNP 91.3 Juniper Public Radio", "media", INST, 0, NULL, "active", NULL},
	{"Radio Alegría 1450 AM", "media", INST, B(G_ES) | B(G_LATINO), "es", "active", "spanish"},
	{"Việt Báo Mountain West", "media", INST, B(G_VI), "vi", "active", "translation"},
	{"La Voz del Valle", "media", INST, B(G_ES) | B(G_LATINO), "es", "dormant", "spanish"},
	{"Juniper Valley Public Television", "media", INST, 0, NULL, "vetting", NULL},
	{"Vietnamese-American Community Association of Juniper County", "community_organization", INST, B(G_VI) | B(G_NEWCIT), "vi", "active", "translation|advisory-group"},
	{"Latino Civic League of Juniper County", "community_organization", INST, B(G_ES) | B(G_LATINO) | B(G_NEWCIT) | B(G_YOUNG), "es", "active", "spanish|registration-drives|advisory-group"},
	{"Juniper County Senior Center", "community_organization", INST, B(G_SENIOR), NULL, "active", "vote-center-host|advisory-group"},
	{"Cedar Flats Senior Center", "community_organization", INST, B(G_SENIOR) | B(G_RURAL), NULL, "active", "rural"},
	{"Red Mesa Senior Center", "community_organization", INST, B(G_SENIOR) | B(G_RURAL) | B(G_NATIVE), NULL, "dormant", "rural"},
	{"Juniper Valley Refugee and Immigrant Services", "community_organization", INST, B(G_NEWCIT) | B(G_VI) | B(G_ES), "es|vi|am", "active", "translation"},
	{"Boys & Girls Club of Juniper Valley", "community_organization", INST, B(G_YOUNG), NULL, "prospect", "youth"},
	{"Juniper County 4-H Council", "community_organization", INST, B(G_RURAL) | B(G_YOUNG), NULL, "active", "rural|youth"},
	{"Elk Ridge Grange", "community_organization", INST, B(G_RURAL), NULL, "active", "rural|polling-place"},
	{"Juniper Chinese Cultural Association", "community_organization", INST, B(G_ZH) | B(G_NEWCIT), "zh-Hant|zh-Hans", "prospect", NULL},
	{"Ethiopian Community Association of Juniper", "community_organization", INST, B(G_NEWCIT), "am", "vetting", NULL},
	{"Juniper Neighborhood Alliance", "community_organization", INST, 0, NULL, "ended", NULL},
	{"Juniper Young Professionals", "community_organization", INST, B(G_YOUNG), NULL, "dormant", "youth"},
	{"VFW Post 1187 Juniper City", "community_organization", INST, B(G_MIL) | B(G_SENIOR), NULL, "active", NULL},
	{"Mountain West Military Families Network", "advocacy_group", INST, B(G_MIL), NULL, "dormant", NULL},
	{"First Methodist Church of Juniper City", "faith_group", INST, B(G_SENIOR), NULL, "active", "polling-place"},
	{"St. Anne's Catholic Parish", "faith_group", INST, B(G_ES) | B(G_LATINO), "es", "active", "drop-box-host|spanish"},
	{"Iglesia Nueva Esperanza", "faith_group", INST, B(G_ES) | B(G_LATINO), "es", "active", "spanish"},
	{"Juniper Valley Islamic Center", "faith_group", INST, B(G_NEWCIT), "ar|so", "active", NULL},
	{"Temple Beth Shalom of Juniper", "faith_group", INST, 0, NULL, "dormant", NULL},
	{"Chùa Phước Hải Buddhist Temple", "faith_group", INST, B(G_VI) | B(G_SENIOR), "vi", "active", "translation"},
	{"Red Mesa Interfaith Council", "faith_group", INST, B(G_RURAL), NULL, "vetting", "rural"},
	{"Grace Lutheran Church", "faith_group", INST, B(G_SENIOR), NULL, "prospect", NULL},
	{"New Life Fellowship of Juniper", "faith_group", INST, 0, NULL, "ended", NULL},
	{"Juniper Center for Independent Living", "advocacy_group", INST, B(G_DISAB), NULL, "active", "advisory-group"},
	{"Deaf and Hard of Hearing Services of Juniper", "advocacy_group", INST, B(G_DEAF) | B(G_DISAB), "ase", "active", NULL},
	{"Blind and Low Vision Alliance of Juniper", "advocacy_group", INST, B(G_DISAB) | B(G_SENIOR), NULL, "active", NULL},
	{"Juniper County Voter Access Coalition", "advocacy_group", INST, B(G_DISAB) | B(G_YOUNG) | B(G_ES), "es", "active", "registration-drives"},
	{"Juniper Students for Civic Engagement", "advocacy_group", INST, B(G_STUDENT) | B(G_YOUNG), NULL, "active", "youth|registration-drives"},
	{"Mountain West Disability Rights Network", "advocacy_group", INST, B(G_DISAB), NULL, "vetting", NULL},
	{"Juniper Taxpayers Action Fund", "advocacy_group", INST, 0, NULL, "ended", NULL},
	{"Juniper State University", "university", INST, B(G_STUDENT) | B(G_YOUNG), NULL, "active", "vote-center-host|youth"},
	{"JSU Center for Civic Engagement", "university", INST, B(G_STUDENT) | B(G_YOUNG), NULL, "active", "youth|advisory-group"},
	{"Red Mesa Community College", "university", INST, B(G_STUDENT) | B(G_RURAL) | B(G_NATIVE), NULL, "active", "youth|rural"},
	{"JSU International Student Services", "university", INST, B(G_STUDENT) | B(G_NEWCIT), NULL, "prospect", NULL},
	{"Sage Mountain Tribal Government", "tribal_government", INST, B(G_NATIVE) | B(G_RURAL), NULL, "active", "advisory-group|rural"},
	{"Sage Mountain Tribal Elections Office", "tribal_government", INST, B(G_NATIVE) | B(G_RURAL), NULL, "active", "polling-place"},
	{"Sage Mountain Senior Services", "tribal_government", INST, B(G_NATIVE) | B(G_SENIOR), NULL, "vetting", NULL},
	{"Juniper Valley Chamber of Commerce", "business", INST, 0, NULL, "active", "newsletter"},
	{"Piñon Springs Grocers Co-op", "business", INST, B(G_RURAL) | B(G_ES), "es", "dormant", "rural"},
	{"Mesa Print & Mail", "business", INST, 0, NULL, "prospect", NULL},
	{"Juniper County Fairgrounds", "other", GOV, 0, NULL, "active", "vote-center-host"},
	{"Juniper Public Transit", "other", GOV, B(G_SENIOR) | B(G_DISAB) | B(G_RURAL), NULL, "active", "rural"},
	{"Cottonwood Apartments Residents Council", "community_organization", INST, B(G_SENIOR), NULL, "prospect", NULL},
	{"Juniper Valley Literacy Council", "community_organization", INST, B(G_NEWCIT) | B(G_ES), "es", "active", "spanish"},
};

/* Staff, by their index in ctx->users (demo.c's staff[] order). */
enum { U_ADMIN, U_DIRECTOR, U_COORD, U_COORD2, U_STAFF, U_STAFF2, U_VIEWER, U_DEPARTED };

/* What the registry seeder knows about each partner beyond demo_partner. */
typedef struct plan {
	const org *o;
	unsigned groups;
	const char *langs, *tags;
	int ended_from;               /* for ended: 0 prospect, 1 vetting, 2 active */
	int64_t vet_day;              /* entered vetting (0: never) */
	int64_t prev_user, handover_day;   /* an earlier primary liaison and when it changed */
	int64_t win_from, win_to;     /* the days interactions fall in */
	int first_contact, ncontacts;
	char domain[64];
} plan;

typedef struct reg {
	demo_ctx *ctx;
	demo_rng rng;
	plan *plans;
	int64_t group_ids[G_COUNT];
} reg;

#define T (g->ctx->today)
#define USER(i) (g->ctx->users[(i)].id)

static void at_time(demo_rng *r, int64_t day, char out[ISO_TIME_LEN])
{
	/* office hours in Mountain time, stored in UTC */
	time_iso_from_epoch(day * 86400 + demo_int(r, 15, 23) * 3600 + demo_int(r, 0, 59) * 60, out);
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static int groups_seed(reg *g)
{
	demo_ctx *ctx = g->ctx;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	for (int i = 0; i < G_COUNT; i++) {
		int n = store_exec(ctx->c, "UPDATE demographic_groups SET population_share = ?, updated_at = ?"
		                           " WHERE office_id = ? AND name = ?",
		                   "rtit", groups[i].share, now, ctx->office_id, groups[i].name);
		if (n < 0) return n;
		if (n == 0) {
			int64_t id = store_query_int(ctx->c, 0,
			    "INSERT INTO demographic_groups(office_id, name, category, language, population_share,"
			    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    "itttrtt", ctx->office_id, groups[i].name, groups[i].category, groups[i].language,
			    groups[i].share, now, now);
			if (!id) return STORE_ERROR;
			int rc = demo_audit_create(ctx, "demographic_group", id,
			                           json_pack("{s:I, s:s, s:f}", "id", (json_int_t)id, "name",
			                                     groups[i].name, "population_share", groups[i].share));
			if (rc != STORE_OK) return rc;
		}
		g->group_ids[i] = store_query_int(ctx->c, 0,
		    "SELECT id FROM demographic_groups WHERE office_id = ? AND name = ?", "it", ctx->office_id,
		    groups[i].name);
	}
	return STORE_OK;
}

/* The groups a generated partner of a subtype reaches. */
static unsigned generated_groups(demo_rng *r, const char *subtype)
{
	if (str_eq(subtype, "school_district")) return B(G_YOUNG) | B(G_STUDENT);
	if (str_eq(subtype, "university")) return B(G_STUDENT) | B(G_YOUNG);
	if (str_eq(subtype, "tribal_government")) return B(G_NATIVE) | B(G_RURAL);
	if (str_eq(subtype, "advocacy_group")) return B(demo_chance(r, 0.6) ? G_DISAB : G_MIL);
	if (str_eq(subtype, "community_organization") || str_eq(subtype, "faith_group") || str_eq(subtype, "library"))
		return B(demo_int(r, 0, G_COUNT - 1)) | (demo_chance(r, 0.5) ? B(G_RURAL) : 0);
	return 0;
}

static bool name_taken(demo_ctx *ctx, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ctx->partners[i].name, name) == 0) return true;
	return false;
}

/* Names, kinds, statuses and the days of each status change. */
static void partners_plan(reg *g)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	static const char *const drawn[] = {"active", "active", "active", "active", "active", "prospect",
	                                    "prospect", "vetting", "dormant", "dormant", "ended", NULL};
	ctx->partners = xcalloc((size_t)ctx->npartners, sizeof *ctx->partners);
	g->plans = xcalloc((size_t)ctx->npartners, sizeof *g->plans);
	for (int i = 0; i < ctx->npartners; i++) {
		demo_partner *p = &ctx->partners[i];
		plan *pl = &g->plans[i];
		buf name = BUF_INIT;
		if (i < (int)countof(curated)) {
			pl->o = &curated[i];
			buf_puts(&name, pl->o->name);
			p->kind = pl->o->kind;
			p->subtype = pl->o->subtype;
			p->status = pl->o->status ? pl->o->status : demo_pick(r, drawn);
			pl->groups = pl->o->groups;
			pl->langs = pl->o->langs;
			pl->tags = pl->o->tags;
		} else {
			static const char *const subtypes[] = {
				"community_organization", "community_organization", "community_organization", "faith_group",
				"faith_group", "faith_group", "library", "library", "school_district", "school_district",
				"media", "media", "advocacy_group", "advocacy_group", "university", "business",
				"emergency_management", "public_information_office", "elected_official", "it", "other",
				"tribal_government", NULL};
			p->subtype = demo_pick(r, subtypes);
			for (int tries = 0; tries < 50; tries++) {
				buf_reset(&name);
				demo_partner_name(r, p->subtype, &name);
				if (!name_taken(ctx, i, name.data)) break;
				if (tries == 49) buf_printf(&name, " %d", i);
			}
			p->kind = demo_partner_kind(r, p->subtype);
			p->status = demo_pick(r, drawn);
			pl->groups = generated_groups(r, p->subtype);
			pl->langs = pl->groups & B(G_ES) ? "es" : pl->groups & B(G_VI) ? "vi" : NULL;
			pl->tags = NULL;
		}
		p->name = buf_take(&name);
		p->language = pl->langs && strncmp(pl->langs, "es", 2) == 0 ? "es"
		            : pl->langs && strncmp(pl->langs, "vi", 2) == 0 ? "vi" : NULL;
		demo_domain(p->name, &name);
		snprintf(pl->domain, sizeof pl->domain, "%s", name.data);
		buf_free(&name);

		/* The days of each status change, consistent with the status. */
		if (str_eq(p->status, "prospect")) {
			p->first_day = T - demo_int(r, 20, 400);
		} else if (str_eq(p->status, "vetting")) {
			p->first_day = T - demo_int(r, 60, 300);
			pl->vet_day = min64(p->first_day + demo_int(r, 7, 40), T - 5);
		} else if (str_eq(p->status, "active") || str_eq(p->status, "dormant") ||
		           (str_eq(p->status, "ended") && (pl->ended_from = demo_int(r, 0, 2)) == 2)) {
			p->first_day = T - demo_int(r, str_eq(p->status, "active") ? 240 : 600, 1800);
			pl->vet_day = p->first_day + demo_int(r, 7, 60);
			p->active_day = pl->vet_day + demo_int(r, 14, 90);
			if (str_eq(p->status, "dormant")) p->end_day = T - demo_int(r, 60, 300);
			if (str_eq(p->status, "ended")) p->end_day = T - demo_int(r, 30, 400);
		} else {   /* ended before becoming active: declined, or failed vetting */
			p->first_day = T - demo_int(r, 100, 900);
			if (pl->ended_from == 1) pl->vet_day = p->first_day + demo_int(r, 7, 40);
			p->end_day = min64((pl->vet_day ? pl->vet_day : p->first_day) + demo_int(r, 20, 90), T - 1);
		}

		/* How often the office touches it, and when that can happen. */
		bool ever_active = p->active_day != 0;
		pl->win_from = max64(ever_active ? pl->vet_day : p->first_day, T - 730);
		pl->win_to = p->end_day ? p->end_day : T;
		if (str_eq(p->status, "active")) p->weight = demo_chance(r, 0.12) ? 6.0 : 0.4 + 2.6 * demo_unit(r);
		else if (str_eq(p->status, "dormant")) p->weight = 0.6;
		else if (str_eq(p->status, "vetting")) p->weight = 0.6;
		else if (ever_active) p->weight = 0.4;
		else p->weight = 0.3;
		if (pl->win_to < pl->win_from) p->weight = 0;
	}
}

static json_t *list_json(const char *joined)
{
	json_t *a = json_array();
	for (const char *p = joined; p && *p;) {
		size_t n = strcspn(p, "|");
		json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == '|');
	}
	return a;
}

static int status_history(reg *g, int64_t pid, const char *from, const char *to, int64_t day, int64_t user,
                          const char *note)
{
	char at[ISO_TIME_LEN];
	at_time(&g->rng, day, at);
	return store_exec(g->ctx->c,
	    "INSERT INTO partner_status_history(office_id, partner_id, from_status, to_status, at, user_id, note)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "iitttIt", g->ctx->office_id, pid, from, to, at, user, note) == 1 ? STORE_OK : STORE_ERROR;
}

static int vetting_row(reg *g, int64_t pid, const char *aspect, const char *outcome, int64_t day, int64_t user,
                       const char *notes)
{
	char at[ISO_TIME_LEN];
	bool decided = !str_eq(outcome, "pending");
	if (decided) at_time(&g->rng, day, at);
	return store_exec(g->ctx->c,
	    "INSERT INTO partner_vetting(office_id, partner_id, aspect, outcome, decided_by, decided_at, notes)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "iittIt" "t", g->ctx->office_id, pid, aspect, outcome, decided ? user : 0, decided ? at : NULL,
	    decided ? notes : NULL) == 1 ? STORE_OK : STORE_ERROR;
}

/* The status history and the vetting record of one partner. */
static int partner_lifecycle(reg *g, int i)
{
	demo_partner *p = &g->ctx->partners[i];
	plan *pl = &g->plans[i];
	demo_rng *r = &g->rng;
	int64_t coord = USER(demo_chance(r, 0.5) ? U_COORD : U_COORD2), director = USER(U_DIRECTOR);
	int rc = status_history(g, p->id, NULL, "prospect", p->first_day, coord,
	                        demo_chance(r, 0.4) ? "Added from the outreach spreadsheet" : NULL);
	if (rc == STORE_OK && pl->vet_day)
		rc = status_history(g, p->id, "prospect", "vetting", pl->vet_day, coord,
		                    "Started the legal and operational reviews");
	if (rc == STORE_OK && p->active_day)
		rc = status_history(g, p->id, "vetting", "active", p->active_day, director, "Both reviews passed");
	if (rc == STORE_OK && str_eq(p->status, "dormant"))
		rc = status_history(g, p->id, "active", "dormant", p->end_day, coord, "No reply since the last election");
	if (rc == STORE_OK && str_eq(p->status, "ended")) {
		static const char *const from[] = {"prospect", "vetting", "active"};
		static const char *const why[] = {"Not interested at this time",
		                                  "Legal review failed: the organization endorses candidates",
		                                  "The organization closed its local chapter"};
		rc = status_history(g, p->id, from[pl->ended_from], "ended", p->end_day, director, why[pl->ended_from]);
	}
	if (rc != STORE_OK) return rc;

	/* Vetting decisions that fit the status. */
	int64_t legal_day = pl->vet_day + demo_int(r, 3, 10);
	if (p->active_day) {
		int64_t span = p->active_day - pl->vet_day;
		rc = vetting_row(g, p->id, "legal", "passed", pl->vet_day + span / 3, director,
		                 "County attorney reviewed: nonpartisan, no conflicts.");
		if (rc == STORE_OK)
			rc = vetting_row(g, p->id, "operational", "passed", p->active_day - demo_int(r, 0, 3), coord,
			                 "Fits our procedures: office-approved materials only, no candidate events.");
	} else if (str_eq(p->status, "vetting")) {
		bool legal_done = demo_chance(r, 0.5) && legal_day < T;
		rc = vetting_row(g, p->id, "legal", legal_done ? "passed" : "pending", legal_day, director,
		                 "County attorney reviewed: nonpartisan, no conflicts.");
		if (rc == STORE_OK) rc = vetting_row(g, p->id, "operational", "pending", 0, 0, NULL);
	} else if (str_eq(p->status, "ended") && pl->ended_from == 1) {
		rc = vetting_row(g, p->id, "legal", "failed", min64(legal_day, p->end_day), director,
		                 "Endorses candidates; partnering would compromise the office's nonpartisanship.");
		if (rc == STORE_OK) rc = vetting_row(g, p->id, "operational", "pending", 0, 0, NULL);
	} else {
		rc = vetting_row(g, p->id, "legal", "pending", 0, 0, NULL);
		if (rc == STORE_OK) rc = vetting_row(g, p->id, "operational", "pending", 0, 0, NULL);
	}
	return rc;
}

static int partners_insert(reg *g)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	buf addr = BUF_INIT, site = BUF_INIT, body = BUF_INIT;
	int rc = STORE_OK;
	for (int i = 0; i < ctx->npartners && rc == STORE_OK; i++) {
		demo_partner *p = &ctx->partners[i];
		plan *pl = &g->plans[i];
		buf_reset(&addr);
		buf_reset(&site);
		if (demo_chance(r, 0.9)) demo_address(r, &addr);
		if (demo_chance(r, 0.85)) buf_printf(&site, "https://www.%s", pl->domain);
		json_t *goals = json_array(), *tags = list_json(pl->tags), *langs = list_json("en");
		int ngoals = str_eq(p->status, "prospect") ? demo_int(r, 0, 1) : demo_int(r, 1, 3);
		for (int k = 0; k < ngoals; k++) {
			const char *goal = demo_shared_goal(r);
			bool dup = false;
			for (size_t j = 0; j < json_array_size(goals); j++)
				dup |= str_eq(json_string_value(json_array_get(goals, j)), goal);
			if (!dup) json_array_append_new(goals, json_string(goal));
		}
		if (!pl->o && demo_chance(r, 0.3)) json_array_append_new(tags, json_string(demo_tag(r)));
		json_t *extra = list_json(pl->langs);
		json_array_extend(langs, extra);
		json_decref(extra);
		int64_t cadence = str_eq(p->subtype, "emergency_management") ? 60 : str_eq(p->subtype, "media") ? 45
		                : demo_chance(r, 0.2) ? 30 * demo_int(r, 1, 4) : 0;
		const char *note = demo_chance(r, 0.7) ? demo_partner_note(r, p->subtype) : NULL;
		int64_t last_change = max64(max64(p->first_day, pl->vet_day), max64(p->active_day, p->end_day));
		char created[ISO_TIME_LEN], updated[ISO_TIME_LEN];
		at_time(r, p->first_day, created);
		at_time(r, last_change, updated);
		if (strcmp(updated, created) < 0) memcpy(updated, created, sizeof updated);
		int64_t creator = USER(demo_chance(r, 0.5) ? U_COORD : U_COORD2);
		p->id = store_query_int(ctx->c, 0,
		    "INSERT INTO partners(office_id, name, kind, subtype, status, website, address, shared_goals, tags,"
		    " notes, cadence_days, created_at, updated_at, created_by)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "itttttt" "jjtIttI", ctx->office_id, p->name, p->kind, p->subtype, p->status, site.data,
		    addr.data, goals, tags, note, cadence, created, updated, creator);
		if (!p->id) rc = STORE_ERROR;
		for (int k = 0; rc == STORE_OK && k < G_COUNT; k++)
			if (pl->groups & B(k))
				rc = store_exec(ctx->c, "INSERT INTO partner_groups(office_id, partner_id, group_id) VALUES (?, ?, ?)",
				                "iii", ctx->office_id, p->id, g->group_ids[k]) == 1 ? STORE_OK : STORE_ERROR;
		for (size_t k = 0; rc == STORE_OK && k < json_array_size(langs); k++)
			rc = store_exec(ctx->c, "INSERT INTO partner_languages(office_id, partner_id, language) VALUES (?, ?, ?)",
			                "iij", ctx->office_id, p->id, json_array_get(langs, k)) == 1 ? STORE_OK : STORE_ERROR;
		if (rc == STORE_OK) rc = partner_lifecycle(g, i);
		/* The search document, as api_partners.c's partner_index writes it. */
		buf_reset(&body);
		const char *fields[] = {note, addr.data, site.data, p->subtype};
		for (size_t k = 0; k < countof(fields); k++)
			if (fields[k]) buf_printf(&body, "%s\n", fields[k]);
		json_t *lists[] = {goals, tags, langs};
		for (size_t k = 0; k < countof(lists); k++)
			for (size_t j = 0; j < json_array_size(lists[k]); j++)
				buf_printf(&body, "%s\n", json_string_value(json_array_get(lists[k], j)));
		if (rc == STORE_OK) rc = store_index_put(ctx->c, ctx->office_id, "partner", p->id, p->name, body.data);
		if (rc == STORE_OK)
			rc = demo_audit_create(ctx, "partner", p->id,
			                       json_pack("{s:I, s:s, s:s, s:s, s:s, s:O, s:O, s:O}", "id", (json_int_t)p->id,
			                                 "name", p->name, "kind", p->kind, "subtype", p->subtype, "status",
			                                 p->status, "shared_goals", goals, "tags", tags, "languages", langs));
		json_decref(goals);
		json_decref(tags);
		json_decref(langs);
	}
	buf_free(&addr);
	buf_free(&site);
	buf_free(&body);
	return rc;
}

static int liaison_row(reg *g, int64_t pid, int64_t user, const char *role, int64_t from, int64_t to)
{
	char start[ISO_TIME_LEN], end[ISO_TIME_LEN];
	at_time(&g->rng, from, start);
	if (to) at_time(&g->rng, to, end);
	if (to && strcmp(end, start) <= 0) memcpy(end, start, sizeof end);
	int64_t id = store_query_int(g->ctx->c, 0,
	    "INSERT INTO liaisons(office_id, partner_id, user_id, role, started_at, ended_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    "iiitt" "t", g->ctx->office_id, pid, user, role, start, to ? end : NULL);
	if (!id) return STORE_ERROR;
	return demo_audit_create(g->ctx, "liaison", id,
	                         json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)id, "partner_id", (json_int_t)pid,
	                                   "user_id", (json_int_t)user, "role", role));
}

/* Primary and backup liaisons.  About one in eight current relationships
** is still held by the coordinator who left; some partners have no backup
** (single-threaded); some changed hands before. */
static int liaisons_seed(reg *g)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	static const int pool[] = {U_DIRECTOR, U_COORD, U_COORD, U_COORD2, U_COORD2, U_STAFF, U_STAFF2};
	int64_t departed_day = T - DEMO_DEPARTED_DAYS_AGO;
	for (int i = 0; i < ctx->npartners; i++) {
		demo_partner *p = &ctx->partners[i];
		plan *pl = &g->plans[i];
		bool current = str_eq(p->status, "active") || str_eq(p->status, "dormant") || str_eq(p->status, "vetting");
		if (str_eq(p->status, "prospect") && demo_chance(r, 0.5)) current = true;
		if (!current && !str_eq(p->status, "ended")) continue;
		int64_t start = pl->vet_day ? pl->vet_day : p->first_day;
		int64_t primary = USER(pool[demo_int(r, 0, (int)countof(pool) - 1)]);
		if (current && start < departed_day - 30 && demo_chance(r, 0.13)) primary = USER(U_DEPARTED);
		int rc = STORE_OK;
		if (current && primary != USER(U_DEPARTED) && start < T - 200 && demo_chance(r, 0.2)) {
			/* An earlier primary handed the relationship over. */
			do pl->prev_user = USER(pool[demo_int(r, 0, (int)countof(pool) - 1)]);
			while (pl->prev_user == primary);
			pl->handover_day = demo_int(r, (int)start + 30, (int)(T - 60));
			rc = liaison_row(g, p->id, pl->prev_user, "primary", start, pl->handover_day);
			start = pl->handover_day;
		}
		if (rc == STORE_OK) rc = liaison_row(g, p->id, primary, "primary", start, current ? 0 : p->end_day);
		if (rc != STORE_OK) return rc;
		if (current) p->primary_user = primary;
		if (!current || str_eq(p->status, "prospect") || demo_chance(r, 0.35)) continue;
		int64_t backup;
		do backup = demo_chance(r, 0.06) ? USER(U_DEPARTED) : USER(pool[demo_int(r, 0, (int)countof(pool) - 1)]);
		while (backup == primary);
		if (backup == USER(U_DEPARTED) && start >= departed_day) continue;
		if ((rc = liaison_row(g, p->id, backup, "backup", start, 0)) != STORE_OK) return rc;
		p->backup_user = backup;
	}
	return STORE_OK;
}

static int affiliation_row(reg *g, int64_t contact, int partner, const char *title, int64_t from, int64_t to)
{
	char start[11], end[11], now[ISO_TIME_LEN];
	demo_date(from, start);
	if (to) demo_date(to, end);
	time_iso_from_epoch(max64(from, g->ctx->partners[partner].first_day) * 86400 + 16 * 3600, now);
	int64_t id = store_query_int(g->ctx->c, 0,
	    "INSERT INTO affiliations(office_id, contact_id, partner_id, title, started_on, ended_on, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iiittt" "t", g->ctx->office_id, contact, g->ctx->partners[partner].id, title, start, to ? end : NULL, now);
	if (!id) return STORE_ERROR;
	return demo_audit_create(g->ctx, "affiliation", id,
	                         json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)id, "contact_id", (json_int_t)contact,
	                                   "partner_id", (json_int_t)g->ctx->partners[partner].id, "title", title));
}

/* How many contacts each partner has, adding up to ctx->ncontacts. */
static void contacts_plan(reg *g)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	int total = 0;
	for (int i = 0; i < ctx->npartners; i++) {
		demo_partner *p = &ctx->partners[i];
		int n = str_eq(p->status, "active") ? (demo_chance(r, 0.15) ? 1 : demo_int(r, 2, 4))
		      : str_eq(p->status, "prospect") ? demo_int(r, 0, 1)
		      : str_eq(p->status, "ended") ? 1 : demo_int(r, 1, 2);
		g->plans[i].ncontacts = n;
		total += n;
	}
	for (int tries = 0; total != ctx->ncontacts; tries++) {
		int i = demo_int(r, 0, ctx->npartners - 1);
		plan *pl = &g->plans[i];
		bool picky = tries < 100000;   /* prefer well-staffed active partners, then take any */
		if (total < ctx->ncontacts && (!picky || (str_eq(ctx->partners[i].status, "active") && pl->ncontacts >= 2))) {
			pl->ncontacts++;
			total++;
		} else if (total > ctx->ncontacts && pl->ncontacts > (picky ? 2 : 0)) {
			pl->ncontacts--;
			total--;
		}
	}
	for (int i = 0, k = 0; i < ctx->npartners; k += g->plans[i].ncontacts, i++) g->plans[i].first_contact = k;
}

static int contacts_seed(reg *g)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	static const char *const notes[] = {"Best reached by text before 9 a.m.", "Prefers phone calls to email.",
	                                    "Out of the office most of July.", "Ask for a Spanish-language flyer.", NULL};
	contacts_plan(g);
	ctx->contacts = xcalloc((size_t)ctx->ncontacts, sizeof *ctx->contacts);
	buf name = BUF_INIT, email = BUF_INIT, phone = BUF_INIT;
	int rc = STORE_OK;
	for (int i = 0; i < ctx->npartners && rc == STORE_OK; i++) {
		demo_partner *p = &ctx->partners[i];
		plan *pl = &g->plans[i];
		for (int k = 0; k < pl->ncontacts && rc == STORE_OK; k++) {
			demo_contact *ct = &ctx->contacts[pl->first_contact + k];
			ct->partner = i;
			buf_reset(&name);
			buf_reset(&email);
			buf_reset(&phone);
			demo_person_name(r, p->language, &name);
			demo_email(name.data, pl->domain, &email);
			if (demo_chance(r, 0.8)) demo_phone(r, &phone);
			const char *title = demo_contact_title(r, p->subtype);
			/* Most were there before the office came; some replaced someone lately. */
			ct->start_day = demo_chance(r, 0.15) ? T - demo_int(r, 30, 500) : p->first_day - demo_int(r, 0, 1500);
			bool left = demo_chance(r, str_eq(p->status, "ended") || str_eq(p->status, "dormant") ? 0.25 : 0.04);
			if (left) ct->end_day = max64(ct->start_day + 30, T - demo_int(r, 20, 400));
			if (ct->end_day >= T) ct->end_day = T - 1;
			if (ct->end_day && ct->start_day >= ct->end_day) ct->start_day = ct->end_day - 200;
			double v = demo_unit(r);
			const char *status = left && demo_chance(r, 0.5) ? "bounced"
			                   : v < 0.68 ? "verified" : v < 0.92 ? "unverified" : "bounced";
			char verified[ISO_TIME_LEN], created[ISO_TIME_LEN];
			int64_t created_day = min64(max64(ct->start_day, p->first_day), T);
			at_time(r, created_day, created);
			bool has_verified = !str_eq(status, "unverified");
			if (has_verified) at_time(r, max64(created_day, T - demo_int(r, 0, 540)), verified);
			const char *lang = p->language && demo_chance(r, 0.6) ? p->language : "en";
			const char *note = demo_chance(r, 0.1) ? demo_pick(r, notes) : NULL;
			ct->id = store_query_int(ctx->c, 0,
			    "INSERT INTO contacts(office_id, full_name, email, phone, preferred_language, notes,"
			    " last_verified_at, verify_status, created_at, updated_at)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    "itttttttt" "t", ctx->office_id, name.data, email.data, phone.len ? phone.data : NULL, lang, note,
			    has_verified ? verified : NULL, status, created, has_verified ? verified : created);
			if (!ct->id) rc = STORE_ERROR;
			/* Some moved here from another partner: both positions stay, dated. */
			if (rc == STORE_OK && demo_chance(r, 0.09)) {
				int other = demo_int(r, 0, ctx->npartners - 1);
				if (other != i) {
					const char *old_title = demo_contact_title(r, ctx->partners[other].subtype);
					int64_t ended = ct->start_day - demo_int(r, 0, 45);
					rc = affiliation_row(g, ct->id, other, old_title, ended - demo_int(r, 400, 2000), ended);
				}
			}
			if (rc == STORE_OK) rc = affiliation_row(g, ct->id, i, title, ct->start_day, ct->end_day);
			/* A few also sit on another partner's board. */
			if (rc == STORE_OK && !left && demo_chance(r, 0.03)) {
				int other = demo_int(r, 0, ctx->npartners - 1);
				if (other != i) {
					rc = affiliation_row(g, ct->id, other, "Board Member", T - demo_int(r, 100, 900), 0);
				}
			}
			/* The search document, written as the contacts API writes it. */
			if (rc == STORE_OK) rc = contact_reindex(ctx->c, ctx->office_id, ct->id);
			if (rc == STORE_OK)
				rc = demo_audit_create(ctx, "contact", ct->id,
				                       json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)ct->id, "full_name",
				                                 name.data, "email", email.data, "verify_status", status));
		}
	}
	buf_free(&name);
	buf_free(&email);
	buf_free(&phone);
	return rc;
}

/* ---- interactions ---- */

typedef struct planned {
	int partner;
	int64_t day;
	const char *type;
	int seq;                  /* generation order, to sort stably */
} planned;

static int planned_cmp(const void *a, const void *b)
{
	const planned *x = a, *y = b;
	if (x->day != y->day) return x->day < y->day ? -1 : 1;
	return x->seq - y->seq;
}

static bool is_advisory(const plan *pl) { return pl->tags && strstr(pl->tags, "advisory-group"); }

/* When the interactions happen: quarterly advisory meetings for the
** advisory members, the rest drawn by each partner's weight and the
** election season.  Sorted by day, so ids rise with time. */
static planned *interactions_plan(reg *g, int n)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	planned *out = xcalloc((size_t)n, sizeof *out);
	int k = 0;
	for (int64_t d = T - 720; d < T && k < n; d += 91) {
		int64_t day = d + (4 - demo_weekday(d) + 7) % 7;   /* a Thursday */
		for (int i = 0; i < ctx->npartners && k < n; i++) {
			demo_partner *p = &ctx->partners[i];
			if (is_advisory(&g->plans[i]) && p->active_day && p->active_day <= day && day <= g->plans[i].win_to &&
			    day <= T) {
				out[k] = (planned){i, day, "advisory_meeting", k};
				k++;
			}
		}
	}
	double *cum = xcalloc((size_t)ctx->npartners, sizeof *cum);
	double sum = 0;
	for (int i = 0; i < ctx->npartners; i++) {
		plan *pl = &g->plans[i];
		sum += ctx->partners[i].weight * (double)(pl->win_to - pl->win_from + 1);
		cum[i] = sum;
	}
	while (k < n) {
		double x = demo_unit(r) * sum;
		int lo = 0, hi = ctx->npartners - 1;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (cum[mid] > x) hi = mid;
			else lo = mid + 1;
		}
		demo_partner *p = &ctx->partners[lo];
		plan *pl = &g->plans[lo];
		int64_t day = demo_seasonal_day(r, ctx->elections, ctx->nelections, pl->win_from, pl->win_to);
		static const char *const early[] = {"outreach_letter", "call", "email", "meeting", NULL};
		const char *type = !p->active_day && (!pl->vet_day || day < pl->vet_day) ? demo_pick(r, early)
		                 : demo_interaction_type(r, p->subtype);
		out[k] = (planned){lo, day, type, k};
		k++;
	}
	free(cum);
	qsort(out, (size_t)n, sizeof *out, planned_cmp);
	return out;
}

/* Who on staff did it: the primary liaison of the day, unless they had left. */
static int64_t interaction_owner(reg *g, int i, int64_t day)
{
	demo_partner *p = &g->ctx->partners[i];
	plan *pl = &g->plans[i];
	int64_t u = pl->prev_user && day < pl->handover_day ? pl->prev_user : p->primary_user;
	if (!u || (u == USER(U_DEPARTED) && day >= T - DEMO_DEPARTED_DAYS_AGO))
		u = USER(demo_chance(&g->rng, 0.5) ? U_COORD : U_STAFF);
	return u;
}

static int interaction_links(reg *g, int64_t iid, int i, int64_t day, int64_t owner)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	plan *pl = &g->plans[i];
	int want = demo_int(r, 1, 2), linked = 0;
	int start = pl->ncontacts ? demo_int(r, 0, pl->ncontacts - 1) : 0;
	for (int k = 0; k < pl->ncontacts && linked < want; k++) {
		demo_contact *ct = &ctx->contacts[pl->first_contact + (start + k) % pl->ncontacts];
		if (ct->start_day > day || (ct->end_day && ct->end_day < day)) continue;
		if (store_exec(ctx->c, "INSERT INTO interaction_contacts(office_id, interaction_id, contact_id) VALUES (?, ?, ?)",
		               "iii", ctx->office_id, iid, ct->id) != 1)
			return STORE_ERROR;
		linked++;
	}
	if (store_exec(ctx->c, "INSERT INTO interaction_staff(office_id, interaction_id, user_id) VALUES (?, ?, ?)",
	               "iii", ctx->office_id, iid, owner) != 1)
		return STORE_ERROR;
	int64_t other = USER(demo_int(r, U_DIRECTOR, U_STAFF2));
	if (other != owner && demo_chance(r, 0.25) &&
	    store_exec(ctx->c, "INSERT INTO interaction_staff(office_id, interaction_id, user_id) VALUES (?, ?, ?)",
	               "iii", ctx->office_id, iid, other) != 1)
		return STORE_ERROR;
	return STORE_OK;
}

static int interactions_seed(reg *g)
{
	demo_ctx *ctx = g->ctx;
	demo_rng *r = &g->rng;
	planned *items = interactions_plan(g, ctx->ninteractions);
	buf summary = BUF_INIT;
	int rc = STORE_OK;
	for (int k = 0; k < ctx->ninteractions && rc == STORE_OK; k++) {
		planned *pi = &items[k];
		demo_partner *p = &ctx->partners[pi->partner];
		const char *type = pi->type;
		buf_reset(&summary);
		demo_interaction_summary(r, type, p->name, &summary);
		double v = demo_unit(r);
		const char *direction = str_eq(type, "outreach_letter") ? "office_gave"
		                      : v < 0.45 ? "both" : v < 0.75 ? "office_gave" : v < 0.95 ? "partner_gave" : "neither";
		bool og = str_eq(direction, "both") || str_eq(direction, "office_gave");
		bool pg = str_eq(direction, "both") || str_eq(direction, "partner_gave");
		const char *office_gave = og ? demo_office_gave(r, type) : NULL;
		const char *partner_gave = pg ? demo_partner_gave(r, type) : NULL;
		int64_t owner = interaction_owner(g, pi->partner, pi->day);
		char occurred[11], follow[11], done[ISO_TIME_LEN], created[ISO_TIME_LEN];
		demo_date(pi->day, occurred);
		at_time(r, min64(pi->day + (demo_chance(r, 0.7) ? 0 : demo_int(r, 1, 3)), T), created);
		bool has_follow = demo_chance(r, 0.14);
		bool follow_done = false;
		int64_t follow_day = pi->day + demo_int(r, 5, 30);
		if (has_follow) {
			demo_date(follow_day, follow);
			/* Done mostly, unless still ahead, or left behind by the person who left. */
			bool orphaned = owner == USER(U_DEPARTED) && follow_day >= T - DEMO_DEPARTED_DAYS_AGO;
			follow_done = follow_day < T - 2 && !orphaned && demo_chance(r, 0.85);
			if (follow_done) at_time(r, min64(follow_day - demo_int(r, 0, 4), T - 1), done);
			if (follow_done && strcmp(done, created) < 0) memcpy(done, created, sizeof done);
			if (!follow_done) ctx->nfollowups_open++;
		}
		int64_t iid = store_query_int(ctx->c, 0,
		    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, office_gave,"
		    " partner_gave, follow_up_on, follow_up_owner, follow_up_done_at, created_by, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "iitttttttItItt", ctx->office_id, p->id, occurred, type, direction, summary.data, office_gave,
		    partner_gave, has_follow ? follow : NULL, has_follow ? owner : (int64_t)0,
		    follow_done ? done : NULL, owner, created, follow_done ? done : created);
		if (!iid) {
			rc = STORE_ERROR;
			break;
		}
		rc = interaction_links(g, iid, pi->partner, pi->day, owner);
		/* The search document, written as the interactions API writes it. */
		json_t *loaded = rc == STORE_OK ? interaction_load(ctx->c, ctx->office_id, iid) : NULL;
		if (loaded) interaction_index(ctx->c, ctx->office_id, loaded);
		else rc = STORE_ERROR;
		json_decref(loaded);
		if (rc == STORE_OK)
			rc = demo_audit_create(ctx, "interaction", iid,
			                       json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)iid, "partner_id",
			                                 (json_int_t)p->id, "occurred_on", occurred, "type", type, "summary",
			                                 summary.data));
	}
	free(items);
	buf_free(&summary);
	if (rc != STORE_OK) return rc;
	/* Each partner's "last touched" date is its newest interaction's up to
	** today, handover notes left out (as partner_touch, partners.h). */
	char today[11];
	demo_date(ctx->today, today);
	return store_exec(ctx->c,
	    "UPDATE partners SET last_interaction_on = (SELECT max(i.occurred_on) FROM interactions i"
	    " WHERE i.office_id = partners.office_id AND i.partner_id = partners.id AND i.type <> 'handover'"
	    " AND i.occurred_on <= ?2) WHERE office_id = ?1",
	    "it", ctx->office_id, today) < 0 ? STORE_ERROR : STORE_OK;
}

int demo_seed_registry(demo_ctx *ctx)
{
	reg g = {.ctx = ctx};
	int rc;
	demo_rng_seed(&g.rng, ctx->seed, "partners");
	if ((rc = groups_seed(&g)) != STORE_OK) goto cleanup;
	partners_plan(&g);
	if ((rc = partners_insert(&g)) != STORE_OK) goto cleanup;
	if ((rc = liaisons_seed(&g)) != STORE_OK) goto cleanup;
	demo_rng_seed(&g.rng, ctx->seed, "contacts");
	if ((rc = contacts_seed(&g)) != STORE_OK) goto cleanup;
	demo_rng_seed(&g.rng, ctx->seed, "interactions");
	rc = interactions_seed(&g);
cleanup:
	free(g.plans);
	return rc;
}
