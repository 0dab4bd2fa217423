/* Proleptic Gregorian day numbers (days since 1970-01-01) and strict ISO 8601 dates. */
#include "stratex/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/error.h"
#include "util/utf8.h"

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
static sx_date days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (sx_date)(era * 146097 + doe - 719468);
}

static void civil_from_days(sx_date z, int *y, int *m, int *d)
{
    long zz = (long)z + 719468;
    long era = (zz >= 0 ? zz : zz - 146096) / 146097;
    long doe = zz - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int sx_date_parse(sx_date *out, const char *text)
{
    int y, m, d;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        digits(text, 4, &y) || digits(text + 5, 2, &m) || digits(text + 8, 2, &d))
        return sx_error_set(SX_EDATE, "malformed date \"%.*s\" (expected YYYY-MM-DD)",
                            text ? (int)sx_utf8_prefix(text, strlen(text), 40) : 0,
                            text ? text : "");
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return sx_error_set(SX_EDATE, "no such date \"%s\"", text);
    *out = days_from_civil(y, m, d);
    return 0;
}

void sx_date_format(char buf[11], sx_date date)
{
    if (date == SX_DATE_MIN || date == SX_DATE_MAX) {
        memcpy(buf, "open", 5);
        return;
    }
    int y, m, d;
    civil_from_days(date, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    snprintf(buf, 11, "%04u-%02u-%02u", uy, um, ud);
}

sx_date sx_date_today(void)
{
    time_t now = time(NULL);
    return (sx_date)(now / 86400);
}
