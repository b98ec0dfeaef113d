/* The station's files: the database private whatever the umask (or readable by one named group),
 * read-only copies and file systems still readable, a full disk said in words, and a key
 * rotation cut short by a crash finished or undone at the next start. */
#include <errno.h>
#include <grp.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_support.h"

#define NOW D1 " 08:00"

static mode_t mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_mode & 07777 : (mode_t)-1;
}

static gid_t group_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_gid : (gid_t)-1;
}

/* The modes of db's -wal and -shm while a connection holds them open. */
static void wal_modes(const char *db, mode_t *wal, mode_t *shm)
{
    char path[4200];
    sqlite3 *raw = NULL;
    sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL);
    sqlite3_exec(raw, "SELECT count(*) FROM ledger", NULL, NULL, NULL);
    snprintf(path, sizeof path, "%s-wal", db);
    *wal = mode_of(path);
    snprintf(path, sizeof path, "%s-shm", db);
    *shm = mode_of(path);
    sqlite3_close(raw);
}

/* Run the binary as user nobody (setpriv) when we are root, who may read and write anything. */
static int cli_as_nobody(ck_proc *p, const char *db, const char *const *args)
{
    const char *argv[32];
    int n = 0;
    if (geteuid() == 0) {
        argv[n++] = "setpriv";
        argv[n++] = "--reuid=nobody";
        argv[n++] = "--regid=nogroup";
        argv[n++] = "--clear-groups";
    }
    argv[n++] = ck_test_binary();
    argv[n++] = "--db";
    argv[n++] = db;
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    setenv("CLASSKIOSK_NOW", AFTER, 1);
    ck_proc_clear(p);
    return ck_test_exec(p, NULL, argv);
}

/* Let user nobody reach this case's folder. */
static void open_folders(void)
{
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", ck_test_tmpdir());
    chmod(parent, 0755);
    *strrchr(parent, '/') = '\0';
    chmod(parent, 0755);
}

static void database_is_private(void)
{
    ck_proc p = {0};
    const mode_t masks[] = {0, 022, 077};
    for (size_t i = 0; i < 3; i++) {
        char db[4096];
        snprintf(db, sizeof db, "%s/umask%zu.db", ck_test_tmpdir(), i);
        mode_t old = umask(masks[i]), wmode = 0, smode = 0;
        CLI_OK(&p, db, NOW, "init");
        wal_modes(db, &wmode, &smode);
        umask(old);
        CK_CHECK_INT(mode_of(db), 0600);
        CK_CHECK_INT(wmode, 0600);
        CK_CHECK_INT(smode, 0600);
        CK_CHECK_CONTAINS(p.out, "only its owner may read it (mode 0600)");
    }
    /* An older station's file, readable by everyone, is made private by init. */
    const char *shared = ck_test_path("old.db");
    CLI_OK(&p, shared, NOW, "init");
    chmod(shared, 0644);
    CLI_OK(&p, shared, NOW, "init");
    CK_CHECK_INT(mode_of(shared), 0600);
    CK_CHECK_CONTAINS(p.out, "(changed just now)");
    ck_proc_clear(&p);
}

static void group_may_read(void)
{
    ck_proc p = {0};
    struct group *g = getgrnam("nogroup");
    if (!g) {
        printf("skipped: no group \"nogroup\" to give read access to\n");
        return;
    }
    open_folders();
    char db[4096], wal[4200], shm[4200];
    snprintf(db, sizeof db, "%s", ck_test_path("shared.db"));
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    cli_graduates(db, ck_test_path("roster.csv"));
    CLI_FAILS(&p, db, NOW, "there is no group \"no-such-group\"", "init", "--group",
              "no-such-group");
    CLI_OK(&p, db, NOW, "init", "--group", "nogroup");
    CK_CHECK_CONTAINS(p.out, "the group nogroup may read it (mode 0640)");
    /* The file and the -wal and -shm beside it, kept for the group's readers. */
    const char *files[] = {db, wal, shm};
    for (int i = 0; i < 3; i++) {
        CK_CHECK_INT(mode_of(files[i]), 0640);
        CK_CHECK_INT(group_of(files[i]), g->gr_gid);
    }
    /* A member of the group reads; init again keeps the group. */
    if (geteuid() == 0) {
        const char *status[] = {"status", NULL};
        CK_CHECK_INT(cli_as_nobody(&p, db, status), 0);
        CK_CHECK_CONTAINS(p.out, "3 of 4 eligible");
    }
    CLI_OK(&p, db, NOW, "init");
    CK_CHECK_INT(mode_of(db), 0640);
    /* --group "" takes it away again. */
    CLI_OK(&p, db, NOW, "init", "--group", "");
    CK_CHECK_INT(mode_of(db), 0600);
    ck_proc_clear(&p);
}

/* A copy that may not be written: status, verify and audit verify read it; a write says why. */
static void read_only_copy(void)
{
    ck_proc p = {0};
    char db[4096], dir[4096], copy[4200], key[4200], pdf[4096], cmd[4400];
    snprintf(db, sizeof db, "%s", ck_test_path("station.db"));
    cli_graduates(db, ck_test_path("roster.csv"));
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_tmpdir());
    cli_issued_pdf(p.out, pdf, sizeof pdf);
    open_folders();
    chmod(pdf, 0644);
    snprintf(dir, sizeof dir, "%s", ck_test_path("ro"));
    mkdir(dir, 0755);
    snprintf(copy, sizeof copy, "%s/station.db", dir);
    snprintf(key, sizeof key, "%s/station.key", dir);
    snprintf(cmd, sizeof cmd, ".backup '%s'", copy);
    const char *backup[] = {"sqlite3", db, cmd, NULL};
    CK_CHECK_INT(ck_test_exec(&p, NULL, backup), 0);
    snprintf(cmd, sizeof cmd, "%s/station.key", ck_test_tmpdir());
    const char *cp[] = {"cp", cmd, key, NULL};
    CK_CHECK_INT(ck_test_exec(&p, NULL, cp), 0);
    if (geteuid() == 0 && chown(key, 65534, 65534) != 0)
        ck_test_fail(__FILE__, __LINE__, "chown %s: %s", key, strerror(errno));
    chmod(copy, 0444);
    chmod(dir, 0555);
    const char *status[] = {"status", NULL}, *audit[] = {"audit", "verify", NULL};
    const char *verify[] = {"verify", pdf, NULL}, *head[] = {"audit", "head", NULL};
    const char *write[] = {"checkin", "zoe@example.org", NULL};
    if (cli_as_nobody(&p, copy, status) != 0)
        ck_test_fail(__FILE__, __LINE__, "status as nobody: %s", p.err);
    CK_CHECK_CONTAINS(p.out, "3 of 4 eligible");
    CK_CHECK_INT(cli_as_nobody(&p, copy, audit), 0);
    CK_CHECK_CONTAINS(p.out, "audit trail intact");
    CK_CHECK_INT(cli_as_nobody(&p, copy, head), 0);
    CK_CHECK_INT(cli_as_nobody(&p, copy, verify), 0);
    CK_CHECK_CONTAINS(p.out, "VALID —"); /* not "INVALID" */
    CK_CHECK_INT(cli_as_nobody(&p, copy, write), 1);
    CK_CHECK_CONTAINS(p.err, "is read-only for this user");
    chmod(dir, 0755);
    ck_proc_clear(&p);
}

/* Root may write any file, so a read-only file system it is: a tmpfs mounted read-only. */
static void read_only_file_system(void)
{
    ck_proc p = {0};
    char mnt[4096], db[4200];
    snprintf(mnt, sizeof mnt, "%s", ck_test_path("rofs"));
    mkdir(mnt, 0755);
    if (geteuid() != 0 || mount("tmpfs", mnt, "tmpfs", 0, "size=4m") != 0) {
        printf("skipped: cannot mount a tmpfs here (needs root): %s\n", strerror(errno));
        return;
    }
    snprintf(db, sizeof db, "%s/station.db", mnt);
    cli_graduates(db, ck_test_path("roster.csv"));
    CK_CHECK_INT(mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=4m"), 0);
    CLI_OK(&p, db, AFTER, "status");
    CK_CHECK_CONTAINS(p.out, "3 of 4 eligible");
    CLI_OK(&p, db, AFTER, "audit", "verify");
    CLI_FAILS(&p, db, AFTER, "is on a read-only file system", "checkin", "zoe@example.org");
    umount(mnt);
    ck_proc_clear(&p);
}

static void full_disk(void)
{
    ck_proc p = {0};
    char mnt[4096], db[4200], fill[4200];
    snprintf(mnt, sizeof mnt, "%s", ck_test_path("small"));
    mkdir(mnt, 0755);
    if (geteuid() != 0 || mount("tmpfs", mnt, "tmpfs", 0, "size=3m") != 0) {
        printf("skipped: cannot mount a small tmpfs here (needs root): %s\n", strerror(errno));
        return;
    }
    snprintf(db, sizeof db, "%s/station.db", mnt);
    snprintf(fill, sizeof fill, "%s/fill", mnt);
    cli_graduates(db, ck_test_path("roster.csv"));
    CLI_OK(&p, db, AFTER, "audit", "head", "--json");
    char *before = strdup(p.out);
    /* Fill the disk to the last block. */
    FILE *f = fopen(fill, "w");
    static char block[4096];
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block && fflush(f) == 0)
        ;
    if (f)
        fclose(f);
    CLI_FAILS(&p, db, AFTER, "is full", "roster", "add", "Walk In");
    CK_CHECK_NOT_CONTAINS(p.err, "disk I/O error");
    /* Reading still works when nothing waits in the -wal file. */
    CLI_OK(&p, db, AFTER, "status");
    /* Room again: nothing was lost, nothing half-written. */
    unlink(fill);
    CLI_OK(&p, db, AFTER, "audit", "head", "--json");
    CK_CHECK_STR(p.out, before);
    CLI_OK(&p, db, AFTER, "roster", "add", "Walk In");
    CLI_OK(&p, db, AFTER, "audit", "verify");
    free(before);
    umount(mnt);
    ck_proc_clear(&p);
}

/* A crash between the steps of "keys rotate", as the files would be left. */
static void rotation_cut_short(void)
{
    ck_proc p = {0};
    char db[4096], key[4200], next[4200], old[4200], other[4096], json[4096];
    snprintf(db, sizeof db, "%s", ck_test_path("rot.db"));
    snprintf(key, sizeof key, "%s/rot.key", ck_test_tmpdir());
    snprintf(next, sizeof next, "%s.next", key);
    snprintf(old, sizeof old, "%s/rot.key.old", ck_test_tmpdir());
    snprintf(other, sizeof other, "%s", ck_test_path("other.db"));
    cli_graduates(db, ck_test_path("roster.csv"));
    CLI_OK(&p, db, AFTER, "keys", "export");
    snprintf(json, sizeof json, "%s", p.out);

    /* 1. Stopped before the new key was recorded: a staged keyring no chain knows. Another
     * station's keyring stands in for it; the next start drops it and keeps the old key. */
    CLI_OK(&p, other, NOW, "init");
    char other_key[4200];
    snprintf(other_key, sizeof other_key, "%s/other.key", ck_test_tmpdir());
    CK_CHECK_INT(rename(other_key, next), 0);
    CLI_OK(&p, db, AFTER, "certs", "issue", "zoe@example.org", "--out", ck_test_tmpdir());
    CK_CHECK(access(next, F_OK) != 0);
    CLI_OK(&p, db, AFTER, "keys", "export");
    CK_CHECK_STR(p.out, json);
    CLI_OK(&p, db, AFTER, "audit", "verify");

    /* 2. Stopped after the new key and its audit record were committed, before the file was
     * put in place: the next start puts it in place. */
    const char *save[] = {"cp", "-p", key, old, NULL};
    CK_CHECK_INT(ck_test_exec(&p, NULL, save), 0);
    CLI_OK(&p, db, AFTER, "keys", "rotate");
    char kid[64];
    snprintf(kid, sizeof kid, "%.43s", strstr(p.out, "new signing key ") + 16);
    CK_CHECK_INT(rename(key, next), 0);
    CK_CHECK_INT(rename(old, key), 0);
    CLI_OK(&p, db, AFTER, "certs", "issue", "anna@example.ru", "--out", ck_test_tmpdir());
    CK_CHECK(access(next, F_OK) != 0);
    CLI_OK(&p, db, AFTER, "keys", "export");
    CK_CHECK_CONTAINS(p.out, kid);
    CLI_OK(&p, db, AFTER, "certs", "list", "--json");
    CK_CHECK_CONTAINS(p.out, kid);
    CLI_OK(&p, db, AFTER, "audit", "verify");

    /* 3. A staged file that cannot be read is refused in words, and nothing is signed. */
    CK_CHECK(ck_test_write_file(next, "not a keyring"));
    chmod(next, 0600);
    CLI_FAILS(&p, db, AFTER, "a key rotation was interrupted", "certs", "issue", "alex@example.gr",
              "--out", ck_test_tmpdir());
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(database_is_private);
    CK_RUN(group_may_read);
    CK_RUN(read_only_copy);
    CK_RUN(read_only_file_system);
    CK_RUN(full_disk);
    CK_RUN(rotation_cut_short);
    return ck_test_done();
}
