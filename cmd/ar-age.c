/*
 * ar-age - aging of receivables as of any date, summary or detail, proved
 * against the ledger's balance.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-age [-q] [-d DB] [--as-of DATE] [--known-at TS] [--by due|invoice]\n"
	"              [--buckets LIST] [--detail] [--customer ID] [--collector NAME]\n"
	"              [--currency CUR] [--min-balance AMOUNT] [--older-than DAYS]\n"
	"              [--credits column|aged] [--gl-balance AMOUNT] [--excel-safe]\n"
	"              [-f FMT] [--wide] [-o FILE]\n";

enum {
	OPT_KNOWN_AT = 256, OPT_BY, OPT_BUCKETS, OPT_DETAIL, OPT_CUSTOMER,
	OPT_COLLECTOR, OPT_CURRENCY, OPT_MIN_BALANCE, OPT_OLDER_THAN,
	OPT_CREDITS, OPT_GL_BALANCE, OPT_WIDE
};

static const struct cli_option options[] = {
	{"buckets", OPT_BUCKETS, required_argument, "LIST",
	 "the buckets' upper day counts (e.g. 30,60,90,120)"},
	{"by", OPT_BY, required_argument, "due|invoice",
	 "age from the due date or the invoice date"},
	{"collector", OPT_COLLECTOR, required_argument, "NAME",
	 "only this collector's customers"},
	{"credits", OPT_CREDITS, required_argument, "column|aged",
	 "unapplied credits in a column of their own, or aged"},
	{"currency", OPT_CURRENCY, required_argument, "CUR",
	 "only this currency"},
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer"},
	{"detail", OPT_DETAIL, no_argument, NULL, "one row per open document"},
	{"gl-balance", OPT_GL_BALANCE, required_argument, "AMOUNT",
	 "prove the total against the general ledger"},
	{"known-at", OPT_KNOWN_AT, required_argument, "TS",
	 "the ledger as it was known then"},
	{"min-balance", OPT_MIN_BALANCE, required_argument, "AMOUNT",
	 "only customers owing at least AMOUNT"},
	{"older-than", OPT_OLDER_THAN, required_argument, "DAYS",
	 "only customers with items older than DAYS"},
	{"wide", OPT_WIDE, no_argument, NULL,
	 "a table as wide as its cells, not the terminal"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-age", usage_text, NULL,
	CLI_DB | CLI_FORMAT | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE_IGNORED | CLI_AS_OF |
	CLI_EXCEL_SAFE, options,
};

int main(int argc, char **argv)
{
	struct ar_column cols[AR_AGE_MAX_COLUMNS];
	struct ar_age_options a;
	struct ar_age_proof proof;
	struct cli_opts co;
	struct cli_rows rows;
	char names[AR_AGE_MAX_BUCKETS][24];
	struct ar_ledger *l = NULL;
	const char *known_at = NULL, *gl = NULL;
	bool wide = false, detail = false;
	long v;
	int c, rc;
	ar_status st;

	cli_init("ar-age");
	cli_opts_init(&co, &command);
	ar_age_options_init(&a);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case OPT_KNOWN_AT: known_at = optarg; break;
		case OPT_BY:
			if (strcmp(optarg, "due") && strcmp(optarg, "invoice")) {
				cli_err("--by: '%s' is not due or invoice", optarg);
				return 2;
			}
			a.by = optarg[0] == 'd' ? AR_AGE_BY_DUE : AR_AGE_BY_INVOICE;
			break;
		case OPT_BUCKETS:
			if (ar_age_parse_edges(&a, optarg) != AR_OK) {
				cli_err("--buckets: '%s' is not 1 to %d ascending "
					"day counts (e.g. 30,60,90,120)", optarg,
					AR_AGE_MAX_EDGES);
				return 2;
			}
			break;
		case OPT_DETAIL: detail = true; break;
		case OPT_CUSTOMER: a.customer_id = optarg; break;
		case OPT_COLLECTOR: a.collector = optarg; break;
		case OPT_CURRENCY: a.currency = optarg; break;
		case OPT_MIN_BALANCE: a.min_balance = optarg; break;
		case OPT_OLDER_THAN:
			if (!cli_long("--older-than", optarg, 0, 36500, &v))
				return 2;
			a.older_than = (int)v;
			break;
		case OPT_CREDITS:
			if (strcmp(optarg, "column") && strcmp(optarg, "aged")) {
				cli_err("--credits: '%s' is not column or aged", optarg);
				return 2;
			}
			a.credits_aged = optarg[0] == 'a';
			break;
		case OPT_GL_BALANCE: gl = optarg; break;
		case OPT_WIDE: wide = true; break;
		}
	}
	if (optind < argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		return cli_usage_error(&co);
	}
	if (co.as_of != AR_DATE_NONE)
		a.as_of = co.as_of;
	if ((st = cli_ledger_open(&l, co.db, AR_LEDGER_READONLY, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, cli_ledger_notice, NULL);
	if (known_at && (st = ar_ledger_known_at(l, known_at, &a.known_batch)) != AR_OK)
		goto fail;
	if ((st = ar_age_options_load(l, &a)) != AR_OK)
		goto fail;
	char gl_cur[4] = "";
	if (gl && (st = ar_age_gl_currency(l, &a, gl_cur)) != AR_OK)
		goto fail;

	size_t n = ar_age_columns(&a, detail, cols, names);
	if (!cli_rows_open(&rows, &co, NULL, false)) {
		ar_ledger_close(l);
		return 4;
	}
	st = cli_rows_writer(&rows, &co, cols, n, !wide);
	if (st == AR_OK) {
		char rule[1024];
		ar_age_rule_text(&a, rule, sizeof(rule));
		ar_writer_caption(rows.w, rule);
		st = ar_age_write(l, &a, detail, &rows.cells, &proof);
	}
	if (st == AR_OK)
		st = ar_writer_finish(rows.w);
	if (st != AR_OK) {
		rc = cli_rows_close(&rows, st, l);
		ar_ledger_close(l);
		return cli_finish(rc);
	}
	ar_writer_free(rows.w);	/* the proof speaks after the rows */
	rows.w = NULL;
	long problems;
	if (ar_age_prove(&proof, gl, gl_cur, cli_ledger_notice, NULL,
			 &problems) != AR_OK) {
		cli_err("--gl-balance: '%s' is not an amount in %s", gl, gl_cur);
		rc = 2;
	} else {
		rc = problems ? 1 : 0;
	}
	if (cli_rows_close(&rows, AR_OK, l) && rc == 0)
		rc = 4;
	ar_ledger_close(l);
	return cli_finish(rc);
fail:
	rc = cli_fail_ledger(st, l);
	ar_ledger_close(l);
	return cli_finish(rc);
}
