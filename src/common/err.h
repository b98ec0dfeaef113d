/* Result codes and the error a caller can show: what went wrong and how to fix it. */
#ifndef CK_ERR_H
#define CK_ERR_H

#include <stdarg.h>

typedef enum ck_rc {
    CK_OK = 0,
    CK_EINVAL,     /* bad input from the user: the message names it and the fix */
    CK_ENOTFOUND,  /* no such attendee, course, certificate, file… */
    CK_EAMBIGUOUS, /* a name matches more than one person */
    CK_ESTATE,     /* not allowed now: checking out while out, closing a day early */
    CK_EINELIGIBLE,/* the attendee has not met the rules */
    CK_EBUSY,      /* the database is locked by another process */
    CK_EIO,        /* a file or device failed: disk full, permission, missing font */
    CK_EDB,        /* the database refused or is damaged */
    CK_EVERSION,   /* the database was written by a newer classkiosk */
    CK_ECRYPTO,    /* a signature, key or token is wrong */
    CK_ELOCKED,    /* too many wrong PINs: wait */
    CK_ENOMEM,
    CK_EINTERNAL,  /* a bug: an invariant did not hold */
} ck_rc;

/* The error of one call. The message is a complete sentence for a person. */
typedef struct ck_err {
    ck_rc rc;
    char msg[768];
} ck_err;

/* A short name for a code: "not found". */
const char *ck_strerror(ck_rc rc);

/* Record an error in err (which may be NULL) and return rc. */
ck_rc ck_err_set(ck_err *err, ck_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ck_rc ck_err_vset(ck_err *err, ck_rc rc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Put context in front of an existing message: "roster.csv: " + msg. */
ck_rc ck_err_prefix(ck_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
