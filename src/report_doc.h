/*
** report_doc.h: a small document model for printable reports (the
** certification packet), and its renderers: print-ready HTML with inline SVG
** charts, PDF (cairo + pango), and a ZIP with a SHA-256 manifest.
**
** A document is a JSON tree, so it can also be served as JSON and tested:
**   {"title", "subtitle", "sections": [{"id", "heading", "blocks": [...]}]}
** with blocks {"type": "h3"|"p"|"table"|"bars"|"kv"|"draft", ...}.  Every
** text in it is plain text: renderers escape it for their output.
*/
#ifndef RAPPORT_REPORT_DOC_H
#define RAPPORT_REPORT_DOC_H

#include <jansson.h>

#include "util.h"

/* A new document.  Caller decrefs. */
json_t *doc_new(const char *title, const char *subtitle);
/* Appends a section and returns it (borrowed from doc). */
json_t *doc_section(json_t *doc, const char *id, const char *heading);
void doc_h3(json_t *sec, const char *text);
/* A paragraph; blank lines in text start new paragraphs. */
void doc_p(json_t *sec, const char *text);
/* A table: columns is an array of headings, rows an array of arrays of
** strings or numbers (both stolen). */
void doc_table(json_t *sec, json_t *columns, json_t *rows);
/* A bar chart: labels (array of strings) and series ([{name, values:[numbers]}]), both stolen. */
void doc_bars(json_t *sec, const char *title, json_t *labels, json_t *series);
/* Label-value pairs ([[label, value], ...], stolen). */
void doc_kv(json_t *sec, json_t *pairs);
/* A drafted answer to a questionnaire question, which staff may edit. */
void doc_draft(json_t *sec, const char *key, const char *question, const char *text);

/* Print-ready HTML: a print style sheet, page breaks, a table of contents,
** charts as inline SVG.  Appends to out. */
void doc_render_html(json_t *doc, buf *out);

/* The Content-Security-Policy that lets the HTML's own style sheet apply
** (by its hash) and nothing else inline.  Static; do not free. */
const char *doc_html_csp(void);

/* Writes the document as PDF to path, or appends it to out.  Returns 0, or
** -1 with *err (caller frees). */
int doc_render_pdf(json_t *doc, const char *path, char **err);
int doc_render_pdf_buf(json_t *doc, buf *out, char **err);

/* A ZIP of the given files plus manifest.txt listing each file's SHA-256
** ("<hex>  <name>" lines, sha256sum's format).  Returns 0, or -1 with *err. */
typedef struct zip_member {
	const char *name;
	const void *data;
	size_t len;
} zip_member;
int doc_write_zip(const char *path, const zip_member *members, int n, char **err);
/* The same ZIP, appended to out. */
int doc_write_zip_buf(buf *out, const zip_member *members, int n, char **err);

#endif
