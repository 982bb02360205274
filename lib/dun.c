/*
 * dun.c - who gets a dunning letter, at which level, with which charges;
 * the guards that hold a letter back; the letters recorded and the
 * charges posted (ar-dun(1) states the rules).
 *
 * One pass over the overdue items of every customer (the open-item
 * state, as of the run's date) grouped by customer; the guards read the
 * customer row, the promise rule of ar-note(1) (promise_int.h), the
 * pauses and the last letter.  Charges are posted after the pass, so the
 * pass never reads documents it wrote.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/dun.h"
#include "ar/mail.h"
#include "ar/money.h"
#include "ar/note.h"
#include "ar/correspond.h"
#include "internal.h"
#include "promise_int.h"
#include "report_int.h"

/* The settings of a run. */
struct conf {
	struct ar_dun_levels levels;
	int64_t fee[AR_DUN_LEVELS_MAX], rate[AR_DUN_LEVELS_MAX];
	int64_t min_amount;
	int min_interval;
	bool compound;
	char base[4];
	int base_exp;
	char *company_name, *company_address, *company_email, *remit_to;
};

/* A charge to post after the pass. */
struct charge {
	int64_t customer, related, amount;
	char currency[4];
	char description[160];
};

struct run {
	struct ar_ledger *l;
	const struct ar_dun_options *o;
	struct conf c;
	ar_dun_letter_fn fn;
	void *ctx;
	struct ar_dun_stats *stats;
	int64_t *promised;	/* customers with a promise in force, sorted */
	size_t npromised, cap_promised;
	bool oom;
	struct charge *charges;
	size_t ncharges, cap_charges;
	/* the customer being read */
	struct cust {
		int64_t id;
		char customer_id[128];
		char *name, *email, *address;
		char status[12], contact[12], kind[12];
	} cu;
	struct row {
		struct ar_dun_item it;
		char currency[4];
		int64_t disputed;
		ar_date charged;	/* the last interest charged, or NONE */
	} *rows;
	size_t nrows, cap_rows;
};

static void skipped(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void skipped(struct run *r, const char *fmt, ...)
{
	char why[300];
	va_list ap;
	if (!ar__notice_wanted(r->l))
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ar__say(r->l, AR_NOTICE_SKIP, "%s: skipped: %s", r->cu.customer_id,
		why);
}

static ar_status setting_text(struct ar_ledger *l, const char *key, char **v)
{
	return ar_setting_get(l, key, v, NULL);
}

static ar_status conf_read(struct ar_ledger *l, struct conf *c)
{
	char *v = NULL, key[40];
	ar_status st;
	if ((st = setting_text(l, "currency.base", &v)) != AR_OK)
		return st;
	snprintf(c->base, sizeof(c->base), "%s", v);
	free(v);
	c->base_exp = ar__exponent(l, c->base);
	if ((st = setting_text(l, "dunning.levels", &v)) != AR_OK)
		return st;
	bool ok = ar_dun_levels_parse(v, &c->levels);
	free(v);
	if (!ok)
		return ar__fail(l, AR_EUSAGE, "dunning.levels is not valid");
	for (int n = 1; n <= AR_DUN_LEVELS_MAX; n++) {
		snprintf(key, sizeof(key), "dunning.fee.%d", n);
		if ((st = setting_text(l, key, &v)) != AR_OK)
			return st;
		ok = ar_money_parse(v, strlen(v), c->base_exp, NULL, 0,
				    &c->fee[n - 1], NULL) == AR_OK;
		free(v);
		snprintf(key, sizeof(key), "dunning.interest.%d", n);
		if (ok && (st = setting_text(l, key, &v)) != AR_OK)
			return st;
		ok = ok && ar_dun_rate_parse(v, &c->rate[n - 1]);
		free(v);
		if (!ok)
			return ar__fail(l, AR_EUSAGE, "%s is not valid", key);
	}
	if ((st = setting_text(l, "dunning.min_amount", &v)) != AR_OK)
		return st;
	ok = ar_money_parse(v, strlen(v), c->base_exp, NULL, 0,
			    &c->min_amount, NULL) == AR_OK;
	free(v);
	if ((st = setting_text(l, "dunning.min_interval", &v)) != AR_OK)
		return st;
	c->min_interval = atoi(v);	/* checked when set: 0..3650 */
	free(v);
	if ((st = setting_text(l, "dunning.compound", &v)) != AR_OK)
		return st;
	c->compound = strcmp(v, "yes") == 0;
	free(v);
	if (!ok)
		return ar__fail(l, AR_EUSAGE, "dunning.min_amount is not valid");
	if ((st = setting_text(l, "company.name", &c->company_name)) != AR_OK ||
	    (st = setting_text(l, "company.address", &c->company_address))
	    != AR_OK ||
	    (st = setting_text(l, "company.email", &c->company_email)) != AR_OK)
		return st;
	return setting_text(l, "company.remit_to", &c->remit_to);
}

static void conf_free(struct conf *c)
{
	free(c->company_name);
	free(c->company_address);
	free(c->company_email);
	free(c->remit_to);
}

static void on_promise(void *ctx, const struct ar__promise *p)
{
	struct run *r = ctx;
	if (p->state != AR__PROMISE_OPEN && p->state != AR__PROMISE_PENDING)
		return;
	if (r->npromised == r->cap_promised) {
		size_t cap = r->cap_promised ? r->cap_promised * 2 : 64;
		int64_t *n = realloc(r->promised, cap * sizeof(*n));
		if (!n) {
			r->oom = true;	/* the run fails after the scan */
			return;
		}
		r->promised = n;
		r->cap_promised = cap;
	}
	r->promised[r->npromised++] = p->customer;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool promised(const struct run *r, int64_t customer)
{
	return r->npromised && bsearch(&customer, r->promised, r->npromised,
		       sizeof(int64_t), cmp_id) != NULL;
}

/* A pause in force on as-of: its until date and reason into buf. */
static ar_status paused(struct run *r, bool *yes, char *buf, size_t n)
{
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT until, reason FROM "
		"dunning_pause WHERE customer = ?1 AND date <= ?2 AND "
		"until >= ?2 ORDER BY id DESC LIMIT 1");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, r->cu.id);
	ar__bind_date(s, 2, r->o->as_of);
	int rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	if (*yes)
		snprintf(buf, n, "paused through %s: %s", ar__col_text(s, 0),
			 ar__col_text(s, 1));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK
		: ar__sqlfail(r->l, rc, "read");
}

/* The customer's last letter of ar-dun: its date and level (0: none). */
static ar_status last_letter(struct run *r, ar_date *date, int *level)
{
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT date, level FROM activity "
		"WHERE customer = ?1 AND level IS NOT NULL AND date <= ?2 "
		"ORDER BY date DESC, id DESC LIMIT 1");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, r->cu.id);
	ar__bind_date(s, 2, r->o->as_of);
	int rc = sqlite3_step(s);
	*level = 0;
	*date = AR_DATE_NONE;
	if (rc == SQLITE_ROW) {
		*date = ar__col_date(s, 0);
		*level = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? AR_OK
		: ar__sqlfail(r->l, rc, "read");
}

static ar_status keep_charge(struct run *r, int64_t related, int64_t amount,
			     const char *currency, const char *description)
{
	if (r->ncharges == r->cap_charges) {
		size_t cap = r->cap_charges ? r->cap_charges * 2 : 64;
		struct charge *n = realloc(r->charges, cap * sizeof(*n));
		if (!n)
			return AR_ENOMEM;
		r->charges = n;
		r->cap_charges = cap;
	}
	struct charge *c = &r->charges[r->ncharges++];
	c->customer = r->cu.id;
	c->related = related;
	c->amount = amount;
	snprintf(c->currency, sizeof(c->currency), "%s", currency);
	snprintf(c->description, sizeof(c->description), "%s", description);
	return AR_OK;
}

static ar_status record_letter(struct run *r, const struct ar_dun_letter *d)
{
	char text[64];
	sqlite3_stmt *s = ar__prepare(r->l, "INSERT INTO activity (customer, "
		"date, kind, outcome, amount, currency, text, batch_id, level) "
		"VALUES (?1, ?2, ?3, 'dunning', ?4, ?5, ?6, ?7, ?8)");
	if (!s)
		return AR_ELEDGER;
	snprintf(text, sizeof(text), "dunning level %d", d->level);
	sqlite3_bind_int64(s, 1, r->cu.id);
	ar__bind_date(s, 2, d->date);
	sqlite3_bind_text(s, 3, d->channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, d->total);
	sqlite3_bind_text(s, 5, d->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 7, ar_ledger_batch(r->l));
	sqlite3_bind_int(s, 8, d->level);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(r->l, rc, "write");
}

/* The letter of one currency's rows [from, to) at level. */
static ar_status letter(struct run *r, size_t from, size_t to, int level,
			const char *channel)
{
	const char *cur = r->rows[from].currency;
	int e = ar__exponent(r->l, cur);
	int64_t rate = r->c.rate[level - 1];
	struct ar_dun_item *items = calloc(to - from, sizeof(*items));
	struct ar_dun_letter d = {
		.customer_id = r->cu.customer_id, .customer_name = r->cu.name,
		.email = r->cu.email, .address = r->cu.address,
		.company_name = r->c.company_name,
		.company_address = r->c.company_address,
		.company_email = r->c.company_email,
		.remit_to = r->c.remit_to, .date = r->o->as_of,
		.level = level, .rate = rate, .channel = channel,
		.exponent = e, .items = items};
	ar_status st = AR_OK;
	bool sent = false;

	if (!items)
		return AR_ENOMEM;
	snprintf(d.currency, sizeof(d.currency), "%s", cur);
	for (size_t i = from; i < to; i++) {
		struct row *w = &r->rows[i];
		if (w->disputed > 0) {
			skipped(r, "%s: disputed, left out of the letter",
				w->it.doc_no);
			continue;
		}
		struct ar_dun_item *it = &items[d.nitems++];
		*it = w->it;
		ar_date since = w->charged != AR_DATE_NONE &&
				w->charged > it->due_date ? w->charged
				: it->due_date;
		it->interest_days = (int)(r->o->as_of - since);
		it->interest = 0;
		bool charge = strcmp(it->doc_type, "finance_charge") != 0 ||
			      r->c.compound;
		if (charge && !ar_dun_interest(it->open, rate,
					       it->interest_days,
					       &it->interest))
			st = ar__fail(r->l, AR_EINPUT, "%s: interest too large",
				      it->doc_no);
		if (st == AR_OK && (!ar_money_accum(&d.overdue, it->open) ||
				    !ar_money_accum(&d.interest, it->interest)))
			st = ar__fail(r->l, AR_EINPUT, "overdue total too large");
	}
	if (st != AR_OK || d.nitems == 0)
		goto out;
	/* the fee and the minimum are amounts of the base currency */
	if (strcmp(cur, r->c.base) == 0) {
		if (d.overdue < r->c.min_amount) {
			char a[AR_MONEY_BUFSZ];
			ar_money_format(a, d.overdue, d.exponent, 0);
			skipped(r, "%s %s overdue: below dunning.min_amount",
				a, cur);
			r->stats->skipped++;
			goto out;
		}
		d.fee = r->c.fee[level - 1];
	}
	d.total = d.overdue;
	if (!ar_money_accum(&d.total, d.interest) ||
	    !ar_money_accum(&d.total, d.fee)) {
		st = ar__fail(r->l, AR_EINPUT, "total due too large");
		goto out;
	}
	r->stats->letters++;
	if ((st = r->fn(r->ctx, &d, &sent)) != AR_OK || !sent)
		goto out;
	r->stats->sent++;
	if ((st = record_letter(r, &d)) != AR_OK || !r->o->post_charges)
		goto out;
	for (size_t i = 0; i < d.nitems && st == AR_OK; i++) {
		char text[160], pct[32];
		const struct ar_dun_item *it = &items[i];
		if (it->interest <= 0)
			continue;
		ar_dun_rate_format(pct, rate);
		snprintf(text, sizeof(text), "interest on %s, %d days at %s%%",
			 it->doc_no, it->interest_days, pct);
		st = keep_charge(r, it->id, it->interest, cur, text);
	}
	if (st == AR_OK && d.fee > 0) {
		char text[64];
		snprintf(text, sizeof(text), "dunning fee, level %d", level);
		st = keep_charge(r, 0, d.fee, cur, text);
	}
out:
	free(items);
	return st;
}

/* The customer read: guards, level, one letter per currency. */
static ar_status customer_done(struct run *r)
{
	const struct ar_dun_options *o = r->o;
	char why[300];
	ar_status st;
	bool yes;
	int oldest = -1;

	if (r->nrows == 0)
		return AR_OK;
	if (strcmp(r->cu.status, "active") != 0) {
		skipped(r, "status %s", r->cu.status);
		goto skip;
	}
	if (strcmp(r->cu.contact, "cease") == 0) {
		skipped(r, "contact cease");
		goto skip;
	}
	if ((st = paused(r, &yes, why, sizeof(why))) != AR_OK)
		return st;
	if (yes) {
		skipped(r, "%s", why);
		goto skip;
	}
	if (promised(r, r->cu.id)) {
		skipped(r, "a promise to pay in force");
		goto skip;
	}
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].disputed <= 0 && r->rows[i].it.days > oldest)
			oldest = r->rows[i].it.days;
	if (oldest < 0) {
		skipped(r, "every overdue item is disputed");
		goto skip;
	}
	int target = 0;
	for (int n = 0; n < r->c.levels.n; n++)
		if (oldest >= r->c.levels.days[n])
			target = n + 1;
	if (target == 0) {
		skipped(r, "oldest item %d days past due: level 1 is at %d",
			oldest, r->c.levels.days[0]);
		goto skip;
	}
	ar_date last;
	int prev;
	if ((st = last_letter(r, &last, &prev)) != AR_OK)
		return st;
	/* back to level 1 once all that was overdue at the last letter is
	 * paid: nothing overdue now was due before it */
	bool still = false;
	for (size_t i = 0; i < r->nrows && prev; i++)
		still = still || r->rows[i].it.due_date < last;
	if (!still)
		prev = 0;
	int level = prev + 1 < target ? prev + 1 : target;
	if (level > r->c.levels.n)
		level = r->c.levels.n;
	if (last != AR_DATE_NONE && o->as_of < last + r->c.min_interval) {
		char d1[AR_DATE_BUFSZ], d2[AR_DATE_BUFSZ];
		ar_date_format(d1, last);
		ar_date_format(d2, last + r->c.min_interval);
		skipped(r, "last letter on %s: the next not before %s "
			"(dunning.min_interval)", d1, d2);
		goto skip;
	}
	if (o->level && level != o->level) {
		skipped(r, "due for level %d, not %d", level, o->level);
		goto skip;
	}
	const char *channel = o->email && ar_mail_address_ok(r->cu.email)
			      ? "email" : "letter";
	if (strcmp(channel, "email") == 0 &&
	    strcmp(r->cu.kind, "consumer") == 0) {
		struct ar_contact c;
		if ((st = ar_contact_check(r->l, r->cu.id, o->now, "email", 0,
					   &c)) != AR_OK)
			return st;
		if (c.local.minute < 8 * 60 || c.local.minute >= 21 * 60) {
			char t[AR_TIME_BUFSZ];
			ar_local_format(t, &c.local);
			skipped(r, "held: a consumer's e-mail goes from 08:00 "
				"to 21:00 local time (it is %s)", t);
			goto skip;
		}
	}
	for (size_t i = 0, j; i < r->nrows; i = j) {
		for (j = i; j < r->nrows && strcmp(r->rows[j].currency,
						   r->rows[i].currency) == 0; j++)
			;
		if ((st = letter(r, i, j, level, channel)) != AR_OK)
			return st;
	}
	return AR_OK;
skip:
	r->stats->skipped++;
	return AR_OK;
}

static void cust_clear(struct cust *c)
{
	free(c->name);
	free(c->email);
	free(c->address);
	c->name = c->email = c->address = NULL;
}


ar_status ar_dun_templates_load_all(struct ar_ledger *l,
				    struct ar_dun_templates *t, int *n,
				    char *err, size_t errsz)
{
	char *dir = NULL, *levels = NULL;
	struct ar_dun_levels lv;
	ar_status st;

	*n = 0;
	if ((st = ar_setting_get(l, "dunning.templates", &dir, NULL)) == AR_OK &&
	    (st = ar_setting_get(l, "dunning.levels", &levels, NULL)) == AR_OK)
		*n = ar_dun_levels_parse(levels, &lv) ? lv.n : 0;
	for (int k = 0; k < *n && st == AR_OK; k++)
		st = ar_dun_templates_load(dir, k + 1, &t[k], err, errsz);
	free(dir);
	free(levels);
	return st;
}

/* The customer's address block from its columns 4..10. */
static char *address_of(sqlite3_stmt *s)
{
	return ar_address_text(ar__col_text(s, 4), ar__col_text(s, 5),
			       ar__col_text(s, 6), ar__col_text(s, 7),
			       ar__col_text(s, 8), ar__col_text(s, 9));
}

static ar_status pass(struct run *r)
{
	const struct ar_dun_options *o = r->o;
	ar_status st = AR_OK;
	int rc;
	sqlite3_stmt *s = ar__prepare(r->l, "SELECT c.id, c.customer_id, "
		"c.name, c.email, c.address1, c.address2, c.city, c.region, "
		"c.postal_code, c.country, c.status, c.contact, c.kind, "
		"i.currency, d.id, d.doc_type, d.doc_no, d.doc_date, "
		"i.due_date, i.open, " AR__DISPUTED_BY("d.id") ", "
		"(SELECT max(f.doc_date) FROM document f WHERE f.related = d.id "
		"AND f.doc_type = 'finance_charge' AND f.doc_date <= ?1) "
		"FROM (" AR__OPEN_AS_OF_SQL ") AS i JOIN document d ON "
		"d.id = i.document JOIN customer c ON c.id = i.customer "
		"WHERE i.sign = 1 AND i.due_date < ?1 AND "
		"(?2 IS NULL OR c.customer_id = ?2) "
		"ORDER BY c.customer_id, i.currency, i.due_date, d.doc_no, d.id");
	if (!s)
		return AR_ELEDGER;
	ar__bind_date(s, 1, o->as_of);
	ar__bind_text(s, 2, o->customer_id);
	r->cu.id = 0;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (id != r->cu.id) {
			if ((st = customer_done(r)) != AR_OK)
				break;
			cust_clear(&r->cu);
			r->nrows = 0;
			r->cu.id = id;
			snprintf(r->cu.customer_id, sizeof(r->cu.customer_id),
				 "%s", ar__col_text(s, 1));
			r->cu.name = strdup(ar__col_text(s, 2));
			r->cu.email = strdup(ar__col_text(s, 3));
			r->cu.address = address_of(s);
			snprintf(r->cu.status, sizeof(r->cu.status), "%s",
				 ar__col_text(s, 10));
			snprintf(r->cu.contact, sizeof(r->cu.contact), "%s",
				 ar__col_text(s, 11));
			snprintf(r->cu.kind, sizeof(r->cu.kind), "%s",
				 ar__col_text(s, 12));
			if (!r->cu.name || !r->cu.email || !r->cu.address) {
				st = AR_ENOMEM;
				break;
			}
		}
		if (r->nrows == r->cap_rows) {
			size_t cap = r->cap_rows ? r->cap_rows * 2 : 32;
			struct row *n = realloc(r->rows, cap * sizeof(*n));
			if (!n) {
				st = AR_ENOMEM;
				break;
			}
			r->rows = n;
			r->cap_rows = cap;
		}
		struct row *w = &r->rows[r->nrows++];
		memset(w, 0, sizeof(*w));
		snprintf(w->currency, sizeof(w->currency), "%s",
			 ar__col_text(s, 13));
		w->it.id = sqlite3_column_int64(s, 14);
		snprintf(w->it.doc_type, sizeof(w->it.doc_type), "%s",
			 ar__col_text(s, 15));
		snprintf(w->it.doc_no, sizeof(w->it.doc_no), "%s",
			 ar__col_text(s, 16));
		w->it.doc_date = ar__col_date(s, 17);
		w->it.due_date = ar__col_date(s, 18);
		w->it.open = sqlite3_column_int64(s, 19);
		w->it.days = (int)(o->as_of - w->it.due_date);
		w->disputed = sqlite3_column_int64(s, 20);
		w->charged = sqlite3_column_type(s, 21) == SQLITE_NULL
			     ? AR_DATE_NONE : ar__col_date(s, 21);
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(r->l, rc, "read");
	sqlite3_finalize(s);
	if (st == AR_OK)
		st = customer_done(r);
	cust_clear(&r->cu);
	return st;
}

static ar_status post_charges(struct run *r)
{
	ar_status st = AR_OK;
	for (size_t i = 0; i < r->ncharges && st == AR_OK; i++) {
		const struct charge *c = &r->charges[i];
		char no[AR__DOC_NO_MAX + 1];
		int64_t next;
		if ((st = ar__next_document_id(r->l, &next)) != AR_OK)
			break;
		snprintf(no, sizeof(no), "FC-%lld", (long long)next);
		struct ar__doc d = {.doc_type = "finance_charge", .doc_no = no,
				    .customer = c->customer,
				    .doc_date = r->o->as_of,
				    .due_date = r->o->as_of,
				    .amount = c->amount,
				    .currency = c->currency,
				    .description = c->description,
				    .related = c->related};
		if ((st = ar__post_document(r->l, &d, NULL)) == AR_OK)
			r->stats->charges++;
	}
	return st;
}

ar_status ar_dun_run(struct ar_ledger *l, const struct ar_dun_options *o,
		     ar_dun_letter_fn fn, void *ctx,
		     struct ar_dun_stats *stats)
{
	struct run r = {.l = l, .o = o, .fn = fn, .ctx = ctx, .stats = stats};
	ar_status st;
	int grace;

	memset(stats, 0, sizeof(*stats));
	if ((st = conf_read(l, &r.c)) != AR_OK)
		goto out;
	if (o->level > r.c.levels.n) {
		st = ar__fail_field(l, AR_EUSAGE, "level", "'%d' is more than "
				    "the %d levels of dunning.levels",
				    o->level, r.c.levels.n);
		goto out;
	}
	if (o->customer_id) {
		int64_t id;
		if ((st = ar_ledger_customer_find(l, o->customer_id, &id))
		    != AR_OK) {
			if (st == AR_ENOTFOUND)
				st = ar__fail(l, AR_EINPUT, "'%s': no such "
					      "customer", o->customer_id);
			goto out;
		}
	}
	if (o->post_charges) {
		ar_date through;
		if ((st = ar_ledger_closed_through(l, &through)) != AR_OK)
			goto out;
		if (through != AR_DATE_NONE && o->as_of <= through) {
			char d[AR_DATE_BUFSZ];
			ar_date_format(d, through);
			st = ar__fail_field(l, AR_EINPUT, "post_charges", "the "
					    "period through %s is closed", d);
			goto out;
		}
	}
	if ((st = ar__promise_grace(l, &grace)) != AR_OK ||
	    (st = ar__promise_scan(l, INT64_MAX, o->as_of, grace, on_promise,
				   &r)) != AR_OK)
		goto out;
	if (r.oom) {
		st = AR_ENOMEM;
		goto out;
	}
	if (r.npromised)
		qsort(r.promised, r.npromised, sizeof(int64_t), cmp_id);
	if ((st = pass(&r)) == AR_OK)
		st = post_charges(&r);
out:
	conf_free(&r.c);
	free(r.promised);
	free(r.charges);
	free(r.rows);
	return st;
}

ar_status ar_dun_pause(struct ar_ledger *l, const char *customer_id,
		       ar_date from, ar_date until, const char *reason)
{
	int64_t id;
	ar_status st = ar_ledger_customer_find(l, customer_id, &id);
	if (st == AR_ENOTFOUND)
		return ar__fail(l, AR_EINPUT, "'%s': no such customer",
				customer_id);
	if (st != AR_OK)
		return st;
	if (until < from)
		return ar__fail_field(l, AR_EINPUT, "until", "before the as-of "
				      "date");
	if (!reason || !*reason)
		return ar__fail_field(l, AR_EINPUT, "reason", "required for a "
				      "pause");
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO dunning_pause (customer, "
		"date, until, reason, batch_id) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, id);
	ar__bind_date(s, 2, from);
	ar__bind_date(s, 3, until);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, ar_ledger_batch(l));
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}
