/* Courses and their days and breaks. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

json_t *ck_body_course(const ck_course_rec *c)
{
    json_t *days = json_array();
    for (size_t d = 0; days && d < c->ndays; d++) {
        const ck_course_day_rec *day = &c->days[d];
        json_t *breaks = json_array();
        for (size_t b = 0; breaks && b < day->nbreaks; b++)
            json_array_append_new(
                breaks, json_pack("[i, i]", day->breaks[b].start_min, day->breaks[b].end_min));
        json_array_append_new(days, json_pack("{s:i, s:s, s:i, s:i, s:o}", "day", day->day_no,
                                              "date", day->date, "start", day->window.start_min,
                                              "end", day->window.end_min, "breaks", breaks));
    }
    json_t *body =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:i, s:o, s:s}", "title", c->title, "trainer",
                  c->trainer, "credential", c->credential, "location", c->location, "printer",
                  c->printer, "contact_hours", c->hours, "tolerance_min", c->tolerance_min, "days",
                  days, "lang", *c->lang ? c->lang : "en");
    /* Only a course that has a room says so: older entries have no room at all. */
    if (body && *c->room && json_object_set_new(body, "room", json_string(c->room)) != 0) {
        json_decref(body);
        return NULL;
    }
    return body;
}

/* One day of a course entry, with its breaks, into the tables. */
static ck_rc mat_day(ck_store *st, int64_t course, json_t *day, ck_body *b, ck_err *err)
{
    const char *doing = N_("saving the course");
    ck_body d = {.obj = day, .e = b->e, .err = err};
    int day_no = (int)ck_body_int(&d, "day");
    const char *date = ck_body_str(&d, "date");
    int start = (int)ck_body_int(&d, "start"), end = (int)ck_body_int(&d, "end");
    json_t *breaks = json_object_get(day, "breaks");
    if (!d.rc && !json_is_array(breaks))
        ck_body_int(&d, "breaks"); /* says it is missing */
    if (d.rc)
        return b->rc = d.rc;
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO course_day (course_id, day_no, date, start_min,"
                                " end_min) VALUES (?, ?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course);
    sqlite3_bind_int(s, 2, day_no);
    ck_store_bind_text(s, 3, date);
    sqlite3_bind_int(s, 4, start);
    sqlite3_bind_int(s, 5, end);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    size_t i;
    json_t *span;
    json_array_foreach(breaks, i, span)
    {
        if (!json_is_integer(json_array_get(span, 0)) || !json_is_integer(json_array_get(span, 1)))
            return ck_err_set(err, CK_EDB,
                              "entry %lld of chain %.8s (a course) cannot be replayed: a break "
                              "of day %d is not two times",
                              (long long)b->e->seq, b->e->origin, day_no);
        if ((rc = ck_store_prepare(st, &s,
                                   "INSERT INTO course_break (course_id, day_no, start_min,"
                                   " end_min) VALUES (?, ?, ?, ?)",
                                   doing, err)))
            return rc;
        sqlite3_bind_int64(s, 1, course);
        sqlite3_bind_int(s, 2, day_no);
        sqlite3_bind_int64(s, 3, json_integer_value(json_array_get(span, 0)));
        sqlite3_bind_int64(s, 4, json_integer_value(json_array_get(span, 1)));
        if ((rc = ck_store_exec_stmt(st, s, doing, err)))
            return rc;
    }
    return CK_OK;
}

ck_rc ck_mat_course(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                    ck_err *err)
{
    const char *doing = N_("saving the course");
    const char *title = ck_body_str(b, "title"), *trainer = ck_body_str(b, "trainer");
    const char *credential = ck_body_str(b, "credential"), *location = ck_body_str(b, "location");
    const char *printer = ck_body_str(b, "printer"), *room = ck_body_str_opt(b, "room");
    const char *lang = ck_body_str_opt(b, "lang");
    double hours = ck_body_real(b, "contact_hours");
    int64_t tolerance = ck_body_int(b, "tolerance_min");
    json_t *days = json_object_get(b->obj, "days");
    if (!b->rc && !json_is_array(days))
        ck_body_int(b, "days"); /* says it is missing */
    if (b->rc)
        return b->rc;
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO course (uid, title, trainer, credential, location,"
                                " printer, contact_hours, tolerance_min, created_at, room, lang)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    ck_store_bind_text(s, 2, title);
    ck_store_bind_text(s, 3, trainer);
    ck_store_bind_text(s, 4, credential);
    ck_store_bind_text(s, 5, location);
    ck_store_bind_text(s, 6, printer);
    sqlite3_bind_double(s, 7, hours);
    sqlite3_bind_int64(s, 8, tolerance);
    sqlite3_bind_int64(s, 9, e->at);
    ck_store_bind_text(s, 10, room);
    ck_store_bind_text(s, 11, lang ? lang : "en"); /* entries from before languages */
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    size_t i;
    json_t *day;
    json_array_foreach(days, i, day)
    {
        if ((rc = mat_day(st, *row_id, day, b, err)))
            return rc;
    }
    return CK_OK;
}

ck_rc ck_store_course_insert(ck_store *st, ck_course_rec *in, ck_err *err)
{
    ck_store_new_uid(in->uid);
    json_t *body = ck_body_course(in);
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory saving the course");
    return ck_ledger_record(st, "course", in->uid, in->created_at, body, &in->id, err);
}

static void read_course_row(sqlite3_stmt *s, ck_course_rec *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(s, 0);
    ck_store_col_text(s, 1, out->uid, sizeof out->uid);
    ck_store_col_text(s, 2, out->title, sizeof out->title);
    ck_store_col_text(s, 3, out->trainer, sizeof out->trainer);
    ck_store_col_text(s, 4, out->credential, sizeof out->credential);
    ck_store_col_text(s, 5, out->location, sizeof out->location);
    ck_store_col_text(s, 6, out->printer, sizeof out->printer);
    out->hours = sqlite3_column_double(s, 7);
    out->tolerance_min = sqlite3_column_int(s, 8);
    out->created_at = sqlite3_column_int64(s, 9);
    ck_store_col_text(s, 10, out->room, sizeof out->room);
    ck_store_col_text(s, 11, out->lang, sizeof out->lang);
}

#define COURSE_COLUMNS                                                                             \
    "id, uid, title, trainer, credential, location, printer, contact_hours, tolerance_min,"        \
    " created_at, room, lang"

/* Newest first, the same on every station: by creation time, then station and place in its
 * chain (local ids follow the order courses arrived in, which differs between stations). */
#define COURSE_NEWEST                                                                              \
    " ORDER BY created_at DESC, (SELECT origin FROM ledger WHERE ledger.uid = course.uid) DESC,"   \
    " (SELECT seq FROM ledger WHERE ledger.uid = course.uid) DESC"

ck_rc ck_store_course_read_days(ck_store *st, ck_course_rec *c, ck_err *err)
{
    const char *doing = N_("reading the course days");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT day_no, date, start_min, end_min FROM course_day"
                                " WHERE course_id = ? ORDER BY day_no",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, c->id);
    int step;
    c->ndays = 0;
    while ((step = sqlite3_step(s)) == SQLITE_ROW && c->ndays < CK_COURSE_MAX_DAYS) {
        ck_course_day_rec *d = &c->days[c->ndays++];
        d->day_no = sqlite3_column_int(s, 0);
        ck_store_col_text(s, 1, d->date, sizeof d->date);
        d->window.start_min = sqlite3_column_int(s, 2);
        d->window.end_min = sqlite3_column_int(s, 3);
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    if (rc)
        return rc;

    if ((rc = ck_store_prepare(st, &s,
                               "SELECT day_no, start_min, end_min FROM course_break"
                               " WHERE course_id = ? ORDER BY day_no, start_min",
                               doing, err)))
        return rc;
    sqlite3_bind_int64(s, 1, c->id);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int day_no = sqlite3_column_int(s, 0);
        for (size_t i = 0; i < c->ndays; i++) {
            ck_course_day_rec *d = &c->days[i];
            if (d->day_no == day_no && d->nbreaks < CK_ATTEND_MAX_BREAKS)
                d->breaks[d->nbreaks++] =
                    (ck_clock_span){sqlite3_column_int(s, 1), sqlite3_column_int(s, 2)};
        }
    }
    if (step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_course_get(ck_store *st, int64_t id, ck_course_rec *out, ck_err *err)
{
    const char *doing = N_("reading the course");
    sqlite3_stmt *s = NULL;
    ck_rc rc =
        ck_store_prepare(st, &s, "SELECT " COURSE_COLUMNS " FROM course WHERE id = ?", doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        read_course_row(s, out);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "there is no course %lld; \"classkiosk course list\" shows the courses",
                        (long long)id);
    else
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    return rc ? rc : ck_store_course_read_days(st, out, err);
}

ck_rc ck_store_course_latest(ck_store *st, int64_t *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT id FROM course" COURSE_NEWEST " LIMIT 1",
                                "finding the current course", err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "there is no course yet; create one with \"classkiosk course create\"");
    else
        rc = ck_store_fail(st, err, step, "finding the current course");
    sqlite3_finalize(s);
    return rc;
}

static void course_row(sqlite3_stmt *s, void *elem)
{
    read_course_row(s, elem);
}

ck_rc ck_store_course_list(ck_store *st, ck_course_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("listing the courses");
    sqlite3_stmt *s = NULL;
    ck_rc rc =
        ck_store_prepare(st, &s, "SELECT " COURSE_COLUMNS " FROM course" COURSE_NEWEST, doing, err);
    if (rc)
        return rc;
    if ((rc = ck_store_select_all(st, s, sizeof **out, course_row, (void **)out, n, doing, err)))
        return rc;
    for (size_t i = 0; rc == CK_OK && i < *n; i++)
        rc = ck_store_course_read_days(st, &(*out)[i], err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
