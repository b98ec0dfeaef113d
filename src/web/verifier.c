/* Exports the offline verification page: the static files of assets/verifier/ and a data.js that
 * pins the issuer's keys and signed revocation list, each written to a temporary name first. */
#include "web/verifier.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "cred/key.h"
#include "cred/revoke.h"

/* What data.js says it is; verify.js refuses any other format. */
#define DATA_FORMAT 1
/* The first bytes of every data.js this exporter writes: how an earlier export is recognised. */
#define DATA_SIGNATURE "/* classkiosk verifier data:"
/* Latest export time accepted: the end of year 9999, in UTC seconds. */
#define TIME_MAX INT64_C(253402300799)
/* Largest static page file copied. */
#define ASSET_MAX (1024L * 1024)
#define PATH_LEN 4096

/* The static files, then data.js. */
static const char *const file_names[] = {"index.html", "style.css", "verify.js", CK_WEB_DATA_FILE};
#define NFILES (sizeof file_names / sizeof file_names[0])

/* One file of the page on its way into the folder. */
typedef struct page_file {
    char *text;
    size_t len;
    ck_file_staged staged; /* written beside its place, flushed */
    bool placed;           /* renamed to its final name */
} page_file;

/* dir + "/" + name into out; false if it does not fit. */
static bool join(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    return n >= 0 && (size_t)n < size;
}

/* Whether s is 1 to CK_WEB_ISSUER_MAX bytes of UTF-8 without control characters. */
static bool issuer_ok(const char *s)
{
    size_t n = strnlen(s, CK_WEB_ISSUER_MAX + 1);
    if (n == 0 || n > CK_WEB_ISSUER_MAX)
        return false;
    json_t *probe = json_stringn(s, n); /* NULL unless well-formed UTF-8 */
    json_decref(probe);
    if (!probe)
        return false;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x20 || p[i] == 0x7f)
            return false;
        if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
            return false; /* C1 controls U+0080..U+009F */
    }
    return true;
}

/* Check every input before anything is written; the list must be signed by one of the keys. */
static ck_rc check_input(const ck_web_export_input *in, ck_cred_keyset **ks, ck_err *err)
{
    ck_cred_rl *rl = NULL;
    ck_rc rc;
    if (!in)
        return ck_err_set(err, CK_EINVAL, "no export input given for the verification page");
    if (!in->jwks_json)
        return ck_err_set(err, CK_EINVAL,
                          "no public keys given for the verification page; export the "
                          "keyring's JWKS");
    if ((rc = ck_cred_keyset_from_jwks(ks, in->jwks_json, strlen(in->jwks_json), err)) != CK_OK)
        return ck_err_prefix(err, "cannot export the verification page: ");
    if (!in->revocations_jws)
        return ck_err_set(err, CK_EINVAL,
                          "no revocation list given for the verification page; sign one with the "
                          "station's keyring (an empty list if nothing was revoked)");
    rc = ck_cred_rl_load(&rl, in->revocations_jws, strlen(in->revocations_jws), *ks, err);
    ck_cred_rl_free(rl);
    if (rc != CK_OK)
        return ck_err_prefix(err, "cannot export the verification page: ");
    if (!in->issuer_name || !issuer_ok(in->issuer_name))
        return ck_err_set(err, CK_EINVAL,
                          "the issuer name for the verification page must be 1 to %d bytes of "
                          "UTF-8 text without control characters; give the name people know "
                          "the issuer by",
                          CK_WEB_ISSUER_MAX);
    if (in->exported_at < 0 || in->exported_at > TIME_MAX)
        return ck_err_set(err, CK_EINVAL,
                          "the export time %lld is outside the years 1970-9999; give the time "
                          "now in UTC seconds",
                          (long long)in->exported_at);
    if (!in->data_dir || !*in->data_dir)
        return ck_err_set(err, CK_EINVAL,
                          "no data folder given; name the folder that holds assets/verifier/");
    return CK_OK;
}

/* Read data_dir/assets/verifier/name whole. */
static ck_rc read_asset(page_file *f, const char *data_dir, const char *name, ck_err *err)
{
    char path[PATH_LEN];
    if (snprintf(path, sizeof path, "%s/assets/verifier/%s", data_dir, name) >= (int)sizeof path)
        return ck_err_set(err, CK_EINVAL, "the data folder path \"%.200s...\" is too long",
                          data_dir);
    ck_rc rc = ck_file_read(&f->text, &f->len, path, ASSET_MAX, "verification page file", err);
    if (rc == CK_ENOTFOUND)
        return ck_err_set(err, CK_ENOTFOUND,
                          "%s is missing: the data folder %s holds no verification page; give "
                          "the classkiosk source tree or its installed share/classkiosk folder",
                          path, data_dir);
    if (rc == CK_OK && f->len == 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s is empty; reinstall classkiosk to get the verification page back",
                          path);
    return rc;
}

/* The public keys as the page pins them: kty, crv, x and the kid computed from x. */
static ck_rc pinned_keys(json_t **out, const char *jwks, ck_err *err)
{
    json_error_t jerr;
    json_t *root = json_loads(jwks, JSON_REJECT_DUPLICATES, &jerr), *keys = json_array();
    ck_rc rc = CK_OK;
    *out = NULL;
    if (!root || !keys) {
        rc = ck_err_set(err, CK_ENOMEM, "out of memory while reading the keys to export");
        goto cleanup;
    }
    /* Already checked by ck_cred_keyset_from_jwks(): a JWKS, or one JWK. */
    json_t *list = json_object_get(root, "keys");
    size_t n = list ? json_array_size(list) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *jwk = list ? json_array_get(list, i) : root;
        const char *x = json_string_value(json_object_get(jwk, "x"));
        char kid[CK_CRED_KID_LEN + 1];
        if (!ck_assert(x)) {
            rc =
                ck_err_set(err, CK_EINTERNAL, "key %zu lost its \"x\" after it was checked", i + 1);
            goto cleanup;
        }
        if ((rc = ck_cred_jwk_thumbprint(kid, x, err)) != CK_OK)
            goto cleanup;
        json_t *k = json_object();
        if (!k || json_array_append_new(keys, k) ||
            json_object_set_new(k, "kty", json_string("OKP")) ||
            json_object_set_new(k, "crv", json_string("Ed25519")) ||
            json_object_set_new(k, "x", json_string(x)) ||
            json_object_set_new(k, "kid", json_string(kid))) {
            rc = ck_err_set(err, CK_ENOMEM, "out of memory while writing the keys to export");
            goto cleanup;
        }
    }
    *out = keys;
    keys = NULL;
cleanup:
    json_decref(keys);
    json_decref(root);
    return rc;
}

/* JSON text made safe to sit inside a <script> element or a .js file: '<', '>' and '&' (which
 * JSON text holds only inside strings) become \u escapes. Non-ASCII, U+2028 and U+2029
 * included, was escaped by JSON_ENSURE_ASCII already. */
static char *script_safe(const char *json)
{
    size_t n = 0;
    for (const char *p = json; *p; p++)
        n += (*p == '<' || *p == '>' || *p == '&') ? 6 : 1;
    char *out = malloc(n + 1), *q = out;
    if (!out)
        return NULL;
    for (const char *p = json; *p; p++) {
        if (*p == '<' || *p == '>' || *p == '&')
            q += sprintf(q, "\\u%04x", (unsigned)*p);
        else
            *q++ = *p;
    }
    *q = '\0';
    return out;
}

/* Trim blanks around a revocation list text into a new string. */
static json_t *trimmed_string(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && strchr(" \t\r\n", s[0]))
        s++, n--;
    while (n > 0 && strchr(" \t\r\n", s[n - 1]))
        n--;
    return json_stringn(s, n);
}

/* The text of data.js. */
static ck_rc data_js(page_file *f, const ck_web_export_input *in, ck_err *err)
{
    json_t *o = NULL, *keys = NULL;
    char *json = NULL, *safe = NULL;
    ck_rc rc = pinned_keys(&keys, in->jwks_json, err);
    if (rc != CK_OK)
        return rc;
    o = json_object();
    if (!o || json_object_set_new(o, "format", json_integer(DATA_FORMAT)) ||
        json_object_set_new(o, "generator", json_string("classkiosk " CK_VERSION)) ||
        json_object_set_new(o, "issuer", json_string(in->issuer_name)) ||
        json_object_set_new(o, "exported", json_integer(in->exported_at)) ||
        json_object_set(o, "keys", keys) ||
        json_object_set_new(o, "revocations", trimmed_string(in->revocations_jws)))
        goto nomem;
    json = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    safe = json ? script_safe(json) : NULL;
    if (!safe)
        goto nomem;
    static const char head[] =
        DATA_SIGNATURE " the issuer's pinned public keys and signed revocation list.\n"
                       " * Written by \"classkiosk verifier export\": export again rather than "
                       "edit. */\nwindow.CK_PINNED = ";
    size_t hl = strlen(head), sl = strlen(safe);
    f->text = malloc(hl + sl + 3);
    if (!f->text)
        goto nomem;
    memcpy(f->text, head, hl);
    memcpy(f->text + hl, safe, sl);
    memcpy(f->text + hl + sl, ";\n", 3);
    f->len = hl + sl + 2;
    goto cleanup;
nomem:
    rc = ck_err_set(err, CK_ENOMEM, "out of memory while writing the verification page");
cleanup:
    free(safe);
    free(json);
    json_decref(keys);
    json_decref(o);
    return rc;
}

/* Whether dir/data.js was written by this exporter. */
static bool holds_export(const char *dir)
{
    char path[PATH_LEN], head[sizeof DATA_SIGNATURE];
    struct stat st;
    if (!join(path, sizeof path, dir, CK_WEB_DATA_FILE) || lstat(path, &st) != 0 ||
        !S_ISREG(st.st_mode))
        return false;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    return n == sizeof head - 1 && memcmp(head, DATA_SIGNATURE, n) == 0;
}

/* Whether the page may go into dir: missing (out_exists false), empty, or an earlier export. */
static ck_rc check_dir(bool *out_exists, const char *dir, ck_err *err)
{
    struct stat st;
    *out_exists = false;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            return CK_OK;
        if (errno == ENOTDIR)
            return ck_err_set(err, CK_EINVAL,
                              "%s cannot be a folder: part of that path is a file; choose "
                              "another folder for the verification page",
                              dir);
        return ck_err_set(err, CK_EIO,
                          "cannot use %s for the verification page (%s); choose a folder you "
                          "may write to",
                          dir, CK_MSG_ERRNO(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return ck_err_set(err, CK_EINVAL,
                          "%s is a file, not a folder; choose a folder for the verification page",
                          dir);
    *out_exists = true;
    DIR *d = opendir(dir);
    if (!d)
        return ck_err_set(err, CK_EIO,
                          "cannot read folder %s (%s); choose a folder you may read and write", dir,
                          CK_MSG_ERRNO(errno));
    char first[256] = "";
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(first, sizeof first, "%s", e->d_name);
            break;
        }
    }
    closedir(d);
    if (first[0] && !holds_export(dir))
        return ck_err_set(err, CK_EINVAL,
                          "folder %s already holds files (such as \"%.100s\") and no earlier "
                          "verification page; choose a new or empty folder, or move those "
                          "files away",
                          dir, first);
    return CK_OK;
}

/* mkdir -p dir; out_top gets the shallowest folder it made (to remove on failure). */
static ck_rc make_dirs(char *out_top, size_t size, const char *dir, ck_err *err)
{
    char path[PATH_LEN];
    out_top[0] = '\0';
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return ck_err_set(err, CK_EINVAL, "the folder name \"%.200s...\" is too long", dir);
    size_t n = strlen(path);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        if (path[i - 1] == '/')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0755) == 0) {
            if (!out_top[0])
                snprintf(out_top, size, "%s", path);
        } else if (errno != EEXIST) {
            int e = errno;
            path[i] = saved;
            return ck_err_set(err, CK_EIO,
                              "cannot create folder %s for the verification page (%s); create "
                              "it yourself or choose another",
                              dir, CK_MSG_ERRNO(e));
        }
        path[i] = saved;
    }
    return CK_OK;
}

/* Remove the folders make_dirs() made, from dir up to top; only empty ones go, and levels it
 * never reached are skipped. */
static void unmake_dirs(const char *dir, const char *top)
{
    char path[PATH_LEN];
    if (!top[0] || snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return;
    size_t tl = strlen(top);
    for (;;) {
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/')
            path[--n] = '\0';
        if (rmdir(path) != 0 && errno != ENOENT)
            return;
        if (n <= tl)
            return;
        char *slash = strrchr(path, '/');
        if (!slash)
            return;
        *slash = '\0';
    }
}

/* Write f to a fresh temporary file in dir, readable by a web server. */
static ck_rc stage(page_file *f, const char *dir, const char *name, ck_err *err)
{
    char path[PATH_LEN];
    if (!join(path, sizeof path, dir, name))
        return ck_err_set(err, CK_EINVAL, "the folder name \"%.200s...\" is too long", dir);
    return ck_file_stage(&f->staged, path, f->text, f->len, 0644, "verification page file", err);
}

ck_rc ck_web_export(const char *dir, const ck_web_export_input *in, ck_err *err)
{
    page_file files[NFILES];
    ck_cred_keyset *ks = NULL;
    char made[PATH_LEN] = "", path[PATH_LEN];
    bool exists = false;
    ck_rc rc;

    memset(files, 0, sizeof files);
    if (!dir || !*dir)
        return ck_err_set(err, CK_EINVAL,
                          "no folder given for the verification page; name one, e.g. "
                          "./verify");
    if (strlen(dir) + 32 > PATH_LEN)
        return ck_err_set(err, CK_EINVAL, "the folder name \"%.200s...\" is too long", dir);
    if ((rc = check_input(in, &ks, err)) != CK_OK)
        goto cleanup;
    for (size_t i = 0; i + 1 < NFILES; i++)
        if ((rc = read_asset(&files[i], in->data_dir, file_names[i], err)) != CK_OK)
            goto cleanup;
    if ((rc = data_js(&files[NFILES - 1], in, err)) != CK_OK)
        goto cleanup;
    if ((rc = check_dir(&exists, dir, err)) != CK_OK)
        goto cleanup;
    if (!exists && (rc = make_dirs(made, sizeof made, dir, err)) != CK_OK)
        goto cleanup;
    for (size_t i = 0; i < NFILES; i++)
        if ((rc = stage(&files[i], dir, file_names[i], err)) != CK_OK)
            goto cleanup;
    /* data.js last, so the code that reads it is in place first. */
    for (size_t i = 0; i < NFILES; i++) {
        if ((rc = ck_file_commit(&files[i].staged, false, err)) != CK_OK)
            goto cleanup;
        files[i].placed = true;
    }
cleanup:
    for (size_t i = 0; i < NFILES; i++) {
        ck_file_discard(&files[i].staged);
        /* A folder this call made is removed again, with what was put in it. */
        if (rc != CK_OK && files[i].placed && made[0] &&
            join(path, sizeof path, dir, file_names[i]))
            unlink(path);
        free(files[i].text);
    }
    if (rc != CK_OK && made[0])
        unmake_dirs(dir, made);
    ck_cred_keyset_free(ks);
    return rc;
}
