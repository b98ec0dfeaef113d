/* PDFs written to files atomically, with the path checked first. */
#include "pdf/pdf_file.h"

#include <string.h>

#include "common/file.h"

ck_rc ck_pdf_save(const unsigned char *pdf, size_t size, const char *path, const char *what,
                  ck_err *err)
{
    if (!path || !*path)
        return ck_err_set(err, CK_EINVAL, "No file name was given for the %s PDF.", what);
    if (!pdf)
        return ck_err_set(err, CK_EINVAL, "No rendered %s was given to write to %s.", what, path);
    if (strlen(path) >= CK_FILE_PATH_MAX)
        return ck_err_set(err, CK_EINVAL, "The path %s is too long.", path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base)
        return ck_err_set(err, CK_EINVAL, "The path %s names a folder; add a file name.", path);
    return ck_file_write(path, pdf, size, 0644, what, err);
}
