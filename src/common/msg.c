/* Messages: formats and argument texts kept at report time, worded in a language later. */
#include "common/msg.h"

#include "common/lang.h"

#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks around a typed argument inside an argument's text: MARK_ON kind payload MARK_OFF. */
#define MARK_ON '\x1e'
#define MARK_OFF '\x1f'

/* ---- parsing printf formats ---- */

typedef enum argtype {
    T_NONE = 0,
    T_INT,
    T_UINT,
    T_LONG,
    T_ULONG,
    T_LLONG,
    T_ULLONG,
    T_SIZE,
    T_INTMAX,
    T_UINTMAX,
    T_PTRDIFF,
    T_DOUBLE,
    T_LDOUBLE,
    T_STR,
    T_PTR,
} argtype;

/* One conversion of a format: "%-10.*s", "%2$d", or "%%" (value 0). */
typedef struct conv {
    const char *start; /* the '%' */
    size_t len;
    int value;       /* its argument's number, 1-based; 0 for %% */
    int width_arg;   /* the number of a * width's argument, 0: none */
    int prec_arg;    /* the same for a * precision */
    argtype type;    /* of the value */
    char flags[8];   /* as written, without a position */
    int width, prec; /* written digits, -1: none */
    char length[3];
    char conv;
} conv;

typedef struct parsed {
    conv c[CK_MSG_ARGS * 2];
    int nconv;
    int nargs;                      /* highest argument number used */
    argtype types[CK_MSG_ARGS + 1]; /* by argument number */
    bool ok;
} parsed;

static int digits(const char **p)
{
    int v = 0;
    while (**p >= '0' && **p <= '9') {
        if (v < 100000)
            v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

/* "N$" at p: N, and p moves past it; 0 and p unmoved when there is none. */
static int position(const char **p)
{
    const char *q = *p;
    if (*q < '1' || *q > '9')
        return 0;
    int v = digits(&q);
    if (*q != '$')
        return 0;
    *p = q + 1;
    return v;
}

static argtype type_of(char letter, const char *length)
{
    bool l = strcmp(length, "l") == 0, ll = strcmp(length, "ll") == 0 || strcmp(length, "q") == 0;
    bool z = strcmp(length, "z") == 0, j = strcmp(length, "j") == 0, t = strcmp(length, "t") == 0;
    bool plain = !*length || strcmp(length, "h") == 0 || strcmp(length, "hh") == 0;
    switch (letter) {
    case 'd':
    case 'i':
        return plain ? T_INT
               : l   ? T_LONG
               : ll  ? T_LLONG
               : z   ? T_SIZE
               : j   ? T_INTMAX
               : t   ? T_PTRDIFF
                     : T_NONE;
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        return plain ? T_UINT
               : l   ? T_ULONG
               : ll  ? T_ULLONG
               : z   ? T_SIZE
               : j   ? T_UINTMAX
               : t   ? T_PTRDIFF
                     : T_NONE;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A': return !*length || l ? T_DOUBLE : strcmp(length, "L") == 0 ? T_LDOUBLE : T_NONE;
    case 'c': return !*length ? T_INT : T_NONE;
    case 's': return !*length ? T_STR : T_NONE;
    case 'p': return !*length ? T_PTR : T_NONE;
    default: return T_NONE; /* %n, %m, wide characters: not in messages */
    }
}

static bool note_type(parsed *ps, int arg, argtype t)
{
    if (arg < 1 || arg > CK_MSG_ARGS)
        return false;
    if (ps->types[arg] != T_NONE && ps->types[arg] != t)
        return false;
    ps->types[arg] = t;
    if (arg > ps->nargs)
        ps->nargs = arg;
    return true;
}

/* Parse fmt's conversions; ps->ok false when it is not a format a message can carry. */
static void parse(const char *fmt, parsed *ps)
{
    /* Only the counts and the types are cleared: each conversion is written whole below, and
     * clearing all of them (6 KB) was most of a message's cost where thousands are worded. */
    ps->nconv = ps->nargs = 0;
    memset(ps->types, 0, sizeof ps->types);
    ps->ok = true;
    int next = 1;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (ps->nconv == (int)(sizeof ps->c / sizeof ps->c[0])) {
            ps->ok = false;
            return;
        }
        conv *c = &ps->c[ps->nconv];
        memset(c, 0, sizeof *c);
        c->start = p;
        c->width = c->prec = -1;
        const char *q = p + 1;
        if (*q == '%') {
            c->len = 2;
            c->conv = '%';
            ps->nconv++;
            p = q;
            continue;
        }
        int pos = position(&q);
        size_t nf = 0;
        while (*q && strchr("-+ #0'I", *q)) {
            if (nf + 1 < sizeof c->flags && !strchr(c->flags, *q))
                c->flags[nf++] = *q;
            q++;
        }
        if (*q == '*') {
            q++;
            int wp = position(&q);
            c->width_arg = wp ? wp : next++;
        } else if (*q >= '1' && *q <= '9') {
            c->width = digits(&q);
        }
        if (*q == '.') {
            q++;
            if (*q == '*') {
                q++;
                int pp = position(&q);
                c->prec_arg = pp ? pp : next++;
            } else {
                c->prec = digits(&q);
            }
        }
        size_t nl = 0;
        while (*q && strchr("hlLjztq", *q) && nl < 2)
            c->length[nl++] = *q++;
        c->conv = *q;
        if (!*q) {
            ps->ok = false;
            return;
        }
        c->value = pos ? pos : next++;
        c->type = type_of(c->conv, c->length);
        c->len = (size_t)(q + 1 - p);
        if (c->type == T_NONE || !note_type(ps, c->value, c->type) ||
            (c->width_arg && !note_type(ps, c->width_arg, T_INT)) ||
            (c->prec_arg && !note_type(ps, c->prec_arg, T_INT))) {
            ps->ok = false;
            return;
        }
        ps->nconv++;
        p = q;
    }
    for (int i = 1; i <= ps->nargs; i++)
        if (ps->types[i] == T_NONE) /* a gap: its type cannot be known */
            ps->ok = false;
}

/* ---- rendering the arguments ---- */

typedef union value {
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    long long ll;
    unsigned long long ull;
    size_t z;
    intmax_t j;
    uintmax_t uj;
    ptrdiff_t t;
    double d;
    long double ld;
    const char *s;
    void *p;
} value;

static pthread_once_t c_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The decimal digits of v (negative: its sign) at the end of buf; returns where they start. */
static char *decimal(char *end, uintmax_t v, bool negative)
{
    char *p = end;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (negative)
        *--p = '-';
    return p;
}

/* A conversion without flags, width or precision, of a text or an integer: written here, as
 * printf would, since most of a message's arguments are such and printf's parsing of its
 * format was a third of wording one. Returns -1 for any other conversion. */
static int render_plain(char *out, size_t n, const conv *c, const value *v)
{
    /* %hd and %hhu narrow their value: printf's. */
    if (c->flags[0] || c->width >= 0 || c->prec >= 0 || c->width_arg || c->prec_arg ||
        c->length[0] == 'h')
        return -1;
    char digits[24], *end = digits + sizeof digits, *p;
    const char *text;
    switch (c->conv == 'd' || c->conv == 'i' || c->conv == 'u' || c->conv == 's' ? c->type
                                                                                 : T_NONE) {
    case T_INT:
        text = p = decimal(end, v->i < 0 ? -(uintmax_t)v->i : (uintmax_t)v->i, v->i < 0);
        break;
    case T_UINT: text = p = decimal(end, v->u, false); break;
    case T_LONG:
        text = p = decimal(end, v->l < 0 ? -(uintmax_t)v->l : (uintmax_t)v->l, v->l < 0);
        break;
    case T_ULONG: text = p = decimal(end, v->ul, false); break;
    case T_SIZE:
        if (c->conv != 'u') /* %zd reads it as signed: printf's */
            return -1;
        text = p = decimal(end, v->z, false);
        break;
    case T_STR:
        text = v->s ? v->s : "(null)";
        end = NULL;
        break;
    default: return -1;
    }
    size_t len = end ? (size_t)(end - text) : strlen(text);
    if (n) {
        size_t k = len < n ? len : n - 1;
        memcpy(out, text, k);
        out[k] = '\0';
    }
    return len > INT_MAX ? INT_MAX : (int)len;
}

/* One conversion's text, as printf would write it in the C locale. */
static int render(char *out, size_t n, const conv *c, const value *vals)
{
    int plain = render_plain(out, n, c, &vals[c->value]);
    if (plain >= 0)
        return plain;
    char f[48];
    int width = c->width, prec = c->prec;
    bool minus = strchr(c->flags, '-') != NULL;
    if (c->width_arg) {
        width = vals[c->width_arg].i;
        if (width < 0) {
            minus = true;
            width = width == INT_MIN ? INT_MAX : -width;
        }
    }
    if (c->prec_arg && (prec = vals[c->prec_arg].i) < 0)
        prec = -1;
    if (width > 4096)
        width = 4096; /* a message has no use for more */
    size_t k = 0;
    f[k++] = '%';
    for (const char *fl = c->flags; *fl; fl++)
        if (*fl != '-')
            f[k++] = *fl;
    if (minus)
        f[k++] = '-';
    if (width >= 0)
        k += (size_t)snprintf(f + k, sizeof f - k, "%d", width);
    if (prec >= 0)
        k += (size_t)snprintf(f + k, sizeof f - k, ".%d", prec);
    k += (size_t)snprintf(f + k, sizeof f - k, "%s%c", c->length, c->conv);
    const value *v = &vals[c->value];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    switch (c->type) {
    case T_INT: return snprintf(out, n, f, v->i);
    case T_UINT: return snprintf(out, n, f, v->u);
    case T_LONG: return snprintf(out, n, f, v->l);
    case T_ULONG: return snprintf(out, n, f, v->ul);
    case T_LLONG: return snprintf(out, n, f, v->ll);
    case T_ULLONG: return snprintf(out, n, f, v->ull);
    case T_SIZE: return snprintf(out, n, f, v->z);
    case T_INTMAX: return snprintf(out, n, f, v->j);
    case T_UINTMAX: return snprintf(out, n, f, v->uj);
    case T_PTRDIFF: return snprintf(out, n, f, v->t);
    case T_DOUBLE: return snprintf(out, n, f, v->d);
    case T_LDOUBLE: return snprintf(out, n, f, v->ld);
    case T_STR: return snprintf(out, n, f, v->s ? v->s : "(null)");
    case T_PTR: return snprintf(out, n, f, v->p);
    case T_NONE: break;
    }
#pragma GCC diagnostic pop
    if (n)
        out[0] = '\0';
    return 0;
}

/* ---- the pool ---- */

static size_t room(const ck_msg *m)
{
    return m->used < CK_MSG_POOL ? CK_MSG_POOL - m->used : 0;
}

/* Copy len bytes of s (and a NUL) into the pool; CK_MSG_NONE when it does not fit. */
static uint16_t put(ck_msg *m, const char *s, size_t len)
{
    if (len + 1 > room(m))
        return CK_MSG_NONE;
    uint16_t at = m->used;
    memcpy(m->pool + at, s, len);
    m->pool[at + len] = '\0';
    m->used = (uint16_t)(m->used + len + 1);
    return at;
}

/* How much of s (len bytes) to keep within cap bytes: not inside a UTF-8 character, nor inside
 * a mark. */
static size_t cut_len(const char *s, size_t len, size_t cap)
{
    if (len <= cap)
        return len;
    size_t k = cap;
    while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    for (size_t i = k; i-- > 0;) {
        if (s[i] == MARK_OFF)
            break;
        if (s[i] == MARK_ON) {
            k = i;
            break;
        }
    }
    return k;
}

void ck_msg_clear(ck_msg *m)
{
    m->nparts = m->nargs = 0;
    m->used = 0;
    m->code = 0;
    m->cut = false;
}

bool ck_msg_empty(const ck_msg *m)
{
    return !m || m->nparts == 0;
}

/* Make room for one part at the end or in front; the new part's index. */
static int new_part(ck_msg *m, bool front)
{
    if (m->nparts >= CK_MSG_PARTS)
        return -1;
    if (!front)
        return m->nparts++;
    memmove(&m->part[1], &m->part[0], m->nparts * sizeof m->part[0]);
    m->nparts++;
    return 0;
}

/* Insert nargs argument slots for a new part: at the end, or in front of every other part's. */
static bool new_args(ck_msg *m, int idx, int nargs, uint8_t *first)
{
    if (m->nargs + nargs > CK_MSG_ARGS)
        return false;
    if (idx == 0 && m->nparts > 1) {
        memmove(&m->arg[nargs], &m->arg[0], m->nargs * sizeof m->arg[0]);
        for (int i = 1; i < m->nparts; i++)
            m->part[i].first = (uint8_t)(m->part[i].first + nargs);
        *first = 0;
    } else {
        *first = m->nargs;
    }
    m->nargs = (uint8_t)(m->nargs + nargs);
    return true;
}

/* Take back a part that could not be completed (pool bytes after mark are dropped). */
static void drop_part(ck_msg *m, int idx, uint16_t mark, int nargs)
{
    uint8_t first = m->part[idx].first;
    memmove(&m->arg[first], &m->arg[first + nargs], (m->nargs - first - nargs) * sizeof m->arg[0]);
    m->nargs = (uint8_t)(m->nargs - nargs);
    memmove(&m->part[idx], &m->part[idx + 1], (m->nparts - idx - 1) * sizeof m->part[0]);
    m->nparts--;
    for (int i = idx; i < m->nparts; i++)
        if (m->part[i].first > first)
            m->part[i].first = (uint8_t)(m->part[i].first - nargs);
    m->used = mark;
}

/* The format whose conversions the arguments follow: the one of fmt and plural with more. */
static const char *arg_format(const char *fmt, const char *plural, parsed *ps)
{
    parse(fmt, ps);
    if (!plural)
        return fmt;
    parsed *alt = malloc(sizeof *alt);
    if (!alt)
        return fmt;
    parse(plural, alt);
    bool use_plural = alt->ok && (!ps->ok || alt->nargs > ps->nargs);
    if (use_plural)
        *ps = *alt;
    free(alt);
    return use_plural ? plural : fmt;
}

bool ck_msg_vadd(ck_msg *m, bool front, const char *fmt, const char *plural, unsigned long n,
                 va_list ap)
{
    parsed ps;
    if (!fmt)
        fmt = "";
    arg_format(fmt, plural, &ps);
    if (!ps.ok)
        return false;
    value vals[CK_MSG_ARGS + 1];
    memset(vals, 0, sizeof vals);
    for (int i = 1; i <= ps.nargs; i++) {
        switch (ps.types[i]) {
        case T_INT: vals[i].i = va_arg(ap, int); break;
        case T_UINT: vals[i].u = va_arg(ap, unsigned); break;
        case T_LONG: vals[i].l = va_arg(ap, long); break;
        case T_ULONG: vals[i].ul = va_arg(ap, unsigned long); break;
        case T_LLONG: vals[i].ll = va_arg(ap, long long); break;
        case T_ULLONG: vals[i].ull = va_arg(ap, unsigned long long); break;
        case T_SIZE: vals[i].z = va_arg(ap, size_t); break;
        case T_INTMAX: vals[i].j = va_arg(ap, intmax_t); break;
        case T_UINTMAX: vals[i].uj = va_arg(ap, uintmax_t); break;
        case T_PTRDIFF: vals[i].t = va_arg(ap, ptrdiff_t); break;
        case T_DOUBLE: vals[i].d = va_arg(ap, double); break;
        case T_LDOUBLE: vals[i].ld = va_arg(ap, long double); break;
        case T_STR: vals[i].s = va_arg(ap, const char *); break;
        case T_PTR: vals[i].p = va_arg(ap, void *); break;
        case T_NONE: return false;
        }
    }
    int idx = new_part(m, front);
    if (idx < 0)
        return false;
    uint16_t mark = m->used;
    ck_msg_part *pt = &m->part[idx];
    memset(pt, 0, sizeof *pt);
    pt->n = n;
    pt->plural = CK_MSG_NONE;
    if (!new_args(m, idx, ps.nargs, &pt->first)) {
        memmove(&m->part[idx], &m->part[idx + 1], (m->nparts - idx - 1) * sizeof m->part[0]);
        m->nparts--;
        return false;
    }
    pt->nargs = (uint8_t)ps.nargs;
    for (int i = 0; i < ps.nargs; i++)
        m->arg[pt->first + i] = CK_MSG_NONE;
    if ((pt->fmt = put(m, fmt, strlen(fmt))) == CK_MSG_NONE ||
        (plural && (pt->plural = put(m, plural, strlen(plural))) == CK_MSG_NONE)) {
        drop_part(m, idx, mark, ps.nargs);
        return false;
    }
    bool whole = true;
    pthread_once(&c_once, make_c_locale);
    locale_t before = c_locale ? uselocale(c_locale) : (locale_t)0;
    for (int k = 0; k < ps.nconv; k++) {
        const conv *c = &ps.c[k];
        if (!c->value)
            continue;
        char small[256], *text = small;
        int len = render(small, sizeof small, c, vals);
        if (len < 0) {
            len = 0;
            small[0] = '\0';
        }
        if ((size_t)len >= sizeof small) { /* longer than the first try held */
            if ((text = malloc((size_t)len + 1)))
                render(text, (size_t)len + 1, c, vals);
            else {
                text = small;
                len = (int)sizeof small - 1;
            }
        }
        size_t keep = (size_t)len, cap = room(m) > 64 ? room(m) - 64 : 0;
        if (cap > CK_MSG_ARG_MAX)
            cap = CK_MSG_ARG_MAX;
        if (keep > cap) { /* shortened where it is cut, and says so: "…" */
            keep = cap >= 3 ? cut_len(text, keep, cap - 3) : 0;
            if (cap >= 3) {
                memcpy(text + keep, "\xE2\x80\xA6", 3);
                keep += 3;
            }
            whole = false;
        }
        uint16_t at = put(m, text, keep);
        if (text != small)
            free(text);
        if (at == CK_MSG_NONE) {
            at = put(m, "", 0);
            whole = false;
        }
        if (at == CK_MSG_NONE) {
            if (before)
                uselocale(before);
            drop_part(m, idx, mark, ps.nargs);
            return false;
        }
        m->arg[pt->first + c->value - 1] = at;
    }
    if (before)
        uselocale(before);
    m->cut = m->cut || !whole;
    return whole;
}

bool ck_msg_set(ck_msg *m, const char *fmt, ...)
{
    va_list ap;
    ck_msg_clear(m);
    va_start(ap, fmt);
    bool ok = ck_msg_vadd(m, false, fmt, NULL, 0, ap);
    va_end(ap);
    return ok;
}

bool ck_msg_setn(ck_msg *m, const char *fmt, const char *plural, unsigned long n, ...)
{
    va_list ap;
    ck_msg_clear(m);
    va_start(ap, n);
    bool ok = ck_msg_vadd(m, false, fmt, plural, n, ap);
    va_end(ap);
    return ok;
}

bool ck_msg_add(ck_msg *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = ck_msg_vadd(m, false, fmt, NULL, 0, ap);
    va_end(ap);
    return ok;
}

bool ck_msg_addn(ck_msg *m, const char *fmt, const char *plural, unsigned long n, ...)
{
    va_list ap;
    va_start(ap, n);
    bool ok = ck_msg_vadd(m, false, fmt, plural, n, ap);
    va_end(ap);
    return ok;
}

bool ck_msg_prepend(ck_msg *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = ck_msg_vadd(m, true, fmt, NULL, 0, ap);
    va_end(ap);
    return ok;
}

void ck_msg_set_code(ck_msg *m, const char *code)
{
    uint16_t off = code && *code ? put(m, code, strlen(code)) : CK_MSG_NONE;
    m->code = off == CK_MSG_NONE ? 0 : (uint16_t)(off + 1);
}

const char *ck_msg_code(const ck_msg *m)
{
    return m && m->code && m->code - 1 < m->used ? m->pool + m->code - 1 : "";
}

/* ---- stored parts ---- */

size_t ck_msg_nparts(const ck_msg *m)
{
    return m ? m->nparts : 0;
}

static const char *at(const ck_msg *m, uint16_t off)
{
    return off != CK_MSG_NONE && off < m->used ? m->pool + off : NULL;
}

bool ck_msg_part_view(const ck_msg *m, size_t i, ck_msg_view *out)
{
    memset(out, 0, sizeof *out);
    if (!m || i >= m->nparts)
        return false;
    const ck_msg_part *p = &m->part[i];
    out->fmt = at(m, p->fmt);
    out->plural = at(m, p->plural);
    out->n = p->n;
    out->nargs = p->nargs;
    for (size_t k = 0; k < p->nargs && p->first + k < CK_MSG_ARGS; k++)
        out->args[k] = at(m, m->arg[p->first + k]);
    if (!out->fmt)
        out->fmt = "";
    return true;
}

bool ck_msg_add_stored(ck_msg *m, const ck_msg_view *v)
{
    parsed ps;
    if (!v->fmt || v->nargs > CK_MSG_ARGS)
        return false;
    arg_format(v->fmt, v->plural, &ps);
    if (!ps.ok || (size_t)ps.nargs != v->nargs)
        return false;
    for (int i = 1; i <= ps.nargs; i++) {
        bool width_only = true;
        for (int k = 0; k < ps.nconv; k++)
            if (ps.c[k].value == i)
                width_only = false;
        if (width_only != (v->args[i - 1] == NULL))
            return false;
    }
    int idx = new_part(m, false);
    if (idx < 0)
        return false;
    uint16_t mark = m->used;
    ck_msg_part *pt = &m->part[idx];
    memset(pt, 0, sizeof *pt);
    pt->n = v->n;
    pt->plural = CK_MSG_NONE;
    if (!new_args(m, idx, ps.nargs, &pt->first)) {
        m->nparts--;
        return false;
    }
    pt->nargs = (uint8_t)ps.nargs;
    for (int i = 0; i < ps.nargs; i++)
        m->arg[pt->first + i] = CK_MSG_NONE;
    bool ok = (pt->fmt = put(m, v->fmt, strlen(v->fmt))) != CK_MSG_NONE &&
              (!v->plural || (pt->plural = put(m, v->plural, strlen(v->plural))) != CK_MSG_NONE);
    for (int i = 0; ok && i < ps.nargs; i++)
        if (v->args[i]) {
            size_t len = strlen(v->args[i]);
            size_t keep = cut_len(v->args[i], len, CK_MSG_ARG_MAX);
            m->cut = m->cut || keep < len;
            ok = (m->arg[pt->first + i] = put(m, v->args[i], keep)) != CK_MSG_NONE;
        }
    if (!ok)
        drop_part(m, idx, mark, ps.nargs);
    return ok;
}

bool ck_msg_add_text(ck_msg *m, const char *text)
{
    ck_msg_view v = {.fmt = "%s", .nargs = 1, .args = {text ? text : ""}};
    return ck_msg_add_stored(m, &v);
}

bool ck_msg_append(ck_msg *m, const ck_msg *more)
{
    bool ok = true;
    if (m == more) /* appending a message to itself: from a copy */
        return false;
    for (size_t i = 0; more && i < more->nparts; i++) {
        ck_msg_view v;
        ck_msg_part_view(more, i, &v);
        ok = ck_msg_add_stored(m, &v) && ok;
    }
    if (more && !m->code && more->code)
        ck_msg_set_code(m, ck_msg_code(more));
    m->cut = m->cut || (more && more->cut);
    return ok;
}

/* ---- typed arguments ---- */

static const char *mark(char *buf, size_t n, char kind, const char *payload)
{
    if (n < 4) {
        if (n)
            buf[0] = '\0';
        return buf;
    }
    size_t len = 0;
    buf[len++] = MARK_ON;
    buf[len++] = kind;
    for (const char *p = payload; *p && len + 2 < n; p++)
        if (*p != MARK_ON && *p != MARK_OFF)
            buf[len++] = *p;
    buf[len++] = MARK_OFF;
    buf[len] = '\0';
    return buf;
}

const char *ck_msg_date(char buf[CK_MSG_MARK], const char *ymd)
{
    return mark(buf, CK_MSG_MARK, 'D', ymd ? ymd : "");
}

const char *ck_msg_date_short(char buf[CK_MSG_MARK], const char *ymd)
{
    return mark(buf, CK_MSG_MARK, 'W', ymd ? ymd : "");
}

const char *ck_msg_minutes(char buf[CK_MSG_MARK], int minutes)
{
    char num[16];
    snprintf(num, sizeof num, "%d", minutes);
    return mark(buf, CK_MSG_MARK, 'M', num);
}

const char *ck_msg_errno(char buf[CK_MSG_MARK], int errnum)
{
    char num[16];
    snprintf(num, sizeof num, "%d", errnum);
    return mark(buf, CK_MSG_MARK, 'E', num);
}

const char *ck_msg_dates(char *buf, size_t n, const char (*dates)[11], size_t count)
{
    char list[CK_MSG_ARG_MAX] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used + 12 < sizeof list; i++)
        used +=
            (size_t)snprintf(list + used, sizeof list - used, "%s%.10s", i ? "," : "", dates[i]);
    return mark(buf, n, 'R', list);
}

const char *ck_msg_phrase(char *buf, size_t n, const char *msgid)
{
    /* Already typed text ("<the name> \"Zoë\""): as it is, so a phrase can be passed on. */
    if (msgid && strchr(msgid, MARK_ON)) {
        if (n)
            snprintf(buf, n, "%.*s", (int)cut_len(msgid, strlen(msgid), n - 1), msgid);
        return buf;
    }
    return mark(buf, n, 'P', msgid ? msgid : "");
}

/* ---- wording ---- */

typedef struct sink {
    char *out;
    size_t n, len;
} sink;

static void emit(sink *s, const char *p, size_t len)
{
    if (s->n == 0)
        return;
    size_t space = s->n - 1 - s->len;
    if (len > space)
        len = cut_len(p, len, space);
    memcpy(s->out + s->len, p, len);
    s->len += len;
    s->out[s->len] = '\0';
}

static void emit_str(sink *s, const char *p)
{
    emit(s, p, strlen(p));
}

/* One typed argument's words. */
static void word_mark(sink *s, const ck_lang *lang, char kind, const char *payload, size_t len)
{
    char in[CK_MSG_ARG_MAX + 1], out[CK_MSG_ARG_MAX + 64];
    if (len > CK_MSG_ARG_MAX)
        len = CK_MSG_ARG_MAX;
    memcpy(in, payload, len);
    in[len] = '\0';
    out[0] = '\0';
    switch (kind) {
    case 'D': ck_lang_date(lang, in, CK_DATE_LONG, out, sizeof out); break;
    case 'W': ck_lang_date(lang, in, CK_DATE_SHORT, out, sizeof out); break;
    case 'M': {
        char *end = NULL;
        long v = strtol(in, &end, 10);
        if (end && end != in && !*end && v > INT_MIN && v < INT_MAX)
            ck_lang_minutes(lang, (int)v, out, sizeof out);
        else
            snprintf(out, sizeof out, "%s", in);
        break;
    }
    case 'E': {
        char *end = NULL;
        long v = strtol(in, &end, 10);
        if (end && end != in && !*end && v > 0 && v < 4096)
            ck_lang_strerror(lang, (int)v, out, sizeof out);
        else
            snprintf(out, sizeof out, "%s", in);
        break;
    }
    case 'R': {
        char dates[CK_MSG_ARG_MAX / 11 + 1][11];
        size_t count = 0;
        for (const char *p = in; *p && count < sizeof dates / sizeof dates[0];) {
            size_t l = strcspn(p, ",");
            snprintf(dates[count++], sizeof dates[0], "%.*s", (int)(l < 10 ? l : 10), p);
            p += l + (p[l] == ',');
        }
        ck_lang_dates(lang, (const char(*)[11])dates, count, out, sizeof out);
        break;
    }
    case 'P': snprintf(out, sizeof out, "%s", in[0] ? ck_lang_text(lang, in) : ""); break;
    default: snprintf(out, sizeof out, "%s", in); break;
    }
    emit_str(s, out);
}

/* Text between marks, without a stray MARK_OFF. */
static void emit_plain(sink *s, const char *p, size_t len)
{
    for (const char *end = p + len; p < end;) {
        const char *off = memchr(p, MARK_OFF, (size_t)(end - p));
        size_t run = off ? (size_t)(off - p) : (size_t)(end - p);
        emit(s, p, run);
        p += run + (off != NULL);
    }
}

/* An argument's text, its marks worded. */
static void emit_arg(sink *s, const ck_lang *lang, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *on = strchr(p, MARK_ON);
        if (!on) {
            emit_plain(s, p, strlen(p));
            return;
        }
        emit_plain(s, p, (size_t)(on - p));
        const char *off = strchr(on + 1, MARK_OFF);
        if (!off || off == on + 1) { /* a stray mark: drop it */
            p = on + 1;
            continue;
        }
        word_mark(s, lang, on[1], on + 2, (size_t)(off - on - 2));
        p = off + 1;
    }
}

/* Write format f with the argument texts (args[i] for argument i + 1; NULL for a * width), or
 * return false (writing nothing) when a conversion of f has no text among them, or (given
 * the format the texts were made by) takes an argument of another type than that format did:
 * a translation that does not fit. exact: f must use every one of the nargs texts. */
static bool substitute(sink *s, const ck_lang *lang, const char *f, const char *source,
                       const char *const *args, int nargs, bool exact)
{
    parsed *ps = malloc(2 * sizeof *ps);
    if (!ps)
        return false;
    parsed *src = ps + 1;
    parse(f, ps);
    bool ok = ps->ok && (exact ? ps->nargs == nargs : ps->nargs <= nargs);
    if (ok && source && source != f) {
        parse(source, src);
        for (int i = 1; ok && i <= ps->nargs; i++)
            ok = src->ok && i <= src->nargs && ps->types[i] == src->types[i];
    }
    for (int k = 0; ok && k < ps->nconv; k++) {
        int v = ps->c[k].value;
        ok = v == 0 || (v <= nargs && ps->c[k].type != T_NONE && args[v - 1] != NULL);
    }
    if (!ok) {
        free(ps);
        return false;
    }
    const char *p = f;
    for (int k = 0; k < ps->nconv; k++) {
        const conv *c = &ps->c[k];
        emit(s, p, (size_t)(c->start - p));
        if (c->value == 0)
            emit(s, "%", 1);
        else
            emit_arg(s, lang, args[c->value - 1]);
        p = c->start + c->len;
    }
    emit_str(s, p);
    free(ps);
    return true;
}

char *ck_msg_word_texts(const char *fmt, const char *fallback, const char *const *args,
                        size_t nargs, char *out, size_t n)
{
    sink s = {.out = out, .n = n, .len = 0};
    if (n)
        out[0] = '\0';
    if (nargs > CK_MSG_ARGS)
        return out;
    for (size_t i = 0; i < nargs; i++)
        if (!args[i])
            return out;
    if (!(fmt && substitute(&s, NULL, fmt, NULL, args, (int)nargs, true)) && fallback) {
        s.len = 0;
        if (n)
            out[0] = '\0';
        substitute(&s, NULL, fallback, NULL, args, (int)nargs, true);
    }
    return out;
}

char *ck_msg_word(const ck_msg *m, const ck_lang *lang, char *out, size_t n)
{
    sink s = {.out = out, .n = n, .len = 0};
    if (n)
        out[0] = '\0';
    for (size_t i = 0; m && i < m->nparts; i++) {
        const ck_msg_part *pt = &m->part[i];
        const char *fmt = at(m, pt->fmt), *plural = at(m, pt->plural);
        if (!fmt)
            continue;
        const char *english = plural && pt->n != 1 ? plural : fmt;
        /* The format the texts were made by (of two forms, the one with more arguments). */
        const char *made_by = fmt;
        parsed *tmp = plural ? malloc(sizeof *tmp) : NULL;
        if (tmp)
            made_by = arg_format(fmt, plural, tmp);
        free(tmp);
        /* "%s" is a text kept as it is (ck_msg_add_text): nothing to look up. */
        const char *f = plural                   ? ck_lang_ntext(lang, fmt, plural, pt->n)
                        : strcmp(fmt, "%s") == 0 ? fmt
                                                 : ck_lang_text(lang, fmt);
        const char *args[CK_MSG_ARGS];
        for (int k = 0; k < pt->nargs; k++)
            args[k] = pt->first + k < CK_MSG_ARGS ? at(m, m->arg[pt->first + k]) : NULL;
        size_t before = s.len;
        if (!substitute(&s, lang, f, made_by, args, pt->nargs, false)) {
            s.len = before;
            if (n)
                out[before] = '\0';
            if (!substitute(&s, lang, english, NULL, args, pt->nargs, false)) {
                /* Not even the stored format fits its texts (a damaged record): the words. */
                for (const char *p = english; *p; p++)
                    if (*p != '%')
                        emit(&s, p, 1);
            }
        }
    }
    return out;
}
