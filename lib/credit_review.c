/*
 * credit_review.c - the customers a credit manager should look at: over
 * their limit, close to it, on hold with nothing past due; and the limit
 * their payment behaviour suggests.
 *
 * The balances, the overdue money and the risk grade are those of the
 * customers report (ar_report_customers()), one row per customer and
 * currency; a customer on hold with no such row (nothing owed, nothing
 * paid in a year) is a release candidate too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/credit.h"
#include "ar/money.h"
#include "ar/report.h"
#include "cells_int.h"
#include "internal.h"
#include "report_int.h"

/* Percent of the best three months' sales per grade A..E. */
static const int factor[5] = {100, 75, 50, 25, 0};

const char *ar_credit_suggest_rule(void)
{
	return "Suggested limit = the highest credit sales (invoices, debit "
	       "memos, finance charges) of three consecutive calendar months "
	       "among the twelve up to as-of's, times 100 % for grade A, 75 % "
	       "B, 50 % C, 25 % D, 0 % E, rounded down to a whole 100.";
}

int64_t ar_credit_suggest(int64_t best, char grade, int exponent)
{
	if (grade < 'A' || grade > 'E' || best <= 0)
		return 0;
	int64_t unit = 100;
	for (int i = 0; i < exponent; i++)
		unit *= 10;
	__int128 v = (__int128)best * factor[grade - 'A'] / 100;
	return (int64_t)(v / unit * unit);
}

const struct ar_column ar_credit_review_columns[AR_CREDIT_REVIEW_COLUMNS] = {
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"status", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"credit_limit", AR_COL_MONEY}, {"balance", AR_COL_MONEY},
	{"utilization", AR_COL_MONEY}, {"overdue", AR_COL_MONEY},
	{"grade", AR_COL_TEXT}, {"best_3_months_sales", AR_COL_MONEY},
	{"suggested_limit", AR_COL_MONEY}, {"reason", AR_COL_TEXT},
};

ar_status ar_credit_review_put(const struct ar_cells *out,
			       const struct ar_credit_review_row *r)
{
	char g[2] = {r->grade, 0};
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	C(out, text, r->status);
	C(out, text, r->currency);
	if (r->credit_limit < 0)
		out->null(out->ctx);
	else
		C(out, money, r->credit_limit, r->exponent);
	C(out, money, r->balance, r->exponent);
	if (r->utilization == AR_RATIO_NONE)
		out->null(out->ctx);
	else
		C(out, money, r->utilization, 2);
	C(out, money, r->overdue, r->exponent);
	if (r->grade)
		C(out, text, g);
	else
		out->null(out->ctx);
	C(out, money, r->best_sales, r->exponent);
	if (r->suggested_limit < 0)
		out->null(out->ctx);
	else
		C(out, money, r->suggested_limit, r->exponent);
	C(out, text, r->reason);
	return out->end_row(out->ctx);
}

/* A customer on hold, in customer number order. */
struct held {
	char *customer_id, *name, *currency;
	int64_t limit;		/* -1: none */
	bool seen;
};

struct review {
	struct ar_ledger *l;
	ar_date as_of, first;	/* first: the first day of the 12 months */
	sqlite3_stmt *master, *sales;
	struct held *held;
	size_t nheld, next;
	ar_credit_review_fn fn;
	void *ctx;
};

/* The highest sales of three consecutive months of the twelve. */
static ar_status best_sales(struct review *v, const char *customer_id,
			    const char *currency, int64_t *best)
{
	int64_t month[12] = {0};
	int y0, m0, d, rc;
	ar_date_to_ymd(v->first, &y0, &m0, &d);
	sqlite3_reset(v->sales);
	sqlite3_bind_text(v->sales, 1, customer_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(v->sales, 2, currency, -1, SQLITE_TRANSIENT);
	ar__bind_date(v->sales, 3, v->first);
	ar__bind_date(v->sales, 4, v->as_of);
	while ((rc = sqlite3_step(v->sales)) == SQLITE_ROW) {
		int y, m;
		ar_date_to_ymd(ar__col_date(v->sales, 0), &y, &m, &d);
		int i = (y - y0) * 12 + (m - m0);
		if (i >= 0 && i < 12 &&
		    !ar_money_accum(&month[i], sqlite3_column_int64(v->sales, 1)))
			return ar__fail(v->l, AR_ELEDGER, "a sum overflows 64 bits");
	}
	if (rc != SQLITE_DONE)
		return ar__sqlfail(v->l, rc, "read");
	*best = 0;
	for (int i = 0; i + 2 < 12; i++) {
		int64_t s = month[i] + month[i + 1] + month[i + 2];
		if (s > *best)
			*best = s;
	}
	return AR_OK;
}

/* A held customer with no row of the customers report. */
static ar_status held_row(struct review *v, const struct held *h)
{
	int e = ar__exponent(v->l, h->currency);
	struct ar_credit_review_row r = {
		.customer_id = h->customer_id, .customer_name = h->name,
		.status = "hold", .exponent = e,
		.credit_limit = h->limit, .utilization = h->limit > 0 ? 0
			: AR_RATIO_NONE, .suggested_limit = -1,
		.reason = "release",
	};
	snprintf(r.currency, sizeof(r.currency), "%s", h->currency);
	ar_status st = best_sales(v, h->customer_id, h->currency, &r.best_sales);
	return st == AR_OK ? v->fn(v->ctx, &r) : st;
}

/* The held customers numbered before customer_id (all when NULL). */
static ar_status held_before(struct review *v, const char *customer_id)
{
	ar_status st = AR_OK;
	while (st == AR_OK && v->next < v->nheld) {
		struct held *h = &v->held[v->next];
		int cmp = customer_id ? strcmp(h->customer_id, customer_id) : -1;
		if (cmp > 0)
			break;
		if (cmp == 0) {
			h->seen = true;
			break;
		}
		if (!h->seen)
			st = held_row(v, h);
		v->next++;
	}
	return st;
}

static ar_status on_customer(void *ctx, const struct ar_customer_row *c)
{
	struct review *v = ctx;
	ar_status st = held_before(v, c->customer_id);
	int rc;
	if (st != AR_OK)
		return st;
	sqlite3_reset(v->master);
	sqlite3_bind_text(v->master, 1, c->customer_id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(v->master)) != SQLITE_ROW)
		return ar__sqlfail(v->l, rc, "read");
	char status[16], own[4];
	snprintf(status, sizeof(status), "%s", ar__col_text(v->master, 0));
	snprintf(own, sizeof(own), "%s", ar__col_text(v->master, 1));
	/* the limit is in the customer's own currency */
	int64_t limit = strcmp(own, c->currency) == 0 ? c->credit_limit : -1;
	const char *reason = NULL;
	if (limit >= 0 && c->balance > limit)
		reason = "over_limit";
	else if (limit > 0 && (__int128)c->balance * 10 >= (__int128)limit * 9)
		reason = "near_limit";
	else if (strcmp(status, "hold") == 0 && c->overdue == 0)
		reason = "release";
	if (!reason)
		return AR_OK;
	struct ar_credit_review_row r = {
		.customer_id = c->customer_id, .customer_name = c->customer_name,
		.status = status, .exponent = c->exponent,
		.credit_limit = limit, .balance = c->balance,
		.overdue = c->overdue,
		.utilization = limit < 0 ? AR_RATIO_NONE
			: ar_ratio(c->balance, 100, limit, 2),
		.grade = c->grade, .reason = reason,
	};
	memcpy(r.currency, c->currency, 4);
	if ((st = best_sales(v, c->customer_id, c->currency, &r.best_sales)) != AR_OK)
		return st;
	r.suggested_limit = ar_credit_suggest(r.best_sales, c->grade, c->exponent);
	return v->fn(v->ctx, &r);
}

static ar_status load_held(struct review *v)
{
	sqlite3_stmt *s = ar__prepare(v->l, "SELECT customer_id, name, "
		"coalesce(currency, (SELECT value FROM setting WHERE key = "
		"'currency.base'), 'USD'), credit_limit FROM customer WHERE "
		"status = 'hold' ORDER BY customer_id");
	ar_status st = AR_OK;
	size_t cap = 0;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (v->nheld == cap) {
			cap = cap ? 2 * cap : 16;
			struct held *n = realloc(v->held, cap * sizeof(*n));
			if (!n) {
				st = AR_ENOMEM;
				break;
			}
			v->held = n;
		}
		struct held *h = &v->held[v->nheld++];
		h->customer_id = strdup(ar__col_text(s, 0));
		h->name = strdup(ar__col_text(s, 1));
		h->currency = strdup(ar__col_text(s, 2));
		h->limit = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1
			   : sqlite3_column_int64(s, 3);
		h->seen = false;
		if (!h->customer_id || !h->name || !h->currency)
			st = AR_ENOMEM;
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(v->l, rc, "read");
	sqlite3_finalize(s);
	return st;
}

ar_status ar_credit_review(struct ar_ledger *l, ar_date as_of,
			   ar_credit_review_fn fn, void *ctx)
{
	struct ar_report_options o;
	struct review v = {.l = l, .as_of = as_of, .fn = fn, .ctx = ctx};
	int y, m, d;
	ar_status st;

	ar_date_to_ymd(as_of, &y, &m, &d);
	m -= 11;
	if (m < 1) {
		m += 12;
		y--;
	}
	v.first = ar_date_from_ymd(y, m, 1);
	ar_report_options_init(&o);
	o.as_of = as_of;
	v.master = ar__prepare(l, "SELECT status, coalesce(currency, (SELECT "
		"value FROM setting WHERE key = 'currency.base'), 'USD') FROM "
		"customer WHERE customer_id = ?1");
	v.sales = ar__prepare(l, "SELECT d.doc_date, d.amount FROM document d "
		"JOIN customer c ON c.id = d.customer WHERE c.customer_id = ?1 "
		"AND d.currency = ?2 AND d.doc_date >= ?3 AND d.doc_date <= ?4 "
		"AND (d.doc_type = 'invoice' OR d.doc_type = 'debit_memo' OR "
		"d.doc_type = 'finance_charge')");
	if (!v.master || !v.sales)
		st = AR_ELEDGER;
	else if ((st = load_held(&v)) == AR_OK &&
		 (st = ar_report_customers(l, &o, on_customer, &v)) == AR_OK)
		st = held_before(&v, NULL);
	sqlite3_finalize(v.master);
	sqlite3_finalize(v.sales);
	for (size_t i = 0; i < v.nheld; i++) {
		free(v.held[i].customer_id);
		free(v.held[i].name);
		free(v.held[i].currency);
	}
	free(v.held);
	return st;
}
