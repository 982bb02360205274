/*
 * dispute.h - disputes of invoices: opened with a reason code, worked
 * (notes, an owner), and resolved once, by a credit memo, a write-off, a
 * rebill or by reinstating the amount; and the report of them a manager
 * reviews.
 *
 * A dispute holds an amount of one debit document (an invoice, debit
 * memo, finance charge, ...) from its opening date.  It is open as of a
 * date when it was opened on or before that date and has no resolution
 * dated on or before it; from its resolution date on it counts no more.
 * While open its amount (at most what is open of the document) is the
 * document's "disputed" amount: ar_age_summary() and ar_age_detail() show
 * it, and the worklist, the write-off selection and the readers of past
 * due figures leave it out.  That one definition is the SQL of
 * AR__DISPUTED_BY in lib/internal.h.
 *
 * Every function that changes the ledger runs inside the caller's batch
 * (ar_ledger_begin() ... ar_ledger_commit()); on failure the caller rolls
 * the batch back.  Nothing here prints.
 */
#ifndef AR_DISPUTE_H
#define AR_DISPUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest reason code, owner and text of a note. */
#define AR_DISPUTE_CODE_MAX 32
#define AR_DISPUTE_OWNER_MAX 64
#define AR_DISPUTE_TEXT_MAX 4000

/*
 * Is code one of the setting dispute.reasons?  On AR_OK *known says; the
 * list, comma-separated, is copied to list when not NULL (size bytes).
 * @return AR_OK, AR_ELEDGER
 */
ar_status ar_dispute_reason_known(struct ar_ledger *l, const char *code,
				  bool *known, char *list, size_t size);

/* What to open. */
struct ar_dispute_new {
	const char *doc_no;	/* an invoice, debit memo, finance charge,
				 * recovery or reversal */
	const char *reason;	/* a code of dispute.reasons */
	const char *amount;	/* text in the document's currency; NULL:
				 * its open amount less what is disputed */
	const char *owner;	/* NULL: none yet */
	const char *text;	/* NULL: none */
	ar_date date;		/* the opening date */
};

/*
 * Open a dispute inside the batch in progress: a dispute row, an activity
 * of kind dispute (outcome the reason code) and, with an owner, its
 * assignment.  The amount must be over 0 and at most what is open of the
 * document as of date and now, less what open disputes already hold.
 * @param id the new dispute's number
 * @return AR_OK, AR_EUSAGE (unknown reason, with the list; unknown or
 *	   credit document; a bad amount or one over what is open; a date
 *	   before the document's), AR_ELEDGER, AR_EBUSY
 */
ar_status ar_dispute_open(struct ar_ledger *l, const struct ar_dispute_new *d,
			  int64_t *id);

/*
 * Add a note to dispute id (open or resolved), or assign it to an owner
 * (owner not NULL, text NULL), dated date, inside the batch in progress.
 * @return AR_OK, AR_EUSAGE (no such dispute, an empty text, a date before
 *	   its opening), AR_ELEDGER
 */
ar_status ar_dispute_note(struct ar_ledger *l, int64_t id, ar_date date,
			  const char *owner, const char *text);

/* ------------------------------------------------------------------ */
/* Resolving */

enum ar_dispute_how {
	AR_DISPUTE_CREDIT,	/* a credit memo applied to the document */
	AR_DISPUTE_WRITEOFF,	/* a write-off by the write-off rules */
	AR_DISPUTE_REINSTATE,	/* the customer owes it after all */
	AR_DISPUTE_REBILL	/* credit the document, post a new invoice */
};

struct ar_dispute_resolve {
	int64_t id;
	enum ar_dispute_how how;
	const char *amount;	/* credit: NULL is the disputed amount;
				 * rebill: the new invoice's amount */
	const char *new_invoice_no;	/* rebill */
	ar_date due;		/* rebill: AR_DATE_NONE keeps the old due
				 * date */
	const char *text;	/* NULL: none */
	ar_date date;		/* the resolution's date, of every posting */
	bool allow_closed;	/* post into a closed period */
};

/* What a resolution did; strings are copies. */
struct ar_dispute_result {
	int64_t id;
	ar_date date;
	const char *resolution;	/* credit, writeoff, reinstated, rebilled,
				 * or pending (a write-off above the
				 * approval limit: the dispute stays open) */
	char doc_no[65];	/* the disputed document */
	char posted_no[65];	/* credit memo or write-off, or "" */
	char new_no[65];	/* rebill: the new invoice, or "" */
	int64_t amount;		/* credited or written off (0: none) */
	int64_t request;	/* a pending write-off's request, or 0 */
	char currency[4];
	int exponent;
};

/*
 * Resolve dispute r->id inside the batch in progress.  Every posting is
 * dated r->date, goes through the ledger's one document and application
 * writers, and is refused in a closed period unless allow_closed:
 *  - credit: a credit memo "DSP-<id>" of the amount (over 0, at most
 *    what is open of the document), reason the dispute's code, related to
 *    the document and applied to it;
 *  - writeoff: the disputed amount (at most what is open) written off
 *    with reason dispute through ar_writeoff_post(): above the approval
 *    limit it becomes a write-off request and the dispute stays open
 *    until ar_writeoff_decide() approves it, which resolves it then;
 *  - reinstate: nothing is posted;
 *  - rebill: a credit memo "DSP-<id>" of the document's whole amount,
 *    applied to what is open of it, a new invoice numbered
 *    new_invoice_no of the amount dated r->date and due on r->due (else
 *    the document's due date), and what the credit memo holds beyond the
 *    old document's open amount (the customer's payments on it) applied
 *    to the new invoice.
 * @return AR_OK with *res filled, AR_EUSAGE (no such dispute, resolved
 *	   already, a bad amount or date, a closed period, a number taken),
 *	   AR_EINPUT, AR_ELEDGER, AR_EBUSY
 */
ar_status ar_dispute_resolve(struct ar_ledger *l,
			     const struct ar_dispute_resolve *r,
			     struct ar_dispute_result *res);

/* The columns of a resolution's row (dispute_id, date, resolution,
 * doc_no, posted_no, new_invoice_no, amount, currency, request_id). */
#define AR_DISPUTE_RESULT_COLUMNS 9
extern const struct ar_column ar_dispute_result_columns[];

/* Put res as a row of those columns into out (ar_cells in ar/csv.h). */
ar_status ar_dispute_result_put(const struct ar_cells *out,
				const struct ar_dispute_result *res);

/* ------------------------------------------------------------------ */
/* Listing */

enum ar_dispute_status { AR_DISPUTE_OPEN, AR_DISPUTE_RESOLVED,
			 AR_DISPUTE_ALL };

struct ar_dispute_filter {
	ar_date as_of;		/* the state as of then; nothing later
				 * counts */
	enum ar_dispute_status status;
	const char *owner, *reason, *customer_id;	/* NULL: any */
};

/* One dispute as of the filter's date; strings borrowed for the call. */
struct ar_dispute_row {
	int64_t id;
	ar_date opened;
	int days_open;		/* to as-of, or to its resolution */
	const char *customer_id, *customer_name, *doc_no;
	int64_t amount, open_amount;	/* disputed; open of the document */
	char currency[4];
	int exponent;
	const char *reason, *owner;	/* owner "" when none */
	const char *status;	/* open, resolved */
	ar_date resolved;	/* AR_DATE_NONE while open */
	const char *resolution;	/* "" while open */
	ar_date last_note_date;	/* AR_DATE_NONE: none */
	const char *last_note;	/* "" */
};

typedef ar_status (*ar_dispute_fn)(void *ctx, const struct ar_dispute_row *r);

/*
 * Every dispute that meets the filter, oldest first (by opening date,
 * then number).
 * @return AR_OK, AR_EUSAGE (an unknown customer), AR_ELEDGER, or what fn
 *	   returned
 */
ar_status ar_dispute_list(struct ar_ledger *l, const struct ar_dispute_filter *f,
			  ar_dispute_fn fn, void *ctx);

/* The list's columns (dispute_id, opened, days_open, customer_id,
 * customer_name, doc_no, currency, amount, open_amount, reason, owner,
 * status, resolved, resolution, last_note_date, last_note). */
#define AR_DISPUTE_COLUMNS 16
extern const struct ar_column ar_dispute_columns[];

/* Put r as a row of ar_dispute_columns into out. */
ar_status ar_dispute_row_put(const struct ar_cells *out,
			     const struct ar_dispute_row *r);

#ifdef __cplusplus
}
#endif

#endif
