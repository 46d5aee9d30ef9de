/* test_partner_facts.c: the summary the database maintains per partner
** (partner_facts, src/sql/010_partner_facts.sql) always equals a
** recomputation from the base tables.  After every kind of write that
** changes a partner's liaisons, contacts or touches (insert, update, delete,
** a contact's verification, a contact merged into another, an interaction
** moved to another partner, a contact deleted, a partner deleted), the facts
** cont_facts_load reads from the summary are compared, field by field, with
** the facts computed straight from liaisons, affiliations, contacts and
** interactions by the queries below, on several days (past, today, future),
** since nothing in the summary may depend on the day it was written.
** Runs on SQLite, and on PostgreSQL with RAPPORT_TEST_PG. */
#include "testutil.h"

#include "continuity.h"

typedef struct fixture {
	store *s;
	store_conn *c;
	int64_t office, u1, u2, p[3], k[4];
	char now[ISO_TIME_LEN];
} fixture;

static const char *const DAYS[] = {"2024-03-01", "2026-06-15", "2026-06-16", "2027-01-10", "2031-12-31", NULL};

/* Runs one write in its own transaction for the office; returns rows changed or the id. */
static int64_t w(fixture *x, const char *sql, const char *types, ...)
{
	assert_int_equal(store_begin(x->c, x->office, STORE_WRITE), STORE_OK);
	store_stmt *st = store_prepare(x->c, sql);
	va_list ap;
	va_start(ap, types);
	store_vbind(st, types, ap);
	va_end(ap);
	int64_t out = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) out = store_col_int(st, 0);
	if (rc != STORE_DONE) fprintf(stderr, "%s: %s\n", sql, store_errmsg(x->c));
	assert_int_equal(rc, STORE_DONE);
	if (!out) out = store_changes(st);
	store_reset(st);
	assert_int_equal(store_commit(x->c), STORE_OK);
	return out;
}

/* The facts of partner pid on day, from the base tables (the reference). */
static void reference(fixture *x, int64_t pid, const char *day, int verify_days, cont_facts *f)
{
	memset(f, 0, sizeof *f);
	char year_ago[CONT_DATE_LEN], cutoff[CONT_DATE_LEN];
	cont_date_add(day, -365, year_ago);
	cont_date_add(day, -verify_days, cutoff);
	f->primary_user = store_query_int(x->c, 0,
	    "SELECT user_id FROM liaisons WHERE partner_id = ? AND role = 'primary' AND ended_at IS NULL", "i", pid);
	f->backup_user = store_query_int(x->c, 0,
	    "SELECT user_id FROM liaisons WHERE partner_id = ? AND role = 'backup' AND ended_at IS NULL", "i", pid);
	json_t *rows = store_query_rows(x->c, NULL,
	    "SELECT DISTINCT c.id, c.verify_status, c.last_verified_at FROM affiliations a JOIN contacts c ON c.id = a.contact_id"
	    " WHERE a.partner_id = ?1 AND (a.ended_on IS NULL OR a.ended_on > ?2) AND (a.started_on IS NULL OR a.started_on <= ?2)",
	    "it", pid, day);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		f->contacts++;
		const char *lv = json_string_value(json_object_get(r, "last_verified_at"));
		if (str_eq(json_string_value(json_object_get(r, "verify_status")), "bounced")) f->contacts_bounced++;
		else if (lv && strcmp(lv, cutoff) >= 0) f->contacts_verified++;
	}
	json_decref(rows);
	json_t *t = store_query_row(x->c, NULL,
	    "SELECT MAX(occurred_on) AS last, SUM(CASE WHEN occurred_on >= ?2 THEN 1 ELSE 0 END) AS n,"
	    " SUM(CASE WHEN occurred_on >= ?2 AND direction IN ('office_gave','both') THEN 1 ELSE 0 END) AS o,"
	    " SUM(CASE WHEN occurred_on >= ?2 AND direction IN ('partner_gave','both') THEN 1 ELSE 0 END) AS p"
	    " FROM interactions WHERE partner_id = ?1 AND type <> 'handover' AND occurred_on <= ?3",
	    "itt", pid, year_ago, day);
	const char *last = json_string_value(json_object_get(t, "last"));
	snprintf(f->last_touch, sizeof f->last_touch, "%s", last ? last : "");
	f->touches_12m = (int)json_integer_value(json_object_get(t, "n"));
	f->office_gave_12m = (int)json_integer_value(json_object_get(t, "o"));
	f->partner_gave_12m = (int)json_integer_value(json_object_get(t, "p"));
	json_decref(t);
}

/* Every partner of the office, on every day: the summary's facts equal the reference. */
static void check(fixture *x, const char *after)
{
	for (int d = 0; DAYS[d]; d++) {
		assert_int_equal(store_begin(x->c, x->office, STORE_READ), STORE_OK);
		cont_settings s;
		cont_settings_load(x->c, x->office, &s);
		cont_facts_list l;
		assert_int_equal(cont_facts_load(x->c, x->office, NULL, 0, &s, DAYS[d], &l), STORE_OK);
		int64_t partners = store_query_int(x->c, -1, "SELECT COUNT(*) FROM partners WHERE office_id = ?", "i", x->office);
		assert_int_equal(l.n, partners);
		for (int i = 0; i < l.n; i++) {
			cont_facts want;
			reference(x, l.items[i].id, DAYS[d], s.verify_after_days, &want);
			const cont_facts *got = &l.items[i];
			if (got->primary_user != want.primary_user || got->backup_user != want.backup_user ||
			    got->contacts != want.contacts || got->contacts_bounced != want.contacts_bounced ||
			    got->contacts_verified != want.contacts_verified || strcmp(got->last_touch, want.last_touch) != 0 ||
			    got->touches_12m != want.touches_12m || got->office_gave_12m != want.office_gave_12m ||
			    got->partner_gave_12m != want.partner_gave_12m) {
				fprintf(stderr,
				        "after %s, partner %lld on %s: summary (primary %lld backup %lld contacts %d/%d bounced/%d"
				        " verified last %s touches %d o %d p %d) != recomputed (primary %lld backup %lld contacts"
				        " %d/%d/%d last %s touches %d o %d p %d)\n",
				        after, (long long)got->id, DAYS[d], (long long)got->primary_user, (long long)got->backup_user,
				        got->contacts, got->contacts_bounced, got->contacts_verified, got->last_touch, got->touches_12m,
				        got->office_gave_12m, got->partner_gave_12m, (long long)want.primary_user,
				        (long long)want.backup_user, want.contacts, want.contacts_bounced, want.contacts_verified,
				        want.last_touch, want.touches_12m, want.office_gave_12m, want.partner_gave_12m);
				fail();
			}
		}
		/* One row per partner, no more. */
		assert_int_equal(store_query_int(x->c, -1, "SELECT COUNT(*) FROM partner_facts WHERE office_id = ?", "i",
		                                 x->office), partners);
		cont_facts_free(&l);
		cont_settings_free(&s);
		store_rollback(x->c);
	}
}

static int64_t user(fixture *x, const char *email)
{
	return w(x, "INSERT INTO users(office_id, email, name, role, created_at, updated_at) VALUES (?, ?, ?, 'staff', ?, ?)"
	            " RETURNING id", "itttt", x->office, email, email, x->now, x->now);
}

static int64_t partner(fixture *x, const char *name)
{
	return w(x, "INSERT INTO partners(office_id, name, kind, subtype, status, created_at, updated_at)"
	            " VALUES (?, ?, 'institutional', 'library', 'active', ?, ?) RETURNING id", "ittt", x->office, name, x->now,
	         x->now);
}

static int64_t contact(fixture *x, const char *name, const char *status, const char *verified)
{
	return w(x, "INSERT INTO contacts(office_id, full_name, verify_status, last_verified_at, created_at, updated_at)"
	            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "itttt" "t", x->office, name, status, verified, x->now, x->now);
}

static int64_t affiliate(fixture *x, int64_t k, int64_t p, const char *from, const char *to)
{
	return w(x, "INSERT INTO affiliations(office_id, contact_id, partner_id, started_on, ended_on, created_at)"
	            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "iiittt", x->office, k, p, from, to, x->now);
}

static int64_t touch(fixture *x, int64_t p, const char *on, const char *type, const char *direction)
{
	return w(x, "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, created_at,"
	            " updated_at) VALUES (?, ?, ?, ?, ?, 'x', ?, ?) RETURNING id", "iitttt" "t", x->office, p, on, type,
	         direction, x->now, x->now);
}

static void test_summary_equals_recomputation(void **state)
{
	(void)state;
	fixture x = {0};
	x.s = test_store_open();
	x.c = store_acquire(x.s);
	time_now_iso(x.now);
	x.office = store_query_int(x.c, 0, "INSERT INTO offices(name, slug, created_at) VALUES ('F', 'f', ?) RETURNING id",
	                           "t", x.now);
	x.u1 = user(&x, "one@f.example");
	x.u2 = user(&x, "two@f.example");
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof name, "Partner %d", i);
		x.p[i] = partner(&x, name);
	}
	check(&x, "creating partners");

	/* Liaisons: assign, end, reassign, move. */
	int64_t l1 = w(&x, "INSERT INTO liaisons(office_id, partner_id, user_id, role, started_at) VALUES (?, ?, ?, 'primary', ?)"
	                   " RETURNING id", "iiit", x.office, x.p[0], x.u1, x.now);
	w(&x, "INSERT INTO liaisons(office_id, partner_id, user_id, role, started_at) VALUES (?, ?, ?, 'backup', ?)", "iiit",
	  x.office, x.p[0], x.u2, x.now);
	check(&x, "assigning liaisons");
	w(&x, "UPDATE liaisons SET ended_at = ? WHERE id = ?", "ti", x.now, l1);
	check(&x, "ending a liaison");
	w(&x, "UPDATE liaisons SET partner_id = ? WHERE partner_id = ? AND ended_at IS NULL", "ii", x.p[1], x.p[0]);
	check(&x, "moving a liaison to another partner");
	w(&x, "DELETE FROM liaisons WHERE id = ?", "i", l1);
	check(&x, "deleting a liaison");

	/* Contacts: current, ended, starting later, twice at one partner, bounced, never verified. */
	x.k[0] = contact(&x, "Ana", "verified", "2026-06-01T10:00:00Z");
	x.k[1] = contact(&x, "Ben", "bounced", "2026-01-01T10:00:00Z");
	x.k[2] = contact(&x, "Cy", "unverified", NULL);
	x.k[3] = contact(&x, "Di", "verified", "2025-06-16T00:00:00Z");
	affiliate(&x, x.k[0], x.p[0], "2020-01-01", NULL);
	affiliate(&x, x.k[0], x.p[0], NULL, "2026-06-16");   /* the same contact twice, one ending */
	int64_t a_ben = affiliate(&x, x.k[1], x.p[0], "2026-06-16", NULL);
	affiliate(&x, x.k[2], x.p[1], NULL, "2024-01-01");
	affiliate(&x, x.k[3], x.p[1], "2024-01-01", "2027-01-10");
	affiliate(&x, x.k[2], x.p[2], NULL, NULL);
	check(&x, "affiliating contacts");
	w(&x, "UPDATE affiliations SET ended_on = ? WHERE id = ?", "ti", "2026-06-15", a_ben);
	check(&x, "ending an affiliation");
	w(&x, "UPDATE contacts SET verify_status = 'verified', last_verified_at = ? WHERE id = ?", "ti",
	  "2026-06-15T09:00:00Z", x.k[2]);
	check(&x, "verifying a contact");
	w(&x, "UPDATE contacts SET verify_status = 'bounced' WHERE id = ?", "i", x.k[0]);
	check(&x, "a contact bouncing");
	w(&x, "UPDATE affiliations SET contact_id = ? WHERE contact_id = ?", "ii", x.k[3], x.k[2]);   /* a merge */
	check(&x, "merging one contact into another");
	w(&x, "UPDATE affiliations SET partner_id = ? WHERE contact_id = ? AND partner_id = ?", "iii", x.p[2], x.k[3],
	  x.p[1]);
	check(&x, "moving an affiliation to another partner");
	w(&x, "DELETE FROM contacts WHERE id = ?", "i", x.k[1]);
	check(&x, "deleting a contact (its affiliations cascade)");

	/* Touches: every direction, a handover note, a future date, a year ago to the day. */
	touch(&x, x.p[0], "2026-06-10", "meeting", "both");
	touch(&x, x.p[0], "2025-06-15", "call", "office_gave");
	touch(&x, x.p[0], "2025-06-16", "email", "partner_gave");
	touch(&x, x.p[0], "2026-06-16", "tour", "neither");
	int64_t hand = touch(&x, x.p[0], "2026-06-14", "handover", "neither");
	int64_t later = touch(&x, x.p[1], "2027-01-10", "presentation", "office_gave");
	touch(&x, x.p[1], "2023-02-02", "event", "partner_gave");
	check(&x, "logging interactions");
	w(&x, "UPDATE interactions SET type = 'meeting' WHERE id = ?", "i", hand);
	check(&x, "a handover note retyped as a meeting");
	w(&x, "UPDATE interactions SET occurred_on = ?, direction = 'both' WHERE id = ?", "ti", "2026-01-01", later);
	check(&x, "redating an interaction");
	w(&x, "UPDATE interactions SET partner_id = ? WHERE id = ?", "ii", x.p[2], later);
	check(&x, "moving an interaction to another partner");
	w(&x, "DELETE FROM interactions WHERE id = ?", "i", hand);
	check(&x, "deleting an interaction");
	w(&x, "UPDATE interactions SET summary = 'edited' WHERE partner_id = ?", "i", x.p[0]);
	check(&x, "editing what does not count");

	/* Deleting a partner takes its row along. */
	w(&x, "DELETE FROM partners WHERE id = ?", "i", x.p[1]);
	check(&x, "deleting a partner");

	store_release(x.c);
	test_store_close(x.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_equals_recomputation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
