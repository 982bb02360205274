/*
 * xlsx.h - Excel workbooks: the morning workbook of the reports, and any
 * ar-* CSV as a formatted sheet.
 *
 * Written with libxlsxwriter in constant-memory mode: rows go to disk as
 * they are written, so memory stays flat at any row count.  Money is a
 * number with a money format of its currency's decimals, a date a date,
 * and text is always written as text (a customer named "=1+1" stays a
 * string, never a formula).  The document's created date is the as-of
 * date, so the same ledger and options give the same file.
 */
#ifndef AR_XLSX_H
#define AR_XLSX_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/ledger.h"
#include "ar/report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ar_xlsx;

/*
 * Start a workbook at path (written at ar_xlsx_close(); an existing file
 * is replaced and keeps its mode).  tmpdir: where libxlsxwriter keeps its
 * row files (NULL: the system's).  title and company (may be NULL) go to
 * the document properties, created is the as-of date.
 * @return AR_OK, AR_ELEDGER (cannot create; see ar_xlsx_errmsg()), AR_ENOMEM
 */
ar_status ar_xlsx_open(struct ar_xlsx **xp, const char *path,
		       const char *tmpdir, ar_date created, const char *title,
		       const char *company);

/*
 * Start a sheet: a caption line (when not NULL), the header row of cols
 * (borrowed until the next sheet), frozen, with an autofilter and widths
 * by column.  Rows follow with the cell calls, left to right.
 */
ar_status ar_xlsx_sheet(struct ar_xlsx *x, const char *name,
			const struct ar_column *cols, size_t ncols,
			const char *caption);

void ar_xlsx_text(struct ar_xlsx *x, const char *s);
void ar_xlsx_money(struct ar_xlsx *x, int64_t v, int exponent);
/* A scaled ratio (AR_RATIO_NONE: empty). */
void ar_xlsx_ratio(struct ar_xlsx *x, int64_t v, int decimals);
void ar_xlsx_int(struct ar_xlsx *x, int64_t v);
void ar_xlsx_date(struct ar_xlsx *x, ar_date d);
void ar_xlsx_null(struct ar_xlsx *x);
/* The next cell is highlighted (an amount more than 90 days past due). */
void ar_xlsx_highlight(struct ar_xlsx *x);
ar_status ar_xlsx_end_row(struct ar_xlsx *x);

/* True when the sheet in progress has room for no more rows. */
bool ar_xlsx_sheet_full(const struct ar_xlsx *x);

/* Report cells into the sheet in progress (ar_report_write()). */
void ar_cells_xlsx(struct ar_cells *c, struct ar_xlsx *x);

/*
 * Write the file and free; NULL is fine.
 * @return AR_OK or AR_ELEDGER (see the message given by errmsg)
 */
ar_status ar_xlsx_close(struct ar_xlsx *x, char *errmsg, size_t size);

/* Free without writing (the file is not created); NULL is fine. */
void ar_xlsx_abort(struct ar_xlsx *x);

/* The message of the last failure (borrowed). */
const char *ar_xlsx_errmsg(const struct ar_xlsx *x);

/*
 * The morning workbook: Summary (the KPIs with their formulas, the aging
 * by bucket, DSO and CEI by month and the forecast by week, each with a
 * chart), then KPI, Trend, Customers, Worklist, Forecast, Unapplied,
 * Aging and open-item Detail; with nsheets, the Summary and only the
 * sheets named ("kpi", ..., "aging", "detail").  The charts show the base
 * currency (setting currency.base), else the first currency.
 * @return AR_OK, AR_EUSAGE (a name that is no sheet's), or the status of
 *	   a failing report (message on the ledger)
 */
ar_status ar_xlsx_morning(struct ar_ledger *l, struct ar_xlsx *x,
			  const struct ar_report_options *o,
			  const char *const *sheets, int nsheets);

/* True when name is a sheet ar_xlsx_morning() can be asked for. */
bool ar_xlsx_sheet_name(const char *name);

/*
 * A CSV with a header row (any ar-* command's output) as one formatted
 * sheet named name: columns typed by name (amount-like names as money of
 * 2 decimals or the decimals the values show, *_date and date as dates,
 * *_days, days, rank, score, items, invoices_paid as numbers), anything
 * that does not read as its type written as text.
 * @return AR_OK, AR_EINPUT (not CSV: message in ar_csv_errmsg())
 */
ar_status ar_xlsx_from_csv(struct ar_xlsx *x, struct ar_csv_reader *r,
			   const char *name);

#ifdef __cplusplus
}
#endif

#endif
