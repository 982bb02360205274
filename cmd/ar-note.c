/*
 * ar-note - the collector's log: record a call, e-mail, letter, visit or
 * note, a promise to pay, a payment plan, a change of the contact
 * preference; decide what became of the promises; list the day's work
 * and a customer's history.
 */
#include <getopt.h>
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
	OPT_AMOUNT = 256, OPT_AS_OF, OPT_AT, OPT_COLLECTOR, OPT_DOC, OPT_DUE,
	OPT_EVALUATE, OPT_EVERY, OPT_FIRST, OPT_FOLLOW_UP, OPT_FROM,
	OPT_INSTALMENTS, OPT_LIST, OPT_ON, OPT_OUTCOME, OPT_OVERRIDE, OPT_TEXT,
	OPT_TO
};

static const struct option longopts[] = {
	{"amount", required_argument, NULL, OPT_AMOUNT},
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"at", required_argument, NULL, OPT_AT},
	{"collector", required_argument, NULL, OPT_COLLECTOR},
	{"db", required_argument, NULL, 'd'},
	{"doc", required_argument, NULL, OPT_DOC},
	{"dry-run", no_argument, NULL, 'n'},
	{"due", no_argument, NULL, OPT_DUE},
	{"evaluate", no_argument, NULL, OPT_EVALUATE},
	{"every", required_argument, NULL, OPT_EVERY},
	{"first", required_argument, NULL, OPT_FIRST},
	{"follow-up", required_argument, NULL, OPT_FOLLOW_UP},
	{"format", required_argument, NULL, 'f'},
	{"from", required_argument, NULL, OPT_FROM},
	{"help", no_argument, NULL, 'h'},
	{"instalments", required_argument, NULL, OPT_INSTALMENTS},
	{"list", required_argument, NULL, OPT_LIST},
	{"on", required_argument, NULL, OPT_ON},
	{"outcome", required_argument, NULL, OPT_OUTCOME},
	{"output", required_argument, NULL, 'o'},
	{"override", required_argument, NULL, OPT_OVERRIDE},
	{"quiet", no_argument, NULL, 'q'},
	{"text", required_argument, NULL, OPT_TEXT},
	{"to", required_argument, NULL, OPT_TO},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

struct run {
	struct ar_writer *w;
	long rows;
};

static ar_status on_note(void *ctx, const struct ar_note_row *r)
{
	struct run *x = ctx;
	x->rows++;
	return ar_note_row_write(x->w, r);
}

static ar_status on_promise(void *ctx, const struct ar_promise_row *r)
{
	struct run *x = ctx;
	x->rows++;
	return ar_promise_row_write(x->w, r);
}

static ar_status on_due(void *ctx, const struct ar_due_row *r)
{
	struct run *x = ctx;
	x->rows++;
	return ar_due_row_write(x->w, r);
}

static ar_status on_line(void *ctx, const struct ar_timeline_row *r)
{
	struct run *x = ctx;
	x->rows++;
	return ar_timeline_row_write(x->w, r);
}

static int usage_error(const char *what)
{
	cli_err("%s", what);
	return 2;
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
	struct cli_output out = {0};
	int argc0 = argc;
	char **argv0 = argv;
	struct ar_ledger *l = NULL;
	const char *db = NULL, *output = NULL, *list = NULL;
	const char *docs[64];
	enum ar_format fmt;
	bool fmt_set = false, dry = false, due = false, evaluate = false;
	bool writes, has_at = false;
	ar_date as_of = AR_DATE_NONE, from = AR_DATE_NONE, to = AR_DATE_NONE;
	int c, rc = 0;
	long v;
	ar_status st;

	cli_init("ar-note");
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
		case 'V': puts("ar-note (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AMOUNT: n.amount = optarg; break;
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &as_of))
				return 2;
			break;
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
				return usage_error("--doc: at most 64");
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
		default: fputs(usage_text, stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;
	n.docs = docs;

	/* one job per run */
	if (due + evaluate + (list != NULL) + (argc > 0) != 1)
		return usage_error("give one of: CUSTOMER KIND, --evaluate, "
				   "--due, --list CUSTOMER");
	if (!due && !evaluate && !list) {
		if (argc < 2)
			return usage_error("give CUSTOMER and KIND");
		n.customer_id = argv[0];
		n.kind = argv[1];
		bool contact = strcmp(n.kind, "contact") == 0;
		if (argc != 2 + contact)
			return usage_error(contact ? "contact takes one of ok, "
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
			return usage_error("--amount goes with promise and plan");
		if (n.on != AR_DATE_NONE && !promise)
			return usage_error("--on goes with promise");
		if ((n.instalments || n.every_days >= 0 ||
		     n.first != AR_DATE_NONE) && !plan)
			return usage_error("--instalments, --every and --first "
					   "go with plan");
		if (plan && (!n.amount || !n.instalments || n.every_days < 0 ||
			     n.first == AR_DATE_NONE))
			return usage_error("plan needs --amount, --instalments, "
					   "--every and --first");
		if (promise && (!n.amount || n.on == AR_DATE_NONE))
			return usage_error("promise needs --amount and --on");
		if (contact && (!n.text || !*n.text))
			return usage_error("contact needs --text REASON");
		if (as_of != AR_DATE_NONE || from != AR_DATE_NONE ||
		    to != AR_DATE_NONE)
			return usage_error("--as-of, --from and --to go with "
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
			return usage_error("options of a record go with "
					   "CUSTOMER KIND");
		if ((n.collector || has_at) && !due)
			return usage_error("--collector and --at go with a "
					   "record or --due");
		if ((from != AR_DATE_NONE || to != AR_DATE_NONE) && !list)
			return usage_error("--from and --to go with --list");
		if (as_of != AR_DATE_NONE && list)
			return usage_error("--as-of does not go with --list "
					   "(give --to)");
		if (!has_at)
			n.at = (int64_t)time(NULL);
		if (as_of == AR_DATE_NONE)
			as_of = ar_date_today();
		if (from != AR_DATE_NONE && to != AR_DATE_NONE && from > to)
			return usage_error("--from is after --to");
	}
	writes = !due && !list;

	if ((st = ar_ledger_open(&l, cli_db(db), writes ? 0
				 : AR_LEDGER_READONLY, NULL)) != AR_OK)
		goto fail;
	if (writes && (st = ar_ledger_begin(l, "ar-note", argc0, argv0,
					    NULL)) != AR_OK)
		goto fail;
	if (!cli_output_open(&out, output)) {
		rc = 4;
		goto done;
	}
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	if (writes && !cli_output_spool(&out)) {
		rc = 4;
		goto done;
	}
	if (evaluate) {
		st = ar_writer_new(&run.w, out.fp, fmt, ar_promise_columns,
				   AR_PROMISE_COLUMNS, 0);
		if (st == AR_OK)
			st = ar_note_evaluate(l, as_of, on_promise, &run);
	} else if (due) {
		st = ar_writer_new(&run.w, out.fp, fmt, ar_due_columns,
				   AR_DUE_COLUMNS, 0);
		if (st == AR_OK)
			st = ar_note_due(l, as_of, n.at, n.collector, on_due,
					 &run);
	} else if (list) {
		st = ar_writer_new(&run.w, out.fp, fmt, ar_timeline_columns,
				   AR_TIMELINE_COLUMNS, 0);
		if (st == AR_OK)
			st = ar_note_timeline(l, list, from, to, on_line, &run);
		if (st == AR_ENOTFOUND)
			st = AR_EINPUT;
	} else {
		st = ar_writer_new(&run.w, out.fp, fmt, ar_note_columns,
				   AR_NOTE_COLUMNS, 0);
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
		if (dry)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && !cli_quiet)
			cli_err("%s%s", summary, dry ? " (dry run: nothing "
				"changed)" : "");
	}
	int werr = ar_writer_errno(run.w);
	ar_writer_free(run.w);
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
	ar_ledger_close(l);
	return cli_finish(rc);
}
