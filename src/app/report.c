/* Reports over status and events: the attendance register (PDF), the export of everyone's
 * attendance (CSV or XLSX) and the list of who completed, for the certification body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "app/timez.h"
#include "common/lang.h"
#include "core/table.h"
#include "pdf/pdf_file.h"
#include "pdf/register_pdf.h"
#include "xlsx/xlsx.h"

/* The documents' language: English, as the certificate's (a course's certificate language,
 * when courses have one, will word both). */
#define DOC_LANG ck_lang_english()
#define SNAPSHOT_TRIES 5
#define MAX_INTERVALS 64 /* per person and day; more are counted, not listed */

/* ---- the records a report is made of, read as one state ---- */

typedef struct rday {
    ck_interval iv[MAX_INTERVALS];
    size_t n;
} rday;

typedef struct rperson {
    const ck_status *st;
    const ck_event_rec *evs; /* this person's events, in the rules' order */
    size_t nevs;
    rday *days; /* c->ndays of them */
    const ck_acceptance_rec *decision;
    const ck_cert_rec *cert; /* the newest certificate not revoked, or NULL */
} rperson;

typedef struct model {
    const ck_course_rec *c;
    ck_day days[CK_COURSE_MAX_DAYS];
    ck_status *st;
    size_t n;
    ck_event_rec *evs;
    size_t nevs;
    ck_acceptance_rec *dec;
    size_t ndec;
    ck_cert_rec *certs;
    size_t ncerts;
    rperson *p;
    ck_chain_head head;
    int64_t now;
} model;

static void model_free(model *m)
{
    if (m->p)
        for (size_t i = 0; i < m->n; i++)
            free(m->p[i].days);
    free(m->p);
    ck_status_list_free(m->st, m->n);
    free(m->evs);
    free(m->dec);
    ck_cert_list_free(m->certs, m->ncerts);
    memset(m, 0, sizeof *m);
}

/* Read everything once; again when another process wrote meanwhile (PRAGMA data_version), so
 * the status, the events and the chain head printed with them are one state of the file. */
static ck_rc read_state(ck_app *app, model *m, ck_err *err)
{
    ck_rc rc = CK_OK;
    for (int tries = 0; tries < SNAPSHOT_TRIES; tries++) {
        int64_t before = 0, after = 0;
        model_free(m);
        if ((rc = ck_app_course(app, &m->c, err)) ||
            (rc = ck_store_data_version(app->store, &before, err)) ||
            (rc = ck_app_chain_head(app, &m->head, err)) ||
            (rc = ck_app_status(app, &m->st, &m->n, err)) ||
            (rc = ck_store_begin_read(app->store, err)))
            return rc;
        if ((rc = ck_store_event_records_course(app->store, m->c->id, &m->evs, &m->nevs, err)) ||
            (rc =
                 ck_store_acceptance_latest_course(app->store, m->c->id, &m->dec, &m->ndec, err)) ||
            (rc = ck_store_cert_list(app->store, m->c->id, &m->certs, &m->ncerts, err))) {
            ck_store_rollback(app->store);
            return rc;
        }
        ck_store_rollback(app->store);
        if ((rc = ck_store_data_version(app->store, &after, err)))
            return rc;
        if (before == after)
            return CK_OK;
    }
    return ck_err_set(err, CK_EBUSY,
                      "the records kept changing while the report was read (%d tries); try "
                      "again when fewer people are checking in",
                      SNAPSHOT_TRIES);
}

static int cmp_event_rec(const void *a, const void *b)
{
    int64_t x = ((const ck_event_rec *)a)->attendee_id, y = ((const ck_event_rec *)b)->attendee_id;
    return (x > y) - (x < y);
}

static int cmp_decision(const void *a, const void *b)
{
    int64_t x = ((const ck_acceptance_rec *)a)->attendee_id;
    int64_t y = ((const ck_acceptance_rec *)b)->attendee_id;
    return (x > y) - (x < y);
}

/* Everyone's events, intervals per day, decision and certificate. */
static ck_rc load_model(ck_app *app, model *m, ck_err *err)
{
    ck_rc rc = read_state(app, m, err);
    if (rc)
        return rc;
    const ck_course_rec *c = m->c;
    m->now = ck_app_now(app);
    for (size_t d = 0; d < c->ndays; d++)
        ck_tz_day(&c->days[d], &m->days[d]);
    m->p = calloc(m->n ? m->n : 1, sizeof *m->p);
    ck_event *evs = malloc((m->nevs ? m->nevs : 1) * sizeof *evs);
    if (!m->p || !evs) {
        free(evs);
        return ck_err_set(err, CK_ENOMEM, "out of memory making the report");
    }
    for (size_t i = 0; i < m->n; i++) {
        rperson *p = &m->p[i];
        int64_t id = m->st[i].person.id;
        p->st = &m->st[i];
        ck_event_rec key = {.attendee_id = id};
        const ck_event_rec *hit =
            m->nevs ? bsearch(&key, m->evs, m->nevs, sizeof *m->evs, cmp_event_rec) : NULL;
        if (hit) {
            while (hit > m->evs && hit[-1].attendee_id == id)
                hit--;
            p->evs = hit;
            while (hit < m->evs + m->nevs && hit->attendee_id == id)
                hit++;
            p->nevs = (size_t)(hit - p->evs);
        }
        for (size_t k = 0; k < p->nevs; k++)
            evs[k] = p->evs[k].ev;
        if (!(p->days = calloc(c->ndays ? c->ndays : 1, sizeof *p->days))) {
            free(evs);
            return ck_err_set(err, CK_ENOMEM, "out of memory making the report");
        }
        for (size_t d = 0; d < c->ndays; d++)
            if (!ck_attend_intervals(p->days[d].iv, MAX_INTERVALS, &p->days[d].n, evs, p->nevs,
                                     m->days[d].date)) {
                free(evs);
                return ck_err_set(err, CK_ENOMEM, "out of memory making the report");
            }
        ck_acceptance_rec dkey = {.attendee_id = id};
        p->decision =
            m->ndec ? bsearch(&dkey, m->dec, m->ndec, sizeof *m->dec, cmp_decision) : NULL;
        for (size_t k = 0; k < m->ncerts && !p->cert; k++) /* newest first */
            if (m->certs[k].attendee_id == id && !m->certs[k].revoked_at)
                p->cert = &m->certs[k];
    }
    free(evs);
    return CK_OK;
}

/* The event with this id among a person's, or NULL. */
static const ck_event_rec *event_of(const rperson *p, int64_t id)
{
    for (size_t i = 0; i < p->nevs; i++)
        if (p->evs[i].ev.id == id)
            return &p->evs[i];
    return NULL;
}

/* Which day an event belongs to (a void: the day of what it undid); -1 for none. */
static int day_of(const model *m, const rperson *p, const ck_event_rec *e)
{
    int64_t at = e->ev.at;
    if (e->ev.kind == CK_EVENT_VOID) {
        const ck_event_rec *t = event_of(p, e->ev.target);
        if (!t)
            return -1;
        at = t->ev.at;
    }
    for (size_t d = 0; d < m->c->ndays; d++)
        if (at >= m->days[d].date.start && at < m->days[d].date.end)
            return (int)d;
    return -1;
}

static void local_time(int64_t t, ck_local_time *out)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    *out = (ck_local_time){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                           tm.tm_hour,        tm.tm_min,     tm.tm_sec > 59 ? 59 : tm.tm_sec};
}

static const char *yes_no(bool v)
{
    return v ? "yes" : "no";
}

/* ---- writing a report where it was asked to go ---- */

void ck_report_result_clear(ck_report_result *r)
{
    if (!r)
        return;
    free(r->data);
    memset(r, 0, sizeof *r);
}

/* The finished bytes: kept in the result for "-", else written (mode 0600: the reports hold
 * people's names and addresses) to the path asked for or reports/<name> beside the database. */
static ck_rc emit(ck_app *app, const ck_report_opts *o, const char *name, const unsigned char *data,
                  size_t len, const char *what, ck_report_result *out, ck_err *err)
{
    if (o && o->out && strcmp(o->out, "-") == 0) {
        out->data = malloc(len ? len : 1);
        if (!out->data)
            return ck_err_set(err, CK_ENOMEM, "out of memory keeping the %s", what);
        memcpy(out->data, data, len);
        out->size = len;
        return CK_OK;
    }
    if (o && o->out && *o->out) {
        snprintf(out->path, sizeof out->path, "%s", o->out);
    } else {
        char dir[4096];
        ck_app_beside_db(app, "reports", dir, sizeof dir);
        ck_rc rc = ck_app_make_dir(dir, err);
        if (rc)
            return rc;
        snprintf(out->path, sizeof out->path, "%s/%s", dir, name);
    }
    out->size = len;
    return ck_file_write(out->path, data, len, 0600, what, err);
}

/* ---- the register ---- */

/* The words of one register: every string the PDF shows, owned here. */
typedef struct strings {
    char **s;
    size_t n, cap;
    bool failed;
} strings;

static const char *keep(strings *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *keep(strings *w, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *copy = strdup(buf);
    if (!copy || !ck_array_reserve(&w->s, &w->cap, w->n + 1, sizeof *w->s)) {
        free(copy);
        w->failed = true;
        return "";
    }
    w->s[w->n++] = copy;
    return copy;
}

static void strings_free(strings *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->s[i]);
    free(w->s);
    memset(w, 0, sizeof *w);
}

/* A trainer's correction on a day, as a note; its number for the marks. */
typedef struct mark {
    int64_t event;
    int number;
} mark;

static int mark_of(const mark *marks, size_t n, int64_t event)
{
    for (size_t i = 0; i < n; i++)
        if (marks[i].event == event)
            return marks[i].number;
    return 0;
}

/* The note for one trainer event, one literal sentence per kind. */
static const char *note_of(strings *w, int number, const rperson *p, const ck_event_rec *e)
{
    char at[6], when[17];
    ck_tz_datetime(e->recorded_at, when);
    const char *name = p->st->person.name;
    if (e->ev.kind == CK_EVENT_VOID) {
        const ck_event_rec *t = event_of(p, e->ev.target);
        ck_tz_hm(t ? t->ev.at : 0, at);
        if (t && t->ev.kind == CK_EVENT_OUT)
            return keep(w, "[%d] %s: the check-out at %s was cancelled by the trainer on %s: %s",
                        number, name, at, when, e->reason);
        return keep(w, "[%d] %s: the check-in at %s was cancelled by the trainer on %s: %s", number,
                    name, at, when, e->reason);
    }
    ck_tz_hm(e->ev.at, at);
    if (e->ev.kind == CK_EVENT_OUT)
        return keep(w, "[%d] %s: check-out at %s recorded by the trainer on %s: %s", number, name,
                    at, when, e->reason);
    return keep(w, "[%d] %s: check-in at %s recorded by the trainer on %s: %s", number, name, at,
                when, e->reason);
}

/* "08:55–12:30, 13:15 [2]–17:02" */
static const char *intervals_text(strings *w, const rday *d, const mark *marks, size_t nmarks)
{
    char buf[2048] = "";
    size_t used = 0;
    if (d->n == 0)
        return "—";
    for (size_t i = 0; i < d->n && i < MAX_INTERVALS && used < sizeof buf - 64; i++) {
        const ck_interval *iv = &d->iv[i];
        char in[6], out[6], min[16] = "", mout[16] = "";
        ck_tz_hm(iv->in_at, in);
        int a = mark_of(marks, nmarks, iv->in_id), b = mark_of(marks, nmarks, iv->out_id);
        if (a)
            snprintf(min, sizeof min, " [%d]", a);
        if (b)
            snprintf(mout, sizeof mout, " [%d]", b);
        if (iv->out_id) {
            ck_tz_hm(iv->out_at, out);
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s%s–%s%s", i ? ", " : "",
                                     in, min, out, mout);
        } else {
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s%s–open", i ? ", " : "",
                                     in, min);
        }
    }
    if (d->n > MAX_INTERVALS)
        return keep(w, "%s, and %zu more", buf, d->n - MAX_INTERVALS);
    return keep(w, "%s", buf);
}

static const ck_reg_column DAY_COLS[] = {
    {"#", 0.6, true, false},         {"Name", 3.45, false, true},
    {"In – out", 4.2, false, false}, {"Present", 1.35, true, false},
    {"Required", 1.35, true, false}, {"Complete", 1.1, false, false},
};
#define NDAY_COLS (sizeof DAY_COLS / sizeof DAY_COLS[0])

static const ck_reg_column SUM_COLS[] = {
    {"#", 0.6, true, false},          {"Name", 2.75, false, true},
    {"License", 1.95, false, false},  {"Language", 1.2, false, false},
    {"Accepted", 1.95, false, false}, {"Days complete", 1.1, true, false},
    {"Eligible", 0.9, false, false},  {"Certificate", 1.95, false, false},
};
#define NSUM_COLS (sizeof SUM_COLS / sizeof SUM_COLS[0])

/* One day's table and the notes for the trainer's corrections on that day. */
static ck_rc day_section(const model *m, size_t d, strings *w, ck_reg_section *sec,
                         const char ***cells_out, const char ***notes_out, ck_err *err)
{
    const ck_course_rec *c = m->c;
    const ck_course_day_rec *day = &c->days[d];
    size_t ncells = m->n * NDAY_COLS, nnotes = 0, cap = 0;
    const char **cells = calloc(ncells ? ncells : 1, sizeof *cells);
    const char **notes = NULL;
    mark *marks = NULL;
    size_t nmarks = 0, mcap = 0;
    if (!cells)
        return ck_err_set(err, CK_ENOMEM, "out of memory making the register");
    char human[64], hm1[6], hm2[6], req[32];
    ck_tz_human_date(day->date, human, sizeof human);
    ck_tz_hm(m->days[d].window.start, hm1);
    ck_tz_hm(m->days[d].window.end, hm2);
    ck_lang_minutes(DOC_LANG, ck_attend_required_minutes(&m->days[d]), req, sizeof req);
    char breaks[256] = "";
    for (size_t b = 0, used = 0; b < day->nbreaks && used < sizeof breaks; b++) {
        char b1[6], b2[6];
        ck_tz_hm(m->days[d].breaks[b].start, b1);
        ck_tz_hm(m->days[d].breaks[b].end, b2);
        used +=
            (size_t)snprintf(breaks + used, sizeof breaks - used, "%s%s–%s", b ? ", " : "", b1, b2);
    }
    sec->heading = keep(w, "Day %zu · %s", d + 1, human);
    sec->heading_continued = keep(w, "Day %zu · %s, continued", d + 1, human);
    sec->detail = *breaks
                      ? keep(w, "%s–%s, breaks %s · required %s per person", hm1, hm2, breaks, req)
                      : keep(w, "%s–%s · required %s per person", hm1, hm2, req);
    for (size_t i = 0; i < m->n; i++) {
        const rperson *p = &m->p[i];
        /* The trainer's corrections on this day, numbered for the marks. */
        char name_marks[128] = "";
        for (size_t k = 0; k < p->nevs; k++) {
            const ck_event_rec *e = &p->evs[k];
            if (e->source != CK_SOURCE_TRAINER || day_of(m, p, e) != (int)d)
                continue;
            int number = (int)nnotes + 1;
            if (!ck_array_reserve(&notes, &cap, nnotes + 1, sizeof *notes) ||
                !ck_array_reserve(&marks, &mcap, nmarks + 1, sizeof *marks)) {
                free(cells);
                free(notes);
                free(marks);
                return ck_err_set(err, CK_ENOMEM, "out of memory making the register");
            }
            notes[nnotes++] = note_of(w, number, p, e);
            marks[nmarks++] = (mark){e->ev.id, number};
            if (e->ev.kind == CK_EVENT_VOID) { /* no interval shows it: the name carries it */
                size_t used = strlen(name_marks);
                snprintf(name_marks + used, sizeof name_marks - used, " [%d]", number);
            }
        }
        const ck_day_result *r = &p->st->days[d].result;
        char present[32], required[32];
        ck_lang_minutes(DOC_LANG, r->present_minutes, present, sizeof present);
        ck_lang_minutes(DOC_LANG, r->required_minutes, required, sizeof required);
        const char **row = cells + i * NDAY_COLS;
        row[0] = keep(w, "%zu", i + 1);
        row[1] = keep(w, "%s%s", p->st->person.name, name_marks);
        row[2] = intervals_text(w, &p->days[d], marks, nmarks);
        row[3] = keep(w, "%s", present);
        row[4] = keep(w, "%s", required);
        row[5] = r->complete ? "yes" : r->open ? "no (open)" : "no";
    }
    free(marks);
    sec->ncols = NDAY_COLS;
    sec->cols = DAY_COLS;
    sec->nrows = m->n;
    sec->cells = cells;
    sec->notes_heading = "Corrections by the trainer";
    sec->nnotes = nnotes;
    sec->notes = notes;
    *cells_out = cells;
    *notes_out = notes;
    return CK_OK;
}

static ck_rc summary_section(const model *m, strings *w, ck_reg_section *sec, const char ***out,
                             ck_err *err)
{
    size_t ncells = m->n * NSUM_COLS;
    const char **cells = calloc(ncells ? ncells : 1, sizeof *cells);
    if (!cells)
        return ck_err_set(err, CK_ENOMEM, "out of memory making the register");
    size_t eligible = 0;
    for (size_t i = 0; i < m->n; i++) {
        const rperson *p = &m->p[i];
        const ck_status *st = p->st;
        const char **row = cells + i * NSUM_COLS;
        size_t complete = 0;
        for (size_t d = 0; d < st->ndays; d++)
            complete += st->days[d].result.complete;
        eligible += st->eligible;
        row[0] = keep(w, "%zu", i + 1);
        row[1] = keep(w, "%s", st->person.name);
        if (!p->decision)
            row[2] = "not accepted";
        else if (p->decision->decision == CK_DECISION_DECLINE)
            row[2] = keep(w, "version %d declined", p->decision->version);
        else if (!st->license_accepted)
            row[2] = keep(w, "version %d accepted, not current", p->decision->version);
        else
            row[2] = keep(w, "version %d accepted", p->decision->version);
        /* The language of the text the person read and decided on, by its own name. */
        const ck_lang *read = p->decision ? ck_lang_find(p->decision->lang) : NULL;
        row[3] = read ? ck_lang_name(read) : "—";
        char when[17] = "—";
        if (p->decision)
            ck_tz_datetime(p->decision->at, when);
        row[4] = keep(w, "%s", when);
        row[5] = keep(w, "%zu of %zu", complete, st->ndays);
        row[6] = yes_no(st->eligible);
        row[7] = p->cert ? keep(w, "%s", p->cert->id) : "—";
    }
    sec->heading = keep(w, "Summary: %zu of %zu eligible", eligible, m->n);
    sec->heading_continued = keep(w, "Summary, continued");
    sec->detail = "License version and when it was accepted, days complete, eligible, and the "
                  "certificate issued.";
    sec->ncols = NSUM_COLS;
    sec->cols = SUM_COLS;
    sec->nrows = m->n;
    sec->cells = cells;
    *out = cells;
    return CK_OK;
}

ck_rc ck_app_report_register(ck_app *app, const ck_report_opts *opts, ck_report_result *out,
                             ck_err *err)
{
    model m = {0};
    strings w = {0};
    ck_reg_section secs[CK_COURSE_MAX_DAYS + 1];
    const char **cells[CK_COURSE_MAX_DAYS + 1] = {0}, **notes[CK_COURSE_MAX_DAYS + 1] = {0};
    const ck_pdf_fonts *fonts;
    ck_register_pdf_result res = {0};
    memset(out, 0, sizeof *out);
    memset(secs, 0, sizeof secs);
    ck_rc rc = load_model(app, &m, err);
    if (rc || (rc = ck_app_fonts(app, &fonts, err)))
        goto done;
    const ck_course_rec *c = m.c;
    size_t nsec = 0;
    for (size_t d = 0; d < c->ndays && rc == CK_OK; d++, nsec++)
        rc = day_section(&m, d, &w, &secs[nsec], &cells[nsec], &notes[nsec], err);
    if (rc == CK_OK)
        rc = summary_section(&m, &w, &secs[nsec], &cells[nsec], err);
    if (rc)
        goto done;
    nsec++;
    char dates[160];
    ck_app_course_dates(c, dates, sizeof dates);
    ck_register_pdf reg = {
        .title = "Attendance register",
        .course_line = c->title,
        .detail_line = *c->location
                           ? keep(&w, "%s · %s · trainer %s", dates, c->location, c->trainer)
                           : keep(&w, "%s · trainer %s", dates, c->trainer),
        .nsections = nsec,
        .sections = secs,
        .closing = "I confirm that this register shows the attendance recorded at this course.",
        .signature_label = keep(&w, "Signature of the trainer, %s", c->trainer),
        .date_label = "Date",
        .footer = keep(&w, "Course %s · chain head: entry %lld of station %s, SHA-256 %s", c->uid,
                       (long long)m.head.seq, m.head.origin, m.head.hash),
        .letter = opts && opts->letter,
        .fonts = fonts,
        .meta_title = keep(&w, "Attendance register: %s", c->title),
        .meta_author = c->trainer,
        .meta_subject = c->title,
        .meta_keywords = "attendance register, classkiosk",
        .created = (time_t)m.now,
    };
    if (w.failed) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory making the register");
        goto done;
    }
    if ((rc = ck_register_pdf_render(&res, &reg, err)))
        goto done;
    char name[64];
    snprintf(name, sizeof name, "register-%lld.pdf", (long long)c->id);
    if ((rc = emit(app, opts, name, res.pdf, res.size, "attendance register", out, err)))
        goto done;
    out->rows = m.n;
    out->pages = res.pages;
    out->head = m.head;
done:
    for (size_t i = 0; i < CK_COURSE_MAX_DAYS + 1; i++) {
        free(cells[i]);
        free(notes[i]);
    }
    ck_register_pdf_result_clear(&res);
    strings_free(&w);
    model_free(&m);
    return rc;
}

/* ---- exports ---- */

/* The first check-in and the last check-out of a day, when there are. */
static void first_last(const rday *d, int64_t *first, int64_t *last)
{
    *first = d->n ? d->iv[0].in_at : 0;
    *last = 0;
    for (size_t i = 0; i < d->n && i < MAX_INTERVALS; i++)
        if (d->iv[i].out_id)
            *last = d->iv[i].out_at;
}

static void set_moment(ck_cell *cell, int64_t t)
{
    ck_local_time lt;
    if (!t)
        return;
    local_time(t, &lt);
    ck_cell_set_time(cell, CK_CELL_DATETIME, &lt);
}

/* Everyone's row: name, e-mail, per day five columns, then license, eligibility, reasons,
 * certificate. */
static ck_rc summary_table(const model *m, ck_table *t, ck_err *err)
{
    const ck_course_rec *c = m->c;
    const char *fixed_front[] = {"Name", "E-mail"};
    const char *fixed_back[] = {"License version", "License accepted", "Accepted at",
                                "Eligible",        "Reasons",          "Certificate"};
    size_t nfront = 2, nback = 6, ncols = nfront + 5 * c->ndays + nback;
    char(*heads)[48] = calloc(ncols, sizeof *heads);
    const char **names = calloc(ncols, sizeof *names);
    if (!heads || !names) {
        free(heads);
        free(names);
        return ck_err_set(err, CK_ENOMEM, "out of memory making the export");
    }
    size_t k = 0;
    for (size_t i = 0; i < nfront; i++)
        names[k++] = fixed_front[i];
    for (size_t d = 0; d < c->ndays; d++) {
        snprintf(heads[k], sizeof heads[k], "Day %zu first in", d + 1);
        names[k] = heads[k], k++;
        snprintf(heads[k], sizeof heads[k], "Day %zu last out", d + 1);
        names[k] = heads[k], k++;
        snprintf(heads[k], sizeof heads[k], "Day %zu present (min)", d + 1);
        names[k] = heads[k], k++;
        snprintf(heads[k], sizeof heads[k], "Day %zu required (min)", d + 1);
        names[k] = heads[k], k++;
        snprintf(heads[k], sizeof heads[k], "Day %zu complete", d + 1);
        names[k] = heads[k], k++;
    }
    for (size_t i = 0; i < nback; i++)
        names[k++] = fixed_back[i];
    ck_rc rc = ck_table_init(t, "Summary", names, ncols, err);
    free(heads);
    free(names);
    for (size_t i = 0; i < m->n && rc == CK_OK; i++) {
        const rperson *p = &m->p[i];
        const ck_status *st = p->st;
        ck_cell *row;
        if ((rc = ck_table_add_row(t, &row, err)) ||
            (rc = ck_cell_set_text(&row[0], st->person.name, err)) ||
            (rc = ck_cell_set_text(&row[1], st->person.email, err)))
            break;
        size_t at = 2;
        for (size_t d = 0; d < c->ndays; d++, at += 5) {
            int64_t first, last;
            first_last(&p->days[d], &first, &last);
            set_moment(&row[at], first);
            set_moment(&row[at + 1], last);
            ck_cell_set_int(&row[at + 2], st->days[d].result.present_minutes);
            ck_cell_set_int(&row[at + 3], st->days[d].result.required_minutes);
            ck_cell_set_bool(&row[at + 4], st->days[d].result.complete);
        }
        if (st->license_version)
            ck_cell_set_int(&row[at], st->license_version);
        ck_cell_set_bool(&row[at + 1], st->license_accepted);
        if (p->decision && p->decision->decision == CK_DECISION_ACCEPT)
            set_moment(&row[at + 2], p->decision->at);
        ck_cell_set_bool(&row[at + 3], st->eligible);
        char reasons[2048] = "", one[1024];
        for (size_t r = 0, used = 0; r < st->nreasons && used < sizeof reasons; r++)
            used += (size_t)snprintf(reasons + used, sizeof reasons - used, "%s%s", r ? "; " : "",
                                     ck_msg_word(&st->reasons[r], DOC_LANG, one, sizeof one));
        if ((rc = ck_cell_set_text(&row[at + 4], reasons, err)))
            break;
        if (p->cert && (rc = ck_cell_set_text(&row[at + 5], p->cert->id, err)))
            break;
    }
    return rc;
}

/* One day: every interval of everyone, with who recorded each end and why. */
static ck_rc day_table(const model *m, size_t d, ck_table *t, ck_err *err)
{
    static const char *const heads[] = {
        "Name",           "E-mail",          "In",     "Out", "Length (min)",
        "In recorded by", "Out recorded by", "Reasons"};
    char name[32];
    snprintf(name, sizeof name, "Day %zu %s", d + 1, m->c->days[d].date);
    ck_rc rc = ck_table_init(t, name, heads, sizeof heads / sizeof heads[0], err);
    for (size_t i = 0; i < m->n && rc == CK_OK; i++) {
        const rperson *p = &m->p[i];
        const rday *day = &p->days[d];
        for (size_t k = 0; k < day->n && k < MAX_INTERVALS && rc == CK_OK; k++) {
            const ck_interval *iv = &day->iv[k];
            const ck_event_rec *in = event_of(p, iv->in_id);
            const ck_event_rec *outv = iv->out_id ? event_of(p, iv->out_id) : NULL;
            ck_cell *row;
            if ((rc = ck_table_add_row(t, &row, err)) ||
                (rc = ck_cell_set_text(&row[0], p->st->person.name, err)) ||
                (rc = ck_cell_set_text(&row[1], p->st->person.email, err)))
                break;
            set_moment(&row[2], iv->in_at);
            if (outv) {
                set_moment(&row[3], iv->out_at);
                ck_cell_set_int(&row[4], (iv->out_at - iv->in_at) / 60);
            }
            char reasons[1100] = "";
            if (in && *in->reason && outv && *outv->reason)
                snprintf(reasons, sizeof reasons, "%s; %s", in->reason, outv->reason);
            else if (in && *in->reason)
                snprintf(reasons, sizeof reasons, "%s", in->reason);
            else if (outv && *outv->reason)
                snprintf(reasons, sizeof reasons, "%s", outv->reason);
            if ((rc = ck_cell_set_text(&row[5], in ? ck_source_name(in->source) : "", err)) ||
                (rc = ck_cell_set_text(&row[6], outv ? ck_source_name(outv->source) : NULL, err)) ||
                (rc = ck_cell_set_text(&row[7], *reasons ? reasons : NULL, err)))
                break;
        }
    }
    return rc;
}

/* The tables as the file asked for: CSV of the first, or a workbook of all. */
static ck_rc write_tables(ck_app *app, const ck_report_opts *o, const model *m, const char *stem,
                          const char *title, ck_table *tables, size_t n, ck_report_result *out,
                          ck_err *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    ck_rc rc;
    char name[96];
    bool xlsx = o && o->format == CK_REPORT_XLSX;
    if (xlsx) {
        ck_xlsx_meta meta = {.title = title,
                             .author = m->c->trainer,
                             .subject = m->c->title,
                             .created = (time_t)m->now};
        rc = ck_xlsx_write(&data, &len, tables, n, &meta, err);
    } else {
        rc = ck_table_csv((char **)&data, &len, &tables[0], o && o->bom, err);
    }
    snprintf(name, sizeof name, "%s-%lld.%s", stem, (long long)m->c->id, xlsx ? "xlsx" : "csv");
    if (rc == CK_OK)
        rc = emit(app, o, name, data, len, xlsx ? "workbook" : "CSV file", out, err);
    free(data);
    return rc;
}

ck_rc ck_app_report_export(ck_app *app, const ck_report_opts *opts, ck_report_result *out,
                           ck_err *err)
{
    model m = {0};
    ck_table tables[CK_COURSE_MAX_DAYS + 1];
    size_t ntables = 0;
    memset(out, 0, sizeof *out);
    memset(tables, 0, sizeof tables);
    ck_rc rc = load_model(app, &m, err);
    if (rc == CK_OK && (rc = summary_table(&m, &tables[0], err)) == CK_OK)
        ntables = 1;
    bool xlsx = opts && opts->format == CK_REPORT_XLSX;
    for (size_t d = 0; rc == CK_OK && xlsx && d < m.c->ndays; d++)
        if ((rc = day_table(&m, d, &tables[ntables], err)) == CK_OK)
            ntables++;
    if (rc == CK_OK)
        rc = write_tables(app, opts, &m, "attendance", "Attendance", tables, ntables, out, err);
    if (rc == CK_OK)
        out->rows = m.n;
    for (size_t i = 0; i < CK_COURSE_MAX_DAYS + 1; i++)
        ck_table_clear(&tables[i]);
    model_free(&m);
    return rc;
}

/* ---- the list for the certification body ---- */

/* First and last name: the roster's when it had them apart, else the name split before its
 * last word ("Zoë Ångström-Núñez" → "Zoë", "Ångström-Núñez"); a single word is a first name. */
static void split_name(const ck_attendee_rec *a, char *first, char *last, size_t n)
{
    if (*a->given || *a->family) {
        snprintf(first, n, "%s", a->given);
        snprintf(last, n, "%s", a->family);
        return;
    }
    const char *space = strrchr(a->name, ' ');
    if (!space) {
        snprintf(first, n, "%s", a->name);
        last[0] = '\0';
        return;
    }
    snprintf(first, n, "%.*s", (int)(space - a->name), a->name);
    snprintf(last, n, "%s", space + 1);
}

ck_rc ck_app_report_completed(ck_app *app, const ck_report_opts *opts, ck_report_result *out,
                              ck_err *err)
{
    static const char *const heads[] = {"First name",     "Last name",  "E-mail",        "Course",
                                        "Start date",     "End date",   "Contact hours", "Trainer",
                                        "Certificate ID", "Verify link"};
    model m = {0};
    ck_table t = {0};
    memset(out, 0, sizeof *out);
    ck_rc rc = load_model(app, &m, err);
    if (rc == CK_OK)
        rc = ck_table_init(&t, "Completed", heads, sizeof heads / sizeof heads[0], err);
    const ck_course_rec *c = m.c;
    ck_local_time start = {0}, end = {0};
    if (rc == CK_OK && c->ndays) {
        sscanf(c->days[0].date, "%d-%d-%d", &start.year, &start.month, &start.day);
        sscanf(c->days[c->ndays - 1].date, "%d-%d-%d", &end.year, &end.month, &end.day);
    }
    for (size_t i = 0; i < m.n && rc == CK_OK; i++) {
        const rperson *p = &m.p[i];
        if (!p->st->eligible)
            continue;
        char first[CK_TEXT_MAX], last[CK_TEXT_MAX], *link = NULL, url[CK_TEXT_MAX] = "";
        split_name(&p->st->person, first, last, sizeof first);
        ck_cell *row;
        if ((rc = ck_table_add_row(&t, &row, err)) ||
            (rc = ck_cell_set_text(&row[0], first, err)) ||
            (rc = ck_cell_set_text(&row[1], last, err)) ||
            (rc = ck_cell_set_text(&row[2], p->st->person.email, err)) ||
            (rc = ck_cell_set_text(&row[3], c->title, err)) ||
            (rc = ck_cell_set_text(&row[7], c->trainer, err)))
            break;
        ck_cell_set_time(&row[4], CK_CELL_DATE, &start);
        ck_cell_set_time(&row[5], CK_CELL_DATE, &end);
        ck_cell_set_number(&row[6], c->hours);
        out->rows++;
        if (!p->cert) {
            out->uncertified++;
            continue;
        }
        ck_app_config_get(app, "verify-url", url, sizeof url, NULL);
        if ((rc = ck_cell_set_text(&row[8], p->cert->id, err)))
            break;
        /* A link only where there is a page to open: without verify-url the code is no URL. */
        if (*url && (rc = ck_app_cert_qr_text(app, p->cert->token, &link, err)) == CK_OK)
            rc = ck_cell_set_text(&row[9], link, err);
        free(link);
    }
    size_t rows = out->rows, uncertified = out->uncertified;
    if (rc == CK_OK)
        rc = write_tables(app, opts, &m, "completed", "Completed", &t, 1, out, err);
    out->rows = rows;
    out->uncertified = uncertified;
    ck_table_clear(&t);
    model_free(&m);
    return rc;
}
