/* Read access to a decision for programs that embed the library: the parts the CLI's CSV
 * and impact reports need, without the caller seeing struct sx_decision (decision.h is
 * internal and changes freely; these functions are the ABI). */
#include <stdlib.h>
#include <string.h>

#include "lib/decide/decision.h"
#include "stratex/common.h"
#include "util/error.h"

/* Room for one worded question or caveat; the formatters cut at the buffer. */
#define ACCESS_TEXT_MAX 4096

const char *sx_decision_id(const sx_decision *d)
{
    return d ? d->id : NULL;
}

const char *sx_decision_jurisdiction(const sx_decision *d)
{
    return d ? d->jur->code : NULL;
}

const char *sx_decision_destination(const sx_decision *d)
{
    return d ? d->dest : NULL;
}

const char *sx_decision_value(const sx_decision *d)
{
    return d ? d->value : NULL;
}

const char *sx_decision_currency(const sx_decision *d)
{
    return d ? d->currency : NULL;
}

size_t sx_decision_option_count(const sx_decision *d)
{
    return d ? d->jur->nlicences : 0;
}

static const sx_option *option_at(const sx_decision *d, size_t i)
{
    return d && i < d->jur->nlicences ? &d->options[i] : NULL;
}

sx_option_state sx_decision_option_state(const sx_decision *d, size_t i)
{
    const sx_option *o = option_at(d, i);
    if (!o)
        return SX_OPTION_UNDECIDED;
    /* the internal states are kept apart from the public enum so either can grow */
    return o->state == SX_OPT_OPEN     ? SX_OPTION_OPEN
           : o->state == SX_OPT_CLOSED ? SX_OPTION_CLOSED
                                       : SX_OPTION_UNDECIDED;
}

const char *sx_decision_option_licence(const sx_decision *d, size_t i)
{
    const sx_option *o = option_at(d, i);
    return o ? o->licence->licence : NULL;
}

int sx_decision_option_review_days(const sx_decision *d, size_t i)
{
    const sx_option *o = option_at(d, i);
    return o ? o->review_days : -1;
}

const char *sx_decision_option_reason(const sx_decision *d, size_t i)
{
    const sx_option *o = option_at(d, i);
    return o ? o->reason : NULL;
}

size_t sx_decision_citation_count(const sx_decision *d)
{
    return d ? d->ncited : 0;
}

const char *sx_decision_citation_id(const sx_decision *d, size_t i)
{
    return d && i < d->ncited ? d->cited[i]->id : NULL;
}

size_t sx_decision_question_count(const sx_decision *d)
{
    return d ? d->nquestions : 0;
}

size_t sx_decision_question_citation_count(const sx_decision *d, size_t i)
{
    return d && i < d->nquestions ? d->questions[i].ncites : 0;
}

const char *sx_decision_question_citation_id(const sx_decision *d, size_t i, size_t k)
{
    if (!d || i >= d->nquestions || k >= d->questions[i].ncites)
        return NULL;
    return d->questions[i].cites[k]->id;
}

size_t sx_decision_caveat_count(const sx_decision *d)
{
    return d ? d->ncaveats : 0;
}

/* The worded forms are built on demand (decision.h: nothing is formatted until asked),
 * so they are handed over as the caller's copy. */
typedef enum access_text { TEXT_QUESTION_ID, TEXT_QUESTION, TEXT_CAVEAT } access_text;

static int worded(char **out, const sx_decision *d, size_t i, access_text what)
{
    if (!out || !d)
        return sx_error_set(SX_EINVAL, "decision accessor: NULL argument");
    *out = NULL;
    size_t n = what == TEXT_CAVEAT ? d->ncaveats : d->nquestions;
    if (i >= n)
        return sx_error_set(SX_ERANGE, "decision accessor: index %zu, the decision has %zu", i, n);
    char buf[ACCESS_TEXT_MAX];
    if (what == TEXT_QUESTION_ID)
        sx_question_id(d, &d->questions[i], buf, sizeof buf);
    else if (what == TEXT_QUESTION)
        sx_question_format(d, &d->questions[i], buf, sizeof buf);
    else
        sx_caveat_format(d, &d->caveats[i], buf, sizeof buf);
    *out = strdup(buf);
    return *out ? 0 : sx_error_oom();
}

int sx_decision_question_id(char **out, const sx_decision *d, size_t i)
{
    return worded(out, d, i, TEXT_QUESTION_ID);
}

int sx_decision_question_text(char **out, const sx_decision *d, size_t i)
{
    return worded(out, d, i, TEXT_QUESTION);
}

int sx_decision_caveat_text(char **out, const sx_decision *d, size_t i)
{
    return worded(out, d, i, TEXT_CAVEAT);
}
