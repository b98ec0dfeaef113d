/* The kiosk's SDL2 context: window, screen stack, and the loop that sleeps until needed. */
#include "ui/ui_impl.h"

#include <glob.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DEFAULT_W = 1280, DEFAULT_H = 800, DEFAULT_IDLE_MS = 30000, MAX_NEST = 8 };

static int64_t system_now(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ck_ui_palette ui_default_palette(void)
{
    return (ck_ui_palette){
        .bg = ck_ui_rgb(0xF6F4EF, 255),
        .surface = ck_ui_rgb(0xFFFFFF, 255),
        .surface_sunk = ck_ui_rgb(0xEDE9E2, 255),
        .border = ck_ui_rgb(0xDDD7CD, 255),
        .shadow = ck_ui_rgb(0x3B3226, 36),
        .text = ck_ui_rgb(0x1D2430, 255),
        .text_muted = ck_ui_rgb(0x5E6673, 255),
        .text_on_accent = ck_ui_rgb(0xFFFFFF, 255),
        .text_disabled = ck_ui_rgb(0x9A9FA6, 255),
        .accent = ck_ui_rgb(0x0F766E, 255),
        .accent_pressed = ck_ui_rgb(0x0A5A54, 255),
        .accent_soft = ck_ui_rgb(0xD8EEEA, 255),
        .danger = ck_ui_rgb(0xB4321F, 255),
        .danger_pressed = ck_ui_rgb(0x8E2616, 255),
        .danger_soft = ck_ui_rgb(0xFBE6E1, 255),
        .ok = ck_ui_rgb(0x1F7A48, 255),
        .ok_soft = ck_ui_rgb(0xDDF2E4, 255),
        .warn = ck_ui_rgb(0x9A5B0B, 255),
        .warn_soft = ck_ui_rgb(0xFBEBC8, 255),
        .neutral_soft = ck_ui_rgb(0xE9E6E0, 255),
        .disabled = ck_ui_rgb(0xE6E2DB, 255),
    };
}

void ui_update_size(ck_ui *ui)
{
    int ow = 0, oh = 0, ww = 0, wh = 0;
    if (SDL_GetRendererOutputSize(ui->ren, &ow, &oh) != 0 || ow <= 0 || oh <= 0)
        SDL_GetWindowSize(ui->win, &ow, &oh);
    SDL_GetWindowSize(ui->win, &ww, &wh);
    ui->w = ow > 0 ? ow : 1;
    ui->h = oh > 0 ? oh : 1;
    ui->win_to_out = ww > 0 ? (float)ui->w / (float)ww : 1.0f;
    if (ui->scale_opt > 0) {
        ui->scale = ui->scale_opt;
    } else {
        /* 1 unit = 1 px on the shorter side of 1080: 1920x1080 landscape and 1080x1920
         * portrait look the same. Below 0.6 touch targets would shrink under 9 mm on the
         * small panels that go with such sizes, so the scale stops there. */
        double s = (ui->w < ui->h ? ui->w : ui->h) / 1080.0;
        ui->scale = s < 0.6 ? 0.6 : s > 4.0 ? 4.0 : s;
    }
    ui_text_fit(ui);
}

void ui_draw_failed(ck_ui *ui, const char *fmt, ...)
{
    va_list ap;
    if (ui->draw_err[0])
        return;
    va_start(ap, fmt);
    vsnprintf(ui->draw_err, sizeof ui->draw_err, fmt, ap);
    va_end(ap);
}

const char *ck_ui_draw_error(ck_ui *ui)
{
    if (!ui || !ui->draw_err[0])
        return NULL;
    memcpy(ui->draw_err_out, ui->draw_err, sizeof ui->draw_err_out);
    ui->draw_err[0] = '\0';
    return ui->draw_err_out;
}

/* Is there a GPU to draw with (a DRM device)? Without one Mesa's GL is llvmpipe, which costs
 * the first frame some 60 ms and the process some 50 MB to load (LLVM) and draws a kiosk's
 * screens no faster than SDL's own software renderer. */
static bool have_gpu(void)
{
    glob_t g;
    bool found = glob("/dev/dri/*", GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
    globfree(&g);
    return found;
}

static ck_rc check_opts(const ck_ui_opts *o, ck_err *err)
{
    if (!o)
        return ck_err_set(err, CK_EINVAL,
                          "ck_ui_new: no options given; pass a ck_ui_opts "
                          "with at least fonts_dir set");
    if (!o->fonts_dir || !*o->fonts_dir)
        return ck_err_set(err, CK_EINVAL,
                          "ck_ui_new: fonts_dir is not set; pass the folder that holds "
                          "NotoSans-Regular.ttf (the project's fonts/)");
    if (!o->fullscreen && (o->width < 0 || o->height < 0 || (o->width && o->width < 320) ||
                           (o->height && o->height < 240) || o->width > 16384 || o->height > 16384))
        return ck_err_set(err, CK_EINVAL,
                          "window size %dx%d is out of range; use 320x240 to 16384x16384, or "
                          "0x0 for the default 1280x800",
                          o->width, o->height);
    if (o->scale < 0 || o->scale > 8 || (o->scale > 0 && o->scale < 0.25) || isnan(o->scale))
        return ck_err_set(err, CK_EINVAL,
                          "scale %g is out of range; use 0.25 to 8, or 0 to derive it from "
                          "the window size",
                          o->scale);
    if (o->text_cache_entries < 0 || o->text_cache_entries > 100000)
        return ck_err_set(err, CK_EINVAL,
                          "text_cache_entries %d is out of range; use 1 to 100000, or 0 for "
                          "the default 256",
                          o->text_cache_entries);
    return CK_OK;
}

ck_rc ck_ui_new(ck_ui **out, const ck_ui_opts *opts, ck_err *err)
{
    ck_ui *ui = NULL;
    ck_rc rc;
    if (!out)
        return ck_err_set(err, CK_EINVAL,
                          "ck_ui_new: out is NULL; pass where to store "
                          "the context");
    *out = NULL;
    if ((rc = check_opts(opts, err)) != CK_OK)
        return rc;
    ui = calloc(1, sizeof *ui);
    if (!ui)
        return ck_err_set(err, CK_ENOMEM, "out of memory opening the kiosk window");
    ui->pal = ui_default_palette();
    ui->scale_opt = opts->scale;
    ui->now_ms = opts->now_ms ? opts->now_ms : system_now;
    ui->clock_ctx = opts->clock_ctx;
    ui->inactivity_ms = opts->inactivity_ms ? opts->inactivity_ms : DEFAULT_IDLE_MS;
    ui->idle_deadline = INT64_MAX;
    ui->wake_at = INT64_MAX;

    /* The kiosk decides about quitting; SIGTERM from the service manager must still end the
     * process, so SDL is told not to turn signals into quit events screens would ignore. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* A finger must not also arrive as a mouse click, nor the mouse as a finger. */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        rc = ck_err_set(err, CK_EIO,
                        "cannot start the display (SDL: %s); run on a graphical session, or "
                        "set SDL_VIDEODRIVER (x11, wayland, kmsdrm, offscreen)",
                        SDL_GetError());
        goto cleanup;
    }
    ui->sdl_up = true;
    /* With no display SDL falls back to drawing into memory: a kiosk nobody can see. Only
     * when asked for by name (tests, benchmarks) is that what is wanted. */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
        !(asked && strstr(asked, driver))) {
        rc = ck_err_set(err, CK_EIO,
                        "there is no display to open a window on (SDL found only its \"%s\" "
                        "driver, which draws into memory); run on a graphical session, or set "
                        "SDL_VIDEODRIVER",
                        driver);
        goto cleanup;
    }
    if (TTF_Init() != 0) {
        rc = ck_err_set(err, CK_EIO, "cannot start font rendering (SDL_ttf: %s)", TTF_GetError());
        goto cleanup;
    }
    ui->ttf_up = true;

    Uint32 wflags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (opts->fullscreen)
        wflags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    else
        wflags |= SDL_WINDOW_RESIZABLE;
    ui->win = SDL_CreateWindow(opts->title ? opts->title : "classkiosk", SDL_WINDOWPOS_CENTERED,
                               SDL_WINDOWPOS_CENTERED, opts->width ? opts->width : DEFAULT_W,
                               opts->height ? opts->height : DEFAULT_H, wflags);
    if (!ui->win) {
        rc = ck_err_set(err, CK_EIO, "cannot open the kiosk window (SDL: %s)", SDL_GetError());
        goto cleanup;
    }
    Uint32 rflags = opts->vsync ? SDL_RENDERER_PRESENTVSYNC : 0;
    /* SDL_RENDER_DRIVER, when set, chooses; otherwise no GPU means software. Then the window's
     * pixels are SDL's plain framebuffer too, not a GL texture behind it. */
    const char *asked_renderer = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    bool software = opts->software || (!(asked_renderer && *asked_renderer) && !have_gpu());
    if (software)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (!software)
        ui->ren = SDL_CreateRenderer(ui->win, -1, rflags | SDL_RENDERER_ACCELERATED);
    if (!ui->ren)
        ui->ren = SDL_CreateRenderer(ui->win, -1, rflags | SDL_RENDERER_SOFTWARE);
    if (!ui->ren) {
        rc = ck_err_set(err, CK_EIO, "cannot draw in the kiosk window (SDL: %s)", SDL_GetError());
        goto cleanup;
    }
    SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_BLEND);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ui->ren, &info) == 0) {
        snprintf(ui->renderer, sizeof ui->renderer, "%s", info.name ? info.name : "?");
        /* The offscreen driver's GL swap does nothing (its surface is a pbuffer), so nothing
         * ever waited for a frame to be drawn: Mesa kept every frame's commands, 400 MB after
         * scrolling the license. A real display's swap waits; here reading a pixel back does. */
        ui->wait_each_frame =
            !(info.flags & SDL_RENDERER_SOFTWARE) && driver && strcmp(driver, "offscreen") == 0;
    }
    ui_update_size(ui);
    rc = ui_text_init(ui, opts->fonts_dir,
                      opts->text_cache_entries ? opts->text_cache_entries : 256, err);
    if (rc != CK_OK)
        goto cleanup;
    ui_fallback_open(ui, opts->fallback_fonts, opts->fallback_indexes, opts->nfallback_fonts);
    ui->wake_type = SDL_RegisterEvents(1);
    if (ui->wake_type == (Uint32)-1)
        ui->wake_type = 0;
    SDL_StartTextInput();
    if (opts->hide_cursor) {
        SDL_ShowCursor(SDL_DISABLE);
        ui->cursor_hidden = true;
    }
    ui->dirty = true;
    *out = ui;
    return CK_OK;
cleanup:
    ck_ui_free(ui);
    return rc;
}

void ck_ui_free(ck_ui *ui)
{
    if (!ui)
        return;
    while (ui->depth > 0) {
        ck_ui_screen *s = &ui->stack[--ui->depth];
        if (s->destroy)
            s->destroy(s->state);
    }
    ui_text_fini(ui);
    ui_draw_fini(ui);
    if (ui->ren)
        SDL_DestroyRenderer(ui->ren);
    if (ui->win)
        SDL_DestroyWindow(ui->win);
    if (ui->ttf_up)
        TTF_Quit();
    if (ui->sdl_up)
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(ui);
}

ck_ui_next ck_ui_go_stay(void)
{
    return (ck_ui_next){.action = CK_UI_STAY};
}

ck_ui_next ck_ui_go_push(ck_ui_screen screen)
{
    return (ck_ui_next){.action = CK_UI_PUSH, .screen = screen};
}

ck_ui_next ck_ui_go_pop(void)
{
    return (ck_ui_next){.action = CK_UI_POP};
}

ck_ui_next ck_ui_go_replace(ck_ui_screen screen)
{
    return (ck_ui_next){.action = CK_UI_REPLACE, .screen = screen};
}

ck_ui_next ck_ui_go_home(void)
{
    return (ck_ui_next){.action = CK_UI_HOME};
}

ck_ui_next ck_ui_go_quit(void)
{
    return (ck_ui_next){.action = CK_UI_QUIT};
}

int64_t ck_ui_now(const ck_ui *ui)
{
    return ui->now_ms(ui->clock_ctx);
}

static void destroy_screen(ck_ui_screen *s)
{
    if (s->destroy)
        s->destroy(s->state);
    memset(s, 0, sizeof *s);
}

static void apply(ck_ui *ui, ck_ui_next nx, int nest);

/* Give ev to the top screen; apply what it answers. */
static void deliver_nested(ck_ui *ui, ck_ui_event *ev, int nest)
{
    if (ui->depth == 0)
        return;
    ck_ui_screen *top = &ui->stack[ui->depth - 1];
    ev->now = ck_ui_now(ui);
    ui->events++;
    ui->dirty = true;
    ck_ui_next nx = top->handle_event ? top->handle_event(ui, top->state, ev) : ck_ui_go_stay();
    if (ev->kind == CK_UI_EV_HIDE) {
        /* A screen being covered or leaving cannot redirect the stack. */
        if (nx.action == CK_UI_PUSH || nx.action == CK_UI_REPLACE)
            destroy_screen(&nx.screen);
        return;
    }
    apply(ui, nx, nest);
}

void ui_deliver(ck_ui *ui, ck_ui_event *ev)
{
    deliver_nested(ui, ev, 0);
}

/* The top screen changed: let it place its widgets, then tell it it shows. */
static void show_top(ck_ui *ui, int nest)
{
    int depth = ui->depth;
    ck_ui_event ev = {.kind = CK_UI_EV_LAYOUT, .w = ui->w, .h = ui->h};
    deliver_nested(ui, &ev, nest);
    if (ui->depth != depth || ui->quit)
        return; /* LAYOUT already moved to another screen, which has been shown */
    ev = (ck_ui_event){.kind = CK_UI_EV_SHOW};
    deliver_nested(ui, &ev, nest);
}

static void hide_top(ck_ui *ui)
{
    ck_ui_event ev = {.kind = CK_UI_EV_HIDE};
    deliver_nested(ui, &ev, 0);
}

static void apply(ck_ui *ui, ck_ui_next nx, int nest)
{
    const char *name = ui->depth ? ui->stack[ui->depth - 1].name : "?";
    if (nx.action == CK_UI_STAY)
        return;
    if (nest >= MAX_NEST) {
        ui_draw_failed(ui,
                       "screen \"%s\" keeps changing screens as soon as it shows; it "
                       "must wait for an event",
                       name ? name : "?");
        if (nx.action == CK_UI_PUSH || nx.action == CK_UI_REPLACE)
            destroy_screen(&nx.screen);
        return;
    }
    ui->dirty = true;
    if (nx.action != CK_UI_QUIT)
        ck_ui_lines_clear(&ui->typed); /* a typed line belongs to the screen it began on */
    switch (nx.action) {
    case CK_UI_STAY: break;
    case CK_UI_PUSH:
        if (ui->depth >= UI_MAX_DEPTH) {
            ui_draw_failed(ui, "screen \"%s\" was not shown: %d screens are open already",
                           nx.screen.name ? nx.screen.name : "?", UI_MAX_DEPTH);
            destroy_screen(&nx.screen);
            return;
        }
        hide_top(ui);
        ui->stack[ui->depth++] = nx.screen;
        show_top(ui, nest + 1);
        break;
    case CK_UI_POP:
        if (ui->depth <= 1)
            return; /* the root stays */
        hide_top(ui);
        destroy_screen(&ui->stack[--ui->depth]);
        show_top(ui, nest + 1);
        break;
    case CK_UI_REPLACE:
        hide_top(ui);
        destroy_screen(&ui->stack[ui->depth - 1]);
        ui->stack[ui->depth - 1] = nx.screen;
        show_top(ui, nest + 1);
        break;
    case CK_UI_HOME:
        hide_top(ui);
        while (ui->depth > 1)
            destroy_screen(&ui->stack[--ui->depth]);
        show_top(ui, nest + 1);
        break;
    case CK_UI_QUIT: ui->quit = true; break;
    }
}

ck_rc ck_ui_push(ck_ui *ui, ck_ui_screen screen, ck_err *err)
{
    if (!ui || !screen.handle_event || !screen.render) {
        destroy_screen(&screen);
        return ck_err_set(err, CK_EINVAL,
                          "screen \"%s\" cannot be shown: it needs a context, handle_event "
                          "and render",
                          screen.name ? screen.name : "?");
    }
    if (ui->depth >= UI_MAX_DEPTH) {
        ck_err_set(err, CK_ESTATE, "screen \"%s\" cannot be shown: %d screens are open already",
                   screen.name ? screen.name : "?", UI_MAX_DEPTH);
        destroy_screen(&screen);
        return CK_ESTATE;
    }
    apply(ui, ck_ui_go_push(screen), 0);
    return CK_OK;
}

const ck_ui_screen *ck_ui_top(const ck_ui *ui)
{
    return ui && ui->depth ? &ui->stack[ui->depth - 1] : NULL;
}

int ck_ui_depth(const ck_ui *ui)
{
    return ui ? ui->depth : 0;
}

bool ck_ui_quit_requested(const ck_ui *ui)
{
    return ui && ui->quit;
}

void ck_ui_redraw_at(ck_ui *ui, int64_t at_ms)
{
    if (ui && at_ms < ui->wake_at)
        ui->wake_at = at_ms;
}

int64_t ck_ui_next_wake(const ck_ui *ui)
{
    return ui->wake_at < ui->idle_deadline ? ui->wake_at : ui->idle_deadline;
}

void ck_ui_wake(ck_ui *ui)
{
    if (!ui || !ui->wake_type)
        return;
    SDL_Event e = {.type = ui->wake_type};
    e.user.windowID = 0;
    /* A full queue loses this wake; the screens' own ticks catch up with the news. */
    SDL_PushEvent(&e);
}

void ck_ui_set_inactivity(ck_ui *ui, int ms)
{
    if (!ui)
        return;
    ui->inactivity_ms = ms;
    if (ms <= 0)
        ui->idle_deadline = INT64_MAX;
    else if (ui->idle_deadline != INT64_MAX)
        ui->idle_deadline = ck_ui_now(ui) + ms;
}

void ui_input_seen(ck_ui *ui)
{
    if (ui->inactivity_ms > 0)
        ui->idle_deadline = ck_ui_now(ui) + ui->inactivity_ms;
}

/* Handle the inactivity deadline or an asked-for time if one has come. */
static bool fire_due(ck_ui *ui)
{
    int64_t now = ck_ui_now(ui);
    if (ui->idle_deadline <= now) {
        ui->idle_deadline = INT64_MAX;
        ck_ui_lines_clear(&ui->typed);
        apply(ui, ck_ui_go_home(), 0);
        ck_ui_event ev = {.kind = CK_UI_EV_HOME};
        ui_deliver(ui, &ev);
        return true;
    }
    if (ui->wake_at <= now) {
        ui->wake_at = INT64_MAX;
        ck_ui_event ev = {.kind = CK_UI_EV_TICK};
        ui_deliver(ui, &ev);
        /* A screen asking again for a time that has passed gets the next millisecond, so a
         * stopped (fake) clock cannot spin the loop. */
        if (ui->wake_at <= now)
            ui->wake_at = now + 1;
        return true;
    }
    return false;
}

void ui_frame_draw(ck_ui *ui)
{
    Uint64 t0 = SDL_GetPerformanceCounter();
    const ck_ui_palette *p = &ui->pal;
    SDL_RenderSetClipRect(ui->ren, NULL);
    SDL_SetRenderDrawColor(ui->ren, p->bg.r, p->bg.g, p->bg.b, 255);
    SDL_RenderClear(ui->ren);
    if (ui->depth) {
        const ck_ui_screen *top = &ui->stack[ui->depth - 1];
        ui->in_render = true;
        top->render(ui, top->state);
        ui->in_render = false;
    }
    SDL_RenderSetClipRect(ui->ren, NULL);
    SDL_RenderFlush(ui->ren);
    ui->last_frame_ms =
        (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

void ui_frame_present(ck_ui *ui)
{
    SDL_RenderPresent(ui->ren);
    if (ui->wait_each_frame) {
        Uint32 pixel;
        SDL_RenderReadPixels(ui->ren, &(SDL_Rect){0, 0, 1, 1}, SDL_PIXELFORMAT_ARGB8888, &pixel,
                             sizeof pixel);
    }
    ui->frames++;
    ui->dirty = false;
}

ck_rc ck_ui_pump(ck_ui *ui, int max_steps, ck_err *err)
{
    SDL_Event e;
    int steps = 0;
    if (!ui)
        return ck_err_set(err, CK_EINVAL, "ck_ui_pump: no context; open one with ck_ui_new");
    if (max_steps < 0)
        return ck_err_set(err, CK_EINVAL,
                          "ck_ui_pump: max_steps %d is negative; pass 0 for no limit", max_steps);
    while (!ui->quit && (max_steps == 0 || steps < max_steps)) {
        if (SDL_PollEvent(&e))
            ui_handle_sdl(ui, &e);
        else if (!fire_due(ui))
            break;
        steps++;
    }
    if (ui->dirty) {
        ui_frame_draw(ui);
        ui_frame_present(ui);
    }
    return CK_OK;
}

ck_rc ck_ui_run(ck_ui *ui, ck_err *err)
{
    ck_rc rc;
    if (!ui)
        return ck_err_set(err, CK_EINVAL, "ck_ui_run: no context; open one with ck_ui_new");
    if (ui->depth == 0)
        return ck_err_set(err, CK_ESTATE,
                          "ck_ui_run: no screen to show; push the root screen with "
                          "ck_ui_push first");
    ui->quit = false;
    while (!ui->quit) {
        /* Bounded so a flood of input still gets frames drawn. */
        if ((rc = ck_ui_pump(ui, 256, err)) != CK_OK)
            return rc;
        if (ui->quit)
            break;
        const char *msg = ck_ui_draw_error(ui);
        if (msg)
            fprintf(stderr, "classkiosk: %s\n", msg);
        int64_t next = ck_ui_next_wake(ui), now = ck_ui_now(ui);
        int timeout = next == INT64_MAX      ? -1
                      : next <= now          ? 0
                      : next - now > INT_MAX ? INT_MAX
                                             : (int)(next - now);
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, timeout))
            ui_handle_sdl(ui, &e);
    }
    return CK_OK;
}

void ck_ui_set_lang(ck_ui *ui, const ck_lang *lang)
{
    if (ui && ui->lang != lang) {
        ui->lang = lang;
        ui->dirty = true;
    }
}

const ck_lang *ck_ui_lang(const ck_ui *ui)
{
    return ui && ui->lang ? ui->lang : ck_lang_english();
}

void ck_ui_size(const ck_ui *ui, int *out_w, int *out_h)
{
    if (out_w)
        *out_w = ui->w;
    if (out_h)
        *out_h = ui->h;
}

int ck_ui_px(const ck_ui *ui, double units)
{
    return (int)lround(units * ui->scale);
}

double ck_ui_scale(const ck_ui *ui)
{
    return ui->scale;
}

const ck_ui_palette *ck_ui_colors(const ck_ui *ui)
{
    return &ui->pal;
}

void ck_ui_get_stats(const ck_ui *ui, ck_ui_stats *out)
{
    memset(out, 0, sizeof *out);
    out->frames = ui->frames;
    out->events = ui->events;
    out->last_frame_ms = ui->last_frame_ms;
    out->text_hits = ui->cache.hits;
    out->text_misses = ui->cache.misses;
    out->text_evictions = ui->cache.evictions;
    out->text_entries = ui->cache.entries;
    out->text_bytes = ui->cache.bytes;
    out->text_max_bytes = ui->cache.max_bytes;
    snprintf(out->renderer, sizeof out->renderer, "%s", ui->renderer);
}
