/* The records the station keeps, as plain structs: courses, attendees, events, license texts
 * and decisions, certificates, revocations, print jobs and audit records.
 *
 * store/ reads and writes them, app/ passes them to the faces; nothing here does I/O. The
 * helpers below free what a record owns or name an enum value.
 */
#ifndef CK_CORE_RECORDS_H
#define CK_CORE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/msg.h"
#include "core/attend.h"

#include "core/text.h"

#define CK_TEXT_MAX 256    /* titles, names, e-mails: each kind's limit fits (core/text.h) */
#define CK_REASON_MAX 1024 /* reasons typed by a trainer, with "day closed: " in front */
#define CK_DEVICE_MAX CK_TEXT_BYTES(CK_TEXT_STATION_CHARS) /* the station recording an event */
#define CK_UID_LEN 32                                      /* hex of 16 random bytes */
#define CK_LANG_CODE_MAX 8 /* a language's code and its NUL: "en", "pt_BR" (common/lang.h) */

/* ---- courses ---- */
typedef struct ck_clock_span {
    int start_min, end_min; /* minutes after local midnight */
} ck_clock_span;

typedef struct ck_course_day_rec {
    int day_no;    /* 1-based */
    char date[11]; /* YYYY-MM-DD, local */
    ck_clock_span window;
    size_t nbreaks;
    ck_clock_span breaks[CK_ATTEND_MAX_BREAKS];
} ck_course_day_rec;

#define CK_COURSE_MAX_DAYS 14

typedef struct ck_course_rec {
    int64_t id;
    char uid[CK_UID_LEN + 1];
    char title[CK_TEXT_MAX], trainer[CK_TEXT_MAX], credential[CK_TEXT_MAX];
    char location[CK_TEXT_MAX], printer[CK_TEXT_MAX];
    char room[CK_TEXT_MAX];      /* "" when the course belongs to no room */
    char lang[CK_LANG_CODE_MAX]; /* the certificates' language: "en", "de", "fr", "es", "pt_BR" */
    double hours;
    int tolerance_min;
    int64_t created_at;
    size_t ndays;
    ck_course_day_rec days[CK_COURSE_MAX_DAYS];
} ck_course_rec;

/* ---- attendees ---- */
typedef struct ck_attendee_rec {
    int64_t id;
    char uid[CK_UID_LEN + 1];
    int64_t course_id;
    char name[CK_TEXT_MAX];
    char email[CK_TEXT_MAX];
    char name_key[4 * CK_TEXT_MAX]; /* ck_name_key(name) */
    char lang[CK_LANG_CODE_MAX];    /* the language the roster gave ("de", "pt_BR"); "" none */
    int64_t created_at;
    /* The given and family names when the roster had them apart (First name, Last name
     * columns); "" when it gave the name whole. */
    char given[CK_TEXT_MAX], family[CK_TEXT_MAX];
} ck_attendee_rec;

/* ---- events ---- */
typedef enum ck_source {
    CK_SOURCE_KIOSK = 1, /* the attendee at the touchscreen */
    CK_SOURCE_SELF = 2,  /* the attendee's action recorded through the CLI */
    CK_SOURCE_TRAINER = 3,
} ck_source;

typedef struct ck_event_rec {
    ck_event ev; /* id, kind, at, target */
    char uid[CK_UID_LEN + 1];
    int64_t attendee_id;
    int64_t recorded_at;
    ck_source source;
    char reason[CK_REASON_MAX];
    char device[CK_DEVICE_MAX];
} ck_event_rec;
/* "kiosk", "self", "trainer" (as stored and printed). */
const char *ck_source_name(ck_source s);

/* ---- license ---- */
/* One text of a license version: the English one (every version has it) or a translation. */
typedef struct ck_license_rec {
    int version; /* as its station numbered it: two stations may each store a version 2 */
    char uid[CK_UID_LEN + 1];    /* of the version's license entry (its English text) */
    char lang[CK_LANG_CODE_MAX]; /* the language of body: "en", "de", "pt_BR" */
    char sha256[65];             /* of body: the same text stored twice is the same license */
    char *body;                  /* malloc'd */
    int64_t added_at;
} ck_license_rec;

/* Most texts a version holds: one per language the station speaks. */
#define CK_LICENSE_MAX_TEXTS 8

/* Free the body and zero the record; NULL is a no-op. */
void ck_license_rec_clear(ck_license_rec *rec);

typedef enum ck_decision { CK_DECISION_ACCEPT = 1, CK_DECISION_DECLINE = 2 } ck_decision;

typedef struct ck_acceptance_rec {
    int64_t id;
    char uid[CK_UID_LEN + 1];
    int64_t attendee_id;
    int version;
    char
        lang[CK_LANG_CODE_MAX]; /* the language of the text decided on ("en" for older decisions) */
    ck_decision decision;
    int64_t at;
    ck_source source;
    char reason[CK_REASON_MAX];
    int64_t recorded_at;  /* when it was written (at may be a trainer's earlier time) */
    char license_sha[65]; /* the sha256 of the text decided on */
} ck_acceptance_rec;

/* ---- certificates ---- */
#define CK_CERT_ID_MAX 32

typedef struct ck_cert_rec {
    char id[CK_CERT_ID_MAX];
    int64_t attendee_id;
    char *token; /* malloc'd compact JWS */
    char kid[64];
    int64_t issued_at, expires_at;
    int64_t revoked_at; /* 0 when not revoked */
    char revoke_reason[CK_REASON_MAX];
    char holder[CK_TEXT_MAX]; /* the attendee's name, for listings */
    /* Another station issued the same person's certificate first, while the two were out of
     * touch: this one is a duplicate of that one (still genuine, revoked with it, never
     * listed); "" otherwise. */
    char duplicate_of[CK_CERT_ID_MAX];
} ck_cert_rec;

/* Free the token and zero the record; NULL is a no-op. */
void ck_cert_rec_clear(ck_cert_rec *rec);
/* Free a list of n certificates and their tokens. */
void ck_cert_list_free(ck_cert_rec *list, size_t n);

/* A revoked certificate: its id and when. */
typedef struct ck_revocation_rec {
    char id[CK_CERT_ID_MAX];
    int64_t at;
} ck_revocation_rec;

/* ---- print jobs ---- */
typedef enum ck_job_state {
    CK_JOB_QUEUED = 1, /* recorded, not (yet) accepted by CUPS: will be sent or retried */
    CK_JOB_SENT,       /* CUPS has it and is printing or about to */
    CK_JOB_HELD,       /* CUPS has it but the printer needs attention */
    CK_JOB_COMPLETED,  /* printed */
    CK_JOB_FAILED,     /* CUPS gave up; will be retried */
    CK_JOB_CANCELED,   /* a person canceled it: final */
} ck_job_state;

typedef struct ck_job_rec {
    int64_t id;
    char uid[CK_UID_LEN + 1];
    char cert_id[CK_CERT_ID_MAX]; /* "" when a plain file was printed */
    char path[4096];
    char printer[CK_TEXT_MAX]; /* "" for the default printer */
    int cups_job;
    ck_job_state state;
    int attempts;
    ck_msg error;         /* why it did not print (yet), for a person; empty when nothing */
    char last_error[768]; /* the same in English, as stored for readers of the file */
    int64_t created_at, updated_at;
} ck_job_rec;

/* "queued", "sent"… (as stored and printed); "unknown" for anything else. */
const char *ck_job_state_name(ck_job_state s);

/* ---- the mail outbox ---- */
/* A message's life (app/mail.c has the whole machine):
 * queued → sending (a sender holds it until claim_until and talks to the server; the server
 * has not been given the end of the message) → handed (the end of the message is on its way:
 * from here the server may have accepted it) → sent; a refusal makes it queued again (a
 * temporary one, with backoff) or failed (for good). A sender that stops while sending leaves
 * a message that goes back to queued; one that stops while handed leaves it unsure: it may
 * have been delivered, so it is never sent again unless a person asks. */
typedef enum ck_mail_state {
    CK_MAIL_QUEUED = 1,
    CK_MAIL_SENDING,
    CK_MAIL_HANDED,
    CK_MAIL_SENT,
    CK_MAIL_FAILED,
    CK_MAIL_UNSURE,
} ck_mail_state;

typedef enum ck_mail_kind {
    CK_MAIL_CERTIFICATE = 1, /* a certificate's PDF */
    CK_MAIL_INVITE,          /* the badge code before the course */
} ck_mail_kind;

typedef struct ck_mail_rec {
    int64_t id;
    char uid[CK_UID_LEN + 1];
    ck_mail_kind kind;
    int64_t attendee_id;
    char cert_id[CK_CERT_ID_MAX]; /* "" for an invitation */
    char rcpt[CK_TEXT_MAX];       /* the address, as the roster had it when queued */
    char message_id[160];         /* "<…@…>", written into the message */
    char *message;                /* malloc'd whole RFC 5322 message, when read with it */
    size_t message_len;
    ck_mail_state state;
    int attempts;
    int64_t next_at;      /* queued: not before this */
    int64_t claim_until;  /* sending, handed: the sender's hold */
    ck_msg error;         /* why it was not sent (yet), for a person; empty when nothing */
    char last_error[768]; /* the same in English, as stored for readers of the file */
    char reply[512];      /* the server's last words */
    int64_t created_at, updated_at, sent_at;
    char holder[CK_TEXT_MAX]; /* the attendee's name, for listings */
} ck_mail_rec;

/* "queued", "sending"… (as stored and printed); "unknown" for anything else. */
const char *ck_mail_state_name(ck_mail_state s);
/* "certificate", "invite". */
const char *ck_mail_kind_name(ck_mail_kind k);
/* Free the message and zero the record; NULL is a no-op. */
void ck_mail_rec_clear(ck_mail_rec *rec);

/* ---- audit ---- */
typedef struct ck_audit_rec {
    int64_t id;
    int64_t at;
    char actor[64];              /* "trainer", "kiosk", "cli" */
    char action[64];             /* "checkin.trainer", "day.close", "roster.import"… */
    char *detail;                /* malloc'd: JSON text */
    char origin[CK_UID_LEN + 1]; /* the station whose chain holds it */
    int64_t seq;                 /* its entry in that chain */
    char prev[65], hash[65];     /* that entry's */
} ck_audit_rec;

/* Free a list of n audit records and their details. */
void ck_audit_list_free(ck_audit_rec *recs, size_t n);

/* ---- the ledger: one entry of a station's hash chain, as it travels between stations ---- */
#define CK_LEDGER_KIND_MAX 32
#define CK_LEDGER_UID_MAX 64 /* CK_UID_LEN hex, a certificate id or a kid */

typedef struct ck_ledger_rec {
    char origin[CK_UID_LEN + 1]; /* the station whose chain it is */
    int64_t seq;                 /* its place in that chain, from 1 */
    char kind[CK_LEDGER_KIND_MAX];
    char uid[CK_LEDGER_UID_MAX];
    int64_t at;
    char *body;              /* malloc'd canonical JSON, byte for byte as hashed */
    char prev[65], hash[65]; /* hex */
} ck_ledger_rec;

/* Free a list of n entries and their bodies. */
void ck_ledger_rec_list_free(ck_ledger_rec *list, size_t n);

/* The newest entry of a chain. */
typedef struct ck_ledger_head {
    char origin[CK_UID_LEN + 1]; /* the station whose chain it is */
    int64_t seq;                 /* its newest entry; 0 while empty */
    char hash[65];               /* that entry's hash (64 zeros while empty) */
} ck_ledger_head;

/* ---- signing keys: every station's public keys, from the chains ---- */
typedef struct ck_key_rec {
    char kid[64];
    char origin[CK_UID_LEN + 1];    /* the station whose chain recorded it */
    char x[64];                     /* the public key, base64url */
    int64_t created_at, retired_at; /* UTC seconds; retired_at 0 while it signs */
} ck_key_rec;

/* ---- stations of the organisation, as its server lists them ---- */
#define CK_STATION_NAME_MAX 31 /* 1-30 letters, digits, '-' or '_' (a station's name too) */

typedef struct ck_station_rec {
    char name[CK_STATION_NAME_MAX];
    char origin[CK_UID_LEN + 1]; /* its chain; "" until the station joined */
    char role[64];               /* its database role on the server */
    int64_t registered_at;       /* UTC seconds */
    int64_t revoked_at;          /* 0 while it is not revoked */
} ck_station_rec;

#endif
