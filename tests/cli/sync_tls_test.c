/* Sync over TLS: a test server with ssl=on and a certificate from a CA made for the test;
 * sslmode=verify-full works end to end, a CA that did not sign the server's certificate is
 * refused with a sentence, and nothing was sent. */
#include "sync_support.h"

static ck_pg *pg;

static void verify_full_end_to_end(void)
{
    org o;
    ck_proc p = {0};
    char query[1200];
    snprintf(query, sizeof query, "sslmode=verify-full&sslrootcert=%s", ck_pg_ca_file(pg));
    if (!org_make(&o, pg, query))
        return;
    CK_CHECK_CONTAINS(o.owner, "@localhost:");
    const char *a = station(&o, "tls-a"), *b = station(&o, "tls-b");
    /* The URI the station joined with kept the TLS options. */
    CLI_OK(&p, a, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "sslmode=verify-full");
    CLI_OK(&p, a, D1 " 07:30", "course", "create", "--title", "Over TLS", "--trainer", "Maria",
           "--day", D1);
    SYNC_OK(&p, a, D1 " 07:31");
    CK_CHECK_CONTAINS(p.out, "(over TLS)");
    SYNC_OK(&p, b, D1 " 07:32");
    CLI_OK(&p, b, D1 " 07:33", "course", "show");
    CK_CHECK_CONTAINS(p.out, "Over TLS");
    /* The server says the sessions were encrypted. */
    CK_CHECK(org_count(
                 &o, "SELECT count(*) FROM pg_stat_ssl WHERE ssl AND pid = pg_backend_pid()") == 1);

    /* Another CA: the server cannot prove who it is; the station says so and keeps its
     * records. */
    char cmd[2000], other[1100];
    snprintf(other, sizeof other, "%s", ck_test_path("other-ca.crt"));
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
             "'%s.key' -out '%s' -days 2 -subj '/CN=someone else' 2>/dev/null",
             other, other);
    CK_CHECK(system(cmd) == 0);
    char uri[2048], wrong[3200];
    CK_CHECK(org_register(&o, "tls-c", uri, sizeof uri));
    char *ca = strstr(uri, "sslrootcert=");
    if (ca) {
        snprintf(wrong, sizeof wrong, "%.*ssslrootcert=%s", (int)(ca - uri), uri, other);
        const char *c = ck_test_path("c.db");
        CLI_OK(&p, c, NULL, "init");
        CLI_FAILS(&p, c, NULL, "could not prove who it is", "join", wrong);
        CK_CHECK_CONTAINS(p.err, "nothing was sent");
        CLI_OK(&p, c, NULL, "sync", "status");
        CK_CHECK_CONTAINS(p.out, "joined no organisation's server");
    } else {
        ck_test_fail(__FILE__, __LINE__, "the station's URI lost sslrootcert: %s", uri);
    }
    /* A joined station whose CA file changes under it: refused, records kept. */
    CLI_OK(&p, a, D1 " 08:00", "config", "set", "issuer", "TLS Academy");
    char a_ca[4200];
    snprintf(a_ca, sizeof a_ca, "cp '%s' '%s'", other, ck_pg_ca_file(pg));
    CK_CHECK(system(a_ca) == 0);
    CLI_FAILS(&p, a, D1 " 08:01", "could not prove who it is", "sync");
    CLI_OK(&p, a, NULL, "sync", "status");
    CK_CHECK_CONTAINS(p.out, "waiting:  1 record ");
    ck_proc_clear(&p);
}

static void cases(void)
{
    CK_RUN(verify_full_end_to_end);
}

int main(int argc, char **argv)
{
    ck_pg_opts opts = {.ssl = true};
    return ck_pg_test_main(argc, argv, &opts, &pg, cases);
}
