/*
 * ar-note - the collector's log: record a call, e-mail, letter, visit or
 * note, a promise to pay, a payment plan, a change of the contact
 * preference; decide what became of the promises; list the day's work
 * and a customer's history.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-note [-nq] [-d DB] [--at DATETIME] [--collector NAME]\n"
	"               [--outcome OUTCOME] [--text TEXT] [--doc DOC_NO ...]\n"
	"               [--follow-up DATE] [--override REASON] [-f FMT] [-o FILE]\n"
	"               CUSTOMER call|email|letter|visit|note\n"
	"       ar-note [-nq] [-d DB] [--at DATETIME] [--collector NAME]\n"
	"               [--text TEXT] [--doc DOC_NO ...] [--follow-up DATE]\n"
	"               [-f FMT] [-o FILE] CUSTOMER promise --amount AMOUNT --on DATE\n"
	"       ar-note [-nq] [-d DB] [--at DATETIME] [--collector NAME]\n"
	"               [--text TEXT] [--doc DOC_NO ...] [-f FMT] [-o FILE]\n"
	"               CUSTOMER plan --amount TOTAL --instalments N\n"
	"               --every week|month|DAYS --first DATE\n"
	"       ar-note [-nq] [-d DB] [--at DATETIME] [--collector NAME] [-f FMT]\n"
	"               [-o FILE] CUSTOMER contact ok|no_calls|cease --text REASON\n"
	"       ar-note [-nq] [-d DB] [--as-of DATE] [-f FMT] [-o FILE] --evaluate\n"
	"       ar-note [-q] [-d DB] [--as-of DATE] [--at DATETIME]\n"
	"               [--collector NAME] [-f FMT] [-o FILE] --due\n"
	"       ar-note [-q] [-d DB] [--from DATE] [--to DATE] [-f FMT] [-o FILE]\n"
	"               --list CUSTOMER\n";

enum {
	OPT_AMOUNT = 256, OPT_AT, OPT_COLLECTOR, OPT_DOC, OPT_DUE, OPT_EVALUATE,
	OPT_EVERY, OPT_FIRST, OPT_FOLLOW_UP, OPT_FROM, OPT_INSTALMENTS,
	OPT_LIST, OPT_ON, OPT_OUTCOME, OPT_OVERRIDE, OPT_TEXT, OPT_TO
};

static const struct cli_option options[] = {
	{"amount", OPT_AMOUNT, required_argument, "AMOUNT",
	 "the amount promised, or the plan's total"},
	{"at", OPT_AT, required_argument, "DATETIME",
	 "when it happened (default now)"},
	{"collector", OPT_COLLECTOR, required_argument, "NAME",
	 "who did it (default $USER)"},
	{"doc", OPT_DOC, required_argument, "DOC_NO",
	 "a document it is about (again for more)"},
	{"due", OPT_DUE, no_argument, NULL, "list the follow-ups due"},
	{"evaluate", OPT_EVALUATE, no_argument, NULL,
	 "decide what became of the promises"},
	{"every", OPT_EVERY, required_argument, "week|month|DAYS",
	 "how often the plan's instalments fall due"},
	{"first", OPT_FIRST, required_argument, "DATE",
	 "the plan's first instalment"},
	{"follow-up", OPT_FOLLOW_UP, required_argument, "DATE",
	 "when to follow up"},
	{"from", OPT_FROM, required_argument, "DATE", "the history from DATE"},
	{"instalments", OPT_INSTALMENTS, required_argument, "N",
	 "the plan's number of instalments"},
	{"list", OPT_LIST, required_argument, "CUSTOMER",
	 "the customer's history"},
	{"on", OPT_ON, required_argument, "DATE", "the day promised"},
	{"outcome", OPT_OUTCOME, required_argument, "OUTCOME",
	 "what came of the contact"},
	{"override", OPT_OVERRIDE, required_argument, "REASON",
	 "contact against the customer's preference"},
	{"text", OPT_TEXT, required_argument, "TEXT", "what was said"},
	{"to", OPT_TO, required_argument, "DATE", "the history to DATE"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-note", usage_text,
	"kinds: call, email, letter, visit, note, promise, plan, contact",
	CLI_DB | CLI_FORMAT | CLI_DRY_RUN | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE_IGNORED |
	CLI_AS_OF, options,
};

struct run {
	struct ar_writer *w;
	struct ar_cells cells;
	long rows;
};

/* The cells of the next row, into the run's writer. */
static const struct ar_cells *next_row(struct run *x)
{
	x->rows++;
	ar_cells_writer(&x->cells, x->w);
	return &x->cells;
}

static ar_status on_note(void *ctx, const struct ar_note_row *r)
{
	return ar_note_row_put(next_row(ctx), r);
}

static ar_status on_promise(void *ctx, const struct ar_promise_row *r)
{
	return ar_promise_row_put(next_row(ctx), r);
}

static ar_status on_due(void *ctx, const struct ar_due_row *r)
{
	return ar_due_row_put(next_row(ctx), r);
}

static ar_status on_line(void *ctx, const struct ar_timeline_row *r)
{
	return ar_timeline_row_put(next_row(ctx), r);
}

/* --every week|month|DAYS: days, 0 for a month. */
static bool every_value(const char *s, int *days)
{
	long v;
	if (strcmp(s, "week") == 0)
		*days = 7;
	else if (strcmp(s, "month") == 0)
		*days = 0;
	else if (*s >= '0' && *s <= '9' && cli_long("--every", s, 1, 366, &v))
		*days = (int)v;
	else {
		if (*s < '0' || *s > '9')
			cli_err("--every: '%s' is not week, month or a number "
				"of days", s);
		return false;
	}
	return true;
}

/* The login name, the default collector. */
static const char *login_name(void)
{
	const char *u = getenv("USER");
	if (u && *u)
		return u;
	u = getlogin();
	return u ? u : "unknown";
}

int main(int argc, char **argv)
{
	struct ar_note n = {.follow_up = AR_DATE_NONE, .on = AR_DATE_NONE,
			    .first = AR_DATE_NONE, .every_days = -1};
	struct run run = {0};
	struct cli_opts co;
	struct cli_rows rows = {0};
	int argc0 = argc;
	char **argv0 = argv;
	struct ar_ledger *l = NULL;
	const char *list = NULL;
	const char *docs[64];
	bool due = false, evaluate = false;
	bool writes, has_at = false;
	ar_date as_of = AR_DATE_NONE, from = AR_DATE_NONE, to = AR_DATE_NONE;
	int c, rc = 0;
	long v;
	ar_status st;

	cli_init("ar-note");
	cli_opts_init(&co, &command);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case OPT_AMOUNT: n.amount = optarg; break;
		case OPT_AT:
			if (ar_time_parse(optarg, &n.at) != AR_OK) {
				cli_err("--at: '%s' is not a date and time "
					"(YYYY-MM-DDTHH:MM[:SS][Z])", optarg);
				return 2;
			}
			has_at = true;
			break;
		case OPT_COLLECTOR: n.collector = optarg; break;
		case OPT_DOC:
			if (n.ndocs == sizeof(docs) / sizeof(docs[0]))
				return cli_bad_usage("--doc: at most 64");
			docs[n.ndocs++] = optarg;
			break;
		case OPT_DUE: due = true; break;
		case OPT_EVALUATE: evaluate = true; break;
		case OPT_EVERY:
			if (!every_value(optarg, &n.every_days))
				return 2;
			break;
		case OPT_FIRST:
			if (!cli_date("--first", optarg, &n.first))
				return 2;
			break;
		case OPT_FOLLOW_UP:
			if (!cli_date("--follow-up", optarg, &n.follow_up))
				return 2;
			break;
		case OPT_FROM:
			if (!cli_date("--from", optarg, &from))
				return 2;
			break;
		case OPT_INSTALMENTS:
			if (!cli_long("--instalments", optarg, 1, 120, &v))
				return 2;
			n.instalments = (int)v;
			break;
		case OPT_LIST: list = optarg; break;
		case OPT_ON:
			if (!cli_date("--on", optarg, &n.on))
				return 2;
			break;
		case OPT_OUTCOME: n.outcome = optarg; break;
		case OPT_OVERRIDE: n.override = optarg; break;
		case OPT_TEXT: n.text = optarg; break;
		case OPT_TO:
			if (!cli_date("--to", optarg, &to))
				return 2;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	n.docs = docs;
	as_of = co.as_of;

	/* one job per run */
	if (due + evaluate + (list != NULL) + (argc > 0) != 1)
		return cli_bad_usage("give one of: CUSTOMER KIND, --evaluate, "
				   "--due, --list CUSTOMER");
	if (!due && !evaluate && !list) {
		if (argc < 2)
			return cli_bad_usage("give CUSTOMER and KIND");
		n.customer_id = argv[0];
		n.kind = argv[1];
		bool contact = strcmp(n.kind, "contact") == 0;
		if (argc != 2 + contact)
			return cli_bad_usage(contact ? "contact takes one of ok, "
					   "no_calls, cease" : "too many "
					   "operands");
		if (contact)
			n.contact = argv[2];
		bool promise = strcmp(n.kind, "promise") == 0;
		bool plan = strcmp(n.kind, "plan") == 0;
		if (!promise && !plan && !contact &&
		    !ar_note_kind_valid(n.kind)) {
			cli_err("'%s' is not a kind (call, email, letter, "
				"visit, note, promise, plan, contact)", n.kind);
			return 2;
		}
		if (n.amount && !promise && !plan)
			return cli_bad_usage("--amount goes with promise and plan");
		if (n.on != AR_DATE_NONE && !promise)
			return cli_bad_usage("--on goes with promise");
		if ((n.instalments || n.every_days >= 0 ||
		     n.first != AR_DATE_NONE) && !plan)
			return cli_bad_usage("--instalments, --every and --first "
					   "go with plan");
		if (plan && (!n.amount || !n.instalments || n.every_days < 0 ||
			     n.first == AR_DATE_NONE))
			return cli_bad_usage("plan needs --amount, --instalments, "
					   "--every and --first");
		if (promise && (!n.amount || n.on == AR_DATE_NONE))
			return cli_bad_usage("promise needs --amount and --on");
		if (contact && (!n.text || !*n.text))
			return cli_bad_usage("contact needs --text REASON");
		if (as_of != AR_DATE_NONE || from != AR_DATE_NONE ||
		    to != AR_DATE_NONE)
			return cli_bad_usage("--as-of, --from and --to go with "
					   "--evaluate, --due and --list");
		if (!n.collector)
			n.collector = login_name();
		if (!has_at)
			n.at = (int64_t)time(NULL);
	} else {
		if (n.amount || n.on != AR_DATE_NONE || n.instalments ||
		    n.every_days >= 0 || n.first != AR_DATE_NONE || n.ndocs ||
		    n.outcome || n.text || n.override ||
		    n.follow_up != AR_DATE_NONE)
			return cli_bad_usage("options of a record go with "
					   "CUSTOMER KIND");
		if ((n.collector || has_at) && !due)
			return cli_bad_usage("--collector and --at go with a "
					   "record or --due");
		if ((from != AR_DATE_NONE || to != AR_DATE_NONE) && !list)
			return cli_bad_usage("--from and --to go with --list");
		if (as_of != AR_DATE_NONE && list)
			return cli_bad_usage("--as-of does not go with --list "
					   "(give --to)");
		if (!has_at)
			n.at = (int64_t)time(NULL);
		if (as_of == AR_DATE_NONE)
			as_of = ar_date_today();
		if (from != AR_DATE_NONE && to != AR_DATE_NONE && from > to)
			return cli_bad_usage("--from is after --to");
	}
	writes = !due && !list;

	if ((st = cli_ledger_open(&l, co.db, writes ? 0
				 : AR_LEDGER_READONLY, NULL)) != AR_OK)
		goto fail;
	if (writes && (st = ar_ledger_begin(l, "ar-note", argc0, argv0,
					    NULL)) != AR_OK)
		goto fail;
	if (!cli_rows_open(&rows, &co, NULL, writes)) {
		rc = 4;
		goto done;
	}
	if (evaluate) {
		st = cli_rows_writer(&rows, &co, ar_promise_columns,
				     AR_PROMISE_COLUMNS, false);
		run.w = rows.w;
		if (st == AR_OK)
			st = ar_note_evaluate(l, as_of, on_promise, &run);
	} else if (due) {
		st = cli_rows_writer(&rows, &co, ar_due_columns,
				     AR_DUE_COLUMNS, false);
		run.w = rows.w;
		if (st == AR_OK)
			st = ar_note_due(l, as_of, n.at, n.collector, on_due,
					 &run);
	} else if (list) {
		st = cli_rows_writer(&rows, &co, ar_timeline_columns,
				     AR_TIMELINE_COLUMNS, false);
		run.w = rows.w;
		if (st == AR_OK)
			st = ar_note_timeline(l, list, from, to, on_line, &run);
		if (st == AR_ENOTFOUND)
			st = AR_EINPUT;
	} else {
		st = cli_rows_writer(&rows, &co, ar_note_columns,
				     AR_NOTE_COLUMNS, false);
		run.w = rows.w;
		if (st == AR_OK)
			st = ar_note_record(l, &n, on_note, &run);
	}
	if (st == AR_OK)
		st = ar_writer_finish(run.w);
	if (st == AR_OK && writes) {
		char summary[120];
		if (evaluate)
			snprintf(summary, sizeof(summary), "%ld promise "
				 "status%s recorded", run.rows,
				 run.rows == 1 ? "" : "es");
		else
			snprintf(summary, sizeof(summary), "%ld activit%s "
				 "recorded", run.rows, run.rows == 1 ? "y"
				 : "ies");
		if (co.dry_run)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && !cli_quiet)
			cli_err("%s%s", summary, co.dry_run ? " (dry run: nothing "
				"changed)" : "");
	}
	rc = cli_rows_close(&rows, st, l);
	goto done;
fail:
	rc = cli_fail_ledger(st, l);
done:
	ar_ledger_close(l);
	return cli_finish(rc);
}
