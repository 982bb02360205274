/*
 * apply_cells.c - an application as a row of cells, once, for every
 * destination.
 */
#include "ar/apply.h"
#include "cells_int.h"

const struct ar_column ar_application_columns[AR_APPLICATION_COLUMNS] = {
	{"batch", AR_COL_INT}, {"date", AR_COL_DATE},
	{"customer_id", AR_COL_TEXT}, {"credit_type", AR_COL_TEXT},
	{"credit_no", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"amount", AR_COL_MONEY}, {"rule", AR_COL_TEXT},
	{"doc_open_after", AR_COL_MONEY},
	{"credit_unapplied_after", AR_COL_MONEY}, {"flag", AR_COL_TEXT},
};

ar_status ar_application_row_put(const struct ar_cells *out,
				 const struct ar_application_row *r)
{
	C(out, integer, r->batch);
	C(out, date, r->date);
	C(out, text, r->customer_id);
	C(out, text, r->credit_type);
	C(out, text, r->credit_no);
	C(out, text, r->doc_no);
	C(out, money, r->amount, r->exponent);
	C(out, text, r->rule);
	C(out, money, r->doc_open_after, r->exponent);
	C(out, money, r->credit_unapplied_after, r->exponent);
	C(out, text, r->flag);
	return out->end_row(out->ctx);
}
