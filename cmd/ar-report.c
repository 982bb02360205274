/*
 * ar-report - collection KPIs, trend, customer behaviour, worklist, cash
 * forecast and unapplied cash as of any date, or all of them as the
 * morning Excel workbook.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-report [-q] [-d DB] [--as-of DATE] [--from DATE] [--to DATE]\n"
	"                 [--known-at TS] [--months N] [--weeks N] [--excel-safe]\n"
	"                 [--cei-months N] [--countback calendar|30] [-f FMT]\n"
	"                 [--wide] [-o FILE] REPORT\n"
	"       ar-report [-q] [-d DB] [--as-of DATE] [--from DATE] [--to DATE]\n"
	"                 [--every month|quarter] [--weeks N] [-f FMT] [-o FILE]\n"
	"                 backtest\n"
	"       ar-report [-q] [-d DB] [--as-of DATE] [--from DATE] [--to DATE]\n"
	"                 [--known-at TS] [--months N] [--weeks N]\n"
	"                 [--cei-months N] [--countback calendar|30] --xlsx FILE\n"
	"                 [REPORT ...]\n"
	"       ar-report --xlsx FILE --from-csv FILE\n";

#define REPORTS "kpi, trend, customers, worklist, forecast, unapplied, " \
	"disputes, collectors, promises"
static const char reports_text[] = REPORTS;

enum {
	OPT_FROM = 256, OPT_TO, OPT_KNOWN_AT, OPT_MONTHS, OPT_WEEKS, OPT_XLSX,
	OPT_FROM_CSV, OPT_EVERY, OPT_CEI_MONTHS, OPT_COUNTBACK, OPT_WIDE
};

static const struct cli_option options[] = {
	{"cei-months", OPT_CEI_MONTHS, required_argument, "N",
	 "months of the collection effectiveness index"},
	{"countback", OPT_COUNTBACK, required_argument, "calendar|30",
	 "DSO counted back by calendar months or 30-day months"},
	{"every", OPT_EVERY, required_argument, "month|quarter",
	 "how often the back-test looks ahead"},
	{"from", OPT_FROM, required_argument, "DATE", "the period's first day"},
	{"from-csv", OPT_FROM_CSV, required_argument, "FILE",
	 "a workbook of one sheet from a CSV file"},
	{"known-at", OPT_KNOWN_AT, required_argument, "TS",
	 "the ledger as it was known then"},
	{"months", OPT_MONTHS, required_argument, "N", "months of the trend"},
	{"to", OPT_TO, required_argument, "DATE", "the period's last day"},
	{"weeks", OPT_WEEKS, required_argument, "N",
	 "weeks of the forecast (back-test: 8)"},
	{"wide", OPT_WIDE, no_argument, NULL,
	 "a table as wide as its cells, not the terminal"},
	{"xlsx", OPT_XLSX, required_argument, "FILE",
	 "the reports as sheets of an Excel workbook"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-report", usage_text,
	"REPORT: " REPORTS ", backtest; in a workbook also aging, detail",
	CLI_DB | CLI_FORMAT | CLI_OUTPUT | CLI_QUIET | CLI_VERBOSE_IGNORED | CLI_AS_OF |
	CLI_EXCEL_SAFE, options,
};

/* The directory of path: libxlsxwriter's row files go beside the
 * workbook, where there is room for it. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

/*
 * Write a workbook: the morning one from the ledger, or one CSV as a
 * sheet (l NULL); under a temporary name renamed into place, mode 0600.
 */
static int write_xlsx(struct ar_ledger *l, const struct ar_report_options *ro,
		      const char *path, const char *csv, char **sheets, int n)
{
	struct cli_output out;
	struct ar_xlsx *x = NULL;
	struct ar_csv_reader *r = NULL;
	char *dir = dir_of(path), *company = NULL, title[64], err[256];
	char as_of[AR_DATE_BUFSZ];
	ar_status st;

	if (!dir || strcmp(path, "-") == 0) {
		cli_err(dir ? "--xlsx: a workbook goes to a file, not standard "
			"output" : "out of memory");
		free(dir);
		return dir ? 2 : 4;
	}
	if (csv && ar_csv_reader_open(&r, csv, NULL) != AR_OK) {
		cli_err("cannot open '%s': %s", csv, strerror(errno));
		free(dir);
		return 4;
	}
	if (!cli_output_open(&out, path)) {
		ar_csv_reader_free(r);
		free(dir);
		return 4;
	}
	ar_date_format(as_of, ro->as_of);
	snprintf(title, sizeof(title), "Receivables as of %s", as_of);
	if (l)
		ar_setting_get(l, "company.name", &company, NULL);
	st = ar_xlsx_open(&x, out.tmp ? out.tmp : path, dir, ro->as_of,
			  csv ? NULL : title, company);
	if (st == AR_OK)
		st = csv ? ar_xlsx_from_csv(x, r, "Sheet1")
			 : ar_xlsx_morning(l, x, ro, (const char *const *)sheets, n);
	if (st != AR_OK) {
		if (l)
			cli_fail_ledger(st, l);
		else
			cli_err("%s", ar_xlsx_errmsg(x));
		ar_xlsx_abort(x);
		cli_output_abort(&out);
	} else if (ar_xlsx_close(x, err, sizeof(err)) != AR_OK) {
		cli_err("%s: %s", path, err);
		cli_output_abort(&out);
		st = AR_ELEDGER;
	} else if (!cli_output_commit(&out)) {
		st = AR_ELEDGER;
	}
	ar_csv_reader_free(r);
	free(company);
	free(dir);
	return cli_exit_status(st);
}

int main(int argc, char **argv)
{
	struct ar_column cols[64];
	struct ar_report_options ro;
	struct cli_opts co;
	struct cli_rows rows;
	struct ar_ledger *l = NULL;
	const char *known_at = NULL, *xlsx = NULL, *from_csv = NULL;
	bool weeks_set = false, wide = false;
	ar_date from, to;
	size_t n;
	long v;
	int c, rc;
	ar_status st;

	cli_init("ar-report");
	cli_opts_init(&co, &command);
	ar_report_options_init(&ro);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case OPT_FROM:
			if (!cli_date("--from", optarg, &ro.from))
				return 2;
			break;
		case OPT_TO:
			if (!cli_date("--to", optarg, &ro.to))
				return 2;
			break;
		case OPT_KNOWN_AT: known_at = optarg; break;
		case OPT_MONTHS:
			if (!cli_long("--months", optarg, 1, 120, &v))
				return 2;
			ro.months = (int)v;
			break;
		case OPT_WEEKS:
			if (!cli_long("--weeks", optarg, 1, 104, &v))
				return 2;
			ro.weeks = (int)v;
			weeks_set = true;
			break;
		case OPT_CEI_MONTHS:
			if (!cli_long("--cei-months", optarg, 1, 120, &v))
				return 2;
			ro.cei_months = (int)v;
			break;
		case OPT_COUNTBACK:
			if (strcmp(optarg, "calendar") && strcmp(optarg, "30")) {
				cli_err("--countback: '%s' is not calendar or 30",
					optarg);
				return 2;
			}
			ro.countback_30 = optarg[0] == '3';
			break;
		case OPT_EVERY:
			if (strcmp(optarg, "month") && strcmp(optarg, "quarter")) {
				cli_err("--every: '%s' is not month or quarter",
					optarg);
				return 2;
			}
			ro.every = optarg[0] == 'm' ? 1 : 3;
			break;
		case OPT_WIDE: wide = true; break;
		case OPT_XLSX: xlsx = optarg; break;
		case OPT_FROM_CSV: from_csv = optarg; break;
		}
	}
	if (co.as_of != AR_DATE_NONE)
		ro.as_of = co.as_of;
	argc -= optind;
	argv += optind;
	if (from_csv && (!xlsx || argc > 0)) {
		cli_err(xlsx ? "--from-csv: no report is named with it"
			: "--from-csv needs --xlsx FILE");
		return 2;
	}
	if (from_csv)
		return cli_finish(write_xlsx(NULL, &ro, xlsx, from_csv, NULL, 0));
	if (!xlsx && argc != 1) {
		cli_err(argc ? "one report at a time"
			: "no report named (%s, backtest)", reports_text);
		return cli_usage_error(&co);
	}
	for (int i = 0; i < argc; i++)
		if (xlsx ? !ar_xlsx_sheet_name(argv[i])
			 : !ar_report_columns(argv[i], false, cols, 64)) {
			cli_err("'%s' is not a report (%s%s)", argv[i], reports_text,
				xlsx ? ", aging, detail" : ", backtest");
			return 2;
		}
	/* the back-test's weeks: 8 unless given */
	if (!xlsx && !strcmp(argv[0], "backtest") && !weeks_set)
		ro.weeks = 8;
	if (ar_report_period(&ro, &from, &to) != AR_OK) {
		cli_err("--from and --to: the period must end on or before "
			"--as-of and start on or before its end");
		return 2;
	}
	/* it keeps the figures of ended periods where the user may write */
	if ((st = cli_ledger_open(&l, co.db, AR_LEDGER_READONLY |
				  AR_LEDGER_KEEP, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, cli_ledger_notice, NULL);
	if (known_at && (st = ar_ledger_known_at(l, known_at, &ro.known_batch)) != AR_OK)
		goto fail;
	if (xlsx) {
		rc = write_xlsx(l, &ro, xlsx, NULL, argv, argc);
		ar_ledger_close(l);
		return cli_finish(rc);
	}

	if (!cli_rows_open(&rows, &co, NULL, false)) {
		ar_ledger_close(l);
		return 4;
	}
	/* in a table, the KPIs one per line with their formulas beside */
	bool vertical = rows.format == AR_FMT_TABLE;
	n = ar_report_columns(argv[0], vertical, cols, 64);
	st = cli_rows_writer(&rows, &co, cols, n, !wide);
	if (st == AR_OK) {
		char caption[512];
		ar_report_caption(argv[0], &ro, caption, sizeof(caption));
		ar_writer_caption(rows.w, caption);
		st = ar_report_write(l, &ro, argv[0], vertical, &rows.cells);
	}
	if (st == AR_OK)
		st = ar_writer_finish(rows.w);
	rc = cli_rows_close(&rows, st, l);
	ar_ledger_close(l);
	return cli_finish(rc);
fail:
	rc = cli_fail_ledger(st, l);
	ar_ledger_close(l);
	return cli_finish(rc);
}
