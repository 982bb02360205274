/*
 * correspond.c - a customer's e-mail address, a statement rendered into
 * memory for a message, and the record of receipts and confirmations
 * sent.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/correspond.h"
#include "ar/mail.h"
#include "internal.h"
#include "report_int.h"

ar_status ar_customer_email(struct ar_ledger *l, int64_t customer, char *buf,
			    size_t n)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT email FROM customer "
				      "WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, customer);
	int rc = sqlite3_step(s);
	const char *e = rc == SQLITE_ROW ? ar__col_text(s, 0) : "";
	snprintf(buf, n, "%s", ar_mail_address_ok(e) && strlen(e) < n ? e : "");
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK
		: ar__sqlfail(l, rc, "read");
}

char *ar_address_text(const char *address1, const char *address2,
		      const char *city, const char *region, const char *postal,
		      const char *country)
{
	char buf[1024], *out;
	const char *lines[5];
	int n = ar_statement_address_lines(address1, address2, city, region,
					   postal, country, buf, sizeof(buf),
					   lines);
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	if (!(out = malloc(len)))
		return NULL;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(out, "\n");
		strcat(out, lines[i]);
	}
	return out;
}

struct render {
	const struct ar_statement *s;
	enum ar_statement_format f;
};

static ar_status render_to(FILE *fp, const void *ctx)
{
	const struct render *r = ctx;
	struct ar_statement_writer *w = NULL;
	ar_status st = ar_statement_writer_new(&w, fp, r->f, 0);
	if (st == AR_OK)
		st = ar_statement_write(w, r->s);
	if (st == AR_OK)
		st = ar_statement_writer_finish(w);
	ar_statement_writer_free(w);
	return st;
}

ar_status ar_statement_render(const struct ar_statement *s,
			      enum ar_statement_format f, char **out)
{
	struct render r = {s, f};
	return ar_text_capture(render_to, &r, out, NULL);
}

/* ------------------------------------------------------------------ */

struct sent {
	int64_t customer, amount;
	ar_date date;
	char currency[4];
	char *text;
};

struct ar_sent_log {
	struct sent *e;
	size_t n, cap;
};

ar_status ar_sent_log_new(struct ar_sent_log **lp)
{
	*lp = calloc(1, sizeof(**lp));
	return *lp ? AR_OK : AR_ENOMEM;
}

void ar_sent_log_free(struct ar_sent_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n; i++)
		free(log->e[i].text);
	free(log->e);
	free(log);
}

size_t ar_sent_log_count(const struct ar_sent_log *log)
{
	return log->n;
}

ar_status ar_sent_log_add(struct ar_sent_log *log, int64_t customer,
			  ar_date date, int64_t amount, const char *currency,
			  const char *text)
{
	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 64;
		struct sent *e = realloc(log->e, cap * sizeof(*e));
		if (!e)
			return AR_ENOMEM;
		log->e = e;
		log->cap = cap;
	}
	struct sent *e = &log->e[log->n];
	if (!(e->text = strdup(text)))
		return AR_ENOMEM;
	e->customer = customer;
	e->date = date;
	e->amount = amount;
	snprintf(e->currency, sizeof(e->currency), "%s", currency);
	log->n++;
	return AR_OK;
}

ar_status ar_sent_log_commit(struct ar_ledger *l, struct ar_sent_log *log,
			     const char *command, int argc,
			     char *const argv[])
{
	char summary[64];
	ar_status st = ar_ledger_begin(l, command, argc, argv, NULL);
	if (st != AR_OK)
		return st;
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO activity (customer, "
		"date, kind, amount, currency, text, batch_id) VALUES (?1, ?2, "
		"'statement', ?3, ?4, ?5, ?6)");
	if (!s) {
		ar_ledger_rollback(l);
		return AR_ELEDGER;
	}
	for (size_t i = 0; i < log->n && st == AR_OK; i++) {
		const struct sent *e = &log->e[i];
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, e->customer);
		ar__bind_date(s, 2, e->date);
		sqlite3_bind_int64(s, 3, e->amount);
		sqlite3_bind_text(s, 4, e->currency, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, e->text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
		int rc = sqlite3_step(s);
		if (rc != SQLITE_DONE)
			st = ar__sqlfail(l, rc, "write");
	}
	sqlite3_finalize(s);
	if (st != AR_OK) {
		ar_ledger_rollback(l);
		return st;
	}
	snprintf(summary, sizeof(summary), "%zu sent", log->n);
	return ar_ledger_commit(l, summary);
}
