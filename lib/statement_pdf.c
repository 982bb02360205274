/*
 * statement_pdf.c - statements of account as PDF letters.
 *
 * The statement is the data the other writers print (struct
 * ar_statement); this file only says how it reads as a letter of pdf.h:
 * the reference fields beside the address (statement date, customer
 * number, period, amount due), per currency a heading, the lines table,
 * the aging table and the amount due, then the statement message, and the
 * remittance slip on the last page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "statement_int.h"

struct ar__statement_pdf {
	FILE *fp;
	struct ar_pdf_assets *assets;
	bool own_assets;
	struct ar_pdf *pdf;	/* from the first statement on */
	int write_errno;
	char msg[600];
};

ar_status ar__statement_pdf_new(struct ar__statement_pdf **sp, FILE *fp,
				struct ar_pdf_assets *shared)
{
	struct ar__statement_pdf *x = calloc(1, sizeof(*x));
	*sp = x;
	if (!x)
		return AR_ENOMEM;
	x->fp = fp;
	x->assets = shared;
	if (!shared) {
		x->own_assets = true;
		return ar_pdf_assets_new(&x->assets);
	}
	return AR_OK;
}

/* The columns of the lines table. */
static const struct ar_pdf_column open_item_cols[] = {
	{"Date", 19, AR_PDF_FIXED}, {"Type", 20, AR_PDF_TEXT},
	{"Number", 23, AR_PDF_TEXT}, {"Description", 0, AR_PDF_DESC},
	{"Due date", 19, AR_PDF_FIXED}, {"Days", 9, AR_PDF_NUMBER},
	{"Amount", 23, AR_PDF_NUMBER}, {"Open", 23, AR_PDF_NUMBER},
};
static const struct ar_pdf_column activity_cols[] = {
	{"Date", 19, AR_PDF_FIXED}, {"Type", 20, AR_PDF_TEXT},
	{"Number", 23, AR_PDF_TEXT}, {"Description", 0, AR_PDF_DESC},
	{"Charges", 23, AR_PDF_NUMBER}, {"Credits", 23, AR_PDF_NUMBER},
	{"Balance", 24, AR_PDF_NUMBER},
};

static ar_status lines_table(struct ar_pdf *pdf, const struct ar_statement *s,
			     const struct ar_statement_section *x)
{
	bool act = s->type == AR_STATEMENT_ACTIVITY;
	int n = act ? 7 : 8, e = x->exponent;
	char d[AR_DATE_BUFSZ], due[AR_DATE_BUFSZ], days[16];
	char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ], c[AR_MONEY_BUFSZ];
	ar_status st = ar_pdf_table(pdf, act ? activity_cols : open_item_cols,
				    n, 0);

	for (size_t i = 0; i < x->nlines && st == AR_OK; i++) {
		const struct ar_statement_line *l = &x->lines[i];
		ar_date_format(d, l->date);
		if (l->kind != AR_LINE_DOCUMENT) {
			/* the date, what the line is across, the balance */
			const char *cells[8] = {d, l->description};
			ar__doc_money(b, l->balance, e);
			cells[n - 1] = b;
			st = ar_pdf_row(pdf, cells, l->kind == AR_LINE_CLOSING
					? AR_PDF_STRONG | AR_PDF_RULE
					: AR_PDF_MUTED);
			continue;
		}
		const char *type = ar__statement_type_label(l->doc_type);
		if (act) {
			ar__doc_money(a, l->amount < 0 ? -l->amount : l->amount, e);
			ar__doc_money(b, l->balance, e);
			const char *cells[7] = {d, type, l->doc_no, l->description,
						l->amount > 0 ? a : "",
						l->amount < 0 ? a : "", b};
			st = ar_pdf_row(pdf, cells, 0);
		} else {
			ar__doc_date(due, l->due_date);
			days[0] = '\0';
			if (l->due_date != AR_DATE_NONE && l->days_past_due > 0)
				snprintf(days, sizeof(days), "%d", l->days_past_due);
			ar__doc_money(a, l->amount, e);
			ar__doc_money(c, l->open, e);
			const char *cells[8] = {d, type, l->doc_no, l->description,
						due, days, a, c};
			st = ar_pdf_row(pdf, cells, 0);
		}
	}
	return st;
}

/* The aging line, the amount due and a credit balance, kept together. */
static ar_status aging(struct ar_pdf *pdf, const struct ar_statement *s,
		       const struct ar_statement_section *x)
{
	struct ar_pdf_column cols[AR_PDF_MAX_COLUMNS];
	char lbl[AR_AGE_MAX_BUCKETS][32], m[AR_AGE_MAX_BUCKETS + 2][AR_MONEY_BUFSZ];
	const char *cells[AR_PDF_MAX_COLUMNS];
	int n = 0, e = x->exponent;
	char buf[AR_MONEY_BUFSZ + 8];
	ar_status st;

	for (int k = 0; k < x->nbuckets && n < AR_PDF_MAX_COLUMNS - 2; k++, n++) {
		ar__statement_bucket_label(s->bucket_names[k], lbl[k], sizeof(lbl[k]));
		cols[n] = (struct ar_pdf_column){lbl[k], 0, AR_PDF_NUMBER};
		ar__doc_money(m[n], x->bucket[k], e);
		cells[n] = m[n];
	}
	cols[n] = (struct ar_pdf_column){"Unapplied", 0, AR_PDF_NUMBER};
	ar__doc_money(m[n], x->unapplied, e);
	cells[n] = m[n];
	n++;
	cols[n] = (struct ar_pdf_column){"Balance", 0, AR_PDF_NUMBER};
	ar__doc_money(m[n], x->closing, e);
	cells[n] = m[n];
	n++;
	snprintf(buf, sizeof(buf), "Aging in %s (days past due)", x->currency);
	if ((st = ar_pdf_space(pdf, 6)) != AR_OK ||
	    (st = ar_pdf_paragraph(pdf, buf, AR_PDF_STRONG | AR_PDF_KEEP)) != AR_OK ||
	    (st = ar_pdf_table(pdf, cols, n, 0)) != AR_OK ||
	    (st = ar_pdf_row(pdf, cells, AR_PDF_KEEP)) != AR_OK)
		return st;
	ar__doc_amount(buf, sizeof(buf), x->currency, x->amount_due, e);
	if ((st = ar_pdf_total(pdf, "Amount due", buf)) != AR_OK)
		return st;
	if (x->closing < 0) {
		char cb[AR_MONEY_BUFSZ + 8], note[160];
		ar__doc_amount(cb, sizeof(cb), x->currency, -x->closing, e);
		snprintf(note, sizeof(note), "You have a credit balance of %s: "
			 "nothing is due.", cb);
		st = ar_pdf_paragraph(pdf, note, AR_PDF_RIGHT);
	}
	return st;
}

ar_status ar__statement_pdf_write(struct ar__statement_pdf *sp,
				  const struct ar_statement *s)
{
	const struct ar_statement_company *co = s->company;
	char date[AR_DATE_BUFSZ], from[AR_DATE_BUFSZ], period[40];
	char due[AR_PDF_MAX_FIELDS][AR_MONEY_BUFSZ + 8];
	char running[300], heading[120];
	from[0] = '\0';
	ar_status st;

	if (!sp->pdf) {
		/* a logo that was there when set and is gone or damaged
		 * now: the run cannot read a file it needs */
		st = ar_pdf_assets_logo(sp->assets, co->logo);
		if (st == AR_EINPUT) {
			snprintf(sp->msg, sizeof(sp->msg), "company.logo: %s",
				 ar_pdf_assets_errmsg(sp->assets));
			return AR_ELEDGER;
		}
		if (st != AR_OK)
			return st;
		struct ar_pdf_info info = {co->paper, s->date,
					   "Statement of account", co->name};
		if ((st = ar_pdf_new(&sp->pdf, sp->fp, sp->assets, &info)) != AR_OK)
			return st;
	}

	ar_date_format(date, s->date);
	struct ar_pdf_letter l = {
		.company_name = co->name, .company_address = co->address,
		.title = "Statement of account", .to_name = s->customer_name,
		.running = running,
	};
	for (int i = 0; i < 6 && s->address[i]; i++)
		l.to_address[i] = s->address[i];
	int nf = 0;
	l.fields[nf++] = (struct ar_pdf_field){"Statement date", date, false};
	l.fields[nf++] = (struct ar_pdf_field){"Customer number", s->customer_id,
					       false};
	if (s->type == AR_STATEMENT_ACTIVITY) {
		ar_date_format(from, s->from);
		snprintf(period, sizeof(period), "%s to %s", from, date);
		l.fields[nf++] = (struct ar_pdf_field){"Period", period, false};
	}
	/* the amount due per currency, as many as there is room for (the
	 * slip and the sections give all of them) */
	for (size_t i = 0; i < s->nsections && nf < AR_PDF_MAX_FIELDS - 1; i++) {
		const struct ar_statement_section *x = &s->sections[i];
		ar__doc_amount(due[i], sizeof(due[i]), x->currency, x->amount_due, x->exponent);
		l.fields[nf++] = (struct ar_pdf_field){"Amount due", due[i], true};
	}
	snprintf(running, sizeof(running), "Statement of account \xc2\xb7 "
		 "customer %s \xc2\xb7 %s", s->customer_id, date);
	if ((st = ar_pdf_letter_begin(sp->pdf, &l)) != AR_OK)
		return st;

	for (size_t i = 0; i < s->nsections; i++) {
		const struct ar_statement_section *x = &s->sections[i];
		if (s->type == AR_STATEMENT_ACTIVITY)
			snprintf(heading, sizeof(heading), "Account activity %s "
				 "to %s, in %s", from, date, x->currency);
		else
			snprintf(heading, sizeof(heading), "Open items as of %s, "
				 "in %s", date, x->currency);
		if ((i > 0 && (st = ar_pdf_space(sp->pdf, 8)) != AR_OK) ||
		    (st = ar_pdf_heading(sp->pdf, heading)) != AR_OK ||
		    (st = lines_table(sp->pdf, s, x)) != AR_OK ||
		    (st = aging(sp->pdf, s, x)) != AR_OK)
			return st;
	}
	if (*co->message &&
	    ((st = ar_pdf_space(sp->pdf, 6)) != AR_OK ||
	     (st = ar_pdf_paragraph(sp->pdf, co->message, AR_PDF_NOTE)) != AR_OK))
		return st;

	/* the slip: where it goes back to is the remit-to address, else
	 * the letterhead's */
	struct ar_pdf_slip slip = {
		.title = "Remittance advice",
		.note = "Please detach and return this part with your payment",
	};
	char *send_to = NULL;
	if (*co->remit_to) {
		slip.send_to = co->remit_to;
	} else {
		size_t n = strlen(co->name) + strlen(co->address) + 2;
		if (!(send_to = malloc(n)))
			return AR_ENOMEM;
		snprintf(send_to, n, "%s%s%s", co->name,
			 *co->name && *co->address ? "\n" : "", co->address);
		slip.send_to = send_to;
	}
	nf = 0;
	slip.fields[nf++] = (struct ar_pdf_field){"Customer number",
						  s->customer_id, false};
	slip.fields[nf++] = (struct ar_pdf_field){"Customer", s->customer_name,
						  false};
	slip.fields[nf++] = (struct ar_pdf_field){"Statement date", date, false};
	for (size_t i = 0; i < s->nsections && nf < AR_PDF_MAX_FIELDS - 1; i++) {
		const struct ar_statement_section *x = &s->sections[i];
		ar__doc_amount(due[i], sizeof(due[i]), x->currency, x->amount_due,
		       x->exponent);
		slip.fields[nf++] = (struct ar_pdf_field){"Amount due", due[i],
							  true};
	}
	slip.fields[nf++] = (struct ar_pdf_field){"Amount enclosed", NULL, false};
	st = ar_pdf_letter_end(sp->pdf, &slip);
	free(send_to);
	if (st == AR_ELEDGER)
		sp->write_errno = ar_pdf_errno(sp->pdf);
	return st;
}

ar_status ar__statement_pdf_finish(struct ar__statement_pdf *sp)
{
	if (!sp->pdf)
		return AR_OK;
	ar_status st = ar_pdf_finish(sp->pdf);
	if (st == AR_ELEDGER)
		sp->write_errno = ar_pdf_errno(sp->pdf);
	return st;
}

int ar__statement_pdf_errno(const struct ar__statement_pdf *sp)
{
	return sp ? sp->write_errno : 0;
}

const char *ar__statement_pdf_errmsg(const struct ar__statement_pdf *sp)
{
	return sp ? sp->msg : "";
}

void ar__statement_pdf_free(struct ar__statement_pdf *sp)
{
	if (!sp)
		return;
	ar_pdf_free(sp->pdf);
	if (sp->own_assets)
		ar_pdf_assets_free(sp->assets);
	free(sp);
}
