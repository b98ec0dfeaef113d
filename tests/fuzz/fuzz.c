/* What the harnesses share: failing a property, counting known bugs, a temp folder, own checks. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <ftw.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "core/names.h"

const char *ck_fuzz_input;

#define MAX_KNOWN 32
static unsigned long known_hits[MAX_KNOWN];

static void where(void)
{
    if (ck_fuzz_input)
        fprintf(stderr, "fuzz: the input is %s\n", ck_fuzz_input);
}

void ck_fuzz_broken(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "\nfuzz: PROPERTY FAILED at %s:%d: %s\nfuzz: ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    where();
    fflush(stderr);
    abort();
}

static size_t known_index(const char *name)
{
    for (size_t i = 0; i < MAX_KNOWN && ck_fuzz_known_bugs[i]; i++)
        if (strcmp(ck_fuzz_known_bugs[i], name) == 0)
            return i;
    return SIZE_MAX;
}

void ck_fuzz_known(const char *name, const char *file, int line, const char *fmt, ...)
{
    size_t i = known_index(name);
    const char *strict = getenv("CK_FUZZ_STRICT");
    bool fatal = i == SIZE_MAX || (strict && *strict && strcmp(strict, "0") != 0);
    if (i != SIZE_MAX && known_hits[i]++ > 0 && !fatal)
        return;
    va_list ap;
    if (i == SIZE_MAX)
        fprintf(stderr, "\nfuzz: %s is not listed in ck_fuzz_known_bugs of this harness\n", name);
    fprintf(stderr, "\nfuzz: %s %s at %s:%d\nfuzz: ", fatal ? "PROPERTY FAILED:" : "known bug",
            name, file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    where();
    if (fatal) {
        fflush(stderr);
        abort();
    }
    fprintf(stderr, "fuzz: (not fatal: a known bug is said once; CK_FUZZ_STRICT=1 makes it "
                    "a crash)\n");
}

unsigned long ck_fuzz_known_hits(const char *name)
{
    size_t i = known_index(name);
    return i == SIZE_MAX ? 0 : known_hits[i];
}

char *ck_fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) {
        fprintf(stderr, "fuzz: out of memory for %zu bytes\n", size);
        exit(1);
    }
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

static char tmpdir[4096];

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void remove_tmpdir(void)
{
    if (tmpdir[0])
        nftw(tmpdir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

const char *ck_fuzz_tmpdir(void)
{
    if (tmpdir[0])
        return tmpdir;
    /* /dev/shm when there is one: the schedule harness's database writes on every input. */
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/ck-fuzz-XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "fuzz: cannot make a folder %s\n", tmpdir);
        exit(1);
    }
    atexit(remove_tmpdir);
    return tmpdir;
}

bool ck_fuzz_write(const char *path, const void *data, size_t len, unsigned mode)
{
    remove(path);
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    return ok && chmod(path, (mode_t)mode) == 0;
}

bool ck_fuzz_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t need;
        uint32_t cp, min;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0)
            need = 1, cp = c & 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0)
            need = 2, cp = c & 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0)
            need = 3, cp = c & 0x07, min = 0x10000;
        else
            return false;
        if (n - i <= need)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (p[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += need + 1;
    }
    return true;
}

int32_t ck_fuzz_utf8_next(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) {
        *len = 1;
        return p[0];
    }
    size_t need = p[0] >= 0xf0 ? 3 : p[0] >= 0xe0 ? 2 : 1;
    int32_t cp = p[0] & (0x3f >> need);
    for (size_t k = 1; k <= need; k++)
        cp = cp << 6 | (p[k] & 0x3f);
    *len = need + 1;
    return cp;
}

static bool is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

void ck_fuzz_check_name(const char *name, const char *what)
{
    size_t n = strlen(name);
    CK_PROPERTY(n > 0, "%s is empty", what);
    CK_PROPERTY(n <= CK_NAME_MAX, "%s is %zu bytes, more than %d", what, n, CK_NAME_MAX);
    CK_PROPERTY(ck_fuzz_utf8(name, n), "%s \"%s\" is not valid UTF-8", what, name);
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)name);
    CK_PROPERTY(nfc && strcmp(nfc, name) == 0, "%s \"%s\" is not in NFC", what, name);
    free(nfc);

    bool visible = false, odd = false, space_ok = true, prev_space = true, prev_ascii_space = true;
    int32_t odd_cp = 0, last = 0;
    for (size_t i = 0, len = 0; i < n; i += len) {
        int32_t cp = ck_fuzz_utf8_next(name + i, &len);
        utf8proc_category_t cat = utf8proc_category(cp);
        CK_PROPERTY(cat != UTF8PROC_CATEGORY_CC, "%s \"%s\" holds the control character U+%04X",
                    what, name, (unsigned)cp);
        CK_PROPERTY(cat != UTF8PROC_CATEGORY_CN, "%s \"%s\" holds the unassigned U+%04X", what,
                    name, (unsigned)cp);
        CK_PROPERTY(cp != '\t' && cp != '\n' && cp != '\r', "%s \"%s\" holds a tab or line break",
                    what, name);
        CK_PROPERTY(!(cp == ' ' && prev_ascii_space),
                    "%s \"%s\" has a space at its start or two in a row", what, name);
        if (is_space(cp) && prev_space)
            space_ok = false;
        prev_space = is_space(cp);
        prev_ascii_space = cp == ' ';
        last = cp;
        bool ignorable = utf8proc_get_property(cp)->ignorable;
        if (!ignorable && ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_SO)))
            visible = true;
        /* Zero-width (non-)joiners belong in some scripts' names; other format characters,
         * private-use characters and line or paragraph separators do not. */
        if ((cat == UTF8PROC_CATEGORY_CF && cp != 0x200C && cp != 0x200D) ||
            cat == UTF8PROC_CATEGORY_CO || cat == UTF8PROC_CATEGORY_ZL ||
            cat == UTF8PROC_CATEGORY_ZP) {
            odd = true;
            odd_cp = cp;
        }
    }
    CK_PROPERTY(last != ' ', "%s \"%s\" ends with a space", what, name);
    if (is_space(last))
        space_ok = false;
    CK_PROPERTY(visible, "%s \"%s\" has no visible character", what, name);
    CK_PROPERTY(!odd, "%s \"%s\" holds U+%04X, a format, private-use or separator character", what,
                name, (unsigned)odd_cp);
    CK_PROPERTY(space_ok, "%s \"%s\" starts or ends with a Unicode space, or has two in a row",
                what, name);
}

void ck_fuzz_thumbprint(char out[44], const char *x)
{
    char input[128];
    unsigned char digest[crypto_hash_sha256_BYTES];
    int n = snprintf(input, sizeof input, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}", x);
    crypto_hash_sha256(digest, (const unsigned char *)input, (unsigned long long)n);
    sodium_bin2base64(out, 44, digest, sizeof digest, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
