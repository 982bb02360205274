/*
 * promise.c - what became of each promise to pay: the rule of
 * ar-note(1), stated once here, read by ar-note --evaluate (which
 * records it) and by every report (which reads what was recorded, and
 * for a promise not yet evaluated works it out the same way).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "ar/note.h"
#include "cells_int.h"
#include "internal.h"
#include "promise_int.h"
#include "report_int.h"

ar_status ar__promise_grace(struct ar_ledger *l, int *days)
{
	char *v;
	ar_status st = ar_setting_get(l, "promise.grace_days", &v, NULL);
	if (st != AR_OK)
		return st;
	*days = atoi(v);	/* checked when set: 0..365 */
	free(v);
	return AR_OK;
}

/* The payments that count for a promise, as (day, amount) sums. */
static const char sql_docs[] =
	"SELECT x.effective_date, sum(x.amount) FROM application x "
	"JOIN document p ON p.id = x.credit_doc AND p.doc_type = 'payment' "
	"WHERE x.debit_doc IN (SELECT document FROM activity_document "
	"WHERE activity = ?1 UNION SELECT document FROM activity WHERE "
	"id = ?1 AND document IS NOT NULL) AND x.effective_date >= ?2 AND "
	"x.effective_date <= ?3 AND x.batch_id <= ?4 "
	"GROUP BY x.effective_date ORDER BY x.effective_date";
static const char sql_customer[] =
	"SELECT doc_date, sum(amount) FROM document WHERE customer = ?5 AND "
	"doc_type = 'payment' AND doc_date >= ?2 AND doc_date <= ?3 AND "
	"batch_id <= ?4 AND (?6 = '' OR currency = ?6) "
	"GROUP BY doc_date ORDER BY doc_date";

struct judge {
	struct ar_ledger *l;
	sqlite3_stmt *docs, *cust;
	int64_t kb;
	ar_date at;
	int grace;
	/* the plan in progress */
	int64_t plan, plan_customer, before;	/* before: instalments so far */
	ar_date plan_broke;
};

/*
 * Decide p (not recorded) at j->at; before is what the instalments of
 * its plan before it add up to (0 for a promise of its own).
 */
static ar_status judge(struct judge *j, struct ar__promise *p, bool named,
		       int64_t before)
{
	ar_date last = p->promise_date + j->grace;
	ar_date to = last < j->at ? last : j->at;
	int64_t want = p->amount > 0 ? p->amount : 1, need;
	if (!ar_money_add(before, want, &need))
		return ar__fail(j->l, AR_ELEDGER, "a sum overflows 64 bits");
	sqlite3_stmt *s = named ? j->docs : j->cust;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, p->id);
	ar__bind_date(s, 2, p->date);
	ar__bind_date(s, 3, to);
	sqlite3_bind_int64(s, 4, j->kb);
	if (!named) {
		sqlite3_bind_int64(s, 5, p->customer);
		sqlite3_bind_text(s, 6, p->currency, -1, SQLITE_TRANSIENT);
	}
	int64_t sum = 0;
	int rc;
	p->decided = AR_DATE_NONE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!ar_money_accum(&sum, sqlite3_column_int64(s, 1)))
			return ar__fail(j->l, AR_ELEDGER, "a sum overflows "
					"64 bits");
		if (sum >= need && p->decided == AR_DATE_NONE)
			p->decided = ar__col_date(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(j->l, rc, "read");
	int64_t got = sum - before;
	p->received = got < 0 ? 0 : got > p->amount ? p->amount : got;
	if (p->decided != AR_DATE_NONE)
		p->state = AR__PROMISE_KEPT;
	else if (j->at > last) {
		p->state = p->received > 0 ? AR__PROMISE_PARTIAL
					   : AR__PROMISE_BROKEN;
		p->decided = last + 1;
	} else {
		p->state = j->at > p->promise_date ? AR__PROMISE_PENDING
						   : AR__PROMISE_OPEN;
	}
	return AR_OK;
}

static enum ar__promise_state state_of(const char *status)
{
	if (!strcmp(status, "partial"))
		return AR__PROMISE_PARTIAL;
	if (!strcmp(status, "broken"))
		return AR__PROMISE_BROKEN;
	return AR__PROMISE_KEPT;	/* kept, cancelled */
}

/* The promises of one customer (customer > 0) or of all. */
static ar_status scan(struct ar_ledger *l, int64_t kb, ar_date at, int grace,
		      int64_t customer, ar__promise_fn fn, void *ctx)
{
	/* a plan's instalments together, in order of their dates */
	sqlite3_stmt *s = ar__prepare(l, "SELECT a.id, a.customer, a.date, "
		"a.promise_date, a.amount, coalesce(a.currency, c.currency, ''), "
		"coalesce(a.plan, 0), a.document IS NOT NULL OR EXISTS (SELECT 1 "
		"FROM activity_document d WHERE d.activity = a.id), "
		"p.status, p.date, p.amount_received "
		"FROM activity a JOIN customer c ON c.id = a.customer "
		"LEFT JOIN promise_status p ON p.id = (SELECT q.id FROM "
		"promise_status q WHERE q.promise = a.id AND q.date <= ?1 AND "
		"q.batch_id <= ?2 ORDER BY q.date DESC, q.id DESC LIMIT 1) "
		"WHERE a.kind = 'promise' AND a.promise_date IS NOT NULL AND "
		"a.date <= ?1 AND a.batch_id <= ?2 AND (?3 = 0 OR a.customer "
		"= ?3) ORDER BY a.plan IS NULL, a.plan, a.promise_date, a.id");
	struct judge j = {.l = l, .kb = kb, .at = at, .grace = grace,
			  .plan_broke = AR_DATE_NONE};
	j.docs = ar__prepare(l, sql_docs);
	j.cust = ar__prepare(l, sql_customer);
	int rc = SQLITE_DONE;
	ar_status st = AR_OK;
	if (!s || !j.docs || !j.cust) {
		st = AR_ELEDGER;
		goto out;
	}
	ar__bind_date(s, 1, at);
	sqlite3_bind_int64(s, 2, kb);
	sqlite3_bind_int64(s, 3, customer);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar__promise p = {
			.id = sqlite3_column_int64(s, 0),
			.customer = sqlite3_column_int64(s, 1),
			.date = ar__col_date(s, 2),
			.promise_date = ar__col_date(s, 3),
			.amount = sqlite3_column_type(s, 4) == SQLITE_NULL ? 0
				  : sqlite3_column_int64(s, 4),
			.plan = sqlite3_column_int64(s, 6),
		};
		if (p.promise_date == AR_DATE_NONE || p.date == AR_DATE_NONE)
			continue;
		snprintf(p.currency, sizeof(p.currency), "%s",
			 ar__col_text(s, 5));
		if (p.plan != j.plan) {
			j.plan = p.plan;
			j.before = 0;
			j.plan_broke = AR_DATE_NONE;
		}
		const char *status = (const char *)sqlite3_column_text(s, 8);
		if (status) {
			p.recorded = true;
			p.state = state_of(status);
			p.decided = ar__col_date(s, 9);
			p.received = sqlite3_column_int64(s, 10);
		} else if (j.plan_broke != AR_DATE_NONE) {
			p.state = AR__PROMISE_BROKEN;
			p.decided = j.plan_broke;
		} else if ((st = judge(&j, &p, sqlite3_column_int(s, 7),
				       p.plan ? j.before : 0)) != AR_OK) {
			break;
		}
		if (p.plan && j.plan_broke == AR_DATE_NONE &&
		    (p.state == AR__PROMISE_BROKEN ||
		     p.state == AR__PROMISE_PARTIAL))
			j.plan_broke = p.decided;
		if (p.plan && !ar_money_accum(&j.before, p.amount)) {
			st = ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits");
			break;
		}
		fn(ctx, &p);
	}
	if (st == AR_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = ar__sqlfail(l, rc, "read");
out:
	sqlite3_finalize(s);
	sqlite3_finalize(j.docs);
	sqlite3_finalize(j.cust);
	return st;
}

ar_status ar__promise_scan(struct ar_ledger *l, int64_t kb, ar_date at,
			   int grace, ar__promise_fn fn, void *ctx)
{
	return scan(l, kb, at, grace, 0, fn, ctx);
}

ar_status ar__promise_scan_customer(struct ar_ledger *l, int64_t kb,
				    ar_date at, int64_t customer,
				    ar__promise_fn fn, void *ctx)
{
	int grace;
	ar_status st = ar__promise_grace(l, &grace);
	return st != AR_OK ? st : scan(l, kb, at, grace, customer, fn, ctx);
}

/* ------------------------------------------------------------------ */
/* Recording the statuses */

const struct ar_column ar_promise_columns[AR_PROMISE_COLUMNS] = {
	{"promise", AR_COL_INT}, {"customer_id", AR_COL_TEXT},
	{"made", AR_COL_DATE}, {"promise_date", AR_COL_DATE},
	{"amount", AR_COL_MONEY}, {"currency", AR_COL_TEXT},
	{"received", AR_COL_MONEY}, {"status", AR_COL_TEXT},
	{"decided", AR_COL_DATE}, {"plan", AR_COL_INT},
};

ar_status ar_promise_row_put(const struct ar_cells *out,
			     const struct ar_promise_row *r)
{
	C(out, integer, r->promise);
	C(out, text, r->customer_id);
	C(out, date, r->made);
	C(out, date, r->promise_date);
	C(out, money, r->amount, r->exponent);
	C(out, text, r->currency);
	C(out, money, r->received, r->exponent);
	C(out, text, r->status);
	C(out, date, r->decided);
	if (r->plan)
		C(out, integer, r->plan);
	else
		out->null(out->ctx);
	return out->end_row(out->ctx);
}

/* The promises decided and not yet recorded, gathered by the scan. */
struct decided {
	struct ar__promise *p;
	size_t n, cap;
	bool nomem;
};

static void on_decided(void *ctx, const struct ar__promise *p)
{
	struct decided *d = ctx;
	if (p->recorded || p->state == AR__PROMISE_OPEN ||
	    p->state == AR__PROMISE_PENDING || d->nomem)
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct ar__promise *q = realloc(d->p, cap * sizeof(*q));
		if (!q) {
			d->nomem = true;
			return;
		}
		d->p = q;
		d->cap = cap;
	}
	d->p[d->n++] = *p;
}

static const char *status_name(enum ar__promise_state s)
{
	return s == AR__PROMISE_KEPT ? "kept" : s == AR__PROMISE_PARTIAL
	       ? "partial" : "broken";
}

ar_status ar_note_evaluate(struct ar_ledger *l, ar_date as_of,
			   ar_promise_row_fn fn, void *ctx)
{
	struct decided d = {0};
	int grace;
	ar_status st = ar__promise_grace(l, &grace);
	if (st == AR_OK)
		st = ar__promise_scan(l, INT64_MAX, as_of, grace, on_decided,
				      &d);
	if (st == AR_OK && d.nomem)
		st = AR_ENOMEM;
	sqlite3_stmt *ins = NULL, *who = NULL;
	if (st == AR_OK && d.n) {
		ins = ar__prepare(l, "INSERT INTO promise_status (promise, "
				  "date, status, amount_received, batch_id) "
				  "VALUES (?, ?, ?, ?, ?)");
		who = ar__prepare(l, "SELECT customer_id FROM customer "
				  "WHERE id = ?");
		if (!ins || !who)
			st = AR_ELEDGER;
	}
	for (size_t i = 0; st == AR_OK && i < d.n; i++) {
		const struct ar__promise *p = &d.p[i];
		const char *status = status_name(p->state);
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, p->id);
		ar__bind_date(ins, 2, p->decided);
		sqlite3_bind_text(ins, 3, status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, p->received);
		sqlite3_bind_int64(ins, 5, ar_ledger_batch(l));
		int rc = sqlite3_step(ins);
		if (rc != SQLITE_DONE) {
			st = ar__sqlfail(l, rc, "write");
			break;
		}
		sqlite3_reset(who);
		sqlite3_bind_int64(who, 1, p->customer);
		if ((rc = sqlite3_step(who)) != SQLITE_ROW) {
			st = ar__sqlfail(l, rc, "read");
			break;
		}
		struct ar_promise_row r = {
			.promise = p->id, .customer_id = ar__col_text(who, 0),
			.made = p->date, .promise_date = p->promise_date,
			.decided = p->decided, .amount = p->amount,
			.received = p->received, .status = status,
			.plan = p->plan,
			.exponent = ar_ledger_currency_exponent(l, p->currency),
		};
		memcpy(r.currency, p->currency, 4);
		if (r.exponent < 0)
			r.exponent = 2;
		if (fn)
			st = fn(ctx, &r);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(who);
	free(d.p);
	return st;
}
