/* Numbers people type (hours, minutes, seconds, ids, sizes): plain decimal digits only. */
#ifndef CK_CORE_NUMBER_H
#define CK_CORE_NUMBER_H

#include <stdbool.h>

/* A whole number written as decimal digits alone ("16", "007"): no sign, no spaces, no
 * "0x", no exponent, nothing after it, from min to max. */
bool ck_number_int(long long *out, const char *text, long long min, long long max);

/* A decimal number written as digits with at most one '.' between digits ("16", "14.5",
 * "0.25"): no sign, exponent, "nan", "inf", spaces or anything after it; at most
 * max_decimals digits after the point; from min to max. */
bool ck_number_decimal(double *out, const char *text, int max_decimals, double min, double max);

#endif
