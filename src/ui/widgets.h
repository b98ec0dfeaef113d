/* Widgets for kiosk screens: buttons, scrolling lists, keyboards, a long text view, and more.
 *
 * Each widget is a plain struct the screen keeps in its state. The screen places it while
 * handling CK_UI_EV_LAYOUT (by setting .rect and the like), passes every event to
 * ck_ui_<widget>_event(), which changes the widget and reports what happened, and draws it in
 * render with ck_ui_<widget>_draw(), which changes nothing. Fields marked "state" belong to
 * the widget; zero them to start.
 */
#ifndef CK_UI_WIDGETS_H
#define CK_UI_WIDGETS_H

#include "ui/draw.h"
#include "ui/ui.h"

/* ---- Scrolling by finger drag (with momentum), mouse wheel and keys ---- */

/* State of a scrolled area: used inside ck_ui_list and ck_ui_textview. */
typedef struct ck_ui_scroll {
    float offset;    /* pixels scrolled from the top, 0..max */
    float max;       /* content height minus viewport height, >= 0 */
    float step;      /* pixels per wheel notch or arrow key */
    float velocity;  /* state: pixels per second while gliding after a fling */
    int64_t glide_t; /* state: time of the last glide step */
    bool tracking;   /* state: a pointer went down inside */
    bool dragging;   /* state: it moved far enough to be a drag, not a tap */
    bool caught;     /* state: it went down on a gliding list: stop, do not tap */
    float down_x, down_y, last_y;
    int64_t sample_t[4]; /* state: recent pointer positions for the fling speed */
    float sample_y[4];
    int nsamples;
} ck_ui_scroll;

typedef enum ck_ui_scroll_result {
    CK_UI_SCROLL_NONE,
    CK_UI_SCROLL_MOVED, /* offset changed */
    CK_UI_SCROLL_TAP,   /* a tap at (x, y) of the event, not a drag */
    CK_UI_SCROLL_PRESS, /* a pointer went down; it may still become a tap or a drag */
} ck_ui_scroll_result;

/* Set the content and viewport heights, keeping the offset in range. */
void ck_ui_scroll_resize(ck_ui_scroll *s, float content_h, float view_h, float step);
/* Feed an event for the viewport r. */
ck_ui_scroll_result ck_ui_scroll_event(ck_ui *ui, ck_ui_scroll *s, ck_ui_rect r,
                                       const ck_ui_event *ev);
/* Jump to an offset (clamped), stopping any glide. */
void ck_ui_scroll_to(ck_ui_scroll *s, float offset);
/* A thin bar at the right edge of r that shows where the view is; nothing if all fits. */
void ck_ui_scroll_draw_bar(ck_ui *ui, const ck_ui_scroll *s, ck_ui_rect r);

/* ---- Buttons ---- */

typedef enum ck_ui_button_kind {
    CK_UI_BUTTON_PRIMARY = 0, /* the one thing to do: filled accent */
    CK_UI_BUTTON_SECONDARY,   /* other choices: outlined */
    CK_UI_BUTTON_DANGER,      /* undoing, deleting: filled red */
    CK_UI_BUTTON_QUIET,       /* back, cancel: text only */
} ck_ui_button_kind;

typedef struct ck_ui_button {
    ck_ui_rect rect;
    const char *label; /* not copied: keep it alive while the button is */
    ck_ui_button_kind kind;
    bool disabled;
    bool back_icon; /* draw a "<" before the label */
    bool pressed;   /* state: a pointer is down on it (drawn darker) */
    bool tracking;  /* state */
} ck_ui_button;

/* True when the button is activated: pressed and released inside, while enabled. */
bool ck_ui_button_event(ck_ui *ui, ck_ui_button *b, const ck_ui_event *ev);
void ck_ui_button_draw(ck_ui *ui, const ck_ui_button *b);

/* ---- Lists of big rows ---- */

typedef struct ck_ui_list {
    ck_ui_rect rect;
    int row_h;
    size_t count;
    ck_ui_scroll scroll; /* state */
    bool pressing;       /* state: a finger is on row pressed_row */
    size_t pressed_row;
    bool has_selection; /* the row last tapped is drawn highlighted */
    size_t selected;
} ck_ui_list;

/* Place the list and say how many rows it has; keeps the scroll position in range. */
void ck_ui_list_layout(ck_ui_list *l, ck_ui_rect r, int row_h, size_t count);
/* The row tapped by this event, or -1. Drags and the wheel scroll the list. */
long ck_ui_list_event(ck_ui *ui, ck_ui_list *l, const ck_ui_event *ev);
/* Draws one row: ctx is the screen's, r the row's place, pressed for feedback. */
typedef void (*ck_ui_row_fn)(ck_ui *ui, const void *ctx, size_t row, ck_ui_rect r, bool pressed);
/* Draw the visible rows through draw_row, clipped to the list, and a scroll bar. */
void ck_ui_list_draw(ck_ui *ui, const ck_ui_list *l, ck_ui_row_fn draw_row, const void *ctx);

/* ---- Status pills ---- */

typedef enum ck_ui_pill_kind {
    CK_UI_PILL_IN = 0,   /* checked in now */
    CK_UI_PILL_OUT,      /* checked out */
    CK_UI_PILL_COMPLETE, /* the day or the course is complete */
    CK_UI_PILL_MISSING,  /* time is missing */
} ck_ui_pill_kind;

/* Width and height of a pill; label NULL uses the kind's word ("In", "Out", ...). */
void ck_ui_pill_size(ck_ui *ui, ck_ui_pill_kind kind, const char *label, int *out_w, int *out_h);
/* Draw a pill filling r (sized with ck_ui_pill_size). */
void ck_ui_pill_draw(ck_ui *ui, ck_ui_rect r, ck_ui_pill_kind kind, const char *label);

/* A standard list row: a title, a muted detail line, and a pill at the right. */
typedef struct ck_ui_row {
    const char *title;
    const char *detail; /* may be NULL */
    bool has_pill;
    ck_ui_pill_kind pill;
    const char *pill_label;       /* NULL: the kind's word */
    bool pressed, selected, last; /* last: no divider below */
} ck_ui_row;
void ck_ui_row_draw(ck_ui *ui, ck_ui_rect r, const ck_ui_row *row);

/* ---- A one-line text field ---- */

#define CK_UI_FIELD_MAX 128

typedef struct ck_ui_field {
    ck_ui_rect rect;
    const char *placeholder; /* shown muted while empty */
    bool plain;              /* free text, not a search: no magnifier */
    char text[CK_UI_FIELD_MAX];
    size_t len;
} ck_ui_field;

/* Append UTF-8 text; false (and nothing added) if it would not fit. */
bool ck_ui_field_insert(ck_ui_field *f, const char *utf8);
/* Remove the last character; false if empty. */
bool ck_ui_field_backspace(ck_ui_field *f);
void ck_ui_field_clear(ck_ui_field *f);
/* Typing on a physical keyboard: TEXT and Backspace. True when the text changed. */
bool ck_ui_field_event(ck_ui *ui, ck_ui_field *f, const ck_ui_event *ev);
void ck_ui_field_draw(ck_ui *ui, const ck_ui_field *f);

/* ---- On-screen QWERTY keyboard ---- */

typedef struct ck_ui_keyboard {
    ck_ui_rect rect;
    const char *enter_label; /* a wide key at the bottom right; NULL: none */
    bool numbers;            /* a row of digits on top, and "," "." beside space: free text */
    bool tracking;           /* state: a pointer is down on the keyboard */
    int pressed;             /* state: the key under it, -1 for none */
} ck_ui_keyboard;

typedef enum ck_ui_keyboard_result {
    CK_UI_KEYBOARD_NONE,
    CK_UI_KEYBOARD_CHANGED, /* the field's text changed */
    CK_UI_KEYBOARD_ENTER,   /* the enter key was tapped */
} ck_ui_keyboard_result;

/* Taps type into f: letters, space, apostrophe, hyphen, backspace (and digits, comma and
 * full stop with .numbers). */
ck_ui_keyboard_result ck_ui_keyboard_event(ck_ui *ui, ck_ui_keyboard *k, ck_ui_field *f,
                                           const ck_ui_event *ev);
void ck_ui_keyboard_draw(ck_ui *ui, const ck_ui_keyboard *k);
/* Where key i is and what it types ("q", " ", "\b" for backspace, "\n" for enter);
 * false past the last key. For tests and for screens that label keys differently. */
bool ck_ui_keyboard_key(const ck_ui *ui, const ck_ui_keyboard *k, int i, ck_ui_rect *out,
                        const char **out_types);

/* ---- Numeric PIN keypad ---- */

#define CK_UI_PIN_MAX 12

typedef struct ck_ui_keypad {
    ck_ui_rect rect;                /* the dots row on top, then 4 rows of 3 keys */
    int min_len, max_len;           /* OK is enabled from min_len digits; 4 and 8 if zero */
    char digits[CK_UI_PIN_MAX + 1]; /* state: what was entered */
    int len;                        /* state */
    bool rejected;                  /* state: the last PIN was wrong (dots drawn red until a key) */
    bool tracking;                  /* state: a pointer is down on the keypad */
    int pressed;                    /* state: the key under it, -1 for none */
} ck_ui_keypad;

typedef enum ck_ui_keypad_result {
    CK_UI_KEYPAD_NONE,
    CK_UI_KEYPAD_CHANGED, /* a digit was added or removed */
    CK_UI_KEYPAD_SUBMIT,  /* OK (or Enter) with at least min_len digits: read .digits */
} ck_ui_keypad_result;

/* Taps on the keys, or digits, Backspace and Enter on a physical keyboard. */
ck_ui_keypad_result ck_ui_keypad_event(ck_ui *ui, ck_ui_keypad *p, const ck_ui_event *ev);
void ck_ui_keypad_draw(ck_ui *ui, const ck_ui_keypad *p);
/* Forget the digits (wiped from memory); rejected marks the attempt as wrong. */
void ck_ui_keypad_clear(ck_ui_keypad *p, bool rejected);
/* Where key i (0..11: 1-9, backspace, 0, OK) is. */
ck_ui_rect ck_ui_keypad_key(const ck_ui *ui, const ck_ui_keypad *p, int i);

/* ---- A long text to read: scrolls, and tells when its end has been seen ---- */

typedef struct ck_ui_textview_line ck_ui_textview_line;

typedef struct ck_ui_textview {
    ck_ui_rect rect;
    const char *text;           /* not copied: keep it alive while the view is */
    ck_ui_textview_line *lines; /* state: laid out by ck_ui_textview_layout */
    size_t nlines;
    int px, line_h, pad; /* state */
    float content_h;     /* state */
    ck_ui_scroll scroll; /* state */
    bool at_end;         /* state: the last line has been on screen */
} ck_ui_textview;

/* Lay out text for r: a blank line separates paragraphs, a single newline breaks a line,
 * a line starting with "# " is a heading. Call again on every LAYOUT; the reading position
 * and at_end are kept. */
ck_rc ck_ui_textview_layout(ck_ui *ui, ck_ui_textview *tv, ck_ui_rect r, const char *text,
                            ck_err *err);
/* True once, when this event brings the last line into view. */
bool ck_ui_textview_event(ck_ui *ui, ck_ui_textview *tv, const ck_ui_event *ev);
void ck_ui_textview_draw(ck_ui *ui, const ck_ui_textview *tv);
/* How far the reader has got, 0..1. */
float ck_ui_textview_progress(const ck_ui_textview *tv);
/* Free the laid-out lines. */
void ck_ui_textview_release(ck_ui_textview *tv);

/* ---- Progress bar ---- */

/* A rounded bar filled to fraction (clamped to 0..1). */
void ck_ui_progress_draw(ck_ui *ui, ck_ui_rect r, float fraction);

/* ---- Long press (hidden trainer entry) ---- */

typedef struct ck_ui_longpress {
    ck_ui_rect rect; /* where to hold, e.g. a corner */
    int hold_ms;     /* 2000 if zero */
    bool holding;    /* state */
    bool fired;      /* state: fired for this press already */
    float x, y;      /* state */
    int64_t down_t;  /* state */
} ck_ui_longpress;

/* True once when a pointer has been held still in rect for hold_ms. */
bool ck_ui_longpress_event(ck_ui *ui, ck_ui_longpress *lp, const ck_ui_event *ev);
/* A ring filling up around the finger while held (after a short delay); nothing otherwise. */
void ck_ui_longpress_draw(ck_ui *ui, const ck_ui_longpress *lp);

/* ---- A calm full-screen message (errors, "ask your trainer") ---- */

typedef enum ck_ui_message_kind {
    CK_UI_MESSAGE_INFO = 0,
    CK_UI_MESSAGE_PROBLEM, /* something went wrong: still calm, not red */
    CK_UI_MESSAGE_DONE,    /* a success */
} ck_ui_message_kind;

typedef struct ck_ui_message {
    ck_ui_message_kind kind;
    const char *title;
    const char *body; /* may be NULL */
    const char *hint; /* small print at the bottom, may be NULL */
} ck_ui_message;

/* Draw the message centred in r, leaving button_h pixels free below the body. */
void ck_ui_message_draw(ck_ui *ui, ck_ui_rect r, const ck_ui_message *m, int button_h);
/* The space left free for buttons by ck_ui_message_draw with the same arguments. */
ck_ui_rect ck_ui_message_button_slot(ck_ui *ui, ck_ui_rect r, const ck_ui_message *m, int button_h);
/* A ready screen showing m with one button (label, e.g. "OK") that pops it. The strings are
 * copied. */
ck_rc ck_ui_message_screen(ck_ui_screen *out, const ck_ui_message *m, const char *button,
                           ck_err *err);

#endif
