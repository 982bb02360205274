/*
 * writeoff_post.c - posting a run: each item is written off, or a
 * request is made when it is over the approval limit or in another
 * currency than the base.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writeoff_int.h"

/* An item left alone: why, and the field that would take it (or NULL)
 * and what that does. */
static void skipped(struct ar_writeoff *w, const struct item *it,
		    const char *hint, const char *does, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void skipped(struct ar_writeoff *w, const struct item *it,
		    const char *hint, const char *does, const char *fmt, ...)
{
	char why[200], buf[600];
	va_list ap;
	w->skipped++;
	if (!ar__notice_wanted(w->l))
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(buf, sizeof(buf), "skipped '%s' of %s: %s", it->doc_no,
		 it->customer_id, why);
	ar__notice(w->l, &(struct ar_notice){
		.kind = AR_NOTICE_SKIP, .text = buf, .hint = hint,
		.hint_does = does,
	});
}

/* The approval limit in the base currency. */
static ar_status limit_load(struct ar_ledger *l, char base[4], int64_t *limit)
{
	char *b = NULL, *v = NULL;
	ar_status st;
	if ((st = ar_setting_get(l, "currency.base", &b, NULL)) != AR_OK ||
	    (st = ar_setting_get(l, "writeoff.approval_limit", &v, NULL))
	    != AR_OK)
		goto out;
	snprintf(base, 4, "%s", b);
	int e = ar_ledger_currency_exponent(l, base);
	if (e < 0 || ar_money_parse(v, strlen(v), e, NULL, 0, limit, NULL)
	    != AR_OK)
		st = ar__fail(l, AR_ELEDGER, "writeoff.approval_limit: '%s' is "
			      "not an amount in %s", v, base);
out:
	free(b);
	free(v);
	return st;
}

static ar_status request_insert(struct ar_ledger *l, int64_t doc,
				int64_t amount, const char *reason,
				ar_date date, const char *user, int64_t *id)
{
	char day[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO writeoff_request "
				      "(debit_doc, amount, reason, date, "
				      "requested_by, batch_id) VALUES "
				      "(?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, date);
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, amount);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	*id = sqlite3_last_insert_rowid(ar__db(l));
	return AR_OK;
}

/*
 * Writing off a customer's items while its payments sit unapplied is
 * the classic mistake of the trade: say so, once per customer.
 */
static ar_status warn_unapplied(struct ar_writeoff *w, const struct item *it)
{
	char day[AR_DATE_BUFSZ], a[AR_MONEY_BUFSZ];
	/* items come customer by customer: the last looked at first */
	for (size_t i = w->nlooked; i-- > 0;)
		if (w->looked[i].customer == it->customer &&
		    strcmp(w->looked[i].currency, it->currency) == 0)
			return AR_OK;
	void *p = realloc(w->looked, (w->nlooked + 1) * sizeof(*w->looked));
	if (!p)
		return AR_ENOMEM;
	w->looked = p;
	w->looked[w->nlooked].customer = it->customer;
	memcpy(w->looked[w->nlooked++].currency, it->currency, 4);
	ar_date_format(day, w->o->as_of);
	sqlite3_reset(w->unapplied);
	sqlite3_bind_int64(w->unapplied, 1, it->customer);
	sqlite3_bind_text(w->unapplied, 2, it->currency, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(w->unapplied, 3, day, 10, SQLITE_TRANSIENT);
	int rc = sqlite3_step(w->unapplied);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(w->l, rc, "read");
	int64_t left = sqlite3_column_int64(w->unapplied, 0);
	sqlite3_reset(w->unapplied);
	if (left > 0) {
		ar_money_format(a, left, it->exponent, AR_MONEY_GROUP);
		ar__say(w->l, AR_NOTICE_WARNING, "%s has %s %s of payments and "
			"credits unapplied: apply them before writing off",
			it->customer_id, a, it->currency);
	}
	return AR_OK;
}

static int cmp_waiting(const void *a, const void *b)
{
	const struct waiting *x = a, *y = b;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static ar_status load_waiting(struct ar_writeoff *w)
{
	sqlite3_stmt *s = ar__prepare(w->l, "SELECT q.debit_doc, q.id FROM "
		"writeoff_request q WHERE NOT EXISTS (SELECT 1 FROM "
		"writeoff_decision k WHERE k.request = q.id)");
	size_t cap = 0;
	ar_status st = AR_OK;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (w->nwaiting == cap) {
			cap = cap ? cap * 2 : 16;
			void *p = realloc(w->waiting, cap * sizeof(*w->waiting));
			if (!p) {
				st = AR_ENOMEM;
				break;
			}
			w->waiting = p;
		}
		w->waiting[w->nwaiting].doc = sqlite3_column_int64(s, 0);
		w->waiting[w->nwaiting++].request = sqlite3_column_int64(s, 1);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(w->l, rc, "read");
	sqlite3_finalize(s);
	if (w->nwaiting > 1)
		qsort(w->waiting, w->nwaiting, sizeof(*w->waiting), cmp_waiting);
	return st;
}

/* The request waiting on item doc, or 0. */
static int64_t waiting_on(const struct ar_writeoff *w, int64_t doc)
{
	struct waiting key = {doc, 0}, *hit;
	if (!w->nwaiting)
		return 0;
	hit = bsearch(&key, w->waiting, w->nwaiting, sizeof(key), cmp_waiting);
	return hit ? hit->request : 0;
}

ar_status ar_writeoff_post(struct ar_writeoff *w, ar_writeoff_row_fn fn,
			   void *ctx)
{
	const struct ar_writeoff_options *o = w->o;
	char base[4], user[256], no[AR__DOC_NO_MAX + 1];
	int64_t limit;
	struct item it;
	ar_status st;

	if ((st = ar__period_check(w->l, o->as_of, o->allow_closed, "as_of"))
	    != AR_OK ||
	    (st = limit_load(w->l, base, &limit)) != AR_OK ||
	    (st = ar__wo_user(w->l, user, sizeof(user))) != AR_OK ||
	    (st = load_waiting(w)) != AR_OK)
		return st;
	for (size_t i = 0; i < w->n; i++) {
		const struct cand *c = &w->c[i];
		if ((st = ar__wo_item_get(w->l, w->item, c->doc, o->as_of, &it))
		    != AR_OK)
			return st;
		int64_t open = open_of(&it), amount = c->amount ? c->amount : open;
		if (it.disputed > 0 && !o->include_disputed) {
			skipped(w, &it, "include_disputed", "writes it off",
				"disputed");
			continue;
		}
		int64_t waiting = waiting_on(w, it.id);
		if (waiting) {
			skipped(w, &it, NULL, NULL, "write-off request %lld is "
				"pending (approve or reject it)",
				(long long)waiting);
			continue;
		}
		if (open <= 0) {
			skipped(w, &it, NULL, NULL, "nothing open now");
			continue;
		}
		if (amount > open)
			return ar__fail(w->l, AR_EINPUT, "'%s': the write-off is "
					"more than its open amount", it.doc_no);
		if ((st = warn_unapplied(w, &it)) != AR_OK)
			return st;
		struct ar_writeoff_row row = {
			.writeoff_no = "", .date = o->as_of,
			.customer_id = it.customer_id, .doc_no = it.doc_no,
			.amount = amount, .exponent = it.exponent,
			.reason = o->reason,
		};
		memcpy(row.currency, it.currency, 4);
		/* no exchange rates: another currency always asks */
		if (strcmp(it.currency, base) != 0 || amount > limit) {
			if ((st = request_insert(w->l, it.id, amount, o->reason,
						 o->as_of, user, &row.request))
			    != AR_OK)
				return st;
			row.status = "pending";
		} else {
			if ((st = ar__post_writeoff(w->l, NULL, it.id, amount, o->as_of,
						    o->reason, NULL, no)) != AR_OK)
				return st;
			row.writeoff_no = no;
			row.status = "posted";
		}
		if (fn && (st = fn(ctx, &row)) != AR_OK)
			return st;
	}
	return AR_OK;
}
