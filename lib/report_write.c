/*
 * report_write.c - the rows of each report as cells, once, for every
 * destination: a csv/tsv/json/table writer or a workbook sheet.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/report.h"
#include "ar/xlsx.h"
#include "internal.h"
#include "report_int.h"

#define C(out, fn, ...) (out)->fn((out)->ctx, __VA_ARGS__)

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

static void highlight(const struct ar_cells *out, bool on)
{
	if (on && out->highlight)
		out->highlight(out->ctx);
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
		return out->end_row(out->ctx);
	}
	for (int i = 0; i < AR_KPI_N && st == AR_OK; i++) {
		C(out, text, k->currency);
		C(out, text, ar_kpi_defs[i].name);
		kpi_value(out, k, i);
		C(out, text, ar_kpi_defs[i].formula);
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
		highlight(out, b >= 4 && k->aging[b] != 0);	/* over 90 */
		C(out, money, k->aging[b], k->exponent);
	}
	return out->end_row(out->ctx);
}

ar_status ar_report_put_forecast(const struct ar_cells *out,
				 const struct ar_forecast_row *r)
{
	if (r->week_start == AR_DATE_NONE)
		C(out, text, "later");
	else
		C(out, date, r->week_start);
	C(out, text, r->currency);
	C(out, money, r->expected, r->exponent);
	C(out, integer, r->items);
	return out->end_row(out->ctx);
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
	highlight(out, r->oldest_days > 90);
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

static ar_status put_week(void *ctx, const struct ar_forecast_row *r)
{
	struct totals *t = ctx;
	total(t, r->currency, r->exponent, r->expected, r->items);
	return ar_report_put_forecast(t->out, r);
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
		return ar_report_customers(l, o, put_customer, (void *)out);
	if (!strcmp(report, "worklist"))
		return ar_report_worklist(l, o, put_work, (void *)out);
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
/* The two destinations */

static void w_text(void *c, const char *s) { ar_writer_text(c, s); }
static void w_money(void *c, int64_t v, int e) { ar_writer_money(c, v, e); }
static void w_int(void *c, int64_t v) { ar_writer_int(c, v); }
static void w_date(void *c, ar_date d) { ar_writer_date(c, d); }
static void w_null(void *c) { ar_writer_null(c); }
static void w_totals(void *c) { ar_writer_totals(c); }
static ar_status w_end(void *c) { return ar_writer_end_row(c); }

void ar_cells_writer(struct ar_cells *c, struct ar_writer *w)
{
	*c = (struct ar_cells){
		.text = w_text, .money = w_money, .integer = w_int,
		.date = w_date, .null = w_null, .totals = w_totals,
		.end_row = w_end, .ctx = w,
	};
}

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
