/* Tiny test harness: checks that count failures, temp folders, running the binary. */
#ifndef CK_TEST_H
#define CK_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

extern int ck_test_failures;
extern const char *ck_test_current;

void ck_test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CK_CHECK(cond)                                                                             \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_test_fail(__FILE__, __LINE__, "check failed: %s", #cond);                           \
    } while (0)

#define CK_CHECK_INT(a, b)                                                                         \
    do {                                                                                           \
        long long ck_a_ = (long long)(a), ck_b_ = (long long)(b);                                  \
        if (ck_a_ != ck_b_)                                                                        \
            ck_test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, ck_a_, ck_b_);      \
    } while (0)

#define CK_CHECK_STR(a, b)                                                                         \
    do {                                                                                           \
        const char *ck_a_ = (a), *ck_b_ = (b);                                                     \
        if (!ck_a_ || !ck_b_ || strcmp(ck_a_, ck_b_) != 0)                                         \
            ck_test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,                 \
                         ck_a_ ? ck_a_ : "(null)", ck_b_ ? ck_b_ : "(null)");                      \
    } while (0)

#define CK_CHECK_CONTAINS(hay, needle)                                                             \
    do {                                                                                           \
        const char *ck_h_ = (hay), *ck_n_ = (needle);                                              \
        if (!ck_h_ || !strstr(ck_h_, ck_n_))                                                       \
            ck_test_fail(__FILE__, __LINE__, "%s should contain \"%s\", is:\n%s", #hay, ck_n_,     \
                         ck_h_ ? ck_h_ : "(null)");                                                \
    } while (0)

#define CK_CHECK_NOT_CONTAINS(hay, needle)                                                         \
    do {                                                                                           \
        const char *ck_h_ = (hay), *ck_n_ = (needle);                                              \
        if (ck_h_ && strstr(ck_h_, ck_n_))                                                         \
            ck_test_fail(__FILE__, __LINE__, "%s should not contain \"%s\", is:\n%s", #hay, ck_n_, \
                         ck_h_);                                                                   \
    } while (0)

/* Run one case if it matches the filter given on the command line. */
#define CK_RUN(fn) ck_test_run_case(#fn, fn)
void ck_test_run_case(const char *name, void (*fn)(void));
/* Call first in main(): remembers argv's filter. */
void ck_test_init(int argc, char **argv);
/* Call last in main(): prints a summary, returns the exit status. */
int ck_test_done(void);
/* Exit status that ctest reports as skipped: say why on stdout first. */
#define CK_TEST_SKIP 77

/* A fresh folder for this case, removed by ck_test_done() unless CK_KEEP is set. */
const char *ck_test_tmpdir(void);
/* tmpdir/name in a static ring of buffers. */
const char *ck_test_path(const char *name);

bool ck_test_write_file(const char *path, const char *text);
/* Whole file, NUL-terminated; caller frees. NULL if unreadable. */
char *ck_test_read_file(const char *path, size_t *len);

/* The result of running a program. */
typedef struct ck_proc {
    int status; /* exit status, or 128 + signal */
    char *out;  /* stdout, NUL-terminated */
    char *err;  /* stderr, NUL-terminated */
} ck_proc;
void ck_proc_clear(ck_proc *p);

/* Run argv (argv[0] searched in PATH), feeding stdin_text (may be NULL). out must start
 * zeroed ({0}); reusing it frees what it held. */
int ck_test_exec(ck_proc *out, const char *stdin_text, const char *const *argv);
/* Run $CK_BIN with the given arguments, NULL-terminated. */
int ck_test_bin(ck_proc *out, const char *stdin_text, ...);
#define CK_BIN(out, ...) ck_test_bin((out), NULL, __VA_ARGS__, (const char *)NULL)

/* Is a program on the PATH (command -v)? */
bool ck_test_have(const char *tool);

/* A python3 that can import module (Debian's /usr/bin/python3 first: its python3-* packages);
 * NULL when none can. */
const char *ck_test_python(const char *module);
/* Run tests/support/<script> with that python and args (NULL-terminated). */
int ck_test_python_script(ck_proc *out, const char *python, const char *script, ...);

/* Path of the classkiosk binary ($CK_BIN) and of the source tree ($CK_SOURCE_DIR). */
const char *ck_test_binary(void);
const char *ck_test_source_dir(void);

#endif
