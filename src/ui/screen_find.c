/* Find your name: an on-screen keyboard, and the roster narrowing as you type (accents and case
 * ignored, first name or surname), each person with today's status. */
#include "ui/kiosk_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
    ck_attendee_rec person;
    ck_ui_pill_kind pill;
    char detail[96];
} row;

typedef struct find {
    kscreen base;
    kheader hd;
    ck_ui_field field;
    ck_ui_keyboard kb;
    ck_ui_rect list_card, empty_rect, hint_rect;
    ck_ui_list list;
    row *rows;
    size_t nrows;
    ck_status *status; /* everyone's, loaded on SHOW */
    size_t nstatus;
    int today;
    bool pending;                 /* the text changed: search at the next tick */
    bool typing;                  /* a physical keyboard or scanner is typing a line */
    char before[CK_UI_FIELD_MAX]; /* the field when that line began */
    bool failed;
    char fail_msg[768], empty[300];
} find;

static void fill_rows(find *s, ck_attendee_rec *people, size_t n)
{
    row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        s->failed = true;
        snprintf(s->fail_msg, sizeof s->fail_msg, "%s",
                 KT(s->base.k, "out of memory listing the names"));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        rows[i].person = people[i];
        rows[i].pill = CK_UI_PILL_OUT;
        rows[i].detail[0] = '\0';
        for (size_t j = 0; j < s->nstatus; j++)
            if (s->status[j].person.id == people[i].id) {
                kiosk_person_today(s->base.k, &s->status[j], s->today, false, &rows[i].pill,
                                   rows[i].detail, sizeof rows[i].detail);
                break;
            }
    }
    free(s->rows);
    s->rows = rows;
    s->nrows = n;
}

static void search(find *s)
{
    ck_attendee_rec *people = NULL;
    size_t n = 0;
    ck_err err = {0};
    s->pending = false;
    /* Nothing typed yet: everyone, in order. */
    ck_rc rc = s->field.len ? ck_app_search(s->base.k->app, s->field.text, &people, &n, &err)
                            : ck_app_roster(s->base.k->app, &people, &n, &err);
    if (rc != CK_OK) {
        s->failed = true;
        kiosk_err_words(s->base.k, &err, s->fail_msg, sizeof s->fail_msg);
        n = 0;
    } else {
        s->failed = false;
    }
    fill_rows(s, people, n);
    free(people);
    ck_ui_scroll_to(&s->list.scroll, 0);
    ck_ui_list_layout(&s->list, s->list.rect, s->list.row_h, s->nrows);
    s->list.has_selection = false;
    const ck_kiosk *k = s->base.k;
    if (s->failed)
        snprintf(s->empty, sizeof s->empty, "%s",
                 KT(k, "The names cannot be read right now. Please try again in a moment, or "
                       "ask your trainer."));
    else if (s->nrows == 0 && s->field.len)
        snprintf(s->empty, sizeof s->empty,
                 KT(k, "No name matches \"%s\". Check the spelling, or ask your trainer."),
                 s->field.text);
    else if (s->nrows == 0)
        snprintf(s->empty, sizeof s->empty, "%s",
                 KT(k, "Nobody is on the roster yet. Please ask your trainer."));
    else
        s->empty[0] = '\0';
}

static void load(find *s)
{
    const ck_course_rec *c = NULL;
    ck_err err = {0};
    ck_kiosk *k = s->base.k;
    ck_status_list_free(s->status, s->nstatus);
    s->status = NULL;
    s->nstatus = 0;
    s->today = ck_app_course(k->app, &c, &err) == CK_OK ? ck_app_today_index(k->app, c) : -1;
    /* Without statuses the names still show, only without their pills. */
    if (ck_app_status(k->app, &s->status, &s->nstatus, &err) != CK_OK) {
        s->status = NULL;
        s->nstatus = 0;
    }
    search(s);
}

static void layout(ck_ui *ui, find *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int gap = ck_ui_px(ui, 24), kgap = ck_ui_px(ui, 12);
    /* Worded here, when it is shown: the language in force now. */
    snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(s->base.k, "Find your name"));
    s->field.placeholder = KT(s->base.k, "Your name");
    kheader_layout(ui, &s->hd, &r, KT(s->base.k, "Back"));
    s->field.rect = ck_ui_cut_top(&r, ck_ui_px(ui, 104));
    ck_ui_cut_top(&r, gap);
    ck_ui_rect kb;
    if (kiosk_portrait(ui)) {
        /* Keys about as tall as they are wide, the list above them. */
        int unit = (r.w + kgap) / 10;
        int kb_h = 4 * unit + kgap;
        if (kb_h > r.h * 45 / 100)
            kb_h = r.h * 45 / 100;
        kb = ck_ui_cut_bottom(&r, kb_h);
        ck_ui_cut_bottom(&r, gap);
        s->list_card = r;
        s->hint_rect = (ck_ui_rect){0};
    } else {
        /* Side by side: the names on the left, big keys on the right, a word above them. */
        s->list_card = ck_ui_cut_left(&r, r.w * 42 / 100);
        ck_ui_cut_left(&r, gap);
        int unit = (r.w + kgap) / 10;
        int kb_h = 4 * unit * 5 / 4;
        if (kb_h > r.h * 80 / 100)
            kb_h = r.h * 80 / 100;
        kb = ck_ui_cut_bottom(&r, kb_h);
        ck_ui_cut_bottom(&r, gap);
        s->hint_rect = r;
    }
    s->kb.rect = kb;
    ck_ui_rect lr = ck_ui_inset(s->list_card, ck_ui_px(ui, 8));
    ck_ui_list_layout(&s->list, lr, ck_ui_px(ui, KIOSK_PERSON_ROW), s->nrows);
    s->empty_rect = ck_ui_inset(s->list_card, ck_ui_px(ui, 36));
}

/* A line typed on a physical keyboard (or by a scanner) ended with Enter. */
static ck_ui_next typed_line(ck_ui *ui, find *s, const char *line)
{
    ck_kiosk *k = s->base.k;
    char whole[2 * CK_UI_FIELD_MAX + 8]; /* longer lines never fit the field anyway */
    bool was_typing = s->typing;
    s->typing = false;
    snprintf(whole, sizeof whole, "%s%s", was_typing ? s->before : "", line);
    bool all_here = was_typing && strcmp(whole, s->field.text) == 0;
    if (s->pending)
        search(s);
    if (all_here && s->nrows == 1) /* a name typed and Enter: that person */
        return kiosk_goto(k, &s->base, kiosk_confirm(k, s->rows[0].person.id));
    if (all_here && s->nrows > 1) /* several: the list shows them */
        return ck_ui_go_stay();
    /* Not a name typed here but a badge or a certificate's code: put the field back. */
    if (was_typing) {
        ck_ui_field_clear(&s->field);
        ck_ui_field_insert(&s->field, s->before);
        search(s);
    }
    return kiosk_scan(ui, &s->base, line);
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    find *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        load(s);
        layout(ui, s);
        return ck_ui_go_stay();
    case CK_UI_EV_TICK:
        if (s->pending)
            search(s);
        break;
    case CK_UI_EV_SCAN: return typed_line(ui, s, ev->text);
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_pop();
        break;
    case CK_UI_EV_TEXT:
        if (!s->typing) {
            s->typing = true;
            snprintf(s->before, sizeof s->before, "%s", s->field.text);
        }
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    bool changed = ck_ui_keyboard_event(ui, &s->kb, &s->field, ev) == CK_UI_KEYBOARD_CHANGED;
    changed = ck_ui_field_event(ui, &s->field, ev) || changed;
    if (changed) {
        /* Searched at the next tick, once a burst of typed characters has arrived. */
        s->pending = true;
        ck_ui_redraw_at(ui, ev->now);
    }
    long i = ck_ui_list_event(ui, &s->list, ev);
    if (i >= 0 && (size_t)i < s->nrows)
        return kiosk_goto(k, &s->base, kiosk_confirm(k, s->rows[i].person.id));
    return ck_ui_go_stay();
}

static void draw_row(ck_ui *ui, const void *ctx, size_t i, ck_ui_rect r, bool pressed)
{
    const find *s = ctx;
    const row *w = &s->rows[i];
    kiosk_person_row(ui, r, w->person.name, w->detail, w->pill, pressed, i + 1 == s->nrows);
}

static void render(ck_ui *ui, const void *state)
{
    const find *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    ck_ui_field_draw(ui, &s->field);
    ck_ui_card_draw(ui, s->list_card);
    if (s->empty[0]) {
        ck_ui_text t = {.str = s->empty,
                        .type = CK_UI_TEXT_LARGE,
                        .color = s->failed ? p->warn : p->text_muted,
                        .align = CK_UI_CENTER,
                        .valign = CK_UI_MIDDLE};
        ck_ui_draw_text(ui, s->empty_rect, &t);
    }
    ck_ui_list_draw(ui, &s->list, draw_row, s);
    ck_ui_keyboard_draw(ui, &s->kb);
    if (s->hint_rect.h > 0) {
        const ck_kiosk *k = s->base.k;
        ck_ui_text h = {.str = !s->field.len ? KT(k, "Type the first letters of your first name "
                                                     "or surname, then tap your name.")
                               : s->nrows    ? KT(k, "Tap your name in the list.")
                                             : KT(k, "Fewer letters find more names."),
                        .type = CK_UI_TEXT_LARGE,
                        .color = p->text_muted,
                        .align = CK_UI_CENTER,
                        .valign = CK_UI_MIDDLE,
                        .max_lines = 3};
        ck_ui_rect hr = ck_ui_inset(s->hint_rect, ck_ui_px(ui, 16));
        kiosk_fit_type(ui, &h, hr.w, hr.h, CK_UI_TEXT_SMALL);
        ck_ui_draw_text(ui, hr, &h);
    }
}

static const char *row_label(const void *ctx, size_t i)
{
    const find *s = ctx;
    return s->rows[i].person.name;
}

static void probe(const void *state, kprobe *p)
{
    const find *s = state;
    kprobe_say(p, "%s", s->hd.title);
    kprobe_say(p, "search: %s", s->field.text);
    for (size_t i = 0; i < s->nrows; i++)
        kprobe_say(p, "%s — %s", s->rows[i].person.name, s->rows[i].detail);
    if (s->empty[0])
        kprobe_say(p, "%s", s->empty);
    kprobe_button(p, &s->hd.back);
    kprobe_list(p, &s->list, row_label, s);
    kprobe_keyboard(p, &s->kb);
}

static void destroy(void *state)
{
    find *s = state;
    if (!s)
        return;
    free(s->rows);
    ck_status_list_free(s->status, s->nstatus);
    free(s);
}

ck_ui_screen kiosk_find(ck_kiosk *k)
{
    find *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .wants_scan = true, .probe = probe};
    snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(k, "Find your name"));
    s->field.placeholder = KT(k, "Your name");
    s->kb.pressed = -1;
    s->today = -1;
    return (ck_ui_screen){
        .name = "find", .state = s, .handle_event = handle, .render = render, .destroy = destroy};
}
