/*
** report_pdf.c: renders a report document (report_doc.h) to PDF with cairo
** and pango: US Letter pages, a title page with the table of contents and
** page numbers, headings, wrapped paragraphs, tables whose header repeats
** on each page they run onto, horizontal bar charts, and a page footer.
**
** The document is laid out twice: the first pass (to a throwaway surface)
** finds the page each section starts on, the second writes the file with
** those numbers in the contents.
*/
#include "report_doc.h"
#include "json.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define PAGE_W 612.0
#define PAGE_H 792.0
#define MARGIN 54.0
#define BODY_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 18)

typedef struct pdf {
	cairo_t *cr;
	cairo_surface_t *surface;
	double y;
	int page;
	int section_pages[64];   /* filled in pass one, read in pass two */
	int nsections;
	const char *title;
} pdf;

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *layout(pdf *p, const char *text, const char *font, double width)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void footer(pdf *p)
{
	char txt[300];
	snprintf(txt, sizeof txt, "%s — page %d", p->title, p->page);
	PangoLayout *l = layout(p, txt, "DejaVu Sans 8", BODY_W);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 4);
	pango_cairo_show_layout(p->cr, l);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	g_object_unref(l);
}

static void new_page(pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

static void ensure(pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > MARGIN) new_page(p);
}

static void text_block(pdf *p, const char *text, const char *font, double before, double after)
{
	PangoLayout *l = layout(p, text, font, BODY_W);
	double h = layout_h(l);
	p->y += before;
	if (h > BOTTOM - MARGIN) {
		/* Longer than a page: place it line by line. */
		PangoLayoutIter *it = pango_layout_get_iter(l);
		do {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
			PangoRectangle ink, logical;
			pango_layout_iter_get_line_extents(it, &ink, &logical);
			double lh = (double)logical.height / PANGO_SCALE;
			ensure(p, lh);
			cairo_move_to(p->cr, MARGIN, p->y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE -
			                                  (double)logical.y / PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr, line);
			p->y += lh;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	} else {
		ensure(p, h);
		cairo_move_to(p->cr, MARGIN, p->y);
		pango_cairo_show_layout(p->cr, l);
		p->y += h;
	}
	p->y += after;
	g_object_unref(l);
}

static void paragraphs(pdf *p, const char *text)
{
	const char *s = text ? text : "";
	while (*s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char *para = xstrndup(s, n);
		text_block(p, para, "DejaVu Sans 10", 0, 6);
		free(para);
		s += n;
		while (*s == '\n') s++;
	}
}

static void cell_string(json_t *v, char *out, size_t n)
{
	if (json_is_string(v)) snprintf(out, n, "%s", json_string_value(v));
	else if (json_is_integer(v)) snprintf(out, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v)) {
		double d = json_real_value(v);
		snprintf(out, n, fabs(d - round(d)) < 1e-9 ? "%.0f" : "%.1f", d);
	} else if (json_is_boolean(v)) snprintf(out, n, "%s", json_is_true(v) ? "yes" : "no");
	else snprintf(out, n, "–");
}

/* One table row; returns its height.  draw=false only measures. */
static double table_row(pdf *p, json_t *cells, double *widths, size_t ncols, bool header, bool draw)
{
	double h = 0;
	char text[2048];
	PangoLayout *ls[32];
	for (size_t k = 0; k < ncols && k < 32; k++) {
		cell_string(json_array_get(cells, k), text, sizeof text);
		ls[k] = layout(p, text, header || k == 0 ? "DejaVu Sans Bold 8.5" : "DejaVu Sans 8.5", widths[k] - 6);
		double lh = layout_h(ls[k]) + 5;
		if (lh > h) h = lh;
	}
	if (draw) {
		double x = MARGIN;
		for (size_t k = 0; k < ncols && k < 32; k++) {
			if (header) {
				cairo_set_source_rgb(p->cr, 0.9, 0.925, 0.95);
				cairo_rectangle(p->cr, x, p->y, widths[k], h);
				cairo_fill(p->cr);
				cairo_set_source_rgb(p->cr, 0, 0, 0);
			}
			cairo_set_line_width(p->cr, 0.5);
			cairo_rectangle(p->cr, x, p->y, widths[k], h);
			cairo_stroke(p->cr);
			cairo_move_to(p->cr, x + 3, p->y + 2.5);
			pango_cairo_show_layout(p->cr, ls[k]);
			x += widths[k];
		}
	}
	for (size_t k = 0; k < ncols && k < 32; k++) g_object_unref(ls[k]);
	return h;
}

#define TABLE_CHAR_W 6.4   /* points per character of 8.5 pt DejaVu Sans, on average, with the cell padding */

/* The characters in the longest run without a space. */
static double longest_word(const char *s)
{
	size_t best = 0, run = 0;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u == ' ' || *u == '\n') run = 0;
		else if ((*u & 0xC0) != 0x80 && ++run > best) best = run;
	}
	return (double)best;
}

static void table(pdf *p, json_t *blk)
{
	json_t *cols = json_object_get(blk, "columns"), *rows = json_object_get(blk, "rows");
	size_t ncols = json_array_size(cols);
	if (!ncols || ncols > 32) return;
	/* Widths in characters: each column wants its longest text (at most
	** 60) and needs at least its longest word, so no word is broken; what
	** the page has beyond the needs goes to the columns that want more. */
	double want[32], need[32], widths[32], total_want = 0, total_need = 0;
	char text[2048];
	for (size_t k = 0; k < ncols; k++) {
		cell_string(json_array_get(cols, k), text, sizeof text);
		want[k] = (double)utf8_chars(text) + 2;
		need[k] = longest_word(text) * 1.15 + 2.5;   /* the heading is bold */
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row) {
			cell_string(json_array_get(row, k), text, sizeof text);
			double len = (double)utf8_chars(text) + 2, word = longest_word(text) + 2.5;
			if (len > want[k]) want[k] = len;
			if (word > need[k]) need[k] = word;
		}
		if (want[k] > 60) want[k] = 60;
		if (need[k] > 24) need[k] = 24;
		if (need[k] > want[k]) want[k] = need[k];
		total_want += want[k];
		total_need += need[k];
	}
	double room = BODY_W / TABLE_CHAR_W;
	for (size_t k = 0; k < ncols; k++) {
		double chars;
		if (total_want <= room) chars = want[k] * room / total_want;
		else if (total_need >= room || total_want <= total_need) chars = need[k] * room / total_need;
		else chars = need[k] + (want[k] - need[k]) * (room - total_need) / (total_want - total_need);
		widths[k] = chars * TABLE_CHAR_W;
	}
	p->y += 4;
	double hh = table_row(p, cols, widths, ncols, true, false);
	ensure(p, hh * 2);
	table_row(p, cols, widths, ncols, true, true);
	p->y += hh;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		double h = table_row(p, row, widths, ncols, false, false);
		if (p->y + h > BOTTOM) {
			new_page(p);
			table_row(p, cols, widths, ncols, true, true);
			p->y += hh;
		}
		table_row(p, row, widths, ncols, false, true);
		p->y += h;
	}
	p->y += 10;
}

static void bars(pdf *p, json_t *blk)
{
	json_t *labels = json_object_get(blk, "labels"), *series = json_object_get(blk, "series");
	size_t nl = json_array_size(labels), ns = json_array_size(series);
	if (ns > 3) ns = 3;
	static const double fills[3][3] = {{0.12, 0.31, 0.47}, {0.7, 0.35, 0}, {0.3, 0.45, 0.15}};
	double max = 0;
	for (size_t s = 0; s < ns; s++)
		for (size_t i = 0; i < nl; i++) {
			double v = json_number_value(json_array_get(json_object_get(json_array_get(series, s), "values"), i));
			if (v > max) max = v;
		}
	if (max <= 0) max = 1;
	double row_h = 4 + 10 * (double)ns, label_w = 130, bar_w = BODY_W - label_w - 40;
	text_block(p, json_string_value(json_object_get(blk, "title")), "DejaVu Sans Bold 9.5", 6, 4);
	char text[256];
	for (size_t i = 0; i < nl; i++) {
		ensure(p, row_h);
		cell_string(json_array_get(labels, i), text, sizeof text);
		PangoLayout *l = layout(p, text, "DejaVu Sans 8", label_w - 6);
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		cairo_move_to(p->cr, MARGIN, p->y + 1);
		pango_cairo_show_layout(p->cr, l);
		g_object_unref(l);
		for (size_t s = 0; s < ns; s++) {
			json_t *v = json_array_get(json_object_get(json_array_get(series, s), "values"), i);
			double w = json_number_value(v) / max * bar_w;
			cairo_set_source_rgb(p->cr, fills[s][0], fills[s][1], fills[s][2]);
			cairo_rectangle(p->cr, MARGIN + label_w, p->y + 2 + 10 * (double)s, w, 8);
			cairo_fill(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			cell_string(v, text, sizeof text);
			PangoLayout *vl = layout(p, text, "DejaVu Sans 7", 40);
			cairo_move_to(p->cr, MARGIN + label_w + w + 3, p->y + 1 + 10 * (double)s);
			pango_cairo_show_layout(p->cr, vl);
			g_object_unref(vl);
		}
		p->y += row_h;
	}
	if (ns > 1) {
		double x = MARGIN + label_w;
		ensure(p, 14);
		for (size_t s = 0; s < ns; s++) {
			cairo_set_source_rgb(p->cr, fills[s][0], fills[s][1], fills[s][2]);
			cairo_rectangle(p->cr, x, p->y + 3, 8, 8);
			cairo_fill(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
			PangoLayout *l = layout(p, json_string_value(json_object_get(json_array_get(series, s), "name")),
			                        "DejaVu Sans 8", 140);
			cairo_move_to(p->cr, x + 12, p->y + 1);
			pango_cairo_show_layout(p->cr, l);
			g_object_unref(l);
			x += 150;
		}
		p->y += 14;
	}
	p->y += 8;
}

static void render(pdf *p, json_t *doc, bool final)
{
	p->page = 1;
	p->y = MARGIN + 40;
	text_block(p, p->title, "DejaVu Sans Bold 22", 0, 6);
	const char *sub = json_string_value(json_object_get(doc, "subtitle"));
	if (sub) text_block(p, sub, "DejaVu Sans 11", 0, 18);
	text_block(p, "Contents", "DejaVu Sans Bold 13", 6, 6);
	size_t i, k;
	json_t *sec, *blk;
	json_array_foreach(json_object_get(doc, "sections"), i, sec) {
		char line[400];
		int pg = i < 64 ? p->section_pages[i] : 0;
		if (final && pg) snprintf(line, sizeof line, "%s  ·  page %d", json_string_value(json_object_get(sec, "heading")), pg);
		else snprintf(line, sizeof line, "%s", json_string_value(json_object_get(sec, "heading")));
		text_block(p, line, "DejaVu Sans 10.5", 0, 3);
	}
	json_array_foreach(json_object_get(doc, "sections"), i, sec) {
		new_page(p);
		if (i < 64) {
			if (!final) p->section_pages[i] = p->page;
			p->nsections = (int)i + 1;
		}
		text_block(p, json_string_value(json_object_get(sec, "heading")), "DejaVu Sans Bold 15", 0, 8);
		json_array_foreach(json_object_get(sec, "blocks"), k, blk) {
			const char *type = json_string_value(json_object_get(blk, "type"));
			const char *text = json_string_value(json_object_get(blk, "text"));
			if (str_eq(type, "h3")) text_block(p, text, "DejaVu Sans Bold 11.5", 8, 4);
			else if (str_eq(type, "p")) paragraphs(p, text);
			else if (str_eq(type, "table")) table(p, blk);
			else if (str_eq(type, "bars")) bars(p, blk);
			else if (str_eq(type, "kv")) {
				size_t j;
				json_t *pair;
				char val[1024];
				json_array_foreach(json_object_get(blk, "pairs"), j, pair) {
					cell_string(json_array_get(pair, 1), val, sizeof val);
					char *line = xasprintf("%s: %s", json_string_value(json_array_get(pair, 0)), val);
					text_block(p, line, "DejaVu Sans 10", 0, 2);
					free(line);
				}
				p->y += 6;
			} else if (str_eq(type, "draft")) {
				text_block(p, json_string_value(json_object_get(blk, "question")), "DejaVu Sans Bold 10", 6, 3);
				paragraphs(p, text);
			}
		}
	}
	footer(p);
	cairo_show_page(p->cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int doc_render_pdf(json_t *doc, const char *path, char **err)
{
	buf b = BUF_INIT;
	if (doc_render_pdf_buf(doc, &b, err) != 0) return -1;
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
	if (f && fclose(f) != 0) ok = false;
	buf_free(&b);
	if (!ok) {
		*err = xasprintf("cannot write %s", path);
		return -1;
	}
	return 0;
}

int doc_render_pdf_buf(json_t *doc, buf *out, char **err)
{
	pdf p = {0};
	p.title = json_string_value(json_object_get(doc, "title"));
	if (!p.title) p.title = "Report";
	/* Pass one: find where each section starts. */
	p.surface = cairo_pdf_surface_create_for_stream(discard, NULL, PAGE_W, PAGE_H);
	p.cr = cairo_create(p.surface);
	render(&p, doc, false);
	cairo_destroy(p.cr);
	cairo_surface_destroy(p.surface);
	/* Pass two: the file. */
	p.surface = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf("cannot make a PDF: %s", cairo_status_to_string(cairo_surface_status(p.surface)));
		cairo_surface_destroy(p.surface);
		return -1;
	}
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, p.title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "rapport");
	p.cr = cairo_create(p.surface);
	render(&p, doc, true);
	cairo_status_t st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		*err = xasprintf("cannot make a PDF: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
