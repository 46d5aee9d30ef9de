/*
** ratelimit.c: token buckets in a fixed-size hash table.  When the table is
** full the oldest-touched slot in a probe window is reused, so memory stays
** bounded whatever the traffic (a flood of addresses can only forget old
** buckets, never grow the table).
*/
#include "ratelimit.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RL_SLOTS 4096
#define RL_PROBE 8

struct slot {
	char key[64];
	double tokens;
	int64_t touched_ms;
};

struct ratelimit {
	pthread_mutex_t lock;
	double per_ms;
	double burst;
	struct slot slots[RL_SLOTS];
};

ratelimit *ratelimit_new(double per_minute, double burst)
{
	ratelimit *rl = xcalloc(1, sizeof *rl);
	pthread_mutex_init(&rl->lock, NULL);
	rl->per_ms = per_minute / 60000.0;
	rl->burst = burst;
	return rl;
}

void ratelimit_free(ratelimit *rl)
{
	if (!rl) return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

bool ratelimit_take(ratelimit *rl, const char *key)
{
	char k[64];
	snprintf(k, sizeof k, "%s", key ? key : "");
	int64_t now = time_now_ms();
	pthread_mutex_lock(&rl->lock);
	uint32_t h = hash(k);
	struct slot *s = NULL, *oldest = NULL;
	for (int i = 0; i < RL_PROBE; i++) {
		struct slot *c = &rl->slots[(h + (uint32_t)i) % RL_SLOTS];
		if (strcmp(c->key, k) == 0 && c->touched_ms) {
			s = c;
			break;
		}
		if (!oldest || c->touched_ms < oldest->touched_ms) oldest = c;
	}
	if (!s) {
		s = oldest;
		snprintf(s->key, sizeof s->key, "%s", k);
		s->tokens = rl->burst;
		s->touched_ms = now;
	}
	s->tokens += (double)(now - s->touched_ms) * rl->per_ms;
	if (s->tokens > rl->burst) s->tokens = rl->burst;
	s->touched_ms = now;
	bool ok = s->tokens >= 1.0;
	if (ok) s->tokens -= 1.0;
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
