/* Fuzzing cred/revoke: signed revocation lists. Each input is tried
 * - as a list's text, loaded against the pinned keys A and B: one that loads must be, byte for
 *   byte, a list this harness signed;
 * - as the claims of a list this harness signs with key A: what loads lists exactly the
 *   entries of the claims, signs again to the same list, and is no certificate; the same claims
 *   signed as a certificate are no revocation list;
 * - as a certificate id looked up in the station's list.
 * CK_FUZZ_SEEDS=DIR writes the lists it signs into DIR (how corpus/revoke/ was made). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred/jws.h"
#include "cred/revoke.h"
#include "fuzz.h"
#include "keys.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* The station's list as it signed it, an empty one, a longer one. */
static const char *const PAYLOADS[] = {
    "{\"iss\":\"classkiosk\",\"iat\":1795538460,\"rev\":[{\"jti\":\"CK-W7RAD-2JAV1\",\"at\":"
    "1795538400}]}",
    "{\"iss\":\"classkiosk\",\"iat\":1795538460,\"rev\":[]}",
    "{\"iss\":\"Scrum Academy Berlin\",\"iat\":1800000000,\"rev\":[{\"jti\":\"CK-7M2QX-D9RTA\","
    "\"at\":1799990000},{\"jti\":\"CK-0M1GN-FVVAX\",\"at\":1795538400},{\"jti\":\"x\",\"at\":0}]}",
};
#define NPAYLOADS (sizeof PAYLOADS / sizeof PAYLOADS[0])

static const char *signed_by_us[2 * NPAYLOADS + 1];
static ck_cred_rl *station;

static void setup(void)
{
    ck_err err = {0};
    const char *seeds = getenv("CK_FUZZ_SEEDS");
    for (size_t i = 0; i < 2 * NPAYLOADS; i++) {
        const char *p = PAYLOADS[i % NPAYLOADS];
        signed_by_us[i] = ck_fuzz_sign(i < NPAYLOADS ? CK_FUZZ_KEY_A : CK_FUZZ_KEY_B,
                                       CK_CRED_RL_TYP, p, strlen(p));
        if (seeds) {
            char path[4200];
            snprintf(path, sizeof path, "%s/signed-%c%zu.jws", seeds, i < NPAYLOADS ? 'a' : 'b',
                     i % NPAYLOADS);
            ck_fuzz_write(path, signed_by_us[i], strlen(signed_by_us[i]), 0644);
        }
    }
    if (ck_cred_rl_load(&station, signed_by_us[0], strlen(signed_by_us[0]), ck_fuzz_keyset(),
                        &err) != CK_OK) {
        fprintf(stderr, "fuzz: the station's list does not load: %s\n", err.msg);
        abort();
    }
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void check_text(const uint8_t *data, size_t size)
{
    ck_cred_rl *rl = NULL;
    ck_err err = {0};
    if (ck_cred_rl_load(&rl, (const char *)data, size, ck_fuzz_keyset(), &err) != CK_OK) {
        CK_PROPERTY(rl == NULL && strstr(err.msg, "revocation list"),
                    "a refused list without a message that names it: %s", err.msg);
        return;
    }
    const char *s = (const char *)data;
    size_t n = size;
    while (n && blank(*s))
        s++, n--;
    while (n && blank(s[n - 1]))
        n--;
    char *text = ck_fuzz_strndup((const uint8_t *)s, n);
    CK_PROPERTY(ck_fuzz_listed(signed_by_us, text),
                "FORGED: a revocation list loads that this harness did not sign: %s", text);
    free(text);
    ck_cred_rl_free(rl);
}

/* The list holds exactly the entries of the claims. */
static void check_entries(const ck_cred_rl *rl, json_t *claims)
{
    json_t *rev = json_object_get(claims, "rev"), *e;
    size_t i;
    CK_PROPERTY(ck_cred_rl_count(rl) == json_array_size(rev), "%zu entries listed as %zu",
                json_array_size(rev), ck_cred_rl_count(rl));
    CK_PROPERTY(strcmp(ck_cred_rl_issuer(rl), json_string_value(json_object_get(claims, "iss"))) ==
                    0,
                "the issuer is not the one signed");
    CK_PROPERTY(ck_cred_rl_issued_at(rl) == json_integer_value(json_object_get(claims, "iat")),
                "the list's time is not the one signed");
    json_array_foreach(rev, i, e)
    {
        int64_t at = -1;
        const char *jti = json_string_value(json_object_get(e, "jti"));
        CK_PROPERTY(ck_cred_rl_lookup(&at, rl, jti), "entry %zu (%s) is not found", i + 1, jti);
        CK_PROPERTY(at == json_integer_value(json_object_get(e, "at")),
                    "entry %zu (%s) has another time", i + 1, jti);
    }
}

static void check_signed(const uint8_t *data, size_t size)
{
    ck_cred_rl *rl = NULL, *again = NULL;
    ck_err err = {0};
    char *jws = ck_fuzz_sign(CK_FUZZ_KEY_A, CK_CRED_RL_TYP, (const char *)data, size);
    ck_rc rc = ck_cred_rl_load(&rl, jws, strlen(jws), ck_fuzz_keyset(), &err);
    free(jws);
    CK_PROPERTY(rc == CK_OK || rc == CK_EINVAL,
                "a list signed with a pinned key is refused (%d): %s", rc, err.msg);
    if (rc == CK_OK) {
        CK_PROPERTY(
            strcmp(ck_cred_rl_kid(rl), ck_cred_keyring_kid(ck_fuzz_keyring(CK_FUZZ_KEY_A))) == 0,
            "the list names another signer");
        json_error_t jerr;
        json_t *claims = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
        CK_PROPERTY(claims != NULL, "a list loads from claims that are not JSON");
        check_entries(rl, claims);

        /* Signed again from what was read: the same list. */
        size_t n = ck_cred_rl_count(rl), i;
        ck_cred_revocation *list = calloc(n ? n : 1, sizeof *list);
        json_t *e;
        json_array_foreach(json_object_get(claims, "rev"), i, e)
        {
            snprintf(list[i].jti, sizeof list[i].jti, "%s",
                     json_string_value(json_object_get(e, "jti")));
            list[i].at = json_integer_value(json_object_get(e, "at"));
        }
        char *resigned = NULL;
        CK_PROPERTY(ck_cred_rl_sign(&resigned, ck_fuzz_keyring(CK_FUZZ_KEY_A),
                                    ck_cred_rl_issuer(rl), ck_cred_rl_issued_at(rl), list, n,
                                    &err) == CK_OK,
                    "a list that loads does not sign again: %s", err.msg);
        CK_PROPERTY(ck_cred_rl_load(&again, resigned, strlen(resigned), ck_fuzz_keyset(), &err) ==
                        CK_OK,
                    "a list signed again does not load: %s", err.msg);
        check_entries(again, claims);
        ck_cred_rl_free(again);
        free(resigned);
        free(list);
        json_decref(claims);
        ck_cred_rl_free(rl);
    }

    /* The same claims signed as a certificate token: not a list. */
    jws = ck_fuzz_sign(CK_FUZZ_KEY_A, NULL, (const char *)data, size);
    rl = NULL;
    CK_PROPERTY(ck_cred_rl_load(&rl, jws, strlen(jws), ck_fuzz_keyset(), &err) != CK_OK &&
                    rl == NULL,
                "a certificate token loads as a revocation list");
    free(jws);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!station)
        setup();
    check_text(data, size);
    check_signed(data, size);
    char *jti = ck_fuzz_strndup(data, size);
    CK_PROPERTY(ck_cred_rl_lookup(NULL, station, jti) == (strcmp(jti, "CK-W7RAD-2JAV1") == 0),
                "looking up \"%s\" in the station's list is wrong", jti);
    free(jti);
    return 0;
}
