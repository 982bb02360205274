/*
 * writeoff_cells.c - the rows of write-offs, requests and journal lines
 * as cells, once, for every destination.
 */
#include "ar/writeoff.h"
#include "cells_int.h"

const struct ar_column ar_writeoff_columns[AR_WRITEOFF_COLUMNS] = {
	{"writeoff_no", AR_COL_TEXT}, {"date", AR_COL_DATE},
	{"customer_id", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"amount", AR_COL_MONEY}, {"reason", AR_COL_TEXT},
	{"status", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"request_id", AR_COL_INT},
};

const struct ar_column ar_writeoff_pending_columns[AR_WRITEOFF_PENDING_COLUMNS] = {
	{"request_id", AR_COL_INT}, {"date", AR_COL_DATE},
	{"customer_id", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"amount", AR_COL_MONEY}, {"open_amount", AR_COL_MONEY},
	{"currency", AR_COL_TEXT}, {"reason", AR_COL_TEXT},
	{"requested_by", AR_COL_TEXT},
};

const struct ar_column ar_journal_columns[AR_JOURNAL_COLUMNS] = {
	{"date", AR_COL_DATE}, {"account", AR_COL_TEXT},
	{"debit", AR_COL_MONEY}, {"credit", AR_COL_MONEY},
	{"memo", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
};

ar_status ar_journal_line_put(const struct ar_cells *out,
			     const struct ar_journal_line *j)
{
	C(out, date, j->date);
	C(out, text, j->account);
	if (j->debit)
		C(out, money, j->debit, j->exponent);
	else
		out->null(out->ctx);
	if (j->credit)
		C(out, money, j->credit, j->exponent);
	else
		out->null(out->ctx);
	C(out, text, j->memo);
	C(out, text, j->currency);
	return out->end_row(out->ctx);
}

ar_status ar_writeoff_journal_put(const struct ar_cells *out,
				  const struct ar_writeoff_accounts *a,
				  const struct ar_writeoff_row *r)
{
	struct ar_journal_line j[2];
	int n = ar_writeoff_journal(r, a, j);
	ar_status st = AR_OK;
	for (int i = 0; i < n && st == AR_OK; i++)
		st = ar_journal_line_put(out, &j[i]);
	return st;
}

ar_status ar_writeoff_row_put(const struct ar_cells *out,
			      const struct ar_writeoff_row *r)
{
	C(out, text, r->writeoff_no);
	C(out, date, r->date);
	C(out, text, r->customer_id);
	C(out, text, r->doc_no);
	C(out, money, r->amount, r->exponent);
	C(out, text, r->reason);
	C(out, text, r->status);
	C(out, text, r->currency);
	if (r->request)
		C(out, integer, r->request);
	else
		out->null(out->ctx);
	return out->end_row(out->ctx);
}

ar_status ar_writeoff_request_put(const struct ar_cells *out,
				  const struct ar_writeoff_request *q)
{
	C(out, integer, q->id);
	C(out, date, q->date);
	C(out, text, q->customer_id);
	C(out, text, q->doc_no);
	C(out, money, q->amount, q->exponent);
	C(out, money, q->open_amount, q->exponent);
	C(out, text, q->currency);
	C(out, text, q->reason);
	C(out, text, q->requested_by);
	return out->end_row(out->ctx);
}
