/*
** office.h: an office's settings (the on-cycle window, response targets,
** contact cadences, how often contacts are re-verified, the state opt-in)
** with their defaults, and the checks a change to them must pass.
**
** Every engine that needs a setting calls office_settings_get(), which
** always answers a complete object: a key the office never set, or one
** stored in a shape that no longer validates, reads as its default.
*/
#ifndef RAPPORT_OFFICE_H
#define RAPPORT_OFFICE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "store.h"

/* Defaults (and ranges, checked on every change). */
#define OFFICE_ON_CYCLE_DAYS_BEFORE 60      /* 0..365 */
#define OFFICE_ON_CYCLE_DAYS_AFTER 30       /* 0..365 */
#define OFFICE_TARGET_HOURS_HIGH 24         /* each 1..8760 */
#define OFFICE_TARGET_HOURS_MEDIUM 72
#define OFFICE_TARGET_HOURS_LOW 168
#define OFFICE_CADENCE_DAYS_DEFAULT 90      /* 7..730, as partners.cadence_days */
#define OFFICE_VERIFY_AFTER_DAYS 365        /* 1..3650 */

/* The office's complete settings:
**   {on_cycle_days_before, on_cycle_days_after,
**    response_target_hours: {high, medium, low},
**    cadence_days_default, cadence_days_by_subtype: {subtype: days},
**    verify_after_days, offerings: [text] ([]: the standard wording),
**    state_opt_in}
** with defaults filled in.  NULL when there is no such office or the store
** fails.  Caller decrefs. */
json_t *office_settings_get(store_conn *c, int64_t office_id);

/* The settings with every default and nothing stored.  Caller decrefs. */
json_t *office_settings_defaults(void);

/* Days between touches expected for a partner of this subtype (the
** office's per-subtype value, else its default) from a settings object as
** office_settings_get returns it. */
int64_t office_cadence_days(json_t *settings, const char *subtype);

/* The complete settings from what an office stored (offices.settings,
** parsed; NULL or junk reads as nothing stored) and its state opt-in.
** Caller decrefs. */
json_t *office_settings_fill(json_t *stored, bool state_opt_in);

/* Applies a PATCH of settings (an object; a key set to null returns to its
** default) over what the office stored, checking each field and reporting
** problems as "settings.FIELD".  Returns the new object to store (without
** state_opt_in, which lives in its own column: *state_opt_in is set to 0 or
** 1 when the patch changes it, else left alone).  NULL when v holds
** errors.  Caller decrefs. */
json_t *office_settings_merge(valid *v, json_t *stored, json_t *patch, int *state_opt_in);

/* Whether name is a real IANA time zone: a TZif file under
** /usr/share/zoneinfo, reached without "..". */
bool office_timezone_valid(const char *name);

#endif
