/* License texts by version, and each attendee's decisions on them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

ck_rc ck_store_license_current(ck_store *st, ck_license_rec *out, ck_err *err)
{
    const char *doing = N_("reading the license text");
    sqlite3_stmt *s = NULL;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_store_prepare(
        st, &s,
        "SELECT version, sha256, body, added_at, uid FROM license_text" CK_LICENSE_CURRENT
        " LIMIT 1",
        doing, err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        out->version = sqlite3_column_int(s, 0);
        ck_store_col_text(s, 1, out->sha256, sizeof out->sha256);
        const unsigned char *body = sqlite3_column_text(s, 2);
        out->body = strdup(body ? (const char *)body : "");
        out->added_at = sqlite3_column_int64(s, 3);
        ck_store_col_text(s, 4, out->uid, sizeof out->uid);
        snprintf(out->lang, sizeof out->lang, "en");
        if (!out->body)
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
    } else if (step == SQLITE_DONE) {
        rc = ck_err_set(err, CK_ENOTFOUND,
                        "no license text is stored yet; run \"classkiosk init\" or "
                        "\"classkiosk license update FILE\"");
    } else {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Whether any station stored the text with this sha256 already. */
ck_rc ck_store_license_known(ck_store *st, const char *sha256, bool *known, ck_err *err)
{
    int64_t id = 0;
    ck_err quiet = {0};
    ck_rc rc = ck_store_id_of(st,
                              "SELECT id FROM license_text WHERE sha256 = ?1"
                              " UNION ALL SELECT id FROM license_translation WHERE sha256 = ?1"
                              " LIMIT 1",
                              sha256, &id, "license text", &quiet);
    *known = rc == CK_OK;
    return rc == CK_OK || rc == CK_ENOTFOUND ? CK_OK : ck_err_msg(err, rc, &quiet.m);
}

ck_rc ck_store_license_version_add(ck_store *st, const char *body, const char *sha256, int64_t now,
                                   int *version, char *uid_out, size_t uid_size, ck_err *err)
{
    const char *doing = N_("saving the license text");
    ck_license_rec cur;
    ck_err quiet = {0};
    ck_rc rc = ck_store_license_current(st, &cur, &quiet);
    int next = rc == CK_OK ? cur.version + 1 : 1;
    ck_license_rec_clear(&cur);
    if (rc != CK_OK && rc != CK_ENOTFOUND)
        return ck_err_msg(err, quiet.rc, &quiet.m);
    char uid[CK_UID_LEN + 1];
    ck_store_new_uid(uid);
    json_t *entry = ck_body_license(next, sha256, body);
    if (!entry)
        return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
    if ((rc = ck_ledger_record(st, "license", uid, now, entry, NULL, err)))
        return rc;
    *version = next;
    snprintf(uid_out, uid_size, "%s", uid);
    return CK_OK;
}

ck_rc ck_store_license_translation_add(ck_store *st, const char *license, const char *lang,
                                       const char *body, const char *sha256, int64_t now,
                                       ck_err *err)
{
    char uid[CK_UID_LEN + 1];
    json_t *entry = json_pack("{s:s, s:s, s:s, s:s}", "license", license, "lang", lang, "sha256",
                              sha256, "text", body);
    if (!entry)
        return ck_err_set(err, CK_ENOMEM, "out of memory saving the license text");
    ck_store_new_uid(uid);
    return ck_ledger_record(st, "license.translation", uid, now, entry, NULL, err);
}

ck_rc ck_mat_license_translation(ck_store *st, const ck_ledger_entry *e, ck_body *b,
                                 int64_t *row_id, ck_err *err)
{
    const char *doing = N_("saving the license text");
    const char *license = ck_body_str(b, "license"), *lang = ck_body_str(b, "lang");
    const char *sha = ck_body_str(b, "sha256"), *text = ck_body_str(b, "text");
    int64_t version = 0;
    if (b->rc)
        return b->rc;
    /* The version's text must be here first: until it is, the entry waits (ledger_wait). */
    ck_rc rc = ck_store_id_of(st, "SELECT id FROM license_text WHERE uid = ?", license, &version,
                              "license text", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO license_translation (uid, license, lang, sha256, body,"
                               " added_at) VALUES (?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    ck_store_bind_text(s, 2, license);
    ck_store_bind_text(s, 3, lang);
    ck_store_bind_text(s, 4, sha);
    ck_store_bind_text(s, 5, text);
    sqlite3_bind_int64(s, 6, e->at);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

/* The texts of a version (its license entry's uid): English from license_text, then the others
 * by language code. */
#define LICENSE_TEXTS                                                                              \
    "SELECT version, 'en', sha256, body, added_at, 0 AS o, uid, uid AS u FROM license_text"        \
    " WHERE uid = ?1"                                                                              \
    " UNION ALL SELECT l.version, t.lang, t.sha256, t.body, t.added_at, 1 AS o, l.uid, t.uid"      \
    " FROM license_translation AS t JOIN license_text AS l ON l.uid = t.license"                   \
    " WHERE l.uid = ?1"

static void license_row(sqlite3_stmt *s, void *elem)
{
    ck_license_rec *r = elem;
    const unsigned char *body = sqlite3_column_text(s, 3);
    r->version = sqlite3_column_int(s, 0);
    ck_store_col_text(s, 1, r->lang, sizeof r->lang);
    ck_store_col_text(s, 2, r->sha256, sizeof r->sha256);
    r->body = strdup(body ? (const char *)body : "");
    r->added_at = sqlite3_column_int64(s, 4);
    ck_store_col_text(s, 6, r->uid, sizeof r->uid);
}

ck_rc ck_store_license_texts(ck_store *st, const char *license, ck_license_rec **out, size_t *n,
                             ck_err *err)
{
    const char *doing = N_("reading the license text");
    sqlite3_stmt *s = NULL;
    *out = NULL;
    *n = 0;
    /* One text per language: a language stored twice for a version (two stations adding a
     * translation) shows the earliest, by time and then uid, the same at every station. */
    ck_rc rc = ck_store_prepare(st, &s, LICENSE_TEXTS " ORDER BY o, 2, 5, u", doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, license);
    if ((rc = ck_store_select_all(st, s, sizeof **out, license_row, (void **)out, n, doing, err)))
        return rc;
    size_t kept = 0;
    bool oom = false;
    for (size_t i = 0; i < *n; i++) {
        ck_license_rec *r = &(*out)[i];
        bool dup = false;
        for (size_t j = 0; j < kept && !dup; j++)
            dup = strcmp((*out)[j].lang, r->lang) == 0;
        oom = oom || !r->body;
        if (dup || kept >= CK_LICENSE_MAX_TEXTS) {
            ck_license_rec_clear(r);
            continue;
        }
        (*out)[kept++] = *r;
    }
    *n = kept;
    if (oom) {
        for (size_t i = 0; i < kept; i++)
            ck_license_rec_clear(&(*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
        return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
    }
    return CK_OK;
}

json_t *ck_body_license(int version, const char *sha256, const char *text)
{
    return json_pack("{s:i, s:s, s:s}", "version", version, "sha256", sha256, "text", text);
}

ck_rc ck_mat_license(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                     ck_err *err)
{
    const char *doing = N_("saving the license text");
    int64_t version = ck_body_int(b, "version");
    const char *sha = ck_body_str(b, "sha256"), *text = ck_body_str(b, "text");
    if (b->rc)
        return b->rc;
    if (version < 1)
        return ck_err_set(err, CK_EDB,
                          "entry %lld of chain %.8s (a license text) cannot be replayed: its "
                          "version is %lld",
                          (long long)e->seq, e->origin, (long long)version);
    sqlite3_stmt *s = NULL;
    /* Every station's entry keeps its row: two stations may store the same text, or each a
     * different version 2; the text is what its sha256 says. */
    ck_rc rc = ck_store_prepare(st, &s,
                                "INSERT INTO license_text (version, sha256, body, added_at, uid)"
                                " VALUES (?, ?, ?, ?, ?)",
                                doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, version);
    ck_store_bind_text(s, 2, sha);
    ck_store_bind_text(s, 3, text);
    sqlite3_bind_int64(s, 4, e->at);
    ck_store_bind_text(s, 5, e->uid);
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

static const char *decision_name(ck_decision d)
{
    return d == CK_DECISION_ACCEPT ? "accept" : "decline";
}

ck_rc ck_body_decision(ck_store *st, const ck_acceptance_rec *a, json_t **out, ck_err *err)
{
    char who[CK_UID_LEN + 1], license[CK_UID_LEN + 1];
    ck_rc rc = ck_store_uid_of(st, "SELECT uid FROM attendee WHERE id = ?", a->attendee_id, who,
                               sizeof who, err);
    if (rc == CK_OK)
        rc = ck_store_uid_of(st,
                             "SELECT uid FROM license_text WHERE version = ?"
                             " ORDER BY added_at, uid LIMIT 1",
                             a->version, license, sizeof license, err);
    if (rc)
        return rc;
    *out = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "attendee", who, "license", license,
                     "decision", decision_name(a->decision), "at", (json_int_t)a->at, "source",
                     ck_source_name(a->source), "reason", a->reason, "lang",
                     a->lang[0] ? a->lang : "en");
    return *out ? CK_OK : ck_err_set(err, CK_ENOMEM, "out of memory recording the decision");
}

ck_rc ck_mat_decision(ck_store *st, const ck_ledger_entry *e, ck_body *b, int64_t *row_id,
                      ck_err *err)
{
    const char *doing = N_("recording the license decision");
    int64_t who = 0, license_id = 0;
    const char *attendee = ck_body_str(b, "attendee"), *license = ck_body_str(b, "license");
    const char *decision = ck_body_str(b, "decision"), *source = ck_body_str(b, "source");
    const char *reason = ck_body_str(b, "reason"), *lang = ck_body_str_opt(b, "lang");
    int64_t at = ck_body_int(b, "at");
    if (b->rc)
        return b->rc;
    ck_rc rc = ck_store_id_of(st, CK_ATTENDEE_ID_OF_UID, attendee, &who, "attendee", err);
    if (rc == CK_OK)
        rc = ck_store_id_of(st, "SELECT id FROM license_text WHERE uid = ?", license, &license_id,
                            "license text", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO license_acceptance (uid, attendee_id, license_id,"
                               " decision, at, source, reason, origin, seq, lang)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->uid);
    sqlite3_bind_int64(s, 2, who);
    sqlite3_bind_int64(s, 3, license_id);
    ck_store_bind_text(s, 4, decision);
    sqlite3_bind_int64(s, 5, at);
    ck_store_bind_text(s, 6, source);
    ck_store_bind_text(s, 7, reason);
    ck_store_bind_text(s, 8, e->origin);
    sqlite3_bind_int64(s, 9, e->seq);
    /* Decisions from before languages were of the English text, the only one there was. */
    ck_store_bind_text(s, 10, lang ? lang : "en");
    if ((rc = ck_store_exec_stmt(st, s, doing, err)))
        return rc;
    *row_id = sqlite3_last_insert_rowid(st->db);
    return CK_OK;
}

ck_rc ck_store_acceptance_append(ck_store *st, ck_acceptance_rec *in, ck_err *err)
{
    json_t *body = NULL;
    ck_store_new_uid(in->uid);
    if (!in->recorded_at)
        in->recorded_at = in->at;
    ck_rc rc = ck_body_decision(st, in, &body, err);
    if (rc)
        return rc;
    return ck_ledger_record(st, "license.decision", in->uid, in->recorded_at, body, &in->id, err);
}

static void acceptance_row(sqlite3_stmt *s, void *elem)
{
    ck_acceptance_rec *a = elem;
    char decision[16], source[16];
    a->id = sqlite3_column_int64(s, 0);
    ck_store_col_text(s, 1, a->uid, sizeof a->uid);
    a->version = sqlite3_column_int(s, 2);
    ck_store_col_text(s, 3, decision, sizeof decision);
    a->decision = strcmp(decision, "accept") == 0 ? CK_DECISION_ACCEPT : CK_DECISION_DECLINE;
    a->at = sqlite3_column_int64(s, 4);
    ck_store_col_text(s, 5, source, sizeof source);
    a->source = strcmp(source, "kiosk") == 0     ? CK_SOURCE_KIOSK
                : strcmp(source, "trainer") == 0 ? CK_SOURCE_TRAINER
                                                 : CK_SOURCE_SELF;
    ck_store_col_text(s, 6, a->reason, sizeof a->reason);
    a->attendee_id = sqlite3_column_int64(s, 7);
    ck_store_col_text(s, 8, a->license_sha, sizeof a->license_sha);
    ck_store_col_text(s, 9, a->lang, sizeof a->lang);
}

#define ACCEPTANCE_COLUMNS                                                                         \
    "a.id, a.uid, l.version, a.decision, a.at, a.source, a.reason, a.attendee_id, l.sha256,"       \
    " a.lang"
#define ACCEPTANCE_FROM                                                                            \
    " FROM license_acceptance AS a JOIN license_text AS l ON l.id = a.license_id"

ck_rc ck_store_acceptance_latest_course(ck_store *st, int64_t course_id, ck_acceptance_rec **out,
                                        size_t *n, ck_err *err)
{
    const char *doing = N_("reading the license decisions");
    sqlite3_stmt *s = NULL;
    /* The latest decision per attendee: highest (at, origin, seq), the same on every station. */
    ck_rc rc =
        ck_store_prepare(st, &s,
                         "SELECT " ACCEPTANCE_COLUMNS ACCEPTANCE_FROM
                         " WHERE a.attendee_id IN (SELECT id FROM attendee WHERE course_id = ?)"
                         " AND NOT EXISTS (SELECT 1 FROM license_acceptance AS b"
                         "  WHERE b.attendee_id = a.attendee_id AND (b.at, b.origin, b.seq) > "
                         "(a.at, a.origin, a.seq))"
                         " ORDER BY a.attendee_id",
                         doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, course_id);
    return ck_store_select_all(st, s, sizeof **out, acceptance_row, (void **)out, n, doing, err);
}

ck_rc ck_store_acceptance_latest(ck_store *st, int64_t attendee_id, ck_acceptance_rec *out,
                                 ck_err *err)
{
    const char *doing = N_("reading the license decision");
    sqlite3_stmt *s = NULL;
    ck_rc rc =
        ck_store_prepare(st, &s,
                         "SELECT " ACCEPTANCE_COLUMNS ACCEPTANCE_FROM " WHERE a.attendee_id = ?"
                         " ORDER BY a.at DESC, a.origin DESC, a.seq DESC LIMIT 1",
                         doing, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, attendee_id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        acceptance_row(s, out);
    } else if (step == SQLITE_DONE) {
        rc = ck_err_set(err, CK_ENOTFOUND, "no license decision recorded");
    } else {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}
