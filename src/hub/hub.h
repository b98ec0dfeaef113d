/* The organisation's server: PostgreSQL, reached through libpq. Every station's chain lives
 * there whole; stations push their own entries and pull everyone else's.
 *
 * The server's schema ("classkiosk" in the organisation's database) is made and upgraded by
 * ck_hub_init() over an owner's connection: a table of stations (name, database role,
 * origin, registered, revoked), the chain heads, and one ledger table of every station's
 * entries, PRIMARY KEY (origin, seq). Each station connects as its own role; row-level
 * security lets a role insert only entries of its own station's origin, no role may update
 * or delete an entry, and a trigger takes an entry only when it continues its chain (seq,
 * prev) and its hash is right (recomputed with sha256()), so the server holds every chain
 * intact. No libpq type crosses this header.
 */
#ifndef CK_HUB_H
#define CK_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "core/records.h"

typedef struct ck_hub ck_hub;

/* Most entries one push or pull moves in one statement. */
#define CK_HUB_BATCH 500

typedef struct ck_hub_conn {
    const char *uri;      /* a libpq connection URI (or key=value string) */
    const char *passfile; /* a pgpass file holding the password; NULL: libpq's default */
    int timeout_s;        /* seconds to wait for the server; 0: 10 */
} ck_hub_conn;

/* Connect; the error says why not in words (unreachable, wrong password, revoked role,
 * certificate not trusted…). */
ck_rc ck_hub_connect(ck_hub **out, const ck_hub_conn *c, ck_err *err);
void ck_hub_close(ck_hub *h);
/* Where the connection goes, for messages: "db.example.org:5432/academy". */
const char *ck_hub_where(const ck_hub *h);
/* Whether the connection is encrypted (TLS). */
bool ck_hub_tls(const ck_hub *h);

/* ---- the organisation's owner ---- */

/* The newest server schema this build knows. */
int ck_hub_schema_version(void);
/* Create or upgrade the schema, its roles and policies, in one transaction; a newer schema is
 * refused. *from and *to: the versions before and after. */
ck_rc ck_hub_init(ck_hub *h, int *from, int *to, ck_err *err);
/* Register a station: its database role (named after the database and the station), with the
 * given password, and its row. *out describes it. */
ck_rc ck_hub_station_add(ck_hub *h, const char *name, const char *password, ck_station_rec *out,
                         ck_err *err);
/* Revoke a station: its role may not log in any more, the server takes nothing more from it,
 * and its sessions end. */
ck_rc ck_hub_station_revoke(ck_hub *h, const char *name, ck_station_rec *out, ck_err *err);
/* The URI a station connects with: owner_uri's server, database and options, with the
 * station's role and password. */
ck_rc ck_hub_station_uri(char *out, size_t n, const char *owner_uri, const char *role,
                         const char *password, ck_err *err);

/* ---- a station ---- */

/* Split a station's URI into the password and the URI without it (n bytes each). */
ck_rc ck_hub_uri_split(char *uri_out, char *password_out, size_t n, const char *uri, ck_err *err);
/* The role a URI connects as; "" when it names none. */
void ck_hub_uri_user(char *out, size_t n, const char *uri);

/* Which station this connection's role is; claims origin for it on its first join (once
 * claimed, another origin is refused). */
ck_rc ck_hub_claim(ck_hub *h, const char *origin, ck_station_rec *out, ck_err *err);
/* Every registered station, revoked ones too; *out malloc'd. */
ck_rc ck_hub_stations(ck_hub *h, ck_station_rec **out, size_t *n, ck_err *err);
/* The newest entry the server holds of every chain; *out malloc'd. */
ck_rc ck_hub_heads(ck_hub *h, ck_ledger_head **out, size_t *n, ck_err *err);
/* Send entries of this station's chain (at most CK_HUB_BATCH, in order, continuing the
 * server's head) in one statement: all are taken or none. */
ck_rc ck_hub_push(ck_hub *h, const ck_ledger_rec *recs, size_t n, ck_err *err);
/* Up to limit (at most CK_HUB_BATCH) entries of origin's chain after seq after, in order;
 * free with ck_ledger_rec_list_free(). */
ck_rc ck_hub_pull(ck_hub *h, const char *origin, int64_t after, size_t limit, ck_ledger_rec **out,
                  size_t *n, ck_err *err);
/* The server's clock minus this machine's, in milliseconds (half the round trip allowed). */
ck_rc ck_hub_clock_offset(ck_hub *h, int64_t *offset_ms, ck_err *err);

#endif
