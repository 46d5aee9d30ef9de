/*
** redact.c: the patterns of redact.h, compiled once with pcre2 (JIT when
** available) and applied with pcre2_substitute, which counts the
** replacements.  Each call gets its own match data, so any thread may call.
*/
#define PCRE2_CODE_UNIT_WIDTH 8
#include "redact.h"
#include "util.h"

#include <pcre2.h>
#include <pthread.h>
#include <string.h>

static const struct {
	enum redact_kind kind;
	const char *pattern;
	const char *replacement;
} patterns[] = {
	{REDACT_EMAIL, "[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", "[redacted: email]"},
	{REDACT_SSN, "(?<![\\w-])\\d{3}([- ])\\d{2}\\1\\d{4}(?![\\w-])", "[redacted: ssn]"},
	{REDACT_PHONE,
	 "(?<![\\w+])(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w-])"
	 "|(?<![\\w+])(?:\\+?1)?\\d{10}(?!\\w)"
	 "|(?<![\\w.-])\\d{3}-\\d{4}(?![\\w-])",
	 "[redacted: phone]"},
	{REDACT_LICENCE, "(?<![\\w-])[A-Za-z]\\d{7,12}(?![\\w-])", "[redacted: licence]"},
	{REDACT_LICENCE,
	 "((?i)\\b(?:DL|driver'?s?\\s+licen[cs]e|licen[cs]e)(?:\\s*(?:no\\.?|number|#))?\\s*:?\\s*)"
	 "(?=[A-Za-z0-9]*\\d)[A-Za-z0-9]{6,14}\\b",
	 "${1}[redacted: licence]"},
	{REDACT_ADDRESS,
	 "\\b\\d{1,6}[A-Za-z]?\\s+(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\\.?\\s+)?"
	 "(?:(?:[A-Z][A-Za-z'-]*|\\d{1,3}(?:st|nd|rd|th))\\.?\\s+){1,4}"
	 "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
	 "Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy)\\b\\.?"
	 "(?:,?\\s*(?:(?:Apt|Apartment|Unit|Suite|Ste)\\.?\\s*#?\\s*|#\\s*)[A-Za-z0-9-]+\\b)?",
	 "[redacted: address]"},
	{REDACT_ADDRESS, "\\bP\\.?\\s?O\\.?\\s+Box\\s+\\d+\\b", "[redacted: address]"},
};

static pcre2_code *compiled[sizeof patterns / sizeof patterns[0]];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
	for (size_t i = 0; i < countof(patterns); i++) {
		int err;
		PCRE2_SIZE off;
		compiled[i] = pcre2_compile((PCRE2_SPTR)patterns[i].pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err,
		                            &off, NULL);
		if (!compiled[i]) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof msg);
			fatal("redact: pattern %zu does not compile at %zu: %s", i, (size_t)off, (char *)msg);
		}
		pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE);   /* falls back to the interpreter */
	}
}

const char *redact_kind_name(enum redact_kind k)
{
	static const char *const names[] = {"email", "ssn", "phone", "licence", "address"};
	return k < REDACT_KINDS ? names[k] : "unknown";
}

/* One pattern over text; returns a new string (caller frees) or NULL on error. */
static char *substitute(size_t i, const char *text, int *count)
{
	PCRE2_SIZE outlen = strlen(text) * 2 + 256;
	for (int attempt = 0; attempt < 2; attempt++) {
		PCRE2_UCHAR *out = xmalloc(outlen);
		PCRE2_SIZE len = outlen;
		int rc = pcre2_substitute(compiled[i], (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0,
		                          PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL, NULL,
		                          (PCRE2_SPTR)patterns[i].replacement, PCRE2_ZERO_TERMINATED, out, &len);
		if (rc >= 0) {
			*count = rc;
			return (char *)out;
		}
		free(out);
		if (rc != PCRE2_ERROR_NOMEMORY) return NULL;
		outlen = len + 1;
	}
	return NULL;
}

char *redact_text(const char *text, redact_counts *counts)
{
	if (!text) return NULL;
	pthread_once(&once, compile_all);
	if (!utf8_valid(text, strlen(text))) return xstrdup("[redacted: unreadable text]");
	char *cur = xstrdup(text);
	for (size_t i = 0; i < countof(patterns); i++) {
		int n = 0;
		char *next = substitute(i, cur, &n);
		free(cur);
		if (!next) return xstrdup("[redacted: unreadable text]");
		cur = next;
		if (counts) counts->n[patterns[i].kind] += n;
	}
	return cur;
}

void redact_counts_add(redact_counts *a, const redact_counts *b)
{
	for (int k = 0; k < REDACT_KINDS; k++) a->n[k] += b->n[k];
}

json_t *redact_counts_json(const redact_counts *c)
{
	json_t *o = json_object();
	for (int k = 0; k < REDACT_KINDS; k++)
		json_object_set_new(o, redact_kind_name((enum redact_kind)k), json_integer(c->n[k]));
	return o;
}
