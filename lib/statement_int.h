/*
 * statement_int.h - what the statement writers share inside the library.
 */
#ifndef AR_STATEMENT_INT_H
#define AR_STATEMENT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "ar/pdf.h"
#include "ar/statement.h"

/* "invoice" -> "Invoice", "finance_charge" -> "Fin. charge", ... */
const char *ar__statement_type_label(const char *doc_type);

/* "current" -> "Current", "over_120" -> "Over 120", "1-30" as it is. */
void ar__statement_bucket_label(const char *name, char *buf, size_t size);

/* Amounts and dates as the printed documents show them: "USD 1,234.56",
 * "1,234.56", a date or "" for none (statement_label.c). */
void ar__doc_amount(char *buf, size_t size, const char *cur, int64_t v,
		    int e);
void ar__doc_money(char *buf, int64_t v, int e);
void ar__doc_date(char *buf, ar_date d);

/*
 * ar_statement_writer_new() whose PDF documents use the fonts and logo of
 * shared (borrowed; NULL: its own), so that the files of a directory run
 * load them once.
 */
ar_status ar__statement_writer_new(struct ar_statement_writer **wp, FILE *fp,
				   enum ar_statement_format f, unsigned flags,
				   struct ar_pdf_assets *shared);

/* PDF statements (statement_pdf.c): one PDF file on fp. */
struct ar__statement_pdf;

ar_status ar__statement_pdf_new(struct ar__statement_pdf **sp, FILE *fp,
				struct ar_pdf_assets *shared);
ar_status ar__statement_pdf_write(struct ar__statement_pdf *sp,
				  const struct ar_statement *s);
/* Ends the file; nothing is written when no statement was. */
ar_status ar__statement_pdf_finish(struct ar__statement_pdf *sp);
int ar__statement_pdf_errno(const struct ar__statement_pdf *sp);
const char *ar__statement_pdf_errmsg(const struct ar__statement_pdf *sp);
void ar__statement_pdf_free(struct ar__statement_pdf *sp);

#endif
