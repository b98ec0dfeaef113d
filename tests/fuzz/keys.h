/* The crypto harnesses' keys: fixed seeds (for tests only), so that the seed corpus verifies. */
#ifndef CK_FUZZ_KEYS_H
#define CK_FUZZ_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "cred/key.h"

/* A: the test station's active key; B: a key it retired, still pinned; C: a stranger's key,
 * never pinned. corpus/jwks/keyring-station.json holds A (scripts that make seeds use it). */
typedef enum ck_fuzz_key { CK_FUZZ_KEY_A, CK_FUZZ_KEY_B, CK_FUZZ_KEY_C, CK_FUZZ_KEYS } ck_fuzz_key;

/* The keyring holding one key as its active key; made on first use, kept for the process. */
ck_cred_keyring *ck_fuzz_keyring(ck_fuzz_key which);
/* The pinned set: A and B. */
const ck_cred_keyset *ck_fuzz_keyset(void);
/* The keyring file text for key which (mode 0600 wanted), as classkiosk writes one. */
void ck_fuzz_keyring_text(char *out, size_t n, ck_fuzz_key which);

/* Sign header.payload with key which: a compact JWS; free() it. */
char *ck_fuzz_sign(ck_fuzz_key which, const char *typ, const char *payload, size_t len);

/* Whether text is in a NULL-terminated list of strings. */
bool ck_fuzz_listed(const char *const *list, const char *text);

#endif
