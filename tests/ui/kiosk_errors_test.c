/* The kiosk when things go wrong: a locked database, a check-out the app refuses, no course, a
 * day that is not a course day, a certificate that cannot be written, fonts missing. Each
 * shows a calm message, records nothing twice, and the kiosk keeps running. */
#include "kiosk_rig.h"

#include <sqlite3.h>
#include <sys/stat.h>

static void to_person(krig *g, const char *email)
{
    RIG_PUMP(g);
    rig_scan(g, rig_badge(g, email));
    RIG_SCREEN(g, "confirm");
}

/* Another program holds the database's write lock: the tap waits out the busy timeout, says
 * so calmly, and works once the lock is gone; the event is stored once. */
static void database_locked(void)
{
    krig g;
    if (!rig_station(&g, "locked", "2026-11-25 09:05") || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org");
    to_person(&g, "zoe@example.org");
    sqlite3 *db = NULL;
    CK_CHECK_INT(sqlite3_open(g.db, &db), SQLITE_OK);
    CK_CHECK_INT(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    RIG_TAP(&g, "Check in");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "We could not record that");
    RIG_SAYS(&g, "The station is busy for a moment. Nothing was lost: please try again.");
    rig_shot(&g, "busy");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, 0), 0);
    CK_CHECK_INT(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    RIG_TAP(&g, "OK");
    RIG_SCREEN(&g, "confirm");
    RIG_TAP(&g, "Check in");
    RIG_SCREEN(&g, "checked");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, 0), 1);
    rig_close(&g);
}

/* Confirm offered Check out, but meanwhile Zoë was checked out elsewhere: the app refuses, the
 * kiosk says its reason calmly, and the next look offers Check in. */
static void checkout_refused(void)
{
    krig g;
    if (!rig_station(&g, "refused", "2026-11-25 09:05"))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org");
    ck_err err = {0};
    ck_presence_result r;
    ck_presence_req q = {.attendee_id = zoe, .kind = CK_EVENT_IN, .source = CK_SOURCE_SELF};
    CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK);
    rig_set(&g, "2026-11-25 11:00");
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    to_person(&g, "zoe@example.org");
    CK_CHECK(rig_has(&g, "Check out"));
    q.kind = CK_EVENT_OUT;
    CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK); /* at another station */
    RIG_TAP(&g, "Check out");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "Nothing to check out");
    RIG_SAYS(&g, "is not checked in today, so there is nothing to check out");
    rig_shot(&g, "refused");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_OUT, 0), 1);
    RIG_TAP(&g, "OK");
    RIG_SCREEN(&g, "confirm");
    CK_CHECK(rig_has(&g, "Check in"));
    rig_close(&g);
}

/* Confirm offered Check in, but Zoë checked in at another station meanwhile: the app records
 * nothing new and the kiosk says since when. */
static void already_in(void)
{
    krig g;
    if (!rig_station(&g, "already", "2026-11-25 09:05") || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org");
    to_person(&g, "zoe@example.org");
    CK_CHECK(rig_has(&g, "Check in"));
    ck_err err = {0};
    ck_presence_result r;
    ck_presence_req q = {.attendee_id = zoe, .kind = CK_EVENT_IN, .source = CK_SOURCE_SELF};
    CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK);
    rig_advance(&g, 120000);
    RIG_TAP(&g, "Check in");
    RIG_SCREEN(&g, "checked");
    RIG_SAYS(&g, "You are already checked in since 09:05");
    CK_CHECK(!rig_has(&g, "Undo")); /* nothing to undo */
    rig_run(&g, 800);
    rig_shot(&g, "already-in");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, 0), 1);
    rig_close(&g);
}

/* A station set up without a course: Welcome says what the trainer should do; nothing can be
 * tapped into; trainer mode still opens. */
static void no_course(void)
{
    krig g;
    ck_err err = {0};
    memset(&g, 0, sizeof g);
    rig_set(&g, "2026-11-25 09:00");
    snprintf(g.db, sizeof g.db, "%s/empty.db", ck_test_tmpdir());
    ck_app_options o = {.db_path = g.db, .clock = rig_s, .clock_ctx = &g};
    CK_CHECK_INT(ck_app_open(&g.app, &o, CK_APP_CREATE, &err), CK_OK);
    CK_CHECK_INT(ck_app_init(g.app, NULL, NULL, &err), CK_OK);
    CK_CHECK_INT(ck_app_pin_set(g.app, NULL, "2468", &err), CK_OK);
    if (!g.app || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    RIG_SAYS(&g, "No course is set up on this station yet");
    RIG_SAYS(&g, "classkiosk course create");
    CK_CHECK(!rig_has(&g, "Tap to check in or out"));
    rig_shot(&g, "no-course");
    rig_tap_xy(&g, 640, 400);
    RIG_SCREEN(&g, "welcome");
    rig_scan(&g, "zoe@example.org");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "We could not find that badge");
    RIG_TAP(&g, "OK");
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_F12, &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "pin");
    rig_close(&g);
}

/* After the course: no check-in, but the way to the certificate. */
static void after_the_course(void)
{
    krig g;
    if (!rig_station(&g, "after", "2026-11-25 09:00"))
        return;
    rig_set(&g, "2026-11-28 10:00");
    if (!rig_kiosk(&g, 800, 1280, NULL))
        return;
    RIG_PUMP(&g);
    RIG_SAYS(&g, "Ended Thu 26 Nov 2026");
    rig_shot(&g, "welcome-after");
    to_person(&g, "priya@example.in");
    RIG_SAYS(&g, "Welcome back, Priya");
    RIG_SAYS(&g, "One more step: the license agreement, then your certificate.");
    CK_CHECK(!rig_has(&g, "Check in"));
    CK_CHECK(rig_has(&g, "License and certificate"));
    rig_shot(&g, "confirm-after");
    RIG_TAP(&g, "License and certificate");
    RIG_SCREEN(&g, "license");
    rig_close(&g);
}

/* The certificate folder cannot be written: the Done screen says so calmly; the acceptance is
 * kept; the kiosk goes on. */
static void certificate_fails(void)
{
    krig g;
    if (!rig_station(&g, "certfail", "2026-11-25 08:00"))
        return;
    int64_t bjorn = rig_person(&g, "bjorn@example.no");
    ck_err err = {0};
    const char *times[][2] = {{"2026-11-25 08:50", "2026-11-25 17:10"},
                              {"2026-11-26 08:50", "2026-11-26 17:10"}};
    for (int d = 0; d < 2; d++) {
        ck_presence_result r;
        rig_set(&g, times[d][0]);
        ck_presence_req q = {.attendee_id = bjorn, .kind = CK_EVENT_IN, .source = CK_SOURCE_SELF};
        CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK);
        rig_set(&g, times[d][1]);
        q.kind = CK_EVENT_OUT;
        CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK);
    }
    ck_decision_req d = {
        .attendee_id = bjorn, .decision = CK_DECISION_ACCEPT, .source = CK_SOURCE_SELF};
    CK_CHECK_INT(ck_app_license_decide(g.app, &d, &err), CK_OK);
    /* Where the PDFs should go, a file. */
    CK_CHECK(ck_test_write_file(g.certs, "not a folder\n"));
    rig_set(&g, "2026-11-26 17:20");
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    to_person(&g, "bjorn@example.no");
    RIG_TAP(&g, "Get my certificate");
    RIG_SCREEN(&g, "done");
    RIG_SETTLE(&g);
    RIG_SAYS(&g, "We could not prepare your certificate");
    RIG_SAYS(&g, "Please see your trainer");
    RIG_SAYS(&g, "not a folder");
    rig_shot(&g, "cert-failed");
    RIG_TAP(&g, "Done");
    RIG_SCREEN(&g, "welcome");
    rig_close(&g);
}

/* Without its fonts the kiosk cannot draw: it refuses to start, naming the font. */
static void fonts_missing(void)
{
    krig g;
    if (!rig_station(&g, "fonts", "2026-11-25 09:00"))
        return;
    rig_driver();
    const char *empty = ck_test_path("nofonts");
    mkdir(empty, 0700);
    ck_kiosk_opts o = {.windowed = true,
                       .fonts_dir = empty,
                       .software = RIG_SOFTWARE,
                       .now_ms = rig_ms,
                       .clock_ctx = &g};
    ck_kiosk *k = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_kiosk_new(&k, g.app, &o, &err), CK_EIO);
    CK_CHECK(k == NULL);
    CK_CHECK_CONTAINS(err.msg, "NotoSans-Regular.ttf");
    /* A clock that is not the app's is refused too. */
    ck_kiosk_opts wrong = {.windowed = true, .software = RIG_SOFTWARE};
    CK_CHECK_INT(ck_kiosk_new(&k, g.app, &wrong, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "clock");
    rig_close(&g);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(database_locked);
    CK_RUN(checkout_refused);
    CK_RUN(already_in);
    CK_RUN(no_course);
    CK_RUN(after_the_course);
    CK_RUN(certificate_fails);
    CK_RUN(fonts_missing);
    return ck_test_done();
}
