/* Certificate text checks (UTF-8, control characters, what the fonts can draw) and the font
 * set: opening, broken files, two sets at once, subsets that keep every glyph they were asked
 * for and nothing else (HarfBuzz reads them back). */
#include <stdlib.h>

#include <hb.h>

#include "ck_test.h"
#include "pdf/cert_pdf.h"
#include "pdf/fonts.h"
#include "pdf/pdf_internal.h"

static const char *fonts_dir(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", ck_test_source_dir());
    return dir;
}

/* The font set every test here shares, opened in main(). */
static ck_pdf_fonts *FONTS;

static ck_rc check_text(const char *field, const char *text, ck_err *err)
{
    return ck_pdf_fonts_check_text(FONTS, field, text, err);
}

static void latin_greek_cyrillic_pass(void)
{
    const char *names[] = {
        "Zoë Ångström-Núñez",
        "Αλέξανδρος Παπαδόπουλος",
        "Анна Кузнецова",
        "Łukasz Żółć",
        "Đặng Thị Thu Hương",
        "Søren Kierkegaard",
        "İsmail Çağlar Şahin",
        "Ģirts Ķēniņš",
        "Ὀδυσσεύς",
        "Ђорђе Јовановић",
        "O'Brien – d’Arcy",
        "José María Aznar López",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_err err = {0};
        ck_rc rc = check_text("The name", names[i], &err);
        if (rc != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "%s refused: %s", names[i], err.msg);
    }
}

/* Chinese, Japanese and Korean come from the system's fallback faces (fontconfig finds
 * fonts-droid-fallback and fonts-nanum, which scripts/deps installs). */
static void cjk_drawn_by_fallbacks(void)
{
    const char *names[] = {"李小龍", "山田 太郎", "やまだ タロウ", "김민준", "Wang 王小明"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_err err = {0};
        if (check_text("The name", names[i], &err) != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "%s refused: %s", names[i], err.msg);
    }
    /* The kiosk is told the same faces; each is cut to the few characters a name needs, not
     * embedded whole (DroidSansFallbackFull.ttf has 4 MB). */
    const char *paths[4];
    int indexes[4];
    size_t nfall = ck_pdf_fonts_fallbacks(FONTS, paths, indexes, 4);
    CK_CHECK(nfall >= 1);
    static const uint32_t cps[] = {0x674E, 0x5C71, 0x7530, 0xAE40};
    for (int face = CK_PDF_ROLE_COUNT; face < ck_pdf_fonts_face_count(FONTS); face++) {
        unsigned char *ttf = NULL;
        size_t len = 0;
        ck_err err = {0};
        CK_CHECK_INT(ck_pdf_fonts_subset(&ttf, &len, FONTS, face, cps, 4, &err), CK_OK);
        if (len > 8000)
            ck_test_fail(__FILE__, __LINE__, "%s: a subset of 4 characters has %zu bytes",
                         ck_pdf_fonts_face_file(FONTS, face), len);
        free(ttf);
    }
}

static void ethiopic_and_emoji_refused(void)
{
    ck_err err = {0};
    CK_CHECK_INT(check_text("The name", "Abebe አበበ ቢቂላ", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The name");
    CK_CHECK_CONTAINS(err.msg, "U+12A0");
    CK_CHECK_CONTAINS(err.msg, "U+1260");
    CK_CHECK_CONTAINS(err.msg, "U+1262");
    CK_CHECK_CONTAINS(err.msg, "no certificate font on this station can draw");

    CK_CHECK_INT(check_text("The name", "Zoë 😀", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+1F600");
    /* A character repeated is listed once; many are summarised. */
    CK_CHECK_INT(check_text("X", "አአአ", &err), CK_EINVAL);
    CK_CHECK_NOT_CONTAINS(err.msg, "U+12A0 \"አ\", U+12A0");
    CK_CHECK_INT(check_text("X", "ሀሁሂሃሄህሆለሉሊ", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "and 4 more");
    /* Arabic and Hebrew are not in the certificate fonts either. */
    CK_CHECK_INT(check_text("X", "שלום", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+05E9");
}

static void bad_utf8_refused(void)
{
    ck_err err = {0};
    const char *bad[] = {"Zo\xC3", "Zo\xC0\xAF", "\xED\xA0\x80x", "Ann\xFF", "\xF4\x90\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CK_CHECK_INT(check_text("The name", bad[i], &err), CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, "not valid UTF-8");
    }
    CK_CHECK_INT(check_text("The name", "Ann\xFF", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "byte 0xFF at byte 4");
}

static void controls_refused(void)
{
    ck_err err = {0};
    CK_CHECK_INT(check_text("The name", "Anna\nKuz", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+000A at character 5");
    CK_CHECK_INT(check_text("The name", "Anna\tK", &err), CK_EINVAL);
    /* Invisible format characters: a bidi override, a soft hyphen, a zero-width space. */
    CK_CHECK_INT(check_text("The name", "Anna\u202Ex", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+202E");
    CK_CHECK_INT(check_text("The name", "An\u00ADna", &err), CK_EINVAL);
    CK_CHECK_INT(check_text("The name", "An\u200Bna", &err), CK_EINVAL);
}

static void empty_and_missing(void)
{
    ck_err err = {0};
    CK_CHECK_INT(check_text("The name", "   ", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The name is empty");
    CK_CHECK_INT(check_text("The name", NULL, &err), CK_EINVAL);
    CK_CHECK_INT(ck_pdf_fonts_check_text(NULL, "The name", "Anna", &err), CK_EINVAL);
    ck_pdf_fonts *f = NULL;
    CK_CHECK_INT(ck_pdf_fonts_open(&f, "/nonexistent/fonts", &err), CK_EIO);
    CK_CHECK(f == NULL);
    CK_CHECK_CONTAINS(err.msg, "/nonexistent/fonts/NotoSerif-Regular.ttf");
    CK_CHECK_CONTAINS(err.msg, "No such file");
    CK_CHECK_INT(ck_pdf_fonts_open(&f, NULL, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "fonts folder");
    ck_pdf_fonts_free(NULL);
}

/* A font file that is not a font is named. */
static void broken_font_named(void)
{
    ck_err err = {0};
    char dir[4200], cmd[8400];
    snprintf(dir, sizeof dir, "%s", ck_test_path("fonts"));
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/*.ttf '%s'/", dir, fonts_dir(), dir);
    CK_CHECK_INT(system(cmd), 0);
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/NotoSans-Bold.ttf", dir);
    CK_CHECK(ck_test_write_file(bad, "this is not a font\n"));
    ck_pdf_fonts *f = NULL;
    CK_CHECK_INT(ck_pdf_fonts_open(&f, dir, &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "NotoSans-Bold.ttf is not a TrueType font");
    CK_CHECK(f == NULL);
}

/* Decomposed input (as some keyboards and macOS produce) becomes NFC; spaces collapse. */
static void normalised(void)
{
    ck_err err = {0};
    char *out = NULL;
    /* "Zoe" + U+0308, "A" + U+030A: precomposed after NFC. */
    CK_CHECK_INT(ck_pdf_text_normalize(&out, "The name",
                                       "  Zoe\xCC\x88   A\xCC\x8Angstro\xCC\x88m ", FONTS,
                                       CK_PDF_ALL_ROLES, &err),
                 CK_OK);
    CK_CHECK_STR(out, "Zoë Ångström");
    free(out);
}

/* Two font sets open at once (another copy of the folder) answer alike, and freeing one leaves
 * the other working. */
static void two_sets_at_once(void)
{
    char dir[4200], cmd[8400];
    snprintf(dir, sizeof dir, "%s", ck_test_path("copy"));
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/*.ttf '%s'/", dir, fonts_dir(), dir);
    CK_CHECK_INT(system(cmd), 0);
    ck_pdf_fonts *other = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_pdf_fonts_open(&other, dir, &err), CK_OK);
    if (!other)
        return;
    const char *text = "Γιώργος Ångström – Анна";
    for (int r = 0; r < CK_PDF_ROLE_COUNT; r++)
        CK_CHECK(ck_pdf_fonts_width(other, (ck_pdf_role)r, text, strlen(text)) ==
                 ck_pdf_fonts_width(FONTS, (ck_pdf_role)r, text, strlen(text)));
    CK_CHECK_INT(ck_pdf_fonts_check_text(other, "The name", "አ", &err), CK_EINVAL);
    ck_pdf_fonts_free(other);
    CK_CHECK_INT(check_text("The name", text, &err), CK_OK);
}

/* A subset of each face holds a glyph for every character asked for, with the original's
 * advance and outline box, and no glyph for a character not asked for. */
static void subsets_keep_what_was_asked(void)
{
    static const uint32_t cps[] = {' ',  '-',   'A',   'Z',   'a',   'e',   0xC5,   0xEB,
                                   0xF6, 0x393, 0x3B9, 0x3CE, 0x410, 0x43D, 0x2013, 0x2019};
    const size_t n = sizeof cps / sizeof cps[0];
    /* The four faces of fonts/ (the fallbacks come after them). */
    for (int face = 0; face < CK_PDF_ROLE_COUNT; face++) {
        unsigned char *ttf = NULL;
        size_t len = 0;
        ck_err err = {0};
        CK_CHECK_INT(ck_pdf_fonts_subset(&ttf, &len, FONTS, face, cps, n, &err), CK_OK);
        if (!ttf)
            continue;
        char path[4300];
        snprintf(path, sizeof path, "%s/fonts/%s", ck_test_source_dir(),
                 ck_pdf_fonts_face_file(FONTS, face));
        hb_blob_t *sb =
            hb_blob_create((const char *)ttf, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_blob_t *ob = hb_blob_create_from_file(path);
        hb_face_t *sf = hb_face_create(sb, 0), *of = hb_face_create(ob, 0);
        hb_font_t *sub = hb_font_create(sf), *orig = hb_font_create(of);
        CK_CHECK(len < 12000);
        /* .notdef and the parts of accented letters come along; the face has thousands. */
        if (hb_face_get_glyph_count(sf) > 2 * n)
            ck_test_fail(__FILE__, __LINE__, "%s: %u glyphs for %zu characters",
                         ck_pdf_fonts_face_file(FONTS, face), hb_face_get_glyph_count(sf), n);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t sg = 0, og = 0;
            hb_glyph_extents_t se = {0}, oe = {0};
            bool has = hb_font_get_nominal_glyph(sub, cps[i], &sg);
            hb_font_get_nominal_glyph(orig, cps[i], &og);
            hb_font_get_glyph_extents(sub, sg, &se);
            hb_font_get_glyph_extents(orig, og, &oe);
            if (!has ||
                hb_font_get_glyph_h_advance(sub, sg) != hb_font_get_glyph_h_advance(orig, og) ||
                memcmp(&se, &oe, sizeof se) != 0)
                ck_test_fail(__FILE__, __LINE__, "%s: U+%04X lost or changed in the subset",
                             ck_pdf_fonts_face_file(FONTS, face), (unsigned)cps[i]);
        }
        hb_codepoint_t g;
        CK_CHECK(!hb_font_get_nominal_glyph(sub, 'Q', &g));
        CK_CHECK(!hb_font_get_nominal_glyph(sub, 0x3A9, &g));
        hb_font_destroy(sub);
        hb_font_destroy(orig);
        hb_face_destroy(sf);
        hb_face_destroy(of);
        hb_blob_destroy(sb);
        hb_blob_destroy(ob);
        free(ttf);
    }
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    ck_err err = {0};
    if (ck_pdf_fonts_open(&FONTS, fonts_dir(), &err) != CK_OK) {
        fprintf(stderr, "cannot open the fonts: %s\n", err.msg);
        return 1;
    }
    CK_RUN(latin_greek_cyrillic_pass);
    CK_RUN(cjk_drawn_by_fallbacks);
    CK_RUN(ethiopic_and_emoji_refused);
    CK_RUN(bad_utf8_refused);
    CK_RUN(controls_refused);
    CK_RUN(empty_and_missing);
    CK_RUN(broken_font_named);
    CK_RUN(normalised);
    CK_RUN(two_sets_at_once);
    CK_RUN(subsets_keep_what_was_asked);
    ck_pdf_fonts_free(FONTS);
    return ck_test_done();
}
