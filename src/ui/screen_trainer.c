/* Trainer mode's home: the roster with today's live status, the trainer's actions (close the
 * day, certificates for everyone eligible, the attendance register printed, print jobs, audit
 * trail, leave kiosk mode), how the station stands with the organisation's server, and the
 * chain head to write down. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REFRESH_MS = 5000 };

typedef struct trow {
    int64_t id;
    char name[CK_TEXT_MAX], detail[128];
    ck_ui_pill_kind pill;
} trow;

typedef struct trainer {
    kscreen base;
    klist v; /* its note is the counts line, at the top */
    trow *rows;
    size_t n_in, n_complete, n_missing;
    int today;
    char busy_line[320], head[160];
    char sync_line[320], clock_line[320]; /* the organisation's server; "" when none is set */
    bool sync_warn, clock_warn;
    uint64_t sync_seen; /* the sync thread's rounds when sync_line was worded */
    uint64_t task, reg_task;
    int64_t reg_job; /* the register's print job being followed, 0: none */
    int reg_pages;
    int64_t refresh_at;
    ck_ui_rect busy_rect, head_rect, sync_rect;
    ck_ui_button close_day, certs, reg, jobs, audit, leave;
} trainer;

enum { NBUTTONS = 6, NACTIONS = NBUTTONS - 1 }; /* the last is Leave */

static ck_ui_button *buttons(trainer *s, int i)
{
    ck_ui_button *b[] = {&s->close_day, &s->certs, &s->reg, &s->jobs, &s->audit, &s->leave};
    return i < NBUTTONS ? b[i] : NULL;
}

/* "In step at 09:14", or "12 records waiting — server unreachable since 09:02"; and a word on
 * the clock when it is more than two minutes off the server's. */
static void load_sync(trainer *s)
{
    ck_kiosk *k = s->base.k;
    ck_sync_status sy;
    ck_err err = {0};
    char hm[6];
    s->sync_line[0] = s->clock_line[0] = '\0';
    s->sync_warn = s->clock_warn = false;
    s->sync_seen = ck_kiosk_sync_rounds(k);
    if (ck_app_sync_status(k->app, &sy, &err) != CK_OK || !sy.joined)
        return;
    long long n = sy.waiting;
    size_t sn = sizeof s->sync_line;
    if (sy.unreachable_since) {
        s->sync_warn = true;
        ck_tz_hm(sy.unreachable_since, hm);
        if (n == 0)
            snprintf(s->sync_line, sn, KT(k, "Server unreachable since %s; nothing is waiting"),
                     hm);
        else
            snprintf(s->sync_line, sn,
                     KTN(k, "%lld record waiting — server unreachable since %s",
                         "%lld records waiting — server unreachable since %s", (unsigned long)n),
                     n, hm);
    } else if (sy.refused) {
        s->sync_warn = true;
        snprintf(s->sync_line, sn,
                 KTN(k, "%lld record waiting — the server refused this station",
                     "%lld records waiting — the server refused this station", (unsigned long)n),
                 n);
    } else if (sy.last_ok) {
        ck_tz_hm(sy.last_ok, hm);
        if (n == 0)
            snprintf(s->sync_line, sn, KT(k, "In step at %s"), hm);
        else
            snprintf(s->sync_line, sn,
                     KTN(k, "In step at %s; %lld new record to send",
                         "In step at %s; %lld new records to send", (unsigned long)n),
                     hm, n);
    } else {
        snprintf(s->sync_line, sn, "%s", KT(k, "Not in step yet: the first sync is under way"));
    }
    if (sy.clock_off) {
        long long off = sy.offset_ms < 0 ? -sy.offset_ms : sy.offset_ms;
        long long min = (off + 30000) / 60000;
        s->clock_warn = true;
        if (sy.offset_ms > 0)
            snprintf(s->clock_line, sizeof s->clock_line,
                     KT(k, "This station's clock is %lld min behind the server's: set it right"),
                     min);
        else
            snprintf(s->clock_line, sizeof s->clock_line,
                     KT(k, "This station's clock is %lld min ahead of the server's: set it right"),
                     min);
    }
}

static void load(trainer *s)
{
    ck_kiosk *k = s->base.k;
    const ck_course_rec *c = NULL;
    ck_status *list = NULL;
    size_t n = 0;
    ck_err err = {0};
    s->v.failed = false;
    ck_rc rc = ck_app_course(k->app, &c, &err);
    if (rc == CK_OK) {
        s->today = ck_app_today_index(k->app, c);
        if (s->today >= 0)
            snprintf(s->v.hd.subtitle, sizeof s->v.hd.subtitle, KT(k, "%s  ·  day %d of %zu"),
                     c->title, s->today + 1, c->ndays);
        else
            snprintf(s->v.hd.subtitle, sizeof s->v.hd.subtitle, KT(k, "%s  ·  not a course day"),
                     c->title);
        rc = ck_app_status(k->app, &list, &n, &err);
    }
    if (rc != CK_OK) {
        s->v.failed = true;
        kiosk_err_words(k, &err, s->v.note, sizeof s->v.note);
        return;
    }
    trow *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        ck_status_list_free(list, n);
        s->v.failed = true;
        snprintf(s->v.note, sizeof s->v.note, "%s", KT(k, "out of memory listing the roster"));
        return;
    }
    s->n_in = s->n_complete = s->n_missing = 0;
    for (size_t i = 0; i < n; i++) {
        rows[i].id = list[i].person.id;
        snprintf(rows[i].name, sizeof rows[i].name, "%s", list[i].person.name);
        char today[sizeof rows[i].detail];
        kiosk_person_today(k, &list[i], s->today, true, &rows[i].pill, today, sizeof today);
        if (list[i].eligible)
            /* TRANSLATORS: a person's line in trainer mode: today's state, then eligible. */
            snprintf(rows[i].detail, sizeof rows[i].detail, KT(k, "%s  ·  eligible"), today);
        else
            snprintf(rows[i].detail, sizeof rows[i].detail, "%s", today);
        s->n_in += rows[i].pill == CK_UI_PILL_IN;
        s->n_complete += rows[i].pill == CK_UI_PILL_COMPLETE;
        s->n_missing += rows[i].pill == CK_UI_PILL_MISSING;
    }
    ck_status_list_free(list, n);
    free(s->rows);
    s->rows = rows;
    /* The newest record's place in the chain, to write down (see "audit verify --expect"). */
    ck_chain_head head;
    if (ck_app_chain_head(k->app, &head, &err) == CK_OK)
        snprintf(s->head, sizeof s->head, KT(k, "Chain head %s"), head.text);
    else
        s->head[0] = '\0';
    snprintf(s->v.note, sizeof s->v.note,
             KT(k, "%zu on the roster  ·  %zu in  ·  %zu complete  ·  %zu missing"), n, s->n_in,
             s->n_complete, s->n_missing);
    klist_set_rows(&s->v, n);
    load_sync(s);
}

static void layout(ck_ui *ui, trainer *s)
{
    ck_ui_rect r = klist_begin(ui, &s->v, KT(s->base.k, "Attendee screen"));
    int gap = ck_ui_px(ui, 24), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    ck_ui_text c = {.str = "0", .type = CK_UI_TEXT_BODY};
    int ch = ck_ui_line_height(ui, &c) + ck_ui_px(ui, 8);
    if (kiosk_portrait(ui)) {
        ck_ui_rect grid = ck_ui_cut_bottom(&r, 3 * bh + 2 * gap);
        ck_ui_cut_bottom(&r, gap);
        s->head_rect = ck_ui_cut_bottom(&r, ch);
        s->sync_rect = ck_ui_cut_bottom(&r, 2 * ch);
        s->busy_rect = ck_ui_cut_bottom(&r, ch);
        s->v.note_rect = ck_ui_cut_top(&r, ch);
        ck_ui_cut_top(&r, gap / 2);
        klist_place(ui, &s->v, r);
        for (int i = 0; i < NBUTTONS; i++)
            buttons(s, i)->rect = ck_ui_grid(grid, 2, 3, gap, i);
    } else {
        ck_ui_rect side = ck_ui_cut_right(&r, r.w * 34 / 100);
        ck_ui_cut_right(&r, gap);
        s->v.note_rect = ck_ui_cut_top(&r, ch);
        ck_ui_cut_top(&r, gap / 2);
        klist_place(ui, &s->v, r);
        s->leave.rect = ck_ui_cut_bottom(&side, bh);
        ck_ui_cut_bottom(&side, gap);
        s->head_rect = ck_ui_cut_bottom(&side, ch);
        ck_ui_cut_bottom(&side, gap);
        /* The actions share what is left; on a short screen they close up. */
        int step = (side.h - 2 * ch - gap / 2) / NACTIONS, g = step - bh < gap ? step - bh : gap;
        for (int i = 0; i < NACTIONS; i++) {
            buttons(s, i)->rect = ck_ui_cut_top(&side, bh);
            ck_ui_cut_top(&side, g > 0 ? g : 0);
        }
        s->busy_rect = side;
        s->sync_rect = side; /* its foot, under the hint */
    }
}

/* ---- close the day ---- */

static ck_ui_next close_day_now(ck_ui *ui, ck_kiosk *k, void *ctx)
{
    ck_close_result res;
    ck_err err = {0};
    char body[1400];
    (void)ui;
    (void)ctx;
    if (ck_app_close_day(k->app, NULL, "end of the day; closed by the trainer at the kiosk", &res,
                         &err) != CK_OK)
        return kiosk_replace(k, kiosk_problem(k, KT(k, "The day was not closed"), &err, true));
    char hm[6];
    ck_tz_hm(res.at, hm);
    if (res.closed)
        snprintf(body, sizeof body,
                 KTN(k, "%zu person was checked out at %s: %s.",
                     "%zu people were checked out at %s: %s.", res.closed),
                 res.closed, hm, res.names);
    else
        snprintf(body, sizeof body, "%s", KT(k, "Nobody was still checked in."));
    kmsg m = {.kind = CK_UI_MESSAGE_DONE,
              .title = KT(k, "The day is closed"),
              .body = body,
              .hint = KT(k, "Recorded in the audit trail."),
              .trainer = true};
    return kiosk_replace(k, kiosk_message(k, &m));
}

static ck_ui_next ask_close_day(trainer *s)
{
    ck_kiosk *k = s->base.k;
    const ck_course_rec *c = NULL;
    ck_err err = {0};
    char title[160], body[800], hm[6];
    if (ck_app_course(k->app, &c, &err) != CK_OK)
        return kiosk_push(k, kiosk_problem(k, KT(k, "The day cannot be closed"), &err, true));
    if (s->today < 0) {
        ck_err_set(&err, CK_ESTATE, "today is not a day of this course; nothing to close");
        return kiosk_push(k, kiosk_problem(k, KT(k, "The day cannot be closed"), &err, true));
    }
    ck_day day;
    ck_tz_day(&c->days[s->today], &day);
    ck_tz_hm(day.window.end, hm);
    snprintf(title, sizeof title, KT(k, "Close day %d?"), s->today + 1);
    snprintf(body, sizeof body,
             KT(k, "Everyone still checked in (%zu now) is checked out at %s, the end of the day. "
                   "This is recorded in the audit trail."),
             s->n_in, hm);
    kmsg m = {.kind = CK_UI_MESSAGE_INFO,
              .title = title,
              .body = body,
              .button = KT(k, "Close the day"),
              .go = KMSG_CALL,
              .fn = close_day_now,
              .second = KT(k, "Cancel"),
              .second_go = KMSG_POP,
              .trainer = true};
    return kiosk_push(k, kiosk_message(k, &m));
}

static ck_ui_next ask_leave(ck_kiosk *k)
{
    kmsg m = {.kind = CK_UI_MESSAGE_INFO,
              .title = KT(k, "Leave kiosk mode?"),
              .body = KT(k, "The kiosk closes. If this station runs it as a service, the service "
                            "starts it again by itself."),
              .button = KT(k, "Leave kiosk mode"),
              .button_danger = true,
              .go = KMSG_QUIT,
              .second = KT(k, "Stay"),
              .second_go = KMSG_POP,
              .trainer = true};
    return kiosk_push(k, kiosk_message(k, &m));
}

/* ---- certificates for everyone ---- */

static ck_ui_next certs_done(trainer *s, const ktask *t)
{
    ck_kiosk *k = s->base.k;
    char body[1200], hint[1600] = "", said[1200];
    s->task = 0;
    s->certs.disabled = false;
    s->busy_line[0] = '\0';
    if (t->rc != CK_OK)
        return kiosk_push(k, kiosk_problem(k, KT(k, "No certificates were made"), &t->err, true));
    char title[160];
    size_t waiting = t->issued - t->sent;
    snprintf(title, sizeof title,
             KTN(k, "%zu certificate issued", "%zu certificates issued", t->issued), t->issued);
    /* Whole sentences, one after the other. */
    size_t used = 0;
    if (t->issued && !waiting)
        used = (size_t)snprintf(body, sizeof body, "%s ", KT(k, "All sent to the printer."));
    else if (waiting)
        used = (size_t)snprintf(body, sizeof body,
                                KTN(k,
                                    "%zu waits for the printer, which needs attention; it is "
                                    "kept and retried (see Print jobs). ",
                                    "%zu wait for the printer, which needs attention; they are "
                                    "kept and retried (see Print jobs). ",
                                    waiting),
                                waiting);
    if (used < sizeof body)
        snprintf(body + used, sizeof body - used,
                 KTN(k, "%zu person is not eligible yet.", "%zu people are not eligible yet.",
                     t->ineligible),
                 t->ineligible);
    if (t->failed)
        snprintf(hint, sizeof hint, KT(k, "%zu could not be issued: %s"), t->failed,
                 kiosk_err_words(k, &t->err, said, sizeof said));
    else if (t->print_err.rc != CK_OK || t->print_err.msg[0])
        snprintf(hint, sizeof hint, KT(k, "Printing: %s"),
                 kiosk_err_words(k, &t->print_err, said, sizeof said));
    kmsg m = {.kind = t->failed || waiting ? CK_UI_MESSAGE_PROBLEM : CK_UI_MESSAGE_DONE,
              .title = title,
              .body = body,
              .hint = hint[0] ? hint : NULL,
              .trainer = true};
    return kiosk_push(k, kiosk_message(k, &m));
}

/* ---- the attendance register ---- */

/* The register's job (given, or as the worker last read it) once it printed or needs a person;
 * while CUPS has it, nothing. */
static ck_ui_next register_job(trainer *s, const ck_job_rec *given)
{
    ck_kiosk *k = s->base.k;
    ck_job_rec job;
    if (given)
        job = *given;
    else if (!s->reg_job || !kiosk_watched_job(k, &job, NULL) || job.id != s->reg_job)
        return ck_ui_go_stay();
    if (job.state == CK_JOB_SENT)
        return ck_ui_go_stay();
    s->reg_job = 0;
    s->reg.disabled = false;
    s->busy_line[0] = '\0';
    kiosk_watch_job(k, 0);
    char body[300], why[800];
    if (job.state == CK_JOB_COMPLETED) {
        snprintf(body, sizeof body,
                 KTN(k, "%d page. Sign it, date it and keep it with the course's papers.",
                     "%d pages. Sign it, date it and keep it with the course's papers.",
                     (unsigned long)s->reg_pages),
                 s->reg_pages);
        kmsg m = {.kind = CK_UI_MESSAGE_DONE,
                  .title = KT(k, "The attendance register has been printed"),
                  .body = body,
                  .trainer = true};
        return kiosk_push(k, kiosk_message(k, &m));
    }
    kiosk_job_words(k, &job, why, sizeof why);
    kmsg m = {.kind = CK_UI_MESSAGE_PROBLEM,
              .title = KT(k, "The printer needs attention"),
              .body = KT(k, "The attendance register is kept and printed again once the printer "
                            "works (see Print jobs)."),
              .hint = why,
              .trainer = true};
    return kiosk_push(k, kiosk_message(k, &m));
}

static ck_ui_next register_done(trainer *s, const ktask *t)
{
    ck_kiosk *k = s->base.k;
    s->reg_task = 0;
    if (t->rc != CK_OK) {
        s->reg.disabled = false;
        s->busy_line[0] = '\0';
        return kiosk_push(k, kiosk_problem(k, KT(k, "The register was not made"), &t->err, true));
    }
    if (!t->printed) {
        s->reg.disabled = false;
        s->busy_line[0] = '\0';
        return kiosk_push(k, kiosk_problem(k, KT(k, "The register was made but not printed"),
                                           &t->print_err, true));
    }
    /* Followed like a certificate: the worker asks CUPS until it printed. */
    s->reg_job = t->job.id;
    s->reg_pages = t->report.pages;
    if (t->job.state != CK_JOB_SENT) /* printed already, or the printer needs a person */
        return register_job(s, &t->job);
    /* TRANSLATORS: the number of pages, then the chain head's short hash. */
    snprintf(s->busy_line, sizeof s->busy_line,
             KTN(k,
                 "The attendance register (%d page) is printing; its footer holds the chain "
                 "head %s.",
                 "The attendance register (%d pages) is printing; its footer holds the chain "
                 "head %s.",
                 (unsigned long)t->report.pages),
             t->report.pages, t->report.head.text);
    kiosk_watch_job(k, t->job.id);
    return ck_ui_go_stay();
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    trainer *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    ktask t;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        k->trainer = true;
        load(s);
        s->refresh_at = ev->now + REFRESH_MS;
        ck_ui_redraw_at(ui, s->refresh_at);
        return ck_ui_go_stay();
    case CK_UI_EV_TICK:
    case CK_UI_EV_WAKE:
        if (s->task && kiosk_task_take(k, s->task, &t))
            return certs_done(s, &t);
        if (ck_kiosk_sync_rounds(k) != s->sync_seen)
            load_sync(s); /* a sync just ended */
        if (s->reg_task && kiosk_task_take(k, s->reg_task, &t))
            return register_done(s, &t);
        if (s->reg_job && (nx = register_job(s, NULL)).action != CK_UI_STAY)
            return nx;
        if (ev->kind == CK_UI_EV_TICK && ev->now >= s->refresh_at) {
            load(s); /* live status: people check in and out while the trainer looks */
            s->refresh_at = ev->now + REFRESH_MS;
            ck_ui_redraw_at(ui, s->refresh_at);
        }
        break; /* the list glides on ticks too */
    default: break;
    }
    if (klist_back(ui, &s->v, ev))
        return ck_ui_go_home();
    if (ck_ui_button_event(ui, &s->close_day, ev))
        return ask_close_day(s);
    if (ck_ui_button_event(ui, &s->certs, ev)) {
        ktask all = {.kind = KT_CERT_ALL};
        s->task = kiosk_task_post(k, &all);
        if (s->task) {
            s->certs.disabled = true;
            snprintf(s->busy_line, sizeof s->busy_line, "%s",
                     KT(k, "Making and printing certificates for everyone eligible…"));
        }
        return ck_ui_go_stay();
    }
    if (ck_ui_button_event(ui, &s->reg, ev)) {
        ktask reg = {.kind = KT_REGISTER};
        s->reg_task = kiosk_task_post(k, &reg);
        if (s->reg_task) {
            s->reg.disabled = true;
            snprintf(s->busy_line, sizeof s->busy_line, "%s",
                     KT(k, "Making the attendance register and sending it to the printer…"));
        }
        return ck_ui_go_stay();
    }
    if (ck_ui_button_event(ui, &s->jobs, ev))
        return kiosk_push(k, kiosk_jobs(k));
    if (ck_ui_button_event(ui, &s->audit, ev))
        return kiosk_push(k, kiosk_audit(k));
    if (ck_ui_button_event(ui, &s->leave, ev))
        return ask_leave(k);
    long i = klist_event(ui, &s->v, ev);
    if (i >= 0)
        return kiosk_push(k, kiosk_person(k, s->rows[i].id));
    return ck_ui_go_stay();
}

static void row(const void *ctx, size_t i, ck_ui_row *out)
{
    const trow *w = &((const trainer *)ctx)->rows[i];
    *out = (ck_ui_row){.title = w->name, .detail = w->detail, .has_pill = true, .pill = w->pill};
}

static void render(ck_ui *ui, const void *state)
{
    const trainer *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    klist_draw(ui, &s->v);
    for (int i = 0; i < NBUTTONS; i++)
        ck_ui_button_draw(ui, buttons((trainer *)s, i));
    ck_ui_text head = {.str = s->head,
                       .type = CK_UI_TEXT_SMALL,
                       .color = p->text_muted,
                       .valign = CK_UI_MIDDLE,
                       .max_lines = 1};
    ck_ui_draw_text(ui, s->head_rect, &head);
    /* The server's news at the foot of its place, the clock's under it. */
    ck_ui_rect sr = s->sync_rect;
    ck_ui_text clock = {.str = s->clock_line,
                        .type = CK_UI_TEXT_SMALL,
                        .color = p->warn,
                        .valign = CK_UI_BOTTOM,
                        .max_lines = 2};
    if (s->clock_line[0]) {
        ck_ui_draw_text(ui, sr, &clock);
        sr.h -= kiosk_text_h(ui, &clock, sr.w);
    }
    ck_ui_text sy = {.str = s->sync_line,
                     .type = CK_UI_TEXT_SMALL,
                     .color = s->sync_warn ? p->warn : p->text_muted,
                     .valign = CK_UI_BOTTOM,
                     .max_lines = 2};
    if (s->sync_line[0] && sr.h > 0) {
        ck_ui_draw_text(ui, sr, &sy);
        sr.h -= kiosk_text_h(ui, &sy, sr.w);
    }
    /* Where the hint or the busy line shares the server's place (landscape), it keeps above
     * what the server's news took. */
    ck_ui_rect busy = s->busy_rect;
    if (s->sync_rect.y == busy.y && s->sync_rect.h == busy.h)
        busy.h = sr.h - ck_ui_px(ui, 8);
    ck_ui_text t = {.str = s->busy_line[0]
                               ? s->busy_line
                               : KT(s->base.k, "Tap a person to correct their day, or scan "
                                               "their badge."),
                    .type = CK_UI_TEXT_SMALL,
                    .color = p->text_muted,
                    .valign = s->busy_line[0] ? CK_UI_MIDDLE : CK_UI_TOP};
    int lh = ck_ui_line_height(ui, &t);
    t.max_lines = lh > 0 && busy.h / lh < 3 ? busy.h / lh : 3;
    if (t.max_lines <= 0)
        return; /* no room left: the server's news comes first */
    if (!s->busy_line[0]) {
        ck_ui_draw_text(ui, busy, &t);
    } else {
        int sp = ck_ui_px(ui, 28);
        ck_ui_rect b = busy;
        kiosk_spinner(ui, (float)b.x + (float)sp, (float)b.y + (float)b.h / 2, (float)sp * 0.7f);
        ck_ui_draw_text(ui, (ck_ui_rect){b.x + 2 * sp + ck_ui_px(ui, 8), b.y, b.w - 2 * sp, b.h},
                        &t);
    }
}

static void probe(const void *state, kprobe *p)
{
    const trainer *s = state;
    klist_probe(&s->v, p);
    if (s->busy_line[0])
        kprobe_say(p, "%s", s->busy_line);
    kprobe_say(p, "%s", s->head);
    if (s->sync_line[0])
        kprobe_say(p, "%s", s->sync_line);
    if (s->clock_line[0])
        kprobe_say(p, "%s", s->clock_line);
    for (int i = 0; i < NBUTTONS; i++)
        kprobe_button(p, buttons((trainer *)s, i));
}

static void destroy(void *state)
{
    trainer *s = state;
    if (!s)
        return;
    if (s->task)
        kiosk_task_drop(s->base.k, s->task);
    if (s->reg_task)
        kiosk_task_drop(s->base.k, s->reg_task);
    if (s->reg_job)
        kiosk_watch_job(s->base.k, 0);
    free(s->rows);
    free(s);
}

ck_ui_screen kiosk_trainer(ck_kiosk *k)
{
    trainer *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .trainer = true, .probe = probe};
    s->v = (klist){
        .row = row, .ctx = s, .tappable = true, .note_type = CK_UI_TEXT_BODY, .note_lines = 1};
    snprintf(s->v.hd.title, sizeof s->v.hd.title, "%s", KT(k, "Trainer mode"));
    s->today = -1;
    s->close_day = (ck_ui_button){.label = KT(k, "Close the day"), .kind = CK_UI_BUTTON_SECONDARY};
    s->certs = (ck_ui_button){.label = KT(k, "Certificates for all eligible"),
                              .kind = CK_UI_BUTTON_SECONDARY};
    s->reg = (ck_ui_button){.label = KT(k, "Print the attendance register"),
                            .kind = CK_UI_BUTTON_SECONDARY};
    s->jobs = (ck_ui_button){.label = KT(k, "Print jobs"), .kind = CK_UI_BUTTON_SECONDARY};
    s->audit = (ck_ui_button){.label = KT(k, "Audit trail"), .kind = CK_UI_BUTTON_SECONDARY};
    s->leave = (ck_ui_button){.label = KT(k, "Leave kiosk mode"), .kind = CK_UI_BUTTON_DANGER};
    return (ck_ui_screen){.name = "trainer",
                          .state = s,
                          .handle_event = handle,
                          .render = render,
                          .destroy = destroy};
}
