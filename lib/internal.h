/*
 * internal.h - what the library's modules share and the commands never see.
 */
#ifndef AR_INTERNAL_H
#define AR_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/ledger.h"
#include "utf8.h"

/*
 * The page cache of a ledger connection, in KiB.  Every command must stay
 * within 64 MB whatever the size of the ledger (SPEC 7): 32 MiB of pages
 * keeps the upper levels of every index and the day's working set in
 * memory, where 6 MiB made the import and the workbook read the same
 * pages again from the kernel.
 */
#define AR__CACHE_KIB 32768
/* An import keeps a customer cache beside it: a smaller page cache. */
#define AR__IMPORT_CACHE_KIB 24576

/* Set the connection's page cache to kib KiB. */
ar_status ar__cache_kib(struct ar_ledger *l, int kib);

/* The connection's page cache in KiB, as last set. */
int ar__cache_kib_now(const struct ar_ledger *l);
/* ar_ledger_config's bulk_applications of the ledger's open. */
long ar__bulk_applications(const struct ar_ledger *l);

/* The SQLite handle of a ledger. */
sqlite3 *ar__db(struct ar_ledger *l);

/* Say n through the ledger's notice hook, if any. */
void ar__notice(struct ar_ledger *l, const struct ar_notice *n);

/* Exchange the ledger's notice hook with *fn, *ctx (a run inside
 * another that speaks for it: swap, run, swap back). */
void ar__notice_swap(struct ar_ledger *l, ar_notice_fn *fn, void **ctx);

/* Whether anyone listens (to skip making text nobody reads). */
bool ar__notice_wanted(const struct ar_ledger *l);

/* Call fn (when not NULL) with a notice of kind about field (or NULL). */
static inline void ar__tell(ar_notice_fn fn, void *ctx,
			    enum ar_notice_kind kind, const char *field,
			    const char *text)
{
	if (fn)
		fn(ctx, &(struct ar_notice){.kind = kind, .text = text,
					    .field = field});
}

/* Say a notice of kind made of text alone (printf-style). */
void ar__say(struct ar_ledger *l, enum ar_notice_kind kind, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

/* Report progress through the ledger's notice hook, if any. */
#define ar__progress(l, ...) ar__say(l, AR_NOTICE_PROGRESS, __VA_ARGS__)

/* Set the ledger's message (printf-style) and return st. */
ar_status ar__fail(struct ar_ledger *l, ar_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The same, about field (a field of the call, a string literal: see
 * ar_ledger_error()); the message does not repeat the field's name.
 */
ar_status ar__fail_field(struct ar_ledger *l, ar_status st, const char *field,
			 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Add to the failure just set the field that would let the call through
 * (a string literal) and what it does (copied), and return st.
 */
ar_status ar__hint(struct ar_ledger *l, ar_status st, const char *field,
		   const char *does);

/*
 * The closed-period rule, the one place it is written: day may be posted
 * when it is after through, the last closed day (AR_DATE_NONE: none), or
 * when allow (allow_closed).  When not, why gets the one reason:
 * "falls in a period closed through 2026-01-31".
 */
bool ar__period_open(ar_date day, ar_date through, bool allow, char *why,
		     size_t size);

/*
 * The rule for the ledger's closed periods: AR_OK, or AR_EUSAGE about
 * field (the call's date, e.g. "as_of") with "'DAY' " and the reason,
 * and the hint AR__HINT_ALLOW_CLOSED.
 */
ar_status ar__period_check(struct ar_ledger *l, ar_date day, bool allow,
			   const char *field);

/* The field that posts into a closed period, and what it does. */
#define AR__HINT_ALLOW_CLOSED	"allow_closed", "posts anyway"

/* Set the message from SQLite's last error and map rc to a status. */
ar_status ar__sqlfail(struct ar_ledger *l, int rc, const char *what);

/* Prepare sql, or set the message and return NULL. */
sqlite3_stmt *ar__prepare(struct ar_ledger *l, const char *sql);

/*
 * Statements kept prepared on the ledger handle for its lifetime, one per
 * slot; each module that keeps some names its slots here.
 */
enum {
	AR__S_DOC_INSERT, AR__S_DOC_NEXT, AR__S_DOC_GET, AR__S_APP_INSERT,
	AR__S_APPLIED_DEBIT, AR__S_APPLIED_CREDIT, AR__S_PEND_GROUP,
	AR__S_PEND_ONE,
	AR__STMT_SLOTS = 32
};

/*
 * The statement of slot, prepared from sql on first use, reset and
 * unbound on every later one (borrowed: the ledger finalizes it).
 * NULL with the message set when it does not prepare.
 */
sqlite3_stmt *ar__keep_stmt(struct ar_ledger *l, int slot, const char *sql);

/* Reset every kept statement (before a schema change, which an unfinished
 * statement would hold up). */
void ar__reset_kept(struct ar_ledger *l);

/*
 * A read of several statements sees one state of the ledger: begin a
 * (deferred) transaction unless one is open, *began says whether; end
 * resets every statement still stepping and finishes it.
 */
/* Whether the figures of ended periods kept in the ledger are read and
 * kept (derived.c): not while a ledger of an older schema is upgraded. */
bool ar__derived_wanted(const struct ar_ledger *l);

ar_status ar__read_begin(struct ar_ledger *l, bool *began);
void ar__read_end(struct ar_ledger *l, bool began);

/* The integer in the first column of sql's first row (0 when none). */
ar_status ar__int_query(struct ar_ledger *l, const char *sql, int64_t *v);

/* Run SQL without results. */
ar_status ar__exec(struct ar_ledger *l, const char *sql);

/* Column i of s as a date; AR_DATE_NONE when NULL or not a date. */
ar_date ar__column_date(sqlite3_stmt *s, int i);

/* Bind text, NULL when s is NULL or empty. */
int ar__bind_text(sqlite3_stmt *st, int i, const char *s);

/* ------------------------------------------------------------------ */
/* Text (text.c) */

/* s as HTML text onto fp: & < > " ' escaped, the unsafe characters as
 * '?' (tabs as spaces), a newline as br (NULL: as a space). */
void ar__html_text(FILE *fp, const char *s, const char *br);

/* ------------------------------------------------------------------ */
/* Posting documents and applications (post.c), inside a batch. */

/* The longest document number a command makes up ("WO-123", ...). */
#define AR__DOC_NO_MAX 64

/* A document to post; strings borrowed, NULL or "" for none. */
struct ar__doc {
	const char *doc_type;	/* "writeoff", "recovery", "reversal", ... */
	const char *doc_no;
	int64_t customer;	/* customer.id */
	ar_date doc_date;
	ar_date due_date;	/* AR_DATE_NONE for credit documents */
	int64_t amount;		/* > 0; doc_type gives the sign */
	const char *currency;
	const char *description;
	const char *reason;
	int64_t related;	/* document.id it belongs to, or 0 */
	/* of payments and refunds */
	const char *method, *reference, *check_no, *deposit_id;
	/* of imported invoices */
	const char *po_number;
	int discount_rate, discount_days;	/* 0: no discount */
};

/* What the ledger holds of one document. */
struct ar__doc_info {
	int64_t id, customer, amount;
	char doc_type[16];
	char doc_no[AR__DOC_NO_MAX + 1];	/* cut when longer */
	char currency[4];
	ar_date doc_date, due_date;
	int sign;		/* +1 debit, -1 credit */
};

/*
 * Post a document in the batch in progress.
 * @return AR_OK with *id set, AR_EEXISTS (message set) when its number is
 * taken in its family, AR_EINPUT (message set) when it would take the
 * ledger's total of its currency past INT64_MAX, AR_ELEDGER/AR_EBUSY
 */
ar_status ar__post_document(struct ar_ledger *l, const struct ar__doc *d,
			    int64_t *id);

/*
 * The one INSERT of the ledger's documents, under ar__post_document() and
 * the import, which checks the room in the currency's total itself and
 * compares a taken number with what it would post.
 * @return AR_OK with *id set (id may be NULL), AR_EEXISTS with no message
 * set when the number is taken in its family, AR_ELEDGER/AR_EBUSY
 */
ar_status ar__insert_document(struct ar_ledger *l, const struct ar__doc *d,
			      int64_t *id);

/*
 * The ledger's total of document amounts per currency (debit and credit
 * alike; amounts are positive) never exceeds INT64_MAX, so that no sum
 * over a ledger can overflow.  The totals are read on the first document
 * of a batch and kept in memory as documents are posted.
 */
struct ar__doc_totals {
	size_t n, cap;
	struct {
		char code[4];
		int64_t total;	/* INT64_MAX: full */
	} *c;
};

/* The ledger handle's place for them (ledger.c). */
struct ar__doc_totals **ar__doc_totals_slot(struct ar_ledger *l);

/* Forget them (a new batch, a rollback): the next use reads them again. */
void ar__doc_totals_forget(struct ar_ledger *l);

/*
 * What the connection's own SQL functions read (age.c: ar_rank()): each
 * is registered once, on first use, with the ledger as its user data,
 * and never replaced (SQLite refuses that while a statement runs); the
 * pass that uses one points it at its data for its length.
 */
struct ar__sql_ctx {
	bool rank_fn;		/* ar_rank() registered */
	const void *rank;	/* the ranks it reads, or NULL */
};
struct ar__sql_ctx *ar__sql_ctx(struct ar_ledger *l);

/*
 * The aging's figures kept between the runs of one connection (age.c),
 * for a command that ages the same date several times over (the morning
 * workbook: the trend's month that is running, the forecast and its
 * Detail, the Aging sheet, the customers, worklist and unapplied
 * reports).  Off until turned on.  The last run's accumulators are kept
 * with what they are of (date, known-at, rule, buckets, the way they
 * were read); a run of the same reads them instead of the ledger while
 * no other connection has committed (PRAGMA data_version) and this one
 * has changed nothing (sqlite3_total_changes64()) since.  Their names
 * are always read again.  The caller that turns it on turns it off
 * (ar__age_memo_off() frees them) before it closes the ledger.
 */
struct ar__age_memo;
struct ar__age_memo **ar__age_memo_slot(struct ar_ledger *l);
ar_status ar__age_memo_on(struct ar_ledger *l);
void ar__age_memo_off(struct ar_ledger *l);
/* How many runs read kept figures since the memo was turned on. */
long ar__age_memo_hits(struct ar_ledger *l);

/* Does a document of amount in currency fit?  @return AR_OK, AR_ELEDGER */
ar_status ar__doc_room(struct ar_ledger *l, const char *currency,
		       int64_t amount, bool *fits);

/* Count a document posted after ar__doc_room() said it fits. */
void ar__doc_counted(struct ar_ledger *l, const char *currency,
		     int64_t amount);

/* "would make the ledger's USD total exceed 92233720368547758.07" */
void ar__doc_room_text(struct ar_ledger *l, const char *currency, char *buf,
		       size_t size);

/* The id the next document will get (inside the write transaction). */
ar_status ar__next_document_id(struct ar_ledger *l, int64_t *id);

/* Read document id.  @return AR_OK, AR_ENOTFOUND, AR_ELEDGER */
ar_status ar__document_get(struct ar_ledger *l, int64_t id,
			   struct ar__doc_info *d);

/*
 * Record an application of credit document credit to debit document debit
 * (amount < 0 cancels application cancels).  Checks nothing: callers know
 * the open amounts.  @return AR_OK with *id set when id is not NULL
 */
ar_status ar__post_application(struct ar_ledger *l, int64_t credit,
			       int64_t debit, int64_t amount, ar_date effective,
			       const char *rule, int64_t cancels, int64_t *id);

/*
 * Applications of a bulk run (cash application) are first kept in a
 * temporary table, AR__APP_GROUP rows to a statement, then moved into the
 * ledger at once: written in the order the run finds them, they would
 * land all over the application indexes.  Nothing reads them back before
 * ar__pending_post(): the run keeps its own open amounts.
 */
#define AR__APP_GROUP 32
struct ar__app_queue {
	int n;
	long total;		/* rows kept so far */
	struct {
		int64_t credit, debit, amount;
		ar_date effective;
		const char *rule;	/* static text */
	} row[AR__APP_GROUP];
};

/* Start keeping applications (an empty temporary table). */
ar_status ar__pending_begin(struct ar_ledger *l, struct ar__app_queue *q);

/* Keep one application. */
ar_status ar__pending_add(struct ar_ledger *l, struct ar__app_queue *q,
			  int64_t credit, int64_t debit, int64_t amount,
			  ar_date effective, const char *rule);

/*
 * Post every application kept, in the order kept, in the batch in
 * progress.  Many of them beside few in the ledger: the application
 * indexes are dropped and built again after, by sorting.
 */
ar_status ar__pending_post(struct ar_ledger *l, struct ar__app_queue *q);

/*
 * The money applied to debit document id (debit true) or from credit
 * document id, with every effective date and batch counted, and when
 * reopened is not NULL the last day an application of it was cancelled
 * (money freed then is there only from that day), or AR_DATE_NONE.
 */
ar_status ar__applied(struct ar_ledger *l, int64_t id, bool debit,
		      int64_t *sum, ar_date *reopened);

/*
 * Write off amount of debit document debit on date: a writeoff document
 * numbered "WO-<its id>", related to the item, applied to it (effective
 * the later of date and the item's date) with rule "writeoff".  Refuses
 * more than the item has open (AR_EINPUT, message set).  doc_no, when not
 * NULL, receives the number (AR__DOC_NO_MAX + 1 bytes).  With q, the
 * application is kept in q after those of the run before it (see
 * ar__pending_post()), not posted at once.
 */
ar_status ar__post_writeoff(struct ar_ledger *l, struct ar__app_queue *q,
			    int64_t debit, int64_t amount,
			    ar_date date, const char *reason, int64_t *id,
			    char *doc_no);

/* ------------------------------------------------------------------ */
/* Unidentified cash and remitter aliases (cash.c) */

/* A remitter's name as aliases keep it: upper case, one space between
 * words, none at the ends (out holds size bytes). */
void ar__alias_name(const char *in, char *out, size_t size);

/*
 * The customer the latest alias of account (else of the remitter name)
 * names, in *customer; 0 when none (either may be NULL or "").
 */
ar_status ar__alias_customer(struct ar_ledger *l, const char *account,
			     const char *name, int64_t *customer);

/* Remember name and account (either may be NULL or "") as customer's;
 * *learned (may be NULL) counts the aliases that are new. */
ar_status ar__alias_add(struct ar_ledger *l, int64_t customer,
			const char *name, const char *account, int *learned);

/* ------------------------------------------------------------------ */
/* Cash application (apply.c) */

struct ar_apply_stats;
struct ar_apply_callbacks;
/* how many documents changed after as-of a run keeps to tell them from
 * the rest (apply.c); 0: every document read from its applications */
extern size_t ar__apply_late_max;
/*
 * Report the credits batch flagged for a person (table credit_flag), as
 * rows of rule "held", amount 0, after its applications.
 */
ar_status ar__apply_report_flags(struct ar_ledger *l, int64_t batch,
				 const struct ar_apply_callbacks *cb);

/* The applied (or unapplied) total of a currency in s, or NULL when full. */
int64_t *ar__apply_stat(struct ar_apply_stats *s, const char *code,
			int exponent, bool applied);

/*
 * The open-item state as the history says it must be: rows of
 * open_state's columns in their order, and of balance_state's.  The
 * rebuild (state.c) and ar-ledger check compare against these.
 */
#define AR__STATE_OPEN_SQL "WITH app AS (SELECT doc, sum(amount) AS amt, " \
	"max(eff) AS eff FROM (SELECT debit_doc AS doc, amount, " \
	"effective_date AS eff FROM application UNION ALL SELECT " \
	"credit_doc, amount, effective_date FROM application) GROUP BY doc) " \
	"SELECT d.id AS document, d.customer AS customer, d.currency AS " \
	"currency, d.sign AS sign, d.doc_date AS doc_date, " \
	"coalesce(d.due_date, d.doc_date) AS due_date, d.amount AS amount, " \
	"d.amount - coalesce(a.amt, 0) AS open, max(d.doc_date, " \
	"coalesce(a.eff, d.doc_date)) AS changed FROM document d " \
	"LEFT JOIN app a ON a.doc = d.id"
#define AR__STATE_BALANCE_SQL "SELECT customer, currency, count(*) AS docs, " \
	"sum(sign * amount) AS balance, sum(amount) AS amounts, " \
	"max(CASE WHEN doc_type = 'payment' THEN doc_date END) " \
	"AS last_payment FROM document " \
	"GROUP BY customer, currency"

/*
 * What of a document has been applied by ?1, every batch counted, from
 * its applications: side is debit_doc or credit_doc, doc the SQL of its
 * id.
 */
#define AR__APPLIED_BY(side, doc) "(SELECT coalesce(sum(a.amount), 0) " \
	"FROM application a WHERE a." side " = " doc " AND " \
	"a.effective_date <= ?1)"
/* The same for s, a row of open_state. */
#define AR__STATE_APPLIED_BY "CASE WHEN s.changed <= ?1 THEN s.amount - " \
	"s.open WHEN s.sign = 1 THEN " AR__APPLIED_BY("debit_doc", \
	"s.document") " ELSE " AR__APPLIED_BY("credit_doc", "s.document") \
	" END"

/*
 * What of document doc is under a dispute open on ?1, every batch
 * counted: the disputes opened on or before ?1 with no resolution dated
 * on or before ?1 (ar-dispute(1); a write-off waiting for approval leaves
 * its dispute open).  Readers cap it at the document's open amount.  The
 * one definition of "disputed" for the aging, statements, worklist,
 * forecast, write-off selection and past-due figures.
 */
#define AR__DISPUTED_BY(doc) "(SELECT coalesce(sum(x.amount), 0) FROM " \
	"dispute x WHERE x.document = " doc " AND x.opened <= ?1 AND NOT " \
	"EXISTS (SELECT 1 FROM dispute_resolution r WHERE r.dispute = x.id " \
	"AND r.resolved <= ?1))"

/*
 * Every document open as of ?1, every batch counted: rows of (document,
 * customer, currency, sign, doc_date, due_date, amount, open), open not
 * 0.  Those unchanged since ?1 come off the state's partial index; those
 * changed after it are priced from their applications.  The one
 * definition of what is open that the readers of the state share:
 * AR__OPEN_AS_OF(index, cond) with the rows further narrowed by cond
 * ("" or a condition and "AND ") read through index.
 */
#define AR__OPEN_AS_OF(index, cond) "SELECT document, customer, currency, " \
	"sign, doc_date, due_date, amount, open FROM open_state INDEXED BY " \
	index " WHERE " cond "open <> 0 AND changed <= ?1 UNION ALL " \
	"SELECT * FROM (SELECT s.document, s.customer, s.currency, s.sign, " \
	"s.doc_date, s.due_date, s.amount, s.amount - " AR__STATE_APPLIED_BY \
	" AS open FROM open_state s WHERE " cond "s.changed > ?1 AND " \
	"s.doc_date <= ?1) WHERE open <> 0"
#define AR__OPEN_AS_OF_SQL AR__OPEN_AS_OF("open_state_open", "")

/*
 * A cursor merged with the aging's rows (age.c): its first two columns
 * the customer number and the currency, sorted as the rows come (by
 * customer number, then currency).  ar__merge_seek() steps s, whose last
 * step was rc (SQLITE_OK before the first), past what comes before row
 * r and returns its last step; ar__merge_on() says whether s then stands
 * on one of r's.
 */
/*
 * Each customer's place in the order of the customer numbers, for a pass
 * sorted as the aging's rows come without reading the customer table
 * (age.c): ar__ranks_begin() reads them and makes the connection's SQL
 * function ar_rank(customer row id) give them (-1 for none), and gives
 * the page cache a third of its size (the pass's sorter takes as much
 * memory as the cache), until ar__ranks_end(), which gives both back
 * and frees the ranks, begun or not.
 */
struct ar__ranks {
	int32_t *rank;
	int64_t max_id;
	const void *was;	/* what ar_rank() gave before */
	int cache;		/* the page cache before, KiB */
	bool on;
};
ar_status ar__ranks_begin(struct ar_ledger *l, struct ar__ranks *r);
ar_status ar__ranks_end(struct ar_ledger *l, struct ar__ranks *r);
/* The place of the customer of row id id; -2 when it has none. */
int64_t ar__rank_of(const struct ar__ranks *r, int64_t id);
/*
 * A cursor s sorted by place and currency, in columns col and col + 1,
 * merged with the aging's rows: ar__rank_seek() steps s, whose last step
 * was rc (SQLITE_OK before the first), past what comes before the
 * customer of place want in currency cur and returns its last step;
 * ar__rank_on() says whether s then stands on one of theirs.
 */
int ar__rank_seek(sqlite3_stmt *s, int rc, int col, int64_t want,
		  const char *cur);
bool ar__rank_on(sqlite3_stmt *s, int rc, int col, int64_t want,
		 const char *cur);

struct ar_age_row;
int ar__merge_seek(sqlite3_stmt *s, int rc, const struct ar_age_row *r);
bool ar__merge_on(sqlite3_stmt *s, int rc, const struct ar_age_row *r);
/* The same of one customer, ?2 its row id (the credit check). */
#define AR__OPEN_AS_OF_CUSTOMER_SQL AR__OPEN_AS_OF("open_state_customer", \
	"customer = ?2 AND ")

/*
 * The GL accounts of the settings keys[0..n-1] (n at most 3) into dst[i],
 * each AR__ACCOUNT_BUFSZ bytes; AR_EUSAGE naming every one not set, for a
 * --journal that needs them.
 */
#define AR__ACCOUNT_BUFSZ 65
ar_status ar__setting_accounts(struct ar_ledger *l, const char *const *keys,
			       char *const *dst, int n);

/* The exponent of currency code, or 2 for a code the ledger does not
 * know (amounts of it are still shown, as cents). */
int ar__exponent(struct ar_ledger *l, const char *code);

/*
 * The checks of 'ar-ledger check' that follow every document through its
 * applications in one pass (check_scan.c): their problems are kept until
 * ar__check_later() says those of one kind, in the order of the checks;
 * *suspect is set when an application may join documents of two
 * customers or currencies, of the wrong kinds, or dated after it.
 */
enum {
	AR__CHECK_LATER_DEBIT = 1, AR__CHECK_LATER_CREDIT,
	AR__CHECK_LATER_STATE, AR__CHECK_LATER_FOREIGN
};
ar_status ar__check_scan(struct ar_ledger *l, bool *suspect);
ar_status ar__check_later(struct ar_ledger *l, int kind, ar_notice_fn fn,
			  void *ctx, long *problems);

/*
 * A bulk load's documents without the state's row trigger (state.c):
 * begin sets the trigger and the state's date index aside, end makes the
 * state of the documents posted since and puts both back.  Both inside
 * the load's savepoint; free in any case.
 */
struct ar__state_bulk {
	int64_t first;		/* the first document of the load */
	char *trigger_sql;
	char *index_sql[2];	/* the state's indexes set aside */
};
ar_status ar__state_bulk_begin(struct ar_ledger *l, struct ar__state_bulk *b);

/*
 * Set aside the state's indexes that a large run would fill row by row
 * in random order (their statements into sql, for ar__state_indexes_make()
 * to sort them again at its end, freed there).
 */
ar_status ar__state_indexes_drop(struct ar_ledger *l, char *sql[2]);
ar_status ar__state_indexes_make(struct ar_ledger *l, char *sql[2]);
ar_status ar__state_bulk_end(struct ar_ledger *l, struct ar__state_bulk *b);
void ar__state_bulk_free(struct ar__state_bulk *b);

/*
 * A bulk run of cash application (post.c): begin sets the state's
 * application trigger aside (*trigger_sql, caller frees, remakes it);
 * end applies every row of temp.ar_pending to the state at once and
 * puts the trigger back.
 */
ar_status ar__state_apps_begin(struct ar_ledger *l, char **trigger_sql);
ar_status ar__state_apps_end(struct ar_ledger *l, const char *trigger_sql);

/* ------------------------------------------------------------------ */
/* Disputes (dispute.c) */

/* A row of dispute_event (kind note, assign or request) and the one
 * dispute_resolution row of a dispute (dispute_record.c). */
ar_status ar__dispute_event_insert(struct ar_ledger *l, int64_t dispute,
				   ar_date date, const char *kind,
				   const char *owner, const char *text,
				   int64_t request);
ar_status ar__dispute_resolution_insert(struct ar_ledger *l, int64_t dispute,
					ar_date date, const char *how,
					int64_t credit_doc, int64_t new_doc,
					const char *text);

/*
 * Called by ar_writeoff_decide(): write-off request request was approved
 * as write-off document doc on date; a dispute waiting on that request is
 * resolved by it then.  @return AR_OK (also when none waits), AR_ELEDGER
 */
ar_status ar__dispute_request_approved(struct ar_ledger *l, int64_t request,
				       int64_t doc, ar_date date);

/*
 * The reason code a dispute gets for word (an imported activity's
 * outcome): word itself when it is a code of dispute.reasons, else
 * "other" (*kept set: the word belongs in the dispute's text).  code
 * holds AR_DISPUTE_CODE_MAX + 1 bytes.
 */
ar_status ar__dispute_reason_map(struct ar_ledger *l, const char *word,
				 char *code, bool *kept);

/*
 * What is open of debit document d as of day and now (the smaller), and
 * what of it disputes open on day hold.
 */
ar_status ar__dispute_room(struct ar_ledger *l, const struct ar__doc_info *d,
			   ar_date day, int64_t *open, int64_t *disputed);

/* The schema text (generated from lib/schema.sql). */
extern const char ar__schema_sql[];

#endif
