/*
 * derived_check.c - ar-ledger check of the figures kept between runs
 * (derived.c): each is computed again from the history and compared; a
 * figure of an unknown kind, or one the history does not give, is a
 * problem (ar-ledger rebuild deletes them all, and the next run keeps
 * them anew).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "report_int.h"

ar_status ar__derived_check(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			    long *problems)
{
	ar_status st = AR_OK;
	bool reading;
	int rc;

	/* one read for the rows and their figures: a read of its own inside
	 * would end by resetting the rows' cursor */
	if ((st = ar__read_begin(l, &reading)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "SELECT kind, key, value FROM derived "
				      "ORDER BY kind, key");
	if (!s) {
		ar__read_end(l, reading);
		return AR_ELEDGER;
	}
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *kind = ar__col_text(s, 0);
		const char *key = ar__col_text(s, 1);
		const char *value = ar__col_text(s, 2);
		char why[128] = "", msg[512];
		bool same = false;
		if (!strcmp(kind, "trend-month"))
			st = ar__trend_month_verify(l, key, value, &same, why,
						    sizeof(why));
		else if (!strcmp(kind, "backtest"))
			st = ar__backtest_verify(l, key, value, &same, why,
						 sizeof(why));
		else
			snprintf(why, sizeof(why), "no figure is of that kind");
		if (st != AR_OK || same)
			continue;
		snprintf(msg, sizeof(msg), "kept figure %s '%s': %s (ar-ledger "
			 "rebuild deletes it)", kind, key, why);
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, msg);
		++*problems;
	}
	sqlite3_finalize(s);
	ar__read_end(l, reading);
	if (st != AR_OK)
		return st;
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "check");
}
