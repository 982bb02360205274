/*
 * cash.c - unidentified cash, its assignment, and remitter aliases (see
 * cash.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/cash.h"
#include "internal.h"

void ar__alias_name(const char *in, char *out, size_t size)
{
	size_t n = 0;
	bool space = false;
	if (size == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)(in ? in : "");
	     *p && n + 1 < size; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < size)
			out[n++] = ' ';
		space = false;
		out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	}
	out[n] = '\0';
}

/* The latest alias of kind for text, or 0. */
static ar_status alias_of(struct ar_ledger *l, const char *kind,
			  const char *text, int64_t *customer)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT customer FROM remitter_alias "
		"WHERE kind = ? AND alias = ? ORDER BY id DESC LIMIT 1");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*customer = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK :
		ar__sqlfail(l, rc, "read");
}

ar_status ar__alias_customer(struct ar_ledger *l, const char *account,
			     const char *name, int64_t *customer)
{
	char norm[160];
	ar_status st = AR_OK;

	*customer = 0;
	if (account && *account)
		st = alias_of(l, "account", account, customer);
	ar__alias_name(name, norm, sizeof(norm));
	if (st == AR_OK && !*customer && *norm)
		st = alias_of(l, "name", norm, customer);
	return st;
}

/* Record that text (of kind) is customer's, unless it says so already. */
static ar_status teach(struct ar_ledger *l, const char *kind,
		       const char *text, int64_t customer, int *learned)
{
	int64_t now = 0;
	ar_status st = alias_of(l, kind, text, &now);
	if (st != AR_OK || now == customer)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO remitter_alias (kind, "
		"alias, customer, batch_id) VALUES (?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, customer);
	sqlite3_bind_int64(s, 4, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	if (learned)
		(*learned)++;
	return AR_OK;
}

ar_status ar__alias_add(struct ar_ledger *l, int64_t customer,
			const char *name, const char *account, int *learned)
{
	char norm[160];
	ar_status st = AR_OK;
	ar__alias_name(name, norm, sizeof(norm));
	if (*norm)
		st = teach(l, "name", norm, customer, learned);
	if (st == AR_OK && account && *account)
		st = teach(l, "account", account, customer, learned);
	return st;
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? strdup((const char *)t) : NULL;
}

ar_status ar_cash_assign(struct ar_ledger *l,
			 const struct ar_assign_options *o,
			 struct ar_apply_stats *stats, int *aliases)
{
	int64_t cust, uid, doc;
	ar_date closed;
	ar_status st;
	int rc;

	if (aliases)
		*aliases = 0;
	if ((st = ar_ledger_customer_find(l, o->customer_id, &cust)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "SELECT u.id, u.payment_date, "
		"u.amount, u.currency, u.method, u.reference, u.check_no, "
		"u.deposit_id, u.remitter, u.account, (SELECT a.batch_id FROM "
		"cash_assignment a WHERE a.unidentified = u.id) FROM "
		"unidentified_cash u WHERE u.payment_no = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, o->payment_no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? ar__fail(l, AR_ENOTFOUND, "no "
			"unidentified payment '%s'", o->payment_no) :
			ar__sqlfail(l, rc, "read");
	}
	if (sqlite3_column_type(s, 10) != SQLITE_NULL) {
		long long b = sqlite3_column_int64(s, 10);
		sqlite3_finalize(s);
		return ar__fail(l, AR_EUSAGE, "payment '%s' was assigned in "
				"batch %lld", o->payment_no, b);
	}
	uid = sqlite3_column_int64(s, 0);
	ar_date day = ar__column_date(s, 1);
	int64_t amount = sqlite3_column_int64(s, 2);
	char cur[4];
	snprintf(cur, sizeof(cur), "%s", sqlite3_column_text(s, 3));
	char *method = dup_col(s, 4), *ref = dup_col(s, 5);
	char *check = dup_col(s, 6), *deposit = dup_col(s, 7);
	char *rem = dup_col(s, 8), *acct = dup_col(s, 9);
	sqlite3_finalize(s);

	if ((st = ar_ledger_closed_through(l, &closed)) != AR_OK)
		goto out;
	char why[80];
	if (!ar__period_open(day, closed, o->allow_closed, why, sizeof(why))) {
		char a[AR_DATE_BUFSZ];
		ar_date_format(a, day);
		st = ar__hint(l, ar__fail(l, AR_EUSAGE, "payment '%s': '%s' %s",
					  o->payment_no, a, why),
			      AR__HINT_ALLOW_CLOSED);
		goto out;
	}
	struct ar__doc d = {
		.doc_type = "payment", .doc_no = o->payment_no,
		.customer = cust, .doc_date = day, .due_date = AR_DATE_NONE,
		.amount = amount, .currency = cur, .method = method,
		.reference = ref, .check_no = check, .deposit_id = deposit,
	};
	if ((st = ar__post_document(l, &d, &doc)) != AR_OK)
		goto out;
	if (!(s = ar__prepare(l, "INSERT INTO cash_assignment (unidentified, "
			      "customer, payment_doc, batch_id) VALUES (?, ?, "
			      "?, ?)"))) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_int64(s, 1, uid);
	sqlite3_bind_int64(s, 2, cust);
	sqlite3_bind_int64(s, 3, doc);
	sqlite3_bind_int64(s, 4, ar_ledger_batch(l));
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		st = ar__sqlfail(l, rc, "write");
		goto out;
	}
	if (stats)
		stats->documents++;
	st = ar__alias_add(l, cust, rem, acct, aliases);
out:
	free(method);
	free(ref);
	free(check);
	free(deposit);
	free(rem);
	free(acct);
	return st;
}

ar_status ar_cash_unidentified(struct ar_ledger *l, ar_date as_of,
			       int64_t known_batch, ar_unidentified_fn fn,
			       void *ctx)
{
	char day[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "SELECT u.payment_no, u.payment_date, "
		"u.amount, u.currency, u.method, u.reference, u.remitter, "
		"u.account FROM unidentified_cash u WHERE u.payment_date <= ?1 "
		"AND u.batch_id <= ?2 AND NOT EXISTS (SELECT 1 FROM "
		"cash_assignment a WHERE a.unidentified = u.id AND a.batch_id "
		"<= ?2) ORDER BY u.payment_date, u.payment_no");
	ar_status st = AR_OK;
	int rc;

	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, as_of);
	sqlite3_bind_text(s, 1, day, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, known_batch > 0 ? known_batch : INT64_MAX);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar_unidentified_row r = {
			.payment_no = (const char *)sqlite3_column_text(s, 0),
			.date = ar__column_date(s, 1),
			.amount = sqlite3_column_int64(s, 2),
			.method = (const char *)sqlite3_column_text(s, 4),
			.reference = (const char *)sqlite3_column_text(s, 5),
			.remitter = (const char *)sqlite3_column_text(s, 6),
			.account = (const char *)sqlite3_column_text(s, 7),
		};
		snprintf(r.currency, sizeof(r.currency), "%s",
			 sqlite3_column_text(s, 3));
		r.exponent = ar__exponent(l, r.currency);
		st = fn(ctx, &r);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}
