/*
 * bai2.c - BAI2 files read for their credits (see bai2.h).
 *
 * The file is cut into records (one a line; an 88 record continues the
 * one before), all of them checked against their trailers first, and
 * only then are the credits handed out: a file that disagrees with
 * itself gives nothing.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/bai2.h"
#include "ar/csv.h"
#include "ar/money.h"

/* A record, continuations joined: its fields. */
struct rec {
	int code;
	long line;		/* of its first physical record */
	long phys;		/* physical records: itself and its 88s */
	char *buf;		/* the joined text, fields NUL-separated */
	char **f;
	size_t nf;
};

/* A credit found, kept until the file is known sound. */
struct credit {
	char no[96], account[64], currency[4], bank_ref[64], cust_ref[64];
	char *text;
	ar_date date;
	int64_t amount;
	int type;
	long line;
};

struct reader {
	const char *name;
	char *err;
	size_t errsz;
	struct ar_bai2_stats *st;
	struct credit *cr;
	size_t ncr, ccr;
};

static ar_status fail(struct reader *rd, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static ar_status fail(struct reader *rd, long line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(rd->err, rd->errsz, "%s:%ld: ", rd->name, line);
	if (n >= 0 && (size_t)n < rd->errsz) {
		va_start(ap, fmt);
		vsnprintf(rd->err + n, rd->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return AR_EINPUT;
}

int ar_bai2_sniff(const char *text, size_t len)
{
	return len >= 3 && text[0] == '0' && text[1] == '1' && text[2] == ',';
}

/* Field i of r, "" when absent. */
static const char *field(const struct rec *r, size_t i)
{
	return i < r->nf ? r->f[i] : "";
}

/* An amount: optional sign, digits; "" is 0.  False when not one. */
static bool amount(const char *s, int64_t *v)
{
	bool neg = false;
	int64_t x = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (INT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (*s - '0');
	}
	*v = neg ? -x : x;
	return true;
}

/* A count: digits, maybe empty (then *v is -1: not given). */
static bool count(const char *s, long *v)
{
	int64_t x;
	if (!*s) {
		*v = -1;
		return true;
	}
	if (*s == '+' || *s == '-' || !amount(s, &x) || x > 1000000000)
		return false;
	*v = (long)x;
	return true;
}

static bool yymmdd(const char *s, ar_date *d)
{
	if (strlen(s) != 6 || strspn(s, "0123456789") != 6)
		return false;
	int y = 2000 + (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[2] - '0') * 10 + (s[3] - '0');
	int dd = (s[4] - '0') * 10 + (s[5] - '0');
	if (!ar_date_valid(y, m, dd))
		return false;
	*d = ar_date_from_ymd(y, m, dd);
	return true;
}

/*
 * The fields a funds type adds after it (BAI2 3.0: 0, 1, 2, Z none;
 * V a value date and time; S three amounts; D a count, then that many
 * pairs).  -1 when malformed.
 */
static long funds_extra(const struct rec *r, size_t at)
{
	const char *t = field(r, at);
	if (!*t || !strcmp(t, "0") || !strcmp(t, "1") || !strcmp(t, "2") ||
	    !strcmp(t, "Z"))
		return 0;
	if (!strcmp(t, "V"))
		return 2;
	if (!strcmp(t, "S"))
		return 3;
	if (!strcmp(t, "D")) {
		long n;
		if (!count(field(r, at + 1), &n) || n < 0 || n > 1000)
			return -1;
		return 1 + 2 * n;
	}
	return -1;
}

static void free_recs(struct rec *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].buf);
		free(r[i].f);
	}
	free(r);
}

/*
 * Cut the text into records.  The last field of a record ends at '/'
 * (a 16 record's text runs to the end of its line); an 88 record's
 * fields are added to the record before.
 */
static ar_status records(struct reader *rd, const char *text, size_t len,
			 struct rec **out, size_t *nout)
{
	struct rec *r = NULL;
	size_t n = 0, cap = 0;
	long line = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *next = e ? e + 1 : end;
		if (!e)
			e = end;
		line++;
		while (e > p && (e[-1] == '\r' || e[-1] == ' '))
			e--;
		size_t l = (size_t)(e - p);
		if (l == 0) {
			p = next;
			continue;
		}
		if (l < 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' ||
		    p[1] > '9' || (l > 2 && p[2] != ',')) {
			free_recs(r, n);
			return fail(rd, line, "not a BAI2 record (two digits, "
				    "then fields after commas)");
		}
		int code = (p[0] - '0') * 10 + (p[1] - '0');
		const char *body = l > 3 ? p + 3 : e;
		size_t blen = (size_t)(e - body);
		if (code == 88) {
			if (n == 0) {
				free_recs(r, n);
				return fail(rd, line, "a continuation (88) with "
					    "no record before it");
			}
			struct rec *prev = &r[n - 1];
			size_t plen = strlen(prev->buf);
			if (plen && prev->buf[plen - 1] == '/')
				plen--;
			char *b = realloc(prev->buf, plen + blen + 2);
			if (!b) {
				free_recs(r, n);
				return AR_ENOMEM;
			}
			b[plen] = ',';
			memcpy(b + plen + 1, body, blen);
			b[plen + 1 + blen] = '\0';
			prev->buf = b;
			prev->phys++;
		} else {
			if (n == cap) {
				size_t c = cap ? cap * 2 : 64;
				struct rec *q = realloc(r, c * sizeof(*q));
				if (!q) {
					free_recs(r, n);
					return AR_ENOMEM;
				}
				r = q;
				cap = c;
			}
			struct rec *x = &r[n];
			memset(x, 0, sizeof(*x));
			x->code = code;
			x->line = line;
			x->phys = 1;
			if (!(x->buf = malloc(blen + 1))) {
				free_recs(r, n);
				return AR_ENOMEM;
			}
			memcpy(x->buf, body, blen);
			x->buf[blen] = '\0';
			n++;
		}
		p = next;
	}
	/* now the fields */
	for (size_t i = 0; i < n; i++) {
		struct rec *x = &r[i];
		char *b = x->buf;
		size_t bl = strlen(b);
		if (x->code == 16) {
			if (bl && b[bl - 1] == '/')
				b[--bl] = '\0';
		} else {
			char *slash = strchr(b, '/');
			if (slash)
				*slash = '\0';
		}
		size_t nf = 2;
		for (char *q = b; *q; q++)
			nf += *q == ',';
		if (!(x->f = malloc(nf * sizeof(*x->f)))) {
			free_recs(r, n);
			return AR_ENOMEM;
		}
		/* field 0 is the code itself */
		x->f[0] = "";
		x->nf = 1;
		char *q = b;
		for (;;) {
			x->f[x->nf++] = q;
			char *c = strchr(q, ',');
			if (!c)
				break;
			*c = '\0';
			q = c + 1;
		}
	}
	*out = r;
	*nout = n;
	return AR_OK;
}

/* Count a transaction that is no credit. */
static void other(struct ar_bai2_stats *st, int code)
{
	st->others++;
	for (int i = 0; i < st->ncodes; i++)
		if (st->other[i].code == code) {
			st->other[i].n++;
			return;
		}
	if (st->ncodes < AR_BAI2_MAX_CODES) {
		st->other[st->ncodes].code = code;
		st->other[st->ncodes++].n = 1;
	}
}

static bool add(int64_t *sum, int64_t v)
{
	return !__builtin_add_overflow(*sum, v, sum);
}

/* Keep the 16 record x of account acct as a credit. */
static ar_status keep(struct reader *rd, const struct rec *x, int type,
		      int64_t amt, size_t at, const char *acct,
		      const char *cur, ar_date day, long seq)
{
	if (rd->ncr == rd->ccr) {
		size_t c = rd->ccr ? rd->ccr * 2 : 32;
		struct credit *q = realloc(rd->cr, c * sizeof(*q));
		if (!q)
			return AR_ENOMEM;
		rd->cr = q;
		rd->ccr = c;
	}
	struct credit *c = &rd->cr[rd->ncr];
	memset(c, 0, sizeof(*c));
	snprintf(c->account, sizeof(c->account), "%s", acct);
	snprintf(c->currency, sizeof(c->currency), "%s", cur);
	snprintf(c->bank_ref, sizeof(c->bank_ref), "%s", field(x, at));
	snprintf(c->cust_ref, sizeof(c->cust_ref), "%s", field(x, at + 1));
	/* the text is the rest of the record, commas and all */
	size_t tl = 0;
	for (size_t i = at + 2; i < x->nf; i++)
		tl += strlen(x->f[i]) + 1;
	if (!(c->text = malloc(tl + 1)))
		return AR_ENOMEM;
	c->text[0] = '\0';
	for (size_t i = at + 2, n = 0; i < x->nf; i++)
		n += (size_t)sprintf(c->text + n, "%s%s", i > at + 2 ? "," : "",
				     x->f[i]);
	int y, m, d;
	ar_date_to_ymd(day, &y, &m, &d);
	if (c->bank_ref[0])
		snprintf(c->no, sizeof(c->no), "BAI-%.60s", c->bank_ref);
	else
		snprintf(c->no, sizeof(c->no), "BAI-%.40s-%04d%02d%02d-%ld",
			 acct, y, m, d, seq);
	c->date = day;
	c->amount = amt;
	c->type = type;
	c->line = x->line;
	rd->ncr++;
	rd->st->credits++;
	return AR_OK;
}

/* The trailer check: "account trailer (49)" total and records. */
static ar_status trailer(struct reader *rd, const struct rec *x,
			 const char *what, int64_t total, long records,
			 size_t tf, size_t rf)
{
	int64_t want;
	long n;
	if (!amount(field(x, tf), &want))
		return fail(rd, x->line, "%s: control total '%s' is not an "
			    "amount", what, field(x, tf));
	if (!count(field(x, rf), &n))
		return fail(rd, x->line, "%s: number of records '%s' is not a "
			    "number", what, field(x, rf));
	if (want != total)
		return fail(rd, x->line, "%s: control total %lld, but the "
			    "amounts it closes add up to %lld", what,
			    (long long)want, (long long)total);
	if (n >= 0 && n != records)
		return fail(rd, x->line, "%s: %ld records, but it closes %ld",
			    what, n, records);
	return AR_OK;
}

static ar_status check(struct reader *rd, struct rec *r, size_t n)
{
	bool in_file = false, in_group = false, in_acct = false, done = false;
	int64_t f_total = 0, g_total = 0, a_total = 0;
	long f_recs = 0, g_recs = 0, a_recs = 0, g_accts = 0, f_groups = 0;
	long seq = 0;
	ar_date day = 0;
	char gcur[4] = "", acct[64] = "", cur[4] = "";
	ar_status st;

	if (n == 0)
		return fail(rd, 1, "no records: not a BAI2 file");
	for (size_t i = 0; i < n; i++) {
		struct rec *x = &r[i];
		rd->st->records += x->phys;
		if (done)
			return fail(rd, x->line, "a record after the file "
				    "trailer (99)");
		if (i == 0 && x->code != 1)
			return fail(rd, x->line, "not a BAI2 file: the first "
				    "record is %02d, not 01", x->code);
		switch (x->code) {
		case 1:
			if (in_file)
				return fail(rd, x->line, "a second file header "
					    "(01)");
			if (*field(x, 8) && strcmp(field(x, 8), "2") != 0)
				return fail(rd, x->line, "version '%s': only "
					    "BAI2 (version 2) is read",
					    field(x, 8));
			in_file = true;
			f_recs = x->phys;
			break;
		case 2:
			if (in_group)
				return fail(rd, x->line, "a group header (02) "
					    "inside a group");
			if (!yymmdd(field(x, 4), &day))
				return fail(rd, x->line, "group header: as-of "
					    "date '%s' is not a date (YYMMDD)",
					    field(x, 4));
			snprintf(gcur, sizeof(gcur), "%s", field(x, 6));
			in_group = true;
			g_total = 0;
			g_recs = x->phys;
			g_accts = 0;
			break;
		case 3: {
			if (!in_group || in_acct)
				return fail(rd, x->line, "an account (03) "
					    "outside a group or inside an "
					    "account");
			snprintf(acct, sizeof(acct), "%s", field(x, 1));
			snprintf(cur, sizeof(cur), "%s", *field(x, 2) ?
				 field(x, 2) : gcur);
			in_acct = true;
			a_total = 0;
			a_recs = x->phys;
			seq = 0;
			/* summaries: type, amount, count, funds type (+) */
			for (size_t at = 3; at < x->nf;) {
				int64_t v;
				if (!*field(x, at) && at + 1 >= x->nf)
					break;
				if (!amount(field(x, at + 1), &v))
					return fail(rd, x->line, "account: "
						    "amount '%s' is not an "
						    "amount", field(x, at + 1));
				if (!add(&a_total, v))
					return fail(rd, x->line, "amounts too "
						    "large");
				long extra = funds_extra(x, at + 3);
				if (extra < 0)
					return fail(rd, x->line, "account: "
						    "funds type '%s' is not 0, "
						    "1, 2, Z, V, S or D",
						    field(x, at + 3));
				at += 4 + (size_t)extra;
			}
			break;
		}
		case 16: {
			long type;
			int64_t v;
			if (!in_acct)
				return fail(rd, x->line, "a transaction (16) "
					    "outside an account");
			if (!count(field(x, 1), &type) || type < 0 ||
			    type > 999)
				return fail(rd, x->line, "transaction: type "
					    "code '%s' is not a number",
					    field(x, 1));
			if (!amount(field(x, 2), &v) || v < 0)
				return fail(rd, x->line, "transaction: amount "
					    "'%s' is not an amount",
					    field(x, 2));
			long extra = funds_extra(x, 3);
			if (extra < 0)
				return fail(rd, x->line, "transaction: funds "
					    "type '%s' is not 0, 1, 2, Z, V, S "
					    "or D", field(x, 3));
			if (!add(&a_total, v))
				return fail(rd, x->line, "amounts too large");
			a_recs += x->phys;
			if (type >= 100 && type <= 399 && v > 0) {
				if ((st = keep(rd, x, (int)type, v,
					       4 + (size_t)extra, acct, cur,
					       day, ++seq)) != AR_OK)
					return st;
			} else {
				other(rd->st, (int)type);
			}
			continue;
		}
		case 49:
			if (!in_acct)
				return fail(rd, x->line, "an account trailer "
					    "(49) outside an account");
			a_recs += x->phys;
			if ((st = trailer(rd, x, "account trailer (49)",
					  a_total, a_recs, 1, 2)) != AR_OK)
				return st;
			if (!add(&g_total, a_total))
				return fail(rd, x->line, "amounts too large");
			g_recs += a_recs;
			g_accts++;
			rd->st->accounts++;
			in_acct = false;
			break;
		case 98: {
			long na;
			if (!in_group || in_acct)
				return fail(rd, x->line, "a group trailer (98) "
					    "outside a group or inside an "
					    "account");
			g_recs += x->phys;
			if ((st = trailer(rd, x, "group trailer (98)",
					  g_total, g_recs, 1, 3)) != AR_OK)
				return st;
			if (!count(field(x, 2), &na) ||
			    (na >= 0 && na != g_accts))
				return fail(rd, x->line, "group trailer (98): "
					    "'%s' accounts, but it closes %ld",
					    field(x, 2), g_accts);
			if (!add(&f_total, g_total))
				return fail(rd, x->line, "amounts too large");
			f_recs += g_recs;
			f_groups++;
			rd->st->groups++;
			in_group = false;
			break;
		}
		case 99: {
			long ng;
			if (in_group)
				return fail(rd, x->line, "the file trailer (99) "
					    "inside a group");
			f_recs += x->phys;
			if ((st = trailer(rd, x, "file trailer (99)", f_total,
					  f_recs, 1, 3)) != AR_OK)
				return st;
			if (!count(field(x, 2), &ng) ||
			    (ng >= 0 && ng != f_groups))
				return fail(rd, x->line, "file trailer (99): "
					    "'%s' groups, but it closes %ld",
					    field(x, 2), f_groups);
			done = true;
			break;
		}
		default:
			return fail(rd, x->line, "record type %02d is not one "
				    "of BAI2 (01, 02, 03, 16, 49, 88, 98, 99)",
				    x->code);
		}
		/* 03 counts toward its account; the rest counted above */
		(void)0;
	}
	if (!done)
		return fail(rd, r[n - 1].line, "no file trailer (99): the file "
			    "is cut short");
	return AR_OK;
}

ar_status ar_bai2_read(const char *text, size_t len, const char *name,
		       ar_bai2_fn fn, void *ctx, struct ar_bai2_stats *st,
		       char *err, size_t errsz)
{
	struct ar_bai2_stats dummy;
	struct reader rd = {.name = name ? name : "stdin", .err = err,
			    .errsz = errsz, .st = st ? st : &dummy};
	struct rec *r = NULL;
	size_t n = 0;
	ar_status s;

	memset(rd.st, 0, sizeof(*rd.st));
	if (errsz)
		err[0] = '\0';
	if ((s = records(&rd, text, len, &r, &n)) == AR_OK)
		s = check(&rd, r, n);
	free_recs(r, n);
	for (size_t i = 0; i < rd.ncr; i++) {
		struct credit *c = &rd.cr[i];
		struct ar_bai2_credit x = {
			.payment_no = c->no, .account = c->account,
			.currency = c->currency, .bank_ref = c->bank_ref,
			.customer_ref = c->cust_ref, .text = c->text,
			.date = c->date, .amount = c->amount,
			.type_code = c->type, .line = c->line,
		};
		if (s == AR_OK && fn)
			s = fn(ctx, &x);
		free(c->text);
	}
	free(rd.cr);
	return s;
}

/* The payments as rows of the CSV writer, in the columns of a payments
 * file. */
static const struct ar_column csv_cols[] = {
	{"payment_no", AR_COL_TEXT}, {"payment_date", AR_COL_TEXT},
	{"amount", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"method", AR_COL_TEXT}, {"reference", AR_COL_TEXT},
	{"check_no", AR_COL_TEXT},
};

struct to_csv {
	struct ar_writer *w;
	int (*exponent)(void *ctx, const char *currency);
	void *ctx;
};

static ar_status csv_row(void *ctx, const struct ar_bai2_credit *c)
{
	struct to_csv *t = ctx;
	char day[AR_DATE_BUFSZ], amt[AR_MONEY_BUFSZ];
	/* amounts are in the minor unit of their own currency */
	int e = t->exponent(t->ctx, c->currency);
	if (e < 0 || e > 4)
		e = 2;

	ar_date_format(day, c->date);
	ar_money_format(amt, c->amount, e, 0);
	/* lockbox (115) and check deposits (301) carry checks; the rest
	 * is ACH or wire, which the type code does not always tell */
	const char *method = c->type_code == 115 || c->type_code == 301 ?
			     "check" : c->type_code == 195 ||
			     c->type_code == 208 ? "wire" : "";
	ar_writer_text(t->w, c->payment_no);
	ar_writer_text(t->w, day);
	ar_writer_text(t->w, amt);
	ar_writer_text(t->w, c->currency);
	ar_writer_text(t->w, method);
	ar_writer_text(t->w, c->text);
	/* (the account is the company's own, never the remitter's) */
	ar_writer_text(t->w, c->customer_ref);
	return ar_writer_end_row(t->w);
}

ar_status ar_bai2_to_csv(const char *text, size_t len, const char *name,
			 int (*exponent)(void *ctx, const char *currency),
			 void *ctx, FILE *out, struct ar_bai2_stats *st,
			 char *err, size_t errsz)
{
	struct to_csv t = {NULL, exponent, ctx};
	ar_status s = ar_writer_new(&t.w, out, AR_FMT_CSV, csv_cols,
				    sizeof(csv_cols) / sizeof(csv_cols[0]), 0);
	if (s == AR_OK)
		s = ar_bai2_read(text, len, name, csv_row, &t, st, err, errsz);
	if (s == AR_OK)
		s = ar_writer_finish(t.w);
	ar_writer_free(t.w);
	return s;
}
