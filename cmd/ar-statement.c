/*
 * ar-statement - statements of account, open-item or activity, as text,
 * HTML, CSV or PDF, to one stream, one file, or one file per customer;
 * each statement produced is logged on its customer.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-statement [-nqv] [-d DB] [--as-of DATE] [--type open-item|activity]\n"
	"                    [--from DATE] [--to DATE] [--customer ID]\n"
	"                    [--min-balance AMOUNT] [--overdue-only] [--include-zero]\n"
	"                    [--excel-safe] [-f text|html|csv|pdf]\n"
	"                    [-o DIR | --one-file FILE]\n";

enum {
	OPT_AS_OF = 256, OPT_TYPE, OPT_FROM, OPT_TO, OPT_CUSTOMER,
	OPT_MIN_BALANCE, OPT_OVERDUE_ONLY, OPT_INCLUDE_ZERO, OPT_EXCEL_SAFE,
	OPT_ONE_FILE
};

static const struct option longopts[] = {
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"db", required_argument, NULL, 'd'},
	{"dry-run", no_argument, NULL, 'n'},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"format", required_argument, NULL, 'f'},
	{"from", required_argument, NULL, OPT_FROM},
	{"help", no_argument, NULL, 'h'},
	{"include-zero", no_argument, NULL, OPT_INCLUDE_ZERO},
	{"min-balance", required_argument, NULL, OPT_MIN_BALANCE},
	{"one-file", required_argument, NULL, OPT_ONE_FILE},
	{"output", required_argument, NULL, 'o'},
	{"overdue-only", no_argument, NULL, OPT_OVERDUE_ONLY},
	{"quiet", no_argument, NULL, 'q'},
	{"to", required_argument, NULL, OPT_TO},
	{"type", required_argument, NULL, OPT_TYPE},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
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
	const char *db = NULL, *dir = NULL, *one = NULL;
	bool dry_run = false, verbose = false, as_of_set = false;
	unsigned flags = 0;
	int c, rc;
	ar_status st;

	cli_init("ar-statement");
	ar_statement_options_init(&so);
	while ((c = getopt_long(argc, argv, "d:f:hno:qvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (ar_statement_format_parse(optarg, &fmt) != AR_OK) {
				cli_err("--format: '%s' is not text, html, csv "
					"or pdf", optarg);
				return 2;
			}
			break;
		case 'h': fputs(usage_text, stdout); return cli_finish(0);
		case 'n': dry_run = true; break;
		case 'o': dir = optarg; break;
		case 'q': cli_quiet = true; break;
		case 'v': verbose = true; break;
		case 'V': puts("ar-statement (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &so.as_of))
				return 2;
			as_of_set = true;
			break;
		case OPT_TYPE:
			if (strcmp(optarg, "open-item") && strcmp(optarg, "activity")) {
				cli_err("--type: '%s' is not open-item or activity",
					optarg);
				return 2;
			}
			so.type = optarg[0] == 'a' ? AR_STATEMENT_ACTIVITY
						   : AR_STATEMENT_OPEN_ITEM;
			break;
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
		case OPT_EXCEL_SAFE: flags |= AR_STATEMENT_EXCEL_SAFE; break;
		case OPT_ONE_FILE: one = optarg; break;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if (optind < argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		fputs(usage_text, stderr);
		return 2;
	}
	if (dir && one) {
		cli_err("-o and --one-file: one or the other");
		fputs(usage_text, stderr);
		return 2;
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

	/*
	 * Statements written into a directory, or into one file for a print
	 * run, are the ones sent, and each is logged on its customer; those
	 * on stdout are a preview (or a stream for another program) and log
	 * nothing.  Only logging writes: the rest reads a read-only ledger.
	 */
	bool sending = (dir || (one && strcmp(one, "-") != 0)) && !dry_run;
	if ((st = ar_ledger_open(&l, cli_db(db),
				 sending ? 0 : AR_LEDGER_READONLY,
				 NULL)) != AR_OK ||
	    (st = ar_statement_options_check(l, &so)) != AR_OK)
		goto fail;
	ar_ledger_set_progress(l, cli_ledger_progress, NULL);
	if (sending && (st = ar_statement_log_new(&o.log)) != AR_OK)
		goto fail;
	if (dir) {
		if ((st = ar_statement_dir_open(&o.dir, dir, fmt, flags)) != AR_OK) {
			cli_err("%s", ar_statement_dir_errmsg(o.dir));
			rc = ar_exit_status(st);
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
		rc = ar_exit_status(st);
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
	rc = cli_fail(st, ar_ledger_errmsg(l));
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
