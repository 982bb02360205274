/*
 * statement.c - which lines a statement has, its balances and its aging
 * line.
 *
 * The aging pass of ar-age (ar_age_summary()) drives the run: it hands
 * over every customer and currency in customer number order with the
 * aging line as of the statement date.  An open-item run of every
 * customer takes its lines from one pass over the open items as of the
 * date (the open-item state's, sorted as the aging's rows come), merged
 * with those rows; a run of one customer, and an activity statement,
 * fetch each customer's own lines through the document_customer index.
 * Only the current customer's statement is held in memory.  An open-item
 * section adds up its lines, which must come to the aging's balance.  An
 * activity section reads only the period's documents: its opening
 * balance is the balance at the period's end, which the aging pass adds
 * up from every document, less the period's movements; that
 * documents-only balance must equal the aging's (open items less
 * unapplied credits).  A statement that does not add up is never
 * produced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "ar/statement.h"
#include "internal.h"

/* doc_type's sign, from a column the document_customer index holds */
#define SIGN "CASE WHEN d.doc_type = 'payment' OR d.doc_type = " \
	"'credit_memo' OR d.doc_type = 'writeoff' THEN -1 ELSE 1 END"

void ar_statement_options_init(struct ar_statement_options *o)
{
	memset(o, 0, sizeof(*o));
	o->type = AR_STATEMENT_OPEN_ITEM;
	o->as_of = ar_date_today();
	o->from = o->to = AR_DATE_NONE;
}

ar_status ar_statement_options_check(struct ar_ledger *l,
				     struct ar_statement_options *o)
{
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	if (o->type != AR_STATEMENT_ACTIVITY) {
		if (o->from != AR_DATE_NONE || o->to != AR_DATE_NONE)
			return ar__fail_field(l, AR_EUSAGE, o->from !=
					      AR_DATE_NONE ? "from" : "to",
					      "only for an activity statement");
		return AR_OK;
	}
	if (o->to == AR_DATE_NONE)
		o->to = o->from != AR_DATE_NONE && ar_date_month_end(o->from) < o->as_of
			? ar_date_month_end(o->from) : o->as_of;
	if (o->from == AR_DATE_NONE)
		o->from = ar_date_month_start(o->to);
	if (o->to > o->as_of) {
		ar_date_format(a, o->to);
		ar_date_format(b, o->as_of);
		return ar__fail_field(l, AR_EUSAGE, "to", "'%s' is after the "
				      "as-of date %s", a, b);
	}
	if (o->from > o->to) {
		ar_date_format(a, o->from);
		ar_date_format(b, o->to);
		return ar__fail_field(l, AR_EUSAGE, "from", "'%s' is after "
				      "the end date '%s'", a, b);
	}
	return AR_OK;
}

ar_date ar_statement_date(const struct ar_statement_options *o)
{
	return o->type == AR_STATEMENT_ACTIVITY && o->to != AR_DATE_NONE
		? o->to : o->as_of;
}

/* ------------------------------------------------------------------ */

/* Strings of the current customer, by offset (the buffer moves). */
struct arena {
	char *p;
	size_t len, cap;
	bool failed;
};

static size_t arena_put(struct arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0, at = a->len;
	if (a->len + n + 1 > a->cap) {
		size_t cap = a->cap ? a->cap : 4096;
		while (a->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(a->p, cap);
		if (!p) {
			a->failed = true;
			return 0;	/* offset 0 is the empty string */
		}
		a->p = p, a->cap = cap;
	}
	memcpy(a->p + a->len, s ? s : "", n);
	a->p[a->len + n] = '\0';
	a->len += n + 1;
	return at;
}

/* A line as kept: its strings as arena offsets. */
struct kline {
	struct ar_statement_line l;
	size_t type, no, desc;
};

struct ksection {
	struct ar_statement_section s;
	size_t first;		/* index of its first line */
};

struct run {
	struct ar_ledger *l;
	const struct ar_statement_options *o;
	ar_statement_fn fn;
	void *ctx;
	char as_of[AR_DATE_BUFSZ], from[AR_DATE_BUFSZ];
	sqlite3_stmt *cust, *lines, *detail;	/* detail: open items */
	/* merged: lines is one cursor over every customer's open items,
	 * its columns 8 and 9 the customer's place and the currency */
	bool merged;
	int rc;				/* its last step */
	struct ar__ranks ranks;
	sqlite3_stmt *invoiced;	/* has the customer been billed? */
	char *date_format;	/* statement.date_format */
	struct ar_statement_company company;
	char *company_text[6];
	char bucket_names[AR_AGE_MAX_BUCKETS][24];

	/* the customer in progress */
	bool have;
	int64_t customer;
	size_t id, name, addr[6];
	size_t email, field[7];	/* address1 .. country as stored */
	struct arena arena;
	struct kline *klines;
	size_t nlines, lines_cap;
	struct ksection *ks;
	size_t nks, ks_cap;
	/* handed to fn */
	struct ar_statement_line *out_lines;
	size_t out_cap;
	struct ar_statement_section *out_sections;
	size_t outs_cap;
	bool overflow;
};

static const char *str(struct run *r, size_t off)
{
	return r->arena.p ? r->arena.p + off : "";
}

static void run_free(struct run *r)
{
	sqlite3_finalize(r->cust);
	sqlite3_finalize(r->lines);
	sqlite3_finalize(r->detail);
	sqlite3_finalize(r->invoiced);
	free(r->date_format);
	for (int i = 0; i < 6; i++)
		free(r->company_text[i]);
	free(r->arena.p);
	free(r->klines);
	free(r->ks);
	free(r->out_lines);
	free(r->out_sections);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return false;
	*p = q, *cap = n;
	return true;
}

/* Hand the customer in progress to fn, if it has anything to show. */
static ar_status flush(struct run *r)
{
	ar_status st = AR_OK;
	if (!r->have)
		return AR_OK;
	r->have = false;
	if (r->arena.failed)
		return AR_ENOMEM;
	if (r->nks == 0)
		return AR_OK;
	/*
	 * A customer never billed has nothing to state: a holder of cash
	 * not yet identified, or a deposit before the first invoice.
	 */
	if (!r->o->include_zero) {
		sqlite3_stmt *q = r->invoiced;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, r->customer);
		int rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc == SQLITE_DONE)
			return AR_OK;
		if (rc != SQLITE_ROW)
			return ar__sqlfail(r->l, rc, "read");
	}
	if (!grow((void **)&r->out_lines, &r->out_cap, r->nlines + 1,
		  sizeof(*r->out_lines)) ||
	    !grow((void **)&r->out_sections, &r->outs_cap, r->nks,
		  sizeof(*r->out_sections)))
		return AR_ENOMEM;
	for (size_t i = 0; i < r->nlines; i++) {
		struct kline *k = &r->klines[i];
		r->out_lines[i] = k->l;
		r->out_lines[i].doc_type = str(r, k->type);
		r->out_lines[i].doc_no = str(r, k->no);
		r->out_lines[i].description = str(r, k->desc);
	}
	for (size_t i = 0; i < r->nks; i++) {
		r->out_sections[i] = r->ks[i].s;
		r->out_sections[i].lines = r->out_lines + r->ks[i].first;
	}
	struct ar_statement s = {
		.type = r->o->type,
		.date = ar_statement_date(r->o),
		.from = r->o->type == AR_STATEMENT_ACTIVITY ? r->o->from : AR_DATE_NONE,
		.to = r->o->type == AR_STATEMENT_ACTIVITY ? r->o->to : AR_DATE_NONE,
		.company = &r->company,
		.customer = r->customer,
		.customer_id = str(r, r->id),
		.customer_name = str(r, r->name),
		.sections = r->out_sections,
		.nsections = r->nks,
	};
	memcpy(s.bucket_names, r->bucket_names, sizeof(s.bucket_names));
	s.email = str(r, r->email);
	s.address1 = str(r, r->field[0]);
	s.address2 = str(r, r->field[1]);
	s.city = str(r, r->field[2]);
	s.region = str(r, r->field[3]);
	s.postal_code = str(r, r->field[4]);
	s.country = str(r, r->field[5]);
	s.date_format = r->date_format;
	int n = 0;
	for (int i = 0; i < 6; i++)
		if (*str(r, r->addr[i]))
			s.address[n++] = str(r, r->addr[i]);
	st = r->fn(r->ctx, &s);
	return st;
}

static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t ? t : "";
}

/* Start a new customer: its number, name and address. */
static ar_status begin_customer(struct run *r, const char *customer_id)
{
	sqlite3_stmt *s = r->cust;
	int rc;
	r->arena.len = 0;
	arena_put(&r->arena, "");	/* offset 0: the empty string */
	r->nlines = r->nks = 0;
	r->have = true;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, customer_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? ar__fail(r->l, AR_ELEDGER, "customer "
			"'%s' vanished", customer_id) : ar__sqlfail(r->l, rc, "read");
	r->customer = sqlite3_column_int64(s, 0);
	char line[1024];
	r->id = arena_put(&r->arena, customer_id);
	r->name = arena_put(&r->arena, col(s, 1));
	for (int i = 0; i < 6; i++)
		r->field[i] = arena_put(&r->arena, col(s, 2 + i));
	r->email = arena_put(&r->arena, col(s, 8));
	const char *lines[5];
	int n = ar_statement_address_lines(col(s, 2), col(s, 3), col(s, 4),
					   col(s, 5), col(s, 6), col(s, 7),
					   line, sizeof(line), lines);
	for (int i = 0; i < 6; i++)
		r->addr[i] = i < n ? arena_put(&r->arena, lines[i]) : 0;
	sqlite3_reset(s);
	return AR_OK;
}

/* What a line says when the document carries no description. */
static void describe(sqlite3_stmt *s, char *buf, size_t size)
{
	const char *type = col(s, 0), *desc = col(s, 7), *reason = col(s, 8);
	const char *ref = col(s, 9), *method = col(s, 10), *check = col(s, 11);
	if (*desc) {
		snprintf(buf, size, "%s", desc);
	} else if (strcmp(type, "payment") == 0) {
		if (*check)
			snprintf(buf, size, "Payment, check %s - thank you", check);
		else if (*method)
			snprintf(buf, size, "Payment (%s) - thank you", method);
		else
			snprintf(buf, size, "Payment - thank you");
		if (*ref) {
			size_t n = strlen(buf);
			snprintf(buf + n, size - n, "; ref %s", ref);
		}
	} else if (strcmp(type, "writeoff") == 0) {
		snprintf(buf, size, "%s%swritten off%s%s%s", col(s, 13),
			 *col(s, 13) ? " " : "", *reason ? " (" : "", reason,
			 *reason ? ")" : "");
		buf[0] = (char)(buf[0] == 'w' ? 'W' : buf[0]);
	} else if (strcmp(type, "reversal") == 0) {
		snprintf(buf, size, "Payment %s returned%s%s", col(s, 1),
			 *reason ? ": " : "", reason);
	} else if (strcmp(type, "recovery") == 0) {
		snprintf(buf, size, "Recovery of an amount written off");
	} else if (*reason) {
		snprintf(buf, size, "%s", reason);
	} else if (*col(s, 12)) {
		snprintf(buf, size, "PO %s", col(s, 12));
	} else {
		buf[0] = '\0';
	}
}

static void add(struct run *r, int64_t *acc, int64_t v)
{
	if (!ar_money_accum(acc, v))
		r->overflow = true;
}

static ar_status put_line(struct run *r, const struct ar_statement_line *l,
			  const char *type, const char *no, const char *desc)
{
	if (!grow((void **)&r->klines, &r->lines_cap, r->nlines + 1,
		  sizeof(*r->klines)))
		return AR_ENOMEM;
	struct kline *k = &r->klines[r->nlines++];
	k->l = *l;
	k->type = arena_put(&r->arena, type);
	k->no = arena_put(&r->arena, no);
	k->desc = arena_put(&r->arena, desc);
	return r->arena.failed ? AR_ENOMEM : AR_OK;
}

/* The lines of one customer and currency, into section x. */
static ar_status fetch_lines(struct run *r, struct ar_statement_section *x,
			     size_t first, const struct ar_age_row *row)
{
	const struct ar_statement_options *o = r->o;
	bool activity = o->type == AR_STATEMENT_ACTIVITY;
	sqlite3_stmt *s = r->lines;
	char desc[1024];
	int64_t bal = 0;
	int64_t want = ar__rank_of(&r->ranks, r->customer);
	ar_status st = AR_OK;

	/* activity: the opening line first, its figure known at the end */
	if (activity) {
		struct ar_statement_line op = {
			.kind = AR_LINE_OPENING, .date = o->from,
			.due_date = AR_DATE_NONE,
		};
		if ((st = put_line(r, &op, "", "", "Balance brought forward")) != AR_OK)
			return st;
	}
	if (r->merged) {
		/* past the items of the customers the aging left out */
		r->rc = ar__rank_seek(s, r->rc, 8, want, row->currency);
	} else {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 2, r->customer);
		sqlite3_bind_text(s, 3, row->currency, 3, SQLITE_TRANSIENT);
	}
	for (; st == AR_OK; r->rc = r->merged ? sqlite3_step(s) : r->rc) {
		if (r->merged ? !ar__rank_on(s, r->rc, 8, want, row->currency)
			      : (r->rc = sqlite3_step(s)) != SQLITE_ROW)
			break;
		int sign = sqlite3_column_int(s, 5);
		int64_t amount = sign * sqlite3_column_int64(s, 4);
		struct ar_statement_line ln = {
			.kind = AR_LINE_DOCUMENT,
			.date = ar__column_date(s, 2),
			.due_date = sign == 1 ? ar__column_date(s, 3) : AR_DATE_NONE,
			.amount = amount,
			.open = amount,
		};
		if (!activity) {
			ln.open = amount - sign * sqlite3_column_int64(s, 6);
			if (ln.open == 0)
				continue;
			if (sign == 1) {
				ar_date due = ln.due_date == AR_DATE_NONE ? ln.date
									   : ln.due_date;
				ln.days_past_due = o->as_of - due;
			}
		}
		add(r, &bal, ln.open);
		ln.balance = bal;
		sqlite3_stmt *d = s;
		if (!activity) {
			d = r->detail;
			sqlite3_reset(d);
			sqlite3_bind_text(d, 1, r->as_of, 10, SQLITE_STATIC);
			sqlite3_bind_int64(d, 2, sqlite3_column_int64(s, 7));
			int rc;
			if ((rc = sqlite3_step(d)) != SQLITE_ROW) {
				st = ar__sqlfail(r->l, rc == SQLITE_DONE ?
						 SQLITE_CORRUPT : rc, "read");
				break;
			}
		}
		describe(d, desc, sizeof(desc));
		/* an open dispute is marked on its item: the customer sees
		 * that it is known and what of it is held */
		if (!activity && sign == 1 && sqlite3_column_int64(d, 14) > 0) {
			char m[AR_MONEY_BUFSZ];
			int64_t v = sqlite3_column_int64(d, 14);
			size_t n = strlen(desc);
			ln.disputed = v < ln.open ? v : ln.open;
			ar_money_format(m, ln.disputed, x->exponent,
					AR_MONEY_GROUP);
			snprintf(desc + n, sizeof(desc) - n, "%s[disputed %s]",
				 n ? " " : "", m);
		}
		/* a refund is a reversal (refund.h) the customer knows as such */
		bool refund = strcmp(col(d, 0), "reversal") == 0 &&
			      strcmp(col(d, 8), "refund") == 0;
		st = put_line(r, &ln, refund ? "refund" : col(d, 0), col(d, 1),
			      desc);
	}
	if (st == AR_OK && r->rc != SQLITE_DONE &&
	    !(r->merged && r->rc == SQLITE_ROW))
		st = ar__sqlfail(r->l, r->rc, "read");
	if (!r->merged)
		sqlite3_reset(s);
	if (st != AR_OK)
		return st;
	if (activity) {
		/*
		 * Only the period's documents are read: the opening balance
		 * is the balance at its end, added up from every document by
		 * the aging pass, less the period's movements.
		 */
		if (!ar_money_sub(row->ledger, bal, &x->opening))
			r->overflow = true;
		for (size_t i = first; i < r->nlines; i++)
			add(r, &r->klines[i].l.balance, x->opening);
		r->klines[first].l.amount = r->klines[first].l.open = x->opening;
		add(r, &bal, x->opening);
	}
	x->closing = bal;
	return AR_OK;
}

static ar_status on_row(void *ctx, const struct ar_age_row *row)
{
	struct run *r = ctx;
	const struct ar_statement_options *o = r->o;
	ar_status st;
	char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ];

	if (!r->have || strcmp(str(r, r->id), row->customer_id) != 0) {
		if ((st = flush(r)) != AR_OK ||
		    (st = begin_customer(r, row->customer_id)) != AR_OK)
			return st;
	}
	if (!grow((void **)&r->ks, &r->ks_cap, r->nks + 1, sizeof(*r->ks)))
		return AR_ENOMEM;
	struct ksection *k = &r->ks[r->nks];
	struct ar_statement_section *x = &k->s;
	memset(k, 0, sizeof(*k));
	k->first = r->nlines;
	memcpy(x->currency, row->currency, 4);
	x->exponent = row->exponent;
	x->nbuckets = row->nbuckets;
	for (int i = 0; i < row->nbuckets; i++) {
		x->bucket[i] = row->bucket[i];
		/* by due date, bucket 0 is current: the rest is past due */
		if (i > 0 && row->bucket[i] > 0)
			x->overdue = true;
	}
	x->unapplied = row->unapplied;
	x->amount_due = row->balance > 0 ? row->balance : 0;
	if (o->overdue_only && !x->overdue)
		return AR_OK;
	if ((st = fetch_lines(r, x, k->first, row)) != AR_OK)
		return st;
	if (r->overflow)
		return ar__fail(r->l, AR_ELEDGER, "a sum overflows 64 bits");
	if (x->closing != row->balance || row->ledger != row->balance) {
		ar_money_format(a, x->closing, x->exponent, AR_MONEY_GROUP);
		ar_money_format(b, row->balance, x->exponent, AR_MONEY_GROUP);
		return ar__fail(r->l, AR_ECHECK, "customer '%s' %s: the "
				"statement adds up to %s, the aging to %s (run "
				"'ar-ledger check')", row->customer_id,
				x->currency, a, b);
	}
	size_t doc_lines = r->nlines - k->first - (o->type == AR_STATEMENT_ACTIVITY);
	bool empty = o->type == AR_STATEMENT_ACTIVITY
		? doc_lines == 0 && x->opening == 0 && x->closing == 0
		: doc_lines == 0;
	if (empty && !o->include_zero) {
		r->nlines = k->first;
		return AR_OK;
	}
	/* the closing line */
	struct ar_statement_line cl = {
		.kind = AR_LINE_CLOSING,
		.date = ar_statement_date(o), .due_date = AR_DATE_NONE,
		.amount = x->closing, .open = x->closing, .balance = x->closing,
	};
	if ((st = put_line(r, &cl, "", "", o->type == AR_STATEMENT_ACTIVITY
			   ? "Closing balance" : "Balance")) != AR_OK)
		return st;
	x->nlines = r->nlines - k->first;
	r->nks++;
	return AR_OK;
}

static ar_status load_company(struct run *r)
{
	static const char *keys[6] = {"company.name", "company.address",
				      "company.remit_to", "statement.message",
				      "company.logo", "print.paper"};
	ar_status st;
	for (int i = 0; i < 6; i++)
		if ((st = ar_setting_get(r->l, keys[i], &r->company_text[i],
					 NULL)) != AR_OK)
			return st;
	r->company.name = r->company_text[0];
	r->company.address = r->company_text[1];
	r->company.remit_to = r->company_text[2];
	r->company.message = r->company_text[3];
	r->company.logo = r->company_text[4];
	/* the setting is checked when set: a4 unless letter */
	if (ar_pdf_paper_parse(r->company_text[5], &r->company.paper) != AR_OK)
		r->company.paper = AR_PDF_A4;
	return AR_OK;
}

ar_status ar_statement_run(struct ar_ledger *l,
			   const struct ar_statement_options *in,
			   ar_statement_fn fn, void *ctx)
{
	struct ar_statement_options o = *in;
	struct run r = {.l = l, .o = &o, .fn = fn, .ctx = ctx};
	struct ar_age_options ao;
	struct ar_age_proof proof;
	ar_status st;

	if ((st = ar_statement_options_check(l, &o)) != AR_OK)
		return st;
	ar_age_options_init(&ao);
	ao.as_of = ar_statement_date(&o);
	ao.customer_id = o.customer_id;
	ao.min_balance = o.min_balance;
	/* an activity statement is due to a customer who paid up in the
	 * period: the aging must not leave out those with nothing open */
	ao.every_customer = o.include_zero || o.type == AR_STATEMENT_ACTIVITY;
	if ((st = ar_age_options_load(l, &ao)) != AR_OK)
		goto out;
	ar_age_bucket_names(&ao, r.bucket_names);
	ar_date_format(r.as_of, ao.as_of);
	if (o.customer_id &&
	    (st = ar_ledger_customer_find(l, o.customer_id, NULL)) != AR_OK)
		goto out;
	if ((st = load_company(&r)) != AR_OK ||
	    (st = ar_setting_get(l, "statement.date_format", &r.date_format,
				 NULL)) != AR_OK)
		goto out;
	r.cust = ar__prepare(l, "SELECT id, name, address1, address2, city, "
			     "region, postal_code, country, email FROM customer "
			     "WHERE customer_id = ?");
	/* billed: a debit document dated by the statement date */
	r.invoiced = ar__prepare(l, "SELECT 1 FROM document INDEXED BY "
				 "document_customer WHERE customer = ?1 AND "
				 "sign = 1 AND doc_date <= ?2 LIMIT 1");
	if (r.invoiced)
		sqlite3_bind_text(r.invoiced, 2, r.as_of, 10, SQLITE_STATIC);
	if (o.type == AR_STATEMENT_ACTIVITY)
		r.lines = ar__prepare(l, "SELECT d.doc_type, d.doc_no, "
			"d.doc_date, d.due_date, d.amount, d.sign, 0, "
			"d.description, d.reason, d.reference, d.method, "
			"d.check_no, d.po_number, CASE WHEN d.related IS NULL "
			"THEN NULL ELSE (SELECT r.doc_no FROM document r WHERE "
			"r.id = d.related) END FROM document d INDEXED BY "
			"document_customer WHERE d.customer = ?2 AND d.currency = "
			"?3 AND d.doc_date BETWEEN ?4 AND ?1 ORDER BY d.doc_date, "
			"d.id");
	else if (!o.customer_id) {
		/*
		 * Every customer's: the items open as of the date, in one
		 * pass sorted as the aging's rows come (each customer's
		 * place in the order of the numbers, ar_rank()); only those
		 * are read from the table (r.detail, same columns).
		 */
		r.merged = true;
		if ((st = ar__ranks_begin(l, &r.ranks)) != AR_OK)
			goto out;
		r.lines = ar__prepare(l, "SELECT d.doc_type, d.doc_no, "
			"d.doc_date, d.due_date, d.amount, i.sign, "
			"i.amount - i.open, d.id, ar_rank(i.customer) AS rank, "
			"i.currency FROM (" AR__OPEN_AS_OF_SQL ") AS i JOIN "
			"document d ON d.id = i.document ORDER BY rank, "
			"i.currency, d.doc_date, d.id");
	} else {
		/*
		 * One customer's: most of its documents are closed; the
		 * covering index and the open-item state say which are open
		 * (the history, for those changed after as-of), and only
		 * those are read from the table (r.detail, same columns).
		 */
		r.lines = ar__prepare(l, "SELECT d.doc_type, d.doc_no, "
			"d.doc_date, d.due_date, d.amount, " SIGN ", "
			AR__STATE_APPLIED_BY ", d.id "
			"FROM document d INDEXED BY document_customer JOIN "
			"open_state s ON s.document = d.id WHERE "
			"d.customer = ?2 AND d.currency = ?3 AND d.doc_date <= ?1 "
			"AND (s.open <> 0 OR s.changed > ?1) "
			"ORDER BY d.doc_date, d.id");
	}
	if (o.type != AR_STATEMENT_ACTIVITY) {
		r.detail = ar__prepare(l, "SELECT d.doc_type, d.doc_no, "
			"d.doc_date, d.due_date, d.amount, d.sign, 0, "
			"d.description, d.reason, d.reference, d.method, "
			"d.check_no, d.po_number, CASE WHEN d.related IS NULL "
			"THEN NULL ELSE (SELECT r.doc_no FROM document r WHERE "
			"r.id = d.related) END, " AR__DISPUTED_BY("d.id")
			" FROM document d WHERE d.id = ?2");
		if (!r.detail)
			r.lines = NULL;
	}
	if (!r.cust || !r.lines || !r.invoiced) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_text(r.lines, 1, r.as_of, 10, SQLITE_STATIC);
	if (o.type == AR_STATEMENT_ACTIVITY) {
		ar_date_format(r.from, o.from);
		sqlite3_bind_text(r.lines, 4, r.from, 10, SQLITE_STATIC);
	}
	st = ar_age_summary(l, &ao, on_row, &r, &proof);
	if (st == AR_OK)
		st = flush(&r);
	if (st == AR_OK && !ar_age_proof_ok(&proof))
		st = ar__fail(l, AR_ECHECK, "the aging does not add up to the "
			      "ledger balance (run 'ar-age' for the figures)");
out:
	run_free(&r);
	ar_status rs = ar__ranks_end(l, &r.ranks);
	return st == AR_OK ? rs : st;
}

/* ------------------------------------------------------------------ */
/* The activity log: a few bytes per section until the output is safe */

/* 24 bytes a section: 50,000 statements cost little more than a MB */
struct log_entry {
	int64_t customer, due;
	char currency[4];
	int8_t exponent;
	bool first;		/* the first section of its statement */
};

struct ar_statement_log {
	struct log_entry *e;
	size_t n, cap, statements;
	/* the same for every statement of a run */
	enum ar_statement_type type;
	ar_date date, from;
};

ar_status ar_statement_log_new(struct ar_statement_log **lp)
{
	*lp = calloc(1, sizeof(**lp));
	return *lp ? AR_OK : AR_ENOMEM;
}

void ar_statement_log_free(struct ar_statement_log *log)
{
	if (!log)
		return;
	free(log->e);
	free(log);
}

size_t ar_statement_log_count(const struct ar_statement_log *log)
{
	return log->statements;
}

ar_status ar_statement_log_add(struct ar_statement_log *log,
			       const struct ar_statement *s)
{
	if (!grow((void **)&log->e, &log->cap, log->n + s->nsections,
		  sizeof(*log->e)))
		return AR_ENOMEM;
	log->type = s->type;
	log->date = s->date;
	log->from = s->from;
	for (size_t i = 0; i < s->nsections; i++) {
		struct log_entry *e = &log->e[log->n++];
		e->customer = s->customer;
		e->due = s->sections[i].amount_due;
		memcpy(e->currency, s->sections[i].currency, 4);
		e->exponent = (int8_t)s->sections[i].exponent;
		e->first = i == 0;
	}
	log->statements++;
	return AR_OK;
}

/* The activity text of the statement whose sections are e[0..n). */
static void log_text(const struct ar_statement_log *log,
		     const struct log_entry *e, size_t n, char *buf, size_t size)
{
	char d1[AR_DATE_BUFSZ], d2[AR_DATE_BUFSZ], m[AR_MONEY_BUFSZ];
	size_t len;
	ar_date_format(d2, log->date);
	if (log->type == AR_STATEMENT_ACTIVITY) {
		ar_date_format(d1, log->from);
		len = (size_t)snprintf(buf, size, "activity statement %s to %s, ",
				       d1, d2);
	} else {
		len = (size_t)snprintf(buf, size, "open-item statement as of %s, ",
				       d2);
	}
	for (size_t i = 0; i < n && len < size; i++) {
		ar_money_format(m, e[i].due, e[i].exponent, AR_MONEY_GROUP);
		len += (size_t)snprintf(buf + len, size - len, "%s%s %s",
			i == 0 ? "" : i + 1 == n ? " and " : ", ", m,
			e[i].currency);
	}
	if (len < size)
		snprintf(buf + len, size - len, " due");
}

ar_status ar_statement_log_commit(struct ar_ledger *l,
				  struct ar_statement_log *log,
				  const char *command, int argc,
				  char *const argv[])
{
	char text[512], day[AR_DATE_BUFSZ], summary[64];
	ar_status st;
	sqlite3_stmt *s = NULL;

	if ((st = ar_ledger_begin(l, command, argc, argv, NULL)) != AR_OK)
		return st;
	s = ar__prepare(l, "INSERT INTO activity (customer, date, kind, amount, "
			"currency, text, batch_id) VALUES (?, ?, 'statement', "
			"?, ?, ?, ?)");
	if (!s) {
		st = AR_ELEDGER;
		goto fail;
	}
	for (size_t i = 0; i < log->n;) {
		size_t n = 1;
		while (i + n < log->n && !log->e[i + n].first)
			n++;
		const struct log_entry *e = &log->e[i];
		log_text(log, e, n, text, sizeof(text));
		ar_date_format(day, log->date);
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		sqlite3_bind_int64(s, 1, e->customer);
		sqlite3_bind_text(s, 2, day, 10, SQLITE_STATIC);
		if (n == 1) {	/* one currency: its amount in the columns */
			sqlite3_bind_int64(s, 3, e->due);
			sqlite3_bind_text(s, 4, e->currency, 3, SQLITE_STATIC);
		}
		sqlite3_bind_text(s, 5, text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
		int rc = sqlite3_step(s);
		if (rc != SQLITE_DONE) {
			st = ar__sqlfail(l, rc, "write");
			goto fail;
		}
		i += n;
	}
	sqlite3_finalize(s);
	snprintf(summary, sizeof(summary), "%zu statements", log->statements);
	return ar_ledger_commit(l, summary);
fail:
	sqlite3_finalize(s);
	ar_ledger_rollback(l);
	return st;
}
