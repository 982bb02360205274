/*
 * credit.h - order approval and credit holds: may this customer's new
 * order ship?  The rules (status, credit limit, past-due items, broken
 * promises, returned payments) are judged from the open-item state as of
 * a date, every decision is recorded as an activity of kind 'credit',
 * approvers may let one order pass despite a failing check (an
 * override), and customers are put on hold and released by hand.
 *
 * The rules and their settings are described in ar-credit(1).
 */
#ifndef AR_CREDIT_H
#define AR_CREDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The rules of a check, in the order they are shown. */
enum ar_credit_rule {
	AR_CREDIT_STATUS,		/* hold, bankrupt, closed */
	AR_CREDIT_LIMIT,		/* balance + order over credit_limit */
	AR_CREDIT_PAST_DUE_DAYS,	/* oldest undisputed item */
	AR_CREDIT_PAST_DUE_AMOUNT,	/* undisputed past-due money */
	AR_CREDIT_BROKEN_PROMISES,	/* in the last 90 days */
	AR_CREDIT_RETURNED,		/* returned payments, last 180 days */
	AR_CREDIT_NRULES
};

/* What a rule said. */
enum ar_credit_result {
	AR_CREDIT_PASS,
	AR_CREDIT_FAIL,
	AR_CREDIT_OFF			/* not applied (no limit, setting off) */
};

/* The kind of a rule's figures. */
enum ar_credit_figure { AR_CREDIT_TEXT, AR_CREDIT_MONEY, AR_CREDIT_NUMBER };

struct ar_credit_rule_row {
	const char *rule;		/* its name (static) */
	enum ar_credit_result result;
	enum ar_credit_figure kind;
	int64_t figure, threshold;	/* money in the check's currency,
					 * or days or counts; threshold -1:
					 * none */
	char text[200];			/* the figures in words */
};

/* What the check of an order is asked. */
struct ar_credit_options {
	ar_date as_of;			/* default today */
	const char *customer_id;	/* borrowed */
	const char *amount;		/* the order's amount, text; NULL: none */
	const char *currency;		/* NULL: the customer's */
	const char *reason;		/* override, hold, release */
};

/* Defaults: as-of today, nothing else. */
void ar_credit_options_init(struct ar_credit_options *o);

/* The answer of a check. */
struct ar_credit_check {
	char customer_id[65], customer_name[129];	/* cut when longer */
	char currency[4];		/* the order's */
	int exponent;
	/* the customer's currency: the credit limit's and the money rules' */
	char own_currency[4];
	int own_exponent;
	bool has_amount;
	int64_t amount;			/* the order, minor units (0: none) */
	struct ar_credit_rule_row rule[AR_CREDIT_NRULES];
	bool pass;			/* every rule passed */
	bool approved;			/* pass, or an override was used */
	/* the override that let a failing check pass (0: none) */
	int64_t override;
	int64_t override_amount;
	ar_date override_to;
	char approved_by[65], override_reason[256];
	int64_t activity;		/* the decision recorded, 0: none */
};

/*
 * Check an order of o->customer_id as of o->as_of.  Inside a batch
 * (ar_ledger_begin()) the decision is recorded and an override it uses
 * is used up; outside one (a dry run, a read-only ledger) nothing is
 * written and an override that would be used is only reported.
 * @return AR_OK (r->approved says the answer), AR_ENOTFOUND (no such
 *	   customer), AR_EUSAGE (a bad amount or currency), AR_ELEDGER
 */
ar_status ar_credit_check(struct ar_ledger *l, const struct ar_credit_options *o,
			  struct ar_credit_check *r);

/* The columns of a check's rows, and one row per rule to write. */
#define AR_CREDIT_CHECK_COLUMNS 7
extern const struct ar_column ar_credit_check_columns[AR_CREDIT_CHECK_COLUMNS];

/*
 * Put the rows of a check into out (ar_cells in ar/csv.h): the rules that
 * failed (every rule when all is true), then the override used, if any.
 * @return AR_OK or what out's end_row returned
 */
ar_status ar_credit_check_put(const struct ar_cells *out,
			      const struct ar_credit_check *r, bool all);

/* ------------------------------------------------------------------ */
/* The decisions recorded */

/* One decision, as ar-credit log lists it; strings borrowed for the
 * call. */
struct ar_credit_decision {
	int64_t batch;
	ar_date date;
	const char *customer_id, *customer_name;
	const char *decision;	/* approved, held, overridden, override,
				 * hold, release */
	int64_t amount;		/* -1: none */
	const char *currency;	/* "" when none */
	int exponent;
	const char *rules;	/* the rules that failed, comma-separated */
	ar_date valid_to;	/* an override's last day, else NONE */
	const char *approved_by;	/* override, overridden: the approver */
	const char *reason;
	const char *user;
};

typedef ar_status (*ar_credit_decision_fn)(void *ctx,
					   const struct ar_credit_decision *d);

/*
 * Every decision recorded, by date then as recorded, of customer_id
 * (NULL: all) dated from from to to (AR_DATE_NONE: open).
 * @return AR_OK, AR_ENOTFOUND (no such customer), AR_ELEDGER, or what fn
 *	   returned
 */
ar_status ar_credit_log(struct ar_ledger *l, const char *customer_id,
			ar_date from, ar_date to, ar_credit_decision_fn fn,
			void *ctx);

/* The decision of activity id (one just recorded) to fn. */
ar_status ar_credit_decision_get(struct ar_ledger *l, int64_t id,
				 ar_credit_decision_fn fn, void *ctx);

#define AR_CREDIT_LOG_COLUMNS 12
extern const struct ar_column ar_credit_log_columns[AR_CREDIT_LOG_COLUMNS];
/* Put d as a row of ar_credit_log_columns into out. */
ar_status ar_credit_decision_put(const struct ar_cells *out,
				 const struct ar_credit_decision *d);

/* ------------------------------------------------------------------ */
/* Overrides, holds, releases: each in the batch in progress */

/*
 * Let one order of o->customer_id of up to o->amount (in o->currency,
 * default the customer's) pass a failing check from o->as_of for
 * credit.override_days days, for o->reason.  Only a user named in
 * credit.approvers may: others get AR_ECHECK with the reason set.
 * @param id the decision recorded (an activity id)
 * @return AR_OK, AR_ECHECK, AR_ENOTFOUND, AR_EUSAGE, AR_ELEDGER
 */
ar_status ar_credit_override(struct ar_ledger *l,
			     const struct ar_credit_options *o, int64_t *id);

/*
 * Put o->customer_id on hold (hold true) or release it to active, for
 * o->reason, as of o->as_of: the customer's status changes (its former
 * row kept in customer_history) and the decision is recorded.  Only an
 * active customer is put on hold and only one on hold released
 * (AR_EUSAGE).
 */
ar_status ar_credit_hold(struct ar_ledger *l, const struct ar_credit_options *o,
			 bool hold, int64_t *id);

/* ------------------------------------------------------------------ */
/* Review */

struct ar_credit_review_row {
	const char *customer_id, *customer_name, *status;	/* borrowed */
	char currency[4];
	int exponent;
	int64_t credit_limit;		/* -1: none */
	int64_t balance, overdue;
	int64_t utilization;		/* percent, hundredths; INT64_MIN */
	char grade;
	int64_t best_sales;		/* highest three months' sales */
	int64_t suggested_limit;
	const char *reason;		/* over_limit, near_limit, release */
};

typedef ar_status (*ar_credit_review_fn)(void *ctx,
					 const struct ar_credit_review_row *r);

/*
 * The customers a credit manager should look at as of as_of, in
 * customer number order: over their limit, within 10 % of it, on hold
 * with nothing past due (release candidates); each with the limit its
 * payment behaviour suggests (ar_credit_suggest_rule()).
 */
ar_status ar_credit_review(struct ar_ledger *l, ar_date as_of,
			   ar_credit_review_fn fn, void *ctx);

/*
 * The suggested limit: best, the highest credit sales of three
 * consecutive calendar months, times the factor of grade, rounded down
 * to a whole 100 of the currency (exponent decimals).
 */
int64_t ar_credit_suggest(int64_t best, char grade, int exponent);

/* The rule in words (static). */
const char *ar_credit_suggest_rule(void);

#define AR_CREDIT_REVIEW_COLUMNS 12
extern const struct ar_column ar_credit_review_columns[AR_CREDIT_REVIEW_COLUMNS];
/* Put r as a row of ar_credit_review_columns into out. */
ar_status ar_credit_review_put(const struct ar_cells *out,
			       const struct ar_credit_review_row *r);

#ifdef __cplusplus
}
#endif

#endif
