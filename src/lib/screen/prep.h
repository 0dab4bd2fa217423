/* Turning a name reading into an sx_prep (internal; used by the index and the matcher). */
#ifndef SX_SCREEN_PREP_H
#define SX_SCREEN_PREP_H

#include "lib/screen/similarity.h"
#include "util/arena.h"

/* Fills p from a reading ("kim kyong nam"): tokens, compact form, skeleton.  Token
 * weights are set to 1; strings live in the arena. */
int sx_prep_make(sx_prep *p, sx_arena *a, const char *text, bool translit);

#endif
