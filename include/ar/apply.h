/*
 * apply.h - cash application: payments and credit memos matched to open
 * items by rule, manual applications, undo and returned payments.
 *
 * A run takes every payment and credit memo dated on or before as-of with
 * money not yet applied, customer by customer (in the order they entered
 * the ledger), oldest first (date, then the order posted), and tries the
 * rules in the order given until its money is used up:
 *
 *   credit  a credit memo that names an invoice goes to it first;
 *   ref     document numbers found as whole tokens in the reference text
 *           (see ar_remit_token()), in the order written, each up to its
 *           open amount;
 *   exact   an open item whose open amount equals what is left: the oldest
 *           due of them;
 *   combo   2 to 5 open items that add up to exactly what is left, among
 *           the AR_APPLY_COMBO_CANDIDATES oldest due items smaller than it:
 *           the fewest items, then the oldest (compared item by item in
 *           due order); at most 21,679 sets are looked at per payment;
 *   oldest  the oldest due items first (then document date, number).
 *
 * Before the rules, a payment's reference is read with its check number
 * (ar/remit.h): a check number is never an invoice reference, numbers
 * after an invoice marker win over bare ones.  A payment whose reference
 * reads two ways (ambiguous), that names only paid invoices and has
 * nothing applied (duplicate?), or that says it is sent on account
 * (on_account: credit and ref may still apply it to what it names) is
 * held for a person: no rule spreads it.  The run that first holds it
 * records the flag (credit_flag) and reports a row of rule "held",
 * amount 0, after its applications.
 *
 * What is left stays unapplied on account.  Money never crosses customers
 * or currencies.  An application is effective on the later of the two
 * documents' dates, and never inside a closed period (then on the first
 * day after it) unless allow_closed.  Nor is it effective before the last
 * day an application of either document was cancelled: money a returned
 * payment frees is there only from the return date.  An undo's
 * cancellations do not count: what an undo frees was never applied, so
 * a run (or a manual application) after it dates its applications as if
 * the undone ones had never been.  A document reopened after as-of is
 * left out of a run as of an earlier date.
 *
 * A refused rule list leaves the options as they were.
 *
 * The run is one batch under the ledger's write lock, so two runs at once
 * serialize and never apply the same money twice.
 */
#ifndef AR_APPLY_H
#define AR_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ar_apply_rule {
	AR_RULE_CREDIT,
	AR_RULE_REF,
	AR_RULE_EXACT,
	AR_RULE_COMBO,
	AR_RULE_OLDEST,
	AR_RULE_COUNT
};

/* The oldest due open items the combo rule considers. */
#define AR_APPLY_COMBO_CANDIDATES 20

struct ar_apply_options {
	ar_date as_of;
	enum ar_apply_rule rules[AR_RULE_COUNT];
	int nrules;
	const char *customer_id;	/* NULL: every customer */
	/* write off short pays up to this amount (in each currency), or NULL */
	const char *writeoff_under;
	bool allow_closed;		/* applications inside closed periods */
	bool explain;			/* explain every credit: notices of
					 * kind AR_NOTICE_EXPLAIN, a line
					 * of reasoning each */
};

/* Defaults: as-of today, rules credit,ref,exact,combo,oldest. */
void ar_apply_options_init(struct ar_apply_options *o);

/*
 * Parse a rule list such as "ref,oldest" into o->rules.
 * @return AR_OK, or AR_EUSAGE for an unknown or repeated rule
 */
ar_status ar_apply_parse_rules(struct ar_apply_options *o, const char *list);

/* The name of a rule ("credit", "ref", ...). */
const char *ar_apply_rule_name(enum ar_apply_rule r);

/*
 * One application as reported: the contract of ar-apply's output.
 * Strings are borrowed for the duration of the callback.
 */
struct ar_application_row {
	int64_t batch;
	ar_date date;			/* effective date */
	const char *customer_id;
	const char *credit_type;	/* payment, credit_memo, writeoff */
	const char *credit_no;
	const char *doc_no;		/* the debit document */
	const char *currency;
	int exponent;
	int64_t amount;			/* negative when it cancels one */
	/* a rule, manual, writeoff, undo, reversal, refund, held */
	const char *rule;
	int64_t doc_open_after;
	int64_t credit_unapplied_after;
	/* "short", "short_pay", "" ; on held rows "ambiguous", "duplicate?"
	 * or "on_account" */
	const char *flag;
};

/* The columns of an application's row (batch, date, customer_id,
 * credit_type, credit_no, doc_no, amount, rule, doc_open_after,
 * credit_unapplied_after, flag): ar-apply's output. */
#define AR_APPLICATION_COLUMNS 11
extern const struct ar_column ar_application_columns[AR_APPLICATION_COLUMNS];

/*
 * Put r as a row of ar_application_columns into out (struct ar_cells in
 * ar/csv.h).  @return what out's end_row returned
 */
ar_status ar_application_row_put(const struct ar_cells *out,
				 const struct ar_application_row *r);

#define AR_APPLY_MAX_CURRENCIES 16

/* What a run did. */
struct ar_apply_stats {
	long credits;		/* payments and credit memos looked at */
	long full;		/* of them, applied in full */
	long part;		/* applied in part, the rest on account */
	long none;		/* nothing applied */
	long applications;	/* rows written, write-offs included */
	long writeoffs;
	long shorts;		/* short pays left open */
	long documents;		/* documents posted (reversals, fees) */
	/* of the credits left unapplied, those flagged for a person */
	long ambiguous, duplicates, on_account;
	int ncurrencies;
	struct {
		char code[4];
		int exponent;
		int64_t applied;	/* the money applied (write-offs not) */
		int64_t unapplied;	/* left on account after the run */
	} currencies[AR_APPLY_MAX_CURRENCIES];
};

/*
 * The summary of stats in words: "10 payments and credit memos: 8 applied
 * in full, 1 in part, 1 left on account; 14 applications, 2 short;
 * 3,855.00 USD applied, 225.00 on account".  Cut to fit size.
 * @return the length written
 */
size_t ar_apply_summary(const struct ar_apply_stats *s, char *buf,
			size_t size);

struct ar_apply_callbacks {
	/* every application, in the order written; non-AR_OK stops the run */
	ar_status (*row)(void *ctx, const struct ar_application_row *r);
	void *ctx;
};

/*
 * Apply by rule inside the batch in progress (ar_ledger_begin()), after
 * any manual applications already posted in it.  What it does is added to
 * stats (start from a zeroed one), which may be NULL.
 * @return AR_OK, AR_EUSAGE (writeoff_under is no amount in a currency,
 * as-of inside a closed period), AR_ENOTFOUND (no such customer),
 * AR_ELEDGER, AR_EBUSY, or what row returned
 */
ar_status ar_apply_run(struct ar_ledger *l, const struct ar_apply_options *o,
		       const struct ar_apply_callbacks *cb,
		       struct ar_apply_stats *stats);

/*
 * Report every application batch wrote (for manual applications, an
 * undo or a reversal): amounts after each computed from the ledger.  The
 * rows and the money they apply are added to stats, which may be NULL.
 */
ar_status ar_apply_report_batch(struct ar_ledger *l, int64_t batch,
				const struct ar_apply_callbacks *cb,
				struct ar_apply_stats *stats);

/*
 * Report the applications of batch, an earlier ar-apply run, as that run
 * reported them: the same rows, in the same order, with the same amounts
 * after each and the same flags (a lost output file is made again from
 * the ledger).  The run posts its applications in the order it reports
 * them, which is what makes this possible.
 * @return AR_OK, AR_ENOTFOUND (no such batch), AR_EUSAGE (not an ar-apply
 * batch), AR_ELEDGER, or what row returned
 */
ar_status ar_apply_batch(struct ar_ledger *l, int64_t batch,
			 const struct ar_apply_callbacks *cb);

/*
 * Undo batch, an earlier ar-apply run, inside the batch in progress: each
 * of its applications not yet cancelled is cancelled by one of the same
 * amount and effective date, so aging at every date is as if it had not
 * run (while a known-at report still shows what was).  A write-off it
 * made is reversed as well.  Returned-payment batches are refused.
 * @return AR_OK, AR_ENOTFOUND (no such batch), AR_EUSAGE (not an ar-apply
 * batch, a reversal, nothing left to undo), AR_ELEDGER, AR_EBUSY
 */
ar_status ar_apply_undo(struct ar_ledger *l, int64_t batch,
			struct ar_apply_stats *stats);

/*
 * Undo one application (its id, as ar-ledger(5) shows it) inside the
 * batch in progress, as ar_apply_undo() undoes a run's: cancelled by one
 * of the same amount and effective date, a write-off reversed as well.
 * The money is then free as if it had never been applied, so a manual
 * application may carry its true date.
 * @return AR_OK, AR_ENOTFOUND (no such application), AR_EUSAGE (undone
 * already, itself a cancellation, reversal or refund, effective in a
 * closed period), AR_ELEDGER, AR_EBUSY
 */
ar_status ar_apply_undo_application(struct ar_ledger *l, int64_t id,
				    struct ar_apply_stats *stats);

/*
 * Undo every application of payment payment_no not yet cancelled (its
 * refunds excepted) inside the batch in progress, as
 * ar_apply_undo_application() does each.
 * @return AR_OK, AR_ENOTFOUND (no such payment), AR_EUSAGE (nothing to
 * undo, effective in a closed period), AR_ELEDGER, AR_EBUSY
 */
ar_status ar_apply_undo_payment(struct ar_ledger *l, const char *payment_no,
				struct ar_apply_stats *stats);

struct ar_reverse_options {
	const char *payment_no;
	ar_date date;			/* the day the bank returned it */
	const char *fee;		/* amount of a fee debit memo, or NULL */
	const char *reason;		/* text kept on the reversal, or NULL */
	bool allow_closed;
};

/*
 * A returned (NSF) payment, inside the batch in progress: from date on
 * the items it paid are open again with their own due dates, and the
 * payment no longer counts as unapplied.  Posts a reversal document
 * (numbered as the payment, related to it) and applies the payment to it;
 * with a fee, a debit memo NSF-<payment_no> dated and due on date.
 * @return AR_OK, AR_ENOTFOUND (no such payment), AR_EUSAGE (already
 * reversed, date before the payment or one of its applications, closed
 * period, bad fee), AR_ELEDGER, AR_EBUSY
 */
ar_status ar_apply_reverse(struct ar_ledger *l,
			   const struct ar_reverse_options *o,
			   struct ar_apply_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
