/* Check-in, check-out, undo and closing the day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/timez.h"

ck_rc ck_app_person_events(ck_app *app, int64_t attendee, ck_event **out, size_t *n, ck_err *err)
{
    ck_event_rec *recs = NULL;
    ck_rc rc = ck_store_event_list(app->store, attendee, &recs, n, err);
    if (rc)
        return rc;
    *out = malloc((*n ? *n : 1) * sizeof **out);
    if (!*out) {
        free(recs);
        return ck_err_set(err, CK_ENOMEM, "out of memory reading the events");
    }
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = recs[i].ev;
    free(recs);
    return CK_OK;
}

ck_rc ck_app_presence(ck_app *app, const ck_presence_req *req, ck_presence_result *out, ck_err *err)
{
    const ck_course_rec *c;
    ck_event *evs = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    if (!ck_assert(req->kind == CK_EVENT_IN || req->kind == CK_EVENT_OUT))
        return ck_err_set(err, CK_EINTERNAL, "a presence event is a check-in or a check-out");
    int64_t now = ck_app_now(app);
    bool correction = req->at_given;
    int64_t at = correction ? req->at : now;
    char why[CK_REASON_MAX] = "";
    if (correction || req->source == CK_SOURCE_TRAINER) {
        rc = req->kind == CK_EVENT_IN
                 ? ck_app_reason(why, req->reason, N_("a trainer check-in"), err)
                 : ck_app_reason(why, req->reason, N_("a trainer check-out"), err);
        if (rc)
            return rc;
    }
    if (correction && at > now + 60)
        return ck_err_set(err, CK_EINVAL,
                          "--at is in the future; a correction records what already happened");

    char date[11], days[CK_COURSE_MAX_DAYS * 12 + 8];
    ck_tz_date(at, date);
    int idx = ck_app_course_day_index(c, date);
    if (idx < 0) {
        ck_app_course_days_text(c, days, sizeof days);
        return ck_err_set(err, CK_ESTATE,
                          "%s is not a day of the course \"%s\" (its days: %s); check in on a "
                          "course day",
                          date, c->title, days);
    }

    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_attendee_get(app->store, req->attendee_id, &out->person, err)))
        goto fail;
    if (out->person.course_id != c->id) {
        rc = ck_err_set(err, CK_ENOTFOUND, "%s is not on the roster of \"%s\"", out->person.name,
                        c->title);
        goto fail;
    }
    if ((rc = ck_app_person_events(app, req->attendee_id, &evs, &n, err)))
        goto fail;

    ck_day day;
    ck_tz_day(&c->days[idx], &day);
    int64_t since = 0;
    bool in = ck_attend_is_in(evs, n, day.date, at, &since);
    out->at = at;
    out->day_index = idx;
    out->last_day = (size_t)idx == c->ndays - 1;
    if (req->kind == CK_EVENT_IN && in) {
        /* A repeated tap: nothing to record; say since when. */
        out->since = since;
        ck_store_rollback(app->store);
    } else if (req->kind == CK_EVENT_OUT && !in) {
        char hm[6];
        ck_tz_hm(at, hm);
        rc = correction ? ck_err_set(err, CK_ESTATE,
                                     "%s was not checked in at %s on %s, so there is nothing to "
                                     "check out; record the check-in first",
                                     out->person.name, hm, date)
                        : ck_err_set(err, CK_ESTATE,
                                     "%s is not checked in today, so there is nothing to check "
                                     "out; check in first",
                                     out->person.name);
        goto fail;
    } else {
        ck_event_rec e;
        memset(&e, 0, sizeof e);
        e.ev.kind = req->kind;
        e.ev.at = at;
        e.attendee_id = req->attendee_id;
        e.recorded_at = now;
        e.source = req->source;
        memcpy(e.reason, why, sizeof e.reason);
        snprintf(e.device, sizeof e.device, "%s", app->device);
        if ((rc = ck_store_event_append(app->store, &e, err)))
            goto fail;
        if (correction || req->source == CK_SOURCE_TRAINER) {
            char when[17];
            ck_tz_datetime(at, when);
            json_t *d =
                json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "attendee", (json_int_t)out->person.id,
                          "name", out->person.name, "kind", req->kind == CK_EVENT_IN ? "in" : "out",
                          "at", when, "reason", e.reason, "event", e.uid);
            if ((rc = ck_app_audit_write(app, ck_app_actor(CK_SOURCE_TRAINER),
                                         req->kind == CK_EVENT_IN ? CK_AUDIT_CHECKIN_TRAINER
                                                                  : CK_AUDIT_CHECKOUT_TRAINER,
                                         d, err)))
                goto fail;
        }
        if ((rc = ck_store_commit(app->store, err)))
            goto done;
        out->changed = true;
        out->event_id = e.ev.id;
        /* Evaluate the day with the new event included. */
        size_t cap = n; /* the list holds exactly n */
        if (!ck_array_reserve(&evs, &cap, n + 1, sizeof *evs)) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory");
            goto done;
        }
        evs[n++] = e.ev;
    }
    ck_attend_day_eval(&out->day, &day, evs, n, c->tolerance_min, now);
    goto done;
fail:
    ck_store_rollback(app->store);
done:
    free(evs);
    return rc;
}

ck_rc ck_app_void_event(ck_app *app, int64_t event_id, ck_source source, const char *reason,
                        ck_err *err)
{
    ck_event_rec target, *all = NULL;
    size_t n = 0;
    int64_t now = ck_app_now(app);
    char why[CK_REASON_MAX] = "";
    ck_rc rc;
    if (source == CK_SOURCE_TRAINER && (rc = ck_app_reason(why, reason, "undoing an event", err)))
        return rc;
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_event_get(app->store, event_id, &target, err)))
        goto fail;
    if (target.ev.kind == CK_EVENT_VOID) {
        rc = ck_err_set(err, CK_EINVAL,
                        "event %lld is itself an undo; record the event again "
                        "instead",
                        (long long)event_id);
        goto fail;
    }
    if ((rc = ck_store_event_list(app->store, target.attendee_id, &all, &n, err)))
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (all[i].ev.kind == CK_EVENT_VOID && all[i].ev.target == event_id) {
            rc = ck_err_set(err, CK_ESTATE, "event %lld was already undone", (long long)event_id);
            goto fail;
        }
    if (source != CK_SOURCE_TRAINER) {
        int64_t latest = 0;
        for (size_t i = 0; i < n; i++)
            if (all[i].ev.id > latest)
                latest = all[i].ev.id;
        if (latest != event_id || now - target.recorded_at > CK_APP_UNDO_SECONDS) {
            rc = ck_err_set(err, CK_ESTATE,
                            "it is too late to undo this at the kiosk; please ask your trainer");
            goto fail;
        }
    }
    ck_event_rec v;
    memset(&v, 0, sizeof v);
    v.ev.kind = CK_EVENT_VOID;
    v.ev.at = now;
    v.ev.target = event_id;
    v.attendee_id = target.attendee_id;
    v.recorded_at = now;
    v.source = source;
    snprintf(v.reason, sizeof v.reason, "%s",
             *why ? why : "undone at the kiosk right after the tap");
    snprintf(v.device, sizeof v.device, "%s", app->device);
    if ((rc = ck_store_event_append(app->store, &v, err)))
        goto fail;
    char when[17];
    ck_tz_datetime(target.ev.at, when);
    json_t *d =
        json_pack("{s:I, s:s, s:s, s:s, s:s}", "attendee", (json_int_t)target.attendee_id, "undone",
                  target.uid, "kind", target.ev.kind == CK_EVENT_IN ? "in" : "out", "at", when,
                  "reason", v.reason);
    if ((rc = ck_app_audit_write(app, ck_app_actor(source), CK_AUDIT_EVENT_VOID, d, err)))
        goto fail;
    free(all);
    return ck_store_commit(app->store, err);
fail:
    free(all);
    ck_store_rollback(app->store);
    return rc;
}

ck_rc ck_app_events(ck_app *app, int64_t attendee_id, ck_event_rec **out, size_t *n, ck_err *err)
{
    return ck_store_event_list(app->store, attendee_id, out, n, err);
}

ck_rc ck_app_close_day(ck_app *app, const char *date, const char *reason, ck_close_result *out,
                       ck_err *err)
{
    const ck_course_rec *c;
    ck_attendee_event *evs = NULL;
    size_t nevs = 0;
    char why[CK_REASON_MAX];
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc)
        return rc;
    if ((rc = ck_app_reason(why, reason, "closing the day", err)))
        return rc;
    int64_t now = ck_app_now(app);
    if (date && *date) {
        if ((rc = ck_tz_parse_date(date, "the date", err)))
            return rc;
        snprintf(out->date, sizeof out->date, "%s", date);
    } else {
        ck_tz_date(now, out->date);
    }
    int idx = ck_app_course_day_index(c, out->date);
    if (idx < 0) {
        char days[CK_COURSE_MAX_DAYS * 12 + 8];
        ck_app_course_days_text(c, days, sizeof days);
        /* The date as the trainer typed it. */
        return ck_err_set(err, CK_EINVAL, "%s is not a day of this course (its days: %s)",
                          out->date, days);
    }
    ck_day day;
    ck_tz_day(&c->days[idx], &day);
    if (now < day.window.end) {
        char hm[6];
        ck_tz_hm(day.window.end, hm);
        return ck_err_set(err, CK_ESTATE,
                          "day %d (%s) ends at %s; close it after then (attendees leaving "
                          "earlier check out themselves)",
                          idx + 1, CK_MSG_DATE(out->date), hm);
    }

    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_event_list_course(app->store, c->id, &evs, &nevs, err)))
        goto fail;
    json_t *closed = json_array();
    bool names_full = false;
    /* Events come grouped by attendee: evaluate each run. */
    for (size_t first = 0, count; first < nevs; first += count) {
        int64_t id = evs[first].attendee_id;
        for (count = 0; first + count < nevs && evs[first + count].attendee_id == id;)
            count++;
        ck_event *mine = malloc(count * sizeof *mine);
        if (!mine) {
            json_decref(closed);
            rc = ck_err_set(err, CK_ENOMEM, "out of memory closing the day");
            goto fail;
        }
        int64_t last_at = 0;
        for (size_t k = 0; k < count; k++) {
            mine[k] = evs[first + k].ev;
            if (mine[k].at >= day.date.start && mine[k].at < day.date.end && mine[k].at > last_at)
                last_at = mine[k].at;
        }
        bool in = ck_attend_is_in(mine, count, day.date, day.date.end - 1, NULL);
        free(mine);
        if (!in)
            continue;
        ck_attendee_rec person;
        ck_event_rec out_ev;
        memset(&out_ev, 0, sizeof out_ev);
        out_ev.ev.kind = CK_EVENT_OUT;
        out_ev.ev.at = last_at > day.window.end ? last_at : day.window.end;
        out_ev.attendee_id = id;
        out_ev.recorded_at = now;
        out_ev.source = CK_SOURCE_TRAINER;
        snprintf(out_ev.reason, sizeof out_ev.reason, "day closed: %s", why);
        snprintf(out_ev.device, sizeof out_ev.device, "%s", app->device);
        if ((rc = ck_store_attendee_get(app->store, id, &person, err)) ||
            (rc = ck_store_event_append(app->store, &out_ev, err))) {
            json_decref(closed);
            goto fail;
        }
        json_array_append_new(
            closed, json_pack("{s:I, s:s}", "attendee", (json_int_t)id, "name", person.name));
        /* Whole names while they fit, then "…" once. */
        if (!names_full &&
            !((!out->closed || ck_text_append(out->names, sizeof out->names - 4, ", ")) &&
              ck_text_append(out->names, sizeof out->names - 4, person.name))) {
            ck_text_append(out->names, sizeof out->names, "…");
            names_full = true;
        }
        out->closed++;
    }
    out->at = day.window.end;
    json_t *d = json_pack("{s:s, s:i, s:s, s:o}", "date", out->date, "day", idx + 1, "reason", why,
                          "checked_out", closed);
    if ((rc = ck_app_audit_write(app, "trainer", CK_AUDIT_DAY_CLOSE, d, err)))
        goto fail;
    free(evs);
    return ck_store_commit(app->store, err);
fail:
    ck_store_rollback(app->store);
    free(evs);
    return rc;
}
