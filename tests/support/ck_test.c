/* Tiny test harness: checks that count failures, temp folders, running the binary. */
#include "ck_test.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int ck_test_failures;
const char *ck_test_current = "";
static const char *filter;
static int cases_run;
static char tmp_root[4096];
static char case_dir[4096];

void ck_test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "FAIL %s (%s:%d): ", ck_test_current, file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ck_test_failures++;
}

void ck_test_init(int argc, char **argv)
{
    const char *base = getenv("TMPDIR");
    filter = argc > 1 ? argv[1] : NULL;
    snprintf(tmp_root, sizeof tmp_root, "%s/cktest-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmp_root)) {
        perror("mkdtemp");
        exit(2);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
}

void ck_test_run_case(const char *name, void (*fn)(void))
{
    int before = ck_test_failures;
    if (filter && !strstr(name, filter))
        return;
    ck_test_current = name;
    case_dir[0] = '\0';
    fn();
    cases_run++;
    printf("%s %s\n", ck_test_failures == before ? "ok  " : "FAIL", name);
}

static void remove_tree(const char *path)
{
    const char *argv[] = {"rm", "-rf", path, NULL};
    ck_proc p = {0};
    ck_test_exec(&p, NULL, argv);
    ck_proc_clear(&p);
}

int ck_test_done(void)
{
    if (getenv("CK_KEEP"))
        printf("kept %s\n", tmp_root);
    else
        remove_tree(tmp_root);
    printf("%d case(s), %d failure(s)\n", cases_run, ck_test_failures);
    if (cases_run == 0 && filter) {
        fprintf(stderr, "no case matches \"%s\"\n", filter);
        return 1;
    }
    return ck_test_failures ? 1 : 0;
}

const char *ck_test_tmpdir(void)
{
    if (!case_dir[0]) {
        snprintf(case_dir, sizeof case_dir, "%s/%s", tmp_root, ck_test_current);
        if (mkdir(case_dir, 0700) != 0 && errno != EEXIST) {
            perror(case_dir);
            exit(2);
        }
    }
    return case_dir;
}

const char *ck_test_path(const char *name)
{
    static char ring[8][4096];
    static int next;
    char *buf = ring[next++ % 8];
    snprintf(buf, sizeof ring[0], "%s/%s", ck_test_tmpdir(), name);
    return buf;
}

bool ck_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    size_t n = strlen(text);
    bool ok = fwrite(text, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

char *ck_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void ck_proc_clear(ck_proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
    p->status = 0;
}

typedef struct sink {
    char *buf;
    size_t len, cap;
} sink;

static void sink_add(sink *s, const char *data, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *grown = realloc(s->buf, cap);
        if (!grown)
            abort(); /* a test harness may stop here */
        s->buf = grown;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

int ck_test_exec(ck_proc *out, const char *stdin_text, const char *const *argv)
{
    int in[2], o[2], e[2];
    ck_proc_clear(out); /* a ck_proc may be reused: what it held before is freed */
    sink so = {0}, se = {0};
    sink_add(&so, "", 0);
    sink_add(&se, "", 0);
    if (pipe(in) || pipe(o) || pipe(e))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(o[1], 1);
        dup2(e[1], 2);
        close(in[0]), close(in[1]), close(o[0]), close(o[1]), close(e[0]), close(e[1]);
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in[0]), close(o[1]), close(e[1]);
    signal(SIGPIPE, SIG_IGN);
    size_t in_len = stdin_text ? strlen(stdin_text) : 0, in_off = 0;
    if (in_len == 0) {
        close(in[1]);
        in[1] = -1;
    }
    struct pollfd fds[3] = {{.fd = o[0], .events = POLLIN},
                            {.fd = e[0], .events = POLLIN},
                            {.fd = in[1], .events = POLLOUT}};
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        char buf[8192];
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t n = read(fds[i].fd, buf, sizeof buf);
                if (n > 0)
                    sink_add(i == 0 ? &so : &se, buf, (size_t)n);
                else if (n == 0 || errno != EINTR) {
                    close(fds[i].fd);
                    fds[i].fd = -1;
                }
            }
        }
        if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(fds[2].fd, stdin_text + in_off, in_len - in_off);
            if (n > 0)
                in_off += (size_t)n;
            if (n < 0 || in_off == in_len) {
                close(fds[2].fd);
                fds[2].fd = -1;
            }
        }
    }
    if (fds[2].fd >= 0)
        close(fds[2].fd);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    out->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    out->out = so.buf;
    out->err = se.buf;
    return out->status;
}

const char *ck_test_binary(void)
{
    const char *bin = getenv("CK_BIN");
    if (!bin || !*bin) {
        fprintf(stderr, "CK_BIN is not set: run the tests through ctest\n");
        exit(2);
    }
    return bin;
}

const char *ck_test_source_dir(void)
{
    const char *dir = getenv("CK_SOURCE_DIR");
    return dir && *dir ? dir : ".";
}

int ck_test_bin(ck_proc *out, const char *stdin_text, ...)
{
    const char *argv[64];
    int n = 0;
    va_list ap;
    argv[n++] = ck_test_binary();
    va_start(ap, stdin_text);
    const char *arg;
    while ((arg = va_arg(ap, const char *)) != NULL && n < 63)
        argv[n++] = arg;
    va_end(ap);
    argv[n] = NULL;
    return ck_test_exec(out, stdin_text, argv);
}

const char *ck_test_python(const char *module)
{
    static const char *const candidates[] = {"/usr/bin/python3", "python3"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        char code[160];
        snprintf(code, sizeof code, "import %s", module);
        const char *argv[] = {candidates[i], "-c", code, NULL};
        ck_proc p = {0};
        bool ok = ck_test_exec(&p, NULL, argv) == 0;
        ck_proc_clear(&p);
        if (ok)
            return candidates[i];
    }
    return NULL;
}

int ck_test_python_script(ck_proc *out, const char *python, const char *script, ...)
{
    char path[4096];
    const char *argv[40] = {python, path};
    int n = 2;
    snprintf(path, sizeof path, "%s/tests/support/%s", ck_test_source_dir(), script);
    va_list ap;
    va_start(ap, script);
    const char *arg;
    while ((arg = va_arg(ap, const char *)) != NULL && n < 39)
        argv[n++] = arg;
    va_end(ap);
    argv[n] = NULL;
    return ck_test_exec(out, NULL, argv);
}

bool ck_test_have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v '%s'", tool);
    const char *argv[] = {"sh", "-c", cmd, NULL};
    ck_proc p = {0};
    bool ok = ck_test_exec(&p, NULL, argv) == 0;
    ck_proc_clear(&p);
    return ok;
}
