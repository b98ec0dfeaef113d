/* Attendance rules: how long a person was present on a course day, and whether that is enough.
 *
 * Pure functions over plain structs; no I/O, no clock, no time zone. The caller resolves a
 * day's local wall-clock times into UTC seconds (see app/timez.h), so a day on a
 * daylight-saving change is still its wall-clock window.
 */
#ifndef CK_CORE_ATTEND_H
#define CK_CORE_ATTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A half-open span of UTC seconds [start, end). */
typedef struct ck_span {
    int64_t start, end;
} ck_span;

#define CK_ATTEND_MAX_BREAKS 8

/* One scheduled course day. */
typedef struct ck_day {
    ck_span date;   /* the whole local calendar date: midnight to next midnight */
    ck_span window; /* scheduled start to end, inside date */
    size_t nbreaks;
    ck_span breaks[CK_ATTEND_MAX_BREAKS]; /* inside window, sorted, not overlapping */
} ck_day;

typedef enum ck_event_kind {
    CK_EVENT_IN = 1,
    CK_EVENT_OUT = 2,
    CK_EVENT_VOID = 3, /* cancels the event named by target (a mistaken tap undone) */
} ck_event_kind;

/* One recorded event, as the store keeps it. */
typedef struct ck_event {
    int64_t id; /* the store's id of the event */
    ck_event_kind kind;
    int64_t at;     /* UTC seconds */
    int64_t target; /* CK_EVENT_VOID only: id of the cancelled event */
    /* Breaks ties between events at the same second, lowest first, then id: the store sets
     * it from the order it gives, (at, origin station, place in that station's chain), so
     * every station orders the same events alike. */
    int64_t rank;
} ck_event;

typedef enum ck_gap_kind {
    CK_GAP_ABSENT, /* not present at all in the window */
    CK_GAP_LATE,   /* missing from the window's start */
    CK_GAP_EARLY,  /* missing up to the window's end */
    CK_GAP_AWAY,   /* missing in the middle */
    CK_GAP_OPEN,   /* checked in, not yet checked out: not proven */
} ck_gap_kind;

/* Time of the window that is not proven present. minutes excludes breaks. */
typedef struct ck_gap {
    ck_gap_kind kind;
    ck_span span;
    int minutes;
} ck_gap;

#define CK_ATTEND_MAX_GAPS 12

/* What ck_attend_day_eval() found for one person on one day. */
typedef struct ck_day_result {
    int required_minutes;  /* window minus breaks */
    int present_minutes;   /* proven: closed intervals only */
    int shortfall_minutes; /* required - present */
    bool complete;         /* shortfall within tolerance, and some time present */
    bool open;             /* checked in at the end of what is known */
    int64_t open_since;    /* when open: the check-in */
    int so_far_minutes;    /* present counting an open interval up to now: for display */
    bool any_event;        /* any check-in or check-out that day */
    size_t ngaps;
    ck_gap gaps[CK_ATTEND_MAX_GAPS]; /* in time order; the last ones may be merged away */
    bool gaps_truncated;
} ck_day_result;

/* Is day well-formed: window inside date, breaks sorted, inside window, not overlapping, and
 * some time required (the breaks do not cover the whole window)? */
bool ck_attend_day_valid(const ck_day *day);

/* Required minutes of a day: its window minus its breaks. */
int ck_attend_required_minutes(const ck_day *day);

/* Evaluate one person's events (any order, any dates) against one day.
 * Only events inside day->date count; the person is out at the date's start. A check-in
 * while in and a check-out while out are ignored; VOID events cancel their targets.
 * now is used only for so_far_minutes. Returns false if day is not valid. */
bool ck_attend_day_eval(ck_day_result *out, const ck_day *day, const ck_event *events, size_t n,
                        int tolerance_minutes, int64_t now);

/* How a day stands at a moment, for telling a person on the way what is left. */
typedef struct ck_day_progress {
    int present_minutes; /* so far: proven, plus an open interval up to now */
    int elapsed_minutes; /* required time (window less breaks) gone by at now */
    int missed_minutes;  /* elapsed less present: gone, whatever happens later */
    int to_go_minutes;   /* required less present, at least 0 */
    bool before_start;   /* now is before the window: nothing has gone by yet */
    bool complete;       /* as evaluated: the shortfall is within the tolerance */
    bool out_of_reach;   /* missed more than the tolerance: the day can no longer be complete,
                          * however long the person stays */
} ck_day_progress;

/* The progress at now of a day that ck_attend_day_eval() evaluated into r with the same day,
 * tolerance and now. Returns false if day is not valid or the tolerance is negative. */
bool ck_attend_day_progress(ck_day_progress *out, const ck_day *day, const ck_day_result *r,
                            int tolerance_minutes, int64_t now);

/* One check-in and the check-out that closed it, as the rules pair them. */
typedef struct ck_interval {
    int64_t in_at, out_at; /* UTC seconds; out_at is 0 while the interval is open */
    int64_t in_id, out_id; /* the events' ids (out_id 0 while open) */
} ck_interval;

/* The intervals of one person on one date, as ck_attend_day_eval() pairs the events (voided
 * ones removed, a check-in while in and a check-out while out ignored), in time order, not
 * clipped to any window. At most cap are written to out; *n is how many there are (possibly
 * more than cap). Returns false when out of memory. */
bool ck_attend_intervals(ck_interval *out, size_t cap, size_t *n, const ck_event *events,
                         size_t nevents, ck_span date);

/* Is the person in at time at (events at or before at, on the date containing at)?
 * If in, *since is the check-in that opened the interval. */
bool ck_attend_is_in(const ck_event *events, size_t n, ck_span date, int64_t at, int64_t *since);

#endif
