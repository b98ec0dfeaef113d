/* The trainer PIN: a keypad; the check (Argon2id) runs on the worker; five wrong PINs lock entry
 * (longer each round: 1 min, 5 min, 15 min, 1 h), the wait shown calmly; no PIN set says how
 * to set one. */
#include "ui/kiosk_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum pstate { PS_READY, PS_CHECKING, PS_LOCKED, PS_NO_PIN } pstate;

typedef struct pin {
    kscreen base;
    kheader hd;
    ck_ui_keypad pad;
    pstate st;
    uint64_t task;
    int64_t locked_until; /* ms of the kiosk's clock */
    char line[1024];
    bool line_bad, line_warn;
    ck_ui_rect note, info;
} pin;

static void ready_line(pin *s)
{
    snprintf(s->line, sizeof s->line, "%s",
             KT(s->base.k, "Enter the trainer PIN to open trainer mode."));
    s->line_bad = s->line_warn = false;
}

static void locked_line(pin *s, int64_t now)
{
    const ck_kiosk *k = s->base.k;
    int64_t left = (s->locked_until - now + 999) / 1000;
    char wait[64];
    /* Seconds count down in the last minute; before that whole minutes, rounded up. */
    if (left < 60)
        snprintf(wait, sizeof wait, KT(k, "%lld s"), (long long)(left > 0 ? left : 1));
    else
        ck_lang_minutes(ck_ui_lang(k->ui), (int)((left + 59) / 60), wait, sizeof wait);
    snprintf(s->line, sizeof s->line, KT(k, "Too many wrong PINs. Try again in %s."), wait);
    s->line_bad = false;
    s->line_warn = true;
}

static void layout(ck_ui *ui, pin *s)
{
    ck_ui_rect r = kiosk_area(ui);
    kheader_layout(ui, &s->hd, &r, KT(s->base.k, "Back"));
    s->note = ck_ui_cut_top(&r, ck_ui_px(ui, 72));
    ck_ui_cut_top(&r, ck_ui_px(ui, 12));
    int h = r.h < ck_ui_px(ui, 760) ? r.h : ck_ui_px(ui, 760);
    int w = h * 3 / 4 < r.w ? h * 3 / 4 : r.w;
    s->pad.rect = ck_ui_center(r, w, h);
    s->info = ck_ui_center(r, r.w < ck_ui_px(ui, 1100) ? r.w : ck_ui_px(ui, 1100), r.h);
}

static void submit(ck_ui *ui, pin *s)
{
    ktask t = {.kind = KT_PIN};
    snprintf(t.pin, sizeof t.pin, "%s", s->pad.digits);
    ck_ui_keypad_clear(&s->pad, false);
    s->task = kiosk_task_post(s->base.k, &t);
    ck_wipe(t.pin, sizeof t.pin);
    if (!s->task) {
        snprintf(s->line, sizeof s->line, "%s",
                 KT(s->base.k, "The station is busy. Please enter the PIN again."));
        s->line_bad = true;
        return;
    }
    s->st = PS_CHECKING;
    snprintf(s->line, sizeof s->line, "%s", KT(s->base.k, "Checking…"));
    s->line_bad = false;
    (void)ui;
}

static ck_ui_next checked(ck_ui *ui, pin *s, const ktask *t, int64_t now)
{
    ck_kiosk *k = s->base.k;
    s->task = 0;
    s->st = PS_READY;
    switch (t->rc) {
    case CK_OK: k->trainer = true; return kiosk_replace(k, kiosk_trainer(k));
    case CK_EINVAL:
        snprintf(s->line, sizeof s->line,
                 KTN(k, "That PIN is not right. %d try left.",
                     "That PIN is not right. %d tries left.", (unsigned long)t->tries_left),
                 t->tries_left);
        s->line_bad = true;
        s->pad.rejected = true;
        break;
    case CK_ELOCKED:
        s->st = PS_LOCKED;
        s->locked_until = now + (int64_t)t->wait_s * 1000;
        locked_line(s, now);
        ck_ui_redraw_at(ui, now + 1000);
        break;
    case CK_ESTATE: s->st = PS_NO_PIN; break;
    default: {
        char said[1024];
        snprintf(s->line, sizeof s->line, KT(k, "The PIN could not be checked: %s"),
                 kiosk_err_words(k, &t->err, said, sizeof said));
    }
        s->line_bad = true;
        break;
    }
    return ck_ui_go_stay();
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    pin *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    ktask t;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW: {
        int wait_s = 0;
        if (s->st == PS_READY && !ck_app_pin_is_set(k->app)) {
            s->st = PS_NO_PIN;
        } else if (s->st == PS_READY && ck_app_pin_locked(k->app, &wait_s)) {
            /* Still locked from earlier tries (perhaps before a restart): say so at once. */
            s->st = PS_LOCKED;
            s->locked_until = ev->now + (int64_t)wait_s * 1000;
            locked_line(s, ev->now);
            ck_ui_redraw_at(ui, ev->now + 1000);
        }
        return ck_ui_go_stay();
    }
    case CK_UI_EV_WAKE:
    case CK_UI_EV_TICK:
        if (s->task && kiosk_task_take(k, s->task, &t))
            return checked(ui, s, &t, ev->now);
        if (s->st == PS_LOCKED) {
            if (ev->now >= s->locked_until) {
                s->st = PS_READY;
                ready_line(s);
            } else {
                locked_line(s, ev->now);
                ck_ui_redraw_at(ui, ev->now + 1000);
            }
        }
        return ck_ui_go_stay();
    case CK_UI_EV_SCAN: {
        /* Digits and Enter on a keyboard are a PIN; anything else is a scan. */
        bool digits = ev->text[0] != '\0' && strlen(ev->text) <= CK_UI_PIN_MAX;
        for (const char *c = ev->text; *c; c++)
            digits = digits && *c >= '0' && *c <= '9';
        if (!digits) {
            ck_ui_keypad_clear(&s->pad, false);
            return kiosk_scan(ui, &s->base, ev->text);
        }
        break;
    }
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ESCAPE)
            return ck_ui_go_pop();
        break;
    default: break;
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    if (s->st != PS_READY)
        return ck_ui_go_stay(); /* checking, locked, or no PIN: the keys rest */
    if (ck_ui_keypad_event(ui, &s->pad, ev) == CK_UI_KEYPAD_SUBMIT)
        submit(ui, s);
    else if (s->pad.len)
        ready_line(s);
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const pin *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    if (s->st == PS_NO_PIN) {
        const ck_kiosk *k = s->base.k;
        ck_ui_message m = {
            .kind = CK_UI_MESSAGE_INFO,
            .title = KT(k, "No trainer PIN is set"),
            .body = KT(k, "Set one on this station from a terminal, as the station's user:\n"
                          "classkiosk trainer set-pin"),
            .hint = KT(k, "Then hold the top-left corner for two seconds, or press F12.")};
        ck_ui_message_draw(ui, s->info, &m, 0);
        return;
    }
    ck_ui_text t = {.str = s->line,
                    .type = CK_UI_TEXT_BODY,
                    .bold = s->line_bad || s->line_warn,
                    .color = s->line_bad    ? p->danger
                             : s->line_warn ? p->warn
                                            : p->text_muted,
                    .align = CK_UI_CENTER,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 2};
    kiosk_fit_type(ui, &t, s->note.w, s->note.h, CK_UI_TEXT_SMALL);
    ck_ui_draw_text(ui, s->note, &t);
    ck_ui_keypad_draw(ui, &s->pad);
    if (s->st == PS_CHECKING || s->st == PS_LOCKED) {
        /* The keys rest under a veil while the PIN is checked or entry is locked. */
        ck_ui_color veil = p->bg;
        veil.a = 170;
        ck_ui_fill_rect(ui, ck_ui_inset(s->pad.rect, -ck_ui_px(ui, 8)), veil);
        if (s->st == PS_CHECKING) {
            ck_ui_rect k = ck_ui_keypad_key(ui, &s->pad, 4);
            kiosk_spinner(ui, (float)k.x + (float)k.w / 2, (float)k.y + (float)k.h / 2,
                          (float)ck_ui_px(ui, 44));
        }
    }
}

static void probe(const void *state, kprobe *p)
{
    const pin *s = state;
    kprobe_say(p, "%s", s->hd.title);
    if (s->st == PS_NO_PIN)
        kprobe_say(p, "No trainer PIN is set. Set one with: classkiosk trainer set-pin");
    else
        kprobe_say(p, "%s", s->line);
    kprobe_button(p, &s->hd.back);
    if (s->st == PS_READY)
        kprobe_keypad(p, &s->pad);
}

static void destroy(void *state)
{
    pin *s = state;
    if (!s)
        return;
    if (s->task)
        kiosk_task_drop(s->base.k, s->task);
    ck_ui_keypad_clear(&s->pad, false);
    free(s);
}

ck_ui_screen kiosk_pin(ck_kiosk *k)
{
    pin *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){
        .magic = KSCREEN_MAGIC, .k = k, .wants_scan = true, .pin_screen = true, .probe = probe};
    snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(k, "Trainer mode"));
    s->pad.min_len = 4;
    s->pad.max_len = CK_UI_PIN_MAX;
    s->pad.pressed = -1;
    ready_line(s);
    return (ck_ui_screen){
        .name = "pin", .state = s, .handle_event = handle, .render = render, .destroy = destroy};
}
