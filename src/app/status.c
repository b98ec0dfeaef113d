/* Status: each attendee's attendance per day, license decision, eligibility and why not. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/timez.h"

void ck_status_clear(ck_status *s)
{
    if (!s)
        return;
    free(s->reasons);
    s->reasons = NULL;
    s->nreasons = s->reasons_cap = 0;
}

void ck_status_list_free(ck_status *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        ck_status_clear(&list[i]);
    free(list);
}

/* One more reason, with its stable code (for --json; it never changes with the language). */
static bool add_reason(ck_status *s, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool add_reason(ck_status *s, const char *code, const char *fmt, ...)
{
    if (!ck_array_reserve(&s->reasons, &s->reasons_cap, s->nreasons + 1, sizeof *s->reasons))
        return false;
    ck_msg *m = &s->reasons[s->nreasons];
    va_list ap;
    ck_msg_clear(m);
    va_start(ap, fmt);
    ck_msg_vadd(m, false, fmt, NULL, 0, ap);
    va_end(ap);
    ck_msg_set_code(m, code);
    s->nreasons++;
    return true;
}

/* The sentences for one incomplete day. */
static bool day_reasons(ck_status *s, int day_no, const ck_day_status *d, int tolerance)
{
    const ck_day_result *r = &d->result;
    char hm1[6], hm2[6];
    if (!d->started && !r->any_event)
        return add_reason(s, "day.not_started", "day %d (%s) has not started yet", day_no,
                          CK_MSG_DATE(d->date));
    if (!d->over && !r->complete)
        return add_reason(s, "day.in_progress", "day %d is in progress (%s of %s so far)", day_no,
                          CK_MSG_MINUTES(r->so_far_minutes), CK_MSG_MINUTES(r->required_minutes));
    size_t missing_gaps = 0;
    for (size_t i = 0; i < r->ngaps; i++)
        if (r->gaps[i].kind != CK_GAP_OPEN)
            missing_gaps++;
    for (size_t i = 0; i < r->ngaps; i++) {
        const ck_gap *g = &r->gaps[i];
        ck_tz_hm(g->span.start, hm1);
        ck_tz_hm(g->span.end, hm2);
        /* With a single gap the tolerance explains why it counts; with several, the total
         * below says it. */
        bool tol = missing_gaps == 1 && g->kind != CK_GAP_OPEN && g->kind != CK_GAP_ABSENT;
        bool ok = true;
        switch (g->kind) {
        case CK_GAP_ABSENT:
            ok = add_reason(s, "day.absent", "day %d: no attendance recorded", day_no);
            break;
        case CK_GAP_LATE:
            ok = tol ? add_reason(s, "day.late", "day %d: arrived %s late, at %s (tolerance %d)",
                                  day_no, CK_MSG_MINUTES(g->minutes), hm2, tolerance)
                     : add_reason(s, "day.late", "day %d: arrived %s late, at %s", day_no,
                                  CK_MSG_MINUTES(g->minutes), hm2);
            break;
        case CK_GAP_EARLY:
            ok = tol ? add_reason(s, "day.early", "day %d: left %s early, at %s (tolerance %d)",
                                  day_no, CK_MSG_MINUTES(g->minutes), hm1, tolerance)
                     : add_reason(s, "day.early", "day %d: left %s early, at %s", day_no,
                                  CK_MSG_MINUTES(g->minutes), hm1);
            break;
        case CK_GAP_AWAY:
            ok = tol ? add_reason(s, "day.away", "day %d: away %s, %s–%s (tolerance %d)", day_no,
                                  CK_MSG_MINUTES(g->minutes), hm1, hm2, tolerance)
                     : add_reason(s, "day.away", "day %d: away %s, %s–%s", day_no,
                                  CK_MSG_MINUTES(g->minutes), hm1, hm2);
            break;
        case CK_GAP_OPEN:
            ck_tz_hm(r->open_since, hm1);
            ok = add_reason(s, "day.open",
                            "day %d: checked in at %s but never checked out; check out, or ask "
                            "the trainer to close the day",
                            day_no, hm1);
            break;
        }
        if (!ok)
            return false;
    }
    if (r->gaps_truncated || missing_gaps > 1)
        return add_reason(s, "day.missing", "day %d: %s missing in all (tolerance %d)", day_no,
                          CK_MSG_MINUTES(r->shortfall_minutes), tolerance);
    return true;
}

/* Evaluate one person from their events and latest decision. */
static ck_rc evaluate(const ck_course_rec *c, const ck_day *days, int64_t now,
                      const ck_license_rec *current, const ck_event *evs, size_t nevs,
                      const ck_acceptance_rec *decision, ck_status *s, ck_err *err)
{
    bool all_complete = true, unusable[CK_COURSE_MAX_DAYS] = {false};
    s->ndays = c->ndays;
    for (size_t i = 0; i < c->ndays; i++) {
        const ck_day day = days[i];
        ck_day_status *d = &s->days[i];
        memcpy(d->date, c->days[i].date, sizeof d->date);
        d->started = now >= day.window.start;
        d->over = now >= day.window.end;
        /* A day the rules refuse (stored before courses were checked: breaks covering the
         * whole window) is never complete; the reason says why. */
        unusable[i] = !ck_attend_day_eval(&d->result, &day, evs, nevs, c->tolerance_min, now);
        if (day.date.start <= now && now < day.date.end)
            s->in_now = ck_attend_is_in(evs, nevs, day.date, now, &s->in_since);
        all_complete = all_complete && d->result.complete;
    }
    /* The text decides, not its number: the same text stored at two stations counts as one. */
    bool same_text = decision && strcmp(decision->license_sha, current->sha256) == 0;
    if (decision) {
        s->license_version = decision->version;
        s->license_decision = decision->decision;
        s->license_accepted = decision->decision == CK_DECISION_ACCEPT && same_text;
    }
    s->eligible = all_complete && s->license_accepted;
    for (size_t i = 0; i < c->ndays; i++) {
        bool ok = true;
        if (unusable[i])
            ok = add_reason(s, "day.unusable",
                            "day %zu (%s) has a schedule the attendance rules refuse (no time "
                            "outside its breaks, or a clock change inside it), so nobody can "
                            "complete it; create the course again with time outside the breaks",
                            i + 1, CK_MSG_DATE(s->days[i].date));
        else if (!s->days[i].result.complete)
            ok = day_reasons(s, (int)i + 1, &s->days[i], c->tolerance_min);
        if (!ok)
            return ck_err_set(err, CK_ENOMEM, "out of memory");
    }
    bool ok = true;
    if (!decision)
        ok = add_reason(s, "license.none", "license agreement not accepted yet");
    else if (decision->decision == CK_DECISION_DECLINE)
        ok = add_reason(s, "license.declined", "declined the license agreement (version %d)",
                        decision->version);
    else if (!same_text && decision->version != current->version)
        ok = add_reason(s, "license.outdated",
                        "accepted license version %d, but the current text is version %d; "
                        "read and accept it again",
                        decision->version, current->version);
    else if (!same_text)
        ok = add_reason(s, "license.other_text",
                        "accepted a different text of license version %d than the current one "
                        "(another station stored its own version %d); read and accept it again",
                        decision->version, current->version);
    return ok ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory");
}

/* The rules' view of every day of the course, resolved once. */
static void course_days(const ck_course_rec *c, ck_day *days)
{
    for (size_t i = 0; i < c->ndays; i++)
        ck_tz_day(&c->days[i], &days[i]);
}

/* The current license's version and text hash (version 0 when none is stored). */
static void current_license(ck_app *app, ck_license_rec *out)
{
    ck_license_rec cur;
    memset(out, 0, sizeof *out);
    if (ck_store_license_current(app->store, &cur, NULL) != CK_OK)
        return;
    out->version = cur.version;
    memcpy(out->sha256, cur.sha256, sizeof out->sha256);
    memcpy(out->uid, cur.uid, sizeof out->uid);
    ck_license_rec_clear(&cur);
}

ck_rc ck_app_status_one(ck_app *app, int64_t attendee_id, ck_status *out, ck_err *err)
{
    const ck_course_rec *c;
    ck_event *evs = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    if ((rc = ck_store_attendee_get(app->store, attendee_id, &out->person, err)))
        return rc;
    if ((rc = ck_app_person_events(app, attendee_id, &evs, &n, err)))
        return rc;
    ck_acceptance_rec decision;
    ck_err quiet = {0};
    rc = ck_store_acceptance_latest(app->store, attendee_id, &decision, &quiet);
    if (rc && rc != CK_ENOTFOUND) {
        free(evs);
        return ck_err_msg(err, rc, &quiet.m);
    }
    ck_day days[CK_COURSE_MAX_DAYS];
    ck_license_rec license;
    course_days(c, days);
    current_license(app, &license);
    rc = evaluate(c, days, ck_app_now(app), &license, evs, n, rc == CK_OK ? &decision : NULL, out,
                  err);
    free(evs);
    if (rc)
        ck_status_clear(out);
    return rc;
}

static int cmp_attendee_event(const void *a, const void *b)
{
    int64_t x = ((const ck_attendee_event *)a)->attendee_id;
    int64_t y = ((const ck_attendee_event *)b)->attendee_id;
    return (x > y) - (x < y);
}

static int cmp_acceptance(const void *a, const void *b)
{
    int64_t x = ((const ck_acceptance_rec *)a)->attendee_id;
    int64_t y = ((const ck_acceptance_rec *)b)->attendee_id;
    return (x > y) - (x < y);
}

/* What every attendee's status is worked out from, read once for the whole course. */
typedef struct course_status {
    const ck_course_rec *course;
    ck_day days[CK_COURSE_MAX_DAYS];
    int64_t now;
    ck_license_rec license;
    const ck_attendee_event *evs; /* by attendee id */
    size_t nevs;
    const ck_acceptance_rec *decisions; /* by attendee id */
    size_t ndecisions;
    ck_event *mine; /* room for any one person's events */
    ck_status *one;
    ck_status_fn fn;
    void *ctx;
} course_status;

static ck_rc status_of(void *ctx, const ck_attendee_rec *person, ck_err *err)
{
    course_status *cs = ctx;
    int64_t id = person->id;
    ck_attendee_event key = {.attendee_id = id};
    /* bsearch() may not be given a NULL array, even an empty one. */
    const ck_attendee_event *hit =
        cs->nevs ? bsearch(&key, cs->evs, cs->nevs, sizeof *cs->evs, cmp_attendee_event) : NULL;
    size_t count = 0;
    if (hit) {
        while (hit > cs->evs && hit[-1].attendee_id == id)
            hit--;
        for (; hit < cs->evs + cs->nevs && hit->attendee_id == id; hit++)
            cs->mine[count++] = hit->ev;
    }
    ck_acceptance_rec dkey = {.attendee_id = id};
    const ck_acceptance_rec *d = cs->ndecisions ? bsearch(&dkey, cs->decisions, cs->ndecisions,
                                                          sizeof *cs->decisions, cmp_acceptance)
                                                : NULL;
    ck_status *one = cs->one;
    memset(one, 0, sizeof *one);
    one->person = *person;
    ck_rc rc = evaluate(cs->course, cs->days, cs->now, &cs->license, cs->mine, count, d, one, err);
    if (rc == CK_OK)
        rc = cs->fn(cs->ctx, one, err);
    ck_status_clear(one);
    return rc;
}

ck_rc ck_app_status_each(ck_app *app, ck_status_fn fn, void *ctx, ck_err *err)
{
    ck_attendee_event *evs = NULL;
    ck_acceptance_rec *decisions = NULL;
    ck_attendee_rec *row = NULL;
    course_status cs = {.fn = fn, .ctx = ctx};
    ck_rc rc = ck_app_course(app, &cs.course, err);
    if (rc)
        return rc;
    int64_t course_id = cs.course->id;
    /* One read transaction, so the reads agree. The attendees come one at a time (the
     * course's whole list need not be in memory); their events and decisions are read first,
     * whole, and found by id. */
    if ((rc = ck_store_begin_read(app->store, err)))
        return rc;
    if ((rc = ck_store_event_list_course(app->store, course_id, &evs, &cs.nevs, err)) ||
        (rc = ck_store_acceptance_latest_course(app->store, course_id, &decisions, &cs.ndecisions,
                                                err)))
        goto done;
    cs.evs = evs;
    cs.decisions = decisions;
    current_license(app, &cs.license);
    course_days(cs.course, cs.days);
    cs.now = ck_app_now(app);
    cs.one = malloc(sizeof *cs.one);
    cs.mine = malloc((cs.nevs ? cs.nevs : 1) * sizeof *cs.mine);
    row = malloc(sizeof *row);
    if (!cs.one || !cs.mine || !row) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory computing the status");
        goto done;
    }
    rc = ck_store_attendee_each(app->store, course_id, row, status_of, &cs, err);
done:
    ck_store_rollback(app->store);
    free(row);
    free(cs.one);
    free(cs.mine);
    free(evs);
    free(decisions);
    return rc;
}

typedef struct status_list {
    ck_status *list;
    size_t n, cap;
} status_list;

static ck_rc keep_status(void *ctx, const ck_status *s, ck_err *err)
{
    status_list *l = ctx;
    if (!ck_array_reserve(&l->list, &l->cap, l->n + 1, sizeof *l->list))
        return ck_err_set(err, CK_ENOMEM, "out of memory computing the status");
    ck_status *copy = &l->list[l->n];
    *copy = *s;
    copy->reasons = NULL;
    copy->nreasons = copy->reasons_cap = 0;
    l->n++;
    /* The reasons are the caller's to keep: copied (a message copies with =), since s's are
     * freed after this call. */
    if (s->nreasons && !(copy->reasons = malloc(s->nreasons * sizeof *copy->reasons)))
        return ck_err_set(err, CK_ENOMEM, "out of memory computing the status");
    for (size_t i = 0; i < s->nreasons; i++)
        copy->reasons[i] = s->reasons[i];
    copy->nreasons = copy->reasons_cap = s->nreasons;
    return CK_OK;
}

ck_rc ck_app_status(ck_app *app, ck_status **out, size_t *n, ck_err *err)
{
    status_list l = {0};
    *out = NULL;
    *n = 0;
    ck_rc rc = ck_app_status_each(app, keep_status, &l, err);
    if (rc) {
        ck_status_list_free(l.list, l.n);
        return rc;
    }
    *out = l.list;
    *n = l.n;
    return CK_OK;
}
