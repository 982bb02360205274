/*
 * letter_pdf.c - dunning letters, payment receipts and balance
 * confirmations as PDF letters (pdf.h), as statement_pdf.c does for
 * statements: this file only says what each one reads like.
 *
 *   a dunning letter: the level's words as paragraphs, the overdue items
 *	with their interest, the charges and the total due, how to pay,
 *	and the remittance slip;
 *   a receipt: the payment, what it was applied to and what is held on
 *	account; no slip, nothing is asked;
 *   a confirmation: the open items and the balance per currency, and a
 *	reply slip whose fields the customer fills in and returns.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/correspond.h"
#include "ar/dun.h"
#include "ar/money.h"
#include "statement_int.h"

/*
 * The lines of text (a copy in *copy, caller frees) into lines[0..max-1],
 * NULL after the last; blank lines left out.  @return false: no memory
 */
static bool split_lines(const char *text, char **copy, const char **lines,
			int max)
{
	int n = 0;
	lines[0] = NULL;
	if (!(*copy = strdup(text ? text : "")))
		return false;
	for (char *s = *copy, *nl; s && n < max - 1; s = nl) {
		if ((nl = strchr(s, '\n')))
			*nl++ = '\0';
		if (*s)
			lines[n++] = s;
	}
	lines[n] = NULL;
	return true;
}

/* The company's name and address as the place a slip goes back to, when
 * there is no remit-to address.  Caller frees; NULL: no memory. */
static char *company_block(const char *name, const char *address)
{
	size_t n = strlen(name) + strlen(address) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", name, *name && *address ? "\n" : "",
			 address);
	return s;
}

/*
 * Paragraphs of text: those separated by a blank line are set apart,
 * the lines of one kept as written.
 */
static ar_status paragraphs(struct ar_pdf *pdf, const char *text)
{
	char *copy = strdup(text), *s = copy;
	ar_status st = AR_OK;
	if (!copy)
		return AR_ENOMEM;
	while (*s && st == AR_OK) {
		char *end = strstr(s, "\n\n");
		if (end)
			*end = '\0';
		/* trailing line breaks and blank lines are no paragraph */
		size_t n = strlen(s);
		while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
			     s[n - 1] == '\r'))
			s[--n] = '\0';
		while (*s == '\n' || *s == '\r')
			s++;
		if (*s)
			st = ar_pdf_paragraph(pdf, s, 0);
		if (!end)
			break;
		s = end + 2;
	}
	free(copy);
	return st;
}

/* ------------------------------------------------------------------ */
/* Dunning letters */

static const char *dun_title(int level)
{
	switch (level) {
	case 1: return "Payment reminder";
	case 2: return "Second reminder";
	case 3: return "Overdue account";
	default: return "Final notice";
	}
}

static const struct ar_pdf_column dun_cols[] = {
	{"Number", 0, AR_PDF_TEXT}, {"Type", 20, AR_PDF_TEXT},
	{"Date", 19, AR_PDF_FIXED}, {"Due date", 19, AR_PDF_FIXED},
	{"Days overdue", 23, AR_PDF_NUMBER}, {"Open", 26, AR_PDF_NUMBER},
	{"Interest", 22, AR_PDF_NUMBER},
};

static const struct ar_pdf_column charge_cols[] = {
	{"Summary", 0, AR_PDF_TEXT}, {"Amount", 30, AR_PDF_NUMBER},
};

/* The overdue items, the charges and the total due. */
static ar_status dun_items(struct ar_pdf *pdf, const struct ar_dun_letter *d)
{
	char dd[AR_DATE_BUFSZ], due[AR_DATE_BUFSZ], days[16];
	char o[AR_MONEY_BUFSZ], in[AR_MONEY_BUFSZ], label[96], rate[32];
	char buf[AR_MONEY_BUFSZ + 8];
	int e = d->exponent;
	ar_status st;

	snprintf(label, sizeof(label), "Overdue items in %s", d->currency);
	if ((st = ar_pdf_heading(pdf, label)) != AR_OK ||
	    (st = ar_pdf_table(pdf, dun_cols, 7, 0)) != AR_OK)
		return st;
	for (size_t i = 0; i < d->nitems && st == AR_OK; i++) {
		const struct ar_dun_item *it = &d->items[i];
		ar_date_format(dd, it->doc_date);
		ar__doc_date(due, it->due_date);
		snprintf(days, sizeof(days), "%d", it->days);
		ar__doc_money(o, it->open, e);
		ar__doc_money(in, it->interest, e);
		const char *cells[7] = {it->doc_no,
					ar__statement_type_label(it->doc_type),
					dd, due, days, o, in};
		st = ar_pdf_row(pdf, cells, 0);
	}
	ar__doc_money(o, d->overdue, e);
	ar__doc_money(in, d->interest, e);
	const char *sum[7] = {"Total", NULL, NULL, NULL, NULL, o, in};
	if (st != AR_OK ||
	    (st = ar_pdf_row(pdf, sum, AR_PDF_STRONG | AR_PDF_RULE)) != AR_OK ||
	    (st = ar_pdf_space(pdf, 6)) != AR_OK ||
	    (st = ar_pdf_table(pdf, charge_cols, 2, 0)) != AR_OK)
		return st;
	ar_dun_rate_format(rate, d->rate);
	const char *r1[2] = {"Overdue items", o};
	snprintf(label, sizeof(label), "Late interest at %s%% a year", rate);
	const char *r2[2] = {label, in};
	char fee[AR_MONEY_BUFSZ];
	ar__doc_money(fee, d->fee, e);
	const char *r3[2] = {"Reminder fee", fee};
	/* a level without interest or fee says nothing of them */
	if ((st = ar_pdf_row(pdf, r1, AR_PDF_KEEP)) != AR_OK ||
	    ((d->rate || d->interest) &&
	     (st = ar_pdf_row(pdf, r2, AR_PDF_KEEP)) != AR_OK) ||
	    (d->fee && (st = ar_pdf_row(pdf, r3, AR_PDF_KEEP)) != AR_OK))
		return st;
	ar__doc_amount(buf, sizeof(buf), d->currency, d->total, e);
	return ar_pdf_total(pdf, "Total due", buf);
}

ar_status ar_dun_letter_pdf(struct ar_pdf *pdf, const struct ar_dun_letter *d,
			    const char *text)
{
	char date[AR_DATE_BUFSZ], level[16], running[300], total[AR_MONEY_BUFSZ + 8];
	char *addr = NULL, *send_to = NULL, *pay = NULL;
	const char *title = dun_title(d->level);
	ar_status st;

	ar_date_format(date, d->date);
	snprintf(level, sizeof(level), "%d", d->level);
	ar__doc_amount(total, sizeof(total), d->currency, d->total, d->exponent);
	snprintf(running, sizeof(running), "%s \xc2\xb7 customer %s \xc2\xb7 %s",
		 title, d->customer_id, date);
	struct ar_pdf_letter l = {
		.company_name = d->company_name,
		.company_address = d->company_address, .title = title,
		.to_name = d->customer_name, .running = running,
	};
	if (!split_lines(d->address, &addr, l.to_address, 7))
		return AR_ENOMEM;
	int nf = 0;
	l.fields[nf++] = (struct ar_pdf_field){"Date", date, false};
	l.fields[nf++] = (struct ar_pdf_field){"Customer number",
					       d->customer_id, false};
	l.fields[nf++] = (struct ar_pdf_field){"Reminder level", level, false};
	l.fields[nf++] = (struct ar_pdf_field){"Total due", total, true};
	if ((st = ar_pdf_letter_begin(pdf, &l)) != AR_OK)
		goto out;

	if ((st = paragraphs(pdf, text)) != AR_OK ||
	    (st = ar_pdf_space(pdf, 4)) != AR_OK ||
	    (st = dun_items(pdf, d)) != AR_OK)
		goto out;

	/* how to pay */
	const char *to = *d->remit_to ? d->remit_to : NULL;
	size_t n = strlen(total) + strlen(d->customer_id) +
		   (to ? strlen(to) : 0) + strlen(d->company_email) + 200;
	if (!(pay = malloc(n))) {
		st = AR_ENOMEM;
		goto out;
	}
	snprintf(pay, n, "Please pay the total due of %s, quoting your "
		 "customer number %s%s%s%s%s%s", total, d->customer_id,
		 to ? ", to:\n" : ".", to ? to : "",
		 *d->company_email ? "\n\nQuestions about this letter: " : "",
		 d->company_email, *d->company_email ? "." : "");
	if ((st = ar_pdf_space(pdf, 4)) != AR_OK ||
	    (st = ar_pdf_heading(pdf, "How to pay")) != AR_OK ||
	    (st = ar_pdf_paragraph(pdf, pay, AR_PDF_KEEP)) != AR_OK)
		goto out;

	struct ar_pdf_slip slip = {
		.title = "Remittance advice",
		.note = "Please detach and return this part with your payment",
	};
	if (to) {
		slip.send_to = to;
	} else if ((slip.send_to = send_to = company_block(d->company_name,
							    d->company_address))
		   == NULL) {
		st = AR_ENOMEM;
		goto out;
	}
	nf = 0;
	slip.fields[nf++] = (struct ar_pdf_field){"Customer number",
						  d->customer_id, false};
	slip.fields[nf++] = (struct ar_pdf_field){"Customer", d->customer_name,
						  false};
	slip.fields[nf++] = (struct ar_pdf_field){"Letter date", date, false};
	slip.fields[nf++] = (struct ar_pdf_field){"Total due", total, true};
	slip.fields[nf++] = (struct ar_pdf_field){"Amount enclosed", NULL,
						  false};
	st = ar_pdf_letter_end(pdf, &slip);
out:
	free(addr);
	free(send_to);
	free(pay);
	return st;
}

/* ------------------------------------------------------------------ */
/* Receipts */

static const struct ar_pdf_column receipt_cols[] = {
	{"Number", 0, AR_PDF_TEXT}, {"Type", 20, AR_PDF_TEXT},
	{"Date", 19, AR_PDF_FIXED}, {"Due date", 19, AR_PDF_FIXED},
	{"Applied on", 19, AR_PDF_FIXED}, {"Applied", 26, AR_PDF_NUMBER},
	{"Still open", 26, AR_PDF_NUMBER},
};

ar_status ar_receipt_pdf(struct ar_pdf *pdf, const struct ar_receipt *r)
{
	const struct ar_statement_company *co = r->company;
	char date[AR_DATE_BUFSZ], paid[AR_DATE_BUFSZ], running[300];
	char amt[AR_MONEY_BUFSZ + 8], held[AR_MONEY_BUFSZ + 8], text[800];
	char d[AR_DATE_BUFSZ], due[AR_DATE_BUFSZ], on[AR_DATE_BUFSZ];
	char a[AR_MONEY_BUFSZ], o[AR_MONEY_BUFSZ], sa[AR_MONEY_BUFSZ];
	char *addr = NULL;
	int e = r->exponent;
	ar_status st;

	ar_date_format(date, r->as_of);
	ar_date_format(paid, r->date);
	ar__doc_amount(amt, sizeof(amt), r->currency, r->amount, e);
	ar__doc_amount(held, sizeof(held), r->currency, r->unapplied, e);
	snprintf(running, sizeof(running), "Receipt \xc2\xb7 payment %s "
		 "\xc2\xb7 customer %s", r->payment_no, r->customer_id);
	struct ar_pdf_letter l = {
		.company_name = co->name, .company_address = co->address,
		.title = "Receipt", .to_name = r->customer_name,
		.running = running,
	};
	if (!split_lines(r->address, &addr, l.to_address, 7))
		return AR_ENOMEM;
	int nf = 0;
	l.fields[nf++] = (struct ar_pdf_field){"Date", date, false};
	l.fields[nf++] = (struct ar_pdf_field){"Customer number",
					       r->customer_id, false};
	l.fields[nf++] = (struct ar_pdf_field){"Payment", r->payment_no, false};
	l.fields[nf++] = (struct ar_pdf_field){"Received on", paid, false};
	if (*r->reference)
		l.fields[nf++] = (struct ar_pdf_field){"Your reference",
						       r->reference, false};
	l.fields[nf++] = (struct ar_pdf_field){"Amount received", amt, true};
	if ((st = ar_pdf_letter_begin(pdf, &l)) != AR_OK)
		goto out;

	snprintf(text, sizeof(text), "Thank you for your payment %s of %s, "
		 "received on %s%s%s%s%s%s.", r->payment_no, amt, paid,
		 *r->method ? " by " : "", r->method,
		 *r->check_no ? " (check number " : "", r->check_no,
		 *r->check_no ? ")" : "");
	if ((st = ar_pdf_paragraph(pdf, text, 0)) != AR_OK)
		goto out;
	snprintf(text, sizeof(text), "Applied as of %s to", date);
	if ((st = ar_pdf_heading(pdf, text)) != AR_OK)
		goto out;
	if (r->nlines == 0) {
		st = ar_pdf_paragraph(pdf, "Nothing yet: the payment is held on "
				      "your account until it is applied.",
				      AR_PDF_MUTED);
	} else {
		int64_t sum = 0;
		st = ar_pdf_table(pdf, receipt_cols, 7, 0);
		for (size_t i = 0; i < r->nlines && st == AR_OK; i++) {
			const struct ar_receipt_line *ln = &r->lines[i];
			ar_date_format(d, ln->doc_date);
			ar__doc_date(due, ln->due_date);
			ar__doc_date(on, ln->applied_on);
			ar__doc_money(a, ln->applied, e);
			ar__doc_money(o, ln->open, e);
			const char *cells[7] = {ln->doc_no,
				ar__statement_type_label(ln->doc_type),
				d, due, on, a, o};
			if (!ar_money_add(sum, ln->applied, &sum))
				st = AR_ELEDGER;	/* cannot be: a payment's parts */
			else
				st = ar_pdf_row(pdf, cells, 0);
		}
		ar__doc_money(sa, sum, e);
		const char *total[7] = {"Applied", NULL, NULL, NULL, NULL, sa, ""};
		if (st == AR_OK)
			st = ar_pdf_row(pdf, total, AR_PDF_STRONG | AR_PDF_RULE);
	}
	if (st != AR_OK)
		goto out;
	snprintf(text, sizeof(text), "Unapplied, held on your account: %s",
		 held);
	if ((st = ar_pdf_space(pdf, 4)) != AR_OK ||
	    (r->unapplied &&
	     (st = ar_pdf_paragraph(pdf, text, AR_PDF_RIGHT)) != AR_OK) ||
	    (st = ar_pdf_total(pdf, "Amount received", amt)) != AR_OK)
		goto out;
	if (*co->message &&
	    ((st = ar_pdf_space(pdf, 6)) != AR_OK ||
	     (st = ar_pdf_paragraph(pdf, co->message, AR_PDF_NOTE)) != AR_OK))
		goto out;
	st = ar_pdf_letter_end(pdf, NULL);
out:
	free(addr);
	return st;
}

/* ------------------------------------------------------------------ */
/* Balance confirmations */

static const struct ar_pdf_column confirm_cols[] = {
	{"Number", 0, AR_PDF_TEXT}, {"Type", 22, AR_PDF_TEXT},
	{"Date", 19, AR_PDF_FIXED}, {"Due date", 19, AR_PDF_FIXED},
	{"Amount", 28, AR_PDF_NUMBER}, {"Open", 28, AR_PDF_NUMBER},
};

/* The fields of the reply slip a currency takes, and those after the
 * currencies (name and title, signature and date). */
#define REPLY_PER_CURRENCY 3
#define REPLY_AFTER 2

ar_status ar_confirmation_pdf(struct ar_pdf *pdf, const struct ar_statement *s)
{
	const struct ar_statement_company *co = s->company;
	char date[AR_DATE_BUFSZ], running[300], heading[120];
	char bal[AR_PDF_MAX_FIELDS][AR_MONEY_BUFSZ + 8];
	char d[AR_DATE_BUFSZ], due[AR_DATE_BUFSZ];
	char a[AR_MONEY_BUFSZ], o[AR_MONEY_BUFSZ];
	char *send_to = NULL;
	ar_status st;

	ar_date_format(date, s->date);
	snprintf(running, sizeof(running), "Balance confirmation \xc2\xb7 "
		 "customer %s \xc2\xb7 %s", s->customer_id, date);
	struct ar_pdf_letter l = {
		.company_name = co->name, .company_address = co->address,
		.title = "Balance confirmation", .to_name = s->customer_name,
		.running = running,
	};
	for (int i = 0; i < 6 && s->address[i]; i++)
		l.to_address[i] = s->address[i];
	int nf = 0;
	l.fields[nf++] = (struct ar_pdf_field){"Balance as of", date, false};
	l.fields[nf++] = (struct ar_pdf_field){"Customer number",
					       s->customer_id, false};
	for (size_t i = 0; i < s->nsections && nf < AR_PDF_MAX_FIELDS - 1; i++) {
		const struct ar_statement_section *x = &s->sections[i];
		ar__doc_amount(bal[i], sizeof(bal[i]), x->currency, x->closing,
		       x->exponent);
		l.fields[nf++] = (struct ar_pdf_field){"Balance", bal[i], true};
	}
	if ((st = ar_pdf_letter_begin(pdf, &l)) != AR_OK)
		return st;

	if ((st = ar_pdf_paragraph(pdf, "For the audit of our accounts, please "
				   "confirm the balance of your account as of "
				   "the date above: complete the reply at the "
				   "foot of this letter, sign it and return it "
				   "to us.  If your records show another "
				   "balance, please list the differences "
				   "(document, amount, reason) with your "
				   "reply.  This is not a request for payment.",
				   0)) != AR_OK)
		return st;
	for (size_t k = 0; k < s->nsections; k++) {
		const struct ar_statement_section *x = &s->sections[k];
		int e = x->exponent;
		snprintf(heading, sizeof(heading), "Open items as of %s, in %s",
			 date, x->currency);
		if ((st = ar_pdf_space(pdf, 4)) != AR_OK ||
		    (st = ar_pdf_heading(pdf, heading)) != AR_OK ||
		    (st = ar_pdf_table(pdf, confirm_cols, 6, 0)) != AR_OK)
			return st;
		for (size_t i = 0; i < x->nlines && st == AR_OK; i++) {
			const struct ar_statement_line *ln = &x->lines[i];
			if (ln->kind != AR_LINE_DOCUMENT)
				continue;
			ar_date_format(d, ln->date);
			ar__doc_date(due, ln->due_date);
			ar__doc_money(a, ln->amount, e);
			ar__doc_money(o, ln->open, e);
			const char *cells[6] = {ln->doc_no,
				ar__statement_type_label(ln->doc_type), d, due,
				a, o};
			st = ar_pdf_row(pdf, cells, 0);
		}
		ar__doc_money(o, x->closing, e);
		const char *total[6] = {"Balance per our records", NULL, NULL,
					NULL, NULL, o};
		if (st != AR_OK ||
		    (st = ar_pdf_row(pdf, total, AR_PDF_STRONG | AR_PDF_RULE))
		    != AR_OK)
			return st;
	}

	/* the reply: per currency our balance, whether it agrees and the
	 * customer's; as many currencies as the slip has room for (the
	 * differences take the others) */
	struct ar_pdf_slip slip = {
		.title = "Reply: balance confirmation",
		.note = "Please detach, complete, sign and return this part",
		.send_to_label = "Please return to",
	};
	if (*co->remit_to)
		slip.send_to = co->remit_to;
	else if (!(slip.send_to = send_to = company_block(co->name,
							  co->address)))
		return AR_ENOMEM;
	nf = 0;
	slip.fields[nf++] = (struct ar_pdf_field){"Customer number",
						  s->customer_id, false};
	slip.fields[nf++] = (struct ar_pdf_field){"Balance as of", date, false};
	for (size_t i = 0; i < s->nsections &&
	     nf + REPLY_PER_CURRENCY + REPLY_AFTER <= AR_PDF_MAX_FIELDS; i++) {
		slip.fields[nf++] = (struct ar_pdf_field){"Our balance", bal[i],
							  true};
		/* U+2610 BALLOT BOX */
		slip.fields[nf++] = (struct ar_pdf_field){"We agree",
			"\xe2\x98\x90 yes    \xe2\x98\x90 no", false};
		slip.fields[nf++] = (struct ar_pdf_field){"Your balance", NULL,
							  false};
	}
	slip.fields[nf++] = (struct ar_pdf_field){"Name and title", NULL, false};
	slip.fields[nf++] = (struct ar_pdf_field){"Signature and date", NULL,
						  false};
	st = ar_pdf_letter_end(pdf, &slip);
	free(send_to);
	return st;
}
