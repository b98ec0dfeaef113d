/* Private to the kiosk screens: the kiosk's insides, the screen base, the worker, shared parts. */
#ifndef CK_UI_KIOSK_IMPL_H
#define CK_UI_KIOSK_IMPL_H

#include "app/app.h"
#include "common/mem.h"
#include "ui/draw.h"
#include "ui/kiosk.h"
#include "ui/widgets.h"

#include <pthread.h>
#include <stdarg.h>

typedef struct kworker kworker;
typedef struct ksync ksync;
typedef struct kmail kmail;

struct ck_kiosk {
    ck_app *app;
    ck_ui *ui;
    int64_t (*now_ms)(void *ctx);
    void *clock_ctx;
    int attendee_idle_ms, trainer_idle_ms;
    char printer[CK_TEXT_MAX]; /* as asked; "" lets the app choose */
    char out_dir[4096];        /* "" for the app's default */
    bool trainer;              /* trainer mode is open (until Welcome shows again) */
    bool lang_chosen;          /* the person picked a language on Welcome for this visit */
    kworker *worker;
    ksync *sync;
    kmail *mail;
};

/* Seconds of the kiosk's clock (the app's clock). */
int64_t kiosk_now_s(const ck_kiosk *k);

/* ---- Words: everything the kiosk draws is worded in the language of the person at the
 * screen (ck_ui_lang), at the moment it is put on screen ---- */

/* The kiosk's own words: KT(k, "Check in"), KTN(k, singular, plural, n), KTC(k, context, s);
 * UT(ui, …) where only the toolkit context is at hand. xgettext knows these names. */
#define KT(k, msgid) ck_lang_text(ck_ui_lang((k)->ui), (msgid))
#define KTN(k, msgid, plural, n) ck_lang_ntext(ck_ui_lang((k)->ui), (msgid), (plural), (n))
#define KTC(k, ctx, msgid) ck_lang_ptext(ck_ui_lang((k)->ui), (ctx), (msgid))
#define UT(ui, msgid) ck_lang_text(ck_ui_lang(ui), (msgid))
/* What app/ said (a message, an error's message) in that language; returns out. */
const char *kiosk_words(const ck_kiosk *k, const ck_msg *m, char *out, size_t n);
const char *kiosk_err_words(const ck_kiosk *k, const ck_err *err, char *out, size_t n);

/* ---- Screens: every kiosk screen's state starts with a kscreen ---- */

#define KSCREEN_MAGIC 0x6b736372u
#define KPROBE_MAX 160

/* What a screen shows, for tests: tappable targets and its main sentences. */
typedef struct kprobe {
    struct {
        char label[96];
        ck_ui_rect rect;
        bool enabled;
    } t[KPROBE_MAX];
    int n;
    char text[8192];
    size_t text_len;
    const ck_ui *ui;
} kprobe;

typedef struct kscreen {
    unsigned magic;
    ck_kiosk *k;
    bool trainer;    /* a trainer-mode screen: longer inactivity, a window close quits */
    bool wants_scan; /* handles SCAN lines itself and hands the rest to kiosk_scan() */
    bool pin_screen; /* F12 does nothing here */
    void (*probe)(const void *state, kprobe *p);
} kscreen;

/* What every kiosk screen does alike with ev: inactivity time on SHOW, window close and
 * Alt-F4, F12 into trainer mode, scanned lines. True when ev was used; *out says what next. */
bool kiosk_common(ck_ui *ui, kscreen *s, const ck_ui_event *ev, ck_ui_next *out);
/* A line from the scanner: a certificate's QR (Verify) or a badge (that person). */
ck_ui_next kiosk_scan(ck_ui *ui, kscreen *s, const char *line);
/* Push or replace with sc (state NULL: the screen could not be made; stay, say so). */
ck_ui_next kiosk_push(ck_kiosk *k, ck_ui_screen sc);
ck_ui_next kiosk_replace(ck_kiosk *k, ck_ui_screen sc);
/* Replace unless the current screen is the root (Welcome), then push: keeps the stack short. */
ck_ui_next kiosk_goto(ck_kiosk *k, const kscreen *from, ck_ui_screen sc);

void kprobe_add(kprobe *p, const char *label, ck_ui_rect r, bool enabled);
void kprobe_button(kprobe *p, const ck_ui_button *b);
void kprobe_say(kprobe *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kprobe_keyboard(kprobe *p, const ck_ui_keyboard *kb);
void kprobe_keypad(kprobe *p, const ck_ui_keypad *pad);
/* The visible rows of a list, labelled by label(ctx, row). */
void kprobe_list(kprobe *p, const ck_ui_list *l, const char *(*label)(const void *ctx, size_t row),
                 const void *ctx);

/* ---- Screens ---- */

ck_ui_screen kiosk_welcome(ck_kiosk *k);
ck_ui_screen kiosk_find(ck_kiosk *k);
ck_ui_screen kiosk_confirm(ck_kiosk *k, int64_t attendee_id);
/* The result of a check-in or check-out (or of a refused one). */
ck_ui_screen kiosk_checked(ck_kiosk *k, const ck_presence_result *r, ck_event_kind kind);
/* The license to read to the end, then accept (on to Done) or decline; both recorded. */
ck_ui_screen kiosk_license(ck_kiosk *k, int64_t attendee_id);
/* Certificate: issue and print when eligible, otherwise why not. */
ck_ui_screen kiosk_done(ck_kiosk *k, int64_t attendee_id);
ck_ui_screen kiosk_verify(ck_kiosk *k, const ck_verdict *v);
ck_ui_screen kiosk_pin(ck_kiosk *k);
ck_ui_screen kiosk_trainer(ck_kiosk *k);
ck_ui_screen kiosk_person(ck_kiosk *k, int64_t attendee_id);
ck_ui_screen kiosk_jobs(ck_kiosk *k);
ck_ui_screen kiosk_audit(ck_kiosk *k);

/* A calm full-screen message with one or two buttons. */
typedef enum kmsg_go { KMSG_POP = 0, KMSG_HOME, KMSG_QUIT, KMSG_CALL } kmsg_go;
typedef ck_ui_next (*kmsg_fn)(ck_ui *ui, ck_kiosk *k, void *ctx);
typedef struct kmsg {
    ck_ui_message_kind kind;
    const char *title, *body, *hint; /* copied */
    const char *button;              /* NULL: "OK" */
    kmsg_go go;
    bool button_danger;
    const char *second; /* a quiet second button, or NULL */
    kmsg_go second_go;
    kmsg_fn fn; /* KMSG_CALL: called with ctx */
    void *ctx;  /* freed with the screen when ctx_free is set */
    void (*ctx_free)(void *ctx);
    int auto_ms;  /* > 0: the first button's action by itself after this long */
    bool trainer; /* shown in trainer mode */
} kmsg;
ck_ui_screen kiosk_message(ck_kiosk *k, const kmsg *m);
/* The calm message for a failed app call: what happened for a person, the details below. */
ck_ui_screen kiosk_problem(ck_kiosk *k, const char *title, const ck_err *err, bool trainer);

/* ---- Shared parts ---- */

/* The screen's usable area: the window less the margins. */
ck_ui_rect kiosk_area(ck_ui *ui);
bool kiosk_portrait(ck_ui *ui);

/* A header: an optional back button (quiet, "<"), a title and a muted subtitle. */
typedef struct kheader {
    ck_ui_rect rect;
    ck_ui_button back;
    char title[320], subtitle[320];
    bool clock;
} kheader;
/* Take the header's strip off the top of *r. back_label NULL: no back button. */
void kheader_layout(ck_ui *ui, kheader *h, ck_ui_rect *r, const char *back_label);
void kheader_draw(ck_ui *ui, const kheader *h);

/* A list screen (trainer mode's roster, print jobs, audit trail): a header with a back button,
 * a card holding a scrolling list of rows, and a note, muted, or in the warning colour when
 * the rows could not be read. The screen places the note and its own buttons; the rows are
 * its own, handed over one at a time by row(). */
typedef struct klist {
    kheader hd;
    ck_ui_list list;
    ck_ui_rect card, note_rect;
    size_t nrows;
    /* Row i: title, detail and pill (pressed, selected and last are the frame's). */
    void (*row)(const void *ctx, size_t i, ck_ui_row *out);
    const void *ctx;
    bool tappable;   /* a tap on a row means something (tests may tap it) */
    bool selectable; /* the row tapped stays highlighted */
    bool failed;     /* note says why the rows could not be read */
    char note[900];
    ck_ui_type note_type;
    int note_lines;
} klist;
/* Take the header (with a back button) off the screen's area; returns the rest. */
ck_ui_rect klist_begin(ck_ui *ui, klist *v, const char *back_label);
/* Put the card with the list in it at card. */
void klist_place(ck_ui *ui, klist *v, ck_ui_rect card);
/* The rows were read again: n of them (a selection still in range stays). */
void klist_set_rows(klist *v, size_t n);
/* Header, card, rows, note. */
void klist_draw(ck_ui *ui, const klist *v);
/* True when ev asks to leave the screen: its back button or Escape. */
bool klist_back(ck_ui *ui, klist *v, const ck_ui_event *ev);
/* The row tapped by ev, or -1; drags and the wheel scroll the list. */
long klist_event(ck_ui *ui, klist *v, const ck_ui_event *ev);
/* For tests: the title, each row ("title — detail"), the note; the back button and, when
 * tappable, the visible rows. */
void klist_probe(const klist *v, kprobe *p);

/* Today's state of one person, as a pill and a short line ("In since 08:57"). The trainer's
 * view marks who is missing; attendees see a plain "not checked in yet". */
void kiosk_person_today(const ck_kiosk *k, const ck_status *st, int today, bool trainer,
                        ck_ui_pill_kind *pill, char *detail, size_t n);
/* "Good morning, Zoë" / "Good afternoon, …" / "Good evening, …" for the local time t. */
void kiosk_greeting(const ck_kiosk *k, int64_t t, const char *first, char *out, size_t n);
/* The first word of a name ("Zoë" of "Zoë Ångström-Núñez"). */
void kiosk_first_name(const char *name, char *out, size_t n);
/* A sentence from the app for a person: first letter capitalised, a full stop at the end. */
void kiosk_sentence(const char *text, char *out, size_t n);
/* A spinner (an arc turning with the clock); asks for the next frame. */
void kiosk_spinner(ck_ui *ui, float cx, float cy, float radius);
/* Text height helper: lines of t wrapped to w. */
int kiosk_text_h(ck_ui *ui, const ck_ui_text *t, int w);
/* Step t->type down (display, title, large, body, small) until all of the text fits in w x h
 * (and in t->max_lines), but not below smallest: longer languages get smaller words rather
 * than cut ones. */
void kiosk_fit_type(ck_ui *ui, ck_ui_text *t, int w, int h, ck_ui_type smallest);
/* A list row for attendees: the name large (wrapped to two lines rather than cut), today's
 * status below it, the pill at the right. */
void kiosk_person_row(ck_ui *ui, ck_ui_rect r, const char *name, const char *detail,
                      ck_ui_pill_kind pill, bool pressed, bool last);
/* Height of such a row, in design units. */
enum { KIOSK_PERSON_ROW = 136 };
/* A big primary button: the label in title type, an optional smaller line under it. */
void kiosk_big_button(ck_ui *ui, const ck_ui_button *b, const char *sub);
/* Days of the course as a row of pills ("Day 1" complete, missing, or still to come), wrapped
 * to r's width; returns the height used. Draws nothing when draw is false. */
int kiosk_day_pills(ck_ui *ui, ck_ui_rect r, const ck_status *st, bool draw);
/* Today's progress in words, worked out when the data is loaded (render only draws it). */
typedef struct ktoday {
    bool has_today;
    char label[64], big[96], left[200];
    bool complete, warn; /* the day is complete / can no longer be: see the trainer */
    float fraction;
} ktoday;
void kiosk_today_fill(ktoday *out, const ck_kiosk *k, const ck_status *st, int today);
/* Today's progress on a card: "6 h 40 min of 8 h", a bar, what is left, the days. Returns the
 * card's height for width r.w; draws it in r when draw is set. */
int kiosk_today_card(ck_ui *ui, ck_ui_rect r, const ktoday *t, const ck_status *st, bool draw);
/* What the printer said about a job, as a sentence for the screen ("the print job is
 * waiting." when it said nothing). */
void kiosk_job_words(const ck_kiosk *k, const ck_job_rec *job, char *out, size_t n);
/* A big round status icon: a tick (ok), "!" (problem) or "i" (info), in r. */
void kiosk_icon(ck_ui *ui, ck_ui_rect r, ck_ui_message_kind kind);

/* ---- Helper threads (kiosk_thread.c) ---- */

typedef struct kthread {
    pthread_t thread;
    bool started, ready;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* timed waits on CLOCK_MONOTONIC */
} kthread;

/* Make mu and cv and run fn(arg); what names the helper in the error. */
ck_rc kiosk_thread_start(kthread *t, void *(*fn)(void *), void *arg, const char *what, ck_err *err);
/* Set *stop under mu, wake it, wait for it to end, free mu and cv. Safe when not started. */
void kiosk_thread_stop(kthread *t, bool *stop);
/* Set *flag under mu and wake it ("sync soon", "send now"). */
void kiosk_thread_poke(kthread *t, bool *flag);
/* Milliseconds of CLOCK_MONOTONIC, the clock the helpers' timed waits count on. */
int64_t kiosk_mono_ms(void);
/* *count, read under mu. */
uint64_t kiosk_thread_count(kthread *t, const uint64_t *count);
/* A helper's own connection to the kiosk's station and course, on the kiosk's clock: o
 * holds the helper's own options (timeouts), the rest is filled in; what names the helper in
 * the error. */
ck_rc kiosk_thread_app(ck_kiosk *k, ck_app_options *o, ck_app **out, const char *what, ck_err *err);

/* ---- The worker thread: slow app calls off the loop ---- */

typedef enum ktask_kind {
    KT_PIN = 1,  /* check a trainer PIN (Argon2id takes a noticeable moment) */
    KT_CERT,     /* issue one attendee's certificate and print it */
    KT_CERT_ALL, /* issue and print the certificate of everyone eligible */
    KT_REPRINT,  /* print a job's document again */
    KT_MAIL,     /* e-mail an attendee's certificate to the roster's address, then send */
    KT_REGISTER, /* make the attendance register and print it */
} ktask_kind;

typedef struct ktask {
    ktask_kind kind;
    int64_t attendee_id, job_id; /* in */
    char pin[CK_UI_PIN_MAX + 1]; /* in: KT_PIN (wiped after use) */
    ck_rc rc;                    /* out: the main call's result */
    ck_err err;
    int tries_left, wait_s;                  /* KT_PIN */
    ck_issue_result issue;                   /* KT_CERT */
    bool printed;                            /* KT_CERT, KT_REPRINT: a print job was recorded */
    ck_job_rec job;                          /* ... this one */
    ck_err print_err;                        /* ... or why not */
    size_t issued, sent, ineligible, failed; /* KT_CERT_ALL */
    ck_mail_rec mail;                        /* KT_MAIL: the message, as queued */
    uint64_t mail_round;                     /* KT_MAIL: the mail thread's round to wait for */
    ck_report_result report;                 /* KT_REGISTER: path, pages, chain head */
} ktask;

ck_rc kiosk_worker_start(ck_kiosk *k, ck_err *err);
void kiosk_worker_stop(ck_kiosk *k);
/* Queue a task; its id, or 0 when the queue is full. */
uint64_t kiosk_task_post(ck_kiosk *k, const ktask *t);
/* True once task id is done: its result is copied to *out and the slot freed. */
bool kiosk_task_take(ck_kiosk *k, uint64_t id, ktask *out);
/* The result of task id is not wanted any more (its screen left). */
void kiosk_task_drop(ck_kiosk *k, uint64_t id);
/* Follow a print job closely (poll every second or two) until told 0. */
void kiosk_watch_job(ck_kiosk *k, int64_t job_id);
/* The watched job's latest record, when a poll has read it; *seq counts polls. */
bool kiosk_watched_job(ck_kiosk *k, ck_job_rec *out, uint64_t *seq);
/* How many polls have completed (screens showing jobs refresh when it changes). */
uint64_t kiosk_polls(ck_kiosk *k);
/* Poll soon, e.g. after a print. */
void kiosk_poll_soon(ck_kiosk *k);
bool kiosk_worker_busy(ck_kiosk *k);

/* ---- The sync thread (kiosk_sync.c): the organisation's server, off the loop ---- */

/* Start it: every few seconds while the station has joined a server, it syncs. */
ck_rc kiosk_sync_start(ck_kiosk *k, ck_err *err);
void kiosk_sync_stop(ck_kiosk *k);
/* Sync now (after a check-in); returns at once. */
void kiosk_sync_soon(ck_kiosk *k);

/* ---- The mail thread (kiosk_mail.c): the outbox, off the loop and the worker ---- */

/* Start it: it sends queued messages when they are due (at once for those left from before). */
ck_rc kiosk_mail_start(ck_kiosk *k, ck_err *err);
/* Stop it; a send under way ends at once, its message kept in the outbox. */
void kiosk_mail_stop(ck_kiosk *k);
/* Send now (a message was just queued); returns at once, with the number of the round that
 * will have looked at it: once kiosk_mail_rounds() reaches it, the message's state says what
 * its try gave (0: no mail thread, nothing to wait for). */
uint64_t kiosk_mail_soon(ck_kiosk *k);
/* How many rounds of sending have ended. */
uint64_t kiosk_mail_rounds(ck_kiosk *k);

#endif
