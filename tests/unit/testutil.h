/*
** testutil.h: helpers for the cmocka unit tests: a fresh migrated store in
** a temporary file, and a fake request run through the real dispatcher.
*/
#ifndef RAPPORT_TESTUTIL_H
#define RAPPORT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "store.h"
#include "util.h"

/* A new SQLite store in a temporary directory, migrated to the newest
** schema.  RAPPORT_TEST_PG=postgres://... runs the same tests on PostgreSQL
** (the database is emptied first: DROP SCHEMA public CASCADE).  Free with test_store_close. */
static inline store *test_store_open(void)
{
	if (sodium_init() < 0) abort();
	const char *pg = getenv("RAPPORT_TEST_PG");
	char *err = NULL;
	store *s;
	if (pg && *pg) {
		s = store_open(pg, 4, &err);
		if (s) {
			/* Start from nothing: the previous test's tables, policies and
			** functions all live in schema public. */
			store_conn *c = store_acquire(s);
			if (!c || c->ops->exec_script(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public") != STORE_OK) {
				fprintf(stderr, "test store: cannot empty %s: %s\n", pg, c ? store_errmsg(c) : "unavailable");
				abort();
			}
			store_release(c);
		}
	} else {
		char path[] = "/tmp/rapport-unit-XXXXXX";
		if (!mkdtemp(path)) abort();
		char *db = xasprintf("%s/test.db", path);
		s = store_open(db, 4, &err);
		free(db);
	}
	if (!s) {
		fprintf(stderr, "test store: %s\n", err);
		abort();
	}
	if (store_migrate(s, &err) < 0) {
		fprintf(stderr, "test migrate: %s\n", err);
		abort();
	}
	return s;
}

static inline void test_store_close(store *s)
{
	const char *url = store_url(s);
	char *path = str_starts(url, "/tmp/rapport-unit-") ? xstrdup(url) : NULL;
	store_close(s);
	if (path) {
		char *dir = xstrdup(path);
		*strrchr(dir, '/') = 0;
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
		free(dir);
		free(path);
	}
}

#endif
