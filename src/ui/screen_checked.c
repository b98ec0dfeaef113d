/* The result of a check-in or check-out: "Checked in at 08:57", today's progress, and Undo for
 * CK_APP_UNDO_SECONDS; after the last day's check-out, the way on to the license. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEBOUNCE_MS = 700 };

typedef struct checked {
    kscreen base;
    ck_presence_result r;
    ck_event_kind kind;
    ck_status st;
    ktoday td;
    bool has_status;
    int today;
    bool last_out; /* checked out on the course's last day: the license is next */
    int64_t shown_at, undo_until;
    char first[CK_TEXT_MAX], title[320], body[CK_TEXT_MAX + 320], undo_label[96];
    ck_ui_button done, undo;
    ck_ui_rect text;
} checked;

static bool undo_open(const checked *s, int64_t now)
{
    return s->r.changed && s->r.event_id && now < s->undo_until;
}

static void load(checked *s, int64_t now_ms)
{
    ck_kiosk *k = s->base.k;
    const ck_course_rec *c = NULL;
    ck_err err = {0};
    char hm[6];
    s->shown_at = now_ms;
    s->undo_until = now_ms + CK_APP_UNDO_SECONDS * 1000;
    ck_status_clear(&s->st);
    s->has_status = ck_app_status_one(k->app, s->r.person.id, &s->st, &err) == CK_OK;
    s->today = ck_app_course(k->app, &c, &err) == CK_OK ? ck_app_today_index(k->app, c) : -1;
    if (s->has_status)
        kiosk_today_fill(&s->td, k, &s->st, s->today);
    bool more_days = c && s->today >= 0 && (size_t)s->today + 1 < c->ndays;
    kiosk_first_name(s->r.person.name, s->first, sizeof s->first);
    s->last_out = s->r.changed && s->kind == CK_EVENT_OUT && s->r.last_day;
    if (!s->r.changed) {
        ck_tz_hm(s->r.since, hm);
        snprintf(s->title, sizeof s->title, KT(k, "You are already checked in since %s"), hm);
        snprintf(s->body, sizeof s->body, KT(k, "Nothing changed, %s: your time is counting."),
                 s->first);
    } else if (s->kind == CK_EVENT_IN) {
        ck_tz_hm(s->r.at, hm);
        snprintf(s->title, sizeof s->title, KT(k, "Checked in at %s"), hm);
        snprintf(s->body, sizeof s->body, KT(k, "Have a good day, %s."), s->first);
    } else {
        ck_tz_hm(s->r.at, hm);
        snprintf(s->title, sizeof s->title, KT(k, "Checked out at %s"), hm);
        if (s->last_out && s->has_status && s->st.license_accepted)
            snprintf(s->body, sizeof s->body, KT(k, "Thank you, %s. Your certificate is next."),
                     s->first);
        else if (s->last_out)
            snprintf(s->body, sizeof s->body,
                     KT(k, "Thank you, %s. One more step for your certificate: the license "
                           "agreement."),
                     s->first);
        else if (more_days)
            snprintf(s->body, sizeof s->body, KT(k, "Goodbye, %s — see you tomorrow."), s->first);
        else
            snprintf(s->body, sizeof s->body, KT(k, "Goodbye, %s."), s->first);
    }
    s->done.label = s->last_out ? KT(k, "Continue") : KT(k, "Done");
}

static void set_undo_label(checked *s, int64_t now)
{
    int64_t left = (s->undo_until - now + 999) / 1000;
    /* TRANSLATORS: the undo button, with the seconds it stays. */
    snprintf(s->undo_label, sizeof s->undo_label, KT(s->base.k, "Undo (%lld s)"), (long long)left);
}

static void layout(ck_ui *ui, checked *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int gap = ck_ui_px(ui, 28), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    int col = r.w < ck_ui_px(ui, 1100) ? r.w : ck_ui_px(ui, 1100);
    ck_ui_rect buttons = ck_ui_cut_bottom(&r, bh);
    ck_ui_cut_bottom(&r, gap);
    int bw = ck_ui_px(ui, 420);
    bool undo = undo_open(s, ck_ui_now(ui));
    if ((undo ? 2 * bw + gap : bw) > buttons.w)
        bw = undo ? (buttons.w - gap) / 2 : buttons.w;
    ck_ui_rect row = ck_ui_center(buttons, undo ? 2 * bw + gap : bw, bh);
    if (undo) {
        s->undo.rect = ck_ui_cut_left(&row, bw);
        ck_ui_cut_left(&row, gap);
    } else {
        s->undo.rect = (ck_ui_rect){0};
    }
    s->done.rect = row;
    s->text = ck_ui_center(r, col, r.h);
}

static ck_ui_next go_on(checked *s)
{
    ck_kiosk *k = s->base.k;
    if (!s->last_out)
        return ck_ui_go_home();
    bool accepted = s->has_status && s->st.license_accepted;
    return kiosk_replace(k, accepted ? kiosk_done(k, s->r.person.id)
                                     : kiosk_license(k, s->r.person.id));
}

static ck_ui_next undo(ck_ui *ui, checked *s)
{
    ck_kiosk *k = s->base.k;
    ck_err err = {0};
    char hm[6], body[CK_TEXT_MAX + 320];
    (void)ui;
    if (ck_app_void_event(k->app, s->r.event_id, CK_SOURCE_KIOSK, NULL, &err) != CK_OK)
        return kiosk_push(k, kiosk_problem(k, KT(k, "This cannot be undone here"), &err, false));
    ck_tz_hm(s->r.at, hm);
    if (s->kind == CK_EVENT_IN)
        snprintf(body, sizeof body, KT(k, "Your check-in at %s was removed, %s."), hm, s->first);
    else
        snprintf(body, sizeof body, KT(k, "Your check-out at %s was removed, %s."), hm, s->first);
    kmsg m = {.kind = CK_UI_MESSAGE_INFO,
              .title = KT(k, "Undone"),
              .body = body,
              .button = KT(k, "Done"),
              .go = KMSG_HOME,
              .auto_ms = 8000};
    return kiosk_replace(k, kiosk_message(k, &m));
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    checked *s = state;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        load(s, ev->now);
        set_undo_label(s, ev->now);
        layout(ui, s);
        ck_ui_redraw_at(ui, ev->now + 1000);
        return ck_ui_go_stay();
    case CK_UI_EV_TICK:
        if (undo_open(s, ev->now)) {
            set_undo_label(s, ev->now);
            /* The next whole second of the countdown. */
            int64_t next = s->undo_until - ((s->undo_until - ev->now - 1) / 1000) * 1000;
            ck_ui_redraw_at(ui, next > ev->now ? next : ev->now + 1000);
        } else if (s->undo.rect.w > 0) {
            layout(ui, s); /* Undo has gone */
            if (!s->last_out && s->r.changed)
                return ck_ui_go_home(); /* nothing more to see: the next person's turn */
        }
        return ck_ui_go_stay();
    case CK_UI_EV_DOWN:
    case CK_UI_EV_UP:
        /* A second tap of the button that brought us here must not land on this screen. */
        if (ev->now - s->shown_at < DEBOUNCE_MS)
            return ck_ui_go_stay();
        break;
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ENTER && ev->now - s->shown_at >= DEBOUNCE_MS)
            return go_on(s);
        break;
    default: break;
    }
    if (undo_open(s, ev->now) && ck_ui_button_event(ui, &s->undo, ev))
        return undo(ui, s);
    if (ck_ui_button_event(ui, &s->done, ev))
        return go_on(s);
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const checked *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    ck_ui_rect r = s->text;
    int gap = ck_ui_px(ui, 24), icon = ck_ui_px(ui, 150);
    ck_ui_text t = {.str = s->title,
                    .type = CK_UI_TEXT_DISPLAY,
                    .bold = true,
                    .align = CK_UI_CENTER,
                    .max_lines = 3};
    ck_ui_text b = {.str = s->body,
                    .type = CK_UI_TEXT_LARGE,
                    .color = p->text_muted,
                    .align = CK_UI_CENTER,
                    .max_lines = 3};
    if (kiosk_text_h(ui, &t, r.w) > 2 * ck_ui_line_height(ui, &t))
        t.type = CK_UI_TEXT_TITLE;
    int th = kiosk_text_h(ui, &t, r.w), bh = kiosk_text_h(ui, &b, r.w);
    int card_w = r.w < ck_ui_px(ui, 900) ? r.w : ck_ui_px(ui, 900);
    int card_h = s->has_status
                     ? kiosk_today_card(ui, (ck_ui_rect){0, 0, card_w, 0}, &s->td, &s->st, false)
                     : 0;
    int total = icon + gap + th + gap / 2 + bh;
    bool with_card = card_h && total + 2 * gap + card_h <= r.h;
    if (with_card)
        total += 2 * gap + card_h;
    int y = r.y + (r.h - total) / 2;
    kiosk_icon(ui, (ck_ui_rect){r.x + (r.w - icon) / 2, y, icon, icon},
               s->r.changed ? CK_UI_MESSAGE_DONE : CK_UI_MESSAGE_INFO);
    y += icon + gap;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, th}, &t);
    y += th + gap / 2;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, bh}, &b);
    y += bh + 2 * gap;
    if (with_card)
        kiosk_today_card(ui, (ck_ui_rect){r.x + (r.w - card_w) / 2, y, card_w, card_h}, &s->td,
                         &s->st, true);
    if (s->undo.rect.w > 0)
        ck_ui_button_draw(ui, &s->undo);
    ck_ui_button_draw(ui, &s->done);
}

static void probe(const void *state, kprobe *p)
{
    const checked *s = state;
    kprobe_say(p, "%s", s->title);
    kprobe_say(p, "%s", s->body);
    kprobe_button(p, &s->done);
    if (s->undo.rect.w > 0)
        kprobe_add(p, KT(s->base.k, "Undo"), s->undo.rect, true);
}

static void destroy(void *state)
{
    checked *s = state;
    if (!s)
        return;
    ck_status_clear(&s->st);
    free(s);
}

ck_ui_screen kiosk_checked(ck_kiosk *k, const ck_presence_result *r, ck_event_kind kind)
{
    checked *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .probe = probe};
    s->r = *r;
    s->kind = kind;
    s->today = -1;
    s->done = (ck_ui_button){.label = KT(k, "Done"), .kind = CK_UI_BUTTON_PRIMARY};
    s->undo = (ck_ui_button){.label = s->undo_label, .kind = CK_UI_BUTTON_SECONDARY};
    return (ck_ui_screen){.name = "checked",
                          .state = s,
                          .handle_event = handle,
                          .render = render,
                          .destroy = destroy};
}
