/* API tokens: required whenever the server listens beyond loopback.  The tokens file holds
 * only SHA-256 hashes ("<sha256-hex> screen|review|admin [name]" per line, # comments), so
 * a leaked file does not leak tokens.  The name is the actor of what the token decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "stratex/errors.h"
#include "util/error.h"
#include "util/file.h"
#include "util/sha256.h"

#define SRV_MAX_TOKENS_FILE ((size_t)1 << 20)

static int parse_role(const char *word)
{
    if (strcmp(word, "screen") == 0)
        return SRV_ROLE_SCREEN;
    if (strcmp(word, "review") == 0)
        return SRV_ROLE_REVIEW;
    if (strcmp(word, "admin") == 0)
        return SRV_ROLE_ADMIN;
    return SRV_ROLE_NONE;
}

const char *srv_role_name(int role)
{
    return role == SRV_ROLE_ADMIN    ? "admin"
           : role == SRV_ROLE_REVIEW ? "review"
           : role == SRV_ROLE_SCREEN ? "screen"
                                     : "none";
}

static int is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static int parse_line(srv_token *t, char *line, const char *path, int lineno)
{
    char hash[80] = "", role[16] = "", name[64] = "";
    int n = sscanf(line, "%79s %15s %63s", hash, role, name);
    if (n < 2 || !is_hex64(hash) || parse_role(role) == SRV_ROLE_NONE)
        return sx_error_set(SX_EPARSE,
                            "%s:%d: expected \"<sha256 of the token, 64 lowercase hex> "
                            "screen|review|admin [name]\"",
                            path, lineno);
    memcpy(t->hash, hash, 65);
    t->role = parse_role(role);
    snprintf(t->name, sizeof t->name, "%s", n == 3 ? name : "token");
    return 0;
}

int srv_tokens_load(srv_state *st, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    int rc = sx_file_read(&text, &len, path, SRV_MAX_TOKENS_FILE);
    if (rc)
        return rc;
    srv_token *tokens = calloc(SRV_MAX_TOKENS, sizeof *tokens);
    size_t n = 0;
    int lineno = 0;
    rc = tokens ? 0 : sx_error_oom();
    for (char *line = text, *next; !rc && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        line += strspn(line, " \t\r");
        if (!*line || *line == '#')
            continue;
        if (n == SRV_MAX_TOKENS)
            rc = sx_error_set(SX_ELIMIT, "%s: more than %d tokens", path, SRV_MAX_TOKENS);
        else
            rc = parse_line(&tokens[n++], line, path, lineno);
    }
    if (!rc && n == 0)
        rc = sx_error_set(SX_EINVAL, "%s: no tokens", path);
    free(text);
    if (rc) {
        free(tokens);
        return rc;
    }
    st->tokens = tokens;
    st->ntokens = n;
    return 0;
}

/* Compares in time independent of where the strings differ. */
static int same_hash(const char *a, const char *b)
{
    unsigned char diff = 0;
    for (int i = 0; i < 64; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

int srv_auth_role(srv_state *st, struct MHD_Connection *conn)
{
    char actor[64];
    return srv_auth_identify(st, conn, actor);
}

int srv_auth_identify(srv_state *st, struct MHD_Connection *conn, char actor[64])
{
    snprintf(actor, 64, "%s", st->tokens ? "" : "local");
    if (!st->tokens)
        return SRV_ROLE_ADMIN; /* loopback without tokens: the machine's users are trusted */
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return SRV_ROLE_NONE;
    const char *token = h + 7;
    char hash[SX_SHA256_HEX];
    if (sx_sha256_hex(hash, token, strlen(token)) != 0)
        return SRV_ROLE_NONE;
    int role = SRV_ROLE_NONE;
    for (size_t i = 0; i < st->ntokens; i++)
        if (same_hash(hash, st->tokens[i].hash)) {
            role = st->tokens[i].role;
            snprintf(actor, 64, "%s", st->tokens[i].name);
        }
    return role;
}
