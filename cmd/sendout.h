/*
 * sendout.h - the runs of ar-statement that write one document per
 * customer for sending: receipts, balance confirmations, and statements
 * by e-mail; each one sent is logged on its customer.
 */
#ifndef AR_CMD_SENDOUT_H
#define AR_CMD_SENDOUT_H

#include "cli.h"
#include "mailout.h"

/* The other kinds of run: receipts, confirmations, statements by e-mail. */
enum send_kind { SEND_STATEMENT, SEND_CONFIRMATION, SEND_RECEIPT };

struct send {
	struct ar_ledger *l;
	enum send_kind kind;
	enum ar_statement_format fmt;
	bool mail, eml, html;
	struct mailout m;
	struct cli_output out;	/* the mbox, or the PDF file */
	struct pdfout pdf;	/* receipts and confirmations as PDF */
	bool print_run;		/* PDF into --one-file FILE: sent */
	char *from_name, *from_addr;
	struct ar_sent_log *sent;	/* receipts and confirmations */
	struct ar_statement_log *log;	/* statements */
	long n, failed, printed;
	/* the name of the document's file when not its customer's: a
	 * receipt's is ID-PAYMENT, since a customer may get several */
	const char *file_id;
};

/*
 * Run x (its kind, format and delivery set by the caller) with so over the
 * ledger db: into the directory dir, the PDF file one, or standard output;
 * payment: the receipt's payment, or NULL.  Returns the exit status.
 */
int correspond(struct send *x, struct ar_statement_options *so,
	       const char *db, const char *dir, const char *one,
	       const char *payment, bool dry_run, bool verbose,
	       int argc, char **argv);

#endif
