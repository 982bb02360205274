/*
 * test_state.c - the open-item state: kept by the triggers through
 * imports, cash application, an undo and a returned payment; aging read
 * from it equals aging recomputed from the history at every date; check
 * finds a tampered state and rebuild makes it right.
 *
 * The ledger is the samples' year (the csv files of samples/) with its cash applied,
 * and the aging fixture of the CLI tests (tests/cli/data/age-*.csv:
 * backdated payments, disputes, two currencies, unapplied credits).
 * Run from the top of the tree, as make unit does.
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

#include "ar/age.h"
#include "ar/apply.h"
#include "ar/import.h"
#include "ar/ledger.h"
#include "internal.h"
#include "tmpfiles.h"
#include "ledgerfix.h"

static char path[128];
static struct ar_ledger *led;

static void import_file(const char *file, enum ar_record_type type)
{
	fix_import_file(led, "test_state", file, type);
}

static void apply_cash(const char *as_of, int64_t *batch)
{
	struct ar_apply_options o;
	ar_apply_options_init(&o);
	assert_int_equal(ar_date_parse_iso(as_of, 10, &o.as_of), AR_OK);
	fix_begin(led, "ar-apply", batch);
	if (ar_apply_run(led, &o, NULL, NULL) != AR_OK)
		fail_msg("apply: %s", ar_ledger_errmsg(led));
	commit(led);
}

static void sql_ok(const char *text)
{
	char *err = NULL;
	if (sqlite3_exec(ar__db(led), text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err ? err : "?");
}

static int setup(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		enum ar_record_type type;
	} files[] = {
		{"tests/cli/data/age-customers.csv", AR_REC_CUSTOMERS},
		{"tests/cli/data/age-invoices.csv", AR_REC_INVOICES},
		{"tests/cli/data/age-credits.csv", AR_REC_CREDITS},
		{"tests/cli/data/age-payments.csv", AR_REC_PAYMENTS},
		{"tests/cli/data/age-applications.csv", AR_REC_APPLICATIONS},
		{"tests/cli/data/age-activities.csv", AR_REC_ACTIVITIES},
		{"tests/cli/data/age-backdated-payments.csv", AR_REC_PAYMENTS},
		{"tests/cli/data/age-backdated-applications.csv",
		 AR_REC_APPLICATIONS},
	};
	int64_t first, second;

	snprintf(path, sizeof(path), "%s", new_path("db"));
	if (ar_ledger_open(&led, path, AR_LEDGER_CREATE, NULL) != AR_OK)
		return -1;
	fix_import_samples(led, "test_state");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		import_file(files[i].file, files[i].type);
	/* half the year's cash, then the rest; the first run undone and
	 * made again, and a returned payment with a fee */
	apply_cash("2026-05-31", &first);
	fix_begin(led, "ar-apply", NULL);
	if (ar_apply_undo(led, first, NULL) != AR_OK)
		fail_msg("undo: %s", ar_ledger_errmsg(led));
	commit(led);
	apply_cash("2026-05-31", &second);
	apply_cash("2026-10-31", &second);
	struct ar_reverse_options rv = {.payment_no = "PMT-0000521",
					.fee = "25.00", .reason = "NSF"};
	assert_int_equal(ar_date_parse_iso("2026-05-30", 10, &rv.date), AR_OK);
	fix_begin(led, "ar-apply", NULL);
	if (ar_apply_reverse(led, &rv, NULL) != AR_OK)
		fail_msg("reverse: %s", ar_ledger_errmsg(led));
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

/* Every row of an aging as text, appended to a growing buffer. */
struct text {
	char *s;
	size_t len, cap;
};

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	char line[1024];
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(line));
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, line, (size_t)n + 1);
	t->len += (size_t)n;
}

static ar_status row_text(void *ctx, const struct ar_age_row *r)
{
	struct text *t = ctx;
	put(t, "%s %s %s %s %d:", r->customer_id, r->customer_name,
	    r->collector, r->currency, r->nbuckets);
	for (int i = 0; i < r->nbuckets; i++)
		put(t, " %lld", (long long)r->bucket[i]);
	put(t, " | %lld %lld %lld %lld %lld %d %d\n", (long long)r->total,
	    (long long)r->unapplied, (long long)r->balance,
	    (long long)r->disputed, (long long)r->ledger, r->oldest_days,
	    (int)r->last_payment);
	return AR_OK;
}

static void proof_text(struct text *t, const struct ar_age_proof *p)
{
	for (int i = 0; i < p->ncurrencies; i++)
		put(t, "proof %s %lld %lld\n", p->c[i].code,
		    (long long)p->c[i].aged, (long long)p->c[i].ledger);
}

static ar_status item_text(void *ctx, const struct ar_age_item *i)
{
	struct text *t = ctx;
	put(t, "%s %s %s %s %d %d %d %d %lld %lld %lld %s %s\n", i->customer_id,
	    i->doc_type, i->doc_no, i->po_number ? i->po_number : "-",
	    (int)i->doc_date, (int)i->due_date, i->days, i->bucket,
	    (long long)i->amount, (long long)i->open_amount,
	    (long long)i->disputed, i->currency, i->customer_name);
	return AR_OK;
}

/* The detail and the summary as of day read one way, as text (caller
 * frees). */
static char *aging(const struct ar_age_options *base, enum ar_age_read read)
{
	struct ar_age_options o = *base;
	struct ar_age_proof proof;
	struct text t = {0};
	o.read = read;
	put(&t, "");
	if (ar_age_detail(led, &o, item_text, &t, &proof) != AR_OK)
		fail_msg("detail: %s", ar_ledger_errmsg(led));
	if (ar_age_summary(led, &o, row_text, &t, &proof) != AR_OK)
		fail_msg("aging: %s", ar_ledger_errmsg(led));
	proof_text(&t, &proof);
	return t.s;
}

/* Proof currencies come in the order each path meets them: compare the
 * rows, and the proof as a set. */
static void same_aging(const struct ar_age_options *o, const char *what)
{
	char *h = aging(o, AR_AGE_READ_HISTORY);
	char *s = aging(o, AR_AGE_READ_STATE);
	char *hp = strstr(h, "proof "), *sp = strstr(s, "proof ");
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, o->as_of);
	if (!hp)
		hp = h + strlen(h);
	if (!sp)
		sp = s + strlen(s);
	if ((size_t)(hp - h) != (size_t)(sp - s) ||
	    memcmp(h, s, (size_t)(hp - h)) != 0 || strlen(hp) != strlen(sp))
		fail_msg("%s as of %s: the state says\n%s\nthe history\n%s",
			 what, day, s, h);
	for (char *line = strtok(hp, "\n"); line; line = strtok(NULL, "\n"))
		if (!strstr(sp, line))
			fail_msg("%s as of %s: '%s' not in the state's proof",
				 what, day, line);
	free(h);
	free(s);
}

static void t_every_date(void **state)
{
	(void)state;
	struct ar_age_options o;
	ar_date from, to;
	int days = 0;

	ar_age_options_init(&o);
	o.every_customer = true;
	assert_int_equal(ar_date_parse_iso("2025-10-25", 10, &from), AR_OK);
	assert_int_equal(ar_date_parse_iso("2026-12-31", 10, &to), AR_OK);
	/* every third day, and the month-ends the trend uses */
	for (o.as_of = from; o.as_of <= to; o.as_of += 3, days++)
		same_aging(&o, "by due date");
	for (int m = 0; m < 14; m++) {
		o.as_of = ar_date_from_ymd(2025 + (10 + m) / 12,
					   (10 + m) % 12 + 1, 1) - 1;
		same_aging(&o, "month-end");
	}
	assert_true(days > 100);
}

static void t_options(void **state)
{
	(void)state;
	struct ar_age_options o;
	static const char *const dates[] = {"2026-03-15", "2026-03-31",
		"2026-05-30", "2026-07-01", "2026-10-31"};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		ar_age_options_init(&o);
		assert_int_equal(ar_date_parse_iso(dates[i], 10, &o.as_of), AR_OK);
		o.by = AR_AGE_BY_INVOICE;
		o.credits_aged = true;
		same_aging(&o, "by invoice date, credits aged");
		ar_age_options_init(&o);
		assert_int_equal(ar_date_parse_iso(dates[i], 10, &o.as_of), AR_OK);
		assert_int_equal(ar_age_parse_edges(&o, "7,14,21,28,45,60,90,"
						    "180,365,730"), AR_OK);
		o.currency = "EUR";
		same_aging(&o, "ten edges, EUR");
	}
}

static long said;
static char first_said[512];

static void count_problem(void *ctx, const struct ar_notice *n)
{
	(void)ctx;
	if (said++ == 0)
		snprintf(first_said, sizeof(first_said), "%s", n->text);
}

/* The state after every kind of posting is what the history says. */
static void t_check_clean(void **state)
{
	(void)state;
	long problems = -1;
	said = 0;
	assert_int_equal(ar_ledger_check(led, count_problem, NULL, &problems),
			 AR_OK);
	if (problems != 0)
		fail_msg("%ld problems, the first '%s'", problems, first_said);
}

static void tampered(const char *sql, const char *want)
{
	long problems = 0;
	said = 0;
	sql_ok("BEGIN");
	sql_ok(sql);
	assert_int_equal(ar_ledger_check(led, count_problem, NULL, &problems),
			 AR_OK);
	sql_ok("ROLLBACK");
	if (problems < 1 || !strstr(first_said, want))
		fail_msg("after %s: %ld problems, the first '%s'; want '%s'",
			 sql, problems, first_said, want);
}

static void t_check_tampered(void **state)
{
	(void)state;
	tampered("UPDATE open_state SET open = open + 1 WHERE document = "
		 "(SELECT id FROM document WHERE doc_no = 'INV-0000035')",
		 "invoice INV-0000035 USD says");
	tampered("UPDATE open_state SET changed = '2026-01-01' WHERE document "
		 "= (SELECT id FROM document WHERE doc_no = 'B121')",
		 "invoice B121 USD says");
	tampered("DELETE FROM open_state WHERE document = (SELECT id FROM "
		 "document WHERE doc_no = 'PAY-C1')", "payment PAY-C1 USD is "
		 "missing");
	tampered("INSERT INTO open_state VALUES (999999, 1, 'USD', 1, "
		 "'2026-01-01', '2026-01-01', 100, 100, '2026-01-01')",
		 "document row 999999 USD has no documents");
	tampered("UPDATE balance_state SET balance = balance - 1 WHERE "
		 "customer = (SELECT id FROM customer WHERE customer_id = "
		 "'A200')", "customer A200 USD has balance");
	tampered("UPDATE balance_state SET last_payment = NULL WHERE "
		 "customer = (SELECT id FROM customer WHERE customer_id = "
		 "'A200')", "customer A200 USD has balance");
	tampered("UPDATE balance_state SET amounts = amounts + 100 WHERE "
		 "customer = (SELECT id FROM customer WHERE customer_id = "
		 "'E400')", "customer E400 EUR counts other documents or "
		 "amounts");
	tampered("DELETE FROM balance_state WHERE customer = (SELECT id FROM "
		 "customer WHERE customer_id = 'E400')", "customer E400 EUR is "
		 "missing");
}

/* A state made wrong (as by hand, outside the triggers) is made right by
 * the rebuild, and the agings read from it are right again. */
static void t_rebuild(void **state)
{
	(void)state;
	long problems = 0;
	struct ar_age_options o;
	sql_ok("UPDATE open_state SET open = 0; DELETE FROM balance_state");
	said = 0;
	assert_int_equal(ar_ledger_check(led, count_problem, NULL, &problems),
			 AR_OK);
	assert_true(problems > 100);
	fix_begin(led, "ar-ledger", NULL);
	assert_int_equal(ar_ledger_rebuild(led), AR_OK);
	commit(led);
	t_check_clean(state);
	ar_age_options_init(&o);
	assert_int_equal(ar_date_parse_iso("2026-10-31", 10, &o.as_of), AR_OK);
	same_aging(&o, "after the rebuild");
}

/* ------------------------------------------------------------------ */
/* Totals at several dates in one pass */

struct sum_rows {
	int n;
	struct ar_age_row r[8];
};

static struct ar_age_row *sum_slot(struct sum_rows *s, const char *code)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->r[i].currency, code) == 0)
			return &s->r[i];
	assert_true(s->n < 8);
	struct ar_age_row *r = &s->r[s->n++];
	memset(r, 0, sizeof(*r));
	memcpy(r->currency, code, 4);
	return r;
}

static void sum_into(struct ar_age_row *t, const struct ar_age_row *r)
{
	t->nbuckets = r->nbuckets;
	for (int b = 0; b < r->nbuckets; b++)
		t->bucket[b] += r->bucket[b];
	t->total += r->total;
	t->unapplied += r->unapplied;
	t->balance += r->balance;
	t->disputed += r->disputed;
	t->ledger += r->ledger;
}

static ar_status sum_row(void *ctx, const struct ar_age_row *r)
{
	sum_into(sum_slot(ctx, r->currency), r);
	return AR_OK;
}

static struct sum_rows totals_got[40];

static ar_status total_row(void *ctx, int k, const struct ar_age_row *r)
{
	(void)ctx;
	assert_true(k >= 0 && k < 40);
	struct ar_age_row *t = sum_slot(&totals_got[k], r->currency);
	assert_int_equal(t->nbuckets, 0);	/* once per currency */
	sum_into(t, r);
	assert_null(r->customer_id);
	return AR_OK;
}

static void same_totals(const struct ar_age_options *base, const ar_date *dates,
			int n)
{
	struct ar_age_proof proofs[40], proof;
	memset(totals_got, 0, sizeof(totals_got));
	assert_int_equal(ar_age_totals(led, base, dates, n, total_row, NULL,
				       proofs), AR_OK);
	for (int k = 0; k < n; k++) {
		struct ar_age_options o = *base;
		struct sum_rows want = {0};
		char day[AR_DATE_BUFSZ];
		o.as_of = dates[k];
		o.every_customer = true;
		o.read = AR_AGE_READ_HISTORY;
		assert_int_equal(ar_age_summary(led, &o, sum_row, &want, &proof),
				 AR_OK);
		ar_date_format(day, dates[k]);
		if (want.n != totals_got[k].n)
			fail_msg("as of %s: %d currencies, want %d", day,
				 totals_got[k].n, want.n);
		for (int i = 0; i < want.n; i++) {
			struct ar_age_row *g = sum_slot(&totals_got[k],
							want.r[i].currency);
			if (memcmp(g, &want.r[i], sizeof(*g)) != 0)
				fail_msg("as of %s %s: the totals differ from "
					 "the summary's (balance %lld, want "
					 "%lld)", day, want.r[i].currency,
					 (long long)g->balance,
					 (long long)want.r[i].balance);
		}
		assert_int_equal(proofs[k].ncurrencies, proof.ncurrencies);
		for (int i = 0; i < proof.ncurrencies; i++) {
			int j = 0;
			while (j < proofs[k].ncurrencies &&
			       strcmp(proofs[k].c[j].code, proof.c[i].code))
				j++;
			assert_true(j < proofs[k].ncurrencies);
			assert_int_equal(proofs[k].c[j].ledger, proof.c[i].ledger);
			assert_int_equal(proofs[k].c[j].aged, proof.c[i].aged);
		}
	}
}

static void t_totals(void **state)
{
	(void)state;
	struct ar_age_options o;
	ar_date dates[30];
	int n = 0;
	/* month-ends, out of order, with a repeat and a day before all */
	for (int m = 13; m >= 0; m--)
		dates[n++] = ar_date_from_ymd(2025 + (10 + m) / 12,
					      (10 + m) % 12 + 1, 1) - 1;
	assert_int_equal(ar_date_parse_iso("2026-03-31", 10, &dates[n++]), AR_OK);
	assert_int_equal(ar_date_parse_iso("2026-05-30", 10, &dates[n++]), AR_OK);
	assert_int_equal(ar_date_parse_iso("2024-01-01", 10, &dates[n++]), AR_OK);
	ar_age_options_init(&o);
	same_totals(&o, dates, n);
	ar_age_options_init(&o);
	o.by = AR_AGE_BY_INVOICE;
	o.credits_aged = true;
	assert_int_equal(ar_age_parse_edges(&o, "30,60,90,120"), AR_OK);
	same_totals(&o, dates, n);
	/* known-at: what the ledger said before the returned payment */
	ar_age_options_init(&o);
	o.known_batch = 17;
	same_totals(&o, dates, n);
	assert_int_equal(ar_age_totals(led, &o, dates, 0, total_row, NULL, NULL),
			 AR_EUSAGE);
}

/* ------------------------------------------------------------------ */
/* One state of the ledger for a whole aging */

struct snap {
	struct ar_ledger *other;
	int64_t customer;
	int posted;
};

/* Between the balances and the items of the aging (its progress line),
 * another run commits an invoice. */
static void snap_progress(void *ctx, const struct ar_notice *n)
{
	struct snap *sn = ctx;
	char no[24];
	if (n->kind != AR_NOTICE_PROGRESS || !strstr(n->text, "items open"))
		return;
	snprintf(no, sizeof(no), "SNAP-%d", ++sn->posted);
	struct ar__doc d = {.doc_type = "invoice", .doc_no = no,
			    .customer = sn->customer, .amount = 99900,
			    .currency = "USD"};
	assert_int_equal(ar_date_parse_iso("2026-10-01", 10, &d.doc_date),
			 AR_OK);
	d.due_date = d.doc_date;
	fix_begin(sn->other, "test_state", NULL);
	if (ar__post_document(sn->other, &d, NULL) != AR_OK)
		fail_msg("post: %s", ar_ledger_errmsg(sn->other));
	commit(sn->other);
}

static ar_status no_row(void *ctx, const struct ar_age_row *r)
{
	(void)ctx, (void)r;
	return AR_OK;
}

static void t_snapshot(void **state)
{
	(void)state;
	struct ar_age_options o;
	struct ar_age_proof proof;
	struct snap sn = {0};
	sqlite3_stmt *s;

	assert_int_equal(ar_ledger_open(&sn.other, path, 0, NULL), AR_OK);
	assert_int_equal(sqlite3_prepare_v2(ar__db(led), "SELECT id FROM "
		"customer ORDER BY customer_id DESC LIMIT 1", -1, &s, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	sn.customer = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	ar_age_options_init(&o);
	o.read = AR_AGE_READ_STATE;
	assert_int_equal(ar_date_parse_iso("2026-10-31", 10, &o.as_of), AR_OK);
	ar_ledger_set_notice(led, snap_progress, &sn);
	ar_status st = ar_age_summary(led, &o, no_row, NULL, &proof);
	ar_ledger_set_notice(led, NULL, NULL);
	ar_ledger_close(sn.other);
	assert_int_equal(st, AR_OK);
	assert_int_equal(sn.posted, 1);
	/* the balances and the items are of the same moment: the aging
	 * proves itself, without the invoice committed meanwhile */
	assert_true(ar_age_proof_ok(&proof));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_check_clean),
		cmocka_unit_test(t_every_date),
		cmocka_unit_test(t_options),
		cmocka_unit_test(t_totals),
		cmocka_unit_test(t_check_tampered),
		cmocka_unit_test(t_rebuild),
		cmocka_unit_test(t_snapshot),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
