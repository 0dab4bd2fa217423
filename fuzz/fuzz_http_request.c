/* Fuzz target: arbitrary bytes as an HTTP request through the server's own checks, in the
 * order a connection meets them — the guard's look at the first bytes, the request
 * target (NUL, UTF-8), route matching and roles before any body, the JSON body within its
 * limits — and the access log's escaping.  Asserts what a client can rely on: every
 * refusal is a problem+json that parses and carries its status, and a log field never
 * holds a byte that could forge a line or a field.  libmicrohttpd's own parsing is not
 * in reach here (it needs a socket); tests/server/hostile.py covers it end to end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "server/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The answer set on rq parses as a problem with the status the server sends. */
static void assert_problem(const srv_request *rq)
{
    if (!rq->out || !rq->status)
        abort();
    json_t *o = json_loads(rq->out, 0, NULL);
    if (!o || json_integer_value(json_object_get(o, "status")) != (json_int_t)rq->status ||
        !json_is_string(json_object_get(o, "detail")) ||
        !json_is_string(json_object_get(o, "instance")))
        abort();
    json_decref(o);
}

static void assert_log_safe(const char *in)
{
    char out[1024];
    srv_log_field(out, sizeof out, in);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f)
            abort();
}

static void request_free(srv_request *rq)
{
    free(rq->out);
    sx_buf_free(&rq->body);
}

/* The part of the request after the headers' routing: the body, for the given role. */
static void route_and_body(const char *method, const char *path, int role, const char *ctype,
                           const char *body, size_t body_len)
{
    srv_request rq;
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.path = path;
    rq.role = role;
    rq.body.max = SRV_MAX_BODY_BYTES;
    if (srv_route_prepare(&rq) != 0) {
        assert_problem(&rq);
        if (rq.status != 401 && rq.status != 403 && rq.status != 404 && rq.status != 405)
            abort();
        if (rq.status == 405 && !rq.allow)
            abort();
        request_free(&rq);
        return;
    }
    if (!rq.route)
        abort();
    if (body_len && sx_buf_put(&rq.body, body, body_len) != 0) {
        request_free(&rq);
        return; /* over the limit: the server answers 413 without parsing */
    }
    json_t *v = srv_body_json_typed(&rq, ctype);
    if (v) {
        json_decref(v);
    } else {
        assert_problem(&rq);
        if (rq.status != 400 && rq.status != 415)
            abort();
    }
    request_free(&rq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The guard peeks at up to 64 bytes; a refused connection goes no further. */
    if (srv_not_http(data, size < 64 ? size : 64))
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* request line: METHOD SP TARGET SP VERSION CRLF, after any empty lines */
    char *p = text + strspn(text, "\r\n");
    char *method = p, *sp = strchr(p, ' ');
    char *eol = strpbrk(p, "\r\n");
    if (!sp || (eol && eol < sp))
        goto done;
    *sp = '\0';
    char *target = sp + 1;
    size_t tlen = strcspn(target, " \r\n");
    char *rest = target + tlen + (target[tlen] != '\0');
    target[tlen] = '\0';
    /* headers: only Content-Type matters here; the body follows the empty line */
    const char *ctype = NULL;
    char *body = NULL;
    while (rest && *rest) {
        char *line_end = strstr(rest, "\r\n");
        size_t len = line_end ? (size_t)(line_end - rest) : strlen(rest);
        if (len == 0) {
            body = rest + 2;
            break;
        }
        if (len > 13 && strncasecmp(rest, "content-type:", 13) == 0) {
            rest[len] = '\0';
            ctype = rest + 13 + strspn(rest + 13, " \t");
        }
        rest = line_end ? line_end + 2 : NULL;
    }
    size_t body_len = body ? size - (size_t)(body - text) : 0;

    assert_log_safe(method);
    assert_log_safe(target);
    const char *why = srv_target_problem(target);
    if (why) {
        srv_request rq;
        memset(&rq, 0, sizeof rq);
        rq.method = method;
        rq.path = target;
        srv_problem(&rq, 400, "bad-request-target", "Bad request target", "the request target %s",
                    why);
        assert_problem(&rq);
        request_free(&rq);
        goto done;
    }
    /* what libmicrohttpd hands the handlers: the path, percent-decoded */
    target[strcspn(target, "?")] = '\0';
    MHD_http_unescape(target);
    assert_log_safe(target);
    route_and_body(method, target, SRV_ROLE_NONE, ctype, body, body_len);
    route_and_body(method, target, SRV_ROLE_SCREEN, ctype, body, body_len);
    route_and_body(method, target, SRV_ROLE_ADMIN, ctype, body, body_len);
done:
    free(text);
    return 0;
}
