/*
 * test_forecast.c - the cash forecast from payment habits, and its
 * back-test, on small ledgers where every figure is worked out by hand.
 * As-of 2026-10-31 unless said; weeks start on as-of (week 2: 11-14).
 * Every payment below is within 90 days of the date of the forecast, so
 * all weigh the same (x4) and a habit is the share of the amounts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/report.h"
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

static void import(struct ar_ledger *l, enum ar_record_type type,
		   const char *text)
{
	struct ar_import_stats s;
	if (!text)
		return;
	fix_import(l, "test_forecast", type, text, NULL, &s);
	assert_int_equal(s.added, s.rows);
}

struct fixture {
	char path[128];
	struct ar_ledger *l;
};

/* A ledger of the texts (NULL: none of that kind); customers on terms 30. */
static struct ar_ledger *ledger(void **state, const char *customers,
				const char *invoices, const char *payments,
				const char *applications, const char *activities)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "%s", new_path("db"));
	assert_int_equal(ar_ledger_open(&f->l, f->path, AR_LEDGER_CREATE, NULL),
			 AR_OK);
	*state = f;
	char c[512] = "customer_id,name,currency,terms\n";
	for (const char *p = customers; *p; p += strcspn(p, " ") + (p[strcspn(p, " ")] != 0)) {
		size_t n = strcspn(p, " ");
		snprintf(c + strlen(c), sizeof(c) - strlen(c), "%.*s,%.*s,USD,30\n",
			 (int)n, p, (int)n, p);
	}
	import(f->l, AR_REC_CUSTOMERS, c);
	import(f->l, AR_REC_INVOICES, invoices);
	import(f->l, AR_REC_PAYMENTS, payments);
	import(f->l, AR_REC_APPLICATIONS, applications);
	import(f->l, AR_REC_ACTIVITIES, activities);
	return f->l;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f) {
		ar_ledger_close(f->l);
		unlink_ledger(f->path);
		free(f);
	}
	return 0;
}

/* The forecast's rows of USD: weeks, later, doubtful. */
struct rows {
	int n;
	int64_t v[16], items[16];
	bool doubtful[16];
};

static ar_status keep(void *ctx, const struct ar_forecast_row *r)
{
	struct rows *x = ctx;
	assert_true(x->n < 16);
	assert_string_equal(r->currency, "USD");
	x->doubtful[x->n] = r->doubtful;
	x->items[x->n] = r->items;
	x->v[x->n++] = r->expected;
	return AR_OK;
}

static struct rows forecast(struct ar_ledger *l, int weeks)
{
	struct ar_report_options o;
	struct rows x = {0};
	ar_report_options_init(&o);
	o.as_of = day("2026-10-31");
	o.weeks = weeks;
	ar_status st = ar_report_forecast(l, &o, keep, &x);
	if (st != AR_OK)
		fail_msg("forecast: %s", ar_ledger_errmsg(l));
	assert_int_equal(x.n, weeks + 2);
	assert_true(x.doubtful[weeks + 1]);
	return x;
}

/* E paid E1..E3 (100.00 each) 5 days before their due dates. */
#define EARLY_INVOICES "invoice_no,customer_id,invoice_date,due_date,amount\n" \
	"E1,E,2026-08-01,2026-08-31,100.00\n" \
	"E2,E,2026-08-15,2026-09-14,100.00\n" \
	"E3,E,2026-09-01,2026-10-01,100.00\n"
#define EARLY_PAYMENTS "payment_no,customer_id,payment_date,amount\n" \
	"EP1,E,2026-08-26,100.00\nEP2,E,2026-09-09,100.00\n" \
	"EP3,E,2026-09-26,100.00\n"
#define EARLY_APPS "payment_no,invoice_no,amount,date\n" \
	"EP1,E1,100.00,2026-08-26\nEP2,E2,100.00,2026-09-09\n" \
	"EP3,E3,100.00,2026-09-26\n"

/*
 * E's habit is exactly 5 days early (its own and the ledger's): E4
 * 250.00 due 11-20 is forecast on 11-15, week 2.  E5 80.00 is disputed
 * whole, E6 70.00 is 214 days past due (over 180): both doubtful.  Then
 * E promises 100.00 for 11-25 (week 3): 100.00 of E4 moves there.
 */
static void t_exact_habit(void **state)
{
	struct ar_ledger *l = ledger(state, "E", EARLY_INVOICES
		"E4,E,2026-10-21,2026-11-20,250.00\n"
		"E5,E,2026-10-21,2026-11-20,80.00\n"
		"E6,E,2026-03-01,2026-03-31,70.00\n",
		EARLY_PAYMENTS, EARLY_APPS,
		"customer_id,date,kind,doc_no,amount\n"
		"E,2026-10-25,dispute,E5,80.00\n");
	struct rows x = forecast(l, 5);
	int64_t want[7] = {0, 0, 25000, 0, 0, 0, 15000};
	for (int k = 0; k < 7; k++)
		assert_int_equal(x.v[k], want[k]);
	assert_int_equal(x.items[2], 1);
	assert_int_equal(x.items[6], 2);

	import(l, AR_REC_ACTIVITIES, "customer_id,date,kind,amount,promise_date\n"
	       "E,2026-10-30,promise,100.00,2026-11-25\n");
	x = forecast(l, 5);
	assert_int_equal(x.v[2], 15000);
	assert_int_equal(x.v[3], 10000);
	assert_int_equal(x.v[6], 15000);

	/* doubtful after 300 days: E6 (214 days past due) is not doubtful
	 * any more and, the oldest, takes 70.00 of the promise first (the
	 * promise leaves it no rest for the habit): week 3 70 + 30 of E4,
	 * week 2 the other 220 of E4; E5 stays doubtful as disputed */
	fix_begin(l, "test_forecast", NULL);
	assert_int_equal(ar_setting_set(l, "forecast.doubtful_days", "300"),
			 AR_OK);
	commit(l);
	x = forecast(l, 5);
	assert_int_equal(x.v[2], 22000);
	assert_int_equal(x.v[3], 10000);
	assert_int_equal(x.v[5], 0);
	assert_int_equal(x.v[6], 8000);
}

/*
 * T paid four items of 100.00: two on their due date, one 25 and one
 * 40 days late.  T7 400.00 due 10-11 is 20 days past due at as-of, past
 * T's usual day: only the tail after day 20 is left, 25 and 40 in equal
 * shares: 200.00 on 11-05 (week 0) and 200.00 on 11-20 (week 2).
 */
static void t_tail(void **state)
{
	struct ar_ledger *l = ledger(state, "T",
		"invoice_no,customer_id,invoice_date,due_date,amount\n"
		"T1,T,2026-07-05,2026-08-04,100.00\n"
		"T2,T,2026-07-15,2026-08-14,100.00\n"
		"T3,T,2026-07-20,2026-08-19,100.00\n"
		"T4,T,2026-07-25,2026-08-24,100.00\n"
		"T7,T,2026-09-11,2026-10-11,400.00\n",
		"payment_no,customer_id,payment_date,amount\n"
		"TP1,T,2026-08-04,100.00\nTP2,T,2026-08-14,100.00\n"
		"TP3,T,2026-09-13,100.00\nTP4,T,2026-10-03,100.00\n",
		"payment_no,invoice_no,amount,date\n"
		"TP1,T1,100.00,2026-08-04\nTP2,T2,100.00,2026-08-14\n"
		"TP3,T3,100.00,2026-09-13\nTP4,T4,100.00,2026-10-03\n", NULL);
	struct rows x = forecast(l, 5);
	int64_t want[7] = {20000, 0, 20000, 0, 0, 0, 0};
	for (int k = 0; k < 7; k++)
		assert_int_equal(x.v[k], want[k]);
	/* a tie: the item counts in the first of its largest shares */
	assert_int_equal(x.items[0], 1);
}

/* P paid P1..P3 (100.00 each) 14 days late; on terms 30 like all. */
#define P_INVOICES "invoice_no,customer_id,invoice_date,due_date,amount\n" \
	"P1,P,2026-08-01,2026-08-31,100.00\n" \
	"P2,P,2026-08-10,2026-09-09,100.00\n" \
	"P3,P,2026-08-20,2026-09-19,100.00\n"
#define P_PAYMENTS "payment_no,customer_id,payment_date,amount\n" \
	"PP1,P,2026-09-14,100.00\nPP2,P,2026-09-23,100.00\n" \
	"PP3,P,2026-10-03,100.00\n"
#define P_APPS "payment_no,invoice_no,amount,date\n" \
	"PP1,P1,100.00,2026-09-14\nPP2,P2,100.00,2026-09-23\n" \
	"PP3,P3,100.00,2026-10-03\n"

/*
 * Shrinkage, 0 and 1 item: S1 paid S1A 100.00 on its due date.  The
 * ledger's habit: 300 at +14, 100 at 0: 0.75 / 0.25.  S1's blend is
 * 1 x own + 3 x ledger: day 0 1 + 0.75 = 1.75, day 14 2.25, of 4: S1B
 * 160.00 due 11-21 (week 3) gives 70.00 there and 90.00 on 12-05 (week
 * 5).  S0 has paid nothing: the ledger's habit alone, S0A 100.00 due
 * 11-07 gives 25.00 in week 1 and 75.00 on 11-21, week 3.
 */
static void t_shrink_few(void **state)
{
	struct ar_ledger *l = ledger(state, "P S1 S0", P_INVOICES
		"S1A,S1,2026-08-15,2026-09-14,100.00\n"
		"S1B,S1,2026-10-22,2026-11-21,160.00\n"
		"S0A,S0,2026-10-08,2026-11-07,100.00\n",
		P_PAYMENTS "S1P,S1,2026-09-14,100.00\n",
		P_APPS "S1P,S1A,100.00,2026-09-14\n", NULL);
	struct rows x = forecast(l, 6);
	int64_t want[8] = {0, 2500, 0, 7000 + 7500, 0, 9000, 0, 0};
	for (int k = 0; k < 8; k++)
		assert_int_equal(x.v[k], want[k]);
}

/*
 * Many items: S9 paid nine of 100.00 on their due dates.  The ledger:
 * 900 at 0, 300 at +14: 0.75 / 0.25.  S9's blend: 9 + 3 x 0.75 = 11.25
 * at 0, 0.75 at 14, of 12: S9X 160.00 due 11-21 gives 150.00 in week 3
 * and 10.00 in week 5.
 */
static void t_shrink_many(void **state)
{
	char inv[2048] = P_INVOICES, pay[2048] = P_PAYMENTS, app[2048] = P_APPS;
	for (int i = 1; i <= 9; i++) {
		snprintf(inv + strlen(inv), sizeof(inv) - strlen(inv),
			 "S9-%d,S9,2026-09-%02d,2026-10-%02d,100.00\n", i, i, i);
		snprintf(pay + strlen(pay), sizeof(pay) - strlen(pay),
			 "S9P%d,S9,2026-10-%02d,100.00\n", i, i);
		snprintf(app + strlen(app), sizeof(app) - strlen(app),
			 "S9P%d,S9-%d,100.00,2026-10-%02d\n", i, i, i);
	}
	strcat(inv, "S9X,S9,2026-10-22,2026-11-21,160.00\n");
	struct ar_ledger *l = ledger(state, "P S9", inv, pay, app, NULL);
	struct rows x = forecast(l, 6);
	int64_t want[8] = {0, 0, 0, 15000, 0, 1000, 0, 0};
	for (int k = 0; k < 8; k++)
		assert_int_equal(x.v[k], want[k]);
}

struct bt {
	int n;
	struct ar_backtest_row r;
	int64_t a[2], f[2], nv[2];
};

static ar_status keep_bt(void *ctx, const struct ar_backtest_row *r)
{
	struct bt *b = ctx;
	b->n++;
	b->r = *r;
	memcpy(b->a, r->week_actual, sizeof(b->a));
	memcpy(b->f, r->week_forecast, sizeof(b->f));
	memcpy(b->nv, r->week_naive, sizeof(b->nv));
	return AR_OK;
}

/*
 * The back-test at the cut-off 09-30 (every month, from = to = 09-30),
 * 2 weeks: E's habit then is 5 days early (E1, E2, paid by 09-30; E3's
 * payment of 09-26 too).  Open at 09-30: X0 50.00 due 09-20 (10 days
 * past due, past every habit: later; naive week 0), X1 100.00 due 10-06
 * (forecast 10-01, week 0), X2 200.00 due 10-12 (forecast 10-07, week
 * 1).  Paid after: X1 on 10-03 (week 0), X0 on 10-09 (week 1), X2 on
 * 10-20 (after the two weeks).  (X1 due 10-05 would be later: its day,
 * the cut-off, is out, as it was not paid by then.)
 *   actual   100, 50      forecast 100, 200      naive 150, 200
 *   wape  = (0 + 150) / 150 = 100.00 %   naive (50 + 150) / 150 = 133.33
 *   bias  = (300 - 150) / 150 = 100.00   naive (350 - 150) / 150 = 133.33
 *   week0 = 0 / 100 = 0.00               naive 50 / 100 = 50.00
 * Every batch was written after 09-30: the ledger as of the cut-off.
 */
static void t_backtest(void **state)
{
	struct ar_ledger *l = ledger(state, "E", EARLY_INVOICES
		"X0,E,2026-08-21,2026-09-20,50.00\n"
		"X1,E,2026-09-06,2026-10-06,100.00\n"
		"X2,E,2026-09-12,2026-10-12,200.00\n",
		EARLY_PAYMENTS "XP1,E,2026-10-03,100.00\n"
		"XP0,E,2026-10-09,50.00\nXP2,E,2026-10-20,200.00\n",
		EARLY_APPS "XP1,X1,100.00,2026-10-03\n"
		"XP0,X0,50.00,2026-10-09\nXP2,X2,200.00,2026-10-20\n", NULL);
	struct ar_report_options o;
	struct bt b = {0};
	ar_report_options_init(&o);
	o.as_of = day("2026-10-31");
	o.from = o.to = day("2026-09-30");
	o.every = 1;
	o.weeks = 2;
	assert_int_equal(ar_report_backtest(l, &o, keep_bt, &b), AR_OK);
	assert_int_equal(b.n, 1);
	assert_int_equal(b.r.cutoff, day("2026-09-30"));
	assert_false(b.r.known_at);
	assert_int_equal(b.a[0], 10000);
	assert_int_equal(b.a[1], 5000);
	assert_int_equal(b.f[0], 10000);
	assert_int_equal(b.f[1], 20000);
	assert_int_equal(b.nv[0], 15000);
	assert_int_equal(b.nv[1], 20000);
	assert_int_equal(b.r.actual, 15000);
	assert_int_equal(b.r.forecast, 30000);
	assert_int_equal(b.r.naive, 35000);
	assert_int_equal(b.r.wape, 10000);
	assert_int_equal(b.r.bias, 10000);
	assert_int_equal(b.r.week0, 0);
	assert_int_equal(b.r.naive_wape, 13333);
	assert_int_equal(b.r.naive_bias, 13333);
	assert_int_equal(b.r.naive_week0, 5000);

	/* quarter ends: 09-30 alone from 08-15 to 11-30; months: 08-31 too */
	ar_date cut[8];
	o.from = day("2026-08-15");
	o.to = day("2026-10-31");
	o.every = 3;
	assert_int_equal(ar_report_backtest_cutoffs(&o, cut, 8), 1);
	assert_int_equal(cut[0], day("2026-09-30"));
	o.every = 1;
	assert_int_equal(ar_report_backtest_cutoffs(&o, cut, 8), 3);
	assert_int_equal(cut[0], day("2026-08-31"));
	o.from = day("2026-11-01");
	assert_int_equal(ar_report_backtest_cutoffs(&o, cut, 8), -1);
}

/*
 * The same ledger with its batches dated as if loaded day by day: the
 * customers and invoices (batches 1, 2) finished on 09-01, the payments
 * and applications (3, 4) on 10-31.  At the cut-off 09-30 the ledger
 * knew no payment: E1..E3 were open, no habit was known, so the forecast
 * is the naive one: E1 (due 08-31), E2 (09-14), X0 (09-20) overdue, E3
 * (10-01) and X1 (10-06) due: week 0 = 100 x 3 + 50 + 100 = 450; X2
 * 200 in week 1.  The cash that came is the same 100, 50 (the
 * applications to E1..E3 are dated before the cut-off): wape = (350 +
 * 150) / 150 = 333.33, bias (650 - 150) / 150 = 333.33, week0 350.00.
 */
static void t_backtest_known_at(void **state)
{
	t_backtest(state);
	struct fixture *f = *state;
	char *err = NULL;
	int rc = sqlite3_exec(ar__db(f->l), "UPDATE batch SET finished = "
		"CASE WHEN id <= 2 THEN '2026-09-01T12:00:00.000000Z' ELSE "
		"'2026-10-31T12:00:00.000000Z' END", NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s", err);
	struct ar_report_options o;
	struct bt b = {0};
	ar_report_options_init(&o);
	o.as_of = day("2026-10-31");
	o.from = o.to = day("2026-09-30");
	o.every = 1;
	o.weeks = 2;
	assert_int_equal(ar_report_backtest(f->l, &o, keep_bt, &b), AR_OK);
	assert_int_equal(b.n, 1);
	assert_true(b.r.known_at);
	assert_int_equal(b.f[0], 45000);
	assert_int_equal(b.f[1], 20000);
	assert_int_equal(b.nv[0], 45000);
	assert_int_equal(b.a[0], 10000);
	assert_int_equal(b.a[1], 5000);
	assert_int_equal(b.r.wape, 33333);
	assert_int_equal(b.r.bias, 33333);
	assert_int_equal(b.r.week0, 35000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(t_exact_habit, teardown),
		cmocka_unit_test_teardown(t_tail, teardown),
		cmocka_unit_test_teardown(t_shrink_few, teardown),
		cmocka_unit_test_teardown(t_shrink_many, teardown),
		cmocka_unit_test_teardown(t_backtest, teardown),
		cmocka_unit_test_teardown(t_backtest_known_at, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
