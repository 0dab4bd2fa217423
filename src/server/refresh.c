/* `stratex serve --refresh INTERVAL`: the publishers' lists fetched on a schedule
 * (sx_lists_fetch), the new version swapped in, and with --notify URL the new cases of
 * each update POSTed as JSON.  One thread; a failed fetch changes nothing and is logged. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "stratex/workflow.h"
#include "util/error.h"

#define SRV_NOTIFY_TIMEOUT_S 10L
#define SRV_NOTIFY_MAX_CASES 1000 /* cases in one notification; the rest are counted */

/* {"version","previous","delta":{added,removed,changed},"cases":[case...],"more":N} */
static char *notification(srv_state *st, json_t *update)
{
    json_t *delta = json_object_get(update, "delta"), *ids = json_object_get(update, "new_cases");
    json_t *o = json_pack(
        "{sOsOs{sOsOsO}}", "version", json_object_get(update, "version"), "previous",
        json_object_get(update, "previous"), "delta", "added", json_object_get(delta, "added"),
        "removed", json_object_get(delta, "removed"), "changed", json_object_get(delta, "changed"));
    json_t *cases = json_array();
    size_t n = json_array_size(ids);
    for (size_t i = 0; o && cases && i < n && i < SRV_NOTIFY_MAX_CASES; i++) {
        char *text = NULL;
        if (sx_case_json(&text, st->audit, json_integer_value(json_array_get(ids, i))) == 0)
            json_array_append_new(cases, json_loads(text, 0, NULL));
        free(text);
    }
    if (o && cases) {
        json_object_set_new(o, "cases", cases);
        json_object_set_new(
            o, "more",
            json_integer(n > SRV_NOTIFY_MAX_CASES ? (json_int_t)(n - SRV_NOTIFY_MAX_CASES) : 0));
    } else {
        json_decref(cases);
    }
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

static void post(const char *url, const char *body)
{
    CURL *c = curl_easy_init();
    if (!c)
        return;
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, SRV_NOTIFY_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    CURLcode cc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (cc != CURLE_OK || status >= 300)
        fprintf(stderr, "stratex serve: --notify %s: %s\n", url,
                cc != CURLE_OK ? curl_easy_strerror(cc) : "the receiver refused it");
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void refresh_once(srv_state *st)
{
    const srv_config *cfg = st->cfg;
    sx_lists_fetch_opts o = {.sources = cfg->sources,
                             .data_dir = cfg->data_dir,
                             .snapshots = cfg->snapshots,
                             .actor = "refresh"};
    char *report = NULL;
    if (sx_lists_fetch(&report, st->audit, &o) != 0) {
        fprintf(stderr, "stratex serve: --refresh: nothing changed: %s\n", sx_errmsg());
        return;
    }
    json_t *r = json_loads(report, 0, NULL), *update = json_object_get(r, "update");
    free(report);
    if (json_is_true(json_object_get(update, "unchanged"))) {
        json_decref(r);
        return;
    }
    srv_reload_poke(st);
    fprintf(stderr, "stratex serve: --refresh: list version %.12s in force\n",
            json_string_value(json_object_get(update, "version")));
    if (cfg->notify) {
        char *body = notification(st, update);
        if (body)
            post(cfg->notify, body);
        free(body);
    }
    json_decref(r);
}

static void *refresh_loop(void *arg)
{
    srv_state *st = arg;
    srv_refresher *r = &st->refresher;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += st->cfg->refresh_s;
        while (!r->stop && pthread_cond_timedwait(&r->wake, &r->lock, &until) == 0)
            ;
        if (r->stop)
            break;
        pthread_mutex_unlock(&r->lock);
        refresh_once(st);
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

int srv_refresher_start(srv_state *st)
{
    srv_refresher *r = &st->refresher;
    if (!st->cfg->refresh_s)
        return 0;
    if (!st->cfg->snapshots)
        return sx_error_set(SX_EINVAL, "--refresh needs a snapshot folder (--snapshots)");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) /* before any other thread uses it */
        return sx_error_set(SX_EIO, "libcurl could not be initialised");
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (pthread_create(&r->thread, NULL, refresh_loop, st) != 0)
        return SX_ENOMEM;
    r->running = 1;
    return 0;
}

void srv_refresher_stop(srv_state *st)
{
    srv_refresher *r = &st->refresher;
    if (!r->running)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    r->running = 0;
}
