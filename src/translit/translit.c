/* Latin spellings through ICU's transliterator (utrans, the C API of ICU's i18n library). */
#include "translit/translit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* Compound transliterator ids, applied left to right: each script transliterator touches
 * only its own script, so the first spelling uses the modern romanisations where there is one
 * and Any-Latin for the rest. */
static const char *const IDS[] = {
    "Greek-Latin/UNGEGN; Russian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Any-Latin; Latin-ASCII",
};
#define NIDS (sizeof IDS / sizeof IDS[0])

struct ck_translit {
    UTransliterator *spell[NIDS];
};

ck_rc ck_translit_open(ck_translit **out, ck_err *err)
{
    *out = NULL;
    ck_translit *t = calloc(1, sizeof *t);
    if (!t)
        return ck_err_set(err, CK_ENOMEM, "out of memory opening the transliterator");
    for (size_t i = 0; i < NIDS; i++) {
        UChar id[128];
        UParseError where;
        UErrorCode st = U_ZERO_ERROR;
        u_uastrncpy(id, IDS[i], (int32_t)(sizeof id / sizeof id[0]));
        t->spell[i] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, -1, &where, &st);
        if (U_FAILURE(st)) {
            ck_translit_close(t);
            return ck_err_set(err, CK_EINTERNAL,
                              "ICU cannot open the transliterator \"%s\" (%s); names in Greek, "
                              "Cyrillic and other scripts are found only as they are written "
                              "(reinstall ICU's data, Debian's libicu72)",
                              IDS[i], u_errorName(st));
        }
    }
    *out = t;
    return CK_OK;
}

void ck_translit_close(ck_translit *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < NIDS; i++)
        if (t->spell[i])
            utrans_close(t->spell[i]);
    free(t);
}

/* One transliterator over text (UTF-16, len units, room for cap) in place; false when the
 * result would not fit in cap. */
static bool transliterate(UTransliterator *tr, UChar *text, int32_t *len, int32_t cap,
                          UErrorCode *st)
{
    int32_t limit = *len;
    utrans_transUChars(tr, text, len, cap, 0, &limit, st);
    return !U_FAILURE(*st);
}

/* UTF-16 to a new UTF-8 string. */
static char *to_utf8(const UChar *text, int32_t len, UErrorCode *st)
{
    int32_t n = 0;
    u_strToUTF8(NULL, 0, &n, text, len, st);
    if (*st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(*st))
        return NULL;
    *st = U_ZERO_ERROR;
    char *out = malloc((size_t)n + 1);
    if (!out)
        return NULL;
    u_strToUTF8(out, n + 1, NULL, text, len, st);
    if (U_FAILURE(*st)) {
        free(out);
        return NULL;
    }
    return out;
}

/* One spelling of utf8 with transliterator i; NULL with *rc set on failure. */
static char *spelling(ck_translit *t, size_t i, const char *utf8, ck_rc *rc, ck_err *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF8(NULL, 0, &len, utf8, -1, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
        *rc = ck_err_set(err, CK_EINVAL, "the name \"%s\" is not UTF-8 text", utf8);
        return NULL;
    }
    /* A transliteration may be longer than its text ("Щ" is "Shch"): room for four times. */
    for (int32_t cap = 4 * len + 16; cap <= 64 * len + 64; cap *= 4) {
        UChar *buf = malloc((size_t)cap * sizeof *buf);
        if (!buf)
            break;
        st = U_ZERO_ERROR;
        int32_t n = 0;
        u_strFromUTF8(buf, cap, &n, utf8, -1, &st);
        if (!U_FAILURE(st) && transliterate(t->spell[i], buf, &n, cap, &st)) {
            char *out = to_utf8(buf, n, &st);
            free(buf);
            if (!out)
                break;
            return out;
        }
        free(buf);
        if (st != U_BUFFER_OVERFLOW_ERROR)
            break;
    }
    *rc = st == U_MEMORY_ALLOCATION_ERROR || !U_FAILURE(st)
              ? ck_err_set(err, CK_ENOMEM, "out of memory spelling \"%s\" in Latin letters", utf8)
              : ck_err_set(err, CK_EINTERNAL, "ICU cannot spell \"%s\" in Latin letters (%s)", utf8,
                           u_errorName(st));
    return NULL;
}

ck_rc ck_translit_latin(ck_translit *t, const char *utf8, char **out, ck_err *err)
{
    ck_rc rc = CK_OK;
    *out = NULL;
    if (!t || !utf8)
        return ck_err_set(err, CK_EINVAL,
                          "ck_translit_latin: pass an open transliterator and text");
    char *first = spelling(t, 0, utf8, &rc, err);
    if (!first)
        return rc;
    char *second = spelling(t, 1, utf8, &rc, err);
    if (!second) {
        free(first);
        return rc;
    }
    if (strcmp(first, second) == 0) {
        free(second);
        *out = first;
        return CK_OK;
    }
    size_t a = strlen(first), b = strlen(second);
    char *both = malloc(a + 1 + b + 1);
    if (both) {
        memcpy(both, first, a);
        both[a] = '\t';
        memcpy(both + a + 1, second, b + 1);
    }
    free(first);
    free(second);
    if (!both)
        return ck_err_set(err, CK_ENOMEM, "out of memory spelling \"%s\" in Latin letters", utf8);
    *out = both;
    return CK_OK;
}
