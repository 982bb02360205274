/*
 * refund.c - money given back out of a payment or credit memo (see
 * refund.h): a reversal document the credit is applied to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/csv.h"
#include "ar/money.h"
#include "ar/refund.h"
#include "internal.h"

bool ar_refund_method_valid(const char *m)
{
	return m && (strcmp(m, "check") == 0 || strcmp(m, "ach") == 0 ||
		     strcmp(m, "wire") == 0);
}

/* The payment (else credit memo) numbered no; its id in *id. */
static ar_status find_credit(struct ar_ledger *l, const char *no, int64_t *id)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT id FROM document WHERE "
		"(family = 'payment' OR family = 'credit_memo') AND doc_no = ? "
		"ORDER BY family = 'credit_memo' LIMIT 1");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no payment or credit memo "
				"'%s'", no);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

/* One integer of sql (bound to id), into *v. */
static ar_status int_of(struct ar_ledger *l, const char *sql, int64_t id,
			int64_t *v)
{
	sqlite3_stmt *s = ar__prepare(l, sql);
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

ar_status ar_apply_refund(struct ar_ledger *l,
			  const struct ar_refund_options *o,
			  struct ar_apply_stats *stats,
			  struct ar_refund_info *info)
{
	struct ar__doc_info cr;
	char a[AR_MONEY_BUFSZ], b[AR_DATE_BUFSZ], c[AR_DATE_BUFSZ];
	int64_t id, amount, open, returned, n, rid;
	ar_status st;

	if (o->method && !ar_refund_method_valid(o->method))
		return ar__fail_field(l, AR_EUSAGE, "method", "'%s' is not "
				      "check, ach or wire", o->method);
	if ((st = find_credit(l, o->credit_no, &id)) != AR_OK ||
	    (st = ar__document_get(l, id, &cr)) != AR_OK)
		return st;
	const char *what = strcmp(cr.doc_type, "payment") == 0 ? "payment" :
			   "credit memo";
	int e = ar_ledger_currency_exponent(l, cr.currency);
	e = e < 0 ? 2 : e;
	if (!o->amount || ar_money_parse(o->amount, strlen(o->amount), e,
					 cr.currency, 0, &amount, NULL) != AR_OK ||
	    amount <= 0)
		return ar__fail_field(l, AR_EUSAGE, "amount", "'%s' is not an "
				      "amount in %s",
				      o->amount ? o->amount : "", cr.currency);
	if (o->date < cr.doc_date) {
		ar_date_format(b, o->date);
		ar_date_format(c, cr.doc_date);
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is before %s "
				      "'%s' (%s)", b, what, cr.doc_no, c);
	}
	if ((st = ar__period_check(l, o->date, o->allow_closed, "date"))
	    != AR_OK)
		return st;
	if ((st = int_of(l, "SELECT count(*) FROM application WHERE "
			 "credit_doc = ? AND rule = 'reversal'", id,
			 &returned)) != AR_OK)
		return st;
	if (returned)
		return ar__fail(l, AR_EUSAGE, "%s '%s' was returned by the "
				"bank: nothing to refund", what, cr.doc_no);
	/* unapplied now: every application, whatever its date */
	if ((st = int_of(l, "SELECT open FROM open_state WHERE document = ?",
			 id, &open)) != AR_OK)
		return st;
	if (amount > open) {
		ar_money_format(a, open, e, AR_MONEY_GROUP);
		return ar__fail_field(l, AR_EINPUT, "amount", "%s '%s' has %s "
				      "%s unapplied, less than the refund "
				      "asked", what, cr.doc_no, a, cr.currency);
	}
	if ((st = int_of(l, "SELECT count(*) FROM refund WHERE credit_doc = ?",
			 id, &n)) != AR_OK)
		return st;

	char no[AR__DOC_NO_MAX + 24], desc[AR__DOC_NO_MAX + 200];
	snprintf(no, sizeof(no), "%s-R%lld", cr.doc_no, (long long)n + 1);
	snprintf(desc, sizeof(desc), "Refund of %s%s%s%s%.100s", cr.doc_no,
		 o->method ? " by " : "", o->method ? o->method : "",
		 o->reference && *o->reference ? "; ref " : "",
		 o->reference ? o->reference : "");
	struct ar__doc d = {
		.doc_type = "reversal", .doc_no = no, .customer = cr.customer,
		.doc_date = o->date, .due_date = o->date, .amount = amount,
		.currency = cr.currency, .description = desc,
		.reason = "refund", .related = id, .method = o->method,
		.reference = o->reference,
	};
	if ((st = ar__post_document(l, &d, &rid)) != AR_OK ||
	    (st = ar__post_application(l, id, rid, amount, o->date, "refund",
				       0, NULL)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO refund (credit_doc, "
		"refund_doc, method, batch_id) VALUES (?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, rid);
	ar__bind_text(s, 3, o->method);
	sqlite3_bind_int64(s, 4, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	if (stats)
		stats->documents++;
	if (info) {
		memset(info, 0, sizeof(*info));
		snprintf(info->doc_no, sizeof(info->doc_no), "%s", no);
		snprintf(info->credit_no, sizeof(info->credit_no), "%s",
			 cr.doc_no);
		memcpy(info->currency, cr.currency, 4);
		info->exponent = e;
		info->amount = amount;
		info->date = o->date;
		s = ar__prepare(l, "SELECT customer_id FROM customer WHERE "
				"id = ?");
		if (!s)
			return AR_ELEDGER;
		sqlite3_bind_int64(s, 1, cr.customer);
		if (sqlite3_step(s) == SQLITE_ROW)
			snprintf(info->customer_id, sizeof(info->customer_id),
				 "%s", sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	return AR_OK;
}

ar_status ar_refund_accounts(struct ar_ledger *l, char receivables[65],
			     char cash[65])
{
	static const char *const keys[] = {"gl.receivables", "gl.cash"};
	char *const dst[] = {receivables, cash};
	return ar__setting_accounts(l, keys, dst, 2);
}

ar_status ar_refund_journal_put(const struct ar_cells *out,
				const struct ar_refund_info *r,
				const char *receivables, const char *cash)
{
	struct ar_journal_line j = {.date = r->date, .exponent = r->exponent};
	ar_status st;

	memcpy(j.currency, r->currency, sizeof(j.currency));
	snprintf(j.memo, sizeof(j.memo), "%.60s refunds %.60s to %.60s",
		 r->doc_no, r->credit_no, r->customer_id);
	/* Dr receivables (the credit given back), Cr cash (paid out);
	 * the amount is positive (ar_apply_refund()) */
	j.account = receivables;
	j.debit = r->amount;
	if ((st = ar_journal_line_put(out, &j)) != AR_OK)
		return st;
	j.account = cash;
	j.debit = 0;
	j.credit = r->amount;
	return ar_journal_line_put(out, &j);
}
