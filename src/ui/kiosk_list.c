/* The list screens' frame (trainer mode's roster, print jobs, audit trail): a header with a
 * back button, a card holding the rows, a note; drawing, taps, leaving, and what tests read. */
#include "ui/kiosk_impl.h"

ck_ui_rect klist_begin(ck_ui *ui, klist *v, const char *back_label)
{
    ck_ui_rect r = kiosk_area(ui);
    kheader_layout(ui, &v->hd, &r, back_label);
    return r;
}

void klist_place(ck_ui *ui, klist *v, ck_ui_rect card)
{
    v->card = card;
    ck_ui_list_layout(&v->list, ck_ui_inset(card, ck_ui_px(ui, 8)), ck_ui_px(ui, CK_UI_ROW_H),
                      v->nrows);
}

void klist_set_rows(klist *v, size_t n)
{
    v->nrows = n;
    ck_ui_list_layout(&v->list, v->list.rect, v->list.row_h, n);
}

static ck_ui_row row_of(const klist *v, size_t i)
{
    ck_ui_row row = {0};
    v->row(v->ctx, i, &row);
    return row;
}

static void draw_row(ck_ui *ui, const void *ctx, size_t i, ck_ui_rect r, bool pressed)
{
    const klist *v = ctx;
    ck_ui_row row = row_of(v, i);
    row.pressed = pressed;
    row.selected = v->selectable && v->list.has_selection && v->list.selected == i;
    row.last = i + 1 == v->nrows;
    ck_ui_row_draw(ui, r, &row);
}

void klist_draw(ck_ui *ui, const klist *v)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &v->hd);
    ck_ui_card_draw(ui, v->card);
    ck_ui_list_draw(ui, &v->list, draw_row, v);
    ck_ui_text t = {.str = v->note,
                    .type = v->note_type,
                    .color = v->failed ? p->warn : p->text_muted,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = v->note_lines};
    ck_ui_draw_text(ui, v->note_rect, &t);
}

bool klist_back(ck_ui *ui, klist *v, const ck_ui_event *ev)
{
    if (ev->kind == CK_UI_EV_KEY && ev->key == CK_UI_KEY_ESCAPE)
        return true;
    return ck_ui_button_event(ui, &v->hd.back, ev);
}

long klist_event(ck_ui *ui, klist *v, const ck_ui_event *ev)
{
    long i = ck_ui_list_event(ui, &v->list, ev);
    if (!v->selectable)
        v->list.has_selection = false;
    return i >= 0 && (size_t)i < v->nrows ? i : -1;
}

static const char *row_title(const void *ctx, size_t i)
{
    return row_of(ctx, i).title;
}

void klist_probe(const klist *v, kprobe *p)
{
    kprobe_say(p, "%s", v->hd.title);
    for (size_t i = 0; i < v->nrows; i++) {
        ck_ui_row row = row_of(v, i);
        if (row.pill_label)
            kprobe_say(p, "%s — %s — %s", row.title, row.pill_label, row.detail ? row.detail : "");
        else
            kprobe_say(p, "%s — %s", row.title, row.detail ? row.detail : "");
    }
    kprobe_say(p, "%s", v->note);
    kprobe_button(p, &v->hd.back);
    if (v->tappable)
        kprobe_list(p, &v->list, row_title, v);
}
