/*
 * test_age.c - aging (SPEC section 6, ar-age): bucket edges and names,
 * the bucket of a day count at every edge, known-at timestamps, and the
 * summary, detail and proof on a small ledger whose every figure is worked
 * out by hand below, then on one tampered with behind the library's back.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ar/age.h"
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
/* Edges */

static void edges_are(const char *s, int n, ...)
{
	struct ar_age_options o;
	va_list ap;
	ar_age_options_init(&o);
	ar_status st = ar_age_parse_edges(&o, s);
	if (st != AR_OK || o.nedges != n) {
		print_error("'%s': status %d, %d edges; want %d\n", s, (int)st,
			    o.nedges, n);
		failures++;
		return;
	}
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		int want = va_arg(ap, int);
		if (o.edges[i] != want) {
			print_error("'%s': edge %d is %d; want %d\n", s, i,
				    o.edges[i], want);
			failures++;
		}
	}
	va_end(ap);
}

static void edges_refused(const char *s)
{
	struct ar_age_options o;
	ar_age_options_init(&o);
	ar_status st = ar_age_parse_edges(&o, s);
	if (st != AR_EUSAGE || o.nedges != 0) {
		print_error("'%s': status %d, %d edges; want AR_EUSAGE\n", s,
			    (int)st, o.nedges);
		failures++;
	}
}

static void t_parse_edges(void **state)
{
	(void)state;
	failures = 0;
	edges_are("30,60,90,120", 4, 30, 60, 90, 120);
	edges_are("15,45", 2, 15, 45);
	edges_are("1", 1, 1);
	edges_are("7,14,21,28,35,42,49,56,63,70", 10, 7, 14, 21, 28, 35, 42,
		  49, 56, 63, 70);
	edges_are("365", 1, 365);

	edges_refused("");
	edges_refused("60,30");			/* not ascending */
	edges_refused("30,30");			/* nor strictly */
	edges_refused("0,30");			/* day counts are positive */
	edges_refused("-30");
	edges_refused("+30");
	edges_refused("30,");
	edges_refused(",30");
	edges_refused("30,,60");
	edges_refused("30 60");
	edges_refused("30, 60");
	edges_refused("30;60");
	edges_refused("30,60x");
	edges_refused("thirty");
	edges_refused("1,2,3,4,5,6,7,8,9,10,11");	/* 11 edges */
	assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------ */
/* Bucket names and buckets */

static void names_are(const char *edges, enum ar_age_by by, const char *want)
{
	struct ar_age_options o;
	/* a guard after the names, to see a name written past them */
	struct {
		char names[AR_AGE_MAX_BUCKETS][24];
		char guard[48];
	} b;
	char got[AR_AGE_MAX_BUCKETS * 25 + 64] = "";
	memset(b.guard, '#', sizeof(b.guard));
	ar_age_options_init(&o);
	o.by = by;
	assert_int_equal(ar_age_parse_edges(&o, edges), AR_OK);
	int n = ar_age_bucket_names(&o, b.names);
	for (size_t i = 0; i < sizeof(b.guard); i++)
		if (b.guard[i] != '#') {
			print_error("'%s' by %s: %d names, more than the %d "
				    "AR_AGE_MAX_BUCKETS holds\n", edges,
				    by == AR_AGE_BY_DUE ? "due" : "invoice", n,
				    AR_AGE_MAX_BUCKETS);
			failures++;
			return;
		}
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, b.names[i]);
	}
	if (strcmp(got, want) != 0) {
		print_error("'%s' by %s: %s; want %s\n", edges,
			    by == AR_AGE_BY_DUE ? "due" : "invoice", got, want);
		failures++;
	}
}

static void t_bucket_names(void **state)
{
	(void)state;
	failures = 0;
	names_are("30,60,90,120", AR_AGE_BY_DUE,
		  "current,1-30,31-60,61-90,91-120,over_120");
	names_are("30,60,90,120", AR_AGE_BY_INVOICE,
		  "0-30,31-60,61-90,91-120,over_120");
	names_are("15,45", AR_AGE_BY_DUE, "current,1-15,16-45,over_45");
	names_are("15,45", AR_AGE_BY_INVOICE, "0-15,16-45,over_45");
	names_are("1", AR_AGE_BY_DUE, "current,1-1,over_1");
	names_are("1", AR_AGE_BY_INVOICE, "0-1,over_1");
	names_are("7,14,21,28,35,42,49,56,63,70", AR_AGE_BY_DUE,
		  "current,1-7,8-14,15-21,22-28,29-35,36-42,43-49,50-56,"
		  "57-63,64-70,over_70");
	assert_int_equal(failures, 0);
}

static void bucket_is(const struct ar_age_options *o, int days, int want)
{
	int got = ar_age_bucket(o, days);
	if (got != want) {
		print_error("%d days by %s: bucket %d; want %d\n", days,
			    o->by == AR_AGE_BY_DUE ? "due" : "invoice", got,
			    want);
		failures++;
	}
}

static void t_bucket(void **state)
{
	struct ar_age_options o;
	(void)state;
	failures = 0;
	ar_age_options_init(&o);
	assert_int_equal(ar_age_parse_edges(&o, "30,60,90,120"), AR_OK);

	/* by due: current, 1-30, 31-60, 61-90, 91-120, over_120 */
	bucket_is(&o, -400, 0);
	bucket_is(&o, -1, 0);
	bucket_is(&o, 0, 0);		/* due today: current */
	bucket_is(&o, 1, 1);
	bucket_is(&o, 30, 1);
	bucket_is(&o, 31, 2);
	bucket_is(&o, 60, 2);
	bucket_is(&o, 61, 3);
	bucket_is(&o, 90, 3);
	bucket_is(&o, 91, 4);
	bucket_is(&o, 120, 4);
	bucket_is(&o, 121, 5);
	bucket_is(&o, 36500, 5);

	/* by document date: 0-30, 31-60, 61-90, 91-120, over_120 */
	o.by = AR_AGE_BY_INVOICE;
	bucket_is(&o, 0, 0);
	bucket_is(&o, 1, 0);
	bucket_is(&o, 30, 0);
	bucket_is(&o, 31, 1);
	bucket_is(&o, 60, 1);
	bucket_is(&o, 61, 2);
	bucket_is(&o, 90, 2);
	bucket_is(&o, 91, 3);
	bucket_is(&o, 120, 3);
	bucket_is(&o, 121, 4);
	bucket_is(&o, 36500, 4);

	/* other edges: current, 1-15, 16-45, over_45 */
	o.by = AR_AGE_BY_DUE;
	assert_int_equal(ar_age_parse_edges(&o, "15,45"), AR_OK);
	bucket_is(&o, 0, 0);
	bucket_is(&o, 15, 1);
	bucket_is(&o, 16, 2);
	bucket_is(&o, 45, 2);
	bucket_is(&o, 46, 3);

	/* the most edges there may be: 12 buckets by due, 11 by date */
	assert_int_equal(ar_age_parse_edges(&o, "10,20,30,40,50,60,70,80,90,100"),
			 AR_OK);
	bucket_is(&o, 0, 0);
	bucket_is(&o, 100, 10);
	bucket_is(&o, 101, 11);
	assert_true(ar_age_bucket(&o, 101) < AR_AGE_MAX_BUCKETS);
	o.by = AR_AGE_BY_INVOICE;
	bucket_is(&o, 101, 10);
	assert_int_equal(failures, 0);
}

static void t_options_init(void **state)
{
	struct ar_age_options o;
	(void)state;
	memset(&o, 0x5a, sizeof(o));
	ar_age_options_init(&o);
	assert_int_equal(o.as_of, ar_date_today());
	assert_int_equal(o.by, AR_AGE_BY_DUE);
	assert_int_equal(o.known_batch, 0);
	assert_int_equal(o.nedges, 0);
	assert_false(o.credits_aged);
	assert_null(o.customer_id);
	assert_null(o.collector);
	assert_null(o.currency);
	assert_null(o.min_balance);
	assert_int_equal(o.older_than, -1);
}

static void t_rule_text(void **state)
{
	struct ar_age_options o;
	char buf[1024];
	(void)state;
	ar_age_options_init(&o);
	o.as_of = day("2026-03-31");
	assert_int_equal(ar_age_parse_edges(&o, "30,60,90,120"), AR_OK);
	static const char due[] = "Aged by due date as of 2026-03-31: "
		"current = not yet past due (due today counts as current); "
		"1-30 = 1-30 days past due; 31-60 = 31-60 days past due; "
		"61-90 = 61-90 days past due; 91-120 = 91-120 days past due; "
		"over_120 = more than 120 days. Unapplied payments and credits "
		"are in their own column; balance = total + unapplied.";
	assert_int_equal(ar_age_rule_text(&o, buf, sizeof(buf)), strlen(due));
	assert_string_equal(buf, due);

	o.by = AR_AGE_BY_INVOICE;
	o.credits_aged = true;
	assert_int_equal(ar_age_parse_edges(&o, "15,45"), AR_OK);
	static const char inv[] = "Aged by document date as of 2026-03-31: "
		"0-15 = 0-15 days old; 16-45 = 16-45 days old; over_45 = more "
		"than 45 days. Unapplied payments and credits are aged by their "
		"own date as negative amounts.";
	assert_int_equal(ar_age_rule_text(&o, buf, sizeof(buf)), strlen(inv));
	assert_string_equal(buf, inv);

	/* cut to size, still a string; the length it would have */
	char small[21];
	memset(small, 'x', sizeof(small));
	assert_int_equal(ar_age_rule_text(&o, small, sizeof(small)), strlen(inv));
	assert_string_equal(small, "Aged by document dat");

	/* every bucket named at the most edges there may be */
	o.by = AR_AGE_BY_DUE;
	assert_int_equal(ar_age_parse_edges(&o, "10,20,30,40,50,60,70,80,90,100"),
			 AR_OK);
	ar_age_rule_text(&o, buf, sizeof(buf));
	assert_non_null(strstr(buf, "91-100 = 91-100 days past due; over_100 = "
			       "more than 100 days."));
}

/* What ar_age_prove() said. */
struct said {
	int n;
	char text[4][256];
};

/* Each problem as a command shows it: "field: text". */
static void on_said(void *ctx, const struct ar_notice *n)
{
	struct said *s = ctx;
	assert_int_equal(n->kind, AR_NOTICE_PROBLEM);
	if (s->n < 4)
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s%s%s",
			 n->field ? n->field : "", n->field ? ": " : "",
			 n->text);
	s->n++;
}

static void two_currencies(struct ar_age_proof *p)
{
	memset(p, 0, sizeof(*p));
	p->ncurrencies = 2;
	memcpy(p->c[0].code, "USD", 4);
	p->c[0].exponent = 2;
	p->c[0].aged = p->c[0].ledger = 275000;
	memcpy(p->c[1].code, "EUR", 4);
	p->c[1].exponent = 2;
	p->c[1].aged = p->c[1].ledger = 235000;
}

static void t_prove(void **state)
{
	struct ar_age_proof p;
	struct said s;
	long n = -1;
	(void)state;

	two_currencies(&p);
	memset(&s, 0, sizeof(s));
	assert_int_equal(ar_age_prove(&p, NULL, NULL, on_said, &s, &n), AR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(s.n, 0);

	/* the general ledger agrees, in the currency asked */
	assert_int_equal(ar_age_prove(&p, "2750.00", "USD", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(ar_age_prove(&p, "2,750", "USD", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(ar_age_prove(&p, "2350.00", "EUR", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(s.n, 0);

	/* or not: the difference is ledger - general ledger */
	assert_int_equal(ar_age_prove(&p, "2700.00", "USD", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "gl_balance: the ledger balance is "
			    "2,750.00 USD, the general ledger 2,700.00 "
			    "(difference 50.00)");
	/* EUR 2,350.00 is not a USD figure */
	memset(&s, 0, sizeof(s));
	assert_int_equal(ar_age_prove(&p, "2350.00", "USD", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 1);

	/* not an amount of that currency */
	assert_int_equal(ar_age_prove(&p, "abc", "USD", on_said, &s, &n), AR_EUSAGE);
	assert_int_equal(ar_age_prove(&p, "2750.001", "USD", on_said, &s, &n),
			 AR_EUSAGE);

	/* the aging off the ledger in one currency: named, with the difference */
	p.c[0].aged = 269000;
	memset(&s, 0, sizeof(s));
	assert_int_equal(ar_age_prove(&p, NULL, NULL, on_said, &s, &n), AR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(s.text[0], "proof failed: USD: the aging adds up to "
			    "2,690.00, the ledger balance is 2,750.00 "
			    "(difference -60.00)");
	/* and the general ledger is still compared */
	memset(&s, 0, sizeof(s));
	assert_int_equal(ar_age_prove(&p, "2700.00", "USD", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 2);
}

/*
 * A currency the ledger holds nothing in as of the date has a ledger
 * balance of 0: a general ledger of 0 agrees with it, any other figure
 * does not (SPEC: --gl-balance compares with the ledger's balance).
 */
static void t_prove_nothing_held(void **state)
{
	struct ar_age_proof p;
	struct said s;
	long n = -1;
	(void)state;

	memset(&p, 0, sizeof(p));		/* nothing dated by as-of */
	memset(&s, 0, sizeof(s));
	assert_int_equal(ar_age_prove(&p, "0", "USD", on_said, &s, &n), AR_OK);
	if (n != 0)
		print_error("gl 0 against nothing: %s\n", s.text[0]);
	assert_int_equal(n, 0);
	assert_int_equal(ar_age_prove(&p, "0.00", "USD", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 0);

	two_currencies(&p);			/* nothing in GBP */
	assert_int_equal(ar_age_prove(&p, "0.00", "GBP", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(ar_age_prove(&p, "10.00", "GBP", on_said, &s, &n), AR_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(s.text[0], "GBP"));
}

/* ------------------------------------------------------------------ */
/* Temporary files and ledgers */

#include "tmpfiles.h"
#include "ledgerfix.h"

static void begin(struct ar_ledger *l, int64_t *batch)
{
	fix_begin(l, "test_age", batch);
}

static void sql_ok(struct ar_ledger *l, const char *text)
{
	char *err = NULL;
	if (sqlite3_exec(ar__db(l), text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err ? err : "?");
}

/* Import CSV text in a batch of its own; every row must be added. */
static void import(struct ar_ledger *l, enum ar_record_type type,
		   const char *text, int64_t *batch)
{
	struct ar_import_stats s;
	fix_import(l, "test_age", type, text, batch, &s);
	assert_int_equal(s.added, s.rows);
}

struct fixture {
	char path[128];
	struct ar_ledger *l;
	int64_t invoices_batch, payments_batch;
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
/* Known-at */

static void known_at_is(struct ar_ledger *l, const char *ts, int64_t want)
{
	int64_t got = 12345;
	ar_status st = ar_ledger_known_at(l, ts, &got);
	if (st != AR_OK || got != want) {
		print_error("'%s': status %d, batch %lld; want %lld (%s)\n", ts,
			    (int)st, (long long)got, (long long)want,
			    ar_ledger_errmsg(l));
		failures++;
	}
}

static void known_at_refused(struct ar_ledger *l, const char *ts)
{
	int64_t got = 12345;
	ar_status st = ar_ledger_known_at(l, ts, &got);
	if (st != AR_EUSAGE) {
		print_error("'%s': status %d, batch %lld; want AR_EUSAGE\n", ts,
			    (int)st, (long long)got);
		failures++;
	} else if (!strstr(ar_ledger_errmsg(l), ts)) {
		print_error("'%s': the message '%s' does not quote it\n", ts,
			    ar_ledger_errmsg(l));
		failures++;
	}
}

static void t_known_at(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	failures = 0;

	/* a new ledger has no batch: nothing was known at any time */
	known_at_is(l, "2099-12-31", -1);

	/* batches 1..4 finished at fixed times; 5 never finished */
	sql_ok(l, "INSERT INTO batch (id, command, args, user, started, finished) VALUES "
	       "(1, 't', 't', 't', '2026-03-31T09:00:00.000000Z', '2026-03-31T10:00:00.000000Z'),"
	       "(2, 't', 't', 't', '2026-03-31T10:00:30.000000Z', '2026-03-31T10:00:30.500000Z'),"
	       "(3, 't', 't', 't', '2026-03-31T23:59:59.000000Z', '2026-04-01T00:00:00.000000Z'),"
	       "(4, 't', 't', 't', '2026-04-02T08:00:00.000000Z', '2026-04-02T08:00:00.000001Z'),"
	       "(5, 't', 't', 't', '2026-04-01T12:00:00.000000Z', NULL)");

	known_at_is(l, "2026-03-30", -1);
	/* a day: the end of it */
	known_at_is(l, "2026-03-31", 2);
	known_at_is(l, "2026-04-01", 3);	/* 5 never finished */
	known_at_is(l, "2026-04-02", 4);
	/* to the minute: the end of that minute */
	known_at_is(l, "2026-03-31T09:59", -1);
	known_at_is(l, "2026-03-31T10:00", 2);
	known_at_is(l, "2026-03-31T10:00Z", 2);
	/* to the second: the end of that second */
	known_at_is(l, "2026-03-31T09:59:59", -1);
	known_at_is(l, "2026-03-31T10:00:00", 1);
	known_at_is(l, "2026-03-31T10:00:29Z", 1);
	known_at_is(l, "2026-03-31T10:00:30", 2);
	/* fractions: at or before */
	known_at_is(l, "2026-03-31T09:59:59.999999Z", -1);
	known_at_is(l, "2026-03-31T10:00:00.000000Z", 1);
	known_at_is(l, "2026-03-31T10:00:00.0Z", 1);
	known_at_is(l, "2026-03-31T10:00:30.4", 1);
	known_at_is(l, "2026-03-31T10:00:30.5", 2);
	known_at_is(l, "2026-03-31T10:00:30.499999Z", 1);
	known_at_is(l, "2026-04-02T08:00:00.000000Z", 3);
	known_at_is(l, "2026-04-02T08:00:00.000001Z", 4);
	known_at_is(l, "2026-03-31T23:59:59.999999Z", 2);

	known_at_refused(l, "");
	known_at_refused(l, "junk");
	known_at_refused(l, "2026-02-30");
	known_at_refused(l, "2026-3-31");
	known_at_refused(l, "20260331");
	known_at_refused(l, "2026-03-31T");
	known_at_refused(l, "2026-03-31T10");
	known_at_refused(l, "2026-03-31T1:00");
	known_at_refused(l, "2026-03-31T-1:00");
	known_at_refused(l, "2026-03-31T 1:00");
	known_at_refused(l, "2026-03-31T+1:00");
	known_at_refused(l, "2026-03-31T10:-1");
	known_at_refused(l, "2026-03-31T10:00:-1");
	known_at_refused(l, "2026-03-31T24:00");
	known_at_refused(l, "2026-03-31T10:60");
	known_at_refused(l, "2026-03-31T10:00:61");
	known_at_refused(l, "2026-03-31T10:00:0");
	known_at_refused(l, "2026-03-31T10:00:00.");
	known_at_refused(l, "2026-03-31T10:00:00.1234567");
	known_at_refused(l, "2026-03-31T10:00:00.12a");
	known_at_refused(l, "2026-03-31T10:00:00+02:00");
	known_at_refused(l, "2026-03-31X10:00");
	known_at_refused(l, "2026-03-31T10:00:00ZZ");
	known_at_refused(l, "2026-03-31 junk");
	assert_int_equal(failures, 0);
}

/* ------------------------------------------------------------------ */
/* A small ledger, aged as of 2026-03-31 (days past due in brackets):
 *
 *   K1 (USD, zoe)
 *     I1  100.00 due 2026-03-31 (0)    current
 *     I2  200.00 due 2026-03-01 (30)   1-30
 *     I3  300.00 due 2026-02-28 (31)   31-60, 60.00 disputed from 03-15
 *     I4  400.00 due 2025-12-01 (120)  91-120, 150.00 paid by PK1 on 03-10
 *     I5  500.00 due 2025-11-30 (121)  over_120, paid off by PK2 on 04-05
 *     PK1 payment 250.00 (03-10): 100.00 unapplied
 *     CK1 credit memo 40.00 (03-20): unapplied
 *     total 1,350.00, unapplied -140.00, balance 1,210.00, oldest 121
 *   K2 (EUR, yan)
 *     J1 1,000.00 due 2026-03-12 (19)  1-30
 *
 * Ledger balance as of 2026-03-31: USD 1,500.00 - 250.00 - 40.00 =
 * 1,210.00; EUR 1,000.00.
 */

static void load_small(struct fixture *f)
{
	import(f->l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency,collector\n"
	       "K1,Kilo One,USD,zoe\n"
	       "K2,Kilo Two,EUR,yan\n", NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,po_number\n"
	       "I1,K1,2026-03-01,2026-03-31,100.00,PO-1\n"
	       "I2,K1,2026-01-30,2026-03-01,200.00,\n"
	       "I3,K1,2026-01-29,2026-02-28,300.00,\n"
	       "I4,K1,2025-11-01,2025-12-01,400.00,\n"
	       "I5,K1,2025-10-31,2025-11-30,500.00,\n"
	       "J1,K2,2026-02-10,2026-03-12,1000.00,\n", &f->invoices_batch);
	import(f->l, AR_REC_PAYMENTS,
	       "payment_no,customer_id,payment_date,amount\n"
	       "PK1,K1,2026-03-10,250.00\n"
	       "PK2,K1,2026-04-05,500.00\n", &f->payments_batch);
	import(f->l, AR_REC_CREDITS,
	       "credit_no,customer_id,credit_date,amount\n"
	       "CK1,K1,2026-03-20,40.00\n", NULL);
	import(f->l, AR_REC_APPLICATIONS,
	       "payment_no,invoice_no,amount,date\n"
	       "PK1,I4,150.00,2026-03-10\n"
	       "PK2,I5,500.00,2026-04-05\n", NULL);
	import(f->l, AR_REC_ACTIVITIES,
	       "customer_id,date,kind,doc_no,amount\n"
	       "K1,2026-03-15,dispute,I3,60.00\n", NULL);
}

struct row {
	char customer_id[16], customer_name[32], collector[16], currency[4];
	int nbuckets;
	int64_t bucket[AR_AGE_MAX_EDGES + 2];	/* current, edges, over */
	int64_t total, unapplied, balance, disputed;
	int oldest_days;
	ar_date last_payment;
};

struct rows {
	int n;
	struct row r[8];
};

static ar_status on_row(void *ctx, const struct ar_age_row *r)
{
	struct rows *rs = ctx;
	assert_true(rs->n < 8);
	/* more buckets than a row holds would be read past its end */
	assert_in_range(r->nbuckets, 1, AR_AGE_MAX_BUCKETS);
	struct row *x = &rs->r[rs->n++];
	snprintf(x->customer_id, sizeof(x->customer_id), "%s", r->customer_id);
	snprintf(x->customer_name, sizeof(x->customer_name), "%s",
		 r->customer_name);
	snprintf(x->collector, sizeof(x->collector), "%s", r->collector);
	memcpy(x->currency, r->currency, 4);
	x->nbuckets = r->nbuckets;
	memcpy(x->bucket, r->bucket, (size_t)r->nbuckets * sizeof(x->bucket[0]));
	x->total = r->total;
	x->unapplied = r->unapplied;
	x->balance = r->balance;
	x->disputed = r->disputed;
	x->oldest_days = r->oldest_days;
	x->last_payment = r->last_payment;
	return AR_OK;
}

struct item {
	char customer_id[16], doc_type[16], doc_no[16], po[16], currency[4];
	ar_date doc_date, due_date;
	int days, bucket;
	int64_t amount, open_amount, disputed;
};

struct items {
	int n;
	struct item i[16];
};

static ar_status on_item(void *ctx, const struct ar_age_item *i)
{
	struct items *is = ctx;
	assert_true(is->n < 16);
	struct item *x = &is->i[is->n++];
	snprintf(x->customer_id, sizeof(x->customer_id), "%s", i->customer_id);
	snprintf(x->doc_type, sizeof(x->doc_type), "%s", i->doc_type);
	snprintf(x->doc_no, sizeof(x->doc_no), "%s", i->doc_no);
	snprintf(x->po, sizeof(x->po), "%s", i->po_number ? i->po_number : "");
	memcpy(x->currency, i->currency, 4);
	x->doc_date = i->doc_date;
	x->due_date = i->due_date;
	x->days = i->days;
	x->bucket = i->bucket;
	x->amount = i->amount;
	x->open_amount = i->open_amount;
	x->disputed = i->disputed;
	return AR_OK;
}

/* The proof's figures for a currency; fails when it is not there. */
static void proof_is(const struct ar_age_proof *p, const char *code,
		     int64_t aged, int64_t ledger)
{
	for (int i = 0; i < p->ncurrencies; i++)
		if (strcmp(p->c[i].code, code) == 0) {
			assert_int_equal(p->c[i].exponent, 2);
			assert_int_equal(p->c[i].aged, aged);
			assert_int_equal(p->c[i].ledger, ledger);
			return;
		}
	fail_msg("no %s in the proof", code);
}

static void buckets_are(const struct row *r, int64_t b0, int64_t b1,
			int64_t b2, int64_t b3, int64_t b4, int64_t b5)
{
	assert_int_equal(r->nbuckets, 6);
	assert_int_equal(r->bucket[0], b0);
	assert_int_equal(r->bucket[1], b1);
	assert_int_equal(r->bucket[2], b2);
	assert_int_equal(r->bucket[3], b3);
	assert_int_equal(r->bucket[4], b4);
	assert_int_equal(r->bucket[5], b5);
}

static void options(struct ar_age_options *o, const char *as_of)
{
	ar_age_options_init(o);
	o->as_of = day(as_of);
}

static void t_summary(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs = {0};

	load_small(f);
	options(&o, "2026-03-31");
	/* nedges 0: the setting aging.buckets, 30,60,90,120 by default */
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 2);

	struct row *k1 = &rs.r[0], *k2 = &rs.r[1];
	assert_string_equal(k1->customer_id, "K1");
	assert_string_equal(k1->customer_name, "Kilo One");
	assert_string_equal(k1->collector, "zoe");
	assert_string_equal(k1->currency, "USD");
	buckets_are(k1, 10000, 20000, 30000, 0, 25000, 50000);
	assert_int_equal(k1->total, 135000);
	assert_int_equal(k1->unapplied, -14000);
	assert_int_equal(k1->balance, 121000);
	assert_int_equal(k1->disputed, 6000);
	assert_int_equal(k1->oldest_days, 121);
	assert_int_equal(k1->last_payment, day("2026-03-10"));

	assert_string_equal(k2->customer_id, "K2");
	assert_string_equal(k2->collector, "yan");
	assert_string_equal(k2->currency, "EUR");
	buckets_are(k2, 0, 100000, 0, 0, 0, 0);
	assert_int_equal(k2->total, 100000);
	assert_int_equal(k2->unapplied, 0);
	assert_int_equal(k2->balance, 100000);
	assert_int_equal(k2->disputed, 0);
	assert_int_equal(k2->oldest_days, 19);
	assert_int_equal(k2->last_payment, AR_DATE_NONE);

	assert_int_equal(p.ncurrencies, 2);
	proof_is(&p, "USD", 121000, 121000);
	proof_is(&p, "EUR", 100000, 100000);
	assert_true(ar_age_proof_ok(&p));
}

static void t_summary_dates(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs = {0};

	load_small(f);
	/*
	 * 2026-04-30: PK2 (04-05) has paid I5 off; 30 days more on each
	 * I1 30: 1-30; I2 60: 31-60; I3 61: 61-90; I4 150: over_120
	 */
	options(&o, "2026-04-30");
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 2);
	buckets_are(&rs.r[0], 0, 10000, 20000, 30000, 0, 25000);
	assert_int_equal(rs.r[0].total, 85000);
	assert_int_equal(rs.r[0].balance, 71000);
	assert_int_equal(rs.r[0].oldest_days, 150);
	assert_int_equal(rs.r[0].last_payment, day("2026-04-05"));
	proof_is(&p, "USD", 71000, 71000);
	assert_true(ar_age_proof_ok(&p));

	/*
	 * 2026-03-09: before PK1 and CK1 and the dispute;
	 * I1 -22 current; I2 8, I3 9: 1-30; I4 98 91-120; I5 99 91-120
	 */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2026-03-09");
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 2);
	buckets_are(&rs.r[0], 10000, 50000, 0, 0, 90000, 0);
	assert_int_equal(rs.r[0].unapplied, 0);
	assert_int_equal(rs.r[0].balance, 150000);
	assert_int_equal(rs.r[0].disputed, 0);
	assert_int_equal(rs.r[0].oldest_days, 99);
	assert_int_equal(rs.r[0].last_payment, AR_DATE_NONE);
	proof_is(&p, "USD", 150000, 150000);
	/* J1 (02-10) is current, 3 days before its due date */
	buckets_are(&rs.r[1], 100000, 0, 0, 0, 0, 0);
	assert_int_equal(rs.r[1].oldest_days, 0);

	/* before anything: no rows, an empty proof that holds */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2025-01-01");
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 0);
	assert_int_equal(p.ncurrencies, 0);
	assert_true(ar_age_proof_ok(&p));
}

static void t_summary_options(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs = {0};

	load_small(f);

	/* credits aged: PK1 (21 days) and CK1 (11 days) into 1-30 */
	options(&o, "2026-03-31");
	o.credits_aged = true;
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	buckets_are(&rs.r[0], 10000, 20000 - 10000 - 4000, 30000, 0, 25000,
		    50000);
	assert_int_equal(rs.r[0].total, 121000);
	assert_int_equal(rs.r[0].unapplied, 0);
	assert_int_equal(rs.r[0].balance, 121000);
	assert_true(ar_age_proof_ok(&p));

	/* by invoice: I1 30, I2 60, I3 61, I4 150, I5 151 days old */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2026-03-31");
	o.by = AR_AGE_BY_INVOICE;
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.r[0].nbuckets, 5);
	assert_int_equal(rs.r[0].bucket[0], 10000);
	assert_int_equal(rs.r[0].bucket[1], 20000);
	assert_int_equal(rs.r[0].bucket[2], 30000);
	assert_int_equal(rs.r[0].bucket[3], 0);
	assert_int_equal(rs.r[0].bucket[4], 75000);
	assert_int_equal(rs.r[0].oldest_days, 121);	/* still past due */
	/* J1 dated 02-10: 49 days */
	assert_int_equal(rs.r[1].bucket[1], 100000);

	/* edges of the caller's: current, 1-15, 16-45, over_45 */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2026-03-31");
	assert_int_equal(ar_age_parse_edges(&o, "15,45"), AR_OK);
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.r[0].nbuckets, 4);
	assert_int_equal(rs.r[0].bucket[0], 10000);
	assert_int_equal(rs.r[0].bucket[1], 0);
	assert_int_equal(rs.r[0].bucket[2], 50000);
	assert_int_equal(rs.r[0].bucket[3], 75000);
	assert_int_equal(rs.r[1].bucket[2], 100000);

	/* known batch: as the ledger was before the payments were loaded */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2026-03-31");
	o.known_batch = f->payments_batch - 1;
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 2);
	buckets_are(&rs.r[0], 10000, 20000, 30000, 0, 40000, 50000);
	assert_int_equal(rs.r[0].unapplied, 0);
	assert_int_equal(rs.r[0].disputed, 0);
	assert_int_equal(rs.r[0].last_payment, AR_DATE_NONE);
	proof_is(&p, "USD", 150000, 150000);
	/* -1: nothing known */
	memset(&rs, 0, sizeof(rs));
	o.known_batch = -1;
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 0);
	assert_true(ar_age_proof_ok(&p));
}

/* The most edges there may be: 12 buckets by due date. */
static void t_summary_ten_edges(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs = {0};

	load_small(f);
	options(&o, "2026-03-31");
	assert_int_equal(ar_age_parse_edges(&o, "10,20,30,40,50,60,70,80,90,100"),
			 AR_OK);
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 2);
	/* I1 0 current; I2 30 21-30; I3 31 31-40; I4 120, I5 121 over_100 */
	assert_int_equal(rs.r[0].nbuckets, 12);
	assert_int_equal(rs.r[0].bucket[0], 10000);
	assert_int_equal(rs.r[0].bucket[3], 20000);
	assert_int_equal(rs.r[0].bucket[4], 30000);
	assert_int_equal(rs.r[0].bucket[11], 75000);
	assert_int_equal(rs.r[0].total, 135000);
	/* J1 19: 11-20 */
	assert_int_equal(rs.r[1].bucket[2], 100000);
	assert_true(ar_age_proof_ok(&p));
}

static int count_rows(struct fixture *f, struct ar_age_options *o,
		      struct ar_age_proof *p)
{
	struct rows rs = {0};
	assert_int_equal(ar_age_summary(f->l, o, on_row, &rs, p), AR_OK);
	/* the proof covers the whole ledger whatever the filters */
	proof_is(p, "USD", 121000, 121000);
	proof_is(p, "EUR", 100000, 100000);
	return rs.n;
}

static void t_filters(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs = {0};

	load_small(f);
	options(&o, "2026-03-31");
	o.customer_id = "K2";
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_int_equal(rs.n, 1);
	assert_string_equal(rs.r[0].customer_id, "K2");
	proof_is(&p, "USD", 121000, 121000);

	/* an unknown customer is an error, not an empty report */
	options(&o, "2026-03-31");
	o.customer_id = "K9";
	rs.n = 0;
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p),
			 AR_ENOTFOUND);
	assert_string_equal(ar_ledger_errmsg(f->l), "no customer 'K9'");
	assert_int_equal(rs.n, 0);
	options(&o, "2026-03-31");
	o.collector = "zoe";
	assert_int_equal(count_rows(f, &o, &p), 1);
	options(&o, "2026-03-31");
	o.currency = "EUR";
	assert_int_equal(count_rows(f, &o, &p), 1);
	options(&o, "2026-03-31");
	o.currency = "JPY";
	assert_int_equal(count_rows(f, &o, &p), 0);
	/* oldest_days > N: K1 121, K2 19 */
	options(&o, "2026-03-31");
	o.older_than = 19;
	assert_int_equal(count_rows(f, &o, &p), 1);
	o.older_than = 18;
	assert_int_equal(count_rows(f, &o, &p), 2);
	o.older_than = 120;
	assert_int_equal(count_rows(f, &o, &p), 1);
	o.older_than = 121;
	assert_int_equal(count_rows(f, &o, &p), 0);
	o.older_than = 0;
	assert_int_equal(count_rows(f, &o, &p), 2);
	/* balance at least the amount, in each row's currency */
	options(&o, "2026-03-31");
	o.min_balance = "1000.00";
	assert_int_equal(count_rows(f, &o, &p), 2);
	o.min_balance = "1000.01";
	assert_int_equal(count_rows(f, &o, &p), 1);
	o.min_balance = "1,210.00";
	assert_int_equal(count_rows(f, &o, &p), 1);
	o.min_balance = "1210.01";
	assert_int_equal(count_rows(f, &o, &p), 0);
	o.min_balance = "-5";
	assert_int_equal(count_rows(f, &o, &p), 2);
	o.min_balance = "abc";
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "abc"));
	/* several filters: all must hold */
	options(&o, "2026-03-31");
	o.collector = "zoe";
	o.currency = "EUR";
	assert_int_equal(count_rows(f, &o, &p), 0);
}

static ar_status stop_row(void *ctx, const struct ar_age_row *r)
{
	(void)ctx;
	(void)r;
	return AR_ECHECK;
}

static ar_status stop_item(void *ctx, const struct ar_age_item *i)
{
	(void)ctx;
	(void)i;
	return AR_ECHECK;
}

static void t_callback_status(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	load_small(f);
	options(&o, "2026-03-31");
	assert_int_equal(ar_age_summary(f->l, &o, stop_row, NULL, &p), AR_ECHECK);
	/* the sorted pass gives the page cache back when it stops early */
	int cache = ar__cache_kib_now(f->l);
	assert_int_equal(ar_age_detail(f->l, &o, stop_item, NULL, &p), AR_ECHECK);
	assert_int_equal(ar__cache_kib_now(f->l), cache);
}

static void item_is(const struct item *x, const char *type, const char *no,
		    const char *doc_date, const char *due_date, int days,
		    int bucket, int64_t amount, int64_t open, int64_t disputed)
{
	if (strcmp(x->doc_type, type) || strcmp(x->doc_no, no) ||
	    x->doc_date != day(doc_date) ||
	    x->due_date != (due_date ? day(due_date) : AR_DATE_NONE) ||
	    x->days != days || x->bucket != bucket || x->amount != amount ||
	    x->open_amount != open || x->disputed != disputed) {
		char d1[AR_DATE_BUFSZ] = "", d2[AR_DATE_BUFSZ] = "";
		ar_date_format(d1, x->doc_date);
		if (x->due_date != AR_DATE_NONE)
			ar_date_format(d2, x->due_date);
		print_error("got %s %s %s %s %d [%d] %lld %lld %lld; want %s %s "
			    "%s %s %d [%d] %lld %lld %lld\n", x->doc_type,
			    x->doc_no, d1, d2, x->days, x->bucket,
			    (long long)x->amount, (long long)x->open_amount,
			    (long long)x->disputed, type, no, doc_date,
			    due_date ? due_date : "", days, bucket,
			    (long long)amount, (long long)open,
			    (long long)disputed);
		failures++;
	}
}

static void t_detail(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct items is = {0};

	load_small(f);
	failures = 0;
	options(&o, "2026-03-31");
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &is, &p), AR_OK);
	assert_int_equal(is.n, 8);
	/* open items by due date, then the unapplied credits by date */
	item_is(&is.i[0], "invoice", "I5", "2025-10-31", "2025-11-30", 121, 5,
		50000, 50000, 0);
	item_is(&is.i[1], "invoice", "I4", "2025-11-01", "2025-12-01", 120, 4,
		40000, 25000, 0);
	item_is(&is.i[2], "invoice", "I3", "2026-01-29", "2026-02-28", 31, 2,
		30000, 30000, 6000);
	item_is(&is.i[3], "invoice", "I2", "2026-01-30", "2026-03-01", 30, 1,
		20000, 20000, 0);
	item_is(&is.i[4], "invoice", "I1", "2026-03-01", "2026-03-31", 0, 0,
		10000, 10000, 0);
	item_is(&is.i[5], "payment", "PK1", "2026-03-10", NULL, 21, -1,
		-25000, -10000, 0);
	item_is(&is.i[6], "credit_memo", "CK1", "2026-03-20", NULL, 11, -1,
		-4000, -4000, 0);
	item_is(&is.i[7], "invoice", "J1", "2026-02-10", "2026-03-12", 19, 1,
		100000, 100000, 0);
	assert_int_equal(failures, 0);
	for (int i = 0; i < 7; i++) {
		assert_string_equal(is.i[i].customer_id, "K1");
		assert_string_equal(is.i[i].currency, "USD");
	}
	assert_string_equal(is.i[4].po, "PO-1");
	assert_string_equal(is.i[7].customer_id, "K2");
	assert_string_equal(is.i[7].currency, "EUR");
	proof_is(&p, "USD", 121000, 121000);
	assert_true(ar_age_proof_ok(&p));

	/* credits aged: into the bucket of their own date */
	memset(&is, 0, sizeof(is));
	o.credits_aged = true;
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &is, &p), AR_OK);
	assert_int_equal(is.n, 8);
	item_is(&is.i[5], "payment", "PK1", "2026-03-10", NULL, 21, 1,
		-25000, -10000, 0);
	item_is(&is.i[6], "credit_memo", "CK1", "2026-03-20", NULL, 11, 1,
		-4000, -4000, 0);
	assert_int_equal(failures, 0);

	/* older than 30 days: I5, I4, I3 */
	memset(&is, 0, sizeof(is));
	options(&o, "2026-03-31");
	o.older_than = 30;
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &is, &p), AR_OK);
	assert_int_equal(is.n, 3);
	assert_string_equal(is.i[0].doc_no, "I5");
	assert_string_equal(is.i[2].doc_no, "I3");

	/* by invoice: days stay days past due, the bucket follows the date */
	memset(&is, 0, sizeof(is));
	options(&o, "2026-03-31");
	o.by = AR_AGE_BY_INVOICE;
	o.customer_id = "K1";
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &is, &p), AR_OK);
	assert_int_equal(is.n, 7);
	item_is(&is.i[3], "invoice", "I2", "2026-01-30", "2026-03-01", 30, 1,
		20000, 20000, 0);
	item_is(&is.i[4], "invoice", "I1", "2026-03-01", "2026-03-31", 0, 0,
		10000, 10000, 0);
	assert_int_equal(failures, 0);

	/* 2026-04-30: I5 is closed by PK2 and gone */
	memset(&is, 0, sizeof(is));
	options(&o, "2026-04-30");
	o.customer_id = "K1";
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &is, &p), AR_OK);
	assert_int_equal(is.n, 6);
	assert_string_equal(is.i[0].doc_no, "I4");
	for (int i = 0; i < is.n; i++)
		assert_string_not_equal(is.i[i].doc_no, "PK2");
}

/*
 * The detail read from the open-item state, sorted by each customer's
 * place in the order of their numbers, comes in the order of the rows
 * whatever order the customers were added in: Z9, A1 and M5 (row ids 1,
 * 2, 3), each with two invoices, and a customer in two currencies.  The
 * same items, in the same order, as the detail read from the history.
 */
static void t_detail_order(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct items st = {0}, hi = {0};

	import(f->l, AR_REC_CUSTOMERS,
	       "customer_id,name,currency\n"
	       "Z9,Zulu,USD\n"
	       "A1,Alpha,USD\n"
	       "M5,Mike,EUR\n", NULL);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
	       "Z-1,Z9,2026-01-05,2026-02-04,100.00,USD\n"
	       "A-1,A1,2026-01-06,2026-02-05,200.00,USD\n"
	       "M-1,M5,2026-01-07,2026-02-06,300.00,EUR\n"
	       "Z-2,Z9,2026-01-08,2026-02-07,400.00,USD\n"
	       "A-2,A1,2026-01-09,2026-02-08,500.00,EUR\n"
	       "M-2,M5,2026-01-10,2026-02-09,600.00,EUR\n", NULL);
	options(&o, "2026-03-31");
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &st, &p), AR_OK);
	o.read = AR_AGE_READ_HISTORY;
	assert_int_equal(ar_age_detail(f->l, &o, on_item, &hi, &p), AR_OK);
	assert_int_equal(st.n, 6);
	assert_int_equal(hi.n, 6);
	static const char *const want[] = {"A-2", "A-1", "M-1", "M-2", "Z-1",
					   "Z-2"};
	for (int i = 0; i < 6; i++) {
		assert_string_equal(st.i[i].doc_no, want[i]);
		assert_memory_equal(&st.i[i], &hi.i[i], sizeof(st.i[i]));
	}
}

/* The summary and detail as of o, memo or not: into rs and is. */
static void aged(struct fixture *f, const struct ar_age_options *o,
		 struct rows *rs, struct items *is, struct ar_age_proof *p)
{
	memset(rs, 0, sizeof(*rs));
	memset(is, 0, sizeof(*is));
	assert_int_equal(ar_age_summary(f->l, o, on_row, rs, p), AR_OK);
	assert_int_equal(ar_age_detail(f->l, o, on_item, is, p), AR_OK);
}

/* Rows, items and proof as of o equal to those with the memo off. */
static void same_as_without(struct fixture *f, const struct ar_age_options *o,
			    const struct rows *rs, const struct items *is,
			    const struct ar_age_proof *p)
{
	struct rows r2;
	struct items i2;
	struct ar_age_proof p2;
	struct ar_age_options h = *o;
	h.read = AR_AGE_READ_HISTORY;
	aged(f, &h, &r2, &i2, &p2);
	assert_int_equal(rs->n, r2.n);
	assert_memory_equal(rs->r, r2.r, sizeof(rs->r));
	assert_int_equal(is->n, i2.n);
	assert_memory_equal(is->i, i2.i, sizeof(is->i));
	/* the proof's currencies come in the order the reads met them */
	assert_int_equal(p->ncurrencies, p2.ncurrencies);
	for (int i = 0; i < p->ncurrencies; i++) {
		int k = 0;
		while (k < p2.ncurrencies && strcmp(p2.c[k].code, p->c[i].code))
			k++;
		assert_true(k < p2.ncurrencies);
		assert_memory_equal(&p->c[i], &p2.c[k], sizeof(p->c[i]));
	}
}

/*
 * The aging's figures kept between runs (the morning workbook's): a run
 * of the same date and rule reads them, and gives what a run that reads
 * the history gives; other dates, buckets or known-at do not; a posting
 * by this connection or another's commit makes the next run read the
 * ledger again.
 */
static void t_memo(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs;
	struct items is;

	load_small(f);
	assert_int_equal(ar__age_memo_on(f->l), AR_OK);
	options(&o, "2026-03-31");
	aged(f, &o, &rs, &is, &p);	/* the summary keeps, the detail reads */
	assert_int_equal(ar__age_memo_hits(f->l), 1);
	same_as_without(f, &o, &rs, &is, &p);
	aged(f, &o, &rs, &is, &p);
	assert_int_equal(ar__age_memo_hits(f->l), 3);
	same_as_without(f, &o, &rs, &is, &p);
	/* filters are the rows': the kept figures serve them */
	o.customer_id = "K2";
	assert_int_equal(ar_age_summary(f->l, &o, on_row,
					 &(struct rows){0}, &p), AR_OK);
	assert_int_equal(ar__age_memo_hits(f->l), 4);
	o.customer_id = NULL;

	/* not the same figures: read from the ledger */
	struct ar_age_options other = o;
	assert_int_equal(ar_age_parse_edges(&other, "15,45"), AR_OK);
	aged(f, &other, &rs, &is, &p);
	same_as_without(f, &other, &rs, &is, &p);
	other = o;
	other.as_of = day("2026-04-30");
	aged(f, &other, &rs, &is, &p);
	same_as_without(f, &other, &rs, &is, &p);
	other = o;
	other.by = AR_AGE_BY_INVOICE;
	aged(f, &other, &rs, &is, &p);
	same_as_without(f, &other, &rs, &is, &p);
	other = o;
	other.known_batch = f->invoices_batch;
	aged(f, &other, &rs, &is, &p);
	same_as_without(f, &other, &rs, &is, &p);
	long hits = ar__age_memo_hits(f->l);

	/* written by this connection: an invoice and a payment applied */
	aged(f, &o, &rs, &is, &p);
	hits = ar__age_memo_hits(f->l);
	import(f->l, AR_REC_INVOICES,
	       "invoice_no,customer_id,invoice_date,due_date,amount\n"
	       "I6,K1,2026-02-01,2026-03-03,70.00\n", NULL);
	aged(f, &o, &rs, &is, &p);
	assert_int_equal(ar__age_memo_hits(f->l), hits + 1);	/* the detail */
	same_as_without(f, &o, &rs, &is, &p);
	int i6 = 0;
	for (int i = 0; i < is.n; i++)
		i6 += strcmp(is.i[i].doc_no, "I6") == 0;
	assert_int_equal(i6, 1);

	/* committed by another connection */
	struct ar_ledger *other_l;
	hits = ar__age_memo_hits(f->l);
	assert_int_equal(ar_ledger_open(&other_l, f->path, 0, NULL), AR_OK);
	import(other_l, AR_REC_APPLICATIONS,
	       "payment_no,invoice_no,amount,date\n"
	       "PK1,I6,70.00,2026-03-10\n", NULL);
	ar_ledger_close(other_l);
	aged(f, &o, &rs, &is, &p);
	assert_int_equal(ar__age_memo_hits(f->l), hits + 1);
	same_as_without(f, &o, &rs, &is, &p);
	for (int i = 0; i < is.n; i++)
		assert_string_not_equal(is.i[i].doc_no, "I6");

	/* off: nothing kept, nothing read back */
	ar__age_memo_off(f->l);
	aged(f, &o, &rs, &is, &p);
	assert_int_equal(ar__age_memo_hits(f->l), 0);
}

/*
 * An application recorded behind the library's back, effective before the
 * payment it spends exists: as of a date between the two, the invoice is
 * reduced but the payment is not yet in the ledger, so the aging no longer
 * adds up to the ledger's balance.
 */
static void t_proof_fails(void **state)
{
	struct fixture *f = *state;
	struct ar_age_options o;
	struct ar_age_proof p;
	struct rows rs = {0};
	struct items is = {0};

	load_small(f);
	begin(f->l, NULL);
	sql_ok(f->l, "INSERT INTO document (doc_type, doc_no, customer, "
	       "doc_date, amount, currency, batch_id) SELECT 'payment', "
	       "'PT', id, '2026-04-15', 20000, 'USD', (SELECT max(id) FROM "
	       "batch) FROM customer WHERE customer_id = 'K1'");
	sql_ok(f->l, "INSERT INTO application (credit_doc, debit_doc, amount, "
	       "effective_date, rule, batch_id) SELECT (SELECT id FROM "
	       "document WHERE doc_no = 'PT'), id, 6000, '2026-03-25', "
	       "'manual', (SELECT max(id) FROM batch) FROM document WHERE "
	       "doc_no = 'I1'");
	commit(f->l);

	options(&o, "2026-03-31");
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	/* I1 100.00 less 60.00: 40.00 current */
	buckets_are(&rs.r[0], 4000, 20000, 30000, 0, 25000, 50000);
	assert_int_equal(rs.r[0].balance, 115000);
	proof_is(&p, "USD", 115000, 121000);
	proof_is(&p, "EUR", 100000, 100000);
	assert_false(ar_age_proof_ok(&p));

	assert_int_equal(ar_age_detail(f->l, &o, on_item, &is, &p), AR_OK);
	assert_int_equal(is.i[4].open_amount, 4000);
	proof_is(&p, "USD", 115000, 121000);
	assert_false(ar_age_proof_ok(&p));

	/* once PT is dated, everything adds up again */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2026-04-15");
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_true(ar_age_proof_ok(&p));
	/* and before the application's date the aging is untouched */
	memset(&rs, 0, sizeof(rs));
	options(&o, "2026-03-24");
	assert_int_equal(ar_age_summary(f->l, &o, on_row, &rs, &p), AR_OK);
	assert_true(ar_age_proof_ok(&p));
}

static void t_proof_ok(void **state)
{
	struct ar_age_proof p;
	(void)state;
	memset(&p, 0, sizeof(p));
	assert_true(ar_age_proof_ok(&p));
	p.ncurrencies = 2;
	memcpy(p.c[0].code, "USD", 4);
	p.c[0].aged = p.c[0].ledger = 5;
	memcpy(p.c[1].code, "EUR", 4);
	p.c[1].aged = 7;
	p.c[1].ledger = 7;
	assert_true(ar_age_proof_ok(&p));
	p.c[1].ledger = 8;
	assert_false(ar_age_proof_ok(&p));
	/* currencies are never summed together: +1 and -1 do not cancel */
	p.c[0].ledger = 4;
	p.c[1].ledger = 8;
	p.c[0].aged = 5;
	p.c[1].aged = 7;
	assert_false(ar_age_proof_ok(&p));
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_parse_edges),
		cmocka_unit_test(t_bucket_names),
		cmocka_unit_test(t_bucket),
		cmocka_unit_test(t_options_init),
		cmocka_unit_test(t_proof_ok),
		cmocka_unit_test(t_rule_text),
		cmocka_unit_test(t_prove),
		cmocka_unit_test(t_prove_nothing_held),
		LEDGER_TEST(t_known_at),
		LEDGER_TEST(t_summary),
		LEDGER_TEST(t_summary_dates),
		LEDGER_TEST(t_summary_options),
		LEDGER_TEST(t_summary_ten_edges),
		LEDGER_TEST(t_filters),
		LEDGER_TEST(t_callback_status),
		LEDGER_TEST(t_detail),
		LEDGER_TEST(t_memo),
		LEDGER_TEST(t_detail_order),
		LEDGER_TEST(t_proof_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
