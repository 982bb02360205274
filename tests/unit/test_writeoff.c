/*
 * test_writeoff.c - write-offs (SPEC section 6, ar-writeoff): reason
 * codes, journal lines, the account settings, and on a small ledger the
 * selection by criteria, the approval limit in and out of the base
 * currency, lists (columns, amounts, bad rows), approval and rejection,
 * and recovery; ar_ledger_check() must stay clean throughout.
 *
 * The ledger, as of 2026-03-31, approval limit 100.00 USD:
 *
 *   C1 USD  I1 50.00 due 2025-12-31 (90 days)   I2 150.00 due 2025-11-30
 *           (121 days)   I3 20.00 due 2026-03-31 (current)
 *   C2 USD  bankrupt: I4 30.00 due 2026-01-30 (60 days)
 *   C3 EUR  I5 10.00 due 2025-12-31 (90 days)
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
#include "ar/writeoff.h"
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

/* ------------------------------------------------------------------ */
/* Without a ledger */

static void t_reasons(void **state)
{
	(void)state;
	const char *const *r = ar_writeoff_reasons();
	int n = 0;
	for (; r[n]; n++)
		assert_true(ar_writeoff_reason_valid(r[n]));
	assert_int_equal(n, 6);
	assert_true(ar_writeoff_reason_valid("bad_debt"));
	assert_true(ar_writeoff_reason_valid("short_pay"));
	assert_false(ar_writeoff_reason_valid("Bad_Debt"));
	assert_false(ar_writeoff_reason_valid("bad_debt "));
	assert_false(ar_writeoff_reason_valid(""));
	assert_false(ar_writeoff_reason_valid(NULL));
}

static void t_criteria(void **state)
{
	(void)state;
	struct ar_writeoff_options o;
	ar_writeoff_options_init(&o);
	assert_false(ar_writeoff_has_criteria(&o));
	assert_int_equal(o.older_than, -1);
	o.older_than = 0;		/* "past due at all" is a criterion */
	assert_true(ar_writeoff_has_criteria(&o));
	ar_writeoff_options_init(&o);
	o.bankrupt = true;
	assert_true(ar_writeoff_has_criteria(&o));
	ar_writeoff_options_init(&o);
	o.include_disputed = true;	/* not a criterion */
	assert_false(ar_writeoff_has_criteria(&o));
}

static void t_journal(void **state)
{
	(void)state;
	struct ar_writeoff_accounts a = {"1200", "6400", "4900"};
	struct ar_journal_line j[2];
	struct ar_writeoff_row r = {
		.writeoff_no = "WO-9", .date = day("2026-03-31"),
		.customer_id = "C1", .doc_no = "I1", .amount = 12345,
		.currency = "USD", .exponent = 2, .reason = "bad_debt",
		.status = "posted",
	};
	assert_int_equal(ar_writeoff_journal(&r, &a, j), 2);
	assert_string_equal(j[0].account, "6400");
	assert_int_equal(j[0].debit, 12345);
	assert_int_equal(j[0].credit, 0);
	assert_string_equal(j[1].account, "1200");
	assert_int_equal(j[1].debit, 0);
	assert_int_equal(j[1].credit, 12345);
	assert_string_equal(j[0].currency, "USD");
	assert_int_equal(j[1].date, day("2026-03-31"));
	assert_string_equal(j[0].memo, "WO-9 writes off I1 of C1 (bad_debt)");

	r.status = "approved";
	assert_int_equal(ar_writeoff_journal(&r, &a, j), 2);
	assert_string_equal(j[0].account, "6400");

	r.status = "recovered";
	r.doc_no = "REC-10";
	assert_int_equal(ar_writeoff_journal(&r, &a, j), 2);
	assert_string_equal(j[0].account, "1200");
	assert_int_equal(j[0].debit, 12345);
	assert_string_equal(j[1].account, "4900");
	assert_int_equal(j[1].credit, 12345);
	assert_string_equal(j[0].memo, "REC-10 recovers WO-9 of C1");

	r.status = "pending";
	assert_int_equal(ar_writeoff_journal(&r, &a, j), 0);
	r.status = "rejected";
	assert_int_equal(ar_writeoff_journal(&r, &a, j), 0);
}

/* ------------------------------------------------------------------ */
/* A small ledger */

static void begin(struct ar_ledger *l)
{
	fix_begin(l, "test_writeoff", NULL);
}

static void import(struct ar_ledger *l, enum ar_record_type type,
		   const char *text)
{
	struct ar_import_stats s;
	fix_import(l, "test_writeoff", type, text, NULL, &s);
}

static void set(struct ar_ledger *l, const char *key, const char *value)
{
	begin(l);
	assert_int_equal(ar_setting_set(l, key, value), AR_OK);
	commit(l);
}

static void clean(struct ar_ledger *l)
{
	long problems = -1;
	assert_int_equal(ar_ledger_check(l, NULL, NULL, &problems), AR_OK);
	assert_int_equal(problems, 0);
}

/* What the callbacks saw. */
struct seen {
	int rows, notes, warnings;
	char status[16][16], doc[16][32], wo[16][32];
	int64_t amount[16], request[16];
	char last_note[600];
};

static ar_status on_row(void *ctx, const struct ar_writeoff_row *r)
{
	struct seen *s = ctx;
	if (s->rows < 16) {
		snprintf(s->status[s->rows], 16, "%s", r->status);
		snprintf(s->doc[s->rows], 32, "%s", r->doc_no);
		snprintf(s->wo[s->rows], 32, "%s", r->writeoff_no);
		s->amount[s->rows] = r->amount;
		s->request[s->rows] = r->request;
	}
	s->rows++;
	return AR_OK;
}

/* Bad list rows (problems, with file, line and column) and warnings. */
static void on_notice(void *ctx, const struct ar_notice *n)
{
	struct seen *s = ctx;
	if (n->kind == AR_NOTICE_WARNING || n->kind == AR_NOTICE_SKIP) {
		s->warnings++;
		return;
	}
	assert_int_equal(n->kind == AR_NOTICE_PROBLEM ||
			 n->kind == AR_NOTICE_PROGRESS, true);
	if (n->kind == AR_NOTICE_PROGRESS)
		return;
	s->notes++;
	snprintf(s->last_note, sizeof(s->last_note), "%s:%ld: %s%s%s",
		 n->file, n->line, n->field ? n->field : "",
		 n->field ? ": " : "", n->text);
}

static void options(struct ar_writeoff_options *o, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	ar_writeoff_options_init(o);
	o->as_of = day("2026-03-31");
	o->reason = "bad_debt";
}

/* A run by criteria in a batch; commit or roll back. */
static ar_status by_criteria(struct ar_ledger *l,
			     const struct ar_writeoff_options *o,
			     struct seen *s, bool keep)
{
	struct ar_writeoff *w = NULL;
	begin(l);
	ar_ledger_set_notice(l, on_notice, s);
	ar_status st = ar_writeoff_new(&w, l, o);
	if (st == AR_OK)
		st = ar_writeoff_select(w);
	if (st == AR_OK)
		st = ar_writeoff_post(w, on_row, s);
	ar_writeoff_free(w);
	if (st == AR_OK && keep)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

static ar_status by_list(struct ar_ledger *l,
			 const struct ar_writeoff_options *o, struct seen *s,
			 const char *csv, bool keep)
{
	struct ar_writeoff *w = NULL;
	struct ar_csv_reader *r = NULL;
	begin(l);
	ar_ledger_set_notice(l, on_notice, s);
	ar_status st = ar_writeoff_new(&w, l, o);
	assert_int_equal(ar_csv_reader_open(&r, write_csv(csv), "list.csv"),
			 AR_OK);
	if (st == AR_OK)
		st = ar_writeoff_read_list(w, r);
	ar_csv_reader_free(r);
	if (st == AR_OK)
		st = ar_writeoff_post(w, on_row, s);
	ar_writeoff_free(w);
	if (st == AR_OK && keep)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

static int64_t count(struct ar_ledger *l, const char *sql)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(ar__db(l), sql, -1, &s, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
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
	import(f->l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency,status\n"
	       "C1,One,USD,active\nC2,Two,USD,bankrupt\nC3,Three,EUR,active\n");
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "I1,C1,2025-12-01,2025-12-31,50.00,USD\n"
	       "I2,C1,2025-10-31,2025-11-30,150.00,USD\n"
	       "I3,C1,2026-03-01,2026-03-31,20.00,USD\n"
	       "I4,C2,2025-12-31,2026-01-30,30.00,USD\n"
	       "I5,C3,2025-12-01,2025-12-31,10.00,EUR\n");
	set(f->l, "writeoff.approval_limit", "100.00");
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

static void t_accounts(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_accounts a;
	/* every one missing, named at once */
	assert_int_equal(ar_writeoff_accounts_load(f->l, &a), AR_EUSAGE);
	assert_string_equal(ar_ledger_error(f->l)->field, "journal");
	assert_string_equal(ar_ledger_errmsg(f->l), "the settings "
			    "gl.receivables, gl.bad_debt_expense and "
			    "gl.bad_debt_recovery are not set (ar-ledger set "
			    "KEY CODE for each)");
	set(f->l, "gl.bad_debt_expense", "6410");
	assert_int_equal(ar_writeoff_accounts_load(f->l, &a), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "gl.receivables and "
			       "gl.bad_debt_recovery are not set"));
	set(f->l, "gl.receivables", "1100");
	set(f->l, "gl.bad_debt_expense", "6410");
	assert_int_equal(ar_writeoff_accounts_load(f->l, &a), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "gl.bad_debt_recovery"));
	set(f->l, "gl.bad_debt_recovery", "4910");
	assert_int_equal(ar_writeoff_accounts_load(f->l, &a), AR_OK);
	assert_string_equal(a.receivables, "1100");
	assert_string_equal(a.bad_debt_expense, "6410");
	assert_string_equal(a.bad_debt_recovery, "4910");
}

static void t_criteria_and_limit(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_options o;
	struct seen s;

	/* over 60 days: I2 150.00 (over the limit), I1 50.00, I5 EUR 10.00
	 * (another currency: always a request); I4 is 60 days */
	options(&o, &s);
	o.older_than = 60;
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_OK);
	assert_int_equal(s.rows, 3);
	assert_string_equal(s.doc[0], "I2");
	assert_string_equal(s.status[0], "pending");
	assert_string_equal(s.wo[0], "");
	assert_int_equal(s.request[0], 1);
	assert_string_equal(s.doc[1], "I1");
	assert_string_equal(s.status[1], "posted");
	assert_string_equal(s.wo[1], "WO-6");
	assert_int_equal(s.amount[1], 5000);
	assert_string_equal(s.doc[2], "I5");
	assert_string_equal(s.status[2], "pending");
	/* rolled back */
	assert_int_equal(count(f->l, "SELECT count(*) FROM document"), 5);
	assert_int_equal(count(f->l, "SELECT count(*) FROM writeoff_request"), 0);

	/* criteria together: bankrupt and over 30 days: I4 only */
	options(&o, &s);
	o.bankrupt = true;
	o.older_than = 30;
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_OK);
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.doc[0], "I4");
	options(&o, &s);
	o.bankrupt = true;
	o.older_than = 60;
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_OK);
	assert_int_equal(s.rows, 0);

	/* under 50.00 of C1: I3 20.00 (I1's 50.00 is not under) */
	options(&o, &s);
	o.under = "50.00";
	o.customer_id = "C1";
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_OK);
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.doc[0], "I3");

	/* exactly the limit posts */
	set(f->l, "writeoff.approval_limit", "150.00");
	options(&o, &s);
	o.older_than = 120;
	assert_int_equal(by_criteria(f->l, &o, &s, true), AR_OK);
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.status[0], "posted");
	clean(f->l);
	assert_int_equal(count(f->l, "SELECT count(*) FROM application WHERE "
			       "rule = 'writeoff' AND amount = 15000"), 1);

	/* an unknown customer selects nothing: it is an error */
	options(&o, &s);
	o.under = "50.00";
	o.customer_id = "C9";
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_ENOTFOUND);
	assert_int_equal(s.rows, 0);

	/* --under with more decimals than a currency has */
	options(&o, &s);
	o.under = "0.001";
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_EUSAGE);
}

static void t_list(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_options o;
	struct seen s;

	/* open_amount wins over amount (ar-age --detail's columns) */
	options(&o, &s);
	assert_int_equal(by_list(f->l, &o, &s, "Invoice #,amount,open_amount\n"
				 "I1,50.00,20.00\n", true), AR_OK);
	assert_int_equal(s.rows, 1);
	assert_int_equal(s.amount[0], 2000);
	clean(f->l);
	/* and writeoff_amount over both; empty: the whole open amount */
	options(&o, &s);
	assert_int_equal(by_list(f->l, &o, &s, "doc_no,amount,writeoff_amount\n"
				 "I1,50.00,10.00\nI3,1.00,\n", false), AR_OK);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.amount[0], 1000);
	assert_int_equal(s.amount[1], 2000);

	/* every bad row reported, nothing posted */
	options(&o, &s);
	assert_int_equal(by_list(f->l, &o, &s, "doc_no,amount\n"
				 "I1,30.01\n"	/* 30.00 open */
				 "NOPE,1\n"
				 "I3,0\n"
				 "I3,x\n"
				 ",1\n"
				 "I4,1\n"
				 "I4,2\n", false), AR_EINPUT);
	assert_int_equal(s.notes, 6);
	assert_int_equal(s.rows, 0);
	assert_non_null(strstr(s.last_note, "list.csv:8: doc_no: 'I4' is "
			       "listed twice (first at list.csv:7)"));
	assert_int_equal(count(f->l, "SELECT count(*) FROM document WHERE "
			       "doc_type = 'writeoff'"), 1);

	/* no doc_no column */
	options(&o, &s);
	assert_int_equal(by_list(f->l, &o, &s, "number,amount\nI1,1\n", false),
			 AR_EINPUT);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "no column for doc_no"));
	clean(f->l);
}

static void decide(struct ar_ledger *l, int64_t id, bool approve,
		   const char *as_of, ar_status want, struct seen *s)
{
	struct ar_writeoff_options o;
	options(&o, s);
	o.as_of = day(as_of);
	begin(l);
	ar_status st = ar_writeoff_decide(l, &id, 1, approve, &o, on_row, s);
	if (st != want)
		fail_msg("decide %lld: status %d, want %d: %s", (long long)id,
			 (int)st, (int)want, ar_ledger_errmsg(l));
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
}

static void t_approval(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_options o;
	struct seen s;

	options(&o, &s);
	o.older_than = 120;		/* I2 150.00: a request */
	assert_int_equal(by_criteria(f->l, &o, &s, true), AR_OK);
	assert_string_equal(s.status[0], "pending");
	/* a second run leaves the requested item alone */
	options(&o, &s);
	o.older_than = 120;
	assert_int_equal(by_criteria(f->l, &o, &s, true), AR_OK);
	assert_int_equal(s.rows, 0);
	assert_int_equal(s.warnings, 1);

	decide(f->l, 1, true, "2026-03-30", AR_EUSAGE, &s);	/* before it */
	decide(f->l, 7, true, "2026-04-01", AR_EUSAGE, &s);	/* unknown */
	decide(f->l, 1, true, "2026-04-01", AR_OK, &s);
	assert_string_equal(s.status[0], "approved");
	assert_string_equal(s.wo[0], "WO-6");
	assert_int_equal(count(f->l, "SELECT count(*) FROM writeoff_decision "
			       "WHERE writeoff_doc = 6 AND date = '2026-04-01'"),
			 1);
	assert_int_equal(count(f->l, "SELECT count(*) FROM document WHERE "
			       "id = 6 AND doc_date = '2026-04-01'"), 1);
	decide(f->l, 1, false, "2026-04-01", AR_EUSAGE, &s);	/* decided */
	clean(f->l);

	/* a request rejected: a decision, no document */
	options(&o, &s);
	o.customer_id = "C3";
	assert_int_equal(by_criteria(f->l, &o, &s, true), AR_OK);
	assert_int_equal(s.request[0], 2);
	int64_t docs = count(f->l, "SELECT count(*) FROM document");
	decide(f->l, 2, false, "2026-04-01", AR_OK, &s);
	assert_string_equal(s.status[0], "rejected");
	assert_int_equal(count(f->l, "SELECT count(*) FROM document"), docs);
	clean(f->l);
}

static void t_approval_no_longer_open(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_options o;
	struct seen s;

	options(&o, &s);
	o.older_than = 120;
	assert_int_equal(by_criteria(f->l, &o, &s, true), AR_OK);
	import(f->l, AR_REC_PAYMENTS, "payment_no,customer_id,payment_date,"
	       "amount\nP1,C1,2026-04-02,60.00\n");
	import(f->l, AR_REC_APPLICATIONS, "payment_no,invoice_no,amount\n"
	       "P1,I2,60.00\n");
	decide(f->l, 1, true, "2026-04-03", AR_EINPUT, &s);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "90.00 USD open"));
	clean(f->l);
}

static void t_recovery(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_options o;
	struct seen s;

	options(&o, &s);
	o.customer_id = "C1";
	o.under = "60";			/* I1 50.00 -> WO-6, I3 20.00 -> WO-7 */
	assert_int_equal(by_criteria(f->l, &o, &s, true), AR_OK);
	assert_int_equal(s.rows, 2);

	options(&o, &s);
	o.as_of = day("2026-04-30");
	begin(f->l);
	/* by the item: its latest write-off */
	assert_int_equal(ar_writeoff_recover(f->l, "I1", "50.01",
					     day("2026-04-10"), &o, on_row, &s),
			 AR_EUSAGE);
	assert_int_equal(ar_writeoff_recover(f->l, "I1", "30.00",
					     day("2026-04-10"), &o, on_row, &s),
			 AR_OK);
	assert_string_equal(s.wo[0], "WO-6");
	assert_string_equal(s.doc[0], "REC-8");
	assert_string_equal(s.status[0], "recovered");
	/* by the write-off: 20.00 left of I1's */
	assert_int_equal(ar_writeoff_recover(f->l, "WO-6", "20.01",
					     day("2026-04-10"), &o, on_row, &s),
			 AR_EUSAGE);
	assert_int_equal(ar_writeoff_recover(f->l, "WO-6", "20.00",
					     day("2026-04-10"), &o, on_row, &s),
			 AR_OK);
	assert_int_equal(ar_writeoff_recover(f->l, "I2", "1",
					     day("2026-04-10"), &o, on_row, &s),
			 AR_EUSAGE);	/* never written off */
	assert_int_equal(ar_writeoff_recover(f->l, "WO-7", "1",
					     day("2026-03-30"), &o, on_row, &s),
			 AR_EUSAGE);	/* before the write-off */
	commit(f->l);
	assert_int_equal(count(f->l, "SELECT count(*) FROM document WHERE "
			       "doc_type = 'recovery' AND related = 6 AND "
			       "due_date = '2026-04-10'"), 2);
	clean(f->l);
	/* a payment applies to the recovery like to an invoice */
	import(f->l, AR_REC_PAYMENTS, "payment_no,customer_id,payment_date,"
	       "amount\nP1,C1,2026-04-20,30.00\n");
	import(f->l, AR_REC_APPLICATIONS, "payment_no,invoice_no,amount\n"
	       "P1,REC-8,30.00\n");
	assert_int_equal(count(f->l, "SELECT count(*) FROM open_items WHERE "
			       "doc_no = 'REC-8'"), 0);
	clean(f->l);
}

static void t_closed_period(void **state)
{
	struct fixture *f = *state;
	struct ar_writeoff_options o;
	struct seen s;

	begin(f->l);
	assert_int_equal(ar_ledger_close_period(f->l, "2026-03"), AR_OK);
	commit(f->l);
	options(&o, &s);
	o.older_than = 60;
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "a period closed through"));
	assert_string_equal(ar_ledger_error(f->l)->field, "as_of");
	assert_string_equal(ar_ledger_error(f->l)->hint, "allow_closed");
	o.allow_closed = true;
	assert_int_equal(by_criteria(f->l, &o, &s, false), AR_OK);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_reasons),
		cmocka_unit_test(t_criteria),
		cmocka_unit_test(t_journal),
		LEDGER_TEST(t_accounts),
		LEDGER_TEST(t_criteria_and_limit),
		LEDGER_TEST(t_list),
		LEDGER_TEST(t_approval),
		LEDGER_TEST(t_approval_no_longer_open),
		LEDGER_TEST(t_recovery),
		LEDGER_TEST(t_closed_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
