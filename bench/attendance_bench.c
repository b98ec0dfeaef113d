/* Benchmarks for the foundation: check-in commit latency, and status of a large course.
 * Usage: attendance_bench DIR   (a scratch folder; prints one figure per line) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "app/app.h"
#include "app/timez.h"
#include "store/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int64_t fake_now;
static int64_t fixed_clock(void *ctx)
{
    (void)ctx;
    return fake_now;
}

static void die(const char *what, const ck_err *err)
{
    fprintf(stderr, "attendance_bench: %s: %s\n", what, err->msg);
    exit(1);
}

static ck_app *open_app(const char *path)
{
    ck_app *app = NULL;
    ck_err err = {0};
    ck_app_options opt = {.db_path = path, .clock = fixed_clock};
    remove(path);
    if (ck_app_open(&app, &opt, CK_APP_CREATE, &err) || ck_app_init(app, NULL, NULL, &err))
        die("open", &err);
    const char *days[] = {"2026-11-23", "2026-11-24"};
    const char *breaks[] = {"12:00-12:45"};
    ck_course_spec spec = {.title = "Bench",
                           .trainer = "T",
                           .dates = days,
                           .ndates = 2,
                           .breaks = breaks,
                           .nbreaks = 1,
                           .tolerance_min = -1};
    int64_t id;
    if (ck_app_course_create(app, &spec, &id, &err))
        die("course", &err);
    return app;
}

/* A store connection of the benchmark's own on the app's database, for writing in bulk. */
static ck_store *open_store(ck_app *app)
{
    ck_store *st = NULL;
    ck_err err = {0};
    if (ck_store_open(&st, ck_app_db_path(app), CK_STORE_EXISTING, &err))
        die("store", &err);
    return st;
}

/* Add n attendees in one transaction straight through the store. */
static void add_people(ck_app *app, int n, int64_t **ids)
{
    const ck_course_rec *c;
    ck_err err = {0};
    ck_app_course(app, &c, &err);
    ck_store *st = open_store(app);
    *ids = malloc((size_t)n * sizeof **ids);
    ck_store_begin(st, &err);
    for (int i = 0; i < n; i++) {
        ck_attendee_rec a = {.course_id = c->id, .created_at = fake_now};
        snprintf(a.name, sizeof a.name, "Person %d", i);
        snprintf(a.email, sizeof a.email, "p%d@example.org", i);
        snprintf(a.name_key, sizeof a.name_key, "person %d", i);
        if (ck_store_attendee_insert(st, &a, &err))
            die("attendee", &err);
        (*ids)[i] = a.id;
    }
    if (ck_store_commit(st, &err))
        die("commit", &err);
    ck_store_close(st);
}

static void checkin_latency(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/latency.db", dir);
    fake_now = ck_tz_local("2026-11-23", 9 * 60);
    ck_app *app = open_app(path);
    int64_t *ids;
    enum { N = 1000 };
    add_people(app, N, &ids);
    static double ms[N];
    for (int i = 0; i < N; i++) {
        ck_err err = {0};
        ck_presence_result r;
        ck_presence_req req = {
            .attendee_id = ids[i], .kind = CK_EVENT_IN, .source = CK_SOURCE_KIOSK};
        double t0 = now_ms();
        if (ck_app_presence(app, &req, &r, &err))
            die("checkin", &err);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, N, sizeof ms[0], cmp_double);
    printf("checkin_commit_ms_median %.3f\n", ms[N / 2]);
    printf("checkin_commit_ms_p99 %.3f\n", ms[N * 99 / 100]);
    printf("checkin_commit_ms_max %.3f\n", ms[N - 1]);
    free(ids);
    ck_app_close(app);
}

static void big_status(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/status.db", dir);
    fake_now = ck_tz_local("2026-11-24", 18 * 60);
    ck_app *app = open_app(path);
    int64_t *ids;
    enum { PEOPLE = 5000 };
    add_people(app, PEOPLE, &ids);
    ck_store *st = open_store(app);
    ck_err err = {0};
    /* Six events per person per day: in, out for lunch, back, out, and a repeated tap pair. */
    static const int times[6] = {8 * 60 + 55,  12 * 60, 12 * 60 + 45,
                                 12 * 60 + 46, 17 * 60, 17 * 60 + 1};
    static const ck_event_kind kinds[6] = {CK_EVENT_IN, CK_EVENT_OUT, CK_EVENT_IN,
                                           CK_EVENT_IN, CK_EVENT_OUT, CK_EVENT_OUT};
    const char *dates[2] = {"2026-11-23", "2026-11-24"};
    ck_store_begin(st, &err);
    for (int p = 0; p < PEOPLE; p++)
        for (int d = 0; d < 2; d++)
            for (int e = 0; e < 6; e++) {
                ck_event_rec ev = {
                    .ev = {.kind = kinds[e], .at = ck_tz_local(dates[d], times[e]) + p % 60},
                    .attendee_id = ids[p],
                    .source = CK_SOURCE_KIOSK,
                    .recorded_at = fake_now};
                if (ck_store_event_append(st, &ev, &err))
                    die("event", &err);
            }
    if (ck_store_commit(st, &err))
        die("commit", &err);
    ck_store_close(st);
    double best = 1e9;
    size_t eligible_days = 0;
    for (int round = 0; round < 5; round++) {
        ck_status *list = NULL;
        size_t n = 0;
        double t0 = now_ms();
        if (ck_app_status(app, &list, &n, &err))
            die("status", &err);
        double t = now_ms() - t0;
        best = t < best ? t : best;
        eligible_days = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t d = 0; d < list[i].ndays; d++)
                eligible_days += list[i].days[d].result.complete;
        ck_status_list_free(list, n);
    }
    printf("status_5000_people_ms %.1f\n", best);
    printf("status_5000_people_complete_days %zu\n", eligible_days);
    printf("status_db %s\n", path);
    ck_app_close(app);

    /* Welcome's "N of M checked in" at lunch on day 2: the first look reads the course; each
     * look after a check-in (what Welcome does when the attendee is back at it) reads what is
     * new. On a copy, so the status figures above and the binary's stay on the same file. */
    char copy[4200];
    snprintf(copy, sizeof copy, "%s/here.db", dir);
    remove(copy);
    sqlite3 *db = NULL;
    char *sql = sqlite3_mprintf("VACUUM INTO %Q", copy), *msg = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, &msg)) {
        fprintf(stderr, "attendance_bench: copying %s: %s\n", path, msg ? msg : "?");
        exit(1);
    }
    sqlite3_free(sql);
    sqlite3_close(db);
    fake_now = ck_tz_local("2026-11-24", 12 * 60 + 30);
    ck_app_options opt = {.db_path = copy, .clock = fixed_clock};
    if (ck_app_open(&app, &opt, CK_APP_EXISTING, &err))
        die("open", &err);
    size_t in_now = 0, total = 0;
    double t0 = now_ms();
    if (ck_app_here_count(app, &in_now, &total, &err))
        die("here", &err);
    printf("here_first_5000_people_ms %.2f\n", now_ms() - t0);
    enum { LOOKS = 41 };
    static double look[LOOKS];
    for (int i = 0; i < LOOKS; i++) {
        ck_presence_result r;
        ck_presence_req q = {.attendee_id = ids[i * 97 % PEOPLE], .kind = CK_EVENT_IN,
                             .source = CK_SOURCE_KIOSK};
        fake_now += 5;
        if (ck_app_presence(app, &q, &r, &err))
            die("checkin", &err);
        t0 = now_ms();
        if (ck_app_here_count(app, &in_now, &total, &err))
            die("here", &err);
        look[i] = now_ms() - t0;
    }
    qsort(look, LOOKS, sizeof look[0], cmp_double);
    printf("here_after_checkin_5000_people_ms %.3f\n", look[LOOKS / 2]);
    printf("here_count %zu of %zu\n", in_now, total);
    free(ids);
    ck_app_close(app);
}

/* The peer for commit latency: bare SQLite, one-row INSERT per transaction, same pragmas. */
static void peer_insert_latency(const char *dir)
{
    char path[4096];
    sqlite3 *db = NULL;
    snprintf(path, sizeof path, "%s/peer.db", dir);
    remove(path);
    sqlite3_open(path, &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 "CREATE TABLE event (id INTEGER PRIMARY KEY, attendee_id INTEGER, kind TEXT,"
                 " at INTEGER)",
                 NULL, NULL, NULL);
    enum { N = 1000 };
    static double ms[N];
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO event (attendee_id, kind, at) VALUES (?, 'in', ?)", -1, &s,
                       NULL);
    for (int i = 0; i < N; i++) {
        double t0 = now_ms();
        sqlite3_bind_int(s, 1, i);
        sqlite3_bind_int64(s, 2, 1764000000 + i);
        sqlite3_step(s);
        sqlite3_reset(s);
        ms[i] = now_ms() - t0;
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    qsort(ms, N, sizeof ms[0], cmp_double);
    printf("peer_sqlite_insert_ms_median %.3f\n", ms[N / 2]);
    printf("peer_sqlite_insert_ms_p99 %.3f\n", ms[N * 99 / 100]);
}

/* The peer for status: one SQL query pairing each check-in with the next event, summed per
 * person and day (no breaks, windows, undos or tolerance: a lower bound for a SQL report). */
static void peer_status_sql(const char *dir)
{
    char path[4096];
    sqlite3 *db = NULL;
    snprintf(path, sizeof path, "%s/status.db", dir);
    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    const char *sql =
        "WITH ev AS (SELECT attendee_id, kind, at, lead(kind) OVER w AS nkind,"
        " lead(at) OVER w AS nat FROM event WINDOW w AS (PARTITION BY attendee_id"
        " ORDER BY at, id))"
        " SELECT attendee_id, date(at, 'unixepoch', 'localtime') AS d, sum(nat - at) / 60"
        " FROM ev WHERE kind = 'in' AND nkind = 'out' GROUP BY attendee_id, d";
    double best = 1e9;
    int rows = 0;
    for (int round = 0; round < 5; round++) {
        sqlite3_stmt *s = NULL;
        double t0 = now_ms();
        sqlite3_prepare_v2(db, sql, -1, &s, NULL);
        rows = 0;
        while (sqlite3_step(s) == SQLITE_ROW)
            rows++;
        sqlite3_finalize(s);
        double t = now_ms() - t0;
        best = t < best ? t : best;
    }
    sqlite3_close(db);
    printf("peer_sql_status_5000_people_ms %.1f\n", best);
    printf("peer_sql_status_rows %d\n", rows);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: attendance_bench SCRATCH-DIR\n");
        return 2;
    }
    setenv("TZ", "Europe/Berlin", 1);
    mkdir(argv[1], 0700);
    checkin_latency(argv[1]);
    peer_insert_latency(argv[1]);
    big_status(argv[1]);
    peer_status_sql(argv[1]);
    return 0;
}
