/*
 * dun_rule.c - the arithmetic of dunning: levels, rates, late interest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/dun.h"

bool ar_dun_levels_parse(const char *s, struct ar_dun_levels *out)
{
	struct ar_dun_levels v = {0};
	int prev = -1;
	while (*s) {
		char *end;
		if (*s < '0' || *s > '9')
			return false;
		long level = strtol(s, &end, 10);
		if (level != v.n + 1 || level > AR_DUN_LEVELS_MAX ||
		    *end != ':' || end[1] < '0' || end[1] > '9')
			return false;
		s = end + 1;
		long days = strtol(s, &end, 10);
		if (days <= prev || days > 3650 || end - s > 4)
			return false;
		v.days[v.n++] = (int)days;
		prev = (int)days;
		s = end;
		if (*s == ',' && s[1] != '\0')
			s++;
		else if (*s)
			return false;
	}
	if (v.n == 0)
		return false;
	if (out)
		*out = v;
	return true;
}

bool ar_dun_rate_parse(const char *s, int64_t *rate)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (digits == 4)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 4)
				return false;
			frac = frac * 10 + (*s - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (*s || digits == 0 || whole > 1000)
		return false;
	for (; decimals < 4; decimals++)
		frac *= 10;
	*rate = whole * AR_DUN_RATE_ONE + frac;
	return *rate <= 1000 * (int64_t)AR_DUN_RATE_ONE;
}

bool ar_dun_interest(int64_t open, int64_t rate, int days, int64_t *out)
{
	/* open x (rate / 10000) / 100 / 365 x days, in one division */
	const __int128 den = (__int128)100 * AR_DUN_RATE_ONE * 365;
	__int128 num = (__int128)open * rate * days;
	bool neg = num < 0;
	if (neg)
		num = -num;
	__int128 q = (2 * num + den) / (2 * den);
	if (q > INT64_MAX)
		return false;
	*out = neg ? -(int64_t)q : (int64_t)q;
	return true;
}

void ar_dun_rate_format(char buf[32], int64_t rate)
{
	long long w = rate / AR_DUN_RATE_ONE, f = rate % AR_DUN_RATE_ONE;
	int dec = 4;
	while (dec > 0 && f % 10 == 0) {
		f /= 10;
		dec--;
	}
	if (dec)
		snprintf(buf, 32, "%lld.%0*lld", w, dec, f);
	else
		snprintf(buf, 32, "%lld", w);
}
