/*
 * pdf.h - printed documents as PDF: letters to a customer on A4 or US
 * letter paper that print, fold into a window envelope and mail well.
 *
 * Every document arkit prints is a letter in this sense: a letterhead
 * (the company's name, address and logo), the customer's address where
 * the window of an envelope shows it, a few reference fields beside it
 * (date, customer number, amount due, "page N of M"), then a body that
 * flows over as many pages as it needs (headings, paragraphs, tables
 * whose column heads repeat on every page, totals), and on its last page,
 * optionally, a tear-off remittance slip.  A statement of account is one
 * (statement_pdf.c); a dunning letter, a receipt or a balance confirmation
 * is another body in the same frame: a paragraph or two, a table of the
 * items concerned, a total and, for a demand, the slip.
 *
 * A letter is built first and drawn at ar_pdf_letter_end(), when its
 * pages are known: "page N of M" and the slip's place on the last page
 * need the whole body measured.  Only the letter in progress is held in
 * memory; the file's pages go out as each letter is drawn.
 *
 * Text is drawn with pango from the text given, never read as markup, so
 * "<b>" in a customer's name is printed as those three characters; bytes
 * that are not UTF-8 are drawn as U+FFFD and control characters as '?'.
 * Long text wraps at word boundaries (inside a word when it must), never
 * in the middle of a character.  Amounts are never wrapped: one too wide
 * for its column is set in a smaller size.  Fonts are the installed
 * DejaVu Sans (fonts-dejavu-core), with fontconfig's fallbacks for
 * scripts it lacks, embedded as subsets; only its regular and bold faces
 * are used, the two of the fonts-dejavu-core package.
 *
 * The same input gives the same bytes: the creation date is the one
 * given (the as-of date), never the clock, and nothing random is written.
 */
#ifndef AR_PDF_H
#define AR_PDF_H

#include <stdbool.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ar_pdf_paper { AR_PDF_A4, AR_PDF_LETTER };

/* Parse a paper name: "a4" or "letter".  @return AR_OK or AR_EUSAGE */
ar_status ar_pdf_paper_parse(const char *s, enum ar_pdf_paper *out);

/* ------------------------------------------------------------------ */
/* What the documents of a run share */

/*
 * The fonts, the text layout and the decoded logo, made once per run and
 * shared by every file of it (one file per customer would otherwise load
 * the logo 50,000 times).
 */
struct ar_pdf_assets;

/* @return AR_OK, AR_ENOMEM */
ar_status ar_pdf_assets_new(struct ar_pdf_assets **ap);

/*
 * Use the PNG file at path as the letterhead's logo ("" or NULL: none).
 * Loaded once; a later call with the same path keeps it.
 * @return AR_OK, AR_EINPUT (not a PNG that can be read; the reason in
 *	   ar_pdf_assets_errmsg()), AR_ENOMEM
 */
ar_status ar_pdf_assets_logo(struct ar_pdf_assets *a, const char *path);

/* What went wrong last (borrowed until the next call), "" when nothing. */
const char *ar_pdf_assets_errmsg(const struct ar_pdf_assets *a);

/* Free; NULL is fine.  Free it after every document that uses it. */
void ar_pdf_assets_free(struct ar_pdf_assets *a);

/* ------------------------------------------------------------------ */
/* A PDF file */

struct ar_pdf;

/* The document information of a file. */
struct ar_pdf_info {
	enum ar_pdf_paper paper;
	ar_date created;	/* its creation date: the as-of date */
	const char *title;	/* may be NULL */
	const char *author;	/* the company; may be NULL */
};

/*
 * Start a PDF file written to fp (borrowed; written sequentially, so a
 * pipe will do) with the fonts and logo of a (borrowed).
 * @return AR_OK, AR_ENOMEM, AR_ELEDGER (cairo could not start one)
 */
ar_status ar_pdf_new(struct ar_pdf **pp, FILE *fp, struct ar_pdf_assets *a,
		     const struct ar_pdf_info *info);

/*
 * End the file: write what is left of it (the fonts, the cross-reference
 * table) and flush fp.  A file of no letter has one blank page.
 * @return AR_OK, AR_ELEDGER (a write failed: ar_pdf_errno())
 */
ar_status ar_pdf_finish(struct ar_pdf *p);

/* The errno of the write that failed, or 0. */
int ar_pdf_errno(const struct ar_pdf *p);

/* How many pages the file has so far. */
int ar_pdf_pages(const struct ar_pdf *p);

/* Free; NULL is fine.  Without ar_pdf_finish() the file is incomplete. */
void ar_pdf_free(struct ar_pdf *p);

/* ------------------------------------------------------------------ */
/* Letters */

#define AR_PDF_MAX_FIELDS 10

/* A reference field: "Statement date  2026-10-31". */
struct ar_pdf_field {
	const char *label;
	const char *value;	/* NULL: a blank line to fill in by hand */
	bool strong;		/* set larger and bold: an amount due */
};

/* The frame of a letter; strings borrowed for the call, "\n" separates
 * the lines of the multi-line ones. */
struct ar_pdf_letter {
	const char *company_name, *company_address;	/* the letterhead */
	const char *title;		/* "Statement of account" */
	const char *to_name;		/* the addressee, in the window */
	const char *to_address[6];	/* lines; NULL after the last */
	/* beside the address, label NULL after the last; "Page N of M"
	 * follows them */
	struct ar_pdf_field fields[AR_PDF_MAX_FIELDS];
	const char *running;		/* the head of the pages after the
					 * first: "Statement C00003 2026-10-31" */
};

/*
 * The tear-off slip at the bottom of the last page, below a dashed cut
 * line: a title, fields (a NULL value draws a blank to fill in) and the
 * address to send it to.
 */
struct ar_pdf_slip {
	const char *title;		/* "Remittance advice" */
	const char *note;		/* on the cut line */
	struct ar_pdf_field fields[AR_PDF_MAX_FIELDS];
	const char *send_to;		/* "\n" separates its lines */
	const char *send_to_label;	/* over send_to; NULL: "Please
					 * remit to" */
};

/*
 * Start a letter: it begins on a new page, numbered 1 of its own.  Until
 * ar_pdf_letter_end() the body calls below add to it.
 * @return AR_OK, AR_ENOMEM, AR_EUSAGE (a letter is already open)
 */
ar_status ar_pdf_letter_begin(struct ar_pdf *p, const struct ar_pdf_letter *l);

/* Body flags. */
#define AR_PDF_STRONG	0x01	/* bold */
#define AR_PDF_MUTED	0x02	/* grey */
#define AR_PDF_RULE	0x04	/* row: a rule above it (a total) */
#define AR_PDF_KEEP	0x08	/* kept on one page with what follows */
#define AR_PDF_NOTE	0x10	/* paragraph: set off in a shaded box */
#define AR_PDF_RIGHT	0x20	/* paragraph: right-aligned */

/* A heading; it is kept on a page with what follows. */
ar_status ar_pdf_heading(struct ar_pdf *p, const char *text);

/* A paragraph of running text (flags: STRONG, MUTED, KEEP, NOTE, RIGHT). */
ar_status ar_pdf_paragraph(struct ar_pdf *p, const char *text,
			   unsigned flags);

/* Vertical space, in points. */
ar_status ar_pdf_space(struct ar_pdf *p, double pt);

#define AR_PDF_MAX_COLUMNS 16

/* What a column holds. */
enum ar_pdf_kind {
	AR_PDF_TEXT,	/* wrapped to the column's width */
	AR_PDF_DESC,	/* the same, grey and smaller: a description */
	AR_PDF_FIXED,	/* one line, left-aligned, set smaller when too
			 * wide, never wrapped: a date */
	AR_PDF_NUMBER	/* the same, right-aligned: an amount */
};

/* A table column. */
struct ar_pdf_column {
	const char *title;
	double width;		/* millimetres; 0: a share of what is left */
	enum ar_pdf_kind kind;
};

/*
 * Start a table of n columns (borrowed for the call) across the text
 * width; its head row is drawn again at the top of every page the table
 * runs on to.  @return AR_OK, AR_ENOMEM, AR_EUSAGE (bad n, no letter)
 */
ar_status ar_pdf_table(struct ar_pdf *p, const struct ar_pdf_column *cols,
		       int n, unsigned flags);

/*
 * A row of the table in progress: cells[i] for column i; "" for an empty
 * cell; NULL continues the cell to its left over this column (a label
 * across several columns).  Flags: STRONG, MUTED, RULE, KEEP.
 */
ar_status ar_pdf_row(struct ar_pdf *p, const char *const *cells,
		     unsigned flags);

/* A total on a line of its own, right-aligned and boxed: "Amount due
 * USD 1,145.00". */
ar_status ar_pdf_total(struct ar_pdf *p, const char *label,
		       const char *value);

/*
 * Lay the letter out on pages and draw it, with the slip at the bottom of
 * the last page (a page of its own when the body leaves no room for it);
 * slip NULL: none.
 * @return AR_OK, AR_ENOMEM, AR_ELEDGER (a write failed), AR_EUSAGE (no
 *	   letter is open)
 */
ar_status ar_pdf_letter_end(struct ar_pdf *p, const struct ar_pdf_slip *slip);

#ifdef __cplusplus
}
#endif

#endif
