/*
 * promise_int.h - the promises to pay and what became of them: the one
 * rule that ar-note --evaluate records and every report reads.
 */
#ifndef AR_PROMISE_INT_H
#define AR_PROMISE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/date.h"
#include "ar/ledger.h"

enum ar__promise_state {
	AR__PROMISE_OPEN,	/* its date is still to come */
	AR__PROMISE_PENDING,	/* due, in its grace days, not yet kept */
	AR__PROMISE_KEPT,	/* kept, or cancelled */
	AR__PROMISE_PARTIAL,	/* some of it arrived by the end of grace */
	AR__PROMISE_BROKEN	/* none of it arrived; or a plan broke */
};

struct ar__promise {
	int64_t id;		/* activity.id */
	int64_t customer;	/* customer.id */
	int64_t plan;		/* 0: not an instalment */
	char currency[4];	/* "" when neither it nor the customer says */
	ar_date date, promise_date;
	int64_t amount;		/* 0: none named */
	enum ar__promise_state state;
	ar_date decided;	/* the day it was decided, or AR_DATE_NONE */
	int64_t received;	/* what counted towards it */
	bool recorded;		/* the state is a promise_status row's */
};

typedef void (*ar__promise_fn)(void *ctx, const struct ar__promise *p);

/* The setting promise.grace_days. */
ar_status ar__promise_grace(struct ar_ledger *l, int *days);

/*
 * Hand fn every promise to pay made on or before at (of batches up to
 * kb), with its state at at: its latest recorded status dated by then
 * when it has one (cancelled counts as kept), else the rule of
 * ar-note(1) with grace days of grace:
 *
 *   the payments counted are the customer's payments in the promise's
 *   currency dated from the day the promise was made through its date
 *   plus grace (for a promise naming documents: the payments' money
 *   applied to those documents, by effective date); kept on the day they
 *   reach its amount; after the last grace day partial when some
 *   arrived, broken when none did.  The instalments of a plan count the
 *   payments cumulatively, in order of their dates (the second is kept
 *   when the payments reach the first two), and once one is partial or
 *   broken every later one is broken, on the same day.
 */
ar_status ar__promise_scan(struct ar_ledger *l, int64_t kb, ar_date at,
			   int grace, ar__promise_fn fn, void *ctx);

/* The same of one customer (its row id), with the grace days of the
 * setting promise.grace_days. */
ar_status ar__promise_scan_customer(struct ar_ledger *l, int64_t kb,
				    ar_date at, int64_t customer,
				    ar__promise_fn fn, void *ctx);

#endif
