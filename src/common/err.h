/* Result codes and the error a caller can show: what went wrong and how to fix it. */
#ifndef CK_ERR_H
#define CK_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/msg.h"

typedef enum ck_rc {
    CK_OK = 0,
    CK_EINVAL,      /* bad input from the user: the message names it and the fix */
    CK_ENOTFOUND,   /* no such attendee, course, certificate, file… */
    CK_EAMBIGUOUS,  /* a name matches more than one person */
    CK_ESTATE,      /* not allowed now: checking out while out, closing a day early */
    CK_EINELIGIBLE, /* the attendee has not met the rules */
    CK_EBUSY,       /* the database is locked by another process */
    CK_EIO,         /* a file or device failed: disk full, permission, missing font */
    CK_EDB,         /* the database refused or is damaged */
    CK_EVERSION,    /* the database was written by a newer classkiosk */
    CK_ECRYPTO,     /* a signature, key or token is wrong */
    CK_ELOCKED,     /* too many wrong PINs: wait */
    CK_ENOMEM,
    CK_EINTERNAL, /* a bug: an invariant did not hold */
} ck_rc;

/* The error of one call: a complete sentence for a person, in English in msg (for logs and
 * callers that only print it) and unworded in m, so a face can word the same sentence in the
 * person's language with ck_err_word(). fmt is a string literal at every call: the msgid. */
typedef struct ck_err {
    ck_rc rc;
    char msg[768];
    ck_msg m;
} ck_err;

/* A short name for a code: "not found" (a msgid: word it with ck_lang_text). */
const char *ck_strerror(ck_rc rc);

/* Record an error in err (which may be NULL) and return rc. */
ck_rc ck_err_set(ck_err *err, ck_rc rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
ck_rc ck_err_vset(ck_err *err, ck_rc rc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* The same with a plural form chosen by n (see ck_msg_setn). */
ck_rc ck_err_setn(ck_err *err, ck_rc rc, const char *fmt, const char *plural, unsigned long n, ...)
    __attribute__((format(printf, 3, 6)));
/* The error is the message m (a printer's state, a stored job error). */
ck_rc ck_err_msg(ck_err *err, ck_rc rc, const ck_msg *m);
/* Put context in front of an existing message: "roster.csv: " + msg. */
ck_rc ck_err_prefix(ck_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Add a clause at the end of an existing message: msg + "; remove that file". */
ck_rc ck_err_append(ck_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The sentence in lang (NULL: English) into out; ck_strerror's words when there is none. */
char *ck_err_word(const ck_err *err, const ck_lang *lang, char *out, size_t n);

/* An invariant: what can only be false through a programming error, never through input a
 * person, a file or the network got wrong (that is a ck_err). In the spirit of SQLite's
 * ALWAYS(): in debug builds (NDEBUG unset, the sanitizer build scripts/test makes) a false
 * one aborts, naming the place; in release builds it is logged to stderr and the expression
 * is false, so the caller takes its defensive path:
 *     if (!ck_assert(n <= cap))
 *         return ck_err_set(err, CK_EINTERNAL, "…");
 * It may also stand alone as a statement when there is nothing to fall back to. */
#define ck_assert(cond) ((cond) ? true : ck_assert_failed(#cond, __FILE__, __LINE__))
/* Report a failed ck_assert(); aborts in debug builds, returns false otherwise. */
bool ck_assert_failed(const char *cond, const char *file, int line);

#endif
