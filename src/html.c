/*
** html.c: escaping writers and the public page shell (see html.h).
*/
#include "html.h"

#include <stdarg.h>
#include <string.h>

void html_textn(buf *b, const char *s, size_t n)
{
	if (!s) return;
	size_t start = 0, i;
	for (i = 0; i < n && s[i]; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, i - start);
}

void html_text(buf *b, const char *s)
{
	if (s) html_textn(b, s, strlen(s));
}

void html_textf(buf *b, const char *fmt, ...)
{
	buf tmp = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	html_text(b, tmp.data);
	buf_free(&tmp);
}

void html_attr(buf *b, const char *s)
{
	/* The same set as text: inside a double-quoted value that is enough,
	** and escaping ' too keeps a mistakenly single-quoted value safe. */
	html_text(b, s);
}

void html_url_part(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void html_raw(buf *b, const char *markup) { buf_puts(b, markup); }

void html_page_begin(buf *b, const html_page *p)
{
	html_raw(b, "<!doctype html>\n<html lang=\"");
	html_attr(b, p->lang ? p->lang : "en");
	html_raw(b, "\" dir=\"");
	html_attr(b, p->dir && strcmp(p->dir, "rtl") == 0 ? "rtl" : "ltr");
	html_raw(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(b, p->title);
	html_raw(b, "</title>\n<link rel=\"stylesheet\" href=\"");
	html_attr(b, p->stylesheet ? p->stylesheet : "/static/public.css");
	html_raw(b, "\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	html_text(b, p->skip_label ? p->skip_label : "Skip to main content");
	html_raw(b, "</a>\n<header class=\"site-header\">\n<p class=\"site-name\">");
	html_text(b, p->site_name);
	html_raw(b, "</p>\n");
	if (p->nav_html) html_raw(b, p->nav_html);
	html_raw(b, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void html_page_end(buf *b, const html_page *p)
{
	html_raw(b, "</main>\n<footer class=\"site-footer\">\n<p>");
	html_text(b, p->footer);
	html_raw(b, "</p>\n</footer>\n</body>\n</html>\n");
}
