/*
** api_claim_sightings.c: each time someone reports a claim: a partner or
** one of its contacts, a feedback record, a staff member, a media item.
** A sighting of a known claim attaches to it (posting to a claim that was
** merged attaches to the claim it was merged into); a feedback record
** becomes a sighting in one step with {feedback_id}.
**
** Guarantees: every referenced partner, contact, user and feedback record is
** the caller's office's; the claim's first_seen_at is the earliest sighting;
** a feedback record is attached to a claim at most once, and a record that
** names no misconception yet gets this claim as its misconception_id.
*/
#include "handlers.h"
#include "misconceptions.h"

#include <string.h>

static const char *const sighting_fields[] = {
	"source", "partner_id", "contact_id", "feedback_id", "reported_by", "media_item", "seen_at", "platform",
	"place", "link", "notes", NULL};

/* Checks that id (when given) is a row of the office in the table the SQL names. */
static void check_ref(valid *v, store_conn *c, int64_t office_id, const char *sql, const char *field,
                      int64_t id, const char *what)
{
	if (id && !store_query_int(c, 0, sql, "ii", office_id, id))
		valid_fail(v, field, "validation.reference", "There is no %s %lld in your office.", what, (long long)id);
}

void sighting_validate(valid *v, store_conn *c, const http_req *r, json_t *o, sighting_in *in)
{
	int64_t office = r->caller.office_id;
	memset(in, 0, sizeof *in);
	jf_known_keys(v, o, sighting_fields);
	jf_enum(v, o, "source", false, sighting_sources, &in->source);
	jf_int(v, o, "partner_id", false, 1, INT64_MAX, &in->partner_id, NULL);
	jf_int(v, o, "contact_id", false, 1, INT64_MAX, &in->contact_id, NULL);
	jf_int(v, o, "feedback_id", false, 1, INT64_MAX, &in->feedback_id, NULL);
	jf_int(v, o, "reported_by", false, 1, INT64_MAX, &in->reported_by, NULL);
	jf_string(v, o, "media_item", false, 500, &in->media_item);
	jf_string(v, o, "platform", false, 100, &in->platform);
	jf_string(v, o, "place", false, 200, &in->place);
	jf_string(v, o, "notes", false, 5000, &in->notes);
	if (jf_string(v, o, "link", false, 2000, &in->link) && in->link && !claim_url_ok(in->link))
		valid_fail(v, "link", "validation.url", "link must be an http:// or https:// address.");
	bool has_seen = false;
	if (jf_datetime(v, o, "seen_at", false, in->seen_at, &has_seen) && has_seen) {
		int64_t t;
		if (time_parse_iso(in->seen_at, &t) && t > time_now_secs() + 300)
			valid_fail(v, "seen_at", "validation.future", "seen_at is in the future.");
	}
	if (in->feedback_id) {
		/* A feedback record of the office; what it says fills what the body left out. */
		json_t *fb = store_query_row(c, NULL,
		    "SELECT received_at, partner_id, contact_id FROM feedback WHERE office_id = ? AND id = ?", "ii", office,
		    in->feedback_id);
		if (!fb) {
			valid_fail(v, "feedback_id", "validation.reference", "There is no feedback record %lld in your office.",
			           (long long)in->feedback_id);
		} else {
			const char *received = json_string_value(json_object_get(fb, "received_at"));
			if (!has_seen && received && strlen(received) < ISO_TIME_LEN) {
				snprintf(in->seen_at, ISO_TIME_LEN, "%s", received);
				has_seen = true;
			}
			if (!in->partner_id) in->partner_id = json_integer_value(json_object_get(fb, "partner_id"));
			if (!in->contact_id) in->contact_id = json_integer_value(json_object_get(fb, "contact_id"));
		}
		json_decref(fb);
	}
	if (!has_seen) time_now_iso(in->seen_at);
	if (!in->source && !json_is_string(json_object_get(o, "source"))) {
		/* The source follows from what was given. */
		in->source = in->feedback_id ? "feedback" : in->contact_id ? "contact" : in->partner_id ? "partner"
		           : in->media_item ? "media" : "staff";
	}
	if (str_eq(in->source, "partner") && !in->partner_id)
		valid_fail(v, "partner_id", "validation.required", "A sighting from a partner names the partner (partner_id).");
	if (str_eq(in->source, "contact") && !in->contact_id)
		valid_fail(v, "contact_id", "validation.required", "A sighting from a contact names the contact (contact_id).");
	if (str_eq(in->source, "feedback") && !in->feedback_id)
		valid_fail(v, "feedback_id", "validation.required", "A sighting from feedback names the feedback record (feedback_id).");
	if (str_eq(in->source, "media") && !in->media_item && !in->link)
		valid_fail(v, "media_item", "validation.required", "A media sighting says which item (media_item) or links to it (link).");
	if (str_eq(in->source, "staff") && !in->reported_by) in->reported_by = r->caller.user_id;
	check_ref(v, c, office, "SELECT 1 FROM partners WHERE office_id = ? AND id = ?", "partner_id", in->partner_id, "partner");
	check_ref(v, c, office, "SELECT 1 FROM contacts WHERE office_id = ? AND id = ?", "contact_id", in->contact_id, "contact");
	check_ref(v, c, office, "SELECT 1 FROM users WHERE office_id = ? AND id = ?", "reported_by", in->reported_by, "user");
}

int64_t sighting_insert(store_conn *c, const http_req *r, int64_t claim_id, const sighting_in *in)
{
	int64_t office = r->caller.office_id;
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	int rc;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO sightings(office_id, claim_id, source, partner_id, contact_id, feedback_id, reported_by,"
	    " media_item, seen_at, platform, place, link, notes, created_by, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id, claim_id, source, partner_id, contact_id, feedback_id, reported_by, media_item, seen_at,"
	    " platform, place, link, notes, created_by, created_at",
	    "iitIIIIttttttIt", office, claim_id, in->source, in->partner_id, in->contact_id, in->feedback_id,
	    in->reported_by, in->media_item, in->seen_at, in->platform, in->place, in->link, in->notes,
	    r->caller.user_id, now);
	if (!row) return rc < 0 ? rc : STORE_ERROR;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	audit_actor who = audit_actor_of(r);
	rc = STORE_OK;
	if (in->feedback_id) {
		/* The feedback record points at the claim it reports, unless it already names one. */
		json_t *before = store_query_row(c, NULL,
		    "SELECT id, misconception_id, version FROM feedback WHERE office_id = ? AND id = ?", "ii", office, in->feedback_id);
		if (before && json_is_null(json_object_get(before, "misconception_id"))) {
			if (store_exec(c, "UPDATE feedback SET misconception_id = ?, updated_at = ?, version = version + 1"
			                  " WHERE office_id = ? AND id = ?", "itii", claim_id, now, office, in->feedback_id) < 0)
				rc = STORE_ERROR;
			else {
				json_t *after = json_pack("{s:I, s:I, s:I}", "id", (json_int_t)in->feedback_id, "misconception_id",
				                          (json_int_t)claim_id, "version",
				                          (json_int_t)json_integer_value(json_object_get(before, "version")) + 1);
				rc = audit_record(c, &who, "update", "feedback", in->feedback_id, before, after);
				json_decref(after);
			}
		}
		json_decref(before);
		if (rc != STORE_OK) {
			json_decref(row);
			return rc;
		}
	}
	if (store_exec(c,
	    "UPDATE claims SET first_seen_at = ?, updated_at = ? WHERE office_id = ? AND id = ? AND first_seen_at > ?",
	    "ttiit", in->seen_at, now, office, claim_id, in->seen_at) < 0)
		rc = STORE_ERROR;
	else
		rc = audit_record(c, &who, "create", "sighting", id, NULL, row);
	json_decref(row);
	return rc == STORE_OK ? id : rc;
}

static json_t *sighting_load(store_conn *c, int64_t office_id, int64_t id)
{
	return store_query_row(c, NULL,
	    "SELECT s.id, s.claim_id, s.source, s.partner_id, p.name AS partner_name, s.contact_id,"
	    " ct.full_name AS contact_name, s.feedback_id, s.reported_by, u.name AS reported_by_name, s.media_item,"
	    " s.seen_at, s.platform, s.place, s.link, s.notes, s.created_by, s.created_at"
	    " FROM sightings s LEFT JOIN partners p ON p.id = s.partner_id LEFT JOIN contacts ct ON ct.id = s.contact_id"
	    " LEFT JOIN users u ON u.id = s.reported_by WHERE s.office_id = ? AND s.id = ?",
	    "ii", office_id, id);
}

void api_claim_sighting_list(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	if (!store_query_int(c, 0, "SELECT 1 FROM claims WHERE office_id = ? AND id = ?", "ii", office, id))
		return api_not_found(r);
	json_t *rows = store_query_rows(c, NULL,
	    "SELECT s.id, s.claim_id, s.source, s.partner_id, p.name AS partner_name, s.contact_id,"
	    " ct.full_name AS contact_name, s.feedback_id, s.reported_by, u.name AS reported_by_name, s.media_item,"
	    " s.seen_at, s.platform, s.place, s.link, s.notes, s.created_by, s.created_at"
	    " FROM sightings s LEFT JOIN partners p ON p.id = s.partner_id LEFT JOIN contacts ct ON ct.id = s.contact_id"
	    " LEFT JOIN users u ON u.id = s.reported_by WHERE s.office_id = ? AND s.claim_id = ?"
	    " ORDER BY s.seen_at, s.id",
	    "ii", office, id);
	api_read_reply(r, json_pack("{s:o}", "items", rows ? rows : json_array()));
}

void api_claim_sighting_create(http_req *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id)) return;
	json_t *body = json_body_object(r);
	if (!body) return;
	store_conn *c = api_begin(r, STORE_WRITE);
	if (!c) return;
	int64_t office = r->caller.office_id;
	int64_t into = store_query_int(c, -1, "SELECT coalesce(merged_into_id, 0) FROM claims WHERE office_id = ? AND id = ?",
	                               "ii", office, id);
	if (into < 0) return api_not_found(r);
	if (into > 0) id = into;   /* a merged claim's sightings belong to the claim it became */
	valid v = {0};
	sighting_in in;
	sighting_validate(&v, c, r, body, &in);
	if (!valid_ok(&v)) {
		store_rollback(c);
		return valid_reply(r, &v);
	}
	if (in.feedback_id && store_query_int(c, 0,
	    "SELECT 1 FROM sightings WHERE office_id = ? AND claim_id = ? AND feedback_id = ?", "iii", office, id,
	    in.feedback_id)) {
		store_rollback(c);
		return http_reply_error(r, 409, "conflict.duplicate_sighting", "feedback_id",
		                        "Feedback record %lld is already a sighting of this claim.", (long long)in.feedback_id);
	}
	int64_t sid = sighting_insert(c, r, id, &in);
	if (sid < 0) return api_fail(r, (int)sid);
	api_commit_reply(r, 201, sighting_load(c, office, sid));
}
