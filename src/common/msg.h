/* Messages: a sentence for a person, kept unworded until a face words it in a language.
 *
 * app/ and the layers below never translate. They report a message: a printf format that is a
 * string literal at the call (the msgid the catalogues translate), optionally a plural form and
 * the count that chooses between them, and the arguments, each rendered to text at report time
 * with its conversion's flags in the C locale. A face words the message with an explicit
 * language (ck_msg_word): the translated format, its conversions replaced by the stored texts
 * by position, so a translation may reorder them with %2$s. The substitution never hands a
 * translated format to printf, and a translation whose conversions do not match the message's
 * arguments is not used: the English format is.
 *
 * Arguments whose wording depends on the language are marked in their text and worded when
 * the message is: dates (CK_MSG_DATE), course dates (ck_msg_dates), durations
 * (CK_MSG_MINUTES) and short phrases that are msgids themselves (CK_MSG_PHRASE, for a word
 * from a table, such as a printer's state).
 *
 * A message may have several parts, worded one after the other: a context put in front of
 * it ("roster.csv line 3: ", see ck_err_prefix) or further clauses ("; it refuses new jobs
 * until …"). Each part is one literal format, translated whole. A message is a plain value
 * (copy it with =), needs no freeing, and may carry a stable code ("day.late") for
 * machine-readable output, which never changes with the language.
 *
 * xgettext finds the formats through the keywords in assets/po/Makefile's list (CMake's
 * `pot` target): ck_msg_set:2, ck_msg_add:2, ck_msg_setn:2,3, ck_err_set:3, …
 */
#ifndef CK_MSG_H
#define CK_MSG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ck_lang ck_lang;

#define CK_MSG_POOL 2048 /* bytes for the formats, the argument texts and the code */
#define CK_MSG_PARTS 32
#define CK_MSG_ARGS 48     /* printf arguments over all parts (a * width counts as one) */
#define CK_MSG_ARG_MAX 600 /* longest argument text kept; a longer one is cut */

typedef struct ck_msg_part {
    uint16_t fmt;    /* offsets into pool */
    uint16_t plural; /* CK_MSG_NONE: no plural form */
    uint8_t first;   /* its arguments are arg[first … first + nargs - 1] */
    uint8_t nargs;
    unsigned long n; /* the count choosing the plural form */
} ck_msg_part;

#define CK_MSG_NONE 0xffffu

typedef struct ck_msg {
    uint8_t nparts, nargs;
    uint16_t used; /* bytes of pool in use */
    uint16_t code; /* 1 + the stable code's offset; 0: none (so a zeroed message has none) */
    bool cut;      /* something did not fit and was shortened */
    ck_msg_part part[CK_MSG_PARTS];
    uint16_t arg[CK_MSG_ARGS]; /* offset of each argument's text; CK_MSG_NONE: a * width */
    char pool[CK_MSG_POOL];
} ck_msg;

/* Empty the message (a zeroed ck_msg is empty too). */
void ck_msg_clear(ck_msg *m);
bool ck_msg_empty(const ck_msg *m);

/* Replace the message with one part. False when something had to be cut (it is still set). */
bool ck_msg_set(ck_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a plural form: fmt for n == 1 in English, plural otherwise; the languages
 * choose by their own rules. n is only the chooser: pass it among the arguments too. */
bool ck_msg_setn(ck_msg *m, const char *fmt, const char *plural, unsigned long n, ...)
    __attribute__((format(printf, 2, 5)));
/* Add a part at the end ("; it refuses new jobs until …"). */
bool ck_msg_add(ck_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ck_msg_addn(ck_msg *m, const char *fmt, const char *plural, unsigned long n, ...)
    __attribute__((format(printf, 2, 5)));
/* Put a part in front ("roster.csv line 3: "). */
bool ck_msg_prepend(ck_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The general form: add a part at the end (front: false) or in front. */
bool ck_msg_vadd(ck_msg *m, bool front, const char *fmt, const char *plural, unsigned long n,
                 va_list ap) __attribute__((format(printf, 3, 0)));
/* Add text as it is, never translated: a line break between sentences, or an English text
 * from before messages were kept (an old database row). */
bool ck_msg_add_text(ck_msg *m, const char *text);
/* Add every part of more at the end of m (its code is kept only if m has none). */
bool ck_msg_append(ck_msg *m, const ck_msg *more);

/* The stable code for machine-readable output ("day.late"); NULL or "" for none. */
void ck_msg_set_code(ck_msg *m, const char *code);
/* The code, or "" when there is none. */
const char *ck_msg_code(const ck_msg *m);

/* Word the message in lang (NULL: English) into out (always NUL-terminated, cut to fit);
 * returns out. */
char *ck_msg_word(const ck_msg *m, const ck_lang *lang, char *out, size_t n);

/* Word fmt, a format of plain texts ("%1$s h %2$s min", already translated), with args[i] for
 * argument i + 1; fallback (its English form) when fmt does not use exactly those nargs
 * texts; out stays "" when neither does. No message is kept: for a language's own small
 * phrases (dates, durations) worded many times over. */
char *ck_msg_word_texts(const char *fmt, const char *fallback, const char *const *args,
                        size_t nargs, char *out, size_t n);

/* ---- typed arguments: pass the result to a %s; worded with the message ---- */
#define CK_MSG_MARK 48
/* A "YYYY-MM-DD" date, written long ("1 December 2026") or short with the weekday. */
const char *ck_msg_date(char buf[CK_MSG_MARK], const char *ymd);
const char *ck_msg_date_short(char buf[CK_MSG_MARK], const char *ymd);
/* A duration in minutes: "6 h 40 min". */
const char *ck_msg_minutes(char buf[CK_MSG_MARK], int minutes);
/* Course dates, sorted (see ck_lang_dates); buf of n bytes (12 per date and 2 more suffice). */
const char *ck_msg_dates(char *buf, size_t n, const char (*dates)[11], size_t count);
/* A phrase that is itself a msgid (mark it with N_ where it is written), worded in the
 * message's language: "out of paper". Several may be joined into one argument, and text that
 * already holds typed arguments passes through as it is. */
const char *ck_msg_phrase(char *buf, size_t n, const char *msgid);
/* What an errno value means (strerror), in the message's language. */
const char *ck_msg_errno(char buf[CK_MSG_MARK], int errnum);
/* The same for use inside an argument list; the buffers live until the enclosing block ends. */
#define CK_MSG_DATE(ymd) ck_msg_date((char[CK_MSG_MARK]){0}, (ymd))
#define CK_MSG_DATE_SHORT(ymd) ck_msg_date_short((char[CK_MSG_MARK]){0}, (ymd))
#define CK_MSG_MINUTES(min) ck_msg_minutes((char[CK_MSG_MARK]){0}, (min))
#define CK_MSG_PHRASE(msgid) ck_msg_phrase((char[160]){0}, 160, (msgid))
#define CK_MSG_ERRNO(e) ck_msg_errno((char[CK_MSG_MARK]){0}, (e))

/* A string to translate where it is written, worded later through a message or ck_lang_text. */
#define N_(msgid) (msgid)

/* ---- the parts and arguments, for storing a message and loading it back ---- */
typedef struct ck_msg_view {
    const char *fmt, *plural; /* plural NULL: none */
    unsigned long n;
    size_t nargs;
    const char *args[CK_MSG_ARGS]; /* by printf argument number - 1; NULL for a * width */
} ck_msg_view;
size_t ck_msg_nparts(const ck_msg *m);
/* Part i of m; false past the last. */
bool ck_msg_part_view(const ck_msg *m, size_t i, ck_msg_view *out);
/* Add a part from stored texts (args as ck_msg_view gives them). False when it did not fit or
 * the texts do not match the format's conversions (then m is unchanged). */
bool ck_msg_add_stored(ck_msg *m, const ck_msg_view *part);

#endif
