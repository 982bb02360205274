/*
 * apply.c - cash application by rule (see apply.h for the rules).
 *
 * Customers are taken one at a time: their documents dated on or before
 * as-of are read with what is applied to and from each (from the
 * open-item state for those it holds wholly applied), the open items
 * and the credits with money left are kept in memory (so memory follows
 * the largest customer, not the ledger), and each credit runs down the
 * rule chain.  Every application is posted at once, in the batch.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/apply.h"
#include "ar/csv.h"
#include "ar/money.h"
#include "ar/remit.h"
#include "internal.h"

static const char *const rule_names[AR_RULE_COUNT] = {
	"credit", "ref", "exact", "combo", "oldest",
};

const char *ar_apply_rule_name(enum ar_apply_rule r)
{
	return (unsigned)r < AR_RULE_COUNT ? rule_names[r] : "?";
}

void ar_apply_options_init(struct ar_apply_options *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = ar_date_today();
	for (int i = 0; i < AR_RULE_COUNT; i++)
		o->rules[i] = (enum ar_apply_rule)i;
	o->nrules = AR_RULE_COUNT;
}

ar_status ar_apply_parse_rules(struct ar_apply_options *o, const char *list)
{
	enum ar_apply_rule rules[AR_RULE_COUNT];
	const char *p = list;
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, ",");
		int r;
		for (r = 0; r < AR_RULE_COUNT; r++)
			if (strlen(rule_names[r]) == len &&
			    memcmp(rule_names[r], p, len) == 0)
				break;
		if (r == AR_RULE_COUNT)
			return AR_EUSAGE;
		for (int i = 0; i < n; i++)
			if (rules[i] == (enum ar_apply_rule)r)
				return AR_EUSAGE;
		rules[n++] = (enum ar_apply_rule)r;
		p += len;
		if (*p == ',' && *++p == '\0')
			return AR_EUSAGE;
	}
	if (n == 0)
		return AR_EUSAGE;
	memcpy(o->rules, rules, (size_t)n * sizeof(*rules));
	o->nrules = n;
	return AR_OK;
}

/* Append to buf (size bytes, *n used) what fits of the format. */
static void append(char *buf, size_t size, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	va_list ap;
	if (*n + 1 >= size)
		return;
	va_start(ap, fmt);
	int k = vsnprintf(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	if (k > 0)
		*n = *n + (size_t)k < size ? *n + (size_t)k : size - 1;
}

static const char *plural(long n)
{
	return n == 1 ? "" : "s";
}

size_t ar_apply_summary(const struct ar_apply_stats *s, char *buf,
			size_t size)
{
	char a[AR_MONEY_BUFSZ], u[AR_MONEY_BUFSZ];
	size_t n = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (s->credits)
		append(buf, size, &n, "%ld %s: %ld applied in full, %ld in part, "
		       "%ld left on account; ", s->credits, s->credits == 1 ?
		       "payment or credit memo" : "payments and credit memos",
		       s->full, s->part, s->none);
	append(buf, size, &n, "%ld application%s", s->applications,
	       plural(s->applications));
	if (s->writeoffs)
		append(buf, size, &n, ", %ld write-off%s", s->writeoffs,
		       plural(s->writeoffs));
	if (s->shorts)
		append(buf, size, &n, ", %ld short", s->shorts);
	if (s->ambiguous)
		append(buf, size, &n, ", %ld ambiguous", s->ambiguous);
	if (s->duplicates)
		append(buf, size, &n, ", %ld duplicate?", s->duplicates);
	if (s->on_account)
		append(buf, size, &n, ", %ld sent on account", s->on_account);
	if (s->documents)
		append(buf, size, &n, ", %ld document%s", s->documents,
		       plural(s->documents));
	for (int i = 0; i < s->ncurrencies; i++) {
		ar_money_format(a, s->currencies[i].applied,
				s->currencies[i].exponent, AR_MONEY_GROUP);
		ar_money_format(u, s->currencies[i].unapplied,
				s->currencies[i].exponent, AR_MONEY_GROUP);
		append(buf, size, &n, "; %s %s applied", a,
		       s->currencies[i].code);
		if (s->credits)
			append(buf, size, &n, ", %s on account", u);
	}
	return n;
}

/* ------------------------------------------------------------------ */

/* An item: a debit document of the customer (open or not). */
struct item {
	int64_t id, amount, open;
	ar_date doc_date, due;		/* due: the document date when none */
	ar_date since;			/* reopened on (see APPLIED_SQL) */
	uint32_t no;			/* doc_no, an offset in the arena */
	int mark;			/* scratch of assess() */
	bool written_off;		/* a write-off applied to it, ever */
	char currency[4];
};

/* A payment or credit memo with money left. */
struct credit {
	int64_t id, amount, left, related;
	ar_date date, since;
	uint32_t no, ref, check;	/* arena offsets; ref, check 0: none */
	char currency[4];
	bool memo;
};

struct currency {
	char code[4];
	int exponent;
	int64_t under;			/* writeoff_under, -1 when none */
	bool bad_under;			/* writeoff_under is no amount in it */
};

/* A token of a reference that names one of the customer's items. */
struct named {
	struct item *it;
	enum ar_remit_kind kind;
};

/* Why a run left a payment or credit memo for a person (see apply.h). */
enum hold { HOLD_NONE, HOLD_AMBIGUOUS, HOLD_DUPLICATE, HOLD_ON_ACCOUNT };

static const char *const hold_flags[] = {
	"", "ambiguous", "duplicate?", "on_account",
};

/* A credit a run flagged, reported after the applications. */
struct flagged {
	int64_t credit;
	enum hold hold;
};

struct run {
	struct ar_ledger *l;
	const struct ar_apply_options *o;
	const struct ar_apply_callbacks *cb;
	struct ar_apply_stats *stats;
	int64_t batch;
	ar_date unlock;			/* first day open for postings */
	sqlite3_stmt *docs, *elsewhere, *cust_id, *check_no;
	sqlite3_stmt *applied[2], *open_q, *written_q;	/* see docs_sql */

	/* sorted document ids: changed after as-of (all of them, unless
	 * late_all), and the customer's open ones and written-off ones */
	struct ids { int64_t *v; size_t n, cap; } late, open, written;
	bool late_all;

	/* the customer in hand */
	int64_t cust;
	const char *customer_id;	/* borrowed from the customer query */
	struct item *items;
	size_t nitems, citems;
	struct credit *credits;
	size_t ncredits, ccredits;
	uint32_t *by_no;		/* item indexes by doc_no */
	char *arena;
	size_t alen, acap;

	struct currency cur[AR_APPLY_MAX_CURRENCIES];
	int ncur;
	struct ar__app_queue queue;	/* applications not yet written */

	/* what the reference of the credit in hand names (assess()) */
	struct named *named;
	size_t nnamed, cnamed;
	bool marked;			/* it names invoices after a marker */
	struct flagged *flagged;	/* the run's flagged credits */
	size_t nflagged, cflagged;
	int64_t *was_held;		/* credits flagged now, by id */
	size_t nwas_held;
};

static const char *str(const struct run *r, uint32_t off)
{
	return r->arena + off;
}

/* Keep a string in the arena; its offset, or UINT32_MAX out of memory. */
static uint32_t keep(struct run *r, const unsigned char *s, size_t len)
{
	if (r->alen + len + 1 > r->acap) {
		size_t cap = r->acap ? r->acap : 4096;
		while (cap < r->alen + len + 1)
			cap *= 2;
		char *a = realloc(r->arena, cap);
		if (!a || cap > UINT32_MAX)
			return UINT32_MAX;
		r->arena = a;
		r->acap = cap;
	}
	uint32_t off = (uint32_t)r->alen;
	memcpy(r->arena + off, s, len);
	r->arena[off + len] = '\0';
	r->alen += len + 1;
	return off;
}

static void explain(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void explain(struct run *r, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	if (!r->o->explain || !ar__notice_wanted(r->l))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ar_text_printable(line);	/* references may hold anything */
	ar__notice(r->l, &(struct ar_notice){.kind = AR_NOTICE_EXPLAIN,
					     .text = line});
}

/* What a currency needs; NULL only past AR_APPLY_MAX_CURRENCIES. */
static struct currency *currency_of(struct run *r, const char *code)
{
	for (int i = 0; i < r->ncur; i++)
		if (strcmp(r->cur[i].code, code) == 0)
			return &r->cur[i];
	if (r->ncur == AR_APPLY_MAX_CURRENCIES)
		return NULL;
	struct currency *c = &r->cur[r->ncur++];
	c->exponent = ar__exponent(r->l, code);
	c->under = -1;
	c->bad_under = false;
	memcpy(c->code, code, 4);
	const char *u = r->o->writeoff_under;
	if (u && ar_money_parse(u, strlen(u), c->exponent, code, 0, &c->under,
				NULL) != AR_OK) {
		c->under = -1;
		c->bad_under = true;
	}
	return c;
}

/* An amount as text in the credit's currency: "1,234.56". */
static const char *money(struct run *r, const char *code, int64_t v,
			 char buf[AR_MONEY_BUFSZ])
{
	struct currency *c = currency_of(r, code);
	ar_money_format(buf, v, c ? c->exponent : 2, AR_MONEY_GROUP);
	return buf;
}

static const char *day(ar_date d, char buf[AR_DATE_BUFSZ])
{
	ar_date_format(buf, d);
	return buf;
}

int64_t *ar__apply_stat(struct ar_apply_stats *s, const char *code,
			int exponent, bool applied)
{
	int i;
	for (i = 0; i < s->ncurrencies; i++)
		if (strcmp(s->currencies[i].code, code) == 0)
			break;
	if (i == s->ncurrencies) {
		if (i == AR_APPLY_MAX_CURRENCIES)
			return NULL;
		memcpy(s->currencies[i].code, code, 4);
		s->currencies[i].exponent = exponent;
		s->ncurrencies++;
	}
	return applied ? &s->currencies[i].applied :
			 &s->currencies[i].unapplied;
}

static int64_t *stat_of(struct run *r, const char *code, bool applied)
{
	struct currency *c = currency_of(r, code);
	return ar__apply_stat(r->stats, code, c ? c->exponent : 2, applied);
}

static ar_status report(struct run *r, const struct ar_application_row *row)
{
	r->stats->applications++;
	if (!r->cb || !r->cb->row)
		return AR_OK;
	return r->cb->row(r->cb->ctx, row);
}

/* Write off what a short pay left open on it. */
static ar_status write_off(struct run *r, struct item *it, ar_date when)
{
	char no[AR__DOC_NO_MAX + 1], a[AR_MONEY_BUFSZ];
	int64_t left = it->open;
	/* the item's applications of this run are not in the ledger yet, so
	 * the write-off sees it more open than it is: its check still holds.
	 * Its application is kept after theirs, in the order reported. */
	ar_status st = ar__post_writeoff(r->l, &r->queue, it->id, left, when,
					 "short_pay", NULL, no);
	if (st != AR_OK)
		return st;
	it->open = 0;
	r->stats->writeoffs++;
	explain(r, "  writeoff: %s short by %s, within the write-off limit: "
		"written off as %s", str(r, it->no),
		money(r, it->currency, left, a), no);
	struct currency *c = currency_of(r, it->currency);
	struct ar_application_row row = {
		.batch = r->batch, .date = when,
		.customer_id = r->customer_id, .credit_type = "writeoff",
		.credit_no = no, .doc_no = str(r, it->no),
		.currency = it->currency, .exponent = c ? c->exponent : 2,
		.amount = left, .rule = "writeoff", .doc_open_after = 0,
		.credit_unapplied_after = 0, .flag = "short_pay",
	};
	return report(r, &row);
}

/*
 * Apply amt of credit c to item it by rule.  A ref rule that leaves the
 * item open is a short pay: written off when small enough, else flagged.
 */
static ar_status apply(struct run *r, struct credit *c, struct item *it,
		       int64_t amt, enum ar_apply_rule rule)
{
	ar_date when = c->date > it->doc_date ? c->date : it->doc_date;
	if (it->since != AR_DATE_NONE && when < it->since)
		when = it->since;
	if (c->since != AR_DATE_NONE && when < c->since)
		when = c->since;
	struct currency *cur = currency_of(r, c->currency);
	const char *flag = "";
	bool writeoff = false;
	ar_status st;

	if (when < r->unlock)
		when = r->unlock;
	if (!cur)
		return ar__fail(r->l, AR_ELEDGER, "more than %d currencies",
				AR_APPLY_MAX_CURRENCIES);
	if ((st = ar__pending_add(r->l, &r->queue, c->id, it->id, amt, when,
				  rule_names[rule])) != AR_OK)
		return st;
	it->open -= amt;
	c->left -= amt;
	int64_t *sum = stat_of(r, c->currency, true);
	if (sum && !ar_money_accum(sum, amt))
		return ar__fail(r->l, AR_ELEDGER, "applied total overflows");
	if (rule == AR_RULE_REF && it->open > 0) {
		if (cur->bad_under)
			return ar__fail_field(r->l, AR_EUSAGE,
					      "writeoff_under", "'%s' is not "
					      "an amount in %s",
					      r->o->writeoff_under, cur->code);
		if (cur->under >= 0 && it->open <= cur->under) {
			writeoff = true;
			flag = "short_pay";
		} else {
			flag = "short";
			r->stats->shorts++;
		}
	}
	struct ar_application_row row = {
		.batch = r->batch, .date = when,
		.customer_id = r->customer_id,
		.credit_type = c->memo ? "credit_memo" : "payment",
		.credit_no = str(r, c->no), .doc_no = str(r, it->no),
		.currency = c->currency, .exponent = cur->exponent,
		.amount = amt, .rule = rule_names[rule],
		.doc_open_after = it->open, .credit_unapplied_after = c->left,
		.flag = flag,
	};
	if ((st = report(r, &row)) != AR_OK)
		return st;
	if (writeoff)
		return write_off(r, it, when);
	return AR_OK;
}

static bool usable(const struct credit *c, const struct item *it)
{
	return it->open > 0 && strcmp(it->currency, c->currency) == 0;
}

/* The explanation of one application: "INV-1 due 2026-01-31, open 10.00". */
static void say_item(struct run *r, const char *rule, const struct item *it,
		     int64_t open, int64_t amt)
{
	char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ], d[AR_DATE_BUFSZ];
	char rest[96] = "paid in full";
	if (!r->o->explain)
		return;
	if (open > amt)
		snprintf(rest, sizeof(rest), "%s left open%s",
			 money(r, it->currency, open - amt, b),
			 strcmp(rule, "ref") == 0 ? ": short pay" : "");
	explain(r, "  %s: %s due %s, open %s: applied %s, %s", rule,
		str(r, it->no), day(it->due, d), money(r, it->currency, open, b),
		money(r, it->currency, amt, a), rest);
}

static ar_status rule_credit(struct run *r, struct credit *c)
{
	if (!c->memo) {
		explain(r, "  credit: not a credit memo: passed");
		return AR_OK;
	}
	if (!c->related) {
		explain(r, "  credit: the credit memo names no invoice: passed");
		return AR_OK;
	}
	for (size_t i = 0; i < r->nitems; i++) {
		struct item *it = &r->items[i];
		if (it->id != c->related)
			continue;
		if (strcmp(it->currency, c->currency) != 0) {
			explain(r, "  credit: %s is in %s, not %s: passed",
				str(r, it->no), it->currency, c->currency);
			return AR_OK;
		}
		if (it->open == 0) {
			explain(r, "  credit: %s, the invoice it names, is "
				"paid already: passed", str(r, it->no));
			return AR_OK;
		}
		int64_t amt = c->left < it->open ? c->left : it->open;
		say_item(r, "credit", it, it->open, amt);
		return apply(r, c, it, amt, AR_RULE_CREDIT);
	}
	explain(r, "  credit: the invoice it names is dated after as-of or "
		"another customer's: passed");
	return AR_OK;
}

static int cmp_no(const void *a, const void *b, void *ctx)
{
	const struct run *r = ctx;
	const struct item *x = &r->items[*(const uint32_t *)a];
	const struct item *y = &r->items[*(const uint32_t *)b];
	return strcmp(str(r, x->no), str(r, y->no));
}

/* The customer's item numbered no (len bytes), or NULL. */
static struct item *find_no(struct run *r, const char *no, size_t len)
{
	size_t lo = 0, hi = r->nitems;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *s = str(r, r->items[r->by_no[mid]].no);
		int d = strncmp(s, no, len);
		if (d == 0 && s[len] != '\0')
			d = 1;
		if (d == 0)
			return &r->items[r->by_no[mid]];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Say why a token that names none of the customer's items was passed:
 * another customer's document gets a line of its own, other words are
 * listed together in words.
 */
static ar_status token_elsewhere(struct run *r, const char *tok, size_t len,
				 char *words, size_t size)
{
	sqlite3_stmt *s = r->elsewhere;
	if (!r->o->explain)
		return AR_OK;
	if (!s) {
		s = r->elsewhere = ar__prepare(r->l,
			"SELECT d.doc_type, c.customer_id FROM document d "
			"JOIN customer c ON c.id = d.customer WHERE d.doc_no = ? "
			"AND d.sign = 1 ORDER BY d.id LIMIT 1");
		if (!s)
			return AR_ELEDGER;
	}
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, tok, (int)len, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		explain(r, "  ref: %.*s is %s's %s, not this customer's: passed",
			(int)len, tok, sqlite3_column_text(s, 1),
			sqlite3_column_text(s, 0));
	else if (rc == SQLITE_DONE) {
		size_t n = strlen(words);
		if (n + len + 5 < size)
			snprintf(words + n, size - n, "%s'%.*s'", n ? ", " : "",
				 (int)len, tok);
	} else
		return ar__sqlfail(r->l, rc, "read");
	sqlite3_reset(s);
	return AR_OK;
}

/* Whether text (len bytes) is the credit's check number. */
static bool is_check_no(const struct run *r, const struct credit *c,
			const char *tok, size_t len)
{
	const char *no = str(r, c->check);
	return c->check && strlen(no) == len && memcmp(no, tok, len) == 0;
}

/*
 * Whether rule ref takes a token of this kind as an invoice number: those
 * after an invoice marker win over bare numbers, and check numbers are
 * never taken.
 */
static bool taken(const struct run *r, enum ar_remit_kind kind)
{
	return kind == AR_REMIT_INVOICE || kind == AR_REMIT_CONFLICT ||
	       (kind == AR_REMIT_BARE && !r->marked);
}

static ar_status rule_ref(struct run *r, struct credit *c)
{
	struct ar_remit_reader rd;
	enum ar_remit_kind kind;
	const char *tok;
	size_t len;
	ar_status st;
	int named = 0;
	char words[200] = "";

	if (!c->ref) {
		explain(r, "  ref: no reference text: passed");
		return AR_OK;
	}
	ar_remit_reader_init(&rd, str(r, c->ref), c->check ? str(r, c->check) :
			     NULL);
	while (c->left > 0 && (tok = ar_remit_next(&rd, &len, &kind)) != NULL) {
		struct item *it = find_no(r, tok, len);
		if (!it) {
			if ((st = token_elsewhere(r, tok, len, words,
						  sizeof(words))) != AR_OK)
				return st;
			continue;
		}
		named++;
		if (kind == AR_REMIT_CHECK) {
			explain(r, "  ref: %s %s: passed", str(r, it->no),
				is_check_no(r, c, tok, len) ? "is the payment's "
				"check number" : "follows a check marker: a "
				"check number");
			continue;
		}
		if (!taken(r, kind)) {
			explain(r, "  ref: %s, a number with no invoice marker, "
				"gives way to those after one: passed",
				str(r, it->no));
			continue;
		}
		if (strcmp(it->currency, c->currency) != 0) {
			explain(r, "  ref: %s is in %s, not %s: passed",
				str(r, it->no), it->currency, c->currency);
			continue;
		}
		if (it->open == 0) {
			explain(r, "  ref: %s is paid already: passed",
				str(r, it->no));
			continue;
		}
		int64_t open = it->open;
		int64_t amt = c->left < open ? c->left : open;
		say_item(r, "ref", it, open, amt);
		if ((st = apply(r, c, it, amt, AR_RULE_REF)) != AR_OK)
			return st;
	}
	if (*words)
		explain(r, "  ref: %s name%s no document", words,
			strchr(words, ',') ? "" : "s");
	if (!named)
		explain(r, "  ref: the reference names none of the customer's "
			"documents: passed");
	return AR_OK;
}

static bool grow(void **p, size_t *cap, size_t n, size_t size);

/* The check number of payment c into the arena (c->check; 0: none). */
static ar_status load_check_no(struct run *r, struct credit *c)
{
	sqlite3_stmt *s = r->check_no;
	int rc;

	c->check = 0;
	if (!s && !(s = r->check_no = ar__prepare(r->l, "SELECT check_no "
						   "FROM document WHERE id = ?")))
		return AR_ELEDGER;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, c->id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW)
		return ar__sqlfail(r->l, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
				   "read");
	if (sqlite3_column_type(s, 0) != SQLITE_NULL &&
	    sqlite3_column_bytes(s, 0) > 0) {
		c->check = keep(r, sqlite3_column_text(s, 0),
				(size_t)sqlite3_column_bytes(s, 0));
		if (c->check == UINT32_MAX)
			return ar__fail(r->l, AR_ENOMEM, "out of memory");
	}
	sqlite3_reset(s);
	return AR_OK;
}

/* Append the numbers of the items marked with bit to list ("none"). */
static void list_marked(struct run *r, int bit, char *list, size_t size)
{
	size_t n = 0;
	list[0] = '\0';
	for (size_t i = 0; i < r->nnamed; i++) {
		struct item *it = r->named[i].it;
		if (!(it->mark & bit) || (it->mark & 8))
			continue;
		it->mark |= 8;		/* each once */
		append(list, size, &n, "%s%s", n ? ", " : "", str(r, it->no));
	}
	for (size_t i = 0; i < r->nnamed; i++)
		r->named[i].it->mark &= ~8;
	if (!n)
		append(list, size, &n, "nothing");
}

/*
 * Before any rule: whether payment c is one to leave for a person.  Its
 * reference is read for the invoices it names (r->named, r->marked):
 *
 *   ambiguous    a number after an invoice marker is also the payment's
 *                check number, and the reading with it as an invoice
 *                names other invoices than the reading with it as the
 *                check number;
 *   duplicate?   nothing of it is applied yet, and every invoice in its
 *                currency it names is paid already (none written off:
 *                money for those is a recovery);
 *   on_account   it says the money is on account (deposit, prepayment,
 *                advance...): rules credit and ref may apply it to the
 *                invoices it names, no later rule applies the rest.
 */
static ar_status assess(struct run *r, struct credit *c, enum hold *hold)
{
	struct ar_remit_reader rd;
	enum ar_remit_kind kind;
	const char *tok, *word;
	size_t len;
	bool conflict = false, invoice = false;
	ar_status st;

	*hold = HOLD_NONE;
	r->nnamed = 0;
	r->marked = false;
	if (c->memo || !c->ref)
		return AR_OK;
	if ((st = load_check_no(r, c)) != AR_OK)
		return st;
	ar_remit_reader_init(&rd, str(r, c->ref), c->check ? str(r, c->check) :
			     NULL);
	while ((tok = ar_remit_next(&rd, &len, &kind)) != NULL) {
		struct item *it = kind == AR_REMIT_MARKER ? NULL :
				  find_no(r, tok, len);
		if (!it)
			continue;
		if (!grow((void **)&r->named, &r->cnamed, r->nnamed,
			  sizeof(*r->named)))
			return ar__fail(r->l, AR_ENOMEM, "out of memory");
		r->named[r->nnamed++] = (struct named){it, kind};
		conflict |= kind == AR_REMIT_CONFLICT;
		invoice |= kind == AR_REMIT_INVOICE;
	}
	r->marked = conflict || invoice;

	/* bit 1: named in the reading taken; bit 2: in the other reading,
	 * with the conflicting numbers taken as the check number */
	bool differ = false, all_paid = true, any = false;
	for (size_t i = 0; i < r->nnamed; i++) {
		struct named *n = &r->named[i];
		if (taken(r, n->kind))
			n->it->mark |= 1;
		if (n->kind == (invoice ? AR_REMIT_INVOICE : AR_REMIT_BARE))
			n->it->mark |= 2;
	}
	for (size_t i = 0; i < r->nnamed; i++) {
		struct item *it = r->named[i].it;
		if (conflict && (it->mark & 3) != 0 && (it->mark & 3) != 3)
			differ = true;
		/* an item in another currency is no payment's duplicate;
		 * cash for a written-off item is a recovery */
		if ((it->mark & 1) && strcmp(it->currency, c->currency) == 0) {
			any = true;
			all_paid &= it->open == 0 && !it->written_off;
		}
	}
	if (conflict && differ) {
		char a[300], b[300];
		list_marked(r, 1, a, sizeof(a));
		list_marked(r, 2, b, sizeof(b));
		explain(r, "  ref: ambiguous: %s is the check number and follows "
			"an invoice marker: as an invoice the reference names "
			"%s, as the check number %s: nothing applied",
			str(r, c->check), a, b);
		*hold = HOLD_AMBIGUOUS;
	} else if (any && all_paid && c->left == c->amount) {
		/* (what is left of a payment that paid them is no duplicate) */
		char a[300];
		list_marked(r, 1, a, sizeof(a));
		explain(r, "  ref: %s, all the reference names, %s paid already: "
			"a duplicate? nothing applied", a,
			strchr(a, ',') ? "are" : "is");
		*hold = HOLD_DUPLICATE;
	} else if (ar_remit_on_account(str(r, c->ref), &word, &len)) {
		*hold = HOLD_ON_ACCOUNT;
	}
	for (size_t i = 0; i < r->nnamed; i++)
		r->named[i].it->mark = 0;
	return AR_OK;
}

static ar_status rule_exact(struct run *r, struct credit *c)
{
	char a[AR_MONEY_BUFSZ];
	struct item *hit = NULL;
	int n = 0;

	for (size_t i = 0; i < r->nitems; i++) {
		struct item *it = &r->items[i];
		if (usable(c, it) && it->open == c->left && n++ == 0)
			hit = it;
	}
	if (!hit) {
		explain(r, "  exact: no open item of %s %s: passed",
			money(r, c->currency, c->left, a), c->currency);
		return AR_OK;
	}
	if (n > 1)
		explain(r, "  exact: %d open items of %s: the oldest due", n,
			money(r, c->currency, c->left, a));
	say_item(r, "exact", hit, hit->open, c->left);
	return apply(r, c, hit, c->left, AR_RULE_EXACT);
}

/*
 * The combo search: k of the n candidates (oldest due first) adding up to
 * target, looked for in lexicographic order of their positions, so the
 * first set found is the oldest of its size.  max[i][j] bounds what j
 * candidates from position i on can add up to.
 */
struct combo {
	const int64_t *amt;
	int n, k;
	int64_t max[AR_APPLY_COMBO_CANDIDATES + 1][6];
	int pick[5];
	long looked;
};

static bool combo_find(struct combo *s, int from, int depth, int64_t need)
{
	int left = s->k - depth;
	if (left == 0)
		return need == 0;
	for (int i = from; i <= s->n - left; i++) {
		if (s->max[i][left] < need)
			return false;	/* nothing further on reaches it */
		if (s->amt[i] > need)
			continue;
		if (left == 1) {
			s->looked++;
			if (s->amt[i] == need) {
				s->pick[depth] = i;
				return true;
			}
			continue;
		}
		s->pick[depth] = i;
		if (combo_find(s, i + 1, depth + 1, need - s->amt[i]))
			return true;
	}
	return false;
}

static ar_status rule_combo(struct run *r, struct credit *c)
{
	char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ];
	struct item *cand[AR_APPLY_COMBO_CANDIDATES];
	int64_t amt[AR_APPLY_COMBO_CANDIDATES];
	struct combo s = {.amt = amt};
	int n = 0;

	for (size_t i = 0; i < r->nitems && n < AR_APPLY_COMBO_CANDIDATES; i++)
		if (usable(c, &r->items[i]) && r->items[i].open < c->left) {
			cand[n] = &r->items[i];
			amt[n++] = r->items[i].open;
		}
	if (n < 2) {
		explain(r, "  combo: fewer than 2 open items smaller than %s "
			"%s: passed", money(r, c->currency, c->left, a),
			c->currency);
		return AR_OK;
	}
	/* max[i][j]: the j largest amounts from position i on */
	s.n = n;
	for (int i = n; i >= 0; i--)
		for (int j = 0; j <= 5; j++) {
			if (j == 0) {
				s.max[i][j] = 0;
			} else if (i == n || n - i < j) {
				s.max[i][j] = -1;
			} else {
				/* either amt[i] is among them or not */
				int64_t with = s.max[i + 1][j - 1] + amt[i];
				int64_t without = s.max[i + 1][j];
				s.max[i][j] = with > without ? with : without;
			}
		}
	for (s.k = 2; s.k <= 5 && s.k <= n; s.k++)
		if (combo_find(&s, 0, 0, c->left))
			break;
	if (s.k > 5 || s.k > n) {
		explain(r, "  combo: no 2 to 5 of the %d %sopen items smaller "
			"than %s add up to it (%ld sets looked at): passed", n,
			n == AR_APPLY_COMBO_CANDIDATES ? "oldest " : "",
			money(r, c->currency, c->left, a), s.looked);
		return AR_OK;
	}
	if (r->o->explain) {
		char list[600] = "";
		size_t len = 0;
		for (int j = 0; j < s.k && len < sizeof(list); j++)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
				"%s%s (%s)", j ? " + " : "",
				str(r, cand[s.pick[j]]->no),
				money(r, c->currency, amt[s.pick[j]], b));
		explain(r, "  combo: %s = %s, the fewest and oldest of the %d "
			"candidates (%ld sets looked at)", list,
			money(r, c->currency, c->left, a), n, s.looked);
	}
	for (int j = 0; j < s.k; j++) {
		struct item *it = cand[s.pick[j]];
		say_item(r, "combo", it, it->open, it->open);
		ar_status st = apply(r, c, it, it->open, AR_RULE_COMBO);
		if (st != AR_OK)
			return st;
	}
	return AR_OK;
}

static ar_status rule_oldest(struct run *r, struct credit *c)
{
	bool any = false;
	for (size_t i = 0; i < r->nitems && c->left > 0; i++) {
		struct item *it = &r->items[i];
		if (!usable(c, it))
			continue;
		int64_t amt = c->left < it->open ? c->left : it->open;
		say_item(r, "oldest", it, it->open, amt);
		ar_status st = apply(r, c, it, amt, AR_RULE_OLDEST);
		if (st != AR_OK)
			return st;
		any = true;
	}
	if (!any)
		explain(r, "  oldest: no open item in %s: passed", c->currency);
	return AR_OK;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Whether credit id is flagged now (its latest flag is not ""). */
static bool was_held(const struct run *r, int64_t id)
{
	return r->nwas_held && bsearch(&id, r->was_held, r->nwas_held,
				       sizeof(id), cmp_id);
}

/* The credits flagged now (few: those held for a person), by id. */
static ar_status load_held(struct run *r)
{
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT f.credit_doc FROM "
		"credit_flag f WHERE f.id = (SELECT max(g.id) FROM credit_flag "
		"g WHERE g.credit_doc = f.credit_doc) AND f.flag <> '' ORDER BY "
		"f.credit_doc");
	size_t cap = 0;
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!grow((void **)&r->was_held, &cap, r->nwas_held,
			  sizeof(*r->was_held))) {
			sqlite3_finalize(s);
			return ar__fail(r->l, AR_ENOMEM, "out of memory");
		}
		r->was_held[r->nwas_held++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(r->l, rc, "read");
}

/* Remember that the run left c for a person (reported at its end), or,
 * HOLD_NONE, that a credit flagged before is held no more. */
static ar_status flag_credit(struct run *r, struct credit *c, enum hold hold)
{
	if (!grow((void **)&r->flagged, &r->cflagged, r->nflagged,
		  sizeof(*r->flagged)))
		return ar__fail(r->l, AR_ENOMEM, "out of memory");
	r->flagged[r->nflagged++] = (struct flagged){c->id, hold};
	switch (hold) {
	case HOLD_AMBIGUOUS: r->stats->ambiguous++; break;
	case HOLD_DUPLICATE: r->stats->duplicates++; break;
	case HOLD_ON_ACCOUNT: r->stats->on_account++; break;
	default: break;
	}
	return AR_OK;
}

static ar_status apply_credit(struct run *r, struct credit *c)
{
	char a[AR_MONEY_BUFSZ], d[AR_DATE_BUFSZ];
	int64_t before = c->left;
	enum hold hold;
	ar_status st = AR_OK;

	r->stats->credits++;
	if (r->o->explain) {
		char ref[200] = "";
		if (c->ref)
			snprintf(ref, sizeof(ref), ", reference '%.150s'",
				 str(r, c->ref));
		explain(r, "%s %s of %s dated %s: %s %s unapplied%s",
			c->memo ? "credit memo" : "payment", str(r, c->no),
			r->customer_id, day(c->date, d),
			money(r, c->currency, c->left, a), c->currency, ref);
	}
	if ((st = assess(r, c, &hold)) != AR_OK)
		return st;
	for (int i = 0; i < r->o->nrules && c->left > 0 && st == AR_OK; i++) {
		enum ar_apply_rule rule = r->o->rules[i];
		if (hold == HOLD_AMBIGUOUS || hold == HOLD_DUPLICATE)
			break;
		if (hold == HOLD_ON_ACCOUNT && rule != AR_RULE_CREDIT &&
		    rule != AR_RULE_REF) {
			const char *w;
			size_t len;
			ar_remit_on_account(str(r, c->ref), &w, &len);
			explain(r, "  %s: the reference says '%.*s': sent on "
				"account, no rule spreads it: passed",
				rule_names[rule], (int)len, w);
			continue;
		}
		switch (rule) {
		case AR_RULE_CREDIT: st = rule_credit(r, c); break;
		case AR_RULE_REF: st = rule_ref(r, c); break;
		case AR_RULE_EXACT: st = rule_exact(r, c); break;
		case AR_RULE_COMBO: st = rule_combo(r, c); break;
		case AR_RULE_OLDEST: st = rule_oldest(r, c); break;
		default: break;
		}
	}
	if (st != AR_OK)
		return st;
	if (c->left == 0) {
		r->stats->full++;
		explain(r, "  applied in full");
		if (was_held(r, c->id))
			return flag_credit(r, c, HOLD_NONE);
	} else {
		if (c->left == before)
			r->stats->none++;
		else
			r->stats->part++;
		int64_t *sum = stat_of(r, c->currency, false);
		if (sum && !ar_money_accum(sum, c->left))
			return ar__fail(r->l, AR_ELEDGER, "unapplied total "
					"overflows");
		if (hold == HOLD_NONE) {
			explain(r, "  on account: %s left unapplied",
				money(r, c->currency, c->left, a));
			if (was_held(r, c->id))
				return flag_credit(r, c, HOLD_NONE);
		} else {
			explain(r, "  flagged %s: %s left unapplied for a person",
				hold_flags[hold], money(r, c->currency, c->left,
							 a));
			return flag_credit(r, c, hold);
		}
	}
	return AR_OK;
}

/* ------------------------------------------------------------------ */

static int cmp_item(const void *a, const void *b, void *ctx)
{
	const struct item *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->doc_date != y->doc_date)
		return x->doc_date < y->doc_date ? -1 : 1;
	return strcmp(str(ctx, x->no), str(ctx, y->no));
}

static int cmp_credit(const void *a, const void *b)
{
	const struct credit *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 64;
	void *q = realloc(*p, c * size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

/*
 * The documents of a customer: a walk of the covering index
 * document_customer, with no row looked up.  What is applied to and from
 * each comes from the open-item state (its open is the amount less every
 * application): a document it holds open, or one changed after as-of,
 * is read from its applications (applied_sql); any other is wholly
 * applied, was not reopened after as-of, and was written off when one of
 * the customer's write-offs names it (written_sql).  A day's run then
 * looks up the customer's open items, not all its history.
 */
static const char docs_sql[] = "SELECT d.customer, d.id, d.doc_type, "
	"d.doc_no, d.doc_date, d.due_date, d.amount, d.currency, d.reference, "
	"d.related FROM document d INDEXED BY document_customer "
	"WHERE d.customer = ?2 AND d.doc_date <= ?1";
enum {
	D_CUSTOMER, D_ID, D_TYPE, D_NO, D_DATE, D_DUE, D_AMOUNT, D_CURRENCY,
	D_REFERENCE, D_RELATED
};

/*
 * What is applied to (debit_doc) or from (credit_doc) a document, the
 * last day an application of it was cancelled, and whether a write-off
 * was ever applied to it: one walk of the covering index.  Money applied
 * and cancelled again counts only from the cancelling date on (a
 * returned payment opens its items from that day), so new applications
 * of the document may not be effective before it.  An undo's
 * cancellations do not count: an undo is as if it had never applied.
 */
#define APPLIED_SQL(col) "SELECT coalesce(sum(a.amount), 0), " \
	"max(CASE WHEN a.amount < 0 AND a.rule <> 'undo' THEN " \
	"a.effective_date END), coalesce(max(a.rule = 'writeoff'), 0) " \
	"FROM application a WHERE a." col " = ?1"
static const char *const applied_sql[2] = {
	APPLIED_SQL("debit_doc"), APPLIED_SQL("credit_doc"),
};
/* the customer's open documents, in id order (the index's) */
static const char open_sql[] = "SELECT document FROM open_state INDEXED BY "
	"open_state_customer WHERE customer = ?1 AND open <> 0";
/* the items a write-off of the customer was applied to: a write-off's
 * application has the rule 'writeoff' and the write-off document the
 * customer of its item (post.c) */
static const char written_sql[] = "SELECT a.debit_doc FROM document w "
	"INDEXED BY document_customer JOIN application a INDEXED BY "
	"application_credit ON a.credit_doc = w.id WHERE w.customer = ?1 "
	"AND w.doc_type = 'writeoff' AND a.rule = 'writeoff'";
/* documents changed after as-of: at most ar__apply_late_max of them
 * are kept, a run as of a date further back reads every document's
 * applications (as does every run when tests set it to 0) */
static const char late_sql[] = "SELECT document FROM open_state INDEXED BY "
	"open_state_changed WHERE changed > ?1";
size_t ar__apply_late_max = 65536;

/* Start on customer cust: nothing of it read yet. */
static void start_customer(struct run *r, int64_t cust)
{
	r->cust = cust;
	r->nitems = r->ncredits = 0;
	r->alen = 0;
	keep(r, (const unsigned char *)"", 0);	/* offset 0: no text */
}

/* Is id in the sorted set x. */
static bool has(const struct ids *x, int64_t id)
{
	return x->n && bsearch(&id, x->v, x->n, sizeof(id), cmp_id);
}

/* Read the ids s gives into x, sorted; more than max: *over, x empty. */
static ar_status read_ids(struct run *r, sqlite3_stmt *s, struct ids *x,
			  size_t max, bool *over)
{
	int rc;
	x->n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (x->n == max) {
			*over = true;
			x->n = 0;
			rc = SQLITE_DONE;
			break;
		}
		if (!grow((void **)&x->v, &x->cap, x->n, sizeof(*x->v))) {
			sqlite3_reset(s);
			return ar__fail(r->l, AR_ENOMEM, "out of memory");
		}
		x->v[x->n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(r->l, rc, "read");
	if (x->n)
		qsort(x->v, x->n, sizeof(*x->v), cmp_id);
	return AR_OK;
}

/* What is applied to or from document id (see APPLIED_SQL). */
static ar_status applied_of(struct run *r, int64_t id, bool credit,
			    const unsigned char *no, int64_t *sum,
			    ar_date *since, bool *written_off)
{
	sqlite3_stmt *q = r->applied[credit];
	int rc;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return ar__sqlfail(r->l, rc, "read");
	}
	*sum = sqlite3_column_int64(q, 0);
	*since = AR_DATE_NONE;
	*written_off = sqlite3_column_int(q, 2) != 0;
	const unsigned char *d = sqlite3_column_text(q, 1);
	bool ok = !d || ar_date_parse_iso((const char *)d,
		(size_t)sqlite3_column_bytes(q, 1), since) == AR_OK;
	sqlite3_reset(q);
	if (!ok)
		return ar__fail(r->l, AR_ELEDGER, "'%s': unreadable "
				"applications of %s", ar_ledger_path(r->l),
				(const char *)no);
	return AR_OK;
}

/* Add the document of the row s is on (docs_sql) to the customer's. */
static ar_status add_document(struct run *r, sqlite3_stmt *s)
{
	int64_t id = sqlite3_column_int64(s, D_ID);
	int64_t amount = sqlite3_column_int64(s, D_AMOUNT), applied = amount;
	ar_date since = AR_DATE_NONE;
	const char *type = (const char *)sqlite3_column_text(s, D_TYPE);
	const unsigned char *no = sqlite3_column_text(s, D_NO);
	const unsigned char *cur = sqlite3_column_text(s, D_CURRENCY);
	bool memo = strcmp(type, "credit_memo") == 0;
	bool payment = strcmp(type, "payment") == 0;
	bool written_off = false;
	ar_status st;

	/* write-offs are always applied to their item */
	if (strcmp(type, "writeoff") == 0)
		return AR_OK;
	if (r->late_all || has(&r->open, id) || has(&r->late, id)) {
		if ((st = applied_of(r, id, memo || payment, no, &applied,
				     &since, &written_off)) != AR_OK)
			return st;
	} else if (memo || payment) {
		return AR_OK;	/* wholly applied */
	} else {
		written_off = has(&r->written, id);
	}
	/* reopened after as-of: as if not open yet */
	if (since != AR_DATE_NONE && since > r->o->as_of)
		return AR_OK;
	if ((memo || payment) && amount - applied <= 0)
		return AR_OK;
	uint32_t noff = keep(r, no, (size_t)sqlite3_column_bytes(s, D_NO));
	if (noff == UINT32_MAX)
		return ar__fail(r->l, AR_ENOMEM, "out of memory");
	if (!memo && !payment) {
		if (!grow((void **)&r->items, &r->citems, r->nitems,
			  sizeof(*r->items)))
			return ar__fail(r->l, AR_ENOMEM, "out of memory");
		struct item *it = &r->items[r->nitems++];
		it->id = sqlite3_column_int64(s, D_ID);
		it->amount = amount;
		it->open = amount - applied;
		it->doc_date = ar__column_date(s, D_DATE);
		it->due = ar__column_date(s, D_DUE);
		if (it->due == AR_DATE_NONE)
			it->due = it->doc_date;
		it->no = noff;
		it->since = since;
		it->mark = 0;
		it->written_off = written_off;
		snprintf(it->currency, 4, "%s", cur);
		return AR_OK;
	}
	if (!grow((void **)&r->credits, &r->ccredits, r->ncredits,
		  sizeof(*r->credits)))
		return ar__fail(r->l, AR_ENOMEM, "out of memory");
	struct credit *c = &r->credits[r->ncredits++];
	c->id = sqlite3_column_int64(s, D_ID);
	c->amount = amount;
	c->left = amount - applied;
	c->date = ar__column_date(s, D_DATE);
	c->since = since;
	c->no = noff;
	c->ref = c->check = 0;
	if (sqlite3_column_type(s, D_REFERENCE) != SQLITE_NULL)
		c->ref = keep(r, sqlite3_column_text(s, D_REFERENCE),
			      (size_t)sqlite3_column_bytes(s, D_REFERENCE));
	c->related = sqlite3_column_int64(s, D_RELATED);
	c->memo = memo;
	snprintf(c->currency, 4, "%s", cur);
	if (c->ref == UINT32_MAX)
		return ar__fail(r->l, AR_ENOMEM, "out of memory");
	return AR_OK;
}

/* The customer's documents are all read: put them in order. */
static ar_status sort_customer(struct run *r)
{
	qsort_r(r->items, r->nitems, sizeof(*r->items), cmp_item, r);
	qsort(r->credits, r->ncredits, sizeof(*r->credits), cmp_credit);
	uint32_t *by = realloc(r->by_no, (r->nitems + 1) * sizeof(*by));
	if (!by)
		return ar__fail(r->l, AR_ENOMEM, "out of memory");
	r->by_no = by;
	for (size_t i = 0; i < r->nitems; i++)
		by[i] = (uint32_t)i;
	qsort_r(by, r->nitems, sizeof(*by), cmp_no, r);
	return AR_OK;
}

/* Apply the credits of the customer read, once its number is known. */
static ar_status apply_customer(struct run *r)
{
	ar_status st;
	int rc;

	if (r->ncredits == 0)
		return AR_OK;
	sqlite3_reset(r->cust_id);
	sqlite3_bind_int64(r->cust_id, 1, r->cust);
	if ((rc = sqlite3_step(r->cust_id)) != SQLITE_ROW)
		return ar__sqlfail(r->l, rc == SQLITE_DONE ? SQLITE_CORRUPT :
				   rc, "read");
	r->customer_id = (const char *)sqlite3_column_text(r->cust_id, 0);
	st = sort_customer(r);
	for (size_t i = 0; i < r->ncredits && st == AR_OK; i++)
		st = apply_credit(r, &r->credits[i]);
	return st;
}

/* Apply the credits of customer cust, its documents read through s. */
static ar_status apply_one(struct run *r, sqlite3_stmt *s, int64_t cust)
{
	ar_status st;
	int rc;

	start_customer(r, cust);
	bool over = false;
	sqlite3_bind_int64(r->open_q, 1, cust);
	sqlite3_bind_int64(r->written_q, 1, cust);
	if ((st = read_ids(r, r->open_q, &r->open, SIZE_MAX, &over)) != AR_OK ||
	    (st = read_ids(r, r->written_q, &r->written, SIZE_MAX, &over))
	    != AR_OK)
		return st;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 2, cust);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((st = add_document(r, s)) != AR_OK)
			return st;
	if (rc != SQLITE_DONE)
		return ar__sqlfail(r->l, rc, "read");
	return apply_customer(r);
}

/*
 * The customers with a payment or credit memo dated on or before as-of
 * and not wholly applied, as a bitmap over customer.id (caller frees
 * *bits; *max is the largest id).  The open-item state's open credits
 * say which (it counts every application, as this must): on a ledger
 * where most cash is applied, the run then reads only the customers that
 * have some left, and finding them costs what the open credits cost.
 * The only other credit, a write-off, is applied whole when posted (and
 * passed over by add_document()): the state's own index says it all.
 */
static ar_status customers_with_cash(struct run *r, uint64_t **bits,
				     int64_t *max)
{
	char as_of[AR_DATE_BUFSZ];
	int rc;
	sqlite3_stmt *m = ar__prepare(r->l, "SELECT coalesce(max(id), 0) "
				      "FROM customer");
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT customer FROM open_state "
		"INDEXED BY open_state_open WHERE open <> 0 AND open > 0 AND "
		"sign = -1 AND doc_date <= ?1");

	*bits = NULL;
	*max = 0;
	if (!m || !s || sqlite3_step(m) != SQLITE_ROW) {
		sqlite3_finalize(m);
		sqlite3_finalize(s);
		return m && s ? ar__sqlfail(r->l, SQLITE_ERROR, "read") :
			AR_ELEDGER;
	}
	*max = sqlite3_column_int64(m, 0);
	sqlite3_finalize(m);
	*bits = calloc((size_t)(*max / 64 + 1), sizeof(**bits));
	if (!*bits) {
		sqlite3_finalize(s);
		return ar__fail(r->l, AR_ENOMEM, "out of memory");
	}
	sqlite3_bind_text(s, 1, day(r->o->as_of, as_of), 10, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t c = sqlite3_column_int64(s, 0);
		if (c > 0 && c <= *max)
			(*bits)[c / 64] |= UINT64_C(1) << (c % 64);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(r->l, rc, "read");
}

/*
 * Every customer with cash to apply, in ascending order: the seeks into
 * the covering index document_customer then go through it in order.
 */
static ar_status apply_all(struct run *r, sqlite3_stmt *s)
{
	uint64_t *bits;
	int64_t max;
	long done = 0;
	ar_status st = customers_with_cash(r, &bits, &max);

	for (int64_t c = 1; c <= max && st == AR_OK; c++) {
		if (!(bits[c / 64] & UINT64_C(1) << (c % 64)))
			continue;
		st = apply_one(r, s, c);
		if (++done % 1000 == 0)
			ar__progress(r->l, "applying cash: %ld customers, %ld "
				     "applications", done,
				     r->stats->applications);
	}
	free(bits);
	return st;
}

/*
 * Record the credits the run flagged: a row of credit_flag for each whose
 * latest flag is another (a credit held day after day is recorded once,
 * by the run that first held it); a credit flagged before that the run
 * held no more gets a row of flag "" (not reported).
 */
static ar_status post_flags(struct run *r)
{
	sqlite3_stmt *last = ar__prepare(r->l, "SELECT flag FROM credit_flag "
		"WHERE credit_doc = ? ORDER BY id DESC LIMIT 1");
	sqlite3_stmt *add = ar__prepare(r->l, "INSERT INTO credit_flag "
		"(credit_doc, flag, unapplied, batch_id) VALUES (?, ?, "
		"(SELECT open FROM open_state WHERE document = ?1), ?)");
	ar_status st = AR_OK;
	int rc;

	if (!last || !add) {
		sqlite3_finalize(last);
		sqlite3_finalize(add);
		return AR_ELEDGER;
	}
	for (size_t i = 0; i < r->nflagged && st == AR_OK; i++) {
		const char *flag = hold_flags[r->flagged[i].hold];
		sqlite3_reset(last);
		sqlite3_bind_int64(last, 1, r->flagged[i].credit);
		rc = sqlite3_step(last);
		if (rc == SQLITE_ROW && strcmp((const char *)
				sqlite3_column_text(last, 0), flag) == 0)
			continue;
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			st = ar__sqlfail(r->l, rc, "read");
			break;
		}
		sqlite3_reset(last);
		sqlite3_reset(add);
		sqlite3_bind_int64(add, 1, r->flagged[i].credit);
		sqlite3_bind_text(add, 2, flag, -1, SQLITE_STATIC);
		sqlite3_bind_int64(add, 3, r->batch);
		if ((rc = sqlite3_step(add)) != SQLITE_DONE)
			st = ar__sqlfail(r->l, rc, "write");
	}
	sqlite3_finalize(last);
	sqlite3_finalize(add);
	return st;
}

ar_status ar_apply_run(struct ar_ledger *l, const struct ar_apply_options *o,
		       const struct ar_apply_callbacks *cb,
		       struct ar_apply_stats *stats)
{
	struct ar_apply_stats dummy = {0};
	struct run r = {.l = l, .o = o, .cb = cb, .stats = stats ? stats :
			&dummy, .batch = ar_ledger_batch(l)};
	ar_date closed;
	ar_status st;

	if (!r.batch)
		return ar__fail(l, AR_EUSAGE, "cash application needs a batch");
	if ((st = ar_ledger_closed_through(l, &closed)) != AR_OK)
		return st;
	r.unlock = closed == AR_DATE_NONE || o->allow_closed ? AR_DATE_NONE :
		   closed + 1;
	if ((st = ar__period_check(l, o->as_of, o->allow_closed, "as_of"))
	    != AR_OK)
		return st;
	if (o->writeoff_under) {
		int64_t v;
		const char *u = o->writeoff_under;
		if (ar_money_parse(u, strlen(u), 4, NULL, 0, &v, NULL) != AR_OK ||
		    v < 0)
			return ar__fail_field(l, AR_EUSAGE, "writeoff_under",
					      "'%s' is not an amount", u);
	}
	char as_of[AR_DATE_BUFSZ];
	int64_t only = 0;
	if (o->customer_id &&
	    (st = ar_ledger_customer_find(l, o->customer_id, &only)) != AR_OK)
		goto out;
	r.docs = ar__prepare(l, docs_sql);
	r.cust_id = ar__prepare(l, "SELECT customer_id FROM customer "
				"WHERE id = ?");
	r.applied[0] = ar__prepare(l, applied_sql[0]);
	r.applied[1] = ar__prepare(l, applied_sql[1]);
	r.open_q = ar__prepare(l, open_sql);
	r.written_q = ar__prepare(l, written_sql);
	sqlite3_stmt *late = ar__prepare(l, late_sql);
	if (!r.docs || !r.cust_id || !r.applied[0] || !r.applied[1] ||
	    !r.open_q || !r.written_q || !late) {
		sqlite3_finalize(late);
		st = AR_ELEDGER;
		goto out;
	}
	sqlite3_bind_text(r.docs, 1, day(o->as_of, as_of), 10, SQLITE_STATIC);
	sqlite3_bind_text(late, 1, as_of, 10, SQLITE_STATIC);
	r.late_all = ar__apply_late_max == 0;
	st = r.late_all ? AR_OK : read_ids(&r, late, &r.late,
					   ar__apply_late_max, &r.late_all);
	sqlite3_finalize(late);
	if (st != AR_OK ||
	    (st = load_held(&r)) != AR_OK ||
	    (st = ar__pending_begin(l, &r.queue)) != AR_OK ||
	    (st = only ? apply_one(&r, r.docs, only) :
	     apply_all(&r, r.docs)) != AR_OK)
		goto out;
	/* no statement may still be reading when the indexes change */
	sqlite3_reset(r.docs);
	sqlite3_reset(r.cust_id);
	if (r.elsewhere)
		sqlite3_reset(r.elsewhere);
	if (r.check_no)
		sqlite3_reset(r.check_no);
	if ((st = ar__pending_post(l, &r.queue)) == AR_OK &&
	    (st = post_flags(&r)) == AR_OK)
		st = ar__apply_report_flags(l, r.batch, cb);
out:
	sqlite3_finalize(r.docs);
	sqlite3_finalize(r.cust_id);
	sqlite3_finalize(r.applied[0]);
	sqlite3_finalize(r.applied[1]);
	sqlite3_finalize(r.open_q);
	sqlite3_finalize(r.written_q);
	free(r.late.v);
	free(r.open.v);
	free(r.written.v);
	sqlite3_finalize(r.elsewhere);
	sqlite3_finalize(r.check_no);
	free(r.named);
	free(r.flagged);
	free(r.was_held);
	free(r.items);
	free(r.credits);
	free(r.by_no);
	free(r.arena);
	return st;
}

ar_status ar__apply_report_flags(struct ar_ledger *l, int64_t batch,
				 const struct ar_apply_callbacks *cb)
{
	sqlite3_stmt *s = ar__prepare(l,
		"SELECT d.doc_date, c.customer_id, d.doc_type, d.doc_no, "
		"d.currency, f.unapplied, f.flag FROM credit_flag f "
		"JOIN document d ON d.id = f.credit_doc "
		"JOIN customer c ON c.id = d.customer "
		"WHERE f.batch_id = ? AND f.flag <> '' ORDER BY f.id");
	ar_status st = AR_OK;
	int rc;

	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, batch);
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(s, 4);
		int e = ar__exponent(l, cur);
		struct ar_application_row row = {
			.batch = batch,
			.date = ar__column_date(s, 0),
			.customer_id = (const char *)sqlite3_column_text(s, 1),
			.credit_type = (const char *)sqlite3_column_text(s, 2),
			.credit_no = (const char *)sqlite3_column_text(s, 3),
			.doc_no = "", .currency = cur, .exponent = e,
			.amount = 0, .rule = "held", .doc_open_after = 0,
			.credit_unapplied_after = sqlite3_column_int64(s, 5),
			.flag = (const char *)sqlite3_column_text(s, 6),
		};
		if (cb && cb->row)
			st = cb->row(cb->ctx, &row);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(l, rc, "read");
	sqlite3_finalize(s);
	return st;
}
