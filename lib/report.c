/*
 * report.c - KPIs and their trend, unapplied cash, the reports' columns.
 * (What every report shares - options, ratios, the paid items' scan:
 * report_scan.c; customers and worklist: report_cust.c; forecast and
 * back-test: forecast.c; rows as cells: report_write.c; the workbook:
 * report_xlsx.c.)
 *
 * The balances at a date come from the aging (ar_age_summary), never
 * from a second implementation of it.  The rest streams the ledger and
 * adds up in C with overflow checks (a GROUP BY would sort, and sorting
 * takes memory): the period's documents in one pass, paid items in one
 * pass over the applications in the order of the item they close,
 * promises in one more.  Nothing grows with the number of documents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/report.h"
#include "ar/cash.h"
#include "internal.h"
#include "report_int.h"

const struct ar_kpi_def ar_kpi_defs[AR_KPI_N] = {
	{"credit_sales", AR_KPI_MONEY, 0, "sum of invoices, debit memos and "
	 "finance charges dated in the period"},
	{"collections", AR_KPI_MONEY, 0, "sum of payments dated in the period "
	 "less reversals of payments dated in it"},
	{"begin_ar", AR_KPI_MONEY, 0, "balance at the end of the day before "
	 "the period"},
	{"end_ar", AR_KPI_MONEY, 0, "balance at the end of the period"},
	{"end_current_ar", AR_KPI_MONEY, 0, "open items not past due at the "
	 "end of the period"},
	{"dso", AR_KPI_RATIO, 2, "end_ar / credit_sales x days"},
	{"dso_countback", AR_KPI_RATIO, 2, "days of the latest months' credit "
	 "sales that add up to end_ar, walking back month by month"},
	{"best_possible_dso", AR_KPI_RATIO, 2, "end_current_ar / credit_sales "
	 "x days"},
	{"add", AR_KPI_RATIO, 2, "dso - best_possible_dso = (end_ar - "
	 "end_current_ar) / credit_sales x days"},
	{"cei", AR_KPI_RATIO, 2, "(begin_ar + credit_sales - end_ar) / "
	 "(begin_ar + credit_sales - end_current_ar) x 100"},
	{"avg_days_to_pay", AR_KPI_RATIO, 2, "mean of (closing date - "
	 "document date) over items paid in the period"},
	{"weighted_days_late", AR_KPI_RATIO, 2, "sum(amount x max(0, closing "
	 "date - due date)) / sum(amount) over items paid in the period"},
	{"pct_current", AR_KPI_RATIO, 2, "end_current_ar / open items at the "
	 "end x 100"},
	{"pct_over_90", AR_KPI_RATIO, 2, "open items more than 90 days past "
	 "due / open items at the end x 100"},
	{"writeoffs", AR_KPI_MONEY, 0, "sum of write-offs dated in the period "
	 "less reversals of write-offs dated in it"},
	{"recoveries", AR_KPI_MONEY, 0, "sum of recoveries dated in the "
	 "period"},
	{"bad_debt_ratio", AR_KPI_RATIO, 4, "writeoffs / credit_sales"},
	{"unapplied", AR_KPI_MONEY, 0, "unapplied payments and credits at the "
	 "end (<= 0)"},
	{"disputed", AR_KPI_MONEY, 0, "open disputed amounts at the end"},
	{"broken_promises", AR_KPI_COUNT, 0, "promises to pay falling due in "
	 "the period and not kept by its end"},
};

/* ------------------------------------------------------------------ */
/* KPIs */

#define MAX_CUR AR_AGE_MAX_CURRENCIES
#define COUNTBACK_MONTHS 36

struct kset {
	struct ar_ledger *l;
	ar_date from, to;
	int n;
	bool overflow;
	struct ar_kpi k[MAX_CUR];
	/* working sums, per currency */
	struct {
		int64_t total;		/* open items at the end */
		int64_t over_90;
		int64_t paid_n, sum_days;
		__int128 late_w, paid_amount;
		int64_t month_sales[COUNTBACK_MONTHS + 1];
	} w[MAX_CUR];
	char base[4];
	bool days30;		/* countback by 30-day months */
};

static int kset_slot(struct kset *k, const char *code)
{
	for (int i = 0; i < k->n; i++)
		if (strcmp(k->k[i].currency, code) == 0)
			return i;
	if (k->n == MAX_CUR)
		return -1;
	int i = k->n++;
	struct ar_kpi *x = &k->k[i];
	memset(x, 0, sizeof(*x));
	memset(&k->w[i], 0, sizeof(k->w[i]));
	snprintf(x->currency, 4, "%s", code);
	int e = ar_ledger_currency_exponent(k->l, code);
	x->exponent = e < 0 ? 2 : e;
	x->from = k->from;
	x->to = k->to;
	x->days = k->to - k->from + 1;
	x->cei_avg = AR_RATIO_NONE;
	return i;
}

static void kadd(struct kset *k, int64_t *acc, int64_t v)
{
	if (!ar_money_accum(acc, v))
		k->overflow = true;
}

struct kage {
	struct kset *k;
	bool end;	/* the end of the period, else the day before it */
};

static ar_status kpi_age_row(void *ctx, const struct ar_age_row *r)
{
	struct kage *a = ctx;
	struct kset *k = a->k;
	if (!a->end)
		return AR_OK;
	int i = kset_slot(k, r->currency);
	if (i < 0)
		return ar__fail(k->l, AR_ELEDGER, "more than %d currencies", MAX_CUR);
	struct ar_kpi *x = &k->k[i];
	kadd(k, &x->v[AR_KPI_END_AR], r->balance);
	kadd(k, &x->v[AR_KPI_END_CURRENT_AR], r->bucket[0]);
	kadd(k, &x->v[AR_KPI_UNAPPLIED], r->unapplied);
	kadd(k, &x->v[AR_KPI_DISPUTED], r->disputed);
	kadd(k, &k->w[i].total, r->total);
	kadd(k, &k->w[i].over_90, r->bucket[4]);
	kadd(k, &k->w[i].over_90, r->bucket[5]);
	for (int b = 0; b < AR_KPI_BUCKETS; b++)
		kadd(k, &x->aging[b], r->bucket[b]);
	return AR_OK;
}

/* The fixed edges the KPIs are defined on. */
#define KPI_EDGES "30,60,90,120"

/* The aging at a date, with the KPIs' edges. */
static ar_status kpi_age(struct ar_ledger *l, int64_t kb, ar_date at,
			 struct kset *k, bool end, struct ar_age_proof *proof)
{
	struct ar_age_options a;
	struct kage c = {k, end};
	ar_age_options_init(&a);
	a.as_of = at;
	/* every batch is the aging's 0, which lets it read the open-item
	 * state instead of the whole history */
	a.known_batch = kb == INT64_MAX ? 0 : kb;
	ar_age_parse_edges(&a, KPI_EDGES);
	return ar_age_summary(l, &a, kpi_age_row, &c, proof);
}

static bool is_sale(const char *type)
{
	return !strcmp(type, "invoice") || !strcmp(type, "debit_memo") ||
	       !strcmp(type, "finance_charge");
}

/* A document dated in the period: into the period's sums. */
static void period_doc(struct kset *k, int64_t *v, bool sale, const char *type,
		       const char *rel, int64_t amount)
{
	if (sale)
		kadd(k, &v[AR_KPI_CREDIT_SALES], amount);
	else if (!strcmp(type, "payment"))
		kadd(k, &v[AR_KPI_COLLECTIONS], amount);
	else if (!strcmp(type, "writeoff"))
		kadd(k, &v[AR_KPI_WRITEOFFS], amount);
	else if (!strcmp(type, "recovery"))
		kadd(k, &v[AR_KPI_RECOVERIES], amount);
	else if (!strcmp(type, "reversal") && !strcmp(rel, "payment"))
		kadd(k, &v[AR_KPI_COLLECTIONS], -amount);
	else if (!strcmp(type, "reversal") && !strcmp(rel, "writeoff"))
		kadd(k, &v[AR_KPI_WRITEOFFS], -amount);
}

/* Months back from the period's end month: 0 = its month. */
static int months_back(ar_date end, ar_date d)
{
	int y1, m1, d1, y2, m2, d2;
	ar_date_to_ymd(end, &y1, &m1, &d1);
	ar_date_to_ymd(d, &y2, &m2, &d2);
	return (y1 - y2) * 12 + (m1 - m2);
}

/*
 * The period's sums and the credit sales of each month back from its end,
 * in one pass over the documents dated in those months, added up here
 * with overflow checks (a GROUP BY would sort, and sorting takes memory).
 */
static ar_status document_sums(struct ar_ledger *l, int64_t kb, struct kset *k)
{
	ar_date lo = ar_date_month_start(k->to);
	for (int i = 0; i < COUNTBACK_MONTHS; i++)
		lo = ar_date_month_start(lo - 1);
	if (k->from < lo)
		lo = k->from;
	sqlite3_stmt *s = ar__prepare(l, "SELECT d.currency, d.doc_type, "
		"d.doc_date, d.amount, r.doc_type FROM document d LEFT JOIN "
		"document r ON r.id = d.related WHERE d.doc_date >= ?1 AND "
		"d.doc_date <= ?2 AND d.batch_id <= ?3");
	char last[4] = "";
	int i = -1, rc;
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, lo);
	ar__bind_date(s, 2, k->to);
	sqlite3_bind_int64(s, 3, kb);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *code = ar__col_text(s, 0);
		const char *type = ar__col_text(s, 1);
		const char *rel = ar__col_text(s, 4);
		ar_date day = ar__col_date(s, 2);
		int64_t amount = sqlite3_column_int64(s, 3);
		if (i < 0 || strcmp(code, last) != 0) {
			if ((i = kset_slot(k, code)) < 0)
				break;
			snprintf(last, sizeof(last), "%s", code);
		}
		int64_t *v = k->k[i].v;
		bool sale = is_sale(type);
		if (sale && day != AR_DATE_NONE) {
			int m = months_back(k->to, day);
			if (m >= 0 && m <= COUNTBACK_MONTHS)
				kadd(k, &k->w[i].month_sales[m], amount);
		}
		if (day >= k->from)
			period_doc(k, v, sale, type, rel, amount);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return ar__fail(l, AR_ELEDGER, "more than %d currencies", MAX_CUR);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "read");
}

/*
 * Countback: take end_ar, subtract the credit sales of the period's end
 * month (up to its end) and count its days, then the month before, ...;
 * the month whose sales are more than what is left adds left / its sales
 * x its days.  Empty when 36 months of sales do not cover end_ar.  With
 * days30 a whole month counts 30 days, the end month cut short its days
 * up to 30.
 */
static int64_t countback(const struct kset *k, int i)
{
	int64_t left = k->k[i].v[AR_KPI_END_AR];
	int64_t days = 0;
	ar_date end = k->to;
	if (left <= 0)
		return 0;
	for (int m = 0; m <= COUNTBACK_MONTHS; m++) {
		ar_date start = ar_date_month_start(end);
		int64_t dm = end - start + 1;
		if (k->days30)
			dm = end == ar_date_month_end(end) || dm > 30 ? 30 : dm;
		int64_t sales = k->w[i].month_sales[m];
		if (sales > 0 && left <= sales) {
			int64_t part = ar_ratio(left, dm, sales, 2);
			return part == AR_RATIO_NONE ? part : days * 100 + part;
		}
		left -= sales;
		days += dm;
		end = start - 1;
	}
	return AR_RATIO_NONE;
}

static void kpi_paid(void *ctx, const struct ar__paid *p)
{
	struct kset *k = ctx;
	int i = kset_slot(k, p->currency);
	if (i < 0)
		return;
	int late = p->closed - p->due_date;
	k->k[i].invoices_paid++;
	k->w[i].paid_n++;
	k->w[i].sum_days += p->closed - p->doc_date;
	k->w[i].late_w += (__int128)p->amount * (late > 0 ? late : 0);
	k->w[i].paid_amount += p->amount;
}

static void kpi_promise(void *ctx, const struct ar__promise *p)
{
	struct kset *k = ctx;
	if ((p->state != AR__PROMISE_BROKEN &&
	     p->state != AR__PROMISE_PARTIAL) || p->promise_date < k->from ||
	    p->promise_date > k->to)
		return;
	int i = kset_slot(k, p->currency[0] ? p->currency : k->base);
	if (i >= 0)
		k->k[i].v[AR_KPI_BROKEN_PROMISES]++;
}

static int kpi_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ar_kpi *)a)->currency,
		      ((const struct ar_kpi *)b)->currency);
}

static void kpi_ratios(struct kset *k, int i)
{
	struct ar_kpi *x = &k->k[i];
	int64_t *v = x->v;
	int64_t sales = v[AR_KPI_CREDIT_SALES], num, den;
	v[AR_KPI_DSO] = ar_ratio(v[AR_KPI_END_AR], x->days, sales, 2);
	v[AR_KPI_BEST_POSSIBLE_DSO] = ar_ratio(v[AR_KPI_END_CURRENT_AR],
					       x->days, sales, 2);
	v[AR_KPI_ADD] = ar_money_sub(v[AR_KPI_END_AR], v[AR_KPI_END_CURRENT_AR],
				     &num) ? ar_ratio(num, x->days, sales, 2)
					   : AR_RATIO_NONE;
	v[AR_KPI_DSO_COUNTBACK] = countback(k, i);
	v[AR_KPI_CEI] = AR_RATIO_NONE;
	if (ar_money_add(v[AR_KPI_BEGIN_AR], sales, &den) &&
	    ar_money_sub(den, v[AR_KPI_END_AR], &num) &&
	    ar_money_sub(den, v[AR_KPI_END_CURRENT_AR], &den))
		v[AR_KPI_CEI] = ar_ratio(num, 100, den, 2);
	v[AR_KPI_AVG_DAYS_TO_PAY] = ar_ratio(k->w[i].sum_days, 1,
					     k->w[i].paid_n, 2);
	v[AR_KPI_WEIGHTED_DAYS_LATE] = ar__ratio128(k->w[i].late_w,
						k->w[i].paid_amount, 2);
	v[AR_KPI_PCT_CURRENT] = ar_ratio(v[AR_KPI_END_CURRENT_AR], 100,
					 k->w[i].total, 2);
	v[AR_KPI_PCT_OVER_90] = ar_ratio(k->w[i].over_90, 100, k->w[i].total, 2);
	v[AR_KPI_BAD_DEBT_RATIO] = ar_ratio(v[AR_KPI_WRITEOFFS], 1, sales, 4);
}

static ar_status base_currency(struct ar_ledger *l, char out[4])
{
	char *v;
	ar_status st = ar_setting_get(l, "currency.base", &v, NULL);
	if (st != AR_OK)
		return st;
	snprintf(out, 4, "%s", v);
	free(v);
	return AR_OK;
}

static void kset_init(struct kset *k, struct ar_ledger *l, ar_date from,
		      ar_date to, const char base[4])
{
	memset(k, 0, sizeof(*k));
	k->l = l;
	k->from = from;
	k->to = to;
	memcpy(k->base, base, 4);
}

/* begin_ar: the ledger's balance per currency of an aging's proof, the
 * customers' (unidentified cash is nobody's receivable yet). */
static ar_status kpi_begin(struct kset *k, const struct ar_age_proof *p)
{
	for (int c = 0; c < p->ncurrencies; c++) {
		int i = kset_slot(k, p->c[c].code);
		if (i < 0)
			return ar__fail(k->l, AR_ELEDGER, "more than %d "
					"currencies", MAX_CUR);
		k->k[i].v[AR_KPI_BEGIN_AR] = p->c[c].ledger +
					       p->c[c].unidentified;
	}
	return AR_OK;
}

/* The ratios, then the rows in currency order. */
static ar_status kpi_finish(struct kset *k)
{
	if (k->overflow)
		return ar__fail(k->l, AR_ELEDGER, "a sum overflows 64 bits");
	for (int i = 0; i < k->n; i++)
		kpi_ratios(k, i);
	/* the working sums are done with: the rows may move */
	qsort(k->k, (size_t)k->n, sizeof(k->k[0]), kpi_cmp);
	return AR_OK;
}

/* The KPIs of [from, to] into k (sorted by currency). */
static ar_status kpi_compute(struct ar_ledger *l, int64_t kb, ar_date from,
			     ar_date to, bool days30, struct kset *k)
{
	struct ar_age_proof *proof = malloc(sizeof(*proof));
	char base[4];
	ar_status st;
	int grace;
	if (!proof)
		return AR_ENOMEM;
	if ((st = base_currency(l, base)) != AR_OK ||
	    (st = ar__promise_grace(l, &grace)) != AR_OK)
		goto out;
	kset_init(k, l, from, to, base);
	k->days30 = days30;
	/* the end, then the ledger's balance the day before the period */
	if ((st = kpi_age(l, kb, to, k, true, proof)) != AR_OK ||
	    (st = kpi_age(l, kb, from - 1, k, false, proof)) != AR_OK ||
	    (st = kpi_begin(k, proof)) != AR_OK ||
	    (st = document_sums(l, kb, k)) != AR_OK ||
	    (st = ar__paid_scan(l, kb, from, to, false, kpi_paid, k)) != AR_OK ||
	    (st = ar__promise_scan(l, kb, to, grace, kpi_promise,
					 k)) != AR_OK)
		goto out;
	st = kpi_finish(k);
out:
	free(proof);
	return st;
}

/* The monthly CEIs of the average, per currency. */
struct cei_sum {
	struct kset *k;
	int64_t sum[MAX_CUR];
	int n[MAX_CUR];
};

static ar_status cei_month(void *ctx, const struct ar_kpi *m)
{
	struct cei_sum *c = ctx;
	for (int i = 0; i < c->k->n; i++)
		if (!strcmp(c->k->k[i].currency, m->currency) &&
		    m->v[AR_KPI_CEI] != AR_RATIO_NONE) {
			c->sum[i] += m->v[AR_KPI_CEI];	/* < 120 x 10^6 */
			c->n[i]++;
		}
	return AR_OK;
}

/*
 * cei_avg: the mean of the CEI of each of the o->cei_months calendar
 * months to the period's end, as the trend computes them (the last cut
 * at to), those with one; rounded half away from zero.
 */
static ar_status cei_average(struct ar_ledger *l,
			     const struct ar_report_options *o, ar_date to,
			     struct kset *k)
{
	struct ar_report_options t = *o;
	struct cei_sum *c = calloc(1, sizeof(*c));
	if (!c)
		return AR_ENOMEM;
	c->k = k;
	t.as_of = to;
	t.months = o->cei_months;
	ar_status st = ar_report_trend(l, &t, cei_month, c);
	for (int i = 0; st == AR_OK && i < k->n; i++) {
		k->k[i].cei_months = o->cei_months;
		k->k[i].cei_avg = c->n[i] ? ar_ratio(c->sum[i], 1, c->n[i], 0)
					  : AR_RATIO_NONE;
	}
	free(c);
	return st;
}

ar_status ar_report_kpi(struct ar_ledger *l, const struct ar_report_options *o,
			ar_kpi_fn fn, void *ctx)
{
	ar_date from, to;
	ar_status st;
	if (ar_report_period(o, &from, &to) != AR_OK)
		return ar__fail(l, AR_EUSAGE, "the period must end on or before "
				"the as-of date and start on or before its "
				"end");
	if ((st = ar__report_begin(l)) != AR_OK)
		return st;
	struct kset *k = malloc(sizeof(*k));
	if (!k)
		return AR_ENOMEM;
	st = kpi_compute(l, ar__report_batch(o), from, to, o->countback_30, k);
	if (st == AR_OK && o->cei_months > 0)
		st = cei_average(l, o, to, k);
	for (int i = 0; st == AR_OK && i < k->n; i++)
		st = fn(ctx, &k->k[i]);
	free(k);
	return st;
}

/*
 * The trend, month by month, sharing the passes: each month's begin_ar is
 * the month before's end; one pass over the documents fills every
 * month's sums and the monthly sales the countbacks walk; one pass over
 * the applications finds the items paid in every month.  Only the aging
 * at each month's end and the promises are per month.
 */
/* Up to so many months, the trend ages each month-end on its own (the
 * open items now and what changed since); more, in one pass over the
 * history. */
#define TREND_SUMMARY_MONTHS 2

struct trend {
	struct kset *ks;
	int months;
	ar_date start, base;		/* base: 36 months before start */
	int ncodes;
	char codes[MAX_CUR][4];
	int64_t *sales;			/* [ncodes][span] by month from base */
	int span;
	/* the credit sales of ended months: read kept ones, keep new ones
	 * (derived.c), under the known-at batch of the run */
	bool keep;
	int64_t known;
};

/* A currency's aging at date k of the trend: k 0 is the day before the
 * first month (its proof is all that is used), k the end of month k - 1. */
static ar_status trend_age_row(void *ctx, int k, const struct ar_age_row *r)
{
	struct trend *t = ctx;
	struct kage c = {NULL, true};
	if (k == 0)
		return AR_OK;
	c.k = &t->ks[k - 1];
	return kpi_age_row(&c, r);
}

static int month_index(ar_date from, ar_date d)
{
	return -months_back(from, d);
}

static int code_slot(struct trend *t, const char *code)
{
	for (int i = 0; i < t->ncodes; i++)
		if (strcmp(t->codes[i], code) == 0)
			return i;
	if (t->ncodes == MAX_CUR)
		return -1;
	snprintf(t->codes[t->ncodes], 4, "%s", code);
	return t->ncodes++;
}

/* The first day of the month mi months after base. */
static ar_date month_from(ar_date base, int mi)
{
	for (int i = 0; i < mi; i++)
		base = ar_date_month_end(base) + 1;
	return base;
}

static void sales_key(ar_date from, int64_t known, char *key, size_t n)
{
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, from);
	snprintf(key, n, "%s known=%lld", day, (long long)known);
}

/* A month's credit sales as words: the currencies with any, by code,
 * each with its sum (t->sales' column mi). */
static void sales_words(const struct trend *t, int mi, struct ar__words *w)
{
	bool said[MAX_CUR] = {false};
	int n = 0;
	for (int g = 0; g < t->ncodes; g++)
		n += t->sales[g * t->span + mi] != 0;
	ar__words_int(w, n);
	for (int k = 0; k < n; k++) {
		int first = -1;
		for (int g = 0; g < t->ncodes; g++)
			if (!said[g] && t->sales[g * t->span + mi] != 0 &&
			    (first < 0 || strcmp(t->codes[g], t->codes[first]) < 0))
				first = g;
		said[first] = true;
		ar__words_str(w, t->codes[first]);
		ar__words_int(w, t->sales[first * t->span + mi]);
	}
}

/* The credit sales of the months from base up to start, each kept by an
 * earlier run, into t->sales; *all false (and t->sales untouched) when
 * one is not kept. */
/* A month's credit sales, as kept. */
struct msales {
	int n;
	struct { char code[4]; int64_t v; } c[MAX_CUR];
};

/* A month's sales read back from its words (sales_words()); false when
 * they are not one. */
static bool sales_unwords(const char *value, struct msales *m)
{
	struct ar__unwords r = {value, false};
	int64_t k = ar__unword_int(&r);
	if (r.bad || k < 0 || k > MAX_CUR)
		return false;
	m->n = (int)k;
	for (int i = 0; i < m->n && !r.bad; i++) {
		ar__unword_str(&r, m->c[i].code, sizeof(m->c[i].code));
		m->c[i].v = ar__unword_int(&r);
	}
	return ar__unwords_done(&r);
}

static ar_status sales_kept(struct ar_ledger *l, struct trend *t, bool *all)
{
	int n = month_index(t->base, t->start);
	struct msales got[COUNTBACK_MONTHS];
	ar_status st = AR_OK;
	*all = false;
	for (int mi = 0; mi < n && mi < COUNTBACK_MONTHS; mi++) {
		char key[64], *v = NULL;
		sales_key(month_from(t->base, mi), t->known, key, sizeof(key));
		if ((st = ar__derived_get(l, AR__KIND_SALES_MONTH, key, &v))
		    != AR_OK || !v)
			return st;
		bool ok = sales_unwords(v, &got[mi]);
		free(v);
		if (!ok)
			return AR_OK;
	}
	for (int mi = 0; mi < n && mi < COUNTBACK_MONTHS; mi++)
		for (int i = 0; i < got[mi].n; i++) {
			int g = code_slot(t, got[mi].c[i].code);
			if (g < 0)
				return ar__fail(l, AR_ELEDGER, "more than %d "
						"currencies", MAX_CUR);
			t->sales[g * t->span + mi] = got[mi].c[i].v;
		}
	*all = true;
	return AR_OK;
}

/*
 * The documents of the months of the trend into their sums, and the
 * credit sales of every month from base into t->sales.  With the sales
 * of the months before start kept (t->keep), only the documents dated
 * from start on are read: found by the open-item state's date of the
 * last change, which is never before a document's own date.  Else every
 * document from base on; the sales of the months that have ended by to
 * are then kept.
 */
static ar_status trend_documents(struct ar_ledger *l, int64_t kb,
				 struct trend *t, ar_date to)
{
	bool kept = false;
	ar_status st;
	if (t->keep && t->months <= TREND_SUMMARY_MONTHS &&
	    (st = sales_kept(l, t, &kept)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, kept ? "SELECT d.currency, "
		"d.doc_type, d.doc_date, d.amount, r.doc_type FROM open_state "
		"s INDEXED BY open_state_changed JOIN document d ON d.id = "
		"s.document LEFT JOIN document r ON r.id = d.related WHERE "
		"s.changed >= ?1 AND d.doc_date >= ?1 AND d.doc_date <= ?2 AND "
		"d.batch_id <= ?3" : "SELECT d.currency, d.doc_type, "
		"d.doc_date, d.amount, r.doc_type FROM document d LEFT JOIN "
		"document r ON r.id = d.related WHERE d.doc_date >= ?1 AND "
		"d.doc_date <= ?2 AND d.batch_id <= ?3");
	int rc;
	struct kset *k0 = &t->ks[0];
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, kept ? t->start : t->base);
	ar__bind_date(s, 2, to);
	sqlite3_bind_int64(s, 3, kb);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *code = ar__col_text(s, 0);
		const char *type = ar__col_text(s, 1);
		ar_date day = ar__col_date(s, 2);
		int64_t amount = sqlite3_column_int64(s, 3);
		int g = code_slot(t, code), mi;
		bool sale = is_sale(type);
		if (g < 0 || day == AR_DATE_NONE)
			break;
		mi = month_index(t->base, day);
		if (sale && mi >= 0 && mi < t->span &&
		    !ar_money_accum(&t->sales[g * t->span + mi], amount))
			k0->overflow = true;
		if (day < t->start)
			continue;
		struct kset *k = &t->ks[month_index(t->start, day)];
		int i = kset_slot(k, code);
		if (i < 0)
			break;
		period_doc(k, k->k[i].v, sale, type, ar__col_text(s, 4), amount);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return ar__fail(l, AR_ELEDGER, "more than %d currencies", MAX_CUR);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	for (int mi = 0; t->keep && !kept && !k0->overflow && mi < t->span;
	     mi++) {
		ar_date from = month_from(t->base, mi);
		if (ar_date_month_end(from) > to)
			break;
		struct ar__words w = {0};
		char key[64];
		sales_key(from, t->known, key, sizeof(key));
		sales_words(t, mi, &w);
		ar__derived_put(l, AR__KIND_SALES_MONTH, key,
				ar_date_month_end(from), &w);
		free(w.buf);
	}
	/* each month's countback walks back from its own end */
	for (int m = 0; m < t->months; m++) {
		struct kset *k = &t->ks[m];
		int end = month_index(t->base, k->to);
		for (int i = 0; i < k->n; i++) {
			int g = code_slot(t, k->k[i].currency);
			for (int b = 0; g >= 0 && b <= COUNTBACK_MONTHS; b++)
				if (end - b >= 0 && end - b < t->span)
					k->w[i].month_sales[b] =
						t->sales[g * t->span + end - b];
		}
	}
	return AR_OK;
}

static void trend_paid(void *ctx, const struct ar__paid *p)
{
	struct trend *t = ctx;
	int m = month_index(t->start, p->closed);
	if (m >= 0 && m < t->months)
		kpi_paid(&t->ks[m], p);
}


/*
 * The months of the trend from start, months of them, the last ending at
 * o->as_of at the latest, computed together into *out (sorted by
 * currency within each month; the caller frees it).
 */
static ar_status trend_run(struct ar_ledger *l, const struct ar_report_options *o,
			   ar_date start, int months, const char base[4],
			   bool keep, struct kset **out)
{
	struct trend t = {.months = months, .start = start, .keep = keep,
			  .known = o->known_batch};
	struct ar_age_proof *proof = NULL;
	struct ar_age_options age;
	ar_date *dates = NULL;
	int64_t kb = ar__report_batch(o);
	ar_status st = AR_OK;

	*out = NULL;
	t.base = t.start;
	for (int i = 0; i < COUNTBACK_MONTHS; i++)
		t.base = ar_date_month_start(t.base - 1);
	t.span = COUNTBACK_MONTHS + months;
	t.ks = calloc((size_t)months, sizeof(*t.ks));
	t.sales = calloc((size_t)MAX_CUR * (size_t)t.span, sizeof(*t.sales));
	proof = malloc((size_t)(months + 1) * sizeof(*proof));
	dates = malloc((size_t)(months + 1) * sizeof(*dates));
	if (!t.ks || !t.sales || !proof || !dates) {
		st = AR_ENOMEM;
		goto out;
	}
	/* the aging at every month's end in one pass; the first month's
	 * begin_ar from the day before it, the others' from the month
	 * before's end */
	ar_date from = t.start;
	dates[0] = from - 1;
	for (int m = 0; m < months; m++) {
		ar_date end = ar_date_month_end(from);
		if (end > o->as_of)
			end = o->as_of;
		kset_init(&t.ks[m], l, from, end, base);
		t.ks[m].days30 = o->countback_30;
		dates[m + 1] = end;
		from = end + 1;
	}
	ar__progress(l, "trend: the aging at %d month-ends", months);
	if (months <= TREND_SUMMARY_MONTHS) {
		/* the months that are running (the rest kept): each date's
		 * aging reads what is open now and what changed since */
		for (int k = 0; k <= months && st == AR_OK; k++)
			st = kpi_age(l, kb, dates[k], k ? &t.ks[k - 1] : NULL,
				     k > 0, &proof[k]);
	} else {
		ar_age_options_init(&age);
		age.known_batch = kb;
		ar_age_parse_edges(&age, KPI_EDGES);
		st = ar_age_totals(l, &age, dates, months + 1, trend_age_row,
				   &t, proof);
	}
	int grace = 0;
	if (st == AR_OK)
		st = ar__promise_grace(l, &grace);
	for (int m = 0; m < months && st == AR_OK; m++) {
		if ((st = kpi_begin(&t.ks[m], &proof[m])) != AR_OK)
			break;
		st = ar__promise_scan(l, kb, t.ks[m].to, grace, kpi_promise,
				      &t.ks[m]);
	}
	if (st != AR_OK ||
	    (st = trend_documents(l, kb, &t, o->as_of)) != AR_OK ||
	    (st = ar__paid_scan(l, kb, t.start, o->as_of, true, trend_paid,
				&t)) != AR_OK)
		goto out;
	for (int m = 0; m < months && st == AR_OK; m++) {
		if (t.ks[0].overflow)
			t.ks[m].overflow = true;
		st = kpi_finish(&t.ks[m]);
	}
	if (st == AR_OK) {
		*out = t.ks;
		t.ks = NULL;
	}
out:
	free(dates);
	free(proof);
	free(t.sales);
	free(t.ks);
	return st;
}

/*
 * A month of the trend kept in the ledger (derived.c): its KPIs, a
 * currency after another, under the month's first day and what else
 * they were computed with.
 */
struct kmonth {
	int n;
	struct ar_kpi k[MAX_CUR];
};

static void trend_key(const struct ar_report_options *o, ar_date from,
		      const char base[4], char *key, size_t n)
{
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, from);
	snprintf(key, n, "%s known=%lld countback30=%d base=%s", day,
		 (long long)o->known_batch, o->countback_30 ? 1 : 0, base);
}

static void trend_words(const struct ar_kpi *k, int n, struct ar__words *w)
{
	ar__words_int(w, n);
	for (int i = 0; i < n; i++) {
		ar__words_str(w, k[i].currency);
		ar__words_int(w, k[i].exponent);
		ar__words_int(w, k[i].from);
		ar__words_int(w, k[i].to);
		ar__words_int(w, k[i].days);
		for (int j = 0; j < AR_KPI_N; j++)
			ar__words_int(w, k[i].v[j]);
		for (int j = 0; j < AR_KPI_BUCKETS; j++)
			ar__words_int(w, k[i].aging[j]);
		ar__words_int(w, k[i].invoices_paid);
		ar__words_int(w, k[i].cei_months);
		ar__words_int(w, k[i].cei_avg);
	}
}

/* A month read back from its words; false when they are not one. */
static bool trend_unwords(const char *value, struct kmonth *m)
{
	struct ar__unwords r = {value, false};
	int64_t n = ar__unword_int(&r);
	if (r.bad || n < 0 || n > MAX_CUR)
		return false;
	memset(m, 0, sizeof(*m));
	m->n = (int)n;
	for (int i = 0; i < m->n && !r.bad; i++) {
		struct ar_kpi *k = &m->k[i];
		ar__unword_str(&r, k->currency, sizeof(k->currency));
		k->exponent = (int)ar__unword_int(&r);
		k->from = (ar_date)ar__unword_int(&r);
		k->to = (ar_date)ar__unword_int(&r);
		k->days = (int)ar__unword_int(&r);
		for (int j = 0; j < AR_KPI_N; j++)
			k->v[j] = ar__unword_int(&r);
		for (int j = 0; j < AR_KPI_BUCKETS; j++)
			k->aging[j] = ar__unword_int(&r);
		k->invoices_paid = ar__unword_int(&r);
		k->cei_months = (int)ar__unword_int(&r);
		k->cei_avg = ar__unword_int(&r);
	}
	return ar__unwords_done(&r);
}

/* Month from's KPIs kept in the ledger into *m; *found says whether. */
static ar_status trend_kept(struct ar_ledger *l,
			    const struct ar_report_options *o, ar_date from,
			    const char base[4], struct kmonth *m, bool *found)
{
	char key[128], *v;
	trend_key(o, from, base, key, sizeof(key));
	ar_status st = ar__derived_get(l, AR__KIND_TREND_MONTH, key, &v);
	*found = st == AR_OK && v && trend_unwords(v, m) &&
		 (m->n == 0 || m->k[0].from == from);
	free(v);
	return st;
}

static void trend_keep(struct ar_ledger *l, const struct ar_report_options *o,
		       const struct kset *k, const char base[4])
{
	struct ar__words w = {0};
	char key[128];
	trend_key(o, k->from, base, key, sizeof(key));
	trend_words(k->k, k->n, &w);
	ar__derived_put(l, AR__KIND_TREND_MONTH, key, k->to, &w);
	free(w.buf);
}

ar_status ar_report_trend(struct ar_ledger *l, const struct ar_report_options *o,
			  ar_kpi_fn fn, void *ctx)
{
	struct kmonth *kept = NULL;
	struct kset *ks = NULL;
	char base[4];
	bool reading = false;
	ar_status st;

	if (o->months < 1 || o->months > 120)
		return ar__fail_field(l, AR_EUSAGE, "months", "%d is not 1 to "
				      "120", o->months);
	if ((st = ar__report_begin(l)) != AR_OK ||
	    (st = base_currency(l, base)) != AR_OK)
		return st;
	ar_date start = ar_date_month_start(o->as_of);
	for (int i = 1; i < o->months; i++)
		start = ar_date_month_start(start - 1);
	/* the months that have ended and were kept by an earlier run, from
	 * the first on; the rest computed, and kept when they have ended */
	int m0 = 0;
	ar_date from = start;
	if (!(kept = malloc((size_t)o->months * sizeof(*kept))))
		return AR_ENOMEM;
	if ((st = ar__read_begin(l, &reading)) != AR_OK)
		goto out;
	for (bool found = true; m0 < o->months && found; ) {
		if (ar_date_month_end(from) > o->as_of)
			break;
		if ((st = trend_kept(l, o, from, base, &kept[m0], &found)) != AR_OK)
			goto out;
		if (found) {
			from = ar_date_month_end(from) + 1;
			m0++;
		}
	}
	if (m0 < o->months &&
	    (st = trend_run(l, o, from, o->months - m0, base, true, &ks))
	    != AR_OK)
		goto out;
	/* the months that ended kept, and the read (a write now) ended,
	 * before any row goes out: fn may wait on a slow reader, and no
	 * other run may wait on this one meanwhile */
	for (int m = 0; m < o->months - m0; m++)
		if (ks[m].to == ar_date_month_end(ks[m].from))
			trend_keep(l, o, &ks[m], base);
	ar__read_end(l, reading);
	reading = false;
	for (int m = 0; m < m0 && st == AR_OK; m++)
		for (int i = 0; st == AR_OK && i < kept[m].n; i++)
			st = fn(ctx, &kept[m].k[i]);
	for (int m = 0; m < o->months - m0 && st == AR_OK; m++)
		for (int i = 0; st == AR_OK && i < ks[m].n; i++)
			st = fn(ctx, &ks[m].k[i]);
out:
	ar__read_end(l, reading);
	free(ks);
	free(kept);
	return st;
}

/* A kept month's key read back; false when it is not one trend_key()
 * makes. */
static bool trend_key_parse(const char *key, struct ar_report_options *o,
			    char base[4])
{
	char day[AR_DATE_BUFSZ], mine[128];
	long long known;
	int cb30;
	ar_report_options_init(o);
	if (sscanf(key, "%10s known=%lld countback30=%d base=%3s", day, &known,
		   &cb30, base) != 4 ||
	    ar_date_parse_iso(day, strlen(day), &o->from) != AR_OK ||
	    o->from != ar_date_month_start(o->from))
		return false;
	o->known_batch = known;
	o->countback_30 = cb30 != 0;
	trend_key(o, o->from, base, mine, sizeof(mine));
	return strcmp(mine, key) == 0;
}

/* Whether kept month row's value is what ks says. */
static ar_status trend_same(const struct kset *ks, struct ar__kept *row)
{
	struct kmonth m;
	struct ar__words a = {0}, b = {0};
	if (!trend_unwords(row->value, &m)) {
		snprintf(row->why, AR__WHY_SZ, "its value is not a month's "
			 "figures");
		return AR_OK;
	}
	trend_words(ks->k, ks->n, &a);
	trend_words(m.k, m.n, &b);
	return ar__words_same(&a, &b, &row->same, row->why);
}

/* Whether two kept months were computed alike (but for their month). */
static bool trend_alike(const struct ar_report_options *a, const char *abase,
			const struct ar_report_options *b, const char *bbase)
{
	return a->known_batch == b->known_batch &&
	       a->countback_30 == b->countback_30 && !strcmp(abase, bbase);
}

/* The most months the check computes in one run of the trend (its
 * month-ends and the day before them: within AR_AGE_MAX_DATES). */
#define TREND_CHECK_MONTHS 120
_Static_assert(TREND_CHECK_MONTHS < AR_AGE_MAX_DATES, "a run of the check "
	       "ages its months at once");

/*
 * The check of the months kept (derived_check.c): those computed with the
 * same known-at, countback rule and base currency computed again from
 * the history in one run of the trend from the first to the last.
 */
ar_status ar__trend_months_verify(struct ar_ledger *l, struct ar__kept *rows,
				  size_t n)
{
	struct ar_report_options *o = calloc(n ? n : 1, sizeof(*o));
	char (*base)[4] = calloc(n ? n : 1, sizeof(*base));
	bool *done = calloc(n ? n : 1, sizeof(*done));
	ar_status st = AR_OK;

	if (!o || !base || !done) {
		st = AR_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i].same = false;
		if (!trend_key_parse(rows[i].key, &o[i], base[i])) {
			snprintf(rows[i].why, AR__WHY_SZ, "its key is not one "
				 "of a month");
			done[i] = true;
		}
	}
	for (size_t i = 0; i < n && st == AR_OK; i++) {
		if (done[i])
			continue;
		/* the first month left of those alike, and the last within
		 * TREND_CHECK_MONTHS of it (one run ages so many dates) */
		ar_date lo = o[i].from, hi = o[i].from;
		for (size_t j = i; j < n; j++)
			if (!done[j] && trend_alike(&o[j], base[j], &o[i], base[i])
			    && o[j].from < lo)
				lo = o[j].from;
		for (size_t j = i; j < n; j++)
			if (!done[j] && trend_alike(&o[j], base[j], &o[i], base[i])
			    && o[j].from > hi &&
			    months_back(o[j].from, lo) < TREND_CHECK_MONTHS)
				hi = o[j].from;
		struct ar_report_options run = o[i];
		struct kset *ks = NULL;
		int months = months_back(hi, lo) + 1;
		run.as_of = ar_date_month_end(hi);
		if ((st = trend_run(l, &run, lo, months, base[i], false, &ks))
		    != AR_OK)
			break;
		for (size_t j = i; j < n && st == AR_OK; j++)
			if (!done[j] && trend_alike(&o[j], base[j], &o[i], base[i])
			    && o[j].from >= lo && o[j].from <= hi) {
				st = trend_same(&ks[months_back(o[j].from, lo)],
						&rows[j]);
				done[j] = true;
			}
		free(ks);
	}
out:
	free(o);
	free(base);
	free(done);
	return st;
}

/* Month *from and known-at batch *known of a kept month's sales key. */
static bool sales_key_parse(const char *key, ar_date *from, int64_t *known)
{
	char day[AR_DATE_BUFSZ], mine[64];
	long long k;
	if (sscanf(key, "%10s known=%lld", day, &k) != 2 ||
	    ar_date_parse_iso(day, strlen(day), from) != AR_OK ||
	    *from != ar_date_month_start(*from))
		return false;
	*known = k;
	sales_key(*from, *known, mine, sizeof(mine));
	return strcmp(mine, key) == 0;
}

ar_status ar__sales_months_verify(struct ar_ledger *l, struct ar__kept *rows,
				  size_t n)
{
	ar_date *from = calloc(n ? n : 1, sizeof(*from));
	int64_t *known = calloc(n ? n : 1, sizeof(*known));
	bool *done = calloc(n ? n : 1, sizeof(*done));
	ar_status st = AR_OK;
	if (!from || !known || !done) {
		st = AR_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i].same = false;
		if (!sales_key_parse(rows[i].key, &from[i], &known[i])) {
			snprintf(rows[i].why, AR__WHY_SZ, "its key is not one "
				 "of a month");
			done[i] = true;
		}
	}
	/* the months of a known-at batch in one pass over their documents */
	for (size_t i = 0; i < n && st == AR_OK; i++) {
		if (done[i])
			continue;
		ar_date lo = from[i], hi = from[i];
		for (size_t j = i; j < n; j++)
			if (!done[j] && known[j] == known[i]) {
				lo = from[j] < lo ? from[j] : lo;
				hi = from[j] > hi ? from[j] : hi;
			}
		struct trend t = {.base = lo, .span = month_index(lo, hi) + 1};
		if (!(t.sales = calloc((size_t)MAX_CUR * (size_t)t.span,
				       sizeof(*t.sales)))) {
			st = AR_ENOMEM;
			break;
		}
		sqlite3_stmt *s = ar__prepare(l, "SELECT currency, doc_type, "
			"doc_date, amount FROM document WHERE doc_date >= ?1 AND "
			"doc_date <= ?2 AND batch_id <= ?3");
		int rc = SQLITE_DONE;
		bool over = false;
		if (!s)
			st = AR_ELEDGER;
		else {
			ar__bind_date(s, 1, lo);
			ar__bind_date(s, 2, ar_date_month_end(hi));
			sqlite3_bind_int64(s, 3, known[i] ? known[i] : INT64_MAX);
		}
		while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (!is_sale(ar__col_text(s, 1)))
				continue;
			int g = code_slot(&t, ar__col_text(s, 0));
			int mi = month_index(lo, ar__col_date(s, 2));
			if (g < 0 || mi < 0 || mi >= t.span)
				break;
			over |= !ar_money_accum(&t.sales[g * t.span + mi],
						sqlite3_column_int64(s, 3));
		}
		sqlite3_finalize(s);
		if (st == AR_OK && rc == SQLITE_ROW)
			st = ar__fail(l, AR_ELEDGER, "more than %d currencies",
				      MAX_CUR);
		else if (st == AR_OK && rc != SQLITE_DONE)
			st = ar__sqlfail(l, rc, "check");
		for (size_t j = i; j < n && st == AR_OK; j++) {
			if (done[j] || known[j] != known[i])
				continue;
			struct ar__words a = {0}, b = {0};
			struct msales m;
			done[j] = true;
			if (over || !sales_unwords(rows[j].value, &m)) {
				snprintf(rows[j].why, AR__WHY_SZ, over ? "the "
					 "history's sums overflow" : "its value "
					 "is not a month's sales");
				continue;
			}
			sales_words(&t, month_index(lo, from[j]), &a);
			ar__words_int(&b, m.n);
			for (int c = 0; c < m.n; c++) {
				ar__words_str(&b, m.c[c].code);
				ar__words_int(&b, m.c[c].v);
			}
			st = ar__words_same(&a, &b, &rows[j].same, rows[j].why);
		}
		free(t.sales);
	}
out:
	free(from);
	free(known);
	free(done);
	return st;
}

/* ------------------------------------------------------------------ */
/*
 * Unapplied cash: the aging says which customers hold some (its unapplied
 * column), and only their credits are read, through the customer index.
 */

struct unapplied_ctx {
	struct ar_ledger *l;
	sqlite3_stmt *s;
	ar_date as_of;
	ar_unapplied_fn fn;
	void *ctx;
	/* merged: one cursor over every open credit, in the order of the
	 * rows, its columns from the third on; rc its last step */
	bool merged;
	int rc;
};

/* The credit at column off.. of s, of row a, to the caller. */
static ar_status unapplied_item(struct unapplied_ctx *u,
				const struct ar_age_row *a, sqlite3_stmt *s,
				int off)
{
	struct ar_unapplied_row r = {
		.customer_id = a->customer_id,
		.customer_name = a->customer_name,
		.doc_type = ar__col_text(s, off),
		.doc_no = ar__col_text(s, off + 1),
		.doc_date = ar__col_date(s, off + 2),
		.exponent = a->exponent,
		.amount = sqlite3_column_int64(s, off + 3),
		.unapplied = sqlite3_column_int64(s, off + 4),
		.flag = ar__col_text(s, off + 5),
	};
	if (r.unapplied == 0)
		return AR_OK;
	memcpy(r.currency, a->currency, 4);
	r.age_days = u->as_of - r.doc_date;
	return u->fn(u->ctx, &r);
}

static ar_status unapplied_row(void *ctx, const struct ar_age_row *a)
{
	struct unapplied_ctx *u = ctx;
	sqlite3_stmt *s = u->s;
	ar_status st = AR_OK;
	int rc;
	if (a->unapplied == 0)
		return AR_OK;
	if (u->merged) {
		u->rc = ar__merge_seek(s, u->rc, a);
		while (st == AR_OK && ar__merge_on(s, u->rc, a)) {
			st = unapplied_item(u, a, s, 2);
			u->rc = sqlite3_step(s);
		}
		if (st == AR_OK && u->rc != SQLITE_ROW && u->rc != SQLITE_DONE)
			st = ar__sqlfail(u->l, u->rc, "read");
		return st;
	}
	sqlite3_reset(s);
	sqlite3_bind_text(s, 3, a->customer_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, a->currency, 3, SQLITE_TRANSIENT);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		st = unapplied_item(u, a, s, 0);
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(u->l, rc, "read");
	return st;
}

/* Unidentified cash, after every customer's: nobody's yet. */
static ar_status unidentified_row(void *ctx,
				  const struct ar_unidentified_row *x)
{
	struct unapplied_ctx *u = ctx;
	struct ar_unapplied_row r = {
		.customer_id = "", .customer_name = x->remitter ? x->remitter :
		"", .doc_type = "unidentified", .doc_no = x->payment_no,
		.doc_date = x->date, .exponent = x->exponent,
		.amount = x->amount, .unapplied = x->amount,
		.flag = "unidentified",
	};
	memcpy(r.currency, x->currency, 4);
	r.age_days = u->as_of - r.doc_date;
	return u->fn(u->ctx, &r);
}

ar_status ar_report_unapplied(struct ar_ledger *l,
			      const struct ar_report_options *o,
			      ar_unapplied_fn fn, void *ctx)
{
	struct ar_age_options a;
	struct unapplied_ctx u = {l, NULL, o->as_of, fn, ctx, false, 0};
	struct ar_age_proof *proof = NULL;
	ar_status st;
	if ((st = ar__report_begin(l)) != AR_OK)
		return st;
	if (!(proof = malloc(sizeof(*proof))))
		return AR_ENOMEM;
	/* what is open comes from the state (every batch counted), with
	 * known-at from the history, customer by customer */
	u.merged = !o->known_batch;
	u.s = u.merged ? ar__prepare(l, "SELECT c.customer_id, i.currency, "
		"d.doc_type, d.doc_no, d.doc_date, d.amount, i.open, "
		"(SELECT f.flag FROM credit_flag f WHERE f.credit_doc = d.id "
		"ORDER BY f.id DESC LIMIT 1) FROM (" AR__OPEN_AS_OF_SQL ") AS i "
		"JOIN document d ON d.id = i.document JOIN customer c ON c.id = "
		"i.customer WHERE i.sign = -1 ORDER BY c.customer_id, "
		"i.currency, d.doc_date, d.doc_no, d.id") :
		ar__prepare(l, "SELECT d.doc_type, d.doc_no, d.doc_date, "
		"d.amount, d.amount - (SELECT coalesce(sum(x.amount), 0) FROM "
		"application x WHERE x.credit_doc = d.id AND x.effective_date "
		"<= ?1 AND x.batch_id <= ?2), (SELECT f.flag FROM credit_flag f "
		"WHERE f.credit_doc = d.id AND f.batch_id <= ?2 ORDER BY f.id "
		"DESC LIMIT 1) FROM customer c JOIN document d "
		"ON d.customer = c.id WHERE c.customer_id = ?3 AND "
		"d.currency = ?4 AND d.doc_date <= ?1 AND d.batch_id <= ?2 AND "
		"(d.doc_type = 'payment' OR d.doc_type = 'credit_memo' OR "
		"d.doc_type = 'writeoff') ORDER BY d.doc_date, d.doc_no");
	if (!u.s) {
		free(proof);
		return AR_ELEDGER;
	}
	ar__bind_date(u.s, 1, o->as_of);
	if (!u.merged)
		sqlite3_bind_int64(u.s, 2, ar__report_batch(o));
	ar_age_options_init(&a);
	a.as_of = o->as_of;
	a.known_batch = o->known_batch;
	st = ar_age_summary(l, &a, unapplied_row, &u, proof);
	sqlite3_finalize(u.s);
	free(proof);
	if (st == AR_OK)
		st = ar_cash_unidentified(l, o->as_of, ar__report_batch(o),
					  unidentified_row, &u);
	return st;
}

/* ------------------------------------------------------------------ */
/* Output */

static const struct ar_column unapplied_cols[] = {
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"doc_type", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"doc_date", AR_COL_DATE}, {"age_days", AR_COL_INT},
	{"currency", AR_COL_TEXT}, {"amount", AR_COL_MONEY},
	{"unapplied_amount", AR_COL_MONEY}, {"flag", AR_COL_TEXT},
};
static const struct ar_column customers_cols[] = {
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"currency", AR_COL_TEXT}, {"invoices_paid", AR_COL_INT},
	{"avg_days_to_pay", AR_COL_MONEY}, {"avg_days_late", AR_COL_MONEY},
	{"weighted_days_late", AR_COL_MONEY}, {"pct_paid_late", AR_COL_MONEY},
	{"last_payment_date", AR_COL_DATE}, {"balance", AR_COL_MONEY},
	{"overdue", AR_COL_MONEY}, {"credit_limit", AR_COL_MONEY},
	{"utilization", AR_COL_MONEY}, {"late_trend", AR_COL_MONEY},
	{"grade", AR_COL_TEXT}, {"dso", AR_COL_MONEY},
	{"kind", AR_COL_TEXT},
};
static const struct ar_column worklist_cols[] = {
	{"rank", AR_COL_INT}, {"customer_id", AR_COL_TEXT},
	{"customer_name", AR_COL_TEXT}, {"phone", AR_COL_TEXT},
	{"email", AR_COL_TEXT}, {"collector", AR_COL_TEXT},
	{"overdue", AR_COL_MONEY}, {"currency", AR_COL_TEXT},
	{"oldest_days", AR_COL_INT}, {"last_contact", AR_COL_DATE},
	{"last_payment_date", AR_COL_DATE}, {"reason", AR_COL_TEXT},
	{"score", AR_COL_INT},
};
static const struct ar_column collectors_cols[] = {
	{"collector", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"period_start", AR_COL_DATE}, {"period_end", AR_COL_DATE},
	{"contacts", AR_COL_INT}, {"customers_reached", AR_COL_INT},
	{"promises", AR_COL_INT}, {"promised", AR_COL_MONEY},
	{"pct_kept", AR_COL_MONEY}, {"collected", AR_COL_MONEY},
	{"target", AR_COL_MONEY}, {"attainment", AR_COL_MONEY},
};
static const struct ar_column promises_cols[] = {
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"collector", AR_COL_TEXT}, {"made", AR_COL_DATE},
	{"promise_date", AR_COL_DATE}, {"amount", AR_COL_MONEY},
	{"currency", AR_COL_TEXT}, {"received", AR_COL_MONEY},
	{"status", AR_COL_TEXT}, {"days_overdue", AR_COL_INT},
	{"plan", AR_COL_INT},
};
static const struct ar_column forecast_cols[] = {
	{"week_start", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"expected", AR_COL_MONEY}, {"items", AR_COL_INT},
};
static const struct ar_column disputes_cols[] = {
	{"reason", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"opened", AR_COL_INT}, {"opened_amount", AR_COL_MONEY},
	{"open", AR_COL_INT}, {"open_amount", AR_COL_MONEY},
	{"open_0_30", AR_COL_MONEY}, {"open_31_60", AR_COL_MONEY},
	{"open_61_90", AR_COL_MONEY}, {"open_over_90", AR_COL_MONEY},
	{"resolved", AR_COL_INT}, {"resolved_amount", AR_COL_MONEY},
	{"avg_days_to_resolve", AR_COL_MONEY}, {"credited", AR_COL_INT},
	{"written_off", AR_COL_INT}, {"reinstated", AR_COL_INT},
	{"rebilled", AR_COL_INT},
};
static const struct ar_column backtest_cols[] = {
	{"cutoff", AR_COL_DATE}, {"currency", AR_COL_TEXT},
	{"known", AR_COL_TEXT}, {"weeks", AR_COL_INT},
	{"actual", AR_COL_MONEY}, {"forecast", AR_COL_MONEY},
	{"wape", AR_COL_MONEY}, {"bias", AR_COL_MONEY},
	{"week0_error", AR_COL_MONEY}, {"naive_forecast", AR_COL_MONEY},
	{"naive_wape", AR_COL_MONEY}, {"naive_bias", AR_COL_MONEY},
	{"naive_week0_error", AR_COL_MONEY},
};
static const struct ar_column kpi_vertical[] = {
	{"currency", AR_COL_TEXT}, {"kpi", AR_COL_TEXT},
	{"value", AR_COL_MONEY}, {"formula", AR_COL_TEXT},
};
static const char *const bucket_cols[AR_KPI_BUCKETS] = {
	"current", "1-30", "31-60", "61-90", "91-120", "over_120",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static size_t put_cols(struct ar_column *cols, size_t max,
		       const struct ar_column *src, size_t n)
{
	if (n > max)
		return 0;
	memcpy(cols, src, n * sizeof(*src));
	return n;
}

size_t ar_report_columns(const char *report, bool vertical,
			 struct ar_column *cols, size_t max)
{
	size_t n = 0;
	bool trend = strcmp(report, "trend") == 0;
	if (strcmp(report, "unapplied") == 0)
		return put_cols(cols, max, unapplied_cols, N(unapplied_cols));
	if (strcmp(report, "customers") == 0)
		return put_cols(cols, max, customers_cols, N(customers_cols));
	if (strcmp(report, "worklist") == 0)
		return put_cols(cols, max, worklist_cols, N(worklist_cols));
	if (strcmp(report, "forecast") == 0)
		return put_cols(cols, max, forecast_cols, N(forecast_cols));
	if (strcmp(report, "disputes") == 0)
		return put_cols(cols, max, disputes_cols, N(disputes_cols));
	if (strcmp(report, "backtest") == 0)
		return put_cols(cols, max, backtest_cols, N(backtest_cols));
	if (strcmp(report, "collectors") == 0)
		return put_cols(cols, max, collectors_cols, N(collectors_cols));
	if (strcmp(report, "promises") == 0)
		return put_cols(cols, max, promises_cols, N(promises_cols));
	if (strcmp(report, "kpi") == 0 && vertical)
		return put_cols(cols, max, kpi_vertical, N(kpi_vertical));
	if (!trend && strcmp(report, "kpi") != 0)
		return 0;
	if (max < 4 + AR_KPI_N + AR_KPI_BUCKETS + 1)
		return 0;
	if (trend) {
		cols[n++] = (struct ar_column){"month", AR_COL_TEXT};
		cols[n++] = (struct ar_column){"currency", AR_COL_TEXT};
		cols[n++] = (struct ar_column){"month_end", AR_COL_DATE};
	} else {
		cols[n++] = (struct ar_column){"currency", AR_COL_TEXT};
		cols[n++] = (struct ar_column){"period_start", AR_COL_DATE};
		cols[n++] = (struct ar_column){"period_end", AR_COL_DATE};
		cols[n++] = (struct ar_column){"days", AR_COL_INT};
	}
	for (int i = 0; i < AR_KPI_N; i++)
		cols[n++] = (struct ar_column){ar_kpi_defs[i].name,
			ar_kpi_defs[i].kind == AR_KPI_COUNT ? AR_COL_INT
							    : AR_COL_MONEY};
	for (int b = 0; trend && b < AR_KPI_BUCKETS; b++)
		cols[n++] = (struct ar_column){bucket_cols[b], AR_COL_MONEY};
	if (!trend)
		cols[n++] = (struct ar_column){"cei_avg", AR_COL_MONEY};
	return n;
}

size_t ar_report_caption(const char *report, const struct ar_report_options *o,
			 char *buf, size_t size)
{
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ], c[AR_DATE_BUFSZ];
	ar_date from, to;
	ar_date_format(c, o->as_of);
	if (strcmp(report, "kpi") == 0 && ar_report_period(o, &from, &to) == AR_OK) {
		ar_date_format(a, from);
		ar_date_format(b, to);
		return (size_t)snprintf(buf, size, "KPIs for %s to %s (%d day%s), "
			"as of %s; ratios rounded half away from zero, empty "
			"when their denominator is 0", a, b, to - from + 1,
			to == from ? "" : "s", c);
	}
	if (strcmp(report, "collectors") == 0 &&
	    ar_report_period(o, &from, &to) == AR_OK) {
		ar_date_format(a, from);
		ar_date_format(b, to);
		return (size_t)snprintf(buf, size, "Collectors from %s to %s: "
			"contacts (calls, e-mails, letters, visits), customers "
			"reached, promises obtained and the percent of their "
			"amount kept, payments of their customers less "
			"reversals, the targets of the months and attainment "
			"(collected / target x 100)", a, b);
	}
	if (strcmp(report, "promises") == 0)
		return (size_t)snprintf(buf, size, "Promises to pay open as of "
			"%s, and those broken or partly kept with a date in the "
			"90 days before (ar-note(1))", c);
	if (strcmp(report, "trend") == 0)
		return (size_t)snprintf(buf, size, "KPIs and aging (by due date) "
			"of each of the %d months up to %s", o->months, c);
	if (strcmp(report, "customers") == 0)
		return (size_t)snprintf(buf, size, "Payment behaviour as of %s. %s "
			"dso = balance / all invoiced x days since the first "
			"invoice (0 when none).", c, ar_report_grade_rule());
	if (strcmp(report, "worklist") == 0)
		return (size_t)snprintf(buf, size, "Worklist as of %s. %s", c,
			ar_report_score_rule());
	if (strcmp(report, "forecast") == 0)
		return (size_t)snprintf(buf, size, "Expected collections per week "
			"from %s. %s", c, ar_report_forecast_rule());
	if (strcmp(report, "disputes") == 0) {
		ar_date_format(a, o->from);
		ar_date_format(b, o->to == AR_DATE_NONE ? o->as_of : o->to);
		return (size_t)snprintf(buf, size, "Disputes by reason, %s%s to "
			"%s: opened in the period; open at its end, aged by days "
			"open; resolved in it, the days they took and how they "
			"ended", o->from == AR_DATE_NONE ? "from the first" : "",
			o->from == AR_DATE_NONE ? "" : a, b);
	}
	if (strcmp(report, "backtest") == 0) {
		ar_date cut[2];
		int n = ar_report_backtest_cutoffs(o, cut, 1);
		ar_date_format(a, n > 0 ? cut[0] : o->as_of);
		return (size_t)snprintf(buf, size, "Back-test of the forecast "
			"from %s, every %s, %d weeks each, as the ledger stood "
			"at each cut-off, against the cash applied after it; "
			"errors in %% of that cash", a, o->every == 1 ? "month"
			: "quarter", o->weeks);
	}
	return (size_t)snprintf(buf, size, "Unapplied payments and credits as of "
		"%s, age in days since their date", c);
}
