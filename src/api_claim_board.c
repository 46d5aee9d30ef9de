/*
** api_claim_board.c: the misconception board: claims by status, each with
** its age against the office's response target (offices.settings
** response_target_hours; default 24 hours for high severity, 72 for
** medium, 168 for low), most severe first, then oldest first.
**
** Age runs from the first sighting to now, or to the first publication once
** there is one (the clock stops when the office has answered).  Closed,
** dismissed and merged claims are not on the board.
*/
#include "handlers.h"
#include "misconceptions.h"

#include <string.h>

static const char *const board_columns[] = {"reported", "triaged", "drafting", "in_review", "approved",
                                            "published", "monitoring", NULL};

void api_claim_board(http_req *r)
{
	store_conn *c = api_begin(r, STORE_READ);
	if (!c) return;
	int64_t office = r->caller.office_id;
	claim_targets t = claim_targets_get(c, office);
	int rc;
	json_t *rows = store_query_rows(c, &rc,
	    "SELECT c.id, c.statement, c.topic, c.severity, c.status, c.first_seen_at, c.published_at, c.slug,"
	    " (SELECT COUNT(*) FROM sightings s WHERE s.office_id = c.office_id AND s.claim_id = c.id) AS sightings_count"
	    " FROM claims c WHERE c.office_id = ? AND c.merged_into_id IS NULL"
	    " AND c.status NOT IN ('closed', 'dismissed')"
	    " ORDER BY CASE c.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, c.first_seen_at, c.id"
	    " LIMIT 2000",
	    "i", office);
	if (!rows) return api_fail(r, rc);
	json_t *cols = json_array();
	for (int k = 0; board_columns[k]; k++)
		json_array_append_new(cols, json_pack("{s:s, s:i, s:i, s:[]}", "status", board_columns[k], "count", 0,
		                                      "overdue", 0, "items"));
	int64_t now = time_now_secs();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *status = json_string_value(json_object_get(row, "status"));
		int64_t hours = claim_target_hours(&t, json_string_value(json_object_get(row, "severity")));
		int64_t seen = now, end = now;
		time_parse_iso(json_string_value(json_object_get(row, "first_seen_at")), &seen);
		const char *pub = json_string_value(json_object_get(row, "published_at"));
		if (pub) time_parse_iso(pub, &end);
		int64_t age = end - seen;
		char due[ISO_TIME_LEN];
		time_iso_from_epoch(seen + hours * 3600, due);
		bool overdue = age > hours * 3600;
		json_object_set_new(row, "age_hours", json_real((double)(age / 36) / 100.0));
		json_object_set_new(row, "target_hours", json_integer(hours));
		json_object_set_new(row, "due_at", json_string(due));
		json_object_set_new(row, "overdue", json_boolean(overdue));
		json_object_set_new(row, "answered", json_boolean(pub != NULL));
		for (int k = 0; board_columns[k]; k++) {
			if (strcmp(board_columns[k], status) != 0) continue;
			json_t *col = json_array_get(cols, (size_t)k);
			json_array_append(json_object_get(col, "items"), row);
			json_object_set_new(col, "count", json_integer(json_integer_value(json_object_get(col, "count")) + 1));
			if (overdue)
				json_object_set_new(col, "overdue",
				                    json_integer(json_integer_value(json_object_get(col, "overdue")) + 1));
		}
	}
	json_decref(rows);
	char at[ISO_TIME_LEN];
	time_iso_from_epoch(now, at);
	api_read_reply(r, json_pack("{s:s, s:{s:I, s:I, s:I}, s:o}", "generated_at", at, "target_hours", "high",
	                            (json_int_t)t.high, "medium", (json_int_t)t.medium, "low", (json_int_t)t.low,
	                            "columns", cols));
}
