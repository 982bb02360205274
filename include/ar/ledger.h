/*
 * ledger.h - the ledger file: open, create, batches, settings, checks.
 *
 * A ledger is one SQLite file (see ar-ledger(5)).  Every change happens in
 * a batch: ar_ledger_begin() takes the write lock (BEGIN IMMEDIATE) and
 * records the run; ar_ledger_commit() stamps it finished and commits, so a
 * run killed at any moment leaves the ledger as before it or as after it.
 */
#ifndef AR_LEDGER_H
#define AR_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/csv.h"
#include "ar/date.h"
#include "ar/notice.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* application_id of an arkit ledger ("ARKT") and its schema version. */
#define AR_LEDGER_APPLICATION_ID	0x41524b54
#define AR_LEDGER_SCHEMA_VERSION	4

/* Flags for ar_ledger_open(). */
#define AR_LEDGER_CREATE	0x1	/* create the file when missing */
#define AR_LEDGER_READONLY	0x2	/* only read: works without write access */
#define AR_LEDGER_UPGRADE	0x4	/* open an older schema, to upgrade it */
#define AR_LEDGER_KEEP		0x8	/* with READONLY: writable when the
					 * user may write, to keep figures */

struct ar_ledger;

/*
 * Open the ledger at path.  Without AR_LEDGER_CREATE a missing file is
 * AR_ELEDGER.  A new file is created mode 0600 with the current schema;
 * a file of another application or of a newer schema is refused, and
 * one of an older schema too ("ledger is version 1; run 'ar-ledger
 * upgrade'") unless AR_LEDGER_UPGRADE is given, for ar_ledger_upgrade().
 *
 * AR_LEDGER_READONLY opens for reading only, so that a ledger the user may
 * only read (or one on a read-only mount) can be reported on.  When SQLite
 * cannot make the WAL shared memory (the -shm file is missing and the
 * directory cannot be written), and no -wal file exists and the user may
 * not write the file, the file is opened immutable: nothing is locked, so
 * a run of another user who may write it at the same time would go
 * unseen (see ar-ledger(5)).  Without AR_LEDGER_READONLY a ledger that
 * cannot be written is refused as read-only.  AR_LEDGER_READONLY |
 * AR_LEDGER_KEEP opens a ledger the user may write for writing, so that
 * the reports can keep the figures of periods that have ended (the
 * table derived, ar-ledger(5)), and any other for reading only.
 *
 * @param lp      the handle, even on failure when not NULL (for the
 *		  message); free it with ar_ledger_close()
 * @param created set to true when the file was created (may be NULL)
 * @return AR_OK, AR_ELEDGER, AR_EBUSY, AR_ENOMEM
 */
ar_status ar_ledger_open(struct ar_ledger **lp, const char *path,
			 unsigned flags, bool *created);

/*
 * What the caller decides of a ledger's use.  The library reads no
 * environment for these: a command sets them (the ar-* commands from
 * $AR_BUSY_TIMEOUT, $USER and $AR_BULK_APPLICATIONS).
 */
struct ar_ledger_config {
	int busy_timeout_ms;	/* how long to wait for another writer's
				 * lock before AR_EBUSY (default 30000) */
	const char *user;	/* who runs the batches (borrowed for the
				 * open); NULL: the login name of the
				 * process's user */
	long bulk_applications;	/* a posting of at least this many
				 * applications builds their indexes again
				 * (default 100000) */
};

/* The defaults, as ar_ledger_open() uses them. */
void ar_ledger_config_init(struct ar_ledger_config *c);

/*
 * ar_ledger_open() with c (NULL: the defaults).
 *
 *	struct ar_ledger_config c;
 *	ar_ledger_config_init(&c);
 *	c.busy_timeout_ms = 0;	// fail at once when a writer holds it
 *	st = ar_ledger_open_config(&l, "ar.db", 0, NULL, &c);
 *
 * @return as ar_ledger_open()
 */
ar_status ar_ledger_open_config(struct ar_ledger **lp, const char *path,
				unsigned flags, bool *created,
				const struct ar_ledger_config *c);

/* Close; rolls back an unfinished batch.  NULL is fine. */
void ar_ledger_close(struct ar_ledger *l);

/*
 * What the library has to say besides a failure reaches fn, the one
 * channel of every call on l: warnings, progress (long work: a check, an
 * aging of millions of documents, a few times a second at most), the
 * problems a check finds, the items a run skips, the reasoning of a run
 * asked to explain itself (notice.h; n is borrowed for the call).  Rows
 * of data (an import's rejected rows, with their fields) have their own
 * callbacks.  fn NULL: silence (the default).
 */
void ar_ledger_set_notice(struct ar_ledger *l, ar_notice_fn fn, void *ctx);

/* Detail of the last failure (borrowed until the next call). */
const char *ar_ledger_errmsg(const struct ar_ledger *l);

/*
 * The last failure as a notice (notice.h), borrowed until the next call:
 * its text is ar_ledger_errmsg(); field names the field of the call it is
 * about (NULL: none), which the text does not repeat: "amount" and "'x'
 * is not an amount" are shown by a command as "--amount: 'x' is not an
 * amount"; hint names a field that would let the call through ("allow_
 * closed", "posts anyway").  l NULL: "out of memory".
 */
const struct ar_notice *ar_ledger_error(const struct ar_ledger *l);

/* The path the ledger was opened with (borrowed). */
const char *ar_ledger_path(const struct ar_ledger *l);

/*
 * Start a batch: take the write lock and record the run.
 * @param command the program name, e.g. "ar-import"
 * @param argc, argv the command line, recorded as given
 * @param batch   the new batch id (may be NULL)
 * @return AR_OK, AR_EBUSY (the lock was held past the timeout), AR_ELEDGER
 */
ar_status ar_ledger_begin(struct ar_ledger *l, const char *command, int argc,
			  char *const argv[], int64_t *batch);

/* The id of the batch in progress, or 0. */
int64_t ar_ledger_batch(const struct ar_ledger *l);

/*
 * Finish the batch: record summary (may be NULL) and the finishing time,
 * then commit durably.
 */
ar_status ar_ledger_commit(struct ar_ledger *l, const char *summary);

/* Abandon the batch: nothing of it stays. */
void ar_ledger_rollback(struct ar_ledger *l);

/*
 * The row id of the customer numbered customer_id (id may be NULL: only
 * whether it exists).  Every run that takes a customer number to select
 * by (--customer) refuses an unknown one through this, with the same
 * message: "no customer 'X'".
 * @return AR_OK, AR_ENOTFOUND, AR_ELEDGER
 */
ar_status ar_ledger_customer_find(struct ar_ledger *l, const char *customer_id,
				  int64_t *id);

/*
 * The last day of the latest closed period, or AR_DATE_NONE.
 */
ar_status ar_ledger_closed_through(struct ar_ledger *l, ar_date *day);

/*
 * Close the periods up to and including month (YYYY-MM) inside the
 * current batch.  Closing a month already closed is AR_EEXISTS.
 */
ar_status ar_ledger_close_period(struct ar_ledger *l, const char *month);

/* ------------------------------------------------------------------ */
/* Settings */

/*
 * The value of a setting, or its default when it was never set.
 * @param value caller frees
 * @param is_set false when the default is returned (may be NULL)
 * @return AR_OK, AR_EUSAGE (no such key), AR_ELEDGER
 */
ar_status ar_setting_get(struct ar_ledger *l, const char *key, char **value,
			 bool *is_set);

/*
 * Set a setting inside the current batch after checking the key and the
 * value.  In the multi-line text settings a literal backslash-n stands
 * for a line break.  @return AR_OK, AR_EUSAGE (no such key, or a bad
 * value, with the reason in ar_ledger_errmsg()), AR_ELEDGER
 */
ar_status ar_setting_set(struct ar_ledger *l, const char *key,
			 const char *value);

/* The known setting keys in order, NULL-terminated (static). */
const char *const *ar_setting_keys(void);

/* The columns of the list of settings: key, value, source. */
#define AR_SETTING_COLUMNS 3
extern const struct ar_column ar_setting_columns[AR_SETTING_COLUMNS];

/*
 * Put a setting as a row of ar_setting_columns into out (struct ar_cells
 * in ar/csv.h), value as ar_setting_get() gave it and is_set: its source
 * is "set" in this ledger, the "default" in effect, or "unset" (no value).
 * @return what out's end_row returned
 */
ar_status ar_setting_row_put(const struct ar_cells *out, const char *key,
			     const char *value, bool is_set);

/*
 * The exponent of a currency: ISO 4217, or declared in the setting
 * currency.extra ("XBT:4,ABC:0").  @return 0..4 or -1 when unknown
 */
int ar_ledger_currency_exponent(struct ar_ledger *l, const char *code);

/* ------------------------------------------------------------------ */
/* Checks and maintenance */

/*
 * Make the open-item state (what is open on each document, the balances
 * per customer) anew from the documents and applications, in the batch
 * in progress.  It is derived: nothing is lost; ar_ledger_check() says
 * when it needs this.
 * @return AR_OK, AR_ELEDGER, AR_EBUSY
 */
ar_status ar_ledger_rebuild(struct ar_ledger *l);

/*
 * Check every invariant of the ledger (ar-ledger(5)), each problem
 * found a notice of kind AR_NOTICE_PROBLEM to fn: applications within
 * one customer and currency and dated no earlier than their documents,
 * 0 <= open <= amount for every debit and 0 <= unapplied <= amount for
 * every credit at every date, the balance equal to open items less
 * unapplied credits per customer and currency, and SQLite's integrity and
 * foreign key checks.
 * @param problems set to the number of problems (0: clean)
 * @return AR_OK when the check could run (whatever it found), AR_ELEDGER
 */
ar_status ar_ledger_check(struct ar_ledger *l, ar_notice_fn fn, void *ctx,
			  long *problems);

/*
 * The same, but SQLite's check of the file is its quick one (PRAGMA
 * quick_check): every page and record, without comparing each index
 * with its table, which is most of the time of a full check on a large
 * ledger.  For a nightly run; ar_ledger_check() for the whole.
 */
ar_status ar_ledger_check_quick(struct ar_ledger *l, ar_notice_fn fn,
				void *ctx, long *problems);

/*
 * Write a consistent copy of the ledger to path (created 0600, must not
 * exist), while other runs go on writing.
 */
ar_status ar_ledger_backup(struct ar_ledger *l, const char *path);

/* What ar_ledger_upgrade() did. */
struct ar_upgrade_info {
	int from, to;		/* the versions; from == to: nothing to do */
	char backup[4200];	/* the backup made, or "" */
};

/*
 * Bring a ledger opened with AR_LEDGER_UPGRADE to the current schema:
 * take the write lock, copy the file byte for byte to
 * PATH.vN-YYYYMMDDTHHMMSS.bak (UTC, mode 0600, must not exist), then in
 * one transaction, a batch of command: run every migration step from
 * version N on, check the ledger (ar_ledger_check(), problems through
 * fn) and commit only when it is clean.  A ledger of the current version
 * is left alone (info->from == info->to, no backup).  On failure nothing
 * changed; the message names the backup when there is one.
 * @return AR_OK, AR_ECHECK (problems found: not upgraded), AR_EBUSY
 *	   (other runs kept the file busy), AR_ELEDGER
 */
ar_status ar_ledger_upgrade(struct ar_ledger *l, const char *command,
			    int argc, char *const argv[], ar_notice_fn fn,
			    void *ctx, struct ar_upgrade_info *info);

/* One batch as listed by ar_ledger_batches(); strings borrowed. */
struct ar_batch_info {
	int64_t id;
	const char *command, *args, *user, *started, *finished, *summary;
};

typedef ar_status (*ar_batch_fn)(void *ctx, const struct ar_batch_info *b);

/* The columns of the list of batches: batch, command, args, user,
 * started, finished, summary. */
#define AR_BATCH_COLUMNS 7
extern const struct ar_column ar_batch_columns[AR_BATCH_COLUMNS];

/* Put b as a row of ar_batch_columns into out. */
ar_status ar_batch_row_put(const struct ar_cells *out,
			   const struct ar_batch_info *b);

/* Call fn for every batch, oldest first; stops at fn's first non-AR_OK. */
ar_status ar_ledger_batches(struct ar_ledger *l, ar_batch_fn fn, void *ctx);

/*
 * The current time as a ledger timestamp, YYYY-MM-DDTHH:MM:SS.ffffffZ
 * (UTC).  buf holds at least 28 bytes.
 */
void ar_timestamp_now(char buf[28]);

/*
 * The last batch finished at or before a timestamp, for known-at:
 * "YYYY-MM-DD" (the end of that day), "YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z]"
 * in UTC.  *batch is -1 when no batch had finished then.
 * @return AR_OK or AR_EUSAGE (not a timestamp)
 */
ar_status ar_ledger_known_at(struct ar_ledger *l, const char *ts,
			     int64_t *batch);

#ifdef __cplusplus
}
#endif

#endif
