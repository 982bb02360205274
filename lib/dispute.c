/*
 * dispute.c - disputes: open, notes and owners, resolution, the list.
 *
 * A dispute row is written once; what happens to it later is new rows:
 * dispute_event (notes, assignments, a write-off waiting for approval)
 * and at most one dispute_resolution.  Whatever a resolution posts goes
 * through the ledger's one document and application writers (post.c) or
 * the write-off run (writeoff.c), so the open-item state stays kept by
 * its triggers and the closed periods hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/dispute.h"
#include "ar/money.h"
#include "ar/writeoff.h"
#include "cells_int.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* Reason codes */

ar_status ar_dispute_reason_known(struct ar_ledger *l, const char *code,
				  bool *known, char *list, size_t size)
{
	char *v;
	ar_status st = ar_setting_get(l, "dispute.reasons", &v, NULL);
	size_t n = code ? strlen(code) : 0;
	if (st != AR_OK)
		return st;
	*known = false;
	for (const char *p = v; n && *p && !*known;) {
		size_t len = strcspn(p, ",");
		*known = len == n && strncmp(p, code, n) == 0;
		p += len + (p[len] == ',');
	}
	if (list)
		snprintf(list, size, "%s", v);
	free(v);
	return AR_OK;
}

ar_status ar__dispute_reason_map(struct ar_ledger *l, const char *word,
				 char *code, bool *kept)
{
	bool known = false;
	ar_status st = AR_OK;
	if (word && *word &&
	    (st = ar_dispute_reason_known(l, word, &known, NULL, 0)) != AR_OK)
		return st;
	snprintf(code, AR_DISPUTE_CODE_MAX + 1, "%s", known ? word : "other");
	*kept = word && *word && !known;
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Small helpers */

static void day_text(char buf[AR_DATE_BUFSZ], ar_date d)
{
	ar_date_format(buf, d);
}

/* Run one statement of sql with the binds done by the caller. */
static ar_status step_done(struct ar_ledger *l, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}

/*
 * A document by number for a dispute: a debit document (the number of an
 * invoice, debit memo or finance charge first, then a recovery or a
 * reversal); a credit document of that number is refused by name.
 */
static ar_status find_debit(struct ar_ledger *l, const char *no,
			    struct ar__doc_info *d)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT id FROM document WHERE "
		"doc_no = ?1 ORDER BY sign DESC, family <> 'invoice', id "
		"LIMIT 1");
	int64_t id = 0;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	if (!id)
		return ar__fail(l, AR_EUSAGE, "'%s': no such document", no);
	ar_status st = ar__document_get(l, id, d);
	if (st == AR_OK && d->sign != 1)
		return ar__fail(l, AR_EUSAGE, "'%s' is a %s: only a debit "
				"document (invoice, debit memo, ...) can be "
				"disputed", no, d->doc_type);
	return st;
}

/* What is open of debit document d now and as of day: the smaller. */
static ar_status open_of(struct ar_ledger *l, const struct ar__doc_info *d,
			 ar_date day, int64_t *open)
{
	char a[AR_DATE_BUFSZ];
	int64_t now;
	ar_status st = ar__applied(l, d->id, true, &now, NULL);
	if (st != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "SELECT " AR__APPLIED_BY("debit_doc",
				      "?2"));
	if (!s)
		return AR_ELEDGER;
	day_text(a, day);
	sqlite3_bind_text(s, 1, a, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, d->id);
	int rc = sqlite3_step(s);
	int64_t then = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	*open = d->amount - (now > then ? now : then);
	return AR_OK;
}

/* What of document doc open disputes hold as of day. */
static ar_status disputed_of(struct ar_ledger *l, int64_t doc, ar_date day,
			     int64_t *v)
{
	char a[AR_DATE_BUFSZ];
	sqlite3_stmt *s = ar__prepare(l, "SELECT " AR__DISPUTED_BY("?2"));
	if (!s)
		return AR_ELEDGER;
	day_text(a, day);
	sqlite3_bind_text(s, 1, a, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, doc);
	int rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

ar_status ar__dispute_room(struct ar_ledger *l, const struct ar__doc_info *d,
			   ar_date day, int64_t *open, int64_t *disputed)
{
	ar_status st = open_of(l, d, day, open);
	return st == AR_OK ? disputed_of(l, d->id, day, disputed) : st;
}

static ar_status parse_amount(struct ar_ledger *l, const char *field,
			      const char *text, const struct ar__doc_info *d,
			      int64_t *v)
{
	const char *why = NULL;
	if (ar_money_parse(text, strlen(text), ar__exponent(l, d->currency),
			   d->currency, 0, v, &why) != AR_OK || *v <= 0 ||
	    *v > AR_MONEY_DOC_MAX)
		return ar__fail_field(l, AR_EUSAGE, field, "'%s' is not an "
				      "amount of %s over 0", text, d->currency);
	return AR_OK;
}

static ar_status check_text(struct ar_ledger *l, const char *field,
			    const char *s, size_t max)
{
	if (s && (!*s || strlen(s) > max))
		return ar__fail_field(l, AR_EUSAGE, field, "%s", *s ? "longer "
				      "than the longest taken"
				      : "must not be empty");
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Opening */

ar_status ar_dispute_open(struct ar_ledger *l, const struct ar_dispute_new *d,
			  int64_t *id)
{
	struct ar__doc_info doc;
	char list[1024], a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	char m1[AR_MONEY_BUFSZ], m2[AR_MONEY_BUFSZ];
	int64_t open, disputed, amount;
	bool known;
	ar_status st;

	if ((st = ar_dispute_reason_known(l, d->reason, &known, list,
					  sizeof(list))) != AR_OK)
		return st;
	if (!known)
		return ar__fail_field(l, AR_EUSAGE, "reason", "'%s' is not a "
				      "reason code (%s)",
				      d->reason ? d->reason : "", list);
	if ((st = check_text(l, "owner", d->owner, AR_DISPUTE_OWNER_MAX)) ||
	    (st = check_text(l, "text", d->text, AR_DISPUTE_TEXT_MAX)) ||
	    (st = find_debit(l, d->doc_no, &doc)) != AR_OK)
		return st;
	day_text(a, d->date);
	day_text(b, doc.doc_date);
	if (d->date < doc.doc_date)
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is before %s "
				      "'%s' (%s)", a, doc.doc_type, doc.doc_no,
				      b);
	if ((st = ar__dispute_room(l, &doc, d->date, &open, &disputed))
	    != AR_OK)
		return st;
	int e = ar__exponent(l, doc.currency);
	int64_t room = open - (disputed < open ? disputed : open);
	if (d->amount) {
		if ((st = parse_amount(l, "amount", d->amount, &doc,
				       &amount)) != AR_OK)
			return st;
	} else {
		amount = room;
	}
	if (room <= 0 || amount > room) {
		ar_money_format(m1, open, e, 0);
		ar_money_format(m2, disputed, e, 0);
		return ar__fail(l, AR_EUSAGE, "'%s' has %s %s open on %s%s%s%s; "
				"a dispute is at most what is open", doc.doc_no,
				m1, doc.currency, a, disputed ? " (" : "",
				disputed ? m2 : "", disputed ?
				" of it disputed already)" : "");
	}

	/* the activity of the customer's history, then the dispute */
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO activity (customer, "
		"date, kind, document, outcome, amount, currency, text, "
		"batch_id) VALUES (?, ?, 'dispute', ?, ?, ?, ?, ?, ?)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, doc.customer);
	sqlite3_bind_text(s, 2, a, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, doc.id);
	sqlite3_bind_text(s, 4, d->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, amount);
	sqlite3_bind_text(s, 6, doc.currency, -1, SQLITE_STATIC);
	ar__bind_text(s, 7, d->text);
	sqlite3_bind_int64(s, 8, ar_ledger_batch(l));
	if ((st = step_done(l, s)) != AR_OK)
		return st;
	int64_t act = sqlite3_last_insert_rowid(ar__db(l));
	if (!(s = ar__prepare(l, "INSERT INTO dispute (document, amount, "
			      "reason, opened, activity, batch_id, text) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?)")))
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, doc.id);
	sqlite3_bind_int64(s, 2, amount);
	sqlite3_bind_text(s, 3, d->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, act);
	sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
	ar__bind_text(s, 7, d->text);
	if ((st = step_done(l, s)) != AR_OK)
		return st;
	*id = sqlite3_last_insert_rowid(ar__db(l));
	return d->owner ? ar__dispute_event_insert(l, *id, d->date, "assign", d->owner,
				       NULL, 0) : AR_OK;
}

/* ------------------------------------------------------------------ */
/* One dispute as it stands */

struct disp {
	int64_t id, doc, amount;
	ar_date opened, resolved;
	char reason[AR_DISPUTE_CODE_MAX + 1], resolution[16];
	int64_t request;	/* a write-off request not yet decided */
};

static ar_status disp_get(struct ar_ledger *l, int64_t id, struct disp *x)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT x.document, x.amount, "
		"x.reason, x.opened, r.resolved, r.resolution, (SELECT "
		"e.request FROM dispute_event e WHERE e.dispute = x.id AND "
		"e.kind = 'request' AND NOT EXISTS (SELECT 1 FROM "
		"writeoff_decision k WHERE k.request = e.request)) FROM "
		"dispute x LEFT JOIN dispute_resolution r ON r.dispute = x.id "
		"WHERE x.id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(x, 0, sizeof(*x));
		x->id = id;
		x->doc = sqlite3_column_int64(s, 0);
		x->amount = sqlite3_column_int64(s, 1);
		snprintf(x->reason, sizeof(x->reason), "%s",
			 (const char *)sqlite3_column_text(s, 2));
		x->opened = ar__column_date(s, 3);
		x->resolved = ar__column_date(s, 4);
		if (sqlite3_column_text(s, 5))
			snprintf(x->resolution, sizeof(x->resolution), "%s",
				 (const char *)sqlite3_column_text(s, 5));
		x->request = sqlite3_column_int64(s, 6);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return ar__fail(l, AR_EUSAGE, "'%lld': no such dispute",
				(long long)id);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

ar_status ar_dispute_note(struct ar_ledger *l, int64_t id, ar_date date,
			  const char *owner, const char *text)
{
	struct disp x;
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	ar_status st;
	if ((st = check_text(l, "owner", owner, AR_DISPUTE_OWNER_MAX)) ||
	    (st = check_text(l, "text", text, AR_DISPUTE_TEXT_MAX)) ||
	    (st = disp_get(l, id, &x)) != AR_OK)
		return st;
	if (!owner && !text)
		return ar__fail_field(l, AR_EUSAGE, "text", "required");
	if (date < x.opened) {
		day_text(a, date);
		day_text(b, x.opened);
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is before "
				      "dispute %lld was opened (%s)", a,
				      (long long)id, b);
	}
	return ar__dispute_event_insert(l, id, date, owner && !text ? "assign" : "note",
			    owner, text, 0);
}

/* ------------------------------------------------------------------ */
/* Resolving */

const struct ar_column ar_dispute_result_columns[AR_DISPUTE_RESULT_COLUMNS] = {
	{"dispute_id", AR_COL_INT}, {"date", AR_COL_DATE},
	{"resolution", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"posted_no", AR_COL_TEXT}, {"new_invoice_no", AR_COL_TEXT},
	{"amount", AR_COL_MONEY}, {"currency", AR_COL_TEXT},
	{"request_id", AR_COL_INT},
};

ar_status ar_dispute_result_put(const struct ar_cells *out,
				const struct ar_dispute_result *r)
{
	C(out, integer, r->id);
	C(out, date, r->date);
	C(out, text, r->resolution);
	C(out, text, r->doc_no);
	C(out, text, r->posted_no);
	C(out, text, r->new_no);
	if (r->amount)
		C(out, money, r->amount, r->exponent);
	else
		out->null(out->ctx);
	C(out, text, r->currency);
	if (r->request)
		C(out, integer, r->request);
	else
		out->null(out->ctx);
	return out->end_row(out->ctx);
}

/* The credit memo of dispute x: "DSP-<id>", related to the document. */
static ar_status post_credit(struct ar_ledger *l, const struct disp *x,
			     const struct ar__doc_info *doc, int64_t amount,
			     ar_date date, char *no, int64_t *id)
{
	char what[64];
	snprintf(no, 65, "DSP-%lld", (long long)x->id);
	snprintf(what, sizeof(what), "dispute %lld", (long long)x->id);
	struct ar__doc d = {
		.doc_type = "credit_memo", .doc_no = no,
		.customer = doc->customer, .doc_date = date,
		.due_date = AR_DATE_NONE, .amount = amount,
		.currency = doc->currency, .description = what,
		.reason = x->reason, .related = doc->id,
	};
	ar_status st = ar__post_document(l, &d, id);
	if (st == AR_EEXISTS)
		return ar__fail(l, AR_EUSAGE, "credit memo '%s' already "
				"exists", no);
	return st;
}

static ar_status apply(struct ar_ledger *l, int64_t credit, ar_date date,
		       const struct ar__doc_info *debit, int64_t amount)
{
	ar_date eff = date > debit->doc_date ? date : debit->doc_date;
	return amount > 0 ? ar__post_application(l, credit, debit->id, amount,
						 eff, "credit", 0, NULL)
			  : AR_OK;
}

struct wo_row {
	struct ar_dispute_result *res;
	int64_t request;
	bool posted;
};

static ar_status on_writeoff(void *ctx, const struct ar_writeoff_row *r)
{
	struct wo_row *w = ctx;
	w->posted = strcmp(r->status, "posted") == 0;
	w->request = r->request;
	snprintf(w->res->posted_no, sizeof(w->res->posted_no), "%s",
		 r->writeoff_no);
	return AR_OK;
}

static ar_status writeoff(struct ar_ledger *l, const struct disp *x,
			  const struct ar_dispute_resolve *r,
			  const struct ar__doc_info *doc, int64_t amount,
			  struct ar_dispute_result *res, int64_t *wo_doc)
{
	struct ar_writeoff_options o;
	struct ar_writeoff *w = NULL;
	struct wo_row row = {res, 0, false};
	ar_notice_fn quiet = NULL;
	void *quiet_ctx = NULL;
	ar_status st;

	ar_writeoff_options_init(&o);
	o.as_of = r->date;
	o.reason = "dispute";
	o.include_disputed = true;
	o.allow_closed = r->allow_closed;
	/* the resolution says what became of the item, not the run */
	ar__notice_swap(l, &quiet, &quiet_ctx);
	if ((st = ar_writeoff_new(&w, l, &o)) == AR_OK &&
	    (st = ar_writeoff_add(w, doc->id, amount)) == AR_OK)
		st = ar_writeoff_post(w, on_writeoff, &row);
	ar__notice_swap(l, &quiet, &quiet_ctx);
	if (st == AR_OK && ar_writeoff_skipped(w))
		st = ar__fail(l, AR_EUSAGE, "'%s' has a write-off request "
			      "pending (approve or reject it first)",
			      doc->doc_no);
	ar_writeoff_free(w);
	if (st != AR_OK)
		return st;
	if (!row.posted) {
		res->resolution = "pending";
		res->request = row.request;
		return ar__dispute_event_insert(l, x->id, r->date, "request", NULL,
				    r->text, row.request);
	}
	sqlite3_stmt *s = ar__prepare(l, "SELECT id FROM document WHERE "
				      "family = 'writeoff' AND doc_no = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, res->posted_no, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*wo_doc = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

static ar_status rebill(struct ar_ledger *l, const struct disp *x,
			const struct ar_dispute_resolve *r,
			const struct ar__doc_info *doc, int64_t open,
			struct ar_dispute_result *res, int64_t *credit,
			int64_t *fresh)
{
	struct ar__doc_info nd;
	int64_t amount;
	char what[AR__DOC_NO_MAX + 64];
	ar_status st;

	if (!r->new_invoice_no || !*r->new_invoice_no ||
	    strlen(r->new_invoice_no) > AR__DOC_NO_MAX)
		return ar__fail_field(l, AR_EUSAGE, "rebill", "a new invoice "
				      "number is required");
	if (!r->amount)
		return ar__fail_field(l, AR_EUSAGE, "amount", "required for a "
				      "rebill");
	if ((st = parse_amount(l, "amount", r->amount, doc, &amount)) != AR_OK)
		return st;
	if (r->due != AR_DATE_NONE && r->due < r->date)
		return ar__fail_field(l, AR_EUSAGE, "due", "before the date");
	if ((st = post_credit(l, x, doc, doc->amount, r->date, res->posted_no,
			      credit)) != AR_OK ||
	    (st = apply(l, *credit, r->date, doc, open)) != AR_OK)
		return st;
	snprintf(what, sizeof(what), "rebill of %s (dispute %lld)",
		 doc->doc_no, (long long)x->id);
	struct ar__doc d = {
		.doc_type = "invoice", .doc_no = r->new_invoice_no,
		.customer = doc->customer, .doc_date = r->date,
		.due_date = r->due != AR_DATE_NONE ? r->due : doc->due_date,
		.amount = amount, .currency = doc->currency,
		.description = what, .related = doc->id,
	};
	if (d.due_date == AR_DATE_NONE)
		d.due_date = doc->doc_date;
	if ((st = ar__post_document(l, &d, fresh)) != AR_OK)
		return st == AR_EEXISTS
			? ar__fail_field(l, AR_EUSAGE, "rebill", "invoice '%s' "
					 "already exists", r->new_invoice_no)
			: st;
	if ((st = ar__document_get(l, *fresh, &nd)) != AR_OK)
		return st;
	/* what the customer paid on the old one moves to the new one */
	int64_t rest = doc->amount - open;
	snprintf(res->new_no, sizeof(res->new_no), "%s", r->new_invoice_no);
	res->amount = doc->amount;
	return apply(l, *credit, r->date, &nd, rest < amount ? rest : amount);
}

ar_status ar_dispute_resolve(struct ar_ledger *l,
			     const struct ar_dispute_resolve *r,
			     struct ar_dispute_result *res)
{
	static const char *const names[] = {"credit", "writeoff",
					    "reinstated", "rebilled"};
	struct ar__doc_info doc;
	struct disp x;
	char a[AR_DATE_BUFSZ], b[AR_DATE_BUFSZ];
	int64_t open, amount, credit = 0, fresh = 0;
	ar_status st;

	memset(res, 0, sizeof(*res));
	if ((st = check_text(l, "text", r->text, AR_DISPUTE_TEXT_MAX)) ||
	    (st = disp_get(l, r->id, &x)) != AR_OK)
		return st;
	if (*x.resolution) {
		day_text(a, x.resolved);
		return ar__fail(l, AR_EUSAGE, "dispute %lld was resolved "
				"already (%s on %s)", (long long)x.id,
				x.resolution, a);
	}
	if (x.request)
		return ar__fail(l, AR_EUSAGE, "dispute %lld waits for write-off "
				"request %lld (approve or reject it)",
				(long long)x.id, (long long)x.request);
	if (r->date < x.opened) {
		day_text(a, r->date);
		day_text(b, x.opened);
		return ar__fail_field(l, AR_EUSAGE, "date", "'%s' is before "
				      "dispute %lld was opened (%s)", a,
				      (long long)x.id, b);
	}
	if ((st = ar__document_get(l, x.doc, &doc)) != AR_OK ||
	    (st = open_of(l, &doc, r->date, &open)) != AR_OK)
		return st;
	if (r->how != AR_DISPUTE_REINSTATE &&
	    (st = ar__period_check(l, r->date, r->allow_closed, "date")) != AR_OK)
		return st;
	res->id = x.id;
	res->date = r->date;
	res->resolution = names[r->how];
	snprintf(res->doc_no, sizeof(res->doc_no), "%s", doc.doc_no);
	memcpy(res->currency, doc.currency, 4);
	res->exponent = ar__exponent(l, doc.currency);
	amount = x.amount < open ? x.amount : open;

	switch (r->how) {
	case AR_DISPUTE_CREDIT:
		if (r->amount && (st = parse_amount(l, "credit", r->amount,
						    &doc, &amount)) != AR_OK)
			return st;
		if (amount <= 0 || amount > open) {
			char m[AR_MONEY_BUFSZ];
			ar_money_format(m, open, res->exponent, 0);
			return ar__fail_field(l, AR_EUSAGE, "credit", "'%s' "
					      "has %s %s open; a credit is "
					      "more than 0 and at most that",
					      doc.doc_no, m, doc.currency);
		}
		if ((st = post_credit(l, &x, &doc, amount, r->date,
				      res->posted_no, &credit)) != AR_OK ||
		    (st = apply(l, credit, r->date, &doc, amount)) != AR_OK)
			return st;
		res->amount = amount;
		break;
	case AR_DISPUTE_WRITEOFF:
		if (amount <= 0)
			return ar__fail_field(l, AR_EUSAGE, "writeoff",
					      "nothing of '%s' is open",
					      doc.doc_no);
		res->amount = amount;
		if ((st = writeoff(l, &x, r, &doc, amount, res, &credit)) != AR_OK)
			return st;
		if (res->request)
			return AR_OK;	/* pending: the dispute stays open */
		break;
	case AR_DISPUTE_REINSTATE:
		break;
	case AR_DISPUTE_REBILL:
		if ((st = rebill(l, &x, r, &doc, open, res, &credit, &fresh))
		    != AR_OK)
			return st;
		break;
	}
	return ar__dispute_resolution_insert(l, x.id, r->date, names[r->how], credit,
				 fresh, r->text);
}

/* ------------------------------------------------------------------ */
/* The list */

const struct ar_column ar_dispute_columns[AR_DISPUTE_COLUMNS] = {
	{"dispute_id", AR_COL_INT}, {"opened", AR_COL_DATE},
	{"days_open", AR_COL_INT}, {"customer_id", AR_COL_TEXT},
	{"customer_name", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"currency", AR_COL_TEXT}, {"amount", AR_COL_MONEY},
	{"open_amount", AR_COL_MONEY}, {"reason", AR_COL_TEXT},
	{"owner", AR_COL_TEXT}, {"status", AR_COL_TEXT},
	{"resolved", AR_COL_DATE}, {"resolution", AR_COL_TEXT},
	{"last_note_date", AR_COL_DATE}, {"last_note", AR_COL_TEXT},
};

ar_status ar_dispute_row_put(const struct ar_cells *out,
			     const struct ar_dispute_row *r)
{
	C(out, integer, r->id);
	C(out, date, r->opened);
	C(out, integer, r->days_open);
	C(out, text, r->customer_id);
	C(out, text, r->customer_name);
	C(out, text, r->doc_no);
	C(out, text, r->currency);
	C(out, money, r->amount, r->exponent);
	C(out, money, r->open_amount, r->exponent);
	C(out, text, r->reason);
	C(out, text, r->owner);
	C(out, text, r->status);
	if (r->resolved == AR_DATE_NONE)
		out->null(out->ctx);
	else
		C(out, date, r->resolved);
	C(out, text, r->resolution);
	if (r->last_note_date == AR_DATE_NONE)
		out->null(out->ctx);
	else
		C(out, date, r->last_note_date);
	C(out, text, r->last_note);
	return out->end_row(out->ctx);
}

/*
 * ?1 as-of, ?2 status (0 open, 1 resolved, 2 all), ?3 owner, ?4 reason,
 * ?5 customer.  The owner is the latest assignment dated by as-of; the
 * last note the latest note dated by then, else the dispute's own text.
 */
static const char list_sql[] =
	"SELECT * FROM (SELECT x.id, x.opened, c.customer_id, c.name, "
	"d.doc_no, d.currency, x.amount, d.amount - "
	AR__APPLIED_BY("debit_doc", "d.id") " AS open, x.reason, "
	"coalesce((SELECT e.owner FROM dispute_event e WHERE e.dispute = x.id "
	"AND e.owner IS NOT NULL AND e.date <= ?1 ORDER BY e.date DESC, e.id "
	"DESC LIMIT 1), '') AS owner, r.resolved, r.resolution, "
	"(SELECT e.date FROM dispute_event e WHERE e.dispute = x.id AND "
	"e.text IS NOT NULL AND e.date <= ?1 ORDER BY e.date DESC, e.id DESC "
	"LIMIT 1) AS note_date, "
	"(SELECT e.text FROM dispute_event e WHERE e.dispute = x.id AND "
	"e.text IS NOT NULL AND e.date <= ?1 ORDER BY e.date DESC, e.id DESC "
	"LIMIT 1) AS note, x.text "
	"FROM dispute x JOIN document d ON d.id = x.document "
	"JOIN customer c ON c.id = d.customer "
	"LEFT JOIN dispute_resolution r ON r.dispute = x.id AND "
	"r.resolved <= ?1 WHERE x.opened <= ?1 AND (?5 IS NULL OR "
	"c.customer_id = ?5) AND (?4 IS NULL OR x.reason = ?4) AND "
	"(?2 = 2 OR (?2 = 0) = (r.id IS NULL))) "
	"WHERE ?3 IS NULL OR owner = ?3 ORDER BY opened, id";

ar_status ar_dispute_list(struct ar_ledger *l, const struct ar_dispute_filter *f,
			  ar_dispute_fn fn, void *ctx)
{
	char a[AR_DATE_BUFSZ];
	ar_status st = AR_OK;
	int rc;

	if (f->customer_id &&
	    (st = ar_ledger_customer_find(l, f->customer_id, NULL)) != AR_OK)
		return st == AR_ENOTFOUND ? ar__fail(l, AR_EUSAGE, "no customer "
			"'%s'", f->customer_id) : st;
	sqlite3_stmt *s = ar__prepare(l, list_sql);
	if (!s)
		return AR_ELEDGER;
	day_text(a, f->as_of);
	sqlite3_bind_text(s, 1, a, 10, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)f->status);
	ar__bind_text(s, 3, f->owner);
	ar__bind_text(s, 4, f->reason);
	ar__bind_text(s, 5, f->customer_id);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar_dispute_row r = {
			.id = sqlite3_column_int64(s, 0),
			.opened = ar__column_date(s, 1),
			.customer_id = (const char *)sqlite3_column_text(s, 2),
			.customer_name = (const char *)sqlite3_column_text(s, 3),
			.doc_no = (const char *)sqlite3_column_text(s, 4),
			.amount = sqlite3_column_int64(s, 6),
			.open_amount = sqlite3_column_int64(s, 7),
			.reason = (const char *)sqlite3_column_text(s, 8),
			.owner = (const char *)sqlite3_column_text(s, 9),
			.resolved = ar__column_date(s, 10),
			.last_note_date = ar__column_date(s, 12),
			.last_note = (const char *)sqlite3_column_text(s, 13),
		};
		snprintf(r.currency, sizeof(r.currency), "%s",
			 (const char *)sqlite3_column_text(s, 5));
		r.exponent = ar__exponent(l, r.currency);
		r.status = r.resolved == AR_DATE_NONE ? "open" : "resolved";
		r.resolution = sqlite3_column_text(s, 11)
			? (const char *)sqlite3_column_text(s, 11) : "";
		r.days_open = (r.resolved == AR_DATE_NONE ? f->as_of
			       : r.resolved) - r.opened;
		if (!r.last_note && sqlite3_column_text(s, 14)) {
			r.last_note = (const char *)sqlite3_column_text(s, 14);
			r.last_note_date = r.opened;
		}
		if (!r.last_note)
			r.last_note = "";
		st = fn(ctx, &r);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}
