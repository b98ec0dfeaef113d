/* The kiosk: the station's touchscreen face, with attendee and trainer screens on ui/.
 *
 * Every action goes through app/ (the same calls as the CLI). Slow work (PIN hashing,
 * certificates, CUPS) runs on a worker thread with its own ck_app on the same database; the
 * loop sleeps until input or the next visible change. The test hooks below drive the real
 * kiosk in-process: inject input through ck_kiosk_ui(), pump, and ask what is on screen.
 */
#ifndef CK_UI_KIOSK_H
#define CK_UI_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "common/err.h"
#include "ui/ui.h"

typedef struct ck_kiosk ck_kiosk;

/* How the kiosk runs. Zeroed fields take the default named beside them. */
typedef struct ck_kiosk_opts {
    bool windowed;            /* a window of width x height instead of the whole screen */
    int width, height;        /* window size; 1280 x 800 */
    int inactivity_s;         /* attendee screens return to Welcome after this; 30 (5..3600) */
    int trainer_inactivity_s; /* trainer screens; the larger of 120 and inactivity_s */
    const char *printer;      /* CUPS queue for certificates; NULL: the app's choice */
    const char *out_dir;      /* folder for certificate PDFs; NULL: the app's default */
    bool software;            /* SDL's software renderer */
    const char *fonts_dir;    /* NULL: fonts/ in the app's data folder */
    /* The clock the app was opened with, in ms since 1970 (the app's clock must be this one
     * in seconds); NULL: the system clock. Must be safe to call from two threads. */
    int64_t (*now_ms)(void *clock_ctx);
    void *clock_ctx;
} ck_kiosk_opts;

/* Open the window on app's station and show Welcome. app stays the caller's and must outlive
 * the kiosk. Fails with CK_EIO when no window can be opened (see ck_kiosk_display_missing). */
ck_rc ck_kiosk_new(ck_kiosk **out, ck_app *app, const ck_kiosk_opts *opts, ck_err *err);
/* Run until trainer mode's "Leave kiosk mode" (or a window close in trainer mode). */
ck_rc ck_kiosk_run(ck_kiosk *k, ck_err *err);
/* Stop the worker and close the window. NULL is a no-op. */
void ck_kiosk_free(ck_kiosk *k);

/* True when the environment names no display to open a window on (no DISPLAY, no
 * WAYLAND_DISPLAY, no SDL_VIDEODRIVER): for a helpful message when ck_kiosk_new fails. */
bool ck_kiosk_display_missing(void);

/* ---- Test and benchmark hooks ---- */

/* The toolkit context, for injecting input and taking screenshots. */
ck_ui *ck_kiosk_ui(ck_kiosk *k);
/* Handle what is pending now (input, due times, worker news) and draw if needed. */
ck_rc ck_kiosk_pump(ck_kiosk *k, ck_err *err);
/* The top screen's name: "welcome", "find", "confirm", "checked", "license", "done",
 * "verify", "message", "pin", "trainer", "person", "reason", "jobs", "audit". */
const char *ck_kiosk_screen(const ck_kiosk *k);
/* Where the enabled target labelled label is on the top screen: a button's label, a list
 * row's name, a key ("a", "space", "backspace", "1", "OK"). CK_ENOTFOUND names the targets
 * there are. */
ck_rc ck_kiosk_target(ck_kiosk *k, const char *label, ck_ui_rect *out, ck_err *err);
/* What the top screen says: its main sentences, one per line, into out (n bytes). */
void ck_kiosk_text(ck_kiosk *k, char *out, size_t n);
/* True while the worker has tasks waiting or running. */
bool ck_kiosk_busy(ck_kiosk *k);
/* How many syncs with the organisation's server the kiosk has tried (its sync thread). */
uint64_t ck_kiosk_sync_rounds(ck_kiosk *k);
/* Ask the sync thread for a sync now instead of at its next turn. */
void ck_kiosk_sync_now(ck_kiosk *k);

#endif
