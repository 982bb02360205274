/*
 * test_promise.c - promises recorded through the library and decided by
 * the rule of ar-note(1): the grace days (and the setting that sets
 * them), documents, plans, a second evaluation; and the consumer call
 * limits counted from the ledger's activities.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/apply.h"
#include "ar/note.h"
#include "tmpfiles.h"
#include "ledgerfix.h"

static int64_t utc(const char *s)
{
	int64_t t;
	assert_int_equal(ar_time_parse(s, &t), AR_OK);
	return t;
}

static ar_date day(const char *iso)
{
	ar_date d;
	assert_int_equal(ar_date_parse_iso(iso, strlen(iso), &d), AR_OK);
	return d;
}

/*
 * P1..P4 each promise 100.00 on 2026-03-10, made 03-02: P1 pays on
 * 03-13, P2 on 03-14, P3 40.00 on 03-11; P4 promises invoice I-P4A and
 * pays I-P4B (by reference).  P5 a plan of 100.00 in 2 weekly
 * instalments from 03-10, paying 50.00 on 03-09 and nothing more.
 */
static struct ar_ledger *ledger(void)
{
	struct ar_ledger *l = NULL;
	struct ar_import_stats s;
	assert_int_equal(ar_ledger_open(&l, new_path("db"), AR_LEDGER_CREATE,
					NULL), AR_OK);
	fix_import(l, "t", AR_REC_CUSTOMERS, "customer_id,name,kind,timezone\n"
		   "P1,One,,\nP2,Two,,\nP3,Three,,\nP4,Four,,\nP5,Five,,\n"
		   "C1,Consumer,consumer,America/Los_Angeles\n", NULL, &s);
	fix_import(l, "t", AR_REC_INVOICES, "invoice_no,customer_id,"
		   "invoice_date,amount\nI-P1,P1,2026-01-10,100\n"
		   "I-P2,P2,2026-01-10,100\nI-P3,P3,2026-01-10,100\n"
		   "I-P4A,P4,2026-01-10,100\nI-P4B,P4,2026-01-10,100\n"
		   "I-P5,P5,2026-01-10,100\n", NULL, &s);
	fix_import(l, "t", AR_REC_PAYMENTS, "payment_no,customer_id,"
		   "payment_date,amount,reference\n"
		   "Y1,P1,2026-03-13,100,I-P1\nY2,P2,2026-03-14,100,I-P2\n"
		   "Y3,P3,2026-03-11,40,I-P3\nY4,P4,2026-03-12,100,I-P4B\n"
		   "Y5,P5,2026-03-09,50,I-P5\n", NULL, &s);
	struct ar_apply_options ao;
	ar_apply_options_init(&ao);
	ao.as_of = day("2026-03-31");
	fix_begin(l, "t", NULL);
	assert_int_equal(ar_apply_run(l, &ao, NULL, NULL), AR_OK);
	commit(l);

	const char *docs4[] = {"I-P4A"};
	struct ar_note n = {.kind = "promise", .amount = "100",
			    .on = day("2026-03-10"), .at = utc("2026-03-02T15:00Z"),
			    .follow_up = AR_DATE_NONE, .first = AR_DATE_NONE,
			    .collector = "ann"};
	fix_begin(l, "t", NULL);
	const char *ids[] = {"P1", "P2", "P3", "P4"};
	for (int i = 0; i < 4; i++) {
		n.customer_id = ids[i];
		n.docs = i == 3 ? docs4 : NULL;
		n.ndocs = i == 3;
		assert_int_equal(ar_note_record(l, &n, NULL, NULL), AR_OK);
	}
	n = (struct ar_note){.customer_id = "P5", .kind = "plan",
			     .amount = "100", .instalments = 2,
			     .every_days = 7, .first = day("2026-03-10"),
			     .on = AR_DATE_NONE, .follow_up = AR_DATE_NONE,
			     .at = utc("2026-03-02T15:00Z")};
	assert_int_equal(ar_note_record(l, &n, NULL, NULL), AR_OK);
	commit(l);
	return l;
}

struct seen {
	char s[16][48];
	int n;
};

static ar_status on_status(void *ctx, const struct ar_promise_row *r)
{
	struct seen *x = ctx;
	char d[AR_DATE_BUFSZ];
	ar_date_format(d, r->decided);
	if (x->n < 16)
		snprintf(x->s[x->n++], sizeof(x->s[0]), "%s %s %s %lld",
			 r->customer_id, r->status, d, (long long)r->received);
	return AR_OK;
}

static int has(const struct seen *x, const char *want)
{
	for (int i = 0; i < x->n; i++)
		if (strcmp(x->s[i], want) == 0)
			return 1;
	print_error("not among the %d statuses: %s\n", x->n, want);
	return 0;
}

static void evaluate(struct ar_ledger *l, const char *as_of, struct seen *x)
{
	memset(x, 0, sizeof(*x));
	fix_begin(l, "t", NULL);
	assert_int_equal(ar_note_evaluate(l, day(as_of), on_status, x), AR_OK);
	commit(l);
}

static void t_grace(void **state)
{
	(void)state;
	struct ar_ledger *l = ledger();
	struct seen x;
	/* 03-12: P1..P4 in their grace days; P5's first instalment was
	 * kept on 03-09, before its date */
	evaluate(l, "2026-03-12", &x);
	assert_int_equal(x.n, 1);
	assert_true(has(&x, "P5 kept 2026-03-09 5000"));
	evaluate(l, "2026-03-31", &x);
	assert_true(has(&x, "P1 kept 2026-03-13 10000"));	/* last grace day */
	assert_true(has(&x, "P2 broken 2026-03-14 0"));		/* a day late */
	assert_true(has(&x, "P3 partial 2026-03-14 4000"));
	assert_true(has(&x, "P4 broken 2026-03-14 0"));		/* another doc */
	/* the plan: 50.00 of the first 50.00 instalment, then nothing for
	 * the second (due 03-17): broken 03-21 */
	assert_true(has(&x, "P5 broken 2026-03-21 0"));
	assert_int_equal(x.n, 5);
	/* decided once */
	evaluate(l, "2026-04-30", &x);
	assert_int_equal(x.n, 0);
	ar_ledger_close(l);
}

static void t_no_grace(void **state)
{
	(void)state;
	struct ar_ledger *l = ledger();
	struct seen x;
	fix_begin(l, "t", NULL);
	assert_int_equal(ar_setting_set(l, "promise.grace_days", "0"), AR_OK);
	commit(l);
	evaluate(l, "2026-03-31", &x);
	/* no payment by the promise's date counts after it: P1 (paid on
	 * 03-13) and P3 (40.00 on 03-11) are broken on 03-11 */
	assert_true(has(&x, "P1 broken 2026-03-11 0"));
	assert_true(has(&x, "P3 broken 2026-03-11 0"));
	fix_begin(l, "t", NULL);
	assert_int_equal(ar_setting_set(l, "promise.grace_days", "366"), AR_OK);
	assert_int_equal(ar_setting_set(l, "promise.grace_days", "-1"),
			 AR_EUSAGE);
	assert_int_equal(ar_setting_set(l, "company.timezone", "Nowhere/X"),
			 AR_EUSAGE);
	ar_ledger_rollback(l);
	ar_ledger_close(l);
}

static void t_call_limit(void **state)
{
	(void)state;
	struct ar_ledger *l = ledger();
	int64_t id;
	struct ar_contact c;
	assert_int_equal(ar_ledger_customer_find(l, "C1", &id), AR_OK);
	struct ar_note n = {.customer_id = "C1", .kind = "call",
			    .outcome = "no_answer", .on = AR_DATE_NONE,
			    .follow_up = AR_DATE_NONE, .first = AR_DATE_NONE};
	char at[32];
	fix_begin(l, "t", NULL);
	/* 18:00Z is 10:00 PST: 7 attempts on 01-05 .. 01-11 */
	for (int d = 5; d <= 11; d++) {
		snprintf(at, sizeof(at), "2026-01-%02dT18:00Z", d);
		n.at = utc(at);
		assert_int_equal(ar_note_record(l, &n, NULL, NULL), AR_OK);
	}
	n.at = utc("2026-01-11T19:00Z");
	assert_int_equal(ar_note_record(l, &n, NULL, NULL), AR_ECHECK);
	assert_non_null(strstr(ar_ledger_errmsg(l), "at most 7 call attempts"));
	n.override = "customer asked for a call back";
	assert_int_equal(ar_note_record(l, &n, NULL, NULL), AR_OK);
	commit(l);
	assert_int_equal(ar_contact_check(l, id, utc("2026-01-12T18:00Z"),
					  "call", 0, &c), AR_OK);
	/* 01-06 .. 01-11 hold 7 attempts (the override counted): 01-13 */
	assert_false(c.allowed);
	assert_int_equal(c.resume, day("2026-01-13"));
	assert_int_equal(ar_contact_check_day(l, id, day("2026-01-13"), 0, &c),
			 AR_OK);
	assert_true(c.allowed);
	/* an e-mail is not a call */
	assert_int_equal(ar_contact_check(l, id, utc("2026-01-11T19:00Z"),
					  "email", 0, &c), AR_OK);
	assert_true(c.allowed);
	ar_ledger_close(l);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_grace),
		cmocka_unit_test(t_no_grace),
		cmocka_unit_test(t_call_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
