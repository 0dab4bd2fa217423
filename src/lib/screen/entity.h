/* A list entity's record as data (internal): the canonical serialisation behind its
 * content hash, shared by the list loader and the public accessors in entity.c. */
#ifndef SX_SCREEN_ENTITY_H
#define SX_SCREEN_ENTITY_H

#include <jansson.h>

#include "lib/screen/list.h"

/* Sets every entity's content_hash; called once when a list has loaded. */
int sx_list_hash_entities(sx_list *l);
/* The entity as a JSON object (without content_hash, arrays as published); NULL on OOM. */
json_t *sx_entity_to_json(const sx_entity *e);

#endif
