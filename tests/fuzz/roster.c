/* Fuzzing core/roster: any bytes as a roster file. What imports has the stored name's
 * properties, plausible unique lower-case e-mails and the lines it came from; written back as a
 * CSV it parses to the same people. What is refused says so naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/roster.h"
#include "fuzz.h"

#define SOURCE "roster.csv"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* Append s to the buffer as a quoted CSV field. */
static void put_field(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t need = *len + 2 * strlen(s) + 4;
    if (need > *cap) {
        *cap = need * 2;
        *buf = realloc(*buf, *cap);
        if (!*buf)
            abort();
    }
    char *w = *buf + *len;
    *w++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *w++ = '"';
        *w++ = *s;
    }
    *w++ = '"';
    *len = (size_t)(w - *buf);
}

/* The people written back as "Name,Email" CSV parse to the same names and e-mails. */
static void check_round_trip(const ck_roster *r)
{
    size_t cap = 64, len = 0;
    char *csv = malloc(cap);
    memcpy(csv, "Name,Email\n", 11);
    len = 11;
    for (size_t i = 0; i < r->count; i++) {
        put_field(&csv, &len, &cap, r->entries[i].name);
        csv[len++] = ',';
        put_field(&csv, &len, &cap, r->entries[i].email);
        csv[len++] = '\n';
    }
    ck_roster back;
    ck_err err = {0};
    CK_PROPERTY(ck_roster_parse(&back, csv, len, SOURCE, &err) == CK_OK,
                "the roster written back is refused: %s", err.msg);
    CK_PROPERTY(back.count == r->count, "%zu people read back as %zu", r->count, back.count);
    for (size_t i = 0; i < r->count; i++) {
        CK_PROPERTY(strcmp(back.entries[i].name, r->entries[i].name) == 0,
                    "\"%s\" read back as \"%s\"", r->entries[i].name, back.entries[i].name);
        CK_PROPERTY(strcmp(back.entries[i].email, r->entries[i].email) == 0,
                    "e-mail \"%s\" read back as \"%s\"", r->entries[i].email,
                    back.entries[i].email);
        CK_PROPERTY(back.entries[i].line == (int)i + 2, "person %zu read back on line %d", i + 1,
                    back.entries[i].line);
    }
    ck_roster_clear(&back);
    free(csv);
}

static void check_email(const ck_roster_entry *e, const ck_roster *r, size_t i)
{
    const char *m = e->email;
    size_t n = strlen(m);
    if (n == 0)
        return;
    CK_PROPERTY(ck_email_valid(m), "line %d: \"%s\" imported as an e-mail", e->line, m);
    for (const char *p = m; *p; p++)
        CK_PROPERTY(!(*p >= 'A' && *p <= 'Z'), "line %d: e-mail \"%s\" is not lower-case", e->line,
                    m);
    CK_PROPERTY(ck_fuzz_utf8(m, n), "line %d: e-mail \"%s\" is not valid UTF-8 and imports",
                e->line, m);
    for (size_t j = 0; j < i; j++)
        CK_PROPERTY(strcmp(r->entries[j].email, m) != 0,
                    "e-mail \"%s\" imported twice, lines %d and %d", m, r->entries[j].line,
                    e->line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_roster r;
    ck_err err = {0};
    const char *text = (const char *)data;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++) /* LF, CRLF and a lone CR each end a line */
        lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));

    if (ck_roster_parse(&r, text, size, SOURCE, &err) != CK_OK) {
        CK_PROPERTY(r.count == 0 && r.entries == NULL, "a refused roster left %zu people", r.count);
        CK_PROPERTY(strstr(err.msg, SOURCE) != NULL, "the error does not name the file: %s",
                    err.msg);
        return 0;
    }
    CK_PROPERTY(r.count >= 1, "a roster imported nobody");
    CK_PROPERTY(memchr(data, 0, size) == NULL,
                "a file holding a NUL byte imports (it could cut a name or an e-mail short)");
    int prev = 1;
    for (size_t i = 0; i < r.count; i++) {
        const ck_roster_entry *e = &r.entries[i];
        char what[64];
        CK_PROPERTY(e->line > prev && (size_t)e->line <= lines,
                    "person %zu is on line %d, after line %d of %zu", i + 1, e->line, prev, lines);
        prev = e->line;
        snprintf(what, sizeof what, "line %d: the name", e->line);
        ck_fuzz_check_name(e->name, what);
        check_email(e, &r, i);
    }
    check_round_trip(&r);
    ck_roster_clear(&r);
    return 0;
}
