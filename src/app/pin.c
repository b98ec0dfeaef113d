/* The trainer PIN: an Argon2id hash; five wrong tries lock entry, each lock longer than the last
 * (1 min, 5 min, 15 min, then 1 h) until a right PIN; changing it needs the old one or root. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/internal.h"

/* How long the k-th lock (0-based) since the last right PIN lasts. */
static const int LOCK_STEPS[] = {60, 5 * 60, 15 * 60, 60 * 60};
#define NSTEPS (sizeof LOCK_STEPS / sizeof LOCK_STEPS[0])

int ck_app_pin_lock_seconds(int locks_before)
{
    if (locks_before < 0)
        locks_before = 0;
    return LOCK_STEPS[(size_t)locks_before < NSTEPS ? (size_t)locks_before : NSTEPS - 1];
}

static bool pin_well_formed(const char *pin)
{
    size_t n = strlen(pin);
    if (n < CK_APP_PIN_MIN || n > CK_APP_PIN_MAX)
        return false;
    for (const char *p = pin; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

bool ck_app_pin_is_set(ck_app *app)
{
    char hash[crypto_pwhash_STRBYTES];
    return ck_store_setting_get(app->store, "pin.hash", hash, sizeof hash, NULL) == CK_OK;
}

static long long setting_int(ck_app *app, const char *key)
{
    char buf[32];
    if (ck_store_setting_get(app->store, key, buf, sizeof buf, NULL) != CK_OK)
        return 0;
    return strtoll(buf, NULL, 10);
}

static ck_rc set_int(ck_app *app, const char *key, long long v, ck_err *err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    return ck_store_setting_set(app->store, key, buf, err);
}

bool ck_app_pin_locked(ck_app *app, int *wait_seconds)
{
    long long until = setting_int(app, "pin.locked_until");
    int64_t now = ck_app_now(app);
    *wait_seconds = until > now ? (int)(until - now) : 0;
    return until > now;
}

/* A wait as a person says it: "45 s", "5 min", "1 h". */
static ck_rc locked(int wait, ck_err *err)
{
    if (wait < 60)
        return ck_err_set(err, CK_ELOCKED,
                          "PIN entry is locked after too many wrong PINs; try again in %d s",
                          wait > 0 ? wait : 1);
    return ck_err_set(err, CK_ELOCKED,
                      "PIN entry is locked after too many wrong PINs; try again in %s",
                      CK_MSG_MINUTES((wait + 59) / 60));
}

/* Count one try before its hash is checked, in a short transaction of its own: parallel tries
 * can never add up to more than CK_APP_PIN_TRIES before entry locks. The try counts as wrong
 * until verify_settle() says otherwise. */
static ck_rc reserve_try(ck_app *app, char hash[crypto_pwhash_STRBYTES], int *tries_left,
                         int *lock_s, ck_err *err)
{
    *lock_s = 0;
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    int64_t now = ck_app_now(app);
    long long until = setting_int(app, "pin.locked_until");
    if (until > now) {
        ck_store_rollback(app->store);
        *tries_left = 0;
        *lock_s = (int)(until - now);
        return locked(*lock_s, err);
    }
    if (ck_store_setting_get(app->store, "pin.hash", hash, crypto_pwhash_STRBYTES, NULL) != CK_OK) {
        ck_store_rollback(app->store);
        return ck_err_set(err, CK_ESTATE,
                          "no trainer PIN is set; set one with \"classkiosk trainer set-pin\"");
    }
    long long failures = setting_int(app, "pin.failures") + 1;
    if (failures >= CK_APP_PIN_TRIES) {
        /* This try ends the round: entry locks now, the longer the more rounds before. */
        long long locks = setting_int(app, "pin.locks");
        *lock_s = ck_app_pin_lock_seconds((int)locks);
        if ((rc = set_int(app, "pin.locked_until", now + *lock_s, err)) ||
            (rc = set_int(app, "pin.locks", locks + 1, err)) ||
            (rc = ck_app_audit_write(
                 app, "kiosk", CK_AUDIT_PIN_LOCKED,
                 json_pack("{s:i, s:I}", "seconds", *lock_s, "round", (json_int_t)locks + 1), err)))
            goto fail;
        failures = 0;
    }
    if ((rc = set_int(app, "pin.failures", failures, err)))
        goto fail;
    *tries_left = *lock_s ? 0 : CK_APP_PIN_TRIES - (int)failures;
    return ck_store_commit(app->store, err);
fail:
    ck_store_rollback(app->store);
    return rc;
}

/* A right PIN clears what reserve_try() counted and any lock. */
static ck_rc clear_tries(ck_app *app, ck_err *err)
{
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    if ((rc = ck_store_setting_set(app->store, "pin.failures", "0", err)) ||
        (rc = ck_store_setting_set(app->store, "pin.locks", "0", err)) ||
        (rc = ck_store_setting_set(app->store, "pin.locked_until", "0", err))) {
        ck_store_rollback(app->store);
        return rc;
    }
    return ck_store_commit(app->store, err);
}

ck_rc ck_app_pin_check(ck_app *app, const char *pin, int *tries_left, int *wait_seconds,
                       ck_err *err)
{
    char hash[crypto_pwhash_STRBYTES];
    int lock_s = 0;
    *tries_left = CK_APP_PIN_TRIES;
    *wait_seconds = 0;
    ck_rc rc = reserve_try(app, hash, tries_left, &lock_s, err);
    if (rc) {
        *wait_seconds = lock_s;
        return rc;
    }
    /* The slow part, Argon2id, with no transaction open: check-ins go on meanwhile. */
    bool right = pin && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
    sodium_memzero(hash, sizeof hash);
    if (right)
        return clear_tries(app, err);
    if (lock_s) {
        *wait_seconds = lock_s;
        return locked(lock_s, err);
    }
    return ck_err_setn(err, CK_EINVAL, "wrong PIN; %d try left before entry locks",
                       "wrong PIN; %d tries left before entry locks", (unsigned long)*tries_left,
                       *tries_left);
}

ck_rc ck_app_pin_set(ck_app *app, const char *old_pin, const char *pin, ck_err *err)
{
    if (!pin || !pin_well_formed(pin))
        return ck_err_set(err, CK_EINVAL,
                          "the PIN must be %d to %d digits (the kiosk's keypad has only digits)",
                          CK_APP_PIN_MIN, CK_APP_PIN_MAX);
    bool had = ck_app_pin_is_set(app), as_root = false;
    if (had && old_pin) {
        /* The old PIN is a try like any at the kiosk: it counts, and a lock holds. */
        int tries = 0, wait = 0;
        ck_rc rc = ck_app_pin_check(app, old_pin, &tries, &wait, err);
        if (rc == CK_EINVAL)
            return ck_err_setn(err, CK_EINVAL,
                               "the current PIN is not right; nothing was changed (%d try left "
                               "before PIN entry locks)",
                               "the current PIN is not right; nothing was changed (%d tries left "
                               "before PIN entry locks)",
                               (unsigned long)tries, tries);
        if (rc)
            return rc;
    } else if (had) {
        if (geteuid() != 0)
            return ck_err_set(err, CK_EINVAL,
                              "changing the trainer PIN needs the current one; give it first "
                              "(or, if it is forgotten, set a new one as root)");
        as_root = true;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return ck_err_set(err, CK_ENOMEM, "not enough memory to hash the PIN");
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    /* A new PIN set without the old one leaves the lock and its count as they are: it proves
     * nothing about who is trying at the kiosk. */
    if ((rc = ck_store_setting_set(app->store, "pin.hash", hash, err)) ||
        (!as_root && (rc = ck_store_setting_set(app->store, "pin.failures", "0", err))) ||
        (!as_root && (rc = ck_store_setting_set(app->store, "pin.locks", "0", err))) ||
        (!as_root && (rc = ck_store_setting_set(app->store, "pin.locked_until", "0", err))) ||
        (rc = ck_app_audit_write(app, "trainer", as_root ? CK_AUDIT_PIN_RESET : CK_AUDIT_PIN_SET,
                                 json_object(), err))) {
        ck_store_rollback(app->store);
        sodium_memzero(hash, sizeof hash);
        return rc;
    }
    sodium_memzero(hash, sizeof hash);
    return ck_store_commit(app->store, err);
}
