/*
 * report_collect.c - the collectors' report (contacts, promises, cash
 * against target) and the promises report, from the work ar-note
 * records.  Collectors are few: their rows are kept in a small array.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "ar/note.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"

struct crow {
	char collector[256];
	struct ar_collector_row r;
};

/* A promise made in the period and its state at its end. */
struct pstate {
	int64_t id;		/* first: the key of id_cmp() */
	enum ar__promise_state s;
};

struct collect {
	struct ar_ledger *l;
	struct crow *v;
	size_t n, cap;
	ar_date from, to;
	/* the promises made in the period and their state at its end */
	struct pstate *p;
	size_t np, pcap;
	bool nomem, overflow;
};

static struct crow *row_of(struct collect *c, const char *collector,
			   const char *currency)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].collector, collector) &&
		    (!currency || !strcmp(c->v[i].r.currency, currency)))
			return &c->v[i];
	if (!currency)
		return NULL;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct crow *v = realloc(c->v, cap * sizeof(*v));
		if (!v) {
			c->nomem = true;
			return NULL;
		}
		c->v = v;
		c->cap = cap;
	}
	struct crow *x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	snprintf(x->collector, sizeof(x->collector), "%s", collector);
	snprintf(x->r.currency, sizeof(x->r.currency), "%s", currency);
	x->r.exponent = ar__exponent(c->l, currency);
	x->r.target = -1;
	return x;
}

static void on_state(void *ctx, const struct ar__promise *p)
{
	struct collect *c = ctx;
	if (p->date < c->from || p->date > c->to || c->nomem)
		return;
	if (c->np == c->pcap) {
		size_t cap = c->pcap ? c->pcap * 2 : 64;
		void *q = realloc(c->p, cap * sizeof(*c->p));
		if (!q) {
			c->nomem = true;
			return;
		}
		c->p = q;
		c->pcap = cap;
	}
	c->p[c->np].id = p->id;
	c->p[c->np++].s = p->state;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static bool kept(const struct collect *c, int64_t id)
{
	const struct pstate *hit = bsearch(&id, c->p, c->np, sizeof(*c->p),
					   id_cmp);
	return hit && hit->s == AR__PROMISE_KEPT;
}

static void add(struct collect *c, int64_t *to, int64_t v)
{
	if (!ar_money_accum(to, v))
		c->overflow = true;
}

/* Each row of sql (collector, currency, then values) into its row. */
static ar_status gather(struct collect *c, const char *sql, int64_t kb,
			int what)
{
	sqlite3_stmt *s = ar__prepare(c->l, sql);
	int rc;
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, c->from);
	ar__bind_date(s, 2, c->to);
	sqlite3_bind_int64(s, 3, kb);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *who = ar__col_text(s, 0);
		const char *cur = ar__col_text(s, 1);
		if (what == 0) {	/* contacts: every row of the collector */
			struct crow *x = row_of(c, who, NULL);
			if (!x)
				x = row_of(c, who, cur);
			for (size_t i = 0; x && i < c->n; i++)
				if (!strcmp(c->v[i].collector, who)) {
					c->v[i].r.contacts = sqlite3_column_int64(s, 2);
					c->v[i].r.reached = sqlite3_column_int64(s, 3);
				}
			continue;
		}
		struct crow *x = row_of(c, who, cur);
		if (!x)
			break;
		if (what == 1) {	/* a promise made */
			int64_t amount = sqlite3_column_int64(s, 3);
			x->r.promises++;
			add(c, &x->r.promised, amount);
			if (kept(c, sqlite3_column_int64(s, 2)))
				add(c, &x->r.pct_kept, amount);	/* kept, for now */
		} else if (what == 2) {	/* cash */
			add(c, &x->r.collected, sqlite3_column_int64(s, 2));
		} else {		/* targets */
			if (x->r.target < 0)
				x->r.target = 0;
			add(c, &x->r.target, sqlite3_column_int64(s, 2));
		}
	}
	sqlite3_finalize(s);
	if (c->nomem)
		return AR_ENOMEM;
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(c->l, rc, "read");
}

static int crow_cmp(const void *a, const void *b)
{
	const struct crow *x = a, *y = b;
	int d = strcmp(x->collector, y->collector);
	return d ? d : strcmp(x->r.currency, y->r.currency);
}

ar_status ar_report_collectors(struct ar_ledger *l,
			       const struct ar_report_options *o,
			       ar_collector_fn fn, void *ctx)
{
	struct collect c = {.l = l};
	int64_t kb = ar__report_batch(o);
	int grace;
	ar_status st;
	if (ar_report_period(o, &c.from, &c.to) != AR_OK)
		return ar__fail(l, AR_EUSAGE, "the period must end on or before "
				"the as-of date and start on or before its "
				"end");
	if ((st = ar__report_begin(l)) != AR_OK ||
	    (st = ar__promise_grace(l, &grace)) != AR_OK ||
	    (st = ar__promise_scan(l, kb, c.to, grace, on_state, &c)) != AR_OK)
		goto out;
	if (c.nomem) {
		st = AR_ENOMEM;
		goto out;
	}
	if (c.np)	/* by id (the first member), for kept() */
		qsort(c.p, c.np, sizeof(*c.p), id_cmp);
	/* the promises made in the period, by whom they were obtained */
	st = gather(&c, "SELECT coalesce(a.collector, ''), coalesce(a.currency, "
		"c.currency, (SELECT value FROM setting WHERE key = "
		"'currency.base'), 'USD'), a.id, coalesce(a.amount, 0) FROM "
		"activity a JOIN customer c ON c.id = a.customer WHERE a.kind = "
		"'promise' AND a.date >= ?1 AND a.date <= ?2 AND a.batch_id <= ?3 "
		"AND a.promise_date IS NOT NULL ORDER BY a.id", kb, 1);
	/* the cash of each collector's customers, net of reversals */
	if (st == AR_OK)
		st = gather(&c, "SELECT coalesce(c.collector, ''), d.currency, "
			"sum(CASE WHEN d.doc_type = 'payment' THEN d.amount ELSE "
			"-d.amount END) FROM document d JOIN customer c ON c.id = "
			"d.customer WHERE d.doc_type IN ('payment', 'reversal') "
			"AND d.doc_date >= ?1 AND d.doc_date <= ?2 AND "
			"d.batch_id <= ?3 GROUP BY 1, 2", kb, 2);
	/* the latest target of each month the period touches */
	if (st == AR_OK)
		st = gather(&c, "SELECT t.collector, t.currency, t.amount FROM "
			"target t WHERE t.month >= substr(?1, 1, 7) AND t.month "
			"<= substr(?2, 1, 7) AND t.batch_id <= ?3 AND t.id = "
			"(SELECT max(u.id) FROM target u WHERE u.collector = "
			"t.collector AND u.month = t.month AND u.currency = "
			"t.currency AND u.batch_id <= ?3)", kb, 3);
	/* contacts and conversations, on each row of the collector */
	if (st == AR_OK)
		st = gather(&c, "SELECT coalesce(a.collector, ''), coalesce(("
			"SELECT value FROM setting WHERE key = 'currency.base'), "
			"'USD'), sum(a.kind IN ('call', 'email', 'letter', "
			"'visit')), count(DISTINCT CASE WHEN a.kind IN ('call', "
			"'visit') AND a.outcome IN ('reached', 'refused', "
			"'promised', 'disputed', 'paid') THEN a.customer END) "
			"FROM activity a WHERE a.date >= ?1 AND a.date <= ?2 AND "
			"a.batch_id <= ?3 AND a.kind IN ('call', 'email', "
			"'letter', 'visit') GROUP BY 1", kb, 0);
	if (st == AR_OK && c.overflow)
		st = ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits");
	if (st != AR_OK)
		goto out;
	if (c.n)
		qsort(c.v, c.n, sizeof(*c.v), crow_cmp);
	for (size_t i = 0; i < c.n && st == AR_OK; i++) {
		struct ar_collector_row r = c.v[i].r;
		r.collector = c.v[i].collector;
		r.from = c.from;
		r.to = c.to;
		r.pct_kept = ar_ratio(c.v[i].r.pct_kept, 100, r.promised, 2);
		r.attainment = r.target > 0 ? ar_ratio(r.collected, 100,
						       r.target, 2)
			       : AR_RATIO_NONE;
		st = fn(ctx, &r);
	}
out:
	free(c.v);
	free(c.p);
	return st;
}

/* ------------------------------------------------------------------ */
/* Promises open and broken */

struct open_list {
	struct ar__promise *p;
	size_t n, cap;
	ar_date as_of;
	bool nomem;
};

static void on_open(void *ctx, const struct ar__promise *p)
{
	struct open_list *x = ctx;
	bool open = p->state == AR__PROMISE_OPEN ||
		    p->state == AR__PROMISE_PENDING;
	bool broke = (p->state == AR__PROMISE_BROKEN ||
		      p->state == AR__PROMISE_PARTIAL) &&
		     p->promise_date >= x->as_of - 90;
	if ((!open && !broke) || x->nomem)
		return;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 64;
		struct ar__promise *q = realloc(x->p, cap * sizeof(*q));
		if (!q) {
			x->nomem = true;
			return;
		}
		x->p = q;
		x->cap = cap;
	}
	x->p[x->n++] = *p;
}

static int open_cmp(const void *a, const void *b)
{
	const struct ar__promise *x = a, *y = b;
	if (x->promise_date != y->promise_date)
		return x->promise_date < y->promise_date ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

ar_status ar_report_promises(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_promise_report_fn fn, void *ctx)
{
	static const char *const names[] = {"open", "due", "kept", "partial",
					    "broken"};
	struct open_list x = {.as_of = o->as_of};
	int grace;
	sqlite3_stmt *s = NULL;
	ar_status st;
	if ((st = ar__report_begin(l)) != AR_OK ||
	    (st = ar__promise_grace(l, &grace)) != AR_OK ||
	    (st = ar__promise_scan(l, ar__report_batch(o), o->as_of, grace,
				   on_open, &x)) != AR_OK)
		goto out;
	if (x.nomem) {
		st = AR_ENOMEM;
		goto out;
	}
	if (x.n)
		qsort(x.p, x.n, sizeof(*x.p), open_cmp);
	s = ar__prepare(l, "SELECT c.customer_id, c.name, coalesce("
			"c.collector, '') FROM customer c WHERE c.id = ?");
	if (!s) {
		st = AR_ELEDGER;
		goto out;
	}
	for (size_t i = 0; i < x.n && st == AR_OK; i++) {
		const struct ar__promise *p = &x.p[i];
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, p->customer);
		int rc = sqlite3_step(s);
		if (rc != SQLITE_ROW) {
			st = ar__sqlfail(l, rc, "read");
			break;
		}
		struct ar_promise_report_row r = {
			.customer_id = ar__col_text(s, 0),
			.customer_name = ar__col_text(s, 1),
			.collector = ar__col_text(s, 2),
			.made = p->date, .promise_date = p->promise_date,
			.amount = p->amount, .received = p->received,
			.status = names[p->state],
			.days_overdue = o->as_of > p->promise_date
					? o->as_of - p->promise_date : 0,
			.plan = p->plan,
		};
		memcpy(r.currency, p->currency, 4);
		r.exponent = ar__exponent(l, p->currency);
		st = fn(ctx, &r);
	}
out:
	sqlite3_finalize(s);
	free(x.p);
	return st;
}
