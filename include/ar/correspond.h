/*
 * correspond.h - what goes to a customer besides dunning letters:
 * statements by e-mail, payment receipts, balance confirmations, and the
 * record of what was sent.
 */
#ifndef AR_CORRESPOND_H
#define AR_CORRESPOND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/ledger.h"
#include "ar/statement.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The customer's (row id) e-mail address into buf (n bytes), or "" when
 * it has none that ar_mail_address_ok() takes.  @return AR_OK, AR_ELEDGER
 */
ar_status ar_customer_email(struct ar_ledger *l, int64_t customer, char *buf,
			    size_t n);

/*
 * A postal address as lines separated by '\n', laid out for its country
 * as on statements (ar_statement_address_lines()).  Caller frees; NULL
 * when out of memory.
 */
char *ar_address_text(const char *address1, const char *address2,
		      const char *city, const char *region, const char *postal,
		      const char *country);

/* Statement s in format f, as a string (caller frees).
 * @return AR_OK, AR_ENOMEM, AR_ELEDGER */
ar_status ar_statement_render(const struct ar_statement *s,
			      enum ar_statement_format f, char **out);

/*
 * A balance confirmation: open-item statement s written as a letter
 * asking the customer to confirm each currency's balance, with the open
 * items and a reply section (agree; or disagree, with the balance the
 * customer shows and the differences).  As text or HTML.
 * @return AR_OK, AR_ELEDGER (a write error)
 */
ar_status ar_confirmation_write(FILE *out, const struct ar_statement *s,
				bool html);

/* ------------------------------------------------------------------ */
/* Receipts */

/* What a payment was applied to, net of undone applications. */
struct ar_receipt_line {
	const char *doc_type, *doc_no;
	ar_date doc_date, due_date, applied_on;	/* the latest application */
	int64_t applied, open;	/* open: what is still open on it at as-of */
};

/* One payment's receipt; everything borrowed for the callback. */
struct ar_receipt {
	const struct ar_statement_company *company;
	int64_t customer;	/* customer.id */
	const char *customer_id, *customer_name, *address;	/* '\n' lines */
	const char *payment_no, *method, *reference, *check_no;
	ar_date date, as_of;
	char currency[4];
	int exponent;
	int64_t amount, unapplied;
	const struct ar_receipt_line *lines;
	size_t nlines;
};

typedef ar_status (*ar_receipt_fn)(void *ctx, const struct ar_receipt *r);

/*
 * The receipt of payment payment_no, or (payment_no NULL) of every
 * payment dated from from through to, in order of date and number, with
 * its applications effective by as_of; customer_id (NULL: all) narrows
 * the period's.  @return AR_OK, AR_EINPUT (no such payment), AR_ELEDGER,
 * or fn's status
 */
ar_status ar_receipt_run(struct ar_ledger *l, const char *payment_no,
			 ar_date from, ar_date to, ar_date as_of,
			 const char *customer_id, ar_receipt_fn fn, void *ctx);

/* Write r as text or HTML.  @return AR_OK, AR_ELEDGER (a write error) */
ar_status ar_receipt_write(FILE *out, const struct ar_receipt *r, bool html);

/*
 * Draw r, or the balance confirmation of open-item statement s (its
 * reply as a slip of fields to fill in), as a PDF letter into p
 * (ar/pdf.h).  @return AR_OK, AR_ENOMEM, AR_ELEDGER (a write failed)
 */
ar_status ar_receipt_pdf(struct ar_pdf *p, const struct ar_receipt *r);
ar_status ar_confirmation_pdf(struct ar_pdf *p, const struct ar_statement *s);

/* ------------------------------------------------------------------ */
/* What was sent */

struct ar_sent_log;

ar_status ar_sent_log_new(struct ar_sent_log **lp);

/* Remember a receipt or confirmation sent to customer (row id) on date:
 * amount in currency, and text ("receipt for payment P-1").  Strings
 * copied.  @return AR_OK, AR_ENOMEM */
ar_status ar_sent_log_add(struct ar_sent_log *log, int64_t customer,
			  ar_date date, int64_t amount, const char *currency,
			  const char *text);

size_t ar_sent_log_count(const struct ar_sent_log *log);

/*
 * Record one activity of kind 'statement' per entry, in one batch of
 * command (argv as given).  @return AR_OK, AR_EBUSY, AR_ELEDGER
 */
ar_status ar_sent_log_commit(struct ar_ledger *l, struct ar_sent_log *log,
			     const char *command, int argc,
			     char *const argv[]);

void ar_sent_log_free(struct ar_sent_log *log);

#ifdef __cplusplus
}
#endif

#endif
