/*
 * test_report.c - the reports of SPEC section 6, ar-report: ratios and
 * their rounding, then every KPI, customer figure, worklist row and
 * forecast week of one small ledger, each worked out by hand below.
 *
 * The ledger (terms 30; as-of 2026-10-31; the KPI period is October,
 * D = 31 days):
 *
 *   K1 USD   I-AUG 3,000.00 dated 08-10 due 09-09, 1,500.00 paid by P1
 *            on 10-20; I-SEP 2,000.00 dated 09-15 due 10-15, 500.00 of
 *            it disputed from 10-16; I-SEP3 200.00 dated 09-20 due 10-20
 *            paid by P3 on 10-15; I-OCT 1,000.00 dated 10-05 due 11-04.
 *            Promised 300.00 on 10-01 for 10-10 and paid nothing then:
 *            broken.
 *   K2 USD   I-JUL 400.00 dated 07-01 due 07-31, written off 10-10;
 *            I-SEP2 600.00 dated 09-01 due 10-01 paid by P2 on 10-11;
 *            I-OCT2 500.00 dated 10-02 due 10-12 paid by P4 on 10-22.
 *            Promised 600.00 on 10-05 for 10-11 and paid it: kept.
 *   H  EUR   H1, H2, H3 100.00 each, each paid 20 days after its due
 *            date (07-21, 08-20, 09-20); H4 300.00 dated 10-11 due
 *            11-10; HP 40.00 paid 10-28 left unapplied.
 *   K3 EUR   contact=cease; Z1 50.00 dated 08-01 due 08-31, unpaid.
 *
 * USD KPIs for October:
 *   begin_ar   = debits dated by 09-30: 400 + 3,000 + 600 + 2,000 + 200
 *              = 6,200.00 (no credits yet)
 *   credit_sales = I-OCT2 + I-OCT = 1,500.00
 *   collections  = 600 + 200 + 1,500 + 500 = 2,800.00
 *   writeoffs    = 400.00; recoveries 0
 *   end_ar       = 6,200 + 1,500 - 2,800 - 400 = 4,500.00
 *                  (open: I-AUG 1,500 + I-SEP 2,000 + I-OCT 1,000)
 *   end_current_ar = I-OCT (due 11-04) = 1,000.00
 *   dso  = 4,500 / 1,500 x 31 = 93.00
 *   best = 1,000 / 1,500 x 31 = 20.666.. = 20.67
 *   add  = 3,500 / 1,500 x 31 = 72.333.. = 72.33
 *   cei  = (6,200 + 1,500 - 4,500) / (6,200 + 1,500 - 1,000) x 100
 *        = 3,200 / 6,700 x 100 = 47.761.. = 47.76
 *   countback: 4,500 - October's 1,500 (31 days) = 3,000;
 *        - September's 2,800 (30 days) = 200; August sold 3,000 in 31
 *        days: 200 / 3,000 x 31 = 2.066..; 31 + 30 + 2.07 = 63.07
 *   paid in October (I-JUL closed by a write-off is not paid):
 *        I-SEP2 closed 10-11: 40 days, 10 late; I-SEP3 closed 10-15:
 *        25 days, 0 late; I-OCT2 closed 10-22: 20 days, 10 late
 *   avg_days_to_pay = (40 + 25 + 20) / 3 = 28.333.. = 28.33
 *   weighted_days_late = (600 x 10 + 200 x 0 + 500 x 10) / 1,300
 *        = 8.4615.. = 8.46
 *   pct_current = 1,000 / 4,500 x 100 = 22.22; pct_over_90 = 0.00
 *   bad_debt_ratio = 400 / 1,500 = 0.26666.. = 0.2667
 *   unapplied 0.00, disputed 500.00, broken_promises 1
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
#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"
#include "tmpfiles.h"
#include "ledgerfix.h"

static ar_date day(const char *iso)
{
	ar_date d = AR_DATE_NONE;
	if (ar_date_parse_iso(iso, strlen(iso), &d) != AR_OK)
		fail_msg("bad date in a test: %s", iso);
	return d;
}

/* ------------------------------------------------------------------ */
/* Ratios */

static void t_ratio(void **state)
{
	(void)state;
	assert_int_equal(ar_ratio(1, 1, 8, 2), 13);	/* 0.125 up */
	assert_int_equal(ar_ratio(-1, 1, 8, 2), -13);	/* away from zero */
	assert_int_equal(ar_ratio(1, 1, 3, 2), 33);
	assert_int_equal(ar_ratio(2, 1, 3, 2), 67);
	assert_int_equal(ar_ratio(450000, 31, 150000, 2), 9300);
	assert_int_equal(ar_ratio(40000, 1, 150000, 4), 2667);
	assert_true(ar_ratio(5, 1, 0, 2) == AR_RATIO_NONE);
	assert_true(ar_ratio(0, 1, 0, 2) == AR_RATIO_NONE);
	assert_int_equal(ar_ratio(0, 100, 7, 2), 0);
	/* beyond 64 bits on the way, exact all the same */
	assert_int_equal(ar_ratio(INT64_MAX, 100, INT64_MAX, 2), 10000);
	assert_true(ar_ratio(INT64_MAX, 1000, 1, 2) == AR_RATIO_NONE);
}

static void t_period(void **state)
{
	struct ar_report_options o;
	ar_date from, to;
	(void)state;
	ar_report_options_init(&o);
	o.as_of = day("2026-10-17");
	assert_int_equal(ar_report_period(&o, &from, &to), AR_OK);
	assert_int_equal(from, day("2026-10-01"));
	assert_int_equal(to, day("2026-10-17"));
	o.from = day("2026-09-01");
	o.to = day("2026-09-30");
	assert_int_equal(ar_report_period(&o, &from, &to), AR_OK);
	assert_int_equal(from, day("2026-09-01"));
	o.to = day("2026-10-18");	/* after as-of */
	assert_int_equal(ar_report_period(&o, &from, &to), AR_EUSAGE);
	o.to = day("2026-08-31");	/* before from */
	assert_int_equal(ar_report_period(&o, &from, &to), AR_EUSAGE);
}

static void t_columns(void **state)
{
	struct ar_column c[64];
	(void)state;
	assert_int_equal(ar_report_columns("kpi", false, c, 64), 5 + AR_KPI_N);
	assert_string_equal(c[4 + AR_KPI_N].name, "cei_avg");
	assert_string_equal(c[4].name, "credit_sales");
	assert_string_equal(c[4 + AR_KPI_N - 1].name, "broken_promises");
	assert_int_equal(ar_report_columns("kpi", true, c, 64), 4);
	assert_string_equal(c[3].name, "formula");
	assert_int_equal(ar_report_columns("worklist", false, c, 64), 13);
	assert_string_equal(c[11].name, "reason");
	assert_int_equal(ar_report_columns("customers", false, c, 64), 17);
	assert_string_equal(c[15].name, "dso");
	assert_string_equal(c[16].name, "kind");
	assert_int_equal(ar_report_columns("backtest", false, c, 64), 13);
	assert_int_equal(ar_report_columns("nonesuch", false, c, 64), 0);
	assert_int_equal(ar_report_columns("kpi", false, c, 5), 0);
	for (int i = 0; i < AR_KPI_N; i++)
		assert_non_null(ar_kpi_defs[i].formula);
}

/* ------------------------------------------------------------------ */
/* The ledger */

static void begin(struct ar_ledger *l)
{
	fix_begin(l, "test_report", NULL);
}

static void import(struct ar_ledger *l, enum ar_record_type type,
		   const char *text)
{
	struct ar_import_stats s;
	fix_import(l, "test_report", type, text, NULL, &s);
	assert_int_equal(s.added, s.rows);
}

static int64_t doc_id(struct ar_ledger *l, const char *no)
{
	sqlite3_stmt *s;
	int64_t id = -1;
	sqlite3_prepare_v2(ar__db(l), "SELECT id FROM document WHERE doc_no = ?",
			   -1, &s, NULL);
	sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

/* The ledger's last batch. */
static int64_t last_batch(struct ar_ledger *l)
{
	sqlite3_stmt *s;
	int64_t id = -1;
	sqlite3_prepare_v2(ar__db(l), "SELECT max(id) FROM batch", -1, &s, NULL);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

struct fixture {
	char path[128];
	struct ar_ledger *l;
};

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
	struct ar_ledger *l = f->l;
	import(l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency,terms,credit_limit,phone,contact\n"
	       "K1,Kilo One,USD,30,5000.00,555-0101,ok\n"
	       "K2,Kilo Two,USD,30,,555-0102,ok\n"
	       "H,Habit GmbH,EUR,30,1000.00,,ok\n"
	       "K3,Kilo Three,EUR,30,,,cease\n");
	import(l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "I-JUL,K2,2026-07-01,2026-07-31,400.00,USD\n"
	       "I-AUG,K1,2026-08-10,2026-09-09,3000.00,USD\n"
	       "I-SEP2,K2,2026-09-01,2026-10-01,600.00,USD\n"
	       "I-SEP,K1,2026-09-15,2026-10-15,2000.00,USD\n"
	       "I-SEP3,K1,2026-09-20,2026-10-20,200.00,USD\n"
	       "I-OCT2,K2,2026-10-02,2026-10-12,500.00,USD\n"
	       "I-OCT,K1,2026-10-05,2026-11-04,1000.00,USD\n"
	       "H1,H,2026-06-01,2026-07-01,100.00,EUR\n"
	       "H2,H,2026-07-01,2026-07-31,100.00,EUR\n"
	       "H3,H,2026-08-01,2026-08-31,100.00,EUR\n"
	       "H4,H,2026-10-11,2026-11-10,300.00,EUR\n"
	       "Z1,K3,2026-08-01,2026-08-31,50.00,EUR\n");
	import(l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency\n"
	       "HP1,H,2026-07-21,100.00,EUR\n"
	       "HP2,H,2026-08-20,100.00,EUR\n"
	       "HP3,H,2026-09-20,100.00,EUR\n"
	       "P2,K2,2026-10-11,600.00,USD\n"
	       "P3,K1,2026-10-15,200.00,USD\n"
	       "P1,K1,2026-10-20,1500.00,USD\n"
	       "P4,K2,2026-10-22,500.00,USD\n"
	       "HP,H,2026-10-28,40.00,EUR\n");
	import(l, AR_REC_APPLICATIONS,
	       "payment_no,invoice_no,amount,date\n"
	       "HP1,H1,100.00,2026-07-21\n"
	       "HP2,H2,100.00,2026-08-20\n"
	       "HP3,H3,100.00,2026-09-20\n"
	       "P2,I-SEP2,600.00,2026-10-11\n"
	       "P3,I-SEP3,200.00,2026-10-15\n"
	       "P1,I-AUG,1500.00,2026-10-20\n"
	       "P4,I-OCT2,500.00,2026-10-22\n");
	import(l, AR_REC_ACTIVITIES,
	       "customer_id,date,kind,doc_no,amount,promise_date\n"
	       "K1,2026-10-01,promise,,300.00,2026-10-10\n"
	       "K2,2026-10-05,promise,,600.00,2026-10-11\n"
	       "K1,2026-10-16,dispute,I-SEP,500.00,\n");
	begin(l);
	if (ar__post_writeoff(l, NULL, doc_id(l, "I-JUL"), 40000, day("2026-10-10"),
			      "bad_debt", NULL, NULL) != AR_OK)
		fail_msg("writeoff: %s", ar_ledger_errmsg(l));
	commit(l);
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

/* ------------------------------------------------------------------ */
/* KPIs */

struct kpis {
	int n;
	struct ar_kpi k[4];
};

static ar_status keep_kpi(void *ctx, const struct ar_kpi *k)
{
	struct kpis *ks = ctx;
	assert_true(ks->n < 4);
	ks->k[ks->n++] = *k;
	return AR_OK;
}

static const struct ar_kpi *kpi_of(const struct kpis *ks, const char *cur)
{
	for (int i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i].currency, cur) == 0)
			return &ks->k[i];
	fail_msg("no KPIs in %s", cur);
	return NULL;
}

static void options(struct ar_report_options *o, const char *as_of)
{
	ar_report_options_init(o);
	o->as_of = day(as_of);
}

static void t_kpi(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct kpis ks = {0};
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(ks.n, 2);
	assert_string_equal(ks.k[0].currency, "EUR");	/* code order */
	const struct ar_kpi *k = kpi_of(&ks, "USD");
	const int64_t *v = k->v;
	assert_int_equal(k->days, 31);
	assert_int_equal(k->from, day("2026-10-01"));
	assert_int_equal(v[AR_KPI_CREDIT_SALES], 150000);
	assert_int_equal(v[AR_KPI_COLLECTIONS], 280000);
	assert_int_equal(v[AR_KPI_BEGIN_AR], 620000);
	assert_int_equal(v[AR_KPI_END_AR], 450000);
	assert_int_equal(v[AR_KPI_END_CURRENT_AR], 100000);
	assert_int_equal(v[AR_KPI_DSO], 9300);
	assert_int_equal(v[AR_KPI_BEST_POSSIBLE_DSO], 2067);
	assert_int_equal(v[AR_KPI_ADD], 7233);
	assert_int_equal(v[AR_KPI_CEI], 4776);
	assert_int_equal(v[AR_KPI_DSO_COUNTBACK], 6307);
	assert_int_equal(k->invoices_paid, 3);
	assert_int_equal(v[AR_KPI_AVG_DAYS_TO_PAY], 2833);
	assert_int_equal(v[AR_KPI_WEIGHTED_DAYS_LATE], 846);
	assert_int_equal(v[AR_KPI_PCT_CURRENT], 2222);
	assert_int_equal(v[AR_KPI_PCT_OVER_90], 0);
	assert_int_equal(v[AR_KPI_WRITEOFFS], 40000);
	assert_int_equal(v[AR_KPI_RECOVERIES], 0);
	assert_int_equal(v[AR_KPI_BAD_DEBT_RATIO], 2667);
	assert_int_equal(v[AR_KPI_UNAPPLIED], 0);
	assert_int_equal(v[AR_KPI_DISPUTED], 50000);
	assert_int_equal(v[AR_KPI_BROKEN_PROMISES], 1);
	/* the aging at the end: current 1,000; 1-30 I-SEP 2,000 (16 days);
	 * 31-60 I-AUG 1,500 (52 days) */
	assert_int_equal(k->aging[0], 100000);
	assert_int_equal(k->aging[1], 200000);
	assert_int_equal(k->aging[2], 150000);
	assert_int_equal(k->aging[3], 0);

	/* EUR: H1-H3 paid 20 days late, 20 / 20 / 20; H4 and Z1 open, HP
	 * unapplied: end_ar = 300 + 50 - 40 = 310.00; October sold H4 only */
	k = kpi_of(&ks, "EUR");
	assert_int_equal(k->v[AR_KPI_END_AR], 31000);
	assert_int_equal(k->v[AR_KPI_UNAPPLIED], -4000);
	assert_int_equal(k->v[AR_KPI_CREDIT_SALES], 30000);
	/* 310 / 300 x 31 = 32.033.. */
	assert_int_equal(k->v[AR_KPI_DSO], 3203);
	/* nothing paid in October: the averages are empty, not 0 */
	assert_true(k->v[AR_KPI_AVG_DAYS_TO_PAY] == AR_RATIO_NONE);
	assert_true(k->v[AR_KPI_WEIGHTED_DAYS_LATE] == AR_RATIO_NONE);
}

/* One day with no sales: every ratio over credit_sales is empty. */
static void t_kpi_zero_sales(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct kpis ks = {0};
	options(&o, "2026-10-31");
	o.from = day("2026-10-31");
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	const struct ar_kpi *k = kpi_of(&ks, "USD");
	assert_int_equal(k->days, 1);
	assert_int_equal(k->v[AR_KPI_CREDIT_SALES], 0);
	assert_true(k->v[AR_KPI_DSO] == AR_RATIO_NONE);
	assert_true(k->v[AR_KPI_BEST_POSSIBLE_DSO] == AR_RATIO_NONE);
	assert_true(k->v[AR_KPI_ADD] == AR_RATIO_NONE);
	assert_true(k->v[AR_KPI_BAD_DEBT_RATIO] == AR_RATIO_NONE);
	assert_true(k->v[AR_KPI_AVG_DAYS_TO_PAY] == AR_RATIO_NONE);
	/* cei: begin 4,500 (the day before), end 4,500: 0 / 3,500 = 0.00 */
	assert_int_equal(k->v[AR_KPI_BEGIN_AR], 450000);
	assert_int_equal(k->v[AR_KPI_CEI], 0);
	/* countback: 31 October sold 0, the rest of October 1,500 ... is
	 * the same walk as a month: 31 + 30 + 2.07 */
	assert_int_equal(k->v[AR_KPI_DSO_COUNTBACK], 6307);
}

/* September: I-SEP2, I-SEP, I-SEP3 sold (2,800.00); nothing paid yet. */
static void t_kpi_september(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct kpis ks = {0};
	options(&o, "2026-10-31");
	o.from = day("2026-09-01");
	o.to = day("2026-09-30");
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	const struct ar_kpi *k = kpi_of(&ks, "USD");
	assert_int_equal(k->v[AR_KPI_CREDIT_SALES], 280000);
	assert_int_equal(k->v[AR_KPI_BEGIN_AR], 340000);
	assert_int_equal(k->v[AR_KPI_END_AR], 620000);
	/* not past due on 09-30: I-SEP2 (10-01), I-SEP, I-SEP3 = 2,800 */
	assert_int_equal(k->v[AR_KPI_END_CURRENT_AR], 280000);
	/* cei = (3,400 + 2,800 - 6,200) / (3,400 + 2,800 - 2,800) = 0 */
	assert_int_equal(k->v[AR_KPI_CEI], 0);
	/* over 90 on 09-30: I-JUL is 61 days; none */
	assert_int_equal(k->v[AR_KPI_PCT_OVER_90], 0);
	assert_int_equal(k->v[AR_KPI_COLLECTIONS], 0);
	assert_int_equal(k->v[AR_KPI_BROKEN_PROMISES], 0);
}

static void t_trend(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct kpis ks = {0};
	options(&o, "2026-10-31");
	o.months = 2;
	/* two months, two currencies each: only room for 4 */
	assert_int_equal(ar_report_trend(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(ks.n, 4);
	assert_int_equal(ks.k[1].from, day("2026-09-01"));
	assert_string_equal(ks.k[1].currency, "USD");
	assert_int_equal(ks.k[1].v[AR_KPI_END_AR], 620000);
	assert_int_equal(ks.k[3].v[AR_KPI_DSO], 9300);
}

/* ------------------------------------------------------------------ */
/* Customers, worklist, forecast, unapplied */

struct crow {
	char id[8], cur[4], grade;
	int64_t paid, avg_pay, avg_late, wdl, pct_late, balance, overdue;
	int64_t limit, util, trend;
	int64_t dso;
};

struct crows {
	int n;
	struct crow r[8];
};

static ar_status keep_customer(void *ctx, const struct ar_customer_row *r)
{
	struct crows *cs = ctx;
	assert_true(cs->n < 8);
	struct crow *c = &cs->r[cs->n++];
	snprintf(c->id, sizeof(c->id), "%s", r->customer_id);
	memcpy(c->cur, r->currency, 4);
	c->grade = r->grade;
	c->paid = r->invoices_paid;
	c->avg_pay = r->avg_days_to_pay;
	c->avg_late = r->avg_days_late;
	c->wdl = r->weighted_days_late;
	c->pct_late = r->pct_paid_late;
	c->balance = r->balance;
	c->overdue = r->overdue;
	c->limit = r->credit_limit;
	c->util = r->utilization;
	c->trend = r->late_trend;
	c->dso = r->dso;
	return AR_OK;
}

/*
 * Customers as of 10-31 (paid items of the 365 days before):
 *   H   3 paid, 20 days late each, taking 50 days (30 terms + 20):
 *       avg 50.00, late 20.00, weighted 20.00, 100.00% late; balance
 *       300 - 40 = 260.00 of a 1,000.00 limit: 26.00%; H4 not due:
 *       oldest 0: grade C (w 20 <= 30); trend: recent 90 days (from
 *       08-03) H2 and H3, 20; the 90 before: H1, 20: 0.00
 *   K1  1 paid (I-SEP3, 25 days, on time); balance 4,500.00, overdue
 *       3,500.00; oldest I-AUG 52 days: grade B; 90.00% of 5,000.00
 *   K2  2 paid (I-SEP2 40 days, 10 late; I-OCT2 20 days, 10 late);
 *       I-JUL written off, not paid; balance 0: grade B (w 10 > 5)
 *   K3  nothing paid, Z1 61 days past due: grade C (w 0, d 61 <= 90)
 */
static void t_customers(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct crows cs = {0};
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_customers(f->l, &o, keep_customer, &cs), AR_OK);
	assert_int_equal(cs.n, 4);
	struct crow *h = &cs.r[0], *k1 = &cs.r[1], *k2 = &cs.r[2], *k3 = &cs.r[3];
	assert_string_equal(h->id, "H");
	assert_int_equal(h->paid, 3);
	assert_int_equal(h->avg_pay, 5000);
	assert_int_equal(h->avg_late, 2000);
	assert_int_equal(h->wdl, 2000);
	assert_int_equal(h->pct_late, 10000);
	assert_int_equal(h->balance, 26000);
	assert_int_equal(h->util, 2600);
	assert_int_equal(h->trend, 0);
	assert_int_equal(h->grade, 'C');
	assert_string_equal(k1->id, "K1");
	assert_int_equal(k1->paid, 1);
	assert_int_equal(k1->avg_pay, 2500);
	assert_int_equal(k1->wdl, 0);
	assert_int_equal(k1->balance, 450000);
	assert_int_equal(k1->overdue, 350000);
	assert_int_equal(k1->util, 9000);
	assert_int_equal(k1->grade, 'B');
	assert_true(k1->trend == AR_RATIO_NONE);	/* nothing before */
	assert_string_equal(k2->id, "K2");
	assert_int_equal(k2->paid, 2);
	assert_int_equal(k2->avg_pay, 3000);
	assert_int_equal(k2->wdl, 1000);
	assert_int_equal(k2->balance, 0);
	assert_true(k2->util == AR_RATIO_NONE);		/* no limit */
	assert_int_equal(k2->grade, 'B');
	assert_string_equal(k3->id, "K3");
	assert_int_equal(k3->paid, 0);
	assert_true(k3->avg_pay == AR_RATIO_NONE);
	assert_int_equal(k3->grade, 'C');
	/* dso: H 260 / 600 invoiced x 152 days from 06-01 = 65.87; K1
	 * 4,500 / 6,200 x 82 days from 08-10 = 59.52; K2 0; K3 50 / 50 x
	 * 91 days from 08-01 = 91.00 */
	assert_int_equal(h->dso, 6587);
	assert_int_equal(k1->dso, 5952);
	assert_int_equal(k2->dso, 0);
	assert_int_equal(k3->dso, 9100);
}

static ar_status no_week(void *ctx, const struct ar_forecast_row *r)
{
	(void)ctx;
	(void)r;
	return AR_OK;
}

/*
 * The customers report given the paid items the forecast read in its
 * pass (the workbook's way): the same rows as its own reading.  When
 * another connection writes the ledger after the pass began, it reads
 * them again: P5 pays K3's Z1 on 10-30, and the rows are those of a
 * report run after it, Z1 among K3's paid items.
 */
static void t_customers_from_forecast(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct crows own = {0}, tee = {0};
	struct ar__fc_tee pt = {.paid = ar__cust_paid_on};
	struct ar__cust_paid *pre;
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_customers(f->l, &o, keep_customer, &own),
			 AR_OK);
	assert_int_equal(ar__cust_paid_new(f->l, &o, &pre), AR_OK);
	pt.paid_ctx = pre;
	assert_int_equal(ar__report_forecast_tee(f->l, &o, no_week, NULL,
						 &pt), AR_OK);
	ar__cust_paid_seal(pre);
	assert_int_equal(ar__report_customers_with(f->l, &o, pre,
						   keep_customer, &tee), AR_OK);
	ar__cust_paid_free(pre);
	assert_int_equal(tee.n, own.n);
	assert_memory_equal(tee.r, own.r, sizeof(own.r));

	/* written by another connection between the pass and the report */
	struct ar_ledger *other;
	memset(&tee, 0, sizeof(tee));
	memset(&own, 0, sizeof(own));
	assert_int_equal(ar__cust_paid_new(f->l, &o, &pre), AR_OK);
	pt.paid_ctx = pre;
	assert_int_equal(ar__report_forecast_tee(f->l, &o, no_week, NULL,
						 &pt), AR_OK);
	ar__cust_paid_seal(pre);
	assert_int_equal(ar_ledger_open(&other, f->path, 0, NULL), AR_OK);
	import(other, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency\n"
	       "P5,K3,2026-10-30,50.00,EUR\n");
	import(other, AR_REC_APPLICATIONS,
	       "payment_no,invoice_no,amount,date\n"
	       "P5,Z1,50.00,2026-10-30\n");
	ar_ledger_close(other);
	assert_int_equal(ar__report_customers_with(f->l, &o, pre,
						   keep_customer, &tee), AR_OK);
	ar__cust_paid_free(pre);
	assert_int_equal(ar_report_customers(f->l, &o, keep_customer, &own),
			 AR_OK);
	assert_int_equal(tee.n, 4);
	assert_string_equal(tee.r[3].id, "K3");
	assert_int_equal(tee.r[3].paid, 1);
	assert_memory_equal(tee.r, own.r, sizeof(own.r));
}

/*
 * The customer's dso on a ledger of one customer, C: 100.00 paid on
 * account on 01-05, C1 1,000.00 invoiced 01-10, C2 500.00 02-09.
 *   01-05: balance -100, nothing invoiced: 0.00
 *   01-10: 900 / 1,000 x 0 days: 0.00
 *   02-09: 1,400 / 1,500 x 30 days = 28.00
 *   03-11: 1,400 / 1,500 x 60 days = 56.00
 */
static int setup_one(void **state)
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
	import(f->l, AR_REC_CUSTOMERS, "customer_id,name,currency\n"
	       "C,Card Co,USD\n");
	import(f->l, AR_REC_INVOICES, "invoice_no,customer_id,invoice_date,"
	       "due_date,amount\nC1,C,2026-01-10,2026-02-09,1000.00\n"
	       "C2,C,2026-02-09,2026-03-11,500.00\n");
	import(f->l, AR_REC_PAYMENTS, "payment_no,customer_id,payment_date,"
	       "amount\nCP,C,2026-01-05,100.00\n");
	*state = f;
	return 0;
}

static void t_customer_dso(void **state)
{
	struct fixture *f = *state;
	static const char *const at[] = {"2026-01-05", "2026-01-10",
					 "2026-02-09", "2026-03-11"};
	static const int64_t want[] = {0, 0, 2800, 5600};
	for (int i = 0; i < 4; i++) {
		struct ar_report_options o;
		struct crows cs = {0};
		options(&o, at[i]);
		assert_int_equal(ar_report_customers(f->l, &o, keep_customer,
						     &cs), AR_OK);
		assert_int_equal(cs.n, 1);
		assert_int_equal(cs.r[0].dso, want[i]);
	}
}

/*
 * cei_avg over 3 months to October (the trend's months, each worked out
 * as the KPIs are):
 *   USD  August: begin 400 (I-JUL), sales 3,000, end 3,400, current
 *        3,000: 0 / 400 = 0.00; September: begin 3,400, sales 2,800,
 *        end 6,200, current 2,800: 0 / 3,400 = 0.00; October 47.76:
 *        mean 15.92
 *   EUR  August: begin 100 (H2), sales 150, end 150, current 150: 100 /
 *        100 = 100.00; September: begin 150, sales 0, end 50 (Z1),
 *        current 0: 100 / 150 = 66.67; October 240 / 300 = 80.00: mean
 *        246.67 / 3 = 82.22
 * Countback by 30-day months: USD 4,500 - 1,500 (30) - 2,800 (30), 200
 * of August's 3,000 x 30 = 2.00: 62.00 (63.07 by calendar days).
 */
static void t_kpi_cei_avg_countback(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct kpis ks = {0};
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_true(kpi_of(&ks, "USD")->cei_avg == AR_RATIO_NONE);
	assert_int_equal(kpi_of(&ks, "USD")->cei_months, 0);
	memset(&ks, 0, sizeof(ks));
	o.cei_months = 3;
	o.countback_30 = true;
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(kpi_of(&ks, "USD")->cei_avg, 1592);
	assert_int_equal(kpi_of(&ks, "USD")->v[AR_KPI_CEI], 4776);
	assert_int_equal(kpi_of(&ks, "EUR")->cei_avg, 8222);
	assert_int_equal(kpi_of(&ks, "USD")->v[AR_KPI_DSO_COUNTBACK], 6200);
	/* one month: its own cei */
	memset(&ks, 0, sizeof(ks));
	o.cei_months = 1;
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(kpi_of(&ks, "USD")->cei_avg, 4776);
}

struct wrows {
	int n;
	char id[4][8];
	int score[4];
	char reason[4][256];
};

static ar_status keep_work(void *ctx, const struct ar_worklist_row *r)
{
	struct wrows *w = ctx;
	assert_true(w->n < 4);
	assert_int_equal(r->rank, w->n + 1);
	snprintf(w->id[w->n], 8, "%s", r->customer_id);
	snprintf(w->reason[w->n], 256, "%s", r->reason);
	w->score[w->n++] = r->score;
	return AR_OK;
}

/*
 * Worklist as of 10-31: K1 only.  K2 and H owe nothing past due; K3 has
 * contact=cease.  K1: 3,500.00 overdue (3 points), oldest 52 days (17),
 * one broken promise (40), no follow-up, never called (20): 80.
 * As of 10-04, K1's promise for 10-10 is not yet due: K1 is left out;
 * K2 (promising only on 10-05) owes I-JUL (65 days) and I-SEP2 (3 days),
 * 1,000.00: 1 + 21 + 0 + 0 + 20 = 42.
 */
static void t_worklist(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct wrows w = {0};
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_worklist(f->l, &o, keep_work, &w), AR_OK);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.id[0], "K1");
	assert_int_equal(w.score[0], 80);
	assert_string_equal(w.reason[0], "broken promise 2026-10-10; oldest "
			    "item 52 days past due; never contacted");
	memset(&w, 0, sizeof(w));
	options(&o, "2026-10-04");
	assert_int_equal(ar_report_worklist(f->l, &o, keep_work, &w), AR_OK);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.id[0], "K2");
	assert_int_equal(w.score[0], 42);
}

struct frows {
	int n;
	struct ar_forecast_row r[40];
};

static ar_status keep_week(void *ctx, const struct ar_forecast_row *r)
{
	struct frows *fr = ctx;
	assert_true(fr->n < 40);
	fr->r[fr->n++] = *r;
	return AR_OK;
}

/*
 * Forecast from 10-31, 5 weeks (forecast.c; test_forecast.c has the
 * model's cases).  Habits of the 365 days, days from due date to
 * payment: USD on terms 30 (I-SEP2 600 at +10, I-SEP3 200 at -5): 0.75
 * / 0.25; K1's own: I-SEP3, -5, one item; EUR on terms 30: H1..H3 all
 * at +20, H's own the same.
 *   USD  I-AUG 1,500 due 09-09, 52 days past due: past every habit
 *        (the latest is +10): later
 *        I-SEP 2,000 due 10-15: 500 disputed: doubtful; 1,500 16 days
 *        past due, past every habit: later
 *        I-OCT 1,000 due 11-04, 4 days before: only +10 is left (-5 is
 *        before as-of): 11-14, week 2
 *   EUR  H4 300 due 11-10 + 20 = 11-30, day 30: week 4 (11-28)
 *        Z1 50 (K3, nothing paid: the ledger's +20) due 08-31, 61 days
 *        past due: later
 */
static void t_forecast(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct frows fr = {0};
	options(&o, "2026-10-31");
	o.weeks = 5;
	assert_int_equal(ar_report_forecast(f->l, &o, keep_week, &fr), AR_OK);
	assert_int_equal(fr.n, 14);	/* 2 currencies x (5 weeks + 2) */
	assert_string_equal(fr.r[0].currency, "EUR");
	assert_int_equal(fr.r[0].week_start, day("2026-10-31"));
	assert_int_equal(fr.r[0].expected, 0);
	assert_int_equal(fr.r[4].week_start, day("2026-11-28"));
	assert_int_equal(fr.r[4].expected, 30000);
	assert_int_equal(fr.r[4].items, 1);
	assert_true(fr.r[5].week_start == AR_DATE_NONE && !fr.r[5].doubtful);
	assert_int_equal(fr.r[5].expected, 5000);
	assert_true(fr.r[6].doubtful);
	assert_int_equal(fr.r[6].expected, 0);
	assert_string_equal(fr.r[7].currency, "USD");
	assert_int_equal(fr.r[7].expected, 0);
	assert_int_equal(fr.r[9].week_start, day("2026-11-14"));
	assert_int_equal(fr.r[9].expected, 100000);
	assert_int_equal(fr.r[9].items, 1);
	assert_int_equal(fr.r[12].expected, 300000);
	assert_int_equal(fr.r[12].items, 2);
	assert_int_equal(fr.r[13].expected, 50000);
	assert_int_equal(fr.r[13].items, 0);
	/* one week: I-OCT falls later */
	memset(&fr, 0, sizeof(fr));
	o.weeks = 1;
	assert_int_equal(ar_report_forecast(f->l, &o, keep_week, &fr), AR_OK);
	assert_int_equal(fr.n, 6);
	assert_int_equal(fr.r[4].expected, 400000);
	o.weeks = 0;
	assert_int_equal(ar_report_forecast(f->l, &o, keep_week, &fr), AR_EUSAGE);
}

/* The items of an aging, as text: what the detail says of each. */
struct items {
	int n;
	char line[32][160];
};

static ar_status keep_item(void *ctx, const struct ar_age_item *i)
{
	struct items *it = ctx;
	assert_true(it->n < 32);
	snprintf(it->line[it->n++], sizeof(it->line[0]),
		 "%s %s %s %d %d %d %d %lld %lld %lld %s", i->customer_id,
		 i->doc_type, i->doc_no, i->doc_date, i->due_date, i->days,
		 i->bucket, (long long)i->amount, (long long)i->open_amount,
		 (long long)i->disputed, i->currency);
	return AR_OK;
}

/*
 * The forecast handing its aging's items to a tee (the workbook's Detail
 * written in the forecast's pass): the same forecast as without; the
 * items, aged by the tee's buckets, the same as the aging's detail by
 * them.  Buckets other than the forecast's own and by document date.
 */
static void t_forecast_item_tee(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct frows own = {0}, teed = {0};
	struct items alone = {0}, seen = {0};
	struct ar_age_options a;
	struct ar_age_proof proof;
	for (int by = 0; by < 2; by++) {
		options(&o, by ? "2026-12-31" : "2026-10-31");
		o.weeks = 5;
		ar_age_options_init(&a);
		a.as_of = o.as_of;
		a.by = by ? AR_AGE_BY_INVOICE : AR_AGE_BY_DUE;
		assert_int_equal(ar_age_parse_edges(&a, "10,45"), AR_OK);
		memset(&own, 0, sizeof(own));
		memset(&teed, 0, sizeof(teed));
		memset(&alone, 0, sizeof(alone));
		memset(&seen, 0, sizeof(seen));
		assert_int_equal(ar_report_forecast(f->l, &o, keep_week, &own),
				 AR_OK);
		struct ar__fc_tee tee = {.age = &a, .item = keep_item,
					 .item_ctx = &seen};
		assert_int_equal(ar__report_forecast_tee(f->l, &o, keep_week,
							 &teed, &tee), AR_OK);
		assert_int_equal(teed.n, own.n);
		assert_memory_equal(teed.r, own.r, sizeof(own.r));
		assert_int_equal(ar_age_detail(f->l, &a, keep_item, &alone,
					       &proof), AR_OK);
		assert_true(alone.n > 3);
		assert_int_equal(seen.n, alone.n);
		for (int i = 0; i < alone.n; i++)
			assert_string_equal(seen.line[i], alone.line[i]);
	}
}

struct urows {
	int n;
	struct ar_unapplied_row r[4];
	char no[4][8];
};

static ar_status keep_unapplied(void *ctx, const struct ar_unapplied_row *r)
{
	struct urows *u = ctx;
	assert_true(u->n < 4);
	snprintf(u->no[u->n], 8, "%s", r->doc_no);
	u->r[u->n++] = *r;
	return AR_OK;
}

static void t_unapplied(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct urows u = {0};
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_unapplied(f->l, &o, keep_unapplied, &u), AR_OK);
	assert_int_equal(u.n, 1);
	assert_string_equal(u.no[0], "HP");
	assert_int_equal(u.r[0].amount, 4000);
	assert_int_equal(u.r[0].unapplied, 4000);
	assert_int_equal(u.r[0].age_days, 3);
	/* as of 10-19, P1 (10-20) is not yet there; nothing unapplied */
	memset(&u, 0, sizeof(u));
	options(&o, "2026-10-19");
	assert_int_equal(ar_report_unapplied(f->l, &o, keep_unapplied, &u), AR_OK);
	assert_int_equal(u.n, 0);

	/*
	 * PY 60.00 (10-25) is applied to H4 only from 11-03: unapplied as
	 * of 10-31 (the state says it is wholly applied now; its change
	 * after as-of is priced from the history), not as of 11-05.  Read
	 * known at the last batch, from the history alone, the same.
	 */
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency\n"
	       "PY,H,2026-10-25,60.00,EUR\n");
	import(f->l, AR_REC_APPLICATIONS,
	       "payment_no,invoice_no,amount,date\n"
	       "PY,H4,60.00,2026-11-03\n");
	static const char *const dates[] = {"2026-10-31", "2026-11-05"};
	for (int k = 0; k < 2; k++) {
		struct urows known = {0};
		memset(&u, 0, sizeof(u));
		options(&o, dates[k]);
		assert_int_equal(ar_report_unapplied(f->l, &o, keep_unapplied,
						     &u), AR_OK);
		o.known_batch = last_batch(f->l);
		assert_true(o.known_batch > 0);
		assert_int_equal(ar_report_unapplied(f->l, &o, keep_unapplied,
						     &known), AR_OK);
		assert_int_equal(u.n, known.n);
		for (int i = 0; i < u.n; i++) {
			assert_string_equal(u.no[i], known.no[i]);
			assert_int_equal(u.r[i].unapplied, known.r[i].unapplied);
			assert_int_equal(u.r[i].age_days, known.r[i].age_days);
		}
	}
	/* as of 11-05 (the last loop): HP alone */
	assert_int_equal(u.n, 1);
	assert_string_equal(u.no[0], "HP");
	memset(&u, 0, sizeof(u));
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_unapplied(f->l, &o, keep_unapplied, &u), AR_OK);
	assert_int_equal(u.n, 2);
	assert_string_equal(u.no[0], "PY");
	assert_int_equal(u.r[0].unapplied, 6000);
	assert_int_equal(u.r[0].age_days, 6);
	assert_string_equal(u.no[1], "HP");
	assert_int_equal(u.r[1].unapplied, 4000);
}

/* ------------------------------------------------------------------ */
/*
 * A returned payment: R1 100.00 dated 08-01 due 08-31 is paid by RP on
 * 09-10, and RP comes back from the bank on 10-05.  September collected
 * 100.00 and saw R1 paid (40 days, 10 late); October's collections are
 * the reversal, -100.00, and R1 is open again: nothing paid, end_ar
 * 100.00.  The trend's months say the same.
 */
static int setup_nsf(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ar_apply_stats stats;
	if (!f)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s", new_path("db"));
	if (ar_ledger_open(&f->l, f->path, AR_LEDGER_CREATE, NULL) != AR_OK) {
		ar_ledger_close(f->l);
		free(f);
		return -1;
	}
	import(f->l, AR_REC_CUSTOMERS, "customer_id,name,currency\n"
	       "R,Returned Check Co,USD\n");
	import(f->l, AR_REC_INVOICES, "invoice_no,customer_id,invoice_date,"
	       "due_date,amount\nR1,R,2026-08-01,2026-08-31,100.00\n");
	import(f->l, AR_REC_PAYMENTS, "payment_no,customer_id,payment_date,"
	       "amount\nRP,R,2026-09-10,100.00\n");
	import(f->l, AR_REC_APPLICATIONS, "payment_no,invoice_no,amount,date\n"
	       "RP,R1,100.00,2026-09-10\n");
	struct ar_reverse_options r = {.payment_no = "RP",
				       .date = day("2026-10-05")};
	memset(&stats, 0, sizeof(stats));
	begin(f->l);
	if (ar_apply_reverse(f->l, &r, &stats) != AR_OK)
		fail_msg("reverse: %s", ar_ledger_errmsg(f->l));
	commit(f->l);
	*state = f;
	return 0;
}

static void t_returned_payment(void **state)
{
	struct fixture *f = *state;
	struct ar_report_options o;
	struct kpis ks = {0};
	options(&o, "2026-10-31");
	o.from = day("2026-09-01");
	o.to = day("2026-09-30");
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(ks.k[0].v[AR_KPI_COLLECTIONS], 10000);
	assert_int_equal(ks.k[0].invoices_paid, 1);
	assert_int_equal(ks.k[0].v[AR_KPI_AVG_DAYS_TO_PAY], 4000);
	assert_int_equal(ks.k[0].v[AR_KPI_WEIGHTED_DAYS_LATE], 1000);
	assert_int_equal(ks.k[0].v[AR_KPI_END_AR], 0);

	memset(&ks, 0, sizeof(ks));
	options(&o, "2026-10-31");
	assert_int_equal(ar_report_kpi(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(ks.k[0].v[AR_KPI_COLLECTIONS], -10000);
	assert_int_equal(ks.k[0].invoices_paid, 0);
	assert_true(ks.k[0].v[AR_KPI_AVG_DAYS_TO_PAY] == AR_RATIO_NONE);
	assert_int_equal(ks.k[0].v[AR_KPI_BEGIN_AR], 0);
	assert_int_equal(ks.k[0].v[AR_KPI_END_AR], 10000);
	assert_true(ks.k[0].v[AR_KPI_DSO] == AR_RATIO_NONE);	/* no sales */

	memset(&ks, 0, sizeof(ks));
	o.months = 2;
	assert_int_equal(ar_report_trend(f->l, &o, keep_kpi, &ks), AR_OK);
	assert_int_equal(ks.n, 2);
	assert_int_equal(ks.k[0].invoices_paid, 1);		/* September */
	assert_int_equal(ks.k[0].v[AR_KPI_COLLECTIONS], 10000);
	assert_int_equal(ks.k[1].invoices_paid, 0);		/* October */
	assert_int_equal(ks.k[1].v[AR_KPI_COLLECTIONS], -10000);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_ratio),
		cmocka_unit_test(t_period),
		cmocka_unit_test(t_columns),
		LEDGER_TEST(t_kpi),
		LEDGER_TEST(t_kpi_zero_sales),
		LEDGER_TEST(t_kpi_september),
		LEDGER_TEST(t_trend),
		LEDGER_TEST(t_customers),
		LEDGER_TEST(t_customers_from_forecast),
		cmocka_unit_test_setup_teardown(t_customer_dso, setup_one,
						teardown),
		LEDGER_TEST(t_kpi_cei_avg_countback),
		LEDGER_TEST(t_worklist),
		LEDGER_TEST(t_forecast),
		LEDGER_TEST(t_forecast_item_tee),
		LEDGER_TEST(t_unapplied),
		cmocka_unit_test_setup_teardown(t_returned_payment, setup_nsf,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
