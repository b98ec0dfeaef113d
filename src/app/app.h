/* Use cases: everything the kiosk and the CLI do, one function per action.
 *
 * A ck_app holds the open store, the chosen course and the clock. The faces (ui/, cli/) parse
 * input, call these functions and show the results; they never touch the store directly.
 * Every action that writes is one transaction; trainer actions are audited.
 *
 * This header names only common/ and core/ types and its own: store/, cred/, scan/ and the
 * other adapters stay behind app/, so a face cannot reach past it (the build enforces it).
 */
#ifndef CK_APP_H
#define CK_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/lang.h"
#include "core/attend.h"
#include "core/records.h"
#include "core/text.h"

typedef struct ck_app ck_app;

typedef int64_t (*ck_clock_fn)(void *ctx);

typedef struct ck_app_options {
    const char *db_path;  /* required */
    const char *key_path; /* signing keyring; NULL: beside the database */
    const char *data_dir; /* holds assets/ and fonts/; NULL: found from the binary */
    int64_t course_id;    /* 0: the newest course */
    const char *device;   /* recorded with each event; NULL: the host name */
    ck_clock_fn clock;    /* NULL: the system clock */
    void *clock_ctx;
    int server_timeout_s; /* how long a sync waits for the organisation's server; 0: 10 */
    /* Asked about once a second while sending mail waits on the server: true ends the send
     * at once (the kiosk closing); the message stays in the outbox. NULL: never. */
    bool (*mail_cancel)(void *ctx);
    void *mail_cancel_ctx;
} ck_app_options;

typedef enum ck_app_mode {
    CK_APP_EXISTING, /* the database must exist (every command but init) */
    CK_APP_CREATE,   /* create it if missing (mode 0600, whatever the umask) */
    CK_APP_READONLY, /* only read it: nothing is written or upgraded; a read-only file works */
} ck_app_mode;

/* Open the station's database (creating it only with CK_APP_CREATE). */
ck_rc ck_app_open(ck_app **out, const ck_app_options *opt, ck_app_mode mode, ck_err *err);
void ck_app_close(ck_app *app);
int64_t ck_app_now(ck_app *app);
const char *ck_app_data_dir(ck_app *app);
/* The fallback font faces the certificates draw Chinese, Japanese and Korean with (found
 * through fontconfig), for the kiosk to draw with the same: up to max files and face indexes,
 * valid while app is open; returns how many there are (0 also when the fonts cannot be
 * opened: issuing a certificate then says why). */
size_t ck_app_fallback_fonts(ck_app *app, const char **paths, int *indexes, size_t max);
const char *ck_app_key_path(ck_app *app);
const char *ck_app_db_path(ck_app *app);

/* Where the catalogues are: <data folder>/locale (data_dir NULL: the one ck_app_open would
 * find), or the build tree's for a build that was not installed. Give it to ck_lang_setup(). */
void ck_app_locale_dir(const char *data_dir, char *out, size_t n);

/* The clock from CLASSKIOSK_NOW ("YYYY-MM-DD HH:MM" local, or @SECONDS), for demos and tests;
 * false when unset. An invalid value is an error. */
ck_rc ck_app_clock_from_env(int64_t *fixed, bool *set, ck_err *err);

/* ---- text a person gives ---- */
/* Check text for kind as the station would store it: core/text.h's rules, and for what a
 * certificate prints (names, titles, trainer, credential, location) that its fonts can draw
 * it. where (may be NULL) names the place in the message. *out (may be NULL) gets the cleaned
 * text, malloc'd. Every use case that stores text calls it; a face may call it first to show
 * the problem beside the field (the kiosk's reason). */
ck_rc ck_app_text_check(ck_app *app, ck_text_kind kind, const char *text, const char *where,
                        char **out, ck_err *err);

/* ---- setup ---- */

/* Create or upgrade the database, store the license text from assets/ when no stored version
 * (this station's or another's) holds it yet, and create the signing key if there is none. The file
 * is its owner's only (mode 0600); group (a name or number) may read it too (0640), which later
 * inits remember; "" takes the group's access away again, NULL keeps what an earlier init set.
 * Reports what it did in *summary (may be NULL): a message of a sentence a line. */
ck_rc ck_app_init(ck_app *app, const char *group, ck_msg *summary, ck_err *err);

/* Set up a demo: the database, a two-day course starting today with assets/demo-roster.csv,
 * and the trainer PIN demo_pin when none is set. Running it again on the same day reuses
 * the demo course. */
ck_rc ck_app_demo(ck_app *app, const char *demo_pin, ck_msg *summary, ck_err *err);

/* ---- courses ---- */
typedef struct ck_course_spec {
    const char *title, *trainer, *credential, *location;
    const char *printer; /* CUPS printer for this course's certificates; NULL: none */
    const char *room;    /* the room it is held in; stations set to it show it; NULL: none */
    double hours;        /* 0: 8 per day */
    const char **dates;  /* "YYYY-MM-DD" */
    size_t ndates;
    const char *window;  /* "HH:MM-HH:MM"; NULL: 09:00-17:00 */
    const char **breaks; /* "HH:MM-HH:MM" each, applied to every day */
    size_t nbreaks;
    int tolerance_min; /* < 0: the default, 10 */
    const char *lang;  /* the certificates' language (code or name); NULL: the station's */
} ck_course_spec;

ck_rc ck_app_course_create(ck_app *app, const ck_course_spec *spec, int64_t *id, ck_err *err);
/* The chosen course: the one the options named; else, when the station is set to a room
 * (config room), the room's course with a day today, else the room's newest; else the
 * newest course. A course created meanwhile (here, by another process or at another station)
 * counts from the next call. */
ck_rc ck_app_course(ck_app *app, const ck_course_rec **out, ck_err *err);
ck_rc ck_app_course_list(ck_app *app, ck_course_rec **out, size_t *n, ck_err *err);
/* Which course day a local date is: its index, or -1. */
int ck_app_course_day_index(const ck_course_rec *c, const char *date);
/* Index of the course day today, or -1. */
int ck_app_today_index(ck_app *app, const ck_course_rec *c);

/* ---- roster ---- */
typedef struct ck_import_result {
    size_t added, unchanged, renamed;
    size_t languages; /* people already on the roster whose language cell changed it */
} ck_import_result;

/* Import a roster CSV file; all or nothing. Re-importing the same file changes nothing. */
ck_rc ck_app_roster_import(ck_app *app, const char *path, ck_import_result *out, ck_err *err);
/* Add one person (a walk-in) by hand. */
ck_rc ck_app_roster_add(ck_app *app, const char *name, const char *email, int64_t *id, ck_err *err);
/* The same with their language (a code or a name as ck_name_language() reads it; NULL or ""
 * for none): the kiosk greets them in it. */
ck_rc ck_app_roster_add_lang(ck_app *app, const char *name, const char *email, const char *lang,
                             int64_t *id, ck_err *err);
/* The language text names (ck_name_language()), or a sentence saying it is none of the
 * station's; NULL or "" gives *out NULL and CK_OK. */
ck_rc ck_app_language_named(const char *text, const ck_lang **out, ck_err *err);
ck_rc ck_app_roster(ck_app *app, ck_attendee_rec **out, size_t *n, ck_err *err);

/* Resolve WHO: an e-mail, an attendee id, a badge's code, or a name matching exactly one
 * person (accents and case ignored). */
ck_rc ck_app_find(ck_app *app, const char *who, ck_attendee_rec *out, ck_err *err);
/* Everyone whose name matches query (for the kiosk's search list); *out malloc'd. */
ck_rc ck_app_search(ck_app *app, const char *query, ck_attendee_rec **out, size_t *n, ck_err *err);

/* ---- check-in and check-out ---- */
typedef struct ck_presence_req {
    int64_t attendee_id;
    ck_event_kind kind; /* CK_EVENT_IN or CK_EVENT_OUT */
    ck_source source;   /* kiosk, self (CLI), trainer */
    bool at_given;      /* a trainer correction at the time at; false: now */
    int64_t at;         /* UTC seconds, with at_given */
    const char *reason; /* required for corrections and trainer actions */
} ck_presence_req;

typedef struct ck_presence_result {
    ck_attendee_rec person;
    bool changed;      /* false: already in (a repeated tap) */
    int64_t event_id;  /* the new event, or 0 */
    int64_t at;        /* when it counts */
    int64_t since;     /* when already in: since when */
    int day_index;     /* which course day */
    bool last_day;     /* the course's final day: time for the license */
    ck_day_result day; /* that day's attendance after the action */
} ck_presence_result;

ck_rc ck_app_presence(ck_app *app, const ck_presence_req *req, ck_presence_result *out,
                      ck_err *err);

/* Undo an event. At the kiosk only the attendee's latest event, within
 * CK_APP_UNDO_SECONDS of recording; a trainer may void any event with a reason. */
#define CK_APP_UNDO_SECONDS 20
ck_rc ck_app_void_event(ck_app *app, int64_t event_id, ck_source source, const char *reason,
                        ck_err *err);
ck_rc ck_app_events(ck_app *app, int64_t attendee_id, ck_event_rec **out, size_t *n, ck_err *err);

typedef struct ck_close_result {
    char date[11];
    size_t closed; /* people checked out by the trainer */
    int64_t at;
    char names[1024]; /* their names, comma-separated: whole names, then "…" if more */
} ck_close_result;

/* The trainer closes a day (NULL: today): everyone still in is checked out at the window's
 * end. Refused before the window ends. */
ck_rc ck_app_close_day(ck_app *app, const char *date, const char *reason, ck_close_result *out,
                       ck_err *err);

/* ---- license ---- */
ck_rc ck_app_license_current(ck_app *app, ck_license_rec *out, ck_err *err);
/* The current version's text in lang; English (which every version has) when lang is NULL or
 * the version has no text in it. out->lang says which it is. */
ck_rc ck_app_license_text(ck_app *app, const ck_lang *lang, ck_license_rec *out, ck_err *err);
/* The current version and the languages it has a text in, English first (at most max). */
ck_rc ck_app_license_langs(ck_app *app, int *version, const ck_lang **langs, size_t max, size_t *n,
                           ck_err *err);

/* What a license update stored. */
typedef struct ck_license_stored {
    int version;      /* the current version afterwards */
    bool new_version; /* a text changed: everyone must accept again */
    size_t nadded;    /* texts stored (all of a new version's, or new languages of the current) */
    const ck_lang *added[CK_LICENSE_MAX_TEXTS];
} ck_license_stored;

/* Store the license texts in paths (files named license.<code>.txt, a name without a code being
 * English, or folders holding such files); n == 0: the data folder's assets/. English is
 * required. A text that differs from the current version's in its language makes a new version
 * of all the texts given; texts in languages the current version lacks are added to it;
 * otherwise nothing changes. All or nothing. */
ck_rc ck_app_license_update_texts(ck_app *app, const char *const *paths, size_t n,
                                  ck_license_stored *out, ck_err *err);
/* The same for one file or folder (NULL: assets/); *version is the current version afterwards,
 * *added whether anything was stored. */
ck_rc ck_app_license_update(ck_app *app, const char *path, int *version, bool *added, ck_err *err);
typedef struct ck_decision_req {
    int64_t attendee_id;
    ck_decision decision;
    int version; /* the version the person read; 0: current */
    ck_source source;
    bool at_given;       /* a trainer correction at the time at (on a course day); false: now */
    int64_t at;          /* UTC seconds, with at_given */
    const char *reason;  /* required for corrections */
    const ck_lang *lang; /* the language of the text read (NULL: English); a language the version
                            has no text in was shown in English and is recorded so */
} ck_decision_req;
ck_rc ck_app_license_decide(ck_app *app, const ck_decision_req *req, ck_err *err);

/* ---- status and eligibility ---- */
typedef struct ck_day_status {
    char date[11];
    ck_day_result result;
    bool started, over; /* now is past the window's start / end */
} ck_day_status;

typedef struct ck_status {
    ck_attendee_rec person;
    size_t ndays;
    ck_day_status days[CK_COURSE_MAX_DAYS];
    bool in_now; /* checked in today, not yet out */
    int64_t in_since;
    bool license_accepted; /* the current version */
    int license_version;   /* version of the latest decision, 0: none */
    ck_decision license_decision;
    bool eligible;
    size_t nreasons, reasons_cap;
    ck_msg *reasons; /* why not: each a sentence for a person, and its stable code (ck_msg_code:
                        day.not_started, day.in_progress, day.absent, day.late, day.early,
                        day.away, day.open, day.missing, license.none, license.declined,
                        license.outdated) */
} ck_status;

void ck_status_clear(ck_status *s);
void ck_status_list_free(ck_status *list, size_t n);
ck_rc ck_app_status_one(ck_app *app, int64_t attendee_id, ck_status *out, ck_err *err);
ck_rc ck_app_status(ck_app *app, ck_status **out, size_t *n, ck_err *err);
/* The same, one attendee at a time (in name order) without the whole list in memory: fn sees
 * each status (valid during the call only); what it returns other than CK_OK stops the walk
 * and is returned. */
typedef ck_rc (*ck_status_fn)(void *ctx, const ck_status *s, ck_err *err);
ck_rc ck_app_status_each(ck_app *app, ck_status_fn fn, void *ctx, ck_err *err);

/* Welcome's "N of M checked in": how many of the current course's attendees are checked in
 * now (0 when today is not one of its days) and how many it has. It follows the events
 * recorded since the last call (by any process), so a call costs little however large the
 * course; the first call, and the first of a new day, read the whole course. */
ck_rc ck_app_here_count(ck_app *app, size_t *in_now, size_t *total, ck_err *err);

/* ---- signing keys ---- */
/* A key id: the RFC 7638 thumbprint of the public key, 43 base64url characters. */
#define CK_APP_KID_LEN 43

/* The station's public keys: the active one as a JWK, or all (retired too) as a JWKS. */
ck_rc ck_app_keys_export(ck_app *app, bool all, char **json, ck_err *err);
/* Start a new signing key; old public keys stay for verification. *kid: the new key's id. */
ck_rc ck_app_keys_rotate(ck_app *app, char kid[CK_APP_KID_LEN + 1], ck_err *err);

/* ---- certificates ---- */
typedef struct ck_issue_opts {
    const char *out_dir; /* NULL: "certificates" beside the database */
    bool letter;         /* US Letter instead of A4 */
    ck_source source;    /* who asked, for the audit trail; 0: the trainer */
} ck_issue_opts;

typedef struct ck_issue_result {
    ck_attendee_rec person;
    char id[CK_CERT_ID_MAX];
    bool reused; /* the certificate already existed: same id and token */
    char pdf_path[4096];
    int qr_version;
    double qr_module_mm;
} ck_issue_result;

/* Issue (or re-issue) an eligible attendee's certificate and write its PDF. An ineligible
 * attendee gets CK_EINELIGIBLE and the status reasons in the message. */
ck_rc ck_app_cert_issue(ck_app *app, int64_t attendee_id, const ck_issue_opts *opts,
                        ck_issue_result *out, ck_err *err);
/* Write the PDF of an issued, unrevoked certificate again (same id and token), without
 * checking eligibility again: for reprints. */
ck_rc ck_app_cert_render(ck_app *app, const char *cert_id, const ck_issue_opts *opts,
                         ck_issue_result *out, ck_err *err);
/* The QR text of a stored certificate (prefix from the verify-url setting); free() it. */
ck_rc ck_app_cert_qr_text(ck_app *app, const char *token, char **out, ck_err *err);
ck_rc ck_app_cert_list(ck_app *app, ck_cert_rec **out, size_t *n, ck_err *err);
/* Revoke a certificate (id as typed: any case, dashes optional). Audited. */
ck_rc ck_app_cert_revoke(ck_app *app, const char *id, const char *reason, ck_err *err);
/* Every revocation of the station as a signed list (a JWS); free() it. */
ck_rc ck_app_revocations(ck_app *app, char **jws, ck_err *err);

/* Export the offline verification page into dir, with the station's public keys (retired
 * ones too), its signed revocation list and the issuer name. Re-export after a revocation or
 * a key rotation. */
ck_rc ck_app_verifier_export(ck_app *app, const char *dir, ck_err *err);

/* ---- printing ---- */
#define CK_APP_PRINT_MAX_ATTEMPTS 8

/* Which printer a job goes to: the one asked for, else the course's, else the printer
 * setting, else "" (the CUPS default). */
void ck_app_print_target(ck_app *app, const char *asked, char *out, size_t n);

/* Record a print job for a PDF (cert_id may be NULL), then send it to CUPS. A job that CUPS
 * refuses now (printer missing, stopped, off) stays recorded and is retried by
 * ck_app_print_poll(): CK_OK means the job is recorded; read out->state and out->last_error. */
ck_rc ck_app_print(ck_app *app, ck_source source, const char *path, const char *cert_id,
                   const char *printer, ck_job_rec *out, ck_err *err);

typedef struct ck_poll_result {
    size_t open;      /* jobs not finished after the poll */
    size_t completed; /* jobs that completed during this poll */
    size_t attention; /* held or failed: a person should look */
} ck_poll_result;

/* Ask CUPS about every unfinished job, record what it says, resend queued and failed jobs
 * whose retry time has come. Safe to call often: the kiosk calls it every few seconds. */
ck_rc ck_app_print_poll(ck_app *app, ck_poll_result *out, ck_err *err);
/* Poll one job until it completes or timeout_ms passes; *out is its last record. */
ck_rc ck_app_print_follow(ck_app *app, int64_t job_id, int timeout_ms, ck_job_rec *out,
                          ck_err *err);
ck_rc ck_app_print_jobs(ck_app *app, ck_job_rec **out, size_t *n, ck_err *err);
ck_rc ck_app_print_job(ck_app *app, int64_t job_id, ck_job_rec *out, ck_err *err);
/* Print a job's document again as a new job (the same certificate: same id and token). */
ck_rc ck_app_print_reprint(ck_app *app, ck_source source, int64_t job_id, ck_job_rec *out,
                           ck_err *err);
/* Print an issued certificate by id; its PDF is written again if it is gone. */
ck_rc ck_app_print_cert(ck_app *app, ck_source source, const char *cert_id, const char *printer,
                        ck_job_rec *out, ck_err *err);

/* ---- verifying a certificate (app/verify.c) ---- */
/* Longest signed text (name, course, trainer…) and most dates a certificate carries. */
#define CK_VERIFY_TEXT_MAX 200
#define CK_VERIFY_MAX_DAYS 14
#define CK_VERIFY_ID_MAX 64

/* The outcome, from best to the reason it fails. */
typedef enum ck_verify_status {
    CK_VERIFY_VALID = 0,
    CK_VERIFY_MALFORMED,     /* not a well-formed certificate code */
    CK_VERIFY_BAD_ALG,       /* an algorithm other than EdDSA, "none" included */
    CK_VERIFY_UNKNOWN_KEY,   /* signed by a key that is not trusted */
    CK_VERIFY_BAD_SIGNATURE, /* altered or forged */
    CK_VERIFY_NOT_YET_VALID, /* issued in the future (beyond the clock skew) */
    CK_VERIFY_EXPIRED,       /* past its expiry */
    CK_VERIFY_REVOKED,       /* in the revocation list */
} ck_verify_status;

/* What a certificate states, as signed. */
typedef struct ck_verify_claims {
    char id[CK_VERIFY_ID_MAX + 1]; /* certificate id */
    char issuer[CK_VERIFY_TEXT_MAX + 1];
    int64_t issued_at, expires_at;     /* UTC seconds; valid before expires_at */
    char name[CK_VERIFY_TEXT_MAX + 1]; /* holder */
    char course[CK_VERIFY_TEXT_MAX + 1];
    char trainer[CK_VERIFY_TEXT_MAX + 1];
    char trainer_cred[CK_VERIFY_TEXT_MAX + 1]; /* may be empty */
    size_t ndays;
    char days[CK_VERIFY_MAX_DAYS][11]; /* "YYYY-MM-DD", ascending */
    double hours;                      /* contact hours */
} ck_verify_claims;

/* What a scanned line or an input turned out to be. */
typedef enum ck_verify_kind {
    CK_VERIFY_CERTIFICATE, /* a certificate's code, valid or not: read status */
    CK_VERIFY_BADGE,       /* a scanned line only: a badge's code; attendee_id says whose */
    CK_VERIFY_UNREADABLE,  /* a scanned line only: neither; reason says so */
} ck_verify_kind;

typedef struct ck_verdict {
    ck_verify_kind kind;
    int64_t attendee_id; /* CK_VERIFY_BADGE: whose badge of this course it is; 0: nobody's */
    ck_verify_status status;
    bool has_claims;                  /* the signature is good and the claims were decoded */
    ck_verify_claims claims;          /* valid only when has_claims */
    char kid[CK_APP_KID_LEN + 1];     /* the key the code names, when readable */
    char signer[CK_STATION_NAME_MAX]; /* the station of the organisation whose key that is, when
                                         it is not this station's own; "" otherwise */
    int64_t revoked_at;               /* CK_VERIFY_REVOKED only */
    bool revocations_checked;         /* a revocation list was consulted */
    char source[8];   /* "text", "file", "PNG", "JPEG" or "PDF": where it came from */
    ck_msg said;      /* one line for a person (the faces word it) … */
    char reason[320]; /* … and in English, for logs and --json */
} ck_verdict;

/* What a person supplies to verify, and what to trust. Give text or path. */
typedef struct ck_verify_req {
    const char *text; /* QR text (prefix + digits), a verify URL or a raw token, NUL-ended */
    size_t len;
    bool scanned;     /* text is a line from the kiosk's scanner: it may be a badge instead */
    const char *path; /* a PNG, JPEG or PDF file with the QR code, or a file holding the text */
    const char *keys_path;        /* trust the keys in this JWKS file; NULL: the station's */
    const char *revocations_path; /* check this signed revocation list; NULL: the station's */
    bool now_given;               /* check at the time now; false: the app's clock (the
                                     system clock without an app) */
    int64_t now;
} ck_verify_req;

/* Verify a certificate the way both faces do: classify a scanned line (a badge needs no key
 * read), read a file's QR code, load the trusted keys and the revocations, check the code.
 * app may be NULL when keys_path is given; then only revocations_path is checked. CK_OK
 * with *out filled for any code, good or bad; an error when the keys, the revocation list or
 * the file cannot be read. */
ck_rc ck_app_verify(ck_app *app, const ck_verify_req *req, ck_verdict *out, ck_err *err);
/* A short lower-case name for a status: "valid", "bad signature", "revoked"… */
const char *ck_verify_status_name(ck_verify_status status);

/* ---- audit and the chain ---- */

/* What a trainer action was. The faces word a record with ck_app_audit_words(). */
typedef enum ck_audit_action {
    CK_AUDIT_OTHER = 0, /* a name this build does not know (a newer classkiosk wrote it) */
    CK_AUDIT_CHECKIN_TRAINER,
    CK_AUDIT_CHECKOUT_TRAINER,
    CK_AUDIT_EVENT_VOID,
    CK_AUDIT_DAY_CLOSE,
    CK_AUDIT_LICENSE_DECIDE,
    CK_AUDIT_LICENSE_UPDATE,
    CK_AUDIT_CERT_ISSUE,
    CK_AUDIT_CERT_REVOKE,
    CK_AUDIT_PRINT_SUBMIT,
    CK_AUDIT_ROSTER_IMPORT,
    CK_AUDIT_ROSTER_ADD,
    CK_AUDIT_COURSE_CREATE,
    CK_AUDIT_CONFIG_SET,
    CK_AUDIT_PIN_SET,
    CK_AUDIT_PIN_RESET,
    CK_AUDIT_PIN_LOCKED,
    CK_AUDIT_KEYS_CREATE,
    CK_AUDIT_KEYS_ROTATE,
    CK_AUDIT_DB_UPGRADE,
    CK_AUDIT_SERVER_JOIN,
    CK_AUDIT_MAIL_QUEUE,
    CK_AUDIT_MAIL_RETRY,
    CK_AUDIT_MAIL_LOGIN,
} ck_audit_action;

/* The name an action is stored under ("cert.issue"), and back (CK_AUDIT_OTHER if unknown). */
const char *ck_audit_action_name(ck_audit_action action);
ck_audit_action ck_audit_action_from(const char *name);

/* One audit record in words a trainer reads. */
typedef struct ck_audit_words {
    ck_audit_action action;
    ck_msg sentence;            /* "Issued certificate CK-7M2QX-D9RTA to Zoë Ångström-Núñez" */
    char reason[CK_REASON_MAX]; /* the reason the trainer gave, or "" */
} ck_audit_words;
void ck_app_audit_words(const ck_audit_rec *r, ck_audit_words *out);

ck_rc ck_app_audit(ck_app *app, ck_audit_rec **out, size_t *n, ck_err *err);

/* This station's chain head: the newest entry of its chain. Written down (or printed on a
 * register, or pushed to a server), it lets "audit verify --expect" find entries removed from
 * the end of the file, which nothing inside the file can show. */
typedef struct ck_chain_head {
    char origin[CK_UID_LEN + 1]; /* this station's id */
    int64_t seq;                 /* 0 while the chain is empty */
    char hash[65];
    char text[32]; /* "57:3f9a1c2e7b10d4e2": seq and the first 16 hex digits, to write down */
} ck_chain_head;
ck_rc ck_app_chain_head(ck_app *app, ck_chain_head *out, ck_err *err);

typedef struct ck_audit_check {
    size_t entries, stations, records; /* chain entries, chains, table rows compared */
    ck_chain_head head;
} ck_audit_check;

/* Check every chain, replay it and compare with the tables; expect (NULL: none) is a head
 * written down earlier, "SEQ:HASH" with at least 8 hex digits, which the chain must still
 * hold. CK_EDB names the first record that differs; CK_EINVAL a badly written expect. */
ck_rc ck_app_audit_verify(ck_app *app, const char *expect, ck_audit_check *out, ck_err *err);

/* ---- the organisation's server: several stations, one set of records (app/sync.c) ---- */

/* Longest connection URI kept. */
#define CK_APP_URI_MAX 1024

typedef struct ck_server_info {
    char where[512]; /* host:port/database */
    int from, to;    /* the server schema before and after */
    bool tls;        /* the connection was encrypted */
} ck_server_info;

/* Create or upgrade the organisation's schema on the server owner_url names (a libpq
 * connection URI of a role that owns the database and may create roles). No station
 * database is needed. */
ck_rc ck_app_server_init(const char *owner_url, ck_server_info *out, ck_err *err);
/* Register a station: its own role with a fresh password. *uri: the connection URI the
 * station joins with (it holds the password: hand it over, then forget it). */
ck_rc ck_app_server_add_station(const char *owner_url, const char *name, char *uri, size_t n,
                                ck_err *err);
/* Revoke a station (a lost or stolen kiosk): its role may not log in any more and the server
 * takes nothing more from it; its keys still vouch, at every station, for the certificates
 * its chain holds from before. *when: the revocation time. */
ck_rc ck_app_server_revoke_station(const char *owner_url, const char *name, int64_t *when,
                                   ck_err *err);

typedef struct ck_join_result {
    char station[CK_TEXT_MAX];   /* the name the station was registered under */
    char server[CK_APP_URI_MAX]; /* the URI kept in the settings, without the password */
    char passfile[4096];         /* where the password is kept (mode 0600) */
    bool tls;                    /* the connection is encrypted */
} ck_join_result;

/* Join the organisation with the URI add-station printed: connect, claim the station's
 * registration for this database's chain, keep the password in a pgpass file beside the
 * database (mode 0600) and the URI without it in the settings, take the station's name. */
ck_rc ck_app_join(ck_app *app, const char *uri, ck_join_result *out, ck_err *err);

typedef struct ck_sync_result {
    size_t pushed;     /* this station's entries sent */
    size_t pulled;     /* other stations' entries taken in */
    size_t from;       /* stations they came from */
    size_t restored;   /* this station's own entries taken back from the server */
    size_t waiting;    /* entries waiting for a record not pulled yet */
    size_t aside;      /* entries taken in whose record this classkiosk cannot make */
    int64_t offset_ms; /* the server's clock minus this station's */
    bool tls;
    char station[CK_TEXT_MAX];
} ck_sync_result;

/* Push this station's new entries, then pull everyone else's, each chain checked before it is
 * replayed. Safe to stop at any moment and to run again: what the server holds decides what
 * goes, what the file holds decides what comes. A chain that cannot be taken in does not stop
 * the others; the first error is returned. The outcome (in step, or why not since when) is
 * kept for ck_app_sync_status(). CK_EIO when the server cannot be reached; other codes when
 * it refuses. */
ck_rc ck_app_sync(ck_app *app, ck_sync_result *out, ck_err *err);

/* More than this between the station's clock and the server's is worth a trainer's look. */
#define CK_APP_CLOCK_SKEW_S 120

typedef struct ck_sync_status {
    bool joined;                 /* a server is set */
    char server[CK_APP_URI_MAX]; /* its URI, without the password */
    char station[CK_TEXT_MAX];
    int64_t last_ok;           /* the last sync that ended in step; 0: never */
    int64_t last_try;          /* the last attempt; 0: never */
    int64_t unreachable_since; /* the first failed attempt since the last good one; 0: none */
    bool refused;              /* the last attempt reached the server, which refused */
    ck_msg last_error;         /* why the last attempt failed; empty when it did not */
    int64_t waiting;           /* this station's entries the server did not hold at last look */
    bool offset_known;
    int64_t offset_ms; /* the server's clock minus this station's, at the last sync */
    bool clock_off;    /* more than CK_APP_CLOCK_SKEW_S apart */
    size_t stations;   /* stations of the organisation known here */
    size_t aside;      /* other stations' entries whose record cannot be made here */
    ck_msg aside_why;  /* the first one's reason */
} ck_sync_status;

/* What the last sync found, read from the station's file (nothing goes to the network). */
ck_rc ck_app_sync_status(ck_app *app, ck_sync_status *out, ck_err *err);

/* ---- badges (app/badge.c): an unguessable code per attendee ---- */
/* A badge's code: "CKBADGE" and 40 digits holding 128 random bits (libsodium), digits because
 * keyboard-wedge scanners type them right on any keyboard layout. It names nobody: a guessed
 * code checks in nobody. */
#define CK_APP_BADGE_CODE_MAX 64

/* The attendee's badge code, made and recorded in the chain (so every station of the
 * organisation knows it) when the person has none. */
ck_rc ck_app_badge_code(ck_app *app, int64_t attendee_id, char code[CK_APP_BADGE_CODE_MAX],
                        ck_err *err);

typedef struct ck_badge_opts {
    const char *out;    /* NULL: reports/badges-<course>.pdf beside the database */
    bool letter;        /* US Letter sheets (Avery 5395) instead of A4 (Avery L4785) */
    const char *layout; /* a layout by name (ck_app_badge_layout()); NULL: the paper's default */
    bool outlines;      /* draw each label's edge (plain paper) */
    const int64_t *who; /* these attendees only; NULL: everyone on the roster */
    size_t nwho;
} ck_badge_opts;

typedef struct ck_badge_result {
    char path[4096];
    size_t badges, made; /* badges on the sheets; codes made for them now */
    int pages;
    char layout[32], product[96];
    double qr_module_mm;
} ck_badge_result;

/* Badges for the course's attendees on label sheets (a code made for whoever has none). */
ck_rc ck_app_badges(ck_app *app, const ck_badge_opts *opts, ck_badge_result *out, ck_err *err);
/* The i-th badge layout: its name, the label product and what it is; NULL past the last. */
const char *ck_app_badge_layout(size_t i, const char **product, const char **what, bool *letter);

/* ---- reports (app/report.c): the attendance register, exports, the completed list ---- */
typedef enum ck_report_format { CK_REPORT_CSV = 0, CK_REPORT_XLSX } ck_report_format;

typedef struct ck_report_opts {
    /* The file to write; "-": keep the bytes in the result instead (standard output); NULL: a
     * file in reports/ beside the database. */
    const char *out;
    ck_report_format format; /* exports */
    bool bom;                /* CSV: a UTF-8 byte-order mark first, for spreadsheet programs */
    bool letter;             /* the register: US Letter instead of A4 */
} ck_report_opts;

typedef struct ck_report_result {
    char path[4096];     /* where it was written; "" when kept in data */
    unsigned char *data; /* out "-": the document; freed by ck_report_result_clear() */
    size_t size;
    size_t rows;        /* attendees listed */
    size_t uncertified; /* the completed list: eligible people without a certificate yet */
    int pages;          /* the register */
    ck_chain_head head; /* the register: the chain head printed in its footer */
} ck_report_result;
void ck_report_result_clear(ck_report_result *r);

/* The attendance register PDF: per day every attendee's intervals, present against required,
 * complete, trainer corrections marked and explained below the table; a summary (license
 * version, language and time of acceptance, eligible, certificate); a signature line; the
 * course id and the chain head in every page's footer. */
ck_rc ck_app_report_register(ck_app *app, const ck_report_opts *opts, ck_report_result *out,
                             ck_err *err);
/* One row per attendee (per day first in, last out, present and required minutes, complete;
 * license; eligible; reasons; certificate), as CSV, or as XLSX with that summary sheet and a
 * sheet per day holding every interval. */
ck_rc ck_app_report_export(ck_app *app, const ck_report_opts *opts, ck_report_result *out,
                           ck_err *err);
/* The list a certification body asks for: everyone eligible with first name, last name,
 * e-mail, course, dates, contact hours, trainer, certificate id and verify link. */
ck_rc ck_app_report_completed(ck_app *app, const ck_report_opts *opts, ck_report_result *out,
                              ck_err *err);

/* ---- mail (app/mail.c): certificates and invitations through an outbox ---- */
/* The mail server's login file: beside the database, mode 0600 (classkiosk.db →
 * classkiosk.mail-login), the user name on its first line and the password on its second. */
void ck_app_mail_login_path(ck_app *app, char *out, size_t n);
/* Write that file (replacing it atomically). Audited, the user name only. */
ck_rc ck_app_mail_login(ck_app *app, const char *user, const char *password, ck_err *err);
/* Whether the station can send mail: the smtp and mail-from settings are set. */
bool ck_app_mail_ready(ck_app *app);

/* Put a message in the outbox, committed before anything is sent: an attendee's certificate
 * (the PDF attached, the verify link and the course in the text) or the invitation with the
 * badge code, to the address on the roster. A message of that kind already queued or sent is
 * not queued again unless again is set (*out is then that message, out_new false). */
ck_rc ck_app_mail_cert(ck_app *app, int64_t attendee_id, ck_source source, bool again,
                       ck_mail_rec *out, bool *out_new, ck_err *err);
ck_rc ck_app_mail_invite(ck_app *app, int64_t attendee_id, bool again, ck_mail_rec *out,
                         bool *out_new, ck_err *err);

typedef struct ck_mail_run {
    size_t sent, deferred, refused, unsure; /* this run's messages by outcome */
    size_t waiting;                         /* still queued afterwards */
    int64_t next_at;                        /* the soonest retry, 0 if none */
} ck_mail_run;

/* Send the messages that are due (at most max, 0: all), each once: a refusal that may pass is
 * retried later with a growing pause, one for good is kept as failed with the server's words,
 * and one whose fate is unknown (handed over, then no answer) is never sent again by itself. */
ck_rc ck_app_mail_send(ck_app *app, size_t max, ck_mail_run *out, ck_err *err);
/* One message of the outbox (without its bytes). */
ck_rc ck_app_mail_get(ck_app *app, int64_t id, ck_mail_rec *out, ck_err *err);
/* The course's messages, newest first (without their bytes). */
ck_rc ck_app_mail_list(ck_app *app, ck_mail_rec **out, size_t *n, ck_err *err);
/* Queue a failed or unsure message again, as it is (the same Message-ID). Audited. */
ck_rc ck_app_mail_retry(ck_app *app, int64_t id, ck_err *err);

/* ---- settings ---- */
/* Known keys: verify-url, issuer, station, printer, language, room, smtp, mail-from. */
/* The i-th setting's name and what it is for (*help may be NULL); NULL past the last. */
const char *ck_app_config_key(size_t i, const char **help);
ck_rc ck_app_config_set(ck_app *app, const char *key, const char *value, ck_err *err);
ck_rc ck_app_config_get(ck_app *app, const char *key, char *out, size_t n, ck_err *err);
/* The station's language (setting "language"; English when unset): the kiosk speaks it until
 * a person picks another. */
const ck_lang *ck_app_language(ck_app *app);

/* ---- trainer PIN ---- */
#define CK_APP_PIN_TRIES 5 /* wrong PINs in a row before entry locks */
#define CK_APP_PIN_MIN 4   /* digits */
#define CK_APP_PIN_MAX 12
/* How long entry locks after the (locks_before + 1)-th round of wrong PINs since the last
 * right one: 1 min, 5 min, 15 min, then 1 h each time. The count survives restarts. */
int ck_app_pin_lock_seconds(int locks_before);
/* Set the trainer PIN (4 to 12 digits). Once one is set, changing it needs old_pin, checked
 * like a try at the kiosk (it counts, a lock holds; when right the lock is cleared), or root
 * with old_pin NULL, which leaves any lock as it is. */
ck_rc ck_app_pin_set(ck_app *app, const char *old_pin, const char *pin, ck_err *err);
bool ck_app_pin_is_set(ck_app *app);
/* Whether entry is locked now, and for how many more seconds; counts no attempt. */
bool ck_app_pin_locked(ck_app *app, int *wait_seconds);
/* CK_OK when right; CK_EINVAL when wrong (*tries_left set); CK_ELOCKED while locked, or when
 * this try began a lock (*wait_seconds set). The try is counted before the hash is checked and
 * no transaction is open while it is, so other connections keep writing. */
ck_rc ck_app_pin_check(ck_app *app, const char *pin, int *tries_left, int *wait_seconds,
                       ck_err *err);

#endif
