/* Trainer mode: the audit trail, newest first, each record as a sentence with when, who and why. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct arow {
    char title[600], detail[700];
} arow;

typedef struct audit {
    kscreen base;
    kheader hd;
    arow *rows;
    size_t nrows;
    bool failed;
    char note[800];
    ck_ui_list list;
    ck_ui_rect card, note_rect;
} audit;

/* Who did it, as stored ("trainer", "kiosk", "cli"), in words. */
static const char *actor_words(const ck_kiosk *k, const char *actor)
{
    /* TRANSLATORS: who made an audit record: the trainer, the kiosk itself, or the command
       line. */
    if (strcmp(actor, "trainer") == 0)
        return KTC(k, "actor", "trainer");
    if (strcmp(actor, "kiosk") == 0)
        return KTC(k, "actor", "kiosk");
    if (strcmp(actor, "cli") == 0)
        return KTC(k, "actor", "command line");
    return actor;
}

/* One record in words: what happened (from app/), then when, by whom and why. */
static void sentence(const ck_kiosk *k, arow *w, const ck_audit_rec *r)
{
    ck_audit_words words;
    char dt[17];
    ck_app_audit_words(r, &words);
    kiosk_words(k, &words.sentence, w->title, sizeof w->title);
    ck_tz_datetime(r->at, dt);
    snprintf(w->detail, sizeof w->detail, "%s  ·  %s%s%s", dt, actor_words(k, r->actor),
             words.reason[0] ? "  ·  " : "", words.reason);
}

static void load(audit *s)
{
    ck_audit_rec *list = NULL;
    size_t n = 0;
    ck_err err = {0};
    s->failed = false;
    if (ck_app_audit(s->base.k->app, &list, &n, &err) != CK_OK) {
        s->failed = true;
        kiosk_err_words(s->base.k, &err, s->note, sizeof s->note);
        return;
    }
    arow *rows = calloc(n ? n : 1, sizeof *rows);
    if (rows) {
        for (size_t i = 0; i < n; i++) /* newest first */
            sentence(s->base.k, &rows[i], &list[n - 1 - i]);
        free(s->rows);
        s->rows = rows;
        s->nrows = n;
    }
    ck_audit_list_free(list, n);
    snprintf(s->note, sizeof s->note,
             KTN(s->base.k, "%zu record, chained to the ones before.",
                 "%zu records, each chained to the one before.", s->nrows),
             s->nrows);
    ck_ui_list_layout(&s->list, s->list.rect, s->list.row_h, s->nrows);
}

static void layout(ck_ui *ui, audit *s)
{
    ck_ui_rect r = kiosk_area(ui);
    kheader_layout(ui, &s->hd, &r, KT(s->base.k, "Trainer mode"));
    ck_ui_text t = {.str = "0", .type = CK_UI_TEXT_SMALL};
    s->note_rect = ck_ui_cut_bottom(&r, ck_ui_line_height(ui, &t) + ck_ui_px(ui, 8));
    ck_ui_cut_bottom(&r, ck_ui_px(ui, 16));
    s->card = r;
    ck_ui_list_layout(&s->list, ck_ui_inset(r, ck_ui_px(ui, 8)), ck_ui_px(ui, CK_UI_ROW_H),
                      s->nrows);
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    audit *s = state;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW: load(s); return ck_ui_go_stay();
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_pop();
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    ck_ui_list_event(ui, &s->list, ev);
    s->list.has_selection = false; /* rows are to read, not to pick */
    return ck_ui_go_stay();
}

static void draw_row(ck_ui *ui, const void *ctx, size_t i, ck_ui_rect r, bool pressed)
{
    const audit *s = ctx;
    ck_ui_row_draw(ui, r,
                   &(ck_ui_row){.title = s->rows[i].title,
                                .detail = s->rows[i].detail,
                                .pressed = pressed,
                                .last = i + 1 == s->nrows});
}

static void render(ck_ui *ui, const void *state)
{
    const audit *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    ck_ui_card_draw(ui, s->card);
    ck_ui_list_draw(ui, &s->list, draw_row, s);
    ck_ui_text t = {.str = s->note,
                    .type = CK_UI_TEXT_SMALL,
                    .color = s->failed ? p->warn : p->text_muted,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 1};
    ck_ui_draw_text(ui, s->note_rect, &t);
}

static void probe(const void *state, kprobe *p)
{
    const audit *s = state;
    kprobe_say(p, "%s", s->hd.title);
    for (size_t i = 0; i < s->nrows; i++)
        kprobe_say(p, "%s — %s", s->rows[i].title, s->rows[i].detail);
    kprobe_say(p, "%s", s->note);
    kprobe_button(p, &s->hd.back);
}

static void destroy(void *state)
{
    audit *s = state;
    if (!s)
        return;
    free(s->rows);
    free(s);
}

ck_ui_screen kiosk_audit(ck_kiosk *k)
{
    audit *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .trainer = true, .probe = probe};
    snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(k, "Audit trail"));
    snprintf(s->hd.subtitle, sizeof s->hd.subtitle, "%s", KT(k, "Newest first"));
    return (ck_ui_screen){
        .name = "audit", .state = s, .handle_event = handle, .render = render, .destroy = destroy};
}
