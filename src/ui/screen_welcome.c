/* Welcome: the course, today's day of it, the time, who is here, one thing to do, and the
 * languages by their own names for the person about to use the kiosk. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LANGS_MAX 8 /* the languages offered: every one classkiosk speaks */

typedef struct welcome {
    kscreen base;
    kheader hd;
    bool has_course, failed;
    char fail_msg[768];
    int today, ndays;
    size_t in_now, total;
    char count_line[96], note[256], course[CK_TEXT_MAX];
    char day_line[96], date_line[320]; /* "Day 1 of 2", "Wed 25 Nov 2026  ·  Room 1" */
    ck_ui_button tap;                  /* the whole screen; the card is drawn where .card is */
    ck_ui_rect card, count_rect, note_rect, course_rect;
    ck_ui_longpress corner;
    int64_t loaded_minute;
    ck_ui_button langs[LANGS_MAX]; /* Deutsch, English, … each labelled in itself */
    const ck_lang *lang_of[LANGS_MAX];
    size_t nlangs;
    ck_ui_rect langs_rect;
} welcome;

static void load(welcome *s, int64_t now_ms)
{
    ck_kiosk *k = s->base.k;
    const ck_course_rec *c = NULL;
    ck_err err = {0};
    s->loaded_minute = now_ms / 60000;
    s->tap.label = KT(k, "Tap to check in or out");
    s->failed = false;
    s->has_course = false;
    s->note[0] = s->count_line[0] = s->day_line[0] = s->date_line[0] = s->course[0] = '\0';
    ck_rc rc = ck_app_course(k->app, &c, &err);
    if (rc == CK_ENOTFOUND) {
        snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(k, "Welcome"));
        snprintf(s->note, sizeof s->note, "%s",
                 KT(k, "No course is set up on this station yet. Trainer: create one with "
                       "\"classkiosk course create\" (or try \"classkiosk demo\")."));
        s->tap.disabled = true;
        return;
    }
    if (rc != CK_OK)
        goto failed;
    s->has_course = true;
    s->tap.disabled = false;
    snprintf(s->hd.title, sizeof s->hd.title, "%s", c->title);
    snprintf(s->course, sizeof s->course, "%s", c->title);
    s->ndays = (int)c->ndays;
    s->today = ck_app_today_index(k->app, c);
    const ck_lang *lang = ck_ui_lang(k->ui);
    char when[96] = "", today[11];
    ck_tz_date(kiosk_now_s(k), today);
    if (s->today >= 0) {
        ck_lang_date(lang, today, CK_DATE_SHORT, when, sizeof when);
        snprintf(s->day_line, sizeof s->day_line, KT(k, "Day %d of %d"), s->today + 1, s->ndays);
    } else if (c->ndays && strcmp(today, c->days[0].date) < 0) {
        ck_lang_date(lang, c->days[0].date, CK_DATE_SHORT, when, sizeof when);
        /* TRANSLATORS: when the course starts: a short date ("Wed 25 Nov 2026"). */
        snprintf(s->day_line, sizeof s->day_line, KT(k, "Starts %s"), when);
        when[0] = '\0';
    } else if (c->ndays) {
        ck_lang_date(lang, c->days[c->ndays - 1].date, CK_DATE_SHORT, when, sizeof when);
        /* TRANSLATORS: when the course ended: a short date ("Thu 26 Nov 2026"). */
        snprintf(s->day_line, sizeof s->day_line, KT(k, "Ended %s"), when);
        when[0] = '\0';
    }
    snprintf(s->date_line, sizeof s->date_line, "%s%s%s", when,
             when[0] && c->location[0] ? "  ·  " : "", c->location);
    if ((rc = ck_app_here_count(k->app, &s->in_now, &s->total, &err)) != CK_OK)
        goto failed;
    if (s->today >= 0)
        snprintf(s->count_line, sizeof s->count_line,
                 KTN(k, "%zu of %zu checked in now", "%zu of %zu checked in now", s->in_now),
                 s->in_now, s->total);
    else
        snprintf(s->count_line, sizeof s->count_line,
                 KTN(k, "%zu on the roster", "%zu on the roster", s->total), s->total);
    snprintf(s->note, sizeof s->note, "%s",
             s->today < 0 ? KT(k, "Today is not a course day. You can still collect your "
                                  "certificate or check one: scan its QR code here.")
                          : KT(k, "Have a certificate to check? Scan its QR code here."));
    return;
failed:
    /* Calm, in place: the station keeps trying every minute and after every visit. */
    s->failed = true;
    s->tap.disabled = false;
    kiosk_err_words(k, &err, s->fail_msg, sizeof s->fail_msg);
    if (!s->hd.title[0])
        snprintf(s->hd.title, sizeof s->hd.title, "%s", KT(k, "Welcome"));
    snprintf(s->note, sizeof s->note, "%s",
             KT(k, "The station cannot read its records right now; it keeps trying. If this "
                   "stays, please tell your trainer."));
}

static void layout(ck_ui *ui, welcome *s)
{
    int w, h;
    ck_ui_size(ui, &w, &h);
    ck_ui_rect r = kiosk_area(ui);
    bool portrait = kiosk_portrait(ui);
    /* The languages: a row along the bottom, each button as wide as the widest name needs
     * (all alike), centred. */
    int lgap = ck_ui_px(ui, 16), lh = ck_ui_px(ui, 72), widest = 0;
    for (size_t i = 0; i < s->nlangs; i++) {
        ck_ui_text t = {.str = s->langs[i].label, .bold = true, .max_lines = 1};
        int tw = 0;
        ck_ui_measure_text(ui, &t, 0, &tw, NULL);
        widest = tw > widest ? tw : widest;
    }
    /* One row when every name fits whole, else two (the first one longer). */
    int lw = widest + ck_ui_px(ui, 48), n = (int)s->nlangs, per = n;
    if (n && n * lw + (n - 1) * lgap > r.w)
        lw = widest + ck_ui_px(ui, 28);
    if (n && n * lw + (n - 1) * lgap > r.w)
        per = (n + 1) / 2;
    if (per && per * lw + (per - 1) * lgap > r.w)
        lw = (r.w - (per - 1) * lgap) / per;
    int rows = per ? (n + per - 1) / per : 0;
    s->langs_rect = ck_ui_cut_bottom(&r, rows * lh + (rows > 1 ? lgap : 0));
    for (int i = 0; i < n; i++) {
        int row = i / per, in_row = row < rows - 1 ? per : n - row * per;
        int lx = s->langs_rect.x + (s->langs_rect.w - (in_row * lw + (in_row - 1) * lgap)) / 2;
        s->langs[i].rect =
            (ck_ui_rect){lx + (i % per) * (lw + lgap), s->langs_rect.y + row * (lh + lgap), lw, lh};
    }
    ck_ui_cut_bottom(&r, ck_ui_px(ui, 24));
    /* Portrait: the day and date in the header beside the clock, the course's title (which
     * may be long) wrapped above the card. Landscape: the title in the header. */
    if (s->has_course && portrait) {
        snprintf(s->hd.title, sizeof s->hd.title, "%s", s->day_line);
        snprintf(s->hd.subtitle, sizeof s->hd.subtitle, "%s", s->date_line);
    } else if (s->has_course) {
        snprintf(s->hd.title, sizeof s->hd.title, "%s", s->course);
        snprintf(s->hd.subtitle, sizeof s->hd.subtitle, "%s%s%s", s->day_line,
                 s->day_line[0] && s->date_line[0] ? "  ·  " : "", s->date_line);
    }
    kheader_layout(ui, &s->hd, &r, NULL);
    s->hd.clock = true;
    int gap = ck_ui_px(ui, 32);
    ck_ui_text note = {.str = s->note, .type = CK_UI_TEXT_SMALL, .align = CK_UI_CENTER};
    int note_h = kiosk_text_h(ui, &note, r.w);
    s->note_rect = ck_ui_cut_bottom(&r, note_h);
    ck_ui_cut_bottom(&r, gap);
    ck_ui_text count = {.str = "0", .type = CK_UI_TEXT_LARGE};
    s->count_rect = ck_ui_cut_bottom(&r, ck_ui_line_height(ui, &count) + ck_ui_px(ui, 16));
    ck_ui_cut_bottom(&r, gap);
    s->course_rect = (ck_ui_rect){0};
    if (portrait && s->has_course) {
        ck_ui_text t = {.str = s->course,
                        .type = CK_UI_TEXT_TITLE,
                        .bold = true,
                        .align = CK_UI_CENTER,
                        .max_lines = 3};
        s->course_rect = ck_ui_cut_top(&r, kiosk_text_h(ui, &t, r.w) + gap);
        ck_ui_cut_top(&r, gap);
    }
    /* The card: as big as the screen allows, but not a wall. */
    int cw = r.w < ck_ui_px(ui, 1500) ? r.w : ck_ui_px(ui, 1500);
    int ch = portrait ? r.h * 80 / 100 : r.h;
    if (ch > ck_ui_px(ui, portrait ? 900 : 620))
        ch = ck_ui_px(ui, portrait ? 900 : 620);
    s->card = ck_ui_center(r, cw, ch);
    s->tap.rect = (ck_ui_rect){0, 0, w, h};
    s->corner.rect = (ck_ui_rect){0, 0, ck_ui_px(ui, 150), ck_ui_px(ui, 150)};
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    welcome *s = state;
    ck_kiosk *k = s->base.k;
    ck_ui_next nx;
    if (ev->kind == CK_UI_EV_SHOW || ev->kind == CK_UI_EV_HOME) {
        /* Back at the start: trainer mode is over, nobody's details stay on screen, and the
         * station's own language speaks again. */
        k->trainer = false;
        k->lang_chosen = false;
        ck_ui_set_lang(ui, ck_app_language(k->app));
        ck_ui_set_inactivity(ui, k->attendee_idle_ms);
        load(s, ev->now);
        layout(ui, s);
        return ck_ui_go_stay();
    }
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    /* A language: for this visit only (Welcome showing again brings the station's back). A
     * finger on the row is not also a tap on the screen. */
    bool pointer =
        ev->kind == CK_UI_EV_DOWN || ev->kind == CK_UI_EV_MOVE || ev->kind == CK_UI_EV_UP;
    for (size_t i = 0; i < s->nlangs; i++)
        if (ck_ui_button_event(ui, &s->langs[i], ev)) {
            s->tap.tracking = s->tap.pressed = false;
            k->lang_chosen = true;
            ck_ui_set_lang(ui, s->lang_of[i]);
            load(s, ev->now);
            layout(ui, s);
            return ck_ui_go_stay();
        }
    if (pointer && ev->kind == CK_UI_EV_DOWN && ck_ui_contains(s->langs_rect, ev->x, ev->y))
        return ck_ui_go_stay();
    if (ev->kind == CK_UI_EV_LAYOUT) {
        layout(ui, s);
        return ck_ui_go_stay();
    }
    if (ev->kind == CK_UI_EV_TICK && ev->now / 60000 != s->loaded_minute) {
        load(s, ev->now);
        layout(ui, s);
    }
    if (ck_ui_longpress_event(ui, &s->corner, ev)) {
        s->tap.tracking = s->tap.pressed = false; /* the hold is not also a tap */
        return kiosk_push(k, kiosk_pin(k));
    }
    bool held = s->corner.fired;
    if (ck_ui_button_event(ui, &s->tap, ev) && !held)
        return kiosk_push(k, kiosk_find(k));
    if (ev->kind == CK_UI_EV_KEY && ev->key == CK_UI_KEY_ENTER && !s->tap.disabled)
        return kiosk_push(k, kiosk_find(k));
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const welcome *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    kheader_draw(ui, &s->hd);
    ck_ui_rect c = s->card;
    bool off = s->tap.disabled, pressed = s->tap.pressed && !s->corner.holding;
    ck_ui_color fill = off ? p->disabled : pressed ? p->accent_pressed : p->accent;
    ck_ui_color ink = off ? p->text_muted : p->text_on_accent;
    float rad = (float)ck_ui_px(ui, 36);
    if (!off && !pressed) {
        ck_ui_rect sh = c;
        sh.y += ck_ui_px(ui, 8);
        ck_ui_shadow(ui, sh, rad, (float)ck_ui_px(ui, 24), p->shadow);
    }
    ck_ui_fill_round(ui, c, rad, fill);
    ck_ui_rect in = ck_ui_inset(c, ck_ui_px(ui, 48));
    const ck_kiosk *k = s->base.k;
    ck_ui_text big = {.str = off ? KT(k, "This station is not ready yet")
                                 : KT(k, "Tap to check in or out"),
                      .type = CK_UI_TEXT_DISPLAY,
                      .bold = true,
                      .color = ink,
                      .align = CK_UI_CENTER,
                      .max_lines = 3};
    ck_ui_text sub = {.str = off ? KT(k, "Please ask your trainer.") : KT(k, "or scan your badge"),
                      .type = CK_UI_TEXT_LARGE,
                      .color = ink,
                      .align = CK_UI_CENTER,
                      .max_lines = 2};
    /* Broken where a reader pauses, not where the line happens to end. */
    int bw = 0;
    ck_ui_measure_text(ui, &big, 0, &bw, NULL);
    if (bw > in.w && !off)
        /* TRANSLATORS: "Tap to check in or out" broken where a reader pauses, for narrow
           screens. */
        big.str = KT(k, "Tap to check\nin or out");
    kiosk_fit_type(ui, &big, in.w, in.h * 3 / 4, CK_UI_TEXT_LARGE);
    int bh = kiosk_text_h(ui, &big, in.w);
    int sh = kiosk_text_h(ui, &sub, in.w), gap = ck_ui_px(ui, 20);
    /* A tap: a dot with rings around it, drawn above the words. */
    int icon = ck_ui_px(ui, 120);
    bool with_icon = !off && bh + gap + sh + icon + gap * 2 <= in.h;
    int total = bh + gap + sh + (with_icon ? icon + 2 * gap : 0);
    int y = in.y + (in.h - total) / 2;
    if (with_icon) {
        ck_ui_rect ir = {in.x + (in.w - icon) / 2, y, icon, icon};
        float lw = (float)ck_ui_px(ui, 5);
        for (int i = 0; i < 2; i++) {
            ck_ui_color ring = ink;
            ring.a = (uint8_t)(i ? 70 : 140);
            int d = icon * (i ? 100 : 66) / 100;
            ck_ui_stroke_round(ui, ck_ui_center(ir, d, d), (float)d / 2, lw, ring);
        }
        ck_ui_fill_circle(ui, (float)ir.x + (float)icon / 2, (float)ir.y + (float)icon / 2,
                          (float)icon * 0.16f, ink);
        y += icon + 2 * gap;
    }
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y, in.w, bh}, &big);
    ck_ui_draw_text(ui, (ck_ui_rect){in.x, y + bh + gap, in.w, sh}, &sub);
    if (s->course_rect.h > 0) {
        ck_ui_text t = {.str = s->course,
                        .type = CK_UI_TEXT_TITLE,
                        .bold = true,
                        .align = CK_UI_CENTER,
                        .valign = CK_UI_MIDDLE,
                        .max_lines = 3};
        ck_ui_draw_text(ui, s->course_rect, &t);
    }

    if (s->has_course && s->count_line[0] && !s->failed) {
        ck_ui_text t = {.str = s->count_line,
                        .type = CK_UI_TEXT_LARGE,
                        .color = p->text,
                        .valign = CK_UI_MIDDLE,
                        .max_lines = 1};
        int tw = 0, dot = ck_ui_px(ui, 18), pad = ck_ui_px(ui, 28);
        ck_ui_measure_text(ui, &t, s->count_rect.w - 3 * pad, &tw, NULL);
        int pw = pad + dot + ck_ui_px(ui, 16) + tw + pad;
        ck_ui_rect pill = ck_ui_center(s->count_rect, pw, s->count_rect.h);
        ck_ui_fill_round(ui, pill, (float)pill.h / 2, p->ok_soft);
        ck_ui_fill_circle(ui, (float)(pill.x + pad + dot / 2), (float)pill.y + (float)pill.h / 2,
                          (float)dot / 2, p->ok);
        ck_ui_draw_text(
            ui, (ck_ui_rect){pill.x + pad + dot + ck_ui_px(ui, 16), pill.y, tw + 2, pill.h}, &t);
    }
    ck_ui_text note = {.str = s->note,
                       .type = CK_UI_TEXT_SMALL,
                       .color = s->failed ? p->warn : p->text_muted,
                       .align = CK_UI_CENTER};
    ck_ui_draw_text(ui, s->note_rect, &note);
    for (size_t i = 0; i < s->nlangs; i++) {
        ck_ui_button b = s->langs[i];
        b.kind = s->lang_of[i] == ck_ui_lang(ui) ? CK_UI_BUTTON_PRIMARY : CK_UI_BUTTON_SECONDARY;
        ck_ui_button_draw(ui, &b);
    }
    ck_ui_longpress_draw(ui, &s->corner);
}

static void probe(const void *state, kprobe *p)
{
    const welcome *s = state;
    kprobe_say(p, "%s", s->has_course ? s->course : s->hd.title);
    if (s->day_line[0])
        kprobe_say(p, "%s", s->day_line);
    if (s->date_line[0])
        kprobe_say(p, "%s", s->date_line);
    if (s->count_line[0] && !s->failed)
        kprobe_say(p, "%s", s->count_line);
    if (s->note[0])
        kprobe_say(p, "%s", s->note);
    if (s->failed)
        kprobe_say(p, "%s", s->fail_msg);
    kprobe_add(p, KT(s->base.k, "Tap to check in or out"), s->card, !s->tap.disabled);
    for (size_t i = 0; i < s->nlangs; i++)
        kprobe_add(p, s->langs[i].label, s->langs[i].rect, true);
}

ck_ui_screen kiosk_welcome(ck_kiosk *k)
{
    welcome *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .probe = probe};
    s->tap = (ck_ui_button){.label = KT(k, "Tap to check in or out"), .kind = CK_UI_BUTTON_PRIMARY};
    s->today = -1;
    /* Each language by its own name, never a flag: a language is not a country. */
    for (size_t i = 0; ck_lang_nth(i) && s->nlangs < LANGS_MAX; i++) {
        s->lang_of[s->nlangs] = ck_lang_nth(i);
        s->langs[s->nlangs++] =
            (ck_ui_button){.label = ck_lang_name(ck_lang_nth(i)), .kind = CK_UI_BUTTON_SECONDARY};
    }
    return (ck_ui_screen){
        .name = "welcome", .state = s, .handle_event = handle, .render = render, .destroy = free};
}
