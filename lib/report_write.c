/*
 * report_write.c - the rows of each report as cells, once, for every
 * destination: a csv/tsv/json/table writer or a workbook sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/report.h"
#include "ar/xlsx.h"
#include "cells_int.h"
#include "internal.h"
#include "report_int.h"

static void ratio(const struct ar_cells *out, int64_t v, int decimals)
{
	if (v == AR_RATIO_NONE)
		out->null(out->ctx);
	else
		C(out, money, v, decimals);
}

static void kpi_value(const struct ar_cells *out, const struct ar_kpi *k, int i)
{
	const struct ar_kpi_def *d = &ar_kpi_defs[i];
	if (d->kind == AR_KPI_MONEY)
		C(out, money, k->v[i], k->exponent);
	else if (d->kind == AR_KPI_COUNT)
		C(out, integer, k->v[i]);
	else
		ratio(out, k->v[i], d->decimals);
}

ar_status ar_report_put_kpi(const struct ar_cells *out, const struct ar_kpi *k,
			    bool vertical)
{
	ar_status st = AR_OK;
	if (!vertical) {
		C(out, text, k->currency);
		C(out, date, k->from);
		C(out, date, k->to);
		C(out, integer, k->days);
		for (int i = 0; i < AR_KPI_N; i++)
			kpi_value(out, k, i);
		ratio(out, k->cei_avg, 2);
		return out->end_row(out->ctx);
	}
	for (int i = 0; i < AR_KPI_N && st == AR_OK; i++) {
		C(out, text, k->currency);
		C(out, text, ar_kpi_defs[i].name);
		kpi_value(out, k, i);
		C(out, text, ar_kpi_defs[i].formula);
		st = out->end_row(out->ctx);
	}
	if (st == AR_OK && k->cei_months) {
		char f[96];
		snprintf(f, sizeof(f), "mean of the cei of each of the %d "
			 "calendar months to period_end", k->cei_months);
		C(out, text, k->currency);
		C(out, text, "cei_avg");
		ratio(out, k->cei_avg, 2);
		C(out, text, f);
		st = out->end_row(out->ctx);
	}
	return st;
}

ar_status ar_report_put_trend(const struct ar_cells *out, const struct ar_kpi *k)
{
	char month[AR_DATE_BUFSZ];
	ar_date_format(month, k->from);
	month[7] = '\0';
	C(out, text, month);
	C(out, text, k->currency);
	C(out, date, k->to);
	for (int i = 0; i < AR_KPI_N; i++)
		kpi_value(out, k, i);
	for (int b = 0; b < AR_KPI_BUCKETS; b++) {
		ar__cell_highlight(out, b >= 4 && k->aging[b] != 0);	/* over 90 */
		C(out, money, k->aging[b], k->exponent);
	}
	return out->end_row(out->ctx);
}

ar_status ar_report_put_forecast(const struct ar_cells *out,
				 const struct ar_forecast_row *r)
{
	if (r->week_start == AR_DATE_NONE)
		C(out, text, r->doubtful ? "doubtful" : "later");
	else
		C(out, date, r->week_start);
	C(out, text, r->currency);
	C(out, money, r->expected, r->exponent);
	C(out, integer, r->items);
	return out->end_row(out->ctx);
}

ar_status ar_report_put_backtest(const struct ar_cells *out,
				 const struct ar_backtest_row *r)
{
	C(out, date, r->cutoff);
	C(out, text, r->currency);
	C(out, text, r->known_at ? "known-at" : "as-of");
	C(out, integer, r->weeks);
	C(out, money, r->actual, r->exponent);
	C(out, money, r->forecast, r->exponent);
	ratio(out, r->wape, 2);
	ratio(out, r->bias, 2);
	ratio(out, r->week0, 2);
	C(out, money, r->naive, r->exponent);
	ratio(out, r->naive_wape, 2);
	ratio(out, r->naive_bias, 2);
	ratio(out, r->naive_week0, 2);
	return out->end_row(out->ctx);
}

static ar_status put_backtest(void *ctx, const struct ar_backtest_row *r)
{
	return ar_report_put_backtest(ctx, r);
}

static ar_status put_customer(void *ctx, const struct ar_customer_row *r)
{
	const struct ar_cells *out = ctx;
	char g[2] = {r->grade, 0};
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	C(out, text, r->currency);
	C(out, integer, r->invoices_paid);
	ratio(out, r->avg_days_to_pay, 2);
	ratio(out, r->avg_days_late, 2);
	ratio(out, r->weighted_days_late, 2);
	ratio(out, r->pct_paid_late, 2);
	C(out, date, r->last_payment);
	C(out, money, r->balance, r->exponent);
	C(out, money, r->overdue, r->exponent);
	if (r->credit_limit < 0)
		out->null(out->ctx);
	else
		C(out, money, r->credit_limit, r->exponent);
	ratio(out, r->utilization, 2);
	ratio(out, r->late_trend, 2);
	C(out, text, g);
	ratio(out, r->dso, 2);
	C(out, text, r->kind);
	return out->end_row(out->ctx);
}

static ar_status put_work(void *ctx, const struct ar_worklist_row *r)
{
	const struct ar_cells *out = ctx;
	C(out, integer, r->rank);
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	C(out, text, r->phone);
	C(out, text, r->email);
	C(out, text, r->collector);
	ar__cell_highlight(out, r->oldest_days > 90);
	C(out, money, r->overdue, r->exponent);
	C(out, text, r->currency);
	C(out, integer, r->oldest_days);
	C(out, date, r->last_contact);
	C(out, date, r->last_payment);
	C(out, text, r->reason);
	C(out, integer, r->score);
	return out->end_row(out->ctx);
}

/* Totals per currency, for the totals lines of a table. */
struct totals {
	const struct ar_cells *out;
	int n;
	struct {
		char code[4];
		int e;
		int64_t a, b;
	} t[AR_AGE_MAX_CURRENCIES];
};

static void total(struct totals *t, const char *code, int e, int64_t a,
		  int64_t b)
{
	int i;
	for (i = 0; i < t->n && strcmp(t->t[i].code, code); i++)
		;
	if (i == t->n) {
		if (t->n == AR_AGE_MAX_CURRENCIES)
			return;
		memset(&t->t[i], 0, sizeof(t->t[i]));
		memcpy(t->t[t->n++].code, code, 4);
		t->t[i].e = e;
	}
	/* bounded by the ledger's own sums, which are checked */
	ar_money_accum(&t->t[i].a, a);
	ar_money_accum(&t->t[i].b, b);
}

static ar_status put_unapplied(void *ctx, const struct ar_unapplied_row *r)
{
	struct totals *t = ctx;
	const struct ar_cells *out = t->out;
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	C(out, text, r->doc_type);
	C(out, text, r->doc_no);
	C(out, date, r->doc_date);
	C(out, integer, r->age_days);
	C(out, text, r->currency);
	C(out, money, r->amount, r->exponent);
	C(out, money, r->unapplied, r->exponent);
	C(out, text, r->flag);
	total(t, r->currency, r->exponent, r->amount, r->unapplied);
	return out->end_row(out->ctx);
}

static void put_stats(const struct ar_cells *out, const struct ar_dispute_stats *r)
{
	C(out, integer, r->opened);
	C(out, money, r->opened_amount, r->exponent);
	C(out, integer, r->open);
	C(out, money, r->open_amount, r->exponent);
	for (int i = 0; i < 4; i++) {
		ar__cell_highlight(out, i == 3 && r->open_age[i] != 0);	/* over 90 */
		C(out, money, r->open_age[i], r->exponent);
	}
	C(out, integer, r->resolved);
	C(out, money, r->resolved_amount, r->exponent);
	ratio(out, r->avg_days, 2);
	C(out, integer, r->credit);
	C(out, integer, r->writeoff);
	C(out, integer, r->reinstated);
	C(out, integer, r->rebilled);
}

/* The dispute rows, and per currency their total for the totals lines. */
struct dispute_totals {
	const struct ar_cells *out;
	int n;
	struct ar_dispute_stats t[AR_AGE_MAX_CURRENCIES];
};

static ar_status put_disputes(void *ctx, const struct ar_dispute_stats *r)
{
	struct dispute_totals *t = ctx;
	const struct ar_cells *out = t->out;
	int i;
	C(out, text, r->reason);
	C(out, text, r->currency);
	put_stats(out, r);
	for (i = 0; i < t->n && strcmp(t->t[i].currency, r->currency); i++)
		;
	if (i == t->n && t->n < AR_AGE_MAX_CURRENCIES) {
		memset(&t->t[i], 0, sizeof(t->t[i]));
		memcpy(t->t[t->n++].currency, r->currency, 4);
		t->t[i].exponent = r->exponent;
	}
	if (i < t->n) {
		/* bounded by the ledger's own sums, which are checked */
		struct ar_dispute_stats *x = &t->t[i];
		x->opened += r->opened;
		ar_money_accum(&x->opened_amount, r->opened_amount);
		x->open += r->open;
		ar_money_accum(&x->open_amount, r->open_amount);
		for (int k = 0; k < 4; k++)
			ar_money_accum(&x->open_age[k], r->open_age[k]);
		x->resolved += r->resolved;
		ar_money_accum(&x->resolved_amount, r->resolved_amount);
		x->days_sum += r->days_sum;
		x->credit += r->credit;
		x->writeoff += r->writeoff;
		x->reinstated += r->reinstated;
		x->rebilled += r->rebilled;
	}
	return out->end_row(out->ctx);
}

static ar_status disputes(struct ar_ledger *l, const struct ar_report_options *o,
			  const struct ar_cells *out)
{
	struct dispute_totals *t = calloc(1, sizeof(*t));
	ar_status st;
	if (!t)
		return AR_ENOMEM;
	t->out = out;
	st = ar_report_disputes(l, o, put_disputes, t);
	for (int i = 0; st == AR_OK && out->totals && i < t->n; i++) {
		struct ar_dispute_stats *x = &t->t[i];
		x->avg_days = x->resolved ? ar__ratio128(x->days_sum,
			x->resolved, 2) : AR_RATIO_NONE;
		out->totals(out->ctx);
		C(out, text, "total");
		C(out, text, x->currency);
		put_stats(out, x);
		st = out->end_row(out->ctx);
	}
	free(t);
	return st;
}

static ar_status put_week(void *ctx, const struct ar_forecast_row *r)
{
	struct totals *t = ctx;
	total(t, r->currency, r->exponent, r->expected, r->items);
	return ar_report_put_forecast(t->out, r);
}

static ar_status put_collector(void *ctx, const struct ar_collector_row *r)
{
	const struct ar_cells *out = ctx;
	C(out, text, r->collector);
	C(out, text, r->currency);
	C(out, date, r->from);
	C(out, date, r->to);
	C(out, integer, r->contacts);
	C(out, integer, r->reached);
	C(out, integer, r->promises);
	C(out, money, r->promised, r->exponent);
	ratio(out, r->pct_kept, 2);
	C(out, money, r->collected, r->exponent);
	if (r->target < 0)
		out->null(out->ctx);
	else
		C(out, money, r->target, r->exponent);
	ratio(out, r->attainment, 2);
	return out->end_row(out->ctx);
}

static ar_status put_promise(void *ctx, const struct ar_promise_report_row *r)
{
	const struct ar_cells *out = ctx;
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	C(out, text, r->collector);
	C(out, date, r->made);
	C(out, date, r->promise_date);
	C(out, money, r->amount, r->exponent);
	C(out, text, r->currency);
	/* (a highlight marks money cells) */
	ar__cell_highlight(out, !strcmp(r->status, "broken") ||
			    !strcmp(r->status, "partial"));
	C(out, money, r->received, r->exponent);
	C(out, text, r->status);
	C(out, integer, r->days_overdue);
	ar__cell_int_or_null(out, r->plan);
	return out->end_row(out->ctx);
}

struct kpi_ctx {
	const struct ar_cells *out;
	bool vertical;
};

static ar_status put_kpi(void *ctx, const struct ar_kpi *k)
{
	struct kpi_ctx *c = ctx;
	return ar_report_put_kpi(c->out, k, c->vertical);
}

static ar_status put_trend(void *ctx, const struct ar_kpi *k)
{
	struct kpi_ctx *c = ctx;
	return ar_report_put_trend(c->out, k);
}

ar_status ar__report_write_customers(struct ar_ledger *l,
				     const struct ar_report_options *o,
				     struct ar__cust_paid *pre,
				     const struct ar_cells *out)
{
	return ar__report_customers_with(l, o, pre, put_customer, (void *)out);
}

ar_status ar_report_write(struct ar_ledger *l, const struct ar_report_options *o,
			  const char *report, bool vertical,
			  const struct ar_cells *out)
{
	struct kpi_ctx kc = {out, vertical};
	struct totals *t = NULL;
	ar_status st;

	if (!strcmp(report, "kpi"))
		return ar_report_kpi(l, o, put_kpi, &kc);
	if (!strcmp(report, "trend"))
		return ar_report_trend(l, o, put_trend, &kc);
	if (!strcmp(report, "customers"))
		return ar__report_write_customers(l, o, NULL, out);
	if (!strcmp(report, "worklist"))
		return ar_report_worklist(l, o, put_work, (void *)out);
	if (!strcmp(report, "disputes"))
		return disputes(l, o, out);
	if (!strcmp(report, "backtest"))
		return ar_report_backtest(l, o, put_backtest, (void *)out);
	if (!strcmp(report, "collectors"))
		return ar_report_collectors(l, o, put_collector, (void *)out);
	if (!strcmp(report, "promises"))
		return ar_report_promises(l, o, put_promise, (void *)out);
	bool weeks = !strcmp(report, "forecast");
	if (!weeks && strcmp(report, "unapplied"))
		return ar__fail(l, AR_EUSAGE, "'%s' is not a report", report);
	if (!(t = calloc(1, sizeof(*t))))
		return AR_ENOMEM;
	t->out = out;
	st = weeks ? ar_report_forecast(l, o, put_week, t)
		   : ar_report_unapplied(l, o, put_unapplied, t);
	for (int i = 0; st == AR_OK && out->totals && i < t->n; i++) {
		out->totals(out->ctx);
		C(out, text, "total");
		if (weeks) {
			C(out, text, t->t[i].code);
			C(out, money, t->t[i].a, t->t[i].e);
			C(out, integer, t->t[i].b);
		} else {
			for (int k = 0; k < 5; k++)
				out->null(out->ctx);
			C(out, text, t->t[i].code);
			C(out, money, t->t[i].a, t->t[i].e);
			C(out, money, t->t[i].b, t->t[i].e);
			out->null(out->ctx);
		}
		st = out->end_row(out->ctx);
	}
	free(t);
	return st;
}

/* ------------------------------------------------------------------ */
/* The workbook's cells (a writer's are in csv_write.c) */

static void x_text(void *c, const char *s) { ar_xlsx_text(c, s); }
static void x_money(void *c, int64_t v, int e) { ar_xlsx_money(c, v, e); }
static void x_int(void *c, int64_t v) { ar_xlsx_int(c, v); }
static void x_date(void *c, ar_date d) { ar_xlsx_date(c, d); }
static void x_null(void *c) { ar_xlsx_null(c); }
static void x_hi(void *c) { ar_xlsx_highlight(c); }
static ar_status x_end(void *c) { return ar_xlsx_end_row(c); }

void ar_cells_xlsx(struct ar_cells *c, struct ar_xlsx *x)
{
	*c = (struct ar_cells){
		.text = x_text, .money = x_money, .integer = x_int,
		.date = x_date, .null = x_null, .highlight = x_hi,
		.end_row = x_end, .ctx = x,
	};
}
