/* common/: whole-file reads, atomic writes and their one error policy, growing arrays, wiping,
 * and ck_assert (aborts in a debug build, logs and lets the caller go on in a release one). */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ck_test.h"
#include "common/err.h"
#include "common/file.h"
#include "common/mem.h"

/* How many entries a folder has besides . and .. (a left-over temporary file shows here). */
static int entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static void reads_whole_files(void)
{
    char *text = NULL;
    size_t len = 0;
    ck_err err = {0};
    const char *path = ck_test_path("r.txt");
    CK_CHECK(ck_test_write_file(path, "hello\nworld"));
    CK_CHECK_INT(ck_file_read(&text, &len, path, 11, "roster", &err), CK_OK);
    CK_CHECK_STR(text, "hello\nworld");
    CK_CHECK_INT(len, 11);
    free(text);
    /* One byte over the limit, and the limit in words. */
    CK_CHECK_INT(ck_file_read(&text, &len, path, 10, "roster", &err), CK_EINVAL);
    CK_CHECK(text == NULL);
    CK_CHECK_CONTAINS(err.msg, "roster ");
    CK_CHECK_CONTAINS(err.msg, "is 11 bytes, more than the 10 bytes allowed");
    CK_CHECK_INT(ck_file_read(&text, NULL, ck_test_path("none.csv"), 100, "roster", &err),
                 CK_ENOTFOUND);
    CK_CHECK_CONTAINS(err.msg, "cannot open roster");
    CK_CHECK_CONTAINS(err.msg, "none.csv: it does not exist");
    CK_CHECK_INT(ck_file_read(&text, NULL, ck_test_tmpdir(), 100, "roster", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "is a folder, not a regular file");
    const char *fifo = ck_test_path("pipe");
    CK_CHECK(mkfifo(fifo, 0600) == 0);
    CK_CHECK_INT(ck_file_read(&text, NULL, fifo, 100, "key set", &err), CK_EINVAL); /* no wait */
    CK_CHECK_CONTAINS(err.msg, "not a regular file");
    CK_CHECK(ck_test_write_file(path, ""));
    CK_CHECK_INT(ck_file_read(&text, &len, path, 10, "roster", &err), CK_OK);
    CK_CHECK_STR(text, "");
    free(text);
}

static void secrets_stay_private(void)
{
    char *text = NULL;
    size_t len = 0;
    ck_err err = {0};
    const char *path = ck_test_path("k.key");
    CK_CHECK(ck_test_write_file(path, "secret"));
    chmod(path, 0640);
    CK_CHECK_INT(ck_file_read_secret(&text, &len, path, 100, "keyring", &err), CK_EINVAL);
    CK_CHECK_CONTAINS(err.msg, "mode 0640");
    CK_CHECK_CONTAINS(err.msg, "chmod 600");
    chmod(path, 0600);
    CK_CHECK_INT(ck_file_read_secret(&text, &len, path, 100, "keyring", &err), CK_OK);
    CK_CHECK_STR(text, "secret");
    ck_wipe(text, len);
    CK_CHECK(memcmp(text, "\0\0\0\0\0\0", 6) == 0);
    free(text);
    ck_wipe(NULL, 3); /* a no-op */
}

static void reads_streams(void)
{
    int fds[2];
    CK_CHECK(pipe(fds) == 0);
    CK_CHECK_INT(write(fds[1], "CKCERT:/5656", 12), 12);
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char *text = NULL;
    size_t len = 0;
    ck_err err = {0};
    CK_CHECK_INT(ck_file_read_stream(&text, &len, f, 12, "standard input", &err), CK_OK);
    CK_CHECK_STR(text, "CKCERT:/5656");
    free(text);
    fclose(f);

    CK_CHECK(pipe(fds) == 0);
    CK_CHECK_INT(write(fds[1], "0123456789", 10), 10);
    close(fds[1]);
    f = fdopen(fds[0], "r");
    CK_CHECK_INT(ck_file_read_stream(&text, &len, f, 9, "standard input", &err), CK_EINVAL);
    CK_CHECK_STR(err.msg, "standard input holds more than 9 bytes; is it the right input?");
    fclose(f);
}

static void writes_atomically(void)
{
    ck_err err = {0};
    const char *dir = ck_test_path("w");
    mkdir(dir, 0700);
    char path[4200];
    snprintf(path, sizeof path, "%s/list.jws", dir);
    CK_CHECK_INT(ck_file_write(path, "first", 5, 0644, "revocation list", &err), CK_OK);
    CK_CHECK_INT(ck_file_write(path, "second", 6, 0644, "revocation list", &err), CK_OK);
    char *text = ck_test_read_file(path, NULL);
    CK_CHECK_STR(text, "second");
    free(text);
    struct stat st;
    CK_CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    CK_CHECK_INT(entries(dir), 1); /* no temporary file left */

    /* Exclusive: only where nothing is; what is there stays. */
    ck_file_staged f;
    CK_CHECK_INT(ck_file_stage(&f, path, "third", 5, 0600, "keyring", &err), CK_OK);
    CK_CHECK_INT(entries(dir), 2);
    CK_CHECK_INT(ck_file_commit(&f, true, &err), CK_ESTATE);
    CK_CHECK_CONTAINS(err.msg, "already exists; it was left as it is");
    CK_CHECK_INT(entries(dir), 1);
    text = ck_test_read_file(path, NULL);
    CK_CHECK_STR(text, "second");
    free(text);
    /* A staged file that is discarded leaves nothing behind. */
    CK_CHECK_INT(ck_file_stage(&f, path, "fourth", 6, 0600, "keyring", &err), CK_OK);
    ck_file_discard(&f);
    ck_file_discard(&f);
    CK_CHECK_INT(entries(dir), 1);
}

/* The same words for each kind of failure, whatever the file. */
static void one_error_policy(void)
{
    ck_err err = {0};
    CK_CHECK_INT(ck_file_write("/nowhere/at/all/x.pdf", "x", 1, 0644, "certificate", &err), CK_EIO);
    CK_CHECK_STR(err.msg, "cannot write certificate /nowhere/at/all/x.pdf: the folder "
                          "/nowhere/at/all does not exist; create it or choose another path");
    const char *taken = ck_test_path("taken");
    mkdir(taken, 0700);
    CK_CHECK_INT(ck_file_write(taken, "x", 1, 0644, "certificate", &err), CK_EIO);
    CK_CHECK_CONTAINS(err.msg, "a folder of that name is in the way");
    CK_CHECK_INT(entries(ck_test_tmpdir()), 1);

    /* A disk that fills up: a child whose files may not grow past 100 bytes. */
    const char *full = ck_test_path("full.bin");
    int fds[2];
    CK_CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {.rlim_cur = 100, .rlim_max = 100};
        signal(SIGXFSZ, SIG_IGN);
        static char big[4096];
        ck_rc rc = setrlimit(RLIMIT_FSIZE, &rl) == 0
                       ? ck_file_write(full, big, sizeof big, 0644, "page", &err)
                       : CK_EINTERNAL;
        ssize_t w = write(fds[1], err.msg, strlen(err.msg));
        (void)w;
        _exit((int)rc);
    }
    close(fds[1]);
    char msg[1024];
    ssize_t n = read(fds[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    CK_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == CK_EIO);
    CK_CHECK_CONTAINS(msg, "the disk is full");
    CK_CHECK_CONTAINS(msg, "check that the disk has room");
    CK_CHECK_INT(entries(ck_test_tmpdir()), 1); /* the half-written temporary is gone */
}

static void arrays_grow(void)
{
    int *list = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 1000; i++) {
        CK_CHECK(ck_array_reserve(&list, &cap, n + 1, sizeof *list));
        list[n++] = i;
    }
    CK_CHECK(cap >= 1000 && cap < 2048);
    CK_CHECK_INT(list[999], 999);
    /* Too large to count is refused, the array untouched. */
    size_t before = cap;
    CK_CHECK(!ck_array_reserve(&list, &cap, SIZE_MAX / 2, sizeof *list));
    CK_CHECK_INT(cap, before);
    CK_CHECK_INT(list[500], 500);
    free(list);
}

static bool fallback_taken;

/* What a caller does with an invariant: the defensive path when it does not hold. */
static ck_rc guarded(int n, int cap, ck_err *err)
{
    if (!ck_assert(n <= cap)) {
        fallback_taken = true;
        return ck_err_set(err, CK_EINTERNAL, "a count went past its capacity");
    }
    return CK_OK;
}

static void assert_in_debug_and_release(void)
{
    ck_err err = {0};
    CK_CHECK_INT(guarded(1, 2, &err), CK_OK);
    int fds[2];
    CK_CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        ck_rc rc = guarded(3, 2, &err);
        _exit(rc == CK_EINTERNAL && fallback_taken ? 0 : 1);
    }
    close(fds[1]);
    char msg[1024];
    ssize_t n = read(fds[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    CK_CHECK_CONTAINS(msg, "internal error at ");
    CK_CHECK_CONTAINS(msg, "\"n <= cap\" does not hold");
#ifdef NDEBUG
    CK_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0); /* logged, and the caller went on */
#else
    CK_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT); /* stopped where it happened */
#endif
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(reads_whole_files);
    CK_RUN(secrets_stay_private);
    CK_RUN(reads_streams);
    CK_RUN(writes_atomically);
    CK_RUN(one_error_policy);
    CK_RUN(arrays_grow);
    CK_RUN(assert_in_debug_and_release);
    return ck_test_done();
}
