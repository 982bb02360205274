/*
 * receipt.c - payment receipts: a payment, and what it paid, as of a
 * date (its applications effective by then, undone ones netted out).
 */
#include <stdlib.h>
#include <string.h>

#include "ar/correspond.h"
#include "ar/money.h"
#include "internal.h"
#include "report_int.h"

struct company {
	char *name, *address, *remit_to, *message;
	struct ar_statement_company c;
};

static ar_status company_read(struct ar_ledger *l, struct company *c)
{
	ar_status st;
	if ((st = ar_setting_get(l, "company.name", &c->name, NULL)) != AR_OK ||
	    (st = ar_setting_get(l, "company.address", &c->address, NULL))
	    != AR_OK ||
	    (st = ar_setting_get(l, "company.remit_to", &c->remit_to, NULL))
	    != AR_OK ||
	    (st = ar_setting_get(l, "statement.message", &c->message, NULL))
	    != AR_OK)
		return st;
	c->c = (struct ar_statement_company){.name = c->name,
		.address = c->address, .remit_to = c->remit_to,
		.message = c->message, .logo = ""};
	return AR_OK;
}

static void company_free(struct company *c)
{
	free(c->name);
	free(c->address);
	free(c->remit_to);
	free(c->message);
}

/* The address block of the customer of s's columns from..from+5. */
static char *address_of(sqlite3_stmt *s, int from)
{
	return ar_address_text(ar__col_text(s, from),
			       ar__col_text(s, from + 1),
			       ar__col_text(s, from + 2),
			       ar__col_text(s, from + 3),
			       ar__col_text(s, from + 4),
			       ar__col_text(s, from + 5));
}

/* The lines of payment id as of as_of into r (caller frees lines). */
static ar_status lines_of(struct ar_ledger *l, int64_t id, ar_date as_of,
			  struct ar_receipt *r, struct ar_receipt_line **out)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT d.doc_type, d.doc_no, "
		"d.doc_date, d.due_date, sum(a.amount), max(a.effective_date), "
		"d.amount - (SELECT coalesce(sum(x.amount), 0) FROM application "
		"x WHERE x.debit_doc = d.id AND x.effective_date <= ?1) "
		"FROM application a JOIN document d ON d.id = a.debit_doc "
		"WHERE a.credit_doc = ?2 AND a.effective_date <= ?1 "
		"GROUP BY d.id HAVING sum(a.amount) <> 0 "
		"ORDER BY min(a.id)");
	struct ar_receipt_line *v = NULL;
	size_t n = 0, cap = 0;
	int64_t applied = 0;
	ar_status st = AR_OK;
	int rc;
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, as_of);
	sqlite3_bind_int64(s, 2, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			struct ar_receipt_line *nv = realloc(v, cap * sizeof(*nv));
			if (!nv) {
				st = AR_ENOMEM;
				break;
			}
			v = nv;
		}
		struct ar_receipt_line *ln = &v[n++];
		char *type = strdup(ar__col_text(s, 0));
		char *no = strdup(ar__col_text(s, 1));
		ln->doc_type = type;
		ln->doc_no = no;
		ln->doc_date = ar__col_date(s, 2);
		ln->due_date = ar__col_date(s, 3);
		ln->applied = sqlite3_column_int64(s, 4);
		ln->applied_on = ar__col_date(s, 5);
		ln->open = sqlite3_column_int64(s, 6);
		if (!type || !no) {
			st = AR_ENOMEM;
			break;
		}
		applied += ln->applied;
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	r->lines = v;
	r->nlines = n;
	r->unapplied = r->amount - applied;
	*out = v;
	return st;
}

static void lines_free(struct ar_receipt_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].doc_type);
		free((char *)v[i].doc_no);
	}
	free(v);
}

ar_status ar_receipt_run(struct ar_ledger *l, const char *payment_no,
			 ar_date from, ar_date to, ar_date as_of,
			 const char *customer_id, ar_receipt_fn fn, void *ctx)
{
	struct company co = {0};
	ar_status st = company_read(l, &co);
	long found = 0;
	int rc;
	if (st != AR_OK) {
		company_free(&co);
		return st;
	}
	sqlite3_stmt *s = ar__prepare(l, "SELECT p.id, p.doc_no, p.doc_date, "
		"p.amount, p.currency, p.method, p.reference, p.check_no, "
		"c.id, c.customer_id, c.name, c.address1, c.address2, c.city, "
		"c.region, c.postal_code, c.country FROM document p JOIN "
		"customer c ON c.id = p.customer WHERE p.doc_type = 'payment' "
		"AND p.doc_date <= ?5 AND (CASE WHEN ?1 IS NOT NULL THEN "
		"p.doc_no = ?1 ELSE p.doc_date >= ?2 AND p.doc_date <= ?3 AND "
		"(?4 IS NULL OR c.customer_id = ?4) END) "
		"ORDER BY p.doc_date, p.doc_no");
	if (!s) {
		company_free(&co);
		return AR_ELEDGER;
	}
	ar__bind_text(s, 1, payment_no);
	if (!payment_no) {
		ar__bind_date(s, 2, from);
		ar__bind_date(s, 3, to);
	}
	ar__bind_text(s, 4, customer_id);
	ar__bind_date(s, 5, as_of);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar_receipt r = {.company = &co.c, .as_of = as_of};
		struct ar_receipt_line *v = NULL;
		r.payment_no = ar__col_text(s, 1);
		r.date = ar__col_date(s, 2);
		r.amount = sqlite3_column_int64(s, 3);
		snprintf(r.currency, sizeof(r.currency), "%s",
			 ar__col_text(s, 4));
		r.exponent = ar__exponent(l, r.currency);
		r.method = ar__col_text(s, 5);
		r.reference = ar__col_text(s, 6);
		r.check_no = ar__col_text(s, 7);
		r.customer = sqlite3_column_int64(s, 8);
		r.customer_id = ar__col_text(s, 9);
		r.customer_name = ar__col_text(s, 10);
		char *addr = address_of(s, 11);
		r.address = addr ? addr : "";
		st = lines_of(l, sqlite3_column_int64(s, 0), as_of, &r, &v);
		if (st == AR_OK)
			st = fn(ctx, &r);
		lines_free(v, r.nlines);
		free(addr);
		found++;
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	company_free(&co);
	if (st == AR_OK && payment_no && !found)
		st = ar__fail(l, AR_EINPUT, "'%s': no such payment (by the "
			      "as-of date)", payment_no);
	return st;
}

/* ------------------------------------------------------------------ */

static void put(FILE *out, const char *s, bool html)
{
	if (html)
		ar__html_text(out, s, "<br>\n");
	else
		fputs(s, out);
}

static void block(FILE *out, bool html, const char *s)
{
	if (!*s)
		return;
	fputs(html ? "<p>" : "", out);
	put(out, s, html);
	fputs(html ? "</p>\n" : "\n\n", out);
}

ar_status ar_receipt_write(FILE *out, const struct ar_receipt *r, bool html)
{
	char d[AR_DATE_BUFSZ], a[AR_MONEY_BUFSZ], o[AR_MONEY_BUFSZ];
	char due[AR_DATE_BUFSZ], line[600];

	if (html)
		fprintf(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			"<title>Receipt</title></head><body>\n");
	block(out, html, r->company->name);
	block(out, html, r->company->address);
	ar_date_format(d, r->date);
	snprintf(line, sizeof(line), "RECEIPT for payment %s of %s",
		 r->payment_no, d);
	block(out, html, line);
	snprintf(line, sizeof(line), "Received from: %s (account %s)",
		 r->customer_name, r->customer_id);
	block(out, html, line);
	block(out, html, r->address);
	ar_money_format(a, r->amount, r->exponent, AR_MONEY_GROUP);
	snprintf(line, sizeof(line), "Amount received: %s %s%s%s%s%s", a,
		 r->currency, *r->method ? ", by " : "", r->method,
		 *r->check_no ? ", check " : "", r->check_no);
	block(out, html, line);
	if (*r->reference) {
		snprintf(line, sizeof(line), "Your reference: %s", r->reference);
		block(out, html, line);
	}
	ar_date_format(d, r->as_of);
	snprintf(line, sizeof(line), "Applied as of %s to:", d);
	block(out, html, line);
	if (html)
		fprintf(out, "<table>\n<tr><th>Document</th><th>Date</th>"
			"<th>Due</th><th>Applied</th><th>Still open</th></tr>\n");
	else
		fprintf(out, "  %-20s %-10s  %-10s  %14s  %14s\n", "Document",
			"Date", "Due", "Applied", "Still open");
	for (size_t i = 0; i < r->nlines; i++) {
		const struct ar_receipt_line *ln = &r->lines[i];
		ar_date_format(d, ln->doc_date);
		if (ln->due_date != AR_DATE_NONE)
			ar_date_format(due, ln->due_date);
		else
			due[0] = '\0';
		ar_money_format(a, ln->applied, r->exponent, AR_MONEY_GROUP);
		ar_money_format(o, ln->open, r->exponent, AR_MONEY_GROUP);
		if (html) {
			fputs("<tr><td>", out);
			put(out, ln->doc_no, true);
			fprintf(out, "</td><td>%s</td><td>%s</td><td>%s</td>"
				"<td>%s</td></tr>\n", d, due, a, o);
		} else {
			fprintf(out, "  %-20.20s %-10s  %-10s  %14s  %14s\n",
				ln->doc_no, d, due, a, o);
		}
	}
	if (html)
		fputs("</table>\n", out);
	else if (r->nlines == 0)
		fputs("  (nothing yet)\n", out);
	ar_money_format(a, r->unapplied, r->exponent, AR_MONEY_GROUP);
	snprintf(line, sizeof(line), "%sUnapplied, held on your account: %s "
		 "%s", html ? "" : "\n", a, r->currency);
	block(out, html, line);
	block(out, html, "Thank you for your payment.");
	if (html)
		fputs("</body></html>\n", out);
	return ferror(out) ? AR_ELEDGER : AR_OK;
}
