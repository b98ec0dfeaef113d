/* Local wall-clock time of the station (TZ) to and from UTC seconds. */
#include "app/timez.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static bool split_date(const char *t, int *y, int *m, int *d)
{
    if (strlen(t) != 10 || t[4] != '-' || t[7] != '-' || !all_digits(t, 4) ||
        !all_digits(t + 5, 2) || !all_digits(t + 8, 2))
        return false;
    *y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    *m = (t[5] - '0') * 10 + (t[6] - '0');
    *d = (t[8] - '0') * 10 + (t[9] - '0');
    return *y >= 1970 && *y <= 9999 && *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= days_in_month(*y, *m);
}

ck_rc ck_tz_parse_date(const char *text, const char *what, ck_err *err)
{
    int y, m, d;
    if (!text || !split_date(text, &y, &m, &d))
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25",
                          CK_MSG_PHRASE(what), text ? text : "");
    /* A zone may skip a whole date (Samoa went from 29 to 31 December 2011). */
    char back[11];
    ck_tz_date(ck_tz_local(text, 12 * 60), back);
    if (strcmp(back, text) != 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s %s does not exist in this time zone: its calendar skips that date",
                          CK_MSG_PHRASE(what), text);
    return CK_OK;
}

ck_rc ck_tz_parse_clock(const char *text, int *out, const char *what, ck_err *err)
{
    if (!text || strlen(text) != 5 || text[2] != ':' || !all_digits(text, 2) ||
        !all_digits(text + 3, 2))
        goto bad;
    int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        goto bad;
    *out = h * 60 + m;
    return CK_OK;
bad:
    return ck_err_set(err, CK_EINVAL,
                      "%s \"%s\" is not a time of day; write it as HH:MM (24-hour), e.g. 09:00",
                      CK_MSG_PHRASE(what), text ? text : "");
}

ck_rc ck_tz_parse_clock_span(const char *text, ck_clock_span *out, const char *what, ck_err *err)
{
    char a[8], b[8];
    if (!text || strlen(text) != 11 || text[5] != '-')
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" is not a time span; write it as HH:MM-HH:MM, e.g. "
                          "12:30-13:15",
                          CK_MSG_PHRASE(what), text ? text : "");
    memcpy(a, text, 5), a[5] = '\0';
    memcpy(b, text + 6, 5), b[5] = '\0';
    ck_rc rc;
    if ((rc = ck_tz_parse_clock(a, &out->start_min, what, err)) ||
        (rc = ck_tz_parse_clock(b, &out->end_min, what, err)))
        return rc;
    if (out->end_min <= out->start_min)
        return ck_err_set(err, CK_EINVAL, "%s \"%s\" ends before it starts; swap the times",
                          CK_MSG_PHRASE(what), text);
    return CK_OK;
}

/* mktime for a local date and minute, letting the C library pick standard or summer time. */
static int64_t local_to_utc(int y, int m, int d, int minute, struct tm *back)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = minute / 60;
    tm.tm_min = minute % 60;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (back)
        *back = tm;
    return (int64_t)t;
}

ck_rc ck_tz_parse_datetime(const char *text, int64_t *out, const char *what, ck_err *err)
{
    char date[11], clock[6];
    int y, m, d, minute;
    if (!text || strlen(text) != 16 || text[10] != ' ')
        goto bad;
    memcpy(date, text, 10), date[10] = '\0';
    memcpy(clock, text + 11, 5), clock[5] = '\0';
    if (!split_date(date, &y, &m, &d) || ck_tz_parse_clock(clock, &minute, what, NULL) != CK_OK)
        goto bad;
    struct tm back;
    int64_t t = local_to_utc(y, m, d, minute, &back);
    if (minute < 24 * 60 && (back.tm_hour * 60 + back.tm_min != minute || back.tm_mday != d))
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" does not exist here: the clocks went forward that night; "
                          "use a time after the change",
                          CK_MSG_PHRASE(what), text);
    if (t < 0 || t > CK_TZ_TIME_MAX)
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" is outside the times the station records (1970-01-01 "
                          "00:00 UTC to the end of the year 9999)",
                          CK_MSG_PHRASE(what), text);
    *out = t;
    return CK_OK;
bad:
    return ck_err_set(err, CK_EINVAL,
                      "%s \"%s\" is not a local date and time; write it as \"YYYY-MM-DD HH:MM\", "
                      "e.g. \"2026-11-25 09:05\"",
                      CK_MSG_PHRASE(what), text ? text : "");
}

int64_t ck_tz_local(const char *date, int minute_of_day)
{
    int y, m, d;
    if (!split_date(date, &y, &m, &d))
        return 0;
    if (minute_of_day >= 24 * 60) {
        /* Midnight at the end of the day: the start of the next date. */
        int64_t noon = local_to_utc(y, m, d, 12 * 60, NULL);
        time_t t = (time_t)(noon + 24 * 3600);
        struct tm next;
        localtime_r(&t, &next);
        return local_to_utc(next.tm_year + 1900, next.tm_mon + 1, next.tm_mday,
                            minute_of_day - 24 * 60, NULL);
    }
    return local_to_utc(y, m, d, minute_of_day, NULL);
}

static void fmt(int64_t t, const char *format, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    if (strftime(out, n, format, &tm) == 0 && n)
        out[0] = '\0';
}

void ck_tz_date(int64_t t, char out[11])
{
    fmt(t, "%Y-%m-%d", out, 11);
}

void ck_tz_hm(int64_t t, char out[6])
{
    fmt(t, "%H:%M", out, 6);
}

void ck_tz_datetime(int64_t t, char out[17])
{
    fmt(t, "%Y-%m-%d %H:%M", out, 17);
}

void ck_tz_iso(int64_t t, char out[26])
{
    char raw[32];
    fmt(t, "%Y-%m-%dT%H:%M:%S%z", raw, sizeof raw);
    /* %z gives +0100; ISO 8601 extended wants +01:00. */
    size_t n = strlen(raw);
    if (n == 24)
        snprintf(out, 26, "%.22s:%.2s", raw, raw + 22);
    else
        snprintf(out, 26, "%s", raw);
}

void ck_tz_human_date(const char *date, char *out, size_t n)
{
    int y, m, d;
    if (!split_date(date, &y, &m, &d)) {
        snprintf(out, n, "%s", date);
        return;
    }
    /* Format in the C locale so the kiosk and the certificate agree. */
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm back;
    local_to_utc(y, m, d, 12 * 60, &back);
    snprintf(out, n, "%s %d %s %d", wd[back.tm_wday % 7], d, mon[m - 1], y);
}

void ck_tz_day(const ck_course_day_rec *rec, ck_day *out)
{
    memset(out, 0, sizeof *out);
    out->date.start = ck_tz_local(rec->date, 0);
    out->date.end = ck_tz_local(rec->date, 24 * 60);
    out->window.start = ck_tz_local(rec->date, rec->window.start_min);
    out->window.end = ck_tz_local(rec->date, rec->window.end_min);
    out->nbreaks = rec->nbreaks;
    for (size_t i = 0; i < rec->nbreaks && i < CK_ATTEND_MAX_BREAKS; i++) {
        out->breaks[i].start = ck_tz_local(rec->date, rec->breaks[i].start_min);
        out->breaks[i].end = ck_tz_local(rec->date, rec->breaks[i].end_min);
    }
}

int64_t ck_tz_add_years(int64_t t, int years)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    tm.tm_year += years;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static const char *const MONTHS[] = {"January", "February", "March",     "April",
                                     "May",     "June",     "July",      "August",
                                     "September", "October", "November", "December"};

void ck_tz_long_date(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    snprintf(out, n, "%d %s %d", tm.tm_mday, MONTHS[tm.tm_mon], tm.tm_year + 1900);
}

void ck_tz_date_range(const char (*dates)[11], size_t n, char *out, size_t size)
{
    int y[CK_COURSE_MAX_DAYS], m[CK_COURSE_MAX_DAYS], d[CK_COURSE_MAX_DAYS];
    out[0] = '\0';
    if (n == 0 || n > CK_COURSE_MAX_DAYS)
        return;
    for (size_t i = 0; i < n; i++)
        if (!split_date(dates[i], &y[i], &m[i], &d[i]))
            return;
    size_t last = n - 1;
    bool consecutive = true, same_month = true;
    for (size_t i = 1; i < n; i++) {
        int64_t gap = ck_tz_local(dates[i], 12 * 60) - ck_tz_local(dates[i - 1], 12 * 60);
        consecutive = consecutive && gap > 20 * 3600 && gap < 28 * 3600;
        same_month = same_month && m[i] == m[0] && y[i] == y[0];
    }
    if (n == 1) {
        snprintf(out, size, "%d %s %d", d[0], MONTHS[m[0] - 1], y[0]);
    } else if (consecutive && same_month) {
        snprintf(out, size, "%d\u2013%d %s %d", d[0], d[last], MONTHS[m[0] - 1], y[0]);
    } else if (consecutive && y[0] == y[last]) {
        snprintf(out, size, "%d %s \u2013 %d %s %d", d[0], MONTHS[m[0] - 1], d[last],
                 MONTHS[m[last] - 1], y[0]);
    } else if (consecutive) {
        snprintf(out, size, "%d %s %d \u2013 %d %s %d", d[0], MONTHS[m[0] - 1], y[0], d[last],
                 MONTHS[m[last] - 1], y[last]);
    } else {
        /* Separate days: list them, naming a month and year when they change. */
        for (size_t i = 0; i < n; i++) {
            size_t used = strlen(out);
            bool month_ends = i == last || m[i + 1] != m[i] || y[i + 1] != y[i];
            const char *sep = i == 0 ? "" : i == last ? " and " : ", ";
            if (month_ends)
                snprintf(out + used, size - used, "%s%d %s %d", sep, d[i], MONTHS[m[i] - 1], y[i]);
            else
                snprintf(out + used, size - used, "%s%d", sep, d[i]);
        }
    }
}
