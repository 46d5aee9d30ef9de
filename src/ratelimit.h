/*
** ratelimit.h: per-key token buckets in memory (keys are client addresses
** or emails).  Used for sign-ins and the public feedback form.  Thread-safe.
*/
#ifndef RAPPORT_RATELIMIT_H
#define RAPPORT_RATELIMIT_H

#include <stdbool.h>

typedef struct ratelimit ratelimit;

/* A bucket of `burst` tokens refilled at `per_minute` tokens a minute. */
ratelimit *ratelimit_new(double per_minute, double burst);
void ratelimit_free(ratelimit *rl);
/* Takes a token for key; false when the key has none left. */
bool ratelimit_take(ratelimit *rl, const char *key);

#endif
