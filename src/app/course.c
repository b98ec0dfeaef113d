/* Courses: creating one from a trainer's description, and choosing the current one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/timez.h"

#define DEFAULT_TOLERANCE 10

static int cmp_date(const void *a, const void *b)
{
    return strcmp(((const ck_course_day_rec *)a)->date, ((const ck_course_day_rec *)b)->date);
}

static int cmp_span(const void *a, const void *b)
{
    return ((const ck_clock_span *)a)->start_min - ((const ck_clock_span *)b)->start_min;
}

/* Clean a text field of the course into out (a field of the course record). */
static ck_rc course_text(ck_app *app, char *out, size_t n, ck_text_kind kind, const char *in,
                         ck_err *err)
{
    out[0] = '\0';
    if ((!in || !*in) && kind == CK_TEXT_TITLE)
        return ck_err_set(err, CK_EINVAL, "the course needs a title; add --title \"…\"");
    if ((!in || !*in) && kind == CK_TEXT_TRAINER)
        return ck_err_set(err, CK_EINVAL, "the course needs a trainer; add --trainer \"…\"");
    return ck_app_text_into(app, out, n, kind, in, err);
}

/* Minutes of a clock window minus its breaks (sorted, inside it, not overlapping). */
static int clock_required(ck_clock_span window, const ck_clock_span *breaks, size_t n)
{
    int minutes = window.end_min - window.start_min;
    for (size_t i = 0; i < n; i++)
        minutes -= breaks[i].end_min - breaks[i].start_min;
    return minutes;
}

ck_rc ck_app_course_create(ck_app *app, const ck_course_spec *spec, int64_t *id, ck_err *err)
{
    ck_course_rec c;
    ck_rc rc;
    memset(&c, 0, sizeof c);
    if ((rc = course_text(app, c.title, sizeof c.title, CK_TEXT_TITLE, spec->title, err)) ||
        (rc = course_text(app, c.trainer, sizeof c.trainer, CK_TEXT_TRAINER, spec->trainer, err)) ||
        (rc = course_text(app, c.credential, sizeof c.credential, CK_TEXT_CREDENTIAL,
                          spec->credential, err)) ||
        (rc = course_text(app, c.location, sizeof c.location, CK_TEXT_LOCATION, spec->location,
                          err)) ||
        (rc = course_text(app, c.printer, sizeof c.printer, CK_TEXT_PRINTER, spec->printer, err)) ||
        (rc = course_text(app, c.room, sizeof c.room, CK_TEXT_ROOM, spec->room, err)))
        return rc;

    const ck_lang *lang = spec->lang ? ck_lang_find(spec->lang) : ck_app_language(app);
    if (!lang)
        return ck_err_set(err, CK_EINVAL,
                          "--lang \"%s\" is not a language classkiosk writes certificates in; "
                          "use en, de, fr, es or pt_BR",
                          spec->lang);
    snprintf(c.lang, sizeof c.lang, "%s", ck_lang_code(lang));

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
    if (clock_required(window, breaks, spec->nbreaks) <= 0)
        return ck_err_set(err, CK_EINVAL,
                          "the breaks cover the whole window %02d:%02d-%02d:%02d, so a day would "
                          "require no time and someone who never came would count as present; "
                          "leave time outside the breaks",
                          window.start_min / 60, window.start_min % 60, window.end_min / 60,
                          window.end_min % 60);

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

    int required = 0, shortest = 0;
    size_t shortest_day = 0;
    for (size_t i = 0; i < c.ndays; i++) {
        ck_day d;
        ck_tz_day(&c.days[i], &d);
        if (!ck_attend_day_valid(&d))
            return ck_err_set(err, CK_EINVAL,
                              "on %s the clocks change inside the window or a break, leaving it "
                              "no length; move its times away from the change",
                              c.days[i].date);
        int minutes = ck_attend_required_minutes(&d);
        if (i == 0 || minutes < shortest)
            shortest = minutes, shortest_day = i;
        required += minutes;
    }

    /* Every accepted course can be certified: its certificates can be signed now and their
     * expiry written. */
    int64_t now = ck_app_now(app), expiry = ck_app_cert_expiry(&c);
    char last[11];
    memcpy(last, c.days[c.ndays - 1].date, sizeof last);
    if (expiry > CK_TZ_TIME_MAX)
        return ck_err_set(err, CK_EINVAL,
                          "the course ends on %s, and its certificates would expire after the "
                          "year 9999, which no certificate can state; check --day",
                          last);
    if (expiry <= now) {
        char until[11];
        ck_tz_date(expiry - 1, until);
        return ck_err_set(err, CK_EINVAL,
                          "the course ends on %s, so its certificates, valid for %d years, would "
                          "have expired on %s; no certificate can be issued for it: check --day",
                          last, CK_APP_VALID_YEARS, CK_MSG_DATE(until));
    }

    /* Contact hours: the schedule's time, or less, in hundredths as certificates state them. */
    long schedule_h100 = (long)required * 100 / 60; /* rounded down: never more than scheduled */
    if (!isfinite(spec->hours) || spec->hours < 0 || spec->hours > 24.0 * CK_COURSE_MAX_DAYS)
        return ck_err_set(err, CK_EINVAL,
                          "--hours %g is not a number of contact hours; give hours, e.g. 16 or "
                          "14.5",
                          spec->hours);
    long h100 = lround(spec->hours * 100);
    if (fabs(spec->hours * 100 - (double)h100) > 1e-6)
        return ck_err_set(err, CK_EINVAL,
                          "--hours %g has more than two decimals; certificates state hundredths "
                          "of an hour, e.g. 14.33",
                          spec->hours);
    if (spec->hours > 0 && h100 == 0)
        return ck_err_set(err, CK_EINVAL, "--hours %g is less than 0.01; give hours, e.g. 16",
                          spec->hours);
    if (h100 > schedule_h100)
        return ck_err_set(err, CK_EINVAL,
                          "the schedule holds %s; the certificate would say %g contact hours; "
                          "give --hours %g or less",
                          CK_MSG_MINUTES(required), spec->hours, (double)schedule_h100 / 100);
    c.hours = (double)(h100 ? h100 : schedule_h100) / 100;

    c.tolerance_min = spec->tolerance_min < 0 ? DEFAULT_TOLERANCE : spec->tolerance_min;
    if (c.tolerance_min > 240)
        return ck_err_set(err, CK_EINVAL,
                          "--tolerance %d minutes is more than half a day; give minutes, e.g. 10",
                          c.tolerance_min);
    if (c.tolerance_min >= shortest)
        return ck_err_set(err, CK_EINVAL,
                          "--tolerance %d minutes is as long as day %zu's required time (%s): "
                          "someone there for a minute would count as present all day; give "
                          "fewer minutes",
                          c.tolerance_min, shortest_day + 1, CK_MSG_MINUTES(shortest));
    c.created_at = now;

    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_store_course_insert(app->store, &c, err)))
        goto fail;
    json_t *dates = json_array();
    for (size_t i = 0; i < c.ndays; i++)
        json_array_append_new(dates, json_string(c.days[i].date));
    json_t *d = json_pack("{s:I, s:s, s:s, s:o, s:f, s:i, s:s, s:s}", "course", (json_int_t)c.id,
                          "title", c.title, "trainer", c.trainer, "days", dates, "hours", c.hours,
                          "tolerance", c.tolerance_min, "room", c.room, "lang", c.lang);
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
        /* The room's course of today, or the newest course, even if another process or
         * station made it. */
        char room[CK_TEXT_MAX], today[11];
        ck_app_config_get(app, "room", room, sizeof room, NULL);
        ck_tz_date(ck_app_now(app), today);
        if ((rc = *room ? ck_store_course_for_room(app->store, room, today, &latest, err)
                        : ck_store_course_latest(app->store, &latest, err)))
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

void ck_app_course_days_text(const ck_course_rec *c, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < c->ndays; i++) {
        size_t used = strlen(out);
        snprintf(out + used, n - used, "%s%s", i ? ", " : "", c->days[i].date);
    }
}

void ck_app_course_dates(const ck_course_rec *c, char *out, size_t n)
{
    char dates[CK_COURSE_MAX_DAYS][11];
    for (size_t i = 0; i < c->ndays; i++)
        memcpy(dates[i], c->days[i].date, sizeof dates[i]);
    ck_tz_date_range((const char(*)[11])dates, c->ndays, out, n);
}
