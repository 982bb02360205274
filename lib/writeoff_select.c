/*
 * writeoff_select.c - a write-off run: its handle, and the items it
 * selects by criteria (through the aging) or is given one by one.
 *
 * A run first gathers the items (here, or from a list in
 * writeoff_list.c), then posts them (writeoff_post.c).  The caller's
 * batch makes the whole run one transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/age.h"
#include "writeoff_int.h"

void ar__wo_bad(struct ar_writeoff *w, const char *file, long line,
		const char *field, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	if (!ar__notice_wanted(w->l))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ar__notice(w->l, &(struct ar_notice){
		.kind = AR_NOTICE_PROBLEM, .text = buf, .file = file,
		.line = line, .field = field,
	});
}

ar_status ar_writeoff_new(struct ar_writeoff **wp, struct ar_ledger *l,
			  const struct ar_writeoff_options *o)
{
	struct ar_writeoff *w;
	int64_t v;

	*wp = NULL;
	if (!ar_writeoff_reason_valid(o->reason))
		return o->reason
			? ar__fail_field(l, AR_EUSAGE, "reason", "'%s' is not "
					 "a reason code (bad_debt, "
					 "small_balance, bankruptcy, "
					 "settlement, dispute, short_pay)",
					 o->reason)
			: ar__fail_field(l, AR_EUSAGE, "reason", "required");
	/* the text must be an amount at all (its decimals are checked in
	 * each currency it meets) */
	if (o->under && (ar_money_parse(o->under, strlen(o->under), 4, NULL, 0,
					&v, NULL) != AR_OK || v <= 0))
		return ar__fail_field(l, AR_EUSAGE, "under", "'%s' is not an "
				      "amount over 0", o->under);
	if (!(w = calloc(1, sizeof(*w))))
		return AR_ENOMEM;
	w->l = l;
	w->o = o;
	w->item = ar__prepare(l, ar__wo_item_sql);
	w->find = ar__prepare(l, "SELECT id FROM document WHERE family = ?1 "
			      "AND doc_no = ?2");
	w->unapplied = ar__prepare(l, "SELECT coalesce(sum(d.amount - "
		"(SELECT coalesce(sum(a.amount), 0) FROM application a WHERE "
		"a.credit_doc = d.id AND a.effective_date <= ?3)), 0) FROM "
		"document d WHERE d.customer = ?1 AND d.currency = ?2 AND "
		"d.sign = -1 AND d.doc_type <> 'writeoff' AND d.doc_date <= ?3");
	if (!w->item || !w->find || !w->unapplied) {
		ar_writeoff_free(w);
		return AR_ELEDGER;
	}
	*wp = w;
	return AR_OK;
}

void ar_writeoff_free(struct ar_writeoff *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->item);
	sqlite3_finalize(w->find);
	sqlite3_finalize(w->unapplied);
	free(w->looked);
	free(w->waiting);
	for (size_t i = 0; i < w->nfiles; i++)
		free(w->files[i]);
	free(w->files);
	for (size_t i = 0; i < w->nbankrupt; i++)
		free(w->bankrupt[i]);
	free(w->bankrupt);
	free(w->c);
	free(w);
}

size_t ar_writeoff_count(const struct ar_writeoff *w)
{
	return w->n;
}

size_t ar_writeoff_skipped(const struct ar_writeoff *w)
{
	return w->skipped;
}

ar_status ar__wo_add(struct ar_writeoff *w, int64_t doc, int64_t amount,
		     const char *file, long line)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct cand *c = realloc(w->c, cap * sizeof(*c));
		if (!c)
			return AR_ENOMEM;
		w->c = c;
		w->cap = cap;
	}
	w->c[w->n] = (struct cand){doc, amount, w->n, file, line};
	w->n++;
	return AR_OK;
}

ar_status ar_writeoff_add(struct ar_writeoff *w, int64_t doc, int64_t amount)
{
	return ar__wo_add(w, doc, amount > 0 ? amount : 0, NULL, 0) == AR_OK
		? AR_OK : ar__fail(w->l, AR_ENOMEM, "out of memory");
}

/* --under in currency code, parsed once per currency. */
static ar_status under_in(struct ar_writeoff *w, const char *code, int e,
			  int64_t *v)
{
	for (int i = 0; i < w->nunder; i++)
		if (strcmp(w->under[i].code, code) == 0) {
			*v = w->under[i].v;
			return AR_OK;
		}
	if (w->nunder == AR_AGE_MAX_CURRENCIES ||
	    ar_money_parse(w->o->under, strlen(w->o->under), e, code, 0, v,
			   NULL) != AR_OK)
		return ar__fail_field(w->l, AR_EUSAGE, "under", "'%s' is not "
				      "an amount in %s", w->o->under, code);
	memcpy(w->under[w->nunder].code, code, 4);
	w->under[w->nunder++].v = *v;
	return AR_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static ar_status load_bankrupt(struct ar_writeoff *w)
{
	sqlite3_stmt *s = ar__prepare(w->l, "SELECT customer_id FROM customer "
				      "WHERE status = 'bankrupt'");
	size_t cap = 0;
	int rc;
	ar_status st = AR_OK;
	if (!s)
		return AR_ELEDGER;
	while (st == AR_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (w->nbankrupt == cap) {
			cap = cap ? cap * 2 : 16;
			char **p = realloc(w->bankrupt, cap * sizeof(*p));
			if (!p) {
				st = AR_ENOMEM;
				break;
			}
			w->bankrupt = p;
		}
		char *id = strdup((const char *)sqlite3_column_text(s, 0));
		if (!id)
			st = AR_ENOMEM;
		else
			w->bankrupt[w->nbankrupt++] = id;
	}
	if (st == AR_OK && rc != SQLITE_DONE)
		st = ar__sqlfail(w->l, rc, "read");
	sqlite3_finalize(s);
	if (st == AR_OK && w->nbankrupt)
		qsort(w->bankrupt, w->nbankrupt, sizeof(char *), cmp_str);
	return st;
}

static bool is_bankrupt(const struct ar_writeoff *w, const char *customer_id)
{
	return w->nbankrupt && bsearch(&customer_id, w->bankrupt, w->nbankrupt,
				       sizeof(char *), cmp_str) != NULL;
}

static ar_status on_aged(void *ctx, const struct ar_age_item *i)
{
	struct ar_writeoff *w = ctx;
	const char *family;
	int64_t under, id;
	ar_status st;

	if (i->open_amount <= 0 || !(family = ar__wo_family(i->doc_type)))
		return AR_OK;	/* an unapplied credit */
	if (w->o->bankrupt && !is_bankrupt(w, i->customer_id))
		return AR_OK;
	if (w->o->under) {
		if ((st = under_in(w, i->currency, i->exponent, &under)) != AR_OK)
			return st;
		if (i->open_amount >= under)
			return AR_OK;
	}
	if ((st = ar__wo_find(w->l, w->find, family, i->doc_no, &id)) != AR_OK)
		return st;
	if (!id)
		return ar__fail(w->l, AR_ELEDGER, "%s '%s' aged but not found",
				i->doc_type, i->doc_no);
	return ar__wo_add(w, id, 0, NULL, 0);
}

ar_status ar_writeoff_select(struct ar_writeoff *w)
{
	struct ar_age_options a;
	struct ar_age_proof proof;
	ar_status st;

	if (w->o->bankrupt && (st = load_bankrupt(w)) != AR_OK)
		return st;
	ar_age_options_init(&a);
	a.as_of = w->o->as_of;
	a.customer_id = w->o->customer_id;
	a.older_than = w->o->older_than;
	if ((st = ar_age_detail(w->l, &a, on_aged, w, &proof)) != AR_OK)
		return st;
	/* a ledger that does not add up is no ledger to write off from */
	if (!ar_age_proof_ok(&proof))
		return ar__fail(w->l, AR_ECHECK, "the aging as of the date does "
				"not add up to the ledger balance (run "
				"'ar-ledger check')");
	return AR_OK;
}

