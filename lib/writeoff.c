/*
 * writeoff.c - what the write-off files share: the reason codes and
 * what the ledger says of one item (writeoff_int.h); the rows are put
 * in writeoff_cells.c.  A run is gathered in writeoff_select.c (criteria)
 * and writeoff_list.c (a list), posted in writeoff_post.c; requests over
 * the approval limit are decided in writeoff_request.c; recoveries are
 * writeoff_recover.c and the GL lines writeoff_journal.c.
 */
#include <stdio.h>
#include <string.h>

#include "writeoff_int.h"

static const char *const reasons[] = {
	"bad_debt", "small_balance", "bankruptcy", "settlement", "dispute",
	"short_pay", NULL
};

void ar_writeoff_options_init(struct ar_writeoff_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = ar_date_today();
	o->older_than = -1;
}

bool ar_writeoff_reason_valid(const char *code)
{
	for (int i = 0; code && reasons[i]; i++)
		if (strcmp(code, reasons[i]) == 0)
			return true;
	return false;
}

const char *const *ar_writeoff_reasons(void)
{
	return reasons;
}

bool ar_writeoff_has_criteria(const struct ar_writeoff_options *o)
{
	return o->older_than >= 0 || o->under || o->customer_id || o->bankrupt;
}

/* ------------------------------------------------------------------ */
/* What the ledger says of one item */

void ar__wo_col_copy(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	snprintf(buf, size, "%s", t ? t : "");
}

ar_status ar__wo_item_get(struct ar_ledger *l, sqlite3_stmt *s, int64_t id,
			  ar_date as_of, struct item *it)
{
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, as_of);
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, day, 10, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no document %lld",
				(long long)id);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	memset(it, 0, sizeof(*it));
	it->id = id;
	ar__wo_col_copy(s, 0, it->doc_type, sizeof(it->doc_type));
	ar__wo_col_copy(s, 1, it->doc_no, sizeof(it->doc_no));
	ar__wo_col_copy(s, 2, it->customer_id, sizeof(it->customer_id));
	ar__wo_col_copy(s, 3, it->status, sizeof(it->status));
	ar__wo_col_copy(s, 4, it->currency, sizeof(it->currency));
	it->amount = sqlite3_column_int64(s, 5);
	it->sign = sqlite3_column_int(s, 6);
	it->doc_date = ar__column_date(s, 7);
	it->due_date = ar__column_date(s, 8);
	it->open_now = it->amount - sqlite3_column_int64(s, 9);
	it->open_as_of = it->amount - sqlite3_column_int64(s, 10);
	it->disputed = sqlite3_column_int64(s, 11);
	it->customer = sqlite3_column_int64(s, 12);
	it->exponent = ar__exponent(l, it->currency);
	sqlite3_reset(s);
	return AR_OK;
}

const char ar__wo_item_sql[] =
	"SELECT d.doc_type, d.doc_no, c.customer_id, c.status, d.currency, "
	"d.amount, d.sign, d.doc_date, d.due_date, "
	"(SELECT coalesce(sum(a.amount), 0) FROM application a "
	"WHERE a.debit_doc = d.id), "
	"(SELECT coalesce(sum(a.amount), 0) FROM application a "
	"WHERE a.debit_doc = d.id AND a.effective_date <= ?2), "
	"(SELECT coalesce(sum(x.amount), 0) FROM dispute x WHERE "
	"x.document = d.id AND x.opened <= ?2 AND NOT EXISTS (SELECT 1 FROM "
	"dispute_resolution r WHERE r.dispute = x.id AND r.resolved <= ?2)), "
	"c.id "
	"FROM document d JOIN customer c ON c.id = d.customer WHERE d.id = ?1";

const char *ar__wo_family(const char *doc_type)
{
	static const char *const debit[][2] = {
		{"invoice", "invoice"}, {"debit_memo", "invoice"},
		{"finance_charge", "invoice"}, {"recovery", "recovery"},
		{"reversal", "reversal"},
	};
	for (size_t i = 0; i < sizeof(debit) / sizeof(debit[0]); i++)
		if (strcmp(doc_type, debit[i][0]) == 0)
			return debit[i][1];
	return NULL;
}

ar_status ar__wo_find(struct ar_ledger *l, sqlite3_stmt *s,
		      const char *family, const char *no, int64_t *id)
{
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, family, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, no, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK
		: ar__sqlfail(l, rc, "read");
}

ar_status ar__wo_find_debit(struct ar_ledger *l, sqlite3_stmt *s,
			    const char *no, int64_t *id)
{
	static const char *const families[] = {"invoice", "recovery",
					       "reversal"};
	ar_status st = AR_OK;
	*id = 0;
	for (size_t i = 0; i < 3 && st == AR_OK && !*id; i++)
		st = ar__wo_find(l, s, families[i], no, id);
	return st;
}

ar_status ar__wo_user(struct ar_ledger *l, char *buf, size_t size)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT user FROM batch WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		ar__wo_col_copy(s, 0, buf, size);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__fail(l, AR_ELEDGER, "no batch in progress");
	return AR_OK;
}
