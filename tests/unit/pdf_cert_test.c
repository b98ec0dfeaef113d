/* The certificate PDF, read back with real tools: pdftoppm + zbarimg for the QR, pdftotext for
 * the text and its boxes, pdfinfo for metadata and paper, pdfimages for the images. */
#include <cairo.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "ck_test.h"
#include "pdf/cert_pdf.h"
#include "pdf/fonts.h"

#define MM (72.0 / 25.4)
#define CREATED 1741777200 /* 2025-03-12 11:00 UTC */

static const char *fonts_dir(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s/fonts", ck_test_source_dir());
    return dir;
}

/* The font set the certificates here are made with, opened once in main(). */
static ck_pdf_fonts *FONTS;

/* Digits as the SMART Health Cards scheme writes a JWS: two per character, code − 45. */
static void shc_digits(char *out, size_t chars, unsigned seed)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (size_t i = 0; i < chars; i++) {
        seed = seed * 1103515245u + 12345u;
        char c = (i % 97 == 96) ? '.' : b64[(seed >> 16) % 64];
        int v = c - 45;
        out[2 * i] = (char)('0' + v / 10);
        out[2 * i + 1] = (char)('0' + v % 10);
    }
    out[2 * chars] = '\0';
}

/* A realistic QR text: prefix + a 450-character token as 900 digits. */
static const char *qr_text(const char *prefix)
{
    static char buf[2][1100];
    static int next;
    char *b = buf[next++ % 2];
    size_t n = strlen(prefix);
    memcpy(b, prefix, n);
    shc_digits(b + n, 450, 42);
    return b;
}

static ck_cert_pdf sample(void)
{
    return (ck_cert_pdf){
        .holder_name = "Zoë Ångström-Núñez",
        .course_title = "Certified Scrum Product Owner®",
        .course_dates = "12–13 March 2025",
        .contact_hours = "16 contact hours",
        .location = "Berlin, Germany",
        .trainer_name = "Dr. Maria Schmidt",
        .trainer_credential = "Certified Scrum Trainer®",
        .certificate_id = "CK-2025-000042",
        .valid_until = "13 March 2027",
        .qr_text = qr_text("CKCERT:/"),
        .verify_line = "Scan the QR code or visit example.org/verify to check this certificate.",
        .fonts = FONTS,
        .created = CREATED,
    };
}

/* Run a tool; its stdout (caller frees) or NULL if it failed. */
static char *run(const char *const *argv)
{
    ck_proc p = {0};
    int st = ck_test_exec(&p, NULL, argv);
    if (st != 0) {
        ck_test_fail(__FILE__, __LINE__, "%s exited with %d: %s", argv[0], st, p.err);
        ck_proc_clear(&p);
        return NULL;
    }
    char *out = p.out;
    p.out = NULL;
    ck_proc_clear(&p);
    return out;
}

static bool write_pdf(const ck_cert_pdf *c, const char *path, ck_cert_pdf_result *res)
{
    ck_err err = {0};
    ck_rc rc = ck_cert_pdf_write(res, c, path, &err);
    if (rc != CK_OK)
        ck_test_fail(__FILE__, __LINE__, "writing %s: %s", path, err.msg);
    return rc == CK_OK;
}

/* Rasterise page 1 at dpi and decode the QR code with zbarimg. */
static char *scan(const char *pdf, int dpi)
{
    char res[16], prefix[4200], png[4300];
    snprintf(res, sizeof res, "%d", dpi);
    snprintf(prefix, sizeof prefix, "%s-%d", pdf, dpi);
    snprintf(png, sizeof png, "%s.png", prefix);
    const char *raster[] = {"pdftoppm", "-r", res, "-png", "-singlefile", pdf, prefix, NULL};
    free(run(raster));
    const char *zbar[] = {"zbarimg", "--raw", "-q", png, NULL};
    char *text = run(zbar);
    size_t n = text ? strlen(text) : 0;
    if (n && text[n - 1] == '\n')
        text[n - 1] = '\0';
    return text;
}

static void check_scans(const char *pdf, const char *expected)
{
    int dpis[] = {150, 300};
    for (size_t i = 0; i < 2; i++) {
        char *got = scan(pdf, dpis[i]);
        if (!got || strcmp(got, expected) != 0)
            ck_test_fail(__FILE__, __LINE__,
                         "QR at %d dpi decoded to \"%.60s…\" (%zu chars), "
                         "expected \"%.60s…\" (%zu chars)",
                         dpis[i], got ? got : "(nothing)", got ? strlen(got) : 0, expected,
                         strlen(expected));
        free(got);
    }
}

static void qr_scans_numeric_prefix(void)
{
    ck_cert_pdf c = sample();
    ck_cert_pdf_result res;
    const char *pdf = ck_test_path("cert.pdf");
    if (!write_pdf(&c, pdf, &res))
        return;
    printf("  QR v%d, %d modules, %d dots = %.3f mm, %d rectangles, %zu bytes\n", res.qr_version,
           res.qr_modules, res.qr_module_dots, res.qr_module_mm, res.qr_rects, res.size);
    CK_CHECK(res.qr_version >= 17 && res.qr_version <= 20);
    CK_CHECK(res.qr_module_dots >= 5);
    CK_CHECK(res.pdf == NULL);
    check_scans(pdf, c.qr_text);
}

static void qr_scans_url_prefix_letter(void)
{
    ck_cert_pdf c = sample();
    c.qr_text = qr_text("https://example.org/verify#");
    c.paper = CK_CERT_PDF_LETTER;
    const char *pdf = ck_test_path("cert.pdf");
    ck_cert_pdf_result res;
    if (write_pdf(&c, pdf, &res))
        check_scans(pdf, c.qr_text);
    /* A short text gets bigger modules, still whole dots. */
    c.qr_text = "https://example.org/verify#5676";
    if (write_pdf(&c, pdf, &res))
        check_scans(pdf, c.qr_text);
    CK_CHECK(res.qr_module_dots > 5);
}

static void text_in_three_scripts(void)
{
    const char *names[] = {"Zoë Ångström-Núñez", "Αλέξανδρος Παπαδόπουλος", "Анна Кузнецова"};
    const char *courses[] = {"Certified Scrum Product Owner®", "Πιστοποιημένος Scrum Product Owner",
                             "Сертифицированный владелец продукта Scrum"};
    const char *trainers[] = {"Dr. Maria Schmidt", "Νίκος Γεωργίου", "Ирина Смирнова"};
    for (size_t i = 0; i < 3; i++) {
        ck_cert_pdf c = sample();
        c.holder_name = names[i];
        c.course_title = courses[i];
        c.trainer_name = trainers[i];
        const char *pdf = ck_test_path("cert.pdf");
        if (!write_pdf(&c, pdf, NULL))
            continue;
        const char *argv[] = {"pdftotext", pdf, "-", NULL};
        char *text = run(argv);
        CK_CHECK_CONTAINS(text, names[i]);
        CK_CHECK_CONTAINS(text, courses[i]);
        CK_CHECK_CONTAINS(text, trainers[i]);
        CK_CHECK_CONTAINS(text, "CK-2025-000042");
        CK_CHECK_CONTAINS(text, "12–13 March 2025");
        CK_CHECK_CONTAINS(text, "13 March 2027");
        CK_CHECK_CONTAINS(text, "Certified Scrum Trainer®");
        free(text);
    }
}

/* Entries in a folder, other than . and .. */
static int count_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void undrawable_name_refused(void)
{
    const char *names[] = {"Zoë አበበ", "Anna 😀 Kuznetsova"};
    const char *codes[] = {"U+12A0", "U+1F600"};
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", ck_test_path("out"));
    mkdir(dir, 0700);
    for (size_t i = 0; i < 2; i++) {
        ck_cert_pdf c = sample();
        ck_err err = {0};
        c.holder_name = names[i];
        char pdf[4300];
        snprintf(pdf, sizeof pdf, "%s/cert.pdf", dir);
        CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, pdf, &err), CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, "The holder name");
        CK_CHECK_CONTAINS(err.msg, codes[i]);
        CK_CHECK_INT(count_entries(dir), 0); /* no file, no temporary left over */
        CK_CHECK_INT(ck_cert_pdf_check(&c, &err), CK_EINVAL);
        CK_CHECK_CONTAINS(err.msg, codes[i]);
    }
    /* Every drawn field is checked against its font, not only the name. */
    ck_cert_pdf c = sample();
    ck_err err = {0};
    c.location = "አዲስ አበባ";
    CK_CHECK_INT(ck_cert_pdf_check(&c, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The location");
    CK_CHECK_CONTAINS(err.msg, "U+12A0");
}

/* A word's box from pdftotext -bbox. */
typedef struct box {
    double x0, y0, x1, y1;
    char word[128];
} box;

/* Parse the page size and word boxes of pdftotext -bbox output. */
static int parse_boxes(const char *html, double *w, double *h, box *out, int max)
{
    const char *p = strstr(html, "<page width=\"");
    int n = 0;
    if (!p || sscanf(p, "<page width=\"%lf\" height=\"%lf\"", w, h) != 2)
        return -1;
    while ((p = strstr(p, "<word xMin=\"")) && n < max) {
        box *b = &out[n];
        if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">", &b->x0, &b->y0,
                   &b->x1, &b->y1) != 4)
            return -1;
        const char *s = strchr(p, '>') + 1, *e = strstr(s, "</word>");
        size_t len = (size_t)(e - s) < sizeof b->word ? (size_t)(e - s) : sizeof b->word - 1;
        memcpy(b->word, s, len);
        b->word[len] = '\0';
        n++;
        p = e;
    }
    return n;
}

/* All words inside the inner frame (12.5 mm), none overlapping another; *name_lines gets the
 * number of lines the holder name was set on (its words at the size of its first word). */
static void check_layout(const char *pdf, double page_w, double page_h, const char *name,
                         int *name_lines)
{
    const char *bbox = ck_test_path("bbox.html");
    const char *argv[] = {"pdftotext", "-bbox", pdf, bbox, NULL};
    free(run(argv));
    char *html = ck_test_read_file(bbox, NULL);
    static box boxes[400];
    double w = 0, h = 0, margin = 12.5 * MM;
    int n = html ? parse_boxes(html, &w, &h, boxes, 400) : -1;
    free(html);
    CK_CHECK(n > 20);
    CK_CHECK(fabs(w - page_w) < 0.01 && fabs(h - page_h) < 0.01);
    for (int i = 0; i < n; i++) {
        box *b = &boxes[i];
        if (b->x0 < margin || b->x1 > w - margin || b->y0 < margin || b->y1 > h - margin)
            ck_test_fail(__FILE__, __LINE__,
                         "word \"%s\" at (%.1f, %.1f)–(%.1f, %.1f) is outside "
                         "the frame of a %.0f × %.0f page",
                         b->word, b->x0, b->y0, b->x1, b->y1, w, h);
        for (int j = 0; j < i; j++) {
            box *o = &boxes[j];
            /* Boxes run from ascent to descent; lines set close may touch a little. */
            double ox = fmin(b->x1, o->x1) - fmax(b->x0, o->x0);
            double oy = fmin(b->y1, o->y1) - fmax(b->y0, o->y0);
            if (ox > 0.5 && oy > 0.25 * fmin(b->y1 - b->y0, o->y1 - o->y0))
                ck_test_fail(__FILE__, __LINE__, "words \"%s\" and \"%s\" overlap", b->word,
                             o->word);
        }
    }
    double first_h = -1, line_y[8];
    *name_lines = 0;
    for (int i = 0; i < n; i++) {
        box *b = &boxes[i];
        if (!strstr(name, b->word))
            continue;
        if (first_h < 0)
            first_h = b->y1 - b->y0;
        if (fabs((b->y1 - b->y0) - first_h) > 0.5)
            continue;
        bool seen = false;
        for (int l = 0; l < *name_lines; l++)
            seen = seen || fabs(line_y[l] - b->y0) < 3;
        if (!seen && *name_lines < 8)
            line_y[(*name_lines)++] = b->y0;
    }
}

static void long_name_stays_inside(void)
{
    ck_cert_pdf c = sample();
    c.holder_name = "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff-Maximiliane Alexandra "
                    "Konstantinopoulou de la Fuente";
    c.course_title = "Advanced Certified Scrum Product Owner® — Leading Product Discovery, "
                     "Delivery and Organisational Agility at Scale";
    c.trainer_credential = "Certified Scrum Trainer®, Certified Team Coach®, Certified "
                           "Enterprise Coach®";
    CK_CHECK(strlen(c.holder_name) >= 80);
    ck_cert_pdf_paper papers[] = {CK_CERT_PDF_A4, CK_CERT_PDF_LETTER};
    double widths[] = {841.89, 792}, heights[] = {595.276, 612};
    for (int i = 0; i < 2; i++) {
        c.paper = papers[i];
        const char *pdf = ck_test_path("long.pdf");
        if (!write_pdf(&c, pdf, NULL))
            continue;
        int lines = 0;
        check_layout(pdf, widths[i], heights[i], c.holder_name, &lines);
        CK_CHECK_INT(lines, 2);
        const char *argv[] = {"pdftotext", pdf, "-", NULL};
        char *text = run(argv);
        CK_CHECK_CONTAINS(text, "Konstantinopoulou de la Fuente");
        CK_CHECK_CONTAINS(text, "Certified Enterprise Coach®");
        free(text);
        check_scans(pdf, c.qr_text);
    }
    /* A short name on one line, for contrast. */
    c = sample();
    int lines = 0;
    const char *pdf = ck_test_path("short.pdf");
    if (write_pdf(&c, pdf, NULL))
        check_layout(pdf, 841.89, 595.276, c.holder_name, &lines);
    CK_CHECK_INT(lines, 1);
}

static void far_too_long_refused(void)
{
    static char name[2000];
    ck_cert_pdf c = sample();
    ck_err err = {0};
    name[0] = '\0';
    for (int i = 0; i < 40; i++)
        strcat(name, "Maximiliane ");
    c.holder_name = name;
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, ck_test_path("x.pdf"), &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The holder name is too long");
    CK_CHECK_INT(ck_cert_pdf_check(&c, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "The holder name is too long");
    /* One unbreakable word that does not fit either. */
    memset(name, 'W', 120);
    name[120] = '\0';
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, ck_test_path("x.pdf"), &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "too long");
    struct stat st;
    CK_CHECK(stat(ck_test_path("x.pdf"), &st) != 0);
}

/* The value after "Key:" in pdfinfo's output, trimmed. */
static const char *info_value(const char *info, const char *key, char *buf, size_t cap)
{
    const char *p = strstr(info, key);
    buf[0] = '\0';
    if (!p)
        return buf;
    p += strlen(key);
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, "\n");
    snprintf(buf, cap, "%.*s", (int)n, p);
    return buf;
}

static void metadata_and_paper(void)
{
    ck_cert_pdf c = sample();
    char v[512];
    const char *pdf = ck_test_path("meta.pdf");
    if (write_pdf(&c, pdf, NULL)) {
        const char *argv[] = {"pdfinfo", pdf, NULL};
        char *info = run(argv);
        CK_CHECK_STR(info_value(info, "Title:", v, sizeof v),
                     "Certificate: Zoë Ångström-Núñez – Certified Scrum Product Owner®");
        CK_CHECK_STR(info_value(info, "Author:", v, sizeof v), "Dr. Maria Schmidt");
        CK_CHECK_STR(info_value(info, "Subject:", v, sizeof v), "Certified Scrum Product Owner®");
        CK_CHECK_CONTAINS(info_value(info, "Creator:", v, sizeof v), "classkiosk");
        /* TZ=Europe/Berlin under ctest: 11:00 UTC is 12:00 CET. */
        CK_CHECK_CONTAINS(info_value(info, "CreationDate:", v, sizeof v), "Mar 12");
        CK_CHECK_CONTAINS(info_value(info, "CreationDate:", v, sizeof v), "2025");
        CK_CHECK_STR(info_value(info, "Pages:", v, sizeof v), "1");
        CK_CHECK_STR(info_value(info, "Page size:", v, sizeof v), "841.89 x 595.276 pts (A4)");
        free(info);
    }
    c.paper = CK_CERT_PDF_LETTER;
    c.meta_title = "Ζωή – custom title";
    c.meta_author = "classkiosk station 3";
    c.meta_subject = "CSPO";
    if (write_pdf(&c, pdf, NULL)) {
        const char *argv[] = {"pdfinfo", pdf, NULL};
        char *info = run(argv);
        CK_CHECK_STR(info_value(info, "Page size:", v, sizeof v), "792 x 612 pts (letter)");
        CK_CHECK_STR(info_value(info, "Title:", v, sizeof v), "Ζωή – custom title");
        CK_CHECK_STR(info_value(info, "Author:", v, sizeof v), "classkiosk station 3");
        CK_CHECK_STR(info_value(info, "Subject:", v, sizeof v), "CSPO");
        free(info);
    }
    /* The embedded fonts are subsets, with Unicode maps so text can be copied. */
    const char *argv[] = {"pdffonts", pdf, NULL};
    char *list = run(argv);
    CK_CHECK_CONTAINS(list, "NotoSerif-Regular");
    CK_CHECK_CONTAINS(list, "NotoSerif-Italic");
    CK_CHECK_CONTAINS(list, "NotoSans-Regular");
    CK_CHECK_CONTAINS(list, "NotoSans-Bold");
    CK_CHECK_CONTAINS(list, "CID TrueType      Identity-H       yes yes yes");
    free(list);
}

/* A logo (RGB) and a signature (RGBA) drawn with cairo. */
static void make_images(const char *logo, const char *signature)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 160);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.25, 0.45);
    cairo_arc(cr, 80, 80, 60, 0, 2 * M_PI);
    cairo_fill(cr);
    cairo_rectangle(cr, 160, 50, 220, 20);
    cairo_fill(cr);
    cairo_surface_write_to_png(s, logo);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 600, 200);
    cr = cairo_create(s);
    cairo_set_source_rgba(cr, 0.05, 0.1, 0.35, 1);
    cairo_set_line_width(cr, 5);
    cairo_move_to(cr, 30, 150);
    cairo_curve_to(cr, 80, 20, 140, 40, 120, 150);
    cairo_curve_to(cr, 300, 20, 360, 180, 570, 100);
    cairo_stroke(cr);
    cairo_surface_write_to_png(s, signature);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static void logo_and_signature(void)
{
    ck_cert_pdf c = sample();
    c.logo_png = ck_test_path("logo.png");
    c.signature_png = ck_test_path("signature.png");
    make_images(c.logo_png, c.signature_png);
    ck_cert_pdf_result with, without;
    const char *pdf = ck_test_path("images.pdf");
    if (!write_pdf(&c, pdf, &with))
        return;
    const char *argv[] = {"pdfimages", "-list", pdf, NULL};
    char *list = run(argv);
    CK_CHECK_CONTAINS(list, " 400   160  rgb");
    CK_CHECK_CONTAINS(list, " 600   200  rgb");
    CK_CHECK_CONTAINS(list, " 600   200  gray");
    CK_CHECK_CONTAINS(list, "smask");
    /* Every image stream is compressed, the alpha channel too (libharu 2.3.0 forgets it). */
    CK_CHECK_NOT_CONTAINS(list, "100%");
    free(list);
    check_scans(pdf, c.qr_text);
    int lines = 0;
    check_layout(pdf, 841.89, 595.276, c.holder_name, &lines);
    CK_CHECK_INT(lines, 1);
    c.logo_png = c.signature_png = NULL;
    if (write_pdf(&c, ck_test_path("plain.pdf"), &without))
        CK_CHECK(with.size > without.size && with.size < without.size + 30000);
}

static void memory_matches_file(void)
{
    ck_cert_pdf c = sample();
    ck_cert_pdf_result mem, file;
    ck_err err = {0};
    const char *pdf = ck_test_path("same.pdf");
    CK_CHECK(ck_test_write_file(pdf, "an older file that is replaced whole\n"));
    CK_CHECK_INT(ck_cert_pdf_render(&mem, &c, &err), CK_OK);
    if (!write_pdf(&c, pdf, &file))
        return;
    size_t len = 0;
    char *bytes = ck_test_read_file(pdf, &len);
    CK_CHECK_INT(len, mem.size);
    CK_CHECK_INT(file.size, mem.size);
    CK_CHECK(bytes && mem.pdf && memcmp(bytes, mem.pdf, len) == 0);
    CK_CHECK(memcmp(mem.pdf, "%PDF-", 5) == 0);
    CK_CHECK_INT(file.qr_version, mem.qr_version);
    CK_CHECK_INT(file.qr_module_dots, mem.qr_module_dots);
    struct stat st;
    CK_CHECK(stat(pdf, &st) == 0 && (st.st_mode & 0777) == 0644);
    free(bytes);
    ck_cert_pdf_result_clear(&mem);
    CK_CHECK(mem.pdf == NULL && mem.size == 0);
    ck_cert_pdf_result_clear(NULL);
}

/* Letters in a word (UTF-8). */
static int letters(const char *w)
{
    int n = 0;
    utf8proc_int32_t c;
    for (utf8proc_ssize_t len;
         *w && (len = utf8proc_iterate((const utf8proc_uint8_t *)w, -1, &c)) > 0; w += len) {
        utf8proc_category_t cat = utf8proc_category(c);
        n += cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    }
    return n;
}

/* Every word of text that pdftotext finds on the page has ink under its box at 150 dpi: a
 * glyph missing from a font subset would be drawn blank. */
static void check_ink(const char *pdf, const char *text)
{
    char prefix[4300], png[4400];
    const double k = 150 / 72.0;
    const char *bbox = ck_test_path("ink.html");
    const char *words[] = {"pdftotext", "-bbox", pdf, bbox, NULL};
    free(run(words));
    snprintf(prefix, sizeof prefix, "%s-150", pdf);
    snprintf(png, sizeof png, "%s.png", prefix);
    const char *raster[] = {"pdftoppm", "-r", "150", "-png", "-singlefile", pdf, prefix, NULL};
    free(run(raster));
    char *html = ck_test_read_file(bbox, NULL);
    static box boxes[400];
    double w = 0, h = 0;
    int n = html ? parse_boxes(html, &w, &h, boxes, 400) : -1, checked = 0;
    free(html);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        ck_test_fail(__FILE__, __LINE__, "cannot read %s", png);
        cairo_surface_destroy(img);
        return;
    }
    cairo_surface_flush(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    int iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int i = 0; i < n; i++) {
        const box *b = &boxes[i];
        if (letters(b->word) < 2 || !strstr(text, b->word))
            continue;
        long dark = 0, area = 0;
        for (int y = (int)(b->y0 * k); y < (int)ceil(b->y1 * k) && y < ih; y++)
            for (int x = (int)(b->x0 * k); x < (int)ceil(b->x1 * k) && x < iw; x++, area++) {
                uint32_t argb;
                memcpy(&argb, px + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
                int luma = (int)((argb >> 16 & 255) + (argb >> 8 & 255) + (argb & 255)) / 3;
                dark += luma < 192;
            }
        if (dark * 20 < area)
            ck_test_fail(__FILE__, __LINE__, "\"%s\" has almost no ink (%ld of %ld pixels)",
                         b->word, dark, area);
        checked++;
    }
    cairo_surface_destroy(img);
    CK_CHECK(checked > 0);
}

/* In every script the certificate fonts cover, the page stays under 30 KB: each face is
 * embedded as a subset (pdffonts shows the ABCDEF+ tag, one per face), the text reads back and
 * every word is drawn. */
static void small_subsets_in_every_script(void)
{
    const char *names[] = {"Zoë Ångström-Núñez",      "Αλέξανδρος Παπαδόπουλος", "Анна Кузнецова",
                           "Γιώργος Ångström-Müller", "Đặng Thị Thu Hương",      "Ђорђе Јовановић",
                           "Łukasz Żółć-Ķēniņš"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_cert_pdf c = sample();
        c.holder_name = names[i];
        ck_cert_pdf_result res;
        const char *pdf = ck_test_path("small.pdf");
        if (!write_pdf(&c, pdf, &res))
            continue;
        if (res.size > 30000)
            ck_test_fail(__FILE__, __LINE__, "the certificate for %s has %zu bytes, over 30,000",
                         names[i], res.size);
        const char *fonts[] = {"pdffonts", pdf, NULL};
        char *list = run(fonts);
        const char *faces[] = {"NotoSerif-Regular", "NotoSerif-Italic", "NotoSans-Regular",
                               "NotoSans-Bold"};
        char tags[4][8] = {{0}};
        for (int f = 0; f < 4 && list; f++) {
            const char *at = strstr(list, faces[f]);
            bool tagged = at && at - list >= 7 && at[-1] == '+';
            for (int k = 2; tagged && k <= 7; k++)
                tagged = at[-k] >= 'A' && at[-k] <= 'Z';
            if (!tagged) {
                ck_test_fail(__FILE__, __LINE__, "%s is not listed as a subset:\n%s", faces[f],
                             list);
                continue;
            }
            memcpy(tags[f], at - 7, 6);
            CK_CHECK(strstr(at, "yes yes yes") != NULL);
            for (int g = 0; g < f; g++)
                CK_CHECK(strcmp(tags[f], tags[g]) != 0);
        }
        free(list);
        const char *totext[] = {"pdftotext", pdf, "-", NULL};
        char *text = run(totext);
        CK_CHECK_CONTAINS(text, names[i]);
        CK_CHECK_CONTAINS(text, "12–13 March 2025 · 16 contact hours · Berlin, Germany");
        if (text)
            check_ink(pdf, text);
        free(text);
    }
}

/* Two font sets open at once make the same document byte for byte; neither depends on the
 * other, or on anything global. */
static void two_font_sets_same_bytes(void)
{
    ck_pdf_fonts *other = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_pdf_fonts_open(&other, fonts_dir(), &err), CK_OK);
    ck_cert_pdf a = sample(), b = sample();
    b.fonts = other;
    ck_cert_pdf_result ra, rb, again;
    CK_CHECK_INT(ck_cert_pdf_render(&ra, &a, &err), CK_OK);
    CK_CHECK_INT(ck_cert_pdf_render(&rb, &b, &err), CK_OK);
    ck_pdf_fonts_free(other);
    CK_CHECK_INT(ck_cert_pdf_render(&again, &a, &err), CK_OK);
    CK_CHECK(ra.pdf && rb.pdf && again.pdf && ra.size == rb.size && ra.size == again.size &&
             memcmp(ra.pdf, rb.pdf, ra.size) == 0 && memcmp(ra.pdf, again.pdf, ra.size) == 0);
    ck_cert_pdf_result_clear(&ra);
    ck_cert_pdf_result_clear(&rb);
    ck_cert_pdf_result_clear(&again);
}

/* Subsets of every size embed: libharu's memory stream once failed to save a font whose
 * tables before the last filled whole 4 KB buffers. These verify lines gave such sizes with
 * Debian 12's fonts and HarfBuzz; thirty more vary the sans subset's length. */
static void every_subset_size_saves(void)
{
    const char *known[] = {"TubCAA", "XTCw0i", "0z4whX"};
    unsigned seed = 7;
    for (int i = 0; i < 33; i++) {
        char dir[8], line[200];
        if (i < 3)
            snprintf(dir, sizeof dir, "%s", known[i]);
        else
            for (int k = 0; k < 6; k++, dir[6] = '\0') {
                seed = seed * 1103515245u + 12345u;
                dir[k] =
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[(seed >> 16) %
                                                                                     62];
            }
        snprintf(line, sizeof line,
                 "Scan the code or visit /tmp/cktest-%s/phone_camera_verdicts/site/index.html to "
                 "check this certificate.",
                 dir);
        ck_cert_pdf c = {.holder_name = "Jürgen Weiß",
                         .course_title = "Certified Scrum Product Owner",
                         .course_dates = "2–3 March 2020",
                         .contact_hours = "16 contact hours",
                         .trainer_name = "Maria Schmidt",
                         .certificate_id = "CK-33EPN-PZGYF",
                         .valid_until = "3 March 2022",
                         .verify_line = line,
                         .qr_text = "CKCERT:/123",
                         .fonts = FONTS,
                         .created = CREATED};
        ck_cert_pdf_result res;
        ck_err err = {0};
        if (ck_cert_pdf_render(&res, &c, &err) != CK_OK)
            ck_test_fail(__FILE__, __LINE__, "verify line %s: %s", dir, err.msg);
        ck_cert_pdf_result_clear(&res);
    }
}

/* Each bad input is refused with a message naming it, and no file appears. */
static void bad_inputs_refused(void)
{
    char dir[4200], pdf[4300], notpng[4300], fakepng[4300];
    snprintf(dir, sizeof dir, "%s", ck_test_path("bad"));
    mkdir(dir, 0700);
    snprintf(pdf, sizeof pdf, "%s/cert.pdf", dir);
    snprintf(notpng, sizeof notpng, "%s", ck_test_path("logo.jpg"));
    snprintf(fakepng, sizeof fakepng, "%s", ck_test_path("broken.png"));
    CK_CHECK(ck_test_write_file(notpng, "\xFF\xD8\xFF\xE0 not a png"));
    CK_CHECK(ck_test_write_file(fakepng, "\x89PNG\r\n\x1A\n but the rest is not"));
    static char long_qr[2000];
    memcpy(long_qr, "CKCERT:/", 8);
    shc_digits(long_qr + 8, 850, 1); /* 1700 digits: beyond version 20 even at level M */

    struct {
        const char *what, *expect;
        ck_rc rc;
    } cases[] = {
        {"holder missing", "The holder name is missing", CK_EINVAL},
        {"course blank", "The course title is missing", CK_EINVAL},
        {"trainer bad utf-8", "The trainer name is not valid UTF-8", CK_EINVAL},
        {"location tab", "The location contains the invisible or control character U+0009",
         CK_EINVAL},
        {"paper", "The paper size 7 is unknown", CK_EINVAL},
        {"fonts", "No fonts were given for the certificate", CK_EINVAL},
        {"logo not png", "is not a PNG file", CK_EINVAL},
        {"logo missing", "The logo image /nowhere/logo.png cannot be read", CK_EINVAL},
        {"signature broken", "The signature image", CK_EINVAL},
        {"qr too long", "even at error correction level M", CK_EINVAL},
        {"qr not ascii", "The QR text has byte 0xC3", CK_EINVAL},
        {"id missing", "The certificate ID is missing", CK_EINVAL},
        {"title control", "The PDF title contains", CK_EINVAL},
        {"subject emoji", "The PDF subject has a character U+1F600", CK_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_cert_pdf c = sample();
        ck_err err = {0};
        switch (i) {
        case 0: c.holder_name = NULL; break;
        case 1: c.course_title = "   "; break;
        case 2:
            c.trainer_name = "Mar\xED"
                             "a";
            break;
        case 3: c.location = "Berlin\tGermany"; break;
        case 4: c.paper = (ck_cert_pdf_paper)7; break;
        case 5: c.fonts = NULL; break;
        case 6: c.logo_png = notpng; break;
        case 7: c.logo_png = "/nowhere/logo.png"; break;
        case 8: c.signature_png = fakepng; break;
        case 9: c.qr_text = long_qr; break;
        case 10: c.qr_text = "CKCERT:/Zoë"; break;
        case 11: c.certificate_id = ""; break;
        case 12: c.meta_title = "a\x01z"; break;
        case 13: c.meta_subject = "CSPO 😀"; break;
        }
        ck_rc rc = ck_cert_pdf_write(NULL, &c, pdf, &err);
        if (rc != cases[i].rc || !strstr(err.msg, cases[i].expect))
            ck_test_fail(__FILE__, __LINE__,
                         "%s: rc %d, message \"%s\"; expected rc %d with "
                         "\"%s\"",
                         cases[i].what, rc, err.msg, cases[i].rc, cases[i].expect);
        CK_CHECK_INT(count_entries(dir), 0);
    }

    ck_cert_pdf c = sample();
    ck_err err = {0};
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, "/nowhere/at/all/cert.pdf", &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "the folder /nowhere/at/all does not exist");
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, "", &err), CK_EINVAL);
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, NULL, &err), CK_EINVAL);
    char folder[4400];
    snprintf(folder, sizeof folder, "%s/", dir);
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, folder, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "names a folder");
    /* A folder in the way of the file: the rename fails, the temporary is removed. */
    char sub[4400];
    snprintf(sub, sizeof sub, "%s/taken", dir);
    mkdir(sub, 0700);
    CK_CHECK_INT(ck_cert_pdf_write(NULL, &c, sub, &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "a folder of that name is in the way");
    CK_CHECK_INT(count_entries(dir), 1);
    CK_CHECK_INT(ck_cert_pdf_check(NULL, &err), CK_EINVAL);
    ck_cert_pdf_result res;
    CK_CHECK_INT(ck_cert_pdf_render(&res, NULL, &err), CK_EINVAL);
    CK_CHECK(res.pdf == NULL);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    ck_err err = {0};
    if (ck_pdf_fonts_open(&FONTS, fonts_dir(), &err) != CK_OK) {
        fprintf(stderr, "cannot open the fonts: %s\n", err.msg);
        return 1;
    }
    CK_RUN(qr_scans_numeric_prefix);
    CK_RUN(qr_scans_url_prefix_letter);
    CK_RUN(text_in_three_scripts);
    CK_RUN(undrawable_name_refused);
    CK_RUN(long_name_stays_inside);
    CK_RUN(far_too_long_refused);
    CK_RUN(metadata_and_paper);
    CK_RUN(logo_and_signature);
    CK_RUN(memory_matches_file);
    CK_RUN(small_subsets_in_every_script);
    CK_RUN(two_font_sets_same_bytes);
    CK_RUN(every_subset_size_saves);
    CK_RUN(bad_inputs_refused);
    ck_pdf_fonts_free(FONTS);
    return ck_test_done();
}
