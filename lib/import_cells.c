/*
 * import_cells.c - a rejected row as a row of the rejects file, once:
 * the file's own columns, then where and why it was rejected.
 */
#include <stdio.h>

#include "ar/import.h"
#include "cells_int.h"

size_t ar_import_reject_columns(const struct ar_import_error *e,
				struct ar_column *cols)
{
	for (size_t i = 0; i < e->nhead; i++)
		cols[i] = (struct ar_column){e->header[i], AR_COL_TEXT};
	cols[e->nhead] = (struct ar_column){"error", AR_COL_TEXT};
	return e->nhead + 1;
}

ar_status ar_import_reject_put(const struct ar_cells *out,
			       const struct ar_import_error *e,
			       const struct ar_csv_reader *r, size_t nfields)
{
	char msg[768];
	for (size_t i = 0; i < nfields; i++)
		C(out, text, ar_csv_field(r, i, NULL));
	snprintf(msg, sizeof(msg), "line %ld: %s%s%s%s%s%s", e->line,
		 e->field ? e->field : "", e->field ? " " : "",
		 e->value ? "'" : "", e->value ? e->value : "",
		 e->value ? "' " : "", e->reason);
	C(out, text, msg);
	return out->end_row(out->ctx);
}
