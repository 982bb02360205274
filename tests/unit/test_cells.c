/*
 * test_cells.c - the put functions of the row types: each row's cells in
 * the order of its column table, the cells left empty, the highlights a
 * workbook gets, and the totals lines that only a table shows.
 *
 * The cells go to a recorder that writes each as a word: "t:TEXT",
 * "m:MINOR/EXPONENT", "i:N", "d:YYYY-MM-DD" ("d:" for none), "-"
 * (empty), "H" (the next cell highlighted), "T" (the next row is a totals
 * line), and a newline at the end of a row.
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
#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/refund.h"
#include "ar/writeoff.h"

struct rec {
	char buf[4096];
	size_t n;
	int rows;
};

static void add(struct rec *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r->n += (size_t)vsnprintf(r->buf + r->n, sizeof(r->buf) - r->n, fmt, ap);
	va_end(ap);
	assert_true(r->n < sizeof(r->buf));
}

static void r_text(void *c, const char *s) { add(c, "t:%s ", s); }
static void r_money(void *c, int64_t v, int e)
{
	add(c, "m:%lld/%d ", (long long)v, e);
}
static void r_int(void *c, int64_t v) { add(c, "i:%lld ", (long long)v); }
static void r_date(void *c, ar_date d)
{
	char b[AR_DATE_BUFSZ] = "";
	if (d != AR_DATE_NONE)
		ar_date_format(b, d);
	add(c, "d:%s ", b);
}
static void r_null(void *c) { add(c, "- "); }
static void r_hi(void *c) { add(c, "H "); }
static void r_totals(void *c) { add(c, "T "); }
static ar_status r_end(void *c)
{
	struct rec *r = c;
	if (r->n && r->buf[r->n - 1] == ' ')
		r->n--;
	add(r, "\n");
	r->rows++;
	return AR_OK;
}

/* A recorder with every callback, or without highlight and totals (as a
 * writer has no highlight and a workbook no totals). */
static void recorder(struct ar_cells *c, struct rec *r, bool all)
{
	memset(r, 0, sizeof(*r));
	*c = (struct ar_cells){
		.text = r_text, .money = r_money, .integer = r_int,
		.date = r_date, .null = r_null, .end_row = r_end, .ctx = r,
	};
	if (all) {
		c->highlight = r_hi;
		c->totals = r_totals;
	}
}

static ar_date day(const char *iso)
{
	ar_date d = AR_DATE_NONE;
	if (ar_date_parse_iso(iso, strlen(iso), &d) != AR_OK)
		fail_msg("bad date in a test: %s", iso);
	return d;
}

/* By due date with edges 30,60,90,120: current, 1-30, 31-60, 61-90,
 * 91-120 (the first bucket over 90), over_120. */
static void age_options(struct ar_age_options *o)
{
	ar_age_options_init(o);
	assert_int_equal(ar_age_parse_edges(o, "30,60,90,120"), AR_OK);
}

static struct ar_age_row age_row(const char *id, const char *cur,
				 int64_t b91, int64_t current)
{
	struct ar_age_row r = {
		.customer_id = id, .customer_name = "Name", .collector = "Ann",
		.exponent = 2, .nbuckets = 6, .oldest_days = 100,
		.last_payment = day("2026-10-01"),
	};
	memcpy(r.currency, cur, 4);
	r.bucket[0] = current;
	r.bucket[4] = b91;
	r.total = b91 + current;
	r.unapplied = -5;
	r.balance = r.total - 5;
	r.disputed = 7;
	return r;
}

static void t_age_rows(void **state)
{
	struct ar_age_options o;
	struct ar_age_cells *c = malloc(sizeof(*c));
	struct ar_cells out;
	struct rec r;
	(void)state;
	assert_non_null(c);
	age_options(&o);
	recorder(&out, &r, true);
	ar_age_cells_init(c, &o, false, &out);
	assert_int_equal(c->nbuckets, 6);
	assert_int_equal(c->hi_from, 4);
	struct ar_age_row a = age_row("C1", "USD", 100, 20);
	struct ar_age_row b = age_row("C2", "USD", 0, 30);
	struct ar_age_row e = age_row("C3", "EUR", 40, 0);
	assert_int_equal(ar_age_row_put(c, &a), AR_OK);
	assert_int_equal(ar_age_row_put(c, &b), AR_OK);
	assert_int_equal(ar_age_row_put(c, &e), AR_OK);
	assert_int_equal(ar_age_totals_put(c), AR_OK);
	/* only a non-zero amount over 90 days is highlighted */
	assert_string_equal(r.buf,
		"t:C1 t:Name t:USD m:20/2 m:0/2 m:0/2 m:0/2 H m:100/2 m:0/2 "
		"m:120/2 m:-5/2 m:115/2 m:7/2 i:100 d:2026-10-01 t:Ann\n"
		"t:C2 t:Name t:USD m:30/2 m:0/2 m:0/2 m:0/2 m:0/2 m:0/2 "
		"m:30/2 m:-5/2 m:25/2 m:7/2 i:100 d:2026-10-01 t:Ann\n"
		"t:C3 t:Name t:EUR m:0/2 m:0/2 m:0/2 m:0/2 H m:40/2 m:0/2 "
		"m:40/2 m:-5/2 m:35/2 m:7/2 i:100 d:2026-10-01 t:Ann\n"
		"T t:total t: t:USD m:50/2 m:0/2 m:0/2 m:0/2 H m:100/2 m:0/2 "
		"m:150/2 m:-10/2 m:140/2 m:14/2 - - -\n"
		"T t:total t: t:EUR m:0/2 m:0/2 m:0/2 m:0/2 H m:40/2 m:0/2 "
		"m:40/2 m:-5/2 m:35/2 m:7/2 - - -\n");

	/* a destination without totals lines gets none */
	recorder(&out, &r, false);
	ar_age_cells_init(c, &o, false, &out);
	assert_int_equal(ar_age_row_put(c, &a), AR_OK);
	assert_int_equal(ar_age_totals_put(c), AR_OK);
	assert_int_equal(r.rows, 1);
	assert_null(strstr(r.buf, "H "));
	free(c);
}

static void t_age_items(void **state)
{
	struct ar_age_options o;
	struct ar_age_cells *c = malloc(sizeof(*c));
	struct ar_cells out;
	struct rec r;
	(void)state;
	assert_non_null(c);
	age_options(&o);
	o.by = AR_AGE_BY_INVOICE;	/* 0-30, 31-60, 61-90, 91-120, over_120 */
	recorder(&out, &r, true);
	ar_age_cells_init(c, &o, true, &out);
	assert_int_equal(c->hi_from, 3);
	struct ar_age_item old = {
		.customer_id = "C1", .customer_name = "Name",
		.doc_type = "invoice", .doc_no = "I1", .po_number = "PO9",
		.doc_date = day("2026-06-01"), .due_date = day("2026-07-01"),
		.days = 152, .bucket = 4, .amount = 1000, .open_amount = 600,
		.disputed = 100, .currency = "USD", .exponent = 2,
	};
	struct ar_age_item credit = {
		.customer_id = "C1", .customer_name = "Name",
		.doc_type = "payment", .doc_no = "P1", .po_number = "",
		.doc_date = day("2026-10-30"), .due_date = AR_DATE_NONE,
		.days = 1, .bucket = -1, .amount = -50, .open_amount = -50,
		.currency = "USD", .exponent = 2,
	};
	assert_int_equal(ar_age_item_put(c, &old), AR_OK);
	assert_int_equal(ar_age_item_put(c, &credit), AR_OK);
	assert_int_equal(ar_age_totals_put(c), AR_OK);
	assert_string_equal(r.buf,
		"t:C1 t:Name t:invoice t:I1 d:2026-06-01 d:2026-07-01 i:152 "
		"t:over_120 m:1000/2 H m:600/2 t:USD m:100/2 t:PO9\n"
		"t:C1 t:Name t:payment t:P1 d:2026-10-30 d: i:1 "
		"t:unapplied m:-50/2 m:-50/2 t:USD m:0/2 t:\n"
		"T t:total - - - - - - - m:950/2 m:550/2 t:USD m:100/2\n");
	free(c);
}

static void t_application(void **state)
{
	struct ar_application_row a = {
		.batch = 7, .date = day("2026-10-31"), .customer_id = "C1",
		.credit_type = "payment", .credit_no = "P1", .doc_no = "I1",
		.currency = "JPY", .exponent = 0, .amount = 500, .rule = "ref",
		.doc_open_after = 0, .credit_unapplied_after = 20, .flag = "",
	};
	struct ar_cells out;
	struct rec r;
	(void)state;
	recorder(&out, &r, true);
	assert_int_equal(ar_application_row_put(&out, &a), AR_OK);
	assert_string_equal(r.buf, "i:7 d:2026-10-31 t:C1 t:payment t:P1 "
			    "t:I1 m:500/0 t:ref m:0/0 m:20/0 t:\n");
	assert_int_equal(AR_APPLICATION_COLUMNS, 11);
	assert_string_equal(ar_application_columns[10].name, "flag");
	assert_int_equal(ar_application_columns[6].type, AR_COL_MONEY);
}

static void t_journal(void **state)
{
	struct ar_refund_info f = {
		.date = day("2026-10-31"), .currency = "EUR", .exponent = 2,
		.amount = 1234, .doc_no = "RF-1", .credit_no = "CM-2",
		.customer_id = "C9",
	};
	struct ar_journal_line j = {
		.date = day("2026-10-30"), .account = "4000", .credit = 5,
		.currency = "USD", .exponent = 2, .memo = "m",
	};
	struct ar_cells out;
	struct rec r;
	(void)state;
	recorder(&out, &r, true);
	/* a debit or credit of 0 is empty */
	assert_int_equal(ar_journal_line_put(&out, &j), AR_OK);
	assert_int_equal(ar_refund_journal_put(&out, &f, "1200", "1000"), AR_OK);
	assert_string_equal(r.buf,
		"d:2026-10-30 t:4000 - m:5/2 t:m t:USD\n"
		"d:2026-10-31 t:1200 m:1234/2 - t:RF-1 refunds CM-2 to C9 t:EUR\n"
		"d:2026-10-31 t:1000 - m:1234/2 t:RF-1 refunds CM-2 to C9 t:EUR\n");
}

static void t_ledger_rows(void **state)
{
	struct ar_batch_info b = {
		.id = 3, .command = "ar-import", .args = "ar-import x.csv",
		.user = "ann", .started = "S", .finished = "", .summary = "ok",
	};
	struct ar_cells out;
	struct rec r;
	(void)state;
	recorder(&out, &r, true);
	assert_int_equal(ar_setting_row_put(&out, "a", "1", true), AR_OK);
	assert_int_equal(ar_setting_row_put(&out, "b", "2", false), AR_OK);
	assert_int_equal(ar_setting_row_put(&out, "gl.cash", "", false), AR_OK);
	assert_int_equal(ar_batch_row_put(&out, &b), AR_OK);
	assert_string_equal(r.buf,
		"t:a t:1 t:set\n"
		"t:b t:2 t:default\n"
		"t:gl.cash t: t:unset\n"
		"i:3 t:ar-import t:ar-import x.csv t:ann t:S t: t:ok\n");
	assert_string_equal(ar_setting_columns[2].name, "source");
	assert_string_equal(ar_batch_columns[AR_BATCH_COLUMNS - 1].name,
			    "summary");
}

static void t_import_reject(void **state)
{
	struct ar_csv_reader *rd;
	char *const header[] = {"invoice_no", "amount"};
	struct ar_import_error e = {
		.file = "x.csv", .line = 2, .field = "amount", .value = "1,2",
		.reason = "is not an amount", .header = header, .nhead = 2,
	};
	struct ar_column cols[3];
	struct ar_cells out;
	struct rec r;
	(void)state;
	assert_int_equal(ar_csv_reader_open_record(&rd,
		"invoice_no=I1,amount=1\\,2", "--row"), AR_OK);
	while (ar_csv_next(rd) == AR_OK &&
	       strcmp(ar_csv_field(rd, 0, NULL), "I1") != 0)
		;
	assert_int_equal(ar_import_reject_columns(&e, cols), 3);
	assert_string_equal(cols[0].name, "invoice_no");
	assert_string_equal(cols[2].name, "error");
	recorder(&out, &r, true);
	assert_int_equal(ar_import_reject_put(&out, &e, rd, 2), AR_OK);
	e.field = e.value = NULL;
	e.reason = "names no customer";
	assert_int_equal(ar_import_reject_put(&out, &e, rd, 2), AR_OK);
	assert_string_equal(r.buf,
		"t:I1 t:1,2 t:line 2: amount '1,2' is not an amount\n"
		"t:I1 t:1,2 t:line 2: names no customer\n");
	ar_csv_reader_free(rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_age_rows),
		cmocka_unit_test(t_age_items),
		cmocka_unit_test(t_application),
		cmocka_unit_test(t_journal),
		cmocka_unit_test(t_ledger_rows),
		cmocka_unit_test(t_import_reject),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
