/*
** import.c: the import of a CSV file (see import.h): reading it, matching
** its columns to fields, running each row through import_rows.c, and the
** report with the failed rows as a CSV to download and fix.
*/
#include "import_int.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {[IMPORT_PARTNERS] = "partners", [IMPORT_CONTACTS] = "contacts"};

bool import_dup_parse(const char *s, enum import_dup *out)
{
	if (str_eq(s, "skip")) *out = IMPORT_DUP_SKIP;
	else if (str_eq(s, "update")) *out = IMPORT_DUP_UPDATE;
	else return false;
	return true;
}

void import_error(json_t *errors, const char *field, const char *code, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", field, "code", code, "message",
	                                        b.data ? b.data : ""));
	buf_free(&b);
}

void import_dup_key(const char *s, char *out, size_t out_size)
{
	size_t n = 0;
	for (; s && *s && n + 1 < out_size; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
		out[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	out[n] = 0;
}

const char *import_cell(importer *im, const csv_record *rec, const char *field)
{
	int ncols = im->table.records[0].nfields;
	for (int i = 0; i < ncols && i < rec->nfields; i++)
		if (im->col_field[i] && strcmp(im->col_field[i], field) == 0)
			return rec->fields[i][0] ? rec->fields[i] : NULL;
	return NULL;
}

static void failed_csv_row(importer *im, const csv_record *rec, int ncols, const char *line, const char *errors)
{
	for (int i = 0; i < ncols; i++) {
		csv_field_write(&im->failed, i < rec->nfields ? rec->fields[i] : "");
		buf_putc(&im->failed, ',');
	}
	csv_field_write(&im->failed, line);
	buf_putc(&im->failed, ',');
	csv_field_write(&im->failed, errors);
	buf_puts(&im->failed, "\r\n");
}

void import_row_report(importer *im, const csv_record *rec, const char *action, const char *name, int64_t id,
                       json_t *errors)
{
	if (!errors) errors = json_array();
	json_t *row = json_pack("{s:i, s:s, s:s?, s:o}", "line", rec->line, "action", action, "name", name,
	                        "errors", errors);
	if (id > 0) json_object_set_new(row, "id", json_integer(id));
	json_array_append_new(im->rows, row);
	if (strcmp(action, "created") == 0) im->created++;
	else if (strcmp(action, "updated") == 0) im->updated++;
	else if (strcmp(action, "skipped") == 0) im->skipped++;
	else {
		im->failed_n++;
		const csv_record *hdr = &im->table.records[0];
		if (!im->failed.len) {
			csv_record extra = *hdr;
			failed_csv_row(im, &extra, hdr->nfields, "Import line", "Import errors");
		}
		buf msg = BUF_INIT;
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
			buf_printf(&msg, "%s%s: %s", i ? "; " : "", json_string_value(json_object_get(e, "field")),
			           json_string_value(json_object_get(e, "message")));
		char line[16];
		snprintf(line, sizeof line, "%d", rec->line);
		failed_csv_row(im, rec, hdr->nfields, line, msg.data ? msg.data : "");
		buf_free(&msg);
	}
}

static json_t *refusal(const char *code, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static json_t *refusal(const char *code, int line, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *msg = utf8_scrub(b.data ? b.data : "");   /* it may quote the map the caller sent */
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", msg);
	if (line > 0) json_object_set_new(e, "line", json_integer(line));
	free(msg);
	buf_free(&b);
	return e;
}

/* The headings of the file, quoted, for messages.  Caller frees. */
static char *headings(const csv_record *hdr)
{
	buf b = BUF_INIT;
	for (int i = 0; i < hdr->nfields; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", hdr->fields[i]);
	return b.data ? buf_take(&b) : xstrdup("none");
}

static bool field_known(enum import_kind kind, const char *field)
{
	const char *const *f = import_fields(kind);
	for (int i = 0; f[i]; i++)
		if (strcmp(f[i], field) == 0) return true;
	return false;
}

/* Reads the map option over the columns.  NULL when fine, else the refusal. */
static json_t *apply_map(importer *im, const csv_record *hdr)
{
	if (str_empty(im->o->map)) return NULL;
	char *copy = xstrdup(im->o->map);
	json_t *err = NULL;
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item && !err; item = strtok_r(NULL, ",", &save)) {
		char *eq = strrchr(item, '=');
		if (!eq) {
			err = refusal("import.map", 0, "The column map \"%s\" is not HEADING=field.", item);
			break;
		}
		*eq = 0;
		char *heading = str_trim(item), *field = str_trim(eq + 1);
		char want[256], have[256];
		import_norm_key(heading, want, sizeof want);
		int col = -1;
		for (int i = 0; i < hdr->nfields && col < 0; i++) {
			import_norm_key(hdr->fields[i], have, sizeof have);
			if (want[0] && strcmp(want, have) == 0) col = i;
		}
		if (col < 0) {
			char *h = headings(hdr);
			err = refusal("import.map_column", 1, "The column map names \"%s\", but the file has no such column (it has %s).",
			              heading, h);
			free(h);
		} else if (*field && !field_known(im->o->kind, field)) {
			buf b = BUF_INIT;
			const char *const *f = import_fields(im->o->kind);
			for (int i = 0; f[i]; i++) buf_printf(&b, "%s%s", i ? ", " : "", f[i]);
			err = refusal("import.map_field", 0, "The column map sends \"%s\" to \"%s\", which is not a field of %s (%s).",
			              heading, field, kind_names[im->o->kind], b.data);
			buf_free(&b);
		} else {
			const char *const *f = import_fields(im->o->kind);
			const char *stable = NULL;
			for (int i = 0; f[i] && *field; i++)
				if (strcmp(f[i], field) == 0) stable = f[i];
			im->col_field[col] = stable;   /* NULL: ignore the column */
		}
	}
	free(copy);
	return err;
}

/* Matches headings to fields.  NULL when fine, else the refusal. */
static json_t *map_columns(importer *im, json_t *columns)
{
	const csv_record *hdr = &im->table.records[0];
	for (int i = 0; i < hdr->nfields; i++) im->col_field[i] = import_header_field(im->o->kind, hdr->fields[i]);
	json_t *err = apply_map(im, hdr);
	if (err) return err;
	for (int i = 0; i < hdr->nfields; i++) {
		for (int k = 0; k < i && im->col_field[i]; k++)
			if (im->col_field[k] && strcmp(im->col_field[k], im->col_field[i]) == 0)
				return refusal("import.duplicate_column", 1,
				               "Columns %d (\"%s\") and %d (\"%s\") both read as %s. Say which one to use, e.g."
				               " --map \"%s=\" to ignore the second.",
				               k + 1, hdr->fields[k], i + 1, hdr->fields[i], im->col_field[i], hdr->fields[i]);
		json_t *col = json_pack("{s:i, s:s}", "column", i + 1, "heading", hdr->fields[i]);
		json_object_set_new(col, "field", im->col_field[i] ? json_string(im->col_field[i]) : json_null());
		json_array_append_new(columns, col);
	}
	const char *need = im->o->kind == IMPORT_PARTNERS ? "name" : "full_name";
	bool found = false;
	for (int i = 0; i < hdr->nfields; i++) found |= str_eq(im->col_field[i], need);
	if (!found) {
		char *h = headings(hdr);
		json_t *e = refusal("import.no_name_column", 1,
		                    "No column reads as the %s (the file has %s). Call it %s, or say which with"
		                    " --map \"YOUR HEADING=%s\".",
		                    im->o->kind == IMPORT_PARTNERS ? "partner's name" : "contact's name", h,
		                    im->o->kind == IMPORT_PARTNERS ? "Organization or Name" : "Contact Name or Name", need);
		free(h);
		return e;
	}
	return NULL;
}

static json_t *read_refusal(enum csv_status st, int line, const char *detail)
{
	switch (st) {
	case CSV_READ_NOT_UTF8:
		return refusal("import.not_utf8", line,
		               "Line %d is not UTF-8 text (%s). Nothing was imported. In Excel choose Save As > \"CSV UTF-8\","
		               " or in LibreOffice tick \"Edit filter settings\" and pick Unicode (UTF-8), then try again.",
		               line, detail);
	case CSV_READ_UNCLOSED:
		return refusal("import.unclosed_quote", line,
		               "The quoted value that starts on line %d is never closed. Nothing was imported.", line);
	case CSV_READ_TOO_MANY:
		return refusal("import.too_many_rows", 0,
		               "The file has more than %d rows. Nothing was imported; split it into smaller files.",
		               IMPORT_MAX_ROWS);
	case CSV_READ_TOO_WIDE:
		return refusal("import.too_many_columns", line, "Line %d has more than %d columns. Nothing was imported.", line,
		               CSV_MAX_FIELDS);
	default:
		return refusal("import.empty", 0, "The file is empty: there is no heading row and no data.");
	}
}

int import_run(store_conn *c, const audit_actor *who, const char *data, size_t len, const import_opts *o,
               import_outcome *out)
{
	memset(out, 0, sizeof *out);
	if (len > IMPORT_MAX_BYTES) {
		out->refused = 413;
		out->report = refusal("import.too_large", 0,
		                      "The file is %.1f MB; the most one import takes is %zu MB. Split it into smaller files.",
		                      (double)len / (1024 * 1024), IMPORT_MAX_BYTES / (1024 * 1024));
		return STORE_OK;
	}
	importer im = {.c = c, .who = who, .o = o};
	int line = 0;
	char detail[64];
	enum csv_status st = csv_table_read(data, len, IMPORT_MAX_ROWS + 1, &im.table, &line, detail, sizeof detail);
	json_t *columns = json_array();
	json_t *err = st == CSV_READ_OK ? map_columns(&im, columns) : read_refusal(st, line, detail);
	if (err) {
		out->refused = 422;
		out->report = err;
		json_decref(columns);
		csv_table_free(&im.table);
		return STORE_OK;
	}
	im.seen = json_object();
	im.partners = json_object();
	im.rows = json_array();
	int rc = o->kind == IMPORT_PARTNERS ? import_partners_prepare(&im) : import_contacts_prepare(&im);
	for (int i = 1; i < im.table.nrecords && rc == STORE_OK; i++)
		rc = o->kind == IMPORT_PARTNERS ? import_partner_row(&im, &im.table.records[i])
		                                : import_contact_row(&im, &im.table.records[i]);
	int rows = im.table.nrecords - 1;
	bool write = rc == STORE_OK && !o->dry_run && (im.failed_n == 0 || o->partial) && im.created + im.updated > 0;
	json_t *counts = json_pack("{s:i, s:i, s:i, s:i, s:i}", "rows", rows, "created", im.created, "updated",
	                           im.updated, "skipped", im.skipped, "failed", im.failed_n);
	if (write) {
		json_t *detail_json = json_pack("{s:s, s:s, s:b, s:O}", "kind", kind_names[o->kind], "on_duplicate",
		                                o->on_duplicate == IMPORT_DUP_UPDATE ? "update" : "skip", "partial",
		                                o->partial, "counts", counts);
		rc = audit_record(c, who, "import", o->kind == IMPORT_PARTNERS ? "partner" : "contact", 0, NULL,
		                  detail_json);
		json_decref(detail_json);
	}
	if (rc != STORE_OK) {
		json_decref(counts);
		json_decref(columns);
		goto cleanup;
	}
	const char *message;
	if (o->dry_run) message = "Dry run: nothing was written.";
	else if (im.failed_n && !o->partial)
		message = "Nothing was written because some rows failed. Fix them (the failed rows are in failed_csv) and"
		          " import again, or import with partial to write the good rows now.";
	else if (!write) message = "Nothing new to write.";
	else if (im.failed_n) message = "The good rows were written; the failed rows were not (see failed_csv).";
	else message = "Imported.";
	out->commit = write;
	out->report = json_pack("{s:s, s:b, s:b, s:s, s:b, s:s, s:o, s:o, s:o}", "kind", kind_names[o->kind],
	                        "dry_run", o->dry_run, "partial", o->partial, "on_duplicate",
	                        o->on_duplicate == IMPORT_DUP_UPDATE ? "update" : "skip", "written", write,
	                        "message", message, "counts", counts, "columns", columns, "rows", im.rows);
	im.rows = NULL;
	json_object_set_new(out->report, "failed_csv", im.failed.len ? json_string(im.failed.data) : json_null());
cleanup:
	json_decref(im.rows);
	json_decref(im.seen);
	json_decref(im.partners);
	buf_free(&im.failed);
	csv_table_free(&im.table);
	return rc;
}
