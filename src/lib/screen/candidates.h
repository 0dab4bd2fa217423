/* A list name searched for in a register (internal; the workflow's delta re-screening).
 *
 * The register's parties are indexed as a list and an added list entity's names are the
 * queries: the roles of sx_screen_query, reversed.  Words one side gives and the other
 * does not weigh by which side is the list's (similarity.c leftover_weight), so the
 * reversed search would miss parties the forward screening finds (Huawei, a party, for
 * the listed Huawei Technology Co. Ltd.).  sx_screen_candidates scores as the forward
 * screening would where the roles matter; the forward screening then decides. */
#ifndef SX_SCREEN_CANDIDATES_H
#define SX_SCREEN_CANDIDATES_H

#include <stddef.h>

#include "stratex/screen.h"

/* As sx_screen_query, for list_name against an index of parties; opts->type is the list
 * entity's type. */
int sx_screen_candidates(sx_screen_hit **out, size_t *n, const sx_screen_index *ix,
                         const char *list_name, const sx_screen_opts *opts);

#endif
