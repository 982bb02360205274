/*
 * report_int.h - what the report modules (report.c, report_cust.c) share.
 */
#ifndef AR_REPORT_INT_H
#define AR_REPORT_INT_H

#include <sqlite3.h>

#include "ar/age.h"
#include "ar/report.h"
#include "promise_int.h"

/* One application of money to a paid item. */
struct ar__part {
	ar_date day;		/* its effective date */
	int64_t amount;		/* negative when it takes money back */
};

/* A sales item paid (closed by money other than a write-off). */
struct ar__paid {
	int64_t customer;	/* customer.id */
	char currency[4];
	ar_date doc_date, due_date, closed;
	int64_t amount;
	const struct ar__part *part;	/* its applications up to the scan's
					 * end, write-offs' left out;
					 * borrowed until fn returns */
	size_t nparts;
};

typedef void (*ar__paid_fn)(void *ctx, const struct ar__paid *p);

/*
 * Hand fn every invoice, debit memo and finance charge whose open amount
 * became 0 on a day in [from, to] and is still 0 at to (by_month: at the
 * end of that day's month, or at to when sooner), with that day (the
 * effective date of the closing application); left out when the closing
 * application is a write-off's.
 */
ar_status ar__paid_scan(struct ar_ledger *l, int64_t kb, ar_date from,
			ar_date to, bool by_month, ar__paid_fn fn, void *ctx);

/*
 * What another report takes from the forecast's passes, so that it need
 * not read the same rows again: each paid item its payment habits read
 * (those of the 365 days up to as-of, through ar__report_batch(o)), and
 * each open item and unapplied credit of its aging as of o's date, aged
 * by age's edges and rule (its as-of, known-at and filters are the
 * forecast's own: every customer).  Either function may be NULL.
 */
struct ar__fc_tee {
	ar__paid_fn paid;
	void *paid_ctx;
	const struct ar_age_options *age;	/* with item */
	ar_age_item_fn item;
	void *item_ctx;
};

/* The forecast (ar_report_forecast()), its rows handed to tee as well. */
ar_status ar__report_forecast_tee(struct ar_ledger *l,
				  const struct ar_report_options *o,
				  ar_forecast_fn fn, void *ctx,
				  const struct ar__fc_tee *tee);

/*
 * The customers report's figures of the paid items (report_cust.c),
 * taken in another report's pass over them: ar__cust_paid_new() for a
 * report as of o (whose o->from is not set), ar__cust_paid_on() as the
 * pass's tee, ar__cust_paid_seal() once it is done.  The customers
 * report given them (ar__report_customers_with()) reads the paid items
 * again when another connection has written the ledger since the pass
 * began.
 */
struct ar__cust_paid;
ar_status ar__cust_paid_new(struct ar_ledger *l,
			    const struct ar_report_options *o,
			    struct ar__cust_paid **out);
void ar__cust_paid_on(void *ctx, const struct ar__paid *p);
void ar__cust_paid_seal(struct ar__cust_paid *c);
void ar__cust_paid_free(struct ar__cust_paid *c);
ar_status ar__report_customers_with(struct ar_ledger *l,
				    const struct ar_report_options *o,
				    struct ar__cust_paid *pre,
				    ar_customer_fn fn, void *ctx);
/* The Customers rows as cells, the paid items' figures from pre. */
ar_status ar__report_write_customers(struct ar_ledger *l,
				     const struct ar_report_options *o,
				     struct ar__cust_paid *pre,
				     const struct ar_cells *out);

/* (the promises: promise_int.h) */

/*
 * The page cache of a report run, in KiB: the reports keep per-customer
 * arrays beside the aging's and the workbook keeps libxlsxwriter's
 * buffers, so a smaller cache than other commands' keeps them within
 * 64 MB at 50,000 customers.
 */
#define AR__REPORT_CACHE_KIB 16384

/* Set the report's page cache; every ar_report_* and the workbook call it. */
ar_status ar__report_begin(struct ar_ledger *l);

/* The last batch whose rows count for o. */
int64_t ar__report_batch(const struct ar_report_options *o);

/* num / den rounded half away from zero to decimals places, or
 * AR_RATIO_NONE. */
int64_t ar__ratio128(__int128 num, __int128 den, int decimals);

ar_date ar__col_date(sqlite3_stmt *s, int i);
void ar__bind_date(sqlite3_stmt *s, int i, ar_date d);
/* Column i as text, "" for NULL. */
const char *ar__col_text(sqlite3_stmt *s, int i);

/*
 * Figures of ended periods kept between runs (derived.c): a value is
 * words and integers separated by spaces.
 */
struct ar__words {
	char *buf;
	size_t len, cap;
	bool nomem;
};
void ar__words_int(struct ar__words *w, int64_t v);
void ar__words_str(struct ar__words *w, const char *s);	/* no spaces */

struct ar__unwords {
	const char *p;
	bool bad;		/* a word missing or not what was asked */
};
int64_t ar__unword_int(struct ar__unwords *r);
void ar__unword_str(struct ar__unwords *r, char *buf, size_t n);
/* Whether every word was read, and all were good. */
bool ar__unwords_done(const struct ar__unwords *r);

/* The value kept as kind and key into *value (the caller frees), or
 * *value NULL when none is. */
ar_status ar__derived_get(struct ar_ledger *l, const char *kind,
			  const char *key, char **value);

/* Keep value as kind and key, depending on nothing dated after through;
 * call it inside the read (ar__read_begin) the value was computed in.
 * Kept when it can be: a failure changes nothing and is not one. */
void ar__derived_put(struct ar_ledger *l, const char *kind, const char *key,
		     ar_date through, const struct ar__words *value);

/* The kinds of figure kept (the column kind of the table derived). */
#define AR__KIND_TREND_MONTH "trend-month"
#define AR__KIND_BACKTEST "backtest"
#define AR__KIND_SALES_MONTH "sales-month"

/* Whether the figures of words a and b are the same, into *same (*why
 * says how not); frees both.  AR_ENOMEM when either could not be made. */
#define AR__WHY_SZ 128
ar_status ar__words_same(struct ar__words *a, struct ar__words *b, bool *same,
			 char why[AR__WHY_SZ]);

/* A figure kept, as ar-ledger check reads it, and what it found. */
struct ar__kept {
	char *kind, *key, *value;
	bool same;		/* value is what the history gives */
	char why[AR__WHY_SZ];	/* else how not */
};

/*
 * Figures kept, computed again from the history (derived_check.c), each
 * row's same and why set: the months of the trend all at once (one run
 * of the trend for those computed alike), a back-test's cut-off alone.
 */
ar_status ar__trend_months_verify(struct ar_ledger *l, struct ar__kept *rows,
				  size_t n);
ar_status ar__backtest_verify(struct ar_ledger *l, struct ar__kept *row);
/* The credit sales of months kept (the trend's countback): one pass
 * over the documents for those of each known-at batch. */
ar_status ar__sales_months_verify(struct ar_ledger *l, struct ar__kept *rows,
				  size_t n);

/* ar-ledger check of every figure kept: a problem per one that is not
 * what the history gives. */
ar_status ar__derived_check(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			    long *problems);

#endif
