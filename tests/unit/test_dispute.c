/*
 * test_dispute.c - disputes (ar-dispute): reason codes and their setting,
 * the mapping of imported outcome words, opening (the default amount,
 * what is open less what is disputed, refused documents), notes and
 * owners as of a date, each resolution and what it posts, the write-off
 * waiting for approval, the list's filters, the report's figures, and
 * the one definition of an open dispute the aging reads; the ledger's
 * check stays clean after every resolution.
 *
 * The ledger, approval limit 100.00 USD:
 *
 *   C1 USD  I1 200.00 2026-03-01 due 2026-03-31, 50.00 paid by P1
 *           I2  80.00 2026-03-05 due 2026-04-04
 *           I3 500.00 2026-03-10 due 2026-04-09
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/age.h"
#include "ar/apply.h"
#include "ar/dispute.h"
#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/report.h"
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

static void import(struct ar_ledger *l, enum ar_record_type t, const char *csv)
{
	struct ar_import_stats s;
	int64_t b;
	fix_import(l, "test", t, csv, &b, &s);
}

static void begin(struct ar_ledger *l)
{
	int64_t b;
	fix_begin(l, "test", &b);
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

static void check_clean(struct ar_ledger *l)
{
	long problems = -1;
	assert_int_equal(ar_ledger_check(l, NULL, NULL, &problems), AR_OK);
	assert_int_equal(problems, 0);
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
	import(f->l, AR_REC_CUSTOMERS, "customer_id,name,currency\nC1,One,USD\n");
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "I1,C1,2026-03-01,2026-03-31,200.00,USD\n"
	       "I2,C1,2026-03-05,2026-04-04,80.00,USD\n"
	       "I3,C1,2026-03-10,2026-04-09,500.00,USD\n");
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency\n"
	       "P1,C1,2026-03-20,50.00,USD\n");
	import(f->l, AR_REC_APPLICATIONS,
	       "payment_no,invoice_no,amount,date\nP1,I1,50.00,2026-03-20\n");
	begin(f->l);
	assert_int_equal(ar_setting_set(f->l, "writeoff.approval_limit",
					"100.00"), AR_OK);
	commit(f->l);
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

/* Open a dispute in a batch of its own; the status, *id set on AR_OK. */
static ar_status open_one(struct ar_ledger *l, const char *doc,
			  const char *reason, const char *amount,
			  const char *date, int64_t *id)
{
	struct ar_dispute_new d = {
		.doc_no = doc, .reason = reason, .amount = amount,
		.date = day(date),
	};
	begin(l);
	ar_status st = ar_dispute_open(l, &d, id);
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

static ar_status resolve(struct ar_ledger *l, struct ar_dispute_resolve *r,
			 struct ar_dispute_result *res)
{
	begin(l);
	ar_status st = ar_dispute_resolve(l, r, res);
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

/* The aging's disputed amount of document no as of date. */
struct find {
	const char *no;
	int64_t disputed, open;
	bool seen;
};

static ar_status on_item(void *ctx, const struct ar_age_item *it)
{
	struct find *f = ctx;
	if (strcmp(it->doc_no, f->no) == 0) {
		f->disputed = it->disputed;
		f->open = it->open_amount;
		f->seen = true;
	}
	return AR_OK;
}

static struct find aged(struct ar_ledger *l, const char *no, const char *date)
{
	struct ar_age_options o;
	struct ar_age_proof proof;
	struct find f = {.no = no};
	ar_age_options_init(&o);
	o.as_of = day(date);
	assert_int_equal(ar_age_detail(l, &o, on_item, &f, &proof), AR_OK);
	return f;
}

/* ------------------------------------------------------------------ */

static void t_reasons(void **state)
{
	struct fixture *f = *state;
	char list[512], code[AR_DISPUTE_CODE_MAX + 1];
	bool known, kept;

	assert_int_equal(ar_dispute_reason_known(f->l, "pricing", &known, list,
						 sizeof(list)), AR_OK);
	assert_true(known);
	assert_string_equal(list, "pricing,quantity,damaged,not_received,"
			    "duplicate_billing,tax,terms,service,other");
	ar_dispute_reason_known(f->l, "price", &known, NULL, 0);
	assert_false(known);	/* a prefix of a code is none */
	ar_dispute_reason_known(f->l, "other", &known, NULL, 0);
	assert_true(known);	/* the last one */
	ar_dispute_reason_known(f->l, "", &known, NULL, 0);
	assert_false(known);

	assert_int_equal(ar__dispute_reason_map(f->l, "tax", code, &kept), AR_OK);
	assert_string_equal(code, "tax");
	assert_false(kept);
	ar__dispute_reason_map(f->l, "opened", code, &kept);
	assert_string_equal(code, "other");
	assert_true(kept);
	ar__dispute_reason_map(f->l, NULL, code, &kept);
	assert_string_equal(code, "other");
	assert_false(kept);

	/* the setting: distinct codes, 'other' among them */
	begin(f->l);
	assert_int_equal(ar_setting_set(f->l, "dispute.reasons", "a,b"),
			 AR_EUSAGE);
	assert_int_equal(ar_setting_set(f->l, "dispute.reasons",
					"a,other,a"), AR_EUSAGE);
	assert_int_equal(ar_setting_set(f->l, "dispute.reasons", "A,other"),
			 AR_EUSAGE);
	assert_int_equal(ar_setting_set(f->l, "dispute.reasons", "a,other,"),
			 AR_EUSAGE);
	assert_int_equal(ar_setting_set(f->l, "dispute.reasons",
					"freight,other"), AR_OK);
	ar_dispute_reason_known(f->l, "freight", &known, NULL, 0);
	assert_true(known);
	ar_dispute_reason_known(f->l, "pricing", &known, NULL, 0);
	assert_false(known);
	ar_ledger_rollback(f->l);
}

static void t_open(void **state)
{
	struct fixture *f = *state;
	int64_t id = 0;

	/* I1: 150.00 open; 60.00 disputed, then at most 90.00 more */
	assert_int_equal(open_one(f->l, "I1", "pricing", "60.00", "2026-04-01",
				  &id), AR_OK);
	assert_int_equal(id, 1);
	assert_int_equal(open_one(f->l, "I1", "tax", "90.01", "2026-04-01",
				  &id), AR_EUSAGE);
	assert_int_equal(open_one(f->l, "I1", "tax", NULL, "2026-04-01", &id),
			 AR_OK);
	assert_int_equal(count(f->l, "SELECT amount FROM dispute WHERE id = 2"),
			 9000);
	/* nothing left of I1 to dispute */
	assert_int_equal(open_one(f->l, "I1", "tax", NULL, "2026-04-01", &id),
			 AR_EUSAGE);
	assert_int_equal(open_one(f->l, "I2", "freight", NULL, "2026-04-01",
				  &id), AR_EUSAGE);
	assert_int_equal(open_one(f->l, "P1", "tax", NULL, "2026-04-01", &id),
			 AR_EUSAGE);
	assert_int_equal(open_one(f->l, "I9", "tax", NULL, "2026-04-01", &id),
			 AR_EUSAGE);
	assert_int_equal(open_one(f->l, "I2", "tax", NULL, "2026-03-04", &id),
			 AR_EUSAGE);
	assert_int_equal(open_one(f->l, "I2", "tax", "0", "2026-04-01", &id),
			 AR_EUSAGE);
	assert_int_equal(count(f->l, "SELECT count(*) FROM dispute"), 2);
	assert_int_equal(count(f->l, "SELECT count(*) FROM activity WHERE "
			       "kind = 'dispute'"), 2);

	/* the aging: disputed from the opening day, at most what is open */
	assert_int_equal(aged(f->l, "I1", "2026-03-31").disputed, 0);
	assert_int_equal(aged(f->l, "I1", "2026-04-01").disputed, 15000);
}

static ar_status on_list(void *ctx, const struct ar_dispute_row *r)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 1024 - n, "%lld:%s:%s:%s:%d;", (long long)r->id,
		 r->owner, r->status, r->last_note, r->days_open);
	return AR_OK;
}

static void list(struct ar_ledger *l, enum ar_dispute_status status,
		 const char *owner, const char *date, char *buf)
{
	struct ar_dispute_filter flt = {
		.as_of = day(date), .status = status, .owner = owner,
	};
	buf[0] = '\0';
	assert_int_equal(ar_dispute_list(l, &flt, on_list, buf), AR_OK);
}

static void t_notes(void **state)
{
	struct fixture *f = *state;
	char buf[1024];
	int64_t id;
	assert_int_equal(open_one(f->l, "I2", "damaged", NULL, "2026-04-01",
				  &id), AR_OK);
	begin(f->l);
	assert_int_equal(ar_dispute_note(f->l, id, day("2026-04-02"), "Ann",
					 NULL), AR_OK);
	assert_int_equal(ar_dispute_note(f->l, id, day("2026-04-03"), NULL,
					 "photos asked"), AR_OK);
	assert_int_equal(ar_dispute_note(f->l, id, day("2026-04-05"), "Bob",
					 NULL), AR_OK);
	assert_int_equal(ar_dispute_note(f->l, id, day("2026-03-31"), NULL,
					 "x"), AR_EUSAGE);
	assert_int_equal(ar_dispute_note(f->l, 99, day("2026-04-05"), NULL,
					 "x"), AR_EUSAGE);
	assert_int_equal(ar_dispute_note(f->l, id, day("2026-04-05"), NULL,
					 ""), AR_EUSAGE);
	commit(f->l);

	/* the owner and the last note as of each day */
	list(f->l, AR_DISPUTE_OPEN, NULL, "2026-04-01", buf);
	assert_string_equal(buf, "1::open::0;");
	list(f->l, AR_DISPUTE_OPEN, NULL, "2026-04-04", buf);
	assert_string_equal(buf, "1:Ann:open:photos asked:3;");
	list(f->l, AR_DISPUTE_OPEN, NULL, "2026-04-06", buf);
	assert_string_equal(buf, "1:Bob:open:photos asked:5;");
	list(f->l, AR_DISPUTE_OPEN, "Ann", "2026-04-06", buf);
	assert_string_equal(buf, "");
	list(f->l, AR_DISPUTE_OPEN, NULL, "2026-03-31", buf);
	assert_string_equal(buf, "");
	list(f->l, AR_DISPUTE_RESOLVED, NULL, "2026-04-06", buf);
	assert_string_equal(buf, "");
}

static void t_credit(void **state)
{
	struct fixture *f = *state;
	struct ar_dispute_result res;
	char buf[1024];
	int64_t id;

	assert_int_equal(open_one(f->l, "I1", "pricing", "100.00", "2026-04-01",
				  &id), AR_OK);
	struct ar_dispute_resolve r = {
		.id = id, .how = AR_DISPUTE_CREDIT, .amount = "150.01",
		.date = day("2026-04-10"), .due = AR_DATE_NONE,
	};
	assert_int_equal(resolve(f->l, &r, &res), AR_EUSAGE);	/* over open */
	r.amount = "40.00";
	r.text = "agreed";
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);
	assert_string_equal(res.resolution, "credit");
	assert_string_equal(res.posted_no, "DSP-1");
	assert_int_equal(res.amount, 4000);
	check_clean(f->l);
	/* the credit applied to I1; the rest counts again from then */
	struct find a = aged(f->l, "I1", "2026-04-10");
	assert_int_equal(a.open, 11000);
	assert_int_equal(a.disputed, 0);
	assert_int_equal(aged(f->l, "I1", "2026-04-09").disputed, 10000);
	/* resolved once */
	r.how = AR_DISPUTE_REINSTATE;
	assert_int_equal(resolve(f->l, &r, &res), AR_EUSAGE);
	list(f->l, AR_DISPUTE_RESOLVED, NULL, "2026-04-10", buf);
	assert_string_equal(buf, "1::resolved:agreed:9;");
	/* before the resolution date it is open */
	list(f->l, AR_DISPUTE_OPEN, NULL, "2026-04-09", buf);
	assert_string_equal(buf, "1::open::8;");
	/* a resolution before the opening is refused */
	assert_int_equal(open_one(f->l, "I2", "tax", NULL, "2026-04-05", &id),
			 AR_OK);
	struct ar_dispute_resolve early = {
		.id = id, .how = AR_DISPUTE_REINSTATE,
		.date = day("2026-04-04"), .due = AR_DATE_NONE,
	};
	assert_int_equal(resolve(f->l, &early, &res), AR_EUSAGE);
}

static void t_writeoff(void **state)
{
	struct fixture *f = *state;
	struct ar_dispute_result res;
	int64_t small, big;

	assert_int_equal(open_one(f->l, "I2", "damaged", "30.00", "2026-04-01",
				  &small), AR_OK);
	assert_int_equal(open_one(f->l, "I3", "service", NULL, "2026-04-01",
				  &big), AR_OK);
	struct ar_dispute_resolve r = {
		.id = small, .how = AR_DISPUTE_WRITEOFF,
		.date = day("2026-04-10"), .due = AR_DATE_NONE,
	};
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);
	assert_string_equal(res.resolution, "writeoff");
	assert_int_equal(res.amount, 3000);
	assert_int_equal(count(f->l, "SELECT count(*) FROM dispute_resolution "
			       "r JOIN document w ON w.id = r.credit_doc WHERE "
			       "w.doc_type = 'writeoff' AND w.reason = "
			       "'dispute' AND w.amount = 3000"), 1);
	check_clean(f->l);

	/* over the limit: a request, the dispute still open */
	r.id = big;
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);
	assert_string_equal(res.resolution, "pending");
	assert_int_equal(res.request, 1);
	assert_int_equal(count(f->l, "SELECT count(*) FROM dispute_resolution"),
			 1);
	assert_int_equal(aged(f->l, "I3", "2026-04-10").disputed, 50000);
	r.how = AR_DISPUTE_REINSTATE;
	assert_int_equal(resolve(f->l, &r, &res), AR_EUSAGE);	/* waits */

	/* the approval resolves it on its date */
	struct ar_writeoff_options o;
	int64_t ids[] = {1};
	ar_writeoff_options_init(&o);
	o.as_of = day("2026-04-12");
	begin(f->l);
	assert_int_equal(ar_writeoff_decide(f->l, ids, 1, true, &o, NULL, NULL),
			 AR_OK);
	commit(f->l);
	assert_int_equal(count(f->l, "SELECT count(*) FROM dispute_resolution "
			       "WHERE resolution = 'writeoff'"), 2);
	assert_int_equal(count(f->l, "SELECT dispute FROM dispute_resolution "
			       "WHERE resolved = '2026-04-12'"), big);
	assert_int_equal(aged(f->l, "I3", "2026-04-12").seen, false);
	check_clean(f->l);
}

static void t_rebill(void **state)
{
	struct fixture *f = *state;
	struct ar_dispute_result res;
	int64_t id;

	/* I1: 200.00, 50.00 paid; rebilled at 180.00 */
	assert_int_equal(open_one(f->l, "I1", "pricing", NULL, "2026-04-01",
				  &id), AR_OK);
	struct ar_dispute_resolve r = {
		.id = id, .how = AR_DISPUTE_REBILL, .amount = "180.00",
		.new_invoice_no = "I2", .date = day("2026-04-10"),
		.due = AR_DATE_NONE,
	};
	assert_int_equal(resolve(f->l, &r, &res), AR_EUSAGE);	/* taken */
	r.new_invoice_no = "I1R";
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);
	assert_string_equal(res.resolution, "rebilled");
	assert_string_equal(res.new_no, "I1R");
	check_clean(f->l);
	assert_false(aged(f->l, "I1", "2026-04-10").seen);
	struct find n = aged(f->l, "I1R", "2026-04-10");
	assert_true(n.seen);
	assert_int_equal(n.open, 13000);	/* 180.00 less the 50.00 paid */
	assert_int_equal(count(f->l, "SELECT count(*) FROM document WHERE "
			       "doc_no = 'I1R' AND due_date = '2026-03-31' AND "
			       "doc_date = '2026-04-10'"), 1);
	/* the customer's balance: 780 - 50 - 200 + 180 */
	assert_int_equal(count(f->l, "SELECT balance FROM balance_state"),
			 71000);
}

static void t_closed(void **state)
{
	struct fixture *f = *state;
	struct ar_dispute_result res;
	int64_t id;

	begin(f->l);
	assert_int_equal(ar_ledger_close_period(f->l, "2026-03"), AR_OK);
	commit(f->l);
	/* opening posts nothing: it may be dated in the closed period */
	assert_int_equal(open_one(f->l, "I2", "tax", NULL, "2026-03-20", &id),
			 AR_OK);
	struct ar_dispute_resolve r = {
		.id = id, .how = AR_DISPUTE_CREDIT,
		.date = day("2026-03-31"), .due = AR_DATE_NONE,
	};
	assert_int_equal(resolve(f->l, &r, &res), AR_EUSAGE);
	r.date = day("2026-04-01");
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);
	assert_int_equal(res.amount, 8000);
	check_clean(f->l);
}

static ar_status on_stats(void *ctx, const struct ar_dispute_stats *s)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 1024 - n, "%s/%lld/%lld/%lld/%lld/%lld/%lld/%lld;",
		 s->reason, (long long)s->opened, (long long)s->open,
		 (long long)s->open_age[0], (long long)s->open_age[1],
		 (long long)s->resolved, (long long)s->avg_days,
		 (long long)s->reinstated);
	return AR_OK;
}

static void t_report(void **state)
{
	struct fixture *f = *state;
	struct ar_dispute_result res;
	struct ar_report_options o;
	char buf[1024] = "";
	int64_t a, b, c;

	assert_int_equal(open_one(f->l, "I1", "pricing", "10.00", "2026-04-01",
				  &a), AR_OK);
	assert_int_equal(open_one(f->l, "I2", "pricing", "20.00", "2026-04-01",
				  &b), AR_OK);
	assert_int_equal(open_one(f->l, "I3", "tax", "30.00", "2026-04-01",
				  &c), AR_OK);
	struct ar_dispute_resolve r = {
		.id = a, .how = AR_DISPUTE_REINSTATE,
		.date = day("2026-04-04"), .due = AR_DATE_NONE,
	};
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);
	r.id = b;
	r.date = day("2026-04-11");
	assert_int_equal(resolve(f->l, &r, &res), AR_OK);

	ar_report_options_init(&o);
	o.as_of = day("2026-05-10");
	assert_int_equal(ar_report_disputes(f->l, &o, on_stats, buf), AR_OK);
	/* pricing: 2 resolved in 3 and 10 days; tax open 39 days: 31-60 */
	assert_string_equal(buf, "pricing/2/0/0/0/2/650/2;tax/1/1/0/3000/0/"
			    "-9223372036854775808/0;");
	buf[0] = '\0';
	o.to = day("2026-04-05");
	assert_int_equal(ar_report_disputes(f->l, &o, on_stats, buf), AR_OK);
	assert_string_equal(buf, "pricing/2/1/2000/0/1/300/1;tax/1/1/3000/0/0/"
			    "-9223372036854775808/0;");
	buf[0] = '\0';
	o.from = day("2026-04-05");
	o.to = day("2026-05-10");
	assert_int_equal(ar_report_disputes(f->l, &o, on_stats, buf), AR_OK);
	/* nothing opened in the period; one resolved in it */
	assert_string_equal(buf, "pricing/0/0/0/0/1/1000/1;tax/0/1/0/3000/0/"
			    "-9223372036854775808/0;");
	o.from = day("2026-05-11");
	assert_int_equal(ar_report_disputes(f->l, &o, on_stats, buf),
			 AR_EUSAGE);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		LEDGER_TEST(t_reasons),
		LEDGER_TEST(t_open),
		LEDGER_TEST(t_notes),
		LEDGER_TEST(t_credit),
		LEDGER_TEST(t_writeoff),
		LEDGER_TEST(t_rebill),
		LEDGER_TEST(t_closed),
		LEDGER_TEST(t_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
