/* The languages a person can read classkiosk in, and wording in one of them.
 *
 * A ck_lang is one of English, German, French, Spanish and Brazilian Portuguese: its code, its
 * own name and a locale_t of its UTF-8 locale. Wording looks strings up in the catalogues of
 * the domain "classkiosk" under uselocale() of that language, for this call and this thread
 * only, and puts the thread's locale back: two threads wording in two languages at once each
 * get their own, and nothing depends on the process locale. English is the source language:
 * its strings are the msgids themselves and need no catalogue.
 *
 * A language whose locale is not installed is worded in English, and the log (stderr) says so
 * once. Call ck_lang_setup() once, before threads start: it binds the catalogues and reads the
 * environment's language, and then takes LANGUAGE out of the environment, because glibc's
 * gettext would let it override the thread's locale (the CLI honours it through
 * ck_lang_from_env() instead).
 */
#ifndef CK_LANG_H
#define CK_LANG_H

#include <stdbool.h>
#include <stddef.h>

#define CK_LANG_DOMAIN "classkiosk"

typedef struct ck_lang ck_lang;

/* Bind the catalogues to locale_dir (holding <code>/LC_MESSAGES/classkiosk.mo) and read the
 * environment's language. Again with another folder rebinds; the environment is read once. */
void ck_lang_setup(const char *locale_dir);

/* The i-th language (English first), NULL past the last. */
const ck_lang *ck_lang_nth(size_t i);
/* English, the source language. */
const ck_lang *ck_lang_english(void);
/* A language by code or locale name ("de", "de_DE.UTF-8", "pt-BR", "pt_br"), or by its own
 * name ("Deutsch"), case-insensitive; "pt" is Brazilian Portuguese. NULL: none of ours. */
const ck_lang *ck_lang_find(const char *name);
/* The language gettext would choose from LANGUAGE, LC_ALL, LC_MESSAGES and LANG (LANGUAGE is
 * ignored when the locale is C or POSIX); English when none of ours is named. */
const ck_lang *ck_lang_from_env(void);

/* "de", "pt_BR". */
const char *ck_lang_code(const ck_lang *lang);
/* The language's own name: "Deutsch", "Français", "Español", "Português", "English". */
const char *ck_lang_name(const ck_lang *lang);
/* Its UTF-8 locale, "de_DE.UTF-8". */
const char *ck_lang_locale(const ck_lang *lang);
/* Whether its locale is installed; if not, it is worded in English. */
bool ck_lang_ready(const ck_lang *lang);

/* msgid in lang (msgid itself in English or where no translation exists). NULL lang: English.
 * The result lives as long as the process. */
const char *ck_lang_text(const ck_lang *lang, const char *msgid) __attribute__((format_arg(2)));
/* The form of msgid/plural for the count n, by the language's plural rule. */
const char *ck_lang_ntext(const ck_lang *lang, const char *msgid, const char *plural,
                          unsigned long n) __attribute__((format_arg(2)));

/* msgid in a context (gettext's msgctxt), for words that mean different things in different
 * places. */
const char *ck_lang_ptext(const ck_lang *lang, const char *ctx, const char *msgid)
    __attribute__((format_arg(3)));

/* How a date is written. */
typedef enum ck_date_style {
    CK_DATE_LONG,  /* "1 December 2026", "1. Dezember 2026", "1 de diciembre de 2026" */
    CK_DATE_SHORT, /* with the weekday: "Tue 1 Dec 2026", "Di., 1. Dezember 2026" */
} ck_date_style;

/* A "YYYY-MM-DD" date in lang; anything else is copied as it is. */
void ck_lang_date(const ck_lang *lang, const char *ymd, ck_date_style style, char *out, size_t n);
/* Course dates, sorted "YYYY-MM-DD": "23–24 November 2026", "30 November – 1 December 2026",
 * "2, 9 and 16 March 2026", each language its own way. */
void ck_lang_dates(const ck_lang *lang, const char (*dates)[11], size_t count, char *out, size_t n);
/* A duration: "6 h 40 min", "45 min", "8 h" (negative: 0 min). */
void ck_lang_minutes(const ck_lang *lang, int minutes, char *out, size_t n);
/* A decimal number (contact hours: "14.5", "16", "14.33") with the language's decimal sign
 * ("14,5"); at most two decimals, no grouping. */
void ck_lang_decimal(const ck_lang *lang, double value, char *out, size_t n);
/* What an errno value means, in lang (strerror_l). */
void ck_lang_strerror(const ck_lang *lang, int errnum, char *out, size_t n);

#endif
