/*
** fuzz_json_validate.c: a request body through what http.c does with it
** (UTF-8 check, jansson with duplicate keys refused) and then the field
** validators of json.c, the way handlers call them.  Properties: every
** reply written (400 for bad JSON, 422 for bad fields) is itself valid
** JSON with an error code; validators never accept a value outside their
** limits.
*/
#include "fuzz.h"
#include "json.h"

#include <jansson.h>

static const char *const kinds[] = {"government", "community", "business", NULL};
static const char *const keys[] = {"name", "kind", "count", "ratio", "active", "date", "at",
                                   "tags", "ids", "version", NULL};

/* The reply must be a JSON object {"error": {"code": "...", ...}}. */
static void check_reply(http_req *r, int want_status)
{
	FUZZ_CHECK(r->replied && r->status == want_status);
	json_t *j = json_loadb(r->reply_body, r->reply_len, 0, NULL);
	FUZZ_CHECK(j != NULL);
	FUZZ_CHECK(json_is_string(json_object_get(json_object_get(j, "error"), "code")));
	json_decref(j);
}

static http_req *new_req(void)
{
	http_req *r = xcalloc(1, sizeof *r);
	r->method = "POST";
	r->url = "/fuzz";
	strcpy(r->request_id, "fuzz");
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	http_req *r = new_req();
	if (!utf8_valid((const char *)data, size)) {
		http_reply_error(r, 400, "request.invalid_utf8", NULL, "The request body is not valid UTF-8 text.");
		check_reply(r, 400);
		http_req_free(r);
		return 0;
	}
	json_error_t jerr;
	r->json = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!r->json) {
		http_reply_error(r, 400, "request.malformed_json", NULL,
		                 "The request body is not valid JSON: %s (line %d, column %d).", jerr.text, jerr.line,
		                 jerr.column);
		check_reply(r, 400);
		http_req_free(r);
		return 0;
	}
	json_t *o = json_body_object(r);
	if (!o) {
		check_reply(r, 400);
		http_req_free(r);
		return 0;
	}
	valid v = {0};
	const char *name, *kind, *date;
	int64_t count, version;
	double ratio;
	bool active, present;
	char at[21];
	json_t *tags, *ids;
	/* Readers of text clear *out even on failure (handlers may look early). */
	name = kind = date = (const char *)&v;
	if (jf_string(&v, o, "name", true, 200, &name)) FUZZ_CHECK(name && utf8_chars(name) <= 200 && *name);
	else FUZZ_CHECK(name == NULL);
	if (jf_enum(&v, o, "kind", false, kinds, &kind))
		FUZZ_CHECK(!kind || strcmp(kind, "government") == 0 || strcmp(kind, "community") == 0 ||
		           strcmp(kind, "business") == 0);
	else FUZZ_CHECK(kind == NULL);
	count = 0;
	if (jf_int(&v, o, "count", false, 0, 1000, &count, &present) && present) FUZZ_CHECK(count >= 0 && count <= 1000);
	if (jf_int(&v, o, "version", true, 1, INT64_MAX, &version, NULL)) FUZZ_CHECK(version >= 1);
	if (jf_real(&v, o, "ratio", false, -1.0, 1.0, &ratio, &present) && present)
		FUZZ_CHECK(ratio >= -1.0 && ratio <= 1.0);
	(void)jf_bool(&v, o, "active", &active, &present);
	if (jf_date(&v, o, "date", false, &date)) FUZZ_CHECK(!date || date_valid(date));
	else FUZZ_CHECK(date == NULL);
	if (jf_datetime(&v, o, "at", false, at, &present) && present) FUZZ_CHECK(strlen(at) == 20);
	if (jf_string_array(&v, o, "tags", 20, 40, &tags) && tags) FUZZ_CHECK(json_array_size(tags) <= 20);
	if (jf_id_array(&v, o, "ids", 50, &ids) && ids) FUZZ_CHECK(json_array_size(ids) <= 50);
	(void)jf_known_keys(&v, o, keys);
	if (!valid_ok(&v)) {
		valid_reply(r, &v);
		check_reply(r, 422);
	} else {
		json_t *dst = json_object();
		json_merge_allowed(dst, o, keys);
		FUZZ_CHECK(json_object_size(dst) <= json_object_size(o));
		json_decref(dst);
		valid_free(&v);
	}
	http_req_free(r);
	return 0;
}
