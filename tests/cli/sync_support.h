/* Shared by the sync tests: an organisation on the test server, stations that joined it. */
#ifndef CK_SYNC_SUPPORT_H
#define CK_SYNC_SUPPORT_H

#include "cli_support.h"
#include "pg_rig.h"

typedef struct org {
    ck_pg *pg;
    char db[32];
    char owner[512]; /* the owner's URL */
} org;

/* A fresh organisation: its own database on the server, the schema made. */
static inline bool org_make(org *o, ck_pg *pg, const char *query)
{
    static int count;
    ck_proc p = {0};
    memset(o, 0, sizeof *o);
    o->pg = pg;
    snprintf(o->db, sizeof o->db, "org%d", ++count);
    if (!ck_pg_createdb(pg, o->db))
        return false;
    snprintf(o->owner, sizeof o->owner, "%s", ck_pg_owner_url(pg, o->db, 0, query));
    CLI_OK(&p, ck_test_path("none.db"), NULL, "server", "init", o->owner);
    bool ok = p.status == 0;
    ck_proc_clear(&p);
    return ok;
}

/* Run "classkiosk --db DB ARGS…" with stdin_text fed in. */
static inline int cli_stdin(ck_proc *p, const char *db, const char *now, const char *stdin_text,
                            const char *const *args)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = ck_test_binary();
    argv[n++] = "--db";
    argv[n++] = db;
    for (size_t i = 0; args[i] && n < 63; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    if (now)
        setenv("CLASSKIOSK_NOW", now, 1);
    else
        unsetenv("CLASSKIOSK_NOW");
    return ck_test_exec(p, stdin_text, argv);
}

/* The last line of text, in a static buffer. */
static inline const char *last_line(const char *text)
{
    static char line[2048];
    const char *end = text + strlen(text);
    while (end > text && end[-1] == '\n')
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    snprintf(line, sizeof line, "%.*s", (int)(end - start), start);
    return line;
}

/* Register name at the organisation; *uri gets the URI it joins with. */
static inline bool org_register(org *o, const char *name, char *uri, size_t n)
{
    ck_proc p = {0};
    CLI_OK(&p, ck_test_path("none.db"), NULL, "server", "add-station", name, "--server", o->owner);
    snprintf(uri, n, "%s", last_line(p.out));
    bool ok = p.status == 0 && strncmp(uri, "postgresql://", 13) == 0;
    if (!ok)
        ck_test_fail(__FILE__, __LINE__, "add-station %s printed no URI last: %s", name, p.out);
    ck_proc_clear(&p);
    return ok;
}

/* A station: its own database (made at now), registered as name and joined. The path is
 * returned (static ring). */
static inline const char *station_at(org *o, const char *name, const char *now)
{
    static char ring[8][4096];
    static int next;
    char *db = ring[next++ % 8], uri[2048], file[96];
    ck_proc p = {0};
    snprintf(file, sizeof file, "%s-%s.db", o->db, name);
    snprintf(db, sizeof ring[0], "%s", ck_test_path(file));
    CLI_OK(&p, db, now, "init");
    if (org_register(o, name, uri, sizeof uri)) {
        const char *args[] = {"join", "-", NULL};
        char line[2100];
        snprintf(line, sizeof line, "%s\n", uri);
        if (cli_stdin(&p, db, now, line, args) != 0)
            ck_test_fail(__FILE__, __LINE__, "join %s: %s", name, p.err);
    }
    ck_proc_clear(&p);
    return db;
}

static inline const char *station(org *o, const char *name)
{
    return station_at(o, name, D1 " 07:00");
}

#define SYNC_OK(p, db, now) CLI_OK(p, db, now, "sync")

/* Sync every station, rounds times over. */
static inline void sync_all(const char *const *dbs, size_t n, int rounds, const char *now)
{
    ck_proc p = {0};
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++)
            SYNC_OK(&p, dbs[i], now);
    ck_proc_clear(&p);
}

/* Remove every "id" member (local row ids differ between stations) from a JSON document. */
static inline void strip_ids(json_t *j)
{
    if (json_is_object(j)) {
        json_object_del(j, "id");
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) strip_ids(v);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) strip_ids(v);
    }
}

/* A command's JSON output with local ids removed, as canonical text; caller frees. */
static inline char *json_of(const char *db, const char *now, const char *cmd, const char *sub)
{
    ck_proc p = {0};
    if (sub)
        CLI_OK(&p, db, now, cmd, sub, "--json");
    else
        CLI_OK(&p, db, now, cmd, "--json");
    json_t *doc = json_loads(p.out, 0, NULL);
    if (!doc)
        ck_test_fail(__FILE__, __LINE__, "%s --json is not JSON: %s", cmd, p.out);
    strip_ids(doc);
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(doc);
    ck_proc_clear(&p);
    return text;
}

/* How many rows a query on the organisation's server counts. */
static inline long org_count(org *o, const char *sql)
{
    ck_proc p = {0};
    long n = -1;
    if (ck_pg_psql(&p, o->owner, sql) == 0)
        n = strtol(p.out, NULL, 10);
    else
        ck_test_fail(__FILE__, __LINE__, "%s: %s", sql, p.err);
    ck_proc_clear(&p);
    return n;
}

/* How many entries a station's file holds. */
static inline long station_entries(const char *db)
{
    ck_proc p = {0};
    long n = -1;
    CLI_OK(&p, db, NULL, "audit", "verify");
    const char *at = strstr(p.out, "intact: ");
    if (at)
        n = strtol(at + 8, NULL, 10);
    ck_proc_clear(&p);
    return n;
}

#endif
