/* stratex — calendar dates.  A date is a day count since 1970-01-01 in the
 * jurisdiction's local calendar (the day a rule takes effect at 00:00 local time). */
#ifndef STRATEX_DATE_H
#define STRATEX_DATE_H

#include "stratex/common.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t sx_date;

#define SX_DATE_MIN INT32_MIN /* open start of an interval */
#define SX_DATE_MAX INT32_MAX /* open end of an interval ("until further notice") */

/* Parses exactly "YYYY-MM-DD" (years 1900..2999, a real day of that month) into *out.
 * Returns 0 or SX_EDATE with a message naming the text. */
SX_EXTERN int sx_date_parse(sx_date *out, const char *text);

/* Writes "YYYY-MM-DD" (or "open" for SX_DATE_MIN / SX_DATE_MAX) into buf[11]. */
SX_EXTERN void sx_date_format(char buf[11], sx_date date);

/* Today's date in UTC. */
SX_EXTERN sx_date sx_date_today(void);

#ifdef __cplusplus
}
#endif
#endif
