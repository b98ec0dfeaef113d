/* Replication figures against a PostgreSQL server of its own (tests/support/pg_rig.c): one
 * station pushing 10,000 events beside the same rows loaded by one psql COPY; check-in at one
 * station to visible at another, both syncing on their own as the kiosk does; a station
 * offline for a whole course day catching up; 50 stations x 30 attendees x 2 days pushing to
 * one server, with the server's CPU time.
 * Usage: sync_bench DIR   (a scratch folder; prints "name value" lines) */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/timez.h"
#include "hub/hub.h"
#include "pg_rig.h"
#include "store/store.h"

#define STATIONS 50
#define LATENCY_SAMPLES 16
#define KIOSK_EVERY_MS 5000 /* how often a kiosk syncs on its own (ui/kiosk_sync.c) */

static const char *dir;
static ck_pg *pg;

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const ck_err *err)
{
    fprintf(stderr, "sync_bench: %s: %s\n", what, err ? err->msg : "failed");
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A station: its own clock (a counter, or the real one when clock is NULL). */
typedef struct station {
    ck_app *app;
    int64_t now;
    char db[4096];
} station;

static int64_t clock_of(void *ctx)
{
    return *(int64_t *)ctx;
}

static char owner_url[512];

static void organisation(const char *name)
{
    ck_server_info info;
    ck_err err = {0};
    if (!ck_pg_createdb(pg, name))
        die("createdb", NULL);
    snprintf(owner_url, sizeof owner_url, "%s", ck_pg_owner_url(pg, name, 0, NULL));
    if (ck_app_server_init(owner_url, &info, &err) != CK_OK)
        die("server init", &err);
}

/* A joined station at start (local "YYYY-MM-DD HH:MM"; NULL: the real clock). */
static void station_new(station *s, const char *name, const char *start)
{
    ck_err err = {0};
    char uri[2048];
    ck_join_result jr;
    memset(s, 0, sizeof *s);
    snprintf(s->db, sizeof s->db, "%s/%s.db", dir, name);
    if (start && ck_tz_parse_datetime(start, &s->now, "start", &err) != CK_OK)
        die("start", &err);
    ck_app_options o = {.db_path = s->db, .clock = start ? clock_of : NULL, .clock_ctx = &s->now};
    if (ck_app_open(&s->app, &o, CK_APP_CREATE, &err) != CK_OK ||
        ck_app_init(s->app, NULL, NULL, &err) != CK_OK ||
        ck_app_server_add_station(owner_url, name, uri, sizeof uri, &err) != CK_OK ||
        ck_app_join(s->app, uri, &jr, &err) != CK_OK)
        die(name, &err);
}

static void sync_or_die(station *s, ck_sync_result *r)
{
    ck_err err = {0};
    if (ck_app_sync(s->app, r, &err) != CK_OK)
        die("sync", &err);
}

/* A course of one day on date (and the next, when two) with n attendees p1…pn@example.org. */
static void course(station *s, const char *date, bool two, int n)
{
    ck_err err = {0};
    int64_t id = 0;
    const char *days[] = {date, "2026-11-24"};
    ck_course_spec spec = {.title = "Certified Scrum Product Owner",
                           .trainer = "Maria Schmidt",
                           .dates = days,
                           .ndates = two ? 2 : 1,
                           .tolerance_min = -1};
    if (ck_app_course_create(s->app, &spec, &id, &err) != CK_OK)
        die("course", &err);
    char roster[4200];
    snprintf(roster, sizeof roster, "%s/roster-%d.csv", dir, n);
    FILE *f = fopen(roster, "w");
    if (!f)
        die("roster file", NULL);
    fprintf(f, "name,email\n");
    for (int i = 1; i <= n; i++)
        fprintf(f, "Person Number %d,p%d@example.org\n", i, i);
    fclose(f);
    ck_import_result imp;
    if (ck_app_roster_import(s->app, roster, &imp, &err) != CK_OK)
        die("roster", &err);
}

static int64_t person(station *s, int i)
{
    char who[64];
    ck_attendee_rec a;
    ck_err err = {0};
    snprintf(who, sizeof who, "p%d@example.org", i);
    if (ck_app_find(s->app, who, &a, &err) != CK_OK)
        die("find", &err);
    return a.id;
}

static void tap(station *s, int64_t who, ck_event_kind kind)
{
    ck_presence_req r = {.attendee_id = who, .kind = kind, .source = CK_SOURCE_KIOSK};
    ck_presence_result res;
    ck_err err = {0};
    if (ck_app_presence(s->app, &r, &res, &err) != CK_OK)
        die("check-in", &err);
}

/* A course day at the door: everyone in at 08:5x, out at 17:0x. */
static void course_day(station *s, const char *date, int n)
{
    char at[32];
    for (int i = 1; i <= n; i++) {
        snprintf(at, sizeof at, "%s 08:%02d", date, 30 + i % 29);
        ck_tz_parse_datetime(at, &s->now, "at", NULL);
        tap(s, person(s, i), CK_EVENT_IN);
    }
    for (int i = 1; i <= n; i++) {
        snprintf(at, sizeof at, "%s 17:%02d", date, i % 29);
        ck_tz_parse_datetime(at, &s->now, "at", NULL);
        tap(s, person(s, i), CK_EVENT_OUT);
    }
}

/* ---- 1. one station pushing 10,000 events, and the peer: psql COPY of the same rows ---- */

static void csv_field(FILE *f, const char *text)
{
    fputc('"', f);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static void push_rate(void)
{
    station a;
    ck_sync_result r;
    organisation("push");
    station_new(&a, "pusher", "2026-11-23 00:00");
    course(&a, "2026-11-23", false, 100);
    int64_t ids[100];
    for (int i = 0; i < 100; i++)
        ids[i] = person(&a, i + 1);
    /* 10,000 events: each of 100 people in and out 50 times, seconds apart. */
    for (int round = 0; round < 100; round++)
        for (int i = 0; i < 100; i++) {
            a.now += 1;
            tap(&a, ids[i], round % 2 ? CK_EVENT_OUT : CK_EVENT_IN);
        }
    double t0 = mono_ms();
    sync_or_die(&a, &r);
    double ms = mono_ms() - t0;
    printf("push_rows %zu\npush_ms %.0f\npush_rows_per_s %.0f\n", r.pushed, ms,
           r.pushed / (ms / 1000));
    /* The peer: the same rows, one psql COPY into a table like the ledger (its keys and
     * checks, no trigger or policies). */
    char csv[4200];
    snprintf(csv, sizeof csv, "%s/rows.csv", dir);
    FILE *f = fopen(csv, "w");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (!f || sqlite3_open_v2(a.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT origin, seq, kind, uid, at, body, prev, hash FROM ledger",
                           -1, &st, NULL) != SQLITE_OK)
        die("exporting the rows", NULL);
    long rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < 8; c++) {
            if (c)
                fputc(',', f);
            csv_field(f, (const char *)sqlite3_column_text(st, c));
        }
        fputc('\n', f);
        rows++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    fclose(f);
    ck_proc p = {0};
    const char *url = ck_pg_owner_url(pg, "push", 0, NULL);
    if (ck_pg_psql(&p, url,
                   "CREATE TABLE peer_copy (LIKE classkiosk.ledger INCLUDING DEFAULTS"
                   " INCLUDING CONSTRAINTS INCLUDING INDEXES)") != 0)
        die(p.err, NULL);
    char copy[4400];
    snprintf(copy, sizeof copy,
             "\\copy peer_copy (origin, seq, kind, uid, at, body, prev, hash) FROM '%s' CSV", csv);
    t0 = mono_ms();
    if (ck_pg_psql(&p, url, copy) != 0)
        die(p.err, NULL);
    ms = mono_ms() - t0;
    printf("peer_copy_rows %ld\npeer_copy_ms %.0f\npeer_copy_rows_per_s %.0f\n", rows, ms,
           rows / (ms / 1000));
    ck_proc_clear(&p);
    ck_app_close(a.app);
}

/* ---- 2. check-in at A to visible at B, both syncing on their own ---- */

typedef struct looper {
    station *s;
    atomic_bool stop;
} looper;

/* A kiosk's sync thread: every KIOSK_EVERY_MS. */
static void *sync_loop(void *arg)
{
    looper *l = arg;
    while (!atomic_load(&l->stop)) {
        ck_sync_result r;
        ck_err err = {0};
        ck_app_sync(l->s->app, &r, &err);
        for (int waited = 0; waited < KIOSK_EVERY_MS && !atomic_load(&l->stop); waited += 20)
            usleep(20000);
    }
    return NULL;
}

static bool has_event(sqlite3 *db, const char *uid)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM ledger WHERE uid = ?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

static void latency(void)
{
    station a, b;
    ck_sync_result r;
    ck_err err = {0};
    char today[11];
    organisation("latency");
    station_new(&a, "door-a", NULL);
    station_new(&b, "door-b", NULL);
    ck_tz_date(ck_app_now(a.app), today);
    course(&a, today, false, LATENCY_SAMPLES);
    sync_or_die(&a, &r);
    sync_or_die(&b, &r);
    looper lb = {.s = &b};
    pthread_t tb;
    pthread_create(&tb, NULL, sync_loop, &lb);
    sqlite3 *bdb = NULL;
    sqlite3_open_v2(b.db, &bdb, SQLITE_OPEN_READONLY, NULL);
    sqlite3_busy_timeout(bdb, 5000);
    double ms[LATENCY_SAMPLES];
    unsigned seed = 5;
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
        usleep((useconds_t)(rand_r(&seed) % KIOSK_EVERY_MS) * 1000);
        ck_presence_req req = {
            .attendee_id = person(&a, i + 1), .kind = CK_EVENT_IN, .source = CK_SOURCE_KIOSK};
        ck_presence_result res;
        ck_event_rec *evs = NULL;
        size_t n = 0;
        double t0 = mono_ms();
        if (ck_app_presence(a.app, &req, &res, &err) != CK_OK ||
            ck_app_events(a.app, req.attendee_id, &evs, &n, &err) != CK_OK || n == 0)
            die("check-in", &err);
        char uid[CK_UID_LEN + 1];
        snprintf(uid, sizeof uid, "%s", evs[n - 1].uid);
        free(evs);
        sync_or_die(&a, &r); /* what the kiosk does right after a check-in */
        while (!has_event(bdb, uid))
            usleep(2000);
        ms[i] = mono_ms() - t0;
    }
    atomic_store(&lb.stop, true);
    pthread_join(tb, NULL);
    sqlite3_close(bdb);
    qsort(ms, LATENCY_SAMPLES, sizeof ms[0], cmp_double);
    printf("visible_ms_median %.0f\nvisible_ms_p99 %.0f\nvisible_samples %d\n",
           ms[LATENCY_SAMPLES / 2], ms[LATENCY_SAMPLES - 1], LATENCY_SAMPLES);
    ck_app_close(a.app);
    ck_app_close(b.app);
}

/* ---- 3. a station offline for a whole course day catching up ---- */

static void catch_up(void)
{
    station on, off;
    ck_sync_result r;
    organisation("offline");
    station_new(&on, "online", "2026-11-23 07:00");
    station_new(&off, "offline", "2026-11-23 07:00");
    course(&on, "2026-11-23", false, 30);
    sync_or_die(&on, &r);
    sync_or_die(&off, &r);
    /* Both doors take the whole day: the online one syncing, the other cut off. */
    course_day(&on, "2026-11-23", 30);
    course_day(&off, "2026-11-23", 30);
    for (int i = 1; i <= 30; i++) {
        ck_decision_req d = {.attendee_id = person(&off, i),
                             .decision = CK_DECISION_ACCEPT,
                             .source = CK_SOURCE_KIOSK};
        ck_err err = {0};
        if (ck_app_license_decide(off.app, &d, &err) != CK_OK)
            die("license", &err);
    }
    sync_or_die(&on, &r);
    double t0 = mono_ms();
    sync_or_die(&off, &r);
    double ms = mono_ms() - t0;
    printf("catch_up_s %.2f\ncatch_up_pushed %zu\ncatch_up_pulled %zu\n", ms / 1000, r.pushed,
           r.pulled);
    ck_app_close(on.app);
    ck_app_close(off.app);
}

/* ---- 4. 50 stations x 30 attendees x 2 days pushing to one server ---- */

static void *sync_once(void *arg)
{
    station *s = arg;
    ck_sync_result r;
    ck_err err = {0};
    if (ck_app_sync(s->app, &r, &err) != CK_OK)
        fprintf(stderr, "sync_bench: %s: %s\n", s->db, err.msg);
    return NULL;
}

/* Only the push half of a sync, to measure the server taking entries in: this station's
 * chain after the server's head, in batches, as app/sync.c sends it. */
static void *push_only(void *arg)
{
    station *s = arg;
    ck_store *st = NULL;
    ck_hub *h = NULL;
    ck_ledger_head *heads = NULL, mine;
    size_t nheads = 0;
    ck_err err = {0};
    char uri[CK_APP_URI_MAX], pass[4200];
    snprintf(pass, sizeof pass, "%.*s.pgpass", (int)(strlen(s->db) - 3), s->db);
    if (ck_store_open(&st, s->db, CK_STORE_EXISTING, &err) != CK_OK ||
        ck_store_setting_get(st, "sync.server", uri, sizeof uri, &err) != CK_OK)
        die("push", &err);
    ck_hub_conn c = {.uri = uri, .passfile = pass};
    if (ck_hub_connect(&h, &c, &err) != CK_OK || ck_hub_heads(h, &heads, &nheads, &err) != CK_OK ||
        ck_store_ledger_head(st, &mine, &err) != CK_OK)
        die("push", &err);
    int64_t seq = 0;
    for (size_t i = 0; i < nheads; i++)
        if (strcmp(heads[i].origin, mine.origin) == 0)
            seq = heads[i].seq;
    while (seq < mine.seq) {
        ck_ledger_rec *recs = NULL;
        size_t n = 0;
        if (ck_store_ledger_read(st, mine.origin, seq, CK_HUB_BATCH, &recs, &n, &err) != CK_OK ||
            ck_hub_push(h, recs, n, &err) != CK_OK)
            die("push", &err);
        seq = recs[n - 1].seq;
        ck_ledger_rec_list_free(recs, n);
    }
    free(heads);
    ck_hub_close(h);
    ck_store_close(st);
    return NULL;
}

/* Every station at once (fn: push_only or sync_once); wall time in ms. */
static double all_at_once(station *s, int n, void *(*fn)(void *))
{
    pthread_t t[STATIONS];
    double t0 = mono_ms();
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, fn, &s[i]);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    return mono_ms() - t0;
}

static void many_stations(void)
{
    static station s[STATIONS];
    organisation("many");
    for (int i = 0; i < STATIONS; i++) {
        char name[32];
        snprintf(name, sizeof name, "room-%02d", i + 1);
        station_new(&s[i], name, "2026-11-23 07:00");
        course(&s[i], "2026-11-23", true, 30);
        course_day(&s[i], "2026-11-23", 30);
        course_day(&s[i], "2026-11-24", 30);
    }
    ck_proc p = {0};
    const char *url = ck_pg_owner_url(pg, "many", 0, NULL);
    usleep(300000); /* the setup's sessions end */
    int64_t cpu0 = ck_pg_cpu_ms(pg);
    double push = all_at_once(s, STATIONS, push_only);
    usleep(300000);
    int64_t cpu1 = ck_pg_cpu_ms(pg);
    double pull = all_at_once(s, STATIONS, sync_once);
    usleep(300000);
    int64_t cpu2 = ck_pg_cpu_ms(pg);
    long rows = -1;
    if (ck_pg_psql(&p, url, "SELECT count(*) FROM classkiosk.ledger") == 0)
        rows = strtol(p.out, NULL, 10);
    printf("many_stations %d\nmany_rows %ld\nmany_push_s %.2f\nmany_push_server_cpu_s %.2f\n"
           "many_catch_up_s %.2f\nmany_catch_up_server_cpu_s %.2f\n",
           STATIONS, rows, push / 1000, (cpu1 - cpu0) / 1000.0, pull / 1000,
           (cpu2 - cpu1) / 1000.0);
    ck_proc_clear(&p);
    for (int i = 0; i < STATIONS; i++)
        ck_app_close(s[i].app);
}

int main(int argc, char **argv)
{
    bool skip = false;
    if (argc < 2) {
        fprintf(stderr, "usage: sync_bench DIR\n");
        return 2;
    }
    dir = argv[1];
    mkdir(dir, 0700);
    setenv("TZ", getenv("TZ") ? getenv("TZ") : "Europe/Berlin", 1);
    pg = ck_pg_start(NULL, &skip);
    if (!pg)
        return skip ? 77 : 1;
    const char *only = argc > 2 ? argv[2] : "";
    if (!*only || strcmp(only, "push") == 0)
        push_rate();
    if (!*only || strcmp(only, "latency") == 0)
        latency();
    if (!*only || strcmp(only, "catch-up") == 0)
        catch_up();
    if (!*only || strcmp(only, "many") == 0)
        many_stations();
    ck_pg_free(pg);
    return 0;
}
