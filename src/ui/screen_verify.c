/* Verify: a certificate's QR code scanned at the kiosk, VALID or INVALID and why, with the
 * signed name, course and dates large enough to compare with the paper from a step away. */
#include "ui/kiosk_impl.h"

#include "app/timez.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct verify {
    kscreen base;
    ck_verdict v;
    char verdict[64], why[1024], course[CK_VERIFY_TEXT_MAX + 8], dates[320], trainer[560];
    char fine[900];
    ck_ui_button close;
    ck_ui_rect badge, body;
} verify;

static void describe(verify *s)
{
    const ck_verdict *v = &s->v;
    const ck_verify_claims *c = &v->claims;
    const ck_kiosk *k = s->base.k;
    const ck_lang *lang = ck_ui_lang(k->ui);
    bool valid = v->status == CK_VERIFY_VALID;
    /* TRANSLATORS: the verdict on a scanned certificate, in large capitals. */
    snprintf(s->verdict, sizeof s->verdict, "%s", valid ? KT(k, "VALID") : KT(k, "INVALID"));
    if (valid && v->signer[0]) {
        /* TRANSLATORS: %s is the name of another station (kiosk) of the same organisation. */
        snprintf(s->why, sizeof s->why,
                 KT(k, "This certificate was issued and signed by the station %s of this "
                       "organisation and has not been revoked."),
                 v->signer);
    } else if (valid) {
        snprintf(s->why, sizeof s->why, "%s",
                 KT(k, "This certificate was issued and signed by this station and has not been "
                       "revoked."));
    } else {
        char said[1024];
        kiosk_words(k, &v->said, said, sizeof said);
        kiosk_sentence(said[0] ? said : ck_verify_status_name(v->status), s->why, sizeof s->why);
    }
    if (!v->has_claims)
        return;
    snprintf(s->course, sizeof s->course, "%s", c->course);
    char range[200] = "";
    ck_lang_dates(lang, (const char(*)[11])c->days, c->ndays, range, sizeof range);
    /* The hours as the language writes them ("14,5"); a fraction takes the plural. */
    char hours[32], amount[96];
    ck_lang_decimal(lang, c->hours, hours, sizeof hours);
    /* Whole hours choose by their count; a fraction ("14,5", "0.5") by 2, plural in every
     * language here (ngettext takes whole counts; French alone would write a fraction under
     * two in the singular). */
    unsigned long count = c->hours == floor(c->hours) ? (unsigned long)c->hours : 2;
    snprintf(amount, sizeof amount, KTN(k, "%s contact hour", "%s contact hours", count), hours);
    snprintf(s->dates, sizeof s->dates, "%s  ·  %s", range, amount);
    if (c->trainer_cred[0])
        snprintf(s->trainer, sizeof s->trainer, KT(k, "Trainer %s, %s"), c->trainer,
                 c->trainer_cred);
    else
        snprintf(s->trainer, sizeof s->trainer, KT(k, "Trainer %s"), c->trainer);
    char until[96], issued[96], day[11];
    ck_tz_date(c->expires_at, day);
    ck_lang_date(lang, day, CK_DATE_LONG, until, sizeof until);
    ck_tz_date(c->issued_at, day);
    ck_lang_date(lang, day, CK_DATE_LONG, issued, sizeof issued);
    snprintf(s->fine, sizeof s->fine,
             KT(k, "Certificate %s  ·  issued by %s on %s  ·  valid until %s"), c->id, c->issuer,
             issued, until);
}

static void layout(ck_ui *ui, verify *s)
{
    ck_ui_rect r = kiosk_area(ui);
    int bh = ck_ui_px(ui, CK_UI_BUTTON_H), bw = ck_ui_px(ui, 420);
    s->close.rect = ck_ui_center(ck_ui_cut_bottom(&r, bh), bw < r.w ? bw : r.w, bh);
    ck_ui_cut_bottom(&r, ck_ui_px(ui, 24));
    s->badge = ck_ui_cut_top(&r, ck_ui_px(ui, 150));
    ck_ui_cut_top(&r, ck_ui_px(ui, 28));
    s->body = r;
}

static ck_ui_next handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    verify *s = state;
    ck_ui_next nx;
    if (kiosk_common(ui, &s->base, ev, &nx))
        return nx;
    if (ev->kind == CK_UI_EV_LAYOUT) {
        layout(ui, s);
        return ck_ui_go_stay();
    }
    if (ev->kind == CK_UI_EV_KEY && (ev->key == CK_UI_KEY_ESCAPE || ev->key == CK_UI_KEY_ENTER))
        return ck_ui_go_pop();
    if (ck_ui_button_event(ui, &s->close, ev))
        return ck_ui_go_pop();
    return ck_ui_go_stay();
}

static void render(ck_ui *ui, const void *state)
{
    const verify *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    bool valid = s->v.status == CK_VERIFY_VALID;
    ck_ui_button_draw(ui, &s->close);
    /* The verdict: a band of colour with a mark and the word, readable across the room. */
    ck_ui_rect b = s->badge;
    ck_ui_color soft = valid ? p->ok_soft : p->danger_soft, strong = valid ? p->ok : p->danger;
    ck_ui_fill_round(ui, b, (float)ck_ui_px(ui, 28), soft);
    int mark = b.h * 64 / 100;
    ck_ui_text word = {.str = s->verdict,
                       .type = CK_UI_TEXT_DISPLAY,
                       .bold = true,
                       .color = strong,
                       .valign = CK_UI_MIDDLE,
                       .max_lines = 1};
    int ww = 0;
    ck_ui_measure_text(ui, &word, 0, &ww, NULL);
    int gap = ck_ui_px(ui, 28), x = b.x + (b.w - mark - gap - ww) / 2;
    ck_ui_rect m = {x, b.y + (b.h - mark) / 2, mark, mark};
    ck_ui_fill_circle(ui, (float)m.x + (float)mark / 2, (float)m.y + (float)mark / 2,
                      (float)mark / 2, strong);
    if (valid) {
        ck_ui_icon_check(ui, ck_ui_inset(m, mark / 6), p->text_on_accent);
    } else {
        float cx = (float)m.x + (float)mark / 2, cy = (float)m.y + (float)mark / 2;
        float d = (float)mark * 0.2f, w = (float)mark * 0.12f;
        ck_ui_line(ui, cx - d, cy - d, cx + d, cy + d, w, p->text_on_accent);
        ck_ui_line(ui, cx + d, cy - d, cx - d, cy + d, w, p->text_on_accent);
    }
    ck_ui_draw_text(ui, (ck_ui_rect){x + mark + gap, b.y, ww + 2, b.h}, &word);

    ck_ui_rect r = s->body;
    int sp = ck_ui_px(ui, 16);
    ck_ui_text why = {.str = s->why,
                      .type = CK_UI_TEXT_LARGE,
                      .color = valid ? p->text_muted : p->danger,
                      .align = CK_UI_CENTER,
                      .max_lines = 3};
    const ck_kiosk *k = s->base.k;
    ck_ui_text note = {.str = s->v.has_claims
                                  ? KT(k, "The details below are what the certificate says; it is "
                                          "not valid as it is.")
                                  : KT(k, "Nothing printed with this code can be trusted. If the "
                                          "code is only damaged, scan it again; otherwise ask "
                                          "whoever issued it."),
                       .type = s->v.has_claims ? CK_UI_TEXT_SMALL : CK_UI_TEXT_BODY,
                       .color = p->text_muted,
                       .align = CK_UI_CENTER,
                       .max_lines = 3};
    ck_ui_text lines[] = {
        {.str = s->v.claims.name,
         .type = CK_UI_TEXT_DISPLAY,
         .bold = true,
         .align = CK_UI_CENTER,
         .max_lines = 2},
        {.str = s->course, .type = CK_UI_TEXT_TITLE, .align = CK_UI_CENTER, .max_lines = 2},
        {.str = s->dates, .type = CK_UI_TEXT_LARGE, .align = CK_UI_CENTER, .max_lines = 2},
        {.str = s->trainer,
         .type = CK_UI_TEXT_BODY,
         .color = p->text_muted,
         .align = CK_UI_CENTER,
         .max_lines = 2},
        {.str = s->fine,
         .type = CK_UI_TEXT_SMALL,
         .color = p->text_muted,
         .align = CK_UI_CENTER,
         .max_lines = 3},
    };
    size_t nlines = s->v.has_claims ? sizeof lines / sizeof lines[0] : 0;
    bool with_note = !valid;
    /* The whole block's height, the two big lines a size smaller if it does not fit. */
    int total = 0;
    for (int pass = 0; pass < 2; pass++) {
        total = kiosk_text_h(ui, &why, r.w) + 2 * sp +
                (with_note ? kiosk_text_h(ui, &note, r.w) + 2 * sp : 0);
        for (size_t i = 0; i < nlines; i++)
            total += kiosk_text_h(ui, &lines[i], r.w) + sp;
        if (total <= r.h || pass)
            break;
        lines[0].type = CK_UI_TEXT_TITLE;
        lines[1].type = CK_UI_TEXT_LARGE;
    }
    int y = r.y + (total < r.h ? (r.h - total) / 3 : 0);
    int wh = kiosk_text_h(ui, &why, r.w);
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, wh}, &why);
    y += wh + 2 * sp;
    if (with_note) {
        int nh = kiosk_text_h(ui, &note, r.w);
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, nh}, &note);
        y += nh + 2 * sp;
    }
    for (size_t i = 0; i < nlines; i++) {
        int h = kiosk_text_h(ui, &lines[i], r.w);
        if (y + h > r.y + r.h)
            break;
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, h}, &lines[i]);
        y += h + sp;
    }
}

static void probe(const void *state, kprobe *p)
{
    const verify *s = state;
    kprobe_say(p, "%s", s->verdict);
    kprobe_say(p, "%s", s->why);
    if (s->v.has_claims) {
        kprobe_say(p, "%s", s->v.claims.name);
        kprobe_say(p, "%s", s->course);
        kprobe_say(p, "%s", s->dates);
        kprobe_say(p, "%s", s->fine);
    }
    kprobe_button(p, &s->close);
}

ck_ui_screen kiosk_verify(ck_kiosk *k, const ck_verdict *v)
{
    verify *s = calloc(1, sizeof *s);
    if (!s)
        return (ck_ui_screen){0};
    s->base = (kscreen){.magic = KSCREEN_MAGIC, .k = k, .trainer = k->trainer, .probe = probe};
    s->v = *v;
    describe(s);
    s->close = (ck_ui_button){.label = KT(k, "Close"), .kind = CK_UI_BUTTON_PRIMARY};
    return (ck_ui_screen){
        .name = "verify", .state = s, .handle_event = handle, .render = render, .destroy = free};
}
