/* Human text: the one validator for every kind of text a person gives the station, and the
 * escaping of stored text for a terminal. */
#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/names.h"

/* How a kind's text is checked after the rules every text follows. */
typedef enum text_class {
    CLASS_PROSE,   /* words people read: any script */
    CLASS_EMAIL,   /* an e-mail address */
    CLASS_PRINTER, /* a CUPS queue name */
    CLASS_URL,     /* an http(s) or file address */
    CLASS_SERVER,  /* a server's address: the mail adapter reads the rest of it */
} text_class;

typedef struct kind_rule {
    const char *label;
    size_t max_chars;
    size_t max_bytes; /* 0: no limit beyond max_chars */
    text_class cls;
    bool optional;      /* empty is allowed: "not given" */
    bool needs_letter;  /* a person's name has letters */
    size_t min_visible; /* visible characters at least (when not empty) */
} kind_rule;

/* TRANSLATORS: the labels name a kind of text inside sentences such as "%s takes 240 bytes"
   and "%s holds U+0007 at character 3"; they may begin a sentence. */
static const kind_rule RULES[CK_TEXT_KIND_COUNT] = {
    [CK_TEXT_NAME] = {N_("the name"), CK_TEXT_NAME_CHARS, CK_TEXT_SIGNED_BYTES, CLASS_PROSE, false,
                      true, 1},
    [CK_TEXT_TITLE] = {N_("the course title"), CK_TEXT_TITLE_CHARS, CK_TEXT_SIGNED_BYTES,
                       CLASS_PROSE, false, false, 1},
    [CK_TEXT_TRAINER] = {N_("the trainer's name"), CK_TEXT_NAME_CHARS, CK_TEXT_SIGNED_BYTES,
                         CLASS_PROSE, false, true, 1},
    [CK_TEXT_CREDENTIAL] = {N_("the credential"), CK_TEXT_TITLE_CHARS, CK_TEXT_SIGNED_BYTES,
                            CLASS_PROSE, true, false, 1},
    [CK_TEXT_LOCATION] = {N_("the location"), CK_TEXT_TITLE_CHARS, CK_TEXT_SIGNED_BYTES,
                          CLASS_PROSE, true, false, 1},
    [CK_TEXT_ISSUER] = {N_("the issuer"), CK_TEXT_NAME_CHARS, CK_TEXT_SIGNED_BYTES, CLASS_PROSE,
                        true, false, 1},
    [CK_TEXT_REASON] = {N_("the reason"), CK_TEXT_REASON_CHARS, 0, CLASS_PROSE, false, false, 3},
    [CK_TEXT_EMAIL] = {N_("the e-mail address"), 254, 254, CLASS_EMAIL, true, false, 1},
    [CK_TEXT_PRINTER] = {N_("the printer name"), 127, 127, CLASS_PRINTER, true, false, 1},
    [CK_TEXT_STATION] = {N_("the station name"), CK_TEXT_STATION_CHARS, 0, CLASS_PROSE, true, false,
                         1},
    [CK_TEXT_URL] = {N_("the verify-url"), 200, 200, CLASS_URL, true, false, 1},
    [CK_TEXT_ROOM] = {N_("the room"), CK_TEXT_STATION_CHARS * 2, 0, CLASS_PROSE, true, false, 1},
    [CK_TEXT_SERVER] = {N_("the mail server"), 200, 200, CLASS_SERVER, true, false, 1},
};

const char *ck_text_kind_label(ck_text_kind kind)
{
    return kind < CK_TEXT_KIND_COUNT ? RULES[kind].label : N_("the text");
}

size_t ck_text_max_chars(ck_text_kind kind)
{
    return kind < CK_TEXT_KIND_COUNT ? RULES[kind].max_chars : 0;
}

/* ---- what a code point is ---- */

typedef enum cp_class {
    CP_OK,         /* allowed */
    CP_SPACE,      /* white space: folded into one space */
    CP_JOINER,     /* ZWNJ or ZWJ: allowed only between two visible characters */
    CP_NUL,        /* U+0000 */
    CP_BREAK,      /* a line or paragraph break */
    CP_CONTROL,    /* another control character */
    CP_BIDI,       /* a bidirectional control */
    CP_TAG,        /* U+E0000–U+E007F */
    CP_PRIVATE,    /* private use */
    CP_NONCHAR,    /* a noncharacter */
    CP_UNASSIGNED, /* not assigned in the Unicode version utf8proc knows */
    CP_INVISIBLE,  /* another format character (zero-width space, soft hyphen, BOM…) */
} cp_class;

static bool is_noncharacter(int32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

static cp_class classify(int32_t cp)
{
    if (cp == 0)
        return CP_NUL;
    if (cp == '\t')
        return CP_SPACE;
    if (cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 ||
        cp == 0x2029)
        return CP_BREAK;
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return CP_BIDI;
    if (cp >= 0xE0000 && cp <= 0xE007F)
        return CP_TAG;
    if (is_noncharacter(cp))
        return CP_NONCHAR;
    if (cp == 0x200C || cp == 0x200D)
        return CP_JOINER;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS: return CP_SPACE;
    case UTF8PROC_CATEGORY_CC: return CP_CONTROL;
    case UTF8PROC_CATEGORY_CF: return CP_INVISIBLE;
    case UTF8PROC_CATEGORY_CO: return CP_PRIVATE;
    case UTF8PROC_CATEGORY_CS: return CP_UNASSIGNED; /* not reachable from valid UTF-8 */
    case UTF8PROC_CATEGORY_CN: return CP_UNASSIGNED;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return CP_BREAK;
    default: return CP_OK;
    }
}

/* Does cp show as something: a letter, digit, mark-free punctuation or symbol that is not
 * ignorable (Hangul fillers, variation selectors) and not the blank braille pattern? */
static bool is_visible(int32_t cp)
{
    if (cp == 0x2800 || utf8proc_get_property(cp)->ignorable)
        return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_SO);
}

static bool is_letter(int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO &&
           !utf8proc_get_property(cp)->ignorable;
}

/* The Unicode names of the characters people meet in pasted or exported text; "" for others
 * (the message then says what kind of character it is). */
static const char *char_name(int32_t cp)
{
    static const char *const c0[32] = {"NULL",
                                       "START OF HEADING",
                                       "START OF TEXT",
                                       "END OF TEXT",
                                       "END OF TRANSMISSION",
                                       "ENQUIRY",
                                       "ACKNOWLEDGE",
                                       "BELL",
                                       "BACKSPACE",
                                       "CHARACTER TABULATION",
                                       "LINE FEED",
                                       "LINE TABULATION",
                                       "FORM FEED",
                                       "CARRIAGE RETURN",
                                       "SHIFT OUT",
                                       "SHIFT IN",
                                       "DATA LINK ESCAPE",
                                       "DEVICE CONTROL ONE",
                                       "DEVICE CONTROL TWO",
                                       "DEVICE CONTROL THREE",
                                       "DEVICE CONTROL FOUR",
                                       "NEGATIVE ACKNOWLEDGE",
                                       "SYNCHRONOUS IDLE",
                                       "END OF TRANSMISSION BLOCK",
                                       "CANCEL",
                                       "END OF MEDIUM",
                                       "SUBSTITUTE",
                                       "ESCAPE",
                                       "INFORMATION SEPARATOR FOUR",
                                       "INFORMATION SEPARATOR THREE",
                                       "INFORMATION SEPARATOR TWO",
                                       "INFORMATION SEPARATOR ONE"};
    static const struct {
        int32_t cp;
        const char *name;
    } names[] = {
        {0x007F, "DELETE"},
        {0x0085, "NEXT LINE"},
        {0x00A0, "NO-BREAK SPACE"},
        {0x00AD, "SOFT HYPHEN"},
        {0x034F, "COMBINING GRAPHEME JOINER"},
        {0x061C, "ARABIC LETTER MARK"},
        {0x115F, "HANGUL CHOSEONG FILLER"},
        {0x1160, "HANGUL JUNGSEONG FILLER"},
        {0x180E, "MONGOLIAN VOWEL SEPARATOR"},
        {0x200B, "ZERO WIDTH SPACE"},
        {0x200C, "ZERO WIDTH NON-JOINER"},
        {0x200D, "ZERO WIDTH JOINER"},
        {0x200E, "LEFT-TO-RIGHT MARK"},
        {0x200F, "RIGHT-TO-LEFT MARK"},
        {0x2028, "LINE SEPARATOR"},
        {0x2029, "PARAGRAPH SEPARATOR"},
        {0x202A, "LEFT-TO-RIGHT EMBEDDING"},
        {0x202B, "RIGHT-TO-LEFT EMBEDDING"},
        {0x202C, "POP DIRECTIONAL FORMATTING"},
        {0x202D, "LEFT-TO-RIGHT OVERRIDE"},
        {0x202E, "RIGHT-TO-LEFT OVERRIDE"},
        {0x2060, "WORD JOINER"},
        {0x2061, "FUNCTION APPLICATION"},
        {0x2062, "INVISIBLE TIMES"},
        {0x2063, "INVISIBLE SEPARATOR"},
        {0x2064, "INVISIBLE PLUS"},
        {0x2066, "LEFT-TO-RIGHT ISOLATE"},
        {0x2067, "RIGHT-TO-LEFT ISOLATE"},
        {0x2068, "FIRST STRONG ISOLATE"},
        {0x2069, "POP DIRECTIONAL ISOLATE"},
        {0x2800, "BRAILLE PATTERN BLANK"},
        {0x3164, "HANGUL FILLER"},
        {0xFEFF, "ZERO WIDTH NO-BREAK SPACE"},
        {0xFFA0, "HALFWIDTH HANGUL FILLER"},
        {0xFFF9, "INTERLINEAR ANNOTATION ANCHOR"},
        {0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR"},
        {0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR"},
        {0xFFFC, "OBJECT REPLACEMENT CHARACTER"},
        {0xFFFD, "REPLACEMENT CHARACTER"},
        {0xE0001, "LANGUAGE TAG"},
        {0xE0020, "TAG SPACE"},
        {0xE007F, "CANCEL TAG"},
    };
    if (cp >= 0 && cp < 32)
        return c0[cp];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].cp == cp)
            return names[i].name;
    return "";
}

/* " NAME" for a character with a known name, "" otherwise: the tail of "U+XXXX NAME". */
static void name_tail(int32_t cp, char *out, size_t n)
{
    const char *name = char_name(cp);
    if (*name)
        snprintf(out, n, " %s", name);
    else
        out[0] = '\0';
}

/* ---- cleaning ---- */

#define EXCERPT_CHARS 24

/* The last (or first) EXCERPT_CHARS characters of s, with "…" where text is left out, into
 * out: what a message quotes of a text, never the offending character itself. */
static void excerpt(char *out, size_t n, const char *s, bool tail)
{
    size_t len = strlen(s), chars = 0, start = 0, end = len;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    if (chars > EXCERPT_CHARS) {
        size_t keep = EXCERPT_CHARS, seen = 0;
        if (tail) {
            for (start = len; start > 0 && seen < keep;)
                if (((unsigned char)s[--start] & 0xC0) != 0x80)
                    seen++;
        } else {
            for (end = 0; end < len; end++)
                if (((unsigned char)s[end] & 0xC0) != 0x80 && seen++ == keep)
                    break;
        }
    }
    snprintf(out, n, "%s%.*s…", tail && start > 0 ? "…" : "", (int)(end - start), s + start);
}

/* The message for a character that is refused. */
static ck_rc refuse_char(ck_err *err, const char *label, const char *before, int32_t cp, size_t pos,
                         cp_class cls)
{
    char quote[4 * EXCERPT_CHARS + 16], tail[64];
    excerpt(quote, sizeof quote, before, true);
    name_tail(cp, tail, sizeof tail);
    switch (cls) {
    case CP_NUL:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains a NUL byte (U+0000, character %zu), which would cut "
                          "it short; remove it",
                          CK_MSG_PHRASE(label), quote, pos);
    case CP_BREAK:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains a line break, U+%04X%s (character %zu); it must be "
                          "one line: remove the break",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, tail, pos);
    case CP_CONTROL:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains the control character U+%04X%s (character %zu); "
                          "remove it",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, tail, pos);
    case CP_BIDI:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains U+%04X%s (character %zu), which can disguise text; "
                          "remove it",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, tail, pos);
    case CP_TAG:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains the tag character U+%04X%s (character %zu), which "
                          "is invisible; remove it",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, tail, pos);
    case CP_PRIVATE:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains U+%04X (character %zu), a private-use character "
                          "with no agreed meaning or shape; remove it",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, pos);
    case CP_NONCHAR:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains U+%04X (character %zu), a noncharacter, which is "
                          "not text; remove it",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, pos);
    case CP_UNASSIGNED:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains U+%04X (character %zu), which Unicode %s does not "
                          "assign; remove it or type it again",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, pos,
                          utf8proc_unicode_version());
    case CP_JOINER:
    case CP_INVISIBLE:
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains the invisible character U+%04X%s (character %zu); "
                          "remove it",
                          CK_MSG_PHRASE(label), quote, (unsigned)cp, tail, pos);
    case CP_OK:
    case CP_SPACE: break;
    }
    return ck_err_set(err, CK_EINTERNAL, "%s: character %zu was refused for no reason",
                      CK_MSG_PHRASE(label), pos);
}

/* Decode one code point at s[i] (n bytes in all); 0 on a byte that is not UTF-8. */
static size_t next_cp(const char *s, size_t n, size_t i, int32_t *cp)
{
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
    if (k <= 0)
        return 0;
    *cp = c;
    return (size_t)k;
}

/* What the cleaning found about the cleaned text. */
typedef struct text_stats {
    size_t chars, visible, letters;
} text_stats;

static void stats_of(const char *s, text_stats *st)
{
    size_t n = strlen(s);
    memset(st, 0, sizeof *st);
    for (size_t i = 0, k; i < n; i += k) {
        int32_t cp = 0;
        if ((k = next_cp(s, n, i, &cp)) == 0)
            break;
        st->chars++;
        st->visible += is_visible(cp);
        st->letters += is_letter(cp);
    }
}

/* The rules every text follows: UTF-8, no refused character, white space folded, NFC.
 * *out is malloc'd. */
static ck_rc clean_common(char **out, const char *label, const char *in, size_t len, ck_err *err)
{
    *out = NULL;
    char *w = malloc(len + 1);
    if (!w)
        return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", CK_MSG_PHRASE(label));
    size_t used = 0, pos = 0;
    bool pending_space = false;
    int32_t prev = 0;
    for (size_t i = 0, k; i < len; i += k) {
        int32_t cp = 0;
        pos++;
        if ((k = next_cp(in, len, i, &cp)) == 0) { /* a NUL byte decodes as U+0000 */
            free(w);
            return ck_err_set(err, CK_EINVAL,
                              "%s is not valid UTF-8 (byte %zu is 0x%02X); save the file as "
                              "UTF-8 or type it again",
                              CK_MSG_PHRASE(label), i + 1, (unsigned)(unsigned char)in[i]);
        }
        cp_class cls = classify(cp);
        if (cls == CP_JOINER) {
            int32_t next = 0;
            bool joins = is_visible(prev) && !pending_space && i + k < len &&
                         next_cp(in, len, i + k, &next) && is_visible(next);
            cls = joins ? CP_OK : CP_JOINER;
        }
        if (cls == CP_SPACE) {
            pending_space = used > 0;
            prev = ' ';
            continue;
        }
        if (cls != CP_OK) {
            w[used] = '\0';
            ck_rc rc = refuse_char(err, label, w, cp, pos, cls);
            free(w);
            return rc;
        }
        if (pending_space)
            w[used++] = ' ';
        pending_space = false;
        memcpy(w + used, in + i, k);
        used += k;
        prev = cp;
    }
    w[used] = '\0';
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)w);
    free(w);
    if (!nfc)
        return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", CK_MSG_PHRASE(label));
    *out = nfc;
    return CK_OK;
}

/* An e-mail address: no spaces, one @, a dotted domain; lower-case ASCII letters. */
static ck_rc check_email(char *s, const char *label, ck_err *err)
{
    if (strchr(s, ' '))
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" contains a space; an address has none: correct it or leave "
                          "it empty",
                          CK_MSG_PHRASE(label), s);
    ck_email_lower(s);
    if (!ck_email_valid(s))
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" is not an address; correct it or leave it empty",
                          CK_MSG_PHRASE(label), s);
    return CK_OK;
}

/* A CUPS queue name: printable ASCII without space, slash, backslash, quotes, ? or #. */
static ck_rc check_printer(const char *s, const char *label, ck_err *err)
{
    size_t pos = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80)
            pos++;
        if (*p >= 0x80)
            return ck_err_set(err, CK_EINVAL,
                              "%s \"%s\" has a character that is not ASCII (character %zu); "
                              "CUPS queue names are ASCII: give the name \"lpstat -p\" lists",
                              CK_MSG_PHRASE(label), s, pos);
        if (strchr(" /\\'\"?#", *p))
            return ck_err_set(err, CK_EINVAL,
                              "%s \"%s\" contains '%c' (character %zu), which a CUPS queue name "
                              "cannot hold (no spaces, /, \\, quotes, ? or #); give the name "
                              "\"lpstat -p\" lists",
                              CK_MSG_PHRASE(label), s, *p, pos);
    }
    return CK_OK;
}

/* The verification page's address: https:// (or http://, or file:/// to try the page out on
 * this machine), printable ASCII, at most a '#' at its end (the certificate goes after it). */
static ck_rc check_url(const char *s, const char *label, ck_err *err)
{
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0 &&
        strncmp(s, "file:///", 8) != 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" must start with https:// (the address of the exported "
                          "verification page)",
                          CK_MSG_PHRASE(label), s);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7f)
            return ck_err_set(err, CK_EINVAL,
                              "%s \"%s\" contains a space or non-ASCII character; "
                              "percent-encode it",
                              CK_MSG_PHRASE(label), s);
    const char *hash = strchr(s, '#');
    if (hash && hash[1] != '\0')
        return ck_err_set(err, CK_EINVAL,
                          "%s \"%s\" may only end in '#': the certificate is added after it",
                          CK_MSG_PHRASE(label), s);
    return CK_OK;
}

/* A server's address: printable ASCII without spaces (its scheme and parts are the adapter's
 * to check). */
static ck_rc check_server(const char *s, const char *label, ck_err *err)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7f)
            return ck_err_set(err, CK_EINVAL,
                              "%s \"%s\" contains a space or a character that is not ASCII; "
                              "give it as smtp://HOST:PORT",
                              label, s);
    return CK_OK;
}

ck_rc ck_text_clean(char **out, ck_text_kind kind, const char *in, size_t len, const char *where,
                    ck_err *err)
{
    *out = NULL;
    if (!ck_assert(kind < CK_TEXT_KIND_COUNT))
        return ck_err_set(err, CK_EINTERNAL, "a text of an unknown kind %d", (int)kind);
    const kind_rule *r = &RULES[kind];
    char *s = NULL;
    char quote[4 * EXCERPT_CHARS + 16];
    ck_rc rc = clean_common(&s, r->label, in ? in : "", in ? len : 0, err);
    if (rc)
        goto fail;
    text_stats st;
    stats_of(s, &st);
    if (st.chars == 0) {
        if (r->optional) {
            *out = s;
            return CK_OK;
        }
        rc = ck_err_set(err, CK_EINVAL, "%s is empty; fill it in", CK_MSG_PHRASE(r->label));
        goto fail;
    }
    if (st.visible == 0) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s has only spaces or invisible characters; write it with visible "
                        "letters",
                        CK_MSG_PHRASE(r->label));
        goto fail;
    }
    excerpt(quote, sizeof quote, s, false);
    if (st.chars > r->max_chars) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s \"%s\" is %zu characters long; at most %zu are allowed: shorten it",
                        CK_MSG_PHRASE(r->label), quote, st.chars, r->max_chars);
        goto fail;
    }
    size_t bytes = strlen(s);
    if (r->max_bytes && bytes > r->max_bytes) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s \"%s\" takes %zu bytes of UTF-8, more than the %zu it may hold "
                        "(characters beyond plain Latin take two or three); shorten it",
                        CK_MSG_PHRASE(r->label), quote, bytes, r->max_bytes);
        goto fail;
    }
    if (r->needs_letter && st.letters == 0) {
        rc = ck_err_set(err, CK_EINVAL, "%s \"%s\" has no letter; write the person's name",
                        CK_MSG_PHRASE(r->label), quote);
        goto fail;
    }
    if (r->needs_letter) {
        /* A letter the search cannot use (a modifier letter that folds to punctuation) would
         * leave the name without a key: nobody could find it at the kiosk. */
        char *fold = ck_name_fold(s);
        bool findable = fold && *fold;
        free(fold);
        if (!findable) {
            rc = ck_err_set(err, CK_EINVAL,
                            "%s \"%s\" has no letter a search can find it by; write the "
                            "person's name",
                            CK_MSG_PHRASE(r->label), quote);
            goto fail;
        }
    }
    if (st.visible < r->min_visible) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s \"%s\" is too short; write a few words (at least %zu characters)",
                        CK_MSG_PHRASE(r->label), s, r->min_visible);
        goto fail;
    }
    switch (r->cls) {
    case CLASS_PROSE: break;
    case CLASS_EMAIL: rc = check_email(s, r->label, err); break;
    case CLASS_PRINTER: rc = check_printer(s, r->label, err); break;
    case CLASS_URL: rc = check_url(s, r->label, err); break;
    case CLASS_SERVER: rc = check_server(s, r->label, err); break;
    }
    if (rc)
        goto fail;
    *out = s;
    return CK_OK;
fail:
    free(s);
    if (where && *where)
        ck_err_prefix(err, "%s: ", where);
    return rc;
}

ck_rc ck_text_clean_into(char *out, size_t n, ck_text_kind kind, const char *in, const char *where,
                         ck_err *err)
{
    char *clean = NULL;
    if (n)
        out[0] = '\0';
    ck_rc rc = ck_text_clean(&clean, kind, in, in ? strlen(in) : 0, where, err);
    if (rc)
        return rc;
    size_t len = strlen(clean);
    if (len >= n) {
        free(clean);
        rc = ck_err_set(err, CK_EINVAL, "%s takes %zu bytes; at most %zu fit here: shorten it",
                        CK_MSG_PHRASE(ck_text_kind_label(kind)), len, n ? n - 1 : 0);
        if (where && *where)
            ck_err_prefix(err, "%s: ", where);
        return rc;
    }
    memcpy(out, clean, len + 1);
    free(clean);
    return CK_OK;
}

bool ck_text_copy(char *out, size_t n, const char *in)
{
    if (n == 0)
        return false;
    size_t len = strlen(in);
    if (len < n) {
        memcpy(out, in, len + 1);
        return true;
    }
    size_t cut = n - 1;
    while (cut > 0 && ((unsigned char)in[cut] & 0xC0) == 0x80)
        cut--; /* in[cut] is where a character starts: keep what is before it */
    memcpy(out, in, cut);
    out[cut] = '\0';
    return false;
}

bool ck_text_append(char *buf, size_t n, const char *in)
{
    size_t used = strlen(buf), len = strlen(in);
    if (used + len >= n)
        return false;
    memcpy(buf + used, in, len + 1);
    return true;
}

/* ---- escaping for a terminal ---- */

/* Should cp be shown as an escape rather than drawn? */
static bool needs_escape(int32_t cp)
{
    switch (classify(cp)) {
    case CP_OK: return false;
    case CP_SPACE: return cp == '\t'; /* other spaces draw as spaces */
    default: return true;
    }
}

char *ck_text_escape(char *out, size_t n, const char *in, unsigned flags)
{
    size_t used = 0, len = in ? strlen(in) : 0;
    if (n == 0)
        return out;
    for (size_t i = 0, k; i < len; i += k) {
        char piece[16];
        const char *add = piece;
        size_t add_len;
        int32_t cp = 0;
        if ((k = next_cp(in, len, i, &cp)) == 0) {
            k = 1;
            add_len =
                (size_t)snprintf(piece, sizeof piece, "\\x%02X", (unsigned)(unsigned char)in[i]);
        } else if (cp == '\\') {
            add = "\\\\", add_len = 2;
        } else if (cp == '\n' && (flags & CK_TEXT_ESCAPE_NEWLINES)) {
            add = "\n", add_len = 1;
        } else if (cp == '\n' || cp == '\r' || cp == '\t') {
            add = cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : "\\t", add_len = 2;
        } else if (cp < 0x20 || cp == 0x7F) {
            add_len = (size_t)snprintf(piece, sizeof piece, "\\x%02X", (unsigned)cp);
        } else if (needs_escape(cp)) {
            add_len = (size_t)snprintf(piece, sizeof piece, "\\u{%04X}", (unsigned)cp);
        } else {
            add = in + i, add_len = k;
        }
        if (used + add_len >= n)
            break; /* full: stop before a character or an escape that does not fit whole */
        memcpy(out + used, add, add_len);
        used += add_len;
    }
    out[used] = '\0';
    return out;
}

size_t ck_text_utf8_char(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t len =
        n ? utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n < 4 ? n : 4), &cp)
          : 0;
    return len > 0 ? (size_t)len : 0;
}
