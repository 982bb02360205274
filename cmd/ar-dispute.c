/*
 * ar-dispute - open disputes of invoices with a reason code, work them
 * (notes, owners), list them, and resolve each once: by a credit memo, a
 * write-off, a rebill, or by reinstating the amount.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-dispute open [-nq] [-d DB] [--date DATE] --reason CODE\n"
	"                  [--amount AMOUNT] [--owner NAME] [--text TEXT] DOC_NO\n"
	"       ar-dispute note [-nq] [-d DB] [--date DATE] --text TEXT ID\n"
	"       ar-dispute assign [-nq] [-d DB] [--date DATE] --owner NAME ID\n"
	"       ar-dispute list [-q] [-d DB] [--as-of DATE]\n"
	"                  [--status open|resolved|all] [--owner NAME]\n"
	"                  [--reason CODE] [--customer ID] [--excel-safe]\n"
	"                  [-f FMT] [-o FILE]\n"
	"       ar-dispute resolve [-nq] [-d DB] [--date DATE] [--allow-closed]\n"
	"                  [--text TEXT] [--excel-safe] [-f FMT] [-o FILE] ID\n"
	"                  --credit [AMOUNT] | --writeoff | --reinstate |\n"
	"                  --rebill NEW_INVOICE_NO --amount AMOUNT [--due DATE]\n";

enum {
	OPT_DATE = 256, OPT_REASON, OPT_AMOUNT, OPT_OWNER, OPT_TEXT, OPT_STATUS,
	OPT_CUSTOMER, OPT_ALLOW_CLOSED, OPT_CREDIT, OPT_WRITEOFF, OPT_REINSTATE,
	OPT_REBILL, OPT_DUE
};

static const struct cli_option options[] = {
	{"allow-closed", OPT_ALLOW_CLOSED, no_argument, NULL,
	 "post into a closed period"},
	{"amount", OPT_AMOUNT, required_argument, "AMOUNT",
	 "the amount disputed, or the rebill's"},
	{"credit", OPT_CREDIT, optional_argument, "AMOUNT",
	 "resolve by a credit memo (default the amount disputed)"},
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer's disputes"},
	{"date", OPT_DATE, required_argument, "DATE",
	 "the day of the change (default today)"},
	{"due", OPT_DUE, required_argument, "DATE", "the rebill's due date"},
	{"owner", OPT_OWNER, required_argument, "NAME",
	 "who works the dispute"},
	{"reason", OPT_REASON, required_argument, "CODE",
	 "the reason code of the dispute"},
	{"rebill", OPT_REBILL, required_argument, "NEW_INVOICE_NO",
	 "resolve by a new invoice for --amount"},
	{"reinstate", OPT_REINSTATE, no_argument, NULL,
	 "resolve by reinstating the amount"},
	{"status", OPT_STATUS, required_argument, "open|resolved|all",
	 "the disputes listed"},
	{"text", OPT_TEXT, required_argument, "TEXT", "a note on the dispute"},
	{"writeoff", OPT_WRITEOFF, no_argument, NULL,
	 "resolve by writing the amount off"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-dispute", usage_text, "commands: open, note, assign, list, resolve",
	CLI_DB | CLI_FORMAT | CLI_DRY_RUN | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE_IGNORED |
	CLI_AS_OF | CLI_EXCEL_SAFE, options,
};

struct opts {
	struct cli_opts co;	/* -d, -f, -n, -o, --excel-safe */
	const char *reason, *amount, *owner, *text, *customer;
	const char *credit, *rebill;
	bool credit_set, writeoff, reinstate, allow_closed;
	bool date_set;
	enum ar_dispute_status status;
	ar_date date, as_of, due;
};

/* An ID operand: a dispute number. */
static bool dispute_id(const char *s, int64_t *id)
{
	long v;
	if (!cli_long("ID", s, 1, LONG_MAX, &v))
		return false;
	*id = v;
	return true;
}

/* Rows of list or resolve to the output. */
static bool out_open(struct cli_rows *out, const struct opts *op, bool spool,
		     const struct ar_column *cols, size_t n)
{
	if (!cli_rows_open(out, &op->co, NULL, spool))
		return false;
	if (cli_rows_writer(out, &op->co, cols, n, false) != AR_OK) {
		cli_err("out of memory");
		cli_output_abort(&out->out);
		return false;
	}
	return true;
}

static ar_status on_row(void *ctx, const struct ar_dispute_row *r)
{
	return ar_dispute_row_put(ctx, r);
}

static int list(struct ar_ledger *l, const struct opts *op)
{
	struct ar_dispute_filter f = {
		.as_of = op->as_of, .status = op->status, .owner = op->owner,
		.reason = op->reason, .customer_id = op->customer,
	};
	struct cli_rows out = {0};
	if (!out_open(&out, op, false, ar_dispute_columns, AR_DISPUTE_COLUMNS))
		return 4;
	ar_status st = ar_dispute_list(l, &f, on_row, &out.cells);
	if (st == AR_OK)
		st = ar_writer_finish(out.w);
	return cli_rows_close(&out, st, l);

	return cli_output_commit(&out.out) ? 0 : 4;
}

/* open, note, assign, resolve: one batch each. */
static int change(struct ar_ledger *l, const char *sub, const char *operand,
		  const struct opts *op, int argc, char **argv)
{
	struct ar_dispute_result res;
	struct cli_rows out = {0};
	char msg[300], m[AR_MONEY_BUFSZ];
	int64_t id = 0;
	ar_status st;
	bool resolve = strcmp(sub, "resolve") == 0;

	if (strcmp(sub, "open") && !dispute_id(operand, &id))
		return 2;
	if ((st = ar_ledger_begin(l, "ar-dispute", argc, argv, NULL)) != AR_OK)
		return cli_fail_ledger(st, l);
	if (resolve && !out_open(&out, op, true, ar_dispute_result_columns,
				 AR_DISPUTE_RESULT_COLUMNS)) {
		ar_ledger_rollback(l);
		return 4;
	}
	if (strcmp(sub, "open") == 0) {
		struct ar_dispute_new d = {
			.doc_no = operand, .reason = op->reason,
			.amount = op->amount, .owner = op->owner,
			.text = op->text, .date = op->date,
		};
		if ((st = ar_dispute_open(l, &d, &id)) == AR_OK)
			snprintf(msg, sizeof(msg), "dispute %lld opened on '%s'",
				 (long long)id, operand);
	} else if (!resolve) {
		st = ar_dispute_note(l, id, op->date, op->owner, op->text);
		snprintf(msg, sizeof(msg), "dispute %lld: %s", (long long)id,
			 op->text ? "note added" : "assigned");
	} else {
		struct ar_dispute_resolve r = {
			.id = id, .text = op->text, .date = op->date,
			.allow_closed = op->allow_closed, .due = op->due,
		};
		if (op->credit_set) {
			r.how = AR_DISPUTE_CREDIT;
			r.amount = op->credit;
		} else if (op->writeoff) {
			r.how = AR_DISPUTE_WRITEOFF;
		} else if (op->reinstate) {
			r.how = AR_DISPUTE_REINSTATE;
		} else {
			r.how = AR_DISPUTE_REBILL;
			r.new_invoice_no = op->rebill;
			r.amount = op->amount;
		}
		st = ar_dispute_resolve(l, &r, &res);
		if (st == AR_OK)
			st = ar_dispute_result_put(&out.cells, &res);
		if (st == AR_OK)
			st = ar_writer_finish(out.w);
		if (st == AR_OK && res.request) {
			ar_money_format(m, res.amount, res.exponent, 0);
			snprintf(msg, sizeof(msg), "dispute %lld stays open: the "
				 "write-off of %s %s waits for approval as request "
				 "%lld", (long long)id, m, res.currency,
				 (long long)res.request);
		} else if (st == AR_OK) {
			snprintf(msg, sizeof(msg), "dispute %lld resolved: %s",
				 (long long)id, res.resolution);
		}
	}
	int werr = resolve ? ar_writer_errno(out.w) : 0;
	ar_writer_free(out.w);
	if (st == AR_OK && op->co.dry_run)
		ar_ledger_rollback(l);
	else if (st == AR_OK)
		st = ar_ledger_commit(l, msg);
	if (st != AR_OK) {
		if (resolve)
			cli_output_abort(&out.out);
		return cli_fail_output(st, l, werr, op->co.output);
	}
	if (resolve && !cli_output_commit(&out.out))
		return 4;
	if (strcmp(sub, "open") == 0)
		printf("%lld\n", (long long)id);
	if (!cli_quiet)
		cli_err("%s%s", msg, op->co.dry_run ? " (dry run: nothing changed)" : "");
	return 0;
}

/* What each subcommand takes, beyond -d, -n, -q, -h, -V. */
static int check(const char *sub, struct opts *op, int argc, char **argv)
{
	bool list = strcmp(sub, "list") == 0;
	bool resolve = strcmp(sub, "resolve") == 0;
	bool open = strcmp(sub, "open") == 0;
	bool note = strcmp(sub, "note") == 0;
	bool assign = strcmp(sub, "assign") == 0;
	int ways = op->credit_set + op->writeoff + op->reinstate +
		   (op->rebill != NULL);

	if (!list && !resolve && !open && !note && !assign) {
		cli_err("'%s' is not a subcommand (open, note, assign, list, "
			"resolve)", sub);
		return 2;
	}
	/* --credit AMOUNT: getopt takes an optional value only as
	 * --credit=AMOUNT, so a second operand is that amount */
	if (resolve && op->credit_set && !op->credit && argc == 2) {
		op->credit = argv[1];
		argc = 1;
	}
	if (argc != (list ? 0 : 1))
		return cli_bad_usage(list ? "list takes no operand"
			: open ? "open takes one DOC_NO" : "give one dispute ID");
	if (!list && (op->customer || op->status != AR_DISPUTE_OPEN))
		return cli_bad_usage("--customer and --status go with list");
	if (!list && !resolve && op->co.excel_safe)
		return cli_bad_usage("--excel-safe goes with list and resolve");
	if (list && (op->co.dry_run || op->date_set || op->text || op->amount))
		return cli_bad_usage("list takes no -n, --date, --text or "
				   "--amount (--as-of sets its date)");
	if (!list && op->as_of != AR_DATE_NONE)
		return cli_bad_usage("--as-of goes with list (--date sets the "
				   "date of a change)");
	if (!open && !list && op->reason)
		return cli_bad_usage("--reason goes with open and list");
	if (open && !op->reason)
		return cli_bad_usage("--reason is required");
	if (note && !op->text)
		return cli_bad_usage("--text is required");
	if (assign && (!op->owner || op->text))
		return cli_bad_usage("assign takes --owner (and no --text)");
	if (note && op->owner)
		return cli_bad_usage("--owner goes with open, assign and list");
	if (resolve && op->owner)
		return cli_bad_usage("--owner goes with open, assign and list");
	if (!resolve && (ways || op->allow_closed || op->due != AR_DATE_NONE))
		return cli_bad_usage("--credit, --writeoff, --reinstate, --rebill, "
				   "--due and --allow-closed go with resolve");
	if (resolve && ways != 1)
		return cli_bad_usage("resolve takes one of --credit, --writeoff, "
				   "--reinstate, --rebill");
	if (resolve && !op->rebill && (op->amount || op->due != AR_DATE_NONE))
		return cli_bad_usage("--amount and --due go with --rebill");
	if (resolve && op->rebill && !op->amount)
		return cli_bad_usage("--rebill needs --amount");
	if (!open && !resolve && op->amount)
		return cli_bad_usage("--amount goes with open and resolve --rebill");
	if (!list && !resolve && (op->co.format_set || op->co.output))
		return cli_bad_usage("-f and -o go with list and resolve");
	if (op->as_of == AR_DATE_NONE)
		op->as_of = ar_date_today();
	return 0;
}

int main(int argc, char **argv)
{
	struct opts op = {.status = AR_DISPUTE_OPEN, .as_of = AR_DATE_NONE,
			  .due = AR_DATE_NONE};
	struct ar_ledger *l = NULL;
	int argc0 = argc, c, rc;
	char *argv0[argc + 1];	/* the command line as given, for the batch:
				 * getopt_long() reorders argv */
	ar_status st;

	memcpy(argv0, argv, sizeof(argv0));
	cli_init("ar-dispute");
	cli_opts_init(&op.co, &command);
	op.date = ar_date_today();
	while ((c = cli_getopt(&op.co, argc, argv)) != -1) {
		switch (c) {
		case OPT_DATE:
			if (!cli_date("--date", optarg, &op.date))
				return 2;
			op.date_set = true;
			break;
		case OPT_DUE:
			if (!cli_date("--due", optarg, &op.due))
				return 2;
			break;
		case OPT_REASON: op.reason = optarg; break;
		case OPT_AMOUNT: op.amount = optarg; break;
		case OPT_OWNER: op.owner = optarg; break;
		case OPT_TEXT: op.text = optarg; break;
		case OPT_CUSTOMER: op.customer = optarg; break;
		case OPT_STATUS:
			if (strcmp(optarg, "open") == 0)
				op.status = AR_DISPUTE_OPEN;
			else if (strcmp(optarg, "resolved") == 0)
				op.status = AR_DISPUTE_RESOLVED;
			else if (strcmp(optarg, "all") == 0)
				op.status = AR_DISPUTE_ALL;
			else {
				cli_err("--status: '%s' is not open, resolved "
					"or all", optarg);
				return 2;
			}
			break;
		case OPT_ALLOW_CLOSED: op.allow_closed = true; break;
		case OPT_CREDIT:
			op.credit_set = true;
			op.credit = optarg;
			break;
		case OPT_WRITEOFF: op.writeoff = true; break;
		case OPT_REINSTATE: op.reinstate = true; break;
		case OPT_REBILL: op.rebill = optarg; break;
		}
	}
	argc -= optind;
	argv += optind;
	op.as_of = op.co.as_of;
	if (argc < 1)
		return cli_usage_error(&op.co);
	const char *sub = argv[0];
	if ((rc = check(sub, &op, argc - 1, argv + 1)) != 0)
		return rc;

	if ((st = cli_ledger_open(&l, op.co.db, 0, NULL)) != AR_OK) {
		rc = cli_fail_ledger(st, l);
	} else if (strcmp(sub, "list") == 0) {
		rc = list(l, &op);
	} else {
		ar_ledger_set_notice(l, cli_ledger_notice, NULL);
		rc = change(l, sub, argv[1], &op, argc0, argv0);
	}
	ar_ledger_close(l);
	return cli_finish(rc);
}
