/* Courses: creating one from a trainer's description, and choosing the current one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/names.h"

#define DEFAULT_TOLERANCE 10

static int cmp_date(const void *a, const void *b)
{
    return strcmp(((const ck_course_day_rec *)a)->date, ((const ck_course_day_rec *)b)->date);
}

static int cmp_span(const void *a, const void *b)
{
    return ((const ck_clock_span *)a)->start_min - ((const ck_clock_span *)b)->start_min;
}

/* Clean a required or optional text field of the course into out. */
static ck_rc course_text(char *out, size_t n, const char *in, const char *what, bool required,
                         ck_err *err)
{
    out[0] = '\0';
    if (!in || !*in) {
        if (required)
            return ck_err_set(err, CK_EINVAL, "the course needs a %s; add --%s \"…\"", what, what);
        return CK_OK;
    }
    char *clean = NULL;
    ck_rc rc = ck_name_clean(&clean, in, strlen(in), what, err);
    if (rc)
        return rc;
    snprintf(out, n, "%s", clean);
    free(clean);
    return CK_OK;
}

ck_rc ck_app_course_create(ck_app *app, const ck_course_spec *spec, int64_t *id, ck_err *err)
{
    ck_course_rec c;
    ck_rc rc;
    memset(&c, 0, sizeof c);
    if ((rc = course_text(c.title, sizeof c.title, spec->title, "title", true, err)) ||
        (rc = course_text(c.trainer, sizeof c.trainer, spec->trainer, "trainer", true, err)) ||
        (rc = course_text(c.credential, sizeof c.credential, spec->credential, "credential", false,
                          err)) ||
        (rc = course_text(c.location, sizeof c.location, spec->location, "location", false, err)) ||
        (rc = course_text(c.printer, sizeof c.printer, spec->printer, "printer", false, err)))
        return rc;

    if (spec->ndates == 0)
        return ck_err_set(err, CK_EINVAL,
                          "the course needs its days; add --day YYYY-MM-DD once per day");
    if (spec->ndates > CK_COURSE_MAX_DAYS)
        return ck_err_set(err, CK_EINVAL, "a course has at most %d days; you gave %zu",
                          CK_COURSE_MAX_DAYS, spec->ndates);
    ck_clock_span window = {9 * 60, 17 * 60};
    if (spec->window && (rc = ck_tz_parse_clock_span(spec->window, &window, "--window", err)))
        return rc;
    ck_clock_span breaks[CK_ATTEND_MAX_BREAKS];
    if (spec->nbreaks > CK_ATTEND_MAX_BREAKS)
        return ck_err_set(err, CK_EINVAL, "a day has at most %d breaks; you gave %zu",
                          CK_ATTEND_MAX_BREAKS, spec->nbreaks);
    for (size_t i = 0; i < spec->nbreaks; i++) {
        if ((rc = ck_tz_parse_clock_span(spec->breaks[i], &breaks[i], "--break", err)))
            return rc;
        if (breaks[i].start_min < window.start_min || breaks[i].end_min > window.end_min)
            return ck_err_set(err, CK_EINVAL,
                              "--break %s is outside the day's window; breaks must lie "
                              "within the start and end times",
                              spec->breaks[i]);
    }
    if (spec->nbreaks)
        qsort(breaks, spec->nbreaks, sizeof breaks[0], cmp_span);
    for (size_t i = 1; i < spec->nbreaks; i++)
        if (breaks[i].start_min < breaks[i - 1].end_min)
            return ck_err_set(err, CK_EINVAL, "--break %s and --break %s overlap; merge them",
                              spec->breaks[i - 1], spec->breaks[i]);

    c.ndays = spec->ndates;
    for (size_t i = 0; i < spec->ndates; i++) {
        if ((rc = ck_tz_parse_date(spec->dates[i], "--day", err)))
            return rc;
        snprintf(c.days[i].date, sizeof c.days[i].date, "%s", spec->dates[i]);
        c.days[i].window = window;
        c.days[i].nbreaks = spec->nbreaks;
        if (spec->nbreaks)
            memcpy(c.days[i].breaks, breaks, spec->nbreaks * sizeof breaks[0]);
    }
    qsort(c.days, c.ndays, sizeof c.days[0], cmp_date);
    for (size_t i = 0; i < c.ndays; i++) {
        if (i && strcmp(c.days[i].date, c.days[i - 1].date) == 0)
            return ck_err_set(err, CK_EINVAL, "--day %s is given twice", c.days[i].date);
        c.days[i].day_no = (int)i + 1;
    }

    int required = 0;
    for (size_t i = 0; i < c.ndays; i++) {
        ck_day d;
        ck_tz_day(&c.days[i], &d);
        if (!ck_attend_day_valid(&d))
            return ck_err_set(err, CK_EINVAL,
                              "on %s the clocks change inside the window or a break, leaving it "
                              "no length; move its times away from the change",
                              c.days[i].date);
        required += ck_attend_required_minutes(&d);
    }
    c.hours = spec->hours > 0 ? spec->hours : required / 60.0;
    if (spec->hours < 0 || spec->hours > 24.0 * CK_COURSE_MAX_DAYS)
        return ck_err_set(err, CK_EINVAL, "--hours %g is not a number of contact hours",
                          spec->hours);
    c.tolerance_min = spec->tolerance_min < 0 ? DEFAULT_TOLERANCE : spec->tolerance_min;
    if (c.tolerance_min > 240)
        return ck_err_set(err, CK_EINVAL,
                          "--tolerance %d minutes is more than half a day; give minutes, e.g. 10",
                          c.tolerance_min);
    c.created_at = ck_app_now(app);

    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_course_insert(app->store, &c, err)))
        goto fail;
    json_t *dates = json_array();
    for (size_t i = 0; i < c.ndays; i++)
        json_array_append_new(dates, json_string(c.days[i].date));
    json_t *d = json_pack("{s:I, s:s, s:s, s:o, s:f, s:i}", "course", (json_int_t)c.id, "title",
                          c.title, "trainer", c.trainer, "days", dates, "hours", c.hours,
                          "tolerance", c.tolerance_min);
    if ((rc = ck_app_audit_write(app, "trainer", CK_AUDIT_COURSE_CREATE, d, err)))
        goto fail;
    if ((rc = ck_store_commit(app->store, err)))
        return rc;
    *id = c.id;
    /* The newest course becomes the current one. */
    if (app->course_id == 0)
        app->course_loaded = false;
    return CK_OK;
fail:
    ck_store_rollback(app->store);
    return rc;
}

ck_rc ck_app_course(ck_app *app, const ck_course_rec **out, ck_err *err)
{
    int64_t latest = 0;
    ck_rc rc;
    if (app->course_id == 0) {
        /* The newest course is the current one, even if another process made it. */
        if ((rc = ck_store_course_latest(app->store, &latest, err)))
            return rc;
        if (app->course_loaded && app->course.id != latest)
            app->course_loaded = false;
    }
    if (!app->course_loaded) {
        int64_t id = app->course_id ? app->course_id : latest;
        if ((rc = ck_store_course_get(app->store, id, &app->course, err)))
            return rc;
        app->course_loaded = true;
    }
    *out = &app->course;
    return CK_OK;
}

ck_rc ck_app_course_list(ck_app *app, ck_course_rec **out, size_t *n, ck_err *err)
{
    return ck_store_course_list(app->store, out, n, err);
}

int ck_app_course_day_index(const ck_course_rec *c, const char *date)
{
    for (size_t i = 0; i < c->ndays; i++)
        if (strcmp(c->days[i].date, date) == 0)
            return (int)i;
    return -1;
}

int ck_app_today_index(ck_app *app, const ck_course_rec *c)
{
    char today[11];
    ck_tz_date(ck_app_now(app), today);
    return ck_app_course_day_index(c, today);
}
