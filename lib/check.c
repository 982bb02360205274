/*
 * check.c - the ledger's invariants, checked from the rows themselves.
 *
 * Each query below returns the rows that break one rule; a clean ledger
 * returns none.  Because every application is dated no earlier than both
 * of its documents (rule 2), the balance identity checked at the end holds
 * at every as-of date once it holds for the whole ledger and no running
 * total leaves its bounds (rules 3 and 4).
 */
#include <stdio.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "internal.h"
#include "report_int.h"

struct check {
	const char *what;	/* for the progress line */
	const char *sql;
	/* turns one result row into a message */
	void (*say)(struct ar_ledger *l, sqlite3_stmt *s, char *buf, size_t n);
	/* or, without sql, the check in C */
	ar_status (*run)(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			 long *problems);
};

static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t ? t : "";
}

static void money(struct ar_ledger *l, sqlite3_stmt *s, int i,
		  const char *currency, char buf[AR_MONEY_BUFSZ])
{
	ar_money_format(buf, sqlite3_column_int64(s, i), ar__exponent(l, currency),
			0);
}

static void say_crossing(struct ar_ledger *l, sqlite3_stmt *s, char *buf,
			 size_t n)
{
	(void)l;
	snprintf(buf, n, "application %s: %s %s (%s, %s) to %s %s (%s, %s): %s",
		 col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
		 col(s, 5), col(s, 6), col(s, 7), col(s, 8), col(s, 9));
}

static void say_cancel(struct ar_ledger *l, sqlite3_stmt *s, char *buf,
		       size_t n)
{
	(void)l;
	snprintf(buf, n, "application %s: %s", col(s, 0), col(s, 1));
}

static void say_text(struct ar_ledger *l, sqlite3_stmt *s, char *buf, size_t n)
{
	(void)l;
	snprintf(buf, n, "%s", col(s, 0));
}

/* A row of the open-item state that is not what the history says:
 * (what, currency, state amount, history amount, state date, history
 * date, 0 open differs / 1 missing / 2 nothing behind it / 3 count
 * differs / 4 balance differs). */
static void say_state(struct ar_ledger *l, sqlite3_stmt *s, char *buf,
		      size_t n)
{
	static const char fix[] = "; 'ar-ledger rebuild' makes it anew";
	char have[AR_MONEY_BUFSZ], want[AR_MONEY_BUFSZ];
	money(l, s, 2, col(s, 1), have);
	money(l, s, 3, col(s, 1), want);
	switch (sqlite3_column_int(s, 6)) {
	case 1:
		snprintf(buf, n, "open-item state: %s %s is missing%s",
			 col(s, 0), col(s, 1), fix);
		break;
	case 2:
		snprintf(buf, n, "open-item state: %s %s has no documents "
			 "behind it%s", col(s, 0), col(s, 1), fix);
		break;
	case 3:
		snprintf(buf, n, "open-item state: %s %s counts other "
			 "documents or amounts than the ledger holds%s", col(s, 0),
			 col(s, 1), fix);
		break;
	case 4:
		snprintf(buf, n, "open-item state: %s %s has balance %s and "
			 "last payment %s, the history %s and %s%s", col(s, 0),
			 col(s, 1), have, col(s, 4), want, col(s, 5), fix);
		break;
	default:
		snprintf(buf, n, "open-item state: %s %s says %s as of %s, "
			 "the history %s as of %s%s", col(s, 0), col(s, 1),
			 have, col(s, 4), want, col(s, 5), fix);
	}
}

static ar_status check_identity(struct ar_ledger *l, ar_notice_fn fn,
				void *ctx, long *problems);

/* the problems of one result row each, said by say */
static ar_status run_sql(struct ar_ledger *l, const char *sql,
			 void (*say)(struct ar_ledger *, sqlite3_stmt *, char *,
				     size_t),
			 ar_notice_fn fn, void *ctx, long *problems)
{
	sqlite3_stmt *s = ar__prepare(l, sql);
	char msg[1024];
	int rc;

	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		say(l, s, msg, sizeof(msg));
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, msg);
		++*problems;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "check");
}

/* 1, 2: an application joins a credit to a debit of one customer and
 * currency, dated no earlier than either document: the pass of
 * check_scan.c says whether any may not; this names them */
static const char crossing_sql[] = "SELECT a.id, c.doc_type, c.doc_no, "
	"cc.customer_id, c.currency, d.doc_type, d.doc_no, dc.customer_id, "
	"d.currency, CASE WHEN c.sign <> -1 THEN 'applies from a debit "
	"document' WHEN d.sign <> 1 THEN 'applies to a credit document' "
	"WHEN c.customer <> d.customer THEN 'crosses customers' "
	"WHEN c.currency <> d.currency THEN 'crosses currencies' "
	"ELSE 'effective ' || a.effective_date || ', before its documents' "
	"END FROM application a JOIN document c ON c.id = a.credit_doc "
	"JOIN document d ON d.id = a.debit_doc "
	"JOIN customer cc ON cc.id = c.customer "
	"JOIN customer dc ON dc.id = d.customer "
	"WHERE c.sign <> -1 OR d.sign <> 1 OR c.customer <> d.customer "
	"OR c.currency <> d.currency OR a.effective_date < c.doc_date "
	"OR a.effective_date < d.doc_date ORDER BY a.id";

static ar_status applications(struct ar_ledger *l, ar_notice_fn fn,
			      void *ctx, long *problems)
{
	bool suspect = false;
	ar_status st = ar__check_scan(l, &suspect);
	if (st != AR_OK || !suspect)
		return st;
	return run_sql(l, crossing_sql, say_crossing, fn, ctx, problems);
}

static ar_status debit_bounds(struct ar_ledger *l, ar_notice_fn fn,
			      void *ctx, long *problems)
{
	return ar__check_later(l, AR__CHECK_LATER_DEBIT, fn, ctx, problems);
}

static ar_status credit_bounds(struct ar_ledger *l, ar_notice_fn fn,
			       void *ctx, long *problems)
{
	return ar__check_later(l, AR__CHECK_LATER_CREDIT, fn, ctx, problems);
}

static ar_status open_state(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			    long *problems)
{
	return ar__check_later(l, AR__CHECK_LATER_STATE, fn, ctx, problems);
}

/*
 * SQLite's foreign key check, table by table in the order of their
 * names, but for the documents and batches the applications name, which
 * the pass of check_scan.c found in order instead of looking each up.
 */
static ar_status foreign_keys(struct ar_ledger *l, ar_notice_fn fn,
			      void *ctx, long *problems)
{
	char *cancels = sqlite3_mprintf("INSERT INTO temp.ar_check_later "
					"SELECT %d, a.id, 'foreign key: "
					"application row ' || a.id || ' names a "
					"missing application' FROM application a "
					"INDEXED BY application_cancels WHERE "
					"a.cancels IS NOT NULL AND NOT EXISTS "
					"(SELECT 1 FROM application o WHERE "
					"o.id = a.cancels)",
					AR__CHECK_LATER_FOREIGN);
	ar_status st = cancels ? ar__exec(l, cancels) : AR_ENOMEM;
	sqlite3_free(cancels);
	sqlite3_stmt *s = ar__prepare(l, "SELECT name FROM sqlite_master "
				      "WHERE type = 'table' AND substr(name, 1, "
				      "7) <> 'sqlite_' ORDER BY name");
	int rc;

	if (st != AR_OK || !s) {
		sqlite3_finalize(s);
		return st != AR_OK ? st : AR_ELEDGER;
	}
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (strcmp(t, "application") == 0) {
			st = ar__check_later(l, AR__CHECK_LATER_FOREIGN, fn,
					     ctx, problems);
			continue;
		}
		char *sql = sqlite3_mprintf("SELECT 'foreign key: ' || \"table\" "
					    "|| ' row ' || rowid || ' names a "
					    "missing ' || parent FROM "
					    "pragma_foreign_key_check(%Q)", t);
		st = sql ? run_sql(l, sql, say_text, fn, ctx, problems)
			: AR_ENOMEM;
		sqlite3_free(sql);
	}
	sqlite3_finalize(s);
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "check");
	return st;
}

/* SQLite's own check of the file; the quick one leaves out the
 * comparison of every index with its table (ar_ledger_check_quick()) */
static const char integrity_full[] = "SELECT 'integrity: ' || "
	"integrity_check FROM pragma_integrity_check WHERE integrity_check "
	"<> 'ok'";
static const char integrity_quick[] = "SELECT 'integrity: ' || quick_check "
	"FROM pragma_quick_check WHERE quick_check <> 'ok'";

static const struct check checks[] = {
	/* 1, 2, and the pass of check_scan.c for 3, 4, 6 and the foreign
	 * keys of the applications */
	{"applications", NULL, NULL, applications},
	/* a cancelling application names an earlier one of the same pair */
	{"cancellations", "SELECT a.id, CASE WHEN a.cancels IS NULL THEN 'negative amount "
	 "without the application it cancels' ELSE 'cancels application ' || "
	 "a.cancels || ' of other documents' END FROM application a "
	 "LEFT JOIN application o ON o.id = a.cancels "
	 "WHERE (a.amount < 0 AND a.cancels IS NULL) OR (a.cancels IS NOT NULL "
	 "AND (o.id IS NULL OR o.credit_doc <> a.credit_doc "
	 "OR o.debit_doc <> a.debit_doc OR o.amount <> -a.amount)) "
	 "ORDER BY a.id", say_cancel, NULL},
	/* 3, 4: 0 <= applied <= amount for every debit document, and every
	 * credit document, at every date (check_scan.c) */
	{"debit bounds", NULL, NULL, debit_bounds},
	{"credit bounds", NULL, NULL, credit_bounds},
	/* 5: the balance identity, computed by check_identity() below */
	{"balances", NULL, NULL, check_identity},
	{"currencies", "SELECT 'document ' || doc_no || ': currency ' || quote(currency) || "
	 "' is not a currency code' FROM document WHERE length(currency) <> 3 "
	 "OR upper(currency) <> currency ORDER BY id", say_text, NULL},
	/* 6: the open-item state is what the history says (check_scan.c) */
	{"open-item state", NULL, NULL, open_state},
	{"balance state", "WITH h AS (" AR__STATE_BALANCE_SQL ") SELECT "
	 "'customer ' || coalesce(c.customer_id, h.customer), h.currency, "
	 "b.balance, h.balance, b.last_payment, h.last_payment, "
	 "CASE WHEN b.customer IS NULL THEN 1 WHEN b.docs <> h.docs OR "
	 "b.amounts <> h.amounts THEN 3 "
	 "ELSE 4 END FROM h LEFT JOIN balance_state b ON b.customer = "
	 "h.customer AND b.currency = h.currency LEFT JOIN customer c ON "
	 "c.id = h.customer WHERE b.customer IS NULL OR b.docs <> h.docs OR "
	 "b.amounts <> h.amounts OR b.balance <> h.balance OR "
	 "b.last_payment IS NOT h.last_payment "
	 "UNION ALL SELECT 'customer row ' || b.customer, b.currency, "
	 "b.balance, NULL, b.last_payment, NULL, 2 FROM balance_state b "
	 "WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.customer = "
	 "b.customer AND d.currency = b.currency) ORDER BY 1", say_state, NULL},
	/* the figures of ended periods kept between runs (derived.c) */
	{"kept figures", NULL, NULL, ar__derived_check},
	{"integrity", integrity_full, say_text, NULL},
	{"foreign keys", NULL, NULL, foreign_keys},
};

struct identity {
	ar_notice_fn fn;
	void *ctx;
	long *problems;
};

/*
 * 5: per customer and currency, the balance from the documents equals the
 * open debit items less the unapplied credits.  One pass of the aging
 * over the whole ledger (every date: the latest possible as-of).
 */
static ar_status identity_row(void *ctx, const struct ar_age_row *r)
{
	struct identity *id = ctx;
	char bal[AR_MONEY_BUFSZ], open[AR_MONEY_BUFSZ], unap[AR_MONEY_BUFSZ];
	char msg[512];
	if (r->ledger == r->balance)
		return AR_OK;
	ar_money_format(bal, r->ledger, r->exponent, 0);
	ar_money_format(open, r->total, r->exponent, 0);
	ar_money_format(unap, -r->unapplied, r->exponent, 0);
	snprintf(msg, sizeof(msg), "customer %s %s: balance %s but open items "
		 "%s less unapplied credits %s", r->customer_id, r->currency,
		 bal, open, unap);
	ar__tell(id->fn, id->ctx, AR_NOTICE_PROBLEM, NULL, msg);
	++*id->problems;
	return AR_OK;
}

static ar_status check_identity(struct ar_ledger *l, ar_notice_fn fn,
				void *ctx, long *problems)
{
	struct ar_age_options o;
	struct ar_age_proof proof;
	struct identity id = {fn, ctx, problems};
	ar_age_options_init(&o);
	o.as_of = ar_date_from_ymd(9999, 12, 31);
	o.every_customer = true;
	o.read = AR_AGE_READ_HISTORY;	/* the state is what check proves */
	return ar_age_summary(l, &o, identity_row, &id, &proof);
}

static ar_status check_all(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			   long *problems, bool quick)
{
	char msg[1024];
	int64_t v;

	*problems = 0;
	/* the identity of the file first: nothing else means much without it */
	sqlite3_stmt *s = ar__prepare(l, "SELECT (SELECT application_id FROM "
				      "pragma_application_id), (SELECT "
				      "user_version FROM pragma_user_version)");
	if (!s)
		return AR_ELEDGER;
	if (sqlite3_step(s) == SQLITE_ROW) {
		v = sqlite3_column_int64(s, 0);
		if (v != AR_LEDGER_APPLICATION_ID) {
			ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL,
				 "application_id is not arkit's");
			++*problems;
		}
		v = sqlite3_column_int64(s, 1);
		if (v != AR_LEDGER_SCHEMA_VERSION) {
			snprintf(msg, sizeof(msg), "schema version %lld, "
				 "expected %d", (long long)v,
				 AR_LEDGER_SCHEMA_VERSION);
			ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, msg);
			++*problems;
		}
	}
	sqlite3_finalize(s);

	size_t n = sizeof(checks) / sizeof(checks[0]);
	for (size_t i = 0; i < n; i++) {
		const char *sql = quick && checks[i].sql == integrity_full
			? integrity_quick : checks[i].sql;
		/* --quick: the kept figures, each a report computed again,
		 * are left to the full check */
		if (quick && checks[i].run == ar__derived_check)
			continue;
		ar__progress(l, "check %zu of %zu: %s", i + 1, n, checks[i].what);
		if (!checks[i].sql) {
			ar_status st = checks[i].run(l, fn, ctx, problems);
			if (st != AR_OK)
				return st;
			continue;
		}
		ar_status st = run_sql(l, sql, checks[i].say, fn, ctx, problems);
		if (st != AR_OK)
			return st;
	}
	return ar__exec(l, "DELETE FROM temp.ar_check_later");
}

static ar_status check(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
		       long *problems, bool quick)
{
	/* the checks sort parts of the history (the balance state, the
	 * foreign keys): their sorters and the page cache share the room */
	int cache = ar__cache_kib_now(l);
	ar_status st = ar__cache_kib(l, cache / 4);
	if (st == AR_OK)
		st = check_all(l, fn, ctx, problems, quick);
	ar_status rs = ar__cache_kib(l, cache);
	return st != AR_OK ? st : rs;
}

ar_status ar_ledger_check(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			  long *problems)
{
	return check(l, fn, ctx, problems, false);
}

ar_status ar_ledger_check_quick(struct ar_ledger *l, ar_notice_fn fn,
				void *ctx, long *problems)
{
	return check(l, fn, ctx, problems, true);
}
