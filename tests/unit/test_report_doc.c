/* test_report_doc.c: report documents render to escaped print HTML, to a real
** PDF whose text can be extracted, and to a ZIP whose manifest checks out. */
#include "testutil.h"

#include "report_doc.h"

#include <sodium.h>
#include <zip.h>

static json_t *sample(void)
{
	json_t *doc = doc_new("Community Relationships <evidence>", "1 January 2026 – 31 December 2026");
	json_t *s = doc_section(doc, "part-1", "1. Relationships & reach");
	doc_p(s, "First paragraph with <script>alert(1)</script>.\n\nSecond paragraph.");
	doc_table(s, json_pack("[s,s,s]", "Kind", "Active", "Total"),
	          json_pack("[[s,i,i],[s,i,f]]", "Institutional", 12, 20, "Intra-governmental \"gov\"", 7, 9.0));
	doc_bars(s, "Interactions by month", json_pack("[s,s,s]", "2026-01", "2026-02", "2026-03"),
	         json_pack("[{s:s,s:[i,i,i]},{s:s,s:[i,i,i]}]", "name", "On-cycle", "values", 3, 9, 0, "name",
	                   "Off-cycle", "values", 1, 0, 4));
	json_t *s2 = doc_section(doc, "part-2", "2. Continuity");
	doc_kv(s2, json_pack("[[s,i],[s,s]]", "Partners with a backup liaison", 14, "Handovers", "2"));
	doc_draft(s2, "continuity", "How do relationships stay intact through staffing changes?",
	          "When a coordinator left in March, <b>every</b> relationship moved in one step.");
	for (int i = 0; i < 80; i++) doc_p(s2, "Filler paragraph so this section runs onto more than one page of the PDF.");
	return doc;
}

static void test_html_is_escaped_and_structured(void **state)
{
	(void)state;
	json_t *doc = sample();
	buf b = BUF_INIT;
	doc_render_html(doc, &b);
	assert_non_null(strstr(b.data, "<title>Community Relationships &lt;evidence&gt;</title>"));
	assert_null(strstr(b.data, "<script>alert"));
	assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b.data, "<a href=\"#part-1\">1. Relationships &amp; reach</a>"));
	assert_non_null(strstr(b.data, "<section id=\"part-2\">"));
	assert_non_null(strstr(b.data, "<svg"));
	assert_non_null(strstr(b.data, "role=\"img\""));
	assert_non_null(strstr(b.data, "<th scope=\"col\">Active</th>"));
	assert_non_null(strstr(b.data, "<td class=\"num\">12</td>"));
	assert_non_null(strstr(b.data, "Intra-governmental &quot;gov&quot;"));
	assert_non_null(strstr(b.data, "&lt;b&gt;every&lt;/b&gt;"));
	assert_non_null(strstr(b.data, "@media print"));
	buf_free(&b);
	json_decref(doc);
}

static void test_pdf_has_the_text(void **state)
{
	(void)state;
	char dir[] = "/tmp/rapport-pdf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/packet.pdf", dir);
	json_t *doc = sample();
	char *err = NULL;
	assert_int_equal(doc_render_pdf(doc, path, &err), 0);
	size_t len;
	char *pdf = file_read_all(path, &len);
	assert_non_null(pdf);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	free(pdf);
	if (system("command -v pdftotext >/dev/null") == 0) {
		char *cmd = xasprintf("pdftotext -layout '%s' '%s/out.txt'", path, dir);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		char *txtpath = xasprintf("%s/out.txt", dir);
		char *txt = file_read_all(txtpath, NULL);
		assert_non_null(txt);
		assert_non_null(strstr(txt, "Community Relationships <evidence>"));
		assert_non_null(strstr(txt, "Institutional"));
		assert_non_null(strstr(txt, "Interactions by month"));
		assert_non_null(strstr(txt, "2. Continuity"));
		assert_non_null(strstr(txt, "page 3"));          /* the contents give page numbers */
		assert_non_null(strstr(txt, "<b>every</b>"));    /* text, not markup */
		free(txt);
		free(txtpath);
	}
	json_decref(doc);
	char *rm = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(rm), 0);
	free(rm);
	free(path);
}

static void test_zip_manifest(void **state)
{
	(void)state;
	char dir[] = "/tmp/rapport-zip-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/p.zip", dir);
	zip_member m[] = {{"packet.pdf", "%PDF-fake", 9}, {"feedback.csv", "a,b\r\n1,2\r\n", 10}};
	char *err = NULL;
	assert_int_equal(doc_write_zip(path, m, 2, &err), 0);
	int zerr;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	assert_non_null(z);
	assert_int_equal(zip_get_num_entries(z, 0), 3);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, "manifest.txt", 0, &st), 0);
	char *man = xcalloc(1, st.size + 1);
	zip_file_t *f = zip_fopen(z, "manifest.txt", 0);
	assert_int_equal(zip_fread(f, man, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	unsigned char h[32];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)"a,b\r\n1,2\r\n", 10);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	char *line = xasprintf("%s  feedback.csv\n", hex);
	assert_non_null(strstr(man, line));
	assert_non_null(strstr(man, "  packet.pdf\n"));
	free(line);
	free(man);
	zip_close(z);
	char *rm = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(rm), 0);
	free(rm);
	free(path);
}

int main(void)
{
	if (sodium_init() < 0) return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_is_escaped_and_structured),
		cmocka_unit_test(test_pdf_has_the_text),
		cmocka_unit_test(test_zip_manifest),
	};
	return cmocka_run_group_tests_name("report_doc", tests, NULL, NULL);
}
