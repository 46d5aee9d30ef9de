/*
** html.h: the only way public pages write HTML (cgit's html.c habit).
**
** Everything from a person or the database goes through html_text (element
** content) or html_attr (a double-quoted attribute value); html_raw is for
** markup literals in our own source only, never for data.  URLs built from
** data use html_url_part for each path or query component, then html_attr.
**
** A page is html_page_begin ... html_page_end: doctype, <html lang dir>,
** <title>, a link to the public style sheet, a skip link to the main
** content, and header / main / footer landmarks.  Output goes into a buf
** (util.h) that the caller owns.
*/
#ifndef RAPPORT_HTML_H
#define RAPPORT_HTML_H

#include "util.h"

/* Element content: escapes & < > " ' (NULL writes nothing). */
void html_text(buf *b, const char *s);
/* Like html_text, at most n bytes of s. */
void html_textn(buf *b, const char *s, size_t n);
/* printf into element content: the formatted result is escaped. */
void html_textf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An attribute value, to be written between double quotes. */
void html_attr(buf *b, const char *s);
/* Percent-encodes one URL component (everything but A-Z a-z 0-9 - _ . ~). */
void html_url_part(buf *b, const char *s);
/* Trusted markup from our own source: a literal, never data. */
void html_raw(buf *b, const char *markup);

typedef struct html_page {
	const char *lang;          /* "en", "es": the lang attribute */
	const char *dir;           /* "ltr" or "rtl"; NULL means ltr */
	const char *title;         /* the <title>, escaped */
	const char *site_name;     /* shown in the header (e.g. the office's name), escaped */
	const char *stylesheet;    /* href, default "/static/public.css" */
	const char *skip_label;    /* text of the skip link, e.g. "Skip to main content" */
	const char *footer;        /* footer text, escaped; may be NULL */
	const char *nav_html;      /* markup for the header (e.g. a language switcher) that the
	                           ** caller built with the writers above; may be NULL */
} html_page;

/* Writes everything up to and including <main id="main" tabindex="-1">. */
void html_page_begin(buf *b, const html_page *p);
/* Closes main, writes the footer, closes the document. */
void html_page_end(buf *b, const html_page *p);

#endif
