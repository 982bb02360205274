/*
 * report_cust.c - the reports about customers: payment behaviour and
 * risk grade, the collector's worklist (the cash forecast: forecast.c).
 *
 * Each keeps one small record per customer, indexed by its row id,
 * filled by streaming the paid items, promises and activities; balances
 * come from the aging.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/note.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"

/*
 * What one customer's payments say, in one currency (amounts of different
 * currencies are never weighed together): a list per customer, most
 * customers having one currency.
 */
struct pstat {
	int32_t paid, late, recent_n, prior_n;
	int32_t sum_days, sum_late, recent_late, prior_late;	/* days */
	int64_t paid_amount, late_w;	/* late_w: amount x days late */
	int32_t next;			/* the customer's next currency */
	char currency[4];
};

/* What one customer's collection history says. */
struct cstat {
	int32_t pay;			/* first pstat, -1: none */
	ar_date last_contact, follow_up, last_broken;
	int16_t broken;
	bool open_promise;
};

struct cust_ctx {
	struct ar_ledger *l;
	const struct ar_report_options *o;
	struct cstat *s;
	int64_t max_id;
	struct pstat *p;
	size_t np, pcap;
	bool overflow;
};

static ar_status stats_alloc(struct cust_ctx *c)
{
	sqlite3_stmt *s = ar__prepare(c->l, "SELECT coalesce(max(id), 0) FROM customer");
	if (!s)
		return AR_ELEDGER;
	int rc = sqlite3_step(s);
	c->max_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(c->l, rc, "read");
	c->s = calloc((size_t)c->max_id + 1, sizeof(*c->s));
	if (!c->s)
		return AR_ENOMEM;
	for (int64_t i = 0; i <= c->max_id; i++) {
		c->s[i].pay = -1;
		c->s[i].last_contact = c->s[i].follow_up = c->s[i].last_broken =
			AR_DATE_NONE;
	}
	return AR_OK;
}

static void stats_free(struct cust_ctx *c)
{
	free(c->s);
	free(c->p);
}

static struct cstat *stat_of(struct cust_ctx *c, int64_t id)
{
	return id >= 0 && id <= c->max_id ? &c->s[id] : NULL;
}

/* The customer's payments in a currency; added when create (NULL when
 * out of memory or when none and not create). */
static struct pstat *pstat_of(struct cust_ctx *c, int64_t id, const char *cur,
			      bool create)
{
	struct cstat *x = stat_of(c, id);
	int32_t *link;
	if (!x)
		return NULL;
	for (link = &x->pay; *link >= 0; link = &c->p[*link].next)
		if (strcmp(c->p[*link].currency, cur) == 0)
			return &c->p[*link];
	if (!create || c->np >= INT32_MAX)
		return NULL;
	if (c->np == c->pcap) {
		size_t cap = c->pcap ? c->pcap * 2 : 1024;
		struct pstat *n = realloc(c->p, cap * sizeof(*n));
		if (!n)
			return NULL;
		c->p = n, c->pcap = cap;
		/* link pointed into the old array when it was a pstat's */
		for (link = &x->pay; *link >= 0; link = &c->p[*link].next)
			;
	}
	struct pstat *ps = &c->p[c->np];
	memset(ps, 0, sizeof(*ps));
	ps->next = -1;
	snprintf(ps->currency, 4, "%s", cur);
	*link = (int32_t)c->np++;
	return ps;
}

static void on_paid(void *ctx, const struct ar__paid *p)
{
	struct cust_ctx *c = ctx;
	struct pstat *x = pstat_of(c, p->customer, p->currency, true);
	if (!x) {
		c->overflow = c->overflow || stat_of(c, p->customer);
		return;
	}
	int late = p->closed - p->due_date;
	if (late < 0)
		late = 0;
	int64_t w;
	x->paid++;
	x->late += late > 0;
	/* day counts: int32 holds 50 years of days for 100,000 items */
	x->sum_days += p->closed - p->doc_date;
	x->sum_late += late;
	if (__builtin_mul_overflow(p->amount, (int64_t)late, &w) ||
	    !ar_money_accum(&x->late_w, w) ||
	    !ar_money_accum(&x->paid_amount, p->amount))
		c->overflow = true;
	int ago = c->o->as_of - p->closed;
	if (ago < 90) {
		x->recent_n++;
		x->recent_late += late;
	} else if (ago < 180) {
		x->prior_n++;
		x->prior_late += late;
	}
}

static void on_promise(void *ctx, const struct ar__promise *p)
{
	struct cust_ctx *c = ctx;
	struct cstat *x = stat_of(c, p->customer);
	if (!x)
		return;
	if (p->state == AR__PROMISE_OPEN)
		x->open_promise = true;
	else if ((p->state == AR__PROMISE_BROKEN ||
		  p->state == AR__PROMISE_PARTIAL) &&
		 p->promise_date >= c->o->as_of - 90 &&
		 /* the later instalments of a broken plan are not due yet:
		  * the plan counts once, by the instalment that broke */
		 p->promise_date <= c->o->as_of) {
		x->broken++;
		if (p->promise_date > x->last_broken)
			x->last_broken = p->promise_date;
	}
}

/* The paid items read into c: their sums overflowed or memory ran out. */
static ar_status paid_overflow(struct cust_ctx *c)
{
	return ar__fail(c->l, AR_ELEDGER, "a sum overflows 64 bits, or out of "
			"memory");
}

/* Payment habits over the 365 days up to as-of (from o->from when set). */
static ar_status load_paid(struct cust_ctx *c)
{
	ar_date from = c->o->from != AR_DATE_NONE ? c->o->from
						  : c->o->as_of - 364;
	ar_status st = ar__paid_scan(c->l, ar__report_batch(c->o), from,
				 c->o->as_of, false, on_paid, c);
	return st == AR_OK && c->overflow ? paid_overflow(c) : st;
}

/*
 * The figures of the paid items taken in another report's pass
 * (report_int.h): the customers report's own, for its options o (a copy)
 * and the ledger as it was before the pass (PRAGMA data_version).
 */
struct ar__cust_paid {
	struct cust_ctx c;
	struct ar_report_options o;
	int64_t version;
	bool sealed;
};

ar_status ar__cust_paid_new(struct ar_ledger *l,
			    const struct ar_report_options *o,
			    struct ar__cust_paid **out)
{
	struct ar__cust_paid *p = calloc(1, sizeof(*p));
	ar_status st;
	*out = NULL;
	if (!p)
		return AR_ENOMEM;
	p->o = *o;
	p->c.l = l;
	p->c.o = &p->o;
	/* before the pass: any write of another connection after it
	 * began changes the version */
	if ((st = ar__int_query(l, "PRAGMA data_version", &p->version))
	    != AR_OK || (st = stats_alloc(&p->c)) != AR_OK) {
		ar__cust_paid_free(p);
		return st;
	}
	/* room for a currency of each customer at once: grown beside the
	 * pass's own arrays, it would leave the heap in pieces */
	p->c.pcap = (size_t)p->c.max_id + 1;
	if (!(p->c.p = malloc(p->c.pcap * sizeof(*p->c.p)))) {
		ar__cust_paid_free(p);
		return AR_ENOMEM;
	}
	*out = p;
	return AR_OK;
}

void ar__cust_paid_on(void *ctx, const struct ar__paid *p)
{
	on_paid(&((struct ar__cust_paid *)ctx)->c, p);
}

void ar__cust_paid_seal(struct ar__cust_paid *c)
{
	c->sealed = true;
}

void ar__cust_paid_free(struct ar__cust_paid *c)
{
	if (c)
		stats_free(&c->c);
	free(c);
}

/* Take pre's figures into c when they are what load_paid() would read
 * for c->o now; else read them. */
static ar_status take_paid(struct cust_ctx *c, struct ar__cust_paid *pre)
{
	int64_t now = 0;
	ar_status st;
	bool same = pre && pre->sealed && pre->o.from == AR_DATE_NONE &&
		    c->o->from == AR_DATE_NONE && pre->o.as_of == c->o->as_of &&
		    ar__report_batch(&pre->o) == ar__report_batch(c->o);
	if (same && (st = ar__int_query(c->l, "PRAGMA data_version", &now))
	    != AR_OK)
		return st;
	if (!same || now != pre->version)
		return (st = stats_alloc(c)) == AR_OK ? load_paid(c) : st;
	c->s = pre->c.s;
	c->max_id = pre->c.max_id;
	c->p = pre->c.p;
	c->np = pre->c.np;
	c->pcap = pre->c.pcap;
	c->overflow = pre->c.overflow;
	pre->c.s = NULL;
	pre->c.p = NULL;
	pre->sealed = false;	/* taken */
	return c->overflow ? paid_overflow(c) : AR_OK;
}

static ar_status load_activities(struct cust_ctx *c)
{
	sqlite3_stmt *s = ar__prepare(c->l, "SELECT customer, date, kind, "
		"follow_up_date FROM activity WHERE date <= ?1 AND batch_id <= ?2 "
		"ORDER BY customer, date, id");
	int rc;
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, c->o->as_of);
	sqlite3_bind_int64(s, 2, ar__report_batch(c->o));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cstat *x = stat_of(c, sqlite3_column_int64(s, 0));
		const char *kind = (const char *)sqlite3_column_text(s, 2);
		ar_date d = ar__col_date(s, 1), f = ar__col_date(s, 3);
		if (!x || !kind)
			continue;
		if ((!strcmp(kind, "call") || !strcmp(kind, "email") ||
		     !strcmp(kind, "letter") || !strcmp(kind, "visit")) &&
		    d > x->last_contact)
			x->last_contact = d;
		if (f != AR_DATE_NONE)
			x->follow_up = f;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(c->l, rc, "read");
	int grace;
	ar_status st = ar__promise_grace(c->l, &grace);
	return st != AR_OK ? st : ar__promise_scan(c->l,
		ar__report_batch(c->o), c->o->as_of, grace, on_promise, c);
}

/* The customer master fields the reports show, by customer number. */
struct master {
	sqlite3_stmt *s;
	int64_t id;
	int64_t credit_limit;	/* -1: none */
	bool cease, bankrupt;
	char kind[12];
};

static ar_status master_open(struct ar_ledger *l, struct master *m)
{
	m->s = ar__prepare(l, "SELECT id, credit_limit, contact, status, "
			   "coalesce(phone, ''), coalesce(email, ''), kind "
			   "FROM customer WHERE customer_id = ?1");
	return m->s ? AR_OK : AR_ELEDGER;
}

static ar_status master_get(struct ar_ledger *l, struct master *m,
			    const char *customer_id)
{
	sqlite3_reset(m->s);
	sqlite3_bind_text(m->s, 1, customer_id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(m->s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? ar__fail(l, AR_ELEDGER, "no customer "
			"'%s'", customer_id) : ar__sqlfail(l, rc, "read");
	m->id = sqlite3_column_int64(m->s, 0);
	m->credit_limit = sqlite3_column_type(m->s, 1) == SQLITE_NULL ? -1
			  : sqlite3_column_int64(m->s, 1);
	m->cease = strcmp(ar__col_text(m->s, 2), "cease") == 0;
	m->bankrupt = strcmp(ar__col_text(m->s, 3), "bankrupt") == 0;
	snprintf(m->kind, sizeof(m->kind), "%s", ar__col_text(m->s, 6));
	return AR_OK;
}

static ar_status run_aging(struct ar_ledger *l, const struct ar_report_options *o,
			   bool every, ar_age_row_fn fn, void *ctx)
{
	struct ar_age_options a;
	struct ar_age_proof *proof = malloc(sizeof(*proof));
	ar_status st;
	if (!proof)
		return AR_ENOMEM;
	ar_age_options_init(&a);
	a.as_of = o->as_of;
	a.known_batch = o->known_batch;
	a.every_customer = every;
	ar_age_parse_edges(&a, "30,60,90,120");
	st = ar_age_summary(l, &a, fn, ctx, proof);
	free(proof);
	return st;
}

/* ------------------------------------------------------------------ */
/* Customers */

const char *ar_report_grade_rule(void)
{
	return "Grade by weighted days late (w, over the items paid) and the "
	       "oldest open item's days past due (d): A w <= 5 and d <= 30; "
	       "B w <= 15 and d <= 60; C w <= 30 and d <= 90; D w <= 60 and "
	       "d <= 120; else E; E when bankrupt; one grade worse when the "
	       "balance is over the credit limit.";
}

static char grade(const struct ar_customer_row *r, bool bankrupt)
{
	static const int w_max[] = {5, 15, 30, 60}, d_max[] = {30, 60, 90, 120};
	int64_t w = r->weighted_days_late == AR_RATIO_NONE ? 0
		    : r->weighted_days_late;
	int g = 4;
	for (int i = 0; i < 4; i++)
		if (w <= w_max[i] * 100 && r->oldest_days <= d_max[i]) {
			g = i;
			break;
		}
	if (bankrupt)
		g = 4;
	if (r->utilization != AR_RATIO_NONE && r->utilization > 10000 && g < 4)
		g++;
	return (char)('A' + g);
}

/* What was invoiced to a customer in a currency, and when first. */
struct invoiced {
	int64_t customer;
	char currency[4];
	ar_date first;
	int64_t amount;
};

struct customers_ctx {
	struct cust_ctx c;
	struct master m;
	ar_customer_fn fn;
	void *ctx;
	struct invoiced *inv;	/* by customer and currency */
	size_t ninv;
};

/*
 * Every customer's invoicing up to as-of, in one pass over the documents
 * (one look-up per customer row would read the documents of each in
 * turn, all over the file).
 */
static ar_status load_invoiced(struct customers_ctx *cc)
{
	/* in the order of the covering index document_customer: no sort,
	 * no look-up in the table but for the batches of --known-at */
	int64_t kb = ar__report_batch(cc->c.o);
	sqlite3_stmt *s = ar__prepare(cc->c.l, kb == INT64_MAX
		? "SELECT customer, currency, doc_date, amount FROM document "
		  "INDEXED BY document_customer WHERE doc_date <= ?1 AND "
		  "doc_type IN ('invoice', 'debit_memo', 'finance_charge') "
		  "ORDER BY customer"
		: "SELECT customer, currency, doc_date, amount FROM document "
		  "INDEXED BY document_customer WHERE doc_date <= ?1 AND "
		  "batch_id <= ?2 AND doc_type IN ('invoice', 'debit_memo', "
		  "'finance_charge') ORDER BY customer");
	size_t cap = 0, from = 0;	/* the rows of the customer at hand */
	int rc;

	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, cc->c.o->as_of);
	if (kb != INT64_MAX)
		sqlite3_bind_int64(s, 2, kb);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t customer = sqlite3_column_int64(s, 0);
		const char *cur = (const char *)sqlite3_column_text(s, 1);
		ar_date day = ar__col_date(s, 2);
		int64_t amount = sqlite3_column_int64(s, 3);
		if (cc->ninv && cc->inv[cc->ninv - 1].customer != customer)
			from = cc->ninv;
		size_t i = from;
		while (i < cc->ninv && strcmp(cc->inv[i].currency, cur ? cur : ""))
			i++;
		if (i == cc->ninv) {
			if (cc->ninv == cap) {
				size_t n = cap ? cap + cap / 2 : 1024;
				struct invoiced *p = realloc(cc->inv,
							     n * sizeof(*p));
				if (!p) {
					sqlite3_finalize(s);
					return AR_ENOMEM;
				}
				cc->inv = p, cap = n;
			}
			/* a customer's currencies in order, for the search */
			while (i > from && strcmp(cc->inv[i - 1].currency,
						  cur ? cur : "") > 0) {
				cc->inv[i] = cc->inv[i - 1];
				i--;
			}
			cc->inv[i] = (struct invoiced){.customer = customer,
						       .first = day};
			snprintf(cc->inv[i].currency, 4, "%s", cur ? cur : "");
			cc->ninv++;
		}
		struct invoiced *v = &cc->inv[i];
		if (day < v->first)
			v->first = day;
		if (!ar_money_accum(&v->amount, amount)) {
			sqlite3_finalize(s);
			return ar__fail(cc->c.l, AR_ELEDGER, "what was invoiced "
					"to a customer overflows 64 bits");
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(cc->c.l, rc, "read");
}

static void customer_dso(const struct customers_ctx *cc,
			 const struct ar_age_row *a, int64_t *dso)
{
	size_t lo = 0, hi = cc->ninv;
	while (lo < hi) {	/* the first row of the customer and currency */
		size_t mid = lo + (hi - lo) / 2;
		const struct invoiced *v = &cc->inv[mid];
		if (v->customer < cc->m.id || (v->customer == cc->m.id &&
		    strcmp(v->currency, a->currency) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	*dso = 0;
	if (lo < cc->ninv && cc->inv[lo].customer == cc->m.id &&
	    !strcmp(cc->inv[lo].currency, a->currency) &&
	    cc->inv[lo].amount > 0 && cc->inv[lo].first != AR_DATE_NONE)
		*dso = ar_ratio(a->balance, cc->c.o->as_of - cc->inv[lo].first,
				cc->inv[lo].amount, 2);
}

static ar_status customer_row(void *ctx, const struct ar_age_row *a)
{
	struct customers_ctx *cc = ctx;
	ar_status st = master_get(cc->c.l, &cc->m, a->customer_id);
	if (st != AR_OK)
		return st;
	static const struct pstat none;
	const struct pstat *x = pstat_of(&cc->c, cc->m.id, a->currency, false);
	if (!x)
		x = &none;
	if (x->paid == 0 && a->total == 0 && a->unapplied == 0)
		return AR_OK;
	int64_t dso = 0;
	customer_dso(cc, a, &dso);
	struct ar_customer_row r = {
		.customer_id = a->customer_id,
		.customer_name = a->customer_name,
		.exponent = a->exponent,
		.invoices_paid = x->paid,
		.avg_days_to_pay = ar_ratio(x->sum_days, 1, x->paid, 2),
		.avg_days_late = ar_ratio(x->sum_late, 1, x->paid, 2),
		.weighted_days_late = ar__ratio128(x->late_w, x->paid_amount, 2),
		.pct_paid_late = ar_ratio(x->late, 100, x->paid, 2),
		.last_payment = a->last_payment,
		.balance = a->balance,
		.overdue = a->total - a->bucket[0],
		.credit_limit = cc->m.credit_limit,
		.utilization = cc->m.credit_limit < 0 ? AR_RATIO_NONE
			: ar_ratio(a->balance, 100, cc->m.credit_limit, 2),
		.late_trend = AR_RATIO_NONE,
		.oldest_days = a->oldest_days,
		.dso = dso,
	};
	memcpy(r.currency, a->currency, 4);
	if (x->recent_n && x->prior_n) {
		int64_t now = ar_ratio(x->recent_late, 1, x->recent_n, 2);
		int64_t then = ar_ratio(x->prior_late, 1, x->prior_n, 2);
		r.late_trend = now - then;
	}
	r.grade = grade(&r, cc->m.bankrupt);
	memcpy(r.kind, cc->m.kind, sizeof(r.kind));
	return cc->fn(cc->ctx, &r);
}

ar_status ar_report_customers(struct ar_ledger *l,
			      const struct ar_report_options *o,
			      ar_customer_fn fn, void *ctx)
{
	return ar__report_customers_with(l, o, NULL, fn, ctx);
}

ar_status ar__report_customers_with(struct ar_ledger *l,
				    const struct ar_report_options *o,
				    struct ar__cust_paid *pre,
				    ar_customer_fn fn, void *ctx)
{
	struct customers_ctx cc = {.c = {.l = l, .o = o}, .fn = fn, .ctx = ctx};
	bool reading = false;
	ar_status st;
	/* one snapshot: the per-customer reads then take no lock each */
	if ((st = ar__report_begin(l)) == AR_OK &&
	    (st = ar__read_begin(l, &reading)) == AR_OK &&
	    (st = take_paid(&cc.c, pre)) == AR_OK &&
	    (st = master_open(l, &cc.m)) == AR_OK) {
		if ((st = load_invoiced(&cc)) == AR_OK)
			st = run_aging(l, o, true, customer_row, &cc);
	}
	sqlite3_finalize(cc.m.s);
	free(cc.inv);
	stats_free(&cc.c);
	ar__read_end(l, reading);
	return st;
}

/* ------------------------------------------------------------------ */
/* Worklist */

const char *ar_report_score_rule(void)
{
	return "Score = 1 per full 1,000.00 overdue less open disputes (at "
	       "most 100) + 1 per 3 "
	       "days the oldest item is past due (at most 60) + 40 per promise "
	       "broken in the last 90 days (at most 80) + 30 when a follow-up "
	       "is due + 1 per full week since the last call, email or letter "
	       "(at most 20; 20 when never). Left out: no overdue money beyond "
	       "disputes, a promise not yet due, contact=cease.";
}

struct cand {
	int64_t overdue;
	int64_t undisputed;	/* overdue less what open disputes hold */
	int32_t id, seq;	/* customer row ids: the arrays are sized by them */
	char currency[4];
	int16_t exponent;
	bool dropped;
	int oldest, score;
	ar_date last_payment;
};

struct worklist_ctx {
	struct cust_ctx c;
	struct master m;
	struct cand *v;
	size_t n, cap;
	int64_t seq;
};

static int min_int(int64_t a, int b)
{
	return a < b ? (int)a : b;
}

static int score(const struct cand *k, const struct cstat *x, ar_date as_of,
		 bool follow_due)
{
	int64_t unit = 1000;
	for (int i = 0; i < k->exponent; i++)
		unit *= 10;
	int s = min_int(k->undisputed / unit, 100) + min_int(k->oldest / 3, 60) +
		40 * min_int(x->broken, 2) + (follow_due ? 30 : 0);
	s += x->last_contact == AR_DATE_NONE ? 20
	     : min_int((as_of - x->last_contact) / 7, 20);
	return s;
}

static bool follow_up_due(const struct cstat *x, ar_date as_of)
{
	return x->follow_up != AR_DATE_NONE && x->follow_up <= as_of &&
	       (x->last_contact == AR_DATE_NONE || x->last_contact < x->follow_up);
}

static ar_status worklist_row(void *ctx, const struct ar_age_row *a)
{
	struct worklist_ctx *w = ctx;
	ar_status st = master_get(w->c.l, &w->m, a->customer_id);
	if (st != AR_OK)
		return st;
	w->seq++;
	int64_t overdue = a->total - a->bucket[0];
	if (overdue <= 0 || overdue <= a->disputed || w->m.cease ||
	    w->m.id > INT32_MAX)
		return AR_OK;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		struct cand *v = realloc(w->v, cap * sizeof(*v));
		if (!v)
			return AR_ENOMEM;
		w->v = v, w->cap = cap;
	}
	struct cand *k = &w->v[w->n++];
	*k = (struct cand){.id = (int32_t)w->m.id, .seq = (int32_t)w->seq,
			   .exponent = (int16_t)a->exponent, .overdue = overdue,
			   .undisputed = overdue - a->disputed,
			   .oldest = a->oldest_days, .last_payment = a->last_payment};
	memcpy(k->currency, a->currency, 4);
	return AR_OK;
}

static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->dropped != b->dropped)
		return a->dropped ? 1 : -1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->overdue != b->overdue)
		return a->overdue > b->overdue ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Why the customer is on the list, in words. */
static void reason(const struct cand *k, const struct cstat *x, ar_date as_of,
		   char *buf, size_t size)
{
	char d[AR_DATE_BUFSZ];
	size_t n = 0;
#define PUT(...) (n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__))
	if (x->broken) {
		ar_date_format(d, x->last_broken);
		PUT("broken promise %s", d);
		if (x->broken > 1)
			PUT(" (%d in 90 days)", x->broken);
		PUT("; ");
	}
	if (follow_up_due(x, as_of)) {
		ar_date_format(d, x->follow_up);
		PUT("follow-up due %s; ", d);
	}
	PUT("oldest item %d day%s past due; ", k->oldest, k->oldest == 1 ? "" : "s");
	if (x->last_contact == AR_DATE_NONE)
		PUT("never contacted");
	else
		PUT("last contact %d day%s ago", as_of - x->last_contact, as_of - x->last_contact == 1 ? "" : "s");
#undef PUT
}

ar_status ar_report_worklist(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_worklist_fn fn, void *ctx)
{
	struct worklist_ctx w = {.c = {.l = l, .o = o}};
	sqlite3_stmt *s = NULL;
	ar_status st;
	bool reading = false;
	int rc;
	/* one snapshot: the per-customer reads then take no lock each; the
	 * aging first, its memory given back before the activities' */
	if ((st = ar__report_begin(l)) != AR_OK ||
	    (st = ar__read_begin(l, &reading)) != AR_OK ||
	    (st = master_open(l, &w.m)) != AR_OK ||
	    (st = run_aging(l, o, false, worklist_row, &w)) != AR_OK ||
	    (st = stats_alloc(&w.c)) != AR_OK ||
	    (st = load_activities(&w.c)) != AR_OK)
		goto out;
	size_t kept = 0;
	for (size_t i = 0; i < w.n; i++) {
		struct cand *k = &w.v[i];
		struct cstat *x = stat_of(&w.c, k->id);
		k->dropped = !x || x->open_promise;
		if (!k->dropped) {
			k->score = score(k, x, o->as_of, follow_up_due(x, o->as_of));
			kept++;
		}
	}
	if (w.n)	/* none overdue: no array at all */
		qsort(w.v, w.n, sizeof(*w.v), cand_cmp);
	w.n = kept;
	s = ar__prepare(l, "SELECT c.customer_id, CASE WHEN h.id IS NULL THEN "
		"c.name ELSE h.name END, coalesce(c.phone, ''), "
		"coalesce(c.email, ''), coalesce(CASE WHEN h.id IS NULL THEN "
		"c.collector ELSE h.collector END, '') , c.contact = 'ok' AND "
		"c.kind = 'business' FROM customer c "
		"LEFT JOIN customer_history h ON h.customer = c.id AND "
		"h.batch_id <= ?2 AND h.replaced_by_batch > ?2 WHERE c.id = ?1");
	if (!s) {
		st = AR_ELEDGER;
		goto out;
	}
	for (size_t i = 0; i < w.n && st == AR_OK; i++) {
		struct cand *k = &w.v[i];
		struct cstat *x = stat_of(&w.c, k->id);
		char why[256];
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, k->id);
		sqlite3_bind_int64(s, 2, ar__report_batch(o));
		if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
			st = ar__sqlfail(l, rc, "read");
			break;
		}
		reason(k, x, o->as_of, why, sizeof(why));
		/* no call offered that ar-note would refuse */
		/* a business with contact ok may be called any day: the
		 * rules are asked about the others only */
		struct ar_contact cr = {.allowed = true, .kind = "business"};
		if (!sqlite3_column_int(s, 5) &&
		    (st = ar_contact_check_day(l, k->id, o->as_of,
					       ar__report_batch(o), &cr)) != AR_OK)
			break;
		size_t wn = strlen(why);
		if (!cr.allowed && strcmp(cr.contact, "no_calls") == 0)
			snprintf(why + wn, sizeof(why) - wn, "; e-mail or "
				 "letter only");
		else if (!cr.allowed) {
			char d[AR_DATE_BUFSZ];
			ar_date_format(d, cr.resume);
			snprintf(why + wn, sizeof(why) - wn, "; consumer: calls "
				 "may resume %s", d);
		} else if (strcmp(cr.kind, "consumer") == 0)
			snprintf(why + wn, sizeof(why) - wn, "; consumer: calls "
				 "08:00-21:00 %s", cr.zone);
		struct ar_worklist_row r = {
			.rank = (int)i + 1,
			.customer_id = ar__col_text(s, 0),
			.customer_name = ar__col_text(s, 1),
			.phone = cr.allowed ? ar__col_text(s, 2) : "",
			.email = ar__col_text(s, 3),
			.collector = ar__col_text(s, 4),
			.exponent = k->exponent,
			.overdue = k->overdue,
			.oldest_days = k->oldest,
			.last_contact = x->last_contact,
			.last_payment = k->last_payment,
			.reason = why,
			.score = k->score,
		};
		memcpy(r.currency, k->currency, 4);
		st = fn(ctx, &r);
	}
out:
	sqlite3_finalize(s);
	sqlite3_finalize(w.m.s);
	free(w.v);
	stats_free(&w.c);
	ar__read_end(l, reading);
	return st;
}
