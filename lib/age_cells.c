/*
 * age_cells.c - the aging's rows as cells, once, for every destination:
 * the summary by customer, the open-item detail and their totals lines.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "cells_int.h"

/* The first bucket whose days are all more than 90. */
static int over_90(const struct ar_age_options *a, int nb)
{
	int lo = a->by == AR_AGE_BY_DUE ? 1 : 0;
	for (int k = a->by == AR_AGE_BY_DUE ? 1 : 0, e = 0; k < nb; k++, e++) {
		if (lo > 90)
			return k;
		if (e < a->nedges)
			lo = a->edges[e] + 1;
	}
	return nb;
}

void ar_age_cells_init(struct ar_age_cells *c, const struct ar_age_options *o,
		       bool detail, const struct ar_cells *out)
{
	memset(c, 0, sizeof(*c));
	c->out = out;
	c->detail = detail;
	c->nbuckets = ar_age_bucket_names(o, c->names);
	c->hi_from = over_90(o, c->nbuckets);
}

/* The totals of a currency, or NULL when there are too many. */
static struct ar_age_row *totals_of(struct ar_age_cells *c, const char *cur,
				    int e)
{
	for (int i = 0; i < c->ncur; i++)
		if (strcmp(c->tot[i].currency, cur) == 0)
			return &c->tot[i];
	if (c->ncur == AR_AGE_MAX_CURRENCIES)
		return NULL;
	struct ar_age_row *t = &c->tot[c->ncur++];
	memset(t, 0, sizeof(*t));
	memcpy(t->currency, cur, 4);
	t->exponent = e;
	return t;
}

static void sum(int64_t *acc, int64_t v)
{
	ar_money_accum(acc, v);	/* totals lines only: bounded by the proof */
}

/* The cells of a summary row, or of its totals line. */
static ar_status put_row(struct ar_age_cells *c, const struct ar_age_row *r,
			 bool totals)
{
	const struct ar_cells *out = c->out;
	C(out, text, totals ? "total" : r->customer_id);
	C(out, text, totals ? "" : r->customer_name);
	C(out, text, r->currency);
	for (int b = 0; b < c->nbuckets; b++) {
		ar__cell_highlight(out, b >= c->hi_from && r->bucket[b] != 0);
		C(out, money, r->bucket[b], r->exponent);
	}
	C(out, money, r->total, r->exponent);
	C(out, money, r->unapplied, r->exponent);
	C(out, money, r->balance, r->exponent);
	C(out, money, r->disputed, r->exponent);
	if (totals) {
		for (int k = 0; k < 3; k++)
			out->null(out->ctx);
	} else {
		C(out, integer, r->oldest_days);
		C(out, date, r->last_payment);
		C(out, text, r->collector);
	}
	return out->end_row(out->ctx);
}

ar_status ar_age_row_put(struct ar_age_cells *c, const struct ar_age_row *r)
{
	struct ar_age_row *t = totals_of(c, r->currency, r->exponent);
	if (t) {
		for (int b = 0; b < c->nbuckets; b++)
			sum(&t->bucket[b], r->bucket[b]);
		sum(&t->total, r->total);
		sum(&t->unapplied, r->unapplied);
		sum(&t->balance, r->balance);
		sum(&t->disputed, r->disputed);
	}
	return put_row(c, r, false);
}

ar_status ar_age_item_put(struct ar_age_cells *c, const struct ar_age_item *i)
{
	const struct ar_cells *out = c->out;
	struct ar_age_row *t = totals_of(c, i->currency, i->exponent);
	if (t) {
		sum(&t->total, i->amount);
		sum(&t->balance, i->open_amount);
		sum(&t->disputed, i->disputed);
	}
	C(out, text, i->customer_id);
	C(out, text, i->customer_name);
	C(out, text, i->doc_type);
	C(out, text, i->doc_no);
	C(out, date, i->doc_date);
	C(out, date, i->due_date);
	C(out, integer, i->days);
	C(out, text, i->bucket < 0 ? "unapplied" : c->names[i->bucket]);
	C(out, money, i->amount, i->exponent);
	ar__cell_highlight(out, i->bucket >= c->hi_from);
	C(out, money, i->open_amount, i->exponent);
	C(out, text, i->currency);
	C(out, money, i->disputed, i->exponent);
	C(out, text, i->po_number);
	return out->end_row(out->ctx);
}

ar_status ar_age_totals_put(struct ar_age_cells *c)
{
	const struct ar_cells *out = c->out;
	ar_status st = AR_OK;
	for (int i = 0; i < c->ncur && out->totals && st == AR_OK; i++) {
		const struct ar_age_row *t = &c->tot[i];
		out->totals(out->ctx);
		if (!c->detail) {
			st = put_row(c, t, true);
			continue;
		}
		C(out, text, "total");
		for (int k = 0; k < 7; k++)
			out->null(out->ctx);
		C(out, money, t->total, t->exponent);
		C(out, money, t->balance, t->exponent);
		C(out, text, t->currency);
		C(out, money, t->disputed, t->exponent);
		st = out->end_row(out->ctx);
	}
	return st;
}

static ar_status on_row(void *ctx, const struct ar_age_row *r)
{
	return ar_age_row_put(ctx, r);
}

static ar_status on_item(void *ctx, const struct ar_age_item *i)
{
	return ar_age_item_put(ctx, i);
}

ar_status ar_age_write(struct ar_ledger *l, const struct ar_age_options *o,
		       bool detail, const struct ar_cells *out,
		       struct ar_age_proof *proof)
{
	struct ar_age_cells *c = malloc(sizeof(*c));
	ar_status st;
	if (!c)
		return AR_ENOMEM;
	ar_age_cells_init(c, o, detail, out);
	st = detail ? ar_age_detail(l, o, on_item, c, proof)
		    : ar_age_summary(l, o, on_row, c, proof);
	if (st == AR_OK)
		st = ar_age_totals_put(c);
	free(c);
	return st;
}
