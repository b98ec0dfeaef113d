/* Courses through app/: the current one (the newest, even when another process made it), its
 * printer, the station name on events, and days the attendance rules can use. */
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

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(newest_course_follows_other_processes);
    CK_RUN(printer_comes_from_the_course_then_the_setting);
    CK_RUN(station_name_marks_events);
    CK_RUN(break_in_the_skipped_hour_is_refused);
    return ck_test_done();
}
