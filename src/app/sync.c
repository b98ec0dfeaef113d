/* Several stations, one organisation: setting up the server, joining it, and syncing, which
 * pushes this station's chain entries the server lacks and pulls every other station's
 * entries this file lacks, each chain checked before it is replayed. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "hub/hub.h"

#define PASSWORD_BYTES 24 /* 192 random bits, written as 48 hex digits */
#define PUSH_RETRIES 3    /* another sync of this station moved the server's head meanwhile */

/* ---- the owner ---- */

static ck_rc owner_connect(ck_hub **h, const char *url, ck_err *err)
{
    ck_hub_conn c = {.uri = url};
    return ck_hub_connect(h, &c, err);
}

ck_rc ck_app_server_init(const char *owner_url, ck_server_info *out, ck_err *err)
{
    ck_hub *h = NULL;
    memset(out, 0, sizeof *out);
    ck_rc rc = owner_connect(&h, owner_url, err);
    if (rc)
        return rc;
    snprintf(out->where, sizeof out->where, "%s", ck_hub_where(h));
    out->tls = ck_hub_tls(h);
    rc = ck_hub_init(h, &out->from, &out->to, err);
    ck_hub_close(h);
    return rc;
}

ck_rc ck_app_server_add_station(const char *owner_url, const char *name, char *uri, size_t n,
                                ck_err *err)
{
    unsigned char raw[PASSWORD_BYTES];
    char password[2 * PASSWORD_BYTES + 1];
    ck_station_rec st;
    ck_hub *h = NULL;
    if (sodium_init() < 0)
        return ck_err_set(err, CK_EINTERNAL, "libsodium could not start");
    ck_rc rc = owner_connect(&h, owner_url, err);
    if (rc)
        return rc;
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(password, sizeof password, raw, sizeof raw);
    if ((rc = ck_hub_station_add(h, name, password, &st, err)) == CK_OK)
        rc = ck_hub_station_uri(uri, n, owner_url, st.role, password, err);
    ck_wipe(raw, sizeof raw);
    ck_wipe(password, sizeof password);
    ck_hub_close(h);
    return rc;
}

ck_rc ck_app_server_revoke_station(const char *owner_url, const char *name, int64_t *when,
                                   ck_err *err)
{
    ck_station_rec st;
    ck_hub *h = NULL;
    ck_rc rc = owner_connect(&h, owner_url, err);
    if (rc)
        return rc;
    rc = ck_hub_station_revoke(h, name, &st, err);
    *when = st.revoked_at;
    ck_hub_close(h);
    return rc;
}

/* ---- a station's settings for its server ---- */

/* classkiosk.db → classkiosk.pgpass, beside it. */
static void passfile_path(ck_app *app, char *out, size_t n)
{
    const char *db = app->db_path;
    const char *slash = strrchr(db, '/'), *dot = strrchr(db, '.');
    if (dot && (!slash || dot > slash + 1))
        snprintf(out, n, "%.*s.pgpass", (int)(dot - db), db);
    else
        snprintf(out, n, "%s.pgpass", db);
}

static void setting(ck_app *app, const char *key, char *out, size_t n)
{
    out[0] = '\0';
    ck_store_setting_get(app->store, key, out, n, NULL);
}

static int64_t setting_int(ck_app *app, const char *key)
{
    char v[32];
    setting(app, key, v, sizeof v);
    return *v ? strtoll(v, NULL, 10) : 0;
}

static ck_rc set_int(ck_app *app, const char *key, int64_t v, ck_err *err)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", (long long)v);
    return ck_store_setting_set(app->store, key, text, err);
}

/* A pgpass line field: ':' and '\' escaped. */
static void pgpass_field(char *out, size_t n, const char *text)
{
    size_t w = 0;
    for (const char *p = text; *p && w + 2 < n; p++) {
        if (*p == ':' || *p == '\\')
            out[w++] = '\\';
        out[w++] = *p;
    }
    out[w] = '\0';
}

/* The password where libpq looks for it: a pgpass file of the station's own, mode 0600. */
static ck_rc write_passfile(ck_app *app, const char *path, const char *uri, const char *password,
                            ck_err *err)
{
    char user[128], u[260], p[260], line[600];
    ck_hub_uri_user(user, sizeof user, uri);
    pgpass_field(u, sizeof u, user);
    pgpass_field(p, sizeof p, password);
    int len = snprintf(line, sizeof line,
                       "# classkiosk: the password of this station's role on the organisation's "
                       "server\n*:*:*:%s:%s\n",
                       u, p);
    ck_rc rc = ck_file_write(path, line, (size_t)len, 0600, "password file", err);
    ck_wipe(line, sizeof line);
    ck_wipe(p, sizeof p);
    (void)app;
    return rc;
}

/* The organisation's stations into the file: whose keys are trusted, who was revoked. */
static ck_rc keep_stations(ck_app *app, ck_hub *h, ck_station_rec **list, size_t *n, ck_err *err)
{
    ck_rc rc = ck_hub_stations(h, list, n, err);
    return rc ? rc : ck_store_stations_set(app->store, *list, *n, err);
}

ck_rc ck_app_join(ck_app *app, const char *uri, ck_join_result *out, ck_err *err)
{
    char password[CK_APP_URI_MAX];
    ck_station_rec me, *stations = NULL;
    size_t nstations = 0;
    ck_hub *h = NULL;
    memset(out, 0, sizeof *out);
    ck_rc rc = ck_hub_uri_split(out->server, password, sizeof out->server, uri, err);
    if (rc)
        return rc;
    if (!*password) {
        rc = ck_err_set(err, CK_EINVAL,
                        "the URI holds no password; give the whole URI that \"classkiosk server "
                        "add-station\" printed as its last line");
        goto done;
    }
    passfile_path(app, out->passfile, sizeof out->passfile);
    ck_hub_conn c = {.uri = uri};
    if ((rc = ck_hub_connect(&h, &c, err)) ||
        (rc = ck_hub_claim(h, ck_store_origin(app->store), &me, err)))
        goto done;
    out->tls = ck_hub_tls(h);
    snprintf(out->station, sizeof out->station, "%s", me.name);
    if ((rc = write_passfile(app, out->passfile, out->server, password, err)) ||
        (rc = keep_stations(app, h, &stations, &nstations, err)) ||
        (rc = ck_store_begin(app->store, err)))
        goto done;
    /* The URI without its password; the station's name from its registration. */
    if ((rc = ck_store_setting_set(app->store, "sync.server", out->server, err)) ||
        (rc = ck_store_setting_set(app->store, "config.station", me.name, err)) ||
        (rc = ck_store_setting_delete(app->store, "sync.server_seq", err)) ||
        (rc = ck_app_audit_write(
             app, "trainer", CK_AUDIT_SERVER_JOIN,
             json_pack("{s:s, s:s}", "server", ck_hub_where(h), "station", me.name), err)) ||
        (rc = ck_store_commit(app->store, err))) {
        ck_store_rollback(app->store);
        goto done;
    }
    snprintf(app->device, sizeof app->device, "%s", me.name);
done:
    ck_wipe(password, sizeof password);
    free(stations);
    ck_hub_close(h);
    return rc;
}

/* ---- syncing ---- */

static const char *station_name(const ck_station_rec *list, size_t n, const char *origin)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].origin, origin) == 0)
            return list[i].name;
    return NULL;
}

static int64_t head_seq(const ck_ledger_head *heads, size_t n, const char *origin, char *hash)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(heads[i].origin, origin) == 0) {
            if (hash)
                memcpy(hash, heads[i].hash, 65);
            return heads[i].seq;
        }
    if (hash)
        memset(hash, '0', 64), hash[64] = '\0';
    return 0;
}

/* Take in origin's entries the server holds after seq after, up to seq upto, in batches. */
static ck_rc pull_chain(ck_app *app, ck_hub *h, const char *origin, const char *name, int64_t after,
                        int64_t upto, bool own, ck_sync_result *out, ck_err *err)
{
    while (after < upto) {
        ck_ledger_rec *recs = NULL;
        size_t n = 0;
        ck_ledger_import got;
        ck_rc rc = ck_hub_pull(h, origin, after, CK_HUB_BATCH, &recs, &n, err);
        if (rc)
            return rc;
        if (n == 0) {
            ck_ledger_rec_list_free(recs, n);
            return ck_err_set(err, CK_EDB,
                              "the server says it holds entries %lld to %lld of the station %s "
                              "but sends none; try again, or ask the organisation's "
                              "administrator to check the server",
                              (long long)after + 1, (long long)upto, name);
        }
        rc = ck_store_ledger_import(app->store, recs, n, own, &got, err);
        ck_ledger_rec_list_free(recs, n);
        if (rc) {
            ck_err_prefix(err, "the records of the station %s were not taken in: ", name);
            return rc;
        }
        after += (int64_t)(got.added + got.held);
        if (own)
            out->restored += got.added;
        else
            out->pulled += got.added;
        out->waiting = got.waiting;
        out->aside += got.refused;
    }
    return CK_OK;
}

/* The server's copy of this station's chain holds the file's newest entry, or the two went
 * different ways after a backup was put back. */
static ck_rc same_up_to(ck_app *app, ck_hub *h, const char *me, const ck_ledger_head *local,
                        ck_err *err)
{
    ck_ledger_rec *recs = NULL;
    size_t n = 0;
    ck_rc rc = ck_hub_pull(h, me, local->seq - 1, 1, &recs, &n, err);
    if (rc)
        return rc;
    bool same = n == 1 && recs[0].seq == local->seq && strcmp(recs[0].hash, local->hash) == 0;
    ck_ledger_rec_list_free(recs, n);
    (void)app;
    if (!same)
        return ck_err_set(err, CK_EDB,
                          "this station's chain goes on differently here than on the server from "
                          "entry %lld on (a backup was put back and used before this sync): "
                          "nothing was sent or taken; keep this file, whose records since then "
                          "the server does not hold, and ask the organisation's administrator",
                          (long long)local->seq);
    return CK_OK;
}

/* Send this station's entries the server lacks; *server_seq: how far the server holds them. */
static ck_rc push(ck_app *app, ck_hub *h, ck_ledger_head **heads, size_t *nheads,
                  int64_t *server_seq, ck_sync_result *out, ck_err *err)
{
    const char *me = ck_store_origin(app->store);
    ck_rc rc = CK_OK;
    for (int tries = 0;; tries++) {
        char shash[65], lhash[65];
        ck_ledger_head local;
        free(*heads);
        *heads = NULL;
        if ((rc = ck_hub_heads(h, heads, nheads, err)) ||
            (rc = ck_store_ledger_head(app->store, &local, err)))
            return rc;
        int64_t sseq = head_seq(*heads, *nheads, me, shash);
        *server_seq = sseq;
        if (sseq > local.seq) {
            /* The server holds more of this station's chain than the file: the file lost its
             * newest entries (a backup put back, or entries cut off). Take them back, if the
             * file did not go on differently meanwhile. */
            if (local.seq > 0 && (rc = same_up_to(app, h, me, &local, err)))
                return rc;
            if ((rc = pull_chain(app, h, me, out->station, local.seq, sseq, true, out, err)))
                return rc;
            continue;
        }
        if (sseq > 0) {
            if ((rc = ck_store_ledger_hash_at(app->store, me, sseq, lhash, err)))
                return rc;
            if (strcmp(lhash, shash) != 0)
                return ck_err_set(err, CK_EDB,
                                  "this station's chain differs from what it sent the server: "
                                  "entry %lld has the hash %.16s here but %.16s there, so the "
                                  "file was changed or replaced outside classkiosk; restore a "
                                  "backup, or find out who changed it",
                                  (long long)sseq, lhash, shash);
        }
        bool retry = false;
        while (sseq < local.seq) {
            ck_ledger_rec *recs = NULL;
            size_t n = 0;
            if ((rc = ck_store_ledger_read(app->store, me, sseq, CK_HUB_BATCH, &recs, &n, err)))
                return rc;
            rc = n ? ck_hub_push(h, recs, n, err) : CK_OK;
            int64_t last = n ? recs[n - 1].seq : sseq;
            ck_ledger_rec_list_free(recs, n);
            if (rc == CK_EBUSY && tries < PUSH_RETRIES) {
                retry = true; /* another sync of this station got there first */
                break;
            }
            if (rc)
                return rc;
            if (n == 0)
                break;
            out->pushed += n;
            sseq = *server_seq = last;
        }
        if (!retry)
            return CK_OK;
    }
}

/* Keep the outcome of an attempt for sync status and the trainer screen. */
static void record_outcome(ck_app *app, ck_rc rc, const ck_err *why, int64_t server_seq,
                           const ck_sync_result *res)
{
    ck_err quiet = {0};
    int64_t now = ck_app_now(app);
    if (ck_store_begin(app->store, &quiet) != CK_OK)
        return;
    bool ok = set_int(app, "sync.last_try", now, &quiet) == CK_OK;
    if (ok && server_seq >= 0)
        ok = set_int(app, "sync.server_seq", server_seq, &quiet) == CK_OK;
    if (ok && rc == CK_OK) {
        ok = set_int(app, "sync.last_ok", now, &quiet) == CK_OK &&
             set_int(app, "sync.offset_ms", res->offset_ms, &quiet) == CK_OK &&
             ck_store_setting_delete(app->store, "sync.down_since", &quiet) == CK_OK &&
             ck_store_setting_delete(app->store, "sync.refused", &quiet) == CK_OK &&
             ck_store_setting_delete(app->store, "sync.error", &quiet) == CK_OK;
    } else if (ok) {
        bool unreachable = rc == CK_EIO;
        if (unreachable && !setting_int(app, "sync.down_since"))
            ok = set_int(app, "sync.down_since", now, &quiet) == CK_OK;
        else if (!unreachable)
            ok = ck_store_setting_delete(app->store, "sync.down_since", &quiet) == CK_OK;
        ok = ok &&
             (unreachable
                  ? ck_store_setting_delete(app->store, "sync.refused", &quiet)
                  : ck_store_setting_set(app->store, "sync.refused", "1", &quiet)) == CK_OK &&
             (!why || ck_store_setting_set_msg(app->store, "sync.error", &why->m, &quiet) == CK_OK);
    }
    if (!ok || ck_store_commit(app->store, &quiet) != CK_OK)
        ck_store_rollback(app->store);
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ck_rc ck_app_sync(ck_app *app, ck_sync_result *out, ck_err *err)
{
    char uri[CK_APP_URI_MAX], passfile[4096];
    ck_station_rec me, *stations = NULL;
    ck_ledger_head *heads = NULL, *mine = NULL;
    size_t nstations = 0, nheads = 0, nmine = 0;
    int64_t server_seq = -1;
    ck_hub *h = NULL;
    memset(out, 0, sizeof *out);
    if (app->readonly)
        return ck_err_set(err, CK_EINTERNAL, "syncing needs the database open for writing");
    setting(app, "sync.server", uri, sizeof uri);
    if (!*uri)
        return ck_err_set(err, CK_ESTATE,
                          "this station has joined no organisation's server; run \"classkiosk "
                          "join URI\" with the URI \"classkiosk server add-station\" printed");
    passfile_path(app, passfile, sizeof passfile);
    ck_hub_conn c = {.uri = uri, .passfile = passfile, .timeout_s = app->server_timeout_s};
    ck_rc rc = ck_hub_connect(&h, &c, err);
    if (rc)
        goto done;
    out->tls = ck_hub_tls(h);
    if ((rc = ck_hub_claim(h, ck_store_origin(app->store), &me, err)) ||
        (rc = ck_hub_clock_offset(h, &out->offset_ms, err)))
        goto done;
    /* Against this station's clock, which may be set apart from the machine's (a demo); in
     * whole seconds, as that clock counts. */
    out->offset_ms += (wall_ms() / 1000 - ck_app_now(app)) * 1000;
    snprintf(out->station, sizeof out->station, "%s", me.name);
    if ((rc = keep_stations(app, h, &stations, &nstations, err)) ||
        (rc = push(app, h, &heads, &nheads, &server_seq, out, err)) ||
        (rc = ck_store_ledger_heads(app->store, &mine, &nmine, err)))
        goto done;
    ck_err first = {0};
    for (size_t i = 0; i < nheads; i++) {
        const ck_ledger_head *sh = &heads[i];
        if (strcmp(sh->origin, ck_store_origin(app->store)) == 0)
            continue;
        int64_t have = head_seq(mine, nmine, sh->origin, NULL);
        if (have >= sh->seq)
            continue;
        const char *name = station_name(stations, nstations, sh->origin);
        char unnamed[16];
        snprintf(unnamed, sizeof unnamed, "%.8s", sh->origin);
        size_t before = out->pulled;
        ck_err one = {0};
        ck_rc got =
            pull_chain(app, h, sh->origin, name ? name : unnamed, have, sh->seq, false, out, &one);
        out->from += out->pulled > before;
        /* One chain that cannot be taken in does not hold up the others. */
        if (got == CK_EIO) {
            rc = ck_err_msg(err, got, &one.m);
            goto done;
        }
        if (got && !first.rc)
            first = one;
    }
    if (first.rc)
        rc = ck_err_msg(err, first.rc, &first.m);
done:
    record_outcome(app, rc, err, server_seq, out);
    free(stations);
    free(heads);
    free(mine);
    ck_hub_close(h);
    return rc;
}

ck_rc ck_app_sync_status(ck_app *app, ck_sync_status *out, ck_err *err)
{
    char v[8];
    ck_ledger_head head;
    ck_station_rec *stations = NULL;
    memset(out, 0, sizeof *out);
    setting(app, "sync.server", out->server, sizeof out->server);
    out->joined = *out->server != '\0';
    setting(app, "config.station", out->station, sizeof out->station);
    out->last_ok = setting_int(app, "sync.last_ok");
    out->last_try = setting_int(app, "sync.last_try");
    out->unreachable_since = setting_int(app, "sync.down_since");
    setting(app, "sync.refused", v, sizeof v);
    out->refused = *v != '\0';
    ck_store_setting_get_msg(app->store, "sync.error", &out->last_error);
    out->offset_known = out->last_ok != 0;
    out->offset_ms = setting_int(app, "sync.offset_ms");
    int64_t off = out->offset_ms < 0 ? -out->offset_ms : out->offset_ms;
    out->clock_off = out->offset_known && off > CK_APP_CLOCK_SKEW_S * 1000;
    ck_rc rc = ck_store_ledger_head(app->store, &head, err);
    if (rc)
        return rc;
    int64_t on_server = setting_int(app, "sync.server_seq");
    out->waiting = out->joined && head.seq > on_server ? head.seq - on_server : 0;
    if ((rc = ck_store_stations(app->store, &stations, &out->stations, err)))
        return rc;
    free(stations);
    return ck_store_ledger_aside(app->store, &out->aside, &out->aside_why, err);
}
