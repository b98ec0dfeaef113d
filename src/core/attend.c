/* Attendance rules: present time, shortfall and gaps of one person on one course day. */
#include "core/attend.h"

#include <stdlib.h>
#include <string.h>

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t required_seconds_in(const ck_day *day, int64_t s, int64_t e);

bool ck_attend_day_valid(const ck_day *day)
{
    if (!day || day->date.start >= day->date.end)
        return false;
    if (day->window.start >= day->window.end || day->window.start < day->date.start ||
        day->window.end > day->date.end)
        return false;
    if (day->nbreaks > CK_ATTEND_MAX_BREAKS)
        return false;
    int64_t prev_end = day->window.start;
    for (size_t i = 0; i < day->nbreaks; i++) {
        const ck_span *b = &day->breaks[i];
        if (b->start >= b->end || b->start < prev_end || b->end > day->window.end)
            return false;
        prev_end = b->end;
    }
    /* Breaks covering the whole window leave nothing to attend: nobody could be absent. */
    return required_seconds_in(day, day->window.start, day->window.end) > 0;
}

/* Seconds of [s, e) that are inside the window and outside every break. */
static int64_t required_seconds_in(const ck_day *day, int64_t s, int64_t e)
{
    s = max64(s, day->window.start);
    e = min64(e, day->window.end);
    if (s >= e)
        return 0;
    int64_t total = e - s;
    for (size_t i = 0; i < day->nbreaks; i++) {
        int64_t bs = max64(s, day->breaks[i].start), be = min64(e, day->breaks[i].end);
        if (bs < be)
            total -= be - bs;
    }
    return total;
}

int ck_attend_required_minutes(const ck_day *day)
{
    return (int)(required_seconds_in(day, day->window.start, day->window.end) / 60);
}

static int cmp_event(const void *a, const void *b)
{
    const ck_event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The IN and OUT events on date, voided ones removed, in time order. Caller frees. */
static ck_event *day_events(const ck_event *events, size_t n, ck_span date, size_t *count)
{
    int64_t *voided = NULL;
    size_t nvoided = 0;
    ck_event *out = malloc((n ? n : 1) * sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (events[i].kind == CK_EVENT_VOID)
            nvoided++;
    if (nvoided) {
        voided = malloc(nvoided * sizeof *voided);
        if (!voided) {
            free(out);
            return NULL;
        }
        nvoided = 0;
        for (size_t i = 0; i < n; i++)
            if (events[i].kind == CK_EVENT_VOID)
                voided[nvoided++] = events[i].target;
        qsort(voided, nvoided, sizeof *voided, cmp_id);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const ck_event *e = &events[i];
        if (e->kind != CK_EVENT_IN && e->kind != CK_EVENT_OUT)
            continue;
        if (e->at < date.start || e->at >= date.end)
            continue;
        if (nvoided && bsearch(&e->id, voided, nvoided, sizeof *voided, cmp_id))
            continue;
        out[k++] = *e;
    }
    free(voided);
    qsort(out, k, sizeof *out, cmp_event);
    *count = k;
    return out;
}

bool ck_attend_is_in(const ck_event *events, size_t n, ck_span date, int64_t at, int64_t *since)
{
    size_t k = 0;
    ck_event *evs = day_events(events, n, date, &k);
    bool in = false;
    int64_t opened = 0;
    for (size_t i = 0; evs && i < k && evs[i].at <= at; i++) {
        if (evs[i].kind == CK_EVENT_IN && !in) {
            in = true;
            opened = evs[i].at;
        } else if (evs[i].kind == CK_EVENT_OUT && in) {
            in = false;
        }
    }
    free(evs);
    if (in && since)
        *since = opened;
    return in;
}

bool ck_attend_intervals(ck_interval *out, size_t cap, size_t *n, const ck_event *events,
                         size_t nevents, ck_span date)
{
    size_t k = 0, count = 0;
    *n = 0;
    ck_event *evs = day_events(events, nevents, date, &k);
    if (!evs)
        return false;
    bool in = false;
    for (size_t i = 0; i < k; i++) {
        if (evs[i].kind == CK_EVENT_IN && !in) {
            in = true;
            if (count < cap)
                out[count] = (ck_interval){.in_at = evs[i].at, .in_id = evs[i].id};
            count++;
        } else if (evs[i].kind == CK_EVENT_OUT && in) {
            in = false;
            if (count - 1 < cap) {
                out[count - 1].out_at = evs[i].at;
                out[count - 1].out_id = evs[i].id;
            }
        }
    }
    free(evs);
    *n = count;
    return true;
}

static void add_gap(ck_day_result *r, ck_gap_kind kind, int64_t s, int64_t e, int64_t secs)
{
    if (r->ngaps == CK_ATTEND_MAX_GAPS) {
        r->gaps_truncated = true;
        return;
    }
    r->gaps[r->ngaps++] =
        (ck_gap){.kind = kind, .span = {s, e}, .minutes = (int)((secs + 59) / 60)};
}

/* Move a gap's edges out of breaks, so "away 13:00–13:20" not "away 12:00–13:20". */
static void trim_to_required(const ck_day *day, int64_t *s, int64_t *e)
{
    for (size_t i = 0; i < day->nbreaks; i++) {
        const ck_span *b = &day->breaks[i];
        if (*s >= b->start && *s < b->end)
            *s = b->end;
    }
    for (size_t i = day->nbreaks; i-- > 0;) {
        const ck_span *b = &day->breaks[i];
        if (*e > b->start && *e <= b->end)
            *e = b->start;
    }
}

/* Record the missing span [s, e) of the window, classified by where it lies. */
static void add_missing(ck_day_result *r, const ck_day *day, int64_t s, int64_t e)
{
    s = max64(s, day->window.start);
    e = min64(e, day->window.end);
    int64_t secs = required_seconds_in(day, s, e);
    if (secs <= 0)
        return;
    bool from_start = required_seconds_in(day, day->window.start, s) == 0;
    bool to_end = required_seconds_in(day, e, day->window.end) == 0;
    trim_to_required(day, &s, &e);
    ck_gap_kind kind = from_start && to_end ? CK_GAP_ABSENT
                       : from_start         ? CK_GAP_LATE
                       : to_end             ? CK_GAP_EARLY
                                            : CK_GAP_AWAY;
    add_gap(r, kind, s, e, secs);
}

bool ck_attend_day_eval(ck_day_result *out, const ck_day *day, const ck_event *events, size_t n,
                        int tolerance_minutes, int64_t now)
{
    memset(out, 0, sizeof *out);
    if (!ck_attend_day_valid(day) || tolerance_minutes < 0)
        return false;
    out->required_minutes = ck_attend_required_minutes(day);

    size_t k = 0;
    ck_event *evs = day_events(events, n, day->date, &k);
    if (!evs)
        return false;

    /* Walk the events; closed intervals are proven, sorted and disjoint by construction. */
    int64_t present = 0, cursor = day->window.start; /* cursor: end of what was covered */
    bool in = false;
    int64_t opened = 0;
    for (size_t i = 0; i < k; i++) {
        out->any_event = true;
        if (evs[i].kind == CK_EVENT_IN && !in) {
            in = true;
            opened = evs[i].at;
        } else if (evs[i].kind == CK_EVENT_OUT && in) {
            in = false;
            int64_t s = max64(opened, day->window.start), e = min64(evs[i].at, day->window.end);
            if (s < e) {
                present += required_seconds_in(day, s, e);
                if (s > cursor)
                    add_missing(out, day, cursor, s);
                cursor = max64(cursor, e);
            }
        }
    }
    free(evs);

    out->present_minutes = (int)(present / 60);
    out->shortfall_minutes = out->required_minutes - out->present_minutes;
    /* Within the tolerance, and present at all: a tolerance as long as the day never makes
     * someone who never came complete. */
    out->complete = out->shortfall_minutes <= tolerance_minutes && present > 0;
    out->so_far_minutes = out->present_minutes;

    if (in) {
        out->open = true;
        out->open_since = opened;
        int64_t s = max64(opened, day->window.start);
        if (s > cursor)
            add_missing(out, day, cursor, s);
        int64_t open_secs = required_seconds_in(day, s, day->window.end);
        if (open_secs > 0) {
            add_gap(out, CK_GAP_OPEN, s, day->window.end, open_secs);
            int64_t upto = min64(now, day->window.end);
            if (upto > s)
                out->so_far_minutes = (int)((present + required_seconds_in(day, s, upto)) / 60);
        }
    } else if (cursor < day->window.end) {
        add_missing(out, day, cursor, day->window.end);
    }
    return true;
}

bool ck_attend_day_progress(ck_day_progress *out, const ck_day *day, const ck_day_result *r,
                            int tolerance_minutes, int64_t now)
{
    memset(out, 0, sizeof *out);
    if (!ck_attend_day_valid(day) || tolerance_minutes < 0)
        return false;
    out->present_minutes = r->so_far_minutes;
    out->elapsed_minutes = (int)(required_seconds_in(day, day->window.start, now) / 60);
    out->missed_minutes = out->elapsed_minutes - out->present_minutes;
    if (out->missed_minutes < 0)
        out->missed_minutes = 0;
    out->to_go_minutes = r->required_minutes - out->present_minutes;
    if (out->to_go_minutes < 0)
        out->to_go_minutes = 0;
    out->before_start = now < day->window.start;
    out->complete = r->complete;
    /* Present for all the rest, the shortfall would still be what was missed. */
    out->out_of_reach = !r->complete && out->missed_minutes > tolerance_minutes;
    return true;
}
