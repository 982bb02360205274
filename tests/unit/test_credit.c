/*
 * test_credit.c - the credit check (ar-credit): the suggested limit's
 * arithmetic, and on a small ledger the figures of each rule, a check
 * without a batch (nothing recorded), a check in one (recorded), an
 * override used once, holds and releases.
 *
 * The ledger, as of 2026-03-31 (USD):
 *
 *   C1  limit 100.00; I1 60.00 due 2026-02-28 (31 days past due), of
 *       which 10.00 disputed; I2 30.00 due 2026-04-30; PAY1 5.00
 *       unapplied: balance 85.00, undisputed past due 50.00
 *   C2  on hold, nothing owed
 *   C3  EUR, limit 10.00 EUR
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/credit.h"
#include "ar/import.h"
#include "ar/ledger.h"
#include "internal.h"
#include "tmpfiles.h"
#include "ledgerfix.h"

static ar_date day(const char *iso)
{
	ar_date d = AR_DATE_NONE;
	if (ar_date_parse_iso(iso, strlen(iso), &d) != AR_OK)
		fail_msg("bad date in a test: %s", iso);
	return d;
}

static void t_suggest(void **state)
{
	(void)state;
	/* 12,345.67 x 100 % rounded down to a whole 100.00 */
	assert_int_equal(ar_credit_suggest(1234567, 'A', 2), 1230000);
	/* x 75 % = 9,259.25 -> 9,200.00 */
	assert_int_equal(ar_credit_suggest(1234567, 'B', 2), 920000);
	assert_int_equal(ar_credit_suggest(1234567, 'C', 2), 610000);
	assert_int_equal(ar_credit_suggest(1234567, 'D', 2), 300000);
	assert_int_equal(ar_credit_suggest(1234567, 'E', 2), 0);
	/* JPY: whole yen, rounded down to 100 yen */
	assert_int_equal(ar_credit_suggest(123456, 'A', 0), 123400);
	assert_int_equal(ar_credit_suggest(9999, 'A', 2), 0);
	assert_int_equal(ar_credit_suggest(0, 'A', 2), 0);
	assert_int_equal(ar_credit_suggest(100, '?', 2), 0);
	/* no overflow at the largest sums */
	assert_true(ar_credit_suggest(INT64_MAX, 'A', 2) > 0);
}

struct fixture {
	char path[128];
	struct ar_ledger *l;
};

static void import(struct ar_ledger *l, enum ar_record_type t, const char *csv)
{
	struct ar_import_stats s;
	fix_import(l, "test", t, csv, NULL, &s);
}

static void set(struct ar_ledger *l, const char *key, const char *value)
{
	fix_begin(l, "test", NULL);
	assert_int_equal(ar_setting_set(l, key, value), AR_OK);
	commit(l);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s", new_path("db"));
	if (ar_ledger_open(&f->l, f->path, AR_LEDGER_CREATE, NULL) != AR_OK) {
		ar_ledger_close(f->l);
		free(f);
		return -1;
	}
	import(f->l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency,credit_limit,status\n"
	       "C1,One,USD,100.00,active\nC2,Two,USD,,hold\n"
	       "C3,Three,EUR,10.00,active\n");
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount\n"
	       "I1,C1,2026-01-29,2026-02-28,60.00\n"
	       "I2,C1,2026-03-31,2026-04-30,30.00\n");
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount\n"
	       "PAY1,C1,2026-03-30,5.00\n");
	import(f->l, AR_REC_ACTIVITIES,
	       "customer_id,date,kind,doc_no,amount\n"
	       "C1,2026-03-01,dispute,I1,10.00\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ar_ledger_close(f->l);
	unlink_ledger(f->path);
	free(f);
	return 0;
}

static int64_t count(struct ar_ledger *l, const char *sql)
{
	int64_t v = -1;
	assert_int_equal(ar__int_query(l, sql, &v), AR_OK);
	return v;
}

static void t_figures(void **state)
{
	struct fixture *f = *state;
	struct ar_credit_options o;
	struct ar_credit_check r;

	ar_credit_options_init(&o);
	o.as_of = day("2026-03-31");
	o.customer_id = "C1";
	o.amount = "15.00";
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	/* 85.00 + 15.00 reaches the limit, not over it */
	assert_int_equal(r.rule[AR_CREDIT_LIMIT].result, AR_CREDIT_PASS);
	assert_int_equal(r.rule[AR_CREDIT_LIMIT].figure, 10000);
	assert_int_equal(r.rule[AR_CREDIT_LIMIT].threshold, 10000);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_DAYS].figure, 31);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_DAYS].result, AR_CREDIT_FAIL);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_AMOUNT].figure, 5000);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_AMOUNT].result, AR_CREDIT_OFF);
	assert_false(r.pass);
	assert_false(r.approved);
	/* outside a batch nothing is recorded */
	assert_int_equal(r.activity, 0);
	assert_int_equal(count(f->l, "SELECT count(*) FROM activity WHERE "
			       "kind = 'credit'"), 0);

	/* a day earlier: 30 days, and I2 not yet there (nor PAY1's 5.00
	 * gone, as it is dated 03-30) */
	o.as_of = day("2026-03-30");
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_DAYS].figure, 30);
	assert_int_equal(r.rule[AR_CREDIT_LIMIT].figure, 7000);
	assert_true(r.pass);

	/* 0.01 more than the limit */
	o.as_of = day("2026-03-31");
	o.amount = "15.01";
	set(f->l, "credit.max_days_past_due", "31");
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_int_equal(r.rule[AR_CREDIT_LIMIT].result, AR_CREDIT_FAIL);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_DAYS].result, AR_CREDIT_PASS);

	/* the past-due amount, in the customer's currency */
	set(f->l, "credit.max_past_due", "50");
	o.amount = "1";
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_AMOUNT].threshold, 5000);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_AMOUNT].result, AR_CREDIT_PASS);
	set(f->l, "credit.max_past_due", "49.99");
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_int_equal(r.rule[AR_CREDIT_PAST_DUE_AMOUNT].result, AR_CREDIT_FAIL);
}

static void t_bad(void **state)
{
	struct fixture *f = *state;
	struct ar_credit_options o;
	struct ar_credit_check r;

	ar_credit_options_init(&o);
	o.customer_id = "NOPE";
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_ENOTFOUND);
	o.customer_id = "C1";
	o.amount = "-5";
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_EUSAGE);
	o.amount = "5";
	o.currency = "usd";
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_EUSAGE);
	/* a limit in EUR does not judge an order in USD */
	o.customer_id = "C3";
	o.currency = "USD";
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_int_equal(r.rule[AR_CREDIT_LIMIT].result, AR_CREDIT_FAIL);
	assert_string_equal(r.own_currency, "EUR");
	o.currency = NULL;
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_true(r.pass);
	assert_string_equal(r.currency, "EUR");
}

static void t_override(void **state)
{
	struct fixture *f = *state;
	struct ar_credit_options o;
	struct ar_credit_check r;
	struct ar_ledger_config c;
	int64_t id;

	ar_ledger_config_init(&c);
	c.user = "boss";
	ar_ledger_close(f->l);
	assert_int_equal(ar_ledger_open_config(&f->l, f->path, 0, NULL, &c),
			 AR_OK);
	ar_credit_options_init(&o);
	o.as_of = day("2026-03-31");
	o.customer_id = "C2";
	o.amount = "20.00";
	o.reason = "rush";
	fix_begin(f->l, "test", NULL);
	assert_int_equal(ar_credit_override(f->l, &o, &id), AR_ECHECK);
	ar_ledger_rollback(f->l);
	set(f->l, "credit.approvers", "ann,boss");
	fix_begin(f->l, "test", NULL);
	assert_int_equal(ar_credit_override(f->l, &o, &id), AR_OK);
	commit(f->l);

	/* outside a batch: shown, not used up */
	o.reason = NULL;
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_false(r.pass);
	assert_true(r.approved);
	assert_string_equal(r.approved_by, "boss");
	for (int i = 0; i < 2; i++) {
		fix_begin(f->l, "test", NULL);
		assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
		commit(f->l);
		/* the first uses it, the second finds none */
		assert_int_equal(r.approved, i == 0);
		assert_true(r.activity > 0);
	}
	assert_int_equal(count(f->l, "SELECT count(*) FROM "
			       "credit_override_use"), 1);
	assert_int_equal(count(f->l, "SELECT count(*) FROM activity WHERE "
			       "kind = 'credit'"), 3);
}

static void t_hold(void **state)
{
	struct fixture *f = *state;
	struct ar_credit_options o;
	struct ar_credit_check r;
	int64_t id;

	ar_credit_options_init(&o);
	o.as_of = day("2026-03-31");
	o.customer_id = "C3";
	fix_begin(f->l, "test", NULL);
	assert_int_equal(ar_credit_hold(f->l, &o, true, &id), AR_EUSAGE);
	o.reason = "late";
	assert_int_equal(ar_credit_hold(f->l, &o, true, &id), AR_OK);
	assert_int_equal(ar_credit_hold(f->l, &o, true, &id), AR_EUSAGE);
	commit(f->l);
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_int_equal(r.rule[AR_CREDIT_STATUS].result, AR_CREDIT_FAIL);
	fix_begin(f->l, "test", NULL);
	assert_int_equal(ar_credit_hold(f->l, &o, false, &id), AR_OK);
	assert_int_equal(ar_credit_hold(f->l, &o, false, &id), AR_EUSAGE);
	commit(f->l);
	assert_int_equal(ar_credit_check(f->l, &o, &r), AR_OK);
	assert_true(r.pass);
	assert_int_equal(count(f->l, "SELECT count(*) FROM customer_history "
			       "WHERE customer_id = 'C3'"), 2);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_suggest),
		LEDGER_TEST(t_figures),
		LEDGER_TEST(t_bad),
		LEDGER_TEST(t_override),
		LEDGER_TEST(t_hold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
