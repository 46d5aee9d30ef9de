/*
** continuity.c: the office settings the continuity reports read, the facts
** about each relationship (liaisons, contacts, touches, follow-ups,
** advisory participation), and the continuity-risk rules (continuity.h).
**
** Guarantees: every query is scoped to the office given; liaisons,
** contacts and touches come from the summary the database maintains
** (partner_facts, 010_partner_facts.sql: one row per partner holding every
** affiliation and touch with its dates), judged against today here, so the
** result equals a recomputation from the base tables on any day; the other
** facts are one query per kind for the whole office, joined in memory by
** partner id; the rules never touch the store.
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

/* The first 10 bytes of s (its date part), NUL-terminated. */
static void date_part(const char *s, char out[CONT_DATE_LEN])
{
	size_t n = strnlen(s, 10);
	memcpy(out, s, n);
	out[n] = 0;
}

int64_t cont_days_between(const char *a, const char *b)
{
	int64_t ta = 0, tb = 0;
	char da[CONT_DATE_LEN], db[CONT_DATE_LEN];
	date_part(a, da);
	date_part(b, db);
	time_parse_iso(da, &ta);
	time_parse_iso(db, &tb);
	return (tb - ta) / 86400;
}

/* ---- facts ---- */

char *cont_text(const char *s)
{
	if (!s) return xstrdup("");
	return utf8_valid(s, strlen(s)) ? xstrdup(s) : utf8_scrub(s);
}

/* s into out[cap] as cont_text makes it, cut at a character boundary. */
static void text_into(char *out, size_t cap, const char *s)
{
	char *t = cont_text(s);
	size_t n = strlen(t);
	if (n >= cap) n = cap - 1;
	while (n > 0 && !utf8_valid(t, n)) n--;
	memcpy(out, t, n);
	out[n] = 0;
	free(t);
}

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

/* "YYYY-MM-DD" -> "YYYYMMDD", the form of the dates in partner_facts. */
static void compact_date(const char *date, char out[9])
{
	int n = 0;
	for (const char *p = date; *p && n < 8; p++)
		if (*p != '-') out[n++] = *p;
	while (n < 8) out[n++] = '0';
	out[8] = 0;
}

/* Reads partner_facts.contacts (010_partner_facts.sql): one entry per
** affiliation, STARTEDON ENDEDON FLAG VERIFIED ID ';' (8+8+1+8 characters,
** the id, no spaces).  Counts the distinct contacts with an affiliation
** current on today, the bounced ones among them, and the others verified
** on or after cutoff (dates YYYYMMDD). */
static void parse_contacts(cont_facts *f, const char *s, const char *today, const char *cutoff)
{
	int64_t seen_small[16], *seen = seen_small;
	int nseen = 0, cap = 16;
	const char *end = s ? s + strlen(s) : NULL;
	while (s && end - s > 25) {
		const char *semi = memchr(s + 25, ';', (size_t)(end - s - 25));
		if (!semi) break;
		bool current = memcmp(s, today, 8) <= 0 && memcmp(s + 8, today, 8) > 0;
		int64_t id = 0;
		for (const char *p = s + 25; p < semi && *p >= '0' && *p <= '9'; p++) id = id * 10 + (*p - '0');
		bool dup = false;
		for (int i = 0; current && i < nseen && !dup; i++) dup = seen[i] == id;
		if (current && !dup) {
			if (nseen == cap) {
				int64_t *more = xmalloc((size_t)cap * 2 * sizeof *more);
				memcpy(more, seen, (size_t)nseen * sizeof *seen);
				if (seen != seen_small) free(seen);
				seen = more;
				cap *= 2;
			}
			seen[nseen++] = id;
			f->contacts++;
			if (s[16] == 'b') f->contacts_bounced++;
			else if (memcmp(s + 17, cutoff, 8) >= 0) f->contacts_verified++;
		}
		s = semi + 1;
	}
	if (seen != seen_small) free(seen);
}

/* Reads partner_facts.touches: 9 characters per touch, the date YYYYMMDD
** and the direction's letter.  Sets the last touch on or before today and
** the counts from year_ago to today. */
static void parse_touches(cont_facts *f, const char *s, const char *today, const char *year_ago)
{
	char last[9] = "";
	size_t n = s ? strlen(s) : 0;
	for (size_t k = 0; k + 9 <= n; k += 9) {
		const char *d = s + k;
		if (memcmp(d, today, 8) > 0) continue;
		if (!last[0] || memcmp(d, last, 8) > 0) memcpy(last, d, 8);
		if (memcmp(d, year_ago, 8) < 0) continue;
		f->touches_12m++;
		f->office_gave_12m += d[8] == 'o' || d[8] == 'b';
		f->partner_gave_12m += d[8] == 'p' || d[8] == 'b';
	}
	if (last[0]) snprintf(f->last_touch, sizeof f->last_touch, "%.4s-%.2s-%.2s", last, last + 4, last + 6);
}

int cont_touch_count(const char *touches, const char *from, const char *to)
{
	char from8[9], to8[9];
	compact_date(from, from8);
	compact_date(to, to8);
	int n = 0;
	size_t len = touches ? strlen(touches) : 0;
	for (size_t k = 0; k + 9 <= len; k += 9)
		n += memcmp(touches + k, from8, 8) >= 0 && memcmp(touches + k, to8, 8) <= 0;
	return n;
}

typedef struct staff {
	int64_t id;
	bool active;
	char *name;
} staff;

static int cmp_staff(const void *a, const void *b)
{
	int64_t x = ((const staff *)a)->id, y = ((const staff *)b)->id;
	return x < y ? -1 : x > y;
}

static void set_liaison(const staff *users, int nusers, int64_t id, int64_t *user, bool *active, char **name)
{
	staff key = {.id = id};
	const staff *u = id && nusers ? bsearch(&key, users, (size_t)nusers, sizeof *users, cmp_staff) : NULL;
	if (!u) return;   /* no liaison (or, impossibly, a user of no office: the join drops it) */
	*user = u->id;
	*active = u->active;
	*name = xstrdup(u->name ? u->name : "");
}

int cont_facts_load(store_conn *c, int64_t office_id, const char *status, int64_t partner_id,
                    const cont_settings *s, const char *today, cont_facts_list *out)
{
	int rc = STORE_OK;
	int cap = 0, nusers = 0, capu = 0;
	staff *users = NULL;
	out->items = NULL;
	out->n = 0;
	/* One partner or all: a range either way, so every query walks its
	** (office_id, partner_id ...) index instead of scanning. */
	int64_t lo = partner_id ? partner_id : 0, hi = partner_id ? partner_id : INT64_MAX;
	char year_ago[CONT_DATE_LEN], verify_cutoff[CONT_DATE_LEN];
	cont_date_add(today, -365, year_ago);
	cont_date_add(today, -s->verify_after_days, verify_cutoff);
	char today8[9], year_ago8[9], cutoff8[9];
	compact_date(today, today8);
	compact_date(year_ago, year_ago8);
	compact_date(verify_cutoff, cutoff8);

	/* The office's staff, for the liaisons' names and whether they are active. */
	store_stmt *st = store_prepare(c, "SELECT id, active, name FROM users WHERE office_id = ?");
	store_bind(st, "i", office_id);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (nusers == capu) users = xrealloc(users, (size_t)(capu = capu ? capu * 2 : 16) * sizeof *users);
		users[nusers].id = store_col_int(st, 0);
		users[nusers].active = store_col_int(st, 1) != 0;
		users[nusers++].name = cont_text(store_col_text(st, 2));
	}
	store_reset(st);
	if (rc != STORE_DONE) goto cleanup;
	if (nusers > 1) qsort(users, (size_t)nusers, sizeof *users, cmp_staff);

	/* Liaisons, contacts and touches come from the maintained summary
	** (010_partner_facts.sql), one row per partner, its dates judged against
	** today here; the partners' columns from their covering index
	** (partners_office_facts, in id order for one status). */
	if (status && !partner_id)
		st = store_prepare(c,
		    "SELECT p.id, p.name, p.subtype, p.status, p.cadence_days, f.primary_user_id, f.backup_user_id,"
		    " f.contacts, f.touches FROM partners p LEFT JOIN partner_facts f ON f.partner_id = p.id"
		    " WHERE p.office_id = ?1 AND p.status = ?2 AND ?3 <= ?4 ORDER BY p.id");
	else
		st = store_prepare(c,
		    "SELECT p.id, p.name, p.subtype, p.status, p.cadence_days, f.primary_user_id, f.backup_user_id,"
		    " f.contacts, f.touches FROM partners p LEFT JOIN partner_facts f ON f.partner_id = p.id"
		    " WHERE p.office_id = ?1 AND (?2 IS NULL OR p.status = ?2) AND p.id BETWEEN ?3 AND ?4");
	store_bind(st, "itii", office_id, status, lo, hi);
	bool sorted = true;
	while ((rc = store_step(st)) == STORE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->items = xrealloc(out->items, (size_t)cap * sizeof *out->items);
		}
		cont_facts *f = &out->items[out->n++];
		memset(f, 0, sizeof *f);
		f->id = store_col_int(st, 0);
		f->name = cont_text(store_col_text(st, 1));
		text_into(f->subtype, sizeof f->subtype, store_col_text(st, 2));
		text_into(f->status, sizeof f->status, store_col_text(st, 3));
		f->cadence_days = cont_cadence_for(s, store_col_null(st, 4) ? 0 : (int)store_col_int(st, 4), f->subtype);
		f->verify_after_days = s->verify_after_days;
		set_liaison(users, nusers, store_col_null(st, 5) ? 0 : store_col_int(st, 5), &f->primary_user,
		            &f->primary_active, &f->primary_name);
		set_liaison(users, nusers, store_col_null(st, 6) ? 0 : store_col_int(st, 6), &f->backup_user,
		            &f->backup_active, &f->backup_name);
		parse_contacts(f, store_col_text(st, 7), today8, cutoff8);
		parse_touches(f, store_col_text(st, 8), today8, year_ago8);
		if (out->n > 1 && f[-1].id > f->id) sorted = false;
	}
	store_reset(st);
	if (rc != STORE_DONE) goto cleanup;
	rc = STORE_OK;
	if (out->n == 0) goto cleanup;
	if (!sorted) qsort(out->items, (size_t)out->n, sizeof *out->items, cmp_facts_id);

	/* Overdue follow-ups: the office's from the small index of open ones
	** (partner_id in it); one partner's from its own interactions. */
	if (partner_id) {
		st = store_prepare(c,
		    "SELECT partner_id, follow_up_on FROM interactions WHERE office_id = ?1 AND partner_id = ?3"
		    " AND follow_up_done_at IS NULL AND follow_up_on < ?2");
	} else {
		st = store_prepare(c,
		    "SELECT partner_id, follow_up_on FROM interactions"
		    " WHERE office_id = ?1 AND follow_up_done_at IS NULL AND follow_up_on < ?2 AND ?3 = 0");
	}
	store_bind(st, "iti", office_id, today, partner_id);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (!f) continue;
		const char *on = store_col_text(st, 1);
		if (!f->followups_overdue++ || strncmp(on, f->oldest_followup, 10) < 0)
			snprintf(f->oldest_followup, sizeof f->oldest_followup, "%.10s", on);
	}
	store_reset(st);
	if (rc != STORE_DONE) goto cleanup;

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
	if (rc != STORE_DONE) goto cleanup;

	st = store_prepare(c,
	    "SELECT m.partner_id, COUNT(*) FROM advisory_recommendations r JOIN advisory_members m ON m.id = r.member_id"
	    " WHERE r.office_id = ?1 AND r.status = 'adopted' AND m.partner_id BETWEEN ?2 AND ?3 GROUP BY m.partner_id");
	store_bind(st, "iii", office_id, lo, hi);
	while ((rc = store_step(st)) == STORE_ROW) {
		cont_facts *f = find(out, store_col_int(st, 0));
		if (f) f->advisory_adopted = (int)store_col_int(st, 1);
	}
	store_reset(st);
	if (rc != STORE_DONE) goto cleanup;

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
	rc = rc == STORE_DONE ? STORE_OK : rc;
cleanup:
	for (int i = 0; i < nusers; i++) free(users[i].name);
	free(users);
	return rc;
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
