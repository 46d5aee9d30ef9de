/*
** demo.c: `rapport seed-demo`: creates the fictional "Juniper County
** Elections" office in a fresh database, with its staff (one account per
** role, passwords generated and printed) and every area's demo data, in
** one transaction with audit entries (actor "cli").
**
** Areas add their data through demo_areas[] below: each entry is a
** function that receives the demo_ctx (the office, its users, partners and
** contacts, the election calendar) and writes inside the same transaction.
** The registry's data (partners, contacts, liaisons, interactions) is in
** demo_registry.c.  The same seed and --today give the same county.
*/
#include "demo.h"
#include "auth.h"
#include "cli.h"
#include "seed.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each area's demo data, run in this order.  Add yours below its anchor;
** draw randomness from your own stream: demo_rng_seed(&r, ctx->seed, "area"). */
static const struct {
	const char *area;
	demo_seed_fn seed;
} demo_areas[] = {
	{"registry", demo_seed_registry},   /* partners, groups, contacts, liaisons, interactions */
	/* -- feedback, solicitations (ctx->elections holds the county's election calendar) -- */
	/* -- elections -- */
	/* -- misconceptions -- */
	/* -- advisory group (the registry already logs quarterly advisory_meeting interactions) -- */
};

/* The office's staff.  The last one has left the office: the account is
** disabled but still holds relationships, for the continuity views. */
static const demo_user staff[] = {
	{.email_local = "admin", .name = "Dana Whitfield", .role = "admin"},
	{.email_local = "director", .name = "Rosa Delgado", .role = "director"},
	{.email_local = "coordinator", .name = "Marcus Bell", .role = "coordinator"},
	{.email_local = "coordinator2", .name = "Linh Tran", .role = "coordinator"},
	{.email_local = "staff", .name = "Priya Raman", .role = "staff"},
	{.email_local = "staff2", .name = "Sam Okafor", .role = "staff"},
	{.email_local = "viewer", .name = "Helen Park", .role = "viewer"},
	{.email_local = "tom.becker", .name = "Tom Becker", .role = "coordinator", .departed = true},
};

int demo_audit_create(demo_ctx *ctx, const char *entity, int64_t id, json_t *after)
{
	int rc = audit_record(ctx->c, ctx->who, "create", entity, id, NULL, after);
	json_decref(after);
	return rc;
}

/* "Juniper County Elections" -> slug "juniper-county-elections", mail domain "juniper.example". */
static void office_names(const char *name, char *slug, size_t slug_size, char *domain, size_t domain_size)
{
	size_t n = 0, d = 0;
	bool first_word = true;
	for (const char *p = name; *p && n + 1 < slug_size; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z') ch = (char)(ch + 32);
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			slug[n++] = ch;
			if (first_word && d + 1 < domain_size) domain[d++] = ch;
		} else if (n && slug[n - 1] != '-') {
			slug[n++] = '-';
			if (d) first_word = false;
		}
	}
	while (n && slug[n - 1] == '-') n--;
	slug[n] = 0;
	domain[d] = 0;
	if (!n) snprintf(slug, slug_size, "demo");
	snprintf(domain + strlen(domain), domain_size - strlen(domain), "%s.example", d ? "" : "demo");
}

static int create_users(demo_ctx *ctx, char **err)
{
	char departed_at[ISO_TIME_LEN];
	time_iso_from_epoch((ctx->today - DEMO_DEPARTED_DAYS_AGO) * 86400 + 17 * 3600, departed_at);
	for (size_t i = 0; i < countof(staff); i++) {
		demo_user *u = &ctx->users[ctx->nusers++];
		*u = staff[i];
		snprintf(u->email, sizeof u->email, "%s@%s", u->email_local, ctx->domain);
		random_hex(u->password, 12);
		const char *why = NULL;
		u->id = auth_user_create(ctx->c, ctx->office_id, u->email, u->name, u->role, u->password, &why);
		if (!u->id) {
			*err = xasprintf("cannot create %s: %s", u->email, why ? why : "unknown error");
			return STORE_CONSTRAINT;
		}
		json_t *after = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->id, "email", u->email, "role", u->role);
		int rc = demo_audit_create(ctx, "user", u->id, after);
		if (rc == STORE_OK && u->departed) {
			u->password[0] = 0;   /* nobody signs in as someone who left */
			rc = store_exec(ctx->c, "UPDATE users SET active = 0, password_hash = NULL, updated_at = ?,"
			                        " version = version + 1 WHERE id = ?",
			                "ti", departed_at, u->id) == 1 ? STORE_OK : STORE_ERROR;
			if (rc == STORE_OK) {
				json_t *off = json_pack("{s:b}", "active", 0);
				rc = audit_record(ctx->c, ctx->who, "update", "user", u->id, NULL, off);
				json_decref(off);
			}
		}
		if (rc != STORE_OK) {
			*err = xasprintf("cannot create %s: %s", u->email, store_errmsg(ctx->c));
			return rc;
		}
	}
	return STORE_OK;
}

int demo_seed(store *s, const demo_options *o, demo_ctx *ctx, char **err)
{
	memset(ctx, 0, sizeof *ctx);
	*err = NULL;
	const char *office_name = str_empty(o->office_name) ? "Juniper County Elections" : o->office_name;
	ctx->seed = o->seed ? o->seed : 1;
	ctx->today = demo_today();
	if (o->today && !demo_parse_day(o->today, &ctx->today)) {
		*err = xasprintf("--today must be a date written YYYY-MM-DD, not \"%s\"", o->today);
		return STORE_ERROR;
	}
	ctx->ncontacts = o->contacts > 0 ? o->contacts : 300;
	ctx->npartners = o->partners > 0 ? o->partners : 120;
	ctx->ninteractions = o->interactions > 0 ? o->interactions : 1500;
	ctx->nelections = demo_elections(ctx->today - 3 * 365, ctx->today + 365, ctx->elections,
	                                 (int)countof(ctx->elections));
	char slug[64];
	office_names(office_name, slug, sizeof slug, ctx->domain, sizeof ctx->domain);

	static __thread audit_actor cli_who;
	ctx->c = store_acquire(s);
	if (!ctx->c) {
		*err = xstrdup("the database is unavailable");
		return STORE_UNAVAILABLE;
	}
	int rc = store_begin(ctx->c, 0, STORE_WRITE);
	if (rc != STORE_OK) {
		*err = xasprintf("cannot begin a transaction: %s", store_errmsg(ctx->c));
		goto cleanup;
	}
	if (store_query_int(ctx->c, 0, "SELECT id FROM offices WHERE slug = ?", "t", slug)) {
		*err = xasprintf("this database already has an office \"%s\"; seed the demo into a fresh database"
		                 " (or pass another --office-name)", slug);
		rc = STORE_CONSTRAINT;
		goto cleanup;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	ctx->office_id = store_query_int(ctx->c, 0,
	    "INSERT INTO offices(name, slug, timezone, created_at) VALUES (?, ?, ?, ?) RETURNING id", "tttt",
	    office_name, slug, o->timezone ? o->timezone : "America/Denver", now);
	/* The rest of the transaction acts for the new office (row-level security on PostgreSQL). */
	if (ctx->office_id && store_scope(ctx->c, ctx->office_id) != STORE_OK) ctx->office_id = 0;
	if (!ctx->office_id) {
		*err = xasprintf("cannot create the office: %s", store_errmsg(ctx->c));
		rc = STORE_ERROR;
		goto cleanup;
	}
	cli_who = (audit_actor){.office_id = ctx->office_id, .actor = "cli"};
	ctx->who = &cli_who;
	rc = demo_audit_create(ctx, "office", ctx->office_id,
	                       json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ctx->office_id, "name", office_name,
	                                 "slug", slug));
	if (rc != STORE_OK) goto failed;
	seed_office_defaults(ctx->c, ctx->office_id);
	if ((rc = create_users(ctx, err)) != STORE_OK) goto cleanup;
	for (size_t i = 0; i < countof(demo_areas); i++)
		if ((rc = demo_areas[i].seed(ctx)) != STORE_OK) {
			*err = xasprintf("the %s demo data could not be written: %s", demo_areas[i].area,
			                 store_errmsg(ctx->c));
			goto cleanup;
		}
	if ((rc = store_commit(ctx->c)) == STORE_OK) goto cleanup;
failed:
	*err = xasprintf("the demo could not be written: %s", store_errmsg(ctx->c));
cleanup:
	if (rc != STORE_OK) store_rollback(ctx->c);
	store_release(ctx->c);
	ctx->c = NULL;
	return rc;
}

void demo_ctx_free(demo_ctx *ctx)
{
	for (int i = 0; ctx->partners && i < ctx->npartners; i++) free(ctx->partners[i].name);
	free(ctx->partners);
	free(ctx->contacts);
	for (int i = 0; i < ctx->nusers; i++) sodium_memzero(ctx->users[i].password, sizeof ctx->users[i].password);
	memset(ctx, 0, sizeof *ctx);
}

int cmd_seed_demo(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport seed-demo [--db URL] [--office-name NAME] [--seed N] [--today YYYY-MM-DD]\n\n"
		"Creates a fictional county election office with about 120 partners, 300 contacts,\n"
		"1,500 interactions over the last two years and one staff account per role, then\n"
		"prints the accounts and their generated passwords.  The same seed (and --today)\n"
		"gives the same county.  Meant for a fresh database: rapport init, then this.";
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"},
		{"--office-name", NULL, true, "the office's name (default Juniper County Elections)", NULL},
		{"--seed", NULL, true, "random seed, a positive whole number (default 1)", "1"},
		{"--today", NULL, true, "date the two years of history end on (default: today)", NULL},
		{"--listen", "RAPPORT_LISTEN", true, "address rapport serve will use, for the sign-in line", "127.0.0.1:8080"},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	int64_t seed;
	if (!str_parse_int64(cli_get(opts, "--seed"), &seed) || seed <= 0) {
		fprintf(stderr, "rapport: --seed must be a positive whole number\n");
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	char *err = NULL;
	int version = store_schema_version(s);
	if (version == 0 && store_migrate(s, &err) < 0) {
		fprintf(stderr, "rapport: %s\n", err);
		free(err);
		store_close(s);
		return 1;
	}
	if (store_schema_version(s) != store_latest_version()) {
		fprintf(stderr, "rapport: the database is at schema %d but this binary needs %d: run rapport migrate\n",
		        store_schema_version(s), store_latest_version());
		store_close(s);
		return 1;
	}
	demo_options o = {.office_name = cli_get(opts, "--office-name"), .seed = (uint64_t)seed,
	                  .today = cli_get(opts, "--today")};
	demo_ctx ctx;
	int64_t t0 = time_now_ms();
	rc = demo_seed(s, &o, &ctx, &err);
	store_close(s);
	if (rc != STORE_OK) {
		fprintf(stderr, "rapport: %s\n", err ? err : "the demo could not be written");
		free(err);
		demo_ctx_free(&ctx);
		return 1;
	}
	const char *office_name = o.office_name ? o.office_name : "Juniper County Elections";
	printf("Created %s (office %lld) from seed %lld in %.1f s:\n", office_name, (long long)ctx.office_id,
	       (long long)seed, (double)(time_now_ms() - t0) / 1000.0);
	printf("  %d partners, %d contacts, %d interactions over two years (%d follow-ups open), %d staff accounts.\n\n",
	       ctx.npartners, ctx.ncontacts, ctx.ninteractions, ctx.nfollowups_open, ctx.nusers);
	printf("  %-12s %-32s %s\n", "role", "email", "password");
	for (int i = 0; i < ctx.nusers; i++) {
		const demo_user *u = &ctx.users[i];
		if (u->departed)
			printf("  %-12s %-32s (%s has left the office: account disabled, relationships not yet handed over)\n",
			       u->role, u->email, u->name);
		else
			printf("  %-12s %-32s %s\n", u->role, u->email, u->password);
	}
	const char *listen = cli_get(opts, "--listen");
	printf("\nSign in at http://%s as %s with password %s\n", listen, ctx.users[0].email, ctx.users[0].password);
	demo_ctx_free(&ctx);
	return 0;
}
