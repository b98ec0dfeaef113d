/* The kiosk's worker thread: PIN checks, certificates and CUPS calls, and following print jobs,
 * on its own ck_app so the screen never waits on them. Results reach the loop by ck_ui_wake.
 * Mail is sent by a thread of its own (kiosk_mail.c): a mail server never holds these up. */
#include "ui/kiosk_impl.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    SLOTS = 8,
    WATCH_POLL_MS = 1500, /* a screen is waiting for a job: ask CUPS this often */
    OPEN_POLL_MS = 20000, /* unfinished jobs nobody watches: retries and follow-up */
};

typedef enum slot_state { SLOT_FREE = 0, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE } slot_state;

typedef struct slot {
    slot_state state;
    bool orphan; /* nobody wants the result: free it when done */
    uint64_t id;
    ktask task;
} slot;

struct kworker {
    ck_kiosk *k;
    ck_app *app; /* the worker's own connection to the station's database */
    kthread t;
    bool stop;
    slot slots[SLOTS];
    uint64_t next_id;
    int64_t watch_job; /* 0: none */
    bool watch_has;    /* watch_rec holds a record read by a poll */
    ck_job_rec watch_rec;
    uint64_t polls;
    bool poll_soon;
    size_t open_jobs; /* after the last poll */
    struct timespec last_poll;
};

/* Issue one attendee's certificate and record a print job for it; source says whether the
 * attendee (at the Done screen) or the trainer asked. */
static void run_cert(kworker *w, ktask *t, ck_source source)
{
    ck_issue_opts io = {.out_dir = w->k->out_dir[0] ? w->k->out_dir : NULL, .source = source};
    t->rc = ck_app_cert_issue(w->app, t->attendee_id, &io, &t->issue, &t->err);
    if (t->rc != CK_OK)
        return;
    ck_rc prc = ck_app_print(w->app, source, t->issue.pdf_path, t->issue.id,
                             w->k->printer[0] ? w->k->printer : NULL, &t->job, &t->print_err);
    t->printed = prc == CK_OK;
}

static void run_cert_all(kworker *w, ktask *t)
{
    ck_status *list = NULL;
    size_t n = 0;
    t->rc = ck_app_status(w->app, &list, &n, &t->err);
    if (t->rc != CK_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        if (!list[i].eligible) {
            t->ineligible++;
            continue;
        }
        ktask one = {.kind = KT_CERT, .attendee_id = list[i].person.id};
        run_cert(w, &one, CK_SOURCE_TRAINER);
        if (one.rc != CK_OK) {
            if (t->failed++ == 0)
                t->err = one.err; /* the first failure explains the others */
            continue;
        }
        t->issued++;
        if (one.printed && one.job.state == CK_JOB_SENT)
            t->sent++;
        else if (!one.printed && t->print_err.rc == CK_OK)
            t->print_err = one.print_err;
    }
    ck_status_list_free(list, n);
}

static void run_mail(kworker *w, ktask *t)
{
    bool fresh = false;
    t->rc =
        ck_app_mail_cert(w->app, t->attendee_id, CK_SOURCE_KIOSK, false, &t->mail, &fresh, &t->err);
    if (t->rc == CK_OK)
        t->mail_round = kiosk_mail_soon(w->k); /* the person waits at the screen: at once */
}

static void run_register(kworker *w, ktask *t)
{
    ck_report_opts o = {0};
    t->rc = ck_app_report_register(w->app, &o, &t->report, &t->err);
    if (t->rc != CK_OK)
        return;
    ck_rc prc = ck_app_print(w->app, CK_SOURCE_TRAINER, t->report.path, NULL,
                             w->k->printer[0] ? w->k->printer : NULL, &t->job, &t->print_err);
    t->printed = prc == CK_OK;
}

static void run_task(kworker *w, ktask *t)
{
    switch (t->kind) {
    case KT_PIN: {
        t->rc = ck_app_pin_check(w->app, t->pin, &t->tries_left, &t->wait_s, &t->err);
        ck_wipe(t->pin, sizeof t->pin);
        break;
    }
    case KT_CERT: run_cert(w, t, CK_SOURCE_KIOSK); break;
    case KT_CERT_ALL: run_cert_all(w, t); break;
    case KT_REPRINT:
        t->rc = ck_app_print_reprint(w->app, CK_SOURCE_TRAINER, t->job_id, &t->job, &t->err);
        t->printed = t->rc == CK_OK;
        break;
    case KT_MAIL: run_mail(w, t); break;
    case KT_REGISTER: run_register(w, t); break;
    }
}

/* Ask CUPS about unfinished jobs (resending those due) and read the watched one back. */
static void poll_jobs(kworker *w, int64_t watch)
{
    ck_poll_result pr = {0};
    ck_err err = {0};
    ck_job_rec rec;
    bool have = false;
    /* A failed poll (scheduler gone, database busy) is tried again at the next one. */
    ck_rc rc = ck_app_print_poll(w->app, &pr, &err);
    if (watch && ck_app_print_job(w->app, watch, &rec, &err) == CK_OK)
        have = true;
    pthread_mutex_lock(&w->t.mu);
    if (rc == CK_OK)
        w->open_jobs = pr.open;
    if (have && w->watch_job == watch) {
        w->watch_rec = rec;
        w->watch_has = true;
    }
    w->polls++;
    clock_gettime(CLOCK_MONOTONIC, &w->last_poll);
    pthread_mutex_unlock(&w->t.mu);
}

static bool queued_slot(kworker *w, slot **out)
{
    slot *best = NULL;
    for (int i = 0; i < SLOTS; i++)
        if (w->slots[i].state == SLOT_QUEUED && (!best || w->slots[i].id < best->id))
            best = &w->slots[i];
    *out = best;
    return best != NULL;
}

static void *worker_main(void *arg)
{
    kworker *w = arg;
    pthread_mutex_lock(&w->t.mu);
    bool first = true; /* jobs left from before a restart get their follow-up at once */
    while (!w->stop) {
        slot *s;
        if (queued_slot(w, &s)) {
            s->state = SLOT_RUNNING;
            ktask t = s->task;
            pthread_mutex_unlock(&w->t.mu);
            run_task(w, &t);
            pthread_mutex_lock(&w->t.mu);
            if (s->orphan) {
                memset(s, 0, sizeof *s);
            } else {
                s->task = t;
                s->state = SLOT_DONE;
            }
            pthread_mutex_unlock(&w->t.mu);
            ck_ui_wake(w->k->ui);
            pthread_mutex_lock(&w->t.mu);
            continue;
        }
        int64_t since = (int64_t)(w->last_poll.tv_sec * 1000 + w->last_poll.tv_nsec / 1000000);
        int every = w->watch_job ? WATCH_POLL_MS : w->open_jobs ? OPEN_POLL_MS : 0;
        int64_t print_due = first || w->poll_soon ? 0 : every ? since + every : INT64_MAX;
        int64_t now = kiosk_mono_ms();
        if (print_due <= now) {
            int64_t watch = w->watch_job;
            first = false;
            w->poll_soon = false;
            pthread_mutex_unlock(&w->t.mu);
            poll_jobs(w, watch);
            if (watch)
                ck_ui_wake(w->k->ui);
            pthread_mutex_lock(&w->t.mu);
            continue;
        }
        int64_t due = print_due;
        if (due == INT64_MAX) {
            pthread_cond_wait(&w->t.cv, &w->t.mu);
        } else {
            /* The condition variable waits on CLOCK_MONOTONIC (set at start). */
            struct timespec until = {.tv_sec = (time_t)(due / 1000),
                                     .tv_nsec = (long)(due % 1000) * 1000000};
            pthread_cond_timedwait(&w->t.cv, &w->t.mu, &until);
        }
    }
    pthread_mutex_unlock(&w->t.mu);
    return NULL;
}

ck_rc kiosk_worker_start(ck_kiosk *k, ck_err *err)
{
    kworker *w = calloc(1, sizeof *w);
    if (!w)
        return ck_err_set(err, CK_ENOMEM, "out of memory starting the kiosk");
    w->k = k;
    w->next_id = 1;
    ck_app_options o = {0};
    const char *what = N_("printing helper");
    ck_rc rc = kiosk_thread_app(k, &o, &w->app, what, err);
    if (rc != CK_OK) {
        free(w);
        return rc;
    }
    k->worker = w;
    if ((rc = kiosk_thread_start(&w->t, worker_main, w, what, err)) != CK_OK)
        kiosk_worker_stop(k);
    return rc;
}

void kiosk_worker_stop(ck_kiosk *k)
{
    kworker *w = k ? k->worker : NULL;
    if (!w)
        return;
    /* A task in CUPS or libharu finishes first: its result is recorded, never cut off. */
    kiosk_thread_stop(&w->t, &w->stop);
    ck_app_close(w->app);
    free(w);
    k->worker = NULL;
}

uint64_t kiosk_task_post(ck_kiosk *k, const ktask *t)
{
    kworker *w = k->worker;
    uint64_t id = 0;
    if (!w)
        return 0;
    pthread_mutex_lock(&w->t.mu);
    for (int i = 0; i < SLOTS; i++)
        if (w->slots[i].state == SLOT_FREE) {
            slot *s = &w->slots[i];
            s->state = SLOT_QUEUED;
            s->orphan = false;
            s->id = id = w->next_id++;
            s->task = *t;
            pthread_cond_signal(&w->t.cv);
            break;
        }
    pthread_mutex_unlock(&w->t.mu);
    return id;
}

static slot *find_slot(kworker *w, uint64_t id)
{
    for (int i = 0; i < SLOTS; i++)
        if (w->slots[i].state != SLOT_FREE && w->slots[i].id == id)
            return &w->slots[i];
    return NULL;
}

bool kiosk_task_take(ck_kiosk *k, uint64_t id, ktask *out)
{
    kworker *w = k->worker;
    bool done = false;
    if (!w || !id)
        return false;
    pthread_mutex_lock(&w->t.mu);
    slot *s = find_slot(w, id);
    if (s && s->state == SLOT_DONE) {
        *out = s->task;
        memset(s, 0, sizeof *s);
        done = true;
    }
    pthread_mutex_unlock(&w->t.mu);
    return done;
}

void kiosk_task_drop(ck_kiosk *k, uint64_t id)
{
    kworker *w = k->worker;
    if (!w || !id)
        return;
    pthread_mutex_lock(&w->t.mu);
    slot *s = find_slot(w, id);
    /* What a task records (a certificate, a print job) is wanted even when the screen that
     * asked has gone: it still runs, unseen. Only a PIN check is pointless without its screen. */
    if (s && (s->state == SLOT_DONE || (s->state == SLOT_QUEUED && s->task.kind == KT_PIN)))
        memset(s, 0, sizeof *s);
    else if (s)
        s->orphan = true;
    pthread_mutex_unlock(&w->t.mu);
}

void kiosk_watch_job(ck_kiosk *k, int64_t job_id)
{
    kworker *w = k->worker;
    if (!w)
        return;
    pthread_mutex_lock(&w->t.mu);
    if (w->watch_job != job_id) {
        w->watch_job = job_id;
        w->watch_has = false;
        w->poll_soon = job_id != 0;
        pthread_cond_signal(&w->t.cv);
    }
    pthread_mutex_unlock(&w->t.mu);
}

bool kiosk_watched_job(ck_kiosk *k, ck_job_rec *out, uint64_t *seq)
{
    kworker *w = k->worker;
    bool have = false;
    if (!w)
        return false;
    pthread_mutex_lock(&w->t.mu);
    if (w->watch_has) {
        *out = w->watch_rec;
        have = true;
    }
    if (seq)
        *seq = w->polls;
    pthread_mutex_unlock(&w->t.mu);
    return have;
}

uint64_t kiosk_polls(ck_kiosk *k)
{
    kworker *w = k->worker;
    return w ? kiosk_thread_count(&w->t, &w->polls) : 0;
}

void kiosk_poll_soon(ck_kiosk *k)
{
    kworker *w = k->worker;
    if (w)
        kiosk_thread_poke(&w->t, &w->poll_soon);
}

bool kiosk_worker_busy(ck_kiosk *k)
{
    kworker *w = k->worker;
    bool busy = false;
    if (!w)
        return false;
    pthread_mutex_lock(&w->t.mu);
    for (int i = 0; i < SLOTS; i++)
        if (w->slots[i].state == SLOT_QUEUED || w->slots[i].state == SLOT_RUNNING)
            busy = true;
    pthread_mutex_unlock(&w->t.mu);
    return busy;
}
