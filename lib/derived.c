/*
 * derived.c - figures of periods that have ended, kept between runs.
 *
 * A report that works out a figure of a past period (a month of the
 * trend, the back-test of a cut-off) keeps it in the table derived under
 * its kind and a key of everything it was computed with, beside the last
 * date it depends on (through).  The next run reads it instead of
 * reading the history again.  The ledger's triggers delete every kept
 * figure whose through is on or after the date of anything posted after
 * it (a document, an application, an activity, a promise's status, a
 * dispute and its resolution, unidentified cash), and every one when a
 * setting changes; the large loads that set the state's triggers aside
 * do the same at their end (state.c).  So a kept figure is always the
 * one the history gives.  ar-ledger check computes each again and says
 * any difference; ar-ledger rebuild deletes them all.
 *
 * A figure is kept only from a read that saw one state of the ledger,
 * and in the same transaction: when another run committed meanwhile, or
 * the file is read-only, it is not kept (SQLite refuses the write) and
 * nothing else changes.  Values are text: words and integers separated
 * by spaces, the same on every machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_int.h"

void ar__words_int(struct ar__words *w, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	ar__words_str(w, buf);
}

void ar__words_str(struct ar__words *w, const char *s)
{
	size_t n = strlen(s);
	if (w->nomem)
		return;
	if (w->len + n + 2 > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		while (cap < w->len + n + 2)
			cap *= 2;
		char *b = realloc(w->buf, cap);
		if (!b) {
			w->nomem = true;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	if (w->len)
		w->buf[w->len++] = ' ';
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

/* The next word of r into buf (n bytes), or "" and r->bad at the end. */
void ar__unword_str(struct ar__unwords *r, char *buf, size_t n)
{
	const char *p = r->p;
	size_t k = 0;
	while (*p == ' ')
		p++;
	while (p[k] && p[k] != ' ')
		k++;
	if (!k || k >= n) {
		r->bad = true;
		buf[0] = '\0';
		r->p = p + k;
		return;
	}
	memcpy(buf, p, k);
	buf[k] = '\0';
	r->p = p + k;
}

int64_t ar__unword_int(struct ar__unwords *r)
{
	char buf[24], *end;
	ar__unword_str(r, buf, sizeof(buf));
	if (r->bad)
		return 0;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (*end || errno)
		r->bad = true;
	return v;
}

bool ar__unwords_done(const struct ar__unwords *r)
{
	const char *p = r->p;
	while (*p == ' ')
		p++;
	return !r->bad && !*p;
}

ar_status ar__words_same(struct ar__words *a, struct ar__words *b, bool *same,
			 char why[AR__WHY_SZ])
{
	ar_status st = AR_OK;
	*same = false;
	if (a->nomem || b->nomem || !a->buf || !b->buf)
		st = AR_ENOMEM;
	else if (!(*same = !strcmp(a->buf, b->buf)))
		snprintf(why, AR__WHY_SZ, "the history gives other figures");
	free(a->buf);
	free(b->buf);
	a->buf = b->buf = NULL;
	return st;
}

ar_status ar__derived_get(struct ar_ledger *l, const char *kind,
			  const char *key, char **value)
{
	*value = NULL;
	if (!ar__derived_wanted(l))
		return AR_OK;
	sqlite3_stmt *s = ar__prepare(l, "SELECT value FROM derived WHERE "
				      "kind = ?1 AND key = ?2");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);
		if (v && !(*value = strdup(v)))
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_NOMEM)
		return AR_ENOMEM;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return AR_OK;
}

void ar__derived_put(struct ar_ledger *l, const char *kind, const char *key,
		     ar_date through, const struct ar__words *value)
{
	char day[AR_DATE_BUFSZ];
	if (!ar__derived_wanted(l) || value->nomem || !value->buf ||
	    sqlite3_db_readonly(ar__db(l), "main") == 1)
		return;
	sqlite3_stmt *s = ar__prepare(l, "INSERT OR REPLACE INTO derived "
				      "(kind, key, through, value) VALUES "
				      "(?1, ?2, ?3, ?4)");
	if (!s)
		return;
	ar_date_format(day, through);
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, value->buf, -1, SQLITE_STATIC);
	/* busy (another run committed since this read began), read-only,
	 * full: the figure is simply not kept */
	(void)sqlite3_step(s);
	sqlite3_finalize(s);
}
