/* Mutated PNG, JPEG and PDF files through scan/scan.h: never a crash, a hang or stderr noise.
 *
 * By default a short fixed run (same seed each time). For a longer one:
 *   CK_SCAN_FUZZ_SECONDS=300 [CK_SCAN_FUZZ_SEED=n] ./test_unit_scan_fuzz
 * The input being scanned is always in <tmp>/fuzz/current.bin (CK_KEEP=1 keeps it), so a
 * crash or hang can be replayed with ck_scan_file().
 */
#include <fcntl.h>
#include <hpdf.h>
#include <qrencode.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ck_test.h"
#include "qr_rig.h"
#include "scan/scan.h"

static const char url[] = "https://verify.example.org/c#5665614754";

typedef struct seed {
    const char *name;
    char *data;
    size_t len;
    bool png; /* fix chunk CRCs after mutating, so libpng looks past them */
} seed;

static uint64_t rng;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/* A mutated copy of s; *out_len gets its length. */
static unsigned char *mutate(const seed *s, size_t *out_len)
{
    size_t cap = s->len * 2 + 64, n = s->len;
    unsigned char *p = malloc(cap);
    memcpy(p, s->data, n);
    int rounds = 1 + (int)(next() % 4);
    for (int r = 0; r < rounds; r++) {
        size_t at = n ? next() % n : 0;
        switch (next() % 7) {
        case 0: /* flip bits */
            for (int k = 0; k < 1 + (int)(next() % 8); k++)
                p[next() % n] ^= (unsigned char)(1u << (next() % 8));
            break;
        case 1: { /* interesting bytes */
            static const unsigned char v[] = {0, 0xff, 0x7f, 0x80, 0x01, 0xfe};
            p[at] = v[next() % sizeof v];
            break;
        }
        case 2: /* truncate */
            if (at > 0)
                n = at;
            break;
        case 3: { /* delete a block */
            size_t k = next() % 64;
            if (at + k < n) {
                memmove(p + at, p + at + k, n - at - k);
                n -= k;
            }
            break;
        }
        case 4: { /* duplicate a block */
            size_t k = next() % 64;
            if (at + k <= n && n + k <= cap) {
                memmove(p + at + k, p + at, n - at);
                n += k;
            }
            break;
        }
        case 5: /* random run */
            for (size_t k = next() % 32; k > 0 && at < n; k--)
                p[at++] = (unsigned char)next();
            break;
        case 6: /* a big number in 4 bytes (sizes, lengths) */
            if (at + 4 <= n) {
                uint32_t v = next() % 2 ? 0x7fffffffu : next();
                memcpy(p + at, &v, 4);
            }
            break;
        }
        if (n == 0)
            n = 1;
    }
    if (s->png && next() % 4 != 0)
        ck_rig_fix_png_crcs(p, n);
    *out_len = n;
    return p;
}

static const char *current_path;

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] =
        "scan_fuzz: one scan took over 60 s; input left in fuzz/current.bin\n";
    ssize_t w = write(1, msg, sizeof msg - 1);
    (void)w;
    _exit(3);
}

static void haru_quiet(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    (void)error, (void)detail, (void)data;
}

/* An uncompressed libharu PDF: its drawing operators are plain text to mutate. */
static char *haru_seed(size_t *len)
{
    const char *path = ck_test_path("haru.pdf");
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    HPDF_Doc pdf = HPDF_New(haru_quiet, NULL);
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetWidth(page, 300);
    HPDF_Page_SetHeight(page, 300);
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                HPDF_Page_Rectangle(page, 40 + x * 4.0f, 260 - y * 4.0f, 4, 4);
    HPDF_Page_Fill(page);
    HPDF_SaveToFile(pdf, path);
    HPDF_Free(pdf);
    QRcode_free(q);
    return ck_test_read_file(path, len);
}

static void fuzz(void)
{
    seed seeds[4] = {{.name = "png", .png = true},
                     {.name = "jpeg"},
                     {.name = "cairo-pdf"},
                     {.name = "haru-pdf"}};
    const char *p = ck_test_path("seed.png");
    CK_CHECK(ck_qr_png(p, url, strlen(url), &(ck_qr_look){.module = 2}));
    seeds[0].data = ck_test_read_file(p, &seeds[0].len);
    p = ck_test_path("seed.jpg");
    CK_CHECK(ck_qr_jpeg(p, url, strlen(url), &(ck_qr_look){.module = 2, .jpeg_quality = 60}));
    seeds[1].data = ck_test_read_file(p, &seeds[1].len);
    p = ck_test_path("seed.pdf");
    CK_CHECK(ck_qr_pdf(p, url, strlen(url), &(ck_qr_look){.module = 2}));
    seeds[2].data = ck_test_read_file(p, &seeds[2].len);
    seeds[3].data = haru_seed(&seeds[3].len);
    for (int i = 0; i < 4; i++)
        CK_CHECK(seeds[i].data != NULL);

    /* The seeds themselves must scan, or the run proves little. */
    for (int i = 0; i < 4; i++) {
        ck_scan_list *list = NULL;
        CK_CHECK_INT(ck_scan_bytes(&list, seeds[i].data, seeds[i].len, seeds[i].name, NULL), CK_OK);
        ck_scan_list_free(list);
    }

    const char *env = getenv("CK_SCAN_FUZZ_SECONDS");
    double seconds = env && *env ? atof(env) : 0;
    /* Without a time: a fixed number of each kind (PDFs cost two renders when nothing is found). */
    const int fixed[4] = {150, 150, 12, 25};
    env = getenv("CK_SCAN_FUZZ_SEED");
    rng = env && *env ? strtoull(env, NULL, 10) : 20240611u;
    if (rng == 0)
        rng = 1;
    printf("     seed %llu, %s\n", (unsigned long long)rng,
           seconds > 0 ? "timed run" : "short run");

    current_path = ck_test_path("current.bin");
    const char *noise_path = ck_test_path("stderr.txt");
    fflush(stderr);
    int saved = dup(2), fd = open(noise_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    signal(SIGALRM, on_alarm);

    long runs[4] = {0}, found[4] = {0}, by_rc[CK_EINTERNAL + 1] = {0}, noisy[4] = {0};
    off_t heard = 0;
    double slowest = 0;
    struct timespec t0, t1, a, b;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long iter = 0;; iter++) {
        int k = (int)(iter % 4);
        if (seconds > 0) {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if ((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 > seconds)
                break;
        } else {
            bool more = false;
            for (int i = 0; i < 4; i++)
                more |= runs[i] < fixed[i];
            if (!more)
                break;
            if (runs[k] >= fixed[k])
                continue;
        }
        size_t n = 0;
        unsigned char *data = mutate(&seeds[k], &n);
        CK_CHECK(ck_rig_write(current_path, data, n));
        free(data);
        ck_scan_list *list = NULL;
        ck_err err = {0};
        alarm(60);
        clock_gettime(CLOCK_MONOTONIC, &a);
        ck_rc rc = ck_scan_file(&list, current_path, &err);
        clock_gettime(CLOCK_MONOTONIC, &b);
        alarm(0);
        double took = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
        if (took > slowest)
            slowest = took;
        runs[k]++;
        if (rc >= CK_OK && rc <= CK_EINTERNAL)
            by_rc[rc]++;
        if (rc == CK_OK) {
            found[k]++;
            CK_CHECK(list && list->count >= 1 && list->codes[0].data);
        } else {
            CK_CHECK(rc == CK_EINVAL || rc == CK_ENOTFOUND || rc == CK_ENOMEM);
            CK_CHECK(list == NULL);
            CK_CHECK_CONTAINS(err.msg, current_path);
            if (rc != CK_EINVAL && rc != CK_ENOTFOUND && rc != CK_ENOMEM)
                printf("     unexpected %s: %s\n", ck_strerror(rc), err.msg);
        }
        ck_scan_list_free(list);
        /* Did this input make anything write to stderr? */
        struct stat st;
        if (fstat(2, &st) == 0 && st.st_size > heard) {
            heard = st.st_size;
            noisy[k]++;
        }
        if (ck_test_failures)
            break; /* keep current.bin as the failing input */
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);

    for (int i = 0; i < 4; i++)
        printf("     %-9s %5ld runs, %5ld still read, %3ld wrote to stderr\n", seeds[i].name,
               runs[i], found[i], noisy[i]);
    printf("     results: ok %ld, invalid %ld, not found %ld, no memory %ld; slowest %.2f s\n",
           by_rc[CK_OK], by_rc[CK_EINVAL], by_rc[CK_ENOTFOUND], by_rc[CK_ENOMEM], slowest);
    size_t noise_len = 0;
    char *noise = ck_test_read_file(noise_path, &noise_len);
    if (noise_len)
        printf("     stderr got %zu bytes, starting: %.300s\n", noise_len, noise);
    /* PNG and JPEG decoding is silent. Poppler's cairo renderer writes a few complaints about
     * broken fonts straight to stderr (fprintf, not GLib logging): those are counted, and can
     * only be silenced by taking over the process's stderr, which a library must not do. */
    CK_CHECK_INT(noisy[0] + noisy[1], 0);
    free(noise);
    for (int i = 0; i < 4; i++)
        free(seeds[i].data);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(fuzz);
    return ck_test_done();
}
