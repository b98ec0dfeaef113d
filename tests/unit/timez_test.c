/* Local time (app/timez.h): parsing, and course days across daylight-saving changes. */
#include <stdlib.h>
#include <time.h>

#include "app/timez.h"
#include "ck_test.h"

static void use_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

static int required(const char *date, const char *window, const char *brk)
{
    ck_course_day_rec rec = {.day_no = 1};
    snprintf(rec.date, sizeof rec.date, "%s", date);
    ck_tz_parse_clock_span(window, &rec.window, "window", NULL);
    if (brk) {
        rec.nbreaks = 1;
        ck_tz_parse_clock_span(brk, &rec.breaks[0], "break", NULL);
    }
    ck_day d;
    ck_tz_day(&rec, &d);
    CK_CHECK(ck_attend_day_valid(&d));
    return ck_attend_required_minutes(&d);
}

static void dst_days_keep_their_wall_clock_window(void)
{
    use_tz("Europe/Berlin");
    /* 2026-03-29: clocks go 02:00 → 03:00; 2026-10-25: 03:00 → 02:00. */
    CK_CHECK_INT(required("2026-03-29", "09:00-17:00", NULL), 480);
    CK_CHECK_INT(required("2026-10-25", "09:00-17:00", "12:00-13:00"), 420);
    CK_CHECK_INT(required("2026-03-29", "01:00-05:00", NULL), 180);
    CK_CHECK_INT(required("2026-10-25", "01:00-05:00", NULL), 300);
    /* The date spans 23 and 25 hours. */
    CK_CHECK_INT(ck_tz_local("2026-03-29", 1440) - ck_tz_local("2026-03-29", 0), 23 * 3600);
    CK_CHECK_INT(ck_tz_local("2026-10-25", 1440) - ck_tz_local("2026-10-25", 0), 25 * 3600);
    char hm[6];
    ck_tz_hm(ck_tz_local("2026-03-29", 9 * 60), hm);
    CK_CHECK_STR(hm, "09:00");
    use_tz("America/New_York"); /* 2026-03-08 */
    CK_CHECK_INT(required("2026-03-08", "09:00-17:00", NULL), 480);
    CK_CHECK_INT(required("2026-03-08", "00:00-24:00", NULL), 23 * 60);
    use_tz("Europe/Berlin");
}

static void parsing(void)
{
    ck_err err = {0};
    int m;
    int64_t t;
    ck_clock_span s;
    CK_CHECK_INT(ck_tz_parse_date("2026-02-29", "--day", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "--day \"2026-02-29\" is not a date");
    CK_CHECK_INT(ck_tz_parse_date("2028-02-29", "--day", &err), CK_OK);
    CK_CHECK_INT(ck_tz_parse_date("26-11-25", "--day", &err), CK_EINVAL);
    /* Samoa skipped 30 December 2011 (found by tests/fuzz/schedule.c). */
    use_tz("Pacific/Apia");
    CK_CHECK_INT(ck_tz_parse_date("2011-12-30", "--day", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "--day 2011-12-30 does not exist in this time zone");
    CK_CHECK_INT(ck_tz_parse_date("2011-12-31", "--day", &err), CK_OK);
    CK_CHECK_INT(ck_tz_parse_date("2011-12-29", "--day", &err), CK_OK);
    use_tz("Europe/Berlin");
    CK_CHECK_INT(ck_tz_parse_clock("24:00", &m, "t", &err), CK_OK);
    CK_CHECK_INT(m, 1440);
    CK_CHECK_INT(ck_tz_parse_clock("24:01", &m, "t", &err), CK_EINVAL);
    CK_CHECK_INT(ck_tz_parse_clock("9:00", &m, "t", &err), CK_EINVAL);
    CK_CHECK_INT(ck_tz_parse_clock_span("17:00-09:00", &s, "--window", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "ends before it starts");
    CK_CHECK_INT(ck_tz_parse_datetime("2026-11-25 09:05", &t, "--at", &err), CK_OK);
    char back[17];
    ck_tz_datetime(t, back);
    CK_CHECK_STR(back, "2026-11-25 09:05");
    CK_CHECK_INT(ck_tz_parse_datetime("2026-03-29 02:30", &t, "--at", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "does not exist");
    CK_CHECK_INT(ck_tz_parse_datetime("2026-11-25T09:05", &t, "--at", &err), CK_EINVAL);
    char iso[26];
    ck_tz_iso(t, iso);
    CK_CHECK_STR(iso, "2026-11-25T09:05:00+01:00");
    char human[32];
    ck_tz_human_date("2026-11-25", human, sizeof human);
    CK_CHECK_STR(human, "Wed 25 Nov 2026");
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(dst_days_keep_their_wall_clock_window);
    CK_RUN(parsing);
    return ck_test_done();
}
