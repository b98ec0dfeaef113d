/* The kiosk's mail thread: sends the outbox (certificates by e-mail) on a connection to the
 * database of its own, so a mail server that is slow, unreachable or never answers holds up
 * neither the screen nor the worker's PIN checks, certificates and print jobs. */
#include "ui/kiosk_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

enum {
    MAIL_BATCH = 5,   /* messages sent per round */
    RETRY_MS = 30000, /* after a round that failed */
};

struct kmail {
    ck_kiosk *k;
    ck_app *app;
    kthread t;
    bool stop, soon, busy; /* busy: a round is under way */
    atomic_bool closing;   /* read by a send under way, which then ends at once */
    int64_t due_ms;        /* monotonic ms of the next queued message's try; INT64_MAX: none */
    uint64_t rounds;       /* rounds of sending done */
};

static bool mail_cancelled(void *ctx)
{
    kmail *w = ctx;
    return atomic_load(&w->closing);
}

/* One round: the due messages (a few); returns when the next one is due (INT64_MAX: none). */
static int64_t send_round(kmail *w)
{
    ck_mail_run run = {0};
    ck_err err = {0};
    if (!ck_app_mail_ready(w->app))
        return INT64_MAX;
    /* A round that failed (the database busy, the login file refused): again in a while, so
     * messages already due are not left until the next one is queued. */
    if (ck_app_mail_send(w->app, MAIL_BATCH, &run, &err) != CK_OK)
        return kiosk_mono_ms() + RETRY_MS;
    if (!run.waiting)
        return INT64_MAX;
    int64_t wait_s = run.next_at - kiosk_now_s(w->k);
    /* More due now than one round: go on soon; else at the next retry (the kiosk's clock may
     * be a test's, so never less than a second). */
    return kiosk_mono_ms() + 1000 * (wait_s > 1 ? wait_s : 1);
}

static void *mail_main(void *arg)
{
    kmail *w = arg;
    pthread_mutex_lock(&w->t.mu);
    while (!w->stop) {
        if (w->soon || w->due_ms <= kiosk_mono_ms()) {
            w->soon = false;
            w->busy = true;
            pthread_mutex_unlock(&w->t.mu);
            int64_t due = send_round(w);
            pthread_mutex_lock(&w->t.mu);
            /* A message queued during the round asked for another at once (soon). */
            w->due_ms = due;
            w->busy = false;
            w->rounds++;
            pthread_mutex_unlock(&w->t.mu);
            ck_ui_wake(w->k->ui);
            pthread_mutex_lock(&w->t.mu);
            continue;
        }
        if (w->due_ms == INT64_MAX) {
            pthread_cond_wait(&w->t.cv, &w->t.mu);
        } else {
            struct timespec until = {.tv_sec = (time_t)(w->due_ms / 1000),
                                     .tv_nsec = (long)(w->due_ms % 1000) * 1000000};
            pthread_cond_timedwait(&w->t.cv, &w->t.mu, &until);
        }
    }
    pthread_mutex_unlock(&w->t.mu);
    return NULL;
}

ck_rc kiosk_mail_start(ck_kiosk *k, ck_err *err)
{
    kmail *w = calloc(1, sizeof *w);
    if (!w)
        return ck_err_set(err, CK_ENOMEM, "out of memory starting the kiosk");
    w->k = k;
    w->due_ms = 0; /* messages left from before a restart: look at once */
    atomic_init(&w->closing, false);
    ck_app_options o = {.mail_cancel = mail_cancelled, .mail_cancel_ctx = w};
    const char *what = N_("mail helper");
    ck_rc rc = kiosk_thread_app(k, &o, &w->app, what, err);
    if (rc != CK_OK) {
        free(w);
        return rc;
    }
    k->mail = w;
    if ((rc = kiosk_thread_start(&w->t, mail_main, w, what, err)) != CK_OK)
        kiosk_mail_stop(k);
    return rc;
}

void kiosk_mail_stop(ck_kiosk *k)
{
    kmail *w = k ? k->mail : NULL;
    if (!w)
        return;
    /* A send under way ends at once (the message stays in the outbox, as queued or, if the
     * server had its end already, as unsure): closing never waits on a mail server. */
    atomic_store(&w->closing, true);
    kiosk_thread_stop(&w->t, &w->stop);
    ck_app_close(w->app);
    free(w);
    k->mail = NULL;
}

uint64_t kiosk_mail_soon(ck_kiosk *k)
{
    kmail *w = k ? k->mail : NULL;
    if (!w)
        return 0;
    pthread_mutex_lock(&w->t.mu);
    /* A round under way may have looked before the message was there: the one after it. */
    uint64_t round = w->rounds + (w->busy ? 2 : 1);
    w->soon = true;
    pthread_cond_signal(&w->t.cv);
    pthread_mutex_unlock(&w->t.mu);
    return round;
}

uint64_t kiosk_mail_rounds(ck_kiosk *k)
{
    kmail *w = k ? k->mail : NULL;
    return w ? kiosk_thread_count(&w->t, &w->rounds) : 0;
}
