/*
 * ledger_cells.c - the ledger's own rows (settings, batches) as cells,
 * once, for every destination.
 */
#include "ar/ledger.h"
#include "cells_int.h"

const struct ar_column ar_setting_columns[AR_SETTING_COLUMNS] = {
	{"key", AR_COL_TEXT}, {"value", AR_COL_TEXT},
	{"source", AR_COL_TEXT},
};

ar_status ar_setting_row_put(const struct ar_cells *out, const char *key,
			     const char *value, bool is_set)
{
	/* no value and no default: the gl.* accounts, unset on purpose */
	C(out, text, key);
	C(out, text, value);
	C(out, text, is_set ? "set" : *value ? "default" : "unset");
	return out->end_row(out->ctx);
}

const struct ar_column ar_batch_columns[AR_BATCH_COLUMNS] = {
	{"batch", AR_COL_INT}, {"command", AR_COL_TEXT},
	{"args", AR_COL_TEXT}, {"user", AR_COL_TEXT},
	{"started", AR_COL_TEXT}, {"finished", AR_COL_TEXT},
	{"summary", AR_COL_TEXT},
};

ar_status ar_batch_row_put(const struct ar_cells *out,
			   const struct ar_batch_info *b)
{
	C(out, integer, b->id);
	C(out, text, b->command);
	C(out, text, b->args);
	C(out, text, b->user);
	C(out, text, b->started);
	C(out, text, b->finished);
	C(out, text, b->summary);
	return out->end_row(out->ctx);
}
