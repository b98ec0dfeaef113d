/* The verification page in a real browser: certificates signed with cred/, the page exported with
 * web/, headless Chromium opens each certificate's QR link and the test reads the verdict from
 * the DOM and the colour of the verdict band from a phone-sized screenshot. */
#include <cairo.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chromium.h"
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
    char keyring[4096]; /* the keyring file, whose active seed crafts odd tokens */
    char shots[4096];   /* where screenshots go: $CK_WEB_SHOTS, or the test folder */
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

static bool find_chromium(void)
{
    return ck_chromium_find(page.chromium, sizeof page.chromium);
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
    snprintf(page.keyring, sizeof page.keyring, "%s", ck_test_path("keyring.json"));
    if (ck_cred_keyring_create(&page.kr, page.keyring, now - 3 * YEAR, &err) != CK_OK ||
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
static char *browse_in(const char *url, const char *name, const char *lang)
{
    char profile[4200], shot[4200];
    snprintf(profile, sizeof profile, "%s/profile-%s", ck_test_tmpdir(), name);
    /* The link beside the picture, to open it again by hand. */
    snprintf(shot, sizeof shot, "%s/%s.url", page.shots, name);
    ck_test_write_file(shot, url);
    snprintf(shot, sizeof shot, "%s/%s.png", page.shots, name);
    return ck_chromium_browse_lang(page.chromium, url, profile, shot, PHONE_W, PHONE_H, lang);
}

/* The same in Chromium's own language. */
static char *browse(const char *url, const char *name)
{
    return browse_in(url, name, NULL);
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
    /* Left edge, under the top bar (taller where the issuer's name wraps): inside the band,
     * clear of its icon and words. */
    uint32_t px = 0;
    int dr = 255, dg = 255, db = 255;
    for (int y = 40; y < 160 && (abs(dr) > 6 || abs(dg) > 6 || abs(db) > 6); y++) {
        px = *(const uint32_t *)(const void *)(data + y * stride + 8 * 4);
        dr = (int)((px >> 16) & 255) - (int)((rgb >> 16) & 255);
        dg = (int)((px >> 8) & 255) - (int)((rgb >> 8) & 255);
        db = (int)(px & 255) - (int)(rgb & 255);
    }
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

static void no_certificate(void)
{
    if (!setup())
        return;
    char *dom = browse(page.url, "empty");
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), "empty");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-text"), "a certificate from Agile Academy Berlin.");
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

/* Pasting a scan whose '#' a keyboard layout mangled, following a new link in the same tab,
 * then a link whose digits were cut short: the text field and the hashchange listener. */
static void paste_and_follow_links(void)
{
    char url[8192], script[30000];
    if (!setup())
        return;
    char *valid = qr_link(page.jws_valid), *expired = qr_link(page.jws_expired);
    /* "…index.html#5676…" through a scanner whose keyboard layout typed '#' as '3'. */
    char *mangled = strdup(valid);
    *strchr(mangled, '#') = '3';
    char *cut = strdup(strchr(expired, '#') + 1);
    cut[strlen(cut) - 1] = '\0';
    snprintf(script, sizeof script,
             "/* Test driver: paste a scan, then follow links; log each verdict. */\n"
             "(function () {\n"
             "  var log = [];\n"
             "  function el(id) { return document.getElementById(id); }\n"
             "  function status() { return el('verdict').getAttribute('data-status'); }\n"
             "  function when(pred, then) {\n"
             "    (function poll() { if (pred()) then(); else setTimeout(poll, 20); })();\n"
             "  }\n"
             "  function note(step) {\n"
             "    var id = document.querySelector('[data-field=\"id\"] dd');\n"
             "    log.push(step + '=' + status() + (el('details').hidden ? '' : '/' +\n"
             "             id.textContent));\n"
             "    document.body.setAttribute('data-drive', log.join(' '));\n"
             "  }\n"
             "  window.addEventListener('load', function () {\n"
             "    when(function () { return status() === 'empty'; }, function () {\n"
             "      note('start');\n"
             "      el('paste').value = '  %s\\n';\n"
             "      el('paste-form').requestSubmit();\n"
             "      when(function () { return status() !== 'empty'; }, function () {\n"
             "        note('pasted');\n"
             "        location.hash = '%s';\n"
             "        when(function () { return status() !== 'valid'; }, function () {\n"
             "          note('followed');\n"
             "          location.hash = '%s';\n"
             "          when(function () { return status() !== 'expired'; }, function () {\n"
             "            note('cut');\n"
             "          });\n"
             "        });\n"
             "      });\n"
             "    });\n"
             "  });\n"
             "})();\n",
             mangled, strchr(expired, '#') + 1, cut);
    CK_CHECK(page_with_script("drive.html", "drive.js", script));
    snprintf(url, sizeof url, "file://%s/drive.html", page.dir);
    char *dom = browse(url, "damaged-link");
    CK_CHECK_CONTAINS(dom, "data-drive=\"start=empty pasted=valid/CK-7M2QX-D9RTA "
                           "followed=expired/CK-EXPRD-00003 cut=not-genuine\"");
    CK_CHECK_STR(attr(dom, "verdict", "data-reason"), "malformed");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "odd number of digits");
    check_band("damaged-link", RED);
    free(dom);
    free(valid);
    free(expired);
    free(mangled);
    free(cut);
}

/* ---- the page and cred/ reach the same verdict on odd tokens ---- */

/* The active secret key, from the seed "d" in the keyring file. */
static bool active_secret(unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    unsigned char seed[32], pk[crypto_sign_PUBLICKEYBYTES];
    size_t n = 0;
    json_error_t jerr;
    json_t *root = json_load_file(page.keyring, 0, &jerr);
    const char *d =
        json_string_value(json_object_get(json_array_get(json_object_get(root, "keys"), 0), "d"));
    bool ok = d &&
              sodium_base642bin(seed, sizeof seed, d, strlen(d), NULL, &n, NULL,
                                sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
              n == 32 && crypto_sign_seed_keypair(pk, sk, seed) == 0;
    json_decref(root);
    sodium_memzero(seed, sizeof seed);
    return ok;
}

/* header.payload signed with sk: any header and payload bytes, well-formed or not. */
static char *craft(const unsigned char *sk, const char *header, const char *payload, size_t plen)
{
    unsigned char sig[crypto_sign_BYTES];
    char *h = b64(header, strlen(header)), *p = b64(payload, plen);
    size_t n = strlen(h) + strlen(p) + 2;
    char *signing = malloc(n);
    snprintf(signing, n, "%s.%s", h, p);
    crypto_sign_detached(sig, NULL, (const unsigned char *)signing, strlen(signing), sk);
    char *s = b64(sig, sizeof sig);
    char *jws = malloc(n + strlen(s) + 1);
    sprintf(jws, "%s.%s", signing, s);
    free(h);
    free(p);
    free(s);
    free(signing);
    return jws;
}

/* Claims text from its parts; extra starts with a comma or is empty. */
static char *claims_text(const char *jti, int64_t iat, int64_t exp, const char *nam,
                         const char *dys, const char *hrs, const char *extra)
{
    char *out = malloc(8192);
    snprintf(out, 8192,
             "{\"iss\":\"https://cert.example.org\",\"jti\":\"%s\",\"iat\":%lld,\"exp\":%lld,"
             "\"nam\":%s,\"crs\":\"CSPO\",\"trn\":\"Jo\",\"dys\":%s,\"hrs\":%s%s}",
             jti, (long long)iat, (long long)exp, nam, dys, hrs, extra);
    return out;
}

#define NCRAFT 96

static struct {
    size_t n;
    const char *label[NCRAFT];
    char *jws[NCRAFT];
} crafted;

static void add(const char *label, char *jws)
{
    if (crafted.n < NCRAFT && jws) {
        crafted.label[crafted.n] = label;
        crafted.jws[crafted.n++] = jws;
    } else {
        free(jws);
    }
}

/* A certificate whose claims are the usual ones except for what the arguments change. */
static void add_claims(const unsigned char *sk, const char *label, const char *jti, int64_t iat,
                       int64_t exp, const char *nam, const char *dys, const char *hrs,
                       const char *extra)
{
    char header[160];
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}",
             ck_cred_keyring_kid(page.kr));
    char *p = claims_text(jti, iat, exp, nam, dys, hrs, extra);
    add(label, craft(sk, header, p, strlen(p)));
    free(p);
}

static void add_header(const unsigned char *sk, const char *label, const char *header_fmt)
{
    char header[300];
    snprintf(header, sizeof header, header_fmt, ck_cred_keyring_kid(page.kr));
    const int64_t now = page.now;
    char *p = claims_text("CK-HDR", now - HOUR, now + YEAR, "\"Hed\"", "[\"2026-03-10\"]", "8", "");
    add(label, craft(sk, header, p, strlen(p)));
    free(p);
}

static void add_payload(const unsigned char *sk, const char *label, const char *payload, size_t len)
{
    char header[160];
    snprintf(header, sizeof header, "{\"alg\":\"EdDSA\",\"kid\":\"%s\"}",
             ck_cred_keyring_kid(page.kr));
    add(label, craft(sk, header, payload, len));
}

static void make_crafted(const unsigned char *sk)
{
    const int64_t now = page.now, iat = now - HOUR, exp = now + YEAR;
    const char *d1 = "[\"2026-03-10\"]", *nam = "\"Ada\"";
    char long_name[512], max_name[512], many_days[400], deep[600], *p;

    add_claims(sk, "plain", "CK-OK-1", iat, exp, nam, d1, "16", "");
    add_claims(sk, "escapes", "CK-OK-2", iat, exp, "\"Z\\u00f6e \\\"Q\\\" \\/ \\ud83d\\ude00\"", d1,
               "16", ",\"loc\":\"\",\"tcr\":\"\"");
    add_claims(sk, "no name", "CK-BAD-1", iat, exp, "\"\"", d1, "16", "");
    add_claims(sk, "bell in name", "CK-BAD-2", iat, exp, "\"A\\u0007\"", d1, "16", "");
    add_claims(sk, "C1 in name", "CK-BAD-3", iat, exp, "\"A\\u0085\"", d1, "16", "");
    add_claims(sk, "NUL in name", "CK-BAD-4", iat, exp, "\"A\\u0000\"", d1, "16", "");
    add_claims(sk, "lone surrogate", "CK-BAD-5", iat, exp, "\"A\\ud800\"", d1, "16", "");
    strcpy(max_name, "\"");
    for (int i = 0; i < 100; i++)
        strcat(max_name, "\xc3\xa9"); /* 200 bytes */
    strcpy(long_name, max_name);
    strcat(max_name, "\"");
    strcat(long_name, "a\"");
    add_claims(sk, "200-byte name", "CK-OK-3", iat, exp, max_name, d1, "16", "");
    add_claims(sk, "201-byte name", "CK-BAD-6", iat, exp, long_name, d1, "16", "");
    add_claims(sk, "space in id", "CK BAD", iat, exp, nam, d1, "16", "");
    add_claims(sk, "65-char id",
               "CK-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", iat, exp, nam,
               d1, "16", "");
    add_claims(sk, "64-char id", "CK-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
               iat, exp, nam, d1, "16", "");
    add_claims(sk, "exp = iat", "CK-BAD-7", iat, iat, nam, d1, "16", "");
    add_claims(sk, "dates unsorted", "CK-BAD-8", iat, exp, nam, "[\"2026-03-11\",\"2026-03-10\"]",
               "16", "");
    add_claims(sk, "date repeated", "CK-BAD-9", iat, exp, nam, "[\"2026-03-10\",\"2026-03-10\"]",
               "16", "");
    add_claims(sk, "29 Feb 2025", "CK-BAD-10", iat, exp, nam, "[\"2025-02-29\"]", "16", "");
    add_claims(sk, "29 Feb 2024", "CK-OK-4", iat, exp, nam, "[\"2024-02-29\"]", "16", "");
    add_claims(sk, "year 1899", "CK-BAD-11", iat, exp, nam, "[\"1899-12-31\"]", "16", "");
    add_claims(sk, "no dates", "CK-BAD-12", iat, exp, nam, "[]", "16", "");
    strcpy(many_days, "[");
    for (int i = 1; i <= 15; i++)
        sprintf(many_days + strlen(many_days), "%s\"2026-03-%02d\"", i > 1 ? "," : "", i);
    strcat(many_days, "]");
    add_claims(sk, "15 dates", "CK-BAD-13", iat, exp, nam, many_days, "16", "");
    add_claims(sk, "hours 0", "CK-BAD-14", iat, exp, nam, d1, "0", "");
    add_claims(sk, "hours as text", "CK-BAD-15", iat, exp, nam, d1, "\"16\"", "");
    /* Less than a station signs, and the least it does (tests/fuzz/token.c). */
    add_claims(sk, "hours 1e-3", "CK-BAD-20", iat, exp, nam, d1, "1e-3", "");
    add_claims(sk, "hours 0.005", "CK-OK-5", iat, exp, nam, d1, "0.005", "");
    add_claims(sk, "hours 10000.5", "CK-BAD-16", iat, exp, nam, d1, "10000.5", "");
    add_claims(sk, "location a number", "CK-BAD-17", iat, exp, nam, d1, "16", ",\"loc\":5");
    add_claims(sk, "huge integer", "CK-BAD-18", iat, exp, nam, d1, "16",
               ",\"big\":99999999999999999999");
    add_claims(sk, "huge real", "CK-BAD-19", iat, exp, nam, d1, "16", ",\"big\":1e400");
    strcpy(deep, ",\"deep\":");
    for (int i = 0; i < 100; i++)
        strcat(deep, "[");
    for (int i = 0; i < 100; i++)
        strcat(deep, "]");
    add_claims(sk, "deep nesting", "CK-OK-6", iat, exp, nam, d1, "16", deep);
    add_claims(sk, "expired", "CK-EXP-1", now - 3 * YEAR, now - YEAR, nam, d1, "16", "");
    add_claims(sk, "within clock skew", "CK-OK-7", now + 200, exp, nam, d1, "16", "");
    add_claims(sk, "beyond clock skew", "CK-FUT-1", now + 400, exp, nam, d1, "16", "");
    add_claims(sk, "revoked", "CK-REVKD-00002", iat, exp, nam, d1, "16", "");
    add_claims(sk, "revoked and expired", "CK-REVKD-00002", now - 3 * YEAR, now - YEAR, nam, d1,
               "16", "");

    p = claims_text("CK-REAL", iat, exp, nam, d1, "16", "");
    /* iat written as a real number is not whole seconds to jansson */
    char *r = strstr(p, "\"iat\":");
    char real_iat[8192];
    snprintf(real_iat, sizeof real_iat, "%.*s\"iat\":%lld.0%s", (int)(r - p), p, (long long)iat,
             strchr(r, ','));
    add_payload(sk, "iat a real", real_iat, strlen(real_iat));
    char dup[8192];
    snprintf(dup, sizeof dup, "%.*s,\"nam\":\"Eve\"}", (int)(strlen(p) - 1), p);
    add_payload(sk, "name twice", dup, strlen(dup));
    char no_name[8192];
    r = strstr(p, "\"nam\":");
    snprintf(no_name, sizeof no_name, "%.*s%s", (int)(r - p), p, strchr(r, ',') + 1);
    add_payload(sk, "name missing", no_name, strlen(no_name));
    char bad_utf8[8192];
    snprintf(bad_utf8, sizeof bad_utf8, "%.*s,\"x\":\"\xff\"}", (int)(strlen(p) - 1), p);
    add_payload(sk, "not UTF-8", bad_utf8, strlen(bad_utf8));
    char trailing[8192];
    snprintf(trailing, sizeof trailing, "%s x", p);
    add_payload(sk, "text after the object", trailing, strlen(trailing));
    char nul[8192];
    size_t pl = strlen(p);
    memcpy(nul, p, pl);
    nul[pl] = '\0';
    nul[pl + 1] = ' ';
    add_payload(sk, "NUL after the object", nul, pl + 2);
    add_payload(sk, "an array", "[1,2]", 5);
    char bom[8192];
    snprintf(bom, sizeof bom, "\xef\xbb\xbf%s", p);
    add_payload(sk, "byte order mark", bom, strlen(bom));

    add_header(sk, "typ JWT", "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"JWT\"}");
    add_header(sk, "typ of a list", "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"ck-rl+jwt\"}");
    add_header(sk, "typ jwt", "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"jwt\"}");
    add_header(sk, "typ a number", "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":5}");
    add_header(sk, "typ null", "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":null}");
    add_header(sk, "field x5u", "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"x5u\":\"https://e.vil\"}");
    add_header(sk, "alg twice", "{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"kid\":\"%s\"}");
    add_header(sk, "alg eddsa", "{\"alg\":\"eddsa\",\"kid\":\"%s\"}");
    add_header(sk, "alg HS256", "{\"alg\":\"HS256\",\"kid\":\"%s\"}");
    add_header(sk, "alg a number", "{\"alg\":5,\"kid\":\"%s\"}");
    add_header(sk, "alg with NUL", "{\"alg\":\"EdDSA\\u0000\",\"kid\":\"%s\"}");
    add_header(sk, "no alg", "{\"kid\":\"%s\"}");
    add_header(sk, "no kid", "{\"alg\":\"EdDSA\"}%.0s");
    add_header(sk, "short kid", "{\"alg\":\"EdDSA\",\"kid\":\"short%.0s\"}");
    add_header(sk, "kid with a long name", "{\"alg\":\"EdDSA\",\"kid\":\"%.42s\\u00e9\"}");
    add_header(sk, "header an array", "[\"%s\"]");
    add_header(sk, "header with a BOM", "\xef\xbb\xbf{\"alg\":\"EdDSA\",\"kid\":\"%s\"}");

    /* The usual token with its signature mangled, or made by a key that is not the kid's. */
    char *base = strdup(crafted.jws[0]);
    size_t bl = strlen(base);
    char *noncanon = strdup(base);
    noncanon[bl - 1] = noncanon[bl - 1] == 'A' ? 'B' : 'A'; /* unused low bits set */
    add("signature not canonical", noncanon);
    char *cut = strdup(base);
    cut[bl - 2] = '\0';
    add("signature 63 bytes", cut);
    unsigned char other[crypto_sign_SECRETKEYBYTES], other_pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(other_pk, other);
    add_claims(other, "signed by a stranger, our kid", "CK-STR-1", iat, exp, nam, d1, "16", "");
    char *payload_hdr = strdup(base);
    char *dot = strchr(payload_hdr, '.');
    dot[3] = dot[3] == 'A' ? 'B' : 'A';
    add("payload altered", payload_hdr);
    free(base);
    free(p);
}

/* Expected page status and reason for a cred/ verdict. */
static const char *page_status(ck_cred_status s)
{
    switch (s) {
    case CK_CRED_VALID: return "valid";
    case CK_CRED_NOT_YET_VALID: return "not-yet-valid";
    case CK_CRED_EXPIRED: return "expired";
    case CK_CRED_REVOKED: return "revoked";
    default: return "not-genuine";
    }
}

static const char *page_reason(ck_cred_status s)
{
    switch (s) {
    case CK_CRED_MALFORMED: return "malformed";
    case CK_CRED_BAD_ALG: return "bad-alg";
    case CK_CRED_UNKNOWN_KEY: return "unknown-key";
    case CK_CRED_BAD_SIGNATURE: return "bad-signature";
    default: return "";
    }
}

/* Text of a dumped DOM element, with the serialiser's entities undone (static buffer). */
static const char *unescaped(const char *text)
{
    static char buf[65536];
    size_t j = 0;
    for (const char *p = text; *p && j + 1 < sizeof buf; p++) {
        const char *ents[][2] = {
            {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", "\xc2\xa0"}};
        bool hit = false;
        for (size_t k = 0; k < 4 && !hit; k++)
            if (strncmp(p, ents[k][0], strlen(ents[k][0])) == 0) {
                size_t n = strlen(ents[k][1]);
                if (j + n >= sizeof buf)
                    break;
                memcpy(buf + j, ents[k][1], n);
                j += n;
                p += strlen(ents[k][0]) - 1;
                hit = true;
            }
        if (!hit)
            buf[j++] = *p;
    }
    buf[j] = '\0';
    return buf;
}

/* Every crafted token through cred/ and through the page, in one browser run: the same
 * verdict, the same reason for a refusal, the same holder name for a signed certificate. */
static void same_verdicts_as_cred(void)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    ck_cred_keyset *ks = NULL;
    ck_cred_rl *rl = NULL;
    ck_err err = {0};
    char *script = NULL, *dom = NULL, url[8192];
    json_t *log = NULL;
    if (!setup())
        return;
    if (!active_secret(sk)) {
        ck_test_fail(__FILE__, __LINE__, "cannot read the seed from %s", page.keyring);
        return;
    }
    make_crafted(sk);
    sodium_memzero(sk, sizeof sk);
    /* The certificates signed the ordinary way, the one by the retired key among them. */
    add("valid", strdup(page.jws_valid));
    add("signed with the retired key", strdup(page.jws_retired));
    add("revoked", strdup(page.jws_revoked));
    add("expired", strdup(page.jws_expired));
    add("dated in the future", strdup(page.jws_future));
    add("unknown key", strdup(page.jws_unknown));
    if (ck_cred_keyring_keyset(&ks, page.kr, &err) != CK_OK ||
        ck_cred_rl_load(&rl, page.rl, strlen(page.rl), ks, &err) != CK_OK) {
        ck_test_fail(__FILE__, __LINE__, "keys: %s", err.msg);
        goto cleanup;
    }
    size_t cap = 16384 + crafted.n * 4200, used = 0;
    script = malloc(cap);
    used += (size_t)snprintf(script + used, cap - used,
                             "/* Test driver: check each token in turn through the fragment. */\n"
                             "(function () {\n  var tokens = [\n");
    for (size_t i = 0; i < crafted.n; i++)
        used += (size_t)snprintf(script + used, cap - used, "    '%s',\n", crafted.jws[i]);
    snprintf(script + used, cap - used,
             "  ];\n"
             "  var log = [], i = 0;\n"
             "  function el(id) { return document.getElementById(id); }\n"
             "  function status() { return el('verdict').getAttribute('data-status'); }\n"
             "  function when(pred, then) {\n"
             "    (function poll() { if (pred()) then(); else setTimeout(poll, 5); })();\n"
             "  }\n"
             "  function next() {\n"
             "    if (i === tokens.length) {\n"
             "      var pre = document.createElement('pre');\n"
             "      pre.id = 'drive-log';\n"
             "      pre.textContent = JSON.stringify(log);\n"
             "      document.body.appendChild(pre);\n"
             "      return;\n"
             "    }\n"
             "    location.hash = tokens[i++];\n"
             "    when(function () { return status() !== 'empty'; }, function () {\n"
             "      log.push({status: status(),\n"
             "                reason: el('verdict').getAttribute('data-reason') || '',\n"
             "                detail: el('verdict-detail').textContent,\n"
             "                holder: el('details').hidden ? null : el('holder').textContent});\n"
             "      location.hash = '';\n"
             "      when(function () { return status() === 'empty'; }, next);\n"
             "    });\n"
             "  }\n"
             "  window.addEventListener('load', function () {\n"
             "    when(function () { return status() === 'empty'; }, next);\n"
             "  });\n"
             "})();\n");
    CK_CHECK(page_with_script("parity.html", "parity.js", script));
    snprintf(url, sizeof url, "file://%s/parity.html", page.dir);
    dom = browse(url, "parity");
    const char *at = dom ? strstr(dom, "<pre id=\"drive-log\">") : NULL;
    const char *end = at ? strstr(at, "</pre>") : NULL;
    if (!end) {
        ck_test_fail(__FILE__, __LINE__, "the driver did not finish");
        goto cleanup;
    }
    at += strlen("<pre id=\"drive-log\">");
    char *raw = strndup(at, (size_t)(end - at));
    json_error_t jerr;
    log = json_loads(unescaped(raw), 0, &jerr);
    free(raw);
    CK_CHECK_INT(json_array_size(log), crafted.n);
    size_t agreed = 0, refused = 0;
    for (size_t i = 0; i < crafted.n && i < json_array_size(log); i++) {
        ck_cred_verdict v;
        json_t *e = json_array_get(log, i);
        const char *got = json_string_value(json_object_get(e, "status"));
        const char *reason = json_string_value(json_object_get(e, "reason"));
        const char *detail = json_string_value(json_object_get(e, "detail"));
        const char *holder = json_string_value(json_object_get(e, "holder"));
        CK_CHECK_INT(ck_cred_token_verify(&v, crafted.jws[i], ks, rl, page.now, &err), CK_OK);
        char want_detail[400];
        snprintf(want_detail, sizeof want_detail, "Why: %s.", v.reason);
        bool same = got && strcmp(got, page_status(v.status)) == 0 && reason &&
                    strcmp(reason, page_reason(v.status)) == 0 &&
                    (!page_reason(v.status)[0] || (detail && strcmp(detail, want_detail) == 0)) &&
                    (v.has_claims ? holder && strcmp(holder, v.claims.name) == 0 : !holder);
        if (!same)
            ck_test_fail(__FILE__, __LINE__,
                         "\"%s\": cred says %s (%s), the page %s/%s (%s), holder %s",
                         crafted.label[i], ck_cred_status_name(v.status), v.reason, got ? got : "?",
                         reason ? reason : "?", detail ? detail : "?", holder ? holder : "none");
        agreed += same;
        refused += v.status != CK_CRED_VALID;
    }
    printf("page and cred/ agree on %zu of %zu crafted tokens (%zu refused)\n", agreed, crafted.n,
           refused);
cleanup:
    json_decref(log);
    free(dom);
    free(script);
    ck_cred_rl_free(rl);
    ck_cred_keyset_free(ks);
    for (size_t i = 0; i < crafted.n; i++)
        free(crafted.jws[i]);
}

/* ---- Languages: the browser's, or the switch's ---- */

/* "10. März 2026" and the other languages' ways of writing a date (the page's own words). */
static void lang_date(char *buf, size_t size, const char *lang, int64_t t)
{
    static const char *const de[] = {"Januar",    "Februar", "März",     "April",
                                     "Mai",       "Juni",    "Juli",     "August",
                                     "September", "Oktober", "November", "Dezember"};
    static const char *const pt[] = {"janeiro",  "fevereiro", "março",    "abril",
                                     "maio",     "junho",     "julho",    "agosto",
                                     "setembro", "outubro",   "novembro", "dezembro"};
    static const char *const fr[] = {"janvier",   "février", "mars",     "avril",
                                     "mai",       "juin",    "juillet",  "août",
                                     "septembre", "octobre", "novembre", "décembre"};
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    if (strcmp(lang, "de") == 0)
        snprintf(buf, size, "%d. %s %d", tm.tm_mday, de[tm.tm_mon], tm.tm_year + 1900);
    else if (strcmp(lang, "pt-BR") == 0)
        snprintf(buf, size, "%d de %s de %d", tm.tm_mday, pt[tm.tm_mon], tm.tm_year + 1900);
    else
        snprintf(buf, size, "%d %s %d", tm.tm_mday, fr[tm.tm_mon], tm.tm_year + 1900);
}

/* Open jws's QR link in a browser set to browser_lang (NULL: Chromium's own), with ?lang=
 * switch_lang when that is not NULL (what the page's switch does). */
static char *open_in(const char *jws, const char *name, const char *browser_lang,
                     const char *switch_lang, const char *want)
{
    char *link = qr_link(jws), url[8400];
    if (!link)
        return NULL;
    const char *hash = strchr(link, '#');
    if (switch_lang)
        snprintf(url, sizeof url, "%.*s?lang=%s%s", (int)(hash - link), link, switch_lang, hash);
    else
        snprintf(url, sizeof url, "%s", link);
    free(link);
    char *dom = browse_in(url, name, browser_lang);
    CK_CHECK_STR(attr(dom, "verdict", "data-status"), want);
    return dom;
}

/* The dt of a fact row (static buffer). */
static const char *label(const char *dom, const char *name)
{
    char marker[64];
    snprintf(marker, sizeof marker, "data-field=\"%s\"", name);
    return text_after(dom, marker, "dt");
}

static void german_browser(void)
{
    char t[64], want[160];
    if (!setup())
        return;
    char *dom = open_in(page.jws_valid, "de-valid", "de", NULL, "valid");
    CK_CHECK_CONTAINS(dom, "<html lang=\"de\"");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Gültig");
    CK_CHECK_STR(by_id(dom, "verdict-text"), "Echtes Zertifikat von Agile Academy Berlin.");
    CK_CHECK_STR(by_id(dom, "details-note"), "Das Zertifikat besagt:");
    CK_CHECK_STR(label(dom, "course"), "Kurs");
    CK_CHECK_STR(label(dom, "valid-until"), "Gültig bis");
    CK_CHECK_STR(field(dom, "dates"), "10. und 11. März 2026");
    /* Names and titles as signed. */
    CK_CHECK_STR(by_id(dom, "holder"), HOLDER_DOM);
    CK_CHECK_STR(field(dom, "course"), "Certified Scrum Product Owner® (CSPO)");
    lang_date(t, sizeof t, "de", page.now + 2 * YEAR);
    snprintf(want, sizeof want, "%s, ", t);
    CK_CHECK_CONTAINS(field(dom, "valid-until"), want);
    CK_CHECK_CONTAINS(by_id(dom, "pinned"), "widerruft 2 Zertifikate.");
    CK_CHECK_CONTAINS(dom, "<title>Zertifikatsprüfung</title>");
    check_band("de-valid", GREEN);
    free(dom);
}

static void portuguese_browser(void)
{
    char t[64], want[160];
    if (!setup())
        return;
    char *dom = open_in(page.jws_revoked, "pt-revoked", "pt-BR", NULL, "revoked");
    CK_CHECK_CONTAINS(dom, "<html lang=\"pt-BR\"");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Revogado");
    lang_date(t, sizeof t, "pt-BR", page.revoked_at);
    snprintf(want, sizeof want, "O emissor revogou este certificado em %s.", t);
    CK_CHECK_STR(by_id(dom, "verdict-text"), want);
    CK_CHECK_STR(by_id(dom, "verdict-detail"), "Não o aceite.");
    CK_CHECK_STR(field(dom, "dates"), "10 e 11 de março de 2026");
    CK_CHECK_STR(field(dom, "hours"), "16");
    /* The switch shows the language chosen, and offers each by its own name. */
    CK_CHECK_CONTAINS(dom, ">Português</option>");
    CK_CHECK_CONTAINS(dom, ">Deutsch</option>");
    CK_CHECK_CONTAINS(dom, ">Français</option>");
    CK_CHECK_CONTAINS(dom, ">Español</option>");
    CK_CHECK_CONTAINS(dom, ">English</option>");
    check_band("pt-revoked", RED);
    free(dom);
}

/* The switch (?lang=) wins over the browser's language. */
static void switched_language(void)
{
    char t[64], want[160];
    if (!setup())
        return;
    char *dom = open_in(page.jws_expired, "fr-expired", "de", "fr", "expired");
    CK_CHECK_CONTAINS(dom, "<html lang=\"fr\"");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "Expiré");
    lang_date(t, sizeof t, "fr", page.now - YEAR);
    snprintf(want, sizeof want, "Authentique, mais il a expiré le %s.", t);
    CK_CHECK_STR(by_id(dom, "verdict-text"), want);
    free(dom);
    dom = open_in(page.jws_unknown, "es-unknown", NULL, "es", "not-genuine");
    CK_CHECK_STR(by_id(dom, "verdict-title"), "No auténtico");
    CK_CHECK_STR(by_id(dom, "verdict-text"), "No se firmó con ninguna de las claves del emisor.");
    CK_CHECK_CONTAINS(by_id(dom, "verdict-detail"), "Motivo (en inglés): the token was signed");
    free(dom);
}

/* Every language has every one of the page's sentences, with the same {blanks}, and no
 * sentence is left in English: checked on verify.js's table itself (node). */
static void every_verdict_in_every_language(void)
{
    ck_proc p = {0};
    const char *probe[] = {"node", "--version", NULL};
    if (ck_test_exec(&p, NULL, probe) != 0) {
        printf("skipped: node is needed to read the page's words (scripts/deps test)\n");
        ck_proc_clear(&p);
        return;
    }
    char js[4200];
    snprintf(js, sizeof js, "%s/assets/verifier/verify.js", ck_test_source_dir());
    static const char check[] =
        "const src = require('fs').readFileSync(process.argv[1], 'utf8');"
        "const at = src.indexOf('var WORDS = {'), end = src.indexOf('\\n    };\\n', at);"
        "const W = eval('(' + src.slice(at + 12, end + 6) + ')');"
        "const blanks = s => (String(s).match(/\\{[a-z]+\\}/g) || []).sort().join();"
        /* Words some language writes as English does ("Trainer", "Date"). */
        "const same = ['trainer', 'date', 'dates', 'time', 'months'];"
        "let bad = [];"
        "for (const l of ['de', 'fr', 'es', 'pt-BR']) {"
        "  for (const k of Object.keys(W.en)) {"
        "    if (!(k in W[l]) || !String(W[l][k]).trim()) bad.push(l + ': no ' + k);"
        "    else if (blanks(W[l][k]) !== blanks(W.en[k])) bad.push(l + ': ' + k + ' blanks');"
        "    else if (W[l][k] === W.en[k] && !same.includes(k)) bad.push(l + ': ' + k + ' is "
        "English');"
        "  }"
        "  for (const k of Object.keys(W[l])) if (!(k in W.en) && typeof W[l][k] !== 'boolean')"
        "    bad.push(l + ': stray ' + k);"
        "}"
        "console.log(bad.length ? bad.join('\\n') : 'complete: ' + Object.keys(W.en).length);";
    const char *argv[] = {"node", "-e", check, js, NULL};
    ck_test_exec(&p, NULL, argv);
    CK_CHECK_INT(p.status, 0);
    CK_CHECK_CONTAINS(p.out, "complete: ");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    if (!find_chromium())
        return CK_TEST_SKIP;
    CK_RUN(valid_certificate);
    CK_RUN(altered_certificate);
    CK_RUN(revoked_certificate);
    CK_RUN(expired_certificate);
    CK_RUN(unknown_key);
    CK_RUN(alg_none);
    CK_RUN(no_certificate);
    CK_RUN(browser_without_ed25519);
    CK_RUN(damaged_revocation_list);
    CK_RUN(paste_and_follow_links);
    CK_RUN(same_verdicts_as_cred);
    CK_RUN(german_browser);
    CK_RUN(portuguese_browser);
    CK_RUN(switched_language);
    CK_RUN(every_verdict_in_every_language);
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
