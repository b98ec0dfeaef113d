/* Trainer mode, one person: their day, license and eligibility; check them in or out or accept
 * the license for them (with a reason, audited), let them read the license here, print their
 * certificate. The reason screen offers preset reasons as big buttons, or free text. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the reason screen ---- */

typedef enum rkind { R_IN, R_OUT, R_LICENSE } rkind;

/* Recorded as the reason in the language on screen, as a trainer would type it. */
static const char *const PRESETS[3][3] = {
    {N_("Kiosk was busy"), N_("Forgot to check in"), N_("Checked in with the trainer")},
    {N_("Left with the trainer's permission"), N_("Forgot to check out"), N_("Kiosk was busy")},
    {N_("Accepted on paper"), N_("Read it with the trainer"), N_("Kiosk was busy")},
};

typedef struct reason {
    kscreen base;
    kheader hd;
    int64_t id;
    rkind kind;
    char name[CK_TEXT_MAX], note[400];
    bool typing;
    ck_ui_button preset[3], other;
    ck_ui_field field;
    ck_ui_keyboard kb;
    ck_ui_rect note_rect;
} reason;

static void reason_layout(ck_ui *ui, reason *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int gap = ck_ui_px(ui, 24), bh = ck_ui_px(ui, 120);
    kheader_layout(ui, &s->hd, &r, s->typing ? KT(s->base.k, "Presets") : KT(s->base.k, "Cancel"));
    s->note_rect =
        ck_ui_cut_top(&r, ck_ui_px(ui, 96)); /* two lines: a refusal says how to fix it */
    ck_ui_cut_top(&r, gap / 2);
    if (s->typing) {
        for (int i = 0; i < 3; i++)
            s->preset[i].rect = (ck_ui_rect){0};
        s->other.rect = (ck_ui_rect){0};
        s->field.rect = ck_ui_cut_top(&r, ck_ui_px(ui, 104));
        ck_ui_cut_top(&r, gap);
        int kgap = ck_ui_px(ui, 12), w = r.w < ck_ui_px(ui, 1500) ? r.w : ck_ui_px(ui, 1500);
        int unit = (w + kgap) / 10, kh = 5 * unit;
        if (kh > r.h)
            kh = r.h;
        s->kb.rect = ck_ui_center(ck_ui_cut_bottom(&r, kh), w, kh);
        return;
    }
    s->field.rect = s->kb.rect = (ck_ui_rect){0};
    int col = r.w < ck_ui_px(ui, 1100) ? r.w : ck_ui_px(ui, 1100);
    ck_ui_rect c = ck_ui_center(r, col, 4 * bh + 3 * gap < r.h ? 4 * bh + 3 * gap : r.h);
    int each = (c.h - 3 * gap) / 4;
    for (int i = 0; i < 3; i++) {
        s->preset[i].rect = ck_ui_cut_top(&c, each);
        ck_ui_cut_top(&c, gap);
    }
    s->other.rect = c;
}

static ck_ui_next perform(reason *s, const char *why)
{
    ck_kiosk *k = s->base.k;
    ck_err err = {0};
    char title[CK_TEXT_MAX + 200], hm[6];
    ck_rc rc;
    if (s->kind == R_LICENSE) {
        ck_decision_req req = {.attendee_id = s->id,
                               .decision = CK_DECISION_ACCEPT,
                               .source = CK_SOURCE_TRAINER,
                               .reason = why};
        rc = ck_app_license_decide(k->app, &req, &err);
        snprintf(title, sizeof title, KT(k, "Recorded: %s accepted the license"), s->name);
    } else {
        ck_presence_req req = {.attendee_id = s->id,
                               .kind = s->kind == R_IN ? CK_EVENT_IN : CK_EVENT_OUT,
                               .source = CK_SOURCE_TRAINER,
                               .reason = why};
        ck_presence_result res;
        rc = ck_app_presence(k->app, &req, &res, &err);
        if (rc == CK_OK && !res.changed) {
            ck_tz_hm(res.since, hm);
            snprintf(title, sizeof title, KT(k, "%s is already checked in since %s"), s->name, hm);
        } else if (rc == CK_OK && s->kind == R_IN) {
            ck_tz_hm(res.at, hm);
            snprintf(title, sizeof title, KT(k, "%s is checked in at %s"), s->name, hm);
        } else if (rc == CK_OK) {
            ck_tz_hm(res.at, hm);
            snprintf(title, sizeof title, KT(k, "%s is checked out at %s"), s->name, hm);
        }
    }
    if (rc != CK_OK)
        return kiosk_replace(k, kiosk_problem(k, KT(k, "That was not recorded"), &err, true));
    kiosk_sync_soon(k);
    char hint[CK_REASON_MAX + 200];
    snprintf(hint, sizeof hint, KT(k, "Reason: %s. Recorded in the audit trail."), why);
    kmsg m = {
        .kind = CK_UI_MESSAGE_DONE, .title = title, .hint = hint, .trainer = true, .auto_ms = 6000};
    return kiosk_replace(k, kiosk_message(k, &m));
}

static ck_ui_next reason_save(reason *s)
{
    size_t letters = 0;
    for (const char *c = s->field.text; *c; c++)
        letters += *c != ' ';
    if (letters < 3) {
        snprintf(s->note, sizeof s->note, "%s",
                 KT(s->base.k, "Please write a few words: the reason is kept in the audit trail."));
        return ck_ui_go_stay();
    }
    /* The rules the CLI's --reason follows, said beside the field (the app checks again). */
    ck_err err = {0};
    char *clean = NULL;
    if (ck_app_text_check(s->base.k->app, CK_TEXT_REASON, s->field.text, NULL, &clean, &err) !=
        CK_OK) {
        char said[sizeof s->note];
        kiosk_sentence(kiosk_err_words(s->base.k, &err, said, sizeof said), s->note,
                       sizeof s->note);
        return ck_ui_go_stay();
    }
    ck_ui_next nx = perform(s, clean);
    free(clean);
    return nx;
}

static ck_ui_next reason_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    reason *s = state;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: reason_layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SCAN:
        /* A reason typed on a keyboard and Enter. */
        if (s->typing)
            return reason_save(s);
        return kiosk_scan(ui, &s->base, ev->text);
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_pop();
        if (ev->key == CK_UI_KEY_ENTER && s->typing)
            return reason_save(s);
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev)) {
        if (!s->typing)
            return ck_ui_go_pop();
        s->typing = false;
        s->note[0] = '\0';
        reason_layout(ui, s);
        return ck_ui_go_stay();
    }
    if (!s->typing) {
        for (int i = 0; i < 3; i++)
            if (ck_ui_button_event(ui, &s->preset[i], ev))
                return perform(s, s->preset[i].label);
        if (ck_ui_button_event(ui, &s->other, ev)) {
            s->typing = true;
            reason_layout(ui, s);
        }
        return ck_ui_go_stay();
    }
    if (ck_ui_keyboard_event(ui, &s->kb, &s->field, ev) == CK_UI_KEYBOARD_ENTER)
        return reason_save(s);
    ck_ui_field_event(ui, &s->field, ev);
    return ck_ui_go_stay();
}

static void reason_render(ck_ui *ui, const void *state)
{
    const reason *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    const ck_kiosk *k = s->base.k;
    ck_ui_text t = {.str = s->note[0]  ? s->note
                           : s->typing ? KT(k, "Type the reason, then Save.")
                                       : KT(k, "Tap the reason that fits."),
                    .type = CK_UI_TEXT_BODY,
                    .color = s->note[0] ? p->warn : p->text_muted,
                    .bold = s->note[0] != '\0',
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 2};
    ck_ui_draw_text(ui, s->note_rect, &t);
    if (s->typing) {
        ck_ui_field_draw(ui, &s->field);
        ck_ui_keyboard_draw(ui, &s->kb);
        return;
    }
    for (int i = 0; i < 3; i++)
        ck_ui_button_draw(ui, &s->preset[i]);
    ck_ui_button_draw(ui, &s->other);
}

static void reason_probe(const void *state, kprobe *p)
{
    const reason *s = state;
    kprobe_say(p, "%s", s->hd.title);
    if (s->note[0])
        kprobe_say(p, "%s", s->note);
    if (s->typing)
        kprobe_say(p, "reason: %s", s->field.text);
    kprobe_button(p, &s->hd.back);
    if (s->typing) {
        kprobe_keyboard(p, &s->kb);
        return;
    }
    for (int i = 0; i < 3; i++)
        kprobe_button(p, &s->preset[i]);
    kprobe_button(p, &s->other);
}

static ck_ui_screen reason_screen(ck_kiosk *k, int64_t id, const char *name, rkind kind)
{
    reason *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){
        .magic = KSCREEN_MAGIC, .k = k, .trainer = true, .wants_scan = true, .probe = reason_probe};
    s->id = id;
    s->kind = kind;
    snprintf(s->name, sizeof s->name, "%s", name);
    char first[CK_TEXT_MAX];
    kiosk_first_name(name, first, sizeof first);
    snprintf(s->hd.title, sizeof s->hd.title, "%s",
             kind == R_IN    ? KT(k, "Why check them in?")
             : kind == R_OUT ? KT(k, "Why check them out?")
                             : KT(k, "Why accept the license for them?"));
    snprintf(s->hd.subtitle, sizeof s->hd.subtitle,
             KT(k, "%s  ·  recorded as the trainer's action"), name);
    for (int i = 0; i < 3; i++)
        s->preset[i] =
            (ck_ui_button){.label = KT(k, PRESETS[kind][i]), .kind = CK_UI_BUTTON_SECONDARY};
    s->other = (ck_ui_button){.label = KT(k, "Type another reason"), .kind = CK_UI_BUTTON_QUIET};
    s->field.placeholder = KT(k, "The reason, in a few words");
    s->field.plain = true;
    s->kb.enter_label = KT(k, "Save");
    s->kb.numbers = true;
    s->kb.pressed = -1;
    return (ck_ui_screen){.name = "reason",
                          .state = s,
                          .handle_event = reason_handle,
                          .render = reason_render,
                          .destroy = free};
}

/* ---- the person ---- */

typedef struct person {
    kscreen base;
    kheader hd;
    int64_t id;
    ck_status st;
    bool loaded;
    int today;
    ck_ui_pill_kind pill;
    char today_line[320], license_line[400], why[2048];
    uint64_t task;
    char busy[320];
    ck_ui_button presence, accept, read, cert;
    ck_ui_rect info;
} person;

static ck_rc person_load(person *s, ck_err *err)
{
    ck_kiosk *k = s->base.k;
    const ck_course_rec *c = NULL;
    ck_status_clear(&s->st);
    s->loaded = false;
    ck_rc rc = ck_app_course(k->app, &c, err);
    if (rc == CK_OK)
        rc = ck_app_status_one(k->app, s->id, &s->st, err);
    if (rc != CK_OK)
        return rc;
    s->loaded = true;
    s->today = ck_app_today_index(k->app, c);
    snprintf(s->hd.title, sizeof s->hd.title, "%s", s->st.person.name);
    snprintf(s->hd.subtitle, sizeof s->hd.subtitle, "%s",
             s->st.person.email[0] ? s->st.person.email : KT(k, "no e-mail on the roster"));
    kiosk_person_today(k, &s->st, s->today, true, &s->pill, s->today_line, sizeof s->today_line);
    if (s->st.license_accepted)
        snprintf(s->license_line, sizeof s->license_line, KT(k, "License version %d accepted"),
                 s->st.license_version);
    else if (s->st.license_version && s->st.license_decision == CK_DECISION_DECLINE)
        snprintf(s->license_line, sizeof s->license_line, KT(k, "License version %d declined"),
                 s->st.license_version);
    else if (s->st.license_version)
        snprintf(s->license_line, sizeof s->license_line,
                 KT(k, "Accepted an older license (version %d); the current one is not accepted "
                       "yet"),
                 s->st.license_version);
    else
        snprintf(s->license_line, sizeof s->license_line, "%s", KT(k, "License not accepted yet"));
    size_t used = 0;
    s->why[0] = '\0';
    if (s->st.eligible)
        snprintf(s->why, sizeof s->why, "%s", KT(k, "Eligible for the certificate."));
    for (size_t i = 0; i < s->st.nreasons && used < sizeof s->why; i++) {
        char line[1024], said[1024];
        kiosk_sentence(kiosk_words(k, &s->st.reasons[i], said, sizeof said), line, sizeof line);
        used +=
            (size_t)snprintf(s->why + used, sizeof s->why - used, "%s•  %s", i ? "\n" : "", line);
    }
    s->presence.label = s->st.in_now ? KT(k, "Check out…") : KT(k, "Check in…");
    s->presence.disabled = s->today < 0;
    s->accept.disabled = s->st.license_accepted;
    s->cert.disabled = !s->st.eligible || s->task;
    return CK_OK;
}

static void person_layout(ck_ui *ui, person *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int gap = ck_ui_px(ui, 24), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    kheader_layout(ui, &s->hd, &r, KT(s->base.k, "Roster"));
    ck_ui_button *b[] = {&s->presence, &s->accept, &s->read, &s->cert};
    if (kiosk_portrait(ui)) {
        ck_ui_rect grid = ck_ui_cut_bottom(&r, 4 * bh + 3 * gap);
        ck_ui_cut_bottom(&r, gap);
        for (int i = 0; i < 4; i++)
            b[i]->rect = ck_ui_grid(grid, 1, 4, gap, i);
    } else {
        ck_ui_rect side = ck_ui_cut_right(&r, r.w * 38 / 100);
        ck_ui_cut_right(&r, gap);
        for (int i = 0; i < 4; i++) {
            b[i]->rect = ck_ui_cut_top(&side, bh);
            ck_ui_cut_top(&side, gap);
        }
    }
    s->info = r;
}

static ck_ui_next person_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    person *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    ktask t;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: person_layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW: {
        ck_err err = {0};
        if (person_load(s, &err) != CK_OK)
            return kiosk_replace(
                k, kiosk_problem(k, KT(k, "This person cannot be shown"), &err, true));
        return ck_ui_go_stay();
    }
    case CK_UI_EV_WAKE:
    case CK_UI_EV_TICK:
        if (s->task && kiosk_task_take(k, s->task, &t)) {
            s->task = 0;
            s->busy[0] = '\0';
            ck_err err = {0};
            person_load(s, &err);
            if (t.rc != CK_OK)
                return kiosk_push(k,
                                  kiosk_problem(k, KT(k, "No certificate was made"), &t.err, true));
            char body[400], hint[1200];
            if (t.issue.reused)
                snprintf(body, sizeof body, KT(k, "Certificate %s (issued before, printed again)."),
                         t.issue.id);
            else
                snprintf(body, sizeof body, KT(k, "Certificate %s."), t.issue.id);
            if (!t.printed)
                kiosk_err_words(k, &t.print_err, hint, sizeof hint);
            else if (t.job.state == CK_JOB_SENT)
                snprintf(hint, sizeof hint, "%s", KT(k, "Sent to the printer."));
            else if (!ck_msg_empty(&t.job.error))
                kiosk_words(k, &t.job.error, hint, sizeof hint);
            else
                snprintf(hint, sizeof hint, "%s", KT(k, "The print job is kept and retried."));
            kmsg m = {.kind = t.printed && t.job.state == CK_JOB_SENT ? CK_UI_MESSAGE_DONE
                                                                      : CK_UI_MESSAGE_PROBLEM,
                      .title = t.printed && t.job.state == CK_JOB_SENT
                                   ? KT(k, "The certificate is printing")
                                   : KT(k, "The certificate is saved; the printer needs attention"),
                      .body = body,
                      .hint = hint,
                      .trainer = true};
            return kiosk_push(k, kiosk_message(k, &m));
        }
        return ck_ui_go_stay();
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_pop();
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    if (!s->loaded)
        return ck_ui_go_stay();
    if (ck_ui_button_event(ui, &s->presence, ev))
        return kiosk_push(k,
                          reason_screen(k, s->id, s->st.person.name, s->st.in_now ? R_OUT : R_IN));
    if (ck_ui_button_event(ui, &s->accept, ev))
        return kiosk_push(k, reason_screen(k, s->id, s->st.person.name, R_LICENSE));
    if (ck_ui_button_event(ui, &s->read, ev))
        return kiosk_push(k, kiosk_license(k, s->id));
    if (ck_ui_button_event(ui, &s->cert, ev)) {
        ktask c = {.kind = KT_CERT, .attendee_id = s->id};
        s->task = kiosk_task_post(k, &c);
        if (s->task) {
            s->cert.disabled = true;
            snprintf(s->busy, sizeof s->busy, "%s", KT(k, "Making and printing the certificate…"));
        }
    }
    return ck_ui_go_stay();
}

/* A section label: small, muted, spaced capitals. */
static int section_label(ck_ui *ui, int x, int y, int w, const char *label)
{
    ck_ui_text t = {.str = label,
                    .type = CK_UI_TEXT_SMALL,
                    .bold = true,
                    .color = ck_ui_colors(ui)->text_muted,
                    .max_lines = 1};
    int h = ck_ui_line_height(ui, &t);
    ck_ui_draw_text(ui, (ck_ui_rect){x, y, w, h}, &t);
    return h + ck_ui_px(ui, 8);
}

static void person_render(ck_ui *ui, const void *state)
{
    const person *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    if (!s->loaded)
        return;
    ck_ui_rect r = s->info;
    int pad = ck_ui_px(ui, 32), gap = ck_ui_px(ui, 16), sect = ck_ui_px(ui, 28);
    if (s->busy[0])
        r.h -= ck_ui_px(ui, 80);
    ck_ui_card_draw(ui, r);
    ck_ui_rect in = ck_ui_inset(r, pad);
    int y = in.y;
    /* Today: the pill and what it means, then the days. */
    /* TRANSLATORS: section labels of a person's page in trainer mode, in capitals. */
    y += section_label(ui, in.x, y, in.w, UT(ui, "TODAY"));
    int pw = 0, ph = 0;
    ck_ui_pill_size(ui, s->pill, NULL, &pw, &ph);
    ck_ui_pill_draw(ui, (ck_ui_rect){in.x, y, pw, ph}, s->pill, NULL);
    ck_ui_text t = {
        .str = s->today_line, .type = CK_UI_TEXT_LARGE, .valign = CK_UI_MIDDLE, .max_lines = 1};
    ck_ui_draw_text(ui, (ck_ui_rect){in.x + pw + gap, y, in.w - pw - gap, ph}, &t);
    y += ph + gap;
    int dh = kiosk_day_pills(ui, (ck_ui_rect){in.x, y, in.w, 0}, &s->st, false);
    kiosk_day_pills(ui, (ck_ui_rect){in.x, y, in.w, dh}, &s->st, true);
    y += dh + sect;
    ck_ui_fill_rect(ui, (ck_ui_rect){in.x, y - sect / 2, in.w, 1}, p->border);
    /* License. */
    y += section_label(ui, in.x, y, in.w, UT(ui, "LICENSE"));
    ck_ui_text l = {.str = s->license_line,
                    .type = CK_UI_TEXT_BODY,
                    .bold = s->st.license_accepted,
                    .color = s->st.license_accepted ? p->ok : p->text,
                    .max_lines = 2};
    int lh = kiosk_text_h(ui, &l, in.w);
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, lh}, &l);
    y += lh + sect;
    ck_ui_fill_rect(ui, (ck_ui_rect){in.x, y - sect / 2, in.w, 1}, p->border);
    /* Certificate: eligible, or why not. */
    y += section_label(ui, in.x, y, in.w, UT(ui, "CERTIFICATE"));
    ck_ui_text w = {.str = s->why,
                    .type = CK_UI_TEXT_BODY,
                    .color = s->st.eligible ? p->ok : p->text,
                    .bold = s->st.eligible};
    int avail = in.y + in.h - y;
    if (avail > 0) {
        int wh = kiosk_text_h(ui, &w, in.w);
        w.max_lines = wh > avail ? avail / ck_ui_line_height(ui, &w) : 0;
        ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, avail}, &w);
    }
    if (s->busy[0]) {
        int sp = ck_ui_px(ui, 26), by = r.y + r.h + ck_ui_px(ui, 16);
        kiosk_spinner(ui, (float)(r.x + sp), (float)(by + sp), (float)sp * 0.8f);
        ck_ui_text b = {.str = s->busy,
                        .type = CK_UI_TEXT_BODY,
                        .color = p->text_muted,
                        .valign = CK_UI_MIDDLE,
                        .max_lines = 1};
        ck_ui_draw_text(ui, (ck_ui_rect){r.x + 3 * sp, by, r.w - 3 * sp, 2 * sp}, &b);
    }
    ck_ui_button_draw(ui, &s->presence);
    ck_ui_button_draw(ui, &s->accept);
    ck_ui_button_draw(ui, &s->read);
    ck_ui_button_draw(ui, &s->cert);
}

static void person_probe(const void *state, kprobe *p)
{
    const person *s = state;
    if (!s->loaded)
        return;
    kprobe_say(p, "%s", s->hd.title);
    kprobe_say(p, "%s", s->today_line);
    kprobe_say(p, "%s", s->license_line);
    kprobe_say(p, "%s", s->why);
    if (s->busy[0])
        kprobe_say(p, "%s", s->busy);
    kprobe_button(p, &s->hd.back);
    kprobe_button(p, &s->presence);
    kprobe_button(p, &s->accept);
    kprobe_button(p, &s->read);
    kprobe_button(p, &s->cert);
}

static void person_destroy(void *state)
{
    person *s = state;
    if (!s)
        return;
    if (s->task)
        kiosk_task_drop(s->base.k, s->task);
    ck_status_clear(&s->st);
    free(s);
}

ck_ui_screen kiosk_person(ck_kiosk *k, int64_t attendee_id)
{
    person *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .trainer = true, .probe = person_probe};
    s->id = attendee_id;
    s->today = -1;
    s->presence = (ck_ui_button){.label = KT(k, "Check in…"), .kind = CK_UI_BUTTON_PRIMARY};
    s->accept = (ck_ui_button){.label = KT(k, "Accept the license for them…"),
                               .kind = CK_UI_BUTTON_SECONDARY};
    s->read = (ck_ui_button){.label = KT(k, "Let them read the license here"),
                             .kind = CK_UI_BUTTON_SECONDARY};
    s->cert =
        (ck_ui_button){.label = KT(k, "Print their certificate"), .kind = CK_UI_BUTTON_SECONDARY};
    return (ck_ui_screen){.name = "person",
                          .state = s,
                          .handle_event = person_handle,
                          .render = person_render,
                          .destroy = person_destroy};
}
