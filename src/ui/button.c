/* Buttons, the long-press detector, and the calm full-screen message (and its screen). */
#include "ui/ui_impl.h"
#include "ui/widgets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { LONGPRESS_MS = 2000, LONGPRESS_SHOW_MS = 300 };

/* A finger that drifts a little off a button while pressing still counts. */
static ck_ui_rect grown(const ck_ui *ui, ck_ui_rect r)
{
    return ck_ui_inset(r, -ck_ui_px(ui, 16));
}

bool ck_ui_button_event(ck_ui *ui, ck_ui_button *b, const ck_ui_event *ev)
{
    switch (ev->kind) {
    case CK_UI_EV_DOWN:
        if (!b->disabled && ck_ui_contains(b->rect, ev->x, ev->y))
            b->tracking = b->pressed = true;
        return false;
    case CK_UI_EV_MOVE:
        if (b->tracking)
            b->pressed = ck_ui_contains(grown(ui, b->rect), ev->x, ev->y);
        return false;
    case CK_UI_EV_UP: {
        bool fire = b->tracking && !b->disabled && ck_ui_contains(grown(ui, b->rect), ev->x, ev->y);
        b->tracking = b->pressed = false;
        return fire;
    }
    case CK_UI_EV_CANCEL:
    case CK_UI_EV_HIDE: b->tracking = b->pressed = false; return false;
    default: return false;
    }
}

void ck_ui_button_draw(ck_ui *ui, const ck_ui_button *b)
{
    const ck_ui_palette *p = &ui->pal;
    ck_ui_rect r = b->rect;
    float rad = fminf((float)ck_ui_px(ui, CK_UI_RADIUS), (float)r.h / 2);
    ck_ui_color fill = p->accent, text = p->text_on_accent;
    bool pressed = b->pressed && !b->disabled;
    if (r.w <= 0 || r.h <= 0)
        return;
    switch (b->kind) {
    case CK_UI_BUTTON_PRIMARY:
        fill = b->disabled ? p->disabled : pressed ? p->accent_pressed : p->accent;
        text = b->disabled ? p->text_disabled : p->text_on_accent;
        break;
    case CK_UI_BUTTON_DANGER:
        fill = b->disabled ? p->disabled : pressed ? p->danger_pressed : p->danger;
        text = b->disabled ? p->text_disabled : p->text_on_accent;
        break;
    case CK_UI_BUTTON_SECONDARY:
        fill = pressed ? p->surface_sunk : p->surface;
        text = b->disabled ? p->text_disabled : p->text;
        break;
    case CK_UI_BUTTON_QUIET:
        fill = pressed ? p->surface_sunk : (ck_ui_color){0};
        text = b->disabled ? p->text_disabled : p->accent;
        break;
    }
    if (!pressed && !b->disabled && b->kind != CK_UI_BUTTON_QUIET) {
        ck_ui_rect sh = r;
        sh.y += ck_ui_px(ui, 3);
        ck_ui_shadow(ui, sh, rad, (float)ck_ui_px(ui, 6), p->shadow);
    }
    ck_ui_fill_round(ui, r, rad, fill);
    if (b->kind == CK_UI_BUTTON_SECONDARY)
        ck_ui_stroke_round(ui, r, rad, fmaxf(1, (float)ck_ui_px(ui, 2)), p->border);
    ck_ui_text t = {.str = b->label,
                    .bold = true,
                    .color = text,
                    .align = CK_UI_CENTER,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 1};
    ck_ui_rect tr = ck_ui_inset(r, ck_ui_px(ui, 12));
    /* A label too long for one line (a longer language) steps down to the small size, and
     * then takes two lines where the button is tall enough, before anything is cut. */
    int lw = 0;
    ck_ui_measure_text(ui, &t, 0, &lw, NULL);
    if (lw > tr.w && !b->back_icon) {
        t.type = CK_UI_TEXT_SMALL;
        ck_ui_measure_text(ui, &t, 0, &lw, NULL);
        if (lw > tr.w && 2 * ck_ui_line_height(ui, &t) <= tr.h)
            t.max_lines = 2;
    }
    if (b->back_icon) {
        int icon = ck_ui_px(ui, 30), gap = ck_ui_px(ui, 10), tw = 0;
        ck_ui_measure_text(ui, &t, tr.w - icon - gap, &tw, NULL);
        int x = tr.x + (tr.w - (icon + gap + tw)) / 2;
        ck_ui_icon_back(ui, (ck_ui_rect){x, r.y + (r.h - icon) / 2, icon, icon}, text);
        tr = (ck_ui_rect){x + icon + gap, tr.y, tw + 1, tr.h};
        t.align = CK_UI_LEFT;
    }
    ck_ui_draw_text(ui, tr, &t);
}

bool ck_ui_longpress_event(ck_ui *ui, ck_ui_longpress *lp, const ck_ui_event *ev)
{
    int hold = lp->hold_ms > 0 ? lp->hold_ms : LONGPRESS_MS;
    float slop = (float)ck_ui_px(ui, 28);
    switch (ev->kind) {
    case CK_UI_EV_DOWN:
        if (!ck_ui_contains(lp->rect, ev->x, ev->y))
            return false;
        lp->holding = true;
        lp->fired = false;
        lp->x = ev->x;
        lp->y = ev->y;
        lp->down_t = ev->now;
        ck_ui_redraw_at(ui, ev->now + (LONGPRESS_SHOW_MS < hold ? LONGPRESS_SHOW_MS : hold));
        return false;
    case CK_UI_EV_MOVE:
        if (lp->holding && (fabsf(ev->x - lp->x) > slop || fabsf(ev->y - lp->y) > slop))
            lp->holding = false;
        return false;
    case CK_UI_EV_TICK: {
        if (!lp->holding || lp->fired)
            return false;
        int64_t held = ev->now - lp->down_t;
        if (held >= hold) {
            lp->fired = true;
            lp->holding = false;
            return true;
        }
        /* While the ring is showing, about 30 frames a second; exactly on time at the end. */
        int64_t next = held < LONGPRESS_SHOW_MS ? lp->down_t + LONGPRESS_SHOW_MS : ev->now + 33;
        ck_ui_redraw_at(ui, next < lp->down_t + hold ? next : lp->down_t + hold);
        return false;
    }
    case CK_UI_EV_UP:
    case CK_UI_EV_CANCEL:
    case CK_UI_EV_HIDE: lp->holding = false; return false;
    default: return false;
    }
}

void ck_ui_longpress_draw(ck_ui *ui, const ck_ui_longpress *lp)
{
    int hold = lp->hold_ms > 0 ? lp->hold_ms : LONGPRESS_MS;
    int64_t held = ck_ui_now(ui) - lp->down_t;
    if (!lp->holding || held < LONGPRESS_SHOW_MS)
        return;
    float f = (float)(held - LONGPRESS_SHOW_MS) / (float)(hold - LONGPRESS_SHOW_MS);
    f = f > 1 ? 1 : f;
    float rad = (float)ck_ui_px(ui, 64), w = (float)ck_ui_px(ui, 8);
    /* Keep the ring on screen even for a finger in the very corner. */
    float cx = fmaxf(lp->x, rad + w), cy = fmaxf(lp->y, rad + w);
    int sw, sh;
    ck_ui_size(ui, &sw, &sh);
    cx = fminf(cx, (float)sw - rad - w);
    cy = fminf(cy, (float)sh - rad - w);
    ck_ui_color track = ui->pal.accent_soft;
    ck_ui_arc(ui, cx, cy, rad, w, 0, 2 * (float)M_PI, track);
    ck_ui_arc(ui, cx, cy, rad, w, 0, 2 * (float)M_PI * f, ui->pal.accent);
}

/* Where the parts of a message go in r. */
typedef struct message_layout {
    ck_ui_rect icon, title, body, buttons, hint;
} message_layout;

static ck_ui_text title_text(const ck_ui_message *m)
{
    return (ck_ui_text){.str = m->title,
                        .type = CK_UI_TEXT_TITLE,
                        .bold = true,
                        .align = CK_UI_CENTER,
                        .max_lines = 3};
}

static ck_ui_text body_text(const ck_ui *ui, const ck_ui_message *m)
{
    return (ck_ui_text){.str = m->body,
                        .type = CK_UI_TEXT_LARGE,
                        .color = ui->pal.text_muted,
                        .align = CK_UI_CENTER,
                        .max_lines = 8};
}

static message_layout message_place(ck_ui *ui, ck_ui_rect r, const ck_ui_message *m, int button_h)
{
    message_layout L = {0};
    int gap = ck_ui_px(ui, 28), col_w = r.w - 2 * ck_ui_px(ui, CK_UI_MARGIN);
    if (col_w > ck_ui_px(ui, 1200))
        col_w = ck_ui_px(ui, 1200);
    int icon = ck_ui_px(ui, 120), th = 0, bh = 0, hh = 0;
    ck_ui_text t = title_text(m), b = body_text(ui, m);
    ck_ui_text h = {.str = m->hint, .type = CK_UI_TEXT_SMALL, .align = CK_UI_CENTER};
    ck_ui_measure_text(ui, &t, col_w, NULL, &th);
    if (m->body)
        ck_ui_measure_text(ui, &b, col_w, NULL, &bh);
    if (m->hint)
        ck_ui_measure_text(ui, &h, col_w, NULL, &hh);
    int total =
        icon + gap + th + (m->body ? gap / 2 + bh : 0) + (button_h > 0 ? 2 * gap + button_h : 0);
    int x = r.x + (r.w - col_w) / 2;
    int y = r.y + (r.h - total - (hh ? hh + gap : 0)) / 2;
    if (y < r.y + gap)
        y = r.y + gap;
    L.icon = (ck_ui_rect){r.x + (r.w - icon) / 2, y, icon, icon};
    y += icon + gap;
    L.title = (ck_ui_rect){x, y, col_w, th};
    y += th;
    if (m->body) {
        y += gap / 2;
        L.body = (ck_ui_rect){x, y, col_w, bh};
        y += bh;
    }
    L.buttons = (ck_ui_rect){x, y + 2 * gap, col_w, button_h > 0 ? button_h : 0};
    L.hint = (ck_ui_rect){x, r.y + r.h - gap - hh, col_w, hh};
    return L;
}

ck_ui_rect ck_ui_message_button_slot(ck_ui *ui, ck_ui_rect r, const ck_ui_message *m, int button_h)
{
    return message_place(ui, r, m, button_h).buttons;
}

void ck_ui_message_draw(ck_ui *ui, ck_ui_rect r, const ck_ui_message *m, int button_h)
{
    const ck_ui_palette *p = &ui->pal;
    if (!m || !m->title)
        return;
    message_layout L = message_place(ui, r, m, button_h);
    ck_ui_color soft = p->accent_soft, strong = p->accent;
    if (m->kind == CK_UI_MESSAGE_PROBLEM)
        soft = p->warn_soft, strong = p->warn;
    else if (m->kind == CK_UI_MESSAGE_DONE)
        soft = p->ok_soft, strong = p->ok;
    float cx = (float)L.icon.x + (float)L.icon.w / 2, cy = (float)L.icon.y + (float)L.icon.h / 2;
    float rad = (float)L.icon.w / 2, w = (float)L.icon.w * 0.075f;
    ck_ui_fill_circle(ui, cx, cy, rad, soft);
    if (m->kind == CK_UI_MESSAGE_DONE) {
        ck_ui_icon_check(ui, ck_ui_inset(L.icon, L.icon.w / 5), strong);
    } else {
        /* "!" for a problem, "i" for information: a stem and a dot. */
        bool bang = m->kind == CK_UI_MESSAGE_PROBLEM;
        float stem0 = bang ? -0.40f : -0.06f, stem1 = bang ? 0.10f : 0.40f;
        float dot = bang ? 0.36f : -0.34f;
        ck_ui_line(ui, cx, cy + stem0 * rad, cx, cy + stem1 * rad, w, strong);
        ck_ui_fill_circle(ui, cx, cy + dot * rad, w * 0.65f, strong);
    }
    ck_ui_text t = title_text(m), b = body_text(ui, m);
    ck_ui_draw_text(ui, L.title, &t);
    if (m->body)
        ck_ui_draw_text(ui, L.body, &b);
    if (m->hint) {
        ck_ui_text h = {.str = m->hint,
                        .type = CK_UI_TEXT_SMALL,
                        .color = p->text_muted,
                        .align = CK_UI_CENTER};
        ck_ui_draw_text(ui, L.hint, &h);
    }
}

/* The ready message screen. */
typedef struct message_screen {
    ck_ui_message m;
    ck_ui_button ok;
    char *strings; /* title, body, hint and button label, one allocation */
} message_screen;

static ck_ui_next message_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    message_screen *s = state;
    if (ev->kind == CK_UI_EV_LAYOUT) {
        int w, h;
        ck_ui_size(ui, &w, &h);
        ck_ui_rect all = {0, 0, w, h};
        int bh = ck_ui_px(ui, CK_UI_BUTTON_H);
        ck_ui_rect slot = ck_ui_message_button_slot(ui, all, &s->m, bh);
        int bw = ck_ui_px(ui, 420) < slot.w ? ck_ui_px(ui, 420) : slot.w;
        s->ok.rect = ck_ui_center(slot, bw, bh);
        return ck_ui_go_stay();
    }
    if (ev->kind == CK_UI_EV_KEY && (ev->key == CK_UI_KEY_ENTER || ev->key == CK_UI_KEY_ESCAPE))
        return ck_ui_go_pop();
    if (ck_ui_button_event(ui, &s->ok, ev))
        return ck_ui_go_pop();
    return ck_ui_go_stay();
}

static void message_render(ck_ui *ui, const void *state)
{
    const message_screen *s = state;
    int w, h;
    ck_ui_size(ui, &w, &h);
    ck_ui_message_draw(ui, (ck_ui_rect){0, 0, w, h}, &s->m, s->ok.rect.h);
    ck_ui_button_draw(ui, &s->ok);
}

static void message_destroy(void *state)
{
    message_screen *s = state;
    if (s)
        free(s->strings);
    free(s);
}

ck_rc ck_ui_message_screen(ck_ui_screen *out, const ck_ui_message *m, const char *button,
                           ck_err *err)
{
    if (!out || !m || !m->title || !*m->title || !button || !*button)
        return ck_err_set(err, CK_EINVAL,
                          "a message screen needs a title and a button label; pass both");
    const char *parts[4] = {m->title, m->body, m->hint, button};
    size_t len[4], total = 0;
    for (int i = 0; i < 4; i++) {
        len[i] = parts[i] ? strlen(parts[i]) + 1 : 0;
        total += len[i];
    }
    message_screen *s = calloc(1, sizeof *s);
    char *buf = s ? malloc(total) : NULL;
    if (!buf) {
        free(s);
        return ck_err_set(err, CK_ENOMEM, "out of memory for the message \"%s\"", m->title);
    }
    const char *copies[4] = {NULL};
    for (size_t i = 0, off = 0; i < 4; off += len[i], i++) {
        if (!parts[i])
            continue;
        memcpy(buf + off, parts[i], len[i]);
        copies[i] = buf + off;
    }
    s->strings = buf;
    s->m =
        (ck_ui_message){.kind = m->kind, .title = copies[0], .body = copies[1], .hint = copies[2]};
    s->ok = (ck_ui_button){.label = copies[3], .kind = CK_UI_BUTTON_PRIMARY};
    *out = (ck_ui_screen){.name = "message",
                          .state = s,
                          .handle_event = message_handle,
                          .render = message_render,
                          .destroy = message_destroy};
    return CK_OK;
}
