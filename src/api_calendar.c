/*
** api_calendar.c: reminders in the tools people already use.
**
**   - Each user's iCalendar feed of their open follow-ups and the office's
**     elections, at a webcal://
**     URL carrying its own token (GET /calendar/{token}.ics).  The token is
**     the credential: only its SHA-256 is stored, it is shown once, and the
**     user can revoke it or make a new one (which revokes the old).  A
**     handover revokes the departing person's feed.
**   - Contacts as vCard 4.0: one contact, or every current contact of a
**     partner.
*/
#include "api.h"
#include "auth.h"
#include "calendar.h"
#include "continuity.h"
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

/* ---- the feed's token ---- */

static json_t *feed_load(store_conn *c, int64_t office, int64_t user)
{
	return store_query_row(c, NULL,
	    "SELECT id, prefix, created_at, last_used_at FROM calendar_feeds"
	    " WHERE office_id = ? AND user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
	    "ii", office, user);
}

void api_calendar_feed_get(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	json_t *f = feed_load(c, r->caller.office_id, r->caller.user_id);
	api_read_reply(r, json_pack("{s:b, s:o}", "active", f != NULL, "feed", f ? f : json_null()));
}

static int revoke_all(store_conn *c, int64_t office, int64_t user, const char *now)
{
	return store_exec(c, "UPDATE calendar_feeds SET revoked_at = ? WHERE office_id = ? AND user_id = ? AND revoked_at IS NULL",
	                  "tii", now, office, user);
}

/* The host the user reached us by, if it looks like a host name; else localhost. */
static const char *request_host(http_req *r)
{
	const char *h = http_header_get(r, "Host");
	if (!h || !*h || strlen(h) > 200) return "localhost";
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-:[]", *p)))
			return "localhost";
	return h;
}

void api_calendar_feed_create(http_req *r)
{
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id, user = r->caller.user_id;
	char now[ISO_TIME_LEN], raw[65], hash[65], prefix[24];
	time_now_iso(now);
	random_hex(raw, 32);
	/* The office id rides in the token (it is no secret) so the feed can be
	** looked up inside that office's transaction (row-level security on
	** PostgreSQL); the 256 random bits are the credential. */
	char *token = xasprintf("rcal_%lld_%s", (long long)office, raw);
	auth_token_hash(token, hash);
	snprintf(prefix, sizeof prefix, "%s", token);
	int rc = revoke_all(c, office, user, now);
	int64_t id = rc < 0 ? 0
	    : store_query_int(c, 0,
	          "INSERT INTO calendar_feeds(office_id, user_id, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)"
	          " RETURNING id",
	          "iittt", office, user, hash, prefix, now);
	json_t *after = json_pack("{s:I, s:s}", "user_id", (json_int_t)user, "prefix", prefix);
	audit_actor who = audit_actor_of(r);
	rc = id ? audit_record(c, &who, "create", "calendar_feed", id, NULL, after) : STORE_ERROR;
	json_decref(after);
	if (rc != STORE_OK) {
		free(token);
		return api_fail(r, rc);
	}
	const char *host = request_host(r);
	char *webcal = xasprintf("webcal://%s/calendar/%s.ics", host, token);
	char *http = xasprintf("%s://%s/calendar/%s.ics", r->app && r->app->secure_cookies ? "https" : "http", host, token);
	json_t *out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "token", token, "prefix", prefix,
	                        "webcal_url", webcal, "url", http, "created_at", now);
	free(webcal);
	free(http);
	free(token);
	api_commit_reply(r, 201, out);
}

void api_calendar_feed_revoke(http_req *r)
{
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int n = revoke_all(c, r->caller.office_id, r->caller.user_id, now);
	if (n < 0) return api_fail(r, n);
	if (n == 0) return api_not_found(r);
	audit_actor who = audit_actor_of(r);
	int rc = audit_record(c, &who, "revoke", "calendar_feed", 0, NULL, NULL);
	if (rc != STORE_OK) return api_fail(r, rc);
	api_commit_reply(r, 204, NULL);
}

/* GET /calendar/{token}.ics: public route; the token is the credential.
** Tokens look like rcal_OFFICE_64HEX. */
void page_calendar_ics(http_req *r)
{
	const char *file = r->params[0];
	size_t n = strlen(file);
	char token[160];
	int64_t office = 0;
	if (n < 10 || n > 120 || strcmp(file + n - 4, ".ics") != 0 || !str_starts(file, "rcal_"))
		return http_reply_error(r, 404, "not_found", NULL, "There is no such calendar.");
	snprintf(token, sizeof token, "%.*s", (int)(n - 4), file);
	char *sep = strchr(token + 5, '_');
	if (sep) {
		*sep = 0;
		bool ok = str_parse_int64(token + 5, &office) && office > 0;
		*sep = '_';
		if (!ok) office = 0;
	}
	if (!office) return http_reply_error(r, 404, "not_found", NULL, "There is no such calendar.");
	char hash[65];
	auth_token_hash(token, hash);
	r->caller.office_id = office;
	store_conn *c = api_begin(r, STORE_WRITE);
	r->caller.office_id = 0;
	if (!c) return;
	json_t *feed = store_query_row(c, NULL,
	    "SELECT f.id, f.user_id, u.name FROM calendar_feeds f JOIN users u ON u.id = f.user_id"
	    " WHERE f.office_id = ? AND f.token_hash = ? AND f.revoked_at IS NULL AND u.active = 1 AND u.office_id = f.office_id",
	    "it", office, hash);
	if (!feed) {
		store_rollback(c);
		return http_reply_error(r, 404, "not_found", NULL, "There is no such calendar.");
	}
	int64_t user = json_integer_value(json_object_get(feed, "user_id"));
	char now[ISO_TIME_LEN], since[CONT_DATE_LEN], today[CONT_DATE_LEN];
	time_now_iso(now);
	cont_today(today);
	cont_date_add(today, -365, since);
	int rc = store_exec(c, "UPDATE calendar_feeds SET last_used_at = ? WHERE office_id = ? AND id = ?", "tii", now,
	                    office, json_integer_value(json_object_get(feed, "id")));
	json_t *rows = rc < 0 ? NULL
	    : store_query_rows(c, &rc,
	          "SELECT i.id, i.follow_up_on, i.summary, p.name AS partner_name FROM interactions i"
	          " JOIN partners p ON p.id = i.partner_id"
	          " WHERE i.office_id = ? AND i.follow_up_owner = ? AND i.follow_up_done_at IS NULL"
	          " AND i.follow_up_on IS NOT NULL AND i.follow_up_on >= ? ORDER BY i.follow_up_on, i.id LIMIT 2000",
	          "iit", office, user, since);
	/* The office's elections: the last year's and every one ahead. */
	json_t *elections = rows ? store_query_rows(c, &rc,
	    "SELECT id, name, election_date, type FROM elections WHERE office_id = ? AND election_date >= ?"
	    " ORDER BY election_date, id LIMIT 500",
	    "it", office, since) : NULL;
	if (!rows || !elections || (rc = store_commit(c)) != STORE_OK) {
		json_decref(rows);
		json_decref(elections);
		json_decref(feed);
		return api_fail(r, rc < 0 ? rc : STORE_ERROR);
	}
	json_t *events = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(elections, i, row) {
		char *uid = xasprintf("election-%lld-office-%lld@rapport", (long long)json_integer_value(json_object_get(row, "id")),
		                      (long long)office);
		char *summary = xasprintf("Election: %s", json_string_value(json_object_get(row, "name")));
		json_array_append_new(events, json_pack("{s:s, s:O, s:s, s:O}", "uid", uid, "date",
		                                        json_object_get(row, "election_date"), "summary", summary,
		                                        "description", json_object_get(row, "type")));
		free(uid);
		free(summary);
	}
	json_decref(elections);
	json_array_foreach(rows, i, row) {
		char *uid = xasprintf("follow-up-%lld-office-%lld@rapport", (long long)json_integer_value(json_object_get(row, "id")),
		                      (long long)office);
		char *summary = xasprintf("Follow up: %s", json_string_value(json_object_get(row, "partner_name")));
		json_array_append_new(events, json_pack("{s:s, s:O, s:s, s:O}", "uid", uid, "date",
		                                        json_object_get(row, "follow_up_on"), "summary", summary,
		                                        "description", json_object_get(row, "summary")));
		free(uid);
		free(summary);
	}
	char *name = xasprintf("rapport follow-ups: %s", json_string_value(json_object_get(feed, "name")));
	char *ics = calendar_ics(name, events);
	free(name);
	json_decref(events);
	json_decref(rows);
	json_decref(feed);
	http_header_add(r, "Content-Disposition", "inline; filename=\"rapport.ics\"");
	http_reply_take(r, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
}

/* ---- vCards ---- */

static json_t *current_affiliations(store_conn *c, int64_t office, int64_t contact, const char *today)
{
	json_t *a = store_query_rows(c, NULL,
	    "SELECT p.name AS partner_name, a.title FROM affiliations a JOIN partners p ON p.id = a.partner_id"
	    " WHERE a.office_id = ? AND a.contact_id = ? AND (a.ended_on IS NULL OR a.ended_on > ?) ORDER BY p.name, a.id",
	    "iit", office, contact, today);
	return a ? a : json_array();
}

static void reply_vcf(http_req *r, buf *b, const char *filename)
{
	char *disp = xasprintf("attachment; filename=\"%s\"", filename);
	http_header_add(r, "Content-Disposition", disp);
	free(disp);
	size_t len = b->len;
	http_reply_take(r, 200, "text/vcard; charset=utf-8", buf_take(b), len);
}

void api_contact_vcard(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	json_t *contact = store_query_row(c, NULL,
	    "SELECT id, full_name, email, phone, preferred_language, updated_at FROM contacts WHERE office_id = ? AND id = ?",
	    "ii", office, id);
	if (!contact) return api_not_found(r);
	char today[CONT_DATE_LEN], host[40], file[48];
	cont_today(today);
	snprintf(host, sizeof host, "office-%lld", (long long)office);
	snprintf(file, sizeof file, "contact-%lld.vcf", (long long)id);
	json_t *aff = current_affiliations(c, office, id, today);
	buf b = BUF_INIT;
	vcard_contact(&b, contact, aff, host);
	json_decref(aff);
	json_decref(contact);
	store_rollback(c);
	reply_vcf(r, &b, file);
}

void api_partner_contacts_vcf(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "ii", office, id))
		return api_not_found(r);
	char today[CONT_DATE_LEN], host[40], file[48];
	cont_today(today);
	snprintf(host, sizeof host, "office-%lld", (long long)office);
	snprintf(file, sizeof file, "partner-%lld-contacts.vcf", (long long)id);
	int rc;
	json_t *contacts = store_query_rows(c, &rc,
	    "SELECT DISTINCT c.id, c.full_name, c.email, c.phone, c.preferred_language, c.updated_at"
	    " FROM contacts c JOIN affiliations a ON a.contact_id = c.id"
	    " WHERE c.office_id = ? AND a.partner_id = ? AND (a.ended_on IS NULL OR a.ended_on > ?)"
	    " ORDER BY c.full_name, c.id",
	    "iit", office, id, today);
	if (!contacts) return api_fail(r, rc);
	buf b = BUF_INIT;
	size_t i;
	json_t *ct;
	json_array_foreach(contacts, i, ct) {
		json_t *aff = current_affiliations(c, office, json_integer_value(json_object_get(ct, "id")), today);
		vcard_contact(&b, ct, aff, host);
		json_decref(aff);
	}
	json_decref(contacts);
	store_rollback(c);
	if (!b.len) buf_puts(&b, "");
	reply_vcf(r, &b, file);
}
