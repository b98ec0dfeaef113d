/* A throwaway PostgreSQL server for the sync tests, and a loopback proxy that cuts
 * connections at random points. */
#include "pg_rig.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OWNER "owner"

struct ck_pg {
    char bin[512]; /* PostgreSQL's server programs */
    char dir[512]; /* the folder: data/, the socket, the log, the password */
    char password[40];
    char ca[600];
    bool ssl;
    int port;
    pid_t pid;
    uid_t uid; /* who runs the server: nobody when the test runs as root */
    gid_t gid;
};

/* The newest PostgreSQL whose server programs are installed, 15 first. */
static bool find_bin(char *out, size_t n)
{
    static const char *const versions[] = {"15", "16", "17", "14", "13", NULL};
    for (size_t i = 0; versions[i]; i++) {
        char path[512];
        snprintf(path, sizeof path, "/usr/lib/postgresql/%s/bin/initdb", versions[i]);
        if (access(path, X_OK) == 0) {
            snprintf(out, n, "/usr/lib/postgresql/%s/bin", versions[i]);
            return true;
        }
    }
    return false;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* Run argv as the server's user, output to log (appended); wait unless background. */
static pid_t run_as(const ck_pg *pg, const char *const *argv, const char *log, bool background)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        /* Its own process group, so a test's signals do not reach it. */
        setpgid(0, 0);
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(pg->gid) != 0 || setuid(pg->uid) != 0)) {
            perror("dropping to the server's user");
            _exit(126);
        }
        execv(argv[0], (char *const *)argv);
        perror(argv[0]);
        _exit(127);
    }
    if (background)
        return pid;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static bool give_to_server(const ck_pg *pg, const char *path, mode_t mode)
{
    if (geteuid() == 0 && chown(path, pg->uid, pg->gid) != 0)
        return false;
    return chmod(path, mode) == 0;
}

static void print_log(const ck_pg *pg, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", pg->dir, name);
    char *text = ck_test_read_file(path, NULL);
    if (text)
        fprintf(stderr, "--- %s ---\n%s\n", path, text);
    free(text);
}

static bool sh(const char *cmd)
{
    int rc = system(cmd);
    return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

/* A CA and a certificate for localhost and 127.0.0.1 signed by it, with openssl. */
static bool make_certificates(ck_pg *pg)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && "
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             " -keyout ca.key -out ca.crt -days 2 -subj '/CN=classkiosk test CA' 2>/dev/null && "
             "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             " -keyout server.key -out server.csr -subj '/CN=localhost' 2>/dev/null && "
             "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext && "
             "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
             " -out server.crt -days 2 -extfile san.ext 2>/dev/null",
             pg->dir);
    if (!sh(cmd)) {
        ck_test_fail(__FILE__, __LINE__, "openssl could not make the test certificates");
        return false;
    }
    char key[700], crt[700];
    snprintf(key, sizeof key, "%s/server.key", pg->dir);
    snprintf(crt, sizeof crt, "%s/server.crt", pg->dir);
    snprintf(pg->ca, sizeof pg->ca, "%s/ca.crt", pg->dir);
    return give_to_server(pg, key, 0600) && give_to_server(pg, crt, 0644) &&
           chmod(pg->ca, 0644) == 0;
}

static bool wait_ready(ck_pg *pg)
{
    char conninfo[256];
    snprintf(conninfo, sizeof conninfo, "host=127.0.0.1 port=%d dbname=postgres connect_timeout=2",
             pg->port);
    for (int i = 0; i < 300; i++) {
        if (PQping(conninfo) == PQPING_OK)
            return true;
        int status = 0;
        if (waitpid(pg->pid, &status, WNOHANG) == pg->pid) {
            pg->pid = 0;
            return false;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return false;
}

bool ck_pg_start_again(ck_pg *pg)
{
    char data[700], log[700], port[16];
    snprintf(data, sizeof data, "%s/data", pg->dir);
    snprintf(log, sizeof log, "%s/server.log", pg->dir);
    snprintf(port, sizeof port, "%d", pg->port);
    char postgres[600];
    snprintf(postgres, sizeof postgres, "%s/postgres", pg->bin);
    char sslcert[800], sslkey[800];
    snprintf(sslcert, sizeof sslcert, "ssl_cert_file=%s/server.crt", pg->dir);
    snprintf(sslkey, sizeof sslkey, "ssl_key_file=%s/server.key", pg->dir);
    char sockets[700];
    snprintf(sockets, sizeof sockets, "unix_socket_directories=%s", pg->dir);
    const char *argv[32] = {postgres,
                            "-D",
                            data,
                            "-p",
                            port,
                            "-c",
                            "listen_addresses=127.0.0.1",
                            "-c",
                            sockets,
                            "-c",
                            "fsync=off",
                            "-c",
                            "max_connections=200",
                            "-c",
                            "log_min_messages=warning"};
    int n = 15;
    if (pg->ssl) {
        argv[n++] = "-c";
        argv[n++] = "ssl=on";
        argv[n++] = "-c";
        argv[n++] = sslcert;
        argv[n++] = "-c";
        argv[n++] = sslkey;
    }
    argv[n] = NULL;
    pg->pid = run_as(pg, argv, log, true);
    if (pg->pid <= 0 || !wait_ready(pg)) {
        print_log(pg, "server.log");
        ck_test_fail(__FILE__, __LINE__, "the PostgreSQL server did not start on port %d",
                     pg->port);
        return false;
    }
    return true;
}

ck_pg *ck_pg_start(const ck_pg_opts *opts, bool *skip)
{
    *skip = false;
    ck_pg *pg = calloc(1, sizeof *pg);
    if (!pg)
        return NULL;
    if (!find_bin(pg->bin, sizeof pg->bin)) {
        /* scripts/test installed it (scripts/deps test) and says so: there, a skip is a
         * failure, so CI cannot pass without these tests. */
        bool required = getenv("CK_TEST_REQUIRE_PG") != NULL;
        printf("%s: PostgreSQL's server (postgresql-15) is not installed; "
               "\"scripts/deps test\" installs it\n",
               required ? "failed" : "skipped");
        free(pg);
        *skip = !required;
        return NULL;
    }
    pg->ssl = opts && opts->ssl;
    pg->uid = geteuid();
    pg->gid = getegid();
    if (geteuid() == 0) {
        /* PostgreSQL refuses to run as root: the server runs as nobody, in a folder of its. */
        struct passwd *pw = getpwnam("nobody");
        if (!pw) {
            ck_test_fail(__FILE__, __LINE__, "running as root, and there is no user nobody");
            free(pg);
            return NULL;
        }
        pg->uid = pw->pw_uid;
        pg->gid = pw->pw_gid;
    }
    snprintf(pg->dir, sizeof pg->dir, "/tmp/ckpg-XXXXXX");
    if (!mkdtemp(pg->dir) || !give_to_server(pg, pg->dir, 0700)) {
        ck_test_fail(__FILE__, __LINE__, "cannot make a folder for the test server");
        free(pg);
        return NULL;
    }
    /* A password for the owner, known only to this test. */
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    for (size_t i = 0; i < 24; i++)
        pg->password[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[rand_r(&seed) % 36];
    char pwfile[700], data[700], log[700];
    snprintf(pwfile, sizeof pwfile, "%s/owner.pw", pg->dir);
    snprintf(data, sizeof data, "%s/data", pg->dir);
    snprintf(log, sizeof log, "%s/initdb.log", pg->dir);
    char pwline[64];
    snprintf(pwline, sizeof pwline, "%s\n", pg->password);
    if (!ck_test_write_file(pwfile, pwline) || !give_to_server(pg, pwfile, 0600)) {
        ck_test_fail(__FILE__, __LINE__, "cannot write the owner's password file");
        ck_pg_free(pg);
        return NULL;
    }
    char initdb[600], pwopt[800];
    snprintf(initdb, sizeof initdb, "%s/initdb", pg->bin);
    snprintf(pwopt, sizeof pwopt, "--pwfile=%s", pwfile);
    const char *argv[] = {initdb,
                          "-D",
                          data,
                          "-U",
                          OWNER,
                          pwopt,
                          "-A",
                          "scram-sha-256",
                          "-E",
                          "UTF8",
                          "--locale=C.UTF-8",
                          "--no-sync",
                          NULL};
    if (run_as(pg, argv, log, false) != 0) {
        print_log(pg, "initdb.log");
        ck_test_fail(__FILE__, __LINE__, "initdb failed");
        ck_pg_free(pg);
        return NULL;
    }
    if (pg->ssl && !make_certificates(pg)) {
        ck_pg_free(pg);
        return NULL;
    }
    pg->port = free_port();
    if (pg->port <= 0 || !ck_pg_start_again(pg)) {
        ck_pg_free(pg);
        return NULL;
    }
    return pg;
}

bool ck_pg_stop(ck_pg *pg, bool immediate)
{
    if (!pg || pg->pid <= 0)
        return true;
    /* SIGQUIT: immediate shutdown (no checkpoint, like a crash); SIGINT: fast shutdown. */
    kill(pg->pid, immediate ? SIGQUIT : SIGINT);
    int status = 0;
    for (int i = 0; i < 400; i++) {
        if (waitpid(pg->pid, &status, WNOHANG) == pg->pid) {
            pg->pid = 0;
            return true;
        }
        struct timespec ts = {0, 25 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(pg->pid, SIGKILL);
    waitpid(pg->pid, &status, 0);
    pg->pid = 0;
    return false;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            struct stat sb;
            if (lstat(child, &sb) == 0 && S_ISDIR(sb.st_mode))
                remove_tree(child);
            else
                unlink(child);
        }
        closedir(d);
    }
    rmdir(path);
}

void ck_pg_free(ck_pg *pg)
{
    if (!pg)
        return;
    ck_pg_stop(pg, false);
    if (getenv("CK_KEEP"))
        printf("kept the test server's folder %s\n", pg->dir);
    else if (pg->dir[0])
        remove_tree(pg->dir);
    free(pg);
}

int ck_pg_port(const ck_pg *pg)
{
    return pg->port;
}

int64_t ck_pg_cpu_ms(const ck_pg *pg)
{
    /* The postmaster's own time and that of the sessions it has reaped: fields 14-17 of
     * /proc/PID/stat, after the command's parenthesised name. */
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pg->pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    long long v[4] = {0};
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld %lld %lld",
                     &v[0], &v[1], &v[2], &v[3]) != 4)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    return (v[0] + v[1] + v[2] + v[3]) * 1000 / (hz > 0 ? hz : 100);
}

const char *ck_pg_ca_file(const ck_pg *pg)
{
    return pg->ca;
}

const char *ck_pg_owner_url(const ck_pg *pg, const char *db, int port, const char *query)
{
    static char ring[8][512];
    static int next;
    char *buf = ring[next++ % 8];
    snprintf(buf, sizeof ring[0], "postgresql://" OWNER ":%s@%s:%d/%s%s%s", pg->password,
             query && strstr(query, "verify-full") ? "localhost" : "127.0.0.1",
             port ? port : pg->port, db, query && *query ? "?" : "", query ? query : "");
    return buf;
}

bool ck_pg_createdb(ck_pg *pg, const char *name)
{
    ck_proc p = {0};
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" ENCODING 'UTF8' TEMPLATE template0", name);
    int rc = ck_pg_psql(&p, ck_pg_owner_url(pg, "postgres", 0, NULL), sql);
    if (rc != 0)
        ck_test_fail(__FILE__, __LINE__, "createdb %s: %s", name, p.err);
    ck_proc_clear(&p);
    return rc == 0;
}

int ck_pg_psql(ck_proc *out, const char *url, const char *sql)
{
    const char *argv[] = {"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                          "-d",   url,  "-c", sql,  NULL};
    return ck_test_exec(out, NULL, argv);
}

int ck_pg_test_main(int argc, char **argv, const ck_pg_opts *opts, ck_pg **pg, void (*cases)(void))
{
    bool skip = false;
    ck_test_init(argc, argv);
    *pg = ck_pg_start(opts, &skip);
    if (!*pg) {
        ck_test_done();
        return skip ? CK_TEST_SKIP : 1; /* no server, and not a skip: a failure */
    }
    cases();
    ck_pg_free(*pg);
    *pg = NULL;
    return ck_test_done();
}

/* ---- the proxy ---- */

#define PROXY_MAX 64

typedef struct pipe_pair {
    int client, server;
    long budget; /* bytes left before the cut; < 0: never */
} pipe_pair;

struct ck_proxy {
    int listen_fd, port, target;
    int wake[2];
    pthread_t thread;
    pthread_mutex_t mu;
    long min, max, cuts;
    unsigned seed;
    bool stop;
    pipe_pair pairs[PROXY_MAX];
    int npairs;
};

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static void drop_pair(ck_proxy *p, int i)
{
    close(p->pairs[i].client);
    close(p->pairs[i].server);
    p->pairs[i] = p->pairs[--p->npairs];
}

static void *proxy_main(void *arg)
{
    ck_proxy *p = arg;
    for (;;) {
        struct pollfd fds[2 + 2 * PROXY_MAX];
        int n = 0;
        fds[n++] = (struct pollfd){.fd = p->listen_fd, .events = POLLIN};
        fds[n++] = (struct pollfd){.fd = p->wake[0], .events = POLLIN};
        for (int i = 0; i < p->npairs; i++) {
            fds[n++] = (struct pollfd){.fd = p->pairs[i].client, .events = POLLIN};
            fds[n++] = (struct pollfd){.fd = p->pairs[i].server, .events = POLLIN};
        }
        if (poll(fds, (nfds_t)n, -1) < 0 && errno != EINTR)
            break;
        pthread_mutex_lock(&p->mu);
        bool stop = p->stop;
        pthread_mutex_unlock(&p->mu);
        if (stop)
            break;
        if (fds[0].revents & POLLIN) {
            int c = accept(p->listen_fd, NULL, NULL);
            int s = c >= 0 ? connect_to(p->target) : -1;
            if (c >= 0 && s >= 0 && p->npairs < PROXY_MAX) {
                pthread_mutex_lock(&p->mu);
                long budget =
                    p->max > 0
                        ? p->min + (long)(rand_r(&p->seed) % (unsigned long)(p->max - p->min + 1))
                        : -1;
                pthread_mutex_unlock(&p->mu);
                p->pairs[p->npairs++] = (pipe_pair){c, s, budget};
            } else {
                if (c >= 0)
                    close(c);
                if (s >= 0)
                    close(s);
            }
            continue; /* the pair list changed: poll again */
        }
        /* Pairs in the order polled; a dropped pair ends this round. */
        for (int i = 0, f = 2; i < p->npairs; i++, f += 2) {
            bool dropped = false;
            for (int side = 0; side < 2 && !dropped; side++) {
                if (!(fds[f + side].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                pipe_pair *pp = &p->pairs[i];
                int from = side == 0 ? pp->client : pp->server;
                int to = side == 0 ? pp->server : pp->client;
                char buf[16384];
                size_t want = sizeof buf;
                if (pp->budget >= 0 && (long)want > pp->budget)
                    want = (size_t)pp->budget;
                ssize_t got = want ? read(from, buf, want) : 0;
                bool cut = pp->budget >= 0 && got >= 0 && pp->budget - got <= 0;
                if (got > 0 && write(to, buf, (size_t)got) != got)
                    got = -1;
                if (got > 0 && pp->budget >= 0)
                    pp->budget -= got;
                if (got <= 0 || cut) {
                    if (cut) {
                        pthread_mutex_lock(&p->mu);
                        p->cuts++;
                        pthread_mutex_unlock(&p->mu);
                    }
                    drop_pair(p, i);
                    dropped = true;
                }
            }
            if (dropped)
                break;
        }
    }
    while (p->npairs)
        drop_pair(p, 0);
    return NULL;
}

ck_proxy *ck_proxy_start(int target_port)
{
    ck_proxy *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->target = target_port;
    p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int one = 1;
    setsockopt(p->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(p->listen_fd, 16) != 0 ||
        getsockname(p->listen_fd, (struct sockaddr *)&a, &len) != 0 || pipe(p->wake) != 0) {
        ck_test_fail(__FILE__, __LINE__, "the proxy cannot listen: %s", strerror(errno));
        if (p->listen_fd >= 0)
            close(p->listen_fd);
        free(p);
        return NULL;
    }
    p->port = ntohs(a.sin_port);
    pthread_mutex_init(&p->mu, NULL);
    signal(SIGPIPE, SIG_IGN);
    pthread_create(&p->thread, NULL, proxy_main, p);
    return p;
}

int ck_proxy_port(const ck_proxy *p)
{
    return p->port;
}

void ck_proxy_cut(ck_proxy *p, long min, long max, unsigned seed)
{
    pthread_mutex_lock(&p->mu);
    p->min = min;
    p->max = max;
    p->seed = seed;
    pthread_mutex_unlock(&p->mu);
}

long ck_proxy_cuts(ck_proxy *p)
{
    pthread_mutex_lock(&p->mu);
    long n = p->cuts;
    pthread_mutex_unlock(&p->mu);
    return n;
}

void ck_proxy_stop(ck_proxy *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_mutex_unlock(&p->mu);
    if (write(p->wake[1], "x", 1) < 0)
        perror("waking the proxy");
    pthread_join(p->thread, NULL);
    close(p->listen_fd);
    close(p->wake[0]);
    close(p->wake[1]);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
