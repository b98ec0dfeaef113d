/* How many certificate tokens per second cred/ signs and verifies (plain figures on stdout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cred/key.h"
#include "cred/qr.h"
#include "cred/token.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    const char *base = getenv("TMPDIR");
    char dir[4096], path[4200];
    ck_cred_keyring *kr = NULL;
    ck_cred_keyset *ks = NULL;
    ck_err err = {0};
    char *jws = NULL, *qr = NULL;
    int status = 1;

    if (seconds <= 0 || seconds > 600) {
        fprintf(stderr, "usage: cred_bench [SECONDS per measurement, default 1]\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s/cred-bench-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror(dir);
        return 1;
    }
    snprintf(path, sizeof path, "%s/keys.json", dir);
    int64_t t0 = (int64_t)time(NULL);
    if (ck_cred_keyring_create(&kr, path, t0, &err) != CK_OK ||
        ck_cred_keyring_keyset(&ks, kr, &err) != CK_OK) {
        fprintf(stderr, "cred_bench: %s\n", err.msg);
        goto cleanup;
    }
    ck_cred_claims c = {.iss = "https://cert.example.org",
                        .jti = "CK-7M2QX-D9RTA",
                        .iat = t0,
                        .exp = t0 + 2 * 365 * 86400,
                        .name = "Alexandra Maria Schmidt-Hernández",
                        .course = "Certified Scrum Product Owner (CSPO)",
                        .trainer = "Jürgen Trainer",
                        .trainer_cred = "CST",
                        .location = "Berlin, Germany",
                        .ndays = 2,
                        .days = {"2025-03-10", "2025-03-11"},
                        .hours = 16};

    long signed_n = 0;
    double start = now_s(), elapsed;
    do {
        free(jws);
        jws = NULL;
        if (ck_cred_token_sign(&jws, kr, &c, &err) != CK_OK) {
            fprintf(stderr, "cred_bench: %s\n", err.msg);
            goto cleanup;
        }
        signed_n++;
    } while ((elapsed = now_s() - start) < seconds);
    double sign_rate = (double)signed_n / elapsed;

    long verified_n = 0;
    start = now_s();
    do {
        ck_cred_verdict v;
        if (ck_cred_token_verify(&v, jws, ks, NULL, t0, &err) != CK_OK ||
            v.status != CK_CRED_VALID) {
            fprintf(stderr, "cred_bench: verification failed: %s\n", v.reason);
            goto cleanup;
        }
        verified_n++;
    } while ((elapsed = now_s() - start) < seconds);
    double verify_rate = (double)verified_n / elapsed;

    if (ck_cred_qr_encode(&qr, jws, "https://cert.example.org/verify", &err) != CK_OK) {
        fprintf(stderr, "cred_bench: %s\n", err.msg);
        goto cleanup;
    }
    printf("cred token: %zu characters, QR text %zu characters (%zu digits)\n", strlen(jws),
           strlen(qr), strlen(qr) - ck_cred_qr_prefix_len(qr));
    printf("cred sign: %.0f tokens/s (%ld in %.2f s)\n", sign_rate, signed_n,
           (double)signed_n / sign_rate);
    printf("cred verify: %.0f tokens/s (%ld in %.2f s)\n", verify_rate, verified_n,
           (double)verified_n / verify_rate);
    status = 0;
cleanup:
    free(jws);
    free(qr);
    ck_cred_keyset_free(ks);
    ck_cred_keyring_free(kr);
    unlink(path);
    rmdir(dir);
    return status;
}
