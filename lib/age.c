/*
 * age.c - aging as of a date, in one pass over the ledger.
 *
 * The summary reads the documents in id order and the applications in
 * the order of the document they apply to (both straight off an index),
 * and merges them: every document meets the sum of its applications
 * effective by as-of without a single lookup.  Customers are accumulated
 * by their row id and reported in customer number order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/cash.h"
#include "internal.h"

void ar_age_options_init(struct ar_age_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = ar_date_today();
	o->by = AR_AGE_BY_DUE;
	o->older_than = -1;
}

/* The last batch whose rows count: known-at's, or every one. */
static int64_t last_batch(const struct ar_age_options *o)
{
	return o->known_batch ? o->known_batch : INT64_MAX;
}

ar_status ar_age_parse_edges(struct ar_age_options *o, const char *s)
{
	int n = 0;
	long prev = 0;
	while (*s) {
		char *end;
		if (*s < '0' || *s > '9' || n == AR_AGE_MAX_EDGES)
			return AR_EUSAGE;
		long v = strtol(s, &end, 10);
		if (v <= prev || v > 3650)
			return AR_EUSAGE;
		o->edges[n++] = (int)(prev = v);
		s = end;
		if (*s == ',' && s[1])
			s++;
		else if (*s)
			return AR_EUSAGE;
	}
	if (n == 0)
		return AR_EUSAGE;
	o->nedges = n;
	return AR_OK;
}

int ar_age_bucket_names(const struct ar_age_options *o, char names[][24])
{
	int n = 0, lo = 1;
	if (o->by == AR_AGE_BY_DUE)
		snprintf(names[n++], 24, "current");
	else
		lo = 0;
	for (int i = 0; i < o->nedges; i++) {
		snprintf(names[n++], 24, "%d-%d", lo, o->edges[i]);
		lo = o->edges[i] + 1;
	}
	snprintf(names[n++], 24, "over_%d", o->edges[o->nedges - 1]);
	return n;
}

int ar_age_bucket(const struct ar_age_options *o, int days)
{
	int b = 0;
	if (o->by == AR_AGE_BY_DUE) {
		if (days <= 0)
			return 0;
		b = 1;
	}
	for (int i = 0; i < o->nedges; i++, b++)
		if (days <= o->edges[i])
			return b;
	return b;
}

size_t ar_age_columns(const struct ar_age_options *o, bool detail,
		      struct ar_column cols[AR_AGE_MAX_COLUMNS],
		      char names[AR_AGE_MAX_BUCKETS][24])
{
	static const struct ar_column detail_cols[] = {
		{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
		{"doc_type", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
		{"doc_date", AR_COL_DATE}, {"due_date", AR_COL_DATE},
		{"days_past_due", AR_COL_INT}, {"bucket", AR_COL_TEXT},
		{"amount", AR_COL_MONEY}, {"open_amount", AR_COL_MONEY},
		{"currency", AR_COL_TEXT}, {"disputed", AR_COL_MONEY},
		{"po_number", AR_COL_TEXT},
	};
	static const struct ar_column head[] = {
		{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
		{"currency", AR_COL_TEXT},
	};
	static const struct ar_column tail[] = {
		{"total", AR_COL_MONEY}, {"unapplied", AR_COL_MONEY},
		{"balance", AR_COL_MONEY}, {"disputed", AR_COL_MONEY},
		{"oldest_days", AR_COL_INT}, {"last_payment_date", AR_COL_DATE},
		{"collector", AR_COL_TEXT},
	};
	int nb = ar_age_bucket_names(o, names);
	size_t n = 0;

	if (detail) {
		memcpy(cols, detail_cols, sizeof(detail_cols));
		return sizeof(detail_cols) / sizeof(detail_cols[0]);
	}
	for (size_t i = 0; i < 3; i++)
		cols[n++] = head[i];
	for (int b = 0; b < nb; b++)
		cols[n++] = (struct ar_column){names[b], AR_COL_MONEY};
	for (size_t i = 0; i < 7; i++)
		cols[n++] = tail[i];
	return n;
}

bool ar_age_proof_ok(const struct ar_age_proof *p)
{
	for (int i = 0; i < p->ncurrencies; i++)
		if (p->c[i].aged != p->c[i].ledger)
			return false;
	return true;
}

/* ------------------------------------------------------------------ */

/* A customer as the report needs it (borrowed from the statement). */
struct cust {
	int64_t id;
	const char *customer_id, *name, *collector;
};

/*
 * One customer in one currency.  Documents come in date order, so the
 * accumulators are hit at random: they are kept small, their buckets in
 * a parallel array, and found from the customer's row id in one step.
 */
struct acc {
	int32_t next;		/* the customer's next currency */
	int16_t cur;		/* index into the proof's currencies */
	bool items;		/* has an open item or unapplied credit */
	int oldest;
	ar_date last_payment;
	int64_t unapplied, disputed, ledger;
	int64_t bucket[];	/* nb of them */
};

struct aging {
	struct ar_ledger *l;
	const struct ar_age_options *o;
	struct ar_age_proof *proof;
	int nb;			/* buckets per accumulator */
	int32_t *first;		/* customer row id -> first accumulator */
	int64_t max_rowid;
	char *accs;		/* accumulators of stride bytes each */
	size_t stride;
	size_t naccs, cap;
	bool overflow;
	bool kept;		/* first and accs belong to the memo */
};

static void aging_free(struct aging *a)
{
	if (a->kept)
		return;
	free(a->first);
	free(a->accs);
}

/* Accumulator i: one block with its buckets, so one cache miss brings
 * all of it. */
static struct acc *acc_at(struct aging *a, int32_t i)
{
	return (struct acc *)(a->accs + (size_t)i * a->stride);
}

static ar_status load_customers(struct aging *a)
{
	sqlite3_stmt *s = ar__prepare(a->l, "SELECT coalesce(max(id), 0) "
				      "FROM customer");
	int rc;
	if (!s)
		return AR_ELEDGER;
	rc = sqlite3_step(s);
	a->max_rowid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(a->l, rc, "read");
	a->first = malloc((size_t)(a->max_rowid + 1) * sizeof(int32_t));
	if (!a->first)
		return AR_ENOMEM;
	memset(a->first, 0xff, (size_t)(a->max_rowid + 1) * sizeof(int32_t));
	return AR_OK;
}

/* The proof's slot of a currency, added when new; -1 when full. */
static int currency_slot(struct aging *a, const char *code)
{
	struct ar_age_proof *p = a->proof;
	for (int i = 0; i < p->ncurrencies; i++)
		if (memcmp(p->c[i].code, code, 4) == 0)
			return i;
	if (p->ncurrencies == AR_AGE_MAX_CURRENCIES)
		return -1;
	int i = p->ncurrencies++;
	memcpy(p->c[i].code, code, 4);
	p->c[i].exponent = ar__exponent(a->l, code);
	p->c[i].aged = p->c[i].ledger = 0;
	return i;
}

static struct acc *acc_of(struct aging *a, int64_t customer, int cur)
{
	if (customer < 0 || customer > a->max_rowid)
		return NULL;
	for (int32_t i = a->first[customer]; i >= 0; i = acc_at(a, i)->next)
		if (acc_at(a, i)->cur == cur)
			return acc_at(a, i);
	if (a->naccs == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 1024;
		char *n = realloc(a->accs, cap * a->stride);
		if (!n)
			return NULL;
		a->accs = n, a->cap = cap;
	}
	struct acc *x = acc_at(a, (int32_t)a->naccs);
	memset(x, 0, a->stride);
	x->cur = (int16_t)cur;
	x->last_payment = AR_DATE_NONE;
	/* keep the customer's currencies in code order */
	int32_t *link = &a->first[customer];
	while (*link >= 0 && strcmp(a->proof->c[acc_at(a, *link)->cur].code,
				    a->proof->c[cur].code) < 0)
		link = &acc_at(a, *link)->next;
	x->next = *link;
	*link = (int32_t)a->naccs++;
	return x;
}

static void add(struct aging *a, int64_t *acc, int64_t v)
{
	if (!ar_money_accum(acc, v))
		a->overflow = true;
}

/* What is under dispute as of ?1 (batches up to ?2), by document. */
#define DISPUTED_SQL "SELECT d.document, sum(d.amount) FROM dispute d " \
	"WHERE d.opened <= ?1 AND d.batch_id <= ?2 AND NOT EXISTS (SELECT 1 " \
	"FROM dispute_resolution r WHERE r.dispute = d.id AND " \
	"r.resolved <= ?1 AND r.batch_id <= ?2) GROUP BY d.document " \
	"ORDER BY d.document"

/* A cursor over (document, amount) rows in document order. */
struct sums {
	sqlite3_stmt *s;
	bool done;
	int64_t doc, amount;
};

static ar_status sums_next(struct aging *a, struct sums *c)
{
	int rc = sqlite3_step(c->s);
	if (rc == SQLITE_ROW) {
		c->doc = sqlite3_column_int64(c->s, 0);
		c->amount = sqlite3_column_int64(c->s, 1);
		return AR_OK;
	}
	c->done = true;
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(a->l, rc, "read");
}

/* The sum of c's rows for doc; c moves past them. */
static ar_status sums_take(struct aging *a, struct sums *c, int64_t doc,
			   int64_t *sum)
{
	ar_status st = AR_OK;
	*sum = 0;
	while (!c->done && c->doc < doc && (st = sums_next(a, c)) == AR_OK)
		;
	while (st == AR_OK && !c->done && c->doc == doc) {
		add(a, sum, c->amount);
		st = sums_next(a, c);
	}
	return st;
}

static ar_status sums_open(struct aging *a, struct sums *c, const char *sql,
			   const char *as_of)
{
	memset(c, 0, sizeof(*c));
	if (!(c->s = ar__prepare(a->l, sql)))
		return AR_ELEDGER;
	sqlite3_bind_text(c->s, 1, as_of, 10, SQLITE_TRANSIENT);
	sqlite3_bind_int64(c->s, 2, last_batch(a->o));
	return sums_next(a, c);
}

/*
 * An item as of as-of into its customer's accumulator: open is what is
 * left of a debit document (disputed of it under dispute), or the
 * unapplied part of a credit document.
 */
static void take(struct aging *a, struct acc *x, bool debit_doc, ar_date day,
		 ar_date due, int64_t open, int64_t disputed)
{
	const struct ar_age_options *o = a->o;
	if (open == 0)
		return;
	if (debit_doc) {
		if (due == AR_DATE_NONE)
			due = day;
		int days = o->as_of - (o->by == AR_AGE_BY_DUE ? due : day);
		add(a, &x->bucket[ar_age_bucket(o, days)], open);
		int overdue = o->as_of - due;
		if (overdue > x->oldest)
			x->oldest = overdue;
		add(a, &x->disputed, disputed < open ? disputed : open);
	} else if (o->credits_aged) {
		add(a, &x->bucket[ar_age_bucket(o, o->as_of - day)], -open);
	} else {
		add(a, &x->unapplied, -open);
	}
	x->items = true;
}

/* The pass over every document: accumulators and the ledger balance. */
static ar_status scan(struct aging *a)
{
	const struct ar_age_options *o = a->o;
	char as_of[AR_DATE_BUFSZ];
	/* zeroed: a failure to open one leaves the later ones unopened */
	struct sums debit = {0}, credit = {0}, dispute = {0};
	sqlite3_stmt *d = NULL;
	ar_status st;
	int rc, cur = -1;
	char last_code[4] = "";

	ar_date_format(as_of, o->as_of);
	/* both indexes cover these: no table lookups */
	if ((st = sums_open(a, &debit, "SELECT debit_doc, amount FROM "
			    "application INDEXED BY application_debit WHERE "
			    "effective_date <= ?1 AND batch_id <= ?2 ORDER BY "
			    "debit_doc", as_of)) != AR_OK ||
	    (st = sums_open(a, &credit, "SELECT credit_doc, amount FROM "
			    "application INDEXED BY application_credit WHERE "
			    "effective_date <= ?1 AND batch_id <= ?2 ORDER BY "
			    "credit_doc", as_of)) != AR_OK ||
	    (st = sums_open(a, &dispute, DISPUTED_SQL, as_of)) != AR_OK)
		goto out;
	d = ar__prepare(a->l, "SELECT id, customer, doc_date, due_date, amount, "
			"currency, doc_type FROM document "
			"WHERE doc_date <= ?1 AND batch_id <= ?2 ORDER BY id");
	if (!d) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_text(d, 1, as_of, 10, SQLITE_STATIC);
	sqlite3_bind_int64(d, 2, last_batch(o));
	int64_t seen = 0;
	while ((rc = sqlite3_step(d)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(d, 0);
		if ((++seen & 0xffff) == 0)
			ar__progress(a->l, "%lld documents aged", (long long)seen);
		int64_t amount = sqlite3_column_int64(d, 4);
		const char *code = (const char *)sqlite3_column_text(d, 5);
		/* the type's first letter tells the side: credit_memo,
		 * payment, writeoff lower the balance (cheaper than asking
		 * SQLite for the virtual column sign on every row) */
		const char *type = (const char *)sqlite3_column_text(d, 6);
		char t0 = type ? type[0] : 'i';
		bool debit_doc = t0 != 'c' && t0 != 'p' && t0 != 'w';
		int64_t applied, disputed;

		if (!code || strlen(code) != 3)
			code = "???";
		if (cur < 0 || memcmp(last_code, code, 3) != 0) {
			if ((cur = currency_slot(a, code)) < 0) {
				st = ar__fail(a->l, AR_ELEDGER, "more than %d "
					      "currencies", AR_AGE_MAX_CURRENCIES);
				goto out;
			}
			memcpy(last_code, code, 4);
		}
		struct acc *x = acc_of(a, sqlite3_column_int64(d, 1), cur);
		if (!x) {
			st = a->naccs == a->cap ? AR_ENOMEM
				: ar__fail(a->l, AR_ELEDGER, "document %lld "
					   "names no customer", (long long)id);
			goto out;
		}
		add(a, &a->proof->c[cur].ledger, debit_doc ? amount : -amount);
		add(a, &x->ledger, debit_doc ? amount : -amount);
		ar_date day = ar__column_date(d, 2);
		if (debit_doc) {
			if ((st = sums_take(a, &debit, id, &applied)) != AR_OK ||
			    (st = sums_take(a, &dispute, id, &disputed)) != AR_OK)
				goto out;
			take(a, x, true, day, ar__column_date(d, 3),
			     amount - applied, disputed);
		} else {
			if ((st = sums_take(a, &credit, id, &applied)) != AR_OK)
				goto out;
			if (t0 == 'p' &&
			    (x->last_payment == AR_DATE_NONE || day > x->last_payment))
				x->last_payment = day;
			take(a, x, false, day, AR_DATE_NONE, amount - applied, 0);
		}
	}
	if (rc != SQLITE_DONE)
		st = ar__sqlfail(a->l, rc, "read");
	else if (a->overflow)
		st = ar__fail(a->l, AR_ELEDGER, "a sum overflows 64 bits");
out:
	sqlite3_finalize(d);
	sqlite3_finalize(debit.s);
	sqlite3_finalize(credit.s);
	sqlite3_finalize(dispute.s);
	return st;
}

/* ------------------------------------------------------------------ */
/* The same pass from the open-item state (lib/schema.sql): what is open
 * now, the documents and applications dated after as-of, and the
 * balances per customer; the history is read only for what changed
 * after as-of. */

/* Documents dated after as-of of one customer in one currency. */
struct later {
	int64_t customer, docs, balance;
	char code[4];
};

static int later_cmp(int64_t customer, const char *code, const struct later *l)
{
	if (customer != l->customer)
		return customer < l->customer ? -1 : 1;
	return strcmp(code, l->code);
}

/* A customer's latest payment in a currency on or before as-of. */
static ar_status last_payment_then(struct aging *a, sqlite3_stmt **s,
				   int64_t customer, const char *code,
				   const char *as_of, ar_date *out)
{
	if (!*s && !(*s = ar__prepare(a->l, "SELECT max(doc_date) FROM "
			"document WHERE customer = ?1 AND currency = ?2 AND "
			"doc_type = 'payment' AND doc_date <= ?3")))
		return AR_ELEDGER;
	sqlite3_reset(*s);
	sqlite3_bind_int64(*s, 1, customer);
	sqlite3_bind_text(*s, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(*s, 3, as_of, 10, SQLITE_STATIC);
	int rc = sqlite3_step(*s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(a->l, rc, "read");
	*out = ar__column_date(*s, 0);
	return AR_OK;
}

/* The balances: every document to date, less those dated after as-of. */
static ar_status state_balances(struct aging *a, const char *as_of)
{
	struct later *v = NULL;
	size_t n = 0, cap = 0, k = 0;
	sqlite3_stmt *s, *pay = NULL;
	ar_status st = AR_OK;
	int rc;

	s = ar__prepare(a->l, "SELECT customer, currency, count(*), "
			"sum(sign * amount) FROM open_state WHERE changed > ?1 "
			"AND doc_date > ?1 GROUP BY customer, currency "
			"ORDER BY customer, currency");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, as_of, 10, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			struct later *m = realloc(v, (cap = cap ? cap * 2 : 64) *
						  sizeof(*v));
			if (!m) {
				st = AR_ENOMEM;
				goto out;
			}
			v = m;
		}
		v[n].customer = sqlite3_column_int64(s, 0);
		snprintf(v[n].code, 4, "%s", (const char *)sqlite3_column_text(s, 1));
		v[n].docs = sqlite3_column_int64(s, 2);
		v[n].balance = sqlite3_column_int64(s, 3);
		n++;
	}
	if (rc != SQLITE_DONE) {
		st = ar__sqlfail(a->l, rc, "read");
		goto out;
	}
	sqlite3_finalize(s);
	s = ar__prepare(a->l, "SELECT customer, currency, docs, balance, "
			"last_payment FROM balance_state ORDER BY customer, "
			"currency");
	if (!s) {
		st = AR_ELEDGER;
		goto out;
	}
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t customer = sqlite3_column_int64(s, 0);
		const char *code = (const char *)sqlite3_column_text(s, 1);
		int64_t docs = sqlite3_column_int64(s, 2);
		int64_t balance = sqlite3_column_int64(s, 3);
		ar_date paid = ar__column_date(s, 4);

		if (!code || strlen(code) != 3)
			code = "???";
		while (k < n && later_cmp(customer, code, &v[k]) > 0)
			k++;
		if (k < n && later_cmp(customer, code, &v[k]) == 0) {
			docs -= v[k].docs;
			if (!ar_money_sub(balance, v[k].balance, &balance))
				a->overflow = true;
		}
		if (docs <= 0)
			continue;
		int cur = currency_slot(a, code);
		if (cur < 0) {
			st = ar__fail(a->l, AR_ELEDGER, "more than %d currencies",
				      AR_AGE_MAX_CURRENCIES);
			break;
		}
		struct acc *x = acc_of(a, customer, cur);
		if (!x) {
			st = a->naccs == a->cap ? AR_ENOMEM
				: ar__fail(a->l, AR_ELEDGER, "the open-item "
					   "state names no customer %lld",
					   (long long)customer);
			break;
		}
		add(a, &a->proof->c[cur].ledger, balance);
		add(a, &x->ledger, balance);
		if (paid != AR_DATE_NONE && paid > a->o->as_of)
			st = last_payment_then(a, &pay, customer, code, as_of,
					       &paid);
		x->last_payment = paid;
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(a->l, rc, "read");
out:
	sqlite3_finalize(s);
	sqlite3_finalize(pay);
	free(v);
	return st;
}

/* Disputes as of as-of, by document: few, kept in memory. */
struct disputes {
	struct sums c;
	int64_t *doc, *amount;
	size_t n;
};

static ar_status disputes_load(struct aging *a, struct disputes *d,
			       const char *as_of)
{
	size_t cap = 0;
	ar_status st = sums_open(a, &d->c, DISPUTED_SQL, as_of);
	while (st == AR_OK && !d->c.done) {
		if (d->n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *x = realloc(d->doc, cap * sizeof(int64_t));
			if (x)
				d->doc = x;
			int64_t *y = x ? realloc(d->amount, cap * sizeof(int64_t)) : NULL;
			if (!y)
				return AR_ENOMEM;
			d->amount = y;
		}
		d->doc[d->n] = d->c.doc;
		d->amount[d->n++] = d->c.amount;
		st = sums_next(a, &d->c);
	}
	return st;
}

static int64_t disputed_of(const struct disputes *d, int64_t doc)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->doc[mid] < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->doc[lo] == doc ? d->amount[lo] : 0;
}

/* Items from the rows of AR__OPEN_AS_OF_SQL. */
static ar_status state_items(struct aging *a, sqlite3_stmt *s,
			     const struct disputes *disp)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		const char *code = (const char *)sqlite3_column_text(s, 2);
		bool debit_doc = sqlite3_column_int(s, 3) == 1;
		int64_t open = sqlite3_column_int64(s, 7);
		if (!code || strlen(code) != 3)
			code = "???";
		int cur = currency_slot(a, code);
		struct acc *x = cur < 0 ? NULL
			: acc_of(a, sqlite3_column_int64(s, 1), cur);
		if (!x)
			return ar__fail(a->l, AR_ELEDGER, "the open-item state "
					"of document %lld has no balance",
					(long long)id);
		take(a, x, debit_doc, ar__column_date(s, 4),
		     ar__column_date(s, 5), open,
		     debit_doc ? disputed_of(disp, id) : 0);
	}
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(a->l, rc, "read");
}

static ar_status scan_state(struct aging *a)
{
	char as_of[AR_DATE_BUFSZ];
	struct disputes disp = {0};
	sqlite3_stmt *s = NULL;
	ar_status st;

	ar_date_format(as_of, a->o->as_of);
	if ((st = state_balances(a, as_of)) != AR_OK ||
	    (st = disputes_load(a, &disp, as_of)) != AR_OK)
		goto out;
	ar__progress(a->l, "aging: the items open as of %s", as_of);
	s = ar__prepare(a->l, AR__OPEN_AS_OF_SQL);
	if (!s) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_text(s, 1, as_of, 10, SQLITE_STATIC);
	st = state_items(a, s, &disp);
	if (st == AR_OK && a->overflow)
		st = ar__fail(a->l, AR_ELEDGER, "a sum overflows 64 bits");
out:
	sqlite3_finalize(s);
	sqlite3_finalize(disp.c.s);
	free(disp.doc);
	free(disp.amount);
	return st;
}

/*
 * Read the state, or the whole history: with known-at (rows of later
 * batches are not in the state's figures), when asked to, and when so
 * much changed after as-of that the ordered pass over everything is the
 * cheaper one.
 */
static ar_status age_scan(struct aging *a)
{
	const struct ar_age_options *o = a->o;
	char as_of[AR_DATE_BUFSZ];
	int64_t changed = 0, all = 0;
	if (o->known_batch || o->read == AR_AGE_READ_HISTORY)
		return scan(a);
	if (o->read == AR_AGE_READ_STATE)
		return scan_state(a);
	ar_date_format(as_of, o->as_of);
	sqlite3_stmt *s = ar__prepare(a->l, "SELECT (SELECT count(*) FROM "
		"open_state WHERE changed > ?1), (SELECT coalesce(max(document), "
		"0) FROM open_state)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, as_of, 10, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		changed = sqlite3_column_int64(s, 0);
		all = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(a->l, rc, "read");
	return changed > all / 8 ? scan(a) : scan_state(a);
}

ar_status ar_age_options_load(struct ar_ledger *l, struct ar_age_options *o)
{
	char *v;
	ar_status st;
	if (o->nedges)
		return AR_OK;
	if ((st = ar_setting_get(l, "aging.buckets", &v, NULL)) != AR_OK)
		return st;
	st = ar_age_parse_edges(o, v);
	free(v);
	return st == AR_OK ? AR_OK
		: ar__fail(l, AR_ELEDGER, "the setting aging.buckets is invalid");
}

/* Does a summary row pass the filters? */
static bool wanted(const struct ar_age_options *o, const struct ar_age_row *r)
{
	if (o->customer_id && strcmp(o->customer_id, r->customer_id) != 0)
		return false;
	if (o->collector && strcmp(o->collector, r->collector) != 0)
		return false;
	if (o->currency && strcmp(o->currency, r->currency) != 0)
		return false;
	if (o->older_than >= 0 && r->oldest_days <= o->older_than)
		return false;
	if (o->min_balance) {
		int64_t min;
		if (ar_money_parse(o->min_balance, strlen(o->min_balance),
				   r->exponent, r->currency, 0, &min, NULL) != AR_OK)
			return false;
		if (r->balance < min)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* The last run's accumulators, kept (internal.h: ar__age_memo_on()) */

struct ar__age_memo {
	bool valid;
	/* what they are of */
	ar_date as_of;
	int64_t known_batch;
	enum ar_age_by by;
	enum ar_age_read read;
	bool credits_aged;
	int nedges;
	int edges[AR_AGE_MAX_EDGES];
	/* the ledger they were read from */
	int64_t data_version, changes;
	/* the accumulators and the proof as the scan left them */
	struct aging a;
	struct ar_age_proof proof;
	long hits;
};

static void memo_drop(struct ar__age_memo *m)
{
	m->valid = false;
	free(m->a.first);
	free(m->a.accs);
	m->a.first = NULL;
	m->a.accs = NULL;
}

ar_status ar__age_memo_on(struct ar_ledger *l)
{
	struct ar__age_memo **slot = ar__age_memo_slot(l);
	if (!*slot && !(*slot = calloc(1, sizeof(**slot))))
		return AR_ENOMEM;
	return AR_OK;
}

void ar__age_memo_off(struct ar_ledger *l)
{
	struct ar__age_memo **slot = ar__age_memo_slot(l);
	if (!*slot)
		return;
	memo_drop(*slot);
	free(*slot);
	*slot = NULL;
}

long ar__age_memo_hits(struct ar_ledger *l)
{
	struct ar__age_memo *m = *ar__age_memo_slot(l);
	return m ? m->hits : 0;
}

/* The ledger's state as this connection sees it in its read. */
static ar_status memo_version(struct ar_ledger *l, int64_t *version,
			      int64_t *changes)
{
	*changes = sqlite3_total_changes64(ar__db(l));
	return ar__int_query(l, "PRAGMA data_version", version);
}

static bool memo_fits(const struct ar__age_memo *m,
		      const struct ar_age_options *o)
{
	return m->valid && m->as_of == o->as_of &&
	       m->known_batch == o->known_batch && m->by == o->by &&
	       m->read == o->read && m->credits_aged == o->credits_aged &&
	       m->nedges == o->nedges &&
	       memcmp(m->edges, o->edges,
		      (size_t)o->nedges * sizeof(o->edges[0])) == 0;
}

/*
 * The accumulators of the same run kept, lent to a (and the proof as the
 * scan left it): AR_OK; AR_ENOTFOUND when none are, or the ledger has
 * changed since.
 */
static ar_status memo_take(struct aging *a)
{
	struct ar__age_memo *m = *ar__age_memo_slot(a->l);
	int64_t version, changes;
	ar_status st;
	if (!m || !memo_fits(m, a->o))
		return AR_ENOTFOUND;
	if ((st = memo_version(a->l, &version, &changes)) != AR_OK)
		return st;
	if (version != m->data_version || changes != m->changes) {
		memo_drop(m);
		return AR_ENOTFOUND;
	}
	a->first = m->a.first;
	a->max_rowid = m->a.max_rowid;
	a->accs = m->a.accs;
	a->naccs = m->a.naccs;
	a->cap = m->a.cap;
	a->kept = true;
	*a->proof = m->proof;
	m->hits++;
	return AR_OK;
}

/* Keep a's accumulators (they become the memo's), when it is on. */
static ar_status memo_keep(struct aging *a)
{
	struct ar__age_memo *m = *ar__age_memo_slot(a->l);
	const struct ar_age_options *o = a->o;
	ar_status st;
	if (!m)
		return AR_OK;
	memo_drop(m);
	if ((st = memo_version(a->l, &m->data_version, &m->changes)) != AR_OK)
		return st;
	m->as_of = o->as_of;
	m->known_batch = o->known_batch;
	m->by = o->by;
	m->read = o->read;
	m->credits_aged = o->credits_aged;
	m->nedges = o->nedges;
	memcpy(m->edges, o->edges, sizeof(m->edges));
	m->a = *a;
	m->a.l = NULL;
	m->a.o = NULL;
	m->a.proof = NULL;
	m->proof = *a->proof;
	m->valid = true;
	a->kept = true;
	return AR_OK;
}

typedef ar_status (*pass_fn)(void *ctx, const struct ar_age_row *r,
			     const struct cust *c);

/* Age everything, then hand the rows that pass the filters to fn. */
static ar_status run(struct ar_ledger *l, const struct ar_age_options *in,
		     struct ar_age_options *o, struct ar_age_proof *proof,
		     pass_fn fn, void *ctx)
{
	struct aging a = {.l = l, .o = o, .proof = proof};
	bool reading = false;
	ar_status st;
	int64_t min;

	*o = *in;
	memset(proof, 0, sizeof(*proof));
	if ((st = ar_age_options_load(l, o)) != AR_OK)
		return st;
	if (o->customer_id &&
	    (st = ar_ledger_customer_find(l, o->customer_id, NULL)) != AR_OK)
		return st;
	if (o->min_balance && ar_money_parse(o->min_balance,
					     strlen(o->min_balance), 4, NULL,
					     0, &min, NULL) != AR_OK)
		return ar__fail_field(l, AR_EUSAGE, "min_balance", "'%s' is "
				      "not an amount", o->min_balance);
	a.nb = o->nedges + (o->by == AR_AGE_BY_DUE ? 2 : 1);
	a.stride = (sizeof(struct acc) + (size_t)a.nb * sizeof(int64_t) + 15) & ~(size_t)15;
	/* the passes, the names and any detail read one state of the
	 * ledger, whatever commits meanwhile */
	if ((st = ar__read_begin(l, &reading)) != AR_OK)
		return st;
	if ((st = memo_take(&a)) == AR_ENOTFOUND &&
	    (st = load_customers(&a)) == AR_OK && (st = age_scan(&a)) == AR_OK)
		st = memo_keep(&a);
	if (st != AR_OK)
		goto out;
	/* the report in customer number order, names read as it goes */
	/* with known-at, the name and collector the customer had then */
	sqlite3_stmt *cs = ar__prepare(l, "SELECT c.id, c.customer_id, "
		"CASE WHEN h.id IS NULL THEN c.name ELSE h.name END, "
		"coalesce(CASE WHEN h.id IS NULL THEN c.collector "
		"ELSE h.collector END, '') FROM customer c "
		"LEFT JOIN customer_history h ON h.customer = c.id "
		"AND h.batch_id <= ?1 AND h.replaced_by_batch > ?1 "
		"ORDER BY c.customer_id");
	if (!cs) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_int64(cs, 1, last_batch(o));
	/* --min-balance must be an amount of every currency it meets */
	for (int i = 0; o->min_balance && i < proof->ncurrencies; i++)
		if (ar_money_parse(o->min_balance, strlen(o->min_balance),
				   proof->c[i].exponent, proof->c[i].code, 0,
				   &min, NULL) != AR_OK) {
			sqlite3_finalize(cs);
			st = ar__fail_field(l, AR_EUSAGE, "min_balance", "'%s' "
					    "is not an amount in %s",
					    o->min_balance, proof->c[i].code);
			goto out;
		}
	int rc;
	while (st == AR_OK && (rc = sqlite3_step(cs)) == SQLITE_ROW) {
		struct cust c = {
			.id = sqlite3_column_int64(cs, 0),
			.customer_id = (const char *)sqlite3_column_text(cs, 1),
			.name = (const char *)sqlite3_column_text(cs, 2),
			.collector = (const char *)sqlite3_column_text(cs, 3),
		};
		if (c.id < 0 || c.id > a.max_rowid)
			continue;
		for (int32_t k = a.first[c.id]; k >= 0 && st == AR_OK; k = acc_at(&a, k)->next) {
			struct acc *x = acc_at(&a, k);
			const int64_t *bk = x->bucket;
			struct ar_age_row r = {
				.customer_id = c.customer_id,
				.customer_name = c.name,
				.collector = c.collector,
				.exponent = proof->c[x->cur].exponent,
				.unapplied = x->unapplied,
				.disputed = x->disputed,
				.ledger = x->ledger,
				.oldest_days = x->oldest,
				.last_payment = x->last_payment,
				.nbuckets = a.nb,
			};
			memcpy(r.currency, proof->c[x->cur].code, 4);
			for (int i = 0; i < a.nb; i++) {
				r.bucket[i] = bk[i];
				add(&a, &r.total, bk[i]);
			}
			add(&a, &r.balance, r.total);
			add(&a, &r.balance, r.unapplied);
			add(&a, &proof->c[x->cur].aged, r.balance);
			if ((x->items || o->every_customer) && wanted(o, &r))
				st = fn(ctx, &r, &c);
		}
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(cs);
	if (st == AR_OK && a.overflow)
		st = ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits");
out:
	aging_free(&a);
	ar__read_end(l, reading);
	return st;
}

struct summary_ctx {
	ar_age_row_fn fn;
	void *ctx;
};

static ar_status summary_pass(void *ctx, const struct ar_age_row *r,
			      const struct cust *c)
{
	struct summary_ctx *s = ctx;
	(void)c;
	return s->fn(s->ctx, r);
}

/* Unidentified cash into the proof (see age.h). */
struct unident_ctx {
	struct ar_ledger *l;
	struct ar_age_proof *p;
};

static ar_status unidentified_row(void *ctx,
				  const struct ar_unidentified_row *r)
{
	struct unident_ctx *u = ctx;
	struct ar_age_proof *p = u->p;
	int i;
	for (i = 0; i < p->ncurrencies; i++)
		if (memcmp(p->c[i].code, r->currency, 4) == 0)
			break;
	if (i == p->ncurrencies) {
		if (i == AR_AGE_MAX_CURRENCIES)
			return ar__fail(u->l, AR_ELEDGER, "more than %d "
					"currencies", AR_AGE_MAX_CURRENCIES);
		memcpy(p->c[i].code, r->currency, 4);
		p->c[i].exponent = r->exponent;
		p->ncurrencies++;
	}
	if (!ar_money_accum(&p->c[i].unidentified, r->amount) ||
	    !ar_money_accum(&p->c[i].ledger, -r->amount) ||
	    !ar_money_accum(&p->c[i].aged, -r->amount))
		return ar__fail(u->l, AR_ELEDGER, "unidentified cash total "
				"overflows");
	return AR_OK;
}

static ar_status unidentified(struct ar_ledger *l,
			      const struct ar_age_options *in,
			      struct ar_age_proof *proof)
{
	struct unident_ctx u = {l, proof};
	return ar_cash_unidentified(l, in->as_of, in->known_batch,
				    unidentified_row, &u);
}

ar_status ar_age_summary(struct ar_ledger *l, const struct ar_age_options *in,
			 ar_age_row_fn fn, void *ctx, struct ar_age_proof *proof)
{
	struct ar_age_options o;
	struct summary_ctx s = {fn, ctx};
	ar_status st = run(l, in, &o, proof, summary_pass, &s);
	return st == AR_OK ? unidentified(l, in, proof) : st;
}

/* ------------------------------------------------------------------ */
/* Totals at several dates in one pass */

/* Every application of one document: effective date and amount. */
struct dated {
	ar_date day;
	int64_t amount;
};

struct dated_set {
	struct dated *v;
	size_t n, cap;
};

/* A cursor over (document, amount, effective date) in document order. */
struct apps {
	sqlite3_stmt *s;
	bool done;
	int64_t doc;
};

static ar_status apps_next(struct aging *a, struct apps *c)
{
	int rc = sqlite3_step(c->s);
	if (rc == SQLITE_ROW) {
		c->doc = sqlite3_column_int64(c->s, 0);
		return AR_OK;
	}
	c->done = true;
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(a->l, rc, "read");
}

static ar_status dated_add(struct dated_set *d, ar_date day, int64_t amount)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct dated *v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			return AR_ENOMEM;
		d->v = v, d->cap = cap;
	}
	d->v[d->n++] = (struct dated){day, amount};
	return AR_OK;
}

/* The rows of c for doc into d (emptied first); c moves past them. */
static ar_status apps_take(struct aging *a, struct apps *c, int64_t doc,
			   struct dated_set *d)
{
	ar_status st = AR_OK;
	d->n = 0;
	while (!c->done && c->doc < doc && (st = apps_next(a, c)) == AR_OK)
		;
	while (st == AR_OK && !c->done && c->doc == doc) {
		st = dated_add(d, ar__column_date(c->s, 2),
			       sqlite3_column_int64(c->s, 1));
		if (st == AR_OK)
			st = apps_next(a, c);
	}
	return st;
}

static int64_t dated_sum(struct aging *a, const struct dated_set *d,
			 ar_date day)
{
	int64_t sum = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].day <= day)
			add(a, &sum, d->v[i].amount);
	return sum;
}

/* Disputes with the day each was opened and resolved, by document. */
struct spans {
	size_t n;
	int64_t *doc, *amount;
	ar_date *opened, *resolved;	/* AR_DATE_NONE: not resolved */
};

static void spans_free(struct spans *s)
{
	free(s->doc), free(s->amount), free(s->opened), free(s->resolved);
}

/* Those that may be open on a day from `from` on: not the ones resolved
 * before it, so that memory follows the disputes, not their history. */
static ar_status spans_load(struct aging *a, struct spans *sp, int64_t kb,
			    const char *from)
{
	size_t cap = 0;
	int rc;
	sqlite3_stmt *s = ar__prepare(a->l, "SELECT document, amount, opened, "
		"resolved FROM (SELECT d.document, d.amount, d.opened, (SELECT "
		"min(r.resolved) FROM dispute_resolution r WHERE r.dispute = "
		"d.id AND r.batch_id <= ?1) AS resolved FROM dispute d WHERE "
		"d.batch_id <= ?1) WHERE resolved IS NULL OR resolved > ?2 "
		"ORDER BY document");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, kb);
	sqlite3_bind_text(s, 2, from, 10, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sp->n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *d = realloc(sp->doc, cap * sizeof(*d));
			if (d)
				sp->doc = d;
			int64_t *m = d ? realloc(sp->amount, cap * sizeof(*m)) : NULL;
			if (m)
				sp->amount = m;
			ar_date *o = m ? realloc(sp->opened, cap * sizeof(*o)) : NULL;
			if (o)
				sp->opened = o;
			ar_date *r = o ? realloc(sp->resolved, cap * sizeof(*r)) : NULL;
			if (!r) {
				sqlite3_finalize(s);
				return AR_ENOMEM;
			}
			sp->resolved = r;
		}
		sp->doc[sp->n] = sqlite3_column_int64(s, 0);
		sp->amount[sp->n] = sqlite3_column_int64(s, 1);
		sp->opened[sp->n] = ar__column_date(s, 2);
		sp->resolved[sp->n++] = ar__column_date(s, 3);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(a->l, rc, "read");
}

/* What of document doc is under dispute on day (from *k on: the spans of
 * earlier documents are passed). */
static int64_t spans_on(struct aging *a, const struct spans *sp, size_t *k,
			int64_t doc, ar_date day)
{
	int64_t sum = 0;
	while (*k < sp->n && sp->doc[*k] < doc)
		++*k;
	for (size_t i = *k; i < sp->n && sp->doc[i] == doc; i++)
		if (sp->opened[i] <= day && (sp->resolved[i] == AR_DATE_NONE ||
					     sp->resolved[i] > day))
			add(a, &sum, sp->amount[i]);
	return sum;
}

ar_status ar_age_totals(struct ar_ledger *l, const struct ar_age_options *in,
			const ar_date *dates, int n, ar_age_total_fn fn,
			void *ctx, struct ar_age_proof *proofs)
{
	struct ar_age_options o[AR_AGE_MAX_DATES];
	struct aging *ag = NULL;
	struct apps debit = {0}, credit = {0};
	struct dated_set applied = {0};
	struct spans disp = {0};
	sqlite3_stmt *d = NULL;
	char last[AR_DATE_BUFSZ], first[AR_DATE_BUFSZ];
	ar_date latest = AR_DATE_NONE, earliest = AR_DATE_NONE;
	bool reading = false;
	ar_status st;
	int rc, k;

	if (n < 1 || n > AR_AGE_MAX_DATES)
		return ar__fail(l, AR_EUSAGE, "%d dates: 1 to %d can be aged "
				"at once", n, AR_AGE_MAX_DATES);
	if (!(ag = calloc((size_t)n, sizeof(*ag))))
		return AR_ENOMEM;
	for (k = 0; k < n; k++) {
		o[k] = *in;
		o[k].as_of = dates[k];
		if ((st = ar_age_options_load(l, &o[k])) != AR_OK)
			goto out;
		memset(&proofs[k], 0, sizeof(proofs[k]));
		ag[k] = (struct aging){.l = l, .o = &o[k], .proof = &proofs[k]};
		ag[k].nb = o[k].nedges + (o[k].by == AR_AGE_BY_DUE ? 2 : 1);
		ag[k].stride = (sizeof(struct acc) + (size_t)ag[k].nb *
				sizeof(int64_t) + 15) & ~(size_t)15;
		/* one accumulator per currency: every customer is row 0 */
		if (!(ag[k].first = malloc(sizeof(int32_t)))) {
			st = AR_ENOMEM;
			goto out;
		}
		ag[k].first[0] = -1;
		if (latest == AR_DATE_NONE || dates[k] > latest)
			latest = dates[k];
		if (earliest == AR_DATE_NONE || dates[k] < earliest)
			earliest = dates[k];
	}
	ar_date_format(last, latest);
	ar_date_format(first, earliest);
	/* one state of the ledger for the whole pass */
	if ((st = ar__read_begin(l, &reading)) != AR_OK ||
	    (st = spans_load(&ag[0], &disp, last_batch(in), first)) != AR_OK)
		goto out;
	debit.s = ar__prepare(l, "SELECT debit_doc, amount, effective_date "
		"FROM application INDEXED BY application_debit WHERE "
		"effective_date <= ?1 AND batch_id <= ?2 ORDER BY debit_doc");
	credit.s = ar__prepare(l, "SELECT credit_doc, amount, effective_date "
		"FROM application INDEXED BY application_credit WHERE "
		"effective_date <= ?1 AND batch_id <= ?2 ORDER BY credit_doc");
	d = ar__prepare(l, "SELECT id, doc_date, due_date, amount, currency, "
			"doc_type FROM document WHERE doc_date <= ?1 AND "
			"batch_id <= ?2 ORDER BY id");
	if (!debit.s || !credit.s || !d) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_stmt *bind[] = {debit.s, credit.s, d};
	for (size_t i = 0; i < 3; i++) {
		sqlite3_bind_text(bind[i], 1, last, 10, SQLITE_STATIC);
		sqlite3_bind_int64(bind[i], 2, last_batch(in));
	}
	if ((st = apps_next(&ag[0], &debit)) != AR_OK ||
	    (st = apps_next(&ag[0], &credit)) != AR_OK)
		goto out;
	size_t dk = 0;
	int64_t seen = 0;
	while ((rc = sqlite3_step(d)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(d, 0);
		ar_date day = ar__column_date(d, 1), due = ar__column_date(d, 2);
		int64_t amount = sqlite3_column_int64(d, 3);
		const char *code = (const char *)sqlite3_column_text(d, 4);
		const char *type = (const char *)sqlite3_column_text(d, 5);
		char t0 = type ? type[0] : 'i';
		bool debit_doc = t0 != 'c' && t0 != 'p' && t0 != 'w';

		if ((++seen & 0xffff) == 0)
			ar__progress(l, "%lld documents aged at %d dates",
				     (long long)seen, n);
		if (!code || strlen(code) != 3)
			code = "???";
		if ((st = apps_take(&ag[0], debit_doc ? &debit : &credit, id,
				    &applied)) != AR_OK)
			goto out;
		for (k = 0; k < n; k++) {
			struct aging *a = &ag[k];
			if (day > o[k].as_of)
				continue;
			int cur = currency_slot(a, code);
			struct acc *x = cur < 0 ? NULL : acc_of(a, 0, cur);
			if (!x) {
				st = cur < 0 ? ar__fail(l, AR_ELEDGER, "more than "
					"%d currencies", AR_AGE_MAX_CURRENCIES)
					: AR_ENOMEM;
				goto out;
			}
			add(a, &a->proof->c[cur].ledger, debit_doc ? amount : -amount);
			add(a, &x->ledger, debit_doc ? amount : -amount);
			int64_t open = amount - dated_sum(a, &applied, o[k].as_of);
			take(a, x, debit_doc, day, due, open, debit_doc ?
			     spans_on(a, &disp, &dk, id, o[k].as_of) : 0);
		}
	}
	if (rc != SQLITE_DONE) {
		st = ar__sqlfail(l, rc, "read");
		goto out;
	}
	for (k = 0; k < n && st == AR_OK; k++) {
		struct aging *a = &ag[k];
		for (int32_t i = a->first[0]; i >= 0 && st == AR_OK;
		     i = acc_at(a, i)->next) {
			struct acc *x = acc_at(a, i);
			struct ar_age_row r = {
				.exponent = a->proof->c[x->cur].exponent,
				.unapplied = x->unapplied,
				.disputed = x->disputed,
				.ledger = x->ledger,
				.last_payment = AR_DATE_NONE,
				.nbuckets = a->nb,
			};
			memcpy(r.currency, a->proof->c[x->cur].code, 4);
			for (int b = 0; b < a->nb; b++) {
				r.bucket[b] = x->bucket[b];
				add(a, &r.total, x->bucket[b]);
			}
			add(a, &r.balance, r.total);
			add(a, &r.balance, r.unapplied);
			add(a, &a->proof->c[x->cur].aged, r.balance);
			if (a->overflow)
				st = ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits");
			else
				st = fn(ctx, k, &r);
		}
	}
	/* unidentified cash, as the summary's proof counts it */
	for (k = 0; st == AR_OK && k < n; k++)
		st = unidentified(l, &o[k], &proofs[k]);
out:
	sqlite3_finalize(d);
	sqlite3_finalize(debit.s);
	sqlite3_finalize(credit.s);
	free(applied.v);
	spans_free(&disp);
	for (k = 0; ag && k < n; k++)
		aging_free(&ag[k]);
	free(ag);
	ar__read_end(l, reading);
	return st;
}

/* ------------------------------------------------------------------ */
/* Detail */

/* ar_rank(customer): its rank in the pass running, -1 for none. */
static void rank_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const struct ar__ranks *r = ar__sql_ctx(sqlite3_user_data(cx))->rank;
	sqlite3_int64 id = sqlite3_value_int64(argv[0]);
	(void)argc;
	if (!r)
		sqlite3_result_error(cx, "ar_rank() outside a sorted pass", -1);
	else
		sqlite3_result_int(cx, id >= 0 && id <= r->max_id ?
				   r->rank[id] : -1);
}

struct detail_ctx {
	struct ar_ledger *l;
	const struct ar_age_options *o;
	sqlite3_stmt *items;
	ar_age_item_fn fn;
	void *ctx;
	/* merged: one cursor over every item, in the order of the rows
	 * (customer number, currency), its columns from the third on; the
	 * customer's place in that order (ar_rank()) stands for its
	 * number, so that no row of the customer table is read */
	bool merged;
	int rc;			/* the cursor's last step */
	struct ar__ranks ranks;
};

ar_status ar__ranks_begin(struct ar_ledger *l, struct ar__ranks *r)
{
	memset(r, 0, sizeof(*r));
	ar_status st = ar__int_query(l, "SELECT coalesce(max(id), 0) FROM "
				     "customer", &r->max_id);
	if (st != AR_OK)
		return st;
	if (r->max_id < 0 || r->max_id >= INT32_MAX ||
	    !(r->rank = malloc(((size_t)r->max_id + 1) * sizeof(*r->rank))))
		return AR_ENOMEM;
	for (int64_t i = 0; i <= r->max_id; i++)
		r->rank[i] = -1;
	sqlite3_stmt *s = ar__prepare(l, "SELECT id FROM customer ORDER BY "
				      "customer_id");
	int32_t n = 0;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (id >= 0 && id <= r->max_id)
			r->rank[id] = n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	/* ar_rank(): registered once, then pointed at these ranks */
	struct ar__sql_ctx *x = ar__sql_ctx(l);
	if (!x->rank_fn) {
		rc = sqlite3_create_function_v2(ar__db(l), "ar_rank", 1,
			SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
			l, rank_fn, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return ar__sqlfail(l, rc, "read");
		x->rank_fn = true;
	}
	r->was = x->rank;
	x->rank = r;
	r->on = true;
	/* the pass's sorter takes as much memory as the page cache: they
	 * share it, so that both stay within bounds */
	r->cache = ar__cache_kib_now(l);
	return ar__cache_kib(l, r->cache / 3);
}

ar_status ar__ranks_end(struct ar_ledger *l, struct ar__ranks *r)
{
	ar_status st = AR_OK;
	if (r->on) {
		ar__sql_ctx(l)->rank = r->was;
		st = ar__cache_kib(l, r->cache);
	}
	free(r->rank);
	memset(r, 0, sizeof(*r));
	return st;
}

int64_t ar__rank_of(const struct ar__ranks *r, int64_t id)
{
	return id >= 0 && id <= r->max_id ? r->rank[id] : -2;
}

/* Where s stands against the customer of place want in currency cur:
 * <0 before it. */
static int rank_cmp(sqlite3_stmt *s, int col, int64_t want, const char *cur)
{
	int64_t rank = sqlite3_column_int64(s, col);
	if (rank != want)
		return rank < want ? -1 : 1;
	const char *c = (const char *)sqlite3_column_text(s, col + 1);
	return strcmp(c ? c : "", cur);
}

int ar__rank_seek(sqlite3_stmt *s, int rc, int col, int64_t want,
		  const char *cur)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	while (rc == SQLITE_ROW && rank_cmp(s, col, want, cur) < 0)
		rc = sqlite3_step(s);
	return rc;
}

bool ar__rank_on(sqlite3_stmt *s, int rc, int col, int64_t want,
		 const char *cur)
{
	return rc == SQLITE_ROW && rank_cmp(s, col, want, cur) == 0;
}

/* Hand the item at column off.. of s, of row r, to the caller. */
static ar_status detail_item(struct detail_ctx *d, const struct ar_age_row *r,
			     sqlite3_stmt *s, int off)
{
	const struct ar_age_options *o = d->o;
	struct ar_age_item it = {
		.customer_id = r->customer_id,
		.customer_name = r->customer_name,
		.doc_type = (const char *)sqlite3_column_text(s, off),
		.doc_no = (const char *)sqlite3_column_text(s, off + 1),
		.doc_date = ar__column_date(s, off + 2),
		.due_date = ar__column_date(s, off + 3),
		.po_number = (const char *)sqlite3_column_text(s, off + 7),
		.exponent = r->exponent,
	};
	memcpy(it.currency, r->currency, 4);
	int64_t amount = sqlite3_column_int64(s, off + 4);
	int64_t open = amount - sqlite3_column_int64(s, off + 6);
	bool debit = sqlite3_column_int(s, off + 5) == 1;
	if (open == 0)
		return AR_OK;
	if (debit) {
		ar_date due = it.due_date == AR_DATE_NONE ? it.doc_date
							   : it.due_date;
		it.days = o->as_of - due;
		it.bucket = ar_age_bucket(o, o->as_of -
			(o->by == AR_AGE_BY_DUE ? due : it.doc_date));
		it.amount = amount;
		it.open_amount = open;
		int64_t disputed = sqlite3_column_int64(s, off + 8);
		it.disputed = disputed < open ? disputed : open;
	} else {
		it.due_date = AR_DATE_NONE;
		it.days = o->as_of - it.doc_date;
		it.bucket = o->credits_aged ? ar_age_bucket(o, it.days) : -1;
		it.amount = -amount;
		it.open_amount = -open;
	}
	if (o->older_than >= 0 && it.days <= o->older_than)
		return AR_OK;
	return d->fn(d->ctx, &it);
}

/* Where the merged cursor stands against row r: <0 before it. */
static int merge_cmp(sqlite3_stmt *s, const struct ar_age_row *r)
{
	const char *id = (const char *)sqlite3_column_text(s, 0);
	const char *cur = (const char *)sqlite3_column_text(s, 1);
	int c = strcmp(id ? id : "", r->customer_id);
	return c ? c : strcmp(cur ? cur : "", r->currency);
}

int ar__merge_seek(sqlite3_stmt *s, int rc, const struct ar_age_row *r)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	while (rc == SQLITE_ROW && merge_cmp(s, r) < 0)
		rc = sqlite3_step(s);
	return rc;
}

bool ar__merge_on(sqlite3_stmt *s, int rc, const struct ar_age_row *r)
{
	return rc == SQLITE_ROW && merge_cmp(s, r) == 0;
}

static ar_status detail_pass(void *ctx, const struct ar_age_row *r,
			     const struct cust *c)
{
	struct detail_ctx *d = ctx;
	sqlite3_stmt *s = d->items;
	ar_status st = AR_OK;
	int rc;

	if (d->merged) {
		/* the rows come in the cursor's order; those filtered out
		 * are passed over */
		int64_t want = ar__rank_of(&d->ranks, c->id);
		d->rc = ar__rank_seek(s, d->rc, 0, want, r->currency);
		while (st == AR_OK && ar__rank_on(s, d->rc, 0, want,
						  r->currency)) {
			st = detail_item(d, r, s, 2);
			d->rc = sqlite3_step(s);
		}
		if (st == AR_OK && d->rc != SQLITE_ROW && d->rc != SQLITE_DONE)
			st = ar__sqlfail(d->l, d->rc, "read");
		return st;
	}
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 3, c->id);
	sqlite3_bind_text(s, 4, r->currency, 3, SQLITE_TRANSIENT);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		st = detail_item(d, r, s, 0);
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(d->l, rc, "read");
	return st;
}

ar_status ar_age_detail(struct ar_ledger *l, const struct ar_age_options *in,
			ar_age_item_fn fn, void *ctx, struct ar_age_proof *proof)
{
	struct ar_age_options o;
	char as_of[AR_DATE_BUFSZ];
	struct detail_ctx d = {.l = l, .o = &o, .fn = fn, .ctx = ctx};
	ar_status st;

	ar_date_format(as_of, in->as_of);
	/* what is open comes from the state, and from the history only for
	 * documents changed after as-of; with known-at, all from the
	 * history */
	if (!in->known_batch && in->read != AR_AGE_READ_HISTORY) {
		/* every item in one sorted pass: what is open now and
		 * unchanged since as-of, and what changed after it priced
		 * from its applications effective by then */
		d.merged = true;
		if ((st = ar__ranks_begin(l, &d.ranks)) != AR_OK) {
			ar__ranks_end(l, &d.ranks);
			return st;
		}
		d.items = ar__prepare(l, "SELECT ar_rank(i.customer) AS rank, "
			"i.currency, d.doc_type, d.doc_no, d.doc_date, "
			"d.due_date, d.amount, i.sign, i.amount - i.open, "
			"d.po_number, " AR__DISPUTED_BY("d.id") " FROM ("
			AR__OPEN_AS_OF_SQL ") AS i JOIN document d ON d.id = "
			"i.document ORDER BY rank, i.currency, i.sign DESC, "
			"i.due_date, d.doc_no, d.id");
	} else
		d.items = ar__prepare(l, "SELECT d.doc_type, d.doc_no, d.doc_date, "
		"d.due_date, d.amount, d.sign, CASE WHEN d.sign = 1 THEN "
		"(SELECT coalesce(sum(a.amount), 0) FROM application a WHERE "
		"a.debit_doc = d.id AND a.effective_date <= ?1 AND "
		"a.batch_id <= ?2) ELSE (SELECT coalesce(sum(a.amount), 0) FROM "
		"application a WHERE a.credit_doc = d.id AND a.effective_date "
		"<= ?1 AND a.batch_id <= ?2) END, d.po_number, "
		"(SELECT coalesce(sum(x.amount), 0) FROM dispute x WHERE "
		"x.document = d.id AND x.opened <= ?1 AND x.batch_id <= ?2 AND "
		"NOT EXISTS (SELECT 1 FROM dispute_resolution r WHERE "
		"r.dispute = x.id AND r.resolved <= ?1 AND r.batch_id <= ?2)) "
		"FROM document d WHERE d.customer = ?3 AND d.currency = ?4 AND "
		"d.doc_date <= ?1 AND d.batch_id <= ?2 "
		"ORDER BY d.sign DESC, coalesce(d.due_date, d.doc_date), d.doc_no, "
		"d.id");
	if (!d.items) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_text(d.items, 1, as_of, 10, SQLITE_TRANSIENT);
	if (!d.merged)
		sqlite3_bind_int64(d.items, 2, last_batch(in));
	st = run(l, in, &o, proof, detail_pass, &d);
out:
	sqlite3_finalize(d.items);
	ar_status rs = ar__ranks_end(l, &d.ranks);
	if (st == AR_OK)
		st = rs;
	return st == AR_OK ? unidentified(l, in, proof) : st;
}

/* ------------------------------------------------------------------ */

size_t ar_age_rule_text(const struct ar_age_options *o, char *buf, size_t size)
{
	char names[AR_AGE_MAX_BUCKETS][24];
	int nb = ar_age_bucket_names(o, names);
	size_t n = 0;
	char as_of[AR_DATE_BUFSZ];

	ar_date_format(as_of, o->as_of);
#define PUT(...) (n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__))
	PUT("Aged by %s as of %s: ", o->by == AR_AGE_BY_DUE ? "due date"
	    : "document date", as_of);
	if (o->by == AR_AGE_BY_DUE)
		PUT("current = not yet past due (due today counts as current); ");
	for (int b = o->by == AR_AGE_BY_DUE ? 1 : 0; b + 1 < nb; b++)
		PUT("%s = %s days %s; ", names[b], names[b],
		    o->by == AR_AGE_BY_DUE ? "past due" : "old");
	PUT("%s = more than %d days. ", names[nb - 1], o->edges[o->nedges - 1]);
	if (o->credits_aged)
		PUT("Unapplied payments and credits are aged by their own date "
		    "as negative amounts.");
	else
		PUT("Unapplied payments and credits are in their own column; "
		    "balance = total + unapplied.");
#undef PUT
	return n;
}

ar_status ar_age_gl_currency(struct ar_ledger *l,
			     const struct ar_age_options *o, char out[4])
{
	char *base;
	ar_status st;
	if (o->currency) {
		snprintf(out, 4, "%s", o->currency);
		return AR_OK;
	}
	if ((st = ar_setting_get(l, "currency.base", &base, NULL)) != AR_OK)
		return st;
	snprintf(out, 4, "%s", base);
	free(base);
	return AR_OK;
}

ar_status ar_age_prove(const struct ar_age_proof *p, const char *gl,
		       const char *gl_currency, ar_notice_fn fn, void *ctx,
		       long *problems)
{
	char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ], d[AR_MONEY_BUFSZ], msg[512];
	int64_t diff;

	*problems = 0;
	for (int i = 0; i < p->ncurrencies; i++) {
		if (p->c[i].aged == p->c[i].ledger)
			continue;
		ar_money_format(a, p->c[i].aged, p->c[i].exponent, AR_MONEY_GROUP);
		ar_money_format(b, p->c[i].ledger, p->c[i].exponent, AR_MONEY_GROUP);
		if (ar_money_sub(p->c[i].aged, p->c[i].ledger, &diff))
			ar_money_format(d, diff, p->c[i].exponent, AR_MONEY_GROUP);
		else
			snprintf(d, sizeof(d), "beyond 64 bits");
		snprintf(msg, sizeof(msg), "proof failed: %s: the aging adds up "
			 "to %s, the ledger balance is %s (difference %s)",
			 p->c[i].code, a, b, d);
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, msg);
		++*problems;
	}
	if (!gl)
		return AR_OK;
	for (int i = 0; i < p->ncurrencies; i++) {
		int64_t want;
		if (strcmp(p->c[i].code, gl_currency) != 0)
			continue;
		if (ar_money_parse(gl, strlen(gl), p->c[i].exponent, gl_currency,
				   0, &want, NULL) != AR_OK)
			return AR_EUSAGE;
		if (want == p->c[i].ledger)
			return AR_OK;
		ar_money_format(a, p->c[i].ledger, p->c[i].exponent, AR_MONEY_GROUP);
		ar_money_format(b, want, p->c[i].exponent, AR_MONEY_GROUP);
		if (ar_money_sub(p->c[i].ledger, want, &diff))
			ar_money_format(d, diff, p->c[i].exponent, AR_MONEY_GROUP);
		else
			snprintf(d, sizeof(d), "beyond 64 bits");
		char u[AR_MONEY_BUFSZ + 40] = "";
		if (p->c[i].unidentified) {
			ar_money_format(u, p->c[i].unidentified,
					p->c[i].exponent, AR_MONEY_GROUP);
			/* (the number first, then the words after it) */
			memmove(u + 2, u, strlen(u) + 1);
			memcpy(u, ", ", 2);
			strcat(u, " of it unidentified cash");
		}
		snprintf(msg, sizeof(msg), "the ledger balance is %s %s%s, the "
			 "general ledger %s (difference %s)", a, gl_currency, u,
			 b, d);
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, "gl_balance", msg);
		++*problems;
		return AR_OK;
	}
	/* nothing in that currency yet: the ledger's balance is zero */
	int e = ar_currency_exponent(gl_currency);
	int64_t want;
	if (e < 0)
		e = 2;
	if (ar_money_parse(gl, strlen(gl), e, gl_currency, 0, &want, NULL) != AR_OK)
		return AR_EUSAGE;
	if (want == 0)
		return AR_OK;
	ar_money_format(b, want, e, AR_MONEY_GROUP);
	ar_money_format(d, -want, e, AR_MONEY_GROUP);
	ar_money_format(a, 0, e, AR_MONEY_GROUP);
	snprintf(msg, sizeof(msg), "the ledger balance is %s %s, the general "
		 "ledger %s (difference %s)", a, gl_currency, b, d);
	ar__tell(fn, ctx, AR_NOTICE_PROBLEM, "gl_balance", msg);
	++*problems;
	return AR_OK;
}
