/*
 * ar-statement - statements of account, open-item or activity, as text,
 * HTML, CSV or PDF, to one stream, one file, or one file per customer; by
 * e-mail; and payment receipts and balance confirmations.  Each one
 * written for sending is logged on its customer.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mailout.h"

static const char usage_text[] =
	"usage: ar-statement [-nqv] [-d DB] [--as-of DATE]\n"
	"                    [--type open-item|activity|confirmation|receipt]\n"
	"                    [--payment PAYMENT_NO] [--from DATE] [--to DATE]\n"
	"                    [--customer ID] [--min-balance AMOUNT] [--overdue-only]\n"
	"                    [--include-zero] [--excel-safe]\n"
	"                    [-f text|html|csv|pdf|eml|mbox]\n"
	"                    [-o DIR|FILE | --one-file FILE] [--sendmail CMD]\n";

enum {
	OPT_TYPE = 256, OPT_FROM, OPT_TO, OPT_CUSTOMER, OPT_MIN_BALANCE,
	OPT_OVERDUE_ONLY, OPT_INCLUDE_ZERO, OPT_ONE_FILE, OPT_PAYMENT,
	OPT_SENDMAIL
};

static const struct cli_option options[] = {
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer"},
	{"format", 'f', required_argument, "text|html|csv|pdf|eml|mbox",
	 "the statements' form (default text)"},
	{"from", OPT_FROM, required_argument, "DATE",
	 "an activity statement's first day"},
	{"include-zero", OPT_INCLUDE_ZERO, no_argument, NULL,
	 "customers with nothing open too"},
	{"min-balance", OPT_MIN_BALANCE, required_argument, "AMOUNT",
	 "only customers owing at least AMOUNT"},
	{"one-file", OPT_ONE_FILE, required_argument, "FILE",
	 "PDF statements into one file, for printing"},
	{"output", 'o', required_argument, "DIR|FILE",
	 "one file per customer in DIR, or the mbox FILE"},
	{"overdue-only", OPT_OVERDUE_ONLY, no_argument, NULL,
	 "only customers with something overdue"},
	{"payment", OPT_PAYMENT, required_argument, "PAYMENT_NO",
	 "the payment a receipt is for"},
	{"sendmail", OPT_SENDMAIL, required_argument, "CMD",
	 "send each statement through CMD"},
	{"to", OPT_TO, required_argument, "DATE",
	 "an activity statement's last day"},
	{"type", OPT_TYPE, required_argument,
	 "open-item|activity|confirmation|receipt", "what is written"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-statement", usage_text, NULL,
	CLI_DB | CLI_DRY_RUN | CLI_QUIET | CLI_VERBOSE | CLI_AS_OF |
	CLI_EXCEL_SAFE, options,
};

/* Where the statements go, and what to log once they are safe. */
struct out {
	struct ar_statement_writer *w;	/* one stream */
	struct ar_statement_dir *dir;	/* or one file each */
	struct ar_statement_log *log;
	long n;
};

static ar_status on_statement(void *ctx, const struct ar_statement *s)
{
	struct out *o = ctx;
	/* a statement without a remit-to address is one that cannot be paid */
	if (o->n == 0 && !*s->company->remit_to && !cli_quiet)
		cli_err("warning: company.remit_to is empty: the statements say "
			"nowhere where to pay (ar-ledger set company.remit_to "
			"...)");
	ar_status st = o->dir ? ar_statement_dir_write(o->dir, s)
			      : ar_statement_write(o->w, s);
	if (st == AR_OK && o->log)
		st = ar_statement_log_add(o->log, s);
	if (st == AR_OK && (++o->n & 0x3ff) == 0)
		cli_progress("%ld statements", o->n);
	return st;
}

/* The other kinds of run: receipts, confirmations, statements by e-mail. */
enum kind { STATEMENT, CONFIRMATION, RECEIPT };

struct send {
	struct ar_ledger *l;
	enum kind kind;
	enum ar_statement_format fmt;
	bool mail, eml, html;
	struct mailout m;
	struct cli_output out;	/* the mbox, or the PDF file */
	struct pdfout pdf;	/* receipts and confirmations as PDF */
	bool print_run;		/* PDF into --one-file FILE: sent */
	char *from_name, *from_addr;
	struct ar_sent_log *sent;	/* receipts and confirmations */
	struct ar_statement_log *log;	/* statements */
	long n, failed, printed;
	/* the name of the document's file when not its customer's: a
	 * receipt's is ID-PAYMENT, since a customer may get several */
	const char *file_id;
};

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
	if (x->kind == CONFIRMATION && x->fmt == AR_STATEMENT_PDF) {
		st = pdf_document(x, s->customer_id, NULL, s->date,
				  draw_confirmation, s, &sent);
		goto logged;
	}
	if (x->kind == CONFIRMATION) {
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

static int usage_error(const char *what)
{
	cli_err("%s", what);
	return 2;
}

/* Receipts, confirmations and statements by e-mail: the exit status. */
static int correspond(struct send *x, struct ar_statement_options *so,
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
	if (x->kind != RECEIPT &&
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
		st = x->kind == STATEMENT ? ar_statement_log_new(&x->log)
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
	if (pdf && !pdfout_open(&x->pdf, l, x->kind == RECEIPT ? "Receipt"
				: "Balance confirmation", &x->m,
				dir ? NULL : x->out.fp)) {
		rc = 4;
		goto done;
	}
	if (x->kind == RECEIPT)
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

int main(int argc, char **argv)
{
	struct ar_statement_options so;
	struct out o = {0};
	struct cli_output file = {0};
	struct ar_ledger *l = NULL;
	enum ar_statement_format fmt = AR_STATEMENT_TEXT;
	struct cli_opts co;
	const char *db, *dir = NULL, *one = NULL;
	bool dry_run, verbose, as_of_set;
	bool mbox = false, type_set = false;
	const char *payment = NULL;
	struct send x = {.kind = STATEMENT};
	unsigned flags;
	int c, rc;
	ar_status st;

	cli_init("ar-statement");
	cli_opts_init(&co, &command);
	ar_statement_options_init(&so);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case 'f':
			x.eml = strcmp(optarg, "eml") == 0;
			mbox = strcmp(optarg, "mbox") == 0;
			if (!x.eml && !mbox &&
			    ar_statement_format_parse(optarg, &fmt) != AR_OK) {
				cli_err("--format: '%s' is not text, html, csv, "
					"pdf, eml or mbox", optarg);
				return 2;
			}
			break;
		case 'o': dir = optarg; break;
		case OPT_TYPE:
			if (strcmp(optarg, "confirmation") == 0) {
				x.kind = CONFIRMATION;
			} else if (strcmp(optarg, "receipt") == 0) {
				x.kind = RECEIPT;
			} else if (strcmp(optarg, "open-item") &&
				   strcmp(optarg, "activity")) {
				cli_err("--type: '%s' is not open-item, activity, "
					"confirmation or receipt", optarg);
				return 2;
			}
			so.type = optarg[0] == 'a' ? AR_STATEMENT_ACTIVITY
						   : AR_STATEMENT_OPEN_ITEM;
			type_set = true;
			break;
		case OPT_PAYMENT: payment = optarg; break;
		case OPT_SENDMAIL: x.m.sendmail = optarg; break;
		case OPT_FROM:
			if (!cli_date("--from", optarg, &so.from))
				return 2;
			break;
		case OPT_TO:
			if (!cli_date("--to", optarg, &so.to))
				return 2;
			break;
		case OPT_CUSTOMER: so.customer_id = optarg; break;
		case OPT_MIN_BALANCE: so.min_balance = optarg; break;
		case OPT_OVERDUE_ONLY: so.overdue_only = true; break;
		case OPT_INCLUDE_ZERO: so.include_zero = true; break;
		case OPT_ONE_FILE: one = optarg; break;
		}
	}
	db = co.db;
	dry_run = co.dry_run;
	verbose = co.verbose;
	if ((as_of_set = co.as_of != AR_DATE_NONE))
		so.as_of = co.as_of;
	flags = co.excel_safe ? AR_STATEMENT_EXCEL_SAFE : 0;
	if (optind < argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		return cli_usage_error(&co);
	}
	if (dir && one) {
		cli_err("-o and --one-file: one or the other");
		return cli_usage_error(&co);
	}
	if (fmt == AR_STATEMENT_PDF && !dir && (!one || strcmp(one, "-") == 0) &&
	    isatty(STDOUT_FILENO)) {
		cli_err("-f pdf: not to a terminal (use -o DIR, --one-file "
			"FILE or a pipe)");
		return 2;
	}
	/* a period given alone is a statement made out at its end */
	if (!as_of_set && so.to != AR_DATE_NONE)
		so.as_of = so.to;
	(void)type_set;
	x.mail = x.eml || mbox || x.m.sendmail;
	if (payment && x.kind != RECEIPT)
		return usage_error("--payment goes with --type receipt");
	if (x.kind == RECEIPT && !payment &&
	    (so.from == AR_DATE_NONE || so.to == AR_DATE_NONE))
		return usage_error("--type receipt needs --payment, or --from "
				   "and --to");
	if (x.kind == RECEIPT && payment && (so.from != AR_DATE_NONE ||
					     so.to != AR_DATE_NONE))
		return usage_error("--payment takes no --from or --to");
	if (x.mail && (fmt == AR_STATEMENT_CSV || fmt == AR_STATEMENT_PDF ||
		       one))
		return usage_error("e-mail is text or html (no csv, pdf or "
				   "--one-file)");
	if (x.kind != STATEMENT && fmt == AR_STATEMENT_CSV)
		return usage_error("receipts and confirmations are text, html "
				   "or pdf (no csv)");
	if (x.kind != STATEMENT && one && fmt != AR_STATEMENT_PDF)
		return usage_error("receipts and confirmations take --one-file "
				   "with -f pdf");
	if (x.m.sendmail && (x.eml || mbox || dir))
		return usage_error("--sendmail takes no -f eml, -f mbox or -o");
	if (x.eml && !dir)
		return usage_error("-f eml needs -o DIR");
	if (x.kind != STATEMENT || x.mail) {
		x.fmt = fmt;
		x.html = fmt == AR_STATEMENT_HTML;
		x.m.dry = dry_run;
		if (x.kind == CONFIRMATION)
			so.type = AR_STATEMENT_OPEN_ITEM;
		return cli_finish(correspond(&x, &so, db, dir, one, payment,
					     dry_run, verbose, argc, argv));
	}

	/*
	 * Statements written into a directory, or into one file for a print
	 * run, are the ones sent, and each is logged on its customer; those
	 * on stdout are a preview (or a stream for another program) and log
	 * nothing.  Only logging writes: the rest reads a read-only ledger.
	 */
	bool sending = (dir || (one && strcmp(one, "-") != 0)) && !dry_run;
	if ((st = cli_ledger_open(&l, db,
				 sending ? 0 : AR_LEDGER_READONLY,
				 NULL)) != AR_OK ||
	    (st = ar_statement_options_check(l, &so)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, cli_ledger_notice, NULL);
	if (sending && (st = ar_statement_log_new(&o.log)) != AR_OK)
		goto fail;
	if (dir) {
		if ((st = ar_statement_dir_open(&o.dir, dir, fmt, flags)) != AR_OK) {
			cli_err("%s", ar_statement_dir_errmsg(o.dir));
			rc = cli_exit_status(st);
			goto done;
		}
	} else {
		if (!cli_output_open(&file, one)) {
			rc = 4;
			goto done;
		}
		if ((st = ar_statement_writer_new(&o.w, file.fp, fmt, flags)) != AR_OK)
			goto fail;
	}
	st = ar_statement_run(l, &so, on_statement, &o);
	if (st == AR_OK && o.w)
		st = ar_statement_writer_finish(o.w);
	if (st != AR_OK) {
		if (o.dir && *ar_statement_dir_errmsg(o.dir))
			cli_err("%s", ar_statement_dir_errmsg(o.dir));
		else if (*ar_statement_writer_errmsg(o.w))
			cli_err("%s", ar_statement_writer_errmsg(o.w));
		else
			cli_fail_output(st, l, ar_statement_writer_errno(o.w),
					one);
		rc = cli_exit_status(st);
		goto done;
	}
	/* one file of nothing would replace an earlier run's with nothing */
	if (one && o.n == 0) {
		cli_output_abort(&file);
		if (!cli_quiet)
			cli_err("no statements: '%s' not written", one);
	} else if (one && !cli_output_commit(&file)) {
		rc = 4;
		goto done;
	}
	/* the statements are out: now they count as produced */
	if (o.log && ar_statement_log_count(o.log) > 0 &&
	    (st = ar_statement_log_commit(l, o.log, "ar-statement", argc,
					  argv)) != AR_OK)
		goto fail;
	if (verbose)
		cli_err("%ld statements%s%s%s%s", o.n, dir || one ? " in '" : "",
			dir ? dir : one ? one : "", dir || one ? "'" : "",
			dry_run ? " (dry run: not logged)" : !dir && !one
			? " (on stdout: not logged)" : "");
	rc = 0;
	goto done;
fail:
	rc = cli_fail_ledger(st, l);
	/* statements are recorded on their customers: say how to do without */
	if (sending && l && strstr(ar_ledger_errmsg(l), "is read-only"))
		cli_err("-n prints the statements without recording them");
done:
	cli_output_abort(&file);
	ar_statement_writer_free(o.w);
	ar_statement_dir_free(o.dir);
	ar_statement_log_free(o.log);
	ar_ledger_close(l);
	return cli_finish(rc);
}
