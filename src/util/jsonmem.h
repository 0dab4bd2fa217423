/* Parsing JSON with jansson without mistaking a memory failure for the text.
 *
 * jansson's parser does not always report running out of memory: some failures come back
 * as syntax errors, and its lexer ignores a failed append to the text it keeps, so a
 * string can lose a byte and the parse still succeed ("1C350" read as "1C35").  The
 * library therefore watches jansson's allocations: sx_json_watch() routes them (once per
 * process) through a function that calls whatever allocator jansson had and notes a
 * failure for the calling thread, and sx_json_lost() says whether one failed since the
 * last sx_json_watch() on this thread.  The same goes for json_dumps(), whose output can
 * lose a key when an allocation fails: sx_json_dumps() fails instead.  A program that later
 * installs its own jansson allocator (json_set_alloc_funcs) simply turns the watch off. */
#ifndef SX_UTIL_JSONMEM_H
#define SX_UTIL_JSONMEM_H

#include <jansson.h>
#include <stdbool.h>

/* Call right before json_loads()/json_loadb(). */
void sx_json_watch(void);
/* After the parse: did one of jansson's allocations fail?  (Then the result, NULL or
 * not, is not the text: fail with sx_error_oom().) */
bool sx_json_lost(void);
/* After a parse that returned NULL: memory (true) or the text (false)? */
bool sx_json_oom(const json_error_t *err);
/* json_dumps(), but NULL (with SX_ENOMEM set) when one of jansson's allocations failed
 * while dumping: its dumper can drop a key and still return text. */
char *sx_json_dumps(const json_t *json, size_t flags);

#endif
