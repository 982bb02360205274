/*
 * bai2.h - BAI2 files (bank-to-customer cash management, version 2) read
 * for the payments they hold.
 *
 * A BAI2 file is records of comma-separated fields, each ended by '/':
 * 01 file header, 02 group header (its as-of date), 03 account identifier
 * (number, currency, summary amounts), 16 transaction detail, 88
 * continuation of the record before, 49 account trailer, 98 group
 * trailer, 99 file trailer.  Every trailer's control total (the sum of
 * the amounts it closes) and record count are checked: a file that
 * disagrees with itself is refused, naming the line.  Only credits (type
 * codes 100 to 399) become payments; the other transactions are counted
 * by type code.
 */
#ifndef AR_BAI2_H
#define AR_BAI2_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A credit of a BAI2 file; strings borrowed for the callback. */
struct ar_bai2_credit {
	const char *payment_no;		/* BAI-<bank ref>, else made up */
	const char *account, *currency;	/* currency "" when the file has none */
	const char *bank_ref, *customer_ref, *text;
	ar_date date;			/* the group's as-of date */
	int64_t amount;			/* minor units, > 0 */
	int type_code;
	long line;			/* of its 16 record */
};

#define AR_BAI2_MAX_CODES 64

/* What a file held besides its credits. */
struct ar_bai2_stats {
	long records, groups, accounts, credits, others;
	int ncodes;
	struct {
		int code;
		long n;
	} other[AR_BAI2_MAX_CODES];	/* the other type codes, counted */
};

typedef ar_status (*ar_bai2_fn)(void *ctx, const struct ar_bai2_credit *c);

/* Whether text (len bytes) starts as a BAI2 file does ("01,"). */
int ar_bai2_sniff(const char *text, size_t len);

/*
 * Read the BAI2 file text (len bytes; name is what messages call it):
 * fn for every credit, in file order, once the whole file has been
 * checked.  err (errsz bytes) gets "NAME:LINE: what" on AR_EINPUT.
 * @return AR_OK, AR_EINPUT (a malformed record, a trailer that disagrees,
 *	   records after the file trailer or none), AR_ENOMEM, or what fn
 *	   returned
 */
ar_status ar_bai2_read(const char *text, size_t len, const char *name,
		       ar_bai2_fn fn, void *ctx, struct ar_bai2_stats *st,
		       char *err, size_t errsz);

/*
 * The credits of the BAI2 file text as CSV of payments (payment_no,
 * payment_date, amount, currency, method, reference, check_no: the
 * customer reference) to out, each amount with the decimals
 * exponent(ctx, currency) gives its currency ("" when the file names
 * none).  The account is the company's own, so it is no remitter's.
 * @return as ar_bai2_read(), or AR_ELEDGER on a write error
 */
ar_status ar_bai2_to_csv(const char *text, size_t len, const char *name,
			 int (*exponent)(void *ctx, const char *currency),
			 void *ctx, FILE *out, struct ar_bai2_stats *st,
			 char *err, size_t errsz);

#ifdef __cplusplus
}
#endif

#endif
