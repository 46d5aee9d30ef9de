/*
** export.c: CSV and XLSX writers over one table model (see export.h).
** libxlsxwriter writes to a file, so export_xlsx writes a private
** temporary file, reads it back and removes it.
*/
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void export_csv_field(buf *b, const char *s, bool defuse)
{
	if (!s) return;
	bool danger = defuse && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	                         s[0] == '\r');
	bool quote = danger || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (danger) buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"') buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* A cell's text: strings as they are, numbers printed, null empty.  *tmp
** holds any formatted text. */
static const char *cell_text(json_t *v, char tmp[64])
{
	if (json_is_string(v)) return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(tmp, 64, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	if (json_is_real(v)) {
		snprintf(tmp, 64, "%.17g", json_real_value(v));
		return tmp;
	}
	if (json_is_boolean(v)) return json_is_true(v) ? "true" : "false";
	return NULL;
}

char *export_csv(const export_table *t, bool bom, size_t *len)
{
	buf b = BUF_INIT;
	if (bom) buf_puts(&b, "\xEF\xBB\xBF");
	for (int c = 0; c < t->ncols; c++) {
		if (c) buf_putc(&b, ',');
		export_csv_field(&b, t->cols[c].title, true);
	}
	buf_puts(&b, "\r\n");
	size_t i;
	json_t *row;
	json_array_foreach(t->rows, i, row) {
		for (int c = 0; c < t->ncols; c++) {
			if (c) buf_putc(&b, ',');
			char tmp[64];
			json_t *v = json_object_get(row, t->cols[c].key);
			export_csv_field(&b, cell_text(v, tmp), t->cols[c].type == EXPORT_TEXT || !json_is_number(v));
		}
		buf_puts(&b, "\r\n");
	}
	*len = b.len;
	return buf_take(&b);
}

/* "YYYY-MM-DD[THH:MM:SS[Z]]" into an Excel date-time; false if not one. */
static bool parse_when(const char *s, lxw_datetime *dt, bool with_time)
{
	int64_t epoch;
	char tmp[20];
	if (!s || strlen(s) < 10) return false;
	snprintf(tmp, sizeof tmp, "%.19s", s);
	if (!time_parse_iso(tmp, &epoch)) return false;
	memset(dt, 0, sizeof *dt);
	dt->year = atoi(s);
	dt->month = atoi(s + 5);
	dt->day = atoi(s + 8);
	if (with_time && strlen(s) >= 19) {
		dt->hour = atoi(s + 11);
		dt->min = atoi(s + 14);
		dt->sec = atoi(s + 17);
	}
	return true;
}

static int write_sheet(const export_table *t, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet ? t->sheet : "Export");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	lxw_format *datetime = workbook_add_format(wb);
	format_set_num_format(datetime, "yyyy-mm-dd hh:mm");
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	for (int c = 0; c < t->ncols; c++) {
		const export_col *col = &t->cols[c];
		double w = col->width > 0 ? col->width
		           : col->type == EXPORT_DATE ? 12 : col->type == EXPORT_DATETIME ? 17
		           : col->type == EXPORT_NUMBER ? 10 : 24;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, col->type == EXPORT_TEXT && w >= 40 ? wrap : NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)c, col->title, bold);
	}
	size_t i;
	json_t *row;
	json_array_foreach(t->rows, i, row) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		for (int c = 0; c < t->ncols; c++) {
			const export_col *col = &t->cols[c];
			json_t *v = json_object_get(row, col->key);
			lxw_datetime dt;
			char tmp[64];
			if (!v || json_is_null(v)) continue;
			if (json_is_number(v) && col->type == EXPORT_NUMBER) {
				worksheet_write_number(ws, r, (lxw_col_t)c, json_number_value(v), NULL);
			} else if ((col->type == EXPORT_DATE || col->type == EXPORT_DATETIME) &&
			           parse_when(json_string_value(v), &dt, col->type == EXPORT_DATETIME)) {
				worksheet_write_datetime(ws, r, (lxw_col_t)c, &dt, col->type == EXPORT_DATE ? date : datetime);
			} else {
				const char *s = cell_text(v, tmp);
				char *cut = NULL;
				if (s && strlen(s) > 32000) {   /* Excel's cell limit is 32,767 characters */
					cut = xstrndup(s, 32000);
					while (strlen(cut) && ((unsigned char)cut[strlen(cut) - 1] & 0xC0) == 0x80) cut[strlen(cut) - 1] = 0;
					if (strlen(cut) && ((unsigned char)cut[strlen(cut) - 1] & 0xC0) == 0xC0) cut[strlen(cut) - 1] = 0;
					s = cut;
				}
				worksheet_write_string(ws, r, (lxw_col_t)c, s ? s : "", NULL);
				free(cut);
			}
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (t->ncols > 0)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(t->rows), (lxw_col_t)(t->ncols - 1));
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

char *export_xlsx(const export_table *t, size_t *len, char **err)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/rapport-export-XXXXXX", dir && *dir ? dir : "/tmp");
	char *data = NULL;
	int fd = mkstemp(path);
	if (fd < 0) {
		*err = xasprintf("cannot create a temporary file in %s", dir && *dir ? dir : "/tmp");
		free(path);
		return NULL;
	}
	close(fd);
	if (write_sheet(t, path) != 0) *err = xstrdup("the spreadsheet could not be written");
	else if (!(data = file_read_all(path, len))) *err = xstrdup("the spreadsheet could not be read back");
	unlink(path);
	free(path);
	return data;
}
