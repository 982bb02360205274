/*
 * fuzz_money.c - the amount parser never crashes, and whatever it accepts
 * formats back to a text it reads as the same amount.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *cur[] = {"USD", "JPY", "KWD", "EUR", NULL};
	char buf[AR_MONEY_BUFSZ];
	int64_t v, w;

	if (size < 1)
		return 0;
	unsigned sel = data[0];
	const char *c = cur[sel % 5];
	int e = c ? ar_currency_exponent(c) : 2;
	unsigned flags = sel & 0x80 ? AR_MONEY_DECIMAL_COMMA : 0;
	if (ar_money_parse((const char *)data + 1, size - 1, e, c, flags, &v,
			   NULL) != AR_OK)
		return 0;
	ar_money_format(buf, v, e, 0);
	if (ar_money_parse(buf, strlen(buf), e, c, 0, &w, NULL) != AR_OK || w != v)
		abort();
	ar_money_format(buf, v, e, AR_MONEY_GROUP);
	if (ar_money_parse(buf, strlen(buf), e, c, 0, &w, NULL) != AR_OK || w != v)
		abort();
	return 0;
}
