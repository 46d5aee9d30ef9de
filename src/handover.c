/*
** handover.c: moving everything a departing person holds to successors in
** one transaction (handover.h).  The table `providers` lists each kind of
** holding; preview and apply walk it, so a new kind is one row here.
**
** Successors: where the departing person is a partner's primary liaison
** and the partner has an active backup, the backup becomes primary and the
** backup role goes to the backup successor (else the named successor).
** Otherwise the named successor takes the item; follow-ups go to whoever
** owns the partner after the handover.  The account is deactivated, never
** deleted, so every record it made still shows its name.
*/
#include "handover.h"
#include "continuity.h"
#include "feedback.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct hctx {
	store_conn *c;
	const handover_req *h;
	const audit_actor *who;   /* NULL while previewing */
	char now[ISO_TIME_LEN];
	char today[CONT_DATE_LEN];
	json_t *partners;         /* {"partner id": true}: partners that get a handover note */
	char from_name[256];      /* the departing person's name, for notes */
} hctx;

typedef struct holding_provider {
	const char *kind;
	/* Appends every item the departing user holds, with its proposed successor. */
	int (*list)(hctx *x, json_t *out);
	/* Moves one listed item, sets its "to_user_id" to who took it, writes its audit entry. */
	int (*move)(hctx *x, json_t *item);
} holding_provider;

/* ---- helpers ---- */

static json_t *user_brief(store_conn *c, int64_t office, int64_t id)
{
	if (!id) return json_null();
	json_t *u = store_query_row(c, NULL,
	    "SELECT id, name, email, role, active AS active_bool FROM users WHERE office_id = ? AND id = ?", "ii",
	    office, id);
	return u ? u : json_null();
}

static void set_to(hctx *x, json_t *item, int64_t uid)
{
	json_object_set_new(item, "to_user_id", uid ? json_integer(uid) : json_null());
	json_t *u = user_brief(x->c, x->h->office_id, uid);
	json_object_set(item, "to_user_name", json_is_object(u) ? json_object_get(u, "name") : json_null());
	json_decref(u);
}

static int64_t item_id(json_t *item, const char *key) { return json_integer_value(json_object_get(item, key)); }

static void note_partner(hctx *x, int64_t partner_id)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)partner_id);
	json_object_set_new(x->partners, key, json_true());
}

/* The current liaison of a role: its row id and user, and whether the user is active. */
static int64_t liaison_of(hctx *x, int64_t partner_id, const char *role, int64_t *user, bool *active)
{
	json_t *r = store_query_row(x->c, NULL,
	    "SELECT l.id, l.user_id, u.active FROM liaisons l JOIN users u ON u.id = l.user_id"
	    " WHERE l.office_id = ? AND l.partner_id = ? AND l.role = ? AND l.ended_at IS NULL",
	    "iit", x->h->office_id, partner_id, role);
	int64_t id = item_id(r, "id");
	*user = item_id(r, "user_id");
	*active = item_id(r, "active") != 0;
	json_decref(r);
	return id;
}

/* Who owns the partner once the departing person is gone: the primary if
** that is someone else and active; the backup when the departing person is
** primary; otherwise the named successor (0 when none was named). */
static int64_t partner_successor(hctx *x, int64_t partner_id)
{
	int64_t p, b;
	bool pa, ba;
	liaison_of(x, partner_id, "primary", &p, &pa);
	liaison_of(x, partner_id, "backup", &b, &ba);
	if (p && p != x->h->from_user_id && pa) return p;
	if (p == x->h->from_user_id && b && b != x->h->from_user_id && ba) return b;
	return x->h->to_user_id;
}

static int64_t backup_successor(const handover_req *h)
{
	return h->backup_to_user_id ? h->backup_to_user_id : h->to_user_id;
}

static int liaison_start(hctx *x, int64_t partner_id, int64_t user, const char *role)
{
	int rc = store_exec(x->c,
	    "INSERT INTO liaisons(office_id, partner_id, user_id, role, started_at) VALUES (?, ?, ?, ?, ?)", "iiitt",
	    x->h->office_id, partner_id, user, role, x->now);
	return rc < 0 ? rc : STORE_OK;
}

static int liaison_end(hctx *x, int64_t liaison_id)
{
	int rc = store_exec(x->c, "UPDATE liaisons SET ended_at = ? WHERE office_id = ? AND id = ? AND ended_at IS NULL",
	                    "tii", x->now, x->h->office_id, liaison_id);
	return rc < 0 ? rc : rc == 1 ? STORE_OK : STORE_ERROR;
}

static int audit_move(hctx *x, const char *entity, int64_t id, json_t *before, json_t *after)
{
	int rc = audit_record(x->c, x->who, "handover", entity, id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ---- liaison roles ---- */

static int list_liaisons(hctx *x, json_t *out, const char *role)
{
	int rc;
	json_t *rows = store_query_rows(x->c, &rc,
	    "SELECT l.id AS liaison_id, l.partner_id, p.name AS partner_name, l.role FROM liaisons l"
	    " JOIN partners p ON p.id = l.partner_id"
	    " WHERE l.office_id = ? AND l.user_id = ? AND l.role = ? AND l.ended_at IS NULL ORDER BY p.name, p.id",
	    "iit", x->h->office_id, x->h->from_user_id, role);
	if (!rows) return rc;
	size_t i;
	json_t *item;
	json_array_foreach(rows, i, item) {
		int64_t pid = item_id(item, "partner_id");
		if (strcmp(role, "primary") == 0) {
			int64_t b;
			bool ba;
			liaison_of(x, pid, "backup", &b, &ba);
			bool promote = b && b != x->h->from_user_id && ba;
			set_to(x, item, promote ? b : x->h->to_user_id);
			json_object_set_new(item, "backup_promoted", json_boolean(promote));
		} else {
			int64_t p;
			bool pa;
			liaison_of(x, pid, "primary", &p, &pa);
			int64_t to = backup_successor(x->h);
			if (to == p) to = x->h->to_user_id != p ? x->h->to_user_id : 0;
			set_to(x, item, to);
		}
		json_array_append(out, item);
	}
	json_decref(rows);
	return STORE_OK;
}

static int list_primary(hctx *x, json_t *out) { return list_liaisons(x, out, "primary"); }
static int list_backup(hctx *x, json_t *out) { return list_liaisons(x, out, "backup"); }

static int move_primary(hctx *x, json_t *item)
{
	int64_t pid = item_id(item, "partner_id");
	int64_t b, p;
	bool ba;
	int64_t backup_row = liaison_of(x, pid, "backup", &b, &ba);
	int rc = liaison_end(x, item_id(item, "liaison_id"));
	if (rc != STORE_OK) return rc;
	int64_t new_backup = b;
	if (b && b != x->h->from_user_id && ba) {
		/* The backup steps up; the backup role goes to the backup successor. */
		p = b;
		if ((rc = liaison_end(x, backup_row)) != STORE_OK) return rc;
		if ((rc = liaison_start(x, pid, p, "primary")) != STORE_OK) return rc;
		new_backup = backup_successor(x->h);
		if (new_backup == p) new_backup = x->h->to_user_id != p ? x->h->to_user_id : 0;
		if (new_backup && (rc = liaison_start(x, pid, new_backup, "backup")) != STORE_OK) return rc;
	} else {
		p = x->h->to_user_id;   /* no active backup (or the departing person is it) */
		if ((rc = liaison_start(x, pid, p, "primary")) != STORE_OK) return rc;
	}
	set_to(x, item, p);
	json_object_set_new(item, "backup_user_id", new_backup ? json_integer(new_backup) : json_null());
	note_partner(x, pid);
	return audit_move(x, "liaison", pid,
	                  json_pack("{s:I, s:I, s:o}", "partner_id", (json_int_t)pid, "primary_user_id",
	                            (json_int_t)x->h->from_user_id, "backup_user_id", b ? json_integer(b) : json_null()),
	                  json_pack("{s:I, s:I, s:o}", "partner_id", (json_int_t)pid, "primary_user_id", (json_int_t)p,
	                            "backup_user_id", new_backup ? json_integer(new_backup) : json_null()));
}

static int move_backup(hctx *x, json_t *item)
{
	int64_t pid = item_id(item, "partner_id");
	int64_t p;
	bool pa;
	liaison_of(x, pid, "primary", &p, &pa);
	int64_t to = backup_successor(x->h);
	if (to == p) to = x->h->to_user_id != p ? x->h->to_user_id : 0;   /* nobody is their own backup */
	int rc = liaison_end(x, item_id(item, "liaison_id"));
	if (rc == STORE_OK && to) rc = liaison_start(x, pid, to, "backup");
	if (rc != STORE_OK) return rc;
	set_to(x, item, to);
	note_partner(x, pid);
	return audit_move(x, "liaison", pid,
	                  json_pack("{s:I, s:I}", "partner_id", (json_int_t)pid, "backup_user_id",
	                            (json_int_t)x->h->from_user_id),
	                  json_pack("{s:I, s:o}", "partner_id", (json_int_t)pid, "backup_user_id",
	                            to ? json_integer(to) : json_null()));
}

/* ---- open follow-ups ---- */

static int list_followups(hctx *x, json_t *out)
{
	int rc;
	json_t *rows = store_query_rows(x->c, &rc,
	    "SELECT i.id AS interaction_id, i.partner_id, p.name AS partner_name, i.follow_up_on, i.summary"
	    " FROM interactions i JOIN partners p ON p.id = i.partner_id"
	    " WHERE i.office_id = ? AND i.follow_up_owner = ? AND i.follow_up_done_at IS NULL"
	    " ORDER BY i.follow_up_on, i.id",
	    "ii", x->h->office_id, x->h->from_user_id);
	if (!rows) return rc;
	size_t i;
	json_t *item;
	json_array_foreach(rows, i, item) {
		set_to(x, item, partner_successor(x, item_id(item, "partner_id")));
		json_array_append(out, item);
	}
	json_decref(rows);
	return STORE_OK;
}

static int move_followup(hctx *x, json_t *item)
{
	int64_t id = item_id(item, "interaction_id"), pid = item_id(item, "partner_id");
	int64_t to = partner_successor(x, pid);   /* after the liaison moves: the partner's new owner */
	int rc = store_exec(x->c,
	    "UPDATE interactions SET follow_up_owner = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ? AND follow_up_owner = ?",
	    "itiii", to, x->now, x->h->office_id, id, x->h->from_user_id);
	if (rc != 1) return rc < 0 ? rc : STORE_ERROR;
	set_to(x, item, to);
	note_partner(x, pid);
	return audit_move(x, "interaction", id, json_pack("{s:I}", "follow_up_owner", (json_int_t)x->h->from_user_id),
	                  json_pack("{s:I}", "follow_up_owner", (json_int_t)to));
}

/* ---- advisory roles: upcoming meetings convened, open recommendations owned ---- */

static int list_meetings(hctx *x, json_t *out)
{
	int rc;
	json_t *rows = store_query_rows(x->c, &rc,
	    "SELECT id AS meeting_id, held_on, title FROM advisory_meetings"
	    " WHERE office_id = ? AND convener_user_id = ? AND held_on >= ? ORDER BY held_on, id",
	    "iit", x->h->office_id, x->h->from_user_id, x->today);
	if (!rows) return rc;
	size_t i;
	json_t *item;
	json_array_foreach(rows, i, item) {
		set_to(x, item, x->h->to_user_id);
		json_array_append(out, item);
	}
	json_decref(rows);
	return STORE_OK;
}

static int move_meeting(hctx *x, json_t *item)
{
	int64_t id = item_id(item, "meeting_id");
	int rc = store_exec(x->c,
	    "UPDATE advisory_meetings SET convener_user_id = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "itii", x->h->to_user_id, x->now, x->h->office_id, id);
	if (rc != 1) return rc < 0 ? rc : STORE_ERROR;
	set_to(x, item, x->h->to_user_id);
	return audit_move(x, "advisory_meeting", id, json_pack("{s:I}", "convener_user_id", (json_int_t)x->h->from_user_id),
	                  json_pack("{s:I}", "convener_user_id", (json_int_t)x->h->to_user_id));
}

static int list_recommendations(hctx *x, json_t *out)
{
	int rc;
	json_t *rows = store_query_rows(x->c, &rc,
	    "SELECT id AS recommendation_id, title FROM advisory_recommendations"
	    " WHERE office_id = ? AND owner_user_id = ? AND status = 'open' ORDER BY id",
	    "ii", x->h->office_id, x->h->from_user_id);
	if (!rows) return rc;
	size_t i;
	json_t *item;
	json_array_foreach(rows, i, item) {
		set_to(x, item, x->h->to_user_id);
		json_array_append(out, item);
	}
	json_decref(rows);
	return STORE_OK;
}

static int move_recommendation(hctx *x, json_t *item)
{
	int64_t id = item_id(item, "recommendation_id");
	int rc = store_exec(x->c,
	    "UPDATE advisory_recommendations SET owner_user_id = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ?",
	    "itii", x->h->to_user_id, x->now, x->h->office_id, id);
	if (rc != 1) return rc < 0 ? rc : STORE_ERROR;
	set_to(x, item, x->h->to_user_id);
	return audit_move(x, "advisory_recommendation", id,
	                  json_pack("{s:I}", "owner_user_id", (json_int_t)x->h->from_user_id),
	                  json_pack("{s:I}", "owner_user_id", (json_int_t)x->h->to_user_id));
}

/* ---- assigned feedback (002_feedback.sql) ---- */

static int list_feedback(hctx *x, json_t *out)
{
	int rc;
	json_t *rows = store_query_rows(x->c, &rc,
	    "SELECT f.id AS feedback_id, f.reference AS title, f.partner_id, f.status, f.due_on FROM feedback f"
	    " WHERE f.office_id = ? AND f.assignee_id = ? AND f.status NOT IN ('closed','closed_no_action')"
	    " ORDER BY f.received_at, f.id",
	    "ii", x->h->office_id, x->h->from_user_id);
	if (!rows) return rc;
	size_t i;
	json_t *item;
	json_array_foreach(rows, i, item) {
		set_to(x, item, x->h->to_user_id);
		json_array_append(out, item);
	}
	json_decref(rows);
	return STORE_OK;
}

static int move_feedback(hctx *x, json_t *item)
{
	int64_t id = item_id(item, "feedback_id");
	int rc = store_exec(x->c,
	    "UPDATE feedback SET assignee_id = ?, updated_at = ?, version = version + 1"
	    " WHERE office_id = ? AND id = ? AND assignee_id = ?",
	    "itiii", x->h->to_user_id, x->now, x->h->office_id, id, x->h->from_user_id);
	if (rc != 1) return rc < 0 ? rc : STORE_ERROR;
	char *note = xasprintf("Handed over from %s", x->from_name);
	rc = feedback_event_add(x->c, x->who, id, x->now, "assigned", NULL, NULL, note);
	free(note);
	if (rc < 0) return rc;
	set_to(x, item, x->h->to_user_id);
	return audit_move(x, "feedback", id, json_pack("{s:I}", "assignee_id", (json_int_t)x->h->from_user_id),
	                  json_pack("{s:I}", "assignee_id", (json_int_t)x->h->to_user_id));
}

/* ---- misconception response drafts (003_misconceptions.sql): the newest,
** unapproved version of a claim still being answered.  Its author becomes
** the successor, who finishes it; the audit entry keeps who wrote it.
** Approved versions are history and stay as they are. ---- */

static int list_drafts(hctx *x, json_t *out)
{
	int rc;
	json_t *rows = store_query_rows(x->c, &rc,
	    "SELECT v.id AS version_id, v.claim_id, v.number, c.statement AS title FROM response_versions v"
	    " JOIN claims c ON c.id = v.claim_id"
	    " WHERE v.office_id = ? AND v.drafted_by = ? AND v.approved_at IS NULL AND c.merged_into_id IS NULL"
	    " AND c.status NOT IN ('closed','dismissed')"
	    " AND v.number = (SELECT MAX(n.number) FROM response_versions n WHERE n.claim_id = v.claim_id)"
	    " ORDER BY v.claim_id",
	    "ii", x->h->office_id, x->h->from_user_id);
	if (!rows) return rc;
	size_t i;
	json_t *item;
	json_array_foreach(rows, i, item) {
		set_to(x, item, x->h->to_user_id);
		json_array_append(out, item);
	}
	json_decref(rows);
	return STORE_OK;
}

static int move_draft(hctx *x, json_t *item)
{
	int64_t id = item_id(item, "version_id");
	int rc = store_exec(x->c,
	    "UPDATE response_versions SET drafted_by = ? WHERE office_id = ? AND id = ? AND drafted_by = ? AND approved_at IS NULL",
	    "iiii", x->h->to_user_id, x->h->office_id, id, x->h->from_user_id);
	if (rc != 1) return rc < 0 ? rc : STORE_ERROR;
	set_to(x, item, x->h->to_user_id);
	return audit_move(x, "response_version", id,
	                  json_pack("{s:I, s:I}", "claim_id", (json_int_t)item_id(item, "claim_id"), "drafted_by",
	                            (json_int_t)x->h->from_user_id),
	                  json_pack("{s:I, s:I}", "claim_id", (json_int_t)item_id(item, "claim_id"), "drafted_by",
	                            (json_int_t)x->h->to_user_id));
}

/* Every kind of holding, in the order they move (liaisons first: later
** kinds follow the partners' new owners). */
static const holding_provider providers[] = {
	{"liaison_primary", list_primary, move_primary},
	{"liaison_backup", list_backup, move_backup},
	{"follow_ups", list_followups, move_followup},
	{"advisory_meetings", list_meetings, move_meeting},
	{"advisory_recommendations", list_recommendations, move_recommendation},
	{"assigned_feedback", list_feedback, move_feedback},
	{"misconception_drafts", list_drafts, move_draft},
};

/* ---- the operations ---- */

static void ctx_init(hctx *x, store_conn *c, const handover_req *h, const audit_actor *who)
{
	memset(x, 0, sizeof *x);
	x->c = c;
	x->h = h;
	x->who = who;
	time_now_iso(x->now);
	cont_today(x->today);
	x->partners = json_object();
	json_t *u = store_query_row(c, NULL, "SELECT name FROM users WHERE office_id = ? AND id = ?", "ii", h->office_id,
	                            h->from_user_id);
	snprintf(x->from_name, sizeof x->from_name, "%s",
	         json_string_value(json_object_get(u, "name")) ? json_string_value(json_object_get(u, "name")) : "?");
	json_decref(u);
}

static void fail(json_t *errors, const char *field, const char *code, const char *message)
{
	json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", field, "code", code, "message", message));
}

static void check_successor(store_conn *c, const handover_req *h, int64_t id, const char *field, json_t *errors)
{
	json_t *u = user_brief(c, h->office_id, id);
	const char *role = json_string_value(json_object_get(u, "role"));
	if (!json_is_object(u))
		fail(errors, field, "validation.reference", "There is no such user in this office.");
	else if (id == h->from_user_id)
		fail(errors, field, "validation.successor_self", "The departing person cannot be their own successor.");
	else if (!json_is_true(json_object_get(u, "active")))
		fail(errors, field, "validation.successor_inactive", "The successor's account is not active.");
	else if (str_eq(role, "viewer") || str_eq(role, "state"))
		fail(errors, field, "validation.successor_role",
		     "The successor must be staff, coordinator, director or admin: a viewer cannot keep a relationship.");
	json_decref(u);
}

bool handover_check(store_conn *c, const handover_req *h, bool *not_found, json_t *errors)
{
	*not_found = !store_query_int(c, 0, "SELECT 1 FROM users WHERE office_id = ? AND id = ?", "ii", h->office_id,
	                              h->from_user_id);
	if (*not_found) return false;
	size_t before = json_array_size(errors);
	check_successor(c, h, h->to_user_id, "to_user_id", errors);
	if (h->backup_to_user_id) check_successor(c, h, h->backup_to_user_id, "backup_to_user_id", errors);
	return json_array_size(errors) == before;
}

/* Lists every provider's items into holdings {kind: [...]} and counts. */
static int list_all(hctx *x, json_t *holdings, json_t *counts, int64_t *total)
{
	*total = 0;
	for (size_t i = 0; i < countof(providers); i++) {
		json_t *items = json_array();
		int rc = providers[i].list(x, items);
		if (rc != STORE_OK) {
			json_decref(items);
			return rc;
		}
		*total += (int64_t)json_array_size(items);
		if (counts) json_object_set_new(counts, providers[i].kind, json_integer((json_int_t)json_array_size(items)));
		if (holdings) json_object_set_new(holdings, providers[i].kind, items);
		else json_decref(items);
	}
	return STORE_OK;
}

json_t *handover_preview(store_conn *c, const handover_req *h)
{
	hctx x;
	ctx_init(&x, c, h, NULL);
	json_t *holdings = json_object(), *counts = json_object();
	int64_t total;
	int rc = list_all(&x, holdings, counts, &total);
	json_decref(x.partners);
	if (rc != STORE_OK) {
		json_decref(holdings);
		json_decref(counts);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:I}", "user", user_brief(c, h->office_id, h->from_user_id),
	                 "successor", user_brief(c, h->office_id, h->to_user_id), "backup_successor",
	                 user_brief(c, h->office_id, backup_successor(h)), "holdings", holdings, "counts", counts,
	                 "total", (json_int_t)total);
}

int64_t handover_remaining(store_conn *c, int64_t office_id, int64_t user_id)
{
	handover_req h = {.office_id = office_id, .from_user_id = user_id};
	hctx x;
	ctx_init(&x, c, &h, NULL);
	int64_t total = 0;
	int rc = list_all(&x, NULL, NULL, &total);
	json_decref(x.partners);
	return rc == STORE_OK ? total : -1;
}

json_t *handover_history(store_conn *c, int64_t office_id, const char *from, const char *to, int *rc)
{
	json_t *rows = store_query_rows(c, rc,
	    "SELECT id, at, from_user_id, counts AS counts_json FROM handovers"
	    " WHERE office_id = ? AND substr(at, 1, 10) >= ? AND substr(at, 1, 10) <= ? ORDER BY at, id",
	    "itt", office_id, from, to);
	if (!rows) return NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		int64_t moved = 0;
		const char *kind;
		json_t *n;
		json_object_foreach(json_object_get(row, "counts"), kind, n) moved += json_integer_value(n);
		char pattern[48];
		snprintf(pattern, sizeof pattern, "Handover #%lld:%%", (long long)json_integer_value(json_object_get(row, "id")));
		int64_t noted = store_query_int(c, 0,
		    "SELECT COUNT(*) FROM interactions WHERE office_id = ? AND type = 'handover' AND summary LIKE ?", "it",
		    office_id, pattern);
		int64_t held = handover_remaining(c, office_id, json_integer_value(json_object_get(row, "from_user_id")));
		if (held < 0) {
			json_decref(rows);
			*rc = STORE_ERROR;
			return NULL;
		}
		json_object_del(row, "from_user_id");
		json_object_set_new(row, "moved", json_integer(moved));
		json_object_set_new(row, "partners_noted", json_integer(noted));
		json_object_set_new(row, "still_held", json_integer(held));
	}
	*rc = STORE_OK;
	return rows;
}

/* The handover note on one partner: who left, and who holds it now. */
static int write_note(hctx *x, int64_t partner_id, int64_t handover_id, const char *from_name)
{
	json_t *names = store_query_row(x->c, NULL,
	    "SELECT (SELECT u.name FROM liaisons l JOIN users u ON u.id = l.user_id WHERE l.office_id = ?1"
	    "  AND l.partner_id = ?2 AND l.role = 'primary' AND l.ended_at IS NULL) AS primary_name,"
	    " (SELECT u.name FROM liaisons l JOIN users u ON u.id = l.user_id WHERE l.office_id = ?1"
	    "  AND l.partner_id = ?2 AND l.role = 'backup' AND l.ended_at IS NULL) AS backup_name",
	    "ii", x->h->office_id, partner_id);
	const char *pn = json_string_value(json_object_get(names, "primary_name"));
	const char *bn = json_string_value(json_object_get(names, "backup_name"));
	char *summary = xasprintf("Handover #%lld: %s left the office. Primary liaison now %s; backup %s.",
	                          (long long)handover_id, from_name, pn ? pn : "none", bn ? bn : "none");
	json_decref(names);
	int rc;
	json_t *row = store_query_row(x->c, &rc,
	    "INSERT INTO interactions(office_id, partner_id, occurred_on, type, direction, summary, created_by,"
	    " created_at, updated_at) VALUES (?, ?, ?, 'handover', 'neither', ?, ?, ?, ?) RETURNING id",
	    "iittItt", x->h->office_id, partner_id, x->today, summary, x->who->user_id, x->now, x->now);
	if (row) {
		json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "partner_id", (json_int_t)partner_id, "type", "handover",
		                          "occurred_on", x->today, "summary", summary);
		rc = audit_record(x->c, x->who, "create", "interaction", item_id(row, "id"), NULL, after);
		json_decref(after);
		json_decref(row);
	} else if (rc >= 0) {
		rc = STORE_ERROR;
	}
	free(summary);
	return rc;
}

static int deactivate(hctx *x)
{
	int64_t id = x->h->from_user_id, office = x->h->office_id;
	if (store_exec(x->c, "UPDATE users SET active = 0, updated_at = ?, version = version + 1 WHERE office_id = ? AND id = ?",
	               "tii", x->now, office, id) != 1 ||
	    store_exec(x->c, "DELETE FROM sessions WHERE office_id = ? AND user_id = ?", "ii", office, id) < 0 ||
	    store_exec(x->c, "UPDATE api_tokens SET revoked_at = ? WHERE office_id = ? AND user_id = ? AND revoked_at IS NULL",
	               "tii", x->now, office, id) < 0 ||
	    store_exec(x->c, "UPDATE calendar_feeds SET revoked_at = ? WHERE office_id = ? AND user_id = ? AND revoked_at IS NULL",
	               "tii", x->now, office, id) < 0)
		return STORE_ERROR;
	json_t *before = json_pack("{s:b}", "active", true), *after = json_pack("{s:b}", "active", false);
	int rc = audit_record(x->c, x->who, "update", "user", id, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int handover_apply(store_conn *c, const audit_actor *who, const handover_req *h, json_t **result)
{
	hctx x;
	ctx_init(&x, c, h, who);
	*result = NULL;
	json_t *counts = json_object(), *moved = json_array();
	json_t *from = user_brief(c, h->office_id, h->from_user_id);
	int64_t handover_id = 0;
	int rc = STORE_OK;
	for (size_t i = 0; i < countof(providers) && rc == STORE_OK; i++) {
		json_t *items = json_array();
		rc = providers[i].list(&x, items);
		size_t k;
		json_t *item;
		json_array_foreach(items, k, item) {
			if (rc != STORE_OK) break;
			rc = providers[i].move(&x, item);
			json_object_set_new(item, "kind", json_string(providers[i].kind));
			json_array_append(moved, item);
		}
		json_object_set_new(counts, providers[i].kind, json_integer((json_int_t)json_array_size(items)));
		json_decref(items);
	}
	if (rc != STORE_OK) goto cleanup;
	json_t *row = store_query_row(c, &rc,
	    "INSERT INTO handovers(office_id, from_user_id, to_user_id, backup_to_user_id, at, by_user_id, by_actor, counts)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iiiItItj", h->office_id, h->from_user_id, h->to_user_id, h->backup_to_user_id, x.now, who->user_id,
	    who->actor, counts);
	if (!row) {
		if (rc >= 0) rc = STORE_ERROR;
		goto cleanup;
	}
	handover_id = item_id(row, "id");
	json_decref(row);
	const char *key;
	json_t *v;
	json_object_foreach(x.partners, key, v) {
		int64_t pid = 0;
		str_parse_int64(key, &pid);
		if ((rc = write_note(&x, pid, handover_id, x.from_name)) != STORE_OK) goto cleanup;
	}
	if ((rc = deactivate(&x)) != STORE_OK) goto cleanup;
	/* The promise: nothing is left with the person who left. */
	if (handover_remaining(c, h->office_id, h->from_user_id) != 0) {
		log_error("handover: user %lld still holds items after the handover (bug)", (long long)h->from_user_id);
		rc = STORE_ERROR;
		goto cleanup;
	}
	json_t *summary = json_pack("{s:I, s:I, s:o, s:O, s:I}", "handover_id", (json_int_t)handover_id, "to_user_id",
	                            (json_int_t)h->to_user_id, "backup_to_user_id",
	                            h->backup_to_user_id ? json_integer(h->backup_to_user_id) : json_null(), "counts",
	                            counts, "partners_noted", (json_int_t)json_object_size(x.partners));
	rc = audit_record(c, who, "handover", "user", h->from_user_id, NULL, summary);
	json_decref(summary);
	if (rc != STORE_OK) goto cleanup;
	json_decref(from);
	from = user_brief(c, h->office_id, h->from_user_id);   /* now inactive */
	*result = json_pack("{s:I, s:O, s:O, s:I, s:O}", "handover_id", (json_int_t)handover_id, "user", from, "counts",
	                    counts, "partners_noted", (json_int_t)json_object_size(x.partners), "moved", moved);
cleanup:
	json_decref(from);
	json_decref(counts);
	json_decref(moved);
	json_decref(x.partners);
	return rc;
}
