/*
 * writeoff_recover.c - a recovery: money received on an item written
 * off, posted as a debit against the write-off.
 */
#include <stdio.h>
#include <string.h>

#include "writeoff_int.h"

/* The write-off doc_no names, or the latest write-off of the item it
 * names; 0 when neither. */
static ar_status find_writeoff(struct ar_ledger *l, const char *doc_no,
			       int64_t *wo)
{
	sqlite3_stmt *f = ar__prepare(l, "SELECT id FROM document WHERE "
				      "family = ?1 AND doc_no = ?2");
	int64_t item = 0;
	ar_status st;
	*wo = 0;
	if (!f)
		return AR_ELEDGER;
	if ((st = ar__wo_find(l, f, "writeoff", doc_no, wo)) == AR_OK && !*wo)
		st = ar__wo_find_debit(l, f, doc_no, &item);
	sqlite3_finalize(f);
	if (st != AR_OK || !item)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "SELECT coalesce(max(a.credit_doc), 0) "
		"FROM application a JOIN document d ON d.id = a.credit_doc "
		"WHERE a.debit_doc = ? AND d.doc_type = 'writeoff'");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, item);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*wo = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

static ar_status recovered(struct ar_ledger *l, int64_t wo, int64_t *sum)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT coalesce(sum(amount), 0) FROM "
				      "document WHERE doc_type = 'recovery' "
				      "AND related = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, wo);
	int rc = sqlite3_step(s);
	*sum = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

/* The customer number and the reason of a write-off document. */
static ar_status writeoff_facts(struct ar_ledger *l, int64_t wo,
				char *customer_id, size_t size, char reason[32])
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT c.customer_id, d.reason FROM "
				      "document d JOIN customer c ON c.id = "
				      "d.customer WHERE d.id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, wo);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ar__wo_col_copy(s, 0, customer_id, size);
		ar__wo_col_copy(s, 1, reason, 32);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

ar_status ar_writeoff_recover(struct ar_ledger *l, const char *doc_no,
			      const char *amount, ar_date date,
			      const struct ar_writeoff_options *o,
			      ar_writeoff_row_fn fn, void *ctx)
{
	struct ar__doc_info wo;
	char no[AR__DOC_NO_MAX + 1], desc[AR__DOC_NO_MAX + 32];
	char customer_id[128] = "", reason[32] = "";
	int64_t id, done, v, rec;
	const char *why = "";
	ar_status st;

	if ((st = find_writeoff(l, doc_no, &id)) != AR_OK)
		return st;
	if (!id)
		return ar__fail_field(l, AR_EUSAGE, "recover", "'%s' is not a "
				      "write-off nor an item written off",
				      doc_no);
	if ((st = ar__document_get(l, id, &wo)) != AR_OK ||
	    (st = recovered(l, id, &done)) != AR_OK ||
	    (st = writeoff_facts(l, id, customer_id, sizeof(customer_id),
				 reason)) != AR_OK)
		return st;
	int e = ar__exponent(l, wo.currency);
	if (ar_money_parse(amount, strlen(amount), e, wo.currency, 0, &v,
			   &why) != AR_OK)
		return ar__fail_field(l, AR_EUSAGE, "amount", "'%s' is not an "
				      "amount in %s (%s)", amount, wo.currency,
				      why);
	if (wo.amount == done)
		return ar__fail_field(l, AR_EUSAGE, "recover", "'%s' is "
				      "recovered in full", wo.doc_no);
	if (v <= 0 || v > wo.amount - done) {
		char a[AR_MONEY_BUFSZ];
		money_text(a, wo.amount - done, e);
		return ar__fail_field(l, AR_EUSAGE, "amount", "'%s' is not "
				      "over 0 and at most the %s %s of %s not "
				      "yet recovered", amount, a, wo.currency,
				      wo.doc_no);
	}
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	ar_date_format(a, date);
	if (date < wo.doc_date) {
		ar_date_format(b, wo.doc_date);
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is before %s "
				      "(%s)", a, wo.doc_no, b);
	}
	if (date > o->as_of) {
		ar_date_format(b, o->as_of);
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is after "
				      "the as-of date (%s)", a, b);
	}
	if ((st = ar__period_check(l, date, o->allow_closed, "date")) != AR_OK ||
	    (st = ar__next_document_id(l, &rec)) != AR_OK)
		return st;
	snprintf(no, sizeof(no), "REC-%lld", (long long)rec);
	snprintf(desc, sizeof(desc), "recovery of %s", wo.doc_no);
	struct ar__doc d = {
		.doc_type = "recovery", .doc_no = no, .customer = wo.customer,
		.doc_date = date, .due_date = date, .amount = v,
		.currency = wo.currency, .description = desc, .related = id,
	};
	if ((st = ar__post_document(l, &d, NULL)) != AR_OK)
		return st;
	struct ar_writeoff_row row = {
		.writeoff_no = wo.doc_no, .date = date,
		.customer_id = customer_id, .doc_no = no, .amount = v,
		.exponent = e, .reason = reason, .status = "recovered",
	};
	memcpy(row.currency, wo.currency, 4);
	return fn ? fn(ctx, &row) : AR_OK;
}
