/*
 * ar-writeoff - write off open items by criteria or by list, decide the
 * write-offs above the approval limit, post recoveries, and write the GL
 * journal lines of it all.
 */
#include <errno.h>
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
	OPT_REASON = 256, OPT_OLDER_THAN, OPT_UNDER, OPT_CUSTOMER, OPT_STATUS,
	OPT_INCLUDE_DISPUTED, OPT_ALLOW_CLOSED, OPT_JOURNAL, OPT_PENDING,
	OPT_APPROVE, OPT_REJECT, OPT_RECOVER, OPT_AMOUNT, OPT_DATE
};

static const struct cli_option options[] = {
	{"allow-closed", OPT_ALLOW_CLOSED, no_argument, NULL,
	 "post into a closed period"},
	{"amount", OPT_AMOUNT, required_argument, "AMOUNT",
	 "the amount recovered"},
	{"approve", OPT_APPROVE, required_argument, "ID",
	 "approve a pending write-off (more IDs may follow)"},
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer's items"},
	{"date", OPT_DATE, required_argument, "DATE", "the day of the recovery"},
	{"include-disputed", OPT_INCLUDE_DISPUTED, no_argument, NULL,
	 "disputed items too"},
	{"journal", OPT_JOURNAL, required_argument, "FILE",
	 "the GL journal lines to FILE"},
	{"older-than", OPT_OLDER_THAN, required_argument, "DAYS",
	 "items overdue more than DAYS"},
	{"pending", OPT_PENDING, no_argument, NULL,
	 "list the write-offs waiting for approval"},
	{"reason", OPT_REASON, required_argument, "CODE",
	 "the reason code of the write-off"},
	{"recover", OPT_RECOVER, required_argument, "DOC_NO",
	 "post a recovery of a written-off document"},
	{"reject", OPT_REJECT, required_argument, "ID",
	 "reject a pending write-off (more IDs may follow)"},
	{"status", OPT_STATUS, required_argument, "bankrupt",
	 "items of bankrupt customers"},
	{"under", OPT_UNDER, required_argument, "AMOUNT",
	 "items whose open amount is under AMOUNT"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-writeoff", usage_text, NULL,
	CLI_DB | CLI_FORMAT | CLI_DRY_RUN | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE_IGNORED |
	CLI_AS_OF | CLI_EXCEL_SAFE, options,
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
	struct ar_cells c;
	ar_cells_writer(&c, r->w);
	ar_status st = ar_writeoff_row_put(&c, row);
	if (st == AR_OK && r->j) {
		ar_cells_writer(&c, r->j);
		st = ar_writeoff_journal_put(&c, &r->acc, row);
	}
	return st;
}

/* ctx: the writer of the rows */
static ar_status on_request(void *ctx, const struct ar_writeoff_request *q)
{
	struct ar_cells c;
	ar_cells_writer(&c, ctx);
	return ar_writeoff_request_put(&c, q);
}

int main(int argc, char **argv)
{
	struct ar_writeoff_options o;
	struct run run = {0};
	struct cli_opts co;
	struct cli_rows rows = {0};
	struct cli_output jout = {0};
	int argc0 = argc;
	char **argv0 = argv;
	struct ar_ledger *l = NULL;
	struct ar_writeoff *wo = NULL;
	const char *journal = NULL;
	const char *recover = NULL, *amount = NULL;
	bool pending = false;
	unsigned flags;
	int approve = -1, c, rc = 0;	/* approve: 1 approve, 0 reject */
	int werr = 0, jerr = 0;		/* the output's, the journal's */
	int64_t ids[argc];	/* --approve and --reject IDs: fewer than argc */
	size_t nids = 0;
	ar_date date = AR_DATE_NONE;
	long v;
	ar_status st;

	cli_init("ar-writeoff");
	cli_opts_init(&co, &command);
	ar_writeoff_options_init(&o);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
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
		case OPT_PENDING: pending = true; break;
		case OPT_APPROVE:
		case OPT_REJECT:
			if (approve == (c == OPT_REJECT))
				return cli_bad_usage("--approve and --reject "
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
		}
	}
	argc -= optind;
	argv += optind;
	if (co.as_of != AR_DATE_NONE)
		o.as_of = co.as_of;
	flags = co.excel_safe ? AR_OUT_EXCEL_SAFE : 0;

	/* one job per run */
	bool by_select = o.reason || ar_writeoff_has_criteria(&o) ||
		      o.include_disputed || (argc && approve < 0);
	if (by_select + pending + (approve >= 0) + (recover != NULL) > 1)
		return cli_bad_usage("give one of: criteria or a list, --pending, "
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
			return cli_bad_usage("--recover needs --amount and --date");
	} else if (pending) {
		if (argc)
			return cli_bad_usage("--pending takes no file");
	} else {
		if (!o.reason)
			return cli_bad_usage("--reason is required");
		if (!ar_writeoff_has_criteria(&o) && !argc)
			return cli_bad_usage("give a criterion (--older-than, "
					   "--under, --customer, --status) or a "
					   "list");
		if (ar_writeoff_has_criteria(&o) && argc)
			return cli_bad_usage("give criteria or a list, not both");
	}
	if ((amount || date != AR_DATE_NONE) && !recover)
		return cli_bad_usage("--amount and --date go with --recover");

	if ((st = cli_ledger_open(&l, co.db, 0, NULL)) != AR_OK)
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
	if (!cli_rows_open(&rows, &co, NULL, !pending)) {
		rc = 4;
		goto done;
	}
	if (pending) {
		st = cli_rows_writer(&rows, &co, ar_writeoff_pending_columns,
				     AR_WRITEOFF_PENDING_COLUMNS, false);
		run.w = rows.w;
		if (st == AR_OK)
			st = ar_writeoff_pending(l, on_request, run.w);
	} else {
		st = cli_rows_writer(&rows, &co, ar_writeoff_columns,
				     AR_WRITEOFF_COLUMNS, false);
		run.w = rows.w;
	}
	if (st == AR_OK && journal) {
		if (!cli_output_open(&jout, journal)) {
			ar_writer_free(run.w);
			cli_output_abort(&rows.out);
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
		if (co.dry_run)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && !cli_quiet)
			cli_err("%s%s", summary, co.dry_run ? " (dry run: nothing "
				"changed)" : "");
	}
	werr = ar_writer_errno(run.w);
	jerr = ar_writer_errno(run.j);
	ar_writer_free(run.w);
	ar_writer_free(run.j);
	if (st != AR_OK || rc) {
		cli_output_abort(&rows.out);
		if (journal)
			cli_output_abort(&jout);
		if (rc)
			goto done;
		goto fail;
	}
	if (!cli_output_commit(&rows.out))
		rc = 4;
	if (journal && !cli_output_commit(&jout))
		rc = 4;
	goto done;
fail:
	rc = jerr && !werr ? cli_fail_output(st, l, jerr, journal)
			   : cli_fail_output(st, l, werr, co.output);
done:
	ar_writeoff_free(wo);
	ar_ledger_close(l);
	return cli_finish(rc);
}
