/*
 * test_ledger.c - the ledger file (SPEC section 5): opening and creating,
 * identity checks, batches, settings, append-only tables, the invariant
 * check, period locks, backups, and importing CSV files into it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/money.h"
#include "ar/sha256.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* Temporary files */

#include "tmpfiles.h"

static char *write_csv(const char *text)
{
	return write_bytes(text, strlen(text), "csv");
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static unsigned mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* ------------------------------------------------------------------ */
/* Ledger helpers */

static struct ar_ledger *create(const char *path)
{
	struct ar_ledger *l = NULL;
	bool created = false;
	ar_status st = ar_ledger_open(&l, path, AR_LEDGER_CREATE, &created);
	if (st != AR_OK)
		fail_msg("create '%s': status %d: %s", path, (int)st,
			 ar_ledger_errmsg(l));
	assert_true(created);
	return l;
}

static struct ar_ledger *reopen(const char *path)
{
	struct ar_ledger *l = NULL;
	bool created = true;
	ar_status st = ar_ledger_open(&l, path, 0, &created);
	if (st != AR_OK)
		fail_msg("open '%s': status %d: %s", path, (int)st,
			 ar_ledger_errmsg(l));
	assert_false(created);
	return l;
}

static void begin(struct ar_ledger *l)
{
	static char *const argv[] = {"test_ledger", NULL};
	ar_status st = ar_ledger_begin(l, "test_ledger", 1, argv, NULL);
	if (st != AR_OK)
		fail_msg("begin: status %d: %s", (int)st, ar_ledger_errmsg(l));
}

static void commit(struct ar_ledger *l)
{
	ar_status st = ar_ledger_commit(l, NULL);
	if (st != AR_OK)
		fail_msg("commit: status %d: %s", (int)st, ar_ledger_errmsg(l));
}

/* Run SQL; the SQLite result code. */
static int sql(struct ar_ledger *l, const char *text)
{
	return sqlite3_exec(ar__db(l), text, NULL, NULL, NULL);
}

static void sql_ok(struct ar_ledger *l, const char *text)
{
	if (sql(l, text) != SQLITE_OK)
		fail_msg("%s: %s", text, sqlite3_errmsg(ar__db(l)));
}

/* The first column of the first row, as an integer (0 when none). */
static int64_t one(struct ar_ledger *l, const char *text)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(ar__db(l), text, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", text, sqlite3_errmsg(ar__db(l)));
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return v;
}

/* The first column of the first row as text, copied into buf. */
static const char *one_text(struct ar_ledger *l, const char *text,
			    char *buf, size_t n)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(ar__db(l), text, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", text, sqlite3_errmsg(ar__db(l)));
	const unsigned char *t = sqlite3_step(s) == SQLITE_ROW
		? sqlite3_column_text(s, 0) : NULL;
	snprintf(buf, n, "%s", t ? (const char *)t : "(null)");
	sqlite3_finalize(s);
	return buf;
}

static int64_t add_customer(struct ar_ledger *l, const char *id)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(ar__db(l), "INSERT INTO customer "
		"(customer_id, name, batch_id) VALUES (?1, ?1, ?2)", -1, &s,
		NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, ar_ledger_batch(l));
	if (sqlite3_step(s) != SQLITE_DONE)
		fail_msg("customer %s: %s", id, sqlite3_errmsg(ar__db(l)));
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(ar__db(l));
}

static int64_t add_doc(struct ar_ledger *l, const char *type, const char *no,
		       int64_t customer, const char *date, int64_t amount,
		       const char *currency)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(ar__db(l), "INSERT INTO document "
		"(doc_type, doc_no, customer, doc_date, amount, currency, "
		"batch_id) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &s, NULL),
		SQLITE_OK);
	sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, customer);
	sqlite3_bind_text(s, 4, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, amount);
	sqlite3_bind_text(s, 6, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, ar_ledger_batch(l));
	if (sqlite3_step(s) != SQLITE_DONE)
		fail_msg("document %s: %s", no, sqlite3_errmsg(ar__db(l)));
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(ar__db(l));
}

static int64_t add_app(struct ar_ledger *l, int64_t credit, int64_t debit,
		       int64_t amount, const char *date, int64_t cancels)
{
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(ar__db(l), "INSERT INTO application "
		"(credit_doc, debit_doc, amount, effective_date, rule, cancels, "
		"batch_id) VALUES (?, ?, ?, ?, 'manual', ?, ?)", -1, &s, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(s, 1, credit);
	sqlite3_bind_int64(s, 2, debit);
	sqlite3_bind_int64(s, 3, amount);
	sqlite3_bind_text(s, 4, date, -1, SQLITE_STATIC);
	if (cancels)
		sqlite3_bind_int64(s, 5, cancels);
	sqlite3_bind_int64(s, 6, ar_ledger_batch(l));
	if (sqlite3_step(s) != SQLITE_DONE)
		fail_msg("application: %s", sqlite3_errmsg(ar__db(l)));
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(ar__db(l));
}

/* What ar_ledger_check() said. */
struct problems {
	int n;
	char text[16][1024];
};

static void on_problem(void *ctx, const struct ar_notice *n)
{
	struct problems *p = ctx;
	assert_int_equal(n->kind, AR_NOTICE_PROBLEM);
	if (p->n < 16)
		snprintf(p->text[p->n], sizeof(p->text[0]), "%s", n->text);
	p->n++;
}

static long check(struct ar_ledger *l, struct problems *p)
{
	long n = -1;
	memset(p, 0, sizeof(*p));
	ar_status st = ar_ledger_check(l, on_problem, p, &n);
	if (st != AR_OK)
		fail_msg("check: status %d: %s", (int)st, ar_ledger_errmsg(l));
	assert_int_equal(n, p->n);
	for (int i = 0; i < p->n && i < 16; i++)
		print_message("    problem: %s\n", p->text[i]);
	/* the quick check finds the same, in the same order (SQLite's
	 * comparison of indexes with tables finds nothing here) */
	struct problems q;
	long nq = -1;
	memset(&q, 0, sizeof(q));
	if ((st = ar_ledger_check_quick(l, on_problem, &q, &nq)) != AR_OK)
		fail_msg("quick check: status %d: %s", (int)st,
			 ar_ledger_errmsg(l));
	assert_int_equal(nq, n);
	for (int i = 0; i < q.n && i < p->n; i++)
		assert_string_equal(q.text[i], p->text[i]);
	return n;
}

/* How many problems mention all of the given words (NULL-terminated). */
static int mentioning(const struct problems *p, ...)
{
	int count = 0;
	for (int i = 0; i < p->n && i < 16; i++) {
		va_list ap;
		const char *w;
		bool all = true;
		va_start(ap, p);
		while ((w = va_arg(ap, const char *)) != NULL)
			all &= strstr(p->text[i], w) != NULL;
		va_end(ap);
		count += all;
	}
	return count;
}

/* Per-test fixture: a new ledger in *state, closed and removed after. */
struct fixture {
	char path[128];
	struct ar_ledger *l;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s", new_path("db"));
	f->l = create(f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ar_ledger_close(f->l);
	unlink_ledger(f->path);
	free(f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Status codes */

static void t_status(void **state)
{
	(void)state;
	for (int s = AR_OK; s <= AR_EEXISTS; s++) {
		const char *t = ar_strerror((ar_status)s);
		assert_non_null(t);
		assert_true(*t >= 'a' && *t <= 'z');
		assert_true(t[strlen(t) - 1] != '.');
	}
	assert_non_null(ar_strerror((ar_status)99));
}

/* ------------------------------------------------------------------ */
/* Opening and creating */

static void t_open_missing(void **state)
{
	struct ar_ledger *l = NULL;
	bool created = true;
	(void)state;
	char *p = new_path("db");
	assert_int_equal(ar_ledger_open(&l, p, 0, &created), AR_ELEDGER);
	assert_false(created);
	assert_non_null(l);
	assert_non_null(strstr(ar_ledger_errmsg(l), "no ledger at"));
	assert_non_null(strstr(ar_ledger_errmsg(l), p));
	ar_ledger_close(l);
	/* and nothing was left behind */
	assert_false(exists(p));
	ar_ledger_close(NULL);
}

static void t_create_mode_and_reopen(void **state)
{
	char wal[160];
	(void)state;
	/* with no umask at all, the modes are the library's own doing */
	mode_t old = umask(0);
	char *p = new_path("db");
	struct ar_ledger *l = create(p);
	assert_string_equal(ar_ledger_path(l), p);
	assert_int_equal(mode_of(p), 0600);
	assert_int_equal(one(l, "PRAGMA application_id"), AR_LEDGER_APPLICATION_ID);
	assert_int_equal(one(l, "PRAGMA user_version"), AR_LEDGER_SCHEMA_VERSION);
	char buf[32];
	assert_string_equal(one_text(l, "PRAGMA journal_mode", buf, sizeof(buf)),
			    "wal");
	/* a write makes the -wal file: 0600 too */
	begin(l);
	add_customer(l, "C1");
	commit(l);
	snprintf(wal, sizeof(wal), "%s-wal", p);
	assert_true(exists(wal));
	assert_int_equal(mode_of(wal), 0600);
	snprintf(wal, sizeof(wal), "%s-shm", p);
	if (exists(wal))
		assert_int_equal(mode_of(wal), 0600);
	ar_ledger_close(l);
	umask(old);

	l = reopen(p);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 1);
	ar_ledger_close(l);

	/* opening with AR_LEDGER_CREATE an existing ledger: not created */
	bool created = true;
	assert_int_equal(ar_ledger_open(&l, p, AR_LEDGER_CREATE, &created), AR_OK);
	assert_false(created);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 1);
	ar_ledger_close(l);
}

/*
 * AR_LEDGER_READONLY reads a ledger and writes nothing to it: a batch
 * cannot begin.  (Reading one its user may not write is in readonly.t.)
 */
static void t_open_readonly(void **state)
{
	(void)state;
	char *p = new_path("db");
	struct ar_ledger *l = create(p);
	begin(l);
	int64_t id = add_customer(l, "C1");
	commit(l);
	ar_ledger_close(l);

	l = NULL;
	assert_int_equal(ar_ledger_open(&l, p, AR_LEDGER_READONLY, NULL), AR_OK);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 1);
	int64_t found = 0;
	assert_int_equal(ar_ledger_customer_find(l, "C1", &found), AR_OK);
	assert_int_equal(found, id);
	static char *const argv[] = {"test_ledger", NULL};
	assert_int_not_equal(ar_ledger_begin(l, "test_ledger", 1, argv, NULL),
			     AR_OK);
	ar_ledger_close(l);

	/* a missing ledger is not created by a reader */
	char *q = new_path("db");
	l = NULL;
	assert_int_equal(ar_ledger_open(&l, q, AR_LEDGER_READONLY, NULL),
			 AR_ELEDGER);
	assert_false(exists(q));
	ar_ledger_close(l);
}

/* One lookup of a customer by number for every --customer. */
static void t_customer_find(void **state)
{
	struct fixture *f = *state;
	begin(f->l);
	int64_t c1 = add_customer(f->l, "C1");
	commit(f->l);
	int64_t id = -1;
	assert_int_equal(ar_ledger_customer_find(f->l, "C1", &id), AR_OK);
	assert_int_equal(id, c1);
	assert_int_equal(ar_ledger_customer_find(f->l, "C1", NULL), AR_OK);
	id = -1;
	assert_int_equal(ar_ledger_customer_find(f->l, "c1", &id), AR_ENOTFOUND);
	assert_int_equal(id, -1);
	assert_string_equal(ar_ledger_errmsg(f->l), "no customer 'c1'");
}

/* An SQLite file made with the given SQL. */
static char *make_db(const char *text)
{
	sqlite3 *db;
	char *p = new_path("db");
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	return p;
}

static void refused(const char *p, unsigned flags, const char *what)
{
	struct ar_ledger *l = NULL;
	ar_status st = ar_ledger_open(&l, p, flags, NULL);
	if (st != AR_ELEDGER)
		fail_msg("'%s': status %d, want AR_ELEDGER", p, (int)st);
	if (!strstr(ar_ledger_errmsg(l), what))
		fail_msg("'%s': message '%s' should mention '%s'", p,
			 ar_ledger_errmsg(l), what);
	ar_ledger_close(l);
}

static void t_open_foreign(void **state)
{
	(void)state;
	char *p = make_db("PRAGMA application_id = 1; CREATE TABLE t(x)");
	refused(p, 0, "not an arkit ledger");
	refused(p, AR_LEDGER_CREATE, "not an arkit ledger");
	/* another program's file without an application_id */
	p = make_db("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
	refused(p, 0, "not an arkit ledger");
	refused(p, AR_LEDGER_CREATE, "not an arkit ledger");
	/* the foreign file was left as it was */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT x FROM t", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

static void t_open_newer_schema(void **state)
{
	char text[160];
	(void)state;
	snprintf(text, sizeof(text), "PRAGMA application_id = %d; "
		 "PRAGMA user_version = 99; CREATE TABLE t(x)",
		 AR_LEDGER_APPLICATION_ID);
	char *p = make_db(text);
	refused(p, 0, "newer");
	refused(p, AR_LEDGER_CREATE, "newer");
	/* ours, but with no schema version */
	snprintf(text, sizeof(text), "PRAGMA application_id = %d; "
		 "CREATE TABLE t(x)", AR_LEDGER_APPLICATION_ID);
	p = make_db(text);
	refused(p, 0, "schema version");
}

static void t_open_not_sqlite(void **state)
{
	struct ar_ledger *l = NULL;
	(void)state;
	char *p = write_csv("this is not a database, it is a long line of text "
			    "that SQLite will not take for a header at all\n");
	assert_int_equal(ar_ledger_open(&l, p, 0, NULL), AR_ELEDGER);
	assert_true(*ar_ledger_errmsg(l) != '\0');
	ar_ledger_close(l);
}

static void t_open_empty_file(void **state)
{
	struct ar_ledger *l = NULL;
	bool created = false;
	(void)state;
	char *p = write_csv("");
	refused(p, 0, "empty file");
	/* asked to create, an empty file becomes a ledger */
	assert_int_equal(ar_ledger_open(&l, p, AR_LEDGER_CREATE, &created), AR_OK);
	assert_true(created);
	assert_int_equal(one(l, "PRAGMA application_id"), AR_LEDGER_APPLICATION_ID);
	ar_ledger_close(l);
}

/* ------------------------------------------------------------------ */
/* Batches */

struct batch_list {
	int n;
	int64_t id[4];
	char command[4][64], args[4][256], user[4][64], started[4][32],
	     finished[4][32], summary[4][64];
};

static ar_status on_batch(void *ctx, const struct ar_batch_info *b)
{
	struct batch_list *bl = ctx;
	int i = bl->n++;
	if (i >= 4)
		return AR_OK;
	bl->id[i] = b->id;
	snprintf(bl->command[i], 64, "%s", b->command ? b->command : "(null)");
	snprintf(bl->args[i], 256, "%s", b->args ? b->args : "(null)");
	snprintf(bl->user[i], 64, "%s", b->user ? b->user : "(null)");
	snprintf(bl->started[i], 32, "%s", b->started ? b->started : "(null)");
	snprintf(bl->finished[i], 32, "%s", b->finished ? b->finished : "(null)");
	snprintf(bl->summary[i], 64, "%s", b->summary ? b->summary : "(null)");
	return AR_OK;
}

static ar_status stop_at_first(void *ctx, const struct ar_batch_info *b)
{
	(void)b;
	++*(int *)ctx;
	return AR_ECHECK;
}

static bool is_timestamp(const char *s)
{
	/* YYYY-MM-DDTHH:MM:SS.ffffffZ */
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	return true;
}

static void t_batches(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	static char *const argv[] = {"ar-ledger", "set", "company.name",
				     "Acme Inc", "it's", NULL};
	int64_t id = 0, id2 = 0;

	assert_int_equal(ar_ledger_batch(l), 0);
	assert_int_equal(ar_ledger_begin(l, "ar-ledger", 5, argv, &id), AR_OK);
	assert_true(id > 0);
	assert_int_equal(ar_ledger_batch(l), id);
	/* one batch at a time */
	assert_int_equal(ar_ledger_begin(l, "ar-ledger", 5, argv, NULL), AR_EUSAGE);
	assert_int_equal(ar_ledger_batch(l), id);
	assert_int_equal(ar_ledger_commit(l, "1 setting"), AR_OK);
	assert_int_equal(ar_ledger_batch(l), 0);
	assert_int_equal(ar_ledger_commit(l, NULL), AR_EUSAGE);

	static char *const argv2[] = {"ar-import", NULL};
	assert_int_equal(ar_ledger_begin(l, "ar-import", 1, argv2, &id2), AR_OK);
	assert_true(id2 > id);
	assert_int_equal(ar_ledger_commit(l, NULL), AR_OK);

	struct batch_list bl = {0};
	assert_int_equal(ar_ledger_batches(l, on_batch, &bl), AR_OK);
	assert_int_equal(bl.n, 2);
	assert_int_equal(bl.id[0], id);
	assert_int_equal(bl.id[1], id2);
	assert_string_equal(bl.command[0], "ar-ledger");
	/* the command line as given, quoted where a shell would need it */
	assert_string_equal(bl.args[0],
			    "ar-ledger set company.name 'Acme Inc' 'it'\\''s'");
	assert_string_equal(bl.args[1], "ar-import");
	assert_true(strlen(bl.user[0]) > 0);
	assert_true(is_timestamp(bl.started[0]));
	assert_true(is_timestamp(bl.finished[0]));
	assert_true(strcmp(bl.started[0], bl.finished[0]) <= 0);
	assert_string_equal(bl.summary[0], "1 setting");
	assert_string_equal(bl.summary[1], "(null)");

	/* the callback stops the walk */
	int calls = 0;
	assert_int_equal(ar_ledger_batches(l, stop_at_first, &calls), AR_ECHECK);
	assert_int_equal(calls, 1);

	char ts[28];
	ar_timestamp_now(ts);
	assert_true(is_timestamp(ts));
	assert_true(strcmp(bl.finished[1], ts) <= 0);
}

static void t_rollback(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	char *v = NULL;
	int64_t before = one(l, "SELECT count(*) FROM batch");

	begin(l);
	assert_int_equal(ar_setting_set(l, "company.name", "Gone"), AR_OK);
	int64_t c = add_customer(l, "C1");
	add_doc(l, "invoice", "I1", c, "2025-01-10", 100, "USD");
	ar_ledger_rollback(l);
	assert_int_equal(ar_ledger_batch(l), 0);
	assert_int_equal(one(l, "SELECT count(*) FROM batch"), before);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 0);
	assert_int_equal(one(l, "SELECT count(*) FROM document"), 0);
	bool is_set = true;
	assert_int_equal(ar_setting_get(l, "company.name", &v, &is_set), AR_OK);
	assert_string_equal(v, "");
	assert_false(is_set);
	free(v);
	/* nothing to roll back: harmless */
	ar_ledger_rollback(l);
	ar_ledger_rollback(NULL);
	/* a new batch works after it */
	begin(l);
	add_customer(l, "C2");
	commit(l);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 1);
}

static void t_close_rolls_back(void **state)
{
	struct fixture *f = *state;
	begin(f->l);
	add_customer(f->l, "C1");
	ar_ledger_close(f->l);
	f->l = reopen(f->path);
	assert_int_equal(one(f->l, "SELECT count(*) FROM customer"), 0);
	assert_int_equal(one(f->l, "SELECT count(*) FROM batch"), 0);
}

static void t_busy(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *other = NULL;
	struct ar_ledger_config c;
	static char *const argv[] = {"x", NULL};

	ar_ledger_config_init(&c);
	c.busy_timeout_ms = 200;
	assert_int_equal(ar_ledger_open_config(&other, f->path, 0, NULL, &c),
			 AR_OK);
	begin(f->l);
	add_customer(f->l, "C1");
	/* a second writer waits, then gives up: safe to retry */
	assert_int_equal(ar_ledger_begin(other, "x", 1, argv, NULL), AR_EBUSY);
	assert_non_null(strstr(ar_ledger_errmsg(other), "busy"));
	assert_int_equal(ar_ledger_batch(other), 0);
	/* readers are not blocked, and see the last commit only */
	assert_int_equal(one(other, "SELECT count(*) FROM customer"), 0);
	commit(f->l);
	assert_int_equal(one(other, "SELECT count(*) FROM customer"), 1);
	assert_int_equal(ar_ledger_begin(other, "x", 1, argv, NULL), AR_OK);
	assert_int_equal(ar_ledger_commit(other, NULL), AR_OK);
	ar_ledger_close(other);
}

/* The caller's settings, not the environment's: the user of the batches. */
static void t_config(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *other = NULL;
	struct ar_ledger_config c;
	struct batch_list bl = {0};
	static char *const argv[] = {"x", NULL};

	ar_ledger_config_init(&c);
	assert_int_equal(c.busy_timeout_ms, 30000);
	assert_null(c.user);
	assert_int_equal(c.bulk_applications, 100000);
	setenv("USER", "from-environment", 1);
	c.user = "clerk";
	assert_int_equal(ar_ledger_open_config(&other, f->path, 0, NULL, &c),
			 AR_OK);
	c.user = NULL;	/* borrowed for the open only */
	assert_int_equal(ar_ledger_begin(other, "x", 1, argv, NULL), AR_OK);
	assert_int_equal(ar_ledger_commit(other, NULL), AR_OK);
	ar_ledger_close(other);
	/* without one, the login name: never $USER */
	begin(f->l);
	commit(f->l);
	unsetenv("USER");
	assert_int_equal(ar_ledger_batches(f->l, on_batch, &bl), AR_OK);
	assert_int_equal(bl.n, 2);
	assert_string_equal(bl.user[0], "clerk");
	assert_string_not_equal(bl.user[1], "from-environment");
}

/* A conflict inside one connection is not another run's lock: retrying
 * would meet it again, so it is a ledger error with SQLite's message. */
static void t_locked_is_not_busy(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	sqlite3_stmt *s = NULL;

	begin(l);
	add_customer(l, "C1");
	assert_int_equal(sqlite3_prepare_v2(ar__db(l), "SELECT id FROM "
					    "customer", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	/* a schema change while a statement is stepping: SQLITE_LOCKED */
	assert_int_equal(ar__exec(l, "DROP INDEX document_customer"),
			 AR_ELEDGER);
	assert_int_equal(sqlite3_errcode(ar__db(l)) & 0xff, SQLITE_LOCKED);
	assert_null(strstr(ar_ledger_errmsg(l), "retry"));
	assert_non_null(strstr(ar_ledger_errmsg(l), "locked"));
	assert_non_null(strstr(ar_ledger_errmsg(l), f->path));
	sqlite3_finalize(s);
	assert_int_equal(ar__sqlfail(l, SQLITE_LOCKED_SHAREDCACHE, "write"),
			 AR_ELEDGER);
	assert_int_equal(ar__sqlfail(l, SQLITE_BUSY_SNAPSHOT, "read"), AR_EBUSY);
	commit(l);
}

/* The ledger's total of document amounts per currency stays in 64 bits. */
static void t_doc_totals(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	bool fits = true;

	begin(l);
	int64_t c = add_customer(l, "C1");
	/* a ledger written past the limit before it was kept: read without
	 * an overflow, and full */
	add_doc(l, "invoice", "I1", c, "2025-01-01", INT64_MAX / 2 + 1, "USD");
	add_doc(l, "invoice", "I2", c, "2025-01-01", INT64_MAX / 2 + 1, "USD");
	add_doc(l, "invoice", "I3", c, "2025-01-01", 5, "EUR");
	assert_int_equal(ar__doc_room(l, "USD", 1, &fits), AR_OK);
	assert_false(fits);
	assert_int_equal(ar__doc_room(l, "EUR", INT64_MAX - 5, &fits), AR_OK);
	assert_true(fits);
	assert_int_equal(ar__doc_room(l, "EUR", INT64_MAX - 4, &fits), AR_OK);
	assert_false(fits);
	assert_int_equal(ar__doc_room(l, "JPY", INT64_MAX, &fits), AR_OK);
	assert_true(fits);
	/* what a rolled back batch posted is forgotten */
	ar_ledger_rollback(l);
	begin(l);
	c = add_customer(l, "C1");
	assert_int_equal(ar__doc_room(l, "USD", INT64_MAX, &fits), AR_OK);
	assert_true(fits);
	ar_ledger_rollback(l);

	/* posting counts what it posts, and refuses past the limit */
	begin(l);
	c = add_customer(l, "C1");
	add_doc(l, "invoice", "I1", c, "2025-01-01", INT64_MAX - 10, "USD");
	struct ar__doc d = {
		.doc_type = "debit_memo", .doc_no = "DM-1", .customer = c,
		.doc_date = 0, .due_date = 0, .amount = 11, .currency = "USD",
	};
	assert_int_equal(ar__post_document(l, &d, NULL), AR_EINPUT);
	assert_string_equal(ar_ledger_errmsg(l), "debit_memo 'DM-1': would "
			    "make the ledger's USD total exceed "
			    "92233720368547758.07");
	d.amount = 10;
	assert_int_equal(ar__post_document(l, &d, NULL), AR_OK);
	d.doc_no = "DM-2";
	d.amount = 1;
	assert_int_equal(ar__post_document(l, &d, NULL), AR_EINPUT);
	assert_int_equal(one(l, "SELECT count(*) FROM document"), 2);
	assert_int_equal(one(l, "SELECT sum(amount) FROM document"), INT64_MAX);
	commit(l);
}

/* A COMMIT that fails says so with SQLite's reason, and nothing is kept. */
static void t_commit_fails(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	char want[256];

	begin(l);
	int64_t c = add_customer(l, "C1");
	/* a foreign key checked only at COMMIT, then broken */
	sql_ok(l, "PRAGMA defer_foreign_keys = ON");
	add_doc(l, "invoice", "I1", c + 1, "2025-01-01", 100, "USD");
	assert_int_equal(ar_ledger_commit(l, NULL), AR_ELEDGER);
	snprintf(want, sizeof(want), "'%s': cannot commit: FOREIGN KEY "
		 "constraint failed", f->path);
	assert_string_equal(ar_ledger_errmsg(l), want);
	ar_ledger_rollback(l);
	assert_int_equal(ar_ledger_batch(l), 0);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 0);
	assert_int_equal(one(l, "SELECT count(*) FROM batch"), 0);
}

/* A ledger SQLite cannot read is damaged, not "not a ledger". */
static void t_damaged(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = NULL;
	char want[256];

	/* SQLite's signature, and a header that is not one */
	char head[100] = "SQLite format 3";
	memset(head + 16, 'x', sizeof(head) - 16);
	char *p = write_bytes(head, sizeof(head), "db");
	assert_int_equal(ar_ledger_open(&l, p, 0, NULL), AR_ELEDGER);
	snprintf(want, sizeof(want), "'%s' is damaged: file is not a database",
		 p);
	assert_string_equal(ar_ledger_errmsg(l), want);
	ar_ledger_close(l);
	/* a failure to read an open ledger */
	assert_int_equal(ar__sqlfail(f->l, SQLITE_CORRUPT, "read"), AR_ELEDGER);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "' is damaged: "));
}

/* ------------------------------------------------------------------ */
/* Settings */

static void t_settings_defaults(void **state)
{
	struct fixture *f = *state;
	static const char *const spec_keys[] = {
		"company.name", "company.address", "company.remit_to",
		"currency.base", "terms.default", "aging.buckets",
		"writeoff.approval_limit", "gl.receivables",
		"gl.bad_debt_expense", "gl.bad_debt_recovery", "gl.cash",
		"statement.message",
	};
	const char *const *keys = ar_setting_keys();
	size_t n = 0;
	char *v;
	bool is_set;

	while (keys[n])
		n++;
	assert_true(n >= sizeof(spec_keys) / sizeof(spec_keys[0]));
	for (size_t i = 0; i < sizeof(spec_keys) / sizeof(spec_keys[0]); i++) {
		bool found = false;
		for (size_t k = 0; k < n; k++)
			found |= strcmp(keys[k], spec_keys[i]) == 0;
		if (!found)
			fail_msg("setting %s is missing", spec_keys[i]);
	}
	for (size_t k = 0; k < n; k++) {
		is_set = true;
		v = NULL;
		assert_int_equal(ar_setting_get(f->l, keys[k], &v, &is_set), AR_OK);
		assert_non_null(v);
		assert_false(is_set);
		free(v);
	}
	assert_int_equal(ar_setting_get(f->l, "currency.base", &v, NULL), AR_OK);
	assert_string_equal(v, "USD");
	free(v);
	assert_int_equal(ar_setting_get(f->l, "aging.buckets", &v, NULL), AR_OK);
	assert_string_equal(v, "30,60,90,120");
	free(v);
	assert_int_equal(ar_setting_get(f->l, "terms.default", &v, NULL), AR_OK);
	assert_string_equal(v, "30");
	free(v);
	/* account codes are chosen, never defaulted */
	for (size_t i = 7; i < 11; i++) {
		assert_int_equal(ar_setting_get(f->l, spec_keys[i], &v, NULL),
				 AR_OK);
		assert_string_equal(v, "");
		free(v);
	}
}

static void t_settings_set(void **state)
{
	struct fixture *f = *state;
	char *v;
	bool is_set = false;

	begin(f->l);
	assert_int_equal(ar_setting_set(f->l, "company.name", "Acme Inc"), AR_OK);
	assert_int_equal(ar_setting_set(f->l, "company.address",
					"1 Main St\\nSpringfield"), AR_OK);
	assert_int_equal(ar_setting_set(f->l, "aging.buckets", "15,45"), AR_OK);
	assert_int_equal(ar_setting_set(f->l, "terms.default", "NET45"), AR_OK);
	assert_int_equal(ar_setting_set(f->l, "writeoff.approval_limit",
					"2,500.00"), AR_OK);
	assert_int_equal(ar_setting_set(f->l, "gl.cash", "1010"), AR_OK);
	/* set twice: the last one holds */
	assert_int_equal(ar_setting_set(f->l, "company.name", "Acme Corp"), AR_OK);
	commit(f->l);
	ar_ledger_close(f->l);
	f->l = reopen(f->path);

	assert_int_equal(ar_setting_get(f->l, "company.name", &v, &is_set), AR_OK);
	assert_string_equal(v, "Acme Corp");
	assert_true(is_set);
	free(v);
	assert_int_equal(ar_setting_get(f->l, "company.address", &v, NULL), AR_OK);
	assert_string_equal(v, "1 Main St\nSpringfield");
	free(v);
	assert_int_equal(ar_setting_get(f->l, "aging.buckets", &v, NULL), AR_OK);
	assert_string_equal(v, "15,45");
	free(v);
	assert_int_equal(ar_setting_get(f->l, "gl.cash", &v, NULL), AR_OK);
	assert_string_equal(v, "1010");
	free(v);
	/* the other keys keep their defaults */
	assert_int_equal(ar_setting_get(f->l, "currency.base", &v, &is_set), AR_OK);
	assert_string_equal(v, "USD");
	assert_false(is_set);
	free(v);
}

static void t_settings_invalid(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *key, *value;
	} bad[] = {
		{"currency.base", "usd"},
		{"currency.base", "US"},
		{"currency.base", "ZZZ"},	/* not declared */
		{"currency.extra", "XBT"},
		{"currency.extra", "xbt:2"},
		{"currency.extra", "XBT:9"},
		{"currency.extra", "XBT:2;ABC:0"},
		{"terms.default", "NET"},
		{"terms.default", "abc"},
		{"terms.default", "3651"},
		{"terms.default", "-5"},
		{"aging.buckets", ""},
		{"aging.buckets", "60,30"},
		{"aging.buckets", "30,30"},
		{"aging.buckets", "0,30"},
		{"aging.buckets", "30,abc"},
		{"aging.buckets", "30,"},
		{"aging.buckets", "-30,60"},
		{"aging.buckets", "1,2,3,4,5,6,7,8,9,10,11"},
		{"writeoff.approval_limit", "-5"},
		{"writeoff.approval_limit", "abc"},
		{"writeoff.approval_limit", "1.234"},
		{"writeoff.approval_limit", ""},
		{"gl.cash", ""},
		{"gl.cash", "10,00"},
	};
	char *v;
	int wrong = 0;

	begin(f->l);
	assert_int_equal(ar_setting_set(f->l, "aging.buckets", "30,60"), AR_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ar_status st = ar_setting_set(f->l, bad[i].key, bad[i].value);
		if (st != AR_EUSAGE) {
			print_error("set %s '%s': status %d, want AR_EUSAGE\n",
				    bad[i].key, bad[i].value, (int)st);
			wrong++;
		} else if (!strstr(ar_ledger_errmsg(f->l), bad[i].key)) {
			print_error("set %s '%s': message '%s' does not name "
				    "the key\n", bad[i].key, bad[i].value,
				    ar_ledger_errmsg(f->l));
			wrong++;
		}
	}
	commit(f->l);
	assert_int_equal(wrong, 0);
	/* nothing of it was stored */
	assert_int_equal(ar_setting_get(f->l, "aging.buckets", &v, NULL), AR_OK);
	assert_string_equal(v, "30,60");
	free(v);
	assert_int_equal(ar_setting_get(f->l, "terms.default", &v, NULL), AR_OK);
	assert_string_equal(v, "30");
	free(v);
}

static void t_settings_unknown_key(void **state)
{
	struct fixture *f = *state;
	char *v = (char *)"x";
	assert_int_equal(ar_setting_get(f->l, "company.nam", &v, NULL), AR_EUSAGE);
	assert_null(v);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "no such setting"));
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "company.nam"));
	begin(f->l);
	assert_int_equal(ar_setting_set(f->l, "no.such.key", "1"), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(f->l), "no such setting"));
	assert_int_equal(ar_setting_set(f->l, "", "1"), AR_EUSAGE);
	commit(f->l);
	assert_int_equal(one(f->l, "SELECT count(*) FROM setting"), 0);
}

static void t_settings_currency_extra(void **state)
{
	struct fixture *f = *state;
	char *v;

	assert_int_equal(ar_ledger_currency_exponent(f->l, "USD"), 2);
	assert_int_equal(ar_ledger_currency_exponent(f->l, "JPY"), 0);
	assert_int_equal(ar_ledger_currency_exponent(f->l, "XBT"), -1);
	begin(f->l);
	assert_int_equal(ar_setting_set(f->l, "currency.base", "XBT"), AR_EUSAGE);
	assert_int_equal(ar_setting_set(f->l, "currency.extra", "XBT:4,ABC:0"),
			 AR_OK);
	assert_int_equal(ar_ledger_currency_exponent(f->l, "XBT"), 4);
	assert_int_equal(ar_ledger_currency_exponent(f->l, "ABC"), 0);
	assert_int_equal(ar_ledger_currency_exponent(f->l, "ZZZ"), -1);
	assert_int_equal(ar_ledger_currency_exponent(f->l, "KWD"), 3);
	/* a declared currency can be the base one */
	assert_int_equal(ar_setting_set(f->l, "currency.base", "XBT"), AR_OK);
	commit(f->l);
	assert_int_equal(ar_setting_get(f->l, "currency.base", &v, NULL), AR_OK);
	assert_string_equal(v, "XBT");
	free(v);
}

/* ------------------------------------------------------------------ */
/* Append-only tables */

static void refuses_sql(struct ar_ledger *l, const char *text,
			const char *what)
{
	int rc = sql(l, text);
	if (rc == SQLITE_OK)
		fail_msg("'%s' was allowed", text);
	if (!strstr(sqlite3_errmsg(ar__db(l)), what))
		fail_msg("'%s': '%s' should mention '%s'", text,
			 sqlite3_errmsg(ar__db(l)), what);
}

static void t_append_only(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;

	begin(l);
	int64_t c = add_customer(l, "C1");
	int64_t inv = add_doc(l, "invoice", "I1", c, "2025-01-10", 10000, "USD");
	int64_t pay = add_doc(l, "payment", "P1", c, "2025-01-20", 4000, "USD");
	add_app(l, pay, inv, 4000, "2025-01-20", 0);
	sql_ok(l, "INSERT INTO activity (customer, date, kind, batch_id) "
	       "VALUES (1, '2025-01-21', 'call', 1)");
	commit(l);

	begin(l);
	refuses_sql(l, "UPDATE document SET amount = 1 WHERE doc_no = 'I1'",
		    "append-only");
	refuses_sql(l, "UPDATE document SET description = 'x'", "append-only");
	refuses_sql(l, "DELETE FROM document WHERE doc_no = 'P1'", "append-only");
	refuses_sql(l, "DELETE FROM document", "append-only");
	refuses_sql(l, "UPDATE application SET amount = 1", "append-only");
	refuses_sql(l, "DELETE FROM application", "append-only");
	refuses_sql(l, "UPDATE activity SET kind = 'note'", "append-only");
	refuses_sql(l, "DELETE FROM activity", "append-only");
	refuses_sql(l, "DELETE FROM customer", "never deleted");
	refuses_sql(l, "UPDATE customer SET customer_id = 'C2'", "never changes");
	/* a customer may change, and keeps its history */
	sql_ok(l, "UPDATE customer SET name = 'Acme' WHERE customer_id = 'C1'");
	commit(l);

	assert_int_equal(one(l, "SELECT amount FROM document WHERE doc_no = 'I1'"),
			 10000);
	assert_int_equal(one(l, "SELECT count(*) FROM document"), 2);
	assert_int_equal(one(l, "SELECT count(*) FROM application"), 1);
	assert_int_equal(one(l, "SELECT amount FROM application"), 4000);
	assert_int_equal(one(l, "SELECT count(*) FROM activity"), 1);
	assert_int_equal(one(l, "SELECT count(*) FROM customer_history"), 1);
	char buf[64];
	assert_string_equal(one_text(l, "SELECT name FROM customer_history",
				     buf, sizeof(buf)), "C1");
	assert_string_equal(one_text(l, "SELECT name FROM customer", buf,
				     sizeof(buf)), "Acme");
}

/* ------------------------------------------------------------------ */
/* ar_ledger_check */

static void t_check_empty(void **state)
{
	struct fixture *f = *state;
	struct problems p;
	assert_int_equal(check(f->l, &p), 0);
}

static void t_check_consistent(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1"), c2 = add_customer(l, "C2");
	int64_t i1 = add_doc(l, "invoice", "I1", c1, "2025-01-10", 10000, "USD");
	int64_t i2 = add_doc(l, "debit_memo", "D1", c1, "2025-01-12", 2500, "USD");
	int64_t p1 = add_doc(l, "payment", "P1", c1, "2025-01-20", 6000, "USD");
	int64_t m1 = add_doc(l, "credit_memo", "M1", c1, "2025-01-25", 1000, "USD");
	int64_t a1 = add_app(l, p1, i1, 6000, "2025-01-20", 0);
	/* undone and done again */
	add_app(l, p1, i1, -6000, "2025-01-21", a1);
	add_app(l, p1, i1, 5000, "2025-01-22", 0);
	add_app(l, p1, i2, 1000, "2025-01-22", 0);
	add_app(l, m1, i1, 1000, "2025-01-25", 0);
	/* another customer, another currency, an overpayment */
	int64_t i3 = add_doc(l, "invoice", "I3", c2, "2025-02-01", 5000, "EUR");
	int64_t p3 = add_doc(l, "payment", "P3", c2, "2025-02-05", 8000, "EUR");
	add_app(l, p3, i3, 5000, "2025-02-05", 0);
	add_doc(l, "invoice", "I4", c2, "2025-02-07", 700, "USD");
	commit(l);
	assert_int_equal(check(l, &p), 0);
}

/*
 * One application joins documents of two customers.  Besides the
 * application itself, each customer's balance no longer equals its open
 * items less unapplied credits: that follows from the one bad row, and
 * the check says so for both.
 */
static void t_check_crosses_customers(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1"), c2 = add_customer(l, "C2");
	int64_t i1 = add_doc(l, "invoice", "I1", c1, "2025-01-10", 10000, "USD");
	int64_t p2 = add_doc(l, "payment", "P2", c2, "2025-01-20", 10000, "USD");
	add_app(l, p2, i1, 4000, "2025-01-20", 0);
	commit(l);
	long n = check(l, &p);
	assert_int_equal(mentioning(&p, "crosses customers", NULL), 1);
	assert_int_equal(mentioning(&p, "application 1", "P2", "I1", NULL), 1);
	assert_int_equal(mentioning(&p, "currencies", NULL), 0);
	assert_int_equal(mentioning(&p, "outside", NULL), 0);
	assert_int_equal(mentioning(&p, "customer C1 USD: balance 100.00", NULL), 1);
	assert_int_equal(mentioning(&p, "customer C2 USD: balance -100.00", NULL), 1);
	assert_int_equal(n, 3);
}

static void t_check_crosses_currencies(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1");
	int64_t i1 = add_doc(l, "invoice", "I1", c1, "2025-01-10", 10000, "USD");
	int64_t p1 = add_doc(l, "payment", "P1", c1, "2025-01-20", 10000, "EUR");
	add_app(l, p1, i1, 4000, "2025-01-20", 0);
	commit(l);
	long n = check(l, &p);
	assert_int_equal(mentioning(&p, "crosses currencies", NULL), 1);
	assert_int_equal(mentioning(&p, "customers", NULL), 0);
	assert_int_equal(mentioning(&p, "outside", NULL), 0);
	/* and, as above, the balances of C1 in USD and in EUR */
	assert_int_equal(mentioning(&p, "customer C1 USD: balance", NULL), 1);
	assert_int_equal(mentioning(&p, "customer C1 EUR: balance", NULL), 1);
	assert_int_equal(n, 3);
}

/*
 * An invoice over-applied on one day and put right the next: the ledger
 * balances now, but it did not on 2025-01-20, and the check looks at
 * every date.
 */
static void t_check_over_applied_once(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1");
	int64_t i1 = add_doc(l, "invoice", "I1", c1, "2025-01-10", 10000, "USD");
	int64_t p1 = add_doc(l, "payment", "P1", c1, "2025-01-20", 15000, "USD");
	int64_t a1 = add_app(l, p1, i1, 12000, "2025-01-20", 0);
	add_app(l, p1, i1, -12000, "2025-01-21", a1);
	add_app(l, p1, i1, 10000, "2025-01-21", 0);
	commit(l);
	assert_int_equal(check(l, &p), 1);
	assert_int_equal(mentioning(&p, "invoice I1", "120.00", "2025-01-20",
				    "outside 0..100.00 USD", NULL), 1);
}

/*
 * Over-applied for good: the bounds name both documents.  The balance
 * identity itself still holds (the over-applied invoice counts as a
 * negative open amount), so it adds no third line.
 */
static void t_check_over_applied(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1");
	int64_t i1 = add_doc(l, "invoice", "I1", c1, "2025-01-10", 10000, "USD");
	int64_t p1 = add_doc(l, "payment", "P1", c1, "2025-01-20", 15000, "USD");
	add_app(l, p1, i1, 12000, "2025-01-20", 0);
	/* and a credit applied beyond its amount */
	int64_t i2 = add_doc(l, "invoice", "I2", c1, "2025-01-10", 9000, "USD");
	int64_t m1 = add_doc(l, "credit_memo", "M1", c1, "2025-01-20", 500, "USD");
	add_app(l, m1, i2, 800, "2025-01-22", 0);
	commit(l);
	long n = check(l, &p);
	assert_int_equal(mentioning(&p, "invoice I1", "120.00", "outside 0..100.00", NULL), 1);
	assert_int_equal(mentioning(&p, "credit_memo M1", "8.00", "outside 0..5.00", NULL), 1);
	assert_int_equal(mentioning(&p, "customer C1 USD: balance", NULL), 0);
	assert_int_equal(n, 2);
}

static void t_check_dated_before_invoice(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1");
	int64_t i1 = add_doc(l, "invoice", "I1", c1, "2025-03-10", 10000, "USD");
	int64_t p1 = add_doc(l, "payment", "P1", c1, "2025-03-01", 10000, "USD");
	add_app(l, p1, i1, 10000, "2025-03-05", 0);
	commit(l);
	assert_int_equal(check(l, &p), 1);
	assert_int_equal(mentioning(&p, "application 1", "2025-03-05",
				    "before its documents", NULL), 1);
}

static void t_check_other_rules(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct problems p;

	begin(l);
	int64_t c1 = add_customer(l, "C1");
	add_doc(l, "invoice", "I1", c1, "2025-03-10", 10000, "usd");
	commit(l);
	assert_int_equal(check(l, &p), 1);
	assert_int_equal(mentioning(&p, "document I1", "not a currency code", NULL), 1);

	/* the file's identity is part of the check */
	sql_ok(l, "PRAGMA user_version = 7");
	assert_int_equal(check(l, &p), 2);
	assert_int_equal(mentioning(&p, "schema version 7", NULL), 1);
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 AR_LEDGER_SCHEMA_VERSION);
	sql_ok(l, sql);
	assert_int_equal(check(l, &p), 1);
}

/* ------------------------------------------------------------------ */
/* Periods and backups */

/* The closed-period rule: one decision, one message, about the field. */
static void t_period_check(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	ar_date end = ar_date_from_ymd(2024, 2, 29);
	const struct ar_notice *n;
	char why[80] = "";

	assert_true(ar__period_open(end, AR_DATE_NONE, false, why, sizeof(why)));
	assert_true(ar__period_open(end + 1, end, false, why, sizeof(why)));
	assert_true(ar__period_open(end, end, true, why, sizeof(why)));
	assert_string_equal(why, "");
	assert_false(ar__period_open(end, end, false, why, sizeof(why)));
	assert_string_equal(why, "falls in a period closed through "
			    "2024-02-29");

	assert_int_equal(ar__period_check(l, end, false, "as_of"), AR_OK);
	begin(l);
	assert_int_equal(ar_ledger_close_period(l, "2024-02"), AR_OK);
	assert_int_equal(ar__period_check(l, end + 1, false, "as_of"), AR_OK);
	assert_int_equal(ar__period_check(l, end, true, "as_of"), AR_OK);
	assert_int_equal(ar__period_check(l, end, false, "as_of"), AR_EUSAGE);
	n = ar_ledger_error(l);
	assert_int_equal(n->kind, AR_NOTICE_ERROR);
	assert_string_equal(n->field, "as_of");
	assert_string_equal(n->text, "'2024-02-29' falls in a period "
			    "closed through 2024-02-29");
	assert_string_equal(n->text, ar_ledger_errmsg(l));
	assert_string_equal(n->hint, "allow_closed");
	assert_string_equal(n->hint_does, "posts anyway");
	assert_null(n->file);
	/* the next failure says only what it says */
	assert_int_equal(ar_ledger_close_period(l, "2024-02"), AR_EEXISTS);
	assert_null(n->field);
	assert_null(n->hint);
	commit(l);
	assert_string_equal(ar_ledger_error(NULL)->text, "out of memory");
}

static void t_close_period(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	ar_date d = 0;

	assert_int_equal(ar_ledger_closed_through(l, &d), AR_OK);
	assert_int_equal(d, AR_DATE_NONE);
	begin(l);
	assert_int_equal(ar_ledger_close_period(l, "2024-02"), AR_OK);
	assert_int_equal(ar_ledger_closed_through(l, &d), AR_OK);
	assert_int_equal(d, ar_date_from_ymd(2024, 2, 29));
	assert_int_equal(ar_ledger_close_period(l, "2024-02"), AR_EEXISTS);
	assert_int_equal(ar_ledger_close_period(l, "2024-01"), AR_EEXISTS);
	assert_non_null(strstr(ar_ledger_errmsg(l), "already closed"));
	assert_int_equal(ar_ledger_close_period(l, "2025-13"), AR_EUSAGE);
	assert_int_equal(ar_ledger_close_period(l, "2025-00"), AR_EUSAGE);
	assert_int_equal(ar_ledger_close_period(l, "2025-1"), AR_EUSAGE);
	assert_int_equal(ar_ledger_close_period(l, "25-01"), AR_EUSAGE);
	assert_int_equal(ar_ledger_close_period(l, "2025-01-31"), AR_EUSAGE);
	assert_int_equal(ar_ledger_close_period(l, ""), AR_EUSAGE);
	assert_int_equal(ar_ledger_close_period(l, "abcd-ef"), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(l), "'abcd-ef' is not a month"));
	assert_int_equal(ar_ledger_close_period(l, "2025-01"), AR_OK);
	commit(l);
	ar_ledger_close(l);
	l = f->l = reopen(f->path);
	assert_int_equal(ar_ledger_closed_through(l, &d), AR_OK);
	assert_int_equal(d, ar_date_from_ymd(2025, 1, 31));
	assert_int_equal(one(l, "SELECT count(*) FROM period_lock"), 2);
	/* locks are append-only too */
	begin(l);
	refuses_sql(l, "DELETE FROM period_lock", "append-only");
	commit(l);
}

static void t_backup(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l, *b = NULL;
	mode_t old = umask(0);

	begin(l);
	int64_t c = add_customer(l, "C1");
	add_doc(l, "invoice", "I1", c, "2025-01-10", 10000, "USD");
	assert_int_equal(ar_setting_set(l, "company.name", "Acme"), AR_OK);
	commit(l);
	char *p = new_path("db");
	assert_int_equal(ar_ledger_backup(l, p), AR_OK);
	assert_int_equal(mode_of(p), 0600);
	umask(old);

	assert_int_equal(ar_ledger_open(&b, p, 0, NULL), AR_OK);
	assert_int_equal(one(b, "PRAGMA application_id"), AR_LEDGER_APPLICATION_ID);
	assert_int_equal(one(b, "SELECT count(*) FROM customer"), 1);
	assert_int_equal(one(b, "SELECT amount FROM document"), 10000);
	char *v;
	assert_int_equal(ar_setting_get(b, "company.name", &v, NULL), AR_OK);
	assert_string_equal(v, "Acme");
	free(v);
	struct problems pr;
	assert_int_equal(check(b, &pr), 0);
	ar_ledger_close(b);

	/* never over an existing file */
	assert_int_equal(ar_ledger_backup(l, p), AR_ELEDGER);
	assert_int_equal(ar_ledger_open(&b, p, 0, NULL), AR_OK);
	assert_int_equal(one(b, "SELECT count(*) FROM customer"), 1);
	ar_ledger_close(b);
	/* nor into a missing directory */
	assert_int_equal(ar_ledger_backup(l, "/nonexistent/arkit/b.db"), AR_ELEDGER);
}

/* ------------------------------------------------------------------ */
/* Importing */

struct rejects {
	int n;
	long line[16];
	char field[16][64], value[16][128], reason[16][512], file[16][64];
	size_t nhead[16];
	int warnings;
};

static void on_reject(void *ctx, const struct ar_import_error *e,
		      struct ar_csv_reader *r)
{
	struct rejects *rj = ctx;
	(void)r;
	int i = rj->n++;
	if (i >= 16)
		return;
	rj->line[i] = e->line;
	snprintf(rj->field[i], 64, "%s", e->field ? e->field : "(null)");
	snprintf(rj->value[i], 128, "%s", e->value ? e->value : "(null)");
	snprintf(rj->reason[i], 512, "%s", e->reason ? e->reason : "(null)");
	snprintf(rj->file[i], 64, "%s", e->file ? e->file : "(null)");
	rj->nhead[i] = e->nhead;
	print_message("    reject %s:%ld: %s: '%s' %s\n", rj->file[i], e->line,
		      rj->field[i], rj->value[i], rj->reason[i]);
}

static void on_warn(void *ctx, const struct ar_notice *n)
{
	struct rejects *rj = ctx;
	if (n->kind == AR_NOTICE_WARNING)
		rj->warnings++;
}

/* Import one file in a batch of its own; the import's status. */
static ar_status import(struct ar_ledger *l, const char *path, const char *name,
			const struct ar_import_options *o,
			struct ar_import_stats *stats, struct rejects *rj,
			int64_t *batch)
{
	struct ar_import_options defaults = {0};
	struct ar_import_callbacks cb = {.reject = on_reject, .ctx = rj};
	struct ar_import *im = NULL;
	struct ar_csv_reader *r = NULL;
	static char *const argv[] = {"ar-import", NULL};
	ar_status st;

	memset(rj, 0, sizeof(*rj));
	ar_ledger_set_notice(l, on_warn, rj);
	assert_int_equal(ar_ledger_begin(l, "ar-import", 1, argv, batch), AR_OK);
	st = ar_import_new(&im, l, o ? o : &defaults, &cb);
	if (st != AR_OK) {
		ar_ledger_rollback(l);
		return st;
	}
	assert_int_equal(ar_csv_reader_open(&r, path, name), AR_OK);
	st = ar_import_file(im, r, stats);
	ar_csv_reader_free(r);
	ar_import_free(im);
	ar_ledger_set_notice(l, NULL, NULL);
	if (st == AR_OK)
		commit(l);
	else
		ar_ledger_rollback(l);
	return st;
}

#define CUSTOMERS \
	"customer_id,name,email,terms,currency\n" \
	"C1,Acme Corp,ap@acme.example,NET30,USD\n" \
	"C2,Beta GmbH,,45,EUR\n"

#define INVOICES \
	"invoice_no,customer_id,invoice_date,amount\n" \
	"INV-1,C1,2025-01-10,\"1,234.56\"\n" \
	"INV-2,C1,2025-01-15,100.00\n" \
	"INV-3,C2,2025-01-20,50.00\n"

static void load_basics(struct ar_ledger *l, int64_t *batch)
{
	struct ar_import_stats s;
	struct rejects rj;
	assert_int_equal(import(l, write_csv(CUSTOMERS), "customers.csv", NULL,
				&s, &rj, NULL), AR_OK);
	assert_int_equal(s.added, 2);
	assert_int_equal(import(l, write_csv(INVOICES), "invoices.csv", NULL,
				&s, &rj, batch), AR_OK);
	assert_int_equal(s.added, 3);
}

static void t_import_customers_invoices(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;
	char buf[64], hex[65];

	assert_int_equal(import(l, write_csv(CUSTOMERS), "customers.csv", NULL,
				&s, &rj, NULL), AR_OK);
	assert_int_equal(s.type, AR_REC_CUSTOMERS);
	assert_true(s.detected);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.added, 2);
	assert_int_equal(s.updated, 0);
	assert_int_equal(s.unchanged, 0);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(rj.n, 0);
	assert_false(s.seen_before);
	struct ar_sha256 c;
	ar_sha256_init(&c);
	ar_sha256_update(&c, CUSTOMERS, strlen(CUSTOMERS));
	ar_sha256_hex(&c, hex);
	assert_string_equal(s.sha256, hex);
	assert_int_equal(one(l, "SELECT terms FROM customer WHERE customer_id = 'C1'"), 30);
	assert_int_equal(one(l, "SELECT terms FROM customer WHERE customer_id = 'C2'"), 45);
	assert_string_equal(one_text(l, "SELECT email FROM customer WHERE "
				     "customer_id = 'C1'", buf, sizeof(buf)),
			    "ap@acme.example");

	assert_int_equal(import(l, write_csv(INVOICES), "invoices.csv", NULL,
				&s, &rj, NULL), AR_OK);
	assert_int_equal(s.type, AR_REC_INVOICES);
	assert_true(s.detected);
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.added, 3);
	assert_int_equal(s.unchanged, 0);
	assert_int_equal(s.rejected, 0);
	/* the control totals, per currency */
	assert_int_equal(s.ncurrencies, 2);
	for (int i = 0; i < s.ncurrencies; i++) {
		if (strcmp(s.currencies[i].code, "USD") == 0) {
			assert_int_equal(s.currencies[i].total, 133456);
			assert_int_equal(s.currencies[i].exponent, 2);
		} else {
			assert_string_equal(s.currencies[i].code, "EUR");
			assert_int_equal(s.currencies[i].total, 5000);
		}
	}
	assert_int_equal(one(l, "SELECT count(*) FROM document WHERE "
			     "doc_type = 'invoice'"), 3);
	assert_int_equal(one(l, "SELECT amount FROM document WHERE doc_no = 'INV-1'"),
			 123456);
	/* due = date + the customer's terms */
	assert_string_equal(one_text(l, "SELECT due_date FROM document WHERE "
				     "doc_no = 'INV-1'", buf, sizeof(buf)),
			    "2025-02-09");
	assert_string_equal(one_text(l, "SELECT due_date FROM document WHERE "
				     "doc_no = 'INV-3'", buf, sizeof(buf)),
			    "2025-03-06");
	/* the currency is the customer's when the row has none */
	assert_string_equal(one_text(l, "SELECT currency FROM document WHERE "
				     "doc_no = 'INV-3'", buf, sizeof(buf)), "EUR");
	/* every row names its batch, which names the file */
	assert_int_equal(one(l, "SELECT count(*) FROM document d JOIN "
			     "batch_file f ON f.batch_id = d.batch_id WHERE "
			     "f.name = 'invoices.csv'"), 3);
	struct problems p;
	assert_int_equal(check(l, &p), 0);
}

static void t_import_same_file_again(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;
	int64_t first = 0, again = 0;

	load_basics(l, &first);
	assert_int_equal(import(l, write_csv(INVOICES), "invoices.csv", NULL,
				&s, &rj, &again), AR_OK);
	assert_true(again > first);
	assert_true(s.seen_before);
	assert_int_equal(s.seen_batch, first);
	assert_int_equal(s.seen_rows, 3);
	assert_true(strlen(s.seen_at) > 0);
	assert_int_equal(s.rows, 3);
	assert_int_equal(s.added, 0);
	assert_int_equal(s.unchanged, 3);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(rj.n, 0);
	assert_int_equal(one(l, "SELECT count(*) FROM document"), 3);
	assert_int_equal(one(l, "SELECT count(*) FROM batch_file WHERE "
			     "record_type = 'invoices'"), 1);
}

static void t_import_rows_again(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;

	load_basics(l, NULL);
	/* another file: one row seen before (written differently), one new */
	assert_int_equal(import(l, write_csv(
		"invoice_no,customer_id,invoice_date,amount\n"
		"INV-1,C1,2025-01-10,$1234.56\n"
		"INV-4,C1,2025-02-01,10.00\n"), "more.csv", NULL, &s, &rj, NULL),
		AR_OK);
	assert_false(s.seen_before);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(one(l, "SELECT count(*) FROM document"), 4);
}

static void t_import_conflict(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;

	load_basics(l, NULL);
	assert_int_equal(import(l, write_csv(
		"invoice_no,customer_id,invoice_date,amount\n"
		"INV-1,C1,2025-01-10,1234.56\n"
		"INV-2,C1,2025-01-15,100.01\n"), "fix.csv", NULL, &s, &rj, NULL),
		AR_OK);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.added, 0);
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(rj.n, 1);
	assert_int_equal(rj.line[0], 3);
	assert_string_equal(rj.file[0], "fix.csv");
	assert_string_equal(rj.value[0], "INV-2");
	assert_non_null(strstr(rj.reason[0], "already recorded with another amount"));
	assert_non_null(strstr(rj.reason[0], "100.00"));
	assert_non_null(strstr(rj.reason[0], "credit or debit memo"));
	/* the ledger keeps what it had */
	assert_int_equal(one(l, "SELECT amount FROM document WHERE doc_no = 'INV-2'"),
			 10000);
	/* a file with a rejected row is not "seen before" next time */
	assert_int_equal(import(l, write_csv(
		"invoice_no,customer_id,invoice_date,amount\n"
		"INV-1,C1,2025-01-10,1234.56\n"
		"INV-2,C1,2025-01-15,100.01\n"), "fix.csv", NULL, &s, &rj, NULL),
		AR_OK);
	assert_false(s.seen_before);
	assert_int_equal(s.rejected, 1);
}

static void t_import_rejects(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;

	load_basics(l, NULL);
	assert_int_equal(import(l, write_csv(
		"invoice_no,customer_id,invoice_date,amount\n"
		"INV-10,C1,2025-01-10,\"12,3.4\"\n"
		"INV-11,C9,2025-01-10,5.00\n"
		"INV-12,C1,2025-02-30,5.00\n"
		"INV-13,C1,2025-01-10\n"
		"INV-14,C1,2025-01-10,5.00\n"
		"INV-15,C1,2025-01-10,-5.00\n"
		",C1,2025-01-10,5.00\n"
		"INV-16,C1,2025-01-10,1.234\n"), "bad.csv", NULL, &s, &rj, NULL),
		AR_OK);
	assert_int_equal(s.rows, 8);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.rejected, 7);
	assert_int_equal(rj.n, 7);

	assert_int_equal(rj.line[0], 2);
	assert_string_equal(rj.field[0], "amount");
	assert_string_equal(rj.value[0], "12,3.4");
	assert_non_null(strstr(rj.reason[0], "is not an amount"));
	assert_int_equal(rj.nhead[0], 4);

	assert_int_equal(rj.line[1], 3);
	assert_string_equal(rj.field[1], "customer_id");
	assert_string_equal(rj.value[1], "C9");
	assert_non_null(strstr(rj.reason[1], "not a known customer"));

	assert_int_equal(rj.line[2], 4);
	assert_string_equal(rj.field[2], "invoice_date");
	assert_string_equal(rj.value[2], "2025-02-30");
	assert_non_null(strstr(rj.reason[2], "not a date"));

	assert_int_equal(rj.line[3], 5);
	assert_string_equal(rj.field[3], "(null)");
	assert_non_null(strstr(rj.reason[3], "expected 4 fields, found 3"));

	assert_int_equal(rj.line[4], 7);
	assert_string_equal(rj.field[4], "amount");
	assert_non_null(strstr(rj.reason[4], "positive"));

	assert_int_equal(rj.line[5], 8);
	assert_string_equal(rj.field[5], "invoice_no");
	assert_non_null(strstr(rj.reason[5], "required"));

	assert_int_equal(rj.line[6], 9);
	assert_string_equal(rj.field[6], "amount");
	assert_string_equal(rj.value[6], "1.234");
	assert_non_null(strstr(rj.reason[6], "decimals"));

	assert_int_equal(one(l, "SELECT count(*) FROM document"), 4);
	assert_int_equal(one(l, "SELECT count(*) FROM document WHERE "
			     "doc_no = 'INV-14'"), 1);
}

/* One document holds at most AR_MONEY_DOC_MAX minor units. */
static void t_import_amount_limit(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;

	load_basics(l, NULL);
	assert_true(AR_MONEY_DOC_MAX == INT64_C(1000000000000000));
	assert_int_equal(import(l, write_csv(
		"invoice_no,customer_id,invoice_date,amount\n"
		"BIG-1,C1,2025-01-10,\"10,000,000,000,000.00\"\n"
		"BIG-2,C1,2025-01-10,10000000000000.01\n"
		"BIG-3,C1,2025-01-10,92233720368547758.07\n"), "big.csv", NULL,
		&s, &rj, NULL), AR_OK);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.rejected, 2);
	assert_string_equal(rj.field[0], "amount");
	assert_int_equal(rj.line[0], 3);
	assert_int_equal(rj.line[1], 4);
	assert_int_equal(one(l, "SELECT amount FROM document WHERE doc_no = 'BIG-1'"),
			 AR_MONEY_DOC_MAX);
}

static void t_import_options(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;
	struct ar_import_options o = {.date_format = "%d.%m.%Y",
				      .decimal_comma = true};

	load_basics(l, NULL);
	/* aliases in the header, day-first dates, decimal commas; an
	 * unknown column is ignored with one warning */
	assert_int_equal(import(l, write_csv(
		"Invoice #,Customer,Date,Total,Currency,Notes\n"
		"INV-20,C2,15.01.2025,\"1.234,50\",EUR,x\n"
		"INV-21,C2,1.2.2025,\"EUR 7,00\",EUR,y\n"
		"INV-22,C2,2025-02-01,\"7,00\",EUR,z\n"), "de.csv", &o, &s, &rj,
		NULL), AR_OK);
	assert_int_equal(s.type, AR_REC_INVOICES);
	assert_true(s.detected);
	assert_int_equal(s.added, 2);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(rj.warnings, 1);
	assert_int_equal(rj.line[0], 4);
	assert_string_equal(rj.field[0], "Date");
	assert_int_equal(one(l, "SELECT amount FROM document WHERE doc_no = 'INV-20'"),
			 123450);
	char buf[32];
	assert_string_equal(one_text(l, "SELECT doc_date FROM document WHERE "
				     "doc_no = 'INV-21'", buf, sizeof(buf)),
			    "2025-02-01");

	/* a format without a day is refused before anything is read */
	struct ar_import_options bad = {.date_format = "%Y-%m"};
	assert_int_equal(import(l, write_csv(INVOICES), "x.csv", &bad, &s, &rj,
				NULL), AR_EUSAGE);
	assert_non_null(strstr(ar_ledger_errmsg(l), "%Y-%m"));
}

static void t_import_customer_update(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;
	char buf[64];

	load_basics(l, NULL);
	assert_int_equal(import(l, write_csv(
		"customer_id,name,email,terms,currency\n"
		"C1,Acme Corp,billing@acme.example,NET30,USD\n"
		"C2,Beta GmbH,,45,EUR\n"), "customers2.csv", NULL, &s, &rj, NULL),
		AR_OK);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.added, 0);
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.unchanged, 1);
	assert_string_equal(one_text(l, "SELECT email FROM customer WHERE "
				     "customer_id = 'C1'", buf, sizeof(buf)),
			    "billing@acme.example");
	assert_int_equal(one(l, "SELECT count(*) FROM customer_history"), 1);
	assert_string_equal(one_text(l, "SELECT email FROM customer_history",
				     buf, sizeof(buf)), "ap@acme.example");
}

static void t_import_closed_period(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;

	load_basics(l, NULL);
	begin(l);
	assert_int_equal(ar_ledger_close_period(l, "2025-01"), AR_OK);
	commit(l);
	const char *text = "invoice_no,customer_id,invoice_date,amount\n"
			   "INV-30,C1,2025-01-31,5.00\n"
			   "INV-31,C1,2025-02-01,5.00\n";
	assert_int_equal(import(l, write_csv(text), "late.csv", NULL, &s, &rj,
				NULL), AR_OK);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.rejected, 1);
	assert_string_equal(rj.field[0], "invoice_date");
	assert_non_null(strstr(rj.reason[0], "a period closed through"));
	struct ar_import_options o = {.allow_closed = true};
	assert_int_equal(import(l, write_csv(text), "late.csv", &o, &s, &rj,
				NULL), AR_OK);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(s.rejected, 0);
}

static void t_import_create_customers(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;
	struct ar_import_options o = {.type = AR_REC_INVOICES,
				      .create_customers = true};

	assert_int_equal(import(l, write_csv(
		"invoice_no,customer_id,invoice_date,amount\n"
		"INV-1,C7,2025-01-10,5.00\n"
		"INV-2,C7,2025-01-11,6.00\n"), "new.csv", &o, &s, &rj, NULL),
		AR_OK);
	assert_false(s.detected);
	assert_int_equal(s.added, 2);
	assert_int_equal(s.customers_created, 1);
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 1);
}

static void t_import_rolled_back(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_options o = {0};
	struct ar_import_stats s;
	struct ar_import *im;
	struct ar_csv_reader *r;
	struct rejects rj;

	assert_int_equal(import(l, write_csv(CUSTOMERS), "customers.csv", NULL,
				&s, &rj, NULL), AR_OK);
	/* all or nothing: the caller drops the batch */
	char *p = write_csv(INVOICES);
	begin(l);
	assert_int_equal(ar_import_new(&im, l, &o, NULL), AR_OK);
	assert_int_equal(ar_csv_reader_open(&r, p, NULL), AR_OK);
	assert_int_equal(ar_import_file(im, r, &s), AR_OK);
	assert_int_equal(s.added, 3);
	ar_csv_reader_free(r);
	ar_import_free(im);
	ar_ledger_rollback(l);
	assert_int_equal(one(l, "SELECT count(*) FROM document"), 0);
	/* and the file is new again */
	assert_int_equal(import(l, p, NULL, NULL, &s, &rj, NULL), AR_OK);
	assert_false(s.seen_before);
	assert_int_equal(s.added, 3);
}

static void t_import_unreadable(void **state)
{
	struct fixture *f = *state;
	struct ar_ledger *l = f->l;
	struct ar_import_stats s;
	struct rejects rj;

	assert_int_equal(import(l, write_csv(""), "empty.csv", NULL, &s, &rj,
				NULL), AR_EINPUT);
	assert_non_null(strstr(ar_ledger_errmsg(l), "empty.csv:1"));
	assert_int_equal(import(l, write_csv("foo,bar\n1,2\n"), "odd.csv", NULL,
				&s, &rj, NULL), AR_EINPUT);
	assert_non_null(strstr(ar_ledger_errmsg(l), "record type"));
	struct ar_import_options o = {.type = AR_REC_INVOICES};
	assert_int_equal(import(l, write_csv("invoice_no,amount\n1,2\n"),
				"short.csv", &o, &s, &rj, NULL), AR_EINPUT);
	assert_non_null(strstr(ar_ledger_errmsg(l), "customer_id"));
	assert_int_equal(import(l, write_csv(
		"customer_id,name\nC1,\"Acme\nC2,Beta\n"), "open.csv", NULL,
		&s, &rj, NULL), AR_EINPUT);
	assert_non_null(strstr(ar_ledger_errmsg(l), "unterminated"));
	assert_int_equal(one(l, "SELECT count(*) FROM customer"), 0);
	/* a header alone is a file of no rows */
	assert_int_equal(import(l, write_csv("customer_id,name\n"), "none.csv",
				NULL, &s, &rj, NULL), AR_OK);
	assert_int_equal(s.rows, 0);
}

static void t_record_types(void **state)
{
	enum ar_record_type t = AR_REC_AUTO;
	(void)state;
	assert_null(ar_record_type_name(AR_REC_AUTO));
	assert_string_equal(ar_record_type_name(AR_REC_INVOICES), "invoices");
	assert_string_equal(ar_record_type_name(AR_REC_ACTIVITIES), "activities");
	assert_int_equal(ar_record_type_parse("customers", &t), AR_OK);
	assert_int_equal(t, AR_REC_CUSTOMERS);
	assert_int_equal(ar_record_type_parse("payment", &t), AR_OK);
	assert_int_equal(t, AR_REC_PAYMENTS);
	assert_int_equal(ar_record_type_parse("activity", &t), AR_OK);
	assert_int_equal(t, AR_REC_ACTIVITIES);
	assert_int_equal(ar_record_type_parse("applications", &t), AR_OK);
	assert_int_equal(t, AR_REC_APPLICATIONS);
	assert_int_equal(ar_record_type_parse("bogus", &t), AR_EUSAGE);
	assert_int_equal(ar_record_type_parse("", &t), AR_EUSAGE);
	assert_int_equal(ar_record_type_parse("invoicesx", &t), AR_EUSAGE);
}

#define LEDGER_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_status),
		cmocka_unit_test(t_open_missing),
		cmocka_unit_test(t_create_mode_and_reopen),
		cmocka_unit_test(t_open_foreign),
		cmocka_unit_test(t_open_newer_schema),
		cmocka_unit_test(t_open_not_sqlite),
		cmocka_unit_test(t_open_empty_file),
		cmocka_unit_test(t_open_readonly),
		LEDGER_TEST(t_customer_find),
		LEDGER_TEST(t_batches),
		LEDGER_TEST(t_rollback),
		LEDGER_TEST(t_close_rolls_back),
		LEDGER_TEST(t_busy),
		LEDGER_TEST(t_config),
		LEDGER_TEST(t_locked_is_not_busy),
		LEDGER_TEST(t_doc_totals),
		LEDGER_TEST(t_commit_fails),
		LEDGER_TEST(t_damaged),
		LEDGER_TEST(t_settings_defaults),
		LEDGER_TEST(t_settings_set),
		LEDGER_TEST(t_settings_invalid),
		LEDGER_TEST(t_settings_unknown_key),
		LEDGER_TEST(t_settings_currency_extra),
		LEDGER_TEST(t_append_only),
		LEDGER_TEST(t_check_empty),
		LEDGER_TEST(t_check_consistent),
		LEDGER_TEST(t_check_crosses_customers),
		LEDGER_TEST(t_check_crosses_currencies),
		LEDGER_TEST(t_check_over_applied_once),
		LEDGER_TEST(t_check_over_applied),
		LEDGER_TEST(t_check_dated_before_invoice),
		LEDGER_TEST(t_check_other_rules),
		LEDGER_TEST(t_period_check),
		LEDGER_TEST(t_close_period),
		LEDGER_TEST(t_backup),
		LEDGER_TEST(t_import_customers_invoices),
		LEDGER_TEST(t_import_same_file_again),
		LEDGER_TEST(t_import_rows_again),
		LEDGER_TEST(t_import_conflict),
		LEDGER_TEST(t_import_rejects),
		LEDGER_TEST(t_import_amount_limit),
		LEDGER_TEST(t_import_options),
		LEDGER_TEST(t_import_customer_update),
		LEDGER_TEST(t_import_closed_period),
		LEDGER_TEST(t_import_create_customers),
		LEDGER_TEST(t_import_rolled_back),
		LEDGER_TEST(t_import_unreadable),
		LEDGER_TEST(t_record_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
