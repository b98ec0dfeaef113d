/* The kiosk with the organisation's server: it syncs on its own thread every few seconds and
 * right after a check-in, trainer mode says "In step at 09:14" or "1 record waiting — server
 * unreachable since 09:02" and when the clock is off, and a server that does not answer never
 * holds up a check-in. 1280x800 and 800x1280; screenshots kept with CK_KEEP=1. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>

#include "../cli/sync_support.h"
#include "kiosk_rig.h"

static ck_pg *pg;

/* Pump (in real time) until the sync thread has finished a round after the after-th; with
 * now, ask for that round at once instead of at its turn. */
static bool wait_sync_at(krig *g, uint64_t after, bool now)
{
    if (now)
        ck_kiosk_sync_now(g->k);
    for (int waited = 0; waited < 30000; waited += 20) {
        RIG_PUMP(g);
        if (ck_kiosk_sync_rounds(g->k) > after) {
            usleep(30000); /* its wake */
            RIG_PUMP(g);
            return true;
        }
        usleep(20000);
    }
    ck_test_fail(__FILE__, __LINE__, "%s: no sync round ended within 30 s", g->tag);
    return false;
}

static bool wait_sync(krig *g, uint64_t after)
{
    return wait_sync_at(g, after, true);
}

/* Check who in by scanning their badge (made before the kiosk started: see kiosk_syncs). */
static void checkin_by_badge(krig *g, const char *who)
{
    if (!RIG_SCREEN(g, "welcome"))
        return;
    rig_scan(g, rig_badge(g, who));
    if (!RIG_SCREEN(g, "confirm") || !RIG_TAP(g, "Check in"))
        return;
    RIG_SCREEN(g, "checked");
    /* Back to Welcome by itself. */
    for (int i = 0; i < 40 && strcmp(ck_kiosk_screen(g->k), "welcome") != 0; i++) {
        rig_advance(g, 1000);
        RIG_PUMP(g);
    }
}

static void leave_trainer(krig *g)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
    RIG_PUMP(g);
    RIG_SCREEN(g, "welcome");
}

/* "HH:MM" of the rig's clock now. */
static const char *rig_hm(krig *g)
{
    static char hm[6];
    ck_tz_hm(rig_s(g), hm);
    return hm;
}

/* Point the station at a server that takes the connection and never answers. */
static int silent_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    return fd;
}

static void set_server(const char *db, const char *uri)
{
    sqlite3 *s = NULL;
    CK_CHECK_INT(sqlite3_open(db, &s), SQLITE_OK);
    sqlite3_busy_timeout(s, 5000);
    sqlite3_stmt *st = NULL;
    CK_CHECK_INT(sqlite3_prepare_v2(s, "UPDATE setting SET value = ? WHERE key = 'sync.server'", -1,
                                    &st, NULL),
                 SQLITE_OK);
    sqlite3_bind_text(st, 1, uri, -1, SQLITE_TRANSIENT);
    CK_CHECK_INT(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(s);
}

static void server_setting(const char *db, char *out, size_t n)
{
    ck_proc p = {0};
    CLI_OK(&p, db, NULL, "sync", "status", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    snprintf(out, n, "%s", json_string_value(json_object_get(doc, "server")));
    json_decref(doc);
    ck_proc_clear(&p);
}

/* A certificate another station issued: refused at the kiosk's Verify screen while its key
 * has not come through the server, valid once it has. */
static void verify_another_stations(krig *g, org *o)
{
    ck_proc p = {0};
    ck_err err = {0};
    char *qr = NULL;
    const char *hq = station(o, "head-office");
    cli_graduates(hq, ck_test_path("graduates.csv"));
    CLI_OK(&p, hq, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_path("pdf"));
    CLI_OK(&p, hq, NULL, "certs", "list", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    const char *token = json_string_value(json_object_get(json_array_get(doc, 0), "token"));
    if (!token || ck_app_cert_qr_text(g->app, token, &qr, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "no certificate from the head office: %s", err.msg);
        goto done;
    }
    rig_scan(g, qr);
    RIG_SCREEN(g, "verify");
    RIG_SAYS(g, "INVALID");
    RIG_TAP(g, "Close");
    SYNC_OK(&p, hq, NULL);
    wait_sync(g, ck_kiosk_sync_rounds(g->k));
    rig_scan(g, qr);
    RIG_SCREEN(g, "verify");
    RIG_SAYS(g, "VALID\n");
    RIG_SAYS(g, "signed by the station head-office of this organisation");
    RIG_SAYS(g, "Zoë Ångström-Núñez");
    rig_shot(g, "verify-another-station");
    RIG_TAP(g, "Close");
done:
    free(qr);
    json_decref(doc);
    ck_proc_clear(&p);
}

static void kiosk_syncs(void)
{
    org o;
    krig g;
    ck_proc p = {0};
    char start[17], uri[2048];
    ck_tz_datetime((int64_t)time(NULL), start); /* near the server's clock */
    if (!org_make(&o, pg, NULL) || !rig_station(&g, "door", start))
        return;
    /* The badges first, so that each check-in below is the one record it adds. */
    const char *people[] = {"zoe@example.org", "mateo.garcia@example.es", "anna.k@example.ru",
                            "alexandros@example.gr", "siobhan@example.ie"};
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
        rig_badge(&g, people[i]);
    /* The kiosk's station joins; the office is another station. */
    CK_CHECK(org_register(&o, "door", uri, sizeof uri));
    CLI_OK(&p, g.db, NULL, "join", uri);
    const char *office = station(&o, "office");
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    uint64_t round = ck_kiosk_sync_rounds(g.k);
    wait_sync(&g, round);
    SYNC_OK(&p, office, NULL);
    CLI_OK(&p, office, NULL, "roster", "list");
    CK_CHECK_CONTAINS(p.out, "Zoë Ångström-Núñez"); /* the kiosk's course reached the office */

    /* A check-in goes out right away. */
    round = ck_kiosk_sync_rounds(g.k);
    checkin_by_badge(&g, "zoe@example.org");
    wait_sync_at(&g, round, false); /* the check-in asked for it */
    SYNC_OK(&p, office, NULL);
    CLI_OK(&p, office, NULL, "events", "zoe@example.org");
    CK_CHECK_CONTAINS(p.out, "in");
    CK_CHECK_CONTAINS(p.out, "kiosk");
    rig_open_trainer(&g);
    char want[64];
    snprintf(want, sizeof want, "In step at %s", rig_hm(&g));
    RIG_SAYS(&g, want);
    rig_shot(&g, "trainer-in-step");
    leave_trainer(&g);

    /* The network is gone: the kiosk goes on, and trainer mode says since when. */
    CK_CHECK(ck_pg_stop(pg, false));
    char since[6];
    snprintf(since, sizeof since, "%s", rig_hm(&g));
    round = ck_kiosk_sync_rounds(g.k);
    checkin_by_badge(&g, "mateo.garcia@example.es");
    wait_sync(&g, round);
    rig_open_trainer(&g);
    snprintf(want, sizeof want, "1 record waiting — server unreachable since %s", since);
    RIG_SAYS(&g, want);
    rig_shot(&g, "trainer-unreachable");
    leave_trainer(&g);

    /* A server that takes the connection and never answers holds up nothing on screen. */
    char saved[2048], silent[256];
    server_setting(g.db, saved, sizeof saved);
    int fd = silent_server();
    CK_CHECK(fd >= 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    snprintf(silent, sizeof silent, "postgresql://nobody@127.0.0.1:%d/%s", ntohs(a.sin_port), o.db);
    set_server(g.db, silent);
    round = ck_kiosk_sync_rounds(g.k);
    wait_sync(&g, round); /* the next round starts against the silent server */
    round = ck_kiosk_sync_rounds(g.k);
    checkin_by_badge(&g, "anna.k@example.ru"); /* kicks a sync that hangs for its timeout */
    checkin_by_badge(&g, "alexandros@example.gr");
    RIG_SCREEN(&g, "welcome");
    CK_CHECK(ck_kiosk_sync_rounds(g.k) <= round + 1); /* the check-ins did not wait for it */
    CK_CHECK_INT(rig_events(&g, rig_person(&g, "alexandros@example.gr"), CK_EVENT_IN, 0), 1);
    set_server(g.db, saved);
    close(fd);

    /* Back: everything goes, the office has all four check-ins. */
    CK_CHECK(ck_pg_start_again(pg));
    round = ck_kiosk_sync_rounds(g.k);
    wait_sync(&g, round);
    wait_sync(&g, ck_kiosk_sync_rounds(g.k));
    SYNC_OK(&p, office, NULL);
    CLI_OK(&p, office, NULL, "status");
    CK_CHECK_CONTAINS(p.out, "Mateo García");
    CLI_OK(&p, office, NULL, "events", "alexandros@example.gr");
    CK_CHECK_CONTAINS(p.out, "in");

    /* The kiosk's clock five minutes ahead: trainer mode says so. */
    rig_advance(&g, 5 * 60 * 1000);
    wait_sync(&g, ck_kiosk_sync_rounds(g.k));
    rig_open_trainer(&g);
    RIG_SAYS(&g, "min ahead of the server's: set it right");
    rig_shot(&g, "trainer-clock");
    leave_trainer(&g);
    rig_close_kiosk(&g);

    /* Portrait: in step, then unreachable. */
    rig_advance(&g, -5 * 60 * 1000);
    if (rig_kiosk(&g, 800, 1280, NULL)) {
        wait_sync(&g, 0);
        rig_open_trainer(&g);
        RIG_SAYS(&g, "In step at");
        rig_shot(&g, "trainer-in-step");
        leave_trainer(&g);
        CK_CHECK(ck_pg_stop(pg, false));
        checkin_by_badge(&g, "siobhan@example.ie");
        wait_sync(&g, ck_kiosk_sync_rounds(g.k));
        rig_open_trainer(&g);
        RIG_SAYS(&g, "server unreachable since");
        rig_shot(&g, "trainer-unreachable");
        CK_CHECK(ck_pg_start_again(pg));
        leave_trainer(&g);
        verify_another_stations(&g, &o);
    }
    rig_close(&g);
    ck_proc_clear(&p);
}

static void cases(void)
{
    CK_RUN(kiosk_syncs);
}

int main(int argc, char **argv)
{
    return ck_pg_test_main(argc, argv, NULL, &pg, cases);
}
