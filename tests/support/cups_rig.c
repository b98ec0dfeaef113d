/* The CUPS test rig of scripts/test.d/20-cups: is it there, and where cups-pdf writes. */
#include "cups_rig.h"

#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ck_test.h"

/* Cut trailing newlines so a tool's output fits inside a sentence. */
static const char *chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = '\0';
    return s;
}

bool ck_cups_rig_ready(char *why, size_t n)
{
    ck_proc p = {0};
    const char *running[] = {"lpstat", "-r", NULL};
    const char *queue[] = {"lpstat", "-v", CK_CUPS_RIG_QUEUE, NULL};
    bool ok = false;
    if (ck_test_exec(&p, NULL, running) != 0 || !strstr(p.out, "scheduler is running")) {
        snprintf(why, n, "no CUPS scheduler answers (lpstat -r: %s%s): run scripts/test.d/20-cups",
                 chomp(p.out), chomp(p.err));
        goto done;
    }
    ck_proc_clear(&p);
    if (ck_test_exec(&p, NULL, queue) != 0 || !strstr(p.out, "cups-pdf:/")) {
        snprintf(why, n,
                 "the queue %s is missing or is not cups-pdf (%s%s): run "
                 "scripts/test.d/20-cups as root",
                 CK_CUPS_RIG_QUEUE, chomp(p.out), chomp(p.err));
        goto done;
    }
    if (!ck_cups_rig_admin("cupsenable")) {
        snprintf(why, n,
                 "this user may not run cupsenable %s: run the tests as root or in the "
                 "lpadmin group",
                 CK_CUPS_RIG_QUEUE);
        goto done;
    }
    ok = true;
done:
    ck_proc_clear(&p);
    return ok;
}

bool ck_cups_rig_admin(const char *cmd)
{
    ck_proc p = {0};
    const char *argv[] = {cmd, CK_CUPS_RIG_QUEUE, NULL};
    bool ok = ck_test_exec(&p, NULL, argv) == 0;
    if (!ok)
        fprintf(stderr, "%s %s failed: %s%s", cmd, CK_CUPS_RIG_QUEUE, p.out, p.err);
    ck_proc_clear(&p);
    return ok;
}

/* Does name carry this job's label: "job_<id>-…" (Label 1) or "…-job_<id>.pdf" (Label 2)? */
static bool is_job_file(const char *name, int job_id)
{
    char head[32], tail[32];
    size_t len = strlen(name);
    snprintf(head, sizeof head, "job_%d-", job_id);
    snprintf(tail, sizeof tail, "-job_%d.pdf", job_id);
    return strncmp(name, head, strlen(head)) == 0 ||
           (len >= strlen(tail) && strcmp(name + len - strlen(tail), tail) == 0);
}

char *ck_cups_rig_output(int job_id, int timeout_ms)
{
    struct passwd *pw = getpwuid(geteuid());
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", CK_CUPS_RIG_OUT, pw ? pw->pw_name : "ANONYMOUS");
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (!is_job_file(e->d_name, job_id))
                continue;
            size_t len = strlen(dir) + strlen(e->d_name) + 2;
            char *path = malloc(len);
            snprintf(path, len, "%s/%s", dir, e->d_name);
            size_t n = 0;
            char *body = ck_test_read_file(path, &n);
            /* Ghostscript may still be writing it: wait for the end marker. */
            bool whole = false;
            for (size_t i = n > 1024 ? n - 1024 : 0; body && i + 5 <= n && !whole; i++)
                whole = memcmp(body + i, "%%EOF", 5) == 0;
            free(body);
            if (whole) {
                closedir(d);
                return path;
            }
            free(path);
        }
        if (d)
            closedir(d);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}
