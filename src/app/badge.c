/* Badges: each attendee's unguessable code (made once, an entry of the chain), the label
 * sheets they are printed on, and what a scanned code names. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/internal.h"
#include "app/timez.h"
#include "pdf/badge_pdf.h"
#include "pdf/pdf_file.h"

#define PREFIX "CKBADGE"
#define DIGITS 40

/* 128 random bits as 40 digits: four 32-bit numbers of ten digits each. */
static void new_code(char out[CK_APP_BADGE_CODE_MAX])
{
    uint32_t part[4];
    randombytes_buf(part, sizeof part);
    snprintf(out, CK_APP_BADGE_CODE_MAX, PREFIX "%010u%010u%010u%010u", (unsigned)part[0],
             (unsigned)part[1], (unsigned)part[2], (unsigned)part[3]);
}

/* The code a scanned line holds, in its stored form; false when the line is no badge code.
 * Scanners may add spaces or type the letters in lower case (caps lock). */
bool ck_app_badge_parse(const char *line, char out[CK_APP_BADGE_CODE_MAX])
{
    while (*line == ' ')
        line++;
    if (strncasecmp(line, PREFIX, strlen(PREFIX)) != 0)
        return false;
    const char *d = line + strlen(PREFIX);
    size_t n = 0;
    while (isdigit((unsigned char)d[n]))
        n++;
    const char *rest = d + n;
    while (*rest == ' ' || *rest == '\r' || *rest == '\n')
        rest++;
    if (n != DIGITS || *rest)
        return false;
    snprintf(out, CK_APP_BADGE_CODE_MAX, PREFIX "%.*s", DIGITS, d);
    return true;
}

/* The code of one attendee inside the caller's write transaction, made when missing. */
static ck_rc code_in_tx(ck_app *app, int64_t attendee_id, char code[CK_APP_BADGE_CODE_MAX],
                        bool *made, ck_err *err)
{
    bool found = false;
    *made = false;
    ck_rc rc =
        ck_store_badge_current(app->store, attendee_id, code, CK_APP_BADGE_CODE_MAX, &found, err);
    if (rc || found)
        return rc;
    new_code(code);
    *made = true;
    return ck_store_badge_add(app->store, attendee_id, code, ck_app_now(app), err);
}

ck_rc ck_app_badge_code(ck_app *app, int64_t attendee_id, char code[CK_APP_BADGE_CODE_MAX],
                        ck_err *err)
{
    bool found = false, made = false;
    ck_rc rc =
        ck_store_badge_current(app->store, attendee_id, code, CK_APP_BADGE_CODE_MAX, &found, err);
    if (rc || found)
        return rc;
    if (app->readonly)
        return ck_err_set(err, CK_ESTATE,
                          "this attendee has no badge yet; make one with "
                          "\"classkiosk roster badges\"");
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    if ((rc = code_in_tx(app, attendee_id, code, &made, err)) ||
        (rc = ck_store_commit(app->store, err)))
        ck_store_rollback(app->store);
    return rc;
}

ck_rc ck_app_badge_who(ck_app *app, const char *line, int64_t *attendee_id, ck_err *err)
{
    char code[CK_APP_BADGE_CODE_MAX];
    bool current = false;
    int64_t who = 0;
    const ck_course_rec *c;
    *attendee_id = 0;
    if (!ck_app_badge_parse(line, code))
        return ck_err_set(err, CK_EINVAL, "the scanner read no badge code");
    ck_rc rc = ck_store_badge_find(app->store, code, &who, &current, err);
    if (rc)
        return rc;
    if (!who)
        return ck_err_set(err, CK_ENOTFOUND, "no one has this badge code");
    if (!current)
        return ck_err_set(err, CK_ESTATE,
                          "this badge was replaced by a newer one; use the newest badge");
    ck_attendee_rec person;
    if ((rc = ck_app_course(app, &c, err)) ||
        (rc = ck_store_attendee_get(app->store, who, &person, err)))
        return rc;
    if (person.course_id != c->id)
        return ck_err_set(err, CK_ENOTFOUND, "this badge is for another course, not \"%s\"",
                          c->title);
    *attendee_id = who;
    return CK_OK;
}

const char *ck_app_badge_layout(size_t i, const char **product, const char **what, bool *letter)
{
    const ck_badge_layout *l = ck_badge_layout_at(i);
    if (!l)
        return NULL;
    if (product)
        *product = l->product;
    if (what)
        *what = l->what;
    if (letter)
        *letter = l->letter;
    return l->name;
}

/* The layout the options ask for, checked against the paper. */
static ck_rc pick_layout(const ck_badge_opts *o, const ck_badge_layout **out, ck_err *err)
{
    bool letter = o && o->letter;
    if (!o || !o->layout || !*o->layout) {
        *out = ck_badge_layout_default(letter);
        return CK_OK;
    }
    *out = ck_badge_layout_find(o->layout);
    if (!*out)
        return ck_err_set(err, CK_EINVAL,
                          "there is no badge layout \"%s\"; the layouts are avery-l4785 (A4), "
                          "avery-l7165 (A4, 2 x 4) and avery-5395 (US Letter, 2 x 4)",
                          o->layout);
    if (letter && !(*out)->letter)
        return ck_err_set(err, CK_EINVAL,
                          "the layout %s is for A4 sheets; leave out --letter or choose "
                          "avery-5395",
                          (*out)->name);
    return CK_OK;
}

ck_rc ck_app_badges(ck_app *app, const ck_badge_opts *opts, ck_badge_result *out, ck_err *err)
{
    const ck_course_rec *c;
    const ck_badge_layout *layout;
    const ck_pdf_fonts *fonts;
    ck_attendee_rec *people = NULL;
    ck_badge *badges = NULL;
    char(*codes)[CK_APP_BADGE_CODE_MAX] = NULL;
    size_t n = 0;
    ck_badge_pdf_result res = {0};
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_app_course(app, &c, err);
    if (rc || (rc = pick_layout(opts, &layout, err)) || (rc = ck_app_fonts(app, &fonts, err)))
        return rc;
    if (opts && opts->who) {
        people = calloc(opts->nwho ? opts->nwho : 1, sizeof *people);
        if (!people)
            return ck_err_set(err, CK_ENOMEM, "out of memory making badges");
        for (size_t i = 0; i < opts->nwho && rc == CK_OK; i++)
            rc = ck_store_attendee_get(app->store, opts->who[i], &people[i], err);
        n = opts->nwho;
    } else {
        rc = ck_app_roster(app, &people, &n, err);
    }
    if (rc)
        goto done;
    if (n == 0) {
        rc = ck_err_set(err, CK_ESTATE,
                        "the roster of \"%s\" is empty; import it first (\"classkiosk roster "
                        "import FILE\")",
                        c->title);
        goto done;
    }
    badges = calloc(n, sizeof *badges);
    codes = calloc(n, sizeof *codes);
    if (!badges || !codes) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory making badges");
        goto done;
    }
    /* Every missing code made in one transaction: all the badges, or none. */
    if ((rc = ck_store_begin(app->store, err)))
        goto done;
    for (size_t i = 0; i < n && rc == CK_OK; i++) {
        bool made = false;
        rc = code_in_tx(app, people[i].id, codes[i], &made, err);
        out->made += made;
        badges[i] = (ck_badge){.name = people[i].name, .qr_text = codes[i]};
    }
    if (rc == CK_OK)
        rc = ck_store_commit(app->store, err);
    if (rc) {
        ck_store_rollback(app->store);
        out->made = 0;
        goto done;
    }
    char dates[160], detail[320];
    ck_app_course_dates(c, dates, sizeof dates);
    if (*c->location)
        snprintf(detail, sizeof detail, "%s · %s", dates, c->location);
    else
        snprintf(detail, sizeof detail, "%s", dates);
    ck_badge_pdf doc = {.layout = layout,
                        .course_line = c->title,
                        .detail_line = detail,
                        .hint_line = "Scan this code at the kiosk to check in or out.",
                        .n = n,
                        .badges = badges,
                        .outlines = opts && opts->outlines,
                        .fonts = fonts,
                        .meta_title = c->title,
                        .meta_author = c->trainer,
                        .meta_subject = "Name badges",
                        .created = (time_t)ck_app_now(app)};
    if ((rc = ck_badge_pdf_render(&res, &doc, err)))
        goto done;
    if (opts && opts->out && *opts->out) {
        snprintf(out->path, sizeof out->path, "%s", opts->out);
    } else {
        char dir[4096];
        ck_app_beside_db(app, "reports", dir, sizeof dir);
        if ((rc = ck_app_make_dir(dir, err)))
            goto done;
        snprintf(out->path, sizeof out->path, "%s/badges-%lld.pdf", dir, (long long)c->id);
    }
    if ((rc = ck_pdf_save(res.pdf, res.size, out->path, "badges", err)))
        goto done;
    out->badges = n;
    out->pages = res.pages;
    out->qr_module_mm = res.qr_module_mm;
    snprintf(out->layout, sizeof out->layout, "%s", layout->name);
    snprintf(out->product, sizeof out->product, "%s", layout->product);
done:
    ck_badge_pdf_result_clear(&res);
    free(badges);
    free(codes);
    free(people);
    return rc;
}
