/* Typing: a one-line field, the on-screen keyboard (QWERTY, QWERTZ in German, AZERTY in
 * French), and the PIN keypad. */
#include "ui/ui_impl.h"
#include "ui/widgets.h"

#include <math.h>
#include <string.h>

/* ---- Field ---- */

bool ck_ui_field_insert(ck_ui_field *f, const char *utf8)
{
    size_t n = utf8 ? strlen(utf8) : 0;
    if (n == 0 || f->len + n >= sizeof f->text)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)utf8[i] < 0x20 || utf8[i] == 0x7f)
            return false; /* no control characters in a name */
    memcpy(f->text + f->len, utf8, n);
    f->len += n;
    f->text[f->len] = '\0';
    return true;
}

bool ck_ui_field_backspace(ck_ui_field *f)
{
    if (f->len == 0)
        return false;
    do {
        f->len--;
    } while (f->len > 0 && ((unsigned char)f->text[f->len] & 0xC0) == 0x80);
    f->text[f->len] = '\0';
    return true;
}

void ck_ui_field_clear(ck_ui_field *f)
{
    f->len = 0;
    f->text[0] = '\0';
}

bool ck_ui_field_event(ck_ui *ui, ck_ui_field *f, const ck_ui_event *ev)
{
    (void)ui;
    if (ev->kind == CK_UI_EV_TEXT)
        return ck_ui_field_insert(f, ev->text);
    if (ev->kind == CK_UI_EV_KEY && ev->key == CK_UI_KEY_BACKSPACE)
        return ck_ui_field_backspace(f);
    return false;
}

void ck_ui_field_draw(ck_ui *ui, const ck_ui_field *f)
{
    const ck_ui_palette *p = &ui->pal;
    ck_ui_rect r = f->rect;
    float rad = fminf((float)ck_ui_px(ui, CK_UI_RADIUS), (float)r.h / 2);
    if (r.w <= 0 || r.h <= 0)
        return;
    ck_ui_fill_round(ui, r, rad, p->surface);
    ck_ui_stroke_round(ui, r, rad, fmaxf(1, (float)ck_ui_px(ui, 3)), p->accent);
    /* A magnifier: this field is for finding. */
    int icon = f->plain ? 0 : ck_ui_px(ui, 34), pad = ck_ui_px(ui, 24);
    if (!f->plain) {
        float ix = (float)(r.x + pad), iy = (float)r.y + (float)(r.h - icon) / 2;
        float ring = (float)icon * 0.62f, lw = fmaxf(1.5f, (float)ck_ui_px(ui, 4));
        ck_ui_stroke_round(ui, (ck_ui_rect){(int)ix, (int)iy, (int)ring, (int)ring}, ring, lw,
                           p->text_muted);
        ck_ui_line(ui, ix + ring * 0.86f, iy + ring * 0.86f, ix + (float)icon * 0.95f,
                   iy + (float)icon * 0.95f, lw, p->text_muted);
    }
    ck_ui_rect in = {r.x + pad + (icon ? icon + ck_ui_px(ui, 16) : 0), r.y, 0, r.h};
    in.w = r.x + r.w - pad - in.x;
    ck_ui_text t = {.type = CK_UI_TEXT_LARGE, .valign = CK_UI_MIDDLE, .max_lines = 1};
    int caret_w = ck_ui_px(ui, 3) > 2 ? ck_ui_px(ui, 3) : 2, lh = ck_ui_line_height(ui, &t);
    int caret_x = in.x;
    if (f->len == 0) {
        t.str = f->placeholder;
        t.color = p->text_muted;
        ck_ui_draw_text(ui, in, &t);
    } else {
        int tw = 0;
        t.str = f->text;
        ck_ui_measure_text(ui, &t, 0, &tw, NULL);
        /* Keep the end of a long entry in view: it is what was just typed. */
        int x = tw + caret_w + 2 <= in.w ? in.x : in.x + in.w - caret_w - 2 - tw;
        ck_ui_clip(ui, in);
        ck_ui_draw_text(ui, (ck_ui_rect){x, in.y, tw + 2, in.h}, &t);
        ck_ui_unclip(ui);
        caret_x = x + tw + 2;
    }
    ck_ui_fill_rect(ui, (ck_ui_rect){caret_x, r.y + (r.h - lh * 3 / 4) / 2, caret_w, lh * 3 / 4},
                    p->accent);
}

/* ---- Key caps, shared by the keyboard and the keypad ---- */

typedef enum cap_style { CAP_PLAIN, CAP_SPECIAL, CAP_PRIMARY } cap_style;
typedef enum cap_icon { ICON_NONE, ICON_BACKSPACE } cap_icon;

static void keycap(ck_ui *ui, ck_ui_rect r, const char *label, cap_icon icon, cap_style style,
                   bool pressed, bool disabled, ck_ui_type type)
{
    const ck_ui_palette *p = &ui->pal;
    float rad = fminf((float)ck_ui_px(ui, 14), (float)r.h / 2);
    ck_ui_color fill = style == CAP_SPECIAL ? p->surface_sunk : p->surface;
    ck_ui_color text = p->text;
    if (style == CAP_PRIMARY) {
        fill = disabled ? p->disabled : p->accent;
        text = disabled ? p->text_disabled : p->text_on_accent;
    }
    if (pressed && !disabled) {
        fill = style == CAP_PRIMARY ? p->accent_pressed : p->accent;
        text = p->text_on_accent;
    }
    /* A keycap: a darker lip under the face, gone while pressed down. */
    int lip = pressed || disabled ? 0 : ck_ui_px(ui, 3);
    if (lip > 0) {
        ck_ui_rect under = r;
        under.y += lip;
        ck_ui_fill_round(ui, under, rad, p->border);
    }
    ck_ui_fill_round(ui, r, rad, fill);
    if (icon == ICON_BACKSPACE) {
        int s = ck_ui_px(ui, 44);
        ck_ui_icon_backspace(ui, ck_ui_center(r, s, s), text);
    }
    if (label) {
        ck_ui_text t = {.str = label,
                        .type = type,
                        .color = text,
                        .align = CK_UI_CENTER,
                        .valign = CK_UI_MIDDLE,
                        .max_lines = 1,
                        .bold = style == CAP_PRIMARY};
        ck_ui_draw_text(ui, ck_ui_inset(r, ck_ui_px(ui, 4)), &t);
    }
}

/* ---- Keyboard: QWERTY, or the layout the language on screen is used to ---- */

/* The 27 character keys of a layout, each followed by NUL, so &chars[2 * i] is a string: the top
 * row's n0, the middle row's n1 (from x1), then the rest on the bottom row (from x2), with the
 * backspace after it. */
typedef struct kb_layout {
    const char *chars;
    int n0, n1;
    float x1, x2;
} kb_layout;

static const kb_layout QWERTY = {"q\0w\0e\0r\0t\0y\0u\0i\0o\0p\0"
                                 "a\0s\0d\0f\0g\0h\0j\0k\0l\0"
                                 "z\0x\0c\0v\0b\0n\0m\0-",
                                 10, 9, 0.5f, 0};
/* German: Z and Y change places. */
static const kb_layout QWERTZ = {"q\0w\0e\0r\0t\0z\0u\0i\0o\0p\0"
                                 "a\0s\0d\0f\0g\0h\0j\0k\0l\0"
                                 "y\0x\0c\0v\0b\0n\0m\0-",
                                 10, 9, 0.5f, 0};
/* French: A and Q, Z and W change places, M ends the middle row. */
static const kb_layout AZERTY = {"a\0z\0e\0r\0t\0y\0u\0i\0o\0p\0"
                                 "q\0s\0d\0f\0g\0h\0j\0k\0l\0m\0"
                                 "w\0x\0c\0v\0b\0n\0-",
                                 10, 10, 0, 0.5f};

static const kb_layout *kb_layout_of(const ck_ui *ui)
{
    const char *code = ck_lang_code(ck_ui_lang(ui));
    return strcmp(code, "de") == 0 ? &QWERTZ : strcmp(code, "fr") == 0 ? &AZERTY : &QWERTY;
}

static const char DIGIT_CHARS[] = "1\0002\0003\0004\0005\0006\0007\0008\0009\0000";
enum {
    KEY_BACK = 27, /* after the 27 character keys */
    KEY_APOS,
    KEY_SPACE,
    KEY_ENTER,
    KEY_DIGIT0, /* numbers only: "1" to "0" on a row of their own, then "," and "." */
    KEY_COMMA = KEY_DIGIT0 + 10,
    KEY_STOP,
};

typedef struct kb_key {
    const char *types, *label;
    float x, w; /* in key widths; a row is 10 wide */
    int row;
} kb_key;

static int kb_rows(const ck_ui_keyboard *k)
{
    return k->numbers ? 5 : 4;
}

static bool kb_key_info(const ck_ui *ui, const ck_ui_keyboard *k, int i, kb_key *out)
{
    bool enter = k->enter_label != NULL;
    int top = k->numbers ? 1 : 0; /* the letter rows move down under the digits */
    const kb_layout *l = kb_layout_of(ui);
    if (i < 0)
        return false;
    const char *c = i < KEY_BACK ? &l->chars[2 * i] : NULL;
    if (i < l->n0)
        *out = (kb_key){c, c, (float)i, 1, top};
    else if (i < l->n0 + l->n1)
        *out = (kb_key){c, c, l->x1 + (float)(i - l->n0), 1, top + 1};
    else if (i < KEY_BACK)
        *out = (kb_key){c, c, l->x2 + (float)(i - l->n0 - l->n1), 1, top + 2};
    else if (i == KEY_BACK)
        *out = (kb_key){"\b", NULL, 8, 2, top + 2};
    else if (i == KEY_APOS)
        *out = (kb_key){"'", "'", 0, k->numbers ? 1.0f : 1.5f, top + 3};
    else if (i == KEY_SPACE && k->numbers)
        *out = (kb_key){" ", "space", 2, enter ? 4.5f : 7.0f, top + 3};
    else if (i == KEY_SPACE)
        *out = (kb_key){" ", "space", 1.5f, enter ? 6.0f : 8.5f, top + 3};
    else if (i == KEY_ENTER && enter)
        *out = (kb_key){"\n", k->enter_label, 7.5f, 2.5f, top + 3};
    else if (!k->numbers)
        return false;
    else if (i == KEY_ENTER)
        *out = (kb_key){"", NULL, 0, 0, -1}; /* no enter key: a hole in the numbering */
    else if (i < KEY_COMMA)
        *out = (kb_key){&DIGIT_CHARS[2 * (i - KEY_DIGIT0)], &DIGIT_CHARS[2 * (i - KEY_DIGIT0)],
                        (float)(i - KEY_DIGIT0), 1, 0};
    else if (i == KEY_COMMA)
        *out = (kb_key){",", ",", 1, 1, top + 3};
    else if (i == KEY_STOP)
        *out = (kb_key){".", ".", enter ? 6.5f : 9.0f, 1, top + 3};
    else
        return false;
    return true;
}

static ck_ui_rect kb_rect(const ck_ui *ui, const ck_ui_keyboard *k, const kb_key *key)
{
    int gap = ck_ui_px(ui, 12);
    float u = (float)(k->rect.w + gap) / 10.0f;
    float rh = (float)(k->rect.h + gap) / (float)kb_rows(k);
    int x0 = k->rect.x + (int)lroundf(key->x * u);
    int x1 = k->rect.x + (int)lroundf((key->x + key->w) * u) - gap;
    int y0 = k->rect.y + (int)lroundf((float)key->row * rh);
    int y1 = k->rect.y + (int)lroundf((float)(key->row + 1) * rh) - gap;
    return (ck_ui_rect){x0, y0, x1 - x0, y1 - y0};
}

bool ck_ui_keyboard_key(const ck_ui *ui, const ck_ui_keyboard *k, int i, ck_ui_rect *out,
                        const char **out_types)
{
    kb_key key;
    if (!kb_key_info(ui, k, i, &key))
        return false;
    if (out)
        *out = key.w > 0 ? kb_rect(ui, k, &key) : (ck_ui_rect){0};
    if (out_types)
        *out_types = key.types;
    return true;
}

static int kb_hit(const ck_ui *ui, const ck_ui_keyboard *k, float x, float y)
{
    kb_key key;
    if (!ck_ui_contains(k->rect, x, y))
        return -1;
    /* The gaps belong to the nearest key: a finger between two keys still types. */
    int best = -1;
    float best_d = 1e30f;
    for (int i = 0; kb_key_info(ui, k, i, &key); i++) {
        if (key.w <= 0)
            continue;
        ck_ui_rect r = kb_rect(ui, k, &key);
        float dx = x < (float)r.x           ? (float)r.x - x
                   : x > (float)(r.x + r.w) ? x - (float)(r.x + r.w)
                                            : 0;
        float dy = y < (float)r.y           ? (float)r.y - y
                   : y > (float)(r.y + r.h) ? y - (float)(r.y + r.h)
                                            : 0;
        float d = dx * dx + dy * dy;
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

ck_ui_keyboard_result ck_ui_keyboard_event(ck_ui *ui, ck_ui_keyboard *k, ck_ui_field *f,
                                           const ck_ui_event *ev)
{
    kb_key key;
    switch (ev->kind) {
    case CK_UI_EV_DOWN: {
        int i = kb_hit(ui, k, ev->x, ev->y);
        if (i >= 0) {
            k->tracking = true;
            k->pressed = i;
        }
        return CK_UI_KEYBOARD_NONE;
    }
    case CK_UI_EV_MOVE:
        /* Sliding to a neighbour types the neighbour, as on a phone. */
        if (k->tracking)
            k->pressed = kb_hit(ui, k, ev->x, ev->y);
        return CK_UI_KEYBOARD_NONE;
    case CK_UI_EV_UP: {
        int i = k->tracking ? kb_hit(ui, k, ev->x, ev->y) : -1;
        bool hit = i >= 0 && i == k->pressed;
        k->tracking = false;
        k->pressed = -1;
        if (!hit || !kb_key_info(ui, k, i, &key) || !key.types[0])
            return CK_UI_KEYBOARD_NONE;
        if (key.types[0] == '\n')
            return CK_UI_KEYBOARD_ENTER;
        if (key.types[0] == '\b')
            return ck_ui_field_backspace(f) ? CK_UI_KEYBOARD_CHANGED : CK_UI_KEYBOARD_NONE;
        return ck_ui_field_insert(f, key.types) ? CK_UI_KEYBOARD_CHANGED : CK_UI_KEYBOARD_NONE;
    }
    case CK_UI_EV_CANCEL:
    case CK_UI_EV_HIDE:
        k->tracking = false;
        k->pressed = -1;
        return CK_UI_KEYBOARD_NONE;
    default: return CK_UI_KEYBOARD_NONE;
    }
}

void ck_ui_keyboard_draw(ck_ui *ui, const ck_ui_keyboard *k)
{
    kb_key key;
    for (int i = 0; kb_key_info(ui, k, i, &key); i++) {
        if (key.w <= 0)
            continue;
        bool special = i == KEY_BACK || i == KEY_ENTER;
        cap_style style = i == KEY_ENTER ? CAP_PRIMARY : special ? CAP_SPECIAL : CAP_PLAIN;
        ck_ui_type type = i == KEY_SPACE || i == KEY_ENTER ? CK_UI_TEXT_BODY : CK_UI_TEXT_LARGE;
        /* TRANSLATORS: the word on the space bar of the on-screen keyboard. */
        const char *label = i == KEY_SPACE ? ck_lang_ptext(ui->lang, "key", "space") : key.label;
        keycap(ui, kb_rect(ui, k, &key), label, i == KEY_BACK ? ICON_BACKSPACE : ICON_NONE, style,
               k->tracking && k->pressed == i, false, type);
    }
}

/* ---- PIN keypad ---- */

enum { PAD_BACK = 9, PAD_ZERO = 10, PAD_OK = 11 };

static int pad_min(const ck_ui_keypad *p)
{
    int min = p->min_len > 0 ? p->min_len : 4;
    return min > CK_UI_PIN_MAX ? CK_UI_PIN_MAX : min;
}

static int pad_max(const ck_ui_keypad *p)
{
    int max = p->max_len > 0 ? p->max_len : 8;
    max = max > CK_UI_PIN_MAX ? CK_UI_PIN_MAX : max;
    return max < pad_min(p) ? pad_min(p) : max;
}

static ck_ui_rect pad_keys_area(const ck_ui *ui, const ck_ui_keypad *p)
{
    ck_ui_rect r = p->rect;
    ck_ui_cut_top(&r, ck_ui_px(ui, 64) + ck_ui_px(ui, 24));
    return r;
}

ck_ui_rect ck_ui_keypad_key(const ck_ui *ui, const ck_ui_keypad *p, int i)
{
    return ck_ui_grid(pad_keys_area(ui, p), 3, 4, ck_ui_px(ui, 16), i);
}

static int pad_hit(const ck_ui *ui, const ck_ui_keypad *p, float x, float y)
{
    ck_ui_rect area = pad_keys_area(ui, p);
    if (!ck_ui_contains(area, x, y))
        return -1;
    int col = (int)((x - (float)area.x) * 3 / (float)area.w);
    int row = (int)((y - (float)area.y) * 4 / (float)area.h);
    col = col > 2 ? 2 : col;
    row = row > 3 ? 3 : row;
    return row * 3 + col;
}

static ck_ui_keypad_result pad_digit(ck_ui_keypad *p, char d)
{
    if (p->len >= pad_max(p))
        return CK_UI_KEYPAD_NONE;
    p->digits[p->len++] = d;
    p->digits[p->len] = '\0';
    p->rejected = false;
    return CK_UI_KEYPAD_CHANGED;
}

static ck_ui_keypad_result pad_back(ck_ui_keypad *p)
{
    if (p->len == 0)
        return CK_UI_KEYPAD_NONE;
    p->digits[--p->len] = '\0';
    return CK_UI_KEYPAD_CHANGED;
}

static ck_ui_keypad_result pad_submit(const ck_ui_keypad *p)
{
    return p->len >= pad_min(p) ? CK_UI_KEYPAD_SUBMIT : CK_UI_KEYPAD_NONE;
}

ck_ui_keypad_result ck_ui_keypad_event(ck_ui *ui, ck_ui_keypad *p, const ck_ui_event *ev)
{
    switch (ev->kind) {
    case CK_UI_EV_DOWN: {
        int i = pad_hit(ui, p, ev->x, ev->y);
        if (i >= 0) {
            p->tracking = true;
            p->pressed = i;
        }
        return CK_UI_KEYPAD_NONE;
    }
    case CK_UI_EV_MOVE:
        if (p->tracking)
            p->pressed = pad_hit(ui, p, ev->x, ev->y);
        return CK_UI_KEYPAD_NONE;
    case CK_UI_EV_UP: {
        int i = p->tracking ? pad_hit(ui, p, ev->x, ev->y) : -1;
        bool hit = i >= 0 && i == p->pressed;
        p->tracking = false;
        p->pressed = -1;
        if (!hit)
            return CK_UI_KEYPAD_NONE;
        if (i == PAD_BACK)
            return pad_back(p);
        if (i == PAD_OK)
            return pad_submit(p);
        return pad_digit(p, i == PAD_ZERO ? '0' : (char)('1' + i));
    }
    case CK_UI_EV_TEXT: {
        ck_ui_keypad_result res = CK_UI_KEYPAD_NONE;
        for (const char *c = ev->text; c && *c; c++)
            if (*c >= '0' && *c <= '9' && pad_digit(p, *c) == CK_UI_KEYPAD_CHANGED)
                res = CK_UI_KEYPAD_CHANGED;
        return res;
    }
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_BACKSPACE)
            return pad_back(p);
        if (ev->key == CK_UI_KEY_ENTER)
            return pad_submit(p);
        return CK_UI_KEYPAD_NONE;
    case CK_UI_EV_SCAN:
        /* Digits typed then Enter on a keyboard arrive as TEXT and then as a line. */
        return pad_submit(p);
    case CK_UI_EV_CANCEL:
    case CK_UI_EV_HIDE:
        p->tracking = false;
        p->pressed = -1;
        return CK_UI_KEYPAD_NONE;
    default: return CK_UI_KEYPAD_NONE;
    }
}

void ck_ui_keypad_clear(ck_ui_keypad *p, bool rejected)
{
    ck_wipe(p->digits, sizeof p->digits);
    p->len = 0;
    p->rejected = rejected;
}

void ck_ui_keypad_draw(ck_ui *ui, const ck_ui_keypad *p)
{
    static const char *const labels[12] = {"1", "2", "3", "4",  "5", "6",
                                           "7", "8", "9", NULL, "0", "OK"};
    const ck_ui_palette *pal = &ui->pal;
    ck_ui_rect dots = p->rect;
    dots = ck_ui_cut_top(&dots, ck_ui_px(ui, 64));
    int n = p->len > pad_min(p) ? p->len : pad_min(p);
    int d = ck_ui_px(ui, 24), gap = ck_ui_px(ui, 22);
    int x = dots.x + (dots.w - (n * d + (n - 1) * gap)) / 2, y = dots.y + (dots.h - d) / 2;
    for (int i = 0; i < n; i++, x += d + gap) {
        ck_ui_rect c = {x, y, d, d};
        if (i < p->len)
            ck_ui_fill_circle(ui, (float)x + (float)d / 2, (float)y + (float)d / 2, (float)d / 2,
                              pal->accent);
        else
            ck_ui_stroke_round(ui, c, (float)d / 2, fmaxf(1.5f, (float)ck_ui_px(ui, 3)),
                               p->rejected ? pal->danger : pal->border);
    }
    bool ok = p->len >= pad_min(p);
    for (int i = 0; i < 12; i++) {
        cap_style style = i == PAD_OK ? CAP_PRIMARY : i == PAD_BACK ? CAP_SPECIAL : CAP_PLAIN;
        keycap(ui, ck_ui_keypad_key(ui, p, i), labels[i],
               i == PAD_BACK ? ICON_BACKSPACE : ICON_NONE, style, p->tracking && p->pressed == i,
               i == PAD_OK && !ok, i == PAD_OK ? CK_UI_TEXT_LARGE : CK_UI_TEXT_TITLE);
    }
}
