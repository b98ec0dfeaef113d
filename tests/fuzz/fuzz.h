/* libFuzzer harnesses: the entry point, properties that must hold, known bugs, shared checks.
 *
 * Each tests/fuzz/<name>.c defines LLVMFuzzerTestOneInput() and ck_fuzz_known_bugs[]. Built
 * with clang and -DCK_FUZZ=ON it links libFuzzer (scripts/fuzz); otherwise it links replay.c
 * and ctest replays tests/fuzz/corpus/<name>/ through it (the test fuzz.<name>).
 */
#ifndef CK_FUZZ_H
#define CK_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point: one input, always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bugs today's code is known to have, each a name "KNOWN_BUG_…", NULL-terminated. A known
 * bug is a property that should hold and does not yet: it is checked with CK_KNOWN_BUG, never
 * weakened. The corpus replay fails when one no longer reproduces from the seed corpus, so the
 * fix that cures it also turns its check into a CK_PROPERTY. */
extern const char *const ck_fuzz_known_bugs[];

/* A property every input must keep. When it does not: a message and abort(), which libFuzzer
 * keeps as a crash file and the replay reports with the input's path. */
#define CK_PROPERTY(cond, ...)                                                                     \
    ((cond) ? (void)0 : ck_fuzz_broken(__FILE__, __LINE__, #cond, __VA_ARGS__))

/* A property today's code is known to break; name is in ck_fuzz_known_bugs. Said once per
 * process and counted, not fatal, unless CK_FUZZ_STRICT=1 is set (to hunt for reproducers). */
#define CK_KNOWN_BUG(name, cond, ...)                                                              \
    ((cond) ? (void)0 : ck_fuzz_known(name, __FILE__, __LINE__, __VA_ARGS__))

void ck_fuzz_broken(const char *file, int line, const char *cond, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));
void ck_fuzz_known(const char *name, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* How many inputs broke the known bug name in this process. */
unsigned long ck_fuzz_known_hits(const char *name);

/* The input being replayed (its path), for messages; NULL under libFuzzer. */
extern const char *ck_fuzz_input;

/* A NUL-terminated copy of data; exits when memory runs out (no property to blame). */
char *ck_fuzz_strndup(const uint8_t *data, size_t size);
/* A folder of this process's own, removed with what it holds when the process exits normally
 * (a timed libFuzzer run ends without that: scripts/fuzz gives each run a TMPDIR it removes). */
const char *ck_fuzz_tmpdir(void);
/* Write len bytes to path with the given mode; false on any failure. */
bool ck_fuzz_write(const char *path, const void *data, size_t len, unsigned mode);

/* Whether s[0..n) is UTF-8 as RFC 3629 defines it (no overlongs, surrogates or code points past
 * U+10FFFF) without NUL. The harnesses' own decoder, to check the code's against. */
bool ck_fuzz_utf8(const char *s, size_t n);
/* The code point at s (valid UTF-8 assumed), its length in *len. */
int32_t ck_fuzz_utf8_next(const char *s, size_t *len);

/* The properties of a person's name as stored: non-empty, valid UTF-8, NFC, no control
 * characters, trimmed, single spaces, at most CK_NAME_MAX bytes, something visible, no format
 * (but joiners), private-use or separator characters, no Unicode space at either end or two in
 * a row. what says where it came from in messages. */
void ck_fuzz_check_name(const char *name, const char *what);

/* The RFC 7638 thumbprint of an Ed25519 key given as its base64url "x", computed here rather
 * than by cred/: out gets 43 characters and a NUL. */
void ck_fuzz_thumbprint(char out[44], const char *x);

#endif
