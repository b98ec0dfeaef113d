/* Test rig: a throwaway PostgreSQL server (initdb into a temporary folder, run as an
 * unprivileged user, on 127.0.0.1 at a free port), and a loopback proxy that cuts
 * connections part-way through. One server per test executable: initdb and start take about
 * 0.6 s. */
#ifndef CK_PG_RIG_H
#define CK_PG_RIG_H

#include <stdbool.h>
#include <stdint.h>

#include "ck_test.h"

typedef struct ck_pg ck_pg;

typedef struct ck_pg_opts {
    bool ssl; /* ssl=on with a fresh CA and a certificate for localhost */
} ck_pg_opts;

/* Start a server (NULL opts: plain). NULL with the reason printed when PostgreSQL's server
 * programs are not installed (the caller returns CK_TEST_SKIP) or could not start (a
 * failure is recorded too). */
ck_pg *ck_pg_start(const ck_pg_opts *opts, bool *skip);
/* Stop the server and remove its folder. NULL is a no-op. */
void ck_pg_free(ck_pg *pg);
/* Stop it (immediate: like a power cut, else a fast shutdown) and start it again on the
 * same port with the same data. */
bool ck_pg_stop(ck_pg *pg, bool immediate);
bool ck_pg_start_again(ck_pg *pg);

int ck_pg_port(const ck_pg *pg);
/* CPU time the server has used (its processes, ended sessions included), in ms. */
int64_t ck_pg_cpu_ms(const ck_pg *pg);
/* A fresh database owned by the owner role; false on failure (recorded). */
bool ck_pg_createdb(ck_pg *pg, const char *name);
/* "postgresql://owner:PASSWORD@127.0.0.1:PORT/DB" (a static ring of buffers), optionally
 * through another port (0: the server's own) and with extra query text ("sslmode=…"). */
const char *ck_pg_owner_url(const ck_pg *pg, const char *db, int port, const char *query);
/* The CA certificate file of an ssl server; "" otherwise. */
const char *ck_pg_ca_file(const ck_pg *pg);
/* Run psql with one command against url; the exit status (0: it worked). */
int ck_pg_psql(ck_proc *out, const char *url, const char *sql);

/* A test executable's main with one server for all its cases: start it (opts may be NULL),
 * run cases(), stop it. Skips (77) with the reason when PostgreSQL is not installed. */
int ck_pg_test_main(int argc, char **argv, const ck_pg_opts *opts, ck_pg **pg, void (*cases)(void));

/* ---- a loopback proxy in front of the server ---- */
typedef struct ck_proxy ck_proxy;
/* Listen on 127.0.0.1 at a free port, forwarding each connection to target_port. */
ck_proxy *ck_proxy_start(int target_port);
int ck_proxy_port(const ck_proxy *p);
/* From now on, cut each connection after a random number of bytes in [min, max] (both
 * directions counted; 0, 0: never cut). seed makes the cuts repeatable. */
void ck_proxy_cut(ck_proxy *p, long min, long max, unsigned seed);
/* How many connections it has cut so far. */
long ck_proxy_cuts(ck_proxy *p);
void ck_proxy_stop(ck_proxy *p);

#endif
