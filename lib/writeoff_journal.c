/*
 * writeoff_journal.c - the GL journal lines of a write-off and of a
 * recovery.
 */
#include <stdio.h>
#include <string.h>

#include "ar/writeoff.h"
#include "internal.h"

ar_status ar_writeoff_accounts_load(struct ar_ledger *l,
				    struct ar_writeoff_accounts *a)
{
	static const char *const keys[] = {"gl.receivables",
		"gl.bad_debt_expense", "gl.bad_debt_recovery"};
	char *const dst[] = {a->receivables, a->bad_debt_expense,
			     a->bad_debt_recovery};
	return ar__setting_accounts(l, keys, dst, 3);
}

int ar_writeoff_journal(const struct ar_writeoff_row *r,
			const struct ar_writeoff_accounts *a,
			struct ar_journal_line lines[2])
{
	bool wo = strcmp(r->status, "posted") == 0 ||
		  strcmp(r->status, "approved") == 0;
	bool rec = strcmp(r->status, "recovered") == 0;
	if (!wo && !rec)
		return 0;
	for (int i = 0; i < 2; i++) {
		struct ar_journal_line *j = &lines[i];
		memset(j, 0, sizeof(*j));
		j->date = r->date;
		memcpy(j->currency, r->currency, 4);
		j->exponent = r->exponent;
		if (wo)
			snprintf(j->memo, sizeof(j->memo), "%s writes off %s of "
				 "%s (%s)", r->writeoff_no, r->doc_no,
				 r->customer_id, r->reason);
		else
			snprintf(j->memo, sizeof(j->memo), "%s recovers %s of %s",
				 r->doc_no, r->writeoff_no, r->customer_id);
	}
	/* write-off: Dr bad-debt expense, Cr receivables;
	 * recovery: Dr receivables, Cr bad-debt recovery */
	lines[0].account = wo ? a->bad_debt_expense : a->receivables;
	lines[0].debit = r->amount;
	lines[1].account = wo ? a->receivables : a->bad_debt_recovery;
	lines[1].credit = r->amount;
	return 2;
}
