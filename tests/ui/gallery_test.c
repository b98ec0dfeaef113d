/* A gallery of every ui/ widget on kiosk-like screens, driven by injected taps, drags, keys and
 * a fake clock at 1280x800, 800x1280 and 1024x600; screenshots are decoded back with cairo. */
#include "ck_test.h"
#include "ui/draw.h"
#include "ui/ui.h"
#include "ui/widgets.h"

#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Under AddressSanitizer the tests draw with SDL's software renderer on its dummy video
 * driver: the offscreen driver loads Mesa's EGL even for software drawing, and Mesa, unloaded
 * at exit, leaves allocations LeakSanitizer cannot tell from ours. Plain builds test the
 * offscreen driver with SDL's GL renderer, asked for by name: without a GPU the kiosk would
 * choose the software one, which the kiosk tests draw with there. */
#if defined(__SANITIZE_ADDRESS__)
#define UI_SOFTWARE true
static void pick_video_driver(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
}
#else
#define UI_SOFTWARE false
static void pick_video_driver(void)
{
    setenv("SDL_RENDER_DRIVER", "opengl", 0);
}
#endif

/* 2024-05-14 09:41:00 in Berlin (the tests run with TZ=Europe/Berlin). */
#define START_MS 1715672460000LL

/* What the screens did, kept by the test because screens are destroyed when they leave. */
typedef struct observed {
    int checkins, checkouts, problems, scans, quits, homes, shows;
    long tapped_row;
    char scan[256];
    bool pin_ok, license_end, accepted;
    int pin_rejects;
    char typed[CK_UI_FIELD_MAX];
} observed;

static const struct person {
    const char *name, *org;
    ck_ui_pill_kind pill;
} PEOPLE[] = {
    {"Ada Lovelace", "Analytical Engines Ltd", CK_UI_PILL_IN},
    {"Björn Andersson", "Nordvik Logistics", CK_UI_PILL_OUT},
    {"Chiara Bianchi", "Banca Lombarda", CK_UI_PILL_IN},
    {"Dmitri Volkov", "Volga Software", CK_UI_PILL_COMPLETE},
    {"Emeka Okafor", "Lagos Fintech Hub", CK_UI_PILL_MISSING},
    {"Fatima Zahra El Amrani", "Casablanca Ports Authority and Shipping", CK_UI_PILL_IN},
    {"Grace Hopper", "Navy Computing Lab", CK_UI_PILL_IN},
    {"Hiroshi Tanaka", "Kyoto Robotics", CK_UI_PILL_OUT},
    {"Ingrid Johansson", "Göteborg Energi", CK_UI_PILL_IN},
    {"Jürgen Müller", "Stadtwerke Bremen", CK_UI_PILL_COMPLETE},
    {"Kwame Mensah", "Accra Health Services", CK_UI_PILL_IN},
    {"Łukasz Nowak", "Kraków Games", CK_UI_PILL_MISSING},
    {"María José García", "Sevilla Turismo", CK_UI_PILL_IN},
    {"Niamh O'Sullivan", "Cork Pharma", CK_UI_PILL_OUT},
    {"Olusegun Adeyemi", "Ibadan Agritech", CK_UI_PILL_IN},
    {"Priya Raman", "Chennai Analytics", CK_UI_PILL_IN},
    {"Quentin Moreau", "Lyon Mobilité", CK_UI_PILL_COMPLETE},
    {"Renée Dubois", "Paris Médias", CK_UI_PILL_IN},
    {"Siobhán Kelly", "Galway Marine Institute", CK_UI_PILL_OUT},
    {"Tomás Ó Briain", "Dublin Transit", CK_UI_PILL_IN},
    {"Ulla Virtanen", "Helsinki Design Works", CK_UI_PILL_IN},
    {"Víctor Hugo Pérez", "Monterrey Steel", CK_UI_PILL_MISSING},
    {"Wei Zhang", "Shenzhen Devices", CK_UI_PILL_IN},
    {"Xavier Laurent", "Bordeaux Vins", CK_UI_PILL_OUT},
    {"Yasmin Haddad", "Beirut Architects", CK_UI_PILL_IN},
    {"Zoe Lindqvist", "Malmö Bikes", CK_UI_PILL_IN},
    {"Zoë Schmidt", "Hamburg Hafen", CK_UI_PILL_COMPLETE},
    {"Zoltán Kovács", "Budapest Bridges", CK_UI_PILL_IN},
};
#define NPEOPLE (sizeof PEOPLE / sizeof PEOPLE[0])

static const char LICENSE[] =
    "# Course license agreement\n"
    "This agreement is between you, the attendee, and the course provider. Please read it "
    "to the end; the button below becomes available once you have.\n\n"
    "# 1. Course materials\n"
    "The slides, handouts and exercises you receive are licensed to you for your own "
    "learning. You may keep them, print them and refer to them at work. You may not sell "
    "them, publish them, or teach a course from them.\n\n"
    "# 2. Attendance\n"
    "The certificate requires your presence for both full course days. The station records "
    "when you check in and out. Time away during the day is shown to you and to the trainer, "
    "and may be made up only as the trainer allows.\n\n"
    "# 3. Your data\n"
    "We keep your name, your e-mail address, your attendance and your certificate. We use "
    "them to issue and verify the certificate and for nothing else. We keep them for three "
    "years after the course, then delete them. You may ask to see them at any time.\n\n"
    "# 4. The certificate\n"
    "The certificate carries a signed code. Anyone who scans it learns your name, the course "
    "and its dates, and whether the certificate is still valid. It does not reveal your "
    "e-mail address or your attendance record.\n\n"
    "# 5. Conduct\n"
    "Treat the other attendees and the trainer with respect. The trainer may ask anyone who "
    "disrupts the course to leave; time missed that way counts as absence.\n\n"
    "# 6. Changes\n"
    "If this agreement changes, you will be asked to read and accept the new version before "
    "your certificate is issued. Earlier acceptances stay on record.\n\n"
    "# 7. Questions\n"
    "Ask your trainer, or write to the address printed on your course confirmation. Thank you "
    "for reading this far: the accept button is now available.";

/* ---- Header shared by the screens ---- */

typedef struct header {
    ck_ui_rect rect;
    ck_ui_button back;
    const char *title, *subtitle;
    bool clock;
} header;

static void header_layout(ck_ui *ui, header *hd, ck_ui_rect *r, bool back)
{
    hd->rect = ck_ui_cut_top(r, ck_ui_px(ui, 112));
    ck_ui_cut_top(r, ck_ui_px(ui, 24));
    hd->back.rect = (ck_ui_rect){0};
    if (back) {
        ck_ui_rect h = hd->rect;
        hd->back = (ck_ui_button){.rect = ck_ui_cut_left(&h, ck_ui_px(ui, 200)),
                                  .label = "Back",
                                  .kind = CK_UI_BUTTON_QUIET,
                                  .back_icon = true};
        hd->back.rect = ck_ui_center(hd->back.rect, hd->back.rect.w, ck_ui_px(ui, 88));
    }
}

static void header_draw(ck_ui *ui, const header *hd)
{
    ck_ui_rect r = hd->rect;
    if (hd->back.rect.w > 0) {
        ck_ui_button_draw(ui, &hd->back);
        ck_ui_cut_left(&r, hd->back.rect.w + ck_ui_px(ui, 24));
    }
    if (hd->clock) {
        ck_ui_rect c = ck_ui_cut_right(&r, ck_ui_px(ui, 220));
        ck_ui_draw_clock(ui, c,
                         &(ck_ui_text){.type = CK_UI_TEXT_TITLE,
                                       .align = CK_UI_RIGHT,
                                       .valign = CK_UI_MIDDLE,
                                       .color = ck_ui_colors(ui)->text});
    }
    ck_ui_text t = {.str = hd->title, .type = CK_UI_TEXT_TITLE, .bold = true, .max_lines = 1};
    ck_ui_text s = {.str = hd->subtitle,
                    .type = CK_UI_TEXT_SMALL,
                    .max_lines = 1,
                    .color = ck_ui_colors(ui)->text_muted};
    int th = ck_ui_line_height(ui, &t), sh = hd->subtitle ? ck_ui_line_height(ui, &s) : 0;
    int y = r.y + (r.h - th - sh) / 2;
    ck_ui_draw_text(ui, (ck_ui_rect){r.x, y, r.w, th}, &t);
    if (hd->subtitle)
        ck_ui_draw_text(ui, (ck_ui_rect){r.x, y + th, r.w, sh}, &s);
}

static ck_ui_rect screen_area(ck_ui *ui)
{
    int w, h;
    ck_ui_size(ui, &w, &h);
    return ck_ui_inset((ck_ui_rect){0, 0, w, h}, ck_ui_px(ui, CK_UI_MARGIN));
}

/* Rows of people: all of them in order, or those picked by an index. */
typedef struct people_view {
    const size_t *index;
    size_t count;
} people_view;

static void draw_person(ck_ui *ui, const void *ctx, size_t row, ck_ui_rect r, bool pressed)
{
    const people_view *v = ctx;
    const struct person *p = &PEOPLE[v->index ? v->index[row] : row];
    ck_ui_row_draw(ui, r,
                   &(ck_ui_row){.title = p->name,
                                .detail = p->org,
                                .has_pill = true,
                                .pill = p->pill,
                                .pressed = pressed,
                                .last = row + 1 == v->count});
}

/* ---- Screens ---- */

static ck_ui_screen pin_screen(observed *obs);
static ck_ui_screen find_screen(observed *obs);
static ck_ui_screen license_screen(observed *obs);

typedef struct home {
    observed *obs;
    header hd;
    ck_ui_rect list_card, today_card, today_bar;
    ck_ui_list list;
    ck_ui_button check_in, check_out, find, license, problem, print;
    ck_ui_longpress corner;
} home;

static ck_ui_button *home_buttons(home *s, int i)
{
    ck_ui_button *b[] = {&s->check_in, &s->check_out, &s->find,
                         &s->license,  &s->problem,   &s->print};
    return i < 6 ? b[i] : NULL;
}

static void home_layout(ck_ui *ui, home *s)
{
    ck_ui_rect r = screen_area(ui);
    int w, h, gap = ck_ui_px(ui, 24), bh = ck_ui_px(ui, CK_UI_BUTTON_H);
    ck_ui_size(ui, &w, &h);
    header_layout(ui, &s->hd, &r, false);
    ck_ui_rect side;
    int buttons_h = 3 * bh + 2 * gap, today_h = ck_ui_px(ui, 250);
    if (w > h) {
        side = ck_ui_cut_right(&r, r.w * 44 / 100);
        ck_ui_cut_right(&r, gap);
        s->list_card = r;
    } else {
        side = ck_ui_cut_top(&r, today_h + gap + buttons_h);
        ck_ui_cut_top(&r, gap);
        s->list_card = r;
    }
    /* Buttons at the bottom, in reach; the card above takes what is left. */
    ck_ui_rect grid = ck_ui_cut_bottom(&side, buttons_h);
    ck_ui_cut_bottom(&side, gap);
    s->today_card = side;
    for (int i = 0; i < 6; i++)
        home_buttons(s, i)->rect = ck_ui_grid(grid, 2, 3, gap, i);
    int pad = ck_ui_px(ui, 12);
    ck_ui_rect list = ck_ui_inset(s->list_card, 0);
    list.y += pad;
    list.h -= 2 * pad;
    ck_ui_list_layout(&s->list, list, ck_ui_px(ui, CK_UI_ROW_H), NPEOPLE);
    s->corner.rect = (ck_ui_rect){0, 0, ck_ui_px(ui, 160), ck_ui_px(ui, 160)};
}

static ck_ui_next home_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    home *s = state;
    observed *o = s->obs;
    switch (ev->kind) {
    case CK_UI_EV_LAYOUT: home_layout(ui, s); return ck_ui_go_stay();
    case CK_UI_EV_SHOW: o->shows++; return ck_ui_go_stay();
    case CK_UI_EV_HOME: o->homes++; return ck_ui_go_stay();
    case CK_UI_EV_QUIT: o->quits++; return ck_ui_go_stay(); /* a kiosk stays */
    case CK_UI_EV_SCAN:
        o->scans++;
        snprintf(o->scan, sizeof o->scan, "%s", ev->text);
        return ck_ui_go_stay();
    default: break;
    }
    if (ck_ui_longpress_event(ui, &s->corner, ev))
        return ck_ui_go_push(pin_screen(o));
    if (ck_ui_button_event(ui, &s->check_in, ev))
        o->checkins++;
    if (ck_ui_button_event(ui, &s->check_out, ev))
        o->checkouts++;
    if (ck_ui_button_event(ui, &s->print, ev))
        o->checkins += 1000; /* disabled: must never happen */
    if (ck_ui_button_event(ui, &s->find, ev))
        return ck_ui_go_push(find_screen(o));
    if (ck_ui_button_event(ui, &s->license, ev))
        return ck_ui_go_push(license_screen(o));
    if (ck_ui_button_event(ui, &s->problem, ev)) {
        ck_ui_screen msg;
        o->problems++;
        ck_rc rc = ck_ui_message_screen(
            &msg,
            &(ck_ui_message){.kind = CK_UI_MESSAGE_PROBLEM,
                             .title = "We could not record that",
                             .body = "Nothing was lost. Please try again in a moment, or ask "
                                     "your trainer to help.",
                             .hint = "The station's database was busy (code 5)."},
            "OK", NULL);
        if (rc == CK_OK)
            return ck_ui_go_push(msg);
    }
    long row = ck_ui_list_event(ui, &s->list, ev);
    if (row >= 0)
        o->tapped_row = row;
    return ck_ui_go_stay();
}

static void home_render(ck_ui *ui, const void *state)
{
    const home *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    header_draw(ui, &s->hd);
    ck_ui_card_draw(ui, s->list_card);
    ck_ui_list_draw(ui, &s->list, draw_person, &(people_view){NULL, NPEOPLE});
    ck_ui_card_draw(ui, s->today_card);
    ck_ui_rect r = ck_ui_inset(s->today_card, ck_ui_px(ui, 28));
    ck_ui_text label = {
        .str = "Today", .type = CK_UI_TEXT_SMALL, .color = p->text_muted, .max_lines = 1};
    ck_ui_draw_text(ui, ck_ui_cut_top(&r, ck_ui_line_height(ui, &label)), &label);
    ck_ui_text big = {
        .str = "5 h 10 min of 7 h", .type = CK_UI_TEXT_LARGE, .bold = true, .max_lines = 1};
    ck_ui_draw_text(ui, ck_ui_cut_top(&r, ck_ui_line_height(ui, &big)), &big);
    ck_ui_cut_top(&r, ck_ui_px(ui, 10));
    ck_ui_progress_draw(ui, ck_ui_cut_top(&r, ck_ui_px(ui, 18)), 310.0f / 420.0f);
    ck_ui_cut_top(&r, ck_ui_px(ui, 18));
    /* Days as pills, side by side. */
    const struct {
        const char *day;
        ck_ui_pill_kind kind;
    } days[] = {{"Day 1", CK_UI_PILL_COMPLETE}, {"Day 2", CK_UI_PILL_MISSING}};
    int x = r.x;
    for (int i = 0; i < 2; i++) {
        ck_ui_text d = {
            .str = days[i].day, .type = CK_UI_TEXT_SMALL, .valign = CK_UI_MIDDLE, .max_lines = 1};
        int dw = 0, pw = 0, ph = 0;
        ck_ui_measure_text(ui, &d, 0, &dw, NULL);
        ck_ui_pill_size(ui, days[i].kind, NULL, &pw, &ph);
        if (x + dw + pw + ck_ui_px(ui, 10) > r.x + r.w)
            break;
        ck_ui_draw_text(ui, (ck_ui_rect){x, r.y, dw + 1, ph}, &d);
        ck_ui_pill_draw(ui, (ck_ui_rect){x + dw + ck_ui_px(ui, 10), r.y, pw, ph}, days[i].kind,
                        NULL);
        x += dw + pw + ck_ui_px(ui, 40);
    }
    ck_ui_cut_top(&r, ck_ui_px(ui, 48) + ck_ui_px(ui, 24));
    ck_ui_text hint = {.str = "Tap your name to check in or out, or scan the badge you got at "
                              "the door.",
                       .color = p->text_muted,
                       .valign = CK_UI_BOTTOM};
    if (r.h >= 2 * ck_ui_line_height(ui, &hint))
        ck_ui_draw_text(ui, r, &hint);
    for (int i = 0; i < 6; i++)
        ck_ui_button_draw(ui, home_buttons((home *)s, i));
    ck_ui_longpress_draw(ui, &s->corner);
}

static ck_ui_screen home_screen(observed *obs)
{
    home *s = calloc(1, sizeof *s);
    if (!s)
        abort(); /* a test may stop here */
    s->obs = obs;
    s->hd = (header){.title = "Certified Scrum Product Owner",
                     .subtitle = "Day 2 of 2  ·  Tuesday 14 May  ·  Room Elbe",
                     .clock = true};
    s->check_in = (ck_ui_button){.label = "Check in", .kind = CK_UI_BUTTON_PRIMARY};
    s->check_out = (ck_ui_button){.label = "Check out", .kind = CK_UI_BUTTON_SECONDARY};
    s->find = (ck_ui_button){.label = "Find my name", .kind = CK_UI_BUTTON_SECONDARY};
    s->license = (ck_ui_button){.label = "Read the license", .kind = CK_UI_BUTTON_SECONDARY};
    s->problem = (ck_ui_button){.label = "Report a problem", .kind = CK_UI_BUTTON_DANGER};
    s->print = (ck_ui_button){
        .label = "Print certificate", .kind = CK_UI_BUTTON_PRIMARY, .disabled = true};
    return (ck_ui_screen){.name = "home",
                          .state = s,
                          .handle_event = home_handle,
                          .render = home_render,
                          .destroy = free};
}

/* Find: a field, the matching names, and the keyboard. */
typedef struct find {
    observed *obs;
    header hd;
    ck_ui_field field;
    ck_ui_rect list_card;
    ck_ui_list list;
    ck_ui_keyboard kb;
    size_t match[NPEOPLE];
    size_t nmatch;
} find;

/* ASCII case-insensitive substring: enough for a gallery (the app folds accents). */
static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}

static void find_filter(find *s)
{
    s->nmatch = 0;
    for (size_t i = 0; i < NPEOPLE; i++)
        if (contains_ci(PEOPLE[i].name, s->field.text))
            s->match[s->nmatch++] = i;
    ck_ui_list_layout(&s->list, s->list.rect, s->list.row_h, s->nmatch);
    snprintf(s->obs->typed, sizeof s->obs->typed, "%s", s->field.text);
}

static void find_layout(ck_ui *ui, find *s)
{
    ck_ui_rect r = screen_area(ui);
    int gap = ck_ui_px(ui, 24);
    header_layout(ui, &s->hd, &r, true);
    s->field.rect = ck_ui_cut_top(&r, ck_ui_px(ui, 100));
    ck_ui_cut_top(&r, gap);
    int kb_h = ck_ui_px(ui, 4 * 104 + 3 * 12);
    if (kb_h > r.h * 6 / 10)
        kb_h = r.h * 6 / 10;
    ck_ui_rect kb = ck_ui_cut_bottom(&r, kb_h);
    int kb_w = kb.w < ck_ui_px(ui, 1500) ? kb.w : ck_ui_px(ui, 1500);
    s->kb.rect = ck_ui_center(kb, kb_w, kb.h);
    ck_ui_cut_bottom(&r, gap);
    s->list_card = r;
    ck_ui_list_layout(&s->list, ck_ui_inset(r, ck_ui_px(ui, 6)), ck_ui_px(ui, CK_UI_ROW_H),
                      s->nmatch);
}

static ck_ui_next find_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    find *s = state;
    if (ev->kind == CK_UI_EV_LAYOUT) {
        find_layout(ui, s);
        return ck_ui_go_stay();
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev) ||
        (ev->kind == CK_UI_EV_KEY && ev->key == CK_UI_KEY_ESCAPE))
        return ck_ui_go_pop();
    ck_ui_keyboard_result k = ck_ui_keyboard_event(ui, &s->kb, &s->field, ev);
    if (k == CK_UI_KEYBOARD_CHANGED || ck_ui_field_event(ui, &s->field, ev))
        find_filter(s);
    long row = ck_ui_list_event(ui, &s->list, ev);
    if (row >= 0)
        s->obs->tapped_row = (long)s->match[row];
    return ck_ui_go_stay();
}

static void find_render(ck_ui *ui, const void *state)
{
    const find *s = state;
    header_draw(ui, &s->hd);
    ck_ui_field_draw(ui, &s->field);
    ck_ui_card_draw(ui, s->list_card);
    if (s->nmatch == 0) {
        ck_ui_text t = {.str = "No name matches. Check the spelling, or ask your trainer.",
                        .color = ck_ui_colors(ui)->text_muted,
                        .align = CK_UI_CENTER,
                        .valign = CK_UI_MIDDLE};
        ck_ui_draw_text(ui, ck_ui_inset(s->list_card, ck_ui_px(ui, 24)), &t);
    }
    ck_ui_list_draw(ui, &s->list, draw_person, &(people_view){s->match, s->nmatch});
    ck_ui_keyboard_draw(ui, &s->kb);
}

static ck_ui_screen find_screen(observed *obs)
{
    find *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->obs = obs;
    s->hd = (header){.title = "Find your name"};
    s->field.placeholder = "Type the first letters of your name";
    s->kb.enter_label = "Search";
    find_filter(s);
    return (ck_ui_screen){.name = "find",
                          .state = s,
                          .handle_event = find_handle,
                          .render = find_render,
                          .destroy = free};
}

/* Trainer PIN. */
typedef struct pin {
    observed *obs;
    header hd;
    ck_ui_keypad pad;
    ck_ui_rect note;
} pin;

static ck_ui_next pin_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    pin *s = state;
    if (ev->kind == CK_UI_EV_LAYOUT) {
        ck_ui_rect r = screen_area(ui);
        header_layout(ui, &s->hd, &r, true);
        s->note = ck_ui_cut_top(&r, ck_ui_px(ui, 56));
        int h = r.h < ck_ui_px(ui, 720) ? r.h : ck_ui_px(ui, 720);
        int w = h * 3 / 4 < r.w ? h * 3 / 4 : r.w;
        s->pad.rect = ck_ui_center(r, w, h);
        return ck_ui_go_stay();
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    if (ck_ui_keypad_event(ui, &s->pad, ev) == CK_UI_KEYPAD_SUBMIT) {
        bool ok = strcmp(s->pad.digits, "2468") == 0;
        ck_ui_keypad_clear(&s->pad, !ok);
        if (ok) {
            s->obs->pin_ok = true;
            return ck_ui_go_pop();
        }
        s->obs->pin_rejects++;
    }
    return ck_ui_go_stay();
}

static void pin_render(ck_ui *ui, const void *state)
{
    const pin *s = state;
    const ck_ui_palette *p = ck_ui_colors(ui);
    header_draw(ui, &s->hd);
    ck_ui_text t = {.str = s->pad.rejected ? "That PIN is not right. Try again."
                                           : "Enter the trainer PIN to open trainer mode.",
                    .color = s->pad.rejected ? p->danger : p->text_muted,
                    .align = CK_UI_CENTER,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 1};
    ck_ui_draw_text(ui, s->note, &t);
    ck_ui_keypad_draw(ui, &s->pad);
}

static ck_ui_screen pin_screen(observed *obs)
{
    pin *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->obs = obs;
    s->hd = (header){.title = "Trainer mode"};
    return (ck_ui_screen){.name = "pin",
                          .state = s,
                          .handle_event = pin_handle,
                          .render = pin_render,
                          .destroy = free};
}

/* License: read to the end, then accept. */
typedef struct license {
    observed *obs;
    header hd;
    ck_ui_rect card, bar, bar_label;
    ck_ui_textview tv;
    ck_ui_button accept;
} license;

static ck_ui_next license_handle(ck_ui *ui, void *state, const ck_ui_event *ev)
{
    license *s = state;
    if (ev->kind == CK_UI_EV_LAYOUT) {
        ck_ui_rect r = screen_area(ui);
        int gap = ck_ui_px(ui, 24);
        header_layout(ui, &s->hd, &r, true);
        ck_ui_rect bottom = ck_ui_cut_bottom(&r, ck_ui_px(ui, CK_UI_BUTTON_H));
        ck_ui_cut_bottom(&r, gap);
        s->card = r;
        s->accept.rect = ck_ui_cut_right(&bottom, ck_ui_px(ui, 380));
        ck_ui_cut_right(&bottom, ck_ui_px(ui, 40));
        s->bar_label = ck_ui_cut_top(&bottom, bottom.h / 2);
        s->bar = ck_ui_center(bottom, bottom.w, ck_ui_px(ui, 14));
        ck_ui_textview_layout(ui, &s->tv, ck_ui_inset(r, ck_ui_px(ui, 4)), LICENSE, NULL);
        s->accept.disabled = !s->tv.at_end;
        return ck_ui_go_stay();
    }
    if (ck_ui_button_event(ui, &s->hd.back, ev))
        return ck_ui_go_pop();
    if (ck_ui_button_event(ui, &s->accept, ev)) {
        s->obs->accepted = true;
        return ck_ui_go_pop();
    }
    if (ck_ui_textview_event(ui, &s->tv, ev)) {
        s->obs->license_end = true;
        s->accept.disabled = false;
    }
    return ck_ui_go_stay();
}

static void license_render(ck_ui *ui, const void *state)
{
    const license *s = state;
    header_draw(ui, &s->hd);
    ck_ui_card_draw(ui, s->card);
    ck_ui_textview_draw(ui, &s->tv);
    ck_ui_text t = {.str = s->tv.at_end ? "Thank you for reading to the end."
                                        : "Scroll to the end to accept.",
                    .type = CK_UI_TEXT_SMALL,
                    .color = ck_ui_colors(ui)->text_muted,
                    .valign = CK_UI_MIDDLE,
                    .max_lines = 1};
    ck_ui_draw_text(ui, s->bar_label, &t);
    ck_ui_progress_draw(ui, s->bar, ck_ui_textview_progress(&s->tv));
    ck_ui_button_draw(ui, &s->accept);
}

static void license_destroy(void *state)
{
    license *s = state;
    ck_ui_textview_release(&s->tv);
    free(s);
}

static ck_ui_screen license_screen(observed *obs)
{
    license *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->obs = obs;
    s->hd = (header){.title = "License agreement", .subtitle = "Version 3  ·  about 2 minutes"};
    s->accept = (ck_ui_button){.label = "I accept", .kind = CK_UI_BUTTON_PRIMARY, .disabled = true};
    return (ck_ui_screen){.name = "license",
                          .state = s,
                          .handle_event = license_handle,
                          .render = license_render,
                          .destroy = license_destroy};
}

/* ---- The test driver ---- */

static int64_t fake_now(void *ctx)
{
    return *(const int64_t *)ctx;
}

typedef struct rig {
    ck_ui *ui;
    int64_t now;
    observed obs;
    int w, h;
    char tag[32];
} rig;

static const char *fonts_dir(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", ck_test_source_dir());
    snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/NotoSans-Regular.ttf");
    if (access(dir, R_OK) == 0) {
        dir[strlen(dir) - strlen("/NotoSans-Regular.ttf")] = '\0';
        return dir;
    }
    return "/usr/share/fonts/truetype/noto"; /* until the project's fonts/ has them */
}

static void pump(rig *g)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_pump(g->ui, 0, &err), CK_OK);
    const char *draw = ck_ui_draw_error(g->ui);
    if (draw)
        ck_test_fail(__FILE__, __LINE__, "%s: drawing failed: %s", g->tag, draw);
}

/* Advance the fake clock in 16 ms frames, pumping each. */
static void run_ms(rig *g, int ms)
{
    for (int t = 0; t < ms; t += 16) {
        g->now += 16;
        pump(g);
    }
}

static void tap_at(rig *g, bool finger, float x, float y)
{
    ck_err err = {0};
    if (finger) {
        CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 7, x, y, &err), CK_OK);
        pump(g);
        g->now += 80;
        CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 7, x, y, &err), CK_OK);
    } else {
        CK_CHECK_INT(ck_ui_inject_mouse(g->ui, CK_UI_PRESS, x, y, &err), CK_OK);
        pump(g);
        g->now += 80;
        CK_CHECK_INT(ck_ui_inject_mouse(g->ui, CK_UI_RELEASE, x, y, &err), CK_OK);
    }
    pump(g);
}

static float cx(ck_ui_rect r)
{
    return (float)r.x + (float)r.w / 2;
}

static float cy(ck_ui_rect r)
{
    return (float)r.y + (float)r.h / 2;
}

static void tap(rig *g, bool finger, ck_ui_rect r)
{
    tap_at(g, finger, cx(r), cy(r));
}

/* A finger drag from (x, y) by dy in steps, 16 ms apart, then lifted. */
static void drag(rig *g, float x, float y, float dy, int steps)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 3, x, y, &err), CK_OK);
    pump(g);
    for (int i = 1; i <= steps; i++) {
        g->now += 16;
        CK_CHECK_INT(
            ck_ui_inject_finger(g->ui, CK_UI_DRAG, 3, x, y + dy * (float)i / (float)steps, &err),
            CK_OK);
        pump(g);
    }
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 3, x, y + dy, &err), CK_OK);
    pump(g);
}

static void *top_state(rig *g, const char *name)
{
    const ck_ui_screen *top = ck_ui_top(g->ui);
    if (!top || strcmp(top->name, name) != 0) {
        ck_test_fail(__FILE__, __LINE__, "%s: top screen is \"%s\", expected \"%s\"", g->tag,
                     top ? top->name : "(none)", name);
        return NULL;
    }
    return top->state;
}

/* The PNG decoded back: pixel (x, y) as 0xRRGGBB, or -1. */
typedef struct png {
    cairo_surface_t *s;
    int w, h;
} png;

static bool png_open(png *p, const char *path)
{
    p->s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(p->s) != CAIRO_STATUS_SUCCESS) {
        ck_test_fail(__FILE__, __LINE__, "%s does not decode as PNG: %s", path,
                     cairo_status_to_string(cairo_surface_status(p->s)));
        cairo_surface_destroy(p->s);
        p->s = NULL;
        return false;
    }
    cairo_surface_flush(p->s);
    p->w = cairo_image_surface_get_width(p->s);
    p->h = cairo_image_surface_get_height(p->s);
    return true;
}

static uint32_t png_px(const png *p, int x, int y)
{
    if (x < 0 || y < 0 || x >= p->w || y >= p->h)
        return 0xFF000000u;
    const unsigned char *row = cairo_image_surface_get_data(p->s) +
                               (size_t)y * (size_t)cairo_image_surface_get_stride(p->s);
    return ((const uint32_t *)row)[x] & 0xFFFFFF;
}

static bool near_color(uint32_t got, ck_ui_color want)
{
    int d[3] = {(int)(got >> 16 & 255) - want.r, (int)(got >> 8 & 255) - want.g,
                (int)(got & 255) - want.b};
    for (int i = 0; i < 3; i++)
        if (d[i] < -3 || d[i] > 3)
            return false;
    return true;
}

/* Pixels in r much darker than the background: text or icons were drawn there. */
static int ink(const png *p, ck_ui_rect r)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            uint32_t c = png_px(p, x, y);
            if ((int)(c >> 16 & 255) + (int)(c >> 8 & 255) + (int)(c & 255) < 3 * 110)
                n++;
        }
    return n;
}

static void png_close(png *p)
{
    if (p->s)
        cairo_surface_destroy(p->s);
    p->s = NULL;
}

static const char *shot(rig *g, const char *name)
{
    static char path[4200];
    ck_err err = {0};
    char file[128];
    snprintf(file, sizeof file, "%s-%s.png", g->tag, name);
    snprintf(path, sizeof path, "%s", ck_test_path(file));
    if (ck_ui_screenshot(g->ui, path, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "screenshot %s: %s", path, err.msg);
    return path;
}

static bool rig_open(rig *g, int w, int h)
{
    ck_err err = {0};
    memset(g, 0, sizeof *g);
    g->now = START_MS;
    g->w = w;
    g->h = h;
    g->obs.tapped_row = -1;
    snprintf(g->tag, sizeof g->tag, "%dx%d", w, h);
    ck_ui_opts o = {.width = w,
                    .height = h,
                    .fonts_dir = fonts_dir(),
                    .now_ms = fake_now,
                    .clock_ctx = &g->now,
                    .software = UI_SOFTWARE};
    if (ck_ui_new(&g->ui, &o, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "ck_ui_new %s: %s", g->tag, err.msg);
        return false;
    }
    int ow, oh;
    ck_ui_size(g->ui, &ow, &oh);
    CK_CHECK_INT(ow, w);
    CK_CHECK_INT(oh, h);
    CK_CHECK_INT(ck_ui_push(g->ui, home_screen(&g->obs), &err), CK_OK);
    pump(g);
    return true;
}

/* Home: buttons by mouse and finger, pressed look, disabled button, scan, quit. */
static void check_home(rig *g)
{
    ck_err err = {0};
    const ck_ui_palette *pal = ck_ui_colors(g->ui);
    home *s = top_state(g, "home");
    if (!s)
        return;
    CK_CHECK_INT(g->obs.shows, 1);
    /* Touch targets: at least 9 mm on a 141 dpi panel scaled to this window. */
    double min_target = 50.0 * ck_ui_scale(g->ui);
    for (int i = 0; i < 6; i++)
        CK_CHECK(home_buttons(s, i)->rect.h >= min_target && home_buttons(s, i)->rect.h >= 48);
    CK_CHECK(s->list.row_h >= min_target);

    png p;
    if (png_open(&p, shot(g, "home"))) {
        CK_CHECK_INT(p.w, g->w);
        CK_CHECK_INT(p.h, g->h);
        CK_CHECK(near_color(png_px(&p, 2, g->h - 2), pal->bg));
        ck_ui_rect b = s->check_in.rect;
        CK_CHECK(near_color(png_px(&p, b.x + 6, b.y + b.h / 2), pal->accent));
        CK_CHECK(near_color(png_px(&p, s->print.rect.x + 6, cy(s->print.rect)), pal->disabled));
        CK_CHECK(near_color(png_px(&p, s->problem.rect.x + 6, cy(s->problem.rect)), pal->danger));
        CK_CHECK(ink(&p, s->hd.rect) > 500);    /* title and clock */
        CK_CHECK(ink(&p, s->list.rect) > 2000); /* names */
        png_close(&p);
    }

    /* Idle: nothing pending draws no frame, and the loop would sleep to the next minute. */
    ck_ui_stats st0, st1;
    ck_ui_get_stats(g->ui, &st0);
    pump(g);
    pump(g);
    ck_ui_get_stats(g->ui, &st1);
    CK_CHECK_INT(st1.frames, st0.frames);
    CK_CHECK_INT(ck_ui_next_wake(g->ui), START_MS + 60000 - 0);

    /* The clock turns at the minute, and only then is a frame drawn. */
    g->now = START_MS + 59999;
    pump(g);
    ck_ui_get_stats(g->ui, &st1);
    CK_CHECK_INT(st1.frames, st0.frames);
    g->now = START_MS + 60000;
    pump(g);
    ck_ui_get_stats(g->ui, &st1);
    CK_CHECK_INT(st1.frames, st0.frames + 1);

    /* Mouse press shows the pressed colour; release fires. */
    ck_ui_rect b = s->check_in.rect;
    CK_CHECK_INT(ck_ui_inject_mouse(g->ui, CK_UI_PRESS, cx(b), cy(b), &err), CK_OK);
    pump(g);
    CK_CHECK(s->check_in.pressed);
    if (png_open(&p, shot(g, "home-pressed"))) {
        CK_CHECK(near_color(png_px(&p, b.x + 6, b.y + b.h / 2), pal->accent_pressed));
        png_close(&p);
    }
    CK_CHECK_INT(g->obs.checkins, 0);
    CK_CHECK_INT(ck_ui_inject_mouse(g->ui, CK_UI_RELEASE, cx(b), cy(b), &err), CK_OK);
    pump(g);
    CK_CHECK_INT(g->obs.checkins, 1);
    CK_CHECK(!s->check_in.pressed);

    /* Finger tap on another button. */
    tap(g, true, s->check_out.rect);
    CK_CHECK_INT(g->obs.checkouts, 1);
    CK_CHECK_INT(g->obs.checkins, 1);

    /* Sliding off a button before lifting cancels it. */
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 1, cx(b), cy(b), &err), CK_OK);
    pump(g);
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_DRAG, 1, cx(b), (float)g->h - 2, &err), CK_OK);
    pump(g);
    CK_CHECK(!s->check_in.pressed);
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 1, cx(b), (float)g->h - 2, &err), CK_OK);
    pump(g);
    CK_CHECK_INT(g->obs.checkins, 1);

    /* A disabled button does nothing. */
    tap(g, false, s->print.rect);
    CK_CHECK_INT(g->obs.checkins, 1);

    /* A barcode scanner types characters and Enter: one SCAN event with the line. */
    CK_CHECK_INT(ck_ui_inject_text(g->ui, "CK-2024-0042", &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_ENTER, &err), CK_OK);
    pump(g);
    CK_CHECK_INT(g->obs.scans, 1);
    CK_CHECK_STR(g->obs.scan, "CK-2024-0042");
    /* A typo fixed with Backspace; a long scan split across several SDL text events. */
    CK_CHECK_INT(ck_ui_inject_text(g->ui, "ABX", &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_BACKSPACE, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_text(g->ui, "C-0123456789-0123456789-0123456789-Zoë", &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_ENTER, &err), CK_OK);
    pump(g);
    CK_CHECK_INT(g->obs.scans, 2);
    CK_CHECK_STR(g->obs.scan, "ABC-0123456789-0123456789-0123456789-Zoë");

    /* Window close and Alt-F4 reach the screen, which ignores them: the kiosk stays. */
    CK_CHECK_INT(ck_ui_inject_quit(g->ui, &err), CK_OK);
    CK_CHECK_INT(ck_ui_inject_alt_f4(g->ui, &err), CK_OK);
    pump(g);
    CK_CHECK_INT(g->obs.quits, 2);
    CK_CHECK(!ck_ui_quit_requested(g->ui));
    CK_CHECK_INT(ck_ui_depth(g->ui), 1);
}

/* Home list: finger drag with momentum, wheel, tap on a row. */
static void check_list(rig *g)
{
    ck_err err = {0};
    home *s = top_state(g, "home");
    if (!s)
        return;
    ck_ui_list *l = &s->list;
    CK_CHECK(l->scroll.max > 0);
    CK_CHECK(l->scroll.offset == 0);
    float x = cx(l->rect), y0 = (float)l->rect.y + (float)l->rect.h * 0.8f;
    float dy = -(float)l->rect.h * 0.5f;
    drag(g, x, y0, dy, 8);
    float after_drag = l->scroll.offset;
    /* Dragged by the finger's travel less the tap slop, and gliding on. */
    CK_CHECK(after_drag > -dy * 0.8f);
    CK_CHECK(l->scroll.velocity > 0);
    CK_CHECK(ck_ui_next_wake(g->ui) <= g->now + 16);
    shot(g, "list-gliding");
    run_ms(g, 3000);
    float after_glide = l->scroll.offset;
    CK_CHECK(after_glide > after_drag + 10);
    CK_CHECK(l->scroll.velocity == 0);
    /* Stopped gliding: no more frames asked for until the next minute or inactivity. */
    CK_CHECK(ck_ui_next_wake(g->ui) > g->now + 1000);
    CK_CHECK(!l->pressing);
    CK_CHECK_INT(g->obs.tapped_row, -1); /* a drag is not a tap */

    /* Wheel: one notch toward the user scrolls down a row. */
    ck_ui_scroll_to(&l->scroll, 0);
    CK_CHECK_INT(ck_ui_inject_wheel(g->ui, x, cy(l->rect), -2, &err), CK_OK);
    pump(g);
    CK_CHECK_INT((int)l->scroll.offset, 2 * l->row_h);
    CK_CHECK_INT(ck_ui_inject_wheel(g->ui, x, cy(l->rect), 1, &err), CK_OK);
    pump(g);
    CK_CHECK_INT((int)l->scroll.offset, l->row_h);
    /* A wheel outside the list leaves it alone. */
    CK_CHECK_INT(ck_ui_inject_wheel(g->ui, cx(s->check_in.rect), cy(s->check_in.rect), -3, &err),
                 CK_OK);
    pump(g);
    CK_CHECK_INT((int)l->scroll.offset, l->row_h);

    /* Tap on the second visible row: row 1 + 1 scrolled = 2. */
    tap_at(g, true, x, (float)l->rect.y + (float)l->row_h * 1.5f);
    CK_CHECK_INT(g->obs.tapped_row, 2);
    shot(g, "list-scrolled");
    /* Flick to the end; the list stops at its last row. */
    for (int i = 0; i < 4; i++) {
        drag(g, x, (float)l->rect.y + (float)l->rect.h * 0.9f, -(float)l->rect.h * 0.8f, 4);
        run_ms(g, 2000);
    }
    CK_CHECK(l->scroll.offset == l->scroll.max);
}

/* Find: the on-screen keyboard types "zoe"; back returns home. */
static void check_keyboard(rig *g)
{
    home *h = top_state(g, "home");
    if (!h)
        return;
    tap(g, true, h->find.rect);
    find *s = top_state(g, "find");
    if (!s)
        return;
    CK_CHECK_INT(ck_ui_depth(g->ui), 2);
    /* Keys are at least a touch target wide. */
    ck_ui_rect kr;
    const char *types;
    for (int i = 0; ck_ui_keyboard_key(g->ui, &s->kb, i, &kr, &types); i++) {
        CK_CHECK(kr.w >= 48 && kr.h >= 48);
        CK_CHECK(kr.x >= s->kb.rect.x && kr.x + kr.w <= s->kb.rect.x + s->kb.rect.w);
    }
    const char *word = "zoe";
    for (const char *c = word; *c; c++) {
        int found = -1;
        for (int i = 0; ck_ui_keyboard_key(g->ui, &s->kb, i, &kr, &types); i++)
            if (types[0] == *c && types[1] == '\0')
                found = i;
        CK_CHECK(found >= 0);
        ck_ui_keyboard_key(g->ui, &s->kb, found, &kr, NULL);
        tap(g, c != word, kr); /* mouse for the first key, fingers after */
    }
    CK_CHECK_STR(s->field.text, "zoe");
    CK_CHECK_STR(g->obs.typed, "zoe");
    CK_CHECK_INT(s->nmatch, 1); /* "Zoe Lindqvist" (accents are the app's to fold) */
    png p;
    if (png_open(&p, shot(g, "find"))) {
        CK_CHECK(ink(&p, s->field.rect) > 100);
        png_close(&p);
    }
    /* Backspace, then space and a typo by the physical keyboard. */
    for (int i = 0; ck_ui_keyboard_key(g->ui, &s->kb, i, &kr, &types); i++)
        if (types[0] == '\b')
            tap(g, true, kr);
    CK_CHECK_STR(s->field.text, "zo");
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_text(g->ui, "l", &err), CK_OK);
    pump(g);
    CK_CHECK_STR(s->field.text, "zol");
    CK_CHECK_INT(s->nmatch, 1); /* Zoltán */
    tap_at(g, true, cx(s->list.rect), (float)s->list.rect.y + (float)s->list.row_h / 2);
    CK_CHECK_INT(g->obs.tapped_row, (long)(NPEOPLE - 1));
    /* Below the last match is no row. */
    tap_at(g, true, cx(s->list.rect), (float)s->list.rect.y + (float)s->list.row_h * 1.5f);
    CK_CHECK_INT(g->obs.tapped_row, (long)(NPEOPLE - 1));
    tap(g, false, s->hd.back.rect);
    CK_CHECK(top_state(g, "home") != NULL);
    CK_CHECK_INT(ck_ui_depth(g->ui), 1);
}

/* License: accept is disabled until the end has been read. */
static void check_license(rig *g)
{
    ck_err err = {0};
    home *h = top_state(g, "home");
    if (!h)
        return;
    tap(g, false, h->license.rect);
    license *s = top_state(g, "license");
    if (!s)
        return;
    CK_CHECK(!s->tv.at_end);
    CK_CHECK(s->accept.disabled);
    CK_CHECK(s->tv.nlines > 20);
    png p;
    if (png_open(&p, shot(g, "license"))) {
        CK_CHECK(ink(&p, s->tv.rect) > 3000);
        png_close(&p);
    }
    tap(g, true, s->accept.rect);
    CK_CHECK(!g->obs.accepted);
    CK_CHECK(top_state(g, "license") == s);
    /* Read by dragging half way, then with the wheel to the end. */
    drag(g, cx(s->tv.rect), cy(s->tv.rect), -(float)s->tv.rect.h / 3, 10);
    run_ms(g, 1500);
    CK_CHECK(s->tv.scroll.offset > 0);
    CK_CHECK(ck_ui_textview_progress(&s->tv) > 0);
    CK_CHECK(!g->obs.license_end || s->tv.scroll.offset >= s->tv.scroll.max - 1);
    for (int i = 0; i < 200 && !s->tv.at_end; i++) {
        CK_CHECK_INT(ck_ui_inject_wheel(g->ui, cx(s->tv.rect), cy(s->tv.rect), -1, &err), CK_OK);
        pump(g);
    }
    CK_CHECK(s->tv.at_end);
    CK_CHECK(g->obs.license_end);
    CK_CHECK(!s->accept.disabled);
    CK_CHECK(ck_ui_textview_progress(&s->tv) > 0.99f);
    shot(g, "license-end");
    tap(g, true, s->accept.rect);
    CK_CHECK(g->obs.accepted);
    CK_CHECK(top_state(g, "home") != NULL);
}

/* Long press in the corner opens the PIN pad; a wrong PIN is refused, the right one taken. */
static void check_pin(rig *g)
{
    ck_err err = {0};
    home *h = top_state(g, "home");
    if (!h)
        return;
    /* A short hold does nothing. */
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 9, 12, 12, &err), CK_OK);
    pump(g);
    run_ms(g, 1000);
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 9, 12, 12, &err), CK_OK);
    pump(g);
    run_ms(g, 2000);
    CK_CHECK(top_state(g, "home") == h);
    /* A hold that wanders off does nothing either. */
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 9, 12, 12, &err), CK_OK);
    pump(g);
    run_ms(g, 500);
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_DRAG, 9, 300, 300, &err), CK_OK);
    pump(g);
    run_ms(g, 2000);
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 9, 300, 300, &err), CK_OK);
    pump(g);
    CK_CHECK(top_state(g, "home") == h);
    CK_CHECK_INT(g->obs.checkins, 1);
    /* Two seconds still in the corner. */
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_PRESS, 9, 12, 12, &err), CK_OK);
    pump(g);
    run_ms(g, 1200);
    CK_CHECK(h->corner.holding);
    png p;
    if (png_open(&p, shot(g, "longpress"))) {
        /* The ring shows around the finger. */
        int rad = ck_ui_px(g->ui, 64), w = ck_ui_px(g->ui, 8);
        int ringx = rad + w, ringy = rad + w - rad; /* 12 o'clock of the ring */
        CK_CHECK(near_color(png_px(&p, ringx, ringy), ck_ui_colors(g->ui)->accent));
        png_close(&p);
    }
    CK_CHECK(top_state(g, "home") == h);
    run_ms(g, 820);
    pin *s = top_state(g, "pin");
    if (!s)
        return;
    CK_CHECK_INT(ck_ui_inject_finger(g->ui, CK_UI_RELEASE, 9, 12, 12, &err), CK_OK);
    pump(g);
    CK_CHECK(top_state(g, "pin") == s);
    for (int i = 0; i < 12; i++) {
        ck_ui_rect k = ck_ui_keypad_key(g->ui, &s->pad, i);
        CK_CHECK(k.w >= 50.0 * ck_ui_scale(g->ui) && k.h >= 50.0 * ck_ui_scale(g->ui));
    }
    /* 1 2 3: too short, OK does nothing. Then 9: wrong. */
    const int wrong[] = {0, 1, 2, 11, 8, 11};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        tap(g, true, ck_ui_keypad_key(g->ui, &s->pad, wrong[i]));
    CK_CHECK_INT(g->obs.pin_rejects, 1);
    CK_CHECK(s->pad.rejected);
    CK_CHECK_INT(s->pad.len, 0);
    shot(g, "pin-rejected");
    /* 2 4 6 8 with a slip corrected by backspace: 2 4 5 <- 6 8 OK. */
    const int right[] = {1, 3, 4, 9, 5, 7};
    for (size_t i = 0; i < sizeof right / sizeof right[0]; i++)
        tap(g, true, ck_ui_keypad_key(g->ui, &s->pad, right[i]));
    CK_CHECK_STR(s->pad.digits, "2468");
    CK_CHECK(!s->pad.rejected);
    shot(g, "pin");
    tap(g, false, ck_ui_keypad_key(g->ui, &s->pad, 11));
    CK_CHECK(g->obs.pin_ok);
    CK_CHECK(top_state(g, "home") != NULL);
}

/* The calm message, and inactivity back to the root. */
static void check_message_and_idle(rig *g)
{
    home *h = top_state(g, "home");
    if (!h)
        return;
    tap(g, true, h->problem.rect);
    CK_CHECK_INT(g->obs.problems, 1);
    CK_CHECK(top_state(g, "message") != NULL);
    png p;
    if (png_open(&p, shot(g, "message"))) {
        /* The icon's soft circle, in the calm warning tint. */
        int w, hh;
        ck_ui_size(g->ui, &w, &hh);
        int found = 0;
        for (int y = 0; y < hh && !found; y += 2)
            if (near_color(png_px(&p, w / 2, y), ck_ui_colors(g->ui)->warn_soft))
                found = 1;
        CK_CHECK(found);
        png_close(&p);
    }
    ck_err err = {0};
    CK_CHECK_INT(ck_ui_inject_key(g->ui, CK_UI_KEY_ENTER, &err), CK_OK);
    pump(g);
    CK_CHECK(top_state(g, "home") != NULL);

    /* Two screens deep, untouched: 30 s later the stack is back at its root. */
    tap(g, true, h->find.rect);
    find *f = top_state(g, "find");
    if (!f)
        return;
    ck_ui_screen msg;
    CK_CHECK_INT(ck_ui_message_screen(&msg, &(ck_ui_message){.title = "Checked in"}, "OK", &err),
                 CK_OK);
    CK_CHECK_INT(ck_ui_push(g->ui, msg, &err), CK_OK);
    pump(g);
    CK_CHECK_INT(ck_ui_depth(g->ui), 3);
    int homes = g->obs.homes;
    int64_t touched = g->now;
    g->now = touched + 29999;
    pump(g);
    CK_CHECK(top_state(g, "message") != NULL);
    CK_CHECK_INT(g->obs.homes, homes);
    g->now = touched + 30000;
    pump(g);
    CK_CHECK(top_state(g, "home") != NULL);
    CK_CHECK_INT(ck_ui_depth(g->ui), 1);
    CK_CHECK_INT(g->obs.homes, homes + 1);
    /* Once home, no further timeout until someone touches the kiosk again. */
    g->now += 120000;
    pump(g);
    CK_CHECK_INT(g->obs.homes, homes + 1);
    CK_CHECK(ck_ui_next_wake(g->ui) <= g->now + 60000);
}

static void gallery_at(int w, int h)
{
    rig g;
    if (!rig_open(&g, w, h))
        return;
    check_home(&g);
    check_list(&g);
    check_keyboard(&g);
    check_license(&g);
    check_pin(&g);
    check_message_and_idle(&g);
    /* The text cache did its job and stayed bounded. */
    ck_ui_stats st;
    ck_ui_get_stats(g.ui, &st);
    CK_CHECK(st.text_hits > 10 * st.text_misses);
    CK_CHECK(st.text_entries <= 256);
    printf("%s: %ld frames, text cache %d entries (%zu KiB), %ld hits, %ld misses, %ld evicted\n",
           g.tag, st.frames, st.text_entries, st.text_bytes / 1024, st.text_hits, st.text_misses,
           st.text_evictions);
    ck_ui_free(g.ui);
}

static void gallery_1280x800(void)
{
    gallery_at(1280, 800);
}

static void gallery_800x1280(void)
{
    gallery_at(800, 1280);
}

static void gallery_1024x600(void)
{
    gallery_at(1024, 600);
}

static void gallery_1920x1080(void)
{
    gallery_at(1920, 1080);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    pick_video_driver();
    CK_RUN(gallery_1280x800);
    CK_RUN(gallery_800x1280);
    CK_RUN(gallery_1024x600);
    CK_RUN(gallery_1920x1080);
    return ck_test_done();
}
