/* The chain against someone with the file and sqlite3: each change made outside classkiosk is
 * named by "audit verify"; a cut-off end is found with the head written down; a revoked
 * certificate stays revoked; a schema-3 file upgrades with its records. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "cli_support.h"

/* Run the real sqlite3 command line on db: what someone with the file would do. */
static void sqlite_cli(const char *db, const char *sql)
{
    ck_proc p = {0};
    const char *argv[] = {"sqlite3", db, sql, NULL};
    if (ck_test_exec(&p, NULL, argv) != 0)
        ck_test_fail(__FILE__, __LINE__, "sqlite3 %s: %s", sql, p.err);
    ck_proc_clear(&p);
}

/* A copy of db, WAL and all, to attack, at out. */
static const char *copy_of(const char *db, const char *name, char out[4096])
{
    char cmd[4200];
    snprintf(out, 4096, "%s", ck_test_path(name));
    snprintf(cmd, sizeof cmd, ".backup '%s'", out);
    sqlite_cli(db, cmd);
    return out;
}

/* The head "SEQ:HASH" that audit head prints, into out. */
static void head_of(const char *db, char *out, size_t n)
{
    ck_proc p = {0};
    CLI_OK(&p, db, AFTER, "audit", "head", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    snprintf(out, n, "%s", json_string_value(json_object_get(doc, "head")));
    json_decref(doc);
    ck_proc_clear(&p);
}

/* A course with certificates for Zoë and Anna, Anna's revoked; its PDF path in revoked_pdf. */
static void station(const char *db, char *revoked_pdf, size_t n)
{
    ck_proc p = {0};
    cli_graduates(db, ck_test_path("roster.csv"));
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_tmpdir());
    CK_CHECK_CONTAINS(p.out, "chain head ");
    CLI_OK(&p, db, AFTER, "certs", "issue", "anna@example.ru", "--out", ck_test_tmpdir());
    cli_issued_pdf(p.out, revoked_pdf, n);
    char id[32];
    snprintf(id, sizeof id, "%.14s", strstr(p.out, "CK-"));
    CLI_OK(&p, db, AFTER, "roster", "badges", "--out", ck_test_path("badges.pdf"));
    CLI_OK(&p, db, AFTER, "certs", "revoke", id, "--reason", "issued by mistake");
    CLI_OK(&p, db, AFTER, "audit", "verify");
    CK_CHECK_CONTAINS(p.out, "audit trail intact");
    ck_proc_clear(&p);
}

static void every_change_is_named(void)
{
    char pdf[4096], db[4096], copy[4096];
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    station(db, pdf, sizeof pdf);
    struct {
        const char *what, *sql, *expect;
    } attacks[] = {
        {"an event moved by an hour",
         "DROP TRIGGER event_append_only_u;"
         "UPDATE event SET at = at + 3600 WHERE id = (SELECT min(id) FROM event)",
         "the check-in of Zoë Ångström-Núñez at 2026-11-23 08:55 (entry "},
        {"events deleted",
         "DROP TRIGGER event_append_only_d; DELETE FROM event WHERE attendee_id ="
         " (SELECT id FROM attendee WHERE email = 'mateo@example.es')",
         "the check-in of Mateo García at 2026-11-23 09:40 (entry "},
        {"an attendee renamed",
         "UPDATE attendee SET name = 'Mallory' WHERE email = 'zoe@example.org'",
         "its name reads \"Mallory\" there but \"Zoë Ångström-Núñez\" in the chain"},
        {"a certificate reassigned",
         "DROP TRIGGER certificate_append_only_u; UPDATE certificate SET attendee_id ="
         " (SELECT id FROM attendee WHERE email = 'mateo@example.es') WHERE attendee_id ="
         " (SELECT id FROM attendee WHERE email = 'zoe@example.org')",
         "its holder reads \"Mateo García\" there but \"Zoë Ångström-Núñez\" in the chain"},
        {"a course's certificate language changed", "UPDATE course SET lang = 'fr'",
         "its certificate language reads \"fr\" there but \"en\" in the chain"},
        {"a revocation deleted", "DROP TRIGGER revocation_append_only_d; DELETE FROM revocation",
         "the revocation of certificate CK-"},
        {"an event added",
         "INSERT INTO event (uid, attendee_id, kind, at, recorded_at, source)"
         " SELECT 'forged', id, 'out', 1795453200, 1795453200, 'kiosk'"
         " FROM attendee WHERE email = 'mateo@example.es'",
         "is in the database but in no chain"},
        {"a badge's code swapped for another",
         "DROP TRIGGER badge_append_only_u; UPDATE badge SET code ="
         " 'CKBADGE1111111111222222222233333333334444444444' WHERE attendee_id ="
         " (SELECT id FROM attendee WHERE email = 'zoe@example.org')",
         "the badge of Zoë Ångström-Núñez made at 2026-11-24 17:30 (entry "},
        {"a badge deleted", "DROP TRIGGER badge_append_only_d; DELETE FROM badge", "the badge of "},
        {"a family name set",
         "UPDATE attendee SET family = 'Mallory' WHERE email = 'zoe@example.org'",
         "its family name reads \"Mallory\" there but \"\" in the chain"},
        {"a chain entry edited",
         "DROP TRIGGER ledger_append_only_u;"
         "UPDATE ledger SET body = replace(body, 'Mateo', 'Mattheo') WHERE kind = 'attendee'",
         "was edited after it was written"},
        {"a decision's language changed",
         "DROP TRIGGER acceptance_append_only_u;"
         " UPDATE license_acceptance SET lang = 'de' WHERE attendee_id ="
         " (SELECT id FROM attendee WHERE email = 'zoe@example.org')",
         "its language reads \"de\" there but \"en\" in the chain"},
        {"a license translation edited",
         "DROP TRIGGER license_translation_append_only_u;"
         " UPDATE license_translation SET body = 'Nichts.' WHERE lang = 'de'",
         "the de text of license version 1"},
        {"a chain entry deleted",
         "DROP TRIGGER ledger_append_only_d; DELETE FROM ledger WHERE seq = 8", "entry 8 of chain"},
    };
    for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
        ck_proc p = {0};
        char name[32];
        snprintf(name, sizeof name, "attack%zu.db", i);
        copy_of(db, name, copy);
        sqlite_cli(copy, attacks[i].sql);
        CLI(&p, copy, AFTER, "audit", "verify");
        if (p.status != 1)
            ck_test_fail(__FILE__, __LINE__, "%s: audit verify exit %d, said: %s", attacks[i].what,
                         p.status, p.out);
        CK_CHECK_CONTAINS(p.out, "audit trail BROKEN");
        CK_CHECK_CONTAINS(p.err, attacks[i].expect);
        ck_proc_clear(&p);
    }
}

static void revoked_stays_revoked(void)
{
    char pdf[4096], db[4096], row[4096], key[4200];
    ck_proc p = {0};
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    snprintf(key, sizeof key, "%s/station.key", ck_test_tmpdir());
    station(db, pdf, sizeof pdf);
    CLI(&p, db, AFTER, "verify", pdf);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "INVALID (revoked)");
    /* The table row goes: the chain still holds the revocation, and verify reads the chain. */
    copy_of(db, "row.db", row);
    sqlite_cli(row, "DROP TRIGGER revocation_append_only_d; DELETE FROM revocation");
    CLI(&p, row, AFTER, "--key", key, "verify", pdf);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.out, "INVALID (revoked)");
    /* Its entry goes too: the chain is broken, and nothing verifies on it until it is whole. */
    sqlite_cli(row,
               "DROP TRIGGER ledger_append_only_d; DELETE FROM ledger WHERE kind = 'revocation'");
    CLI(&p, row, AFTER, "--key", key, "verify", pdf);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_NOT_CONTAINS(p.out, "VALID —");
    CK_CHECK_CONTAINS(p.err, "cannot be checked against this station's revocations");
    ck_proc_clear(&p);
}

static void cut_off_end_needs_the_head(void)
{
    char pdf[4096], head[64], db[4096];
    ck_proc p = {0};
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    station(db, pdf, sizeof pdf);
    CLI_OK(&p, db, AFTER, "audit", "head");
    head_of(db, head, sizeof head);
    CK_CHECK_CONTAINS(p.out, head);
    CLI_OK(&p, db, AFTER, "audit", "verify", "--expect", head);
    CK_CHECK_CONTAINS(p.out, "still holds the head written down");
    /* The newest audit record goes, with its entry: nothing in the file shows it. */
    sqlite_cli(db,
               "DROP TRIGGER ledger_append_only_d; DROP TRIGGER audit_append_only_d;"
               "DELETE FROM audit WHERE uid = (SELECT uid FROM ledger ORDER BY seq DESC LIMIT 1);"
               "DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger)");
    CLI_OK(&p, db, AFTER, "audit", "verify");
    /* The head written down does. */
    CLI(&p, db, AFTER, "audit", "verify", "--expect", head);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.err, "the chain no longer holds entry");
    /* A head written short (8 hex digits) is enough to ask with; a malformed one is refused. */
    char shorter[32];
    snprintf(shorter, sizeof shorter, "%.*s", (int)(strchr(head, ':') - head + 9), head);
    CLI(&p, db, AFTER, "audit", "verify", "--expect", shorter);
    CK_CHECK_INT(p.status, 1);
    CLI(&p, db, AFTER, "audit", "verify", "--expect", "12:abc");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.err, "is not a chain head");
    ck_proc_clear(&p);
}

/* SHA-256 over length-prefixed fields, as the chain does it (see src/README.md). */
static void rehash(const char *const f[7], char out[65])
{
    crypto_hash_sha256_state h;
    unsigned char d[32];
    crypto_hash_sha256_init(&h);
    for (int i = 0; i < 7; i++) {
        char len[24];
        int k = snprintf(len, sizeof len, "%zu:", strlen(f[i]));
        crypto_hash_sha256_update(&h, (const unsigned char *)len, (unsigned long long)k);
        crypto_hash_sha256_update(&h, (const unsigned char *)f[i], strlen(f[i]));
    }
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(out, 65, d, sizeof d);
}

/* The careful attacker: an event moved, and every entry from it on hashed again, so the chain
 * holds together. Only a head written down before tells. */
static void rewritten_chain_needs_the_head(void)
{
    char pdf[4096], head[64], db[4096];
    ck_proc p = {0};
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    station(db, pdf, sizeof pdf);
    head_of(db, head, sizeof head);
    sqlite3 *raw = NULL;
    sqlite3_stmt *s = NULL;
    CK_CHECK_INT(sqlite3_open(db, &raw), SQLITE_OK);
    sqlite3_exec(
        raw,
        "DROP TRIGGER ledger_append_only_u; DROP TRIGGER event_append_only_u;"
        "UPDATE event SET at = at + 3600 WHERE id = 1;"
        "UPDATE ledger SET body = json_set(body, '$.at', json_extract(body, '$.at') + 3600)"
        " WHERE uid = (SELECT uid FROM event WHERE id = 1)",
        NULL, NULL, NULL);
    sqlite3_prepare_v2(raw, "SELECT origin, seq, kind, uid, at, body FROM ledger ORDER BY seq", -1,
                       &s, NULL);
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *f[7] = {prev};
        for (int c = 0; c < 6; c++)
            f[c + 1] = (const char *)sqlite3_column_text(s, c);
        char hash[65], *sql;
        rehash(f, hash);
        sql = sqlite3_mprintf("UPDATE ledger SET prev = '%q', hash = '%q' WHERE seq = %d", prev,
                              hash, sqlite3_column_int(s, 1));
        sqlite3_exec(raw, sql, NULL, NULL, NULL);
        sqlite3_free(sql);
        memcpy(prev, hash, sizeof prev);
    }
    sqlite3_finalize(s);
    sqlite3_close(raw);
    CLI_OK(&p, db, AFTER, "audit", "verify");
    CLI(&p, db, AFTER, "audit", "verify", "--expect", head);
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.err, "is not the one written down");
    ck_proc_clear(&p);
}

static json_t *json_file(const char *path)
{
    char *text = ck_test_read_file(path, NULL);
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return doc;
}

/* tests/data/schema3.sql: a station's file as classkiosk 0.1 left it at schema 3. */
static void schema_3_file_upgrades(void)
{
    char fixture[4096], status[4096], sql[4096 + 64], db[4096];
    ck_proc p = {0};
    const char *now = "2026-11-24 18:12";
    snprintf(db, sizeof db, "%s", ck_test_path("old.db"));
    snprintf(fixture, sizeof fixture, "%s/tests/data/schema3.sql", ck_test_source_dir());
    snprintf(status, sizeof status, "%s/tests/data/schema3-status.json", ck_test_source_dir());
    snprintf(sql, sizeof sql, ".read '%s'", fixture);
    sqlite_cli(db, sql);
    /* Reading never upgrades: it says how. */
    CLI_FAILS(&p, db, now, "upgrade it first with \"classkiosk init\"", "status");
    CLI_OK(&p, db, now, "config", "set", "station", "Front desk");
    CLI_OK(&p, db, now, "audit", "verify");
    CK_CHECK_CONTAINS(p.out, "audit trail intact: 50 chain entries");
    /* Every record as it was: the same status, person by person, day by day. */
    CLI_OK(&p, db, now, "status", "--json");
    json_t *before = json_file(status), *after = json_loads(p.out, 0, NULL);
    CK_CHECK(before && after && json_equal(before, after));
    json_decref(before);
    json_decref(after);
    /* Courses from before languages were English, and say so. */
    CLI_OK(&p, db, now, "course", "list", "--json");
    CK_CHECK_CONTAINS(p.out, "\"lang\": \"en\"");
    CLI_OK(&p, db, now, "audit");
    CK_CHECK_CONTAINS(p.out, "db.upgrade");
    CK_CHECK_CONTAINS(p.out, "cert.revoke");
    /* And what was carried over is guarded like the rest. */
    sqlite_cli(db, "DROP TRIGGER event_append_only_u; UPDATE event SET at = at - 600 WHERE id = 4");
    CLI(&p, db, now, "audit", "verify");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK_CONTAINS(p.err, "the check-in of Mateo García at 2026-11-23 09:40");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (sodium_init() < 0)
        return 1;
    CK_RUN(every_change_is_named);
    CK_RUN(revoked_stays_revoked);
    CK_RUN(cut_off_end_needs_the_head);
    CK_RUN(rewritten_chain_needs_the_head);
    CK_RUN(schema_3_file_upgrades);
    return ck_test_done();
}
