/*
 * cells_int.h - what the put functions of the row types share: the call
 * of a cell and the cells that may be empty.
 */
#ifndef AR_CELLS_INT_H
#define AR_CELLS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"

/* One cell: C(out, money, v, e) is out->money(out->ctx, v, e). */
#define C(out, fn, ...) (out)->fn((out)->ctx, __VA_ARGS__)

/* The next cell is highlighted, when on and the destination can. */
static inline void ar__cell_highlight(const struct ar_cells *out, bool on)
{
	if (on && out->highlight)
		out->highlight(out->ctx);
}

/* Text, empty when NULL or "". */
static inline void ar__cell_text_or_null(const struct ar_cells *out,
					 const char *s)
{
	if (s && *s)
		C(out, text, s);
	else
		out->null(out->ctx);
}

/* A date, empty when AR_DATE_NONE. */
static inline void ar__cell_date_or_null(const struct ar_cells *out, ar_date d)
{
	if (d != AR_DATE_NONE)
		C(out, date, d);
	else
		out->null(out->ctx);
}

/* A number, empty when 0. */
static inline void ar__cell_int_or_null(const struct ar_cells *out, int64_t v)
{
	if (v)
		C(out, integer, v);
	else
		out->null(out->ctx);
}

#endif
