/* Roster files: attendee names and e-mails from the CSV exports trainers have. */
#include "core/roster.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "core/names.h"
#include "core/text.h"

#define MAX_PROBLEMS 10

/* One record as libcsv hands it over, field by field. */
typedef struct record {
    char **fields;
    size_t *lens; /* each field's length: a cell may hold NUL bytes, which are refused */
    size_t count, cap, lens_cap;
    int line;
} record;

typedef struct parser {
    record cur;
    record *rows;
    size_t nrows, cap;
    bool oom;
} parser;

static void on_field(void *data, size_t len, void *ctx)
{
    parser *p = ctx;
    if (p->oom)
        return;
    if (!ck_array_reserve(&p->cur.fields, &p->cur.cap, p->cur.count + 1, sizeof *p->cur.fields) ||
        !ck_array_reserve(&p->cur.lens, &p->cur.lens_cap, p->cur.count + 1, sizeof *p->cur.lens)) {
        p->oom = true;
        return;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        p->oom = true;
        return;
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    p->cur.lens[p->cur.count] = len;
    p->cur.fields[p->cur.count++] = copy;
}

static void free_record(record *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->fields[i]);
    free(r->fields);
    free(r->lens);
    memset(r, 0, sizeof *r);
}

static void on_record(int term, void *ctx)
{
    parser *p = ctx;
    (void)term;
    if (p->oom) {
        free_record(&p->cur);
        return;
    }
    if (!ck_array_reserve(&p->rows, &p->cap, p->nrows + 1, sizeof *p->rows)) {
        p->oom = true;
        free_record(&p->cur);
        return;
    }
    p->rows[p->nrows++] = p->cur;
    memset(&p->cur, 0, sizeof p->cur);
}

/* Lower-case ASCII copy of a header cell with spaces, '-' and '_' folded to one space. */
static void header_key(char *out, size_t n, const char *cell)
{
    size_t w = 0;
    for (const char *c = cell; *c && w + 1 < n; c++) {
        char ch = *c;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch == '_' || ch == '-' || ch == ' ' || ch == '\t') {
            if (w && out[w - 1] != ' ')
                out[w++] = ' ';
            continue;
        }
        out[w++] = ch;
    }
    while (w && out[w - 1] == ' ')
        w--;
    out[w] = '\0';
}

static bool key_in(const char *key, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(key, *names) == 0)
            return true;
    return false;
}

typedef struct columns {
    int name, first, last, email, lang;
} columns;

static const char *const NAME_KEYS[] = {"name",     "full name",        "attendee name",
                                        "attendee", "participant name", NULL};
static const char *const FIRST_KEYS[] = {"first name", "given name", "firstname", "forename", NULL};
static const char *const LAST_KEYS[] = {"last name", "family name", "surname", "lastname", NULL};
static const char *const EMAIL_KEYS[] = {"email",          "e mail", "email address",
                                         "e mail address", "mail",   NULL};
static const char *const LANG_KEYS[] = {"language", "lang", "preferred language", "preferred lang",
                                        NULL};

static ck_rc find_columns(columns *c, const record *hdr, const char *source, ck_err *err)
{
    *c = (columns){-1, -1, -1, -1, -1};
    for (size_t i = 0; i < hdr->count; i++) {
        char key[64];
        header_key(key, sizeof key, hdr->fields[i]);
        int *slot = key_in(key, NAME_KEYS)    ? &c->name
                    : key_in(key, FIRST_KEYS) ? &c->first
                    : key_in(key, LAST_KEYS)  ? &c->last
                    : key_in(key, EMAIL_KEYS) ? &c->email
                    : key_in(key, LANG_KEYS)  ? &c->lang
                                              : NULL;
        if (!slot)
            continue;
        if (*slot >= 0)
            return ck_err_set(err, CK_EINVAL,
                              "%s line %d: the column \"%s\" appears twice; keep one of them",
                              source, hdr->line, hdr->fields[i]);
        *slot = (int)i;
    }
    if (c->name < 0 && (c->first < 0 || c->last < 0))
        return ck_err_set(err, CK_EINVAL,
                          "%s line %d: no name column found; the header needs \"Name\" (or "
                          "\"Full name\"), or \"First name\" and \"Last name\"",
                          source, hdr->line);
    return CK_OK;
}

static const char *field(const record *r, int col)
{
    return col >= 0 && (size_t)col < r->count ? r->fields[col] : "";
}

/* A cell's length in bytes, NUL bytes included. */
static size_t field_len(const record *r, int col)
{
    return col >= 0 && (size_t)col < r->count ? r->lens[col] : 0;
}

static bool record_blank(const record *r)
{
    for (size_t i = 0; i < r->count; i++)
        for (size_t k = 0; k < r->lens[i]; k++)
            if (r->fields[i][k] != ' ' && r->fields[i][k] != '\t')
                return false;
    return true;
}

/* Guess the separator from the header line: the most frequent of , ; and tab. */
static unsigned char guess_delim(const char *data, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || (data[i] != '\n' && data[i] != '\r')); i++) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += data[i] == ',', semi += data[i] == ';', tab += data[i] == '\t';
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

/* The problems of a file, as many whole ones as fit in one message with the lines after them;
 * the rest are counted. Each is a message of its own, so it is worded in the reader's
 * language; its English text must fit the error's text too. */
#define PROBLEMS_TAIL 160 /* room kept for "… and N more" and "Nothing was imported" */

typedef struct problems {
    ck_msg m;
    int count, listed;
} problems;

/* Add one problem (a message) when it fits whole, in the message and in English. */
static void problem_add(problems *pr, const ck_msg *one)
{
    pr->count++;
    if (pr->listed == MAX_PROBLEMS || pr->listed < pr->count - 1)
        return; /* once one is left out, the ones after it are too: they stay in file order */
    ck_msg more;
    char english[sizeof(((ck_err *)0)->msg) + 1];
    more = pr->m;
    if ((pr->listed && !ck_msg_add_text(&more, "\n")) || !ck_msg_append(&more, one) ||
        more.nparts + 4 > CK_MSG_PARTS || more.nargs + 2 > CK_MSG_ARGS ||
        more.used + PROBLEMS_TAIL > CK_MSG_POOL)
        return;
    ck_msg_word(&more, NULL, english, sizeof english);
    if (strlen(english) >= sizeof english - 1 - PROBLEMS_TAIL)
        return;
    pr->m = more;
    pr->listed++;
}

static void problem(problems *pr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(problems *pr, const char *fmt, ...)
{
    ck_msg one;
    va_list ap;
    ck_msg_clear(&one);
    va_start(ap, fmt);
    ck_msg_vadd(&one, false, fmt, NULL, 0, ap);
    va_end(ap);
    problem_add(pr, &one);
}

static ck_rc build_entries(ck_roster *out, parser *p, const char *source,
                           ck_roster_name_check check, void *ctx, ck_err *err)
{
    columns col;
    size_t first = 0;
    while (first < p->nrows && record_blank(&p->rows[first]))
        first++;
    if (first == p->nrows)
        return ck_err_set(err, CK_EINVAL,
                          "%s is empty; it needs a header line (e.g. \"Name,Email\") and one "
                          "line per attendee",
                          source);
    ck_rc rc = find_columns(&col, &p->rows[first], source, err);
    if (rc)
        return rc;

    problems pr;
    memset(&pr, 0, sizeof pr);
    out->entries = calloc(p->nrows, sizeof *out->entries);
    if (!out->entries)
        return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", source);
    for (size_t i = first + 1; i < p->nrows; i++) {
        const record *r = &p->rows[i];
        if (record_blank(r))
            continue;
        /* The whole cell, however long and whatever it holds: the cleaner says what is wrong. */
        int gcol = col.name >= 0 ? col.name : col.first;
        size_t glen = field_len(r, gcol), flen = col.name >= 0 ? 0 : field_len(r, col.last);
        size_t raw_len = glen + (col.name >= 0 ? 0 : 1 + flen);
        char *raw = malloc(raw_len + 1);
        if (!raw)
            return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", source);
        memcpy(raw, field(r, gcol), glen);
        if (col.name < 0) {
            raw[glen] = ' ';
            memcpy(raw + glen + 1, field(r, col.last), flen);
        }
        raw[raw_len] = '\0';
        ck_err one = {0};
        char *name = NULL, *email = NULL;
        ck_rc cleaned = ck_text_clean(&name, CK_TEXT_NAME, raw, raw_len, NULL, &one);
        free(raw);
        if (cleaned == CK_OK && check)
            cleaned = check(ctx, name, &one);
        if (cleaned == CK_OK)
            cleaned = ck_text_clean(&email, CK_TEXT_EMAIL, field(r, col.email),
                                    field_len(r, col.email), NULL, &one);
        if (cleaned == CK_ENOMEM) {
            free(name);
            return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", source);
        }
        if (cleaned != CK_OK) {
            free(name);
            ck_err_prefix(&one, "%s line %d: ", source, r->line);
            problem_add(&pr, &one.m);
            continue;
        }
        const ck_lang *lang = NULL;
        const char *said = field(r, col.lang);
        bool blank = strspn(said, " \t") == strlen(said);
        if (!blank && !(lang = ck_name_language(said))) {
            char shown[64];
            ck_text_copy(shown, sizeof shown, said); /* the message names it, not all of it */
            problem(&pr,
                    "%s line %d: the language \"%s\" is not one the station speaks; write en, "
                    "de, fr, es or pt-BR (or a name such as Deutsch or French), or leave the cell "
                    "empty",
                    source, r->line, shown);
            free(name);
            free(email);
            continue;
        }
        for (size_t j = 0; *email && j < out->count; j++)
            if (strcmp(out->entries[j].email, email) == 0) {
                problem(&pr,
                        "%s line %d: e-mail \"%s\" is already used on line %d; each person "
                        "needs their own address",
                        source, r->line, email, out->entries[j].line);
                break;
            }
        /* Kept apart too (for lists that ask for first and last name), cleaned alike; a part
         * that does not clean on its own (empty, say) leaves both out. */
        char *g = NULL, *f = NULL;
        if (col.name < 0 &&
            (ck_text_clean(&g, CK_TEXT_NAME, field(r, gcol), glen, NULL, &one) != CK_OK ||
             ck_text_clean(&f, CK_TEXT_NAME, field(r, col.last), flen, NULL, &one) != CK_OK)) {
            free(g);
            g = NULL;
        }
        if (!g || !f) {
            free(g);
            free(f);
            g = strdup("");
            f = strdup("");
        }
        if (!g || !f) {
            free(g);
            free(f);
            free(name);
            free(email);
            return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", source);
        }
        out->entries[out->count++] = (ck_roster_entry){r->line, name, email, lang, g, f};
    }
    if (pr.count) {
        if (pr.count > pr.listed) {
            ck_msg_add_text(&pr.m, "\n");
            ck_msg_addn(&pr.m, "… and %d more problem after these",
                        "… and %d more problems after these", (unsigned long)(pr.count - pr.listed),
                        pr.count - pr.listed);
        }
        ck_msg_add_text(&pr.m, "\n");
        ck_msg_add(&pr.m, "Nothing was imported; fix the file and import it again.");
        return ck_err_msg(err, CK_EINVAL, &pr.m);
    }
    if (out->count == 0)
        return ck_err_set(err, CK_EINVAL, "%s has a header but no attendees", source);
    return CK_OK;
}

ck_rc ck_roster_parse(ck_roster *out, const char *data, size_t len, const char *source, ck_err *err)
{
    return ck_roster_parse_checked(out, data, len, source, NULL, NULL, err);
}

ck_rc ck_roster_parse_checked(ck_roster *out, const char *data, size_t len, const char *source,
                              ck_roster_name_check check, void *ctx, ck_err *err)
{
    struct csv_parser csv;
    parser p = {0};
    ck_rc rc = CK_OK;
    memset(out, 0, sizeof *out);

    if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
        return ck_err_set(err, CK_EINVAL,
                          "%s is UTF-16 text, not UTF-8; save it again as \"CSV UTF-8\" (or "
                          "export it as UTF-8)",
                          source);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        data += 3, len -= 3;
    /* A NUL byte is no text: a binary file, UTF-16 without its mark, or damage. Refused with
     * its place before anything is read, so no name or e-mail is ever cut at one. */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        int nul_line = 1;
        const char *line_start = data;
        for (const char *c = data; c < nul; c++)
            if (*c == '\n' || (*c == '\r' && c[1] != '\n'))
                nul_line++, line_start = c + 1;
        return ck_err_set(err, CK_EINVAL,
                          "%s line %d: a NUL byte (U+0000) at byte %ld of the line; a roster is "
                          "text: save the file as CSV (UTF-8) again",
                          source, nul_line, (long)(nul - line_start) + 1);
    }
    if (csv_init(&csv, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0)
        return ck_err_set(err, CK_ENOMEM, "out of memory reading %s", source);
    csv_set_delim(&csv, guess_delim(data, len));

    /* Feed byte by byte so each record knows the physical line it starts on. */
    int line = 1;
    bool waiting = true; /* between records: the next non-newline byte starts one */
    for (size_t i = 0; i < len && !p.oom; i++) {
        char c = data[i];
        if (waiting && c != '\n' && c != '\r') {
            p.cur.line = line;
            waiting = false;
        }
        size_t before = p.nrows;
        if (csv_parse(&csv, &data[i], 1, on_field, on_record, &p) != 1) {
            rc = csv_error(&csv) == CSV_EPARSE
                     ? ck_err_set(err, CK_EINVAL,
                                  "%s line %d: a quote (\") is out of place; a field with quotes "
                                  "must itself be quoted, with inner quotes doubled: "
                                  "\"O\"\"Brien\"",
                                  source, line)
                     : ck_err_set(err, CK_EINVAL, "%s line %d: %s", source, line,
                                  csv_strerror(csv_error(&csv)));
            goto cleanup;
        }
        if (p.nrows != before)
            waiting = true;
        if (c == '\n' || (c == '\r' && (i + 1 == len || data[i + 1] != '\n')))
            line++; /* LF, CRLF or a lone CR (old Mac files) ends a physical line */
    }
    if (!p.oom && csv_fini(&csv, on_field, on_record, &p) != 0) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s: a quoted field is not closed before the end of the file; add the "
                        "missing \"",
                        source);
        goto cleanup;
    }
    if (p.oom) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory reading %s", source);
        goto cleanup;
    }
    rc = build_entries(out, &p, source, check, ctx, err);

cleanup:
    csv_free(&csv);
    for (size_t i = 0; i < p.nrows; i++)
        free_record(&p.rows[i]);
    free(p.rows);
    free_record(&p.cur);
    if (rc != CK_OK)
        ck_roster_clear(out);
    return rc;
}

void ck_roster_clear(ck_roster *roster)
{
    for (size_t i = 0; roster->entries && i < roster->count; i++) {
        free(roster->entries[i].name);
        free(roster->entries[i].email);
        free(roster->entries[i].given);
        free(roster->entries[i].family);
    }
    free(roster->entries);
    memset(roster, 0, sizeof *roster);
}
