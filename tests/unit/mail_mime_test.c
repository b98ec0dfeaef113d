/* mail/: the server's address, the login file, headers in RFC 2047 encoded-words, a whole
 * message (quoted-printable text, base64 attachment, CRLF, folded headers), and a server that
 * is not there named in words. Read back with Python's email package in cli.mail. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ck_test.h"
#include "mail/mail.h"

static void server_addresses(void)
{
    ck_mail_server s;
    ck_err err = {0};
    struct {
        const char *in, *url;
        int port;
        bool tls, plain;
    } good[] = {
        {"smtp://mail.example.org", "smtp://mail.example.org:587", 587, false, false},
        {"SMTP://Mail.Example.org:2525/", "smtp://Mail.Example.org:2525", 2525, false, false},
        {"smtps://mail.example.org", "smtps://mail.example.org:465", 465, true, false},
        {"smtp://localhost:25", "smtp://localhost:25", 25, false, true},
        {"smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525", 2525, false, true},
        {"smtp://[::1]:2525", "smtp://[::1]:2525", 2525, false, true},
        {"smtp://127.0.0.2", "smtp://127.0.0.2:587", 587, false, false},
        {"smtps://localhost", "smtps://localhost:465", 465, true, false},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        CK_CHECK_INT(ck_mail_server_parse(&s, good[i].in, &err), CK_OK);
        CK_CHECK_STR(s.url, good[i].url);
        CK_CHECK_INT(s.port, good[i].port);
        CK_CHECK_INT(s.implicit_tls, good[i].tls);
        CK_CHECK_INT(s.plain, good[i].plain);
    }
    struct {
        const char *in, *why;
    } bad[] = {
        {"mail.example.org", "must start with smtp://"},
        {"http://mail.example.org", "must start with smtp://"},
        {"smtp://me:secret@mail.example.org", "holds a user name or password"},
        {"smtp://", "names no host"},
        {"smtp://mail.example.org:0", "no number from 1 to 65535"},
        {"smtp://mail.example.org:99999", "no number from 1 to 65535"},
        {"smtp://mail.example.org:25x", "no number from 1 to 65535"},
        {"smtp://mail.example.org/path", "after the host and port"},
        {"smtp://[::1", "never closes it"},
        {"smtp://mail_example.org", "which no host name has"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CK_CHECK_INT(ck_mail_server_parse(&s, bad[i].in, &err), CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, bad[i].why);
    }
}

static void login_files(void)
{
    char user[CK_MAIL_LOGIN_MAX], pw[CK_MAIL_LOGIN_MAX];
    ck_err err = {0};
    CK_CHECK_INT(ck_mail_login_parse(user, pw, "courses\ns3cret pass\n", 20, "f", &err), CK_OK);
    CK_CHECK_STR(user, "courses");
    CK_CHECK_STR(pw, "s3cret pass");
    CK_CHECK_INT(ck_mail_login_parse(user, pw, "a\r\nb\r\n\r\n", 8, "f", &err), CK_OK);
    CK_CHECK_STR(pw, "b");
    CK_CHECK_INT(ck_mail_login_parse(user, pw, "a\nb", 3, "f", &err), CK_OK); /* no last LF */
    const char *bad[] = {"", "only-a-user\n", "a\n\n", "a\nb\nc\n", "a\nb\x01\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CK_CHECK(ck_mail_login_parse(user, pw, bad[i], strlen(bad[i]), "/etc/x.login", &err) !=
                 CK_OK);
        CK_CHECK_CONTAINS(err.msg, "/etc/x.login");
        CK_CHECK_STR(pw, ""); /* nothing of a refused password is left */
    }
}

/* The bytes of an encoded-word's base64. */
static size_t word_bytes(const char *word, size_t len, char *out, size_t n)
{
    size_t got = 0;
    CK_CHECK(len > 12 && strncmp(word, "=?UTF-8?B?", 10) == 0);
    CK_CHECK_INT(sodium_base642bin((unsigned char *)out, n, word + 10, len - 12, NULL, &got, NULL,
                                   sodium_base64_VARIANT_ORIGINAL),
                 0);
    return got;
}

static void encoded_words(void)
{
    char *enc = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_mail_encode_header(&enc, "Mateo Garcia", true, 70, &err), CK_OK);
    CK_CHECK_STR(enc, "Mateo Garcia");
    free(enc);
    CK_CHECK_INT(ck_mail_encode_header(&enc, "O'Brien, \"Boss\"", true, 70, &err), CK_OK);
    CK_CHECK_STR(enc, "\"O'Brien, \\\"Boss\\\"\"");
    free(enc);
    /* A long UTF-8 text: words of at most 75 characters, on lines of at most 78, whole
     * characters each, that decode to the text. */
    const char *text = "Zoë Ångström-Núñez · Αλέξανδρος Παπαδόπουλος · Анна Кузнецова · "
                       "Ζωή Ούρανού-Παπαναστασίου";
    CK_CHECK_INT(ck_mail_encode_header(&enc, text, true, 70, &err), CK_OK);
    char back[1024] = "";
    size_t got = 0, col = 8, words = 0;
    for (const char *p = enc; *p;) {
        size_t len = strcspn(p, "\r");
        CK_CHECK(len <= 75);
        CK_CHECK(col + len <= 78);
        char part[256];
        size_t n = word_bytes(p, len, part, sizeof part);
        memcpy(back + got, part, n);
        got += n;
        words++;
        /* No character is cut between two words: each decodes to whole UTF-8. */
        CK_CHECK((unsigned char)part[0] < 0x80 || ((unsigned char)part[0] & 0xC0) == 0xC0);
        p += len;
        if (*p) {
            CK_CHECK(strncmp(p, "\r\n ", 3) == 0);
            p += 3;
            col = 1;
        }
    }
    back[got] = '\0';
    CK_CHECK_STR(back, text);
    CK_CHECK(words > 2);
    free(enc);
}

static char *qp_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '=' && i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 3;
        } else if (s[i] == '=') {
            char hex[3] = {s[i + 1], s[i + 2], 0};
            out[w++] = (char)strtol(hex, NULL, 16);
            i += 3;
        } else {
            out[w++] = s[i++];
        }
    }
    out[w] = '\0';
    return out;
}

static void whole_message(void)
{
    unsigned char pdf[3000];
    for (size_t i = 0; i < sizeof pdf; i++)
        pdf[i] = (unsigned char)(i * 7 + 3);
    const char *text = "Hello Zoë,\n\nyour certificate for the course \"Certified Scrum "
                       "Product Owner\" (23–24 November 2026, Berlin, with Maria Schmidt) is "
                       "attached as a PDF.\n=3D is not an escape here, and a trailing space \n";
    ck_mail_message m = {.from_name = "Agile Académie",
                         .from_addr = "courses@example.org",
                         .to_name = "Zoë Ångström-Núñez",
                         .to_addr = "zoe@example.org",
                         .subject = "Your certificate: Certified Scrum Product Owner",
                         .text = text,
                         .message_id = "<abc.certificate@example.org>",
                         .date = 1795453200,
                         .attach_name = "CK-7M2QX-D9RTA.pdf",
                         .attach_type = "application/pdf",
                         .attach = pdf,
                         .attach_len = sizeof pdf};
    char *msg = NULL;
    size_t len = 0;
    ck_err err = {0};
    CK_CHECK_INT(ck_mail_build(&msg, &len, &m, &err), CK_OK);
    if (!msg)
        return;
    CK_CHECK_CONTAINS(msg, "\r\nTo: =?UTF-8?B?");
    CK_CHECK_CONTAINS(msg, "<zoe@example.org>\r\n");
    CK_CHECK_CONTAINS(msg, "\r\nSubject: Your certificate: Certified Scrum Product Owner\r\n");
    CK_CHECK_CONTAINS(msg, "\r\nMessage-ID: <abc.certificate@example.org>\r\n");
    CK_CHECK_CONTAINS(msg, "\r\nMIME-Version: 1.0\r\n");
    CK_CHECK_CONTAINS(msg, "Content-Type: text/plain; charset=UTF-8\r\n"
                           "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    CK_CHECK_CONTAINS(msg, "filename=\"CK-7M2QX-D9RTA.pdf\"\r\nContent-Transfer-Encoding: base64");
    CK_CHECK(strncmp(msg, "Date: ", 6) == 0);
    /* ASCII, CRLF only, no line over 78 (76 in the parts). */
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        CK_CHECK((unsigned char)msg[i] < 0x80);
        if (msg[i] == '\n') {
            CK_CHECK(i && msg[i - 1] == '\r');
            col = 0;
        } else if (msg[i] != '\r') {
            CK_CHECK(++col <= 78);
        }
    }
    /* The text and the attachment decode back as they were. */
    const char *body = strstr(msg, "quoted-printable\r\n\r\n") + 20;
    const char *end = strstr(body, "\r\n--=_classkiosk_");
    char *decoded = qp_decode(body, (size_t)(end - body));
    CK_CHECK_CONTAINS(decoded, "Hello Zoë,\r\n\r\nyour certificate for the course");
    CK_CHECK_CONTAINS(decoded, "=3D is not an escape here, and a trailing space \r\n");
    free(decoded);
    const char *b64 = strstr(msg, "base64\r\n\r\n") + 10;
    const char *b64end = strstr(b64, "\r\n\r\n--");
    unsigned char back[4000];
    size_t got = 0;
    CK_CHECK_INT(sodium_base642bin(back, sizeof back, b64, (size_t)(b64end - b64), "\r\n", &got,
                                   NULL, sodium_base64_VARIANT_ORIGINAL),
                 0);
    CK_CHECK_INT(got, sizeof pdf);
    CK_CHECK(memcmp(back, pdf, sizeof pdf) == 0);
    free(msg);
    /* A header that would start another, and an address outside ASCII, are refused. */
    m.subject = "Hi\r\nBcc: everyone@example.org";
    CK_CHECK_INT(ck_mail_build(&msg, &len, &m, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "control character");
    m.subject = "Hi";
    m.to_addr = "zoë@example.org";
    CK_CHECK_INT(ck_mail_build(&msg, &len, &m, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "plain ASCII");
}

static void nobody_listening(void)
{
    /* A port on this machine where nothing listens: "cannot be reached", try again later. */
    ck_mail_server s;
    ck_err err = {0};
    CK_CHECK_INT(ck_mail_server_parse(&s, "smtp://127.0.0.1:9", &err), CK_OK);
    ck_mail_send_req req = {.server = &s,
                            .from_addr = "courses@example.org",
                            .rcpt = "zoe@example.org",
                            .message = "Subject: x\r\n\r\nx\r\n",
                            .len = 17,
                            .timeout_s = 5};
    ck_mail_report rep;
    CK_CHECK(ck_mail_send(&rep, &req, &err) != CK_OK);
    CK_CHECK_INT(rep.outcome, CK_MAIL_RETRY);
    CK_CHECK(rep.whole_server);
    CK_CHECK(!rep.handed);
    CK_CHECK_CONTAINS(err.msg, "the mail server at 127.0.0.1 port 9 cannot be reached");
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (sodium_init() < 0)
        return 1;
    CK_RUN(server_addresses);
    CK_RUN(login_files);
    CK_RUN(encoded_words);
    CK_RUN(whole_message);
    CK_RUN(nobody_listening);
    return ck_test_done();
}
