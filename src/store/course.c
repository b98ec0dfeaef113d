/* Courses and their days and breaks. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

ck_rc ck_store_course_insert(ck_store *st, ck_course_rec *in, ck_err *err)
{
    const char *doing = "saving the course";
    sqlite3_stmt *s = NULL;
    ck_store_new_uid(in->uid);
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO course (uid, title, trainer, credential, location,"
                                " printer, contact_hours, tolerance_min, created_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, in->uid);
    ck_store_bind_text(s, 2, in->title);
    ck_store_bind_text(s, 3, in->trainer);
    ck_store_bind_text(s, 4, in->credential);
    ck_store_bind_text(s, 5, in->location);
    ck_store_bind_text(s, 6, in->printer);
    sqlite3_bind_double(s, 7, in->hours);
    sqlite3_bind_int(s, 8, in->tolerance_min);
    sqlite3_bind_int64(s, 9, in->created_at);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    in->id = sqlite3_last_insert_rowid(st->db);

    for (size_t d = 0; d < in->ndays; d++) {
        const ck_course_day_rec *day = &in->days[d];
        if ((rc = ck_store_prepare(st, &s,
                                   "INSERT INTO course_day (course_id, day_no, date, start_min,"
                                   " end_min) VALUES (?, ?, ?, ?, ?)",
                                   doing, err)))
            return rc;
        sqlite3_bind_int64(s, 1, in->id);
        sqlite3_bind_int(s, 2, day->day_no);
        ck_store_bind_text(s, 3, day->date);
        sqlite3_bind_int(s, 4, day->window.start_min);
        sqlite3_bind_int(s, 5, day->window.end_min);
        if ((rc = ck_store_exec_stmt(st, s, doing, err)))
            return rc;
        for (size_t b = 0; b < day->nbreaks; b++) {
            if ((rc = ck_store_prepare(st, &s,
                                       "INSERT INTO course_break (course_id, day_no, start_min,"
                                       " end_min) VALUES (?, ?, ?, ?)",
                                       doing, err)))
                return rc;
            sqlite3_bind_int64(s, 1, in->id);
            sqlite3_bind_int(s, 2, day->day_no);
            sqlite3_bind_int(s, 3, day->breaks[b].start_min);
            sqlite3_bind_int(s, 4, day->breaks[b].end_min);
            if ((rc = ck_store_exec_stmt(st, s, doing, err)))
                return rc;
        }
    }
    return CK_OK;
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
}

#define COURSE_COLUMNS                                                                         \
    "id, uid, title, trainer, credential, location, printer, contact_hours, tolerance_min,"    \
    " created_at"

/* Fill in the days and breaks of a course already read. */
static ck_rc read_days(ck_store *st, ck_course_rec *c, ck_err *err)
{
    const char *doing = "reading the course days";
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
                d->breaks[d->nbreaks++] = (ck_clock_span){sqlite3_column_int(s, 1),
                                                          sqlite3_column_int(s, 2)};
        }
    }
    if (step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_course_get(ck_store *st, int64_t id, ck_course_rec *out, ck_err *err)
{
    const char *doing = "reading the course";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " COURSE_COLUMNS " FROM course WHERE id = ?",
                                doing, err);
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
    return rc ? rc : read_days(st, out, err);
}

ck_rc ck_store_course_latest(ck_store *st, int64_t *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT id FROM course ORDER BY id DESC LIMIT 1",
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
    const char *doing = "listing the courses";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " COURSE_COLUMNS " FROM course ORDER BY id DESC",
                                doing, err);
    if (rc)
        return rc;
    if ((rc = ck_store_select_all(st, s, sizeof **out, course_row, (void **)out, n, doing, err)))
        return rc;
    for (size_t i = 0; rc == CK_OK && i < *n; i++)
        rc = read_days(st, &(*out)[i], err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
