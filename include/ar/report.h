/*
 * report.h - collection KPIs, their monthly trend, customer payment
 * behaviour, the collector's worklist, the cash forecast and the list of
 * unapplied cash, computed from the ledger as of a date.
 *
 * Money is int64 minor units of its currency, summed with overflow checks.
 * Ratios are scaled integers: the exact quotient of the integer figures,
 * rounded half away from zero to the decimals of its definition (2 for
 * day counts and percentages, 4 for bad_debt_ratio), and AR_RATIO_NONE
 * (shown empty) when its denominator is 0.  Nothing here uses floating
 * point.
 *
 * Everything dated after as-of (or the period's end) is as if it had not
 * happened; with a known-at batch, rows written by later batches are
 * ignored too, as in ar_age_summary().
 *
 * An item is "paid" (closed) on the effective date of the application that
 * brought its open amount to 0, when it is still 0 at the end of the
 * period; only invoices, debit memos and finance charges count.  An item
 * closed by a write-off (the closing application's credit is a writeoff)
 * was not paid: it is left out of the payment statistics.
 */
#ifndef AR_REPORT_H
#define AR_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A ratio whose denominator is 0. */
#define AR_RATIO_NONE INT64_MIN

/* The KPIs, in the order of the kpi report's columns. */
enum ar_kpi_id {
	AR_KPI_CREDIT_SALES, AR_KPI_COLLECTIONS, AR_KPI_BEGIN_AR,
	AR_KPI_END_AR, AR_KPI_END_CURRENT_AR, AR_KPI_DSO,
	AR_KPI_DSO_COUNTBACK, AR_KPI_BEST_POSSIBLE_DSO, AR_KPI_ADD,
	AR_KPI_CEI, AR_KPI_AVG_DAYS_TO_PAY, AR_KPI_WEIGHTED_DAYS_LATE,
	AR_KPI_PCT_CURRENT, AR_KPI_PCT_OVER_90, AR_KPI_WRITEOFFS,
	AR_KPI_RECOVERIES, AR_KPI_BAD_DEBT_RATIO, AR_KPI_UNAPPLIED,
	AR_KPI_DISPUTED, AR_KPI_BROKEN_PROMISES,
	AR_KPI_N
};

enum ar_kpi_kind {
	AR_KPI_MONEY,		/* minor units of the row's currency */
	AR_KPI_RATIO,		/* scaled by 10^decimals; AR_RATIO_NONE */
	AR_KPI_COUNT
};

/* What a KPI is: its column name, kind, decimals and formula in words. */
struct ar_kpi_def {
	const char *name;
	enum ar_kpi_kind kind;
	int decimals;		/* of a ratio */
	const char *formula;
};

/* The definitions, indexed by enum ar_kpi_id (static). */
extern const struct ar_kpi_def ar_kpi_defs[AR_KPI_N];

/* The aging totals a trend row carries: current, 1-30 ... over_120. */
#define AR_KPI_BUCKETS 6

/* The KPIs of one currency over one period. */
struct ar_kpi {
	char currency[4];
	int exponent;
	ar_date from, to;	/* the period, both days included */
	int days;		/* to - from + 1 */
	int64_t v[AR_KPI_N];	/* indexed by enum ar_kpi_id */
	/* the aging at the period's end (by due date, 30/60/90/120) */
	int64_t aging[AR_KPI_BUCKETS];
	int64_t invoices_paid;	/* items paid in the period */
	int cei_months;		/* of cei_avg; 0: not asked for */
	int64_t cei_avg;	/* the mean of the cei of the cei_months
				 * calendar months to the period's end (the
				 * last cut there), hundredths; AR_RATIO_NONE
				 * when not asked for or none has one */
};

struct ar_report_options {
	ar_date as_of;
	ar_date from, to;	/* AR_DATE_NONE: the report's default */
	int64_t known_batch;	/* 0: every batch; -1: none */
	int months;		/* trend: month ends shown (default 12) */
	int weeks;		/* forecast: weeks (default 13) */
	int every;		/* backtest: months between cut-offs (1 or
				 * 3, default 3) */
	int cei_months;		/* kpi: cei_avg over that many months
				 * (0: none) */
	bool countback_30;	/* dso_countback counts 30-day months */
};

/* Defaults: as-of today, default period, 12 months, 13 weeks. */
void ar_report_options_init(struct ar_report_options *o);

/*
 * The KPI period of the options: from (default the first of as-of's
 * month) to to (default as-of).
 * @return AR_OK, or AR_EUSAGE when from > to or to > as-of
 */
ar_status ar_report_period(const struct ar_report_options *o, ar_date *from,
			   ar_date *to);

typedef ar_status (*ar_kpi_fn)(void *ctx, const struct ar_kpi *k);

/*
 * The KPIs of the period, one call of fn per currency in code order.
 * @return AR_OK, AR_EUSAGE (bad period, message set), AR_ELEDGER,
 *	   AR_ENOMEM, or what fn returned
 */
ar_status ar_report_kpi(struct ar_ledger *l, const struct ar_report_options *o,
			ar_kpi_fn fn, void *ctx);

/*
 * The trend: the KPIs of each calendar month of the o->months months up
 * to as-of's (the last one cut at as-of), oldest first, each with the
 * aging at its end; fn per month and currency.
 */
ar_status ar_report_trend(struct ar_ledger *l, const struct ar_report_options *o,
			  ar_kpi_fn fn, void *ctx);

/*
 * A ratio: num * mul / den rounded half away from zero to decimals
 * places (the result scaled by 10^decimals); AR_RATIO_NONE when den is 0
 * or the result does not fit.
 */
int64_t ar_ratio(int64_t num, int64_t mul, int64_t den, int decimals);

/* ------------------------------------------------------------------ */
/* Customers */

/* One customer in one currency. */
struct ar_customer_row {
	const char *customer_id, *customer_name;	/* borrowed */
	char currency[4];
	int exponent;
	int64_t invoices_paid;
	int64_t avg_days_to_pay, avg_days_late;	/* hundredths; RATIO_NONE */
	int64_t weighted_days_late, pct_paid_late;	/* hundredths */
	ar_date last_payment;
	int64_t balance, overdue;
	int64_t credit_limit;		/* -1: none */
	int64_t utilization;		/* percent, hundredths */
	int64_t late_trend;		/* days, hundredths */
	int oldest_days;
	char grade;			/* 'A' .. 'E' */
	int64_t dso;			/* balance / invoiced x days since the
					 * first invoice, hundredths; 0 when
					 * nothing is invoiced */
	char kind[12];			/* business, consumer */
};

typedef ar_status (*ar_customer_fn)(void *ctx, const struct ar_customer_row *r);

/*
 * Payment behaviour: items paid from o->from (default as-of - 364) to
 * as-of, and the balance as of as-of, one call per customer and currency
 * with a balance or a paid item, in customer number order.
 */
ar_status ar_report_customers(struct ar_ledger *l,
			      const struct ar_report_options *o,
			      ar_customer_fn fn, void *ctx);

/* The grade rule in words (static). */
const char *ar_report_grade_rule(void);

/* ------------------------------------------------------------------ */
/* Worklist */

struct ar_worklist_row {
	int rank;
	const char *customer_id, *customer_name;	/* borrowed */
	const char *phone, *email, *collector;		/* borrowed, "" */
	char currency[4];
	int exponent;
	int64_t overdue;
	int oldest_days;
	ar_date last_contact, last_payment;
	const char *reason;				/* borrowed */
	int score;
};

typedef ar_status (*ar_worklist_fn)(void *ctx, const struct ar_worklist_row *r);

/* The worklist as of as-of, best score first. */
ar_status ar_report_worklist(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_worklist_fn fn, void *ctx);

/* The score rule in words (static). */
const char *ar_report_score_rule(void);

/* ------------------------------------------------------------------ */
/* Forecast */

struct ar_forecast_row {
	ar_date week_start;	/* AR_DATE_NONE: the row "later", or
				 * "doubtful" when doubtful */
	bool doubtful;
	char currency[4];
	int exponent;
	int64_t expected;
	int64_t items;
};

typedef ar_status (*ar_forecast_fn)(void *ctx, const struct ar_forecast_row *r);

/*
 * Expected collections per week from as-of for o->weeks weeks, per
 * currency in code order, then what falls later, then what is doubtful
 * (disputed, or past due longer than the setting
 * forecast.doubtful_days).  Each open item is spread over the weeks by
 * its customer's payment habit (the days from due date to payment of
 * the items paid in the 365 days up to as-of, by amount, recent ones
 * weighted more, shrunk toward the ledger's habit for the same terms)
 * given that it is still open at as-of; an open promise to pay takes
 * its amount to its date.  The method in words: ar_report_forecast_rule().
 * @return AR_OK, AR_EUSAGE (weeks not 1 to 104), AR_ELEDGER, AR_ENOMEM,
 *	   or what fn returned
 */
ar_status ar_report_forecast(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_forecast_fn fn, void *ctx);

/* The forecast's method in words (static). */
const char *ar_report_forecast_rule(void);

/*
 * One cut-off of the back-test, in one currency: the forecast as the
 * ledger stood at the cut-off against the cash applied in each of the
 * weeks after it to the items open then.  Errors are percentages of the
 * actual cash scaled by 100, AR_RATIO_NONE when no cash came: wape =
 * sum |forecast - actual| / sum actual over the weeks; bias = (sum
 * forecast - sum actual) / sum actual; week0 = (forecast - actual) /
 * actual of the first week.  naive_*: the same for every open item on
 * its due date, the overdue in the first week.
 */
struct ar_backtest_row {
	ar_date cutoff;
	bool known_at;		/* the batches finished by the cut-off; false:
				 * none was, every batch counted */
	char currency[4];
	int exponent;
	int weeks;
	int64_t actual, forecast, naive;	/* over the weeks */
	int64_t wape, bias, week0;
	int64_t naive_wape, naive_bias, naive_week0;
	/* week by week, weeks of each; borrowed until fn returns */
	const int64_t *week_actual, *week_forecast, *week_naive;
};

typedef ar_status (*ar_backtest_fn)(void *ctx, const struct ar_backtest_row *r);

/*
 * The back-test: a cut-off at every month end (o->every 1) or quarter
 * end (3) from o->from (default a year before to) to o->to (default
 * as-of less o->weeks weeks); at each, the forecast with as-of and
 * known-at the cut-off (ar_ledger_known_at() of its day) for o->weeks
 * weeks against the cash that came, fn per cut-off and currency.
 * @return AR_OK, AR_EUSAGE (bad period or weeks), AR_ELEDGER,
 *	   AR_ENOMEM, or what fn returned
 */
ar_status ar_report_backtest(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_backtest_fn fn, void *ctx);

/* The cut-offs of the back-test of o: into dates (at most max), the
 * count, or -1 when the period is bad. */
int ar_report_backtest_cutoffs(const struct ar_report_options *o,
			       ar_date *dates, int max);

/* ------------------------------------------------------------------ */
/* Unapplied */

struct ar_unapplied_row {
	const char *customer_id, *customer_name;	/* borrowed */
	const char *doc_type, *doc_no;			/* borrowed */
	ar_date doc_date;
	int age_days;
	char currency[4];
	int exponent;
	int64_t amount, unapplied;	/* positive */
	/* why ar-apply left it for a person (ambiguous, duplicate?,
	 * on_account), or "" */
	const char *flag;
};

typedef ar_status (*ar_unapplied_fn)(void *ctx, const struct ar_unapplied_row *r);

/* Every payment and credit not fully applied as of as-of. */
ar_status ar_report_unapplied(struct ar_ledger *l,
			      const struct ar_report_options *o,
			      ar_unapplied_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Disputes */

/*
 * The disputes of one reason code in one currency: those opened in the
 * period, those still open at its end aged by days open (end - opened:
 * 0-30, 31-60, 61-90, over 90), and those resolved in it with the days
 * they took and how they ended.  Amounts are the amounts disputed.
 */
struct ar_dispute_stats {
	const char *reason;	/* borrowed */
	char currency[4];
	int exponent;
	int64_t opened, opened_amount;
	int64_t open, open_amount;
	int64_t open_age[4];	/* amounts: 0-30, 31-60, 61-90, over 90 */
	int64_t resolved, resolved_amount;
	int64_t days_sum;	/* days to resolve, added up */
	int64_t avg_days;	/* hundredths; AR_RATIO_NONE: none resolved */
	int64_t credit, writeoff, reinstated, rebilled;	/* counts */
};

typedef ar_status (*ar_dispute_stats_fn)(void *ctx,
					 const struct ar_dispute_stats *r);

/*
 * The dispute report: from o->from (AR_DATE_NONE: the first dispute) to
 * o->to (default as-of), one call per currency and reason in code order,
 * leaving out a reason with nothing opened, open or resolved then.
 * @return AR_OK, AR_EUSAGE (from after to, to after as-of), AR_ELEDGER,
 *	   or what fn returned
 */
ar_status ar_report_disputes(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_dispute_stats_fn fn, void *ctx);

/* Collectors and promises (the work recorded with ar-note) */

struct ar_collector_row {
	const char *collector;	/* borrowed; "" for customers without one */
	char currency[4];
	int exponent;
	ar_date from, to;
	int64_t contacts;	/* calls, e-mails, letters, visits in the period */
	int64_t reached;	/* customers with a conversation in it */
	int64_t promises, promised;	/* promises obtained in it, amount */
	int64_t pct_kept;	/* kept amount / promised x 100, hundredths;
				 * AR_RATIO_NONE */
	int64_t collected;	/* payments less reversals of the collector's
				 * customers dated in the period */
	int64_t target;		/* -1: none */
	int64_t attainment;	/* collected / target x 100, hundredths */
};

typedef ar_status (*ar_collector_fn)(void *ctx, const struct ar_collector_row *r);

/*
 * Per collector and currency over the period (ar_report_period()):
 * contacts made and customers reached (the same on each currency row of
 * a collector), promises obtained, the part of their amount kept by the
 * period's end, cash collected from the collector's customers, and the
 * targets of the months the period touches with their attainment.
 */
ar_status ar_report_collectors(struct ar_ledger *l,
			       const struct ar_report_options *o,
			       ar_collector_fn fn, void *ctx);

struct ar_promise_report_row {
	const char *customer_id, *customer_name, *collector;	/* borrowed */
	ar_date made, promise_date;
	char currency[4];
	int exponent;
	int64_t amount, received;
	const char *status;	/* open, due (in grace), partial, broken */
	int days_overdue;	/* as-of - promise date, at least 0 */
	int64_t plan;		/* 0: none */
};

typedef ar_status (*ar_promise_report_fn)(void *ctx,
					  const struct ar_promise_report_row *r);

/*
 * The promises to pay open at as-of (not yet due, or in their grace
 * days) and those broken or partly kept with a promise date in the 90
 * days up to as-of, by promise date.
 */
ar_status ar_report_promises(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_promise_report_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Output */

/*
 * Run a report and write its rows in the columns of ar_report_columns()
 * (vertical: kpi one figure per line with its formula), with totals lines
 * per currency for forecast and unapplied when out has totals.
 * @return AR_OK, AR_EUSAGE (no such report), or what the report returned
 */
ar_status ar_report_write(struct ar_ledger *l, const struct ar_report_options *o,
			  const char *report, bool vertical,
			  const struct ar_cells *out);

/* The row(s) of one currency's KPIs, of a trend month, of a forecast week. */
ar_status ar_report_put_kpi(const struct ar_cells *out, const struct ar_kpi *k,
			    bool vertical);
ar_status ar_report_put_trend(const struct ar_cells *out, const struct ar_kpi *k);
ar_status ar_report_put_forecast(const struct ar_cells *out,
				 const struct ar_forecast_row *r);
/* The row of one cut-off and currency of the back-test. */
ar_status ar_report_put_backtest(const struct ar_cells *out,
				 const struct ar_backtest_row *r);

/*
 * The output columns of a report ("kpi", "trend", "customers",
 * "worklist", "forecast", "backtest", "unapplied", "disputes"), the
 * contract other commands read.
 * With vertical, kpi's columns for people: currency, kpi, value, formula.
 * Column names are static.  @return the number of columns (0: no such
 * report, or more than max)
 */
size_t ar_report_columns(const char *report, bool vertical,
			 struct ar_column *cols, size_t max);

/*
 * A line saying what a report covers ("KPIs for 2026-10-01 to 2026-10-31
 * (31 days), as of 2026-10-31"), for people.
 * @return the length it has (it may be cut to size)
 */
size_t ar_report_caption(const char *report, const struct ar_report_options *o,
			 char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
