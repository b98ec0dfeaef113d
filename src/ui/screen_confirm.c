/* Confirm: "Good morning, Zoë — check in?" or "Leaving, Zoë? Check out", with today's progress;
 * on the course's last day also the way to the license and the certificate. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct confirm {
    kscreen base;
    kheader hd;
    int64_t id;
    ck_status st;
    ktoday td;
    bool loaded;
    int today;
    ck_event_kind kind; /* what the big button does */
    bool show_cert;
    bool cert_first; /* the certificate is the big button, checking in again the small one */
    char first[CK_TEXT_MAX], title[CK_TEXT_MAX + 32], question[160], note[200];
    ck_ui_button action, cert;
    ck_ui_rect text_col, card;
} confirm;

static ck_rc load(confirm *s, ck_err *err)
{
    ck_kiosk *k = s->base.k;
    const ck_course_rec *c = NULL;
    char hm[6];
    ck_status_clear(&s->st);
    s->loaded = false;
    ck_rc rc = ck_app_course(k->app, &c, err);
    if (rc == CK_OK)
        rc = ck_app_status_one(k->app, s->id, &s->st, err);
    if (rc != CK_OK)
        return rc;
    /* The roster's language for this person, unless they chose one on Welcome: greeted in it
     * straight away, and the rest of the visit stays in it. */
    const ck_lang *theirs = s->st.person.lang[0] ? ck_lang_find(s->st.person.lang) : NULL;
    if (theirs && !k->lang_chosen)
        ck_ui_set_lang(k->ui, theirs); /* "Not you?" goes back to Welcome, and its language */
    s->loaded = true;
    s->today = ck_app_today_index(k->app, c);
    kiosk_today_fill(&s->td, k, &s->st, s->today);
    char today[11];
    ck_tz_date(kiosk_now_s(k), today);
    bool after = c->ndays && strcmp(today, c->days[c->ndays - 1].date) > 0;
    bool last_day = c->ndays && s->today == (int)c->ndays - 1;
    kiosk_first_name(s->st.person.name, s->first, sizeof s->first);
    s->kind = s->st.in_now ? CK_EVENT_OUT : CK_EVENT_IN;
    s->note[0] = '\0';
    if (s->kind == CK_EVENT_OUT) {
        ck_tz_hm(s->st.in_since, hm);
        snprintf(s->title, sizeof s->title, KT(k, "Leaving, %s?"), s->first);
        snprintf(s->question, sizeof s->question, KT(k, "You are checked in since %s."), hm);
        s->action.label = KT(k, "Check out");
    } else {
        kiosk_greeting(k, kiosk_now_s(k), s->first, s->title, sizeof s->title);
        if (s->today >= 0)
            snprintf(s->question, sizeof s->question, KT(k, "Check in for day %d of %zu?"),
                     s->today + 1, c->ndays);
        else
            snprintf(s->question, sizeof s->question, "%s", KT(k, "Today is not a course day."));
        s->action.label = KT(k, "Check in");
    }
    s->action.disabled = s->today < 0;
    if (s->today < 0 && !after)
        snprintf(s->note, sizeof s->note, "%s", KT(k, "Checking in opens on the course's days."));
    /* After checking out on the last day (or once the course is over): the license and the
     * certificate. */
    const ck_day_status *last = c->ndays ? &s->st.days[c->ndays - 1] : NULL;
    s->show_cert = !s->st.in_now && ((last_day && last && last->result.any_event) || after);
    s->cert.label =
        s->st.license_accepted ? KT(k, "Get my certificate") : KT(k, "License and certificate");
    s->cert_first = s->show_cert;
    s->cert.kind = s->cert_first ? CK_UI_BUTTON_PRIMARY : CK_UI_BUTTON_SECONDARY;
    s->action.kind = s->cert_first ? CK_UI_BUTTON_SECONDARY : CK_UI_BUTTON_PRIMARY;
    if (s->cert_first) {
        snprintf(s->title, sizeof s->title, KT(k, "Welcome back, %s"), s->first);
        snprintf(s->question, sizeof s->question, "%s",
                 s->st.license_accepted
                     ? KT(k, "Your certificate is next.")
                     : KT(k, "One more step: the license agreement, then your certificate."));
        s->action.label = KT(k, "Check in again");
        s->note[0] = '\0';
    }
    return CK_OK;
}

/* The big button and, if any, the small one under it. */
static ck_ui_button *big_button(confirm *s)
{
    return s->cert_first ? &s->cert : &s->action;
}

static ck_ui_button *small_button(confirm *s)
{
    if (s->cert_first)
        return s->action.disabled ? NULL : &s->action;
    return s->show_cert ? &s->cert : NULL;
}

static void layout(ck_ui *ui, confirm *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int gap = ck_ui_px(ui, 32), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    ck_ui_button *big = big_button(s), *small = small_button(s);
    kheader_layout(ui, &s->hd, &r, KT(s->base.k, "Not you? Back"));
    s->action.rect = s->cert.rect = (ck_ui_rect){0};
    if (kiosk_portrait(ui)) {
        if (small) {
            small->rect = ck_ui_cut_bottom(&r, bh);
            ck_ui_cut_bottom(&r, gap / 2);
        }
        big->rect = ck_ui_cut_bottom(&r, ck_ui_px(ui, 260));
        ck_ui_cut_bottom(&r, gap);
        s->text_col = r;
    } else {
        ck_ui_rect right = ck_ui_cut_right(&r, r.w * 40 / 100);
        ck_ui_cut_right(&r, gap + gap);
        s->text_col = r;
        int h = right.h - (small ? bh + gap / 2 : 0);
        if (h > ck_ui_px(ui, 360))
            h = ck_ui_px(ui, 360);
        ck_ui_rect col = ck_ui_center(right, right.w, h + (small ? gap / 2 + bh : 0));
        big->rect = ck_ui_cut_top(&col, h);
        ck_ui_cut_top(&col, gap / 2);
        if (small)
            small->rect = ck_ui_cut_top(&col, bh);
    }
}

static ck_ui_next act(ck_ui *ui, confirm *s)
{
    ck_kiosk *k = s->base.k;
    ck_err err = {0};
    ck_presence_result r;
    ck_presence_req req = {.attendee_id = s->id, .kind = s->kind, .source = CK_SOURCE_KIOSK};
    (void)ui;
    if (ck_app_presence(k->app, &req, &r, &err) != CK_OK) {
        /* Refused (nothing to check out, not a course day) or failed (database busy): say
         * so calmly; back here afterwards, loaded afresh. */
        const char *title = err.rc == CK_ESTATE && s->kind == CK_EVENT_OUT
                                ? KT(k, "Nothing to check out")
                            : err.rc == CK_ESTATE ? KT(k, "Checking in is not possible now")
                                                  : KT(k, "We could not record that");
        return kiosk_push(k, kiosk_problem(k, title, &err, false));
    }
    if (r.changed)
        kiosk_sync_soon(k); /* the other doors learn of it at once, if the network lets them */
    return kiosk_replace(k, kiosk_checked(k, &r, s->kind));
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    confirm *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW: {
        ck_err err = {0};
        if (load(s, &err) != CK_OK)
            return kiosk_replace(k, kiosk_problem(k, KT(k, "We could not find you"), &err, false));
        layout(ui, s);
        return ck_ui_go_stay();
    }
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_pop();
        if (ev->key == CK_UI_KEY_ENTER && s->loaded && !s->cert_first && !s->action.disabled)
            return act(ui, s);
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    if (s->loaded && s->action.rect.w > 0 && ck_ui_button_event(ui, &s->action, ev))
        return act(ui, s);
    if (s->loaded && s->show_cert && ck_ui_button_event(ui, &s->cert, ev))
        return kiosk_replace(k, s->st.license_accepted ? kiosk_done(k, s->id)
                                                       : kiosk_license(k, s->id));
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const confirm *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    if (!s->loaded)
        return;
    ck_ui_rect r = s->text_col;
    ck_ui_text t = {.str = s->title, .type = CK_UI_TEXT_DISPLAY, .bold = true, .max_lines = 2};
    ck_ui_text n = {
        .str = s->st.person.name, .type = CK_UI_TEXT_BODY, .color = p->text_muted, .max_lines = 1};
    ck_ui_text q = {.str = s->question, .type = CK_UI_TEXT_LARGE, .max_lines = 2};
    if (kiosk_text_h(ui, &t, r.w) > ck_ui_line_height(ui, &t) * 2 - 1 || ck_ui_px(ui, 900) > r.w) {
        t.type = CK_UI_TEXT_TITLE; /* narrow screens and long names */
    }
    int card_h = kiosk_today_card(ui, r, &s->td, &s->st, false);
    int th = kiosk_text_h(ui, &t, r.w), nh = ck_ui_line_height(ui, &n);
    int qh = kiosk_text_h(ui, &q, r.w), gap = ck_ui_px(ui, 14), big_gap = ck_ui_px(ui, 40);
    ck_ui_text note = {.str = s->note, .type = CK_UI_TEXT_BODY, .color = p->warn};
    int noteh = s->note[0] ? kiosk_text_h(ui, &note, r.w) + gap : 0;
    int total = th + gap + nh + gap + qh + noteh + big_gap + card_h;
    int y = r.y + (r.h > total ? (r.h - total) / 2 : 0);
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, th}, &t);
    y += th + gap;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, nh}, &n);
    y += nh + gap;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, qh}, &q);
    y += qh;
    if (noteh) {
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y + gap, r.w, noteh - gap}, &note);
        y += noteh;
    }
    y += big_gap;
    if (y + card_h <= r.y + r.h + ck_ui_px(ui, 8))
        kiosk_today_card(ui, (ck_ui_rect){r.x, y, r.w, card_h}, &s->td, &s->st, true);
    char sub[160] = "";
    const ck_kiosk *k = s->base.k;
    ck_ui_button *big = big_button((confirm *)s), *small = small_button((confirm *)s);
    if (s->cert_first)
        snprintf(sub, sizeof sub, "%s",
                 s->st.license_accepted ? KT(k, "Printed here, now")
                                        : KT(k, "Read, accept, print"));
    else if (!s->action.disabled)
        snprintf(sub, sizeof sub, "%s",
                 s->kind == CK_EVENT_IN ? KT(k, "Tap here to start counting")
                                        : KT(k, "Tap here when you leave"));
    kiosk_big_button(ui, big, sub[0] ? sub : NULL);
    if (small)
        ck_ui_button_draw(ui, small);
}

static void probe(const void *state, kprobe *p)
{
    const confirm *s = state;
    if (!s->loaded)
        return;
    kprobe_say(p, "%s", s->title);
    kprobe_say(p, "%s", s->st.person.name);
    kprobe_say(p, "%s", s->question);
    if (s->note[0])
        kprobe_say(p, "%s", s->note);
    kprobe_say(p, "%s", s->td.big); /* today's card */
    if (s->td.left[0])
        kprobe_say(p, "%s", s->td.left);
    kprobe_button(p, &s->hd.back);
    if (s->action.rect.w > 0)
        kprobe_button(p, &s->action);
    if (s->show_cert)
        kprobe_button(p, &s->cert);
}

static void destroy(void *state)
{
    confirm *s = state;
    if (!s)
        return;
    ck_status_clear(&s->st);
    free(s);
}

ck_ui_screen kiosk_confirm(ck_kiosk *k, int64_t attendee_id)
{
    confirm *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .probe = probe};
    s->id = attendee_id;
    s->today = -1;
    s->action = (ck_ui_button){.label = KT(k, "Check in"), .kind = CK_UI_BUTTON_PRIMARY};
    s->cert = (ck_ui_button){.label = KT(k, "Get my certificate"), .kind = CK_UI_BUTTON_SECONDARY};
    return (ck_ui_screen){.name = "confirm",
                          .state = s,
                          .handle_event = handle,
                          .render = render,
                          .destroy = destroy};
}
