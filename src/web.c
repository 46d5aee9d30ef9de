/*
** web.c: serves the staff UI: web/ and the npm packages it imports, from
** the copies embedded in the binary (or from disk with --web-dir, for UI
** work without rebuilding).  Static files carry an ETag and are answered
** 304 when unchanged.  Only exact embedded names are served, so a path
** can never reach outside them.
*/
#include "assets.h"
#include "handlers.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *mime_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
		{".json", "application/json"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < countof(types); i++)
		if (strcmp(dot, types[i].ext) == 0) return types[i].type;
	return "application/octet-stream";
}

static void serve_bytes(http_req *r, const char *name, const unsigned char *data, size_t len)
{
	unsigned char h[16];
	char etag[40], hex[33];
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(etag, sizeof etag, "\"%s\"", hex);
	http_header_add(r, "ETag", etag);
	http_header_add(r, "Cache-Control", "no-cache");
	const char *inm = http_header_get(r, "If-None-Match");
	if (inm && strcmp(inm, etag) == 0) return http_reply(r, 304, NULL, "", 0);
	http_reply(r, 200, mime_type(name), (const char *)data, len);
}

static void serve_file(http_req *r, const char *name)
{
	if (r->app->web_dir && str_starts(name, "web/")) {
		if (strstr(name, "..")) return http_reply_error(r, 404, "not_found", NULL, "There is no such file.");
		char *path = xasprintf("%s/%s", r->app->web_dir, name + 4);
		size_t len;
		char *data = file_read_all(path, &len);
		free(path);
		if (data) {
			serve_bytes(r, name, (const unsigned char *)data, len);
			free(data);
			return;
		}
	}
	const struct asset *a = asset_find(name);
	if (!a) return http_reply_error(r, 404, "not_found", NULL, "There is no such file.");
	serve_bytes(r, name, a->data, (size_t)a->len);
}

void web_index(http_req *r) { serve_file(r, "web/index.html"); }

void web_static(http_req *r)
{
	/* /static/app.js -> web/app.js; /static/vendor/preact/... -> node_modules/preact/... */
	const char *rest = r->url + strlen("/static/");
	char *name = str_starts(rest, "vendor/") ? xasprintf("node_modules/%s", rest + 7) : xasprintf("web/%s", rest);
	serve_file(r, name);
	free(name);
}
