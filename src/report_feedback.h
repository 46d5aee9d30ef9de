/*
** report_feedback.h: the feedback summary (counts and response times by
** month, cycle, channel, topic, language and status) and the public-records
** export, shared by the API (report_feedback.c) and the command line
** (rapport report feedback, rapport export feedback).
**
** Definitions (also in docs/openapi.yaml):
**   period     the office's local dates from..to inclusive, in its time zone;
**              a record belongs to the local date (and month) it was received.
**   received   feedback received in the period.
**   acted_on   of those, the ones that have reached "action taken".
**   closed     of those, the ones closed now (closed or closed without action).
**   first action  the first workflow step after "new" (triaged, in progress,
**              action taken or closed without action); time to first action
**              = its time - received_at.
**   time to close = closed_at - received_at, for records closed now.
**   median     the middle value; for an even count the mean of the two middle
**              values.  p90: nearest rank, the value at position ceil(0.9 n)
**              of the sorted values.  Both in seconds; null when no values.
**   cycle      on when the local date is within on_cycle_days_before /
**              on_cycle_days_after of an election date (ends included).
** Status counts, acted_on and closed are as of the time the report runs.
*/
#ifndef RAPPORT_REPORT_FEEDBACK_H
#define RAPPORT_REPORT_FEEDBACK_H

#include "export.h"
#include "redact.h"
#include "store.h"

#define REPORT_MAX_DAYS 1096   /* the longest period a report or export covers */

/* Checks a period; NULL when fine, else a message (static). */
const char *report_period_problem(const char *from, const char *to);

/* The summary for an office and a checked period.  NULL on a store error
** (*rc set).  Caller decrefs. */
json_t *feedback_summary(store_conn *c, int64_t office_id, const char *from, const char *to, int *rc);

/* The public-records export: its columns, and its rows with confidential
** fields left out and every free-text field redacted; counts what was
** redacted per field into *by_field (object of field -> counts, new) and
** in total into *total.  NULL on a store error.  Caller decrefs. */
extern const export_col feedback_export_cols[];
extern const int feedback_export_ncols;
json_t *feedback_export_rows(store_conn *c, int64_t office_id, const char *from, const char *to,
                             redact_counts *total, json_t **by_field, int *rc);

/* Plain-text rendering of a summary, for the command line.  Caller frees. */
char *feedback_summary_text(json_t *summary);

/* Command line (report_feedback_cli.c):
**   rapport report feedback --from DATE --to DATE [--office OFFICE] [--json]
**   rapport export feedback --from DATE --to DATE --format csv|xlsx [--bom] --out FILE [--office OFFICE] */
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
