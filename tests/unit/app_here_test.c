/* Welcome's "N of M checked in" (ck_app_here_count): after every step of random histories
 * (check-ins and check-outs, undos, trainer corrections back in time, a second process writing,
 * walk-ins, the clock moving on, going back and changing day) it says what the whole course's
 * status says. */
#include <stdlib.h>

#include "app/app.h"
#include "app/timez.h"
#include "ck_test.h"

static int64_t now_s;
static int64_t clock_s(void *ctx)
{
    (void)ctx;
    return now_s;
}

/* The count as the whole course's status has it. */
static void status_count(ck_app *app, size_t *in_now, size_t *total)
{
    ck_status *list = NULL;
    size_t n = 0;
    ck_err err = {0};
    *in_now = *total = 0;
    CK_CHECK_INT(ck_app_status(app, &list, &n, &err), CK_OK);
    for (size_t i = 0; i < n; i++)
        *in_now += list[i].in_now;
    *total = n;
    ck_status_list_free(list, n);
}

static void agrees_with_status(void)
{
    ck_app *a = NULL, *b = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = ck_test_path("here.db"), .clock = clock_s};
    now_s = ck_tz_local("2026-11-23", 7 * 60);
    CK_CHECK_INT(ck_app_open(&a, &opt, CK_APP_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_app_open(&b, &opt, CK_APP_EXISTING, &err), CK_OK); /* the CLI beside it */
    const char *days[] = {"2026-11-23", "2026-11-24"};
    ck_course_spec spec = {
        .title = "Here", .trainer = "T", .dates = days, .ndates = 2, .tolerance_min = -1};
    int64_t course = 0, ids[12];
    size_t npeople = 6, in_now = 0, total = 0, want_in = 0, want_total = 0;
    CK_CHECK_INT(ck_app_course_create(a, &spec, &course, &err), CK_OK);
    /* Nobody yet: a count of zero, from an empty roster. */
    CK_CHECK_INT(ck_app_here_count(a, &in_now, &total, &err), CK_OK);
    CK_CHECK_INT(in_now, 0);
    CK_CHECK_INT(total, 0);
    for (size_t i = 0; i < npeople; i++) {
        char name[32];
        snprintf(name, sizeof name, "Person %zu", i);
        CK_CHECK_INT(ck_app_roster_add(a, name, "", &ids[i], &err), CK_OK);
    }
    srand(777);
    int64_t day1 = ck_tz_local("2026-11-23", 0), lo = day1 + 7 * 3600;
    int64_t last_event = 0;
    for (int step = 0; step < 400; step++) {
        ck_app *w = rand() % 3 ? a : b; /* who writes */
        int what = rand() % 100;
        ck_presence_result r;
        if (what < 50) {
            ck_presence_req q = {.attendee_id = ids[(size_t)rand() % npeople],
                                 .kind = rand() % 2 ? CK_EVENT_IN : CK_EVENT_OUT,
                                 .source = CK_SOURCE_KIOSK};
            if (ck_app_presence(w, &q, &r, &err) == CK_OK && r.event_id)
                last_event = r.event_id;
        } else if (what < 62) {
            /* A trainer's correction, earlier today. */
            ck_presence_req q = {.attendee_id = ids[(size_t)rand() % npeople],
                                 .kind = rand() % 2 ? CK_EVENT_IN : CK_EVENT_OUT,
                                 .source = CK_SOURCE_TRAINER,
                                 .at = now_s - 60 * (1 + rand() % 120),
                                 .reason = "forgot to tap"};
            if (ck_app_presence(w, &q, &r, &err) == CK_OK && r.event_id)
                last_event = r.event_id;
        } else if (what < 72 && last_event) {
            /* Undo, by the trainer, of the newest event or of an older one. */
            int64_t target = rand() % 2 ? last_event : 1 + rand() % last_event;
            ck_app_void_event(w, target, CK_SOURCE_TRAINER, "a mistaken tap", &err);
        } else if (what < 74 && npeople < 12) {
            char name[32];
            snprintf(name, sizeof name, "Walk-in %zu", npeople);
            CK_CHECK_INT(ck_app_roster_add(w, name, "", &ids[npeople], &err), CK_OK);
            npeople++;
        } else if (what < 90) {
            now_s += 60 * (1 + rand() % 90); /* time passes */
        } else if (what < 93) {
            now_s -= 60 * (1 + rand() % 60); /* the clock is set back */
        } else if (what < 97) {
            now_s += 86400; /* the next day (and after the course: no course day) */
        } else if (now_s > lo + 86400) {
            now_s -= 86400;
        }
        if (now_s < lo)
            now_s = lo;
        if (now_s > lo + 3 * 86400)
            now_s -= 2 * 86400;
        if (rand() % 3 == 0)
            continue; /* several steps between two looks */
        CK_CHECK_INT(ck_app_here_count(a, &in_now, &total, &err), CK_OK);
        status_count(a, &want_in, &want_total);
        if (in_now != want_in || total != want_total) {
            ck_test_fail(__FILE__, __LINE__,
                         "step %d: here count says %zu of %zu, the status %zu of %zu", step, in_now,
                         total, want_in, want_total);
            break;
        }
    }
    ck_app_close(b);
    ck_app_close(a);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(agrees_with_status);
    return ck_test_done();
}
