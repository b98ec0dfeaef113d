/* The kiosk's sync thread: while the station has joined an organisation's server, sync every
 * few seconds and right after each check-in, on a connection to the database of its own, so
 * neither the screen nor the worker's PIN checks and certificates wait for the network. */
#include "ui/kiosk_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    SYNC_EVERY_MS = 5000,    /* in step: look again this often */
    SYNC_BACKOFF_MS = 30000, /* the server did not answer: at most this long between tries */
    SYNC_TIMEOUT_S = 5,      /* how long one try waits for the server */
};

struct ksync {
    ck_kiosk *k;
    ck_app *app;
    kthread t;
    bool stop, soon;
    uint64_t rounds; /* syncs tried */
};

/* One round: nothing at all while no server is set (*tried false). */
static bool sync_once(ksync *w, bool *tried)
{
    ck_sync_status st;
    ck_sync_result res;
    ck_err err = {0};
    *tried = false;
    if (ck_app_sync_status(w->app, &st, &err) != CK_OK || !st.joined)
        return true;
    *tried = true;
    /* The outcome is kept in the file, where the trainer screen reads it. */
    return ck_app_sync(w->app, &res, &err) == CK_OK;
}

static void *sync_main(void *arg)
{
    ksync *w = arg;
    int64_t due = 0, every = SYNC_EVERY_MS;
    pthread_mutex_lock(&w->t.mu);
    while (!w->stop) {
        if (w->soon || kiosk_mono_ms() >= due) {
            w->soon = false;
            pthread_mutex_unlock(&w->t.mu);
            bool tried, ok = sync_once(w, &tried);
            /* A server that does not answer is tried less and less often, up to 30 s. */
            every = ok ? SYNC_EVERY_MS : every * 2 > SYNC_BACKOFF_MS ? SYNC_BACKOFF_MS : every * 2;
            due = kiosk_mono_ms() + every;
            pthread_mutex_lock(&w->t.mu);
            w->rounds++;
            pthread_mutex_unlock(&w->t.mu);
            /* Only a sync has news for the screen: a station without a server redraws
             * nothing every 5 s. */
            if (tried)
                ck_ui_wake(w->k->ui);
            pthread_mutex_lock(&w->t.mu);
            continue;
        }
        struct timespec until = {.tv_sec = (time_t)(due / 1000),
                                 .tv_nsec = (long)(due % 1000) * 1000000};
        pthread_cond_timedwait(&w->t.cv, &w->t.mu, &until);
    }
    pthread_mutex_unlock(&w->t.mu);
    return NULL;
}

ck_rc kiosk_sync_start(ck_kiosk *k, ck_err *err)
{
    ksync *w = calloc(1, sizeof *w);
    if (!w)
        return ck_err_set(err, CK_ENOMEM, "out of memory starting the kiosk");
    w->k = k;
    ck_app_options o = {.server_timeout_s = SYNC_TIMEOUT_S};
    const char *what = N_("sync helper");
    ck_rc rc = kiosk_thread_app(k, &o, &w->app, what, err);
    if (rc != CK_OK) {
        free(w);
        return rc;
    }
    k->sync = w;
    if ((rc = kiosk_thread_start(&w->t, sync_main, w, what, err)) != CK_OK)
        kiosk_sync_stop(k);
    return rc;
}

void kiosk_sync_stop(ck_kiosk *k)
{
    ksync *w = k ? k->sync : NULL;
    if (!w)
        return;
    /* A sync under way ends first, nothing cut off: SYNC_TIMEOUT_S bounds connecting, but a
     * server that stops answering mid-query holds this up to its statement timeout (60 s) or
     * until the keepalives notice; there is no cancel here yet, unlike the mail thread. */
    kiosk_thread_stop(&w->t, &w->stop);
    ck_app_close(w->app);
    free(w);
    k->sync = NULL;
}

void kiosk_sync_soon(ck_kiosk *k)
{
    ksync *w = k ? k->sync : NULL;
    if (w)
        kiosk_thread_poke(&w->t, &w->soon);
}

void ck_kiosk_sync_now(ck_kiosk *k)
{
    kiosk_sync_soon(k);
}

uint64_t ck_kiosk_sync_rounds(ck_kiosk *k)
{
    ksync *w = k ? k->sync : NULL;
    return w ? kiosk_thread_count(&w->t, &w->rounds) : 0;
}
