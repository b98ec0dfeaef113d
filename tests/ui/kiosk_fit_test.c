/* Every kiosk screen in every language at 1024x600, 1280x800 and 800x1280, and nothing cut:
 * per size one station, per language one person's whole visit picked by that language's own
 * name on Welcome (Welcome, Find, Confirm, Checked in, Confirm out, Checked out, the license,
 * the certificate), a certificate's QR scanned (Verify), then the trainer's PIN, roster, print
 * jobs, audit trail, person, reason and close-the-day screens. After each screen the
 * toolkit's report of texts it had to cut (ck_ui_take_cuts) must be empty. The database is read
 * back: each visitor's kiosk check-ins and check-outs, the license accepted in their language,
 * their certificate. Screenshots are kept
 * with CK_KEEP=1 to look at (German and French run longest). */
#include "kiosk_rig.h"
#include "store/store.h"

static const char *const LANGS[] = {"en", "de", "fr", "es", "pt_BR"};
/* Who visits in which language: typed as a Latin keyboard would, and their e-mail. */
static const char *const PEOPLE[][2] = {{"zoe", "zoe@example.org"},
                                        {"jurgen", "juergen.weiss@example.de"},
                                        {"amelie", "amelie@example.fr"},
                                        {"mateo", "mateo.garcia@example.es"},
                                        {"siobhan", "siobhan@example.ie"}};
#define NLANGS (sizeof LANGS / sizeof LANGS[0])

/* The screen is on top and drew nothing cut; a shot of it. */
static void fits(krig *g, const ck_lang *lang, const char *screen)
{
    char cut[512], shot[64];
    RIG_SCREEN(g, screen);
    snprintf(shot, sizeof shot, "%s-%s", ck_lang_code(lang), screen);
    rig_shot(g, shot);
    size_t n = ck_ui_take_cuts(g->ui, cut, sizeof cut);
    if (n)
        ck_test_fail(__FILE__, __LINE__, "%s, %s, %s: %zu text(s) cut to fit:\n%s", g->tag,
                     ck_lang_code(lang), screen, n, cut);
}

#define T(lang, msgid) ck_lang_text((lang), (msgid))

/* Welcome in lang (tapped by its name), the name typed, their Confirm. */
static bool to_confirm(krig *g, const ck_lang *lang, const char *typed, const char *name)
{
    RIG_PUMP(g);
    if (!RIG_SCREEN(g, "welcome") || !RIG_TAP(g, ck_lang_name(lang)))
        return false;
    fits(g, lang, "welcome");
    if (!RIG_TAP(g, T(lang, "Tap to check in or out")))
        return false;
    fits(g, lang, "find");
    rig_type(g, typed);
    rig_run(g, 32);
    if (!RIG_TAP(g, name))
        return false;
    fits(g, lang, "confirm");
    return true;
}

static void station_at(int w, int h)
{
    krig g;
    ck_err err = {0};
    char name[NLANGS][CK_TEXT_MAX];
    int64_t id[NLANGS];
    const ck_lang *lang[NLANGS];
    if (!rig_station(&g, "fit", "2026-11-25 08:50") || !rig_kiosk(&g, w, h, NULL))
        return;
    for (size_t i = 0; i < NLANGS; i++) {
        ck_attendee_rec a;
        lang[i] = ck_lang_find(LANGS[i]);
        CK_CHECK_INT(ck_app_find(g.app, PEOPLE[i][1], &a, &err), CK_OK);
        snprintf(name[i], sizeof name[i], "%s", a.name);
        id[i] = a.id;
    }
    /* Day 1: in at the kiosk. */
    for (size_t i = 0; i < NLANGS; i++) {
        if (!to_confirm(&g, lang[i], PEOPLE[i][0], name[i]) || !RIG_TAP(&g, T(lang[i], "Check in")))
            continue;
        rig_run(&g, 1000);
        fits(&g, lang[i], "checked");
        RIG_TAP(&g, T(lang[i], "Done"));
    }
    /* Out at the day's end, in on day 2; at its end out at the kiosk, the license, the
     * certificate. */
    for (size_t i = 0; i < NLANGS; i++) {
        ck_presence_result r;
        ck_presence_req out = {
            .attendee_id = id[i], .kind = CK_EVENT_OUT, .source = CK_SOURCE_SELF};
        rig_set(&g, "2026-11-25 17:05");
        CK_CHECK_INT(ck_app_presence(g.app, &out, &r, &err), CK_OK);
        rig_attend(&g, id[i], "2026-11-26", "08:55", NULL);
    }
    rig_set(&g, "2026-11-26 17:05");
    for (size_t i = 0; i < NLANGS; i++) {
        if (!to_confirm(&g, lang[i], PEOPLE[i][0], name[i]) ||
            !RIG_TAP(&g, T(lang[i], "Check out")))
            continue;
        rig_run(&g, 800);
        fits(&g, lang[i], "checked");
        if (!RIG_TAP(&g, T(lang[i], "Continue")))
            continue;
        fits(&g, lang[i], "license");
        rig_read_license(&g, NULL);
        fits(&g, lang[i], "license");
        RIG_TAP(&g, T(lang[i], "I accept"));
        fits(&g, lang[i], "done");
        RIG_SETTLE(&g);
        fits(&g, lang[i], "done");
        RIG_TAP(&g, T(lang[i], "Done"));
    }
    /* What the visits recorded. */
    ck_store *st = NULL;
    ck_cert_rec *certs = NULL;
    size_t ncerts = 0;
    char *qr = NULL;
    CK_CHECK_INT(ck_store_open(&st, g.db, CK_STORE_EXISTING, &err), CK_OK);
    CK_CHECK_INT(ck_app_cert_list(g.app, &certs, &ncerts, &err), CK_OK);
    for (size_t i = 0; st && i < NLANGS; i++) {
        ck_acceptance_rec a;
        CK_CHECK_INT(rig_events(&g, id[i], CK_EVENT_IN, CK_SOURCE_KIOSK), 1);
        CK_CHECK_INT(rig_events(&g, id[i], CK_EVENT_OUT, CK_SOURCE_KIOSK), 1);
        if (ck_store_acceptance_latest(st, id[i], &a, &err) == CK_OK) {
            CK_CHECK_INT(a.decision, CK_DECISION_ACCEPT);
            CK_CHECK_STR(a.lang, LANGS[i]);
        } else {
            ck_test_fail(__FILE__, __LINE__, "%s: no decision: %s", LANGS[i], err.msg);
        }
        size_t mine = 0;
        for (size_t c = 0; c < ncerts; c++)
            mine += certs[c].attendee_id == id[i];
        CK_CHECK_INT(mine, 1);
    }
    if (ncerts)
        CK_CHECK_INT(ck_app_cert_qr_text(g.app, certs[0].token, &qr, &err), CK_OK);
    ck_cert_list_free(certs, ncerts);
    ck_store_close(st);
    /* A certificate scanned, in each language. */
    for (size_t i = 0; qr && i < NLANGS; i++) {
        RIG_PUMP(&g);
        if (!RIG_SCREEN(&g, "welcome") || !RIG_TAP(&g, ck_lang_name(lang[i])))
            continue;
        rig_scan(&g, qr);
        fits(&g, lang[i], "verify");
        /* The demo course's 14.5 contact hours, as the language writes the number. */
        RIG_SAYS(&g, strcmp(LANGS[i], "en") ? "14,5" : "14.5");
        RIG_TAP(&g, T(lang[i], "Close"));
    }
    free(qr);
    /* The trainer's screens, in the language picked on Welcome. */
    for (size_t i = 0; i < NLANGS; i++) {
        RIG_PUMP(&g);
        if (!RIG_SCREEN(&g, "welcome") || !RIG_TAP(&g, ck_lang_name(lang[i])))
            continue;
        CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_F12, &err), CK_OK);
        RIG_PUMP(&g);
        fits(&g, lang[i], "pin");
        for (const char *c = "2468"; *c; c++) {
            char key[2] = {*c, 0};
            RIG_TAP(&g, key);
        }
        RIG_TAP(&g, "OK");
        RIG_SETTLE(&g);
        fits(&g, lang[i], "trainer");
        const char *lists[][2] = {{"Print jobs", "jobs"}, {"Audit trail", "audit"}};
        for (size_t j = 0; j < 2; j++)
            if (RIG_TAP(&g, T(lang[i], lists[j][0]))) {
                fits(&g, lang[i], lists[j][1]);
                CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
                RIG_PUMP(&g);
            }
        if (RIG_TAP(&g, "Amélie Dubois")) { /* the roster's first row */
            fits(&g, lang[i], "person");
            if (RIG_TAP(&g, T(lang[i], "Check in…")))
                fits(&g, lang[i], "reason");
            CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
            RIG_PUMP(&g);
            CK_CHECK_INT(ck_ui_inject_key(g.ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
            RIG_PUMP(&g);
        }
        if (RIG_SCREEN(&g, "trainer") && RIG_TAP(&g, T(lang[i], "Close the day")))
            fits(&g, lang[i], "message");
        /* Closing and opening the kiosk ends trainer mode. */
        rig_close_kiosk(&g);
        if (!rig_kiosk(&g, w, h, NULL))
            return;
    }
    rig_close(&g);
}

static void fit_1024x600(void)
{
    station_at(1024, 600);
}

static void fit_1280x800(void)
{
    station_at(1280, 800);
}

static void fit_800x1280(void)
{
    station_at(800, 1280);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    for (size_t i = 0; i < NLANGS; i++)
        if (!ck_lang_ready(ck_lang_find(LANGS[i]))) {
            printf("the %s locale is not installed (scripts/deps test generates it)\n",
                   ck_lang_locale(ck_lang_find(LANGS[i])));
            return CK_TEST_SKIP;
        }
    CK_RUN(fit_1024x600);
    CK_RUN(fit_1280x800);
    CK_RUN(fit_800x1280);
    return ck_test_done();
}
