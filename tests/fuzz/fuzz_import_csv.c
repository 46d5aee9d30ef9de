/*
** fuzz_import_csv.c: a spreadsheet saved as CSV through the importer's
** reader (import_csv.c) and its readers of headings and values
** (import_match.c).  Properties: a file that reads has every field valid
** UTF-8 (so it can go into JSON and the store), no more records or fields
** than the limits, lines that never go backwards; every field written back
** with csv_field_write reads back as the same text; the value readers
** return only their vocabularies.
*/
#include "fuzz.h"
#include "import_csv.h"
#include "import_match.h"
#include "util.h"

static void check_values(const char *f)
{
	char key[64], lang[32];
	import_norm_key(f, key, sizeof key);
	FUZZ_CHECK(strlen(key) < sizeof key);
	(void)import_header_field(IMPORT_PARTNERS, f);
	(void)import_header_field(IMPORT_CONTACTS, f);
	const char *sub = import_subtype_value(f);
	(void)import_default_kind(sub ? sub : "other");
	(void)import_kind_value(f);
	(void)import_status_value(f);
	if (import_language_value(f, lang, sizeof lang)) FUZZ_CHECK(*lang && strlen(lang) < sizeof lang);
	json_t *list = import_split_list(f);
	FUZZ_CHECK(json_is_array(list));
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) FUZZ_CHECK(json_string_length(e) > 0);
	json_decref(list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_table t = {0};
	int line = 0;
	char detail[128] = "";
	enum csv_status st = csv_table_read((const char *)data, size, 50, &t, &line, detail, sizeof detail);
	FUZZ_CHECK(strlen(detail) < sizeof detail);
	if (st == CSV_READ_OK) {
		FUZZ_CHECK(t.nrecords >= 1 && t.nrecords <= 50);
		FUZZ_CHECK(t.delimiter == ',' || t.delimiter == ';' || t.delimiter == '\t');
		int last = 0;
		for (int i = 0; i < t.nrecords; i++) {
			csv_record *rec = &t.records[i];
			FUZZ_CHECK(rec->line >= 1 && rec->line >= last);
			FUZZ_CHECK(rec->nfields >= 1 && rec->nfields <= CSV_MAX_FIELDS);
			last = rec->line;
			for (int k = 0; k < rec->nfields; k++) {
				FUZZ_CHECK(utf8_valid(rec->fields[k], strlen(rec->fields[k])));
				check_values(rec->fields[k]);
			}
		}
		/* Round trip: the first record written back reads as the same fields. */
		if (t.delimiter == ',') {
			buf b = BUF_INIT;
			csv_record *rec = &t.records[0];
			for (int k = 0; k < rec->nfields; k++) {
				if (k) buf_putc(&b, ',');
				csv_field_write(&b, rec->fields[k]);
			}
			buf_puts(&b, "\n");
			csv_table t2 = {0};
			int line2;
			char d2[128];
			enum csv_status st2 = csv_table_read(b.data, b.len, 50, &t2, &line2, d2, sizeof d2);
			bool blank = true;
			for (int k = 0; k < rec->nfields; k++) blank = blank && !*rec->fields[k];
			if (!blank && st2 == CSV_READ_OK && t2.delimiter == ',') {
				FUZZ_CHECK(t2.nrecords == 1 && t2.records[0].nfields == rec->nfields);
				for (int k = 0; k < rec->nfields; k++)
					FUZZ_CHECK(strcmp(t2.records[0].fields[k], rec->fields[k]) == 0);
			}
			csv_table_free(&t2);
			buf_free(&b);
		}
	} else {
		FUZZ_CHECK(st == CSV_READ_NOT_UTF8 || st == CSV_READ_UNCLOSED || st == CSV_READ_TOO_MANY ||
		           st == CSV_READ_TOO_WIDE || st == CSV_READ_EMPTY);
	}
	csv_table_free(&t);
	return 0;
}
