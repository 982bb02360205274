/*
 * check_scan.c - the checks of 'ar-ledger check' that follow every
 * document through its applications, in one pass.
 *
 * Four streams, each in the order of its table or index, so that none is
 * sorted: the documents by id, the open-item state by document, and the
 * applications by (debit_doc, effective_date) and by (credit_doc,
 * effective_date) off their covering indexes.  They are merged on the
 * document: for each, its applications day by day give the running
 * total that must stay within 0..amount (rules 3 and 4 of check.c), and
 * their sum and latest date give what the open-item state must say
 * (rule 6), computed here from the history without the triggers' help.
 *
 * The same pass checks what each application can be checked against on
 * its own side: a debit document on the debit side, a credit document on
 * the credit side, dated no later than the application, a document and a
 * batch that exist.  That the two documents of an application belong to
 * one customer and currency it checks by a sum over each side of a hash
 * of (application, customer, currency): the two sums differ when any
 * application crosses.  Only then does check.c run the query that names
 * the applications that cross.
 *
 * The problems come out in the order of the checks they belong to,
 * through temp.ar_check_later, which holds their messages (none on a
 * clean ledger) until check.c asks for each kind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "internal.h"

/* one stream of rows ordered by its first column, a document id */
struct stream {
	sqlite3_stmt *s;
	int rc;			/* of the last sqlite3_step() */
};

static bool more(const struct stream *t)
{
	return t->rc == SQLITE_ROW;
}

static int64_t doc_of(const struct stream *t)
{
	return sqlite3_column_int64(t->s, 0);
}

static const char *text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t ? t : "";
}

static void next(struct stream *t)
{
	t->rc = sqlite3_step(t->s);
}

/* the document the streams are at, as the documents stream gives it */
struct doc {
	int64_t id, customer, sign, amount;
	const char *type, *no, *currency, *doc_date, *due_date;
	int exponent;
};

struct scan {
	struct ar_ledger *l;
	sqlite3_stmt *later;	/* INSERT INTO temp.ar_check_later */
	uint64_t side[2];	/* the hash sums of the debit and credit side */
	bool suspect;		/* an application may cross or come early */
	unsigned char *batches;	/* a bit per batch id that exists */
	int64_t nbatches;	/* ids 0 .. nbatches - 1 */
	ar_status st;
};

/* a problem of kind (AR__CHECK_LATER_*) to say later under key (text,
 * or with key NULL the integer n) */
static void keep_n(struct scan *c, int kind, const char *key, int64_t n,
		   const char *msg)
{
	if (c->st != AR_OK)
		return;
	sqlite3_bind_int(c->later, 1, kind);
	if (key)
		sqlite3_bind_text(c->later, 2, key, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(c->later, 2, n);
	sqlite3_bind_text(c->later, 3, msg, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(c->later);
	sqlite3_reset(c->later);
	if (rc != SQLITE_DONE)
		c->st = ar__sqlfail(c->l, rc, "check");
}

static void keep(struct scan *c, int kind, const char *key, const char *msg)
{
	keep_n(c, kind, key, 0, msg);
}

/* an application names what does not exist: said as SQLite's foreign
 * key check says it */
static void missing(struct scan *c, int64_t app, const char *parent)
{
	char msg[128];
	snprintf(msg, sizeof(msg), "foreign key: application row %lld names "
		 "a missing %s", (long long)app, parent);
	keep_n(c, AR__CHECK_LATER_FOREIGN, NULL, app, msg);
}

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* the application app joins a document of customer and currency */
static uint64_t pair_hash(int64_t app, int64_t customer, const char *currency)
{
	uint64_t h = mix((uint64_t)app) ^ mix((uint64_t)customer + 1);
	for (const unsigned char *p = (const unsigned char *)currency; *p; p++)
		h = mix(h ^ *p);
	return h;
}

/* the application at stream t, on the side of document d: its batch
 * exists, its document is of the side's kind and not later than it */
static void own_side(struct scan *c, struct stream *t, const struct doc *d,
		     bool debit)
{
	int64_t app = sqlite3_column_int64(t->s, 3);
	int64_t batch = sqlite3_column_int64(t->s, 4);
	if (batch < 0 || batch >= c->nbatches ||
	    !(c->batches[batch >> 3] & (1u << (batch & 7))))
		missing(c, app, "batch");
	if (d->sign != (debit ? 1 : -1) ||
	    strcmp(text(t->s, 1), d->doc_date) < 0)
		c->suspect = true;
	c->side[!debit] += pair_hash(app, d->customer, d->currency);
}
/*
 * The applications of stream t to document d, day by day: a running
 * total outside 0..amount is a problem; *applied and *latest gain their
 * sum and latest date.
 */
static void follow(struct scan *c, struct stream *t, const struct doc *d,
		   bool debit, int64_t *applied, char latest[16])
{
	int64_t run = 0;
	bool overflow = false;

	while (more(t) && doc_of(t) == d->id) {
		char day[16];
		snprintf(day, sizeof(day), "%s", text(t->s, 1));
		/* one day's applications together, as the running sum of
		 * the day's total */
		while (more(t) && doc_of(t) == d->id &&
		       strcmp(text(t->s, 1), day) == 0) {
			own_side(c, t, d, debit);
			if (__builtin_add_overflow(run,
						   sqlite3_column_int64(t->s, 2),
						   &run))
				overflow = true;
			next(t);
		}
		if (strcmp(day, latest) > 0)
			snprintf(latest, 16, "%s", day);
		if (!overflow && run >= 0 && run <= d->amount)
			continue;

		char msg[512], sum[AR_MONEY_BUFSZ], amount[AR_MONEY_BUFSZ];
		ar_money_format(sum, run, d->exponent, 0);
		ar_money_format(amount, d->amount, d->exponent, 0);
		snprintf(msg, sizeof(msg), "%s %s: %s applied by %s, outside "
			 "0..%s %s", d->type, d->no, overflow ? "more than can "
			 "be counted" : sum, day, amount, d->currency);
		keep(c, debit ? AR__CHECK_LATER_DEBIT : AR__CHECK_LATER_CREDIT,
		     "", msg);
		overflow = false;
	}
	if (__builtin_add_overflow(*applied, run, applied))
		*applied = INT64_MAX;
}

static const char fix[] = "; 'ar-ledger rebuild' makes it anew";

/* the state's row of d (state at it, or not when have is false) against
 * what the history says */
static void compare(struct scan *c, const struct doc *d, sqlite3_stmt *s,
		    bool have, int64_t open, const char *changed)
{
	char key[256], msg[768];
	snprintf(key, sizeof(key), "%s %s", d->type, d->no);
	if (!have) {
		snprintf(msg, sizeof(msg), "open-item state: %s %s is missing%s",
			 key, d->currency, fix);
		keep(c, AR__CHECK_LATER_STATE, key, msg);
		return;
	}
	if (sqlite3_column_int64(s, 1) == d->customer &&
	    strcmp(text(s, 2), d->currency) == 0 &&
	    sqlite3_column_int64(s, 3) == d->sign &&
	    strcmp(text(s, 4), d->doc_date) == 0 &&
	    strcmp(text(s, 5), d->due_date) == 0 &&
	    sqlite3_column_int64(s, 6) == d->amount &&
	    sqlite3_column_int64(s, 7) == open &&
	    strcmp(text(s, 8), changed) == 0 &&
	    sqlite3_column_type(s, 7) == SQLITE_INTEGER)
		return;
	char have_s[AR_MONEY_BUFSZ], want[AR_MONEY_BUFSZ];
	ar_money_format(have_s, sqlite3_column_int64(s, 7), d->exponent, 0);
	ar_money_format(want, open, d->exponent, 0);
	snprintf(msg, sizeof(msg), "open-item state: %s %s says %s as of %s, "
		 "the history %s as of %s%s", key, d->currency, have_s,
		 text(s, 8), want, changed, fix);
	keep(c, AR__CHECK_LATER_STATE, key, msg);
}

/* a row of the state whose document the ledger does not hold */
static void orphan(struct scan *c, sqlite3_stmt *s)
{
	char key[64], msg[512];
	snprintf(key, sizeof(key), "document row %lld",
		 (long long)sqlite3_column_int64(s, 0));
	snprintf(msg, sizeof(msg), "open-item state: %s %s has no documents "
		 "behind it%s", key, text(s, 2), fix);
	keep(c, AR__CHECK_LATER_STATE, key, msg);
}

static const char *const sqls[] = {
	"SELECT id, customer, sign, amount, doc_type, doc_no, currency, "
	"doc_date, coalesce(due_date, doc_date) FROM document ORDER BY id",
	"SELECT document, customer, currency, sign, doc_date, due_date, "
	"amount, open, changed FROM open_state ORDER BY document",
	"SELECT debit_doc, effective_date, amount, id, batch_id FROM "
	"application INDEXED BY application_debit ORDER BY debit_doc, "
	"effective_date",
	"SELECT credit_doc, effective_date, amount, id, batch_id FROM "
	"application INDEXED BY application_credit ORDER BY credit_doc, "
	"effective_date",
};

static void merge(struct scan *c, struct stream t[4])
{
	struct stream *docs = &t[0], *state = &t[1], *deb = &t[2],
		*cred = &t[3];
	int64_t seen = 0;

	while (c->st == AR_OK && more(docs)) {
		sqlite3_stmt *s = docs->s;
		struct doc d = {
			.id = sqlite3_column_int64(s, 0),
			.customer = sqlite3_column_int64(s, 1),
			.sign = sqlite3_column_int64(s, 2),
			.amount = sqlite3_column_int64(s, 3),
			.type = text(s, 4), .no = text(s, 5),
			.currency = text(s, 6), .doc_date = text(s, 7),
			.due_date = text(s, 8),
		};
		d.exponent = ar__exponent(c->l, d.currency);

		/* applications and state rows of no document */
		for (struct stream *a = deb; a <= cred; a++)
			while (more(a) && doc_of(a) < d.id) {
				missing(c, sqlite3_column_int64(a->s, 3),
					"document");
				next(a);
			}
		while (c->st == AR_OK && more(state) && doc_of(state) < d.id) {
			orphan(c, state->s);
			next(state);
		}

		int64_t applied = 0;
		char latest[16];
		snprintf(latest, sizeof(latest), "%s", d.doc_date);
		follow(c, deb, &d, true, &applied, latest);
		follow(c, cred, &d, false, &applied, latest);
		int64_t open;
		if (__builtin_sub_overflow(d.amount, applied, &open))
			open = INT64_MIN;
		bool have = more(state) && doc_of(state) == d.id;
		compare(c, &d, state->s, have, open, latest);
		if (have)
			next(state);
		next(docs);
		if ((++seen & 0x3ffff) == 0)
			ar__progress(c->l, "%lld documents followed",
				     (long long)seen);
	}
	while (c->st == AR_OK && more(state)) {
		orphan(c, state->s);
		next(state);
	}
	for (struct stream *a = deb; a <= cred; a++)
		while (c->st == AR_OK && more(a)) {
			missing(c, sqlite3_column_int64(a->s, 3), "document");
			next(a);
		}
}

/* the batch ids that exist, a bit each */
static ar_status load_batches(struct scan *c)
{
	int64_t max = 0;
	ar_status st = ar__int_query(c->l, "SELECT coalesce(max(id), 0) FROM "
				     "batch", &max);
	if (st != AR_OK)
		return st;
	if (max < 0 || max > INT64_C(1) << 32)
		return ar__fail(c->l, AR_ELEDGER, "check: batch ids beyond "
				"%lld", (long long)max);
	c->nbatches = max + 1;
	if (!(c->batches = calloc((size_t)(c->nbatches + 7) / 8, 1)))
		return AR_ENOMEM;
	sqlite3_stmt *s = ar__prepare(c->l, "SELECT id FROM batch WHERE id >= 0");
	int rc;
	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		c->batches[id >> 3] |= (unsigned char)(1u << (id & 7));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(c->l, rc, "check");
}

ar_status ar__check_scan(struct ar_ledger *l, bool *suspect)
{
	struct scan c = {.l = l, .st = AR_OK};
	struct stream t[4] = {{0}};
	size_t n = sizeof(sqls) / sizeof(sqls[0]);

	if ((c.st = ar__exec(l, "CREATE TEMP TABLE IF NOT EXISTS "
			     "ar_check_later (kind INTEGER NOT NULL, key TEXT "
			     "NOT NULL, msg TEXT NOT NULL); DELETE FROM "
			     "temp.ar_check_later")) != AR_OK)
		return c.st;
	if (!(c.later = ar__prepare(l, "INSERT INTO temp.ar_check_later "
				    "VALUES (?1, ?2, ?3)")))
		return AR_ELEDGER;
	c.st = load_batches(&c);
	for (size_t i = 0; i < n && c.st == AR_OK; i++) {
		if (!(t[i].s = ar__prepare(l, sqls[i])))
			c.st = AR_ELEDGER;
		else
			next(&t[i]);
	}
	if (c.st == AR_OK)
		merge(&c, t);
	for (size_t i = 0; i < n; i++) {
		if (c.st == AR_OK && t[i].s && t[i].rc != SQLITE_DONE &&
		    t[i].rc != SQLITE_ROW)
			c.st = ar__sqlfail(l, t[i].rc, "check");
		sqlite3_finalize(t[i].s);
	}
	sqlite3_finalize(c.later);
	free(c.batches);
	*suspect = c.suspect || c.side[0] != c.side[1];
	return c.st;
}

ar_status ar__check_later(struct ar_ledger *l, int kind, ar_notice_fn fn,
			  void *ctx, long *problems)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT msg FROM temp.ar_check_later "
				      "WHERE kind = ?1 ORDER BY key, rowid");
	int rc;

	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int(s, 1, kind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ar__tell(fn, ctx, AR_NOTICE_PROBLEM, NULL, text(s, 0));
		++*problems;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "check");
	return AR_OK;
}
