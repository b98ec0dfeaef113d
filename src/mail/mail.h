/* E-mail: the mail server's address, the login file, messages built as MIME text (RFC 5322,
 * 2045, 2047) and sent with libcurl's SMTP. No libcurl type crosses this header.
 *
 * A message is built once, whole, before it is queued (app/mail.c keeps it in the outbox), so
 * every try sends the same bytes under the same Message-ID.
 */
#ifndef CK_MAIL_H
#define CK_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "common/err.h"

/* ---- the server ---- */

typedef struct ck_mail_server {
    char url[320];  /* as curl takes it: "smtp://mail.example.org:587" */
    char host[256]; /* "mail.example.org", "::1" */
    int port;
    bool implicit_tls; /* smtps://: TLS from the first byte */
    bool plain;        /* smtp:// to this machine itself: no TLS; otherwise STARTTLS is required */
} ck_mail_server;

/* Read a server address: smtp://HOST[:PORT] (port 587 by default; STARTTLS required unless
 * HOST is localhost, 127.0.0.1 or ::1, where plain SMTP is allowed) or smtps://HOST[:PORT]
 * (465). A user name or password in the address is refused: they belong in the login file. */
ck_rc ck_mail_server_parse(ck_mail_server *out, const char *url, ck_err *err);

/* The login file's text: the user name on the first line, the password on the second (lines
 * end with LF or CRLF; nothing else follows). path names the file in errors. */
#define CK_MAIL_LOGIN_MAX 256
ck_rc ck_mail_login_parse(char user[CK_MAIL_LOGIN_MAX], char password[CK_MAIL_LOGIN_MAX],
                          const char *text, size_t len, const char *path, ck_err *err);

/* ---- building a message ---- */

typedef struct ck_mail_message {
    const char *from_name, *from_addr; /* the display name may be UTF-8 */
    const char *to_name, *to_addr;
    const char *subject;    /* UTF-8 */
    const char *text;       /* the plain-text body, UTF-8, lines ending in \n */
    const char *message_id; /* "<id@domain>" */
    time_t date;
    /* An optional attachment: name is plain ASCII ("CK-7M2QX-D9RTA.pdf"). */
    const char *attach_name, *attach_type;
    const unsigned char *attach;
    size_t attach_len;
} ck_mail_message;

/* The whole message as it goes over the wire: headers folded, UTF-8 in headers as RFC 2047
 * encoded-words, the text quoted-printable, the attachment base64, CRLF line ends. *out is
 * malloc'd (NUL-terminated), *len bytes. */
ck_rc ck_mail_build(char **out, size_t *len, const ck_mail_message *m, ck_err *err);

/* A header's words as RFC 2047 encoded-words where needed: text that is printable ASCII stays
 * as it is (quoted as a phrase when phrase is set and it has specials), anything else becomes
 * =?UTF-8?B?…?= words of at most 75 characters, split between whole characters and joined by
 * CRLF + space. room: characters left on the first line. *out is malloc'd. */
ck_rc ck_mail_encode_header(char **out, const char *text, bool phrase, size_t room, ck_err *err);

/* ---- sending ---- */

/* What became of a message when sending did not succeed. */
typedef enum ck_mail_outcome {
    CK_MAIL_DELIVERED = 0, /* the server accepted it */
    CK_MAIL_RETRY,         /* nothing was accepted; trying later may work (server down, login) */
    CK_MAIL_REFUSED,       /* the server refused the address or the message for good */
    CK_MAIL_UNKNOWN,       /* the message was handed over, then the connection ended with no
                              answer: it may have been delivered */
    CK_MAIL_CANCELLED,     /* the sender asked to stop (req.cancelled) before the handover:
                              nothing was delivered, and it was no try of the server */
} ck_mail_outcome;

typedef struct ck_mail_report {
    ck_mail_outcome outcome;
    int code;          /* the server's last reply code, 0 if none */
    char reply[512];   /* the server's last reply text */
    bool handed;       /* the end of the message was given to the server */
    bool whole_server; /* the server itself failed (unreachable, TLS, login, sender refused):
                          another message now would fail alike */
} ck_mail_report;

/* Called once, just before the end of the message goes to the server (until then an SMTP
 * server throws the transaction away if the connection ends). Return false to stop: the
 * message is then not delivered. */
typedef bool (*ck_mail_handover_fn)(void *ctx);
/* Asked about once a second while the conversation goes on, above all while it waits for the
 * server: true ends it at once (a kiosk closing does not wait out a server that never
 * answers), so the message is not delivered. Once the end of the message is handed over it is
 * no longer asked: the server's answer is awaited (within the timeout), so a message that was
 * probably delivered is not made uncertain. */
typedef bool (*ck_mail_cancel_fn)(void *ctx);

typedef struct ck_mail_send_req {
    const ck_mail_server *server;
    const char *user, *password; /* NULL: no login */
    const char *from_addr, *rcpt;
    const char *message; /* ck_mail_build()'s bytes */
    size_t len;
    long timeout_s; /* the whole conversation; 0: 120 s */
    ck_mail_handover_fn handover;
    void *ctx;
    ck_mail_cancel_fn cancelled; /* NULL: never */
    void *cancel_ctx;
} ck_mail_send_req;

/* Send one message. CK_OK: delivered. Otherwise *out says what became of it and err says why
 * in words (the server down, the login refused, the address refused with the server's own
 * words…). */
ck_rc ck_mail_send(ck_mail_report *out, const ck_mail_send_req *req, ck_err *err);

#endif
