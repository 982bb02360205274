/*
 * credit_log.c - the credit decisions recorded (activities of kind
 * 'credit'), and the rows of checks and decisions as written.
 */
#include <stdio.h>
#include <string.h>

#include "ar/credit.h"
#include "ar/money.h"
#include "cells_int.h"
#include "internal.h"
#include "report_int.h"

const struct ar_column ar_credit_check_columns[AR_CREDIT_CHECK_COLUMNS] = {
	{"customer_id", AR_COL_TEXT}, {"rule", AR_COL_TEXT},
	{"result", AR_COL_TEXT}, {"figure", AR_COL_TEXT},
	{"threshold", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"text", AR_COL_TEXT},
};

static const char *const results[] = {
	[AR_CREDIT_PASS] = "pass", [AR_CREDIT_FAIL] = "fail",
	[AR_CREDIT_OFF] = "off",
};

static void figure(const struct ar_cells *out, const struct ar_credit_check *r,
		   enum ar_credit_figure kind, int64_t v)
{
	char buf[AR_MONEY_BUFSZ];
	if (v < 0 && kind != AR_CREDIT_MONEY) {
		out->null(out->ctx);
	} else if (kind == AR_CREDIT_MONEY) {
		ar_money_format(buf, v, r->own_exponent, 0);
		C(out, text, buf);
	} else {
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
		C(out, text, buf);
	}
}

ar_status ar_credit_check_put(const struct ar_cells *out,
			      const struct ar_credit_check *r, bool all)
{
	ar_status st = AR_OK;
	char buf[AR_MONEY_BUFSZ], to[AR_DATE_BUFSZ], text[400];

	for (int i = 0; i < AR_CREDIT_NRULES && st == AR_OK; i++) {
		const struct ar_credit_rule_row *x = &r->rule[i];
		if (!all && x->result != AR_CREDIT_FAIL)
			continue;
		C(out, text, r->customer_id);
		C(out, text, x->rule);
		C(out, text, results[x->result]);
		if (x->kind == AR_CREDIT_TEXT) {
			out->null(out->ctx);
			out->null(out->ctx);
			out->null(out->ctx);
		} else {
			figure(out, r, x->kind, x->figure);
			if (x->threshold < 0)
				out->null(out->ctx);
			else
				figure(out, r, x->kind, x->threshold);
			if (x->kind == AR_CREDIT_MONEY)
				C(out, text, r->own_currency);
			else
				out->null(out->ctx);
		}
		C(out, text, x->text);
		st = out->end_row(out->ctx);
	}
	if (st != AR_OK || !r->override)
		return st;
	C(out, text, r->customer_id);
	C(out, text, "override");
	C(out, text, "used");
	ar_money_format(buf, r->amount, r->exponent, 0);
	C(out, text, buf);
	ar_money_format(buf, r->override_amount, r->exponent, 0);
	C(out, text, buf);
	C(out, text, r->currency);
	ar_date_format(to, r->override_to);
	snprintf(text, sizeof(text), "by %s, valid to %s: %s", r->approved_by,
		 to, r->override_reason);
	C(out, text, text);
	return out->end_row(out->ctx);
}

const struct ar_column ar_credit_log_columns[AR_CREDIT_LOG_COLUMNS] = {
	{"batch", AR_COL_INT}, {"date", AR_COL_DATE},
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"decision", AR_COL_TEXT}, {"amount", AR_COL_MONEY},
	{"currency", AR_COL_TEXT}, {"failed_rules", AR_COL_TEXT},
	{"approved_by", AR_COL_TEXT}, {"valid_to", AR_COL_DATE},
	{"reason", AR_COL_TEXT}, {"user", AR_COL_TEXT},
};

ar_status ar_credit_decision_put(const struct ar_cells *out,
				 const struct ar_credit_decision *d)
{
	C(out, integer, d->batch);
	C(out, date, d->date);
	C(out, text, d->customer_id);
	C(out, text, d->customer_name);
	C(out, text, d->decision);
	if (d->amount < 0)
		out->null(out->ctx);
	else
		C(out, money, d->amount, d->exponent);
	C(out, text, d->currency);
	C(out, text, d->rules);
	C(out, text, d->approved_by);
	if (d->valid_to == AR_DATE_NONE)
		out->null(out->ctx);
	else
		C(out, date, d->valid_to);
	C(out, text, d->reason);
	C(out, text, d->user);
	return out->end_row(out->ctx);
}

/*
 * A check keeps its failed rules in the activity's text; an override, a
 * hold and a release their reason.  An overridden check shows the
 * override it used: who approved it and why.
 */
#define DECISION_SQL(cond) "SELECT a.batch_id, a.date, c.customer_id, " \
	"c.name, a.outcome, a.amount, coalesce(a.currency, ''), " \
	"coalesce(a.text, ''), coalesce(a.collector, ''), " \
	"coalesce(o.approved_by, uo.approved_by, ''), o.valid_to, " \
	"coalesce(uo.reason, '') FROM activity a JOIN customer c ON c.id = " \
	"a.customer LEFT JOIN credit_override o ON o.activity = a.id " \
	"LEFT JOIN credit_override_use u ON u.activity = a.id LEFT JOIN " \
	"credit_override uo ON uo.id = u.override WHERE a.kind = 'credit' " \
	"AND " cond " ORDER BY a.date, a.id"

static ar_status decisions(struct ar_ledger *l, sqlite3_stmt *s,
			   ar_credit_decision_fn fn, void *ctx)
{
	ar_status st = AR_OK;
	int rc;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *outcome = ar__col_text(s, 4);
		const char *cur = ar__col_text(s, 6);
		bool check = strcmp(outcome, "approved") == 0 ||
			     strcmp(outcome, "held") == 0 ||
			     strcmp(outcome, "overridden") == 0;
		int e = *cur ? ar__exponent(l, cur) : 2;
		struct ar_credit_decision d = {
			.batch = sqlite3_column_int64(s, 0),
			.date = ar__col_date(s, 1),
			.customer_id = ar__col_text(s, 2),
			.customer_name = ar__col_text(s, 3),
			.decision = outcome,
			.amount = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1
				  : sqlite3_column_int64(s, 5),
			.currency = cur,
			.exponent = e,
			.rules = check ? ar__col_text(s, 7) : "",
			.approved_by = ar__col_text(s, 9),
			.valid_to = ar__col_date(s, 10),
			.reason = check ? ar__col_text(s, 11) : ar__col_text(s, 7),
			.user = ar__col_text(s, 8),
		};
		st = fn(ctx, &d);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}

ar_status ar_credit_log(struct ar_ledger *l, const char *customer_id,
			ar_date from, ar_date to, ar_credit_decision_fn fn,
			void *ctx)
{
	int64_t id = 0;
	ar_status st;
	if (customer_id &&
	    (st = ar_ledger_customer_find(l, customer_id, &id)) != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, customer_id ? DECISION_SQL("a.customer "
		"= ?1 AND a.date >= ?2 AND a.date <= ?3")
		: DECISION_SQL("a.date >= ?2 AND a.date <= ?3"));
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	if (from == AR_DATE_NONE)
		sqlite3_bind_text(s, 2, "0000-00-00", -1, SQLITE_STATIC);
	else
		ar__bind_date(s, 2, from);
	if (to == AR_DATE_NONE)
		sqlite3_bind_text(s, 3, "9999-99-99", -1, SQLITE_STATIC);
	else
		ar__bind_date(s, 3, to);
	return decisions(l, s, fn, ctx);
}

ar_status ar_credit_decision_get(struct ar_ledger *l, int64_t id,
				 ar_credit_decision_fn fn, void *ctx)
{
	sqlite3_stmt *s = ar__prepare(l, DECISION_SQL("a.id = ?1"));
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	return decisions(l, s, fn, ctx);
}
