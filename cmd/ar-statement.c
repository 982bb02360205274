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
#include "sendout.h"
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
	struct send x = {.kind = SEND_STATEMENT};
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
				x.kind = SEND_CONFIRMATION;
			} else if (strcmp(optarg, "receipt") == 0) {
				x.kind = SEND_RECEIPT;
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
	if (payment && x.kind != SEND_RECEIPT)
		return cli_bad_usage("--payment goes with --type receipt");
	if (x.kind == SEND_RECEIPT && !payment &&
	    (so.from == AR_DATE_NONE || so.to == AR_DATE_NONE))
		return cli_bad_usage("--type receipt needs --payment, or --from "
				   "and --to");
	if (x.kind == SEND_RECEIPT && payment && (so.from != AR_DATE_NONE ||
					     so.to != AR_DATE_NONE))
		return cli_bad_usage("--payment takes no --from or --to");
	if (x.mail && (fmt == AR_STATEMENT_CSV || fmt == AR_STATEMENT_PDF ||
		       one))
		return cli_bad_usage("e-mail is text or html (no csv, pdf or "
				   "--one-file)");
	if (x.kind != SEND_STATEMENT && fmt == AR_STATEMENT_CSV)
		return cli_bad_usage("receipts and confirmations are text, html "
				   "or pdf (no csv)");
	if (x.kind != SEND_STATEMENT && one && fmt != AR_STATEMENT_PDF)
		return cli_bad_usage("receipts and confirmations take --one-file "
				   "with -f pdf");
	if (x.m.sendmail && (x.eml || mbox || dir))
		return cli_bad_usage("--sendmail takes no -f eml, -f mbox or -o");
	if (x.eml && !dir)
		return cli_bad_usage("-f eml needs -o DIR");
	if (x.kind != SEND_STATEMENT || x.mail) {
		x.fmt = fmt;
		x.html = fmt == AR_STATEMENT_HTML;
		x.m.dry = dry_run;
		if (x.kind == SEND_CONFIRMATION)
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
