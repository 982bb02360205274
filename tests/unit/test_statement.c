/*
 * test_statement.c - statements (SPEC section 6, ar-statement): the
 * period and file-name rules, the lines, balances and aging line of
 * open-item and activity statements on a small ledger worked out by hand
 * below, the selection options, the activity log, and the rendering of a
 * hostile customer in every format.
 *
 * Customer S100 (USD), every figure by hand:
 *   INV-S1 2026-08-15 due 09-14 1,000.00; PAY-S1 400.00 on 09-20 to it;
 *	written off 600.00 on 10-20 (WO-n, bad_debt)
 *   INV-S2 2026-09-01 due 10-01   500.00; PAY-S2 300.00 on 10-10 to it,
 *	returned on 10-25 (reversal PAY-S2 300.00, the application
 *	cancelled, the payment applied to the reversal) with a 25.00 fee
 *	NSF-PAY-S2 due 10-25
 *   INV-S3 2026-10-05 due 11-04   750.00; CM-S1 50.00 on 10-12 to it
 *   PAY-S3 2026-10-15 200.00 unapplied; INV-S4 2026-10-28 120.00
 * Opening at 2026-10-01: 1,000 + 500 - 400 = 1,100.00.  October:
 * +750 -300 -50 -200 -600 +300 +25 +120 = +45: closing 1,145.00.
 * Open as of 10-31: INV-S2 500 (30 days, 1-30), INV-S3 700 (current),
 * NSF 25 (6 days, 1-30), INV-S4 120 (current), PAY-S3 -200: 1,145.00.
 * S400 paid its only invoice in June: nothing to show in October.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/statement.h"
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

static void begin(struct ar_ledger *l)
{
	fix_begin(l, "test_statement", NULL);
}

static void import(struct ar_ledger *l, enum ar_record_type type,
		   const char *text)
{
	struct ar_import_stats s;
	fix_import(l, "test_statement", type, text, NULL, &s);
}

static int64_t doc_id(struct ar_ledger *l, const char *type, const char *no)
{
	sqlite3_stmt *s;
	int64_t id = 0;
	assert_int_equal(sqlite3_prepare_v2(ar__db(l), "SELECT id FROM document "
		"WHERE doc_type = ? AND doc_no = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, no, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	assert_true(id > 0);
	return id;
}

struct fixture {
	char path[128];
	struct ar_ledger *l;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct ar_ledger *l;
	snprintf(f->path, sizeof(f->path), "%s", new_path("db"));
	if (ar_ledger_open(&f->l, f->path, AR_LEDGER_CREATE, NULL) != AR_OK)
		return -1;
	l = f->l;
	import(l, AR_REC_CUSTOMERS, "customer_id,name,address1,city,region,"
	       "postal_code,terms,currency\n"
	       "S100,Statement Test Co,100 Main Street,Springfield,IL,62701,30,USD\n"
	       "S200,Current Only Ltd,,,,,30,USD\n"
	       "S400,Paid Up Inc,,,,,30,USD\n");
	import(l, AR_REC_INVOICES, "invoice_no,customer_id,invoice_date,"
	       "due_date,amount,currency\n"
	       "INV-S1,S100,2026-08-15,2026-09-14,1000.00,USD\n"
	       "INV-S2,S100,2026-09-01,2026-10-01,500.00,USD\n"
	       "INV-S3,S100,2026-10-05,2026-11-04,750.00,USD\n"
	       "INV-S4,S100,2026-10-28,2026-11-27,120.00,USD\n"
	       "INV-C1,S200,2026-10-20,2026-11-19,42.00,USD\n"
	       "INV-P1,S400,2026-06-01,2026-07-01,80.00,USD\n");
	import(l, AR_REC_PAYMENTS, "payment_no,customer_id,payment_date,"
	       "amount,currency\n"
	       "PAY-S1,S100,2026-09-20,400.00,USD\n"
	       "PAY-S2,S100,2026-10-10,300.00,USD\n"
	       "PAY-S3,S100,2026-10-15,200.00,USD\n"
	       "PAY-P1,S400,2026-06-20,80.00,USD\n");
	import(l, AR_REC_CREDITS, "credit_no,customer_id,credit_date,amount,"
	       "currency\nCM-S1,S100,2026-10-12,50.00,USD\n");
	import(l, AR_REC_APPLICATIONS, "payment_no,credit_no,invoice_no,amount,date\n"
	       "PAY-S1,,INV-S1,400.00,2026-09-20\n"
	       "PAY-S2,,INV-S2,300.00,2026-10-10\n"
	       ",CM-S1,INV-S3,50.00,2026-10-12\n"
	       "PAY-P1,,INV-P1,80.00,2026-06-20\n");

	/* the write-off and the returned payment, as the posting helpers
	 * make them */
	int64_t s1 = doc_id(l, "invoice", "INV-S1"), s2 = doc_id(l, "invoice", "INV-S2");
	int64_t p2 = doc_id(l, "payment", "PAY-S2"), rev, app;
	begin(l);
	assert_int_equal(ar__post_writeoff(l, NULL, s1, 60000, day("2026-10-20"),
					   "bad_debt", NULL, NULL), AR_OK);
	struct ar__doc r = {
		.doc_type = "reversal", .doc_no = "PAY-S2", .customer = 1,
		.doc_date = day("2026-10-25"), .due_date = day("2026-10-25"),
		.amount = 30000, .currency = "USD", .related = p2,
	};
	assert_int_equal(ar__post_document(l, &r, &rev), AR_OK);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(ar__db(l), "SELECT id FROM application WHERE "
			   "credit_doc = ? AND debit_doc = ?", -1, &s, NULL);
	sqlite3_bind_int64(s, 1, p2);
	sqlite3_bind_int64(s, 2, s2);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	app = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	assert_int_equal(ar__post_application(l, p2, s2, -30000, day("2026-10-25"),
					      "reversal", app, NULL), AR_OK);
	assert_int_equal(ar__post_application(l, p2, rev, 30000, day("2026-10-25"),
					      "reversal", 0, NULL), AR_OK);
	struct ar__doc fee = {
		.doc_type = "debit_memo", .doc_no = "NSF-PAY-S2", .customer = 1,
		.doc_date = day("2026-10-25"), .due_date = day("2026-10-25"),
		.amount = 2500, .currency = "USD", .description = "Returned payment fee",
		.related = p2,
	};
	assert_int_equal(ar__post_document(l, &fee, NULL), AR_OK);
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

static void t_period(void **state)
{
	struct ar_statement_options o;
	struct ar_ledger *l = NULL;
	(void)state;
	ar_ledger_open(&l, new_path("db"), AR_LEDGER_CREATE, NULL);

	ar_statement_options_init(&o);
	assert_int_equal(o.type, AR_STATEMENT_OPEN_ITEM);
	o.as_of = day("2026-10-31");
	assert_int_equal(ar_statement_options_check(l, &o), AR_OK);
	assert_int_equal(ar_statement_date(&o), day("2026-10-31"));
	o.from = day("2026-10-01");
	assert_int_equal(ar_statement_options_check(l, &o), AR_EUSAGE);

	/* activity: the month of as-of, up to as-of */
	ar_statement_options_init(&o);
	o.type = AR_STATEMENT_ACTIVITY;
	o.as_of = day("2026-10-15");
	assert_int_equal(ar_statement_options_check(l, &o), AR_OK);
	assert_int_equal(o.from, day("2026-10-01"));
	assert_int_equal(o.to, day("2026-10-15"));
	assert_int_equal(ar_statement_date(&o), day("2026-10-15"));
	/* --from alone: to its month's end */
	o.as_of = day("2026-12-31");
	o.from = day("2026-09-10"), o.to = AR_DATE_NONE;
	assert_int_equal(ar_statement_options_check(l, &o), AR_OK);
	assert_int_equal(o.to, day("2026-09-30"));
	/* refused: after as-of, from after to */
	o.from = AR_DATE_NONE, o.to = day("2027-01-01");
	assert_int_equal(ar_statement_options_check(l, &o), AR_EUSAGE);
	assert_string_equal(ar_ledger_error(l)->field, "to");
	assert_string_equal(ar_ledger_errmsg(l), "'2027-01-01' is after "
			    "the as-of date 2026-12-31");
	o.from = day("2026-11-02"), o.to = day("2026-11-01");
	assert_int_equal(ar_statement_options_check(l, &o), AR_EUSAGE);
	assert_string_equal(ar_ledger_error(l)->field, "from");
	assert_string_equal(ar_ledger_errmsg(l), "'2026-11-02' is after "
			    "the end date '2026-11-01'");
	ar_ledger_close(l);
}

static void name_is(const char *id, const char *want)
{
	char buf[AR_STATEMENT_NAME_MAX];
	ar_statement_file_name(id, "txt", buf);
	assert_string_equal(buf, want);
}

static void t_file_name(void **state)
{
	(void)state;
	name_is("C00001", "C00001.txt");
	name_is("../x", "_._x.txt");
	name_is("..", "_..txt");
	name_is(".hidden", "_hidden.txt");
	name_is("a/b\\c d", "a_b_c_d.txt");
	name_is("", "_.txt");
	name_is("\xc3\x9c" "1", "__1.txt");
	char id[300], want[128];
	memset(id, 'a', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	memset(want, 'a', 100);
	memcpy(want + 100, ".txt", 5);
	name_is(id, want);
}

/* ------------------------------------------------------------------ */

/* What a run produced, copied out of the callback. */
struct got {
	int n;
	char ids[8][16];
	size_t nsections[8];
	struct ar_statement_section sec[8];
	struct ar_statement_line lines[8][16];
	char docs[8][16][24];
};

static ar_status collect(void *ctx, const struct ar_statement *s)
{
	struct got *g = ctx;
	assert_true(g->n < 8);
	snprintf(g->ids[g->n], 16, "%s", s->customer_id);
	g->nsections[g->n] = s->nsections;
	g->sec[g->n] = s->sections[0];
	for (size_t i = 0; i < s->sections[0].nlines && i < 16; i++) {
		g->lines[g->n][i] = s->sections[0].lines[i];
		snprintf(g->docs[g->n][i], 24, "%s", s->sections[0].lines[i].doc_no);
	}
	g->n++;
	return AR_OK;
}

static void run(struct fixture *f, struct ar_statement_options *o,
		struct got *g, ar_status want)
{
	memset(g, 0, sizeof(*g));
	ar_status st = ar_statement_run(f->l, o, collect, g);
	if (st != want)
		fail_msg("status %d, want %d: %s", (int)st, (int)want,
			 ar_ledger_errmsg(f->l));
}

static void t_open_item(void **state)
{
	struct fixture *f = *state;
	struct ar_statement_options o;
	struct got g;

	ar_statement_options_init(&o);
	o.as_of = day("2026-10-31");
	o.customer_id = "S100";
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 1);
	struct ar_statement_section *x = &g.sec[0];
	assert_string_equal(x->currency, "USD");
	/* INV-S2, INV-S3, PAY-S3, NSF-PAY-S2, INV-S4, and the balance */
	assert_int_equal(x->nlines, 6);
	static const char *docs[] = {"INV-S2", "INV-S3", "PAY-S3", "NSF-PAY-S2",
				     "INV-S4", ""};
	static const int64_t open[] = {50000, 70000, -20000, 2500, 12000, 114500};
	static const int64_t bal[] = {50000, 120000, 100000, 102500, 114500, 114500};
	for (int i = 0; i < 6; i++) {
		assert_string_equal(g.docs[0][i], docs[i]);
		assert_int_equal(g.lines[0][i].open, open[i]);
		assert_int_equal(g.lines[0][i].balance, bal[i]);
	}
	assert_int_equal(g.lines[0][0].amount, 50000);
	assert_int_equal(g.lines[0][0].days_past_due, 30);
	assert_int_equal(g.lines[0][1].amount, 75000);
	assert_int_equal(g.lines[0][3].days_past_due, 6);
	assert_int_equal(g.lines[0][5].kind, AR_LINE_CLOSING);
	/* the aging line: current 820, 1-30 525, unapplied -200 */
	assert_int_equal(x->nbuckets, 6);
	assert_int_equal(x->bucket[0], 82000);
	assert_int_equal(x->bucket[1], 52500);
	for (int b = 2; b < 6; b++)
		assert_int_equal(x->bucket[b], 0);
	assert_int_equal(x->unapplied, -20000);
	assert_int_equal(x->closing, 114500);
	assert_int_equal(x->amount_due, 114500);
	assert_true(x->overdue);

	/* as of 2026-10-24: INV-S1 written off, PAY-S2 still pays INV-S2:
	 * 200.00 + 700.00 - 200.00 */
	o.as_of = day("2026-10-24");
	run(f, &o, &g, AR_OK);
	assert_string_equal(g.docs[0][0], "INV-S2");
	assert_int_equal(g.lines[0][0].open, 20000);
	assert_int_equal(g.sec[0].closing, 70000);
}

/* Statements as text, one per customer, for comparing two runs. */
struct texts {
	int n;
	char id[8][16];
	char text[8][4096];
};

static ar_status as_text(void *ctx, const struct ar_statement *s)
{
	struct texts *t = ctx;
	assert_true(t->n < 8);
	char *b = t->text[t->n];
	size_t n = 0, size = sizeof(t->text[0]);
	snprintf(t->id[t->n], sizeof(t->id[0]), "%s", s->customer_id);
	for (size_t k = 0; k < s->nsections; k++) {
		const struct ar_statement_section *x = &s->sections[k];
		n += (size_t)snprintf(b + n, size - n, "%s %s:", s->customer_id,
				      x->currency);
		for (int i = 0; i < x->nbuckets; i++)
			n += (size_t)snprintf(b + n, size - n, " %lld",
					      (long long)x->bucket[i]);
		n += (size_t)snprintf(b + n, size - n, " u%lld c%lld d%lld\n",
				      (long long)x->unapplied,
				      (long long)x->closing,
				      (long long)x->amount_due);
		for (size_t i = 0; i < x->nlines; i++) {
			const struct ar_statement_line *l = &x->lines[i];
			n += (size_t)snprintf(b + n, size - n,
				"%d %s %s %d %d %d %lld %lld %lld %lld [%s]\n",
				(int)l->kind, l->doc_type, l->doc_no, l->date,
				l->due_date, l->days_past_due,
				(long long)l->amount, (long long)l->open,
				(long long)l->balance, (long long)l->disputed,
				l->description);
		}
		assert_true(n < size);
	}
	t->n++;
	return AR_OK;
}

/*
 * Every customer's open-item statements come from one sorted pass over
 * the open items; one customer's from its own documents.  Each of a run
 * of every customer is the statement of that customer alone, as of dates
 * before and after payments, a write-off, a returned payment, a dispute
 * and a second currency, with customers filtered out by the aging
 * between those shown.
 */
static void t_every_customer(void **state)
{
	struct fixture *f = *state;
	struct ar_statement_options o;
	struct texts all, one;
	import(f->l, AR_REC_CUSTOMERS, "customer_id,name,currency\n"
	       "S300,Two Currencies,EUR\n");
	import(f->l, AR_REC_INVOICES, "invoice_no,customer_id,invoice_date,"
	       "due_date,amount,currency\n"
	       "INV-E1,S300,2026-09-10,2026-10-10,300.00,EUR\n"
	       "INV-U1,S300,2026-09-11,2026-10-11,90.00,USD\n"
	       "INV-E2,S300,2026-10-02,2026-11-01,60.00,EUR\n");
	import(f->l, AR_REC_PAYMENTS, "payment_no,customer_id,payment_date,"
	       "amount,currency\nPAY-E1,S300,2026-10-20,100.00,EUR\n");
	import(f->l, AR_REC_APPLICATIONS, "payment_no,invoice_no,amount,date\n"
	       "PAY-E1,INV-E1,100.00,2026-10-20\n");
	import(f->l, AR_REC_ACTIVITIES, "customer_id,date,kind,doc_no,amount\n"
	       "S100,2026-10-16,dispute,INV-S3,100.00\n");
	static const char *const dates[] = {"2026-09-15", "2026-10-12",
		"2026-10-24", "2026-10-31", "2026-12-31"};
	for (int d = 0; d < 5; d++)
		for (int zero = 0; zero < 2; zero++)
			for (int over = 0; over < 2; over++) {
				ar_statement_options_init(&o);
				o.as_of = day(dates[d]);
				o.include_zero = zero;
				o.overdue_only = over;
				memset(&all, 0, sizeof(all));
				assert_int_equal(ar_statement_run(f->l, &o,
						 as_text, &all), AR_OK);
				if (d >= 2 && !over)
					assert_true(all.n >= 3);
				for (int i = 0; i < all.n; i++) {
					memset(&one, 0, sizeof(one));
					o.customer_id = all.id[i];
					assert_int_equal(ar_statement_run(f->l,
						&o, as_text, &one), AR_OK);
					o.customer_id = NULL;
					assert_int_equal(one.n, 1);
					assert_string_equal(one.text[0],
							    all.text[i]);
				}
			}
	/* the dispute and the second currency are in it */
	ar_statement_options_init(&o);
	o.as_of = day("2026-10-31");
	memset(&all, 0, sizeof(all));
	assert_int_equal(ar_statement_run(f->l, &o, as_text, &all), AR_OK);
	bool disputed = false, two = false;
	for (int i = 0; i < all.n; i++) {
		disputed |= strstr(all.text[i], "[disputed 100.00]") != NULL;
		two |= strstr(all.text[i], "S300 EUR") &&
		       strstr(all.text[i], "S300 USD");
	}
	assert_true(disputed);
	assert_true(two);
}

static void t_activity(void **state)
{
	struct fixture *f = *state;
	struct ar_statement_options o;
	struct got g;

	ar_statement_options_init(&o);
	o.type = AR_STATEMENT_ACTIVITY;
	o.as_of = day("2026-10-31");
	o.customer_id = "S100";
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 1);
	struct ar_statement_section *x = &g.sec[0];
	assert_int_equal(x->opening, 110000);
	/* opening, 8 documents, closing */
	assert_int_equal(x->nlines, 10);
	assert_int_equal(g.lines[0][0].kind, AR_LINE_OPENING);
	assert_int_equal(g.lines[0][0].balance, 110000);
	static const char *docs[] = {"INV-S3", "PAY-S2", "CM-S1", "PAY-S3",
				     "WO-", "PAY-S2", "NSF-PAY-S2", "INV-S4"};
	static const int64_t amt[] = {75000, -30000, -5000, -20000, -60000,
				      30000, 2500, 12000};
	int64_t bal = 110000;
	for (int i = 0; i < 8; i++) {
		const struct ar_statement_line *ln = &g.lines[0][i + 1];
		assert_int_equal(strncmp(g.docs[0][i + 1], docs[i], strlen(docs[i])), 0);
		assert_int_equal(ln->amount, amt[i]);
		bal += amt[i];
		assert_int_equal(ln->balance, bal);
	}
	/* closing = opening + activity = the aging's balance at the end */
	assert_int_equal(bal, 114500);
	assert_int_equal(x->closing, 114500);
	assert_int_equal(g.lines[0][9].kind, AR_LINE_CLOSING);
	assert_int_equal(g.lines[0][9].balance, 114500);

	/* September: opening 0, INV-S1, INV-S2, PAY-S1; closing 1,100.00 */
	o.as_of = day("2026-10-31");
	o.from = day("2026-09-01"), o.to = day("2026-09-30");
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.sec[0].opening, 100000);
	assert_int_equal(g.sec[0].closing, 110000);
	assert_int_equal(g.sec[0].nlines, 4);
}

static void t_selection(void **state)
{
	struct fixture *f = *state;
	struct ar_statement_options o;
	struct got g;

	ar_statement_options_init(&o);
	o.as_of = day("2026-10-31");
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 2);	/* S400 has nothing open */
	assert_string_equal(g.ids[0], "S100");
	assert_string_equal(g.ids[1], "S200");
	o.include_zero = true;
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.ids[2], "S400");
	assert_int_equal(g.sec[2].closing, 0);
	o.include_zero = false;
	o.overdue_only = true;		/* S200's invoice is not yet due */
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.ids[0], "S100");
	o.overdue_only = false;
	o.min_balance = "100.00";
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 1);
	o.min_balance = "abc";
	run(f, &o, &g, AR_EUSAGE);
	o.min_balance = NULL;
	o.customer_id = "NOBODY";
	run(f, &o, &g, AR_ENOTFOUND);
	assert_string_equal(ar_ledger_errmsg(f->l), "no customer 'NOBODY'");

	/* activity in October: S400 had none and owes nothing */
	ar_statement_options_init(&o);
	o.type = AR_STATEMENT_ACTIVITY;
	o.as_of = day("2026-10-31");
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 2);
	/* June: S400's invoice and payment are activity, though it ends
	 * owing nothing */
	o.from = day("2026-06-01"), o.to = day("2026-06-30");
	run(f, &o, &g, AR_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.ids[0], "S400");
	assert_int_equal(g.sec[0].closing, 0);
	assert_int_equal(g.sec[0].nlines, 4);
}

static ar_status stop(void *ctx, const struct ar_statement *s)
{
	(void)ctx, (void)s;
	return AR_ELEDGER;
}

static ar_status log_it(void *ctx, const struct ar_statement *s)
{
	return ar_statement_log_add(ctx, s);
}

static void t_log(void **state)
{
	struct fixture *f = *state;
	struct ar_statement_options o;
	struct ar_statement_log *log;
	static char *const argv[] = {"ar-statement", NULL};

	ar_statement_options_init(&o);
	o.as_of = day("2026-10-31");
	assert_int_equal(ar_statement_run(f->l, &o, stop, NULL), AR_ELEDGER);
	assert_int_equal(ar_statement_log_new(&log), AR_OK);
	assert_int_equal(ar_statement_run(f->l, &o, log_it, log), AR_OK);
	assert_int_equal(ar_statement_log_count(log), 2);
	assert_int_equal(ar_statement_log_commit(f->l, log, "ar-statement", 1,
						 argv), AR_OK);
	ar_statement_log_free(log);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(ar__db(f->l), "SELECT c.customer_id, a.date, "
		"a.amount, a.currency, a.text FROM activity a JOIN customer c "
		"ON c.id = a.customer WHERE a.kind = 'statement' ORDER BY a.id",
		-1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(s, 0), "S100");
	assert_string_equal(sqlite3_column_text(s, 1), "2026-10-31");
	assert_int_equal(sqlite3_column_int64(s, 2), 114500);
	assert_string_equal(sqlite3_column_text(s, 3), "USD");
	assert_string_equal(sqlite3_column_text(s, 4), "open-item statement "
			    "as of 2026-10-31, 1,145.00 USD due");
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(s, 0), "S200");
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* ------------------------------------------------------------------ */
/* Rendering a hostile customer */

static const struct ar_statement_company company = {
	"Harbor <Supply> & Co.", "1 Way\nTown", "PO Box 1", "Thanks \"all\"",
	"", AR_PDF_A4,
};

static void hostile(struct ar_statement *s, struct ar_statement_section *x,
		    struct ar_statement_line *lines)
{
	static char name[600];
	memset(name, 0, sizeof(name));
	strcpy(name, "\"Q\" <script>alert(1)</script> \x1b[31m \xe6\x9d\xb1\xe4\xba\xac "
	       "e\xcc\x81 \xf0\x9f\x9a\x80 ");
	for (size_t n = strlen(name); n < sizeof(name) - 8; n += 5)
		strcat(name, "long ");
	memset(s, 0, sizeof(*s));
	memset(x, 0, sizeof(*x));
	s->type = AR_STATEMENT_OPEN_ITEM;
	s->date = day("2026-10-31");
	s->company = &company;
	s->customer_id = "../<x>";
	s->customer_name = name;
	s->address[0] = "Stra\xc3\x9f" "e 1\r\n2\t3 \xe2\x80\xae" "evil";
	strcpy(s->bucket_names[0], "current");
	strcpy(s->bucket_names[1], "over_30");
	memcpy(x->currency, "USD", 4);
	x->exponent = 2;
	x->nbuckets = 2;
	lines[0] = (struct ar_statement_line){
		.kind = AR_LINE_DOCUMENT, .doc_type = "invoice",
		.doc_no = "INV-\xe6\x9d\xb1\xe6\x9d\xb1\xe6\x9d\xb1\xe6\x9d\xb1\xe6\x9d\xb1\xe6\x9d\xb1\xe6\x9d\xb1\xe6\x9d\xb1",
		.description = name, .date = day("2026-10-01"),
		.due_date = day("2026-10-31"), .amount = 1234567890,
		.open = 1234567890, .balance = 1234567890,
	};
	lines[1] = (struct ar_statement_line){
		.kind = AR_LINE_CLOSING, .doc_type = "", .doc_no = "",
		.description = "Balance", .date = day("2026-10-31"),
		.due_date = AR_DATE_NONE, .balance = 1234567890,
	};
	x->lines = lines;
	x->nlines = 2;
	x->closing = x->amount_due = 1234567890;
	s->sections = x;
	s->nsections = 1;
}

static char *render(const struct ar_statement *s, enum ar_statement_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct ar_statement_writer *w;
	assert_int_equal(ar_statement_writer_new(&w, fp, fmt, 0), AR_OK);
	assert_int_equal(ar_statement_write(w, s), AR_OK);
	assert_int_equal(ar_statement_write(w, s), AR_OK);
	assert_int_equal(ar_statement_writer_finish(w), AR_OK);
	ar_statement_writer_free(w);
	fclose(fp);
	return buf;
}

/* Display columns of a line: wide CJK and emoji 2, combining marks 0. */
static int columns(const unsigned char *p, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		if ((p[i] & 0xc0) == 0x80)
			continue;
		if (p[i] == 0xcc && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0xaf)
			continue;	/* U+0300..U+036F */
		w += p[i] == 0xe6 || p[i] == 0xf0 ? 2 : 1;
	}
	return w;
}

static void t_render_hostile(void **state)
{
	struct ar_statement s;
	struct ar_statement_section x;
	struct ar_statement_line lines[2];
	(void)state;
	hostile(&s, &x, lines);

	char *t = render(&s, AR_STATEMENT_TEXT);
	int ff = 0;
	for (char *p = t; *p;) {
		char *e = strchr(p, '\n');
		assert_non_null(e);
		if (*p == '\f')
			p++, ff++;
		for (char *q = p; q < e; q++)
			assert_false((unsigned char)*q < 0x20);	/* no ESC, CR, TAB */
		if (columns((unsigned char *)p, (size_t)(e - p)) > 80)
			fail_msg("wider than 80 columns: %.*s", (int)(e - p), p);
		p = e + 1;
	}
	assert_int_equal(ff, 1);	/* between the two statements only */
	assert_null(strstr(t, "\xe2\x80\xae"));	/* no right-to-left override */
	assert_non_null(strstr(t, "No. INV-"));	/* the number in full below */
	free(t);

	char *h = render(&s, AR_STATEMENT_HTML);
	assert_null(strstr(h, "<script>"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(h, "Harbor &lt;Supply&gt; &amp; Co."));
	assert_non_null(strstr(h, "../&lt;x&gt;"));
	assert_null(strstr(h, "\x1b"));
	assert_null(strstr(h, "http"));		/* nothing fetched */
	assert_int_equal(strncmp(h, "<!DOCTYPE html>", 15), 0);
	assert_non_null(strstr(h, "</html>\n"));
	free(h);

	char *c = render(&s, AR_STATEMENT_CSV);
	assert_int_equal(strncmp(c, "customer_id,customer_name,statement_date,"
		"currency,line_date,doc_type,doc_no,description,due_date,debit,"
		"credit,running_balance\n", 120), 0);
	assert_non_null(strstr(c, "\"\"\"Q\"\" <script>"));	/* quoted */
	assert_non_null(strstr(c, ",12345678.90,"));
	free(c);

	/* an amount wider than its column is shown whole, never cut */
	lines[0].amount = lines[0].open = lines[0].balance = 123456789012;
	lines[1].balance = x.closing = x.amount_due = 123456789012;
	t = render(&s, AR_STATEMENT_TEXT);
	assert_non_null(strstr(t, "    1,234,567,890.12 1,234,567,890.12\n"));
	assert_non_null(strstr(t, "USD 1,234,567,890.12"));
	free(t);

	/* PDF: the hostile statement twice makes one file of two letters
	 * (its text is read back by tests/cli/statement-pdf.t) */
	char *pdf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&pdf, &len);
	struct ar_statement_writer *w;
	assert_int_equal(ar_statement_writer_new(&w, fp, AR_STATEMENT_PDF, 0), AR_OK);
	assert_int_equal(ar_statement_write(w, &s), AR_OK);
	assert_int_equal(ar_statement_write(w, &s), AR_OK);
	assert_int_equal(ar_statement_writer_finish(w), AR_OK);
	assert_string_equal(ar_statement_writer_errmsg(w), "");
	ar_statement_writer_free(w);
	fclose(fp);
	assert_true(len > 1000 && strncmp(pdf, "%PDF-", 5) == 0);
	assert_int_equal(memcmp(pdf + len - 6, "%%EOF\n", 6), 0);
	free(pdf);

	/* a PDF of no statement is no bytes; a logo that is not there is
	 * said, not skipped */
	fp = open_memstream(&pdf, &len);
	assert_int_equal(ar_statement_writer_new(&w, fp, AR_STATEMENT_PDF, 0), AR_OK);
	assert_int_equal(ar_statement_writer_finish(w), AR_OK);
	fflush(fp);
	assert_int_equal(len, 0);
	struct ar_statement_company nologo = company;
	nologo.logo = "/nonexistent/logo.png";
	s.company = &nologo;
	assert_int_equal(ar_statement_write(w, &s), AR_ELEDGER);
	assert_string_equal(ar_statement_writer_errmsg(w), "company.logo: cannot "
			    "read '/nonexistent/logo.png': No such file or directory");
	ar_statement_writer_free(w);
	fclose(fp);
	free(pdf);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* An address laid out for its country. */
static void t_address_lines(void **state)
{
	char buf[1024];
	const char *l[5];
	(void)state;
	int n = ar_statement_address_lines("100 Main St", "", "Springfield",
					   "IL", "62701", "US", buf,
					   sizeof(buf), l);
	assert_int_equal(n, 3);
	assert_string_equal(l[0], "100 Main St");
	assert_string_equal(l[1], "Springfield, IL 62701");
	assert_string_equal(l[2], "US");
	n = ar_statement_address_lines("Hauptstraße 5", "Hof 2", "Berlin",
				       "BE", "10115", "de", buf, sizeof(buf), l);
	assert_int_equal(n, 4);
	assert_string_equal(l[1], "Hof 2");
	assert_string_equal(l[2], "10115 Berlin");
	assert_string_equal(l[3], "de");
	n = ar_statement_address_lines("1 Dot Road", "", "Leeds", "",
				       "LS1 1AA", "GB", buf, sizeof(buf), l);
	assert_int_equal(n, 4);
	assert_string_equal(l[1], "Leeds");
	assert_string_equal(l[2], "LS1 1AA");
	/* nothing known: no lines */
	assert_int_equal(ar_statement_address_lines("", "", "", "", "", "",
						    buf, sizeof(buf), l), 0);
	/* a buffer too small loses the lines that do not fit, never
	 * writes past its end */
	n = ar_statement_address_lines("100 Main St", "", "Springfield",
				       "IL", "62701", "US", buf, 16, l);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "100 Main St");
	assert_string_equal(l[1], "US");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_period),
		cmocka_unit_test(t_file_name),
		cmocka_unit_test(t_render_hostile),
		cmocka_unit_test(t_address_lines),
		LEDGER_TEST(t_open_item),
		LEDGER_TEST(t_every_customer),
		LEDGER_TEST(t_activity),
		LEDGER_TEST(t_selection),
		LEDGER_TEST(t_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
