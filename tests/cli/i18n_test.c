/* The command line follows the environment's language as gettext does (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG; LANGUAGE ignored in the C locale): errors, usage and the status table in
 * German or French, while status --json keeps every key and code byte for byte; a language
 * whose locale is missing falls back to English and says so once. */
#include "cli_support.h"

#include <locale.h>
#include <sys/stat.h>

#define NB "\u00a0"

static char db[4096];
static const char *NOW = "2026-11-24 18:30";

/* A station after the demo's two days, with people complete, late, and not there. */
static void station(void)
{
    ck_proc p = {0};
    snprintf(db, sizeof db, "%s", ck_test_path("i18n.db"));
    CLI_OK(&p, db, "2026-11-23 08:00", "demo");
    CLI_OK(&p, db, "2026-11-23 08:55", "checkin", "zoe@example.org");
    CLI_OK(&p, db, "2026-11-23 09:40", "checkin", "amelie@example.fr");
    CLI_OK(&p, db, "2026-11-23 17:05", "checkout", "zoe@example.org", "amelie@example.fr");
    ck_proc_clear(&p);
}

/* The environment for the next runs: each of the four variables, NULL for unset. */
static void env(const char *language, const char *lc_all, const char *lc_messages, const char *lang)
{
    const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    const char *values[] = {language, lc_all, lc_messages, lang};
    for (size_t i = 0; i < 4; i++)
        if (values[i])
            setenv(names[i], values[i], 1);
        else
            unsetenv(names[i]);
}

static void errors_in_the_environments_language(void)
{
    ck_proc p = {0};
    station();
    env("de", NULL, NULL, "C.UTF-8");
    CLI_FAILS(&p, db, NOW, "classkiosk: niemand auf der Teilnehmerliste heißt „nobody“", "checkin",
              "nobody");
    CK_CHECK_INT(p.status, 1);
    /* Usage: the sentence and the hint below it. */
    CLI(&p, db, NOW, "frobnicate");
    CK_CHECK_INT(p.status, 2);
    CK_CHECK_CONTAINS(p.err, "unbekannter Befehl „frobnicate“");
    CK_CHECK_CONTAINS(p.err, "(siehe „classkiosk --help“)");
    /* The first of LANGUAGE's languages that classkiosk speaks. */
    env("it:fr:de", NULL, NULL, "C.UTF-8");
    CLI_FAILS(&p, db, NOW, "personne n’est inscrit sous le nom «" NB "nobody" NB "»", "checkin",
              "nobody");
    /* LANG alone, LC_MESSAGES over LANG, LC_ALL over both. */
    env(NULL, NULL, NULL, "de_DE.UTF-8");
    CLI_FAILS(&p, db, NOW, "niemand auf der Teilnehmerliste", "checkin", "nobody");
    env(NULL, NULL, "fr_FR.UTF-8", "de_DE.UTF-8");
    CLI_FAILS(&p, db, NOW, "personne n’est inscrit", "checkin", "nobody");
    env(NULL, "es_ES.UTF-8", "fr_FR.UTF-8", "de_DE.UTF-8");
    CLI_FAILS(&p, db, NOW, "nadie en la lista se llama «nobody»", "checkin", "nobody");
    /* gettext ignores LANGUAGE in the C locale, and so does classkiosk. */
    env("de", "C", NULL, NULL);
    CLI_FAILS(&p, db, NOW, "nobody on the roster is called \"nobody\"", "checkin", "nobody");
    env(NULL, NULL, NULL, "C.UTF-8");
    CLI_FAILS(&p, db, NOW, "nobody on the roster is called \"nobody\"", "checkin", "nobody");
    ck_proc_clear(&p);
}

/* A group of commands lists its own, numbers are written the language's way, and reasons on
 * one line are joined by the language's separator. */
static void groups_numbers_and_lists(void)
{
    ck_proc p = {0};
    station();
    env(NULL, NULL, NULL, "C.UTF-8");
    CLI(&p, db, NOW, "course");
    CK_CHECK_INT(p.status, 2);
    CK_CHECK_CONTAINS(p.err, "\"course\" needs a subcommand; \"classkiosk course --help\" lists");
    CLI(&p, db, NOW, "course", "--help");
    CK_CHECK_INT(p.status, 0);
    CK_CHECK_CONTAINS(p.out, "usage: classkiosk course COMMAND");
    CK_CHECK_CONTAINS(p.out, "  course create ");
    CK_CHECK_CONTAINS(p.out, "  course list ");
    CK_CHECK(strstr(p.out, "checkin") == NULL); /* only the group's own */
    CLI_OK(&p, db, NOW, "course", "list");
    CK_CHECK_CONTAINS(p.out, ", 14.5 h, ");
    env(NULL, NULL, NULL, "de_DE.UTF-8");
    CLI(&p, db, NOW, "help", "roster");
    CK_CHECK_INT(p.status, 0);
    CK_CHECK_CONTAINS(p.out, "Aufruf: classkiosk roster COMMAND");
    CLI_OK(&p, db, NOW, "course", "list");
    CK_CHECK_CONTAINS(p.out, ", 14,5 h, Toleranz 10 min");
    /* The events list words what happened and who recorded it; --json keeps the names. */
    CLI_OK(&p, db, NOW, "events", "zoe@example.org");
    CK_CHECK_CONTAINS(p.out, "2026-11-23 08:55  ein   selbst");
    CK_CHECK_CONTAINS(p.out, "2026-11-23 17:05  aus   selbst");
    CLI_OK(&p, db, NOW, "events", "zoe@example.org", "--json");
    CK_CHECK_CONTAINS(p.out, "\"kind\": \"in\"");
    CK_CHECK_CONTAINS(p.out, "\"source\": \"self\"");
    /* Amélie came late: refused, her reasons on one line; French puts a space before ";". */
    env(NULL, NULL, NULL, "fr_FR.UTF-8");
    CLI(&p, db, NOW, "certs", "issue", "amelie@example.fr", "--out", ck_test_path("certs"));
    CK_CHECK_CONTAINS(p.err, "10 min)" NB "; jour 2");
    ck_proc_clear(&p);
    env(NULL, NULL, NULL, "C.UTF-8");
}

/* Every string of a JSON value but the sentences ("text"), as one canonical text. */
static void drop_texts(json_t *v)
{
    size_t i;
    const char *key;
    json_t *item;
    if (json_is_object(v)) {
        json_object_del(v, "text");
        json_object_foreach(v, key, item) drop_texts(item);
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item) drop_texts(item);
    }
}

static void status_json_keys_and_codes_stay(void)
{
    ck_proc p = {0};
    station();
    env(NULL, NULL, NULL, "C.UTF-8");
    CLI_OK(&p, db, NOW, "status", "--json");
    json_t *en = json_loads(p.out, 0, NULL);
    env("de", NULL, NULL, "C.UTF-8");
    CLI_OK(&p, db, NOW, "status", "--json");
    json_t *de = json_loads(p.out, 0, NULL);
    CK_CHECK(en && de);
    if (!en || !de)
        return;
    /* The sentences are German… */
    json_t *amelie = status_person(de, "amelie@example.fr");
    CK_CHECK(has_reason(amelie, "Tag 1: 40 min zu spät gekommen, um 09:40 (Toleranz 10 min)"));
    CK_CHECK_STR(reason_code(amelie, "Tag 1: 40 min"), "day.late");
    CK_CHECK(!has_reason(amelie, "arrived"));
    CK_CHECK(has_reason(status_person(en, "amelie@example.fr"), "day 1: arrived 40 min late"));
    /* …and everything else is the same, byte for byte. */
    drop_texts(en);
    drop_texts(de);
    char *a = json_dumps(en, JSON_SORT_KEYS | JSON_COMPACT);
    char *b = json_dumps(de, JSON_SORT_KEYS | JSON_COMPACT);
    CK_CHECK_STR(b, a);
    CK_CHECK_CONTAINS(a, "\"code\":\"license.none\"");
    free(a);
    free(b);
    json_decref(en);
    json_decref(de);
    /* The table for people is German too. */
    CLI_OK(&p, db, NOW, "status");
    CK_CHECK_CONTAINS(p.out, "Toleranz 10 min pro Tag");
    CK_CHECK_CONTAINS(p.out, "Tag 1 ");
    CK_CHECK_CONTAINS(p.out, "nicht berechtigt");
    CK_CHECK_CONTAINS(p.out, "- Lizenzvereinbarung noch nicht angenommen");
    env(NULL, NULL, NULL, "C.UTF-8");
    ck_proc_clear(&p);
}

/* No locale for the language: English, and one line in the log saying why. */
static void a_missing_locale_falls_back_to_english(void)
{
    ck_proc p = {0};
    station();
    env("de", NULL, NULL, "C.UTF-8");
    setenv("LOCPATH", ck_test_path("no-locales-here"), 1); /* glibc finds no locale there */
    /* glibc's newlocale() keeps the search path it split LOCPATH into when it fails: its
     * leak, not classkiosk's. */
    const char *supp = ck_test_path("lsan.supp");
    CK_CHECK(ck_test_write_file(supp, "leak:__argz_add_sep\n"));
    char lsan[4200];
    snprintf(lsan, sizeof lsan, "suppressions=%s", supp);
    setenv("LSAN_OPTIONS", lsan, 1);
    CLI_FAILS(&p, db, NOW, "nobody on the roster is called \"nobody\"", "checkin", "nobody");
    const char *say = "the locale de_DE.UTF-8 is not installed, so German is shown in English";
    CK_CHECK_CONTAINS(p.err, say);
    const char *first = strstr(p.err, say);
    CK_CHECK(first && !strstr(first + 1, say)); /* once */
    /* A command that words many sentences says it once too. */
    CLI_OK(&p, db, NOW, "status");
    CK_CHECK_CONTAINS(p.out, "license agreement not accepted yet");
    first = strstr(p.err, say);
    CK_CHECK(first && !strstr(first + 1, say));
    unsetenv("LOCPATH");
    unsetenv("LSAN_OPTIONS");
    env(NULL, NULL, NULL, "C.UTF-8");
    ck_proc_clear(&p);
}

/* config set language: checked, stored as its code, audited like any setting. */
static void the_language_setting(void)
{
    ck_proc p = {0};
    station();
    CLI_OK(&p, db, NOW, "config", "set", "language", "Français");
    CK_CHECK_CONTAINS(p.out, "language = fr");
    CLI_OK(&p, db, NOW, "config", "get", "language");
    CK_CHECK_STR(p.out, "fr\n");
    CLI_FAILS(&p, db, NOW,
              "the language \"tlh\" is not one classkiosk speaks; use en, de, fr, es or pt_BR",
              "config", "set", "language", "tlh");
    CK_CHECK_INT(p.status, 1);
    CLI_OK(&p, db, NOW, "config", "get", "language");
    CK_CHECK_STR(p.out, "fr\n"); /* unchanged */
    CLI_OK(&p, db, NOW, "audit");
    CK_CHECK_CONTAINS(p.out, "\"key\":\"language\"");
    ck_proc_clear(&p);
}

/* A roster's language column (codes or names), kept per person and shown by roster list;
 * a cell naming no language of the station is refused with its line, changing nothing. */
static void roster_languages(void)
{
    ck_proc p = {0};
    char csv[4096], bad[4096], ldb[4096];
    env(NULL, NULL, NULL, "C.UTF-8");
    snprintf(ldb, sizeof ldb, "%s", ck_test_path("lang.db"));
    snprintf(csv, sizeof csv, "%s", ck_test_path("lang.csv"));
    snprintf(bad, sizeof bad, "%s", ck_test_path("bad-lang.csv"));
    CK_CHECK(ck_test_write_file(csv, "Name;Email;Preferred language\n"
                                     "Jürgen Weiß;juergen@example.de;Deutsch\n"
                                     "Amélie Dubois;amelie@example.fr;fr-FR\n"
                                     "Mateo García;mateo@example.es;\n"));
    CK_CHECK(ck_test_write_file(bad, "Name,Email,Lang\nAnn Lee,ann@example.org,Klingon\n"));
    CLI_OK(&p, ldb, NOW, "init");
    CLI_OK(&p, ldb, NOW, "course", "create", "--title", "CSPO", "--trainer", "Kim", "--day",
           "2026-11-24");
    CLI_FAILS(&p, ldb, NOW, "line 2: the language \"Klingon\" is not one the station speaks",
              "roster", "import", bad);
    CLI_OK(&p, ldb, NOW, "roster", "import", csv);
    CK_CHECK_CONTAINS(p.out, "3 added");
    CLI_OK(&p, ldb, NOW, "roster", "list", "--json");
    CK_CHECK_CONTAINS(p.out, "\"lang\": \"de\"");
    CK_CHECK_CONTAINS(p.out, "\"lang\": \"fr\"");
    CK_CHECK_NOT_CONTAINS(p.out, "Ann Lee");
    /* A new language for someone already there is a change of its own; the same file again
     * changes nothing. */
    CK_CHECK(ck_test_write_file(csv, "Name;Email;Preferred language\n"
                                     "Mateo García;mateo@example.es;Español\n"));
    CLI_OK(&p, ldb, NOW, "roster", "import", csv);
    CK_CHECK_CONTAINS(p.out, "1 person already on the roster has a new language");
    CLI_OK(&p, ldb, NOW, "roster", "import", csv);
    CK_CHECK_CONTAINS(p.out, "0 added, 0 renamed, 1 unchanged");
    CLI_OK(&p, ldb, NOW, "roster", "add", "Ana Souza", "--lang", "pt-BR");
    CLI_OK(&p, ldb, NOW, "roster", "list");
    CK_CHECK_CONTAINS(p.out, "Mateo García <mateo@example.es>  es");
    CK_CHECK_CONTAINS(p.out, "Ana Souza  pt_BR");
    CLI_OK(&p, ldb, NOW, "audit", "verify");
    ck_proc_clear(&p);
}

/* The license: one text per language in each version; a changed translation is a new version,
 * a new language is added to the current one; show --lang picks the text. */
static void license_languages(void)
{
    ck_proc p = {0};
    char dir[4096], path[4200], ldb[4096];
    env(NULL, NULL, NULL, "C.UTF-8");
    snprintf(ldb, sizeof ldb, "%s", ck_test_path("license.db"));
    snprintf(dir, sizeof dir, "%s", ck_test_path("texts"));
    CK_CHECK(mkdir(dir, 0700) == 0);
    CLI_OK(&p, ldb, NOW, "init");
    CLI_OK(&p, ldb, NOW, "license", "show", "--json");
    CK_CHECK_CONTAINS(p.out, "\"languages\": [");
    CK_CHECK_CONTAINS(p.out, "\"pt_BR\"");
    CLI_OK(&p, ldb, NOW, "license", "show", "--lang", "fr");
    CK_CHECK_CONTAINS(p.out, "version 1, in Français");
    CK_CHECK_CONTAINS(p.out, "Contrat de licence");
    /* No English text: refused, nothing stored. */
    snprintf(path, sizeof path, "%s/license.de.txt", dir);
    CK_CHECK(ck_test_write_file(path, "Neue Vereinbarung: Sie nehmen teil und lernen.\n"));
    CLI_FAILS(&p, ldb, NOW, "no English license text", "license", "update", dir);
    snprintf(path, sizeof path, "%s/license.en.txt", dir);
    CK_CHECK(ck_test_write_file(path, "New agreement: you take part and you learn.\n"));
    CLI_OK(&p, ldb, NOW, "license", "update", dir);
    CK_CHECK_CONTAINS(p.out, "license text version 2 stored");
    CK_CHECK_CONTAINS(p.out, "stored the text in Deutsch");
    CLI_OK(&p, ldb, NOW, "license", "show", "--lang", "de");
    CK_CHECK_CONTAINS(p.out, "version 2, in Deutsch");
    CK_CHECK_CONTAINS(p.out, "Neue Vereinbarung");
    CLI_FAILS(&p, ldb, NOW, "license version 2 has no text in Français", "license", "show",
              "--lang", "fr");
    /* A French text joins version 2; the same set again changes nothing. */
    snprintf(path, sizeof path, "%s/license.fr.txt", dir);
    CK_CHECK(ck_test_write_file(path, "Nouveau contrat : vous participez et vous apprenez.\n"));
    CLI_OK(&p, ldb, NOW, "license", "update", dir);
    CK_CHECK_CONTAINS(p.out, "license version 2 unchanged; 1 text added in a new language");
    CLI_OK(&p, ldb, NOW, "license", "update", dir);
    CK_CHECK_CONTAINS(p.out, "license text unchanged (version 2)");
    CLI_OK(&p, ldb, NOW, "license", "show", "--lang", "fr");
    CK_CHECK_CONTAINS(p.out, "Nouveau contrat");
    CLI_OK(&p, ldb, NOW, "audit", "verify");
    CK_CHECK_CONTAINS(p.out, "audit trail intact");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    const char *need[] = {"de_DE.UTF-8", "fr_FR.UTF-8"};
    for (size_t i = 0; i < 2; i++) {
        locale_t l = newlocale(LC_ALL_MASK, need[i], (locale_t)0);
        if (!l) {
            printf("the %s locale is not installed (scripts/deps test generates it)\n", need[i]);
            return CK_TEST_SKIP;
        }
        freelocale(l);
    }
    CK_RUN(errors_in_the_environments_language);
    CK_RUN(groups_numbers_and_lists);
    CK_RUN(status_json_keys_and_codes_stay);
    CK_RUN(a_missing_locale_falls_back_to_english);
    CK_RUN(the_language_setting);
    CK_RUN(roster_languages);
    CK_RUN(license_languages);
    return ck_test_done();
}
