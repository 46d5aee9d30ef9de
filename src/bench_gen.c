/*
** bench_gen.c: `rapport bench-gen`: the deterministic data set behind
** `make bench` (bench/run.sh): by default one office with 50,000 partners,
** 150,000 contacts, 500,000 interactions and 500,000 feedback records,
** split evenly over --offices.
**
** Rows go in through the store interface with prepared statements in
** large transactions (a commit every BENCH_CHUNK rows), so SQLite writes
** about a million rows in seconds.  The data has the demo's shape (dated
** status history, vetting that fits the status, affiliations, liaisons,
** interactions peaking before elections, search documents for partners,
** contacts and interactions) but is written in bulk: the audit log gets
** one "bench_generate" entry per office, not one per row.
**
** Each office has four users: bench-admin-N, bench-coordinator-N,
** bench-staff-N and bench-viewer-N @bench.example (one generated password for
** all, not printed: bench/run.sh signs in with API tokens from rapport token).
** The rows depend only on --seed, --today and the counts, so the same command
** on a fresh SQLite file and a fresh PostgreSQL database gives the same rows
** with the same ids (bench/sections/40-postgres.sh compares the stores so).
** Other areas add their bulk data in bench_areas[] below their anchor.
*/
#include "auth.h"
#include "cli.h"
#include "demo.h"
#include "domain.h"
#include "feedback.h"
#include "feedback_rollup.h"
#include "seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_CHUNK 200000   /* rows per transaction */

typedef struct bench_ctx {
	store_conn *c;
	demo_rng rng;
	uint64_t seed;
	int64_t today;
	int office_no;                    /* 1-based */
	int64_t office_id;
	int64_t users[4];                 /* admin, coordinator, staff, viewer */
	const char *password_hash;        /* shared by every office's users */
	FILE *tokens;                     /* --tokens: where the new API tokens go, or NULL */
	int npartners, ncontacts, ninteractions;   /* for this office */
	int nfeedback;
	int64_t *partner_ids;
	const char **partner_status, **partner_subtype;
	char **partner_names;
	int64_t *partner_from, *partner_to;         /* days interactions fall in */
	int64_t *contact_ids;
	int *first_contact, *partner_contacts;
	demo_election elections[24];
	int nelections;
	int64_t pending;                  /* rows since the last commit */
	int64_t rows;                     /* rows written in all */
} bench_ctx;

typedef int (*bench_fn)(bench_ctx *b);

/* Counts a written row; commits and begins a new transaction every
** BENCH_CHUNK rows so neither the WAL nor memory grows without bound. */
static int bench_row(bench_ctx *b, int rc)
{
	if (rc < 0) return rc;
	b->rows++;
	if (++b->pending < BENCH_CHUNK) return STORE_OK;
	b->pending = 0;
	if ((rc = store_commit(b->c)) != STORE_OK) return rc;
	return store_begin(b->c, b->office_id, STORE_WRITE);
}

static void day_time(int64_t day, char out[ISO_TIME_LEN]) { time_iso_from_epoch(day * 86400 + 16 * 3600, out); }

/* The four users of the office.  They share one argon2id hash of a random
** password made once per run (bench_ctx.password_hash): nobody signs in with
** them (bench/run.sh uses API tokens), and hashing 400 passwords for 100
** offices would take minutes. */
static int bench_users(bench_ctx *b)
{
	static const char *const roles[] = {"admin", "coordinator", "staff", "viewer"};
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	for (int i = 0; i < 4; i++) {
		char email[96], name[64];
		snprintf(email, sizeof email, "bench-%s-%d@bench.example", roles[i], b->office_no);
		snprintf(name, sizeof name, "Bench %s %d", roles[i], b->office_no);
		b->users[i] = store_query_int(b->c, 0,
		    "INSERT INTO users(office_id, email, name, role, password_hash, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "ittttt" "t", b->office_id, email, name, roles[i], b->password_hash, now, now);
		if (!b->users[i]) {
			fprintf(stderr, "rapport: cannot create %s: %s\n", email, store_errmsg(b->c));
			return STORE_CONSTRAINT;
		}
	}
	return STORE_OK;
}

/* Partners with their lists, status history, vetting and liaisons. */
static int bench_partners(bench_ctx *b)
{
	static const char *const statuses[] = {"active", "active", "active", "active", "active", "prospect",
	                                       "prospect", "vetting", "dormant", "dormant", "ended", NULL};
	static const char *const langs[] = {"es", "vi", "zh", "ko", "tl", NULL};
	demo_rng *r = &b->rng;
	int64_t T = b->today;
	int64_t groups[20];
	int ngroups = 0;
	store_stmt *st = store_prepare(b->c, "SELECT id FROM demographic_groups WHERE office_id = ? ORDER BY id");
	store_bind(st, "i", b->office_id);
	while (ngroups < 20 && store_step(st) == STORE_ROW) groups[ngroups++] = store_col_int(st, 0);
	store_reset(st);
	buf name = BUF_INIT, body = BUF_INIT, domain = BUF_INIT;
	int rc = STORE_OK;
	for (int i = 0; i < b->npartners && rc == STORE_OK; i++) {
		buf_reset(&name);
		buf_reset(&domain);
		const char *subtype = partner_subtypes[demo_int(r, 0, 13)];
		demo_partner_name(r, subtype, &name);
		demo_domain(name.data, &domain);
		const char *kind = demo_partner_kind(r, subtype);
		const char *status = demo_pick(r, statuses);
		int64_t first = T - demo_int(r, 30, 1800), vet = 0, act = 0, end = 0;
		bool was_active = str_eq(status, "active") || str_eq(status, "dormant") || (str_eq(status, "ended") && demo_chance(r, 0.5));
		if (str_eq(status, "vetting") || was_active) vet = first + demo_int(r, 3, 14);
		if (was_active) act = vet + demo_int(r, 3, 14);
		if (str_eq(status, "dormant") || str_eq(status, "ended")) end = act + (T - act) / 2;
		if (str_eq(status, "ended") && !act) end = first + (T - first) / 2;
		b->partner_status[i] = status;
		b->partner_subtype[i] = subtype;
		b->partner_names[i] = xstrdup(name.data);
		b->partner_from[i] = first > T - 730 ? first : T - 730;
		b->partner_to[i] = end ? end : T;
		char created[ISO_TIME_LEN], updated[ISO_TIME_LEN], site[96];
		day_time(first, created);
		day_time(end ? end : act ? act : vet ? vet : first, updated);
		snprintf(site, sizeof site, "https://www.%s", domain.data);
		const char *goal = demo_shared_goal(r);
		json_t *goals = json_pack("[s]", goal);
		json_t *tags = demo_chance(r, 0.4) ? json_pack("[s]", demo_tag(r)) : json_array();
		b->partner_ids[i] = store_query_int(b->c, 0,
		    "INSERT INTO partners(office_id, name, kind, subtype, status, website, shared_goals, tags,"
		    " created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    "itttttjjtti", b->office_id, name.data, kind, subtype, status, site, goals, tags, created, updated,
		    b->users[1]);
		int64_t id = b->partner_ids[i];
		rc = bench_row(b, id ? STORE_OK : STORE_ERROR);
		if (rc == STORE_OK)
			rc = bench_row(b, store_exec(b->c, "INSERT INTO partner_languages(office_id, partner_id, language) VALUES (?, ?, ?)",
			                             "iit", b->office_id, id, "en"));
		if (rc == STORE_OK && demo_chance(r, 0.3))
			rc = bench_row(b, store_exec(b->c, "INSERT INTO partner_languages(office_id, partner_id, language) VALUES (?, ?, ?)",
			                             "iit", b->office_id, id, demo_pick(r, langs)));
		if (rc == STORE_OK && ngroups && demo_chance(r, 0.7))
			rc = bench_row(b, store_exec(b->c, "INSERT INTO partner_groups(office_id, partner_id, group_id) VALUES (?, ?, ?)",
			                             "iii", b->office_id, id, groups[demo_int(r, 0, ngroups - 1)]));
		/* The status history, one row per step. */
		const char *steps[4] = {"prospect", NULL, NULL, NULL};
		int64_t days[4] = {first, 0, 0, 0};
		int n = 1;
		if (vet) steps[n] = "vetting", days[n++] = vet;
		if (act) steps[n] = "active", days[n++] = act;
		if (end) steps[n] = status, days[n++] = end;
		for (int k = 0; k < n && rc == STORE_OK; k++) {
			char at[ISO_TIME_LEN];
			day_time(days[k], at);
			rc = bench_row(b, store_exec(b->c,
			    "INSERT INTO partner_status_history(office_id, partner_id, from_status, to_status, at, user_id)"
			    " VALUES (?, ?, ?, ?, ?, ?)",
			    "iittti", b->office_id, id, k ? steps[k - 1] : NULL, steps[k], at, b->users[1]));
		}
		/* Vetting that fits: both passed for partners that were ever active. */
		char decided[ISO_TIME_LEN];
		day_time(act ? act : vet, decided);
		for (int k = 0; vetting_aspects[k] && rc == STORE_OK; k++)
			rc = bench_row(b, store_exec(b->c,
			    "INSERT INTO partner_vetting(office_id, partner_id, aspect, outcome, decided_by, decided_at)"
			    " VALUES (?, ?, ?, ?, ?, ?)",
			    "iittIt", b->office_id, id, vetting_aspects[k], act ? "passed" : "pending",
			    act ? b->users[1] : (int64_t)0, act ? decided : NULL));
		if (rc == STORE_OK && (vet || act)) {
			char since[ISO_TIME_LEN];
			day_time(vet, since);
			rc = bench_row(b, store_exec(b->c,
			    "INSERT INTO liaisons(office_id, partner_id, user_id, role, started_at) VALUES (?, ?, ?, 'primary', ?)",
			    "iiit", b->office_id, id, b->users[demo_chance(r, 0.5) ? 1 : 2], since));
		}
		buf_reset(&body);
		buf_printf(&body, "%s\n%s\n%s\n", site, subtype, goal);
		if (rc == STORE_OK) rc = bench_row(b, store_index_put(b->c, b->office_id, "partner", id, name.data, body.data));
		json_decref(goals);
		json_decref(tags);
	}
	buf_free(&name);
	buf_free(&body);
	buf_free(&domain);
	return rc;
}

/* Contacts, each with a current affiliation; about one in ten moved here
** from another partner (the old position kept, ended). */
static int bench_contacts(bench_ctx *b)
{
	demo_rng *r = &b->rng;
	buf name = BUF_INIT, email = BUF_INIT, body = BUF_INIT;
	int rc = STORE_OK, k = 0;
	for (int i = 0; i < b->npartners && rc == STORE_OK; i++) {
		/* Spread the contacts evenly, give or take one. */
		int n = (int)(((int64_t)(i + 1) * b->ncontacts) / b->npartners - ((int64_t)i * b->ncontacts) / b->npartners);
		b->first_contact[i] = k;
		b->partner_contacts[i] = n;
		for (int j = 0; j < n && rc == STORE_OK; j++, k++) {
			buf_reset(&name);
			buf_reset(&email);
			demo_person_name(r, NULL, &name);
			buf_printf(&email, "c%d.", k);
			demo_email(name.data, "bench.example", &email);
			char created[ISO_TIME_LEN], started[11];
			day_time(b->partner_from[i], created);
			demo_date(b->partner_from[i] - demo_int(r, 0, 900), started);
			int64_t id = store_query_int(b->c, 0,
			    "INSERT INTO contacts(office_id, full_name, email, verify_status, last_verified_at, created_at, updated_at)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    "ittttt" "t", b->office_id, name.data, email.data, demo_chance(r, 0.7) ? "verified" : "unverified",
			    created, created, created);
			b->contact_ids[k] = id;
			rc = bench_row(b, id ? STORE_OK : STORE_ERROR);
			if (rc == STORE_OK)
				rc = bench_row(b, store_exec(b->c,
				    "INSERT INTO affiliations(office_id, contact_id, partner_id, title, started_on, created_at)"
				    " VALUES (?, ?, ?, ?, ?, ?)",
				    "iiitt" "t", b->office_id, id, b->partner_ids[i], "Coordinator", started, created));
			if (rc == STORE_OK && demo_chance(r, 0.1)) {
				char old[11];
				demo_date(b->partner_from[i] - 1000, old);
				rc = bench_row(b, store_exec(b->c,
				    "INSERT INTO affiliations(office_id, contact_id, partner_id, title, started_on, ended_on, created_at)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?)",
				    "iiittt" "t", b->office_id, id, b->partner_ids[demo_int(r, 0, b->npartners - 1)], "Director", old,
				    started, created));
			}
			buf_reset(&body);   /* as api_contacts.c writes it */
			buf_printf(&body, "%s\nCoordinator %s\n", email.data, b->partner_names[i]);
			if (rc == STORE_OK) rc = bench_row(b, store_index_put(b->c, b->office_id, "contact", id, name.data, body.data));
		}
	}
	buf_free(&name);
	buf_free(&email);
	buf_free(&body);
	return rc;
}

/* Interactions, partner by partner (the busier the status, the more),
** on days drawn with the election season, each with a contact and a staff
** member; about one in eight has a follow-up. */
static int bench_interactions(bench_ctx *b)
{
	demo_rng *r = &b->rng;
	int64_t T = b->today;
	double *w = xcalloc((size_t)b->npartners, sizeof *w), sum = 0;
	for (int i = 0; i < b->npartners; i++) {
		const char *s = b->partner_status[i];
		w[i] = (str_eq(s, "active") ? 3.0 : str_eq(s, "dormant") ? 1.0 : 0.3) *
		       (double)(b->partner_to[i] - b->partner_from[i] + 1);
		sum += w[i];
	}
	buf summary = BUF_INIT, body = BUF_INIT, title = BUF_INIT;
	int rc = STORE_OK, done = 0;
	double acc = 0;
	for (int i = 0; i < b->npartners && rc == STORE_OK; i++) {
		acc += w[i];
		int upto = i == b->npartners - 1 ? b->ninteractions : (int)(acc / sum * b->ninteractions);
		const char *subtype = b->partner_subtype[i], *partner_name = b->partner_names[i];
		for (; done < upto && rc == STORE_OK; done++) {
			int64_t day = demo_seasonal_day(r, b->elections, b->nelections, b->partner_from[i], b->partner_to[i]);
			const char *type = demo_interaction_type(r, subtype);
			buf_reset(&summary);
			demo_interaction_summary(r, type, partner_name, &summary);
			char on[11], created[ISO_TIME_LEN], follow[11];
			demo_date(day, on);
			day_time(day, created);
			bool has_follow = demo_chance(r, 0.12);
			bool follow_done = has_follow && day + 14 < T && demo_chance(r, 0.85);
			demo_date(day + 14, follow);
			int64_t owner = b->users[demo_chance(r, 0.5) ? 1 : 2];
			const char *office_gave = demo_office_gave(r, type), *partner_gave = demo_partner_gave(r, type);
			int64_t id = store_query_int(b->c, 0,
			    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, office_gave,"
			    " partner_gave, follow_up_on, follow_up_owner, follow_up_done_at, created_by, created_at, updated_at)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    "iitttttttItitt", b->office_id, b->partner_ids[i], on, type, "both", summary.data,
			    office_gave, partner_gave, has_follow ? follow : NULL,
			    has_follow ? owner : (int64_t)0, follow_done ? created : NULL, owner, created, created);
			rc = bench_row(b, id ? STORE_OK : STORE_ERROR);
			if (rc == STORE_OK && b->partner_contacts[i])
				rc = bench_row(b, store_exec(b->c,
				    "INSERT INTO interaction_contacts(office_id, interaction_id, contact_id) VALUES (?, ?, ?)", "iii",
				    b->office_id, id,
				    b->contact_ids[b->first_contact[i] + demo_int(r, 0, b->partner_contacts[i] - 1)]));
			if (rc == STORE_OK)
				rc = bench_row(b, store_exec(b->c,
				    "INSERT INTO interaction_staff(office_id, interaction_id, user_id) VALUES (?, ?, ?)", "iii",
				    b->office_id, id, owner));
			/* The search document as api_interactions.c writes it. */
			buf_reset(&body);
			buf_printf(&body, "%s\n%s\n%s\n", summary.data, office_gave, partner_gave);
			buf_reset(&title);
			buf_printf(&title, "%s: %s %s", partner_name, on, type);
			if (rc == STORE_OK)
				rc = bench_row(b, store_index_put(b->c, b->office_id, "interaction", id, title.data, body.data));
		}
	}
	free(w);
	buf_free(&summary);
	buf_free(&body);
	buf_free(&title);
	if (rc != STORE_OK) return rc;
	char today[11];   /* "last touched", as partner_touch (partners.h) keeps it */
	demo_date(b->today, today);
	return store_exec(b->c,
	    "UPDATE partners SET last_interaction_on = (SELECT max(i.occurred_on) FROM interactions i"
	    " WHERE i.office_id = partners.office_id AND i.partner_id = partners.id AND i.type <> 'handover'"
	    " AND i.occurred_on <= ?2) WHERE office_id = ?1",
	    "it", b->office_id, today) < 0 ? STORE_ERROR : STORE_OK;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Feedback over the two years, heavier before elections, received in
** office hours, with workflow dates that fit the status (older records
** mostly closed), then the summary's rollup built from them.  Records only:
** no workflow events or search documents (the POST benchmark writes those). */
static int bench_feedback(bench_ctx *b)
{
	static const char *const channels[] = {"phone", "phone", "phone", "email", "email", "walk_in", "event",
	                                       "web_form", "web_form", "social_media", "mail", "partner", "other", NULL};
	static const char *const langs[] = {"en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "en",
	                                    "es", "es", "es", "vi", "zh", "ko", "tl", NULL};
	static const char *const bodies[] = {
		"When will my mail ballot arrive?", "The polling place on Elm St had a long line at 7am.",
		"Is the drop box at the library monitored?", "I moved last month; am I still registered?",
		"The Spanish ballot instructions were hard to follow.", "Thank you to the staff at the county building.",
		"Someone online said ballots are counted twice. Is that true?", "The accessible voting machine was not set up.",
		NULL};
	if (b->nfeedback <= 0) return STORE_OK;
	demo_rng *r = &b->rng;
	int64_t T = b->today;
	const tz_zone *z = feedback_office_zone(b->c, b->office_id);
	int64_t topics[16];
	int ntopics = 0;
	store_stmt *st = store_prepare(b->c, "SELECT id FROM feedback_topics WHERE office_id = ? ORDER BY id");
	store_bind(st, "i", b->office_id);
	while (ntopics < 16 && store_step(st) == STORE_ROW) topics[ntopics++] = store_col_int(st, 0);
	store_reset(st);
	/* Receipt times, in order, so reference numbers follow them. */
	int64_t *at = xcalloc((size_t)b->nfeedback, sizeof *at);
	for (int i = 0; i < b->nfeedback; i++)
		at[i] = demo_seasonal_day(r, b->elections, b->nelections, T - 730, T - 1) * 86400 + 15 * 3600 +
		        demo_int(r, 0, 9 * 3600 - 1);
	qsort(at, (size_t)b->nfeedback, sizeof *at, cmp_i64);
	int rc = STORE_OK, year = 0;
	int64_t seq = 0;
	for (int i = 0; i < b->nfeedback && rc == STORE_OK; i++) {
		tz_local l;
		tz_to_local(z, at[i], &l);
		if (l.year != year) year = l.year, seq = 0;
		seq++;
		char ref[32], recv[ISO_TIME_LEN], first[ISO_TIME_LEN], acted[ISO_TIME_LEN], closed[ISO_TIME_LEN];
		snprintf(ref, sizeof ref, "FB-%04d-%06lld", year % 10000, (long long)seq);
		time_iso_from_epoch(at[i], recv);
		int64_t age_days = T - at[i] / 86400;
		int roll = demo_int(r, 0, 99);
		const char *status = age_days > 30 ? (roll < 60 ? "closed" : roll < 75 ? "closed_no_action" : roll < 85 ? "action_taken"
		                                      : roll < 92 ? "in_progress" : roll < 96 ? "triaged" : "new")
		                                   : (roll < 25 ? "new" : roll < 45 ? "triaged" : roll < 65 ? "in_progress"
		                                      : roll < 80 ? "action_taken" : roll < 95 ? "closed" : "closed_no_action");
		bool has_first = !str_eq(status, "new");
		bool has_acted = str_eq(status, "action_taken") || str_eq(status, "closed");
		bool has_closed = str_eq(status, "closed") || str_eq(status, "closed_no_action");
		int64_t t_first = at[i] + demo_int(r, 300, 5 * 86400), t_acted = t_first + demo_int(r, 0, 10 * 86400);
		int64_t t_closed = (has_acted ? t_acted : t_first) + demo_int(r, 0, 7 * 86400);
		time_iso_from_epoch(t_first, first);
		time_iso_from_epoch(t_acted, acted);
		time_iso_from_epoch(t_closed, closed);
		rc = bench_row(b, store_exec(b->c,
		    "INSERT INTO feedback(office_id, reference, ref_year, ref_seq, received_at, channel, source, language, topic_id,"
		    " body, status, action_taken, close_reason, first_action_at, action_taken_at, closed_at, created_by,"
		    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "itdittttI" "ttttttt" "itt",
		    b->office_id, ref, year, seq, recv, demo_pick(r, channels), demo_chance(r, 0.85) ? "voter" : "partner",
		    demo_pick(r, langs), ntopics && demo_chance(r, 0.9) ? topics[demo_int(r, 0, ntopics - 1)] : (int64_t)0,
		    demo_pick(r, bodies), status, has_acted ? "Answered by phone and sent the official information." : NULL,
		    str_eq(status, "closed_no_action") ? "Duplicate of an earlier report." : NULL, has_first ? first : NULL,
		    has_acted ? acted : NULL, has_closed ? closed : NULL, b->users[2], recv, recv));
	}
	free(at);
	if (rc != STORE_OK) return rc;
	return feedback_rollup_rebuild(b->c, b->office_id);
}

/* With --tokens: an API token for the office's viewer and staff user
** (audited like rapport token create), written as one line per token:
**   OFFICE_NO ROLE TOKEN FIRST_PARTNER_ID LAST_PARTNER_ID
** so a load generator can send each office's requests with its own token
** and pick ids from its own partners. */
static int bench_tokens(bench_ctx *b)
{
	static const struct { const char *role; int user; } which[] = {{"viewer", 3}, {"staff", 2}};
	if (!b->tokens) return STORE_OK;
	for (size_t i = 0; i < countof(which); i++) {
		char *token = NULL;
		int64_t user = b->users[which[i].user];
		int64_t id = auth_token_create(b->c, b->office_id, user, "bench", &token);
		if (!id) return STORE_ERROR;
		json_t *after = json_pack("{s:I, s:s}", "user_id", (json_int_t)user, "name", "bench");
		audit_actor who = {.office_id = b->office_id, .actor = "cli"};
		int rc = audit_record(b->c, &who, "create", "api_token", id, NULL, after);
		json_decref(after);
		if (rc == STORE_OK)
			fprintf(b->tokens, "%d %s %s %lld %lld\n", b->office_no, which[i].role, token,
			        (long long)(b->npartners ? b->partner_ids[0] : 0),
			        (long long)(b->npartners ? b->partner_ids[b->npartners - 1] : 0));
		free(token);
		if (rc != STORE_OK) return rc;
	}
	return STORE_OK;
}

/* Each area's bulk data, run in order for every office.  Add yours below
** its anchor (feedback: 500,000 rows for the summary figure of issue 5). */
static const struct {
	const char *area;
	bench_fn gen;
} bench_areas[] = {
	{"users", bench_users},
	{"partners", bench_partners},
	{"contacts", bench_contacts},
	{"interactions", bench_interactions},
	{"tokens", bench_tokens},
	/* -- feedback, solicitations -- */
	{"feedback", bench_feedback},
	/* -- misconceptions -- */
	/* -- continuity, advisory group -- */
};

static int bench_office(store *s, bench_ctx *b)
{
	char name[64], slug[32], now[ISO_TIME_LEN];
	snprintf(name, sizeof name, "Bench County %d", b->office_no);
	snprintf(slug, sizeof slug, "bench-%d", b->office_no);
	char stream[32];
	snprintf(stream, sizeof stream, "bench-office-%d", b->office_no);
	demo_rng_seed(&b->rng, b->seed, stream);
	time_now_iso(now);
	b->c = store_acquire(s);
	if (!b->c) return STORE_UNAVAILABLE;
	/* A bigger page cache while writing: the indexes of a large table take
	** random inserts, and 16 MB of cache makes each one a read. */
	if (store_conn_dialect(b->c) == STORE_SQLITE) store_exec(b->c, "PRAGMA cache_size = -262144", "");
	int rc = store_begin(b->c, 0, STORE_WRITE);
	if (rc == STORE_OK) {
		b->office_id = store_query_int(b->c, 0,
		    "INSERT INTO offices(name, slug, timezone, created_at) VALUES (?, ?, 'America/Denver', ?) RETURNING id",
		    "ttt", name, slug, now);
		if (b->office_id && store_scope(b->c, b->office_id) != STORE_OK) b->office_id = 0;
		if (!b->office_id) {
			fprintf(stderr, "rapport: cannot add office %s (is the database fresh?): %s\n", slug,
			        store_errmsg(b->c));
			rc = STORE_CONSTRAINT;
		}
	}
	if (rc == STORE_OK) seed_office_defaults(b->c, b->office_id);
	size_t np = (size_t)b->npartners, nc = (size_t)b->ncontacts;
	b->partner_ids = xcalloc(np, sizeof *b->partner_ids);
	b->partner_status = xcalloc(np, sizeof *b->partner_status);
	b->partner_subtype = xcalloc(np, sizeof *b->partner_subtype);
	b->partner_names = xcalloc(np, sizeof *b->partner_names);
	b->partner_from = xcalloc(np, sizeof *b->partner_from);
	b->partner_to = xcalloc(np, sizeof *b->partner_to);
	b->first_contact = xcalloc(np, sizeof *b->first_contact);
	b->partner_contacts = xcalloc(np, sizeof *b->partner_contacts);
	b->contact_ids = xcalloc(nc ? nc : 1, sizeof *b->contact_ids);
	for (size_t i = 0; i < countof(bench_areas) && rc == STORE_OK; i++) {
		int64_t t0 = time_now_ms(), rows0 = b->rows;
		rc = bench_areas[i].gen(b);
		if (rc != STORE_OK)
			fprintf(stderr, "rapport: bench %s data failed: %s\n", bench_areas[i].area, store_errmsg(b->c));
		else if (b->office_no == 1)
			fprintf(stderr, "  %-13s %8lld rows  %6.1f s\n", bench_areas[i].area, (long long)(b->rows - rows0),
			        (double)(time_now_ms() - t0) / 1000.0);
	}
	if (rc == STORE_OK) {
		json_t *after = json_pack("{s:i, s:i, s:i, s:i, s:I}", "partners", b->npartners, "contacts", b->ncontacts,
		                          "interactions", b->ninteractions, "feedback", b->nfeedback, "seed", (json_int_t)b->seed);
		audit_actor who = {.office_id = b->office_id, .actor = "cli"};
		rc = audit_record(b->c, &who, "bench_generate", "office", b->office_id, NULL, after);
		json_decref(after);
	}
	if (rc == STORE_OK) rc = store_commit(b->c);
	if (rc != STORE_OK) store_rollback(b->c);
	store_release(b->c);
	free(b->partner_ids);
	free(b->partner_status);
	free(b->partner_subtype);
	for (size_t i = 0; i < np; i++) free(b->partner_names[i]);
	free(b->partner_names);
	free(b->partner_from);
	free(b->partner_to);
	free(b->first_contact);
	free(b->partner_contacts);
	free(b->contact_ids);
	return rc;
}

static bool count_opt(cli_opt *opts, const char *name, int64_t max, int64_t *out)
{
	if (str_parse_int64(cli_get(opts, name), out) && *out >= 0 && *out <= max) return true;
	fprintf(stderr, "rapport: %s must be a whole number from 0 to %lld\n", name, (long long)max);
	return false;
}

int cmd_bench_gen(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport bench-gen [--db URL] [--partners N] [--contacts N] [--interactions N]\n"
		"                         [--feedback N] [--offices N] [--per-office] [--seed N]\n"
		"                         [--today YYYY-MM-DD] [--tokens FILE]\n\n"
		"Writes the benchmark data set into a fresh database: offices bench-1 .. bench-N\n"
		"sharing the counts evenly (or each with the counts, with --per-office), each with\n"
		"users bench-ROLE-N@bench.example (admin, coordinator, staff, viewer).  The same\n"
		"seed and --today give the same rows, with the same ids in a fresh database, on\n"
		"SQLite and on PostgreSQL alike: office K's partners are then a consecutive run\n"
		"of ids, after office K-1's.  --tokens FILE writes lines\n"
		"\"OFFICE_NO ROLE TOKEN FIRST_PARTNER_ID LAST_PARTNER_ID\" (viewer and staff).";
	cli_opt opts[] = {
		{"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://...", "rapport.db"},
		{"--partners", NULL, true, "partners in all (default 50000)", "50000"},
		{"--contacts", NULL, true, "contacts in all (default 150000)", "150000"},
		{"--interactions", NULL, true, "interactions in all (default 500000)", "500000"},
		{"--feedback", NULL, true, "feedback records in all (default 500000)", "500000"},
		{"--offices", NULL, true, "offices to spread them over (default 1)", "1"},
		{"--per-office", NULL, false, "the counts are per office, not in all", NULL},
		{"--seed", NULL, true, "random seed (default 1)", "1"},
		{"--today", NULL, true, "the day the two years of history end (default today)", NULL},
		{"--tokens", NULL, true, "write an API token of each office's viewer and staff to FILE", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	int64_t partners, contacts, interactions, feedback, offices, seed;
	if (!count_opt(opts, "--partners", 10000000, &partners) || !count_opt(opts, "--contacts", 50000000, &contacts) ||
	    !count_opt(opts, "--feedback", 100000000, &feedback) ||
	    !count_opt(opts, "--interactions", 100000000, &interactions) || !count_opt(opts, "--offices", 10000, &offices) ||
	    !count_opt(opts, "--seed", INT64_MAX, &seed))
		return 2;
	if (cli_get(opts, "--per-office")) {
		if (offices < 1 || partners > 10000000 / offices || contacts > 50000000 / offices ||
		    interactions > 100000000 / offices || feedback > 100000000 / offices) {
			fprintf(stderr, "rapport: with --per-office, offices times each count is too large\n");
			return 2;
		}
		partners *= offices;
		contacts *= offices;
		interactions *= offices;
		feedback *= offices;
	}
	if (offices < 1 || partners < offices || (contacts && !partners)) {
		fprintf(stderr, "rapport: need at least one office and one partner per office\n");
		return 2;
	}
	int64_t today = demo_today();
	if (cli_get(opts, "--today") && !demo_parse_day(cli_get(opts, "--today"), &today)) {
		fprintf(stderr, "rapport: --today must be a date written YYYY-MM-DD\n");
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	char *err = NULL;
	if (store_schema_version(s) == 0 && store_migrate(s, &err) < 0) {
		fprintf(stderr, "rapport: %s\n", err);
		free(err);
		store_close(s);
		return 1;
	}
	char pw[25], hash[128];
	random_hex(pw, 12);
	if (!auth_password_hash(pw, hash)) {
		fprintf(stderr, "rapport: cannot hash a password (out of memory?)\n");
		store_close(s);
		return 1;
	}
	FILE *tokens = NULL;
	if (cli_get(opts, "--tokens") && !(tokens = fopen(cli_get(opts, "--tokens"), "w"))) {
		fprintf(stderr, "rapport: cannot write %s\n", cli_get(opts, "--tokens"));
		store_close(s);
		return 1;
	}
	int64_t t0 = time_now_ms(), rows = 0;
	rc = STORE_OK;
	for (int64_t k = 0; k < offices && rc == STORE_OK; k++) {
		bench_ctx b = {.seed = (uint64_t)seed, .today = today, .office_no = (int)k + 1, .password_hash = hash, .tokens = tokens};
		b.npartners = (int)((partners * (k + 1)) / offices - (partners * k) / offices);
		b.ncontacts = (int)((contacts * (k + 1)) / offices - (contacts * k) / offices);
		b.ninteractions = (int)((interactions * (k + 1)) / offices - (interactions * k) / offices);
		b.nfeedback = (int)((feedback * (k + 1)) / offices - (feedback * k) / offices);
		b.nelections = demo_elections(today - 800, today + 365, b.elections, (int)countof(b.elections));
		rc = bench_office(s, &b);
		rows += b.rows;
	}
	store_close(s);
	if (tokens && fclose(tokens) != 0) rc = STORE_ERROR;
	if (rc != STORE_OK) return 1;
	double secs = (double)(time_now_ms() - t0) / 1000.0;
	printf("%lld offices (bench-1..bench-%lld): %lld partners, %lld contacts, %lld interactions, %lld feedback;"
	       " %lld rows in %.1f s (%.0f rows/s)\n",
	       (long long)offices, (long long)offices, (long long)partners, (long long)contacts,
	       (long long)interactions, (long long)feedback, (long long)rows, secs, secs > 0 ? (double)rows / secs : 0.0);
	return 0;
}
