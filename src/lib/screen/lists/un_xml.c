/* un-xml: the UN Security Council Consolidated List (sc-sanctions.xsd), read with libxml2. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/screen/lists/loader.h"
#include "util/buf.h"
#include "util/error.h"

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* Text content of a child element (caller frees with xmlFree), or NULL. */
static char *child_text(const xmlNode *n, const char *name)
{
    const xmlNode *c = child(n, name);
    return c ? (char *)xmlNodeGetContent(c) : NULL;
}

/* libxml2 2.9 does not always report running out of memory as such (an allocation that
 * fails mid-document can come back as "Extra content at the end of the document"), so, as
 * for jansson (util/jsonmem.h), its allocations are watched: once per process they are
 * routed through functions that call the allocator libxml2 had and note a failure for the
 * calling thread.  A program that installs its own (xmlMemSetup) turns the watch off. */
static xmlMallocFunc next_malloc;
static xmlReallocFunc next_realloc;
static xmlStrdupFunc next_strdup;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static _Thread_local bool xml_lost;

static void *watched_malloc(size_t size)
{
    void *p = next_malloc(size);
    xml_lost |= !p;
    return p;
}

static void *watched_realloc(void *ptr, size_t size)
{
    void *p = next_realloc(ptr, size);
    xml_lost |= !p;
    return p;
}

static char *watched_strdup(const char *s)
{
    char *p = next_strdup(s);
    xml_lost |= !p;
    return p;
}

static void xml_install(void)
{
    xmlFreeFunc f = NULL;
    xmlMallocFunc m = NULL;
    xmlReallocFunc r = NULL;
    xmlStrdupFunc d = NULL;
    if (xmlMemGet(&f, &m, &r, &d) != 0 || !f || !m || !r || !d || m == watched_malloc)
        return;
    next_malloc = m;
    next_realloc = r;
    next_strdup = d;
    xmlMemSetup(f, watched_malloc, watched_realloc, watched_strdup);
}

/* FIRST_NAME .. FOURTH_NAME joined with spaces, in the order the UN publishes them. */
static int full_name(sx_buf *b, const xmlNode *n)
{
    static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
    sx_buf_clear(b);
    for (size_t i = 0; i < 4; i++) {
        char *t = child_text(n, parts[i]);
        int rc = 0;
        if (t && *t)
            rc = (b->len ? sx_buf_putc(b, ' ') : 0) || sx_buf_puts(b, t);
        xmlFree(t);
        if (rc != 0)
            return SX_ENOMEM;
    }
    return sx_buf_puts(b, "");
}

static int aliases(sx_list *l, size_t idx, const xmlNode *n, const char *tag)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is(c, tag))
            continue;
        char *name = child_text(c, "ALIAS_NAME"), *quality = child_text(c, "QUALITY");
        sx_name_kind kind =
            quality && strstr(quality, "Low") ? SX_NAME_WEAK_ALIAS : SX_NAME_ALIAS;
        int rc = name ? sx_lb_add_names(l, idx, name, kind, kind) : 0;
        xmlFree(name);
        xmlFree(quality);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int nationalities(sx_list *l, size_t idx, const xmlNode *n)
{
    const xmlNode *nat = child(n, "NATIONALITY");
    for (const xmlNode *v = nat ? nat->children : NULL; v; v = v->next) {
        if (!is(v, "VALUE"))
            continue;
        char *t = (char *)xmlNodeGetContent(v);
        int rc = sx_lb_add_country_named(l, idx, t);
        xmlFree(t);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* INDIVIDUAL_DATE_OF_BIRTH: an exact DATE, a YEAR, or FROM_YEAR..TO_YEAR. */
static int births(sx_list *l, size_t idx, const xmlNode *n)
{
    int rc = 0;
    for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
        if (!is(c, "INDIVIDUAL_DATE_OF_BIRTH"))
            continue;
        char *date = child_text(c, "DATE"), *year = child_text(c, "YEAR");
        char *from = child_text(c, "FROM_YEAR"), *to = child_text(c, "TO_YEAR");
        char range[64];
        if (date && *date)
            rc = sx_lb_add_dob_text(l, idx, date);
        else if (year && *year)
            rc = sx_lb_add_dob_text(l, idx, year);
        else if (from && to && *from && *to) {
            snprintf(range, sizeof range, "%s to %s", from, to);
            rc = sx_lb_add_dob_text(l, idx, range);
        }
        xmlFree(date);
        xmlFree(year);
        xmlFree(from);
        xmlFree(to);
    }
    return rc;
}

/* INDIVIDUAL_DOCUMENT / ENTITY documents: TYPE_OF_DOCUMENT and NUMBER. */
static int documents(sx_list *l, size_t idx, const xmlNode *n)
{
    int rc = 0;
    for (const xmlNode *c = n->children; c && rc == 0; c = c->next) {
        if (!is(c, "INDIVIDUAL_DOCUMENT"))
            continue;
        char *type = child_text(c, "TYPE_OF_DOCUMENT"), *num = child_text(c, "NUMBER");
        if (num && *num)
            rc = sx_lb_add_ident(l, idx, type && *type ? type : "document", num);
        xmlFree(type);
        xmlFree(num);
    }
    return rc;
}

static int record(sx_list *l, const xmlNode *n, const char *type, const char *alias_tag,
                  const char *path, sx_buf *name)
{
    char *id = child_text(n, "DATAID");
    char *ref = child_text(n, "REFERENCE_NUMBER");
    char *prog = child_text(n, "UN_LIST_TYPE");
    char *orig = child_text(n, "NAME_ORIGINAL_SCRIPT");
    size_t idx;
    int rc = full_name(name, n);
    if (rc != 0)
        goto done;
    if (!id || !*id || name->len == 0) {
        rc = sx_error_set(SX_EPARSE, "%s:%u: %s without DATAID or name", path,
                          (unsigned)xmlGetLineNo(n), (const char *)n->name);
        goto done;
    }
    if ((rc = sx_lb_entity(l, &idx, id, type)) != 0 ||
        (rc = sx_lb_add_names(l, idx, name->ptr, SX_NAME_PRIMARY, SX_NAME_ALIAS)) != 0 ||
        (rc = sx_lb_add_name(l, idx, orig, SX_NAME_ALIAS)) != 0 ||
        (rc = sx_lb_add_program(l, idx, prog)) != 0 ||
        (rc = sx_lb_add_ident(l, idx, "un_reference", ref)) != 0 ||
        (rc = aliases(l, idx, n, alias_tag)) != 0 || (rc = nationalities(l, idx, n)) != 0 ||
        (rc = births(l, idx, n)) != 0 || (rc = documents(l, idx, n)) != 0)
        goto done;
done:
    xmlFree(id);
    xmlFree(ref);
    xmlFree(prog);
    xmlFree(orig);
    return rc;
}

int sx_load_un_xml(sx_list *l, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    sx_buf name = SX_BUF_INIT;
    int rc = sx_lb_read(l, path, &data, &len);
    if (rc != 0)
        return rc;
    if (len > (size_t)0x7fffffff) {
        free(data);
        return sx_error_set(SX_ELIMIT, "%s: too large for the XML parser", path);
    }
    pthread_once(&xml_once, xml_install);
    xml_lost = false;
    xmlResetLastError();
    xmlDoc *doc = xmlReadMemory(data, (int)len, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free(data);
    const xmlError *last = xmlGetLastError();
    if (xml_lost || (last && last->code == XML_ERR_NO_MEMORY)) { /* memory, not the file */
        xmlFreeDoc(doc);
        return sx_error_oom();
    }
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        const char *msg = e && e->message ? e->message : "malformed XML";
        return sx_error_set(SX_EPARSE, "%s:%d: %.*s", path, e ? e->line : 0,
                            (int)strcspn(msg, "\n"), msg);
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !is(root, "CONSOLIDATED_LIST")) {
        rc = sx_error_set(SX_EPARSE, "%s:1: root element is not CONSOLIDATED_LIST", path);
        goto done;
    }
    char *gen = (char *)xmlGetProp(root, (const xmlChar *)"dateGenerated");
    if (gen && strlen(gen) >= 10) {
        free(l->source_date);
        if ((l->source_date = malloc(11)) != NULL) {
            memcpy(l->source_date, gen, 10);
            l->source_date[10] = '\0';
        } else {
            rc = sx_error_oom();
        }
    }
    xmlFree(gen);
    const xmlNode *people = child(root, "INDIVIDUALS"), *orgs = child(root, "ENTITIES");
    for (const xmlNode *n = people ? people->children : NULL; n && rc == 0; n = n->next)
        if (is(n, "INDIVIDUAL"))
            rc = record(l, n, "person", "INDIVIDUAL_ALIAS", path, &name);
    for (const xmlNode *n = orgs ? orgs->children : NULL; n && rc == 0; n = n->next)
        if (is(n, "ENTITY"))
            rc = record(l, n, "organization", "ENTITY_ALIAS", path, &name);
done:
    sx_buf_free(&name);
    xmlFreeDoc(doc);
    if (xml_lost) /* a name or property read back as NULL for want of memory, not absent */
        rc = sx_error_oom();
    return rc;
}
