/* Certificates and invitations by e-mail, against a real SMTP server started on 127.0.0.1
 * (tests/support/smtp_sink.py, Debian's python3-aiosmtpd): the message arrives as correct MIME
 * (read back with Python's email package), its attachment's QR code decodes and verifies; a
 * server that is down keeps the message queued until it is back, then it is sent once; an
 * address the server refuses is kept as failed with the server's words; a message whose end
 * was handed over without an answer is never sent again by itself; the settings and the login
 * file. */
#include <sys/stat.h>
#include <unistd.h>

#include "cli_support.h"
#include "smtp_rig.h"

#define MAIL_AT D2 " 17:40"

static bool ready_to_test(void)
{
    if (!ck_test_python("aiosmtpd")) {
        printf("skipped: python3-aiosmtpd is needed for the SMTP server (scripts/deps test)\n");
        return false;
    }
    return true;
}

/* The course of cli_graduates with mail set up to go to rig. */
static const char *station(const char *name, const ck_smtp_rig *rig)
{
    static char dbs[8][4096];
    static int next;
    char *db = dbs[next++ % 8];
    ck_proc p = {0};
    snprintf(db, sizeof dbs[0], "%s", ck_test_path(name));
    cli_graduates(db, ck_test_path("roster.csv"));
    CLI_OK(&p, db, MAIL_AT, "config", "set", "smtp", rig->url);
    CLI_OK(&p, db, MAIL_AT, "config", "set", "mail-from", "Courses@Example.org");
    CLI_OK(&p, db, MAIL_AT, "config", "set", "issuer", "Agile Académie");
    ck_proc_clear(&p);
    return db;
}

static json_t *outbox(const char *db, const char *now)
{
    ck_proc p = {0};
    CLI_OK(&p, db, now, "mail", "list", "--json");
    json_t *list = json_loads(p.out, 0, NULL);
    ck_proc_clear(&p);
    return list;
}

/* The newest message of the outbox, a reference of its own (json_decref it). */
static json_t *newest(const char *db, const char *now)
{
    json_t *list = outbox(db, now), *m = json_array_get(list, 0);
    json_incref(m);
    json_decref(list);
    return m;
}

static const char *field(json_t *msg, const char *key)
{
    const char *v = json_string_value(json_object_get(msg, key));
    return v ? v : "";
}

/* Message n of the rig read as a mail program reads it; the attachment written to out. */
static json_t *read_back(const ck_smtp_rig *rig, int n, const char *out)
{
    char path[4200];
    ck_proc p = {0};
    snprintf(path, sizeof path, "%s/msg-%d.eml", rig->dir, n);
    ck_test_python_script(&p, ck_test_python("email"), "mime_dump.py", path, out, NULL);
    json_t *doc = json_loads(p.out, 0, NULL);
    if (!doc)
        ck_test_fail(__FILE__, __LINE__, "mime_dump: %s%s", p.out, p.err);
    ck_proc_clear(&p);
    return doc;
}

static void certificate_arrives(void)
{
    ck_smtp_rig rig;
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, NULL))
        return;
    const char *db = station("a.db", &rig);
    ck_proc p = {0};
    CLI_OK(&p, db, MAIL_AT, "config", "set", "verify-url", "https://certs.example.org/v/");
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "zoe@example.org");
    CK_CHECK_CONTAINS(p.out, "queued certificate CK-");
    CK_CHECK_CONTAINS(p.out, "sent 1, refused 0");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    json_t *list = outbox(db, MAIL_AT);
    json_t *m = json_array_get(list, 0);
    CK_CHECK_STR(field(m, "state"), "sent");
    CK_CHECK_INT(json_integer_value(json_object_get(m, "attempts")), 1);
    char cert[32];
    snprintf(cert, sizeof cert, "%s", field(m, "certificate"));

    /* The envelope: from the sender setting, to the address on the roster. */
    char *env = ck_test_read_file(ck_test_path("mbox/msg-1.env"), NULL);
    CK_CHECK_CONTAINS(env, "from courses@example.org\n");
    CK_CHECK_CONTAINS(env, "to zoe@example.org\n");
    free(env);

    /* Correct MIME, as a mail program reads it. */
    json_t *doc = read_back(&rig, 1, ck_test_path("attached.pdf"));
    json_t *h = json_object_get(doc, "headers");
    CK_CHECK_STR(field(h, "To"), "Zoë Ångström-Núñez <zoe@example.org>");
    CK_CHECK_STR(field(h, "From"), "Agile Académie <courses@example.org>");
    CK_CHECK_STR(field(h, "Subject"), "Your certificate: Certified Scrum Product Owner");
    CK_CHECK_STR(field(h, "Message-ID"), field(m, "message_id"));
    CK_CHECK_STR(field(h, "MIME-Version"), "1.0");
    CK_CHECK_CONTAINS(field(h, "Date"), "Tue, 24 Nov 2026 17:40:00 +0100");
    CK_CHECK(json_is_true(json_object_get(doc, "date_ok")));
    CK_CHECK(json_is_true(json_object_get(doc, "ascii")));
    CK_CHECK(!json_is_true(json_object_get(doc, "bare_lf")));
    CK_CHECK(json_integer_value(json_object_get(doc, "max_line")) <= 78);
    CK_CHECK_INT(json_array_size(json_object_get(doc, "defects")), 0);
    /* UTF-8 names in headers as RFC 2047 encoded-words. */
    size_t i;
    json_t *line;
    bool encoded_to = false, encoded_from = false;
    json_array_foreach(json_object_get(doc, "raw_headers"), i, line)
    {
        const char *l = json_string_value(line);
        encoded_to = encoded_to || (strncmp(l, "To: =?UTF-8?B?", 14) == 0);
        encoded_from = encoded_from || (strncmp(l, "From: =?UTF-8?B?", 16) == 0);
    }
    CK_CHECK(encoded_to && encoded_from);
    json_t *parts = json_object_get(doc, "parts");
    CK_CHECK_INT(json_array_size(parts), 2);
    CK_CHECK_STR(field(json_array_get(parts, 0), "type"), "text/plain");
    CK_CHECK_STR(field(json_array_get(parts, 0), "charset"), "utf-8");
    CK_CHECK_STR(field(json_array_get(parts, 1), "type"), "application/pdf");
    CK_CHECK_STR(field(json_array_get(parts, 1), "encoding"), "base64");
    char filename[48];
    snprintf(filename, sizeof filename, "%s.pdf", cert);
    CK_CHECK_STR(field(json_array_get(parts, 1), "filename"), filename);
    /* The text: the person, the course, the certificate and its verify link, which verifies. */
    const char *text = field(doc, "text");
    CK_CHECK_CONTAINS(text, "Hello Zoë,");
    CK_CHECK_CONTAINS(text, "\"Certified Scrum Product Owner\" (23–24 November 2026, Berlin");
    CK_CHECK_CONTAINS(text, cert);
    const char *link = strstr(text, "https://certs.example.org/v/#");
    char url[2048] = "";
    if (link)
        snprintf(url, sizeof url, "%.*s", (int)strcspn(link, " \n"), link);
    CLI_OK(&p, db, MAIL_AT, "verify", url);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    /* The attachment is the certificate: its QR code, read at 300 dpi, verifies. */
    char *qr = cli_qr_of_pdf(ck_test_path("attached.pdf"), 300);
    CLI_OK(&p, db, MAIL_AT, "verify", qr ? qr : "", "--json");
    json_t *v = json_loads(p.out, 0, NULL);
    CK_CHECK(json_is_true(json_object_get(v, "valid")));
    CK_CHECK_STR(field(json_object_get(v, "certificate"), "id"), cert);
    json_decref(v);
    free(qr);

    /* Never twice: nothing is due, and the same certificate is not queued again without
     * --again. */
    CLI_OK(&p, db, MAIL_AT, "mail", "send");
    CK_CHECK_CONTAINS(p.out, "sent 0, refused 0");
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "zoe@example.org");
    CK_CHECK_CONTAINS(p.out, "is already sent");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "zoe@example.org", "--again");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 2);
    /* Someone not eligible gets no certificate by mail; --all mails the eligible ones. */
    CLI_FAILS(&p, db, MAIL_AT, "not eligible", "certs", "send", "mateo@example.es");
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "--all");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 4); /* Alexandros and Anna; Zoë already had hers */
    CLI_OK(&p, db, MAIL_AT, "audit");
    CK_CHECK_CONTAINS(p.out, "mail.queue");
    json_decref(doc);
    json_decref(list);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

static void server_down_then_back(void)
{
    ck_smtp_rig rig;
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, NULL))
        return;
    const char *db = station("d.db", &rig);
    int port = rig.port, kept = ck_smtp_rig_down(&rig);
    if (kept < 0)
        return;
    ck_proc p = {0};
    /* Down: queued, the reason in words, a time for the next try. */
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "alex@example.gr");
    CK_CHECK_CONTAINS(p.out, "1 waiting in the outbox");
    CK_CHECK_CONTAINS(p.out, "cannot be reached (Connection refused)");
    json_t *m = newest(db, MAIL_AT);
    CK_CHECK_STR(field(m, "state"), "queued");
    CK_CHECK_STR(field(m, "next_try_at"), "2026-11-24T17:41:00+01:00");
    CK_CHECK_CONTAINS(field(m, "last_error"), "cannot be reached");
    /* Queued already: retrying it is refused in words, and changes nothing. */
    char qid[16];
    snprintf(qid, sizeof qid, "%lld", (long long)json_integer_value(json_object_get(m, "id")));
    CLI_FAILS(&p, db, MAIL_AT, "is in the outbox already and is sent when it is due", "mail",
              "retry", qid);
    json_decref(m);
    /* Not due yet: nobody tries. Still down a minute later: the pause grows. */
    CLI_OK(&p, db, D2 " 17:40", "mail", "send");
    CLI_OK(&p, db, D2 " 17:41", "mail", "send");
    m = newest(db, D2 " 17:41");
    CK_CHECK_INT(json_integer_value(json_object_get(m, "attempts")), 2);
    CK_CHECK_STR(field(m, "next_try_at"), "2026-11-24T17:43:00+01:00");
    json_decref(m);
    /* Back: sent once, at the next try, and never again. */
    close(kept);
    if (!ck_smtp_rig_start(&rig, ck_test_path("mbox"), port, NULL))
        return;
    CLI_OK(&p, db, D2 " 17:42", "mail", "send");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 0);
    CLI_OK(&p, db, D2 " 17:43", "mail", "send");
    CK_CHECK_CONTAINS(p.out, "sent 1");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    CLI_OK(&p, db, D2 " 18:43", "mail", "send");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    m = newest(db, D2 " 18:43");
    CK_CHECK_STR(field(m, "state"), "sent");
    CK_CHECK_INT(json_integer_value(json_object_get(m, "attempts")), 3);
    json_decref(m);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

static void refused_address(void)
{
    ck_smtp_rig rig;
    const char *args[] = {"--refuse", "anna@example.ru", NULL};
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, args))
        return;
    const char *db = station("r.db", &rig);
    ck_proc p = {0};
    CLI(&p, db, MAIL_AT, "certs", "send", "anna@example.ru", "zoe@example.org");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "sent 1, refused 1");
    CK_CHECK_CONTAINS(p.out, "the mail server refused the address anna@example.ru: 550 5.1.1 "
                             "<anna@example.ru>: Recipient address rejected: no such user here");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1); /* Zoë's */
    /* Kept, with the server's words, and not tried again by itself. */
    json_t *list = outbox(db, MAIL_AT);
    json_t *anna = NULL;
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m)
    {
        if (strcmp(field(m, "to"), "anna@example.ru") == 0)
            anna = m;
    }
    CK_CHECK_STR(field(anna, "state"), "failed");
    CK_CHECK_CONTAINS(field(anna, "last_error"), "Recipient address rejected");
    CK_CHECK_CONTAINS(field(anna, "reply"), "550");
    CLI_OK(&p, db, D2 " 20:00", "mail", "send");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    CLI_OK(&p, db, D2 " 20:00", "mail", "list");
    CK_CHECK_CONTAINS(p.out, "failed");
    CK_CHECK_CONTAINS(p.out, "Recipient address rejected");
    json_decref(list);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

static void unsure_is_never_resent(void)
{
    ck_smtp_rig rig;
    const char *drop[] = {"--drop-after-data", NULL};
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, drop))
        return;
    const char *db = station("u.db", &rig);
    int port = rig.port;
    ck_proc p = {0};
    /* The server has the whole message, then the connection ends without an answer. */
    CLI(&p, db, MAIL_AT, "certs", "send", "zoe@example.org");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "fate unknown 1");
    CK_CHECK_CONTAINS(p.out, "may have been delivered");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    json_t *m = newest(db, MAIL_AT);
    CK_CHECK_STR(field(m, "state"), "unsure");
    char id[16], msgid[160];
    snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(m, "id")));
    snprintf(msgid, sizeof msgid, "%s", field(m, "message_id"));
    json_decref(m);
    ck_smtp_rig_stop(&rig);
    if (!ck_smtp_rig_start(&rig, ck_test_path("mbox"), port, NULL))
        return;
    /* Never again by itself, however long it waits. */
    CLI_OK(&p, db, "2026-11-26 09:00", "mail", "send");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    /* A person decides: the same bytes under the same Message-ID. */
    CLI_FAILS(&p, db, "2026-11-26 09:00", "there is no message 99", "mail", "retry", "99");
    CLI_OK(&p, db, "2026-11-26 09:00", "mail", "retry", id);
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 2);
    char *first = ck_smtp_rig_message(&rig, 1), *second = ck_smtp_rig_message(&rig, 2);
    CK_CHECK(first && second && strcmp(first, second) == 0);
    CK_CHECK_CONTAINS(second, msgid);
    free(first);
    free(second);
    CLI_FAILS(&p, db, "2026-11-26 09:00", "is sent", "mail", "retry", id);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

static void sql(const char *db, const char *statement)
{
    ck_proc p = {0};
    const char *argv[] = {"sqlite3", db, statement, NULL};
    if (ck_test_exec(&p, NULL, argv) != 0)
        ck_test_fail(__FILE__, __LINE__, "sqlite3: %s", p.err);
    ck_proc_clear(&p);
}

/* A sender that stopped half-way (the kiosk's power cut) leaves its hold on a message: once it
 * runs out, a message still being sent goes back to the queue (the server never had its end),
 * one handed over becomes unsure and is not sent again; a hold still running is respected. */
static void stopped_senders(void)
{
    ck_smtp_rig rig;
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, NULL))
        return;
    const char *db = station("stop.db", &rig);
    ck_proc p = {0};
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "zoe@example.org", "alex@example.gr",
           "anna@example.ru", "--queue");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 0);
    sql(db, "UPDATE mail SET state = 'handed', claim_until = 1 WHERE rcpt = 'zoe@example.org'");
    sql(db, "UPDATE mail SET state = 'sending', claim_until = 1 WHERE rcpt = 'alex@example.gr'");
    sql(db, "UPDATE mail SET state = 'sending', claim_until = 9999999999"
            " WHERE rcpt = 'anna@example.ru'");
    CLI_OK(&p, db, MAIL_AT, "mail", "send");
    CK_CHECK_CONTAINS(p.out, "sent 1,");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    char *env = ck_test_read_file(ck_test_path("mbox/msg-1.env"), NULL);
    CK_CHECK_CONTAINS(env, "to alex@example.gr");
    free(env);
    json_t *list = outbox(db, MAIL_AT);
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m)
    {
        const char *to = field(m, "to");
        if (strcmp(to, "zoe@example.org") == 0) {
            CK_CHECK_STR(field(m, "state"), "unsure");
            CK_CHECK_CONTAINS(field(m, "last_error"), "it may have been delivered");
        } else if (strcmp(to, "anna@example.ru") == 0) {
            CK_CHECK_STR(field(m, "state"), "sending");
        }
    }
    json_decref(list);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

static void settings_and_login(void)
{
    ck_smtp_rig rig;
    const char *login[] = {"--login", "courses:s3cret pass", NULL};
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, login))
        return;
    const char *db = station("s.db", &rig);
    ck_proc p = {0};
    /* Addresses: the scheme and port written out; a login in the URL refused in words. */
    CLI_FAILS(&p, db, MAIL_AT, "must start with smtp://", "config", "set", "smtp",
              "http://mail.example.org");
    CLI_FAILS(&p, db, MAIL_AT, "holds a user name or password", "config", "set", "smtp",
              "smtp://me:pw@mail.example.org");
    CLI_FAILS(&p, db, MAIL_AT, "no number from 1 to 65535", "config", "set", "smtp",
              "smtp://mail.example.org:0");
    CLI_FAILS(&p, db, MAIL_AT, "contains a space", "config", "set", "mail-from",
              "courses at example");
    CLI_FAILS(&p, db, MAIL_AT, "has characters outside ASCII", "config", "set", "mail-from",
              "kurse@bücher.example");
    CLI_OK(&p, db, MAIL_AT, "config", "set", "smtp", "smtps://mail.example.org");
    CK_CHECK_CONTAINS(p.out, "smtp = smtps://mail.example.org:465");
    CLI_OK(&p, db, MAIL_AT, "config", "set", "smtp", "smtp://mail.example.org");
    CK_CHECK_CONTAINS(p.out, "smtp = smtp://mail.example.org:587");
    CLI_OK(&p, db, MAIL_AT, "config", "set", "smtp", rig.url);

    /* The server wants a login: without one, or a wrong one, the message waits and says so. */
    CLI_OK(&p, db, MAIL_AT, "certs", "send", "zoe@example.org");
    CK_CHECK_CONTAINS(p.out, "1 waiting");
    const char *argv[] = {ck_test_binary(), "--db", db, "mail", "login", NULL};
    CK_CHECK_INT(ck_test_exec(&p, "courses\nwrong\n", argv), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s", ck_test_path("s.mail-login"));
    CK_CHECK_CONTAINS(p.out, path);
    struct stat sb;
    CK_CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    CLI_OK(&p, db, D2 " 17:41", "mail", "send");
    CK_CHECK_CONTAINS(p.out, "refused the user name or password");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 0);
    /* The password is never in the database or the audit trail. */
    CK_CHECK_INT(ck_test_exec(&p, "courses\ns3cret pass\n", argv), 0);
    size_t dblen = 0;
    char *file = ck_test_read_file(db, &dblen);
    bool leaked = false;
    for (size_t k = 0; file && k + 6 <= dblen && !leaked; k++)
        leaked = memcmp(file + k, "s3cret", 6) == 0;
    CK_CHECK(file && !leaked);
    free(file);
    CLI_OK(&p, db, D2 " 17:41", "audit");
    CK_CHECK_CONTAINS(p.out, "mail.login");
    CK_CHECK_NOT_CONTAINS(p.out, "s3cret");
    /* A login file others may read is refused, naming it. */
    chmod(path, 0644);
    CLI_FAILS(&p, db, D2 " 17:43", path, "mail", "send");
    chmod(path, 0600);
    CLI_OK(&p, db, D2 " 17:43", "mail", "send");
    CK_CHECK_CONTAINS(p.out, "sent 1");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    CLI_FAILS(&p, db, D2 " 17:43", "the user name is empty", "mail", "login");
    ck_smtp_rig_stop(&rig);

    /* Plain SMTP only to this machine: anywhere else STARTTLS is required. */
    const char *other[] = {"--host", "127.0.0.2", NULL};
    if (!ck_smtp_rig_start(&rig, ck_test_path("mbox2"), 0, other))
        return;
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.2:%d", rig.port);
    CLI_OK(&p, db, D2 " 17:44", "config", "set", "smtp", url);
    CLI_OK(&p, db, D2 " 17:44", "certs", "send", "alex@example.gr");
    CK_CHECK_CONTAINS(p.out, "does not offer STARTTLS");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 0);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

static void invitation_with_badge(void)
{
    ck_smtp_rig rig;
    if (!ready_to_test() || !ck_smtp_rig_start(&rig, ck_test_path("mbox"), 0, NULL))
        return;
    const char *db = station("i.db", &rig);
    ck_proc p = {0};
    CLI_OK(&p, db, D1 " 07:00", "roster", "invite", "mateo@example.es");
    CK_CHECK_CONTAINS(p.out, "queued the invitation for Mateo García");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 1);
    json_t *doc = read_back(&rig, 1, ck_test_path("badge.pdf"));
    CK_CHECK_STR(field(json_object_get(doc, "headers"), "Subject"),
                 "Your badge for Certified Scrum Product Owner");
    CK_CHECK_CONTAINS(field(doc, "text"), "welcome to the course");
    /* The attached badge's code opens Mateo and nobody else. */
    char *code = cli_qr_of_pdf(ck_test_path("badge.pdf"), 300);
    CK_CHECK(code && strncmp(code, "CKBADGE", 7) == 0);
    CLI_OK(&p, db, D1 " 12:00", "checkin", code ? code : "");
    CK_CHECK_CONTAINS(p.out, "Mateo García is already checked in (since 09:40)");
    CLI_OK(&p, db, D1 " 12:00", "checkout", code ? code : "");
    CK_CHECK_CONTAINS(p.out, "Mateo García checked out at 12:00");
    /* Once per person unless asked again; --all skips who has no address. */
    CLI_OK(&p, db, D1 " 09:41", "roster", "invite", "mateo@example.es");
    CK_CHECK_CONTAINS(p.out, "already sent");
    CLI_OK(&p, db, D1 " 09:41", "roster", "add", "Walk-in Without Mail");
    CLI_FAILS(&p, db, D1 " 09:41", "has no e-mail address", "roster", "invite",
              "Walk-in Without Mail");
    CLI_OK(&p, db, D1 " 09:42", "roster", "invite", "--all");
    CK_CHECK_INT(ck_smtp_rig_count(&rig), 4);
    free(code);
    json_decref(doc);
    ck_smtp_rig_stop(&rig);
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (!ck_test_python("aiosmtpd")) {
        printf("skipped: python3-aiosmtpd is needed for the SMTP server (scripts/deps test)\n");
        return CK_TEST_SKIP;
    }
    CK_RUN(certificate_arrives);
    CK_RUN(server_down_then_back);
    CK_RUN(refused_address);
    CK_RUN(unsure_is_never_resent);
    CK_RUN(stopped_senders);
    CK_RUN(settings_and_login);
    CK_RUN(invitation_with_badge);
    return ck_test_done();
}
