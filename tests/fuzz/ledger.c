/* Fuzzing store/ledger.c's intake of other stations' chains (what sync pulls): each input is
 * lines "KIND<TAB>UID<TAB>BODY", made into one chain of a station of its own with the right
 * seq, prev and hash (computed here, as src/README.md's "The ledger" defines it), and taken in
 * by a fresh station with ck_store_ledger_import. Properties:
 * - a refusal says why and stores nothing of the chain;
 * - what is taken in is the whole chain, and the tables are exactly what replaying the chains
 *   makes of them (audit verify passes): every materialiser writes what replay writes;
 * - the same chain again is taken once (nothing added, nothing changed);
 * - the chain with one byte of a body changed is refused (its hash no longer matches).
 * CK_FUZZ_SEEDS=DIR is not used: the seeds are a real station's chain (see README.md). */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "store/store.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

#define MAX_ENTRIES 64
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static char template_db[4200], db[4200];

static void feed(crypto_hash_sha256_state *h, const char *field)
{
    char len[24];
    int k = snprintf(len, sizeof len, "%zu:", strlen(field));
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)field, strlen(field));
}

/* The entry's hash: prev, origin, seq, kind, uid, at, body, each as "<length>:<bytes>". */
static void entry_hash(ck_ledger_rec *e)
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    char seq[24], at[24];
    snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
    snprintf(at, sizeof at, "%lld", (long long)e->at);
    crypto_hash_sha256_init(&h);
    feed(&h, e->prev);
    feed(&h, e->origin);
    feed(&h, seq);
    feed(&h, e->kind);
    feed(&h, e->uid);
    feed(&h, at);
    feed(&h, e->body);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(e->hash, sizeof e->hash, digest, sizeof digest);
}

/* A fresh station's file, copied from one made once. */
static bool fresh_station(void)
{
    if (!template_db[0]) {
        ck_store *st = NULL;
        ck_err err = {0};
        snprintf(template_db, sizeof template_db, "%s/template.db", ck_fuzz_tmpdir());
        if (sodium_init() < 0 || ck_store_open(&st, template_db, CK_STORE_CREATE, &err) != CK_OK) {
            fprintf(stderr, "fuzz: cannot make a station: %s\n", err.msg);
            abort();
        }
        ck_store_close(st);
        snprintf(db, sizeof db, "%s/station.db", ck_fuzz_tmpdir());
    }
    char *text = NULL;
    FILE *f = fopen(template_db, "rb");
    if (!f)
        return false;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = malloc((size_t)n);
    bool ok = text && fread(text, 1, (size_t)n, f) == (size_t)n;
    fclose(f);
    char wal[4300];
    snprintf(wal, sizeof wal, "%s-wal", db);
    remove(wal);
    ok = ok && ck_fuzz_write(db, text, (size_t)n, 0600);
    free(text);
    return ok;
}

/* Split the input into entries of one chain; *n of them. */
static size_t parse(const uint8_t *data, size_t size, ck_ledger_rec *out)
{
    static const char *const ORIGIN = "5eed0f1e5eed0f1e5eed0f1e5eed0f1e";
    size_t n = 0, i = 0;
    char prev[65] = GENESIS;
    while (i < size && n < MAX_ENTRIES) {
        size_t end = i;
        while (end < size && data[end] != '\n')
            end++;
        const uint8_t *line = data + i;
        size_t len = end - i;
        i = end + 1;
        const uint8_t *t1 = memchr(line, '\t', len);
        const uint8_t *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - line)) : NULL;
        if (!t2)
            continue;
        ck_ledger_rec *e = &out[n];
        memset(e, 0, sizeof *e);
        snprintf(e->origin, sizeof e->origin, "%s", ORIGIN);
        e->seq = (int64_t)n + 1;
        snprintf(e->kind, sizeof e->kind, "%.*s", (int)(t1 - line), (const char *)line);
        snprintf(e->uid, sizeof e->uid, "%.*s", (int)(t2 - t1 - 1), (const char *)t1 + 1);
        e->at = 1795417200 + (int64_t)n * 60;
        e->body = ck_fuzz_strndup(t2 + 1, len - (size_t)(t2 + 1 - line));
        memcpy(e->prev, prev, sizeof prev);
        entry_hash(e);
        memcpy(prev, e->hash, sizeof prev);
        n++;
    }
    return n;
}

static long entries_of(const char *origin)
{
    sqlite3 *s = NULL;
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(s, "SELECT count(*) FROM ledger WHERE origin = ?", -1, &st, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(s);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_ledger_rec recs[MAX_ENTRIES];
    size_t n = parse(data, size, recs);
    if (n == 0 || !fresh_station())
        goto done;
    ck_store *st = NULL;
    ck_err err = {0};
    ck_ledger_import got;
    if (ck_store_open(&st, db, CK_STORE_EXISTING, &err) != CK_OK) {
        fprintf(stderr, "fuzz: cannot open the station: %s\n", err.msg);
        abort();
    }
    ck_rc rc = ck_store_ledger_import(st, recs, n, false, &got, &err);
    if (rc != CK_OK) {
        CK_PROPERTY(err.msg[0] != '\0', "a refused chain without a sentence (rc %d)", (int)rc);
        CK_PROPERTY(entries_of(recs[0].origin) == 0,
                    "a refused chain left %ld of its entries behind: %s",
                    entries_of(recs[0].origin), err.msg);
        ck_store_close(st);
        goto done;
    }
    CK_PROPERTY(got.added == n, "%zu of %zu entries taken in", got.added, n);
    CK_PROPERTY(entries_of(recs[0].origin) == (long)n, "the file holds %ld of %zu entries",
                entries_of(recs[0].origin), n);
    ck_ledger_report rep;
    ck_err why = {0};
    CK_PROPERTY(ck_store_ledger_verify(st, 0, NULL, &rep, &why) == CK_OK,
                "the tables differ from the replayed chain after taking it in: %s", why.msg);
    /* Again: taken once, nothing doubled. */
    CK_PROPERTY(ck_store_ledger_import(st, recs, n, false, &got, &err) == CK_OK && got.added == 0 &&
                    got.held == n,
                "the same chain a second time: %s (%zu added, %zu held)", err.msg, got.added,
                got.held);
    CK_PROPERTY(entries_of(recs[0].origin) == (long)n, "a second intake changed the file");
    ck_store_close(st);
    /* One byte of a body changed on the way: refused. */
    if (fresh_station() && ck_store_open(&st, db, CK_STORE_EXISTING, &err) == CK_OK) {
        size_t k = (size_t)data[0] % n;
        size_t len = strlen(recs[k].body);
        if (len) {
            recs[k].body[len / 2] ^= 0x01;
            if (recs[k].body[len / 2] == '\0')
                recs[k].body[len / 2] = 'x';
            CK_PROPERTY(ck_store_ledger_import(st, recs, n, false, &got, &err) != CK_OK,
                        "a chain with entry %zu's body changed was taken in", k + 1);
            CK_PROPERTY(entries_of(recs[0].origin) == 0, "a changed chain left entries behind");
        }
        ck_store_close(st);
    }
done:
    for (size_t i = 0; i < n; i++)
        free(recs[i].body);
    return 0;
}
