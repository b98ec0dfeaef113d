/* Several stations, one organisation, through a real PostgreSQL server the test starts: records
 * made anywhere reach everywhere, every station computes the same status, offline overlaps
 * resolve by the rules, and the server keeps each station to its own records. */
#include <sys/stat.h>

#include "sync_support.h"

static ck_pg *pg;

#define ROSTER                                                                                     \
    "name,email\n"                                                                                 \
    "Zoë Ångström-Núñez,zoe@example.org\n"                                                    \
    "Αλέξανδρος Παπαδόπουλος,alex@example.gr\n"                              \
    "Анна Кузнецова,anna@example.ru\n"

static void course_and_roster(const char *db)
{
    ck_proc p = {0};
    CLI_OK(&p, db, D1 " 07:30", "course", "create", "--title", "Certified Scrum Product Owner",
           "--trainer", "Maria Schmidt", "--day", D1, "--day", D2, "--break", "12:30-13:15");
    CLI_OK(&p, db, D1 " 07:31", "roster", "import", ck_test_path("roster.csv"));
    ck_proc_clear(&p);
}

/* What every station and a station holding every event alike compute. */
static void check_in_here_out_there(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    CK_CHECK(ck_test_write_file(ck_test_path("roster.csv"), ROSTER));
    const char *a = station(&o, "door-a"), *b = station(&o, "door-b"), *c = station(&o, "laptop");
    const char *all[] = {a, b, c};
    /* The reference: one station that records every event itself. */
    const char *ref = ck_test_path("reference.db");
    CLI_OK(&p, ref, D1 " 07:00", "init");

    course_and_roster(a);
    course_and_roster(ref);
    sync_all(all, 3, 1, D1 " 07:40");
    /* The course and its roster reached the others. */
    CLI_OK(&p, b, D1 " 07:45", "roster", "list");
    CK_CHECK_CONTAINS(p.out, "Анна Кузнецова");
    CLI_OK(&p, c, D1 " 07:45", "course", "show");
    CK_CHECK_CONTAINS(p.out, "Certified Scrum Product Owner");

    /* Zoë in at A, out at B; Alexandros in at B, out at the laptop; a walk-in added at A
     * checks out at B. */
    const char *both[] = {a, ref};
    for (int i = 0; i < 2; i++)
        CLI_OK(&p, both[i], D1 " 08:55", "checkin", "zoe@example.org");
    CLI_OK(&p, b, D1 " 08:58", "checkin", "alex@example.gr");
    CLI_OK(&p, ref, D1 " 08:58", "checkin", "alex@example.gr");
    for (int i = 0; i < 2; i++) {
        CLI_OK(&p, both[i], D1 " 09:30", "roster", "add", "Walk-in Wanjiru", "--email",
               "wanjiru@example.ke");
        CLI_OK(&p, both[i], D1 " 09:31", "checkin", "wanjiru@example.ke");
    }
    sync_all(all, 3, 2, D1 " 10:00");
    CLI_OK(&p, b, D1 " 17:05", "checkout", "zoe@example.org", "wanjiru@example.ke");
    CLI_OK(&p, c, D1 " 17:06", "checkout", "alex@example.gr");
    CLI_OK(&p, ref, D1 " 17:05", "checkout", "zoe@example.org", "wanjiru@example.ke");
    CLI_OK(&p, ref, D1 " 17:06", "checkout", "alex@example.gr");
    /* Anna stays the whole day at the laptop, checked out by the trainer closing day 1 at A. */
    CLI_OK(&p, c, D1 " 09:00", "checkin", "anna@example.ru");
    CLI_OK(&p, ref, D1 " 09:00", "checkin", "anna@example.ru");
    sync_all(all, 3, 2, D1 " 17:10");
    CLI_OK(&p, a, D1 " 17:30", "close-day", "--reason", "end of day one");
    CLI_OK(&p, ref, D1 " 17:30", "close-day", "--reason", "end of day one");
    CLI_OK(&p, b, D2 " 17:40", "license", "accept", "zoe@example.org");
    CLI_OK(&p, ref, D2 " 17:40", "license", "accept", "zoe@example.org");
    sync_all(all, 3, 2, D2 " 18:00");

    char *sa = json_of(a, D2 " 18:00", "status", NULL);
    char *sb = json_of(b, D2 " 18:00", "status", NULL);
    char *sc = json_of(c, D2 " 18:00", "status", NULL);
    char *sr = json_of(ref, D2 " 18:00", "status", NULL);
    CK_CHECK_STR(sa, sb);
    CK_CHECK_STR(sa, sc);
    CK_CHECK_STR(sa, sr);
    CK_CHECK_CONTAINS(sa, "\"name\":\"Walk-in Wanjiru\"");
    CK_CHECK_CONTAINS(sa, "\"present_minutes\":435"); /* 09:00–17:00 less the break */
    free(sa);
    free(sb);
    free(sc);
    free(sr);
    for (size_t i = 0; i < 3; i++) {
        CLI_OK(&p, all[i], NULL, "audit", "verify");
        CK_CHECK_CONTAINS(p.out, "from 3 stations");
    }
    /* The server holds each chain whole: every station's file as many entries. */
    long on_server = org_count(&o, "SELECT count(*) FROM classkiosk.ledger");
    for (size_t i = 0; i < 3; i++)
        CK_CHECK_INT(station_entries(all[i]), on_server);
    CLI_OK(&p, c, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "laptop (3 stations known)");
    CK_CHECK_CONTAINS(p.out, "waiting:  0 records");
    ck_proc_clear(&p);
}

/* An event id at a station, from "events WHO --json": the index-th event. */
static long event_id(const char *db, const char *who, size_t index)
{
    ck_proc p = {0};
    CLI_OK(&p, db, NULL, "events", who, "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    long id = (long)json_integer_value(json_object_get(json_array_get(doc, index), "id"));
    json_decref(doc);
    ck_proc_clear(&p);
    return id;
}

/* The first listed certificate's id and token, from "certs list --json". */
static int certs_listed(const char *db, char *id, char *token, size_t n)
{
    ck_proc p = {0};
    CLI_OK(&p, db, NULL, "certs", "list", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    json_t *first = json_array_get(doc, 0);
    snprintf(id, n, "%s", first ? json_string_value(json_object_get(first, "id")) : "");
    if (token)
        snprintf(token, n, "%s", first ? json_string_value(json_object_get(first, "token")) : "");
    int count = (int)json_array_size(doc);
    json_decref(doc);
    ck_proc_clear(&p);
    return count;
}

/* The token of the certificate id, from "certs list --json"; false when none is listed. */
static bool token_of(const char *db, const char *id, char *token, size_t n)
{
    ck_proc p = {0};
    bool found = false;
    CLI_OK(&p, db, NULL, "certs", "list", "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    for (size_t i = 0; i < json_array_size(doc) && !found; i++) {
        json_t *c = json_array_get(doc, i);
        const char *cid = json_string_value(json_object_get(c, "id"));
        if ((found = cid && strcmp(cid, id) == 0))
            snprintf(token, n, "%s", json_string_value(json_object_get(c, "token")));
    }
    json_decref(doc);
    ck_proc_clear(&p);
    return found;
}

/* "issued ID for …" from certs issue: the ID. */
static void issued_id(const char *out, char *id, size_t n)
{
    const char *at = strstr(out, "issued ");
    snprintf(id, n, "%s", at ? at + 7 : "");
    id[strcspn(id, " ")] = '\0';
}

static void offline_overlaps(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    CK_CHECK(ck_test_write_file(ck_test_path("roster.csv"), ROSTER));
    const char *a = station(&o, "kiosk-a"), *b = station(&o, "kiosk-b");
    const char *ab[] = {a, b};
    course_and_roster(a);
    sync_all(ab, 2, 1, D1 " 07:40");

    /* Offline: Zoë checks in at A and a minute later at B, then out at A: one interval. */
    CLI_OK(&p, a, D1 " 08:55", "checkin", "zoe@example.org");
    CLI_OK(&p, b, D1 " 08:56", "checkin", "zoe@example.org");
    CLI_OK(&p, a, D1 " 17:01", "checkout", "zoe@example.org");
    sync_all(ab, 2, 2, D1 " 17:05");
    char *sa = json_of(a, D1 " 18:00", "status", NULL),
         *sb = json_of(b, D1 " 18:00", "status", NULL);
    CK_CHECK_STR(sa, sb);
    CK_CHECK_CONTAINS(sa, "\"present_minutes\":435,\"required_minutes\":435");
    free(sa);
    free(sb);

    /* A correction at A and an undo at B of an event made at A: the same everywhere. */
    CLI_OK(&p, a, D2 " 09:00", "checkin", "alex@example.gr");
    CLI_OK(&p, a, D2 " 09:02", "checkin", "anna@example.ru");
    sync_all(ab, 2, 1, D2 " 09:05");
    CLI_OK(&p, a, D2 " 13:00", "checkout", "alex@example.gr", "--at", D2 " 12:00", "--reason",
           "left at noon, forgot to tap out");
    long in_at_a = event_id(b, "alex@example.gr", 0);
    CK_CHECK(in_at_a > 0);
    char id[32];
    snprintf(id, sizeof id, "%ld", in_at_a);
    CLI_OK(&p, b, D2 " 13:05", "undo", id, "--reason", "tapped for his neighbour");
    CLI_OK(&p, b, D2 " 13:06", "checkout", "anna@example.ru");
    sync_all(ab, 2, 2, D2 " 13:10");
    sa = json_of(a, D2 " 18:00", "status", NULL);
    sb = json_of(b, D2 " 18:00", "status", NULL);
    CK_CHECK_STR(sa, sb);
    free(sa);
    free(sb);
    CLI_OK(&p, a, D2 " 18:00", "status");
    /* The undone check-in leaves Alexandros absent on day 2 at both stations. */
    CK_CHECK_CONTAINS(p.out, "day 2: no attendance recorded");

    /* Two stations out of touch each issue Zoë's certificate: one is listed, everywhere. */
    CLI_OK(&p, a, D2 " 08:50", "checkin", "zoe@example.org");
    CLI_OK(&p, a, D2 " 17:05", "checkout", "zoe@example.org");
    CLI_OK(&p, a, D2 " 17:10", "license", "accept", "zoe@example.org");
    sync_all(ab, 2, 1, D2 " 17:12");
    CLI_OK(&p, a, D2 " 17:20", "certs", "issue", "zoe@example.org", "--out",
           ck_test_path("certs-a"));
    CLI_OK(&p, b, D2 " 17:21", "certs", "issue", "zoe@example.org", "--out",
           ck_test_path("certs-b"));
    char id_a[64], id_b[64], token_b[4096], listed_a[64], listed_b[64];
    CK_CHECK_INT(certs_listed(a, id_a, NULL, sizeof id_a), 1);
    CK_CHECK_INT(certs_listed(b, id_b, token_b, sizeof token_b), 1);
    CK_CHECK(strcmp(id_a, id_b) != 0);
    sync_all(ab, 2, 2, D2 " 17:30");
    CK_CHECK_INT(certs_listed(a, listed_a, NULL, sizeof listed_a), 1);
    CK_CHECK_INT(certs_listed(b, listed_b, NULL, sizeof listed_b), 1);
    CK_CHECK_STR(listed_a, id_a); /* the earlier one */
    CK_CHECK_STR(listed_b, id_a);
    /* Issuing again anywhere gives that one. */
    CLI_OK(&p, b, D2 " 17:40", "certs", "issue", "zoe@example.org", "--out",
           ck_test_path("certs-b"));
    CK_CHECK_CONTAINS(p.out, id_a);
    /* B's duplicate stays genuine (its key reached A)… */
    CLI_OK(&p, a, D2 " 17:45", "verify", token_b);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    /* …and is revoked with the original, wherever that happens. */
    CLI_OK(&p, a, D2 " 17:50", "certs", "revoke", id_a, "--reason", "name misspelt");
    sync_all(ab, 2, 1, D2 " 17:55");
    CLI(&p, b, D2 " 18:00", "verify", token_b);
    CK_CHECK_CONTAINS(p.out, "INVALID (revoked)");
    ck_proc_clear(&p);
}

/* Keys and revocations made at any station count at every station and on the page. */
static void keys_and_revocations(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    const char *a = station_at(&o, "front", D1 " 07:00"),
               *c = station_at(&o, "office", D1 " 07:00");
    const char *ac[] = {a, c};
    cli_graduates(a, ck_test_path("graduates.csv"));
    CLI_OK(&p, a, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_path("pdf"));
    char id[64], token[4096];
    CK_CHECK_INT(certs_listed(a, id, token, sizeof token), 1);
    /* The office has never seen the front desk's key: not before a sync. */
    CLI(&p, c, AFTER, "verify", token);
    CK_CHECK_CONTAINS(p.out, "INVALID (unknown key)");
    sync_all(ac, 2, 1, AFTER);
    CLI_OK(&p, c, AFTER, "verify", token);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    CK_CHECK_CONTAINS(p.out, "signed by    the station front of this organisation");
    CLI_OK(&p, a, AFTER, "verify", token);
    CK_CHECK_NOT_CONTAINS(p.out, "signed by"); /* its own */
    /* The office's verification page knows the front desk's key. */
    CLI_OK(&p, a, NULL, "keys", "export");
    json_t *jwk = json_loads(p.out, 0, NULL);
    char kid[64];
    snprintf(kid, sizeof kid, "%s", json_string_value(json_object_get(jwk, "kid")));
    json_decref(jwk);
    CLI_OK(&p, c, AFTER, "verifier", "export", ck_test_path("site"));
    char data[4200];
    snprintf(data, sizeof data, "%s/data.js", ck_test_path("site"));
    char *js = ck_test_read_file(data, NULL);
    CK_CHECK_CONTAINS(js, kid);
    free(js);
    /* Revoked at the office, honoured at the front desk after its next sync. */
    CLI_OK(&p, c, AFTER, "certs", "revoke", id, "--reason", "issued to the wrong person");
    CLI_OK(&p, a, AFTER, "verify", token);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    const char *ca[] = {c, a};
    sync_all(ca, 2, 1, AFTER);
    CLI(&p, a, AFTER, "verify", token);
    CK_CHECK_CONTAINS(p.out, "INVALID (revoked)");
    CLI_OK(&p, a, AFTER, "certs", "list");
    CK_CHECK_CONTAINS(p.out, "REVOKED");

    /* A lost station's key vouches only for what its chain gave the server before it was
     * revoked: a certificate it issues afterwards is refused at every other station. */
    const char *l = station_at(&o, "lost", D1 " 07:00");
    const char *la[] = {l, a};
    sync_all(la, 2, 1, AFTER);
    char before[64], after[64], token_before[4096], token_after[4096];
    CLI_OK(&p, l, AFTER, "certs", "issue", "alex@example.gr", "--out", ck_test_path("pdf-l"));
    issued_id(p.out, before, sizeof before);
    CK_CHECK(token_of(l, before, token_before, sizeof token_before));
    sync_all(la, 2, 1, AFTER);
    CLI_OK(&p, ck_test_path("none.db"), NULL, "server", "revoke-station", "lost", "--server",
           o.owner);
    SYNC_OK(&p, a, AFTER);
    CLI_OK(&p, l, AFTER, "certs", "issue", "anna@example.ru", "--out", ck_test_path("pdf-l"));
    issued_id(p.out, after, sizeof after);
    CK_CHECK(token_of(l, after, token_after, sizeof token_after));
    CLI_OK(&p, a, AFTER, "verify", token_before);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    CK_CHECK(strstr(p.out, "INVALID") == NULL);
    CLI(&p, a, AFTER, "verify", token_after);
    CK_CHECK_CONTAINS(p.out, "INVALID (unknown key)");
    CK_CHECK_CONTAINS(p.out, "signed with the key of the station lost, which was revoked on");
    /* The station itself still trusts its own key. */
    CLI_OK(&p, l, AFTER, "verify", token_after);
    CK_CHECK(strstr(p.out, "INVALID") == NULL);
    ck_proc_clear(&p);
}

/* The password a station keeps, from its pgpass file. */
static void station_password(const char *db, char *out, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%.*s.pgpass", (int)(strlen(db) - 3), db);
    char *text = ck_test_read_file(path, NULL);
    const char *last = text ? strrchr(text, ':') : NULL;
    snprintf(out, n, "%s", last ? last + 1 : "");
    out[strcspn(out, "\n")] = '\0';
    free(text);
}

/* psql as a station's role, with its own password. */
static int as_station(ck_proc *p, org *o, const char *role, const char *db, const char *sql)
{
    char password[128], url[600];
    station_password(db, password, sizeof password);
    snprintf(url, sizeof url, "postgresql://%s:%s@127.0.0.1:%d/%s", role, password,
             ck_pg_port(o->pg), o->db);
    return ck_pg_psql(p, url, sql);
}

/* Whether the file at path holds the bytes of text anywhere (a missing file holds nothing). */
static bool file_holds(const char *path, const char *text)
{
    size_t len = 0, n = strlen(text);
    char *data = ck_test_read_file(path, &len);
    bool found = false;
    for (size_t i = 0; data && !found && i + n <= len; i++)
        found = memcmp(data + i, text, n) == 0;
    free(data);
    return found;
}

static void the_server_keeps_stations_apart(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    const char *a = station(&o, "north"), *b = station(&o, "south");
    const char *ab[] = {a, b};
    sync_all(ab, 2, 1, D1 " 07:10");
    /* join kept the password in a pgpass file of mode 0600 and nowhere in the database; the
     * settings hold the URI without it and the name the station was registered under. */
    char password[128], pgpass[4200], wal[4200];
    station_password(a, password, sizeof password);
    CK_CHECK(strlen(password) >= 16);
    snprintf(pgpass, sizeof pgpass, "%.*s.pgpass", (int)(strlen(a) - 3), a);
    struct stat sb;
    CK_CHECK(stat(pgpass, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    snprintf(wal, sizeof wal, "%s-wal", a);
    CK_CHECK(!file_holds(a, password) && !file_holds(wal, password));
    CLI_OK(&p, a, NULL, "config", "get");
    CK_CHECK_CONTAINS(p.out, "north");
    CK_CHECK(strstr(p.out, password) == NULL);
    CLI_OK(&p, a, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "station:  north");
    CK_CHECK_CONTAINS(p.out, "server:   postgresql://");
    CK_CHECK(strstr(p.out, password) == NULL);
    char role[64];
    snprintf(role, sizeof role, "ck_%s_south", o.db);
    /* South forges north's next entry, with the right place and hash: refused. */
    CK_CHECK(ck_pg_psql(
                 &p, o.owner,
                 "SELECT format('INSERT INTO classkiosk.ledger (origin, seq, kind, uid, at,"
                 " body, prev, hash) VALUES (%L, %s, %L, %L, 0, %L, %L, %L)', h.origin,"
                 " h.seq + 1, 'audit', 'forged', '{}', h.hash, classkiosk.entry_hash(h.hash,"
                 " h.origin, h.seq + 1, 'audit', 'forged', 0, '{}')) FROM classkiosk.head"
                 " AS h JOIN classkiosk.station AS s USING (origin) WHERE s.name = 'north'") == 0);
    char forged[1024];
    snprintf(forged, sizeof forged, "%s", p.out);
    forged[strcspn(forged, "\n")] = '\0';
    CK_CHECK(as_station(&p, &o, role, b, forged) != 0);
    CK_CHECK_CONTAINS(p.err, "may write only its own station's records");
    CK_CHECK(as_station(&p, &o, role, b,
                        "UPDATE classkiosk.ledger SET body = '{}' WHERE kind = 'audit'") != 0);
    CK_CHECK_CONTAINS(p.err, "permission denied for table ledger");
    CK_CHECK(as_station(&p, &o, role, b, "DELETE FROM classkiosk.ledger") != 0);
    CK_CHECK_CONTAINS(p.err, "permission denied for table ledger");
    CK_CHECK(as_station(&p, &o, role, b, "TRUNCATE classkiosk.ledger") != 0);
    CK_CHECK_CONTAINS(p.err, "permission denied for table ledger");
    CK_CHECK(as_station(&p, &o, role, b, "UPDATE classkiosk.station SET revoked_at = NULL") != 0);
    CK_CHECK_CONTAINS(p.err, "permission denied for table station");
    /* Its own chain, but not continuing it: refused. */
    CK_CHECK(
        as_station(&p, &o, role, b,
                   "INSERT INTO classkiosk.ledger (origin, seq, kind, uid, at, body, prev,"
                   " hash) SELECT origin, seq + 5, 'audit', 'y', 0, '{}', hash, hash"
                   " FROM classkiosk.head WHERE origin = classkiosk.origin_of(current_user)") != 0);
    CK_CHECK_CONTAINS(p.err, "does not continue its chain");
    /* Not even the owner changes an entry. */
    CK_CHECK(ck_pg_psql(&p, o.owner, "DELETE FROM classkiosk.ledger") != 0);
    CK_CHECK_CONTAINS(p.err, "append-only");

    /* A wrong password, a revoked station: a sentence each, nothing lost. */
    char path[4200];
    snprintf(path, sizeof path, "%.*s.pgpass", (int)(strlen(a) - 3), a);
    char *saved = ck_test_read_file(path, NULL);
    CK_CHECK(ck_test_write_file(path, "*:*:*:nobody-knows:wrong\n"));
    chmod(path, 0600);
    CLI_FAILS(&p, a, D1 " 07:20", "refused the password", "sync");
    CK_CHECK_INT(p.status, 1);
    CK_CHECK(ck_test_write_file(path, saved));
    free(saved);
    CLI_OK(&p, ck_test_path("none.db"), NULL, "server", "revoke-station", "south", "--server",
           o.owner);
    CLI_OK(&p, b, D1 " 07:30", "config", "set", "issuer", "South Academy");
    CLI_FAILS(&p, b, D1 " 07:31", "the station was revoked", "sync");
    CK_CHECK_INT(p.status, 1);
    CLI_OK(&p, b, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "refused the last sync");
    SYNC_OK(&p, a, D1 " 07:32");
    /* The test's station clock is days off the server's: sync and sync status say so (more
     * than two minutes); on the real clock, neither does. */
    CK_CHECK_CONTAINS(p.out, "the server's; check-ins carry this station's time");
    CLI_OK(&p, a, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "more than 2 minutes: set this station's clock right");
    CLI_OK(&p, a, NULL, "sync", "status", "--json");
    CK_CHECK_CONTAINS(p.out, "\"clock_off\": true");
    SYNC_OK(&p, a, NULL);
    CK_CHECK(strstr(p.out, "warning") == NULL);
    CLI_OK(&p, a, NULL, "sync", "status", "--json");
    CK_CHECK_CONTAINS(p.out, "\"clock_off\": false");

    /* A copied database cannot join as a second station; a URI without password is refused;
     * a station that joined nothing is told how. */
    char uri[2048];
    const char *copy = ck_test_path("copy.db");
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", a, copy);
    CK_CHECK(system(cmd) == 0);
    CK_CHECK(org_register(&o, "copy", uri, sizeof uri));
    CLI_FAILS(&p, copy, NULL, "has this database's id already", "join", uri);
    const char *plain = ck_test_path("plain.db");
    CLI_OK(&p, plain, NULL, "init");
    char nopass[2048];
    snprintf(nopass, sizeof nopass, "postgresql://ck_%s_copy@127.0.0.1:%d/%s", o.db, ck_pg_port(pg),
             o.db);
    CLI_FAILS(&p, plain, NULL, "holds no password", "join", nopass);
    CLI_FAILS(&p, plain, NULL, "joined no organisation's server", "sync");
    /* TLS asked of a server without it. */
    char tls[2200];
    snprintf(tls, sizeof tls, "%s?sslmode=require", uri);
    CLI_FAILS(&p, plain, NULL, "does not offer TLS", "join", tls);
    /* A server schema newer than this build knows. */
    CK_CHECK(ck_pg_psql(&p, o.owner,
                        "UPDATE classkiosk.meta SET value = '99' WHERE key = 'schema'") == 0);
    CLI_FAILS(&p, a, NULL, "newer than this classkiosk knows", "sync");
    CLI_FAILS(&p, ck_test_path("none.db"), NULL, "newer than this classkiosk knows", "server",
              "init", o.owner);
    CK_CHECK(ck_pg_psql(&p, o.owner,
                        "UPDATE classkiosk.meta SET value = '1' WHERE key = 'schema'") == 0);
    ck_proc_clear(&p);
}

static void copy_file(const char *from, const char *to)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);
    CK_CHECK(system(cmd) == 0);
}

/* The server keeps the head of each chain outside its station's file: a station put back
 * from a backup takes its lost records back; one that then went on differently is refused. */
static void a_backup_put_back(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    CK_CHECK(ck_test_write_file(ck_test_path("roster.csv"), ROSTER));
    const char *a = station(&o, "front");
    course_and_roster(a);
    SYNC_OK(&p, a, D1 " 07:40");
    const char *backup = ck_test_path("backup.db");
    copy_file(a, backup);
    CLI_OK(&p, a, D1 " 08:55", "checkin", "zoe@example.org", "alex@example.gr");
    CLI_OK(&p, a, D1 " 09:05", "checkin", "anna@example.ru");
    SYNC_OK(&p, a, D1 " 09:10");
    /* The disk dies; last night's backup goes back in. */
    copy_file(backup, a);
    CLI_OK(&p, a, D1 " 09:30", "status");
    CK_CHECK_CONTAINS(p.out, "0 min");
    /* The restored file has none of the morning's check-ins until the sync gives them back. */
    CLI_OK(&p, a, D1 " 09:30", "events", "anna@example.ru");
    CK_CHECK_CONTAINS(p.out, "no events for");
    SYNC_OK(&p, a, D1 " 09:31");
    CK_CHECK_CONTAINS(p.out, "took back 3 of this station's own records");
    CLI_OK(&p, a, D1 " 09:32", "status");
    CK_CHECK_CONTAINS(p.out, "Анна Кузнецова");
    CLI_OK(&p, a, D1 " 09:32", "events", "anna@example.ru");
    CK_CHECK_CONTAINS(p.out, "09:05");
    CLI_OK(&p, a, NULL, "audit", "verify");
    /* Put back again, and a check-in made before the sync: the two chains differ. */
    copy_file(backup, a);
    CLI_OK(&p, a, D1 " 09:40", "checkin", "zoe@example.org");
    CLI_FAILS(&p, a, D1 " 09:41", "goes on differently here than on the server", "sync");
    CLI_OK(&p, a, D1 " 09:42", "events", "zoe@example.org");
    CK_CHECK_CONTAINS(p.out, "09:40"); /* nothing of this file was lost */
    ck_proc_clear(&p);
}

/* A license text stored at one station is the current one everywhere, and another station's
 * init (every update runs it) does not put its older asset text back. */
static void init_keeps_another_stations_license(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    const char *a = station(&o, "head-office"), *b = station(&o, "annex");
    const char *ab[] = {a, b};
    const char *text = ck_test_path("license-2.txt");
    CK_CHECK(ck_test_write_file(text, "The licence agreement of 2026, as the head office words "
                                      "it: attend every minute and keep the materials.\n"));
    CLI_OK(&p, a, D1 " 07:10", "license", "update", text);
    sync_all(ab, 2, 1, D1 " 07:11");
    CLI_OK(&p, b, D1 " 07:12", "init");
    CLI_OK(&p, b, D1 " 07:13", "license", "show");
    CK_CHECK_CONTAINS(p.out, "as the head office words it");
    sync_all(ab, 2, 1, D1 " 07:14");
    CLI_OK(&p, a, D1 " 07:15", "license", "show");
    CK_CHECK_CONTAINS(p.out, "as the head office words it");
    ck_proc_clear(&p);
}

static void rooms(void)
{
    org o;
    ck_proc p = {0};
    if (!org_make(&o, pg, NULL))
        return;
    const char *a = station(&o, "office"), *b = station(&o, "room-two");
    const char *ab[] = {a, b};
    CLI_OK(&p, a, D1 " 07:00", "course", "create", "--title", "Product Owner", "--trainer", "Maria",
           "--day", D1, "--room", "Room 2");
    CLI_OK(&p, a, D1 " 07:01", "course", "create", "--title", "Scrum Master", "--trainer", "Jon",
           "--day", D1, "--room", "Room 1");
    CLI_OK(&p, a, D1 " 07:02", "course", "create", "--title", "Next week's", "--trainer", "Jon",
           "--day", "2026-11-30", "--room", "Room 2");
    sync_all(ab, 2, 1, D1 " 07:05");
    CLI_OK(&p, b, D1 " 07:06", "config", "set", "room", "Room 2");
    CLI_OK(&p, b, D1 " 08:00", "course", "show");
    CK_CHECK_CONTAINS(p.out, "\"title\": \"Product Owner\""); /* today's, in its room */
    CK_CHECK_CONTAINS(p.out, "\"room\": \"Room 2\"");
    CLI_OK(&p, a, D1 " 08:00", "course", "show");
    CK_CHECK_CONTAINS(p.out, "\"title\": \"Next week's\""); /* no room set: the newest */
    CLI_OK(&p, b, "2026-11-30 08:00", "course", "show");
    CK_CHECK_CONTAINS(p.out, "\"title\": \"Next week's\"");
    CLI_OK(&p, b, D1 " 08:00", "config", "set", "room", "Room 9");
    CLI_FAILS(&p, b, D1 " 08:00", "no course in the room Room 9", "course", "show");
    ck_proc_clear(&p);
}

static void cases(void)
{
    CK_RUN(check_in_here_out_there);
    CK_RUN(offline_overlaps);
    CK_RUN(keys_and_revocations);
    CK_RUN(the_server_keeps_stations_apart);
    CK_RUN(a_backup_put_back);
    CK_RUN(init_keeps_another_stations_license);
    CK_RUN(rooms);
}

int main(int argc, char **argv)
{
    return ck_pg_test_main(argc, argv, NULL, &pg, cases);
}
