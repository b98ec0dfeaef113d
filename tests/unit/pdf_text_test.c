/* Certificate text checks: UTF-8, control characters, what the fonts can draw (FreeType). */
#include <stdlib.h>

#include "ck_test.h"
#include "pdf/cert_pdf.h"
#include "pdf/pdf_internal.h"

static const char *fonts(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", ck_test_source_dir());
    return dir;
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
        ck_rc rc = ck_cert_pdf_check_text(fonts(), "The name", names[i], &err);
        if (rc != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "%s refused: %s", names[i], err.msg);
    }
}

static void cjk_and_emoji_refused(void)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "Wang 王小明", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The name");
    CK_CHECK_CONTAINS(err.msg, "U+738B");
    CK_CHECK_CONTAINS(err.msg, "U+5C0F");
    CK_CHECK_CONTAINS(err.msg, "U+660E");
    CK_CHECK_CONTAINS(err.msg, "cannot draw");

    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "Zoë 😀", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+1F600");
    /* A character repeated is listed once; many are summarised. */
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "X", "中中中", &err), CK_EINVAL);
    CK_CHECK_NOT_CONTAINS(err.msg, "U+4E2D \"中\", U+4E2D");
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "X", "一二三四五六七八九十", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "and 4 more");
    /* Arabic and Hebrew are not in the certificate fonts either. */
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "X", "שלום", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+05E9");
}

static void bad_utf8_refused(void)
{
    ck_err err = {0};
    const char *bad[] = {"Zo\xC3", "Zo\xC0\xAF", "\xED\xA0\x80x", "Ann\xFF", "\xF4\x90\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", bad[i], &err), CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, "not valid UTF-8");
    }
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "Ann\xFF", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "byte 0xFF at byte 4");
}

static void controls_refused(void)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "Anna\nKuz", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+000A at character 5");
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "Anna\tK", &err), CK_EINVAL);
    /* Invisible format characters: a bidi override, a soft hyphen, a zero-width space. */
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "Anna\u202Ex", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "U+202E");
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "An\u00ADna", &err), CK_EINVAL);
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "An\u200Bna", &err), CK_EINVAL);
}

static void empty_and_missing(void)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", "   ", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The name is empty");
    CK_CHECK_INT(ck_cert_pdf_check_text(fonts(), "The name", NULL, &err), CK_EINVAL);
    CK_CHECK_INT(ck_cert_pdf_check_text("/nonexistent/fonts", "The name", "Anna", &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "/nonexistent/fonts/NotoSerif-Regular.ttf");
    CK_CHECK_CONTAINS(err.msg, "No such file");
    CK_CHECK_INT(ck_cert_pdf_check_text(NULL, "The name", "Anna", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "fonts folder");
}

/* A font file that is not a font is named. */
static void broken_font_named(void)
{
    ck_err err = {0};
    char dir[4200], cmd[8400];
    snprintf(dir, sizeof dir, "%s", ck_test_path("fonts"));
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/*.ttf '%s'/", dir, fonts(), dir);
    CK_CHECK_INT(system(cmd), 0);
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/NotoSans-Bold.ttf", dir);
    CK_CHECK(ck_test_write_file(bad, "this is not a font\n"));
    CK_CHECK_INT(ck_cert_pdf_check_text(dir, "The name", "Anna", &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "NotoSans-Bold.ttf is not a font");
}

/* Decomposed input (as some keyboards and macOS produce) becomes NFC; spaces collapse. */
static void normalised(void)
{
    ck_pdf_faces *faces = NULL;
    ck_err err = {0};
    char *out = NULL;
    CK_CHECK_INT(ck_pdf_faces_open(&faces, fonts(), &err), CK_OK);
    if (!faces)
        return;
    /* "Zoe" + U+0308, "A" + U+030A: precomposed after NFC. */
    CK_CHECK_INT(ck_pdf_text_normalize(&out, "The name",
                                       "  Zoe\xCC\x88   A\xCC\x8Angstro\xCC\x88m ", faces,
                                       CK_PDF_ALL_FONTS, &err),
                 CK_OK);
    CK_CHECK_STR(out, "Zoë Ångström");
    free(out);
    ck_pdf_faces_free(faces);
    ck_pdf_faces_free(NULL);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(latin_greek_cyrillic_pass);
    CK_RUN(cjk_and_emoji_refused);
    CK_RUN(bad_utf8_refused);
    CK_RUN(controls_refused);
    CK_RUN(empty_and_missing);
    CK_RUN(broken_font_named);
    CK_RUN(normalised);
    return ck_test_done();
}
