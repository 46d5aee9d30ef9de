/*
** seed.c: the defaults a new office starts with (see seed.h).  They are the
** office's own rows afterwards: staff rename, remove and add to them.
*/
#include "seed.h"
#include "util.h"

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
}
