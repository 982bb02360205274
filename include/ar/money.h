/*
 * money.h - amounts in integer minor units.
 *
 * An amount is an int64_t count of the currency's minor unit (cents for
 * USD, yen for JPY, fils for KWD).  Nothing here uses floating point.
 */
#ifndef AR_MONEY_H
#define AR_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags for ar_money_parse(). */
#define AR_MONEY_DECIMAL_COMMA	0x1	/* 1.234,56 instead of 1,234.56 */
/* Flags for ar_money_format(). */
#define AR_MONEY_GROUP		0x2	/* thousands separators: 1,234.56 */

/*
 * The largest amount of one document: 10^15 minor units (ten trillion
 * dollars).  Far beyond any invoice, and small enough that the sums of a
 * ledger's millions of documents cannot overflow 64 bits.
 */
#define AR_MONEY_DOC_MAX INT64_C(1000000000000000)

/* Longest formatted amount, with separators, sign and NUL. */
#define AR_MONEY_BUFSZ	40

/*
 * The ISO 4217 exponent (number of decimals) of a three-letter code.
 * @param code three upper-case letters (need not be NUL-terminated)
 * @return 0..4, or -1 when the code is not a known currency
 */
int ar_currency_exponent(const char *code);

/*
 * True when s is three ASCII upper-case letters.
 */
bool ar_currency_valid(const char *s);

/*
 * Parse an amount per SPEC section 4: 1234.56, 1,234.56, -12.00, (12.00),
 * +5, .5, with an optional leading or trailing currency symbol or code that
 * must match currency.  More decimals than exponent, exponents, NaN, empty
 * text, misplaced separators and values that overflow are refused.
 *
 * @param s        the text, not necessarily NUL-terminated
 * @param len      its length
 * @param exponent decimals of the currency (0..4)
 * @param currency the row's currency code, or NULL to refuse any code/symbol
 * @param flags    AR_MONEY_DECIMAL_COMMA or 0
 * @param out      the amount in minor units
 * @param why      on AR_EINPUT, static text saying what is wrong (may be NULL)
 * @return AR_OK or AR_EINPUT
 *
 *	int64_t v; const char *why;
 *	if (ar_money_parse("1,234.56", 8, 2, "USD", 0, &v, &why) == AR_OK)
 *		assert(v == 123456);
 */
ar_status ar_money_parse(const char *s, size_t len, int exponent,
			 const char *currency, unsigned flags, int64_t *out,
			 const char **why);

/*
 * Format an amount: -1234.56, or -1,234.56 with AR_MONEY_GROUP.
 * @param buf at least AR_MONEY_BUFSZ bytes
 * @return the length written (buf is NUL-terminated)
 */
size_t ar_money_format(char *buf, int64_t v, int exponent, unsigned flags);

/* Checked arithmetic: false (and *out untouched) on overflow. */
static inline bool ar_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

static inline bool ar_money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;
	if (__builtin_sub_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

/* Accumulate into *acc; false on overflow (acc unchanged). */
static inline bool ar_money_accum(int64_t *acc, int64_t v)
{
	return ar_money_add(*acc, v, acc);
}

#ifdef __cplusplus
}
#endif

#endif
