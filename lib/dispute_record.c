/*
 * dispute_record.c - the rows that record what happens to a dispute (its
 * events and its resolution), below both dispute.c, which decides, and
 * the write-off approval, which resolves a dispute whose write-off it
 * approves.
 */
#include <stdio.h>

#include "internal.h"

static void day_text(char buf[AR_DATE_BUFSZ], ar_date d)
{
	ar_date_format(buf, d);
}

static ar_status step_done(struct ar_ledger *l, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}

ar_status ar__dispute_event_insert(struct ar_ledger *l, int64_t dispute,
			      ar_date date, const char *kind,
			      const char *owner, const char *text,
			      int64_t request)
{
	char a[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO dispute_event (dispute, "
		"date, kind, owner, text, request, batch_id) VALUES "
		"(?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	day_text(a, date);
	sqlite3_bind_int64(s, 1, dispute);
	sqlite3_bind_text(s, 2, a, 10, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	ar__bind_text(s, 4, owner);
	ar__bind_text(s, 5, text);
	if (request)
		sqlite3_bind_int64(s, 6, request);
	sqlite3_bind_int64(s, 7, ar_ledger_batch(l));
	return step_done(l, s);
}

/* The resolution, and its text as a note of that day. */
ar_status ar__dispute_resolution_insert(struct ar_ledger *l, int64_t dispute,
				   ar_date date, const char *how,
				   int64_t credit_doc, int64_t new_doc,
				   const char *text)
{
	char a[AR_DATE_BUFSZ];
	ar_status st;
	if (text && (st = ar__dispute_event_insert(l, dispute, date, "note", NULL, text,
				       0)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO dispute_resolution "
		"(dispute, resolved, resolution, credit_doc, batch_id, "
		"new_doc) VALUES (?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	day_text(a, date);
	sqlite3_bind_int64(s, 1, dispute);
	sqlite3_bind_text(s, 2, a, 10, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, how, -1, SQLITE_STATIC);
	if (credit_doc)
		sqlite3_bind_int64(s, 4, credit_doc);
	sqlite3_bind_int64(s, 5, ar_ledger_batch(l));
	if (new_doc)
		sqlite3_bind_int64(s, 6, new_doc);
	return step_done(l, s);
}

ar_status ar__dispute_request_approved(struct ar_ledger *l, int64_t request,
				       int64_t doc, ar_date date)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT e.dispute FROM dispute_event e "
		"WHERE e.kind = 'request' AND e.request = ? AND NOT EXISTS "
		"(SELECT 1 FROM dispute_resolution r WHERE r.dispute = "
		"e.dispute)");
	int64_t id = 0;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, request);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return id ? ar__dispute_resolution_insert(l, id, date, "writeoff", doc, 0, NULL)
		  : AR_OK;
}
