/*
 * ledgerfix.h - building small ledgers in the unit tests: batches, and
 * CSV text imported as ar-import would.  Include after tmpfiles.h and
 * cmocka.h.
 */
#ifndef AR_TEST_LEDGERFIX_H
#define AR_TEST_LEDGERFIX_H

#include <string.h>

#include "ar/import.h"
#include "ar/ledger.h"

/* CSV text in a fresh temporary file; its path. */
static inline char *write_csv(const char *text)
{
	return write_bytes(text, strlen(text), "csv");
}

/* Begin a batch recorded as made by command, or fail the test. */
static inline void fix_begin(struct ar_ledger *l, const char *command,
			     int64_t *batch)
{
	char *argv[] = {(char *)command, NULL};
	ar_status st = ar_ledger_begin(l, command, 1, argv, batch);
	if (st != AR_OK)
		fail_msg("begin: status %d: %s", (int)st, ar_ledger_errmsg(l));
}

static inline void commit(struct ar_ledger *l)
{
	ar_status st = ar_ledger_commit(l, NULL);
	if (st != AR_OK)
		fail_msg("commit: status %d: %s", (int)st, ar_ledger_errmsg(l));
}

static inline void fix_on_reject(void *ctx, const struct ar_import_error *e,
				 struct ar_csv_reader *r)
{
	(void)ctx;
	(void)r;
	print_error("rejected %s:%ld: %s: '%s' %s\n", e->file, e->line,
		    e->field ? e->field : "", e->value ? e->value : "",
		    e->reason ? e->reason : "");
}

/*
 * Import CSV text of type in a batch of its own, recorded as command; no
 * row may be rejected.  The counts go to *s for the caller's checks.
 */
static inline void fix_import(struct ar_ledger *l, const char *command,
			      enum ar_record_type type, const char *text,
			      int64_t *batch, struct ar_import_stats *s)
{
	struct ar_import_options o = {.type = type};
	struct ar_import_callbacks cb = {.reject = fix_on_reject};
	struct ar_import *im = NULL;
	struct ar_csv_reader *r = NULL;

	fix_begin(l, command, batch);
	assert_int_equal(ar_import_new(&im, l, &o, &cb), AR_OK);
	assert_int_equal(ar_csv_reader_open(&r, write_csv(text), "t.csv"), AR_OK);
	ar_status st = ar_import_file(im, r, s);
	ar_csv_reader_free(r);
	ar_import_free(im);
	if (st != AR_OK)
		fail_msg("import: status %d: %s", (int)st, ar_ledger_errmsg(l));
	assert_int_equal(s->rejected, 0);
	commit(l);
}

/*
 * Import the csv file at path (relative to the top of the tree, where the
 * unit tests run) as type, in a batch of its own; no row may be rejected.
 */
static inline void fix_import_file(struct ar_ledger *l, const char *command,
				   const char *path, enum ar_record_type type)
{
	struct ar_import_options o = {.type = type};
	struct ar_import_callbacks cb = {.reject = fix_on_reject};
	struct ar_import *im = NULL;
	struct ar_csv_reader *r = NULL;
	struct ar_import_stats s;

	fix_begin(l, command, NULL);
	assert_int_equal(ar_import_new(&im, l, &o, &cb), AR_OK);
	if (ar_csv_reader_open(&r, path, path) != AR_OK)
		fail_msg("cannot open '%s' (run from the top of the tree)", path);
	ar_status st = ar_import_file(im, r, &s);
	ar_csv_reader_free(r);
	ar_import_free(im);
	if (st != AR_OK)
		fail_msg("%s: status %d: %s", path, (int)st, ar_ledger_errmsg(l));
	commit(l);
}

/* The samples' year (customers, invoices, credits, payments, activities
 * of samples/), each file a batch. */
static inline void fix_import_samples(struct ar_ledger *l, const char *command)
{
	static const struct {
		const char *file;
		enum ar_record_type type;
	} files[] = {
		{"samples/customers.csv", AR_REC_CUSTOMERS},
		{"samples/invoices.csv", AR_REC_INVOICES},
		{"samples/credits.csv", AR_REC_CREDITS},
		{"samples/payments.csv", AR_REC_PAYMENTS},
		{"samples/activities.csv", AR_REC_ACTIVITIES},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		fix_import_file(l, command, files[i].file, files[i].type);
}

#endif
