/*
 * camt.h - ISO 20022 camt.053 bank-to-customer statements read for their
 * credits.
 *
 * Every Ntry of every Stmt: a credit (CdtDbtInd CRDT) becomes a payment,
 * numbered CAMT- and the bank's reference (AcctSvcrRef, of the entry or
 * its transaction), else the statement id and the entry's place; dated
 * its booking date (else value date); its remittance the structured
 * document numbers (Strd/RfrdDocInf/Nb, after an invoice marker) then
 * the unstructured text (Ustrd); the debtor's name and account as the
 * remitter.  Debits are counted.  The XML is read with libxml2, with no
 * network, no entity substitution, no DTD loaded and every external
 * entity refused; a document with a DOCTYPE is refused outright.
 */
#ifndef AR_CAMT_H
#define AR_CAMT_H

#include <stddef.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A credit entry; strings borrowed for the callback. */
struct ar_camt_credit {
	const char *payment_no;
	const char *amount;		/* as written: "1250.00" */
	const char *currency;		/* the Ccy of Amt */
	ar_date date;
	const char *reference;		/* "" when none */
	const char *remitter, *account;	/* the debtor's name and account */
	const char *end_to_end;
	long line;
};

struct ar_camt_stats {
	long statements, credits, others;
};

typedef ar_status (*ar_camt_fn)(void *ctx, const struct ar_camt_credit *c);

/* Whether text (len bytes) is a camt.053 document (its namespace near the
 * start). */
int ar_camt_sniff(const char *text, size_t len);

/*
 * Read the camt.053 document text (len bytes; name for messages): fn for
 * every credit, in document order.  err (errsz bytes) gets "NAME:LINE:
 * what" on AR_EINPUT.
 * @return AR_OK, AR_EINPUT (not well-formed, a DOCTYPE, not camt.053, an
 *	   entry without a date), or what fn returned
 */
ar_status ar_camt_read(const char *text, size_t len, const char *name,
		       ar_camt_fn fn, void *ctx, struct ar_camt_stats *st,
		       char *err, size_t errsz);

/*
 * The credits as CSV of payments (payment_no, payment_date, amount,
 * currency, reference, remitter, remitter_account) to out.
 * @return as ar_camt_read(), or AR_ELEDGER on a write error
 */
ar_status ar_camt_to_csv(const char *text, size_t len, const char *name,
			 FILE *out, struct ar_camt_stats *st, char *err,
			 size_t errsz);

#ifdef __cplusplus
}
#endif

#endif
