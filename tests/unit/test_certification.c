/*
** test_certification.c: the certification packet's building blocks on a
** real store (SQLite, or PostgreSQL under RAPPORT_TEST_PG): contacts
** verified in a period (cont_contacts_verified_between), the handovers of
** a period with what each moved (handover_history), and the drafts: what
** certification_drafts lists and certification_apply_drafts puts back.
*/
#include "testutil.h"

#include "continuity.h"
#include "handover.h"
#include "report_certification.h"
#include "report_doc.h"

static int64_t office_new(store_conn *c, const char *slug)
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	return store_query_int(c, 0, "INSERT INTO offices(name, slug, created_at) VALUES (?, ?, ?) RETURNING id", "ttt",
	                       slug, slug, now);
}

static int64_t user_new(store_conn *c, int64_t office, const char *email, bool active)
{
	return store_query_int(c, 0,
	    "INSERT INTO users(office_id, email, name, role, active, created_at, updated_at)"
	    " VALUES (?, ?, ?, 'staff', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	    "ittd", office, email, email, active ? 1 : 0);
}

static void contact_new(store_conn *c, int64_t office, const char *status, const char *verified_at)
{
	assert_int_equal(store_exec(c,
	    "INSERT INTO contacts(office_id, full_name, verify_status, last_verified_at, created_at, updated_at)"
	    " VALUES (?, 'Someone', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
	    "itt", office, status, verified_at), 1);
}

static void test_verified_between(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	int64_t a = office_new(c, "a"), b = office_new(c, "b");
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	contact_new(c, a, "verified", "2026-01-01T00:00:00Z");   /* the first day: in */
	contact_new(c, a, "verified", "2026-12-31T23:59:59Z");   /* the last day: in */
	contact_new(c, a, "verified", "2025-12-31T23:59:59Z");   /* the day before: out */
	contact_new(c, a, "verified", "2027-01-01T00:00:00Z");   /* the day after: out */
	contact_new(c, a, "bounced", "2026-06-01T00:00:00Z");    /* bounced: not verified */
	contact_new(c, a, "unverified", NULL);
	assert_int_equal(cont_contacts_verified_between(c, a, "2026-01-01", "2026-12-31"), 2);
	assert_int_equal(cont_contacts_verified_between(c, a, "2026-06-02", "2026-12-30"), 0);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c, b, STORE_WRITE), STORE_OK);
	contact_new(c, b, "verified", "2026-05-01T00:00:00Z");
	assert_int_equal(cont_contacts_verified_between(c, b, "2026-01-01", "2026-12-31"), 1);   /* its own only */
	assert_int_equal(store_commit(c), STORE_OK);
	store_release(c);
	test_store_close(s);
}

static void test_handover_history(void **state)
{
	(void)state;
	store *s = test_store_open();
	store_conn *c = store_acquire(s);
	int64_t a = office_new(c, "a"), b = office_new(c, "b");
	assert_int_equal(store_begin(c, a, STORE_WRITE), STORE_OK);
	int64_t gone = user_new(c, a, "gone@a.example", false), next = user_new(c, a, "next@a.example", true);
	int64_t partner = store_query_int(c, 0,
	    "INSERT INTO partners(office_id, name, kind, subtype, status, created_at, updated_at)"
	    " VALUES (?, 'P', 'institutional', 'media', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
	    "i", a);
	static const char *const ats[] = {"2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z",
	                                  "2027-01-01T00:00:00Z"};
	int64_t ids[4];
	for (int i = 0; i < 4; i++)
		ids[i] = store_query_int(c, 0,
		    "INSERT INTO handovers(office_id, from_user_id, to_user_id, at, by_actor, counts)"
		    " VALUES (?, ?, ?, ?, 'cli', ?) RETURNING id",
		    "iiitt", a, gone, next, ats[i],
		    i == 1 ? "{\"liaison_primary\": 2, \"liaison_backup\": 1, \"follow_ups\": 3}" : "{}");
	/* The note handover 2 (ids[1]) wrote on the partner; one of another id does not count. */
	char note[64], other[64];
	snprintf(note, sizeof note, "Handover #%lld: someone left the office.", (long long)ids[1]);
	snprintf(other, sizeof other, "Handover #%lld0: someone else.", (long long)ids[1]);
	for (int i = 0; i < 2; i++)
		assert_int_equal(store_exec(c,
		    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, created_at, updated_at)"
		    " VALUES (?, ?, '2026-01-01', 'handover', 'neither', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
		    "iit", a, partner, i ? other : note), 1);
	int rc;
	json_t *h = handover_history(c, a, "2026-01-01", "2026-12-31", &rc);
	assert_non_null(h);
	assert_int_equal(rc, STORE_OK);
	assert_int_equal(json_array_size(h), 2);   /* the first and last day are in; the days around are not */
	json_t *first = json_array_get(h, 0), *last = json_array_get(h, 1);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), ids[1]);
	assert_int_equal(json_integer_value(json_object_get(last, "id")), ids[2]);
	assert_int_equal(json_integer_value(json_object_get(first, "moved")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(first, "counts"), "follow_ups")), 3);
	assert_int_equal(json_integer_value(json_object_get(first, "partners_noted")), 1);
	assert_int_equal(json_integer_value(json_object_get(first, "still_held")), 0);
	assert_int_equal(json_integer_value(json_object_get(last, "moved")), 0);
	assert_null(json_object_get(first, "from_user_id"));   /* no people in what the packet prints */
	json_decref(h);
	assert_int_equal(store_commit(c), STORE_OK);
	/* Another office sees none of them. */
	assert_int_equal(store_begin(c, b, STORE_READ), STORE_OK);
	h = handover_history(c, b, "2000-01-01", "2099-12-31", &rc);
	assert_non_null(h);
	assert_int_equal(json_array_size(h), 0);
	json_decref(h);
	store_rollback(c);
	store_release(c);
	test_store_close(s);
}

static void test_drafts_round_trip(void **state)
{
	(void)state;
	json_t *doc = doc_new("T", "S");
	json_t *sec = doc_section(doc, "one", "One");
	doc_p(sec, "Text.");
	doc_draft(sec, "q1", "Question one?", "Drafted one.");
	doc_draft(doc_section(doc, "two", "Two"), "q2", "Question two?", "Drafted two.");
	json_t *d = certification_drafts(doc);
	assert_int_equal(json_object_size(d), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "q1"), "drafted")), "Drafted one.");
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "q2"), "question")), "Question two?");
	json_object_set_new(json_object_get(d, "q2"), "text", json_string("Edited two."));
	certification_apply_drafts(doc, d);
	certification_apply_drafts(doc, d);   /* twice: the drafted text stays the original */
	json_t *blk = json_array_get(json_object_get(json_array_get(json_object_get(doc, "sections"), 1), "blocks"), 0);
	assert_string_equal(json_string_value(json_object_get(blk, "text")), "Edited two.");
	assert_string_equal(json_string_value(json_object_get(blk, "drafted")), "Drafted two.");
	json_t *again = certification_drafts(doc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(again, "q2"), "drafted")), "Drafted two.");
	assert_string_equal(json_string_value(json_object_get(json_object_get(again, "q2"), "text")), "Edited two.");
	assert_string_equal(json_string_value(json_object_get(json_object_get(again, "q1"), "text")), "Drafted one.");
	buf html = BUF_INIT;
	doc_render_html(doc, &html);
	assert_non_null(strstr(html.data, "Edited two."));
	assert_null(strstr(html.data, "Drafted two."));
	buf_free(&html);
	json_decref(again);
	json_decref(d);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified_between),
		cmocka_unit_test(test_handover_history),
		cmocka_unit_test(test_drafts_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
