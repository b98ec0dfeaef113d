/* Result codes and the error a caller can show. */
#include "common/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ck_strerror(ck_rc rc)
{
    switch (rc) {
    case CK_OK: return "success";
    case CK_EINVAL: return "invalid input";
    case CK_ENOTFOUND: return "not found";
    case CK_EAMBIGUOUS: return "ambiguous";
    case CK_ESTATE: return "not allowed now";
    case CK_EINELIGIBLE: return "not eligible";
    case CK_EBUSY: return "busy";
    case CK_EIO: return "input/output error";
    case CK_EDB: return "database error";
    case CK_EVERSION: return "unsupported version";
    case CK_ECRYPTO: return "cryptographic check failed";
    case CK_ELOCKED: return "locked";
    case CK_ENOMEM: return "out of memory";
    case CK_EINTERNAL: return "internal error";
    }
    return "unknown error";
}

/* A message too long for its buffer ends in "…" at a character boundary, never inside a
 * character (a name cut mid-way is no longer UTF-8). */
static void end_cut_message(char *msg, size_t size, int wanted)
{
    if (wanted < 0 || (size_t)wanted < size)
        return;
    size_t end = size - 4; /* room for "…" and the NUL */
    while (end > 0 && ((unsigned char)msg[end] & 0xC0) == 0x80)
        end--; /* msg[end] starts a character: cut before it */
    memcpy(msg + end, "\xE2\x80\xA6", 4);
}

ck_rc ck_err_vset(ck_err *err, ck_rc rc, const char *fmt, va_list ap)
{
    if (err) {
        err->rc = rc;
        end_cut_message(err->msg, sizeof err->msg, vsnprintf(err->msg, sizeof err->msg, fmt, ap));
    }
    return rc;
}

ck_rc ck_err_set(ck_err *err, ck_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_err_vset(err, rc, fmt, ap);
    va_end(ap);
    return rc;
}

ck_rc ck_err_prefix(ck_err *err, const char *fmt, ...)
{
    char head[256], old[sizeof err->msg];
    va_list ap;
    if (!err)
        return CK_OK;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    end_cut_message(err->msg, sizeof err->msg,
                    snprintf(err->msg, sizeof err->msg, "%s%s", head, old));
    return err->rc;
}

bool ck_assert_failed(const char *cond, const char *file, int line)
{
    fprintf(stderr, "classkiosk: internal error at %s:%d: \"%s\" does not hold; please report it\n",
            file, line, cond);
#ifndef NDEBUG
    abort();
#endif
    return false;
}
