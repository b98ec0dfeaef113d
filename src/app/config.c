/* Settings: the known keys (verify-url, issuer, station, printer, language, room, smtp,
 * mail-from), checked as the text kind each is (core/text.h) and by their own check, stored and
 * audited. */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "core/names.h"
#include "mail/mail.h"

typedef struct config_key {
    const char *name;
    const char *help;                               /* a msgid: the faces word it */
    ck_text_kind kind;                              /* how its value is checked (core/text.h) */
    ck_rc (*check)(const char *value, ck_err *err); /* and then this, if any */
} config_key;

/* One of the languages classkiosk speaks, by code or name ("de", "Deutsch", "German"). */
static ck_rc check_language(const char *value, ck_err *err)
{
    if (*value && !ck_name_language(value))
        return ck_err_set(err, CK_EINVAL,
                          "the language \"%s\" is not one classkiosk speaks; use en, de, fr, es "
                          "or pt_BR",
                          value);
    return CK_OK;
}

static ck_rc check_smtp(const char *value, ck_err *err)
{
    ck_mail_server srv;
    return ck_mail_server_parse(&srv, value, err);
}

static ck_rc check_mail_from(const char *value, ck_err *err)
{
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p >= 0x80)
            return ck_err_set(err, CK_EINVAL,
                              "mail-from \"%s\" has characters outside ASCII; give the plain "
                              "address certificates are sent from, e.g. courses@example.org",
                              value);
    return CK_OK;
}

static const config_key CONFIG_KEYS[] = {
    {"verify-url", N_("address of the verification page; QR codes open it"), CK_TEXT_URL, NULL},
    {"issuer", N_("issuer name signed into every certificate"), CK_TEXT_ISSUER, NULL},
    {"station", N_("this station's name, recorded with every event"), CK_TEXT_STATION, NULL},
    {"printer", N_("CUPS printer for certificates (empty: the default printer)"), CK_TEXT_PRINTER,
     NULL},
    {"language", N_("the kiosk's language until someone picks another: en, de, fr, es or pt_BR"),
     CK_TEXT_STATION, check_language},
    {"room", N_("the room this station stands in: it shows today's course for that room"),
     CK_TEXT_ROOM, NULL},
    {"smtp",
     N_("mail server: smtp://HOST:587 (STARTTLS required; plain only to this machine) or "
        "smtps://HOST:465"),
     CK_TEXT_SERVER, check_smtp},
    {"mail-from", N_("the address certificates and invitations are sent from"), CK_TEXT_EMAIL,
     check_mail_from},
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
               "there is no setting \"%s\"; the settings are verify-url, issuer, station, "
               "printer, language, room, smtp and mail-from",
               key);
    return NULL;
}

ck_rc ck_app_config_set(ck_app *app, const char *key, const char *value, ck_err *err)
{
    const config_key *k = config_find(key, err);
    if (!k)
        return CK_EINVAL;
    char stored[CK_TEXT_MAX + 8];
    ck_rc rc = ck_app_text_into(app, stored, CK_TEXT_MAX, k->kind, value, err);
    if (rc == CK_OK && *stored && k->check)
        rc = k->check(stored, err);
    if (rc)
        return rc;
    if (k->kind == CK_TEXT_URL && *stored && !strchr(stored, '#'))
        strcat(stored, "#");
    if (k->check == check_language && *stored) /* "de_DE", "Deutsch" → "de" */
        snprintf(stored, sizeof stored, "%s", ck_lang_code(ck_name_language(stored)));
    ck_mail_server srv;
    if (strcmp(key, "smtp") == 0 && *stored && ck_mail_server_parse(&srv, stored, NULL) == CK_OK)
        snprintf(stored, sizeof stored, "%s", srv.url); /* the port written out */
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
        return ck_err_msg(err, rc, &quiet.m);
    return CK_OK;
}

const ck_lang *ck_app_language(ck_app *app)
{
    char code[32] = "";
    ck_app_config_get(app, "language", code, sizeof code, NULL);
    const ck_lang *lang = ck_lang_find(code);
    return lang ? lang : ck_lang_english();
}
