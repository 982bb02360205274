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
	size_t n, cap;
	char **kind, **key, **value;
	bool *same;
	char (*why)[AR__WHY_SZ];
};

static void kept_free(struct kept *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->kind[i]);
		free(k->key[i]);
		free(k->value[i]);
	}
	free(k->kind);
	free(k->key);
	free(k->value);
	free(k->same);
	free(k->why);
}

static bool kept_add(struct kept *k, const char *kind, const char *key,
		     const char *value)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 32;
		char **a = realloc(k->kind, cap * sizeof(*a));
		if (a)
			k->kind = a;
		char **b = realloc(k->key, cap * sizeof(*b));
		if (b)
			k->key = b;
		char **c = realloc(k->value, cap * sizeof(*c));
		if (c)
			k->value = c;
		bool *d = realloc(k->same, cap * sizeof(*d));
		if (d)
			k->same = d;
		char (*e)[AR__WHY_SZ] = realloc(k->why, cap * sizeof(*e));
		if (e)
			k->why = e;
		if (!a || !b || !c || !d || !e)
			return false;
		k->cap = cap;
	}
	size_t i = k->n;
	k->kind[i] = strdup(kind);
	k->key[i] = strdup(key);
	k->value[i] = strdup(value);
	k->n++;
	return k->kind[i] && k->key[i] && k->value[i];
}

static ar_status kept_read(struct ar_ledger *l, struct kept *k)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT kind, key, value FROM derived "
				      "ORDER BY kind, key");
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!kept_add(k, ar__col_text(s, 0), ar__col_text(s, 1),
			      ar__col_text(s, 2))) {
			sqlite3_finalize(s);
			return AR_ENOMEM;
		}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "check");
}

/* Each figure's same and why. */
static ar_status kept_verify(struct ar_ledger *l, struct kept *k)
{
	size_t t0 = k->n, t1 = k->n;	/* the months: one run of rows */
	ar_status st = AR_OK;
	for (size_t i = 0; i < k->n; i++) {
		k->same[i] = false;
		k->why[i][0] = '\0';
		if (!strcmp(k->kind[i], "trend-month")) {
			if (t0 == k->n)
				t0 = i;
			t1 = i + 1;
		} else if (!strcmp(k->kind[i], "backtest")) {
			if ((st = ar__backtest_verify(l, k->key[i], k->value[i],
						      &k->same[i], k->why[i],
						      AR__WHY_SZ)) != AR_OK)
				return st;
		} else {
			snprintf(k->why[i], AR__WHY_SZ, "no figure is of that "
				 "kind");
		}
	}
	if (t0 < t1)
		st = ar__trend_months_verify(l, t1 - t0, k->key + t0,
					     k->value + t0, k->same + t0,
					     k->why + t0);
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
		char msg[512];
		if (k.same[i])
			continue;
		snprintf(msg, sizeof(msg), "kept figure %s '%s': %s (ar-ledger "
			 "rebuild deletes it)", k.kind[i], k.key[i], k.why[i]);
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, msg);
		++*problems;
	}
	kept_free(&k);
	return st;
}
