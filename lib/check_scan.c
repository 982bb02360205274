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
 * The problems come out in the order of the checks they belong to: the
 * debit bounds as found (document, then day), the credit bounds and the
 * state's after them, through temp.ar_check_later, which holds their
 * messages (none on a clean ledger) until check.c asks for each kind.
 */
#include <stdio.h>
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

struct scan {
	struct ar_ledger *l;
	ar_problem_fn fn;
	void *ctx;
	long *problems;
	sqlite3_stmt *later;	/* INSERT INTO temp.ar_check_later */
	ar_status st;
};

/* a problem of kind (AR__CHECK_LATER_*) to say later under key */
static void keep(struct scan *c, int kind, const char *key, const char *msg)
{
	if (c->st != AR_OK)
		return;
	sqlite3_bind_int(c->later, 1, kind);
	sqlite3_bind_text(c->later, 2, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->later, 3, msg, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(c->later);
	sqlite3_reset(c->later);
	if (rc != SQLITE_DONE)
		c->st = ar__sqlfail(c->l, rc, "check");
}

/* the document the streams are at, as the documents stream gives it */
struct doc {
	int64_t id, customer, sign, amount;
	const char *type, *no, *currency, *doc_date, *due_date;
	int exponent;
};

/*
 * The applications of stream t to document d, day by day: a running
 * total outside 0..amount is a problem (said now for the debit side,
 * kept for later for the credit side); *applied and *latest gain their
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
		if (debit) {
			c->fn(c->ctx, msg);
			++*c->problems;
		} else {
			keep(c, AR__CHECK_LATER_CREDIT, "", msg);
		}
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
	"SELECT debit_doc, effective_date, amount FROM application INDEXED BY "
	"application_debit ORDER BY debit_doc, effective_date",
	"SELECT credit_doc, effective_date, amount FROM application INDEXED BY "
	"application_credit ORDER BY credit_doc, effective_date",
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
		int e = ar_ledger_currency_exponent(c->l, d.currency);
		d.exponent = e < 0 ? 2 : e;

		/* applications and state rows of no document: the foreign
		 * key check names the former; the latter are said here */
		while (more(deb) && doc_of(deb) < d.id)
			next(deb);
		while (more(cred) && doc_of(cred) < d.id)
			next(cred);
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
}

ar_status ar__check_scan(struct ar_ledger *l, ar_problem_fn fn, void *ctx,
			 long *problems)
{
	struct scan c = {l, fn, ctx, problems, NULL, AR_OK};
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
	return c.st;
}

ar_status ar__check_later(struct ar_ledger *l, int kind, ar_problem_fn fn,
			  void *ctx, long *problems)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT msg FROM temp.ar_check_later "
				      "WHERE kind = ?1 ORDER BY key, rowid");
	int rc;

	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int(s, 1, kind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(ctx, text(s, 0));
		++*problems;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "check");
	return kind == AR__CHECK_LATER_STATE
		? ar__exec(l, "DELETE FROM temp.ar_check_later") : AR_OK;
}
