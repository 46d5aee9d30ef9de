/*
** continuity.c: the office settings the continuity reports read, the facts
** about each relationship (liaisons, contacts, touches, follow-ups,
** advisory participation), and the continuity-risk rules (continuity.h).
**
** Guarantees: every query is scoped to the office given; the facts are
** gathered with one query per kind of fact for the whole office, joined in
** memory by partner id; the rules never touch the store.
*/
#include "continuity.h"
#include "office.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* ---- settings ---- */

/* The cadences and the verification window come from the office's settings
** (office.c, defaults filled in); the offerings named in outreach letters
** are read from offices.settings "offerings" (a list of text), with a
** default. */
void cont_settings_load(store_conn *c, int64_t office_id, cont_settings *out)
{
	json_t *st = office_settings_get(c, office_id);
	if (!st) st = office_settings_defaults();
	out->cadence_days_default = (int)json_integer_value(json_object_get(st, "cadence_days_default"));
	out->verify_after_days = (int)json_integer_value(json_object_get(st, "verify_after_days"));
	out->cadence_by_subtype = json_incref(json_object_get(st, "cadence_days_by_subtype"));
	if (!out->cadence_by_subtype) out->cadence_by_subtype = json_object();
	json_decref(st);
	json_t *row = store_query_row(c, NULL, "SELECT settings AS settings_json FROM offices WHERE id = ?", "i",
	                              office_id);
	out->offerings = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(json_object_get(row, "settings"), "offerings"), i, v)
		if (json_is_string(v) && json_string_length(v) > 0) json_array_append(out->offerings, v);
	if (json_array_size(out->offerings) == 0) {
		json_array_append_new(out->offerings, json_string("guided tours of the election office"));
		json_array_append_new(out->offerings,
		                      json_string("informational presentations on how voting and counting work"));
	}
	json_decref(row);
}

void cont_settings_free(cont_settings *s)
{
	json_decref(s->cadence_by_subtype);
	json_decref(s->offerings);
	s->cadence_by_subtype = s->offerings = NULL;
}

int cont_cadence_for(const cont_settings *s, int partner_cadence, const char *subtype)
{
	if (partner_cadence > 0) return partner_cadence;
	json_t *v = subtype ? json_object_get(s->cadence_by_subtype, subtype) : NULL;
	if (json_is_integer(v)) return (int)json_integer_value(v);
	return s->cadence_days_default;
}

/* ---- dates ---- */

void cont_today(char out[CONT_DATE_LEN])
{
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = 0;
}

void cont_date_add(const char *date, int days, char out[CONT_DATE_LEN])
{
	int64_t t = 0;
	time_parse_iso(date, &t);
	char iso[ISO_TIME_LEN];
	time_iso_from_epoch(t + (int64_t)days * 86400, iso);
	memcpy(out, iso, 10);
	out[10] = 0;
}

int64_t cont_days_between(const char *a, const char *b)
{
	int64_t ta = 0, tb = 0;
	char da[CONT_DATE_LEN], db[CONT_DATE_LEN];
	snprintf(da, sizeof da, "%.10s", a);
	snprintf(db, sizeof db, "%.10s", b);
	time_parse_iso(da, &ta);
	time_parse_iso(db, &tb);
	return (tb - ta) / 86400;
}

/* ---- facts ---- */

static int cmp_facts_id(const void *a, const void *b)
{
	int64_t x = ((const cont_facts *)a)->id, y = ((const cont_facts *)b)->id;
	return x < y ? -1 : x > y;
}

static cont_facts *find(cont_facts_list *l, int64_t id)
{
	cont_facts key = {.id = id};
	return bsearch(&key, l->items, (size_t)l->n, sizeof *l->items, cmp_facts_id);
}

void cont_facts_free(cont_facts_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].primary_name);
		free(l->items[i].backup_name);
		json_decref(l->items[i].group_ids);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int cont_facts_load(store_conn *c, int64_t office_id, const char *status, int64_t partner_id,
                    const cont_settings *s, const char *today, cont_facts_list *out)
{
	int rc = STORE_OK;
	int cap = 0;
	out->items = NULL;
	out->n = 0;
	/* One partner or all: a range either way, so every query walks its
	** (office_id, partner_id ...) index instead of scanning. */
	int64_t lo = partner_id ? partner_id : 0, hi = partner_id ? partner_id : INT64_MAX;
	char year_ago[CONT_DATE_LEN], verify_cutoff[CONT_DATE_LEN];
	cont_date_add(today, -365, year_ago);
	cont_date_add(today, -s->verify_after_days, verify_cutoff);

	store_stmt *st = store_prepare(c,
	    "SELECT id, name, subtype, status, cadence_days FROM partners WHERE office_id = ?1"
	    " AND (?2 IS NULL OR status = ?2) AND id BETWEEN ?3 AND ?4 ORDER BY id");
	store_bind(st, "itii", office_id, status, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->items = xrealloc(out->items, (size_t)cap * sizeof *out->items);
		}
		cont_facts *f = &out->items[out->n++];
		memset(f, 0, sizeof *f);
		f->id = store_col_int(st, 0);
		f->name = xstrdup(store_col_text(st, 1));
		snprintf(f->subtype, sizeof f->subtype, "%s", store_col_text(st, 2));
		snprintf(f->status, sizeof f->status, "%s", store_col_text(st, 3));
		f->cadence_days = cont_cadence_for(s, store_col_null(st, 4) ? 0 : (int)store_col_int(st, 4), f->subtype);
		f->verify_after_days = s->verify_after_days;
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;
	rc = STORE_OK;
	if (out->n == 0) return STORE_OK;

	st = store_prepare(c,
	    "SELECT l.partner_id, l.role, l.user_id, u.active, u.name FROM liaisons l JOIN users u ON u.id = l.user_id"
	    " WHERE l.office_id = ?1 AND l.partner_id BETWEEN ?2 AND ?3 AND l.ended_at IS NULL");
	store_bind(st, "iii", office_id, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (!f) continue;
		bool primary = str_eq(store_col_text(st, 1), "primary");
		*(primary ? &f->primary_user : &f->backup_user) = store_col_int(st, 2);
		*(primary ? &f->primary_active : &f->backup_active) = store_col_int(st, 3) != 0;
		char **name = primary ? &f->primary_name : &f->backup_name;
		free(*name);
		*name = xstrdup(store_col_text(st, 4));
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;

	st = store_prepare(c,
	    "SELECT DISTINCT a.partner_id, c.id, c.verify_status, c.last_verified_at"
	    " FROM affiliations a JOIN contacts c ON c.id = a.contact_id"
	    " WHERE a.office_id = ?1 AND a.partner_id BETWEEN ?3 AND ?4 AND (a.ended_on IS NULL OR a.ended_on > ?2)"
	    " AND (a.started_on IS NULL OR a.started_on <= ?2)");
	store_bind(st, "itii", office_id, today, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (!f) continue;
		f->contacts++;
		bool bounced = str_eq(store_col_text(st, 2), "bounced");
		const char *lv = store_col_text(st, 3);
		if (bounced) f->contacts_bounced++;
		else if (lv && strcmp(lv, verify_cutoff) >= 0) f->contacts_verified++;
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;

	st = store_prepare(c,
	    "SELECT partner_id, MAX(occurred_on),"
	    " SUM(CASE WHEN occurred_on >= ?2 THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN occurred_on >= ?2 AND direction IN ('office_gave','both') THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN occurred_on >= ?2 AND direction IN ('partner_gave','both') THEN 1 ELSE 0 END)"
	    " FROM interactions WHERE office_id = ?1 AND partner_id BETWEEN ?4 AND ?5 AND type <> 'handover'"
	    " AND occurred_on <= ?3 GROUP BY partner_id");
	store_bind(st, "ittii", office_id, year_ago, today, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (!f) continue;
		snprintf(f->last_touch, sizeof f->last_touch, "%.10s", store_col_text(st, 1));
		f->touches_12m = (int)store_col_int(st, 2);
		f->office_gave_12m = (int)store_col_int(st, 3);
		f->partner_gave_12m = (int)store_col_int(st, 4);
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;

	/* Counted here rather than grouped in SQL, and "+partner_id" keeps the
	** partner range from steering the planner to the per-partner index: the
	** small partial index of open follow-ups is the one to read. */
	st = store_prepare(c,
	    "SELECT partner_id, follow_up_on FROM interactions"
	    " WHERE office_id = ?1 AND follow_up_done_at IS NULL AND follow_up_on < ?2"
	    " AND +partner_id BETWEEN ?3 AND ?4");
	store_bind(st, "itii", office_id, today, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (!f) continue;
		const char *on = store_col_text(st, 1);
		if (!f->followups_overdue++ || strncmp(on, f->oldest_followup, 10) < 0)
			snprintf(f->oldest_followup, sizeof f->oldest_followup, "%.10s", on);
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;

	st = store_prepare(c,
	    "SELECT m.partner_id, COUNT(*) FROM advisory_attendance a"
	    " JOIN advisory_members m ON m.id = a.member_id JOIN advisory_meetings g ON g.id = a.meeting_id"
	    " WHERE a.office_id = ?1 AND g.held_on >= ?2 AND g.held_on <= ?3 AND m.partner_id BETWEEN ?4 AND ?5"
	    " GROUP BY m.partner_id");
	store_bind(st, "ittii", office_id, year_ago, today, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (f) f->advisory_attended_12m = (int)store_col_int(st, 1);
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;

	st = store_prepare(c,
	    "SELECT m.partner_id, COUNT(*) FROM advisory_recommendations r JOIN advisory_members m ON m.id = r.member_id"
	    " WHERE r.office_id = ?1 AND r.status = 'adopted' AND m.partner_id BETWEEN ?2 AND ?3 GROUP BY m.partner_id");
	store_bind(st, "iii", office_id, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (f) f->advisory_adopted = (int)store_col_int(st, 1);
	}
	store_reset(st);
	if (rc != STORE_DONE) return rc;

	st = store_prepare(c,
	    "SELECT partner_id, group_id FROM partner_groups WHERE office_id = ?1 AND partner_id BETWEEN ?2 AND ?3"
	    " ORDER BY partner_id, group_id");
	store_bind(st, "iii", office_id, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (!f) continue;
		if (!f->group_ids) f->group_ids = json_array();
		json_array_append_new(f->group_ids, json_integer(store_col_int(st, 1)));
	}
	store_reset(st);
	return rc == STORE_DONE ? STORE_OK : rc;
}

int64_t cont_contacts_verified_between(store_conn *c, int64_t office_id, const char *from, const char *to)
{
	return store_query_int(c, -1,
	    "SELECT COUNT(*) FROM contacts WHERE office_id = ? AND verify_status = 'verified'"
	    " AND substr(last_verified_at, 1, 10) >= ? AND substr(last_verified_at, 1, 10) <= ?",
	    "itt", office_id, from, to);
}

/* ---- rules ---- */

const char *cont_band_name(enum cont_band b)
{
	return b == CONT_OVERDUE ? "overdue" : b == CONT_WARNING ? "warning" : "ok";
}

const char *const cont_reason_codes[] = {
	"no_primary_liaison", "liaison_inactive", "no_backup_liaison", "no_current_contact", "single_contact",
	"contacts_bounced", "contacts_unverified", "cadence_overdue", "cadence_due_soon", "followups_overdue", NULL};
enum { R_NO_PRIMARY, R_INACTIVE, R_NO_BACKUP, R_NO_CONTACT, R_SINGLE, R_BOUNCED, R_UNVERIFIED, R_OVERDUE, R_DUE_SOON,
       R_FOLLOWUPS };

typedef struct rctx {
	json_t *reasons;     /* NULL: only points, band and codes (no text is formatted) */
	int points;
	enum cont_band band;
	unsigned codes;
} rctx;

static void reason(rctx *x, int code, enum cont_band band, int pts, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void reason(rctx *x, int code, enum cont_band band, int pts, const char *fmt, ...)
{
	x->points += pts;
	x->codes |= 1u << code;
	if (band > x->band) x->band = band;
	if (!x->reasons) return;
	va_list ap;
	va_start(ap, fmt);
	buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(x->reasons, json_pack("{s:s, s:s, s:i, s:s}", "code", cont_reason_codes[code], "band",
	                                            cont_band_name(band), "points", pts, "message", b.data));
	buf_free(&b);
}

void cont_next_due(const cont_facts *f, const char *today, char out[CONT_DATE_LEN])
{
	if (!f->last_touch[0]) {
		snprintf(out, CONT_DATE_LEN, "%s", today);
		return;
	}
	cont_date_add(f->last_touch, f->cadence_days, out);
}

int cont_risk_evaluate(const cont_facts *f, const char *today, json_t *reasons, enum cont_band *band,
                       unsigned *codes)
{
	rctx x = {reasons, 0, CONT_OK, 0};
	/* Who owns the relationship. */
	if (!f->primary_user)
		reason(&x, R_NO_PRIMARY, CONT_OVERDUE, 30,
		       "Nobody on staff is the primary liaison: the relationship has no owner.");
	else if (!f->primary_active)
		reason(&x, R_INACTIVE, CONT_OVERDUE, 25,
		       "The primary liaison (%s) no longer has an active account.", f->primary_name);
	if (!f->backup_user)
		reason(&x, R_NO_BACKUP, CONT_WARNING, 15,
		       "There is no backup liaison: the relationship rests on one person.");
	else if (!f->backup_active)
		reason(&x, R_INACTIVE, CONT_OVERDUE, 20,
		       "The backup liaison (%s) no longer has an active account.", f->backup_name);
	/* Who the office knows there. */
	if (f->contacts == 0)
		reason(&x, R_NO_CONTACT, CONT_OVERDUE, 25,
		       "There is no current contact at this organization.");
	else if (f->contacts == 1)
		reason(&x, R_SINGLE, CONT_WARNING, 10,
		       "Only one current contact: if they move on, the door closes.");
	if (f->contacts > 0 && f->contacts_bounced == f->contacts)
		reason(&x, R_BOUNCED, CONT_OVERDUE, 20,
		       "Every current contact's details have bounced.");
	else if (f->contacts_bounced > 0)
		reason(&x, R_BOUNCED, CONT_WARNING, 5,
		       "%d current contact%s bounced.", f->contacts_bounced, f->contacts_bounced == 1 ? " has" : "s have");
	if (f->contacts > 0 && f->contacts_verified == 0)
		reason(&x, R_UNVERIFIED, CONT_WARNING, 10,
		       "No current contact has been verified in the last %d days.", f->verify_after_days);
	/* When the office last touched it (active partners have a cadence). */
	if (str_eq(f->status, "active")) {
		if (!f->last_touch[0]) {
			reason(&x, R_OVERDUE, CONT_OVERDUE, 25,
			       "No interaction has ever been recorded (expected every %d days).", f->cadence_days);
		} else {
			int64_t since = cont_days_between(f->last_touch, today);
			int64_t window = f->cadence_days / 5 > 0 ? f->cadence_days / 5 : 1;
			if (since > f->cadence_days)
				reason(&x, R_OVERDUE, CONT_OVERDUE, 20,
				       "Last interaction %lld days ago (%s); expected every %d days.", (long long)since,
				       f->last_touch, f->cadence_days);
			else if (since > f->cadence_days - window)
				reason(&x, R_DUE_SOON, CONT_WARNING, 5,
				       "Last interaction %lld days ago (%s); the next is due within %lld days.",
				       (long long)since, f->last_touch, (long long)(f->cadence_days - since));
		}
	}
	if (f->followups_overdue > 0) {
		int extra = (f->followups_overdue - 1) * 5;
		reason(&x, R_FOLLOWUPS, CONT_OVERDUE, 15 + (extra > 15 ? 15 : extra),
		       "%d follow-up%s overdue, the oldest due %s.", f->followups_overdue,
		       f->followups_overdue == 1 ? "" : "s", f->oldest_followup);
	}
	*band = x.band;
	if (codes) *codes = x.codes;
	return x.points;
}
