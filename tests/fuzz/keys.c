/* The crypto harnesses' keys: keyrings from fixed seeds, the pinned set, signing. */
#include "keys.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cred/jws.h"
#include "fuzz.h"

static ck_cred_keyring *rings[CK_FUZZ_KEYS];
static ck_cred_keyset *pinned;

/* Each key's 32-byte seed: its letter and a fixed pattern. Public on purpose. */
static void seed_of(unsigned char seed[32], ck_fuzz_key which)
{
    static const char text[] = "classkiosk fuzz test key, public";
    memcpy(seed, text, 32);
    seed[31] = (unsigned char)('A' + which);
}

static void b64(char *out, size_t n, const unsigned char *bin, size_t len)
{
    sodium_bin2base64(out, n, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void ck_fuzz_keyring_text(char *out, size_t n, ck_fuzz_key which)
{
    unsigned char seed[32], pk[32], sk[64];
    char x[64], d[64], kid[44];
    if (sodium_init() < 0)
        abort();
    seed_of(seed, which);
    crypto_sign_seed_keypair(pk, sk, seed);
    b64(x, sizeof x, pk, sizeof pk);
    b64(d, sizeof d, seed, sizeof seed);
    ck_fuzz_thumbprint(kid, x);
    snprintf(out, n,
             "{\n  \"classkiosk_keyring\": 1,\n  \"keys\": [\n    {\"kid\": \"%s\", \"kty\": "
             "\"OKP\", \"crv\": \"Ed25519\", \"x\": \"%s\", \"d\": \"%s\", \"created\": "
             "1767225600}\n  ]\n}\n",
             kid, x, d);
}

ck_cred_keyring *ck_fuzz_keyring(ck_fuzz_key which)
{
    if (rings[which])
        return rings[which];
    char text[1024], path[4200];
    ck_err err = {0};
    ck_fuzz_keyring_text(text, sizeof text, which);
    snprintf(path, sizeof path, "%s/keyring-%c.json", ck_fuzz_tmpdir(), 'A' + which);
    if (!ck_fuzz_write(path, text, strlen(text), 0600) ||
        ck_cred_keyring_open(&rings[which], path, &err) != CK_OK) {
        fprintf(stderr, "fuzz: the test keyring %s does not open: %s\n", path, err.msg);
        abort();
    }
    unlink(path);
    return rings[which];
}

const ck_cred_keyset *ck_fuzz_keyset(void)
{
    if (pinned)
        return pinned;
    char *a = NULL, *b = NULL, set[2048];
    ck_err err = {0};
    if (ck_cred_keyring_jwk(&a, ck_fuzz_keyring(CK_FUZZ_KEY_A), &err) != CK_OK ||
        ck_cred_keyring_jwk(&b, ck_fuzz_keyring(CK_FUZZ_KEY_B), &err) != CK_OK)
        abort();
    snprintf(set, sizeof set, "{\"keys\":[%s,%s]}", a, b);
    free(a);
    free(b);
    if (ck_cred_keyset_from_jwks(&pinned, set, strlen(set), &err) != CK_OK) {
        fprintf(stderr, "fuzz: the test key set does not load: %s\n", err.msg);
        abort();
    }
    return pinned;
}

char *ck_fuzz_sign(ck_fuzz_key which, const char *typ, const char *payload, size_t len)
{
    char header[160], *jws = NULL;
    ck_err err = {0};
    const ck_cred_keyring *kr = ck_fuzz_keyring(which);
    if (typ)
        snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"%s\"}",
                 ck_cred_keyring_kid(kr), typ);
    else
        snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}",
                 ck_cred_keyring_kid(kr));
    if (ck_cred_jws_sign(&jws, kr, header, payload, len, &err) != CK_OK) {
        fprintf(stderr, "fuzz: cannot sign: %s\n", err.msg);
        abort();
    }
    return jws;
}

bool ck_fuzz_listed(const char *const *list, const char *text)
{
    for (; *list; list++)
        if (strcmp(*list, text) == 0)
            return true;
    return false;
}
