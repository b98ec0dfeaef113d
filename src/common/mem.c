/* Growing arrays and wiping secrets. */
#include "common/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool ck_array_reserve(void *items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t grown = *cap ? *cap : 8;
    while (grown < need)
        grown = grown > SIZE_MAX / 2 ? need : grown * 2;
    if (elem && grown > SIZE_MAX / elem)
        return false;
    void *old;
    memcpy(&old, items, sizeof old); /* items points at a T *, whatever T is */
    void *p = realloc(old, grown * elem);
    if (!p)
        return false;
    memcpy(items, &p, sizeof p);
    *cap = grown;
    return true;
}

void ck_wipe(void *p, size_t n)
{
    if (p)
        explicit_bzero(p, n);
}

void ck_buf_put(ck_buf *b, const void *data, size_t n)
{
    if (b->failed)
        return;
    if (n > SIZE_MAX - b->len - 1 || !ck_array_reserve(&b->p, &b->cap, b->len + n + 1, 1)) {
        b->failed = true;
        return;
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void ck_buf_puts(ck_buf *b, const char *s)
{
    ck_buf_put(b, s, strlen(s));
}
