/* Who is here now: how many of the course's attendees are checked in (Welcome's "N of M"),
 * kept up to date from the events recorded since the last look instead of the whole course's
 * status each time. Whether one person is in stays core/'s rule (ck_attend_is_in). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/timez.h"

typedef struct here_person {
    int64_t id;
    ck_event *evs; /* every event of the person, ranked by the store */
    size_t nevs, cap;
    bool in;
    int64_t recheck_at; /* an event after the moment `in` was worked out (INT64_MAX: none) */
    bool stale;         /* events came since */
} here_person;

struct ck_here {
    int64_t course_id;
    ck_span date;        /* the course day it was worked out for */
    int64_t last_id;     /* every event up to this id has been read */
    int64_t now;         /* the last moment it was worked out for */
    here_person *people; /* by attendee id; only those with events */
    size_t npeople, cap;
    size_t in;
};

void ck_here_free(ck_here *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->npeople; i++)
        free(h->people[i].evs);
    free(h->people);
    free(h);
}

/* The person with attendee id, added (with no events) when new; NULL when out of memory. */
static here_person *person(ck_here *h, int64_t id)
{
    size_t lo = 0, hi = h->npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->people[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < h->npeople && h->people[lo].id == id)
        return &h->people[lo];
    if (!ck_array_reserve(&h->people, &h->cap, h->npeople + 1, sizeof *h->people))
        return NULL;
    memmove(&h->people[lo + 1], &h->people[lo], (h->npeople - lo) * sizeof *h->people);
    h->people[lo] = (here_person){.id = id, .recheck_at = INT64_MAX};
    h->npeople++;
    return &h->people[lo];
}

/* The whole course's events, ranked as the store orders them (the start of a day). */
static ck_rc add_course(ck_here *h, const ck_attendee_event *evs, size_t n, ck_err *err)
{
    here_person *p = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!p || p->id != evs[i].attendee_id)
            p = person(h, evs[i].attendee_id);
        if (!p || !ck_array_reserve(&p->evs, &p->cap, p->nevs + 1, sizeof *p->evs))
            return ck_err_set(err, CK_ENOMEM, "out of memory counting who is checked in");
        p->evs[p->nevs++] = evs[i].ev;
        p->stale = true;
        if (evs[i].ev.id > h->last_id)
            h->last_id = evs[i].ev.id;
    }
    return CK_OK;
}

/* Events recorded since: each person they belong to is read again whole, so the events' ranks
 * (which order those at the same second) are the store's. */
static ck_rc add_new(ck_app *app, ck_here *h, const ck_attendee_event *evs, size_t n, ck_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (evs[i].ev.id > h->last_id)
            h->last_id = evs[i].ev.id;
        here_person *p = person(h, evs[i].attendee_id);
        if (!p)
            return ck_err_set(err, CK_ENOMEM, "out of memory counting who is checked in");
        if (p->stale)
            continue; /* read again already */
        ck_event *mine = NULL;
        size_t count = 0;
        ck_rc rc = ck_app_person_events(app, p->id, &mine, &count, err);
        if (rc)
            return rc;
        free(p->evs);
        p->evs = mine;
        p->nevs = p->cap = count;
        p->stale = true;
    }
    return CK_OK;
}

/* Work out again who is in at now, for the people whose answer may have changed. */
static void settle(ck_here *h, int64_t now)
{
    for (size_t i = 0; i < h->npeople; i++) {
        here_person *p = &h->people[i];
        if (!p->stale && now < p->recheck_at)
            continue;
        bool in = ck_attend_is_in(p->evs, p->nevs, h->date, now, NULL);
        h->in = h->in - p->in + in;
        p->in = in;
        p->stale = false;
        p->recheck_at = INT64_MAX;
        for (size_t e = 0; e < p->nevs; e++)
            if (p->evs[e].at > now && p->evs[e].at < p->recheck_at)
                p->recheck_at = p->evs[e].at;
    }
    h->now = now;
}

/* Read the events recorded since the last look (or all of the course's, for a fresh start). */
static ck_rc catch_up(ck_app *app, ck_here *h, bool fresh, ck_err *err)
{
    ck_attendee_event *evs = NULL;
    size_t n = 0;
    ck_rc rc = fresh ? ck_store_event_list_course(app->store, h->course_id, &evs, &n, err)
                     : ck_store_event_list_course_after(app->store, h->course_id, h->last_id, &evs,
                                                        &n, err);
    if (rc == CK_OK)
        rc = fresh ? add_course(h, evs, n, err) : add_new(app, h, evs, n, err);
    free(evs);
    return rc;
}

ck_rc ck_app_here_count(ck_app *app, size_t *in_now, size_t *total, ck_err *err)
{
    const ck_course_rec *c = NULL;
    *in_now = *total = 0;
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    /* One read transaction: the count, the newest id and the events agree. */
    if ((rc = ck_store_begin_read(app->store, err)))
        return rc;
    int64_t last = 0, now = ck_app_now(app);
    int today = ck_app_today_index(app, c);
    if ((rc = ck_store_attendee_count(app->store, c->id, total, err)) || today < 0 ||
        (rc = ck_store_event_last_id(app->store, &last, err)))
        goto done;
    ck_day day;
    ck_tz_day(&c->days[today], &day);
    ck_here *h = app->here;
    /* Start afresh for another course or day, a clock gone back, or a file with fewer events
     * than were read (a restored copy); otherwise only what is new is read. */
    bool fresh = !h || h->course_id != c->id || h->date.start != day.date.start ||
                 h->date.end != day.date.end || now < h->now || last < h->last_id;
    if (fresh) {
        ck_here_free(app->here);
        app->here = h = calloc(1, sizeof *h);
        if (!h) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory counting who is checked in");
            goto done;
        }
        h->course_id = c->id;
        h->date = day.date;
    }
    if (fresh || last > h->last_id) {
        if ((rc = catch_up(app, h, fresh, err))) {
            ck_here_free(app->here); /* half read: start afresh next time */
            app->here = NULL;
            goto done;
        }
    }
    settle(h, now);
    *in_now = h->in;
done:
    ck_store_rollback(app->store);
    return rc;
}
