/* test_import.c: the CSV reader (line numbers, BOM, line ends, quoting,
** refusals), heading and value matching, and whole imports against a store
** (dry run, failed rows, partial, duplicates, updates, the audit trail). */
#include "testutil.h"

#include "import.h"
#include "import_csv.h"
#include "import_match.h"

static csv_table read_ok(const char *text)
{
	csv_table t;
	int line;
	char detail[64];
	assert_int_equal(csv_table_read(text, strlen(text), 1000, &t, &line, detail, sizeof detail), CSV_READ_OK);
	return t;
}

static void test_csv_lines_and_quotes(void **state)
{
	(void)state;
	const char *text =
		"\xEF\xBB\xBFName,Notes\r\n"        /* 1: BOM, CRLF */
		"\"Smith, Jones\",\"say \"\"hi\"\"\"\r\n" /* 2 */
		"\r\n"                               /* 3: blank */
		"Multi,\"one\r\ntwo\nthree\"\r\n"   /* 4-6 */
		",\r\n"                              /* 7: only empty values: dropped */
		"Last,no newline at end";            /* 8 */
	csv_table t = read_ok(text);
	assert_int_equal(t.nrecords, 4);
	assert_string_equal(t.records[0].fields[0], "Name");   /* no BOM left on the first heading */
	assert_int_equal(t.records[0].line, 1);
	assert_string_equal(t.records[1].fields[0], "Smith, Jones");
	assert_string_equal(t.records[1].fields[1], "say \"hi\"");
	assert_int_equal(t.records[1].line, 2);
	assert_string_equal(t.records[2].fields[1], "one\r\ntwo\nthree");
	assert_int_equal(t.records[2].line, 4);
	assert_int_equal(t.records[3].line, 8);
	assert_string_equal(t.records[3].fields[1], "no newline at end");
	csv_table_free(&t);
}

static void test_csv_line_ends_and_delimiters(void **state)
{
	(void)state;
	csv_table t = read_ok("a,b\rc,d\re,f\r");   /* old Mac line ends */
	assert_int_equal(t.nrecords, 3);
	assert_int_equal(t.records[2].line, 3);
	csv_table_free(&t);
	t = read_ok("Name;Type\n\"A; B\";Media\n");
	assert_int_equal(t.delimiter, ';');
	assert_string_equal(t.records[1].fields[0], "A; B");
	csv_table_free(&t);
	t = read_ok("Name\tType\nA, Inc.\tMedia\n");
	assert_int_equal(t.delimiter, '\t');
	assert_string_equal(t.records[1].fields[0], "A, Inc.");
	csv_table_free(&t);
	t = read_ok("Name,Notes\nJoe \"JJ\" Smith,5\" screen\n");   /* stray quotes kept as written */
	assert_string_equal(t.records[1].fields[0], "Joe \"JJ\" Smith");
	csv_table_free(&t);
}

static void test_csv_refusals(void **state)
{
	(void)state;
	csv_table t;
	int line;
	char detail[64];
	const char *latin1 = "Name\nCafe\nCaf\xe9 Literario\n";
	assert_int_equal(csv_table_read(latin1, strlen(latin1), 100, &t, &line, detail, sizeof detail), CSV_READ_NOT_UTF8);
	assert_int_equal(line, 3);
	assert_string_equal(detail, "byte 0xE9 at column 4");
	csv_table_free(&t);
	const char *quoted = "Name,Notes\n\"ok\",\"multi\nline\"\nx,\"caf\xe9\"\n";   /* the bad byte's own line */
	assert_int_equal(csv_table_read(quoted, strlen(quoted), 100, &t, &line, detail, sizeof detail), CSV_READ_NOT_UTF8);
	assert_int_equal(line, 4);
	csv_table_free(&t);
	const char utf16[] = "\xFF\xFEN\0a\0";
	assert_int_equal(csv_table_read(utf16, sizeof utf16 - 1, 100, &t, &line, detail, sizeof detail), CSV_READ_NOT_UTF8);
	assert_int_equal(line, 1);
	csv_table_free(&t);
	const char nul[] = "Name\nA\0B\n";
	assert_int_equal(csv_table_read(nul, sizeof nul - 1, 100, &t, &line, detail, sizeof detail), CSV_READ_NOT_UTF8);
	assert_int_equal(line, 2);
	csv_table_free(&t);
	const char *open = "Name,Type\nGood,Media\n\"Broken,Media\nNext,Media\n";
	assert_int_equal(csv_table_read(open, strlen(open), 100, &t, &line, detail, sizeof detail), CSV_READ_UNCLOSED);
	assert_int_equal(line, 3);
	csv_table_free(&t);
	const char *many = "H\n1\n2\n3\n4\n";
	assert_int_equal(csv_table_read(many, strlen(many), 4, &t, &line, detail, sizeof detail), CSV_READ_TOO_MANY);
	csv_table_free(&t);
	assert_int_equal(csv_table_read("\n\r\n  \n", 6, 100, &t, &line, detail, sizeof detail), CSV_READ_EMPTY);
	csv_table_free(&t);
	buf wide = BUF_INIT;
	for (int i = 0; i <= CSV_MAX_FIELDS; i++) buf_puts(&wide, "x,");
	assert_int_equal(csv_table_read(wide.data, wide.len, 100, &t, &line, detail, sizeof detail), CSV_READ_TOO_WIDE);
	assert_int_equal(line, 1);
	csv_table_free(&t);
	buf_free(&wide);
}

static void test_csv_write_round_trip(void **state)
{
	(void)state;
	const char *values[] = {"plain", "a, b", "say \"hi\"", "two\nlines", " padded ", "+1 555 0100", "", NULL};
	buf b = BUF_INIT;
	for (int i = 0; values[i]; i++) {
		if (i) buf_putc(&b, ',');
		csv_field_write(&b, values[i]);
	}
	buf_puts(&b, "\r\n");
	assert_string_equal(b.data, "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",+1 555 0100,\r\n");
	csv_table t;
	int line;
	char detail[64];
	assert_int_equal(csv_table_read(b.data, b.len, 10, &t, &line, detail, sizeof detail), CSV_READ_OK);
	for (int i = 0; values[i] && i < 4; i++) assert_string_equal(t.records[0].fields[i], values[i]);
	csv_table_free(&t);
	buf_free(&b);
}

static void test_headings(void **state)
{
	(void)state;
	struct { const char *heading, *partner, *contact; } cases[] = {
		{"Org Name", "name", "partner"},       {"ORGANIZATION", "name", "partner"},
		{"Partner", "name", "partner"},        {"Name", "name", "full_name"},
		{" Type ", "subtype", NULL},           {"Category", "subtype", NULL},
		{"Sector", "subtype", NULL},           {"Kind", "kind", NULL},
		{"Status", "status", NULL},            {"Web", "website", NULL},
		{"URL", "website", NULL},              {"Website:", "website", NULL},
		{"E-mail", NULL, "email"},             {"Email Address", NULL, "email"},
		{"Telephone", NULL, "phone"},          {"Phone #", NULL, "phone"},
		{"Languages", "languages", "preferred_language"}, {"Tags", "tags", NULL},
		{"Notes", "notes", "notes"},           {"Contact Name", NULL, "full_name"},
		{"Contact", NULL, "full_name"},        {"Title", NULL, "title"},
		{"Position", NULL, "title"},           {"Favourite colour", NULL, NULL},
	};
	for (size_t i = 0; i < countof(cases); i++) {
		const char *p = import_header_field(IMPORT_PARTNERS, cases[i].heading);
		const char *c = import_header_field(IMPORT_CONTACTS, cases[i].heading);
		if (!str_eq(p, cases[i].partner) || !str_eq(c, cases[i].contact))
			fail_msg("heading \"%s\": partners %s, contacts %s", cases[i].heading, p ? p : "-", c ? c : "-");
	}
}

static void test_values(void **state)
{
	(void)state;
	assert_string_equal(import_subtype_value("Faith-based"), "faith_group");
	assert_string_equal(import_subtype_value("School District"), "school_district");
	assert_string_equal(import_subtype_value("LIBRARY"), "library");
	assert_string_equal(import_subtype_value("faith_group"), "faith_group");
	assert_string_equal(import_subtype_value("Community-Based Organization"), "community_organization");
	assert_null(import_subtype_value("Pizzeria"));
	assert_null(import_subtype_value(""));
	assert_string_equal(import_kind_value("Intra-governmental"), "intra_governmental");
	assert_string_equal(import_status_value("In Review"), "vetting");
	assert_string_equal(import_default_kind("media"), "institutional");
	assert_string_equal(import_default_kind("library"), "intra_governmental");
	assert_string_equal(import_default_kind("university"), "institutional");
	assert_null(import_default_kind("other"));
	char code[40];
	assert_true(import_language_value("Spanish", code, sizeof code));
	assert_string_equal(code, "es");
	assert_true(import_language_value("Espa\xc3\xb1ol", code, sizeof code));
	assert_string_equal(code, "es");
	assert_true(import_language_value("zh-Hant", code, sizeof code));
	assert_string_equal(code, "zh-Hant");
	assert_false(import_language_value("Klingon", code, sizeof code));
	json_t *list = import_split_list(" Spanish; English ,spanish,, ;Vietnamese ");
	assert_int_equal(json_array_size(list), 3);
	assert_string_equal(json_string_value(json_array_get(list, 1)), "English");
	json_decref(list);
}

/* ---- whole imports against a store ---- */

typedef struct fixture {
	store *s;
	store_conn *c;
	int64_t office, other;
} fixture;

static int fx_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	f->s = test_store_open();
	f->c = store_acquire(f->s);
	store_begin(f->c, 0, STORE_WRITE);
	f->office = store_query_int(f->c, 0, "INSERT INTO offices(name, slug, created_at) VALUES ('A', 'a', '2026-01-01T00:00:00Z') RETURNING id", "");
	f->other = store_query_int(f->c, 0, "INSERT INTO offices(name, slug, created_at) VALUES ('B', 'b', '2026-01-01T00:00:00Z') RETURNING id", "");
	assert_int_equal(store_commit(f->c), STORE_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	fixture *f = *state;
	store_release(f->c);
	test_store_close(f->s);
	free(f);
	return 0;
}

/* Runs an import in a transaction, committing when the importer says so. */
static json_t *run(fixture *f, int64_t office, const char *csv, import_opts o, int *refused)
{
	audit_actor who = {.office_id = office, .actor = "test"};
	import_outcome out;
	assert_int_equal(store_begin(f->c, office, STORE_WRITE), STORE_OK);
	assert_int_equal(import_run(f->c, &who, csv, strlen(csv), &o, &out), STORE_OK);
	if (out.commit) assert_int_equal(store_commit(f->c), STORE_OK);
	else store_rollback(f->c);
	if (refused) *refused = out.refused;
	return out.report;
}

/* Reads run in a transaction of the office, as the application's do (on
** PostgreSQL, row-level security shows office rows only inside one). */
static int64_t count(fixture *f, const char *sql, int64_t office)
{
	assert_int_equal(store_begin(f->c, office, STORE_READ), STORE_OK);
	int64_t n = store_query_int(f->c, -1, sql, "i", office);
	store_rollback(f->c);
	return n;
}

static json_t *row_of(fixture *f, int64_t office, const char *sql)
{
	assert_int_equal(store_begin(f->c, office, STORE_READ), STORE_OK);
	json_t *row = store_query_row(f->c, NULL, sql, "i", office);
	store_rollback(f->c);
	return row;
}

static int64_t counts_of(json_t *rep, const char *k)
{
	return json_integer_value(json_object_get(json_object_get(rep, "counts"), k));
}

static void test_import_partners(void **state)
{
	fixture *f = *state;
	const char *csv = "Org Name,Type,Website,Languages\n"
	                  "First Baptist,Faith-based,firstbaptist.example,\"Spanish, English\"\n"
	                  "Riverside Schools,School District,,\n"
	                  "Bad Type Org,Pizzeria,,\n";
	import_opts o = {.kind = IMPORT_PARTNERS, .dry_run = true};
	json_t *rep = run(f, f->office, csv, o, NULL);
	assert_int_equal(counts_of(rep, "created"), 2);
	assert_int_equal(counts_of(rep, "failed"), 1);
	json_t *bad = json_array_get(json_object_get(rep, "rows"), 2);
	assert_int_equal(json_integer_value(json_object_get(bad, "line")), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(bad, "errors"), 0), "field")), "subtype");
	assert_non_null(strstr(json_string_value(json_object_get(rep, "failed_csv")), "Bad Type Org,Pizzeria,,,4,"));
	json_decref(rep);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM partners WHERE office_id = ?", f->office), 0);   /* dry run */
	o.dry_run = false;
	rep = run(f, f->office, csv, o, NULL);
	assert_false(json_is_true(json_object_get(rep, "written")));
	json_decref(rep);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM partners WHERE office_id = ?", f->office), 0);   /* a row failed */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE office_id = ?", f->office), 0);
	o.partial = true;
	rep = run(f, f->office, csv, o, NULL);
	assert_true(json_is_true(json_object_get(rep, "written")));
	json_decref(rep);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM partners WHERE office_id = ?", f->office), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM partners WHERE office_id = ?", f->other), 0);
	json_t *p = row_of(f, f->office, "SELECT kind, subtype, website FROM partners WHERE office_id = ? AND name = 'First Baptist'");
	assert_string_equal(json_string_value(json_object_get(p, "kind")), "institutional");
	assert_string_equal(json_string_value(json_object_get(p, "subtype")), "faith_group");
	assert_string_equal(json_string_value(json_object_get(p, "website")), "https://firstbaptist.example");
	json_decref(p);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM partner_languages WHERE office_id = ?", f->office), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE office_id = ? AND action = 'create'", f->office), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE office_id = ? AND action = 'import'", f->office), 1);
}

static void test_import_duplicates_and_update(void **state)
{
	fixture *f = *state;
	import_opts o = {.kind = IMPORT_PARTNERS};
	json_t *rep = run(f, f->office, "Name,Type,Tags\nHarbor Center,Community,seniors\nharbor  center ,Community,meals\n", o, NULL);
	assert_int_equal(counts_of(rep, "created"), 1);
	assert_int_equal(counts_of(rep, "skipped"), 1);
	json_decref(rep);
	/* The same name in another office is not a duplicate. */
	rep = run(f, f->other, "Name,Type\nHARBOR CENTER,Media\n", o, NULL);
	assert_int_equal(counts_of(rep, "created"), 1);
	json_decref(rep);
	o.on_duplicate = IMPORT_DUP_UPDATE;
	rep = run(f, f->office, "Name,Type,Tags,Notes\nHarbor Center,,meals,Lunch at noon\nHarbor Center,,,\n", o, NULL);
	assert_int_equal(counts_of(rep, "updated"), 1);
	assert_int_equal(counts_of(rep, "skipped"), 1);   /* nothing new in the second row */
	json_decref(rep);
	json_t *p = row_of(f, f->office, "SELECT tags AS tags_json, notes, subtype, version FROM partners WHERE office_id = ? AND name = 'Harbor Center'");
	assert_int_equal(json_array_size(json_object_get(p, "tags")), 2);   /* seniors + meals */
	assert_string_equal(json_string_value(json_object_get(p, "notes")), "Lunch at noon");
	assert_string_equal(json_string_value(json_object_get(p, "subtype")), "community_organization");
	assert_int_equal(json_integer_value(json_object_get(p, "version")), 2);
	json_decref(p);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE office_id = ? AND action = 'update' AND entity = 'partner'", f->office), 1);
}

static void test_import_contacts(void **state)
{
	fixture *f = *state;
	import_opts o = {.kind = IMPORT_PARTNERS};
	json_decref(run(f, f->office, "Name,Type\nFirst Baptist,Faith\nCounty Library,Library\n", o, NULL));
	o.kind = IMPORT_CONTACTS;
	const char *csv = "Contact Name,Organization,Title,E-mail,Start Date\n"
	                  "Ana Ruiz,first  baptist,Pastor,ana@fb.example,3/15/2024\n"
	                  "Ana R.,First Baptist,Pastor,ANA@fb.example,\n"
	                  "Lost Person,No Such Org,Director,lost@example.org,\n";
	json_t *rep = run(f, f->office, csv, o, NULL);
	assert_int_equal(counts_of(rep, "created"), 1);
	assert_int_equal(counts_of(rep, "skipped"), 1);
	assert_int_equal(counts_of(rep, "failed"), 1);
	json_t *lost = json_array_get(json_object_get(rep, "rows"), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(lost, "errors"), 0), "field")), "partner");
	json_decref(rep);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM contacts WHERE office_id = ?", f->office), 0);
	o.partial = true;
	json_decref(run(f, f->office, csv, o, NULL));
	json_t *a = row_of(f, f->office, "SELECT a.title, a.started_on FROM affiliations a JOIN contacts c ON c.id = a.contact_id"
	                            " WHERE c.office_id = ? AND c.email = 'ana@fb.example'");
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "started_on")), "2024-03-15");
	json_decref(a);
	/* A move: the update adds the new position beside the old one. */
	o.on_duplicate = IMPORT_DUP_UPDATE;
	o.partial = false;
	rep = run(f, f->office, "Name,Organization,Title,Email\nAna Ruiz,County Library,Volunteer,ana@fb.example\n", o, NULL);
	assert_int_equal(counts_of(rep, "updated"), 1);
	json_decref(rep);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM affiliations WHERE office_id = ? AND ended_on IS NULL", f->office), 2);
}

static void test_import_refusals(void **state)
{
	fixture *f = *state;
	import_opts o = {.kind = IMPORT_PARTNERS};
	int refused;
	json_t *rep = run(f, f->office, "Name,Type\nCaf\xe9,Media\n", o, &refused);
	assert_int_equal(refused, 422);
	assert_string_equal(json_string_value(json_object_get(rep, "code")), "import.not_utf8");
	assert_int_equal(json_integer_value(json_object_get(rep, "line")), 2);
	json_decref(rep);
	rep = run(f, f->office, "Colour,Size\nred,big\n", o, &refused);
	assert_int_equal(refused, 422);
	assert_string_equal(json_string_value(json_object_get(rep, "code")), "import.no_name_column");
	json_decref(rep);
	o.map = "Colour=name,Size=";
	rep = run(f, f->office, "Colour,Size\nred,big\n", o, &refused);
	assert_int_equal(refused, 0);
	assert_int_equal(counts_of(rep, "failed"), 1);   /* no subtype: fails, but the file was read */
	json_decref(rep);
	o.map = "Shade=name";
	rep = run(f, f->office, "Colour,Size\nred,big\n", o, &refused);
	assert_string_equal(json_string_value(json_object_get(rep, "code")), "import.map_column");
	json_decref(rep);
	o.map = "Colour=colour";
	rep = run(f, f->office, "Colour,Size\nred,big\n", o, &refused);
	assert_string_equal(json_string_value(json_object_get(rep, "code")), "import.map_field");
	json_decref(rep);
	o.map = NULL;
	rep = run(f, f->office, "Organization,Partner Name,Type\na,b,Media\n", o, &refused);
	assert_string_equal(json_string_value(json_object_get(rep, "code")), "import.duplicate_column");
	json_decref(rep);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM partners WHERE office_id = ?", f->office), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_lines_and_quotes),
		cmocka_unit_test(test_csv_line_ends_and_delimiters),
		cmocka_unit_test(test_csv_refusals),
		cmocka_unit_test(test_csv_write_round_trip),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_values),
		cmocka_unit_test_setup_teardown(test_import_partners, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_duplicates_and_update, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_contacts, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_refusals, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
