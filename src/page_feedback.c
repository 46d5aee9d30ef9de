/*
** page_feedback.c: the public feedback form, server-rendered, working
** without JavaScript, in the office's catalog languages (i18n.h).
**
** URLs (GET shows the form, POST sends it to the same address):
**   /o/{slug}/feedback          the office whose short name is slug; the
**   /{lang}/o/{slug}/feedback   language from the prefix, else Accept-Language
**   /feedback, /{lang}/feedback the only office of a single-office install,
**                               or ?office=slug; otherwise a list of offices
** Abuse resistance without a CAPTCHA: a signed, expiring form token
** (formtoken.h) instead of a CSRF cookie, a honeypot field ("website",
** hidden from people), a per-address rate limit on submissions, size
** limits, and strict UTF-8.  A rejected submission shows the form again
** with the input kept and an error summary linking to each field; a refusal
** says why.  Contact details are optional, need consent, and are stored
** apart as confidential (feedback_contact_details).  A resubmitted token
** shows the first submission's reference instead of a duplicate.
*/
#include "feedback.h"
#include "formtoken.h"
#include "handlers.h"
#include "html.h"
#include "i18n.h"
#include "ratelimit.h"
#include "router.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define FORM_MAX_BYTES 32768

/* ---- the submitted form ---- */

typedef struct form {
	char *body, *topic, *source, *name, *email, *phone, *consent, *website, *token;
} form;

static void form_free(form *f)
{
	free(f->body), free(f->topic), free(f->source), free(f->name), free(f->email);
	free(f->phone), free(f->consent), free(f->website), free(f->token);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes one application/x-www-form-urlencoded component; *outlen gets
** the decoded length (a %00 makes it differ from strlen).  Caller frees. */
static char *url_decode(const char *s, size_t n, size_t *outlen)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') *o++ = ' ';
		else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else *o++ = s[i];
	}
	*o = 0;
	*outlen = (size_t)(o - out);
	return out;
}

/* Parses the body into f (first value of each known key wins).  False when
** a value is not valid UTF-8 or holds a NUL. */
static bool form_parse(const char *data, size_t len, form *f)
{
	static const char *const keys[] = {"body", "topic", "source", "name", "email", "phone", "consent", "website", "token"};
	char **slots[] = {&f->body, &f->topic, &f->source, &f->name, &f->email, &f->phone, &f->consent, &f->website, &f->token};
	bool ok = true;
	size_t i = 0;
	while (i < len) {
		size_t end = i, klen, vlen;
		while (end < len && data[end] != '&') end++;
		const char *eq = memchr(data + i, '=', end - i);
		char *key = url_decode(data + i, eq ? (size_t)(eq - (data + i)) : end - i, &klen);
		for (size_t k = 0; k < countof(keys); k++) {
			if (strcmp(key, keys[k]) != 0 || *slots[k]) continue;
			char *val = url_decode(eq ? eq + 1 : "", eq ? (size_t)(data + end - eq - 1) : 0, &vlen);
			if (strlen(val) != vlen || !utf8_valid(val, vlen)) ok = false;
			*slots[k] = val;
		}
		free(key);
		i = end + 1;
	}
	for (size_t k = 0; k < countof(keys); k++) {
		if (!*slots[k]) *slots[k] = xstrdup("");
		str_trim(*slots[k]);
	}
	return ok;
}

/* ---- the page ---- */

typedef struct page_ctx {
	http_req *r;
	const i18n_lang *lang;
	int64_t office_id;
	char office_name[256];
	char slug[128];
	bool by_slug;          /* the URL names the office */
	bool lang_in_url;      /* the URL starts with the language */
} page_ctx;

typedef struct field_error {
	const char *field;     /* form field name; the input's id is "f-" + field */
	const char *key;       /* catalog key of the message */
} field_error;

static const char *T(const page_ctx *p, const char *key) { return i18n_t(p->lang, key); }

/* The form's own address in language code (NULL: no prefix). */
static void form_url(buf *b, const page_ctx *p, const char *code)
{
	if (code) {
		html_raw(b, "/");
		html_url_part(b, code);
	}
	if (p->by_slug) {
		html_raw(b, "/o/");
		html_url_part(b, p->slug);
	}
	html_raw(b, "/feedback");
	if (!p->by_slug && p->slug[0]) {
		html_raw(b, "?office=");
		html_url_part(b, p->slug);
	}
}

static void lang_switch(buf *nav, const page_ctx *p)
{
	if (i18n_count() < 2) return;
	html_raw(nav, "<nav class=\"lang-switch\" aria-label=\"");
	html_attr(nav, T(p, "site.languages"));
	html_raw(nav, "\"><ul>");
	for (int i = 0; i < i18n_count(); i++) {
		const i18n_lang *l = i18n_at(i);
		if (l == p->lang) continue;
		buf href = BUF_INIT;
		form_url(&href, p, i18n_code(l));
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

static void page_begin(buf *b, const page_ctx *p, const char *title, buf *nav)
{
	lang_switch(nav, p);
	html_page pg = {.lang = i18n_code(p->lang), .dir = i18n_dir(p->lang), .title = title,
	                .site_name = p->office_name[0] ? p->office_name : NULL, .skip_label = T(p, "site.skip"),
	                .footer = T(p, "site.footer"), .nav_html = nav->data};
	html_page_begin(b, &pg);
}

static void page_end(buf *b, const page_ctx *p)
{
	html_page pg = {.footer = T(p, "site.footer")};
	html_page_end(b, &pg);
}

static void reply_page(http_req *r, int status, buf *b)
{
	size_t len = b->len;
	http_reply_take(r, status, "text/html; charset=utf-8", buf_take(b), len);
}

static const char *error_for(const field_error *errs, int n, const char *field)
{
	for (int i = 0; i < n; i++)
		if (strcmp(errs[i].field, field) == 0) return errs[i].key;
	return NULL;
}

/* Opens a field wrapper with its label, hint and error message. */
static void field_open(buf *b, const page_ctx *p, const char *field, const char *label_key, bool required,
                       const char *hint_key, const char *err_key)
{
	html_raw(b, err_key ? "<div class=\"field field-error\">\n" : "<div class=\"field\">\n");
	html_raw(b, "<label for=\"f-");
	html_attr(b, field);
	html_raw(b, "\">");
	html_text(b, T(p, label_key));
	html_raw(b, " <span class=\"hint-inline\">(");
	html_text(b, T(p, required ? "feedback.required" : "feedback.optional"));
	html_raw(b, ")</span></label>\n");
	if (hint_key) {
		html_raw(b, "<span class=\"hint\" id=\"f-");
		html_attr(b, field);
		html_raw(b, "-hint\">");
		html_text(b, T(p, hint_key));
		html_raw(b, "</span>\n");
	}
	if (err_key) {
		html_raw(b, "<span class=\"error-message\" id=\"f-");
		html_attr(b, field);
		html_raw(b, "-error\">");
		html_text(b, T(p, err_key));
		html_raw(b, "</span>\n");
	}
}

static void described_by(buf *b, const char *field, bool hint, bool err)
{
	if (!hint && !err) return;
	html_raw(b, " aria-describedby=\"");
	if (hint) {
		html_raw(b, "f-");
		html_attr(b, field);
		html_raw(b, "-hint");
	}
	if (err) {
		html_raw(b, hint ? " f-" : "f-");
		html_attr(b, field);
		html_raw(b, "-error");
	}
	html_raw(b, "\"");
	if (err) html_raw(b, " aria-invalid=\"true\"");
}

static void text_input(buf *b, const page_ctx *p, const char *field, const char *type, const char *label_key,
                       const char *value, const char *autocomplete, int maxlength, const field_error *errs, int nerr)
{
	const char *err = error_for(errs, nerr, field);
	field_open(b, p, field, label_key, false, NULL, err);
	html_raw(b, "<input type=\"");
	html_attr(b, type);
	html_raw(b, "\" id=\"f-");
	html_attr(b, field);
	html_raw(b, "\" name=\"");
	html_attr(b, field);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	html_raw(b, "\" autocomplete=\"");
	html_attr(b, autocomplete);
	buf_printf(b, "\" maxlength=\"%d\"", maxlength);
	described_by(b, field, false, err != NULL);
	html_raw(b, ">\n</div>\n");
}

/* The topic's label in the page language: the catalog's "topic.<key>" for
** seeded topics, else the office's own name. */
static const char *topic_label(const page_ctx *p, json_t *t, buf *tmp)
{
	const char *key = json_string_value(json_object_get(t, "key"));
	if (key) {
		buf_reset(tmp);
		buf_printf(tmp, "topic.%s", key);
		const char *s = T(p, tmp->data);
		if (strcmp(s, tmp->data) != 0) return s;
	}
	return json_string_value(json_object_get(t, "name"));
}

static void render_form(buf *b, const page_ctx *p, store_conn *c, const form *f, const field_error *errs, int nerr)
{
	buf nav = BUF_INIT;
	buf title = BUF_INIT;
	if (nerr) buf_printf(&title, "%s: ", T(p, "feedback.error_title"));
	buf_puts(&title, T(p, "feedback.title"));
	page_begin(b, p, title.data, &nav);
	buf_free(&title);
	buf_free(&nav);
	if (nerr) {
		html_raw(b, "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\" autofocus>\n"
		            "<h2 id=\"error-summary-title\">");
		html_text(b, T(p, "feedback.error_title"));
		html_raw(b, "</h2>\n<ul>\n");
		for (int i = 0; i < nerr; i++) {
			html_raw(b, "<li><a href=\"#f-");
			html_attr(b, errs[i].field);
			html_raw(b, "\">");
			html_text(b, T(p, errs[i].key));
			html_raw(b, "</a></li>\n");
		}
		html_raw(b, "</ul>\n</div>\n");
	}
	html_raw(b, "<h1>");
	html_text(b, T(p, "feedback.title"));
	html_raw(b, "</h1>\n<p>");
	html_text(b, T(p, "feedback.intro"));
	html_raw(b, "</p>\n<form method=\"post\" action=\"");
	buf action = BUF_INIT;
	form_url(&action, p, p->lang_in_url ? i18n_code(p->lang) : NULL);
	html_attr(b, action.data);
	buf_free(&action);
	html_raw(b, "\" novalidate>\n<input type=\"hidden\" name=\"token\" value=\"");
	char token[FORMTOKEN_LEN];
	formtoken_make(p->office_id, time_now_secs(), token);
	html_attr(b, token);
	html_raw(b, "\">\n");

	/* The message. */
	const char *err = error_for(errs, nerr, "body");
	field_open(b, p, "body", "feedback.body", true, "feedback.body_hint", err);
	html_raw(b, "<textarea id=\"f-body\" name=\"body\" rows=\"8\" required");
	buf_printf(b, " maxlength=\"%d\"", FEEDBACK_PUBLIC_BODY_MAX);
	described_by(b, "body", true, err != NULL);
	html_raw(b, ">");
	html_text(b, f ? f->body : NULL);
	html_raw(b, "</textarea>\n</div>\n");

	/* Topic. */
	err = error_for(errs, nerr, "topic");
	field_open(b, p, "topic", "feedback.topic", false, NULL, err);
	html_raw(b, "<select id=\"f-topic\" name=\"topic\"");
	described_by(b, "topic", false, err != NULL);
	html_raw(b, ">\n<option value=\"\">");
	html_text(b, T(p, "feedback.topic_none"));
	html_raw(b, "</option>\n");
	json_t *topics = store_query_rows(c, NULL,
	    "SELECT id, key, name FROM feedback_topics WHERE office_id = ? AND active = 1 ORDER BY sort_order, name, id",
	    "i", p->office_id);
	size_t i;
	json_t *t;
	buf tmp = BUF_INIT;
	json_array_foreach(topics, i, t) {
		char idtxt[24];
		snprintf(idtxt, sizeof idtxt, "%lld", (long long)json_integer_value(json_object_get(t, "id")));
		html_raw(b, "<option value=\"");
		html_attr(b, idtxt);
		html_raw(b, f && str_eq(f->topic, idtxt) ? "\" selected>" : "\">");
		html_text(b, topic_label(p, t, &tmp));
		html_raw(b, "</option>\n");
	}
	buf_free(&tmp);
	json_decref(topics);
	html_raw(b, "</select>\n</div>\n");

	/* Who is writing. */
	err = error_for(errs, nerr, "source");
	html_raw(b, err ? "<fieldset class=\"field field-error\" id=\"f-source\">\n<legend>" : "<fieldset class=\"field\" id=\"f-source\">\n<legend>");
	html_text(b, T(p, "feedback.source"));
	html_raw(b, "</legend>\n");
	if (err) {
		html_raw(b, "<span class=\"error-message\">");
		html_text(b, T(p, err));
		html_raw(b, "</span>\n");
	}
	const char *src = f && str_eq(f->source, "partner") ? "partner" : "voter";
	html_raw(b, "<label class=\"check\"><input type=\"radio\" name=\"source\" value=\"voter\"");
	html_raw(b, str_eq(src, "voter") ? " checked>" : ">");
	html_text(b, T(p, "feedback.source_voter"));
	html_raw(b, "</label>\n<label class=\"check\"><input type=\"radio\" name=\"source\" value=\"partner\"");
	html_raw(b, str_eq(src, "partner") ? " checked>" : ">");
	html_text(b, T(p, "feedback.source_partner"));
	html_raw(b, "</label>\n</fieldset>\n");

	/* Contact, optional and confidential. */
	html_raw(b, "<fieldset>\n<legend>");
	html_text(b, T(p, "feedback.contact_legend"));
	html_raw(b, "</legend>\n<p class=\"hint\">");
	html_text(b, T(p, "feedback.contact_hint"));
	html_raw(b, "</p>\n");
	text_input(b, p, "name", "text", "feedback.name", f ? f->name : "", "name", 200, errs, nerr);
	text_input(b, p, "email", "email", "feedback.email", f ? f->email : "", "email", 254, errs, nerr);
	text_input(b, p, "phone", "tel", "feedback.phone", f ? f->phone : "", "tel", 40, errs, nerr);
	err = error_for(errs, nerr, "consent");
	html_raw(b, err ? "<div class=\"field field-error\">\n" : "<div class=\"field\">\n");
	if (err) {
		html_raw(b, "<span class=\"error-message\" id=\"f-consent-error\">");
		html_text(b, T(p, err));
		html_raw(b, "</span>\n");
	}
	html_raw(b, "<label class=\"check\" for=\"f-consent\"><input type=\"checkbox\" id=\"f-consent\" name=\"consent\" value=\"yes\"");
	if (f && !str_empty(f->consent)) html_raw(b, " checked");
	described_by(b, "consent", false, err != NULL);
	html_raw(b, ">");
	html_text(b, T(p, "feedback.consent"));
	html_raw(b, "</label>\n</div>\n</fieldset>\n");

	/* The honeypot: off-screen, out of the tab order, ignored by autofill. */
	html_raw(b, "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">");
	html_text(b, T(p, "feedback.honeypot"));
	html_raw(b, "</label><input type=\"text\" id=\"f-website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\" value=\"\"></div>\n");

	html_raw(b, "<button type=\"submit\" class=\"button\">");
	html_text(b, T(p, "feedback.submit"));
	html_raw(b, "</button>\n</form>\n");
	page_end(b, p);
}

static void render_message(buf *b, const page_ctx *p, const char *title_key, const char *text_key)
{
	buf nav = BUF_INIT;
	page_begin(b, p, T(p, title_key), &nav);
	buf_free(&nav);
	html_raw(b, "<h1>");
	html_text(b, T(p, title_key));
	html_raw(b, "</h1>\n<p>");
	html_text(b, T(p, text_key));
	html_raw(b, "</p>\n");
	page_end(b, p);
}

static void render_thanks(buf *b, const page_ctx *p, const char *reference)
{
	buf nav = BUF_INIT;
	page_begin(b, p, T(p, "feedback.thanks_title"), &nav);
	buf_free(&nav);
	html_raw(b, "<div class=\"confirmation\">\n<h1>");
	html_text(b, T(p, "feedback.thanks_title"));
	html_raw(b, "</h1>\n<p>");
	html_text(b, T(p, "feedback.thanks_ref"));
	html_raw(b, "</p>\n<p class=\"reference\" id=\"reference\">");
	html_text(b, reference);
	html_raw(b, "</p>\n</div>\n<p>");
	html_text(b, T(p, "feedback.thanks_next"));
	html_raw(b, "</p>\n<p><a href=\"");
	buf again = BUF_INIT;
	form_url(&again, p, i18n_code(p->lang));
	html_attr(b, again.data);
	buf_free(&again);
	html_raw(b, "\">");
	html_text(b, T(p, "feedback.thanks_again"));
	html_raw(b, "</a></p>\n");
	page_end(b, p);
}

/* ---- routing: language and office ---- */

static void set_language_header(http_req *r, const page_ctx *p)
{
	http_header_add(r, "Content-Language", i18n_code(p->lang));
	http_header_add(r, "Vary", "Accept-Language");
}

/* Fills p from the URL; on failure replies (404 page) and returns false. */
static bool page_setup(http_req *r, page_ctx *p, store_conn **cp)
{
	i18n_init(r->app->i18n_dir);
	memset(p, 0, sizeof *p);
	p->r = r;
	const char *lang = NULL, *slug = NULL;
	/* Routes: /feedback, /{lang}/feedback, /o/{slug}/feedback, /{lang}/o/{slug}/feedback */
	if (str_starts(r->route->path, "/o/")) slug = r->params[0];
	else if (r->nparams == 2) lang = r->params[0], slug = r->params[1];
	else if (r->nparams == 1) lang = r->params[0];
	p->lang = lang ? i18n_find(lang) : i18n_negotiate(http_header_get(r, "Accept-Language"));
	if (lang && (!p->lang || !str_eq(i18n_code(p->lang), lang))) p->lang = NULL;
	store_conn *c = http_db(r);
	if (!c) return false;
	*cp = c;
	if (!p->lang) {
		p->lang = i18n_default();
		goto not_found;
	}
	p->by_slug = slug != NULL;
	p->lang_in_url = lang != NULL;
	if (!slug) slug = http_query(r, "office");
	json_t *office = NULL;
	if (slug) {
		office = store_query_row(c, NULL, "SELECT id, name, slug FROM offices WHERE slug = ?", "t", slug);
	} else if (store_query_int(c, 0, "SELECT COUNT(*) FROM offices", "") == 1) {
		office = store_query_row(c, NULL, "SELECT id, name, slug FROM offices", "");
	} else {
		/* Several offices: let the person choose. */
		buf b = BUF_INIT, nav = BUF_INIT;
		page_begin(&b, p, T(p, "feedback.choose_office"), &nav);
		buf_free(&nav);
		html_raw(&b, "<h1>");
		html_text(&b, T(p, "feedback.choose_office"));
		html_raw(&b, "</h1>\n<ul>\n");
		json_t *all = store_query_rows(c, NULL, "SELECT name, slug FROM offices ORDER BY name", "");
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
			html_raw(&b, "/feedback\">");
			html_text(&b, json_string_value(json_object_get(o, "name")));
			html_raw(&b, "</a></li>\n");
		}
		json_decref(all);
		html_raw(&b, "</ul>\n");
		page_end(&b, p);
		set_language_header(r, p);
		reply_page(r, 200, &b);
		return false;
	}
	if (!office) goto not_found;
	p->office_id = json_integer_value(json_object_get(office, "id"));
	snprintf(p->office_name, sizeof p->office_name, "%s", json_string_value(json_object_get(office, "name")));
	snprintf(p->slug, sizeof p->slug, "%s", json_string_value(json_object_get(office, "slug")));
	json_decref(office);
	set_language_header(r, p);
	/* Read the office's topics and settings as that office (row-level
	** security on PostgreSQL shows an office's rows only to its own
	** transactions); a submission ends this and begins its write. */
	if (store_begin(c, p->office_id, STORE_READ) != STORE_OK) {
		http_reply_store_error(r, STORE_UNAVAILABLE);
		return false;
	}
	return true;
not_found: {
	buf b = BUF_INIT;
	render_message(&b, p, "feedback.no_office", "feedback.no_office");
	set_language_header(r, p);
	reply_page(r, 404, &b);
	return false;
}
}

void page_feedback_form(http_req *r)
{
	page_ctx p;
	store_conn *c;
	if (!page_setup(r, &p, &c)) return;
	buf b = BUF_INIT;
	render_form(&b, &p, c, NULL, NULL, 0);
	reply_page(r, 200, &b);
}

/* Submissions per client address: a burst, then a steady rate.
** RAPPORT_PUBLIC_FORM_LIMIT="burst,per_hour" overrides 10,30. */
static ratelimit *limiter;
static pthread_once_t limiter_once = PTHREAD_ONCE_INIT;

static void limiter_init(void)
{
	double burst = 10, per_hour = 30;
	const char *env = getenv("RAPPORT_PUBLIC_FORM_LIMIT");
	if (env && *env) {
		char *end;
		double b = strtod(env, &end);
		if (*end == ',' && b >= 1) {
			double h = strtod(end + 1, &end);
			if (!*end && h > 0) burst = b, per_hour = h;
		}
	}
	limiter = ratelimit_new(per_hour / 60.0, burst);
}

static bool phone_shaped(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') digits++;
		else if (!strchr(" +-().", *s)) return false;
	}
	return digits >= 7 && digits <= 15;
}

static bool email_shaped(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at > s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strpbrk(s, " \t\r\n<>,;\"") &&
	       at[1] != '.' && s[strlen(s) - 1] != '.';
}

void page_feedback_submit(http_req *r)
{
	page_ctx p;
	store_conn *c;
	if (!page_setup(r, &p, &c)) return;
	buf b = BUF_INIT;
	form f = {0};
	pthread_once(&limiter_once, limiter_init);
	if (!ratelimit_take(limiter, r->client_ip)) {
		http_header_add(r, "Retry-After", "120");
		render_message(&b, &p, "feedback.refused_title", "feedback.refused_rate");
		return reply_page(r, 429, &b);
	}
	if (r->body.len > FORM_MAX_BYTES) {
		render_message(&b, &p, "feedback.refused_title", "feedback.refused_size");
		return reply_page(r, 413, &b);
	}
	if (!form_parse(r->body.data ? r->body.data : "", r->body.len, &f)) {
		form_free(&f);
		render_message(&b, &p, "feedback.refused_title", "feedback.refused_size");
		return reply_page(r, 400, &b);
	}
	if (!str_empty(f.website)) {
		log_info("feedback: honeypot filled from %s; refused", r->client_ip);
		form_free(&f);
		render_message(&b, &p, "feedback.refused_title", "feedback.refused_bot");
		return reply_page(r, 400, &b);
	}
	field_error errs[8];
	int nerr = 0;
	char nonce[33] = "";
	enum formtoken_result tok = formtoken_check(f.token, p.office_id, time_now_secs(), nonce);
	if (tok != FORMTOKEN_OK) errs[nerr++] = (field_error){"body", "feedback.error_expired"};
	if (str_empty(f.body)) errs[nerr++] = (field_error){"body", "feedback.error_body_required"};
	else if (utf8_chars(f.body) > FEEDBACK_PUBLIC_BODY_MAX) errs[nerr++] = (field_error){"body", "feedback.error_body_long"};
	int64_t topic_id = 0;
	if (!str_empty(f.topic) &&
	    (!str_parse_int64(f.topic, &topic_id) || topic_id <= 0 ||
	     !store_query_int(c, 0, "SELECT 1 FROM feedback_topics WHERE office_id = ? AND id = ? AND active = 1", "ii",
	                      p.office_id, topic_id)))
		errs[nerr++] = (field_error){"topic", "feedback.error_topic"};
	if (!str_empty(f.source) && !str_eq(f.source, "voter") && !str_eq(f.source, "partner"))
		errs[nerr++] = (field_error){"source", "feedback.error_source"};
	if (utf8_chars(f.name) > 200) errs[nerr++] = (field_error){"name", "feedback.error_field_long"};
	if (!str_empty(f.email) && (utf8_chars(f.email) > 254 || !email_shaped(f.email)))
		errs[nerr++] = (field_error){"email", "feedback.error_email"};
	if (!str_empty(f.phone) && !phone_shaped(f.phone)) errs[nerr++] = (field_error){"phone", "feedback.error_phone"};
	bool any_contact = !str_empty(f.name) || !str_empty(f.email) || !str_empty(f.phone);
	if (any_contact && str_empty(f.consent)) errs[nerr++] = (field_error){"consent", "feedback.error_consent"};
	if (nerr) {
		render_form(&b, &p, c, &f, errs, nerr);
		form_free(&f);
		return reply_page(r, 422, &b);
	}
	/* A resubmission of the same form shows the first one's reference. */
	json_t *dup = store_query_row(c, NULL, "SELECT reference FROM feedback WHERE office_id = ? AND public_nonce = ?",
	                              "it", p.office_id, nonce);
	if (dup) {
		render_thanks(&b, &p, json_string_value(json_object_get(dup, "reference")));
		json_decref(dup);
		form_free(&f);
		return reply_page(r, 200, &b);
	}
	feedback_in in = {0};
	in.channel = "web_form";
	in.source = str_eq(f.source, "partner") ? "partner" : "voter";
	in.language = i18n_code(p.lang);
	in.body = f.body;
	in.topic_id = topic_id;
	in.contact_name = str_empty(f.name) ? NULL : f.name;
	in.contact_email = str_empty(f.email) ? NULL : f.email;
	in.contact_phone = str_empty(f.phone) ? NULL : f.phone;
	in.contact_consent = !str_empty(f.consent);
	in.public_nonce = nonce;
	r->caller.office_id = p.office_id;
	audit_actor who = {.office_id = p.office_id, .user_id = 0, .actor = "public", .request_id = r->request_id};
	store_rollback(c);   /* the read transaction page_setup began */
	int rc = store_begin(c, p.office_id, STORE_WRITE);
	int64_t id = rc == STORE_OK ? feedback_insert(c, &who, &in) : rc;
	json_t *row = id > 0 ? store_query_row(c, NULL, "SELECT reference FROM feedback WHERE office_id = ? AND id = ?", "ii",
	                                       p.office_id, id) : NULL;
	if (row && store_commit(c) == STORE_OK) {
		render_thanks(&b, &p, json_string_value(json_object_get(row, "reference")));
		json_decref(row);
		form_free(&f);
		return reply_page(r, 200, &b);
	}
	json_decref(row);
	store_rollback(c);
	form_free(&f);
	log_error("feedback: public submission failed (%lld)", (long long)id);
	http_reply_store_error(r, id < 0 ? (int)id : STORE_ERROR);
}
