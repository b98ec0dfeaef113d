/* QR text for a token: a prefix and the token written as digits (the SMART Health Cards scheme). */
#ifndef CK_CRED_QR_H
#define CK_CRED_QR_H

#include <stddef.h>

#include "common/err.h"

/* The prefix when no verify URL is configured. */
#define CK_CRED_QR_PREFIX "CKCERT:/"
/* Longest verify URL accepted, and longest scanned text decoded, in bytes. */
#define CK_CRED_QR_URL_MAX 512
#define CK_CRED_QR_TEXT_MAX 8192

/* PREFIX + two digits per token character (code - 45). PREFIX is verify_url ending in '#'
 * ('#' appended if missing), or CK_CRED_QR_PREFIX when verify_url is NULL or empty. free() it. */
ck_rc ck_cred_qr_encode(char **out, const char *jws, const char *verify_url, ck_err *err);
/* The token in scanned text: prefix + digits, a URL whose fragment is the digits, a raw token,
 * or a keyboard-wedge scan with a mangled prefix; surrounding blanks ignored. free() it. */
ck_rc ck_cred_qr_decode(char **out, const char *text, size_t len, ck_err *err);
/* Where the digits start in an encoded QR text (to put them in a numeric-mode segment). */
size_t ck_cred_qr_prefix_len(const char *qr_text);

#endif
