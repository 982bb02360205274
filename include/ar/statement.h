/*
 * statement.h - statements of account: open-item or activity (balance
 * forward), rendered as text, HTML, CSV or PDF.
 *
 * An open-item statement as of a date lists every debit item still open
 * then (with its days past due) and every unapplied payment or credit.
 * An activity statement for a period gives the opening balance (the
 * balance the day before the period), every document dated in the period
 * with a running balance (debits raise it; payments, credit memos and
 * write-offs lower it; a returned payment's reversal raises it again) and
 * the closing balance, which is the balance at the end of the period.
 * Both carry the aging line as ar-age computes it (ar_age_summary() as of
 * the statement date) and the amount due.
 *
 * Statements are produced customer by customer in customer number order,
 * one section per currency; only the current customer's lines are held in
 * memory.
 */
#ifndef AR_STATEMENT_H
#define AR_STATEMENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ar/age.h"
#include "ar/date.h"
#include "ar/ledger.h"
#include "ar/pdf.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ar_statement_type { AR_STATEMENT_OPEN_ITEM, AR_STATEMENT_ACTIVITY };

struct ar_statement_options {
	enum ar_statement_type type;
	ar_date as_of;		/* open-item: the statement date */
	ar_date from, to;	/* activity: the period; AR_DATE_NONE: the
				 * calendar month of as_of, up to as_of */
	const char *customer_id;	/* NULL: every customer */
	const char *min_balance;	/* balance at least this, per currency */
	bool overdue_only;	/* sections with money past due only */
	bool include_zero;	/* also customers with nothing to show */
};

/* Set the defaults: open-item, as of today, every customer. */
void ar_statement_options_init(struct ar_statement_options *o);

/*
 * Check the options and settle the period: from and to default to the
 * calendar month of as_of (to no later than as_of); a period ending after
 * as_of or starting after it ends is refused.
 * @return AR_OK or AR_EUSAGE with the reason in ar_ledger_errmsg()
 */
ar_status ar_statement_options_check(struct ar_ledger *l,
				     struct ar_statement_options *o);

/* The date a statement is made out for: as_of, or the period's end. */
ar_date ar_statement_date(const struct ar_statement_options *o);

/* What a statement line is. */
enum ar_statement_line_kind {
	AR_LINE_OPENING,	/* activity: balance brought forward */
	AR_LINE_DOCUMENT,	/* a document (or what is open of it) */
	AR_LINE_CLOSING		/* activity: closing balance; open-item:
				 * the balance of the lines */
};

/* One line; strings borrowed until the callback returns. */
struct ar_statement_line {
	enum ar_statement_line_kind kind;
	const char *doc_type, *doc_no, *description;	/* "" when none */
	ar_date date, due_date;		/* due_date AR_DATE_NONE for credits */
	int days_past_due;		/* open-item debits; 0 otherwise */
	int64_t amount;			/* signed: debits +, credits - */
	int64_t open;			/* open-item: what is open (signed);
					 * activity: amount */
	int64_t balance;		/* running balance after the line */
	int64_t disputed;		/* open-item debits: what of open is
					 * under an open dispute (ar-dispute(1));
					 * its description then ends
					 * " [disputed AMOUNT]" */
};

/* One currency of a customer's statement. */
struct ar_statement_section {
	char currency[4];
	int exponent;
	struct ar_statement_line *lines;
	size_t nlines;
	int64_t opening;	/* activity: balance the day before from */
	int64_t closing;	/* the balance at the statement date */
	/* the aging line at the statement date, from ar_age_summary() */
	int nbuckets;
	int64_t bucket[AR_AGE_MAX_BUCKETS];
	int64_t unapplied;	/* <= 0 */
	int64_t amount_due;	/* the balance when positive, else 0 */
	bool overdue;		/* something is past due */
};

/* The company block, from the settings (borrowed). */
struct ar_statement_company {
	const char *name, *address, *remit_to, *message; /* "\n" separates
							  * lines */
	const char *logo;		/* PDF: a PNG file, "" for none */
	enum ar_pdf_paper paper;	/* PDF: the paper printed on */
};

/* One customer's statement; everything borrowed for the callback. */
struct ar_statement {
	enum ar_statement_type type;
	ar_date date, from, to;		/* from, to: activity only */
	const struct ar_statement_company *company;
	int64_t customer;		/* customer.id */
	const char *customer_id, *customer_name;
	const char *address[6];		/* address1, address2, city line,
					 * country...; NULL after the last */
	char bucket_names[AR_AGE_MAX_BUCKETS][24];
	struct ar_statement_section *sections;
	size_t nsections;
	/* the customer's e-mail and postal address as stored ("" when
	 * none), for mail merge */
	const char *email, *address1, *address2, *city, *region,
		   *postal_code, *country;
	const char *date_format;	/* statement.date_format: how dates
					 * are shown (ar_date_format_as()) */
};

/*
 * Lay a postal address out as the post of its country expects it, into
 * at most 5 lines (address1, address2, the town line, a line of its own
 * for the postcode where the country wants one, then the country; empty
 * lines left out):
 * "Springfield, IL 62704" by default (US, CA, ...), "10115 Berlin" for
 * most of Europe (DE, FR, IT, ES, NL, AT, CH, ...), "London" then
 * "SW1A 1AA" for GB and IE.  The lines are written into buf (size bytes,
 * 1024 is plenty) and lines[] points into it.
 * @return the number of lines
 */
int ar_statement_address_lines(const char *address1, const char *address2,
			       const char *city, const char *region,
			       const char *postal, const char *country,
			       char *buf, size_t size, const char *lines[5]);

typedef ar_status (*ar_statement_fn)(void *ctx, const struct ar_statement *s);

/*
 * Produce the statements: fn is called once per customer that has
 * something to show (any customer with --include-zero) and passes the
 * filters, in customer number order.  A closing balance that differs from
 * the aging's balance (an unsound ledger) is AR_ECHECK.
 * @return AR_OK, AR_EUSAGE (a bad option value), AR_ENOTFOUND (the
 *	   customer asked for does not exist), AR_ECHECK, AR_ELEDGER,
 *	   AR_ENOMEM, or what fn returned; the detail in ar_ledger_errmsg()
 */
ar_status ar_statement_run(struct ar_ledger *l,
			   const struct ar_statement_options *o,
			   ar_statement_fn fn, void *ctx);

/* ------------------------------------------------------------------ */
/* Rendering */

enum ar_statement_format {
	AR_STATEMENT_TEXT,	/* 80 columns; form feeds between statements */
	AR_STATEMENT_HTML,	/* self-contained, printable */
	AR_STATEMENT_CSV,	/* one row per line, for mail merge */
	AR_STATEMENT_PDF	/* letters to print and mail (pdf.h): one PDF
				 * of all the statements written, each
				 * starting on a new page */
};

/* Writer flags. */
#define AR_STATEMENT_EXCEL_SAFE 0x1	/* csv: guard text a spreadsheet runs */

struct ar_statement_writer;

/*
 * Parse a format name: text, html, csv, pdf.  @return AR_OK or AR_EUSAGE
 */
ar_status ar_statement_format_parse(const char *s,
				    enum ar_statement_format *out);

/* The file name extension of a format, without the dot ("txt", ...). */
const char *ar_statement_format_ext(enum ar_statement_format f);

/*
 * Start writing statements to fp (borrowed): a csv header, the head of
 * an HTML page.  A PDF starts with its first statement, whose settings
 * give the paper and the logo; a PDF of no statement is no bytes at all.
 * @return AR_OK, AR_ENOMEM
 */
ar_status ar_statement_writer_new(struct ar_statement_writer **wp, FILE *fp,
				  enum ar_statement_format f, unsigned flags);

/*
 * Write one statement.
 * @return AR_OK, AR_ELEDGER (a write error; or, with a message in
 *	   ar_statement_writer_errmsg(), the PDF's logo cannot be read),
 *	   AR_ENOMEM
 */
ar_status ar_statement_write(struct ar_statement_writer *w,
			     const struct ar_statement *s);

/*
 * Finish (the end of an HTML page) and flush.
 * @return AR_OK, AR_ELEDGER when anything could not be written
 */
ar_status ar_statement_writer_finish(struct ar_statement_writer *w);

/* The errno of the write that failed, or 0 (as ar_writer_errno()). */
int ar_statement_writer_errno(const struct ar_statement_writer *w);

/* What went wrong other than a write ("company.logo: cannot read ..."),
 * or "" (borrowed until the next call). */
const char *ar_statement_writer_errmsg(const struct ar_statement_writer *w);

/* Free; NULL is fine. */
void ar_statement_writer_free(struct ar_statement_writer *w);

/*
 * A file name for a customer's statement: bytes outside [A-Za-z0-9._-]
 * become '_', a leading '.' becomes '_', at most 100 bytes, then ".ext".
 * buf holds at least AR_STATEMENT_NAME_MAX bytes.
 */
#define AR_STATEMENT_NAME_MAX 128
void ar_statement_file_name(const char *customer_id, const char *ext,
			    char *buf);

/* ------------------------------------------------------------------ */
/* The activity log */

struct ar_statement_log;

/* An empty log of statements produced.  @return AR_OK, AR_ENOMEM */
ar_status ar_statement_log_new(struct ar_statement_log **lp);

/* Remember that s was produced.  @return AR_OK, AR_ENOMEM */
ar_status ar_statement_log_add(struct ar_statement_log *log,
			       const struct ar_statement *s);

/* How many statements the log holds. */
size_t ar_statement_log_count(const struct ar_statement_log *log);

/*
 * Record one activity of kind 'statement' per logged statement, dated
 * the statement date ("open-item statement as of 2026-10-31, 1,234.56 USD
 * due"), in one batch of command (argv as given).
 * @return AR_OK, AR_EBUSY, AR_ELEDGER
 */
ar_status ar_statement_log_commit(struct ar_ledger *l,
				  struct ar_statement_log *log,
				  const char *command, int argc,
				  char *const argv[]);

/* Free; NULL is fine. */
void ar_statement_log_free(struct ar_statement_log *log);

/* ------------------------------------------------------------------ */
/* One file per customer */

struct ar_statement_dir;

/*
 * Write statements into directory path (created mode 0700 when missing;
 * its parent must exist), one file per customer named by
 * ar_statement_file_name(), made unique within the run ("A_B.txt",
 * "A_B-2.txt", ...).  Each file is written under a temporary name, mode
 * 0600, and renamed into place when complete.
 * @return AR_OK, AR_ELEDGER (message in ar_statement_dir_errmsg()),
 *	   AR_ENOMEM
 */
ar_status ar_statement_dir_open(struct ar_statement_dir **dp, const char *path,
				enum ar_statement_format f, unsigned flags);

/* Write s into its own file.  @return AR_OK, AR_ELEDGER, AR_ENOMEM */
ar_status ar_statement_dir_write(struct ar_statement_dir *d,
				 const struct ar_statement *s);

/* What went wrong last (borrowed until the next call). */
const char *ar_statement_dir_errmsg(const struct ar_statement_dir *d);

/* Free; NULL is fine. */
void ar_statement_dir_free(struct ar_statement_dir *d);

#ifdef __cplusplus
}
#endif

#endif
