/*
 * upgrade.c - bring a ledger of an older schema version to the current
 * one ('ar-ledger upgrade').
 *
 * The file is first copied byte for byte beside itself, under the write
 * lock and with every committed change checkpointed into it, so the copy
 * is the ledger exactly as it was.  Then, in one transaction: the views
 * and triggers of the schema are dropped, the steps from the ledger's
 * version to the current one change the tables, the views and triggers
 * are made anew from lib/schema.sql (they hold no data), the version is
 * set, the open-item state is rebuilt, the ledger is checked, and only
 * a clean ledger is committed.
 *
 * To change the schema: change lib/schema.sql (new columns at the end of
 * their table, as ALTER TABLE ADD COLUMN puts them), raise
 * AR_LEDGER_SCHEMA_VERSION, and append the step from the version before
 * to steps[] below.  The triggers are gone while the steps run, so a
 * step may fill new columns of the append-only tables; the foreign keys
 * are off, so a step may make a table anew.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* The reason codes of a dispute before the setting dispute.reasons. */
#define DEFAULT_REASONS "('pricing', 'quantity', 'damaged', " \
	"'not_received', 'duplicate_billing', 'tax', 'terms', 'service', " \
	"'other')"

/* steps[v]: the SQL that takes the tables of version v to version v + 1 */
static const char *const steps[] = {
	[1] =
	/* early-payment discounts: customers' terms, and invoices' */
	"ALTER TABLE customer ADD COLUMN discount_rate INTEGER CHECK "
	"(discount_rate IS NULL OR (discount_rate > 0 AND "
	"discount_rate < 10000));"
	"ALTER TABLE customer ADD COLUMN discount_days INTEGER CHECK "
	"((discount_days IS NULL) = (discount_rate IS NULL) AND "
	"(discount_days IS NULL OR discount_days >= 0));"
	"ALTER TABLE customer_history ADD COLUMN discount_rate INTEGER;"
	"ALTER TABLE customer_history ADD COLUMN discount_days INTEGER;"
	"ALTER TABLE document ADD COLUMN discount_rate INTEGER CHECK "
	"(discount_rate IS NULL OR (discount_rate > 0 AND "
	"discount_rate < 10000 AND doc_type = 'invoice'));"
	"ALTER TABLE document ADD COLUMN discount_days INTEGER CHECK "
	"((discount_days IS NULL) = (discount_rate IS NULL) AND "
	"(discount_days IS NULL OR discount_days >= 0));"
	/* the payment habits read the rule from the index */
	"DROP INDEX application_debit;"
	"CREATE INDEX application_debit ON application(debit_doc, "
	"effective_date, amount, batch_id, rule);"
	/* the open-item state (filled by the rebuild after the steps) */
	"CREATE TABLE open_state (document INTEGER PRIMARY KEY, "
	"customer INTEGER NOT NULL, currency TEXT NOT NULL, "
	"sign INTEGER NOT NULL, doc_date TEXT NOT NULL, "
	"due_date TEXT NOT NULL, amount INTEGER NOT NULL, "
	"open INTEGER NOT NULL, changed TEXT NOT NULL);"
	"CREATE INDEX open_state_open ON open_state(document, customer, "
	"currency, sign, doc_date, due_date, amount, open, changed) "
	"WHERE open <> 0;"
	"CREATE INDEX open_state_changed ON open_state(changed);"
	"CREATE TABLE balance_state (customer INTEGER NOT NULL, "
	"currency TEXT NOT NULL, docs INTEGER NOT NULL, "
	"balance INTEGER NOT NULL, amounts INTEGER NOT NULL, "
	"last_payment TEXT, "
	"PRIMARY KEY (customer, currency)) WITHOUT ROWID;",
	[2] =
	/*
	 * activities of new kinds: the table made anew with its CHECK, its
	 * rows copied by column name (the foreign keys are off while the
	 * steps run, and checked after)
	 */
	"CREATE TABLE activity_new (id INTEGER PRIMARY KEY, "
	"customer INTEGER NOT NULL REFERENCES customer(id), "
	"date TEXT NOT NULL, "
	"kind TEXT NOT NULL CHECK (kind IN ('call', 'email', 'letter', "
	"'visit', 'note', 'promise', 'dispute', 'statement', 'credit', "
	"'contact')), "
	"document INTEGER REFERENCES document(id), outcome TEXT, "
	"amount INTEGER, currency TEXT, promise_date TEXT, "
	"follow_up_date TEXT, collector TEXT, text TEXT, "
	"batch_id INTEGER NOT NULL REFERENCES batch(id), "
	/* ar-note: when, the plan of an instalment, a rule overridden */
	"at TEXT, plan INTEGER, override TEXT, "
	/* ar-dun: the dunning level of a letter */
	"level INTEGER CHECK (level IS NULL OR (level >= 1 AND "
	"level <= 9)));"
	"INSERT INTO activity_new (id, customer, date, kind, document, "
	"outcome, amount, currency, promise_date, follow_up_date, collector, "
	"text, batch_id) SELECT id, customer, date, kind, document, outcome, "
	"amount, currency, promise_date, follow_up_date, collector, text, "
	"batch_id FROM activity ORDER BY id;"
	"DROP TABLE activity;"
	"ALTER TABLE activity_new RENAME TO activity;"
	"CREATE INDEX activity_customer ON activity(customer, date);"
	/* credit decisions: overrides and their use, a customer's open
	 * items */
	"CREATE TABLE credit_override (id INTEGER PRIMARY KEY, "
	"customer INTEGER NOT NULL REFERENCES customer(id), "
	"amount INTEGER NOT NULL CHECK (amount > 0), "
	"currency TEXT NOT NULL, valid_from TEXT NOT NULL, "
	"valid_to TEXT NOT NULL, reason TEXT NOT NULL, "
	"approved_by TEXT NOT NULL, "
	"activity INTEGER NOT NULL REFERENCES activity(id), "
	"batch_id INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX credit_override_customer ON credit_override(customer, "
	"valid_to);"
	"CREATE TABLE credit_override_use (override INTEGER PRIMARY KEY "
	"REFERENCES credit_override(id), "
	"activity INTEGER NOT NULL REFERENCES activity(id), "
	"batch_id INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX open_state_customer ON open_state(customer) "
	"WHERE open <> 0;"
	/*
	 * disputes: their text, owners and notes, what a rebill posted; a
	 * reason that is no code of the default dispute.reasons (the
	 * outcome word of an imported activity) becomes 'other', the word
	 * kept at the start of the text
	 */
	"ALTER TABLE dispute ADD COLUMN text TEXT;"
	"UPDATE dispute SET text = CASE WHEN reason IN " DEFAULT_REASONS " "
	"THEN (SELECT a.text FROM activity a WHERE a.id = dispute.activity) "
	"ELSE reason || coalesce(': ' || (SELECT a.text FROM activity a "
	"WHERE a.id = dispute.activity), '') END, reason = CASE WHEN reason "
	"IN " DEFAULT_REASONS " THEN reason ELSE 'other' END;"
	"ALTER TABLE dispute_resolution ADD COLUMN new_doc INTEGER "
	"REFERENCES document(id);"
	"CREATE TABLE dispute_event (id INTEGER PRIMARY KEY, "
	"dispute INTEGER NOT NULL REFERENCES dispute(id), "
	"date TEXT NOT NULL, "
	"kind TEXT NOT NULL CHECK (kind IN ('note', 'assign', 'request')), "
	"owner TEXT, text TEXT, "
	"request INTEGER REFERENCES writeoff_request(id), "
	"batch_id INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX dispute_event_dispute ON dispute_event(dispute, date);"
	/* ar-note: customers' kind (the contact rules), the documents of
	 * an activity, collectors' targets */
	"ALTER TABLE customer ADD COLUMN kind TEXT NOT NULL DEFAULT "
	"'business' CHECK (kind = 'business' OR kind = 'consumer');"
	"ALTER TABLE customer_history ADD COLUMN kind TEXT NOT NULL "
	"DEFAULT 'business';"
	"CREATE TABLE activity_document (activity INTEGER NOT NULL "
	"REFERENCES activity(id), document INTEGER NOT NULL REFERENCES "
	"document(id), PRIMARY KEY (activity, document)) WITHOUT ROWID;"
	"CREATE TABLE target (id INTEGER PRIMARY KEY, collector TEXT NOT "
	"NULL, month TEXT NOT NULL, currency TEXT NOT NULL, amount INTEGER "
	"NOT NULL CHECK (amount >= 0), batch_id INTEGER NOT NULL REFERENCES "
	"batch(id));"
	"CREATE INDEX target_month ON target(month, collector, currency);"
	/* cash application a person decides: flags, unidentified cash and
	 * its assignment, remitter aliases, refunds */
	"CREATE TABLE credit_flag (id INTEGER PRIMARY KEY, credit_doc "
	"INTEGER NOT NULL REFERENCES document(id), flag TEXT NOT NULL CHECK "
	"(flag = 'ambiguous' OR flag = 'duplicate?' OR flag = "
	"'on_account' OR flag = ''), unapplied INTEGER NOT NULL, batch_id "
	"INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX credit_flag_credit ON credit_flag(credit_doc, id);"
	"CREATE TABLE unidentified_cash (id INTEGER PRIMARY KEY, payment_no "
	"TEXT NOT NULL UNIQUE, payment_date TEXT NOT NULL, amount INTEGER "
	"NOT NULL CHECK (amount > 0), currency TEXT NOT NULL, method TEXT, "
	"reference TEXT, check_no TEXT, deposit_id TEXT, remitter TEXT, "
	"account TEXT, batch_id INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE TABLE cash_assignment (id INTEGER PRIMARY KEY, unidentified "
	"INTEGER NOT NULL UNIQUE REFERENCES unidentified_cash(id), customer "
	"INTEGER NOT NULL REFERENCES customer(id), payment_doc INTEGER NOT "
	"NULL UNIQUE REFERENCES document(id), batch_id INTEGER NOT NULL "
	"REFERENCES batch(id));"
	"CREATE TABLE remitter_alias (id INTEGER PRIMARY KEY, kind TEXT NOT "
	"NULL CHECK (kind = 'name' OR kind = 'account'), alias TEXT NOT "
	"NULL, customer INTEGER NOT NULL REFERENCES customer(id), batch_id "
	"INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX remitter_alias_alias ON remitter_alias(kind, alias, "
	"id);"
	"CREATE TABLE refund (id INTEGER PRIMARY KEY, credit_doc INTEGER "
	"NOT NULL REFERENCES document(id), refund_doc INTEGER NOT NULL "
	"UNIQUE REFERENCES document(id), method TEXT CHECK (method IS NULL "
	"OR method = 'check' OR method = 'ach' OR method = 'wire'), "
	"batch_id INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX refund_credit ON refund(credit_doc);"
	/* an undo's cancellations reopen nothing: the rule in the index */
	"DROP INDEX application_credit;"
	"CREATE INDEX application_credit ON application(credit_doc, "
	"effective_date, amount, batch_id, rule);"
	/* ar-dun: dunning paused for a customer */
	"CREATE TABLE dunning_pause (id INTEGER PRIMARY KEY, "
	"customer INTEGER NOT NULL REFERENCES customer(id), "
	"date TEXT NOT NULL, until TEXT NOT NULL, reason TEXT NOT NULL, "
	"batch_id INTEGER NOT NULL REFERENCES batch(id));"
	"CREATE INDEX dunning_pause_customer ON dunning_pause(customer, "
	"until);",
	[3] =
	/* figures of ended periods kept between runs (its triggers come
	 * with the schema's) */
	"CREATE TABLE derived (kind TEXT NOT NULL, key TEXT NOT NULL, "
	"through TEXT NOT NULL, value TEXT NOT NULL, "
	"PRIMARY KEY (kind, key)) WITHOUT ROWID;",
};

_Static_assert(sizeof(steps) / sizeof(steps[0]) == AR_LEDGER_SCHEMA_VERSION,
	       "a step to every schema version");

/*
 * For every CREATE VIEW and CREATE TRIGGER of the current schema: drop
 * the object of that name (drop true) or create it.  The ledger's other
 * objects, such as views of its users, are left alone.
 */
static ar_status schema_objects(struct ar_ledger *l, bool drop)
{
	const char *p = ar__schema_sql;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ar_status st = AR_OK;

	if (!buf)
		return AR_ENOMEM;
	while (*p && st == AR_OK) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (len + n + 1 > cap) {
			char *b;
			while (len + n + 1 > cap)
				cap *= 2;
			if (!(b = realloc(buf, cap))) {
				st = AR_ENOMEM;
				break;
			}
			buf = b;
		}
		memcpy(buf + len, p, n);
		len += n;
		buf[len] = '\0';
		p += n;
		if (!sqlite3_complete(buf))
			continue;

		/* one statement, after its comment lines */
		const char *s = buf;
		for (;;) {
			s += strspn(s, " \t\n");
			if (strncmp(s, "--", 2) != 0)
				break;
			s += strcspn(s, "\n");
		}
		const char *kind = strncmp(s, "CREATE VIEW ", 12) == 0 ? "VIEW"
			: strncmp(s, "CREATE TRIGGER ", 15) == 0 ? "TRIGGER"
			: NULL;
		if (kind && !drop) {
			st = ar__exec(l, s);
		} else if (kind) {
			const char *name = s + 8 + strlen(kind);
			int nlen = (int)strcspn(name, " \t\n(");
			char sql[160];
			snprintf(sql, sizeof(sql), "DROP %s IF EXISTS \"%.*s\"",
				 kind, nlen, name);
			st = ar__exec(l, sql);
		}
		len = 0;
	}
	free(buf);
	return st;
}

/*
 * Copy the database file to path through SQLite's own file handle (an
 * open and close of the file of our own would drop SQLite's locks).
 */
static ar_status copy_file(struct ar_ledger *l, const char *path)
{
	sqlite3_file *f = NULL;
	sqlite3_int64 size, off;
	char buf[65536];
	ar_status st = AR_OK;
	int fd;

	if (sqlite3_file_control(ar__db(l), "main", SQLITE_FCNTL_FILE_POINTER,
				 &f) != SQLITE_OK || !f || !f->pMethods ||
	    f->pMethods->xFileSize(f, &size) != SQLITE_OK)
		return ar__fail(l, AR_ELEDGER, "'%s': cannot read the ledger "
				"file", ar_ledger_path(l));
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return ar__fail(l, AR_ELEDGER, "cannot create '%s': %s", path,
				strerror(errno));
	for (off = 0; off < size && st == AR_OK; ) {
		int n = size - off < (sqlite3_int64)sizeof(buf)
			? (int)(size - off) : (int)sizeof(buf);
		if (f->pMethods->xRead(f, buf, n, off) != SQLITE_OK) {
			st = ar__fail(l, AR_ELEDGER, "'%s': cannot read the "
				      "ledger file", ar_ledger_path(l));
			break;
		}
		for (int done = 0; done < n; ) {
			ssize_t w = write(fd, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				st = ar__fail(l, AR_ELEDGER, "cannot write '%s': "
					      "%s", path, strerror(errno));
				break;
			}
			done += (int)w;
		}
		off += n;
	}
	if (st == AR_OK && fsync(fd) != 0)
		st = ar__fail(l, AR_ELEDGER, "cannot write '%s': %s", path,
			      strerror(errno));
	if (close(fd) != 0 && st == AR_OK)
		st = ar__fail(l, AR_ELEDGER, "cannot write '%s': %s", path,
			      strerror(errno));
	if (st != AR_OK)
		unlink(path);
	return st;
}

/* Roll back, and say that nothing changed and where the backup is. */
static ar_status undo(struct ar_ledger *l, ar_status st, const char *backup)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", ar_ledger_errmsg(l));
	ar_ledger_rollback(l);
	return ar__fail(l, st, "%s; the ledger is unchanged, its backup is "
			"'%s'", msg, backup);
}

static void backup_name(struct ar_ledger *l, int version, char *buf,
			size_t n)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	snprintf(buf, n, "%s.v%d-%s.bak", ar_ledger_path(l), version, stamp);
}

static ar_status upgrade(struct ar_ledger *l, const char *command,
			 int argc, char *const argv[], ar_notice_fn fn,
			 void *ctx, struct ar_upgrade_info *info)
{
	sqlite3 *db = ar__db(l);
	int64_t version, before, after;
	int log = 0, done = 0;
	long problems = 0;
	ar_status st;

	info->from = info->to = AR_LEDGER_SCHEMA_VERSION;
	info->backup[0] = '\0';
	if ((st = ar__int_query(l, "PRAGMA user_version", &version)) != AR_OK)
		return st;
	info->from = (int)version;
	if (version >= AR_LEDGER_SCHEMA_VERSION)
		return AR_OK;
	if (strlen(ar_ledger_path(l)) + 32 > sizeof(info->backup))
		return ar__fail(l, AR_ELEDGER, "'%s': path too long",
				ar_ledger_path(l));

	/*
	 * Every committed change into the file, then the write lock; when
	 * no other run committed in between, the file holds the whole
	 * ledger and nothing can change it until we commit.
	 */
	if ((st = ar__int_query(l, "PRAGMA data_version", &before)) != AR_OK)
		return st;
	ar__progress(l, "upgrade: checkpoint");
	int rc = sqlite3_wal_checkpoint_v2(db, "main",
					   SQLITE_CHECKPOINT_TRUNCATE, &log,
					   &done);
	if (rc != SQLITE_OK)
		return ar__sqlfail(l, rc, "checkpoint");
	if ((st = ar_ledger_begin(l, command, argc, argv, NULL)) != AR_OK)
		return st;
	if ((st = ar__int_query(l, "PRAGMA data_version", &after)) != AR_OK ||
	    (st = ar__int_query(l, "PRAGMA user_version", &version)) != AR_OK) {
		ar_ledger_rollback(l);
		return st;
	}
	if (after != before) {
		ar_ledger_rollback(l);
		return ar__fail(l, AR_EBUSY, "'%s': ledger busy: another run "
				"wrote to it meanwhile (safe to retry)",
				ar_ledger_path(l));
	}
	info->from = (int)version;
	if (version >= AR_LEDGER_SCHEMA_VERSION) {
		ar_ledger_rollback(l);
		return AR_OK;
	}

	backup_name(l, (int)version, info->backup, sizeof(info->backup));
	ar__progress(l, "upgrade: backup to %s", info->backup);
	if ((st = copy_file(l, info->backup)) != AR_OK) {
		info->backup[0] = '\0';
		ar_ledger_rollback(l);
		return st;
	}

	ar__progress(l, "upgrade: version %lld to %d", (long long)version,
		     AR_LEDGER_SCHEMA_VERSION);
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 AR_LEDGER_SCHEMA_VERSION);
	if ((st = schema_objects(l, true)) != AR_OK)
		return undo(l, st, info->backup);
	for (int64_t v = version; v < AR_LEDGER_SCHEMA_VERSION; v++)
		if ((st = ar__exec(l, steps[v])) != AR_OK)
			return undo(l, st, info->backup);
	/* the derived state is made anew from what the ledger holds */
	if ((st = schema_objects(l, false)) != AR_OK ||
	    (st = ar_ledger_rebuild(l)) != AR_OK ||
	    (st = ar__exec(l, sql)) != AR_OK)
		return undo(l, st, info->backup);

	if ((st = ar_ledger_check(l, fn, ctx, &problems)) != AR_OK)
		return undo(l, st, info->backup);
	if (problems) {
		ar__fail(l, AR_ECHECK, "'%s': %ld problem%s found by the "
			 "check of the upgraded ledger", ar_ledger_path(l),
			 problems, problems == 1 ? "" : "s");
		return undo(l, AR_ECHECK, info->backup);
	}
	char summary[sizeof(info->backup) + 64];
	snprintf(summary, sizeof(summary), "version %lld to %d, backup %s",
		 (long long)version, AR_LEDGER_SCHEMA_VERSION, info->backup);
	if ((st = ar_ledger_commit(l, summary)) != AR_OK)
		return undo(l, st, info->backup);
	info->to = AR_LEDGER_SCHEMA_VERSION;
	return AR_OK;
}

/*
 * A step may make a table anew (create, copy, drop, rename), which the
 * foreign keys would refuse half-way: they are off for the upgrade, set
 * outside its transaction as SQLite requires, and the check of the
 * upgraded ledger runs 'PRAGMA foreign_key_check' before it commits.
 */
ar_status ar_ledger_upgrade(struct ar_ledger *l, const char *command,
			    int argc, char *const argv[], ar_notice_fn fn,
			    void *ctx, struct ar_upgrade_info *info)
{
	ar_status st, on;

	if ((st = ar__exec(l, "PRAGMA foreign_keys = OFF")) != AR_OK)
		return st;
	st = upgrade(l, command, argc, argv, fn, ctx, info);
	on = ar__exec(l, "PRAGMA foreign_keys = ON");
	return st != AR_OK ? st : on;
}
