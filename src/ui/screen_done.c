/* Done: an eligible attendee's certificate is issued and printed (on the worker, the screen
 * stays alive) and followed until it printed, and can be e-mailed to the address on the roster
 * (shown masked; never one typed here); otherwise the reasons, in plain words. */
#include "ui/kiosk_impl.h"

#include "core/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum phase {
    P_PREPARING,  /* the worker issues and prints */
    P_PRINTING,   /* CUPS has the job */
    P_PRINTED,    /* CUPS says it completed */
    P_ATTENTION,  /* the job is kept and retried: the printer needs a person */
    P_FAILED,     /* the certificate could not be issued */
    P_INELIGIBLE, /* not all days complete, or the license not accepted */
} phase;

typedef struct done {
    kscreen base;
    int64_t id;
    phase ph;
    bool loaded;
    uint64_t task, mail_task;
    int64_t job_id;
    int64_t mail_id;     /* the message being sent, watched until its try ends; 0: none */
    uint64_t mail_round; /* the mail thread's round that will have tried it */
    char first[CK_TEXT_MAX], cert_id[CK_CERT_ID_MAX];
    char title[320], body[2048], hint[1400];
    bool can_mail;            /* the person has an address and the station can send mail */
    char masked[CK_TEXT_MAX]; /* "z•••@example.org" */
    char mail_sub[CK_TEXT_MAX + 160], mail_line[800];
    ck_ui_button ok, mail;
    ck_ui_rect area, mail_rect;
} done;

static void say(done *s, phase ph, const char *title, const char *body, const char *hint)
{
    s->ph = ph;
    snprintf(s->title, sizeof s->title, "%s", title);
    snprintf(s->body, sizeof s->body, "%s", body ? body : "");
    snprintf(s->hint, sizeof s->hint, "%s", hint ? hint : "");
}

static void job_state(done *s, const ck_job_rec *job)
{
    const ck_kiosk *k = s->base.k;
    char body[600], hint[1400];
    s->job_id = job->id;
    snprintf(hint, sizeof hint, KT(k, "Certificate %s"), s->cert_id);
    if (job->state == CK_JOB_COMPLETED) {
        snprintf(body, sizeof body, KT(k, "Collect it at the printer, %s. Congratulations!"),
                 s->first);
        say(s, P_PRINTED, KT(k, "Your certificate has been printed"), body, hint);
        kiosk_watch_job(s->base.k, 0);
    } else if (job->state == CK_JOB_SENT) {
        snprintf(body, sizeof body, KT(k, "Collect it at the printer, %s. Congratulations!"),
                 s->first);
        say(s, P_PRINTING, KT(k, "Your certificate is printing"), body, hint);
    } else {
        char why[1200];
        kiosk_job_words(k, job, why, sizeof why);
        /* TRANSLATORS: the certificate's id, then what the printer says. */
        snprintf(hint, sizeof hint, KT(k, "Certificate %s. %s"), s->cert_id, why);
        say(s, P_ATTENTION, KT(k, "The printer needs attention"),
            KT(k, "Your certificate is saved — your trainer can reprint it."), hint);
    }
}

static void post(ck_ui *ui, done *s, int64_t now)
{
    ktask t = {.kind = KT_CERT, .attendee_id = s->id};
    s->task = kiosk_task_post(s->base.k, &t);
    if (!s->task)
        ck_ui_redraw_at(ui, now + 250); /* the queue is full: try again shortly */
}

static void load(ck_ui *ui, done *s, int64_t now)
{
    ck_kiosk *k = s->base.k;
    ck_status st = {0};
    ck_err err = {0};
    char body[2048], said[1024];
    s->loaded = true;
    if (ck_app_status_one(k->app, s->id, &st, &err) != CK_OK) {
        say(s, P_FAILED, KT(k, "We could not look up your certificate"),
            KT(k, "Your attendance is saved. Please see your trainer."),
            kiosk_err_words(k, &err, said, sizeof said));
        return;
    }
    kiosk_first_name(st.person.name, s->first, sizeof s->first);
    ck_email_mask(st.person.email, s->masked, sizeof s->masked);
    s->can_mail = *s->masked && ck_app_mail_ready(k->app);
    /* TRANSLATORS: %s is the person's e-mail address with most of it hidden, z•••@example.org;
       the button's label is quoted. */
    snprintf(s->mail_sub, sizeof s->mail_sub,
             KT(k, "\"E-mail it to me\" sends it to %s, the address on the roster."), s->masked);
    if (st.eligible) {
        snprintf(body, sizeof body,
                 KT(k, "One moment, %s: it is being made and sent to the printer."), s->first);
        say(s, P_PREPARING, KT(k, "Preparing your certificate…"), body, NULL);
        post(ui, s, now);
    } else {
        /* TRANSLATORS: before the list of reasons why the certificate cannot be issued yet. */
        size_t used = (size_t)snprintf(body, sizeof body, KT(k, "Not yet, %s:"), s->first);
        for (size_t i = 0; i < st.nreasons && used < sizeof body; i++) {
            char line[1024];
            kiosk_sentence(kiosk_words(k, &st.reasons[i], said, sizeof said), line, sizeof line);
            used += (size_t)snprintf(body + used, sizeof body - used, "\n•  %s", line);
        }
        say(s, P_INELIGIBLE, KT(k, "Your certificate cannot be issued yet"), body,
            KT(k, "Please see your trainer."));
    }
    ck_status_clear(&st);
}

static void task_done(done *s, const ktask *t)
{
    const ck_kiosk *k = s->base.k;
    char said[1200];
    s->task = 0;
    /* The worker brings messages back; they are worded now, in the language on screen. */
    if (t->rc != CK_OK) {
        say(s, P_FAILED, KT(k, "We could not prepare your certificate"),
            KT(k, "Your attendance and your decision are saved. Please see your trainer, who can "
                  "issue it."),
            kiosk_err_words(k, &t->err, said, sizeof said));
        return;
    }
    snprintf(s->cert_id, sizeof s->cert_id, "%s", t->issue.id);
    if (!t->printed) {
        char hint[1400], why[1200];
        kiosk_sentence(kiosk_err_words(k, &t->print_err, said, sizeof said), why, sizeof why);
        snprintf(hint, sizeof hint, KT(k, "Certificate %s. %s"), s->cert_id, why);
        say(s, P_ATTENTION, KT(k, "The printer needs attention"),
            KT(k, "Your certificate is saved — your trainer can reprint it."), hint);
        return;
    }
    job_state(s, &t->job);
    if (t->job.state != CK_JOB_COMPLETED)
        kiosk_watch_job(s->base.k, t->job.id); /* the worker follows it with CUPS */
}

/* What became of the e-mail, for the person at the screen. */
static void mail_said(done *s, const ck_mail_rec *m)
{
    const ck_kiosk *k = s->base.k;
    switch (m->state) {
    case CK_MAIL_SENT:
        snprintf(s->mail_line, sizeof s->mail_line, KT(k, "Sent to %s."), s->masked);
        break;
    case CK_MAIL_FAILED:
        snprintf(s->mail_line, sizeof s->mail_line,
                 KT(k, "The mail server refused the address %s; please see your trainer."),
                 s->masked);
        break;
    case CK_MAIL_UNSURE:
        snprintf(s->mail_line, sizeof s->mail_line,
                 KT(k, "It may have reached %s; your trainer can check and send it again."),
                 s->masked);
        break;
    default:
        snprintf(s->mail_line, sizeof s->mail_line,
                 KT(k, "It goes to %s as soon as the mail server answers; nothing more to do."),
                 s->masked);
        break;
    }
}

/* The message is queued (the worker's answer): the mail thread sends it; until its first try
 * ends the screen says it is being sent. */
static void mail_done(done *s, const ktask *t)
{
    const ck_kiosk *k = s->base.k;
    s->mail_task = 0;
    if (t->rc != CK_OK) {
        char said[700], why[700];
        kiosk_sentence(kiosk_err_words(k, &t->err, said, sizeof said), why, sizeof why);
        /* TRANSLATORS: %s is the reason, a whole sentence. */
        snprintf(s->mail_line, sizeof s->mail_line,
                 KT(k, "The e-mail could not be prepared; please see your trainer. %s"), why);
        s->mail.disabled = false;
        return;
    }
    s->mail_id = t->mail.id;
    s->mail_round = t->mail_round;
}

/* Once the mail thread's round that looked at the message has ended, what it gave: sent,
 * refused, or (not due, the server not answering, another sender at it) waiting. */
static void mail_watch(done *s)
{
    ck_kiosk *k = s->base.k;
    if (!s->mail_id || kiosk_mail_rounds(k) < s->mail_round)
        return;
    ck_mail_rec m;
    ck_err quiet = {0};
    int64_t id = s->mail_id;
    s->mail_id = 0;
    if (ck_app_mail_get(k->app, id, &m, &quiet) != CK_OK)
        m = (ck_mail_rec){.state = CK_MAIL_QUEUED}; /* unreadable now: it waits in the outbox */
    mail_said(s, &m);
    ck_mail_rec_clear(&m);
}

static void news(ck_ui *ui, done *s, int64_t now)
{
    ktask t;
    if (s->mail_task && kiosk_task_take(s->base.k, s->mail_task, &t))
        mail_done(s, &t);
    mail_watch(s);
    if (s->ph == P_PREPARING && !s->task)
        post(ui, s, now);
    if (s->task && kiosk_task_take(s->base.k, s->task, &t))
        task_done(s, &t);
    ck_job_rec job;
    if (s->job_id && (s->ph == P_PRINTING || s->ph == P_ATTENTION) &&
        kiosk_watched_job(s->base.k, &job, NULL) && job.id == s->job_id)
        job_state(s, &job);
}

static void layout(ck_ui *ui, done *s)
{
    int w, h;
    ck_ui_size(ui, &w, &h);
    s->area = (ck_ui_rect){0, 0, w, h};
    ck_ui_rect r = kiosk_area(ui);
    int bh = ck_ui_px(ui, CK_UI_BUTTON_H), bw = ck_ui_px(ui, 420), gap = ck_ui_px(ui, 24);
    ck_ui_rect row = ck_ui_cut_bottom(&r, bh);
    if (row.w >= 2 * bw + gap) { /* side by side: e-mail to the left of Done */
        int x = row.x + (row.w - 2 * bw - gap) / 2;
        s->mail.rect = (ck_ui_rect){x, row.y, bw, bh};
        s->ok.rect = (ck_ui_rect){x + bw + gap, row.y, bw, bh};
    } else { /* stacked: Done at the bottom */
        s->ok.rect = ck_ui_center(row, bw < r.w ? bw : r.w, bh);
        ck_ui_cut_bottom(&r, gap / 2);
        s->mail.rect = ck_ui_center(ck_ui_cut_bottom(&r, bh), bw < r.w ? bw : r.w, bh);
    }
    ck_ui_text line = {.str = "0", .type = CK_UI_TEXT_BODY};
    ck_ui_cut_bottom(&r, gap); /* air between the line and the buttons */
    s->mail_rect = ck_ui_cut_bottom(&r, 2 * ck_ui_line_height(ui, &line));
    ck_ui_cut_bottom(&r, gap);
    s->area = r;
}

/* The button shows once the certificate exists (printed or waiting for the printer). */
static bool mail_shown(const done *s)
{
    return s->can_mail && (s->ph == P_PRINTING || s->ph == P_PRINTED || s->ph == P_ATTENTION);
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    done *s = state;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        if (!s->loaded)
            load(ui, s, ev->now);
        return ck_ui_go_stay();
    case CK_UI_EV_WAKE:
    case CK_UI_EV_TICK: news(ui, s, ev->now); return ck_ui_go_stay();
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ENTER || ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_home();
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->ok, ev))
        return ck_ui_go_home();
    if (mail_shown(s) && ck_ui_button_event(ui, &s->mail, ev)) {
        ktask t = {.kind = KT_MAIL, .attendee_id = s->id};
        s->mail_task = kiosk_task_post(s->base.k, &t);
        if (s->mail_task) {
            s->mail.disabled = true;
            snprintf(s->mail_line, sizeof s->mail_line, KT(s->base.k, "Sending it to %s…"),
                     s->masked);
        }
    }
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const done *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    ck_ui_rect r = s->area;
    int col = r.w < ck_ui_px(ui, 1200) ? r.w : ck_ui_px(ui, 1200);
    r = ck_ui_center(r, col, r.h);
    int gap = ck_ui_px(ui, 24), icon = ck_ui_px(ui, 150);
    bool list = s->ph == P_INELIGIBLE;
    ck_ui_text t = {.str = s->title,
                    .type = CK_UI_TEXT_TITLE,
                    .bold = true,
                    .align = CK_UI_CENTER,
                    .max_lines = 3};
    ck_ui_text b = {.str = s->body,
                    .type = list ? CK_UI_TEXT_BODY : CK_UI_TEXT_LARGE,
                    .color = list ? p->text : p->text_muted,
                    .align = list ? CK_UI_LEFT : CK_UI_CENTER,
                    .max_lines = 14};
    /* The next step for someone not eligible is the point of the screen, not small print. */
    ck_ui_text h = {.str = s->hint,
                    .type = list ? CK_UI_TEXT_LARGE : CK_UI_TEXT_SMALL,
                    .bold = list,
                    .color = list ? p->text : p->text_muted,
                    .align = CK_UI_CENTER,
                    .max_lines = 4};
    if (s->ph == P_PRINTING || s->ph == P_PRINTED)
        t.type = CK_UI_TEXT_DISPLAY;
    if (kiosk_text_h(ui, &t, r.w) > 2 * ck_ui_line_height(ui, &t))
        t.type = CK_UI_TEXT_TITLE;
    int pad = list ? ck_ui_px(ui, 36) : 0;
    if (list && kiosk_text_h(ui, &(ck_ui_text){.str = s->body, .type = CK_UI_TEXT_LARGE},
                             r.w - 2 * pad) < r.h / 3)
        b.type = CK_UI_TEXT_LARGE; /* a few reasons: large enough to read standing */
    int th = kiosk_text_h(ui, &t, r.w), bh = kiosk_text_h(ui, &b, r.w - 2 * pad);
    int hh = s->hint[0] ? kiosk_text_h(ui, &h, r.w) : 0;
    if (icon + gap + th + gap + bh + 2 * pad + gap + hh > r.h)
        icon = ck_ui_px(ui, 90);
    int total = icon + gap + th + gap + bh + 2 * pad + (hh ? gap + hh : 0);
    int y = r.y + (r.h > total ? (r.h - total) / 2 : 0);
    ck_ui_rect ir = {r.x + (r.w - icon) / 2, y, icon, icon};
    if (s->ph == P_PREPARING)
        kiosk_spinner(ui, (float)ir.x + (float)icon / 2, (float)ir.y + (float)icon / 2,
                      (float)icon * 0.4f);
    else
        kiosk_icon(ui, ir,
                   s->ph == P_PRINTING || s->ph == P_PRINTED ? CK_UI_MESSAGE_DONE
                   : s->ph == P_INELIGIBLE                   ? CK_UI_MESSAGE_INFO
                                                             : CK_UI_MESSAGE_PROBLEM);
    y += icon + gap;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, th}, &t);
    y += th + gap;
    if (list) {
        ck_ui_card_draw(ui, (ck_ui_rect){r.x, y, r.w, bh + 2 * pad});
        ck_ui_draw_text(ui, (ck_ui_rect){r.x + pad, y + pad, r.w - 2 * pad, bh}, &b);
    } else {
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, bh}, &b);
    }
    y += bh + 2 * pad;
    if (hh)
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y + gap, r.w, hh}, &h);
    ck_ui_button_draw(ui, &s->ok);
    if (mail_shown(s)) {
        ck_ui_button_draw(ui, &s->mail);
        ck_ui_text m = {.str = s->mail_line[0] ? s->mail_line : s->mail_sub,
                        .type = CK_UI_TEXT_BODY,
                        .color = p->text_muted,
                        .align = CK_UI_CENTER,
                        .valign = CK_UI_BOTTOM,
                        .max_lines = 2};
        ck_ui_draw_text(ui, s->mail_rect, &m);
    }
}

static void probe(const void *state, kprobe *p)
{
    const done *s = state;
    kprobe_say(p, "%s", s->title);
    if (s->body[0])
        kprobe_say(p, "%s", s->body);
    if (s->hint[0])
        kprobe_say(p, "%s", s->hint);
    kprobe_button(p, &s->ok);
    if (mail_shown(s)) {
        kprobe_button(p, &s->mail);
        kprobe_say(p, "%s", s->mail_sub);
        if (s->mail_line[0])
            kprobe_say(p, "%s", s->mail_line);
    }
}

static void destroy(void *state)
{
    done *s = state;
    if (!s)
        return;
    if (s->task)
        kiosk_task_drop(s->base.k, s->task);
    if (s->mail_task)
        kiosk_task_drop(s->base.k, s->mail_task);
    if (s->job_id)
        kiosk_watch_job(s->base.k, 0);
    free(s);
}

ck_ui_screen kiosk_done(ck_kiosk *k, int64_t attendee_id)
{
    done *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .probe = probe};
    s->id = attendee_id;
    s->ok = (ck_ui_button){.label = KT(k, "Done"), .kind = CK_UI_BUTTON_PRIMARY};
    s->mail = (ck_ui_button){.label = KT(k, "E-mail it to me"), .kind = CK_UI_BUTTON_SECONDARY};
    return (ck_ui_screen){
        .name = "done", .state = s, .handle_event = handle, .render = render, .destroy = destroy};
}
