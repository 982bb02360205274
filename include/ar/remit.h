/*
 * remit.h - reading document numbers out of remittance text.
 */
#ifndef AR_REMIT_H
#define AR_REMIT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The next whole token of remittance text at *p: a run of letters, digits
 * and the joiners '-', '_', '.' inside it, so "INV-10" is one token and
 * never matches "INV-1".  Joiners at the ends are not part of a token.
 * Advances *p past it.
 * @return the token's start (length in *len), or NULL when none is left
 */
const char *ar_remit_token(const char **p, size_t *len);

/*
 * What the words around a token say it is.  A check marker (chk, ck,
 * check, cheque, each maybe followed by no, nr or number) makes the next
 * token a check number; an invoice marker (inv, invoice, invoices, bill)
 * makes every token after it an invoice reference, until a check marker.
 * A token equal to the payment's own check number is one too.
 */
enum ar_remit_kind {
	AR_REMIT_BARE,		/* nothing says what it is */
	AR_REMIT_INVOICE,	/* after an invoice marker */
	AR_REMIT_CHECK,		/* after a check marker, or the check number */
	AR_REMIT_CONFLICT,	/* after an invoice marker, yet the check number */
	AR_REMIT_MARKER		/* a marker word itself */
};

struct ar_remit_reader {
	const char *p;			/* what is left to read */
	const char *check_no;		/* the payment's check number, or NULL */
	int after;			/* the marker in force (internal) */
};

/* Start reading text, of a payment with check number check_no (or NULL). */
void ar_remit_reader_init(struct ar_remit_reader *rd, const char *text,
			  const char *check_no);

/*
 * The next token, as ar_remit_token(), with what the words around it say
 * it is in *kind.
 * @return the token's start (length in *len), or NULL when none is left
 */
const char *ar_remit_next(struct ar_remit_reader *rd, size_t *len,
			  enum ar_remit_kind *kind);

/*
 * Whether text says the money is sent on account, not for an invoice:
 * the words "on account" (or on-account), deposit, prepayment, prepaid,
 * advance, retainer, any case.  *word (may be NULL) gets the first such
 * word as written, borrowed from text, its length in *len.
 */
bool ar_remit_on_account(const char *text, const char **word, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
