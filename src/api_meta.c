/*
** api_meta.c: the health check and the OpenAPI document, served from the
** copy embedded at build time.
*/
#include "api.h"
#include "assets.h"
#include "handlers.h"

void api_health(http_req *r)
{
	store_conn *c = http_db(r);
	if (!c) return;
	int64_t v = store_query_int(c, -1, "SELECT MAX(version) FROM schema_migrations", "");
	http_reply_json(r, v > 0 ? 200 : 503,
	                json_pack("{s:s, s:I, s:i, s:s}", "status", v > 0 ? "ok" : "not migrated",
	                          "schema_version", (json_int_t)v, "schema_expected", store_latest_version(),
	                          "store", store_conn_dialect(c) == STORE_SQLITE ? "sqlite" : "postgres"));
}

void api_openapi(http_req *r)
{
	const struct asset *a = asset_find("docs/openapi.yaml");
	if (!a) return http_reply_error(r, 404, "not_found", NULL, "The API description was not built in.");
	http_header_add(r, "Cache-Control", "public, max-age=300");
	http_reply(r, 200, "application/yaml; charset=utf-8", (const char *)a->data, (size_t)a->len);
}
