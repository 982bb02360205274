/*
 * ar-credit - may this customer's order ship?  A check as an exit code,
 * every decision recorded; overrides by approvers, holds and releases by
 * hand, the log of decisions and the review of limits.
 */
#include <getopt.h>
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
	OPT_AS_OF = 256, OPT_AMOUNT, OPT_CURRENCY, OPT_REASON, OPT_CUSTOMER,
	OPT_FROM, OPT_TO, OPT_EXCEL_SAFE
};

static const struct option longopts[] = {
	{"amount", required_argument, NULL, OPT_AMOUNT},
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"currency", required_argument, NULL, OPT_CURRENCY},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"db", required_argument, NULL, 'd'},
	{"dry-run", no_argument, NULL, 'n'},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"format", required_argument, NULL, 'f'},
	{"from", required_argument, NULL, OPT_FROM},
	{"help", no_argument, NULL, 'h'},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"reason", required_argument, NULL, OPT_REASON},
	{"to", required_argument, NULL, OPT_TO},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

enum job { CHECK, OVERRIDE, HOLD, RELEASE, LOG, REVIEW };
static const char *const jobs[] = {"check", "override", "hold", "release",
				   "log", "review", NULL};

/* Which options each job takes, as option letters and codes. */
static bool takes(enum job j, int c)
{
	switch (c) {
	case 'd': case 'f': case 'o': case 'q': case OPT_EXCEL_SAFE:
		return true;
	case 'n': return j <= RELEASE;
	case 'v': return j == CHECK;
	case OPT_AS_OF: return j != LOG;
	case OPT_AMOUNT: return j == CHECK || j == OVERRIDE;
	case OPT_CURRENCY: return j == CHECK || j == OVERRIDE;
	case OPT_REASON: return j == OVERRIDE || j == HOLD || j == RELEASE;
	case OPT_CUSTOMER: case OPT_FROM: case OPT_TO: return j == LOG;
	}
	return false;
}

/* An option as the user may have written it, for messages. */
static void opt_name(int c, char *buf, size_t size)
{
	for (const struct option *p = longopts; p->name; p++)
		if (p->val == c && c >= 256) {
			snprintf(buf, size, "--%s", p->name);
			return;
		}
	snprintf(buf, size, "-%c", c);
}

static int usage_error(const char *what)
{
	cli_err("%s", what);
	return 2;
}

static ar_status put_decision(void *ctx, const struct ar_credit_decision *d)
{
	return ar_credit_decision_write(ctx, d);
}

static ar_status put_review(void *ctx, const struct ar_credit_review_row *r)
{
	return ar_credit_review_write(ctx, r);
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
	struct cli_output out = {0};
	struct ar_ledger *l = NULL;
	struct ar_writer *w = NULL;
	const char *db = NULL, *output = NULL, *customer = NULL;
	enum ar_format fmt;
	enum job job;
	bool fmt_set = false, dry = false, verbose = false, writes;
	ar_date from = AR_DATE_NONE, to = AR_DATE_NONE;
	unsigned flags = 0;
	int64_t id = 0;
	int c, rc = 0, werr, argc0 = argc;
	char **argv0 = argv;
	ar_status st;

	cli_init("ar-credit");
	ar_credit_options_init(&o);
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage_text, stdout);
		return cli_finish(0);
	}
	if (argc > 1 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		puts("ar-credit (arkit) " AR_VERSION);
		return cli_finish(0);
	}
	for (job = 0; argc > 1 && jobs[job] && strcmp(argv[1], jobs[job]); job++)
		;
	if (argc < 2 || !jobs[job])
		return usage_error(argc < 2 ? "give one of: check, override, "
				   "hold, release, log, review"
				   : "not a job: give one of check, override, "
				   "hold, release, log, review");
	while ((c = getopt_long(argc - 1, argv + 1, "d:f:hno:qvV", longopts,
				NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return cli_finish(0);
		}
		if (c == 'V') {
			puts("ar-credit (arkit) " AR_VERSION);
			return cli_finish(0);
		}
		if (c == '?') {
			fputs(usage_text, stderr);
			return 2;
		}
		if (!takes(job, c)) {
			char name[32];
			opt_name(c, name, sizeof(name));
			cli_err("%s does not go with %s", name, jobs[job]);
			return 2;
		}
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!cli_format(optarg, &fmt))
				return 2;
			fmt_set = true;
			break;
		case 'n': dry = true; break;
		case 'o': output = optarg; break;
		case 'q': cli_quiet = true; break;
		case 'v': verbose = true; break;
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &o.as_of))
				return 2;
			break;
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
		case OPT_EXCEL_SAFE: flags |= AR_OUT_EXCEL_SAFE; break;
		}
	}
	argc -= optind + 1;
	argv += optind + 1;

	if (job <= RELEASE) {
		if (argc != 1)
			return usage_error(argc ? "give one customer" :
					   "give the customer");
		o.customer_id = argv[0];
	} else if (argc) {
		return usage_error("no operand expected");
	}
	if (job == OVERRIDE && !o.amount)
		return usage_error("--amount is required");
	if (job >= OVERRIDE && job <= RELEASE && (!o.reason || !*o.reason))
		return usage_error("--reason is required");
	if (from != AR_DATE_NONE && to != AR_DATE_NONE && from > to)
		return usage_error("--from is after --to");

	/* a check records its decision, so it takes the write lock; a dry
	 * run only reads and never waits for it */
	writes = job <= RELEASE && !(job == CHECK && dry);
	if ((st = ar_ledger_open(&l, cli_db(db), writes ? 0 : AR_LEDGER_READONLY,
				 NULL)) != AR_OK)
		goto fail;
	if (writes && (st = ar_ledger_begin(l, "ar-credit", argc0, argv0,
					    NULL)) != AR_OK)
		goto fail;
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	if (!cli_output_open(&out, cli_quiet && !output ? "/dev/null" : output) ||
	    (writes && !cli_output_spool(&out))) {
		rc = 4;
		goto done;
	}
	switch (job) {
	case CHECK:
		st = ar_writer_new(&w, out.fp, fmt, ar_credit_check_columns,
				   AR_CREDIT_CHECK_COLUMNS, flags);
		if (st == AR_OK && (st = ar_credit_check(l, &o, &r)) == AR_OK)
			st = ar_credit_check_write(w, &r, verbose);
		break;
	case OVERRIDE:
	case HOLD:
	case RELEASE:
		st = ar_writer_new(&w, out.fp, fmt, ar_credit_log_columns,
				   AR_CREDIT_LOG_COLUMNS, flags);
		if (st == AR_OK)
			st = job == OVERRIDE ? ar_credit_override(l, &o, &id)
				: ar_credit_hold(l, &o, job == HOLD, &id);
		if (st == AR_OK)
			st = ar_credit_decision_get(l, id, put_decision, w);
		break;
	case LOG:
		st = ar_writer_new(&w, out.fp, fmt, ar_credit_log_columns,
				   AR_CREDIT_LOG_COLUMNS, flags);
		if (st == AR_OK)
			st = ar_credit_log(l, customer, from, to, put_decision, w);
		break;
	case REVIEW:
		st = ar_writer_new(&w, out.fp, fmt, ar_credit_review_columns,
				   AR_CREDIT_REVIEW_COLUMNS, flags);
		if (st == AR_OK)
			st = ar_credit_review(l, o.as_of, put_review, w);
		break;
	}
	if (st == AR_OK)
		st = ar_writer_finish(w);
	if (st == AR_OK && writes) {
		const char *summary = job == OVERRIDE ? "override" : job == HOLD
			? "hold" : job == RELEASE ? "release" : r.override
			? "overridden" : r.pass ? "approved" : "held";
		if (dry)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && dry && job != CHECK && !cli_quiet)
			cli_err("%s (dry run: nothing changed)", summary);
	}
	if (st == AR_OK && job == CHECK) {
		if (!cli_quiet)
			say(&r, dry);
		rc = r.approved ? 0 : 1;
	}
	werr = ar_writer_errno(w);
	ar_writer_free(w);
	w = NULL;
	if (st != AR_OK) {
		cli_output_abort(&out);
		rc = cli_fail_output(st, l, werr, output);
		goto done;
	}
	if (!cli_output_commit(&out))
		rc = 4;
	goto done;
fail:
	rc = cli_fail_ledger(st, l);
done:
	ar_writer_free(w);
	ar_ledger_close(l);
	return cli_finish(rc);
}
