/*
 * age.h - aging of receivables as of any date, and its proof.
 *
 * An item is a debit document (invoice, debit memo, finance charge,
 * recovery, reversal) dated on or before as-of with money still open once
 * the applications effective on or before as-of are counted; an unapplied
 * credit is a payment, credit memo or write-off dated on or before as-of
 * that is not fully applied by then.  Everything dated after as-of is as
 * if it had not happened.  With a known-at batch, rows written by later
 * batches are ignored as well, so an earlier report can be reproduced.
 *
 * days = as-of - due date (AR_AGE_BY_DUE) or - document date
 * (AR_AGE_BY_INVOICE).  With edges e1 < e2 < ... < en, by due date the
 * buckets are current (days <= 0), 1-e1, e1+1-e2, ..., over_en; by
 * document date 0-e1, e1+1-e2, ..., over_en.
 *
 * Every run also adds up the ledger's balance as of the date straight
 * from the documents (debits less credits) per currency; the aging proves
 * itself when its balances add up to the same figure.
 */
#ifndef AR_AGE_H
#define AR_AGE_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AR_AGE_MAX_EDGES 10
#define AR_AGE_MAX_BUCKETS (AR_AGE_MAX_EDGES + 2)	/* current ... over_N */
#define AR_AGE_MAX_CURRENCIES 32

enum ar_age_by { AR_AGE_BY_DUE, AR_AGE_BY_INVOICE };

/*
 * The figures are the same either way.  AUTO reads the open-item state
 * (what is open now, and the history of what changed after as-of) unless
 * so much changed after as-of that one ordered pass over the whole
 * history is cheaper, or a known-at batch is set (the state counts every
 * batch).  HISTORY always recomputes from every document and application
 * (ar-ledger check, which proves the state); STATE reads the state
 * whenever known-at allows (tests of the two paths).
 */
enum ar_age_read { AR_AGE_READ_AUTO, AR_AGE_READ_HISTORY, AR_AGE_READ_STATE };

struct ar_age_options {
	ar_date as_of;
	int64_t known_batch;		/* 0: every batch; -1: none */
	enum ar_age_by by;
	int edges[AR_AGE_MAX_EDGES];	/* ascending day counts */
	int nedges;			/* 0: the setting aging.buckets */
	bool credits_aged;		/* unapplied credits into buckets */
	enum ar_age_read read;		/* where the figures come from */

	/* filters of the rows reported (the proof always covers all) */
	const char *customer_id;	/* NULL: all */
	const char *collector;
	const char *currency;
	const char *min_balance;	/* an amount in each row's currency */
	int older_than;			/* -1: no filter; else oldest_days > it */
	bool every_customer;		/* also those with nothing open */
};

/* Set the defaults: as-of today, by due date, no filters. */
void ar_age_options_init(struct ar_age_options *o);

/*
 * Parse "30,60,90,120" into o->edges.
 * @return AR_OK, or AR_EUSAGE when not 1..10 ascending positive counts
 */
ar_status ar_age_parse_edges(struct ar_age_options *o, const char *s);

/*
 * The names of the buckets for the options (after the edges are set):
 * "current", "1-30", ..., "over_120".  names holds AR_AGE_MAX_BUCKETS
 * strings of 24 bytes.  @return the number of buckets
 */
int ar_age_bucket_names(const struct ar_age_options *o,
			char names[][24]);

/*
 * Complete options from the ledger: the bucket edges from the setting
 * aging.buckets when none were given.
 * @return AR_OK, AR_ELEDGER (the setting cannot be read or is invalid)
 */
ar_status ar_age_options_load(struct ar_ledger *l, struct ar_age_options *o);

/* Columns of the summary: 3 + buckets + 7; of the detail: 13. */
#define AR_AGE_MAX_COLUMNS (3 + AR_AGE_MAX_BUCKETS + 7)

/*
 * The output columns, the contract other commands read: the summary's
 * (customer_id, customer_name, currency, the buckets, total, unapplied,
 * balance, disputed, oldest_days, last_payment_date, collector) or the
 * detail's.  names holds the bucket names the columns point into (it
 * must live as long as cols).  @return the number of columns
 */
size_t ar_age_columns(const struct ar_age_options *o, bool detail,
		      struct ar_column cols[AR_AGE_MAX_COLUMNS],
		      char names[AR_AGE_MAX_BUCKETS][24]);

/* The bucket of an item days old. */
int ar_age_bucket(const struct ar_age_options *o, int days);

/* One row of the summary: a customer in one currency. */
struct ar_age_row {
	const char *customer_id, *customer_name, *collector;	/* borrowed */
	char currency[4];
	int exponent;
	int nbuckets;
	int64_t bucket[AR_AGE_MAX_BUCKETS];
	int64_t total;		/* sum of the buckets */
	int64_t unapplied;	/* <= 0; 0 with credits_aged */
	int64_t balance;	/* total + unapplied */
	int64_t disputed;	/* open disputes on open items */
	int64_t ledger;		/* debits - credits dated <= as-of, from the
				 * documents alone: equals balance in a
				 * sound ledger */
	int oldest_days;	/* of the open debit items; 0 when none */
	ar_date last_payment;	/* AR_DATE_NONE when none */
};

/* One open item or unapplied credit of the detail. */
struct ar_age_item {
	const char *customer_id, *customer_name;	/* borrowed */
	const char *doc_type, *doc_no, *po_number;	/* borrowed */
	ar_date doc_date, due_date;	/* due_date AR_DATE_NONE for credits */
	int days;			/* days past due (or since the date) */
	int bucket;			/* -1: the unapplied column */
	int64_t amount, open_amount;	/* negative for credits */
	int64_t disputed;
	char currency[4];
	int exponent;
};

/* The proof, per currency. */
struct ar_age_proof {
	int ncurrencies;
	struct {
		char code[4];
		int exponent;
		int64_t aged;		/* sum of the aging's balances */
		int64_t ledger;		/* debits - credits dated <= as-of */
		/* unidentified cash not assigned by as-of (>= 0): in the
		 * ledger's balance as a credit, in no customer's row; the
		 * summary and the detail count it in aged and ledger both */
		int64_t unidentified;
	} c[AR_AGE_MAX_CURRENCIES];
};

typedef ar_status (*ar_age_row_fn)(void *ctx, const struct ar_age_row *r);
typedef ar_status (*ar_age_item_fn)(void *ctx, const struct ar_age_item *i);

/*
 * The aging at several dates, totalled per currency, in one pass over the
 * history (the trend's month-ends, a period's two ends): for dates[k],
 * fn(ctx, k, r) is called once per currency with r the sum of every
 * customer's row in that currency (customer fields NULL, oldest_days and
 * last_payment unset), and proofs[k] is filled as by ar_age_summary().
 * o gives the buckets, known-at and the aging rule; its as-of and
 * filters are not used.  dates need not be sorted; n is at most
 * AR_AGE_MAX_DATES.
 * @return AR_OK, AR_EUSAGE (too many dates), AR_ELEDGER, AR_ENOMEM, or
 *	   what fn returned
 */
#define AR_AGE_MAX_DATES 132
typedef ar_status (*ar_age_total_fn)(void *ctx, int k,
				     const struct ar_age_row *r);
ar_status ar_age_totals(struct ar_ledger *l, const struct ar_age_options *o,
			const ar_date *dates, int n, ar_age_total_fn fn,
			void *ctx, struct ar_age_proof *proofs);

/*
 * Age the ledger: fn is called for every customer and currency with a
 * balance, open item or unapplied credit that passes the filters, in
 * customer number then currency order.  proof is filled for the whole
 * ledger whatever the filters.
 * @return AR_OK (the proof may still disagree: see ar_age_proof_ok()),
 *	   AR_EUSAGE (a bad filter value, in ar_ledger_errmsg()),
 *	   AR_ELEDGER, AR_ENOMEM, or what fn returned
 */
ar_status ar_age_summary(struct ar_ledger *l, const struct ar_age_options *o,
			 ar_age_row_fn fn, void *ctx, struct ar_age_proof *proof);

/*
 * The detail: fn is called for every open item and unapplied credit of
 * the customers that pass the filters, in customer number, currency, due
 * date and document number order.  With older_than set, only items older
 * than that many days are given.
 */
ar_status ar_age_detail(struct ar_ledger *l, const struct ar_age_options *o,
			ar_age_item_fn fn, void *ctx, struct ar_age_proof *proof);

/* True when every currency's aged balance equals the ledger's. */
bool ar_age_proof_ok(const struct ar_age_proof *p);

/*
 * Report every currency whose aging does not add up to the ledger, and,
 * with gl (an amount in gl_currency), a ledger balance that differs from
 * the general ledger's figure (about the field "gl_balance"): one
 * notice of kind AR_NOTICE_PROBLEM to fn per problem.
 * @return AR_OK, or AR_EUSAGE when gl is not an amount of gl_currency
 */
ar_status ar_age_prove(const struct ar_age_proof *p, const char *gl,
		       const char *gl_currency, ar_notice_fn fn, void *ctx,
		       long *problems);

/*
 * The currency a --gl-balance figure is in: the options' currency filter,
 * else the setting currency.base.  out holds 4 bytes.
 */
ar_status ar_age_gl_currency(struct ar_ledger *l,
			     const struct ar_age_options *o, char out[4]);

/*
 * The aging's rows as cells (struct ar_cells in ar/csv.h), for every
 * destination: a writer made with the columns of ar_age_columns(), or a
 * workbook sheet.  ar_age_cells_init() once the options are complete,
 * then ar_age_row_put() per summary row or ar_age_item_put() per item,
 * and ar_age_totals_put() for a totals line per currency (only when out
 * has totals).  An amount more than 90 days past due is highlighted: a
 * bucket whose days are all over 90, and an item's open amount in one.
 */
struct ar_age_cells {
	const struct ar_cells *out;	/* borrowed */
	bool detail;
	int nbuckets;
	int hi_from;			/* buckets from it on: over 90 days */
	char names[AR_AGE_MAX_BUCKETS][24];
	int ncur;			/* totals so far, per currency */
	struct ar_age_row tot[AR_AGE_MAX_CURRENCIES];
};

void ar_age_cells_init(struct ar_age_cells *c, const struct ar_age_options *o,
		       bool detail, const struct ar_cells *out);

/* Put a summary row (customer_id ... collector) or a detail row. */
ar_status ar_age_row_put(struct ar_age_cells *c, const struct ar_age_row *r);
ar_status ar_age_item_put(struct ar_age_cells *c, const struct ar_age_item *i);

/*
 * The totals lines of the rows put so far, one per currency: "total",
 * the currency and the sums of the money columns (the detail's amount,
 * open_amount and disputed), the other cells empty.
 * @return AR_OK or what out's end_row returned
 */
ar_status ar_age_totals_put(struct ar_age_cells *c);

/*
 * Age the ledger (ar_age_summary(), or with detail ar_age_detail()) and
 * put its rows and totals lines into out.
 * @return as ar_age_summary(), or what out's end_row returned
 */
ar_status ar_age_write(struct ar_ledger *l, const struct ar_age_options *o,
		       bool detail, const struct ar_cells *out,
		       struct ar_age_proof *proof);

/*
 * The bucket rule in words ("Aged by due date as of 2026-10-31: current =
 * not yet past due ...") for people reading a report.
 * @return the length it has (it may be cut to size)
 */
size_t ar_age_rule_text(const struct ar_age_options *o, char *buf,
			size_t size);


#ifdef __cplusplus
}
#endif

#endif
