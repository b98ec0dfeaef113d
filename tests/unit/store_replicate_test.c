/* Replication without a server: two stations make conflicting records while out of touch
 * (the same walk-in, renames and languages of one person, each its own license version 2 (one
 * with a German text), decisions in two languages, both issue one
 * person's certificate and both revoke it, an undo at one of a check-in made at the other);
 * their chains are then taken in by other stations in every order and batching, and every
 * station ends with the same tables, the same status and the same certificates. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/timez.h"
#include "ck_test.h"
#include "store/store.h"

#define DAY "2026-11-23"

static int64_t clock_of(void *ctx)
{
    return *(int64_t *)ctx;
}

typedef struct station {
    ck_app *app;
    ck_store *st; /* a second connection, for the chain */
    int64_t now;
    char db[4096];
} station;

static void station_open(station *s, const char *name, bool init)
{
    ck_err err = {0};
    memset(s, 0, sizeof *s);
    snprintf(s->db, sizeof s->db, "%s", ck_test_path(name));
    s->now = ck_tz_local(DAY, 7 * 60);
    ck_app_options o = {.db_path = s->db, .clock = clock_of, .clock_ctx = &s->now, .device = name};
    CK_CHECK_INT(ck_app_open(&s->app, &o, CK_APP_CREATE, &err), CK_OK);
    if (init) {
        ck_msg summary;
        CK_CHECK_INT(ck_app_init(s->app, NULL, &summary, &err), CK_OK);
    }
    CK_CHECK_INT(ck_store_open(&s->st, s->db, CK_STORE_EXISTING, &err), CK_OK);
}

static void station_close(station *s)
{
    ck_app_close(s->app);
    ck_store_close(s->st);
}

static void at(station *s, const char *hm)
{
    int h = atoi(hm), m = atoi(hm + 3);
    s->now = ck_tz_local(DAY, h * 60 + m);
}

/* Every entry of origin's chain a station holds. */
static ck_ledger_rec *chain_of(station *s, const char *origin, size_t *n)
{
    ck_ledger_rec *list = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_store_ledger_read(s->st, origin, 0, 1u << 20, &list, n, &err), CK_OK);
    return list;
}

/* Take in entries [from, to) of list. */
static void take(station *s, const ck_ledger_rec *list, size_t from, size_t to)
{
    ck_err err = {0};
    ck_ledger_import got;
    if (ck_store_ledger_import(s->st, list + from, to - from, false, &got, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "import: %s", err.msg);
}

/* What the entries of a chain a station does not hold yet are. */
static void exchange(station *to, station *from)
{
    size_t n = 0, have = 0;
    ck_ledger_rec *list = chain_of(from, ck_store_origin(from->st), &n);
    ck_ledger_rec *mine = chain_of(to, ck_store_origin(from->st), &have);
    take(to, list, have, n);
    ck_ledger_rec_list_free(list, n);
    ck_ledger_rec_list_free(mine, have);
}

static int64_t find(station *s, const char *who)
{
    ck_attendee_rec a;
    ck_err err = {0};
    if (ck_app_find(s->app, who, &a, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "find %s: %s", who, err.msg);
        return 0;
    }
    return a.id;
}

static void tap(station *s, const char *who, ck_event_kind kind, const char *hm)
{
    ck_presence_req r = {.attendee_id = find(s, who), .kind = kind, .source = CK_SOURCE_KIOSK};
    ck_presence_result res;
    ck_err err = {0};
    at(s, hm);
    if (ck_app_presence(s->app, &r, &res, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "%s %s: %s", who, hm, err.msg);
}

static void accept_license(station *s, const char *who, const char *hm, const char *lang)
{
    ck_decision_req r = {.attendee_id = find(s, who),
                         .decision = CK_DECISION_ACCEPT,
                         .source = CK_SOURCE_KIOSK,
                         .lang = lang ? ck_lang_find(lang) : NULL};
    ck_err err = {0};
    at(s, hm);
    CK_CHECK_INT(ck_app_license_decide(s->app, &r, &err), CK_OK);
}

static void issue(station *s, const char *who, const char *hm, char *id)
{
    ck_issue_opts io = {.out_dir = ck_test_tmpdir()};
    ck_issue_result res;
    ck_err err = {0};
    at(s, hm);
    if (ck_app_cert_issue(s->app, find(s, who), &io, &res, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "issue %s: %s", who, err.msg);
    snprintf(id, CK_CERT_ID_MAX, "%s", res.id);
}

static void append(char **buf, size_t *len, const char *text)
{
    size_t n = strlen(text);
    char *grown = realloc(*buf, *len + n + 1);
    if (!grown)
        return;
    memcpy(grown + *len, text, n + 1);
    *buf = grown;
    *len += n;
}

/* The tables as uids see them (local ids left out), and what app/ makes of them. */
static char *dump(station *s)
{
    static const char *const QUERIES[] = {
        "SELECT 'course', uid, title, room, created_at FROM course ORDER BY uid",
        "SELECT 'attendee', a.uid, c.uid, a.name, a.email, a.name_key, a.created_at, a.given,"
        " a.family, a.lang FROM attendee"
        " AS a JOIN course AS c ON c.id = a.course_id ORDER BY a.uid",
        "SELECT 'uid', u.uid, a.uid FROM attendee_uid AS u JOIN attendee AS a"
        " ON a.id = u.attendee_id ORDER BY u.uid",
        "SELECT 'event', e.uid, a.uid, e.kind, e.at, coalesce(t.uid, ''), e.origin, e.seq FROM"
        " event AS e JOIN attendee AS a ON a.id = e.attendee_id LEFT JOIN event AS t"
        " ON t.id = e.target_id ORDER BY e.uid",
        "SELECT 'license', uid, version, sha256, added_at FROM license_text ORDER BY uid",
        "SELECT 'translation', uid, license, sha256, lang FROM license_translation ORDER BY uid",
        "SELECT 'decision', d.uid, a.uid, l.uid, d.decision, d.at, d.lang"
        " FROM license_acceptance AS d"
        " JOIN attendee AS a ON a.id = d.attendee_id JOIN license_text AS l ON l.id = d.license_id"
        " ORDER BY d.uid",
        "SELECT 'certificate', c.id, a.uid, c.kid, c.issued_at FROM certificate AS c"
        " JOIN attendee AS a ON a.id = c.attendee_id ORDER BY c.id",
        "SELECT 'revocation', uid, cert_id, at FROM revocation ORDER BY uid",
        "SELECT 'key', kid, origin, x, created_at, retired_at FROM signing_key ORDER BY kid",
        "SELECT 'audit', uid, action, actor FROM audit ORDER BY uid",
        "SELECT 'badge', b.uid, a.uid, b.code, b.created_at FROM badge AS b"
        " JOIN attendee AS a ON a.id = b.attendee_id ORDER BY b.uid",
    };
    sqlite3 *db = NULL;
    char *out = NULL;
    size_t len = 0;
    CK_CHECK_INT(sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    for (size_t q = 0; q < sizeof QUERIES / sizeof QUERIES[0]; q++) {
        sqlite3_stmt *st = NULL;
        CK_CHECK_INT(sqlite3_prepare_v2(db, QUERIES[q], -1, &st, NULL), SQLITE_OK);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                append(&out, &len, v ? (const char *)v : "NULL");
                append(&out, &len, "|");
            }
            append(&out, &len, "\n");
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    /* What the faces would show. */
    ck_status *list = NULL;
    size_t n = 0;
    ck_err err = {0};
    CK_CHECK_INT(ck_app_status(s->app, &list, &n, &err), CK_OK);
    for (size_t i = 0; i < n; i++) {
        char line[2048];
        snprintf(line, sizeof line, "status|%s|%s|%d|%d|%d|%d\n", list[i].person.name,
                 list[i].person.email, list[i].days[0].result.present_minutes,
                 list[i].license_accepted, list[i].license_version, list[i].eligible);
        append(&out, &len, line);
        for (size_t r = 0; r < list[i].nreasons; r++) {
            char words[600];
            append(&out, &len, "  ");
            append(&out, &len, ck_msg_word(&list[i].reasons[r], NULL, words, sizeof words));
            append(&out, &len, "\n");
        }
    }
    ck_status_list_free(list, n);
    ck_cert_rec *certs = NULL;
    CK_CHECK_INT(ck_app_cert_list(s->app, &certs, &n, &err), CK_OK);
    for (size_t i = 0; i < n; i++) {
        char line[256];
        snprintf(line, sizeof line, "listed|%s|%s|%lld\n", certs[i].id, certs[i].holder,
                 (long long)certs[i].revoked_at);
        append(&out, &len, line);
    }
    ck_cert_list_free(certs, n);
    ck_revocation_rec *revs = NULL;
    CK_CHECK_INT(ck_store_revocations(s->st, &revs, &n, &err), CK_OK);
    for (size_t i = 0; i < n; i++) {
        char line[128];
        snprintf(line, sizeof line, "revoked|%s|%lld\n", revs[i].id, (long long)revs[i].at);
        append(&out, &len, line);
    }
    free(revs);
    /* The badge that checks Zoë in: the newest of the two made out of touch. */
    char code[CK_APP_BADGE_CODE_MAX];
    bool found = false;
    CK_CHECK_INT(
        ck_store_badge_current(s->st, find(s, "zoe@example.org"), code, sizeof code, &found, &err),
        CK_OK);
    append(&out, &len, "badge current|");
    append(&out, &len, found ? code : "none");
    append(&out, &len, "\n");
    ck_license_rec lic;
    CK_CHECK_INT(ck_app_license_current(s->app, &lic, &err), CK_OK);
    char line[256];
    snprintf(line, sizeof line, "current license|%d|%s|%s\n", lic.version, lic.uid, lic.sha256);
    append(&out, &len, line);
    ck_license_rec_clear(&lic);
    return out;
}

/* The uid of the badge entry that holds code (static; "" when none). */
static const char *badge_uid(station *s, const char *code)
{
    static char uid[2][64];
    static int turn;
    char *out = uid[turn++ & 1];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT uid FROM badge WHERE code = ?", -1, &st, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(out, 64, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static void write_file(const char *name, const char *text)
{
    CK_CHECK(ck_test_write_file(ck_test_path(name), text));
}

/* Does the dump's first row holding needle end with tail? */
static bool row_ends(const char *dump, const char *needle, const char *tail)
{
    const char *at = strstr(dump, needle);
    if (!at)
        return false;
    const char *start = at, *end = strchr(at, '\n');
    while (start > dump && start[-1] != '\n')
        start--;
    size_t n = strlen(tail);
    return end && (size_t)(end - start) >= n && strncmp(end - n, tail, n) == 0;
}

static void conflicting_records_converge(void)
{
    station a, b;
    ck_err err = {0};
    ck_import_result imp;
    station_open(&a, "a.db", true);
    station_open(&b, "b.db", true);
    const char *days[] = {DAY};
    ck_course_spec spec = {.title = "Certified Scrum Product Owner",
                           .trainer = "Maria Schmidt",
                           .dates = days,
                           .ndates = 1,
                           .tolerance_min = -1,
                           .room = "Room 1"};
    int64_t course = 0;
    CK_CHECK_INT(ck_app_course_create(a.app, &spec, &course, &err), CK_OK);
    write_file("roster.csv", "name,email\nZoë Ångström-Núñez,zoe@example.org\n"
                             "Mateo García,mateo@example.org\nАнна Кузнецова,anna@example.org\n");
    CK_CHECK_INT(ck_app_roster_import(a.app, ck_test_path("roster.csv"), &imp, &err), CK_OK);
    tap(&a, "mateo@example.org", CK_EVENT_IN, "08:58");
    exchange(&b, &a);
    exchange(&a, &b);

    /* Out of touch from here. The same walk-in at both doors, spelt differently. */
    at(&a, "09:10");
    int64_t id = 0;
    CK_CHECK_INT(ck_app_roster_add_lang(a.app, "Xu Wei", "xu@example.org", "es", &id, &err), CK_OK);
    at(&b, "09:12");
    CK_CHECK_INT(ck_app_roster_add(b.app, "Wei Xu", "xu@example.org", &id, &err), CK_OK);
    tap(&a, "xu@example.org", CK_EVENT_IN, "09:11");
    tap(&b, "xu@example.org", CK_EVENT_IN, "09:13");
    tap(&b, "xu@example.org", CK_EVENT_OUT, "17:02");
    /* Zoë in at both, a minute apart; out at both. */
    tap(&a, "zoe@example.org", CK_EVENT_IN, "08:55");
    tap(&b, "zoe@example.org", CK_EVENT_IN, "08:56");
    tap(&a, "zoe@example.org", CK_EVENT_OUT, "17:00");
    tap(&b, "zoe@example.org", CK_EVENT_OUT, "17:01");
    /* Both rename Anna and give her a language, B later (with first and last name apart). */
    write_file("renamed-a.csv", "name,email,language\nAnna Kuznetsova,anna@example.org,de\n");
    write_file("renamed-b.csv", "first name,last name,email,language\nАнна,Кузнецова-Смирнова,"
                                "anna@example.org,Français\n");
    at(&a, "10:00");
    CK_CHECK_INT(ck_app_roster_import(a.app, ck_test_path("renamed-a.csv"), &imp, &err), CK_OK);
    CK_CHECK_INT((int)imp.renamed, 1);
    at(&b, "10:05");
    CK_CHECK_INT(ck_app_roster_import(b.app, ck_test_path("renamed-b.csv"), &imp, &err), CK_OK);
    /* Both make Zoë a badge, in the same second: one of them counts, the same everywhere. */
    char badge_a[CK_APP_BADGE_CODE_MAX], badge_b[CK_APP_BADGE_CODE_MAX];
    at(&a, "10:10");
    at(&b, "10:10");
    CK_CHECK_INT(ck_app_badge_code(a.app, find(&a, "zoe@example.org"), badge_a, &err), CK_OK);
    CK_CHECK_INT(ck_app_badge_code(b.app, find(&b, "zoe@example.org"), badge_b, &err), CK_OK);
    CK_CHECK(strcmp(badge_a, badge_b) != 0);
    /* And B one for the walk-in both added: it names B's entry of that person. */
    char badge_xu[CK_APP_BADGE_CODE_MAX];
    CK_CHECK_INT(ck_app_badge_code(b.app, find(&b, "xu@example.org"), badge_xu, &err), CK_OK);
    /* B undoes the check-in A recorded for Mateo before they lost touch. */
    ck_event_rec *evs = NULL;
    size_t nevs = 0;
    CK_CHECK_INT(ck_app_events(b.app, find(&b, "mateo@example.org"), &evs, &nevs, &err), CK_OK);
    CK_CHECK_INT((int)nevs, 1);
    at(&b, "11:00");
    if (nevs)
        CK_CHECK_INT(
            ck_app_void_event(b.app, evs[0].ev.id, CK_SOURCE_TRAINER, "tapped by mistake", &err),
            CK_OK);
    free(evs);
    tap(&a, "mateo@example.org", CK_EVENT_OUT, "16:00");
    /* Each stores its own license version 2. */
    write_file("license-a.txt",
               "The licence agreement, as the Berlin office words it: version two.\n");
    write_file("license-b.txt",
               "The licence agreement, as the Munich office words it: version two.\n");
    int version = 0;
    bool added = false;
    write_file("license-a.de.txt",
               "Die Lizenzvereinbarung, wie das Berliner Büro sie fasst: Version zwei.\n");
    at(&a, "12:00");
    char path_a[4096], path_de[4096];
    snprintf(path_a, sizeof path_a, "%s", ck_test_path("license-a.txt"));
    snprintf(path_de, sizeof path_de, "%s", ck_test_path("license-a.de.txt"));
    const char *paths_a[] = {path_a, path_de};
    ck_license_stored stored;
    CK_CHECK_INT(ck_app_license_update_texts(a.app, paths_a, 2, &stored, &err), CK_OK);
    CK_CHECK_INT(stored.version, 2);
    CK_CHECK_INT((int)stored.nadded, 2);
    at(&b, "12:01");
    CK_CHECK_INT(
        ck_app_license_update(b.app, ck_test_path("license-b.txt"), &version, &added, &err), CK_OK);
    CK_CHECK_INT(version, 2);
    accept_license(&a, "zoe@example.org", "17:05", "de");
    accept_license(&b, "zoe@example.org", "17:06", NULL);
    accept_license(&b, "xu@example.org", "17:06", "fr"); /* B's version has no French text */
    /* Both issue Zoë's certificate, both revoke the one they know. */
    char cert_a[CK_CERT_ID_MAX], cert_b[CK_CERT_ID_MAX];
    issue(&a, "zoe@example.org", "17:10", cert_a);
    issue(&b, "zoe@example.org", "17:11", cert_b);
    CK_CHECK(strcmp(cert_a, cert_b) != 0);
    at(&a, "17:20");
    CK_CHECK_INT(ck_app_cert_revoke(a.app, cert_a, "name misspelt", &err), CK_OK);
    at(&b, "17:21");
    CK_CHECK_INT(ck_app_cert_revoke(b.app, cert_b, "printed twice", &err), CK_OK);
    at(&a, "17:25");
    CK_CHECK_INT(ck_app_cert_revoke(b.app, cert_b, "again", &err), CK_ESTATE);

    /* Other stations take both chains in, in every order and batching. */
    size_t na = 0, nb = 0;
    ck_ledger_rec *ea = chain_of(&a, ck_store_origin(a.st), &na);
    ck_ledger_rec *eb = chain_of(&b, ck_store_origin(b.st), &nb);
    station c[4];
    const char *names[] = {"c1.db", "c2.db", "c3.db", "c4.db"};
    unsigned seed = 20261123;
    for (int k = 0; k < 4; k++) {
        station_open(&c[k], names[k], false);
        if (k == 0) {
            take(&c[k], ea, 0, na);
            take(&c[k], eb, 0, nb);
        } else if (k == 1) {
            take(&c[k], eb, 0, nb); /* B's first: much of it waits for A's records */
            take(&c[k], ea, 0, na);
        } else {
            /* Interleaved, in batches of 1 to 7. */
            size_t ia = 0, ib = 0;
            while (ia < na || ib < nb) {
                bool from_a = ib == nb || (ia < na && rand_r(&seed) % 2);
                size_t step = 1 + rand_r(&seed) % 7;
                if (from_a) {
                    size_t to = ia + step < na ? ia + step : na;
                    take(&c[k], ea, ia, to);
                    ia = to;
                } else {
                    size_t to = ib + step < nb ? ib + step : nb;
                    take(&c[k], eb, ib, to);
                    ib = to;
                }
            }
        }
    }
    exchange(&a, &b);
    exchange(&b, &a);

    /* The same moment everywhere, for what status says. */
    a.now = b.now = ck_tz_local(DAY, 18 * 60);
    for (int k = 0; k < 4; k++)
        c[k].now = a.now;
    char *ref = dump(&a);
    CK_CHECK_CONTAINS(ref, "|Wei Xu|xu@example.org|"); /* one person, the newer spelling */
    CK_CHECK_NOT_CONTAINS(ref, "|Xu Wei|xu@example.org|");
    CK_CHECK_CONTAINS(ref, "Анна Кузнецова-Смирнова");     /* the newer rename */
    CK_CHECK_CONTAINS(ref, "|Анна|Кузнецова-Смирнова|");   /* its parts with it */
    CK_CHECK(row_ends(ref, "|anna@example.org|", "|fr|")); /* the newer language */
    CK_CHECK(row_ends(ref, "|xu@example.org|", "|es|"));   /* A's Spanish: B gave none */
    /* Each station's version 1 with its four translations from assets/, and A's German text of
     * its version 2. */
    int translations = 0;
    for (const char *p = strstr(ref, "\ntranslation|"); p; p = strstr(p + 1, "\ntranslation|"))
        translations++;
    CK_CHECK_INT(translations, 9);
    /* Two badges kept; the one that counts is the later by uid, as at every station. */
    CK_CHECK_CONTAINS(ref, badge_a);
    CK_CHECK_CONTAINS(ref, badge_b);
    CK_CHECK_CONTAINS(ref, badge_xu);
    char current[CK_APP_BADGE_CODE_MAX + 32];
    snprintf(current, sizeof current, "badge current|%s\n",
             strcmp(badge_uid(&a, badge_a), badge_uid(&a, badge_b)) > 0 ? badge_a : badge_b);
    CK_CHECK_CONTAINS(ref, current);
    CK_CHECK_CONTAINS(ref, "status|Zoë Ångström-Núñez|zoe@example.org|"); /* one interval */
    char listed[64];
    snprintf(listed, sizeof listed, "listed|%s|", cert_a); /* the earlier one */
    CK_CHECK_CONTAINS(ref, listed);
    snprintf(listed, sizeof listed, "listed|%s|", cert_b);
    CK_CHECK_NOT_CONTAINS(ref, listed);
    char revoked[64];
    snprintf(revoked, sizeof revoked, "revoked|%s|", cert_b);
    CK_CHECK_CONTAINS(ref, revoked);
    /* Mateo's check-in was undone at B: the check-out A recorded counts for nothing. */
    CK_CHECK_CONTAINS(ref, "status|Mateo García|mateo@example.org|0|");
    station *all[] = {&b, &c[0], &c[1], &c[2], &c[3]};
    for (size_t i = 0; i < 5; i++) {
        char *other = dump(all[i]);
        CK_CHECK_STR(other, ref);
        free(other);
        ck_ledger_report rep;
        if (ck_store_ledger_verify(all[i]->st, 0, NULL, &rep, &err) != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "station %zu: %s", i, err.msg);
    }
    free(ref);
    for (int k = 0; k < 4; k++)
        station_close(&c[k]);
    ck_ledger_rec_list_free(ea, na);
    ck_ledger_rec_list_free(eb, nb);
    station_close(&a);
    station_close(&b);
}

/* A pulled chain is checked before anything of it is stored. */
static void a_changed_entry_is_refused(void)
{
    station a, c;
    ck_err err = {0};
    ck_ledger_import got;
    station_open(&a, "src.db", true);
    station_open(&c, "dst.db", false);
    size_t n = 0;
    ck_ledger_rec *list = chain_of(&a, ck_store_origin(a.st), &n);
    CK_CHECK(n >= 3);
    /* A body changed on the way. */
    char *saved = list[1].body;
    list[1].body = strdup(saved);
    list[1].body[2] ^= 1;
    CK_CHECK_INT(ck_store_ledger_import(c.st, list, n, false, &got, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "does not match its hash");
    free(list[1].body);
    list[1].body = saved;
    /* A gap. */
    CK_CHECK_INT(ck_store_ledger_import(c.st, list + 1, n - 1, false, &got, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "does not continue it");
    size_t have = 0;
    ck_ledger_rec *none = chain_of(&c, ck_store_origin(a.st), &have);
    CK_CHECK_INT((int)have, 0); /* nothing of it was stored */
    ck_ledger_rec_list_free(none, have);
    /* A station's own chain never comes from outside. */
    CK_CHECK_INT(ck_store_ledger_import(a.st, list, 1, false, &got, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "own chain came from outside");
    /* Twice the same: taken once, nothing doubles; the same place with another entry is
     * refused. */
    CK_CHECK_INT(ck_store_ledger_import(c.st, list, n, false, &got, &err), CK_OK);
    CK_CHECK_INT((int)got.added, (int)n);
    CK_CHECK_INT(ck_store_ledger_import(c.st, list, n, false, &got, &err), CK_OK);
    CK_CHECK_INT((int)got.added, 0);
    CK_CHECK_INT((int)got.held, (int)n);
    char *kept = list[0].body;
    list[0].body = strdup("{}");
    CK_CHECK_INT(ck_store_ledger_import(c.st, list, 1, false, &got, &err), CK_EDB);
    CK_CHECK_CONTAINS(err.msg, "is not the one this station holds");
    free(list[0].body);
    list[0].body = kept;
    ck_ledger_rec_list_free(list, n);
    station_close(&a);
    station_close(&c);
}

/* The hash of an entry, as src/README.md defines it (to make entries no station would). */
static void hash_of(ck_ledger_rec *e)
{
    crypto_hash_sha256_state h;
    unsigned char d[crypto_hash_sha256_BYTES];
    char seq[24], at[24];
    snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
    snprintf(at, sizeof at, "%lld", (long long)e->at);
    const char *fields[] = {e->prev, e->origin, seq, e->kind, e->uid, at, e->body};
    crypto_hash_sha256_init(&h);
    for (size_t i = 0; i < 7; i++) {
        char len[24];
        int k = snprintf(len, sizeof len, "%zu:", strlen(fields[i]));
        crypto_hash_sha256_update(&h, (const unsigned char *)len, (unsigned long long)k);
        crypto_hash_sha256_update(&h, (const unsigned char *)fields[i], strlen(fields[i]));
    }
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(e->hash, sizeof e->hash, d, sizeof d);
}

/* A record this build cannot make (another build's, or one made outside classkiosk) is kept in
 * its chain and set aside; the chain's later entries are still taken in. */
static void an_unusable_record_is_set_aside(void)
{
    station a, c;
    ck_err err = {0};
    ck_ledger_import got;
    station_open(&a, "odd.db", true);
    station_open(&c, "taker.db", false);
    size_t n = 0;
    ck_ledger_rec *list = chain_of(&a, ck_store_origin(a.st), &n);
    ck_ledger_rec extra[2];
    memset(extra, 0, sizeof extra);
    const char *bodies[] = {"{\"sha256\":\"x\",\"text\":\"a text\",\"version\":0}",
                            "{\"action\":\"config.set\",\"actor\":\"trainer\",\"detail\":{}}"};
    const char *kinds[] = {"license", "audit"};
    for (int i = 0; i < 2; i++) {
        ck_ledger_rec *e = &extra[i];
        snprintf(e->origin, sizeof e->origin, "%s", ck_store_origin(a.st));
        e->seq = (int64_t)n + 1 + i;
        snprintf(e->kind, sizeof e->kind, "%s", kinds[i]);
        snprintf(e->uid, sizeof e->uid, "%032d", i + 1);
        e->at = list[n - 1].at + 60;
        e->body = (char *)bodies[i];
        snprintf(e->prev, sizeof e->prev, "%s", i ? extra[0].hash : list[n - 1].hash);
        hash_of(e);
    }
    CK_CHECK_INT(ck_store_ledger_import(c.st, list, n, false, &got, &err), CK_OK);
    CK_CHECK_INT(ck_store_ledger_import(c.st, extra, 2, false, &got, &err), CK_OK);
    CK_CHECK_INT((int)got.added, 2);
    CK_CHECK_INT((int)got.refused, 1);
    size_t aside = 0;
    ck_msg why;
    char words[512];
    CK_CHECK_INT(ck_store_ledger_aside(c.st, &aside, &why, &err), CK_OK);
    CK_CHECK_INT((int)aside, 1);
    /* Kept as a message, worded when it is read. */
    CK_CHECK(ck_msg_nparts(&why) >= 1);
    CK_CHECK_CONTAINS(ck_msg_word(&why, NULL, words, sizeof words), "its version is 0");
    ck_ledger_report rep;
    if (ck_store_ledger_verify(c.st, 0, NULL, &rep, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "verify: %s", err.msg);
    CK_CHECK_INT((int)rep.entries, (int)n + 2);
    ck_ledger_rec_list_free(list, n);
    station_close(&a);
    station_close(&c);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(conflicting_records_converge);
    CK_RUN(a_changed_entry_is_refused);
    CK_RUN(an_unusable_record_is_set_aside);
    return ck_test_done();
}
