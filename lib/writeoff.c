/*
 * writeoff.c - write-offs by criteria or by list, the approval limit and
 * its requests, recoveries, and the GL journal lines of each.
 *
 * A run first gathers the items (selection through the aging, or a list
 * checked row by row), then posts them; nothing is posted while a list
 * holds a bad row.  The caller's batch makes the whole run one
 * transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/writeoff.h"
#include "import_int.h"

static const char *const reasons[] = {
	"bad_debt", "small_balance", "bankruptcy", "settlement", "dispute",
	"short_pay", NULL
};

void ar_writeoff_options_init(struct ar_writeoff_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = ar_date_today();
	o->older_than = -1;
}

bool ar_writeoff_reason_valid(const char *code)
{
	for (int i = 0; code && reasons[i]; i++)
		if (strcmp(code, reasons[i]) == 0)
			return true;
	return false;
}

const char *const *ar_writeoff_reasons(void)
{
	return reasons;
}

bool ar_writeoff_has_criteria(const struct ar_writeoff_options *o)
{
	return o->older_than >= 0 || o->under || o->customer_id || o->bankrupt;
}

/* ------------------------------------------------------------------ */
/* What the ledger says of one item */

struct item {
	int64_t id, customer, amount;
	int64_t open_now, open_as_of;	/* every application; those by as-of */
	int64_t disputed;		/* open disputes as of as-of */
	int sign, exponent;
	ar_date doc_date, due_date;
	char doc_type[16], currency[4], status[16];
	char doc_no[AR__DOC_NO_MAX + 1];
	char customer_id[128];
};

static void col_copy(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	snprintf(buf, size, "%s", t ? t : "");
}

static ar_status item_get(struct ar_ledger *l, sqlite3_stmt *s, int64_t id,
			  ar_date as_of, struct item *it)
{
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, as_of);
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, day, 10, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no document %lld",
				(long long)id);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	memset(it, 0, sizeof(*it));
	it->id = id;
	col_copy(s, 0, it->doc_type, sizeof(it->doc_type));
	col_copy(s, 1, it->doc_no, sizeof(it->doc_no));
	col_copy(s, 2, it->customer_id, sizeof(it->customer_id));
	col_copy(s, 3, it->status, sizeof(it->status));
	col_copy(s, 4, it->currency, sizeof(it->currency));
	it->amount = sqlite3_column_int64(s, 5);
	it->sign = sqlite3_column_int(s, 6);
	it->doc_date = ar__column_date(s, 7);
	it->due_date = ar__column_date(s, 8);
	it->open_now = it->amount - sqlite3_column_int64(s, 9);
	it->open_as_of = it->amount - sqlite3_column_int64(s, 10);
	it->disputed = sqlite3_column_int64(s, 11);
	it->customer = sqlite3_column_int64(s, 12);
	it->exponent = ar__exponent(l, it->currency);
	sqlite3_reset(s);
	return AR_OK;
}

static const char item_sql[] =
	"SELECT d.doc_type, d.doc_no, c.customer_id, c.status, d.currency, "
	"d.amount, d.sign, d.doc_date, d.due_date, "
	"(SELECT coalesce(sum(a.amount), 0) FROM application a "
	"WHERE a.debit_doc = d.id), "
	"(SELECT coalesce(sum(a.amount), 0) FROM application a "
	"WHERE a.debit_doc = d.id AND a.effective_date <= ?2), "
	"(SELECT coalesce(sum(x.amount), 0) FROM dispute x WHERE "
	"x.document = d.id AND x.opened <= ?2 AND NOT EXISTS (SELECT 1 FROM "
	"dispute_resolution r WHERE r.dispute = x.id AND r.resolved <= ?2)), "
	"c.id "
	"FROM document d JOIN customer c ON c.id = d.customer WHERE d.id = ?1";

/* What can be written off now: open today and open as of the date. */
static int64_t open_of(const struct item *it)
{
	return it->open_now < it->open_as_of ? it->open_now : it->open_as_of;
}

/* The family a document type's number is unique in, or NULL. */
static const char *family_of(const char *doc_type)
{
	static const char *const debit[][2] = {
		{"invoice", "invoice"}, {"debit_memo", "invoice"},
		{"finance_charge", "invoice"}, {"recovery", "recovery"},
		{"reversal", "reversal"},
	};
	for (size_t i = 0; i < sizeof(debit) / sizeof(debit[0]); i++)
		if (strcmp(doc_type, debit[i][0]) == 0)
			return debit[i][1];
	return NULL;
}

/* The id of document no in family, or 0. */
static ar_status find_in(struct ar_ledger *l, sqlite3_stmt *s,
			 const char *family, const char *no, int64_t *id)
{
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, family, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, no, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK
		: ar__sqlfail(l, rc, "read");
}

/* A debit item by number: an invoice (or debit memo, finance charge)
 * first, then a recovery, then a reversal. */
static ar_status find_debit(struct ar_ledger *l, sqlite3_stmt *s,
			    const char *no, int64_t *id)
{
	static const char *const families[] = {"invoice", "recovery",
					       "reversal"};
	ar_status st = AR_OK;
	*id = 0;
	for (size_t i = 0; i < 3 && st == AR_OK && !*id; i++)
		st = find_in(l, s, families[i], no, id);
	return st;
}

static ar_status batch_user(struct ar_ledger *l, char *buf, size_t size)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT user FROM batch WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		col_copy(s, 0, buf, size);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__fail(l, AR_ELEDGER, "no batch in progress");
	return AR_OK;
}

/* Postings dated on or before the last closed day are refused. */
static ar_status open_period(struct ar_ledger *l, ar_date day,
			     bool allow_closed, const char *what)
{
	ar_date through;
	ar_status st;
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	if ((st = ar_ledger_closed_through(l, &through)) != AR_OK)
		return st;
	if (allow_closed || through == AR_DATE_NONE || day > through)
		return AR_OK;
	ar_date_format(a, day);
	ar_date_format(b, through);
	return ar__fail(l, AR_EUSAGE, "%s: '%s' falls in a closed period "
			"(closed through %s; --allow-closed posts anyway)",
			what, a, b);
}

static void money_text(char buf[AR_MONEY_BUFSZ], int64_t v, int e)
{
	ar_money_format(buf, v, e, 0);
}

/* ------------------------------------------------------------------ */
/* A run */

struct cand {
	int64_t doc;
	int64_t amount;		/* 0: whatever is open */
	size_t seq;		/* order found */
	const char *file;	/* list rows: for messages */
	long line;
};

struct ar_writeoff {
	struct ar_ledger *l;
	const struct ar_writeoff_options *o;
	struct cand *c;
	size_t n, cap, skipped;
	char **files;		/* names of the lists read */
	size_t nfiles;
	sqlite3_stmt *item, *find;
	/* --under in each currency met */
	struct { char code[4]; int64_t v; } under[AR_AGE_MAX_CURRENCIES];
	int nunder;
	/* bankrupt customers' numbers, sorted */
	char **bankrupt;
	size_t nbankrupt;
	/* customers and currencies whose unapplied credits were looked at */
	struct { int64_t customer; char currency[4]; } *looked;
	size_t nlooked;
	sqlite3_stmt *unapplied;
	/* the items of requests waiting for a decision when the run began
	 * (writeoff_request has no index by item: read it once), sorted */
	struct waiting { int64_t doc, request; } *waiting;
	size_t nwaiting;
};

static void note(const struct ar_writeoff_options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(const struct ar_writeoff_options *o, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	if (!o->note)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	o->note(o->note_ctx, buf);
}

static void skipped(struct ar_writeoff *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void skipped(struct ar_writeoff *w, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	w->skipped++;
	if (!w->o->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w->o->warn(w->o->note_ctx, buf);
}

ar_status ar_writeoff_new(struct ar_writeoff **wp, struct ar_ledger *l,
			  const struct ar_writeoff_options *o)
{
	struct ar_writeoff *w;
	int64_t v;

	*wp = NULL;
	if (!ar_writeoff_reason_valid(o->reason))
		return o->reason
			? ar__fail(l, AR_EUSAGE, "--reason: '%s' is not a reason "
				   "code (bad_debt, small_balance, bankruptcy, "
				   "settlement, dispute, short_pay)", o->reason)
			: ar__fail(l, AR_EUSAGE, "--reason is required");
	/* the text must be an amount at all (its decimals are checked in
	 * each currency it meets) */
	if (o->under && (ar_money_parse(o->under, strlen(o->under), 4, NULL, 0,
					&v, NULL) != AR_OK || v <= 0))
		return ar__fail(l, AR_EUSAGE, "--under: '%s' is not an amount "
				"over 0", o->under);
	if (!(w = calloc(1, sizeof(*w))))
		return AR_ENOMEM;
	w->l = l;
	w->o = o;
	w->item = ar__prepare(l, item_sql);
	w->find = ar__prepare(l, "SELECT id FROM document WHERE family = ?1 "
			      "AND doc_no = ?2");
	w->unapplied = ar__prepare(l, "SELECT coalesce(sum(d.amount - "
		"(SELECT coalesce(sum(a.amount), 0) FROM application a WHERE "
		"a.credit_doc = d.id AND a.effective_date <= ?3)), 0) FROM "
		"document d WHERE d.customer = ?1 AND d.currency = ?2 AND "
		"d.sign = -1 AND d.doc_type <> 'writeoff' AND d.doc_date <= ?3");
	if (!w->item || !w->find || !w->unapplied) {
		ar_writeoff_free(w);
		return AR_ELEDGER;
	}
	*wp = w;
	return AR_OK;
}

void ar_writeoff_free(struct ar_writeoff *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->item);
	sqlite3_finalize(w->find);
	sqlite3_finalize(w->unapplied);
	free(w->looked);
	free(w->waiting);
	for (size_t i = 0; i < w->nfiles; i++)
		free(w->files[i]);
	free(w->files);
	for (size_t i = 0; i < w->nbankrupt; i++)
		free(w->bankrupt[i]);
	free(w->bankrupt);
	free(w->c);
	free(w);
}

size_t ar_writeoff_count(const struct ar_writeoff *w)
{
	return w->n;
}

size_t ar_writeoff_skipped(const struct ar_writeoff *w)
{
	return w->skipped;
}

static ar_status add_cand(struct ar_writeoff *w, int64_t doc, int64_t amount,
			  const char *file, long line)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct cand *c = realloc(w->c, cap * sizeof(*c));
		if (!c)
			return AR_ENOMEM;
		w->c = c;
		w->cap = cap;
	}
	w->c[w->n] = (struct cand){doc, amount, w->n, file, line};
	w->n++;
	return AR_OK;
}

ar_status ar_writeoff_add(struct ar_writeoff *w, int64_t doc, int64_t amount)
{
	return add_cand(w, doc, amount > 0 ? amount : 0, NULL, 0) == AR_OK
		? AR_OK : ar__fail(w->l, AR_ENOMEM, "out of memory");
}

/* --under in currency code, parsed once per currency. */
static ar_status under_in(struct ar_writeoff *w, const char *code, int e,
			  int64_t *v)
{
	for (int i = 0; i < w->nunder; i++)
		if (strcmp(w->under[i].code, code) == 0) {
			*v = w->under[i].v;
			return AR_OK;
		}
	if (w->nunder == AR_AGE_MAX_CURRENCIES ||
	    ar_money_parse(w->o->under, strlen(w->o->under), e, code, 0, v,
			   NULL) != AR_OK)
		return ar__fail(w->l, AR_EUSAGE, "--under: '%s' is not an "
				"amount in %s", w->o->under, code);
	memcpy(w->under[w->nunder].code, code, 4);
	w->under[w->nunder++].v = *v;
	return AR_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static ar_status load_bankrupt(struct ar_writeoff *w)
{
	sqlite3_stmt *s = ar__prepare(w->l, "SELECT customer_id FROM customer "
				      "WHERE status = 'bankrupt'");
	size_t cap = 0;
	int rc;
	ar_status st = AR_OK;
	if (!s)
		return AR_ELEDGER;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (w->nbankrupt == cap) {
			cap = cap ? cap * 2 : 16;
			char **p = realloc(w->bankrupt, cap * sizeof(*p));
			if (!p) {
				st = AR_ENOMEM;
				break;
			}
			w->bankrupt = p;
		}
		char *id = strdup((const char *)sqlite3_column_text(s, 0));
		if (!id)
			st = AR_ENOMEM;
		else
			w->bankrupt[w->nbankrupt++] = id;
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(w->l, rc, "read");
	sqlite3_finalize(s);
	if (st == AR_OK && w->nbankrupt)
		qsort(w->bankrupt, w->nbankrupt, sizeof(char *), cmp_str);
	return st;
}

static bool is_bankrupt(const struct ar_writeoff *w, const char *customer_id)
{
	return w->nbankrupt && bsearch(&customer_id, w->bankrupt, w->nbankrupt,
				       sizeof(char *), cmp_str) != NULL;
}

static ar_status on_aged(void *ctx, const struct ar_age_item *i)
{
	struct ar_writeoff *w = ctx;
	const char *family;
	int64_t under, id;
	ar_status st;

	if (i->open_amount <= 0 || !(family = family_of(i->doc_type)))
		return AR_OK;	/* an unapplied credit */
	if (w->o->bankrupt && !is_bankrupt(w, i->customer_id))
		return AR_OK;
	if (w->o->under) {
		if ((st = under_in(w, i->currency, i->exponent, &under)) != AR_OK)
			return st;
		if (i->open_amount >= under)
			return AR_OK;
	}
	if ((st = find_in(w->l, w->find, family, i->doc_no, &id)) != AR_OK)
		return st;
	if (!id)
		return ar__fail(w->l, AR_ELEDGER, "%s '%s' aged but not found",
				i->doc_type, i->doc_no);
	return add_cand(w, id, 0, NULL, 0);
}

ar_status ar_writeoff_select(struct ar_writeoff *w)
{
	struct ar_age_options a;
	struct ar_age_proof proof;
	ar_status st;

	if (w->o->bankrupt && (st = load_bankrupt(w)) != AR_OK)
		return st;
	ar_age_options_init(&a);
	a.as_of = w->o->as_of;
	a.customer_id = w->o->customer_id;
	a.older_than = w->o->older_than;
	if ((st = ar_age_detail(w->l, &a, on_aged, w, &proof)) != AR_OK)
		return st;
	/* a ledger that does not add up is no ledger to write off from */
	if (!ar_age_proof_ok(&proof))
		return ar__fail(w->l, AR_ECHECK, "the aging as of the date does "
				"not add up to the ledger balance (run "
				"'ar-ledger check')");
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Lists */

enum { WL_DOC, WL_TYPE, WL_CURRENCY, WL_WRITEOFF, WL_OPEN, WL_AMOUNT };

static const struct ar__coldef list_cols[] = {
	[WL_DOC] = {"doc_no", true, "invoiceno invoice invoicenumber invno "
		    "invoiceid docnumber documentno documentnumber document"},
	[WL_TYPE] = {"doc_type", false, "documenttype type"},
	[WL_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[WL_WRITEOFF] = {"writeoff_amount", false, "writeoff"},
	[WL_OPEN] = {"open_amount", false, "open openbalance balancedue"},
	[WL_AMOUNT] = {"amount", false, "total"},
};

static const struct ar__typedef list_type = {
	AR_REC_AUTO, "write-off list", list_cols,
	sizeof(list_cols) / sizeof(list_cols[0])
};

struct list {
	struct ar_writeoff *w;
	struct ar_csv_reader *r;
	const char *file;
	int colmap[sizeof(list_cols) / sizeof(list_cols[0])];
	int amount_col;		/* -1: none */
	long bad;
};

static void bad_row(struct list *li, const char *field, const char *value,
		    const char *why)
{
	li->bad++;
	if (value)
		note(li->w->o, "%s:%ld: %s: '%s' %s", li->file,
		     ar_csv_line(li->r), field, value, why);
	else
		note(li->w->o, "%s:%ld: %s %s", li->file, ar_csv_line(li->r),
		     field, why);
}

/* Field c of the list's columns, trimmed of nothing (CSV is exact);
 * NULL when the column is absent. */
static const char *list_field(struct list *li, int c)
{
	if (li->colmap[c] < 0)
		return NULL;
	return ar_csv_field(li->r, (size_t)li->colmap[c], NULL);
}

static ar_status list_row(struct list *li)
{
	struct ar_writeoff *w = li->w;
	const char *no = list_field(li, WL_DOC);
	const char *type = list_field(li, WL_TYPE);
	const char *cur = list_field(li, WL_CURRENCY);
	const char *amt = li->amount_col >= 0 ? list_field(li, li->amount_col)
					      : NULL;
	const char *amt_name = li->amount_col >= 0
		? list_cols[li->amount_col].name : "amount";
	const char *why;
	int64_t id = 0, v = 0;
	struct item it;
	ar_status st;

	if (ar_csv_row_error(li->r)) {
		li->bad++;
		note(w->o, "%s:%ld: %s", li->file, ar_csv_line(li->r),
		     ar_csv_row_error(li->r));
		return AR_OK;
	}
	if (!no || !*no) {
		bad_row(li, "doc_no", NULL, "is required");
		return AR_OK;
	}
	if (type && *type) {
		const char *family = family_of(type);
		if (!family) {
			bad_row(li, "doc_type", type, strcmp(type, "payment") == 0 ||
				strcmp(type, "credit_memo") == 0 ||
				strcmp(type, "writeoff") == 0
				? "is a credit, not an item to write off"
				: "is not a type of debit document");
			return AR_OK;
		}
		if ((st = find_in(w->l, w->find, family, no, &id)) != AR_OK)
			return st;
		if (id) {
			/* the family shares numbers among its types */
			if ((st = item_get(w->l, w->item, id, w->o->as_of, &it))
			    != AR_OK)
				return st;
			if (strcmp(it.doc_type, type) != 0)
				id = 0;
		}
	} else if ((st = find_debit(w->l, w->find, no, &id)) != AR_OK) {
		return st;
	}
	if (!id && !(type && *type)) {
		/* a credit's number: say so rather than "unknown" */
		static const char *const credits[][2] = {
			{"payment", "is a payment, not an item to write off"},
			{"credit_memo", "is a credit memo, not an item to write off"},
			{"writeoff", "is a write-off, not an item to write off"},
		};
		int64_t other = 0;
		for (size_t i = 0; i < 3; i++) {
			if ((st = find_in(w->l, w->find, credits[i][0], no,
					  &other)) != AR_OK)
				return st;
			if (other) {
				bad_row(li, "doc_no", no, credits[i][1]);
				return AR_OK;
			}
		}
	}
	if (!id) {
		bad_row(li, "doc_no", no, type && *type
			? "is not a known document of that type"
			: "is not a known invoice, debit memo, finance charge, "
			  "recovery or reversal");
		return AR_OK;
	}
	if ((st = item_get(w->l, w->item, id, w->o->as_of, &it)) != AR_OK)
		return st;
	if (it.doc_date > w->o->as_of) {
		bad_row(li, "doc_no", no, "is dated after the write-off date "
			"(--as-of)");
		return AR_OK;
	}
	if (cur && *cur && strcmp(cur, it.currency) != 0) {
		char why2[80];
		snprintf(why2, sizeof(why2), "is not the document's currency (%s)",
			 it.currency);
		bad_row(li, "currency", cur, why2);
		return AR_OK;
	}
	int64_t open = open_of(&it);
	if (open <= 0) {
		bad_row(li, "doc_no", no, "has nothing open");
		return AR_OK;
	}
	if (amt && *amt) {
		if (ar_money_parse(amt, strlen(amt), it.exponent, it.currency, 0,
				   &v, &why) != AR_OK) {
			char why2[160];
			snprintf(why2, sizeof(why2), "is not an amount (%s)", why);
			bad_row(li, amt_name, amt, why2);
			return AR_OK;
		}
		if (v <= 0) {
			bad_row(li, amt_name, amt, "is not over 0");
			return AR_OK;
		}
		if (v > open) {
			char o[AR_MONEY_BUFSZ], why2[120];
			money_text(o, open, it.exponent);
			snprintf(why2, sizeof(why2), "is more than the open "
				 "amount of '%s' (%s %s)", no, o, it.currency);
			bad_row(li, amt_name, amt, why2);
			return AR_OK;
		}
	}
	return add_cand(w, id, v, li->file, ar_csv_line(li->r));
}

static int cmp_doc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_seq(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A document listed twice is a mistake somewhere: refuse it. */
static long duplicates(struct ar_writeoff *w)
{
	long bad = 0;
	struct item it;
	if (w->n < 2)
		return 0;
	qsort(w->c, w->n, sizeof(*w->c), cmp_doc);
	for (size_t i = 1; i < w->n; i++) {
		const struct cand *a = &w->c[i - 1], *b = &w->c[i];
		if (a->doc != b->doc || !b->file)
			continue;
		bad++;
		if (item_get(w->l, w->item, b->doc, w->o->as_of, &it) != AR_OK)
			snprintf(it.doc_no, sizeof(it.doc_no), "?");
		note(w->o, "%s:%ld: doc_no: '%s' is listed twice (first at "
		     "%s:%ld)", b->file, b->line, it.doc_no,
		     a->file ? a->file : "?", a->line);
	}
	qsort(w->c, w->n, sizeof(*w->c), cmp_seq);
	return bad;
}

ar_status ar_writeoff_read_list(struct ar_writeoff *w, struct ar_csv_reader *r)
{
	struct list li = {.w = w, .r = r, .amount_col = -1};
	char **norm = NULL, **files;
	size_t nhead = 0;
	int missing;
	ar_status st;

	if (!(files = realloc(w->files, (w->nfiles + 1) * sizeof(*files))))
		return AR_ENOMEM;
	w->files = files;
	if (!(files[w->nfiles] = strdup(ar_csv_name(r))))
		return AR_ENOMEM;
	li.file = files[w->nfiles++];

	if ((st = ar_csv_next(r)) != AR_OK) {
		if (st == AR_ENOTFOUND)
			return ar__fail(w->l, AR_EINPUT, "%s: no header (a list "
					"needs a column doc_no)", li.file);
		return ar__fail(w->l, st, "%s", ar_csv_errmsg(r));
	}
	nhead = ar_csv_nfields(r);
	if (!(norm = calloc(nhead, sizeof(*norm))))
		return AR_ENOMEM;
	for (size_t i = 0; i < nhead; i++) {
		char buf[256];
		ar_csv_normalize(ar_csv_field(r, i, NULL), buf, sizeof(buf));
		if (!(norm[i] = strdup(buf))) {
			st = AR_ENOMEM;
			goto out;
		}
	}
	ar__match_columns(&list_type, norm, nhead, li.colmap, &missing);
	if (missing >= 0) {
		st = ar__fail(w->l, AR_EINPUT, "%s:1: no column for doc_no (or "
			      "invoice_no)", li.file);
		goto out;
	}
	for (int c = WL_WRITEOFF; c <= WL_AMOUNT && li.amount_col < 0; c++)
		if (li.colmap[c] >= 0)
			li.amount_col = c;
	ar_csv_expect_fields(r, nhead);
	while ((st = ar_csv_next(r)) == AR_OK)
		if ((st = list_row(&li)) != AR_OK)
			goto out;
	if (st != AR_ENOTFOUND) {
		st = ar__fail(w->l, st, "%s", ar_csv_errmsg(r));
		goto out;
	}
	li.bad += duplicates(w);
	st = li.bad ? ar__fail(w->l, AR_EINPUT, "%s: %ld bad row%s: nothing "
			       "written off", li.file, li.bad,
			       li.bad == 1 ? "" : "s") : AR_OK;
out:
	for (size_t i = 0; i < nhead; i++)
		free(norm[i]);
	free(norm);
	return st;
}

/* ------------------------------------------------------------------ */
/* Posting */

/* The approval limit in the base currency. */
static ar_status limit_load(struct ar_ledger *l, char base[4], int64_t *limit)
{
	char *b = NULL, *v = NULL;
	ar_status st;
	if ((st = ar_setting_get(l, "currency.base", &b, NULL)) != AR_OK ||
	    (st = ar_setting_get(l, "writeoff.approval_limit", &v, NULL))
	    != AR_OK)
		goto out;
	snprintf(base, 4, "%s", b);
	int e = ar_ledger_currency_exponent(l, base);
	if (e < 0 || ar_money_parse(v, strlen(v), e, NULL, 0, limit, NULL)
	    != AR_OK)
		st = ar__fail(l, AR_ELEDGER, "writeoff.approval_limit: '%s' is "
			      "not an amount in %s", v, base);
out:
	free(b);
	free(v);
	return st;
}

static ar_status request_insert(struct ar_ledger *l, int64_t doc,
				int64_t amount, const char *reason,
				ar_date date, const char *user, int64_t *id)
{
	char day[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO writeoff_request "
				      "(debit_doc, amount, reason, date, "
				      "requested_by, batch_id) VALUES "
				      "(?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, date);
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, amount);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	*id = sqlite3_last_insert_rowid(ar__db(l));
	return AR_OK;
}

/*
 * Writing off a customer's items while its payments sit unapplied is
 * the classic mistake of the trade: say so, once per customer.
 */
static ar_status warn_unapplied(struct ar_writeoff *w, const struct item *it)
{
	char day[AR_DATE_BUFSZ], a[AR_MONEY_BUFSZ];
	/* items come customer by customer: the last looked at first */
	for (size_t i = w->nlooked; i-- > 0;)
		if (w->looked[i].customer == it->customer &&
		    strcmp(w->looked[i].currency, it->currency) == 0)
			return AR_OK;
	void *p = realloc(w->looked, (w->nlooked + 1) * sizeof(*w->looked));
	if (!p)
		return AR_ENOMEM;
	w->looked = p;
	w->looked[w->nlooked].customer = it->customer;
	memcpy(w->looked[w->nlooked++].currency, it->currency, 4);
	ar_date_format(day, w->o->as_of);
	sqlite3_reset(w->unapplied);
	sqlite3_bind_int64(w->unapplied, 1, it->customer);
	sqlite3_bind_text(w->unapplied, 2, it->currency, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(w->unapplied, 3, day, 10, SQLITE_TRANSIENT);
	int rc = sqlite3_step(w->unapplied);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(w->l, rc, "read");
	int64_t left = sqlite3_column_int64(w->unapplied, 0);
	sqlite3_reset(w->unapplied);
	if (left > 0 && w->o->warn) {
		char buf[400];
		ar_money_format(a, left, it->exponent, AR_MONEY_GROUP);
		snprintf(buf, sizeof(buf), "%s has %s %s of payments and "
			 "credits unapplied: apply them before writing off",
			 it->customer_id, a, it->currency);
		w->o->warn(w->o->note_ctx, buf);
	}
	return AR_OK;
}

static int cmp_waiting(const void *a, const void *b)
{
	const struct waiting *x = a, *y = b;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static ar_status load_waiting(struct ar_writeoff *w)
{
	sqlite3_stmt *s = ar__prepare(w->l, "SELECT q.debit_doc, q.id FROM "
		"writeoff_request q WHERE NOT EXISTS (SELECT 1 FROM "
		"writeoff_decision k WHERE k.request = q.id)");
	size_t cap = 0;
	ar_status st = AR_OK;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (w->nwaiting == cap) {
			cap = cap ? cap * 2 : 16;
			void *p = realloc(w->waiting, cap * sizeof(*w->waiting));
			if (!p) {
				st = AR_ENOMEM;
				break;
			}
			w->waiting = p;
		}
		w->waiting[w->nwaiting].doc = sqlite3_column_int64(s, 0);
		w->waiting[w->nwaiting++].request = sqlite3_column_int64(s, 1);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(w->l, rc, "read");
	sqlite3_finalize(s);
	if (w->nwaiting > 1)
		qsort(w->waiting, w->nwaiting, sizeof(*w->waiting), cmp_waiting);
	return st;
}

/* The request waiting on item doc, or 0. */
static int64_t waiting_on(const struct ar_writeoff *w, int64_t doc)
{
	struct waiting key = {doc, 0}, *hit;
	if (!w->nwaiting)
		return 0;
	hit = bsearch(&key, w->waiting, w->nwaiting, sizeof(key), cmp_waiting);
	return hit ? hit->request : 0;
}

ar_status ar_writeoff_post(struct ar_writeoff *w, ar_writeoff_row_fn fn,
			   void *ctx)
{
	const struct ar_writeoff_options *o = w->o;
	char base[4], user[256], no[AR__DOC_NO_MAX + 1];
	int64_t limit;
	struct item it;
	ar_status st;

	if ((st = open_period(w->l, o->as_of, o->allow_closed, "--as-of"))
	    != AR_OK ||
	    (st = limit_load(w->l, base, &limit)) != AR_OK ||
	    (st = batch_user(w->l, user, sizeof(user))) != AR_OK ||
	    (st = load_waiting(w)) != AR_OK)
		return st;
	for (size_t i = 0; i < w->n; i++) {
		const struct cand *c = &w->c[i];
		if ((st = item_get(w->l, w->item, c->doc, o->as_of, &it)) != AR_OK)
			return st;
		int64_t open = open_of(&it), amount = c->amount ? c->amount : open;
		if (it.disputed > 0 && !o->include_disputed) {
			skipped(w, "skipped '%s' of %s: disputed "
			     "(--include-disputed writes it off)", it.doc_no,
			     it.customer_id);
			continue;
		}
		int64_t waiting = waiting_on(w, it.id);
		if (waiting) {
			skipped(w, "skipped '%s' of %s: write-off request %lld is "
			     "pending (--approve or --reject it)", it.doc_no,
			     it.customer_id, (long long)waiting);
			continue;
		}
		if (open <= 0) {
			skipped(w, "skipped '%s' of %s: nothing open now", it.doc_no,
			     it.customer_id);
			continue;
		}
		if (amount > open)
			return ar__fail(w->l, AR_EINPUT, "'%s': the write-off is "
					"more than its open amount", it.doc_no);
		if ((st = warn_unapplied(w, &it)) != AR_OK)
			return st;
		struct ar_writeoff_row row = {
			.writeoff_no = "", .date = o->as_of,
			.customer_id = it.customer_id, .doc_no = it.doc_no,
			.amount = amount, .exponent = it.exponent,
			.reason = o->reason,
		};
		memcpy(row.currency, it.currency, 4);
		/* no exchange rates: another currency always asks */
		if (strcmp(it.currency, base) != 0 || amount > limit) {
			if ((st = request_insert(w->l, it.id, amount, o->reason,
						 o->as_of, user, &row.request))
			    != AR_OK)
				return st;
			row.status = "pending";
		} else {
			if ((st = ar__post_writeoff(w->l, NULL, it.id, amount, o->as_of,
						    o->reason, NULL, no)) != AR_OK)
				return st;
			row.writeoff_no = no;
			row.status = "posted";
		}
		if (fn && (st = fn(ctx, &row)) != AR_OK)
			return st;
	}
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Approval */

ar_status ar_writeoff_pending(struct ar_ledger *l, ar_writeoff_request_fn fn,
			      void *ctx)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT q.id, q.date, c.customer_id, "
		"d.doc_no, q.reason, q.requested_by, q.amount, d.amount - "
		"(SELECT coalesce(sum(a.amount), 0) FROM application a WHERE "
		"a.debit_doc = d.id), d.currency FROM writeoff_request q "
		"JOIN document d ON d.id = q.debit_doc "
		"JOIN customer c ON c.id = d.customer "
		"WHERE NOT EXISTS (SELECT 1 FROM writeoff_decision k "
		"WHERE k.request = q.id) ORDER BY q.id");
	ar_status st = AR_OK;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar_writeoff_request r = {
			.id = sqlite3_column_int64(s, 0),
			.date = ar__column_date(s, 1),
			.customer_id = (const char *)sqlite3_column_text(s, 2),
			.doc_no = (const char *)sqlite3_column_text(s, 3),
			.reason = (const char *)sqlite3_column_text(s, 4),
			.requested_by = (const char *)sqlite3_column_text(s, 5),
			.amount = sqlite3_column_int64(s, 6),
			.open_amount = sqlite3_column_int64(s, 7),
		};
		col_copy(s, 8, r.currency, sizeof(r.currency));
		r.exponent = ar__exponent(l, r.currency);
		st = fn(ctx, &r);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}

struct request {
	int64_t id, doc, amount;
	ar_date date;
	char reason[32];
};

static ar_status request_get(struct ar_ledger *l, sqlite3_stmt *s, int64_t id,
			     const char *opt, struct request *q)
{
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_EUSAGE, "%s: '%lld' is not a write-off "
				"request", opt, (long long)id);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	q->id = id;
	q->doc = sqlite3_column_int64(s, 0);
	q->amount = sqlite3_column_int64(s, 1);
	col_copy(s, 2, q->reason, sizeof(q->reason));
	q->date = ar__column_date(s, 3);
	if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
		char day[AR_DATE_BUFSZ] = "";
		col_copy(s, 5, day, sizeof(day));
		const char *decision = (const char *)sqlite3_column_text(s, 4);
		ar_status st = ar__fail(l, AR_EUSAGE, "%s: request %lld was "
					"already %s on %s", opt, (long long)id,
					decision, day);
		sqlite3_reset(s);
		return st;
	}
	sqlite3_reset(s);
	return AR_OK;
}

static ar_status decision_insert(struct ar_ledger *l, int64_t request,
				 bool approve, const char *user, ar_date date,
				 int64_t doc)
{
	char day[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO writeoff_decision "
				      "(request, decision, decided_by, date, "
				      "writeoff_doc, batch_id) VALUES "
				      "(?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	ar_date_format(day, date);
	sqlite3_bind_int64(s, 1, request);
	sqlite3_bind_text(s, 2, approve ? "approved" : "rejected", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 3, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	if (doc)
		sqlite3_bind_int64(s, 5, doc);
	sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}

ar_status ar_writeoff_decide(struct ar_ledger *l, const int64_t *ids,
			     size_t n, bool approve,
			     const struct ar_writeoff_options *o,
			     ar_writeoff_row_fn fn, void *ctx)
{
	const char *opt = approve ? "--approve" : "--reject";
	sqlite3_stmt *q = NULL, *is = NULL;
	char user[256], no[AR__DOC_NO_MAX + 1];
	struct request r;
	struct item it;
	ar_status st;

	if ((st = batch_user(l, user, sizeof(user))) != AR_OK)
		return st;
	if (approve && (st = open_period(l, o->as_of, o->allow_closed,
					 "--as-of")) != AR_OK)
		return st;
	q = ar__prepare(l, "SELECT q.debit_doc, q.amount, q.reason, q.date, "
			"k.decision, k.date FROM writeoff_request q LEFT JOIN "
			"writeoff_decision k ON k.request = q.id WHERE q.id = ?");
	is = ar__prepare(l, item_sql);
	if (!q || !is) {
		st = AR_ELEDGER;
		goto out;
	}
	/* every one checked before any is decided */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; pass == 0 && j < i; j++)
				if (ids[j] == ids[i]) {
					st = ar__fail(l, AR_EUSAGE, "%s: '%lld' "
						      "is given twice", opt,
						      (long long)ids[i]);
					goto out;
				}
			if ((st = request_get(l, q, ids[i], opt, &r)) != AR_OK ||
			    (st = item_get(l, is, r.doc, o->as_of, &it)) != AR_OK)
				goto out;
			if (approve && o->as_of < r.date) {
				char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
				ar_date_format(a, o->as_of);
				ar_date_format(b, r.date);
				st = ar__fail(l, AR_EUSAGE, "--as-of: '%s' is "
					      "before request %lld (%s)", a,
					      (long long)r.id, b);
				goto out;
			}
			if (approve && r.amount > open_of(&it)) {
				char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ];
				money_text(a, open_of(&it), it.exponent);
				money_text(b, r.amount, it.exponent);
				st = ar__fail(l, AR_EINPUT, "request %lld: '%s' "
					      "has %s %s open, less than the %s "
					      "requested (reject it and ask "
					      "again)", (long long)r.id,
					      it.doc_no, a, it.currency, b);
				goto out;
			}
			if (pass == 0)
				continue;
			struct ar_writeoff_row row = {
				.writeoff_no = "", .date = o->as_of,
				.customer_id = it.customer_id,
				.doc_no = it.doc_no, .amount = r.amount,
				.exponent = it.exponent, .reason = r.reason,
				.status = approve ? "approved" : "rejected",
				.request = r.id,
			};
			memcpy(row.currency, it.currency, 4);
			int64_t wo = 0;
			if (approve) {
				if ((st = ar__post_writeoff(l, NULL, r.doc, r.amount,
							    o->as_of, r.reason,
							    &wo, no)) != AR_OK)
					goto out;
				row.writeoff_no = no;
			}
			/* a dispute waiting on the request ends with it */
			if ((st = decision_insert(l, r.id, approve, user,
						  o->as_of, wo)) != AR_OK ||
			    (approve && (st = ar__dispute_request_approved(l,
					r.id, wo, o->as_of)) != AR_OK) ||
			    (fn && (st = fn(ctx, &row)) != AR_OK))
				goto out;
		}
	}
out:
	sqlite3_finalize(q);
	sqlite3_finalize(is);
	return st;
}

/* ------------------------------------------------------------------ */
/* Recovery */

/* The write-off doc_no names, or the latest write-off of the item it
 * names; 0 when neither. */
static ar_status find_writeoff(struct ar_ledger *l, const char *doc_no,
			       int64_t *wo)
{
	sqlite3_stmt *f = ar__prepare(l, "SELECT id FROM document WHERE "
				      "family = ?1 AND doc_no = ?2");
	int64_t item = 0;
	ar_status st;
	*wo = 0;
	if (!f)
		return AR_ELEDGER;
	if ((st = find_in(l, f, "writeoff", doc_no, wo)) == AR_OK && !*wo)
		st = find_debit(l, f, doc_no, &item);
	sqlite3_finalize(f);
	if (st != AR_OK || !item)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "SELECT coalesce(max(a.credit_doc), 0) "
		"FROM application a JOIN document d ON d.id = a.credit_doc "
		"WHERE a.debit_doc = ? AND d.doc_type = 'writeoff'");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, item);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*wo = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

static ar_status recovered(struct ar_ledger *l, int64_t wo, int64_t *sum)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT coalesce(sum(amount), 0) FROM "
				      "document WHERE doc_type = 'recovery' "
				      "AND related = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, wo);
	int rc = sqlite3_step(s);
	*sum = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

/* The customer number and the reason of a write-off document. */
static ar_status writeoff_facts(struct ar_ledger *l, int64_t wo,
				char *customer_id, size_t size, char reason[32])
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT c.customer_id, d.reason FROM "
				      "document d JOIN customer c ON c.id = "
				      "d.customer WHERE d.id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, wo);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		col_copy(s, 0, customer_id, size);
		col_copy(s, 1, reason, 32);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

ar_status ar_writeoff_recover(struct ar_ledger *l, const char *doc_no,
			      const char *amount, ar_date date,
			      const struct ar_writeoff_options *o,
			      ar_writeoff_row_fn fn, void *ctx)
{
	struct ar__doc_info wo;
	char no[AR__DOC_NO_MAX + 1], desc[AR__DOC_NO_MAX + 32];
	char customer_id[128] = "", reason[32] = "";
	int64_t id, done, v, rec;
	const char *why = "";
	ar_status st;

	if ((st = find_writeoff(l, doc_no, &id)) != AR_OK)
		return st;
	if (!id)
		return ar__fail(l, AR_EUSAGE, "--recover: '%s' is not a "
				"write-off nor an item written off", doc_no);
	if ((st = ar__document_get(l, id, &wo)) != AR_OK ||
	    (st = recovered(l, id, &done)) != AR_OK ||
	    (st = writeoff_facts(l, id, customer_id, sizeof(customer_id),
				 reason)) != AR_OK)
		return st;
	int e = ar__exponent(l, wo.currency);
	if (ar_money_parse(amount, strlen(amount), e, wo.currency, 0, &v,
			   &why) != AR_OK)
		return ar__fail(l, AR_EUSAGE, "--amount: '%s' is not an amount "
				"in %s (%s)", amount, wo.currency, why);
	if (wo.amount == done)
		return ar__fail(l, AR_EUSAGE, "--recover: '%s' is recovered in "
				"full", wo.doc_no);
	if (v <= 0 || v > wo.amount - done) {
		char a[AR_MONEY_BUFSZ];
		money_text(a, wo.amount - done, e);
		return ar__fail(l, AR_EUSAGE, "--amount: '%s' is not over 0 and "
				"at most the %s %s of %s not yet recovered",
				amount, a, wo.currency, wo.doc_no);
	}
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	ar_date_format(a, date);
	if (date < wo.doc_date) {
		ar_date_format(b, wo.doc_date);
		return ar__fail(l, AR_EUSAGE, "--date: '%s' is before %s (%s)",
				a, wo.doc_no, b);
	}
	if (date > o->as_of) {
		ar_date_format(b, o->as_of);
		return ar__fail(l, AR_EUSAGE, "--date: '%s' is after --as-of "
				"(%s)", a, b);
	}
	if ((st = open_period(l, date, o->allow_closed, "--date")) != AR_OK ||
	    (st = ar__next_document_id(l, &rec)) != AR_OK)
		return st;
	snprintf(no, sizeof(no), "REC-%lld", (long long)rec);
	snprintf(desc, sizeof(desc), "recovery of %s", wo.doc_no);
	struct ar__doc d = {
		.doc_type = "recovery", .doc_no = no, .customer = wo.customer,
		.doc_date = date, .due_date = date, .amount = v,
		.currency = wo.currency, .description = desc, .related = id,
	};
	if ((st = ar__post_document(l, &d, NULL)) != AR_OK)
		return st;
	struct ar_writeoff_row row = {
		.writeoff_no = wo.doc_no, .date = date,
		.customer_id = customer_id, .doc_no = no, .amount = v,
		.exponent = e, .reason = reason, .status = "recovered",
	};
	memcpy(row.currency, wo.currency, 4);
	return fn ? fn(ctx, &row) : AR_OK;
}

/* ------------------------------------------------------------------ */
/* Journal */

ar_status ar_writeoff_accounts_load(struct ar_ledger *l,
				    struct ar_writeoff_accounts *a)
{
	static const char *const keys[] = {"gl.receivables",
		"gl.bad_debt_expense", "gl.bad_debt_recovery"};
	char *const dst[] = {a->receivables, a->bad_debt_expense,
			     a->bad_debt_recovery};
	return ar__setting_accounts(l, keys, dst, 3);
}

int ar_writeoff_journal(const struct ar_writeoff_row *r,
			const struct ar_writeoff_accounts *a,
			struct ar_journal_line lines[2])
{
	bool wo = strcmp(r->status, "posted") == 0 ||
		  strcmp(r->status, "approved") == 0;
	bool rec = strcmp(r->status, "recovered") == 0;
	if (!wo && !rec)
		return 0;
	for (int i = 0; i < 2; i++) {
		struct ar_journal_line *j = &lines[i];
		memset(j, 0, sizeof(*j));
		j->date = r->date;
		memcpy(j->currency, r->currency, 4);
		j->exponent = r->exponent;
		if (wo)
			snprintf(j->memo, sizeof(j->memo), "%s writes off %s of "
				 "%s (%s)", r->writeoff_no, r->doc_no,
				 r->customer_id, r->reason);
		else
			snprintf(j->memo, sizeof(j->memo), "%s recovers %s of %s",
				 r->doc_no, r->writeoff_no, r->customer_id);
	}
	/* write-off: Dr bad-debt expense, Cr receivables;
	 * recovery: Dr receivables, Cr bad-debt recovery */
	lines[0].account = wo ? a->bad_debt_expense : a->receivables;
	lines[0].debit = r->amount;
	lines[1].account = wo ? a->receivables : a->bad_debt_recovery;
	lines[1].credit = r->amount;
	return 2;
}
