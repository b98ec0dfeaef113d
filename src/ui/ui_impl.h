/* Private to ui/: the context's insides, the only header that names SDL types. */
#ifndef CK_UI_IMPL_H
#define CK_UI_IMPL_H

#include "common/mem.h"
#include "ui/draw.h"
#include "ui/lines.h"
#include "ui/ui.h"

#include <SDL.h>
#include <SDL_ttf.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define UI_MAX_DEPTH 16
#define UI_MAX_FALLBACK 4

/* One rendered text kept as a texture; in a hash chain and on the LRU list. */
typedef struct text_entry {
    struct text_entry *chain;         /* next in the hash bucket */
    struct text_entry *newer, *older; /* LRU list */
    uint64_t hash;
    char *str;
    int px, wrap_w, max_lines;
    bool bold;
    ck_ui_align align;
    ck_ui_color color;
    SDL_Texture *tex;
    int w, h;
    bool cut;      /* laid out with "…" or a word broken */
    bool reported; /* its cut was reported */
} text_entry;

typedef struct text_cache {
    text_entry **buckets;
    size_t nbuckets;
    text_entry *newest, *oldest;
    int entries, max_entries;
    size_t bytes, max_bytes;
    long hits, misses, evictions;
} text_cache;

/* One line of laid-out text: bytes [start, start + len) of the string, plus "…" if cut. */
typedef struct text_line {
    size_t start, len;
    bool ellipsis;
} text_line;

struct ck_ui {
    SDL_Window *win;
    SDL_Renderer *ren;
    bool sdl_up, ttf_up;
    int w, h;         /* output pixels */
    float win_to_out; /* output pixels per window coordinate (HiDPI) */
    double scale, scale_opt;
    ck_ui_palette pal;

    TTF_Font *font[2]; /* regular, bold */
    int font_px[2];
    bool synth_bold;                     /* no bold face found: the regular one emboldened */
    TTF_Font *fallback[UI_MAX_FALLBACK]; /* for characters the main faces lack (fallback.c) */
    int fallback_px[UI_MAX_FALLBACK];
    bool fallback_bold[UI_MAX_FALLBACK];
    int nfallback;
    char *run; /* one run of text in one face, NUL-terminated */
    size_t run_cap;
    text_cache cache;
    char *scratch; /* a NUL-terminated copy of one paragraph or line */
    size_t scratch_cap;
    text_line *lines; /* laid-out lines of the text being drawn */
    size_t lines_cap;

    SDL_Vertex *verts; /* geometry being built */
    int *idx;
    int nverts, nidx;
    size_t verts_cap, idx_cap;
    float *pts; /* outline points, x y pairs */
    size_t pts_cap;

    int64_t (*now_ms)(void *ctx);
    void *clock_ctx;

    ck_ui_screen stack[UI_MAX_DEPTH];
    int depth;
    int inactivity_ms;
    Uint32 wake_type;      /* SDL user event type of ck_ui_wake(), or 0 if none could be had */
    int64_t idle_deadline; /* INT64_MAX when not armed */
    int64_t wake_at;       /* INT64_MAX when nothing asked */
    bool dirty, quit, in_render;

    ck_ui_lines typed; /* the line a keyboard or scanner is typing */
    bool mouse_down;
    bool cursor_hidden; /* hidden for touch; shown when a real mouse moves */
    bool finger_down;
    SDL_FingerID finger;

    const ck_lang *lang; /* of the person at the screen */

    char renderer[24];    /* SDL's name for the renderer in use */
    bool wait_each_frame; /* read a pixel back after each present (offscreen GL) */
    bool layout_cut;      /* the last ui_text_layout() cut its text */
    size_t cuts;          /* texts drawn cut since ck_ui_take_cuts() */
    char cut_text[512];   /* the first of them, one per line */

    long frames, events;
    double last_frame_ms;
    char draw_err[256], draw_err_out[256];
};

/* text.c */
ck_rc ui_text_init(ck_ui *ui, const char *fonts_dir, int max_entries, ck_err *err);
void ui_text_fini(ck_ui *ui);
void ui_text_flush(ck_ui *ui);
/* Bound the text cache by the window's size (after a resize: evict what no longer fits). */
void ui_text_fit(ck_ui *ui);
/* Lay out str for a font size and width into ui->lines; returns the count. ui->layout_cut:
 * whether it had to cut (a "…" or a word broken). */
size_t ui_text_layout(ck_ui *ui, const char *str, int px, bool bold, int wrap_w, int max_lines);
/* Pixel size and weight of a text spec. */
int ui_text_px(const ck_ui *ui, const ck_ui_text *t);

/* fallback.c: SDL_ttf's size, measure and render calls for main's text, with the characters
 * main lacks in the fallback faces. */
void ui_fallback_open(ck_ui *ui, const char *const *paths, const int *indexes, size_t n);
void ui_fallback_close(ck_ui *ui);
int ui_text_size(ck_ui *ui, TTF_Font *main, const char *s, int *w);
int ui_text_measure(ck_ui *ui, TTF_Font *main, const char *s, int width, int *extent, int *count);
SDL_Surface *ui_text_render(ck_ui *ui, TTF_Font *main, const char *s, SDL_Color color);

/* draw.c */
void ui_draw_fini(ck_ui *ui);
SDL_Color ui_sdl_color(ck_ui_color c);

/* ui.c */
/* Remember the first drawing failure for ck_ui_draw_error(). */
void ui_draw_failed(ck_ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
ck_ui_palette ui_default_palette(void);
void ui_update_size(ck_ui *ui);
/* Give an event to the top screen and apply what it answers. */
void ui_deliver(ck_ui *ui, ck_ui_event *ev);
/* A person touched or typed: push the inactivity deadline back. */
void ui_input_seen(ck_ui *ui);
/* Draw the top screen into the back buffer; present it. */
void ui_frame_draw(ck_ui *ui);
void ui_frame_present(ck_ui *ui);

/* input.c: turn one SDL event into screen events. */
void ui_handle_sdl(ck_ui *ui, const SDL_Event *e);

#endif
