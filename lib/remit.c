/* remit.c - tokens of remittance text */
#include <stdbool.h>
#include <string.h>

#include "ar/remit.h"

static bool alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || c >= 0x80;
}

static bool joiner(unsigned char c)
{
	return c == '-' || c == '_' || c == '.';
}

const char *ar_remit_token(const char **p, size_t *len)
{
	const unsigned char *s = (const unsigned char *)*p;

	while (*s && !alnum(*s))
		s++;
	if (!*s) {
		*p = (const char *)s;
		return NULL;
	}
	const unsigned char *start = s, *end = s;
	while (*s && (alnum(*s) || joiner(*s))) {
		if (alnum(*s))
			end = s + 1;
		s++;
	}
	*len = (size_t)(end - start);
	*p = (const char *)s;
	return (const char *)start;
}

/* Whether the token tok (len bytes) is one of the words of list. */
static bool word_in(const char *tok, size_t len, const char *const *list)
{
	for (; *list; list++) {
		size_t i, n = strlen(*list);
		if (n != len)
			continue;
		for (i = 0; i < n; i++) {
			char c = tok[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != (*list)[i])
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

static const char *const check_markers[] = {
	"chk", "ck", "check", "cheque", "chq", NULL
};
static const char *const number_words[] = {"no", "nr", "number", NULL};
static const char *const invoice_markers[] = {
	"inv", "invoice", "invoices", "invs", "bill", NULL
};

enum { AFTER_NONE, AFTER_CHECK, AFTER_CHECK_NO, AFTER_INVOICE };

void ar_remit_reader_init(struct ar_remit_reader *rd, const char *text,
			  const char *check_no)
{
	rd->p = text ? text : "";
	rd->check_no = check_no && *check_no ? check_no : NULL;
	rd->after = AFTER_NONE;
}

const char *ar_remit_next(struct ar_remit_reader *rd, size_t *len,
			  enum ar_remit_kind *kind)
{
	const char *tok = ar_remit_token(&rd->p, len);
	if (!tok)
		return NULL;
	if (word_in(tok, *len, check_markers)) {
		rd->after = AFTER_CHECK;
		*kind = AR_REMIT_MARKER;
		return tok;
	}
	if (rd->after == AFTER_CHECK && word_in(tok, *len, number_words)) {
		rd->after = AFTER_CHECK_NO;
		*kind = AR_REMIT_MARKER;
		return tok;
	}
	if (word_in(tok, *len, invoice_markers)) {
		rd->after = AFTER_INVOICE;
		*kind = AR_REMIT_MARKER;
		return tok;
	}
	bool own = rd->check_no && strlen(rd->check_no) == *len &&
		   memcmp(rd->check_no, tok, *len) == 0;
	if (rd->after == AFTER_CHECK || rd->after == AFTER_CHECK_NO) {
		/* one check number, then back to plain words */
		rd->after = AFTER_NONE;
		*kind = AR_REMIT_CHECK;
	} else if (rd->after == AFTER_INVOICE) {
		*kind = own ? AR_REMIT_CONFLICT : AR_REMIT_INVOICE;
	} else {
		*kind = own ? AR_REMIT_CHECK : AR_REMIT_BARE;
	}
	return tok;
}

bool ar_remit_on_account(const char *text, const char **word, size_t *len)
{
	static const char *const words[] = {
		"on-account", "on_account", "deposit", "prepayment", "prepaid",
		"advance", "retainer", NULL
	};
	static const char *const on[] = {"on", NULL};
	static const char *const account[] = {"account", NULL};
	const char *p = text ? text : "", *tok, *prev = NULL;
	size_t n, prev_n = 0;

	while ((tok = ar_remit_token(&p, &n)) != NULL) {
		if (word_in(tok, n, words) ||
		    (prev && word_in(tok, n, account) &&
		     word_in(prev, prev_n, on))) {
			if (word) {
				*word = prev && !word_in(tok, n, words) ?
					prev : tok;
				*len = (size_t)(tok + n - *word);
			}
			return true;
		}
		prev = tok;
		prev_n = n;
	}
	return false;
}
