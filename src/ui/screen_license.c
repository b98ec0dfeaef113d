/* License agreement: the full text scrolled by finger; "I accept" only once the end has been on
 * screen; "Decline" always; either decision recorded with the version and the language read.
 * The text is the one in the language on screen, or English when the version has none in it. */
#include "ui/kiosk_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct license {
    kscreen base;
    kheader hd;
    int64_t id;
    bool loaded;
    int version;
    const ck_lang *lang; /* of the text shown */
    char *display;       /* the text with its headings marked for the text view */
    char first[CK_TEXT_MAX];
    ck_ui_textview tv;
    ck_ui_rect card, bar, bar_label;
    ck_ui_button accept, decline;
} license;

/* Is this line a heading: the title, or "3. Use of course materials" (short, numbered, no
 * full stop at the end)? */
static bool heading_line(const char *line, size_t len, bool first)
{
    if (len == 0 || len > 90 || line[len - 1] == '.')
        return false;
    if (first)
        return true;
    size_t i = 0;
    while (i < len && isdigit((unsigned char)line[i]))
        i++;
    return i > 0 && i + 1 < len && line[i] == '.' && line[i + 1] == ' ';
}

/* The stored text with "# " before its headings (the text view's mark). */
static char *with_headings(const char *body)
{
    size_t len = strlen(body), extra = 0;
    for (const char *p = body; *p; p++)
        extra += *p == '\n';
    char *out = malloc(len + 2 * (extra + 1) + 1), *w = out;
    if (!out)
        return NULL;
    bool first = true;
    for (const char *p = body; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > 0 && strncmp(p, "# ", 2) != 0 && heading_line(p, n, first)) {
            memcpy(w, "# ", 2);
            w += 2;
        }
        if (n > 0)
            first = false;
        memcpy(w, p, n);
        w += n;
        if (!nl)
            break;
        *w++ = '\n';
        p = nl + 1;
    }
    *w = '\0';
    return out;
}

static ck_rc load(license *s, ck_err *err)
{
    ck_kiosk *k = s->base.k;
    ck_license_rec lic = {0};
    ck_status st = {0};
    ck_rc rc = ck_app_license_text(k->app, ck_ui_lang(k->ui), &lic, err);
    if (rc == CK_OK)
        rc = ck_app_status_one(k->app, s->id, &st, err);
    if (rc != CK_OK) {
        ck_license_rec_clear(&lic);
        return rc;
    }
    kiosk_first_name(st.person.name, s->first, sizeof s->first);
    ck_status_clear(&st);
    s->version = lic.version;
    s->lang = ck_lang_find(lic.lang);
    free(s->display);
    s->display = with_headings(lic.body);
    ck_license_rec_clear(&lic);
    if (!s->display)
        return ck_err_set(err, CK_ENOMEM, "out of memory showing the license");
    snprintf(s->hd.subtitle, sizeof s->hd.subtitle,
             KT(s->base.k, "Version %d  ·  for %s  ·  please read it to the end"), s->version,
             s->first);
    s->loaded = true;
    return CK_OK;
}

static void layout(ck_ui *ui, license *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int gap = ck_ui_px(ui, 24), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    kheader_layout(ui, &s->hd, &r, KT(s->base.k, "Back"));
    if (kiosk_portrait(ui)) {
        ck_ui_rect buttons = ck_ui_cut_bottom(&r, bh);
        ck_ui_cut_bottom(&r, gap);
        ck_ui_rect status = ck_ui_cut_bottom(&r, ck_ui_px(ui, 70));
        ck_ui_cut_bottom(&r, gap / 2);
        s->decline.rect = ck_ui_cut_left(&buttons, (buttons.w - gap) * 2 / 5);
        ck_ui_cut_left(&buttons, gap);
        s->accept.rect = buttons;
        s->bar_label = ck_ui_cut_top(&status, status.h / 2);
        s->bar = ck_ui_center(status, status.w, ck_ui_px(ui, 14));
    } else {
        ck_ui_rect bottom = ck_ui_cut_bottom(&r, bh);
        ck_ui_cut_bottom(&r, gap);
        int bw = ck_ui_px(ui, 360);
        if (3 * bw > bottom.w)
            bw = bottom.w / 3;
        s->accept.rect = ck_ui_cut_right(&bottom, bw);
        ck_ui_cut_right(&bottom, gap);
        s->decline.rect = ck_ui_cut_right(&bottom, bw * 3 / 4);
        ck_ui_cut_right(&bottom, 2 * gap);
        s->bar_label = ck_ui_cut_top(&bottom, bottom.h / 2);
        s->bar = ck_ui_center(bottom, bottom.w, ck_ui_px(ui, 14));
    }
    s->card = r;
    if (s->display) {
        ck_err err = {0};
        if (ck_ui_textview_layout(ui, &s->tv, ck_ui_inset(r, ck_ui_px(ui, 4)), s->display, &err) !=
            CK_OK)
            fprintf(stderr, "classkiosk: the license cannot be laid out: %s\n", err.msg);
    }
    s->accept.disabled = !s->tv.at_end;
}

static ck_ui_next decide(license *s, ck_decision d)
{
    ck_kiosk *k = s->base.k;
    ck_err err = {0};
    ck_decision_req req = {.attendee_id = s->id,
                           .decision = d,
                           .version = s->version,
                           .source = CK_SOURCE_KIOSK,
                           .lang = s->lang};
    if (ck_app_license_decide(k->app, &req, &err) != CK_OK) {
        s->loaded = false; /* a changed text is loaded again when this screen shows */
        return kiosk_push(k,
                          kiosk_problem(k, KT(k, "Your decision was not recorded"), &err, false));
    }
    if (d == CK_DECISION_ACCEPT)
        return kiosk_replace(k, kiosk_done(k, s->id));
    char body[CK_TEXT_MAX + 400];
    snprintf(body, sizeof body,
             KT(k, "Thank you, %s. Without the agreement no certificate can be issued. If you "
                   "change your mind, please see your trainer."),
             s->first);
    kmsg m = {.kind = CK_UI_MESSAGE_INFO,
              .title = KT(k, "You declined the license agreement"),
              .body = body,
              .hint = KT(k, "Your decision is recorded. Your attendance is kept as it is."),
              .button = KT(k, "Done"),
              .go = KMSG_HOME,
              .auto_ms = 20000};
    return kiosk_replace(k, kiosk_message(k, &m));
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    license *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW:
        if (!s->loaded) {
            ck_err err = {0};
            if (load(s, &err) != CK_OK)
                return kiosk_replace(
                    k, kiosk_problem(k, KT(k, "The license cannot be shown"), &err, false));
            ck_ui_textview_release(&s->tv);
            s->tv = (ck_ui_textview){0};
            layout(ui, s);
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
    if (ck_ui_button_event(ui, &s->accept, ev))
        return decide(s, CK_DECISION_ACCEPT);
    if (ck_ui_button_event(ui, &s->decline, ev))
        return decide(s, CK_DECISION_DECLINE);
    if (ck_ui_textview_event(ui, &s->tv, ev))
        s->accept.disabled = false;
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const license *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    ck_ui_card_draw(ui, s->card);
    ck_ui_textview_draw(ui, &s->tv);
    const ck_kiosk *k = s->base.k;
    ck_ui_text t = {.str = s->tv.at_end ? KT(k, "Thank you for reading it to the end.")
                                        : KT(k, "Scroll to the end to accept."),
                    .type = CK_UI_TEXT_SMALL,
                    .color = s->tv.at_end ? p->ok : p->text_muted,
                    .bold = s->tv.at_end,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 1};
    ck_ui_draw_text(ui, s->bar_label, &t);
    ck_ui_progress_draw(ui, s->bar, ck_ui_textview_progress(&s->tv));
    ck_ui_button_draw(ui, &s->decline);
    ck_ui_button_draw(ui, &s->accept);
}

static void probe(const void *state, kprobe *p)
{
    const license *s = state;
    kprobe_say(p, "%s", s->hd.title);
    kprobe_say(p, "%s", s->hd.subtitle);
    kprobe_say(p, "%s", s->tv.at_end ? "the end was reached" : "the end is not reached yet");
    kprobe_button(p, &s->hd.back);
    kprobe_button(p, &s->decline);
    kprobe_button(p, &s->accept);
    kprobe_add(p, "text", s->tv.rect, true);
}

static void destroy(void *state)
{
    license *s = state;
    if (!s)
        return;
    ck_ui_textview_release(&s->tv);
    free(s->display);
    free(s);
}

ck_ui_screen kiosk_license(ck_kiosk *k, int64_t attendee_id)
{
    license *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .probe = probe};
    s->id = attendee_id;
    snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(k, "License agreement"));
    s->accept =
        (ck_ui_button){.label = KT(k, "I accept"), .kind = CK_UI_BUTTON_PRIMARY, .disabled = true};
    s->decline = (ck_ui_button){.label = KT(k, "Decline"), .kind = CK_UI_BUTTON_SECONDARY};
    return (ck_ui_screen){.name = "license",
                          .state = s,
                          .handle_event = handle,
                          .render = render,
                          .destroy = destroy};
}
