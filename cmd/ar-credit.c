/*
 * ar-credit - may this customer's order ship?  A check as an exit code,
 * every decision recorded; overrides by approvers, holds and releases by
 * hand, the log of decisions and the review of limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-credit check [-nqv] [-d DB] [--as-of DATE] [--amount AMOUNT]\n"
	"                 [--currency CUR] [--excel-safe] [-f FMT] [-o FILE] CUSTOMER\n"
	"       ar-credit override [-nq] [-d DB] [--as-of DATE] [--currency CUR]\n"
	"                 [--excel-safe] [-f FMT] [-o FILE] --amount AMOUNT\n"
	"                 --reason TEXT CUSTOMER\n"
	"       ar-credit hold [-nq] [-d DB] [--as-of DATE] [--excel-safe] [-f FMT]\n"
	"                 [-o FILE] --reason TEXT CUSTOMER\n"
	"       ar-credit release [-nq] [-d DB] [--as-of DATE] [--excel-safe] [-f FMT]\n"
	"                 [-o FILE] --reason TEXT CUSTOMER\n"
	"       ar-credit log [-q] [-d DB] [--customer ID] [--from DATE] [--to DATE]\n"
	"                 [--excel-safe] [-f FMT] [-o FILE]\n"
	"       ar-credit review [-q] [-d DB] [--as-of DATE] [--excel-safe] [-f FMT]\n"
	"                 [-o FILE]\n";

enum {
	OPT_AMOUNT = 256, OPT_CURRENCY, OPT_REASON, OPT_CUSTOMER, OPT_FROM,
	OPT_TO
};

static const struct cli_option options[] = {
	{"amount", OPT_AMOUNT, required_argument, "AMOUNT",
	 "the order's amount, or the override's"},
	{"currency", OPT_CURRENCY, required_argument, "CUR",
	 "the amount's currency"},
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer's decisions"},
	{"from", OPT_FROM, required_argument, "DATE",
	 "decisions from DATE"},
	{"reason", OPT_REASON, required_argument, "TEXT",
	 "why the override, hold or release"},
	{"to", OPT_TO, required_argument, "DATE", "decisions to DATE"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-credit", usage_text,
	"commands: check, override, hold, release, log, review",
	CLI_DB | CLI_FORMAT | CLI_DRY_RUN | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE |
	CLI_AS_OF | CLI_EXCEL_SAFE, options,
};

enum job { CHECK, OVERRIDE, HOLD, RELEASE, LOG, REVIEW };
static const char *const jobs[] = {"check", "override", "hold", "release",
				   "log", "review", NULL};

/* Which options each job takes, as option letters and codes. */
static bool takes(enum job j, int c)
{
	switch (c) {
	case 'd': case 'f': case 'o': case 'q': case CLI_OPT_EXCEL_SAFE:
		return true;
	case 'n': return j <= RELEASE;
	case 'v': return j == CHECK;
	case CLI_OPT_AS_OF: return j != LOG;
	case OPT_AMOUNT: return j == CHECK || j == OVERRIDE;
	case OPT_CURRENCY: return j == CHECK || j == OVERRIDE;
	case OPT_REASON: return j == OVERRIDE || j == HOLD || j == RELEASE;
	case OPT_CUSTOMER: case OPT_FROM: case OPT_TO: return j == LOG;
	}
	return false;
}

static struct cli_opts co;

/* cli_getopt()'s question: does the job take option c? */
static bool job_takes(void *ctx, int c)
{
	const enum job *j = ctx;
	char name[32];
	if (takes(*j, c))
		return true;
	cli_option_name(&co, c, name, sizeof(name));
	cli_err("%s does not go with %s", name, jobs[*j]);
	return false;
}

/* ctx: the writer of the rows */
static ar_status put_decision(void *ctx, const struct ar_credit_decision *d)
{
	struct ar_cells c;
	ar_cells_writer(&c, ctx);
	return ar_credit_decision_put(&c, d);
}

static ar_status put_review(void *ctx, const struct ar_credit_review_row *r)
{
	struct ar_cells c;
	ar_cells_writer(&c, ctx);
	return ar_credit_review_put(&c, r);
}

/* "hold: limit, past_due_days" and the like, on stderr. */
static void say(const struct ar_credit_check *r, bool dry)
{
	char failed[200] = "";
	for (int i = 0; i < AR_CREDIT_NRULES; i++)
		if (r->rule[i].result == AR_CREDIT_FAIL)
			snprintf(failed + strlen(failed), sizeof(failed) -
				 strlen(failed), "%s%s", *failed ? ", " : "",
				 r->rule[i].rule);
	if (r->override)
		cli_err("%s: approved by override of %s (%s)%s", r->customer_id,
			r->approved_by, failed, dry ? " (dry run: nothing "
			"recorded, the override not used up)" : "");
	else
		cli_err("%s: %s%s%s%s", r->customer_id, r->pass ? "approved"
			: "held", r->pass ? "" : ": ", failed, dry ? " (dry "
			"run: nothing recorded)" : "");
}

int main(int argc, char **argv)
{
	struct ar_credit_options o;
	struct ar_credit_check r;
	struct cli_rows rows = {0};
	struct ar_ledger *l = NULL;
	const char *customer = NULL;
	enum job job;
	bool writes;
	ar_date from = AR_DATE_NONE, to = AR_DATE_NONE;
	int64_t id = 0;
	int c, rc = 0, argc0 = argc;
	char **argv0 = argv;
	ar_status st;

	cli_init("ar-credit");
	cli_opts_init(&co, &command);
	ar_credit_options_init(&o);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
			 !strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")))
		cli_getopt(&co, 2, argv);	/* prints, and ends the run */
	for (job = 0; argc > 1 && jobs[job] && strcmp(argv[1], jobs[job]); job++)
		;
	if (argc < 2 || !jobs[job])
		return cli_bad_usage(argc < 2 ? "give one of: check, override, "
				   "hold, release, log, review"
				   : "not a job: give one of check, override, "
				   "hold, release, log, review");
	co.accept = job_takes;
	co.ctx = &job;
	while ((c = cli_getopt(&co, argc - 1, argv + 1)) != -1) {
		switch (c) {
		case OPT_AMOUNT: o.amount = optarg; break;
		case OPT_CURRENCY: o.currency = optarg; break;
		case OPT_REASON: o.reason = optarg; break;
		case OPT_CUSTOMER: customer = optarg; break;
		case OPT_FROM:
			if (!cli_date("--from", optarg, &from))
				return 2;
			break;
		case OPT_TO:
			if (!cli_date("--to", optarg, &to))
				return 2;
			break;
		}
	}
	argc -= optind + 1;
	argv += optind + 1;
	if (co.as_of != AR_DATE_NONE)
		o.as_of = co.as_of;

	if (job <= RELEASE) {
		if (argc != 1)
			return cli_bad_usage(argc ? "give one customer" :
					   "give the customer");
		o.customer_id = argv[0];
	} else if (argc) {
		return cli_bad_usage("no operand expected");
	}
	if (job == OVERRIDE && !o.amount)
		return cli_bad_usage("--amount is required");
	if (job >= OVERRIDE && job <= RELEASE && (!o.reason || !*o.reason))
		return cli_bad_usage("--reason is required");
	if (from != AR_DATE_NONE && to != AR_DATE_NONE && from > to)
		return cli_bad_usage("--from is after --to");

	/* a check records its decision, so it takes the write lock; a dry
	 * run only reads and never waits for it */
	writes = job <= RELEASE && !(job == CHECK && co.dry_run);
	if ((st = cli_ledger_open(&l, co.db, writes ? 0 : AR_LEDGER_READONLY,
				 NULL)) != AR_OK)
		goto fail;
	if (writes && (st = ar_ledger_begin(l, "ar-credit", argc0, argv0,
					    NULL)) != AR_OK)
		goto fail;
	if (!cli_rows_open(&rows, &co, cli_quiet && !co.output ? "/dev/null"
			   : NULL, writes)) {
		rc = 4;
		goto done;
	}
	switch (job) {
	case CHECK:
		st = cli_rows_writer(&rows, &co, ar_credit_check_columns,
				     AR_CREDIT_CHECK_COLUMNS, false);
		if (st == AR_OK && (st = ar_credit_check(l, &o, &r)) == AR_OK)
			st = ar_credit_check_put(&rows.cells, &r, co.verbose);
		break;
	case OVERRIDE:
	case HOLD:
	case RELEASE:
		st = cli_rows_writer(&rows, &co, ar_credit_log_columns,
				     AR_CREDIT_LOG_COLUMNS, false);
		if (st == AR_OK)
			st = job == OVERRIDE ? ar_credit_override(l, &o, &id)
				: ar_credit_hold(l, &o, job == HOLD, &id);
		if (st == AR_OK)
			st = ar_credit_decision_get(l, id, put_decision, rows.w);
		break;
	case LOG:
		st = cli_rows_writer(&rows, &co, ar_credit_log_columns,
				     AR_CREDIT_LOG_COLUMNS, false);
		if (st == AR_OK)
			st = ar_credit_log(l, customer, from, to, put_decision, rows.w);
		break;
	case REVIEW:
		st = cli_rows_writer(&rows, &co, ar_credit_review_columns,
				     AR_CREDIT_REVIEW_COLUMNS, false);
		if (st == AR_OK)
			st = ar_credit_review(l, o.as_of, put_review, rows.w);
		break;
	}
	if (st == AR_OK)
		st = ar_writer_finish(rows.w);
	if (st == AR_OK && writes) {
		const char *summary = job == OVERRIDE ? "override" : job == HOLD
			? "hold" : job == RELEASE ? "release" : r.override
			? "overridden" : r.pass ? "approved" : "held";
		if (co.dry_run)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && co.dry_run && job != CHECK && !cli_quiet)
			cli_err("%s (dry run: nothing changed)", summary);
	}
	if (st == AR_OK && job == CHECK) {
		if (!cli_quiet)
			say(&r, co.dry_run);
		rc = r.approved ? 0 : 1;
	}
	/* rows.path is -o, not the /dev/null of a quiet run */
	rows.path = co.output;
	if ((c = cli_rows_close(&rows, st, l)) != 0)
		rc = c;
	goto done;
fail:
	rc = cli_fail_ledger(st, l);
done:
	ar_writer_free(rows.w);
	ar_ledger_close(l);
	return cli_finish(rc);
}
