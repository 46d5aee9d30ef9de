/*
** assets.h: files embedded in the binary at build time by tools/embed.c:
** the SQL migrations (sql/...) and the web UI (web/..., node_modules/...).
** The table is sorted by name, as the Makefile passes the files sorted.
*/
#ifndef RAPPORT_ASSETS_H
#define RAPPORT_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name;
	const unsigned char *data;   /* NUL-terminated for convenience */
	long len;
};

extern const struct asset assets[];
extern const int assets_count;

/* The asset with this exact name, or NULL. */
const struct asset *asset_find(const char *name);

#endif
