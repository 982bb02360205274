/*
 * xlsx.c - formatted sheets on libxlsxwriter, in constant-memory mode.
 *
 * The only doubles of the library live here: libxlsxwriter takes a cell's
 * number as one.  Amounts are converted at the last moment from exact
 * minor units (an int64 below 2^53 converts exactly; the division by the
 * currency's power of ten is the one rounding, far below a cent).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "ar/money.h"
#include "ar/xlsx.h"
#include "xlsx_int.h"
#include "utf8.h"

/* Excel's day number of 1970-01-01 (its epoch is 1899-12-30). */
#define EXCEL_1970 25569
/* The last row Excel shows (0-based). */
#define EXCEL_MAX_ROW 1048575

#define MAX_E 5
/* The sheets added ahead: the morning workbook's, Summary to Detail. */
#define AHEAD_MAX 16

struct ar_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	const struct ar_column *cols;
	size_t ncols;
	lxw_row_t row, hdr;
	lxw_col_t col;
	bool hi, full;
	lxw_error err;
	lxw_format *f_title, *f_hdr, *f_date, *f_int, *f_text;
	lxw_format *f_money[MAX_E], *f_money_hi[MAX_E];
	char msg[256];
	lxw_doc_properties props;
	char *title, *company;
	char page_header[256];		/* the same on every sheet */
	/* sheets added ahead of their rows (ar__xlsx_add_ahead()) */
	struct { char name[32]; lxw_worksheet *ws; } ahead[AHEAD_MAX];
	int nahead;
};

static lxw_format *num_format(lxw_workbook *wb, int e, bool hi)
{
	static const char *const fmt[MAX_E] = {
		"#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000",
	};
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, fmt[e]);
	if (hi) {
		format_set_bg_color(f, 0xFFC7CE);
		format_set_font_color(f, 0x9C0006);
	}
	return f;
}

/*
 * The page header of every printed sheet: the company on the left, the
 * sheet's name in the middle, the as-of date on the right.  '&' starts a
 * code in a header: a company's own is doubled.
 */
static void page_header_text(struct ar_xlsx *x, ar_date as_of,
			     const char *company)
{
	char d[AR_DATE_BUFSZ], co[96] = "";
	size_t n = 0;
	for (const char *p = company ? company : ""; *p && n + 3 < sizeof(co); p++) {
		if (*p == '&')
			co[n++] = '&';
		co[n++] = *p;
	}
	co[n] = '\0';
	ar_date_format(d, as_of);
	snprintf(x->page_header, sizeof(x->page_header), "&L%s&C&A&Ras of %s",
		 co, d);
}

ar_status ar_xlsx_open(struct ar_xlsx **xp, const char *path,
		       const char *tmpdir, ar_date created, const char *title,
		       const char *company)
{
	struct ar_xlsx *x = calloc(1, sizeof(*x));
	*xp = x;
	if (!x)
		return AR_ENOMEM;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
				    .tmpdir = (char *)tmpdir};
	x->wb = workbook_new_opt(path, &opt);
	if (!x->wb) {
		snprintf(x->msg, sizeof(x->msg), "cannot create '%s'", path);
		return AR_ELEDGER;
	}
	x->title = title ? strdup(title) : NULL;
	x->company = company ? strdup(company) : NULL;
	x->props.title = x->title;
	x->props.company = x->company;
	x->props.author = (char *)"arkit";
	/* midnight UTC of the as-of date: the same ledger, the same bytes */
	x->props.created = (time_t)created * 86400;
	workbook_set_properties(x->wb, &x->props);
	page_header_text(x, created, company);

	x->f_title = workbook_add_format(x->wb);
	format_set_bold(x->f_title);
	format_set_font_size(x->f_title, 14);
	x->f_hdr = workbook_add_format(x->wb);
	format_set_bold(x->f_hdr);
	format_set_bottom(x->f_hdr, LXW_BORDER_THIN);
	format_set_bg_color(x->f_hdr, 0xDDEBF7);
	format_set_text_wrap(x->f_hdr);
	x->f_date = workbook_add_format(x->wb);
	format_set_num_format(x->f_date, "yyyy-mm-dd");
	x->f_int = workbook_add_format(x->wb);
	format_set_num_format(x->f_int, "0");
	x->f_text = workbook_add_format(x->wb);
	format_set_num_format(x->f_text, "@");

	for (int e = 0; e < MAX_E; e++) {
		x->f_money[e] = num_format(x->wb, e, false);
		x->f_money_hi[e] = num_format(x->wb, e, true);
	}
	return AR_OK;
}

const char *ar_xlsx_errmsg(const struct ar_xlsx *x)
{
	return x ? x->msg : "out of memory";
}

static void note(struct ar_xlsx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR) {
		x->err = e;
		snprintf(x->msg, sizeof(x->msg), "%s", lxw_strerror(e));
	}
}

/* Close the sheet in progress: its autofilter over the rows written. */
static void end_sheet(struct ar_xlsx *x)
{
	if (!x->ws || !x->cols || x->ncols == 0)
		return;
	lxw_row_t last = x->row > x->hdr ? x->row - 1 : x->hdr;
	note(x, worksheet_autofilter(x->ws, x->hdr, 0, last,
				     (lxw_col_t)(x->ncols - 1)));
	x->cols = NULL;
}

/*
 * A column's name as people read it in a header: "days_past_due" is
 * "Days past due", "customer_id" "Customer ID", "dso" "DSO".  The csv
 * output keeps the names; only the workbook's headers are words.
 */
void ar__xlsx_label(const char *name, char *out, size_t size)
{
	static const char *const upper[][2] = {
		{"id", "ID"}, {"kpi", "KPI"}, {"dso", "DSO"}, {"cei", "CEI"},
		{"add", "ADD"}, {"po", "PO"}, {"gl", "GL"}, {"no", "No."},
		{"pct", "%"},
	};
	size_t n = 0;
	bool first = true;
	/* a name with capitals (USD) or none of ours is left as it is */
	for (const char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z') {
			snprintf(out, size, "%s", name);
			return;
		}
	out[0] = '\0';
	for (const char *p = name; *p && n + 1 < size;) {
		size_t w = strcspn(p, "_");
		char word[64];
		snprintf(word, sizeof(word), "%.*s", (int)(w < 63 ? w : 63), p);
		const char *say = word;
		for (size_t i = 0; i < sizeof(upper) / sizeof(upper[0]); i++)
			if (strcmp(word, upper[i][0]) == 0)
				say = upper[i][1];
		int k = snprintf(out + n, size - n, "%s%s", n ? " " : "", say);
		if (k < 0 || (size_t)k >= size - n)
			break;
		if (first && say == word && out[n] >= 'a' && out[n] <= 'z')
			out[n] = (char)(out[n] - 'a' + 'A');
		first = false;
		n += (size_t)k;
		p += w;
		while (*p == '_')
			p++;
	}
}

static double width_of(const struct ar_column *c)
{
	char label[128];
	double w = 14;
	if (c->type == AR_COL_DATE)
		w = 11;
	else if (c->type == AR_COL_INT)
		w = 9;
	else if (!strcmp(c->name, "reason") || !strcmp(c->name, "formula"))
		w = 70;
	else if (strstr(c->name, "name") || !strcmp(c->name, "email"))
		w = 30;
	/* the header is never cut: its words fit, with the filter's button */
	ar__xlsx_label(c->name, label, sizeof(label));
	if ((double)strlen(label) + 4 > w)
		w = (double)strlen(label) + 4;
	return w;
}

/* The sheet of that name added ahead, taken from the list; or NULL. */
static lxw_worksheet *take_ahead(struct ar_xlsx *x, const char *name)
{
	for (int i = 0; i < x->nahead; i++)
		if (x->ahead[i].ws && strcmp(x->ahead[i].name, name) == 0) {
			lxw_worksheet *ws = x->ahead[i].ws;
			x->ahead[i].ws = NULL;
			return ws;
		}
	return NULL;
}

/*
 * Add a sheet to the workbook.  A block sheet (the Summary: a hundred
 * rows) is kept in memory, not streamed: libxlsxwriter can then give its
 * charts their data caches, text categories as text, which it cannot
 * read back from a streamed sheet.  libxlsxwriter reads the option at
 * each new sheet.
 */
static lxw_worksheet *add_sheet(struct ar_xlsx *x, const char *name,
				bool block)
{
	x->wb->options.constant_memory = block ? LXW_FALSE : LXW_TRUE;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	x->wb->options.constant_memory = LXW_TRUE;
	return ws;
}

/* A new sheet (the one added ahead, if any); its header at the current
 * row. */
static ar_status new_sheet(struct ar_xlsx *x, const char *name, bool block)
{
	end_sheet(x);
	x->ws = take_ahead(x, name);
	if (!x->ws)
		x->ws = add_sheet(x, name, block);
	x->row = 0;
	x->col = 0;
	x->full = false;
	if (!x->ws) {
		snprintf(x->msg, sizeof(x->msg), "cannot add the sheet '%s'", name);
		return AR_ELEDGER;
	}
	/* printed: landscape, the company, sheet and date above, the page
	 * numbers below */
	worksheet_set_landscape(x->ws);
	worksheet_set_margins(x->ws, 0.4, 0.4, 0.75, 0.75);
	note(x, worksheet_set_header(x->ws, x->page_header));
	note(x, worksheet_set_footer(x->ws, "&CPage &P of &N"));
	return AR_OK;
}

static void header(struct ar_xlsx *x, const struct ar_column *cols, size_t n)
{
	x->cols = cols;
	x->ncols = n;
	x->hdr = x->row;
	for (size_t c = 0; c < n; c++) {
		char label[128];
		ar__xlsx_label(cols[c].name, label, sizeof(label));
		note(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
					     width_of(&cols[c]), NULL));
		note(x, worksheet_write_string(x->ws, x->row, (lxw_col_t)c,
					       label, x->f_hdr));
	}
	worksheet_freeze_panes(x->ws, x->row + 1, 0);
	/* one page wide, as many long as it takes, the header on each */
	worksheet_fit_to_pages(x->ws, 1, 0);
	note(x, worksheet_repeat_rows(x->ws, x->row, x->row));
	x->row++;
}

ar_status ar_xlsx_sheet(struct ar_xlsx *x, const char *name,
			const struct ar_column *cols, size_t ncols,
			const char *caption)
{
	ar_status st = new_sheet(x, name, false);
	if (st != AR_OK)
		return st;
	if (caption) {
		note(x, worksheet_write_string(x->ws, 0, 0, caption, NULL));
		x->row = 1;
	}
	header(x, cols, ncols);
	return x->err ? AR_ELEDGER : AR_OK;
}

/* The cell to write next, or false when the sheet is full. */
static bool cell(struct ar_xlsx *x)
{
	return x->row <= EXCEL_MAX_ROW && x->col < 16384;
}

/* The most characters a cell holds. */
#define EXCEL_MAX_STRING 32767

void ar_xlsx_text(struct ar_xlsx *x, const char *s)
{
	/* always a string: never a formula, whatever it starts with */
	if (cell(x) && s && *s) {
		size_t n = strlen(s);
		if (n <= EXCEL_MAX_STRING) {
			note(x, worksheet_write_string(x->ws, x->row, x->col, s, NULL));
		} else {
			/* longer than a cell holds (a 64 KiB name): cut at a
			 * character boundary rather than lose the workbook */
			char *t = malloc(EXCEL_MAX_STRING + 1);
			if (t) {
				n = ar__utf8_cut(s, EXCEL_MAX_STRING);
				memcpy(t, s, n);
				t[n] = '\0';
				note(x, worksheet_write_string(x->ws, x->row,
							       x->col, t, NULL));
				free(t);
			}
		}
	}
	x->col++;
	x->hi = false;
}

static double scaled(int64_t v, int e)
{
	static const double p10[] = {1, 10, 100, 1000, 10000, 100000,
				     1000000, 10000000, 100000000};
	return (double)v / p10[e < 0 ? 0 : e > 8 ? 8 : e];
}

void ar_xlsx_money(struct ar_xlsx *x, int64_t v, int exponent)
{
	int e = exponent < 0 ? 0 : exponent >= MAX_E ? MAX_E - 1 : exponent;
	if (cell(x))
		note(x, worksheet_write_number(x->ws, x->row, x->col,
					       scaled(v, exponent),
					       x->hi ? x->f_money_hi[e] : x->f_money[e]));
	x->col++;
	x->hi = false;
}

void ar_xlsx_ratio(struct ar_xlsx *x, int64_t v, int decimals)
{
	if (v == AR_RATIO_NONE)
		ar_xlsx_null(x);
	else
		ar_xlsx_money(x, v, decimals);
}

void ar_xlsx_int(struct ar_xlsx *x, int64_t v)
{
	if (cell(x))
		note(x, worksheet_write_number(x->ws, x->row, x->col, (double)v,
					       x->f_int));
	x->col++;
	x->hi = false;
}

void ar_xlsx_date(struct ar_xlsx *x, ar_date d)
{
	if (cell(x) && d != AR_DATE_NONE)
		note(x, worksheet_write_number(x->ws, x->row, x->col,
					       (double)d + EXCEL_1970, x->f_date));
	x->col++;
	x->hi = false;
}

void ar_xlsx_null(struct ar_xlsx *x)
{
	x->col++;
	x->hi = false;
}

void ar_xlsx_highlight(struct ar_xlsx *x)
{
	x->hi = true;
}

ar_status ar_xlsx_end_row(struct ar_xlsx *x)
{
	if (x->row > EXCEL_MAX_ROW && !x->full) {
		x->full = true;
		snprintf(x->msg, sizeof(x->msg), "more rows than a sheet holds "
			 "(%d)", EXCEL_MAX_ROW + 1);
		return AR_EUSAGE;
	}
	x->row++;
	x->col = 0;
	return x->err ? AR_ELEDGER : AR_OK;
}

bool ar_xlsx_sheet_full(const struct ar_xlsx *x)
{
	return x->row > EXCEL_MAX_ROW;
}

static void xfree(struct ar_xlsx *x)
{
	free(x->title);
	free(x->company);
	free(x);
}

ar_status ar_xlsx_close(struct ar_xlsx *x, char *errmsg, size_t size)
{
	if (!x)
		return AR_OK;
	end_sheet(x);
	lxw_error e = workbook_close(x->wb);
	ar_status st = AR_OK;
	if (e != LXW_NO_ERROR || x->err != LXW_NO_ERROR) {
		snprintf(errmsg, size, "%s", x->err ? x->msg : lxw_strerror(e));
		st = AR_ELEDGER;
	}
	xfree(x);
	return st;
}

void ar_xlsx_abort(struct ar_xlsx *x)
{
	if (!x)
		return;
	/* libxlsxwriter has no abort: write the file, the caller removes it */
	if (x->wb)
		workbook_close(x->wb);
	xfree(x);
}

/* ------------------------------------------------------------------ */
/* Any CSV as a sheet */

enum kind { K_TEXT, K_MONEY, K_INT, K_DATE };

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

static enum kind kind_of(const char *name)
{
	static const char *const money[] = {
		"amount", "open_amount", "unapplied_amount", "balance", "total",
		"current", "unapplied", "disputed", "overdue", "expected",
		"credit_limit", "credit_sales", "collections", "begin_ar",
		"end_ar", "end_current_ar", "writeoffs", "recoveries", "debit",
		"credit", "running_balance", "doc_open_after",
		"credit_unapplied_after", "value", "dso", "dso_countback",
		"best_possible_dso", "add", "cei", "avg_days_to_pay",
		"avg_days_late", "weighted_days_late", "pct_current",
		"pct_over_90", "bad_debt_ratio", "pct_paid_late", "utilization",
		"late_trend", NULL,
	};
	static const char *const ints[] = {
		"days", "rank", "score", "items", "invoices_paid",
		"broken_promises", "batch", "rows", "added", "unchanged",
		"rejected", "request_id", NULL,
	};
	if (!strcmp(name, "date") || ends_with(name, "_date") ||
	    !strcmp(name, "week_start") || !strcmp(name, "month_end") ||
	    !strcmp(name, "period_start") || !strcmp(name, "period_end"))
		return K_DATE;
	for (int i = 0; money[i]; i++)
		if (!strcmp(name, money[i]))
			return K_MONEY;
	/* aging buckets: 1-30, 31-60, over_120, 0-30 */
	if ((name[0] >= '0' && name[0] <= '9' && strchr(name, '-')) ||
	    !strncmp(name, "over_", 5))
		return K_MONEY;
	for (int i = 0; ints[i]; i++)
		if (!strcmp(name, ints[i]))
			return K_INT;
	if (strstr(name, "days"))	/* days_past_due, oldest_days, ... */
		return K_INT;
	return K_TEXT;
}

/* A plain decimal ("-1234.56") as minor units and its decimals. */
static bool decimal(const char *s, int64_t *v, int *e)
{
	const char *dot = strchr(s, '.');
	int d = dot ? (int)strlen(dot + 1) : 0;
	if (!*s || d >= MAX_E || strspn(s, "-0123456789.") != strlen(s))
		return false;
	*e = d;
	return ar_money_parse(s, strlen(s), d, NULL, 0, v, NULL) == AR_OK;
}

ar_status ar_xlsx_from_csv(struct ar_xlsx *x, struct ar_csv_reader *r,
			   const char *name)
{
	struct ar_column *cols = NULL;
	enum kind *kinds = NULL;
	char **names = NULL;
	size_t n = 0;
	ar_status st = ar_csv_next(r);

	if (st == AR_ENOTFOUND) {
		snprintf(x->msg, sizeof(x->msg), "%s: empty, no header row",
			 ar_csv_name(r));
		return AR_EINPUT;
	}
	if (st != AR_OK) {
		snprintf(x->msg, sizeof(x->msg), "%s", ar_csv_errmsg(r));
		return st;
	}
	n = ar_csv_nfields(r);
	cols = calloc(n, sizeof(*cols));
	kinds = calloc(n, sizeof(*kinds));
	names = calloc(n, sizeof(*names));
	if (!cols || !kinds || !names) {
		st = AR_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(names[i] = strdup(ar_csv_field(r, i, NULL)))) {
			st = AR_ENOMEM;
			goto out;
		}
		kinds[i] = kind_of(names[i]);
		cols[i].name = names[i];
		cols[i].type = kinds[i] == K_MONEY ? AR_COL_MONEY
			       : kinds[i] == K_INT ? AR_COL_INT
			       : kinds[i] == K_DATE ? AR_COL_DATE : AR_COL_TEXT;
	}
	ar_csv_expect_fields(r, n);
	if ((st = ar_xlsx_sheet(x, name, cols, n, NULL)) != AR_OK)
		goto out;
	while ((st = ar_csv_next(r)) == AR_OK) {
		const char *bad = ar_csv_row_error(r);
		if (bad) {
			snprintf(x->msg, sizeof(x->msg), "%s:%ld: %s",
				 ar_csv_name(r), ar_csv_line(r), bad);
			st = AR_EINPUT;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			const char *s = ar_csv_field(r, i, NULL);
			int64_t v;
			int e;
			ar_date d;
			if (!*s)
				ar_xlsx_null(x);
			else if (kinds[i] == K_MONEY && decimal(s, &v, &e))
				ar_xlsx_money(x, v, e);
			else if (kinds[i] == K_INT && decimal(s, &v, &e) && e == 0)
				ar_xlsx_int(x, v);
			else if (kinds[i] == K_DATE &&
				 ar_date_parse_iso(s, strlen(s), &d) == AR_OK)
				ar_xlsx_date(x, d);
			else
				ar_xlsx_text(x, s);
		}
		if ((st = ar_xlsx_end_row(x)) != AR_OK)
			goto out;
	}
	if (st == AR_ENOTFOUND)
		st = AR_OK;
	else
		snprintf(x->msg, sizeof(x->msg), "%s", ar_csv_errmsg(r));
out:
	end_sheet(x);	/* while the names live */
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	free(kinds);
	free(cols);
	return st;
}

/* ------------------------------------------------------------------ */
/* What the morning workbook needs of the sheet writer */


lxw_workbook *ar__xlsx_workbook(struct ar_xlsx *x)
{
	return x->wb;
}

lxw_worksheet *ar__xlsx_new_sheet(struct ar_xlsx *x, const char *name)
{
	return new_sheet(x, name, true) == AR_OK ? x->ws : NULL;
}

ar_status ar__xlsx_add_ahead(struct ar_xlsx *x, const char *name, bool block)
{
	lxw_worksheet *ws = NULL;
	if (x->nahead < AHEAD_MAX && strlen(name) < sizeof(x->ahead[0].name))
		ws = add_sheet(x, name, block);
	if (!ws) {
		snprintf(x->msg, sizeof(x->msg), "cannot add the sheet '%s'", name);
		return AR_ELEDGER;
	}
	snprintf(x->ahead[x->nahead].name, sizeof(x->ahead[0].name), "%s", name);
	x->ahead[x->nahead++].ws = ws;
	return AR_OK;
}

void ar__xlsx_title(struct ar_xlsx *x, const char *text)
{
	note(x, worksheet_write_string(x->ws, x->row, 0, text, x->f_title));
	x->row++;
}

/* A header row of a block inside a sheet (no freeze, no filter). */
void ar__xlsx_header(struct ar_xlsx *x, const struct ar_column *cols, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		char label[128];
		ar__xlsx_label(cols[c].name, label, sizeof(label));
		note(x, worksheet_write_string(x->ws, x->row, (lxw_col_t)c,
					       label, x->f_hdr));
	}
	x->row++;
	x->col = 0;
}

lxw_row_t ar__xlsx_row(const struct ar_xlsx *x)
{
	return x->row;
}

lxw_worksheet *ar__xlsx_worksheet(struct ar_xlsx *x)
{
	return x->ws;
}

void ar__xlsx_skip(struct ar_xlsx *x)
{
	x->row++;
	x->col = 0;
}
