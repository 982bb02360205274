/*
 * statement_render.c - statements as 80-column text, a printable HTML
 * page, or CSV rows for mail merge (and, through statement_pdf.c, PDF).
 *
 * Everything a statement shows from the ledger is customer text, so it is
 * made safe on the way out: HTML-escaped, through the CSV writer, or, in
 * text, with control characters replaced and every field fitted to its
 * columns by display width without cutting a character in two.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ar/csv.h"
#include "ar/money.h"
#include "ar/statement.h"
#include "internal.h"
#include "statement_int.h"

#define WIDTH 80

struct ar_statement_writer {
	FILE *fp;
	enum ar_statement_format fmt;
	unsigned flags;
	long count;
	struct ar_writer *csv;
	struct ar__statement_pdf *pdf;
	int write_errno;	/* of the first write that failed, or 0 */
};

ar_status ar_statement_format_parse(const char *s,
				    enum ar_statement_format *out)
{
	static const char *names[] = {"text", "html", "csv", "pdf"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum ar_statement_format)i;
			return AR_OK;
		}
	return AR_EUSAGE;
}

const char *ar_statement_format_ext(enum ar_statement_format f)
{
	switch (f) {
	case AR_STATEMENT_HTML: return "html";
	case AR_STATEMENT_CSV: return "csv";
	case AR_STATEMENT_PDF: return "pdf";
	default: return "txt";
	}
}

void ar_statement_file_name(const char *id, const char *ext, char *buf)
{
	size_t n = 0;
	for (; id[n] && n < 100; n++) {
		unsigned char c = (unsigned char)id[n];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		buf[n] = ok ? (char)c : '_';
	}
	if (n == 0)
		buf[n++] = '_';
	if (buf[0] == '.')
		buf[0] = '_';
	snprintf(buf + n, AR_STATEMENT_NAME_MAX - n, ".%s", ext);
}

/* ------------------------------------------------------------------ */
/* UTF-8 and display width */


/*
 * Copy what of s fits in width columns into out (safe characters only),
 * stopping at a newline.  Returns the bytes of s used; *cols the columns
 * written.  out holds width * 4 + 1 bytes.
 */
static size_t fit(const char *s, int width, char *out, int *cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0;
	int w = 0;
	while (i < n && p[i] != '\n') {
		size_t len;
		unsigned c = ar__utf8_decode(p + i, n - i, &len);
		bool bad = ar__unsafe_char(c) || c == 0xfffd;
		int cw = bad ? 1 : ar__char_width(c);
		/* the bytes too: zero-width characters take no columns */
		if (w + cw > width || o + len > (size_t)width * 4)
			break;
		if (bad)
			out[o++] = '?';
		else
			memcpy(out + o, p + i, len), o += len;
		w += cw;
		i += len;
	}
	out[o] = '\0';
	*cols = w;
	return i;
}

/* ------------------------------------------------------------------ */
/* Text */

/* A line being built, column by column. */
struct tline {
	char b[WIDTH * 8 + 2];
	size_t len;
	int col;
};

static void tl_pad(struct tline *t, int to)
{
	while (t->col < to && t->len < sizeof(t->b) - 1)
		t->b[t->len++] = ' ', t->col++;
	t->b[t->len] = '\0';
}

/* s fitted into width columns at column at; right-aligned when right.
 * Returns true when all of s fitted. */
static bool tl_put(struct tline *t, int at, int width, const char *s,
		   bool right)
{
	char buf[WIDTH * 4 + 1];
	int w;
	size_t used = fit(s, width, buf, &w);
	tl_pad(t, right ? at + width - w : at);
	size_t n = strlen(buf);
	if (t->len + n < sizeof(t->b)) {
		memcpy(t->b + t->len, buf, n + 1);
		t->len += n;
		t->col += w;
	}
	return s[used] == '\0';
}

/*
 * An amount right-aligned in its column.  An amount is never cut: one
 * wider than its column pushes out to the right, past 80 columns if it
 * must, since a wrong figure is worse than a wide line.
 */
static void tl_money(struct tline *t, int at, int width, const char *m)
{
	int w = (int)strlen(m);		/* digits, signs and separators */
	int pos = w > width ? at : at + width - w;
	if (t->col > 0 && pos <= t->col)	/* a blank after what is there */
		pos = t->col + 1;
	tl_pad(t, pos);
	if (t->len + (size_t)w < sizeof(t->b)) {
		memcpy(t->b + t->len, m, (size_t)w + 1);
		t->len += (size_t)w;
		t->col += w;
	}
}

static void tl_out(struct ar_statement_writer *wr, struct tline *t)
{
	/* no trailing blanks */
	while (t->len && t->b[t->len - 1] == ' ')
		t->len--;
	fwrite(t->b, 1, t->len, wr->fp);
	putc('\n', wr->fp);
	t->len = 0;
	t->col = 0;
	t->b[0] = '\0';
}

/*
 * Word-wrap s (lines separated by '\n') into at most max lines of width
 * columns; a word longer than a line is cut, and what does not fit in max
 * lines is left out with "..." at the end.  lines[i] hold WIDTH * 4 + 1
 * bytes.  Returns the number of lines.
 */
static int wrap(const char *s, int width, char lines[][WIDTH * 4 + 1], int max)
{
	int n = 0, w;
	while (n < max) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		size_t used = fit(s, width, lines[n], &w);
		if (s[used] && s[used] != '\n' && s[used] != ' ') {
			/* break at the last blank, if the line has one */
			size_t k = used;
			while (k > 0 && s[k - 1] != ' ')
				k--;
			if (k > 0) {
				char tmp[WIDTH * 4 + 1];
				memcpy(tmp, s, k);
				tmp[k] = '\0';
				fit(tmp, width, lines[n], &w);
				used = k;
			}
		}
		size_t len = strlen(lines[n]);
		while (len && lines[n][len - 1] == ' ')
			lines[n][--len] = '\0';
		s += used;
		if (*s == '\n')
			s++;
		n++;
	}
	while (*s == ' ' || *s == '\n')
		s++;
	if (*s && n > 0) {	/* more than fits: say so */
		char tmp[WIDTH * 4 + 1];
		size_t len = fit(lines[n - 1], width - 3, tmp, &w);
		memcpy(lines[n - 1], tmp, len);
		memcpy(lines[n - 1] + len, "...", 4);
	}
	return n;
}

static void money(char *buf, int64_t v, int e)
{
	ar_money_format(buf, v, e, AR_MONEY_GROUP);
}

static void date_or_blank(char *buf, ar_date d, const char *fmt)
{
	if (d == AR_DATE_NONE)
		buf[0] = '\0';
	else
		ar_date_format_as(buf, d, fmt);
}

static void text_rule(struct ar_statement_writer *w, char c)
{
	char line[WIDTH + 1];
	memset(line, c, WIDTH);
	line[WIDTH] = '\0';
	fprintf(w->fp, "%s\n", line);
}

/* Two blocks of wrapped lines side by side: left at 0, right at col. */
static void side_by_side(struct ar_statement_writer *w,
			 char left[][WIDTH * 4 + 1], int nl,
			 char right[][WIDTH * 4 + 1], int nr, int col,
			 bool right_align)
{
	struct tline t = {0};
	for (int i = 0; i < nl || i < nr; i++) {
		if (i < nl)
			tl_put(&t, 0, col - 2, left[i], false);
		if (i < nr)
			tl_put(&t, col, WIDTH - col, right[i], right_align);
		tl_out(w, &t);
	}
}

#define MAXL 12

static void text_header(struct ar_statement_writer *w,
			const struct ar_statement *s)
{
	const struct ar_statement_company *co = s->company;
	char left[MAXL][WIDTH * 4 + 1], right[MAXL][WIDTH * 4 + 1];
	char buf[512], d1[AR_DATE_BUFSZ], d2[AR_DATE_BUFSZ];
	int nl = 0, nr = 0;

	nl += wrap(co->name, 44, left + nl, 3);
	nl += wrap(co->address, 44, left + nl, 6);
	snprintf(right[nr++], sizeof(right[0]), "STATEMENT OF ACCOUNT");
	ar_date_format_as(d2, s->date, s->date_format);
	snprintf(right[nr++], sizeof(right[0]), "Statement date %s", d2);
	snprintf(buf, sizeof(buf), "Customer number %s", s->customer_id);
	nr += wrap(buf, 34, right + nr, 3);
	if (s->type == AR_STATEMENT_ACTIVITY) {
		ar_date_format_as(d1, s->from, s->date_format);
		snprintf(right[nr++], sizeof(right[0]), "Period %s to %s", d1, d2);
	}
	side_by_side(w, left, nl, right, nr, 46, true);
	fputc('\n', w->fp);

	nl = nr = 0;
	snprintf(left[nl++], sizeof(left[0]), "To:");
	nl += wrap(s->customer_name, 38, left + nl, 3);
	for (int i = 0; i < 6 && s->address[i] && nl < MAXL; i++)
		nl += wrap(s->address[i], 38, left + nl, 2 < MAXL - nl ? 2 : MAXL - nl);
	if (*co->remit_to) {
		snprintf(right[nr++], sizeof(right[0]), "Please remit to:");
		nr += wrap(co->remit_to, 38, right + nr, 6);
	}
	side_by_side(w, left, nl, right, nr, 42, false);
}

static void text_section(struct ar_statement_writer *w,
			 const struct ar_statement *s,
			 const struct ar_statement_section *x)
{
	bool act = s->type == AR_STATEMENT_ACTIVITY;
	struct tline t = {0};
	char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ], d[AR_DATE_BUFSZ];
	char due[AR_DATE_BUFSZ], days[16], more[1024];
	int e = x->exponent;

	fputc('\n', w->fp);
	if (act) {
		char d1[AR_DATE_BUFSZ], d2[AR_DATE_BUFSZ];
		ar_date_format_as(d1, s->from, s->date_format);
		ar_date_format_as(d2, s->to, s->date_format);
		fprintf(w->fp, "Account activity %s to %s, in %s\n", d1, d2,
			x->currency);
		fprintf(w->fp, "%-10s %-11s %-12s %14s %14s %14s\n", "Date",
			"Type", "Number", "Charges", "Credits", "Balance");
	} else {
		ar_date_format_as(d, s->date, s->date_format);
		fprintf(w->fp, "Open items as of %s, in %s\n", d, x->currency);
		fprintf(w->fp, "%-10s %-11s %-13s %-10s %4s %13s %13s\n", "Date",
			"Type", "Number", "Due date", "Days", "Amount", "Open");
	}
	text_rule(w, '-');
	for (size_t i = 0; i < x->nlines; i++) {
		const struct ar_statement_line *l = &x->lines[i];
		ar_date_format_as(d, l->date, s->date_format);
		if (l->kind != AR_LINE_DOCUMENT) {
			if (l->kind == AR_LINE_CLOSING)
				text_rule(w, '-');
			money(b, l->balance, e);
			tl_put(&t, 0, 10, d, false);
			tl_put(&t, 11, 40, l->description, false);
			tl_money(&t, 52, 28, b);
			tl_out(w, &t);
			continue;
		}
		bool whole;
		tl_put(&t, 0, 10, d, false);
		tl_put(&t, 11, 11, ar__statement_type_label(l->doc_type), false);
		if (act) {
			whole = tl_put(&t, 23, 12, l->doc_no, false);
			money(a, l->amount < 0 ? -l->amount : l->amount, e);
			money(b, l->balance, e);
			tl_money(&t, l->amount < 0 ? 51 : 36, 14, a);
			tl_money(&t, 66, 14, b);
		} else {
			whole = tl_put(&t, 23, 13, l->doc_no, false);
			date_or_blank(due, l->due_date, s->date_format);
			tl_put(&t, 37, 10, due, false);
			if (l->due_date != AR_DATE_NONE && l->days_past_due > 0) {
				snprintf(days, sizeof(days), "%d", l->days_past_due);
				tl_put(&t, 48, 4, days, true);
			}
			money(a, l->amount, e);
			money(b, l->open, e);
			tl_money(&t, 53, 13, a);
			tl_money(&t, 67, 13, b);
		}
		tl_out(w, &t);
		/* the description below, and a number too long for its column */
		if (!whole)
			snprintf(more, sizeof(more), "No. %s%s%s", l->doc_no,
				 *l->description ? "; " : "", l->description);
		else
			snprintf(more, sizeof(more), "%s", l->description);
		if (*more) {
			char lines[2][WIDTH * 4 + 1];
			int n = wrap(more, WIDTH - 11, lines, 2);
			for (int k = 0; k < n; k++) {
				tl_put(&t, 11, WIDTH - 11, lines[k], false);
				tl_out(w, &t);
			}
		}
	}

	/* the aging line, six buckets to a row */
	fputc('\n', w->fp);
	fprintf(w->fp, "Aging in %s (days past due)\n", x->currency);
	for (int first = 0; first < x->nbuckets; first += 6) {
		char lbl[32];
		for (int k = first; k < x->nbuckets && k < first + 6; k++) {
			ar__statement_bucket_label(s->bucket_names[k], lbl, sizeof(lbl));
			tl_put(&t, 2 + (k - first) * 13, 13, lbl, true);
		}
		tl_out(w, &t);
		for (int k = first; k < x->nbuckets && k < first + 6; k++) {
			money(a, x->bucket[k], e);
			tl_money(&t, 2 + (k - first) * 13, 13, a);
		}
		tl_out(w, &t);
	}
	if (x->unapplied) {
		money(a, x->unapplied, e);
		tl_put(&t, 0, 50, "Unapplied payments and credits", false);
		tl_money(&t, 52, 28, a);
		tl_out(w, &t);
	}
	money(a, x->amount_due, e);
	snprintf(more, sizeof(more), "%s %s", x->currency, a);
	tl_put(&t, 0, 50, "AMOUNT DUE", false);
	tl_money(&t, 52, 28, more);
	tl_out(w, &t);
	if (x->closing < 0) {
		money(a, -x->closing, e);
		snprintf(more, sizeof(more), "You have a credit balance of %s %s: "
			 "nothing is due.", x->currency, a);
		tl_put(&t, 0, WIDTH, more, false);
		tl_out(w, &t);
	}
}

static void text_stub(struct ar_statement_writer *w,
		      const struct ar_statement *s)
{
	const struct ar_statement_company *co = s->company;
	struct tline t = {0};
	char lines[MAXL][WIDTH * 4 + 1], d[AR_DATE_BUFSZ], a[AR_MONEY_BUFSZ];
	char buf[256];
	int n;

	fputc('\n', w->fp);
	fputs("- - - - - - - - - - - - - - - -  cut here  - - - - - - - - - - - - - - - - - - -\n",
	      w->fp);
	tl_put(&t, 0, 40, "REMITTANCE ADVICE", false);
	tl_put(&t, 40, 40, "Please return with your payment", true);
	tl_out(w, &t);
	fputc('\n', w->fp);
	tl_put(&t, 0, 16, "Customer number", false);
	tl_put(&t, 17, 63, s->customer_id, false);
	tl_out(w, &t);
	n = wrap(s->customer_name, 63, lines, 2);
	for (int i = 0; i < n; i++) {
		tl_put(&t, 17, 63, lines[i], false);
		tl_out(w, &t);
	}
	ar_date_format_as(d, s->date, s->date_format);
	tl_put(&t, 0, 16, "Statement date", false);
	tl_put(&t, 17, 63, d, false);
	tl_out(w, &t);
	for (size_t i = 0; i < s->nsections; i++) {
		money(a, s->sections[i].amount_due, s->sections[i].exponent);
		snprintf(buf, sizeof(buf), "%s %s", s->sections[i].currency, a);
		tl_put(&t, 0, 16, i ? "" : "Amount due", false);
		if (strlen(buf) > 22)
			tl_money(&t, 17, 22, buf);
		else
			tl_put(&t, 17, 22, buf, false);
		tl_put(&t, 40, 40, "Amount enclosed ________________", true);
		tl_out(w, &t);
	}
	if (*co->remit_to) {
		n = wrap(co->remit_to, 63, lines, 6);
		for (int i = 0; i < n; i++) {
			tl_put(&t, 0, 16, i ? "" : "Remit to", false);
			tl_put(&t, 17, 63, lines[i], false);
			tl_out(w, &t);
		}
	}
}

static ar_status write_text(struct ar_statement_writer *w,
			    const struct ar_statement *s)
{
	char lines[MAXL][WIDTH * 4 + 1];
	if (w->count > 0)
		fputc('\f', w->fp);
	text_header(w, s);
	for (size_t i = 0; i < s->nsections; i++)
		text_section(w, s, &s->sections[i]);
	if (*s->company->message) {
		fputc('\n', w->fp);
		int n = wrap(s->company->message, WIDTH, lines, 6);
		for (int i = 0; i < n; i++)
			fprintf(w->fp, "%s\n", lines[i]);
	}
	text_stub(w, s);
	return ferror(w->fp) ? AR_ELEDGER : AR_OK;
}

/* ------------------------------------------------------------------ */
/* HTML */

/* s escaped; controls dropped; a newline as <br> when br. */
static void html(FILE *fp, const char *s, bool br)
{
	ar__html_text(fp, s, br ? "<br>" : NULL);
}

static const char html_head[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n"
"<head>\n"
"<meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<title>Statement of account</title>\n"
"<style>\n"
"@page { size: auto; margin: 14mm 12mm; }\n"
"* { box-sizing: border-box; }\n"
"body { margin: 0; background: #f3f3f1; color: #1d1d1f;\n"
"  font: 10.5pt/1.4 \"Helvetica Neue\", Helvetica, Arial, \"Liberation Sans\", sans-serif; }\n"
".statement { max-width: 190mm; margin: 12mm auto; padding: 14mm 14mm 10mm;\n"
"  background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15);\n"
"  break-after: page; overflow-wrap: break-word; }\n"
".statement:last-child { break-after: auto; }\n"
"header { display: flex; justify-content: space-between; gap: 10mm;\n"
"  border-bottom: 2px solid #1d1d1f; padding-bottom: 4mm; }\n"
"h1 { font-size: 16pt; margin: 0 0 1mm; }\n"
"h2 { font-size: 13pt; letter-spacing: .08em; text-transform: uppercase;\n"
"  margin: 0 0 2mm; text-align: right; }\n"
"h3 { font-size: 10.5pt; margin: 6mm 0 2mm; }\n"
"p { margin: 0; }\n"
".meta { text-align: right; white-space: nowrap; }\n"
".meta dl { display: grid; grid-template-columns: auto auto; gap: 0 4mm; margin: 0; }\n"
".meta dt { color: #555; } .meta dd { margin: 0; font-weight: 600; white-space: normal; overflow-wrap: anywhere; }\n"
".parties { display: flex; gap: 10mm; margin-top: 5mm; }\n"
".parties > div, header > div { flex: 1; min-width: 0; overflow-wrap: anywhere; }\n"
".label { font-size: 8.5pt; color: #555; text-transform: uppercase; letter-spacing: .06em; }\n"
"table { width: 100%; border-collapse: collapse; }\n"
"th, td { padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }\n"
"thead th { font-size: 8.5pt; color: #555; text-transform: uppercase;\n"
"  letter-spacing: .04em; border-bottom: 1px solid #999; }\n"
"tbody tr { border-bottom: 1px solid #e4e4e4; break-inside: avoid; }\n"
".num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n"
".lines { font-size: 9.5pt; }\n"
".lines th, .lines td { padding: 1.2mm 1mm; }\n"
".lines td { white-space: nowrap; }\n"

".lines td.desc { white-space: normal; overflow-wrap: anywhere; color: #555; font-size: 9pt; }\n"
"tr.total td { font-weight: 700; border-top: 1.5px solid #1d1d1f; }\n"
"tr.opening td { font-style: italic; }\n"
"table.aging { margin-top: 3mm; }\n"
"table.aging th { text-align: right; }\n"
".due { display: flex; justify-content: flex-end; gap: 6mm; align-items: baseline;\n"
"  margin-top: 3mm; font-size: 12pt; }\n"
".due strong { font-size: 14pt; border: 2px solid #1d1d1f; padding: 1mm 3mm; }\n"
".credit-note { text-align: right; color: #555; }\n"
".message { margin-top: 6mm; padding: 3mm 4mm; background: #f6f6f4; border-left: 3px solid #999; }\n"
".stub { margin-top: 10mm; padding-top: 4mm; border-top: 2px dashed #777; break-inside: avoid; }\n"
".stub h3 { margin-top: 0; }\n"
".stub dl { display: grid; grid-template-columns: 40mm 1fr; gap: 1mm 4mm; margin: 0; }\n"
".stub dt { color: #555; } .stub dd { margin: 0; }\n"
".blank { display: inline-block; min-width: 45mm; border-bottom: 1px solid #1d1d1f; }\n"
"@media print { body { background: #fff; }\n"
"  .statement { margin: 0; padding: 0; box-shadow: none; max-width: none; } }\n"
"</style>\n"
"</head>\n"
"<body>\n";

static void html_money(FILE *fp, int64_t v, int e)
{
	char a[AR_MONEY_BUFSZ];
	money(a, v, e);
	fputs(a, fp);
}

static void html_date(FILE *fp, ar_date d, const char *fmt)
{
	char b[AR_DATE_BUFSZ];
	if (d != AR_DATE_NONE) {
		ar_date_format_as(b, d, fmt);
		fputs(b, fp);
	}
}

static void html_section(FILE *fp, const struct ar_statement *s,
			 const struct ar_statement_section *x)
{
	bool act = s->type == AR_STATEMENT_ACTIVITY;
	int e = x->exponent;
	char lbl[32];

	if (act) {
		fputs("<h3>Account activity ", fp);
		html_date(fp, s->from, s->date_format);
		fputs(" to ", fp);
		html_date(fp, s->to, s->date_format);
		fprintf(fp, ", in %s</h3>\n<table class=\"lines\">\n<thead><tr>"
			"<th>Date</th><th>Type</th><th>Number</th><th>Description</th>"
			"<th class=\"num\">Charges</th><th class=\"num\">Credits</th>"
			"<th class=\"num\">Balance</th></tr></thead>\n<tbody>\n",
			x->currency);
	} else {
		fputs("<h3>Open items as of ", fp);
		html_date(fp, s->date, s->date_format);
		fprintf(fp, ", in %s</h3>\n<table class=\"lines\">\n<thead><tr>"
			"<th>Date</th><th>Type</th><th>Number</th><th>Description</th>"
			"<th>Due date</th><th class=\"num\">Days</th>"
			"<th class=\"num\">Amount</th><th class=\"num\">Open</th>"
			"</tr></thead>\n<tbody>\n", x->currency);
	}
	for (size_t i = 0; i < x->nlines; i++) {
		const struct ar_statement_line *l = &x->lines[i];
		if (l->kind != AR_LINE_DOCUMENT) {
			fprintf(fp, "%s<tr class=\"%s\"><td>", l->kind == AR_LINE_CLOSING
				? "</tbody>\n<tfoot>\n" : "", l->kind == AR_LINE_CLOSING
				? "total" : "opening");
			html_date(fp, l->date, s->date_format);
			fprintf(fp, "</td><td colspan=\"%d\">", act ? 5 : 6);
			html(fp, l->description, false);
			fputs("</td><td class=\"num\">", fp);
			html_money(fp, l->balance, e);
			fprintf(fp, "</td></tr>\n%s", l->kind == AR_LINE_CLOSING
				? "</tfoot>\n" : "");
			continue;
		}
		fputs("<tr><td>", fp);
		html_date(fp, l->date, s->date_format);
		fputs("</td><td>", fp);
		html(fp, ar__statement_type_label(l->doc_type), false);
		fputs("</td><td class=\"no\">", fp);
		html(fp, l->doc_no, false);
		fputs("</td><td class=\"desc\">", fp);
		html(fp, l->description, false);
		if (act) {
			fputs("</td><td class=\"num\">", fp);
			if (l->amount > 0)
				html_money(fp, l->amount, e);
			fputs("</td><td class=\"num\">", fp);
			if (l->amount < 0)
				html_money(fp, -l->amount, e);
			fputs("</td><td class=\"num\">", fp);
			html_money(fp, l->balance, e);
		} else {
			fputs("</td><td>", fp);
			html_date(fp, l->due_date, s->date_format);
			fputs("</td><td class=\"num\">", fp);
			if (l->due_date != AR_DATE_NONE && l->days_past_due > 0)
				fprintf(fp, "%d", l->days_past_due);
			fputs("</td><td class=\"num\">", fp);
			html_money(fp, l->amount, e);
			fputs("</td><td class=\"num\">", fp);
			html_money(fp, l->open, e);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n<table class=\"aging\">\n<thead><tr>", fp);
	for (int k = 0; k < x->nbuckets; k++) {
		ar__statement_bucket_label(s->bucket_names[k], lbl, sizeof(lbl));
		fprintf(fp, "<th>%s</th>", lbl);
	}
	fputs("<th>Unapplied</th><th>Balance</th></tr></thead>\n<tbody><tr>", fp);
	for (int k = 0; k < x->nbuckets; k++) {
		fputs("<td class=\"num\">", fp);
		html_money(fp, x->bucket[k], e);
		fputs("</td>", fp);
	}
	fputs("<td class=\"num\">", fp);
	html_money(fp, x->unapplied, e);
	fputs("</td><td class=\"num\">", fp);
	html_money(fp, x->closing, e);
	fprintf(fp, "</td></tr></tbody>\n</table>\n<p class=\"due\"><span>Amount "
		"due</span><strong>%s ", x->currency);
	html_money(fp, x->amount_due, e);
	fputs("</strong></p>\n", fp);
	if (x->closing < 0) {
		fprintf(fp, "<p class=\"credit-note\">You have a credit balance "
			"of %s ", x->currency);
		html_money(fp, -x->closing, e);
		fputs(": nothing is due.</p>\n", fp);
	}
}

static ar_status write_html(struct ar_statement_writer *w,
			    const struct ar_statement *s)
{
	const struct ar_statement_company *co = s->company;
	FILE *fp = w->fp;

	fputs("<section class=\"statement\">\n<header>\n<div class=\"company\">"
	      "<h1>", fp);
	html(fp, co->name, false);
	fputs("</h1><p>", fp);
	html(fp, co->address, true);
	fputs("</p></div>\n<div class=\"meta\"><h2>Statement of account</h2>"
	      "<dl><dt>Statement date</dt><dd>", fp);
	html_date(fp, s->date, s->date_format);
	fputs("</dd><dt>Customer number</dt><dd>", fp);
	html(fp, s->customer_id, false);
	fputs("</dd>", fp);
	if (s->type == AR_STATEMENT_ACTIVITY) {
		fputs("<dt>Period</dt><dd>", fp);
		html_date(fp, s->from, s->date_format);
		fputs(" to ", fp);
		html_date(fp, s->to, s->date_format);
		fputs("</dd>", fp);
	}
	fputs("</dl></div>\n</header>\n<div class=\"parties\">\n<div><p "
	      "class=\"label\">To</p><p><strong>", fp);
	html(fp, s->customer_name, false);
	fputs("</strong>", fp);
	for (int i = 0; i < 6 && s->address[i]; i++) {
		fputs("<br>", fp);
		html(fp, s->address[i], false);
	}
	fputs("</p></div>\n", fp);
	if (*co->remit_to) {
		fputs("<div><p class=\"label\">Please remit to</p><p>", fp);
		html(fp, co->remit_to, true);
		fputs("</p></div>\n", fp);
	}
	fputs("</div>\n", fp);
	for (size_t i = 0; i < s->nsections; i++)
		html_section(fp, s, &s->sections[i]);
	if (*co->message) {
		fputs("<p class=\"message\">", fp);
		html(fp, co->message, true);
		fputs("</p>\n", fp);
	}
	fputs("<div class=\"stub\">\n<h3>Remittance advice &mdash; please return "
	      "this part with your payment</h3>\n<dl><dt>Customer number</dt><dd>",
	      fp);
	html(fp, s->customer_id, false);
	fputs("</dd><dt>Customer</dt><dd>", fp);
	html(fp, s->customer_name, false);
	fputs("</dd><dt>Statement date</dt><dd>", fp);
	html_date(fp, s->date, s->date_format);
	fputs("</dd>", fp);
	for (size_t i = 0; i < s->nsections; i++) {
		fprintf(fp, "<dt>Amount due</dt><dd><strong>%s ",
			s->sections[i].currency);
		html_money(fp, s->sections[i].amount_due, s->sections[i].exponent);
		fputs("</strong></dd>", fp);
	}
	fputs("<dt>Amount enclosed</dt><dd><span class=\"blank\">&nbsp;</span></dd>",
	      fp);
	if (*co->remit_to) {
		fputs("<dt>Remit to</dt><dd>", fp);
		html(fp, co->remit_to, true);
		fputs("</dd>", fp);
	}
	fputs("</dl>\n</div>\n</section>\n", fp);
	return ferror(fp) ? AR_ELEDGER : AR_OK;
}

/* ------------------------------------------------------------------ */
/* CSV */

static const struct ar_column csv_cols[] = {
	{"customer_id", AR_COL_TEXT}, {"customer_name", AR_COL_TEXT},
	{"statement_date", AR_COL_DATE}, {"currency", AR_COL_TEXT},
	{"line_date", AR_COL_DATE}, {"doc_type", AR_COL_TEXT},
	{"doc_no", AR_COL_TEXT}, {"description", AR_COL_TEXT},
	{"due_date", AR_COL_DATE}, {"debit", AR_COL_MONEY},
	{"credit", AR_COL_MONEY}, {"running_balance", AR_COL_MONEY},
	/* where the statement goes, for mail merge */
	{"email", AR_COL_TEXT}, {"address1", AR_COL_TEXT},
	{"address2", AR_COL_TEXT}, {"city", AR_COL_TEXT},
	{"region", AR_COL_TEXT}, {"postal_code", AR_COL_TEXT},
	{"country", AR_COL_TEXT},
};

/* A date of the statement CSV: ISO, unless statement.date_format says. */
static void csv_date(struct ar_writer *c, const struct ar_statement *s,
		     ar_date d)
{
	char b[AR_DATE_BUFSZ];
	if (d == AR_DATE_NONE || !s->date_format ||
	    strcmp(s->date_format, "%Y-%m-%d") == 0) {
		ar_writer_date(c, d);
		return;
	}
	ar_date_format_as(b, d, s->date_format);
	ar_writer_text(c, b);
}

static ar_status csv_row(struct ar_statement_writer *w,
			 const struct ar_statement *s,
			 const struct ar_statement_section *x, ar_date day,
			 const char *type, const char *no, const char *desc,
			 ar_date due, const int64_t *debit,
			 const int64_t *credit, const int64_t *balance)
{
	struct ar_writer *c = w->csv;
	ar_writer_text(c, s->customer_id);
	ar_writer_text(c, s->customer_name);
	csv_date(c, s, s->date);
	ar_writer_text(c, x->currency);
	csv_date(c, s, day);
	ar_writer_text(c, type);
	ar_writer_text(c, no);
	ar_writer_text(c, desc);
	csv_date(c, s, due);
	if (debit)
		ar_writer_money(c, *debit, x->exponent);
	else
		ar_writer_null(c);
	if (credit)
		ar_writer_money(c, *credit, x->exponent);
	else
		ar_writer_null(c);
	if (balance)
		ar_writer_money(c, *balance, x->exponent);
	else
		ar_writer_null(c);
	const char *where[] = {s->email, s->address1, s->address2, s->city,
			       s->region, s->postal_code, s->country};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		ar_writer_text(c, where[i] ? where[i] : "");
	return ar_writer_end_row(c);
}

static ar_status write_csv(struct ar_statement_writer *w,
			   const struct ar_statement *s)
{
	ar_status st = AR_OK;
	for (size_t i = 0; i < s->nsections && st == AR_OK; i++) {
		const struct ar_statement_section *x = &s->sections[i];
		for (size_t k = 0; k < x->nlines && st == AR_OK; k++) {
			const struct ar_statement_line *l = &x->lines[k];
			int64_t v = l->open < 0 ? -l->open : l->open;
			if (l->kind == AR_LINE_OPENING)
				st = csv_row(w, s, x, l->date, "opening_balance", "",
					     l->description, AR_DATE_NONE, NULL,
					     NULL, &l->balance);
			else if (l->kind == AR_LINE_CLOSING)
				st = csv_row(w, s, x, l->date, "closing_balance", "",
					     l->description, AR_DATE_NONE, NULL,
					     NULL, &l->balance);
			else
				st = csv_row(w, s, x, l->date, l->doc_type,
					     l->doc_no, l->description,
					     l->due_date, l->open > 0 ? &v : NULL,
					     l->open < 0 ? &v : NULL, &l->balance);
		}
		/* the aging line and the amount due, a row each */
		for (int k = 0; k < x->nbuckets && st == AR_OK; k++)
			st = csv_row(w, s, x, s->date, "aging", s->bucket_names[k],
				     "", AR_DATE_NONE, &x->bucket[k], NULL, NULL);
		int64_t un = -x->unapplied;
		if (st == AR_OK)
			st = csv_row(w, s, x, s->date, "aging", "unapplied", "",
				     AR_DATE_NONE, NULL, &un, NULL);
		if (st == AR_OK)
			st = csv_row(w, s, x, s->date, "amount_due", "",
				     s->company->message, AR_DATE_NONE, NULL,
				     NULL, &x->amount_due);
	}
	return st;
}

/* ------------------------------------------------------------------ */

ar_status ar_statement_writer_new(struct ar_statement_writer **wp, FILE *fp,
				  enum ar_statement_format f, unsigned flags)
{
	return ar__statement_writer_new(wp, fp, f, flags, NULL);
}

ar_status ar__statement_writer_new(struct ar_statement_writer **wp, FILE *fp,
				   enum ar_statement_format f, unsigned flags,
				   struct ar_pdf_assets *shared)
{
	struct ar_statement_writer *w = calloc(1, sizeof(*w));
	*wp = NULL;
	if (!w)
		return AR_ENOMEM;
	w->fp = fp, w->fmt = f, w->flags = flags;
	if (f == AR_STATEMENT_PDF) {
		ar_status st = ar__statement_pdf_new(&w->pdf, fp, shared);
		if (st != AR_OK) {
			ar__statement_pdf_free(w->pdf);
			free(w);
			return st;
		}
	} else if (f == AR_STATEMENT_CSV) {
		ar_status st = ar_writer_new(&w->csv, fp, AR_FMT_CSV, csv_cols,
			sizeof(csv_cols) / sizeof(csv_cols[0]),
			flags & AR_STATEMENT_EXCEL_SAFE ? AR_OUT_EXCEL_SAFE : 0);
		if (st != AR_OK) {
			free(w);
			return st;
		}
	} else if (f == AR_STATEMENT_HTML) {
		fputs(html_head, fp);
	}
	*wp = w;
	return AR_OK;
}

ar_status ar_statement_write(struct ar_statement_writer *w,
			     const struct ar_statement *s)
{
	ar_status st;
	switch (w->fmt) {
	case AR_STATEMENT_HTML: st = write_html(w, s); break;
	case AR_STATEMENT_CSV: st = write_csv(w, s); break;
	case AR_STATEMENT_PDF: st = ar__statement_pdf_write(w->pdf, s); break;
	default: st = write_text(w, s); break;
	}
	w->count++;
	if (st == AR_ELEDGER && !w->write_errno)
		w->write_errno = w->pdf && ar__statement_pdf_errno(w->pdf)
			? ar__statement_pdf_errno(w->pdf) : errno ? errno : EIO;
	return st;
}

ar_status ar_statement_writer_finish(struct ar_statement_writer *w)
{
	ar_status st = AR_OK;
	if (w->csv)
		st = ar_writer_finish(w->csv);
	if (w->pdf && (st = ar__statement_pdf_finish(w->pdf)) == AR_ELEDGER)
		w->write_errno = ar__statement_pdf_errno(w->pdf);
	if (w->fmt == AR_STATEMENT_HTML)
		fputs("</body>\n</html>\n", w->fp);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		st = AR_ELEDGER;
	if (st == AR_ELEDGER && !w->write_errno)
		w->write_errno = errno ? errno : EIO;
	return st;
}

int ar_statement_writer_errno(const struct ar_statement_writer *w)
{
	if (!w)
		return 0;
	return w->write_errno ? w->write_errno : ar_writer_errno(w->csv);
}

const char *ar_statement_writer_errmsg(const struct ar_statement_writer *w)
{
	return w && w->pdf ? ar__statement_pdf_errmsg(w->pdf) : "";
}

void ar_statement_writer_free(struct ar_statement_writer *w)
{
	if (!w)
		return;
	ar_writer_free(w->csv);
	ar__statement_pdf_free(w->pdf);
	free(w);
}
