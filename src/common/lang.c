/* The five languages: their locales, catalogue look-ups under uselocale(), dates and durations. */
#include "common/lang.h"

#include "common/msg.h"

#include <langinfo.h>
#include <libintl.h>
#include <locale.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct ck_lang {
    const char *code, *name, *locale;
    const char *english_name; /* for the log */
    locale_t loc;             /* (locale_t)0: not installed */
    atomic_bool warned;
};

static struct ck_lang LANGS[] = {
    {"en", "English", "en_US.UTF-8", "English", (locale_t)0, false},
    {"de", "Deutsch", "de_DE.UTF-8", "German", (locale_t)0, false},
    {"fr", "Français", "fr_FR.UTF-8", "French", (locale_t)0, false},
    {"es", "Español", "es_ES.UTF-8", "Spanish", (locale_t)0, false},
    {"pt_BR", "Português", "pt_BR.UTF-8", "Brazilian Portuguese", (locale_t)0, false},
};
#define NLANGS (sizeof LANGS / sizeof LANGS[0])

static pthread_once_t locales_once = PTHREAD_ONCE_INIT;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static const ck_lang *env_lang;

static void open_locales(void)
{
    for (size_t i = 0; i < NLANGS; i++)
        LANGS[i].loc = newlocale(LC_ALL_MASK, LANGS[i].locale, (locale_t)0);
    /* English words are the msgids themselves; only dates need a locale, and C has English
     * month names. */
    if (!LANGS[0].loc)
        LANGS[0].loc = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
    if (!LANGS[0].loc)
        LANGS[0].loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static const ck_lang *ready_lang(const ck_lang *lang)
{
    pthread_once(&locales_once, open_locales);
    return lang ? lang : &LANGS[0];
}

/* The locale name gettext would use for messages, from the environment alone. */
static const char *messages_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return "C";
}

static void read_env(void)
{
    const char *loc = messages_locale();
    env_lang = &LANGS[0];
    /* gettext ignores LANGUAGE in the C locale: English then, whatever it says. */
    if (strcmp(loc, "C") != 0 && strcmp(loc, "POSIX") != 0) {
        const ck_lang *from_locale = ck_lang_find(loc);
        const char *language = getenv("LANGUAGE");
        const ck_lang *chosen = NULL;
        if (language && *language) {
            char list[256];
            snprintf(list, sizeof list, "%s", language);
            for (char *save = NULL, *w = strtok_r(list, ":", &save); w && !chosen;
                 w = strtok_r(NULL, ":", &save))
                chosen = ck_lang_find(w);
        }
        env_lang = chosen ? chosen : from_locale ? from_locale : &LANGS[0];
    }
    /* From here on only the thread's locale chooses the catalogue (see lang.h). */
    unsetenv("LANGUAGE");
}

void ck_lang_setup(const char *locale_dir)
{
    pthread_once(&env_once, read_env);
    ready_lang(NULL);
    if (locale_dir && *locale_dir)
        bindtextdomain(CK_LANG_DOMAIN, locale_dir);
    bind_textdomain_codeset(CK_LANG_DOMAIN, "UTF-8");
}

const ck_lang *ck_lang_from_env(void)
{
    pthread_once(&env_once, read_env);
    return env_lang;
}

const ck_lang *ck_lang_nth(size_t i)
{
    return i < NLANGS ? ready_lang(&LANGS[i]) : NULL;
}

const ck_lang *ck_lang_english(void)
{
    return ready_lang(&LANGS[0]);
}

const ck_lang *ck_lang_find(const char *name)
{
    if (!name || !*name)
        return NULL;
    /* "de_DE.UTF-8@euro" → language "de", territory "DE". */
    char lang[16] = "", terr[16] = "";
    size_t l = strcspn(name, "_-.@");
    if (l == 0 || l >= sizeof lang)
        l = 0;
    else
        memcpy(lang, name, l);
    if (l && (name[l] == '_' || name[l] == '-')) {
        size_t t = strcspn(name + l + 1, ".@");
        if (t < sizeof terr)
            memcpy(terr, name + l + 1, t);
        terr[t < sizeof terr ? t : 0] = '\0';
    }
    for (size_t i = 0; i < NLANGS; i++) {
        const ck_lang *c = &LANGS[i];
        if (strcasecmp(name, c->name) == 0 || strcasecmp(name, c->code) == 0)
            return ready_lang(c);
    }
    if (!lang[0])
        return NULL;
    for (size_t i = 0; i < NLANGS; i++) {
        const ck_lang *c = &LANGS[i];
        size_t cl = strcspn(c->code, "_");
        /* pt and pt_PT fall to Brazilian Portuguese, the only Portuguese here. */
        if (strlen(lang) == cl && strncasecmp(lang, c->code, cl) == 0)
            return ready_lang(c);
    }
    (void)terr;
    return NULL;
}

const char *ck_lang_code(const ck_lang *lang)
{
    return ready_lang(lang)->code;
}

const char *ck_lang_name(const ck_lang *lang)
{
    return ready_lang(lang)->name;
}

const char *ck_lang_locale(const ck_lang *lang)
{
    return ready_lang(lang)->locale;
}

bool ck_lang_ready(const ck_lang *lang)
{
    return ready_lang(lang)->loc != (locale_t)0;
}

/* The language words are looked up in, or NULL for English (the msgids themselves). */
static const ck_lang *catalogue_lang(const ck_lang *lang)
{
    lang = ready_lang(lang);
    if (lang == &LANGS[0])
        return NULL;
    if (!lang->loc) {
        struct ck_lang *l = (struct ck_lang *)lang;
        if (!atomic_exchange(&l->warned, true))
            fprintf(stderr,
                    "classkiosk: the locale %s is not installed, so %s is shown in English; "
                    "install the locales package and run \"localedef -i %.5s -f UTF-8 %s\"\n",
                    lang->locale, lang->english_name, lang->locale, lang->locale);
        return NULL;
    }
    return lang;
}

const char *ck_lang_text(const ck_lang *lang, const char *msgid)
{
    if (!msgid || !*msgid)
        return msgid ? msgid : "";
    const ck_lang *l = catalogue_lang(lang);
    if (!l)
        return msgid;
    locale_t before = uselocale(l->loc);
    const char *out = dgettext(CK_LANG_DOMAIN, msgid);
    uselocale(before);
    return out;
}

const char *ck_lang_ntext(const ck_lang *lang, const char *msgid, const char *plural,
                          unsigned long n)
{
    if (!msgid || !plural)
        return ck_lang_text(lang, msgid);
    const ck_lang *l = catalogue_lang(lang);
    if (!l)
        return n == 1 ? msgid : plural;
    locale_t before = uselocale(l->loc);
    const char *out = dngettext(CK_LANG_DOMAIN, msgid, plural, n);
    uselocale(before);
    return out;
}

const char *ck_lang_ptext(const ck_lang *lang, const char *ctx, const char *msgid)
{
    const ck_lang *l = catalogue_lang(lang);
    char key[256];
    if (!l || snprintf(key, sizeof key, "%s\004%s", ctx, msgid) >= (int)sizeof key)
        return msgid;
    locale_t before = uselocale(l->loc);
    const char *out = dgettext(CK_LANG_DOMAIN, key);
    uselocale(before);
    return out == key ? msgid : out;
}

/* The patterns below are worded with ck_msg_word_texts(): the translation, or the English
 * pattern when the translation's conversions do not match. */
static bool split_date(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3)
        return false;
    return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* A month's name (full or abbreviated) and the weekday's abbreviation, in lang's locale. */
static void names(const ck_lang *lang, int y, int m, int d, char *month, char *abmon, char *abday,
                  size_t n)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
    /* The weekday of a civil date, without the time zone (timegm is not in C11). */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int yy = m < 3 ? y - 1 : y;
    tm.tm_wday = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7;
    lang = ready_lang(lang);
    locale_t loc = lang->loc ? lang->loc : LANGS[0].loc;
    if (!loc || !strftime_l(month, n, "%B", &tm, loc))
        snprintf(month, n, "%02d", m);
    if (!loc || !strftime_l(abmon, n, "%b", &tm, loc))
        snprintf(abmon, n, "%02d", m);
    if (!loc || !strftime_l(abday, n, "%a", &tm, loc))
        abday[0] = '\0';
}

void ck_lang_date(const ck_lang *lang, const char *ymd, ck_date_style style, char *out, size_t n)
{
    int y, m, d;
    if (!split_date(ymd, &y, &m, &d)) {
        snprintf(out, n, "%s", ymd ? ymd : "");
        return;
    }
    char month[64], abmon[64], abday[64], day[8], year[8];
    const ck_lang *l = catalogue_lang(lang) ? lang : NULL;
    names(l, y, m, d, month, abmon, abday, sizeof month);
    snprintf(day, sizeof day, "%d", d);
    snprintf(year, sizeof year, "%d", y);
    if (style == CK_DATE_SHORT) {
        const char *args[] = {abday, day, abmon, year};
        /* TRANSLATORS: a short date with the weekday: %1$s the weekday's abbreviation, %2$s
           the day of the month, %3$s the month's abbreviation, %4$s the year
           ("Wed 25 Nov 2026"). */
        const char *tr = ck_lang_ptext(l, "date", "%1$s %2$s %3$s %4$s");
        ck_msg_word_texts(tr, "%1$s %2$s %3$s %4$s", args, 4, out, n);
        return;
    }
    const char *args[] = {day, month, year};
    /* TRANSLATORS: a date: %1$s the day of the month, %2$s the month's name, %3$s the year
       ("1 December 2026"; German "%1$s. %2$s %3$s"). */
    const char *tr = ck_lang_ptext(l, "date", "%1$s %2$s %3$s");
    ck_msg_word_texts(tr, "%1$s %2$s %3$s", args, 3, out, n);
}

/* The civil date after y-m-d. */
static void next_day(int y, int m, int d, int *ny, int *nm, int *nd)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    *ny = y;
    *nm = m;
    *nd = d + 1;
    if (*nd > days[m - 1] + (m == 2 && leap)) {
        *nd = 1;
        if (++*nm > 12) {
            *nm = 1;
            ++*ny;
        }
    }
}

/* Two pieces of a list joined: "A, B" or, before the last, "A and B". */
static void join(const ck_lang *l, char *acc, size_t n, const char *next, bool last)
{
    char was[512];
    snprintf(was, sizeof was, "%s", acc);
    const char *args[] = {was, next};
    if (!was[0]) {
        snprintf(acc, n, "%s", next);
    } else if (last) {
        /* TRANSLATORS: the last two items of a list of days ("2, 9 and 16 March 2026"). */
        ck_msg_word_texts(ck_lang_ptext(l, "date", "%1$s and %2$s"), "%1$s and %2$s", args, 2, acc,
                          n);
    } else {
        /* TRANSLATORS: two items of a list of days, not the last two. */
        ck_msg_word_texts(ck_lang_ptext(l, "date", "%1$s, %2$s"), "%1$s, %2$s", args, 2, acc, n);
    }
}

void ck_lang_dates(const ck_lang *lang, const char (*dates)[11], size_t count, char *out, size_t n)
{
    enum { MAX = 64 };
    int y[MAX], m[MAX], d[MAX];
    if (n)
        out[0] = '\0';
    if (count == 0 || count > MAX || n == 0)
        return;
    for (size_t i = 0; i < count; i++)
        if (!split_date(dates[i], &y[i], &m[i], &d[i])) {
            snprintf(out, n, "%s", dates[i]);
            return;
        }
    const ck_lang *l = catalogue_lang(lang) ? lang : NULL;
    if (count == 1) {
        ck_lang_date(l, dates[0], CK_DATE_LONG, out, n);
        return;
    }
    size_t last = count - 1;
    bool consecutive = true, same_month = true;
    for (size_t i = 1; i < count; i++) {
        int ny, nm, nd;
        next_day(y[i - 1], m[i - 1], d[i - 1], &ny, &nm, &nd);
        consecutive = consecutive && ny == y[i] && nm == m[i] && nd == d[i];
        same_month = same_month && m[i] == m[0] && y[i] == y[0];
    }
    char month0[64], monthl[64], ab[64], wd[64], d0[8], dl[8], y0[8];
    names(l, y[0], m[0], d[0], month0, ab, wd, sizeof month0);
    names(l, y[last], m[last], d[last], monthl, ab, wd, sizeof monthl);
    snprintf(d0, sizeof d0, "%d", d[0]);
    snprintf(dl, sizeof dl, "%d", d[last]);
    snprintf(y0, sizeof y0, "%d", y[0]);
    if (consecutive && same_month) {
        const char *args[] = {d0, dl, month0, y0};
        /* TRANSLATORS: days running within one month: %1$s the first day, %2$s the last, %3$s
           the month's name, %4$s the year ("23–24 November 2026"). */
        ck_msg_word_texts(ck_lang_ptext(l, "date", "%1$s–%2$s %3$s %4$s"), "%1$s–%2$s %3$s %4$s",
                          args, 4, out, n);
    } else if (consecutive && y[0] == y[last]) {
        const char *args[] = {d0, month0, dl, monthl, y0};
        /* TRANSLATORS: days running into the next month: %1$s and %2$s the first day and its
           month, %3$s and %4$s the last day and its month, %5$s the year ("30 November – 1
           December 2026"). */
        ck_msg_word_texts(ck_lang_ptext(l, "date", "%1$s %2$s – %3$s %4$s %5$s"),
                          "%1$s %2$s – %3$s %4$s %5$s", args, 5, out, n);
    } else if (consecutive) {
        char a[128], b[128];
        ck_lang_date(l, dates[0], CK_DATE_LONG, a, sizeof a);
        ck_lang_date(l, dates[last], CK_DATE_LONG, b, sizeof b);
        const char *args[] = {a, b};
        /* TRANSLATORS: days running into the next year: two dates ("30 December 2026 – 2
           January 2027"). */
        ck_msg_word_texts(ck_lang_ptext(l, "date", "%1$s – %2$s"), "%1$s – %2$s", args, 2, out, n);
    } else {
        /* Separate days: listed, naming the month and year where they change. */
        for (size_t i = 0; i < count; i++) {
            char item[128];
            bool month_ends = i == last || m[i + 1] != m[i] || y[i + 1] != y[i];
            if (month_ends) {
                ck_lang_date(l, dates[i], CK_DATE_LONG, item, sizeof item);
            } else {
                char day[8];
                snprintf(day, sizeof day, "%d", d[i]);
                const char *args[] = {day};
                /* TRANSLATORS: a day of the month on its own, in a list of days whose month
                   comes after the last ("2" in "2, 9 and 16 March 2026"; German "%s."). */
                ck_msg_word_texts(ck_lang_ptext(l, "date", "%s"), "%s", args, 1, item, sizeof item);
            }
            join(l, out, n, item, i == last);
        }
    }
}

void ck_lang_minutes(const ck_lang *lang, int minutes, char *out, size_t n)
{
    if (minutes < 0)
        minutes = 0;
    char h[16], m[16];
    snprintf(h, sizeof h, "%d", minutes / 60);
    snprintf(m, sizeof m, "%d", minutes % 60);
    const ck_lang *l = catalogue_lang(lang) ? lang : NULL;
    if (minutes / 60 && minutes % 60) {
        const char *args[] = {h, m};
        /* TRANSLATORS: a duration of hours and minutes ("6 h 40 min"). */
        ck_msg_word_texts(ck_lang_ptext(l, "duration", "%1$s h %2$s min"), "%1$s h %2$s min", args,
                          2, out, n);
    } else if (minutes / 60) {
        const char *args[] = {h};
        /* TRANSLATORS: a duration of whole hours ("8 h"). */
        ck_msg_word_texts(ck_lang_ptext(l, "duration", "%s h"), "%s h", args, 1, out, n);
    } else {
        const char *args[] = {m};
        /* TRANSLATORS: a duration under an hour ("45 min"). */
        ck_msg_word_texts(ck_lang_ptext(l, "duration", "%s min"), "%s min", args, 1, out, n);
    }
}

void ck_lang_decimal(const ck_lang *lang, double value, char *out, size_t n)
{
    char text[64];
    /* Rounded to hundredths, trailing zeros dropped: "%g" would turn 123456 into 1.23456e+05. */
    snprintf(text, sizeof text, "%.2f", value);
    char *point = strchr(text, '.');
    if (point) {
        char *end = point + strlen(point);
        while (end > point + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == point + 1)
            *point = '\0';
    }
    /* The locale's decimal sign ("," in German, French, Spanish and Portuguese). */
    const ck_lang *l = catalogue_lang(lang);
    const char *sign = l ? nl_langinfo_l(RADIXCHAR, l->loc) : ".";
    point = strchr(text, '.');
    if (point && strcmp(sign, ".") != 0 && strlen(sign) < 8) {
        char tail[64];
        snprintf(tail, sizeof tail, "%s", point + 1);
        snprintf(point, sizeof text - (size_t)(point - text), "%s%s", sign, tail);
    }
    snprintf(out, n, "%s", text);
}

void ck_lang_strerror(const ck_lang *lang, int errnum, char *out, size_t n)
{
    const ck_lang *l = catalogue_lang(lang);
    locale_t loc = l ? l->loc : ready_lang(NULL)->loc;
    const char *s = loc ? strerror_l(errnum, loc) : strerror(errnum);
    snprintf(out, n, "%s", s ? s : "unknown error");
}
