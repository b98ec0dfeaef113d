/* Attendees and their check-in/check-out events. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

#define COURSE_ID_OF_UID "SELECT id FROM course WHERE uid = ?"
#define EVENT_ID_OF_UID "SELECT id FROM event WHERE uid = ?"

ck_rc ck_body_attendee(ck_store *st, const ck_attendee_rec *a, json_t **out, ck_err *err)
{
    char course[CK_UID_LEN + 1];
    ck_rc rc = ck_store_uid_of(st, "SELECT uid FROM course WHERE id = ?", a->course_id, course,
                               sizeof course, err);
    if (rc)
        return rc;
    *out = json_pack("{s:s, s:s, s:s, s:s}", "course", course, "name", a->name, "email", a->email,
                     "name_key", a->name_key);
    /* A language only when the roster gave one: bodies without stay as they always were. */
    if (*out && a->lang[0] && json_object_set_new(*out, "lang", json_string(a->lang)) != 0) {
        json_decref(*out);
        *out = NULL;
    }
    /* Given and family names only when the roster had them apart, for the same reason. */
    if (*out && (*a->given || *a->family)) {
        json_object_set_new(*out, "given", json_string(a->given));
        json_object_set_new(*out, "family", json_string(a->family));
    }
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory saving the attendee");
}

/* The person already on the course's roster under this e-mail, if any. */
typedef struct same_person {
    bool found;
    int64_t id, created_at, name_at, name_seq;
    char uid[CK_UID_LEN + 1], name_origin[CK_UID_LEN + 1];
} same_person;

static ck_rc find_same_person(ck_store *st, int64_t course, const char *email, same_person *out,
                              ck_err *err)
{
    const char *doing = N_("saving the attendee");
    sqlite3_stmt *s = NULL;
    memset(out, 0, sizeof *out);
    if (!*email)
        return CK_OK; /* without an e-mail two entries are two people */
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT id, uid, created_at, name_at, name_origin, name_seq"
                                " FROM attendee WHERE course_id = ? AND email = ?",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course);
    ck_store_bind_text(s, 2, email);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        out->found = true;
        out->id = sqlite3_column_int64(s, 0);
        ck_store_col_text(s, 1, out->uid, sizeof out->uid);
        out->created_at = sqlite3_column_int64(s, 2);
        out->name_at = sqlite3_column_int64(s, 3);
        ck_store_col_text(s, 4, out->name_origin, sizeof out->name_origin);
        out->name_seq = sqlite3_column_int64(s, 5);
    } else if (step != SQLITE_DONE) {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}

bool ck_store_entry_newer(const ck_ledger_entry *e, int64_t at, const char *origin, int64_t seq)
{
    if (e->at != at)
        return e->at > at;
    int o = strcmp(e->origin, origin);
    return o != 0 ? o > 0 : e->seq > seq;
}

/* A name as an entry says it: whole, its search key, and the given and family names when the
 * roster had them apart ("" otherwise). */
typedef struct entry_name {
    const char *name, *key, *given, *family;
} entry_name;

/* Give a person the name an entry says, with the entry's place as the name's stamp. */
static ck_rc set_name(ck_store *st, int64_t id, const entry_name *n, const ck_ledger_entry *e,
                      const char *doing, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "UPDATE attendee SET name = ?, name_key = ?, name_at = ?,"
                                " name_origin = ?, name_seq = ?, given = ?, family = ?"
                                " WHERE id = ?",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, n->name);
    ck_store_bind_text(s, 2, n->key);
    sqlite3_bind_int64(s, 3, e->at);
    ck_store_bind_text(s, 4, e->origin);
    sqlite3_bind_int64(s, 5, e->seq);
    ck_store_bind_text(s, 6, n->given);
    ck_store_bind_text(s, 7, n->family);
    sqlite3_bind_int64(s, 8, id);
    return ck_store_exec_stmt(st, s, doing, err);
}

static ck_rc name_uid(ck_store *st, const char *uid, int64_t id, int64_t at, const char *doing,
                      ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(
        st, &s, "INSERT INTO attendee_uid (uid, attendee_id, created_at) VALUES (?, ?, ?)", doing,
        err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, uid);
    sqlite3_bind_int64(s, 2, id);
    sqlite3_bind_int64(s, 3, at);
    return ck_store_exec_stmt(st, s, doing, err);
}

/* Give a person the language an entry says, unless a newer word on it (by time, station, place
 * in its chain) is there: the same language comes out in any order of arrival. */
static ck_rc set_lang(ck_store *st, int64_t id, const char *lang, const ck_ledger_entry *e,
                      const char *doing, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "UPDATE attendee SET lang = ?1, lang_at = ?2, lang_origin = ?3,"
                                " lang_seq = ?4 WHERE id = ?5"
                                " AND (lang_at, lang_origin, lang_seq) < (?2, ?3, ?4)",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, lang);
    sqlite3_bind_int64(s, 2, e->at);
    ck_store_bind_text(s, 3, e->origin);
    sqlite3_bind_int64(s, 4, e->seq);
    sqlite3_bind_int64(s, 5, id);
    return ck_store_exec_stmt(st, s, doing, err);
}

/* One e-mail in one course is one person, whichever station added them: the second entry
 * joins the first's row (its uid then names that row too), the row keeps the earliest
 * entry's uid and time, and the newest word on the name wins. The same rows come out in
 * any order of arrival. */
ck_rc ck_mat_attendee(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                      ck_err *err)
{
    const char *doing = N_("saving the attendee");
    int64_t course = 0;
    const char *name = ck_body_str(b, "name"), *email = ck_body_str(b, "email");
    const char *key = ck_body_str(b, "name_key"), *course_uid = ck_body_str(b, "course");
    const char *lang = ck_body_str_opt(b, "lang");
    const char *given = ck_body_str_opt(b, "given"), *family = ck_body_str_opt(b, "family");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, COURSE_ID_OF_UID, course_uid, &course, "course", err);
    same_person same;
    if (rc || (rc = find_same_person(st, course, email, &same, err)))
        return rc;
    sqlite3_stmt *s = NULL;
    if (same.found) {
        *row_id = same.id;
        if ((rc = name_uid(st, e->uid, same.id, e->at, doing, err)))
            return rc;
        bool earlier =
            e->at < same.created_at || (e->at == same.created_at && strcmp(e->uid, same.uid) < 0);
        if (earlier) {
            if ((rc = ck_store_prepare(st, &s,
                                       "UPDATE attendee SET uid = ?, created_at = ? WHERE id = ?",
                                       doing, err)))
                return rc;
            ck_store_bind_text(s, 1, e->uid);
            sqlite3_bind_int64(s, 2, e->at);
            sqlite3_bind_int64(s, 3, same.id);
            if ((rc = ck_store_exec_stmt(st, s, doing, err)))
                return rc;
        }
        if (lang && (rc = set_lang(st, same.id, lang, e, doing, err)))
            return rc;
        if (ck_store_entry_newer(e, same.name_at, same.name_origin, same.name_seq))
            return set_name(st, same.id, &(entry_name){name, key, given, family}, e, doing, err);
        return CK_OK;
    }
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO attendee (uid, course_id, name, email, name_key,"
                               " created_at, name_at, name_origin, name_seq, lang, lang_at,"
                               " lang_origin, lang_seq, given, family)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    sqlite3_bind_int64(s, 2, course);
    ck_store_bind_text(s, 3, name);
    ck_store_bind_text(s, 4, email);
    ck_store_bind_text(s, 5, key);
    sqlite3_bind_int64(s, 6, e->at);
    sqlite3_bind_int64(s, 7, e->at);
    ck_store_bind_text(s, 8, e->origin);
    sqlite3_bind_int64(s, 9, e->seq);
    /* A language only from an entry that gave one: its stamp stays 0 otherwise, so any word on
     * the language outweighs none. */
    ck_store_bind_text(s, 10, lang ? lang : "");
    sqlite3_bind_int64(s, 11, lang ? e->at : 0);
    ck_store_bind_text(s, 12, lang ? e->origin : "");
    sqlite3_bind_int64(s, 13, lang ? e->seq : 0);
    ck_store_bind_text(s, 14, given);
    ck_store_bind_text(s, 15, family);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    return name_uid(st, e->uid, *row_id, e->at, doing, err);
}

ck_rc ck_store_attendee_insert(ck_store *st, ck_attendee_rec *in, ck_err *err)
{
    json_t *body = NULL;
    ck_store_new_uid(in->uid);
    ck_rc rc = ck_body_attendee(st, in, &body, err);
    if (rc)
        return rc;
    return ck_ledger_record(st, "attendee", in->uid, in->created_at, body, &in->id, err);
}

/* A rename shows unless a newer word on the name (by time, station, place in its chain) is
 * there already: renames made at two stations end alike in any order. */
ck_rc ck_mat_rename(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                    ck_err *err)
{
    const char *doing = N_("renaming the attendee");
    int64_t id = 0;
    const char *who = ck_body_str(b, "attendee"), *name = ck_body_str(b, "name");
    const char *key = ck_body_str(b, "name_key");
    const char *given = ck_body_str_opt(b, "given"), *family = ck_body_str_opt(b, "family");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, CK_ATTENDEE_ID_OF_UID, who, &id, "attendee", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "SELECT name_at, name_origin, name_seq FROM attendee WHERE id = ?",
                               doing, err)))
        return rc;
    sqlite3_bind_int64(s, 1, id);
    bool newer = false;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        char origin[CK_UID_LEN + 1];
        ck_store_col_text(s, 1, origin, sizeof origin);
        newer =
            ck_store_entry_newer(e, sqlite3_column_int64(s, 0), origin, sqlite3_column_int64(s, 2));
    } else {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    *row_id = id;
    return rc || !newer ? rc
                        : set_name(st, id, &(entry_name){name, key, given, family}, e, doing, err);
}

ck_rc ck_store_attendee_rename(ck_store *st, int64_t id, const ck_attendee_rec *to, int64_t at,
                               ck_err *err)
{
    char who[CK_UID_LEN + 1], uid[CK_UID_LEN + 1];
    ck_rc rc =
        ck_store_uid_of(st, "SELECT uid FROM attendee WHERE id = ?", id, who, sizeof who, err);
    if (rc)
        return rc;
    json_t *body =
        json_pack("{s:s, s:s, s:s}", "attendee", who, "name", to->name, "name_key", to->name_key);
    if (body && (*to->given || *to->family)) {
        json_object_set_new(body, "given", json_string(to->given));
        json_object_set_new(body, "family", json_string(to->family));
    }
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory renaming the attendee");
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "attendee.rename", uid, at, body, NULL, err);
}

ck_rc ck_mat_attendee_lang(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                           ck_err *err)
{
    const char *doing = N_("changing the attendee's language");
    int64_t id = 0;
    const char *who = ck_body_str(b, "attendee"), *lang = ck_body_str(b, "lang");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, CK_ATTENDEE_ID_OF_UID, who, &id, "attendee", err);
    if (rc)
        return rc;
    *row_id = id;
    return set_lang(st, id, lang, e, doing, err);
}

ck_rc ck_store_attendee_set_lang(ck_store *st, int64_t id, const char *lang, int64_t at,
                                 ck_err *err)
{
    char who[CK_UID_LEN + 1], uid[CK_UID_LEN + 1];
    ck_rc rc =
        ck_store_uid_of(st, "SELECT uid FROM attendee WHERE id = ?", id, who, sizeof who, err);
    if (rc)
        return rc;
    json_t *body = json_pack("{s:s, s:s}", "attendee", who, "lang", lang ? lang : "");
    if (!body)
        return ck_err_set(err, CK_ENOMEM, "out of memory changing the attendee's language");
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "attendee.lang", uid, at, body, NULL, err);
}

#define ATTENDEE_COLUMNS                                                                           \
    "id, uid, course_id, name, email, name_key, created_at, lang, given, family"

static void attendee_row(sqlite3_stmt *s, void *elem)
{
    ck_attendee_rec *a = elem;
    a->id = sqlite3_column_int64(s, 0);
    ck_store_col_text(s, 1, a->uid, sizeof a->uid);
    a->course_id = sqlite3_column_int64(s, 2);
    ck_store_col_text(s, 3, a->name, sizeof a->name);
    ck_store_col_text(s, 4, a->email, sizeof a->email);
    ck_store_col_text(s, 5, a->name_key, sizeof a->name_key);
    a->created_at = sqlite3_column_int64(s, 6);
    ck_store_col_text(s, 7, a->lang, sizeof a->lang);
    ck_store_col_text(s, 8, a->given, sizeof a->given);
    ck_store_col_text(s, 9, a->family, sizeof a->family);
}

/* Run a query expected to return at most one attendee. */
static ck_rc one_attendee(ck_store *st, sqlite3_stmt *s, ck_attendee_rec *out,
                          const ck_msg *missing, ck_err *err)
{
    ck_rc rc = CK_OK;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        attendee_row(s, out);
    } else if (step == SQLITE_DONE) {
        rc = ck_err_msg(err, CK_ENOTFOUND, missing);
    } else {
        rc = ck_store_fail(st, err, step, "reading the attendee");
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_attendee_get(ck_store *st, int64_t id, ck_attendee_rec *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " ATTENDEE_COLUMNS " FROM attendee WHERE id = ?",
                                "reading the attendee", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    ck_msg missing;
    ck_msg_set(&missing, "there is no attendee %lld", (long long)id);
    return one_attendee(st, s, out, &missing, err);
}

ck_rc ck_store_attendee_by_email(ck_store *st, int64_t course_id, const char *email,
                                 ck_attendee_rec *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT " ATTENDEE_COLUMNS " FROM attendee"
                                " WHERE course_id = ? AND email = ? AND email <> ''",
                                "reading the attendee", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    ck_store_bind_text(s, 2, email);
    ck_msg missing;
    ck_msg_set(&missing, "no attendee has the e-mail %s", email);
    return one_attendee(st, s, out, &missing, err);
}

static ck_rc prepare_course_attendees(ck_store *st, int64_t course_id, sqlite3_stmt **s,
                                      const char *doing, ck_err *err)
{
    ck_rc rc = ck_store_prepare(st, s,
                                "SELECT " ATTENDEE_COLUMNS " FROM attendee WHERE course_id = ?"
                                " ORDER BY name_key, uid",
                                doing, err);
    if (rc == CK_OK)
        sqlite3_bind_int64(*s, 1, course_id);
    return rc;
}

ck_rc ck_store_attendee_list(ck_store *st, int64_t course_id, ck_attendee_rec **out, size_t *n,
                             ck_err *err)
{
    const char *doing = N_("listing the attendees");
    sqlite3_stmt *s = NULL;
    ck_rc rc = prepare_course_attendees(st, course_id, &s, doing, err);
    if (rc)
        return rc;
    return ck_store_select_all(st, s, sizeof **out, attendee_row, (void **)out, n, doing, err);
}

ck_rc ck_store_attendee_each(ck_store *st, int64_t course_id, ck_attendee_rec *row,
                             ck_store_attendee_fn fn, void *ctx, ck_err *err)
{
    const char *doing = N_("listing the attendees");
    sqlite3_stmt *s = NULL;
    ck_rc rc = prepare_course_attendees(st, course_id, &s, doing, err);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        memset(row, 0, sizeof *row);
        attendee_row(s, row);
        if ((rc = fn(ctx, row, err)))
            break;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    return rc;
}

static ck_source source_from(const char *name)
{
    return strcmp(name, "kiosk") == 0     ? CK_SOURCE_KIOSK
           : strcmp(name, "trainer") == 0 ? CK_SOURCE_TRAINER
                                          : CK_SOURCE_SELF;
}

static const char *kind_name(ck_event_kind k)
{
    return k == CK_EVENT_IN ? "in" : k == CK_EVENT_OUT ? "out" : "void";
}

ck_rc ck_body_event(ck_store *st, const ck_event_rec *e, json_t **out, ck_err *err)
{
    char who[CK_UID_LEN + 1], target[CK_UID_LEN + 1] = "";
    ck_rc rc = ck_store_uid_of(st, "SELECT uid FROM attendee WHERE id = ?", e->attendee_id, who,
                               sizeof who, err);
    if (rc == CK_OK && e->ev.kind == CK_EVENT_VOID)
        rc = ck_store_uid_of(st, "SELECT uid FROM event WHERE id = ?", e->ev.target, target,
                             sizeof target, err);
    if (rc)
        return rc;
    *out = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "attendee", who, "kind",
                     kind_name(e->ev.kind), "at", (json_int_t)e->ev.at, "source",
                     ck_source_name(e->source), "reason", e->reason, "device", e->device);
    if (*out && *target)
        json_object_set_new(*out, "target", json_string(target));
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory recording the event");
}

ck_rc ck_mat_event(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id, ck_err *err)
{
    const char *doing = N_("recording the event");
    int64_t who = 0, target = 0;
    const char *attendee = ck_body_str(b, "attendee"), *kind = ck_body_str(b, "kind");
    const char *source = ck_body_str(b, "source"), *reason = ck_body_str(b, "reason");
    const char *device = ck_body_str(b, "device"), *target_uid = ck_body_str_opt(b, "target");
    int64_t at = ck_body_int(b, "at");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, CK_ATTENDEE_ID_OF_UID, attendee, &who, "attendee", err);
    if (rc == CK_OK && target_uid)
        rc = ck_store_id_of(st, EVENT_ID_OF_UID, target_uid, &target, "event", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO event (uid, attendee_id, kind, at, recorded_at,"
                               " source, reason, device, target_id, origin, seq)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    sqlite3_bind_int64(s, 2, who);
    ck_store_bind_text(s, 3, kind);
    sqlite3_bind_int64(s, 4, at);
    sqlite3_bind_int64(s, 5, e->at);
    ck_store_bind_text(s, 6, source);
    ck_store_bind_text(s, 7, reason);
    ck_store_bind_text(s, 8, device);
    if (target_uid)
        sqlite3_bind_int64(s, 9, target);
    else
        sqlite3_bind_null(s, 9);
    ck_store_bind_text(s, 10, e->origin);
    sqlite3_bind_int64(s, 11, e->seq);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

ck_rc ck_store_event_append(ck_store *st, ck_event_rec *in, ck_err *err)
{
    json_t *body = NULL;
    ck_store_new_uid(in->uid);
    ck_rc rc = ck_body_event(st, in, &body, err);
    if (rc)
        return rc;
    return ck_ledger_record(st, "event", in->uid, in->recorded_at, body, &in->ev.id, err);
}

#define EVENT_COLUMNS                                                                              \
    "id, kind, at, coalesce(target_id, 0), uid, attendee_id, recorded_at, source, reason, device"

static void event_row(sqlite3_stmt *s, void *elem)
{
    ck_event_rec *e = elem;
    char kind[8], source[16];
    e->ev.id = sqlite3_column_int64(s, 0);
    ck_store_col_text(s, 1, kind, sizeof kind);
    e->ev.kind = strcmp(kind, "in") == 0    ? CK_EVENT_IN
                 : strcmp(kind, "out") == 0 ? CK_EVENT_OUT
                                            : CK_EVENT_VOID;
    e->ev.at = sqlite3_column_int64(s, 2);
    e->ev.target = sqlite3_column_int64(s, 3);
    ck_store_col_text(s, 4, e->uid, sizeof e->uid);
    e->attendee_id = sqlite3_column_int64(s, 5);
    e->recorded_at = sqlite3_column_int64(s, 6);
    ck_store_col_text(s, 7, source, sizeof source);
    e->source = source_from(source);
    ck_store_col_text(s, 8, e->reason, sizeof e->reason);
    ck_store_col_text(s, 9, e->device, sizeof e->device);
}

ck_rc ck_store_event_get(ck_store *st, int64_t id, ck_event_rec *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " EVENT_COLUMNS " FROM event WHERE id = ?",
                                "reading the event", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        event_row(s, out);
    } else if (step == SQLITE_DONE) {
        rc = ck_err_set(err, CK_ENOTFOUND, "there is no event %lld", (long long)id);
    } else {
        rc = ck_store_fail(st, err, step, "reading the event");
    }
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_event_list(ck_store *st, int64_t attendee_id, ck_event_rec **out, size_t *n,
                          ck_err *err)
{
    const char *doing = N_("reading the events");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT " EVENT_COLUMNS " FROM event WHERE attendee_id = ?"
                                " ORDER BY at, origin, seq, id",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, attendee_id);
    if ((rc = ck_store_select_all(st, s, sizeof **out, event_row, (void **)out, n, doing, err)))
        return rc;
    for (size_t i = 0; i < *n; i++)
        (*out)[i].ev.rank = (int64_t)i;
    return CK_OK;
}

static void brief_row(sqlite3_stmt *s, void *elem)
{
    ck_attendee_event *e = elem;
    const unsigned char *kind = sqlite3_column_text(s, 1);
    e->attendee_id = sqlite3_column_int64(s, 0);
    e->ev.kind = !kind            ? CK_EVENT_VOID
                 : kind[0] == 'i' ? CK_EVENT_IN
                 : kind[0] == 'o' ? CK_EVENT_OUT
                                  : CK_EVENT_VOID;
    e->ev.id = sqlite3_column_int64(s, 2);
    e->ev.at = sqlite3_column_int64(s, 3);
    e->ev.target = sqlite3_column_int64(s, 4);
}

/* Every event of a course's attendees, ordered by attendee then as the rules order them, read
 * by row_fn into rows of elem bytes whose ck_event lies at ev_at; each gets its rank. */
static ck_rc course_events(ck_store *st, const char *columns, int64_t course_id, size_t elem,
                           ck_store_row_fn row_fn, size_t ev_at, void **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the events");
    char sql[512];
    sqlite3_stmt *s = NULL;
    snprintf(sql, sizeof sql,
             "SELECT %s FROM event WHERE attendee_id IN"
             " (SELECT id FROM attendee WHERE course_id = ?)"
             " ORDER BY attendee_id, at, origin, seq, id",
             columns);
    ck_rc rc = ck_store_prepare(st, &s, sql, doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    if ((rc = ck_store_select_all(st, s, elem, row_fn, out, n, doing, err)))
        return rc;
    for (size_t i = 0; i < *n; i++)
        ((ck_event *)((char *)*out + i * elem + ev_at))->rank = (int64_t)i;
    return CK_OK;
}

ck_rc ck_store_event_list_course_after(ck_store *st, int64_t course_id, int64_t after_id,
                                       ck_attendee_event **out, size_t *n, ck_err *err)
{
    const char *doing = "reading the newest events";
    sqlite3_stmt *s = NULL;
    /* The events' ids are a range of the table's rowid: only what is new is read (CROSS JOIN
     * keeps SQLite from walking every attendee's events instead). */
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT e.attendee_id, e.kind, e.id, e.at,"
                                " coalesce(e.target_id, 0) FROM event e"
                                " CROSS JOIN attendee a ON a.id = e.attendee_id"
                                " WHERE e.id > ? AND a.course_id = ?"
                                " ORDER BY e.id",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, after_id);
    sqlite3_bind_int64(s, 2, course_id);
    return ck_store_select_all(st, s, sizeof **out, brief_row, (void **)out, n, doing, err);
}

ck_rc ck_store_event_last_id(ck_store *st, int64_t *out, ck_err *err)
{
    const char *doing = "reading the newest event's id";
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT coalesce(max(id), 0) FROM event", doing, err);
    return rc ? rc : ck_store_select_int64(st, s, out, doing, err);
}

ck_rc ck_store_attendee_count(ck_store *st, int64_t course_id, size_t *out, ck_err *err)
{
    const char *doing = "counting the attendees";
    sqlite3_stmt *s = NULL;
    int64_t n = 0;
    ck_rc rc =
        ck_store_prepare(st, &s, "SELECT count(*) FROM attendee WHERE course_id = ?", doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    rc = ck_store_select_int64(st, s, &n, doing, err);
    *out = (size_t)n;
    return rc;
}

ck_rc ck_store_event_list_course(ck_store *st, int64_t course_id, ck_attendee_event **out,
                                 size_t *n, ck_err *err)
{
    return course_events(st, "attendee_id, kind, id, at, coalesce(target_id, 0)", course_id,
                         sizeof **out, brief_row, offsetof(ck_attendee_event, ev), (void **)out, n,
                         err);
}

ck_rc ck_store_event_records_course(ck_store *st, int64_t course_id, ck_event_rec **out, size_t *n,
                                    ck_err *err)
{
    return course_events(st, EVENT_COLUMNS, course_id, sizeof **out, event_row,
                         offsetof(ck_event_rec, ev), (void **)out, n, err);
}
