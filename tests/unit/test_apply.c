/*
 * test_apply.c - cash application (apply.h) through the library: the rule
 * list, each rule's choice where it is easy to get wrong (numbers that are
 * prefixes of others, ties, the combo rule's fewest-then-oldest choice and
 * its 20 candidates, the oldest order), currencies, as-of and customer
 * filters, write-offs of short pays (in a currency without decimals too),
 * the run's statistics, undo, returned payments and cash applied after
 * one, and that a run reading the open-item state does what one reading
 * every application does.  Every figure is worked out by hand in the
 * comments; the ledger must pass ar_ledger_check() after every change.
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
#include "internal.h"

/* Table tests report every wrong answer, then assert there were none. */
static int failures;

static ar_date day(const char *iso)
{
	ar_date d = AR_DATE_NONE;
	if (ar_date_parse_iso(iso, strlen(iso), &d) != AR_OK)
		fail_msg("bad date in a test: %s", iso);
	return d;
}

/* ------------------------------------------------------------------ */
/* Rule lists, defaults, names */

static void rules_are(const char *list, int n, ...)
{
	struct ar_apply_options o;
	va_list ap;
	ar_apply_options_init(&o);
	ar_status st = ar_apply_parse_rules(&o, list);
	if (st != AR_OK || o.nrules != n) {
		print_error("'%s': status %d, %d rules; want %d\n", list,
			    (int)st, o.nrules, n);
		failures++;
		return;
	}
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		enum ar_apply_rule want = va_arg(ap, enum ar_apply_rule);
		if (o.rules[i] != want) {
			print_error("'%s': rule %d is %s; want %s\n", list, i,
				    ar_apply_rule_name(o.rules[i]),
				    ar_apply_rule_name(want));
			failures++;
		}
	}
	va_end(ap);
}

/* A refused list: AR_EUSAGE, and the options stay as they were. */
static void rules_refused(const char *list)
{
	struct ar_apply_options o, before;
	ar_apply_options_init(&o);
	before = o;
	ar_status st = ar_apply_parse_rules(&o, list);
	if (st != AR_EUSAGE || memcmp(&o, &before, sizeof(o)) != 0) {
		print_error("'%s': status %d, %d rules; want AR_EUSAGE and %d "
			    "rules\n", list, (int)st, o.nrules, AR_RULE_COUNT);
		failures++;
	}
}

static void t_parse_rules(void **state)
{
	(void)state;
	failures = 0;
	rules_are("ref", 1, AR_RULE_REF);
	rules_are("oldest", 1, AR_RULE_OLDEST);
	rules_are("oldest,ref", 2, AR_RULE_OLDEST, AR_RULE_REF);
	rules_are("exact,combo,oldest", 3, AR_RULE_EXACT, AR_RULE_COMBO,
		  AR_RULE_OLDEST);
	rules_are("credit,ref,exact,combo,oldest", 5, AR_RULE_CREDIT,
		  AR_RULE_REF, AR_RULE_EXACT, AR_RULE_COMBO, AR_RULE_OLDEST);
	rules_are("oldest,combo,exact,ref,credit", 5, AR_RULE_OLDEST,
		  AR_RULE_COMBO, AR_RULE_EXACT, AR_RULE_REF, AR_RULE_CREDIT);

	rules_refused("");
	rules_refused("nearest");
	rules_refused("ref,nearest");
	rules_refused("ref,ref");
	rules_refused("ref,oldest,ref");
	rules_refused("credit,ref,exact,combo,oldest,credit");
	rules_refused("ref,");
	rules_refused(",ref");
	rules_refused(",");
	rules_refused("ref,,oldest");
	rules_refused("REF");
	rules_refused("ref ");
	rules_refused(" ref");
	rules_refused("ref, oldest");
	rules_refused("refx");
	rules_refused("re");
	rules_refused("ref;oldest");
	assert_int_equal(failures, 0);

	/* refused after a list was set: it stays */
	struct ar_apply_options o, before;
	ar_apply_options_init(&o);
	assert_int_equal(ar_apply_parse_rules(&o, "oldest,ref"), AR_OK);
	before = o;
	assert_int_equal(ar_apply_parse_rules(&o, "nearest,ref"), AR_EUSAGE);
	assert_memory_equal(&o, &before, sizeof(o));
	assert_int_equal(ar_apply_parse_rules(&o, ""), AR_EUSAGE);
	assert_memory_equal(&o, &before, sizeof(o));
	assert_int_equal(ar_apply_parse_rules(&o, "exact,nearest"), AR_EUSAGE);
	assert_memory_equal(&o, &before, sizeof(o));
}

static void t_options_init(void **state)
{
	struct ar_apply_options o;
	(void)state;
	memset(&o, 0x5a, sizeof(o));
	ar_date today = ar_date_today();
	ar_apply_options_init(&o);
	/* as-of today (allow the day to turn while the test runs) */
	assert_true(o.as_of == today || o.as_of == today + 1);
	assert_int_equal(o.nrules, AR_RULE_COUNT);
	assert_int_equal(o.rules[0], AR_RULE_CREDIT);
	assert_int_equal(o.rules[1], AR_RULE_REF);
	assert_int_equal(o.rules[2], AR_RULE_EXACT);
	assert_int_equal(o.rules[3], AR_RULE_COMBO);
	assert_int_equal(o.rules[4], AR_RULE_OLDEST);
	assert_null(o.customer_id);
	assert_null(o.writeoff_under);
	assert_false(o.allow_closed);
	assert_false(o.explain);
}

static void t_rule_name(void **state)
{
	(void)state;
	assert_string_equal(ar_apply_rule_name(AR_RULE_CREDIT), "credit");
	assert_string_equal(ar_apply_rule_name(AR_RULE_REF), "ref");
	assert_string_equal(ar_apply_rule_name(AR_RULE_EXACT), "exact");
	assert_string_equal(ar_apply_rule_name(AR_RULE_COMBO), "combo");
	assert_string_equal(ar_apply_rule_name(AR_RULE_OLDEST), "oldest");
	assert_string_equal(ar_apply_rule_name(AR_RULE_COUNT), "?");
	assert_string_equal(ar_apply_rule_name((enum ar_apply_rule)-1), "?");
	assert_string_equal(ar_apply_rule_name((enum ar_apply_rule)99), "?");
	/* every name parses back to its rule */
	for (int r = 0; r < AR_RULE_COUNT; r++) {
		struct ar_apply_options o;
		ar_apply_options_init(&o);
		assert_int_equal(ar_apply_parse_rules(&o,
			ar_apply_rule_name((enum ar_apply_rule)r)), AR_OK);
		assert_int_equal(o.nrules, 1);
		assert_int_equal(o.rules[0], r);
	}
}

/* ------------------------------------------------------------------ */
/* Temporary ledgers */

#include "tmpfiles.h"
#include "ledgerfix.h"

static void begin(struct ar_ledger *l, const char *command, int64_t *batch)
{
	fix_begin(l, command, batch);
}

/* Import CSV text in a batch of its own; every row must be added. */
static void import(struct ar_ledger *l, enum ar_record_type type,
		   const char *text, int64_t *batch)
{
	struct ar_import_stats s;
	fix_import(l, "ar-import", type, text, batch, &s);
	assert_int_equal(s.added, s.rows);
}

/* One integer from SQL (printf-style; test data only). */
static int64_t sql_int(struct ar_ledger *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int64_t sql_int(struct ar_ledger *l, const char *fmt, ...)
{
	char sql[1024];
	sqlite3_stmt *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(ar__db(l), sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(ar__db(l)));
	if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_type(s, 0) ==
	    SQLITE_NULL) {
		sqlite3_finalize(s);
		fail_msg("%s: no value", sql);
	}
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* One text from SQL into buf (printf-style; test data only). */
static const char *sql_text(struct ar_ledger *l, char *buf, size_t size,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static const char *sql_text(struct ar_ledger *l, char *buf, size_t size,
			    const char *fmt, ...)
{
	char sql[1024];
	sqlite3_stmt *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(ar__db(l), sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(ar__db(l)));
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		fail_msg("%s: no row", sql);
	}
	const unsigned char *t = sqlite3_column_text(s, 0);
	snprintf(buf, size, "%s", t ? (const char *)t : "(null)");
	sqlite3_finalize(s);
	return buf;
}

/* The open amount of debit document no on date, applications counted. */
static int64_t open_on(struct ar_ledger *l, const char *no, const char *date)
{
	return sql_int(l, "SELECT d.amount - coalesce((SELECT sum(a.amount) "
		       "FROM application a WHERE a.debit_doc = d.id AND "
		       "a.effective_date <= '%s'), 0) FROM document d WHERE "
		       "d.doc_no = '%s' AND d.sign = 1", date, no);
}

/* What credit document no has unapplied on date. */
static int64_t unapplied_on(struct ar_ledger *l, const char *no,
			    const char *date)
{
	return sql_int(l, "SELECT d.amount - coalesce((SELECT sum(a.amount) "
		       "FROM application a WHERE a.credit_doc = d.id AND "
		       "a.effective_date <= '%s'), 0) FROM document d WHERE "
		       "d.doc_no = '%s' AND d.sign = -1", date, no);
}

static int64_t applications(struct ar_ledger *l)
{
	return sql_int(l, "SELECT count(*) FROM application");
}

static void on_problem(void *ctx, const struct ar_notice *n)
{
	(void)ctx;
	print_error("ledger check: %s\n", n->text);
}

/* ar_ledger_check() finds nothing wrong. */
static void check_clean(struct ar_ledger *l)
{
	long n = -1;
	ar_status st = ar_ledger_check(l, on_problem, NULL, &n);
	if (st != AR_OK)
		fail_msg("check: status %d: %s", (int)st, ar_ledger_errmsg(l));
	assert_int_equal(n, 0);
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
		print_error("create: %s\n", ar_ledger_errmsg(f->l));
		ar_ledger_close(f->l);
		free(f);
		return -1;
	}
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
/* Runs and the rows they report */

struct row {
	int64_t batch;
	ar_date date;
	char customer_id[16], credit_type[16], credit_no[24], doc_no[24];
	char currency[4], rule[16], flag[16];
	int exponent;
	int64_t amount, open_after, unapplied_after;
};

#define MAX_ROWS 64

struct rows {
	int n;
	struct row r[MAX_ROWS];
};

static ar_status on_row(void *ctx, const struct ar_application_row *a)
{
	struct rows *rs = ctx;
	assert_true(rs->n < MAX_ROWS);
	struct row *x = &rs->r[rs->n++];
	x->batch = a->batch;
	x->date = a->date;
	snprintf(x->customer_id, sizeof(x->customer_id), "%s", a->customer_id);
	snprintf(x->credit_type, sizeof(x->credit_type), "%s", a->credit_type);
	snprintf(x->credit_no, sizeof(x->credit_no), "%s", a->credit_no);
	snprintf(x->doc_no, sizeof(x->doc_no), "%s", a->doc_no);
	snprintf(x->currency, sizeof(x->currency), "%s", a->currency);
	snprintf(x->rule, sizeof(x->rule), "%s", a->rule);
	snprintf(x->flag, sizeof(x->flag), "%s", a->flag);
	x->exponent = a->exponent;
	x->amount = a->amount;
	x->open_after = a->doc_open_after;
	x->unapplied_after = a->credit_unapplied_after;
	return AR_OK;
}

static void options(struct ar_apply_options *o, const char *as_of,
		    const char *rules)
{
	ar_apply_options_init(o);
	o->as_of = day(as_of);
	if (rules)
		assert_int_equal(ar_apply_parse_rules(o, rules), AR_OK);
}

/*
 * Run o in an "ar-apply" batch of its own, rows into rs (may be NULL),
 * stats into a zeroed s: committed when the run succeeds, rolled back
 * when not.
 */
static ar_status run(struct ar_ledger *l, const struct ar_apply_options *o,
		     struct rows *rs, struct ar_apply_stats *s, int64_t *batch)
{
	struct ar_apply_callbacks cb = {.row = on_row, .ctx = rs};
	if (rs)
		memset(rs, 0, sizeof(*rs));
	memset(s, 0, sizeof(*s));	/* a run adds to what it is given */
	begin(l, "ar-apply", batch);
	ar_status st = ar_apply_run(l, o, rs ? &cb : NULL, s);
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

/* As run(), which must succeed. */
static void run_ok(struct ar_ledger *l, const struct ar_apply_options *o,
		   struct rows *rs, struct ar_apply_stats *s, int64_t *batch)
{
	ar_status st = run(l, o, rs, s, batch);
	if (st != AR_OK)
		fail_msg("ar_apply_run: status %d: %s", (int)st,
			 ar_ledger_errmsg(l));
}

/*
 * Row i: credit_no applied amount to doc_no by rule on date, leaving
 * open_after on the document and unapplied_after on the credit, flagged.
 */
static void row_is(const struct rows *rs, int i, const char *credit_no,
		   const char *doc_no, int64_t amount, const char *rule,
		   const char *date, int64_t open_after,
		   int64_t unapplied_after, const char *flag)
{
	if (i >= rs->n) {
		print_error("row %d: missing (%d rows); want %s -> %s %lld\n",
			    i, rs->n, credit_no, doc_no, (long long)amount);
		failures++;
		return;
	}
	const struct row *x = &rs->r[i];
	if (strcmp(x->credit_no, credit_no) || strcmp(x->doc_no, doc_no) ||
	    x->amount != amount || strcmp(x->rule, rule) ||
	    x->date != day(date) || x->open_after != open_after ||
	    x->unapplied_after != unapplied_after || strcmp(x->flag, flag)) {
		char d[AR_DATE_BUFSZ];
		ar_date_format(d, x->date);
		print_error("row %d: %s -> %s %lld %s %s open %lld unapplied "
			    "%lld '%s'; want %s -> %s %lld %s %s open %lld "
			    "unapplied %lld '%s'\n", i, x->credit_no, x->doc_no,
			    (long long)x->amount, x->rule, d,
			    (long long)x->open_after,
			    (long long)x->unapplied_after, x->flag, credit_no,
			    doc_no, (long long)amount, rule, date,
			    (long long)open_after, (long long)unapplied_after,
			    flag);
		failures++;
	}
}

static void stats_are(const struct ar_apply_stats *s, long credits,
		      long full, long part, long none, long apps,
		      long writeoffs, long shorts)
{
	if (s->credits != credits || s->full != full || s->part != part ||
	    s->none != none || s->applications != apps ||
	    s->writeoffs != writeoffs || s->shorts != shorts) {
		print_error("stats: credits %ld full %ld part %ld none %ld "
			    "applications %ld writeoffs %ld shorts %ld; want "
			    "%ld %ld %ld %ld %ld %ld %ld\n", s->credits,
			    s->full, s->part, s->none, s->applications,
			    s->writeoffs, s->shorts, credits, full, part, none,
			    apps, writeoffs, shorts);
		failures++;
	}
}

static void currency_is(const struct ar_apply_stats *s, const char *code,
			int exponent, int64_t applied, int64_t unapplied)
{
	for (int i = 0; i < s->ncurrencies; i++)
		if (strcmp(s->currencies[i].code, code) == 0) {
			if (s->currencies[i].exponent != exponent ||
			    s->currencies[i].applied != applied ||
			    s->currencies[i].unapplied != unapplied) {
				print_error("stats %s: exponent %d applied "
					    "%lld unapplied %lld; want %d %lld "
					    "%lld\n", code,
					    s->currencies[i].exponent,
					    (long long)s->currencies[i].applied,
					    (long long)s->currencies[i].unapplied,
					    exponent, (long long)applied,
					    (long long)unapplied);
				failures++;
			}
			return;
		}
	print_error("stats: no %s\n", code);
	failures++;
}

static const char customers[] =
	"customer_id,name,currency\n"
	"K1,Kestrel Supply,USD\n"
	"K2,Larkspur Ltd,USD\n";

/* ------------------------------------------------------------------ */
/* The rules */

/*
 * ref: whole tokens, in the order written, each up to its open amount.
 *
 *   INV-1 100.00 (01-05), INV-10 1,000.00 (01-10), INV-11 250.00 (01-12)
 *   P1 1,000.00 02-01 'INV-10'            -> INV-10 1,000.00, not INV-1
 *   P2   400.00 02-03 'paid INV-11;INV-1.' -> INV-11 250.00 (150.00 left),
 *        then INV-1 100.00 (50.00 left), in the order written though
 *        INV-1 is older; 50.00 on account (nothing else is open)
 *
 * Applied 1,350.00, unapplied 50.00; P1 in full, P2 in part.
 */
static void t_ref(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "INV-1,K1,2026-01-05,2026-02-04,100.00,USD\n"
	       "INV-10,K1,2026-01-10,2026-02-09,1000.00,USD\n"
	       "INV-11,K1,2026-01-12,2026-02-11,250.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "P1,K1,2026-02-01,1000.00,USD,INV-10\n"
	       "P2,K1,2026-02-03,400.00,USD,paid INV-11;INV-1.\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "P1", "INV-10", 100000, "ref", "2026-02-01", 0, 0, "");
	row_is(&rs, 1, "P2", "INV-11", 25000, "ref", "2026-02-03", 0, 15000,
	       "");
	row_is(&rs, 2, "P2", "INV-1", 10000, "ref", "2026-02-03", 0, 5000, "");
	stats_are(&s, 2, 1, 1, 0, 3, 0, 0);
	assert_int_equal(s.ncurrencies, 1);
	currency_is(&s, "USD", 2, 135000, 5000);
	assert_int_equal(failures, 0);
	for (int i = 0; i < rs.n; i++) {
		assert_string_equal(rs.r[i].customer_id, "K1");
		assert_string_equal(rs.r[i].credit_type, "payment");
		assert_string_equal(rs.r[i].currency, "USD");
		assert_int_equal(rs.r[i].exponent, 2);
	}
	/* the batch reported again from the ledger: the same rows */
	struct rows again = {0};
	struct ar_apply_stats rs_stats = {0};
	struct ar_apply_callbacks cb = {.row = on_row, .ctx = &again};
	assert_int_equal(ar_apply_report_batch(f->l, rs.r[0].batch, &cb,
					       &rs_stats), AR_OK);
	assert_int_equal(again.n, 3);
	for (int i = 0; i < again.n; i++)
		row_is(&again, i, rs.r[i].credit_no, rs.r[i].doc_no,
		       rs.r[i].amount, rs.r[i].rule, i ? "2026-02-03" :
		       "2026-02-01", rs.r[i].open_after,
		       rs.r[i].unapplied_after, "");
	assert_int_equal(rs_stats.applications, 3);
	currency_is(&rs_stats, "USD", 2, 135000, 0);
	assert_int_equal(failures, 0);
	assert_int_equal(open_on(f->l, "INV-1", "2026-02-02"), 10000);
	assert_int_equal(open_on(f->l, "INV-10", "2026-02-01"), 0);
	assert_int_equal(unapplied_on(f->l, "P2", "2026-02-28"), 5000);
	check_clean(f->l);

	/* a second run: P2's 50.00 has nothing to go to */
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 0);
	stats_are(&s, 1, 0, 0, 1, 0, 0, 0);
	currency_is(&s, "USD", 2, 0, 5000);
	assert_int_equal(failures, 0);
}

/*
 * exact: the oldest due of several items of the amount.
 *
 *   E0  50.00 dated 01-01 due 01-31   (the oldest, but not 200.00)
 *   E1 200.00 dated 01-01 due 03-02   (the oldest document, due last)
 *   E2 200.00 dated 01-10 due 02-09   <- the oldest due of the 200.00s
 *   E3 200.00 dated 01-15 due 02-14
 *   P1 200.00 02-20, no reference     -> exact E2
 */
static void t_exact(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "E1,K1,2026-01-01,2026-03-02,200.00,USD\n"
	       "E3,K1,2026-01-15,2026-02-14,200.00,USD\n"
	       "E0,K1,2026-01-01,2026-01-31,50.00,USD\n"
	       "E2,K1,2026-01-10,2026-02-09,200.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "P1,K1,2026-02-20,200.00,USD,\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 1);
	row_is(&rs, 0, "P1", "E2", 20000, "exact", "2026-02-20", 0, 0, "");
	stats_are(&s, 1, 1, 0, 0, 1, 0, 0);
	currency_is(&s, "USD", 2, 20000, 0);
	assert_int_equal(failures, 0);
	check_clean(f->l);
}

/*
 * combo: the fewest items, then the oldest.
 *
 *   due:  C1 01-10 100.00, C2 01-11 200.00, C3 01-12 300.00,
 *         C4 01-20 250.00, C5 01-21 350.00, C6 01-25 400.00,
 *         C7 01-26 200.00
 *   P1 600.00 (02-20): no item of 600.00; C1+C2+C3 is the oldest set but
 *      has 3 items; of the 2-item sets C2+C6, C4+C5, C6+C7 the oldest
 *      (compared item by item in due order) is C2+C6
 *   P2 750.00 (02-21), left open C1 100, C3 300, C4 250, C5 350, C7 200:
 *      no 2 of them make 750.00; the 3-item sets C1+C3+C5 and C3+C4+C7
 *      do, C1+C3+C5 the older
 *
 * Applied 1,350.00; C4 and C7 stay open.
 */
static void t_combo(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "C1,K1,2025-12-11,2026-01-10,100.00,USD\n"
	       "C2,K1,2025-12-12,2026-01-11,200.00,USD\n"
	       "C3,K1,2025-12-13,2026-01-12,300.00,USD\n"
	       "C4,K1,2025-12-21,2026-01-20,250.00,USD\n"
	       "C5,K1,2025-12-22,2026-01-21,350.00,USD\n"
	       "C6,K1,2025-12-26,2026-01-25,400.00,USD\n"
	       "C7,K1,2025-12-27,2026-01-26,200.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "P1,K1,2026-02-20,600.00,USD,\n"
	       "P2,K1,2026-02-21,750.00,USD,\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 5);
	row_is(&rs, 0, "P1", "C2", 20000, "combo", "2026-02-20", 0, 40000, "");
	row_is(&rs, 1, "P1", "C6", 40000, "combo", "2026-02-20", 0, 0, "");
	row_is(&rs, 2, "P2", "C1", 10000, "combo", "2026-02-21", 0, 65000, "");
	row_is(&rs, 3, "P2", "C3", 30000, "combo", "2026-02-21", 0, 35000, "");
	row_is(&rs, 4, "P2", "C5", 35000, "combo", "2026-02-21", 0, 0, "");
	stats_are(&s, 2, 2, 0, 0, 5, 0, 0);
	currency_is(&s, "USD", 2, 135000, 0);
	assert_int_equal(failures, 0);
	assert_int_equal(open_on(f->l, "C4", "2026-02-28"), 25000);
	assert_int_equal(open_on(f->l, "C7", "2026-02-28"), 20000);
	check_clean(f->l);
}

/*
 * combo looks at the 20 oldest due open items smaller than what is left.
 *
 *   K1: B01..B20 10.00 each, due 01-01..01-20; B21 990.00 due 01-21.
 *       P1 1,000.00: only B01 + B21 (or any Bnn + B21) make it, and B21
 *       is the 21st candidate: combo passes; oldest pays B01..B20 (200.00)
 *       and 800.00 of B21, leaving 190.00 open on it.
 *   K2: DX 2,000.00 due 2025-12-01 (not smaller: no candidate),
 *       D01..D19 10.00 due 01-01..01-19, D20 990.00 due 01-20.
 *       P2 1,000.00: D20 is the 20th candidate: combo D01 + D20.
 */
static void t_combo_candidates(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;
	char csv[4096], *p = csv;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	p += sprintf(p, "invoice_no,customer_id,invoice_date,due_date,amount,"
		     "currency\n");
	for (int i = 1; i <= 21; i++)
		p += sprintf(p, "B%02d,K1,2025-12-%02d,2026-01-%02d,%s,USD\n", i,
			     i, i, i == 21 ? "990.00" : "10.00");
	p += sprintf(p, "DX,K2,2025-11-01,2025-12-01,2000.00,USD\n");
	for (int i = 1; i <= 20; i++)
		p += sprintf(p, "D%02d,K2,2025-12-%02d,2026-01-%02d,%s,USD\n", i,
			     i, i, i == 20 ? "990.00" : "10.00");
	import(f->l, AR_REC_INVOICES, csv, NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "P1,K1,2026-02-20,1000.00,USD,\n"
	       "P2,K2,2026-02-20,1000.00,USD,\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 23);
	for (int i = 0; i < 20; i++) {
		char no[8];
		snprintf(no, sizeof(no), "B%02d", i + 1);
		row_is(&rs, i, "P1", no, 1000, "oldest", "2026-02-20", 0,
		       100000 - 1000 * (i + 1), "");
	}
	row_is(&rs, 20, "P1", "B21", 80000, "oldest", "2026-02-20", 19000, 0,
	       "");
	row_is(&rs, 21, "P2", "D01", 1000, "combo", "2026-02-20", 0, 99000, "");
	row_is(&rs, 22, "P2", "D20", 99000, "combo", "2026-02-20", 0, 0, "");
	stats_are(&s, 2, 2, 0, 0, 23, 0, 0);
	currency_is(&s, "USD", 2, 200000, 0);
	assert_int_equal(failures, 0);
	assert_string_equal(rs.r[0].customer_id, "K1");
	assert_string_equal(rs.r[22].customer_id, "K2");
	assert_int_equal(open_on(f->l, "DX", "2026-02-28"), 200000);
	check_clean(f->l);
}

/*
 * oldest: due date, then document date, then number, whatever the order
 * of import; rules "oldest" alone, so P1's reference to O-B is not read.
 *
 *   O-D dated 01-20 due 02-01  <- first: earliest due
 *   O-C dated 01-01 due 02-10  <- due 02-10, earliest document date
 *   O-A dated 01-05 due 02-10  <- same due and date: by number, O-A
 *   O-B dated 01-05 due 02-10     then O-B
 *   100.00 each; P1 350.00 'O-B' -> 100 + 100 + 100 + 50 (O-B 50 open)
 */
static void t_oldest(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "O-B,K1,2026-01-05,2026-02-10,100.00,USD\n"
	       "O-A,K1,2026-01-05,2026-02-10,100.00,USD\n"
	       "O-C,K1,2026-01-01,2026-02-10,100.00,USD\n"
	       "O-D,K1,2026-01-20,2026-02-01,100.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "P1,K1,2026-02-20,350.00,USD,O-B\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", "oldest");
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 4);
	row_is(&rs, 0, "P1", "O-D", 10000, "oldest", "2026-02-20", 0, 25000, "");
	row_is(&rs, 1, "P1", "O-C", 10000, "oldest", "2026-02-20", 0, 15000, "");
	row_is(&rs, 2, "P1", "O-A", 10000, "oldest", "2026-02-20", 0, 5000, "");
	/* left open by a rule other than ref: no short flag */
	row_is(&rs, 3, "P1", "O-B", 5000, "oldest", "2026-02-20", 5000, 0, "");
	stats_are(&s, 1, 1, 0, 0, 4, 0, 0);
	assert_int_equal(failures, 0);
	check_clean(f->l);
}

/*
 * credit: a credit memo goes first to the invoice it names.
 *
 *   M1 100.00 due 01-31, M2 300.00 due 02-28
 *   CM1 50.00 (02-10) naming M2  -> credit M2 50.00 (M2 250.00 open)
 *   P1 100.00 (02-12)            -> exact M1
 *   CM2 40.00 (02-15) naming M1, paid by then: passed; oldest M2 40.00
 *       (M2 210.00 open)
 */
static void t_credit(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "M1,K1,2026-01-01,2026-01-31,100.00,USD\n"
	       "M2,K1,2026-01-29,2026-02-28,300.00,USD\n", NULL);
	import(f->l, AR_REC_CREDITS,
	       "credit_no,customer_id,credit_date,amount,currency,invoice_no\n"
	       "CM1,K1,2026-02-10,50.00,USD,M2\n"
	       "CM2,K1,2026-02-15,40.00,USD,M1\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "P1,K1,2026-02-12,100.00,USD,\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "CM1", "M2", 5000, "credit", "2026-02-10", 25000, 0, "");
	row_is(&rs, 1, "P1", "M1", 10000, "exact", "2026-02-12", 0, 0, "");
	row_is(&rs, 2, "CM2", "M2", 4000, "oldest", "2026-02-15", 21000, 0, "");
	stats_are(&s, 3, 3, 0, 0, 3, 0, 0);
	currency_is(&s, "USD", 2, 19000, 0);
	assert_int_equal(failures, 0);
	assert_string_equal(rs.r[0].credit_type, "credit_memo");
	assert_string_equal(rs.r[1].credit_type, "payment");
	assert_string_equal(rs.r[2].credit_type, "credit_memo");
	check_clean(f->l);
}

/*
 * Never across currencies.
 *
 *   K1: U1 100.00 USD due 02-09, E1 100.00 EUR due 01-31 (older)
 *       PU 150.00 USD (02-05) 'E1': E1 is EUR, passed; oldest skips E1:
 *          U1 100.00, 50.00 USD on account
 *       PE 100.00 EUR (02-06) 'U1': U1 is USD, passed; exact E1
 *   K3 (GBP): PG 75.00 GBP (02-07), nothing in GBP: all on account
 *
 * USD applied 100.00, unapplied 50.00; EUR applied 100.00; GBP 75.00
 * unapplied.
 */
static void t_currencies(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency\n"
	       "K1,Kestrel Supply,USD\n"
	       "K3,Merlin Ltd,GBP\n", NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "U1,K1,2026-01-10,2026-02-09,100.00,USD\n"
	       "E1,K1,2026-01-01,2026-01-31,100.00,EUR\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PU,K1,2026-02-05,150.00,USD,E1\n"
	       "PE,K1,2026-02-06,100.00,EUR,U1\n"
	       "PG,K3,2026-02-07,75.00,GBP,\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 2);
	row_is(&rs, 0, "PU", "U1", 10000, "oldest", "2026-02-05", 0, 5000, "");
	row_is(&rs, 1, "PE", "E1", 10000, "exact", "2026-02-06", 0, 0, "");
	stats_are(&s, 3, 1, 1, 1, 2, 0, 0);
	assert_int_equal(s.ncurrencies, 3);
	currency_is(&s, "USD", 2, 10000, 5000);
	currency_is(&s, "EUR", 2, 10000, 0);
	currency_is(&s, "GBP", 2, 0, 7500);
	assert_int_equal(failures, 0);
	assert_string_equal(rs.r[0].currency, "USD");
	assert_string_equal(rs.r[1].currency, "EUR");
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM application a "
				 "JOIN document c ON c.id = a.credit_doc "
				 "JOIN document d ON d.id = a.debit_doc "
				 "WHERE c.currency <> d.currency"), 0);
	check_clean(f->l);
}

/*
 * As-of and the customer filter.
 *
 *   K1: A1 100.00 dated 01-10; A2 50.00 dated 03-01
 *       PE 50.00 (02-20), PL 100.00 (03-05) 'A1'
 *   K2: B1 200.00 dated 01-15; PB 200.00 (02-21)
 *
 *   as of 02-28, K2 only: PB exact B1; K1 untouched
 *   K9: AR_ENOTFOUND
 *   as of 02-28: PL is later: untouched; A2 is later: no target, so PE
 *      is no exact match for it: oldest A1 50.00 (50.00 open)
 *   as of 03-31: PL ref A1 50.00, then exact A2 50.00 (on 03-05)
 */
static void t_as_of_customer(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s = {0};	/* a run adds to it */
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "A1,K1,2026-01-10,2026-02-09,100.00,USD\n"
	       "A2,K1,2026-03-01,2026-03-31,50.00,USD\n"
	       "B1,K2,2026-01-15,2026-02-14,200.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PL,K1,2026-03-05,100.00,USD,A1\n"
	       "PE,K1,2026-02-20,50.00,USD,\n"
	       "PB,K2,2026-02-21,200.00,USD,\n", NULL);

	/* no batch: refused */
	options(&o, "2026-02-28", NULL);
	assert_int_equal(ar_apply_run(f->l, &o, NULL, &s), AR_EUSAGE);

	failures = 0;
	o.customer_id = "K2";
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 1);
	row_is(&rs, 0, "PB", "B1", 20000, "exact", "2026-02-21", 0, 0, "");
	assert_string_equal(rs.r[0].customer_id, "K2");
	stats_are(&s, 1, 1, 0, 0, 1, 0, 0);
	assert_int_equal(failures, 0);
	assert_int_equal(unapplied_on(f->l, "PE", "2026-02-28"), 5000);

	int64_t before = applications(f->l);
	o.customer_id = "K9";
	assert_int_equal(run(f->l, &o, &rs, &s, NULL), AR_ENOTFOUND);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "K9"));
	assert_int_equal(rs.n, 0);
	assert_int_equal(applications(f->l), before);

	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 1);
	row_is(&rs, 0, "PE", "A1", 5000, "oldest", "2026-02-20", 5000, 0, "");
	stats_are(&s, 1, 1, 0, 0, 1, 0, 0);
	assert_int_equal(failures, 0);
	assert_int_equal(unapplied_on(f->l, "PL", "2026-03-31"), 10000);
	check_clean(f->l);

	options(&o, "2026-03-31", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 2);
	row_is(&rs, 0, "PL", "A1", 5000, "ref", "2026-03-05", 0, 5000, "");
	row_is(&rs, 1, "PL", "A2", 5000, "exact", "2026-03-05", 0, 0, "");
	stats_are(&s, 1, 1, 0, 0, 2, 0, 0);
	assert_int_equal(failures, 0);
	check_clean(f->l);
}

/*
 * writeoff_under 25: a short pay of 25.00 or less is written off, one of
 * more is flagged short.
 *
 *   W1 300.00 (01-15), W2 500.00 (01-16); documents 1 and 2
 *   PW1 275.00 (02-20) 'W1' -> ref 275.00, 25.00 short <= 25.00: written
 *       off by WO-5 (documents 3 and 4 are the payments)
 *   PW2 474.99 (02-21) 'W2' -> ref 474.99, 25.01 short: flagged
 *
 * Applied 749.99 (the write-off not counted), 1 write-off, 1 short.
 */
static void t_writeoff_under(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;
	char buf[64];

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "W1,K1,2026-01-15,2026-02-14,300.00,USD\n"
	       "W2,K1,2026-01-16,2026-02-15,500.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PW1,K1,2026-02-20,275.00,USD,W1\n"
	       "PW2,K1,2026-02-21,474.99,USD,W2\n", NULL);

	/* no amount: refused before anything is applied */
	static const char *const bad[] = {
		"ten", "-1", "1.23456", "", "25 USD", "1e3",
	};
	options(&o, "2026-02-28", NULL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.writeoff_under = bad[i];
		assert_int_equal(run(f->l, &o, &rs, &s, NULL), AR_EUSAGE);
		assert_int_equal(rs.n, 0);
	}
	assert_int_equal(applications(f->l), 0);

	failures = 0;
	o.writeoff_under = "25";
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "PW1", "W1", 27500, "ref", "2026-02-20", 2500, 0,
	       "short_pay");
	row_is(&rs, 1, "WO-5", "W1", 2500, "writeoff", "2026-02-20", 0, 0,
	       "short_pay");
	row_is(&rs, 2, "PW2", "W2", 47499, "ref", "2026-02-21", 2501, 0,
	       "short");
	stats_are(&s, 2, 2, 0, 0, 3, 1, 1);
	currency_is(&s, "USD", 2, 74999, 0);
	assert_int_equal(failures, 0);
	assert_string_equal(rs.r[1].credit_type, "writeoff");

	assert_int_equal(open_on(f->l, "W1", "2026-02-20"), 0);
	assert_int_equal(open_on(f->l, "W2", "2026-02-28"), 2501);
	/* the write-off document: related to W1, dated the day, its reason */
	assert_string_equal(sql_text(f->l, buf, sizeof(buf), "SELECT doc_type "
		"|| ' ' || doc_date || ' ' || amount || ' ' || related || ' ' "
		"|| reason FROM document WHERE doc_no = 'WO-5'"),
		"writeoff 2026-02-20 2500 1 short_pay");
	check_clean(f->l);
}

/*
 * writeoff_under in a currency without decimals: "0.5" is an amount in
 * USD (0.50) but not in JPY, refused only when a JPY short pay needs it.
 *
 *   K1 (JPY): J1 10000, J2 3000; PJ1 9999 'J1' (1 short), PJ2 3000 (exact)
 *   K2 (USD): U2 100.00; PU2 99.60 'U2' (0.40 short)
 *   K3 (JPY): J3 5000; PJ3 5000 'J3' (paid in full)
 */
static void t_writeoff_under_jpy(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	assert_int_equal(ar_ledger_currency_exponent(f->l, "JPY"), 0);
	import(f->l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency\n"
	       "K1,Kestrel KK,JPY\n"
	       "K2,Larkspur Ltd,USD\n"
	       "K3,Merlin KK,JPY\n", NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "J1,K1,2026-01-10,2026-02-09,10000,JPY\n"
	       "J2,K1,2026-01-11,2026-02-10,3000,JPY\n"
	       "U2,K2,2026-01-10,2026-02-09,100.00,USD\n"
	       "J3,K3,2026-01-10,2026-02-09,5000,JPY\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PJ1,K1,2026-02-20,9999,JPY,J1\n"
	       "PJ2,K1,2026-02-21,3000,JPY,\n"
	       "PU2,K2,2026-02-20,99.60,USD,U2\n"
	       "PJ3,K3,2026-02-20,5000,JPY,J3\n", NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	o.writeoff_under = "0.5";

	/* K3: no short pay in JPY, so the limit is never needed */
	o.customer_id = "K3";
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 1);
	row_is(&rs, 0, "PJ3", "J3", 5000, "ref", "2026-02-20", 0, 0, "");
	assert_int_equal(rs.r[0].exponent, 0);
	currency_is(&s, "JPY", 0, 5000, 0);

	/* K2: 0.40 USD short, within 0.50: written off */
	o.customer_id = "K2";
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 2);
	row_is(&rs, 0, "PU2", "U2", 9960, "ref", "2026-02-20", 40, 0,
	       "short_pay");
	assert_string_equal(rs.r[1].credit_type, "writeoff");
	row_is(&rs, 1, rs.r[1].credit_no, "U2", 40, "writeoff", "2026-02-20", 0,
	       0, "short_pay");
	stats_are(&s, 1, 1, 0, 0, 2, 1, 0);
	assert_int_equal(failures, 0);
	check_clean(f->l);

	/* everyone: K1's 1 yen short needs "0.5" in JPY: refused, undone */
	int64_t before = applications(f->l);
	o.customer_id = NULL;
	assert_int_equal(run(f->l, &o, &rs, &s, NULL), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "JPY"));
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "0.5"));
	assert_int_equal(applications(f->l), before);

	/* "1" is 1 yen: the short pay is written off */
	o.writeoff_under = "1";
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "PJ1", "J1", 9999, "ref", "2026-02-20", 1, 0,
	       "short_pay");
	row_is(&rs, 1, rs.r[1].credit_no, "J1", 1, "writeoff", "2026-02-20", 0,
	       0, "short_pay");
	row_is(&rs, 2, "PJ2", "J2", 3000, "exact", "2026-02-21", 0, 0, "");
	stats_are(&s, 2, 2, 0, 0, 3, 1, 0);
	assert_int_equal(s.ncurrencies, 1);
	currency_is(&s, "JPY", 0, 12999, 0);
	assert_int_equal(failures, 0);
	for (int i = 0; i < rs.n; i++) {
		assert_string_equal(rs.r[i].currency, "JPY");
		assert_int_equal(rs.r[i].exponent, 0);
	}
	assert_int_equal(open_on(f->l, "J1", "2026-02-28"), 0);
	check_clean(f->l);
}

/* A row callback that stops the run: its status comes back, undone. */
static ar_status stop_row(void *ctx, const struct ar_application_row *r)
{
	(void)ctx;
	(void)r;
	return AR_ECHECK;
}

static void t_callback_status(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s = {0};	/* a run adds to it */
	struct ar_apply_callbacks cb = {.row = stop_row};

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "X1,K1,2026-01-10,2026-02-09,100.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PX,K1,2026-02-20,100.00,USD,\n", NULL);
	options(&o, "2026-02-28", NULL);
	begin(f->l, "ar-apply", NULL);
	assert_int_equal(ar_apply_run(f->l, &o, &cb, &s), AR_ECHECK);
	ar_ledger_rollback(f->l);
	assert_int_equal(applications(f->l), 0);
	check_clean(f->l);
}

/* ------------------------------------------------------------------ */
/* Undo */

/*
 *   INV-A 100.00 (01-05), INV-B 200.00 (01-10); documents 1, 2
 *   P1 150.00 (02-15), no reference; P2 120.00 (02-16) 'INV-B'
 *   with writeoff_under 30:
 *     P1: exact none; combo: only INV-A is smaller; oldest INV-A 100.00
 *         then INV-B 50.00 (150.00 open)
 *     P2: ref INV-B 120.00, 30.00 short <= 30.00: WO-5 writes it off
 */
static const char undo_invoices[] =
	"invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	"INV-A,K1,2026-01-05,2026-02-04,100.00,USD\n"
	"INV-B,K1,2026-01-10,2026-02-09,200.00,USD\n";
static const char undo_payments[] =
	"payment_no,customer_id,payment_date,amount,currency,reference\n"
	"P1,K1,2026-02-15,150.00,USD,\n"
	"P2,K1,2026-02-16,120.00,USD,INV-B\n";

static void undo_rows_are(const struct rows *rs, const char *wo)
{
	assert_int_equal(rs->n, 4);
	row_is(rs, 0, "P1", "INV-A", 10000, "oldest", "2026-02-15", 0, 5000,
	       "");
	row_is(rs, 1, "P1", "INV-B", 5000, "oldest", "2026-02-15", 15000, 0, "");
	row_is(rs, 2, "P2", "INV-B", 12000, "ref", "2026-02-16", 3000, 0,
	       "short_pay");
	row_is(rs, 3, wo, "INV-B", 3000, "writeoff", "2026-02-16", 0, 0,
	       "short_pay");
}

static ar_status undo(struct ar_ledger *l, int64_t batch,
		      struct ar_apply_stats *s)
{
	memset(s, 0, sizeof(*s));
	begin(l, "ar-apply", NULL);
	ar_status st = ar_apply_undo(l, batch, s);
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

static void t_undo(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;
	int64_t imported, applied, undone, current;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES, undo_invoices, &imported);
	import(f->l, AR_REC_PAYMENTS, undo_payments, NULL);

	failures = 0;
	options(&o, "2026-02-28", NULL);
	o.writeoff_under = "30";
	run_ok(f->l, &o, &rs, &s, &applied);
	undo_rows_are(&rs, "WO-5");
	stats_are(&s, 2, 2, 0, 0, 4, 1, 0);
	assert_int_equal(failures, 0);
	for (int i = 0; i < rs.n; i++)
		assert_int_equal(rs.r[i].batch, applied);
	assert_int_equal(open_on(f->l, "INV-B", "2026-02-28"), 0);

	/* undo: every open amount back, at every date */
	assert_int_equal(undo(f->l, applied, &s), AR_OK);
	assert_int_equal(s.documents, 1);	/* WO-5 neutralized */
	static const char *const dates[] = {
		"2026-02-14", "2026-02-15", "2026-02-16", "2026-02-28",
		"2099-12-31",
	};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		assert_int_equal(open_on(f->l, "INV-A", dates[i]), 10000);
		assert_int_equal(open_on(f->l, "INV-B", dates[i]), 20000);
		assert_int_equal(unapplied_on(f->l, "P1", dates[i]), 15000);
		assert_int_equal(unapplied_on(f->l, "P2", dates[i]), 12000);
	}
	/* the write-off no longer counts: applied to its reversal */
	assert_int_equal(unapplied_on(f->l, "WO-5", "2099-12-31"), 0);
	assert_int_equal(open_on(f->l, "WO-5", "2099-12-31"), 0);
	/* each application of the run cancelled by one of the same date */
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM application a "
		"WHERE a.batch_id = %lld AND NOT EXISTS (SELECT 1 FROM "
		"application x WHERE x.cancels = a.id AND x.amount = -a.amount "
		"AND x.effective_date = a.effective_date AND x.credit_doc = "
		"a.credit_doc AND x.debit_doc = a.debit_doc)",
		(long long)applied), 0);
	assert_int_equal(sql_int(f->l, "SELECT sum(a.amount) FROM application "
		"a WHERE a.batch_id = %lld OR a.cancels IN (SELECT id FROM "
		"application WHERE batch_id = %lld)", (long long)applied,
		(long long)applied), 0);
	undone = applied + 1;
	assert_int_equal(sql_int(f->l, "SELECT max(id) FROM batch"), undone);
	check_clean(f->l);

	/* refused: again, the undo itself, an import, none, the run itself */
	int64_t before = applications(f->l);
	assert_int_equal(undo(f->l, applied, &s), AR_EUSAGE);
	assert_int_equal(undo(f->l, undone, &s), AR_EUSAGE);
	assert_int_equal(undo(f->l, imported, &s), AR_EUSAGE);
	assert_int_equal(undo(f->l, 999, &s), AR_ENOTFOUND);
	assert_int_equal(undo(f->l, 0, &s), AR_ENOTFOUND);
	begin(f->l, "ar-apply", &current);
	assert_int_equal(ar_apply_undo(f->l, current, &s), AR_EUSAGE);
	ar_ledger_rollback(f->l);
	assert_int_equal(applications(f->l), before);
	check_clean(f->l);

	/* a run that applied nothing has nothing to undo */
	int64_t empty;
	options(&o, "2026-01-31", NULL);	/* before every payment */
	run_ok(f->l, &o, &rs, &s, &empty);
	assert_int_equal(rs.n, 0);
	assert_int_equal(undo(f->l, empty, &s), AR_EUSAGE);
}

/*
 * Undo, then the same run again: the same applications, the write-off
 * numbered anew (WO-5 and its reversal are documents 5 and 6, so WO-7),
 * and the same dates.  An application is never effective before the last
 * day an application of either document was cancelled by a returned
 * payment, but an undo's cancellations reopen nothing (ar-ledger(5)):
 * what it undid was never applied, so P1's 50.00 goes to INV-B on 02-15
 * as in the first run.
 */
static void t_undo_rerun(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;
	int64_t applied;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES, undo_invoices, NULL);
	import(f->l, AR_REC_PAYMENTS, undo_payments, NULL);
	options(&o, "2026-02-28", NULL);
	o.writeoff_under = "30";
	run_ok(f->l, &o, &rs, &s, &applied);
	assert_int_equal(undo(f->l, applied, &s), AR_OK);

	failures = 0;
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 4);
	row_is(&rs, 0, "P1", "INV-A", 10000, "oldest", "2026-02-15", 0, 5000,
	       "");
	row_is(&rs, 1, "P1", "INV-B", 5000, "oldest", "2026-02-15", 15000, 0,
	       "");
	row_is(&rs, 2, "P2", "INV-B", 12000, "ref", "2026-02-16", 3000, 0,
	       "short_pay");
	row_is(&rs, 3, "WO-7", "INV-B", 3000, "writeoff", "2026-02-16", 0, 0,
	       "short_pay");
	stats_are(&s, 2, 2, 0, 0, 4, 1, 0);
	currency_is(&s, "USD", 2, 27000, 0);
	assert_int_equal(failures, 0);
	check_clean(f->l);
	/* so on 02-15 INV-B has 150.00 open, as after the first run */
	assert_int_equal(open_on(f->l, "INV-B", "2026-02-15"), 15000);
	assert_int_equal(open_on(f->l, "INV-B", "2026-02-16"), 0);
	assert_int_equal(unapplied_on(f->l, "P1", "2026-02-15"), 0);

	/*
	 * undone again, then run with "oldest" alone: P1 goes on its own
	 * date, 02-15, P2 on 02-16
	 */
	int64_t again;
	assert_int_equal(sql_int(f->l, "SELECT max(id) FROM batch"),
			 applied + 2);
	assert_int_equal(undo(f->l, applied + 2, &s), AR_OK);
	check_clean(f->l);
	options(&o, "2026-02-28", "oldest");
	run_ok(f->l, &o, &rs, &s, &again);
	/* P1: INV-A 100.00, INV-B 50.00; P2: INV-B 120.00 */
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "P1", "INV-A", 10000, "oldest", "2026-02-15", 0, 5000,
	       "");
	row_is(&rs, 1, "P1", "INV-B", 5000, "oldest", "2026-02-15", 15000, 0,
	       "");
	row_is(&rs, 2, "P2", "INV-B", 12000, "oldest", "2026-02-16", 3000, 0,
	       "");
	assert_int_equal(failures, 0);
	check_clean(f->l);
}

/* ------------------------------------------------------------------ */
/* Returned payments */

/*
 *   R1 300.00 (01-05), R2 200.00 (01-10), R3 150.00 (02-20)
 *   documents: R1 1, R2 2, R3 3, PQ 4, PR 5, PZ 6
 *   PQ 150.00 (02-01) 'R3' -> ref R3, effective 02-20 (R3's date)
 *   PR 500.00 (02-10) 'R1 R2' -> ref R1 300.00, R2 200.00 on 02-10
 *   PZ  80.00 (02-12) -> nothing open: on account
 */
static const char reverse_invoices[] =
	"invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	"R1,K1,2026-01-05,2026-02-04,300.00,USD\n"
	"R2,K1,2026-01-10,2026-02-09,200.00,USD\n"
	"R3,K1,2026-02-20,2026-03-22,150.00,USD\n";
static const char reverse_payments[] =
	"payment_no,customer_id,payment_date,amount,currency,reference\n"
	"PQ,K1,2026-02-01,150.00,USD,R3\n"
	"PR,K1,2026-02-10,500.00,USD,R1 R2\n"
	"PZ,K1,2026-02-12,80.00,USD,\n";

static void load_reverse(struct fixture *f)
{
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	import(f->l, AR_REC_CUSTOMERS, customers, NULL);
	import(f->l, AR_REC_INVOICES, reverse_invoices, NULL);
	import(f->l, AR_REC_PAYMENTS, reverse_payments, NULL);
	failures = 0;
	options(&o, "2026-02-28", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "PQ", "R3", 15000, "ref", "2026-02-20", 0, 0, "");
	row_is(&rs, 1, "PR", "R1", 30000, "ref", "2026-02-10", 0, 20000, "");
	row_is(&rs, 2, "PR", "R2", 20000, "ref", "2026-02-10", 0, 0, "");
	stats_are(&s, 3, 2, 0, 1, 3, 0, 0);
	currency_is(&s, "USD", 2, 65000, 8000);
	assert_int_equal(failures, 0);
}

static ar_status reverse(struct ar_ledger *l, const char *no,
			 const char *date, const char *fee,
			 struct ar_apply_stats *s, int64_t *batch)
{
	struct ar_reverse_options r = {
		.payment_no = no, .date = day(date), .fee = fee,
		.reason = "NSF check",
	};
	memset(s, 0, sizeof(*s));
	begin(l, "ar-apply", batch);
	ar_status st = ar_apply_reverse(l, &r, s);
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

static void t_reverse(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_stats s;
	char buf[128];
	int64_t reversed;

	load_reverse(f);
	check_clean(f->l);

	/* refused, changing nothing */
	int64_t before = applications(f->l);
	assert_int_equal(reverse(f->l, "PR", "2026-02-09", NULL, &s, NULL),
			 AR_EUSAGE);			/* before PR */
	assert_int_equal(reverse(f->l, "PQ", "2026-02-10", NULL, &s, NULL),
			 AR_EUSAGE);		/* before PQ's application */
	assert_int_equal(reverse(f->l, "PQ", "2026-02-19", NULL, &s, NULL),
			 AR_EUSAGE);
	assert_int_equal(reverse(f->l, "NOPE", "2026-03-10", NULL, &s, NULL),
			 AR_ENOTFOUND);
	assert_int_equal(reverse(f->l, "R1", "2026-03-10", NULL, &s, NULL),
			 AR_ENOTFOUND);			/* an invoice */
	static const char *const bad_fees[] = {
		"1.234", "0", "0.00", "-5", "abc", "", "25 EUR", "1e2",
		"10000000000001",	/* more than AR_MONEY_DOC_MAX cents */
	};
	for (size_t i = 0; i < sizeof(bad_fees) / sizeof(bad_fees[0]); i++)
		if (reverse(f->l, "PR", "2026-03-10", bad_fees[i], &s, NULL) !=
		    AR_EUSAGE) {
			print_error("fee '%s' taken\n", bad_fees[i]);
			failures++;
		}
	assert_int_equal(failures, 0);
	assert_int_equal(applications(f->l), before);
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM document WHERE "
				 "doc_type = 'reversal' OR doc_type = "
				 "'debit_memo'"), 0);

	/* PR returned on 03-10 with a 25.00 fee */
	assert_int_equal(reverse(f->l, "PR", "2026-03-10", "25", &s, &reversed),
			 AR_OK);
	assert_int_equal(s.documents, 2);
	check_clean(f->l);

	/* the items are open again from 03-10, not before */
	assert_int_equal(open_on(f->l, "R1", "2026-03-09"), 0);
	assert_int_equal(open_on(f->l, "R2", "2026-03-09"), 0);
	assert_int_equal(open_on(f->l, "R1", "2026-03-10"), 30000);
	assert_int_equal(open_on(f->l, "R2", "2026-03-10"), 20000);
	assert_int_equal(open_on(f->l, "R3", "2026-03-10"), 0);
	/* by cancelling applications of PR, on the date */
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM application a "
		"JOIN application c ON c.id = a.cancels WHERE a.batch_id = "
		"%lld AND a.rule = 'reversal' AND a.amount = -c.amount AND "
		"a.effective_date = '2026-03-10' AND c.credit_doc = 5 AND "
		"a.credit_doc = 5 AND a.debit_doc = c.debit_doc",
		(long long)reversed), 2);
	/* PR applied in full to its reversal document: nothing unapplied */
	assert_string_equal(sql_text(f->l, buf, sizeof(buf), "SELECT doc_no "
		"|| ' ' || doc_date || ' ' || amount || ' ' || related || ' ' "
		"|| reason FROM document WHERE doc_type = 'reversal'"),
		"PR 2026-03-10 50000 5 NSF check");
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM application a "
		"JOIN document d ON d.id = a.debit_doc WHERE d.doc_type = "
		"'reversal' AND a.credit_doc = 5 AND a.amount = 50000 AND "
		"a.effective_date = '2026-03-10' AND a.rule = 'reversal'"), 1);
	assert_int_equal(unapplied_on(f->l, "PR", "2026-03-09"), 0);
	assert_int_equal(unapplied_on(f->l, "PR", "2026-03-10"), 0);
	assert_int_equal(open_on(f->l, "PR", "2026-03-10"), 0);
	/* the fee: a debit memo NSF-PR dated and due on the date */
	assert_string_equal(sql_text(f->l, buf, sizeof(buf), "SELECT doc_type "
		"|| ' ' || doc_date || ' ' || due_date || ' ' || amount || ' ' "
		"|| currency || ' ' || related FROM document WHERE doc_no = "
		"'NSF-PR'"), "debit_memo 2026-03-10 2026-03-10 2500 USD 5");
	assert_int_equal(open_on(f->l, "NSF-PR", "2026-03-10"), 2500);

	/* refused: PR again; undo of the reversal */
	before = applications(f->l);
	assert_int_equal(reverse(f->l, "PR", "2026-03-11", NULL, &s, NULL),
			 AR_EUSAGE);
	assert_int_equal(undo(f->l, reversed, &s), AR_EUSAGE);
	assert_int_equal(applications(f->l), before);

	/* PZ, never applied, returned the day it came: no fee */
	assert_int_equal(reverse(f->l, "PZ", "2026-02-12", NULL, &s, NULL),
			 AR_OK);
	assert_int_equal(s.documents, 1);
	assert_int_equal(unapplied_on(f->l, "PZ", "2026-02-11"), 8000);
	assert_int_equal(unapplied_on(f->l, "PZ", "2026-02-12"), 0);
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM document WHERE "
				 "doc_no = 'NSF-PZ'"), 0);
	check_clean(f->l);

	/* the next run finds neither PR nor PZ to apply */
	struct ar_apply_options o;
	struct rows rs;
	options(&o, "2026-03-31", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 0);
	assert_int_equal(s.credits, 0);
	check_clean(f->l);
}

/* A closed period: the date of a reversal must be after it. */
static void t_reverse_closed(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_stats s;
	struct ar_apply_options o;
	struct rows rs;

	load_reverse(f);
	int64_t applied = sql_int(f->l, "SELECT max(id) FROM batch WHERE "
				  "command = 'ar-apply'");
	begin(f->l, "ar-ledger", NULL);
	assert_int_equal(ar_ledger_close_period(f->l, "2026-03"), AR_OK);
	commit(f->l);

	/* the run's applications (02-10, 02-20) are closed: no undo */
	int64_t before = applications(f->l);
	assert_int_equal(undo(f->l, applied, &s), AR_EUSAGE);
	assert_int_equal(applications(f->l), before);

	assert_int_equal(reverse(f->l, "PR", "2026-03-31", NULL, &s, NULL),
			 AR_EUSAGE);
	struct ar_reverse_options r = {
		.payment_no = "PR", .date = day("2026-03-15"),
		.allow_closed = true,
	};
	begin(f->l, "ar-apply", NULL);
	assert_int_equal(ar_apply_reverse(f->l, &r, &s), AR_OK);
	commit(f->l);
	assert_int_equal(open_on(f->l, "R1", "2026-03-15"), 30000);
	check_clean(f->l);

	/* as-of inside the closed period: refused */
	options(&o, "2026-03-31", NULL);
	assert_int_equal(run(f->l, &o, &rs, &s, NULL), AR_EUSAGE);
	/*
	 * after it: PZ 80.00 (02-12) pays R1 by the oldest rule, effective
	 * 04-01, the first day open, not 03-15
	 */
	options(&o, "2026-04-30", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	failures = 0;
	assert_int_equal(rs.n, 1);
	row_is(&rs, 0, "PZ", "R1", 8000, "oldest", "2026-04-01", 22000, 0, "");
	assert_int_equal(failures, 0);
	check_clean(f->l);
}

/*
 * Cash that comes after a returned payment: PR (02-10) paid R1 and R2 and
 * is returned on 03-10.  PN 300.00 dated 02-05 'R1' and PM 200.00 dated
 * 03-20 'R2' arrive later.
 *
 *   as of 03-09: R1 and R2 are reopened only on 03-10, so not open yet:
 *      PN stays on account
 *   as of 03-31: PN pays R1 effective 03-10 (not 02-05: R1 was paid by
 *      PR until then); PZ 80.00 (02-12, on account) pays R2 by the oldest
 *      rule, also on 03-10 (120.00 left open); PM pays R2's 120.00 on its
 *      own date 03-20 and keeps 80.00 on account
 */
/* load_reverse(), PR returned on 03-10, then PN and PM imported. */
static void load_returned(struct fixture *f)
{
	struct ar_apply_stats s;
	load_reverse(f);
	assert_int_equal(reverse(f->l, "PR", "2026-03-10", NULL, &s, NULL),
			 AR_OK);
	assert_int_equal(s.documents, 1);
	check_clean(f->l);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PN,K1,2026-02-05,300.00,USD,R1\n"
	       "PM,K1,2026-03-20,200.00,USD,R2\n", NULL);
}

static void t_cash_after_reverse(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	load_returned(f);

	failures = 0;
	options(&o, "2026-03-09", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	assert_int_equal(rs.n, 0);
	/* PN and PZ looked at, nothing applied */
	stats_are(&s, 2, 0, 0, 2, 0, 0, 0);
	currency_is(&s, "USD", 2, 0, 38000);
	assert_int_equal(failures, 0);
	check_clean(f->l);

	options(&o, "2026-03-31", NULL);
	run_ok(f->l, &o, &rs, &s, NULL);
	/* PN (02-05), PZ (02-12) then PM (03-20) */
	assert_int_equal(rs.n, 3);
	row_is(&rs, 0, "PN", "R1", 30000, "ref", "2026-03-10", 0, 0, "");
	row_is(&rs, 1, "PZ", "R2", 8000, "oldest", "2026-03-10", 12000, 0, "");
	row_is(&rs, 2, "PM", "R2", 12000, "ref", "2026-03-20", 0, 8000, "");
	stats_are(&s, 3, 2, 1, 0, 3, 0, 0);
	currency_is(&s, "USD", 2, 50000, 8000);
	assert_int_equal(failures, 0);
	assert_int_equal(open_on(f->l, "R1", "2026-03-09"), 0);
	assert_int_equal(open_on(f->l, "R1", "2026-03-10"), 0);
	assert_int_equal(unapplied_on(f->l, "PN", "2026-03-09"), 30000);
	assert_int_equal(unapplied_on(f->l, "PN", "2026-03-10"), 0);
	check_clean(f->l);
}

/*
 * What a run reads of each document: the open-item state for one it
 * holds wholly applied and unchanged after as-of, the applications for
 * the rest (apply.c, docs_sql).  A run as of any date must do and say
 * what a run reading every document's applications does and says
 * (ar__apply_late_max 0).  The ledger: R1 paid by PR, returned on 03-10
 * and paid again by PN (wholly applied now, reopened after an as-of of
 * 03-09); W1 paid short and the rest written off; then cash naming the
 * written-off W1 (a recovery, not a double), PD naming the paid R3 (a
 * duplicate?), and a credit memo naming the paid R2.
 */
struct said {
	struct rows rows;
	char text[8192];
	size_t len;
};

static void on_said(void *ctx, const struct ar_notice *n)
{
	struct said *x = ctx;
	int k = snprintf(x->text + x->len, sizeof(x->text) - x->len, "%s\n",
			 n->text);
	assert_true(k > 0 && (size_t)k < sizeof(x->text) - x->len);
	x->len += (size_t)k;
}

/* Run as of as_of, explained, into x, and roll back; late as the cap. */
static void dry_run(struct ar_ledger *l, const char *as_of, size_t late,
		    struct said *x)
{
	struct ar_apply_options o;
	struct ar_apply_stats s = {0};
	struct ar_apply_callbacks cb = {.row = on_row, .ctx = &x->rows};
	memset(x, 0, sizeof(*x));
	options(&o, as_of, NULL);
	o.explain = true;
	o.writeoff_under = "5";
	size_t keep = ar__apply_late_max;
	ar__apply_late_max = late;
	ar_ledger_set_notice(l, on_said, x);
	begin(l, "ar-apply", NULL);
	ar_status st = ar_apply_run(l, &o, &cb, &s);
	ar_ledger_rollback(l);
	ar_ledger_set_notice(l, NULL, NULL);
	ar__apply_late_max = keep;
	if (st != AR_OK)
		fail_msg("ar_apply_run as of %s: %s", as_of, ar_ledger_errmsg(l));
	on_said(x, &(struct ar_notice){.text = ""});
	snprintf(x->text + x->len, sizeof(x->text) - x->len,
		 "%lld credits, %lld applications", (long long)s.credits,
		 (long long)s.applications);
}

static void t_state_or_history(void **state)
{
	struct fixture *f = *state;
	struct ar_apply_options o;
	struct ar_apply_stats s;
	struct rows rs;

	load_returned(f);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "W1,K1,2026-01-15,2026-02-14,40.00,USD\n", NULL);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PW,K1,2026-02-25,37.00,USD,W1\n", NULL);
	options(&o, "2026-03-31", NULL);
	o.writeoff_under = "5";
	run_ok(f->l, &o, &rs, &s, NULL);
	/* R1 and R2 paid again, W1 paid and written off */
	assert_int_equal(open_on(f->l, "R1", "2026-03-31"), 0);
	assert_int_equal(open_on(f->l, "R2", "2026-03-31"), 0);
	assert_int_equal(open_on(f->l, "W1", "2026-03-31"), 0);
	assert_int_equal(sql_int(f->l, "SELECT count(*) FROM document WHERE "
				 "doc_type = 'writeoff'"), 1);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount,currency,reference\n"
	       "PX,K1,2026-03-25,3.00,USD,W1\n"
	       "PD,K1,2026-03-26,150.00,USD,R3\n"
	       "PO,K1,2026-03-01,90.00,USD,R1\n", NULL);
	import(f->l, AR_REC_CREDITS,
	       "credit_no,customer_id,credit_date,amount,currency,invoice_no,reason\n"
	       "CR,K1,2026-03-27,20.00,USD,R2,damaged\n", NULL);
	check_clean(f->l);

	static const char *const dates[] = {
		"2026-02-28", "2026-03-09", "2026-03-12", "2026-03-31",
		"2026-04-30",
	};
	struct said *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	assert_non_null(a);
	assert_non_null(b);
	for (size_t i = 0; i < sizeof(dates) / sizeof(*dates); i++) {
		dry_run(f->l, dates[i], 65536, a);
		dry_run(f->l, dates[i], 0, b);
		assert_string_equal(a->text, b->text);
		assert_int_equal(a->rows.n, b->rows.n);
		assert_memory_equal(a->rows.r, b->rows.r,
				    (size_t)a->rows.n * sizeof(*a->rows.r));
		if (!strcmp(dates[i], "2026-03-09")) {
			/* R1 is reopened only on 03-10: not the
			 * customer's item yet, so not paid already */
			assert_null(strstr(a->text, "R1 is paid already"));
			assert_non_null(strstr(a->text, "ref: R1 is K1's "
					"invoice, not this customer's"));
		}
		if (!strcmp(dates[i], "2026-03-31")) {
			assert_non_null(strstr(a->text, "R3, all the reference "
					"names, is paid already"));
			assert_non_null(strstr(a->text, "credit: R2, the "
					"invoice it names, is paid already"));
			assert_null(strstr(a->text, "W1, all the reference"));
		}
	}
	free(a);
	free(b);
	check_clean(f->l);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_parse_rules),
		cmocka_unit_test(t_options_init),
		cmocka_unit_test(t_rule_name),
		LEDGER_TEST(t_ref),
		LEDGER_TEST(t_exact),
		LEDGER_TEST(t_combo),
		LEDGER_TEST(t_combo_candidates),
		LEDGER_TEST(t_oldest),
		LEDGER_TEST(t_credit),
		LEDGER_TEST(t_currencies),
		LEDGER_TEST(t_as_of_customer),
		LEDGER_TEST(t_writeoff_under),
		LEDGER_TEST(t_writeoff_under_jpy),
		LEDGER_TEST(t_callback_status),
		LEDGER_TEST(t_undo),
		LEDGER_TEST(t_undo_rerun),
		LEDGER_TEST(t_reverse),
		LEDGER_TEST(t_reverse_closed),
		LEDGER_TEST(t_cash_after_reverse),
		LEDGER_TEST(t_state_or_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
