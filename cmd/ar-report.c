/*
 * ar-report - collection KPIs, trend, customer behaviour, worklist, cash
 * forecast and unapplied cash, as of any date.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-report [-q] [-d DB] [--as-of DATE] [--from DATE] [--to DATE]\n"
	"                 [--known-at TS] [--months N] [--weeks N] [--excel-safe]\n"
	"                 [-f FMT] [-o FILE] REPORT\n"
	"       ar-report [-q] [-d DB] [--as-of DATE] [--from DATE] [--to DATE]\n"
	"                 [--known-at TS] [--months N] [--weeks N] --xlsx FILE\n"
	"       ar-report --xlsx FILE --from-csv FILE\n";

enum {
	OPT_AS_OF = 256, OPT_FROM, OPT_TO, OPT_KNOWN_AT, OPT_MONTHS,
	OPT_WEEKS, OPT_EXCEL_SAFE, OPT_XLSX, OPT_FROM_CSV
};

static const struct option longopts[] = {
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"db", required_argument, NULL, 'd'},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"format", required_argument, NULL, 'f'},
	{"from", required_argument, NULL, OPT_FROM},
	{"from-csv", required_argument, NULL, OPT_FROM_CSV},
	{"help", no_argument, NULL, 'h'},
	{"known-at", required_argument, NULL, OPT_KNOWN_AT},
	{"months", required_argument, NULL, OPT_MONTHS},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"to", required_argument, NULL, OPT_TO},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{"weeks", required_argument, NULL, OPT_WEEKS},
	{"xlsx", required_argument, NULL, OPT_XLSX},
	{NULL, 0, NULL, 0},
};

struct out {
	struct ar_writer *w;
	enum ar_format fmt;
	bool started;
	struct ar_report_options *o;
	/* per-currency totals for the table's totals lines */
	int ncur;
	struct { char code[4]; int e; int64_t a, b; long n; } tot[32];
};

static void ratio(struct ar_writer *w, int64_t v, int decimals)
{
	if (v == AR_RATIO_NONE)
		ar_writer_null(w);
	else
		ar_writer_money(w, v, decimals);
}

static void kpi_value(struct ar_writer *w, const struct ar_kpi *k, int i)
{
	const struct ar_kpi_def *d = &ar_kpi_defs[i];
	if (d->kind == AR_KPI_MONEY)
		ar_writer_money(w, k->v[i], k->exponent);
	else if (d->kind == AR_KPI_COUNT)
		ar_writer_int(w, k->v[i]);
	else
		ratio(w, k->v[i], d->decimals);
}

static void add_total(struct out *o, const char *code, int e, int64_t a,
		      int64_t b)
{
	int i;
	for (i = 0; i < o->ncur; i++)
		if (strcmp(o->tot[i].code, code) == 0)
			break;
	if (i == o->ncur) {
		if (o->ncur == 32)
			return;
		memset(&o->tot[i], 0, sizeof(o->tot[i]));
		memcpy(o->tot[o->ncur++].code, code, 4);
		o->tot[i].e = e;
	}
	ar_money_accum(&o->tot[i].a, a);	/* table totals only */
	ar_money_accum(&o->tot[i].b, b);
	o->tot[i].n++;
}

/* kpi: one wide row per currency; in a table, one line per figure with
 * its formula beside it */
static ar_status on_kpi(void *ctx, const struct ar_kpi *k)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	ar_status st = AR_OK;
	if (o->fmt != AR_FMT_TABLE) {
		ar_writer_text(w, k->currency);
		ar_writer_date(w, k->from);
		ar_writer_date(w, k->to);
		ar_writer_int(w, k->days);
		for (int i = 0; i < AR_KPI_N; i++)
			kpi_value(w, k, i);
		return ar_writer_end_row(w);
	}
	for (int i = 0; i < AR_KPI_N && st == AR_OK; i++) {
		ar_writer_text(w, k->currency);
		ar_writer_text(w, ar_kpi_defs[i].name);
		kpi_value(w, k, i);
		ar_writer_text(w, ar_kpi_defs[i].formula);
		st = ar_writer_end_row(w);
	}
	return st;
}

static ar_status on_trend(void *ctx, const struct ar_kpi *k)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	char month[AR_DATE_BUFSZ];
	ar_date_format(month, k->from);
	month[7] = '\0';
	ar_writer_text(w, month);
	ar_writer_text(w, k->currency);
	ar_writer_date(w, k->to);
	for (int i = 0; i < AR_KPI_N; i++)
		kpi_value(w, k, i);
	for (int b = 0; b < AR_KPI_BUCKETS; b++)
		ar_writer_money(w, k->aging[b], k->exponent);
	return ar_writer_end_row(w);
}

static ar_status on_unapplied(void *ctx, const struct ar_unapplied_row *r)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	ar_writer_text(w, r->customer_id);
	ar_writer_text(w, r->customer_name);
	ar_writer_text(w, r->doc_type);
	ar_writer_text(w, r->doc_no);
	ar_writer_date(w, r->doc_date);
	ar_writer_int(w, r->age_days);
	ar_writer_text(w, r->currency);
	ar_writer_money(w, r->amount, r->exponent);
	ar_writer_money(w, r->unapplied, r->exponent);
	add_total(o, r->currency, r->exponent, r->amount, r->unapplied);
	return ar_writer_end_row(w);
}

static ar_status unapplied_totals(struct out *o)
{
	ar_status st = AR_OK;
	for (int i = 0; i < o->ncur && st == AR_OK; i++) {
		ar_writer_totals(o->w);
		ar_writer_text(o->w, "total");
		for (int k = 0; k < 5; k++)
			ar_writer_null(o->w);
		ar_writer_text(o->w, o->tot[i].code);
		ar_writer_money(o->w, o->tot[i].a, o->tot[i].e);
		ar_writer_money(o->w, o->tot[i].b, o->tot[i].e);
		st = ar_writer_end_row(o->w);
	}
	return st;
}

static ar_status on_customer(void *ctx, const struct ar_customer_row *r)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	ar_writer_text(w, r->customer_id);
	ar_writer_text(w, r->customer_name);
	ar_writer_text(w, r->currency);
	ar_writer_int(w, r->invoices_paid);
	ratio(w, r->avg_days_to_pay, 2);
	ratio(w, r->avg_days_late, 2);
	ratio(w, r->weighted_days_late, 2);
	ratio(w, r->pct_paid_late, 2);
	ar_writer_date(w, r->last_payment);
	ar_writer_money(w, r->balance, r->exponent);
	ar_writer_money(w, r->overdue, r->exponent);
	if (r->credit_limit < 0)
		ar_writer_null(w);
	else
		ar_writer_money(w, r->credit_limit, r->exponent);
	ratio(w, r->utilization, 2);
	ratio(w, r->late_trend, 2);
	char g[2] = {r->grade, 0};
	ar_writer_text(w, g);
	return ar_writer_end_row(w);
}

static ar_status on_worklist(void *ctx, const struct ar_worklist_row *r)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	ar_writer_int(w, r->rank);
	ar_writer_text(w, r->customer_id);
	ar_writer_text(w, r->customer_name);
	ar_writer_text(w, r->phone);
	ar_writer_text(w, r->email);
	ar_writer_text(w, r->collector);
	ar_writer_money(w, r->overdue, r->exponent);
	ar_writer_text(w, r->currency);
	ar_writer_int(w, r->oldest_days);
	ar_writer_date(w, r->last_contact);
	ar_writer_date(w, r->last_payment);
	ar_writer_text(w, r->reason);
	ar_writer_int(w, r->score);
	return ar_writer_end_row(w);
}

static ar_status on_forecast(void *ctx, const struct ar_forecast_row *r)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	char d[AR_DATE_BUFSZ];
	if (r->week_start == AR_DATE_NONE)
		ar_writer_text(w, "later");
	else {
		ar_date_format(d, r->week_start);
		ar_writer_text(w, d);
	}
	ar_writer_text(w, r->currency);
	ar_writer_money(w, r->expected, r->exponent);
	ar_writer_int(w, r->items);
	add_total(o, r->currency, r->exponent, r->expected, r->items);
	return ar_writer_end_row(w);
}

static ar_status forecast_totals(struct out *o)
{
	ar_status st = AR_OK;
	for (int i = 0; i < o->ncur && st == AR_OK; i++) {
		ar_writer_totals(o->w);
		ar_writer_text(o->w, "total");
		ar_writer_text(o->w, o->tot[i].code);
		ar_writer_money(o->w, o->tot[i].a, o->tot[i].e);
		ar_writer_int(o->w, o->tot[i].b);
		st = ar_writer_end_row(o->w);
	}
	return st;
}

/* The reports: name, columns, how to run. */
static ar_status run_kpi(struct ar_ledger *l, struct out *o)
{
	return ar_report_kpi(l, o->o, on_kpi, o);
}

static ar_status run_trend(struct ar_ledger *l, struct out *o)
{
	return ar_report_trend(l, o->o, on_trend, o);
}

static ar_status run_customers(struct ar_ledger *l, struct out *o)
{
	return ar_report_customers(l, o->o, on_customer, o);
}

static ar_status run_worklist(struct ar_ledger *l, struct out *o)
{
	return ar_report_worklist(l, o->o, on_worklist, o);
}

static ar_status run_forecast(struct ar_ledger *l, struct out *o)
{
	ar_status st = ar_report_forecast(l, o->o, on_forecast, o);
	return st == AR_OK ? forecast_totals(o) : st;
}

static ar_status run_unapplied(struct ar_ledger *l, struct out *o)
{
	ar_status st = ar_report_unapplied(l, o->o, on_unapplied, o);
	return st == AR_OK ? unapplied_totals(o) : st;
}

struct report {
	const char *name;
	ar_status (*run)(struct ar_ledger *l, struct out *o);
};

static const struct report reports[] = {
	{"kpi", run_kpi},
	{"trend", run_trend},
	{"customers", run_customers},
	{"worklist", run_worklist},
	{"forecast", run_forecast},
	{"unapplied", run_unapplied},
};

/* The directory of path, for libxlsxwriter's row files: beside the
 * workbook, where there is room for it. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/*
 * Write the workbook: the morning one from the ledger, or one CSV as a
 * sheet (l NULL); to a temporary name renamed into place, mode 0600.
 */
static int write_xlsx(struct ar_ledger *l, const struct ar_report_options *ro,
		      const char *path, const char *csv)
{
	struct cli_output out;
	struct ar_xlsx *x = NULL;
	struct ar_csv_reader *r = NULL;
	char *dir = dir_of(path), *company = NULL, title[64], err[256];
	char as_of[AR_DATE_BUFSZ];
	ar_status st;

	if (strcmp(path, "-") == 0 || !dir) {
		cli_err(dir ? "--xlsx: a workbook is written to a file, not "
			"standard output" : "out of memory");
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
		st = csv ? ar_xlsx_from_csv(x, r, "Sheet1") : ar_xlsx_morning(l, x, ro);
	if (st != AR_OK) {
		if (csv || !l)
			cli_err("%s", ar_xlsx_errmsg(x));
		else
			cli_fail(st, ar_ledger_errmsg(l));
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
	return st == AR_OK ? 0 : ar_exit_status(st);
}

int main(int argc, char **argv)
{
	struct ar_column cols[64];
	struct ar_report_options ro;
	struct out o = {0};
	struct cli_output out;
	struct ar_ledger *l = NULL;
	const char *db = NULL, *known_at = NULL, *output = NULL;
	const char *xlsx = NULL, *from_csv = NULL;
	const struct report *rep = NULL;
	enum ar_format fmt = AR_FMT_CSV;
	bool fmt_set = false, excel_safe = false;
	long v;
	int c, rc;
	ar_status st;

	cli_init("ar-report");
	ar_report_options_init(&ro);
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
		case 'V': puts("ar-report (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &ro.as_of))
				return 2;
			break;
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
			break;
		case OPT_EXCEL_SAFE: excel_safe = true; break;
		case OPT_XLSX: xlsx = optarg; break;
		case OPT_FROM_CSV: from_csv = optarg; break;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (from_csv && !xlsx) {
		cli_err("--from-csv needs --xlsx FILE");
		return 2;
	}
	if (xlsx && argc > 0) {
		cli_err("--xlsx: the workbook holds every report; name none");
		fputs(usage_text, stderr);
		return 2;
	}
	if (from_csv)
		return cli_finish(write_xlsx(NULL, &ro, xlsx, from_csv));
	if (!xlsx && argc != 1) {
		cli_err(argc ? "one report at a time" : "no report named "
			"(kpi, trend, customers, worklist, forecast, unapplied)");
		fputs(usage_text, stderr);
		return 2;
	}
	for (size_t i = 0; !xlsx && i < sizeof(reports) / sizeof(reports[0]); i++)
		if (strcmp(argv[0], reports[i].name) == 0)
			rep = &reports[i];
	if (!xlsx && !rep) {
		cli_err("'%s' is not a report (kpi, trend, customers, worklist, "
			"forecast, unapplied)", argv[0]);
		return 2;
	}
	ar_date from, to;
	if (ar_report_period(&ro, &from, &to) != AR_OK) {
		cli_err("--from and --to: the period must end on or before "
			"--as-of and start on or before its end");
		return 2;
	}
	if ((st = ar_ledger_open(&l, cli_db(db), 0, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_progress(l, cli_ledger_progress, NULL);
	if (known_at && (st = ar_ledger_known_at(l, known_at, &ro.known_batch)) != AR_OK)
		goto fail;
	if (xlsx) {
		rc = write_xlsx(l, &ro, xlsx, NULL);
		ar_ledger_close(l);
		return cli_finish(rc);
	}
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	o.fmt = fmt;
	o.o = &ro;
	size_t n = ar_report_columns(rep->name, fmt == AR_FMT_TABLE, cols, 64);
	if (!cli_output_open(&out, output)) {
		ar_ledger_close(l);
		return 4;
	}
	st = ar_writer_new(&o.w, out.fp, fmt, cols, n,
			   excel_safe ? AR_OUT_EXCEL_SAFE : 0);
	if (st == AR_OK) {
		char caption[512];
		ar_report_caption(rep->name, &ro, caption, sizeof(caption));
		ar_writer_caption(o.w, caption);
		st = rep->run(l, &o);
	}
	if (st == AR_OK)
		st = ar_writer_finish(o.w);
	ar_writer_free(o.w);
	if (st != AR_OK) {
		cli_output_abort(&out);
		goto fail;
	}
	rc = cli_output_commit(&out) ? 0 : 4;
	ar_ledger_close(l);
	return cli_finish(rc);
fail:
	rc = cli_fail(st, ar_ledger_errmsg(l));
	ar_ledger_close(l);
	return cli_finish(rc);
}
