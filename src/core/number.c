/* Numbers people type: strict decimal parsing, with ranges. */
#include "core/number.h"

#include <stddef.h>
#include <string.h>

#define MAX_DIGITS 18 /* fits in a long long and a double's exact integers */

bool ck_number_int(long long *out, const char *text, long long min, long long max)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > MAX_DIGITS)
        return false;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (text[i] - '0');
    }
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool ck_number_decimal(double *out, const char *text, int max_decimals, double min, double max)
{
    size_t n = text ? strlen(text) : 0, digits = 0, decimals = 0;
    bool point = false;
    if (n == 0 || n > MAX_DIGITS + 1 || text[0] == '.' || text[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '.' && !point) {
            point = true;
            continue;
        }
        if (text[i] < '0' || text[i] > '9')
            return false;
        digits++;
        decimals += point;
    }
    if (digits == 0 || (int)decimals > max_decimals)
        return false;
    /* By hand: strtod() would follow the locale's decimal point. */
    long long whole = 0, frac = 0, scale = 1;
    bool after = false;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '.') {
            after = true;
        } else if (after) {
            frac = frac * 10 + (text[i] - '0');
            scale *= 10;
        } else {
            whole = whole * 10 + (text[i] - '0');
        }
    }
    double v = (double)whole + (double)frac / (double)scale;
    if (!(v >= min && v <= max))
        return false;
    *out = v;
    return true;
}
