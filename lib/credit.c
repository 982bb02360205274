/*
 * credit.c - the credit check of an order, overrides, holds and releases.
 *
 * A check sits in an order path: it reads one customer's open items from
 * the open-item state (through its customer index), a few of its recent
 * promises and reversals, and its unused overrides; nothing grows with
 * the ledger's history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/credit.h"
#include "ar/money.h"
#include "internal.h"
#include "report_int.h"

/* The windows of the promise and returned-payment rules, in days. */
#define BROKEN_DAYS 90
#define RETURNED_DAYS 180

static const char *const rule_names[AR_CREDIT_NRULES] = {
	[AR_CREDIT_STATUS] = "status",
	[AR_CREDIT_LIMIT] = "limit",
	[AR_CREDIT_PAST_DUE_DAYS] = "past_due_days",
	[AR_CREDIT_PAST_DUE_AMOUNT] = "past_due_amount",
	[AR_CREDIT_BROKEN_PROMISES] = "broken_promises",
	[AR_CREDIT_RETURNED] = "returned_payments",
};

void ar_credit_options_init(struct ar_credit_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = ar_date_today();
}

/* The customer's master fields a check needs. */
struct cust {
	int64_t id;
	int64_t limit;		/* -1: none */
	char status[16], currency[4];
	int exponent;		/* of currency */
};

static void copy_col(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	snprintf(buf, size, "%s", ar__col_text(s, i));
}

static ar_status cust_get(struct ar_ledger *l, const char *customer_id,
			  struct cust *c, char *name, size_t name_size)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT id, credit_limit, status, "
		"coalesce(currency, (SELECT value FROM setting WHERE key = "
		"'currency.base'), 'USD'), name FROM customer WHERE "
		"customer_id = ?");
	int rc;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, customer_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		c->id = sqlite3_column_int64(s, 0);
		c->limit = sqlite3_column_type(s, 1) == SQLITE_NULL ? -1
			   : sqlite3_column_int64(s, 1);
		copy_col(s, 2, c->status, sizeof(c->status));
		copy_col(s, 3, c->currency, sizeof(c->currency));
		if (name)
			copy_col(s, 4, name, name_size);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_ENOTFOUND, "no customer '%s'", customer_id);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	c->exponent = ar__exponent(l, c->currency);
	return AR_OK;
}

/* A setting as a whole number (the settings were checked when set). */
static ar_status setting_long(struct ar_ledger *l, const char *key, long *v)
{
	char *s;
	ar_status st = ar_setting_get(l, key, &s, NULL);
	if (st != AR_OK)
		return st;
	*v = *s ? strtol(s, NULL, 10) : -1;
	free(s);
	return AR_OK;
}

/*
 * credit.max_past_due in minor units of a currency of exponent e, or -1
 * when it is not set.  It was checked as an amount of the base currency:
 * read with 4 decimals (the most any currency has), then cut to e.
 */
static ar_status max_past_due(struct ar_ledger *l, int e, int64_t *v)
{
	char *s;
	ar_status st = ar_setting_get(l, "credit.max_past_due", &s, NULL);
	if (st != AR_OK)
		return st;
	*v = -1;
	if (*s && ar_money_parse(s, strlen(s), 4, NULL, 0, v, NULL) == AR_OK)
		for (int i = e; i < 4; i++)
			*v /= 10;
	free(s);
	return AR_OK;
}

/* The order's currency and amount. */
static ar_status order_of(struct ar_ledger *l, const struct ar_credit_options *o,
			  const struct cust *c, char currency[4], int *e,
			  int64_t *amount)
{
	const char *why = NULL;
	*amount = 0;
	snprintf(currency, 4, "%s", o->currency ? o->currency : c->currency);
	if (o->currency && (!ar_currency_valid(o->currency) ||
			    ar_ledger_currency_exponent(l, o->currency) < 0))
		return ar__fail_field(l, AR_EUSAGE, "currency", "'%s' is not a "
				      "known currency", o->currency);
	*e = ar_ledger_currency_exponent(l, currency);
	if (*e < 0)
		*e = 2;
	if (o->amount && (ar_money_parse(o->amount, strlen(o->amount), *e,
					 currency, 0, amount, &why) != AR_OK ||
			  *amount <= 0 || *amount > AR_MONEY_DOC_MAX))
		return ar__fail_field(l, AR_EUSAGE, "amount", "'%s' is not an "
				      "amount above 0 in %s%s%s", o->amount,
				      currency, why ? ": " : "",
				      why ? why : "");
	return AR_OK;
}

/* The figures of the customer's open items as of as_of. */
struct figures {
	int64_t balance;	/* in the limit's currency */
	int64_t past_due;	/* undisputed, in the limit's currency */
	int oldest;		/* days past due of the oldest undisputed */
	bool overflow;
};

static ar_status open_figures(struct ar_ledger *l, const struct cust *c,
			      ar_date as_of, struct figures *f)
{
	/* every open item of the customer, with what of it is disputed */
	sqlite3_stmt *s = ar__prepare(l, "SELECT o.currency, o.sign, "
		"o.due_date, o.open, CASE WHEN o.sign = 1 AND o.due_date < ?1 "
		"THEN " AR__DISPUTED_BY("o.document") " ELSE 0 END FROM ("
		AR__OPEN_AS_OF_CUSTOMER_SQL ") o");
	int rc;
	memset(f, 0, sizeof(*f));
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, as_of);
	sqlite3_bind_int64(s, 2, c->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		bool ours = strcmp(ar__col_text(s, 0), c->currency) == 0;
		int sign = sqlite3_column_int(s, 1);
		ar_date due = ar__col_date(s, 2);
		int64_t open = sqlite3_column_int64(s, 3);
		int64_t undisputed = open - sqlite3_column_int64(s, 4);
		if (ours && !ar_money_accum(&f->balance, sign * open))
			f->overflow = true;
		if (sign != 1 || due == AR_DATE_NONE || due >= as_of ||
		    undisputed <= 0)
			continue;
		if (as_of - due > f->oldest)
			f->oldest = as_of - due;
		if (ours && !ar_money_accum(&f->past_due, undisputed))
			f->overflow = true;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return f->overflow ? ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits")
			   : AR_OK;
}

struct broken {
	ar_date from;
	int64_t n;
};

static void on_promise(void *ctx, const struct ar__promise *p)
{
	struct broken *b = ctx;
	/* partly kept counts as broken; the later instalments of a broken
	 * plan (broken before their date) do not count again */
	if ((p->state == AR__PROMISE_BROKEN ||
	     p->state == AR__PROMISE_PARTIAL) && p->promise_date >= b->from &&
	    p->promise_date < p->decided)
		b->n++;
}

/* Payments of the customer returned (reversed) from from to to. */
static ar_status returned(struct ar_ledger *l, int64_t customer, ar_date from,
			  ar_date to, int64_t *n)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT count(*) FROM document r "
		"JOIN document p ON p.id = r.related WHERE r.customer = ?1 AND "
		"r.doc_date >= ?2 AND r.doc_date <= ?3 AND r.doc_type = "
		"'reversal' AND p.doc_type = 'payment'");
	int rc;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, customer);
	ar__bind_date(s, 2, from);
	ar__bind_date(s, 3, to);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

static void money_text(char *buf, int64_t v, int e)
{
	ar_money_format(buf, v, e, 0);
}

static void set_rule(struct ar_credit_check *r, enum ar_credit_rule i,
		     enum ar_credit_result res, enum ar_credit_figure kind,
		     int64_t figure, int64_t threshold, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void set_rule(struct ar_credit_check *r, enum ar_credit_rule i,
		     enum ar_credit_result res, enum ar_credit_figure kind,
		     int64_t figure, int64_t threshold, const char *fmt, ...)
{
	struct ar_credit_rule_row *x = &r->rule[i];
	va_list ap;
	x->rule = rule_names[i];
	x->result = res;
	x->kind = kind;
	x->figure = figure;
	x->threshold = threshold;
	va_start(ap, fmt);
	vsnprintf(x->text, sizeof(x->text), fmt, ap);
	va_end(ap);
}

/* The rules, judged. */
static ar_status judge(struct ar_ledger *l, const struct ar_credit_options *o,
		       const struct cust *c, struct ar_credit_check *r)
{
	struct figures f;
	struct broken b = {.from = o->as_of - BROKEN_DAYS};
	char m1[AR_MONEY_BUFSZ], m2[AR_MONEY_BUFSZ], m3[AR_MONEY_BUFSZ];
	char day[AR_DATE_BUFSZ];
	long max_days, max_broken, max_ret;
	int64_t max_amt, total, nret;
	ar_status st;
	int e = c->exponent;

	if ((st = open_figures(l, c, o->as_of, &f)) != AR_OK ||
	    (st = setting_long(l, "credit.max_days_past_due", &max_days)) != AR_OK ||
	    (st = setting_long(l, "credit.max_broken_promises", &max_broken)) != AR_OK ||
	    (st = setting_long(l, "credit.max_returned", &max_ret)) != AR_OK ||
	    (st = max_past_due(l, e, &max_amt)) != AR_OK ||
	    (st = ar__promise_scan_customer(l, INT64_MAX, o->as_of, c->id,
					    on_promise, &b)) != AR_OK ||
	    (st = returned(l, c->id, o->as_of - RETURNED_DAYS, o->as_of,
			   &nret)) != AR_OK)
		return st;

	if (strcmp(c->status, "active") == 0)
		set_rule(r, AR_CREDIT_STATUS, AR_CREDIT_PASS, AR_CREDIT_TEXT, 0,
			 -1, "active");
	else
		set_rule(r, AR_CREDIT_STATUS, AR_CREDIT_FAIL, AR_CREDIT_TEXT, 0,
			 -1, "status %s", c->status);

	money_text(m1, f.balance, e);
	money_text(m2, r->amount, r->exponent);
	if (c->limit < 0) {
		set_rule(r, AR_CREDIT_LIMIT, AR_CREDIT_OFF, AR_CREDIT_MONEY,
			 f.balance, -1, "no credit limit");
	} else if (r->has_amount && strcmp(r->currency, c->currency) != 0) {
		money_text(m3, c->limit, e);
		set_rule(r, AR_CREDIT_LIMIT, AR_CREDIT_FAIL, AR_CREDIT_MONEY,
			 f.balance, c->limit, "order in %s, credit limit %s in "
			 "%s (no conversion)", r->currency, m3, c->currency);
	} else {
		if (!ar_money_add(f.balance, r->amount, &total))
			return ar__fail(l, AR_ELEDGER, "a sum overflows 64 bits");
		money_text(m3, c->limit, e);
		set_rule(r, AR_CREDIT_LIMIT, total > c->limit ? AR_CREDIT_FAIL
			 : AR_CREDIT_PASS, AR_CREDIT_MONEY, total, c->limit,
			 "balance %s + order %s, %s the limit %s", m1, m2,
			 total > c->limit ? "over" : "within", m3);
	}

	set_rule(r, AR_CREDIT_PAST_DUE_DAYS, f.oldest > max_days
		 ? AR_CREDIT_FAIL : AR_CREDIT_PASS, AR_CREDIT_NUMBER, f.oldest,
		 max_days, "oldest undisputed item %d days past due (held over "
		 "%ld)", f.oldest, max_days);

	money_text(m1, f.past_due, e);
	if (max_amt < 0) {
		set_rule(r, AR_CREDIT_PAST_DUE_AMOUNT, AR_CREDIT_OFF,
			 AR_CREDIT_MONEY, f.past_due, -1, "undisputed past due "
			 "%s (credit.max_past_due not set)", m1);
	} else {
		money_text(m2, max_amt, e);
		set_rule(r, AR_CREDIT_PAST_DUE_AMOUNT, f.past_due > max_amt
			 ? AR_CREDIT_FAIL : AR_CREDIT_PASS, AR_CREDIT_MONEY,
			 f.past_due, max_amt, "undisputed past due %s (held over "
			 "%s)", m1, m2);
	}

	ar_date_format(day, b.from);
	if (max_broken <= 0)
		set_rule(r, AR_CREDIT_BROKEN_PROMISES, AR_CREDIT_OFF,
			 AR_CREDIT_NUMBER, b.n, -1, "%lld broken since %s "
			 "(credit.max_broken_promises 0: off)", (long long)b.n,
			 day);
	else
		set_rule(r, AR_CREDIT_BROKEN_PROMISES, b.n >= max_broken
			 ? AR_CREDIT_FAIL : AR_CREDIT_PASS, AR_CREDIT_NUMBER,
			 b.n, max_broken, "%lld broken since %s (held from %ld)", (long long)b.n, day, max_broken);

	ar_date_format(day, o->as_of - RETURNED_DAYS);
	if (max_ret <= 0)
		set_rule(r, AR_CREDIT_RETURNED, AR_CREDIT_OFF, AR_CREDIT_NUMBER,
			 nret, -1, "%lld returned since %s (credit.max_returned "
			 "0: off)", (long long)nret, day);
	else
		set_rule(r, AR_CREDIT_RETURNED, nret >= max_ret ? AR_CREDIT_FAIL
			 : AR_CREDIT_PASS, AR_CREDIT_NUMBER, nret, max_ret,
			 "%lld returned since %s (held from %ld)",
			 (long long)nret, day, max_ret);

	r->pass = true;
	for (int i = 0; i < AR_CREDIT_NRULES; i++)
		if (r->rule[i].result == AR_CREDIT_FAIL)
			r->pass = false;
	return AR_OK;
}

/* An unused override that covers the order, if any. */
static ar_status find_override(struct ar_ledger *l, const struct cust *c,
			       ar_date as_of, struct ar_credit_check *r)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT o.id, o.amount, o.valid_to, "
		"o.approved_by, o.reason FROM credit_override o WHERE "
		"o.customer = ?1 AND o.currency = ?2 AND o.valid_from <= ?3 AND "
		"o.valid_to >= ?3 AND o.amount >= ?4 AND NOT EXISTS (SELECT 1 "
		"FROM credit_override_use u WHERE u.override = o.id) "
		"ORDER BY o.valid_to, o.amount, o.id LIMIT 1");
	int rc;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, c->id);
	sqlite3_bind_text(s, 2, r->currency, -1, SQLITE_STATIC);
	ar__bind_date(s, 3, as_of);
	sqlite3_bind_int64(s, 4, r->amount);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->override = sqlite3_column_int64(s, 0);
		r->override_amount = sqlite3_column_int64(s, 1);
		r->override_to = ar__col_date(s, 2);
		copy_col(s, 3, r->approved_by, sizeof(r->approved_by));
		copy_col(s, 4, r->override_reason, sizeof(r->override_reason));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK
		: ar__sqlfail(l, rc, "read");
}

/* The login name of the batch in progress. */
static ar_status batch_user(struct ar_ledger *l, char *buf, size_t size)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT user FROM batch WHERE id = ?");
	int rc;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, ar_ledger_batch(l));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		copy_col(s, 0, buf, size);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK
		: ar__fail(l, AR_ELEDGER, "no batch in progress");
}

/* Record a decision: an activity of kind 'credit'. */
static ar_status record(struct ar_ledger *l, int64_t customer, ar_date date,
			const char *outcome, bool has_amount, int64_t amount,
			const char *currency, const char *text, int64_t *id)
{
	char user[256];
	ar_status st = batch_user(l, user, sizeof(user));
	if (st != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO activity (customer, "
		"date, kind, outcome, amount, currency, collector, text, "
		"batch_id) VALUES (?1, ?2, 'credit', ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, customer);
	ar__bind_date(s, 2, date);
	sqlite3_bind_text(s, 3, outcome, -1, SQLITE_STATIC);
	if (has_amount)
		sqlite3_bind_int64(s, 4, amount);
	ar__bind_text(s, 5, currency);
	sqlite3_bind_text(s, 6, user, -1, SQLITE_STATIC);
	ar__bind_text(s, 7, text);
	sqlite3_bind_int64(s, 8, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	*id = sqlite3_last_insert_rowid(ar__db(l));
	return AR_OK;
}

ar_status ar_credit_check(struct ar_ledger *l, const struct ar_credit_options *o,
			  struct ar_credit_check *r)
{
	struct cust c;
	char rules[160] = "";
	bool began = false;
	ar_status st;

	memset(r, 0, sizeof(*r));
	if ((st = ar__read_begin(l, &began)) != AR_OK)
		return st;
	snprintf(r->customer_id, sizeof(r->customer_id), "%s", o->customer_id);
	if ((st = cust_get(l, o->customer_id, &c, r->customer_name,
			   sizeof(r->customer_name))) != AR_OK ||
	    (st = order_of(l, o, &c, r->currency, &r->exponent,
			   &r->amount)) != AR_OK)
		goto out;
	r->has_amount = o->amount != NULL;
	memcpy(r->own_currency, c.currency, sizeof(c.currency));
	r->own_exponent = c.exponent;
	if ((st = judge(l, o, &c, r)) != AR_OK)
		goto out;
	r->approved = r->pass;
	/* an override is for an order: a check without one uses none */
	if (!r->pass && r->has_amount &&
	    (st = find_override(l, &c, o->as_of, r)) != AR_OK)
		goto out;
	if (r->override)
		r->approved = true;
	for (int i = 0; i < AR_CREDIT_NRULES; i++)
		if (r->rule[i].result == AR_CREDIT_FAIL)
			snprintf(rules + strlen(rules), sizeof(rules) -
				 strlen(rules), "%s%s", *rules ? "," : "",
				 r->rule[i].rule);
	if (!ar_ledger_batch(l))
		goto out;
	if ((st = record(l, c.id, o->as_of, r->override ? "overridden" :
			 r->pass ? "approved" : "held", r->has_amount,
			 r->amount, r->currency, rules, &r->activity)) != AR_OK)
		goto out;
	if (r->override) {
		sqlite3_stmt *s = ar__prepare(l, "INSERT INTO "
			"credit_override_use (override, activity, batch_id) "
			"VALUES (?, ?, ?)");
		if (!s) {
			st = AR_ELEDGER;
			goto out;
		}
		sqlite3_bind_int64(s, 1, r->override);
		sqlite3_bind_int64(s, 2, r->activity);
		sqlite3_bind_int64(s, 3, ar_ledger_batch(l));
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			st = ar__sqlfail(l, rc, "write");
	}
out:
	ar__read_end(l, began);
	return st;
}

/* Is user one of the login names of the list "alice,bob"? */
static bool listed(const char *list, const char *user)
{
	size_t n = strlen(user);
	for (const char *p = list; *p; ) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, user, n) == 0)
			return true;
		p += k;
		if (*p)
			p++;
	}
	return false;
}

ar_status ar_credit_override(struct ar_ledger *l,
			     const struct ar_credit_options *o, int64_t *id)
{
	struct cust c;
	char currency[4], user[256];
	char *approvers = NULL;
	long days;
	int e;
	int64_t amount;
	ar_status st;

	if (!o->amount)
		return ar__fail_field(l, AR_EUSAGE, "amount", "required for an "
				      "override");
	if (!o->reason || !*o->reason)
		return ar__fail_field(l, AR_EUSAGE, "reason", "required for an "
				      "override");
	if ((st = cust_get(l, o->customer_id, &c, NULL, 0)) != AR_OK ||
	    (st = order_of(l, o, &c, currency, &e, &amount)) != AR_OK ||
	    (st = batch_user(l, user, sizeof(user))) != AR_OK ||
	    (st = setting_long(l, "credit.override_days", &days)) != AR_OK ||
	    (st = ar_setting_get(l, "credit.approvers", &approvers, NULL)) != AR_OK)
		goto out;
	if (!listed(approvers, user)) {
		st = ar__fail(l, AR_ECHECK, "'%s' may not override: not in "
			      "credit.approvers", user);
		goto out;
	}
	if ((st = record(l, c.id, o->as_of, "override", true, amount, currency,
			 o->reason, id)) != AR_OK)
		goto out;
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO credit_override "
		"(customer, amount, currency, valid_from, valid_to, reason, "
		"approved_by, activity, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, "
		"?, ?)");
	if (!s) {
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_int64(s, 1, c.id);
	sqlite3_bind_int64(s, 2, amount);
	sqlite3_bind_text(s, 3, currency, -1, SQLITE_STATIC);
	ar__bind_date(s, 4, o->as_of);
	ar__bind_date(s, 5, o->as_of + (int)days - 1);
	sqlite3_bind_text(s, 6, o->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, *id);
	sqlite3_bind_int64(s, 9, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "write");
out:
	free(approvers);
	return st;
}

ar_status ar_credit_hold(struct ar_ledger *l, const struct ar_credit_options *o,
			 bool hold, int64_t *id)
{
	struct cust c;
	ar_status st;
	const char *from = hold ? "active" : "hold";

	if (!o->reason || !*o->reason)
		return ar__fail_field(l, AR_EUSAGE, "reason", "required");
	if ((st = cust_get(l, o->customer_id, &c, NULL, 0)) != AR_OK)
		return st;
	if (hold && strcmp(c.status, "hold") == 0)
		return ar__fail(l, AR_EUSAGE, "customer '%s' is on hold already",
				o->customer_id);
	if (strcmp(c.status, from) != 0)
		return ar__fail(l, AR_EUSAGE, hold ? "customer '%s' is %s: only "
				"an active customer is put on hold"
				: "customer '%s' is not on hold (%s)",
				o->customer_id, c.status);
	sqlite3_stmt *s = ar__prepare(l, "UPDATE customer SET status = ?1, "
				      "batch_id = ?2 WHERE id = ?3");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, hold ? "hold" : "active", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ar_ledger_batch(l));
	sqlite3_bind_int64(s, 3, c.id);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "write");
	return record(l, c.id, o->as_of, hold ? "hold" : "release", false, 0,
		      NULL, o->reason, id);
}
