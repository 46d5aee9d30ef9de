/*
** fuzz_search_query.c: the FTS5 query built from what a person typed in the
** search box (store_sqlite.c).  Property: whatever was typed, the query is
** never an FTS5 syntax error, and holds at most 16 terms.  Checked against
** a real in-memory FTS5 table with the tokenizer the schema uses.
*/
#include "fuzz.h"
#include "store.h"

#include <sqlite3.h>

static sqlite3 *db;
static sqlite3_stmt *st;

static void setup(void)
{
	if (db) return;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
	if (sqlite3_exec(db,
	                 "CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');"
	                 "INSERT INTO f VALUES ('Riverside Public Library', 'Spanish outreach; ages 18-24');",
	                 NULL, NULL, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &st, NULL) != SQLITE_OK) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	char *q = fuzz_cstr(data, size);
	char *match = store_sqlite_fts5_query(q);
	if (match) {
		int quotes = 0;
		for (const char *p = match; *p; p++) quotes += *p == '"';
		FUZZ_CHECK(quotes % 2 == 0 && quotes <= 32);
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			fprintf(stderr, "fuzz: FTS5 rejected [%s]: %s\n", match, sqlite3_errmsg(db));
			abort();
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	free(match);
	free(q);
	return 0;
}
