/* Trainer mode: print jobs with their state as CUPS reports it, and Reprint for the one tapped. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REFRESH_MS = 4000 };

typedef struct jrow {
    int64_t job_id;
    char title[CK_TEXT_MAX + 40], detail[900], pill_label[24];
    ck_ui_pill_kind pill;
} jrow;

typedef struct jobs {
    kscreen base;
    klist v;
    jrow *rows;
    uint64_t task;
    int64_t refresh_at;
    ck_ui_button reprint;
} jobs;

static void describe(const ck_kiosk *k, jrow *w, const ck_job_rec *j, const char *holder)
{
    char hm[6], what[900], said[900];
    ck_tz_hm(j->updated_at, hm);
    const char *base = strrchr(j->path, '/');
    snprintf(w->title, sizeof w->title, "%s", holder ? holder : base ? base + 1 : j->path);
    const char *where = j->printer[0] ? j->printer : KT(k, "the default printer");
    bool has_error = !ck_msg_empty(&j->error);
    if (has_error)
        kiosk_words(k, &j->error, said, sizeof said);
    w->job_id = j->id;
    /* TRANSLATORS: the words on a print job's pill in trainer mode; keep them short. */
    switch (j->state) {
    case CK_JOB_COMPLETED:
        w->pill = CK_UI_PILL_COMPLETE;
        snprintf(w->pill_label, sizeof w->pill_label, "%s", KTC(k, "job", "Printed"));
        snprintf(what, sizeof what, KT(k, "printed on %s at %s"), where, hm);
        break;
    case CK_JOB_SENT:
        w->pill = CK_UI_PILL_IN;
        snprintf(w->pill_label, sizeof w->pill_label, "%s", KTC(k, "job", "Printing"));
        snprintf(what, sizeof what, KT(k, "sent to %s at %s"), where, hm);
        break;
    case CK_JOB_CANCELED:
        w->pill = CK_UI_PILL_OUT;
        snprintf(w->pill_label, sizeof w->pill_label, "%s", KTC(k, "job", "Canceled"));
        snprintf(what, sizeof what, "%s", has_error ? said : KT(k, "canceled"));
        break;
    default:
        w->pill = CK_UI_PILL_MISSING;
        snprintf(w->pill_label, sizeof w->pill_label, "%s",
                 j->state == CK_JOB_HELD     ? KTC(k, "job", "Held")
                 : j->state == CK_JOB_FAILED ? KTC(k, "job", "Failed")
                                             : KTC(k, "job", "Waiting"));
        snprintf(what, sizeof what, "%s", has_error ? said : KT(k, "waiting to be sent"));
        break;
    }
    if (j->cert_id[0])
        snprintf(w->detail, sizeof w->detail, KT(k, "Job %lld  ·  %s  ·  %s"), (long long)j->id,
                 j->cert_id, what);
    else
        snprintf(w->detail, sizeof w->detail, KT(k, "Job %lld  ·  %s"), (long long)j->id, what);
}

static void load(jobs *s)
{
    ck_kiosk *k = s->base.k;
    ck_job_rec *list = NULL;
    ck_cert_rec *certs = NULL;
    size_t n = 0, ncerts = 0;
    ck_err err = {0};
    s->v.failed = false;
    if (ck_app_print_jobs(k->app, &list, &n, &err) != CK_OK) {
        s->v.failed = true;
        kiosk_err_words(k, &err, s->v.note, sizeof s->v.note);
        return;
    }
    /* Holders' names for the certificates; a job of another course shows its file. */
    if (ck_app_cert_list(k->app, &certs, &ncerts, &err) != CK_OK)
        ncerts = 0;
    jrow *rows = calloc(n ? n : 1, sizeof *rows);
    if (rows) {
        for (size_t i = 0; i < n; i++) {
            const char *holder = NULL;
            for (size_t c = 0; c < ncerts && !holder; c++)
                if (strcmp(certs[c].id, list[i].cert_id) == 0)
                    holder = certs[c].holder;
            describe(k, &rows[i], &list[i], holder);
        }
        free(s->rows);
        s->rows = rows;
        klist_set_rows(&s->v, n);
    }
    ck_cert_list_free(certs, ncerts);
    free(list);
    snprintf(s->v.note, sizeof s->v.note, "%s",
             s->v.nrows ? KT(k, "Tap a job, then Reprint: the same certificate (same id and code) "
                                "is printed again.")
                        : KT(k, "No print jobs yet."));
}

static void layout(ck_ui *ui, jobs *s)
{
    ck_ui_rect r = klist_begin(ui, &s->v, KT(s->base.k, "Trainer mode"));
    int gap = ck_ui_px(ui, 24), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    ck_ui_rect bottom = ck_ui_cut_bottom(&r, bh);
    ck_ui_cut_bottom(&r, gap);
    int bw = ck_ui_px(ui, 380) < bottom.w / 2 ? ck_ui_px(ui, 380) : bottom.w / 2;
    s->reprint.rect = ck_ui_cut_right(&bottom, bw);
    ck_ui_cut_right(&bottom, gap);
    s->v.note_rect = bottom;
    /* A note longer than the button is tall (a longer language, a narrow screen) gets a row of
     * its own above it. */
    ck_ui_text note = {.str = s->v.note, .type = s->v.note_type};
    if (kiosk_text_h(ui, &note, bottom.w) > bottom.h) {
        s->v.note_rect = ck_ui_cut_bottom(&r, kiosk_text_h(ui, &note, r.w));
        ck_ui_cut_bottom(&r, gap / 2);
        s->reprint.rect.x = r.x + r.w - s->reprint.rect.w;
    }
    klist_place(ui, &s->v, r);
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    jobs *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    ktask t;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        load(s);
        layout(ui, s);      /* the note's length decides where it goes */
        kiosk_poll_soon(k); /* what CUPS says now, not what it said a while ago */
        s->refresh_at = ev->now + REFRESH_MS / 4;
        ck_ui_redraw_at(ui, s->refresh_at);
        return ck_ui_go_stay();
    case CK_UI_EV_WAKE:
    case CK_UI_EV_TICK:
        if (s->task && kiosk_task_take(k, s->task, &t)) {
            s->task = 0;
            load(s);
            layout(ui, s);
            if (t.rc != CK_OK)
                return kiosk_push(k,
                                  kiosk_problem(k, KT(k, "Nothing was reprinted"), &t.err, true));
            char title[200], said[1024];
            snprintf(title, sizeof title, KT(k, "Reprint sent as job %lld"), (long long)t.job.id);
            kmsg m = {.kind =
                          t.job.state == CK_JOB_SENT ? CK_UI_MESSAGE_DONE : CK_UI_MESSAGE_PROBLEM,
                      .title = title,
                      .body = t.job.state == CK_JOB_SENT
                                  ? KT(k, "The printer has it.")
                                  : KT(k, "The printer needs attention; the job is kept and "
                                          "retried."),
                      .hint = !ck_msg_empty(&t.job.error)
                                  ? kiosk_words(k, &t.job.error, said, sizeof said)
                                  : NULL,
                      .trainer = true};
            return kiosk_push(k, kiosk_message(k, &m));
        }
        if (ev->kind == CK_UI_EV_TICK && ev->now >= s->refresh_at) {
            load(s);
            layout(ui, s);
            kiosk_poll_soon(k);
            s->refresh_at = ev->now + REFRESH_MS;
            ck_ui_redraw_at(ui, s->refresh_at);
        }
        break;
    default: break;
    }
    if (klist_back(ui, &s->v, ev))
        return ck_ui_go_pop();
    const ck_ui_list *l = &s->v.list;
    s->reprint.disabled = !l->has_selection || s->task;
    if (ck_ui_button_event(ui, &s->reprint, ev) && l->has_selection && l->selected < s->v.nrows) {
        ktask r = {.kind = KT_REPRINT, .job_id = s->rows[l->selected].job_id};
        s->task = kiosk_task_post(k, &r);
        s->reprint.disabled = s->task != 0;
        return ck_ui_go_stay();
    }
    klist_event(ui, &s->v, ev);
    s->reprint.disabled = !l->has_selection || s->task;
    return ck_ui_go_stay();
}

static void row(const void *ctx, size_t i, ck_ui_row *out)
{
    const jrow *w = &((const jobs *)ctx)->rows[i];
    *out = (ck_ui_row){.title = w->title,
                       .detail = w->detail,
                       .has_pill = true,
                       .pill = w->pill,
                       .pill_label = w->pill_label};
}

static void render(ck_ui *ui, const void *state)
{
    const jobs *s = state;
    klist_draw(ui, &s->v);
    ck_ui_button_draw(ui, &s->reprint);
}

static void probe(const void *state, kprobe *p)
{
    const jobs *s = state;
    klist_probe(&s->v, p);
    kprobe_button(p, &s->reprint);
}

static void destroy(void *state)
{
    jobs *s = state;
    if (!s)
        return;
    if (s->task)
        kiosk_task_drop(s->base.k, s->task);
    free(s->rows);
    free(s);
}

ck_ui_screen kiosk_jobs(ck_kiosk *k)
{
    jobs *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .trainer = true, .probe = probe};
    s->v = (klist){.row = row,
                   .ctx = s,
                   .tappable = true,
                   .selectable = true,
                   .note_type = CK_UI_TEXT_SMALL,
                   .note_lines = 3};
    snprintf(s->v.hd.title, sizeof s->v.hd.title, "%s", KT(k, "Print jobs"));
    snprintf(s->v.hd.subtitle, sizeof s->v.hd.subtitle, "%s",
             KT(k, "Newest first; states as CUPS reports them"));
    s->reprint =
        (ck_ui_button){.label = KT(k, "Reprint"), .kind = CK_UI_BUTTON_PRIMARY, .disabled = true};
    return (ck_ui_screen){
        .name = "jobs", .state = s, .handle_event = handle, .render = render, .destroy = destroy};
}
