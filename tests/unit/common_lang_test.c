/* common/lang with the real catalogues (the build tree's locale folder): the five languages,
 * dates and durations as each writes them, and wording that stays in its own language when two
 * threads word the same message at the same time in two languages. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "ck_test.h"
#include "common/lang.h"
#include "common/msg.h"

static const ck_lang *L(const char *code)
{
    return ck_lang_find(code);
}

static void languages_are_found_by_any_name(void)
{
    const char *codes[] = {"en", "de", "fr", "es", "pt_BR"};
    const char *names[] = {"English", "Deutsch", "Français", "Español", "Português"};
    for (size_t i = 0; i < 5; i++) {
        const ck_lang *l = ck_lang_nth(i);
        CK_CHECK(l != NULL);
        CK_CHECK_STR(ck_lang_code(l), codes[i]);
        CK_CHECK_STR(ck_lang_name(l), names[i]);
        CK_CHECK(ck_lang_find(codes[i]) == l);
        CK_CHECK(ck_lang_find(names[i]) == l);
        CK_CHECK(ck_lang_ready(l));
    }
    CK_CHECK(ck_lang_nth(5) == NULL);
    CK_CHECK(L("de_DE.UTF-8") == L("de"));
    CK_CHECK(L("de_AT") == L("de"));
    CK_CHECK(L("DEUTSCH") == L("de"));
    CK_CHECK(L("pt-BR") == L("pt_BR"));
    CK_CHECK(L("pt") == L("pt_BR"));
    CK_CHECK(L("fr_CA.utf8@euro") == L("fr"));
    CK_CHECK(L("it") == NULL);
    CK_CHECK(L("") == NULL);
    CK_CHECK(L(NULL) == NULL);
    CK_CHECK(ck_lang_english() == L("en"));
    CK_CHECK_STR(ck_lang_locale(L("es")), "es_ES.UTF-8");
}

/* "1. Dezember 2026", "1 décembre 2026", "1 de diciembre de 2026", "1 de dezembro de 2026". */
static void dates_as_each_language_writes_them(void)
{
    char out[128];
    struct {
        const char *lang, *long_date, *short_date;
    } cases[] = {
        {"en", "1 December 2026", "Tue 1 Dec 2026"},
        {"de", "1. Dezember 2026", "Di., 1. Dez 2026"},
        {"fr", "1 décembre 2026", "mar. 1 déc. 2026"},
        {"es", "1 de diciembre de 2026", "mar, 1 dic 2026"},
        {"pt_BR", "1 de dezembro de 2026", "ter, 1 dez 2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_lang_date(L(cases[i].lang), "2026-12-01", CK_DATE_LONG, out, sizeof out);
        CK_CHECK_STR(out, cases[i].long_date);
        ck_lang_date(L(cases[i].lang), "2026-12-01", CK_DATE_SHORT, out, sizeof out);
        CK_CHECK_STR(out, cases[i].short_date);
    }
    /* Not a date: as it is. */
    ck_lang_date(L("de"), "tomorrow", CK_DATE_LONG, out, sizeof out);
    CK_CHECK_STR(out, "tomorrow");
}

static void course_dates_as_each_language_writes_them(void)
{
    char out[160];
    const char same[2][11] = {"2026-11-23", "2026-11-24"};
    const char across[2][11] = {"2026-11-30", "2026-12-01"};
    const char year[2][11] = {"2026-12-31", "2027-01-01"};
    const char apart[3][11] = {"2026-03-02", "2026-03-09", "2026-03-16"};
    struct {
        const char *lang, *same, *across, *year, *apart;
    } cases[] = {
        {"en", "23–24 November 2026", "30 November – 1 December 2026",
         "31 December 2026 – 1 January 2027", "2, 9 and 16 March 2026"},
        {"de", "23.–24. November 2026", "30. November – 1. Dezember 2026",
         "31. Dezember 2026 – 1. Januar 2027", "2., 9. und 16. März 2026"},
        {"fr", "23–24 novembre 2026", "30 novembre – 1 décembre 2026",
         "31 décembre 2026 – 1 janvier 2027", "2, 9 et 16 mars 2026"},
        {"es", "23–24 de noviembre de 2026", "30 de noviembre – 1 de diciembre de 2026",
         "31 de diciembre de 2026 – 1 de enero de 2027", "2, 9 y 16 de marzo de 2026"},
        {"pt_BR", "23–24 de novembro de 2026", "30 de novembro – 1 de dezembro de 2026",
         "31 de dezembro de 2026 – 1 de janeiro de 2027", "2, 9 e 16 de março de 2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ck_lang *l = L(cases[i].lang);
        ck_lang_dates(l, same, 2, out, sizeof out);
        CK_CHECK_STR(out, cases[i].same);
        ck_lang_dates(l, across, 2, out, sizeof out);
        CK_CHECK_STR(out, cases[i].across);
        ck_lang_dates(l, year, 2, out, sizeof out);
        CK_CHECK_STR(out, cases[i].year);
        ck_lang_dates(l, apart, 3, out, sizeof out);
        CK_CHECK_STR(out, cases[i].apart);
    }
}

static void durations(void)
{
    char out[64];
    for (size_t i = 0; i < 5; i++) {
        ck_lang_minutes(ck_lang_nth(i), 400, out, sizeof out);
        CK_CHECK_STR(out, "6 h 40 min");
        ck_lang_minutes(ck_lang_nth(i), 480, out, sizeof out);
        CK_CHECK_STR(out, "8 h");
        ck_lang_minutes(ck_lang_nth(i), 45, out, sizeof out);
        CK_CHECK_STR(out, "45 min");
    }
    ck_lang_minutes(L("de"), -5, out, sizeof out);
    CK_CHECK_STR(out, "0 min");
}

/* A real status reason, its date and duration worded with it, in each language. */
static void a_reason_in_every_language(void)
{
    ck_msg m;
    char out[256];
    ck_msg_set(&m, "day %d: arrived %s late, at %s (tolerance %d)", 1, CK_MSG_MINUTES(40), "09:40",
               10);
    CK_CHECK_STR(ck_msg_word(&m, L("en"), out, sizeof out),
                 "day 1: arrived 40 min late, at 09:40 (tolerance 10)");
    CK_CHECK_STR(ck_msg_word(&m, L("de"), out, sizeof out),
                 "Tag 1: 40 min zu spät gekommen, um 09:40 (Toleranz 10 min)");
    CK_CHECK_STR(ck_msg_word(&m, L("fr"), out, sizeof out),
                 "jour 1\u00a0: arrivée avec 40 min de retard, à 09:40 (tolérance 10 min)");
    ck_msg_set(&m, "day %d (%s) has not started yet", 2, CK_MSG_DATE("2026-11-24"));
    CK_CHECK_STR(ck_msg_word(&m, L("de"), out, sizeof out),
                 "Tag 2 (24. November 2026) hat noch nicht begonnen");
    CK_CHECK_STR(ck_msg_word(&m, L("fr"), out, sizeof out),
                 "le jour 2 (24 novembre 2026) n’a pas encore commencé");
}

/* ---- two threads, two languages, one message ---- */

typedef struct worder {
    const ck_msg *m;
    const ck_lang *lang;
    const char *want;
    int rounds, wrong;
    char last_wrong[256];
} worder;

static void *word_many(void *arg)
{
    worder *w = arg;
    char out[256], date[64];
    for (int i = 0; i < w->rounds; i++) {
        ck_msg_word(w->m, w->lang, out, sizeof out);
        /* And the language's own dates, which read month names from its locale. */
        ck_lang_date(w->lang, "2026-12-01", CK_DATE_LONG, date, sizeof date);
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, " / %s", date);
        if (strcmp(out, w->want) != 0) {
            w->wrong++;
            snprintf(w->last_wrong, sizeof w->last_wrong, "%s", out);
        }
    }
    return NULL;
}

static void two_threads_two_languages(void)
{
    ck_msg m;
    ck_msg_set(&m, "%s on the roster", "12");
    ck_msg_clear(&m);
    ck_msg_setn(&m, "%zu of %zu checked in now", "%zu of %zu checked in now", 3, (size_t)3,
                (size_t)12);
    worder w[4] = {
        {&m, L("de"), "3 von 12 jetzt eingecheckt / 1. Dezember 2026", 4000, 0, ""},
        {&m, L("fr"), "3 sur 12 présents en ce moment / 1 décembre 2026", 4000, 0, ""},
        {&m, L("en"), "3 of 12 checked in now / 1 December 2026", 4000, 0, ""},
        {&m, L("es"), "3 de 12 presentes ahora / 1 de diciembre de 2026", 4000, 0, ""},
    };
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        CK_CHECK(pthread_create(&t[i], NULL, word_many, &w[i]) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++)
        if (w[i].wrong)
            ck_test_fail(__FILE__, __LINE__, "%s: %d of %d wordings were \"%s\", not \"%s\"",
                         ck_lang_code(w[i].lang), w[i].wrong, w[i].rounds, w[i].last_wrong,
                         w[i].want);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    ck_lang_setup(CK_TEST_LOCALE_DIR);
    for (size_t i = 0; i < 5; i++)
        if (!ck_lang_ready(ck_lang_nth(i))) {
            printf("the %s locale is not installed (scripts/deps test generates it)\n",
                   ck_lang_locale(ck_lang_nth(i)));
            return CK_TEST_SKIP;
        }
    CK_RUN(languages_are_found_by_any_name);
    CK_RUN(dates_as_each_language_writes_them);
    CK_RUN(course_dates_as_each_language_writes_them);
    CK_RUN(durations);
    CK_RUN(a_reason_in_every_language);
    CK_RUN(two_threads_two_languages);
    return ck_test_done();
}
