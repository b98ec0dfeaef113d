/* The calm full-screen message: a title, what happened, details below, one or two buttons, an
 * optional action by itself after a while; and the message for a failed app call. */
#include "ui/kiosk_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct msg_screen {
    kscreen base;
    kmsg m;
    char *strings[5]; /* owned copies: title, body, hint, button, second */
    ck_ui_message view;
    ck_ui_button b1, b2;
    ck_ui_rect all;
    int64_t deadline; /* auto action, 0: none */
} msg_screen;

static ck_ui_next msg_go(ck_ui *ui, msg_screen *s, kmsg_go go)
{
    switch (go) {
    case KMSG_POP: return ck_ui_go_pop();
    case KMSG_HOME: return ck_ui_go_home();
    case KMSG_QUIT: return ck_ui_go_quit();
    case KMSG_CALL: return s->m.fn ? s->m.fn(ui, s->base.k, s->m.ctx) : ck_ui_go_pop();
    }
    return ck_ui_go_pop();
}

static void msg_layout(ck_ui *ui, msg_screen *s)
{
    int w, h;
    ck_ui_size(ui, &w, &h);
    s->all = (ck_ui_rect){0, 0, w, h};
    int bh = ck_ui_px(ui, CK_UI_BUTTON_H), gap = ck_ui_px(ui, 24);
    ck_ui_rect slot = ck_ui_message_button_slot(ui, s->all, &s->view, bh);
    int bw = ck_ui_px(ui, 440);
    if (s->m.second) {
        if (2 * bw + gap > slot.w)
            bw = (slot.w - gap) / 2;
        ck_ui_rect both = ck_ui_center(slot, 2 * bw + gap, bh);
        s->b2.rect = ck_ui_cut_left(&both, bw);
        ck_ui_cut_left(&both, gap);
        s->b1.rect = both;
    } else {
        bw = bw < slot.w ? bw : slot.w;
        s->b1.rect = ck_ui_center(slot, bw, bh);
        s->b2.rect = (ck_ui_rect){0};
    }
}

static ck_ui_next msg_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    msg_screen *s = state;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: msg_layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        if (s->m.auto_ms > 0) {
            s->deadline = ev->now + s->m.auto_ms;
            ck_ui_redraw_at(ui, s->deadline);
        }
        return ck_ui_go_stay();
    case CK_UI_EV_TICK:
        if (s->deadline && ev->now >= s->deadline) {
            s->deadline = 0;
            return msg_go(ui, s, s->m.go);
        }
        if (s->deadline)
            ck_ui_redraw_at(ui, s->deadline);
        return ck_ui_go_stay();
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_ENTER)
            return msg_go(ui, s, s->m.go);
        if (ev->key == CK_UI_KEY_ESCAPE && s->m.second)
            return msg_go(ui, s, s->m.second_go);
        if (ev->key == CK_UI_KEY_ESCAPE && s->m.go == KMSG_POP)
            return ck_ui_go_pop();
        return ck_ui_go_stay();
    default: break;
    }
    if (ck_ui_button_event(ui, &s->b1, ev))
        return msg_go(ui, s, s->m.go);
    if (s->m.second && ck_ui_button_event(ui, &s->b2, ev))
        return msg_go(ui, s, s->m.second_go);
    return ck_ui_go_stay();
}

static void msg_render(ck_ui *ui, const void *state)
{
    const msg_screen *s = state;
    ck_ui_message_draw(ui, s->all, &s->view, s->b1.rect.h);
    ck_ui_button_draw(ui, &s->b1);
    if (s->m.second)
        ck_ui_button_draw(ui, &s->b2);
}

static void msg_probe(const void *state, kprobe *p)
{
    const msg_screen *s = state;
    kprobe_say(p, "%s", s->view.title);
    if (s->view.body)
        kprobe_say(p, "%s", s->view.body);
    if (s->view.hint)
        kprobe_say(p, "%s", s->view.hint);
    kprobe_button(p, &s->b1);
    if (s->m.second)
        kprobe_button(p, &s->b2);
}

static void msg_destroy(void *state)
{
    msg_screen *s = state;
    if (!s)
        return;
    for (int i = 0; i < 5; i++)
        free(s->strings[i]);
    if (s->m.ctx_free)
        s->m.ctx_free(s->m.ctx);
    free(s);
}

ck_ui_screen kiosk_message(ck_kiosk *k, const kmsg *m)
{
    msg_screen *s = calloc(1, sizeof *s);
    if (!s) {
        if (m->ctx_free)
            m->ctx_free(m->ctx);
        return (ck_ui_screen){0};
    }
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .trainer = m->trainer, .probe = msg_probe};
    s->m = *m;
    const char *src[5] = {m->title ? m->title : "", m->body, m->hint,
                          m->button ? m->button : KT(k, "OK"), m->second};
    for (int i = 0; i < 5; i++)
        if (src[i] && *src[i] && !(s->strings[i] = strdup(src[i]))) {
            s->m.ctx_free = m->ctx_free;
            msg_destroy(s);
            return (ck_ui_screen){0};
        }
    s->view = (ck_ui_message){
        .kind = m->kind, .title = s->strings[0], .body = s->strings[1], .hint = s->strings[2]};
    if (!s->view.title)
        s->view.title = "";
    s->b1 = (ck_ui_button){.label = s->strings[3],
                           .kind = m->button_danger ? CK_UI_BUTTON_DANGER : CK_UI_BUTTON_PRIMARY};
    s->b2 = (ck_ui_button){.label = s->strings[4], .kind = CK_UI_BUTTON_SECONDARY};
    s->m.second = s->strings[4];
    return (ck_ui_screen){.name = "message",
                          .state = s,
                          .handle_event = msg_handle,
                          .render = msg_render,
                          .destroy = msg_destroy};
}

ck_ui_screen kiosk_problem(ck_kiosk *k, const char *title, const ck_err *err, bool trainer)
{
    char body[1600], said[1600];
    kiosk_err_words(k, err, said, sizeof said);
    const char *hint = said[0] ? said : NULL;
    switch (err->rc) {
    case CK_EBUSY:
        snprintf(body, sizeof body, "%s",
                 KT(k, "The station is busy for a moment. Nothing was lost: please try again."));
        break;
    case CK_EIO:
        snprintf(body, sizeof body, "%s",
                 KT(k, "The station could not read or save a file. Everything recorded so far is "
                       "kept; please ask your trainer."));
        break;
    case CK_EDB:
    case CK_EVERSION:
    case CK_ENOMEM:
    case CK_EINTERNAL:
    case CK_ECRYPTO:
        snprintf(body, sizeof body, "%s",
                 KT(k, "Something went wrong at the station. Everything recorded so far is kept; "
                       "please ask your trainer."));
        break;
    default:
        /* The app's own sentence says what is wrong in words a person can act on. */
        kiosk_sentence(said, body, sizeof body);
        hint = NULL;
        break;
    }
    kmsg m = {.kind = CK_UI_MESSAGE_PROBLEM,
              .title = title,
              .body = body,
              .hint = hint,
              .trainer = trainer,
              .auto_ms = trainer ? 0 : 20000};
    return kiosk_message(k, &m);
}
