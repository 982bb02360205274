/*
 * report_xlsx.c - the morning workbook: a Summary sheet with the KPIs,
 * their formulas and three charts, then a sheet per report, the aging and
 * the open-item detail.
 *
 * Constant-memory writing fixes the order: each sheet's rows are written
 * top to bottom, once.  So what the Summary shows (KPIs, trend, forecast:
 * a few rows per currency) is computed first and kept; the charts point
 * at blocks of the Summary itself; the long sheets stream.  The Detail,
 * the longest, is written first, in the forecast's pass over the same
 * open items: every sheet is added before it, for the order of the tabs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "ar/money.h"
#include "ar/report.h"
#include "ar/xlsx.h"
#include "internal.h"
#include "report_int.h"
#include "xlsx_int.h"

/* The workbook's back-test: the default cut-offs, 8 weeks each. */
#define BT_WEEKS 8

struct book {
	struct ar_ledger *l;
	struct ar_xlsx *x;
	const struct ar_report_options *o;
	struct ar_kpi kpi[AR_AGE_MAX_CURRENCIES];
	int nkpi;
	struct ar_kpi *trend;
	size_t ntrend, tcap;
	struct ar_forecast_row *fc;
	size_t nfc, fcap;
	struct bt_keep *bt;		/* the back-test beside the forecast */
	size_t nbt, btcap;
	char cur[4];			/* the charts' currency */
	/* the Aging and Detail sheets */
	struct ar_age_options age;
	struct ar_cells cells;
	struct ar_age_cells aging;
	const char *const *names_wanted;	/* none: every sheet */
	/* the Detail's columns and caption, for its continuation sheets */
	struct ar_column detail_cols[AR_AGE_MAX_COLUMNS];
	size_t ndetail;
	int detail_sheets;
	bool age_ready;			/* age, rule and the columns set */
	char rule[1024];
	int nnames;
	/* the Customers sheet's paid items, read in the forecast's pass */
	struct ar__cust_paid *cust_paid;
};

/* The sheets after the Summary, in the order of their tabs. */
static const char *const tabs[][2] = {
	{"kpi", "KPI"}, {"trend", "Trend"}, {"customers", "Customers"},
	{"worklist", "Worklist"}, {"collectors", "Collectors"},
	{"promises", "Promises"}, {"forecast", "Forecast"},
	{"unapplied", "Unapplied"}, {"disputes", "Disputes"},
	{"aging", "Aging"}, {"detail", "Detail"},
};
#define NTABS (sizeof(tabs) / sizeof(tabs[0]))

/* A report's sheet name; NULL when it has none. */
static const char *tab(const char *report)
{
	for (size_t i = 0; i < NTABS; i++)
		if (strcmp(tabs[i][0], report) == 0)
			return tabs[i][1];
	return NULL;
}

bool ar_xlsx_sheet_name(const char *report)
{
	return tab(report) != NULL;
}

static ar_status keep_kpi(void *ctx, const struct ar_kpi *k)
{
	struct book *b = ctx;
	if (b->nkpi < AR_AGE_MAX_CURRENCIES)
		b->kpi[b->nkpi++] = *k;
	return AR_OK;
}

static ar_status keep_trend(void *ctx, const struct ar_kpi *k)
{
	struct book *b = ctx;
	if (b->ntrend == b->tcap) {
		size_t cap = b->tcap ? b->tcap * 2 : 32;
		struct ar_kpi *t = realloc(b->trend, cap * sizeof(*t));
		if (!t)
			return AR_ENOMEM;
		b->trend = t, b->tcap = cap;
	}
	b->trend[b->ntrend++] = *k;
	return AR_OK;
}

/* A row of the back-test, with its weeks. */
struct bt_keep {
	struct ar_backtest_row r;
	int64_t actual[BT_WEEKS], forecast[BT_WEEKS], naive[BT_WEEKS];
};

static ar_status keep_bt(void *ctx, const struct ar_backtest_row *r)
{
	struct book *b = ctx;
	if (b->nbt == b->btcap) {
		size_t cap = b->btcap ? b->btcap * 2 : 16;
		struct bt_keep *t = realloc(b->bt, cap * sizeof(*t));
		if (!t)
			return AR_ENOMEM;
		b->bt = t, b->btcap = cap;
	}
	struct bt_keep *k = &b->bt[b->nbt++];
	k->r = *r;
	memcpy(k->actual, r->week_actual, sizeof(k->actual));
	memcpy(k->forecast, r->week_forecast, sizeof(k->forecast));
	memcpy(k->naive, r->week_naive, sizeof(k->naive));
	k->r.week_actual = k->r.week_forecast = k->r.week_naive = NULL;
	return AR_OK;
}

static ar_status keep_week(void *ctx, const struct ar_forecast_row *r)
{
	struct book *b = ctx;
	if (b->nfc == b->fcap) {
		size_t cap = b->fcap ? b->fcap * 2 : 32;
		struct ar_forecast_row *t = realloc(b->fc, cap * sizeof(*t));
		if (!t)
			return AR_ENOMEM;
		b->fc = t, b->fcap = cap;
	}
	b->fc[b->nfc++] = *r;
	return AR_OK;
}

static void kpi_cell(struct ar_xlsx *x, const struct ar_kpi *k, int i)
{
	const struct ar_kpi_def *d = &ar_kpi_defs[i];
	if (d->kind == AR_KPI_MONEY)
		ar_xlsx_money(x, k->v[i], k->exponent);
	else if (d->kind == AR_KPI_COUNT)
		ar_xlsx_int(x, k->v[i]);
	else
		ar_xlsx_ratio(x, k->v[i], d->decimals);
}

/* ------------------------------------------------------------------ */
/* Summary */

static const char *const bucket_names[AR_KPI_BUCKETS] = {
	"current", "1-30", "31-60", "61-90", "91-120", "over_120",
};

static lxw_chart *chart(struct book *b, uint8_t type, const char *title,
			lxw_row_t first, lxw_row_t last, lxw_col_t cat,
			lxw_col_t val, const char *series)
{
	lxw_chart *c = workbook_add_chart(ar__xlsx_workbook(b->x), type);
	if (!c)
		return NULL;
	chart_title_set_name(c, title);
	lxw_chart_series *s = chart_add_series(c, NULL, NULL);
	chart_series_set_categories(s, "Summary", first, cat, last, cat);
	chart_series_set_values(s, "Summary", first, val, last, val);
	chart_series_set_name(s, series);
	chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
	return c;
}

/*
 * The Summary prints on two landscape pages: the KPIs and the aging with
 * its chart, then the months and weeks with theirs.  Its scale is worked
 * out here (fitting to the page would override the page break): the
 * columns' width in pixels into the width of a letter or A4 page without
 * margins, 960 pixels; the longer page's rows into its height without
 * margins, headers and footers, 640.  A character is counted 10 pixels
 * (Excel draws 7, LibreOffice about 9.5) and a row 20: both programs
 * then print it whole.  The formula column holds the longest formula
 * (90 characters of text fit in 76 of the width's digits).
 */
#define SUMMARY_BLOCK_COLS 4	/* the month and week blocks' width */
#define SUMMARY_LABEL_W 22	/* characters */
#define SUMMARY_MONEY_W 14
#define SUMMARY_FORMULA_W 76
#define CHART_ROWS 15		/* a chart's height, in rows */
#define CHART_WIDTH 480		/* pixels, inside the formula column */

static void print_setup(lxw_worksheet *ws, int F, lxw_row_t page2,
			lxw_row_t last)
{
	lxw_row_t breaks[2];	/* copied by libxlsxwriter */
	double px = (SUMMARY_LABEL_W + (F - 1) * SUMMARY_MONEY_W +
		     SUMMARY_FORMULA_W) * 10.0;
	lxw_row_t tall = page2 > last - page2 ? page2 : last - page2;
	double scale = 960 / px;
	if (640.0 / (tall * 20.0) < scale)
		scale = 640.0 / (tall * 20.0);
	int pct = (int)(scale * 100) - 2;
	worksheet_set_print_scale(ws, (uint16_t)(pct < 40 ? 40 :
						 pct > 100 ? 100 : pct));
	worksheet_print_area(ws, 0, 0, last, (lxw_col_t)F);
	breaks[0] = page2;
	breaks[1] = 0;
	worksheet_set_h_pagebreaks(ws, breaks);
}

static ar_status summary(struct book *b)
{
	struct ar_xlsx *x = b->x;
	struct ar_column cols[AR_AGE_MAX_CURRENCIES + SUMMARY_BLOCK_COLS + 2];
	char line[256], d1[AR_DATE_BUFSZ], d2[AR_DATE_BUFSZ], d3[AR_DATE_BUFSZ];
	lxw_worksheet *ws = ar__xlsx_new_sheet(x, "Summary");
	int n = b->nkpi, ci = 0;
	ar_status st = AR_OK;

	if (!ws)
		return AR_ELEDGER;
	for (int i = 0; i < n; i++)
		if (strcmp(b->kpi[i].currency, b->cur) == 0)
			ci = i;
	/*
	 * The formulas go in column F, after the currencies and never
	 * before column E, so that the month and week blocks (four columns)
	 * stay left of it; the charts sit in that column too, below the
	 * formulas, so that the sheet prints one page wide.
	 */
	int F = n + 1 > SUMMARY_BLOCK_COLS ? n + 1 : SUMMARY_BLOCK_COLS;
	worksheet_set_column(ws, 0, 0, SUMMARY_LABEL_W, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(F - 1), SUMMARY_MONEY_W, NULL);
	worksheet_set_column(ws, (lxw_col_t)F, (lxw_col_t)F, SUMMARY_FORMULA_W,
			     NULL);
	ar_date_format(d3, b->o->as_of);
	snprintf(line, sizeof(line), "Receivables as of %s", d3);
	ar__xlsx_title(x, line);
	if (n > 0) {
		ar_date_format(d1, b->kpi[0].from);
		ar_date_format(d2, b->kpi[0].to);
		snprintf(line, sizeof(line), "KPIs for %s to %s (%d days); ratios "
			 "rounded half away from zero, empty when their "
			 "denominator is 0", d1, d2, b->kpi[0].days);
		ar_xlsx_text(x, line);
		ar_xlsx_end_row(x);
	}
	ar__xlsx_skip(x);

	/* the KPIs, a column per currency, each with its formula */
	cols[0] = (struct ar_column){"kpi", AR_COL_TEXT};
	for (int i = 0; i < n; i++)
		cols[1 + i] = (struct ar_column){b->kpi[i].currency, AR_COL_MONEY};
	for (int i = n + 1; i < F; i++)
		cols[i] = (struct ar_column){"", AR_COL_TEXT};
	cols[F] = (struct ar_column){"formula", AR_COL_TEXT};
	ar__xlsx_header(x, cols, (size_t)F + 1);
	for (int k = 0; k < AR_KPI_N && st == AR_OK; k++) {
		ar_xlsx_text(x, ar_kpi_defs[k].name);
		for (int i = 0; i < n; i++)
			kpi_cell(x, &b->kpi[i], k);
		for (int i = n + 1; i < F; i++)
			ar_xlsx_null(x);
		ar_xlsx_text(x, ar_kpi_defs[k].formula);
		st = ar_xlsx_end_row(x);
	}
	ar__xlsx_skip(x);

	/* the aging at the end of the period, over 90 days highlighted */
	snprintf(line, sizeof(line), "Aging by due date at %s", d3);
	ar__xlsx_title(x, line);
	cols[0] = (struct ar_column){"bucket", AR_COL_TEXT};
	ar__xlsx_header(x, cols, (size_t)n + 1);
	lxw_row_t aging0 = ar__xlsx_row(x), aging_title = aging0 - 2;
	for (int k = 0; k < AR_KPI_BUCKETS && st == AR_OK; k++) {
		ar_xlsx_text(x, bucket_names[k]);
		for (int i = 0; i < n; i++) {
			if (k >= 4 && b->kpi[i].aging[k] != 0)
				ar_xlsx_highlight(x);
			ar_xlsx_money(x, b->kpi[i].aging[k], b->kpi[i].exponent);
		}
		st = ar_xlsx_end_row(x);
	}
	/* the aging chart beside the aging, below the formulas: the first
	 * page ends under it */
	while (ar__xlsx_row(x) < aging_title + CHART_ROWS)
		ar__xlsx_skip(x);
	lxw_row_t page2 = ar__xlsx_row(x);

	/* DSO and CEI month by month, of the charts' currency */
	snprintf(line, sizeof(line), "DSO and CEI by month (%s)", b->cur);
	lxw_row_t trend_title = ar__xlsx_row(x);
	ar__xlsx_title(x, line);
	static const struct ar_column trend_cols[] = {
		{"month", AR_COL_TEXT}, {"dso", AR_COL_MONEY},
		{"cei", AR_COL_MONEY}, {"dso_countback", AR_COL_MONEY},
	};
	ar__xlsx_header(x, trend_cols, 4);
	lxw_row_t trend0 = ar__xlsx_row(x), trend1 = trend0;
	for (size_t i = 0; i < b->ntrend && st == AR_OK; i++) {
		const struct ar_kpi *k = &b->trend[i];
		if (strcmp(k->currency, b->cur) != 0)
			continue;
		char month[AR_DATE_BUFSZ];
		ar_date_format(month, k->from);
		month[7] = '\0';
		ar_xlsx_text(x, month);
		ar_xlsx_ratio(x, k->v[AR_KPI_DSO], 2);
		ar_xlsx_ratio(x, k->v[AR_KPI_CEI], 2);
		ar_xlsx_ratio(x, k->v[AR_KPI_DSO_COUNTBACK], 2);
		trend1 = ar__xlsx_row(x);
		st = ar_xlsx_end_row(x);
	}
	ar__xlsx_skip(x);
	while (ar__xlsx_row(x) < trend_title + CHART_ROWS + 1)
		ar__xlsx_skip(x);

	/* expected collections week by week */
	snprintf(line, sizeof(line), "Expected collections by week (%s)", b->cur);
	lxw_row_t fc_title = ar__xlsx_row(x);
	ar__xlsx_title(x, line);
	static const struct ar_column fc_cols[] = {
		{"week_start", AR_COL_TEXT}, {"expected", AR_COL_MONEY},
		{"items", AR_COL_INT},
	};
	ar__xlsx_header(x, fc_cols, 3);
	lxw_row_t fc0 = ar__xlsx_row(x), fc1 = fc0;
	for (size_t i = 0; i < b->nfc && st == AR_OK; i++) {
		const struct ar_forecast_row *r = &b->fc[i];
		char d[AR_DATE_BUFSZ] = "later";
		if (strcmp(r->currency, b->cur) != 0)
			continue;
		if (r->doubtful)
			snprintf(d, sizeof(d), "doubtful");
		if (r->week_start != AR_DATE_NONE)
			ar_date_format(d, r->week_start);
		ar_xlsx_text(x, d);
		ar_xlsx_money(x, r->expected, r->exponent);
		ar_xlsx_int(x, r->items);
		fc1 = ar__xlsx_row(x);
		st = ar_xlsx_end_row(x);
	}
	if (st != AR_OK)
		return st;

	/* the charts, in the formula column beside the blocks they draw */
	lxw_col_t at = (lxw_col_t)F;
	char title[64];
	snprintf(title, sizeof(title), "Aging by bucket (%s)", b->cur);
	lxw_chart *c1 = chart(b, LXW_CHART_COLUMN, title, aging0, aging0 + 5,
			      0, (lxw_col_t)(1 + ci), b->cur);
	lxw_chart *c2 = chart(b, LXW_CHART_LINE, "DSO and CEI by month",
			      trend0, trend1, 0, 1, "DSO (days)");
	lxw_chart *c3 = chart(b, LXW_CHART_COLUMN, "Expected collections by week",
			      fc0, fc1, 0, 1, b->cur);
	if (!c1 || !c2 || !c3)
		return AR_ENOMEM;
	lxw_chart_series *cei = chart_add_series(c2, NULL, NULL);
	chart_series_set_categories(cei, "Summary", trend0, 0, trend1, 0);
	chart_series_set_values(cei, "Summary", trend0, 2, trend1, 2);
	chart_series_set_name(cei, "CEI (%)");
	/* a chart is 480 by 288 pixels at scale 1; a row 20 pixels */
	lxw_chart_options pos = {.x_offset = 4, .y_offset = 4,
				 .x_scale = CHART_WIDTH / 480.0,
				 .y_scale = (CHART_ROWS - 1) * 20 / 288.0};
	worksheet_insert_chart_opt(ws, aging_title, at, c1, &pos);
	worksheet_insert_chart_opt(ws, trend_title, at, c2, &pos);
	worksheet_insert_chart_opt(ws, fc_title, at, c3, &pos);
	lxw_row_t last = ar__xlsx_row(x);
	if (last < fc_title + CHART_ROWS)
		last = fc_title + CHART_ROWS;
	print_setup(ws, F, page2, last);
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* The report sheets */

static ar_status sheet(struct book *b, const char *report,
		       struct ar_column *cols)
{
	char caption[512];
	size_t n = ar_report_columns(report, false, cols, 64);
	ar_report_caption(report, b->o, caption, sizeof(caption));
	return ar_xlsx_sheet(b->x, tab(report), cols, n, caption);
}

static ar_status put_aging(void *ctx, const struct ar_age_row *r)
{
	struct book *b = ctx;
	return ar_age_row_put(&b->aging, r);
}

static ar_status put_item(void *ctx, const struct ar_age_item *i)
{
	struct book *b = ctx;
	/* more open items than a sheet holds go on in Detail 2, 3, ... */
	if (ar_xlsx_sheet_full(b->x)) {
		char name[32];
		ar_status st;
		snprintf(name, sizeof(name), "Detail %d", ++b->detail_sheets);
		if ((st = ar_xlsx_sheet(b->x, name, b->detail_cols, b->ndetail,
					b->rule)) != AR_OK)
			return st;
	}
	return ar_age_item_put(&b->aging, i);
}

/* Is a sheet wanted: every one, or those named. */
static bool want(const struct book *b, const char *name)
{
	if (b->nnames == 0)
		return true;
	for (int i = 0; i < b->nnames; i++)
		if (strcmp(b->names_wanted[i], name) == 0)
			return true;
	return false;
}

static ar_status no_end(void *ctx)
{
	(void)ctx;
	return AR_OK;
}

/*
 * The Forecast sheet: the forecast; beside it the back-test, row by row;
 * beside that the forecast, the naive one and the cash that came week
 * by week at the last cut-off in the charts' currency, and their chart.
 */
static ar_status forecast_sheet(struct book *b)
{
	struct ar_xlsx *x = b->x;
	struct ar_column cols[40];
	struct ar_cells cells, row_cells;
	char caption[1024], more[512];
	size_t nf = ar_report_columns("forecast", false, cols, 40);
	size_t nb = ar_report_columns("backtest", false, cols + nf + 1,
				      40 - nf - 1);
	static const struct ar_column weekly[] = {
		{"week", AR_COL_INT}, {"bt_forecast", AR_COL_MONEY},
		{"bt_actual", AR_COL_MONEY}, {"bt_naive", AR_COL_MONEY},
	};
	const struct bt_keep *last = NULL;
	for (size_t i = 0; i < b->nbt; i++)
		if (!strcmp(b->bt[i].r.currency, b->cur))
			last = &b->bt[i];
	cols[nf] = (struct ar_column){"", AR_COL_TEXT};
	size_t n = nf + 1 + nb;
	cols[n++] = (struct ar_column){"", AR_COL_TEXT};
	memcpy(cols + n, weekly, sizeof(weekly));
	n += 4;
	ar_report_caption("forecast", b->o, caption, sizeof(caption));
	char d[AR_DATE_BUFSZ] = "";
	if (last)
		ar_date_format(d, last->r.cutoff);
	snprintf(more, sizeof(more), ". Beside it: the back-test, each "
		 "quarter end's forecast as the ledger stood then against the "
		 "cash that came in the %d weeks after (errors in %% of that "
		 "cash); then week by week at the last cut-off%s%s (%s).",
		 BT_WEEKS, *d ? ", " : "", d, b->cur);
	strncat(caption, more, sizeof(caption) - strlen(caption) - 1);
	ar_status st = ar_xlsx_sheet(x, tab("forecast"), cols, n, caption);
	if (st != AR_OK)
		return st;
	ar_cells_xlsx(&cells, x);
	row_cells = cells;
	row_cells.end_row = no_end;
	lxw_row_t row0 = ar__xlsx_row(x);
	size_t rows = b->nfc > b->nbt ? b->nfc : b->nbt;
	if (rows < BT_WEEKS)
		rows = BT_WEEKS;
	for (size_t i = 0; i < rows && st == AR_OK; i++) {
		if (i < b->nfc)
			ar_report_put_forecast(&row_cells, &b->fc[i]);
		else
			for (size_t k = 0; k < nf; k++)
				ar_xlsx_null(x);
		ar_xlsx_null(x);
		if (i < b->nbt)
			ar_report_put_backtest(&row_cells, &b->bt[i].r);
		else
			for (size_t k = 0; k < nb; k++)
				ar_xlsx_null(x);
		ar_xlsx_null(x);
		if (last && i < BT_WEEKS) {
			ar_xlsx_int(x, (int64_t)i);
			ar_xlsx_money(x, last->forecast[i], last->r.exponent);
			ar_xlsx_money(x, last->actual[i], last->r.exponent);
			ar_xlsx_money(x, last->naive[i], last->r.exponent);
		}
		st = ar_xlsx_end_row(x);
	}
	if (st != AR_OK || !last)
		return st;
	lxw_chart *c = workbook_add_chart(ar__xlsx_workbook(x), LXW_CHART_LINE);
	if (!c)
		return AR_ENOMEM;
	char title[96];
	snprintf(title, sizeof(title), "Forecast against cash, weeks after %s "
		 "(%s)", d, b->cur);
	chart_title_set_name(c, title);
	static const char *const names[] = {"forecast", "actual", "naive"};
	lxw_col_t wk = (lxw_col_t)(nf + 1 + nb + 1);
	for (int k = 0; k < 3; k++) {
		lxw_chart_series *s = chart_add_series(c, NULL, NULL);
		chart_series_set_categories(s, "Forecast", row0, wk,
					    row0 + BT_WEEKS - 1, wk);
		chart_series_set_values(s, "Forecast", row0, wk + 1 + k,
					row0 + BT_WEEKS - 1, wk + 1 + k);
		chart_series_set_name(s, names[k]);
	}
	chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
	lxw_chart_options pos = {.x_offset = 10, .x_scale = 1.3, .y_scale = 1.2};
	worksheet_insert_chart_opt(ar__xlsx_worksheet(x), row0 + BT_WEEKS + 1,
				   wk, c, &pos);
	return AR_OK;
}

/* The options, rule and columns of the Aging and Detail sheets. */
static ar_status age_setup(struct book *b)
{
	ar_status st;
	if (b->age_ready)
		return AR_OK;
	ar_age_options_init(&b->age);
	b->age.as_of = b->o->as_of;
	b->age.known_batch = b->o->known_batch;
	if ((st = ar_age_options_load(b->l, &b->age)) != AR_OK)
		return st;
	ar_age_rule_text(&b->age, b->rule, sizeof(b->rule));
	ar_cells_xlsx(&b->cells, b->x);
	b->ndetail = ar_age_columns(&b->age, true, b->detail_cols,
				    b->aging.names);
	b->age_ready = true;
	return AR_OK;
}

static ar_status detail_sheet(struct book *b)
{
	ar_age_cells_init(&b->aging, &b->age, true, &b->cells);
	b->detail_sheets = 1;
	return ar_xlsx_sheet(b->x, tab("detail"), b->detail_cols, b->ndetail,
			     b->rule);
}

/*
 * The Detail sheet is written in the forecast's pass over the open items
 * (the same items, as of the same date): every sheet is added first, for
 * the order of the tabs, and the Detail's rows go in as the forecast
 * reads them.
 */
static ar_status detail_ahead(struct book *b, struct ar__fc_tee *tee)
{
	ar_status st;
	if ((st = age_setup(b)) != AR_OK ||
	    (st = ar__xlsx_add_ahead(b->x, "Summary", true)) != AR_OK)
		return st;
	for (size_t i = 0; i < NTABS && st == AR_OK; i++)
		if (want(b, tabs[i][0]))
			st = ar__xlsx_add_ahead(b->x, tabs[i][1], false);
	if (st != AR_OK || (st = detail_sheet(b)) != AR_OK)
		return st;
	tee->age = &b->age;
	tee->item = put_item;
	tee->item_ctx = b;
	return AR_OK;
}

static ar_status sheets(struct book *b)
{
	struct ar_xlsx *x = b->x;
	struct ar_column cols[64];
	struct ar_cells cells;
	ar_status st = AR_OK;

	ar_cells_xlsx(&cells, x);
	if (want(b, "kpi") && (st = sheet(b, "kpi", cols)) == AR_OK)
		for (int i = 0; i < b->nkpi && st == AR_OK; i++)
			st = ar_report_put_kpi(&cells, &b->kpi[i], false);
	if (st == AR_OK && want(b, "trend") &&
	    (st = sheet(b, "trend", cols)) == AR_OK)
		for (size_t i = 0; i < b->ntrend && st == AR_OK; i++)
			st = ar_report_put_trend(&cells, &b->trend[i]);
	static const char *const streamed[] = {
		"customers", "worklist", "collectors", "promises",
	};
	for (int r = 0; r < 4 && st == AR_OK; r++)
		if (want(b, streamed[r]) &&
		    (st = sheet(b, streamed[r], cols)) == AR_OK)
			st = r == 0 ? ar__report_write_customers(b->l, b->o,
							b->cust_paid, &cells)
				    : ar_report_write(b->l, b->o, streamed[r],
						      false, &cells);
	if (st == AR_OK && want(b, "forecast"))
		st = forecast_sheet(b);
	if (st == AR_OK && want(b, "unapplied") &&
	    (st = sheet(b, "unapplied", cols)) == AR_OK)
		st = ar_report_write(b->l, b->o, "unapplied", false, &cells);
	if (st == AR_OK && want(b, "disputes") &&
	    (st = sheet(b, "disputes", cols)) == AR_OK)
		st = ar_report_write(b->l, b->o, "disputes", false, &cells);
	if (st != AR_OK || !want(b, "aging"))
		return st;

	/* the aging, by the ledger's own buckets (the Detail after it was
	 * written in the forecast's pass: detail_ahead()) */
	struct ar_age_proof *proof = NULL;
	if ((st = age_setup(b)) != AR_OK)
		return st;
	if (!(proof = malloc(sizeof(*proof))))
		return AR_ENOMEM;
	ar_age_cells_init(&b->aging, &b->age, false, &b->cells);
	size_t n = ar_age_columns(&b->age, false, cols, b->aging.names);
	if ((st = ar_xlsx_sheet(x, tab("aging"), cols, n, b->rule)) == AR_OK)
		st = ar_age_summary(b->l, &b->age, put_aging, b, proof);
	free(proof);
	return st;
}

ar_status ar_xlsx_morning(struct ar_ledger *l, struct ar_xlsx *x,
			  const struct ar_report_options *o,
			  const char *const *sheets_wanted, int nsheets)
{
	struct book *b = calloc(1, sizeof(*b));
	ar_status st;
	char *base = NULL;
	if (!b)
		return AR_ENOMEM;
	b->l = l;
	b->x = x;
	b->o = o;
	b->names_wanted = sheets_wanted;
	b->nnames = nsheets;
	for (int i = 0; i < nsheets; i++)
		if (!ar_xlsx_sheet_name(sheets_wanted[i])) {
			free(b);
			return ar__fail(l, AR_EUSAGE, "'%s' is not a report or "
					"sheet (kpi, trend, customers, worklist, "
					"collectors, promises, forecast, "
					"unapplied, disputes, aging, detail)",
					sheets_wanted[i]);
		}
	/* the default period is the trend's last month: computed once */
	bool own_period = o->from != AR_DATE_NONE || o->to != AR_DATE_NONE;
	/* the aging as of as-of, once for every sheet that shows it */
	if ((st = ar__age_memo_on(l)) != AR_OK ||
	    (st = ar__report_begin(l)) != AR_OK ||
	    (own_period && (st = ar_report_kpi(l, o, keep_kpi, b)) != AR_OK) ||
	    (st = ar_report_trend(l, o, keep_trend, b)) != AR_OK)
		goto out;
	/* the Customers sheet reads the year of paid items the forecast
	 * reads: in the same pass (with its own period, not the same) */
	if (want(b, "customers") && !own_period &&
	    (st = ar__cust_paid_new(l, o, &b->cust_paid)) != AR_OK)
		goto out;
	struct ar__fc_tee tee = {.paid = b->cust_paid ? ar__cust_paid_on : NULL,
				 .paid_ctx = b->cust_paid};
	if ((want(b, "detail") && (st = detail_ahead(b, &tee)) != AR_OK) ||
	    (st = ar__report_forecast_tee(l, o, keep_week, b, &tee)) != AR_OK ||
	    (st = ar_setting_get(l, "currency.base", &base, NULL)) != AR_OK)
		goto out;
	if (b->cust_paid)
		ar__cust_paid_seal(b->cust_paid);
	if (want(b, "forecast")) {
		/* the latest back-test: the last quarter end with its weeks
		 * behind as-of (each cut-off is a forecast as the ledger
		 * stood then, too dear for every morning to do four) */
		struct ar_report_options bo = *o;
		ar_date cut[5];
		bo.from = bo.to = AR_DATE_NONE;
		bo.weeks = BT_WEEKS;
		bo.every = 3;
		int n = ar_report_backtest_cutoffs(&bo, cut, 5);
		if (n > 0) {
			bo.from = bo.to = cut[n - 1];
			if ((st = ar_report_backtest(l, &bo, keep_bt, b)) != AR_OK)
				goto out;
		}
	}
	for (size_t i = 0; !own_period && i < b->ntrend; i++)
		if (b->trend[i].from == ar_date_month_start(o->as_of))
			keep_kpi(b, &b->trend[i]);
	/* the base currency, unless the ledger holds none of it */
	snprintf(b->cur, sizeof(b->cur), "%s", b->nkpi ? b->kpi[0].currency : base);
	for (int i = 0; i < b->nkpi; i++)
		if (strcmp(b->kpi[i].currency, base) == 0)
			snprintf(b->cur, sizeof(b->cur), "%s", base);
	if ((st = summary(b)) == AR_OK)
		st = sheets(b);
	if (st != AR_OK && st != AR_ENOMEM && *ar_xlsx_errmsg(x))
		ar__fail(l, st, "%s", ar_xlsx_errmsg(x));
out:
	ar__age_memo_off(l);
	ar__cust_paid_free(b->cust_paid);
	free(base);
	free(b->trend);
	free(b->fc);
	free(b->bt);
	free(b);
	return st;
}
