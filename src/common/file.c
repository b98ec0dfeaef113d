/* Reading whole files and writing them atomically, with one error policy. */
#include "common/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/mem.h"

#define MB ((size_t)1024 * 1024)

/* ---- reading ---- */

static ck_rc too_big(ck_err *err, const char *what, const char *path, uintmax_t size, size_t max)
{
    if (max >= MB && max % MB == 0)
        return ck_err_set(err, CK_EINVAL,
                          "%s %s is %ju bytes, more than the %zu MB allowed; is it the right "
                          "file?",
                          CK_MSG_PHRASE(what), path, size, max / MB);
    return ck_err_set(err, CK_EINVAL,
                      "%s %s is %ju bytes, more than the %zu bytes allowed; is it the right file?",
                      CK_MSG_PHRASE(what), path, size, max);
}

/* Grow *buf (holding n bytes, *cap allocated) to at least need bytes; a secret's old buffer
 * is wiped rather than left to realloc. */
static bool grow(char **buf, size_t *cap, size_t n, size_t need, bool secret)
{
    if (!secret)
        return ck_array_reserve(buf, cap, need, 1);
    if (need <= *cap)
        return true;
    size_t grown = *cap ? *cap * 2 : 4096;
    if (grown < need)
        grown = need;
    char *p = malloc(grown);
    if (!p)
        return false;
    if (*buf) {
        memcpy(p, *buf, n);
        ck_wipe(*buf, *cap);
        free(*buf);
    }
    *buf = p;
    *cap = grown;
    return true;
}

/* Read fd to its end into a NUL-terminated buffer of at most max bytes; hint is the size
 * expected. On failure *errno_out is set (0: too big or out of memory, told by the rc). */
static ck_rc read_fd(char **out, size_t *len, int fd, size_t hint, size_t max, bool secret,
                     int *errno_out)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    ck_rc rc = CK_OK;
    *errno_out = 0;
    if (!grow(&buf, &cap, 0, (hint < max ? hint : max) + 1, secret))
        return CK_ENOMEM;
    for (;;) {
        if (n + 1 == cap) {
            /* Full as expected: one more byte says whether the file grew meanwhile. */
            char more = 0;
            ssize_t got = read(fd, &more, 1);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                *errno_out = got < 0 ? errno : 0;
                rc = got < 0 ? CK_EIO : CK_OK;
                break;
            }
            if (n + 1 > max) {
                n++;
                rc = CK_EINVAL;
                break;
            }
            if (!grow(&buf, &cap, n, n + 1 + (n < 65536 ? 65536 : n), secret)) {
                rc = CK_ENOMEM;
                break;
            }
            buf[n++] = more;
            ck_wipe(&more, 1);
            continue;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *errno_out = errno;
            rc = CK_EIO;
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max) {
            rc = CK_EINVAL;
            break;
        }
    }
    if (rc) {
        if (secret)
            ck_wipe(buf, cap);
        free(buf);
        *len = n;
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return CK_OK;
}

static ck_rc read_path(char **out, size_t *len, const char *path, size_t max, const char *what,
                       bool secret, ck_err *err)
{
    struct stat st;
    size_t n = 0;
    int e = 0;
    ck_rc rc;
    *out = NULL;
    if (len)
        *len = 0;
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no %s was named; give the path of the file",
                          CK_MSG_PHRASE(what));
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return ck_err_set(err, CK_ENOTFOUND,
                              "cannot open %s %s: it does not exist; check the file name and "
                              "folder",
                              CK_MSG_PHRASE(what), path);
        return ck_err_set(err, CK_EIO, "%s %s cannot be opened (%s); check that you may read it",
                          CK_MSG_PHRASE(what), path, CK_MSG_ERRNO(errno));
    }
    if (fstat(fd, &st) != 0) {
        rc = ck_err_set(err, CK_EIO, "cannot read %s %s (%s); check the disk or copy it again",
                        CK_MSG_PHRASE(what), path, CK_MSG_ERRNO(errno));
    } else if (S_ISDIR(st.st_mode)) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s %s is a folder, not a regular file; give the path of a file",
                        CK_MSG_PHRASE(what), path);
    } else if (!S_ISREG(st.st_mode)) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s %s is not a regular file (a device, pipe or socket); save it to a "
                        "file first",
                        CK_MSG_PHRASE(what), path);
    } else if (secret && (st.st_mode & 077)) {
        rc = ck_err_set(err, CK_EINVAL,
                        "%s %s holds a secret but other users may access it (mode %04o); fix it "
                        "with: chmod 600 %s",
                        CK_MSG_PHRASE(what), path, (unsigned)(st.st_mode & 07777), path);
    } else if ((uintmax_t)st.st_size > max) {
        rc = too_big(err, what, path, (uintmax_t)st.st_size, max);
    } else {
        rc = read_fd(out, &n, fd, (size_t)st.st_size, max, secret, &e);
        if (rc == CK_EIO)
            ck_err_set(err, rc, "cannot read %s %s (%s); check the disk or copy it again",
                       CK_MSG_PHRASE(what), path, CK_MSG_ERRNO(e));
        else if (rc == CK_EINVAL) /* it grew while we read */
            too_big(err, what, path, (uintmax_t)n, max);
        else if (rc == CK_ENOMEM)
            ck_err_set(err, rc, "out of memory reading %s %s", CK_MSG_PHRASE(what), path);
        else if (len)
            *len = n;
    }
    close(fd);
    return rc;
}

ck_rc ck_file_read(char **out, size_t *len, const char *path, size_t max, const char *what,
                   ck_err *err)
{
    return read_path(out, len, path, max, what, false, err);
}

ck_rc ck_file_read_secret(char **out, size_t *len, const char *path, size_t max, const char *what,
                          ck_err *err)
{
    return read_path(out, len, path, max, what, true, err);
}

ck_rc ck_file_read_stream(char **out, size_t *len, FILE *f, size_t max, const char *name,
                          ck_err *err)
{
    size_t n = 0;
    int e = 0;
    *out = NULL;
    if (len)
        *len = 0;
    fflush(f);
    ck_rc rc = read_fd(out, &n, fileno(f), 4096, max, false, &e);
    if (rc == CK_EIO)
        return ck_err_set(err, rc, "cannot read %s (%s)", CK_MSG_PHRASE(name), CK_MSG_ERRNO(e));
    if (rc == CK_EINVAL)
        return ck_err_set(err, rc, "%s holds more than %zu bytes; is it the right input?",
                          CK_MSG_PHRASE(name), max);
    if (rc == CK_ENOMEM)
        return ck_err_set(err, rc, "out of memory reading %s", CK_MSG_PHRASE(name));
    if (len)
        *len = n;
    return CK_OK;
}

/* ---- writing ---- */

/* Why a write failed, in one sentence per kind of failure: the same words for every file. */
static ck_rc write_failed(ck_err *err, int e, const char *what, const char *path,
                          const char *folder)
{
    switch (e) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return ck_err_set(err, CK_EIO,
                          "cannot write %s %s: the disk is full (%s); check that the disk has "
                          "room, then try again",
                          CK_MSG_PHRASE(what), path, CK_MSG_ERRNO(e));
    case EACCES:
    case EPERM:
        return ck_err_set(err, CK_EIO,
                          "cannot write %s %s: the folder %s may not be written to (%s); choose a "
                          "folder you may write to",
                          CK_MSG_PHRASE(what), path, folder, CK_MSG_ERRNO(e));
    case EROFS:
        return ck_err_set(err, CK_EIO,
                          "cannot write %s %s: the folder %s is on a read-only disk; choose a "
                          "folder you may write to",
                          CK_MSG_PHRASE(what), path, folder);
    case ENOENT:
    case ENOTDIR:
        return ck_err_set(err, CK_EIO,
                          "cannot write %s %s: the folder %s does not exist; create it or choose "
                          "another path",
                          CK_MSG_PHRASE(what), path, folder);
    case EISDIR:
        return ck_err_set(err, CK_EIO,
                          "cannot write %s %s: a folder of that name is in the way; choose "
                          "another path",
                          CK_MSG_PHRASE(what), path);
    default:
        return ck_err_set(err, CK_EIO,
                          "cannot write %s %s (%s); check the disk and the folder, then try "
                          "again",
                          CK_MSG_PHRASE(what), path, CK_MSG_ERRNO(e));
    }
}

/* The folder path is in: "." for a bare name. */
void ck_file_folder_of(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, n, ".");
    else if (slash == path)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(slash - path), path);
}

ck_rc ck_file_stage(ck_file_staged *out, const char *path, const void *data, size_t len,
                    unsigned mode, const char *what, ck_err *err)
{
    char folder[CK_FILE_PATH_MAX];
    const unsigned char *p = data;
    memset(out, 0, sizeof *out);
    snprintf(out->what, sizeof out->what, "%s", what);
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "no path was given for the %s", CK_MSG_PHRASE(what));
    if (strlen(path) >= sizeof out->path)
        return ck_err_set(err, CK_EINVAL, "the path of %s %.200s… is too long", CK_MSG_PHRASE(what),
                          path);
    snprintf(out->path, sizeof out->path, "%s", path);
    ck_file_folder_of(path, folder, sizeof folder);
    const char *slash = strrchr(path, '/');
    snprintf(out->tmp, sizeof out->tmp, "%s/.%s.XXXXXX", folder, slash ? slash + 1 : path);
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        out->tmp[0] = '\0';
        return write_failed(err, errno, what, path, folder);
    }
    int e = fchmod(fd, (mode_t)mode) == 0 ? 0 : errno;
    for (size_t off = 0; !e && off < len;) {
        ssize_t w = write(fd, p + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            e = w < 0 ? errno : EIO;
        else
            off += (size_t)w;
    }
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (e) {
        ck_file_discard(out);
        return write_failed(err, e, what, path, folder);
    }
    return CK_OK;
}

/* Make a rename in folder durable. A file system that cannot flush a folder (EINVAL) has
 * nothing to flush; an I/O error is worth saying. */
static ck_rc flush_folder(const char *folder, const char *what, const char *path, ck_err *err)
{
    int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        int e = fsync(fd) == 0 ? 0 : errno;
        close(fd);
        if (e == EIO)
            return write_failed(err, e, what, path, folder);
    }
    return CK_OK;
}

ck_rc ck_file_commit(ck_file_staged *f, bool exclusive, ck_err *err)
{
    char folder[CK_FILE_PATH_MAX];
    if (!ck_assert(f->tmp[0]))
        return ck_err_set(err, CK_EINTERNAL, "%s %s was not staged before being put in place",
                          CK_MSG_PHRASE(f->what), f->path);
    ck_file_folder_of(f->path, folder, sizeof folder);
    /* link() instead of rename() when exclusive: it fails if something is at path. */
    if ((exclusive ? link(f->tmp, f->path) : rename(f->tmp, f->path)) != 0) {
        int e = errno;
        ck_file_discard(f);
        if (e == EEXIST)
            return ck_err_set(err, CK_ESTATE, "%s %s already exists; it was left as it is",
                              CK_MSG_PHRASE(f->what), f->path);
        return write_failed(err, e, f->what, f->path, folder);
    }
    if (exclusive)
        ck_file_discard(f);
    f->tmp[0] = '\0';
    return flush_folder(folder, f->what, f->path, err);
}

ck_rc ck_file_move(const char *from, const char *path, const char *what, ck_err *err)
{
    char folder[CK_FILE_PATH_MAX];
    ck_file_folder_of(path, folder, sizeof folder);
    if (rename(from, path) != 0)
        return write_failed(err, errno, what, path, folder);
    return flush_folder(folder, what, path, err);
}

void ck_file_discard(ck_file_staged *f)
{
    if (f && f->tmp[0]) {
        unlink(f->tmp);
        f->tmp[0] = '\0';
    }
}

ck_rc ck_file_write(const char *path, const void *data, size_t len, unsigned mode, const char *what,
                    ck_err *err)
{
    ck_file_staged f;
    ck_rc rc = ck_file_stage(&f, path, data, len, mode, what, err);
    return rc ? rc : ck_file_commit(&f, false, err);
}
