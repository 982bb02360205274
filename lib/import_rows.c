/*
 * import_rows.c - checking and writing one row of each record type.
 *
 * A handler either writes its row completely or rejects it with a reason
 * before writing anything; it returns a status other than AR_OK only for
 * a failure of the ledger itself, which ends the import.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ar/dispute.h"
#include "ar/money.h"
#include "ar/remit.h"
#include "ar/tz.h"
#include "ar/sha256.h"
#include "import_int.h"

#define MAX_NO 64		/* longest document number */
#define MAX_TEXT 4000		/* longest free text */

/* Give up on the row: ok is false after a rejection or failure. */
struct row {
	struct ar_import *im;
	enum row_result *res;
	ar_status st;
	bool ok;
};

static void reject(struct row *rw, int col, const char *value,
		   const char *why)
{
	if (rw->ok)
		*rw->res = ar__reject(rw->im, col, value, "%s", why);
	rw->ok = false;
}

/* A reject the option hint (and what it does) would let through. */
static void reject_hint(struct row *rw, int col, const char *value,
			const char *why, const char *hint, const char *does)
{
	if (rw->ok)
		*rw->res = ar__reject_hint(rw->im, col, value, why, hint, does);
	rw->ok = false;
}

/* Terms refused by ar_terms_parse(), with its reason. */
static void reject_terms(struct row *rw, int col, const char *value,
			 const char *why)
{
	if (rw->ok)
		*rw->res = ar__reject(rw->im, col, value, "is %s", why);
	rw->ok = false;
}

static void failed(struct row *rw, ar_status st)
{
	rw->st = st;
	rw->ok = false;
}

/* The trimmed value of col, copied into buf (NUL-terminated). */
static const char *text(struct row *rw, int col, char *buf, size_t bufsz,
			bool required, size_t max)
{
	size_t n;
	const char *s = ar__val(rw->im, col, &n);
	if (!rw->ok)
		return NULL;
	if (n == 0) {
		if (required)
			reject(rw, col, NULL, "is required");
		return NULL;
	}
	if (n > max || n >= bufsz) {
		char why[64];
		snprintf(why, sizeof(why), "is longer than %zu bytes",
			 max < bufsz ? max : bufsz - 1);
		reject(rw, col, s, why);
		return NULL;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static ar_date date(struct row *rw, int col, bool required)
{
	char buf[64];
	const char *s = text(rw, col, buf, sizeof(buf), required, 40);
	ar_date d;
	if (!s)
		return AR_DATE_NONE;
	if (ar_date_parse(s, strlen(s), rw->im->o->date_format, &d) != AR_OK) {
		char why[96];
		snprintf(why, sizeof(why), "is not a date (%s)",
			 rw->im->o->date_format ? rw->im->o->date_format
						: "YYYY-MM-DD");
		reject(rw, col, s, why);
		return AR_DATE_NONE;
	}
	if (!ar_date_in_window(d)) {
		reject(rw, col, s, "is outside " AR_DATE_WINDOW);
		return AR_DATE_NONE;
	}
	return d;
}

static void date_text(ar_date d, char buf[AR_DATE_BUFSZ])
{
	if (d == AR_DATE_NONE)
		buf[0] = '\0';
	else
		ar_date_format(buf, d);
}

/* Postings into a closed period are refused unless allowed. */
static void open_period(struct row *rw, int col, ar_date d)
{
	struct ar_import *im = rw->im;
	char when[AR_DATE_BUFSZ], why[80];
	if (!rw->ok || ar__period_open(d, im->closed_through,
				       im->o->allow_closed, why, sizeof(why)))
		return;
	ar_date_format(when, d);
	reject_hint(rw, col, when, why, AR__HINT_ALLOW_CLOSED);
}

/* The row's currency: its own column, else the customer's, else base. */
static int currency(struct row *rw, int col, const char *fallback,
		    char out[4])
{
	char buf[16], code[4];
	const char *s = text(rw, col, buf, sizeof(buf), false, 3);
	int e;
	if (!rw->ok)
		return -1;
	if (!s)
		s = fallback && *fallback ? fallback : rw->im->base_currency;
	/* exports write "usd" or "Eur" too; the ledger keeps "USD" */
	snprintf(code, sizeof(code), "%s", s);
	for (char *p = code; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (strlen(s) != 3 || !ar_currency_valid(code)) {
		reject(rw, col, s, "is not a currency code (three letters)");
		return -1;
	}
	if ((e = ar_ledger_currency_exponent(rw->im->l, code)) < 0) {
		reject(rw, col, s, "is not a known currency (declare it in "
		       "the setting currency.extra)");
		return -1;
	}
	memcpy(out, code, 4);
	return e;
}

static int64_t amount(struct row *rw, int col, const char *cur, int exponent,
		      bool required, bool positive)
{
	size_t n;
	const char *s = ar__val(rw->im, col, &n);
	const char *why;
	int64_t v = 0;
	char buf[96];
	if (!rw->ok)
		return 0;
	if (n == 0) {
		if (required)
			reject(rw, col, NULL, "is required");
		return 0;
	}
	if (ar_money_parse(s, n, exponent, cur, rw->im->money_flags, &v,
			   &why) != AR_OK) {
		char shown[80];
		snprintf(shown, sizeof(shown), "%.*s", (int)(n < 79 ? n : 79), s);
		snprintf(buf, sizeof(buf), "is not an amount (%s)", why);
		reject(rw, col, shown, buf);
		return 0;
	}
	if (v > AR_MONEY_DOC_MAX || v < -AR_MONEY_DOC_MAX) {
		char shown[80];
		snprintf(shown, sizeof(shown), "%.*s", (int)(n < 79 ? n : 79), s);
		reject(rw, col, shown, "is too large for one document (at most "
		       "10^15 minor units)");
		return 0;
	}
	if (positive && v <= 0) {
		char shown[80];
		snprintf(shown, sizeof(shown), "%.*s", (int)(n < 79 ? n : 79), s);
		reject(rw, col, shown, "must be positive (the record type "
		       "gives the sign)");
		return 0;
	}
	return v;
}

static uint64_t hash_key(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h ? h : 1;
}

void ar__cache_clear(struct ar__cache *c)
{
	if (c->slots)
		memset(c->slots, 0, AR__CACHE_SLOTS * sizeof(*c->slots));
	c->arena_len = c->used = 0;
}

void ar__cache_free(struct ar__cache *c)
{
	free(c->slots);
	free(c->arena);
	memset(c, 0, sizeof(*c));
}

static struct ar__cache_slot *cache_find(struct ar__cache *c, const char *id,
					 size_t n, uint64_t h)
{
	if (!c->slots)
		return NULL;
	for (size_t i = h & (AR__CACHE_SLOTS - 1);; i = (i + 1) & (AR__CACHE_SLOTS - 1)) {
		struct ar__cache_slot *sl = &c->slots[i];
		if (sl->hash == 0)
			return sl;
		if (sl->hash == h && sl->keylen == n &&
		    memcmp(c->arena + sl->key, id, n) == 0)
			return sl;
	}
}

static void cache_put(struct ar__cache *c, const char *id, size_t n,
		      uint64_t h, const struct cust *cu)
{
	if (!c->slots && !(c->slots = calloc(AR__CACHE_SLOTS, sizeof(*c->slots))))
		return;		/* no cache: every row searches the index */
	if (c->used >= AR__CACHE_SLOTS / 4 * 3)
		ar__cache_clear(c);
	if (c->arena_len + n > c->arena_cap) {
		size_t cap = c->arena_cap ? c->arena_cap * 2 : 65536;
		while (cap < c->arena_len + n)
			cap *= 2;
		char *a = realloc(c->arena, cap);
		if (!a)
			return;
		c->arena = a, c->arena_cap = cap;
	}
	struct ar__cache_slot *sl = cache_find(c, id, n, h);
	if (sl->hash)
		return;
	memcpy(c->arena + c->arena_len, id, n);
	*sl = (struct ar__cache_slot){h, (uint32_t)c->arena_len, (uint32_t)n,
				      cu->id, "", cu->terms, cu->discount_rate,
				      cu->discount_days};
	memcpy(sl->currency, cu->currency, 4);
	c->arena_len += n;
	c->used++;
}

/*
 * A number no customer has.  When it is a customer's name, the file's
 * customer column holds names: say which column to map instead.  The
 * names are searched for the first rows only (they have no index), so a
 * whole file of names costs no more than a hundred scans.
 */
#define NAME_CHECKS 100
static void unknown_customer(struct row *rw, int col, const char *id)
{
	struct ar_import *im = rw->im;
	char why[320];
	if (im->name_checks < NAME_CHECKS) {
		im->name_checks++;
		sqlite3_stmt *s = ar__stmt(im, S_CUST_BY_NAME);
		if (!s)
			return failed(rw, AR_ELEDGER);
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			snprintf(why, sizeof(why), "is a customer's name, not "
				 "its number (%.64s): map the number column with "
				 "--map customer_id=COLUMN",
				 (const char *)sqlite3_column_text(s, 0));
			sqlite3_reset(s);
			return reject(rw, col, id, why);
		}
		if (rc != SQLITE_DONE)
			return failed(rw, ar__sqlfail(im->l, rc, "read"));
	}
	reject(rw, col, id, "is not a known customer (import customers "
	       "first, or --create-customers)");
}

/* Look up (or with --create-customers, create) the row's customer. */
static void customer(struct row *rw, int col, bool required, struct cust *c)
{
	struct ar_import *im = rw->im;
	char buf[128];
	const char *id = text(rw, col, buf, sizeof(buf), required, 64);
	int rc;

	c->id = 0;
	if (!id)
		return;
	size_t n = strlen(id);
	uint64_t h = hash_key(id, n);
	struct ar__cache_slot *sl = cache_find(&im->customers, id, n, h);
	if (sl && sl->hash) {
		c->id = sl->id;
		memcpy(c->currency, sl->currency, 4);
		c->terms = sl->terms;
		c->discount_rate = sl->discount_rate;
		c->discount_days = sl->discount_days;
		memcpy(c->customer_id, id, n + 1);
		return;
	}
	sqlite3_stmt *s = ar__stmt(im, S_CUST_FIND);
	if (!s)
		return failed(rw, AR_ELEDGER);
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE && im->o->create_customers) {
		sqlite3_stmt *q = ar__stmt(im, S_CUST_NEW);
		if (!q)
			return failed(rw, AR_ELEDGER);
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, ar_ledger_batch(im->l));
		if ((rc = sqlite3_step(q)) != SQLITE_DONE)
			return failed(rw, ar__sqlfail(im->l, rc, "write"));
		im->stats->customers_created++;
		c->id = sqlite3_last_insert_rowid(im->db);
		c->currency[0] = '\0';
		c->terms = -1;
		c->discount_rate = c->discount_days = 0;
	} else if (rc == SQLITE_DONE) {
		return unknown_customer(rw, col, id);
	} else if (rc != SQLITE_ROW) {
		return failed(rw, ar__sqlfail(im->l, rc, "read"));
	} else {
		const char *cur = (const char *)sqlite3_column_text(s, 1);
		c->id = sqlite3_column_int64(s, 0);
		snprintf(c->currency, sizeof(c->currency), "%s", cur ? cur : "");
		c->terms = sqlite3_column_type(s, 2) == SQLITE_NULL
			? -1 : sqlite3_column_int(s, 2);
		c->discount_rate = sqlite3_column_int(s, 3);
		c->discount_days = sqlite3_column_int(s, 4);
	}
	memcpy(c->customer_id, id, n + 1);
	cache_put(&im->customers, id, n, h, c);
}

/* One of the fixed words of a column, stored in lower case. */
static const char *word(struct row *rw, int col, const char *const *words,
			char *buf, size_t bufsz)
{
	const char *s = text(rw, col, buf, bufsz, false, 32);
	if (!s)
		return NULL;
	for (char *p = buf; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (size_t i = 0; words[i]; i++)
		if (strcmp(buf, words[i]) == 0)
			return words[i];
	/* the words of exports: "On hold", "Do not call", "No calls" */
	char folded[40], fw[40];
	ar_csv_normalize(buf, folded, sizeof(folded));
	for (size_t i = 0; words[i]; i++) {
		ar_csv_normalize(words[i], fw, sizeof(fw));
		if (strcmp(folded, fw) == 0)
			return words[i];
	}
	const char *means = rw->im->td->type == AR_REC_CUSTOMERS
		? ar__word_synonym(col, folded) : NULL;
	for (size_t i = 0; means && words[i]; i++)
		if (strcmp(means, words[i]) == 0)
			return words[i];
	char why[160] = "is not one of";
	for (size_t i = 0; words[i]; i++)
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "%s%s",
			 i ? ", " : " ", words[i]);
	reject(rw, col, s, why);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Documents */

struct doc {
	const char *type;	/* document type */
	const char *family;
	int no_col, amount_col;
	char no[MAX_NO + 1];
	int64_t customer;
	ar_date date, due;
	bool due_given, cur_given, terms_given;
	int discount_rate, discount_days;	/* invoices; 0: none */
	int64_t amount;
	char currency[4];
	int exponent;
	/* optional text, NULL when absent: po, description, method,
	 * reference, check_no, deposit_id, reason */
	const char *opt[7];
	int64_t related;
};

static const char *const opt_names[7] = {
	"po_number", "description", "method", "reference", "check_no",
	"deposit_id", "reason"
};

/* A discount as terms write it: "2/10", "1.5/10" (percent/days). */
static const char *discount_text(char *buf, size_t n, int rate, int days)
{
	if (rate % 100 == 0)
		snprintf(buf, n, "%d/%d", rate / 100, days);
	else if (rate % 10 == 0)
		snprintf(buf, n, "%d.%d/%d", rate / 100, rate / 10 % 10, days);
	else
		snprintf(buf, n, "%d.%02d/%d", rate / 100, rate % 100, days);
	return buf;
}

/* Insert a document, or find it identical (unchanged) or different. */
static void put_document(struct row *rw, struct doc *d)
{
	struct ar_import *im = rw->im;
	char day[AR_DATE_BUFSZ], due[AR_DATE_BUFSZ];
	int rc;

	if (!rw->ok)
		return;
	/* a new document must leave room in the ledger's total of its
	 * currency; one recorded before is compared as usual */
	bool fits;
	ar_status st = ar__doc_room(im->l, d->currency, d->amount, &fits);
	if (st != AR_OK)
		return failed(rw, st);
	if (!fits) {
		sqlite3_stmt *q = ar__stmt(im, S_DOC_FIND);
		if (!q)
			return failed(rw, AR_ELEDGER);
		sqlite3_bind_text(q, 1, d->family, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, d->no, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return failed(rw, ar__sqlfail(im->l, rc, "read"));
		if (rc == SQLITE_DONE) {
			char why[160];
			ar__doc_room_text(im->l, d->currency, why, sizeof(why));
			return reject(rw, d->amount_col,
				      ar__val(im, d->amount_col, NULL), why);
		}
	}
	struct ar__doc post = {
		.doc_type = d->type, .doc_no = d->no, .customer = d->customer,
		.doc_date = d->date, .due_date = d->due, .amount = d->amount,
		.currency = d->currency, .po_number = d->opt[0],
		.description = d->opt[1], .method = d->opt[2],
		.reference = d->opt[3], .check_no = d->opt[4],
		.deposit_id = d->opt[5], .reason = d->opt[6],
		.related = d->related, .discount_rate = d->discount_rate,
		.discount_days = d->discount_days,
	};
	if ((st = ar__insert_document(im->l, &post, NULL)) == AR_OK) {
		*rw->res = ROW_ADDED;
		return;
	}
	if (st != AR_EEXISTS)
		return failed(rw, st);

	/* the number is taken: the same document again, or a conflict */
	date_text(d->date, day);
	date_text(d->due, due);
	sqlite3_stmt *s = ar__stmt(im, S_DOC_GET);
	if (!s)
		return failed(rw, AR_ELEDGER);
	sqlite3_bind_text(s, 1, d->family, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW)
		return failed(rw, ar__sqlfail(im->l, rc, "read"));
#define COL(i) ((const char *)sqlite3_column_text(s, (i)))
#define SAME(i, v) ((v) == NULL ? COL(i) == NULL : COL(i) && strcmp(COL(i), (v)) == 0)
	const char *what = NULL, *was = NULL;
	char had[AR_MONEY_BUFSZ] = "";
	if (strcmp(COL(0), d->type) != 0)
		what = "type", was = COL(0);
	else if (sqlite3_column_int64(s, 1) != d->customer)
		what = "customer";
	else if (!SAME(2, day))
		what = "date", was = COL(2);
	else if ((d->due_given || d->terms_given) && !SAME(3, due))
		what = "due date", was = COL(3);
	else if (sqlite3_column_int64(s, 4) != d->amount) {
		what = "amount";
		ar_money_format(had, sqlite3_column_int64(s, 4), d->exponent, 0);
		was = had;
	} else if (d->cur_given && !SAME(5, d->currency))
		what = "currency", was = COL(5);
	for (int i = 0; !what && i < 7; i++)
		if (d->opt[i] && !SAME(6 + i, d->opt[i]))
			what = opt_names[i], was = COL(6 + i);
	if (!what && d->related && sqlite3_column_int64(s, 13) != d->related)
		what = "invoice_no";
	if (!what && d->terms_given &&
	    (sqlite3_column_int(s, 14) != d->discount_rate ||
	     sqlite3_column_int(s, 15) != d->discount_days))
		what = "discount", was = COL(14) ? discount_text(had,
			sizeof(had), sqlite3_column_int(s, 14),
			sqlite3_column_int(s, 15)) : "none";
#undef SAME
#undef COL
	if (!what) {
		*rw->res = ROW_UNCHANGED;
		return;
	}
	char why[320];
	snprintf(why, sizeof(why), "is already recorded with another %s%s%s%s; "
		 "corrections go through credit or debit memos",
		 what, was ? " ('" : "", was ? was : "", was ? "')" : "");
	reject(rw, d->no_col, d->no, why);
}

static void doc_opt(struct row *rw, struct doc *d, int slot, int col,
		    char *buf, size_t bufsz, size_t max)
{
	d->opt[slot] = text(rw, col, buf, bufsz, false, max);
}

ar_status ar__row_invoice(struct ar_import *im, enum row_result *res)
{
	static const char *const types[] = {"invoice", "debit_memo",
					    "finance_charge", NULL};
	struct row rw = {im, res, AR_OK, true};
	struct doc d = {.family = "invoice", .no_col = IN_NO,
			.amount_col = IN_AMOUNT};
	struct cust c;
	char po[256], desc[MAX_TEXT + 1], type[40];
	struct ar_terms terms = {0, 0, 0};
	const char *why;
	size_t n;

	text(&rw, IN_NO, d.no, sizeof(d.no), true, MAX_NO);
	customer(&rw, IN_CUST, true, &c);
	d.customer = c.id;
	d.date = date(&rw, IN_DATE, true);
	open_period(&rw, IN_DATE, d.date);
	d.due = date(&rw, IN_DUE, false);
	d.due_given = d.due != AR_DATE_NONE;
	/* the row's own terms, else its customer's, else the default */
	const char *t = ar__val(im, IN_TERMS, &n);
	if (rw.ok && n) {
		if (ar_terms_parse(t, n, &terms, &why) != AR_OK)
			reject_terms(&rw, IN_TERMS, t, why);
		d.terms_given = true;
	} else if (rw.ok && c.terms >= 0) {
		terms = (struct ar_terms){c.terms, c.discount_rate,
					  c.discount_days};
	} else {
		terms.days = im->default_terms;
	}
	if (rw.ok && !d.due_given) {
		d.due = d.date + terms.days;
		if (!ar_date_in_window(d.due)) {
			char due[AR_DATE_BUFSZ], why_due[96];
			ar_date_format(due, d.due);
			snprintf(why_due, sizeof(why_due), "(invoice date and %d "
				 "days of terms) is outside " AR_DATE_WINDOW,
				 terms.days);
			reject(&rw, IN_DUE, due, why_due);
		}
	}
	if (rw.ok && d.due < d.date)
		reject(&rw, IN_DUE, ar__val(im, IN_DUE, NULL),
		       "is before the invoice date");
	d.cur_given = *ar__val(im, IN_CURRENCY, NULL) != '\0';
	d.exponent = currency(&rw, IN_CURRENCY, c.currency, d.currency);
	d.amount = amount(&rw, IN_AMOUNT, d.currency, d.exponent, true, true);
	doc_opt(&rw, &d, 0, IN_PO, po, sizeof(po), 255);
	doc_opt(&rw, &d, 1, IN_DESC, desc, sizeof(desc), MAX_TEXT);
	d.type = word(&rw, IN_TYPE, types, type, sizeof(type));
	if (!d.type)
		d.type = "invoice";
	if (strcmp(d.type, "invoice") == 0) {	/* invoices only */
		d.discount_rate = terms.discount_rate;
		d.discount_days = terms.discount_days;
	}
	put_document(&rw, &d);
	if (rw.ok)
		ar__count_amount(im, d.currency, d.exponent, d.amount);
	return rw.st;
}

/* The id, customer and currency of a document of a family, or 0. */
static int64_t find_doc(struct row *rw, const char *family, const char *no,
			int64_t *customer, char cur[4], int64_t *amount,
			ar_date *day)
{
	struct ar_import *im = rw->im;
	sqlite3_stmt *q = ar__stmt(im, S_DOC_FIND);
	int rc;
	if (!q) {
		failed(rw, AR_ELEDGER);
		return 0;
	}
	sqlite3_bind_text(q, 1, family, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, no, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	int64_t id = 0;
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		*customer = sqlite3_column_int64(q, 1);
		snprintf(cur, 4, "%s", (const char *)sqlite3_column_text(q, 2));
		if (amount)
			*amount = sqlite3_column_int64(q, 3);
		if (day)
			ar_date_parse_iso((const char *)sqlite3_column_text(q, 4),
					  10, day);
	} else if (rc != SQLITE_DONE) {
		failed(rw, ar__sqlfail(im->l, rc, "read"));
	}
	return id;
}

ar_status ar__row_credit(struct ar_import *im, enum row_result *res)
{
	struct row rw = {im, res, AR_OK, true};
	struct doc d = {.type = "credit_memo", .family = "credit_memo",
			.no_col = CR_NO, .amount_col = CR_AMOUNT,
			.due = AR_DATE_NONE};
	struct cust c;
	char reason[256], inv[MAX_NO + 1];

	text(&rw, CR_NO, d.no, sizeof(d.no), true, MAX_NO);
	customer(&rw, CR_CUST, true, &c);
	d.customer = c.id;
	d.date = date(&rw, CR_DATE, true);
	open_period(&rw, CR_DATE, d.date);
	d.cur_given = *ar__val(im, CR_CURRENCY, NULL) != '\0';
	d.exponent = currency(&rw, CR_CURRENCY, c.currency, d.currency);
	d.amount = amount(&rw, CR_AMOUNT, d.currency, d.exponent, true, true);
	doc_opt(&rw, &d, 6, CR_REASON, reason, sizeof(reason), 255);
	if (text(&rw, CR_INVOICE, inv, sizeof(inv), false, MAX_NO)) {
		int64_t cust = 0;
		char cur[4] = "";
		d.related = find_doc(&rw, "invoice", inv, &cust, cur, NULL, NULL);
		if (rw.ok && !d.related)
			reject(&rw, CR_INVOICE, inv, "is not a known invoice");
		else if (rw.ok && cust != d.customer)
			reject(&rw, CR_INVOICE, inv, "is an invoice of another "
			       "customer");
		else if (rw.ok && strcmp(cur, d.currency) != 0)
			reject(&rw, CR_INVOICE, inv, "is an invoice in another "
			       "currency");
	}
	put_document(&rw, &d);
	if (rw.ok)
		ar__count_amount(im, d.currency, d.exponent, d.amount);
	return rw.st;
}

/*
 * A payment without a customer takes the customer of the invoices its
 * reference names; they must all be one customer's.  None named: c->id 0.
 */
static void customer_from_reference(struct row *rw, const char *ref,
				    struct cust *c)
{
	struct ar_import *im = rw->im;
	const char *p = ref, *tok;
	size_t len;
	char first[128] = "", no[MAX_NO + 1];
	int64_t found = 0;

	c->id = 0;
	while (rw->ok && ref && (tok = ar_remit_token(&p, &len)) != NULL) {
		if (len > MAX_NO)
			continue;
		memcpy(no, tok, len);
		no[len] = '\0';
		sqlite3_stmt *s = ar__stmt(im, S_INVOICE_CUSTOMER);
		if (!s)
			return failed(rw, AR_ELEDGER);
		sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			continue;
		if (rc != SQLITE_ROW)
			return failed(rw, ar__sqlfail(im->l, rc, "read"));
		int64_t id = sqlite3_column_int64(s, 0);
		const char *cid = (const char *)sqlite3_column_text(s, 1);
		if (found && id != found) {
			char why[320];
			snprintf(why, sizeof(why), "is missing, and the reference "
				 "names invoices of several customers (%s, %s)",
				 first, cid);
			return reject(rw, PA_CUST, NULL, why);
		}
		if (!found) {
			found = id;
			snprintf(first, sizeof(first), "%s", cid);
		}
	}
	if (!rw->ok)
		return;
	if (!found)
		return;		/* nobody known: unidentified cash */
	/* look the customer up as if the row had named it */
	sqlite3_stmt *s = ar__stmt(im, S_CUST_FIND);
	if (!s)
		return failed(rw, AR_ELEDGER);
	sqlite3_bind_text(s, 1, first, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		return failed(rw, ar__sqlfail(im->l, SQLITE_ERROR, "read"));
	const char *cur = (const char *)sqlite3_column_text(s, 1);
	c->id = sqlite3_column_int64(s, 0);
	snprintf(c->currency, sizeof(c->currency), "%s", cur ? cur : "");
	c->terms = -1;
	c->discount_rate = c->discount_days = 0;
	snprintf(c->customer_id, sizeof(c->customer_id), "%s", first);
}

/* Fill c as customer() does for the customer of row id cust. */
static void customer_by_id(struct row *rw, int64_t cust, struct cust *c)
{
	sqlite3_stmt *s = ar__prepare(rw->im->l, "SELECT customer_id, "
				      "currency FROM customer WHERE id = ?");
	if (!s)
		return failed(rw, AR_ELEDGER);
	sqlite3_bind_int64(s, 1, cust);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(s, 1);
		c->id = cust;
		snprintf(c->customer_id, sizeof(c->customer_id), "%s",
			 sqlite3_column_text(s, 0));
		snprintf(c->currency, sizeof(c->currency), "%s", cur ? cur : "");
		c->terms = -1;
		c->discount_rate = c->discount_days = 0;
	}
	sqlite3_finalize(s);
}

/*
 * A payment number for a row that has none (a lockbox or bank file):
 * made from what the row says, so that the same file, or another with
 * the same payment, gives the same number and imports nothing twice.
 * Rows alike in everything within one file are told apart by their
 * order: LB-<hash>, LB-<hash>-2, ...
 */
static void derive_no(struct row *rw, const struct doc *d, const char *rem,
		      const char *acct, char *out, size_t size)
{
	struct ar_import *im = rw->im;
	struct ar_sha256 h;
	char hex[65], day[AR_DATE_BUFSZ], amt[32];
	const char *parts[] = {day, amt, d->currency, d->opt[4], acct, rem,
			       d->opt[3], d->opt[5]};

	date_text(d->date, day);
	snprintf(amt, sizeof(amt), "%lld", (long long)d->amount);
	ar_sha256_init(&h);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *p = parts[i] ? parts[i] : "";
		ar_sha256_update(&h, p, strlen(p));
		ar_sha256_update(&h, "\x1f", 1);
	}
	ar_sha256_hex(&h, hex);
	hex[12] = '\0';
	long n = 1;
	size_t i;
	for (i = 0; i < im->nderived; i++)
		if (strcmp(im->derived[i].key, hex) == 0) {
			n = ++im->derived[i].n;
			break;
		}
	if (i == im->nderived) {
		if (im->nderived == im->cderived) {
			size_t cap = im->cderived ? im->cderived * 2 : 64;
			struct ar__derived *p = realloc(im->derived,
							cap * sizeof(*p));
			if (!p)
				return failed(rw, AR_ENOMEM);
			im->derived = p;
			im->cderived = cap;
		}
		snprintf(im->derived[im->nderived].key, 24, "%.12s", hex);
		im->derived[im->nderived++].n = 1;
	}
	if (n == 1)
		snprintf(out, size, "LB-%.12s", hex);
	else
		snprintf(out, size, "LB-%.12s-%ld", hex, n);
}

/* Whether payment number no is unidentified cash not yet assigned. */
static bool waiting(struct row *rw, const char *no)
{
	sqlite3_stmt *s = ar__prepare(rw->im->l, "SELECT 1 FROM "
		"unidentified_cash u WHERE u.payment_no = ? AND NOT EXISTS "
		"(SELECT 1 FROM cash_assignment a WHERE a.unidentified = u.id)");
	if (!s) {
		failed(rw, AR_ELEDGER);
		return false;
	}
	sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
	bool yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/*
 * Keep a payment of nobody known as unidentified cash: added, the same
 * again (unchanged), or a conflict with what that number holds.
 */
static void put_unidentified(struct row *rw, const struct doc *d,
			     const char *rem, const char *acct)
{
	struct ar_import *im = rw->im;
	char day[AR_DATE_BUFSZ];
	int rc;

	if (!rw->ok)
		return;
	date_text(d->date, day);
	sqlite3_stmt *s = ar__prepare(im->l, "SELECT payment_date, amount, "
		"currency FROM unidentified_cash WHERE payment_no = ?1 UNION ALL "
		"SELECT doc_date, amount, currency FROM document WHERE family = "
		"'payment' AND doc_no = ?1 LIMIT 1");
	if (!s)
		return failed(rw, AR_ELEDGER);
	sqlite3_bind_text(s, 1, d->no, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		bool same = strcmp((const char *)sqlite3_column_text(s, 0),
				   day) == 0 &&
			    sqlite3_column_int64(s, 1) == d->amount &&
			    strcmp((const char *)sqlite3_column_text(s, 2),
				   d->currency) == 0;
		sqlite3_finalize(s);
		if (!same)
			return reject(rw, PA_NO, d->no, "is taken by a payment "
				      "of another date, amount or currency");
		*rw->res = ROW_UNCHANGED;
		return;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return failed(rw, ar__sqlfail(im->l, rc, "read"));
	s = ar__prepare(im->l, "INSERT INTO unidentified_cash (payment_no, "
		"payment_date, amount, currency, method, reference, check_no, "
		"deposit_id, remitter, account, batch_id) VALUES (?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?)");
	if (!s)
		return failed(rw, AR_ELEDGER);
	sqlite3_bind_text(s, 1, d->no, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, day, 10, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, d->amount);
	sqlite3_bind_text(s, 4, d->currency, 3, SQLITE_STATIC);
	ar__bind_text(s, 5, d->opt[2]);
	ar__bind_text(s, 6, d->opt[3]);
	ar__bind_text(s, 7, d->opt[4]);
	ar__bind_text(s, 8, d->opt[5]);
	ar__bind_text(s, 9, rem);
	ar__bind_text(s, 10, acct);
	sqlite3_bind_int64(s, 11, ar_ledger_batch(im->l));
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return failed(rw, ar__sqlfail(im->l, rc, "write"));
	im->stats->unidentified++;
	*rw->res = ROW_ADDED;
}

ar_status ar__row_payment(struct ar_import *im, enum row_result *res)
{
	static const char *const methods[] = {"check", "ach", "wire", "card",
					      "cash", "cod", NULL};
	struct row rw = {im, res, AR_OK, true};
	struct doc d = {.type = "payment", .family = "payment",
			.no_col = PA_NO, .amount_col = PA_AMOUNT,
			.due = AR_DATE_NONE};
	struct cust c = {0};
	char method[40], ref[MAX_TEXT + 1], check[128], deposit[128];
	char remitter[160], account[80];

	text(&rw, PA_NO, d.no, sizeof(d.no), false, MAX_NO);
	doc_opt(&rw, &d, 3, PA_REFERENCE, ref, sizeof(ref), MAX_TEXT);
	const char *rem = text(&rw, PA_REMITTER, remitter, sizeof(remitter),
			       false, 128);
	const char *acct = text(&rw, PA_ACCOUNT, account, sizeof(account),
				false, 64);
	if (rw.ok && *ar__val(im, PA_CUST, NULL) == '\0') {
		/* who pays for whom, as assignments taught it, then the
		 * invoices the reference names */
		int64_t known = 0;
		ar_status st = ar__alias_customer(im->l, acct, rem, &known);
		if (st != AR_OK)
			failed(&rw, st);
		else if (known)
			customer_by_id(&rw, known, &c);
		else
			customer_from_reference(&rw, d.opt[3], &c);
	} else {
		customer(&rw, PA_CUST, true, &c);
	}
	d.customer = c.id;
	d.date = date(&rw, PA_DATE, true);
	open_period(&rw, PA_DATE, d.date);
	d.cur_given = *ar__val(im, PA_CURRENCY, NULL) != '\0';
	d.exponent = currency(&rw, PA_CURRENCY, c.currency, d.currency);
	d.amount = amount(&rw, PA_AMOUNT, d.currency, d.exponent, true, true);
	/* the British spelling is the same method */
	size_t mn;
	const char *m = ar__val(im, PA_METHOD, &mn);
	if (rw.ok && mn == 6 && strncasecmp(m, "cheque", 6) == 0)
		d.opt[2] = methods[0];
	else
		d.opt[2] = word(&rw, PA_METHOD, methods, method, sizeof(method));
	doc_opt(&rw, &d, 4, PA_CHECK, check, sizeof(check), 64);
	doc_opt(&rw, &d, 5, PA_DEPOSIT, deposit, sizeof(deposit), 64);
	if (rw.ok && !d.no[0])
		derive_no(&rw, &d, rem, acct, d.no, sizeof(d.no));
	if (rw.ok && !d.customer) {
		put_unidentified(&rw, &d, rem, acct);
	} else {
		if (rw.ok && waiting(&rw, d.no))
			reject(&rw, PA_NO, d.no, "is unidentified cash waiting "
			       "for a customer (assign it first)");
		put_document(&rw, &d);
	}
	if (rw.ok)
		ar__count_amount(im, d.currency, d.exponent, d.amount);
	return rw.st;
}

/* ------------------------------------------------------------------ */
/* Remitter aliases: who pays for a customer */

ar_status ar__row_alias(struct ar_import *im, enum row_result *res)
{
	struct row rw = {im, res, AR_OK, true};
	struct cust c = {0};
	char remitter[160], account[80];
	int learned = 0;

	customer(&rw, AL_CUST, true, &c);
	const char *rem = text(&rw, AL_REMITTER, remitter, sizeof(remitter),
			       false, 128);
	const char *acct = text(&rw, AL_ACCOUNT, account, sizeof(account),
				false, 64);
	if (rw.ok && !rem && !acct)
		reject(&rw, AL_REMITTER, NULL, "is required (or "
		       "remitter_account)");
	if (!rw.ok)
		return rw.st;
	ar_status st = ar__alias_add(im->l, c.id, rem, acct, &learned);
	if (st != AR_OK)
		return st;
	*res = learned ? ROW_ADDED : ROW_UNCHANGED;
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Applications */

/* What is applied to or from doc, and the day it was last reopened. */
static int64_t sum_applied(struct row *rw, int64_t doc, bool debit,
			   ar_date *reopened)
{
	int64_t sum = 0;
	*reopened = AR_DATE_NONE;
	ar_status st = ar__applied(rw->im->l, doc, debit, &sum, reopened);
	if (st != AR_OK)
		failed(rw, st);
	return sum;
}

ar_status ar__row_application(struct ar_import *im, enum row_result *res)
{
	struct row rw = {im, res, AR_OK, true};
	char pay[MAX_NO + 1], cred[MAX_NO + 1], inv[MAX_NO + 1];
	char ccur[4] = "", dcur[4] = "", why[200];
	int64_t ccust = 0, dcust = 0, camount = 0, damount = 0, credit = 0, debit;
	ar_date cday = 0, dday = 0;
	int col;

	const char *p = text(&rw, AP_PAYMENT, pay, sizeof(pay), false, MAX_NO);
	const char *c = text(&rw, AP_CREDIT, cred, sizeof(cred), false, MAX_NO);
	if (rw.ok && p && c)
		reject(&rw, AP_CREDIT, c, "given with a payment_no (one or the "
		       "other)");
	else if (rw.ok && !p && !c)
		reject(&rw, AP_PAYMENT, NULL, "is required (or credit_no)");
	col = p ? AP_PAYMENT : AP_CREDIT;
	if (rw.ok) {
		credit = find_doc(&rw, p ? "payment" : "credit_memo", p ? p : c,
				  &ccust, ccur, &camount, &cday);
		if (rw.ok && !credit)
			reject(&rw, col, p ? p : c, p ? "is not a known payment"
			       : "is not a known credit memo");
	}
	text(&rw, AP_INVOICE, inv, sizeof(inv), true, MAX_NO);
	if (rw.ok) {
		debit = find_doc(&rw, "invoice", inv, &dcust, dcur, &damount,
				 &dday);
		/* a recovery of a write-off is paid like an invoice */
		if (rw.ok && !debit)
			debit = find_doc(&rw, "recovery", inv, &dcust, dcur,
					 &damount, &dday);
		if (rw.ok && !debit)
			reject(&rw, AP_INVOICE, inv, "is not a known invoice "
			       "or recovery");
		else if (rw.ok && dcust != ccust)
			reject(&rw, AP_INVOICE, inv, "belongs to another customer");
		else if (rw.ok && strcmp(dcur, ccur) != 0)
			reject(&rw, AP_INVOICE, inv, "is in another currency");
	} else {
		debit = 0;
	}
	int e = rw.ok ? ar__exponent(im->l, ccur) : 2;
	int64_t amt = amount(&rw, AP_AMOUNT, ccur, e, true, true);
	ar_date when = date(&rw, AP_DATE, false);
	ar_date later = cday > dday ? cday : dday;
	if (rw.ok && when == AR_DATE_NONE)
		when = later;
	else if (rw.ok && when < later)
		reject(&rw, AP_DATE, ar__val(im, AP_DATE, NULL), "is before the "
		       "payment or invoice it applies");
	open_period(&rw, AP_DATE, when);
	if (!rw.ok)
		return rw.st;

	char day[AR_DATE_BUFSZ];
	ar_date_format(day, when);
	sqlite3_stmt *s = ar__stmt(im, S_APP_SAME);
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, credit);
	sqlite3_bind_int64(s, 2, debit);
	sqlite3_bind_int64(s, 3, amt);
	sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*res = ROW_UNCHANGED;
		ar__count_amount(im, ccur, e, amt);
		return AR_OK;
	}
	if (rc != SQLITE_DONE)
		return ar__sqlfail(im->l, rc, "read");

	ar_date dopen, copen;
	int64_t open = damount - sum_applied(&rw, debit, true, &dopen);
	int64_t left = camount - sum_applied(&rw, credit, false, &copen);
	char a[AR_MONEY_BUFSZ], d[AR_DATE_BUFSZ];
	/* money freed by a cancellation is there only from its day on */
	ar_date since = dopen > copen ? dopen : copen;
	if (rw.ok && since != AR_DATE_NONE && when < since) {
		if (*ar__val(im, AP_DATE, NULL)) {
			ar_date_format(d, since);
			snprintf(why, sizeof(why), "is before %s %s was reopened "
				 "(%s)", dopen == since ? "invoice" : "credit",
				 dopen == since ? inv : p ? p : c, d);
			reject(&rw, AP_DATE, ar__val(im, AP_DATE, NULL), why);
		} else {
			when = since;
			ar_date_format(day, when);
		}
	}
	if (rw.ok && amt > open) {
		ar_money_format(a, open, e, 0);
		snprintf(why, sizeof(why), "is more than invoice %s has open "
			 "(%s %s)", inv, a, ccur);
		reject(&rw, AP_AMOUNT, ar__val(im, AP_AMOUNT, NULL), why);
	} else if (rw.ok && amt > left) {
		ar_money_format(a, left, e, 0);
		snprintf(why, sizeof(why), "is more than %s has unapplied "
			 "(%s %s)", p ? p : c, a, ccur);
		reject(&rw, AP_AMOUNT, ar__val(im, AP_AMOUNT, NULL), why);
	}
	if (!rw.ok)
		return rw.st;
	ar_status st = ar__post_application(im->l, credit, debit, amt, when,
					    "manual", 0, NULL);
	if (st != AR_OK)
		return st;
	*res = ROW_ADDED;
	ar__count_amount(im, ccur, e, amt);
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Activities */

ar_status ar__row_activity(struct ar_import *im, enum row_result *res)
{
	static const char *const kinds[] = {"call", "email", "letter", "note",
					    "promise", "dispute", NULL};
	struct row rw = {im, res, AR_OK, true};
	struct cust c;
	char kindbuf[40], no[MAX_NO + 1], outcome[256], collector[128];
	char txt[MAX_TEXT + 1], cur[4] = "", day[AR_DATE_BUFSZ];
	char promise[AR_DATE_BUFSZ], follow[AR_DATE_BUFSZ];
	int64_t doc = 0, dcust = 0, damount = 0, amt = 0;
	int e = 2;

	customer(&rw, AC_CUST, true, &c);
	ar_date when = date(&rw, AC_DATE, true);
	const char *kind = word(&rw, AC_KIND, kinds, kindbuf, sizeof(kindbuf));
	if (rw.ok && !kind)
		reject(&rw, AC_KIND, NULL, "is required");
	if (text(&rw, AC_DOC, no, sizeof(no), false, MAX_NO)) {
		sqlite3_stmt *s = ar__stmt(im, S_DOC_FIND_ANY);
		if (!s)
			return AR_ELEDGER;
		sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			doc = sqlite3_column_int64(s, 0);
			dcust = sqlite3_column_int64(s, 1);
			snprintf(cur, sizeof(cur), "%s",
				 (const char *)sqlite3_column_text(s, 2));
			damount = sqlite3_column_int64(s, 3);
		} else if (rc != SQLITE_DONE) {
			return ar__sqlfail(im->l, rc, "read");
		}
		if (!doc)
			reject(&rw, AC_DOC, no, "is not a known document");
		else if (dcust != c.id)
			reject(&rw, AC_DOC, no, "is a document of another "
			       "customer");
	} else if (rw.ok && strcmp(kind, "dispute") == 0) {
		reject(&rw, AC_DOC, NULL, "is required for a dispute");
	}
	if (rw.ok) {
		if (!*cur)
			snprintf(cur, sizeof(cur), "%s",
				 *c.currency ? c.currency : im->base_currency);
		e = ar__exponent(im->l, cur);
	}
	amt = amount(&rw, AC_AMOUNT, cur, e, false, true);
	text(&rw, AC_OUTCOME, outcome, sizeof(outcome), false, 255);
	ar_date pd = date(&rw, AC_PROMISE, false);
	ar_date fd = date(&rw, AC_FOLLOWUP, false);
	const char *who = text(&rw, AC_COLLECTOR, collector, sizeof(collector),
			       false, 64);
	const char *body = text(&rw, AC_TEXT, txt, sizeof(txt), false,
				MAX_TEXT);
	const char *out = *ar__val(im, AC_OUTCOME, NULL) ? outcome : NULL;
	if (rw.ok && strcmp(kind, "promise") == 0) {
		if (pd == AR_DATE_NONE)
			reject(&rw, AC_PROMISE, NULL, "is required for a promise");
		else if (amt == 0)
			reject(&rw, AC_AMOUNT, NULL, "is required for a promise");
		else if (pd < when)
			reject(&rw, AC_PROMISE, ar__val(im, AC_PROMISE, NULL),
			       "is before the date of the promise");
	}
	char reason[AR_DISPUTE_CODE_MAX + 1] = "", dtext[MAX_TEXT + 300] = "";
	if (!rw.ok)
		return rw.st;
	date_text(when, day);
	date_text(pd, promise);
	date_text(fd, follow);

	for (int pass = 0; pass < 2; pass++) {
		/* a new dispute as ar-dispute open makes it: of a debit document,
		 * at most what is open and not disputed yet, its reason a code */
		if (pass && strcmp(kind, "dispute") == 0) {
			bool kept = false;
			struct ar__doc_info info;
			int64_t open, disputed;
			ar_status st;
			if ((st = ar__document_get(im->l, doc, &info)) != AR_OK ||
			    (info.sign == 1 && (st = ar__dispute_room(im->l, &info,
					when, &open, &disputed)) != AR_OK) ||
			    (st = ar__dispute_reason_map(im->l, out, reason, &kept))
			    != AR_OK)
				return st;
			if (info.sign != 1) {
				reject(&rw, AC_DOC, no, "is not a debit document "
				       "(only those can be disputed)");
			} else {
				damount = open - (disputed < open ? disputed : open);
				if (damount <= 0)
					reject(&rw, AC_DOC, no, "has nothing open to "
					       "dispute");
				else if (amt > damount)
					reject(&rw, AC_AMOUNT, ar__val(im, AC_AMOUNT,
					       NULL), "is more than is open and not "
					       "disputed already");
			}
			snprintf(dtext, sizeof(dtext), "%s%s%s", kept ? out : "",
				 kept && body ? ": " : "", body ? body : "");
		}
		if (!rw.ok)
			return rw.st;
		sqlite3_stmt *s = ar__stmt(im, pass ? S_ACT_INSERT : S_ACT_SAME);
		if (!s)
			return AR_ELEDGER;
		sqlite3_bind_int64(s, 1, c.id);
		sqlite3_bind_text(s, 2, day, 10, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
		if (doc)
			sqlite3_bind_int64(s, 4, doc);
		ar__bind_text(s, 5, out);
		if (amt)
			sqlite3_bind_int64(s, 6, amt);
		ar__bind_text(s, 7, promise);
		ar__bind_text(s, 8, follow);
		ar__bind_text(s, 9, who);
		ar__bind_text(s, 10, body);
		if (pass) {
			if (amt)
				sqlite3_bind_text(s, 11, cur, 3, SQLITE_STATIC);
			sqlite3_bind_int64(s, 12, ar_ledger_batch(im->l));
		}
		int rc = sqlite3_step(s);
		if (!pass && rc == SQLITE_ROW) {
			*res = ROW_UNCHANGED;
			return AR_OK;
		}
		if (rc != SQLITE_DONE)
			return ar__sqlfail(im->l, rc, pass ? "write" : "read");
	}
	if (strcmp(kind, "dispute") == 0) {
		int64_t act = sqlite3_last_insert_rowid(im->db);
		sqlite3_stmt *s = ar__stmt(im, S_DISPUTE_INSERT);
		if (!s)
			return AR_ELEDGER;
		sqlite3_bind_int64(s, 1, doc);
		sqlite3_bind_int64(s, 2, amt ? amt : damount);
		sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, day, 10, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, act);
		sqlite3_bind_int64(s, 6, ar_ledger_batch(im->l));
		ar__bind_text(s, 7, dtext);
		int rc = sqlite3_step(s);
		if (rc != SQLITE_DONE)
			return ar__sqlfail(im->l, rc, "write");
	}
	*res = ROW_ADDED;
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Customers */

ar_status ar__row_customer(struct ar_import *im, enum row_result *res)
{
	static const char *const statuses[] = {"active", "hold", "closed",
					       "bankrupt", NULL};
	static const char *const contacts[] = {"ok", "no_calls", "cease", NULL};
	static const char *const kinds[] = {"business", "consumer", NULL};
	struct row rw = {im, res, AR_OK, true};
	char id[128], buf[13][MAX_TEXT + 1 > 512 ? 512 : MAX_TEXT + 1];
	char statbuf[40], contbuf[40], kindbuf[40], cur[4] = "";
	const char *v[18] = {0};
	struct ar_terms terms = {-1, 0, 0};	/* days -1: not given */
	const char *why;
	int64_t limit = 0;
	bool has_limit = false;

	static const int textcols[] = {CU_NAME, CU_EMAIL, CU_PHONE, CU_ADDR1,
				       CU_ADDR2, CU_CITY, CU_REGION, CU_POSTAL,
				       CU_COUNTRY, CU_COLLECTOR, CU_TZ};
	v[CU_ID] = text(&rw, CU_ID, id, sizeof(id), true, 64);
	for (size_t i = 0; i < sizeof(textcols) / sizeof(textcols[0]); i++)
		v[textcols[i]] = text(&rw, textcols[i], buf[i], sizeof(buf[i]),
				      false, 255);
	if (rw.ok && v[CU_EMAIL] && !strchr(v[CU_EMAIL], '@'))
		reject(&rw, CU_EMAIL, v[CU_EMAIL], "is not an email address");
	/* the C library would take an unknown zone for UTC without a word,
	 * and a consumer's calls would fall at the wrong hours */
	if (rw.ok && v[CU_TZ] && !ar_tz_valid(v[CU_TZ]))
		reject(&rw, CU_TZ, v[CU_TZ], "is not a time zone of the "
		       "system's database (e.g. America/Los_Angeles)");
	size_t n;
	const char *t = ar__val(im, CU_TERMS, &n);
	if (rw.ok && n && ar_terms_parse(t, n, &terms, &why) != AR_OK)
		reject_terms(&rw, CU_TERMS, t, why);
	if (rw.ok && *ar__val(im, CU_CURRENCY, NULL)) {
		currency(&rw, CU_CURRENCY, NULL, cur);
		v[CU_CURRENCY] = cur;
	}
	if (rw.ok && *ar__val(im, CU_LIMIT, NULL)) {
		/* a limit is in the customer's currency (given on the row or
		 * recorded before), else the base one */
		char had[4] = "";
		if (!*cur) {
			sqlite3_stmt *f = ar__stmt(im, S_CUST_FIND);
			if (!f)
				return AR_ELEDGER;
			sqlite3_bind_text(f, 1, id, -1, SQLITE_STATIC);
			if (sqlite3_step(f) == SQLITE_ROW &&
			    sqlite3_column_type(f, 1) == SQLITE_TEXT)
				snprintf(had, sizeof(had), "%s",
					 (const char *)sqlite3_column_text(f, 1));
		}
		const char *lc = *cur ? cur : *had ? had : im->base_currency;
		int le = ar_ledger_currency_exponent(im->l, lc);
		limit = amount(&rw, CU_LIMIT, lc, le < 0 ? 2 : le, false, false);
		has_limit = rw.ok;
		if (rw.ok && limit < 0)
			reject(&rw, CU_LIMIT, ar__val(im, CU_LIMIT, NULL),
			       "must not be negative");
	}
	v[CU_STATUS] = word(&rw, CU_STATUS, statuses, statbuf, sizeof(statbuf));
	v[CU_CONTACT] = word(&rw, CU_CONTACT, contacts, contbuf, sizeof(contbuf));
	v[CU_KIND] = word(&rw, CU_KIND, kinds, kindbuf, sizeof(kindbuf));
	if (!rw.ok)
		return rw.st;

	/* new, the same, or changed (the old state goes to history) */
	sqlite3_stmt *s = ar__stmt(im, S_CUST_GET);
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	enum stmt which;
	if (rc == SQLITE_DONE) {
		if (!v[CU_NAME])
			return (void)reject(&rw, CU_NAME, NULL, "is required"),
			       AR_OK;
		which = S_CUST_INSERT;
		*res = ROW_ADDED;
	} else if (rc == SQLITE_ROW) {
		bool same = true;
		for (int c = CU_NAME; c <= CU_CONTACT && same; c++) {
			if (c == CU_TERMS || c == CU_LIMIT)
				continue;
			const char *had = (const char *)sqlite3_column_text(s, c);
			if (v[c] && (!had || strcmp(had, v[c]) != 0))
				same = false;
		}
		if (terms.days >= 0 &&
		    (sqlite3_column_type(s, CU_TERMS) == SQLITE_NULL ||
		     sqlite3_column_int(s, CU_TERMS) != terms.days ||
		     sqlite3_column_int(s, 17) != terms.discount_rate ||
		     sqlite3_column_int(s, 18) != terms.discount_days))
			same = false;
		if (v[CU_KIND] && (!sqlite3_column_text(s, 19) ||
		    strcmp(v[CU_KIND], (const char *)sqlite3_column_text(s, 19))))
			same = false;
		if (has_limit && (sqlite3_column_type(s, CU_LIMIT) == SQLITE_NULL ||
				  sqlite3_column_int64(s, CU_LIMIT) != limit))
			same = false;
		if (same) {
			*res = ROW_UNCHANGED;
			return AR_OK;
		}
		which = S_CUST_UPDATE;
		*res = ROW_UPDATED;
	} else {
		return ar__sqlfail(im->l, rc, "read");
	}
	s = ar__stmt(im, which);
	if (!s)
		return AR_ELEDGER;
	for (int c = CU_ID; c <= CU_CONTACT; c++)
		if (c != CU_TERMS && c != CU_LIMIT)
			ar__bind_text(s, c + 1, v[c]);
	if (terms.days >= 0)
		sqlite3_bind_int(s, CU_TERMS + 1, terms.days);
	if (terms.discount_rate) {
		sqlite3_bind_int(s, 19, terms.discount_rate);
		sqlite3_bind_int(s, 20, terms.discount_days);
	}
	if (has_limit)
		sqlite3_bind_int64(s, CU_LIMIT + 1, limit);
	sqlite3_bind_int64(s, 18, ar_ledger_batch(im->l));
	ar__bind_text(s, 21, v[CU_KIND]);
	if ((rc = sqlite3_step(s)) != SQLITE_DONE)
		return ar__sqlfail(im->l, rc, "write");
	ar__cache_clear(&im->customers);	/* terms or currency may change */
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Targets */

ar_status ar__row_target(struct ar_import *im, enum row_result *res)
{
	struct row rw = {im, res, AR_OK, true};
	char collector[256], month[16], cur[4] = "";
	const char *m = text(&rw, TG_MONTH, month, sizeof(month), true, 7);
	text(&rw, TG_COLLECTOR, collector, sizeof(collector), true, 255);
	int y, mo, n = 0;
	if (rw.ok && (sscanf(m, "%4d-%2d%n", &y, &mo, &n) != 2 || n != 7 ||
		      m[4] != '-' || mo < 1 || mo > 12 ||
		      !ar_date_in_window(ar_date_from_ymd(y, mo, 1))))
		reject(&rw, TG_MONTH, m, "is not a month (YYYY-MM)");
	int e = currency(&rw, TG_CURRENCY, NULL, cur);
	int64_t amt = amount(&rw, TG_AMOUNT, cur, e, true, false);
	if (rw.ok && amt < 0)
		reject(&rw, TG_AMOUNT, ar__val(im, TG_AMOUNT, NULL),
		       "must not be negative");
	if (!rw.ok)
		return rw.st;
	/* the latest target counts: the same again changes nothing */
	sqlite3_stmt *s = ar__stmt(im, S_TARGET_GET);
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, collector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, cur, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int64(s, 0) == amt) {
		*res = ROW_UNCHANGED;
		return AR_OK;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(im->l, rc, "read");
	/* a changed target is a new row (the old one stays): added */
	s = ar__stmt(im, S_TARGET_INSERT);
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, collector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, cur, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, amt);
	sqlite3_bind_int64(s, 5, ar_ledger_batch(im->l));
	if ((rc = sqlite3_step(s)) != SQLITE_DONE)
		return ar__sqlfail(im->l, rc, "write");
	*res = ROW_ADDED;
	ar__count_amount(im, cur, e, amt);
	return AR_OK;
}
