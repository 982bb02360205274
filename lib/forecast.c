/*
 * forecast.c - the cash forecast from each customer's payment habit, and
 * the back-test that measures it against the cash that came.
 *
 * A habit is a distribution of the signed days from due date to payment
 * (bins from DAY_LO to DAY_HI), kept as integer weights: the amounts
 * applied, times 4, 2 or 1 as the payment is under 91, under 182 or more
 * days before as-of.  A customer's own distribution is blended with the
 * ledger's for the same currency and terms, n : SHRINK, n being the
 * customer's items paid; every distribution is first scaled to ONE, so
 * the blend is of probabilities, not of amounts.  An open item d days
 * past due is spread over the bins after d only (it was not paid by
 * as-of), in proportion, by integer division of running totals: the
 * parts add up to the item exactly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/report.h"
#include "internal.h"
#include "report_int.h"

#define DAY_LO (-120)
#define DAY_HI 365
#define NBINS (DAY_HI - DAY_LO + 1)
#define ONE ((int64_t)1 << 30)
#define SHRINK 3
#define MAX_WEEKS 104
#define MAX_GROUPS 96	/* of them at most AR_AGE_MAX_CURRENCIES of all terms */
#define MAX_CUTOFFS 120

const char *ar_report_forecast_rule(void)
{
	return "Each open item spread over the weeks by its customer's "
	       "habit (days from due date to payment of the items paid in "
	       "the 365 days before, by amount, weighted 4, 2, 1 for "
	       "payments under 91, under 182, older days ago) blended n : 3 "
	       "with the ledger's for the same terms (n: the customer's "
	       "items paid), after the days it is already past due; open "
	       "promises at their date; disputed and items more than "
	       "forecast.doubtful_days past due: doubtful";
}

/* A payment of a paid item, for the habits: 16 bytes, since a year of a
 * large ledger holds a million of them. */
struct sample {
	int64_t w;
	int32_t customer;	/* its row id (a larger one: overflow) */
	int16_t bin;
	uint8_t cur;		/* its currency: fc.codes[cur] */
	uint8_t first;		/* the item's first: counts the item */
};

/* The ledger's habit for a currency and terms (term -1: every term). */
struct group {
	char currency[4];
	int term;
	__int128 w[NBINS];
	int64_t p[NBINS];	/* w scaled to ONE */
	bool any;
};

struct promise {
	int64_t customer;
	char currency[4];	/* "": any */
	ar_date date;
	int64_t left;		/* -1: all that is open */
};

struct fcur {
	char code[4];
	int exponent;
	int64_t expected[MAX_WEEKS + 2];	/* weeks, later, doubtful */
	int64_t items[MAX_WEEKS + 2];
	int64_t naive[MAX_WEEKS + 1];		/* weeks, later */
	int64_t actual[MAX_WEEKS];
};

struct fc {
	struct ar_ledger *l;
	ar_date as_of;
	int weeks, doubtful_days;
	struct sample *s;
	size_t ns, cap;
	char codes[AR_AGE_MAX_CURRENCIES][4];	/* of the samples */
	int ncodes;
	struct group *g;
	int ng;
	struct promise *pr;
	size_t npr, prcap;
	struct fcur *cur;
	int ncur;
	bool overflow;
	const struct ar__fc_tee *tee;	/* also given the rows, or NULL */
	/* the customer of the items being read, and its blend */
	sqlite3_stmt *cust_q;
	int64_t customer;
	char cust_code[256];
	char blend_cur[4];
	int blend_term;
	int64_t n;
	const struct group *blend_g;
	__int128 own_w[NBINS];
	int64_t own[NBINS];
	int64_t blend[NBINS];
};

static int clamp_bin(int days)
{
	return (days < DAY_LO ? DAY_LO : days > DAY_HI ? DAY_HI : days) - DAY_LO;
}

static int term_of(ar_date doc, ar_date due)
{
	int t = due - doc;
	return t < 0 ? 0 : t > 365 ? 365 : t;
}

static struct group *group_of(struct fc *f, const char *cur, int term,
			      bool create)
{
	for (int i = 0; i < f->ng; i++)
		if (f->g[i].term == term && !strcmp(f->g[i].currency, cur))
			return &f->g[i];
	if (!create || f->ng == MAX_GROUPS)
		return NULL;
	struct group *g = &f->g[f->ng++];
	memset(g, 0, sizeof(*g));
	snprintf(g->currency, 4, "%s", cur);
	g->term = term;
	return g;
}

/* The index of currency cur among the samples' (-1: too many). */
static int code_of(struct fc *f, const char *cur)
{
	for (int i = 0; i < f->ncodes; i++)
		if (!strcmp(f->codes[i], cur))
			return i;
	if (f->ncodes == AR_AGE_MAX_CURRENCIES)
		return -1;
	snprintf(f->codes[f->ncodes], 4, "%s", cur);
	return f->ncodes++;
}

static void on_paid(void *ctx, const struct ar__paid *p)
{
	struct fc *f = ctx;
	int age = f->as_of - p->closed;
	int64_t r = age < 91 ? 4 : age < 182 ? 2 : 1;
	int term = term_of(p->doc_date, p->due_date);
	for (size_t i = 0; i < p->nparts; i++) {
		if (f->ns == f->cap) {
			/* by half again: a doubling's old and new blocks
			 * together would be the peak of the run */
			size_t cap = f->cap ? f->cap + f->cap / 2 : 4096;
			struct sample *n = realloc(f->s, cap * sizeof(*n));
			if (!n) {
				f->overflow = true;
				return;
			}
			f->s = n, f->cap = cap;
		}
		int cur = code_of(f, p->currency);
		if (cur < 0 || p->customer > INT32_MAX || p->customer < 0) {
			f->overflow = true;
			return;
		}
		struct sample *s = &f->s[f->ns++];
		*s = (struct sample){.customer = (int32_t)p->customer,
			.first = i == 0, .cur = (uint8_t)cur,
			.bin = (int16_t)clamp_bin(p->part[i].day - p->due_date)};
		if (__builtin_mul_overflow(p->part[i].amount, r, &s->w))
			f->overflow = true;
		/* the currency's group first: a slot is kept for each */
		struct group *g = group_of(f, p->currency, -1, true);
		if (g)
			g->w[s->bin] += s->w;
		g = group_of(f, p->currency, term, false);
		if (!g && f->ng < MAX_GROUPS - AR_AGE_MAX_CURRENCIES)
			g = group_of(f, p->currency, term, true);
		if (g)
			g->w[s->bin] += s->w;
	}
}

static int sample_cmp(const void *pa, const void *pb)
{
	const struct sample *a = pa, *b = pb;
	if (a->customer != b->customer)
		return a->customer < b->customer ? -1 : 1;
	if (a->cur != b->cur)
		return a->cur < b->cur ? -1 : 1;
	return (a->bin > b->bin) - (a->bin < b->bin);
}

/* w scaled to ONE into p (negative bins, money taken back, as 0); false
 * when nothing is left. */
static bool scale(const __int128 *w, int64_t *p)
{
	__int128 total = 0;
	for (int b = 0; b < NBINS; b++)
		total += w[b] > 0 ? w[b] : 0;
	for (int b = 0; b < NBINS; b++)
		p[b] = total > 0 && w[b] > 0 ? (int64_t)(w[b] * ONE / total) : 0;
	return total > 0;
}

static void on_promise(void *ctx, const struct ar__promise *p)
{
	struct fc *f = ctx;
	if (p->state != AR__PROMISE_OPEN || p->promise_date < f->as_of)
		return;
	if (f->npr == f->prcap) {
		size_t cap = f->prcap ? f->prcap * 2 : 64;
		struct promise *n = realloc(f->pr, cap * sizeof(*n));
		if (!n) {
			f->overflow = true;
			return;
		}
		f->pr = n, f->prcap = cap;
	}
	struct promise *x = &f->pr[f->npr++];
	*x = (struct promise){.customer = p->customer, .date = p->promise_date,
			      .left = p->amount > 0 ? p->amount : -1};
	memcpy(x->currency, p->currency, 4);
}

static int promise_cmp(const void *pa, const void *pb)
{
	const struct promise *a = pa, *b = pb;
	if (a->customer != b->customer)
		return a->customer < b->customer ? -1 : 1;
	return (a->date > b->date) - (a->date < b->date);
}

/* A paid item to the habits and to the tee. */
static void on_paid_tee(void *ctx, const struct ar__paid *p)
{
	struct fc *f = ctx;
	on_paid(f, p);
	f->tee->paid(f->tee->paid_ctx, p);
}

/* The habits and promises known at as-of through batch kb. */
static ar_status load(struct fc *f, int64_t kb)
{
	ar_status st = ar__paid_scan(f->l, kb, f->as_of - 364, f->as_of, false,
				     f->tee && f->tee->paid ? on_paid_tee
							    : on_paid, f);
	int grace = 0;
	if (st == AR_OK)
		st = ar__promise_grace(f->l, &grace);
	if (st == AR_OK)
		st = ar__promise_scan(f->l, kb, f->as_of, grace, on_promise, f);
	if (st == AR_OK && f->overflow)
		return ar__fail(f->l, AR_ELEDGER, "a sum overflows 64 bits, or "
				"out of memory");
	if (st != AR_OK)
		return st;
	if (f->ns)
		qsort(f->s, f->ns, sizeof(*f->s), sample_cmp);
	if (f->npr)
		qsort(f->pr, f->npr, sizeof(*f->pr), promise_cmp);
	for (int i = 0; i < f->ng; i++)
		f->g[i].any = scale(f->g[i].w, f->g[i].p);
	return AR_OK;
}

/* The customer's own distribution in cur and its count of items. */
static void own_habit(struct fc *f, const char *cur)
{
	size_t lo = 0, hi = f->ns;
	while (lo < hi) {	/* the first sample of the customer */
		size_t mid = lo + (hi - lo) / 2;
		if (f->s[mid].customer < f->customer)
			lo = mid + 1;
		else
			hi = mid;
	}
	int code = -1;
	for (int i = 0; i < f->ncodes; i++)
		if (!strcmp(f->codes[i], cur))
			code = i;
	memset(f->own_w, 0, sizeof(f->own_w));
	f->n = 0;
	for (size_t i = lo; i < f->ns && f->s[i].customer == f->customer; i++)
		if (f->s[i].cur == code) {
			f->own_w[f->s[i].bin] += f->s[i].w;
			f->n += f->s[i].first;
		}
	if (!scale(f->own_w, f->own))
		f->n = 0;
}

/* The blend for an item of the customer in cur with term days' terms. */
static const int64_t *habit(struct fc *f, const char *cur, int term)
{
	if (f->blend_term == term && !strcmp(f->blend_cur, cur))
		return f->blend_g ? f->blend : NULL;
	if (strcmp(f->blend_cur, cur))
		own_habit(f, cur);
	snprintf(f->blend_cur, 4, "%s", cur);
	f->blend_term = term;
	const struct group *g = group_of(f, cur, term, false);
	if (!g || !g->any)
		g = group_of(f, cur, -1, false);
	f->blend_g = g && g->any ? g : NULL;
	if (!f->blend_g)
		return NULL;
	int64_t n = f->n > 1000000 ? 1000000 : f->n;
	for (int b = 0; b < NBINS; b++)
		f->blend[b] = n * f->own[b] + SHRINK * f->blend_g->p[b];
	return f->blend;
}

static struct fcur *cur_of(struct fc *f, const char *code, int exponent)
{
	for (int i = 0; i < f->ncur; i++)
		if (!strcmp(f->cur[i].code, code))
			return &f->cur[i];
	if (f->ncur == AR_AGE_MAX_CURRENCIES)
		return NULL;
	struct fcur *c = &f->cur[f->ncur++];
	memset(c, 0, sizeof(*c));
	snprintf(c->code, 4, "%s", code);
	c->exponent = exponent;
	return c;
}

static int week_of(const struct fc *f, ar_date day)
{
	int wk = day < f->as_of ? 0 : (day - f->as_of) / 7;
	return wk > f->weeks ? f->weeks : wk;
}

static bool add(struct fc *f, int64_t *slot, int64_t v)
{
	if (!ar_money_accum(slot, v))
		f->overflow = true;
	return !f->overflow;
}

/* What of amount the customer's open promises in cur take, to their
 * weeks. */
static int64_t promised(struct fc *f, struct fcur *c, const char *cur,
			int64_t amount, int64_t *part)
{
	size_t lo = 0, hi = f->npr;
	int64_t taken = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->pr[mid].customer < f->customer)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < f->npr && f->pr[i].customer == f->customer &&
	     taken < amount; i++) {
		struct promise *p = &f->pr[i];
		if (p->left == 0 || (p->currency[0] && strcmp(p->currency, cur)))
			continue;
		int64_t t = amount - taken;
		if (p->left > 0 && p->left < t)
			t = p->left;
		if (p->left > 0)
			p->left -= t;
		taken += t;
		int wk = week_of(f, p->date);
		part[wk] += t;
		add(f, &c->expected[wk], t);
	}
	return taken;
}

/* One open item: its parts into the weeks. */
static ar_status on_item(void *ctx, const struct ar_age_item *it)
{
	struct fc *f = ctx;
	if (it->bucket < 0 || it->open_amount <= 0)
		return AR_OK;
	if (strcmp(f->cust_code, it->customer_id)) {
		sqlite3_reset(f->cust_q);
		sqlite3_bind_text(f->cust_q, 1, it->customer_id, -1,
				  SQLITE_STATIC);
		int rc = sqlite3_step(f->cust_q);
		if (rc != SQLITE_ROW)
			return ar__sqlfail(f->l, rc, "read");
		f->customer = sqlite3_column_int64(f->cust_q, 0);
		snprintf(f->cust_code, sizeof(f->cust_code), "%s", it->customer_id);
		f->blend_cur[0] = '\0';
		f->blend_term = -2;
	}
	struct fcur *c = cur_of(f, it->currency, it->exponent);
	if (!c)
		return ar__fail(f->l, AR_ELEDGER, "more than %d currencies",
				AR_AGE_MAX_CURRENCIES);
	int64_t part[MAX_WEEKS + 2] = {0};
	int64_t open = it->open_amount;
	int late = f->as_of - it->due_date;
	int W = f->weeks;

	/* the naive forecast: the due date, the overdue in week 0 */
	add(f, &c->naive[week_of(f, it->due_date)], open);

	int64_t doubt = it->disputed < open ? it->disputed : open;
	if (late > f->doubtful_days)
		doubt = open;
	part[W + 1] = doubt;
	add(f, &c->expected[W + 1], doubt);
	int64_t rest = open - doubt;
	if (rest > 0)
		rest -= promised(f, c, it->currency, rest, part);
	if (rest > 0) {
		const int64_t *h = habit(f, it->currency,
					 term_of(it->doc_date, it->due_date));
		__int128 mass[MAX_WEEKS + 1] = {0}, total = 0;
		for (int b = 0; h && b < NBINS; b++) {
			int d = b + DAY_LO;
			if (d <= late || !h[b])
				continue;
			mass[week_of(f, it->due_date + d)] += h[b];
			total += h[b];
		}
		if (!h) {	/* nothing paid in the currency: the due date */
			mass[week_of(f, it->due_date)] = 1;
			total = 1;
		} else if (total == 0) {	/* past every habit */
			mass[W] = 1;
			total = 1;
		}
		__int128 run = 0;
		int64_t given = 0;
		for (int k = 0; k <= W; k++) {
			run += mass[k];
			int64_t upto = (int64_t)(run * rest / total);
			part[k] += upto - given;
			add(f, &c->expected[k], upto - given);
			given = upto;
		}
	}
	int most = 0;
	for (int k = 1; k <= W + 1; k++)
		if (part[k] > part[most])
			most = k;
	c->items[most]++;
	return f->overflow ? ar__fail(f->l, AR_ELEDGER, "a sum overflows 64 bits")
			   : AR_OK;
}

/* An item to the forecast and to the tee. */
static ar_status on_item_tee(void *ctx, const struct ar_age_item *it)
{
	struct fc *f = ctx;
	ar_status st = on_item(f, it);
	return st == AR_OK ? f->tee->item(f->tee->item_ctx, it) : st;
}

static int fcur_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fcur *)a)->code, ((const struct fcur *)b)->code);
}

static void fc_free(struct fc *f)
{
	sqlite3_finalize(f->cust_q);
	free(f->s);
	free(f->g);
	free(f->pr);
	free(f->cur);
}

static ar_status fc_items(struct fc *f, struct ar_ledger *l, ar_date as_of,
			  int64_t kb);

/* The forecast (and the naive one) as of as_of, known through kb (0:
 * every batch), into f->cur sorted by code; each paid item it reads to
 * the rows it reads handed to tee too, when not NULL. */
static ar_status fc_run(struct fc *f, struct ar_ledger *l, ar_date as_of,
			int64_t kb, int weeks, const struct ar__fc_tee *tee)
{
	char *v = NULL;
	ar_status st;
	memset(f, 0, sizeof(*f));
	f->tee = tee;
	f->l = l;
	f->as_of = as_of;
	f->weeks = weeks;
	f->blend_term = -2;
	if (weeks < 1 || weeks > MAX_WEEKS)
		return ar__fail_field(l, AR_EUSAGE, "weeks", "%d is not 1 to "
				      "%d", weeks, MAX_WEEKS);
	if ((st = ar_setting_get(l, "forecast.doubtful_days", &v, NULL)) != AR_OK)
		return st;
	char *end;
	long days = strtol(v, &end, 10);
	bool bad = *end || end == v || days < 0 || days > 9999;
	free(v);
	if (bad)	/* checked when set: a ledger changed by other means */
		return ar__fail(l, AR_ELEDGER, "the setting "
				"forecast.doubtful_days is invalid");
	f->doubtful_days = (int)days;
	f->g = calloc(MAX_GROUPS, sizeof(*f->g));
	f->cur = calloc(AR_AGE_MAX_CURRENCIES, sizeof(*f->cur));
	if (!f->g || !f->cur)
		return AR_ENOMEM;
	/* the habits of a year of payments are held while the aging reads
	 * the open items: the page cache gives them half its room */
	int cache = ar__cache_kib_now(l);
	if ((st = ar__cache_kib(l, cache / 2)) != AR_OK)
		return st;
	st = fc_items(f, l, as_of, kb);
	ar_status rs = ar__cache_kib(l, cache);
	return st != AR_OK ? st : rs;
}

/* The habits, then the open items of fc_run(). */
static ar_status fc_items(struct fc *f, struct ar_ledger *l, ar_date as_of,
			  int64_t kb)
{
	ar_status st;
	if ((st = load(f, kb ? kb : INT64_MAX)) != AR_OK)
		return st;
	f->cust_q = ar__prepare(l, "SELECT id FROM customer WHERE "
				"customer_id = ?1");
	if (!f->cust_q)
		return AR_ELEDGER;
	struct ar_age_options a;
	struct ar_age_proof *proof = malloc(sizeof(*proof));
	if (!proof)
		return AR_ENOMEM;
	ar_age_options_init(&a);
	if (f->tee && f->tee->item) {
		/* the buckets are the tee's; every item is the forecast's */
		a.by = f->tee->age->by;
		a.nedges = f->tee->age->nedges;
		memcpy(a.edges, f->tee->age->edges, sizeof(a.edges));
		a.credits_aged = f->tee->age->credits_aged;
	} else {
		ar_age_parse_edges(&a, "30,60,90,120");
	}
	a.as_of = as_of;
	a.known_batch = kb;
	st = ar_age_detail(l, &a, f->tee && f->tee->item ? on_item_tee
							 : on_item, f, proof);
	free(proof);
	if (st == AR_OK)
		qsort(f->cur, (size_t)f->ncur, sizeof(*f->cur), fcur_cmp);
	return st;
}

ar_status ar_report_forecast(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_forecast_fn fn, void *ctx)
{
	return ar__report_forecast_tee(l, o, fn, ctx, NULL);
}

ar_status ar__report_forecast_tee(struct ar_ledger *l,
				  const struct ar_report_options *o,
				  ar_forecast_fn fn, void *ctx,
				  const struct ar__fc_tee *tee)
{
	struct fc f;
	ar_status st = ar__report_begin(l);
	memset(&f, 0, sizeof(f));
	if (st == AR_OK)
		st = fc_run(&f, l, o->as_of, o->known_batch, o->weeks, tee);
	for (int i = 0; st == AR_OK && i < f.ncur; i++)
		for (int k = 0; k <= o->weeks + 1 && st == AR_OK; k++) {
			struct ar_forecast_row r = {
				.week_start = k < o->weeks ? o->as_of + 7 * k
							   : AR_DATE_NONE,
				.doubtful = k > o->weeks,
				.exponent = f.cur[i].exponent,
				.expected = f.cur[i].expected[k],
				.items = f.cur[i].items[k],
			};
			memcpy(r.currency, f.cur[i].code, 4);
			st = fn(ctx, &r);
		}
	fc_free(&f);
	return st;
}

/* ------------------------------------------------------------------ */
/* Back-test */

int ar_report_backtest_cutoffs(const struct ar_report_options *o,
			       ar_date *dates, int max)
{
	ar_date to = o->to != AR_DATE_NONE ? o->to : o->as_of - 7 * o->weeks;
	ar_date from = o->from != AR_DATE_NONE ? o->from : to - 364;
	int every = o->every == 1 ? 1 : 3, n = 0;
	if (from > to)
		return -1;
	for (ar_date d = ar_date_month_end(from); d <= to && n < max;
	     d = ar_date_month_end(d + 1)) {
		int y, m, day;
		ar_date_to_ymd(d, &y, &m, &day);
		if (m % every == 0)
			dates[n++] = d;
	}
	return n;
}

/* The cash applied to the items open at the cut-off, week by week. */
static ar_status actuals(struct fc *f, int64_t kb, int64_t now_kb)
{
	sqlite3_stmt *s = ar__prepare(f->l, "SELECT d.currency, "
		"a.effective_date, sum(a.amount) FROM application a JOIN "
		"document d ON d.id = a.debit_doc JOIN document c ON c.id = "
		"a.credit_doc WHERE c.doc_type = 'payment' AND "
		"a.effective_date > ?1 AND a.effective_date < ?2 AND "
		"d.doc_date <= ?1 AND d.batch_id <= ?3 AND a.batch_id <= ?4 "
		"GROUP BY d.currency, a.effective_date");
	int rc;
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, f->as_of);
	ar__bind_date(s, 2, f->as_of + 7 * f->weeks);
	sqlite3_bind_int64(s, 3, kb ? kb : INT64_MAX);
	sqlite3_bind_int64(s, 4, now_kb ? now_kb : INT64_MAX);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *code = ar__col_text(s, 0);
		struct fcur *c = cur_of(f, code, ar__exponent(f->l, code));
		if (!c)
			continue;
		int wk = week_of(f, ar__col_date(s, 1));
		add(f, &c->actual[wk], sqlite3_column_int64(s, 2));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(f->l, rc, "read");
	return f->overflow ? ar__fail(f->l, AR_ELEDGER, "a sum overflows 64 bits")
			   : AR_OK;
}

/* The three errors of forecast fc against actual a over n weeks. */
static void errors(const int64_t *fc, const int64_t *a, int n, int64_t *sum,
		   int64_t *wape, int64_t *bias, int64_t *week0)
{
	__int128 abs_err = 0, sf = 0, sa = 0;
	for (int k = 0; k < n; k++) {
		__int128 d = (__int128)fc[k] - a[k];
		abs_err += d < 0 ? -d : d;
		sf += fc[k];
		sa += a[k];
	}
	*sum = (int64_t)sf;
	*wape = ar__ratio128(abs_err * 100, sa, 2);
	*bias = ar__ratio128((sf - sa) * 100, sa, 2);
	*week0 = ar__ratio128(((__int128)fc[0] - a[0]) * 100, a[0], 2);
}

/*
 * A cut-off's forecast and cash kept in the ledger (derived.c): per
 * currency its code, exponent and the weeks of the forecast, the naive
 * one and the cash that came; under the cut-off, the weeks, the batch
 * known then and the last batch the cash may come from.  It depends on
 * nothing dated after the last of the weeks.
 */
static void bt_key(ar_date cutoff, int weeks, int64_t kb, int64_t now_kb,
		   char *key, size_t n)
{
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, cutoff);
	snprintf(key, n, "%s weeks=%d known=%lld now=%lld", day, weeks,
		 (long long)kb, (long long)now_kb);
}

static void bt_words(const struct fc *f, struct ar__words *w)
{
	ar__words_int(w, f->ncur);
	for (int c = 0; c < f->ncur; c++) {
		const struct fcur *x = &f->cur[c];
		ar__words_str(w, x->code);
		ar__words_int(w, x->exponent);
		for (int k = 0; k < f->weeks; k++) {
			ar__words_int(w, x->expected[k]);
			ar__words_int(w, x->naive[k]);
			ar__words_int(w, x->actual[k]);
		}
	}
}

/* f's currencies read back from value (f->weeks set); false when value
 * is not a cut-off's figures of that many weeks. */
static bool bt_unwords(const char *value, struct fc *f)
{
	struct ar__unwords r = {value, false};
	int64_t n = ar__unword_int(&r);
	if (r.bad || n < 0 || n > AR_AGE_MAX_CURRENCIES)
		return false;
	if (!(f->cur = calloc(AR_AGE_MAX_CURRENCIES, sizeof(*f->cur))))
		return false;
	f->ncur = (int)n;
	for (int c = 0; c < f->ncur && !r.bad; c++) {
		struct fcur *x = &f->cur[c];
		ar__unword_str(&r, x->code, sizeof(x->code));
		x->exponent = (int)ar__unword_int(&r);
		for (int k = 0; k < f->weeks; k++) {
			x->expected[k] = ar__unword_int(&r);
			x->naive[k] = ar__unword_int(&r);
			x->actual[k] = ar__unword_int(&r);
		}
	}
	return ar__unwords_done(&r);
}

/* The forecast of a cut-off and the cash that came, sorted by code. */
static ar_status bt_run(struct fc *f, struct ar_ledger *l, ar_date cutoff,
			int64_t kb, int64_t now_kb, int weeks)
{
	ar_status st = fc_run(f, l, cutoff, kb, weeks, NULL);
	if (st == AR_OK && (st = actuals(f, kb, now_kb)) == AR_OK)
		qsort(f->cur, (size_t)f->ncur, sizeof(*f->cur), fcur_cmp);
	return st;
}

/* The cut-off's figures, kept or computed (and then kept), into *f. */
static ar_status bt_figures(struct fc *f, struct ar_ledger *l, ar_date cutoff,
			    int64_t kb, int64_t now_kb, int weeks)
{
	char key[128], *v = NULL;
	bool reading;
	ar_status st;
	memset(f, 0, sizeof(*f));
	bt_key(cutoff, weeks, kb, now_kb, key, sizeof(key));
	if ((st = ar__read_begin(l, &reading)) != AR_OK)
		return st;
	/* (weeks out of range: fc_run() says so) */
	if (weeks >= 1 && weeks <= MAX_WEEKS &&
	    (st = ar__derived_get(l, AR__KIND_BACKTEST, key, &v)) == AR_OK && v) {
		f->l = l;
		f->weeks = weeks;
		bool ok = bt_unwords(v, f);
		free(v);
		if (ok)
			goto out;
		fc_free(f);
	}
	if (st == AR_OK &&
	    (st = bt_run(f, l, cutoff, kb, now_kb, weeks)) == AR_OK) {
		struct ar__words w = {0};
		bt_words(f, &w);
		ar__derived_put(l, AR__KIND_BACKTEST, key, cutoff + 7 * weeks - 1, &w);
		free(w.buf);
	}
out:
	ar__read_end(l, reading);
	return st;
}

ar_status ar__backtest_verify(struct ar_ledger *l, struct ar__kept *row)
{
	char day[AR_DATE_BUFSZ], mine[128];
	long long kb, now_kb;
	int weeks;
	ar_date cutoff;
	struct fc kept, f;
	ar_status st;

	row->same = false;
	if (sscanf(row->key, "%10s weeks=%d known=%lld now=%lld", day, &weeks,
		   &kb, &now_kb) != 4 ||
	    ar_date_parse_iso(day, strlen(day), &cutoff) != AR_OK ||
	    weeks < 1 || weeks > MAX_WEEKS) {
		snprintf(row->why, AR__WHY_SZ, "its key is not one of a "
			 "back-test");
		return AR_OK;
	}
	bt_key(cutoff, weeks, kb, now_kb, mine, sizeof(mine));
	memset(&kept, 0, sizeof(kept));
	kept.weeks = weeks;
	if (strcmp(mine, row->key) != 0 || !bt_unwords(row->value, &kept)) {
		fc_free(&kept);
		snprintf(row->why, AR__WHY_SZ, "its %s is not a back-test's",
			 strcmp(mine, row->key) ? "key" : "value");
		return AR_OK;
	}
	if ((st = bt_run(&f, l, cutoff, kb, now_kb, weeks)) == AR_OK) {
		struct ar__words a = {0}, b = {0};
		bt_words(&f, &a);
		bt_words(&kept, &b);
		st = ar__words_same(&a, &b, &row->same, row->why);
	}
	fc_free(&f);
	fc_free(&kept);
	return st;
}

ar_status ar_report_backtest(struct ar_ledger *l,
			     const struct ar_report_options *o,
			     ar_backtest_fn fn, void *ctx)
{
	ar_date cut[MAX_CUTOFFS + 1];
	int n = ar_report_backtest_cutoffs(o, cut, MAX_CUTOFFS + 1);
	ar_status st;
	if (n < 0)
		return ar__fail_field(l, AR_EUSAGE, "from", "the back-test "
				      "period must start on or before its end");
	if (n > MAX_CUTOFFS)
		return ar__fail_field(l, AR_EUSAGE, "from", "more than %d "
				      "cut-offs up to the end", MAX_CUTOFFS);
	for (int i = 0; i < n; i++) {
		char day[AR_DATE_BUFSZ];
		int64_t kb;
		struct fc f;
		ar_date_format(day, cut[i]);
		/* as the ledger stood at the end of the cut-off day; a history
		 * loaded later has no batch by then: every batch counts */
		if ((st = ar_ledger_known_at(l, day, &kb)) != AR_OK)
			return st;
		bool known = kb > 0;
		if (!known || (o->known_batch && o->known_batch < kb))
			kb = o->known_batch;
		st = bt_figures(&f, l, cut[i], kb, o->known_batch, o->weeks);
		for (int c = 0; st == AR_OK && c < f.ncur; c++) {
			struct fcur *x = &f.cur[c];
			struct ar_backtest_row r = {
				.cutoff = cut[i], .known_at = known,
				.exponent = x->exponent, .weeks = o->weeks,
				.week_actual = x->actual,
				.week_forecast = x->expected,
				.week_naive = x->naive,
			};
			memcpy(r.currency, x->code, 4);
			errors(x->expected, x->actual, o->weeks, &r.forecast,
			       &r.wape, &r.bias, &r.week0);
			errors(x->naive, x->actual, o->weeks, &r.naive,
			       &r.naive_wape, &r.naive_bias, &r.naive_week0);
			for (int k = 0; k < o->weeks; k++)
				r.actual += x->actual[k];	/* within the ledger's sums */
			st = fn(ctx, &r);
		}
		fc_free(&f);
		if (st != AR_OK)
			return st;
	}
	return AR_OK;
}
