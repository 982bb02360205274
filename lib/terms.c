/*
 * terms.c - payment terms: net days and an early-payment discount.
 *
 *	terms    = "COD" | "Due on receipt" | "Due upon receipt"
 *		 | [discount] net
 *	discount = percent ("/" | "%" | "%/") days ("," | blank) blank*
 *	percent  = 1-3 digits ["." 1-2 digits]
 *	net      = days | ("NET" | "N") [blank* | "-" | "/"] days
 *
 * Case does not matter; blanks (spaces, tabs) around the whole and
 * around "/" and "%" do not either.  A discount needs the net days
 * written with NET or N ("2/10 30" is refused).
 */
#include <string.h>

#include "ar/date.h"

#define NOT_TERMS "not payment terms (days, NET30, 2/10 Net 30, " \
	"or Due on receipt)"

struct scan {
	const char *s;
	size_t i, len;
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t blanks(struct scan *p)
{
	size_t n = 0;
	while (p->i < p->len && blank(p->s[p->i]))
		p->i++, n++;
	return n;
}

/* The word w (lower case) next, not followed by a letter. */
static bool word(struct scan *p, const char *w)
{
	size_t n = strlen(w);
	if (p->len - p->i < n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (lower(p->s[p->i + k]) != w[k])
			return false;
	char next = p->i + n < p->len ? lower(p->s[p->i + n]) : '\0';
	if (next >= 'a' && next <= 'z')
		return false;
	p->i += n;
	return true;
}

/* 1 to max digits; the count read, or 0 for none or too many. */
static size_t number(struct scan *p, size_t max, int *v)
{
	size_t n = 0;
	*v = 0;
	while (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
		if (++n > max)
			return 0;
		*v = *v * 10 + (p->s[p->i++] - '0');
	}
	return n;
}

static bool at(const struct scan *p, char c)
{
	return p->i < p->len && p->s[p->i] == c;
}

/* The net days: "30", "NET30", "Net 30", "net-30", "n/30". */
static bool net(struct scan *p, bool prefix_needed, int *days)
{
	bool prefix = word(p, "net") || (at(p, 'n') || at(p, 'N')
					 ? (p->i++, true) : false);
	if (prefix && !blanks(p) && (at(p, '-') || at(p, '/')))
		p->i++;
	if (prefix_needed && !prefix)
		return false;
	return number(p, 4, days) && p->i == p->len;
}

ar_status ar_terms_parse(const char *s, size_t len, struct ar_terms *t,
			 const char **why)
{
	struct scan p = {s, 0, len};
	const char *dummy;
	int days = 0, pct = 0, frac = 0, fdigits = 0, ddays = 0;

	if (!why)
		why = &dummy;
	*why = NOT_TERMS;
	*t = (struct ar_terms){0, 0, 0};
	while (p.len && blank(s[p.len - 1]))
		p.len--;
	blanks(&p);

	if (word(&p, "cod") && p.i == p.len)
		return AR_OK;
	p.i = 0, blanks(&p);
	if (word(&p, "due") && blanks(&p) &&
	    (word(&p, "on") || word(&p, "upon")) && blanks(&p) &&
	    word(&p, "receipt") && p.i == p.len)
		return AR_OK;

	p.i = 0, blanks(&p);
	size_t start = p.i;
	/* a discount: a percent, then "/" or "%" */
	if (number(&p, 3, &pct)) {
		if (at(&p, '.')) {
			p.i++;
			size_t n = number(&p, 2, &frac);
			if (!n)
				return AR_EINPUT;
			fdigits = (int)n;
		}
		blanks(&p);
		bool slash = at(&p, '/'), percent = at(&p, '%');
		if (slash || percent) {
			p.i++;
			if (percent && at(&p, '/'))
				p.i++;
			blanks(&p);
			if (!number(&p, 4, &ddays))
				return AR_EINPUT;
			bool comma = at(&p, ',');
			if (comma)
				p.i++;
			if (!blanks(&p) && !comma)
				return AR_EINPUT;
			if (!net(&p, true, &days))
				return AR_EINPUT;
			int rate = pct * 100 + (fdigits == 1 ? frac * 10 : frac);
			if (days > 3650)
				return *why = "more than 3650 days", AR_EINPUT;
			if (rate == 0)
				return *why = "a discount of 0%", AR_EINPUT;
			if (rate >= 10000)
				return *why = "a discount of 100% or more",
				       AR_EINPUT;
			if (ddays > days)
				return *why = "a discount for longer than the "
					"net days", AR_EINPUT;
			*t = (struct ar_terms){days, rate, ddays};
			return AR_OK;
		}
	}
	p.i = start;
	if (!net(&p, false, &days))
		return AR_EINPUT;
	if (days > 3650)
		return *why = "more than 3650 days", AR_EINPUT;
	t->days = days;
	return AR_OK;
}
