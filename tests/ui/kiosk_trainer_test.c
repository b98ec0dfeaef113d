/* Trainer mode: the PIN (five wrong ones lock entry for a minute, also for a new kiosk; no PIN
 * set says how to set one), corrections with preset and typed reasons (stored with source
 * trainer, audited), closing the day, certificates for all, reprints, the audit trail; the
 * window cannot be closed outside trainer mode, and Leave kiosk mode quits. */
#include "kiosk_rig.h"
#include "store/store.h"

/* Hold the top-left corner for two seconds by finger. */
static void hold_corner(krig *g)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 4, 10, 10, &err), CK_OK);
    RIG_PUMP(g);
    rig_run(g, 1200);
    rig_shot(g, "corner-hold");
    rig_run(g, 850);
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 4, 10, 10, &err), CK_OK);
    RIG_PUMP(g);
}

/* Audit records whose action is action (and whose detail names who, if given); the last
 * one's detail into detail. */
static int audits_of(krig *g, const char *action, const char *who, char *detail, size_t n)
{
    ck_audit_rec *list = NULL;
    size_t count = 0;
    ck_err err = {0};
    int hits = 0;
    CK_CHECK_INT(ck_app_audit(g->app, &list, &count, &err), CK_OK);
    for (size_t i = 0; i < count; i++)
        if (strcmp(list[i].action, action) == 0 && (!who || strstr(list[i].detail, who))) {
            hits++;
            if (detail)
                snprintf(detail, n, "%s", list[i].detail);
        }
    ck_audit_list_free(list, count);
    return hits;
}

/* The reason of who's latest event of kind. */
static const char *last_reason(krig *g, int64_t who, ck_event_kind kind, ck_source *source)
{
    static char reason[CK_REASON_MAX];
    ck_event_rec *ev = NULL;
    size_t n = 0;
    ck_err err = {0};
    reason[0] = '\0';
    CK_CHECK_INT(ck_app_events(g->app, who, &ev, &n, &err), CK_OK);
    for (size_t i = 0; i < n; i++)
        if (ev[i].ev.kind == kind) {
            snprintf(reason, sizeof reason, "%s", ev[i].reason);
            *source = ev[i].source;
        }
    free(ev);
    return reason;
}

static int audits(krig *g, const char *action, char *detail, size_t n)
{
    return audits_of(g, action, NULL, detail, n);
}

static void pin_lock(void)
{
    krig g;
    if (!rig_station(&g, "pin", "2026-11-25 09:30") || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    /* A short hold is a tap (to Find); a two-second hold opens the PIN pad. */
    hold_corner(&g);
    if (!RIG_SCREEN(&g, "pin"))
        return;
    rig_shot(&g, "pin");
    for (int i = 1; i <= 4; i++) {
        rig_enter_pin(&g, "1111");
        RIG_SCREEN(&g, "pin");
        char want[64];
        snprintf(want, sizeof want, "That PIN is not right. %d %s left.", 5 - i,
                 5 - i == 1 ? "try" : "tries");
        RIG_SAYS(&g, want);
    }
    rig_shot(&g, "pin-wrong");
    rig_enter_pin(&g, "9999");
    RIG_SAYS(&g, "Too many wrong PINs. Try again in 1 min.");
    CK_CHECK(!rig_has(&g, "2")); /* the keys rest */
    rig_shot(&g, "pin-locked");
    rig_advance(&g, 10000);
    RIG_PUMP(&g);
    RIG_SAYS(&g, "Try again in 50 s.");
    /* Left alone, the PIN pad goes back to Welcome like any attendee screen. */
    rig_advance(&g, 30000);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    rig_close_kiosk(&g);

    /* A new kiosk (a restart): still locked, since the lock is stored. */
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_F12, &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "pin");
    /* The pad opens locked, saying for how long, before anyone types a PIN. */
    RIG_SAYS(&g, "Try again in 2"); /* 20 s and a little */
    CK_CHECK(!rig_has(&g, "2"));
    /* After the minute, five more wrong PINs lock it for longer: five minutes. */
    rig_advance(&g, 21000);
    RIG_PUMP(&g);
    RIG_SAYS(&g, "Enter the trainer PIN");
    for (int i = 1; i <= 5; i++)
        rig_enter_pin(&g, "1234");
    RIG_SAYS(&g, "Try again in 5 min.");
    rig_shot(&g, "pin-locked-longer");
    /* The pad has gone back to Welcome meanwhile; opened again it counts down the last
     * seconds. */
    rig_advance(&g, 4 * 60 * 1000 + 40000);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_F12, &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "pin");
    RIG_SAYS(&g, "Try again in 20 s.");
    /* Once it has passed, the right PIN opens trainer mode. */
    rig_advance(&g, 21000);
    RIG_PUMP(&g);
    RIG_SAYS(&g, "Enter the trainer PIN");
    rig_enter_pin(&g, "2468");
    RIG_SCREEN(&g, "trainer");
    CK_CHECK_INT(audits(&g, "pin.locked", NULL, 0), 2);
    rig_close(&g);
}

static void no_pin(void)
{
    krig g;
    if (!rig_station_pin(&g, "nopin", "2026-11-25 09:30", NULL) || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_F12, &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "pin");
    RIG_SAYS(&g, "classkiosk trainer set-pin");
    CK_CHECK(!rig_has(&g, "OK"));
    rig_shot(&g, "pin-none");
    RIG_TAP(&g, "Back");
    RIG_SCREEN(&g, "welcome");
    rig_close(&g);
}

static void trainer_flow(int w, int h)
{
    krig g;
    if (!rig_station(&g, "trainer", "2026-11-25 09:10"))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org"), anna = rig_person(&g, "anna.k@example.ru");
    ck_err err = {0};
    ck_presence_result pr;
    ck_presence_req in = {.attendee_id = anna, .kind = CK_EVENT_IN, .source = CK_SOURCE_SELF};
    CK_CHECK_INT(ck_app_presence(g.app, &in, &pr, &err), CK_OK);
    if (!rig_kiosk(&g, w, h, NULL))
        return;
    RIG_PUMP(&g);
    rig_open_trainer(&g);
    RIG_SAYS(&g, "14 on the roster  ·  1 in");
    RIG_SAYS(&g, "Анна Кузнецова — In since 09:10");
    /* The chain head to write down, the same that "classkiosk audit head" prints. */
    ck_chain_head head;
    char line[64];
    CK_CHECK_INT(ck_app_chain_head(g.app, &head, &err), CK_OK);
    snprintf(line, sizeof line, "Chain head %s", head.text);
    RIG_SAYS(&g, line);
    rig_shot(&g, "trainer");

    /* A row of the roster opens that person; Back returns to the roster. */
    RIG_TAP(&g, "Amélie Dubois");
    RIG_SCREEN(&g, "person");
    RIG_SAYS(&g, "Amélie Dubois");
    RIG_TAP(&g, "Roster");
    RIG_SCREEN(&g, "trainer");
    /* Zoë forgot: her badge, scanned in trainer mode, opens her; checked in with a preset
     * reason. */
    rig_scan(&g, rig_badge(&g, "zoe@example.org"));
    RIG_SCREEN(&g, "person");
    RIG_SAYS(&g, "License not accepted yet");
    rig_shot(&g, "person");
    RIG_TAP(&g, "Check in…");
    RIG_SCREEN(&g, "reason");
    rig_shot(&g, "reason");
    RIG_TAP(&g, "Kiosk was busy");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "Zoë Ångström-Núñez is checked in at 09:1");
    rig_shot(&g, "trainer-checked-in");
    ck_source src = 0;
    CK_CHECK_STR(last_reason(&g, zoe, CK_EVENT_IN, &src), "Kiosk was busy");
    CK_CHECK_INT(src, CK_SOURCE_TRAINER);
    char detail[1024] = "";
    CK_CHECK_INT(audits_of(&g, "checkin.trainer", "Zoë", detail, sizeof detail), 1);
    CK_CHECK_CONTAINS(detail, "Kiosk was busy");
    CK_CHECK_CONTAINS(detail, "Zoë Ångström-Núñez");
    RIG_TAP(&g, "OK");
    RIG_SCREEN(&g, "person");
    RIG_SAYS(&g, "In since 09:1");

    /* Out with a typed reason (digits on the keyboard's top row). */
    rig_advance(&g, 3600 * 1000);
    RIG_TAP(&g, "Check out…");
    RIG_TAP(&g, "Type another reason");
    rig_type(&g, "doctor at 11");
    rig_shot(&g, "reason-typed");
    RIG_TAP(&g, "Save");
    RIG_SCREEN(&g, "message");
    CK_CHECK_STR(last_reason(&g, zoe, CK_EVENT_OUT, &src), "doctor at 11");
    CK_CHECK_INT(src, CK_SOURCE_TRAINER);
    RIG_TAP(&g, "OK");

    /* Too short a reason is refused before anything is stored. */
    RIG_TAP(&g, "Accept the license for them…");
    RIG_TAP(&g, "Type another reason");
    rig_type(&g, "ok");
    RIG_TAP(&g, "Save");
    RIG_SCREEN(&g, "reason");
    RIG_SAYS(&g, "Please write a few words");
    /* A reason from a real keyboard follows the CLI's rules: a bidi override is refused beside
     * the field, in words, and nothing is stored. */
    rig_scan(&g, " kiosk \xE2\x80\xAE"
                 "down");
    RIG_SCREEN(&g, "reason");
    RIG_SAYS(&g, "U+202E RIGHT-TO-LEFT OVERRIDE");
    rig_shot(&g, "reason-refused");
    CK_CHECK_INT(audits(&g, "license.decide", NULL, 0), 0);
    RIG_TAP(&g, "Presets");
    RIG_TAP(&g, "Accepted on paper");
    ck_acceptance_rec a;
    ck_store *st = NULL;
    CK_CHECK_INT(ck_store_open(&st, g.db, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_store_acceptance_latest(st, zoe, &a, &err), CK_OK);
    ck_store_close(st);
    CK_CHECK_INT(a.source, CK_SOURCE_TRAINER);
    CK_CHECK_STR(a.reason, "Accepted on paper");
    CK_CHECK_INT(audits(&g, "license.decide", NULL, 0), 1);
    RIG_TAP(&g, "OK");
    RIG_SCREEN(&g, "person");
    RIG_SAYS(&g, "License version 1 accepted");
    /* The trainer may also let her read it at the kiosk: the attendee's license screen. */
    RIG_TAP(&g, "Let them read the license here");
    RIG_SCREEN(&g, "license");
    RIG_SAYS(&g, "for Zoë");
    RIG_TAP(&g, "Back");
    RIG_SCREEN(&g, "person");
    RIG_TAP(&g, "Roster");
    RIG_SCREEN(&g, "trainer");

    /* Closing the day before its end is refused calmly; after it, Anna is checked out. */
    RIG_TAP(&g, "Close the day");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "Close day 1?");
    rig_shot(&g, "close-day-ask");
    RIG_TAP(&g, "Close the day");
    RIG_SAYS(&g, "The day was not closed");
    RIG_SAYS(&g, "ends at 17:00");
    rig_shot(&g, "close-day-early");
    RIG_TAP(&g, "OK");
    RIG_SCREEN(&g, "trainer");
    rig_set(&g, "2026-11-25 17:20");
    RIG_TAP(&g, "Close the day");
    RIG_TAP(&g, "Close the day");
    RIG_SAYS(&g, "The day is closed");
    RIG_SAYS(&g, "Анна Кузнецова");
    rig_shot(&g, "close-day-done");
    CK_CHECK_INT(rig_events(&g, anna, CK_EVENT_OUT, CK_SOURCE_TRAINER), 1);
    CK_CHECK_INT(audits(&g, "day.close", NULL, 0), 1);
    RIG_TAP(&g, "OK");

    /* The audit trail, readable and newest first. */
    RIG_TAP(&g, "Audit trail");
    RIG_SCREEN(&g, "audit");
    RIG_SAYS(&g, "Zoë Ångström-Núñez checked in by the trainer");
    RIG_SAYS(&g, "Kiosk was busy");
    const char *t = rig_text(&g);
    const char *closed = strstr(t, "Closed day 1"), *checked = strstr(t, "checked in by the");
    CK_CHECK(closed && checked && closed < checked);
    rig_shot(&g, "audit");
    ck_err e2 = {0};
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &e2), CK_OK); /* back, in here */
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "trainer");

    /* Trainer mode returns to Welcome after two minutes, not thirty seconds. */
    rig_advance(&g, 60000);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "trainer");
    rig_advance(&g, 60000);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    rig_close(&g);
}

static void trainer_1280x800(void)
{
    trainer_flow(1280, 800);
}

static void trainer_800x1280(void)
{
    trainer_flow(800, 1280);
}

/* Certificates for everyone eligible, the print jobs, a reprint. */
static void certificates_and_jobs(void)
{
    krig g;
    if (!rig_station(&g, "jobs", "2026-11-25 08:00"))
        return;
    ck_err err = {0};
    const char *who[] = {"zoe@example.org", "juergen.weiss@example.de"};
    for (int d = 0; d < 2; d++)
        for (size_t i = 0; i < 2; i++) {
            int64_t id = rig_person(&g, who[i]);
            ck_presence_result r;
            rig_set(&g, d ? "2026-11-26 08:50" : "2026-11-25 08:50");
            ck_presence_req q = {.attendee_id = id, .kind = CK_EVENT_IN, .source = CK_SOURCE_SELF};
            CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK);
            rig_set(&g, d ? "2026-11-26 17:10" : "2026-11-25 17:10");
            q.kind = CK_EVENT_OUT;
            CK_CHECK_INT(ck_app_presence(g.app, &q, &r, &err), CK_OK);
            ck_decision_req dr = {
                .attendee_id = id, .decision = CK_DECISION_ACCEPT, .source = CK_SOURCE_SELF};
            CK_CHECK_INT(ck_app_license_decide(g.app, &dr, &err), CK_OK);
        }
    rig_set(&g, "2026-11-26 17:30");
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    rig_open_trainer(&g);
    RIG_SAYS(&g, "Zoë Ångström-Núñez — Day 2 complete  ·  eligible");
    RIG_TAP(&g, "Certificates for all eligible");
    rig_shot(&g, "certificates-busy");
    RIG_SETTLE(&g);
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "2 certificates issued");
    RIG_SAYS(&g, "2 wait for the printer, which needs attention; they are kept and retried");
    RIG_SAYS(&g, "12 people are not eligible yet.");
    rig_shot(&g, "certificates-done");
    ck_cert_rec *certs = NULL;
    size_t n = 0;
    char jurgen_cert[CK_CERT_ID_MAX] = "";
    CK_CHECK_INT(ck_app_cert_list(g.app, &certs, &n, &err), CK_OK);
    CK_CHECK_INT(n, 2);
    for (size_t i = 0; i < n; i++)
        if (strcmp(certs[i].holder, "Jürgen Weiß") == 0)
            snprintf(jurgen_cert, sizeof jurgen_cert, "%s", certs[i].id);
    ck_cert_list_free(certs, n);
    RIG_TAP(&g, "OK");

    RIG_TAP(&g, "Print jobs");
    RIG_SCREEN(&g, "jobs");
    RIG_SAYS(&g, "Jürgen Weiß — Waiting");
    CK_CHECK(!rig_has(&g, "Reprint")); /* nothing picked yet */
    RIG_TAP(&g, "Jürgen Weiß");
    rig_shot(&g, "jobs");
    RIG_TAP(&g, "Reprint");
    RIG_SETTLE(&g);
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "Reprint sent as job 3");
    rig_shot(&g, "reprint");
    ck_job_rec *jobs = NULL;
    CK_CHECK_INT(ck_app_print_jobs(g.app, &jobs, &n, &err), CK_OK);
    CK_CHECK_INT(n, 3);
    if (n == 3) /* the newest: the same certificate again */
        CK_CHECK_STR(jobs[0].cert_id, jurgen_cert);
    free(jobs);
    RIG_TAP(&g, "OK");
    RIG_SCREEN(&g, "jobs");
    RIG_SAYS(&g, "Job 3");
    RIG_TAP(&g, "Trainer mode");
    RIG_SCREEN(&g, "trainer");
    rig_close(&g);
}

/* Escape, Alt-F4 and the window's close button do nothing outside trainer mode; in it, the
 * window closes, and Leave kiosk mode (after asking) ends the loop. */
static void leaving(void)
{
    krig g;
    if (!rig_station(&g, "leave", "2026-11-25 10:00") || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    ck_err err = {0};
    RIG_PUMP(&g);
    const char *path[] = {"welcome", "find", "confirm"};
    for (int i = 0; i < 3; i++) {
        if (i == 1)
            RIG_TAP(&g, "Tap to check in or out");
        if (i == 2) {
            rig_type(&g, "priya");
            rig_run(&g, 32);
            RIG_TAP(&g, "Priya Raman");
        }
        RIG_SCREEN(&g, path[i]);
        int depth = ck_ui_depth(g.ui);
        CK_CHECK_INT(ck_ui_inject_alt_f4(g.ui, &err), CK_OK);
        CK_CHECK_INT(ck_ui_inject_quit(g.ui, &err), CK_OK);
        RIG_PUMP(&g);
        CK_CHECK(!ck_ui_quit_requested(g.ui));
        RIG_SCREEN(&g, path[i]);
        CK_CHECK_INT(ck_ui_depth(g.ui), depth);
    }
    /* Escape on Welcome: nothing. */
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    CK_CHECK(!ck_ui_quit_requested(g.ui));

    rig_open_trainer(&g);
    RIG_TAP(&g, "Leave kiosk mode");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "Leave kiosk mode?");
    rig_shot(&g, "leave-ask");
    RIG_TAP(&g, "Stay");
    RIG_SCREEN(&g, "trainer");
    CK_CHECK(!ck_ui_quit_requested(g.ui));
    RIG_TAP(&g, "Leave kiosk mode");
    RIG_TAP(&g, "Leave kiosk mode");
    CK_CHECK(ck_ui_quit_requested(g.ui));
    rig_close_kiosk(&g);

    /* The window's close button in trainer mode ends it too. */
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    rig_open_trainer(&g);
    CK_CHECK_INT(ck_ui_inject_quit(g.ui, &err), CK_OK);
    RIG_PUMP(&g);
    CK_CHECK(ck_ui_quit_requested(g.ui));
    rig_close(&g);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(pin_lock);
    CK_RUN(no_pin);
    CK_RUN(trainer_1280x800);
    CK_RUN(trainer_800x1280);
    CK_RUN(certificates_and_jobs);
    CK_RUN(leaving);
    return ck_test_done();
}
