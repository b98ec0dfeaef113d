/* The kiosk's SDL2 context: one window, a stack of screens, and the loop that sleeps until needed.
 *
 * A screen is a struct of callbacks: handle_event changes the screen's state and says what
 * happens next; render only draws. The loop sleeps in SDL_WaitEventTimeout until an event or
 * the next time something visible changes (a time a screen asked for with ck_ui_redraw_at, or
 * the inactivity deadline), so an idle kiosk uses no CPU. Sizes are in output pixels; widgets
 * scale from the window size through ck_ui_px() and the type scale.
 */
#ifndef CK_UI_UI_H
#define CK_UI_UI_H

#include "common/err.h"
#include "common/lang.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ck_ui ck_ui;

/* A rectangle in output pixels. */
typedef struct ck_ui_rect {
    int x, y, w, h;
} ck_ui_rect;

/* A colour, straight (not premultiplied) alpha. */
typedef struct ck_ui_color {
    uint8_t r, g, b, a;
} ck_ui_color;

/* How the context is opened. Zeroed fields take the default named beside them. */
typedef struct ck_ui_opts {
    const char *title;     /* window title; "classkiosk" */
    bool fullscreen;       /* desktop fullscreen; otherwise a window of width x height */
    int width, height;     /* windowed size in pixels; 1280 x 800 */
    const char *fonts_dir; /* folder holding NotoSans-Regular.ttf (required) */
    double scale;          /* pixels per design unit; 0 derives it from the window size */
    int inactivity_ms;     /* back to the root screen after this long untouched; 30000;
                              negative: never */
    int64_t (*now_ms)(void *clock_ctx); /* wall clock in ms since 1970; the system's */
    void *clock_ctx;
    int text_cache_entries; /* rendered texts kept; 256 */
    bool software;          /* SDL's software renderer; without it, a GPU's (when the machine
                               has one, /dev/dri) or SDL_RENDER_DRIVER's, else software too */
    bool vsync;             /* wait for the display's refresh on present */
    bool hide_cursor;       /* a touchscreen kiosk hides the mouse pointer (until a real
                               mouse moves: then it shows, so a station with a mouse works) */
    /* Faces for the characters Noto Sans lacks (Chinese, Japanese, Korean), tried in order:
     * font files and the face in each (NULL indexes: 0); one that cannot be opened is logged
     * and left out. */
    const char *const *fallback_fonts;
    const int *fallback_indexes;
    size_t nfallback_fonts;
} ck_ui_opts;

/* Open the window and load the fonts. */
ck_rc ck_ui_new(ck_ui **out, const ck_ui_opts *opts, ck_err *err);
/* Close the window, destroying every screen still on the stack. NULL is a no-op. */
void ck_ui_free(ck_ui *ui);

/* Keys that reach screens as CK_UI_EV_KEY; letters and digits arrive as CK_UI_EV_TEXT. */
typedef enum ck_ui_key {
    CK_UI_KEY_NONE,
    CK_UI_KEY_ENTER, /* only when no typed line is pending: otherwise the line is a SCAN */
    CK_UI_KEY_BACKSPACE,
    CK_UI_KEY_DELETE,
    CK_UI_KEY_ESCAPE,
    CK_UI_KEY_TAB,
    CK_UI_KEY_UP,
    CK_UI_KEY_DOWN,
    CK_UI_KEY_LEFT,
    CK_UI_KEY_RIGHT,
    CK_UI_KEY_PAGEUP,
    CK_UI_KEY_PAGEDOWN,
    CK_UI_KEY_HOME,
    CK_UI_KEY_END,
    CK_UI_KEY_F12, /* a function key a kiosk can reserve for its keeper */
} ck_ui_key;

typedef enum ck_ui_event_kind {
    CK_UI_EV_LAYOUT, /* the screen is about to be shown or the window changed size: place
                        widgets for w x h (always comes before SHOW) */
    CK_UI_EV_SHOW,   /* the screen is now on top (pushed, uncovered, or home) */
    CK_UI_EV_HIDE,   /* another screen covers this one or it is leaving: drop pointer
                        tracking; the screen is not destroyed by this */
    CK_UI_EV_TICK,   /* a time asked for with ck_ui_redraw_at has come */
    CK_UI_EV_DOWN,   /* a finger or the left mouse button went down at x, y */
    CK_UI_EV_MOVE,   /* ... moved while down */
    CK_UI_EV_UP,     /* ... was lifted */
    CK_UI_EV_CANCEL, /* the pointer gesture is abandoned (window lost focus) */
    CK_UI_EV_WHEEL,  /* mouse wheel at x, y; wheel > 0 is away from the user (content up) */
    CK_UI_EV_TEXT,   /* characters typed on a physical keyboard or a scanner */
    CK_UI_EV_KEY,    /* a special key, see ck_ui_key */
    CK_UI_EV_SCAN,   /* a typed line ended by Enter: a barcode scanner's read (a line
                        begun on another screen is dropped when the screen changes) */
    CK_UI_EV_QUIT,   /* window close or Alt-F4: the screen may ignore it */
    CK_UI_EV_HOME,   /* nobody touched the kiosk for the inactivity time; sent to the root
                        after the stack went back to it, so it can clear itself */
    CK_UI_EV_WAKE,   /* another thread called ck_ui_wake(): it has news for the screens */
} ck_ui_event_kind;

/* One event as a screen sees it. Strings are valid during the call only. */
typedef struct ck_ui_event {
    ck_ui_event_kind kind;
    int64_t now;      /* the context's clock, ms */
    float x, y;       /* DOWN, MOVE, UP, WHEEL: output pixels */
    bool touch;       /* DOWN, MOVE, UP: from a finger rather than the mouse */
    float wheel;      /* WHEEL: notches, positive away from the user */
    ck_ui_key key;    /* KEY */
    const char *text; /* TEXT: the characters; SCAN: the line, without the Enter */
    int w, h;         /* LAYOUT: output size in pixels */
} ck_ui_event;

typedef struct ck_ui_next ck_ui_next;

/* A screen: its state and what to do with it. The stack owns the state once pushed and
 * calls destroy(state) when the screen leaves the stack. */
typedef struct ck_ui_screen {
    const char *name; /* for messages and tests */
    void *state;
    ck_ui_next (*handle_event)(ck_ui *ui, void *state, const ck_ui_event *ev);
    void (*render)(ck_ui *ui, const void *state); /* draws only */
    void (*destroy)(void *state);                 /* may be NULL */
} ck_ui_screen;

typedef enum ck_ui_action {
    CK_UI_STAY,
    CK_UI_PUSH,    /* cover this screen with .screen */
    CK_UI_POP,     /* leave this screen; the one below shows again */
    CK_UI_REPLACE, /* leave this screen for .screen */
    CK_UI_HOME,    /* back to the root screen */
    CK_UI_QUIT,    /* end ck_ui_run() */
} ck_ui_action;

/* What handle_event wants next. */
struct ck_ui_next {
    ck_ui_action action;
    ck_ui_screen screen; /* PUSH, REPLACE */
};

/* Results for handle_event. */
ck_ui_next ck_ui_go_stay(void);
ck_ui_next ck_ui_go_push(ck_ui_screen screen);
ck_ui_next ck_ui_go_pop(void);
ck_ui_next ck_ui_go_replace(ck_ui_screen screen);
ck_ui_next ck_ui_go_home(void);
ck_ui_next ck_ui_go_quit(void);

/* Put a screen on top of the stack; the first one pushed is the root. On failure the
 * screen is destroyed, so the caller never frees a screen it passed in. */
ck_rc ck_ui_push(ck_ui *ui, ck_ui_screen screen, ck_err *err);
/* The screen on top, or NULL when the stack is empty. */
const ck_ui_screen *ck_ui_top(const ck_ui *ui);
/* How many screens are on the stack. */
int ck_ui_depth(const ck_ui *ui);

/* Run the kiosk until a screen returns ck_ui_go_quit(). */
ck_rc ck_ui_run(ck_ui *ui, ck_err *err);
/* Handle what is pending now without waiting: queued events, due times, the inactivity
 * deadline, then draw once if anything changed. At most max_steps events or times are
 * handled (0: no limit). For tests with a fake clock, and benchmarks. */
ck_rc ck_ui_pump(ck_ui *ui, int max_steps, ck_err *err);
/* True once a screen has returned ck_ui_go_quit(). */
bool ck_ui_quit_requested(const ck_ui *ui);

/* Ask for a TICK (and a new frame) at time at_ms of the context's clock. Screens call it
 * from handle_event for animations and long presses; render may call it for what depends on
 * the time (a clock). */
void ck_ui_redraw_at(ck_ui *ui, int64_t at_ms);
/* The context's clock, ms since 1970. */
int64_t ck_ui_now(const ck_ui *ui);
/* Wake the loop from another thread: the top screen gets a CK_UI_EV_WAKE soon after. The only
 * call that is safe from a thread other than the loop's; wakes are not counted as input. */
void ck_ui_wake(ck_ui *ui);
/* Change the inactivity time (ms; negative: never), e.g. longer while a trainer works. A
 * deadline already running is moved to ms after now. */
void ck_ui_set_inactivity(ck_ui *ui, int ms);
/* When the loop will next wake by itself if nothing happens (ms), or INT64_MAX for never. */
int64_t ck_ui_next_wake(const ck_ui *ui);

/* The language of the person at the screen: every text the toolkit words itself (a pill's
 * word, the space bar) is in it, and the screens word theirs with it too. English until set. */
void ck_ui_set_lang(ck_ui *ui, const ck_lang *lang);
/* The texts drawn cut to fit (with "…", or a word broken) since the last call, unless the text
 * says it may be (ck_ui_text.may_cut): how many, the first ones copied into out one per line.
 * Each is also logged to stderr once, so a station shows which words need a shorter
 * translation. */
size_t ck_ui_take_cuts(ck_ui *ui, char *out, size_t n);
const ck_lang *ck_ui_lang(const ck_ui *ui);

/* Output size in pixels. */
void ck_ui_size(const ck_ui *ui, int *out_w, int *out_h);
/* Design units to pixels: 1 unit is 1 pixel on a 1920x1080 screen and scales with the
 * window's shorter side, so layouts work from 1024x600 to 4K and in portrait. */
int ck_ui_px(const ck_ui *ui, double units);
/* Pixels per design unit. */
double ck_ui_scale(const ck_ui *ui);

/* Counters for tests and benchmarks. */
typedef struct ck_ui_stats {
    long frames;          /* frames drawn and presented */
    long events;          /* events delivered to screens */
    double last_frame_ms; /* time spent drawing the last frame */
    long text_hits, text_misses, text_evictions;
    int text_entries;      /* rendered texts held now */
    size_t text_bytes;     /* their pixels, 4 bytes each */
    size_t text_max_bytes; /* the most they may hold: three screens' worth */
    char renderer[24];     /* SDL's name for the renderer in use ("software", "opengl") */
} ck_ui_stats;
void ck_ui_get_stats(const ck_ui *ui, ck_ui_stats *out);

/* The first drawing failure since the last call (a text that did not render, a texture
 * that could not be made), or NULL. Drawing goes on after one; this tells tests and logs. */
const char *ck_ui_draw_error(ck_ui *ui);

/* Draw the top screen and save the frame as a PNG file. */
ck_rc ck_ui_screenshot(ck_ui *ui, const char *path, ck_err *err);

/* Test hooks: each queues a real SDL event, as the devices would, for the next pump. */
typedef enum ck_ui_phase { CK_UI_PRESS, CK_UI_DRAG, CK_UI_RELEASE } ck_ui_phase;
/* Left mouse button or mouse motion at x, y (output pixels). */
ck_rc ck_ui_inject_mouse(ck_ui *ui, ck_ui_phase phase, float x, float y, ck_err *err);
/* Finger `finger` touching at x, y (output pixels; sent normalised, as touchscreens do). */
ck_rc ck_ui_inject_finger(ck_ui *ui, ck_ui_phase phase, long finger, float x, float y, ck_err *err);
/* Mouse wheel notches at x, y; positive is away from the user. */
ck_rc ck_ui_inject_wheel(ck_ui *ui, float x, float y, float notches, ck_err *err);
/* Text typed on a physical keyboard (UTF-8, any length). */
ck_rc ck_ui_inject_text(ck_ui *ui, const char *utf8, ck_err *err);
/* A special key pressed and released. */
ck_rc ck_ui_inject_key(ck_ui *ui, ck_ui_key key, ck_err *err);
/* Alt-F4 pressed and released. */
ck_rc ck_ui_inject_alt_f4(ck_ui *ui, ck_err *err);
/* The window manager's close button. */
ck_rc ck_ui_inject_quit(ck_ui *ui, ck_err *err);

#endif
