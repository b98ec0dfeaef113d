/* The kiosk: opening it, the loop, what every screen handles alike (scans, trainer key, window
 * close), and the hooks tests use to drive it. */
#include "ui/kiosk_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DEFAULT_IDLE_S = 30, TRAINER_IDLE_S = 120, TEXT_CACHE = 768 };

static int64_t system_ms(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t kiosk_now_s(const ck_kiosk *k)
{
    int64_t ms = k->now_ms(k->clock_ctx);
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

static int64_t ui_clock(void *ctx)
{
    const ck_kiosk *k = ctx;
    return k->now_ms(k->clock_ctx);
}

bool ck_kiosk_display_missing(void)
{
    const char *vars[] = {"DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return false;
    }
    return true;
}

static ck_rc check_opts(const ck_kiosk_opts *o, ck_err *err)
{
    if (o->inactivity_s && (o->inactivity_s < 5 || o->inactivity_s > 3600))
        return ck_err_set(err, CK_EINVAL,
                          "an inactivity time of %d s is out of range; use 5 to 3600 seconds",
                          o->inactivity_s);
    if (o->trainer_inactivity_s && (o->trainer_inactivity_s < 5 || o->trainer_inactivity_s > 3600))
        return ck_err_set(err, CK_EINVAL,
                          "a trainer inactivity time of %d s is out of range; use 5 to 3600 "
                          "seconds",
                          o->trainer_inactivity_s);
    if (o->printer && strlen(o->printer) >= CK_TEXT_MAX)
        return ck_err_set(err, CK_EINVAL, "the printer name is longer than %d bytes; check it",
                          CK_TEXT_MAX - 1);
    if (o->out_dir && strlen(o->out_dir) >= 4096)
        return ck_err_set(err, CK_EINVAL, "the certificate folder's path is too long; shorten it");
    return CK_OK;
}

ck_rc ck_kiosk_new(ck_kiosk **out, ck_app *app, const ck_kiosk_opts *opts, ck_err *err)
{
    ck_kiosk_opts none = {0};
    ck_rc rc;
    char fonts[4200];
    if (!out || !app)
        return ck_err_set(err, CK_EINVAL,
                          "ck_kiosk_new: pass where to store the kiosk and an open app");
    *out = NULL;
    if (!opts)
        opts = &none;
    if ((rc = check_opts(opts, err)) != CK_OK)
        return rc;
    ck_kiosk *k = calloc(1, sizeof *k);
    if (!k)
        return ck_err_set(err, CK_ENOMEM, "out of memory starting the kiosk");
    k->app = app;
    k->now_ms = opts->now_ms ? opts->now_ms : system_ms;
    k->clock_ctx = opts->clock_ctx;
    int idle = opts->inactivity_s ? opts->inactivity_s : DEFAULT_IDLE_S;
    int tidle = opts->trainer_inactivity_s ? opts->trainer_inactivity_s
                : idle > TRAINER_IDLE_S    ? idle
                                           : TRAINER_IDLE_S;
    k->attendee_idle_ms = idle * 1000;
    k->trainer_idle_ms = tidle * 1000;
    snprintf(k->printer, sizeof k->printer, "%s", opts->printer ? opts->printer : "");
    snprintf(k->out_dir, sizeof k->out_dir, "%s", opts->out_dir ? opts->out_dir : "");

    /* One clock: the app counts seconds of the same clock the screens count ms of. */
    int64_t app_s = ck_app_now(app), kiosk_s = kiosk_now_s(k);
    if (app_s - kiosk_s > 2 || kiosk_s - app_s > 2) {
        rc = ck_err_set(err, CK_EINVAL,
                        "the app's clock (%lld) and the kiosk's (%lld) disagree; open the app "
                        "with the kiosk's clock (ck_kiosk_opts.now_ms in seconds)",
                        (long long)app_s, (long long)kiosk_s);
        goto fail;
    }
    if (opts->fonts_dir && *opts->fonts_dir)
        snprintf(fonts, sizeof fonts, "%s", opts->fonts_dir);
    else
        snprintf(fonts, sizeof fonts, "%s/fonts", ck_app_data_dir(app));
    ck_ui_opts uo = {.title = "classkiosk",
                     .fullscreen = !opts->windowed,
                     .width = opts->width,
                     .height = opts->height,
                     .fonts_dir = fonts,
                     .inactivity_ms = k->attendee_idle_ms,
                     .now_ms = ui_clock,
                     .clock_ctx = k,
                     .text_cache_entries = TEXT_CACHE,
                     .software = opts->software,
                     .hide_cursor = !opts->windowed};
    /* Names in Chinese, Japanese and Korean in the certificate's fallback faces. */
    const char *fallbacks[4];
    int fallback_index[4];
    size_t nfallback = ck_app_fallback_fonts(app, fallbacks, fallback_index, 4);
    uo.fallback_fonts = fallbacks;
    uo.fallback_indexes = fallback_index;
    uo.nfallback_fonts = nfallback < 4 ? nfallback : 4;
    if ((rc = ck_ui_new(&k->ui, &uo, err)) != CK_OK)
        goto fail;
    /* The catalogues (again, as the CLI may have bound them for another data folder) before
     * any thread starts, and the station's language until a person picks one. */
    char locale_dir[4200];
    ck_app_locale_dir(ck_app_data_dir(app), locale_dir, sizeof locale_dir);
    ck_lang_setup(locale_dir);
    ck_ui_set_lang(k->ui, ck_app_language(app));
    if ((rc = kiosk_worker_start(k, err)) != CK_OK || (rc = kiosk_sync_start(k, err)) != CK_OK ||
        (rc = kiosk_mail_start(k, err)) != CK_OK)
        goto fail;
    ck_ui_screen root = kiosk_welcome(k);
    if (!root.state) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory making the welcome screen");
        goto fail;
    }
    if ((rc = ck_ui_push(k->ui, root, err)) != CK_OK)
        goto fail;
    *out = k;
    return CK_OK;
fail:
    ck_kiosk_free(k);
    return rc;
}

ck_rc ck_kiosk_run(ck_kiosk *k, ck_err *err)
{
    if (!k)
        return ck_err_set(err, CK_EINVAL, "ck_kiosk_run: no kiosk; open one with ck_kiosk_new");
    return ck_ui_run(k->ui, err);
}

void ck_kiosk_free(ck_kiosk *k)
{
    if (!k)
        return;
    /* The helpers first: they wake the window, which must still be there. */
    /* The worker before the mail thread: it hands the mail thread new messages. */
    kiosk_worker_stop(k);
    kiosk_mail_stop(k);
    kiosk_sync_stop(k);
    ck_ui_free(k->ui);
    free(k);
}

ck_ui *ck_kiosk_ui(ck_kiosk *k)
{
    return k ? k->ui : NULL;
}

ck_rc ck_kiosk_pump(ck_kiosk *k, ck_err *err)
{
    if (!k)
        return ck_err_set(err, CK_EINVAL, "ck_kiosk_pump: no kiosk");
    return ck_ui_pump(k->ui, 0, err);
}

bool ck_kiosk_busy(ck_kiosk *k)
{
    return k && kiosk_worker_busy(k);
}

const char *ck_kiosk_screen(const ck_kiosk *k)
{
    const ck_ui_screen *top = k ? ck_ui_top(k->ui) : NULL;
    return top && top->name ? top->name : "";
}

/* The top screen's probe: its targets and sentences. */
static bool probe_top(ck_kiosk *k, kprobe *p)
{
    const ck_ui_screen *top = ck_ui_top(k->ui);
    memset(p, 0, sizeof *p);
    p->ui = k->ui;
    if (!top || !top->state)
        return false;
    const kscreen *s = top->state;
    if (s->magic != KSCREEN_MAGIC || !s->probe)
        return false;
    s->probe(top->state, p);
    return true;
}

ck_rc ck_kiosk_target(ck_kiosk *k, const char *label, ck_ui_rect *out, ck_err *err)
{
    if (!k || !label || !out)
        return ck_err_set(err, CK_EINVAL, "ck_kiosk_target: pass a kiosk, a label and a place");
    kprobe *p = malloc(sizeof *p);
    if (!p)
        return ck_err_set(err, CK_ENOMEM, "out of memory");
    ck_rc rc = CK_ENOTFOUND;
    probe_top(k, p);
    for (int i = 0; i < p->n; i++)
        if (p->t[i].enabled && strcmp(p->t[i].label, label) == 0) {
            *out = p->t[i].rect;
            rc = CK_OK;
            break;
        }
    if (rc != CK_OK) {
        char have[600] = "";
        for (int i = 0; i < p->n; i++) {
            size_t used = strlen(have);
            snprintf(have + used, sizeof have - used, "%s\"%s\"%s", i ? ", " : "", p->t[i].label,
                     p->t[i].enabled ? "" : " (disabled)");
        }
        ck_err_set(err, rc, "screen \"%s\" has no enabled target \"%s\"; it has: %s",
                   ck_kiosk_screen(k), label, have[0] ? have : "none");
    }
    free(p);
    return rc;
}

void ck_kiosk_text(ck_kiosk *k, char *out, size_t n)
{
    if (!out || n == 0)
        return;
    out[0] = '\0';
    kprobe *p = k ? malloc(sizeof *p) : NULL;
    if (!p)
        return;
    if (probe_top(k, p))
        snprintf(out, n, "%s", p->text);
    free(p);
}

/* ---- probes ---- */

void kprobe_add(kprobe *p, const char *label, ck_ui_rect r, bool enabled)
{
    if (!label || p->n >= KPROBE_MAX || r.w <= 0 || r.h <= 0)
        return;
    snprintf(p->t[p->n].label, sizeof p->t[p->n].label, "%s", label);
    p->t[p->n].rect = r;
    p->t[p->n].enabled = enabled;
    p->n++;
}

void kprobe_button(kprobe *p, const ck_ui_button *b)
{
    kprobe_add(p, b->label, b->rect, !b->disabled);
}

void kprobe_say(kprobe *p, const char *fmt, ...)
{
    va_list ap;
    if (p->text_len + 2 >= sizeof p->text)
        return;
    va_start(ap, fmt);
    int w = vsnprintf(p->text + p->text_len, sizeof p->text - p->text_len - 1, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    p->text_len += (size_t)w;
    if (p->text_len >= sizeof p->text - 1)
        p->text_len = sizeof p->text - 2;
    p->text[p->text_len++] = '\n';
    p->text[p->text_len] = '\0';
}

void kprobe_keyboard(kprobe *p, const ck_ui_keyboard *kb)
{
    ck_ui_rect r;
    const char *types;
    for (int i = 0; ck_ui_keyboard_key(p->ui, kb, i, &r, &types); i++) {
        const char *label = types;
        if (types[0] == ' ')
            label = "space";
        else if (types[0] == '\b')
            label = "backspace";
        else if (types[0] == '\n')
            label = kb->enter_label;
        kprobe_add(p, label, r, true);
    }
}

void kprobe_keypad(kprobe *p, const ck_ui_keypad *pad)
{
    static const char *const labels[12] = {"1", "2", "3", "4",         "5", "6",
                                           "7", "8", "9", "backspace", "0", "OK"};
    for (int i = 0; i < 12; i++)
        kprobe_add(p, labels[i], ck_ui_keypad_key(p->ui, pad, i), true);
}

void kprobe_list(kprobe *p, const ck_ui_list *l, const char *(*label)(const void *ctx, size_t row),
                 const void *ctx)
{
    if (l->count == 0 || l->row_h <= 0)
        return;
    size_t first = (size_t)(l->scroll.offset / (float)l->row_h);
    for (size_t i = first; i < l->count; i++) {
        int y = l->rect.y + (int)((float)i * (float)l->row_h - l->scroll.offset);
        if (y >= l->rect.y + l->rect.h)
            break;
        /* Only the part of a row inside the list can be tapped. */
        int top = y < l->rect.y ? l->rect.y : y;
        int bottom = y + l->row_h > l->rect.y + l->rect.h ? l->rect.y + l->rect.h : y + l->row_h;
        if (bottom - top < l->row_h / 2)
            continue;
        kprobe_add(p, label(ctx, i), (ck_ui_rect){l->rect.x, top, l->rect.w, bottom - top}, true);
    }
}

/* ---- navigation ---- */

static ck_ui_next cannot_show(ck_kiosk *k)
{
    /* Out of memory for a screen: stay where we are; the loop logs it. */
    fprintf(stderr, "classkiosk: out of memory making a screen; staying on \"%s\"\n",
            ck_kiosk_screen(k));
    return ck_ui_go_stay();
}

ck_ui_next kiosk_push(ck_kiosk *k, ck_ui_screen sc)
{
    return sc.state ? ck_ui_go_push(sc) : cannot_show(k);
}

ck_ui_next kiosk_replace(ck_kiosk *k, ck_ui_screen sc)
{
    return sc.state ? ck_ui_go_replace(sc) : cannot_show(k);
}

ck_ui_next kiosk_goto(ck_kiosk *k, const kscreen *from, ck_ui_screen sc)
{
    int depth = ck_ui_depth(k->ui);
    /* Trainer screens stack (back returns to where the trainer was); an attendee's screens
     * replace each other, so the stack stays short however many badges are scanned. */
    if (depth <= 1 || (from && from->trainer && depth < 12))
        return kiosk_push(k, sc);
    return kiosk_replace(k, sc);
}

/* ---- scans ---- */

ck_ui_next kiosk_scan(ck_ui *ui, kscreen *s, const char *line)
{
    ck_kiosk *k = s->k;
    ck_err err = {0};
    ck_verdict *v = calloc(1, sizeof *v);
    ck_ui_next nx = ck_ui_go_stay();
    (void)ui;
    if (!v)
        return cannot_show(k);
    /* The station's own keys and revocations: a certificate issued here, still valid? */
    ck_verify_req req = {.text = line,
                         .len = strlen(line),
                         .scanned = true,
                         .now_given = true,
                         .now = kiosk_now_s(k)};
    if (ck_app_verify(k->app, &req, v, &err) != CK_OK) {
        nx = kiosk_push(
            k, kiosk_problem(k, KT(k, "This code cannot be checked here"), &err, s->trainer));
        goto done;
    }
    if (v->kind == CK_VERIFY_CERTIFICATE) {
        nx = kiosk_goto(k, s, kiosk_verify(k, v));
        goto done;
    }
    /* Not a certificate: a badge naming a person by its code, or a code that names nobody,
     * or neither (the app's message says which). */
    char why[1024];
    kiosk_words(k, &v->said, why, sizeof why);
    if (v->kind == CK_VERIFY_BADGE && v->attendee_id) {
        int64_t id = v->attendee_id;
        nx = kiosk_goto(k, s, s->trainer ? kiosk_person(k, id) : kiosk_confirm(k, id));
        goto done;
    }
    /* The app's words are for the trainer; here, what the scanner read. */
    char read[320], shown[80];
    snprintf(shown, sizeof shown, "%.60s%s", line, strlen(line) > 60 ? "…" : "");
    snprintf(read, sizeof read, KT(k, "The scanner read \"%s\"."), shown);
    kmsg m = {.kind = CK_UI_MESSAGE_PROBLEM,
              .title = KT(k, "We could not find that badge"),
              .body = s->trainer ? why
                                 : KT(k, "Please tap the screen and find your name instead, or "
                                         "ask your trainer."),
              .hint = read,
              .auto_ms = 15000,
              .trainer = s->trainer};
    nx = kiosk_push(k, kiosk_message(k, &m));
done:
    free(v);
    return nx;
}

/* ---- what every screen handles alike ---- */

bool kiosk_common(ck_ui *ui, kscreen *s, const ck_ui_event *ev, ck_ui_next *out)
{
    ck_kiosk *k = s->k;
    *out = ck_ui_go_stay();
    switch (ev->kind) {
    case CK_UI_EV_SHOW:
        ck_ui_set_inactivity(ui, s->trainer ? k->trainer_idle_ms : k->attendee_idle_ms);
        return false; /* the screen loads its data too */
    case CK_UI_EV_QUIT:
        /* Window close and Alt-F4: only trainer mode may leave. */
        if (s->trainer)
            *out = ck_ui_go_quit();
        return true;
    case CK_UI_EV_KEY:
        if (ev->key == CK_UI_KEY_F12 && !s->trainer && !s->pin_screen) {
            *out = kiosk_push(k, kiosk_pin(k));
            return true;
        }
        return false;
    case CK_UI_EV_SCAN:
        if (s->wants_scan)
            return false;
        *out = kiosk_scan(ui, s, ev->text);
        return true;
    default: return false;
    }
}
