/* Result codes and the error a caller can show. */
#include "common/err.h"

#include "common/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ck_strerror(ck_rc rc)
{
    switch (rc) {
    case CK_OK: return N_("success");
    case CK_EINVAL: return N_("invalid input");
    case CK_ENOTFOUND: return N_("not found");
    case CK_EAMBIGUOUS: return N_("ambiguous");
    case CK_ESTATE: return N_("not allowed now");
    case CK_EINELIGIBLE: return N_("not eligible");
    case CK_EBUSY: return N_("busy");
    case CK_EIO: return N_("input/output error");
    case CK_EDB: return N_("database error");
    case CK_EVERSION: return N_("unsupported version");
    case CK_ECRYPTO: return N_("cryptographic check failed");
    case CK_ELOCKED: return N_("locked");
    case CK_ENOMEM: return N_("out of memory");
    case CK_EINTERNAL: return N_("internal error");
    }
    return N_("unknown error");
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

/* The English sentence again, from the message. */
static void english(ck_err *err)
{
    char whole[sizeof err->msg * 4];
    ck_msg_word(&err->m, NULL, whole, sizeof whole);
    size_t len = strlen(whole);
    size_t keep = len < sizeof err->msg ? len : sizeof err->msg - 1;
    memcpy(err->msg, whole, keep);
    err->msg[keep] = '\0';
    end_cut_message(err->msg, sizeof err->msg, (int)len);
}

static ck_rc vset(ck_err *err, ck_rc rc, const char *fmt, const char *plural, unsigned long n,
                  va_list ap)
{
    if (!err)
        return rc;
    va_list copy;
    va_copy(copy, ap);
    err->rc = rc;
    ck_msg_clear(&err->m);
    if (ck_msg_vadd(&err->m, false, fmt, plural, n, ap) || !ck_msg_empty(&err->m)) {
        english(err);
    } else {
        /* A format a message cannot carry (none in this tree): English only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        end_cut_message(
            err->msg, sizeof err->msg,
            vsnprintf(err->msg, sizeof err->msg, plural && n != 1 ? plural : fmt, copy));
#pragma GCC diagnostic pop
    }
    va_end(copy);
    return rc;
}

ck_rc ck_err_vset(ck_err *err, ck_rc rc, const char *fmt, va_list ap)
{
    return vset(err, rc, fmt, NULL, 0, ap);
}

ck_rc ck_err_setn(ck_err *err, ck_rc rc, const char *fmt, const char *plural, unsigned long n, ...)
{
    va_list ap;
    va_start(ap, n);
    vset(err, rc, fmt, plural, n, ap);
    va_end(ap);
    return rc;
}

ck_rc ck_err_msg(ck_err *err, ck_rc rc, const ck_msg *m)
{
    if (!err)
        return rc;
    err->rc = rc;
    if (m != &err->m)
        err->m = *m;
    english(err);
    return rc;
}

char *ck_err_word(const ck_err *err, const ck_lang *lang, char *out, size_t n)
{
    if (n == 0)
        return out;
    if (!err) {
        out[0] = '\0';
    } else if (!ck_msg_empty(&err->m)) {
        ck_msg_word(&err->m, lang, out, n);
    } else if (err->msg[0]) {
        snprintf(out, n, "%s", err->msg);
    } else {
        snprintf(out, n, "%s", ck_lang_text(lang, ck_strerror(err->rc)));
    }
    return out;
}

ck_rc ck_err_set(ck_err *err, ck_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_err_vset(err, rc, fmt, ap);
    va_end(ap);
    return rc;
}

/* A part in front of or after the message already in err. */
static ck_rc extend(ck_err *err, bool front, const char *fmt, va_list ap)
{
    if (!err)
        return CK_OK;
    if (ck_msg_empty(&err->m) && err->msg[0]) {
        /* An error written as English text only: keep it as the message's text. */
        char old[sizeof err->msg];
        memcpy(old, err->msg, sizeof old);
        ck_msg_add_text(&err->m, old);
    }
    if (ck_msg_vadd(&err->m, front, fmt, NULL, 0, ap) || !ck_msg_empty(&err->m))
        english(err);
    return err->rc;
}

ck_rc ck_err_prefix(ck_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_rc rc = extend(err, true, fmt, ap);
    va_end(ap);
    return rc;
}

ck_rc ck_err_append(ck_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_rc rc = extend(err, false, fmt, ap);
    va_end(ap);
    return rc;
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
