/*
 * apply_undo.c - taking applications back: undo of a run, returned (NSF)
 * payments, and the report of what a batch applied.
 *
 * Nothing is ever deleted.  An application is taken back by another of
 * the opposite amount that names it in cancels; a credit document that
 * must stop counting (a returned payment, a write-off undone) is matched
 * by a reversal document of the same amount, to which it is applied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/apply.h"
#include "ar/money.h"
#include "internal.h"

ar_status ar_apply_report_batch(struct ar_ledger *l, int64_t batch,
				const struct ar_apply_callbacks *cb,
				struct ar_apply_stats *stats)
{
	sqlite3_stmt *s = ar__prepare(l,
		"SELECT a.effective_date, c.customer_id, cd.doc_type, cd.doc_no, "
		"dd.doc_no, cd.currency, a.amount, a.rule, "
		"dd.amount - (SELECT sum(x.amount) FROM application x "
		"WHERE x.debit_doc = a.debit_doc AND x.id <= a.id), "
		"cd.amount - (SELECT sum(x.amount) FROM application x "
		"WHERE x.credit_doc = a.credit_doc AND x.id <= a.id), "
		/* a short pay written off: its write-off comes next */
		"a.rule = 'ref' AND EXISTS (SELECT 1 FROM application w "
		"WHERE w.id = a.id + 1 AND w.batch_id = a.batch_id AND "
		"w.debit_doc = a.debit_doc AND w.rule = 'writeoff') "
		"FROM application a JOIN document cd ON cd.id = a.credit_doc "
		"JOIN document dd ON dd.id = a.debit_doc "
		"JOIN customer c ON c.id = cd.customer "
		"WHERE a.batch_id = ? ORDER BY a.id");
	ar_status st = AR_OK;
	char cur[4] = "";
	int e = 2, rc;

	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, batch);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(s, 5);
		if (strcmp(code, cur) != 0) {
			snprintf(cur, sizeof(cur), "%s", code);
			e = ar__exponent(l, cur);
		}
		const char *rule = (const char *)sqlite3_column_text(s, 7);
		int64_t open_after = sqlite3_column_int64(s, 8);
		struct ar_application_row row = {
			.batch = batch,
			.date = ar__column_date(s, 0),
			.customer_id = (const char *)sqlite3_column_text(s, 1),
			.credit_type = (const char *)sqlite3_column_text(s, 2),
			.credit_no = (const char *)sqlite3_column_text(s, 3),
			.doc_no = (const char *)sqlite3_column_text(s, 4),
			.currency = cur, .exponent = e,
			.amount = sqlite3_column_int64(s, 6),
			.rule = rule,
			.doc_open_after = open_after,
			.credit_unapplied_after = sqlite3_column_int64(s, 9),
			/* as the run flagged it: a ref that left the item
			 * open is a short pay, written off or not */
			.flag = strcmp(rule, "writeoff") == 0 ||
				sqlite3_column_int(s, 10) ? "short_pay" :
				strcmp(rule, "ref") == 0 && open_after > 0 ?
				"short" : "",
		};
		if (stats) {
			int64_t *sum = ar__apply_stat(stats, cur, e, true);
			stats->applications++;
			if (sum && !ar_money_accum(sum, row.amount))
				st = ar__fail(l, AR_ELEDGER, "applied total "
					      "overflows");
		}
		if (cb && cb->row)
			st = cb->row(cb->ctx, &row);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}


/*
 * Match credit document cr (a returned payment, an undone write-off) with
 * a reversal document of its whole amount dated on day, and apply it
 * there, so it no longer counts as unapplied.
 */
static ar_status neutralize(struct ar_ledger *l,
			    const struct ar__doc_info *cr, ar_date day,
			    const char *reason, const char *rule)
{
	int64_t rev;
	struct ar__doc d = {
		.doc_type = "reversal", .doc_no = cr->doc_no,
		.customer = cr->customer, .doc_date = day, .due_date = day,
		.amount = cr->amount, .currency = cr->currency,
		.reason = reason, .related = cr->id,
	};
	ar_status st = ar__post_document(l, &d, &rev);
	if (st == AR_EEXISTS)
		return ar__fail(l, AR_EUSAGE, "%s '%s' is reversed already",
				cr->doc_type, cr->doc_no);
	if (st != AR_OK)
		return st;
	return ar__post_application(l, cr->id, rev, cr->amount, day, rule, 0,
				    NULL);
}

/* An application to take back. */
struct back {
	int64_t id, credit, debit, amount;
	ar_date effective;
	bool writeoff;
};

/*
 * The applications of a batch (batch > 0) or of a credit document
 * (credit > 0) that nothing has cancelled yet, oldest first.  *bad is
 * set when one of them is itself a cancellation, a reversal or a refund
 * (they are left out).
 */
static ar_status live(struct ar_ledger *l, int64_t batch, int64_t credit,
		      struct back **out, size_t *n, bool *bad)
{
	sqlite3_stmt *s = ar__prepare(l, batch ?
		"SELECT a.id, a.credit_doc, a.debit_doc, a.amount, "
		"a.effective_date, a.rule, d.doc_type FROM application a "
		"JOIN document d ON d.id = a.credit_doc WHERE a.batch_id = ?1 "
		"AND NOT EXISTS (SELECT 1 FROM application x "
		"WHERE x.cancels = a.id) ORDER BY a.id" :
		"SELECT a.id, a.credit_doc, a.debit_doc, a.amount, "
		"a.effective_date, a.rule, d.doc_type FROM application a "
		"JOIN document d ON d.id = a.credit_doc WHERE a.credit_doc = ?1 "
		"AND NOT EXISTS (SELECT 1 FROM application x "
		"WHERE x.cancels = a.id) ORDER BY a.id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*bad = false;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, batch ? batch : credit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(s, 5);
		int64_t amount = sqlite3_column_int64(s, 3);
		if (amount < 0 || strcmp(rule, "reversal") == 0 ||
		    strcmp(rule, "refund") == 0) {
			*bad = true;
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct back *b = realloc(*out, cap * sizeof(*b));
			if (!b) {
				sqlite3_finalize(s);
				return ar__fail(l, AR_ENOMEM, "out of memory");
			}
			*out = b;
		}
		struct back *b = &(*out)[(*n)++];
		b->id = sqlite3_column_int64(s, 0);
		b->credit = sqlite3_column_int64(s, 1);
		b->debit = sqlite3_column_int64(s, 2);
		b->amount = amount;
		b->effective = ar__column_date(s, 4);
		b->writeoff = strcmp((const char *)sqlite3_column_text(s, 6),
				     "writeoff") == 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return AR_OK;
}

/*
 * Cancel the n applications b, each by one of the same amount and
 * effective date (rule undo); a write-off's is reversed as well.
 */
static ar_status cancel(struct ar_ledger *l, const struct back *b, size_t n,
			struct ar_apply_stats *stats)
{
	ar_status st = AR_OK;
	for (size_t i = 0; i < n && st == AR_OK; i++) {
		st = ar__post_application(l, b[i].credit, b[i].debit,
					  -b[i].amount, b[i].effective, "undo",
					  b[i].id, NULL);
		if (st == AR_OK && b[i].writeoff) {
			struct ar__doc_info wo;
			if ((st = ar__document_get(l, b[i].credit, &wo)) ==
			    AR_OK)
				st = neutralize(l, &wo, wo.doc_date, "undo",
						"undo");
			if (st == AR_OK && stats)
				stats->documents++;
		}
	}
	return st;
}

/* Refuse applications effective inside a closed period. */
static ar_status none_closed(struct ar_ledger *l, const struct back *b,
			     size_t n, const char *what)
{
	ar_date closed;
	ar_status st = ar_ledger_closed_through(l, &closed);
	for (size_t i = 0; st == AR_OK && i < n; i++)
		if (closed != AR_DATE_NONE && b[i].effective <= closed) {
			char a[AR_DATE_BUFSZ], c[AR_DATE_BUFSZ];
			ar_date_format(a, b[i].effective);
			ar_date_format(c, closed);
			return ar__fail(l, AR_EUSAGE, "%s applied money "
					"effective %s, in the period closed "
					"through %s: it cannot be undone",
					what, a, c);
		}
	return st;
}

/* AR_OK when batch is an ar-apply run; else the reason, message set. */
static ar_status apply_batch(struct ar_ledger *l, int64_t batch)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT command FROM batch "
				      "WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, batch);
	int rc = sqlite3_step(s);
	char command[32] = "";
	if (rc == SQLITE_ROW)
		snprintf(command, sizeof(command), "%s",
			 (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no batch %lld",
				(long long)batch);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	if (strcmp(command, "ar-apply") != 0)
		return ar__fail(l, AR_EUSAGE, "batch %lld is not an ar-apply "
				"run (it is %s)", (long long)batch, command);
	return AR_OK;
}

ar_status ar_apply_batch(struct ar_ledger *l, int64_t batch,
			 const struct ar_apply_callbacks *cb)
{
	ar_status st = apply_batch(l, batch);
	if (st == AR_OK)
		st = ar_apply_report_batch(l, batch, cb, NULL);
	return st == AR_OK ? ar__apply_report_flags(l, batch, cb) : st;
}

ar_status ar_apply_undo(struct ar_ledger *l, int64_t batch,
			struct ar_apply_stats *stats)
{
	struct back *b = NULL;
	size_t n = 0;
	bool bad;
	ar_status st;

	if ((st = apply_batch(l, batch)) != AR_OK)
		return st;
	if (batch == ar_ledger_batch(l))
		return ar__fail(l, AR_EUSAGE, "batch %lld is this run",
				(long long)batch);
	if ((st = live(l, batch, 0, &b, &n, &bad)) != AR_OK)
		goto out;
	sqlite3_stmt *q = bad ? ar__prepare(l, "SELECT count(*) FROM refund "
					    "WHERE batch_id = ?") : NULL;
	if (q) {
		sqlite3_bind_int64(q, 1, batch);
		bool refunds = sqlite3_step(q) == SQLITE_ROW &&
			       sqlite3_column_int64(q, 0) > 0;
		sqlite3_finalize(q);
		if (refunds) {
			st = ar__fail(l, AR_EUSAGE, "batch %lld refunded money "
				      "paid out: it cannot be undone",
				      (long long)batch);
			goto out;
		}
	}
	if (bad) {
		st = ar__fail(l, AR_EUSAGE, "batch %lld reversed a payment or "
			      "undid a run: it cannot be undone",
			      (long long)batch);
		goto out;
	}
	if (n == 0) {
		st = ar__fail(l, AR_EUSAGE, "batch %lld has nothing left to "
			      "undo", (long long)batch);
		goto out;
	}
	char what[32];
	snprintf(what, sizeof(what), "batch %lld", (long long)batch);
	if ((st = none_closed(l, b, n, what)) != AR_OK)
		goto out;
	st = cancel(l, b, n, stats);
out:
	free(b);
	return st;
}

ar_status ar_apply_undo_application(struct ar_ledger *l, int64_t id,
				    struct ar_apply_stats *stats)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT a.credit_doc, a.debit_doc, "
		"a.amount, a.effective_date, a.rule, d.doc_type, (SELECT x.id "
		"FROM application x WHERE x.cancels = a.id) FROM application a "
		"JOIN document d ON d.id = a.credit_doc WHERE a.id = ?");
	struct back b = {.id = id};
	int rc;

	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? ar__fail(l, AR_ENOTFOUND, "no "
			"application %lld", (long long)id) :
			ar__sqlfail(l, rc, "read");
	}
	const char *rule = (const char *)sqlite3_column_text(s, 4);
	b.credit = sqlite3_column_int64(s, 0);
	b.debit = sqlite3_column_int64(s, 1);
	b.amount = sqlite3_column_int64(s, 2);
	b.effective = ar__column_date(s, 3);
	b.writeoff = strcmp((const char *)sqlite3_column_text(s, 5),
			    "writeoff") == 0;
	bool taken = b.amount < 0 || strcmp(rule, "reversal") == 0 ||
		     strcmp(rule, "refund") == 0;
	bool undone = sqlite3_column_type(s, 6) != SQLITE_NULL;
	sqlite3_finalize(s);
	if (taken)
		return ar__fail(l, AR_EUSAGE, "application %lld is a "
				"cancellation, a reversal or a refund: it "
				"cannot be undone", (long long)id);
	if (undone)
		return ar__fail(l, AR_EUSAGE, "application %lld is undone "
				"already", (long long)id);
	char what[40];
	snprintf(what, sizeof(what), "application %lld", (long long)id);
	ar_status st = none_closed(l, &b, 1, what);
	return st == AR_OK ? cancel(l, &b, 1, stats) : st;
}

static ar_status find_payment(struct ar_ledger *l, const char *no,
			      int64_t *id);

ar_status ar_apply_undo_payment(struct ar_ledger *l, const char *payment_no,
				struct ar_apply_stats *stats)
{
	struct back *b = NULL;
	size_t n = 0;
	bool bad;
	int64_t id;
	ar_status st;

	if ((st = find_payment(l, payment_no, &id)) != AR_OK ||
	    (st = live(l, 0, id, &b, &n, &bad)) != AR_OK)
		goto out;
	if (n == 0) {
		st = ar__fail(l, AR_EUSAGE, "payment '%s' has nothing applied "
			      "to undo", payment_no);
		goto out;
	}
	char what[AR__DOC_NO_MAX + 16];
	snprintf(what, sizeof(what), "payment '%s'", payment_no);
	if ((st = none_closed(l, b, n, what)) == AR_OK)
		st = cancel(l, b, n, stats);
out:
	free(b);
	return st;
}

static ar_status find_payment(struct ar_ledger *l, const char *no, int64_t *id)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT id FROM document "
				      "WHERE family = 'payment' AND doc_no = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no payment '%s'", no);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

ar_status ar_apply_reverse(struct ar_ledger *l,
			   const struct ar_reverse_options *o,
			   struct ar_apply_stats *stats)
{
	struct ar__doc_info pay;
	struct back *b = NULL;
	char a[AR_DATE_BUFSZ], c[AR_DATE_BUFSZ];
	int64_t id, fee = 0;
	size_t n = 0;
	bool bad;
	ar_status st;

	if ((st = find_payment(l, o->payment_no, &id)) != AR_OK ||
	    (st = ar__document_get(l, id, &pay)) != AR_OK)
		return st;
	int e = ar__exponent(l, pay.currency);
	if (o->fee && (ar_money_parse(o->fee, strlen(o->fee), e,
				      pay.currency, 0, &fee, NULL) != AR_OK ||
		       fee <= 0 || fee > AR_MONEY_DOC_MAX))
		return ar__fail_field(l, AR_EUSAGE, "fee", "'%s' is not an "
				      "amount in %s", o->fee, pay.currency);
	if (o->date < pay.doc_date) {
		ar_date_format(a, o->date);
		ar_date_format(c, pay.doc_date);
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is before "
				      "payment '%s' (%s)", a, pay.doc_no, c);
	}
	if ((st = ar__period_check(l, o->date, o->allow_closed, "date")) != AR_OK ||
	    (st = live(l, 0, id, &b, &n, &bad)) != AR_OK)
		goto out;
	/* a refund paid money out of it: the bank cannot return it whole */
	sqlite3_stmt *r = ar__prepare(l, "SELECT count(*) FROM refund WHERE "
				      "credit_doc = ?");
	if (!r) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_int64(r, 1, id);
	bool refunded = sqlite3_step(r) == SQLITE_ROW &&
			sqlite3_column_int64(r, 0) > 0;
	sqlite3_finalize(r);
	if (refunded) {
		st = ar__fail(l, AR_EUSAGE, "payment '%s' was refunded in part: "
			      "it cannot be returned whole", pay.doc_no);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (b[i].effective > o->date) {
			ar_date_format(a, o->date);
			ar_date_format(c, b[i].effective);
			st = ar__fail_field(l, AR_EUSAGE, "date", "'%s' is "
					    "before an application of '%s' "
					    "effective %s", a, pay.doc_no, c);
			goto out;
		}
	for (size_t i = 0; i < n && st == AR_OK; i++)
		st = ar__post_application(l, id, b[i].debit, -b[i].amount,
					  o->date, "reversal", b[i].id, NULL);
	if (st == AR_OK)
		st = neutralize(l, &pay, o->date, o->reason ? o->reason :
				"returned payment", "reversal");
	if (st == AR_OK && stats)
		stats->documents++;
	if (st == AR_OK && fee) {
		char no[AR__DOC_NO_MAX + 8];
		snprintf(no, sizeof(no), "NSF-%s", pay.doc_no);
		struct ar__doc d = {
			.doc_type = "debit_memo", .doc_no = no,
			.customer = pay.customer, .doc_date = o->date,
			.due_date = o->date, .amount = fee,
			.currency = pay.currency,
			.description = "Returned payment fee",
			.reason = o->reason, .related = id,
		};
		st = ar__post_document(l, &d, NULL);
		if (st == AR_OK && stats)
			stats->documents++;
	}
out:
	free(b);
	return st;
}
