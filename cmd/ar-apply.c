/*
 * ar-apply - cash application: payments and credit memos matched to open
 * items by rule, manual applications, undo, returned payments.
 */
#include <errno.h>
#include <getopt.h>
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
	/* the options only a run by rule reads, OPT_AS_OF..OPT_DECIMAL_COMMA */
	OPT_AS_OF = 256, OPT_RULES, OPT_CUSTOMER, OPT_WRITEOFF_UNDER,
	OPT_EXPLAIN, OPT_DATE_FORMAT, OPT_DECIMAL_COMMA,
	OPT_ALLOW_CLOSED, OPT_UNDO, OPT_REVERSE, OPT_DATE, OPT_FEE, OPT_REASON,
	OPT_BATCH, OPT_EXCEL_SAFE, OPT_UNDO_APPLICATION, OPT_UNDO_PAYMENT,
	OPT_REFUND, OPT_AMOUNT, OPT_METHOD, OPT_REFERENCE, OPT_JOURNAL,
	OPT_ASSIGN
};

static const struct option longopts[] = {
	{"allow-closed", no_argument, NULL, OPT_ALLOW_CLOSED},
	{"amount", required_argument, NULL, OPT_AMOUNT},
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"assign", required_argument, NULL, OPT_ASSIGN},
	{"batch", required_argument, NULL, OPT_BATCH},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"date", required_argument, NULL, OPT_DATE},
	{"date-format", required_argument, NULL, OPT_DATE_FORMAT},
	{"db", required_argument, NULL, 'd'},
	{"decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA},
	{"dry-run", no_argument, NULL, 'n'},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"explain", no_argument, NULL, OPT_EXPLAIN},
	{"fee", required_argument, NULL, OPT_FEE},
	{"format", required_argument, NULL, 'f'},
	{"help", no_argument, NULL, 'h'},
	{"journal", required_argument, NULL, OPT_JOURNAL},
	{"method", required_argument, NULL, OPT_METHOD},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"reason", required_argument, NULL, OPT_REASON},
	{"reference", required_argument, NULL, OPT_REFERENCE},
	{"refund", required_argument, NULL, OPT_REFUND},
	{"reverse", required_argument, NULL, OPT_REVERSE},
	{"rules", required_argument, NULL, OPT_RULES},
	{"undo", required_argument, NULL, OPT_UNDO},
	{"undo-application", required_argument, NULL, OPT_UNDO_APPLICATION},
	{"undo-payment", required_argument, NULL, OPT_UNDO_PAYMENT},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{"writeoff-under", required_argument, NULL, OPT_WRITEOFF_UNDER},
	{NULL, 0, NULL, 0},
};

static const struct ar_column columns[] = {
	{"batch", AR_COL_INT}, {"date", AR_COL_DATE},
	{"customer_id", AR_COL_TEXT}, {"credit_type", AR_COL_TEXT},
	{"credit_no", AR_COL_TEXT}, {"doc_no", AR_COL_TEXT},
	{"amount", AR_COL_MONEY}, {"rule", AR_COL_TEXT},
	{"doc_open_after", AR_COL_MONEY},
	{"credit_unapplied_after", AR_COL_MONEY}, {"flag", AR_COL_TEXT},
};

struct run {
	struct ar_writer *w;
	long rejected;
};

static ar_status on_row(void *ctx, const struct ar_application_row *r)
{
	struct ar_writer *w = ((struct run *)ctx)->w;
	ar_writer_int(w, r->batch);
	ar_writer_date(w, r->date);
	ar_writer_text(w, r->customer_id);
	ar_writer_text(w, r->credit_type);
	ar_writer_text(w, r->credit_no);
	ar_writer_text(w, r->doc_no);
	ar_writer_money(w, r->amount, r->exponent);
	ar_writer_text(w, r->rule);
	ar_writer_money(w, r->doc_open_after, r->exponent);
	ar_writer_money(w, r->credit_unapplied_after, r->exponent);
	ar_writer_text(w, r->flag);
	return ar_writer_end_row(w);
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

/* The writer of the rows, a run's or a past run's. */
static ar_status rows_writer(struct run *run, FILE *fp, enum ar_format fmt,
			     unsigned flags)
{
	return ar_writer_new(&run->w, fp, fmt, columns,
			     sizeof(columns) / sizeof(columns[0]), flags);
}

/* --batch: the applications of a past run again, as it wrote them. */
static int show_batch(struct ar_ledger *l, long batch, const char *output,
		      enum ar_format fmt, unsigned flags)
{
	struct run run = {0};
	struct cli_output out;
	struct ar_apply_callbacks cb = {on_row, &run};
	ar_status st;

	if (!cli_output_open(&out, output))
		return 4;
	st = rows_writer(&run, out.fp, fmt, flags);
	if (st == AR_OK)
		st = ar_apply_batch(l, batch, &cb);
	if (st == AR_OK)
		st = ar_writer_finish(run.w);
	ar_writer_free(run.w);
	if (st != AR_OK) {
		cli_output_abort(&out);
		return cli_fail_ledger(st, l);
	}
	return cli_output_commit(&out) ? 0 : 4;
}

/* --refund's journal: its two lines, to the file jout opened. */
static ar_status refund_journal(struct ar_ledger *l, struct cli_output *jout,
				const struct ar_refund_info *info)
{
	char receivables[65], cash[65];
	struct ar_writer *w = NULL;
	ar_status st = ar_refund_accounts(l, receivables, cash);

	if (st == AR_OK)
		st = ar_writer_new(&w, jout->fp, AR_FMT_CSV, ar_journal_columns,
				   AR_JOURNAL_COLUMNS, 0);
	if (st == AR_OK)
		st = ar_refund_journal_write(w, info, receivables, cash);
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
	struct cli_output out = {0};
	struct ar_ledger *l = NULL;
	enum ar_format fmt = AR_FMT_CSV;
	const char *db = NULL, *output = NULL;
	const char *run_opt = NULL;	/* an option of a run by rule */
	const char *run_opt_nc = NULL;	/* one other than --customer */
	bool dry = false, fmt_set = false;
	unsigned flags = 0;
	long undo = 0, batch = 0, undo_app = 0;
	const char *undo_pay = NULL, *journal = NULL;
	struct ar_refund_options rf = {.date = AR_DATE_NONE};
	struct ar_refund_info refunded;
	struct cli_output jout = {0};
	struct ar_assign_options as = {0};
	int learned = 0;
	int c, li = 0, rc, all_argc = argc;
	char **all_argv = argv;
	ar_status st;

	cli_init("ar-apply");
	ar_apply_options_init(&o);
	while ((c = getopt_long(argc, argv, "d:f:hno:qvV", longopts, &li)) != -1) {
		if (c >= OPT_AS_OF && c <= OPT_DECIMAL_COMMA)
			run_opt = longopts[li].name;
		if (c >= OPT_AS_OF && c <= OPT_DECIMAL_COMMA &&
		    c != OPT_CUSTOMER)
			run_opt_nc = longopts[li].name;
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!cli_format(optarg, &fmt))
				return 2;
			fmt_set = true;
			break;
		case 'h': fputs(usage_text, stdout); return cli_finish(0);
		case 'n': dry = true; break;
		case 'o': output = optarg; break;
		case 'q': cli_quiet = true; break;
		case 'v': break;
		case 'V': puts("ar-apply (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &o.as_of))
				return 2;
			break;
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
		case OPT_EXCEL_SAFE: flags |= AR_OUT_EXCEL_SAFE; break;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;
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
		run_opt = run_opt_nc;
	if (other && run_opt) {
		cli_err("--%s goes with a run by rule, not with %s", run_opt,
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
	if (batch && (undo || rv.payment_no || argc || run_opt || dry ||
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
	if ((undo || rv.payment_no) && run_opt) {
		cli_err("--%s goes with a run by rule, not with %s", run_opt,
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

	if ((st = ar_ledger_open(&l, cli_db(db), 0, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, cli_ledger_notice, NULL);
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	if (batch) {
		rc = show_batch(l, batch, output, fmt, flags);
		ar_ledger_close(l);
		return cli_finish(rc);
	}
	/* the rows reach stdout once the batch has committed */
	if (!cli_output_open(&out, output) || !cli_output_spool(&out)) {
		ar_ledger_close(l);
		return 4;
	}
	if ((st = rows_writer(&run, out.fp, fmt, flags)) != AR_OK ||
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
	if (dry) {
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
		if (dry)
			cli_err("%s (dry run: nothing changed)", line);
		else
			cli_err("batch %lld: %s", id, line);
		if (as.payment_no)
			cli_err("payment '%s' assigned to %s; %d remitter "
				"alias%s learned", as.payment_no,
				as.customer_id, learned,
				learned == 1 ? "" : "es");
	}
	rc = cli_output_commit(&out) ? 0 : 4;
	if (jout.fp && !cli_output_commit(&jout))
		rc = 4;
	ar_writer_free(run.w);
	ar_ledger_close(l);
	return cli_finish(rc);

fail_out:
	rc = cli_fail_output(st, l, ar_writer_errno(run.w), output);
abandon:
	cli_progress_done();
	ar_ledger_rollback(l);
	cli_output_abort(&out);
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
