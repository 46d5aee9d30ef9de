/* test_continuity.c: the continuity-risk rules, the strength formula and the
** questionnaire pick (pure functions of stated facts), and the settings
** reader's defaults against a real store. */
#include "testutil.h"

#include "continuity.h"
#include "strength.h"

static const char *TODAY = "2026-06-15";

/* A healthy active partner: two liaisons, two verified contacts, touched
** ten days ago, 90-day cadence. */
static cont_facts healthy(void)
{
	cont_facts f;
	memset(&f, 0, sizeof f);
	f.id = 1;
	f.name = "Healthy";
	snprintf(f.subtype, sizeof f.subtype, "library");
	snprintf(f.status, sizeof f.status, "active");
	f.cadence_days = 90;
	f.primary_user = 10;
	f.primary_active = true;
	f.primary_name = "Pat Primary";
	f.backup_user = 11;
	f.backup_active = true;
	f.backup_name = "Bea Backup";
	f.contacts = 2;
	f.contacts_verified = 2;
	f.verify_after_days = 365;
	snprintf(f.last_touch, sizeof f.last_touch, "2026-06-05");
	return f;
}

/* Runs the rules; returns the codes joined by spaces (caller frees). */
static char *codes(const cont_facts *f, int *points, enum cont_band *band)
{
	json_t *reasons = json_array();
	unsigned bits = 0;
	*points = cont_risk_evaluate(f, TODAY, reasons, band, &bits);
	enum cont_band quiet;
	assert_int_equal(cont_risk_evaluate(f, TODAY, NULL, &quiet, NULL), *points);
	assert_int_equal(quiet, *band);
	buf b = BUF_INIT;
	size_t i;
	json_t *r;
	int sum = 0;
	json_array_foreach(reasons, i, r) {
		buf_printf(&b, "%s%s/%s", i ? " " : "", json_string_value(json_object_get(r, "code")),
		           json_string_value(json_object_get(r, "band")));
		sum += (int)json_integer_value(json_object_get(r, "points"));
		bool found = false;
		for (int k = 0; cont_reason_codes[k]; k++)
			if (str_eq(cont_reason_codes[k], json_string_value(json_object_get(r, "code")))) found = (bits >> k) & 1;
		assert_true(found);
		assert_true(strlen(json_string_value(json_object_get(r, "message"))) > 10);
	}
	assert_int_equal(sum, *points);
	json_decref(reasons);
	char *s = buf_take(&b);
	return s;
}

static void expect(const cont_facts *f, const char *want, int want_points, enum cont_band want_band)
{
	int pts;
	enum cont_band band;
	char *got = codes(f, &pts, &band);
	assert_string_equal(got, want);
	assert_int_equal(pts, want_points);
	assert_int_equal(band, want_band);
	free(got);
}

static void test_healthy_has_no_risk(void **state)
{
	(void)state;
	cont_facts f = healthy();
	expect(&f, "", 0, CONT_OK);
}

static void test_liaison_rules(void **state)
{
	(void)state;
	cont_facts f = healthy();
	f.backup_user = 0;
	expect(&f, "no_backup_liaison/warning", 15, CONT_WARNING);
	f.primary_user = 0;
	expect(&f, "no_primary_liaison/overdue no_backup_liaison/warning", 45, CONT_OVERDUE);
	f = healthy();
	f.primary_active = false;
	expect(&f, "liaison_inactive/overdue", 25, CONT_OVERDUE);
	f = healthy();
	f.backup_active = false;
	expect(&f, "liaison_inactive/overdue", 20, CONT_OVERDUE);
}

static void test_contact_rules(void **state)
{
	(void)state;
	cont_facts f = healthy();
	f.contacts = f.contacts_verified = 1;
	expect(&f, "single_contact/warning", 10, CONT_WARNING);
	f.contacts = f.contacts_verified = 0;
	expect(&f, "no_current_contact/overdue", 25, CONT_OVERDUE);
	f = healthy();
	f.contacts_verified = 0;
	expect(&f, "contacts_unverified/warning", 10, CONT_WARNING);
	f = healthy();
	f.contacts_verified = 1;
	f.contacts_bounced = 1;
	expect(&f, "contacts_bounced/warning", 5, CONT_WARNING);
	f.contacts_verified = 0;
	f.contacts_bounced = 2;   /* every contact bounced: nobody to reach */
	expect(&f, "contacts_bounced/overdue contacts_unverified/warning", 30, CONT_OVERDUE);
}

static void test_cadence_bands(void **state)
{
	(void)state;
	cont_facts f = healthy();
	/* 90-day cadence: the warning band is the last 18 days. */
	snprintf(f.last_touch, sizeof f.last_touch, "2026-04-04");   /* 72 days: still fine */
	expect(&f, "", 0, CONT_OK);
	snprintf(f.last_touch, sizeof f.last_touch, "2026-04-03");   /* 73 days: due soon */
	expect(&f, "cadence_due_soon/warning", 5, CONT_WARNING);
	snprintf(f.last_touch, sizeof f.last_touch, "2026-03-17");   /* 90 days: due today, not late */
	expect(&f, "cadence_due_soon/warning", 5, CONT_WARNING);
	snprintf(f.last_touch, sizeof f.last_touch, "2026-03-16");   /* 91 days: overdue */
	expect(&f, "cadence_overdue/overdue", 20, CONT_OVERDUE);
	f.last_touch[0] = 0;                                         /* never */
	expect(&f, "cadence_overdue/overdue", 25, CONT_OVERDUE);
	/* Only active partners have a cadence. */
	snprintf(f.status, sizeof f.status, "dormant");
	expect(&f, "", 0, CONT_OK);
	char due[CONT_DATE_LEN];
	f = healthy();
	cont_next_due(&f, TODAY, due);
	assert_string_equal(due, "2026-09-03");
	f.last_touch[0] = 0;
	cont_next_due(&f, TODAY, due);
	assert_string_equal(due, TODAY);
}

static void test_followups(void **state)
{
	(void)state;
	cont_facts f = healthy();
	f.followups_overdue = 1;
	snprintf(f.oldest_followup, sizeof f.oldest_followup, "2026-06-01");
	expect(&f, "followups_overdue/overdue", 15, CONT_OVERDUE);
	f.followups_overdue = 3;
	expect(&f, "followups_overdue/overdue", 25, CONT_OVERDUE);
	f.followups_overdue = 50;   /* capped */
	expect(&f, "followups_overdue/overdue", 30, CONT_OVERDUE);
}

static void test_dates(void **state)
{
	(void)state;
	char out[CONT_DATE_LEN];
	cont_date_add("2024-02-28", 1, out);
	assert_string_equal(out, "2024-02-29");
	cont_date_add("2026-01-01", -365, out);
	assert_string_equal(out, "2025-01-01");
	assert_int_equal(cont_days_between("2026-03-01", "2026-03-31T23:59:59Z"), 30);
	assert_int_equal(cont_days_between("2026-03-31", "2026-03-01"), -30);
}

static void test_strength_formula(void **state)
{
	(void)state;
	cont_facts f = healthy();
	f.name = "Full";
	f.touches_12m = 12;
	f.office_gave_12m = f.partner_gave_12m = 6;
	f.contacts = 3;
	f.advisory_attended_12m = 2;
	f.advisory_adopted = 1;
	f.group_ids = json_array();
	assert_true(strength_score(&f, TODAY) == 100.0);
	assert_string_equal(strength_band(100), "strong");

	/* Half of everything, by hand: recency 197.5 days -> (365-197.5)/335 = 0.5;
	** 6 touches; 2 gave vs 4; 1.5 contacts is not possible, so 1 (1/3);
	** primary only; 2 advisory points. */
	cont_facts h = healthy();
	h.name = "Half";
	snprintf(h.last_touch, sizeof h.last_touch, "2025-11-30");   /* 197 days */
	h.touches_12m = 6;
	h.office_gave_12m = 2;
	h.partner_gave_12m = 4;
	h.contacts = 1;
	h.backup_user = 0;
	h.advisory_attended_12m = 2;
	h.group_ids = json_array();
	/* 25*(168/335) + 20*0.5 + 20*0.5 + 15/3 + 10*0.5 + 10*0.5 = 12.537 + 10 + 10 + 5 + 5 + 5 */
	assert_true(strength_score(&h, TODAY) == 47.5);
	assert_string_equal(strength_band(47.5), "developing");
	assert_string_equal(strength_band(24.9), "weak");
	assert_string_equal(strength_band(60), "strong");

	json_t *e = strength_explain(&h, TODAY);
	assert_true(json_real_value(json_object_get(e, "score")) == 47.5);
	json_t *factors = json_object_get(e, "factors");
	assert_int_equal(json_array_size(factors), 6);
	double weights = 0, total = 0;
	size_t i;
	json_t *x;
	json_array_foreach(factors, i, x) {
		weights += json_real_value(json_object_get(x, "weight"));
		total += json_real_value(json_object_get(x, "contribution"));
		assert_non_null(json_object_get(x, "value"));
		assert_non_null(json_string_value(json_object_get(x, "explanation")));
	}
	assert_true(weights == 100.0);
	assert_true(total > 47.4 && total < 47.6);
	json_t *recip = json_array_get(factors, 2);
	assert_string_equal(json_string_value(json_object_get(recip, "factor")), "reciprocity");
	assert_true(json_real_value(json_object_get(recip, "credit")) == 0.5);
	json_decref(e);

	/* No touches at all: no recency, frequency or reciprocity; an inactive
	** liaison earns nothing. */
	cont_facts z = healthy();
	z.last_touch[0] = 0;
	z.primary_active = false;
	z.backup_user = 0;
	z.contacts = 0;
	assert_true(strength_score(&z, TODAY) == 0.0);
	json_decref(f.group_ids);
	json_decref(h.group_ids);
}

static cont_facts scored(int64_t id, const char *name, const char *groups)
{
	cont_facts f = healthy();
	f.id = id;
	f.name = (char *)name;
	f.group_ids = json_loads(groups, 0, NULL);
	return f;
}

static void test_pick_examples(void **state)
{
	(void)state;
	cont_facts items[5] = {
		scored(1, "Strong A", "[1, 2]"),
		scored(2, "Strong B", "[3]"),
		scored(3, "Dev overlaps A", "[2]"),
		scored(4, "Dev other", "[4]"),
		scored(5, "Weak no groups", "[]"),
	};
	double scores[5] = {90, 80, 50, 30, 10};
	cont_facts_list l = {items, 5};
	int s, d;
	assert_true(strength_pick_examples(&l, scores, &s, &d));
	assert_int_equal(items[s].id, 1);
	assert_int_equal(items[d].id, 4);   /* the better developing one shares group 2 with A */
	/* When the strongest has no disjoint partner, the next strong one is tried. */
	json_decref(items[3].group_ids);
	items[3].group_ids = json_loads("[1]", 0, NULL);
	json_decref(items[2].group_ids);
	items[2].group_ids = json_loads("[1, 2]", 0, NULL);
	assert_true(strength_pick_examples(&l, scores, &s, &d));
	assert_int_equal(items[s].id, 2);
	assert_int_equal(items[d].id, 3);
	/* No strong partner: no pair. */
	double low[5] = {50, 40, 30, 20, 10};
	assert_false(strength_pick_examples(&l, low, &s, &d));
	assert_int_equal(s, -1);
	assert_int_equal(d, -1);
	for (int i = 0; i < 5; i++) json_decref(items[i].group_ids);
}

static void test_settings_defaults(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int64_t office = store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, created_at, settings) VALUES ('A', 'a', ?, ?) RETURNING id", "tt", now,
	    "{\"cadence_days_default\": 60, \"verify_after_days\": \"soon\", \"cadence_days_by_subtype\":"
	    " {\"media\": 30, \"library\": 5000}, \"offerings\": [\"tours\", 7]}");
	cont_settings st;
	cont_settings_load(c, office, &st);
	assert_int_equal(st.cadence_days_default, 60);
	assert_int_equal(st.verify_after_days, 365);   /* malformed: the default */
	assert_int_equal(cont_cadence_for(&st, 0, "media"), 30);
	assert_int_equal(cont_cadence_for(&st, 0, "library"), 60);   /* out of range: ignored */
	assert_int_equal(cont_cadence_for(&st, 14, "media"), 14);    /* the partner's own wins */
	assert_int_equal(json_array_size(st.offerings), 1);
	cont_settings_free(&st);
	int64_t bare = store_query_int(c, 0, "INSERT INTO offices(name, slug, created_at) VALUES ('B', 'b', ?) RETURNING id",
	                               "t", now);
	cont_settings_load(c, bare, &st);
	assert_int_equal(st.cadence_days_default, 90);
	assert_int_equal(st.verify_after_days, 365);
	assert_int_equal(json_array_size(st.offerings), 2);
	cont_settings_free(&st);
	/* The loader on an empty office: nothing, and no error. */
	cont_facts_list l;
	assert_int_equal(store_begin(c, bare, STORE_READ), STORE_OK);
	cont_settings_load(c, bare, &st);
	assert_int_equal(cont_facts_load(c, bare, "active", 0, &st, TODAY, &l), STORE_OK);
	assert_int_equal(l.n, 0);
	store_rollback(c);
	cont_facts_free(&l);
	cont_settings_free(&st);
	store_release(c);
	test_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_has_no_risk),
		cmocka_unit_test(test_liaison_rules),
		cmocka_unit_test(test_contact_rules),
		cmocka_unit_test(test_cadence_bands),
		cmocka_unit_test(test_followups),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_strength_formula),
		cmocka_unit_test(test_pick_examples),
		cmocka_unit_test(test_settings_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
