/*
 * fuzz_date.c - the date parsers never crash, and every date they accept
 * is valid and prints back as itself.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/date.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *fmts[] = {NULL, "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y",
				     "%Y%m%d", "%m/%d/%y"};
	char buf[AR_DATE_BUFSZ];
	ar_date d, e;
	int y, m, dd;

	if (size < 1)
		return 0;
	const char *fmt = fmts[data[0] % 6];
	if (ar_date_parse((const char *)data + 1, size - 1, fmt, &d) == AR_OK) {
		ar_date_to_ymd(d, &y, &m, &dd);
		if (!ar_date_valid(y, m, dd))
			abort();
		ar_date_format(buf, d);
		if (ar_date_parse_iso(buf, 10, &e) != AR_OK || e != d)
			abort();
	}
	struct ar_terms t;
	if (ar_terms_parse((const char *)data, size, &t, NULL) == AR_OK &&
	    (t.days < 0 || t.days > 3650 || t.discount_rate < 0 ||
	     t.discount_rate > 9999 || t.discount_days < 0 ||
	     t.discount_days > t.days || (!t.discount_rate && t.discount_days)))
		abort();
	return 0;
}
