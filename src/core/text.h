/* Human text: one validator for every text a person types or imports (names, course titles,
 * reasons, e-mail addresses, settings…), and the escaping of stored text for a terminal.
 *
 * Every text enters the station through ck_text_clean() with its kind, wherever it comes from
 * (a roster file, a command line, the kiosk's keyboard): what is stored is valid UTF-8 in NFC,
 * one line, trimmed, with runs of white space folded into one space, without controls, bidi
 * controls, line or paragraph separators, tag, private-use, unassigned or noncharacter code
 * points, not empty of visible characters and within its kind's length. A refusal says what
 * is wrong and where: the character as U+XXXX with its name, and its position.
 */
#ifndef CK_CORE_TEXT_H
#define CK_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"

/* What a text is for; each kind has its own rules and limits (see the table in text.c). */
typedef enum ck_text_kind {
    CK_TEXT_NAME,       /* a person's name: printed and signed on certificates */
    CK_TEXT_TITLE,      /* a course title: printed and signed */
    CK_TEXT_TRAINER,    /* the trainer's name: printed and signed */
    CK_TEXT_CREDENTIAL, /* the trainer's credential: printed and signed; may be empty */
    CK_TEXT_LOCATION,   /* where the course is held: printed; may be empty */
    CK_TEXT_ISSUER,     /* the issuer signed into certificates; may be empty (unset) */
    CK_TEXT_REASON,     /* a trainer's reason for a correction, undo, closing, revocation */
    CK_TEXT_EMAIL,      /* an e-mail address: its own rules; may be empty; lower-cased */
    CK_TEXT_PRINTER,    /* a CUPS queue name: printable ASCII; may be empty (the default) */
    CK_TEXT_STATION,    /* this station's name, recorded with every event; may be empty */
    CK_TEXT_URL,        /* the verification page's address: ASCII; may be empty (unset) */
    CK_TEXT_ROOM,       /* the room a course is held in and a station stands in; may be empty */
    CK_TEXT_SERVER,     /* the mail server's address: ASCII without spaces; may be empty */
    CK_TEXT_KIND_COUNT
} ck_text_kind;

/* Longest text of each kind, in characters (code points of the cleaned text). */
#define CK_TEXT_NAME_CHARS 100
#define CK_TEXT_TITLE_CHARS 120
#define CK_TEXT_REASON_CHARS 200
#define CK_TEXT_STATION_CHARS 30
/* Longest signed text, in bytes of UTF-8: what a certificate token holds per claim
 * (CK_CRED_TEXT_MAX, and the verification page's TEXT_MAX). */
#define CK_TEXT_SIGNED_BYTES 200
/* Bytes that hold any text of a kind with the NUL: a buffer this large never cuts one. */
#define CK_TEXT_BYTES(chars) (4 * (chars) + 1)

/* The kind's name in messages: "the name", "the course title", "the reason"… */
const char *ck_text_kind_label(ck_text_kind kind);
/* The kind's limit in characters. */
size_t ck_text_max_chars(ck_text_kind kind);

/* Clean len bytes of in (which may hold NUL bytes: they are refused, never cut at) as text of
 * kind into *out (malloc'd; "" for an empty optional kind). where names the place in the
 * message and may be NULL: "roster.csv line 14" gives "roster.csv line 14: the name "Zoë…"
 * contains U+202E RIGHT-TO-LEFT OVERRIDE (character 4), which can disguise text; remove it". */
ck_rc ck_text_clean(char **out, ck_text_kind kind, const char *in, size_t len, const char *where,
                    ck_err *err);

/* ck_text_clean() of a NUL-terminated text (NULL is "") into a buffer of n bytes; refused
 * (out "") when the cleaned text does not fit, never cut. */
ck_rc ck_text_clean_into(char *out, size_t n, ck_text_kind kind, const char *in, const char *where,
                         ck_err *err);

/* Copy in into out (n bytes), cut at a character boundary when it does not fit; returns
 * whether all of it fitted. For text read back from storage: never half a character. */
bool ck_text_copy(char *out, size_t n, const char *in);

/* Append in to the text in buf (n bytes) if all of it fits; returns whether it did. For lists
 * built into a fixed buffer: whole items or none, never half a character. */
bool ck_text_append(char *buf, size_t n, const char *in);

/* The length in bytes of the well-formed UTF-8 character that starts s (at most n bytes
 * read), or 0 when none does there (a stray byte, an overlong form, a surrogate). */
size_t ck_text_utf8_char(const char *s, size_t n);

/* Options of ck_text_escape(). */
#define CK_TEXT_ESCAPE_NEWLINES 1u /* keep line feeds as they are (for multi-line messages) */

/* Stored text made safe for a terminal, into out (n bytes, always terminated; cut at a
 * character boundary when full): backslash, controls, bidi controls, line and paragraph
 * separators, invisible format characters, tag, private-use, unassigned and noncharacter code
 * points become escapes (\\, \n, \t, \x1B, \u{202E}); bytes that are not UTF-8 become \xNN.
 * Everything else is copied. Returns out. */
char *ck_text_escape(char *out, size_t n, const char *in, unsigned flags);

#endif
