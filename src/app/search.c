/* Search keys: the stored name key of an attendee (core/'s fold of the name, as the chain keeps
 * it) and, for a name with letters beyond Latin, its Latin spellings from translit/, folded the
 * same way. Worked out when a search needs them and kept per name, so existing files need no
 * migration and the chained name_key keeps the meaning it always had. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/names.h"
#include "translit/translit.h"

#define KEYS_MAX 20000 /* names kept before the cache starts again */

typedef struct key_slot {
    char *name, *key; /* NULL name: empty */
} key_slot;

struct ck_app_search_keys {
    ck_translit *translit;
    bool unavailable; /* ICU could not open its transliterators: said once, not tried again */
    key_slot *slots;
    size_t cap, used; /* cap a power of two, or 0 */
};

static uint64_t name_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void slots_free(key_slot *slots, size_t cap)
{
    for (size_t i = 0; i < cap; i++) {
        free(slots[i].name);
        free(slots[i].key);
    }
    free(slots);
}

void ck_app_search_keys_free(ck_app_search_keys *keys)
{
    if (!keys)
        return;
    ck_translit_close(keys->translit);
    slots_free(keys->slots, keys->cap);
    free(keys);
}

static key_slot *slot_for(key_slot *slots, size_t cap, const char *name)
{
    size_t i = (size_t)name_hash(name) & (cap - 1);
    while (slots[i].name && strcmp(slots[i].name, name) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Room for one more name, growing (or, past KEYS_MAX, emptying) the table. */
static bool keys_room(ck_app_search_keys *k)
{
    if (k->used >= KEYS_MAX) {
        slots_free(k->slots, k->cap);
        k->slots = NULL;
        k->cap = k->used = 0;
    }
    if (k->cap && 2 * (k->used + 1) <= k->cap)
        return true;
    size_t cap = k->cap ? 2 * k->cap : 64;
    key_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < k->cap; i++)
        if (k->slots[i].name)
            *slot_for(slots, cap, k->slots[i].name) = k->slots[i];
    free(k->slots);
    k->slots = slots;
    k->cap = cap;
    return true;
}

/* name_key followed by each folded Latin spelling it does not hold yet; NULL without memory. */
static char *with_spellings(const char *name_key, const char *latin)
{
    size_t cap = strlen(name_key) + 2 * strlen(latin) + 4, len = strlen(name_key);
    char *key = malloc(cap);
    if (!key)
        return NULL;
    memcpy(key, name_key, len + 1);
    for (const char *seg = latin; seg;) {
        const char *tab = strchr(seg, '\t');
        size_t n = tab ? (size_t)(tab - seg) : strlen(seg);
        char *one = strndup(seg, n), *folded = one ? ck_name_fold(one) : NULL;
        free(one);
        size_t f = folded ? strlen(folded) : 0;
        /* The fold of ASCII text is never longer than it: the spelling fits what was kept. */
        if (folded && f && !ck_name_key_equals(key, folded) && len + 1 + f + 1 <= cap) {
            key[len++] = '\t';
            memcpy(key + len, folded, f + 1);
            len += f;
        }
        free(folded);
        seg = tab ? tab + 1 : NULL;
    }
    return key;
}

const char *ck_app_search_key(ck_app *app, const ck_attendee_rec *a)
{
    bool beyond_latin = false;
    for (const char *c = a->name_key; *c && !beyond_latin; c++)
        beyond_latin = (unsigned char)*c >= 0x80; /* the fold leaves only other scripts so */
    if (!beyond_latin)
        return a->name_key;
    if (!app->search_keys && !(app->search_keys = calloc(1, sizeof *app->search_keys)))
        return a->name_key;
    ck_app_search_keys *k = app->search_keys;
    if (k->cap) {
        key_slot *s = slot_for(k->slots, k->cap, a->name);
        if (s->name)
            return s->key;
    }
    if (k->unavailable)
        return a->name_key;
    ck_err err = {0};
    if (!k->translit && ck_translit_open(&k->translit, &err) != CK_OK) {
        k->unavailable = true;
        fprintf(stderr, "classkiosk: %s\n", err.msg);
        return a->name_key;
    }
    char *latin = NULL, *key = NULL, *name = NULL;
    if (ck_translit_latin(k->translit, a->name, &latin, &err) != CK_OK ||
        !(key = with_spellings(a->name_key, latin)) || !(name = strdup(a->name)) || !keys_room(k)) {
        free(latin);
        free(key);
        free(name);
        return a->name_key; /* found as written, at least */
    }
    free(latin);
    key_slot *s = slot_for(k->slots, k->cap, name);
    *s = (key_slot){name, key};
    k->used++;
    return key;
}
