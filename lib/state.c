/*
 * state.c - the open-item state (open_state, balance_state in
 * lib/schema.sql) made anew from the history, by ar-ledger rebuild and by
 * the upgrade that creates it.  The triggers keep it current; what it
 * must equal is said once, in internal.h, for this and ar-ledger check.
 */
#include "internal.h"

ar_status ar_ledger_rebuild(struct ar_ledger *l)
{
	ar__progress(l, "rebuilding the open-item state");
	return ar__exec(l, "DELETE FROM open_state; DELETE FROM balance_state; "
		"INSERT INTO open_state (document, customer, currency, sign, "
		"doc_date, due_date, amount, open, changed) SELECT * FROM ("
		AR__STATE_OPEN_SQL ") ORDER BY document; "
		"INSERT INTO balance_state (customer, currency, docs, balance, "
		"last_payment) SELECT * FROM (" AR__STATE_BALANCE_SQL ")");
}
