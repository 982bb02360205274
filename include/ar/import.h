/*
 * import.h - loading CSV records into the ledger.
 *
 * An import reads one CSV file after another inside the caller's batch
 * (ar_ledger_begin()); the caller commits or rolls back, so a file with a
 * bad row can leave the ledger untouched.  Every row ends up added,
 * updated (customers only), unchanged or rejected, and the counts say so.
 */
#ifndef AR_IMPORT_H
#define AR_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ar_record_type {
	AR_REC_AUTO = 0,	/* detect from the header */
	AR_REC_CUSTOMERS,
	AR_REC_INVOICES,
	AR_REC_CREDITS,
	AR_REC_PAYMENTS,
	AR_REC_APPLICATIONS,
	AR_REC_ACTIVITIES,
	AR_REC_TARGETS,		/* collectors' monthly targets (ar-note) */
	AR_REC_ALIASES		/* remitter names and accounts of customers */
};

/* Name of a record type ("invoices"); NULL for AR_REC_AUTO. */
const char *ar_record_type_name(enum ar_record_type t);

/* Parse a record type name; AR_EUSAGE when unknown. */
ar_status ar_record_type_parse(const char *s, enum ar_record_type *t);

struct ar_import_options {
	enum ar_record_type type;
	const char *map;		/* "target=Source,..." or NULL */
	const char *date_format;	/* NULL: ISO */
	bool decimal_comma;
	bool create_customers;
	bool allow_closed;		/* post into closed periods */
};

/* One rejected row; strings borrowed for the call. */
struct ar_import_error {
	const char *file;
	long line;
	const char *field;	/* the column as the file names it; may be NULL */
	const char *value;	/* the offending value; may be NULL */
	const char *reason;	/* "is not an amount (too many decimals)" */
	/* a field of the options that would let the row through, and what
	 * it does ("allow_closed", "posts anyway"), or NULL */
	const char *hint, *hint_does;
	char *const *header;	/* the file's column names */
	size_t nhead;
};

/*
 * A rejected row is a row of data (its fields go to a rejects file): it
 * has its callback.  What rejects nothing (columns ignored) is a notice
 * of kind AR_NOTICE_WARNING, and how far a file is a progress notice
 * ("12288 rows (40%)", with its file), through the ledger's notices
 * (ar_ledger_set_notice()).
 */
struct ar_import_callbacks {
	/* a row is rejected; r holds its fields (for a rejects file) */
	void (*reject)(void *ctx, const struct ar_import_error *e,
		       struct ar_csv_reader *r);
	void *ctx;
};

/*
 * The columns of a rejects file for the file of e: its own (e->header,
 * borrowed), then "error"; cols holds e->nhead + 1.
 * @return the number of columns
 */
size_t ar_import_reject_columns(const struct ar_import_error *e,
				struct ar_column *cols);

/*
 * Put a rejected row into out (struct ar_cells in ar/csv.h): the first
 * nfields fields of r as the file gave them, then where and why ("line
 * 4: amount '1,2' is not an amount").  @return what out's end_row returned
 */
ar_status ar_import_reject_put(const struct ar_cells *out,
			       const struct ar_import_error *e,
			       const struct ar_csv_reader *r, size_t nfields);

#define AR_IMPORT_MAX_CURRENCIES 16

struct ar_import_stats {
	enum ar_record_type type;
	bool detected;			/* the type came from the header */
	long rows, added, updated, unchanged, rejected;
	long customers_created;		/* with create_customers */
	long unidentified;		/* payments of nobody known, kept apart */
	/* the sum of the amounts of the rows read, per currency; over: the
	 * sum is more than INT64_MAX (rows repeated), total is not it */
	int ncurrencies;
	struct {
		char code[4];
		int exponent;
		int64_t total;
		bool over;
	} currencies[AR_IMPORT_MAX_CURRENCIES];
	char sha256[65];
	/* the whole file was imported before, in this batch at this time */
	bool seen_before;
	int64_t seen_batch;
	long seen_rows;
	char seen_at[28];
};

struct ar_import;

/*
 * Prepare an import into l with options o (both borrowed).
 * @return AR_OK, AR_EUSAGE (bad --map or date format, message in
 *	   ar_ledger_errmsg()), AR_ELEDGER, AR_ENOMEM
 */
ar_status ar_import_new(struct ar_import **ip, struct ar_ledger *l,
			const struct ar_import_options *o,
			const struct ar_import_callbacks *cb);

/*
 * Import every record of r inside the ledger's current batch.
 * Bad rows are passed to cb->reject and counted, and the import goes on.
 * A file whose SHA-256 was imported whole before is read, not loaded:
 * stats->seen_before says so.
 * @return AR_OK (even with rejected rows: see stats->rejected);
 *	   AR_EINPUT when the file cannot be read as CSV of the type (the
 *	   message is in ar_ledger_errmsg()); AR_ELEDGER, AR_EBUSY, AR_ENOMEM
 */
ar_status ar_import_file(struct ar_import *im, struct ar_csv_reader *r,
			 struct ar_import_stats *stats);

struct ar_bai2_stats;

/*
 * Import path when it is a bank file (a BAI2 file or a camt.053
 * statement: its credits, as payments; see ar/bai2.h, ar/camt.h),
 * setting *is_bank (then bank->records is -1 for a camt.053 statement,
 * whose statements are counted as groups); when it is not, *is_bank is
 * false and nothing is read (import it with ar_import_file()).  Messages
 * of the bank file name its lines; rows rejected later name the line of
 * the payments made of it.  bank gets what the file held besides.
 * @return as ar_import_file(), or AR_EINPUT for a bank file that
 *	   disagrees with itself (the message names the line)
 */
ar_status ar_import_bank_file(struct ar_import *im, const char *path,
			      struct ar_import_stats *stats,
			      struct ar_bai2_stats *bank, bool *is_bank);

/* Free; NULL is fine. */
void ar_import_free(struct ar_import *im);

/*
 * The summary line of a file: "invoices.csv: 10000 rows: 9998 added,
 * 2 unchanged, 0 rejected; 1,234,567.89 USD", or that it was seen before.
 * @return the length it has (it may be cut to size)
 */
size_t ar_import_summary(const struct ar_import_stats *s, const char *file,
			 char *buf, size_t size);

/* Add the counts and totals of s to all (the run's). */
void ar_import_stats_add(struct ar_import_stats *all,
			 const struct ar_import_stats *s);

/*
 * Compare a run's counts with its control totals (expect_rows -1 and
 * expect_total NULL: none).  The total is read in the currency of the
 * input, which must be one.
 * @return AR_OK, or AR_ECHECK with the reason in msg and in *field the
 * argument it is about ("expect_total"), or NULL when the counts or
 * amounts of the input differ from what was expected
 */
ar_status ar_import_control_totals(const struct ar_import_stats *all,
				   long expect_rows, const char *expect_total,
				   bool decimal_comma, char *msg, size_t size,
				   const char **field);

#ifdef __cplusplus
}
#endif

#endif
