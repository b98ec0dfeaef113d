/* The trainer PIN: Argon2id hash, five tries then a minute's lock. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"

static bool pin_well_formed(const char *pin)
{
    size_t n = strlen(pin);
    if (n < 4 || n > 12)
        return false;
    for (const char *p = pin; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

ck_rc ck_app_pin_set(ck_app *app, const char *pin, ck_err *err)
{
    if (!pin || !pin_well_formed(pin))
        return ck_err_set(err, CK_EINVAL,
                          "the PIN must be 4 to 12 digits (the kiosk's keypad has only digits)");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return ck_err_set(err, CK_ENOMEM, "not enough memory to hash the PIN");
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    if ((rc = ck_store_setting_set(app->store, "pin.hash", hash, err)) ||
        (rc = ck_store_setting_set(app->store, "pin.failures", "0", err)) ||
        (rc = ck_store_setting_set(app->store, "pin.locked_until", "0", err)) ||
        (rc = ck_app_audit_write(app, "trainer", CK_AUDIT_PIN_SET, json_object(), err))) {
        ck_store_rollback(app->store);
        return rc;
    }
    return ck_store_commit(app->store, err);
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

bool ck_app_pin_locked(ck_app *app, int *wait_seconds)
{
    long long until = setting_int(app, "pin.locked_until");
    int64_t now = ck_app_now(app);
    *wait_seconds = until > now ? (int)(until - now) : 0;
    return until > now;
}

ck_rc ck_app_pin_check(ck_app *app, const char *pin, int *tries_left, int *wait_seconds,
                       ck_err *err)
{
    char hash[crypto_pwhash_STRBYTES], num[32];
    *tries_left = CK_APP_PIN_TRIES;
    *wait_seconds = 0;
    ck_rc rc = ck_store_begin(app->store, err);
    if (rc)
        return rc;
    int64_t now = ck_app_now(app);
    long long locked_until = setting_int(app, "pin.locked_until");
    if (locked_until > now) {
        ck_store_rollback(app->store);
        *wait_seconds = (int)(locked_until - now);
        return ck_err_set(err, CK_ELOCKED, "too many wrong PINs; try again in %d s", *wait_seconds);
    }
    if (ck_store_setting_get(app->store, "pin.hash", hash, sizeof hash, NULL) != CK_OK) {
        ck_store_rollback(app->store);
        return ck_err_set(err, CK_ESTATE,
                          "no trainer PIN is set; set one with \"classkiosk trainer set-pin\"");
    }
    bool right = pin && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
    long long failures = right ? 0 : setting_int(app, "pin.failures") + 1;
    if (!right && failures >= CK_APP_PIN_TRIES) {
        snprintf(num, sizeof num, "%lld", (long long)(now + CK_APP_PIN_LOCK_SECONDS));
        rc = ck_store_setting_set(app->store, "pin.locked_until", num, err);
        if (rc == CK_OK)
            rc = ck_app_audit_write(app, "kiosk", CK_AUDIT_PIN_LOCKED,
                                    json_pack("{s:i}", "seconds", CK_APP_PIN_LOCK_SECONDS), err);
        failures = 0;
    }
    snprintf(num, sizeof num, "%lld", failures);
    if (rc == CK_OK)
        rc = ck_store_setting_set(app->store, "pin.failures", num, err);
    if (rc == CK_OK)
        rc = ck_store_commit(app->store, err);
    else
        ck_store_rollback(app->store);
    if (rc)
        return rc;
    if (right)
        return CK_OK;
    if (setting_int(app, "pin.locked_until") > now) {
        *tries_left = 0;
        *wait_seconds = CK_APP_PIN_LOCK_SECONDS;
        return ck_err_set(err, CK_ELOCKED, "too many wrong PINs; try again in %d s",
                          CK_APP_PIN_LOCK_SECONDS);
    }
    *tries_left = CK_APP_PIN_TRIES - (int)failures;
    return ck_err_set(err, CK_EINVAL, "wrong PIN; %d tries left", *tries_left);
}
