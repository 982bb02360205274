/*
 * state.c - the open-item state (open_state, balance_state in
 * lib/schema.sql) made anew from the history, by ar-ledger rebuild and by
 * the upgrade that creates it.  The triggers keep it current; what it
 * must equal is said once, in internal.h, for this and ar-ledger check.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

ar_status ar_ledger_rebuild(struct ar_ledger *l)
{
	ar__progress(l, "rebuilding the open-item state");
	return ar__exec(l, "DELETE FROM derived; "
		"DELETE FROM open_state; DELETE FROM balance_state; "
		"INSERT INTO open_state (document, customer, currency, sign, "
		"doc_date, due_date, amount, open, changed) SELECT * FROM ("
		AR__STATE_OPEN_SQL ") ORDER BY document; "
		"INSERT INTO balance_state (customer, currency, docs, balance, "
		"amounts, last_payment) SELECT * FROM (" AR__STATE_BALANCE_SQL ")");
}

/*
 * A bulk load (ar-import of a file as large as the ledger) posts its
 * documents with the state's document trigger and its date and customer
 * indexes set aside, and makes their state at the end in one ordered
 * pass and two sorts: a trigger row by row, and a million random inserts
 * into each index, cost more than the documents themselves.  Applications posted meanwhile
 * still go through their trigger (documents older than the load), and
 * are counted for the new documents here.
 */
/* The indexes of the state a large run sets aside and sorts again at its
 * end: the date of the last change and the customers with something open
 * (both keyed in no order a run posts in). */
static const char *const bulk_indexes[2] = {
	"open_state_changed", "open_state_customer"
};

ar_status ar__state_indexes_drop(struct ar_ledger *l, char *sql[2])
{
	sqlite3_stmt *s;
	int rc = SQLITE_OK;
	bool missing = false;

	sql[0] = sql[1] = NULL;
	if (!(s = ar__prepare(l, "SELECT sql FROM sqlite_master WHERE type = "
			      "'index' AND name = ?")))
		return AR_ELEDGER;
	for (int i = 0; i < 2; i++) {
		sqlite3_bind_text(s, 1, bulk_indexes[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_text(s, 0) &&
		    !(sql[i] = strdup((const char *)sqlite3_column_text(s, 0))))
			rc = SQLITE_NOMEM;
		else if (rc == SQLITE_DONE)
			missing = true;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(s);
	ar_status st = AR_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	else if (missing)
		st = ar__fail(l, AR_ELEDGER, "the open-item state's indexes "
			      "are missing (ar-ledger check)");
	else {
		ar__reset_kept(l);
		st = ar__exec(l, "DROP INDEX open_state_changed; "
			      "DROP INDEX open_state_customer");
	}
	if (st != AR_OK) {
		free(sql[0]);
		free(sql[1]);
		sql[0] = sql[1] = NULL;
	}
	return st;
}

ar_status ar__state_indexes_make(struct ar_ledger *l, char *sql[2])
{
	ar_status st = AR_OK;
	for (int i = 0; i < 2; i++) {
		if (st == AR_OK && sql[i])
			st = ar__exec(l, sql[i]);
		free(sql[i]);
		sql[i] = NULL;
	}
	return st;
}

ar_status ar__state_bulk_begin(struct ar_ledger *l, struct ar__state_bulk *b)
{
	sqlite3_stmt *s;
	int rc;

	memset(b, 0, sizeof(*b));
	if (!(s = ar__prepare(l, "SELECT (SELECT coalesce(max(id), 0) + 1 FROM "
			      "document), (SELECT sql FROM sqlite_master WHERE "
			      "type = 'trigger' AND name = 'document_state')")))
		return AR_ELEDGER;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 1);
		b->first = sqlite3_column_int64(s, 0);
		b->trigger_sql = t ? strdup(t) : NULL;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	if (!b->trigger_sql)
		return ar__fail(l, AR_ELEDGER, "the open-item state's trigger "
				"is missing (ar-ledger check)");
	ar_status st = ar__state_indexes_drop(l, b->index_sql);
	return st == AR_OK ? ar__exec(l, "DROP TRIGGER document_state") : st;
}

/* Run sql, which writes, with ?1 bound to first. */
static ar_status exec_from(struct ar_ledger *l, const char *sql, int64_t first)
{
	sqlite3_stmt *s = ar__prepare(l, sql);
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, first);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}

ar_status ar__state_bulk_end(struct ar_ledger *l, struct ar__state_bulk *b)
{
	ar_status st;

	ar__progress(l, "the open-item state of the documents loaded");
	/* what the trigger deletes of the figures kept (derived.c) */
	if ((st = exec_from(l, "DELETE FROM derived WHERE through >= "
			    "(SELECT min(doc_date) FROM document WHERE id >= "
			    "?1)", b->first)) != AR_OK)
		return st;
	/* the same figures as AR__STATE_OPEN_SQL and AR__STATE_BALANCE_SQL,
	 * for the new documents only */
	if ((st = exec_from(l, "INSERT INTO open_state (document, customer, "
		"currency, sign, doc_date, due_date, amount, open, changed) "
		"SELECT d.id, d.customer, d.currency, d.sign, d.doc_date, "
		"coalesce(d.due_date, d.doc_date), d.amount, d.amount - "
		"coalesce(a.amt, 0), max(d.doc_date, coalesce(a.eff, "
		"d.doc_date)) FROM document d LEFT JOIN (SELECT doc, "
		"sum(amount) AS amt, max(eff) AS eff FROM (SELECT debit_doc AS "
		"doc, amount, effective_date AS eff FROM application WHERE "
		"debit_doc >= ?1 UNION ALL SELECT credit_doc, amount, "
		"effective_date FROM application WHERE credit_doc >= ?1) "
		"GROUP BY doc) a ON a.doc = d.id WHERE d.id >= ?1 ORDER BY d.id",
		b->first)) != AR_OK ||
	    (st = exec_from(l, "INSERT INTO balance_state (customer, currency, "
		"docs, balance, amounts, last_payment) SELECT customer, "
		"currency, count(*), sum(sign * amount), sum(amount), max(CASE "
		"WHEN doc_type = 'payment' THEN doc_date END) FROM document "
		"WHERE id >= ?1 GROUP BY customer, currency ON CONFLICT "
		"(customer, currency) DO UPDATE SET docs = docs + excluded.docs, "
		"balance = balance + excluded.balance, amounts = amounts + "
		"excluded.amounts, last_payment = CASE WHEN "
		"excluded.last_payment > coalesce(last_payment, '') THEN "
		"excluded.last_payment ELSE last_payment END", b->first)) != AR_OK)
		return st;
	if ((st = ar__state_indexes_make(l, b->index_sql)) == AR_OK)
		st = ar__exec(l, b->trigger_sql);
	return st;
}

void ar__state_bulk_free(struct ar__state_bulk *b)
{
	free(b->trigger_sql);
	free(b->index_sql[0]);
	free(b->index_sql[1]);
	b->trigger_sql = b->index_sql[0] = b->index_sql[1] = NULL;
}

/*
 * A bulk run of cash application posts its applications from the
 * temporary table ar_pending (post.c) with the state's application
 * trigger set aside, and moves the open amounts of every document they
 * touch in one update at the end: two updates a row, each moving index
 * entries, cost several times the applications themselves.
 */
ar_status ar__state_apps_begin(struct ar_ledger *l, char **trigger_sql)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT sql FROM sqlite_master WHERE "
				      "type = 'trigger' AND name = "
				      "'application_state'");
	int rc;
	*trigger_sql = NULL;
	if (!s)
		return AR_ELEDGER;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		*trigger_sql = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	if (!*trigger_sql)
		return ar__fail(l, AR_ELEDGER, "the open-item state's trigger "
				"is missing (ar-ledger check)");
	ar__reset_kept(l);
	return ar__exec(l, "DROP TRIGGER application_state");
}

ar_status ar__state_apps_end(struct ar_ledger *l, const char *trigger_sql)
{
	ar_status st;
	ar__progress(l, "the open-item state of the documents applied");
	/* what the trigger does, for every row of ar_pending at once; the
	 * sorter of the sums takes as much memory as the page cache: share
	 * it */
	if ((st = ar__cache_kib(l, AR__CACHE_KIB / 3)) != AR_OK ||
	    (st = ar__exec(l, "DELETE FROM derived WHERE through >= (SELECT "
			   "min(effective_date) FROM temp.ar_pending)")) != AR_OK)
		return st;
	st = ar__exec(l, "UPDATE open_state SET open = open - p.amt, "
		"changed = max(changed, p.eff) FROM (SELECT doc, sum(amount) "
		"AS amt, max(eff) AS eff FROM (SELECT debit_doc AS doc, amount, "
		"effective_date AS eff FROM temp.ar_pending UNION ALL SELECT "
		"credit_doc, amount, effective_date FROM temp.ar_pending) "
		"GROUP BY doc) AS p WHERE open_state.document = p.doc");
	if (st == AR_OK)
		st = ar__cache_kib(l, AR__CACHE_KIB);
	return st == AR_OK ? ar__exec(l, trigger_sql) : st;
}
