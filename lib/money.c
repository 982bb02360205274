/*
 * money.c - parse and format amounts in integer minor units.
 *
 * The parser is strict on purpose: an amount it cannot read exactly is
 * refused, never rounded, because a silently changed total is the worst
 * thing this toolkit could do.
 */
#include <string.h>
#include <strings.h>

#include "ar/money.h"

struct currency {
	char code[4];
	signed char exponent;
};

/* ISO 4217 codes whose exponent is not 2, and the common 2-decimal ones. */
static const struct currency currencies[] = {
	{"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BGN", 2}, {"BHD", 3},
	{"BIF", 0}, {"BRL", 2}, {"CAD", 2}, {"CHF", 2}, {"CLF", 4},
	{"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DJF", 0},
	{"DKK", 2}, {"EGP", 2}, {"EUR", 2}, {"GBP", 2}, {"GNF", 0},
	{"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2},
	{"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KMF", 0},
	{"KRW", 0}, {"KWD", 3}, {"LYD", 3}, {"MAD", 2}, {"MXN", 2},
	{"MYR", 2}, {"NGN", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3},
	{"PEN", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0},
	{"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RWF", 0}, {"SAR", 2},
	{"SEK", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2},
	{"TWD", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UYI", 0},
	{"UYW", 4}, {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0},
	{"XPF", 0}, {"ZAR", 2},
};

bool ar_currency_valid(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return s[3] == '\0';
}

int ar_currency_exponent(const char *code)
{
	size_t lo = 0, hi = sizeof(currencies) / sizeof(currencies[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(code, currencies[mid].code, 3);
		if (c == 0)
			return currencies[mid].exponent;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Currency symbols, each with the codes it may stand for. */
static const struct {
	const char *sym;
	const char *codes;
} symbols[] = {
	{"$", "USD CAD AUD NZD SGD HKD MXN ARS CLP COP TWD"},
	{"\xe2\x82\xac", "EUR"},		/* euro sign */
	{"\xc2\xa3", "GBP"},			/* pound sign */
	{"\xc2\xa5", "JPY CNY"},		/* yen sign */
	{"\xe2\x82\xb9", "INR"},		/* rupee sign */
	{"\xe2\x82\xa9", "KRW"},		/* won sign */
	{"\xe2\x82\xa3", "CHF"},		/* franc sign */
};

/*
 * If s[0..len) starts (at_end: ends) with a symbol or code of currency,
 * return its length, else 0.
 */
static size_t currency_affix(const char *s, size_t len, const char *currency,
			     bool at_end)
{
	if (!currency)
		return 0;
	if (len >= 3) {
		const char *p = at_end ? s + len - 3 : s;
		/* "12.00 usd": codes are read in any case, as in a
		 * currency column */
		if (strncasecmp(p, currency, 3) == 0)
			return 3;
	}
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		size_t n = strlen(symbols[i].sym);
		if (n > len)
			continue;
		const char *p = at_end ? s + len - n : s;
		if (memcmp(p, symbols[i].sym, n) != 0)
			continue;
		if (strstr(symbols[i].codes, currency))
			return n;
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s))
		(*s)++, (*len)--;
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static bool has_letter_or_symbol(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    c == '$' || c >= 0x80)
			return true;
	}
	return false;
}

static const char *not_a_number(const char *s, size_t len)
{
	return has_letter_or_symbol(s, len)
		? "not a number (or a currency other than the row's)"
		: "not a number";
}

ar_status ar_money_parse(const char *s, size_t len, int exponent,
			 const char *currency, unsigned flags, int64_t *out,
			 const char **why)
{
	const char *dummy;
	char group = ',', point = '.';
	bool neg = false, parens = false;
	size_t n;

	if (!why)
		why = &dummy;
	if (flags & AR_MONEY_DECIMAL_COMMA)
		group = '.', point = ',';
	if (exponent < 0 || exponent > 4) {
		*why = "unknown currency exponent";
		return AR_EINPUT;
	}
	trim(&s, &len);
	if (len == 0) {
		*why = "empty";
		return AR_EINPUT;
	}
	if (s[0] == '(') {
		if (s[len - 1] != ')') {
			*why = "unbalanced parenthesis";
			return AR_EINPUT;
		}
		parens = neg = true;
		s++, len -= 2;
		trim(&s, &len);
	}
	/* One sign and one currency, in either order, may lead. */
	bool signed_ = parens, affixed = false;
	for (int pass = 0; pass < 2; pass++) {
		if (len && (s[0] == '-' || s[0] == '+')) {
			if (signed_) {
				*why = "two signs";
				return AR_EINPUT;
			}
			signed_ = true;
			if (s[0] == '-')
				neg = true;
			s++, len--;
			trim(&s, &len);
		}
		if (!affixed && (n = currency_affix(s, len, currency, false)) != 0) {
			affixed = true;
			s += n, len -= n;
			trim(&s, &len);
		}
	}
	if (!affixed && (n = currency_affix(s, len, currency, true)) != 0) {
		len -= n;
		trim(&s, &len);
	}
	if (len == 0) {
		*why = "no digits";
		return AR_EINPUT;
	}

	uint64_t whole = 0;
	int64_t value;
	size_t i = 0, digits = 0, group_len = 0;
	bool grouped = false;

	for (; i < len && s[i] != point; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (whole > (UINT64_MAX - 9) / 10) {
				*why = "too large";
				return AR_EINPUT;
			}
			whole = whole * 10 + (uint64_t)(c - '0');
			digits++, group_len++;
		} else if (c == group) {
			/* first group 1..3 digits, later groups exactly 3 */
			if (digits == 0 || (grouped ? group_len != 3 : group_len > 3)) {
				*why = "misplaced thousands separator";
				return AR_EINPUT;
			}
			grouped = true;
			group_len = 0;
		} else {
			*why = not_a_number(s, len);
			return AR_EINPUT;
		}
	}
	if (grouped && group_len != 3) {
		*why = "misplaced thousands separator";
		return AR_EINPUT;
	}
	int decimals = 0;
	uint64_t frac = 0;
	if (i < len) {		/* s[i] is the decimal point */
		i++;
		if (i == len) {
			*why = "no digits after the decimal point";
			return AR_EINPUT;
		}
		for (size_t k = i; k < len; k++) {
			char c = s[k];
			if (c == group || c == point) {
				*why = "mixed or repeated separators";
				return AR_EINPUT;
			}
			if (c < '0' || c > '9') {
				*why = not_a_number(s, len);
				return AR_EINPUT;
			}
		}
		for (; i < len; i++) {
			char c = s[i];
			if (++decimals > exponent) {
				*why = "more decimals than the currency has";
				return AR_EINPUT;
			}
			frac = frac * 10 + (uint64_t)(c - '0');
		}
	} else if (digits == 0) {
		*why = "no digits";
		return AR_EINPUT;
	}
	for (int k = decimals; k < exponent; k++)
		frac *= 10;
	uint64_t scale = 1;
	for (int k = 0; k < exponent; k++)
		scale *= 10;
	uint64_t total;
	if (__builtin_mul_overflow(whole, scale, &total) ||
	    __builtin_add_overflow(total, frac, &total) ||
	    total > (uint64_t)INT64_MAX + (neg ? 1 : 0)) {
		*why = "too large";
		return AR_EINPUT;
	}
	/* negate in unsigned arithmetic: -INT64_MIN does not exist */
	value = (int64_t)(neg ? (uint64_t)0 - total : total);
	*out = value;
	return AR_OK;
}

size_t ar_money_format(char *buf, int64_t v, int exponent, unsigned flags)
{
	char tmp[AR_MONEY_BUFSZ];
	size_t n = 0, len = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int digit = 0;

	/* build the digits backwards */
	do {
		if (digit == exponent && exponent > 0)
			tmp[n++] = '.';
		else if (digit > exponent && (flags & AR_MONEY_GROUP) &&
			 (digit - exponent) % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
		digit++;
	} while (u != 0 || digit <= exponent);
	if (v < 0)
		buf[len++] = '-';
	while (n)
		buf[len++] = tmp[--n];
	buf[len] = '\0';
	return len;
}
