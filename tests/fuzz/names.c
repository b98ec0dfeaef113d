/* Fuzzing core/names and core/text: cleaning a typed name (ck_text_clean, CK_TEXT_NAME),
 * folding it for search, its search key, UTF-8 and e-mail checks. A cleaned name has the stored
 * name's properties, cleaning is idempotent, and a name is always found by each of its own words.
 */
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/text.h"
#include "fuzz.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* A folded text: no upper-case ASCII, no ASCII punctuation, single inner spaces. */
static void check_folded(const char *f, const char *of)
{
    size_t n = strlen(f);
    CK_PROPERTY(ck_fuzz_utf8(f, n), "the fold of \"%s\" is not valid UTF-8", of);
    CK_PROPERTY(n == 0 || (f[0] != ' ' && f[n - 1] != ' '),
                "the fold \"%s\" of \"%s\" is not "
                "trimmed",
                f, of);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)f[i];
        CK_PROPERTY(c >= 0x80 || c == ' ' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'),
                    "the fold \"%s\" of \"%s\" holds the byte 0x%02x", f, of, c);
        CK_PROPERTY(!(c == ' ' && f[i + 1] == ' '), "the fold \"%s\" of \"%s\" has two spaces", f,
                    of);
    }
}

/* Every word of the folded name, and its first letter, finds the name by its key. */
static void check_found_by_words(const char *key, const char *folded, const char *name)
{
    char *copy = strdup(folded);
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        CK_PROPERTY(ck_name_matches(key, w), "\"%s\" is not found by its word \"%s\" (key \"%s\")",
                    name, w, key);
        size_t first = 1;
        while (((unsigned char)w[first] & 0xc0) == 0x80)
            first++;
        w[first] = '\0';
        CK_PROPERTY(ck_name_matches(key, w), "\"%s\" is not found by its initial \"%s\"", name, w);
    }
    free(copy);
    CK_PROPERTY(!ck_name_matches(key, ""), "the empty query matches \"%s\"", name);
}

static void check_clean(const uint8_t *data, size_t size)
{
    char *name = NULL;
    ck_err err = {0};
    bool utf8 = ck_fuzz_utf8((const char *)data, size);
    if (ck_text_clean(&name, CK_TEXT_NAME, (const char *)data, size, NULL, &err) != CK_OK) {
        CK_PROPERTY(name == NULL, "a refused name was still returned");
        CK_PROPERTY(strstr(err.msg, "the name") != NULL, "the error does not name the input: %s",
                    err.msg);
        /* (the message's own opening: it may quote the input, whatever that says) */
        CK_PROPERTY(!utf8 || strncmp(err.msg, "the name is not valid UTF-8", 27) != 0,
                    "valid UTF-8 was called invalid: %s", err.msg);
        return;
    }
    CK_PROPERTY(utf8, "a name that is not UTF-8 (or holds NUL) was accepted as \"%s\"", name);
    ck_fuzz_check_name(name, "the cleaned name");

    char *again = NULL;
    CK_PROPERTY(ck_text_clean(&again, CK_TEXT_NAME, name, strlen(name), NULL, &err) == CK_OK,
                "a cleaned name \"%s\" is refused when cleaned again: %s", name, err.msg);
    CK_PROPERTY(strcmp(again, name) == 0, "cleaning is not idempotent: \"%s\" then \"%s\"", name,
                again);
    free(again);

    char *folded = ck_name_fold(name), *key = ck_name_key(name);
    CK_PROPERTY(folded && key, "a cleaned name \"%s\" cannot be folded", name);
    check_folded(folded, name);
    CK_PROPERTY(folded[0] != '\0', "\"%s\" folds to an empty search key: nobody can find it", name);
    CK_PROPERTY(ck_name_key_equals(key, folded), "the key \"%s\" does not hold the fold \"%s\"",
                key, folded);
    if (folded[0])
        check_found_by_words(key, folded, name);
    free(folded);
    free(key);
    free(name);
}

/* Folding and the other checks on the raw text, whatever it is. */
static void check_raw(const uint8_t *data, size_t size)
{
    char *text = ck_fuzz_strndup(data, size);
    size_t len = strlen(text); /* up to a NUL in the input */
    bool utf8 = ck_fuzz_utf8(text, len);
    size_t bad = 0;
    CK_PROPERTY(ck_text_valid_utf8((const char *)data, size, &bad) ==
                    ck_fuzz_utf8((const char *)data, size),
                "ck_text_valid_utf8 and RFC 3629 disagree");
    char *folded = ck_name_fold(text);
    CK_PROPERTY(!utf8 || folded, "valid UTF-8 cannot be folded");
    if (folded) {
        check_folded(folded, text);
        char *twice = ck_name_fold(folded);
        CK_PROPERTY(twice && strcmp(twice, folded) == 0,
                    "folding is not idempotent: \"%s\" then "
                    "\"%s\"",
                    folded, twice ? twice : "(null)");
        free(twice);
    }
    char *key = ck_name_key(text);
    CK_PROPERTY(!utf8 || key, "valid UTF-8 has no search key");
    if (key && folded)
        CK_PROPERTY(ck_name_key_equals(key, folded), "the key \"%s\" lacks the fold \"%s\"", key,
                    folded);
    free(key);
    free(folded);

    if (ck_email_valid(text)) {
        const char *at = strchr(text, '@');
        CK_PROPERTY(at && at != text && !strchr(at + 1, '@') && len <= 254 && utf8,
                    "\"%s\" passed as an e-mail address", text);
        for (const char *p = text; *p; p++)
            CK_PROPERTY((unsigned char)*p > ' ' && *p != 0x7f, "the e-mail \"%s\" has a blank",
                        text);
        ck_email_lower(text);
        CK_PROPERTY(ck_email_valid(text), "lower-casing breaks the address \"%s\"", text);
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_clean(data, size);
    check_raw(data, size);
    return 0;
}
