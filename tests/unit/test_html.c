/* test_html.c: escaping by context, the page shell, and the message
** catalogs (built-in English and Spanish, fallback, Accept-Language). */
#include "testutil.h"

#include "html.h"
#include "i18n.h"

static void test_escaping(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_text(&b, "<script>alert('x') & \"y\"</script>");
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	buf_reset(&b);
	html_attr(&b, "\" onfocus=\"x");
	assert_string_equal(b.data, "&quot; onfocus=&quot;x");
	buf_reset(&b);
	html_url_part(&b, "a b/é?&");
	assert_string_equal(b.data, "a%20b%2F%C3%A9%3F%26");
	buf_reset(&b);
	html_textf(&b, "%d <%s>", 3, "b");
	assert_string_equal(b.data, "3 &lt;b&gt;");
	buf_free(&b);
}

static void test_page_shell(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_page p = {.lang = "es", .title = "A <title>", .site_name = "Condado", .skip_label = "Saltar"};
	html_page_begin(&b, &p);
	html_raw(&b, "<p>x</p>");
	html_page_end(&b, &p);
	assert_true(str_starts(b.data, "<!doctype html>\n<html lang=\"es\" dir=\"ltr\">"));
	assert_non_null(strstr(b.data, "<title>A &lt;title&gt;</title>"));
	assert_non_null(strstr(b.data, "href=\"/static/public.css\""));
	assert_non_null(strstr(b.data, "<a class=\"skip-link\" href=\"#main\">Saltar</a>"));
	assert_non_null(strstr(b.data, "<header"));
	assert_non_null(strstr(b.data, "<main id=\"main\""));
	assert_non_null(strstr(b.data, "<footer"));
	buf_free(&b);
}

static void test_catalogs(void **state)
{
	(void)state;
	char dir[] = "/tmp/rapport-i18n-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *vi = xasprintf("%s/vi.json", dir);
	FILE *f = fopen(vi, "w");
	fputs("{\"_name\": \"Tiếng Việt\", \"feedback.submit\": \"Gửi\"}", f);
	fclose(f);
	char *bad = xasprintf("%s/xx-bad.json", dir);
	f = fopen(bad, "w");
	fputs("[1,2]", f);
	fclose(f);
	assert_false(i18n_init(dir));               /* xx-bad.json is no catalog */
	assert_false(i18n_init("/nonexistent"));    /* later calls change nothing, and answer the same */
	const i18n_lang *en = i18n_default(), *es = i18n_find("es-MX"), *v = i18n_find("VI");
	assert_string_equal(i18n_code(en), "en");
	assert_non_null(es);
	assert_string_equal(i18n_code(es), "es");
	assert_non_null(v);
	assert_null(i18n_find("xx-bad"));
	assert_null(i18n_find("fr"));
	assert_string_equal(i18n_t(es, "feedback.submit"), "Enviar");
	assert_string_equal(i18n_t(v, "feedback.submit"), "Gửi");
	assert_string_equal(i18n_t(v, "feedback.title"), i18n_t(en, "feedback.title"));   /* fallback */
	assert_string_equal(i18n_t(es, "no.such.key"), "no.such.key");
	assert_string_equal(i18n_native_name(v), "Tiếng Việt");
	assert_string_equal(i18n_dir(es), "ltr");
	assert_true(i18n_negotiate("fr-CA, es;q=0.8, en;q=0.5") == es);
	assert_true(i18n_negotiate("en;q=0.2, vi") == v);
	assert_true(i18n_negotiate(NULL) == en);
	assert_true(i18n_negotiate("de, fr;q=0.9") == en);
	assert_true(i18n_negotiate("es;q=0") == en);
	assert_int_equal(i18n_count(), 3);
	assert_true(i18n_at(0) == en);
	unlink(vi);
	unlink(bad);
	rmdir(dir);
	free(vi);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_page_shell),
		cmocka_unit_test(test_catalogs),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
