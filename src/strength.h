/*
** strength.h: an explainable strength score for each relationship, and the
** questionnaire's pick of one strong and one developing relationship with
** organizations that reach different demographic groups.
**
** The score is never a bare number: strength_explain returns every factor
** with its raw value, its 0..1 credit, its weight and its contribution, so
** the total can be checked by hand.  docs/STRENGTH.md documents the formula;
** keep the two in step.
*/
#ifndef RAPPORT_STRENGTH_H
#define RAPPORT_STRENGTH_H

#include <jansson.h>

#include "continuity.h"

#define STRENGTH_STRONG 60.0      /* at or above: strong */
#define STRENGTH_DEVELOPING 25.0  /* at or above (and below strong): developing; below: weak */

/* The score of f as of today, 0..100, one decimal. */
double strength_score(const cont_facts *f, const char *today);
/* "strong", "developing" or "weak". */
const char *strength_band(double score);
/* {partner_id, name, score, band, factors: [{factor, value, credit, weight,
** contribution, explanation}]}.  Caller decrefs. */
json_t *strength_explain(const cont_facts *f, const char *today);

/* Picks, from facts already scored (scores[i] belongs to l->items[i]), the
** strongest partner rated strong and the best-scoring partner below strong
** whose demographic groups share none with it (both must reach at least
** one group).  Sets *strong and *developing to indexes, or -1 when no such
** pair exists.  Returns true when a pair was found. */
bool strength_pick_examples(const cont_facts_list *l, const double *scores, int *strong, int *developing);

#endif
