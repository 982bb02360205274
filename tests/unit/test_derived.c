/*
 * test_derived.c - the figures of ended periods kept between runs: their
 * words read back as written (and refused when they are not whole); a
 * trend and a back-test keep what has ended and print the same when read
 * back; a posting dated in a kept period deletes what it changes, and
 * the figures computed then are the history's; check finds a kept figure
 * changed by hand, and rebuild deletes every one.
 *
 * The ledger is the samples' year (the csv files of samples/) with its
 * cash applied.  Run from the top of the tree, as make unit does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "ar/apply.h"
#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"
#include "tmpfiles.h"
#include "ledgerfix.h"

static char path[128];
static struct ar_ledger *led;

static void sql_ok(const char *text)
{
	char *err = NULL;
	if (sqlite3_exec(ar__db(led), text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err ? err : "?");
}

static int64_t count(const char *sql)
{
	int64_t v = -1;
	assert_int_equal(ar__int_query(led, sql, &v), AR_OK);
	return v;
}

static int setup(void **state)
{
	(void)state;
	struct ar_apply_options o;

	snprintf(path, sizeof(path), "%s", new_path("db"));
	if (ar_ledger_open(&led, path, AR_LEDGER_CREATE, NULL) != AR_OK)
		return -1;
	fix_import_samples(led, "test_derived");
	ar_apply_options_init(&o);
	assert_int_equal(ar_date_parse_iso("2026-10-31", 10, &o.as_of), AR_OK);
	fix_begin(led, "ar-apply", NULL);
	if (ar_apply_run(led, &o, NULL, NULL) != AR_OK)
		fail_msg("apply: %s", ar_ledger_errmsg(led));
	commit(led);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ar_ledger_close(led);
	unlink_ledger(path);
	return 0;
}

/* ------------------------------------------------------------------ */

static void t_words(void **state)
{
	(void)state;
	struct ar__words w = {0};
	char code[4];
	ar__words_int(&w, INT64_MIN);
	ar__words_str(&w, "USD");
	ar__words_int(&w, INT64_MAX);
	ar__words_int(&w, 0);
	assert_false(w.nomem);
	assert_string_equal(w.buf, "-9223372036854775808 USD "
			    "9223372036854775807 0");
	struct ar__unwords r = {w.buf, false};
	assert_true(ar__unword_int(&r) == INT64_MIN);
	ar__unword_str(&r, code, sizeof(code));
	assert_string_equal(code, "USD");
	assert_true(ar__unword_int(&r) == INT64_MAX);
	assert_true(ar__unword_int(&r) == 0);
	assert_true(ar__unwords_done(&r));
	free(w.buf);

	/* a word left over, one missing, one not a number, one too long,
	 * a number out of range */
	r = (struct ar__unwords){"1 2", false};
	(void)ar__unword_int(&r);
	assert_false(ar__unwords_done(&r));
	r = (struct ar__unwords){"1", false};
	(void)ar__unword_int(&r);
	(void)ar__unword_int(&r);
	assert_true(r.bad);
	r = (struct ar__unwords){"12x", false};
	(void)ar__unword_int(&r);
	assert_true(r.bad);
	r = (struct ar__unwords){"EURO", false};
	ar__unword_str(&r, code, sizeof(code));
	assert_true(r.bad);
	r = (struct ar__unwords){"9223372036854775808", false};
	(void)ar__unword_int(&r);
	assert_true(r.bad);
}

/* Every row a report hands over, as text. */
struct text {
	char buf[65536];
	size_t len;
};

static ar_status kpi_row(void *ctx, const struct ar_kpi *k)
{
	struct text *t = ctx;
	int n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len,
			 "%s %d %d %d", k->currency, k->exponent, (int)k->from,
			 (int)k->to);
	t->len += (size_t)n;
	for (int i = 0; i < AR_KPI_N; i++)
		t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) -
					   t->len, " %lld", (long long)k->v[i]);
	for (int i = 0; i < AR_KPI_BUCKETS; i++)
		t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) -
					   t->len, " %lld",
					   (long long)k->aging[i]);
	t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) - t->len,
				   "\n");
	assert_true(t->len < sizeof(t->buf) - 1024);
	return AR_OK;
}

static ar_status bt_row(void *ctx, const struct ar_backtest_row *r)
{
	struct text *t = ctx;
	t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) - t->len,
		"%d %s %lld %lld %lld %lld %lld", (int)r->cutoff, r->currency,
		(long long)r->actual, (long long)r->forecast,
		(long long)r->naive, (long long)r->wape, (long long)r->bias);
	for (int k = 0; k < r->weeks; k++)
		t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) -
			t->len, " %lld/%lld/%lld",
			(long long)r->week_actual[k],
			(long long)r->week_forecast[k],
			(long long)r->week_naive[k]);
	t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) - t->len,
				   "\n");
	assert_true(t->len < sizeof(t->buf) - 1024);
	return AR_OK;
}

static void trend(const char *as_of, struct text *t)
{
	struct ar_report_options o;
	ar_report_options_init(&o);
	assert_int_equal(ar_date_parse_iso(as_of, 10, &o.as_of), AR_OK);
	t->len = 0;
	t->buf[0] = '\0';
	if (ar_report_trend(led, &o, kpi_row, t) != AR_OK)
		fail_msg("trend: %s", ar_ledger_errmsg(led));
}

static void backtest(struct text *t)
{
	struct ar_report_options o;
	ar_report_options_init(&o);
	assert_int_equal(ar_date_parse_iso("2026-10-31", 10, &o.as_of), AR_OK);
	t->len = 0;
	t->buf[0] = '\0';
	if (ar_report_backtest(led, &o, bt_row, t) != AR_OK)
		fail_msg("backtest: %s", ar_ledger_errmsg(led));
}

static struct text a, b;

static void t_kept_and_read(void **state)
{
	(void)state;
	sql_ok("DELETE FROM derived");
	trend("2026-10-31", &a);
	assert_int_equal(count("SELECT count(*) FROM derived WHERE kind = "
			       "'trend-month'"), 12);
	/* what is read back is what was computed: change what is kept and
	 * the next run shows it, so the rows do come from it */
	trend("2026-10-31", &b);
	assert_string_equal(a.buf, b.buf);
	sql_ok("UPDATE derived SET value = replace(value, ' USD 2 ', "
	       "' USD 3 ') WHERE key LIKE '2026-03-01 %'");
	trend("2026-10-31", &b);
	assert_string_not_equal(a.buf, b.buf);
	sql_ok("DELETE FROM derived WHERE key LIKE '2026-03-01 %'");
	trend("2026-10-31", &b);
	assert_string_equal(a.buf, b.buf);

	/* the month that is running computed alone, each of its dates
	 * aged on its own, beside the months kept: what the whole trend
	 * computed in one pass over the history gives */
	trend("2026-11-15", &a);
	sql_ok("DELETE FROM derived");
	trend("2026-11-15", &b);
	assert_string_equal(a.buf, b.buf);
	trend("2026-12-20", &a);	/* November kept, December running */
	sql_ok("DELETE FROM derived WHERE key LIKE '2026-11-01 %'");
	trend("2026-12-20", &b);	/* both running */
	assert_string_equal(a.buf, b.buf);
	sql_ok("DELETE FROM derived");
	trend("2026-12-20", &b);
	assert_string_equal(a.buf, b.buf);

	backtest(&a);
	assert_true(count("SELECT count(*) FROM derived WHERE kind = "
			  "'backtest'") > 0);
	backtest(&b);
	assert_string_equal(a.buf, b.buf);
	assert_true(a.len > 0);
}

static void t_posting_deletes(void **state)
{
	(void)state;
	struct ar_import_stats s;
	trend("2026-10-31", &a);
	fix_import(led, "ar-import", AR_REC_INVOICES,
		   "invoice_no,customer_id,invoice_date,amount,currency\n"
		   "INV-T-1,C00002,2026-05-20,123.45,USD\n", NULL, &s);
	assert_int_equal(count("SELECT count(*) FROM derived WHERE kind = "
			       "'trend-month' AND through >= '2026-05-20'"), 0);
	assert_int_equal(count("SELECT count(*) FROM derived WHERE kind = "
			       "'trend-month'"), 6);
	/* computed again: what a run with nothing kept gives */
	trend("2026-10-31", &a);
	sql_ok("DELETE FROM derived");
	trend("2026-10-31", &b);
	assert_string_equal(a.buf, b.buf);
	/* a setting: every figure */
	fix_begin(led, "ar-ledger", NULL);
	assert_int_equal(ar_setting_set(led, "forecast.doubtful_days", "45"),
			 AR_OK);
	commit(led);
	assert_int_equal(count("SELECT count(*) FROM derived"), 0);
}

static int problems_said;
static void on_problem(void *ctx, const struct ar_notice *n)
{
	(void)ctx;
	if (n->kind == AR_NOTICE_PROBLEM)
		problems_said++;
}

static void t_check_and_rebuild(void **state)
{
	(void)state;
	long problems = -1;
	trend("2026-10-31", &a);
	backtest(&a);
	assert_int_equal(ar_ledger_check(led, on_problem, NULL, &problems),
			 AR_OK);
	assert_int_equal(problems, 0);
	sql_ok("UPDATE derived SET value = replace(value, ' USD 2 ', "
	       "' USD 3 ') WHERE key LIKE '2026-06-01 %'");
	sql_ok("INSERT INTO derived VALUES ('backtest', 'x', '2026-01-01', "
	       "'0')");
	problems_said = 0;
	assert_int_equal(ar_ledger_check(led, on_problem, NULL, &problems),
			 AR_OK);
	assert_int_equal(problems, 2);
	assert_int_equal(problems_said, 2);
	assert_int_equal(ar_ledger_rebuild(led), AR_OK);
	assert_int_equal(count("SELECT count(*) FROM derived"), 0);
	assert_int_equal(ar_ledger_check(led, on_problem, NULL, &problems),
			 AR_OK);
	assert_int_equal(problems, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_words),
		cmocka_unit_test(t_kept_and_read),
		cmocka_unit_test(t_posting_deletes),
		cmocka_unit_test(t_check_and_rebuild),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
