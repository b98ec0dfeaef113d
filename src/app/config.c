/* Settings: the known keys (verify-url, issuer, station, printer), checked, stored and audited. */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"

typedef struct config_key {
    const char *name;
    const char *help;
    ck_rc (*check)(const char *value, ck_err *err);
} config_key;

static ck_rc check_url(const char *value, ck_err *err)
{
    /* file:// serves a page on this machine only: for trying the page out. */
    if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0 &&
        strncmp(value, "file:///", 8) != 0)
        return ck_err_set(err, CK_EINVAL,
                          "verify-url \"%s\" must start with https:// (the address of the "
                          "exported verification page)",
                          value);
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return ck_err_set(err, CK_EINVAL,
                              "verify-url \"%s\" contains a space or non-ASCII character; "
                              "percent-encode it",
                              value);
    const char *hash = strchr(value, '#');
    if (hash && hash[1] != '\0')
        return ck_err_set(err, CK_EINVAL,
                          "verify-url \"%s\" may only end in '#': the certificate is added "
                          "after it",
                          value);
    if (strlen(value) > 200)
        return ck_err_set(err, CK_EINVAL,
                          "verify-url is longer than 200 characters; a long "
                          "address makes the QR code dense");
    return CK_OK;
}

static ck_rc check_text(const char *value, ck_err *err)
{
    if (strlen(value) >= CK_TEXT_MAX)
        return ck_err_set(err, CK_EINVAL, "the value is longer than %d bytes", CK_TEXT_MAX - 1);
    return CK_OK;
}

static const config_key CONFIG_KEYS[] = {
    {"verify-url", "address of the verification page; QR codes open it", check_url},
    {"issuer", "issuer name signed into every certificate", check_text},
    {"station", "this station's name, recorded with every event", check_text},
    {"printer", "CUPS printer for certificates (empty: the default printer)", check_text},
};

const char *ck_app_config_key(size_t i, const char **help)
{
    if (i >= sizeof CONFIG_KEYS / sizeof CONFIG_KEYS[0])
        return NULL;
    if (help)
        *help = CONFIG_KEYS[i].help;
    return CONFIG_KEYS[i].name;
}

static const config_key *config_find(const char *key, ck_err *err)
{
    for (size_t i = 0; i < sizeof CONFIG_KEYS / sizeof CONFIG_KEYS[0]; i++)
        if (strcmp(CONFIG_KEYS[i].name, key) == 0)
            return &CONFIG_KEYS[i];
    ck_err_set(err, CK_EINVAL,
               "there is no setting \"%s\"; the settings are verify-url, issuer, station and "
               "printer",
               key);
    return NULL;
}

ck_rc ck_app_config_set(ck_app *app, const char *key, const char *value, ck_err *err)
{
    const config_key *k = config_find(key, err);
    if (!k)
        return CK_EINVAL;
    ck_rc rc = *value ? k->check(value, err) : CK_OK;
    if (rc)
        return rc;
    char stored[CK_TEXT_MAX + 8];
    snprintf(stored, sizeof stored, "%s", value);
    if (strcmp(key, "verify-url") == 0 && *value && !strchr(value, '#'))
        strcat(stored, "#");
    if ((rc = ck_store_begin(app->store, err)))
        return rc;
    char setting[64];
    snprintf(setting, sizeof setting, "config.%s", key);
    rc = *stored ? ck_store_setting_set(app->store, setting, stored, err)
                 : ck_store_setting_delete(app->store, setting, err);
    if (rc == CK_OK) {
        json_t *d = json_pack("{s:s, s:s}", "key", key, "value", stored);
        rc = ck_app_audit_write(app, "trainer", CK_AUDIT_CONFIG_SET, d, err);
    }
    if (rc) {
        ck_store_rollback(app->store);
        return rc;
    }
    return ck_store_commit(app->store, err);
}

ck_rc ck_app_config_get(ck_app *app, const char *key, char *out, size_t n, ck_err *err)
{
    if (!config_find(key, err))
        return CK_EINVAL;
    char setting[64];
    snprintf(setting, sizeof setting, "config.%s", key);
    ck_err quiet = {0};
    ck_rc rc = ck_store_setting_get(app->store, setting, out, n, &quiet);
    if (rc == CK_ENOTFOUND) {
        out[0] = '\0';
        return CK_OK;
    }
    if (rc)
        return ck_err_set(err, rc, "%s", quiet.msg);
    return CK_OK;
}
