/* Fuzzing certificate verification (app/verify, cred/token, cred/jws, cred/qr). Each input is
 * tried twice:
 * - as what a person gives `verify` or the kiosk's scanner reads (the first byte's lowest bit
 *   says which), verified as both faces do against a key set file (keys A and B) and the
 *   station's signed revocation list: whatever has a good signature must be, byte for byte, one
 *   of the tokens this harness signed (no forgery, no malleability), the verdict must agree
 *   with the claims, the clock and the revocation list, and a badge is never a certificate;
 * - as a payload this harness signs with key A: the signature is never doubted, the verifier
 *   accepts only claims the signer would sign, they sign again to the same claims, one flipped
 *   bit makes the token fail, and the same payload signed as a revocation list is no
 *   certificate.
 * CK_FUZZ_SEEDS=DIR writes the tokens it signs into DIR (how corpus/token/ was made). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "cred/jws.h"
#include "cred/qr.h"
#include "fuzz.h"
#include "keys.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* 2026-11-25 12:00 UTC: after the course, before the certificates expire. */
#define NOW INT64_C(1795608000)

/* Claims exactly as the test station signed them (corpus/token/station-*), and variants. */
static const char *const PAYLOADS[] = {
    "{\"iss\":\"classkiosk\",\"jti\":\"CK-W7RAD-2JAV1\",\"iat\":1795537860,\"exp\":1858694400,"
    "\"nam\":\"Анна Кузнецова\",\"crs\":\"Certified Scrum Product Owner\",\"trn\":\"Maria "
    "Schmidt\",\"tcr\":\"Certified Scrum Trainer\",\"dys\":[\"2026-11-23\",\"2026-11-24\"],"
    "\"hrs\":16}",
    "{\"iss\":\"classkiosk\",\"jti\":\"CK-Z0TGV-P13SR\",\"iat\":1795537860,\"exp\":1858694400,"
    "\"nam\":\"Αλέξανδρος Παπαδόπουλος\",\"crs\":\"Certified Scrum Product Owner\",\"trn\":"
    "\"Maria Schmidt\",\"tcr\":\"Certified Scrum Trainer\",\"dys\":[\"2026-11-23\","
    "\"2026-11-24\"],\"hrs\":16}",
    "{\"iss\":\"classkiosk\",\"jti\":\"CK-0M1GN-FVVAX\",\"iat\":1795537860,\"exp\":1858694400,"
    "\"nam\":\"Zoë Ångström-Núñez\",\"crs\":\"Certified Scrum Product Owner\",\"trn\":\"Maria "
    "Schmidt\",\"tcr\":\"Certified Scrum Trainer\",\"dys\":[\"2026-11-23\",\"2026-11-24\"],"
    "\"hrs\":16}",
    "{\"iss\":\"classkiosk\",\"jti\":\"CK-J6VFG-RVRGK\",\"iat\":1795537860,\"exp\":1858694400,"
    "\"nam\":\"Mateo García\",\"crs\":\"Certified Scrum Product Owner\",\"trn\":\"Maria "
    "Schmidt\",\"tcr\":\"Certified Scrum Trainer\",\"dys\":[\"2026-11-23\",\"2026-11-24\"],"
    "\"hrs\":16}",
    /* expired, not yet valid, with a location and fractional hours */
    "{\"iss\":\"classkiosk\",\"jti\":\"CK-OLD00-00001\",\"iat\":1700000000,\"exp\":1760000000,"
    "\"nam\":\"Ann Lee\",\"crs\":\"CSPO\",\"trn\":\"T\",\"dys\":[\"2023-11-13\"],\"hrs\":7.5}",
    "{\"iss\":\"classkiosk\",\"jti\":\"CK-NEW00-00001\",\"iat\":1800000000,\"exp\":1860000000,"
    "\"nam\":\"Bo Stone\",\"crs\":\"CSPO\",\"trn\":\"T\",\"loc\":\"Berlin\",\"dys\":["
    "\"2027-01-14\",\"2027-01-15\"],\"hrs\":14.25}",
};
#define NPAYLOADS (sizeof PAYLOADS / sizeof PAYLOADS[0])

/* The station's revocation list (it revoked CK-W7RAD-2JAV1), as it signed it. */
static const char RL_PAYLOAD[] = "{\"iss\":\"classkiosk\",\"iat\":1795538460,\"rev\":[{\"jti\":"
                                 "\"CK-W7RAD-2JAV1\",\"at\":1795538400}]}";

static const char *signed_by_us[2 * NPAYLOADS + 1]; /* by A, then by B; NULL-terminated */
static ck_cred_rl *rl;
static char keys_path[4200], rl_path[4200]; /* what ck_app_verify() reads */

static void write_seed(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!ck_fuzz_write(path, text, strlen(text), 0644))
        fprintf(stderr, "fuzz: cannot write %s\n", path);
}

static void setup(void)
{
    ck_err err = {0};
    const char *seeds = getenv("CK_FUZZ_SEEDS");
    for (size_t i = 0; i < NPAYLOADS; i++) {
        signed_by_us[i] = ck_fuzz_sign(CK_FUZZ_KEY_A, NULL, PAYLOADS[i], strlen(PAYLOADS[i]));
        signed_by_us[NPAYLOADS + i] =
            ck_fuzz_sign(CK_FUZZ_KEY_B, NULL, PAYLOADS[i], strlen(PAYLOADS[i]));
    }
    char *list = ck_fuzz_sign(CK_FUZZ_KEY_A, CK_CRED_RL_TYP, RL_PAYLOAD, strlen(RL_PAYLOAD));
    if (ck_cred_rl_load(&rl, list, strlen(list), ck_fuzz_keyset(), &err) != CK_OK) {
        fprintf(stderr, "fuzz: the test revocation list does not load: %s\n", err.msg);
        abort();
    }
    char *a = NULL, *b = NULL, jwks[2048];
    ck_cred_keyring_jwk(&a, ck_fuzz_keyring(CK_FUZZ_KEY_A), &err);
    ck_cred_keyring_jwk(&b, ck_fuzz_keyring(CK_FUZZ_KEY_B), &err);
    snprintf(jwks, sizeof jwks, "{\"keys\":[%s,%s]}", a, b);
    free(a);
    free(b);
    snprintf(keys_path, sizeof keys_path, "%s/keys.jwks", ck_fuzz_tmpdir());
    snprintf(rl_path, sizeof rl_path, "%s/revoked.jws", ck_fuzz_tmpdir());
    if (!ck_fuzz_write(keys_path, jwks, strlen(jwks), 0644) ||
        !ck_fuzz_write(rl_path, list, strlen(list), 0644))
        abort();
    if (seeds) {
        char name[64], *qr = NULL;
        for (size_t i = 0; i < 2 * NPAYLOADS; i++) {
            snprintf(name, sizeof name, "signed-%c%zu.jws", i < NPAYLOADS ? 'a' : 'b',
                     i % NPAYLOADS);
            write_seed(seeds, name, signed_by_us[i]);
        }
        char *stranger = ck_fuzz_sign(CK_FUZZ_KEY_C, NULL, PAYLOADS[2], strlen(PAYLOADS[2]));
        write_seed(seeds, "stranger-c2.jws", stranger);
        if (ck_cred_qr_encode(&qr, stranger, "https://verify.example.org/c", &err) == CK_OK)
            write_seed(seeds, "stranger-c2.qr", qr);
        free(qr);
        free(stranger);
        write_seed(seeds, "revocations.jws", list);
    }
    free(list);
}

/* Is status one that only a good signature reaches? */
static bool signature_good(int status, bool has_claims)
{
    return has_claims || status == CK_CRED_VALID || status == CK_CRED_EXPIRED ||
           status == CK_CRED_NOT_YET_VALID || status == CK_CRED_REVOKED;
}

/* The verdict agrees with the claims, the clock and the revocation list. */
static void check_verdict(int status, bool has_claims, const char *jti, int64_t iat, int64_t exp,
                          const char *reason)
{
    const char *name = ck_cred_status_name((ck_cred_status)status);
    CK_PROPERTY(reason[0], "a verdict (%s) without a reason", name);
    if (!signature_good(status, has_claims))
        return;
    CK_PROPERTY(has_claims, "status %s without claims", name);
    bool revoked = ck_cred_rl_lookup(NULL, rl, jti);
    CK_PROPERTY((status == CK_CRED_REVOKED) == revoked, "%s is %s, listed: %d", jti, name, revoked);
    if (status == CK_CRED_VALID)
        CK_PROPERTY(NOW >= iat - CK_CRED_CLOCK_SKEW && NOW < exp, "%s is valid outside its dates",
                    jti);
    if (status == CK_CRED_EXPIRED)
        CK_PROPERTY(NOW >= exp, "%s expired before its expiry", jti);
    if (status == CK_CRED_NOT_YET_VALID)
        CK_PROPERTY(NOW < iat - CK_CRED_CLOCK_SKEW, "%s is dated in the future wrongly", jti);
}

static void check_cred_verdict(const ck_cred_verdict *v)
{
    check_verdict(v->status, v->has_claims, v->claims.jti, v->claims.iat, v->claims.exp, v->reason);
}

/* The input as what a person or the kiosk's scanner gives app/'s verify. */
static void check_scanned(const uint8_t *data, size_t size)
{
    ck_verdict v;
    ck_err err = {0};
    char *text = ck_fuzz_strndup(data, size);
    ck_verify_req req = {.text = text,
                         .len = size,
                         .scanned = size && (data[0] & 1),
                         .keys_path = keys_path,
                         .revocations_path = rl_path,
                         .now_given = true,
                         .now = NOW};
    CK_PROPERTY(ck_app_verify(NULL, &req, &v, &err) == CK_OK, "no verdict: %s", err.msg);
    const ck_verify_claims *c = &v.claims;
    check_verdict(v.status, v.has_claims, c->id, c->issued_at, c->expires_at, v.reason);
    bool good = signature_good(v.status, v.has_claims);
    CK_PROPERTY(v.kind == CK_VERIFY_CERTIFICATE || (req.scanned && !good), "a %s is a scanned %s",
                good ? "good signature" : "code",
                v.kind == CK_VERIFY_BADGE ? "badge" : "unreadable line");
    CK_PROPERTY(!good || v.revocations_checked, "a certificate checked without the revocations");
    char *jws = NULL;
    bool decoded = ck_cred_qr_decode(&jws, text, size, &err) == CK_OK;
    free(text);
    CK_PROPERTY(decoded || !good, "an undecodable text has a good signature");
    if (!decoded)
        return;
    ck_cred_jws_opened o;
    CK_PROPERTY(ck_cred_jws_open(&o, jws, strlen(jws), ck_fuzz_keyset(), CK_CRED_JWS_TOKEN, &err) ==
                    CK_OK,
                "cannot open: %s", err.msg);
    CK_PROPERTY(o.status != CK_CRED_VALID || ck_fuzz_listed(signed_by_us, jws),
                "FORGED: \"%s\" has a good signature and is no token this harness signed", jws);
    CK_PROPERTY(!good || o.status == CK_CRED_VALID,
                "the verdict %s and the signature check %s disagree",
                ck_verify_status_name(v.status), ck_cred_status_name(o.status));
    ck_cred_jws_opened_clear(&o);
    free(jws);
}

static void same_claims(const ck_cred_claims *a, const ck_cred_claims *b)
{
    CK_PROPERTY(strcmp(a->iss, b->iss) == 0 && strcmp(a->jti, b->jti) == 0 &&
                    strcmp(a->name, b->name) == 0 && strcmp(a->course, b->course) == 0 &&
                    strcmp(a->trainer, b->trainer) == 0 &&
                    strcmp(a->trainer_cred, b->trainer_cred) == 0 &&
                    strcmp(a->location, b->location) == 0 && a->iat == b->iat && a->exp == b->exp &&
                    a->ndays == b->ndays && memcmp(a->days, b->days, sizeof a->days) == 0,
                "claims signed again read back differently (jti \"%s\", \"%s\")", a->jti, b->jti);
    CK_PROPERTY(fabs(a->hours - b->hours) <= 0.005 + 1e-9, "hours %g signed again read as %g",
                a->hours, b->hours);
}

/* The input as a payload signed with key A. */
static void check_signed(const uint8_t *data, size_t size)
{
    ck_cred_verdict v, again;
    ck_err err = {0};
    char *jws = ck_fuzz_sign(CK_FUZZ_KEY_A, NULL, (const char *)data, size);
    size_t len = strlen(jws);
    CK_PROPERTY(ck_cred_token_verify(&v, jws, ck_fuzz_keyset(), rl, NOW, &err) == CK_OK,
                "no verdict: %s", err.msg);
    check_cred_verdict(&v);
    if (len <= CK_CRED_TOKEN_MAX)
        CK_PROPERTY(v.status != CK_CRED_BAD_SIGNATURE && v.status != CK_CRED_UNKNOWN_KEY &&
                        v.status != CK_CRED_BAD_ALG,
                    "a token signed with a pinned key is \"%s\": %s", ck_cred_status_name(v.status),
                    v.reason);
    if (v.has_claims) {
        ck_err why = {0};
        CK_PROPERTY(ck_cred_claims_check(&v.claims, &why) == CK_OK,
                    "the verifier accepts claims the signer refuses: %s", why.msg);
        char *resigned = NULL;
        ck_rc rc = ck_cred_token_sign(&resigned, ck_fuzz_keyring(CK_FUZZ_KEY_A), &v.claims, &why);
        CK_PROPERTY(rc == CK_OK || strstr(why.msg, "would be"), "accepted claims do not sign: %s",
                    why.msg);
        if (rc == CK_OK) {
            CK_PROPERTY(ck_cred_token_verify(&again, resigned, ck_fuzz_keyset(), rl, NOW, &err) ==
                                CK_OK &&
                            again.has_claims,
                        "claims signed again do not verify: %s", again.reason);
            same_claims(&v.claims, &again.claims);
        }
        free(resigned);
    }

    /* One bit flipped anywhere: never a good signature. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    jws[h % len] ^= (char)(1u << (h >> 29));
    ck_cred_jws_opened o;
    CK_PROPERTY(ck_cred_jws_open(&o, jws, len, ck_fuzz_keyset(), CK_CRED_JWS_TOKEN, &err) == CK_OK,
                "cannot open: %s", err.msg);
    CK_PROPERTY(o.status != CK_CRED_VALID, "a token with bit %u of byte %zu flipped verifies",
                h >> 29, (size_t)(h % len));
    ck_cred_jws_opened_clear(&o);
    free(jws);

    /* A revocation list is no certificate, whatever it says. */
    jws = ck_fuzz_sign(CK_FUZZ_KEY_A, CK_CRED_RL_TYP, (const char *)data, size);
    CK_PROPERTY(ck_cred_token_verify(&v, jws, ck_fuzz_keyset(), rl, NOW, &err) == CK_OK &&
                    v.status == CK_CRED_MALFORMED && !v.has_claims,
                "a signed revocation list verifies as a certificate (%s)",
                ck_cred_status_name(v.status));
    free(jws);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rl)
        setup();
    check_scanned(data, size);
    check_signed(data, size);
    return 0;
}
