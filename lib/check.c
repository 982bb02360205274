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

struct check {
	const char *what;	/* for the progress line */
	const char *sql;
	/* turns one result row into a message */
	void (*say)(struct ar_ledger *l, sqlite3_stmt *s, char *buf, size_t n);
};

static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t ? t : "";
}

static void money(struct ar_ledger *l, sqlite3_stmt *s, int i,
		  const char *currency, char buf[AR_MONEY_BUFSZ])
{
	int e = ar_ledger_currency_exponent(l, currency);
	ar_money_format(buf, sqlite3_column_int64(s, i), e < 0 ? 2 : e, 0);
}

static void say_crossing(struct ar_ledger *l, sqlite3_stmt *s, char *buf,
			 size_t n)
{
	(void)l;
	snprintf(buf, n, "application %s: %s %s (%s, %s) to %s %s (%s, %s): %s",
		 col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
		 col(s, 5), col(s, 6), col(s, 7), col(s, 8), col(s, 9));
}

static void say_bounds(struct ar_ledger *l, sqlite3_stmt *s, char *buf,
		       size_t n)
{
	char applied[AR_MONEY_BUFSZ], amount[AR_MONEY_BUFSZ];
	money(l, s, 3, col(s, 5), applied);
	money(l, s, 4, col(s, 5), amount);
	snprintf(buf, n, "%s %s: %s applied by %s, outside 0..%s %s",
		 col(s, 0), col(s, 1), applied, col(s, 2), amount, col(s, 5));
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

static const struct check checks[] = {
	/* 1, 2: an application joins a credit to a debit of one customer and
	 * currency, dated no earlier than either document */
	{"applications", "SELECT a.id, c.doc_type, c.doc_no, cc.customer_id, c.currency, "
	 "d.doc_type, d.doc_no, dc.customer_id, d.currency, "
	 "CASE WHEN c.sign <> -1 THEN 'applies from a debit document' "
	 "WHEN d.sign <> 1 THEN 'applies to a credit document' "
	 "WHEN c.customer <> d.customer THEN 'crosses customers' "
	 "WHEN c.currency <> d.currency THEN 'crosses currencies' "
	 "ELSE 'effective ' || a.effective_date || ', before its documents' END "
	 "FROM application a JOIN document c ON c.id = a.credit_doc "
	 "JOIN document d ON d.id = a.debit_doc "
	 "JOIN customer cc ON cc.id = c.customer "
	 "JOIN customer dc ON dc.id = d.customer "
	 "WHERE c.sign <> -1 OR d.sign <> 1 OR c.customer <> d.customer "
	 "OR c.currency <> d.currency OR a.effective_date < c.doc_date "
	 "OR a.effective_date < d.doc_date ORDER BY a.id", say_crossing},
	/* a cancelling application names an earlier one of the same pair */
	{"cancellations", "SELECT a.id, CASE WHEN a.cancels IS NULL THEN 'negative amount "
	 "without the application it cancels' ELSE 'cancels application ' || "
	 "a.cancels || ' of other documents' END FROM application a "
	 "LEFT JOIN application o ON o.id = a.cancels "
	 "WHERE (a.amount < 0 AND a.cancels IS NULL) OR (a.cancels IS NOT NULL "
	 "AND (o.id IS NULL OR o.credit_doc <> a.credit_doc "
	 "OR o.debit_doc <> a.debit_doc OR o.amount <> -a.amount)) "
	 "ORDER BY a.id", say_cancel},
	/* 3: 0 <= applied <= amount for every debit document at every date */
	{"debit bounds", "WITH daily AS (SELECT debit_doc AS doc, effective_date AS day, "
	 "sum(amount) AS amt FROM application GROUP BY debit_doc, "
	 "effective_date), run AS (SELECT doc, day, sum(amt) OVER "
	 "(PARTITION BY doc ORDER BY day) AS applied FROM daily) "
	 "SELECT d.doc_type, d.doc_no, r.day, r.applied, d.amount, d.currency "
	 "FROM run r JOIN document d ON d.id = r.doc "
	 "WHERE r.applied < 0 OR r.applied > d.amount ORDER BY d.id, r.day",
	 say_bounds},
	/* 4: the same for every credit document */
	{"credit bounds", "WITH daily AS (SELECT credit_doc AS doc, effective_date AS day, "
	 "sum(amount) AS amt FROM application GROUP BY credit_doc, "
	 "effective_date), run AS (SELECT doc, day, sum(amt) OVER "
	 "(PARTITION BY doc ORDER BY day) AS applied FROM daily) "
	 "SELECT d.doc_type, d.doc_no, r.day, r.applied, d.amount, d.currency "
	 "FROM run r JOIN document d ON d.id = r.doc "
	 "WHERE r.applied < 0 OR r.applied > d.amount ORDER BY d.id, r.day",
	 say_bounds},
	/* 5: the balance identity, computed by check_identity() below */
	{"balances", NULL, NULL},
	{"currencies", "SELECT 'document ' || doc_no || ': currency ' || quote(currency) || "
	 "' is not a currency code' FROM document WHERE length(currency) <> 3 "
	 "OR upper(currency) <> currency ORDER BY id", say_text},
	/* 6: the open-item state is what the history says */
	{"open-item state", "WITH h AS (" AR__STATE_OPEN_SQL ") SELECT "
	 "d.doc_type || ' ' || d.doc_no, d.currency, s.open, h.open, "
	 "s.changed, h.changed, s.document IS NULL FROM h "
	 "JOIN document d ON d.id = h.document "
	 "LEFT JOIN open_state s ON s.document = h.document "
	 "WHERE s.document IS NULL OR s.customer IS NOT h.customer OR "
	 "s.currency IS NOT h.currency OR s.sign IS NOT h.sign OR "
	 "s.doc_date IS NOT h.doc_date OR s.due_date IS NOT h.due_date OR "
	 "s.amount IS NOT h.amount OR s.open IS NOT h.open OR "
	 "s.changed IS NOT h.changed "
	 "UNION ALL SELECT 'document row ' || s.document, s.currency, s.open, "
	 "NULL, s.changed, NULL, 2 FROM open_state s WHERE NOT EXISTS "
	 "(SELECT 1 FROM document d WHERE d.id = s.document) ORDER BY 1",
	 say_state},
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
	 "b.customer AND d.currency = b.currency) ORDER BY 1", say_state},
	{"integrity", "SELECT 'integrity: ' || integrity_check FROM pragma_integrity_check "
	 "WHERE integrity_check <> 'ok'", say_text},
	{"foreign keys", "SELECT 'foreign key: ' || \"table\" || ' row ' || rowid || ' names a "
	 "missing ' || parent FROM pragma_foreign_key_check", say_text},
};

struct identity {
	ar_problem_fn fn;
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
	id->fn(id->ctx, msg);
	++*id->problems;
	return AR_OK;
}

static ar_status check_identity(struct ar_ledger *l, ar_problem_fn fn,
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

static ar_status check_all(struct ar_ledger *l, ar_problem_fn fn, void *ctx,
			   long *problems)
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
			fn(ctx, "application_id is not arkit's");
			++*problems;
		}
		v = sqlite3_column_int64(s, 1);
		if (v != AR_LEDGER_SCHEMA_VERSION) {
			snprintf(msg, sizeof(msg), "schema version %lld, "
				 "expected %d", (long long)v,
				 AR_LEDGER_SCHEMA_VERSION);
			fn(ctx, msg);
			++*problems;
		}
	}
	sqlite3_finalize(s);

	size_t n = sizeof(checks) / sizeof(checks[0]);
	for (size_t i = 0; i < n; i++) {
		int rc;
		ar__progress(l, "check %zu of %zu: %s", i + 1, n, checks[i].what);
		if (!checks[i].sql) {
			ar_status st = check_identity(l, fn, ctx, problems);
			if (st != AR_OK)
				return st;
			continue;
		}
		if (!(s = ar__prepare(l, checks[i].sql)))
			return AR_ELEDGER;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			checks[i].say(l, s, msg, sizeof(msg));
			fn(ctx, msg);
			++*problems;
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return ar__sqlfail(l, rc, "check");
	}
	return AR_OK;
}

ar_status ar_ledger_check(struct ar_ledger *l, ar_problem_fn fn, void *ctx,
			  long *problems)
{
	/* the checks sort the whole history (running sums, the state from
	 * scratch): their sorters and the page cache share the room */
	int cache = ar__cache_kib_now(l);
	ar_status st = ar__cache_kib(l, cache / 4);
	if (st == AR_OK)
		st = check_all(l, fn, ctx, problems);
	ar_status rs = ar__cache_kib(l, cache);
	return st != AR_OK ? st : rs;
}
