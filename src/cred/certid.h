/* Certificate ids: short, random and readable aloud, like CK-7M2QX-D9RTA (Crockford base32). */
#ifndef CK_CRED_CERTID_H
#define CK_CRED_CERTID_H

#include "common/err.h"

/* Length of a certificate id in its normal form "CK-XXXXX-XXXXX". */
#define CK_CRED_ID_LEN 14

/* A fresh random id (50 bits) in normal form. */
ck_rc ck_cred_id_new(char out[CK_CRED_ID_LEN + 1], ck_err *err);
/* Normalise an id typed or read by a person: any case, with or without "CK" and dashes or
 * spaces, O read as 0 and I or L as 1. */
ck_rc ck_cred_id_parse(char out[CK_CRED_ID_LEN + 1], const char *text, ck_err *err);

#endif
