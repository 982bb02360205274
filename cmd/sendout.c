/*
 * sendout.c - receipts, balance confirmations and statements by
 * e-mail: each document rendered, delivered (mail, file or standard
 * output) and logged on its customer once it is safe.
 */
#include <stdlib.h>
#include <string.h>

#include "sendout.h"

/* One document to a customer: by e-mail when it goes so and the
 * customer has an address, else as a file or on standard output. */
static ar_status deliver(struct send *x, int64_t customer,
			 const char *customer_id, const char *customer_name,
			 ar_date date, const char *subject, const char *text,
			 const char *html, bool *sent)
{
	char addr[256], path[4200];
	ar_status st;
	*sent = false;
	if (x->mail) {
		if ((st = ar_customer_email(x->l, customer, addr, sizeof(addr)))
		    != AR_OK)
			return st;
	}
	if (x->mail && *addr) {
		char *msg = NULL, seed[300], day[AR_DATE_BUFSZ];
		size_t len = 0;
		ar_date_format(day, date);
		snprintf(seed, sizeof(seed), "%s|%s|%s", subject, customer_id,
			 day);
		struct ar_mail m = {.from_name = x->from_name,
				    .from_addr = x->from_addr,
				    .to_name = customer_name, .to_addr = addr,
				    .subject = subject, .date = date,
				    .id_seed = seed, .text = text,
				    .html = html};
		if (ar_mail_string(&m, &msg, &len) != AR_OK)
			return AR_ENOMEM;
		if (x->eml)
			*sent = mailout_file(&x->m, x->file_id ? x->file_id
					     : customer_id, NULL, "eml", msg,
					     path, sizeof(path));
		else if (!(*sent = mailout_send(&x->m, customer_id, date, msg,
						len)))
			x->failed++;
		free(msg);
		return *sent || !x->eml ? AR_OK : AR_ELEDGER;
	}
	const char *body = x->html && !x->mail ? html : text;
	if (x->m.dir) {
		if (!mailout_file(&x->m, x->file_id ? x->file_id : customer_id,
				  NULL, x->html && !x->mail ? "html" : "txt",
				  body, path, sizeof(path)))
			return AR_ELEDGER;
		*sent = true;
		if (x->mail && !cli_quiet)
			cli_err("%s: no e-mail address: in '%s'", customer_id,
				path);
		return AR_OK;
	}
	if (x->mail && x->m.mbox == stdout) {
		cli_err("%s: no e-mail address: held (write it with -f text "
			"--customer)", customer_id);
		return AR_OK;
	}
	if (x->printed++ && !x->html)
		putc('\f', stdout);
	fputs(body, stdout);
	if (x->mail && !cli_quiet)
		cli_err("%s: no e-mail address: on standard output",
			customer_id);
	/* on paper by --sendmail's side, or a preview on standard output */
	*sent = x->mail;
	return ferror(stdout) ? AR_ELEDGER : AR_OK;
}

/* A receipt or confirmation, written by fn as text or HTML, as a string
 * (caller frees), or NULL. */
struct document {
	ar_status (*fn)(FILE *, const void *, bool);
	const void *doc;
	bool html;
};

static ar_status write_document(FILE *fp, const void *ctx)
{
	const struct document *d = ctx;
	return d->fn(fp, d->doc, d->html);
}

static char *render_to_string(ar_status (*fn)(FILE *, const void *, bool),
			      const void *doc, bool html)
{
	struct document d = {fn, doc, html};
	char *buf;
	return ar_text_capture(write_document, &d, &buf, NULL) == AR_OK
		? buf : NULL;
}

static ar_status write_receipt(FILE *f, const void *doc, bool html)
{
	return ar_receipt_write(f, doc, html);
}

static ar_status write_confirmation(FILE *f, const void *doc, bool html)
{
	return ar_confirmation_write(f, doc, html);
}

static ar_status draw_receipt(struct ar_pdf *p, const void *doc,
			      const void *extra)
{
	(void)extra;
	return ar_receipt_pdf(p, doc);
}

static ar_status draw_confirmation(struct ar_pdf *p, const void *doc,
				   const void *extra)
{
	(void)extra;
	return ar_confirmation_pdf(p, doc);
}

/* A PDF document: sent when in a directory or a print run's file. */
static ar_status pdf_document(struct send *x, const char *customer_id,
			      const char *suffix, ar_date date,
			      pdfout_draw_fn draw, const void *doc, bool *sent)
{
	ar_status st = pdfout_put(&x->pdf, customer_id, suffix, date, draw, doc,
				  NULL);
	*sent = st == AR_OK && (x->m.dir || x->print_run);
	return st;
}

static ar_status on_receipt(void *ctx, const struct ar_receipt *r)
{
	struct send *x = ctx;
	char subject[200], text[200], a[AR_MONEY_BUFSZ];
	bool pdf = x->fmt == AR_STATEMENT_PDF;
	char *t = pdf ? NULL : render_to_string(write_receipt, r, false);
	char *h = pdf ? NULL : render_to_string(write_receipt, r, true);
	ar_status st = pdf || (t && h) ? AR_OK : AR_ENOMEM;
	bool sent = false;
	snprintf(subject, sizeof(subject), "Receipt for your payment %s",
		 r->payment_no);
	char file_id[300];
	snprintf(file_id, sizeof(file_id), "%s-%s", r->customer_id,
		 r->payment_no);
	x->file_id = file_id;
	if (st == AR_OK && pdf)
		st = pdf_document(x, file_id, NULL, r->as_of, draw_receipt, r,
				  &sent);
	else if (st == AR_OK)
		st = deliver(x, r->customer, r->customer_id, r->customer_name,
			     r->as_of, subject, t, h, &sent);
	x->file_id = NULL;
	if (st == AR_OK && sent && x->sent) {
		ar_money_format(a, r->amount, r->exponent, AR_MONEY_GROUP);
		snprintf(text, sizeof(text), "receipt for payment %s, %s %s",
			 r->payment_no, a, r->currency);
		st = ar_sent_log_add(x->sent, r->customer, r->as_of, r->amount,
				     r->currency, text);
	}
	x->n++;
	free(t);
	free(h);
	return st;
}

static ar_status on_letter(void *ctx, const struct ar_statement *s)
{
	struct send *x = ctx;
	char subject[200], text[300], d[AR_DATE_BUFSZ], a[AR_MONEY_BUFSZ];
	char *t = NULL, *h = NULL;
	ar_status st = AR_OK;
	bool sent = false;
	ar_date_format(d, s->date);
	if (x->kind == SEND_CONFIRMATION && x->fmt == AR_STATEMENT_PDF) {
		st = pdf_document(x, s->customer_id, NULL, s->date,
				  draw_confirmation, s, &sent);
		goto logged;
	}
	if (x->kind == SEND_CONFIRMATION) {
		t = render_to_string(write_confirmation, s, false);
		h = render_to_string(write_confirmation, s, true);
		snprintf(subject, sizeof(subject), "Balance confirmation as "
			 "of %s, account %s", d, s->customer_id);
	} else {
		if ((st = ar_statement_render(s, AR_STATEMENT_TEXT, &t)) == AR_OK)
			st = ar_statement_render(s, AR_STATEMENT_HTML, &h);
		snprintf(subject, sizeof(subject), "Statement of account %s "
			 "as of %s", s->customer_id, d);
	}
	if (st == AR_OK && (!t || !h))
		st = AR_ENOMEM;
	if (st == AR_OK)
		st = deliver(x, s->customer, s->customer_id, s->customer_name,
			     s->date, subject, t, h, &sent);
logged:
	if (st == AR_OK && sent && x->log)
		st = ar_statement_log_add(x->log, s);
	for (size_t i = 0; st == AR_OK && sent && x->sent &&
	     i < s->nsections; i++) {
		const struct ar_statement_section *sec = &s->sections[i];
		ar_money_format(a, sec->closing, sec->exponent, AR_MONEY_GROUP);
		snprintf(text, sizeof(text), "balance confirmation as of %s, "
			 "%s %s", d, a, sec->currency);
		st = ar_sent_log_add(x->sent, s->customer, s->date,
				     sec->closing, sec->currency, text);
	}
	x->n++;
	free(t);
	free(h);
	return st;
}

/* Receipts, confirmations and statements by e-mail: the exit status. */
int correspond(struct send *x, struct ar_statement_options *so,
		      const char *db, const char *dir, const char *one,
		      const char *payment, bool dry_run, bool verbose,
		      int argc, char **argv)
{
	struct ar_ledger *l = NULL;
	bool pdf = x->fmt == AR_STATEMENT_PDF;
	x->print_run = one && strcmp(one, "-") != 0;
	bool logged = x->mail || dir || x->print_run;
	int rc = 0;
	ar_status st;

	/* only logging writes: a preview reads a read-only ledger */
	if ((st = cli_ledger_open(&l, db, dry_run || !logged
				 ? AR_LEDGER_READONLY : 0, NULL)) != AR_OK)
		goto fail;
	x->l = l;
	if (x->kind != SEND_RECEIPT &&
	    (st = ar_statement_options_check(l, so)) != AR_OK)
		goto fail;
	if (x->mail) {
		if ((st = ar_setting_get(l, "company.name", &x->from_name,
					 NULL)) != AR_OK ||
		    (st = ar_setting_get(l, "company.email", &x->from_addr,
					 NULL)) != AR_OK)
			goto fail;
		if (!*x->from_addr) {
			cli_err("e-mail needs company.email (ar-ledger set "
				"company.email ADDRESS)");
			rc = 2;
			goto done;
		}
	}
	if (!dry_run && logged) {
		st = x->kind == SEND_STATEMENT ? ar_statement_log_new(&x->log)
			: ar_sent_log_new(&x->sent);
		if (st != AR_OK)
			goto fail;
	}
	x->m.dir = dir;
	if (x->mail && !x->eml && !x->m.sendmail) {
		if (!cli_output_open(&x->out, dir)) {
			rc = 4;
			goto done;
		}
		x->m.mbox = x->out.fp;
		x->m.dir = NULL;
	}
	mailout_init(&x->m);
	if (pdf && !dir && !cli_output_open(&x->out, one)) {
		rc = 4;
		goto done;
	}
	if (pdf && !pdfout_open(&x->pdf, l, x->kind == SEND_RECEIPT ? "Receipt"
				: "Balance confirmation", &x->m,
				dir ? NULL : x->out.fp)) {
		rc = 4;
		goto done;
	}
	if (x->kind == SEND_RECEIPT)
		st = ar_receipt_run(l, payment, so->from, so->to, so->as_of,
				    so->customer_id, on_receipt, x);
	else
		st = ar_statement_run(l, so, on_letter, x);
	if (st == AR_OK && pdf)
		st = pdfout_finish(&x->pdf);
	if (st != AR_OK) {
		if (x->m.mbox || (pdf && !dir))
			cli_output_abort(&x->out);
		if (x->pdf.write_errno) {
			rc = cli_fail_output(st, l, x->pdf.write_errno, one);
			goto done;
		}
		goto fail;
	}
	/* one file of nothing would replace an earlier run's with nothing */
	if (pdf && !dir && x->n == 0) {
		cli_output_abort(&x->out);
		if (!cli_quiet && one)
			cli_err("nothing to write: '%s' not written", one);
	} else if ((x->m.mbox || (pdf && !dir)) &&
		   !cli_output_commit(&x->out)) {
		rc = 4;
		goto done;
	}
	if (x->log && ar_statement_log_count(x->log) > 0)
		st = ar_statement_log_commit(l, x->log, "ar-statement", argc,
					     argv);
	if (x->sent && ar_sent_log_count(x->sent) > 0)
		st = ar_sent_log_commit(l, x->sent, "ar-statement", argc, argv);
	if (st != AR_OK)
		goto fail;
	if (verbose)
		cli_err("%ld written%s", x->n, dry_run ? " (dry run: not "
			"logged)" : "");
	rc = x->failed ? 1 : 0;
	goto done;
fail:
	rc = cli_fail_ledger(st, l);
done:
	if (pdf && !dir)
		cli_output_abort(&x->out);
	pdfout_free(&x->pdf);
	free(x->from_name);
	free(x->from_addr);
	ar_sent_log_free(x->sent);
	ar_statement_log_free(x->log);
	ar_ledger_close(l);
	return rc;
}

