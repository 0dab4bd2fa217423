/* Watching jansson's allocations (jsonmem.h). */
#include "util/jsonmem.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/error.h"

static json_malloc_t next_malloc = malloc;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static _Thread_local bool lost;

static void *watched_malloc(size_t size)
{
    void *p = next_malloc(size);
    if (!p)
        lost = true;
    return p;
}

static void install(void)
{
    json_malloc_t m = NULL;
    json_free_t f = NULL;
    json_get_alloc_funcs(&m, &f);
    if (m == watched_malloc)
        return;
    next_malloc = m ? m : malloc;
    json_set_alloc_funcs(watched_malloc, f ? f : free);
}

void sx_json_watch(void)
{
    pthread_once(&once, install);
    lost = false;
}

bool sx_json_lost(void)
{
    return lost;
}

bool sx_json_oom(const json_error_t *err)
{
    /* jansson marks some allocation failures json_error_out_of_memory and returns others
     * (its lexer's first buffer) with the message left empty, which no syntax error does */
    return lost || json_error_code(err) == json_error_out_of_memory || !err->text[0];
}

char *sx_json_dumps(const json_t *json, size_t flags)
{
    sx_json_watch();
    char *text = json_dumps(json, flags);
    if (text && lost) {
        free(text);
        text = NULL;
    }
    if (!text)
        sx_error_oom();
    return text;
}
