/*
 * writeoff_request.c - the write-off requests waiting for a decision,
 * and their approval or rejection.
 */
#include <stdio.h>
#include <string.h>

#include "writeoff_int.h"

ar_status ar_writeoff_pending(struct ar_ledger *l, ar_writeoff_request_fn fn,
			      void *ctx)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT q.id, q.date, c.customer_id, "
		"d.doc_no, q.reason, q.requested_by, q.amount, d.amount - "
		"(SELECT coalesce(sum(a.amount), 0) FROM application a WHERE "
		"a.debit_doc = d.id), d.currency FROM writeoff_request q "
		"JOIN document d ON d.id = q.debit_doc "
		"JOIN customer c ON c.id = d.customer "
		"WHERE NOT EXISTS (SELECT 1 FROM writeoff_decision k "
		"WHERE k.request = q.id) ORDER BY q.id");
	ar_status st = AR_OK;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar_writeoff_request r = {
			.id = sqlite3_column_int64(s, 0),
			.date = ar__column_date(s, 1),
			.customer_id = (const char *)sqlite3_column_text(s, 2),
			.doc_no = (const char *)sqlite3_column_text(s, 3),
			.reason = (const char *)sqlite3_column_text(s, 4),
			.requested_by = (const char *)sqlite3_column_text(s, 5),
			.amount = sqlite3_column_int64(s, 6),
			.open_amount = sqlite3_column_int64(s, 7),
		};
		ar__wo_col_copy(s, 8, r.currency, sizeof(r.currency));
		r.exponent = ar__exponent(l, r.currency);
		st = fn(ctx, &r);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}

struct request {
	int64_t id, doc, amount;
	ar_date date;
	char reason[32];
};

static ar_status request_get(struct ar_ledger *l, sqlite3_stmt *s, int64_t id,
			     const char *field, struct request *q)
{
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return ar__fail_field(l, AR_EUSAGE, field, "'%lld' is not a "
				      "write-off request", (long long)id);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	q->id = id;
	q->doc = sqlite3_column_int64(s, 0);
	q->amount = sqlite3_column_int64(s, 1);
	ar__wo_col_copy(s, 2, q->reason, sizeof(q->reason));
	q->date = ar__column_date(s, 3);
	if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
		char day[AR_DATE_BUFSZ] = "";
		ar__wo_col_copy(s, 5, day, sizeof(day));
		const char *decision = (const char *)sqlite3_column_text(s, 4);
		ar_status st = ar__fail_field(l, AR_EUSAGE, field, "request "
					      "%lld was already %s on %s",
					      (long long)id, decision, day);
		sqlite3_reset(s);
		return st;
	}
	sqlite3_reset(s);
	return AR_OK;
}

static ar_status decision_insert(struct ar_ledger *l, int64_t request,
				 bool approve, const char *user, ar_date date,
				 int64_t doc)
{
	char day[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO writeoff_decision "
				      "(request, decision, decided_by, date, "
				      "writeoff_doc, batch_id) VALUES "
				      "(?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, date);
	sqlite3_bind_int64(s, 1, request);
	sqlite3_bind_text(s, 2, approve ? "approved" : "rejected", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 3, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	if (doc)
		sqlite3_bind_int64(s, 5, doc);
	sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}

ar_status ar_writeoff_decide(struct ar_ledger *l, const int64_t *ids,
			     size_t n, bool approve,
			     const struct ar_writeoff_options *o,
			     ar_writeoff_row_fn fn, void *ctx)
{
	const char *field = approve ? "approve" : "reject";
	sqlite3_stmt *q = NULL, *is = NULL;
	char user[256], no[AR__DOC_NO_MAX + 1];
	struct request r;
	struct item it;
	ar_status st;

	if ((st = ar__wo_user(l, user, sizeof(user))) != AR_OK)
		return st;
	if (approve && (st = ar__period_check(l, o->as_of, o->allow_closed,
						      "as_of")) != AR_OK)
		return st;
	q = ar__prepare(l, "SELECT q.debit_doc, q.amount, q.reason, q.date, "
			"k.decision, k.date FROM writeoff_request q LEFT JOIN "
			"writeoff_decision k ON k.request = q.id WHERE q.id = ?");
	is = ar__prepare(l, ar__wo_item_sql);
	if (!q || !is) {
		st = AR_ELEDGER;
		goto out;
	}
	/* every one checked before any is decided */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; pass == 0 && j < i; j++)
				if (ids[j] == ids[i]) {
					st = ar__fail_field(l, AR_EUSAGE,
							    field, "'%lld' is "
							    "given twice",
							    (long long)ids[i]);
					goto out;
				}
			if ((st = request_get(l, q, ids[i], field, &r)) != AR_OK ||
			    (st = ar__wo_item_get(l, is, r.doc, o->as_of,
						    &it)) != AR_OK)
				goto out;
			if (approve && o->as_of < r.date) {
				char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
				ar_date_format(a, o->as_of);
				ar_date_format(b, r.date);
				st = ar__fail_field(l, AR_EUSAGE, "as_of",
						     "'%s' is before request "
						    "%lld (%s)", a,
						    (long long)r.id, b);
				goto out;
			}
			if (approve && r.amount > open_of(&it)) {
				char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ];
				money_text(a, open_of(&it), it.exponent);
				money_text(b, r.amount, it.exponent);
				st = ar__fail(l, AR_EINPUT, "request %lld: '%s' "
					      "has %s %s open, less than the %s "
					      "requested (reject it and ask "
					      "again)", (long long)r.id,
					      it.doc_no, a, it.currency, b);
				goto out;
			}
			if (pass == 0)
				continue;
			struct ar_writeoff_row row = {
				.writeoff_no = "", .date = o->as_of,
				.customer_id = it.customer_id,
				.doc_no = it.doc_no, .amount = r.amount,
				.exponent = it.exponent, .reason = r.reason,
				.status = approve ? "approved" : "rejected",
				.request = r.id,
			};
			memcpy(row.currency, it.currency, 4);
			int64_t wo = 0;
			if (approve) {
				if ((st = ar__post_writeoff(l, NULL, r.doc, r.amount,
							    o->as_of, r.reason,
							    &wo, no)) != AR_OK)
					goto out;
				row.writeoff_no = no;
			}
			/* a dispute waiting on the request ends with it */
			if ((st = decision_insert(l, r.id, approve, user,
						  o->as_of, wo)) != AR_OK ||
			    (approve && (st = ar__dispute_request_approved(l,
					r.id, wo, o->as_of)) != AR_OK) ||
			    (fn && (st = fn(ctx, &row)) != AR_OK))
				goto out;
		}
	}
out:
	sqlite3_finalize(q);
	sqlite3_finalize(is);
	return st;
}
