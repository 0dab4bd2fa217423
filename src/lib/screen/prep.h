/* Turning a name reading into an sx_prep (internal; used by the index and the matcher). */
#ifndef SX_SCREEN_PREP_H
#define SX_SCREEN_PREP_H

#include "lib/screen/similarity.h"
#include "util/arena.h"

/* Fills p from a reading ("kim kyong nam"): tokens, compact form, skeleton.  Token
 * weights are set to 1; strings live in the arena (text is not kept; tokens are not
 * NUL-terminated: use tlen). */
int sx_prep_make(sx_prep *p, sx_arena *a, const char *text, bool translit);
/* The same for an index key: the skeleton is not kept (skel NULL; slen and ncons are
 * set), since the index is large and rebuilds a skeleton only for its postings. */
int sx_prep_make_key(sx_prep *p, sx_arena *a, const char *text, bool translit);
/* Marks the words of p that nicknames.tsv holds (sx_prep.nicknames): a query's reading,
 * compared with many list names. */
void sx_prep_mark_nicknames(sx_prep *p);
/* Marks the words of a query reading that name a country or region (sx_prep.places). */
void sx_prep_mark_places(sx_prep *p);

#endif
