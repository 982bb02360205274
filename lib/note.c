/*
 * note.c - recording the collector's work: one contact or note, a
 * promise to pay, a payment plan as dated promises, a change of the
 * contact preference.  The contact rules are contact.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "ar/note.h"
#include "cells_int.h"
#include "internal.h"
#include "report_int.h"

static const char *const kinds[] = {"call", "email", "letter", "visit",
				    "note", NULL};
static const char *const outcomes[] = {"reached", "left_message",
	"no_answer", "wrong_number", "refused", "promised", "disputed", "paid",
	"other", NULL};

static bool in(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool ar_note_kind_valid(const char *kind) { return in(kinds, kind); }
const char *const *ar_note_outcomes(void) { return outcomes; }
bool ar_note_outcome_valid(const char *o) { return in(outcomes, o); }

bool ar_note_split(int64_t total, int n, int64_t *amounts)
{
	if (n < 1 || total < n)
		return false;
	int64_t each = total / n;
	for (int i = 0; i < n; i++)
		amounts[i] = each;
	amounts[n - 1] = total - each * (n - 1);
	return true;
}

ar_date ar_note_instalment_date(ar_date first, int every_days, int i)
{
	if (every_days > 0)
		return first + every_days * i;
	int y, m, d;
	ar_date_to_ymd(first, &y, &m, &d);
	int months = m - 1 + i;
	y += months / 12;
	m = months % 12 + 1;
	int last = ar_date_days_in_month(y, m);
	return ar_date_from_ymd(y, m, d < last ? d : last);
}

const struct ar_column ar_note_columns[AR_NOTE_COLUMNS] = {
	{"activity", AR_COL_INT}, {"customer_id", AR_COL_TEXT},
	{"kind", AR_COL_TEXT}, {"date", AR_COL_DATE},
	{"local_time", AR_COL_TEXT}, {"collector", AR_COL_TEXT},
	{"outcome", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"amount", AR_COL_MONEY}, {"currency", AR_COL_TEXT},
	{"promise_date", AR_COL_DATE}, {"follow_up_date", AR_COL_DATE},
	{"plan", AR_COL_INT}, {"override", AR_COL_TEXT},
	{"text", AR_COL_TEXT},
};

ar_status ar_note_row_put(const struct ar_cells *out,
			  const struct ar_note_row *r)
{
	C(out, integer, r->activity);
	C(out, text, r->customer_id);
	C(out, text, r->kind);
	C(out, date, r->date);
	ar__cell_text_or_null(out, r->local_time);
	ar__cell_text_or_null(out, r->collector);
	ar__cell_text_or_null(out, r->outcome);
	ar__cell_text_or_null(out, r->doc_no);
	if (r->currency[0])
		C(out, money, r->amount, r->exponent);
	else
		out->null(out->ctx);
	ar__cell_text_or_null(out, r->currency);
	ar__cell_date_or_null(out, r->promise_date);
	ar__cell_date_or_null(out, r->follow_up);
	if (r->plan)
		C(out, integer, r->plan);
	else
		out->null(out->ctx);
	ar__cell_text_or_null(out, r->override);
	ar__cell_text_or_null(out, r->text);
	return out->end_row(out->ctx);
}

/* What one run of ar_note_record() knows of its customer. */
struct rec {
	struct ar_ledger *l;
	const struct ar_note *n;
	int64_t customer;
	char currency[4];
	char collector[256];
	int64_t docs[64];
	char local[AR_TIME_BUFSZ], at[AR_TIME_BUFSZ];
	ar_date date;
};

static ar_status find_customer(struct rec *r)
{
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT c.id, coalesce("
		"c.currency, (SELECT value FROM setting WHERE key = "
		"'currency.base'), 'USD'), c.collector FROM customer c "
		"WHERE c.customer_id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, r->n->customer_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->customer = sqlite3_column_int64(s, 0);
		snprintf(r->currency, sizeof(r->currency), "%s",
			 ar__col_text(s, 1));
		snprintf(r->collector, sizeof(r->collector), "%s",
			 ar__col_text(s, 2));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(r->l, AR_EINPUT, "no customer '%s'",
				r->n->customer_id);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(r->l, rc, "read");
}

/* Each document named: the customer's own; a promise takes the currency
 * of its documents, which must agree. */
static ar_status find_docs(struct rec *r)
{
	const struct ar_note *n = r->n;
	if (n->ndocs > sizeof(r->docs) / sizeof(r->docs[0]))
		return ar__fail_field(r->l, AR_EUSAGE, "doc", "at most %zu "
				      "documents",
				      sizeof(r->docs) / sizeof(r->docs[0]));
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT d.id, d.currency, "
		"c.customer_id, d.customer FROM document d JOIN customer c ON "
		"c.id = d.customer WHERE d.doc_no = ?1 ORDER BY d.customer <> ?2, "
		"d.family <> 'invoice', d.id LIMIT 1");
	if (!s)
		return AR_ELEDGER;
	ar_status st = AR_OK;
	for (size_t i = 0; i < n->ndocs && st == AR_OK; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, n->docs[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, r->customer);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			st = ar__fail_field(r->l, AR_EINPUT, "doc", "no "
					    "document '%s'", n->docs[i]);
		else if (rc != SQLITE_ROW)
			st = ar__sqlfail(r->l, rc, "read");
		else if (sqlite3_column_int64(s, 3) != r->customer)
			st = ar__fail_field(r->l, AR_EINPUT, "doc", "'%s' is a "
					    "document of customer '%s', not of "
					    "'%s'", n->docs[i],
					    ar__col_text(s, 2), n->customer_id);
		else if (i > 0 && strcmp(r->currency, ar__col_text(s, 1)))
			st = ar__fail_field(r->l, AR_EINPUT, "doc", "'%s' is "
					    "in %s, '%s' in %s", n->docs[i],
					    ar__col_text(s, 1), n->docs[0],
					    r->currency);
		else {
			r->docs[i] = sqlite3_column_int64(s, 0);
			snprintf(r->currency, sizeof(r->currency), "%s",
				 ar__col_text(s, 1));
		}
	}
	sqlite3_finalize(s);
	return st;
}

static ar_status insert(struct rec *r, const char *kind, const char *outcome,
			int64_t amount, ar_date promise_date, int64_t plan,
			ar_note_row_fn fn, void *ctx)
{
	const struct ar_note *n = r->n;
	bool money = amount > 0;
	sqlite3_stmt *s = ar__prepare(r->l, "INSERT INTO activity (customer, "
		"date, kind, document, outcome, amount, currency, promise_date, "
		"follow_up_date, collector, text, batch_id, at, plan, override) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, r->customer);
	ar__bind_date(s, 2, r->date);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	if (n->ndocs)
		sqlite3_bind_int64(s, 4, r->docs[0]);
	if (outcome)
		sqlite3_bind_text(s, 5, outcome, -1, SQLITE_STATIC);
	if (money) {
		sqlite3_bind_int64(s, 6, amount);
		sqlite3_bind_text(s, 7, r->currency, -1, SQLITE_STATIC);
	}
	if (promise_date != AR_DATE_NONE)
		ar__bind_date(s, 8, promise_date);
	if (n->follow_up != AR_DATE_NONE)
		ar__bind_date(s, 9, n->follow_up);
	if (r->collector[0])
		sqlite3_bind_text(s, 10, r->collector, -1, SQLITE_STATIC);
	if (n->text && *n->text)
		sqlite3_bind_text(s, 11, n->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, ar_ledger_batch(r->l));
	sqlite3_bind_text(s, 13, r->at, -1, SQLITE_STATIC);
	if (plan)
		sqlite3_bind_int64(s, 14, plan);
	if (n->override && *n->override)
		sqlite3_bind_text(s, 15, n->override, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(r->l, rc, "write");
	int64_t id = sqlite3_last_insert_rowid(ar__db(r->l));
	if (n->ndocs > 1) {
		s = ar__prepare(r->l, "INSERT OR IGNORE INTO activity_document "
				"(activity, document) VALUES (?, ?)");
		if (!s)
			return AR_ELEDGER;
		for (size_t i = 0; i < n->ndocs && rc == SQLITE_DONE; i++) {
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, r->docs[i]);
			rc = sqlite3_step(s);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return ar__sqlfail(r->l, rc, "write");
	}
	struct ar_note_row row = {
		.activity = id, .customer_id = n->customer_id, .kind = kind,
		.date = r->date, .local_time = r->local,
		.collector = r->collector, .outcome = outcome,
		.doc_no = n->ndocs ? n->docs[0] : NULL, .amount = amount,
		.exponent = ar_ledger_currency_exponent(r->l, r->currency),
		.promise_date = promise_date, .follow_up = n->follow_up,
		.plan = plan, .override = n->override, .text = n->text,
	};
	if (money)
		memcpy(row.currency, r->currency, 4);
	return fn ? fn(ctx, &row) : AR_OK;
}

static ar_status parse_amount(struct rec *r, int64_t *v)
{
	int e = ar__exponent(r->l, r->currency);
	const char *a = r->n->amount;
	if (!a)
		return ar__fail_field(r->l, AR_EUSAGE, "amount", "required");
	if (ar_money_parse(a, strlen(a), e, r->currency, 0, v,
			   NULL) != AR_OK || *v <= 0 || *v > AR_MONEY_DOC_MAX)
		return ar__fail_field(r->l, AR_EUSAGE, "amount", "'%s' is not "
				      "an amount above 0 in %s", a,
				      r->currency);
	return AR_OK;
}

static ar_status record_plan(struct rec *r, ar_note_row_fn fn, void *ctx)
{
	const struct ar_note *n = r->n;
	int64_t total, *parts;
	ar_status st = parse_amount(r, &total);
	if (st != AR_OK)
		return st;
	if (n->instalments < 1 || n->instalments > 120)
		return ar__fail_field(r->l, AR_EUSAGE, "instalments", "from 1 "
				      "to 120");
	if (n->first == AR_DATE_NONE)
		return ar__fail_field(r->l, AR_EUSAGE, "first", "required");
	if (n->first < r->date)
		return ar__fail_field(r->l, AR_EUSAGE, "first", "before the "
				      "date of the plan");
	if (!(parts = malloc(sizeof(*parts) * (size_t)n->instalments)))
		return AR_ENOMEM;
	if (!ar_note_split(total, n->instalments, parts)) {
		free(parts);
		return ar__fail_field(r->l, AR_EUSAGE, "amount", "less than "
				      "one minor unit per instalment");
	}
	int64_t plan;
	st = ar__int_query(r->l, "SELECT coalesce(max(plan), 0) + 1 FROM "
			   "activity", &plan);
	for (int i = 0; i < n->instalments && st == AR_OK; i++)
		st = insert(r, "promise", n->outcome, parts[i],
			    ar_note_instalment_date(n->first, n->every_days, i),
			    plan, fn, ctx);
	free(parts);
	return st;
}

static ar_status set_contact(struct rec *r)
{
	static const char *const prefs[] = {"ok", "no_calls", "cease", NULL};
	const struct ar_note *n = r->n;
	if (!in(prefs, n->contact))
		return ar__fail(r->l, AR_EUSAGE, "contact: '%s' is not ok, "
				"no_calls or cease", n->contact ? n->contact
				: "");
	if (!n->text || !*n->text)
		return ar__fail_field(r->l, AR_EUSAGE, "text", "required: the "
				      "reason for the contact preference");
	sqlite3_stmt *s = ar__prepare(r->l, "UPDATE customer SET contact = ?1, "
				      "batch_id = ?2 WHERE id = ?3 AND "
				      "contact <> ?1");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, n->contact, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ar_ledger_batch(r->l));
	sqlite3_bind_int64(s, 3, r->customer);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(r->l, rc, "write");
}

ar_status ar_note_record(struct ar_ledger *l, const struct ar_note *n,
			 ar_note_row_fn fn, void *ctx)
{
	struct rec r = {.l = l, .n = n};
	struct ar_contact c;
	ar_status st;
	const char *kind = n->kind;
	bool contact_kind = ar_note_kind_valid(kind);

	if (!contact_kind && strcmp(kind, "promise") && strcmp(kind, "plan") &&
	    strcmp(kind, "contact"))
		return ar__fail(l, AR_EUSAGE, "'%s' is not a kind (call, "
				"email, letter, visit, note, promise, plan, "
				"contact)", kind);
	if (n->outcome && !ar_note_outcome_valid(n->outcome))
		return ar__fail_field(l, AR_EUSAGE, "outcome", "'%s' is not an "
				      "outcome (see ar-note(1))", n->outcome);
	if ((st = find_customer(&r)) != AR_OK || (st = find_docs(&r)) != AR_OK)
		return st;
	if (n->collector)
		snprintf(r.collector, sizeof(r.collector), "%s", n->collector);
	if ((st = ar_contact_check(l, r.customer, n->at, contact_kind ? kind
				   : "note", 0, &c)) != AR_OK)
		return st;
	r.date = c.local.date;
	ar_local_format(r.local, &c.local);
	ar_time_format_utc(r.at, n->at);
	if (!c.allowed && !(n->override && *n->override)) {
		char d[AR_DATE_BUFSZ] = "";
		if (c.resume != AR_DATE_NONE)
			ar_date_format(d, c.resume);
		return ar__fail(l, AR_ECHECK, "%s refused at %s: %s%s%s", kind,
				r.local, c.rule, *d ? "; calls may resume on "
				: "", d);
	}
	if (n->follow_up != AR_DATE_NONE && n->follow_up < r.date)
		return ar__fail_field(l, AR_EUSAGE, "follow_up", "before the "
				      "date of the activity");
	if (strcmp(kind, "plan") == 0)
		return record_plan(&r, fn, ctx);
	if (strcmp(kind, "promise") == 0) {
		int64_t amount;
		if ((st = parse_amount(&r, &amount)) != AR_OK)
			return st;
		if (n->on == AR_DATE_NONE)
			return ar__fail_field(l, AR_EUSAGE, "on", "required");
		if (n->on < r.date)
			return ar__fail_field(l, AR_EUSAGE, "on", "before the "
					      "date of the promise");
		return insert(&r, "promise", n->outcome, amount, n->on, 0, fn,
			      ctx);
	}
	if (strcmp(kind, "contact") == 0) {
		if ((st = set_contact(&r)) != AR_OK)
			return st;
		return insert(&r, "contact", n->contact, 0, AR_DATE_NONE, 0,
			      fn, ctx);
	}
	return insert(&r, kind, n->outcome, 0, AR_DATE_NONE, 0, fn, ctx);
}
