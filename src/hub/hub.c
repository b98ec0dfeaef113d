/* The organisation's server through libpq: connecting (with errors in words), the server
 * schema and its migrations, stations and their roles, pushing and pulling chain entries. */
#include "hub/hub.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/mem.h"

struct ck_hub {
    PGconn *conn;
    char where[512];
    char role[64];
};

/* ---- the schema ---- */

/* Each entry upgrades the server schema from version i to i + 1, in the owner's transaction.
 * The session setting classkiosk.group names the role every station role is a member of.
 * Never edit a shipped entry: append a new one. */
static const char *const MIGRATIONS[] = {
    /* 0 → 1: stations, chain heads, the ledger, and who may do what. */
    "CREATE SCHEMA classkiosk;"
    "REVOKE ALL ON SCHEMA classkiosk FROM PUBLIC;"
    "CREATE TABLE classkiosk.meta (key text PRIMARY KEY, value text NOT NULL);"
    "INSERT INTO classkiosk.meta (key, value) VALUES"
    "  ('schema', '0'), ('station_group', current_setting('classkiosk.group'));"

    "CREATE TABLE classkiosk.station ("
    "  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$'),"
    "  role name NOT NULL UNIQUE,"
    "  origin text UNIQUE CHECK (origin ~ '^[0-9a-f]{32}$'),"
    "  registered_at timestamptz NOT NULL DEFAULT now(),"
    "  joined_at timestamptz,"
    "  revoked_at timestamptz);"
    "CREATE TABLE classkiosk.head ("
    "  origin text PRIMARY KEY REFERENCES classkiosk.station (origin),"
    "  seq bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),"
    "  hash text NOT NULL DEFAULT repeat('0', 64),"
    "  updated_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE classkiosk.ledger ("
    "  origin text NOT NULL REFERENCES classkiosk.station (origin),"
    "  seq bigint NOT NULL CHECK (seq >= 1),"
    "  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z.]{0,30}$'),"
    "  uid text NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 63),"
    "  at bigint NOT NULL,"
    "  body text NOT NULL,"
    "  prev text NOT NULL CHECK (prev ~ '^[0-9a-f]{64}$'),"
    "  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),"
    "  received_at timestamptz NOT NULL DEFAULT now(),"
    "  PRIMARY KEY (origin, seq));"

    /* The entry hash as stations compute it (src/README.md, "The ledger"): each field as its
     * length in bytes, ':', its bytes. */
    "CREATE FUNCTION classkiosk.field(t text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT"
    "  AS $$ SELECT convert_to(octet_length(t)::text || ':' || t, 'UTF8') $$;"
    "CREATE FUNCTION classkiosk.entry_hash(prev text, origin text, seq bigint, kind text,"
    "  uid text, at bigint, body text) RETURNS text LANGUAGE sql IMMUTABLE STRICT"
    "  AS $$ SELECT encode(sha256(classkiosk.field(prev) || classkiosk.field(origin)"
    "   || classkiosk.field(seq::text) || classkiosk.field(kind) || classkiosk.field(uid)"
    "   || classkiosk.field(at::text) || classkiosk.field(body)), 'hex') $$;"

    /* The origin a role may write: its station's, while the station is not revoked. */
    "CREATE FUNCTION classkiosk.origin_of(r name) RETURNS text LANGUAGE sql STABLE"
    "  SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
    "  AS $$ SELECT origin FROM classkiosk.station WHERE role = r AND revoked_at IS NULL $$;"

    /* Every entry continues its chain, or it is refused. */
    "CREATE FUNCTION classkiosk.ledger_append() RETURNS trigger LANGUAGE plpgsql"
    "  SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
    " DECLARE s record; h record;"
    " BEGIN"
    "  SELECT name, role, revoked_at INTO s FROM classkiosk.station WHERE origin = NEW.origin;"
    "  IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'CK001', MESSAGE = format("
    "   'no station of this organisation has the id %s', NEW.origin); END IF;"
    "  IF s.role <> session_user THEN RAISE EXCEPTION USING ERRCODE = 'CK008', MESSAGE ="
    "   format('the role %s may write only its own station''s records, not those of the"
    " station %s', session_user, s.name); END IF;"
    "  IF s.revoked_at IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'CK002', MESSAGE ="
    "   format('station %s was revoked on %s; the server takes nothing more from it',"
    "   s.name, to_char(s.revoked_at, 'YYYY-MM-DD HH24:MI')); END IF;"
    "  SELECT seq, hash INTO h FROM classkiosk.head WHERE origin = NEW.origin FOR UPDATE;"
    "  IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'CK001', MESSAGE = format("
    "   'station %s has not joined yet', s.name); END IF;"
    "  IF NEW.seq <> h.seq + 1 THEN RAISE EXCEPTION USING ERRCODE = 'CK003', MESSAGE = format("
    "   'entry %s of station %s does not continue its chain: the server holds entries up"
    " to %s', NEW.seq, s.name, h.seq); END IF;"
    "  IF NEW.prev <> h.hash THEN RAISE EXCEPTION USING ERRCODE = 'CK004', MESSAGE = format("
    "   'entry %s of station %s does not follow entry %s that the server holds: the"
    " station''s chain was rewritten', NEW.seq, s.name, h.seq); END IF;"
    "  IF classkiosk.entry_hash(NEW.prev, NEW.origin, NEW.seq, NEW.kind, NEW.uid, NEW.at,"
    "   NEW.body) IS DISTINCT FROM NEW.hash THEN RAISE EXCEPTION USING ERRCODE = 'CK005',"
    "   MESSAGE = format('entry %s of station %s does not match its hash', NEW.seq, s.name);"
    "  END IF;"
    "  IF EXISTS (SELECT 1 FROM classkiosk.ledger WHERE uid = NEW.uid) THEN"
    "   RAISE EXCEPTION USING ERRCODE = 'CK007', MESSAGE = format('entry %s of station %s"
    " records %s, which another entry on the server records already (two stations sharing"
    " one signing keyring?)', NEW.seq, s.name, NEW.uid); END IF;"
    "  NEW.received_at := clock_timestamp();"
    "  UPDATE classkiosk.head SET seq = NEW.seq, hash = NEW.hash, updated_at = NEW.received_at"
    "   WHERE origin = NEW.origin;"
    "  RETURN NEW;"
    " END $$;"
    "CREATE TRIGGER ledger_append BEFORE INSERT ON classkiosk.ledger"
    "  FOR EACH ROW EXECUTE FUNCTION classkiosk.ledger_append();"
    "CREATE FUNCTION classkiosk.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION USING ERRCODE = 'CK006',"
    "  MESSAGE = 'the ledger is append-only: its entries are never changed or deleted'; END $$;"
    "CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON classkiosk.ledger"
    "  FOR EACH ROW EXECUTE FUNCTION classkiosk.refuse_change();"
    "CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON classkiosk.ledger"
    "  FOR EACH STATEMENT EXECUTE FUNCTION classkiosk.refuse_change();"
    "ALTER TABLE classkiosk.ledger ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY ledger_read ON classkiosk.ledger FOR SELECT USING (true);"
    "CREATE POLICY ledger_insert_own ON classkiosk.ledger FOR INSERT"
    "  WITH CHECK (origin = classkiosk.origin_of(current_user));"

    /* A station's first join names its origin, once. */
    "CREATE FUNCTION classkiosk.claim(o text) RETURNS text LANGUAGE plpgsql"
    "  SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
    " DECLARE s record;"
    " BEGIN"
    "  SELECT name, origin, revoked_at INTO s FROM classkiosk.station WHERE role = session_user"
    "   FOR UPDATE;"
    "  IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = 'CK010', MESSAGE = format("
    "   'the role %s is no station of this organisation', session_user); END IF;"
    "  IF s.revoked_at IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'CK002', MESSAGE ="
    "   format('station %s was revoked on %s; the server takes nothing more from it',"
    "   s.name, to_char(s.revoked_at, 'YYYY-MM-DD HH24:MI')); END IF;"
    "  IF s.origin IS NULL THEN"
    "   IF EXISTS (SELECT 1 FROM classkiosk.station WHERE origin = o) THEN"
    "    RAISE EXCEPTION USING ERRCODE = 'CK011', MESSAGE = format('station %s has this"
    " database''s id already: the database was copied from that station; give each station"
    " its own (classkiosk init in an empty folder)', (SELECT name FROM classkiosk.station"
    " WHERE origin = o)); END IF;"
    "   UPDATE classkiosk.station SET origin = o, joined_at = now() WHERE name = s.name;"
    "   INSERT INTO classkiosk.head (origin) VALUES (o);"
    "  ELSIF s.origin <> o THEN"
    "   RAISE EXCEPTION USING ERRCODE = 'CK012', MESSAGE = format('station %s joined with"
    " another database (its id begins %s, this one''s %s)', s.name, left(s.origin, 8),"
    " left(o, 8)); END IF;"
    "  RETURN s.name;"
    " END $$;"

    "REVOKE ALL ON FUNCTION classkiosk.field(text), classkiosk.entry_hash(text, text, bigint,"
    "  text, text, bigint, text), classkiosk.origin_of(name), classkiosk.ledger_append(),"
    "  classkiosk.refuse_change(), classkiosk.claim(text) FROM PUBLIC;"
    "DO $$ DECLARE g text := current_setting('classkiosk.group'); BEGIN"
    "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN"
    "   EXECUTE format('CREATE ROLE %I NOLOGIN', g); END IF;"
    "  EXECUTE format('GRANT USAGE ON SCHEMA classkiosk TO %I', g);"
    "  EXECUTE format('GRANT SELECT ON classkiosk.meta, classkiosk.station, classkiosk.head,"
    "   classkiosk.ledger TO %I', g);"
    "  EXECUTE format('GRANT INSERT ON classkiosk.ledger TO %I', g);"
    "  EXECUTE format('GRANT EXECUTE ON FUNCTION classkiosk.claim(text),"
    "   classkiosk.origin_of(name) TO %I', g);"
    " END $$;",
};

#define SCHEMA_VERSION ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

int ck_hub_schema_version(void)
{
    return SCHEMA_VERSION;
}

/* ---- errors in words ---- */

static const char *first_line(const char *msg, char *buf, size_t n)
{
    const char *m = msg ? msg : "";
    while (*m == ' ')
        m++;
    if (strncmp(m, "ERROR:  ", 8) == 0 || strncmp(m, "FATAL:  ", 8) == 0)
        m += 8;
    snprintf(buf, n, "%s", m);
    buf[strcspn(buf, "\n")] = '\0';
    /* The connection's own messages name "connection to server at …": keep the reason. */
    const char *failed = strstr(buf, "failed: ");
    if (failed && strncmp(buf, "connection to server", 20) == 0)
        memmove(buf, failed + 8, strlen(failed + 8) + 1);
    return buf;
}

/* Why a connection could not be made, in words. */
static ck_rc connect_failed(PGconn *c, const char *where, const char *role, ck_err *err)
{
    char why[512];
    const char *msg = PQerrorMessage(c);
    first_line(msg, why, sizeof why);
    if (strstr(msg, "password authentication failed") || strstr(msg, "no password supplied"))
        return ck_err_set(err, CK_EINVAL,
                          "the server at %s refused the password of the role %s: the station's "
                          "password file holds another one, or the station was registered "
                          "again; run \"classkiosk join\" with the URI \"classkiosk server "
                          "add-station\" printed",
                          where, role);
    if (strstr(msg, "not permitted to log in"))
        return ck_err_set(err, CK_ESTATE,
                          "the server at %s no longer lets the role %s log in: the station was "
                          "revoked; ask the organisation's administrator (records stay here)",
                          where, role);
    if (strstr(msg, "certificate verify failed") || strstr(msg, "root certificate file") ||
        strstr(msg, "does not match host name") || strstr(msg, "server certificate for"))
        return ck_err_set(err, CK_ECRYPTO,
                          "the server at %s could not prove who it is (%s): its TLS certificate "
                          "is not signed by the authority in sslrootcert, or names another "
                          "host; nothing was sent",
                          where, why);
    if (strstr(msg, "server does not support SSL"))
        return ck_err_set(err, CK_ECRYPTO,
                          "the server at %s does not offer TLS, which the URI asks for "
                          "(sslmode); turn ssl on at the server, nothing was sent",
                          where);
    if (strstr(msg, "does not exist") && strstr(msg, "database"))
        return ck_err_set(err, CK_EINVAL,
                          "the server at %s has no such database (%s); check the URI", where, why);
    if (strstr(msg, "no pg_hba.conf entry"))
        return ck_err_set(err, CK_EINVAL,
                          "the server at %s does not let the role %s connect from here (%s); "
                          "the server's pg_hba.conf needs an entry for it",
                          where, role, why);
    if (strstr(msg, "invalid") || strstr(msg, "missing \"=\"") || strstr(msg, "URI"))
        return ck_err_set(err, CK_EINVAL, "the server address is not a connection URI (%s)", why);
    return ck_err_set(err, CK_EIO,
                      "cannot reach the server at %s (%s); records stay here and go with the "
                      "next sync",
                      where, why);
}

/* Why a statement failed, in words. doing: what was being done. */
static ck_rc query_failed(ck_hub *h, PGresult *r, const char *doing, ck_err *err)
{
    char why[512];
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : "";
    first_line(*msg ? msg : PQerrorMessage(h->conn), why, sizeof why);
    if (!state || PQstatus(h->conn) != CONNECTION_OK)
        return ck_err_set(err, CK_EIO,
                          "%s: the connection to the server at %s was lost (%s); nothing is "
                          "lost, the next sync goes on from where this one stopped",
                          CK_MSG_PHRASE(doing), h->where, why);
    if (strncmp(state, "CK", 2) == 0) {
        /* The server's own rules: the message is a sentence already. */
        ck_rc rc = strcmp(state, "CK002") == 0   ? CK_ESTATE
                   : strcmp(state, "CK003") == 0 ? CK_EBUSY
                                                 : CK_EDB;
        return ck_err_set(err, rc, "%s: the server refused: %s", CK_MSG_PHRASE(doing), why);
    }
    if (strcmp(state, "42501") == 0)
        return ck_err_set(err, CK_ESTATE, "%s: the server refused the role %s: %s",
                          CK_MSG_PHRASE(doing), h->role, why);
    if (strcmp(state, "3F000") == 0 || strcmp(state, "42P01") == 0 || strcmp(state, "42883") == 0)
        return ck_err_set(err, CK_EVERSION,
                          "%s: the server at %s has no classkiosk schema yet (%s); run "
                          "\"classkiosk server init URL\" with the owner's URL",
                          CK_MSG_PHRASE(doing), h->where, why);
    if (strncmp(state, "57", 2) == 0 || strncmp(state, "08", 2) == 0)
        return ck_err_set(err, CK_EIO,
                          "%s: the server at %s stopped the work (%s); nothing is lost, the next "
                          "sync goes on from where this one stopped",
                          CK_MSG_PHRASE(doing), h->where, why);
    return ck_err_set(err, CK_EDB, "%s: the server at %s said: %s", CK_MSG_PHRASE(doing), h->where,
                      why);
}

/* Run sql with text parameters; *out is the result (PQclear it) when rows come back. */
static ck_rc run(ck_hub *h, PGresult **out, const char *sql, int nparams, const char *const *params,
                 const char *doing, ck_err *err)
{
    PGresult *r = PQexecParams(h->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        ck_rc rc = query_failed(h, r, doing, err);
        PQclear(r);
        return rc;
    }
    if (out)
        *out = r;
    else
        PQclear(r);
    return CK_OK;
}

/* Run SQL text without parameters (several statements allowed). */
static ck_rc exec(ck_hub *h, const char *sql, const char *doing, ck_err *err)
{
    PGresult *r = PQexec(h->conn, sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    ck_rc rc =
        st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? CK_OK : query_failed(h, r, doing, err);
    PQclear(r);
    return rc;
}

static void rollback(ck_hub *h)
{
    PQclear(PQexec(h->conn, "ROLLBACK"));
}

/* ---- connecting ---- */

static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static void describe(ck_hub *h, PGconn *c)
{
    const char *host = PQhost(c), *port = PQport(c), *db = PQdb(c), *user = PQuser(c);
    snprintf(h->where, sizeof h->where, "%s:%s/%s", host && *host ? host : "localhost",
             port && *port ? port : "5432", db ? db : "");
    snprintf(h->role, sizeof h->role, "%s", user ? user : "");
}

ck_rc ck_hub_connect(ck_hub **out, const ck_hub_conn *c, ck_err *err)
{
    *out = NULL;
    if (!c->uri || !*c->uri)
        return ck_err_set(err, CK_EINVAL, "no server given: a connection URI is needed");
    char *bad = NULL;
    PQconninfoOption *parsed = PQconninfoParse(c->uri, &bad);
    if (!parsed) {
        char why[256];
        first_line(bad, why, sizeof why);
        PQfreemem(bad);
        return ck_err_set(err, CK_EINVAL,
                          "the server address is not a connection URI (%s); write it like "
                          "postgresql://user@host:5432/database",
                          why);
    }
    PQconninfoFree(parsed);
    ck_hub *h = calloc(1, sizeof *h);
    if (!h)
        return ck_err_set(err, CK_ENOMEM, "out of memory connecting to the server");
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", c->timeout_s > 0 ? c->timeout_s : 10);
    /* Defaults first: what the URI says wins, except the password file, which is ours. */
    const char *keys[] = {"connect_timeout",
                          "application_name",
                          "keepalives",
                          "keepalives_idle",
                          "keepalives_interval",
                          "keepalives_count",
                          "dbname",
                          "passfile",
                          NULL};
    const char *vals[] = {timeout, "classkiosk", "1", "10", "5", "3", c->uri, c->passfile, NULL};
    if (!c->passfile)
        keys[7] = NULL;
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn) {
        free(h);
        return ck_err_set(err, CK_ENOMEM, "out of memory connecting to the server");
    }
    describe(h, conn);
    if (PQstatus(conn) != CONNECTION_OK) {
        ck_rc rc = connect_failed(conn, h->where, h->role, err);
        PQfinish(conn);
        free(h);
        return rc;
    }
    PQsetNoticeProcessor(conn, quiet_notices, NULL);
    h->conn = conn;
    /* Never wait forever on a lock or a lost peer. */
    ck_rc rc = exec(h,
                    "SET statement_timeout = '60s'; SET lock_timeout = '20s';"
                    " SET client_encoding = 'UTF8'",
                    "starting the connection", err);
    if (rc) {
        ck_hub_close(h);
        return rc;
    }
    *out = h;
    return CK_OK;
}

void ck_hub_close(ck_hub *h)
{
    if (!h)
        return;
    PQfinish(h->conn);
    free(h);
}

const char *ck_hub_where(const ck_hub *h)
{
    return h->where;
}

bool ck_hub_tls(const ck_hub *h)
{
    return PQsslInUse(h->conn) != 0;
}

/* ---- URIs ---- */

/* Append text percent-encoded (unreserved characters as they are). */
static void put_encoded(char *out, size_t n, size_t *w, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        bool plain = isalnum(*p) || strchr("-._~", *p);
        int k = plain ? snprintf(out + *w, n > *w ? n - *w : 0, "%c", *p)
                      : snprintf(out + *w, n > *w ? n - *w : 0, "%%%02X", *p);
        *w += (size_t)k;
    }
}

static void put_text(char *out, size_t n, size_t *w, const char *text)
{
    *w += (size_t)snprintf(out + *w, n > *w ? n - *w : 0, "%s", text);
}

static const char *option(const PQconninfoOption *o, const char *key)
{
    for (; o && o->keyword; o++)
        if (strcmp(o->keyword, key) == 0)
            return o->val && *o->val ? o->val : NULL;
    return NULL;
}

/* A URI for the server, database and options of parsed, as user with password (may be
 * NULL). */
static ck_rc build_uri(char *out, size_t n, const PQconninfoOption *parsed, const char *user,
                       const char *password, ck_err *err)
{
    size_t w = 0;
    const char *hosts = option(parsed, "host"), *ports = option(parsed, "port");
    const char *db = option(parsed, "dbname");
    put_text(out, n, &w, "postgresql://");
    if (user && *user) {
        put_encoded(out, n, &w, user);
        if (password && *password) {
            put_text(out, n, &w, ":");
            put_encoded(out, n, &w, password);
        }
        put_text(out, n, &w, "@");
    }
    /* host=a,b with port=1,2 is "a:1,b:2". */
    char hbuf[1024], pbuf[256];
    snprintf(hbuf, sizeof hbuf, "%s", hosts ? hosts : "");
    snprintf(pbuf, sizeof pbuf, "%s", ports ? ports : "");
    char *hsave = NULL, *psave = NULL;
    char *port = strtok_r(pbuf, ",", &psave);
    bool first = true;
    for (char *host = strtok_r(hbuf, ",", &hsave); host; host = strtok_r(NULL, ",", &hsave)) {
        if (!first)
            put_text(out, n, &w, ",");
        first = false;
        if (strchr(host, ':')) { /* an IPv6 address */
            put_text(out, n, &w, "[");
            put_text(out, n, &w, host);
            put_text(out, n, &w, "]");
        } else {
            put_encoded(out, n, &w, host);
        }
        if (port) {
            put_text(out, n, &w, ":");
            put_encoded(out, n, &w, port);
            char *next = strtok_r(NULL, ",", &psave);
            if (next)
                port = next;
        }
    }
    if (first && port) { /* a port without a host: the default host */
        put_text(out, n, &w, ":");
        put_encoded(out, n, &w, port);
    }
    put_text(out, n, &w, "/");
    if (db)
        put_encoded(out, n, &w, db);
    char sep = '?';
    static const char *const SKIP[] = {"host",     "port",     "dbname", "user",
                                       "password", "passfile", NULL};
    for (const PQconninfoOption *o = parsed; o && o->keyword; o++) {
        bool skip = !o->val || !*o->val;
        for (size_t i = 0; !skip && SKIP[i]; i++)
            skip = strcmp(o->keyword, SKIP[i]) == 0;
        /* Only what the URI said, not libpq's defaults from the environment. */
        if (skip || (o->envvar && getenv(o->envvar) && strcmp(getenv(o->envvar), o->val) == 0))
            continue;
        if (o->compiled && strcmp(o->compiled, o->val) == 0)
            continue;
        w += (size_t)snprintf(out + w, n > w ? n - w : 0, "%c", sep);
        sep = '&';
        put_encoded(out, n, &w, o->keyword);
        put_text(out, n, &w, "=");
        put_encoded(out, n, &w, o->val);
    }
    if (w >= n)
        return ck_err_set(err, CK_EINVAL, "the server address is too long (over %zu bytes)", n - 1);
    return CK_OK;
}

static ck_rc parse_uri(PQconninfoOption **out, const char *uri, ck_err *err)
{
    char *bad = NULL;
    *out = PQconninfoParse(uri ? uri : "", &bad);
    if (*out)
        return CK_OK;
    char why[256];
    first_line(bad, why, sizeof why);
    PQfreemem(bad);
    return ck_err_set(err, CK_EINVAL,
                      "the server address is not a connection URI (%s); write it like "
                      "postgresql://user@host:5432/database",
                      why);
}

ck_rc ck_hub_station_uri(char *out, size_t n, const char *owner_uri, const char *role,
                         const char *password, ck_err *err)
{
    PQconninfoOption *parsed = NULL;
    ck_rc rc = parse_uri(&parsed, owner_uri, err);
    if (rc)
        return rc;
    rc = build_uri(out, n, parsed, role, password, err);
    PQconninfoFree(parsed);
    return rc;
}

ck_rc ck_hub_uri_split(char *uri_out, char *password_out, size_t n, const char *uri, ck_err *err)
{
    PQconninfoOption *parsed = NULL;
    ck_rc rc = parse_uri(&parsed, uri, err);
    if (rc)
        return rc;
    const char *user = option(parsed, "user"), *password = option(parsed, "password");
    snprintf(password_out, n, "%s", password ? password : "");
    rc = build_uri(uri_out, n, parsed, user, NULL, err);
    /* The parsed options hold the password too. */
    for (PQconninfoOption *o = parsed; o->keyword; o++)
        if (o->val)
            ck_wipe(o->val, strlen(o->val));
    PQconninfoFree(parsed);
    return rc;
}

void ck_hub_uri_user(char *out, size_t n, const char *uri)
{
    char *bad = NULL;
    PQconninfoOption *parsed = PQconninfoParse(uri ? uri : "", &bad);
    PQfreemem(bad);
    const char *user = option(parsed, "user");
    snprintf(out, n, "%s", user ? user : "");
    PQconninfoFree(parsed);
}

/* ---- the owner: schema and stations ---- */

/* [a-z0-9_] of text, lower-cased, at most max characters. */
static void role_part(char *out, size_t n, const char *text, size_t max)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && w < max && w + 1 < n; p++)
        out[w++] = isalnum(*p) && *p < 0x80 ? (char)tolower(*p) : '_';
    out[w] = '\0';
}

static ck_rc schema_version_of(ck_hub *h, int *version, ck_err *err)
{
    PGresult *r = NULL;
    ck_rc rc =
        run(h, &r, "SELECT CASE WHEN to_regclass('classkiosk.meta') IS NULL THEN -1 ELSE 0 END", 0,
            NULL, N_("reading the server's schema"), err);
    if (rc)
        return rc;
    bool exists = strcmp(PQgetvalue(r, 0, 0), "0") == 0;
    PQclear(r);
    *version = 0;
    if (!exists)
        return CK_OK;
    if ((rc = run(h, &r, "SELECT value FROM classkiosk.meta WHERE key = 'schema'", 0, NULL,
                  N_("reading the server's schema"), err)))
        return rc;
    *version = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    return CK_OK;
}

static ck_rc newer_schema(ck_hub *h, int version, ck_err *err)
{
    return ck_err_set(err, CK_EVERSION,
                      "the server at %s holds classkiosk schema %d, newer than this classkiosk "
                      "knows (%d); install the newer classkiosk here",
                      h->where, version, SCHEMA_VERSION);
}

ck_rc ck_hub_init(ck_hub *h, int *from, int *to, ck_err *err)
{
    const char *doing = N_("setting up the server");
    PGresult *r = NULL;
    *from = *to = 0;
    ck_rc rc = run(h, &r, "SELECT current_setting('server_encoding'), current_database()", 0, NULL,
                   doing, err);
    if (rc)
        return rc;
    char db[64];
    bool utf8 = strcmp(PQgetvalue(r, 0, 0), "UTF8") == 0;
    role_part(db, sizeof db, PQgetvalue(r, 0, 1), 24);
    PQclear(r);
    if (!utf8)
        return ck_err_set(err, CK_EINVAL,
                          "the database at %s is not UTF-8, and names and entries are; create "
                          "it with ENCODING 'UTF8' (createdb -E UTF8 -T template0)",
                          h->where);
    if ((rc = exec(h, "BEGIN", doing, err)))
        return rc;
    /* One init at a time, even from two machines. */
    if ((rc = exec(h, "SELECT pg_advisory_xact_lock(hashtext('classkiosk.schema'))", doing, err)) ||
        (rc = schema_version_of(h, from, err)))
        goto fail;
    if (*from > SCHEMA_VERSION) {
        rc = newer_schema(h, *from, err);
        goto fail;
    }
    char group[80];
    snprintf(group, sizeof group, "ck_%s__stations", db);
    const char *gp[] = {group};
    if ((rc = run(h, NULL, "SELECT set_config('classkiosk.group', $1, true)", 1, gp, doing, err)))
        goto fail;
    for (int v = *from; v < SCHEMA_VERSION; v++) {
        if ((rc = exec(h, MIGRATIONS[v], doing, err))) {
            ck_err_prefix(err, "server schema %d → %d: ", v, v + 1);
            goto fail;
        }
    }
    char version[16];
    snprintf(version, sizeof version, "%d", SCHEMA_VERSION);
    const char *vp[] = {version};
    if ((rc = run(h, NULL, "UPDATE classkiosk.meta SET value = $1 WHERE key = 'schema'", 1, vp,
                  doing, err)) ||
        (rc = exec(h, "COMMIT", doing, err)))
        goto fail;
    *to = SCHEMA_VERSION;
    return CK_OK;
fail:
    rollback(h);
    return rc;
}

/* The server's schema must be this build's. */
static ck_rc check_schema(ck_hub *h, ck_err *err)
{
    int version = 0;
    ck_rc rc = schema_version_of(h, &version, err);
    if (rc)
        return rc;
    if (version > SCHEMA_VERSION)
        return newer_schema(h, version, err);
    if (version < SCHEMA_VERSION)
        return ck_err_set(err, CK_EVERSION,
                          "the server at %s holds classkiosk schema %d, older than this "
                          "classkiosk's (%d); run \"classkiosk server init URL\" with the "
                          "owner's URL to upgrade it",
                          h->where, version, SCHEMA_VERSION);
    return CK_OK;
}

static int64_t epoch_of(const char *text)
{
    return text && *text ? strtoll(text, NULL, 10) : 0;
}

#define STATION_COLUMNS                                                                            \
    "name, coalesce(origin, ''), role, extract(epoch FROM registered_at)::bigint,"                 \
    " coalesce(extract(epoch FROM revoked_at)::bigint, 0)"

static void station_row(PGresult *r, int i, ck_station_rec *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", PQgetvalue(r, i, 0));
    snprintf(out->origin, sizeof out->origin, "%s", PQgetvalue(r, i, 1));
    snprintf(out->role, sizeof out->role, "%s", PQgetvalue(r, i, 2));
    out->registered_at = epoch_of(PQgetvalue(r, i, 3));
    out->revoked_at = epoch_of(PQgetvalue(r, i, 4));
}

/* Run sql, which returns STATION_COLUMNS, into *out: its first row (*found false when none). */
static ck_rc one_station(ck_hub *h, const char *sql, int nparams, const char *const *params,
                         ck_station_rec *out, bool *found, const char *doing, ck_err *err)
{
    PGresult *r = NULL;
    memset(out, 0, sizeof *out);
    ck_rc rc = run(h, &r, sql, nparams, params, doing, err);
    if (rc)
        return rc;
    *found = PQntuples(r) > 0;
    if (*found)
        station_row(r, 0, out);
    PQclear(r);
    return CK_OK;
}

static bool station_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n >= CK_STATION_NAME_MAX || !isalnum((unsigned char)name[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)name[i]) || name[i] == '-' || name[i] == '_') ||
            (unsigned char)name[i] >= 0x80)
            return false;
    return true;
}

ck_rc ck_hub_station_add(ck_hub *h, const char *name, const char *password, ck_station_rec *out,
                         ck_err *err)
{
    const char *doing = N_("registering the station");
    memset(out, 0, sizeof *out);
    if (!station_name_ok(name))
        return ck_err_set(err, CK_EINVAL,
                          "the station name \"%s\" must be 1 to 30 letters, digits, '-' or '_', "
                          "starting with a letter or digit (it names the station's role on the "
                          "server), e.g. door-1",
                          name);
    PGresult *r = NULL;
    ck_rc rc = check_schema(h, err);
    if (rc || (rc = exec(h, "BEGIN", doing, err)))
        return rc;
    if ((rc = run(h, &r,
                  "SELECT value, current_database() FROM classkiosk.meta"
                  " WHERE key = 'station_group'",
                  0, NULL, doing, err)))
        goto fail;
    char group[80] = "", db[64] = "", part[40], role[64];
    if (PQntuples(r)) {
        snprintf(group, sizeof group, "%s", PQgetvalue(r, 0, 0));
        role_part(db, sizeof db, PQgetvalue(r, 0, 1), 24);
    }
    PQclear(r);
    role_part(part, sizeof part, name, 32);
    snprintf(role, sizeof role, "ck_%s_%s", db, part);
    const char *sp[] = {name, role};
    if ((rc = run(h, &r, "SELECT name FROM classkiosk.station WHERE name = $1 OR role = $2", 2, sp,
                  doing, err)))
        goto fail;
    bool taken = PQntuples(r) > 0;
    char other[CK_STATION_NAME_MAX] = "";
    if (taken)
        snprintf(other, sizeof other, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    if (taken) {
        rc = strcmp(other, name) == 0
                 ? ck_err_set(err, CK_EINVAL,
                              "a station called %s is registered already; give the new one "
                              "another name",
                              name)
                 : ck_err_set(err, CK_EINVAL,
                              "the station %s has the role %s already (names differing only in "
                              "case or '-'/'_' share one); give the new one another name",
                              other, role);
        goto fail;
    }
    /* The password travels as a SCRAM verifier, so no log of the statement shows it. */
    char *verifier = PQencryptPasswordConn(h->conn, password, role, "scram-sha-256");
    char *ident = PQescapeIdentifier(h->conn, role, strlen(role));
    char *gident = PQescapeIdentifier(h->conn, group, strlen(group));
    char *lit = verifier ? PQescapeLiteral(h->conn, verifier, strlen(verifier)) : NULL;
    char sql[1024];
    if (verifier && ident && gident && lit)
        snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN PASSWORD %s IN ROLE %s", ident, lit,
                 gident);
    if (verifier)
        ck_wipe(verifier, strlen(verifier));
    bool made = verifier && ident && gident && lit;
    PQfreemem(verifier);
    PQfreemem(ident);
    PQfreemem(gident);
    PQfreemem(lit);
    if (!made) {
        rc = ck_err_set(err, CK_ENOMEM, "%s: could not prepare the role (%s)", CK_MSG_PHRASE(doing),
                        PQerrorMessage(h->conn));
        goto fail;
    }
    rc = exec(h, sql, doing, err);
    ck_wipe(sql, sizeof sql);
    if (rc)
        goto fail;
    bool found = false;
    if ((rc = one_station(h,
                          "INSERT INTO classkiosk.station (name, role) VALUES ($1, $2)"
                          " RETURNING " STATION_COLUMNS,
                          2, sp, out, &found, doing, err)) ||
        (rc = exec(h, "COMMIT", doing, err)))
        goto fail;
    return CK_OK;
fail:
    rollback(h);
    return rc;
}

ck_rc ck_hub_station_revoke(ck_hub *h, const char *name, ck_station_rec *out, ck_err *err)
{
    const char *doing = N_("revoking the station");
    bool found = false;
    memset(out, 0, sizeof *out);
    ck_rc rc = check_schema(h, err);
    if (rc || (rc = exec(h, "BEGIN", doing, err)))
        return rc;
    const char *np[] = {name};
    if ((rc = one_station(h,
                          "SELECT " STATION_COLUMNS " FROM classkiosk.station WHERE name = $1"
                          " FOR UPDATE",
                          1, np, out, &found, doing, err)))
        goto fail;
    if (!found) {
        rc = ck_err_set(err, CK_ENOTFOUND, "no station called %s is registered at %s", name,
                        h->where);
        goto fail;
    }
    if (out->revoked_at) {
        rc = ck_err_set(err, CK_ESTATE, "the station %s is revoked already", name);
        goto fail;
    }
    char *ident = PQescapeIdentifier(h->conn, out->role, strlen(out->role));
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER ROLE %s NOLOGIN", ident ? ident : "\"\"");
    PQfreemem(ident);
    if ((rc = exec(h, sql, doing, err)) ||
        (rc = one_station(h,
                          "UPDATE classkiosk.station SET revoked_at = now() WHERE name = $1"
                          " RETURNING " STATION_COLUMNS,
                          1, np, out, &found, doing, err)) ||
        (rc = exec(h, "COMMIT", doing, err)))
        goto fail;
    /* Its open sessions end now, not when it next connects: best effort, since an owner
     * that may not signal the station's backends has still revoked it (NOLOGIN is
     * committed; an open session ends at its next connection). */
    const char *rp[] = {out->role};
    ck_err ignored = {0};
    run(h, NULL, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", 1, rp,
        doing, &ignored);
    return CK_OK;
fail:
    rollback(h);
    return rc;
}

/* ---- a station ---- */

ck_rc ck_hub_claim(ck_hub *h, const char *origin, ck_station_rec *out, ck_err *err)
{
    const char *doing = N_("joining the organisation");
    bool found = false;
    memset(out, 0, sizeof *out);
    ck_rc rc = check_schema(h, err);
    const char *op[] = {origin};
    if (rc || (rc = run(h, NULL, "SELECT classkiosk.claim($1)", 1, op, doing, err)) ||
        (rc = one_station(h,
                          "SELECT " STATION_COLUMNS " FROM classkiosk.station"
                          " WHERE role = session_user",
                          0, NULL, out, &found, doing, err)))
        return rc;
    return found
               ? CK_OK
               : ck_err_set(err, CK_ENOTFOUND, "%s: the role %s is no station of this organisation",
                            CK_MSG_PHRASE(doing), h->role);
}

ck_rc ck_hub_stations(ck_hub *h, ck_station_rec **out, size_t *n, ck_err *err)
{
    PGresult *r = NULL;
    *out = NULL;
    *n = 0;
    ck_rc rc = run(h, &r, "SELECT " STATION_COLUMNS " FROM classkiosk.station ORDER BY name", 0,
                   NULL, N_("reading the stations"), err);
    if (rc)
        return rc;
    int rows = PQntuples(r);
    *out = calloc(rows ? (size_t)rows : 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        return ck_err_set(err, CK_ENOMEM, "out of memory reading the stations");
    }
    for (int i = 0; i < rows; i++)
        station_row(r, i, &(*out)[i]);
    *n = (size_t)rows;
    PQclear(r);
    return CK_OK;
}

ck_rc ck_hub_heads(ck_hub *h, ck_ledger_head **out, size_t *n, ck_err *err)
{
    PGresult *r = NULL;
    *out = NULL;
    *n = 0;
    ck_rc rc = run(h, &r, "SELECT origin, seq, hash FROM classkiosk.head ORDER BY origin", 0, NULL,
                   N_("reading the server's chains"), err);
    if (rc)
        return rc;
    int rows = PQntuples(r);
    *out = calloc(rows ? (size_t)rows : 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        return ck_err_set(err, CK_ENOMEM, "out of memory reading the server's chains");
    }
    for (int i = 0; i < rows; i++) {
        ck_ledger_head *hd = &(*out)[i];
        snprintf(hd->origin, sizeof hd->origin, "%s", PQgetvalue(r, i, 0));
        hd->seq = epoch_of(PQgetvalue(r, i, 1));
        snprintf(hd->hash, sizeof hd->hash, "%s", PQgetvalue(r, i, 2));
    }
    *n = (size_t)rows;
    PQclear(r);
    return CK_OK;
}

ck_rc ck_hub_push(ck_hub *h, const ck_ledger_rec *recs, size_t n, ck_err *err)
{
    const char *doing = N_("sending this station's records");
    if (n == 0)
        return CK_OK;
    if (!ck_assert(n <= CK_HUB_BATCH))
        return ck_err_set(err, CK_EINTERNAL, "%s: more than %d at once", CK_MSG_PHRASE(doing),
                          CK_HUB_BATCH);
    enum { COLS = 8 };
    ck_buf sql = {0};
    const char **params = calloc(n * COLS, sizeof *params);
    char(*nums)[2][24] = calloc(n, sizeof *nums);
    ck_rc rc = CK_OK;
    ck_buf_puts(&sql, "INSERT INTO classkiosk.ledger (origin, seq, kind, uid, at, body, prev,"
                      " hash) VALUES ");
    for (size_t i = 0; i < n && params && nums; i++) {
        size_t b = i * COLS;
        char row_sql[160];
        int len = snprintf(row_sql, sizeof row_sql,
                           "%s($%zu,$%zu::bigint,$%zu,$%zu,$%zu::bigint,$%zu,$%zu,$%zu)",
                           i ? "," : "", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8);
        ck_buf_put(&sql, row_sql, (size_t)len);
        snprintf(nums[i][0], sizeof nums[i][0], "%lld", (long long)recs[i].seq);
        snprintf(nums[i][1], sizeof nums[i][1], "%lld", (long long)recs[i].at);
        const char *row[COLS] = {recs[i].origin, nums[i][0],  recs[i].kind,
                                 recs[i].uid,    nums[i][1],  recs[i].body ? recs[i].body : "",
                                 recs[i].prev,   recs[i].hash};
        memcpy(&params[b], row, sizeof row);
    }
    if (sql.failed || !params || !nums)
        rc = ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
    else
        rc = run(h, NULL, sql.p, (int)(n * COLS), params, doing, err);
    free(sql.p);
    free(params);
    free(nums);
    return rc;
}

ck_rc ck_hub_pull(ck_hub *h, const char *origin, int64_t after, size_t limit, ck_ledger_rec **out,
                  size_t *n, ck_err *err)
{
    const char *doing = N_("fetching the other stations' records");
    char after_s[24], limit_s[24];
    PGresult *r = NULL;
    *out = NULL;
    *n = 0;
    if (limit > CK_HUB_BATCH)
        limit = CK_HUB_BATCH;
    snprintf(after_s, sizeof after_s, "%lld", (long long)after);
    snprintf(limit_s, sizeof limit_s, "%zu", limit);
    const char *p[] = {origin, after_s, limit_s};
    ck_rc rc = run(h, &r,
                   "SELECT origin, seq, kind, uid, at, body, prev, hash FROM classkiosk.ledger"
                   " WHERE origin = $1 AND seq > $2::bigint ORDER BY seq LIMIT $3::bigint",
                   3, p, doing, err);
    if (rc)
        return rc;
    int rows = PQntuples(r);
    ck_ledger_rec *list = calloc(rows ? (size_t)rows : 1, sizeof *list);
    if (!list) {
        PQclear(r);
        return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
    }
    for (int i = 0; i < rows; i++) {
        ck_ledger_rec *e = &list[i];
        snprintf(e->origin, sizeof e->origin, "%s", PQgetvalue(r, i, 0));
        e->seq = epoch_of(PQgetvalue(r, i, 1));
        snprintf(e->kind, sizeof e->kind, "%s", PQgetvalue(r, i, 2));
        snprintf(e->uid, sizeof e->uid, "%s", PQgetvalue(r, i, 3));
        e->at = epoch_of(PQgetvalue(r, i, 4));
        e->body = strdup(PQgetvalue(r, i, 5));
        snprintf(e->prev, sizeof e->prev, "%s", PQgetvalue(r, i, 6));
        snprintf(e->hash, sizeof e->hash, "%s", PQgetvalue(r, i, 7));
        if (!e->body) {
            ck_ledger_rec_list_free(list, (size_t)i);
            PQclear(r);
            return ck_err_set(err, CK_ENOMEM, "out of memory %s", CK_MSG_PHRASE(doing));
        }
    }
    PQclear(r);
    *out = list;
    *n = (size_t)rows;
    return CK_OK;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ck_rc ck_hub_clock_offset(ck_hub *h, int64_t *offset_ms, ck_err *err)
{
    PGresult *r = NULL;
    int64_t before = wall_ms();
    ck_rc rc = run(h, &r, "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint", 0, NULL,
                   N_("reading the server's clock"), err);
    int64_t after = wall_ms();
    if (rc)
        return rc;
    *offset_ms = epoch_of(PQgetvalue(r, 0, 0)) - (before + after) / 2;
    PQclear(r);
    return CK_OK;
}
