/* common/msg: a message keeps its format and argument texts and is worded later. In English it
 * reads as printf would have written it; in a language it takes that language's format,
 * arguments by position (reordered too), plurals by that language's rule; a translation whose
 * conversions do not fit falls back to English; nothing overruns, whatever the arguments hold.
 * The catalogue here is the test's own (msgfmt from a .po below), so the mechanics are tested
 * whatever the translators have done. */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"
#include "common/err.h"
#include "common/lang.h"
#include "common/msg.h"

/* A German and a French catalogue of the test's own strings. The last German one is broken on
 * purpose (a %d for a %s): msgfmt without --check accepts it, wording must not use it. */
static const char *const DE_PO =
    "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n"
    "msgid \"%s has %d apples\"\nmsgstr \"%2$d Äpfel hat %1$s\"\n\n"
    "msgid \"%d apple for %s\"\nmsgid_plural \"%d apples for %s\"\n"
    "msgstr[0] \"%d Apfel für %s\"\nmsgstr[1] \"%d Äpfel für %s\"\n\n"
    "msgid \"roster %s: \"\nmsgstr \"Teilnehmerliste %s: \"\n\n"
    "msgid \"line %d is empty\"\nmsgstr \"Zeile %d ist leer\"\n\n"
    "msgid \"out of paper\"\nmsgstr \"ohne Papier\"\n\n"
    "msgid \"the printer is %s\"\nmsgstr \"der Drucker ist %s\"\n\n"
    "msgid \"%s is %s\"\nmsgstr \"%1$s ist %2$s\"\n\n"
    "msgid \"%s weighs %d kg\"\nmsgstr \"%s wiegt %d kg\"\n\n"
    "msgid \"%s counts %d\"\nmsgstr \"%d zählt %d\"\n";
static const char *const FR_PO =
    "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n\n"
    "msgid \"%s has %d apples\"\nmsgstr \"%1$s a %2$d pommes\"\n\n"
    "msgid \"%d apple for %s\"\nmsgid_plural \"%d apples for %s\"\n"
    "msgstr[0] \"%d pomme pour %s\"\nmsgstr[1] \"%d pommes pour %s\"\n";

static char catalogues[256];

/* Compile po into catalogues/LANG/LC_MESSAGES/classkiosk.mo. */
static bool compile(const char *lang, const char *po)
{
    char dir[512], path[600], mo[600];
    snprintf(dir, sizeof dir, "%s/%s", catalogues, lang);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/%s/LC_MESSAGES", catalogues, lang);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s.po", catalogues, lang);
    snprintf(mo, sizeof mo, "%s/classkiosk.mo", dir);
    if (!ck_test_write_file(path, po))
        return false;
    ck_proc p = {0};
    const char *argv[] = {"msgfmt", "-o", mo, path, NULL};
    bool ok = ck_test_exec(&p, NULL, argv) == 0;
    if (!ok)
        printf("msgfmt failed: %s\n", p.err);
    ck_proc_clear(&p);
    return ok;
}

static const ck_lang *de, *fr;

/* English is what printf writes, conversion by conversion, flags and all. */
static void english_is_printf(void)
{
    ck_msg m;
    char got[512], want[512];
#define SAME(...)                                                                                  \
    do {                                                                                           \
        ck_msg_set(&m, __VA_ARGS__);                                                               \
        snprintf(want, sizeof want, __VA_ARGS__);                                                  \
        CK_CHECK_STR(ck_msg_word(&m, NULL, got, sizeof got), want);                                \
    } while (0)
    SAME("plain text, no conversions");
    SAME("%d %i %u %x %X %o %c %%", -42, 7, 42u, 255u, 255u, 8u, 'z');
    SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
    SAME("%zu %lld %ld %lu %hd %hhu", (size_t)12, -5LL, 123456789L, 9UL, (short)-3,
         (unsigned char)200);
    SAME("%.1f %g %.3e %10.2f|", 14.5, 0.125, 12345.678, -3.14159);
    SAME("[%s] [%10s] [%-10s] [%.3s]", "Zoë", "right", "left", "cut here");
    SAME("%.*s|%*d|%-*d|", 3, "abcdef", 6, 42, 4, 7);
    SAME("%1$s-%2$s-%1$s", "a", "b");
    SAME("%s %s", "ünïcödé ✓", "");
    /* The plain conversions written without printf, at their edges. */
    SAME("%d %d %d %i", INT_MIN, INT_MAX, 0, -1);
    SAME("%ld %ld %lu %u", LONG_MIN, LONG_MAX, ULONG_MAX, UINT_MAX);
    SAME("%zu %zd %zd", SIZE_MAX, (ssize_t)-7, (ssize_t)SSIZE_MAX);
    SAME("%hd %hu %hhd %hhu", 70000, 70000u, 300, 300u); /* narrowed, as printf does */
    char longer[700];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    longer[300] = 'y'; /* past the first try's 256 bytes: rendered again, whole */
    ck_msg_set(&m, "%s", longer);
    CK_CHECK(strlen(ck_msg_word(&m, NULL, got, sizeof got)) > 300 && got[300] == 'y');
#undef SAME
    /* A NULL string as glibc's printf shows it, not a crash (through a variable: the
     * compiler refuses a literal NULL for %s). */
    const char *volatile none = NULL;
    ck_msg_set(&m, "%s", none);
    CK_CHECK_STR(ck_msg_word(&m, NULL, got, sizeof got), "(null)");
}

/* The translation's own order of the same argument texts. */
static void translations_reorder(void)
{
    ck_msg m;
    char out[256];
    ck_msg_set(&m, "%s has %d apples", "Zoë", 3);
    CK_CHECK_STR(ck_msg_word(&m, de, out, sizeof out), "3 Äpfel hat Zoë");
    CK_CHECK_STR(ck_msg_word(&m, fr, out, sizeof out), "Zoë a 3 pommes");
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "Zoë has 3 apples");
    CK_CHECK_STR(ck_msg_word(&m, ck_lang_english(), out, sizeof out), "Zoë has 3 apples");
    /* The es catalogue does not have it: English. */
    CK_CHECK_STR(ck_msg_word(&m, ck_lang_find("es"), out, sizeof out), "Zoë has 3 apples");
    /* The same message again and again: the words do not change. */
    ck_msg copy = m;
    CK_CHECK_STR(ck_msg_word(&copy, de, out, sizeof out), "3 Äpfel hat Zoë");
}

/* Each language chooses the form by its own rule: French says 0 and 1 alike. */
static void plurals_follow_the_language(void)
{
    ck_msg m;
    char out[256];
    struct {
        unsigned long n;
        const char *en, *de, *fr;
    } cases[] = {
        {0, "0 apples for Ana", "0 Äpfel für Ana", "0 pomme pour Ana"},
        {1, "1 apple for Ana", "1 Apfel für Ana", "1 pomme pour Ana"},
        {2, "2 apples for Ana", "2 Äpfel für Ana", "2 pommes pour Ana"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_msg_setn(&m, "%d apple for %s", "%d apples for %s", cases[i].n, (int)cases[i].n, "Ana");
        CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), cases[i].en);
        CK_CHECK_STR(ck_msg_word(&m, de, out, sizeof out), cases[i].de);
        CK_CHECK_STR(ck_msg_word(&m, fr, out, sizeof out), cases[i].fr);
    }
}

/* A translation that does not fit its arguments is never used; the English one is. */
static void broken_translation_falls_back(void)
{
    ck_msg m;
    char out[256];
    ck_msg_set(&m, "%s counts %d", "Ana", 7);
    CK_CHECK_STR(ck_msg_word(&m, de, out, sizeof out), "Ana counts 7");
    /* A fitting one for comparison. */
    ck_msg_set(&m, "%s weighs %d kg", "Ana", 60);
    CK_CHECK_STR(ck_msg_word(&m, de, out, sizeof out), "Ana wiegt 60 kg");
}

/* An error's context and the clauses after it are parts, each translated whole. */
static void errors_word_every_part(void)
{
    ck_err err = {0};
    char out[512];
    CK_CHECK_INT(ck_err_set(&err, CK_EINVAL, "line %d is empty", 4), CK_EINVAL);
    ck_err_prefix(&err, "roster %s: ", "r.csv");
    CK_CHECK_STR(err.msg, "roster r.csv: line 4 is empty");
    CK_CHECK_STR(ck_err_word(&err, NULL, out, sizeof out), "roster r.csv: line 4 is empty");
    CK_CHECK_STR(ck_err_word(&err, de, out, sizeof out), "Teilnehmerliste r.csv: Zeile 4 ist leer");
    /* A copy words the same. */
    ck_err copy = err;
    CK_CHECK_STR(ck_err_word(&copy, de, out, sizeof out),
                 "Teilnehmerliste r.csv: Zeile 4 ist leer");
    /* An error made elsewhere as a message. */
    ck_msg m;
    ck_msg_set(&m, "%s has %d apples", "Bo", 2);
    ck_err_msg(&err, CK_ESTATE, &m);
    CK_CHECK_INT(err.rc, CK_ESTATE);
    CK_CHECK_STR(err.msg, "Bo has 2 apples");
    CK_CHECK_STR(ck_err_word(&err, fr, out, sizeof out), "Bo a 2 pommes");
    /* No message at all: the code's name, translated like any msgid. */
    ck_err bare = {.rc = CK_ENOTFOUND};
    CK_CHECK_STR(ck_err_word(&bare, NULL, out, sizeof out), "not found");
    /* NULL errors are fine to set. */
    CK_CHECK_INT(ck_err_set(NULL, CK_EIO, "nobody reads this %d", 1), CK_EIO);
    CK_CHECK_INT(ck_err_prefix(NULL, "x: "), CK_OK);
}

/* Typed arguments are worded with the message: a phrase in the message's language. */
static void phrases_word_with_the_message(void)
{
    ck_msg m;
    char out[256];
    ck_msg_set(&m, "the printer is %s", CK_MSG_PHRASE("out of paper"));
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "the printer is out of paper");
    CK_CHECK_STR(ck_msg_word(&m, de, out, sizeof out), "der Drucker ist ohne Papier");
    ck_msg_set(&m, "%s is %s", "Ana", CK_MSG_MINUTES(400));
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "Ana is 6 h 40 min");
    ck_msg_set(&m, "%s is %s", "expiry", CK_MSG_DATE("2026-12-01"));
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "expiry is 1 December 2026");
    ck_msg_set(&m, "%s is %s", "why", CK_MSG_ERRNO(2));
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "why is No such file or directory");
    const char dates[3][11] = {"2026-03-02", "2026-03-09", "2026-03-16"};
    char buf[64];
    ck_msg_set(&m, "%s is %s", "when", ck_msg_dates(buf, sizeof buf, dates, 3));
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "when is 2, 9 and 16 March 2026");
    /* Marks in text a person typed are harmless: a half one is dropped, a whole one is only
     * words (an unknown kind shows its text). */
    ck_msg_set(&m, "%s is %s",
               "a\x1e"
               "b",
               "\x1eQnot a kind\x1f"
               " and \x1e\x1f"
               " end\x1e");
    CK_CHECK_STR(ck_msg_word(&m, NULL, out, sizeof out), "ab is not a kind and  end");
}

/* A stable code, and what a message holds, survive storing and loading it. */
static void codes_and_stored_parts(void)
{
    ck_msg m, back;
    char a[256], b[256];
    ck_msg_set(&m, "%s has %d apples", "Zoë", 3);
    ck_msg_add_text(&m, "; ");
    ck_msg_addn(&m, "%d apple for %s", "%d apples for %s", 1, 1, "Bo");
    ck_msg_set_code(&m, "fruit.count");
    CK_CHECK_STR(ck_msg_code(&m), "fruit.count");
    CK_CHECK_INT(ck_msg_nparts(&m), 3);
    ck_msg_clear(&back);
    for (size_t i = 0; i < ck_msg_nparts(&m); i++) {
        ck_msg_view v;
        CK_CHECK(ck_msg_part_view(&m, i, &v));
        CK_CHECK(ck_msg_add_stored(&back, &v));
    }
    ck_msg_set_code(&back, ck_msg_code(&m));
    CK_CHECK_STR(ck_msg_word(&back, de, a, sizeof a), ck_msg_word(&m, de, b, sizeof b));
    CK_CHECK_STR(a, "3 Äpfel hat Zoë; 1 Apfel für Bo");
    CK_CHECK_STR(ck_msg_code(&back), "fruit.count");
    /* A stored part whose texts do not fit its format is refused, not worded. */
    ck_msg_view bad = {.fmt = "%s and %s", .nargs = 1, .args = {"one"}};
    CK_CHECK(!ck_msg_add_stored(&back, &bad));
    ck_msg_view width = {.fmt = "%*d", .nargs = 2, .args = {"x", NULL}};
    CK_CHECK(!ck_msg_add_stored(&back, &width)); /* the * takes no text, the value does */
    CK_CHECK_INT(ck_msg_nparts(&back), 3);
    /* A zeroed message is empty, without a code. */
    ck_msg zero;
    memset(&zero, 0, sizeof zero);
    CK_CHECK(ck_msg_empty(&zero));
    CK_CHECK_STR(ck_msg_code(&zero), "");
    CK_CHECK_STR(ck_msg_word(&zero, de, a, sizeof a), "");
}

/* Whatever the arguments are, the message stays in its bounds and says it was cut. */
static void long_arguments_are_cut_not_overrun(void)
{
    static char big[20000];
    memset(big, 'x', sizeof big - 1);
    memcpy(big + 100, "é", 2); /* a character across the cut */
    ck_msg m;
    char out[64];
    ck_msg_set(&m, "%s and %s and %s", big, big, big);
    CK_CHECK(m.cut);
    CK_CHECK(m.used <= CK_MSG_POOL);
    ck_msg_word(&m, de, out, sizeof out);
    CK_CHECK_INT(strlen(out), 63);
    /* Cut on a character's boundary: the output is UTF-8 still. */
    char tiny[4];
    ck_msg_set(&m, "é%s", "é");
    ck_msg_word(&m, NULL, tiny, sizeof tiny);
    CK_CHECK_STR(tiny, "é");
    ck_msg_word(&m, NULL, tiny, 0); /* no room at all: nothing written */
    /* More parts than fit: the ones that fit. */
    ck_msg_clear(&m);
    for (int i = 0; i < 100; i++)
        ck_msg_add(&m, "line %d is empty", i);
    CK_CHECK_INT(ck_msg_nparts(&m), CK_MSG_PARTS);
    /* An error's English text is cut to its buffer, as before. */
    ck_err err = {0};
    ck_err_set(&err, CK_EINVAL, "%s", big);
    CK_CHECK(strlen(err.msg) < sizeof err.msg);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    snprintf(catalogues, sizeof catalogues, "/tmp/ck-msg-XXXXXX");
    if (!mkdtemp(catalogues) || !compile("de", DE_PO) || !compile("fr", FR_PO)) {
        printf("cannot make the test catalogues (msgfmt from gettext)\n");
        return 1;
    }
    ck_lang_setup(catalogues);
    de = ck_lang_find("de");
    fr = ck_lang_find("fr");
    if (!ck_lang_ready(de) || !ck_lang_ready(fr)) {
        printf("the de_DE.UTF-8 and fr_FR.UTF-8 locales are not installed (scripts/deps test)\n");
        return CK_TEST_SKIP;
    }
    CK_RUN(english_is_printf);
    CK_RUN(translations_reorder);
    CK_RUN(plurals_follow_the_language);
    CK_RUN(broken_translation_falls_back);
    CK_RUN(errors_word_every_part);
    CK_RUN(phrases_word_with_the_message);
    CK_RUN(codes_and_stored_parts);
    CK_RUN(long_arguments_are_cut_not_overrun);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", catalogues);
    if (system(cmd) != 0)
        printf("could not remove %s\n", catalogues);
    return ck_test_done();
}
