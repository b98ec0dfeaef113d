/* Print jobs: recorded before they are sent, updated as CUPS reports on them. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "store/internal.h"

/* A message as JSON: {"parts": [{"fmt": …, "plural": …, "n": …, "args": [text or null]}],
 * "code": …}; NULL for an empty message. Free with free(). */
char *ck_store_msg_json(const ck_msg *m)
{
    if (ck_msg_empty(m))
        return NULL;
    json_t *parts = json_array();
    for (size_t i = 0; i < ck_msg_nparts(m); i++) {
        ck_msg_view v;
        ck_msg_part_view(m, i, &v);
        json_t *args = json_array();
        for (size_t k = 0; k < v.nargs; k++)
            json_array_append_new(args, v.args[k] ? json_string(v.args[k]) : json_null());
        json_t *p = json_pack("{s:s, s:o}", "fmt", v.fmt, "args", args);
        if (p && v.plural) {
            json_object_set_new(p, "plural", json_string(v.plural));
            json_object_set_new(p, "n", json_integer((json_int_t)v.n));
        }
        json_array_append_new(parts, p);
    }
    json_t *o = json_pack("{s:o}", "parts", parts);
    if (o && *ck_msg_code(m))
        json_object_set_new(o, "code", json_string(ck_msg_code(m)));
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

void ck_store_bind_msg(sqlite3_stmt *stmt, int idx, const ck_msg *m)
{
    char *json = ck_store_msg_json(m);
    sqlite3_bind_text(stmt, idx, json, -1, SQLITE_TRANSIENT); /* NULL binds NULL */
    free(json);
}

/* Back from ck_store_msg_json(); an unreadable one (or none) gives the English text instead. */
void ck_store_msg_from_json(ck_msg *m, const char *json, const char *english)
{
    json_t *o = json ? json_loads(json, 0, NULL) : NULL;
    json_t *parts = json_object_get(o, "parts");
    bool ok = json_is_array(parts) && json_array_size(parts) > 0;
    ck_msg_clear(m);
    for (size_t i = 0; ok && i < json_array_size(parts); i++) {
        json_t *p = json_array_get(parts, i), *args = json_object_get(p, "args");
        ck_msg_view v = {.fmt = json_string_value(json_object_get(p, "fmt")),
                         .plural = json_string_value(json_object_get(p, "plural")),
                         .n = (unsigned long)json_integer_value(json_object_get(p, "n")),
                         .nargs = json_array_size(args)};
        ok = v.fmt && json_is_array(args) && v.nargs <= CK_MSG_ARGS;
        for (size_t k = 0; ok && k < v.nargs; k++) {
            json_t *a = json_array_get(args, k);
            v.args[k] = json_string_value(a);
            ok = json_is_string(a) || json_is_null(a);
        }
        ok = ok && ck_msg_add_stored(m, &v);
    }
    if (ok)
        ck_msg_set_code(m, json_string_value(json_object_get(o, "code")));
    json_decref(o);
    if (!ok) {
        ck_msg_clear(m);
        if (english && *english)
            ck_msg_add_text(m, english);
    }
}

static ck_job_state state_from(const char *name)
{
    for (int s = CK_JOB_QUEUED; s <= CK_JOB_CANCELED; s++)
        if (strcmp(name, ck_job_state_name((ck_job_state)s)) == 0)
            return (ck_job_state)s;
    return CK_JOB_FAILED;
}

ck_rc ck_store_job_insert(ck_store *st, ck_job_rec *in, ck_err *err)
{
    const char *doing = N_("recording the print job");
    sqlite3_stmt *s = NULL;
    ck_store_new_uid(in->uid);
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO print_job (uid, cert_id, path, printer, cups_job,"
                                " state, attempts, last_error, error, created_at, updated_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, in->uid);
    if (*in->cert_id)
        ck_store_bind_text(s, 2, in->cert_id);
    else
        sqlite3_bind_null(s, 2);
    ck_store_bind_text(s, 3, in->path);
    ck_store_bind_text(s, 4, in->printer);
    sqlite3_bind_int(s, 5, in->cups_job);
    ck_store_bind_text(s, 6, ck_job_state_name(in->state));
    sqlite3_bind_int(s, 7, in->attempts);
    ck_store_bind_text(s, 8, in->last_error);
    ck_store_bind_msg(s, 9, &in->error);
    sqlite3_bind_int64(s, 10, in->created_at);
    sqlite3_bind_int64(s, 11, in->updated_at);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    in->id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

ck_rc ck_store_job_update(ck_store *st, const ck_job_rec *job, ck_err *err)
{
    const char *doing = N_("updating the print job");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "UPDATE print_job SET printer = ?, cups_job = ?, state = ?,"
                                " attempts = ?, last_error = ?, error = ?, updated_at = ?"
                                " WHERE id = ?",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, job->printer);
    sqlite3_bind_int(s, 2, job->cups_job);
    ck_store_bind_text(s, 3, ck_job_state_name(job->state));
    sqlite3_bind_int(s, 4, job->attempts);
    ck_store_bind_text(s, 5, job->last_error);
    ck_store_bind_msg(s, 6, &job->error);
    sqlite3_bind_int64(s, 7, job->updated_at);
    sqlite3_bind_int64(s, 8, job->id);
    return ck_store_exec_stmt(st, s, doing, err);
}

#define JOB_COLUMNS                                                                                \
    "id, uid, coalesce(cert_id, ''), path, printer, cups_job, state, attempts, last_error,"        \
    " created_at, updated_at, error"

static void job_row(sqlite3_stmt *s, void *elem)
{
    ck_job_rec *j = elem;
    char state[16];
    j->id = sqlite3_column_int64(s, 0);
    ck_store_col_text(s, 1, j->uid, sizeof j->uid);
    ck_store_col_text(s, 2, j->cert_id, sizeof j->cert_id);
    ck_store_col_text(s, 3, j->path, sizeof j->path);
    ck_store_col_text(s, 4, j->printer, sizeof j->printer);
    j->cups_job = sqlite3_column_int(s, 5);
    ck_store_col_text(s, 6, state, sizeof state);
    j->state = state_from(state);
    j->attempts = sqlite3_column_int(s, 7);
    ck_store_col_text(s, 8, j->last_error, sizeof j->last_error);
    j->created_at = sqlite3_column_int64(s, 9);
    j->updated_at = sqlite3_column_int64(s, 10);
    ck_store_msg_from_json(&j->error, (const char *)sqlite3_column_text(s, 11), j->last_error);
}

ck_rc ck_store_job_get(ck_store *st, int64_t id, ck_job_rec *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " JOB_COLUMNS " FROM print_job WHERE id = ?",
                                "reading the print job", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        job_row(s, out);
    } else if (step == SQLITE_DONE) {
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "there is no print job %lld; \"classkiosk print jobs\" lists them",
                        (long long)id);
    } else {
        rc = ck_store_fail(st, err, step, "reading the print job");
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_job_list(ck_store *st, bool open_only, ck_job_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("listing the print jobs");
    sqlite3_stmt *s = NULL;
    ck_rc rc =
        ck_store_prepare(st, &s,
                         open_only ? "SELECT " JOB_COLUMNS " FROM print_job WHERE state"
                                     " NOT IN ('completed', 'canceled') ORDER BY id DESC"
                                   : "SELECT " JOB_COLUMNS " FROM print_job ORDER BY id DESC",
                         doing, err);
    if (rc)
        return rc;
    return ck_store_select_all(st, s, sizeof **out, job_row, (void **)out, n, doing, err);
}
