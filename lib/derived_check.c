/*
 * derived_check.c - ar-ledger check of the figures kept between runs
 * (derived.c): each is computed again from the history and compared; a
 * figure of an unknown kind, or one the history does not give, is a
 * problem (ar-ledger rebuild deletes them all, and the next run keeps
 * them anew).  The rows are read first (a few hundred at most: months
 * and cut-offs), then their figures computed in one read of the ledger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_int.h"

struct kept {
	struct ar__kept *row;
	size_t n, cap;
};

static void kept_free(struct kept *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->row[i].kind);
		free(k->row[i].key);
		free(k->row[i].value);
	}
	free(k->row);
}

static ar_status kept_read(struct ar_ledger *l, struct kept *k)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT kind, key, value FROM derived "
				      "ORDER BY kind, key");
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (k->n == k->cap) {
			size_t cap = k->cap ? k->cap * 2 : 32;
			struct ar__kept *r = realloc(k->row, cap * sizeof(*r));
			if (!r)
				break;
			k->row = r;
			k->cap = cap;
		}
		struct ar__kept *r = &k->row[k->n++];
		memset(r, 0, sizeof(*r));
		r->kind = strdup(ar__col_text(s, 0));
		r->key = strdup(ar__col_text(s, 1));
		r->value = strdup(ar__col_text(s, 2));
		if (!r->kind || !r->key || !r->value)
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return AR_ENOMEM;
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "check");
}

/* A back-test's cut-offs, each alone. */
static ar_status backtests_verify(struct ar_ledger *l, struct ar__kept *rows,
				  size_t n)
{
	ar_status st = AR_OK;
	for (size_t i = 0; i < n && st == AR_OK; i++)
		st = ar__backtest_verify(l, &rows[i]);
	return st;
}

/* The kinds of figure kept, each with what computes a run of its rows
 * again (the months of the trend together, as are the months' sales). */
static const struct {
	const char *kind;
	ar_status (*verify)(struct ar_ledger *, struct ar__kept *, size_t);
} kinds[] = {
	{AR__KIND_TREND_MONTH, ar__trend_months_verify},
	{AR__KIND_SALES_MONTH, ar__sales_months_verify},
	{AR__KIND_BACKTEST, backtests_verify},
};

/* Each figure's same and why: the rows come ordered by kind, so each
 * kind is one run of them. */
static ar_status kept_verify(struct ar_ledger *l, struct kept *k)
{
	ar_status st = AR_OK;
	for (size_t i = 0, j; i < k->n && st == AR_OK; i = j) {
		for (j = i + 1; j < k->n && !strcmp(k->row[j].kind,
						    k->row[i].kind); j++)
			;
		size_t w = 0;
		while (w < sizeof(kinds) / sizeof(kinds[0]) &&
		       strcmp(kinds[w].kind, k->row[i].kind))
			w++;
		if (w < sizeof(kinds) / sizeof(kinds[0]))
			st = kinds[w].verify(l, k->row + i, j - i);
		else
			for (size_t r = i; r < j; r++)
				snprintf(k->row[r].why, AR__WHY_SZ, "no figure "
					 "is of that kind");
	}
	return st;
}

ar_status ar__derived_check(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			    long *problems)
{
	struct kept k = {0};
	bool reading;
	ar_status st;

	/* the rows and their figures in one read of the ledger */
	if ((st = ar__read_begin(l, &reading)) != AR_OK)
		return st;
	if ((st = kept_read(l, &k)) == AR_OK)
		st = kept_verify(l, &k);
	ar__read_end(l, reading);
	for (size_t i = 0; st == AR_OK && i < k.n; i++) {
		const struct ar__kept *r = &k.row[i];
		char msg[512];
		if (r->same)
			continue;
		snprintf(msg, sizeof(msg), "kept figure %s '%s': %s (ar-ledger "
			 "rebuild deletes it)", r->kind, r->key, r->why);
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, msg);
		++*problems;
	}
	kept_free(&k);
	return st;
}
