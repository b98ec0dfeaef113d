/* Roster files: attendee names and e-mails from the CSV exports trainers have. */
#ifndef CK_CORE_ROSTER_H
#define CK_CORE_ROSTER_H

#include <stddef.h>

#include "common/err.h"
#include "common/lang.h"

typedef struct ck_roster_entry {
    int line;            /* physical line where the record starts, 1-based */
    char *name;          /* cleaned, NFC */
    char *email;         /* lower-case; "" when the file has no e-mail for this person */
    const ck_lang *lang; /* the language column's (ck_name_language); NULL when empty or none */
    /* With First name and Last name columns, each cleaned on its own (name is both, joined by
     * a space); "" when the file has one name column. */
    char *given, *family;
} ck_roster_entry;

typedef struct ck_roster {
    size_t count;
    ck_roster_entry *entries;
} ck_roster;

/* Parse a whole roster file held in memory. source names it in messages ("roster.csv").
 * RFC 4180 via libcsv, with a UTF-8 BOM, CRLF or LF, and ',' ';' or tab as the separator
 * (whichever the header uses). Columns are found by header name, case-insensitively:
 * name / full name / attendee name, or first name + last name (given name, family name,
 * surname); email / e-mail / email address; language / lang / preferred language (a code or
 * a name, see ck_name_language(); empty for none, anything else is a problem). Names and e-mails
 * are cleaned by ck_text_clean() (core/text.h). A file holding a NUL byte (or starting with a
 * UTF-16 mark) is refused with the byte's line before anything is read, so nothing is ever cut at
 * one. Any bad row fails the whole parse: the error lists the first problems (up to ten, as many as
 * fit) with their line numbers, and counts the rest. */
ck_rc ck_roster_parse(ck_roster *out, const char *data, size_t len, const char *source,
                      ck_err *err);

/* One more check of each cleaned name, for what core/ cannot know (app/: can the certificate
 * fonts draw it?). The message names the name and what is wrong; the parser puts
 * "FILE line N: " in front and lists it with the other problems. */
typedef ck_rc (*ck_roster_name_check)(void *ctx, const char *name, ck_err *err);

/* ck_roster_parse() with check (may be NULL) called for every name that is clean. */
ck_rc ck_roster_parse_checked(ck_roster *out, const char *data, size_t len, const char *source,
                              ck_roster_name_check check, void *ctx, ck_err *err);

void ck_roster_clear(ck_roster *roster);

#endif
