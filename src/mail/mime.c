/* Messages as MIME text: folded headers with RFC 2047 encoded-words, a quoted-printable UTF-8
 * body, a base64 attachment, CRLF line ends. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "mail/mail.h"

#define LINE_MAX_CHARS 76 /* quoted-printable and base64 lines (RFC 2045) */
#define HEADER_FOLD 78    /* RFC 5322's recommended line length */
#define WORD_MAX 75       /* one encoded-word (RFC 2047) */

static size_t utf8_len(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

/* RFC 5322 atext, and space: a phrase that needs no quotes. */
static bool plain_phrase(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr(" !#$%&'*+-/=?^_`{|}~", *s)))
            return false;
    return true;
}

/* Words of printable ASCII folded at spaces so no line passes HEADER_FOLD (a word longer than
 * a line stays whole). */
static void put_folded_ascii(ck_buf *b, const char *text, size_t room)
{
    size_t col = HEADER_FOLD - room;
    bool any = false;
    for (const char *p = text; *p;) {
        size_t word = *p == ' ' ? 1 + strcspn(p + 1, " ") : strcspn(p, " ");
        if (any && *p == ' ' && col + word > HEADER_FOLD) {
            ck_buf_put(b, "\r\n", 2); /* the space stays, as the folded line's white space */
            col = 0;
        }
        ck_buf_put(b, p, word);
        col += word;
        any = true;
        p += word;
    }
}

ck_rc ck_mail_encode_header(char **out, const char *text, bool phrase, size_t room, ck_err *err)
{
    ck_buf b = {0};
    *out = NULL;
    if (room < 20 || room > HEADER_FOLD)
        room = HEADER_FOLD - 10;
    /* Printable ASCII stays readable: as it is, or as a quoted string when a phrase holds
     * specials (RFC 5322 lets white space fold inside one too). */
    ck_buf q = {0};
    bool readable = printable_ascii(text) && !strstr(text, "=?");
    if (readable && phrase && !plain_phrase(text)) {
        ck_buf_put(&q, "\"", 1);
        for (const char *p = text; *p; p++) {
            if (*p == '"' || *p == '\\')
                ck_buf_put(&q, "\\", 1);
            ck_buf_put(&q, p, 1);
        }
        ck_buf_put(&q, "\"", 1);
    } else if (readable) {
        ck_buf_put(&q, text, strlen(text));
    }
    /* A word too long for a line cannot fold; encoded-words can be cut anywhere. */
    size_t longest = 0;
    for (const char *p = q.p ? q.p : ""; *p;) {
        size_t run = strcspn(p, " ");
        longest = run > longest ? run : longest;
        p += run + (p[run] == ' ');
    }
    if (readable && !q.failed && longest + 2 < room) {
        put_folded_ascii(&b, q.p ? q.p : "", room);
    } else {
        /* Encoded-words of whole characters: "=?UTF-8?B?" + base64 + "?=", at most 75. */
        size_t n = strlen(text), at = 0, line_room = room;
        bool first = true;
        while (at < n || first) {
            size_t chars = line_room < WORD_MAX + 1 ? line_room - 1 : WORD_MAX;
            size_t max_bytes = (chars - 12) / 4 * 3, take = 0;
            while (at + take < n) {
                size_t cl = utf8_len((unsigned char)text[at + take]);
                if (take + cl > max_bytes)
                    break;
                take += cl;
            }
            if (take == 0 && at < n)
                take = utf8_len((unsigned char)text[at]); /* never stall */
            char enc[128];
            sodium_bin2base64(enc, sizeof enc, (const unsigned char *)text + at, take,
                              sodium_base64_VARIANT_ORIGINAL);
            if (!first)
                ck_buf_put(&b, "\r\n ", 3);
            ck_buf_puts(&b, "=?UTF-8?B?");
            ck_buf_puts(&b, enc);
            ck_buf_puts(&b, "?=");
            at += take;
            first = false;
            line_room = HEADER_FOLD - 1;
        }
    }
    free(q.p);
    if (b.failed) {
        free(b.p);
        return ck_err_set(err, CK_ENOMEM, "out of memory writing a message header");
    }
    *out = b.p ? b.p : strdup("");
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory writing a message header");
}

/* "Tue, 24 Nov 2026 17:30:00 +0100" in the station's time zone, English names as RFC 5322
 * has them whatever the locale. */
static void rfc5322_date(time_t t, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    localtime_r(&t, &tm);
    long off = tm.tm_gmtoff / 60;
    snprintf(out, 40, "%s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday % 7],
             tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
             tm.tm_sec > 59 ? 59 : tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* The text as quoted-printable (RFC 2045 6.7): lines of at most 76 characters, soft breaks
 * as "=" at a line's end, never inside an =XX; spaces at a line's end encoded. */
static void put_qp(ck_buf *b, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        size_t end = n;
        if (end && line[end - 1] == '\r')
            end--;
        size_t col = 0;
        for (size_t i = 0; i < end; i++) {
            unsigned char c = (unsigned char)line[i];
            char enc[4];
            size_t len;
            bool last = i + 1 == end;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
                enc[0] = (char)c;
                len = 1;
            } else {
                enc[0] = '=';
                enc[1] = hex[c >> 4];
                enc[2] = hex[c & 15];
                len = 3;
            }
            /* Room for this and a soft break "=" after it, unless it ends the line. */
            if (col + len > (last ? LINE_MAX_CHARS : LINE_MAX_CHARS - 1)) {
                ck_buf_put(b, "=\r\n", 3);
                col = 0;
            }
            ck_buf_put(b, enc, len);
            col += len;
        }
        ck_buf_put(b, "\r\n", 2);
        line += n;
        if (*line == '\n')
            line++;
    }
}

static void put_base64(ck_buf *b, const unsigned char *data, size_t len)
{
    char line[LINE_MAX_CHARS + 4];
    for (size_t at = 0; at < len; at += 57) { /* 57 bytes: one line of 76 characters */
        size_t take = len - at < 57 ? len - at : 57;
        sodium_bin2base64(line, sizeof line, data + at, take, sodium_base64_VARIANT_ORIGINAL);
        ck_buf_puts(b, line);
        ck_buf_put(b, "\r\n", 2);
    }
}

/* "Name: value" with value encoded for its kind, the line not ended. */
static ck_rc put_encoded(ck_buf *b, const char *name, const char *value, bool phrase, ck_err *err)
{
    char *enc = NULL;
    ck_rc rc = ck_mail_encode_header(&enc, value, phrase, HEADER_FOLD - strlen(name) - 2, err);
    if (rc)
        return rc;
    ck_buf_puts(b, name);
    ck_buf_puts(b, ": ");
    ck_buf_puts(b, enc);
    free(enc);
    return CK_OK;
}

/* A header "Name: value\r\n" with value encoded for its kind. */
static ck_rc put_header(ck_buf *b, const char *name, const char *value, bool phrase, ck_err *err)
{
    ck_rc rc = put_encoded(b, name, value, phrase, err);
    if (rc == CK_OK)
        ck_buf_put(b, "\r\n", 2);
    return rc;
}

/* "Name <addr>" (or just "<addr>") for From and To. */
static ck_rc put_address(ck_buf *b, const char *header, const char *name, const char *addr,
                         ck_err *err)
{
    if (name && *name) {
        ck_rc rc = put_encoded(b, header, name, true, err);
        if (rc)
            return rc;
        /* The address on its own line if it would pass the fold. */
        const char *lastnl = strrchr(b->p ? b->p : "", '\n');
        size_t col = b->p ? b->len - (size_t)(lastnl ? lastnl - b->p + 1 : 0) : 0;
        ck_buf_puts(b, col + strlen(addr) + 3 > HEADER_FOLD ? "\r\n <" : " <");
    } else {
        ck_buf_puts(b, header);
        ck_buf_puts(b, ": <");
    }
    ck_buf_puts(b, addr);
    ck_buf_puts(b, ">\r\n");
    return CK_OK;
}

/* A field that goes into a header must not be able to start another. */
typedef enum field_kind { F_TEXT, F_ADDRESS, F_TOKEN } field_kind;
static ck_rc check_field(const char *what, const char *value, field_kind kind, ck_err *err)
{
    if (!value)
        return ck_err_set(err, CK_EINVAL, "the message has no %s", what);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return ck_err_set(err, CK_EINVAL,
                              "the %s of the message holds a control character (0x%02X); "
                              "remove it",
                              what, *p);
        if (kind == F_ADDRESS && (*p > 0x7e || *p == '<' || *p == '>' || *p == ' '))
            return ck_err_set(err, CK_EINVAL,
                              "the %s \"%s\" cannot be sent: classkiosk sends only to addresses "
                              "of plain ASCII characters",
                              what, value);
        if (kind == F_TOKEN && (*p > 0x7e || *p == ' ' || *p == '"'))
            return ck_err_set(err, CK_EINVAL, "the %s \"%s\" must be plain ASCII without spaces",
                              what, value);
    }
    return CK_OK;
}

ck_rc ck_mail_build(char **out, size_t *len, const ck_mail_message *m, ck_err *err)
{
    ck_buf b = {0};
    ck_rc rc;
    *out = NULL;
    *len = 0;
    if ((rc = check_field("sender address", m->from_addr, F_ADDRESS, err)) ||
        (rc = check_field("recipient address", m->to_addr, F_ADDRESS, err)) ||
        (rc = check_field("Message-ID", m->message_id, F_TOKEN, err)) ||
        (rc = check_field("subject", m->subject, F_TEXT, err)) ||
        (rc = check_field("sender name", m->from_name ? m->from_name : "", F_TEXT, err)) ||
        (rc = check_field("recipient name", m->to_name ? m->to_name : "", F_TEXT, err)) ||
        (m->attach && (rc = check_field("attachment name", m->attach_name, F_TOKEN, err))))
        return rc;
    char date[40], boundary[64];
    rfc5322_date(m->date, date);
    /* "=_" cannot occur in quoted-printable or base64 text, so no part can hold the boundary. */
    unsigned char rnd[12];
    randombytes_buf(rnd, sizeof rnd);
    char hex[25];
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(boundary, sizeof boundary, "=_classkiosk_%s", hex);

    ck_buf_puts(&b, "Date: ");
    ck_buf_puts(&b, date);
    ck_buf_puts(&b, "\r\n");
    if ((rc = put_address(&b, "From", m->from_name, m->from_addr, err)) ||
        (rc = put_address(&b, "To", m->to_name, m->to_addr, err)) ||
        (rc = put_header(&b, "Subject", m->subject, false, err)))
        goto fail;
    ck_buf_puts(&b, "Message-ID: ");
    ck_buf_puts(&b, m->message_id);
    ck_buf_puts(&b, "\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
    if (m->attach) {
        ck_buf_puts(&b, "Content-Type: multipart/mixed;\r\n boundary=\"");
        ck_buf_puts(&b, boundary);
        ck_buf_puts(&b, "\"\r\n\r\nThis is a message in MIME format.\r\n\r\n--");
        ck_buf_puts(&b, boundary);
        ck_buf_puts(&b, "\r\n");
    }
    ck_buf_puts(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    put_qp(&b, m->text ? m->text : "");
    if (m->attach) {
        ck_buf_puts(&b, "\r\n--");
        ck_buf_puts(&b, boundary);
        ck_buf_puts(&b, "\r\nContent-Type: ");
        ck_buf_puts(&b, m->attach_type ? m->attach_type : "application/octet-stream");
        ck_buf_puts(&b, "; name=\"");
        ck_buf_puts(&b, m->attach_name);
        ck_buf_puts(&b, "\"\r\nContent-Disposition: attachment; filename=\"");
        ck_buf_puts(&b, m->attach_name);
        ck_buf_puts(&b, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        put_base64(&b, m->attach, m->attach_len);
        ck_buf_puts(&b, "\r\n--");
        ck_buf_puts(&b, boundary);
        ck_buf_puts(&b, "--\r\n");
    }
    if (b.failed) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory writing the message");
        goto fail;
    }
    *out = b.p;
    *len = b.len;
    return CK_OK;
fail:
    free(b.p);
    return rc;
}
