/*
 * test_terms.c - payment terms with an early-payment discount, due on
 * receipt, and the reasons terms are refused (ar_terms_parse()).  The
 * plain net terms are in test_date.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ar/date.h"

/* Table tests report every wrong answer, then assert there were none. */
static int failures;

/* s gives days, and a discount of rate hundredths of a percent for ddays */
static void gives(const char *s, int days, int rate, int ddays)
{
	struct ar_terms t = {-7, -7, -7};
	const char *why = "unset";
	ar_status st = ar_terms_parse(s, strlen(s), &t, &why);
	if (st != AR_OK || t.days != days || t.discount_rate != rate ||
	    t.discount_days != ddays) {
		print_error("'%s': status %d, %d days, %d/%d; want %d days, "
			    "%d/%d\n", s, (int)st, t.days, t.discount_rate,
			    t.discount_days, days, rate, ddays);
		failures++;
	}
}

/* s is refused, for the reason that begins with why_start */
static void refused(const char *s, const char *why_start)
{
	struct ar_terms t;
	const char *why = NULL;
	ar_status st = ar_terms_parse(s, strlen(s), &t, &why);
	if (st != AR_EINPUT || !why ||
	    strncmp(why, why_start, strlen(why_start)) != 0) {
		print_error("'%s': status %d, '%s'; want AR_EINPUT, '%s...'\n",
			    s, (int)st, why ? why : "(null)", why_start);
		failures++;
	}
}

static void t_due_on_receipt(void **state)
{
	(void)state;
	failures = 0;
	gives("Due on receipt", 0, 0, 0);
	gives("due on receipt", 0, 0, 0);
	gives("DUE ON RECEIPT", 0, 0, 0);
	gives("  Due  on\treceipt ", 0, 0, 0);
	gives("Due upon receipt", 0, 0, 0);
	gives("COD", 0, 0, 0);
	refused("Due on", "not payment terms");
	refused("Due on receipts", "not payment terms");
	refused("Dueon receipt", "not payment terms");
	refused("on receipt", "not payment terms");
	assert_int_equal(failures, 0);
}

static void t_net(void **state)
{
	(void)state;
	failures = 0;
	gives("30", 30, 0, 0);
	gives("NET30", 30, 0, 0);
	gives("Net 30", 30, 0, 0);
	gives("net  45", 45, 0, 0);
	gives("n30", 30, 0, 0);
	gives("N 60", 60, 0, 0);
	gives("n/30", 30, 0, 0);
	gives("Net-10", 10, 0, 0);
	gives("Net 0", 0, 0, 0);
	refused("Net -5", "not payment terms");
	refused("-5", "not payment terms");
	refused("Net 3651", "more than 3650 days");
	refused("3651", "more than 3650 days");
	refused("Net 30 days", "not payment terms");
	refused("Net30x", "not payment terms");
	refused("Nett 30", "not payment terms");
	assert_int_equal(failures, 0);
}

static void t_discount(void **state)
{
	(void)state;
	failures = 0;
	gives("2/10 Net 30", 30, 200, 10);
	gives("2/10 NET30", 30, 200, 10);
	gives("2/10 net 30", 30, 200, 10);
	gives("2/10 N30", 30, 200, 10);
	gives("2/10 n/30", 30, 200, 10);
	gives("2/10, n/30", 30, 200, 10);
	gives("2/10,Net 30", 30, 200, 10);
	gives("1% 10 Net 30", 30, 100, 10);
	gives("1%10 Net 30", 30, 100, 10);
	gives("1%/10 Net 30", 30, 100, 10);
	gives("2 / 10 Net 30", 30, 200, 10);
	gives("1.5/10 Net 30", 30, 150, 10);
	gives("1.25/10 Net 45", 45, 125, 10);
	gives("0.5% 15 Net 60", 60, 50, 15);
	gives(" 3/15 Net 60 ", 60, 300, 15);
	gives("2/30 Net 30", 30, 200, 30);	/* to the due date itself */
	gives("2/0 Net 30", 30, 200, 0);
	gives("99.99/10 Net 30", 30, 9999, 10);
	gives("2/10 Net 3650", 3650, 200, 10);

	refused("2/40 Net 30", "a discount for longer than the net days");
	refused("2/31 N30", "a discount for longer than the net days");
	refused("150/10 Net 30", "a discount of 100% or more");
	refused("100/10 Net 30", "a discount of 100% or more");
	refused("0/10 Net 30", "a discount of 0%");
	refused("0.00/10 Net 30", "a discount of 0%");
	refused("2/10 Net 3651", "more than 3650 days");
	refused("2/10 Net -5", "not payment terms");
	refused("1.555/10 Net 30", "not payment terms");	/* 1/100 % */
	refused("1./10 Net 30", "not payment terms");
	refused("1000/10 Net 30", "not payment terms");
	refused("-2/10 Net 30", "not payment terms");
	refused("2/10 30", "not payment terms");	/* NET needed */
	refused("2/10Net 30", "not payment terms");
	refused("2/10", "not payment terms");
	refused("2/ Net 30", "not payment terms");
	refused("2% Net 30", "not payment terms");
	refused("2/10 Net 30 EOM", "not payment terms");
	refused("2/10/30", "not payment terms");
	assert_int_equal(failures, 0);
}

/* a refusal leaves no half-read terms behind; why may be NULL */
static void t_refusal_clears(void **state)
{
	(void)state;
	struct ar_terms t = {9, 9, 9};
	assert_int_equal(ar_terms_parse("2/40 Net 30", 11, &t, NULL), AR_EINPUT);
	assert_int_equal(t.days, 0);
	assert_int_equal(t.discount_rate, 0);
	assert_int_equal(t.discount_days, 0);
	/* the length is the value: what follows it is not read */
	assert_int_equal(ar_terms_parse("2/10 Net 30x", 11, &t, NULL), AR_OK);
	assert_int_equal(t.days, 30);
	assert_int_equal(t.discount_rate, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_due_on_receipt),
		cmocka_unit_test(t_net),
		cmocka_unit_test(t_discount),
		cmocka_unit_test(t_refusal_clears),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
