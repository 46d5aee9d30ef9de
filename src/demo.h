/*
** demo.h: the fictional demo county behind `make demo` (rapport seed-demo),
** and the deterministic generators it shares with the benchmark data
** generator (rapport bench-gen, bench_gen.c).
**
** Everything generated is fictional: place names, people, organisations,
** e-mail addresses under the reserved .example domain and telephone
** numbers in the 555-01xx range kept for fiction.  The same seed (and the
** same --today) gives the same county, byte for byte.
**
** Other areas add their demo data by writing a demo_seed_fn and listing it
** in demo_areas[] in demo.c, below their anchor there.  Each area draws
** from its own random stream (demo_rng_seed(&r, ctx->seed, "area")), so a
** new area never changes what the areas before it generate.
*/
#ifndef RAPPORT_DEMO_H
#define RAPPORT_DEMO_H

#include "audit.h"
#include "store.h"
#include "util.h"

/* ---- generators (demo_gen.c) ---- */

/* splitmix64: small, fast, and the same on every platform (no rand()). */
typedef struct demo_rng {
	uint64_t state;
} demo_rng;
/* Seeds a stream; the same seed and stream name give the same sequence. */
void demo_rng_seed(demo_rng *r, uint64_t seed, const char *stream);
uint64_t demo_next(demo_rng *r);
int demo_int(demo_rng *r, int lo, int hi);      /* uniform in [lo, hi] */
double demo_unit(demo_rng *r);                  /* uniform in [0, 1) */
bool demo_chance(demo_rng *r, double p);
/* One element of a NULL-terminated list. */
const char *demo_pick(demo_rng *r, const char *const *list);

/* Names and details.  Each appends to out (a buf the caller owns). */
void demo_person_name(demo_rng *r, const char *language, buf *out);   /* language: "vi", "es" or NULL */
void demo_partner_name(demo_rng *r, const char *subtype, buf *out);   /* e.g. "Alder Creek Branch Library" */
void demo_domain(const char *org_name, buf *out);                     /* "aldercreekbranchlib.example" */
void demo_email(const char *person, const char *domain, buf *out);    /* "maria.garcia@..." (ASCII) */
void demo_address(demo_rng *r, buf *out);
void demo_phone(demo_rng *r, buf *out);                               /* "(970) 555-0123" */
/* Static strings; never freed. */
const char *demo_town(demo_rng *r);
const char *demo_partner_kind(demo_rng *r, const char *subtype);
const char *demo_contact_title(demo_rng *r, const char *subtype);
const char *demo_partner_note(demo_rng *r, const char *subtype);
const char *demo_shared_goal(demo_rng *r);
const char *demo_tag(demo_rng *r);
const char *demo_interaction_type(demo_rng *r, const char *subtype);
const char *demo_office_gave(demo_rng *r, const char *type);
const char *demo_partner_gave(demo_rng *r, const char *type);
/* "Presentation on mail ballots at Alder Creek Branch Library" */
void demo_interaction_summary(demo_rng *r, const char *type, const char *partner, buf *out);

/* Dates are day numbers (days since 1970-01-01) and "YYYY-MM-DD". */
int64_t demo_today(void);                        /* today in UTC */
void demo_date(int64_t day, char out[11]);
bool demo_parse_day(const char *yyyy_mm_dd, int64_t *day);
int demo_weekday(int64_t day);                   /* 0 Sunday .. 6 Saturday */

/* The county's election calendar: a general election every November
** (coordinated in odd years), a June primary in even years and a March
** presidential primary every fourth year. */
typedef struct demo_election {
	int64_t day;
	char name[48];            /* "2026 General Election" */
	const char *type;         /* general, primary, presidential_primary, coordinated */
} demo_election;
/* Fills out[] with the elections from..to (inclusive), in date order;
** returns how many (at most max). */
int demo_elections(int64_t from, int64_t to, demo_election *out, int max);
/* How busy outreach is on a day: 1 off-cycle, up to 5 in the weeks just
** before an election, a little raised just after one. */
double demo_season_weight(const demo_election *e, int n, int64_t day);
/* A day in [from, to] drawn with that weight (and fewer on weekends). */
int64_t demo_seasonal_day(demo_rng *r, const demo_election *e, int n, int64_t from, int64_t to);

/* ---- the demo county (demo.c) ---- */

/* The demo's coordinator who left the office did so this many days ago. */
#define DEMO_DEPARTED_DAYS_AGO 40

typedef struct demo_user {
	int64_t id;
	const char *email_local;  /* "admin": the address is admin@DOMAIN */
	const char *name;
	const char *role;
	bool departed;            /* disabled, still holding relationships */
	char email[128];
	char password[25];        /* generated; empty for the departed user */
} demo_user;

typedef struct demo_partner {
	int64_t id;
	char *name;
	const char *kind, *subtype, *status;
	const char *language;     /* the community language it serves, or NULL */
	int64_t first_day;        /* became a prospect */
	int64_t active_day;       /* became active (0: never) */
	int64_t end_day;          /* became dormant or ended (0: not) */
	int64_t primary_user, backup_user;   /* current liaisons (0: none) */
	double weight;            /* how often the office touches it */
} demo_partner;

typedef struct demo_contact {
	int64_t id;
	int partner;              /* index into partners of the current (or last) affiliation */
	int64_t start_day, end_day;          /* of that affiliation; end 0 while current */
} demo_contact;

typedef struct demo_ctx {
	store_conn *c;
	int64_t office_id;
	const audit_actor *who;   /* actor "cli" */
	uint64_t seed;
	int64_t today;
	char domain[64];          /* "juniper.example" */
	demo_election elections[24];
	int nelections;
	demo_user users[8];
	int nusers;
	demo_partner *partners;
	int npartners;
	demo_contact *contacts;
	int ncontacts;
	int ninteractions;
	int nfollowups_open;
} demo_ctx;

/* One area's demo data.  Runs inside the seeding transaction; returns
** STORE_OK or a store error (which rolls everything back). */
typedef int (*demo_seed_fn)(demo_ctx *ctx);

typedef struct demo_options {
	const char *office_name;  /* default "Juniper County Elections" */
	const char *timezone;     /* default "America/Denver" */
	const char *today;        /* YYYY-MM-DD; default the real today */
	uint64_t seed;            /* default 1 */
	int partners, contacts, interactions;   /* 0: 120, 300, 1500 */
} demo_options;

/* Creates the office, its staff and every area's data in one transaction.
** On success returns STORE_OK and leaves *ctx filled (users with their
** passwords; free with demo_ctx_free).  On failure returns an error and
** sets *err (caller frees); nothing is written. */
int demo_seed(store *s, const demo_options *o, demo_ctx *ctx, char **err);
void demo_ctx_free(demo_ctx *ctx);

/* Writes the audit entry for a record the demo created (after is stolen). */
int demo_audit_create(demo_ctx *ctx, const char *entity, int64_t id, json_t *after);

/* The area seeders in demo_areas[] (demo.c). */
int demo_seed_registry(demo_ctx *ctx);
/* -- feedback: int demo_seed_feedback(demo_ctx *ctx); -- */
/* -- misconceptions: int demo_seed_misconceptions(demo_ctx *ctx); -- */
/* -- elections: int demo_seed_elections(demo_ctx *ctx); (ctx->elections holds the calendar) -- */
/* -- advisory group: int demo_seed_advisory(demo_ctx *ctx); -- */

/* Subcommands. */
int cmd_seed_demo(int argc, char **argv);
int cmd_bench_gen(int argc, char **argv);   /* bench_gen.c */

#endif
