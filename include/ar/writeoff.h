/*
 * writeoff.h - bad-debt and small-balance write-offs, their approval, GL
 * journal lines and recoveries.
 *
 * A write-off is a credit document of type writeoff numbered "WO-<its
 * id>", dated as-of, whose reason is the reason code and whose related
 * document is the item, applied in full to the item with rule writeoff.
 * One larger than the setting writeoff.approval_limit is not posted: it
 * is recorded as a write-off request (its id is the ID of --approve and
 * --reject) and posts only when approved.  A recovery is a debit document
 * of type recovery numbered "REC-<its id>", related to the write-off,
 * dated and due on its date: an ordinary open item a payment can be
 * applied to.
 *
 * Every function that changes the ledger runs inside the caller's batch
 * (ar_ledger_begin() ... ar_ledger_commit()); on any failure the caller
 * rolls the batch back, so a run posts everything or nothing.  Nothing
 * here prints: failures return a status with the detail in
 * ar_ledger_errmsg(); bad list rows and skipped items are reported
 * through the options' note function.
 */
#ifndef AR_WRITEOFF_H
#define AR_WRITEOFF_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest number of a document made here ("WO-123", "REC-124"). */
#define AR_WRITEOFF_NO_MAX 64

/* Longest journal memo, with its NUL. */
#define AR_WRITEOFF_MEMO_MAX 200

struct ar_writeoff_options {
	ar_date as_of;		/* the write-off date; nothing later counts */
	const char *reason;	/* see ar_writeoff_reason_valid() */

	/* criteria: every one given must hold */
	int older_than;		/* -1: none; else days past due > it */
	const char *under;	/* NULL: none; else open amount < it, an
				 * amount in each item's currency */
	const char *customer_id;	/* NULL: any customer */
	bool bankrupt;		/* customers of status bankrupt only */

	bool include_disputed;	/* else items with an open dispute are
				 * skipped */
	bool allow_closed;	/* post into a closed period */
};

/*
 * A run says through the ledger's notices (ar_ledger_set_notice()): a
 * bad list row, a problem with its file, line and column ("file:line:
 * field: 'value' reason"); an item left alone, a skip ("skipped 'INV-1'
 * of C1: disputed", hint include_disputed); a customer written off
 * while it has unapplied payments or credits in that currency, a
 * warning.
 */

/* Set the defaults: as-of today, no criteria, no reason. */
void ar_writeoff_options_init(struct ar_writeoff_options *o);

/*
 * True when code is a reason code: bad_debt, small_balance, bankruptcy,
 * settlement, dispute, short_pay.
 */
bool ar_writeoff_reason_valid(const char *code);

/* The reason codes, NULL-terminated (static). */
const char *const *ar_writeoff_reasons(void);

/* True when the options give at least one criterion. */
bool ar_writeoff_has_criteria(const struct ar_writeoff_options *o);

/*
 * One row of output: a write-off posted, requested, approved or rejected,
 * or a recovery.  Strings borrowed for the call.
 */
struct ar_writeoff_row {
	const char *writeoff_no;	/* "" when nothing was posted */
	ar_date date;
	const char *customer_id;
	const char *doc_no;	/* the item; for a recovery, the recovery */
	int64_t amount;		/* > 0, minor units of currency */
	char currency[4];
	int exponent;
	const char *reason;
	const char *status;	/* posted, pending, approved, rejected,
				 * recovered */
	int64_t request;	/* the write-off request id, or 0 */
};

typedef ar_status (*ar_writeoff_row_fn)(void *ctx,
					const struct ar_writeoff_row *r);

/*
 * Put r as a row of ar_writeoff_columns into out (ar_cells in ar/csv.h:
 * a writer made with those columns, or a sheet).
 * @return what out's end_row returned
 */
ar_status ar_writeoff_row_put(const struct ar_cells *out,
			      const struct ar_writeoff_row *r);

/* The output columns (writeoff_no, date, customer_id, doc_no, amount,
 * reason, status, currency, request_id). */
#define AR_WRITEOFF_COLUMNS 9
extern const struct ar_column ar_writeoff_columns[AR_WRITEOFF_COLUMNS];

/* ------------------------------------------------------------------ */
/* A run of write-offs: select, then post */

struct ar_writeoff;

/*
 * Start a run with options o (borrowed for the run's life).
 * @return AR_OK, AR_EUSAGE (no or unknown reason, a bad --under),
 *	   AR_ENOMEM
 */
ar_status ar_writeoff_new(struct ar_writeoff **wp, struct ar_ledger *l,
			  const struct ar_writeoff_options *o);

/* Free; NULL is fine. */
void ar_writeoff_free(struct ar_writeoff *w);

/*
 * Select the open items that meet every criterion of the options, as the
 * aging as of as-of sees them (ar_age_detail()): days past due over
 * older_than, open amount under under, of customer_id, of a bankrupt
 * customer.
 * @return AR_OK, AR_EUSAGE (under is no amount of an item's currency),
 *	   AR_ECHECK (the aging does not add up to the ledger), AR_ELEDGER,
 *	   AR_ENOMEM
 */
ar_status ar_writeoff_select(struct ar_writeoff *w);

/*
 * Add the items of a list: a CSV with a column doc_no (or invoice_no and
 * the other names of an invoice number) and optionally doc_type,
 * currency and an amount (a partial write-off).  The amount is taken from
 * the column writeoff_amount, else open_amount, else amount (so the
 * output of ar-age --detail writes off what is open); without one, the
 * whole open amount.  Every bad row is reported through the note
 * function: an unknown document, a credit document, a document dated
 * after as-of, an amount that is not one, not over 0 or over the open
 * amount, another currency, a document listed twice.
 * @return AR_OK, AR_EINPUT (rows were bad, or the header lacks doc_no:
 *	   nothing may be posted), AR_ELEDGER, AR_ENOMEM
 */
ar_status ar_writeoff_read_list(struct ar_writeoff *w,
				struct ar_csv_reader *r);

/*
 * Add one item by its document id (a debit document) and the amount to
 * write off of it (0: whatever is open), as a list row would; for a run
 * of another module (a dispute resolved by a write-off).
 * @return AR_OK, AR_ENOMEM
 */
ar_status ar_writeoff_add(struct ar_writeoff *w, int64_t doc, int64_t amount);

/* The number of items selected and listed so far. */
size_t ar_writeoff_count(const struct ar_writeoff *w);

/* The number of items ar_writeoff_post() skipped (disputed, pending). */
size_t ar_writeoff_skipped(const struct ar_writeoff *w);

/*
 * Write off every item selected or listed, in the order found, inside the
 * batch in progress: disputed items (unless include_disputed) and items
 * with a pending request are skipped with a note; a write-off above the
 * approval limit becomes a request (status pending), the others post
 * (status posted).  fn gets one row per write-off.
 *
 * The approval limit is the setting writeoff.approval_limit, an amount of
 * the base currency (currency.base).  The ledger knows no exchange rates,
 * so a write-off in any other currency always waits for approval.
 * @return AR_OK, AR_EUSAGE (as-of in a closed period), AR_EINPUT,
 *	   AR_ELEDGER, AR_EBUSY, or what fn returned
 */
ar_status ar_writeoff_post(struct ar_writeoff *w, ar_writeoff_row_fn fn,
			   void *ctx);

/* ------------------------------------------------------------------ */
/* Approval */

/* A write-off request waiting for a decision; strings borrowed. */
struct ar_writeoff_request {
	int64_t id;
	ar_date date;
	const char *customer_id, *doc_no, *reason, *requested_by;
	int64_t amount, open_amount;	/* open now, every date counted */
	char currency[4];
	int exponent;
};

typedef ar_status (*ar_writeoff_request_fn)(void *ctx,
	const struct ar_writeoff_request *r);

/* The columns of the pending list (request_id, date, customer_id, doc_no,
 * amount, open_amount, currency, reason, requested_by). */
#define AR_WRITEOFF_PENDING_COLUMNS 9
extern const struct ar_column
	ar_writeoff_pending_columns[AR_WRITEOFF_PENDING_COLUMNS];

/* Put q as a row of ar_writeoff_pending_columns into out. */
ar_status ar_writeoff_request_put(const struct ar_cells *out,
				  const struct ar_writeoff_request *q);

/* Call fn for every undecided request, oldest first. */
ar_status ar_writeoff_pending(struct ar_ledger *l, ar_writeoff_request_fn fn,
			      void *ctx);

/*
 * Approve (approve true) or reject the requests ids[0..n-1] inside the
 * batch in progress.  An approval posts the write-off dated the options'
 * as-of (the day it is approved, not the day it was asked for), which
 * must not be before the request's date nor in a closed period; the
 * amount requested must still be open.  A rejection records the decision
 * only.  All or nothing: every id is checked before any is decided.
 * @return AR_OK, AR_EUSAGE (an unknown, repeated or decided id, a date
 *	   before the request or in a closed period), AR_EINPUT (the amount
 *	   is no longer open), AR_ELEDGER, AR_EBUSY, or what fn returned
 */
ar_status ar_writeoff_decide(struct ar_ledger *l, const int64_t *ids,
			     size_t n, bool approve,
			     const struct ar_writeoff_options *o,
			     ar_writeoff_row_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Recovery */

/*
 * Post a recovery of amount (text, in the write-off's currency) on date
 * inside the batch in progress.  doc_no names the write-off ("WO-12") or
 * the item written off (then its latest write-off).  The amount must be
 * over 0 and at most the write-off's amount less the recoveries already
 * posted on it; date must be on or after the write-off, on or before
 * as-of and not in a closed period (unless allow_closed).
 * fn gets one row with status recovered, doc_no the recovery's number.
 * @return AR_OK, AR_EUSAGE (no such write-off, a bad amount or date),
 *	   AR_ELEDGER, AR_EBUSY, or what fn returned
 */
ar_status ar_writeoff_recover(struct ar_ledger *l, const char *doc_no,
			      const char *amount, ar_date date,
			      const struct ar_writeoff_options *o,
			      ar_writeoff_row_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* GL journal lines */

/* The account codes of the journal (copies of the settings). */
struct ar_writeoff_accounts {
	char receivables[65], bad_debt_expense[65], bad_debt_recovery[65];
};

/*
 * Read gl.receivables, gl.bad_debt_expense and gl.bad_debt_recovery.
 * Each must have been set (they have no default): a journal booked to a
 * guessed account code would land in the wrong place of somebody's chart
 * of accounts.
 * @return AR_OK, AR_EUSAGE (every setting not set, named in the message),
 *	   AR_ELEDGER
 */
ar_status ar_writeoff_accounts_load(struct ar_ledger *l,
				    struct ar_writeoff_accounts *a);

/* One journal line; account borrowed from the accounts. */
struct ar_journal_line {
	ar_date date;
	const char *account;
	int64_t debit, credit;	/* one of them 0 */
	char currency[4];
	int exponent;
	char memo[AR_WRITEOFF_MEMO_MAX];
};

/* The journal columns (date, account, debit, credit, memo, currency). */
#define AR_JOURNAL_COLUMNS 6
extern const struct ar_column ar_journal_columns[AR_JOURNAL_COLUMNS];

/*
 * The journal lines of an output row: a write-off posted or approved
 * debits bad-debt expense and credits receivables; a recovery debits
 * receivables and credits bad-debt recovery; pending and rejected rows
 * book nothing.  The lines of a row always balance.
 * @return the number of lines written to lines (0 or 2)
 */
int ar_writeoff_journal(const struct ar_writeoff_row *r,
			const struct ar_writeoff_accounts *a,
			struct ar_journal_line lines[2]);

/*
 * Put j as a row of ar_journal_columns into out: debit or credit, the
 * other (and a debit or credit of 0) empty.
 * @return what out's end_row returned
 */
ar_status ar_journal_line_put(const struct ar_cells *out,
			      const struct ar_journal_line *j);

/*
 * Put the journal lines of r (none for a request or a rejection) as rows
 * of ar_journal_columns into out (ar_journal_line_put()).
 * @return AR_OK or what out's end_row returned
 */
ar_status ar_writeoff_journal_put(const struct ar_cells *out,
				  const struct ar_writeoff_accounts *a,
				  const struct ar_writeoff_row *r);

#ifdef __cplusplus
}
#endif

#endif
