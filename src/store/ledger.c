/* The ledger: each station's append-only hash chain of records, the one path that writes the
 * tables (append an entry, then materialise it), and the check that replays every chain and
 * compares the result with the tables. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/internal.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- kinds of entries ---- */

typedef struct ledger_kind {
    const char *name; /* the entry's kind */
    const char *noun; /* what it is, for messages: "a check-in or check-out" */
    ck_materialise_fn materialise;
} ledger_kind;

static const ledger_kind KINDS[] = {
    {"course", N_("a course"), ck_mat_course},
    {"attendee", N_("an attendee"), ck_mat_attendee},
    {"attendee.rename", N_("a renaming of an attendee"), ck_mat_rename},
    {"attendee.lang", N_("a change of an attendee's language"), ck_mat_attendee_lang},
    {"event", N_("a check-in, check-out or undo"), ck_mat_event},
    {"license", N_("a license text"), ck_mat_license},
    {"license.translation", N_("a license text in another language"), ck_mat_license_translation},
    {"license.decision", N_("a license decision"), ck_mat_decision},
    {"certificate", N_("a certificate"), ck_mat_cert},
    {"revocation", N_("a revocation"), ck_mat_revocation},
    {"key", N_("a signing key"), ck_mat_key},
    {"audit", N_("an audit record"), ck_mat_audit},
    {"badge", N_("a badge"), ck_mat_badge},
};

static const ledger_kind *kind_find(const char *name)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].name, name) == 0)
            return &KINDS[i];
    return NULL;
}

static const char *kind_noun(const char *name)
{
    const ledger_kind *k = kind_find(name);
    return k ? k->noun : N_("an entry of an unknown kind");
}

/* ---- hashing ---- */

/* Feed one field as "<length>:<bytes>", so no two different entries hash alike. */
static void feed(crypto_hash_sha256_state *h, const char *field)
{
    char len[24];
    size_t n = strlen(field);
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)field, n);
}

static void feed_int(crypto_hash_sha256_state *h, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)v);
    feed(h, num);
}

/* SHA-256 over prev, origin, seq, kind, uid, at and body, each length-prefixed; hex. */
static void entry_hash(char out[65], const ck_ledger_entry *e)
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    feed(&h, e->prev);
    feed(&h, e->origin);
    feed_int(&h, e->seq);
    feed(&h, e->kind);
    feed(&h, e->uid);
    feed_int(&h, e->at);
    feed(&h, e->body);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* ---- reading bodies ---- */

static void body_fail(ck_body *b, const char *key, const char *want)
{
    if (b->rc)
        return;
    b->rc = ck_err_set(b->err, CK_EDB,
                       "entry %lld of chain %.8s (%s) cannot be replayed: it has no %s \"%s\"",
                       (long long)b->e->seq, b->e->origin, CK_MSG_PHRASE(kind_noun(b->e->kind)),
                       CK_MSG_PHRASE(want), key);
}

const char *ck_body_str(ck_body *b, const char *key)
{
    const char *v = json_string_value(json_object_get(b->obj, key));
    if (!v)
        body_fail(b, key, N_("text"));
    return v ? v : "";
}

const char *ck_body_str_opt(ck_body *b, const char *key)
{
    json_t *v = json_object_get(b->obj, key);
    if (v && !json_is_string(v))
        body_fail(b, key, N_("text"));
    return json_string_value(v);
}

int64_t ck_body_int(ck_body *b, const char *key)
{
    json_t *v = json_object_get(b->obj, key);
    if (!json_is_integer(v)) {
        body_fail(b, key, N_("whole number"));
        return 0;
    }
    return (int64_t)json_integer_value(v);
}

double ck_body_real(ck_body *b, const char *key)
{
    json_t *v = json_object_get(b->obj, key);
    if (!json_is_number(v)) {
        body_fail(b, key, N_("number"));
        return 0;
    }
    return json_number_value(v);
}

ck_rc ck_store_id_of(ck_store *st, const char *sql, const char *uid, int64_t *id, const char *what,
                     ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, sql, "finding a record", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, uid);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND, "there is no %s %s", CK_MSG_PHRASE(what), uid);
    else
        rc = ck_store_fail(st, err, step, "finding a record");
    sqlite3_finalize(s);
    return rc;
}

ck_rc ck_store_uid_of(ck_store *st, const char *sql, int64_t id, char *out, size_t n, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    if (id == 0)
        return CK_OK;
    ck_rc rc = ck_store_prepare(st, &s, sql, "finding a record", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        ck_store_col_text(s, 0, out, n);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND, "record %lld is missing", (long long)id);
    else
        rc = ck_store_fail(st, err, step, "finding a record");
    sqlite3_finalize(s);
    return rc;
}

/* ---- appending ---- */

/* The newest entry of origin: its seq and hash, or 0 and the genesis hash. */
static ck_rc chain_head(ck_store *st, const char *origin, int64_t *seq, char hash[65], ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT seq, hash FROM ledger WHERE origin = ?"
                                " ORDER BY seq DESC LIMIT 1",
                                "reading the chain", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, origin);
    *seq = 0;
    memcpy(hash, GENESIS, 65);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *seq = sqlite3_column_int64(s, 0);
        ck_store_col_text(s, 1, hash, 65);
    } else if (step != SQLITE_DONE) {
        rc = ck_store_fail(st, err, step, "reading the chain");
    }
    sqlite3_finalize(s);
    return rc;
}

static ck_rc insert_entry(ck_store *st, const ck_ledger_entry *e, ck_err *err);

/* Append entry e (origin, kind, uid, at, body set; seq, prev and hash filled in here). */
static ck_rc append_entry(ck_store *st, ck_ledger_entry *e, ck_err *err)
{
    const char *doing = N_("writing the chain");
    if (!st->in_tx)
        return ck_err_set(err, CK_EINTERNAL, "%s outside a transaction", CK_MSG_PHRASE(doing));
    if (!*e->origin)
        return ck_err_set(err, CK_EDB,
                          "%s has no station id (the setting ledger.origin is gone), so nothing "
                          "can be recorded; the file was altered: restore a backup",
                          st->path);
    ck_rc rc = chain_head(st, e->origin, &e->seq, e->prev, err);
    if (rc)
        return rc;
    e->seq++;
    entry_hash(e->hash, e);
    return insert_entry(st, e, err);
}

/* Store entry e as it is. */
static ck_rc insert_entry(ck_store *st, const ck_ledger_entry *e, ck_err *err)
{
    const char *doing = N_("writing the chain");
    sqlite3_stmt *s = NULL;
    ck_rc rc;
    if ((rc = ck_store_prepare(st, &s,
                               "INSERT INTO ledger (origin, seq, kind, uid, at, body, prev, hash)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               doing, err)))
        return rc;
    ck_store_bind_text(s, 1, e->origin);
    sqlite3_bind_int64(s, 2, e->seq);
    ck_store_bind_text(s, 3, e->kind);
    ck_store_bind_text(s, 4, e->uid);
    sqlite3_bind_int64(s, 5, e->at);
    ck_store_bind_text(s, 6, e->body);
    ck_store_bind_text(s, 7, e->prev);
    ck_store_bind_text(s, 8, e->hash);
    return ck_store_exec_stmt(st, s, doing, err);
}

/* Canonical JSON: compact, keys sorted, UTF-8 as is. Takes ownership of body. */
static char *canonical(json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(body);
    return text;
}

static void entry_init(ck_ledger_entry *e, ck_store *st, const char *kind, const char *uid,
                       int64_t at, const char *body)
{
    memset(e, 0, sizeof *e);
    snprintf(e->origin, sizeof e->origin, "%s", st->origin);
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    snprintf(e->uid, sizeof e->uid, "%s", uid);
    e->at = at;
    e->body = body;
}

/* Make the rows entry e says, from its stored body text. */
static ck_rc materialise(ck_store *st, const ck_ledger_entry *e, int64_t *row_id, ck_err *err)
{
    const ledger_kind *k = kind_find(e->kind);
    if (!k)
        return ck_err_set(err, CK_EDB,
                          "entry %lld of chain %.8s has a kind this classkiosk does not know "
                          "(\"%s\"); install the newer classkiosk that wrote it",
                          (long long)e->seq, e->origin, e->kind);
    json_error_t jerr;
    json_t *obj = json_loads(e->body, 0, &jerr);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return ck_err_set(err, CK_EDB,
                          "entry %lld of chain %.8s (%s) cannot be replayed: its body is not a "
                          "JSON object",
                          (long long)e->seq, e->origin, CK_MSG_PHRASE(k->noun));
    }
    ck_body b = {.obj = obj, .e = e, .err = err};
    int64_t id = 0;
    ck_rc rc = k->materialise(st, e, &b, &id, err);
    if (rc == CK_OK && b.rc)
        rc = b.rc;
    json_decref(obj);
    if (rc == CK_OK && row_id)
        *row_id = id;
    return rc;
}

/* Materialise an entry that may fail on its own (another station's, or one replayed), within
 * a savepoint: when it fails (waits, or is set aside) the rows it made before failing go too,
 * so a course whose day 2 cannot be made leaves no course with day 1 only. */
static ck_rc materialise_apart(ck_store *st, const ck_ledger_entry *e, ck_err *why)
{
    const char *doing = N_("replaying the chain");
    ck_rc rc = ck_store_exec(st, "SAVEPOINT materialise", doing, why);
    if (rc)
        return rc;
    ck_rc one = materialise(st, e, NULL, why);
    ck_err quiet = {0};
    if (one)
        rc = ck_store_exec(st, "ROLLBACK TO materialise", doing, &quiet);
    if (rc == CK_OK)
        rc = ck_store_exec(st, "RELEASE materialise", doing, &quiet);
    return one ? one : rc ? ck_err_msg(why, rc, &quiet.m) : CK_OK;
}

/* Append an entry of this station made of body (taken), and materialise it unless the rows
 * exist already (the upgrade). */
static ck_rc write_entry(ck_store *st, const char *kind, const char *uid, int64_t at, json_t *body,
                         bool make_rows, int64_t *seq, int64_t *row_id, ck_err *err)
{
    char *text = canonical(body);
    if (!text)
        return ck_err_set(err, CK_ENOMEM, "out of memory writing the chain");
    ck_ledger_entry e;
    entry_init(&e, st, kind, uid, at, text);
    ck_rc rc = append_entry(st, &e, err);
    if (rc == CK_OK && make_rows)
        rc = materialise(st, &e, row_id, err);
    if (rc == CK_OK && seq)
        *seq = e.seq;
    free(text);
    return rc;
}

ck_rc ck_ledger_record(ck_store *st, const char *kind, const char *uid, int64_t at, json_t *body,
                       int64_t *row_id, ck_err *err)
{
    return write_entry(st, kind, uid, at, body, true, NULL, row_id, err);
}

ck_rc ck_ledger_append(ck_store *st, const char *kind, const char *uid, int64_t at, json_t *body,
                       int64_t *seq, ck_err *err)
{
    return write_entry(st, kind, uid, at, body, false, seq, NULL, err);
}

/* ---- the head ---- */

ck_rc ck_store_ledger_head(ck_store *st, ck_ledger_head *out, ck_err *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->origin, sizeof out->origin, "%s", st->origin);
    return chain_head(st, st->origin, &out->seq, out->hash, err);
}

/* ---- checking the chains ---- */

static void read_entry(sqlite3_stmt *s, ck_ledger_entry *e)
{
    ck_store_col_text(s, 0, e->origin, sizeof e->origin);
    e->seq = sqlite3_column_int64(s, 1);
    ck_store_col_text(s, 2, e->kind, sizeof e->kind);
    ck_store_col_text(s, 3, e->uid, sizeof e->uid);
    e->at = sqlite3_column_int64(s, 4);
    const unsigned char *body = sqlite3_column_text(s, 5);
    e->body = body ? (const char *)body : "";
    ck_store_col_text(s, 6, e->prev, sizeof e->prev);
    ck_store_col_text(s, 7, e->hash, sizeof e->hash);
}

#define ENTRY_COLUMNS "origin, seq, kind, uid, at, body, prev, hash"

ck_rc ck_ledger_check_chains(ck_store *st, size_t *entries, size_t *origins, ck_err *err)
{
    const char *doing = N_("checking the chain");
    sqlite3_stmt *s = NULL;
    *entries = *origins = 0;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " ENTRY_COLUMNS " FROM ledger ORDER BY origin, seq",
                                doing, err);
    if (rc)
        return rc;
    char origin[CK_UID_LEN + 1] = "", prev[65] = GENESIS;
    int64_t last = 0;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        ck_ledger_entry e;
        read_entry(s, &e);
        if (strcmp(e.origin, origin) != 0) {
            snprintf(origin, sizeof origin, "%s", e.origin);
            memcpy(prev, GENESIS, sizeof prev);
            last = 0;
            (*origins)++;
        }
        char hash[65];
        if (e.seq == last + 2) {
            rc = ck_err_set(err, CK_EDB,
                            "entry %lld of chain %.8s is missing: it was deleted from the file "
                            "outside classkiosk; restore a backup",
                            (long long)last + 1, e.origin);
            break;
        }
        if (e.seq != last + 1) {
            rc = ck_err_set(err, CK_EDB,
                            "entries %lld to %lld of chain %.8s are missing: they were deleted "
                            "from the file outside classkiosk; restore a backup",
                            (long long)last + 1, (long long)e.seq - 1, e.origin);
            break;
        }
        if (strcmp(e.prev, prev) != 0) {
            rc = ck_err_set(err, CK_EDB,
                            "entry %lld of chain %.8s (%s) does not follow entry %lld: an entry "
                            "was removed or replaced outside classkiosk; restore a backup",
                            (long long)e.seq, e.origin, CK_MSG_PHRASE(kind_noun(e.kind)),
                            (long long)last);
            break;
        }
        entry_hash(hash, &e);
        if (strcmp(hash, e.hash) != 0) {
            rc = ck_err_set(err, CK_EDB,
                            "entry %lld of chain %.8s (%s) was edited after it was written: its "
                            "hash no longer matches; restore a backup",
                            (long long)e.seq, e.origin, CK_MSG_PHRASE(kind_noun(e.kind)));
            break;
        }
        memcpy(prev, e.hash, sizeof prev);
        last = e.seq;
        (*entries)++;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    return rc;
}

/* The entry expect_seq of this station's chain must have a hash starting with prefix. */
static ck_rc check_expected(ck_store *st, int64_t seq, const char *prefix, ck_err *err)
{
    ck_ledger_head head;
    ck_rc rc = ck_store_ledger_head(st, &head, err);
    if (rc)
        return rc;
    if (seq > head.seq)
        return ck_err_set(err, CK_EDB,
                          "the chain no longer holds entry %lld that was written down: it ends "
                          "at entry %lld, so entries were removed from its end outside "
                          "classkiosk; restore a backup",
                          (long long)seq, (long long)head.seq);
    sqlite3_stmt *s = NULL;
    if ((rc = ck_store_prepare(st, &s, "SELECT hash FROM ledger WHERE origin = ? AND seq = ?",
                               "checking the chain", err)))
        return rc;
    ck_store_bind_text(s, 1, st->origin);
    sqlite3_bind_int64(s, 2, seq);
    char hash[65] = "";
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        ck_store_col_text(s, 0, hash, sizeof hash);
    else if (step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, "checking the chain");
    sqlite3_finalize(s);
    if (rc)
        return rc;
    if (strncasecmp(hash, prefix, strlen(prefix)) != 0)
        return ck_err_set(err, CK_EDB,
                          "entry %lld of the chain is not the one written down: its hash begins "
                          "%.16s, not %s, so the chain was rewritten from there on outside "
                          "classkiosk; restore a backup",
                          (long long)seq, hash, prefix);
    return CK_OK;
}

/* ---- replaying and comparing ---- */

#define MAX_COLS 16

/* One row of a comparison view: column texts (NULL for SQL NULL). */
typedef struct vrow {
    char *col[MAX_COLS];
} vrow;

typedef struct vrows {
    vrow *rows;
    size_t n;
} vrows;

/* A materialised table as the comparison sees it: rows ordered by uid, with references as
 * uids. Column 0 is the uid; columns 1..ncmp are compared; after them come columns that only
 * show values to a person. */
typedef struct ledger_table {
    const char *sql;
    int ncols, ncmp;
    const char *fields[MAX_COLS]; /* what each compared column is, for messages */
    int show[MAX_COLS];           /* the column that shows compared column i; 0: itself */
    void (*describe)(ck_msg *out, const vrow *r); /* the record, for messages */
} ledger_table;

static const char *col(const vrow *r, int i)
{
    return r->col[i] ? r->col[i] : "";
}

#define LOCAL(x) "strftime('%Y-%m-%d %H:%M', " x ", 'unixepoch', 'localtime')"
#define HM(x) "printf('%02d:%02d', " x " / 60, " x " % 60)"

static void describe_course(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the course \"%s\"", col(r, 1));
}

static void describe_attendee(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the attendee %s", col(r, 2));
}

static void describe_event(ck_msg *out, const vrow *r)
{
    const char *kind = col(r, 2);
    if (strcmp(kind, "in") == 0)
        ck_msg_add(out, "the check-in of %s at %s", col(r, 11), col(r, 12));
    else if (strcmp(kind, "out") == 0)
        ck_msg_add(out, "the check-out of %s at %s", col(r, 11), col(r, 12));
    else
        ck_msg_add(out, "the undo for %s recorded at %s", col(r, 11), col(r, 13));
}

static void describe_license(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "license text version %s", col(r, 1));
}

static void describe_translation(ck_msg *out, const vrow *r)
{
    /* TRANSLATORS: "the de text of license version 2": a language code and a version. */
    ck_msg_add(out, "the %s text of license %s", col(r, 2), col(r, 6));
}

static void describe_decision(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the license decision of %s at %s", col(r, 9), col(r, 10));
}

static void describe_cert(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "certificate %s of %s", col(r, 0), col(r, 6));
}

static void describe_revocation(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the revocation of certificate %s", col(r, 1));
}

static void describe_key(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the signing key %s", col(r, 0));
}

static void describe_audit(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the audit record %s of %s", col(r, 3), col(r, 5));
}

static void describe_badge(ck_msg *out, const vrow *r)
{
    ck_msg_add(out, "the badge of %s made at %s", col(r, 4), col(r, 5));
}

static const ledger_table TABLES[] = {
    /* clang-format off */
    {"SELECT c.uid, c.title, c.trainer, c.credential, c.location, c.printer, c.contact_hours,"
     " c.tolerance_min, c.created_at, (SELECT group_concat(x, '; ') FROM (SELECT d.date || ' '"
     "  || " HM("d.start_min") " || '-' || " HM("d.end_min") " || coalesce((SELECT ' breaks '"
     "  || group_concat(b, ', ') FROM (SELECT " HM("k.start_min") " || '-' || " HM("k.end_min")
     "  AS b FROM course_break AS k WHERE k.course_id = d.course_id AND k.day_no = d.day_no"
     "  ORDER BY k.start_min)), '') AS x FROM course_day AS d WHERE d.course_id = c.id"
     "  ORDER BY d.day_no)), c.room, c.lang, " LOCAL("c.created_at") " FROM course AS c"
     " ORDER BY c.uid",
     13,
     11,
     {"", N_("title"), N_("trainer"), N_("credential"), N_("location"), N_("printer"),
      N_("contact hours"), N_("tolerance"), N_("creation time"), N_("schedule"), N_("room"),
      N_("certificate language")},
     {0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0},
     describe_course},
    /* clang-format on */
    {"SELECT a.uid, coalesce(c.uid, ''), a.name, a.email, a.name_key, a.created_at, a.lang,"
     " a.given, a.family, c.title, " LOCAL("a.created_at") " FROM attendee AS a LEFT JOIN course"
                                                           " AS c ON c.id = a.course_id"
                                                           " ORDER BY a.uid",
     11,
     8,
     {"", N_("course"), N_("name"), N_("e-mail"), N_("search key"), N_("creation time"),
      N_("language"), N_("given name"), N_("family name")},
     {0, 9, 0, 0, 0, 10, 0, 0, 0},
     describe_attendee},
    {"SELECT e.uid, coalesce(a.uid, ''), e.kind, e.at, e.recorded_at, e.source, "
     "e.reason,"
     " e.device, coalesce(t.uid, ''), e.origin, e.seq, a.name, " LOCAL("e.at") ", " LOCAL(
         "e.recorded_at") " FROM event AS e LEFT JOIN attendee AS a "
                          "ON a.id = e.attendee_id"
                          " LEFT JOIN event AS t ON t.id = "
                          "e.target_id ORDER BY e.uid",
     14,
     10,
     {"", N_("person"), N_("kind"), N_("time"), N_("recording time"), N_("source"), N_("reason"),
      N_("device"), N_("undone event"), N_("station"), N_("place in the chain")},
     {0, 11, 0, 12, 13, 0, 0, 0, 0, 0, 0},
     describe_event},
    {"SELECT uid, version, sha256, body, added_at, " LOCAL(
         "added_at") " FROM license_text ORDER BY uid",
     6,
     4,
     {"", N_("version"), N_("SHA-256"), N_("text"), N_("storing time")},
     {0, 0, 0, 0, 5},
     describe_license},
    {"SELECT t.uid, t.license, t.lang, t.sha256, t.body, t.added_at, 'version ' || "
     "l.version, " LOCAL("t.added_at") " FROM license_translation AS t LEFT JOIN license_text AS l"
                                       " ON l.uid = t.license ORDER BY t.uid",
     8,
     5,
     {"", N_("license text"), N_("language"), N_("SHA-256"), N_("text"), N_("storing time")},
     {0, 6, 0, 0, 0, 7},
     describe_translation},
    {"SELECT x.uid, coalesce(a.uid, ''), coalesce(l.uid, ''), x.decision, x.at, "
     "x.source,"
     " x.reason, x.lang, 'version ' || l.version, a.name, " LOCAL(
         "x.at") " FROM license_acceptance AS x LEFT JOIN attendee AS a ON a.id = "
                 "x.attendee_id"
                 " LEFT JOIN license_text AS l ON l.id = x.license_id ORDER BY x.uid",
     11,
     7,
     {"", N_("person"), N_("license text"), N_("decision"), N_("time"), N_("source"), N_("reason"),
      N_("language")},
     {0, 9, 8, 0, 10, 0, 0, 0},
     describe_decision},
    {"SELECT c.id, coalesce(a.uid, ''), c.token, c.kid, c.issued_at, c.expires_at, "
     "a.name, " LOCAL("c.issued_at") ", " LOCAL(
         "c.expires_at") " FROM certificate AS c LEFT JOIN attendee AS a ON a.id = "
                         "c.attendee_id ORDER BY c.id",
     9,
     5,
     {"", N_("holder"), N_("token"), N_("signing key"), N_("issue time"), N_("expiry")},
     {0, 6, 0, 0, 7, 8},
     describe_cert},
    {"SELECT uid, cert_id, at, reason, " LOCAL("at") " FROM revocation ORDER BY uid",
     5,
     3,
     {"", N_("certificate"), N_("time"), N_("reason")},
     {0, 0, 4, 0},
     describe_revocation},
    {"SELECT kid, origin, x, created_at, retired_at, " LOCAL(
         "created_at") " FROM signing_key ORDER BY kid",
     6,
     4,
     {"", N_("station"), N_("public key"), N_("creation time"), N_("retirement time")},
     {0, 0, 0, 5, 0},
     describe_key},
    {"SELECT uid, at, actor, action, detail, " LOCAL("at") " FROM audit ORDER BY uid",
     6,
     4,
     {"", N_("time"), N_("actor"), N_("action"), N_("detail")},
     {0, 5, 0, 0, 0},
     describe_audit},
    {"SELECT b.uid, coalesce(a.uid, ''), b.code, b.created_at, a.name, " LOCAL(
         "b.created_at") " FROM badge AS b LEFT JOIN attendee AS a ON a.id = b.attendee_id"
                         " ORDER BY b.uid",
     6,
     3,
     {"", N_("person"), N_("badge code"), N_("creation time")},
     {0, 4, 0, 5},
     describe_badge},
};

static void vrows_free(vrows *v, int ncols)
{
    for (size_t i = 0; v->rows && i < v->n; i++)
        for (int c = 0; c < ncols; c++)
            free(v->rows[i].col[c]);
    free(v->rows);
    v->rows = NULL;
    v->n = 0;
}

static ck_rc load_view(ck_store *st, const ledger_table *t, vrows *out, ck_err *err)
{
    const char *doing = N_("comparing the tables with the chain");
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_store_prepare(st, &s, t->sql, doing, err);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (!ck_array_reserve(&out->rows, &cap, out->n + 1, sizeof *out->rows)) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
            break;
        }
        vrow *r = &out->rows[out->n++];
        memset(r, 0, sizeof *r);
        for (int c = 0; c < t->ncols; c++) {
            const unsigned char *v = sqlite3_column_text(s, c);
            if (v && !(r->col[c] = strdup((const char *)v))) {
                rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
                break;
            }
        }
        if (rc)
            break;
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    if (rc)
        vrows_free(out, t->ncols);
    return rc;
}

/* How a difference is found, in the order a person reads them. */
typedef enum diff_kind { DIFF_CHANGED, DIFF_NO_ROW, DIFF_NO_ENTRY } diff_kind;

typedef struct diff {
    bool found;
    diff_kind kind;
    int64_t seq; /* the entry that made the record; INT64_MAX for a row without one */
    char origin[CK_UID_LEN + 1];
    const ledger_table *table;
    const vrow *chain, *row; /* what the chain says, what the table holds */
    int field;
    size_t count; /* differences in all */
} diff;

/* Where the entry that made uid sits in the chain. */
static void entry_of(ck_store *st, const char *uid, int64_t *seq, char *origin, size_t n)
{
    sqlite3_stmt *s = NULL;
    *seq = INT64_MAX;
    origin[0] = '\0';
    if (sqlite3_prepare_v2(st->db, "SELECT seq, origin FROM ledger WHERE uid = ?", -1, &s, NULL) !=
        SQLITE_OK)
        return;
    ck_store_bind_text(s, 1, uid);
    if (sqlite3_step(s) == SQLITE_ROW) {
        *seq = sqlite3_column_int64(s, 0);
        ck_store_col_text(s, 1, origin, n);
    }
    sqlite3_finalize(s);
}

static void note_diff(ck_store *st, diff *d, diff_kind kind, const ledger_table *t,
                      const vrow *chain, const vrow *row, int field)
{
    int64_t seq = INT64_MAX;
    char origin[CK_UID_LEN + 1] = "";
    d->count++;
    if (kind != DIFF_NO_ENTRY)
        entry_of(st, col(chain, 0), &seq, origin, sizeof origin);
    if (d->found && seq >= d->seq)
        return;
    d->found = true;
    d->kind = kind;
    d->seq = seq;
    snprintf(d->origin, sizeof d->origin, "%s", origin);
    d->table = t;
    d->chain = chain;
    d->row = row;
    d->field = field;
}

/* A value as a person reads it: the shown column if there is one, shortened. */
static void shown(char *out, size_t n, const ledger_table *t, const vrow *r, int field)
{
    int c = t->show[field] ? t->show[field] : field;
    const char *v = r->col[c] ? r->col[c] : (r->col[field] && *r->col[field] ? r->col[field] : "");
    size_t len = strlen(v);
    if (len > 60) {
        /* Cut at a character boundary and say so. */
        size_t cut = 57;
        while (cut > 0 && ((unsigned char)v[cut] & 0xC0) == 0x80)
            cut--;
        snprintf(out, n, "%.*s…", (int)cut, v);
    } else {
        snprintf(out, n, "%s", v);
    }
}

/* Compare one table of the replayed store with the real one. */
static void compare_table(ck_store *st, const ledger_table *t, const vrows *chain,
                          const vrows *table, diff *d)
{
    size_t i = 0, j = 0;
    while (i < chain->n || j < table->n) {
        int order = i == chain->n   ? 1
                    : j == table->n ? -1
                                    : strcmp(col(&chain->rows[i], 0), col(&table->rows[j], 0));
        if (order < 0) {
            note_diff(st, d, DIFF_NO_ROW, t, &chain->rows[i], NULL, 0);
            i++;
        } else if (order > 0) {
            note_diff(st, d, DIFF_NO_ENTRY, t, NULL, &table->rows[j], 0);
            j++;
        } else {
            for (int c = 1; c <= t->ncmp; c++) {
                const char *a = chain->rows[i].col[c], *b = table->rows[j].col[c];
                if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) {
                    note_diff(st, d, DIFF_CHANGED, t, &chain->rows[i], &table->rows[j], c);
                    break;
                }
            }
            i++;
            j++;
        }
    }
}

/* Say what the first difference is: the record, then what happened to it. */
static ck_rc report_diff(const diff *d, ck_err *err)
{
    char was[200], now[200];
    ck_msg m;
    ck_msg_clear(&m);
    switch (d->kind) {
    case DIFF_CHANGED:
        d->table->describe(&m, d->chain);
        shown(now, sizeof now, d->table, d->row, d->field);
        shown(was, sizeof was, d->table, d->chain, d->field);
        /* TRANSLATORS: after the record it is about ("the check-in of Zoë at …"); %3$s is a
           field's name ("time"). */
        ck_msg_add(&m,
                   " (entry %lld of chain %.8s) was changed in the database: its %s reads \"%s\" "
                   "there but \"%s\" in the chain",
                   (long long)d->seq, d->origin, CK_MSG_PHRASE(d->table->fields[d->field]), now,
                   was);
        break;
    case DIFF_NO_ROW:
        d->table->describe(&m, d->chain);
        /* TRANSLATORS: after the record it is about ("the check-in of Zoë at …"). */
        ck_msg_add(&m, " (entry %lld of chain %.8s) is missing from the database",
                   (long long)d->seq, d->origin);
        break;
    case DIFF_NO_ENTRY:
    default:
        d->table->describe(&m, d->row);
        /* TRANSLATORS: after the record it is about ("the check-in of Zoë at …"). */
        ck_msg_add(&m, " is in the database but in no chain");
        break;
    }
    if (d->count > 1)
        ck_msg_addn(&m, " (%zu records differ in all)", " (%zu records differ in all)", d->count,
                    d->count);
    switch (d->kind) {
    case DIFF_CHANGED:
        ck_msg_add(&m, "; the file was edited outside classkiosk: restore a backup, or find out "
                       "who changed it");
        break;
    case DIFF_NO_ROW:
        ck_msg_add(&m, "; it was deleted outside classkiosk: restore a backup, or find out who "
                       "deleted it");
        break;
    case DIFF_NO_ENTRY:
    default:
        ck_msg_add(&m, ": it was added outside classkiosk; restore a backup, or find out who "
                       "added it");
        break;
    }
    return ck_err_msg(err, CK_EDB, &m);
}

/* An entry whose replay waits for a record of another chain. */
typedef struct deferred {
    ck_ledger_entry e;
    char *body;
} deferred;

/* Whether entry (origin, seq) is one the file holds but could not materialise yet. */
static ck_rc waiting(ck_store *st, const char *origin, int64_t seq, bool *out, ck_err *err)
{
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT 1 FROM ledger_wait WHERE origin = ? AND seq = ?",
                                "replaying the chain", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, origin);
    sqlite3_bind_int64(s, 2, seq);
    int step = sqlite3_step(s);
    *out = step == SQLITE_ROW;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, "replaying the chain");
    sqlite3_finalize(s);
    return rc;
}

/* Replay every chain of st into the empty store mem. */
static ck_rc replay(ck_store *st, ck_store *mem, size_t *n_entries, ck_err *err)
{
    const char *doing = N_("replaying the chain");
    sqlite3_stmt *s = NULL;
    deferred *wait = NULL;
    size_t nwait = 0, cap = 0;
    ck_rc rc = ck_store_prepare(st, &s, "SELECT " ENTRY_COLUMNS " FROM ledger ORDER BY origin, seq",
                                doing, err);
    if (rc)
        return rc;
    if ((rc = ck_store_begin(mem, err))) {
        sqlite3_finalize(s);
        return rc;
    }
    int step;
    *n_entries = 0;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        ck_ledger_entry e;
        ck_err why = {0};
        read_entry(s, &e);
        (*n_entries)++;
        ck_rc one = materialise_apart(mem, &e, &why);
        if (one == CK_ENOTFOUND) {
            /* It refers to a record not replayed yet (another station's): try it later. */
            if (!ck_array_reserve(&wait, &cap, nwait + 1, sizeof *wait) ||
                !(wait[nwait].body = strdup(e.body))) {
                rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
                break;
            }
            wait[nwait].e = e;
            wait[nwait].e.body = wait[nwait].body;
            nwait++;
        } else if (one) {
            /* Set aside when it was taken in: it makes no rows there either. */
            bool aside = false;
            if ((rc = waiting(st, e.origin, e.seq, &aside, err)) == CK_OK && !aside)
                rc = ck_err_msg(err, one, &why.m);
            if (rc)
                break;
        }
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    for (bool progress = true; rc == CK_OK && nwait && progress;) {
        progress = false;
        for (size_t i = 0; i < nwait;) {
            ck_err why = {0};
            ck_rc one = materialise_apart(mem, &wait[i].e, &why);
            if (one == CK_ENOTFOUND) {
                i++;
                continue;
            }
            bool aside = false;
            if (one && (rc = waiting(st, wait[i].e.origin, wait[i].e.seq, &aside, err)) == CK_OK &&
                !aside)
                rc = ck_err_msg(err, one, &why.m);
            if (rc)
                break;
            free(wait[i].body);
            wait[i] = wait[--nwait];
            progress = true;
        }
    }
    /* What still waits here waits in the file too (pulled before what it refers to). */
    for (size_t i = 0; rc == CK_OK && i < nwait;) {
        bool waits = false;
        if ((rc = waiting(st, wait[i].e.origin, wait[i].e.seq, &waits, err)))
            break;
        if (waits) {
            free(wait[i].body);
            wait[i] = wait[--nwait];
        } else {
            i++;
        }
    }
    if (rc == CK_OK && nwait) {
        ck_err why = {0};
        materialise_apart(mem, &wait[0].e, &why);
        rc = ck_err_msg(err, CK_EDB, &why.m);
        ck_err_prefix(err, "entry %lld of chain %.8s (%s) refers to a record no chain holds: ",
                      (long long)wait[0].e.seq, wait[0].e.origin,
                      CK_MSG_PHRASE(kind_noun(wait[0].e.kind)));
        ck_err_append(err, "; the chain was made or changed outside classkiosk: restore a backup");
    }
    for (size_t i = 0; i < nwait; i++)
        free(wait[i].body);
    free(wait);
    if (rc)
        ck_store_rollback(mem);
    else
        rc = ck_store_commit(mem, err);
    return rc;
}

ck_rc ck_store_ledger_verify(ck_store *st, int64_t expect_seq, const char *expect_hash,
                             ck_ledger_report *out, ck_err *err)
{
    ck_store *mem = NULL;
    memset(out, 0, sizeof *out);
    /* One snapshot for every read, even while a kiosk keeps writing. */
    ck_rc rc = ck_store_begin_read(st, err);
    if (rc)
        return rc;
    if ((rc = ck_ledger_check_chains(st, &out->entries, &out->origins, err)) ||
        (rc = ck_store_ledger_head(st, &out->head, err)))
        goto done;
    if (expect_seq > 0 && (rc = check_expected(st, expect_seq, expect_hash, err)))
        goto done;
    size_t replayed = 0;
    if ((rc = ck_store_open_memory(&mem, err)) || (rc = replay(st, mem, &replayed, err)))
        goto done;
    diff d = {0};
    vrows chain[sizeof TABLES / sizeof TABLES[0]] = {{0}},
                                       table[sizeof TABLES / sizeof TABLES[0]] = {{0}};
    size_t nt = sizeof TABLES / sizeof TABLES[0];
    for (size_t t = 0; rc == CK_OK && t < nt; t++) {
        if ((rc = load_view(mem, &TABLES[t], &chain[t], err)) ||
            (rc = load_view(st, &TABLES[t], &table[t], err)))
            break;
        out->records += table[t].n;
        compare_table(st, &TABLES[t], &chain[t], &table[t], &d);
    }
    if (rc == CK_OK && d.found)
        rc = report_diff(&d, err);
    for (size_t t = 0; t < nt; t++) {
        vrows_free(&chain[t], TABLES[t].ncols);
        vrows_free(&table[t], TABLES[t].ncols);
    }
done:
    ck_store_close(mem);
    ck_store_rollback(st);
    return rc;
}

/* ---- replication: what a station sends and what it takes in ---- */

static void rec_of_row(sqlite3_stmt *s, ck_ledger_rec *r)
{
    ck_ledger_entry e;
    read_entry(s, &e);
    memset(r, 0, sizeof *r);
    memcpy(r->origin, e.origin, sizeof r->origin);
    r->seq = e.seq;
    memcpy(r->kind, e.kind, sizeof r->kind);
    memcpy(r->uid, e.uid, sizeof r->uid);
    r->at = e.at;
    r->body = strdup(e.body);
    memcpy(r->prev, e.prev, sizeof r->prev);
    memcpy(r->hash, e.hash, sizeof r->hash);
}

static void entry_of_rec(ck_ledger_entry *e, const ck_ledger_rec *r)
{
    memset(e, 0, sizeof *e);
    snprintf(e->origin, sizeof e->origin, "%s", r->origin);
    e->seq = r->seq;
    snprintf(e->kind, sizeof e->kind, "%s", r->kind);
    snprintf(e->uid, sizeof e->uid, "%s", r->uid);
    e->at = r->at;
    e->body = r->body ? r->body : "";
    snprintf(e->prev, sizeof e->prev, "%s", r->prev);
    snprintf(e->hash, sizeof e->hash, "%s", r->hash);
}

static void head_row(sqlite3_stmt *s, void *elem)
{
    ck_ledger_head *h = elem;
    ck_store_col_text(s, 0, h->origin, sizeof h->origin);
    h->seq = sqlite3_column_int64(s, 1);
    ck_store_col_text(s, 2, h->hash, sizeof h->hash);
}

ck_rc ck_store_ledger_heads(ck_store *st, ck_ledger_head **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the chains");
    sqlite3_stmt *s = NULL;
    /* SQLite takes a bare column's value from the row that max() picked. */
    ck_rc rc = ck_store_prepare(
        st, &s, "SELECT origin, max(seq), hash FROM ledger GROUP BY origin ORDER BY origin", doing,
        err);
    return rc ? rc
              : ck_store_select_all(st, s, sizeof **out, head_row, (void **)out, n, doing, err);
}

/* The entries a prepared statement selects (ENTRY_COLUMNS), into a new list; finalizes it. */
static ck_rc select_recs(ck_store *st, sqlite3_stmt *s, ck_ledger_rec **out, size_t *n,
                         const char *doing, ck_err *err)
{
    ck_ledger_rec *list = NULL;
    size_t count = 0, cap = 0;
    ck_rc rc = CK_OK;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (!ck_array_reserve(&list, &cap, count + 1, sizeof *list)) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
            break;
        }
        rec_of_row(s, &list[count]);
        if (!list[count++].body) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
            break;
        }
    }
    if (rc == CK_OK && step != SQLITE_DONE)
        rc = ck_store_fail(st, err, step, doing);
    sqlite3_finalize(s);
    if (rc) {
        ck_ledger_rec_list_free(list, count);
        list = NULL;
        count = 0;
    }
    *out = list;
    *n = count;
    return rc;
}

ck_rc ck_store_ledger_read(ck_store *st, const char *origin, int64_t after, size_t limit,
                           ck_ledger_rec **out, size_t *n, ck_err *err)
{
    const char *doing = N_("reading the chain");
    sqlite3_stmt *s = NULL;
    *out = NULL;
    *n = 0;
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT " ENTRY_COLUMNS " FROM ledger WHERE origin = ? AND seq > ?"
                                " ORDER BY seq LIMIT ?",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, origin);
    sqlite3_bind_int64(s, 2, after);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
    return select_recs(st, s, out, n, doing, err);
}

ck_rc ck_store_ledger_hash_at(ck_store *st, const char *origin, int64_t seq, char hash[65],
                              ck_err *err)
{
    sqlite3_stmt *s = NULL;
    hash[0] = '\0';
    ck_rc rc = ck_store_prepare(st, &s, "SELECT hash FROM ledger WHERE origin = ? AND seq = ?",
                                "reading the chain", err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, origin);
    sqlite3_bind_int64(s, 2, seq);
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        ck_store_col_text(s, 0, hash, 65);
    else if (step == SQLITE_DONE)
        rc = ck_err_set(err, CK_ENOTFOUND, "entry %lld of chain %.8s is not here", (long long)seq,
                        origin);
    else
        rc = ck_store_fail(st, err, step, "reading the chain");
    sqlite3_finalize(s);
    return rc;
}

static bool lower_hex(const char *s, size_t len)
{
    if (strlen(s) != len)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* Check that e continues the chain whose newest entry is (seq, hash). */
static ck_rc check_continues(const ck_ledger_entry *e, int64_t seq, const char *hash, ck_err *err)
{
    if (!lower_hex(e->origin, CK_UID_LEN))
        return ck_err_set(
            err, CK_EDB, "an entry names the station \"%.40s\", which is no station id", e->origin);
    if (!kind_find(e->kind))
        return ck_err_set(err, CK_EVERSION,
                          "entry %lld of chain %.8s is of a kind this classkiosk does not know "
                          "(\"%.31s\"): a newer classkiosk wrote it; update this station",
                          (long long)e->seq, e->origin, e->kind);
    if (e->seq != seq + 1)
        return ck_err_set(err, CK_EDB,
                          "entry %lld of chain %.8s does not continue it: this station holds "
                          "entries up to %lld",
                          (long long)e->seq, e->origin, (long long)seq);
    if (strcmp(e->prev, hash) != 0)
        return ck_err_set(err, CK_EDB,
                          "entry %lld of chain %.8s does not follow entry %lld that this station "
                          "holds: the two copies of that chain differ",
                          (long long)e->seq, e->origin, (long long)seq);
    char again[65];
    entry_hash(again, e);
    if (strcmp(again, e->hash) != 0)
        return ck_err_set(err, CK_EDB,
                          "entry %lld of chain %.8s (%s) does not match its hash: it was changed "
                          "on its way or on the server",
                          (long long)e->seq, e->origin, kind_noun(e->kind));
    return CK_OK;
}

/* Keep entry e aside (wait), with why (a message, stored to be worded when read) when it can
 * never be materialised; or no more. */
static ck_rc mark_waiting(ck_store *st, const ck_ledger_entry *e, bool wait, const ck_msg *why,
                          ck_err *err)
{
    const char *doing = N_("taking in the chain");
    sqlite3_stmt *s = NULL;
    ck_rc rc = ck_store_prepare(st, &s,
                                wait ? "INSERT INTO ledger_wait (origin, seq, why) VALUES (?, ?, ?)"
                                     : "DELETE FROM ledger_wait WHERE origin = ? AND seq = ?",
                                doing, err);
    if (rc)
        return rc;
    ck_store_bind_text(s, 1, e->origin);
    sqlite3_bind_int64(s, 2, e->seq);
    char *json = why ? ck_store_msg_json(why) : NULL;
    if (wait) /* a set-aside entry's why is never '', which means waiting */
        ck_store_bind_text(s, 3, json ? json : why ? "?" : "");
    free(json);
    return ck_store_exec_stmt(st, s, doing, err);
}

/* Whether a materialiser's failure is the entry's (a record this build cannot make), not the
 * file's or the machine's. */
static bool entry_at_fault(ck_rc rc)
{
    return rc == CK_EDB || rc == CK_EINVAL;
}

/* Materialise what waited for a record that has now arrived, until nothing more can be. */
static ck_rc resolve_waiting(ck_store *st, size_t *resolved, size_t *left, ck_err *err)
{
    const char *doing = N_("taking in the chain");
    for (bool progress = true; progress;) {
        progress = false;
        ck_ledger_rec *list = NULL;
        size_t n = 0;
        sqlite3_stmt *s = NULL;
        ck_rc rc = ck_store_prepare(st, &s,
                                    "SELECT " ENTRY_COLUMNS " FROM ledger JOIN ledger_wait"
                                    " USING (origin, seq) WHERE why = '' ORDER BY origin, seq",
                                    doing, err);
        if (rc || (rc = select_recs(st, s, &list, &n, doing, err)))
            return rc;
        *left = n;
        for (size_t i = 0; rc == CK_OK && i < n; i++) {
            ck_ledger_entry e;
            ck_err why = {0};
            entry_of_rec(&e, &list[i]);
            ck_rc one = materialise_apart(st, &e, &why);
            if (one == CK_ENOTFOUND)
                continue;
            if (one && entry_at_fault(one)) {
                /* What it waited for came, and it still cannot be made: set aside. */
                if ((rc = mark_waiting(st, &e, false, NULL, err)) == CK_OK &&
                    (rc = mark_waiting(st, &e, true, &why.m, err)) == CK_OK)
                    (*left)--;
                continue;
            }
            if (one)
                rc = ck_err_msg(err, one, &why.m);
            else if ((rc = mark_waiting(st, &e, false, NULL, err)) == CK_OK) {
                (*resolved)++;
                (*left)--;
                progress = true;
            }
        }
        ck_ledger_rec_list_free(list, n);
        if (rc)
            return rc;
    }
    return CK_OK;
}

ck_rc ck_store_ledger_import(ck_store *st, const ck_ledger_rec *recs, size_t n, bool own_too,
                             ck_ledger_import *out, ck_err *err)
{
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_store_begin(st, err);
    if (rc)
        return rc;
    char origin[CK_UID_LEN + 1] = "", hash[65] = "";
    int64_t seq = -1;
    for (size_t i = 0; rc == CK_OK && i < n; i++) {
        ck_ledger_entry e;
        entry_of_rec(&e, &recs[i]);
        if (!own_too && strcmp(e.origin, st->origin) == 0) {
            rc = ck_err_set(err, CK_EDB,
                            "entry %lld of this station's own chain came from outside; only the "
                            "station itself writes its chain",
                            (long long)e.seq);
            break;
        }
        if (seq < 0 || strcmp(origin, e.origin) != 0) {
            snprintf(origin, sizeof origin, "%s", e.origin);
            if ((rc = chain_head(st, origin, &seq, hash, err)))
                break;
        }
        if (e.seq >= 1 && e.seq <= seq) {
            /* Held already (another sync took it in meanwhile): the same entry, or refused. */
            char have[65], again[65];
            if ((rc = ck_store_ledger_hash_at(st, e.origin, e.seq, have, err)))
                break;
            entry_hash(again, &e);
            if (strcmp(have, e.hash) != 0 || strcmp(again, e.hash) != 0) {
                rc = ck_err_set(err, CK_EDB,
                                "entry %lld of chain %.8s is not the one this station holds: "
                                "the two copies of that chain differ",
                                (long long)e.seq, e.origin);
                break;
            }
            out->held++;
            continue;
        }
        if ((rc = check_continues(&e, seq, hash, err)) || (rc = insert_entry(st, &e, err)))
            break;
        seq = e.seq;
        memcpy(hash, e.hash, sizeof hash);
        out->added++;
        ck_err why = {0};
        ck_rc one = materialise_apart(st, &e, &why);
        if (one == CK_ENOTFOUND) { /* it refers to a record of a chain not taken in yet */
            rc = mark_waiting(st, &e, true, NULL, err);
        } else if (one && entry_at_fault(one)) {
            /* A record this classkiosk cannot make (another build's, or made outside
             * classkiosk): kept in the chain, set aside with why, the rest goes on. */
            rc = mark_waiting(st, &e, true, &why.m, err);
            out->refused++;
        } else if (one) {
            rc = ck_err_msg(err, one, &why.m);
        }
    }
    if (rc == CK_OK)
        rc = resolve_waiting(st, &out->resolved, &out->waiting, err);
    if (rc) {
        ck_store_rollback(st);
        memset(out, 0, sizeof *out);
        return rc;
    }
    return ck_store_commit(st, err);
}

ck_rc ck_store_ledger_aside(ck_store *st, size_t *n, ck_msg *why, ck_err *err)
{
    const char *doing = N_("reading the chains");
    char json[4 * CK_MSG_POOL] = "";
    sqlite3_stmt *s = NULL;
    *n = 0;
    ck_msg_clear(why);
    ck_rc rc = ck_store_prepare(st, &s,
                                "SELECT count(*), (SELECT why FROM ledger_wait WHERE why <> ''"
                                " ORDER BY origin, seq LIMIT 1) FROM ledger_wait WHERE why <> ''",
                                doing, err);
    if (rc)
        return rc;
    int step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *n = (size_t)sqlite3_column_int64(s, 0);
        ck_store_col_text(s, 1, json, sizeof json);
        if (*n)
            ck_store_msg_from_json(why, json, json);
    } else {
        rc = ck_store_fail(st, err, step, doing);
    }
    sqlite3_finalize(s);
    return rc;
}
