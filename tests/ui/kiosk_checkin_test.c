/* The kiosk's check-in: Welcome → Find (accents ignored) → Confirm → checked in, stored once
 * however often the button is tapped; Undo; a badge scan; inactivity back to Welcome; long
 * names. Driven by finger and mouse at 1280x800 and 800x1280; the database is read back. */
#include "kiosk_rig.h"

/* Welcome → find "zoe" → Zoë's confirm, checking every screen on the way. */
static void to_confirm(krig *g, const char *typed, const char *name, const char *shots)
{
    if (!RIG_SCREEN(g, "welcome") || !RIG_TAP(g, "Tap to check in or out"))
        return;
    if (!RIG_SCREEN(g, "find"))
        return;
    if (shots)
        rig_shot(g, "find");
    rig_type(g, typed);
    rig_run(g, 32); /* the search runs at the next tick */
    RIG_SAYS(g, name);
    if (shots)
        rig_shot(g, shots);
    if (!RIG_TAP(g, name))
        return;
    RIG_SCREEN(g, "confirm");
}

static void checkin_flow(int w, int h)
{
    krig g;
    if (!rig_station(&g, "checkin", "2026-11-25 08:50") || !rig_kiosk(&g, w, h, NULL))
        return;
    int64_t zoe = rig_person(&g, "zoe@example.org");
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    RIG_SAYS(&g, "Certified Scrum Product Owner (demo)");
    RIG_SAYS(&g, "Day 1 of 2");
    RIG_SAYS(&g, "0 of 14 checked in now");
    rig_shot(&g, "welcome");

    to_confirm(&g, "zoe", "Zoë Ångström-Núñez", "find-zoe");
    RIG_SAYS(&g, "Good morning, Zoë");
    RIG_SAYS(&g, "Check in for day 1 of 2?");
    /* Before the day starts nothing is missed yet (the rule is core/'s, worded here). */
    RIG_SAYS(&g, "0 min of 7 h 15 min");
    RIG_SAYS(&g, "7 h 15 min to go, counted from the start of the day");
    rig_shot(&g, "confirm-in");

    /* Two quick taps on Check in: one event. */
    ck_ui_rect b;
    ck_err err = {0};
    CK_CHECK_INT(ck_kiosk_target(g.k, "Check in", &b, &err), CK_OK);
    float x = (float)b.x + (float)b.w / 2, y = (float)b.y + (float)b.h / 2;
    rig_tap_xy(&g, x, y);
    rig_advance(&g, 60);
    rig_tap_xy(&g, x, y);
    RIG_SCREEN(&g, "checked");
    RIG_SAYS(&g, "Checked in at 08:50");
    RIG_SAYS(&g, "Have a good day, Zoë.");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, CK_SOURCE_KIOSK), 1);
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, 0), 1);
    rig_run(&g, 1000);
    rig_shot(&g, "checked-in");

    /* Undo, within the window: the check-in is voided. */
    CK_CHECK(rig_has(&g, "Undo"));
    RIG_TAP(&g, "Undo");
    RIG_SCREEN(&g, "message");
    RIG_SAYS(&g, "Undone");
    RIG_SAYS(&g, "Your check-in at 08:50 was removed, Zoë.");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_VOID, CK_SOURCE_KIOSK), 1);
    ck_status st;
    CK_CHECK_INT(ck_app_status_one(g.app, zoe, &st, &err), CK_OK);
    CK_CHECK(!st.in_now);
    ck_status_clear(&st);
    rig_shot(&g, "undone");
    rig_advance(&g, 8000); /* the message goes home by itself */
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");

    /* Again, for good; Done; the count on Welcome follows. */
    rig_advance(&g, 60000);
    to_confirm(&g, "zoe", "Zoë Ångström-Núñez", NULL);
    RIG_TAP(&g, "Check in");
    RIG_SCREEN(&g, "checked");
    RIG_SAYS(&g, "Checked in at 08:51");
    rig_run(&g, 800);
    RIG_TAP(&g, "Done");
    RIG_SCREEN(&g, "welcome");
    RIG_SAYS(&g, "1 of 14 checked in now");
    CK_CHECK_INT(rig_events(&g, zoe, CK_EVENT_IN, 0), 2);

    /* Undo's window closes after CK_APP_UNDO_SECONDS: the result goes home by itself. */
    rig_advance(&g, 60000);
    int64_t jurgen = rig_person(&g, "juergen.weiss@example.de");
    to_confirm(&g, "juergen", "Jürgen Weiß", "find-juergen");
    RIG_TAP(&g, "Check in");
    RIG_SCREEN(&g, "checked");
    rig_run(&g, (CK_APP_UNDO_SECONDS + 1) * 1000);
    RIG_SCREEN(&g, "welcome");
    CK_CHECK_INT(rig_events(&g, jurgen, CK_EVENT_IN, CK_SOURCE_KIOSK), 1);
    CK_CHECK_INT(rig_events(&g, jurgen, CK_EVENT_VOID, 0), 0);

    /* A badge scanned on Welcome: Zoë, who is in, is asked whether she is leaving. */
    rig_scan(&g, rig_badge(&g, "zoe@example.org"));
    RIG_SCREEN(&g, "confirm");
    RIG_SAYS(&g, "Leaving, Zoë?");
    RIG_SAYS(&g, "You are checked in since 08:51.");
    CK_CHECK(rig_has(&g, "Check out"));
    rig_shot(&g, "confirm-out");
    /* Walked away: 30 s later the kiosk is back at Welcome, nothing of Zoë on screen. */
    rig_advance(&g, 29000);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "confirm");
    rig_advance(&g, 1000);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "welcome");
    CK_CHECK_NOT_CONTAINS(rig_text(&g), "Zoë");
    CK_CHECK_INT(ck_ui_depth(g.ui), 1);

    /* Jürgen's badge; then what names nobody: his attendee id, an e-mail, a made-up code
     * and his own code with one digit changed. */
    char id[32], guessed[CK_APP_BADGE_CODE_MAX];
    snprintf(id, sizeof id, "%lld", (long long)jurgen);
    snprintf(guessed, sizeof guessed, "%s", rig_badge(&g, "juergen.weiss@example.de"));
    guessed[30] = guessed[30] == '7' ? '8' : '7';
    rig_scan(&g, rig_badge(&g, "juergen.weiss@example.de"));
    RIG_SCREEN(&g, "confirm");
    RIG_SAYS(&g, "Leaving, Jürgen?");
    const char *nobody[] = {id, "juergen.weiss@example.de", guessed,
                            "CKBADGE1234567890123456789012345678901234567890"};
    for (size_t i = 0; i < sizeof nobody / sizeof nobody[0]; i++) {
        rig_scan(&g, nobody[i]);
        RIG_SCREEN(&g, "message");
        RIG_SAYS(&g, "We could not find that badge");
        if (i == 2)
            rig_shot(&g, "badge-unknown");
        RIG_TAP(&g, "OK");
        CK_CHECK(ck_ui_depth(g.ui) <= 2);
    }
    CK_CHECK_INT(rig_events(&g, jurgen, CK_EVENT_IN, 0), 1); /* none of them checked him in */

    /* Check out: counted, and Welcome says so. */
    RIG_SCREEN(&g, "confirm");
    rig_advance(&g, 2 * 3600 * 1000);
    RIG_TAP(&g, "Check out");
    RIG_SCREEN(&g, "checked");
    RIG_SAYS(&g, "Checked out at 10:5");
    RIG_SAYS(&g, "see you tomorrow");
    CK_CHECK_INT(rig_events(&g, jurgen, CK_EVENT_OUT, CK_SOURCE_KIOSK), 1);
    rig_run(&g, 800);
    rig_shot(&g, "checked-out");
    RIG_TAP(&g, "Done");
    RIG_SAYS(&g, "1 of 14 checked in now");
    rig_close(&g);
}

static void checkin_1280x800(void)
{
    checkin_flow(1280, 800);
}

static void checkin_800x1280(void)
{
    checkin_flow(800, 1280);
}

/* The search folds accents and case, matches first names and surnames, and a keyboard's
 * Enter picks the one match. */
static void search_accents(void)
{
    krig g;
    if (!rig_station(&g, "search", "2026-11-25 09:10") || !rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    RIG_TAP(&g, "Tap to check in or out");
    RIG_SCREEN(&g, "find");
    /* Everyone, before typing. */
    RIG_SAYS(&g, "Αλέξανδρος Παπαδόπουλος");
    RIG_SAYS(&g, "Fatima Zahra El Amrani-Benkirane");
    rig_shot(&g, "find-all");
    rig_type(&g, "zoe");
    rig_run(&g, 32);
    RIG_SAYS(&g, "Zoë Ångström-Núñez");
    CK_CHECK_NOT_CONTAINS(rig_text(&g), "Jürgen");
    for (int i = 0; i < 3; i++)
        RIG_TAP(&g, "backspace");
    rig_type(&g, "juergen");
    rig_run(&g, 32);
    RIG_SAYS(&g, "Jürgen Weiß");
    CK_CHECK_NOT_CONTAINS(rig_text(&g), "Zoë");
    for (int i = 0; i < 7; i++)
        RIG_TAP(&g, "backspace");
    /* A surname, typed on a physical keyboard, accents and all. */
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_text(g.ui, "ANGSTRÖM", &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SAYS(&g, "Zoë Ångström-Núñez");
    CK_CHECK_NOT_CONTAINS(rig_text(&g), "Jürgen");
    rig_shot(&g, "find-surname");
    /* Enter on that keyboard: the one match is taken. */
    CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ENTER, &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SCREEN(&g, "confirm");
    RIG_SAYS(&g, "Zoë");
    RIG_TAP(&g, "Not you? Back");
    RIG_SCREEN(&g, "welcome");
    /* Nothing matches: said calmly. */
    RIG_TAP(&g, "Tap to check in or out");
    rig_type(&g, "xq");
    rig_run(&g, 32);
    RIG_SAYS(&g, "No name matches \"xq\"");
    rig_shot(&g, "find-none");
    /* Greek, typed. */
    for (int i = 0; i < 2; i++)
        RIG_TAP(&g, "backspace");
    CK_CHECK_INT(ck_ui_inject_text(g.ui, "παπαδο", &err), CK_OK);
    RIG_PUMP(&g);
    RIG_SAYS(&g, "Αλέξανδρος Παπαδόπουλος");
    RIG_TAP(&g, "Αλέξανδρος Παπαδόπουλος");
    RIG_SCREEN(&g, "confirm");
    rig_shot(&g, "confirm-greek");
    rig_close(&g);
}

/* Long names on every attendee screen, in both orientations: they wrap or shrink, never
 * overflow (draw errors fail the pump), and the buttons stay where they were. */
static void long_names(void)
{
    const int sizes[][2] = {{1280, 800}, {800, 1280}, {1024, 600}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        krig g;
        char name[32];
        snprintf(name, sizeof name, "long%zu", i);
        if (!rig_station(&g, name, "2026-11-25 13:40") ||
            !rig_kiosk(&g, sizes[i][0], sizes[i][1], NULL))
            return;
        RIG_PUMP(&g);
        RIG_TAP(&g, "Tap to check in or out");
        rig_type(&g, "maximilian");
        rig_run(&g, 32);
        RIG_TAP(&g, "Maximilian Alexander von Hohenzollern-Sigmaringen");
        RIG_SCREEN(&g, "confirm");
        RIG_SAYS(&g, "Good afternoon, Maximilian");
        /* 09:00 to 13:40 less lunch, more than the tolerance: the day is out of reach. */
        RIG_SAYS(&g, "3 h 55 min missed so far today: please see your trainer");
        rig_shot(&g, "confirm-long");
        RIG_TAP(&g, "Check in");
        RIG_SCREEN(&g, "checked");
        rig_run(&g, 800);
        rig_shot(&g, "checked-long");
        RIG_TAP(&g, "Done");
        RIG_TAP(&g, "Tap to check in or out");
        rig_type(&g, "fatima");
        rig_run(&g, 32);
        rig_shot(&g, "find-long");
        RIG_TAP(&g, "Fatima Zahra El Amrani-Benkirane");
        RIG_SCREEN(&g, "confirm");
        rig_shot(&g, "confirm-fatima");
        rig_close(&g);
    }
}

/* Chinese and Korean names come from the fallback faces the certificate uses (fontconfig):
 * Confirm greets them by name, drawn, not as boxes (ui.toolkit compares the pixels). */
static void cjk_names(void)
{
    krig g;
    ck_err err = {0};
    if (!rig_station(&g, "cjk", "2026-11-25 08:50"))
        return;
    const char *names[] = {"李小龍", "김민준"}, *mails[] = {"lee@example.cn", "kim@example.kr"};
    for (int i = 0; i < 2; i++) {
        int64_t id = 0;
        if (ck_app_roster_add(g.app, names[i], mails[i], &id, &err) != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "roster add %s: %s", names[i], err.msg);
    }
    if (!rig_kiosk(&g, 1280, 800, NULL))
        return;
    RIG_PUMP(&g);
    for (int i = 0; i < 2; i++) {
        rig_scan(&g, rig_badge(&g, mails[i])); /* a scanned line names a person by badge only */
        RIG_SCREEN(&g, "confirm");
        RIG_SAYS(&g, names[i]);
        rig_shot(&g, i ? "confirm-korean" : "confirm-chinese");
        RIG_TAP(&g, "Not you? Back");
        RIG_SCREEN(&g, "welcome");
    }
    rig_close(&g);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(checkin_1280x800);
    CK_RUN(checkin_800x1280);
    CK_RUN(search_accents);
    CK_RUN(long_names);
    CK_RUN(cjk_names);
    return ck_test_done();
}
