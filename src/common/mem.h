/* Memory: growing arrays without hand-rolled realloc loops, and wiping secrets. */
#ifndef CK_COMMON_MEM_H
#define CK_COMMON_MEM_H

#include <stdbool.h>
#include <stddef.h>

/* Make *items (an array of *cap elements of elem bytes, malloc'd or NULL) hold at least need
 * elements, growing it geometrically. false when out of memory or need * elem overflows;
 * the array is then unchanged. Use it as
 *     if (!ck_array_reserve(&list, &cap, n + 1, sizeof *list)) return ENOMEM-ish;
 *     list[n++] = item; */
bool ck_array_reserve(void *items, size_t *cap, size_t need, size_t elem);

/* A growing text buffer, kept NUL-terminated. Appending never reports a failure on its own:
 * out of memory sets failed (and later appends do nothing), checked once when the text is
 * complete. Start it zeroed; free(p) when done. */
typedef struct ck_buf {
    char *p;
    size_t len, cap;
    bool failed;
} ck_buf;
void ck_buf_put(ck_buf *b, const void *data, size_t n);
void ck_buf_puts(ck_buf *b, const char *s);

/* Overwrite n bytes at p with zeros in a way the compiler may not drop (explicit_bzero):
 * for keys, PINs and hashes before they are freed or go out of scope. NULL is a no-op. */
void ck_wipe(void *p, size_t n);

#endif
