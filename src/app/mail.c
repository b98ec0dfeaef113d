/* Mail: certificates and invitations through an outbox in the database.
 *
 * Every message is built whole (its Message-ID and Date inside) and committed to the outbox
 * before anything is sent, so each try sends the same bytes. The states (core/records.h):
 *
 *   queued ──claim──▶ sending ──handover──▶ handed ──250──▶ sent
 *     ▲  │               │                     │
 *     │  └───────────────┤ refused for good    ├─ refused for good (5xx) ──▶ failed
 *     └── later, backoff ┤ (5xx to RCPT…)      ├─ not now (4xx) ──▶ queued (backoff)
 *                        │                     └─ no answer ──▶ unsure
 *   a sender that stops: sending → queued (the server never had the end of the message);
 *                        handed  → unsure (it may have accepted it).
 *
 * "Claim" is a write transaction that takes one due message and holds it until claim_until,
 * so two senders (the kiosk's worker, "mail send") never send the same one. The handover is
 * committed from inside the transfer, just before the end of the message goes out: until then
 * an SMTP server throws an unfinished transaction away, so a crash before it needs no guess.
 * The only window where a message may arrive without the outbox knowing is from the end of the
 * message to the commit of "sent" (the server's 250 and one SQLite commit): a crash there
 * leaves it unsure, which is shown and never sent again by itself; "mail retry" sends the same
 * bytes under the same Message-ID, so the recipient's mail system can tell it is the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/names.h"
#include "mail/mail.h"

#define MAIL_MAX_ATTEMPTS 16
#define SEND_TIMEOUT_S 60
#define HOLD_S (SEND_TIMEOUT_S + 60) /* a sender's hold on a message it is sending */
#define PDF_MAX_BYTES (8u << 20)
#define LOGIN_MAX_BYTES 1024

/* Minutes before the next try after n tries: 1, 2, 5, 10, 30, then hourly. */
static int64_t backoff_s(int attempts)
{
    static const int minutes[] = {1, 2, 5, 10, 30, 60};
    int i = attempts < 1 ? 0 : attempts - 1;
    return 60 * (int64_t)minutes[i < 6 ? i : 5];
}

void ck_app_mail_login_path(ck_app *app, char *out, size_t n)
{
    const char *db = app->db_path, *slash = strrchr(db, '/'), *dot = strrchr(db, '.');
    if (dot && (!slash || dot > slash + 1))
        snprintf(out, n, "%.*s.mail-login", (int)(dot - db), db);
    else
        snprintf(out, n, "%s.mail-login", db);
}

static ck_rc check_login_part(const char *what, const char *v, ck_err *err)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0)
        return ck_err_set(err, CK_EINVAL,
                          "the %s is empty; give the user name on the first line "
                          "and the password on the second",
                          what);
    if (n >= CK_MAIL_LOGIN_MAX)
        return ck_err_set(err, CK_EINVAL, "the %s is longer than %d characters", what,
                          CK_MAIL_LOGIN_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return ck_err_set(err, CK_EINVAL, "the %s holds a control character", what);
    return CK_OK;
}

ck_rc ck_app_mail_login(ck_app *app, const char *user, const char *password, ck_err *err)
{
    char path[4200], text[2 * CK_MAIL_LOGIN_MAX + 4];
    ck_rc rc;
    if ((rc = check_login_part("user name", user, err)) ||
        (rc = check_login_part("password", password, err)))
        return rc;
    ck_app_mail_login_path(app, path, sizeof path);
    int len = snprintf(text, sizeof text, "%s\n%s\n", user, password);
    rc = ck_file_write(path, text, (size_t)len, 0600, "mail login", err);
    ck_wipe(text, sizeof text);
    if (rc || (rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = ck_app_audit_write(app, "trainer", CK_AUDIT_MAIL_LOGIN,
                                 json_pack("{s:s, s:s}", "user", user, "file", path), err)) ||
        (rc = ck_store_commit(app->store, err)))
        ck_store_rollback(app->store);
    return rc;
}

/* The login from its file; an empty user name when there is no file (no login). */
static ck_rc load_login(ck_app *app, char user[CK_MAIL_LOGIN_MAX], char password[CK_MAIL_LOGIN_MAX],
                        ck_err *err)
{
    char path[4200], *text = NULL;
    size_t len = 0;
    struct stat sb;
    user[0] = password[0] = '\0';
    ck_app_mail_login_path(app, path, sizeof path);
    if (stat(path, &sb) != 0 && errno == ENOENT)
        return CK_OK;
    ck_rc rc = ck_file_read_secret(&text, &len, path, LOGIN_MAX_BYTES, "mail login", err);
    if (rc)
        return rc;
    rc = ck_mail_login_parse(user, password, text, len, path, err);
    ck_wipe(text, len);
    free(text);
    return rc;
}

bool ck_app_mail_ready(ck_app *app)
{
    char smtp[CK_TEXT_MAX], from[CK_TEXT_MAX];
    return ck_app_config_get(app, "smtp", smtp, sizeof smtp, NULL) == CK_OK && *smtp &&
           ck_app_config_get(app, "mail-from", from, sizeof from, NULL) == CK_OK && *from;
}

/* The server and the sender, or why mail cannot be sent. */
static ck_rc mail_setup(ck_app *app, ck_mail_server *srv, char from[CK_TEXT_MAX], ck_err *err)
{
    char smtp[CK_TEXT_MAX];
    ck_rc rc;
    if ((rc = ck_app_config_get(app, "smtp", smtp, sizeof smtp, err)) ||
        (rc = ck_app_config_get(app, "mail-from", from, CK_TEXT_MAX, err)))
        return rc;
    if (!*smtp)
        return ck_err_set(err, CK_ESTATE,
                          "no mail server is set; give one with \"classkiosk config set smtp "
                          "smtp://HOST:587\"");
    if (!*from)
        return ck_err_set(err, CK_ESTATE,
                          "no sender address is set; give one with \"classkiosk config set "
                          "mail-from ADDRESS\"");
    return ck_mail_server_parse(srv, smtp, err);
}

/* ---- building and queueing ---- */

/* What one message says, before it becomes MIME. */
typedef struct draft {
    ck_mail_kind kind;
    const ck_attendee_rec *to;
    char cert_id[CK_CERT_ID_MAX];
    char subject[400];
    char text[4096];
    char attach_name[96];
    unsigned char *attach;
    size_t attach_len;
} draft;

static void add_line(draft *d, const char *line)
{
    size_t used = strlen(d->text);
    snprintf(d->text + used, sizeof d->text - used, "%s\n", line);
}

/* The sender's display name: the issuer setting, else the course's trainer. */
static void sender_name(ck_app *app, const ck_course_rec *c, char *out, size_t n)
{
    ck_app_config_get(app, "issuer", out, n, NULL);
    if (!*out)
        snprintf(out, n, "%s", c->trainer);
}

/* Build the message, put it in the outbox and audit it, in one transaction. */
static ck_rc enqueue(ck_app *app, draft *d, ck_source source, ck_mail_rec *out, ck_err *err)
{
    const ck_course_rec *c;
    ck_mail_server srv;
    char from[CK_TEXT_MAX], from_name[CK_TEXT_MAX], uid[CK_UID_LEN + 1];
    char *bytes = NULL;
    size_t len = 0;
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc || (rc = mail_setup(app, &srv, from, err)))
        return rc;
    sender_name(app, c, from_name, sizeof from_name);
    int64_t now = ck_app_now(app);
    memset(out, 0, sizeof *out);
    ck_store_new_uid(uid);
    const char *domain = strrchr(from, '@');
    snprintf(out->message_id, sizeof out->message_id, "<%s.%s@%s>", uid, ck_mail_kind_name(d->kind),
             domain ? domain + 1 : "classkiosk.invalid");
    ck_mail_message msg = {.from_name = from_name,
                           .from_addr = from,
                           .to_name = d->to->name,
                           .to_addr = d->to->email,
                           .subject = d->subject,
                           .text = d->text,
                           .message_id = out->message_id,
                           .date = (time_t)now,
                           .attach_name = d->attach_name,
                           .attach_type = "application/pdf",
                           .attach = d->attach,
                           .attach_len = d->attach_len};
    if ((rc = ck_mail_build(&bytes, &len, &msg, err)))
        return rc;
    out->kind = d->kind;
    out->attendee_id = d->to->id;
    snprintf(out->cert_id, sizeof out->cert_id, "%s", d->cert_id);
    snprintf(out->rcpt, sizeof out->rcpt, "%s", d->to->email);
    snprintf(out->holder, sizeof out->holder, "%s", d->to->name);
    out->message = bytes;
    out->message_len = len;
    out->state = CK_MAIL_QUEUED;
    out->next_at = out->created_at = out->updated_at = now;
    json_t *detail = json_pack("{s:s, s:I, s:s, s:s, s:s}", "kind", ck_mail_kind_name(d->kind),
                               "attendee", (json_int_t)d->to->id, "name", d->to->name, "to",
                               d->to->email, "certificate", d->cert_id);
    if ((rc = ck_store_begin(app->store, err))) {
        json_decref(detail);
    } else if ((rc = ck_store_mail_insert(app->store, out, err)) ||
               (rc = ck_app_audit_write(app, ck_app_actor(source), CK_AUDIT_MAIL_QUEUE, detail,
                                        err)) ||
               (rc = ck_store_commit(app->store, err))) {
        ck_store_rollback(app->store);
    }
    free(out->message); /* it is in the outbox now */
    out->message = NULL;
    out->message_len = 0;
    return rc;
}

/* A message of this kind already on its way or sent: returned instead of a second one. */
static ck_rc already(ck_app *app, ck_mail_kind kind, const ck_attendee_rec *who,
                     const char *cert_id, bool again, ck_mail_rec *out, bool *found, ck_err *err)
{
    *found = false;
    if (again)
        return CK_OK;
    ck_rc rc = ck_store_mail_latest(app->store, kind, who->id, cert_id, out, found, err);
    if (rc == CK_OK && *found && out->state == CK_MAIL_FAILED)
        *found = false; /* refused for good: a new message may fare better */
    return rc;
}

static ck_rc needs_address(const ck_attendee_rec *who, ck_err *err)
{
    if (*who->email)
        return CK_OK;
    return ck_err_set(err, CK_ESTATE,
                      "%s has no e-mail address on the roster; add it to the roster file and "
                      "import it again",
                      who->name);
}

static ck_rc read_attachment(draft *d, const char *path, ck_err *err)
{
    char *data = NULL;
    size_t len = 0;
    ck_rc rc = ck_file_read(&data, &len, path, PDF_MAX_BYTES, "PDF", err);
    d->attach = (unsigned char *)data;
    d->attach_len = len;
    return rc;
}

ck_rc ck_app_mail_cert(ck_app *app, int64_t attendee_id, ck_source source, bool again,
                       ck_mail_rec *out, bool *out_new, ck_err *err)
{
    const ck_course_rec *c;
    ck_issue_result issued;
    ck_mail_server srv;
    char from[CK_TEXT_MAX], url[CK_TEXT_MAX], dates[160], line[1200];
    draft d = {.kind = CK_MAIL_CERTIFICATE};
    bool found = false;
    *out_new = false;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc || (rc = mail_setup(app, &srv, from, err)))
        return rc;
    /* Issued (or the same certificate again), its PDF written: the file that is attached. */
    ck_issue_opts io = {.source = source};
    if ((rc = ck_app_cert_issue(app, attendee_id, &io, &issued, err)))
        return rc;
    d.to = &issued.person;
    snprintf(d.cert_id, sizeof d.cert_id, "%s", issued.id);
    if ((rc = needs_address(&issued.person, err)) ||
        (rc = already(app, CK_MAIL_CERTIFICATE, &issued.person, issued.id, again, out, &found,
                      err)) ||
        found)
        return rc;
    if ((rc = read_attachment(&d, issued.pdf_path, err)))
        return rc;
    char first[CK_TEXT_MAX], *qr = NULL;
    const char *space = strchr(issued.person.name, ' ');
    snprintf(first, sizeof first, "%.*s",
             space ? (int)(space - issued.person.name) : (int)strlen(issued.person.name),
             issued.person.name);
    ck_app_course_dates(c, dates, sizeof dates);
    snprintf(d.subject, sizeof d.subject, "Your certificate: %s", c->title);
    snprintf(d.attach_name, sizeof d.attach_name, "%s.pdf", issued.id);
    snprintf(line, sizeof line, "Hello %s,", first);
    add_line(&d, line);
    add_line(&d, "");
    if (*c->location)
        snprintf(line, sizeof line,
                 "your certificate for the course \"%s\" (%s, %s, with %s) is attached as a PDF.",
                 c->title, dates, c->location, c->trainer);
    else
        snprintf(line, sizeof line,
                 "your certificate for the course \"%s\" (%s, with %s) is attached as a PDF.",
                 c->title, dates, c->trainer);
    add_line(&d, line);
    add_line(&d, "");
    snprintf(line, sizeof line, "Certificate %s", issued.id);
    add_line(&d, line);
    ck_app_config_get(app, "verify-url", url, sizeof url, NULL);
    ck_cert_rec cert;
    if (*url && ck_store_cert_get(app->store, issued.id, &cert, NULL) == CK_OK) {
        if (ck_app_cert_qr_text(app, cert.token, &qr, NULL) == CK_OK) {
            snprintf(line, sizeof line, "Anyone can check that it is genuine here: %s", qr);
            add_line(&d, line);
        }
        free(qr);
        ck_cert_rec_clear(&cert);
    } else {
        add_line(&d, "Anyone can check that it is genuine by scanning the QR code on it.");
    }
    rc = enqueue(app, &d, source, out, err);
    *out_new = rc == CK_OK;
    free(d.attach);
    return rc;
}

ck_rc ck_app_mail_invite(ck_app *app, int64_t attendee_id, bool again, ck_mail_rec *out,
                         bool *out_new, ck_err *err)
{
    const ck_course_rec *c;
    ck_attendee_rec who;
    ck_mail_server srv;
    char from[CK_TEXT_MAX], code[CK_APP_BADGE_CODE_MAX], dates[160], line[1200];
    draft d = {.kind = CK_MAIL_INVITE, .to = &who};
    bool found = false;
    *out_new = false;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc || (rc = mail_setup(app, &srv, from, err)) ||
        (rc = ck_store_attendee_get(app->store, attendee_id, &who, err)) ||
        (rc = needs_address(&who, err)) ||
        (rc = already(app, CK_MAIL_INVITE, &who, "", again, out, &found, err)) || found ||
        (rc = ck_app_badge_code(app, attendee_id, code, err)))
        return rc;
    /* The person's own badge as a one-label sheet, to print or to show on a phone. */
    ck_badge_result br;
    char path[4200], dir[4096];
    ck_app_beside_db(app, "reports", dir, sizeof dir);
    if ((rc = ck_app_make_dir(dir, err)))
        return rc;
    snprintf(path, sizeof path, "%s/badge-%lld.pdf", dir, (long long)attendee_id);
    ck_badge_opts bo = {.out = path, .who = &attendee_id, .nwho = 1, .outlines = true};
    if ((rc = ck_app_badges(app, &bo, &br, err)) || (rc = read_attachment(&d, path, err)))
        return rc;
    unlink(path);
    const char *space = strchr(who.name, ' ');
    char first[CK_TEXT_MAX];
    snprintf(first, sizeof first, "%.*s", space ? (int)(space - who.name) : (int)strlen(who.name),
             who.name);
    ck_app_course_dates(c, dates, sizeof dates);
    snprintf(d.subject, sizeof d.subject, "Your badge for %s", c->title);
    snprintf(d.attach_name, sizeof d.attach_name, "badge-%s.pdf", c->uid);
    snprintf(line, sizeof line, "Hello %s,", first);
    add_line(&d, line);
    add_line(&d, "");
    if (*c->location)
        snprintf(line, sizeof line, "welcome to the course \"%s\" with %s, %s in %s.", c->title,
                 c->trainer, dates, c->location);
    else
        snprintf(line, sizeof line, "welcome to the course \"%s\" with %s, %s.", c->title,
                 c->trainer, dates);
    add_line(&d, line);
    add_line(&d, "");
    add_line(&d, "Your badge is attached. Print it, or show its code on your phone to the "
                 "scanner at the classroom station: it checks you in and out in a second.");
    add_line(&d, "The code names nobody; keep it to yourself all the same.");
    rc = enqueue(app, &d, CK_SOURCE_TRAINER, out, err);
    *out_new = rc == CK_OK;
    free(d.attach);
    return rc;
}

/* ---- sending ---- */

typedef struct handover_ctx {
    ck_app *app;
    ck_mail_rec *m;
} handover_ctx;

static ck_rc save(ck_app *app, ck_mail_rec *m, ck_err *err)
{
    m->updated_at = ck_app_now(app);
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    if ((rc = ck_store_mail_update(app->store, m, err)) || (rc = ck_store_commit(app->store, err)))
        ck_store_rollback(app->store);
    return rc;
}

/* Just before the end of the message goes to the server: from here it may be delivered. */
static bool on_handover(void *ctx)
{
    handover_ctx *h = ctx;
    ck_err quiet = {0};
    h->m->state = CK_MAIL_HANDED;
    h->m->claim_until = ck_app_now(h->app) + HOLD_S;
    return save(h->app, h->m, &quiet) == CK_OK;
}

/* Take the next due message for this sender (a write transaction, so no one else takes it). */
static ck_rc claim(ck_app *app, ck_mail_rec *m, bool *found, ck_err *err)
{
    int64_t now = ck_app_now(app);
    size_t requeued = 0, unsure = 0;
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    ck_msg stopped;
    ck_msg_set(&stopped, "the sender stopped after handing the message to the mail server and "
                         "before its answer; it may have been delivered");
    if ((rc = ck_store_mail_expire(app->store, now, &stopped, &requeued, &unsure, err)) ||
        (rc = ck_store_mail_next_due(app->store, now, m, found, err)))
        goto fail;
    if (*found) {
        m->state = CK_MAIL_SENDING;
        m->attempts++;
        m->claim_until = now + HOLD_S;
        m->updated_at = now;
        if ((rc = ck_store_mail_update(app->store, m, err)))
            goto fail;
    }
    return ck_store_commit(app->store, err);
fail:
    ck_store_rollback(app->store);
    ck_mail_rec_clear(m);
    *found = false;
    return rc;
}

ck_rc ck_app_mail_send(ck_app *app, size_t max, ck_mail_run *out, ck_err *err)
{
    ck_mail_server srv;
    char from[CK_TEXT_MAX], user[CK_MAIL_LOGIN_MAX], password[CK_MAIL_LOGIN_MAX];
    memset(out, 0, sizeof *out);
    ck_rc rc = mail_setup(app, &srv, from, err);
    if (rc || (rc = load_login(app, user, password, err)))
        return rc;
    for (size_t done = 0; max == 0 || done < max; done++) {
        ck_mail_rec m;
        bool found = false;
        if ((rc = claim(app, &m, &found, err)) || !found)
            break;
        handover_ctx h = {app, &m};
        ck_mail_send_req req = {.server = &srv,
                                .user = user,
                                .password = password,
                                .from_addr = from,
                                .rcpt = m.rcpt,
                                .message = m.message,
                                .len = m.message_len,
                                .timeout_s = SEND_TIMEOUT_S,
                                .handover = on_handover,
                                .ctx = &h,
                                .cancelled = app->mail_cancel,
                                .cancel_ctx = app->mail_cancel_ctx};
        ck_mail_report rep;
        ck_err why = {0};
        ck_rc sent = ck_mail_send(&rep, &req, &why);
        int64_t now = ck_app_now(app);
        snprintf(m.reply, sizeof m.reply, "%s", rep.reply);
        m.claim_until = 0;
        bool stop = false;
        if (sent == CK_OK) {
            m.state = CK_MAIL_SENT;
            m.sent_at = now;
            ck_msg_clear(&m.error);
            out->sent++;
        } else if (rep.outcome == CK_MAIL_REFUSED) {
            m.state = CK_MAIL_FAILED;
            m.error = why.m;
            out->refused++;
        } else if (rep.outcome == CK_MAIL_CANCELLED) {
            /* Stopped by this station (closing), not by the server: no try counted, due as
             * before, and nothing more is claimed now. */
            m.state = CK_MAIL_QUEUED;
            if (m.attempts > 0)
                m.attempts--;
            m.error = why.m;
            out->deferred++;
            stop = true;
        } else if (rep.outcome == CK_MAIL_UNKNOWN) {
            m.state = CK_MAIL_UNSURE;
            m.error = why.m;
            out->unsure++;
        } else if (m.attempts >= MAIL_MAX_ATTEMPTS) {
            m.state = CK_MAIL_FAILED;
            ck_msg_setn(&m.error, "gave up after %d try; the last: ",
                        "gave up after %d tries; the last: ", (unsigned long)m.attempts,
                        m.attempts);
            ck_msg_append(&m.error, &why.m);
            out->refused++;
        } else {
            m.state = CK_MAIL_QUEUED;
            m.next_at = now + backoff_s(m.attempts);
            m.error = why.m;
            out->deferred++;
            /* The server itself is the trouble: the others would only fail alike. */
            stop = rep.whole_server;
        }
        ck_msg_word(&m.error, NULL, m.last_error, sizeof m.last_error);
        rc = save(app, &m, err);
        ck_mail_rec_clear(&m);
        if (rc || stop)
            break;
    }
    ck_wipe(password, sizeof password);
    /* What is left, and when the next try is due: of every course, as what is sent is. */
    ck_err quiet = {0};
    ck_store_mail_pending(app->store, &out->waiting, &out->next_at, &quiet);
    return rc;
}

ck_rc ck_app_mail_get(ck_app *app, int64_t id, ck_mail_rec *out, ck_err *err)
{
    return ck_store_mail_get(app->store, id, false, out, err);
}

ck_rc ck_app_mail_list(ck_app *app, ck_mail_rec **out, size_t *n, ck_err *err)
{
    const ck_course_rec *c;
    ck_rc rc = ck_app_course(app, &c, err);
    return rc ? rc : ck_store_mail_list(app->store, c->id, out, n, err);
}

ck_rc ck_app_mail_retry(ck_app *app, int64_t id, ck_err *err)
{
    ck_mail_rec m;
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    if ((rc = ck_store_mail_get(app->store, id, false, &m, err)))
        goto fail;
    /* A sentence per state, so each is translated whole. */
    if (m.state == CK_MAIL_SENT) {
        rc = ck_err_set(err, CK_ESTATE,
                        "message %lld is sent; only a failed or unsure message is queued again",
                        (long long)id);
        goto fail;
    }
    if (m.state == CK_MAIL_QUEUED) {
        rc = ck_err_set(err, CK_ESTATE,
                        "message %lld is in the outbox already and is sent when it is due; only "
                        "a failed or unsure message is queued again",
                        (long long)id);
        goto fail;
    }
    if (m.state != CK_MAIL_FAILED && m.state != CK_MAIL_UNSURE) {
        rc = ck_err_set(err, CK_ESTATE,
                        "message %lld is being sent right now; only a failed or unsure message "
                        "is queued again",
                        (long long)id);
        goto fail;
    }
    m.state = CK_MAIL_QUEUED;
    m.next_at = m.updated_at = ck_app_now(app);
    m.claim_until = 0;
    if ((rc = ck_store_mail_update(app->store, &m, err)) ||
        (rc = ck_app_audit_write(app, "trainer", CK_AUDIT_MAIL_RETRY,
                                 json_pack("{s:I, s:s, s:s}", "message", (json_int_t)id, "to",
                                           m.rcpt, "name", m.holder),
                                 err)))
        goto fail;
    return ck_store_commit(app->store, err);
fail:
    ck_store_rollback(app->store);
    return rc;
}
