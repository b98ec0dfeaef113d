/* The application context: store, course, clock and paths; reasons and the audit trail. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/timez.h"
#include "core/number.h"

static int64_t system_clock(void *ctx)
{
    (void)ctx;
    return (int64_t)time(NULL);
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* assets/ and fonts/ live beside an installed binary in ../share/classkiosk; a build that
 * was not installed uses the source tree. CLASSKIOSK_DATA_DIR overrides both. */
static void find_data_dir(char *out, size_t n)
{
    const char *env = getenv("CLASSKIOSK_DATA_DIR");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char candidate[PATH_MAX + 32];
            snprintf(candidate, sizeof candidate, "%s/../share/classkiosk", exe);
            char assets[PATH_MAX + 64];
            snprintf(assets, sizeof assets, "%s/assets", candidate);
            if (is_dir(assets)) {
                snprintf(out, n, "%s", candidate);
                return;
            }
        }
    }
    snprintf(out, n, "%s",
             is_dir(CK_SOURCE_DATA_DIR "/assets") ? CK_SOURCE_DATA_DIR : CK_INSTALL_DATA_DIR);
}

void ck_app_locale_dir(const char *data_dir, char *out, size_t n)
{
    char found[4096], candidate[4096 + 16];
    if (!data_dir || !*data_dir) {
        find_data_dir(found, sizeof found);
        data_dir = found;
    }
    snprintf(candidate, sizeof candidate, "%s/locale", data_dir);
    if (!is_dir(candidate) && is_dir(CK_BUILD_LOCALE_DIR))
        snprintf(candidate, sizeof candidate, "%s", CK_BUILD_LOCALE_DIR);
    snprintf(out, n, "%s", candidate);
}

/* classkiosk.db → classkiosk.key, in the same folder. */
static void default_key_path(const char *db, char *out, size_t n)
{
    const char *slash = strrchr(db, '/');
    const char *dot = strrchr(db, '.');
    if (dot && (!slash || dot > slash + 1))
        snprintf(out, n, "%.*s.key", (int)(dot - db), db);
    else
        snprintf(out, n, "%s.key", db);
}

ck_rc ck_app_open(ck_app **out, const ck_app_options *opt, ck_app_mode mode, ck_err *err)
{
    *out = NULL;
    ck_app *app = calloc(1, sizeof *app);
    if (!app)
        return ck_err_set(err, CK_ENOMEM, "out of memory starting classkiosk");
    snprintf(app->db_path, sizeof app->db_path, "%s", opt->db_path ? opt->db_path : "");
    if (opt->key_path && *opt->key_path)
        snprintf(app->key_path, sizeof app->key_path, "%s", opt->key_path);
    else
        default_key_path(app->db_path, app->key_path, sizeof app->key_path);
    if (opt->data_dir && *opt->data_dir)
        snprintf(app->data_dir, sizeof app->data_dir, "%s", opt->data_dir);
    else
        find_data_dir(app->data_dir, sizeof app->data_dir);
    if (opt->device && *opt->device)
        snprintf(app->device, sizeof app->device, "%s", opt->device);
    else if (gethostname(app->device, sizeof app->device - 1) != 0)
        snprintf(app->device, sizeof app->device, "station");
    app->course_id = opt->course_id;
    app->clock = opt->clock ? opt->clock : system_clock;
    app->clock_ctx = opt->clock_ctx;
    app->readonly = mode == CK_APP_READONLY;
    app->server_timeout_s = opt->server_timeout_s;
    app->mail_cancel = opt->mail_cancel;
    app->mail_cancel_ctx = opt->mail_cancel_ctx;
    ck_rc rc = ck_store_open(&app->store, app->db_path,
                             mode == CK_APP_CREATE     ? CK_STORE_CREATE
                             : mode == CK_APP_READONLY ? CK_STORE_READONLY
                                                       : CK_STORE_EXISTING,
                             err);
    if (rc) {
        free(app);
        return rc;
    }
    /* The station setting names this station in every event, unless the caller did. */
    char station[sizeof app->device];
    if (!(opt->device && *opt->device) &&
        ck_store_setting_get(app->store, "config.station", station, sizeof station, NULL) ==
            CK_OK &&
        *station)
        memcpy(app->device, station, sizeof station);
    *out = app;
    return CK_OK;
}

void ck_app_close(ck_app *app)
{
    if (!app)
        return;
    ck_here_free(app->here);
    ck_store_close(app->store);
    ck_pdf_fonts_free(app->fonts);
    ck_app_search_keys_free(app->search_keys);
    free(app);
}

int64_t ck_app_now(ck_app *app)
{
    return app->clock(app->clock_ctx);
}

const char *ck_app_data_dir(ck_app *app)
{
    return app->data_dir;
}

const char *ck_app_key_path(ck_app *app)
{
    return app->key_path;
}

const char *ck_app_db_path(ck_app *app)
{
    return app->db_path;
}

void ck_app_data_path(ck_app *app, const char *rel, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", app->data_dir, rel);
}

ck_rc ck_app_clock_from_env(int64_t *fixed, bool *set, ck_err *err)
{
    const char *env = getenv("CLASSKIOSK_NOW");
    *set = false;
    if (!env || !*env)
        return CK_OK;
    if (env[0] == '@') {
        long long v = 0;
        /* Up to the end of the year 9999, as dates are written with four digits. */
        if (!ck_number_int(&v, env + 1, 0, CK_TZ_TIME_MAX))
            return ck_err_set(err, CK_EINVAL,
                              "CLASSKIOSK_NOW \"%s\" is not @SECONDS since 1970 (up to the year "
                              "9999); unset it or fix it",
                              env);
        *fixed = v;
    } else {
        ck_rc rc = ck_tz_parse_datetime(env, fixed, "CLASSKIOSK_NOW", err);
        if (rc)
            return rc;
    }
    *set = true;
    return CK_OK;
}

const char *ck_app_actor(ck_source source)
{
    return source == CK_SOURCE_TRAINER ? "trainer" : source == CK_SOURCE_KIOSK ? "kiosk" : "cli";
}
