/* Certificate text: UTF-8 checks, NFC, and which characters the certificate fonts can draw. */
#include "pdf/pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Characters listed by name in a coverage error before "and N more". */
#define MAX_LISTED 6

size_t ck_pdf_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (len <= 0) { /* defensive: callers pass text that was checked */
        *cp = 0xFFFD;
        return 1;
    }
    *cp = (uint32_t)c;
    return (size_t)len;
}

/* A character nobody wants printed: controls, line separators, invisible format characters,
 * surrogates, private use, unassigned. */
static bool is_unprintable(uint32_t cp)
{
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return true;
    default: return false;
    }
}

/* Refuse bytes that are not UTF-8 and characters that have no business on paper. */
static ck_rc check_encoding(const char *field, const char *text, ck_err *err)
{
    size_t n = strlen(text), at = 0, chars = 0;
    while (at < n) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t len =
            utf8proc_iterate((const utf8proc_uint8_t *)text + at, (utf8proc_ssize_t)(n - at), &c);
        chars++;
        if (len <= 0)
            return ck_err_set(err, CK_EINVAL,
                              "%s is not valid UTF-8 (byte 0x%02X at byte %zu); re-enter it, or "
                              "save the file it came from as UTF-8.",
                              CK_MSG_PHRASE(field), (unsigned)(unsigned char)text[at], at + 1);
        if (is_unprintable((uint32_t)c))
            return ck_err_set(err, CK_EINVAL,
                              "%s contains the invisible or control character U+%04X at "
                              "character %zu; remove it (a certificate line has no tabs or "
                              "line breaks).",
                              CK_MSG_PHRASE(field), (unsigned)c, chars);
        at += (size_t)len;
    }
    return CK_OK;
}

/* Runs of ASCII spaces become one, leading and trailing ones go. In place. */
static void collapse_spaces(char *s)
{
    char *w = s;
    bool pending = false;
    for (const char *r = s; *r; r++) {
        if (*r == ' ') {
            pending = w != s;
            continue;
        }
        if (pending)
            *w++ = ' ';
        pending = false;
        *w++ = *r;
    }
    *w = '\0';
}

/* Append "U+XXXX "c"" for each character in missing to buf. */
static void list_missing(char *buf, size_t cap, const uint32_t *missing, size_t nmissing)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nmissing && i < MAX_LISTED; i++) {
        utf8proc_uint8_t enc[8] = {0};
        utf8proc_ssize_t elen = utf8proc_encode_char((utf8proc_int32_t)missing[i], enc);
        enc[elen > 0 ? elen : 0] = '\0';
        int n = snprintf(buf + len, cap - len, "%sU+%04X \"%s\"", i ? ", " : "",
                         (unsigned)missing[i], (const char *)enc);
        if (n < 0 || (size_t)n >= cap - len)
            return;
        len += (size_t)n;
    }
    if (nmissing > MAX_LISTED)
        snprintf(buf + len, cap - len, " and %zu more", nmissing - MAX_LISTED);
}

/* Every character of s must have a glyph in each role of the mask, and lie in the Basic
 * Multilingual Plane (libharu's UTF-8 encoder writes 16-bit codes). */
static ck_rc check_coverage(const char *field, const char *s, const ck_pdf_fonts *fonts,
                            unsigned roles, ck_err *err)
{
    uint32_t missing[64];
    size_t nmissing = 0, n = strlen(s);
    for (size_t at = 0; at < n;) {
        uint32_t cp;
        at += ck_pdf_utf8_next(s + at, n - at, &cp);
        bool ok = cp <= 0xFFFF;
        for (int r = 0; ok && r < CK_PDF_ROLE_COUNT; r++)
            if ((roles & CK_PDF_ROLE_BIT(r)) && ck_pdf_fonts_face(fonts, (ck_pdf_role)r, cp) < 0)
                ok = false;
        if (ok)
            continue;
        bool seen = false;
        for (size_t i = 0; i < nmissing && !seen; i++)
            seen = missing[i] == cp;
        if (!seen && nmissing < sizeof missing / sizeof missing[0])
            missing[nmissing++] = cp;
    }
    if (nmissing == 0)
        return CK_OK;
    char list[400];
    list_missing(list, sizeof list, missing, nmissing);
    if (roles == 0) /* text that is stored in the PDF but not drawn */
        return ck_err_setn(err, CK_EINVAL,
                           "%s has a character %s beyond U+FFFF, which the PDF writer cannot "
                           "store; leave it out.",
                           "%s has characters %s beyond U+FFFF, which the PDF writer cannot "
                           "store; leave them out.",
                           nmissing, CK_MSG_PHRASE(field), list);
    return ck_err_setn(err, CK_EINVAL,
                       "%s has a character %s that no certificate font on this station can "
                       "draw; write it with Latin, Greek, Cyrillic, Chinese, Japanese or Korean "
                       "letters, or leave it out.",
                       "%s has characters %s that no certificate font on this station can "
                       "draw; write it with Latin, Greek, Cyrillic, Chinese, Japanese or Korean "
                       "letters, or leave them out.",
                       nmissing, CK_MSG_PHRASE(field), list);
}

ck_rc ck_pdf_text_normalize(char **out, const char *field, const char *text,
                            const ck_pdf_fonts *fonts, unsigned roles, ck_err *err)
{
    ck_rc rc;
    char *nfc = NULL;

    *out = NULL;
    if (!text)
        text = "";
    rc = check_encoding(field, text, err);
    if (rc != CK_OK)
        return rc;
    nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
    if (!nfc)
        return ck_err_set(err, CK_ENOMEM, "Out of memory while reading %s.", CK_MSG_PHRASE(field));
    collapse_spaces(nfc);
    rc = check_coverage(field, nfc, fonts, roles, err);
    if (rc != CK_OK) {
        free(nfc);
        return rc;
    }
    *out = nfc;
    return CK_OK;
}
