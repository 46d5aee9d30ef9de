/*
** office.c: office settings with their defaults (see office.h).
**
** offices.settings stores only what the office chose; everything else reads
** as the default, so a default changed in a later release reaches offices
** that never set it.  state_opt_in lives in its own column (the state view
** filters on it) but is shown and changed as one of the settings.
*/
#include "office.h"
#include "domain.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct int_setting {
	const char *key;
	int64_t dflt, min, max;
} int_setting;

static const int_setting int_settings[] = {
	{"on_cycle_days_before", OFFICE_ON_CYCLE_DAYS_BEFORE, 0, 365},
	{"on_cycle_days_after", OFFICE_ON_CYCLE_DAYS_AFTER, 0, 365},
	{"cadence_days_default", OFFICE_CADENCE_DAYS_DEFAULT, 7, 730},
	{"verify_after_days", OFFICE_VERIFY_AFTER_DAYS, 1, 3650},
};

static const int_setting target_settings[] = {
	{"high", OFFICE_TARGET_HOURS_HIGH, 1, 8760},
	{"medium", OFFICE_TARGET_HOURS_MEDIUM, 1, 8760},
	{"low", OFFICE_TARGET_HOURS_LOW, 1, 8760},
};

#define CADENCE_MIN 7
#define CADENCE_MAX 730
#define OFFERINGS_MAX_ITEMS 20      /* what the office offers partners (letters name them) */
#define OFFERING_MAX_CHARS 200

static bool int_in(json_t *x, int64_t min, int64_t max)
{
	return json_is_integer(x) && json_integer_value(x) >= min && json_integer_value(x) <= max;
}

json_t *office_settings_fill(json_t *stored, bool state_opt_in)
{
	json_t *out = json_object();
	if (!json_is_object(stored)) stored = NULL;
	for (size_t i = 0; i < countof(int_settings); i++) {
		json_t *x = json_object_get(stored, int_settings[i].key);
		json_object_set_new(out, int_settings[i].key,
		                    json_integer(int_in(x, int_settings[i].min, int_settings[i].max)
		                                     ? json_integer_value(x) : int_settings[i].dflt));
	}
	json_t *targets = json_object();
	json_t *st = json_object_get(stored, "response_target_hours");
	for (size_t i = 0; i < countof(target_settings); i++) {
		json_t *x = json_object_get(st, target_settings[i].key);
		json_object_set_new(targets, target_settings[i].key,
		                    json_integer(int_in(x, target_settings[i].min, target_settings[i].max)
		                                     ? json_integer_value(x) : target_settings[i].dflt));
	}
	json_object_set_new(out, "response_target_hours", targets);
	json_t *by = json_object();
	const char *key;
	json_t *x;
	json_object_foreach(json_object_get(stored, "cadence_days_by_subtype"), key, x)
		if (enum_has(partner_subtypes, key) && int_in(x, CADENCE_MIN, CADENCE_MAX))
			json_object_set(by, key, x);
	json_object_set_new(out, "cadence_days_by_subtype", by);
	/* [] means the standard wording in letters (continuity.c). */
	json_t *offers = json_array();
	size_t i;
	json_array_foreach(json_object_get(stored, "offerings"), i, x)
		if (json_is_string(x) && json_string_length(x) > 0) json_array_append(offers, x);
	json_object_set_new(out, "offerings", offers);
	json_object_set_new(out, "state_opt_in", json_boolean(state_opt_in));
	return out;
}

json_t *office_settings_defaults(void) { return office_settings_fill(NULL, false); }

json_t *office_settings_get(store_conn *c, int64_t office_id)
{
	json_t *row = store_query_row(c, NULL,
	    "SELECT settings AS settings_json, state_opt_in FROM offices WHERE id = ?", "i", office_id);
	if (!row) return NULL;
	json_t *out = office_settings_fill(json_object_get(row, "settings"),
	                                   json_integer_value(json_object_get(row, "state_opt_in")) != 0);
	json_decref(row);
	return out;
}

int64_t office_cadence_days(json_t *settings, const char *subtype)
{
	json_t *x = subtype ? json_object_get(json_object_get(settings, "cadence_days_by_subtype"), subtype) : NULL;
	if (json_is_integer(x)) return json_integer_value(x);
	x = json_object_get(settings, "cadence_days_default");
	return json_is_integer(x) ? json_integer_value(x) : OFFICE_CADENCE_DAYS_DEFAULT;
}

/* Checks one whole-number setting; field is the name errors report. */
static bool check_int(valid *v, const char *field, json_t *x, int64_t min, int64_t max)
{
	if (!json_is_integer(x)) {
		valid_fail(v, field, "validation.type", "%s must be a whole number.", field);
		return false;
	}
	if (!int_in(x, min, max)) {
		valid_fail(v, field, "validation.range", "%s must be between %lld and %lld.", field, (long long)min,
		           (long long)max);
		return false;
	}
	return true;
}

static void merge_targets(valid *v, json_t *out, json_t *patch)
{
	if (json_is_null(patch)) {
		json_object_del(out, "response_target_hours");
		return;
	}
	if (!json_is_object(patch)) {
		valid_fail(v, "settings.response_target_hours", "validation.type",
		           "settings.response_target_hours must be an object such as {\"high\": 24, \"medium\": 72, \"low\": 168}.");
		return;
	}
	json_t *cur = json_object_get(out, "response_target_hours");
	json_t *t = json_is_object(cur) ? json_deep_copy(cur) : json_object();
	const char *key;
	json_t *x;
	json_object_foreach(patch, key, x) {
		const int_setting *s = NULL;
		for (size_t i = 0; i < countof(target_settings); i++)
			if (strcmp(target_settings[i].key, key) == 0) s = &target_settings[i];
		char field[120];
		snprintf(field, sizeof field, "settings.response_target_hours.%.40s", key);
		if (!s) valid_fail(v, field, "validation.unknown_field", "Response targets are set for high, medium and low priority only.");
		else if (json_is_null(x)) json_object_del(t, key);
		else if (check_int(v, field, x, s->min, s->max)) json_object_set(t, key, x);
	}
	json_object_set_new(out, "response_target_hours", t);
}

static void merge_cadences(valid *v, json_t *out, json_t *patch)
{
	if (json_is_null(patch)) {
		json_object_del(out, "cadence_days_by_subtype");
		return;
	}
	if (!json_is_object(patch)) {
		valid_fail(v, "settings.cadence_days_by_subtype", "validation.type",
		           "settings.cadence_days_by_subtype must be an object of subtype: days, e.g. {\"media\": 30}.");
		return;
	}
	json_t *by = json_object();
	const char *key;
	json_t *x;
	json_object_foreach(patch, key, x) {
		char field[120];
		snprintf(field, sizeof field, "settings.cadence_days_by_subtype.%.40s", key);
		if (!enum_has(partner_subtypes, key))
			valid_fail(v, field, "validation.enum", "\"%.40s\" is not a partner subtype.", key);
		else if (!json_is_null(x) && check_int(v, field, x, CADENCE_MIN, CADENCE_MAX))
			json_object_set(by, key, x);
	}
	json_object_set_new(out, "cadence_days_by_subtype", by);   /* the map is replaced whole */
}

/* settings.offerings: a short list of what the office offers its partners
** (tours, presentations, ...), named in outreach letters.  Replaced whole;
** null or [] returns to the standard wording. */
static void merge_offerings(valid *v, json_t *out, json_t *patch)
{
	const char *field = "settings.offerings";
	if (json_is_null(patch) || (json_is_array(patch) && json_array_size(patch) == 0)) {
		json_object_del(out, "offerings");
		return;
	}
	if (!json_is_array(patch)) {
		valid_fail(v, field, "validation.type",
		           "settings.offerings must be a list of texts such as [\"guided tours\", \"presentations\"].");
		return;
	}
	if (json_array_size(patch) > OFFERINGS_MAX_ITEMS) {
		valid_fail(v, field, "validation.length", "settings.offerings holds at most %d items.", OFFERINGS_MAX_ITEMS);
		return;
	}
	json_t *list = json_array();
	size_t i, k;
	json_t *x, *y;
	json_array_foreach(patch, i, x) {
		if (!json_is_string(x)) {
			valid_fail(v, field, "validation.type", "Each of settings.offerings must be a text.");
			break;
		}
		char *item = str_trim(xstrdup(json_string_value(x)));
		bool control = false;
		for (const unsigned char *p = (const unsigned char *)item; *p; p++)
			if (*p < ' ' || *p == 0x7f) control = true;
		bool twice = false;
		json_array_foreach(list, k, y) if (strcmp(json_string_value(y), item) == 0) twice = true;
		if (!*item) valid_fail(v, field, "validation.required", "An item of settings.offerings is empty.");
		else if (utf8_chars(item) > OFFERING_MAX_CHARS)
			valid_fail(v, field, "validation.length", "Each of settings.offerings is at most %d characters.",
			           OFFERING_MAX_CHARS);
		else if (control)
			valid_fail(v, field, "validation.text", "An item of settings.offerings holds a line break or control character.");
		else if (twice)
			valid_fail(v, field, "validation.duplicate", "settings.offerings names \"%.60s\" twice.", item);
		else json_array_append_new(list, json_string(item));
		free(item);
		if (!valid_ok(v)) break;
	}
	json_object_set_new(out, "offerings", list);
}

json_t *office_settings_merge(valid *v, json_t *stored, json_t *patch, int *state_opt_in)
{
	if (!json_is_object(patch)) {
		valid_fail(v, "settings", "validation.type", "settings must be an object.");
		return NULL;
	}
	json_t *out = json_is_object(stored) ? json_deep_copy(stored) : json_object();
	json_object_del(out, "state_opt_in");
	const char *key;
	json_t *x;
	json_object_foreach(patch, key, x) {
		char field[120];
		snprintf(field, sizeof field, "settings.%.60s", key);
		const int_setting *s = NULL;
		for (size_t i = 0; i < countof(int_settings); i++)
			if (strcmp(int_settings[i].key, key) == 0) s = &int_settings[i];
		if (s) {
			if (json_is_null(x)) json_object_del(out, key);
			else if (check_int(v, field, x, s->min, s->max)) json_object_set(out, key, x);
		} else if (strcmp(key, "response_target_hours") == 0) {
			merge_targets(v, out, x);
		} else if (strcmp(key, "cadence_days_by_subtype") == 0) {
			merge_cadences(v, out, x);
		} else if (strcmp(key, "offerings") == 0) {
			merge_offerings(v, out, x);
		} else if (strcmp(key, "state_opt_in") == 0) {
			if (json_is_boolean(x)) *state_opt_in = json_is_true(x);
			else valid_fail(v, field, "validation.type", "%s must be true or false.", field);
		} else {
			valid_fail(v, field, "validation.unknown_field", "%s is not an office setting.", field);
		}
	}
	if (!valid_ok(v)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

bool office_timezone_valid(const char *name)
{
	if (str_empty(name) || strlen(name) > 64 || name[0] == '/' || strstr(name, "..")) return false;
	for (const char *p = name; *p; p++) {
		char ch = *p;
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		          ch == '/' || ch == '_' || ch == '-' || ch == '+';
		if (!ok) return false;
	}
	char path[128];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return false;
	/* zone.tab, leapseconds and friends are regular files too, but not zones */
	FILE *f = fopen(path, "rb");
	if (!f) return false;
	char magic[4];
	bool tzif = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return tzif;
}
