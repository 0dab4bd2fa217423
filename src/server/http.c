/* Responses and request bodies: RFC 9457 problem details, JSON input within the named
 * limits, and splicing the audit id into an engine answer without re-encoding it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "util/utf8.h"

void srv_reply_json(srv_request *rq, unsigned status, char *body)
{
    free(rq->out);
    rq->status = status;
    rq->out = body;
    rq->ctype = "application/json";
}

void srv_problem(srv_request *rq, unsigned status, const char *slug, const char *title,
                 const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    /* Details quote user input: what is not UTF-8 (bytes from a query, a cut character)
     * is marked, so the problem always encodes and is never replaced by another status. */
    sx_utf8_repair(detail);
    char instance[256];
    const char *path = rq->path ? rq->path : "";
    size_t n = sx_utf8_prefix(path, strlen(path), sizeof instance - 1);
    memcpy(instance, path, n);
    instance[n] = '\0';
    sx_utf8_repair(instance);
    char type[96];
    if (slug)
        snprintf(type, sizeof type, "urn:stratex:problem:%s", slug);
    else
        snprintf(type, sizeof type, "about:blank");
    json_t *o = json_pack("{ss ss sI ss ss}", "type", type, "title", title, "status",
                          (json_int_t)status, "detail", detail, "instance", instance);
    free(rq->out);
    rq->out = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    rq->status = status;
    rq->ctype = "application/problem+json";
}

void srv_problem_from_error(srv_request *rq, int code)
{
    const char *msg = sx_errmsg();
    if (!*msg)
        msg = sx_strerror(code);
    switch (code) {
    case SX_EPARSE:
        srv_problem(rq, 400, "malformed-request", "Malformed request", "%s", msg);
        break;
    case SX_ELIMIT:
        srv_problem(rq, 413, "limit-exceeded", "Request exceeds a limit", "%s", msg);
        break;
    case SX_EINVAL:
    case SX_ERANGE:
        srv_problem(rq, 422, "invalid-request", "Invalid request", "%s", msg);
        break;
    case SX_EDATE:
        srv_problem(rq, 422, "bad-date", "Bad or out-of-range date", "%s", msg);
        break;
    case SX_EUNKNOWN_COUNTRY:
        srv_problem(rq, 422, "unknown-country", "Unknown country", "%s", msg);
        break;
    case SX_EUNKNOWN_JURISDICTION: /* in a body; in a path it is a 404 (routes.c) */
        srv_problem(rq, 422, "unknown-jurisdiction", "Unknown jurisdiction", "%s", msg);
        break;
    case SX_EUNKNOWN_ITEM:
        srv_problem(rq, 422, "unknown-item", "Unknown item", "%s", msg);
        break;
    case SX_ENOTFOUND:
        srv_problem(rq, 404, "not-found", "Not found", "%s", msg);
        break;
    case SX_EUNSUPPORTED:
        srv_problem(rq, 501, "not-implemented", "Not implemented", "%s", msg);
        break;
    case SX_ECONFLICT:
        srv_problem(rq, 409, "conflict", "Conflict", "%s", msg);
        break;
    case SX_EAUTH:
        srv_problem(rq, 403, "forbidden", "Forbidden", "%s", msg);
        break;
    case SX_EDB:
    case SX_EINTEGRITY:
        srv_problem(rq, 503, "audit-store-unavailable", "Audit store unavailable",
                    "the decision was not recorded, so it is not returned: %s", msg);
        break;
    default:
        srv_problem(rq, 500, "internal-error", "Internal error", "%s", msg);
    }
}

/* Nesting depth of JSON text, counted outside strings, so a hostile body cannot make the
 * parser recurse deeply. */
static int depth_within(const char *s, size_t len, int max)
{
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                return 0;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 1;
}

static int json_content_type(srv_request *rq)
{
    const char *ct =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || !*ct)
        return 1; /* curl -d without -H: be lenient, the body must still be JSON */
    size_t n = strcspn(ct, ";");
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    /* curl -d sends this type by default; the body must still parse as JSON. */
    if (n == 33 && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        return 1;
    return (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
           (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

json_t *srv_body_json(srv_request *rq)
{
    if (!json_content_type(rq)) {
        srv_problem(rq, 415, NULL, "Unsupported Media Type",
                    "the request body must be application/json");
        return NULL;
    }
    if (rq->body.len == 0) {
        srv_problem(rq, 400, "malformed-request", "Malformed request",
                    "the request body is empty; a JSON object is expected");
        return NULL;
    }
    if (!depth_within(rq->body.ptr, rq->body.len, SRV_MAX_JSON_DEPTH)) {
        srv_problem(rq, 400, "malformed-request", "Malformed request",
                    "JSON nested deeper than %d levels", SRV_MAX_JSON_DEPTH);
        return NULL;
    }
    json_error_t err;
    json_t *v = json_loadb(rq->body.ptr, rq->body.len, JSON_REJECT_DUPLICATES, &err);
    if (!v) {
        srv_problem(rq, 400, "malformed-request", "Malformed request",
                    "invalid JSON at line %d, column %d: %s", err.line, err.column, err.text);
        return NULL;
    }
    return v;
}

char *srv_with_audit_id(const char *obj, long long id)
{
    const char *p = obj;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (*p != '{')
        return NULL;
    p++;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    sx_buf b = SX_BUF_INIT;
    int rc = sx_buf_printf(&b, "{\"audit_id\":%lld%s", id, *p == '}' ? "" : ",");
    rc = rc ? rc : sx_buf_puts(&b, p);
    if (rc) {
        sx_buf_free(&b);
        return NULL;
    }
    return sx_buf_detach(&b);
}

const char *srv_query(srv_request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}
