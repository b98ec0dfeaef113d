/* Latin spellings of text written in other scripts (Greek, Cyrillic, Chinese…), through ICU's
 * transliterator, so a Latin keyboard finds "Анна" by "anna" and "Γιώργος" by "giorgos".
 *
 * A ck_translit holds the opened transliterators (opening one reads ICU's rule data, which
 * takes milliseconds, so open it once and keep it); it is not shared between threads.
 */
#ifndef CK_TRANSLIT_H
#define CK_TRANSLIT_H

#include "common/err.h"

typedef struct ck_translit ck_translit;

/* Open the transliterators. CK_EINTERNAL when ICU lacks them (its data is missing). */
ck_rc ck_translit_open(ck_translit **out, ck_err *err);
/* NULL is a no-op. */
void ck_translit_close(ck_translit *t);

/* The Latin spellings of UTF-8 text, tab-separated, malloc'd: first as a person of that
 * country would write it ("Giorgos", "Yuliya": the UN's romanisation of Greek, BGN/PCGN's of
 * Russian, then every other script as ICU's Any-Latin does), then, when different, ICU's
 * Any-Latin alone (the ISO-like "Ulia"); both in ASCII where Latin-ASCII has a letter for it
 * (Latin text only loses its accents). CK_EINVAL for text that is not UTF-8. */
ck_rc ck_translit_latin(ck_translit *t, const char *utf8, char **out, ck_err *err);

#endif
