/* ui/ toolkit: the screen stack and loop, input paths, the text cache, scale, shapes, errors. */
#include "ck_test.h"
#include "ui/draw.h"
#include "ui/lines.h"
#include "ui/ui.h"
#include "ui/widgets.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Under AddressSanitizer the tests draw with SDL's software renderer on its dummy video
 * driver: the offscreen driver loads Mesa's EGL even for software drawing, and Mesa, unloaded
 * at exit, leaves allocations LeakSanitizer cannot tell from ours. Plain builds test the
 * offscreen driver with its default renderer (software without a GPU, see
 * software_without_a_gpu). */
#if defined(__SANITIZE_ADDRESS__)
#define UI_SOFTWARE true
static void pick_video_driver(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
}
#else
#define UI_SOFTWARE false
static void pick_video_driver(void)
{
}
#endif

static const char *fonts_dir(void)
{
    static char dir[4096];
    char probe[4200];
    snprintf(dir, sizeof dir, "%s/fonts", ck_test_source_dir());
    snprintf(probe, sizeof probe, "%s/NotoSans-Regular.ttf", dir);
    return access(probe, R_OK) == 0 ? dir : "/usr/share/fonts/truetype/noto";
}

static int64_t fake_now(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* ---- A probe screen that logs what it is told and does what the test says ---- */

typedef struct probe_log {
    char events[2048]; /* "name:KIND name:KIND ..." */
    int destroyed;
    int ticks;
} probe_log;

typedef struct probe {
    const char *name;
    probe_log *log;
    ck_ui_next on_show;   /* returned from SHOW (once) */
    ck_ui_next on_down;   /* returned from DOWN */
    int64_t tick_every;   /* ask for a TICK this often */
    int quit_after_ticks; /* return quit after this many ticks */
    void (*draw)(ck_ui *ui, const void *ctx);
    const void *draw_ctx;
    int downs, moves, ups, wheels, texts;
    float last_x, last_y, last_wheel;
} probe;

static const char *kind_name(ck_ui_event_kind k)
{
    static const char *const names[] = {"LAYOUT", "SHOW",  "HIDE", "TICK", "DOWN", "MOVE", "UP",
                                        "CANCEL", "WHEEL", "TEXT", "KEY",  "SCAN", "QUIT", "HOME"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static ck_ui_next probe_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    probe *p = state;
    size_t n = strlen(p->log->events);
    if (ev->kind != CK_UI_EV_TICK && ev->kind != CK_UI_EV_MOVE)
        snprintf(p->log->events + n, sizeof p->log->events - n, "%s:%s ", p->name,
                 kind_name(ev->kind));
    switch (ev->kind) {
    case CK_UI_EV_SHOW: {
        ck_ui_next nx = p->on_show;
        p->on_show = ck_ui_go_stay();
        if (p->tick_every)
            ck_ui_redraw_at(ui, ev->now + p->tick_every);
        return nx;
    }
    case CK_UI_EV_TICK:
        p->log->ticks++;
        if (p->quit_after_ticks && p->log->ticks >= p->quit_after_ticks)
            return ck_ui_go_quit();
        if (p->tick_every)
            ck_ui_redraw_at(ui, ev->now + p->tick_every);
        return ck_ui_go_stay();
    case CK_UI_EV_DOWN:
        p->downs++;
        p->last_x = ev->x;
        p->last_y = ev->y;
        return p->on_down;
    case CK_UI_EV_MOVE: p->moves++; return ck_ui_go_stay();
    case CK_UI_EV_UP:
        p->ups++;
        p->last_x = ev->x;
        p->last_y = ev->y;
        return ck_ui_go_stay();
    case CK_UI_EV_WHEEL:
        p->wheels++;
        p->last_wheel = ev->wheel;
        return ck_ui_go_stay();
    case CK_UI_EV_TEXT: p->texts++; return ck_ui_go_stay();
    default: return ck_ui_go_stay();
    }
}

static void probe_render(ck_ui *ui, const void *state)
{
    const probe *p = state;
    if (p->draw)
        p->draw(ui, p->draw_ctx);
}

static void probe_destroy(void *state)
{
    probe *p = state;
    p->log->destroyed++;
    free(p);
}

static ck_ui_screen probe_screen(const char *name, probe_log *log, probe **out)
{
    probe *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->name = name;
    p->log = log;
    if (out)
        *out = p;
    return (ck_ui_screen){.name = name,
                          .state = p,
                          .handle_event = probe_handle,
                          .render = probe_render,
                          .destroy = probe_destroy};
}

static ck_ui *open_ui(int w, int h, int64_t *clock, int cache)
{
    ck_err err = {0};
    ck_ui *ui = NULL;
    ck_ui_opts o = {.width = w,
                    .height = h,
                    .fonts_dir = fonts_dir(),
                    .now_ms = clock ? fake_now : NULL,
                    .clock_ctx = clock,
                    .text_cache_entries = cache,
                    .software = UI_SOFTWARE};
    if (ck_ui_new(&ui, &o, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "ck_ui_new %dx%d: %s", w, h, err.msg);
    return ui;
}

static void pump(ck_ui *ui)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_pump(ui, 0, &err), CK_OK);
}

/* ---- Cases ---- */

static void lines_assemble(void)
{
    ck_ui_lines l = {0};
    char out[64];
    CK_CHECK(!ck_ui_lines_enter(&l, out, sizeof out)); /* Enter alone is no line */
    CK_CHECK_STR(out, "");
    CK_CHECK(ck_ui_lines_add(&l, "Zo"));
    CK_CHECK(ck_ui_lines_add(&l, "\xC3\xAB")); /* ë, two bytes */
    ck_ui_lines_backspace(&l);                 /* removes the whole ë */
    CK_CHECK(ck_ui_lines_add(&l, "e"));
    CK_CHECK(ck_ui_lines_enter(&l, out, sizeof out));
    CK_CHECK_STR(out, "Zoe");
    CK_CHECK_INT(l.len, 0);
    /* Too long for the caller's buffer: not delivered cut, and the next line is fresh. */
    CK_CHECK(ck_ui_lines_add(&l, "0123456789"));
    CK_CHECK(!ck_ui_lines_enter(&l, out, 5));
    CK_CHECK_STR(out, "");
    /* Longer than the assembler holds: dropped whole at Enter. */
    char big[CK_UI_LINE_MAX + 10];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CK_CHECK(!ck_ui_lines_add(&l, big));
    CK_CHECK(!ck_ui_lines_add(&l, "y"));
    CK_CHECK(!ck_ui_lines_enter(&l, out, sizeof out));
    CK_CHECK(ck_ui_lines_add(&l, "ok"));
    CK_CHECK(ck_ui_lines_enter(&l, out, sizeof out));
    CK_CHECK_STR(out, "ok");
}

static void field_edit(void)
{
    ck_ui_field f = {0};
    CK_CHECK(ck_ui_field_insert(&f, "Ren"));
    CK_CHECK(ck_ui_field_insert(&f, "\xC3\xA9"));
    CK_CHECK_STR(f.text, "Ren\xC3\xA9");
    CK_CHECK(ck_ui_field_backspace(&f));
    CK_CHECK_STR(f.text, "Ren");
    CK_CHECK(!ck_ui_field_insert(&f, "a\tb")); /* control characters refused whole */
    CK_CHECK_STR(f.text, "Ren");
    char big[CK_UI_FIELD_MAX + 1];
    memset(big, 'e', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CK_CHECK(!ck_ui_field_insert(&f, big));
    CK_CHECK_STR(f.text, "Ren");
    ck_ui_field_clear(&f);
    CK_CHECK(!ck_ui_field_backspace(&f));
}

static void layout_helpers(void)
{
    ck_ui_rect r = {10, 20, 300, 200};
    ck_ui_rect top = ck_ui_cut_top(&r, 50);
    CK_CHECK(top.y == 20 && top.h == 50 && r.y == 70 && r.h == 150);
    ck_ui_rect right = ck_ui_cut_right(&r, 1000); /* clamped */
    CK_CHECK(right.w == 300 && r.w == 0);
    /* A grid tiles its rectangle exactly, gaps included. */
    ck_ui_rect g = {0, 0, 1001, 707};
    int area = 0;
    for (int i = 0; i < 12; i++) {
        ck_ui_rect c = ck_ui_grid(g, 3, 4, 16, i);
        area += c.w * c.h;
        if (i % 3 == 2)
            CK_CHECK_INT(c.x + c.w, 1001);
        if (i >= 9)
            CK_CHECK_INT(c.y + c.h, 707);
    }
    CK_CHECK(area > (1001 - 32) * (707 - 48) - 40 && area <= (1001 - 32) * (707 - 48));
    CK_CHECK(ck_ui_contains((ck_ui_rect){0, 0, 10, 10}, 9.9f, 0));
    CK_CHECK(!ck_ui_contains((ck_ui_rect){0, 0, 10, 10}, 10, 0));
}

static void new_rejects_bad_options(void)
{
    ck_err err = {0};
    ck_ui *ui = (ck_ui *)&err; /* must be reset to NULL on failure */
    CK_CHECK_INT(ck_ui_new(&ui, NULL, &err), CK_EINVAL);
    CK_CHECK(ui == NULL);
    CK_CHECK_INT(ck_ui_new(&ui, &(ck_ui_opts){0}, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "fonts_dir");
    CK_CHECK_INT(
        ck_ui_new(&ui, &(ck_ui_opts){.fonts_dir = "/nonexistent/fonts", .software = UI_SOFTWARE},
                  &err),
        CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "/nonexistent/fonts");
    CK_CHECK_CONTAINS(err.msg, "NotoSans-Regular.ttf");
    CK_CHECK(ui == NULL);
    CK_CHECK_INT(
        ck_ui_new(&ui, &(ck_ui_opts){.fonts_dir = fonts_dir(), .width = 100, .height = 80}, &err),
        CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "100x80");
    CK_CHECK_INT(ck_ui_new(&ui, &(ck_ui_opts){.fonts_dir = fonts_dir(), .scale = 20}, &err),
                 CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "scale 20");
    CK_CHECK_INT(
        ck_ui_new(&ui, &(ck_ui_opts){.fonts_dir = fonts_dir(), .text_cache_entries = -1}, &err),
        CK_EINVAL);
    ck_ui_free(NULL);
    CK_CHECK_INT(ck_ui_pump(NULL, 0, &err), CK_EINVAL);
    CK_CHECK_INT(ck_ui_run(NULL, &err), CK_EINVAL);
}

static void scale_follows_window(void)
{
    static const struct {
        int w, h;
        double scale;
    } cases[] = {{1920, 1080, 1.0},         {1080, 1920, 1.0}, {1280, 800, 800 / 1080.0},
                 {800, 1280, 800 / 1080.0}, {1024, 600, 0.6},  {3840, 2160, 2.0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_ui *ui = open_ui(cases[i].w, cases[i].h, NULL, 0);
        if (!ui)
            continue;
        double s = ck_ui_scale(ui);
        CK_CHECK(s > cases[i].scale - 1e-9 && s < cases[i].scale + 1e-9);
        /* Body text at least 28 px at 1080p; targets at least 9 mm on a 141 dpi panel. */
        if (cases[i].w >= 1080 && cases[i].h >= 1080)
            CK_CHECK(ck_ui_type_px(ui, CK_UI_TEXT_BODY) >= 28);
        CK_CHECK(ck_ui_px(ui, CK_UI_TARGET) >= 50 * s - 1);
        CK_CHECK(ck_ui_px(ui, CK_UI_TARGET) >= 38); /* 9 mm at 1024x600 on a 7" panel */
        ck_ui_free(ui);
    }
    ck_err err = {0};
    ck_ui *ui = NULL;
    CK_CHECK_INT(ck_ui_new(&ui,
                           &(ck_ui_opts){.fonts_dir = fonts_dir(),
                                         .width = 1024,
                                         .height = 600,
                                         .scale = 1.5,
                                         .software = UI_SOFTWARE},
                           &err),
                 CK_OK);
    if (ui)
        CK_CHECK(ck_ui_scale(ui) == 1.5);
    ck_ui_free(ui);
}

static void stack_order(void)
{
    int64_t now = 1000000;
    probe_log log = {0};
    ck_err err = {0};
    ck_ui *ui = open_ui(640, 480, &now, 0);
    if (!ui)
        return;
    probe *a, *b;
    CK_CHECK_INT(ck_ui_push(ui, probe_screen("a", &log, &a), &err), CK_OK);
    CK_CHECK_STR(log.events, "a:LAYOUT a:SHOW ");
    log.events[0] = '\0';
    ck_ui_screen sb = probe_screen("b", &log, &b);
    a->on_down = ck_ui_go_push(sb);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_PRESS, 10, 10, &err), CK_OK);
    pump(ui);
    CK_CHECK_STR(log.events, "a:DOWN a:HIDE b:LAYOUT b:SHOW ");
    CK_CHECK_INT(ck_ui_depth(ui), 2);
    /* b never saw the press, so its release reaches b but is not half a tap. */
    log.events[0] = '\0';
    b->on_down = ck_ui_go_pop();
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_RELEASE, 10, 10, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_PRESS, 10, 10, &err), CK_OK);
    pump(ui);
    CK_CHECK_STR(log.events, "b:UP b:DOWN b:HIDE a:LAYOUT a:SHOW ");
    CK_CHECK_INT(log.destroyed, 1);
    CK_CHECK_INT(ck_ui_depth(ui), 1);
    /* Pop at the root is ignored. */
    a->on_down = ck_ui_go_pop();
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_RELEASE, 10, 10, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_PRESS, 10, 10, &err), CK_OK);
    pump(ui);
    CK_CHECK_INT(ck_ui_depth(ui), 1);
    CK_CHECK(ck_ui_top(ui)->state == a);
    a->on_down = ck_ui_go_stay();
    /* The stack has a limit; a screen beyond it is destroyed, not leaked. */
    int pushed = 0;
    for (int i = 0; i < 20; i++)
        if (ck_ui_push(ui, probe_screen("n", &log, NULL), &err) == CK_OK)
            pushed++;
    CK_CHECK_INT(pushed, 15);
    CK_CHECK_INT(err.rc, CK_ESTATE);
    CK_CHECK_CONTAINS(err.msg, "screens are open");
    CK_CHECK_INT(log.destroyed, 1 + 5);
    /* Home pops everything down to the root, which is told HOME after inactivity. */
    log.events[0] = '\0';
    CK_CHECK_INT(ck_ui_inject_key(ui, CK_UI_KEY_TAB, &err), CK_OK);
    pump(ui);
    now += 30000 - 1;
    pump(ui);
    CK_CHECK_INT(ck_ui_depth(ui), 16);
    now += 1;
    pump(ui);
    CK_CHECK_INT(ck_ui_depth(ui), 1);
    CK_CHECK_INT(log.destroyed, 1 + 5 + 15);
    CK_CHECK_CONTAINS(log.events, "n:HIDE a:LAYOUT a:SHOW a:HOME ");
    /* A screen that changes screens as soon as it shows, forever, is stopped. */
    probe *c;
    ck_ui_screen sc = probe_screen("c", &log, &c);
    c->on_show = ck_ui_go_replace(probe_screen("c2", &log, NULL));
    CK_CHECK_INT(ck_ui_push(ui, sc, &err), CK_OK);
    CK_CHECK_INT(ck_ui_depth(ui), 2);
    CK_CHECK(strcmp(ck_ui_top(ui)->name, "c2") == 0);
    ck_ui_free(ui);
    CK_CHECK_INT(log.destroyed, 1 + 5 + 15 + 3);
}

static void input_paths(void)
{
    int64_t now = 5000;
    probe_log log = {0};
    ck_err err = {0};
    ck_ui *ui = open_ui(800, 600, &now, 0);
    if (!ui)
        return;
    probe *p;
    CK_CHECK_INT(ck_ui_push(ui, probe_screen("p", &log, &p), &err), CK_OK);
    /* A finger arrives in output pixels, once (no mouse echo). */
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_PRESS, 1, 400, 300, &err), CK_OK);
    /* A second finger (a palm) is ignored while the first is down. */
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_PRESS, 2, 100, 100, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_DRAG, 2, 120, 100, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_RELEASE, 2, 120, 100, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_DRAG, 1, 410, 320, &err), CK_OK);
    pump(ui);
    CK_CHECK_INT(p->downs, 1);
    CK_CHECK_INT(p->moves, 1);
    CK_CHECK_INT(p->ups, 0);
    CK_CHECK(p->last_x > 399 && p->last_x < 401 && p->last_y > 299 && p->last_y < 301);
    /* The mouse is ignored while a finger is down. */
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_PRESS, 5, 5, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_RELEASE, 1, 410, 320, &err), CK_OK);
    pump(ui);
    CK_CHECK_INT(p->downs, 1);
    CK_CHECK_INT(p->ups, 1);
    /* The mouse: moves without a button are not drags. */
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_RELEASE, 5, 5, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_DRAG, 50, 50, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_PRESS, 60, 70, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_DRAG, 61, 71, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_mouse(ui, CK_UI_RELEASE, 62, 72, &err), CK_OK);
    pump(ui);
    CK_CHECK_INT(p->downs, 2);
    CK_CHECK_INT(p->moves, 2);
    CK_CHECK_INT(p->ups, 2);
    CK_CHECK(p->last_x == 62 && p->last_y == 72);
    CK_CHECK_INT(ck_ui_inject_wheel(ui, 10, 10, -1.5f, &err), CK_OK);
    pump(ui);
    CK_CHECK_INT(p->wheels, 1);
    CK_CHECK(p->last_wheel == -1.5f);
    /* Points outside the window are refused with the reason. */
    CK_CHECK_INT(ck_ui_inject_finger(ui, CK_UI_PRESS, 1, 900, 10, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "outside the 800x600 window");
    CK_CHECK_INT(ck_ui_inject_key(ui, CK_UI_KEY_NONE, &err), CK_EINVAL);
    /* Escape drops a half-typed line: the next Enter is a key, not a scan. */
    log.events[0] = '\0';
    CK_CHECK_INT(ck_ui_inject_text(ui, "abc", &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(ui, CK_UI_KEY_ESCAPE, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(ui, CK_UI_KEY_ENTER, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_text(ui, "42", &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(ui, CK_UI_KEY_ENTER, &err), CK_OK);
    pump(ui);
    CK_CHECK_STR(log.events, "p:TEXT p:KEY p:KEY p:TEXT p:SCAN ");
    /* Screenshots name a folder that cannot be written. */
    CK_CHECK_INT(ck_ui_screenshot(ui, "/nonexistent/dir/shot.png", &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "/nonexistent/dir/shot.png");
    ck_ui_free(ui);
}

/* ---- Text ---- */

typedef struct text_job {
    int first, count; /* draw "name <i>" for i in [first, first + count) */
    ck_ui_color color;
    int width;
} text_job;

static void draw_names(ck_ui *ui, const void *ctx)
{
    const text_job *j = ctx;
    char buf[64];
    for (int i = j->first; i < j->first + j->count; i++) {
        snprintf(buf, sizeof buf, "name %d", i);
        ck_ui_draw_text(ui, (ck_ui_rect){10, 10 + 20 * (i % 20), j->width, 40},
                        &(ck_ui_text){.str = buf, .color = j->color});
    }
}

static void text_cache_bounded(void)
{
    int64_t now = 0;
    probe_log log = {0};
    ck_err err = {0};
    ck_ui_stats st;
    ck_ui *ui = open_ui(640, 480, &now, 8);
    if (!ui)
        return;
    probe *p;
    text_job job = {.first = 0, .count = 3, .width = 300};
    CK_CHECK_INT(ck_ui_push(ui, probe_screen("p", &log, &p), &err), CK_OK);
    p->draw = draw_names;
    p->draw_ctx = &job;
    pump(ui);
    ck_ui_get_stats(ui, &st);
    CK_CHECK_INT(st.text_misses, 3);
    CK_CHECK_INT(st.text_hits, 0);
    CK_CHECK_INT(st.text_entries, 3);
    /* The same texts again: hits, nothing rendered. */
    CK_CHECK_INT(ck_ui_screenshot(ui, ck_test_path("a.png"), &err), CK_OK);
    ck_ui_get_stats(ui, &st);
    CK_CHECK_INT(st.text_misses, 3);
    CK_CHECK_INT(st.text_hits, 3);
    /* Colour and wrap width are part of the key. */
    job.color = ck_ui_rgb(0xAA0000, 255);
    CK_CHECK_INT(ck_ui_screenshot(ui, ck_test_path("b.png"), &err), CK_OK);
    job.width = 301;
    CK_CHECK_INT(ck_ui_screenshot(ui, ck_test_path("c.png"), &err), CK_OK);
    ck_ui_get_stats(ui, &st);
    CK_CHECK_INT(st.text_misses, 9);
    CK_CHECK_INT(st.text_entries, 8);
    CK_CHECK_INT(st.text_evictions, 1);
    /* Many more texts than fit: the cache stays at its bound, oldest out first. */
    job = (text_job){.first = 100, .count = 40, .width = 300};
    CK_CHECK_INT(ck_ui_screenshot(ui, ck_test_path("d.png"), &err), CK_OK);
    ck_ui_get_stats(ui, &st);
    CK_CHECK_INT(st.text_entries, 8);
    CK_CHECK_INT(st.text_evictions, 1 + 40);
    CK_CHECK(st.text_bytes > 0 && st.text_bytes < 8 * 300 * 60 * 4);
    /* The last 8 drawn are the ones kept. */
    job = (text_job){.first = 132, .count = 8, .width = 300};
    long misses = st.text_misses;
    CK_CHECK_INT(ck_ui_screenshot(ui, ck_test_path("e.png"), &err), CK_OK);
    ck_ui_get_stats(ui, &st);
    CK_CHECK_INT(st.text_misses, misses);
    CK_CHECK(ck_ui_draw_error(ui) == NULL);
    ck_ui_free(ui);
}

static void draw_big(ck_ui *ui, const void *ctx)
{
    const text_job *j = ctx;
    char buf[64];
    for (int i = j->first; i < j->first + j->count; i++) {
        snprintf(buf, sizeof buf, "Text number %d", i);
        ck_ui_draw_text(ui, (ck_ui_rect){0, 0, j->width, 400},
                        &(ck_ui_text){.str = buf, .px = 120, .max_lines = 2});
    }
}

/* However many texts a screen draws, the cache keeps three screens' worth of pixels. */
static void text_cache_bounded_by_the_screen(void)
{
    int64_t now = 0;
    probe_log log = {0};
    ck_err err = {0};
    ck_ui_stats st;
    ck_ui *ui = open_ui(1280, 800, &now, 10000);
    if (!ui)
        return;
    probe *p;
    text_job job = {.first = 0, .count = 20, .width = 1200};
    CK_CHECK_INT(ck_ui_push(ui, probe_screen("p", &log, &p), &err), CK_OK);
    p->draw = draw_big;
    p->draw_ctx = &job;
    for (int frame = 0; frame < 6; frame++, job.first += 20)
        CK_CHECK_INT(ck_ui_screenshot(ui, ck_test_path("big.png"), &err), CK_OK);
    ck_ui_get_stats(ui, &st);
    CK_CHECK_INT(st.text_max_bytes, (size_t)3 * 1280 * 800 * 4);
    CK_CHECK(st.text_bytes <= st.text_max_bytes);
    CK_CHECK(st.text_evictions > 0 && st.text_entries < 120);
    CK_CHECK(ck_ui_draw_error(ui) == NULL);
    ck_ui_free(ui);
}

/* Without a GPU (no /dev/dri) the software renderer draws, unless SDL_RENDER_DRIVER names
 * another: Mesa's GL there would be llvmpipe, slow to load and heavy. */
static void software_without_a_gpu(void)
{
    ck_ui_stats st;
    if (access("/dev/dri", F_OK) == 0 || getenv("SDL_RENDER_DRIVER")) {
        printf("software_without_a_gpu: not checked, this machine has a GPU (/dev/dri) or "
               "SDL_RENDER_DRIVER names a renderer\n");
        return;
    }
    ck_ui *ui = open_ui(640, 480, NULL, 0);
    if (!ui)
        return;
    ck_ui_get_stats(ui, &st);
    CK_CHECK_STR(st.renderer, "software");
    ck_ui_free(ui);
    if (UI_SOFTWARE)
        return; /* the dummy driver has no GL to ask for */
    setenv("SDL_RENDER_DRIVER", "opengl", 1);
    ui = open_ui(640, 480, NULL, 0);
    unsetenv("SDL_RENDER_DRIVER");
    if (!ui)
        return;
    ck_ui_get_stats(ui, &st);
    CK_CHECK_STR(st.renderer, "opengl");
    ck_ui_free(ui);
}

static void text_wrap_and_ellipsis(void)
{
    ck_ui *ui = open_ui(1920, 1080, NULL, 0);
    if (!ui)
        return;
    const char *name = "Maximiliane Alexandra von Hohenzollern-Sigmaringen";
    ck_ui_text t = {.str = name};
    int w1 = 0, h1 = 0, w = 0, h = 0;
    ck_ui_measure_text(ui, &t, 0, &w1, &h1);
    CK_CHECK(w1 > 400);
    int lh = ck_ui_line_height(ui, &t);
    /* One line, cut with an ellipsis to fit. */
    t.max_lines = 1;
    ck_ui_measure_text(ui, &t, 400, &w, &h);
    CK_CHECK(w <= 400 && w > 300);
    CK_CHECK_INT(h, h1);
    /* Wrapped at spaces into lines no wider than asked. */
    t.max_lines = 0;
    ck_ui_measure_text(ui, &t, 400, &w, &h);
    CK_CHECK(w <= 400);
    CK_CHECK(h >= h1 + lh);
    /* A word longer than the width is cut, never overflows. */
    t.str = "Hohenzollern-Sigmaringen-Hohenzollern-Sigmaringen";
    ck_ui_measure_text(ui, &t, 150, &w, &h);
    CK_CHECK(w <= 150);
    /* Explicit newlines, and the type scale grows. */
    t.str = "a\nb\n\nc";
    ck_ui_measure_text(ui, &t, 400, &w, &h);
    CK_CHECK_INT(h, h1 + 3 * lh);
    CK_CHECK(ck_ui_type_px(ui, CK_UI_TEXT_SMALL) < ck_ui_type_px(ui, CK_UI_TEXT_BODY));
    CK_CHECK(ck_ui_type_px(ui, CK_UI_TEXT_BODY) < ck_ui_type_px(ui, CK_UI_TEXT_LARGE));
    CK_CHECK(ck_ui_type_px(ui, CK_UI_TEXT_LARGE) < ck_ui_type_px(ui, CK_UI_TEXT_TITLE));
    CK_CHECK(ck_ui_type_px(ui, CK_UI_TEXT_TITLE) < ck_ui_type_px(ui, CK_UI_TEXT_DISPLAY));
    ck_ui_free(ui);
}

/* ---- Characters Noto Sans lacks come from the fallback faces ---- */

/* Droid Sans Fallback (fonts-droid-fallback), the face the app finds for 李; "" if none. */
static const char *cjk_face(void)
{
    static char path[4096];
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    FcCharSetAddChar(cs, 0x674E);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"Droid Sans Fallback");
    FcObjectSet *props = FcObjectSetBuild(FC_FILE, NULL);
    FcConfig *cfg = FcInitLoadConfigAndFonts(); /* its own, freed: no leak at exit */
    FcFontSet *set = FcFontList(cfg, pat, props);
    FcChar8 *file = NULL;
    path[0] = '\0';
    if (set && set->nfont > 0 && FcPatternGetString(set->fonts[0], FC_FILE, 0, &file) == 0)
        snprintf(path, sizeof path, "%s", (const char *)file);
    if (set)
        FcFontSetDestroy(set);
    FcObjectSetDestroy(props);
    FcCharSetDestroy(cs);
    FcPatternDestroy(pat);
    FcConfigDestroy(cfg);
    return path;
}

static void draw_two(ck_ui *ui, const void *ctx)
{
    const char *const *texts = ctx;
    for (int i = 0; i < 2; i++)
        ck_ui_draw_text(ui, (ck_ui_rect){20 + 200 * i, 20, 180, 100},
                        &(ck_ui_text){.str = texts[i], .px = 60, .color = ck_ui_rgb(0, 255)});
}

/* Whether the two boxes of draw_two() hold the same pixels, in a screenshot at path. */
static bool same_boxes(ck_ui *ui, const char *path)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_screenshot(ui, path, &err), CK_OK);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    bool same = true;
    int dark = 0;
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *data = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        for (int y = 20; y < 120; y++)
            for (int x = 20; x < 200; x++) {
                uint32_t a = ((const uint32_t *)(data + y * stride))[x];
                uint32_t b = ((const uint32_t *)(data + y * stride))[x + 200];
                same = same && a == b;
                dark += (a & 0xFF) < 128;
            }
    }
    cairo_surface_destroy(s);
    CK_CHECK(dark > 50); /* something was drawn */
    return same;
}

static void cjk_from_fallback(void)
{
    const char *face = cjk_face();
    if (!*face) {
        printf("skipped: no TrueType face with Chinese characters (scripts/deps test installs "
               "fonts-droid-fallback)\n");
        return;
    }
    /* 李 beside a character no face has (Ethiopic አ): without a fallback both are the same
     * box; with one, 李 is its own glyph. */
    static const char *const texts[] = {"\xE6\x9D\x8E", "\xE1\x8A\xA0"};
    for (int with = 0; with < 2; with++) {
        probe_log log = {0};
        ck_err err = {0};
        ck_ui *ui = NULL;
        const char *faces[] = {face};
        ck_ui_opts o = {.width = 480,
                        .height = 240,
                        .fonts_dir = fonts_dir(),
                        .software = UI_SOFTWARE,
                        .fallback_fonts = faces,
                        .nfallback_fonts = (size_t)with};
        CK_CHECK_INT(ck_ui_new(&ui, &o, &err), CK_OK);
        if (!ui)
            return;
        probe *p;
        CK_CHECK_INT(ck_ui_push(ui, probe_screen("p", &log, &p), &err), CK_OK);
        p->draw = draw_two;
        p->draw_ctx = texts;
        bool same = same_boxes(ui, ck_test_path(with ? "cjk-fallback.png" : "cjk-none.png"));
        CK_CHECK(same == !with);
        /* A name in two scripts measures and wraps as one text. */
        ck_ui_text t = {.str = "Zoë \xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x8D Kim", .px = 40};
        int w = 0, h = 0, w1 = 0, h1 = 0;
        ck_ui_measure_text(ui, &t, 0, &w, &h);
        ck_ui_measure_text(ui, &t, w / 2, &w1, &h1);
        CK_CHECK(w > 0 && w1 <= w / 2 && h1 > h);
        CK_CHECK(ck_ui_draw_error(ui) == NULL);
        ck_ui_free(ui);
    }
}

/* ---- Shapes are anti-aliased ---- */

static void draw_shapes(ck_ui *ui, const void *ctx)
{
    (void)ctx;
    ck_ui_fill_circle(ui, 100, 100, 60, ck_ui_rgb(0x000000, 255));
    ck_ui_fill_round(ui, (ck_ui_rect){200, 40, 200, 120}, 30, ck_ui_rgb(0x000000, 255));
}

static void shapes_antialiased(void)
{
    probe_log log = {0};
    ck_err err = {0};
    ck_ui *ui = open_ui(480, 240, NULL, 0);
    if (!ui)
        return;
    probe *p;
    CK_CHECK_INT(ck_ui_push(ui, probe_screen("p", &log, &p), &err), CK_OK);
    p->draw = draw_shapes;
    const char *path = ck_test_path("shapes.png");
    CK_CHECK_INT(ck_ui_screenshot(ui, path, &err), CK_OK);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *data = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
#define GREEN(x, y) ((int)(((const uint32_t *)(data + (y)*stride))[x] >> 8 & 255))
        CK_CHECK(GREEN(100, 100) < 5);  /* inside the circle */
        CK_CHECK(GREEN(100, 10) > 240); /* outside */
        /* Along a row crossing the circle's edge there are partly covered pixels. */
        int partial = 0;
        for (int x = 30; x < 100; x++)
            for (int y = 55; y < 60; y++)
                if (GREEN(x, y) > 20 && GREEN(x, y) < 220)
                    partial++;
        CK_CHECK(partial >= 3);
        /* The rounded rectangle's corner is cut, its edge is solid. */
        CK_CHECK(GREEN(201, 41) > 200);
        CK_CHECK(GREEN(300, 41) < 60);
#undef GREEN
    } else {
        ck_test_fail(__FILE__, __LINE__, "shapes.png does not decode");
    }
    cairo_surface_destroy(s);
    ck_ui_free(ui);
}

/* ---- The real loop sleeps ---- */

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_sleeps_until_needed(void)
{
    probe_log log = {0};
    ck_err err = {0};
    ck_ui *ui = open_ui(640, 480, NULL, 0);
    if (!ui)
        return;
    CK_CHECK_INT(ck_ui_run(ui, &err), CK_ESTATE); /* nothing to show yet */
    probe *p;
    ck_ui_screen s = probe_screen("p", &log, &p);
    p->tick_every = 400;
    p->quit_after_ticks = 3;
    CK_CHECK_INT(ck_ui_push(ui, s, &err), CK_OK);
    pump(ui);
    alarm(30); /* a loop that never wakes fails the test instead of hanging it */
    ck_ui_stats st0, st1;
    ck_ui_get_stats(ui, &st0);
    double c0 = cpu_seconds(), w0 = wall_seconds();
    CK_CHECK_INT(ck_ui_run(ui, &err), CK_OK);
    double cpu = cpu_seconds() - c0, wall = wall_seconds() - w0;
    alarm(0);
    ck_ui_get_stats(ui, &st1);
    CK_CHECK_INT(log.ticks, 3);
    CK_CHECK(ck_ui_quit_requested(ui));
    CK_CHECK(wall > 0.75 && wall < 5);
    /* A frame per tick, none in between. */
    CK_CHECK(st1.frames - st0.frames <= 3);
    /* Asleep in between: well under a tenth of a core. */
    printf("run: %.3f s wall, %.3f s CPU (%.1f%%) for 3 ticks\n", wall, cpu, 100 * cpu / wall);
    CK_CHECK(cpu < 0.1 * wall);
    ck_ui_free(ui);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    pick_video_driver();
    CK_RUN(lines_assemble);
    CK_RUN(field_edit);
    CK_RUN(layout_helpers);
    CK_RUN(new_rejects_bad_options);
    CK_RUN(scale_follows_window);
    CK_RUN(stack_order);
    CK_RUN(input_paths);
    CK_RUN(text_cache_bounded);
    CK_RUN(text_cache_bounded_by_the_screen);
    CK_RUN(software_without_a_gpu);
    CK_RUN(text_wrap_and_ellipsis);
    CK_RUN(cjk_from_fallback);
    CK_RUN(shapes_antialiased);
    CK_RUN(run_sleeps_until_needed);
    return ck_test_done();
}
