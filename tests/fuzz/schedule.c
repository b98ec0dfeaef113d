/* Fuzzing schedule and time parsing (app/timez, app/course, app/app): each input is tried
 * - as a date, a time of day, a span, a local date and time, and a CLASSKIOSK_NOW value, in
 *   several time zones: what parses formats back to the same text;
 * - as a course description, one "key value" per line (title, trainer, credential, location,
 *   printer, hours, day, window, break, tolerance, as the CLI's options; zone, one of ZONES,
 *   else one picked by the input's hash), created on a real
 *   database: a course that is accepted is stored as given, and each of its days is a valid
 *   day for the attendance rules; a refused one changes nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/timez.h"
#include "core/text.h"
#include "cred/jws.h"
#include "fuzz.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* Zones with 1-hour, 30-minute and no daylight-saving changes, and a skipped date. */
static const char *const ZONES[] = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                                    "Pacific/Apia", "UTC"};
#define NZONES (sizeof ZONES / sizeof ZONES[0])

static void use_zone(size_t i)
{
    setenv("TZ", ZONES[i], 1);
    tzset();
}

static void check_times(const char *text, const char *zone)
{
    ck_err err = {0};
    int minute;
    ck_clock_span span;
    int64_t t;
    char back[32];

    if (ck_tz_parse_date(text, "--day", &err) == CK_OK) {
        ck_tz_date(ck_tz_local(text, 12 * 60), back);
        CK_PROPERTY(strcmp(back, text) == 0, "the date %s is %s at noon in %s", text, back, zone);
        CK_PROPERTY(ck_tz_local(text, 0) < ck_tz_local(text, 24 * 60),
                    "the date %s in %s ends before it starts", text, zone);
    }
    if (ck_tz_parse_clock(text, &minute, "--at", &err) == CK_OK) {
        snprintf(back, sizeof back, "%02d:%02d", minute / 60, minute % 60);
        CK_PROPERTY(minute >= 0 && minute <= 24 * 60 && strcmp(back, text) == 0,
                    "the time %s reads as minute %d", text, minute);
    }
    if (ck_tz_parse_clock_span(text, &span, "--window", &err) == CK_OK) {
        snprintf(back, sizeof back, "%02d:%02d-%02d:%02d", span.start_min / 60, span.start_min % 60,
                 span.end_min / 60, span.end_min % 60);
        CK_PROPERTY(span.start_min < span.end_min && strcmp(back, text) == 0,
                    "the span %s reads as %s", text, back);
    }
    if (ck_tz_parse_datetime(text, &t, "--at", &err) == CK_OK) {
        char want[17];
        snprintf(want, sizeof want, "%s", text);
        if (strcmp(text + 11, "24:00") == 0) { /* the end of a day is the next one's start */
            char date[11];
            memcpy(date, text, 10), date[10] = '\0';
            ck_tz_date(ck_tz_local(date, 24 * 60), want);
            snprintf(want + 10, sizeof want - 10, " 00:00");
        }
        ck_tz_datetime(t, back);
        CK_PROPERTY(strcmp(back, want) == 0, "\"%s\" in %s is %s", text, zone, back);
        /* Second 0 is a time like any other (a correction says at_given; found as
         * known-1970-01-01-01h00, when 0 meant "now"); earlier ones are refused. */
        CK_PROPERTY(t >= 0 && t <= CK_CRED_TIME_MAX,
                    "\"%s\" in %s is %lld seconds since 1970, which records and certificates "
                    "refuse",
                    text, zone, (long long)t);
    }

    /* The same text as CLASSKIOSK_NOW. */
    int64_t fixed = -1;
    bool set = false;
    setenv("CLASSKIOSK_NOW", text, 1);
    if (ck_app_clock_from_env(&fixed, &set, &err) == CK_OK && set) {
        if (text[0] == '@')
            CK_PROPERTY(fixed >= 0 && fixed <= CK_CRED_TIME_MAX,
                        "CLASSKIOSK_NOW=\"%s\" is %lld, outside years 1970-9999", text,
                        (long long)fixed);
        else
            CK_PROPERTY(ck_tz_parse_datetime(text, &t, "--at", &err) == CK_OK && t == fixed,
                        "CLASSKIOSK_NOW=\"%s\" and --at disagree", text);
    } else {
        CK_PROPERTY(!set && (!text[0] || strstr(err.msg, "CLASSKIOSK_NOW")),
                    "CLASSKIOSK_NOW=\"%s\": %s", text, err.msg);
    }
    unsetenv("CLASSKIOSK_NOW");
}

/* ---- courses on a real database ---- */

#define NOW INT64_C(1795000000)
#define RECREATE_EVERY 2000

static ck_app *app;
static char db_path[4200];
static int created;

static int64_t fixed_clock(void *ctx)
{
    (void)ctx;
    return NOW;
}

static void open_app(void)
{
    ck_err err = {0};
    if (app) {
        ck_app_close(app);
        char side[4300];
        remove(db_path);
        snprintf(side, sizeof side, "%s-wal", db_path);
        remove(side);
        snprintf(side, sizeof side, "%s-shm", db_path);
        remove(side);
    }
    snprintf(db_path, sizeof db_path, "%s/courses.db", ck_fuzz_tmpdir());
    ck_app_options opt = {.db_path = db_path, .device = "fuzz", .clock = fixed_clock};
    if (ck_app_open(&app, &opt, CK_APP_CREATE, &err) != CK_OK) {
        fprintf(stderr, "fuzz: cannot open %s: %s\n", db_path, err.msg);
        abort();
    }
    created = 0;
}

#define MAX_LIST 20

typedef struct course_text {
    ck_course_spec spec;
    const char *dates[MAX_LIST], *breaks[MAX_LIST];
    size_t zone;
    bool any;
} course_text;

/* Read "key value" lines into a spec, as the CLI reads its options. */
static void parse_course(course_text *ct, char *text, size_t zone)
{
    ck_course_spec *s = &ct->spec;
    memset(ct, 0, sizeof *ct);
    ct->zone = zone;
    s->tolerance_min = -1;
    s->dates = ct->dates;
    s->breaks = ct->breaks;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *value = strchr(line, ' ');
        if (!value)
            continue;
        *value++ = '\0';
        ct->any = true;
        if (strcmp(line, "title") == 0)
            s->title = value;
        else if (strcmp(line, "trainer") == 0)
            s->trainer = value;
        else if (strcmp(line, "credential") == 0)
            s->credential = value;
        else if (strcmp(line, "location") == 0)
            s->location = value;
        else if (strcmp(line, "printer") == 0)
            s->printer = value;
        else if (strcmp(line, "window") == 0)
            s->window = value;
        else if (strcmp(line, "hours") == 0)
            s->hours = strtod(value, NULL);
        else if (strcmp(line, "tolerance") == 0)
            s->tolerance_min = (int)strtol(value, NULL, 10);
        else if (strcmp(line, "day") == 0 && s->ndates < MAX_LIST)
            ct->dates[s->ndates++] = value;
        else if (strcmp(line, "break") == 0 && s->nbreaks < MAX_LIST)
            ct->breaks[s->nbreaks++] = value;
        else if (strcmp(line, "zone") == 0)
            for (size_t z = 0; z < NZONES; z++)
                if (strcmp(value, ZONES[z]) == 0)
                    ct->zone = z;
    }
}

static int by_date(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The stored course is the one described. */
static void check_stored(const course_text *ct, const ck_course_rec *c)
{
    const ck_course_spec *s = &ct->spec;
    char *title = NULL;
    ck_err err = {0};
    CK_PROPERTY(ck_text_clean(&title, CK_TEXT_TITLE, s->title, strlen(s->title), NULL, &err) ==
                        CK_OK &&
                    strcmp(title, c->title) == 0,
                "the title \"%s\" is stored as \"%s\"", s->title, c->title);
    free(title);
    const char *sorted[MAX_LIST];
    memcpy(sorted, s->dates, s->ndates * sizeof *sorted);
    qsort(sorted, s->ndates, sizeof *sorted, by_date);
    CK_PROPERTY(c->ndays == s->ndates, "%zu days stored as %zu", s->ndates, c->ndays);
    ck_clock_span window = {9 * 60, 17 * 60};
    if (s->window)
        ck_tz_parse_clock_span(s->window, &window, "--window", &err);
    for (size_t i = 0; i < c->ndays; i++) {
        const ck_course_day_rec *d = &c->days[i];
        CK_PROPERTY(strcmp(d->date, sorted[i]) == 0 && d->day_no == (int)i + 1,
                    "day %zu is %s (number %d), not %s", i + 1, d->date, d->day_no, sorted[i]);
        CK_PROPERTY(d->window.start_min == window.start_min && d->window.end_min == window.end_min,
                    "day %s's window is not the one given", d->date);
        CK_PROPERTY(d->nbreaks == s->nbreaks, "day %s has %zu breaks, not %zu", d->date, d->nbreaks,
                    s->nbreaks);
        for (size_t b = 1; b < d->nbreaks; b++)
            CK_PROPERTY(d->breaks[b - 1].end_min <= d->breaks[b].start_min,
                        "day %s's breaks overlap or are out of order", d->date);
    }
    CK_PROPERTY(c->tolerance_min >= 0 && c->tolerance_min <= 240, "a tolerance of %d minutes",
                c->tolerance_min);
}

static void check_course(char *text, size_t hash)
{
    course_text ct;
    /* Whether the input itself holds the database's words, which a message may quote. */
    bool says_constraint = strstr(text, "constraint failed") != NULL;
    parse_course(&ct, text, hash % NZONES);
    if (!ct.any)
        return;
    use_zone(ct.zone);
    const char *zone = ZONES[ct.zone];
    if (!app || created >= RECREATE_EVERY)
        open_app();
    const ck_course_rec *before = NULL, *c = NULL;
    ck_err err = {0};
    int64_t newest = ck_app_course(app, &before, &err) == CK_OK ? before->id : 0;
    int64_t id = 0;
    double hours = ct.spec.hours;
    if (ck_app_course_create(app, &ct.spec, &id, &err) != CK_OK) {
        CK_PROPERTY(err.msg[0], "a course refused without a message");
        CK_PROPERTY(!strstr(err.msg, "constraint failed") || says_constraint,
                    "a course is refused by the database, not in words: %s", err.msg);
        int64_t now_newest = ck_app_course(app, &c, &err) == CK_OK ? c->id : 0;
        CK_PROPERTY(now_newest == newest, "a refused course was stored");
        return;
    }
    created++;
    CK_PROPERTY(id > newest && ck_app_course(app, &c, &err) == CK_OK && c->id == id,
                "the course created is not the newest: %s", err.msg);
    check_stored(&ct, c);
    int required = 0;
    for (size_t i = 0; i < c->ndays; i++) {
        ck_day day;
        ck_tz_day(&c->days[i], &day);
        CK_PROPERTY(ck_attend_day_valid(&day),
                    "day %s in %s is not a valid day for the rules (window %02d:%02d-%02d:%02d, "
                    "%zu breaks): nobody can attend it",
                    c->days[i].date, zone, c->days[i].window.start_min / 60,
                    c->days[i].window.start_min % 60, c->days[i].window.end_min / 60,
                    c->days[i].window.end_min % 60, c->days[i].nbreaks);
        int minutes = ck_attend_required_minutes(&day);
        CK_PROPERTY(minutes > 0 && minutes > c->tolerance_min,
                    "day %s requires %d minutes, within the tolerance of %d: anyone is present",
                    c->days[i].date, minutes, c->tolerance_min);
        required += minutes;
    }
    CK_PROPERTY(!isnan(hours) && !isinf(hours), "--hours %g is accepted and becomes %g", hours,
                c->hours);
    CK_PROPERTY(isfinite(c->hours) && c->hours > 0, "a course of %g contact hours", c->hours);
    CK_PROPERTY(c->hours * 60 <= required + 1e-6, "%g contact hours on a schedule of %d minutes",
                c->hours, required);
    ck_day last;
    ck_tz_day(&c->days[c->ndays - 1], &last);
    int64_t expiry = ck_tz_add_years(last.window.end, 2);
    CK_PROPERTY(expiry <= CK_CRED_TIME_MAX && expiry > NOW,
                "a course ending %s is accepted, and its certificates could never be signed",
                c->days[c->ndays - 1].date);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = ck_fuzz_strndup(data, size);
    if (size <= 64)
        for (size_t z = 0; z < NZONES; z++) {
            use_zone(z);
            check_times(text, ZONES[z]);
        }
    uint32_t h = 0;
    for (size_t i = 0; i < size; i++)
        h = h * 31 + data[i];
    check_course(text, h);
    free(text);
    return 0;
}
