/*
 * post.c - documents and applications that commands make up themselves:
 * write-offs, recoveries, reversals, fees and the applications of cash.
 * Every write goes through a statement kept prepared on the ledger, since
 * cash application posts hundreds of thousands of rows in one run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* The ledger's total of document amounts per currency */

static int64_t *total_of(struct ar__doc_totals *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->c[i].code, code) == 0)
			return &t->c[i].total;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		void *c = realloc(t->c, cap * sizeof(*t->c));
		if (!c)
			return NULL;
		t->c = c;
		t->cap = cap;
	}
	snprintf(t->c[t->n].code, sizeof(t->c[t->n].code), "%s", code);
	t->c[t->n].total = 0;
	return &t->c[t->n++].total;
}

/*
 * From the balances of the open-item state (one row per customer and
 * currency, kept by the document trigger), not a pass over every
 * document.  sum() of a ledger already past the limit (written before it
 * was kept) would fail, so the amounts are summed in two halves that
 * cannot overflow, and put together here: such a currency is full.
 */
static ar_status totals_load(struct ar_ledger *l, struct ar__doc_totals **out)
{
	struct ar__doc_totals *t = calloc(1, sizeof(*t));
	sqlite3_stmt *s = NULL;
	ar_status st = AR_OK;
	int rc;

	if (!t)
		return ar__fail(l, AR_ENOMEM, "out of memory");
	if (!(s = ar__prepare(l, "SELECT currency, sum(amounts >> 32), "
			      "sum(amounts & 4294967295) FROM balance_state "
			      "GROUP BY currency"))) {
		free(t);
		return AR_ELEDGER;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t *total = total_of(t, (const char *)
					  sqlite3_column_text(s, 0));
		int64_t hi = sqlite3_column_int64(s, 1);
		int64_t lo = sqlite3_column_int64(s, 2), v;
		if (!total) {
			st = ar__fail(l, AR_ENOMEM, "out of memory");
			break;
		}
		if (__builtin_mul_overflow(hi, INT64_C(4294967296), &v) ||
		    __builtin_add_overflow(v, lo, &v) || v < 0)
			v = INT64_MAX;
		*total = v;
	}
	sqlite3_finalize(s);
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	if (st != AR_OK) {
		free(t->c);
		free(t);
		return st;
	}
	*out = t;
	return AR_OK;
}

ar_status ar__doc_room(struct ar_ledger *l, const char *currency,
		       int64_t amount, bool *fits)
{
	struct ar__doc_totals **t = ar__doc_totals_slot(l);
	ar_status st;
	int64_t *total, sum;

	*fits = false;
	if (!*t && (st = totals_load(l, t)) != AR_OK)
		return st;
	if (!(total = total_of(*t, currency)))
		return ar__fail(l, AR_ENOMEM, "out of memory");
	*fits = ar_money_add(*total, amount, &sum);
	return AR_OK;
}

void ar__doc_counted(struct ar_ledger *l, const char *currency,
		     int64_t amount)
{
	struct ar__doc_totals *t = *ar__doc_totals_slot(l);
	int64_t *total = t ? total_of(t, currency) : NULL;
	/* a total that cannot be kept is read again next time */
	if (!total || !ar_money_accum(total, amount))
		ar__doc_totals_forget(l);
}

void ar__doc_room_text(struct ar_ledger *l, const char *currency, char *buf,
		       size_t size)
{
	char max[AR_MONEY_BUFSZ];
	int e = ar_ledger_currency_exponent(l, currency);
	ar_money_format(max, INT64_MAX, e < 0 ? 2 : e, 0);
	snprintf(buf, size, "would make the ledger's %s total exceed %s",
		 currency, max);
}

/* ------------------------------------------------------------------ */

ar_status ar__insert_document(struct ar_ledger *l, const struct ar__doc *d,
			      int64_t *id)
{
	char day[AR_DATE_BUFSZ], due[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__keep_stmt(l, AR__S_DOC_INSERT,
		"INSERT INTO document (doc_type, doc_no, customer, doc_date, "
		"due_date, amount, currency, po_number, description, method, "
		"reference, check_no, deposit_id, reason, related, batch_id, "
		"discount_rate, discount_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
		"ON CONFLICT (family, doc_no) DO NOTHING");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, d->doc_date);
	sqlite3_bind_text(s, 1, d->doc_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->doc_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, d->customer);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	if (d->due_date != AR_DATE_NONE) {
		ar_date_format(due, d->due_date);
		sqlite3_bind_text(s, 5, due, 10, SQLITE_STATIC);
	}
	sqlite3_bind_int64(s, 6, d->amount);
	sqlite3_bind_text(s, 7, d->currency, -1, SQLITE_STATIC);
	ar__bind_text(s, 8, d->po_number);
	ar__bind_text(s, 9, d->description);
	ar__bind_text(s, 10, d->method);
	ar__bind_text(s, 11, d->reference);
	ar__bind_text(s, 12, d->check_no);
	ar__bind_text(s, 13, d->deposit_id);
	ar__bind_text(s, 14, d->reason);
	if (d->related)
		sqlite3_bind_int64(s, 15, d->related);
	sqlite3_bind_int64(s, 16, ar_ledger_batch(l));
	if (d->discount_rate) {
		sqlite3_bind_int(s, 17, d->discount_rate);
		sqlite3_bind_int(s, 18, d->discount_days);
	}
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	if (sqlite3_changes(ar__db(l)) == 0)
		return AR_EEXISTS;
	ar__doc_counted(l, d->currency, d->amount);
	if (id)
		*id = sqlite3_last_insert_rowid(ar__db(l));
	return AR_OK;
}

ar_status ar__post_document(struct ar_ledger *l, const struct ar__doc *d,
			    int64_t *id)
{
	ar_status st;
	bool fits;

	if ((st = ar__doc_room(l, d->currency, d->amount, &fits)) != AR_OK)
		return st;
	if (!fits) {
		char why[160];
		ar__doc_room_text(l, d->currency, why, sizeof(why));
		return ar__fail(l, AR_EINPUT, "%s '%s': %s", d->doc_type,
				d->doc_no, why);
	}
	st = ar__insert_document(l, d, id);
	if (st == AR_EEXISTS)
		return ar__fail(l, AR_EEXISTS, "%s '%s' already exists",
				d->doc_type, d->doc_no);
	return st;
}

ar_status ar__next_document_id(struct ar_ledger *l, int64_t *id)
{
	sqlite3_stmt *s = ar__keep_stmt(l, AR__S_DOC_NEXT,
				   "SELECT coalesce(max(id), 0) + 1 FROM document");
	if (!s)
		return AR_ELEDGER;
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	*id = sqlite3_column_int64(s, 0);
	return AR_OK;
}

ar_status ar__document_get(struct ar_ledger *l, int64_t id,
			   struct ar__doc_info *d)
{
	sqlite3_stmt *s = ar__keep_stmt(l, AR__S_DOC_GET,
		"SELECT doc_type, doc_no, customer, currency, amount, doc_date, "
		"due_date, sign FROM document WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no document %lld",
				(long long)id);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	memset(d, 0, sizeof(*d));
	d->id = id;
	snprintf(d->doc_type, sizeof(d->doc_type), "%s",
		 (const char *)sqlite3_column_text(s, 0));
	snprintf(d->doc_no, sizeof(d->doc_no), "%s",
		 (const char *)sqlite3_column_text(s, 1));
	d->customer = sqlite3_column_int64(s, 2);
	snprintf(d->currency, sizeof(d->currency), "%s",
		 (const char *)sqlite3_column_text(s, 3));
	d->amount = sqlite3_column_int64(s, 4);
	d->doc_date = ar__column_date(s, 5);
	d->due_date = ar__column_date(s, 6);
	d->sign = sqlite3_column_int(s, 7);
	sqlite3_reset(s);
	return AR_OK;
}

ar_status ar__post_application(struct ar_ledger *l, int64_t credit,
			       int64_t debit, int64_t amount, ar_date effective,
			       const char *rule, int64_t cancels, int64_t *id)
{
	char day[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__keep_stmt(l, AR__S_APP_INSERT,
		"INSERT INTO application (credit_doc, debit_doc, amount, "
		"effective_date, rule, cancels, batch_id) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, effective);
	sqlite3_bind_int64(s, 1, credit);
	sqlite3_bind_int64(s, 2, debit);
	sqlite3_bind_int64(s, 3, amount);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, rule, -1, SQLITE_STATIC);
	if (cancels)
		sqlite3_bind_int64(s, 6, cancels);
	sqlite3_bind_int64(s, 7, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	if (id)
		*id = sqlite3_last_insert_rowid(ar__db(l));
	return AR_OK;
}

ar_status ar__pending_begin(struct ar_ledger *l, struct ar__app_queue *q)
{
	q->n = 0;
	q->total = 0;
	/* a small cache: the table is only appended to and read once */
	return ar__exec(l, "PRAGMA temp.cache_size = -512; "
			"CREATE TEMP TABLE IF NOT EXISTS ar_pending (credit_doc "
			"INTEGER, debit_doc INTEGER, amount INTEGER, "
			"effective_date TEXT, rule TEXT); "
			"DELETE FROM temp.ar_pending");
}

static ar_status pending_write(struct ar_ledger *l, struct ar__app_queue *q)
{
	char sql[96 + AR__APP_GROUP * 12], day[AR__APP_GROUP][AR_DATE_BUFSZ];
	bool group = q->n == AR__APP_GROUP;
	sqlite3_stmt *s;
	size_t n;

	if (q->n == 0)
		return AR_OK;
	n = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO temp.ar_pending "
			     "VALUES ");
	for (int i = 0; i < (group ? AR__APP_GROUP : 1); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s(?,?,?,?,?)",
				      i ? "," : "");
	for (int i = 0; i < q->n; i += group ? AR__APP_GROUP : 1) {
		s = ar__keep_stmt(l, group ? AR__S_PEND_GROUP : AR__S_PEND_ONE,
				  sql);
		if (!s)
			return AR_ELEDGER;
		for (int j = i; j < (group ? q->n : i + 1); j++) {
			int p = (j - i) * 5;
			ar_date_format(day[j], q->row[j].effective);
			sqlite3_bind_int64(s, p + 1, q->row[j].credit);
			sqlite3_bind_int64(s, p + 2, q->row[j].debit);
			sqlite3_bind_int64(s, p + 3, q->row[j].amount);
			sqlite3_bind_text(s, p + 4, day[j], 10, SQLITE_STATIC);
			sqlite3_bind_text(s, p + 5, q->row[j].rule, -1,
					  SQLITE_STATIC);
		}
		int rc = sqlite3_step(s);
		if (rc != SQLITE_DONE)
			return ar__sqlfail(l, rc, "write");
	}
	q->n = 0;
	return AR_OK;
}

ar_status ar__pending_add(struct ar_ledger *l, struct ar__app_queue *q,
			  int64_t credit, int64_t debit, int64_t amount,
			  ar_date effective, const char *rule)
{
	q->row[q->n].credit = credit;
	q->row[q->n].debit = debit;
	q->row[q->n].amount = amount;
	q->row[q->n].effective = effective;
	q->row[q->n].rule = rule;
	q->total++;
	return ++q->n < AR__APP_GROUP ? AR_OK : pending_write(l, q);
}

/* The CREATE INDEX statements of the application table, or NULL. */
static char *application_indexes(struct ar_ledger *l)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT group_concat(sql, ';') FROM "
		"sqlite_master WHERE type = 'index' AND tbl_name = "
		"'application' AND (name = 'application_debit' OR name = "
		"'application_credit')");
	char *sql = NULL;
	if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		sql = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return sql;
}

ar_status ar__pending_post(struct ar_ledger *l, struct ar__app_queue *q)
{
	ar_status st = pending_write(l, q);
	char *indexes = NULL, *state_trigger = NULL;
	char *state_indexes[2] = {NULL, NULL};
	int64_t have = 0;
	sqlite3_stmt *s;

	if (st != AR_OK || q->total == 0)
		return st;
	ar__reset_kept(l);
	if (q->total >= ar__bulk_applications(l)) {
		if ((st = ar__state_apps_begin(l, &state_trigger)) != AR_OK)
			goto out;
		if (!(s = ar__prepare(l, "SELECT coalesce(max(id), 0) FROM "
				      "application")))
			return AR_ELEDGER;
		if (sqlite3_step(s) == SQLITE_ROW)
			have = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		/* a run as large as the ledger: its indexes, and the
		 * state's it moves in random order, sorted again at the end */
		if (q->total >= have && (indexes = application_indexes(l)) &&
		    ((st = ar__exec(l, "DROP INDEX application_debit; "
				    "DROP INDEX application_credit")) != AR_OK ||
		     (st = ar__state_indexes_drop(l, state_indexes)) != AR_OK))
			goto out;
	}
	ar__progress(l, "posting %ld applications", q->total);
	/* in the order found, in bulk too: the order of the ids is the order
	 * the run reported them, which ar_apply_batch() gives again */
	if (!(s = ar__prepare(l, "INSERT INTO application (credit_doc, "
			      "debit_doc, amount, effective_date, rule, "
			      "batch_id) SELECT credit_doc, debit_doc, amount, "
			      "effective_date, rule, ? FROM temp.ar_pending "
			      "ORDER BY rowid"))) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_int64(s, 1, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		st = ar__sqlfail(l, rc, "write");
		goto out;
	}
	if (state_trigger && (st = ar__state_apps_end(l, state_trigger)) != AR_OK)
		goto out;
	if (indexes) {
		ar__progress(l, "indexing the applications");
		/* the sorter takes as much memory as the page cache: share
		 * it */
		if ((st = ar__cache_kib(l, AR__CACHE_KIB / 3)) != AR_OK ||
		    (st = ar__exec(l, indexes)) != AR_OK ||
		    (st = ar__state_indexes_make(l, state_indexes)) != AR_OK ||
		    (st = ar__cache_kib(l, AR__CACHE_KIB)) != AR_OK)
			goto out;
	}
	st = ar__exec(l, "DELETE FROM temp.ar_pending");
	q->total = 0;
out:
	free(state_trigger);
	free(indexes);
	free(state_indexes[0]);
	free(state_indexes[1]);
	return st;
}

ar_status ar__applied(struct ar_ledger *l, int64_t id, bool debit,
		      int64_t *sum, ar_date *reopened)
{
	sqlite3_stmt *s = debit ?
		ar__keep_stmt(l, AR__S_APPLIED_DEBIT, "SELECT coalesce("
			      "sum(amount), 0), max(CASE WHEN amount < 0 AND "
			      "rule <> 'undo' THEN effective_date END) FROM "
			      "application WHERE debit_doc = ?") :
		ar__keep_stmt(l, AR__S_APPLIED_CREDIT, "SELECT coalesce("
			      "sum(amount), 0), max(CASE WHEN amount < 0 AND "
			      "rule <> 'undo' THEN effective_date END) FROM "
			      "application WHERE credit_doc = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	*sum = sqlite3_column_int64(s, 0);
	if (reopened)
		*reopened = ar__column_date(s, 1);
	sqlite3_reset(s);
	return AR_OK;
}

ar_status ar__post_writeoff(struct ar_ledger *l, struct ar__app_queue *q,
			    int64_t debit, int64_t amount,
			    ar_date date, const char *reason, int64_t *id,
			    char *doc_no)
{
	struct ar__doc_info item;
	int64_t applied, next, wo;
	char no[AR__DOC_NO_MAX + 1];
	ar_status st;

	if ((st = ar__document_get(l, debit, &item)) != AR_OK ||
	    (st = ar__applied(l, debit, true, &applied, NULL)) != AR_OK)
		return st;
	if (item.sign != 1)
		return ar__fail(l, AR_EINPUT, "%s '%s' is not a debit item",
				item.doc_type, item.doc_no);
	if (amount <= 0 || amount > item.amount - applied)
		return ar__fail(l, AR_EINPUT, "%s '%s': a write-off must be "
				"more than 0 and at most its open amount",
				item.doc_type, item.doc_no);
	if ((st = ar__next_document_id(l, &next)) != AR_OK)
		return st;
	snprintf(no, sizeof(no), "WO-%lld", (long long)next);
	struct ar__doc d = {
		.doc_type = "writeoff", .doc_no = no,
		.customer = item.customer, .doc_date = date,
		.due_date = AR_DATE_NONE, .amount = amount,
		.currency = item.currency, .reason = reason, .related = debit,
	};
	ar_date effective = date > item.doc_date ? date : item.doc_date;
	if ((st = ar__post_document(l, &d, &wo)) != AR_OK ||
	    (st = q ? ar__pending_add(l, q, wo, debit, amount, effective,
				      "writeoff")
		    : ar__post_application(l, wo, debit, amount, effective,
					   "writeoff", 0, NULL)) != AR_OK)
		return st;
	if (id)
		*id = wo;
	if (doc_no)
		memcpy(doc_no, no, strlen(no) + 1);
	return AR_OK;
}
