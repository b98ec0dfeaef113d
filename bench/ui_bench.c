/* ui/ benchmark: the real kiosk on a demo station in DIR, in process: start to first frame,
 * idle CPU and own memory on Welcome, then a tour of every screen (a check-in, a certificate,
 * Verify, the PIN, trainer mode, the license scrolled, print jobs, the audit trail) at
 * 1280x800, 800x1280 and 1024x600 with own memory after each and the peak; with --binary,
 * start to first frame of the whole `classkiosk kiosk` process. Then the toolkit alone: time
 * to the first frame, milliseconds per frame while scrolling a long text, and CPU used by the
 * loop while it sits idle. The kiosk's figures are one per line: "kiosk_<name> <value> <unit>".
 *
 *   ui_bench [--size WxH] [--frames N] [--idle SECONDS] [--kiosk-idle SECONDS] [--software]
 *            [--fonts DIR] [--binary CLASSKIOSK] [DIR]
 *
 * Runs on any SDL video driver: SDL_VIDEODRIVER=offscreen for a headless machine, x11 under
 * Xvfb to see how the real loop sleeps.
 */
#include "app/app.h"
#include "app/timez.h"
#include "ui/draw.h"
#include "ui/kiosk.h"
#include "ui/ui.h"
#include "ui/widgets.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* A long license-like text: deterministic words, paragraphs and headings. */
static char *long_text(int paragraphs)
{
    static const char *const words[] = {
        "attendance", "certificate", "course", "the",      "and",     "of",    "trainer",
        "agreement",  "record",      "may",    "you",      "license", "shall", "materials",
        "within",     "provider",    "each",   "data",     "for",     "to",    "a",
        "verify",     "signed",      "period", "complete", "day",     "in",    "is"};
    size_t cap = (size_t)paragraphs * 900 + 64, len = 0;
    char *s = malloc(cap);
    unsigned seed = 12345;
    if (!s)
        return NULL;
    for (int p = 0; p < paragraphs; p++) {
        if (p % 8 == 0)
            len += (size_t)snprintf(s + len, cap - len, "# Section %d\n", p / 8 + 1);
        int n = 40 + p % 60;
        for (int w = 0; w < n; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *word = words[(seed >> 16) % (sizeof words / sizeof words[0])];
            if (w == 0) /* capitalised */
                len += (size_t)snprintf(s + len, cap - len, "%c%s", word[0] - 32, word + 1);
            else
                len += (size_t)snprintf(s + len, cap - len, " %s", word);
        }
        len += (size_t)snprintf(s + len, cap - len, ".\n\n");
    }
    return s;
}

typedef struct reader {
    const char *text;
    ck_ui_textview tv;
    ck_ui_rect card;
    int64_t tick_every; /* idle test: a wake this often (like a clock), 0 for none */
    int64_t quit_at;    /* idle test: end ck_ui_run at the first tick from then */
} reader;

static ck_ui_next reader_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    reader *r = state;
    if (ev->kind == CK_UI_EV_LAYOUT) {
        int w, h;
        ck_ui_size(ui, &w, &h);
        r->card = ck_ui_inset((ck_ui_rect){0, 0, w, h}, ck_ui_px(ui, CK_UI_MARGIN));
        ck_err err = {0};
        if (ck_ui_textview_layout(ui, &r->tv, r->card, r->text, &err) != CK_OK)
            fprintf(stderr, "ui_bench: %s\n", err.msg);
    }
    if (ev->kind == CK_UI_EV_TICK && r->quit_at && ev->now >= r->quit_at)
        return ck_ui_go_quit();
    if ((ev->kind == CK_UI_EV_SHOW || ev->kind == CK_UI_EV_TICK) && r->tick_every)
        ck_ui_redraw_at(ui, ev->now + r->tick_every);
    ck_ui_textview_event(ui, &r->tv, ev);
    return ck_ui_go_stay();
}

static void reader_render(ck_ui *ui, const void *state)
{
    const reader *r = state;
    ck_ui_card_draw(ui, r->card);
    ck_ui_textview_draw(ui, &r->tv);
}

static void reader_destroy(void *state)
{
    ck_ui_textview_release(&((reader *)state)->tv);
    free(state);
}

static const char *default_fonts(void)
{
    static char dir[4096];
    char probe[4200];
    const char *src = getenv("CK_SOURCE_DIR");
    snprintf(dir, sizeof dir, "%s/fonts", src && *src ? src : ".");
    snprintf(probe, sizeof probe, "%s/NotoSans-Regular.ttf", dir);
    return access(probe, R_OK) == 0 ? dir : "/usr/share/fonts/truetype/noto";
}

static int usage(void)
{
    fprintf(stderr, "usage: ui_bench [--size WxH] [--frames N] [--idle SECONDS] "
                    "[--kiosk-idle SECONDS] [--software] [--fonts DIR] [--binary CLASSKIOSK] "
                    "[DIR]\n");
    return 2;
}

/* ---- the real kiosk ---- */

/* A clock that starts where it is set and runs on in real time (like CLASSKIOSK_NOW). */
typedef struct bclock {
    _Atomic int64_t base_ms, mono0_ms;
} bclock;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t bclock_ms(void *ctx)
{
    bclock *c = ctx;
    return atomic_load(&c->base_ms) + mono_ms() - atomic_load(&c->mono0_ms);
}

static int64_t bclock_s(void *ctx)
{
    return bclock_ms(ctx) / 1000;
}

static void bclock_set(bclock *c, const char *local)
{
    int64_t t = 0;
    ck_tz_parse_datetime(local, &t, "time", NULL);
    atomic_store(&c->mono0_ms, mono_ms());
    atomic_store(&c->base_ms, t * 1000);
}

static bool tap(ck_kiosk *k, const char *label)
{
    ck_err err = {0};
    ck_ui_rect r;
    ck_ui *ui = ck_kiosk_ui(k);
    float x, y;
    if (ck_kiosk_target(k, label, &r, &err) != CK_OK) {
        fprintf(stderr, "ui_bench: %s\n", err.msg);
        return false;
    }
    x = (float)r.x + (float)r.w / 2;
    y = (float)r.y + (float)r.h / 2;
    return ck_ui_inject_finger(ui, CK_UI_PRESS, 1, x, y, &err) == CK_OK &&
           ck_kiosk_pump(k, &err) == CK_OK &&
           ck_ui_inject_finger(ui, CK_UI_RELEASE, 1, x, y, &err) == CK_OK &&
           ck_kiosk_pump(k, &err) == CK_OK;
}

/* Pump until the top screen says want (real time, at most 30 s). */
static bool until_says(ck_kiosk *k, const char *want)
{
    char text[4096];
    for (int i = 0; i < 6000; i++) {
        if (ck_kiosk_pump(k, NULL) != CK_OK)
            return false;
        ck_kiosk_text(k, text, sizeof text);
        if (strstr(text, want))
            return true;
        struct timespec pause = {0, 5000000};
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "ui_bench: the kiosk never said \"%s\"; it says:\n%s\n", want, text);
    return false;
}

/* A demo station where Zoë has attended both days and accepted the license. */
static ck_rc station(ck_app **out, const char *db, bclock *clk, ck_err *err)
{
    ck_app_options o = {.db_path = db, .clock = bclock_s, .clock_ctx = clk};
    bclock_set(clk, "2026-11-25 08:00");
    ck_rc rc = ck_app_open(out, &o, CK_APP_CREATE, err);
    if (rc == CK_OK)
        rc = ck_app_demo(*out, "2468", NULL, err);
    ck_attendee_rec zoe;
    if (rc == CK_OK)
        rc = ck_app_find(*out, "zoe@example.org", &zoe, err);
    const char *times[] = {"2026-11-25 08:50", "2026-11-25 17:05", "2026-11-26 08:55",
                           "2026-11-26 17:02"};
    for (int i = 0; i < 4 && rc == CK_OK; i++) {
        ck_presence_result r;
        ck_presence_req q = {.attendee_id = zoe.id,
                             .kind = i % 2 ? CK_EVENT_OUT : CK_EVENT_IN,
                             .source = CK_SOURCE_SELF};
        bclock_set(clk, times[i]);
        rc = ck_app_presence(*out, &q, &r, err);
    }
    ck_decision_req d = {
        .attendee_id = zoe.id, .decision = CK_DECISION_ACCEPT, .source = CK_SOURCE_SELF};
    if (rc == CK_OK)
        rc = ck_app_license_decide(*out, &d, err);
    return rc;
}

/* A figure of the process from /proc/self/FILE: the number after "key" (kB). */
static long proc_kib(const char *file, const char *key)
{
    char path[64], line[256];
    long v = -1;
    size_t n = strlen(key);
    snprintf(path, sizeof path, "/proc/self/%s", file);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0) {
            v = strtol(line + n, NULL, 10);
            break;
        }
    if (f)
        fclose(f);
    return v;
}

/* The kiosk's own memory: anonymous pages (heap, stacks, its share of the renderer's), not
 * the shared libraries a bare SDL2 window already maps. */
static long own_kib(void)
{
    return proc_kib("smaps_rollup", "Anonymous:");
}

static bool key(ck_kiosk *k, ck_ui_key which)
{
    ck_err err = {0};
    return ck_ui_inject_key(ck_kiosk_ui(k), which, &err) == CK_OK &&
           ck_kiosk_pump(k, &err) == CK_OK;
}

/* A line from the scanner: typed, then Enter. */
static bool scan(ck_kiosk *k, const char *line)
{
    ck_err err = {0};
    return ck_ui_inject_text(ck_kiosk_ui(k), line, &err) == CK_OK && key(k, CK_UI_KEY_ENTER);
}

/* Pump until the top screen is name (real time, at most 30 s). */
static bool until_screen(ck_kiosk *k, const char *name)
{
    for (int i = 0; i < 6000; i++) {
        if (ck_kiosk_pump(k, NULL) != CK_OK)
            return false;
        if (strcmp(ck_kiosk_screen(k), name) == 0)
            return true;
        struct timespec pause = {0, 5000000};
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "ui_bench: the kiosk never showed \"%s\"; it shows \"%s\"\n", name,
            ck_kiosk_screen(k));
    return false;
}

/* The figures a tour takes on the way (the first tour only). */
typedef struct tour_figures {
    double badge_ms, certificate_ms, pin_ms, scroll_ms, scroll_draw_ms;
    int scroll_frames;
    long anon_before_pin, anon_after_pin;
} tour_figures;

/* Every screen once: Welcome, Find, Confirm, Checked (or its message), Done, Verify, the PIN,
 * trainer mode's roster, a person, a reason, the license scrolled by finger, print jobs, the
 * audit trail, a question; back to Welcome. */
static bool tour(ck_kiosk *k, ck_app *app, tour_figures *f)
{
    ck_ui *ui = ck_kiosk_ui(k);
    ck_err err = {0};
    ck_ui_stats st0, st1;
    /* Zoë's badge: what a badge scanner types is its code. */
    ck_attendee_rec zoe;
    char badge[CK_APP_BADGE_CODE_MAX];
    if (ck_app_find(app, "zoe@example.org", &zoe, &err) != CK_OK ||
        ck_app_badge_code(app, zoe.id, badge, &err) != CK_OK) {
        fprintf(stderr, "ui_bench: no badge for Zoë: %s\n", err.msg);
        return false;
    }
    /* Find by typing; Jürgen's confirm; he checks in (or is told why not, after the day). */
    if (!tap(k, "Tap to check in or out") || !until_screen(k, "find") ||
        ck_ui_inject_text(ui, "juergen", &err) != CK_OK || !until_says(k, "Jürgen Weiß") ||
        !tap(k, "Jürgen Weiß") || !until_screen(k, "confirm"))
        return false;
    /* In, out or in again, whichever the last tour left him at. */
    ck_ui_rect r;
    const char *action = ck_kiosk_target(k, "Check in", &r, NULL) == CK_OK    ? "Check in"
                         : ck_kiosk_target(k, "Check out", &r, NULL) == CK_OK ? "Check out"
                                                                              : "Check in again";
    if (!tap(k, action))
        return false;
    for (int i = 0; i < 200 && !strcmp(ck_kiosk_screen(k), "confirm"); i++)
        ck_kiosk_pump(k, NULL);
    if (!key(k, CK_UI_KEY_ESCAPE) || !until_screen(k, "welcome"))
        return false;
    /* A badge, then her certificate (issued, made and printed on the worker). */
    double t1 = now_s();
    if (!scan(k, badge) || !until_says(k, "Zoë"))
        return false;
    f->badge_ms = (now_s() - t1) * 1000;
    double t2 = now_s();
    if (!tap(k, "Get my certificate") || !until_says(k, "The printer needs attention"))
        return false;
    f->certificate_ms = (now_s() - t2) * 1000;
    if (!tap(k, "Done") || !until_screen(k, "welcome"))
        return false;
    /* Her certificate's QR code, scanned: Verify. */
    ck_cert_rec *certs = NULL;
    size_t ncerts = 0;
    char *qr = NULL;
    bool ok = ck_app_cert_list(app, &certs, &ncerts, &err) == CK_OK && ncerts > 0 &&
              ck_app_cert_qr_text(app, certs[0].token, &qr, &err) == CK_OK;
    ck_cert_list_free(certs, ncerts);
    ok = ok && scan(k, qr) && until_screen(k, "verify");
    free(qr);
    if (!ok || !key(k, CK_UI_KEY_ESCAPE) || !until_screen(k, "welcome"))
        return false;
    /* Trainer mode: F12 and the PIN (Argon2id, 64 MiB, on the worker). */
    if (!key(k, CK_UI_KEY_F12) || !until_screen(k, "pin"))
        return false;
    for (const char *c = "2468"; *c; c++) {
        char digit[2] = {*c, 0};
        if (!tap(k, digit))
            return false;
    }
    f->anon_before_pin = own_kib();
    double t3 = now_s();
    if (!tap(k, "OK") || !until_says(k, "on the roster"))
        return false;
    f->pin_ms = (now_s() - t3) * 1000;
    f->anon_after_pin = own_kib();
    /* A person, a reason asked for, the license read at the kiosk, scrolled by finger. */
    if (!scan(k, badge) || !until_screen(k, "person") || !tap(k, "Check in…") ||
        !until_screen(k, "reason") || !key(k, CK_UI_KEY_ESCAPE) || !until_screen(k, "person") ||
        !tap(k, "Let them read the license here") || !until_says(k, "License agreement"))
        return false;
    ck_ui_rect tr;
    if (ck_kiosk_target(k, "text", &tr, &err) != CK_OK)
        return false;
    float x = (float)tr.x + (float)tr.w / 2, top = (float)tr.y + (float)tr.h * 0.2f;
    float bottom = (float)tr.y + (float)tr.h * 0.8f;
    int frames = 0;
    double draw_ms = 0, f0 = now_s();
    ck_ui_get_stats(ui, &st0);
    for (int sweep = 0; sweep < 12; sweep++) {
        float from = sweep % 2 ? top : bottom, to = sweep % 2 ? bottom : top;
        if (ck_ui_inject_finger(ui, CK_UI_PRESS, 2, x, from, &err) != CK_OK ||
            ck_kiosk_pump(k, &err) != CK_OK)
            return false;
        for (int i = 1; i <= 30; i++, frames++) {
            if (ck_ui_inject_finger(ui, CK_UI_DRAG, 2, x, from + (to - from) * (float)i / 30,
                                    &err) != CK_OK ||
                ck_kiosk_pump(k, &err) != CK_OK)
                return false;
            ck_ui_get_stats(ui, &st1);
            draw_ms += st1.last_frame_ms;
        }
        if (ck_ui_inject_finger(ui, CK_UI_RELEASE, 2, x, to, &err) != CK_OK ||
            ck_kiosk_pump(k, &err) != CK_OK)
            return false;
    }
    f->scroll_ms = (now_s() - f0) * 1000 / frames;
    f->scroll_draw_ms = draw_ms / frames;
    ck_ui_get_stats(ui, &st1);
    f->scroll_frames = (int)(st1.frames - st0.frames);
    /* Back to the roster; print jobs; the audit trail; a question, declined; Welcome. */
    return key(k, CK_UI_KEY_ESCAPE) && until_screen(k, "person") && tap(k, "Roster") &&
           until_screen(k, "trainer") && tap(k, "Print jobs") && until_screen(k, "jobs") &&
           key(k, CK_UI_KEY_ESCAPE) && until_screen(k, "trainer") && tap(k, "Audit trail") &&
           until_screen(k, "audit") && key(k, CK_UI_KEY_ESCAPE) && until_screen(k, "trainer") &&
           tap(k, "Close the day") && until_screen(k, "message") && tap(k, "Cancel") &&
           until_screen(k, "trainer") && tap(k, "Attendee screen") && until_screen(k, "welcome");
}

static int kiosk_bench(const char *dir, bool software, int idle_s)
{
    static bclock clk;
    static const int sizes[][2] = {{1280, 800}, {800, 1280}, {1024, 600}};
    char db[4200], certs[4200];
    ck_app *app = NULL;
    ck_kiosk *k = NULL;
    ck_err err = {0};
    int status = 1;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "ui_bench: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    snprintf(db, sizeof db, "%s/kiosk-bench.db", dir);
    snprintf(certs, sizeof certs, "%s/kiosk-certificates", dir);
    /* The station is made by a child process: its memory is not the kiosk's. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        ck_rc rc = station(&app, db, &clk, &err);
        if (rc != CK_OK)
            fprintf(stderr, "ui_bench: station: %s\n", err.msg);
        ck_app_close(app);
        _exit(rc == CK_OK ? 0 : 1);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        goto fail;
    long own_before = own_kib();
    long after_tour[3] = {0};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        /* Start to first frame: open the station, the window, the fonts, the worker, Welcome. */
        bclock_set(&clk, "2026-11-26 17:20");
        double t0 = now_s();
        ck_app_options o = {.db_path = db, .clock = bclock_s, .clock_ctx = &clk};
        ck_kiosk_opts ko = {.windowed = true,
                            .width = sizes[z][0],
                            .height = sizes[z][1],
                            .software = software,
                            .printer = "CK-BENCH-NO-PRINTER",
                            .out_dir = certs,
                            .now_ms = bclock_ms,
                            .clock_ctx = &clk};
        if (ck_app_open(&app, &o, CK_APP_EXISTING, &err) != CK_OK ||
            ck_kiosk_new(&k, app, &ko, &err) != CK_OK || ck_kiosk_pump(k, &err) != CK_OK)
            goto fail;
        double first_ms = (now_s() - t0) * 1000;
        ck_ui *ui = ck_kiosk_ui(k);
        ck_ui_stats s0, s1;
        tour_figures f = {0};
        if (z == 0) {
            ck_ui_get_stats(ui, &s0);
            printf("kiosk_first_frame_ms %.1f ms (in process: station, window, %s renderer, "
                   "fonts, worker, Welcome)\n",
                   first_ms, s0.renderer);
            /* Idle on Welcome: the loop's own sleep (until its next wake), nothing touching it. */
            double c0 = cpu_s(), w0 = now_s();
            while (now_s() - w0 < idle_s) {
                int64_t wake = ck_ui_next_wake(ui), now = ck_ui_now(ui);
                double left = idle_s - (now_s() - w0);
                double sleep_s = wake == INT64_MAX ? left : (double)(wake - now) / 1000.0;
                sleep_s = sleep_s > left ? left : sleep_s < 0 ? 0 : sleep_s;
                struct timespec pause = {(time_t)sleep_s,
                                         (long)((sleep_s - (double)(time_t)sleep_s) * 1e9)};
                nanosleep(&pause, NULL);
                if (ck_kiosk_pump(k, &err) != CK_OK)
                    goto fail;
            }
            double cpu = cpu_s() - c0, wall = now_s() - w0;
            ck_ui_get_stats(ui, &s1);
            printf("kiosk_idle_cpu_percent %.3f %% (%.1f s on Welcome: %.4f s CPU, %ld frames)\n",
                   100 * cpu / wall, wall, cpu, s1.frames - s0.frames);
            printf("kiosk_own_idle_kib %ld KiB (anonymous memory on Welcome, %dx%d; %ld KiB "
                   "before the kiosk opened)\n",
                   own_kib(), sizes[z][0], sizes[z][1], own_before);
        }
        if (!tour(k, app, &f))
            goto fail;
        after_tour[z] = own_kib();
        if (z == 0) {
            ck_ui_get_stats(ui, &s1);
            printf("kiosk_badge_to_confirm_ms %.1f ms\n", f.badge_ms);
            printf("kiosk_certificate_ready_ms %.1f ms (issue, PDF, print job, on the worker; "
                   "the screen drew a spinner meanwhile)\n",
                   f.certificate_ms);
            printf("kiosk_pin_check_ms %.1f ms (Argon2id on the worker; own memory %ld KiB "
                   "before, %ld KiB after: its 64 MiB are not kept)\n",
                   f.pin_ms, f.anon_before_pin, f.anon_after_pin);
            printf("kiosk_license_scroll_ms_per_frame %.2f ms (360 finger moves, drawing %.2f ms, "
                   "%d frames)\n",
                   f.scroll_ms, f.scroll_draw_ms, f.scroll_frames);
            printf("kiosk_text_cache_kib %zu KiB (%d rendered texts kept; at most %zu KiB, three "
                   "screens of %dx%d)\n",
                   s1.text_bytes / 1024, s1.text_entries, s1.text_max_bytes / 1024, sizes[z][0],
                   sizes[z][1]);
            printf("kiosk_own_after_tour_kib %ld KiB (anonymous memory, back on Welcome after "
                   "every screen at %dx%d)\n",
                   after_tour[z], sizes[z][0], sizes[z][1]);
        }
        ck_kiosk_free(k);
        ck_app_close(app);
        k = NULL;
        app = NULL;
    }
    printf("kiosk_own_after_tour_other_sizes_kib %ld %ld KiB (800x1280, 1024x600)\n", after_tour[1],
           after_tour[2]);
    printf("kiosk_peak_kib %ld KiB (the process's peak resident size after every screen at "
           "1280x800, 800x1280 and 1024x600, shared libraries included)\n",
           proc_kib("status", "VmHWM:"));
    status = 0;
    goto done;
fail:
    fprintf(stderr, "ui_bench: kiosk: %s\n", err.msg[0] ? err.msg : "failed");
done:
    ck_kiosk_free(k);
    ck_app_close(app);
    return status;
}

static int cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Start to first frame of the real program, the whole process: from fork to the line that
 * `classkiosk kiosk` prints once Welcome is on screen, on the station in DIR; the median of
 * seven runs. */
static int whole_start(const char *binary, const char *dir, bool software)
{
    enum { RUNS = 7 };
    double ms[RUNS];
    char db[4200];
    snprintf(db, sizeof db, "%s/kiosk-bench.db", dir);
    for (int i = 0; i < RUNS; i++) {
        int fd[2];
        if (pipe(fd) != 0) {
            perror("ui_bench: pipe");
            return 1;
        }
        fflush(stdout);
        double t0 = now_s();
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(fd[1], 1);
            dup2(null, 2);
            close(fd[0]);
            close(fd[1]);
            setenv("CLASSKIOSK_NOW", "2026-11-26 17:20", 1);
            execl(binary, binary, "--db", db, "kiosk", "--windowed",
                  software ? "--software" : (char *)NULL, (char *)NULL);
            _exit(127);
        }
        close(fd[1]);
        char c = 0;
        ssize_t got;
        while ((got = read(fd[0], &c, 1)) == 1 && c != '\n')
            ;
        ms[i] = (now_s() - t0) * 1000;
        close(fd[0]);
        int st = 0;
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, &st, 0);
        }
        if (pid < 0 || got != 1) {
            fprintf(stderr, "ui_bench: %s kiosk printed nothing (exit %d)\n", binary,
                    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
            return 1;
        }
    }
    qsort(ms, RUNS, sizeof ms[0], cmp_ms);
    printf("kiosk_start_to_first_frame_ms %.0f ms (the whole process, %s kiosk --windowed to "
           "Welcome on screen; median of %d, %.0f to %.0f)\n",
           ms[RUNS / 2], binary, RUNS, ms[0], ms[RUNS - 1]);
    return 0;
}

int main(int argc, char **argv)
{
    int w = 1920, h = 1080, frames = 600, idle = 2, kiosk_idle = 10;
    bool software = false;
    const char *fonts = default_fonts(), *dir = NULL, *binary = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
            if (sscanf(argv[++i], "%dx%d", &w, &h) != 2)
                return usage();
        } else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) {
            frames = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc) {
            idle = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--fonts") == 0 && i + 1 < argc) {
            fonts = argv[++i];
        } else if (strcmp(argv[i], "--kiosk-idle") == 0 && i + 1 < argc) {
            kiosk_idle = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--binary") == 0 && i + 1 < argc) {
            binary = argv[++i];
        } else if (strcmp(argv[i], "--software") == 0) {
            software = true;
        } else if (argv[i][0] != '-' && !dir) {
            dir = argv[i];
        } else {
            return usage();
        }
    }
    if (frames < 10 || idle < 0 || kiosk_idle < 1)
        return usage();
    /* The kiosk first, so the peak memory it reports is its own. */
    char tmp[] = "/tmp/ui_bench-XXXXXX";
    if (!dir && !(dir = mkdtemp(tmp))) {
        perror("ui_bench: mkdtemp");
        return 1;
    }
    if (kiosk_bench(dir, software, kiosk_idle) != 0)
        return 1;
    if (binary && whole_start(binary, dir, software) != 0)
        return 1;
    char *text = long_text(400);
    reader *r = calloc(1, sizeof *r);
    if (!text || !r) {
        fprintf(stderr, "ui_bench: out of memory\n");
        return 1;
    }
    r->text = text;
    ck_err err = {0};
    ck_ui *ui = NULL;
    double t0 = now_s();
    ck_ui_opts opts = {.width = w, .height = h, .fonts_dir = fonts, .software = software};
    if (ck_ui_new(&ui, &opts, &err) != CK_OK) {
        fprintf(stderr, "ui_bench: %s\n", err.msg);
        return 1;
    }
    double t_open = now_s();
    if (ck_ui_push(ui,
                   (ck_ui_screen){.name = "reader",
                                  .state = r,
                                  .handle_event = reader_handle,
                                  .render = reader_render,
                                  .destroy = reader_destroy},
                   &err) != CK_OK ||
        ck_ui_pump(ui, 0, &err) != CK_OK) {
        fprintf(stderr, "ui_bench: %s\n", err.msg);
        return 1;
    }
    double t_first = now_s();
    printf("ui_bench %dx%d (%s renderer): %zu KiB of text in %zu lines\n", w, h,
           software ? "software" : "default", strlen(text) / 1024, r->tv.nlines);
    printf("  open window + fonts:   %8.1f ms\n", (t_open - t0) * 1000);
    printf("  first frame (layout, render, present): %8.1f ms; to first frame %.1f ms\n",
           (t_first - t_open) * 1000, (t_first - t0) * 1000);

    /* Scroll down a notch per frame (new lines: text cache misses), then back up over the
     * same lines (hits). A frame = the event, drawing and presenting. */
    int cx = w / 2, cy = h / 2;
    char shot[64];
    snprintf(shot, sizeof shot, "/tmp/ui_bench-%d.png", (int)getpid());
    for (int pass = 0; pass < 2; pass++) {
        ck_ui_stats st0, st1;
        double draw_ms = 0, worst = 0;
        ck_ui_get_stats(ui, &st0);
        double p0 = now_s();
        for (int f = 0; f < frames; f++) {
            double f0 = now_s();
            if (ck_ui_inject_wheel(ui, (float)cx, (float)cy, pass == 0 ? -1.0f : 1.0f, &err) !=
                    CK_OK ||
                ck_ui_pump(ui, 0, &err) != CK_OK) {
                fprintf(stderr, "ui_bench: %s\n", err.msg);
                return 1;
            }
            double ms = (now_s() - f0) * 1000;
            worst = ms > worst ? ms : worst;
            ck_ui_stats st;
            ck_ui_get_stats(ui, &st);
            draw_ms += st.last_frame_ms;
        }
        /* Reading the frame back waits for the GPU (or llvmpipe's threads) to finish what
         * was queued, so the time is what the frames cost, not what was submitted. */
        if (ck_ui_screenshot(ui, shot, &err) != CK_OK) {
            fprintf(stderr, "ui_bench: %s\n", err.msg);
            return 1;
        }
        double total = (now_s() - p0) * 1000;
        ck_ui_get_stats(ui, &st1);
        printf("  scroll %s %d frames: %6.2f ms/frame (drawing %.2f, worst %.1f), "
               "text cache %ld hits %ld misses, %d entries %zu KiB\n",
               pass == 0 ? "down" : "up  ", frames, total / frames, draw_ms / frames, worst,
               st1.text_hits - st0.text_hits, st1.text_misses - st0.text_misses, st1.text_entries,
               st1.text_bytes / 1024);
    }
    unlink(shot);

    /* Idle: the real loop with nothing to do but wake once a second (as for a clock),
     * until the screen quits after the idle time. */
    if (idle > 0) {
        ck_ui_stats st0, st1;
        r->tick_every = 1000;
        r->quit_at = ck_ui_now(ui) + (int64_t)idle * 1000;
        ck_ui_redraw_at(ui, ck_ui_now(ui) + 1000);
        ck_ui_get_stats(ui, &st0);
        double c0 = cpu_s(), w0 = now_s();
        if (ck_ui_run(ui, &err) != CK_OK) {
            fprintf(stderr, "ui_bench: %s\n", err.msg);
            return 1;
        }
        double cpu = cpu_s() - c0, wall = now_s() - w0;
        ck_ui_get_stats(ui, &st1);
        printf("  idle %.1f s in ck_ui_run: %.3f s CPU (%.2f%% of a core), %ld frames\n", wall, cpu,
               100 * cpu / wall, st1.frames - st0.frames);
    }
    ck_ui_free(ui);
    free(text);
    return 0;
}
