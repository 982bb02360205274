/*
 * ar-age - aging of receivables as of any date, summary or detail, proved
 * against the ledger's balance.
 */
#include <getopt.h>
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
	OPT_AS_OF = 256, OPT_KNOWN_AT, OPT_BY, OPT_BUCKETS, OPT_DETAIL,
	OPT_CUSTOMER, OPT_COLLECTOR, OPT_CURRENCY, OPT_MIN_BALANCE,
	OPT_OLDER_THAN, OPT_CREDITS, OPT_GL_BALANCE, OPT_EXCEL_SAFE, OPT_WIDE
};

static const struct option longopts[] = {
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"buckets", required_argument, NULL, OPT_BUCKETS},
	{"by", required_argument, NULL, OPT_BY},
	{"collector", required_argument, NULL, OPT_COLLECTOR},
	{"credits", required_argument, NULL, OPT_CREDITS},
	{"currency", required_argument, NULL, OPT_CURRENCY},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"db", required_argument, NULL, 'd'},
	{"detail", no_argument, NULL, OPT_DETAIL},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"format", required_argument, NULL, 'f'},
	{"gl-balance", required_argument, NULL, OPT_GL_BALANCE},
	{"help", no_argument, NULL, 'h'},
	{"known-at", required_argument, NULL, OPT_KNOWN_AT},
	{"min-balance", required_argument, NULL, OPT_MIN_BALANCE},
	{"older-than", required_argument, NULL, OPT_OLDER_THAN},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{"wide", no_argument, NULL, OPT_WIDE},
	{NULL, 0, NULL, 0},
};

static void say(void *ctx, const char *text)
{
	(void)ctx;
	cli_err("%s", text);
}

int main(int argc, char **argv)
{
	struct ar_column cols[AR_AGE_MAX_COLUMNS];
	struct ar_age_options a;
	struct ar_age_proof proof;
	struct ar_writer *w = NULL;
	struct ar_cells cells;
	struct cli_output out;
	char names[AR_AGE_MAX_BUCKETS][24];
	struct ar_ledger *l = NULL;
	const char *db = NULL, *known_at = NULL, *gl = NULL, *output = NULL;
	enum ar_format fmt;
	bool fmt_set = false, excel_safe = false, wide = false, detail = false;
	long v;
	int c, rc;
	ar_status st;

	cli_init("ar-age");
	ar_age_options_init(&a);
	while ((c = getopt_long(argc, argv, "d:f:ho:qvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!cli_format(optarg, &fmt))
				return 2;
			fmt_set = true;
			break;
		case 'h': fputs(usage_text, stdout); return cli_finish(0);
		case 'o': output = optarg; break;
		case 'q': cli_quiet = true; break;
		case 'v': break;
		case 'V': puts("ar-age (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &a.as_of))
				return 2;
			break;
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
		case OPT_EXCEL_SAFE: excel_safe = true; break;
		case OPT_WIDE: wide = true; break;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if (optind < argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		fputs(usage_text, stderr);
		return 2;
	}
	if ((st = ar_ledger_open(&l, cli_db(db), AR_LEDGER_READONLY, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_progress(l, cli_ledger_progress, NULL);
	if (known_at && (st = ar_ledger_known_at(l, known_at, &a.known_batch)) != AR_OK)
		goto fail;
	if ((st = ar_age_options_load(l, &a)) != AR_OK)
		goto fail;
	char gl_cur[4] = "";
	if (gl && (st = ar_age_gl_currency(l, &a, gl_cur)) != AR_OK)
		goto fail;

	size_t n = ar_age_columns(&a, detail, cols, names);
	if (!cli_output_open(&out, output)) {
		ar_ledger_close(l);
		return 4;
	}
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	st = ar_writer_new(&w, out.fp, fmt, cols, n,
			   excel_safe ? AR_OUT_EXCEL_SAFE : 0);
	if (st == AR_OK && fmt == AR_FMT_TABLE)
		cli_table_fit(w, out.fp, wide);
	if (st == AR_OK) {
		char rule[1024];
		ar_age_rule_text(&a, rule, sizeof(rule));
		ar_writer_caption(w, rule);
		ar_cells_writer(&cells, w);
		st = ar_age_write(l, &a, detail, &cells, &proof);
	}
	if (st == AR_OK)
		st = ar_writer_finish(w);
	int werr = ar_writer_errno(w);
	ar_writer_free(w);
	if (st != AR_OK) {
		cli_output_abort(&out);
		rc = cli_fail_output(st, l, werr, output);
		ar_ledger_close(l);
		return cli_finish(rc);
	}
	long problems;
	if (ar_age_prove(&proof, gl, gl_cur, say, NULL, &problems) != AR_OK) {
		cli_err("--gl-balance: '%s' is not an amount in %s", gl, gl_cur);
		rc = 2;
	} else {
		rc = problems ? 1 : 0;
	}
	if (!cli_output_commit(&out) && rc == 0)
		rc = 4;
	ar_ledger_close(l);
	return cli_finish(rc);
fail:
	rc = cli_fail(st, ar_ledger_errmsg(l));
	ar_ledger_close(l);
	return cli_finish(rc);
}
