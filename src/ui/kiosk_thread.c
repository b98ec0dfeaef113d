/* The kiosk's helper threads (the worker, the sync thread): started with a mutex and a
 * condition variable on the monotonic clock, stopped by a flag and joined. */
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
