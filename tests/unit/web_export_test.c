/* Exporting the verification page: the files it writes, data.js escaping, overwriting an earlier
 * export, and the folders and inputs it refuses without changing anything. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ck_test.h"
#include "cred/key.h"
#include "cred/revoke.h"
#include "cred/token.h"
#include "web/verifier.h"

#define T0 1741700000 /* 2025-03-11 13:33 UTC */

static const char *const page_files[] = {"index.html", "style.css", "verify.js"};

/* A keyring with a retired key and an active one, its JWKS, and a list revoking one id. */
typedef struct fixture {
    ck_cred_keyring *kr;
    char *jwks;
    char *rl;
} fixture;

static bool fixture_make(fixture *f)
{
    ck_err err = {0};
    ck_cred_revocation rev[] = {{"CK-AAAAA-BBBBB", T0 + 50}};
    memset(f, 0, sizeof *f);
    if (ck_cred_keyring_create(&f->kr, ck_test_path("keyring.json"), T0, &err) != CK_OK ||
        ck_cred_keyring_rotate(f->kr, T0 + 10, &err) != CK_OK ||
        ck_cred_keyring_jwks(&f->jwks, f->kr, &err) != CK_OK ||
        ck_cred_rl_sign(&f->rl, f->kr, "https://cert.example.org", T0 + 100, rev, 1, &err) !=
            CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "fixture: %s", err.msg);
        return false;
    }
    return true;
}

static void fixture_clear(fixture *f)
{
    ck_cred_keyring_free(f->kr);
    free(f->jwks);
    free(f->rl);
}

static ck_web_export_input input(const fixture *f, const char *issuer)
{
    return (ck_web_export_input){.jwks_json = f->jwks,
                                 .revocations_jws = f->rl,
                                 .issuer_name = issuer,
                                 .exported_at = T0 + 200,
                                 .data_dir = ck_test_source_dir()};
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Names in dir, sorted, joined by spaces ("" for an empty folder). */
static char *listing(const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    char *out = calloc(1, 4096);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            if (out[0])
                strcat(out, " ");
            strncat(out, names[i]->d_name, 4096 - strlen(out) - 2);
        }
        free(names[i]);
    }
    free(names);
    return out;
}

/* The JSON in data.js (after "window.CK_PINNED = "), parsed. */
static json_t *data_json(const char *text)
{
    const char *start = strstr(text, "window.CK_PINNED = ");
    const char *end = strrchr(text, ';');
    if (!start || !end || end < start)
        return NULL;
    start += strlen("window.CK_PINNED = ");
    json_error_t jerr;
    json_t *j = json_loadb(start, (size_t)(end - start), JSON_REJECT_DUPLICATES, &jerr);
    if (!j)
        ck_test_fail(__FILE__, __LINE__, "data.js is not JSON: %s (line %d)", jerr.text, jerr.line);
    return j;
}

static void writes_the_page(void)
{
    fixture f;
    ck_err err = {0};
    char path[4096], src[4096];
    if (!fixture_make(&f))
        return;
    const char *dir = ck_test_path("site/deep/verify");
    ck_web_export_input in = input(&f, "Agile Academy Berlin");
    CK_CHECK_INT(ck_web_export(dir, &in, &err), CK_OK);
    char *names = listing(dir);
    CK_CHECK_STR(names, "data.js index.html style.css verify.js"); /* no temporary files left */
    free(names);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, page_files[i]);
        snprintf(src, sizeof src, "%s/assets/verifier/%s", ck_test_source_dir(), page_files[i]);
        size_t a = 0, b = 0;
        char *copy = ck_test_read_file(path, &a), *orig = ck_test_read_file(src, &b);
        CK_CHECK(copy && orig && a == b && memcmp(copy, orig, a) == 0);
        struct stat st;
        CK_CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
        free(copy);
        free(orig);
    }
    snprintf(path, sizeof path, "%s/data.js", dir);
    char *text = ck_test_read_file(path, NULL);
    CK_CHECK(text && strncmp(text, "/* classkiosk verifier data:", 28) == 0);
    json_t *j = text ? data_json(text) : NULL;
    CK_CHECK(j != NULL);
    if (j) {
        CK_CHECK_INT(json_integer_value(json_object_get(j, "format")), 1);
        CK_CHECK_STR(json_string_value(json_object_get(j, "issuer")), "Agile Academy Berlin");
        CK_CHECK_INT(json_integer_value(json_object_get(j, "exported")), T0 + 200);
        CK_CHECK_STR(json_string_value(json_object_get(j, "revocations")), f.rl);
        json_t *keys = json_object_get(j, "keys");
        CK_CHECK_INT(json_array_size(keys), 2); /* the retired key is pinned too */
        for (size_t i = 0; i < json_array_size(keys) && i < 2; i++) {
            ck_cred_key_info info;
            char kid[CK_CRED_KID_LEN + 1];
            json_t *k = json_array_get(keys, i);
            CK_CHECK_INT(ck_cred_keyring_key(&info, f.kr, i, &err), CK_OK);
            CK_CHECK_STR(json_string_value(json_object_get(k, "kid")), info.kid);
            CK_CHECK_INT(
                ck_cred_jwk_thumbprint(kid, json_string_value(json_object_get(k, "x")), &err),
                CK_OK);
            CK_CHECK_STR(kid, info.kid);
            CK_CHECK(json_object_get(k, "d") == NULL);
        }
    }
    json_decref(j);
    free(text);
    fixture_clear(&f);
}

/* Nothing in an issuer name can end the script or the string it sits in. */
static void escapes_data(void)
{
    fixture f;
    ck_err err = {0};
    char path[4096];
    if (!fixture_make(&f))
        return;
    const char *issuer = "Evil</script><script>alert(1)</script><!-- & \"q\" \\ "
                         "\xe2\x80\xa8 \xe2\x80\xa9 Zo\xc3\xab";
    ck_web_export_input in = input(&f, issuer);
    const char *dir = ck_test_path("page");
    CK_CHECK_INT(ck_web_export(dir, &in, &err), CK_OK);
    snprintf(path, sizeof path, "%s/data.js", dir);
    char *text = ck_test_read_file(path, NULL);
    CK_CHECK(text != NULL);
    if (text) {
        CK_CHECK_NOT_CONTAINS(text, "<");
        CK_CHECK_NOT_CONTAINS(text, ">");
        CK_CHECK_NOT_CONTAINS(text, "\xe2\x80\xa8");
        CK_CHECK_NOT_CONTAINS(text, "\xe2\x80\xa9");
        for (const unsigned char *p = (const unsigned char *)text; *p; p++)
            if (*p >= 0x80 || (*p < 0x20 && *p != '\n')) {
                ck_test_fail(__FILE__, __LINE__, "data.js has byte 0x%02x; it must be ASCII", *p);
                break;
            }
        CK_CHECK_CONTAINS(text, "\\u003c/script\\u003e");
        CK_CHECK_CONTAINS(text, "\\u2028");
        json_t *j = data_json(text);
        CK_CHECK_STR(json_string_value(json_object_get(j, "issuer")), issuer);
        json_decref(j);
    }
    free(text);
    fixture_clear(&f);
}

static void overwrites_an_earlier_export(void)
{
    fixture f;
    ck_err err = {0};
    char path[4096];
    if (!fixture_make(&f))
        return;
    const char *dir = ck_test_path("page");
    ck_web_export_input in = input(&f, "First Name");
    CK_CHECK_INT(ck_web_export(dir, &in, &err), CK_OK);
    snprintf(path, sizeof path, "%s/robots.txt", dir);
    CK_CHECK(ck_test_write_file(path, "User-agent: *\nDisallow: /\n"));
    in.issuer_name = "Second Name";
    in.exported_at = T0 + 900;
    CK_CHECK_INT(ck_web_export(dir, &in, &err), CK_OK);
    char *names = listing(dir);
    CK_CHECK_STR(names, "data.js index.html robots.txt style.css verify.js");
    free(names);
    snprintf(path, sizeof path, "%s/data.js", dir);
    char *text = ck_test_read_file(path, NULL);
    CK_CHECK_CONTAINS(text, "\"Second Name\"");
    CK_CHECK_NOT_CONTAINS(text, "First Name");
    free(text);
    snprintf(path, sizeof path, "%s/robots.txt", dir);
    text = ck_test_read_file(path, NULL);
    CK_CHECK_STR(text, "User-agent: *\nDisallow: /\n");
    free(text);
    fixture_clear(&f);
}

/* An export refused for dir leaves it holding exactly `before`. */
static void check_refused(const char *dir, const ck_web_export_input *in, ck_rc want,
                          const char *msg_part, const char *before)
{
    ck_err err = {0};
    ck_rc rc = ck_web_export(dir, in, &err);
    CK_CHECK_INT(rc, want);
    CK_CHECK_CONTAINS(err.msg, msg_part);
    if (before) {
        char *names = listing(dir);
        CK_CHECK_STR(names, before);
        free(names);
    } else {
        CK_CHECK(!exists(dir));
    }
}

static void refuses_unrelated_folders(void)
{
    fixture f;
    char path[4096];
    if (!fixture_make(&f))
        return;
    ck_web_export_input in = input(&f, "Issuer");

    const char *notes = ck_test_path("notes");
    mkdir(notes, 0755);
    snprintf(path, sizeof path, "%s/notes.txt", notes);
    ck_test_write_file(path, "mine\n");
    check_refused(notes, &in, CK_EINVAL, "notes.txt", "notes.txt");
    check_refused(notes, &in, CK_EINVAL, "choose a new or empty folder", "notes.txt");

    /* Someone else's page, even one with a data.js, is not an earlier export. */
    const char *site = ck_test_path("site");
    mkdir(site, 0755);
    snprintf(path, sizeof path, "%s/index.html", site);
    ck_test_write_file(path, "<h1>home</h1>\n");
    snprintf(path, sizeof path, "%s/data.js", site);
    ck_test_write_file(path, "var data = 1;\n");
    check_refused(site, &in, CK_EINVAL, site, "data.js index.html");

    /* The page's own source folder is not an export either. */
    snprintf(path, sizeof path, "%s/assets/verifier", ck_test_source_dir());
    char *src_before = listing(path);
    check_refused(path, &in, CK_EINVAL, "no earlier verification page", src_before);
    free(src_before);

    const char *file = ck_test_path("plain-file");
    ck_test_write_file(file, "x\n");
    ck_err err = {0};
    CK_CHECK_INT(ck_web_export(file, &in, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, file);
    CK_CHECK_CONTAINS(err.msg, "not a folder");
    char *text = ck_test_read_file(file, NULL);
    CK_CHECK_STR(text, "x\n");
    free(text);

    snprintf(path, sizeof path, "%s/sub", file);
    check_refused(path, &in, CK_EINVAL, "part of that path is a file", NULL);
    fixture_clear(&f);
}

/* Run the export as user nobody when we are root, who may write anywhere. Returns rc; the
 * message goes to msg. */
static ck_rc export_unprivileged(const char *dir, const ck_web_export_input *in, char *msg,
                                 size_t size)
{
    ck_err err = {0};
    if (geteuid() != 0) {
        ck_rc rc = ck_web_export(dir, in, &err);
        snprintf(msg, size, "%s", err.msg);
        return rc;
    }
    int fds[2];
    if (pipe(fds) != 0)
        return CK_EINTERNAL;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(100);
        ck_rc rc = ck_web_export(dir, in, &err);
        ssize_t w = write(fds[1], err.msg, strlen(err.msg));
        (void)w;
        _exit((int)rc);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], msg, size - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? (ck_rc)WEXITSTATUS(st) : CK_EINTERNAL;
}

static void refuses_unwritable_folders(void)
{
    fixture f;
    char msg[1024];
    if (!fixture_make(&f))
        return;
    ck_web_export_input in = input(&f, "Issuer");
    /* Let user nobody reach this case's folder. */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", ck_test_tmpdir());
    chmod(parent, 0755);
    *strrchr(parent, '/') = '\0';
    chmod(parent, 0755);

    /* …and read the page's files: a copy of assets/verifier/ it may read, since the source
     * tree may sit in a folder only we can enter (a clone into mktemp -d, say). */
    static char data[4096];
    char assets[4200], verifier[4300];
    snprintf(data, sizeof data, "%s", ck_test_path("data"));
    snprintf(assets, sizeof assets, "%s/assets", data);
    snprintf(verifier, sizeof verifier, "%s/assets/verifier", ck_test_source_dir());
    mkdir(data, 0755);
    mkdir(assets, 0755);
    const char *copy[] = {"cp", "-R", verifier, assets, NULL};
    const char *open_up[] = {"chmod", "-R", "a+rX", data, NULL};
    ck_proc p = {0};
    CK_CHECK_INT(ck_test_exec(&p, NULL, copy), 0);
    CK_CHECK_INT(ck_test_exec(&p, NULL, open_up), 0);
    ck_proc_clear(&p);
    in.data_dir = data;

    const char *ro = ck_test_path("readonly");
    mkdir(ro, 0755);
    chmod(ro, 0555);
    CK_CHECK_INT(export_unprivileged(ro, &in, msg, sizeof msg), CK_EIO);
    CK_CHECK_CONTAINS(msg, ro);
    CK_CHECK_CONTAINS(msg, "choose a folder you may write to");
    char *names = listing(ro);
    CK_CHECK_STR(names, "");
    free(names);

    char sub[4096];
    snprintf(sub, sizeof sub, "%s/new/page", ro);
    CK_CHECK_INT(export_unprivileged(sub, &in, msg, sizeof msg), CK_EIO);
    CK_CHECK_CONTAINS(msg, sub);
    CK_CHECK_CONTAINS(msg, "cannot create folder");
    names = listing(ro);
    CK_CHECK_STR(names, "");
    free(names);
    chmod(ro, 0755);
    fixture_clear(&f);
}

/* Export in a child whose files may not grow past limit bytes: a disk that fills up. */
static ck_rc export_disk_full(const char *dir, const ck_web_export_input *in, rlim_t limit,
                              char *msg, size_t size)
{
    int fds[2];
    if (pipe(fds) != 0)
        return CK_EINTERNAL;
    pid_t pid = fork();
    if (pid == 0) {
        ck_err err = {0};
        struct rlimit rl = {.rlim_cur = limit, .rlim_max = limit};
        close(fds[0]);
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(100);
        ck_rc rc = ck_web_export(dir, in, &err);
        ssize_t w = write(fds[1], err.msg, strlen(err.msg));
        (void)w;
        _exit((int)rc);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], msg, size - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? (ck_rc)WEXITSTATUS(st) : CK_EINTERNAL;
}

/* A write that fails midway leaves no temporary files, no half-made folders, and an earlier
 * export as it was. */
static void cleans_up_a_failed_write(void)
{
    fixture f;
    ck_err err = {0};
    char msg[1024], path[4096];
    if (!fixture_make(&f))
        return;
    ck_web_export_input in = input(&f, "Issuer");
    const char *fresh = ck_test_path("fresh");
    snprintf(path, sizeof path, "%s/a/b", fresh);
    CK_CHECK_INT(export_disk_full(path, &in, 2000, msg, sizeof msg), CK_EIO);
    CK_CHECK_CONTAINS(msg, "check that the disk has room");
    CK_CHECK(!exists(fresh));

    const char *dir = ck_test_path("earlier");
    CK_CHECK_INT(ck_web_export(dir, &in, &err), CK_OK);
    snprintf(path, sizeof path, "%s/data.js", dir);
    char *before = ck_test_read_file(path, NULL);
    in.issuer_name = "Replacement";
    CK_CHECK_INT(export_disk_full(dir, &in, 2000, msg, sizeof msg), CK_EIO);
    char *names = listing(dir);
    CK_CHECK_STR(names, "data.js index.html style.css verify.js");
    free(names);
    char *after = ck_test_read_file(path, NULL);
    CK_CHECK_STR(after, before);
    free(before);
    free(after);
    fixture_clear(&f);
}

static void refuses_bad_input(void)
{
    fixture f;
    ck_err err = {0};
    if (!fixture_make(&f))
        return;
    const char *dir = ck_test_path("never");
    ck_web_export_input in;

    CK_CHECK_INT(ck_web_export(NULL, &in, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "no folder given");
    CK_CHECK_INT(ck_web_export("", &in, &err), CK_EINVAL);
    check_refused(dir, NULL, CK_EINVAL, "no export input", NULL);

    /* The keyring file holds the secret key: it must never be published. */
    char *secret = ck_test_read_file(ck_test_path("keyring.json"), NULL);
    in = input(&f, "Issuer");
    in.jwks_json = secret;
    check_refused(dir, &in, CK_EINVAL, "private key", NULL);
    free(secret);
    in.jwks_json = "{\"keys\": []}";
    check_refused(dir, &in, CK_EINVAL, "JWKS", NULL);
    in.jwks_json = NULL;
    check_refused(dir, &in, CK_EINVAL, "export the keyring's JWKS", NULL);

    /* A list the pinned keys did not sign, a token instead of a list, no list. */
    ck_cred_keyring *other = NULL;
    char *rl_other = NULL, *token = NULL;
    CK_CHECK_INT(ck_cred_keyring_create(&other, ck_test_path("other.json"), T0, &err), CK_OK);
    CK_CHECK_INT(ck_cred_rl_sign(&rl_other, other, "x", T0, NULL, 0, &err), CK_OK);
    in = input(&f, "Issuer");
    in.revocations_jws = rl_other;
    check_refused(dir, &in, CK_ECRYPTO, "not among the 2 pinned key(s)", NULL);
    ck_cred_claims c = {.iat = T0, .exp = T0 + 100, .ndays = 1, .hours = 8};
    snprintf(c.iss, sizeof c.iss, "i");
    snprintf(c.jti, sizeof c.jti, "CK-AAAAA-BBBBB");
    snprintf(c.name, sizeof c.name, "n");
    snprintf(c.course, sizeof c.course, "c");
    snprintf(c.trainer, sizeof c.trainer, "t");
    snprintf(c.days[0], sizeof c.days[0], "2025-03-11");
    CK_CHECK_INT(ck_cred_token_sign(&token, f.kr, &c, &err), CK_OK);
    in.revocations_jws = token;
    check_refused(dir, &in, CK_EINVAL, "not a revocation list", NULL);
    in.revocations_jws = NULL;
    check_refused(dir, &in, CK_EINVAL, "an empty list if nothing was revoked", NULL);
    free(rl_other);
    free(token);
    ck_cred_keyring_free(other);

    const char *bad_issuers[] = {NULL,
                                 "",
                                 "tab\there",
                                 "C1 \xc2\x85 control",
                                 "broken \xc3\x28 UTF-8",
                                 "surrogate \xed\xa0\x80"};
    for (size_t i = 0; i < sizeof bad_issuers / sizeof bad_issuers[0]; i++) {
        in = input(&f, bad_issuers[i]);
        check_refused(dir, &in, CK_EINVAL, "issuer name", NULL);
    }
    char long_name[CK_WEB_ISSUER_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    in = input(&f, long_name);
    check_refused(dir, &in, CK_EINVAL, "1 to 200 bytes", NULL);
    long_name[CK_WEB_ISSUER_MAX] = '\0';
    in = input(&f, long_name);
    CK_CHECK_INT(ck_web_export(ck_test_path("longest"), &in, &err), CK_OK);

    in = input(&f, "Issuer");
    in.exported_at = -1;
    check_refused(dir, &in, CK_EINVAL, "export time", NULL);
    in.exported_at = INT64_C(253402300800);
    check_refused(dir, &in, CK_EINVAL, "export time", NULL);

    in = input(&f, "Issuer");
    in.data_dir = ck_test_path("no-assets");
    check_refused(dir, &in, CK_ENOTFOUND, "assets/verifier/index.html", NULL);
    in.data_dir = NULL;
    check_refused(dir, &in, CK_EINVAL, "assets/verifier/", NULL);
    fixture_clear(&f);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(writes_the_page);
    CK_RUN(escapes_data);
    CK_RUN(overwrites_an_earlier_export);
    CK_RUN(refuses_unrelated_folders);
    CK_RUN(refuses_unwritable_folders);
    CK_RUN(cleans_up_a_failed_write);
    CK_RUN(refuses_bad_input);
    return ck_test_done();
}
