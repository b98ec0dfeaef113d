/* Shared by the kiosk tests: a real station database in a temp folder, the real kiosk on it at
 * a fake (but running) clock, taps by label, waiting for the worker, screenshots. */
#ifndef CK_KIOSK_RIG_H
#define CK_KIOSK_RIG_H

#include "app/app.h"
#include "app/timez.h"
#include "ck_test.h"
#include "ui/kiosk.h"
#include "ui/ui.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Under AddressSanitizer SDL draws in software on its dummy driver (see gallery_test.c: the
 * offscreen driver loads Mesa, whose leaks LeakSanitizer cannot tell from ours). */
#if defined(__SANITIZE_ADDRESS__)
#define RIG_SOFTWARE true
static inline void rig_driver(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
}
#else
#define RIG_SOFTWARE false
static inline void rig_driver(void)
{
}
#endif

/* A printer no scheduler has: jobs stay queued and the kiosk says the printer needs
 * attention. */
#define RIG_NO_PRINTER "CK-NO-SUCH-PRINTER"

typedef struct krig {
    _Atomic int64_t now_ms; /* the one clock of app, kiosk and worker */
    ck_app *app;
    ck_kiosk *k;
    ck_ui *ui;
    int w, h;
    char tag[48];
    char db[4096], certs[4096];
    int shots;
    bool finger; /* taps by finger (else mouse); tests alternate */
} krig;

static inline int64_t rig_ms(void *ctx)
{
    return atomic_load(&((krig *)ctx)->now_ms);
}

static inline int64_t rig_s(void *ctx)
{
    return rig_ms(ctx) / 1000;
}

/* Local "YYYY-MM-DD HH:MM" as ms. */
static inline int64_t rig_local(const char *when)
{
    int64_t t = 0;
    ck_err err = {0};
    if (ck_tz_parse_datetime(when, &t, "time", &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "%s: %s", when, err.msg);
    return t * 1000;
}

static inline void rig_set(krig *g, const char *when)
{
    atomic_store(&g->now_ms, rig_local(when));
}

static inline void rig_advance(krig *g, int64_t ms)
{
    atomic_fetch_add(&g->now_ms, ms);
}

/* A fresh station at local time start: the demo course (today and tomorrow), its roster, the
 * trainer PIN (NULL: none), plus people with long names. */
static inline bool rig_station_pin(krig *g, const char *name, const char *start, const char *pin)
{
    ck_err err = {0};
    memset(g, 0, sizeof *g);
    rig_set(g, start);
    snprintf(g->db, sizeof g->db, "%s/%s.db", ck_test_tmpdir(), name);
    snprintf(g->certs, sizeof g->certs, "%s/%s-certs", ck_test_tmpdir(), name);
    ck_app_options o = {.db_path = g->db, .clock = rig_s, .clock_ctx = g, .device = "kiosk-test"};
    if (ck_app_open(&g->app, &o, CK_APP_CREATE, &err) != CK_OK ||
        ck_app_demo(g->app, pin, NULL, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "station %s: %s", name, err.msg);
        return false;
    }
    const char *more[] = {"Fatima Zahra El Amrani-Benkirane", "Maximilian Alexander von "
                                                              "Hohenzollern-Sigmaringen"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        int64_t id = 0;
        if (ck_app_roster_add(g->app, more[i], NULL, &id, &err) != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "roster add: %s", err.msg);
    }
    return true;
}

/* The same with the trainer PIN 2468. */
static inline bool rig_station(krig *g, const char *name, const char *start)
{
    return rig_station_pin(g, name, start, "2468");
}

/* Open the real kiosk on the station at w x h. */
static inline bool rig_kiosk(krig *g, int w, int h, const char *printer)
{
    ck_err err = {0};
    rig_driver();
    g->w = w;
    g->h = h;
    snprintf(g->tag, sizeof g->tag, "%dx%d", w, h);
    ck_kiosk_opts o = {.windowed = true,
                       .width = w,
                       .height = h,
                       .software = RIG_SOFTWARE,
                       .printer = printer ? printer : RIG_NO_PRINTER,
                       .out_dir = g->certs,
                       .now_ms = rig_ms,
                       .clock_ctx = g};
    if (ck_kiosk_new(&g->k, g->app, &o, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "ck_kiosk_new %s: %s", g->tag, err.msg);
        return false;
    }
    g->ui = ck_kiosk_ui(g->k);
    int ow = 0, oh = 0;
    ck_ui_size(g->ui, &ow, &oh);
    CK_CHECK_INT(ow, w);
    CK_CHECK_INT(oh, h);
    return true;
}

static inline void rig_close_kiosk(krig *g)
{
    ck_kiosk_free(g->k);
    g->k = NULL;
    g->ui = NULL;
}

static inline void rig_close(krig *g)
{
    rig_close_kiosk(g);
    ck_app_close(g->app);
    g->app = NULL;
}

#define RIG_PUMP(g) rig_pump_at((g), __FILE__, __LINE__)
static inline void rig_pump_at(krig *g, const char *file, int line)
{
    ck_err err = {0};
    if (ck_kiosk_pump(g->k, &err) != CK_OK)
        ck_test_fail(file, line, "%s: pump: %s", g->tag, err.msg);
    const char *draw = ck_ui_draw_error(g->ui);
    if (draw)
        ck_test_fail(file, line, "%s: drawing failed: %s", g->tag, draw);
}

/* Let the clock run ms in 16 ms frames. */
static inline void rig_run(krig *g, int ms)
{
    for (int t = 0; t < ms; t += 16) {
        rig_advance(g, 16);
        RIG_PUMP(g);
    }
}

/* Pump until the worker is idle and its news delivered (real time, at most timeout_ms). */
#define RIG_SETTLE(g) rig_settle_at((g), 20000, __FILE__, __LINE__)
static inline void rig_settle_at(krig *g, int timeout_ms, const char *file, int line)
{
    for (int waited = 0; waited < timeout_ms; waited += 5) {
        rig_pump_at(g, file, line);
        if (!ck_kiosk_busy(g->k)) {
            usleep(20000); /* the wake event the worker pushed last */
            rig_pump_at(g, file, line);
            return;
        }
        usleep(5000);
    }
    ck_test_fail(file, line, "%s: the kiosk's worker is still busy after %d ms", g->tag,
                 timeout_ms);
}

#define RIG_SCREEN(g, name) rig_screen_at((g), (name), __FILE__, __LINE__)
static inline bool rig_screen_at(krig *g, const char *name, const char *file, int line)
{
    const char *now = ck_kiosk_screen(g->k);
    if (strcmp(now, name) != 0) {
        char text[2048];
        ck_kiosk_text(g->k, text, sizeof text);
        ck_test_fail(file, line, "%s: screen is \"%s\", expected \"%s\"; it says:\n%s", g->tag, now,
                     name, text);
        return false;
    }
    return true;
}

/* What the top screen says. */
static inline const char *rig_text(krig *g)
{
    static char text[8192];
    ck_kiosk_text(g->k, text, sizeof text);
    return text;
}

#define RIG_SAYS(g, needle) CK_CHECK_CONTAINS(rig_text(g), (needle))

/* Pump until the top screen says needle (real time, at most 20 s): for news from a helper
 * thread other than the worker, such as the mail thread's. */
#define RIG_UNTIL_SAYS(g, needle) rig_until_says_at((g), (needle), __FILE__, __LINE__)
static inline bool rig_until_says_at(krig *g, const char *needle, const char *file, int line)
{
    for (int waited = 0; waited < 20000; waited += 5) {
        rig_pump_at(g, file, line);
        if (strstr(rig_text(g), needle))
            return true;
        usleep(5000);
    }
    ck_test_fail(file, line, "%s: the screen never said \"%s\"; it says:\n%s", g->tag, needle,
                 rig_text(g));
    return false;
}

static inline void rig_tap_xy(krig *g, float x, float y)
{
    ck_err err = {0};
    if (g->finger) {
        CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 5, x, y, &err), CK_OK);
        RIG_PUMP(g);
        rig_advance(g, 80);
        CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 5, x, y, &err), CK_OK);
    } else {
        CK_CHECK_INT(ck_ui_inject_mouse(g->ui, CK_UI_PRESS, x, y, &err), CK_OK);
        RIG_PUMP(g);
        rig_advance(g, 80);
        CK_CHECK_INT(ck_ui_inject_mouse(g->ui, CK_UI_RELEASE, x, y, &err), CK_OK);
    }
    RIG_PUMP(g);
    g->finger = !g->finger;
}

/* Tap the target labelled label on the top screen; false (and a failure) if there is none. */
#define RIG_TAP(g, label) rig_tap_at((g), (label), __FILE__, __LINE__)
static inline bool rig_tap_at(krig *g, const char *label, const char *file, int line)
{
    ck_err err = {0};
    ck_ui_rect r;
    if (ck_kiosk_target(g->k, label, &r, &err) != CK_OK) {
        ck_test_fail(file, line, "%s: %s", g->tag, err.msg);
        return false;
    }
    rig_tap_xy(g, (float)r.x + (float)r.w / 2, (float)r.y + (float)r.h / 2);
    return true;
}

/* Is there an enabled target labelled label? */
static inline bool rig_has(krig *g, const char *label)
{
    ck_ui_rect r;
    return ck_kiosk_target(g->k, label, &r, NULL) == CK_OK;
}

/* Type on the on-screen keyboard, key by key. */
static inline void rig_type(krig *g, const char *text)
{
    char key[2] = {0};
    for (const char *c = text; *c; c++) {
        key[0] = *c;
        if (!RIG_TAP(g, *c == ' ' ? "space" : key))
            return;
    }
}

/* A scanner: the characters typed, then Enter. */
static inline void rig_scan(krig *g, const char *line)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_text(g->ui, line, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_ENTER, &err), CK_OK);
    RIG_PUMP(g);
}

/* Save the screen as <tag>-<nn>-<name>.png in the case's folder (kept with CK_KEEP=1). */
static inline void rig_shot(krig *g, const char *name)
{
    ck_err err = {0};
    char file[160];
    snprintf(file, sizeof file, "%s-%02d-%s.png", g->tag, ++g->shots, name);
    if (ck_ui_screenshot(g->ui, ck_test_path(file), &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "screenshot %s: %s", file, err.msg);
}

/* Type a PIN on the keypad and OK; wait for the worker's answer. */
static inline void rig_enter_pin(krig *g, const char *pin)
{
    char key[2] = {0};
    for (const char *c = pin; *c; c++) {
        key[0] = *c;
        RIG_TAP(g, key);
    }
    RIG_TAP(g, "OK");
    RIG_SETTLE(g);
}

/* F12 and the PIN 2468: trainer mode. */
static inline void rig_open_trainer(krig *g)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_F12, &err), CK_OK);
    RIG_PUMP(g);
    if (!RIG_SCREEN(g, "pin"))
        return;
    rig_enter_pin(g, "2468");
    RIG_SCREEN(g, "trainer");
}

/* The attendee with this e-mail. */
static inline int64_t rig_person(krig *g, const char *who)
{
    ck_attendee_rec a;
    ck_err err = {0};
    if (ck_app_find(g->app, who, &a, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "find %s: %s", who, err.msg);
        return 0;
    }
    return a.id;
}

/* A course day for who through the app, as the attendee's own check-in and (out not NULL)
 * check-out, at those local times of date. */
static inline void rig_attend(krig *g, int64_t who, const char *date, const char *in,
                              const char *out)
{
    char when[32];
    ck_err err = {0};
    ck_presence_result r;
    ck_presence_req req = {.attendee_id = who, .kind = CK_EVENT_IN, .source = CK_SOURCE_SELF};
    snprintf(when, sizeof when, "%s %s", date, in);
    rig_set(g, when);
    if (ck_app_presence(g->app, &req, &r, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "check-in %s: %s", when, err.msg);
    if (!out)
        return;
    snprintf(when, sizeof when, "%s %s", date, out);
    rig_set(g, when);
    req.kind = CK_EVENT_OUT;
    if (ck_app_presence(g->app, &req, &r, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "check-out %s: %s", when, err.msg);
}

/* Read the license screen's text to the end by dragging it up with a finger; a shot named
 * shot of the first page when shot is not NULL. */
static inline void rig_read_license(krig *g, const char *shot)
{
    ck_err err = {0};
    ck_ui_rect t;
    CK_CHECK_INT(ck_kiosk_target(g->k, "text", &t, &err), CK_OK);
    float x = (float)t.x + (float)t.w / 2;
    for (int i = 0; i < 40 && !strstr(rig_text(g), "the end was reached"); i++) {
        float y0 = (float)t.y + (float)t.h * 0.85f, dy = -(float)t.h * 0.6f;
        CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 2, x, y0, &err), CK_OK);
        rig_pump_at(g, __FILE__, __LINE__);
        for (int s = 1; s <= 8; s++) {
            rig_advance(g, 16);
            CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_DRAG, 2, x, y0 + dy * (float)s / 8, &err),
                         CK_OK);
            rig_pump_at(g, __FILE__, __LINE__);
        }
        rig_advance(g, 200); /* rest before lifting: no fling */
        CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 2, x, y0 + dy, &err), CK_OK);
        rig_pump_at(g, __FILE__, __LINE__);
        if (i == 0 && shot)
            rig_shot(g, shot);
    }
    RIG_SAYS(g, "the end was reached");
}

/* The badge code of the person with this e-mail (made if they had none), as the scanner
 * types it; in a ring of static buffers. */
static inline const char *rig_badge(krig *g, const char *who)
{
    static char codes[4][CK_APP_BADGE_CODE_MAX];
    static int next;
    char *code = codes[next++ % 4];
    ck_err err = {0};
    code[0] = '\0';
    if (ck_app_badge_code(g->app, rig_person(g, who), code, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "badge of %s: %s", who, err.msg);
    return code;
}

/* Count someone's stored events of a kind (voids included as their own kind). */
static inline int rig_events(krig *g, int64_t who, ck_event_kind kind, ck_source source)
{
    ck_event_rec *ev = NULL;
    size_t n = 0;
    ck_err err = {0};
    int count = 0;
    if (ck_app_events(g->app, who, &ev, &n, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "events: %s", err.msg);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        count += ev[i].ev.kind == kind && (source == 0 || ev[i].source == source);
    free(ev);
    return count;
}

/* ---- the attendee's last day and trainer mode, for the flows that need them ---- */

/* Welcome → name → Confirm → Check out → Continue: the license. */
static inline bool rig_to_license(krig *g, const char *typed, const char *name)
{
    RIG_PUMP(g);
    if (!RIG_SCREEN(g, "welcome") || !RIG_TAP(g, "Tap to check in or out"))
        return false;
    rig_type(g, typed);
    rig_run(g, 32);
    if (!RIG_TAP(g, name) || !RIG_SCREEN(g, "confirm"))
        return false;
    if (!RIG_TAP(g, "Check out") || !RIG_SCREEN(g, "checked"))
        return false;
    RIG_SAYS(g, "One more step for your certificate: the license agreement.");
    rig_run(g, 800);
    rig_shot(g, "checked-out-last-day");
    return RIG_TAP(g, "Continue") && RIG_SCREEN(g, "license");
}

#endif
