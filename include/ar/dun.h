/*
 * dun.h - dunning: the customers due for a letter, at which level, with
 * which fee and late interest, the guards that hold a letter back, the
 * letters recorded and the charges posted.  Templates and e-mail are in
 * ar/mail.h.  The rules are stated in ar-dun(1).
 */
#ifndef AR_DUN_H
#define AR_DUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/date.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Levels 1 to AR_DUN_LEVELS_MAX (the settings dunning.fee.N and
 * dunning.interest.N exist for each). */
#define AR_DUN_LEVELS_MAX 5

/* An annual rate in ten-thousandths of a percent: 12.5% is 125000. */
#define AR_DUN_RATE_ONE 10000

/* dunning.levels: days[i] the days past due that reach level i + 1. */
struct ar_dun_levels {
	int n;
	int days[AR_DUN_LEVELS_MAX];
};

/*
 * Parse "1:1,2:15,3:30": levels 1, 2, ... in order, each with more days
 * than the one before (out may be NULL: only check).
 */
bool ar_dun_levels_parse(const char *s, struct ar_dun_levels *out);

/* Parse a rate in percent, "12", "8.5", "0.0625" (at most 4 decimals,
 * 0 to 1000) into ten-thousandths of a percent. */
bool ar_dun_rate_parse(const char *s, int64_t *rate);

/* A rate as percent without trailing zeros: "12", "8.5", "0.0625". */
void ar_dun_rate_format(char buf[32], int64_t rate);

/*
 * Late interest of one item: open x rate / 100 / 365 x days, rate in
 * ten-thousandths of a percent, rounded half away from zero to the minor
 * unit.  @return false when the result does not fit (never for amounts
 * a ledger can hold and days within its window)
 *
 *	int64_t i;  // 1,000.00 at 10% for 30 days: 8.2191... -> 8.22
 *	ar_dun_interest(100000, 100000, 30, &i);  // i == 822
 */
bool ar_dun_interest(int64_t open, int64_t rate, int days, int64_t *out);

/* One overdue item of a letter. */
struct ar_dun_item {
	int64_t id;		/* document.id */
	char doc_type[16];
	char doc_no[65];
	ar_date doc_date, due_date;
	int days;		/* days past due at as-of */
	int interest_days;	/* days charged now: from the due date or the
				 * last interest charged on it */
	int64_t open, interest;
};

/* A letter to one customer in one currency; borrowed for the call. */
struct ar_dun_letter {
	const char *customer_id, *customer_name;
	const char *email;	/* "" when the customer has none */
	const char *address;	/* lines separated by '\n' */
	const char *company_name, *company_address, *company_email;
	const char *remit_to;
	ar_date date;		/* as-of */
	int level;
	int64_t rate;		/* the level's, ten-thousandths of a percent */
	const char *channel;	/* "email" or "letter" */
	char currency[4];
	int exponent;
	const struct ar_dun_item *items;
	size_t nitems;
	int64_t overdue, interest, fee, total;
};

struct ar_dun_options {
	ar_date as_of;
	int64_t now;		/* the instant of the run: consumers' hours */
	const char *customer_id;	/* NULL: every customer */
	int level;		/* 0: every level */
	bool email;		/* send by e-mail where there is an address */
	bool post_charges;	/* post fee and interest as finance charges */
};

/*
 * Deliver letter d; set *sent when it went out (it is recorded then and
 * its charges posted).  A status other than AR_OK ends the run.
 */
typedef ar_status (*ar_dun_letter_fn)(void *ctx, const struct ar_dun_letter *d,
				      bool *sent);

struct ar_dun_stats {
	long letters, sent, skipped, charges;
};

struct ar_dun_templates;	/* ar/mail.h */

/*
 * The templates of every level the ledger's dunning.levels has, from its
 * dunning.templates directory (ar_dun_templates_load() in ar/mail.h), into
 * t[0..*n) of an array of AR_DUN_LEVELS_MAX; the caller frees each with
 * ar_dun_templates_free(), loaded or not (they start zeroed).
 * @return AR_OK, AR_EUSAGE (err: the template file, line and why),
 *	   AR_ENOMEM, AR_ELEDGER
 */
ar_status ar_dun_templates_load_all(struct ar_ledger *l,
				    struct ar_dun_templates *t, int *n,
				    char *err, size_t errsz);

/*
 * Select, in the batch in progress, the customers due for a letter as of
 * o->as_of and hand each letter to fn, customers in order of number,
 * currencies in order of code; record every letter sent as an activity
 * (kind email or letter, with its level) and, with o->post_charges,
 * post its fee and interest as finance-charge documents dated as-of.
 * A customer (or an item of its letter) left out is a notice of kind
 * AR_NOTICE_SKIP through the ledger (ar_ledger_set_notice()):
 * "C1: skipped: contact cease", "C1: skipped: INV-1: disputed, ...".
 * @return AR_OK, AR_EUSAGE (settings that do not go together),
 *	   AR_EINPUT (charges in a closed period; an unknown customer),
 *	   AR_ELEDGER, or fn's status
 */
ar_status ar_dun_run(struct ar_ledger *l, const struct ar_dun_options *o,
		     ar_dun_letter_fn fn, void *ctx,
		     struct ar_dun_stats *stats);

struct ar_pdf;

/*
 * Draw letter d as a PDF letter into p (ar/pdf.h): text (the level's
 * words, paragraphs apart by a blank line), the overdue items with their
 * interest, the charges and the total due, how to pay, and a remittance
 * slip.  @return AR_OK, AR_ENOMEM, AR_ELEDGER (a write failed)
 */
ar_status ar_dun_letter_pdf(struct ar_pdf *p, const struct ar_dun_letter *d,
			    const char *text);

/*
 * Pause dunning of a customer from from through until, for reason; in
 * the batch in progress.  @return AR_OK, AR_EINPUT (unknown customer,
 * until before from, no reason), AR_ELEDGER
 */
ar_status ar_dun_pause(struct ar_ledger *l, const char *customer_id,
		       ar_date from, ar_date until, const char *reason);

#ifdef __cplusplus
}
#endif

#endif
