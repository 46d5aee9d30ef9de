/*
** i18n.h: message catalogs for the public pages (feedback form, facts).
**
** A catalog is a flat JSON object of key -> text, one per language, named
** by its BCP 47 tag: web/i18n/en.json and web/i18n/es.json are built into
** the binary; an office adds a language without rebuilding by putting
** e.g. vi.json in the folder given by --i18n-dir / RAPPORT_I18N_DIR
** (app.i18n_dir).  A file there for a built-in language overrides the
** built-in texts key by key.  Any key missing from a catalog falls back to
** English, and a key missing from English shows as the key itself (so a
** gap is visible, never a crash).  Two keys describe the language itself:
** "_name" (its own name for itself, e.g. "Español") and "_dir" ("rtl" for
** right-to-left scripts).
**
** Catalogs are loaded once, by the first i18n_init call (rapport serve
** calls it with app.i18n_dir before it listens, and refuses to start when a
** catalog is broken), and are read-only afterwards, so every thread may
** read them without locks.
*/
#ifndef RAPPORT_I18N_H
#define RAPPORT_I18N_H

#include <stdbool.h>

typedef struct i18n_lang i18n_lang;

/* Loads the built-in catalogs and those in dir (may be NULL).  Only the
** first call does anything; later calls return at once.  Problems with a
** file in dir (or the folder) are logged and the file skipped; the result
** is false when there was any (every call answers the first call's). */
bool i18n_init(const char *dir);

/* English, always present. */
const i18n_lang *i18n_default(void);
/* The catalog for a tag ("es", "es-MX" falls back to "es"), case-insensitive;
** NULL when none. */
const i18n_lang *i18n_find(const char *tag);
/* The best catalog for an Accept-Language header (q-values honoured),
** English when nothing matches or the header is absent. */
const i18n_lang *i18n_negotiate(const char *accept_language);

/* The text for key in l (NULL l means English), falling back as above.
** The string lives as long as the process. */
const char *i18n_t(const i18n_lang *l, const char *key);
const char *i18n_code(const i18n_lang *l);    /* "en", "es", "vi" */
const char *i18n_native_name(const i18n_lang *l);
const char *i18n_dir(const i18n_lang *l);     /* "ltr" or "rtl" */

/* All loaded languages, English first, then by tag. */
int i18n_count(void);
const i18n_lang *i18n_at(int i);

#endif
