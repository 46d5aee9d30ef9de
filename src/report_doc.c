/*
** report_doc.c: building report documents (see report_doc.h) and rendering
** them as print-ready HTML.  All text is escaped with html.h; charts are
** inline SVG with a text alternative, so the page prints and reads aloud.
*/
#include "report_doc.h"
#include "html.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

json_t *doc_new(const char *title, const char *subtitle)
{
	json_t *doc = json_pack("{s:s, s:[]}", "title", title, "sections");
	if (subtitle) json_object_set_new(doc, "subtitle", json_string(subtitle));
	return doc;
}

json_t *doc_section(json_t *doc, const char *id, const char *heading)
{
	json_t *sec = json_pack("{s:s, s:s, s:[]}", "id", id, "heading", heading, "blocks");
	json_array_append_new(json_object_get(doc, "sections"), sec);
	return sec;
}

static void add_block(json_t *sec, json_t *block) { json_array_append_new(json_object_get(sec, "blocks"), block); }

void doc_h3(json_t *sec, const char *text) { add_block(sec, json_pack("{s:s, s:s}", "type", "h3", "text", text)); }
void doc_p(json_t *sec, const char *text) { add_block(sec, json_pack("{s:s, s:s}", "type", "p", "text", text)); }

void doc_table(json_t *sec, json_t *columns, json_t *rows)
{
	add_block(sec, json_pack("{s:s, s:o, s:o}", "type", "table", "columns", columns, "rows", rows));
}

void doc_bars(json_t *sec, const char *title, json_t *labels, json_t *series)
{
	add_block(sec, json_pack("{s:s, s:s, s:o, s:o}", "type", "bars", "title", title, "labels", labels, "series", series));
}

void doc_kv(json_t *sec, json_t *pairs) { add_block(sec, json_pack("{s:s, s:o}", "type", "kv", "pairs", pairs)); }

void doc_draft(json_t *sec, const char *key, const char *question, const char *text)
{
	add_block(sec, json_pack("{s:s, s:s, s:s, s:s}", "type", "draft", "key", key, "question", question, "text", text));
}

/* A cell's text: strings as they are, numbers formatted, null as a dash. */
static void cell_text(json_t *v, char *out, size_t n)
{
	if (json_is_string(v)) snprintf(out, n, "%s", json_string_value(v));
	else if (json_is_integer(v)) snprintf(out, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v)) {
		double d = json_real_value(v);
		if (fabs(d - round(d)) < 1e-9) snprintf(out, n, "%.0f", d);
		else snprintf(out, n, "%.1f", d);
	} else if (json_is_boolean(v)) snprintf(out, n, "%s", json_is_true(v) ? "yes" : "no");
	else snprintf(out, n, "–");
}

static void html_paragraphs(buf *b, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		html_raw(b, "<p>");
		html_textn(b, p, n);
		html_raw(b, "</p>\n");
		p += n;
		while (*p == '\n') p++;
	}
}

static const char *const bar_fills[] = {"#1f4e79", "#b35900", "#4d7326"};

static void html_bars(buf *b, json_t *blk)
{
	json_t *labels = json_object_get(blk, "labels");
	json_t *series = json_object_get(blk, "series");
	size_t nl = json_array_size(labels), ns = json_array_size(series);
	if (ns > 3) ns = 3;
	double max = 0;
	for (size_t s = 0; s < ns; s++)
		for (size_t i = 0; i < nl; i++) {
			double v = json_number_value(json_array_get(json_object_get(json_array_get(series, s), "values"), i));
			if (v > max) max = v;
		}
	if (max <= 0) max = 1;
	int row_h = 8 + 14 * (int)ns, label_w = 150, bar_w = 420, w = label_w + bar_w + 60;
	int h = row_h * (int)nl + 30;
	html_raw(b, "<figure class=\"chart\">\n<figcaption>");
	html_text(b, json_string_value(json_object_get(blk, "title")));
	html_raw(b, "</figcaption>\n");
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"", w, h);
	html_attr(b, json_string_value(json_object_get(blk, "title")));
	html_raw(b, "\">\n");
	for (size_t i = 0; i < nl; i++) {
		int y = (int)i * row_h + 4;
		char label[200];
		cell_text(json_array_get(labels, i), label, sizeof label);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">", label_w - 6, y + row_h / 2 + 2);
		html_text(b, label);
		html_raw(b, "</text>\n");
		for (size_t s = 0; s < ns; s++) {
			double v = json_number_value(json_array_get(json_object_get(json_array_get(series, s), "values"), i));
			int bw = (int)(v / max * bar_w);
			char val[64];
			cell_text(json_array_get(json_object_get(json_array_get(series, s), "values"), i), val, sizeof val);
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"%s\"><title>", label_w, y + 2 + (int)s * 14,
			           bw, bar_fills[s]);
			html_text(b, label);
			html_raw(b, ": ");
			html_text(b, val);
			html_raw(b, "</title></rect>");
			buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"10\">", label_w + bw + 4, y + 12 + (int)s * 14);
			html_text(b, val);
			html_raw(b, "</text>\n");
		}
	}
	int ly = h - 12, lx = label_w;
	for (size_t s = 0; s < ns && ns > 1; s++) {
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, ly - 9, bar_fills[s]);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\">", lx + 14, ly);
		html_text(b, json_string_value(json_object_get(json_array_get(series, s), "name")));
		html_raw(b, "</text>");
		lx += 160;
	}
	html_raw(b, "</svg>\n</figure>\n");
}

static void html_table(buf *b, json_t *blk)
{
	size_t i, k;
	json_t *col, *row, *v;
	char cell[2048];
	html_raw(b, "<table>\n<thead><tr>");
	json_array_foreach(json_object_get(blk, "columns"), i, col) {
		html_raw(b, "<th scope=\"col\">");
		html_text(b, json_string_value(col));
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead>\n<tbody>\n");
	json_array_foreach(json_object_get(blk, "rows"), i, row) {
		html_raw(b, "<tr>");
		json_array_foreach(row, k, v) {
			cell_text(v, cell, sizeof cell);
			html_raw(b, k == 0 ? "<th scope=\"row\">" : (json_is_number(v) ? "<td class=\"num\">" : "<td>"));
			html_text(b, cell);
			html_raw(b, k == 0 ? "</th>" : "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

static const char doc_css[] =
	"body{font-family:'DejaVu Sans',Arial,sans-serif;color:#111;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
	"h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.35rem;border-bottom:2px solid #1f4e79;margin-top:2.2rem}"
	"h3{font-size:1.08rem;margin-top:1.4rem}table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.9rem}"
	"th,td{border:1px solid #777;padding:.25rem .45rem;text-align:left;vertical-align:top}thead th{background:#e6ecf2}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}"
	"dt{font-weight:bold}dd{margin:0}.draft{border-left:4px solid #b35900;padding:.2rem .9rem;background:#fff8f0}"
	".draft .q{font-weight:bold}figure.chart{margin:1rem 0}figcaption{font-weight:bold;margin-bottom:.3rem}"
	"nav.toc ol{padding-left:1.2rem}.subtitle{color:#333;margin-top:0}"
	"@page{size:letter;margin:18mm 16mm}"
	"@media print{body{max-width:none;margin:0}h2{break-before:page}h3,figure,table{break-inside:avoid-page}"
	"nav.toc{break-after:page}a{color:inherit;text-decoration:none}}";

static char csp_value[320];

static void doc_csp_init(void)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	crypto_hash_sha256(h, (const unsigned char *)doc_css, strlen(doc_css));
	sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
	snprintf(csp_value, sizeof csp_value,
	         "default-src 'none'; img-src 'self' data:; style-src 'sha256-%s'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
	         b64);
}

const char *doc_html_csp(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, doc_csp_init);
	return csp_value;
}

void doc_render_html(json_t *doc, buf *b)
{
	const char *title = json_string_value(json_object_get(doc, "title"));
	html_raw(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(b, title);
	html_raw(b, "</title>\n<style>");
	html_raw(b, doc_css);
	html_raw(b, "</style>\n</head>\n<body>\n<header>\n<h1>");
	html_text(b, title);
	html_raw(b, "</h1>\n");
	const char *sub = json_string_value(json_object_get(doc, "subtitle"));
	if (sub) {
		html_raw(b, "<p class=\"subtitle\">");
		html_text(b, sub);
		html_raw(b, "</p>\n");
	}
	html_raw(b, "</header>\n<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
	size_t i, k;
	json_t *sec, *blk;
	json_array_foreach(json_object_get(doc, "sections"), i, sec) {
		html_raw(b, "<li><a href=\"#");
		html_attr(b, json_string_value(json_object_get(sec, "id")));
		html_raw(b, "\">");
		html_text(b, json_string_value(json_object_get(sec, "heading")));
		html_raw(b, "</a></li>\n");
	}
	html_raw(b, "</ol>\n</nav>\n<main>\n");
	json_array_foreach(json_object_get(doc, "sections"), i, sec) {
		html_raw(b, "<section id=\"");
		html_attr(b, json_string_value(json_object_get(sec, "id")));
		html_raw(b, "\">\n<h2>");
		html_text(b, json_string_value(json_object_get(sec, "heading")));
		html_raw(b, "</h2>\n");
		json_array_foreach(json_object_get(sec, "blocks"), k, blk) {
			const char *type = json_string_value(json_object_get(blk, "type"));
			const char *text = json_string_value(json_object_get(blk, "text"));
			if (str_eq(type, "h3")) {
				html_raw(b, "<h3>");
				html_text(b, text);
				html_raw(b, "</h3>\n");
			} else if (str_eq(type, "p")) {
				html_paragraphs(b, text ? text : "");
			} else if (str_eq(type, "table")) {
				html_table(b, blk);
			} else if (str_eq(type, "bars")) {
				html_bars(b, blk);
			} else if (str_eq(type, "kv")) {
				size_t j;
				json_t *pair;
				char val[1024];
				html_raw(b, "<dl>\n");
				json_array_foreach(json_object_get(blk, "pairs"), j, pair) {
					html_raw(b, "<dt>");
					html_text(b, json_string_value(json_array_get(pair, 0)));
					html_raw(b, "</dt><dd>");
					cell_text(json_array_get(pair, 1), val, sizeof val);
					html_text(b, val);
					html_raw(b, "</dd>\n");
				}
				html_raw(b, "</dl>\n");
			} else if (str_eq(type, "draft")) {
				html_raw(b, "<div class=\"draft\">\n<p class=\"q\">");
				html_text(b, json_string_value(json_object_get(blk, "question")));
				html_raw(b, "</p>\n");
				html_paragraphs(b, text ? text : "");
				html_raw(b, "</div>\n");
			}
		}
		html_raw(b, "</section>\n");
	}
	html_raw(b, "</main>\n</body>\n</html>\n");
}
