/*
 * confirm.c - balance confirmation letters: the open items of an
 * open-item statement, and a reply section in which the customer agrees
 * with each balance or gives the one it shows.  Auditors and the
 * customer's accounts payable read them, so the layout is plain.
 */
#include <string.h>

#include "ar/correspond.h"
#include "ar/money.h"
#include "internal.h"

static void money(char *buf, int64_t v, int e)
{
	ar_money_format(buf, v, e, AR_MONEY_GROUP);
}

/* s as HTML text, or as it is in text. */
static void put(FILE *out, const char *s, bool html)
{
	if (html)
		ar__html_text(out, s, "<br>\n");
	else
		fputs(s, out);
}

/* Text wrapped at 76 columns at spaces (a word longer stays whole);
 * the lines of s kept. */
static void wrapped(FILE *out, const char *s)
{
	while (*s) {
		size_t line = strcspn(s, "\n"), col = 0;
		const char *p = s, *end = s + line;
		while (p < end) {
			size_t w = strcspn(p, " \n");
			if (p + w > end)
				w = (size_t)(end - p);
			if (col && col + 1 + w > 76) {
				putc('\n', out);
				col = 0;
			} else if (col) {
				putc(' ', out);
				col++;
			}
			fwrite(p, 1, w, out);
			col += w;
			p += w;
			while (p < end && *p == ' ')
				p++;
		}
		s = *end ? end + 1 : end;
		putc('\n', out);
	}
}

static void para(FILE *out, bool html, const char *s)
{
	if (!html) {
		wrapped(out, s);
		putc('\n', out);
		return;
	}
	fputs("<p>", out);
	put(out, s, html);
	fputs("</p>\n", out);
}

ar_status ar_confirmation_write(FILE *out, const struct ar_statement *s,
				bool html)
{
	const struct ar_statement_company *co = s->company;
	char d[AR_DATE_BUFSZ], a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ];
	char due[AR_DATE_BUFSZ], line[512];

	ar_date_format(d, s->date);
	if (html)
		fprintf(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			"<title>Balance confirmation</title></head><body>\n");
	para(out, html, co->name);
	if (*co->address)
		para(out, html, co->address);
	fputs(html ? "<p>" : "", out);
	put(out, s->customer_name, html);
	for (int i = 0; i < 6 && s->address[i]; i++) {
		fputs(html ? "<br>\n" : "\n", out);
		put(out, s->address[i], html);
	}
	fputs(html ? "</p>\n" : "\n\n", out);
	snprintf(line, sizeof(line), "BALANCE CONFIRMATION as of %s, account "
		 "%s", d, s->customer_id);
	para(out, html, line);
	para(out, html, "For the audit of our accounts, please confirm the "
	     "balance of your account as of the date above: tick one box of "
	     "the reply below, sign it and return it to us.  This is not a "
	     "request for payment.");
	for (size_t k = 0; k < s->nsections; k++) {
		const struct ar_statement_section *sec = &s->sections[k];
		if (html)
			fprintf(out, "<table>\n<tr><th>Document</th><th>Date</th>"
				"<th>Due</th><th>Open %s</th></tr>\n",
				sec->currency);
		else
			fprintf(out, "  %-20s %-10s  %-10s  %16s\n", "Document",
				"Date", "Due", sec->currency);
		for (size_t i = 0; i < sec->nlines; i++) {
			const struct ar_statement_line *ln = &sec->lines[i];
			if (ln->kind != AR_LINE_DOCUMENT)
				continue;
			ar_date_format(d, ln->date);
			if (ln->due_date != AR_DATE_NONE)
				ar_date_format(due, ln->due_date);
			else
				due[0] = '\0';
			money(a, ln->open, sec->exponent);
			if (html) {
				fputs("<tr><td>", out);
				put(out, ln->doc_no, true);
				fprintf(out, "</td><td>%s</td><td>%s</td><td>%s"
					"</td></tr>\n", d, due, a);
			} else {
				fprintf(out, "  %-20.20s %-10s  %-10s  %16s\n",
					ln->doc_no, d, due, a);
			}
		}
		money(a, sec->closing, sec->exponent);
		if (html)
			fprintf(out, "<tr><th colspan=\"3\">Balance per our "
				"records</th><th>%s</th></tr>\n</table>\n", a);
		else
			fprintf(out, "  %-44s  %16s\n\n", "Balance per our "
				"records", a);
	}
	ar_date_format(d, s->date);
	if (html)
		fputs("<hr>\n<p><b>REPLY</b></p>\n<p>", out);
	else
		fputs("- - - - - - - - - - - - - - - - -  reply  - - - - - - "
		      "- - - - - - - - - - - - -\n\nREPLY\n\n", out);
	snprintf(line, sizeof(line), "Account %s, as of %s:", s->customer_id,
		 d);
	put(out, line, html);
	fputs(html ? "</p>\n" : "\n\n", out);
	for (size_t k = 0; k < s->nsections; k++) {
		const struct ar_statement_section *sec = &s->sections[k];
		/* in the customer's words: what it owes, or is owed */
		int64_t v = sec->closing < 0 ? -sec->closing : sec->closing;
		money(b, v, sec->exponent);
		snprintf(line, sizeof(line), "[ ] We agree: %s %s %s.\n"
			 "[ ] We disagree: our records show %s "
			 "______________ owed to you;\n    the differences "
			 "(document, amount, reason) are listed below.",
			 sec->closing < 0 ? "you owe us" : "we owe you",
			 sec->currency, b, sec->currency);
		para(out, html, line);
	}
	para(out, html, "Differences: ____________________________________"
	     "__________________\n\nName: ______________________  Title: "
	     "____________________\n\nSignature: _________________  Date: "
	     "_____________________");
	if (*co->remit_to) {
		snprintf(line, sizeof(line), "Please return to:\n%s",
			 co->remit_to);
		para(out, html, line);
	}
	if (html)
		fputs("</body></html>\n", out);
	return ferror(out) ? AR_ELEDGER : AR_OK;
}
