/* Names: validating and normalising what people type or import, and matching searches. */
#ifndef CK_CORE_NAMES_H
#define CK_CORE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "common/lang.h"
#include "core/text.h"

/* Longest name we keep, in bytes of UTF-8 (what a certificate token holds). */
#define CK_NAME_MAX CK_TEXT_SIGNED_BYTES

/* A name is cleaned as ck_text_clean(…, CK_TEXT_NAME, …) cleans it (core/text.h). */

/* A name folded for searching: compatibility-decomposed, case-folded, accents stripped,
 * letters without a decomposition spelled in ASCII (ø→o, ł→l, æ→ae), punctuation turned into
 * spaces. "Zoë O'Neil" → "zoe o neil". NULL on bad UTF-8 or no memory. */
char *ck_name_fold(const char *in);

/* The search key stored with a name: its fold, and when different, a tab and the fold of
 * the name with ä ö ü å ø spelled ae oe ue aa oe, so "juergen" finds "Jürgen" as "jurgen"
 * does. NULL on bad UTF-8 or no memory. */
char *ck_name_key(const char *name);

/* Is the folded query exactly one of the key's spellings? */
bool ck_name_key_equals(const char *key, const char *folded_query);

/* Does a folded query match a name key (ck_name_key) or folded name? Every word of the query must
 * begin a word of the name ("zo" and "ang zo" both match "zoe angstrom"). An empty query matches
 * nothing. */
bool ck_name_matches(const char *folded_name, const char *folded_query);

/* The language a person names in a roster cell or an option: a code or locale name ("de",
 * "pt-BR", "pt_BR", "fr_FR.UTF-8"), the language's own name or its name in English or in
 * another of the five ("Deutsch", "German", "allemand", "Français", "PORTUGUÊS (BRASIL)"),
 * case and accents ignored. NULL: none of the station's languages. */
const ck_lang *ck_name_language(const char *text);

/* Is text valid UTF-8 without NUL bytes? On failure *bad_offset is the first bad byte. */
bool ck_text_valid_utf8(const char *text, size_t len, size_t *bad_offset);

/* How many terminal columns text takes (wide characters two, combining marks none); counting
 * stops at the first bad UTF-8 byte. */
int ck_text_columns(const char *text);

/* Is text a plausible e-mail address (UTF-8, one @, a dot in the domain, no spaces)? */
bool ck_email_valid(const char *text);

/* An e-mail address shown without giving it away, for a screen others can see: the first
 * character of the local part, three dots and the domain ("z•••@example.org"); "" for text
 * that is no address. Never cuts a character. */
void ck_email_mask(const char *email, char *out, size_t n);

/* Lower-case the ASCII letters of an e-mail address in place. */
void ck_email_lower(char *text);

#endif
