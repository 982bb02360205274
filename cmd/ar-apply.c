/*
 * ar-apply - cash application: payments and credit memos matched to open
 * items by rule, manual applications, undo, returned payments.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-apply [-nq] [-d DB] [--as-of DATE] [--rules LIST] [--customer ID]\n"
	"                [--writeoff-under AMOUNT] [--allow-closed] [--explain]\n"
	"                [--date-format FMT] [--decimal-comma] [--excel-safe] [-f FMT]\n"
	"                [-o FILE] [FILE ...]\n"
	"       ar-apply [-nq] [-d DB] --undo BATCH [--excel-safe] [-f FMT] [-o FILE]\n"
	"       ar-apply [-nq] [-d DB] --undo-application ID [--excel-safe] [-f FMT]\n"
	"                [-o FILE]\n"
	"       ar-apply [-nq] [-d DB] --undo-payment PAYMENT_NO [--excel-safe] [-f FMT]\n"
	"                [-o FILE]\n"
	"       ar-apply [-nq] [-d DB] --refund CREDIT_NO --amount AMOUNT --date DATE\n"
	"                [--method check|ach|wire] [--reference TEXT] [--journal FILE]\n"
	"                [--allow-closed] [--excel-safe] [-f FMT] [-o FILE]\n"
	"       ar-apply [-nq] [-d DB] --assign PAYMENT_NO --customer ID [--allow-closed]\n"
	"                [--excel-safe] [-f FMT] [-o FILE]\n"
	"       ar-apply [-nq] [-d DB] --reverse PAYMENT_NO --date DATE [--fee AMOUNT]\n"
	"                [--reason TEXT] [--allow-closed] [--excel-safe] [-f FMT]\n"
	"                [-o FILE]\n"
	"       ar-apply [-q] [-d DB] --batch BATCH [--excel-safe] [-f FMT] [-o FILE]\n";

enum {
	/* the options only a run by rule reads (and --as-of) */
	OPT_RULES = 256, OPT_CUSTOMER, OPT_WRITEOFF_UNDER, OPT_EXPLAIN,
	OPT_DATE_FORMAT, OPT_DECIMAL_COMMA,
	OPT_ALLOW_CLOSED, OPT_UNDO, OPT_REVERSE, OPT_DATE, OPT_FEE, OPT_REASON,
	OPT_BATCH, OPT_UNDO_APPLICATION, OPT_UNDO_PAYMENT, OPT_REFUND,
	OPT_AMOUNT, OPT_METHOD, OPT_REFERENCE, OPT_JOURNAL, OPT_ASSIGN
};

static const struct cli_option options[] = {
	{"allow-closed", OPT_ALLOW_CLOSED, no_argument, NULL,
	 "post into a closed period"},
	{"amount", OPT_AMOUNT, required_argument, "AMOUNT",
	 "the amount refunded"},
	{"assign", OPT_ASSIGN, required_argument, "PAYMENT_NO",
	 "give a payment on account to --customer"},
	{"batch", OPT_BATCH, required_argument, "BATCH",
	 "the rows of a past run again"},
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer's payments"},
	{"date", OPT_DATE, required_argument, "DATE",
	 "the day of the return or refund"},
	{"date-format", OPT_DATE_FORMAT, required_argument, "FMT",
	 "the dates of the files, e.g. %d/%m/%Y"},
	{"decimal-comma", OPT_DECIMAL_COMMA, no_argument, NULL,
	 "the files' amounts have a decimal comma"},
	{"explain", OPT_EXPLAIN, no_argument, NULL,
	 "why each payment went where it went"},
	{"fee", OPT_FEE, required_argument, "AMOUNT",
	 "the bank's fee for the returned payment"},
	{"journal", OPT_JOURNAL, required_argument, "FILE",
	 "the refund's GL journal lines to FILE"},
	{"method", OPT_METHOD, required_argument, "check|ach|wire",
	 "how the refund was paid"},
	{"reason", OPT_REASON, required_argument, "TEXT",
	 "why the payment came back"},
	{"reference", OPT_REFERENCE, required_argument, "TEXT",
	 "the refund's reference"},
	{"refund", OPT_REFUND, required_argument, "CREDIT_NO",
	 "pay out a credit"},
	{"reverse", OPT_REVERSE, required_argument, "PAYMENT_NO",
	 "a payment the bank returned"},
	{"rules", OPT_RULES, required_argument, "LIST",
	 "the rules in order: credit, ref, exact, combo, oldest"},
	{"undo", OPT_UNDO, required_argument, "BATCH", "undo a batch"},
	{"undo-application", OPT_UNDO_APPLICATION, required_argument, "ID",
	 "undo one application"},
	{"undo-payment", OPT_UNDO_PAYMENT, required_argument, "PAYMENT_NO",
	 "undo every application of a payment"},
	{"writeoff-under", OPT_WRITEOFF_UNDER, required_argument, "AMOUNT",
	 "write off differences under AMOUNT"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-apply", usage_text, NULL,
	CLI_DB | CLI_FORMAT | CLI_DRY_RUN | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE_IGNORED |
	CLI_AS_OF | CLI_EXCEL_SAFE, options,
};

/* The last option of a run by rule given, and the last but --customer. */
struct run_opts {
	int any, not_customer;
};

static bool note_run_opt(void *ctx, int c)
{
	struct run_opts *r = ctx;
	if (c == CLI_OPT_AS_OF || (c >= OPT_RULES && c <= OPT_DECIMAL_COMMA)) {
		r->any = c;
		if (c != OPT_CUSTOMER)
			r->not_customer = c;
	}
	return true;
}

struct run {
	struct ar_writer *w;
	struct ar_cells cells;		/* into w */
	long rejected;
};

static ar_status on_row(void *ctx, const struct ar_application_row *r)
{
	return ar_application_row_put(&((struct run *)ctx)->cells, r);
}

static void on_reject(void *ctx, const struct ar_import_error *e,
		      struct ar_csv_reader *r)
{
	struct run *run = ctx;
	(void)r;
	if (run->rejected++ < 100)
		cli_import_error(e);
}

/* Post the manual applications of the files; exit status or 0. */
static int manual(struct run *run, struct ar_ledger *l,
		  const struct ar_import_options *io, char **files, int n,
		  const struct ar_apply_callbacks *cb, struct ar_apply_stats *stats)
{
	struct ar_import_callbacks icb = {on_reject, run};
	struct ar_import *im;
	ar_status st = ar_import_new(&im, l, io, &icb);
	int rc = 0;

	if (st != AR_OK)
		return cli_fail_ledger(st, l);
	for (int i = 0; i < n && rc == 0; i++) {
		struct ar_csv_reader *r;
		struct ar_import_stats s;
		if (ar_csv_reader_open(&r, files[i], NULL) != AR_OK) {
			cli_err("cannot open '%s': %s", files[i], strerror(errno));
			rc = 4;
			break;
		}
		if ((st = ar_import_file(im, r, &s)) != AR_OK)
			rc = cli_fail_ledger(st, l);
		else if (s.seen_before && !cli_quiet)
			cli_err("%s: applied whole in batch %lld at %s",
				ar_csv_name(r), (long long)s.seen_batch,
				s.seen_at);
		ar_csv_reader_free(r);
	}
	ar_import_free(im);
	if (rc == 0 && run->rejected) {
		if (run->rejected > 100)
			cli_err("... and %ld more rejected rows",
				run->rejected - 100);
		cli_err("nothing applied: %ld manual application%s rejected",
			run->rejected, run->rejected == 1 ? "" : "s");
		return 3;
	}
	if (rc == 0 && (st = ar_apply_report_batch(l, ar_ledger_batch(l), cb,
						   stats)) != AR_OK)
		rc = cli_fail_ledger(st, l);
	return rc;
}

/* The writer of the rows, a run's or a past run's, and its cells. */
static ar_status rows_writer(struct run *run, struct cli_rows *rows,
			     const struct cli_opts *co)
{
	ar_status st = cli_rows_writer(rows, co, ar_application_columns,
				       AR_APPLICATION_COLUMNS, false);
	run->w = rows->w;
	run->cells = rows->cells;
	return st;
}

/* --batch: the applications of a past run again, as it wrote them. */
static int show_batch(struct ar_ledger *l, long batch,
		      const struct cli_opts *co)
{
	struct run run = {0};
	struct cli_rows rows;
	struct ar_apply_callbacks cb = {on_row, &run};
	ar_status st;

	if (!cli_rows_open(&rows, co, NULL, false))
		return 4;
	st = rows_writer(&run, &rows, co);
	if (st == AR_OK)
		st = ar_apply_batch(l, batch, &cb);
	if (st == AR_OK)
		st = ar_writer_finish(run.w);
	if (st != AR_OK) {
		rows.w = NULL;	/* a past run: the ledger's message */
		ar_writer_free(run.w);
		cli_output_abort(&rows.out);
		return cli_fail_ledger(st, l);
	}
	return cli_rows_close(&rows, st, l);
}

/* --refund's journal: its two lines, to the file jout opened. */
static ar_status refund_journal(struct ar_ledger *l, struct cli_output *jout,
				const struct ar_refund_info *info)
{
	char receivables[65], cash[65];
	struct ar_writer *w = NULL;
	struct ar_cells c;
	ar_status st = ar_refund_accounts(l, receivables, cash);

	if (st == AR_OK)
		st = ar_writer_new(&w, jout->fp, AR_FMT_CSV, ar_journal_columns,
				   AR_JOURNAL_COLUMNS, 0);
	if (st == AR_OK) {
		ar_cells_writer(&c, w);
		st = ar_refund_journal_put(&c, info, receivables, cash);
	}
	if (st == AR_OK)
		st = ar_writer_finish(w);
	ar_writer_free(w);
	return st;
}

int main(int argc, char **argv)
{
	struct ar_apply_options o;
	struct ar_reverse_options rv = {.date = AR_DATE_NONE};
	struct ar_import_options io = {.type = AR_REC_APPLICATIONS};
	struct ar_apply_stats stats = {0};
	struct run run = {0};
	struct cli_opts co;
	struct cli_rows rows = {0};
	struct run_opts ro = {0};
	struct ar_ledger *l = NULL;
	char run_opt[32] = "";	/* an option of a run by rule */
	long undo = 0, batch = 0, undo_app = 0;
	const char *undo_pay = NULL, *journal = NULL;
	struct ar_refund_options rf = {.date = AR_DATE_NONE};
	struct ar_refund_info refunded;
	struct cli_output jout = {0};
	struct ar_assign_options as = {0};
	int learned = 0;
	int c, rc, all_argc = argc;
	char **all_argv = argv;
	ar_status st;

	cli_init("ar-apply");
	cli_opts_init(&co, &command);
	co.accept = note_run_opt;
	co.ctx = &ro;
	ar_apply_options_init(&o);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case OPT_RULES:
			if (ar_apply_parse_rules(&o, optarg) != AR_OK) {
				cli_err("--rules: '%s' is not a list of credit, "
					"ref, exact, combo, oldest (each once)",
					optarg);
				return 2;
			}
			break;
		case OPT_CUSTOMER: o.customer_id = as.customer_id = optarg; break;
		case OPT_WRITEOFF_UNDER: o.writeoff_under = optarg; break;
		case OPT_ALLOW_CLOSED:
			o.allow_closed = rv.allow_closed = io.allow_closed =
				rf.allow_closed = as.allow_closed = true;
			break;
		case OPT_EXPLAIN: o.explain = true; break;
		case OPT_DATE_FORMAT: io.date_format = optarg; break;
		case OPT_DECIMAL_COMMA: io.decimal_comma = true; break;
		case OPT_UNDO:
			if (!cli_long("--undo", optarg, 1, INT32_MAX, &undo))
				return 2;
			break;
		case OPT_REVERSE: rv.payment_no = optarg; break;
		case OPT_DATE:
			if (!cli_date("--date", optarg, &rv.date))
				return 2;
			rf.date = rv.date;
			break;
		case OPT_UNDO_APPLICATION:
			if (!cli_long("--undo-application", optarg, 1,
				      INT64_MAX, &undo_app))
				return 2;
			break;
		case OPT_UNDO_PAYMENT: undo_pay = optarg; break;
		case OPT_ASSIGN: as.payment_no = optarg; break;
		case OPT_REFUND: rf.credit_no = optarg; break;
		case OPT_AMOUNT: rf.amount = optarg; break;
		case OPT_METHOD:
			if (!ar_refund_method_valid(optarg)) {
				cli_err("--method: '%s' is not check, ach or "
					"wire", optarg);
				return 2;
			}
			rf.method = optarg;
			break;
		case OPT_REFERENCE: rf.reference = optarg; break;
		case OPT_JOURNAL: journal = optarg; break;
		case OPT_FEE: rv.fee = optarg; break;
		case OPT_REASON: rv.reason = optarg; break;
		case OPT_BATCH:
			if (!cli_long("--batch", optarg, 1, INT32_MAX, &batch))
				return 2;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	if (co.as_of != AR_DATE_NONE)
		o.as_of = co.as_of;
	/* the actions that are no run by rule, besides --undo and --reverse */
	const char *other = undo_app ? "--undo-application" : undo_pay ?
		"--undo-payment" : rf.credit_no ? "--refund" : as.payment_no ?
		"--assign" : NULL;
	if (other && (!!undo_app + !!undo_pay + !!rf.credit_no +
		      !!as.payment_no + !!undo + !!rv.payment_no > 1 || argc ||
		      batch)) {
		cli_err("%s goes alone: not with --batch, --undo, "
			"--undo-application, --undo-payment, --reverse, --refund, "
			"--assign or manual application files", other);
		return 2;
	}
	/* --customer names whose the money is, not a run's customer */
	if (as.payment_no && !as.customer_id) {
		cli_err("--assign needs --customer (whose the payment is)");
		return 2;
	}
	if (as.payment_no)
		ro.any = ro.not_customer;
	if (ro.any)
		cli_option_name(&co, ro.any, run_opt, sizeof(run_opt));
	if (other && ro.any) {
		cli_err("%s goes with a run by rule, not with %s", run_opt,
			other);
		return 2;
	}
	if (other && !rf.credit_no && !as.payment_no && o.allow_closed) {
		cli_err("%s never changes a closed period (--allow-closed "
			"goes with a run, --reverse, --refund or --assign)", other);
		return 2;
	}
	if (rf.credit_no && (!rf.amount || rf.date == AR_DATE_NONE)) {
		cli_err("--refund needs --amount and --date (the day the money "
			"went out)");
		return 2;
	}
	if (!rf.credit_no && (rf.amount || rf.method || rf.reference ||
			      journal)) {
		cli_err("--amount, --method, --reference and --journal go with "
			"--refund");
		return 2;
	}
	if (rf.credit_no && (rv.fee || rv.reason)) {
		cli_err("--fee and --reason go with --reverse");
		return 2;
	}
	if (batch && (undo || rv.payment_no || argc || ro.any || co.dry_run ||
		      o.allow_closed)) {
		cli_err("--batch shows a past run: it goes with -f, -o and "
			"--excel-safe only");
		return 2;
	}
	if ((undo && rv.payment_no) || ((undo || rv.payment_no) && argc)) {
		cli_err("--undo, --reverse and manual application files go "
			"one at a time");
		return 2;
	}
	if ((undo || rv.payment_no) && ro.any) {
		cli_err("%s goes with a run by rule, not with %s", run_opt,
			undo ? "--undo" : "--reverse");
		return 2;
	}
	if (undo && o.allow_closed) {
		cli_err("--undo never changes a closed period (--allow-closed "
			"goes with a run or --reverse)");
		return 2;
	}
	if (rv.payment_no && rv.date == AR_DATE_NONE) {
		cli_err("--reverse needs --date (the day the bank returned it)");
		return 2;
	}
	if (!rv.payment_no && !rf.credit_no &&
	    (rv.date != AR_DATE_NONE || rv.fee || rv.reason)) {
		cli_err("--date, --fee and --reason go with --reverse");
		return 2;
	}
	if (io.date_format && !ar_date_format_valid(io.date_format)) {
		cli_err("--date-format: '%s' needs each of %%d, %%m and %%Y "
			"(or %%y) once", io.date_format);
		return 2;
	}
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") != 0 && access(argv[i], R_OK) != 0) {
			cli_err("cannot open '%s': %s", argv[i], strerror(errno));
			return 4;
		}

	if ((st = cli_ledger_open(&l, co.db, 0, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, cli_ledger_notice, NULL);
	if (batch) {
		rc = show_batch(l, batch, &co);
		ar_ledger_close(l);
		return cli_finish(rc);
	}
	/* the rows reach stdout once the batch has committed */
	if (!cli_rows_open(&rows, &co, NULL, true)) {
		ar_ledger_close(l);
		return 4;
	}
	st = rows_writer(&run, &rows, &co);
	rows.w = NULL;	/* freed as run.w */
	if (st != AR_OK ||
	    (st = ar_ledger_begin(l, "ar-apply", all_argc, all_argv,
					 NULL)) != AR_OK)
		goto fail_out;

	struct ar_apply_callbacks cb = {on_row, &run};
	rc = 0;
	if (undo) {
		st = ar_apply_undo(l, undo, &stats);
	} else if (rv.payment_no) {
		st = ar_apply_reverse(l, &rv, &stats);
	} else if (undo_app) {
		st = ar_apply_undo_application(l, undo_app, &stats);
	} else if (undo_pay) {
		st = ar_apply_undo_payment(l, undo_pay, &stats);
	} else if (as.payment_no) {
		st = ar_cash_assign(l, &as, &stats, &learned);
	} else if (rf.credit_no) {
		char gl_ar[65], gl_cash[65];
		/* the settings first: a journal that cannot be booked is
		 * refused before anything is posted */
		if (journal && (st = ar_refund_accounts(l, gl_ar, gl_cash)) !=
		    AR_OK)
			goto fail_out;
		if (journal && !cli_output_open(&jout, journal)) {
			rc = 4;
			goto abandon;
		}
		st = ar_apply_refund(l, &rf, &stats, &refunded);
		if (st == AR_OK && journal)
			st = refund_journal(l, &jout, &refunded);
	} else {
		if (argc && (rc = manual(&run, l, &io, argv, argc, &cb,
					   &stats)) != 0)
			goto abandon;
		st = ar_apply_run(l, &o, &cb, &stats);
	}
	if (st == AR_OK && (undo || rv.payment_no || other))
		st = ar_apply_report_batch(l, ar_ledger_batch(l), &cb, &stats);
	cli_progress_done();
	if (st == AR_OK)
		st = ar_writer_finish(run.w);
	if (st != AR_OK)
		goto fail_out;
	/* the batch is said, so that its rows can be had again (--batch) */
	long long id = ar_ledger_batch(l);
	if (co.dry_run) {
		ar_ledger_rollback(l);
	} else {
		char sum[128];
		snprintf(sum, sizeof(sum), "%ld applications",
			 stats.applications);
		if ((st = ar_ledger_commit(l, sum)) != AR_OK)
			goto fail_out;
	}
	if (!cli_quiet) {
		char line[1024];
		ar_apply_summary(&stats, line, sizeof(line));
		if (co.dry_run)
			cli_err("%s (dry run: nothing changed)", line);
		else
			cli_err("batch %lld: %s", id, line);
		if (as.payment_no)
			cli_err("payment '%s' assigned to %s; %d remitter "
				"alias%s learned", as.payment_no,
				as.customer_id, learned,
				learned == 1 ? "" : "es");
	}
	rc = cli_output_commit(&rows.out) ? 0 : 4;
	if (jout.fp && !cli_output_commit(&jout))
		rc = 4;
	ar_writer_free(run.w);
	ar_ledger_close(l);
	return cli_finish(rc);

fail_out:
	rc = cli_fail_output(st, l, ar_writer_errno(run.w), co.output);
abandon:
	cli_progress_done();
	ar_ledger_rollback(l);
	cli_output_abort(&rows.out);
	if (jout.fp)
		cli_output_abort(&jout);
	ar_writer_free(run.w);
	ar_ledger_close(l);
	return cli_finish(rc);
fail:
	rc = cli_fail_ledger(st, l);
	ar_ledger_close(l);
	return cli_finish(rc);
}
