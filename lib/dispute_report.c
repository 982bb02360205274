/*
 * dispute_report.c - the disputes a manager reviews: per reason code and
 * currency, what was opened in the period, what is still open at its end
 * (aged by days open), and what was resolved, how fast and how.
 *
 * One pass over the disputes in (currency, reason) order; each group is
 * added up and handed on when the next begins.
 */
#include <stdio.h>
#include <string.h>

#include "ar/money.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"

/* The age of an open dispute: 0-30, 31-60, 61-90, over 90 days open. */
static int age_of(int days)
{
	return days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
}

static bool empty(const struct ar_dispute_stats *g)
{
	return !g->opened && !g->open && !g->resolved;
}

/* Add one dispute to its group; false when a sum would overflow. */
static bool add(struct ar_dispute_stats *g, int64_t amount, ar_date opened,
		ar_date resolved, const char *how, ar_date from, ar_date to)
{
	bool ok = true;
	if (from == AR_DATE_NONE || opened >= from) {
		g->opened++;
		ok = ar_money_accum(&g->opened_amount, amount);
	}
	if (resolved == AR_DATE_NONE) {
		g->open++;
		return ok && ar_money_accum(&g->open_amount, amount) &&
			ar_money_accum(&g->open_age[age_of(to - opened)], amount);
	}
	if (from != AR_DATE_NONE && resolved < from)
		return ok;
	g->resolved++;
	g->days_sum += resolved - opened;
	g->credit += strcmp(how, "credit") == 0;
	g->writeoff += strcmp(how, "writeoff") == 0;
	g->reinstated += strcmp(how, "reinstated") == 0;
	g->rebilled += strcmp(how, "rebilled") == 0;
	return ok && ar_money_accum(&g->resolved_amount, amount);
}

static ar_status flush(struct ar_dispute_stats *g, ar_dispute_stats_fn fn,
		       void *ctx)
{
	if (empty(g))
		return AR_OK;
	g->avg_days = g->resolved ? ar__ratio128(g->days_sum, g->resolved, 2)
				  : AR_RATIO_NONE;
	return fn(ctx, g);
}

ar_status ar_report_disputes(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_dispute_stats_fn fn, void *ctx)
{
	char reason[256] = "", a[AR_DATE_BUFSZ];
	struct ar_dispute_stats g;
	ar_date from = o->from, to = o->to == AR_DATE_NONE ? o->as_of : o->to;
	ar_status st;
	int rc;

	if (to > o->as_of)
		return ar__fail_field(l, AR_EUSAGE, "to", "after the as-of date");
	if (from != AR_DATE_NONE && from > to)
		return ar__fail_field(l, AR_EUSAGE, "from", "after the end date");
	if ((st = ar__report_begin(l)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "SELECT d.currency, x.reason, "
		"x.amount, x.opened, r.resolved, r.resolution FROM dispute x "
		"JOIN document d ON d.id = x.document LEFT JOIN "
		"dispute_resolution r ON r.dispute = x.id AND r.resolved <= ?1 "
		"AND r.batch_id <= ?2 WHERE x.opened <= ?1 AND x.batch_id <= ?2 "
		"ORDER BY d.currency, x.reason");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(a, to);
	sqlite3_bind_text(s, 1, a, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ar__report_batch(o));
	memset(&g, 0, sizeof(g));
	g.reason = reason;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(s, 0);
		const char *why = (const char *)sqlite3_column_text(s, 1);
		if (strcmp(cur, g.currency) || strcmp(why, reason)) {
			if ((st = flush(&g, fn, ctx)) != AR_OK)
				break;
			memset(&g, 0, sizeof(g));
			g.reason = reason;
			snprintf(reason, sizeof(reason), "%s", why);
			snprintf(g.currency, sizeof(g.currency), "%s", cur);
			g.exponent = ar__exponent(l, cur);
		}
		const char *how = (const char *)sqlite3_column_text(s, 5);
		if (!add(&g, sqlite3_column_int64(s, 2), ar__column_date(s, 3),
			 ar__column_date(s, 4), how ? how : "", from, to))
			st = ar__fail(l, AR_ELEDGER, "the disputes of %s add up "
				      "past the largest amount", g.currency);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	if (st == AR_OK)
		st = flush(&g, fn, ctx);
	sqlite3_finalize(s);
	return st;
}
