/* Attendance rules (core/attend.h): every rule, and a brute-force cross-check. */
#include <stdlib.h>

#include "ck_test.h"
#include "core/attend.h"

#define H(h, m) ((int64_t)(h) * 3600 + (int64_t)(m) * 60)
#define DAY0 ((int64_t)20000 * 86400) /* an arbitrary UTC midnight */

static ck_day plain_day(void)
{
    ck_day d = {.date = {DAY0, DAY0 + 86400}, .window = {DAY0 + H(9, 0), DAY0 + H(17, 0)}};
    return d;
}

static ck_day lunch_day(void)
{
    ck_day d = plain_day();
    d.nbreaks = 1;
    d.breaks[0] = (ck_span){DAY0 + H(12, 30), DAY0 + H(13, 15)};
    return d;
}

/* Build events from a compact list: kind, hour, minute (ids in order). */
static size_t events(ck_event *out, const int (*spec)[3], size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (ck_event){.id = (int64_t)i + 1,
                            .kind = (ck_event_kind)spec[i][0],
                            .at = DAY0 + H(spec[i][1], spec[i][2])};
    return n;
}

#define IN CK_EVENT_IN
#define OUT CK_EVENT_OUT
#define EVAL(r, day, spec, tol)                                                                \
    do {                                                                                       \
        ck_event evs_[16];                                                                     \
        size_t n_ = events(evs_, spec, sizeof spec / sizeof spec[0]);                          \
        CK_CHECK(ck_attend_day_eval(&(r), &(day), evs_, n_, (tol), DAY0 + H(23, 0)));          \
    } while (0)

static void required_minutes(void)
{
    ck_day d = plain_day();
    CK_CHECK_INT(ck_attend_required_minutes(&d), 480);
    d = lunch_day();
    CK_CHECK_INT(ck_attend_required_minutes(&d), 435);
    d.nbreaks = 2;
    d.breaks[1] = (ck_span){DAY0 + H(15, 0), DAY0 + H(15, 15)};
    CK_CHECK_INT(ck_attend_required_minutes(&d), 420);
}

static void full_day_on_time(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    static const int spec[][3] = {{IN, 9, 0}, {OUT, 17, 0}};
    EVAL(r, d, spec, 10);
    CK_CHECK_INT(r.present_minutes, 480);
    CK_CHECK_INT(r.shortfall_minutes, 0);
    CK_CHECK(r.complete);
    CK_CHECK_INT(r.ngaps, 0);
    CK_CHECK(!r.open);
}

static void early_arrival_late_leaving_are_clipped(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    static const int spec[][3] = {{IN, 7, 45}, {OUT, 18, 30}};
    EVAL(r, d, spec, 0);
    CK_CHECK_INT(r.present_minutes, 480);
    CK_CHECK(r.complete);
}

static void late_within_and_beyond_tolerance(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    static const int within[][3] = {{IN, 9, 10}, {OUT, 17, 0}};
    EVAL(r, d, within, 10);
    CK_CHECK(r.complete); /* exactly the tolerance */
    CK_CHECK_INT(r.shortfall_minutes, 10);
    CK_CHECK_INT(r.ngaps, 1);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_LATE);
    CK_CHECK_INT(r.gaps[0].minutes, 10);

    static const int beyond[][3] = {{IN, 9, 11}, {OUT, 17, 0}};
    EVAL(r, d, beyond, 10);
    CK_CHECK(!r.complete); /* one minute over */
    CK_CHECK_INT(r.shortfall_minutes, 11);

    static const int late20[][3] = {{IN, 9, 20}, {OUT, 17, 0}};
    EVAL(r, d, late20, 10);
    CK_CHECK(!r.complete);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_LATE);
    CK_CHECK_INT(r.gaps[0].minutes, 20);
    CK_CHECK_INT(r.gaps[0].span.start, DAY0 + H(9, 0));
    CK_CHECK_INT(r.gaps[0].span.end, DAY0 + H(9, 20));
}

static void left_early(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    static const int spec[][3] = {{IN, 8, 55}, {OUT, 16, 25}};
    EVAL(r, d, spec, 10);
    CK_CHECK(!r.complete);
    CK_CHECK_INT(r.ngaps, 1);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_EARLY);
    CK_CHECK_INT(r.gaps[0].minutes, 35);
    CK_CHECK_INT(r.present_minutes, 445);
}

static void breaks_are_not_required(void)
{
    ck_day d = lunch_day();
    ck_day_result r;
    /* Out exactly for the break: complete with no gap. */
    static const int lunch[][3] = {{IN, 9, 0}, {OUT, 12, 30}, {IN, 13, 15}, {OUT, 17, 0}};
    EVAL(r, d, lunch, 0);
    CK_CHECK(r.complete);
    CK_CHECK_INT(r.present_minutes, 435);
    CK_CHECK_INT(r.ngaps, 0);
    /* Present through the break: the break still does not count. */
    static const int through[][3] = {{IN, 9, 0}, {OUT, 17, 0}};
    EVAL(r, d, through, 0);
    CK_CHECK_INT(r.present_minutes, 435);
    /* Back 5 minutes after the break: a 5-minute gap that starts at the break's end. */
    static const int late_back[][3] = {{IN, 9, 0}, {OUT, 12, 30}, {IN, 13, 20}, {OUT, 17, 0}};
    EVAL(r, d, late_back, 0);
    CK_CHECK(!r.complete);
    CK_CHECK_INT(r.ngaps, 1);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_AWAY);
    CK_CHECK_INT(r.gaps[0].minutes, 5);
    CK_CHECK_INT(r.gaps[0].span.start, DAY0 + H(13, 15));
    CK_CHECK_INT(r.gaps[0].span.end, DAY0 + H(13, 20));
    /* Away across the break: only the required minutes count. */
    static const int across[][3] = {{IN, 9, 0}, {OUT, 12, 0}, {IN, 13, 30}, {OUT, 17, 0}};
    EVAL(r, d, across, 0);
    CK_CHECK_INT(r.gaps[0].minutes, 45);
    CK_CHECK_INT(r.shortfall_minutes, 45);
}

static void several_intervals(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    static const int spec[][3] = {{IN, 9, 0},   {OUT, 10, 30}, {IN, 10, 45},
                                  {OUT, 14, 0}, {IN, 14, 5},   {OUT, 17, 0}};
    EVAL(r, d, spec, 30);
    CK_CHECK_INT(r.present_minutes, 460);
    CK_CHECK(r.complete);
    CK_CHECK_INT(r.ngaps, 2);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_AWAY);
    CK_CHECK_INT(r.gaps[0].minutes, 15);
    CK_CHECK_INT(r.gaps[1].minutes, 5);
}

static void repeated_taps_are_ignored(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    /* Check-in while in and check-out while out change nothing. */
    static const int spec[][3] = {{OUT, 8, 0}, {IN, 9, 0}, {IN, 9, 30}, {IN, 11, 0},
                                  {OUT, 17, 0}, {OUT, 17, 5}};
    EVAL(r, d, spec, 0);
    CK_CHECK_INT(r.present_minutes, 480);
    CK_CHECK(r.complete);
}

static void open_interval_is_not_proven(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    ck_event evs[1] = {{.id = 1, .kind = CK_EVENT_IN, .at = DAY0 + H(9, 2)}};
    CK_CHECK(ck_attend_day_eval(&r, &d, evs, 1, 10, DAY0 + H(12, 2)));
    CK_CHECK(r.open);
    CK_CHECK_INT(r.open_since, DAY0 + H(9, 2));
    CK_CHECK_INT(r.present_minutes, 0);
    CK_CHECK(!r.complete);
    CK_CHECK_INT(r.so_far_minutes, 180);
    CK_CHECK_INT(r.ngaps, 2);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_LATE);
    CK_CHECK_INT(r.gaps[1].kind, CK_GAP_OPEN);
    /* Once closed at the window's end it counts. */
    ck_event closed[2] = {evs[0], {.id = 2, .kind = CK_EVENT_OUT, .at = DAY0 + H(17, 0)}};
    CK_CHECK(ck_attend_day_eval(&r, &d, closed, 2, 10, DAY0 + H(18, 0)));
    CK_CHECK(!r.open);
    CK_CHECK_INT(r.present_minutes, 478);
    CK_CHECK(r.complete);
    /* so_far never passes the window's end. */
    CK_CHECK(ck_attend_day_eval(&r, &d, evs, 1, 10, DAY0 + H(20, 0)));
    CK_CHECK_INT(r.so_far_minutes, 478);
}

static void events_outside_the_day_do_not_count(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    /* Checked in the day before and never out: that interval does not reach into this day. */
    ck_event evs[3] = {
        {.id = 1, .kind = CK_EVENT_IN, .at = DAY0 - H(15, 0)},
        {.id = 2, .kind = CK_EVENT_OUT, .at = DAY0 + H(17, 0)},
        {.id = 3, .kind = CK_EVENT_IN, .at = DAY0 + 86400 + H(9, 0)},
    };
    CK_CHECK(ck_attend_day_eval(&r, &d, evs, 3, 10, DAY0 + H(18, 0)));
    CK_CHECK_INT(r.present_minutes, 0);
    CK_CHECK(r.any_event); /* the check-out at 17:00 is on this date */
    CK_CHECK(!r.open);     /* the next day's check-in opens nothing here */
    CK_CHECK_INT(r.ngaps, 1);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_ABSENT);
    CK_CHECK_INT(r.gaps[0].minutes, 480);
    CK_CHECK(!r.complete);
    /* Events after the window on the same date count nothing. */
    static const int after[][3] = {{IN, 17, 30}, {OUT, 19, 0}};
    EVAL(r, d, after, 10);
    CK_CHECK_INT(r.present_minutes, 0);
    CK_CHECK(r.any_event);
}

static void no_events_is_absent(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    CK_CHECK(ck_attend_day_eval(&r, &d, NULL, 0, 10, DAY0));
    CK_CHECK_INT(r.ngaps, 1);
    CK_CHECK_INT(r.gaps[0].kind, CK_GAP_ABSENT);
    CK_CHECK_INT(r.gaps[0].minutes, 480);
    CK_CHECK(!r.any_event);
    CK_CHECK(!r.complete);
}

static void voided_events_are_ignored(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    ck_event evs[4] = {
        {.id = 1, .kind = CK_EVENT_IN, .at = DAY0 + H(9, 0)},
        {.id = 2, .kind = CK_EVENT_OUT, .at = DAY0 + H(10, 0)}, /* a mistaken tap */
        {.id = 3, .kind = CK_EVENT_VOID, .at = DAY0 + H(10, 0), .target = 2},
        {.id = 4, .kind = CK_EVENT_OUT, .at = DAY0 + H(17, 0)},
    };
    CK_CHECK(ck_attend_day_eval(&r, &d, evs, 4, 0, DAY0 + H(18, 0)));
    CK_CHECK_INT(r.present_minutes, 480);
    int64_t since = 0;
    CK_CHECK(ck_attend_is_in(evs, 4, d.date, DAY0 + H(12, 0), &since));
    CK_CHECK_INT(since, DAY0 + H(9, 0));
}

static void same_second_orders_by_id(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    ck_event evs[3] = {
        {.id = 7, .kind = CK_EVENT_OUT, .at = DAY0 + H(12, 0)},
        {.id = 3, .kind = CK_EVENT_IN, .at = DAY0 + H(9, 0)},
        {.id = 8, .kind = CK_EVENT_IN, .at = DAY0 + H(12, 0)}, /* back in the same second */
    };
    CK_CHECK(ck_attend_day_eval(&r, &d, evs, 3, 0, DAY0 + H(13, 0)));
    CK_CHECK(r.open);
    CK_CHECK_INT(r.open_since, DAY0 + H(12, 0));
    CK_CHECK_INT(r.present_minutes, 180);
}

static void seconds_round_down(void)
{
    ck_day d = plain_day();
    ck_day_result r;
    ck_event evs[2] = {{.id = 1, .kind = CK_EVENT_IN, .at = DAY0 + H(9, 0) + 30},
                       {.id = 2, .kind = CK_EVENT_OUT, .at = DAY0 + H(17, 0)}};
    CK_CHECK(ck_attend_day_eval(&r, &d, evs, 2, 0, DAY0 + H(18, 0)));
    CK_CHECK_INT(r.present_minutes, 479);
    CK_CHECK_INT(r.shortfall_minutes, 1);
    CK_CHECK(!r.complete);
    CK_CHECK_INT(r.gaps[0].minutes, 1);
}

static void invalid_days_are_refused(void)
{
    ck_day_result r;
    ck_day d = plain_day();
    d.window.end = d.window.start;
    CK_CHECK(!ck_attend_day_eval(&r, &d, NULL, 0, 0, 0));
    d = plain_day();
    d.window.end = d.date.end + 1;
    CK_CHECK(!ck_attend_day_valid(&d));
    d = lunch_day();
    d.nbreaks = 2;
    d.breaks[1] = (ck_span){DAY0 + H(12, 45), DAY0 + H(13, 30)}; /* overlaps */
    CK_CHECK(!ck_attend_day_valid(&d));
    d = lunch_day();
    d.breaks[0] = (ck_span){DAY0 + H(8, 0), DAY0 + H(9, 30)}; /* outside the window */
    CK_CHECK(!ck_attend_day_valid(&d));
    d = plain_day();
    CK_CHECK(!ck_attend_day_eval(&r, &d, NULL, 0, -1, 0));
}

/* Issue 9: a break covering the whole window made a day nobody could miss, so a person who
 * never came was eligible. Such a day is not a day; and however large the tolerance, someone
 * with no time present never completes one. */
static void nobody_absent_completes_a_day(void)
{
    ck_day_result r;
    ck_day d = plain_day();
    d.nbreaks = 1;
    d.breaks[0] = d.window;
    CK_CHECK(!ck_attend_day_valid(&d));
    CK_CHECK(!ck_attend_day_eval(&r, &d, NULL, 0, 10, 0));
    CK_CHECK(!r.complete);
    d.nbreaks = 2; /* two breaks that meet cover it as well */
    d.breaks[0] = (ck_span){d.window.start, DAY0 + H(13, 0)};
    d.breaks[1] = (ck_span){DAY0 + H(13, 0), d.window.end};
    CK_CHECK(!ck_attend_day_valid(&d));
    d = plain_day();
    CK_CHECK(ck_attend_day_eval(&r, &d, NULL, 0, 480, DAY0 + H(23, 0)));
    CK_CHECK(!r.complete);
    CK_CHECK_INT(r.shortfall_minutes, 480);
    static const int minute[][3] = {{IN, 16, 59}, {OUT, 17, 0}};
    EVAL(r, d, minute, 480);
    CK_CHECK(r.complete); /* present at all, and within that (absurd) tolerance */
}

static void is_in_follows_the_day(void)
{
    ck_day d = plain_day();
    ck_event evs[2] = {{.id = 1, .kind = CK_EVENT_IN, .at = DAY0 + H(9, 0)},
                       {.id = 2, .kind = CK_EVENT_OUT, .at = DAY0 + H(12, 0)}};
    int64_t since = 0;
    CK_CHECK(!ck_attend_is_in(evs, 2, d.date, DAY0 + H(8, 59), &since));
    CK_CHECK(ck_attend_is_in(evs, 2, d.date, DAY0 + H(9, 0), &since));
    CK_CHECK(ck_attend_is_in(evs, 2, d.date, DAY0 + H(11, 59), &since));
    CK_CHECK(!ck_attend_is_in(evs, 2, d.date, DAY0 + H(12, 0), &since));
    /* The next date starts out. */
    ck_span next = {DAY0 + 86400, DAY0 + 2 * 86400};
    ck_event open[1] = {{.id = 1, .kind = CK_EVENT_IN, .at = DAY0 + H(9, 0)}};
    CK_CHECK(!ck_attend_is_in(open, 1, next, DAY0 + 86400 + H(9, 0), &since));
}

/* ---- brute force: integrate presence minute by minute and compare ---- */

static bool in_at(const ck_event *evs, size_t n, int64_t t)
{
    /* evs sorted; the walk mirrors the rule "in while in / out while out is ignored". */
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

static int cmp_at(const void *a, const void *b)
{
    const ck_event *x = a, *y = b;
    return x->at != y->at ? (x->at < y->at ? -1 : 1) : (x->id > y->id) - (x->id < y->id);
}

static void brute_force_agrees(void)
{
    srand(12345);
    int mismatches = 0;
    for (int round = 0; round < 3000 && mismatches < 5; round++) {
        ck_day d = (round % 2) ? lunch_day() : plain_day();
        if (round % 5 == 0) {
            d.nbreaks = 2;
            d.breaks[0] = (ck_span){DAY0 + H(10, 30), DAY0 + H(10, 45)};
            d.breaks[1] = (ck_span){DAY0 + H(12, 0), DAY0 + H(13, 0)};
        }
        ck_event evs[12];
        size_t n = (size_t)(rand() % 12);
        for (size_t i = 0; i < n; i++)
            evs[i] = (ck_event){.id = (int64_t)i + 1,
                                .kind = rand() % 2 ? CK_EVENT_IN : CK_EVENT_OUT,
                                .at = DAY0 + H(7, 0) + (int64_t)(rand() % (12 * 60)) * 60};
        ck_day_result r;
        CK_CHECK(ck_attend_day_eval(&r, &d, evs, n, 15, DAY0 + H(23, 0)));
        qsort(evs, n, sizeof evs[0], cmp_at);
        /* An interval still open at the end of the events is not proven. */
        bool open_at_end = n && in_at(evs, n, DAY0 + 86400 - 1);
        int64_t open_from = 0;
        if (open_at_end)
            ck_attend_is_in(evs, n, d.date, DAY0 + 86400 - 1, &open_from);
        int present = 0, required = 0;
        for (int64_t t = d.window.start; t < d.window.end; t += 60) {
            if (in_break(&d, t))
                continue;
            required++;
            if (in_at(evs, n, t) && !(open_at_end && t >= open_from))
                present++;
        }
        if (r.required_minutes != required || r.present_minutes != present ||
            r.complete != (required - present <= 15 && present > 0) || r.open != open_at_end) {
            mismatches++;
            ck_test_fail(__FILE__, __LINE__,
                         "round %d: rules say %d/%d open=%d, brute force %d/%d open=%d", round,
                         r.present_minutes, r.required_minutes, r.open, present, required,
                         open_at_end);
        }
        /* The gaps add up to the shortfall when nothing is open. */
        if (!r.open && !r.gaps_truncated) {
            int gap_total = 0;
            for (size_t g = 0; g < r.ngaps; g++)
                gap_total += r.gaps[g].minutes;
            CK_CHECK_INT(gap_total, r.shortfall_minutes);
        }
    }
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(required_minutes);
    CK_RUN(full_day_on_time);
    CK_RUN(early_arrival_late_leaving_are_clipped);
    CK_RUN(late_within_and_beyond_tolerance);
    CK_RUN(left_early);
    CK_RUN(breaks_are_not_required);
    CK_RUN(several_intervals);
    CK_RUN(repeated_taps_are_ignored);
    CK_RUN(open_interval_is_not_proven);
    CK_RUN(events_outside_the_day_do_not_count);
    CK_RUN(no_events_is_absent);
    CK_RUN(voided_events_are_ignored);
    CK_RUN(same_second_orders_by_id);
    CK_RUN(seconds_round_down);
    CK_RUN(invalid_days_are_refused);
    CK_RUN(nobody_absent_completes_a_day);
    CK_RUN(is_in_follows_the_day);
    CK_RUN(brute_force_agrees);
    return ck_test_done();
}
