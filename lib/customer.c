/*
 * customer.c - find a customer by number, for the commands that take one
 * (--customer), so that every one of them refuses an unknown one alike.
 */
#include "internal.h"

ar_status ar_ledger_customer_find(struct ar_ledger *l, const char *customer_id,
				  int64_t *id)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT id FROM customer "
				      "WHERE customer_id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, customer_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && id)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no customer '%s'",
				customer_id);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}
