/*
 * refund.h - money given back to a customer out of an overpayment or an
 * unapplied credit memo.
 *
 * A refund is a reversal document (reason "refund", related to the
 * credit, numbered CREDIT_NO-R1, -R2, ...) that the credit is applied to
 * (rule "refund"), and a row of the refund table with its method.  So it
 * consumes the credit, shows on statements (described "Refund of ..."),
 * and books Dr receivables, Cr cash in the GL journal.  Nothing is
 * rebuilt: no new document type is needed, as a reversal is already the
 * debit document that takes back what a credit gave.
 */
#ifndef AR_REFUND_H
#define AR_REFUND_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/apply.h"
#include "ar/date.h"
#include "ar/ledger.h"
#include "ar/writeoff.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ar_refund_options {
	const char *credit_no;		/* a payment's or credit memo's number */
	const char *amount;		/* in the credit's currency */
	ar_date date;			/* the day the money went out */
	const char *method;		/* check, ach, wire, or NULL */
	const char *reference;		/* the check number or bank reference */
	bool allow_closed;
};

/* What a refund posted: strings copied. */
struct ar_refund_info {
	char doc_no[96];		/* the refund document */
	char credit_no[72];
	char customer_id[72];
	char currency[4];
	int exponent;
	int64_t amount;
	ar_date date;
};

/* Whether m is a refund method (check, ach, wire). */
bool ar_refund_method_valid(const char *m);

/*
 * Refund o->amount of a payment or credit memo inside the batch in
 * progress.  Its rows are those of ar_apply_report_batch() (rule
 * "refund"); info (may be NULL) says what was posted.
 * @return AR_OK, AR_ENOTFOUND (no such payment or credit memo), AR_EINPUT
 * (more than its unapplied amount, which the message gives), AR_EUSAGE
 * (no amount, a date before the credit or in a closed period, a bad
 * method, a credit returned by the bank), AR_ELEDGER, AR_EBUSY
 */
ar_status ar_apply_refund(struct ar_ledger *l,
			  const struct ar_refund_options *o,
			  struct ar_apply_stats *stats,
			  struct ar_refund_info *info);

/*
 * The account codes a refund's journal books to: gl.receivables and
 * gl.cash (copied into a->receivables and cash, 65 bytes each).
 * @return AR_OK, or AR_EUSAGE naming the settings not set
 */
ar_status ar_refund_accounts(struct ar_ledger *l, char receivables[65],
			     char cash[65]);

/*
 * Put the two journal lines of a refund, Dr receivables and Cr cash, as
 * rows of ar_journal_columns into out (ar_journal_line_put()).
 */
ar_status ar_refund_journal_put(const struct ar_cells *out,
				const struct ar_refund_info *r,
				const char *receivables, const char *cash);

#ifdef __cplusplus
}
#endif

#endif
