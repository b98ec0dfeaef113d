/* Local wall-clock time of the station (TZ) to and from UTC seconds. */
#ifndef CK_APP_TIMEZ_H
#define CK_APP_TIMEZ_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "core/attend.h"
#include "core/records.h"

/* The last second of the year 9999 (UTC): the latest time a date of four digits can state,
 * and the latest a certificate or revocation list carries. */
#define CK_TZ_TIME_MAX INT64_C(253402300799)

/* Parse "YYYY-MM-DD" (a real calendar date). what names the input in the error. */
ck_rc ck_tz_parse_date(const char *text, const char *what, ck_err *err);
/* Parse "HH:MM" (00:00–24:00) into minutes after midnight. */
ck_rc ck_tz_parse_clock(const char *text, int *out, const char *what, ck_err *err);
/* Parse "HH:MM-HH:MM" into a span with start < end. */
ck_rc ck_tz_parse_clock_span(const char *text, ck_clock_span *out, const char *what, ck_err *err);
/* Parse "YYYY-MM-DD HH:MM" local time into UTC seconds; a time skipped by a daylight-saving
 * change is refused, and so is one before 1970-01-01 00:00 UTC or after CK_TZ_TIME_MAX. */
ck_rc ck_tz_parse_datetime(const char *text, int64_t *out, const char *what, ck_err *err);

/* UTC seconds of a local date at minute_of_day (0–1440) on that date. */
int64_t ck_tz_local(const char *date, int minute_of_day);
/* The local date containing t, "YYYY-MM-DD". */
void ck_tz_date(int64_t t, char out[11]);
/* "HH:MM" local. */
void ck_tz_hm(int64_t t, char out[6]);
/* "YYYY-MM-DD HH:MM" local. */
void ck_tz_datetime(int64_t t, char out[17]);
/* ISO 8601 with offset, "2026-11-25T09:00:00+01:00". */
void ck_tz_iso(int64_t t, char out[26]);
/* A short human date: "Wed 25 Nov 2026". */
void ck_tz_human_date(const char *date, char *out, size_t n);

/* The same local wall-clock time years later (29 February becomes 1 March). */
int64_t ck_tz_add_years(int64_t t, int years);
/* A long human date in English: "24 November 2028". */
void ck_tz_long_date(int64_t t, char *out, size_t n);
/* Course dates for a certificate: "23–24 November 2026", "30 November – 1 December 2026",
 * "2, 9 and 16 March 2026". dates are sorted "YYYY-MM-DD". */
void ck_tz_date_range(const char (*dates)[11], size_t n, char *out, size_t size);

/* The rules' view of a stored course day. */
void ck_tz_day(const ck_course_day_rec *rec, ck_day *out);

#endif
