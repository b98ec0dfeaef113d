/* Sync under faults, against a real PostgreSQL server: the server down for a whole morning,
 * "classkiosk sync" killed with SIGKILL at random moments while both stations have rows to
 * send, the server restarted in the middle of a sync and a proxy cutting connections at
 * random points of the transfer. Afterwards the server and both stations hold exactly the
 * union, once, and every chain verifies. */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/timez.h"
#include "sync_support.h"

static ck_pg *pg;

static int64_t clock_of(void *ctx)
{
    return *(int64_t *)ctx;
}

/* A station's busy door: events recorded in this process, a few seconds apart. */
typedef struct door {
    ck_app *app;
    int64_t now, attendee;
    bool in;
    long recorded;
} door;

static void door_open(door *d, const char *db, const char *who)
{
    ck_err err = {0};
    ck_attendee_rec a;
    memset(d, 0, sizeof *d);
    d->now = ck_tz_local(D1, 0) + 60;
    ck_app_options o = {.db_path = db, .clock = clock_of, .clock_ctx = &d->now};
    CK_CHECK_INT(ck_app_open(&d->app, &o, CK_APP_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_app_find(d->app, who, &a, &err), CK_OK);
    d->attendee = a.id;
}

static void record(door *d, int n)
{
    for (int i = 0; i < n; i++) {
        ck_presence_req r = {.attendee_id = d->attendee,
                             .kind = d->in ? CK_EVENT_OUT : CK_EVENT_IN,
                             .source = CK_SOURCE_KIOSK};
        ck_presence_result res;
        ck_err err = {0};
        d->now += 2;
        if (ck_app_presence(d->app, &r, &res, &err) != CK_OK) {
            ck_test_fail(__FILE__, __LINE__, "recording an event: %s", err.msg);
            return;
        }
        d->in = !d->in;
        d->recorded++;
    }
}

/* Two stations that joined org, with a course and a person each checks in and out. */
static void two_doors(org *o, const char **a, const char **b)
{
    ck_proc p = {0};
    *a = station(o, "door-a");
    *b = station(o, "door-b");
    CLI_OK(&p, *a, D1 " 00:00", "course", "create", "--title", "Product Owner", "--trainer",
           "Maria", "--day", D1);
    CLI_OK(&p, *a, D1 " 00:00", "roster", "add", "Ada Lovelace", "--email", "ada@example.org");
    CLI_OK(&p, *a, D1 " 00:00", "roster", "add", "Alan Turing", "--email", "alan@example.org");
    const char *ab[] = {*a, *b};
    sync_all(ab, 2, 1, NULL);
    ck_proc_clear(&p);
}

static long own_head(const char *db)
{
    ck_proc p = {0};
    CLI_OK(&p, db, NULL, "audit", "head", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    long seq = (long)json_integer_value(json_object_get(doc, "seq"));
    json_decref(doc);
    ck_proc_clear(&p);
    return seq;
}

/* The server and both stations hold exactly the union of the two chains, once. */
static void converged(org *o, const char *a, const char *b)
{
    ck_proc p = {0};
    const char *ab[] = {a, b};
    sync_all(ab, 2, 2, NULL);
    long on_server = org_count(o, "SELECT count(*) FROM classkiosk.ledger");
    CK_CHECK_INT(on_server, own_head(a) + own_head(b));
    CK_CHECK_INT(station_entries(a), on_server);
    CK_CHECK_INT(station_entries(b), on_server);
    /* Every chain on the server is whole: seq 1…n, no gaps. */
    CK_CHECK_INT(org_count(o, "SELECT count(*) FROM (SELECT origin FROM classkiosk.ledger"
                              " GROUP BY origin HAVING max(seq) <> count(*)) AS gaps"),
                 0);
    char *sa = json_of(a, D1 " 23:59", "status", NULL),
         *sb = json_of(b, D1 " 23:59", "status", NULL);
    CK_CHECK_STR(sa, sb);
    free(sa);
    free(sb);
    CLI_OK(&p, a, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "waiting:  0 records");
    ck_proc_clear(&p);
}

static void server_down_all_morning(void)
{
    org o;
    ck_proc p = {0};
    const char *a, *b;
    if (!org_make(&o, pg, NULL))
        return;
    two_doors(&o, &a, &b);
    CK_CHECK(ck_pg_stop(pg, false));
    /* Both doors keep checking people in and out; every sync says why it cannot. */
    const char *times[] = {"08:55", "09:30", "10:15", "11:40", "12:05"};
    for (size_t i = 0; i < 5; i++) {
        char now[32];
        snprintf(now, sizeof now, D1 " %s", times[i]);
        CLI_OK(&p, a, now, i % 2 ? "checkout" : "checkin", "ada@example.org");
        CLI_OK(&p, b, now, i % 2 ? "checkout" : "checkin", "alan@example.org");
        CLI_FAILS(&p, a, now, "cannot reach the server", "sync");
        CK_CHECK_INT(p.status, 1);
        CLI_FAILS(&p, b, now, "records stay here", "sync");
    }
    CLI_OK(&p, a, D1 " 12:06", "sync", "status");
    CK_CHECK_CONTAINS(p.out, "unreachable since 2026-11-23 08:55");
    CK_CHECK_CONTAINS(p.out, "waiting:  5 records");
    CLI_OK(&p, a, D1 " 12:06", "sync", "status", "--json");
    CK_CHECK_CONTAINS(p.out, "\"in_step\": false");
    CK_CHECK(ck_pg_start_again(pg));
    converged(&o, a, b);
    CLI_OK(&p, b, D1 " 12:30", "status");
    CK_CHECK_CONTAINS(p.out, "Ada Lovelace");
    ck_proc_clear(&p);
}

static pid_t spawn_sync(const char *db)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        unsetenv("CLASSKIOSK_NOW");
        execl(ck_test_binary(), ck_test_binary(), "--db", db, "sync", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Kill pid after ms unless it ended first; true when it was killed while running. */
static bool kill_after(pid_t pid, long ms)
{
    int status = 0;
    sleep_ms(ms);
    if (waitpid(pid, &status, WNOHANG) == pid)
        return false;
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static void kill_nine(void)
{
    org o;
    const char *a, *b;
    door da, db;
    if (!org_make(&o, pg, NULL))
        return;
    two_doors(&o, &a, &b);
    door_open(&da, a, "ada@example.org");
    door_open(&db, b, "alan@example.org");
    /* How long one sync takes here, so the kills land all through it. */
    record(&da, 40);
    record(&db, 40);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t one = spawn_sync(a);
    int status = 0;
    waitpid(one, &status, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long span = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (span < 20)
        span = 20;
    unsigned seed = 9;
    int kills = 0, rounds = 0;
    while (kills < 200 && rounds < 600) {
        rounds++;
        record(&da, 1 + (int)(rand_r(&seed) % 12));
        record(&db, 1 + (int)(rand_r(&seed) % 12));
        /* Both stations at once, each killed at its own moment within what a sync takes (a
         * later kill finds it done: a round spent, on a loaded machine a long one). */
        pid_t pa = spawn_sync(a), pb = spawn_sync(b);
        long ka = rand_r(&seed) % (unsigned long)(span + span / 8),
             kb = rand_r(&seed) % (unsigned long)(span + span / 8);
        kills += kill_after(pa, ka);
        kills += kill_after(pb, kb > ka ? kb - ka : 0);
    }
    printf("%d syncs killed with SIGKILL in %d rounds (a sync takes about %ld ms here)\n", kills,
           rounds, span);
    CK_CHECK(kills >= 200);
    ck_app_close(da.app);
    ck_app_close(db.app);
    converged(&o, a, b);
}

static void restarts_and_cut_connections(void)
{
    org o;
    ck_proc p = {0};
    door da, db;
    if (!org_make(&o, pg, NULL))
        return;
    ck_proxy *proxy = ck_proxy_start(ck_pg_port(pg));
    if (!proxy)
        return;
    /* The stations reach the server through the proxy. */
    char owner[512];
    snprintf(owner, sizeof owner, "%s", o.owner);
    snprintf(o.owner, sizeof o.owner, "%s", ck_pg_owner_url(pg, o.db, ck_proxy_port(proxy), NULL));
    const char *a, *b;
    two_doors(&o, &a, &b);
    snprintf(o.owner, sizeof o.owner, "%s", owner);
    door_open(&da, a, "ada@example.org");
    door_open(&db, b, "alan@example.org");
    ck_proxy_cut(proxy, 200, 40000, 7);
    unsigned seed = 11;
    int failed = 0, restarts = 0;
    for (int round = 0; round < 30; round++) {
        record(&da, 20 + (int)(rand_r(&seed) % 40));
        record(&db, 20 + (int)(rand_r(&seed) % 40));
        if (round % 6 == 5) {
            /* The server goes down in the middle of a sync, and comes back. */
            pid_t pa = spawn_sync(a);
            sleep_ms(20 + rand_r(&seed) % 60);
            ck_pg_stop(pg, rand_r(&seed) % 2);
            int status = 0;
            waitpid(pa, &status, 0);
            failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            CK_CHECK(ck_pg_start_again(pg));
            restarts++;
            continue;
        }
        failed += CLI(&p, a, NULL, "sync") != 0;
        failed += CLI(&p, b, NULL, "sync") != 0;
        if (p.status != 0 && p.status != 1)
            ck_test_fail(__FILE__, __LINE__, "sync exited %d: %s", p.status, p.err);
    }
    long cuts = ck_proxy_cuts(proxy);
    printf("%ld connections cut, %d server restarts, %d syncs did not end in step\n", cuts,
           restarts, failed);
    CK_CHECK(cuts >= 10);
    CK_CHECK(failed >= 5);
    ck_proxy_cut(proxy, 0, 0, 0);
    ck_app_close(da.app);
    ck_app_close(db.app);
    converged(&o, a, b);
    ck_proxy_stop(proxy);
    ck_proc_clear(&p);
}

static void cases(void)
{
    CK_RUN(server_down_all_morning);
    CK_RUN(kill_nine);
    CK_RUN(restarts_and_cut_connections);
}

int main(int argc, char **argv)
{
    return ck_pg_test_main(argc, argv, NULL, &pg, cases);
}
