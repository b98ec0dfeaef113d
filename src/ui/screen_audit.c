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
    klist v;
    arow *rows;
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
    s->v.failed = false;
    if (ck_app_audit(s->base.k->app, &list, &n, &err) != CK_OK) {
        s->v.failed = true;
        kiosk_err_words(s->base.k, &err, s->v.note, sizeof s->v.note);
        return;
    }
    arow *rows = calloc(n ? n : 1, sizeof *rows);
    if (rows) {
        for (size_t i = 0; i < n; i++) /* newest first */
            sentence(s->base.k, &rows[i], &list[n - 1 - i]);
        free(s->rows);
        s->rows = rows;
        klist_set_rows(&s->v, n);
    }
    ck_audit_list_free(list, n);
    snprintf(s->v.note, sizeof s->v.note,
             KTN(s->base.k, "%zu record, chained to the ones before.",
                 "%zu records, each chained to the one before.", s->v.nrows),
             s->v.nrows);
}

static void layout(ck_ui *ui, audit *s)
{
    ck_ui_rect r = klist_begin(ui, &s->v, KT(s->base.k, "Trainer mode"));
    ck_ui_text t = {.str = "0", .type = CK_UI_TEXT_SMALL};
    s->v.note_rect = ck_ui_cut_bottom(&r, ck_ui_line_height(ui, &t) + ck_ui_px(ui, 8));
    ck_ui_cut_bottom(&r, ck_ui_px(ui, 16));
    klist_place(ui, &s->v, r);
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
    default: break;
    }
    if (klist_back(ui, &s->v, ev))
        return ck_ui_go_pop();
    klist_event(ui, &s->v, ev); /* rows are to read, not to pick: only scrolled */
    return ck_ui_go_stay();
}

static void row(const void *ctx, size_t i, ck_ui_row *out)
{
    const arow *w = &((const audit *)ctx)->rows[i];
    *out = (ck_ui_row){.title = w->title, .detail = w->detail};
}

static void render(ck_ui *ui, const void *state)
{
    klist_draw(ui, &((const audit *)state)->v);
}

static void probe(const void *state, kprobe *p)
{
    klist_probe(&((const audit *)state)->v, p);
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
    s->v = (klist){.row = row, .ctx = s, .note_type = CK_UI_TEXT_SMALL, .note_lines = 1};
    snprintf(s->v.hd.title, sizeof s->v.hd.title, "%s", KT(k, "Audit trail"));
    snprintf(s->v.hd.subtitle, sizeof s->v.hd.subtitle, "%s", KT(k, "Newest first"));
    return (ck_ui_screen){
        .name = "audit", .state = s, .handle_event = handle, .render = render, .destroy = destroy};
}
