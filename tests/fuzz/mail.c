/* Fuzzing the mail adapter's parsers and writers: any bytes as a mail server address, as the
 * login file, as the text of headers (RFC 2047) and of a message. An accepted address is smtp://
 * or smtps:// with a port, plain only to this machine, and reads back to itself; an accepted
 * login holds a user and a password without control characters and writes back to the same; a
 * header's words are ASCII, fold within 78 columns, encoded-words of at most 75 characters that
 * decode (whole characters each) to the text; a message is ASCII with CRLF line ends only, no
 * line over 78 in its headers or 76 in its parts, and its body decodes back to the text. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "mail/mail.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

static void check_server(const char *text)
{
    ck_mail_server s, again;
    ck_err err = {0};
    if (ck_mail_server_parse(&s, text, &err) != CK_OK) {
        CK_PROPERTY(err.msg[0] != '\0', "\"%s\" refused without a word", text);
        return;
    }
    CK_PROPERTY(strncmp(s.url, s.implicit_tls ? "smtps://" : "smtp://", s.implicit_tls ? 8 : 7) ==
                    0,
                "\"%s\" became \"%s\"", text, s.url);
    CK_PROPERTY(s.port >= 1 && s.port <= 65535 && s.host[0], "\"%s\": port %d, host \"%s\"", text,
                s.port, s.host);
    bool loopback = strcasecmp(s.host, "localhost") == 0 || strcmp(s.host, "127.0.0.1") == 0 ||
                    strcmp(s.host, "::1") == 0;
    CK_PROPERTY(s.plain == (loopback && !s.implicit_tls), "\"%s\": plain SMTP to %s", text, s.host);
    CK_PROPERTY(!strchr(s.host, '@') && !strchr(s.url + 8, '@'), "\"%s\" keeps a login", text);
    CK_PROPERTY(ck_mail_server_parse(&again, s.url, &err) == CK_OK &&
                    strcmp(again.url, s.url) == 0 && again.port == s.port,
                "\"%s\" does not read back: %s", s.url, err.msg);
}

static void check_login(const uint8_t *data, size_t size)
{
    char user[CK_MAIL_LOGIN_MAX], password[CK_MAIL_LOGIN_MAX], u2[CK_MAIL_LOGIN_MAX],
        p2[CK_MAIL_LOGIN_MAX];
    ck_err err = {0};
    if (ck_mail_login_parse(user, password, (const char *)data, size, "login", &err) != CK_OK) {
        CK_PROPERTY(strstr(err.msg, "login") != NULL, "a refusal that names no file: %s", err.msg);
        return;
    }
    CK_PROPERTY(*user && *password, "an empty user or password accepted");
    for (const char *s = user; *s; s++)
        CK_PROPERTY((unsigned char)*s >= 0x20 && *s != 0x7f, "a control character in the user");
    for (const char *s = password; *s; s++)
        CK_PROPERTY((unsigned char)*s >= 0x20 && *s != 0x7f, "a control character in the password");
    char text[2 * CK_MAIL_LOGIN_MAX + 4];
    int n = snprintf(text, sizeof text, "%s\n%s\n", user, password);
    CK_PROPERTY(ck_mail_login_parse(u2, p2, text, (size_t)n, "login", &err) == CK_OK &&
                    strcmp(u2, user) == 0 && strcmp(p2, password) == 0,
                "the login written back reads differently: %s", err.msg);
}

/* Undo one header's encoding: encoded-words decoded, folds joined. */
static char *decode_header(const char *enc, bool phrase)
{
    size_t n = strlen(enc), w = 0;
    char *out = malloc(n + 1);
    const char *p = enc;
    bool words = strncmp(p, "=?UTF-8?B?", 10) == 0;
    if (!out)
        abort();
    while (*p) {
        if (words) {
            CK_PROPERTY(strncmp(p, "=?UTF-8?B?", 10) == 0, "a stray piece in \"%s\"", enc);
            const char *end = strstr(p + 10, "?=");
            CK_PROPERTY(end && end - p + 2 <= 75, "an encoded-word over 75 characters in \"%s\"",
                        enc);
            size_t got = 0;
            CK_PROPERTY(sodium_base642bin((unsigned char *)out + w, n + 1 - w, p + 10,
                                          (size_t)(end - p - 10), NULL, &got, NULL,
                                          sodium_base64_VARIANT_ORIGINAL) == 0,
                        "bad base64 in \"%s\"", enc);
            CK_PROPERTY(ck_fuzz_utf8(out + w, got), "an encoded-word cuts a character");
            w += got;
            p = end + 2;
            if (strncmp(p, "\r\n ", 3) == 0)
                p += 3;
        } else if (phrase && *p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (strncmp(p, "\r\n", 2) == 0) { /* a fold inside the quotes */
                    p++;
                    continue;
                }
                if (*p == '\\')
                    p++;
                out[w++] = *p;
            }
            p += *p == '"';
        } else if (strncmp(p, "\r\n", 2) == 0) {
            p += 2; /* a fold: the white space after it stays */
        } else {
            out[w++] = *p++;
        }
    }
    out[w] = '\0';
    return out;
}

static void check_header(const char *text, bool phrase)
{
    char *enc = NULL;
    ck_err err = {0};
    CK_PROPERTY(ck_mail_encode_header(&enc, text, phrase, 69, &err) == CK_OK, "%s", err.msg);
    size_t col = 78 - 69;
    for (const char *p = enc; *p; p++) {
        CK_PROPERTY((unsigned char)*p < 0x80, "a header holds a byte outside ASCII");
        if (*p == '\r') {
            CK_PROPERTY(p[1] == '\n' && p[2] == ' ', "a CR that is no fold in \"%s\"", enc);
            col = 0;
            continue;
        }
        if (*p != '\n')
            col++;
    }
    char *back = decode_header(enc, phrase);
    CK_PROPERTY(strcmp(back, text) == 0, "\"%s\" encoded as \"%s\" reads back as \"%s\"", text, enc,
                back);
    free(back);
    free(enc);
}

/* The text as the message's body says it: lines with CRLF, a CRLF after the last. */
static char *as_body(const char *text)
{
    size_t n = strlen(text), w = 0;
    char *out = malloc(2 * n + 3);
    if (!out)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            out[w++] = '\r';
        out[w++] = text[i];
    }
    if (n && text[n - 1] != '\n') {
        out[w++] = '\r';
        out[w++] = '\n';
    }
    out[w] = '\0';
    return out;
}

static char *qp_decode(const char *s, const char *end)
{
    char *out = malloc((size_t)(end - s) + 1);
    size_t w = 0;
    if (!out)
        abort();
    while (s < end) {
        if (*s == '=' && s + 2 < end + 1 && s[1] == '\r' && s[2] == '\n') {
            s += 3;
        } else if (*s == '=') {
            char hex[3] = {s[1], s[2], 0};
            out[w++] = (char)strtol(hex, NULL, 16);
            s += 3;
        } else {
            out[w++] = *s++;
        }
    }
    out[w] = '\0';
    return out;
}

static void check_message(const char *text, const char *name)
{
    char *msg = NULL;
    size_t len = 0;
    ck_err err = {0};
    static const unsigned char pdf[] = "%PDF-1.3 fuzz";
    ck_mail_message m = {.from_name = name,
                         .from_addr = "courses@example.org",
                         .to_name = name,
                         .to_addr = "zoe@example.org",
                         .subject = name,
                         .text = text,
                         .message_id = "<fuzz@example.org>",
                         .date = 1795453200,
                         .attach_name = "CK-1.pdf",
                         .attach_type = "application/pdf",
                         .attach = pdf,
                         .attach_len = sizeof pdf - 1};
    if (ck_mail_build(&msg, &len, &m, &err) != CK_OK) {
        CK_PROPERTY(err.msg[0], "refused without a word");
        return;
    }
    const char *body_start = strstr(msg, "quoted-printable\r\n\r\n");
    CK_PROPERTY(body_start != NULL, "no quoted-printable part");
    body_start += strlen("quoted-printable\r\n\r\n");
    const char *body_end = strstr(body_start, "\r\n--=_classkiosk_");
    CK_PROPERTY(body_end != NULL, "the body has no end"); /* that CRLF is the delimiter's */
    size_t line = 0;
    bool in_head = true;
    for (size_t i = 0; i < len; i++) {
        CK_PROPERTY((unsigned char)msg[i] < 0x80, "a byte outside ASCII at %zu", i);
        if (msg[i] == '\n') {
            CK_PROPERTY(i && msg[i - 1] == '\r', "a bare LF at %zu", i);
            if (line == 1)
                in_head = false;
            line = 0;
        } else if (msg[i] != '\r') {
            line++;
            CK_PROPERTY(line <= (in_head ? 78u : 76u), "a line longer than %u at %zu",
                        in_head ? 78 : 76, i);
        }
    }
    char *want = as_body(text), *got = qp_decode(body_start, body_end);
    CK_PROPERTY(strcmp(want, got) == 0, "the body does not decode back to the text");
    free(want);
    free(got);
    free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *text = ck_fuzz_strndup(data + 1, size - 1);
    switch (data[0] % 4) {
    case 0: check_server(text); break;
    case 1: check_login(data + 1, size - 1); break;
    case 2:
    case 3: {
        /* Header text is UTF-8 without controls (the app's texts are); the body may hold line
         * breaks, never a CR. */
        bool clean = ck_fuzz_utf8(text, strlen(text));
        for (const char *p = text; clean && *p; p++)
            clean = (unsigned char)*p >= 0x20 && *p != 0x7f;
        if (clean) {
            check_header(text, data[0] % 4 == 3);
            check_message("", text);
        }
        if (ck_fuzz_utf8(text, strlen(text)) && !strchr(text, '\r'))
            check_message(text, "Zo\xc3\xab");
        break;
    }
    }
    free(text);
    return 0;
}
