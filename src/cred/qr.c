/* QR text: a prefix and the token as digit pairs (SMART Health Cards style), and back. */
#include "cred/qr.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cred/token.h"

/* Characters of a compact JWS: base64url and '.'. All lie in '-' (45) .. 'z' (122). */
static bool jws_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* Whether s[0..n) has the shape of a compact JWS: three parts of JWS characters, the first two
 * non-empty. The signature may be empty only when decoding, so that an unsigned ("alg":
 * "none") token reaches the verifier and is refused for what it is. */
static bool jws_shape(const char *s, size_t n, bool empty_signature_ok)
{
    size_t dots = 0, part = 0;
    for (size_t i = 0; i < n; i++) {
        if (!jws_char((unsigned char)s[i]))
            return false;
        if (s[i] == '.') {
            if (part == 0)
                return false;
            dots++;
            part = 0;
        } else {
            part++;
        }
    }
    return dots == 2 && (part > 0 || empty_signature_ok);
}

static bool url_scheme_ok(const char *u)
{
    size_t i = 0;
    if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
        return false;
    for (i = 1; u[i] && u[i] != ':'; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return false;
    }
    return u[i] == ':' && u[i + 1] != '\0';
}

ck_rc ck_cred_qr_encode(char **out, const char *jws, const char *verify_url, ck_err *err)
{
    *out = NULL;
    if (!jws)
        return ck_err_set(err, CK_EINVAL, "no token given to put in a QR code");
    size_t n = strnlen(jws, CK_CRED_TOKEN_MAX + 1);
    if (n > CK_CRED_TOKEN_MAX || !jws_shape(jws, n, false))
        return ck_err_set(err, CK_EINVAL,
                          "the text to put in the QR code is not a signed token (three "
                          "base64url parts joined by dots, at most %d characters)",
                          CK_CRED_TOKEN_MAX);
    const char *prefix = CK_CRED_QR_PREFIX;
    size_t plen = strlen(prefix);
    bool add_hash = false;
    if (verify_url && *verify_url) {
        size_t ulen = strnlen(verify_url, CK_CRED_QR_URL_MAX + 1);
        if (ulen > CK_CRED_QR_URL_MAX)
            return ck_err_set(err, CK_EINVAL,
                              "the verify URL is longer than %d bytes; use a "
                              "shorter one",
                              CK_CRED_QR_URL_MAX);
        for (size_t i = 0; i < ulen; i++) {
            unsigned char c = (unsigned char)verify_url[i];
            if (c <= 0x20 || c >= 0x7f)
                return ck_err_set(err, CK_EINVAL,
                                  "the verify URL \"%.80s\" has a space or a character that is "
                                  "not printable ASCII at position %zu; percent-encode it",
                                  verify_url, i + 1);
            if (c == '#' && i + 1 != ulen)
                return ck_err_set(err, CK_EINVAL,
                                  "the verify URL \"%.80s\" has a '#' before its end; the token "
                                  "goes in the fragment, so remove that part",
                                  verify_url);
        }
        if (!url_scheme_ok(verify_url))
            return ck_err_set(err, CK_EINVAL,
                              "the verify URL \"%.80s\" does not start with a scheme such as "
                              "https://",
                              verify_url);
        prefix = verify_url;
        plen = ulen;
        add_hash = verify_url[ulen - 1] != '#';
    }
    char *text = malloc(plen + add_hash + 2 * n + 1);
    if (!text)
        return ck_err_set(err, CK_ENOMEM, "out of memory while writing QR text");
    memcpy(text, prefix, plen);
    char *p = text + plen;
    if (add_hash)
        *p++ = '#';
    for (size_t i = 0; i < n; i++) {
        int v = (unsigned char)jws[i] - 45;
        *p++ = (char)('0' + v / 10);
        *p++ = (char)('0' + v % 10);
    }
    *p = '\0';
    *out = text;
    return CK_OK;
}

size_t ck_cred_qr_prefix_len(const char *qr_text)
{
    size_t n = qr_text ? strlen(qr_text) : 0;
    while (n > 0 && qr_text[n - 1] >= '0' && qr_text[n - 1] <= '9')
        n--;
    return n;
}

/* Decode digit pairs d[0..n) into a JWS; false if a pair is not a JWS character. */
static bool undigit(char *dst, const char *d, size_t n)
{
    for (size_t i = 0; i < n; i += 2) {
        int v = (d[i] - '0') * 10 + (d[i + 1] - '0') + 45;
        if (!jws_char((unsigned char)v))
            return false;
        dst[i / 2] = (char)v;
    }
    dst[n / 2] = '\0';
    return true;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

ck_rc ck_cred_qr_decode(char **out, const char *text, size_t len, ck_err *err)
{
    char *jws = NULL;
    *out = NULL;
    if (!text || len == 0)
        return ck_err_set(err, CK_EINVAL, "nothing was scanned; scan the certificate's QR code");
    if (len > CK_CRED_QR_TEXT_MAX)
        return ck_err_set(err, CK_EINVAL,
                          "the scanned text is %zu bytes, more than a certificate QR code holds "
                          "(%d); scan only the certificate's code",
                          len, CK_CRED_QR_TEXT_MAX);
    while (len > 0 && is_blank((unsigned char)text[0]))
        text++, len--;
    while (len > 0 && is_blank((unsigned char)text[len - 1]))
        len--;
    if (len == 0)
        return ck_err_set(err, CK_EINVAL, "the scanned text is blank; scan the QR code again");

    if (jws_shape(text, len, true)) {
        if (len > CK_CRED_TOKEN_MAX)
            return ck_err_set(err, CK_EINVAL, "the scanned token is longer than %d characters",
                              CK_CRED_TOKEN_MAX);
        jws = malloc(len + 1);
        if (!jws)
            return ck_err_set(err, CK_ENOMEM, "out of memory while reading a scan");
        memcpy(jws, text, len);
        jws[len] = '\0';
        *out = jws;
        return CK_OK;
    }
    /* Prefix + digits, URL#digits, or a scan whose prefix the keyboard layout mangled: the
     * token is the final run of digits. A mangled '#' that became a digit, or one that was
     * dropped after a digit, leaves one digit too many: drop it. */
    size_t start = len;
    while (start > 0 && text[start - 1] >= '0' && text[start - 1] <= '9')
        start--;
    const char *digits = text + start;
    size_t nd = len - start;
    if (nd % 2 == 1) {
        digits++;
        nd--;
    }
    if (nd < 2)
        return ck_err_set(err, CK_EINVAL,
                          "the scanned text is not a certificate QR code: it does not end in "
                          "the digits of a token; scan the code on the certificate");
    if (nd / 2 > CK_CRED_TOKEN_MAX)
        return ck_err_set(err, CK_EINVAL, "the scanned token is longer than %d characters",
                          CK_CRED_TOKEN_MAX);
    jws = malloc(nd / 2 + 1);
    if (!jws)
        return ck_err_set(err, CK_ENOMEM, "out of memory while reading a scan");
    if (!undigit(jws, digits, nd) || !jws_shape(jws, nd / 2, true)) {
        free(jws);
        return ck_err_set(err, CK_EINVAL,
                          "the digits of the scanned text do not spell a signed token; the code "
                          "is damaged or not a certificate: scan it again");
    }
    *out = jws;
    return CK_OK;
}
