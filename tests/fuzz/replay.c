/* Without libFuzzer: replay files and folders of inputs through a harness (ctest fuzz.<name>).
 * Usage: fuzz_<name> [--expect-known] PATH…   Folders are read in name order, dotfiles skipped.
 * --expect-known: fail unless every bug in ck_fuzz_known_bugs reproduced from the inputs. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static size_t replayed;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    for (size_t n; buf && (n = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += n;
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "fuzz: out of memory reading %s\n", path);
        return 1;
    }
    /* An exact-size copy, so that ASan sees a read past the input's end. */
    uint8_t *exact = malloc(len ? len : 1);
    if (len)
        memcpy(exact, buf, len);
    free(buf);
    ck_fuzz_input = path;
    LLVMFuzzerTestOneInput(exact, len);
    ck_fuzz_input = NULL;
    free(exact);
    replayed++;
    return 0;
}

static int replay(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "fuzz: %s does not exist\n", path);
        return 1;
    }
    if (!S_ISDIR(sb.st_mode))
        return replay_file(path);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "fuzz: cannot read the folder %s\n", path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
        }
        size_t size = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(size);
        snprintf(names[n++], size, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        rc |= replay(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    bool expect_known = false;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect-known") == 0)
            expect_known = true;
        else
            rc |= replay(argv[i]);
    }
    printf("%zu input(s) replayed, every property held\n", replayed);
    for (size_t i = 0; ck_fuzz_known_bugs[i]; i++) {
        unsigned long hits = ck_fuzz_known_hits(ck_fuzz_known_bugs[i]);
        printf("%s: %lu input(s)\n", ck_fuzz_known_bugs[i], hits);
        if (expect_known && hits == 0) {
            fprintf(stderr,
                    "fuzz: %s no longer reproduces from the seed corpus: if it is fixed, make its "
                    "CK_KNOWN_BUG a CK_PROPERTY and drop it from ck_fuzz_known_bugs\n",
                    ck_fuzz_known_bugs[i]);
            rc = 1;
        }
    }
    return rc;
}
