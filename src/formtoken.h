/*
** formtoken.h: signed tokens for public forms, which have no session and
** so no CSRF cookie.  A token is base64url(issued-at, random nonce, office
** id, HMAC-SHA-256 of those under a server secret).  It proves the form was
** served by this server for this office recently; its nonce makes a
** resubmission recognisable (the feedback row stores it).
**
** The secret is RAPPORT_FORM_SECRET (64 hex characters) when set, so every
** server behind a load balancer agrees; otherwise random per process, so a
** restart invalidates forms open at the time (they are shown again, with
** the person's input kept, to send once more).
*/
#ifndef RAPPORT_FORMTOKEN_H
#define RAPPORT_FORMTOKEN_H

#include <stdbool.h>
#include <stdint.h>

#define FORMTOKEN_LEN 88           /* characters, with the NUL */
#define FORMTOKEN_MAX_AGE (4 * 3600)

/* A token for office, issued at `now` (seconds). */
void formtoken_make(int64_t office_id, int64_t now, char out[FORMTOKEN_LEN]);

enum formtoken_result { FORMTOKEN_OK, FORMTOKEN_BAD, FORMTOKEN_EXPIRED };
/* Checks a token for office at `now`; on success nonce_hex (33 bytes) gets
** its nonce. */
enum formtoken_result formtoken_check(const char *token, int64_t office_id, int64_t now, char nonce_hex[33]);

#endif
