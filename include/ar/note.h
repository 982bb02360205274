/*
 * note.h - the collector's log: calls, e-mails, letters, visits and notes,
 * promises to pay and payment plans, changes of the contact preference,
 * the contact rules that keep calls lawful, what became of each promise,
 * the day's list of work and a customer's timeline.
 *
 * Every function that writes runs inside the caller's batch
 * (ar_ledger_begin() ... ar_ledger_commit()): everything or nothing.
 * Nothing here prints; a refusal returns a status with the reason in
 * ar_ledger_errmsg().  The rules are stated in ar-note(1).
 */
#ifndef AR_NOTE_H
#define AR_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"
#include "ar/tz.h"

#ifdef __cplusplus
extern "C" {
#endif

/* True for call, email, letter, visit, note. */
bool ar_note_kind_valid(const char *kind);

/* The outcomes of a contact, NULL-terminated (static): reached,
 * left_message, no_answer, wrong_number, refused, promised, disputed,
 * paid, other. */
const char *const *ar_note_outcomes(void);
bool ar_note_outcome_valid(const char *outcome);

/*
 * True when a call with this outcome was a conversation with the
 * customer (reached, refused, promised, disputed, paid): for a consumer,
 * no further call for 7 days.
 */
bool ar_note_conversation(const char *outcome);

/* What to record. */
struct ar_note {
	const char *customer_id;
	/* call, email, letter, visit, note; promise; plan; contact */
	const char *kind;
	const char *outcome;	/* NULL: none */
	const char *text;	/* NULL: none; required for contact */
	const char *collector;	/* NULL: the customer's collector */
	const char *const *docs;	/* document numbers */
	size_t ndocs;
	ar_date follow_up;	/* AR_DATE_NONE: none */
	int64_t at;		/* the instant (seconds since the epoch) */
	const char *override;	/* why a contact rule is set aside */
	/* promise: amount and date; plan: the total */
	const char *amount;
	ar_date on;
	/* plan: instalments, every every_days days (0: every month on the
	 * day of first, or the month's last day when it has fewer) */
	int instalments, every_days;
	ar_date first;
	/* contact: ok, no_calls, cease */
	const char *contact;
};

/* One activity recorded; strings borrowed for the call. */
struct ar_note_row {
	int64_t activity;
	const char *customer_id, *kind;
	ar_date date;		/* the customer's local date */
	const char *local_time;	/* "2026-01-15 07:59 PST" */
	const char *collector, *outcome, *doc_no;
	int64_t amount;		/* 0 and no currency: none */
	char currency[4];
	int exponent;
	ar_date promise_date, follow_up;
	int64_t plan;		/* 0: none */
	const char *override, *text;
};

typedef ar_status (*ar_note_row_fn)(void *ctx, const struct ar_note_row *r);

/* The output columns: activity, customer_id, kind, date, local_time,
 * collector, outcome, doc_no, amount, currency, promise_date,
 * follow_up_date, plan, override, text. */
#define AR_NOTE_COLUMNS 15
extern const struct ar_column ar_note_columns[AR_NOTE_COLUMNS];
/* Put r as a row of those columns into out (ar_cells in ar/csv.h). */
ar_status ar_note_row_put(const struct ar_cells *out,
			  const struct ar_note_row *r);

/*
 * Record n in the current batch and hand fn each activity written (a
 * plan writes one promise per instalment).  A contact that breaks a rule
 * of ar_contact_check() is refused unless n->override gives a reason,
 * which is recorded with it.
 * @return AR_OK, AR_EUSAGE (a bad option value), AR_EINPUT (an unknown
 *	   customer or document, with the reason), AR_ECHECK (a contact
 *	   rule refuses it: the rule in ar_ledger_errmsg()), AR_ELEDGER
 */
ar_status ar_note_record(struct ar_ledger *l, const struct ar_note *n,
			 ar_note_row_fn fn, void *ctx);

/*
 * Split total into n instalments exactly: each total / n rounded down to
 * the minor unit, the remainder on the last.  amounts holds n.
 * @return false when n < 1 or total < n minor units
 */
bool ar_note_split(int64_t total, int n, int64_t *amounts);

/*
 * The date of instalment i (0-based) of a plan starting on first, every
 * every_days days, or every month (every_days 0) on first's day of the
 * month, or the month's last day when it has fewer days.
 */
ar_date ar_note_instalment_date(ar_date first, int every_days, int i);

/* ------------------------------------------------------------------ */
/* Contact rules */

/* What the rules say of contacting one customer at one instant. */
struct ar_contact {
	char contact[12];	/* ok, no_calls, cease */
	char kind[12];		/* business, consumer */
	char zone[AR_TZ_NAME_MAX];	/* the customer's, or the company's */
	struct ar_local local;	/* the instant there */
	bool allowed;		/* the contact of that kind may be made */
	char rule[200];		/* why not ("" when allowed) */
	ar_date resume;		/* a consumer's call limit: the first local
				 * date calls may resume; else AR_DATE_NONE */
};

/* The facts the rules weigh (for ar_contact_judge()). */
struct ar_contact_facts {
	const char *contact, *kind;	/* the customer's */
	struct ar_local local;		/* the instant in the customer's zone */
	int calls_7d;		/* calls dated in the 7 local days ending on
				 * local.date (that day included) */
	ar_date seventh_call;	/* the date of the 7th latest of them */
	ar_date last_talk;	/* the latest conversation by call, or NONE */
};

/*
 * The rules of ar-note(1), applied to a contact of kind (call, email,
 * letter, visit) under facts f, into c->allowed, c->rule and c->resume:
 *   cease: letters only;  no_calls: no calls;
 *   consumer calls: from 08:00 to before 21:00 local time, at most 7 in
 *   7 days, none in the 7 days after a conversation.
 */
void ar_contact_judge(const struct ar_contact_facts *f, const char *kind,
		      struct ar_contact *c);

/*
 * The rules for a contact of kind with the customer (row id) at instant
 * t, from the ledger's activities (of batches up to kb; 0: all).
 * @return AR_OK, AR_ENOTFOUND, AR_ELEDGER
 */
ar_status ar_contact_check(struct ar_ledger *l, int64_t customer, int64_t t,
			   const char *kind, int64_t kb, struct ar_contact *c);

/*
 * The rules for a call on the customer's local day day, the hours of the
 * day aside (a consumer may be called that day at some hour when
 * allowed): for lists of a day such as the worklist.
 */
ar_status ar_contact_check_day(struct ar_ledger *l, int64_t customer,
			       ar_date day, int64_t kb, struct ar_contact *c);

/* ------------------------------------------------------------------ */
/* Promises kept and broken */

/* A status decided by ar_note_evaluate(); strings borrowed. */
struct ar_promise_row {
	int64_t promise;	/* the activity */
	const char *customer_id;
	ar_date made, promise_date, decided;
	int64_t amount, received;
	char currency[4];
	int exponent;
	const char *status;	/* kept, partial, broken */
	int64_t plan;		/* 0: none */
};
typedef ar_status (*ar_promise_row_fn)(void *ctx, const struct ar_promise_row *r);

/* Columns: promise, customer_id, made, promise_date, amount, currency,
 * received, status, decided, plan. */
#define AR_PROMISE_COLUMNS 10
extern const struct ar_column ar_promise_columns[AR_PROMISE_COLUMNS];
/* Put r as a row of those columns into out. */
ar_status ar_promise_row_put(const struct ar_cells *out,
			     const struct ar_promise_row *r);

/*
 * Record, in the current batch, the status of every promise made by
 * as_of that the rule of ar-note(1) decides by then and that has none,
 * dated the day it was decided, and hand each to fn.  Run again, it
 * records nothing new.
 */
ar_status ar_note_evaluate(struct ar_ledger *l, ar_date as_of,
			   ar_promise_row_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* The day's list and a customer's timeline */

/* One line of the day's list; strings borrowed. */
struct ar_due_row {
	ar_date date;		/* when it fell due */
	const char *what;	/* follow_up, promise_due, promise_broken */
	const char *customer_id, *customer_name, *collector;
	const char *phone, *email;	/* phone "" when no call may be made */
	const char *local_time;
	const char *call;	/* yes, or why not ("e-mail or letter only",
				 * "after 2026-01-20", "08:00-21:00 local") */
	int64_t amount;		/* of a promise, else 0 */
	char currency[4];
	int exponent;
	const char *text;
};
typedef ar_status (*ar_due_row_fn)(void *ctx, const struct ar_due_row *r);

/* Columns: date, what, customer_id, customer_name, collector, phone,
 * email, local_time, call, amount, currency, text. */
#define AR_DUE_COLUMNS 12
extern const struct ar_column ar_due_columns[AR_DUE_COLUMNS];
/* Put r as a row of those columns into out. */
ar_status ar_due_row_put(const struct ar_cells *out,
			 const struct ar_due_row *r);

/*
 * The day's list as of as_of at instant now (for whether a call may be
 * made now): follow-ups due by as_of, promises falling due on as_of or
 * broken, oldest first; customers of contact cease left out;
 * collector NULL: everyone's.
 */
ar_status ar_note_due(struct ar_ledger *l, ar_date as_of, int64_t now,
		      const char *collector, ar_due_row_fn fn, void *ctx);

/* One line of a customer's timeline; strings borrowed. */
struct ar_timeline_row {
	ar_date date;
	const char *what;	/* the activity's kind, or the document's type */
	const char *ref;	/* the document number, or "" */
	const char *outcome;	/* an activity's outcome; a promise's status;
				 * a document's open amount is in open */
	int64_t amount, open;	/* open: of a document, else 0 */
	char currency[4];
	int exponent;
	const char *collector, *text;
};
typedef ar_status (*ar_timeline_row_fn)(void *ctx,
					const struct ar_timeline_row *r);

/* Columns: date, what, ref, outcome, amount, open_amount, currency,
 * collector, text. */
#define AR_TIMELINE_COLUMNS 9
extern const struct ar_column ar_timeline_columns[AR_TIMELINE_COLUMNS];
/* Put r as a row of those columns into out. */
ar_status ar_timeline_row_put(const struct ar_cells *out,
			      const struct ar_timeline_row *r);

/*
 * A customer's history from from to to (AR_DATE_NONE: open ended), one
 * timeline by date: activities (promises with their status at to), the
 * documents with what is open on them at to.
 * @return AR_OK, AR_ENOTFOUND (no such customer), AR_ELEDGER
 */
ar_status ar_note_timeline(struct ar_ledger *l, const char *customer_id,
			   ar_date from, ar_date to, ar_timeline_row_fn fn,
			   void *ctx);

#ifdef __cplusplus
}
#endif

#endif
