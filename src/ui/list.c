/* Scrolling with finger drags, momentum and the wheel; lists of big rows; pills; progress. */
#include "ui/ui_impl.h"
#include "ui/widgets.h"

#include <math.h>

enum {
    FRAME_MS = 16,        /* a glide step: about 60 frames a second */
    GLIDE_TAU_MS = 325,   /* velocity falls to 1/e in this time after a fling */
    FLING_WINDOW_MS = 100 /* pointer samples younger than this give the fling speed */
};

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void ck_ui_scroll_resize(ck_ui_scroll *s, float content_h, float view_h, float step)
{
    s->max = content_h > view_h ? content_h - view_h : 0;
    s->step = step > 0 ? step : 1;
    s->offset = clampf(s->offset, 0, s->max);
}

void ck_ui_scroll_to(ck_ui_scroll *s, float offset)
{
    s->offset = clampf(offset, 0, s->max);
    s->velocity = 0;
}

static void add_sample(ck_ui_scroll *s, int64_t t, float y)
{
    if (s->nsamples == 4) {
        for (int i = 0; i < 3; i++) {
            s->sample_t[i] = s->sample_t[i + 1];
            s->sample_y[i] = s->sample_y[i + 1];
        }
        s->nsamples = 3;
    }
    s->sample_t[s->nsamples] = t;
    s->sample_y[s->nsamples] = y;
    s->nsamples++;
}

/* Offset speed in px/s from the pointer's last moves; 0 if it rested before lifting. */
static float fling_speed(const ck_ui_scroll *s, int64_t now, float y)
{
    for (int i = 0; i < s->nsamples; i++) {
        int64_t dt = now - s->sample_t[i];
        if (dt <= FLING_WINDOW_MS && dt > 0)
            return (s->sample_y[i] - y) * 1000.0f / (float)dt;
    }
    return 0;
}

ck_ui_scroll_result ck_ui_scroll_event(ck_ui *ui, ck_ui_scroll *s, ck_ui_rect r,
                                       const ck_ui_event *ev)
{
    float slop = (float)ck_ui_px(ui, 14), old = s->offset;
    switch (ev->kind) {
    case CK_UI_EV_DOWN:
        if (!ck_ui_contains(r, ev->x, ev->y))
            return CK_UI_SCROLL_NONE;
        s->tracking = true;
        s->dragging = false;
        s->caught = s->velocity != 0; /* a touch stops a glide without tapping */
        s->velocity = 0;
        s->down_x = ev->x;
        s->down_y = s->last_y = ev->y;
        s->nsamples = 0;
        add_sample(s, ev->now, ev->y);
        return CK_UI_SCROLL_PRESS;
    case CK_UI_EV_MOVE:
        if (!s->tracking)
            return CK_UI_SCROLL_NONE;
        add_sample(s, ev->now, ev->y);
        if (!s->dragging) {
            if (fabsf(ev->y - s->down_y) <= slop && fabsf(ev->x - s->down_x) <= slop)
                return CK_UI_SCROLL_NONE;
            s->dragging = true;
        }
        s->offset = clampf(s->offset + (s->last_y - ev->y), 0, s->max);
        s->last_y = ev->y;
        return CK_UI_SCROLL_MOVED;
    case CK_UI_EV_UP:
        if (!s->tracking)
            return CK_UI_SCROLL_NONE;
        s->tracking = false;
        if (!s->dragging)
            return s->caught || !ck_ui_contains(r, ev->x, ev->y) ? CK_UI_SCROLL_NONE
                                                                 : CK_UI_SCROLL_TAP;
        s->dragging = false;
        s->offset = clampf(s->offset + (s->last_y - ev->y), 0, s->max);
        float v = fling_speed(s, ev->now, ev->y), vmax = (float)ck_ui_px(ui, 9000);
        if (fabsf(v) >= (float)ck_ui_px(ui, 250) && s->max > 0) {
            s->velocity = clampf(v, -vmax, vmax);
            s->glide_t = ev->now;
            ck_ui_redraw_at(ui, ev->now + FRAME_MS);
        }
        return CK_UI_SCROLL_MOVED;
    case CK_UI_EV_TICK: {
        if (s->velocity == 0)
            return CK_UI_SCROLL_NONE;
        int64_t dt = ev->now - s->glide_t;
        if (dt <= 0) {
            ck_ui_redraw_at(ui, s->glide_t + FRAME_MS);
            return CK_UI_SCROLL_NONE;
        }
        if (dt > 100)
            dt = 100; /* after a stall, carry on rather than jump */
        s->glide_t = ev->now;
        float k = expf(-(float)dt / GLIDE_TAU_MS);
        /* Exact distance under exponential decay over dt. */
        s->offset += s->velocity * (1 - k) * (float)GLIDE_TAU_MS / 1000.0f;
        s->velocity *= k;
        if (s->offset <= 0 || s->offset >= s->max || fabsf(s->velocity) < (float)ck_ui_px(ui, 20)) {
            s->offset = clampf(s->offset, 0, s->max);
            s->velocity = 0;
        } else {
            ck_ui_redraw_at(ui, ev->now + FRAME_MS);
        }
        return s->offset != old ? CK_UI_SCROLL_MOVED : CK_UI_SCROLL_NONE;
    }
    case CK_UI_EV_WHEEL:
        if (!ck_ui_contains(r, ev->x, ev->y))
            return CK_UI_SCROLL_NONE;
        s->velocity = 0;
        s->offset = clampf(s->offset - ev->wheel * s->step, 0, s->max);
        return s->offset != old ? CK_UI_SCROLL_MOVED : CK_UI_SCROLL_NONE;
    case CK_UI_EV_CANCEL:
    case CK_UI_EV_HIDE:
        s->tracking = s->dragging = false;
        s->velocity = 0;
        return CK_UI_SCROLL_NONE;
    default: return CK_UI_SCROLL_NONE;
    }
}

void ck_ui_scroll_draw_bar(ck_ui *ui, const ck_ui_scroll *s, ck_ui_rect r)
{
    if (s->max <= 0 || r.h <= 0)
        return;
    float view = (float)r.h, content = view + s->max;
    int w = ck_ui_px(ui, 6) > 3 ? ck_ui_px(ui, 6) : 3, inset = ck_ui_px(ui, 8);
    int track = r.h - 2 * inset;
    int h = (int)((float)track * view / content);
    if (h < ck_ui_px(ui, 48))
        h = ck_ui_px(ui, 48);
    if (h > track)
        h = track;
    int y = r.y + inset + (int)((float)(track - h) * (s->offset / s->max));
    ck_ui_color c = ui->pal.text_muted;
    c.a = 110;
    ck_ui_fill_round(ui, (ck_ui_rect){r.x + r.w - inset / 2 - w, y, w, h}, (float)w / 2, c);
}

void ck_ui_list_layout(ck_ui_list *l, ck_ui_rect r, int row_h, size_t count)
{
    l->rect = r;
    l->row_h = row_h > 1 ? row_h : 1;
    l->count = count;
    if (l->has_selection && l->selected >= count)
        l->has_selection = false;
    if (l->pressing && l->pressed_row >= count)
        l->pressing = false;
    ck_ui_scroll_resize(&l->scroll, (float)count * (float)l->row_h, (float)r.h, (float)l->row_h);
}

static bool row_at(const ck_ui_list *l, float y, size_t *out)
{
    float pos = y - (float)l->rect.y + l->scroll.offset;
    if (pos < 0)
        return false;
    size_t row = (size_t)(pos / (float)l->row_h);
    if (row >= l->count)
        return false;
    *out = row;
    return true;
}

long ck_ui_list_event(ck_ui *ui, ck_ui_list *l, const ck_ui_event *ev)
{
    size_t row;
    switch (ck_ui_scroll_event(ui, &l->scroll, l->rect, ev)) {
    case CK_UI_SCROLL_PRESS:
        l->pressing = !l->scroll.caught && row_at(l, ev->y, &l->pressed_row);
        return -1;
    case CK_UI_SCROLL_MOVED: l->pressing = false; return -1;
    case CK_UI_SCROLL_TAP: {
        bool hit = l->pressing && row_at(l, ev->y, &row) && row == l->pressed_row;
        l->pressing = false;
        if (!hit)
            return -1;
        l->has_selection = true;
        l->selected = row;
        return (long)row;
    }
    case CK_UI_SCROLL_NONE:
        if (ev->kind == CK_UI_EV_UP || ev->kind == CK_UI_EV_CANCEL || ev->kind == CK_UI_EV_HIDE)
            l->pressing = false;
        return -1;
    }
    return -1;
}

void ck_ui_list_draw(ck_ui *ui, const ck_ui_list *l, ck_ui_row_fn draw_row, const void *ctx)
{
    if (l->count == 0 || l->rect.w <= 0 || l->rect.h <= 0)
        return;
    ck_ui_clip(ui, l->rect);
    size_t first = (size_t)(l->scroll.offset / (float)l->row_h);
    for (size_t i = first; i < l->count; i++) {
        int y = l->rect.y + (int)lroundf((float)i * (float)l->row_h - l->scroll.offset);
        if (y >= l->rect.y + l->rect.h)
            break;
        ck_ui_rect r = {l->rect.x, y, l->rect.w, l->row_h};
        draw_row(ui, ctx, i, r, l->pressing && l->pressed_row == i);
    }
    ck_ui_unclip(ui);
    ck_ui_scroll_draw_bar(ui, &l->scroll, l->rect);
}

static const char *pill_word(const ck_ui *ui, ck_ui_pill_kind kind)
{
    switch (kind) {
    /* TRANSLATORS: the word on a person's status pill: checked in now. Keep these four short. */
    case CK_UI_PILL_IN: return ck_lang_ptext(ui->lang, "pill", "In");
    case CK_UI_PILL_OUT: return ck_lang_ptext(ui->lang, "pill", "Out");
    case CK_UI_PILL_COMPLETE: return ck_lang_ptext(ui->lang, "pill", "Complete");
    case CK_UI_PILL_MISSING: return ck_lang_ptext(ui->lang, "pill", "Missing");
    }
    return "?";
}

static ck_ui_text pill_text(const ck_ui *ui, const char *label, ck_ui_pill_kind kind, ck_ui_color c)
{
    return (ck_ui_text){.str = label ? label : pill_word(ui, kind),
                        .type = CK_UI_TEXT_SMALL,
                        .bold = true,
                        .color = c,
                        .max_lines = 1};
}

void ck_ui_pill_size(ck_ui *ui, ck_ui_pill_kind kind, const char *label, int *out_w, int *out_h)
{
    ck_ui_text t = pill_text(ui, label, kind, ui->pal.text);
    int tw = 0, th = 0, h = ck_ui_px(ui, 48);
    ck_ui_measure_text(ui, &t, 0, &tw, &th);
    if (out_w)
        *out_w = tw + h / 2 + ck_ui_px(ui, 22) + h / 2 + ck_ui_px(ui, 4);
    if (out_h)
        *out_h = h;
}

void ck_ui_pill_draw(ck_ui *ui, ck_ui_rect r, ck_ui_pill_kind kind, const char *label)
{
    const ck_ui_palette *p = &ui->pal;
    ck_ui_color bg = p->neutral_soft, fg = p->text_muted;
    switch (kind) {
    case CK_UI_PILL_IN: bg = p->ok_soft, fg = p->ok; break;
    case CK_UI_PILL_OUT: bg = p->neutral_soft, fg = p->text_muted; break;
    case CK_UI_PILL_COMPLETE: bg = p->accent_soft, fg = p->accent; break;
    case CK_UI_PILL_MISSING: bg = p->warn_soft, fg = p->warn; break;
    }
    ck_ui_fill_round(ui, r, (float)r.h / 2, bg);
    /* A mark before the word so the state does not rest on colour alone. */
    int mark = ck_ui_px(ui, 22), x = r.x + r.h / 2 - ck_ui_px(ui, 4);
    ck_ui_rect m = {x, r.y + (r.h - mark) / 2, mark, mark};
    if (kind == CK_UI_PILL_COMPLETE) {
        ck_ui_icon_check(ui, ck_ui_inset(m, -ck_ui_px(ui, 2)), fg);
    } else if (kind == CK_UI_PILL_MISSING) {
        float cx = (float)m.x + (float)mark / 2, cy = (float)m.y + (float)mark / 2;
        ck_ui_fill_circle(ui, cx, cy, (float)mark / 2, fg);
        ck_ui_line(ui, cx, cy - (float)mark * 0.24f, cx, cy + (float)mark * 0.04f,
                   (float)mark * 0.14f, bg);
        ck_ui_fill_circle(ui, cx, cy + (float)mark * 0.25f, (float)mark * 0.08f, bg);
    } else if (kind == CK_UI_PILL_IN) {
        ck_ui_fill_circle(ui, (float)m.x + (float)mark / 2, (float)m.y + (float)mark / 2,
                          (float)mark * 0.3f, fg);
    } else {
        ck_ui_stroke_round(ui, ck_ui_center(m, mark * 6 / 10, mark * 6 / 10), (float)mark,
                           (float)ck_ui_px(ui, 3), fg);
    }
    ck_ui_rect tr = {m.x + mark + ck_ui_px(ui, 8), r.y, r.x + r.w - (m.x + mark) - r.h / 3, r.h};
    ck_ui_text t = pill_text(ui, label, kind, fg);
    t.valign = CK_UI_MIDDLE;
    ck_ui_draw_text(ui, tr, &t);
}

void ck_ui_row_draw(ck_ui *ui, ck_ui_rect r, const ck_ui_row *row)
{
    const ck_ui_palette *p = &ui->pal;
    int pad = ck_ui_px(ui, 28);
    if (row->pressed)
        ck_ui_fill_rect(ui, r, p->surface_sunk);
    else if (row->selected)
        ck_ui_fill_rect(ui, r, p->accent_soft);
    ck_ui_rect in = ck_ui_inset(r, 0);
    in.x += pad;
    in.w -= 2 * pad;
    if (row->has_pill) {
        int pw = 0, ph = 0;
        ck_ui_pill_size(ui, row->pill, row->pill_label, &pw, &ph);
        ck_ui_rect pr = ck_ui_cut_right(&in, pw);
        ck_ui_pill_draw(ui, ck_ui_center(pr, pw, ph), row->pill, row->pill_label);
        ck_ui_cut_right(&in, ck_ui_px(ui, 16));
    }
    /* A row is one line: a long name ends in "…" here (the screen it opens shows it whole). */
    ck_ui_text title = {
        .str = row->title, .type = CK_UI_TEXT_BODY, .max_lines = 1, .may_cut = true};
    ck_ui_text detail = {.str = row->detail,
                         .type = CK_UI_TEXT_SMALL,
                         .max_lines = 1,
                         .color = p->text_muted,
                         .may_cut = true};
    int th = ck_ui_line_height(ui, &title);
    int dh = row->detail ? ck_ui_line_height(ui, &detail) : 0;
    int y = in.y + (in.h - th - dh) / 2;
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, th}, &title);
    if (row->detail)
        ck_ui_draw_text(ui, (ck_ui_rect){in.x, y + th, in.w, dh}, &detail);
    if (!row->last)
        ck_ui_fill_rect(ui, (ck_ui_rect){r.x + pad, r.y + r.h - 1, r.w - 2 * pad, 1}, p->border);
}

void ck_ui_progress_draw(ck_ui *ui, ck_ui_rect r, float fraction)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    float f = isnan(fraction) ? 0 : fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    float rad = (float)r.h / 2;
    ck_ui_fill_round(ui, r, rad, ui->pal.surface_sunk);
    if (f > 0) {
        int w = (int)lroundf((float)r.w * f);
        if (w < r.h)
            w = r.h; /* a sliver still shows as a round dot */
        ck_ui_fill_round(ui, (ck_ui_rect){r.x, r.y, w, r.h}, rad, ui->pal.accent);
    }
}
