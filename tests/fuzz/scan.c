/* Fuzzing scan/: any bytes as a scanned PNG, JPEG or PDF file (PNG chunk checksums made right
 * first, so that libpng looks past them), and the same bytes drawn as a QR code into a PNG
 * (tests/support/qr_rig.c).
 * What is found is what the file type said and holds exactly the code's bytes; a code drawn
 * from the input reads back as exactly the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "qr_rig.h"
#include "scan/scan.h"

const char *const ck_fuzz_known_bugs[] = {NULL};

/* Longest input also drawn as a QR code (byte mode, level Q: version 15). The rig's file
 * also silences fontconfig's lifelong allocations for LeakSanitizer. */
#define DRAWN_MAX 256

static void check_list(const ck_scan_list *list, const uint8_t *data, size_t size)
{
    ck_scan_kind want = size >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0 ? CK_SCAN_PNG
                        : size >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0    ? CK_SCAN_JPEG
                                                                               : CK_SCAN_PDF;
    CK_PROPERTY(list->kind == want, "a %s read as %s", ck_scan_kind_name(want),
                ck_scan_kind_name(list->kind));
    CK_PROPERTY(list->count >= 1, "a list of no codes");
    for (size_t i = 0; i < list->count; i++) {
        const ck_scan_code *c = &list->codes[i];
        CK_PROPERTY(c->data && c->data[c->len] == '\0', "code %zu is not NUL-terminated", i + 1);
        CK_PROPERTY(c->page >= 1 && c->page <= (want == CK_SCAN_PDF ? CK_SCAN_MAX_PAGES : 1),
                    "code %zu is on page %d", i + 1, c->page);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (size)
        memcpy(copy, data, size);
    if (size >= 8 && memcmp(copy, "\x89PNG\r\n\x1a\n", 8) == 0)
        ck_rig_fix_png_crcs(copy, size);
    ck_scan_list *list = NULL;
    ck_err err = {0};
    ck_rc rc = ck_scan_bytes(&list, copy, size, "scan.bin", &err);
    if (rc == CK_OK) {
        check_list(list, copy, size);
    } else {
        CK_PROPERTY(list == NULL && strstr(err.msg, "scan.bin"),
                    "a refused scan without a message naming the file: %s", err.msg);
        CK_PROPERTY(rc == CK_EINVAL || rc == CK_ENOTFOUND || rc == CK_ENOMEM,
                    "a scan failed with code %d: %s", rc, err.msg);
    }
    ck_scan_list_free(list);
    free(copy);

    if (size == 0 || size > DRAWN_MAX)
        return 0;
    static char drawn[4200];
    if (!drawn[0])
        snprintf(drawn, sizeof drawn, "%s/drawn.png", ck_fuzz_tmpdir());
    if (!ck_qr_png(drawn, data, size, &(ck_qr_look){.module = 3, .binary = true}))
        return 0;
    list = NULL;
    rc = ck_scan_file(&list, drawn, &err);
    CK_PROPERTY(rc == CK_OK, "a QR code drawn from %zu bytes is not found: %s", size, err.msg);
    CK_PROPERTY(list->count == 1 && list->codes[0].len == size &&
                    memcmp(list->codes[0].data, data, size) == 0,
                "%zu bytes drawn as a QR code read back as %zu other bytes", size,
                list->codes[0].len);
    ck_scan_list_free(list);
    return 0;
}
