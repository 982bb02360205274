/*
 * mail.h - the words of dunning letters and how they travel: templates
 * with a small placeholder language, and Internet messages (RFC 5322,
 * MIME) written by hand.
 */
#ifndef AR_MAIL_H
#define AR_MAIL_H

#include <stdbool.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/dun.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Templates */

/*
 * A template: text with placeholders {{name}} and one repeated section
 * {{#items}} ... {{/items}} (once per overdue item).  Nothing else: no
 * expressions, no code, no file includes.  Names are checked when the
 * template is parsed; in an HTML template every value is HTML-escaped.
 *
 * Names: company_name, company_address, company_email, remit_to,
 * customer_id, customer_name, customer_address, customer_email, date,
 * level, intro (the level's built-in opening paragraph), currency, rate,
 * overdue, interest, fee, total_due; in the section also doc_type,
 * doc_no, doc_date, due_date, days_overdue, interest_days, open_amount
 * and interest (the item's).
 */
struct ar_template;

/*
 * Parse src, named file in messages.  @return AR_OK, AR_EUSAGE with
 * "file:line: ..." in err (an unknown placeholder, an unclosed {{ or
 * section), AR_ENOMEM
 */
ar_status ar_template_parse(const char *src, const char *file, bool html,
			    struct ar_template **t, char *err, size_t errsz);
void ar_template_free(struct ar_template *t);

/* Write letter d through t to out.  @return AR_OK, AR_ELEDGER (write) */
ar_status ar_template_render(const struct ar_template *t,
			     const struct ar_dun_letter *d, FILE *out);

/* The same into a string (*out: caller frees; NULL on failure). */
ar_status ar_template_string(const struct ar_template *t,
			     const struct ar_dun_letter *d, char **out);

/* The templates of a level; letter: the words of a PDF letter, whose
 * frame, items table, charges and slip are drawn around them. */
struct ar_dun_templates {
	struct ar_template *text, *html, *subject, *letter;
};

/*
 * The templates of level: dir/levelN.txt, levelN.html, levelN.subject,
 * levelN.letter where dir (NULL or "": none) has them, else the built-in
 * ones (the letter's: "{{intro}}").
 * @return AR_OK, AR_EUSAGE (err: file:line and why; a file that cannot
 *	   be read), AR_ENOMEM
 */
ar_status ar_dun_templates_load(const char *dir, int level,
				struct ar_dun_templates *t, char *err,
				size_t errsz);
void ar_dun_templates_free(struct ar_dun_templates *t);

/* ------------------------------------------------------------------ */
/* Messages */

/* What a message says; strings UTF-8, borrowed. */
struct ar_mail {
	const char *from_name, *from_addr;
	const char *to_name, *to_addr;
	const char *subject;
	ar_date date;		/* the Date: midnight UTC of it */
	const char *id_seed;	/* makes the Message-ID and boundary */
	const char *text, *html;	/* the two alternatives */
};

/*
 * Write m as an RFC 5322 message with LF line ends (as files and
 * sendmail(8) take them): headers of non-ASCII text as RFC 2047 encoded
 * words, folded under 78 characters; a multipart/alternative body of
 * text/plain and text/html in UTF-8, quoted-printable, lines at most 76
 * characters.  @return AR_OK, AR_ELEDGER (write)
 */
ar_status ar_mail_write(FILE *out, const struct ar_mail *m);

/* The same message into a string: *out (caller frees) of *len bytes. */
ar_status ar_mail_string(const struct ar_mail *m, char **out, size_t *len);

/* An address local@domain of printable ASCII, no spaces nor the
 * characters that would end it in a header. */
bool ar_mail_address_ok(const char *addr);

/* Quoted-printable of n bytes of s (RFC 2045 6.7), LF line ends. */
void ar_mail_qp(FILE *out, const char *s, size_t n);

/*
 * Append message msg (len bytes) to an mbox: a "From " line dated date,
 * the message with lines matching ^>*From  quoted by one more '>'
 * (mboxrd), and an empty line.
 */
void ar_mail_mbox(FILE *out, const char *sender, ar_date date,
		  const char *msg, size_t len);

#ifdef __cplusplus
}
#endif

#endif
