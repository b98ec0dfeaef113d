/* Courses through app/: the current one (the newest, even when another process made it), its
 * printer, the station name on events, and days the attendance rules can use. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

#include "app/app.h"
#include "app/timez.h"
#include "ck_test.h"

static void newest_course_follows_other_processes(void)
{
    ck_app *a = NULL, *b = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path("c.db")};
    CK_CHECK_INT(ck_app_open(&a, &opt, CK_APP_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_app_open(&b, &opt, CK_APP_EXISTING, &err), CK_OK);
    const char *days[] = {"2026-11-23", "2026-11-24"};
    ck_course_spec spec = {.title = "First", .trainer = "T", .dates = days, .ndates = 2,
                           .tolerance_min = -1};
    int64_t first = 0, second = 0;
    CK_CHECK_INT(ck_app_course_create(a, &spec, &first, &err), CK_OK);
    const ck_course_rec *c = NULL;
    CK_CHECK_INT(ck_app_course(b, &c, &err), CK_OK);
    CK_CHECK_INT(c->id, first);
    /* Another connection (the CLI beside a running kiosk) adds a course. */
    spec.title = "Second";
    CK_CHECK_INT(ck_app_course_create(a, &spec, &second, &err), CK_OK);
    CK_CHECK_INT(ck_app_course(b, &c, &err), CK_OK);
    CK_CHECK_INT(c->id, second);
    CK_CHECK_STR(c->title, "Second");
    /* A course chosen by id stays chosen. */
    ck_app *pinned = NULL;
    opt.course_id = first;
    CK_CHECK_INT(ck_app_open(&pinned, &opt, CK_APP_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_app_course(pinned, &c, &err), CK_OK);
    CK_CHECK_STR(c->title, "First");
    ck_app_close(pinned);
    ck_app_close(a);
    ck_app_close(b);
}

static void printer_comes_from_the_course_then_the_setting(void)
{
    ck_app *app = NULL;
    ck_err err = {0};
    char target[CK_TEXT_MAX];
    ck_app_options opt = {.db_path = ck_test_path("p.db")};
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_CREATE, &err), CK_OK);
    const char *days[] = {"2026-11-23"};
    ck_course_spec spec = {.title = "Plain", .trainer = "T", .dates = days, .ndates = 1,
                           .tolerance_min = -1};
    int64_t id = 0;
    CK_CHECK_INT(ck_app_course_create(app, &spec, &id, &err), CK_OK);
    ck_app_print_target(app, NULL, target, sizeof target);
    CK_CHECK_STR(target, ""); /* nothing set: the CUPS default */
    CK_CHECK_INT(ck_app_config_set(app, "printer", "Office", &err), CK_OK);
    ck_app_print_target(app, NULL, target, sizeof target);
    CK_CHECK_STR(target, "Office");
    spec.title = "With its own printer";
    spec.printer = "Room-1";
    CK_CHECK_INT(ck_app_course_create(app, &spec, &id, &err), CK_OK);
    ck_app_print_target(app, NULL, target, sizeof target);
    CK_CHECK_STR(target, "Room-1");
    ck_app_print_target(app, "Asked-For", target, sizeof target);
    CK_CHECK_STR(target, "Asked-For");
    ck_app_close(app);
}

static void station_name_marks_events(void)
{
    ck_app *app = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path("s.db")};
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_app_config_set(app, "station", "Room Elbe", &err), CK_OK);
    ck_app_close(app);
    /* The name takes effect for the next opening, as for a restarted kiosk. */
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_EXISTING, &err), CK_OK);
    const char *days[] = {"2026-11-23"};
    ck_course_spec spec = {.title = "C", .trainer = "T", .dates = days, .ndates = 1,
                           .tolerance_min = -1};
    int64_t course = 0, who = 0;
    CK_CHECK_INT(ck_app_course_create(app, &spec, &course, &err), CK_OK);
    CK_CHECK_INT(ck_app_roster_add(app, "Ann Lee", NULL, &who, &err), CK_OK);
    /* A trainer correction at 09:00 on the course day (in the past, so "now" does not matter). */
    ck_presence_req req = {.attendee_id = who,
                           .kind = CK_EVENT_IN,
                           .source = CK_SOURCE_TRAINER,
                           .at_given = true,
                           .reason = "paper sheet"};
    ck_presence_result r;
    CK_CHECK_INT(ck_tz_parse_datetime("2026-11-23 09:00", &req.at, "at", &err), CK_OK);
    CK_CHECK_INT(ck_app_presence(app, &req, &r, &err), CK_OK);
    ck_event_rec *evs = NULL;
    size_t n = 0;
    CK_CHECK_INT(ck_app_events(app, who, &evs, &n, &err), CK_OK);
    CK_CHECK_INT(n, 1);
    if (n)
        CK_CHECK_STR(evs[0].device, "Room Elbe");
    free(evs);
    ck_app_close(app);
}

/* A break in the hour the clocks skip would leave a day nobody can attend (found by
 * tests/fuzz/schedule.c): refused when the course is created, and nothing is stored. */
static void break_in_the_skipped_hour_is_refused(void)
{
    ck_app *app = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path("dst.db")};
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_CREATE, &err), CK_OK);
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
    const char *days[] = {"2026-03-28", "2026-03-29"}, *breaks[] = {"02:00-03:00"};
    ck_course_spec spec = {.title = "Night", .trainer = "T", .dates = days, .ndates = 2,
                           .window = "00:00-24:00", .breaks = breaks, .nbreaks = 1, .hours = 8,
                           .tolerance_min = -1};
    int64_t id = 0;
    CK_CHECK_INT(ck_app_course_create(app, &spec, &id, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "on 2026-03-29 the clocks change inside the window or a break");
    ck_course_rec *list = NULL;
    size_t n = 9;
    CK_CHECK_INT(ck_app_course_list(app, &list, &n, &err), CK_OK);
    CK_CHECK_INT(n, 0);
    free(list);
    /* The same break on the day the clocks go back is a real hour. */
    days[1] = "2026-10-25";
    CK_CHECK_INT(ck_app_course_create(app, &spec, &id, &err), CK_OK);
    ck_app_close(app);
}

/* 2026-12-01 10:00 in Berlin: the clock of the cases below. */
static int64_t december_clock(void *ctx)
{
    (void)ctx;
    return INT64_C(1796115600);
}

static ck_app *fresh_app(const char *file)
{
    ck_app *app = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path(file), .clock = december_clock};
    CK_CHECK_INT(ck_app_open(&app, &opt, CK_APP_CREATE, &err), CK_OK);
    return app;
}

static size_t course_count(ck_app *app)
{
    ck_course_rec *list = NULL;
    size_t n = 0;
    ck_err err = {0};
    CK_CHECK_INT(ck_app_course_list(app, &list, &n, &err), CK_OK);
    free(list);
    return n;
}

/* Create a course of two days with changes to the spec (spec_.hours = 16, …); err.msg is ""
 * when it was created. */
#define CREATE(app, err, ...)                                                                      \
    do {                                                                                           \
        const char *days_[] = {"2026-12-01", "2026-12-02"};                                        \
        ck_course_spec spec_ = {                                                                   \
            .title = "T", .trainer = "Tr", .dates = days_, .ndates = 2, .tolerance_min = -1};      \
        __VA_ARGS__;                                                                               \
        int64_t id_ = 0;                                                                           \
        (err) = (ck_err){0};                                                                       \
        ck_app_course_create((app), &spec_, &id_, &(err));                                         \
    } while (0)

/* Issue 9: a break covering the whole window made everyone, present or not, complete. */
static void a_day_that_requires_nothing_is_refused(void)
{
    ck_app *app = fresh_app("zero.db");
    ck_err err;
    const char *whole[] = {"09:00-17:00"}, *halves[] = {"09:00-13:00", "13:00-17:00"};
    CREATE(app, err, spec_.breaks = whole, spec_.nbreaks = 1);
    CK_CHECK_CONTAINS(err.msg, "the breaks cover the whole window 09:00-17:00, so a day would "
                               "require no time");
    CREATE(app, err, spec_.breaks = halves, spec_.nbreaks = 2);
    CK_CHECK_CONTAINS(err.msg, "the breaks cover the whole window");
    const char *short_day = "09:00-09:10";
    CREATE(app, err, spec_.window = short_day);
    CK_CHECK_CONTAINS(err.msg, "--tolerance 10 minutes is as long as day 1's required time "
                               "(10 min)");
    CK_CHECK_INT(course_count(app), 0);
    CREATE(app, err, spec_.window = short_day, spec_.tolerance_min = 5);
    CK_CHECK_STR(err.msg, "");
    ck_app_close(app);
}

static void contact_hours_are_what_the_schedule_holds(void)
{
    ck_app *app = fresh_app("hours.db");
    ck_err err;
    const char *lunch[] = {"12:30-13:15"};
    CREATE(app, err, spec_.breaks = lunch, spec_.nbreaks = 1, spec_.hours = 16);
    CK_CHECK_STR(err.msg, "the schedule holds 14 h 30 min; the certificate would say 16 contact "
                          "hours; give --hours 14.5 or less");
    CREATE(app, err, spec_.hours = NAN);
    CK_CHECK_CONTAINS(err.msg, "--hours nan is not a number of contact hours");
    CREATE(app, err, spec_.hours = INFINITY);
    CK_CHECK_CONTAINS(err.msg, "is not a number of contact hours");
    CREATE(app, err, spec_.hours = -1);
    CK_CHECK_CONTAINS(err.msg, "--hours -1 is not a number of contact hours");
    CREATE(app, err, spec_.hours = 14.333);
    CK_CHECK_CONTAINS(err.msg, "more than two decimals");
    CK_CHECK_INT(course_count(app), 0);
    const ck_course_rec *c = NULL;
    CREATE(app, err, spec_.breaks = lunch, spec_.nbreaks = 1, spec_.hours = 14.5);
    CK_CHECK_STR(err.msg, "");
    CK_CHECK_INT(ck_app_course(app, &c, &err), CK_OK);
    CK_CHECK(c->hours == 14.5);
    /* The default is the schedule's time, in hundredths, never rounded up: 2 × 7 h 20 min. */
    const char *longer[] = {"12:30-13:10"};
    CREATE(app, err, spec_.breaks = longer, spec_.nbreaks = 1);
    CK_CHECK_INT(ck_app_course(app, &c, &err), CK_OK);
    CK_CHECK(c->hours == 14.66);
    ck_app_close(app);
}

/* Every accepted course can be certified: its certificates can be signed and expire. */
static void a_course_that_could_never_be_certified_is_refused(void)
{
    ck_app *app = fresh_app("dates.db");
    ck_err err;
    const char *last[] = {"9999-12-31"}, *old[] = {"2020-03-02"}, *epoch[] = {"1970-01-01"};
    CREATE(app, err, spec_.dates = last, spec_.ndates = 1);
    CK_CHECK_CONTAINS(err.msg, "the course ends on 9999-12-31, and its certificates would expire "
                               "after the year 9999");
    CREATE(app, err, spec_.dates = old, spec_.ndates = 1);
    CK_CHECK_CONTAINS(err.msg, "the course ends on 2020-03-02, so its certificates, valid for 2 "
                               "years, would have expired on 2 March 2022");
    CREATE(app, err, spec_.dates = epoch, spec_.ndates = 1);
    CK_CHECK_CONTAINS(err.msg, "would have expired");
    CK_CHECK_INT(course_count(app), 0);
    const char *late[] = {"9997-12-30"};
    CREATE(app, err, spec_.dates = late, spec_.ndates = 1);
    CK_CHECK_STR(err.msg, "");
    ck_app_close(app);
}

/* "--at 1970-01-01 01:00" in Berlin is second 0, which once meant "now": a time given is a
 * time, checked against the course's days. */
static void a_correction_time_is_never_now(void)
{
    ck_app *app = fresh_app("at.db");
    ck_err err;
    CREATE(app, err, spec_.title = "Days");
    int64_t who = 0;
    CK_CHECK_INT(ck_app_roster_add(app, "Ann Lee", NULL, &who, &err), CK_OK);
    ck_presence_req req = {.attendee_id = who,
                           .kind = CK_EVENT_IN,
                           .source = CK_SOURCE_TRAINER,
                           .reason = "paper sheet",
                           .at_given = true};
    CK_CHECK_INT(ck_tz_parse_datetime("1970-01-01 01:00", &req.at, "--at", &err), CK_OK);
    CK_CHECK_INT(req.at, 0);
    ck_presence_result r;
    CK_CHECK_INT(ck_app_presence(app, &req, &r, &err), CK_ESTATE);
    CK_CHECK_CONTAINS(err.msg, "1970-01-01 is not a day of the course \"Days\" (its days: "
                               "2026-12-01, 2026-12-02)");
    CK_CHECK_INT(ck_tz_parse_datetime("1970-01-01 00:00", &req.at, "--at", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "outside the times the station records");
    ck_decision_req d = {.attendee_id = who,
                         .decision = CK_DECISION_ACCEPT,
                         .source = CK_SOURCE_TRAINER,
                         .reason = "paper sheet",
                         .at_given = true,
                         .at = 0};
    CK_CHECK_INT(ck_app_license_decide(app, &d, &err), CK_ESTATE);
    CK_CHECK_CONTAINS(err.msg, "1970-01-01 is not a day of the course");
    ck_event_rec *evs = NULL;
    size_t n = 9;
    CK_CHECK_INT(ck_app_events(app, who, &evs, &n, &err), CK_OK);
    CK_CHECK_INT(n, 0);
    free(evs);
    ck_app_close(app);
}

/* A course stored before these checks, whose break covers its window: status says why nobody
 * can complete it, and nobody is eligible. */
static void an_older_course_that_requires_nothing_certifies_nobody(void)
{
    ck_app *app = fresh_app("older.db");
    ck_err err;
    CREATE(app, err, spec_.title = "Older");
    int64_t who = 0;
    CK_CHECK_INT(ck_app_roster_add(app, "Ann Lee", NULL, &who, &err), CK_OK);
    ck_app_close(app);
    sqlite3 *db = NULL;
    CK_CHECK_INT(sqlite3_open(ck_test_path("older.db"), &db), SQLITE_OK);
    CK_CHECK_INT(sqlite3_exec(db,
                              "INSERT INTO course_break (course_id, day_no, start_min, end_min) "
                              "SELECT course_id, day_no, start_min, end_min FROM course_day",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
    app = fresh_app("older.db");
    ck_status st;
    CK_CHECK_INT(ck_app_status_one(app, who, &st, &err), CK_OK);
    CK_CHECK(!st.eligible);
    CK_CHECK(!st.days[0].result.complete);
    CK_CHECK(st.nreasons > 0);
    if (st.nreasons) {
        char said[512];
        CK_CHECK_STR(ck_msg_code(&st.reasons[0]), "day.unusable");
        CK_CHECK_CONTAINS(ck_msg_word(&st.reasons[0], NULL, said, sizeof said),
                          "day 1 (1 December 2026) has a schedule the attendance rules refuse");
    }
    ck_status_clear(&st);
    ck_app_close(app);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(newest_course_follows_other_processes);
    CK_RUN(printer_comes_from_the_course_then_the_setting);
    CK_RUN(station_name_marks_events);
    CK_RUN(break_in_the_skipped_hour_is_refused);
    CK_RUN(a_day_that_requires_nothing_is_refused);
    CK_RUN(contact_hours_are_what_the_schedule_holds);
    CK_RUN(a_course_that_could_never_be_certified_is_refused);
    CK_RUN(a_correction_time_is_never_now);
    CK_RUN(an_older_course_that_requires_nothing_certifies_nobody);
    return ck_test_done();
}
