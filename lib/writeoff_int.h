/*
 * writeoff_int.h - what the write-off files share: what the ledger says
 * of one item (writeoff.c) and the run a selection or a list gathers
 * (writeoff_select.c) before it is posted (writeoff_post.c).
 */
#ifndef AR_WRITEOFF_INT_H
#define AR_WRITEOFF_INT_H

#include "ar/age.h"
#include "ar/money.h"
#include "ar/writeoff.h"
#include "internal.h"

/* What the ledger says of one item. */
struct item {
	int64_t id, customer, amount;
	int64_t open_now, open_as_of;	/* every application; those by as-of */
	int64_t disputed;		/* open disputes as of as-of */
	int sign, exponent;
	ar_date doc_date, due_date;
	char doc_type[16], currency[4], status[16];
	char doc_no[AR__DOC_NO_MAX + 1];
	char customer_id[128];
};

/* The statement ar__wo_item_get() steps: ?1 the document, ?2 as-of. */
extern const char ar__wo_item_sql[];

/* Item id as of as_of, through s prepared from ar__wo_item_sql. */
ar_status ar__wo_item_get(struct ar_ledger *l, sqlite3_stmt *s, int64_t id,
			  ar_date as_of, struct item *it);

/* What can be written off now: open today and open as of the date. */
static inline int64_t open_of(const struct item *it)
{
	return it->open_now < it->open_as_of ? it->open_now : it->open_as_of;
}

static inline void money_text(char buf[AR_MONEY_BUFSZ], int64_t v, int e)
{
	ar_money_format(buf, v, e, 0);
}

/* Column i of s's row as text into buf ("" for NULL). */
void ar__wo_col_copy(sqlite3_stmt *s, int i, char *buf, size_t size);

/* The family a document type's number is unique in, or NULL. */
const char *ar__wo_family(const char *doc_type);

/* The id of document no in family, or 0, through s prepared as
 * "SELECT id FROM document WHERE family = ?1 AND doc_no = ?2". */
ar_status ar__wo_find(struct ar_ledger *l, sqlite3_stmt *s,
		      const char *family, const char *no, int64_t *id);

/* A debit item by number: an invoice (or debit memo, finance charge)
 * first, then a recovery, then a reversal; 0 when none. */
ar_status ar__wo_find_debit(struct ar_ledger *l, sqlite3_stmt *s,
			    const char *no, int64_t *id);

/* The user of the batch in progress. */
ar_status ar__wo_user(struct ar_ledger *l, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* A run */

struct cand {
	int64_t doc;
	int64_t amount;		/* 0: whatever is open */
	size_t seq;		/* order found */
	const char *file;	/* list rows: for messages */
	long line;
};

struct ar_writeoff {
	struct ar_ledger *l;
	const struct ar_writeoff_options *o;
	struct cand *c;
	size_t n, cap, skipped;
	char **files;		/* names of the lists read */
	size_t nfiles;
	sqlite3_stmt *item, *find;
	/* --under in each currency met */
	struct { char code[4]; int64_t v; } under[AR_AGE_MAX_CURRENCIES];
	int nunder;
	/* bankrupt customers' numbers, sorted */
	char **bankrupt;
	size_t nbankrupt;
	/* customers and currencies whose unapplied credits were looked at */
	struct { int64_t customer; char currency[4]; } *looked;
	size_t nlooked;
	sqlite3_stmt *unapplied;
	/* the items of requests waiting for a decision when the run began
	 * (writeoff_request has no index by item: read it once), sorted */
	struct waiting { int64_t doc, request; } *waiting;
	size_t nwaiting;
};

/* Add item doc to the run (amount 0: whatever is open); file and line
 * of the list row it came from, or NULL. */
ar_status ar__wo_add(struct ar_writeoff *w, int64_t doc, int64_t amount,
		     const char *file, long line);

/* Tell the caller of the run of a list's bad row: file, line, its
 * column (or NULL) and what is wrong. */
void ar__wo_bad(struct ar_writeoff *w, const char *file, long line,
		const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
