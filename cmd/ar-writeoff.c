/*
 * ar-writeoff - write off open items by criteria or by list, decide the
 * write-offs above the approval limit, post recoveries, and write the GL
 * journal lines of it all.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-writeoff [-nq] [-d DB] [--as-of DATE] --reason CODE\n"
	"                   [--older-than DAYS] [--under AMOUNT] [--customer ID]\n"
	"                   [--status bankrupt] [--include-disputed] [--allow-closed]\n"
	"                   [--journal FILE] [--excel-safe] [-f FMT] [-o FILE]\n"
	"                   [FILE ...]\n"
	"       ar-writeoff [-q] [-d DB] --pending [--excel-safe] [-f FMT] [-o FILE]\n"
	"       ar-writeoff [-nq] [-d DB] [--as-of DATE] [--allow-closed]\n"
	"                   [--journal FILE] [--excel-safe] [-f FMT] [-o FILE]\n"
	"                   --approve ID ...\n"
	"       ar-writeoff [-nq] [-d DB] [--as-of DATE] [--excel-safe] [-f FMT]\n"
	"                   [-o FILE] --reject ID ...\n"
	"       ar-writeoff [-nq] [-d DB] [--as-of DATE] [--allow-closed]\n"
	"                   [--journal FILE] [--excel-safe] [-f FMT] [-o FILE]\n"
	"                   --recover DOC_NO --amount AMOUNT --date DATE\n";

enum {
	OPT_AS_OF = 256, OPT_REASON, OPT_OLDER_THAN, OPT_UNDER, OPT_CUSTOMER,
	OPT_STATUS, OPT_INCLUDE_DISPUTED, OPT_ALLOW_CLOSED, OPT_JOURNAL,
	OPT_PENDING, OPT_APPROVE, OPT_REJECT, OPT_RECOVER, OPT_AMOUNT, OPT_DATE,
	OPT_EXCEL_SAFE
};

static const struct option longopts[] = {
	{"allow-closed", no_argument, NULL, OPT_ALLOW_CLOSED},
	{"amount", required_argument, NULL, OPT_AMOUNT},
	{"approve", required_argument, NULL, OPT_APPROVE},
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"date", required_argument, NULL, OPT_DATE},
	{"db", required_argument, NULL, 'd'},
	{"dry-run", no_argument, NULL, 'n'},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"format", required_argument, NULL, 'f'},
	{"help", no_argument, NULL, 'h'},
	{"include-disputed", no_argument, NULL, OPT_INCLUDE_DISPUTED},
	{"journal", required_argument, NULL, OPT_JOURNAL},
	{"older-than", required_argument, NULL, OPT_OLDER_THAN},
	{"output", required_argument, NULL, 'o'},
	{"pending", no_argument, NULL, OPT_PENDING},
	{"quiet", no_argument, NULL, 'q'},
	{"reason", required_argument, NULL, OPT_REASON},
	{"recover", required_argument, NULL, OPT_RECOVER},
	{"reject", required_argument, NULL, OPT_REJECT},
	{"status", required_argument, NULL, OPT_STATUS},
	{"under", required_argument, NULL, OPT_UNDER},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* The bad rows and the notes shown; the rest are counted. */
#define SHOW_BAD 100

struct run {
	struct ar_writer *w, *j;	/* output; journal (or NULL) */
	struct ar_writeoff_accounts acc;
	long bad, warned, posted, pending, done;	/* done: decided, recovered */
};

/* Bad list rows (problems) always, notes unless quiet: SHOW_BAD each. */
static void on_notice(void *ctx, const struct ar_notice *n)
{
	struct run *r = ctx;
	if (n->kind == AR_NOTICE_PROBLEM) {
		if (r->bad++ < SHOW_BAD)
			cli_notice(n);
	} else if (n->kind == AR_NOTICE_WARNING || n->kind == AR_NOTICE_SKIP) {
		if (!cli_quiet && r->warned++ < SHOW_BAD)
			cli_notice(n);
	} else {
		cli_ledger_notice(NULL, n);
	}
}

static ar_status on_row(void *ctx, const struct ar_writeoff_row *row)
{
	struct run *r = ctx;
	if (strcmp(row->status, "posted") == 0)
		r->posted++;
	else if (strcmp(row->status, "pending") == 0)
		r->pending++;
	else
		r->done++;
	cli_progress("%ld written off, %ld pending", r->posted, r->pending);
	ar_status st = ar_writeoff_row_write(r->w, row);
	if (st == AR_OK && r->j)
		st = ar_writeoff_journal_write(r->j, &r->acc, row);
	return st;
}

static ar_status on_request(void *ctx, const struct ar_writeoff_request *q)
{
	return ar_writeoff_request_write(ctx, q);
}

static int usage_error(const char *what)
{
	cli_err("%s", what);
	return 2;
}

int main(int argc, char **argv)
{
	struct ar_writeoff_options o;
	struct run run = {0};
	struct cli_output out = {0}, jout = {0};
	int argc0 = argc;
	char **argv0 = argv;
	struct ar_ledger *l = NULL;
	struct ar_writeoff *wo = NULL;
	const char *db = NULL, *output = NULL, *journal = NULL;
	const char *recover = NULL, *amount = NULL;
	enum ar_format fmt;
	bool fmt_set = false, dry = false, pending = false;
	unsigned flags = 0;
	int approve = -1, c, rc = 0;	/* approve: 1 approve, 0 reject */
	int werr = 0, jerr = 0;		/* the output's, the journal's */
	int64_t ids[argc];	/* --approve and --reject IDs: fewer than argc */
	size_t nids = 0;
	ar_date date = AR_DATE_NONE;
	long v;
	ar_status st;

	cli_init("ar-writeoff");
	ar_writeoff_options_init(&o);
	while ((c = getopt_long(argc, argv, "d:f:hno:qvV", longopts, NULL)) != -1) {
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
		case 'V': puts("ar-writeoff (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &o.as_of))
				return 2;
			break;
		case OPT_REASON: o.reason = optarg; break;
		case OPT_OLDER_THAN:
			if (!cli_long("--older-than", optarg, 0, 36500, &v))
				return 2;
			o.older_than = (int)v;
			break;
		case OPT_UNDER: o.under = optarg; break;
		case OPT_CUSTOMER: o.customer_id = optarg; break;
		case OPT_STATUS:
			if (strcmp(optarg, "bankrupt") != 0) {
				cli_err("--status: '%s' is not bankrupt", optarg);
				return 2;
			}
			o.bankrupt = true;
			break;
		case OPT_INCLUDE_DISPUTED: o.include_disputed = true; break;
		case OPT_ALLOW_CLOSED: o.allow_closed = true; break;
		case OPT_JOURNAL: journal = optarg; break;
		case OPT_EXCEL_SAFE: flags |= AR_OUT_EXCEL_SAFE; break;
		case OPT_PENDING: pending = true; break;
		case OPT_APPROVE:
		case OPT_REJECT:
			if (approve == (c == OPT_REJECT))
				return usage_error("--approve and --reject "
						   "are separate runs");
			approve = c == OPT_APPROVE;
			if (!cli_long(approve ? "--approve" : "--reject", optarg,
				      1, LONG_MAX, &v))
				return 2;
			ids[nids++] = v;
			break;
		case OPT_RECOVER: recover = optarg; break;
		case OPT_AMOUNT: amount = optarg; break;
		case OPT_DATE:
			if (!cli_date("--date", optarg, &date))
				return 2;
			break;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;

	/* one job per run */
	bool by_select = o.reason || ar_writeoff_has_criteria(&o) ||
		      o.include_disputed || (argc && approve < 0);
	if (by_select + pending + (approve >= 0) + (recover != NULL) > 1)
		return usage_error("give one of: criteria or a list, --pending, "
				   "--approve, --reject, --recover");
	if (approve >= 0) {
		for (int i = 0; i < argc; i++) {
			const char *opt = approve ? "--approve" : "--reject";
			if (!cli_long(opt, argv[i], 1, LONG_MAX, &v))
				return 2;
			ids[nids++] = v;
		}
		argc = 0;
	} else if (recover) {
		if (!amount || date == AR_DATE_NONE)
			return usage_error("--recover needs --amount and --date");
	} else if (pending) {
		if (argc)
			return usage_error("--pending takes no file");
	} else {
		if (!o.reason)
			return usage_error("--reason is required");
		if (!ar_writeoff_has_criteria(&o) && !argc)
			return usage_error("give a criterion (--older-than, "
					   "--under, --customer, --status) or a "
					   "list");
		if (ar_writeoff_has_criteria(&o) && argc)
			return usage_error("give criteria or a list, not both");
	}
	if ((amount || date != AR_DATE_NONE) && !recover)
		return usage_error("--amount and --date go with --recover");

	if ((st = ar_ledger_open(&l, cli_db(db), 0, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, on_notice, &run);
	if (journal && !pending &&
	    (st = ar_writeoff_accounts_load(l, &run.acc)) != AR_OK)
		goto fail;
	if (!pending) {
		if ((st = ar_ledger_begin(l, "ar-writeoff", argc0, argv0,
					  NULL)) != AR_OK)
			goto fail;
	}
	if (!cli_output_open(&out, output)) {
		rc = 4;
		goto done;
	}
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	if (!pending && !cli_output_spool(&out)) {
		rc = 4;
		goto done;
	}
	if (pending) {
		st = ar_writer_new(&run.w, out.fp, fmt, ar_writeoff_pending_columns,
				   AR_WRITEOFF_PENDING_COLUMNS, flags);
		if (st == AR_OK)
			st = ar_writeoff_pending(l, on_request, run.w);
	} else {
		st = ar_writer_new(&run.w, out.fp, fmt, ar_writeoff_columns,
				   AR_WRITEOFF_COLUMNS, flags);
	}
	if (st == AR_OK && journal) {
		if (!cli_output_open(&jout, journal)) {
			ar_writer_free(run.w);
			cli_output_abort(&out);
			rc = 4;
			goto done;
		}
		st = ar_writer_new(&run.j, jout.fp, AR_FMT_CSV, ar_journal_columns,
				   AR_JOURNAL_COLUMNS, flags);
	}
	if (st == AR_OK && approve >= 0)
		st = ar_writeoff_decide(l, ids, nids, approve, &o, on_row, &run);
	else if (st == AR_OK && recover)
		st = ar_writeoff_recover(l, recover, amount, date, &o, on_row,
					 &run);
	else if (st == AR_OK && !pending) {
		st = ar_writeoff_new(&wo, l, &o);
		if (st == AR_OK && !argc)
			st = ar_writeoff_select(wo);
		for (int i = 0; st == AR_OK && i < argc; i++) {
			struct ar_csv_reader *r;
			if ((st = ar_csv_reader_open(&r, argv[i], NULL)) != AR_OK) {
				cli_err("cannot open '%s': %s", argv[i],
					strerror(errno));
				rc = 4;
				break;
			}
			st = ar_writeoff_read_list(wo, r);
			ar_csv_reader_free(r);
		}
		if (st == AR_OK)
			st = ar_writeoff_post(wo, on_row, &run);
	}
	if (run.bad > SHOW_BAD)
		cli_err("... and %ld more bad rows", run.bad - SHOW_BAD);
	if (run.warned > SHOW_BAD)
		cli_err("... and %ld more notes", run.warned - SHOW_BAD);
	/* the rows are out (in the temporary file) before the commit, so a
	 * full disk leaves the ledger as it was */
	if (st == AR_OK)
		st = ar_writer_finish(run.w);
	if (st == AR_OK && run.j)
		st = ar_writer_finish(run.j);
	if (st == AR_OK && !pending) {
		char summary[200];
		if (wo)
			snprintf(summary, sizeof(summary), "%ld posted, %ld "
				 "pending approval, %zu skipped", run.posted,
				 run.pending, ar_writeoff_skipped(wo));
		else
			snprintf(summary, sizeof(summary), "%ld %s", run.done,
				 recover ? "recovered" : approve ? "approved"
				 : "rejected");
		if (dry)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && !cli_quiet)
			cli_err("%s%s", summary, dry ? " (dry run: nothing "
				"changed)" : "");
	}
	werr = ar_writer_errno(run.w);
	jerr = ar_writer_errno(run.j);
	ar_writer_free(run.w);
	ar_writer_free(run.j);
	if (st != AR_OK || rc) {
		cli_output_abort(&out);
		if (journal)
			cli_output_abort(&jout);
		if (rc)
			goto done;
		goto fail;
	}
	if (!cli_output_commit(&out))
		rc = 4;
	if (journal && !cli_output_commit(&jout))
		rc = 4;
	goto done;
fail:
	rc = jerr && !werr ? cli_fail_output(st, l, jerr, journal)
			   : cli_fail_output(st, l, werr, output);
done:
	ar_writeoff_free(wo);
	ar_ledger_close(l);
	return cli_finish(rc);
}
