/* How a day stands at a moment (core/attend.h, ck_attend_day_progress): time gone by, missed,
 * still to go, and when a day is out of reach; cases, then a brute-force cross-check. */
#include <stdlib.h>

#include "ck_test.h"
#include "core/attend.h"

#define H(h, m) ((int64_t)(h)*3600 + (int64_t)(m)*60)
#define DAY0 ((int64_t)20000 * 86400) /* an arbitrary UTC midnight */
#define TOL 10

/* 09:00 to 17:00 with lunch 12:30 to 13:15: 435 required minutes. */
static ck_day lunch_day(void)
{
    ck_day d = {.date = {DAY0, DAY0 + 86400}, .window = {DAY0 + H(9, 0), DAY0 + H(17, 0)}};
    d.nbreaks = 1;
    d.breaks[0] = (ck_span){DAY0 + H(12, 30), DAY0 + H(13, 15)};
    return d;
}

/* The progress at hh:mm of someone with events spec (kind, hour, minute). */
static ck_day_progress at(const ck_day *d, int hh, int mm, const int (*spec)[3], size_t n)
{
    ck_event evs[8];
    for (size_t i = 0; i < n; i++)
        evs[i] = (ck_event){.id = (int64_t)i + 1,
                            .kind = (ck_event_kind)spec[i][0],
                            .at = DAY0 + H(spec[i][1], spec[i][2])};
    ck_day_result r;
    ck_day_progress p;
    int64_t now = DAY0 + H(hh, mm);
    CK_CHECK(ck_attend_day_eval(&r, d, evs, n, TOL, now));
    CK_CHECK(ck_attend_day_progress(&p, d, &r, TOL, now));
    return p;
}

#define IN CK_EVENT_IN
#define OUT CK_EVENT_OUT

static void nobody_yet(void)
{
    ck_day d = lunch_day();
    ck_day_progress p = at(&d, 8, 30, NULL, 0);
    CK_CHECK(p.before_start);
    CK_CHECK_INT(p.elapsed_minutes, 0);
    CK_CHECK_INT(p.missed_minutes, 0);
    CK_CHECK_INT(p.to_go_minutes, 435);
    CK_CHECK(!p.out_of_reach && !p.complete);
    /* Late within the tolerance: still reachable; a minute more and it is not. */
    p = at(&d, 9, 10, NULL, 0);
    CK_CHECK(!p.before_start);
    CK_CHECK_INT(p.missed_minutes, 10);
    CK_CHECK(!p.out_of_reach);
    p = at(&d, 9, 11, NULL, 0);
    CK_CHECK_INT(p.missed_minutes, 11);
    CK_CHECK(p.out_of_reach);
}

static void breaks_are_not_missed(void)
{
    ck_day d = lunch_day();
    static const int in_at_nine[][3] = {{IN, 9, 0}};
    /* In since 09:00, at 13:00 (in the break): 210 minutes present, nothing missed. */
    ck_day_progress p = at(&d, 13, 0, in_at_nine, 1);
    CK_CHECK_INT(p.present_minutes, 210);
    CK_CHECK_INT(p.elapsed_minutes, 210);
    CK_CHECK_INT(p.missed_minutes, 0);
    CK_CHECK_INT(p.to_go_minutes, 225);
    /* Out for the whole break: not missed either. */
    static const int lunch_out[][3] = {{IN, 9, 0}, {OUT, 12, 30}, {IN, 13, 15}};
    p = at(&d, 14, 0, lunch_out, 3);
    CK_CHECK_INT(p.missed_minutes, 0);
    CK_CHECK_INT(p.present_minutes, 255);
}

static void away_too_long(void)
{
    ck_day d = lunch_day();
    static const int spec[][3] = {{IN, 9, 0}, {OUT, 10, 0}};
    ck_day_progress p = at(&d, 10, 10, spec, 2);
    CK_CHECK_INT(p.missed_minutes, 10);
    CK_CHECK(!p.out_of_reach);
    p = at(&d, 10, 30, spec, 2);
    CK_CHECK_INT(p.missed_minutes, 30);
    CK_CHECK_INT(p.to_go_minutes, 375);
    CK_CHECK(p.out_of_reach);
}

static void after_the_day(void)
{
    ck_day d = lunch_day();
    /* Left five minutes early: complete within the tolerance, never out of reach. */
    static const int early[][3] = {{IN, 9, 0}, {OUT, 16, 55}};
    ck_day_progress p = at(&d, 18, 0, early, 2);
    CK_CHECK_INT(p.elapsed_minutes, 435);
    CK_CHECK_INT(p.missed_minutes, 5);
    CK_CHECK(p.complete && !p.out_of_reach);
    /* Still checked in after the end: all there, not proven until the check-out. */
    static const int open[][3] = {{IN, 9, 0}};
    p = at(&d, 17, 30, open, 1);
    CK_CHECK_INT(p.present_minutes, 435);
    CK_CHECK_INT(p.to_go_minutes, 0);
    CK_CHECK(!p.complete && !p.out_of_reach);
}

static void invalid_input_is_refused(void)
{
    ck_day d = lunch_day();
    ck_day_result r = {0};
    ck_day_progress p;
    CK_CHECK(!ck_attend_day_progress(&p, &d, &r, -1, DAY0));
    d.window.end = d.window.start;
    CK_CHECK(!ck_attend_day_progress(&p, &d, &r, TOL, DAY0));
}

/* ---- brute force: count minute by minute, and try the best the person can still do ---- */

static bool in_at(const ck_event *evs, size_t n, int64_t t)
{
    /* evs sorted by time; a check-in while in and a check-out while out change nothing. */
    bool in = false;
    for (size_t i = 0; i < n && evs[i].at <= t; i++)
        in = evs[i].kind == CK_EVENT_IN ? true : evs[i].kind == CK_EVENT_OUT ? false : in;
    return in;
}

static bool in_break(const ck_day *d, int64_t t)
{
    for (size_t i = 0; i < d->nbreaks; i++)
        if (t >= d->breaks[i].start && t < d->breaks[i].end)
            return true;
    return false;
}

static void brute_force_agrees(void)
{
    srand(4242);
    int mismatches = 0;
    for (int round = 0; round < 3000 && mismatches < 5; round++) {
        ck_day d = lunch_day();
        if (round % 3 == 0) {
            d.nbreaks = 2;
            d.breaks[0] = (ck_span){DAY0 + H(10, 30), DAY0 + H(10, 45)};
            d.breaks[1] = (ck_span){DAY0 + H(12, 0), DAY0 + H(13, 0)};
        }
        int tol = rand() % 40;
        /* now: a minute from 07:00 to 18:59; events before it, in time order. */
        int now_min = 7 * 60 + rand() % (12 * 60);
        int64_t now = DAY0 + (int64_t)now_min * 60;
        ck_event evs[12];
        size_t n = (size_t)(rand() % 10);
        int t = 6 * 60;
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            t += 1 + rand() % 120;
            if (t >= now_min)
                break;
            evs[k] = (ck_event){.id = (int64_t)k + 1,
                                .kind = rand() % 2 ? CK_EVENT_IN : CK_EVENT_OUT,
                                .at = DAY0 + (int64_t)t * 60};
            k++;
        }
        ck_day_result r;
        ck_day_progress p;
        CK_CHECK(ck_attend_day_eval(&r, &d, evs, k, tol, now));
        CK_CHECK(ck_attend_day_progress(&p, &d, &r, tol, now));
        int elapsed = 0, present = 0;
        for (int64_t s = d.window.start; s < d.window.end && s < now; s += 60) {
            if (in_break(&d, s))
                continue;
            elapsed++;
            present += in_at(evs, k, s);
        }
        /* The best the person can still do: be here from now to the end of the day. */
        ck_event best[14];
        size_t m = k;
        for (size_t i = 0; i < k; i++)
            best[i] = evs[i];
        if (!in_at(evs, k, now))
            best[m] = (ck_event){.id = (int64_t)m + 1, .kind = CK_EVENT_IN, .at = now}, m++;
        best[m] = (ck_event){.id = (int64_t)m + 1,
                             .kind = CK_EVENT_OUT,
                             .at = now > d.window.end ? now : d.window.end};
        m++;
        ck_day_result rb;
        CK_CHECK(ck_attend_day_eval(&rb, &d, best, m, tol, now));
        if (p.elapsed_minutes != elapsed || p.present_minutes != present ||
            p.missed_minutes != elapsed - present || p.out_of_reach != !rb.complete ||
            p.to_go_minutes != (r.required_minutes > present ? r.required_minutes - present : 0) ||
            p.before_start != (now < d.window.start) || p.complete != r.complete) {
            mismatches++;
            ck_test_fail(__FILE__, __LINE__,
                         "round %d at minute %d (tolerance %d): progress says elapsed %d, present "
                         "%d, missed %d, out of reach %d; brute force %d, %d, %d, %d",
                         round, now_min, tol, p.elapsed_minutes, p.present_minutes,
                         p.missed_minutes, p.out_of_reach, elapsed, present, elapsed - present,
                         !rb.complete);
        }
    }
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(nobody_yet);
    CK_RUN(breaks_are_not_missed);
    CK_RUN(away_too_long);
    CK_RUN(after_the_day);
    CK_RUN(invalid_input_is_refused);
    CK_RUN(brute_force_agrees);
    return ck_test_done();
}
