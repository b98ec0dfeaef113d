/* Drawing for screens: the palette, layout helpers, anti-aliased shapes, and cached text. */
#ifndef CK_UI_DRAW_H
#define CK_UI_DRAW_H

#include "ui/ui.h"

/* The one palette: dark text on a warm light background, one accent. */
typedef struct ck_ui_palette {
    ck_ui_color bg, surface, surface_sunk, border, shadow;
    ck_ui_color text, text_muted, text_on_accent, text_disabled;
    ck_ui_color accent, accent_pressed, accent_soft;
    ck_ui_color danger, danger_pressed, danger_soft;
    ck_ui_color ok, ok_soft, warn, warn_soft, neutral_soft, disabled;
} ck_ui_palette;

/* The palette in use. */
const ck_ui_palette *ck_ui_colors(const ck_ui *ui);

/* Design units shared by screens so spacing is the same everywhere. */
enum {
    CK_UI_GAP = 16,      /* between related things */
    CK_UI_MARGIN = 40,   /* screen edge to content */
    CK_UI_RADIUS = 20,   /* corners of cards and buttons */
    CK_UI_TARGET = 64,   /* smallest touch target (64 px at 1080p: 11 mm at 141 dpi) */
    CK_UI_BUTTON_H = 96, /* height of a button */
    CK_UI_ROW_H = 112,   /* height of a list row */
};

/* The type scale, in design units (body is 32 px at 1080p). */
typedef enum ck_ui_type {
    CK_UI_TEXT_BODY = 0, /* the default */
    CK_UI_TEXT_SMALL,
    CK_UI_TEXT_LARGE,
    CK_UI_TEXT_TITLE,
    CK_UI_TEXT_DISPLAY,
} ck_ui_type;

/* Pixel size of a step of the type scale at the current window size. */
int ck_ui_type_px(const ck_ui *ui, ck_ui_type type);

typedef enum ck_ui_align { CK_UI_LEFT = 0, CK_UI_CENTER, CK_UI_RIGHT } ck_ui_align;
typedef enum ck_ui_valign { CK_UI_TOP = 0, CK_UI_MIDDLE, CK_UI_BOTTOM } ck_ui_valign;

/* A piece of text to draw. Zeroed fields: body size, regular weight, palette text colour,
 * left/top, as many lines as fit. */
typedef struct ck_ui_text {
    const char *str; /* UTF-8; '\n' breaks a line */
    ck_ui_type type;
    int px; /* exact pixel size instead of type */
    bool bold;
    ck_ui_color color; /* alpha 0 means the palette's text colour */
    ck_ui_align align;
    ck_ui_valign valign;
    int max_lines; /* wrap into at most this many lines, the last ending in "…";
                      1 gives a single line cut with "…"; 0: as many as fit */
    bool may_cut;  /* cutting it to fit is the design (a long name in a list row): the toolkit
                      does not report it (ck_ui_take_cuts) */
} ck_ui_text;

/* Draw text wrapped to r.w, placed in r by align and valign. Text that does not fit (more lines
 * than r.h or max_lines hold, or a word wider than r.w) is cut, and reported unless may_cut. */
void ck_ui_draw_text(ck_ui *ui, ck_ui_rect r, const ck_ui_text *t);
/* Size the text would take wrapped to max_w (0: no wrapping). */
void ck_ui_measure_text(ck_ui *ui, const ck_ui_text *t, int max_w, int *out_w, int *out_h);
/* Distance between baselines of two lines of this text. */
int ck_ui_line_height(ck_ui *ui, const ck_ui_text *t);

/* Shapes. Edges are anti-aliased; radius is in pixels. */
void ck_ui_fill_rect(ck_ui *ui, ck_ui_rect r, ck_ui_color c);
void ck_ui_fill_round(ck_ui *ui, ck_ui_rect r, float radius, ck_ui_color c);
/* An outline of the given width inside r. */
void ck_ui_stroke_round(ck_ui *ui, ck_ui_rect r, float radius, float width, ck_ui_color c);
/* A soft shadow for a card of shape r (usually moved down a little), spreading blur pixels.
 * Only the rim is drawn: draw the opaque card over it. */
void ck_ui_shadow(ck_ui *ui, ck_ui_rect r, float radius, float blur, ck_ui_color c);
void ck_ui_fill_circle(ck_ui *ui, float cx, float cy, float radius, ck_ui_color c);
/* An arc of a ring from angle a0 to a1 (radians, 0 at 12 o'clock, clockwise). */
void ck_ui_arc(ck_ui *ui, float cx, float cy, float radius, float width, float a0, float a1,
               ck_ui_color c);
/* A line with round ends. */
void ck_ui_line(ck_ui *ui, float x0, float y0, float x1, float y1, float width, ck_ui_color c);
/* Icons drawn from lines, fitted to r. */
void ck_ui_icon_check(ck_ui *ui, ck_ui_rect r, ck_ui_color c);
void ck_ui_icon_backspace(ck_ui *ui, ck_ui_rect r, ck_ui_color c);
void ck_ui_icon_back(ck_ui *ui, ck_ui_rect r, ck_ui_color c);
/* A raised card: the surface colour, rounded, on a soft shadow. */
void ck_ui_card_draw(ck_ui *ui, ck_ui_rect r);
/* Only draw inside r until ck_ui_unclip(). */
void ck_ui_clip(ck_ui *ui, ck_ui_rect r);
void ck_ui_unclip(ck_ui *ui);

/* Layout helpers: cut a strip off one side of *r and return it; *r keeps the rest. */
ck_ui_rect ck_ui_cut_top(ck_ui_rect *r, int h);
ck_ui_rect ck_ui_cut_bottom(ck_ui_rect *r, int h);
ck_ui_rect ck_ui_cut_left(ck_ui_rect *r, int w);
ck_ui_rect ck_ui_cut_right(ck_ui_rect *r, int w);
/* r shrunk by d on every side (grown when d < 0). */
ck_ui_rect ck_ui_inset(ck_ui_rect r, int d);
/* A w x h rectangle centred in r. */
ck_ui_rect ck_ui_center(ck_ui_rect r, int w, int h);
/* Cell i of a cols x rows grid filling r with gap between cells, row by row. */
ck_ui_rect ck_ui_grid(ck_ui_rect r, int cols, int rows, int gap, int i);
/* Whether the point is inside r. */
bool ck_ui_contains(ck_ui_rect r, float x, float y);
/* A colour from 0xRRGGBB and an alpha. */
ck_ui_color ck_ui_rgb(uint32_t rgb, uint8_t alpha);

/* A local clock HH:MM in r; asks for the next redraw at the next minute. */
void ck_ui_draw_clock(ck_ui *ui, ck_ui_rect r, const ck_ui_text *style);

#endif
