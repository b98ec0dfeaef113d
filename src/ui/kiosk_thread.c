/* The kiosk's helper threads (the worker, the sync and mail threads): started with a mutex
 * and a condition variable on the monotonic clock, stopped by a flag and joined, each on a
 * connection to the station of its own. */
#include "ui/kiosk_impl.h"

#include <string.h>
#include <time.h>

ck_rc kiosk_thread_start(kthread *t, void *(*fn)(void *), void *arg, const char *what, ck_err *err)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    /* Its timed waits count on CLOCK_MONOTONIC: a clock set back does not stall them. */
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    t->ready = true;
    int e = pthread_create(&t->thread, NULL, fn, arg);
    if (e != 0)
        return ck_err_set(err, CK_ENOMEM, "cannot start the kiosk's %s: %s", CK_MSG_PHRASE(what),
                          CK_MSG_ERRNO(e));
    t->started = true;
    return CK_OK;
}

void kiosk_thread_stop(kthread *t, bool *stop)
{
    if (t->started) {
        pthread_mutex_lock(&t->mu);
        *stop = true;
        pthread_cond_signal(&t->cv);
        pthread_mutex_unlock(&t->mu);
        /* What it is doing ends first: a result is recorded, never cut off. */
        pthread_join(t->thread, NULL);
        t->started = false;
    }
    if (t->ready) {
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        t->ready = false;
    }
}

int64_t kiosk_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void kiosk_thread_poke(kthread *t, bool *flag)
{
    pthread_mutex_lock(&t->mu);
    *flag = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

uint64_t kiosk_thread_count(kthread *t, const uint64_t *count)
{
    pthread_mutex_lock(&t->mu);
    uint64_t n = *count;
    pthread_mutex_unlock(&t->mu);
    return n;
}

static int64_t kiosk_clock(void *ctx)
{
    return kiosk_now_s(ctx);
}

ck_rc kiosk_thread_app(ck_kiosk *k, ck_app_options *o, ck_app **out, const char *what, ck_err *err)
{
    /* The same station and course, on a connection of its own (SQLite's WAL lets them all
     * work; each app call is its own transaction). */
    const ck_course_rec *c = NULL;
    ck_err quiet = {0};
    o->db_path = ck_app_db_path(k->app);
    o->key_path = ck_app_key_path(k->app);
    o->data_dir = ck_app_data_dir(k->app);
    /* The screen's course (a kiosk may be started on one that is not the newest). */
    o->course_id = ck_app_course(k->app, &c, &quiet) == CK_OK ? c->id : 0;
    o->clock = kiosk_clock;
    o->clock_ctx = k;
    ck_rc rc = ck_app_open(out, o, CK_APP_EXISTING, err);
    if (rc != CK_OK)
        ck_err_prefix(err, "the kiosk's %s cannot open the database: ", CK_MSG_PHRASE(what));
    return rc;
}
