/* test_demo.c: the demo county (seed-demo) has the promised shape and keeps
** the registry's rules; the same seed gives the same county; the
** generators behind it and the benchmark are deterministic and correct. */
#include "testutil.h"

#include "demo.h"

#define TODAY "2026-06-15"

static int64_t q(store_conn *c, const char *sql)
{
	return store_query_int(c, -1, sql, "");
}

/* A connection reading as the demo office (row-level security on
** PostgreSQL shows an office's rows only to its own transactions). */
static store_conn *office_conn(store *s)
{
	store_conn *c = store_acquire(s);
	int64_t office = store_query_int(c, 0, "SELECT MIN(id) FROM offices", "");
	assert_int_equal(store_begin(c, office, STORE_READ), STORE_OK);
	return c;
}

static store *seeded(uint64_t seed, demo_ctx *ctx)
{
	store *s = test_store_open();
	demo_options o = {.seed = seed, .today = TODAY};
	char *err = NULL;
	int rc = demo_seed(s, &o, ctx, &err);
	if (rc != STORE_OK) fprintf(stderr, "demo_seed: %s\n", err ? err : "?");
	assert_int_equal(rc, STORE_OK);
	assert_null(err);
	return s;
}

static store *shape_store;   /* seed 42, kept for the determinism test */

static void test_demo_shape(void **state)
{
	(void)state;
	demo_ctx ctx;
	store *s = shape_store = seeded(42, &ctx);
	store_conn *c = office_conn(s);
	int64_t office = ctx.office_id;

	/* The counts the issue promises: about 120, 300 and 1,500. */
	int64_t partners = q(c, "SELECT count(*) FROM partners"), contacts = q(c, "SELECT count(*) FROM contacts");
	int64_t interactions = q(c, "SELECT count(*) FROM interactions");
	assert_in_range(partners, 100, 140);
	assert_in_range(contacts, 250, 350);
	assert_in_range(interactions, 1300, 1700);
	assert_int_equal(q(c, "SELECT count(*) FROM offices WHERE timezone = 'America/Denver'"), 1);
	assert_int_equal(store_query_int(c, 0, "SELECT count(*) FROM partners WHERE office_id <> ?", "i", office), 0);
	/* Both kinds, every subtype and every status. */
	assert_int_equal(q(c, "SELECT count(DISTINCT kind) FROM partners"), 2);
	assert_int_equal(q(c, "SELECT count(DISTINCT subtype) FROM partners"), 14);
	assert_int_equal(q(c, "SELECT count(DISTINCT status) FROM partners"), 5);
	assert_true(q(c, "SELECT count(*) FROM partners WHERE status = 'active'") >= 50);
	/* Staff in each role, and one who left. */
	assert_int_equal(q(c, "SELECT count(DISTINCT role) FROM users WHERE active = 1"), 5);
	assert_int_equal(q(c, "SELECT count(*) FROM users WHERE active = 0 AND password_hash IS NULL"), 1);

	/* Every partner that is or was active passed both reviews; a partner
	** that never got there has no passed pair. */
	assert_int_equal(q(c, "SELECT count(*) FROM partners p WHERE p.status IN ('active', 'dormant') AND"
	                      " (SELECT count(*) FROM partner_vetting v WHERE v.partner_id = p.id AND v.outcome = 'passed') <> 2"),
	                 0);
	assert_int_equal(q(c, "SELECT count(*) FROM partners p WHERE p.status IN ('prospect', 'vetting') AND"
	                      " (SELECT count(*) FROM partner_vetting v WHERE v.partner_id = p.id AND v.outcome = 'passed') = 2"),
	                 0);
	assert_int_equal(q(c, "SELECT count(*) FROM partner_vetting v WHERE (v.outcome = 'pending') <> (v.decided_at IS NULL)"), 0);
	assert_true(q(c, "SELECT count(*) FROM partner_vetting WHERE outcome = 'failed'") >= 1);
	/* The dated status history ends in the current status, and starts as a prospect. */
	assert_int_equal(q(c, "SELECT count(*) FROM partners p WHERE p.status <> (SELECT h.to_status FROM"
	                      " partner_status_history h WHERE h.partner_id = p.id ORDER BY h.at DESC, h.id DESC LIMIT 1)"),
	                 0);
	assert_int_equal(q(c, "SELECT count(*) FROM partner_status_history WHERE from_status IS NULL AND to_status <> 'prospect'"), 0);
	assert_int_equal(q(c, "SELECT count(*) FROM partners p WHERE NOT EXISTS (SELECT 1 FROM partner_status_history h"
	                      " WHERE h.partner_id = p.id AND h.from_status IS NULL)"),
	                 0);
	/* Demographic groups with shares; partners reach them; languages served. */
	assert_true(q(c, "SELECT count(*) FROM demographic_groups WHERE population_share IS NOT NULL") >= 13);
	assert_true(q(c, "SELECT count(DISTINCT group_id) FROM partner_groups") >= 12);
	assert_true(q(c, "SELECT count(*) FROM partner_languages WHERE language = 'vi'") >= 3);
	assert_true(q(c, "SELECT count(*) FROM partners WHERE shared_goals <> '[]'") >= 80);

	/* No contact holds two current affiliations at one partner; some moved
	** (an ended position elsewhere, a current one here); some left. */
	assert_int_equal(q(c, "SELECT count(*) FROM (SELECT contact_id, partner_id FROM affiliations WHERE ended_on IS NULL"
	                      " GROUP BY contact_id, partner_id HAVING count(*) > 1) x"),
	                 0);
	assert_true(q(c, "SELECT count(*) FROM affiliations a WHERE a.ended_on IS NOT NULL AND EXISTS (SELECT 1 FROM"
	                 " affiliations b WHERE b.contact_id = a.contact_id AND b.ended_on IS NULL AND b.partner_id <> a.partner_id"
	                 " AND b.started_on >= a.ended_on)") >= 5);
	assert_true(q(c, "SELECT count(*) FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM affiliations a"
	                 " WHERE a.contact_id = c.id AND a.ended_on IS NULL)") >= 3);
	assert_int_equal(q(c, "SELECT count(*) FROM affiliations WHERE ended_on IS NOT NULL AND ended_on < started_on"), 0);
	assert_true(q(c, "SELECT count(*) FROM contacts WHERE verify_status = 'unverified'") >= 20);
	assert_true(q(c, "SELECT count(*) FROM contacts WHERE verify_status = 'bounced'") >= 5);

	/* Liaisons: most current relationships have a primary; some have no
	** backup; some are still held by the coordinator who left. */
	assert_int_equal(q(c, "SELECT count(*) FROM liaisons l JOIN partners p ON p.id = l.partner_id"
	                      " WHERE l.ended_at IS NULL AND p.status = 'ended'"),
	                 0);
	assert_true(q(c, "SELECT count(*) FROM partners p WHERE p.status = 'active' AND NOT EXISTS (SELECT 1 FROM liaisons l"
	                 " WHERE l.partner_id = p.id AND l.role = 'backup' AND l.ended_at IS NULL)") >= 5);
	assert_true(q(c, "SELECT count(*) FROM liaisons l JOIN users u ON u.id = l.user_id WHERE u.active = 0"
	                 " AND l.ended_at IS NULL") >= 3);
	assert_true(q(c, "SELECT count(*) FROM liaisons WHERE ended_at IS NOT NULL") >= 3);
	assert_int_equal(q(c, "SELECT count(*) FROM liaisons l JOIN users u ON u.id = l.user_id WHERE u.role = 'viewer'"), 0);

	/* Interactions: over the last two years, each partner's last touch is
	** its newest interaction, follow-ups open and overdue, reciprocity. */
	assert_int_equal(q(c, "SELECT count(*) FROM interactions WHERE occurred_on > '" TODAY "' OR occurred_on < '2024-06-14'"), 0);
	assert_int_equal(q(c, "SELECT count(*) FROM partners p WHERE coalesce(p.last_interaction_on, '') <>"
	                      " coalesce((SELECT max(i.occurred_on) FROM interactions i WHERE i.partner_id = p.id), '')"),
	                 0);
	assert_true(q(c, "SELECT count(*) FROM interactions WHERE follow_up_on < '" TODAY "' AND follow_up_done_at IS NULL") >= 5);
	assert_true(q(c, "SELECT count(*) FROM interactions WHERE follow_up_on >= '" TODAY "' AND follow_up_done_at IS NULL") >= 1);
	assert_int_equal(q(c, "SELECT count(*) FROM interactions WHERE (direction IN ('both', 'office_gave')) <> (office_gave IS NOT NULL)"), 0);
	assert_int_equal(q(c, "SELECT count(*) FROM interactions WHERE (direction IN ('both', 'partner_gave')) <> (partner_gave IS NOT NULL)"), 0);
	assert_int_equal(q(c, "SELECT count(*) FROM interactions i WHERE NOT EXISTS (SELECT 1 FROM interaction_staff s"
	                      " WHERE s.interaction_id = i.id)"),
	                 0);
	assert_true(q(c, "SELECT count(*) FROM interaction_contacts") >= 1000);
	assert_true(q(c, "SELECT count(*) FROM interactions WHERE type = 'advisory_meeting'") >= 8);
	/* A seasonal peak: the 60 days before the 2024 general election are busier than 60 days off-cycle. */
	int64_t peak = q(c, "SELECT count(*) FROM interactions WHERE occurred_on BETWEEN '2024-09-06' AND '2024-11-05'");
	int64_t quiet = q(c, "SELECT count(*) FROM interactions WHERE occurred_on BETWEEN '2025-01-15' AND '2025-03-15'");
	assert_true(peak * 2 > quiet * 3);

	/* Search finds partners, contacts and interactions; every write is audited. */
	assert_int_equal(q(c, "SELECT count(*) FROM search_docs WHERE entity = 'partner'"), partners);
	assert_int_equal(q(c, "SELECT count(*) FROM search_docs WHERE entity = 'contact'"), contacts);
	assert_int_equal(q(c, "SELECT count(*) FROM search_docs WHERE entity = 'interaction'"), interactions);
	json_t *hits = json_array();
	assert_int_equal(store_search(c, office, "vietnamese community", "partner", 10, hits), STORE_OK);
	bool found = false;
	for (size_t i = 0; i < json_array_size(hits); i++)
		found |= str_eq(json_string_value(json_object_get(json_array_get(hits, i), "title")),
		                "Vietnamese-American Community Association of Juniper County");
	assert_true(found);
	json_array_clear(hits);
	assert_int_equal(store_search(c, office, "drop box", "interaction", 5, hits), STORE_OK);
	assert_int_equal(json_array_size(hits), 5);
	json_decref(hits);
	assert_true(q(c, "SELECT count(*) FROM audit_log WHERE actor = 'cli' AND action = 'create'") >=
	            partners + contacts + interactions);
	assert_int_equal(q(c, "SELECT count(*) FROM audit_log WHERE actor <> 'cli'"), 0);

	/* The generated passwords are the ones stored. */
	for (int i = 0; i < ctx.nusers; i++) {
		if (ctx.users[i].departed) continue;
		assert_true(strlen(ctx.users[i].password) >= 12);
	}
	store_release(c);
	demo_ctx_free(&ctx);
}

/* Names, in id order, of a table's rows as one string. */
static char *names(store *s, int which)
{
	store_conn *c = office_conn(s);
	store_stmt *st = store_prepare(c, which == 0 ? "SELECT name FROM partners ORDER BY id"
	                                : which == 1 ? "SELECT full_name || ' ' || coalesce(email, '') FROM contacts ORDER BY id"
	                                             : "SELECT occurred_on || ' ' || summary FROM interactions ORDER BY id");
	store_bind(st, "");
	buf b = BUF_INIT;
	while (store_step(st) == STORE_ROW) buf_printf(&b, "%s\n", store_col_text(st, 0));
	store_reset(st);
	store_release(c);
	return buf_take(&b);
}

static void test_demo_deterministic(void **state)
{
	(void)state;
	/* One store at a time: on PostgreSQL each test store reuses one database. */
	char *na[3], *nb[3], *nd[3];
	assert_non_null(shape_store);
	for (int which = 0; which < 3; which++) na[which] = names(shape_store, which);
	test_store_close(shape_store);
	demo_ctx b, d;
	store *sb = seeded(42, &b);
	for (int which = 0; which < 3; which++) nb[which] = names(sb, which);
	test_store_close(sb);
	store *sd = seeded(43, &d);
	for (int which = 0; which < 3; which++) nd[which] = names(sd, which);
	test_store_close(sd);
	for (int which = 0; which < 3; which++) {
		assert_string_equal(na[which], nb[which]);
		assert_string_not_equal(na[which], nd[which]);
		free(na[which]);
		free(nb[which]);
		free(nd[which]);
	}
	/* The passwords are not part of the seed: each run makes new ones. */
	assert_string_not_equal(b.users[0].password, d.users[0].password);
	demo_ctx_free(&b);
	demo_ctx_free(&d);
}

static void test_demo_refuses_a_second_county(void **state)
{
	(void)state;
	demo_ctx ctx, again;
	store *s = seeded(1, &ctx);
	demo_options o = {.seed = 1, .today = TODAY};
	char *err = NULL;
	assert_int_not_equal(demo_seed(s, &o, &again, &err), STORE_OK);
	assert_non_null(strstr(err, "already has an office"));
	free(err);
	demo_ctx_free(&again);
	o.today = "2026-02-30";
	assert_int_not_equal(demo_seed(s, &o, &again, &err), STORE_OK);
	assert_non_null(strstr(err, "--today"));
	free(err);
	demo_ctx_free(&again);
	store_conn *c = office_conn(s);
	assert_int_equal(q(c, "SELECT count(*) FROM offices"), 1);   /* nothing half-written */
	assert_int_equal(q(c, "SELECT count(*) FROM users"), ctx.nusers);
	store_release(c);
	demo_ctx_free(&ctx);
	test_store_close(s);
}

static void test_generators(void **state)
{
	(void)state;
	demo_rng r1, r2;
	demo_rng_seed(&r1, 5, "x");
	demo_rng_seed(&r2, 5, "x");
	for (int i = 0; i < 100; i++) assert_true(demo_next(&r1) == demo_next(&r2));
	demo_rng_seed(&r2, 5, "y");
	assert_false(demo_next(&r1) == demo_next(&r2));
	int seen[7] = {0};
	for (int i = 0; i < 2000; i++) {
		int v = demo_int(&r1, -3, 3);
		assert_in_range(v + 3, 0, 6);
		seen[v + 3]++;
		double u = demo_unit(&r1);
		assert_true(u >= 0.0 && u < 1.0);
	}
	for (int i = 0; i < 7; i++) assert_true(seen[i] > 200);

	int64_t day;
	char d[11];
	assert_true(demo_parse_day("2024-11-05", &day));
	assert_int_equal(demo_weekday(day), 2);   /* a Tuesday */
	assert_int_equal(demo_weekday(0), 4);     /* 1970-01-01, a Thursday */
	demo_date(day, d);
	assert_string_equal(d, "2024-11-05");
	assert_false(demo_parse_day("2024-13-01", &day));

	demo_election e[16];
	int64_t from, to;
	demo_parse_day("2024-01-01", &from);
	demo_parse_day("2026-12-31", &to);
	int n = demo_elections(from, to, e, 16);
	static const char *const want[] = {"2024-03-05", "2024-06-25", "2024-11-05", "2025-11-04", "2026-06-30", "2026-11-03"};
	assert_int_equal(n, (int)countof(want));
	for (int i = 0; i < n; i++) {
		demo_date(e[i].day, d);
		assert_string_equal(d, want[i]);
		assert_int_equal(demo_weekday(e[i].day), 2);
	}
	assert_string_equal(e[2].name, "2024 General Election");
	assert_string_equal(e[3].type, "coordinated");
	/* Busier just before an election than off-cycle. */
	assert_true(demo_season_weight(e, n, e[2].day - 3) > 3 * demo_season_weight(e, n, e[2].day + 60));

	buf b = BUF_INIT;
	demo_email("María García", "juniper.example", &b);
	assert_string_equal(b.data, "maria.garcia@juniper.example");
	buf_reset(&b);
	demo_email("Nguyễn Đức", "x.example", &b);
	assert_string_equal(b.data, "nguyen.duc@x.example");
	buf_reset(&b);
	demo_domain("The Juniper Courier", &b);
	assert_string_equal(b.data, "junipercourier.example");
	buf_reset(&b);
	demo_phone(&r1, &b);
	assert_true(str_starts(b.data + 5, " 555-01"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generators),
		cmocka_unit_test(test_demo_shape),
		cmocka_unit_test(test_demo_deterministic),
		cmocka_unit_test(test_demo_refuses_a_second_county),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
