/*
** seed.c: the defaults a new office starts with (see seed.h).  They are the
** office's own rows afterwards: staff rename, remove and add to them.
*/
#include "seed.h"
#include "util.h"

/* The feedback topics of issue 5; keys match the public catalogs' "topic.<key>". */
static void seed_feedback_topics(store_conn *c, int64_t office_id, const char *now)
{
	static const struct { const char *key, *name; } topics[] = {
		{"registration", "Voter registration"}, {"mail_ballots", "Mail ballots"},
		{"polling_places", "Polling places"}, {"accessibility", "Accessibility"},
		{"language_access", "Language access"}, {"wait_times", "Wait times"},
		{"results", "Results"}, {"security", "Security"}, {"staff_conduct", "Staff conduct"},
		{"other", "Other"},
	};
	for (size_t i = 0; i < countof(topics); i++)
		store_exec(c,
		           "INSERT INTO feedback_topics(office_id, key, name, sort_order, created_at, updated_at)"
		           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
		           "ittdtt", office_id, topics[i].key, topics[i].name, (int)i + 1, now, now);
}

void seed_office_defaults(store_conn *c, int64_t office_id)
{
	static const struct { const char *name, *category, *language; } groups[] = {
		{"Spanish-speaking voters", "language", "es"},
		{"Chinese-speaking voters", "language", "zh"},
		{"Vietnamese-speaking voters", "language", "vi"},
		{"Young voters (18-24)", "age", NULL},
		{"Seniors (65+)", "age", NULL},
		{"Voters with disabilities", "disability", NULL},
		{"Rural voters", "geography", NULL},
		{"Military and overseas voters", "military", NULL},
		{"Students", "student", NULL},
		{"New citizens", "citizenship", NULL},
	};
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	for (size_t i = 0; i < countof(groups); i++)
		store_exec(c,
		           "INSERT INTO demographic_groups(office_id, name, category, language, created_at, updated_at)"
		           " VALUES (?, ?, ?, ?, ?, ?)",
		           "itttt" "t", office_id, groups[i].name, groups[i].category, groups[i].language, now, now);
	seed_feedback_topics(c, office_id, now);
}
