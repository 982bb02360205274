/*
 * writeoff_list.c - a write-off list read into a run, checked row by
 * row: nothing is posted while the list holds a bad row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "writeoff_int.h"

enum { WL_DOC, WL_TYPE, WL_CURRENCY, WL_WRITEOFF, WL_OPEN, WL_AMOUNT };

static const struct ar__coldef list_cols[] = {
	[WL_DOC] = {"doc_no", true, "invoiceno invoice invoicenumber invno "
		    "invoiceid docnumber documentno documentnumber document"},
	[WL_TYPE] = {"doc_type", false, "documenttype type"},
	[WL_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[WL_WRITEOFF] = {"writeoff_amount", false, "writeoff"},
	[WL_OPEN] = {"open_amount", false, "open openbalance balancedue"},
	[WL_AMOUNT] = {"amount", false, "total"},
};

static const struct ar__typedef list_type = {
	AR_REC_AUTO, "write-off list", list_cols,
	sizeof(list_cols) / sizeof(list_cols[0])
};

struct list {
	struct ar_writeoff *w;
	struct ar_csv_reader *r;
	const char *file;
	int colmap[sizeof(list_cols) / sizeof(list_cols[0])];
	int amount_col;		/* -1: none */
	long bad;
};

static void bad_row(struct list *li, const char *field, const char *value,
		    const char *why)
{
	li->bad++;
	if (value)
		ar__wo_bad(li->w, li->file, ar_csv_line(li->r), field,
			   "'%s' %s", value, why);
	else
		ar__wo_bad(li->w, li->file, ar_csv_line(li->r), NULL, "%s %s",
			   field, why);
}

/* Field c of the list's columns, trimmed of nothing (CSV is exact);
 * NULL when the column is absent. */
static const char *list_field(struct list *li, int c)
{
	if (li->colmap[c] < 0)
		return NULL;
	return ar_csv_field(li->r, (size_t)li->colmap[c], NULL);
}

static ar_status list_row(struct list *li)
{
	struct ar_writeoff *w = li->w;
	const char *no = list_field(li, WL_DOC);
	const char *type = list_field(li, WL_TYPE);
	const char *cur = list_field(li, WL_CURRENCY);
	const char *amt = li->amount_col >= 0 ? list_field(li, li->amount_col)
					      : NULL;
	const char *amt_name = li->amount_col >= 0
		? list_cols[li->amount_col].name : "amount";
	const char *why;
	int64_t id = 0, v = 0;
	struct item it;
	ar_status st;

	if (ar_csv_row_error(li->r)) {
		li->bad++;
		ar__wo_bad(w, li->file, ar_csv_line(li->r), NULL, "%s",
			   ar_csv_row_error(li->r));
		return AR_OK;
	}
	if (!no || !*no) {
		bad_row(li, "doc_no", NULL, "is required");
		return AR_OK;
	}
	if (type && *type) {
		const char *family = ar__wo_family(type);
		if (!family) {
			bad_row(li, "doc_type", type, strcmp(type, "payment") == 0 ||
				strcmp(type, "credit_memo") == 0 ||
				strcmp(type, "writeoff") == 0
				? "is a credit, not an item to write off"
				: "is not a type of debit document");
			return AR_OK;
		}
		if ((st = ar__wo_find(w->l, w->find, family, no, &id)) != AR_OK)
			return st;
		if (id) {
			/* the family shares numbers among its types */
			if ((st = ar__wo_item_get(w->l, w->item, id,
						    w->o->as_of, &it)) != AR_OK)
				return st;
			if (strcmp(it.doc_type, type) != 0)
				id = 0;
		}
	} else if ((st = ar__wo_find_debit(w->l, w->find, no, &id)) != AR_OK) {
		return st;
	}
	if (!id && !(type && *type)) {
		/* a credit's number: say so rather than "unknown" */
		static const char *const credits[][2] = {
			{"payment", "is a payment, not an item to write off"},
			{"credit_memo", "is a credit memo, not an item to write off"},
			{"writeoff", "is a write-off, not an item to write off"},
		};
		int64_t other = 0;
		for (size_t i = 0; i < 3; i++) {
			if ((st = ar__wo_find(w->l, w->find, credits[i][0], no,
					  &other)) != AR_OK)
				return st;
			if (other) {
				bad_row(li, "doc_no", no, credits[i][1]);
				return AR_OK;
			}
		}
	}
	if (!id) {
		bad_row(li, "doc_no", no, type && *type
			? "is not a known document of that type"
			: "is not a known invoice, debit memo, finance charge, "
			  "recovery or reversal");
		return AR_OK;
	}
	if ((st = ar__wo_item_get(w->l, w->item, id, w->o->as_of, &it))
	    != AR_OK)
		return st;
	if (it.doc_date > w->o->as_of) {
		bad_row(li, "doc_no", no, "is dated after the write-off date "
			"(the as-of date)");
		return AR_OK;
	}
	if (cur && *cur && strcmp(cur, it.currency) != 0) {
		char why2[80];
		snprintf(why2, sizeof(why2), "is not the document's currency (%s)",
			 it.currency);
		bad_row(li, "currency", cur, why2);
		return AR_OK;
	}
	int64_t open = open_of(&it);
	if (open <= 0) {
		bad_row(li, "doc_no", no, "has nothing open");
		return AR_OK;
	}
	if (amt && *amt) {
		if (ar_money_parse(amt, strlen(amt), it.exponent, it.currency, 0,
				   &v, &why) != AR_OK) {
			char why2[160];
			snprintf(why2, sizeof(why2), "is not an amount (%s)", why);
			bad_row(li, amt_name, amt, why2);
			return AR_OK;
		}
		if (v <= 0) {
			bad_row(li, amt_name, amt, "is not over 0");
			return AR_OK;
		}
		if (v > open) {
			char o[AR_MONEY_BUFSZ], why2[120];
			money_text(o, open, it.exponent);
			snprintf(why2, sizeof(why2), "is more than the open "
				 "amount of '%s' (%s %s)", no, o, it.currency);
			bad_row(li, amt_name, amt, why2);
			return AR_OK;
		}
	}
	return ar__wo_add(w, id, v, li->file, ar_csv_line(li->r));
}

static int cmp_doc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_seq(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A document listed twice is a mistake somewhere: refuse it. */
static long duplicates(struct ar_writeoff *w)
{
	long bad = 0;
	struct item it;
	if (w->n < 2)
		return 0;
	qsort(w->c, w->n, sizeof(*w->c), cmp_doc);
	for (size_t i = 1; i < w->n; i++) {
		const struct cand *a = &w->c[i - 1], *b = &w->c[i];
		if (a->doc != b->doc || !b->file)
			continue;
		bad++;
		if (ar__wo_item_get(w->l, w->item, b->doc, w->o->as_of, &it)
		    != AR_OK)
			snprintf(it.doc_no, sizeof(it.doc_no), "?");
		ar__wo_bad(w, b->file, b->line, "doc_no", "'%s' is listed twice "
			   "(first at %s:%ld)", it.doc_no,
			   a->file ? a->file : "?", a->line);
	}
	qsort(w->c, w->n, sizeof(*w->c), cmp_seq);
	return bad;
}

ar_status ar_writeoff_read_list(struct ar_writeoff *w, struct ar_csv_reader *r)
{
	struct list li = {.w = w, .r = r, .amount_col = -1};
	char **norm = NULL, **files;
	size_t nhead = 0;
	int missing;
	ar_status st;

	if (!(files = realloc(w->files, (w->nfiles + 1) * sizeof(*files))))
		return AR_ENOMEM;
	w->files = files;
	if (!(files[w->nfiles] = strdup(ar_csv_name(r))))
		return AR_ENOMEM;
	li.file = files[w->nfiles++];

	if ((st = ar_csv_next(r)) != AR_OK) {
		if (st == AR_ENOTFOUND)
			return ar__fail(w->l, AR_EINPUT, "%s: no header (a list "
					"needs a column doc_no)", li.file);
		return ar__fail(w->l, st, "%s", ar_csv_errmsg(r));
	}
	nhead = ar_csv_nfields(r);
	if (!(norm = calloc(nhead, sizeof(*norm))))
		return AR_ENOMEM;
	for (size_t i = 0; i < nhead; i++) {
		char buf[256];
		ar_csv_normalize(ar_csv_field(r, i, NULL), buf, sizeof(buf));
		if (!(norm[i] = strdup(buf))) {
			st = AR_ENOMEM;
			goto out;
		}
	}
	ar__match_columns(&list_type, norm, nhead, li.colmap, &missing);
	if (missing >= 0) {
		st = ar__fail(w->l, AR_EINPUT, "%s:1: no column for doc_no (or "
			      "invoice_no)", li.file);
		goto out;
	}
	for (int c = WL_WRITEOFF; c <= WL_AMOUNT && li.amount_col < 0; c++)
		if (li.colmap[c] >= 0)
			li.amount_col = c;
	ar_csv_expect_fields(r, nhead);
	while ((st = ar_csv_next(r)) == AR_OK)
		if ((st = list_row(&li)) != AR_OK)
			goto out;
	if (st != AR_ENOTFOUND) {
		st = ar__fail(w->l, st, "%s", ar_csv_errmsg(r));
		goto out;
	}
	li.bad += duplicates(w);
	st = li.bad ? ar__fail(w->l, AR_EINPUT, "%s: %ld bad row%s: nothing "
			       "written off", li.file, li.bad,
			       li.bad == 1 ? "" : "s") : AR_OK;
out:
	for (size_t i = 0; i < nhead; i++)
		free(norm[i]);
	free(norm);
	return st;
}
