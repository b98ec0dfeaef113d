/* Parts the kiosk screens share: the header, people's status and today's progress in words,
 * greetings, icons and a spinner. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"
#include "core/attend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ck_ui_rect kiosk_area(ck_ui *ui)
{
    int w, h;
    ck_ui_size(ui, &w, &h);
    return ck_ui_inset((ck_ui_rect){0, 0, w, h}, ck_ui_px(ui, CK_UI_MARGIN));
}

bool kiosk_portrait(ck_ui *ui)
{
    int w, h;
    ck_ui_size(ui, &w, &h);
    return h > w;
}

int kiosk_text_h(ck_ui *ui, const ck_ui_text *t, int w)
{
    int h = 0;
    if (!t->str || !*t->str)
        return 0;
    ck_ui_measure_text(ui, t, w, NULL, &h);
    return h;
}

/* The next smaller type, or the same for the smallest. */
static ck_ui_type smaller(ck_ui_type type)
{
    switch (type) {
    case CK_UI_TEXT_DISPLAY: return CK_UI_TEXT_TITLE;
    case CK_UI_TEXT_TITLE: return CK_UI_TEXT_LARGE;
    case CK_UI_TEXT_LARGE: return CK_UI_TEXT_BODY;
    default: return CK_UI_TEXT_SMALL;
    }
}

void kiosk_fit_type(ck_ui *ui, ck_ui_text *t, int w, int h, ck_ui_type smallest)
{
    for (;;) {
        ck_ui_text whole = *t;
        whole.max_lines = 0;
        int need = kiosk_text_h(ui, &whole, w), lh = ck_ui_line_height(ui, t);
        int room = t->max_lines > 0 && t->max_lines * lh < h ? t->max_lines * lh : h;
        if (need <= room || t->type == smallest || smaller(t->type) == t->type)
            return;
        t->type = smaller(t->type);
    }
}

/* ---- header ---- */

void kheader_layout(ck_ui *ui, kheader *h, ck_ui_rect *r, const char *back_label)
{
    h->rect = ck_ui_cut_top(r, ck_ui_px(ui, 120));
    ck_ui_cut_top(r, ck_ui_px(ui, 20));
    h->back.rect = (ck_ui_rect){0};
    if (back_label) {
        ck_ui_rect hr = h->rect;
        h->back.label = back_label;
        h->back.kind = CK_UI_BUTTON_QUIET;
        h->back.back_icon = true;
        ck_ui_text t = {.str = back_label, .bold = true, .max_lines = 1};
        int tw = 0;
        ck_ui_measure_text(ui, &t, 0, &tw, NULL);
        int bw = tw + ck_ui_px(ui, 30 + 10 + 2 * 24);
        if (bw < ck_ui_px(ui, 180))
            bw = ck_ui_px(ui, 180);
        if (bw > hr.w / 2)
            bw = hr.w / 2;
        /* The back button's left edge lines up with the content's; its text starts inside. */
        h->back.rect = ck_ui_center(ck_ui_cut_left(&hr, bw), bw, ck_ui_px(ui, CK_UI_BUTTON_H));
        h->back.rect.x -= ck_ui_px(ui, 16);
    }
}

void kheader_draw(ck_ui *ui, const kheader *h)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    ck_ui_rect r = h->rect;
    if (h->back.rect.w > 0) {
        ck_ui_button_draw(ui, &h->back);
        ck_ui_cut_left(&r, h->back.rect.x + h->back.rect.w - r.x + ck_ui_px(ui, 24));
    }
    if (h->clock) {
        ck_ui_text ct = {.type = CK_UI_TEXT_TITLE, .align = CK_UI_RIGHT, .valign = CK_UI_MIDDLE};
        int cw = 0;
        ck_ui_measure_text(ui, &(ck_ui_text){.str = "00:00", .type = CK_UI_TEXT_TITLE}, 0, &cw,
                           NULL);
        ck_ui_rect c = ck_ui_cut_right(&r, cw + ck_ui_px(ui, 8));
        ck_ui_cut_right(&r, ck_ui_px(ui, 32));
        ck_ui_draw_clock(ui, c, &ct);
    }
    ck_ui_text t = {.str = h->title, .type = CK_UI_TEXT_TITLE, .bold = true, .max_lines = 1};
    ck_ui_text s = {
        .str = h->subtitle, .type = CK_UI_TEXT_SMALL, .max_lines = 1, .color = p->text_muted};
    /* A long title steps down a size before it is cut; a long subtitle takes two lines. */
    int tw = 0, sw = 0;
    ck_ui_measure_text(ui, &t, 0, &tw, NULL);
    if (tw > r.w)
        t.type = CK_UI_TEXT_LARGE;
    if (h->subtitle[0])
        ck_ui_measure_text(ui, &s, 0, &sw, NULL);
    if (sw > r.w)
        s.max_lines = 2;
    int th = ck_ui_line_height(ui, &t), sh = h->subtitle[0] ? ck_ui_line_height(ui, &s) : 0;
    sh *= s.max_lines;
    int y = r.y + (r.h - th - sh) / 2;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, th}, &t);
    if (sh)
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y + th, r.w, sh}, &s);
}

/* ---- words ---- */

const char *kiosk_words(const ck_kiosk *k, const ck_msg *m, char *out, size_t n)
{
    return ck_msg_word(m, ck_ui_lang(k->ui), out, n);
}

const char *kiosk_err_words(const ck_kiosk *k, const ck_err *err, char *out, size_t n)
{
    return ck_err_word(err, ck_ui_lang(k->ui), out, n);
}

void kiosk_greeting(const ck_kiosk *k, int64_t t, const char *first, char *out, size_t n)
{
    char hm[6];
    ck_tz_hm(t, hm);
    int hour = (hm[0] - '0') * 10 + (hm[1] - '0');
    /* TRANSLATORS: the greeting on the Confirm screen; %s is the person's first name. */
    if (hour < 12)
        snprintf(out, n, KT(k, "Good morning, %s"), first);
    else if (hour < 18)
        snprintf(out, n, KT(k, "Good afternoon, %s"), first);
    else
        snprintf(out, n, KT(k, "Good evening, %s"), first);
}

void kiosk_first_name(const char *name, char *out, size_t n)
{
    size_t len = strcspn(name, " ");
    if (len == 0)
        len = strlen(name);
    snprintf(out, n, "%.*s", (int)len, name);
}

void kiosk_sentence(const char *text, char *out, size_t n)
{
    if (n == 0)
        return;
    snprintf(out, n, "%s", text ? text : "");
    size_t len = strlen(out);
    if (len && out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
    if (len && len + 1 < n && out[len - 1] != '.' && out[len - 1] != '!' && out[len - 1] != '?')
        strcat(out, ".");
}

void kiosk_person_today(const ck_kiosk *k, const ck_status *st, int today, bool trainer,
                        ck_ui_pill_kind *pill, char *detail, size_t n)
{
    char hm[6], dur[32];
    bool all = st->ndays > 0;
    for (size_t i = 0; i < st->ndays; i++)
        all = all && st->days[i].result.complete;
    if (today < 0 || (size_t)today >= st->ndays) {
        *pill = all ? CK_UI_PILL_COMPLETE : CK_UI_PILL_OUT;
        snprintf(detail, n, "%s", all ? KT(k, "Every day complete") : KT(k, "No course day today"));
        return;
    }
    const ck_day_status *d = &st->days[today];
    if (st->in_now) {
        ck_tz_hm(st->in_since, hm);
        *pill = CK_UI_PILL_IN;
        snprintf(detail, n, KT(k, "In since %s"), hm);
        return;
    }
    if (d->result.complete) {
        *pill = CK_UI_PILL_COMPLETE;
        snprintf(detail, n, KT(k, "Day %d complete"), today + 1);
        return;
    }
    if (d->result.any_event) {
        ck_lang_minutes(ck_ui_lang(k->ui), d->result.present_minutes, dur, sizeof dur);
        *pill = d->over && trainer ? CK_UI_PILL_MISSING : CK_UI_PILL_OUT;
        snprintf(detail, n, KT(k, "Out  ·  %s today"), dur);
        return;
    }
    *pill = d->started && trainer ? CK_UI_PILL_MISSING : CK_UI_PILL_OUT;
    snprintf(detail, n, "%s",
             !trainer || !d->started ? KT(k, "Not checked in yet")
             : d->over               ? KT(k, "Not here today")
                                     : KT(k, "Not here yet today"));
}

/* ---- drawing ---- */

void kiosk_icon(ck_ui *ui, ck_ui_rect r, ck_ui_message_kind kind)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    ck_ui_color soft = p->accent_soft, strong = p->accent;
    if (kind == CK_UI_MESSAGE_PROBLEM)
        soft = p->warn_soft, strong = p->warn;
    else if (kind == CK_UI_MESSAGE_DONE)
        soft = p->ok_soft, strong = p->ok;
    int d = r.w < r.h ? r.w : r.h;
    float cx = (float)r.x + (float)r.w / 2, cy = (float)r.y + (float)r.h / 2, rad = (float)d / 2;
    float w = (float)d * 0.075f;
    ck_ui_fill_circle(ui, cx, cy, rad, soft);
    if (kind == CK_UI_MESSAGE_DONE) {
        ck_ui_icon_check(ui, ck_ui_center(r, d * 3 / 5, d * 3 / 5), strong);
        return;
    }
    bool bang = kind == CK_UI_MESSAGE_PROBLEM;
    float stem0 = bang ? -0.40f : -0.06f, stem1 = bang ? 0.10f : 0.40f, dot = bang ? 0.36f : -0.34f;
    ck_ui_line(ui, cx, cy + stem0 * rad, cx, cy + stem1 * rad, w, strong);
    ck_ui_fill_circle(ui, cx, cy + dot * rad, w * 0.65f, strong);
}

void kiosk_person_row(ck_ui *ui, ck_ui_rect r, const char *name, const char *detail,
                      ck_ui_pill_kind pill, bool pressed, bool last)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    int pad = ck_ui_px(ui, 28);
    if (pressed)
        ck_ui_fill_rect(ui, r, p->surface_sunk);
    ck_ui_rect in = {r.x + pad, r.y, r.w - 2 * pad, r.h};
    if (detail && *detail) {
        int pw = 0, ph = 0;
        ck_ui_pill_size(ui, pill, NULL, &pw, &ph);
        ck_ui_pill_draw(ui, ck_ui_center(ck_ui_cut_right(&in, pw), pw, ph), pill, NULL);
        ck_ui_cut_right(&in, ck_ui_px(ui, 16));
    }
    ck_ui_text t = {.str = name, .type = CK_UI_TEXT_LARGE, .max_lines = 1};
    ck_ui_text d = {
        .str = detail, .type = CK_UI_TEXT_SMALL, .color = p->text_muted, .max_lines = 1};
    int tw = 0;
    ck_ui_measure_text(ui, &t, 0, &tw, NULL);
    if (tw > in.w) /* a long name: smaller, on two lines, whole */
        t = (ck_ui_text){.str = name, .type = CK_UI_TEXT_BODY, .max_lines = 2};
    int th = kiosk_text_h(ui, &t, in.w), dh = detail && *detail ? ck_ui_line_height(ui, &d) : 0;
    int y = in.y + (in.h - th - dh) / 2;
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, th}, &t);
    if (dh)
        ck_ui_draw_text(ui, (ck_ui_rect){in.x, y + th, in.w, dh}, &d);
    if (!last)
        ck_ui_fill_rect(ui, (ck_ui_rect){r.x + pad, r.y + r.h - 1, r.w - 2 * pad, 1}, p->border);
}

void kiosk_big_button(ck_ui *ui, const ck_ui_button *b, const char *sub)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    ck_ui_rect r = b->rect;
    if (r.w <= 0 || r.h <= 0)
        return;
    bool pressed = b->pressed && !b->disabled;
    ck_ui_color fill = b->disabled ? p->disabled : pressed ? p->accent_pressed : p->accent;
    ck_ui_color ink = b->disabled ? p->text_disabled : p->text_on_accent;
    float rad = (float)ck_ui_px(ui, 32);
    if (!pressed && !b->disabled) {
        ck_ui_rect sh = r;
        sh.y += ck_ui_px(ui, 6);
        ck_ui_shadow(ui, sh, rad, (float)ck_ui_px(ui, 16), p->shadow);
    }
    ck_ui_fill_round(ui, r, rad, fill);
    ck_ui_rect in = ck_ui_inset(r, ck_ui_px(ui, 24));
    ck_ui_text t = {.str = b->label,
                    .type = CK_UI_TEXT_TITLE,
                    .bold = true,
                    .color = ink,
                    .align = CK_UI_CENTER,
                    .max_lines = 2};
    ck_ui_text s = {
        .str = sub, .type = CK_UI_TEXT_BODY, .color = ink, .align = CK_UI_CENTER, .max_lines = 2};
    int th = kiosk_text_h(ui, &t, in.w), sh = sub ? kiosk_text_h(ui, &s, in.w) : 0;
    int gap = sub ? ck_ui_px(ui, 10) : 0;
    if (th + gap + sh > in.h) {
        sh = gap = 0;
        sub = NULL;
    }
    int y = in.y + (in.h - th - gap - sh) / 2;
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, th}, &t);
    if (sub)
        ck_ui_draw_text(ui, (ck_ui_rect){in.x, y + th + gap, in.w, sh}, &s);
}

int kiosk_day_pills(ck_ui *ui, ck_ui_rect r, const ck_status *st, bool draw)
{
    int x = r.x, y = r.y, gap = ck_ui_px(ui, 14), ph = 0;
    for (size_t i = 0; i < st->ndays; i++) {
        const ck_day_status *d = &st->days[i];
        ck_ui_pill_kind kind = d->result.complete         ? CK_UI_PILL_COMPLETE
                               : d->over                  ? CK_UI_PILL_MISSING
                               : d->started && st->in_now ? CK_UI_PILL_IN
                                                          : CK_UI_PILL_OUT;
        char label[32];
        /* TRANSLATORS: a pill naming a course day ("Day 1"); keep it short. */
        snprintf(label, sizeof label, UT(ui, "Day %zu"), i + 1);
        int pw = 0;
        ck_ui_pill_size(ui, kind, label, &pw, &ph);
        if (x > r.x && x + pw > r.x + r.w) {
            x = r.x;
            y += ph + gap;
        }
        if (draw)
            ck_ui_pill_draw(ui, (ck_ui_rect){x, y, pw, ph}, kind, label);
        x += pw + gap;
    }
    return st->ndays ? y + ph - r.y : 0;
}

void kiosk_today_fill(ktoday *t, const ck_kiosk *k, const ck_status *st, int today)
{
    const ck_course_rec *c = NULL;
    const ck_lang *lang = ck_ui_lang(k->ui);
    char so_far[32], req[32];
    memset(t, 0, sizeof *t);
    t->has_today = today >= 0 && (size_t)today < st->ndays &&
                   ck_app_course(k->app, &c, NULL) == CK_OK && (size_t)today < c->ndays;
    if (!t->has_today) {
        size_t done = 0;
        for (size_t i = 0; i < st->ndays; i++)
            done += st->days[i].result.complete;
        snprintf(t->label, sizeof t->label, "%s", KT(k, "Your course"));
        snprintf(t->big, sizeof t->big,
                 KTN(k, "%zu of %zu day complete", "%zu of %zu days complete", st->ndays), done,
                 st->ndays);
        return;
    }
    const ck_day_result *d = &st->days[today].result;
    /* What has been missed so far and what is still to do: core/'s rule, in words here. */
    ck_day day;
    ck_day_progress p;
    ck_tz_day(&c->days[today], &day);
    if (!ck_attend_day_progress(&p, &day, d, c->tolerance_min, kiosk_now_s(k)))
        p = (ck_day_progress){.present_minutes = d->so_far_minutes, .complete = d->complete};
    snprintf(t->label, sizeof t->label, KT(k, "Today  ·  day %d of %zu"), today + 1, st->ndays);
    ck_lang_minutes(lang, p.present_minutes, so_far, sizeof so_far);
    ck_lang_minutes(lang, d->required_minutes, req, sizeof req);
    /* TRANSLATORS: today's time so far of the time required: "6 h 40 min of 8 h". */
    snprintf(t->big, sizeof t->big, KT(k, "%s of %s"), so_far, req);
    t->fraction =
        d->required_minutes > 0 ? (float)p.present_minutes / (float)d->required_minutes : 1;
    t->complete = p.complete;
    if (p.complete) {
        snprintf(t->left, sizeof t->left, "%s", KT(k, "Today is complete"));
    } else if (p.out_of_reach) {
        ck_lang_minutes(lang, p.missed_minutes, so_far, sizeof so_far);
        snprintf(t->left, sizeof t->left, KT(k, "%s missed so far today: please see your trainer"),
                 so_far);
        t->warn = true;
    } else if (p.to_go_minutes > 0 && p.before_start) {
        ck_lang_minutes(lang, p.to_go_minutes, so_far, sizeof so_far);
        snprintf(t->left, sizeof t->left, KT(k, "%s to go, counted from the start of the day"),
                 so_far);
    } else if (p.to_go_minutes > 0) {
        ck_lang_minutes(lang, p.to_go_minutes, so_far, sizeof so_far);
        snprintf(t->left, sizeof t->left, KT(k, "%s to go"), so_far);
    } else {
        snprintf(t->left, sizeof t->left, "%s", KT(k, "Complete once you check out"));
    }
}

int kiosk_today_card(ck_ui *ui, ck_ui_rect r, const ktoday *t, const ck_status *st, bool draw)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    int pad = ck_ui_px(ui, 32), gap = ck_ui_px(ui, 14);
    ck_ui_rect in = ck_ui_inset(r, pad);
    ck_ui_text tl = {
        .str = t->label, .type = CK_UI_TEXT_SMALL, .color = p->text_muted, .max_lines = 1};
    ck_ui_text tb = {.str = t->big, .type = CK_UI_TEXT_LARGE, .bold = true, .max_lines = 2};
    ck_ui_text tr = {.str = t->left,
                     .type = CK_UI_TEXT_BODY,
                     .color = t->complete ? p->ok
                              : t->warn   ? p->warn
                                          : p->text_muted,
                     .bold = t->complete || t->warn,
                     .max_lines = 2};
    int hl = ck_ui_line_height(ui, &tl), hb = kiosk_text_h(ui, &tb, in.w);
    int bar = t->has_today ? ck_ui_px(ui, 18) : 0,
        hr = t->left[0] ? kiosk_text_h(ui, &tr, in.w) : 0;
    int hp = st->ndays > 1 ? kiosk_day_pills(ui, in, st, false) : 0;
    int h = pad + hl + ck_ui_px(ui, 4) + hb + (bar ? gap + bar : 0) + (hr ? gap + hr : 0) +
            (hp ? gap + ck_ui_px(ui, 6) + hp : 0) + pad;
    if (!draw)
        return h;
    ck_ui_card_draw(ui, (ck_ui_rect){r.x, r.y, r.w, h});
    int y = in.y;
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, hl}, &tl);
    y += hl + ck_ui_px(ui, 4);
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, hb}, &tb);
    y += hb;
    if (bar) {
        y += gap;
        ck_ui_progress_draw(ui, (ck_ui_rect){in.x, y, in.w, bar}, t->fraction);
        y += bar;
    }
    if (hr) {
        y += gap;
        ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, hr}, &tr);
        y += hr;
    }
    if (hp)
        kiosk_day_pills(ui, (ck_ui_rect){in.x, y + gap + ck_ui_px(ui, 6), in.w, hp}, st, true);
    return h;
}

void kiosk_spinner(ck_ui *ui, float cx, float cy, float radius)
{
    const ck_ui_palette *p = ck_ui_colors(ui);
    int64_t now = ck_ui_now(ui);
    float turn = (float)(now % 1200) / 1200.0f * 2 * 3.14159265f;
    float w = radius * 0.18f;
    ck_ui_arc(ui, cx, cy, radius, w, 0, 2 * 3.14159265f, p->accent_soft);
    ck_ui_arc(ui, cx, cy, radius, w, turn, turn + 1.9f, p->accent);
    ck_ui_redraw_at(ui, now + 33);
}

void kiosk_job_words(const ck_kiosk *k, const ck_job_rec *job, char *out, size_t n)
{
    char said[1024];
    if (!ck_msg_empty(&job->error))
        kiosk_words(k, &job->error, said, sizeof said);
    else if (job->state == CK_JOB_FAILED)
        snprintf(said, sizeof said, "%s", KT(k, "the print job failed"));
    else
        snprintf(said, sizeof said, "%s", KT(k, "the print job is waiting"));
    kiosk_sentence(said, out, n);
}
