/* Fuzzing common/msg: a stored message (any format, any argument texts, as a damaged or
 * hand-edited database row would hold them) worded in every language, and any text reported
 * through a printf format. Wording never writes past its buffer, always ends it with a NUL,
 * keeps UTF-8 whole when the inputs are, and a format of plain text reads as itself. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/lang.h"
#include "common/msg.h"
#include "fuzz.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

enum { GUARD = 16 };

/* Word m into a buffer of n bytes with guard bytes around it; the guards stay untouched. */
static void word_guarded(const ck_msg *m, const ck_lang *lang, size_t n, bool utf8_in)
{
    unsigned char *buf = malloc(n + 2 * GUARD);
    if (!buf)
        exit(1);
    memset(buf, 0xa5, n + 2 * GUARD);
    char *out = (char *)buf + GUARD;
    ck_msg_word(m, lang, out, n);
    for (size_t i = 0; i < GUARD; i++) {
        CK_PROPERTY(buf[i] == 0xa5, "wording wrote before its buffer");
        CK_PROPERTY(buf[GUARD + n + i] == 0xa5, "wording wrote past its buffer of %zu bytes", n);
    }
    if (n) {
        size_t len = strnlen(out, n);
        CK_PROPERTY(len < n, "the words are not NUL-terminated within %zu bytes", n);
        CK_PROPERTY(!utf8_in || ck_fuzz_utf8(out, len), "UTF-8 in, something else out: \"%s\"",
                    out);
    }
    free(buf);
}

/* The input as a stored part: the format up to the first NUL byte, then argument texts. */
static void stored(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        exit(1);
    memcpy(text, data, size);
    text[size] = '\0';
    ck_msg_view v = {.fmt = text};
    size_t at = strlen(text) + 1;
    while (at < size && v.nargs < CK_MSG_ARGS) {
        v.args[v.nargs++] = text + at;
        at += strlen(text + at) + 1;
    }
    bool utf8 = true;
    for (size_t i = 0; i <= v.nargs; i++) {
        const char *s = i ? v.args[i - 1] : v.fmt;
        utf8 = utf8 && ck_fuzz_utf8(s, strlen(s)) && !strchr(s, '\x1e') && !strchr(s, '\x1f');
    }
    ck_msg m;
    ck_msg_clear(&m);
    if (ck_msg_add_stored(&m, &v)) {
        CK_PROPERTY(ck_msg_nparts(&m) == 1, "one stored part made %zu", ck_msg_nparts(&m));
        for (size_t i = 0; i < 5; i++)
            for (size_t n = 0; n < 40; n += 13)
                word_guarded(&m, ck_lang_nth(i), n, utf8);
        word_guarded(&m, ck_lang_find("de"), 4096, utf8);
        if (!strchr(v.fmt, '%') && v.nargs == 0 && utf8) {
            char out[4096];
            ck_msg_word(&m, NULL, out, sizeof out);
            CK_PROPERTY(strncmp(out, v.fmt, sizeof out - 1) == 0,
                        "plain text \"%s\" was worded \"%s\"", v.fmt, out);
        }
        /* Again through a copy and as more parts of another message. */
        ck_msg more = m;
        ck_msg_add_text(&more, " / ");
        ck_msg_append(&more, &m);
        word_guarded(&more, ck_lang_find("fr"), 64, utf8);
    }
    free(text);
}

/* The input reported as an argument, as any text a person gives is. */
static void reported(const uint8_t *data, size_t size)
{
    char *text = ck_fuzz_strndup(data, size);
    ck_err err = {0};
    ck_err_set(&err, CK_EINVAL, "roster %s line %d: the name \"%s\" is %.*s", text, 3, text, 5,
               text);
    ck_err_prefix(&err, "%s: ", text);
    ck_err_append(&err, "; %s", text);
    CK_PROPERTY(strnlen(err.msg, sizeof err.msg) < sizeof err.msg, "msg is not terminated");
    char out[300];
    for (size_t i = 0; i < 5; i++)
        ck_err_word(&err, ck_lang_nth(i), out, sizeof out);
    ck_msg m;
    ck_msg_set(&m, "%s", text);
    bool utf8 = ck_fuzz_utf8(text, strlen(text)) && !strchr(text, '\x1e');
    word_guarded(&m, ck_lang_find("es"), 100, utf8);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
#ifdef CK_TEST_LOCALE_DIR
        ck_lang_setup(CK_TEST_LOCALE_DIR); /* the real catalogues: translations are looked up */
#else
        ck_lang_setup(NULL);
#endif
        ready = true;
    }
    stored(data, size);
    reported(data, size);
    return 0;
}
