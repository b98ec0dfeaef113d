/* Certificate ids: 10 random Crockford base32 characters shown as CK-XXXXX-XXXXX. */
#include "cred/certid.h"

#include <sodium.h>
#include <string.h>

#include "cred/jws.h"

/* Crockford's base32: digits and letters without I, L, O and U. */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Lay out 10 symbols as CK-XXXXX-XXXXX. */
static void layout(char out[CK_CRED_ID_LEN + 1], const char sym[10])
{
    memcpy(out, "CK-", 3);
    memcpy(out + 3, sym, 5);
    out[8] = '-';
    memcpy(out + 9, sym + 5, 5);
    out[CK_CRED_ID_LEN] = '\0';
}

ck_rc ck_cred_id_new(char out[CK_CRED_ID_LEN + 1], ck_err *err)
{
    unsigned char r[10];
    char sym[10];
    ck_rc rc = ck_cred_sodium_ready(err);
    out[0] = '\0';
    if (rc != CK_OK)
        return rc;
    randombytes_buf(r, sizeof r);
    for (int i = 0; i < 10; i++)
        sym[i] = alphabet[r[i] & 31]; /* 256 is a multiple of 32: uniform */
    layout(out, sym);
    return CK_OK;
}

/* The symbol a typed character stands for, or 0. */
static char symbol(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        return '0';
    if (c == 'I' || c == 'L')
        return '1';
    return c != '\0' && strchr(alphabet, c) ? c : 0;
}

ck_rc ck_cred_id_parse(char out[CK_CRED_ID_LEN + 1], const char *text, ck_err *err)
{
    char sym[12];
    size_t n = 0;
    out[0] = '\0';
    if (!text || !*text)
        return ck_err_set(err, CK_EINVAL, "no certificate id given; it looks like CK-7M2QX-D9RTA");
    for (const char *p = text; *p; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        char s = symbol(*p);
        if (!s || n == sizeof sym)
            return ck_err_set(err, CK_EINVAL,
                              "\"%.40s\" is not a certificate id; it looks like CK-7M2QX-D9RTA "
                              "(letters and digits, no U)",
                              text);
        sym[n++] = s;
    }
    const char *body = sym;
    if (n == 12 && sym[0] == 'C' && sym[1] == 'K')
        body = sym + 2;
    else if (n != 10)
        return ck_err_set(err, CK_EINVAL,
                          "\"%.40s\" is not a certificate id: it needs 10 letters or digits "
                          "after CK, like CK-7M2QX-D9RTA",
                          text);
    layout(out, body);
    return CK_OK;
}
