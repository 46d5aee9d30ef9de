/*
** i18n.c: loading and looking up message catalogs (see i18n.h).
*/
#include "i18n.h"
#include "assets.h"
#include "domain.h"
#include "util.h"

#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define I18N_MAX 48

struct i18n_lang {
	char code[36];
	json_t *cat;     /* object of key -> string; read-only after init */
};

static i18n_lang langs[I18N_MAX];
static int nlangs;
static atomic_bool loaded;
static bool loaded_clean;   /* the first i18n_init found no problem */
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

static i18n_lang *lang_slot(const char *code)
{
	for (int i = 0; i < nlangs; i++)
		if (strcasecmp(langs[i].code, code) == 0) return &langs[i];
	if (nlangs >= I18N_MAX) return NULL;
	i18n_lang *l = &langs[nlangs++];
	snprintf(l->code, sizeof l->code, "%s", code);
	l->cat = json_object();
	return l;
}

/* Merges a catalog's text into the language code; false if it is not a
** flat object of strings. */
static bool merge_catalog(const char *code, const char *text, size_t len, const char *origin)
{
	json_error_t err;
	json_t *cat = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(cat)) {
		if (cat) log_error("i18n: %s is not a JSON object of texts; skipped", origin);
		else log_error("i18n: %s is not JSON (%s, line %d); skipped", origin, err.text, err.line);
		json_decref(cat);
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach(cat, key, v) if (!json_is_string(v)) {
		log_error("i18n: %s: \"%s\" is not text; file skipped", origin, key);
		json_decref(cat);
		return false;
	}
	i18n_lang *l = lang_slot(code);
	if (!l) {
		log_error("i18n: too many languages; %s skipped", origin);
		json_decref(cat);
		return false;
	}
	json_object_update(l->cat, cat);
	json_decref(cat);
	return true;
}

/* "vi.json" -> "vi"; false for names that are not a language tag. */
static bool code_of(const char *base, char out[36])
{
	size_t n = strlen(base);
	if (n < 7 || n - 5 >= 36 || strcmp(base + n - 5, ".json") != 0) return false;
	memcpy(out, base, n - 5);
	out[n - 5] = 0;
	return language_tag_valid(out);
}

static int cmp_lang(const void *a, const void *b)
{
	const i18n_lang *x = a, *y = b;
	if (strcmp(x->code, "en") == 0) return -1;
	if (strcmp(y->code, "en") == 0) return 1;
	return strcasecmp(x->code, y->code);
}

bool i18n_init(const char *dir)
{
	if (atomic_load(&loaded)) return loaded_clean;
	pthread_mutex_lock(&init_lock);
	if (atomic_load(&loaded)) goto done;
	bool clean = true;
	char code[36];
	for (int i = 0; i < assets_count; i++)
		if (str_starts(assets[i].name, "web/i18n/") && code_of(assets[i].name + 9, code))
			if (!merge_catalog(code, (const char *)assets[i].data, (size_t)assets[i].len, assets[i].name))
				clean = false;
	lang_slot("en");   /* English exists even if its file were missing */
	DIR *d = dir && *dir ? opendir(dir) : NULL;
	if (dir && *dir && !d) {
		log_error("i18n: cannot read the folder %s", dir);
		clean = false;
	}
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!code_of(e->d_name, code)) continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		size_t len;
		char *text = file_read_all(path, &len);
		bool ok = false;
		if (!text) log_error("i18n: cannot read %s", path);
		else if (!utf8_valid(text, len)) log_error("i18n: %s is not UTF-8; skipped", path);
		else if ((ok = merge_catalog(code, text, len, path))) log_info("i18n: loaded %s", path);
		if (!ok) clean = false;   /* the reason is logged */
		free(text);
		free(path);
	}
	if (d) closedir(d);
	qsort(langs, (size_t)nlangs, sizeof langs[0], cmp_lang);
	loaded_clean = clean;
	atomic_store(&loaded, true);
done:
	pthread_mutex_unlock(&init_lock);
	return loaded_clean;
}

const i18n_lang *i18n_default(void)
{
	i18n_init(NULL);
	return &langs[0];
}

const i18n_lang *i18n_find(const char *tag)
{
	i18n_init(NULL);
	if (!tag || !*tag) return NULL;
	for (int i = 0; i < nlangs; i++)
		if (strcasecmp(langs[i].code, tag) == 0) return &langs[i];
	size_t primary = strcspn(tag, "-_");
	for (int i = 0; i < nlangs; i++)
		if (strlen(langs[i].code) == primary && strncasecmp(langs[i].code, tag, primary) == 0) return &langs[i];
	return NULL;
}

const i18n_lang *i18n_negotiate(const char *header)
{
	const i18n_lang *best = NULL;
	double best_q = 0;
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == ',') p++;
		size_t n = strcspn(p, ",;");
		char tag[36];
		if (n == 0 || n >= sizeof tag) {
			p += n;
			continue;
		}
		memcpy(tag, p, n);
		tag[n] = 0;
		str_trim(tag);
		p += n;
		double q = 1.0;
		if (*p == ';') {
			const char *qs = strstr(p, "q=");
			size_t seg = strcspn(p, ",");
			if (qs && qs < p + seg) q = strtod(qs + 2, NULL);
			p += seg;
		}
		const i18n_lang *l = i18n_find(tag);
		if (l && q > best_q) {
			best = l;
			best_q = q;
		}
	}
	return best ? best : i18n_default();
}

const char *i18n_t(const i18n_lang *l, const char *key)
{
	const i18n_lang *en = i18n_default();
	const char *s = json_string_value(json_object_get((l ? l : en)->cat, key));
	if (!s) s = json_string_value(json_object_get(en->cat, key));
	return s ? s : key;
}

const char *i18n_code(const i18n_lang *l) { return l ? l->code : "en"; }

const char *i18n_native_name(const i18n_lang *l)
{
	const char *s = json_string_value(json_object_get((l ? l : i18n_default())->cat, "_name"));
	return s ? s : i18n_code(l);
}

const char *i18n_dir(const i18n_lang *l)
{
	const char *s = json_string_value(json_object_get((l ? l : i18n_default())->cat, "_dir"));
	return s && strcmp(s, "rtl") == 0 ? "rtl" : "ltr";
}

int i18n_count(void)
{
	i18n_init(NULL);
	return nlangs;
}

const i18n_lang *i18n_at(int i)
{
	i18n_init(NULL);
	return i >= 0 && i < nlangs ? &langs[i] : NULL;
}
