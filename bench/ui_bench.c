/* ui/ benchmark: time to the first frame, milliseconds per frame while scrolling a long text,
 * and CPU used by the loop while the kiosk sits idle.
 *
 *   ui_bench [--size WxH] [--frames N] [--idle SECONDS] [--software] [--fonts DIR]
 *
 * Runs on any SDL video driver: SDL_VIDEODRIVER=offscreen for a headless machine, x11 under
 * Xvfb to see how the real loop sleeps.
 */
#include "ui/draw.h"
#include "ui/ui.h"
#include "ui/widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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
    fprintf(stderr, "usage: ui_bench [--size WxH] [--frames N] [--idle SECONDS] [--software] "
                    "[--fonts DIR]\n");
    return 2;
}

int main(int argc, char **argv)
{
    int w = 1920, h = 1080, frames = 600, idle = 2;
    bool software = false;
    const char *fonts = default_fonts();
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
        } else if (strcmp(argv[i], "--software") == 0) {
            software = true;
        } else {
            return usage();
        }
    }
    if (frames < 10 || idle < 0)
        return usage();
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
