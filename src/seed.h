/*
** seed.h: the starting data every new office gets (its demographic groups,
** and later its topic lists), and the fictional demo county for make demo.
*/
#ifndef RAPPORT_SEED_H
#define RAPPORT_SEED_H

#include "store.h"

/* Adds the default vocabularies to a new office, inside the caller's transaction. */
void seed_office_defaults(store_conn *c, int64_t office_id);

#endif
