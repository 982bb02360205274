/*
 * xlsx_int.h - the sheet writer's inside, for the morning workbook's
 * Summary sheet, which lays out blocks and charts of its own.
 */
#ifndef AR_XLSX_INT_H
#define AR_XLSX_INT_H

#include <xlsxwriter.h>

#include "ar/xlsx.h"

lxw_workbook *ar__xlsx_workbook(struct ar_xlsx *x);
/* A new sheet with no header yet (NULL on failure, message set). */
lxw_worksheet *ar__xlsx_new_sheet(struct ar_xlsx *x, const char *name);
/*
 * Add a sheet now, for its place among the tabs, and write it later: the
 * next new sheet of that name (ar_xlsx_sheet(), ar__xlsx_new_sheet()) is
 * this one.  A block sheet is kept in memory, as ar__xlsx_new_sheet()'s
 * are.  The sheets given rows once added are written in any order, one
 * at a time, each top to bottom.  @return AR_OK, AR_ELEDGER (message set)
 */
ar_status ar__xlsx_add_ahead(struct ar_xlsx *x, const char *name, bool block);
/* A title line in bold at the current row. */
void ar__xlsx_title(struct ar_xlsx *x, const char *text);
/* A header row of a block inside a sheet (no freeze, no filter). */
void ar__xlsx_header(struct ar_xlsx *x, const struct ar_column *cols, size_t n);
/* The row the next cell goes to. */
lxw_row_t ar__xlsx_row(const struct ar_xlsx *x);
/* The sheet being written (for a chart in it). */
lxw_worksheet *ar__xlsx_worksheet(struct ar_xlsx *x);

/*
 * A column's name in words for a header ("days_past_due": "Days past
 * due", "customer_id": "Customer ID"); a name with capitals is kept.
 */
void ar__xlsx_label(const char *name, char *out, size_t size);
/* Leave a row empty. */
void ar__xlsx_skip(struct ar_xlsx *x);

#endif
