/* Human text (core/text.h): one validator for every kind, what it refuses and how it says so;
 * escaping stored text for a terminal; numbers people type (core/number.h). */
#include <stdlib.h>

#include "ck_test.h"
#include "core/number.h"
#include "core/text.h"

/* Clean in as kind; the cleaned text, or NULL with err set. */
static char *clean(ck_text_kind kind, const char *in, size_t len, ck_err *err)
{
    char *out = NULL;
    *err = (ck_err){0};
    if (ck_text_clean(&out, kind, in, len, "roster.csv line 14", err) != CK_OK) {
        CK_CHECK(out == NULL);
        return NULL;
    }
    return out;
}

#define REFUSED(kind, text, needle)                                                                \
    do {                                                                                           \
        ck_err e_;                                                                                 \
        char *got_ = clean((kind), (text), sizeof(text) - 1, &e_);                                 \
        if (got_)                                                                                  \
            ck_test_fail(__FILE__, __LINE__, "\"%s\" was accepted as \"%s\"", (text), got_);       \
        free(got_);                                                                                \
        CK_CHECK_INT(e_.rc, CK_EINVAL);                                                            \
        CK_CHECK_CONTAINS(e_.msg, (needle));                                                       \
    } while (0)

#define ACCEPTED(kind, text, want)                                                                 \
    do {                                                                                           \
        ck_err e_;                                                                                 \
        char *got_ = clean((kind), (text), sizeof(text) - 1, &e_);                                 \
        if (!got_)                                                                                 \
            ck_test_fail(__FILE__, __LINE__, "\"%s\" was refused: %s", (text), e_.msg);            \
        else                                                                                       \
            CK_CHECK_STR(got_, (want));                                                            \
        free(got_);                                                                                \
    } while (0)

static void names_are_trimmed_folded_and_composed(void)
{
    ACCEPTED(CK_TEXT_NAME, "  Zoe\xCC\x88 \t \xC3\x85ngstr\xC3\xB6m  ",
             "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m");
    /* Unicode spaces fold like ASCII ones: no-break, ideographic, narrow no-break. */
    ACCEPTED(CK_TEXT_NAME,
             "\xC2\xA0"
             "Ann\xE3\x80\x80\xE2\x80\xAF"
             "Lee\xC2\xA0",
             "Ann Lee");
    /* A zero-width non-joiner between two letters belongs in some scripts' names. */
    ACCEPTED(CK_TEXT_NAME, "Mehr\xE2\x80\x8Cnaz", "Mehr\xE2\x80\x8Cnaz");
    ACCEPTED(CK_TEXT_NAME, "O'Brien-Smith", "O'Brien-Smith");
}

/* The class of issue 9: what imported fine and failed only at "certs issue", or never. */
static void invisible_and_disguising_characters_are_refused(void)
{
    REFUSED(CK_TEXT_NAME, "\xC2\xA0\xC2\xA0\xC2\xA0", "the name is empty");
    REFUSED(CK_TEXT_NAME, "\xE2\x80\x8B\xE2\x80\x8B", "U+200B ZERO WIDTH SPACE (character 1)");
    REFUSED(CK_TEXT_NAME, "\xE3\x85\xA4",
            "only spaces or invisible characters");                    /* HANGUL FILLER */
    REFUSED(CK_TEXT_NAME, "\xE2\x80\x8D", "U+200D ZERO WIDTH JOINER"); /* joins nothing */
    REFUSED(CK_TEXT_NAME, "Zo\xC3\xAB\xE2\x80\xAEnimda",
            "roster.csv line 14: the name \"Zo\xC3\xAB…\" contains U+202E RIGHT-TO-LEFT OVERRIDE "
            "(character 4), which can disguise text; remove it");
    REFUSED(CK_TEXT_NAME, "Ann\xE2\x81\xA7Lee", "U+2067 RIGHT-TO-LEFT ISOLATE (character 4)");
    REFUSED(CK_TEXT_NAME, "Ann\xE2\x80\xA8Lee", "a line break, U+2028 LINE SEPARATOR");
    REFUSED(CK_TEXT_NAME, "Ann\xE2\x80\xA9Lee", "U+2029 PARAGRAPH SEPARATOR");
    REFUSED(CK_TEXT_NAME, "Ann\nLee", "a line break, U+000A LINE FEED (character 4)");
    REFUSED(CK_TEXT_NAME, "Ann\x1B[2JLee", "the control character U+001B ESCAPE");
    REFUSED(CK_TEXT_NAME, "Ann\xC2\x85Lee", "U+0085 NEXT LINE");
    REFUSED(CK_TEXT_NAME, "Ann\xF3\xA0\x81\x81", "the tag character U+E0041 (character 4)");
    REFUSED(CK_TEXT_NAME, "Ann\xEE\x80\x80", "U+E000 (character 4), a private-use character");
    REFUSED(CK_TEXT_NAME, "Ann\xEF\xBF\xBF", "U+FFFF (character 4), a noncharacter");
    REFUSED(CK_TEXT_NAME, "Ann\xEF\xB7\x90", "U+FDD0 (character 4), a noncharacter");
    REFUSED(CK_TEXT_NAME, "Ann\xF1\x80\x80\x80", "U+40000 (character 4), which Unicode");
    REFUSED(CK_TEXT_NAME,
            "Ann\xC2\xAD"
            "Lee",
            "the invisible character U+00AD SOFT HYPHEN");
    REFUSED(CK_TEXT_NAME,
            "\xEF\xBB\xBF"
            "Ann",
            "U+FEFF ZERO WIDTH NO-BREAK SPACE (character 1)");
    /* A NUL byte inside the text is refused, never taken as its end. */
    REFUSED(CK_TEXT_NAME, "Ann\0Lee", "contains a NUL byte (U+0000, character 4)");
    REFUSED(CK_TEXT_NAME, "Bad \xC3(", "the name is not valid UTF-8 (byte 5 is 0xC3)");
    REFUSED(CK_TEXT_NAME, "12345", "has no letter");
    /* A modifier letter folds to "^" (found by tests/fuzz/names.c): no key to find it by. */
    REFUSED(CK_TEXT_NAME, "[\xCB\x86", "has no letter a search can find it by");
}

static void lengths_are_counted_in_characters(void)
{
    /* 100 two-byte letters (200 bytes) are a name; 101 are too many. */
    char name[512] = "";
    for (int i = 0; i < 100; i++)
        strcat(name, "\xC3\xA4");
    ck_err err;
    char *got = clean(CK_TEXT_NAME, name, strlen(name), &err);
    CK_CHECK(got != NULL);
    free(got);
    strcat(name, "\xC3\xA4");
    CK_CHECK(clean(CK_TEXT_NAME, name, strlen(name), &err) == NULL);
    CK_CHECK_CONTAINS(err.msg, "is 101 characters long; at most 100 are allowed");
    CK_CHECK_NOT_CONTAINS(err.msg, "UTF-8");
    /* Three-byte letters: 70 characters do not fit the 200 bytes a certificate holds. */
    name[0] = '\0';
    for (int i = 0; i < 70; i++)
        strcat(name, "\xE1\xBB\x87"); /* ệ */
    CK_CHECK(clean(CK_TEXT_NAME, name, strlen(name), &err) == NULL);
    CK_CHECK_CONTAINS(err.msg, "takes 210 bytes of UTF-8, more than the 200 it may hold");
    /* A reason may be long; 201 characters are too many. */
    char reason[256];
    memset(reason, 'r', 201);
    reason[201] = '\0';
    CK_CHECK(clean(CK_TEXT_REASON, reason, 201, &err) == NULL);
    CK_CHECK_CONTAINS(err.msg, "the reason \"rrrrrrrrrrrrrrrrrrrrrrrr…\" is 201 characters long");
    REFUSED(CK_TEXT_REASON, "ok", "the reason \"ok\" is too short");
    REFUSED(CK_TEXT_STATION, "Room Elbe, second floor, left door", "at most 30");
}

static void each_kind_has_its_rules(void)
{
    ACCEPTED(CK_TEXT_CREDENTIAL, "   ", ""); /* optional: blank is "not given" */
    REFUSED(CK_TEXT_TITLE, "   ", "the course title is empty");
    ACCEPTED(CK_TEXT_EMAIL, " Ann.Lee@Example.ORG ", "ann.lee@example.org");
    ACCEPTED(CK_TEXT_EMAIL, "", "");
    REFUSED(CK_TEXT_EMAIL, "ann@", "the e-mail address \"ann@\" is not an address");
    REFUSED(CK_TEXT_EMAIL, "ann lee@example.org", "contains a space");
    REFUSED(CK_TEXT_EMAIL, "ann\0@example.org", "NUL byte");
    REFUSED(CK_TEXT_EMAIL, "ann\xFF@example.org", "not valid UTF-8");
    ACCEPTED(CK_TEXT_PRINTER, "Room-1_Laser", "Room-1_Laser");
    REFUSED(CK_TEXT_PRINTER, "Room 1", "contains ' ' (character 5)");
    REFUSED(CK_TEXT_PRINTER, "a/b", "contains '/'");
    REFUSED(CK_TEXT_PRINTER, "B\xC3\xBCro", "not ASCII (character 2)");
    ACCEPTED(CK_TEXT_URL, "https://certs.example.org/verify", "https://certs.example.org/verify");
    REFUSED(CK_TEXT_URL, "ftp://x", "must start with https://");
    REFUSED(CK_TEXT_URL, "https://x/#a", "may only end in '#'");
    ACCEPTED(CK_TEXT_SERVER, " smtp://mail.example.org:587 ", "smtp://mail.example.org:587");
    ACCEPTED(CK_TEXT_SERVER, "", "");
    REFUSED(CK_TEXT_SERVER, "smtp://mail example.org", "contains a space");
    REFUSED(CK_TEXT_SERVER, "smtp://m\xC3\xA4il.example.org", "not ASCII");
    REFUSED(CK_TEXT_ISSUER, "ACME\x07", "U+0007 BELL");
    ACCEPTED(CK_TEXT_STATION,
             "K\xC3\xBC"
             "che 2",
             "K\xC3\xBC"
             "che 2");
    CK_CHECK_STR(ck_text_kind_label(CK_TEXT_TRAINER), "the trainer's name");
    CK_CHECK_INT(ck_text_max_chars(CK_TEXT_NAME), 100);
}

static void into_a_buffer_and_copies_never_cut_a_character(void)
{
    char small[6];
    ck_err err = {0};
    CK_CHECK_INT(ck_text_clean_into(small, sizeof small, CK_TEXT_NAME, "Ann Lee", NULL, &err),
                 CK_EINVAL);
    CK_CHECK_STR(small, "");
    CK_CHECK_CONTAINS(err.msg, "at most 5 fit here");
    CK_CHECK(!ck_text_copy(small, sizeof small, "Zo\xC3\xAB\xC3\xAB"));
    CK_CHECK_STR(small, "Zo\xC3\xAB"); /* not "Zoë" plus half of the second ë */
    CK_CHECK(ck_text_copy(small, sizeof small, "Ann"));
    CK_CHECK_STR(small, "Ann");
}

static void escaping_for_a_terminal(void)
{
    char out[128];
    CK_CHECK_STR(ck_text_escape(out, sizeof out, "late\n  9 in kiosk\x1B[1A\r", 0),
                 "late\\n  9 in kiosk\\x1B[1A\\r");
    CK_CHECK_STR(ck_text_escape(out, sizeof out, "a\\b\tc", 0), "a\\\\b\\tc");
    CK_CHECK_STR(ck_text_escape(out, sizeof out, "Zo\xC3\xAB\xE2\x80\xAEx\xE2\x80\xA8y", 0),
                 "Zo\xC3\xAB\\u{202E}x\\u{2028}y");
    CK_CHECK_STR(ck_text_escape(out, sizeof out, "bad \xFF byte \xF3\xA0\x81\x81", 0),
                 "bad \\xFF byte \\u{E0041}");
    CK_CHECK_STR(ck_text_escape(out, sizeof out, "two\nlines", CK_TEXT_ESCAPE_NEWLINES),
                 "two\nlines");
    /* Full: stops before a character or escape that does not fit whole. */
    CK_CHECK_STR(ck_text_escape(out, 6,
                                "ab\x1B"
                                "cd",
                                0),
                 "ab");
    CK_CHECK_STR(ck_text_escape(out, 5, "ab\xC3\xAB\xC3\xAB", 0), "ab\xC3\xAB");
}

static void numbers_are_plain_digits(void)
{
    long long v = -1;
    double d = -1;
    CK_CHECK(ck_number_int(&v, "007", 0, 100) && v == 7);
    const char *bad_ints[] = {
        "", " 5", "5 ", "+5", "-5", "0x10", "1e3", "5x", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad_ints / sizeof bad_ints[0]; i++)
        if (ck_number_int(&v, bad_ints[i], 0, 1LL << 60))
            ck_test_fail(__FILE__, __LINE__, "\"%s\" read as the whole number %lld", bad_ints[i],
                         v);
    CK_CHECK(!ck_number_int(&v, "101", 0, 100));
    CK_CHECK(ck_number_decimal(&d, "14.5", 2, 0.01, 336) && d == 14.5);
    CK_CHECK(ck_number_decimal(&d, "16", 2, 0.01, 336) && d == 16);
    CK_CHECK(ck_number_decimal(&d, "0.25", 2, 0.01, 336) && d == 0.25);
    const char *bad_decimals[] = {"nan",   "NaN",  "inf",    "-inf", "infinity", "-3",  "+3",
                                  "1e2",   "0x10", "16abc",  " 16",  "16 ",      ".5",  "5.",
                                  "1.2.3", "14,5", "14.333", "0",    "0.00",     "337", ""};
    for (size_t i = 0; i < sizeof bad_decimals / sizeof bad_decimals[0]; i++)
        if (ck_number_decimal(&d, bad_decimals[i], 2, 0.01, 336))
            ck_test_fail(__FILE__, __LINE__, "\"%s\" read as the number %g", bad_decimals[i], d);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(names_are_trimmed_folded_and_composed);
    CK_RUN(invisible_and_disguising_characters_are_refused);
    CK_RUN(lengths_are_counted_in_characters);
    CK_RUN(each_kind_has_its_rules);
    CK_RUN(into_a_buffer_and_copies_never_cut_a_character);
    CK_RUN(escaping_for_a_terminal);
    CK_RUN(numbers_are_plain_digits);
    return ck_test_done();
}
