/*
** page_facts.c: the public "rumor vs. reality" pages, server-rendered, no
** JavaScript, in the office's catalog languages (i18n.h):
**
**   /facts, /{lang}/facts                       every published answer
**   /facts/{slug}, /{lang}/facts/{slug}         one answer, with its corrections
**                                               and a schema.org ClaimReview
**   /facts/feed.xml, /{lang}/facts/feed.xml     Atom feed of new and corrected answers
**   /o/{office}/facts..., /{lang}/o/{office}/facts...   the same for the office
**                                               whose short name is {office}
**
** Which office: /o/{office}/ in the path, else ?office=SLUG, else the only
** office of a single-office install; with several offices and none named,
** the index lists them to choose from (the same rule as /feedback).
** Language: the path prefix, else Accept-Language (English by default).
**
** What is shown is only what was published: the texts and sources of the
** version of each claim's newest publication, never drafts; merged claims'
** pages redirect to the claim they became.  Every text from the database is
** escaped for its context: html_text / html_attr in HTML, \u003c-style
** escapes inside the JSON-LD script block, XML escapes in the feed (with
** characters XML 1.0 forbids dropped).  A source is a link only when its
** address is http:// or https://.
**
** A "new" flag marks answers first published in the last 14 days, an
** "updated" flag answers corrected in the last 14 days.
*/
#include "domain.h"
#include "handlers.h"
#include "html.h"
#include "i18n.h"
#include "misconceptions.h"
#include "router.h"
#include "tz.h"

#include <stdlib.h>
#include <string.h>

#define FACTS_FLAG_DAYS 14
#define FACTS_MAX 500
#define FEED_MAX 50

typedef struct facts_ctx {
	http_req *r;
	store_conn *c;
	const i18n_lang *lang;
	bool lang_in_url;
	bool by_slug;                /* /o/{office}/ in the path */
	int64_t office_id;
	char office_name[256];
	char office_slug[128];
	const tz_zone *tz;
	char base[300];              /* "https://host" when the Host header is usable, else "" */
} facts_ctx;

static const char *T(const facts_ctx *p, const char *key) { return i18n_t(p->lang, key); }

/* The path of the facts pages: [/{lang}][/o/{office}]/facts[/{rest}][?office=]. */
static void facts_url(buf *b, const facts_ctx *p, const char *code, const char *rest)
{
	if (code) {
		html_raw(b, "/");
		html_url_part(b, code);
	}
	if (p->by_slug) {
		html_raw(b, "/o/");
		html_url_part(b, p->office_slug);
	}
	html_raw(b, "/facts");
	if (rest) {
		html_raw(b, "/");
		html_url_part(b, rest);
	}
	if (!p->by_slug && p->office_slug[0] && http_query(p->r, "office")) {
		html_raw(b, "?office=");
		html_url_part(b, p->office_slug);
	}
}

/* The same in the page's own language. */
static void own_url(buf *b, const facts_ctx *p, const char *rest)
{
	facts_url(b, p, p->lang_in_url ? i18n_code(p->lang) : NULL, rest);
}

/* "https://host" from the Host header when it is a plain host[:port]. */
static void base_url(facts_ctx *p)
{
	const char *host = http_header_get(p->r, "Host");
	p->base[0] = 0;
	if (!host || !*host || strlen(host) > 200) return;
	for (const char *h = host; *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') || (*h >= '0' && *h <= '9') || *h == '.' ||
		      *h == '-' || *h == ':'))
			return;
	snprintf(p->base, sizeof p->base, "%s://%s", p->r->app->secure_cookies ? "https" : "http", host);
}

static void local_date(const facts_ctx *p, const char *iso, char out[11])
{
	int64_t t;
	if (iso && time_parse_iso(iso, &t) && p->tz) tz_local_date(p->tz, t, out);
	else snprintf(out, 11, "%.10s", iso ? iso : "");
}

static void time_el(buf *b, const facts_ctx *p, const char *iso)
{
	char d[11];
	local_date(p, iso, d);
	html_raw(b, "<time datetime=\"");
	html_attr(b, iso);
	html_raw(b, "\">");
	html_text(b, d);
	html_raw(b, "</time>");
}

/* ---- page frame ---- */

static void lang_switch(buf *nav, const facts_ctx *p, const char *rest)
{
	if (i18n_count() < 2) return;
	html_raw(nav, "<nav class=\"lang-switch\" aria-label=\"");
	html_attr(nav, T(p, "site.languages"));
	html_raw(nav, "\"><ul>");
	for (int i = 0; i < i18n_count(); i++) {
		const i18n_lang *l = i18n_at(i);
		if (l == p->lang) continue;
		buf href = BUF_INIT;
		facts_url(&href, p, i18n_code(l), rest);
		html_raw(nav, "<li><a href=\"");
		html_attr(nav, href.data);
		html_raw(nav, "\" hreflang=\"");
		html_attr(nav, i18n_code(l));
		html_raw(nav, "\" lang=\"");
		html_attr(nav, i18n_code(l));
		html_raw(nav, "\">");
		html_text(nav, i18n_native_name(l));
		html_raw(nav, "</a></li>");
		buf_free(&href);
	}
	html_raw(nav, "</ul></nav>\n");
}

static void page_begin(buf *b, const facts_ctx *p, const char *title, const char *rest)
{
	buf nav = BUF_INIT;
	if (p->office_id) lang_switch(&nav, p, rest);
	char *full = p->office_name[0] ? xasprintf("%s: %s", title, p->office_name) : xstrdup(title);
	html_page pg = {.lang = i18n_code(p->lang), .dir = i18n_dir(p->lang), .title = full,
	                .site_name = p->office_name[0] ? p->office_name : NULL, .skip_label = T(p, "site.skip"),
	                .footer = T(p, "facts.footer"), .nav_html = nav.data};
	html_page_begin(b, &pg);
	free(full);
	buf_free(&nav);
}

static void page_end(buf *b, const facts_ctx *p)
{
	html_page pg = {.footer = T(p, "facts.footer")};
	html_page_end(b, &pg);
}

static void reply_html(facts_ctx *p, int status, buf *b)
{
	if (p->c) store_rollback(p->c);
	http_header_add(p->r, "Content-Language", i18n_code(p->lang));
	http_header_add(p->r, "Vary", "Accept-Language");
	if (status == 200) http_header_add(p->r, "Cache-Control", "public, max-age=60");
	size_t len = b->len;
	http_reply_take(p->r, status, "text/html; charset=utf-8", buf_take(b), len);
}

static void reply_message(facts_ctx *p, int status, const char *key)
{
	buf b = BUF_INIT;
	page_begin(&b, p, T(p, key), NULL);
	html_raw(&b, "<h1>");
	html_text(&b, T(p, key));
	html_raw(&b, "</h1>\n");
	if (p->office_id) {
		buf href = BUF_INIT;
		own_url(&href, p, NULL);
		html_raw(&b, "<p><a href=\"");
		html_attr(&b, href.data);
		html_raw(&b, "\">");
		html_text(&b, T(p, "facts.back"));
		html_raw(&b, "</a></p>\n");
		buf_free(&href);
	}
	page_end(&b, p);
	reply_html(p, status, &b);
}

/* Reads language and office from the URL (see the top of the file).  On
** failure replies (a 404 page, or the list of offices) and returns false.
** *slug gets the claim's page name for the claim routes. */
static bool facts_setup(http_req *r, facts_ctx *p, const char **slug)
{
	i18n_init(r->app->i18n_dir);
	memset(p, 0, sizeof *p);
	p->r = r;
	*slug = NULL;
	const char *lang = NULL, *office = NULL;
	const char *path = r->route->path;
	int k = 0;
	if (str_starts(path, "/{lang}/")) lang = r->params[k++];
	if (strstr(path, "/o/{office}/")) office = r->params[k++];
	if (k < r->nparams) *slug = r->params[k];
	p->lang_in_url = lang != NULL;
	p->lang = lang ? i18n_find(lang) : i18n_negotiate(http_header_get(r, "Accept-Language"));
	if (lang && (!p->lang || strcmp(i18n_code(p->lang), lang) != 0)) {
		p->lang = i18n_default();
		reply_message(p, 404, "facts.not_found");
		return false;
	}
	p->c = http_db(r);
	if (!p->c) return false;
	p->by_slug = office != NULL;
	if (!office) office = http_query(r, "office");
	json_t *row = NULL;
	if (office)
		row = store_query_row(p->c, NULL, "SELECT id, name, slug, timezone FROM offices WHERE slug = ?", "t", office);
	else if (store_query_int(p->c, 0, "SELECT COUNT(*) FROM offices", "") == 1)
		row = store_query_row(p->c, NULL, "SELECT id, name, slug, timezone FROM offices", "");
	else if (!*slug) {
		/* Several offices and none named: let the reader choose. */
		buf b = BUF_INIT;
		page_begin(&b, p, T(p, "facts.choose_office"), NULL);
		html_raw(&b, "<h1>");
		html_text(&b, T(p, "facts.choose_office"));
		html_raw(&b, "</h1>\n<ul>\n");
		json_t *all = store_query_rows(p->c, NULL, "SELECT name, slug FROM offices ORDER BY name, id", "");
		size_t i;
		json_t *o;
		json_array_foreach(all, i, o) {
			html_raw(&b, "<li><a href=\"");
			if (lang) {
				html_raw(&b, "/");
				html_url_part(&b, lang);
			}
			html_raw(&b, "/o/");
			html_url_part(&b, json_string_value(json_object_get(o, "slug")));
			html_raw(&b, "/facts\">");
			html_text(&b, json_string_value(json_object_get(o, "name")));
			html_raw(&b, "</a></li>\n");
		}
		json_decref(all);
		html_raw(&b, "</ul>\n");
		page_end(&b, p);
		reply_html(p, 200, &b);
		return false;
	}
	if (!row) {
		reply_message(p, 404, "facts.no_office");
		return false;
	}
	p->office_id = json_integer_value(json_object_get(row, "id"));
	snprintf(p->office_name, sizeof p->office_name, "%s", json_string_value(json_object_get(row, "name")));
	snprintf(p->office_slug, sizeof p->office_slug, "%s", json_string_value(json_object_get(row, "slug")));
	p->tz = tz_get(json_string_value(json_object_get(row, "timezone")));
	json_decref(row);
	base_url(p);
	int rc = store_begin(p->c, p->office_id, STORE_READ);
	if (rc != STORE_OK) {
		http_reply_store_error(r, rc);
		return false;
	}
	return true;
}

/* ---- what was published ---- */

/* Published, unmerged claims with the version of their newest publication,
** most recently published or corrected first.  Caller decrefs. */
static json_t *published_claims(const facts_ctx *p, const char *slug)
{
	if (slug)
		return store_query_rows(p->c, NULL,
		    "SELECT c.id, c.slug, c.statement, c.first_seen_at, c.published_at, c.last_corrected_at, v.id AS version_id,"
		    " v.sources AS sources_json FROM claims c"
		    " JOIN publications pb ON pb.id = (SELECT p2.id FROM publications p2 WHERE p2.office_id = c.office_id"
		    "   AND p2.claim_id = c.id ORDER BY p2.published_at DESC, p2.id DESC LIMIT 1)"
		    " JOIN response_versions v ON v.id = pb.version_id"
		    " WHERE c.office_id = ? AND c.slug = ? AND c.merged_into_id IS NULL AND c.published_at IS NOT NULL",
		    "it", p->office_id, slug);
	return store_query_rows(p->c, NULL,
	    "SELECT c.id, c.slug, c.statement, c.first_seen_at, c.published_at, c.last_corrected_at, v.id AS version_id,"
	    " v.sources AS sources_json FROM claims c"
	    " JOIN publications pb ON pb.id = (SELECT p2.id FROM publications p2 WHERE p2.office_id = c.office_id"
	    "   AND p2.claim_id = c.id ORDER BY p2.published_at DESC, p2.id DESC LIMIT 1)"
	    " JOIN response_versions v ON v.id = pb.version_id"
	    " WHERE c.office_id = ? AND c.merged_into_id IS NULL AND c.published_at IS NOT NULL"
	    " ORDER BY coalesce(c.last_corrected_at, c.published_at) DESC, c.id DESC LIMIT ?",
	    "id", p->office_id, FACTS_MAX);
}

/* The version's texts in the page's language, else English.  Caller decrefs. */
static json_t *texts_for(const facts_ctx *p, json_t *version_id)
{
	const char *code = i18n_code(p->lang);
	return store_query_row(p->c, NULL,
	    "SELECT language, claim_text, accurate_statement, short_answer FROM response_texts"
	    " WHERE office_id = ? AND version_id = ? AND language IN (?, 'en')"
	    " ORDER BY CASE WHEN language = ? THEN 0 ELSE 1 END LIMIT 1",
	    "ijtt", p->office_id, version_id, code, code);
}

static const char *rumor_of(json_t *claim, json_t *texts)
{
	const char *s = json_string_value(json_object_get(texts, "claim_text"));
	return s && *s ? s : json_string_value(json_object_get(claim, "statement"));
}

/* "new", "updated" or NULL. */
static const char *flag_of(json_t *claim)
{
	int64_t t, now = time_now_secs();
	const char *corr = json_string_value(json_object_get(claim, "last_corrected_at"));
	if (corr && time_parse_iso(corr, &t)) return now - t < FACTS_FLAG_DAYS * 86400 ? "updated" : NULL;
	const char *pub = json_string_value(json_object_get(claim, "published_at"));
	if (pub && time_parse_iso(pub, &t) && now - t < FACTS_FLAG_DAYS * 86400) return "new";
	return NULL;
}

/* Writes text as paragraphs, one per line break. */
static void paragraphs(buf *b, const char *s)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n && !(n == 1 && s[0] == '\r')) {
			html_raw(b, "<p>");
			html_textn(b, s, n);
			html_raw(b, "</p>");
		}
		s = nl ? nl + 1 : NULL;
	}
}

static void sources_list(buf *b, const facts_ctx *p, json_t *sources)
{
	html_raw(b, "<ul class=\"sources\">");
	size_t i;
	json_t *s;
	json_array_foreach(sources, i, s) {
		const char *kind = json_string_value(json_object_get(s, "kind"));
		const char *title = json_string_value(json_object_get(s, "title"));
		const char *url = json_string_value(json_object_get(s, "url"));
		char key[48];
		snprintf(key, sizeof key, "facts.kind.%s", enum_has(source_kinds, kind) ? kind : "other");
		html_raw(b, "<li>");
		html_text(b, T(p, key));
		html_raw(b, ": ");
		if (url && claim_url_ok(url)) {
			html_raw(b, "<a href=\"");
			html_attr(b, url);
			html_raw(b, "\" rel=\"external noopener noreferrer\">");
			html_text(b, title);
			html_raw(b, "</a>");
		} else {
			html_text(b, title);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* The fixed block of one answer: the rumor, the reality, where to get the
** facts, and the dates.  full adds the detailed statement. */
static void fact_block(buf *b, const facts_ctx *p, json_t *claim, json_t *texts, bool full)
{
	const char *text_lang = json_string_value(json_object_get(texts, "language"));
	bool fallback = text_lang && strcmp(text_lang, i18n_code(p->lang)) != 0;
	if (fallback) {
		html_raw(b, "<p class=\"note\">");
		html_text(b, T(p, "facts.in_english"));
		html_raw(b, "</p>");
	}
	html_raw(b, "<dl class=\"fact\"");
	if (fallback) {
		html_raw(b, " lang=\"");
		html_attr(b, text_lang);
		html_raw(b, "\"");
	}
	html_raw(b, ">\n<dt>");
	html_text(b, T(p, "facts.rumor"));
	html_raw(b, "</dt>\n<dd>");
	html_text(b, rumor_of(claim, texts));
	html_raw(b, "</dd>\n<dt>");
	html_text(b, T(p, "facts.reality"));
	html_raw(b, "</dt>\n<dd>");
	paragraphs(b, json_string_value(json_object_get(texts, "short_answer")));
	if (full) paragraphs(b, json_string_value(json_object_get(texts, "accurate_statement")));
	html_raw(b, "</dd>\n<dt>");
	html_text(b, T(p, "facts.sources"));
	html_raw(b, "</dt>\n<dd>");
	sources_list(b, p, json_object_get(claim, "sources"));
	html_raw(b, "</dd>\n</dl>\n<p class=\"dates\">");
	html_text(b, T(p, "facts.published"));
	html_raw(b, ": ");
	time_el(b, p, json_string_value(json_object_get(claim, "published_at")));
	const char *corr = json_string_value(json_object_get(claim, "last_corrected_at"));
	if (corr) {
		html_raw(b, ". ");
		html_text(b, T(p, "facts.corrected"));
		html_raw(b, ": ");
		time_el(b, p, corr);
	}
	html_raw(b, ".</p>\n");
}

static void flag_badge(buf *b, const facts_ctx *p, json_t *claim)
{
	const char *flag = flag_of(claim);
	if (!flag) return;
	html_raw(b, " <strong class=\"flag flag-");
	html_attr(b, flag);
	html_raw(b, "\">");
	html_text(b, T(p, str_eq(flag, "new") ? "facts.flag_new" : "facts.flag_updated"));
	html_raw(b, "</strong>");
}

static void feed_link(buf *b, const facts_ctx *p)
{
	buf href = BUF_INIT;
	own_url(&href, p, "feed.xml");
	html_raw(b, "<p class=\"feed\"><a href=\"");
	html_attr(b, href.data);
	html_raw(b, "\" type=\"application/atom+xml\">");
	html_text(b, T(p, "facts.feed"));
	html_raw(b, "</a></p>\n");
	buf_free(&href);
}

/* ---- GET /facts ---- */

static void render_index(facts_ctx *p)
{
	buf b = BUF_INIT;
	page_begin(&b, p, T(p, "facts.title"), NULL);
	html_raw(&b, "<h1>");
	html_text(&b, T(p, "facts.title"));
	html_raw(&b, "</h1>\n<p>");
	html_text(&b, T(p, "facts.intro"));
	html_raw(&b, "</p>\n");
	feed_link(&b, p);
	json_t *claims = published_claims(p, NULL);
	if (!json_array_size(claims)) {
		html_raw(&b, "<p>");
		html_text(&b, T(p, "facts.none"));
		html_raw(&b, "</p>\n");
	}
	size_t i;
	json_t *cl;
	json_array_foreach(claims, i, cl) {
		json_t *texts = texts_for(p, json_object_get(cl, "version_id"));
		if (!texts) continue;
		const char *slug = json_string_value(json_object_get(cl, "slug"));
		html_raw(&b, "<article class=\"fact-entry\" aria-labelledby=\"fact-");
		html_attr(&b, slug);
		html_raw(&b, "\">\n<h2 id=\"fact-");
		html_attr(&b, slug);
		html_raw(&b, "\"><a href=\"");
		buf href = BUF_INIT;
		own_url(&href, p, slug);
		html_attr(&b, href.data);
		html_raw(&b, "\">");
		html_text(&b, rumor_of(cl, texts));
		html_raw(&b, "</a>");
		flag_badge(&b, p, cl);
		html_raw(&b, "</h2>\n");
		fact_block(&b, p, cl, texts, false);
		html_raw(&b, "<p><a href=\"");
		html_attr(&b, href.data);
		html_raw(&b, "\">");
		html_text(&b, T(p, "facts.read_more"));
		html_raw(&b, "</a></p>\n</article>\n");
		buf_free(&href);
		json_decref(texts);
	}
	json_decref(claims);
	page_end(&b, p);
	reply_html(p, 200, &b);
}

void page_facts_index(http_req *r)
{
	facts_ctx p;
	const char *slug;
	if (!facts_setup(r, &p, &slug)) return;
	render_index(&p);
}

/* ---- GET /facts/{slug} ---- */

/* Writes a JSON document for a <script> block: <, > and & become \u003c,
** \u003e and \u0026 (they can only occur inside strings, where the escapes
** mean the same), so no text can close the element or open a comment. */
static void json_for_script(buf *b, json_t *doc)
{
	char *s = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	for (const char *q = s; q && *q; q++) {
		if (*q == '<') buf_puts(b, "\\u003c");
		else if (*q == '>') buf_puts(b, "\\u003e");
		else if (*q == '&') buf_puts(b, "\\u0026");
		else buf_putc(b, *q);
	}
	free(s);
}

static void claim_review(buf *b, const facts_ctx *p, json_t *claim, json_t *texts, const char *path)
{
	char pub[11], first[11];
	snprintf(pub, sizeof pub, "%.10s", json_string_value(json_object_get(claim, "published_at")));
	snprintf(first, sizeof first, "%.10s", json_string_value(json_object_get(claim, "first_seen_at")));
	char *url = xasprintf("%s%s", p->base, path);
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:i, s:i, s:i, s:s}}",
	    "@context", "https://schema.org", "@type", "ClaimReview", "url", url,
	    "claimReviewed", rumor_of(claim, texts), "datePublished", pub,
	    "inLanguage", json_string_value(json_object_get(texts, "language")),
	    "author", "@type", "GovernmentOrganization", "name", p->office_name,
	    "itemReviewed", "@type", "Claim", "firstAppearance", first,
	    "reviewRating", "@type", "Rating", "ratingValue", 1, "worstRating", 1, "bestRating", 5,
	    "alternateName", T(p, "facts.rating"));
	free(url);
	const char *corr = json_string_value(json_object_get(claim, "last_corrected_at"));
	if (corr) {
		char d[11];
		snprintf(d, sizeof d, "%.10s", corr);
		json_object_set_new(doc, "dateModified", json_string(d));
	}
	const char *answer = json_string_value(json_object_get(texts, "short_answer"));
	if (answer) json_object_set_new(doc, "reviewBody", json_string(answer));
	html_raw(b, "<script type=\"application/ld+json\">");
	json_for_script(b, doc);
	html_raw(b, "</script>\n");
	json_decref(doc);
}

static void corrections(buf *b, const facts_ctx *p, json_t *claim)
{
	json_t *rows = store_query_rows(p->c, NULL,
	    "SELECT published_at, change_note FROM publications WHERE office_id = ? AND claim_id = ? AND kind = 'correction'"
	    " ORDER BY published_at DESC, id DESC",
	    "ij", p->office_id, json_object_get(claim, "id"));
	if (json_array_size(rows)) {
		html_raw(b, "<section aria-labelledby=\"corrections\">\n<h2 id=\"corrections\">");
		html_text(b, T(p, "facts.corrections"));
		html_raw(b, "</h2>\n<ul class=\"corrections\">\n");
		size_t i;
		json_t *c;
		json_array_foreach(rows, i, c) {
			html_raw(b, "<li>");
			time_el(b, p, json_string_value(json_object_get(c, "published_at")));
			html_raw(b, ": ");
			html_text(b, json_string_value(json_object_get(c, "change_note")));
			html_raw(b, "</li>\n");
		}
		html_raw(b, "</ul>\n</section>\n");
	}
	json_decref(rows);
}

static void page_facts_feed_for(facts_ctx *p);

void page_facts_claim(http_req *r)
{
	facts_ctx p;
	const char *slug;
	if (!facts_setup(r, &p, &slug)) return;
	if (str_eq(slug, "feed.xml")) return page_facts_feed_for(&p);
	if (!claim_slug_valid(slug)) return reply_message(&p, 404, "facts.not_found");
	json_t *rows = published_claims(&p, slug);
	json_t *claim = json_array_get(rows, 0);
	json_t *texts = claim ? texts_for(&p, json_object_get(claim, "version_id")) : NULL;
	if (!texts) {
		/* A merged claim's page moves to the claim it became. */
		json_t *to = store_query_row(p.c, NULL,
		    "SELECT t.slug FROM claims c JOIN claims t ON t.id = c.merged_into_id"
		    " WHERE c.office_id = ? AND c.slug = ? AND t.published_at IS NOT NULL AND t.slug IS NOT NULL",
		    "it", p.office_id, slug);
		json_decref(rows);
		if (!to) return reply_message(&p, 404, "facts.not_found");
		buf href = BUF_INIT;
		own_url(&href, &p, json_string_value(json_object_get(to, "slug")));
		json_decref(to);
		store_rollback(p.c);
		http_header_add(r, "Location", href.data);
		buf_free(&href);
		http_reply(r, 301, "text/plain; charset=utf-8", "Moved\n", 6);
		return;
	}
	buf b = BUF_INIT, path = BUF_INIT;
	own_url(&path, &p, slug);
	page_begin(&b, &p, rumor_of(claim, texts), slug);
	html_raw(&b, "<article class=\"fact-page\">\n<h1>");
	html_text(&b, rumor_of(claim, texts));
	flag_badge(&b, &p, claim);
	html_raw(&b, "</h1>\n");
	fact_block(&b, &p, claim, texts, true);
	corrections(&b, &p, claim);
	html_raw(&b, "</article>\n");
	claim_review(&b, &p, claim, texts, path.data);
	buf back = BUF_INIT;
	own_url(&back, &p, NULL);
	html_raw(&b, "<p><a href=\"");
	html_attr(&b, back.data);
	html_raw(&b, "\">");
	html_text(&b, T(&p, "facts.back"));
	html_raw(&b, "</a></p>\n");
	feed_link(&b, &p);
	buf_free(&back);
	buf_free(&path);
	json_decref(texts);
	json_decref(rows);
	page_end(&b, &p);
	reply_html(&p, 200, &b);
}

/* ---- GET /facts/feed.xml ---- */

/* XML text: escapes & < > " ' and drops the characters XML 1.0 does not
** allow at all (C0 controls other than tab, newline and carriage return). */
static void xml_text(buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		switch (ch) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default:
			if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') break;
			buf_putc(b, (char)ch);
		}
	}
}

static void page_facts_feed_for(facts_ctx *p)
{
	json_t *rows = store_query_rows(p->c, NULL,
	    "SELECT pb.id, pb.kind, pb.change_note, pb.published_at, pb.version_id, c.id AS claim_id, c.slug, c.statement"
	    " FROM publications pb JOIN claims c ON c.id = pb.claim_id"
	    " WHERE pb.office_id = ? AND c.office_id = ? AND c.merged_into_id IS NULL"
	    " ORDER BY pb.published_at DESC, pb.id DESC LIMIT ?",
	    "iid", p->office_id, p->office_id, FEED_MAX);
	buf b = BUF_INIT, self = BUF_INIT, home = BUF_INIT;
	own_url(&self, p, "feed.xml");
	own_url(&home, p, NULL);
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	const char *updated = json_string_value(json_object_get(json_array_get(rows, 0), "published_at"));
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	xml_text(&b, i18n_code(p->lang));
	buf_puts(&b, "\">\n<title>");
	xml_text(&b, T(p, "facts.title"));
	buf_puts(&b, ": ");
	xml_text(&b, p->office_name);
	buf_puts(&b, "</title>\n<id>urn:rapport:");
	xml_text(&b, p->office_slug);
	buf_puts(&b, ":facts:");
	xml_text(&b, i18n_code(p->lang));
	buf_puts(&b, "</id>\n<updated>");
	xml_text(&b, updated ? updated : now);
	buf_puts(&b, "</updated>\n<author><name>");
	xml_text(&b, p->office_name);
	buf_puts(&b, "</name></author>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	xml_text(&b, p->base);
	xml_text(&b, self.data);
	buf_puts(&b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	xml_text(&b, p->base);
	xml_text(&b, home.data);
	buf_puts(&b, "\"/>\n");
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e) {
		json_t *texts = texts_for(p, json_object_get(e, "version_id"));
		bool correction = str_eq(json_string_value(json_object_get(e, "kind")), "correction");
		buf link = BUF_INIT;
		own_url(&link, p, json_string_value(json_object_get(e, "slug")));
		buf_puts(&b, "<entry>\n<title>");
		xml_text(&b, T(p, correction ? "facts.flag_updated" : "facts.flag_new"));
		buf_puts(&b, ": ");
		xml_text(&b, rumor_of(e, texts));
		buf_printf(&b, "</title>\n<id>urn:rapport:");
		xml_text(&b, p->office_slug);
		buf_printf(&b, ":publication:%lld</id>\n<updated>", (long long)json_integer_value(json_object_get(e, "id")));
		xml_text(&b, json_string_value(json_object_get(e, "published_at")));
		buf_puts(&b, "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
		xml_text(&b, p->base);
		xml_text(&b, link.data);
		buf_puts(&b, "\"/>\n<summary>");
		if (correction) {
			xml_text(&b, json_string_value(json_object_get(e, "change_note")));
			buf_puts(&b, " ");
		}
		xml_text(&b, json_string_value(json_object_get(texts, "short_answer")));
		buf_puts(&b, "</summary>\n</entry>\n");
		buf_free(&link);
		json_decref(texts);
	}
	buf_puts(&b, "</feed>\n");
	json_decref(rows);
	buf_free(&self);
	buf_free(&home);
	store_rollback(p->c);
	http_header_add(p->r, "Cache-Control", "public, max-age=60");
	size_t len = b.len;
	http_reply_take(p->r, 200, "application/atom+xml; charset=utf-8", buf_take(&b), len);
}

void page_facts_feed(http_req *r)
{
	facts_ctx p;
	const char *slug;
	if (!facts_setup(r, &p, &slug)) return;
	page_facts_feed_for(&p);
}
