/* Reading QR codes from bad files: scan/scan.h refuses each with a clear error, quietly.
 * CK_SHOW=1 prints every message checked. */
#include <cairo-pdf.h>
#include <fcntl.h>
#include <hpdf.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ck_test.h"
#include "qr_rig.h"
#include "scan/scan.h"

static const char url[] = "https://verify.example.org/c#5665614754";

/* Where stderr goes while a scan runs, to prove nothing was printed. */
static int saved_stderr = -1;
static char stderr_path[4096];

static void quiet_begin(void)
{
    snprintf(stderr_path, sizeof stderr_path, "%s", ck_test_path("stderr.txt"));
    fflush(stderr);
    saved_stderr = dup(2);
    int fd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
}

/* Restore stderr; return what was written to it meanwhile (caller frees). */
static char *quiet_end(void)
{
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    return ck_test_read_file(stderr_path, NULL);
}

/* Scan path expecting rc and a message naming the file and containing want. */
static void expect_error(const char *path, ck_rc want_rc, const char *want)
{
    ck_scan_list *list = (ck_scan_list *)&list; /* must be reset to NULL */
    ck_err err = {0};
    quiet_begin();
    ck_rc rc = ck_scan_file(&list, path, &err);
    char *noise = quiet_end();
    if (getenv("CK_SHOW"))
        printf("     %s\n", err.msg);
    CK_CHECK_INT(rc, want_rc);
    CK_CHECK(list == NULL);
    CK_CHECK_CONTAINS(err.msg, path);
    CK_CHECK_CONTAINS(err.msg, want);
    CK_CHECK_STR(noise, "");
    free(noise);
    if (rc == CK_OK)
        ck_scan_list_free(list);
}

/* The bytes of a good file made by make(), for cutting and patching. */
static char *good_file(const char *name,
                       bool (*make)(const char *, const void *, size_t, const ck_qr_look *),
                       size_t *len)
{
    const char *path = ck_test_path(name);
    CK_CHECK(make(path, url, strlen(url), NULL));
    return ck_test_read_file(path, len);
}

static void missing_and_not_files(void)
{
    expect_error(ck_test_path("nothing-here.png"), CK_ENOTFOUND, "does not exist");
    const char *file = ck_test_path("plain");
    CK_CHECK(ck_test_write_file(file, "x"));
    char below[4200];
    snprintf(below, sizeof below, "%s/inside.png", file);
    expect_error(below, CK_ENOTFOUND, "does not exist");
    expect_error(ck_test_tmpdir(), CK_EINVAL, "is a folder");
    const char *fifo = ck_test_path("pipe.png");
    CK_CHECK(mkfifo(fifo, 0600) == 0);
    expect_error(fifo, CK_EINVAL, "not a regular file"); /* and does not wait for a writer */
}

static void unreadable(void)
{
    const char *path = ck_test_path("secret.png");
    CK_CHECK(ck_qr_png(path, url, strlen(url), NULL));
    chmod(path, 0);
    if (access(path, R_OK) == 0) {
        printf("     (running as root: the permission case cannot be seen here)\n");
        return;
    }
    expect_error(path, CK_EIO, "cannot be opened (Permission denied)");
}

static void empty_text_and_garbage(void)
{
    const char *empty = ck_test_path("empty.png");
    CK_CHECK(ck_test_write_file(empty, ""));
    expect_error(empty, CK_EINVAL, "is empty");

    const char *text = ck_test_path("notes.png");
    CK_CHECK(ck_test_write_file(text, "hello, world\nthis is not a picture\n"));
    expect_error(text, CK_EINVAL, "is not a PNG, JPEG or PDF file (it begins with \"hello, w\")");

    unsigned char junk[4096];
    unsigned x = 7;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
    junk[0] = 0x01, junk[1] = 0xfe;
    const char *garbage = ck_test_path("garbage.jpg");
    CK_CHECK(ck_rig_write(garbage, junk, sizeof junk));
    expect_error(garbage, CK_EINVAL, "(it begins with bytes 01 fe ");

    const char *gif = ck_test_path("photo.gif");
    CK_CHECK(ck_test_write_file(gif, "GIF89a\x01\x00\x01\x00...."));
    expect_error(gif, CK_EINVAL, "is a GIF image, which cannot be scanned");

    /* Right magic bytes, nothing after them. */
    const char *stub = ck_test_path("stub.png");
    CK_CHECK(ck_rig_write(stub, "\x89PNG\r\n\x1a\n", 8));
    expect_error(stub, CK_EINVAL, "truncated PNG");
    const char *jstub = ck_test_path("stub.jpg");
    CK_CHECK(ck_rig_write(jstub, "\xff\xd8\xff", 3));
    expect_error(jstub, CK_EINVAL, "damaged JPEG");
    const char *pstub = ck_test_path("stub.pdf");
    CK_CHECK(ck_test_write_file(pstub, "%PDF-1.7\n%%EOF\n"));
    expect_error(pstub, CK_EINVAL, "damaged PDF");
}

static void truncated_files(void)
{
    size_t len = 0;
    char *png = good_file("good.png", ck_qr_png, &len);
    size_t cuts[] = {20, 33, 60, len / 2, len - 13};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "cut-%zu.png", cuts[i]);
        const char *path = ck_test_path(name);
        CK_CHECK(ck_rig_write(path, png, cuts[i]));
        expect_error(path, CK_EINVAL, "PNG file");
    }
    free(png);

    char *jpg = good_file("good.jpg", ck_qr_jpeg, &len);
    const char *half = ck_test_path("half.jpg");
    CK_CHECK(ck_rig_write(half, jpg, len / 2));
    expect_error(half, CK_EINVAL, "truncated JPEG");
    const char *tail = ck_test_path("tail.jpg");
    CK_CHECK(ck_rig_write(tail, jpg, len - 2)); /* only the end marker missing */
    expect_error(tail, CK_EINVAL, "truncated JPEG");
    const char *head = ck_test_path("head.jpg");
    CK_CHECK(ck_rig_write(head, jpg, 200)); /* inside the headers */
    expect_error(head, CK_EINVAL, "JPEG");
    free(jpg);

    char *pdf = good_file("good.pdf", ck_qr_pdf, &len);
    const char *cut = ck_test_path("cut.pdf");
    CK_CHECK(ck_rig_write(cut, pdf, len * 2 / 3));
    expect_error(cut, CK_EINVAL, "truncated PDF");
    free(pdf);
}

static void damaged_inside(void)
{
    size_t len = 0;
    /* A PDF whose middle (the drawing) is overwritten but whose end is intact. */
    char *pdf = good_file("good.pdf", ck_qr_pdf, &len);
    memset(pdf + len / 4, 'x', len / 2);
    const char *path = ck_test_path("smudged.pdf");
    CK_CHECK(ck_rig_write(path, pdf, len));
    ck_scan_list *list = NULL;
    ck_err err = {0};
    quiet_begin();
    ck_rc rc = ck_scan_file(&list, path, &err);
    char *noise = quiet_end();
    CK_CHECK(rc == CK_EINVAL || rc == CK_ENOTFOUND);
    CK_CHECK(list == NULL);
    CK_CHECK_CONTAINS(err.msg, path);
    CK_CHECK_STR(noise, "");
    free(noise);
    free(pdf);

    /* A JPEG with a run of its entropy-coded data zeroed: libjpeg warns, no code. */
    char *jpg = good_file("good.jpg", ck_qr_jpeg, &len);
    memset(jpg + len / 3, 0xff, len / 3);
    path = ck_test_path("smudged.jpg");
    CK_CHECK(ck_rig_write(path, jpg, len));
    memset(&err, 0, sizeof err);
    quiet_begin();
    rc = ck_scan_file(&list, path, &err);
    noise = quiet_end();
    CK_CHECK(rc == CK_EINVAL || rc == CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "JPEG");
    CK_CHECK_STR(noise, "");
    free(noise);
    free(jpg);
}

static void put_be32(char *p, unsigned v)
{
    p[0] = (char)(v >> 24), p[1] = (char)(v >> 16), p[2] = (char)(v >> 8), p[3] = (char)v;
}

static void huge_declared_sizes(void)
{
    size_t len = 0;
    char *png = good_file("good.png", ck_qr_png, &len);
    const unsigned sizes[][2] = {{100000, 100000}, {20000, 20000}, {40000, 10}, {1, 2000000000}};
    const char *says[] = {"more than the 32767 allowed on a side", "more than the 40 million",
                          "more than the 32767 allowed on a side",
                          "more than the 32767 allowed on a side"};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        put_be32(png + 16, sizes[i][0]);
        put_be32(png + 20, sizes[i][1]);
        char name[64];
        snprintf(name, sizeof name, "huge-%zu.png", i);
        const char *path = ck_test_path(name);
        CK_CHECK(ck_rig_write(path, png, len));
        expect_error(path, CK_EINVAL, says[i]);
    }
    /* Within the side limit, over the pixel limit. */
    put_be32(png + 16, 30000);
    put_be32(png + 20, 2000);
    const char *wide = ck_test_path("wide.png");
    CK_CHECK(ck_rig_write(wide, png, len));
    expect_error(wide, CK_EINVAL, "30000x2000 pixels, more than the 40 million allowed");
    put_be32(png + 16, 0);
    const char *zero = ck_test_path("zero-wide.png");
    CK_CHECK(ck_rig_write(zero, png, len));
    expect_error(zero, CK_EINVAL, "damaged PNG");
    free(png);

    /* JPEG: the frame header (SOF0, ff c0) holds height then width after 5 bytes. */
    char *jpg = good_file("good.jpg", ck_qr_jpeg, &len);
    char *sof = NULL;
    for (size_t i = 2; i + 9 < len && !sof; i++)
        if ((unsigned char)jpg[i] == 0xff && (unsigned char)jpg[i + 1] == 0xc0)
            sof = jpg + i;
    CK_CHECK(sof != NULL);
    if (sof) {
        sof[5] = (char)0xfd, sof[6] = (char)0xe8; /* 65000 */
        sof[7] = (char)0xfd, sof[8] = (char)0xe8;
        const char *path = ck_test_path("huge.jpg");
        CK_CHECK(ck_rig_write(path, jpg, len));
        expect_error(path, CK_EINVAL, "65000x65000 pixels, more than the 40 million allowed");
        sof[5] = 0, sof[6] = 0; /* height 0 */
        CK_CHECK(ck_rig_write(path, jpg, len));
        expect_error(path, CK_EINVAL, "damaged JPEG");
    }
    free(jpg);
}

static void endless_progressive_jpeg(void)
{
    /* Valid, but 316 scans, each a pass over the whole image: refused, not ground through. */
    const char *path = ck_test_path("scans.jpg");
    CK_CHECK(ck_qr_jpeg(path, url, strlen(url), &(ck_qr_look){.jpeg_progressive = 2}));
    expect_error(path, CK_EINVAL, "damaged JPEG file (more than 256 progressive scans)");
}

static void too_many_bytes(void)
{
    const char *path = ck_test_path("big.pdf");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CK_CHECK(fd >= 0);
    CK_CHECK(ftruncate(fd, (off_t)CK_SCAN_MAX_BYTES + 1) == 0); /* sparse: costs no disk */
    close(fd);
    expect_error(path, CK_EINVAL, "is 52428801 bytes, more than the 50 MB allowed");
}

static void no_code_anywhere(void)
{
    const char *png = ck_test_path("blank.png");
    CK_CHECK(ck_qr_blank_png(png, 640, 480));
    expect_error(png, CK_ENOTFOUND, "no QR code found in this PNG");
    const char *jpg = ck_test_path("blank.jpg");
    CK_CHECK(ck_qr_blank_jpeg(jpg, 640, 480));
    expect_error(jpg, CK_ENOTFOUND, "no QR code found in this JPEG");

    /* A one-page PDF with only text on it. */
    cairo_surface_t *s = cairo_pdf_surface_create(ck_test_path("text.pdf"), 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_move_to(cr, 72, 72);
    cairo_show_text(cr, "no code here");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    expect_error(ck_test_path("text.pdf"), CK_ENOTFOUND,
                 "no QR code found in this PDF (looked at 1 page at 200 and 300 dpi)");
}

static void haru_quiet(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    (void)error, (void)detail, (void)data;
}

/* A libharu PDF (as the certificate is made) with the code as rectangles, encrypted with an
 * owner password and, if user is set, a password to open it. */
static bool haru_pdf(const char *path, const char *user)
{
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    HPDF_Doc pdf = HPDF_New(haru_quiet, NULL);
    if (!q || !pdf)
        return false;
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    const float m = 3.0f, x0 = 200, y0 = 300;
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                HPDF_Page_Rectangle(page, x0 + x * m, y0 + (q->width - 1 - y) * m, m, m);
    HPDF_Page_Fill(page);
    HPDF_SetPassword(pdf, "owner-secret", user ? user : "");
    HPDF_SetPermission(pdf, HPDF_ENABLE_PRINT);
    HPDF_SetEncryptionMode(pdf, HPDF_ENCRYPT_R3, 16);
    bool ok = HPDF_SaveToFile(pdf, path) == HPDF_OK;
    HPDF_Free(pdf);
    QRcode_free(q);
    return ok;
}

static void encrypted_pdf(void)
{
    /* Print-only permissions but no password to open: readable like any PDF. */
    const char *open = ck_test_path("permissions.pdf");
    CK_CHECK(haru_pdf(open, NULL));
    ck_scan_list *list = NULL;
    ck_err err = {0};
    CK_CHECK_INT(ck_scan_file(&list, open, &err), CK_OK);
    CK_CHECK(list && list->count == 1 && strcmp(list->codes[0].data, url) == 0);
    ck_scan_list_free(list);

    const char *locked = ck_test_path("locked.pdf");
    CK_CHECK(haru_pdf(locked, "user-secret"));
    expect_error(locked, CK_EINVAL, "is protected by a password");
}

static void bad_arguments(void)
{
    ck_err err = {0};
    ck_scan_list *list = NULL;
    CK_CHECK_INT(ck_scan_file(NULL, "x.png", &err), CK_EINVAL);
    CK_CHECK_INT(ck_scan_file(&list, NULL, &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "no file was named");
    CK_CHECK_INT(ck_scan_file(&list, "", &err), CK_EINVAL);
    CK_CHECK_INT(ck_scan_bytes(&list, NULL, 10, "card", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "card");
    CK_CHECK_INT(ck_scan_bytes(&list, "", 0, NULL, &err), CK_EINVAL);
    CK_CHECK_STR(err.msg, "the data is empty: scan or save the certificate again");
    CK_CHECK(list == NULL);
    /* A NULL err is allowed: the code alone comes back. */
    CK_CHECK_INT(ck_scan_file(&list, ck_test_path("none.png"), NULL), CK_ENOTFOUND);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(missing_and_not_files);
    CK_RUN(unreadable);
    CK_RUN(empty_text_and_garbage);
    CK_RUN(truncated_files);
    CK_RUN(damaged_inside);
    CK_RUN(huge_declared_sizes);
    CK_RUN(endless_progressive_jpeg);
    CK_RUN(too_many_bytes);
    CK_RUN(no_code_anywhere);
    CK_RUN(encrypted_pdf);
    CK_RUN(bad_arguments);
    return ck_test_done();
}
