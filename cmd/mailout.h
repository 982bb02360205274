/*
 * mailout.h - how the commands that write to customers deliver: one file
 * each into a directory, messages into an mbox, or a sendmail command.
 */
#ifndef AR_MAILOUT_H
#define AR_MAILOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "ar.h"

struct mailout {
	const char *dir;	/* files: the directory */
	FILE *mbox;		/* messages: the mbox, or NULL */
	const char *sendmail;	/* messages: the command, or NULL */
	bool dry;		/* -n: nothing piped */
	char last_id[128];	/* the customer of the last file */
};

/*
 * Write data as dir/ID.ext (dir made mode 0700 when missing; the file
 * 0600, under a temporary name renamed when complete).  A second file of
 * the same customer in a row (another currency) is named ID-SUFFIX.ext.
 * The path into path.  False after a message.
 */
bool mailout_file(struct mailout *m, const char *customer_id,
		  const char *suffix, const char *ext, const char *data,
		  char *path, size_t psz);

/* mailout_file() of len bytes of data, which may hold NUL bytes. */
bool mailout_file_n(struct mailout *m, const char *customer_id,
		    const char *suffix, const char *ext, const char *data,
		    size_t len, char *path, size_t psz);

/*
 * Deliver message msg (len bytes) of customer_id dated date: appended to
 * the mbox, or piped to the sendmail command (sent when it exits 0; with
 * dry, not piped and taken as sent).  False after a message when not
 * sent.
 */
bool mailout_send(struct mailout *m, const char *customer_id, ar_date date,
		  const char *msg, size_t len);

/* Ignore SIGPIPE when a command is piped to (one that exits unread is a
 * failure to send, not the end of the run). */
void mailout_init(struct mailout *m);

/*
 * PDF documents (ar/pdf.h): one file each into m->dir, or all of a run
 * in one PDF file on fp (a print run, or standard output).
 */
struct pdfout {
	struct mailout *m;
	FILE *fp;		/* NULL: one file each into m->dir */
	struct ar_pdf_assets *assets;	/* the fonts and logo of the run */
	struct ar_pdf_info info;
	struct ar_pdf *pdf;	/* fp's, from its first document */
	int write_errno;	/* of fp's failed write */
	char title[64], author[256];
	char path[4200];	/* the last file written */
};

/* Draw doc (with extra) as a letter into p. */
typedef ar_status (*pdfout_draw_fn)(struct ar_pdf *p, const void *doc,
				    const void *extra);

/*
 * Ready o for a run of documents titled title: the paper (print.paper),
 * the logo (company.logo) and the author (company.name) from ledger l.
 * False after a message (exit 4: the logo cannot be read).
 */
bool pdfout_open(struct pdfout *o, struct ar_ledger *l, const char *title,
		 struct mailout *m, FILE *fp);

/* Draw one document of customer_id (suffix: as mailout_file()'s) dated
 * date; into its own file, o->path, when o->fp is NULL.
 * @return AR_OK, AR_ENOMEM, AR_ELEDGER (a write failed), draw's status */
ar_status pdfout_put(struct pdfout *o, const char *customer_id,
		     const char *suffix, ar_date date, pdfout_draw_fn draw,
		     const void *doc, const void *extra);

/* End fp's file (nothing when no document was drawn). */
ar_status pdfout_finish(struct pdfout *o);
void pdfout_free(struct pdfout *o);

#endif
