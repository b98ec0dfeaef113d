/* Names: validating and normalising what people type or import, and matching searches. */
#include "core/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

ck_rc ck_name_clean(char **out, const char *in, size_t len, const char *what, ck_err *err)
{
    *out = NULL;
    utf8proc_uint8_t *nfc = NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
    utf8proc_ssize_t off = 0;
    while ((size_t)off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + off, (utf8proc_ssize_t)len - off, &cp);
        if (n < 0)
            return ck_err_set(err, CK_EINVAL,
                              "%s is not valid UTF-8 (byte %ld); save the file as UTF-8", what,
                              (long)off + 1);
        utf8proc_category_t cat = utf8proc_category(cp);
        if ((cat == UTF8PROC_CATEGORY_CC && cp != '\t' && cp != '\n' && cp != '\r') ||
            cat == UTF8PROC_CATEGORY_CS || cat == UTF8PROC_CATEGORY_CN)
            return ck_err_set(err, CK_EINVAL,
                              "%s contains the invisible or unassigned character U+%04X; "
                              "retype it",
                              what, (unsigned)cp);
        off += n;
    }
    /* utf8proc wants a NUL-terminated copy. */
    char *copy = malloc(len + 1);
    if (!copy)
        return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", what);
    memcpy(copy, in, len);
    copy[len] = '\0';
    nfc = utf8proc_NFC((const utf8proc_uint8_t *)copy);
    free(copy);
    if (!nfc)
        return ck_err_set(err, CK_EINVAL, "%s could not be normalised; retype it", what);

    /* Collapse runs of white space into one space and trim. */
    char *s = (char *)nfc, *w = s;
    bool pending_space = false;
    for (char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
            pending_space = w != s;
            continue;
        }
        if (pending_space)
            *w++ = ' ';
        pending_space = false;
        *w++ = *r;
    }
    *w = '\0';
    if (w == s) {
        free(nfc);
        return ck_err_set(err, CK_EINVAL, "%s is empty; every attendee needs a name", what);
    }
    if ((size_t)(w - s) > CK_NAME_MAX) {
        free(nfc);
        return ck_err_set(err, CK_EINVAL, "%s is longer than %d bytes; shorten it", what,
                          CK_NAME_MAX);
    }
    *out = s;
    return CK_OK;
}

char *ck_name_fold(const char *in)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in, 0, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                          UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                          UTF8PROC_STRIPMARK | UTF8PROC_LUMP |
                                          UTF8PROC_IGNORE);
    if (n < 0)
        return NULL;
    /* Punctuation becomes a word break; runs of breaks collapse. */
    char *s = (char *)folded, *w = s;
    for (char *r = s; *r; r++) {
        unsigned char c = (unsigned char)*r;
        bool brk = c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
        if (brk) {
            if (w != s && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = (char)c;
        }
    }
    if (w != s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s;
}

/* Does word (up to a space or the end) start with prefix (up to a space or the end)? */
static bool word_starts_with(const char *word, const char *prefix)
{
    while (*prefix && *prefix != ' ') {
        if (*word != *prefix)
            return false;
        word++, prefix++;
    }
    return true;
}

bool ck_name_matches(const char *folded_name, const char *folded_query)
{
    const char *q = folded_query;
    bool any = false;
    while (*q) {
        while (*q == ' ')
            q++;
        if (!*q)
            break;
        any = true;
        bool found = false;
        for (const char *w = folded_name; *w;) {
            if (word_starts_with(w, q)) {
                found = true;
                break;
            }
            w = strchr(w, ' ');
            if (!w)
                break;
            w++;
        }
        if (!found)
            return false;
        q = strchr(q, ' ');
        if (!q)
            break;
    }
    return any;
}

bool ck_text_valid_utf8(const char *text, size_t len, size_t *bad_offset)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t off = 0;
    while (off < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + off, (utf8proc_ssize_t)(len - off), &cp);
        if (n <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = off;
            return false;
        }
        off += (size_t)n;
    }
    return true;
}

bool ck_email_valid(const char *text)
{
    const char *at = strchr(text, '@');
    if (!at || at == text || strchr(at + 1, '@'))
        return false;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == 0x7f || c == ',' || c == ';' || c == '<' || c == '>' || c == '"')
            return false;
    }
    const char *domain = at + 1;
    const char *dot = strrchr(domain, '.');
    if (!dot || dot == domain || dot[1] == '\0' || domain[0] == '.' || strstr(domain, ".."))
        return false;
    return strlen(text) <= 254;
}

void ck_email_lower(char *text)
{
    for (; *text; text++)
        if (*text >= 'A' && *text <= 'Z')
            *text = (char)(*text - 'A' + 'a');
}
