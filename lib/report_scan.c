/*
 * report_scan.c - what every report shares, below all of them: the
 * options and the period, ratios, the columns of a statement read as
 * dates and text, and the one pass over the paid items that the KPIs,
 * the payment habits and the forecast read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"

void ar_report_options_init(struct ar_report_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = ar_date_today();
	o->from = o->to = AR_DATE_NONE;
	o->months = 12;
	o->weeks = 13;
	o->every = 3;
}

ar_status ar__report_begin(struct ar_ledger *l)
{
	return ar__cache_kib(l, AR__REPORT_CACHE_KIB);
}

int64_t ar__report_batch(const struct ar_report_options *o)
{
	return o->known_batch ? o->known_batch : INT64_MAX;
}

ar_status ar_report_period(const struct ar_report_options *o, ar_date *from,
			   ar_date *to)
{
	*to = o->to == AR_DATE_NONE ? o->as_of : o->to;
	*from = o->from == AR_DATE_NONE ? ar_date_month_start(*to) : o->from;
	if (*from > *to || *to > o->as_of)
		return AR_EUSAGE;
	return AR_OK;
}

/* num / den rounded half away from zero, or AR_RATIO_NONE. */
int64_t ar__ratio128(__int128 num, __int128 den, int decimals)
{
	if (den == 0)
		return AR_RATIO_NONE;
	for (int i = 0; i < decimals; i++)
		num *= 10;
	bool neg = (num < 0) != (den < 0);
	if (num < 0)
		num = -num;
	if (den < 0)
		den = -den;
	__int128 q = num / den, r = num % den;
	if (2 * r >= den)
		q++;
	if (q >= INT64_MAX)
		return AR_RATIO_NONE;
	return neg ? -(int64_t)q : (int64_t)q;
}

int64_t ar_ratio(int64_t num, int64_t mul, int64_t den, int decimals)
{
	return ar__ratio128((__int128)num * mul, den, decimals);
}

ar_date ar__col_date(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	ar_date d;
	if (!t || ar_date_parse_iso(t, (size_t)sqlite3_column_bytes(s, i), &d) != AR_OK)
		return AR_DATE_NONE;
	return d;
}

void ar__bind_date(sqlite3_stmt *s, int i, ar_date d)
{
	char buf[AR_DATE_BUFSZ];
	ar_date_format(buf, d);
	sqlite3_bind_text(s, i, buf, 10, SQLITE_TRANSIENT);
}

const char *ar__col_text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t ? t : "";
}

/* ------------------------------------------------------------------ */
/* Items paid: one pass over the applications of sales documents. */

/* Hand fn every sales item paid in [from, to] (and open 0 at to). */
ar_status ar__paid_scan(struct ar_ledger *l, int64_t kb, ar_date from,
			   ar_date to, bool by_month, ar__paid_fn fn, void *ctx)
{
	/* a write-off's application has the rule 'writeoff' (post.c): no
	 * need to look up every credit document.  Only an item with an
	 * application effective from `from` on can have been paid since:
	 * the open-item state's date of the last change finds those (it
	 * counts every batch, so with known-at it finds a few more) */
	sqlite3_stmt *s = ar__prepare(l, "SELECT a.debit_doc, "
		"a.effective_date, a.amount, a.rule, d.customer, "
		"d.currency, d.doc_date, coalesce(d.due_date, d.doc_date), "
		"d.amount FROM application a JOIN document d ON d.id = "
		"a.debit_doc "
		"WHERE a.effective_date <= ?1 AND a.batch_id <= ?2 AND "
		"d.batch_id <= ?2 AND (d.doc_type = 'invoice' OR d.doc_type = "
		"'debit_memo' OR d.doc_type = 'finance_charge') AND "
		"a.debit_doc IN (SELECT document FROM open_state WHERE "
		"changed >= ?3) ORDER BY a.debit_doc, a.effective_date");
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, to);
	sqlite3_bind_int64(s, 2, kb);
	ar__bind_date(s, 3, from);
	/*
	 * An item becomes a candidate when an application brings its open
	 * amount to 0, and stops being one when another changes it; a
	 * candidate still standing at the end of its period (the month of
	 * its closing date with by_month, else to) was paid then.
	 */
	struct ar__paid p = {0};
	struct ar__part *part = NULL;
	size_t cap = 0;
	int64_t doc = -1, sum = 0;
	ar_date end = AR_DATE_NONE;	/* the candidate's period end */
	bool by_writeoff = false;
	int rc;
	for (;;) {
		rc = sqlite3_step(s);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -2;
		ar_date day = rc == SQLITE_ROW ? ar__col_date(s, 1) : AR_DATE_NONE;
		if (p.closed != AR_DATE_NONE && (id != doc || day > end)) {
			if (p.closed >= from && !by_writeoff) {
				p.part = part;
				fn(ctx, &p);
			}
			p.closed = AR_DATE_NONE;
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != doc) {
			doc = id;
			sum = 0;
			p.nparts = 0;
			p.customer = sqlite3_column_int64(s, 4);
			snprintf(p.currency, 4, "%s", ar__col_text(s, 5));
			p.doc_date = ar__col_date(s, 6);
			p.due_date = ar__col_date(s, 7);
			p.amount = sqlite3_column_int64(s, 8);
		}
		int64_t amount = sqlite3_column_int64(s, 2);
		bool was_open = sum != p.amount;
		if (!ar_money_accum(&sum, amount)) {
			sqlite3_finalize(s);
			free(part);
			return ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits");
		}
		if (strcmp(ar__col_text(s, 3), "writeoff") != 0) {
			if (p.nparts == cap) {
				size_t n = cap ? cap * 2 : 16;
				struct ar__part *m = realloc(part, n * sizeof(*m));
				if (!m) {
					sqlite3_finalize(s);
					free(part);
					return AR_ENOMEM;
				}
				part = m, cap = n;
			}
			part[p.nparts++] = (struct ar__part){day, amount};
		}
		if (sum == p.amount && was_open) {
			p.closed = day;
			end = by_month && ar_date_month_end(day) < to
			      ? ar_date_month_end(day) : to;
			by_writeoff = strcmp(ar__col_text(s, 3), "writeoff") == 0;
		} else if (sum != p.amount) {
			p.closed = AR_DATE_NONE;
		}
	}
	sqlite3_finalize(s);
	free(part);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "read");
}
