/* The verification page in a real browser: certificates signed with cred/, the page exported with
 * web/, headless Chromium opens each certificate's QR link and the test reads the verdict from
 * the DOM and the colour of the verdict band from a phone-sized screenshot. */
#include <cairo.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ck_test.h"
#include "cred/key.h"
#include "cred/qr.h"
#include "cred/revoke.h"
#include "cred/token.h"
#include "web/verifier.h"

#define HOUR 3600
#define DAY 86400
#define YEAR (365 * DAY)
#define PHONE_W 390
#define PHONE_H 844

/* Everything the cases share: made once, in the first case's folder. */
static struct {
    bool ready;
    int64_t now;
    char dir[4096]; /* the exported page */
    char url[4200]; /* file://…/index.html: the verify URL the QR codes carry */
    ck_cred_keyring *kr;
    char *jws_valid, *jws_retired, *jws_revoked, *jws_expired, *jws_future, *jws_unknown;
    int64_t revoked_at;
    char *rl;
    char shots[4096]; /* where screenshots go: $CK_WEB_SHOTS, or the test folder */
    char chromium[64];
} page;

static const char *const HOLDER = "Zoë <b>Ångström</b> & O'Neill";
static const char *const HOLDER_DOM = "Zoë &lt;b&gt;Ångström&lt;/b&gt; &amp; O'Neill";

static ck_cred_claims claims(const char *jti, int64_t iat, int64_t exp)
{
    ck_cred_claims c;
    memset(&c, 0, sizeof c);
    snprintf(c.iss, sizeof c.iss, "https://cert.example.org");
    snprintf(c.jti, sizeof c.jti, "%s", jti);
    c.iat = iat;
    c.exp = exp;
    snprintf(c.name, sizeof c.name, "%s", HOLDER);
    snprintf(c.course, sizeof c.course, "Certified Scrum Product Owner® (CSPO)");
    snprintf(c.trainer, sizeof c.trainer, "Jürgen Ñúñez");
    snprintf(c.trainer_cred, sizeof c.trainer_cred, "CST-1234");
    snprintf(c.location, sizeof c.location, "Berlin");
    c.ndays = 2;
    snprintf(c.days[0], sizeof c.days[0], "2026-03-10");
    snprintf(c.days[1], sizeof c.days[1], "2026-03-11");
    c.hours = 16;
    return c;
}

static char *sign(const ck_cred_keyring *kr, const ck_cred_claims *c)
{
    char *jws = NULL;
    ck_err err = {0};
    if (ck_cred_token_sign(&jws, kr, c, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "sign: %s", err.msg);
    return jws;
}

/* Which Chromium to run, or false (with the reason printed) when there is none. */
static bool find_chromium(void)
{
    const char *names[] = {"chromium", "chromium-browser", "google-chrome"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *argv[] = {names[i], "--version", NULL};
        ck_proc p = {0};
        int st = ck_test_exec(&p, NULL, argv);
        ck_proc_clear(&p);
        if (st == 0) {
            snprintf(page.chromium, sizeof page.chromium, "%s", names[i]);
            return true;
        }
    }
    printf("skipped: no Chromium found (tried chromium, chromium-browser, google-chrome); "
           "install it with scripts/deps test\n");
    return false;
}

/* Keys (one retired, one active), certificates of each kind, a revocation list, the page. */
static bool setup(void)
{
    ck_cred_keyring *other = NULL;
    ck_err err = {0};
    char *jwks = NULL;
    ck_cred_claims c;
    if (page.ready)
        return true;
    page.now = (int64_t)time(NULL);
    int64_t now = page.now;
    if (ck_cred_keyring_create(&page.kr, ck_test_path("keyring.json"), now - 3 * YEAR, &err) !=
            CK_OK ||
        ck_cred_keyring_create(&other, ck_test_path("stranger.json"), now, &err) != CK_OK)
        goto fail;
    /* Signed before the key was rotated: the retired key must still be pinned. */
    c = claims("CK-RETRD-00001", now - YEAR, now + YEAR);
    page.jws_retired = sign(page.kr, &c);
    if (ck_cred_keyring_rotate(page.kr, now - 200 * DAY, &err) != CK_OK)
        goto fail;
    c = claims("CK-7M2QX-D9RTA", now - HOUR, now + 2 * YEAR);
    page.jws_valid = sign(page.kr, &c);
    c = claims("CK-REVKD-00002", now - 30 * DAY, now + 2 * YEAR);
    page.jws_revoked = sign(page.kr, &c);
    c = claims("CK-EXPRD-00003", now - 3 * YEAR, now - YEAR);
    page.jws_expired = sign(page.kr, &c);
    c = claims("CK-FUTUR-00004", now + 2 * DAY, now + 2 * YEAR);
    page.jws_future = sign(page.kr, &c);
    c = claims("CK-STRNG-00005", now - HOUR, now + 2 * YEAR);
    page.jws_unknown = sign(other, &c);

    page.revoked_at = now - 2 * DAY;
    ck_cred_revocation rev[] = {{"CK-REVKD-00002", page.revoked_at},
                                {"CK-OTHER-00099", now - 9 * DAY}};
    if (ck_cred_keyring_jwks(&jwks, page.kr, &err) != CK_OK ||
        ck_cred_rl_sign(&page.rl, page.kr, "https://cert.example.org", now - DAY, rev, 2, &err) !=
            CK_OK)
        goto fail;
    snprintf(page.dir, sizeof page.dir, "%s", ck_test_path("site"));
    ck_web_export_input in = {.jwks_json = jwks,
                              .revocations_jws = page.rl,
                              .issuer_name = "Agile Academy Berlin",
                              .exported_at = now - HOUR,
                              .data_dir = ck_test_source_dir()};
    if (ck_web_export(page.dir, &in, &err) != CK_OK)
        goto fail;
    snprintf(page.url, sizeof page.url, "file://%s/index.html", page.dir);
    const char *shots = getenv("CK_WEB_SHOTS");
    snprintf(page.shots, sizeof page.shots, "%s", shots && *shots ? shots : ck_test_tmpdir());
    mkdir(page.shots, 0755);
    free(jwks);
    ck_cred_keyring_free(other);
    page.ready = page.jws_valid && page.jws_retired && page.jws_revoked && page.jws_expired &&
                 page.jws_future && page.jws_unknown;
    return page.ready;
fail:
    ck_test_fail(__FILE__, __LINE__, "setup: %s", err.msg);
    free(jwks);
    ck_cred_keyring_free(other);
    return false;
}

/* The QR text of a token: the page's URL, '#', two digits per character. */
static char *qr_link(const char *jws)
{
    char *text = NULL;
    ck_err err = {0};
    if (ck_cred_qr_encode(&text, jws, page.url, &err) != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "qr: %s", err.msg);
    return text;
}

/* What Chromium showed for url: the DOM after the scripts ran; a phone-sized screenshot is
 * saved as shots/<name>.png. */
static char *browse(const char *url, const char *name)
{
    char profile[4200], shot[4200], shot_arg[4300], profile_arg[4300];
    snprintf(profile, sizeof profile, "%s/profile-%s", ck_test_tmpdir(), name);
    snprintf(profile_arg, sizeof profile_arg, "--user-data-dir=%s", profile);
    /* The link beside the picture, to open it again by hand. */
    snprintf(shot, sizeof shot, "%s/%s.url", page.shots, name);
    ck_test_write_file(shot, url);
    snprintf(shot, sizeof shot, "%s/%s.png", page.shots, name);
    snprintf(shot_arg, sizeof shot_arg, "--screenshot=%s", shot);
    unlink(shot);
    const char *argv[] = {"timeout",
                          "40",
                          page.chromium,
                          "--headless",
                          "--no-sandbox",
                          "--disable-gpu",
                          "--disable-quic",
                          "--no-first-run",
                          "--disable-background-networking",
                          "--disable-component-update",
                          "--disable-sync",
                          profile_arg,
                          "--virtual-time-budget=5000",
                          "--window-size=390,844",
                          "--hide-scrollbars",
                          shot_arg,
                          "--dump-dom",
                          url,
                          NULL};
    ck_proc p = {0};
    int st = ck_test_exec(&p, NULL, argv);
    if (st != 0 || !strstr(p.out, "</html>")) {
        ck_test_fail(__FILE__, __LINE__, "chromium exited %d for %s:\n%s", st, name, p.err);
        ck_proc_clear(&p);
        return NULL;
    }
    free(p.err);
    return p.out;
}

/* The attribute attr of the element with this id, or "" (static buffer). */
static const char *attr(const char *dom, const char *id, const char *name)
{
    static char buf[256];
    char needle[128];
    buf[0] = '\0';
    snprintf(needle, sizeof needle, "id=\"%s\"", id);
    const char *at = dom ? strstr(dom, needle) : NULL;
    if (!at)
        return buf;
    const char *start = at;
    while (start > dom && *start != '<')
        start--;
    const char *end = strchr(at, '>');
    snprintf(needle, sizeof needle, " %s=\"", name);
    const char *v = strstr(start, needle);
    if (!v || !end || v > end)
        return buf;
    v += strlen(needle);
    const char *q = strchr(v, '"');
    snprintf(buf, sizeof buf, "%.*s", (int)(q - v), v);
    return buf;
}

/* Whether the element with this id carries the attribute at all. */
static bool has_attr(const char *dom, const char *id, const char *name)
{
    char needle[128];
    snprintf(needle, sizeof needle, "id=\"%s\"", id);
    const char *at = dom ? strstr(dom, needle) : NULL;
    const char *end = at ? strchr(at, '>') : NULL;
    if (!at || !end)
        return false;
    const char *start = at;
    while (start > dom && *start != '<')
        start--;
    snprintf(needle, sizeof needle, " %s", name);
    for (const char *p = strstr(start, needle); p && p < end; p = strstr(p + 1, needle))
        if (p[strlen(needle)] == '=' || p[strlen(needle)] == ' ' || p[strlen(needle)] == '>')
            return true;
    return false;
}

/* The text of the first element after marker (an id="…" or data-field="…" and a tag name),
 * up to the next tag (static buffer). */
static const char *text_after(const char *dom, const char *marker, const char *tag)
{
    static char buf[1024];
    char open[32];
    buf[0] = '\0';
    const char *at = dom ? strstr(dom, marker) : NULL;
    if (!at)
        return buf;
    snprintf(open, sizeof open, "<%s", tag);
    const char *t = tag[0] ? strstr(at, open) : at;
    const char *gt = t ? strchr(t, '>') : NULL;
    const char *lt = gt ? strchr(gt, '<') : NULL;
    if (lt)
        snprintf(buf, sizeof buf, "%.*s", (int)(lt - gt - 1), gt + 1);
    return buf;
}

static const char *field(const char *dom, const char *name)
{
    char marker[64];
    snprintf(marker, sizeof marker, "data-field=\"%s\"", name);
    return text_after(dom, marker, "dd");
}

static const char *by_id(const char *dom, const char *id)
{
    char marker[64];
    snprintf(marker, sizeof marker, "id=\"%s\"", id);
    return text_after(dom, marker, "");
}

/* "5 March 2027, 13:33 UTC", as the page writes a time. */
static void page_time(char *buf, size_t size, int64_t t, bool with_time)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    if (with_time)
        snprintf(buf, size, "%d %s %d, %02d:%02d UTC", tm.tm_mday, months[tm.tm_mon],
                 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
    else
        snprintf(buf, size, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

/* The colour of the verdict band in the screenshot is rgb (within a small tolerance). */
static void check_band(const char *name, unsigned rgb)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.png", page.shots, name);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        ck_test_fail(__FILE__, __LINE__, "no screenshot %s", path);
        cairo_surface_destroy(s);
        return;
    }
    CK_CHECK_INT(cairo_image_surface_get_width(s), PHONE_W);
    CK_CHECK_INT(cairo_image_surface_get_height(s), PHONE_H);
    cairo_surface_flush(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    /* Left edge, just under the top bar: inside the band, clear of its icon and words. */
    uint32_t px = *(const uint32_t *)(const void *)(data + 70 * stride + 8 * 4);
    int dr = (int)((px >> 16) & 255) - (int)((rgb >> 16) & 255);
    int dg = (int)((px >> 8) & 255) - (int)((rgb >> 8) & 255);
    int db = (int)(px & 255) - (int)(rgb & 255);
    if (abs(dr) > 6 || abs(dg) > 6 || abs(db) > 6)
        ck_test_fail(__FILE__, __LINE__, "%s: verdict band is #%06x, want #%06x", name,
                     (unsigned)(px & 0xffffff), rgb);
    cairo_surface_destroy(s);
}

#define GREEN 0x0a7a3a
#define RED 0xb3261e
#define AMBER 0x9a5200
#define GREY 0x48525e
#define BLUE 0x1c4e8a

/* Open the QR link of jws; the DOM, with the verdict checked against want. */
static char *open_token(const char *jws, const char *name, const char *want)
{
    char *link = qr_link(jws);
    char *dom = link ? browse(link, name) : NULL;
    free(link);
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), want);
    return dom;
}

static void valid_certificate(void)
{
    char t[64];
    if (!setup())
        return;
    char *dom = open_token(page.jws_valid, "valid", "valid");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Valid");
    CK_CHECK_STR(by_id(dom, "holder"), HOLDER_DOM);
    CK_CHECK_NOT_CONTAINS(dom, "<b>Ångström");
    CK_CHECK(!has_attr(dom, "details", "hidden"));
    CK_CHECK_STR(field(dom, "course"), "Certified Scrum Product Owner® (CSPO)");
    CK_CHECK_STR(field(dom, "dates"), "10 and 11 March 2026");
    CK_CHECK_STR(field(dom, "hours"), "16");
    CK_CHECK_STR(field(dom, "trainer"), "Jürgen Ñúñez · CST-1234");
    CK_CHECK_STR(field(dom, "location"), "Berlin");
    CK_CHECK_STR(field(dom, "id"), "CK-7M2QX-D9RTA");
    page_time(t, sizeof t, page.now - HOUR, true);
    CK_CHECK_STR(field(dom, "issued"), t);
    page_time(t, sizeof t, page.now + 2 * YEAR, true);
    CK_CHECK_STR(field(dom, "valid-until"), t);
    CK_CHECK_STR(by_id(dom, "issuer"), "Agile Academy Berlin");
    CK_CHECK_CONTAINS(by_id(dom, "pinned"), "Agile Academy Berlin, exported ");
    CK_CHECK_CONTAINS(by_id(dom, "pinned"), "withdraws 2 certificates");
    check_band("valid", GREEN);
    free(dom);
}

/* A raw token in the fragment, signed with the key that was rotated out. */
static void retired_key_raw_token(void)
{
    char url[8192];
    if (!setup())
        return;
    snprintf(url, sizeof url, "%s#%s", page.url, page.jws_retired);
    char *dom = browse(url, "retired-key");
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), "valid");
    CK_CHECK_STR(field(dom, "id"), "CK-RETRD-00001");
    free(dom);
}

static void altered_certificate(void)
{
    if (!setup())
        return;
    /* One character of the signed claims changed. */
    char *jws = strdup(page.jws_valid);
    char *payload = strchr(jws, '.') + 1;
    size_t plen = (size_t)(strchr(payload, '.') - payload);
    payload[plen / 2] = payload[plen / 2] == 'A' ? 'B' : 'A';
    char *dom = open_token(jws, "altered", "not-genuine");
    CK_CHECK_STR(attr(dom, "verdict", "data-reason"), "bad-signature");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Not genuine");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "altered or forged");
    CK_CHECK(has_attr(dom, "details", "hidden"));
    CK_CHECK_NOT_CONTAINS(dom, "Ångström");
    check_band("altered", RED);
    free(dom);
    free(jws);
}

static void revoked_certificate(void)
{
    char t[64], want[128];
    if (!setup())
        return;
    char *dom = open_token(page.jws_revoked, "revoked", "revoked");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Revoked");
    page_time(t, sizeof t, page.revoked_at, false);
    snprintf(want, sizeof want, "The issuer withdrew this certificate on %s.", t);
    CK_CHECK_STR(by_id(dom, "verdict-text"), want);
    CK_CHECK_STR(field(dom, "id"), "CK-REVKD-00002");
    check_band("revoked", RED);
    free(dom);
}

static void expired_certificate(void)
{
    char t[64], want[128];
    if (!setup())
        return;
    char *dom = open_token(page.jws_expired, "expired", "expired");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Expired");
    page_time(t, sizeof t, page.now - YEAR, false);
    snprintf(want, sizeof want, "Genuine, but it expired on %s.", t);
    CK_CHECK_STR(by_id(dom, "verdict-text"), want);
    CK_CHECK_STR(field(dom, "id"), "CK-EXPRD-00003");
    check_band("expired", AMBER);
    free(dom);
}

static void future_certificate(void)
{
    if (!setup())
        return;
    char *dom = open_token(page.jws_future, "future", "not-yet-valid");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-text"), "Check this device's date and time");
    free(dom);
}

static void unknown_key(void)
{
    if (!setup())
        return;
    char *dom = open_token(page.jws_unknown, "unknown-key", "not-genuine");
    CK_CHECK_STR(attr(dom, "verdict", "data-reason"), "unknown-key");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "not among the 2 pinned key(s)");
    CK_CHECK(has_attr(dom, "details", "hidden"));
    free(dom);
}

static char *b64(const void *bin, size_t len)
{
    size_t size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(size);
    sodium_bin2base64(out, size, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/* "alg":"none" with the right kid and a certificate's claims: refused for its algorithm. */
static void alg_none(void)
{
    char header[160], jws[4096];
    unsigned char zeros[64] = {0};
    if (!setup())
        return;
    snprintf(header, sizeof header, "{\"alg\":\"none\",\"kid\":\"%s\"}",
             ck_cred_keyring_kid(page.kr));
    const char *payload = strchr(page.jws_valid, '.') + 1;
    size_t plen = (size_t)(strchr(payload, '.') - payload);
    char *h = b64(header, strlen(header)), *s = b64(zeros, sizeof zeros);
    snprintf(jws, sizeof jws, "%s.%.*s.%s", h, (int)plen, payload, s);
    char *dom = open_token(jws, "alg-none", "not-genuine");
    CK_CHECK_STR(attr(dom, "verdict", "data-reason"), "bad-alg");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "uses the algorithm \"none\"");
    CK_CHECK_NOT_CONTAINS(dom, "Ångström");
    free(dom);
    free(h);
    free(s);
}

/* A link whose digits were cut short. */
static void damaged_link(void)
{
    if (!setup())
        return;
    char *link = qr_link(page.jws_valid);
    link[strlen(link) - 1] = '\0';
    char *dom = browse(link, "damaged-link");
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), "not-genuine");
    CK_CHECK_STR(attr(dom, "verdict", "data-reason"), "malformed");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "odd number of digits");
    free(dom);
    free(link);
}

static void no_certificate(void)
{
    if (!setup())
        return;
    char *dom = browse(page.url, "empty");
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), "empty");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-text"), "Agile Academy Berlin certificate");
    CK_CHECK(has_attr(dom, "details", "hidden"));
    check_band("empty", BLUE);
    free(dom);
}

/* A copy of the page with an extra script before data.js, named file.html. */
static bool page_with_script(const char *file, const char *script_name, const char *script)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/index.html", page.dir);
    char *html = ck_test_read_file(path, NULL);
    const char *tag = html ? strstr(html, "<script src=\"data.js\">") : NULL;
    if (!tag) {
        ck_test_fail(__FILE__, __LINE__, "index.html does not load data.js");
        free(html);
        return false;
    }
    char *copy = malloc(strlen(html) + 200);
    sprintf(copy, "%.*s<script src=\"%s\"></script>\n%s", (int)(tag - html), html, script_name,
            tag);
    snprintf(path, sizeof path, "%s/%s", page.dir, file);
    bool ok = ck_test_write_file(path, copy);
    snprintf(path, sizeof path, "%s/%s", page.dir, script_name);
    ok = ok && ck_test_write_file(path, script);
    free(copy);
    free(html);
    return ok;
}

/* A browser without Ed25519 in WebCrypto (Chrome before 137, Firefox before 129) says so. */
static void browser_without_ed25519(void)
{
    char url[8192];
    if (!setup())
        return;
    CK_CHECK(page_with_script(
        "old-browser.html", "old-browser.js",
        "/* Test double: WebCrypto without Ed25519, as in older browsers. */\n"
        "(function () {\n"
        "  var real = SubtleCrypto.prototype.importKey;\n"
        "  SubtleCrypto.prototype.importKey = function (format, key, alg) {\n"
        "    var name = typeof alg === 'string' ? alg : alg && alg.name;\n"
        "    if (name === 'Ed25519')\n"
        "      return Promise.reject(new DOMException('Algorithm: Unrecognized name',\n"
        "                                              'NotSupportedError'));\n"
        "    return real.apply(this, arguments);\n"
        "  };\n"
        "})();\n"));
    char *link = qr_link(page.jws_valid);
    snprintf(url, sizeof url, "file://%s/old-browser.html%s", page.dir, strchr(link, '#'));
    char *dom = browse(url, "old-browser");
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), "unsupported");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-text"),
                      "This browser cannot check signatures; use a current Chrome, Safari or "
                      "Firefox, or the classkiosk CLI.");
    CK_CHECK(has_attr(dom, "details", "hidden"));
    CK_CHECK_NOT_CONTAINS(dom, "Ångström");
    check_band("old-browser", GREY);
    free(dom);
    free(link);
}

/* A page whose pinned revocation list was tampered with checks nothing. */
static void damaged_revocation_list(void)
{
    char path[4200], url[8192];
    if (!setup())
        return;
    char broken[4200];
    snprintf(broken, sizeof broken, "%s/broken", ck_test_tmpdir());
    mkdir(broken, 0755);
    const char *files[] = {"index.html", "style.css", "verify.js", "data.js"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", page.dir, files[i]);
        char *text = ck_test_read_file(path, NULL);
        if (text && i == 3) {
            /* One signed character changed, as editing out an entry would. */
            char *rl = strstr(text, page.rl);
            CK_CHECK(rl != NULL);
            if (rl) {
                char *mid = strchr(rl, '.') + 10;
                *mid = *mid == 'A' ? 'B' : 'A';
            }
        }
        snprintf(path, sizeof path, "%s/%s", broken, files[i]);
        CK_CHECK(text && ck_test_write_file(path, text));
        free(text);
    }
    char *link = qr_link(page.jws_revoked);
    snprintf(url, sizeof url, "file://%s/index.html%s", broken, strchr(link, '#'));
    char *dom = browse(url, "damaged-list");
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), "unavailable");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "revocation list");
    CK_CHECK_NOT_CONTAINS(dom, "Ångström");
    free(dom);
    free(link);
}

/* Pasting a scan whose '#' a keyboard layout mangled, then following a new link in the same
 * tab: the text field and the hashchange listener. */
static void paste_and_follow_link(void)
{
    char url[8192], script[20000];
    if (!setup())
        return;
    char *valid = qr_link(page.jws_valid), *expired = qr_link(page.jws_expired);
    /* "…index.html#5676…" through a scanner whose keyboard layout typed '#' as '3'. */
    char *mangled = strdup(valid);
    *strchr(mangled, '#') = '3';
    snprintf(script, sizeof script,
             "/* Test driver: paste a scan, then follow a link; log each verdict. */\n"
             "(function () {\n"
             "  var log = [];\n"
             "  function status() {\n"
             "    return document.getElementById('verdict').getAttribute('data-status');\n"
             "  }\n"
             "  function when(pred, then) {\n"
             "    (function poll() { if (pred()) then(); else setTimeout(poll, 20); })();\n"
             "  }\n"
             "  function note(step) {\n"
             "    log.push(step + '=' + status());\n"
             "    document.body.setAttribute('data-drive', log.join(' '));\n"
             "  }\n"
             "  window.addEventListener('load', function () {\n"
             "    when(function () { return status() === 'empty'; }, function () {\n"
             "      note('start');\n"
             "      document.getElementById('paste').value = '  %s\\n';\n"
             "      document.getElementById('paste-form').requestSubmit();\n"
             "      when(function () { return status() !== 'empty'; }, function () {\n"
             "        note('pasted');\n"
             "        location.hash = '%s';\n"
             "        when(function () { return status() !== 'valid'; }, function () {\n"
             "          note('followed');\n"
             "        });\n"
             "      });\n"
             "    });\n"
             "  });\n"
             "})();\n",
             mangled, strchr(expired, '#') + 1);
    CK_CHECK(page_with_script("drive.html", "drive.js", script));
    snprintf(url, sizeof url, "file://%s/drive.html", page.dir);
    char *dom = browse(url, "paste");
    CK_CHECK_CONTAINS(dom, "data-drive=\"start=empty pasted=valid followed=expired\"");
    CK_CHECK_STR(field(dom, "id"), "CK-EXPRD-00003");
    free(dom);
    free(valid);
    free(expired);
    free(mangled);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (!find_chromium())
        return CK_TEST_SKIP;
    CK_RUN(valid_certificate);
    CK_RUN(retired_key_raw_token);
    CK_RUN(altered_certificate);
    CK_RUN(revoked_certificate);
    CK_RUN(expired_certificate);
    CK_RUN(future_certificate);
    CK_RUN(unknown_key);
    CK_RUN(alg_none);
    CK_RUN(damaged_link);
    CK_RUN(no_certificate);
    CK_RUN(browser_without_ed25519);
    CK_RUN(damaged_revocation_list);
    CK_RUN(paste_and_follow_link);
    ck_cred_keyring_free(page.kr);
    free(page.jws_valid);
    free(page.jws_retired);
    free(page.jws_revoked);
    free(page.jws_expired);
    free(page.jws_future);
    free(page.jws_unknown);
    free(page.rl);
    return ck_test_done();
}
