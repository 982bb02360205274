/*
 * note_list.c - the day's list of a collector (follow-ups due, promises
 * falling due or broken) and a customer's timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/note.h"
#include "cells_int.h"
#include "internal.h"
#include "promise_int.h"
#include "report_int.h"

const struct ar_column ar_due_columns[AR_DUE_COLUMNS] = {
	{"date", AR_COL_DATE}, {"what", AR_COL_TEXT},
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"collector", AR_COL_TEXT}, {"phone", AR_COL_TEXT},
	{"email", AR_COL_TEXT}, {"local_time", AR_COL_TEXT},
	{"call", AR_COL_TEXT}, {"amount", AR_COL_MONEY},
	{"currency", AR_COL_TEXT}, {"text", AR_COL_TEXT},
};

ar_status ar_due_row_put(const struct ar_cells *out,
			 const struct ar_due_row *r)
{
	C(out, date, r->date);
	C(out, text, r->what);
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	ar__cell_text_or_null(out, r->collector);
	ar__cell_text_or_null(out, r->phone);
	ar__cell_text_or_null(out, r->email);
	C(out, text, r->local_time);
	C(out, text, r->call);
	if (r->currency[0])
		C(out, money, r->amount, r->exponent);
	else
		out->null(out->ctx);
	ar__cell_text_or_null(out, r->currency);
	ar__cell_text_or_null(out, r->text);
	return out->end_row(out->ctx);
}

/* One entry of the list before it is sorted and shown. */
struct due {
	ar_date date;
	int what;		/* 0 follow_up, 1 promise_due, 2 promise_broken */
	int64_t customer, activity, amount;
	char currency[4];
};

struct due_list {
	struct due *d;
	size_t n, cap;
	ar_date as_of;
	bool nomem;
	int64_t plan_shown;	/* a broken plan is one line */
	sqlite3_stmt *later;	/* a contact after an activity and a day */
	ar_status st;
	struct ar_ledger *l;
};

static void due_add(struct due_list *dl, const struct due *e)
{
	if (dl->nomem)
		return;
	if (dl->n == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 64;
		struct due *q = realloc(dl->d, cap * sizeof(*q));
		if (!q) {
			dl->nomem = true;
			return;
		}
		dl->d = q;
		dl->cap = cap;
	}
	dl->d[dl->n++] = *e;
}

/* Was the customer contacted after activity and on or after day? */
static bool contacted_since(struct due_list *dl, int64_t customer,
			    int64_t activity, ar_date day)
{
	sqlite3_reset(dl->later);
	sqlite3_bind_int64(dl->later, 1, customer);
	sqlite3_bind_int64(dl->later, 2, activity);
	ar__bind_date(dl->later, 3, day);
	ar__bind_date(dl->later, 4, dl->as_of);
	int rc = sqlite3_step(dl->later);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && dl->st == AR_OK)
		dl->st = ar__sqlfail(dl->l, rc, "read");
	return rc == SQLITE_ROW;
}

static void on_promise(void *ctx, const struct ar__promise *p)
{
	struct due_list *dl = ctx;
	struct due e = {.customer = p->customer, .activity = p->id,
			.amount = p->amount};
	memcpy(e.currency, p->currency, 4);
	if (p->state == AR__PROMISE_BROKEN || p->state == AR__PROMISE_PARTIAL) {
		e.what = 2;
		e.date = p->decided;
		/* until someone takes it up with the customer */
		if (contacted_since(dl, p->customer, p->id, p->decided) ||
		    (p->plan && p->plan == dl->plan_shown))
			return;
		dl->plan_shown = p->plan;
	} else if ((p->state == AR__PROMISE_OPEN &&
		    p->promise_date == dl->as_of) ||
		   p->state == AR__PROMISE_PENDING) {
		e.what = 1;
		e.date = p->promise_date;
	} else {
		return;
	}
	due_add(dl, &e);
}

static int due_cmp(const void *a, const void *b)
{
	const struct due *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	if (x->what != y->what)
		return x->what - y->what;
	return x->activity < y->activity ? -1 : x->activity > y->activity;
}

static ar_status due_show(struct ar_ledger *l, struct due_list *dl,
			  int64_t now, const char *collector,
			  ar_due_row_fn fn, void *ctx)
{
	static const char *const whats[] = {"follow_up", "promise_due",
					    "promise_broken"};
	sqlite3_stmt *c = ar__prepare(l, "SELECT c.customer_id, c.name, "
		"coalesce(c.collector, ''), c.phone, c.email, c.contact, "
		"a.text FROM customer c, activity a WHERE c.id = ?1 AND "
		"a.id = ?2");
	ar_status st = AR_OK;
	if (!c)
		return AR_ELEDGER;
	for (size_t i = 0; i < dl->n && st == AR_OK; i++) {
		const struct due *e = &dl->d[i];
		sqlite3_reset(c);
		sqlite3_bind_int64(c, 1, e->customer);
		sqlite3_bind_int64(c, 2, e->activity);
		int rc = sqlite3_step(c);
		if (rc != SQLITE_ROW) {
			st = ar__sqlfail(l, rc, "read");
			break;
		}
		if (strcmp(ar__col_text(c, 5), "cease") == 0 ||
		    (collector && strcmp(collector, ar__col_text(c, 2))))
			continue;
		struct ar_contact k;
		if ((st = ar_contact_check(l, e->customer, now, "call", 0,
					   &k)) != AR_OK)
			break;
		char local[AR_TIME_BUFSZ], why[64];
		ar_local_format(local, &k.local);
		if (k.allowed)
			snprintf(why, sizeof(why), "yes");
		else if (strcmp(k.contact, "no_calls") == 0)
			snprintf(why, sizeof(why), "e-mail or letter only");
		else if (k.resume != AR_DATE_NONE) {
			char d[AR_DATE_BUFSZ];
			ar_date_format(d, k.resume);
			snprintf(why, sizeof(why), "calls may resume %s", d);
		} else
			snprintf(why, sizeof(why), "08:00-21:00 local only");
		struct ar_due_row r = {
			.date = e->date, .what = whats[e->what],
			.customer_id = ar__col_text(c, 0),
			.customer_name = ar__col_text(c, 1),
			.collector = ar__col_text(c, 2),
			.phone = k.allowed ? ar__col_text(c, 3) : "",
			.email = ar__col_text(c, 4), .local_time = local,
			.call = why, .text = ar__col_text(c, 6),
		};
		if (e->what && e->amount) {
			r.amount = e->amount;
			memcpy(r.currency, e->currency, 4);
			r.exponent = ar__exponent(l, e->currency);
		}
		st = fn(ctx, &r);
	}
	sqlite3_finalize(c);
	return st;
}

ar_status ar_note_due(struct ar_ledger *l, ar_date as_of, int64_t now,
		      const char *collector, ar_due_row_fn fn, void *ctx)
{
	struct due_list dl = {.as_of = as_of, .l = l};
	int grace, rc = SQLITE_DONE;
	ar_status st = ar__promise_grace(l, &grace);
	/* each customer's latest follow-up, when nobody has been in touch
	 * since it was asked for */
	sqlite3_stmt *s = ar__prepare(l, "SELECT a.customer, a.id, "
		"a.follow_up_date FROM activity a WHERE a.follow_up_date IS NOT "
		"NULL AND a.follow_up_date <= ?1 AND a.date <= ?1 AND a.id = "
		"(SELECT b.id FROM activity b WHERE b.customer = a.customer AND "
		"b.follow_up_date IS NOT NULL AND b.date <= ?1 ORDER BY b.date "
		"DESC, b.id DESC LIMIT 1)");
	dl.later = ar__prepare(l, "SELECT 1 FROM activity WHERE customer = ?1 "
		"AND id > ?2 AND date >= ?3 AND date <= ?4 AND kind IN ('call', "
		"'email', 'letter', 'visit') LIMIT 1");
	if (!s || !dl.later) {
		st = AR_ELEDGER;
		goto out;
	}
	ar__bind_date(s, 1, as_of);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct due e = {.customer = sqlite3_column_int64(s, 0),
				.activity = sqlite3_column_int64(s, 1),
				.date = ar__col_date(s, 2)};
		if (!contacted_since(&dl, e.customer, e.activity, e.date))
			due_add(&dl, &e);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	if (st == AR_OK)
		st = ar__promise_scan(l, INT64_MAX, as_of, grace, on_promise,
				      &dl);
	if (st == AR_OK)
		st = dl.st;
	if (st == AR_OK && dl.nomem)
		st = AR_ENOMEM;
	if (st == AR_OK) {
		qsort(dl.d, dl.n, sizeof(*dl.d), due_cmp);
		st = due_show(l, &dl, now, collector, fn, ctx);
	}
out:
	sqlite3_finalize(s);
	sqlite3_finalize(dl.later);
	free(dl.d);
	return st;
}

/* ------------------------------------------------------------------ */
/* A customer's timeline */

const struct ar_column ar_timeline_columns[AR_TIMELINE_COLUMNS] = {
	{"date", AR_COL_DATE}, {"what", AR_COL_TEXT}, {"ref", AR_COL_TEXT},
	{"outcome", AR_COL_TEXT}, {"amount", AR_COL_MONEY},
	{"open_amount", AR_COL_MONEY}, {"currency", AR_COL_TEXT},
	{"collector", AR_COL_TEXT}, {"text", AR_COL_TEXT},
};

ar_status ar_timeline_row_put(const struct ar_cells *out,
			      const struct ar_timeline_row *r)
{
	C(out, date, r->date);
	C(out, text, r->what);
	ar__cell_text_or_null(out, r->ref);
	ar__cell_text_or_null(out, r->outcome);
	if (r->currency[0]) {
		C(out, money, r->amount, r->exponent);
		if (r->open || strcmp(r->what, "promise") != 0)
			C(out, money, r->open, r->exponent);
		else
			out->null(out->ctx);
	} else {
		out->null(out->ctx);
		out->null(out->ctx);
	}
	ar__cell_text_or_null(out, r->currency);
	ar__cell_text_or_null(out, r->collector);
	ar__cell_text_or_null(out, r->text);
	return out->end_row(out->ctx);
}

/* The promises of one customer and their state. */
struct states {
	int64_t customer;
	struct { int64_t id; enum ar__promise_state s; } *v;
	size_t n, cap;
	bool nomem;
};

static void on_state(void *ctx, const struct ar__promise *p)
{
	struct states *x = ctx;
	if (p->customer != x->customer || x->nomem)
		return;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		void *q = realloc(x->v, cap * sizeof(*x->v));
		if (!q) {
			x->nomem = true;
			return;
		}
		x->v = q;
		x->cap = cap;
	}
	x->v[x->n].id = p->id;
	x->v[x->n++].s = p->state;
}

static const char *state_name(const struct states *x, int64_t id)
{
	static const char *const names[] = {"open", "due", "kept", "partial",
					    "broken"};
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].id == id)
			return names[x->v[i].s];
	return "";
}

ar_status ar_note_timeline(struct ar_ledger *l, const char *customer_id,
			   ar_date from, ar_date to, ar_timeline_row_fn fn,
			   void *ctx)
{
	struct states x = {0};
	int grace;
	ar_status st = ar_ledger_customer_find(l, customer_id, &x.customer);
	if (st == AR_OK)
		st = ar__promise_grace(l, &grace);
	if (st == AR_OK)
		st = ar__promise_scan(l, INT64_MAX, to == AR_DATE_NONE
				      ? AR_DATE_MAX : to, grace, on_state, &x);
	if (st == AR_OK && x.nomem)
		st = AR_ENOMEM;
	if (st != AR_OK) {
		free(x.v);
		return st;
	}
	/* documents first on a day: what the customer owed before what was
	 * said of it */
	sqlite3_stmt *s = ar__prepare(l, "SELECT 0, d.doc_date, d.doc_type, "
		"d.doc_no, NULL, d.amount, s.open, d.currency, NULL, "
		"d.description, d.id FROM document d JOIN open_state s ON "
		"s.document = d.id WHERE d.customer = ?1 AND d.doc_date >= ?2 "
		"AND d.doc_date <= ?3 "
		"UNION ALL SELECT 1, a.date, a.kind, d.doc_no, a.outcome, "
		"coalesce(a.amount, 0), 0, coalesce(a.currency, ''), "
		"a.collector, a.text, a.id FROM activity a LEFT JOIN document d "
		"ON d.id = a.document WHERE a.customer = ?1 AND a.date >= ?2 "
		"AND a.date <= ?3 ORDER BY 2, 1, 11");
	int rc = SQLITE_DONE;
	if (!s) {
		free(x.v);
		return AR_ELEDGER;
	}
	sqlite3_bind_int64(s, 1, x.customer);
	ar__bind_date(s, 2, from == AR_DATE_NONE ? AR_DATE_MIN : from);
	ar__bind_date(s, 3, to == AR_DATE_NONE ? AR_DATE_MAX : to);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		bool act = sqlite3_column_int(s, 0);
		const char *what = ar__col_text(s, 2);
		struct ar_timeline_row r = {
			.date = ar__col_date(s, 1), .what = what,
			.ref = ar__col_text(s, 3),
			.outcome = act && !strcmp(what, "promise")
				   ? state_name(&x, sqlite3_column_int64(s, 10))
				   : ar__col_text(s, 4),
			.amount = sqlite3_column_int64(s, 5),
			.open = sqlite3_column_int64(s, 6),
			.collector = ar__col_text(s, 8),
			.text = ar__col_text(s, 9),
		};
		snprintf(r.currency, sizeof(r.currency), "%s",
			 ar__col_text(s, 7));
		if (act && !r.amount)
			r.currency[0] = '\0';
		r.exponent = ar__exponent(l, r.currency);
		st = fn(ctx, &r);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	free(x.v);
	return st;
}
