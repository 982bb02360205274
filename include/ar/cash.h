/*
 * cash.h - unidentified cash: payments of nobody known yet, and their
 * assignment to a customer.
 *
 * ar-import keeps a payment with no customer number, no invoice its
 * reference names and no remitter alias it matches apart, in the table
 * unidentified_cash (a document needs a customer): it is in no
 * customer's balance, aging or statement, and ar-report unapplied lists
 * it.  Assigning it posts the payment document for the customer (its
 * number, date, amount and remittance as the bank gave them) and a row
 * of cash_assignment; nothing is updated.  The remitter's name and
 * account are then remembered for the customer (remitter_alias), so the
 * next payment from them finds its customer at import.
 */
#ifndef AR_CASH_H
#define AR_CASH_H

#include <stdint.h>

#include "ar/apply.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ar_assign_options {
	const char *payment_no;		/* the unidentified payment */
	const char *customer_id;	/* whose it is */
	bool allow_closed;		/* its date may be in a closed period */
};

/*
 * Assign unidentified cash to a customer inside the batch in progress,
 * teaching its remitter name and account as aliases of the customer.
 * stats->documents counts the payment posted; *aliases (may be NULL)
 * the aliases learned.
 * @return AR_OK, AR_ENOTFOUND (no such unidentified payment, no such
 * customer), AR_EUSAGE (assigned already, dated in a closed period),
 * AR_ELEDGER, AR_EBUSY
 */
ar_status ar_cash_assign(struct ar_ledger *l,
			 const struct ar_assign_options *o,
			 struct ar_apply_stats *stats, int *aliases);

/* One unidentified payment not yet assigned, as listed. */
struct ar_unidentified_row {
	const char *payment_no, *method, *reference, *remitter, *account;
	ar_date date;
	char currency[4];
	int exponent;
	int64_t amount;
};

typedef ar_status (*ar_unidentified_fn)(void *ctx,
					const struct ar_unidentified_row *r);

/*
 * Every unidentified payment dated on or before as-of and not assigned
 * by batch known_batch (0: now), by date and number.
 */
ar_status ar_cash_unidentified(struct ar_ledger *l, ar_date as_of,
			       int64_t known_batch, ar_unidentified_fn fn,
			       void *ctx);

#ifdef __cplusplus
}
#endif

#endif
