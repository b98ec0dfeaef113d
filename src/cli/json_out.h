/* A JSON document written as it is made, for output too large to build as a tree first.
 *
 * `status --json` for 5,000 people was a jansson object per person, dumped and re-indented:
 * more time than working the status out. This writes the same bytes jansson's JSON_INDENT(2)
 * does (members "key": value, one per line, empty containers as {} and []), straight into a
 * buffer, for the values such a document holds: objects, arrays, strings, integers, booleans
 * and null. Numbers with a fraction stay with jansson (its shortest round-trip form).
 */
#ifndef CK_CLI_JSON_OUT_H
#define CK_CLI_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/mem.h"

#define CK_JSON_OUT_DEPTH 16

typedef struct ck_json_out {
    ck_buf out;                        /* what is written so far */
    int base, depth;                   /* the value's own depth; containers open below it */
    char close[CK_JSON_OUT_DEPTH + 1]; /* the bracket that closes each open container */
    bool empty[CK_JSON_OUT_DEPTH + 1]; /* nothing written into it yet */
    bool key;                          /* a member's name was written: its value comes next */
    bool done;   /* the value at the base depth is written: nothing may follow it */
    bool failed; /* misused (a name in an array, a value without one, nested too deeply…):
                    nothing written is valid */
} ck_json_out;

/* Start a value that sits depth levels deep in its document (0: the document itself), so its
 * lines are indented as they would be there. */
void ck_json_out_init(ck_json_out *w, int depth);
void ck_json_out_free(ck_json_out *w);

/* A member's name inside an object; its value is the next call. */
void ck_json_out_key(ck_json_out *w, const char *key);
void ck_json_out_object(ck_json_out *w);
void ck_json_out_array(ck_json_out *w);
void ck_json_out_end(ck_json_out *w); /* closes the innermost object or array */
/* A UTF-8 string (the caller's text is valid UTF-8: what the store holds is checked). */
void ck_json_out_string(ck_json_out *w, const char *s);
void ck_json_out_int(ck_json_out *w, int64_t v);
void ck_json_out_bool(ck_json_out *w, bool v);
void ck_json_out_null(ck_json_out *w);

/* A member of an object, its name and its value in one call. */
void ck_json_out_member_string(ck_json_out *w, const char *key, const char *s);
void ck_json_out_member_int(ck_json_out *w, const char *key, int64_t v);
void ck_json_out_member_bool(ck_json_out *w, const char *key, bool v);

/* Write what was made to f and empty the buffer (the open containers stay open); false when
 * something failed or f did not take it all. */
bool ck_json_out_flush(ck_json_out *w, FILE *f);

#endif
