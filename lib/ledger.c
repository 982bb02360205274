/*
 * ledger.c - open and create the ledger file, batches, period locks.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct ar_ledger {
	sqlite3 *db;
	char *path;
	int64_t batch;
	bool upgrading;		/* AR_LEDGER_UPGRADE: an older schema is fine */
	ar_notice_fn notice;
	void *notice_ctx;
	sqlite3_stmt *stmt[AR__STMT_SLOTS];	/* see ar__keep_stmt() */
	struct ar__doc_totals *doc_totals;	/* see ar__doc_room() */
	struct ar__sql_ctx sql_ctx;		/* see ar__sql_ctx() */
	struct ar__age_memo *age_memo;		/* see ar__age_memo_on() */
	int cache_kib;		/* the page cache, as last set */
	char *user;		/* of the batches, or NULL: the login name */
	long bulk_applications;
	char msg[512];
	char hint_does[160];	/* the failure's hint_does */
	struct ar_notice err;	/* the last failure; its text is msg */
};

sqlite3 *ar__db(struct ar_ledger *l)
{
	return l->db;
}

struct ar__doc_totals **ar__doc_totals_slot(struct ar_ledger *l)
{
	return &l->doc_totals;
}

struct ar__sql_ctx *ar__sql_ctx(struct ar_ledger *l)
{
	return &l->sql_ctx;
}

struct ar__age_memo **ar__age_memo_slot(struct ar_ledger *l)
{
	return &l->age_memo;
}

void ar_ledger_set_notice(struct ar_ledger *l, ar_notice_fn fn, void *ctx)
{
	l->notice = fn;
	l->notice_ctx = ctx;
}

void ar__notice_swap(struct ar_ledger *l, ar_notice_fn *fn, void **ctx)
{
	ar_notice_fn f = l->notice;
	void *c = l->notice_ctx;
	l->notice = *fn;
	l->notice_ctx = *ctx;
	*fn = f;
	*ctx = c;
}

bool ar__notice_wanted(const struct ar_ledger *l)
{
	return l->notice != NULL;
}

void ar__notice(struct ar_ledger *l, const struct ar_notice *n)
{
	if (l->notice)
		l->notice(l->notice_ctx, n);
}

void ar__say(struct ar_ledger *l, enum ar_notice_kind kind, const char *fmt,
	     ...)
{
	char text[1024];
	va_list ap;
	if (!l->notice)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	l->notice(l->notice_ctx, &(struct ar_notice){.kind = kind,
						      .text = text});
}

const char *ar_ledger_errmsg(const struct ar_ledger *l)
{
	return l ? l->msg : "out of memory";
}

const struct ar_notice *ar_ledger_error(const struct ar_ledger *l)
{
	static const struct ar_notice nomem = {
		.kind = AR_NOTICE_ERROR, .text = "out of memory",
	};
	return l ? &l->err : &nomem;
}

const char *ar_ledger_path(const struct ar_ledger *l)
{
	return l->path;
}

static void fail_v(struct ar_ledger *l, const char *field, const char *fmt,
		   va_list ap)
{
	vsnprintf(l->msg, sizeof(l->msg), fmt, ap);
	l->err = (struct ar_notice){
		.kind = AR_NOTICE_ERROR, .text = l->msg, .field = field,
	};
}

ar_status ar__fail(struct ar_ledger *l, ar_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_v(l, NULL, fmt, ap);
	va_end(ap);
	return st;
}

ar_status ar__fail_field(struct ar_ledger *l, ar_status st, const char *field,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_v(l, field, fmt, ap);
	va_end(ap);
	return st;
}

ar_status ar__hint(struct ar_ledger *l, ar_status st, const char *field,
		   const char *does)
{
	l->err.hint = field;
	l->err.hint_does = NULL;
	if (does) {
		snprintf(l->hint_does, sizeof(l->hint_does), "%s", does);
		l->err.hint_does = l->hint_does;
	}
	return st;
}

ar_status ar__sqlfail(struct ar_ledger *l, int rc, const char *what)
{
	int prim = rc & 0xff;
	/* only another connection's lock is worth waiting for; SQLITE_LOCKED
	 * is a conflict inside this one and retrying would meet it again */
	if (prim == SQLITE_BUSY)
		return ar__fail(l, AR_EBUSY, "'%s': ledger busy: another run "
				"holds the write lock (safe to retry)", l->path);
	if (prim == SQLITE_NOMEM)
		return ar__fail(l, AR_ENOMEM, "out of memory");
	/* a file opened as a ledger that SQLite cannot read any more */
	if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
		return ar__fail(l, AR_ELEDGER, "'%s' is damaged: %s", l->path,
				l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
	return ar__fail(l, AR_ELEDGER, "'%s': %s: %s", l->path, what,
			l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *ar__prepare(struct ar_ledger *l, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		ar__sqlfail(l, rc, "prepare");
		return NULL;
	}
	return st;
}

sqlite3_stmt *ar__keep_stmt(struct ar_ledger *l, int slot, const char *sql)
{
	sqlite3_stmt *st = l->stmt[slot];
	if (!st)
		return l->stmt[slot] = ar__prepare(l, sql);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

void ar__reset_kept(struct ar_ledger *l)
{
	for (int i = 0; i < AR__STMT_SLOTS; i++)
		if (l->stmt[i])
			sqlite3_reset(l->stmt[i]);
}

bool ar__derived_wanted(const struct ar_ledger *l)
{
	return !l->upgrading;
}

ar_status ar__read_begin(struct ar_ledger *l, bool *began)
{
	*began = false;
	if (!sqlite3_get_autocommit(l->db))
		return AR_OK;
	ar_status st = ar__exec(l, "BEGIN");
	*began = st == AR_OK;
	return st;
}

void ar__read_end(struct ar_ledger *l, bool began)
{
	if (!began)
		return;
	/* a cursor the reader left mid-way (a merge that stopped early)
	 * would keep the snapshot open */
	for (sqlite3_stmt *s = sqlite3_next_stmt(l->db, NULL); s;
	     s = sqlite3_next_stmt(l->db, s))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
	/* a read that kept figures (derived.c) commits them; when that
	 * fails they are not kept, and no transaction is left open */
	if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
	    !sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

ar_status ar__exec(struct ar_ledger *l, const char *sql)
{
	int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? AR_OK : ar__sqlfail(l, rc, "write");
}

int ar__bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

ar_date ar__column_date(sqlite3_stmt *s, int i)
{
	ar_date d;
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (!t || ar_date_parse_iso(t, (size_t)sqlite3_column_bytes(s, i),
				    &d) != AR_OK)
		return AR_DATE_NONE;
	return d;
}

void ar_timestamp_now(char buf[28])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char tmp[96];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
	memcpy(buf, tmp, 27);
	buf[27] = '\0';
}

ar_status ar__cache_kib(struct ar_ledger *l, int kib)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", kib);
	ar_status st = ar__exec(l, sql);
	if (st == AR_OK)
		l->cache_kib = kib;
	return st;
}

int ar__cache_kib_now(const struct ar_ledger *l)
{
	return l->cache_kib ? l->cache_kib : AR__CACHE_KIB;
}

void ar_ledger_config_init(struct ar_ledger_config *c)
{
	c->busy_timeout_ms = 30000;
	c->user = NULL;
	c->bulk_applications = 100000;
}

long ar__bulk_applications(const struct ar_ledger *l)
{
	return l->bulk_applications;
}

ar_status ar__int_query(struct ar_ledger *l, const char *sql, int64_t *v)
{
	sqlite3_stmt *st = ar__prepare(l, sql);
	if (!st)
		return AR_ELEDGER;
	int rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return AR_OK;
}

static ar_status create_schema(struct ar_ledger *l)
{
	char sql[128];
	ar_status st;

	if ((st = ar__exec(l, "BEGIN IMMEDIATE")) != AR_OK)
		return st;
	if ((st = ar__exec(l, ar__schema_sql)) != AR_OK)
		goto fail;
	snprintf(sql, sizeof(sql),
		 "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 AR_LEDGER_APPLICATION_ID, AR_LEDGER_SCHEMA_VERSION);
	if ((st = ar__exec(l, sql)) != AR_OK)
		goto fail;
	return ar__exec(l, "COMMIT");
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* Does the file start as every SQLite database does? */
static bool sqlite_header(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char buf[16];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	bool yes = read(fd, buf, 16) == 16 && memcmp(buf, magic, 16) == 0;
	close(fd);
	return yes;
}

/* Refuse a file that is not an arkit ledger or is newer than us. */
static ar_status check_identity(struct ar_ledger *l, bool *empty)
{
	int64_t appid, version, tables;
	ar_status st;

	*empty = false;
	if ((st = ar__int_query(l, "PRAGMA application_id", &appid)) != AR_OK) {
		/* an SQLite file that cannot be read is damaged (the message
		 * says so); another file is not a ledger at all */
		int rc = sqlite3_errcode(l->db) & 0xff;
		if (rc == SQLITE_BUSY || rc == SQLITE_NOMEM)
			return st;
		if (rc == SQLITE_CORRUPT || (rc == SQLITE_NOTADB &&
					     sqlite_header(l->path)))
			return ar__fail(l, AR_ELEDGER, "'%s' is damaged: %s",
					l->path, sqlite3_errmsg(l->db));
		if (rc == SQLITE_NOTADB)
			return ar__fail(l, AR_ELEDGER, "'%s': not a ledger (%s)",
					l->path, sqlite3_errmsg(l->db));
		return ar__fail(l, AR_ELEDGER, "'%s': cannot read: %s",
				l->path, sqlite3_errmsg(l->db));
	}
	if ((st = ar__int_query(l, "PRAGMA user_version", &version)) != AR_OK ||
	    (st = ar__int_query(l, "SELECT count(*) FROM sqlite_master",
			     &tables)) != AR_OK)
		return st;
	*empty = appid == 0 && version == 0 && tables == 0;
	if (*empty)
		return AR_OK;
	if (appid != AR_LEDGER_APPLICATION_ID)
		return ar__fail(l, AR_ELEDGER, "'%s': not an arkit ledger "
				"(another application's SQLite file)", l->path);
	if (version > AR_LEDGER_SCHEMA_VERSION)
		return ar__fail(l, AR_ELEDGER, "'%s': ledger schema %lld is "
				"newer than this arkit understands (%d); upgrade "
				"arkit", l->path, (long long)version,
				AR_LEDGER_SCHEMA_VERSION);
	if (version < 1)
		return ar__fail(l, AR_ELEDGER, "'%s': ledger has no schema "
				"version", l->path);
	if (version < AR_LEDGER_SCHEMA_VERSION && !l->upgrading)
		return ar__fail(l, AR_ELEDGER, "'%s': ledger is version %lld; "
				"run 'ar-ledger upgrade'", l->path,
				(long long)version);
	return AR_OK;
}

/* True when the file at path exists with a size above zero. */
static bool nonempty(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && sb.st_size > 0;
}

/* Whether the directory holding path may be written. */
static bool dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == path)
		return access("/", W_OK) == 0;
	char *dir = strndup(path, (size_t)(slash - path));
	bool ok = dir && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/*
 * A read-only connection to a WAL ledger needs the -shm file, which it
 * cannot create in a directory it may not write.  Nothing can then be
 * read but the file itself: open it immutable, when that is the whole
 * ledger (no -wal holds commits yet to be copied back) and this user
 * cannot be writing it.
 */
static ar_status open_immutable(struct ar_ledger *l, const char *path)
{
	char side[4096 + 8];
	if (access(path, W_OK) == 0 || dir_writable(path))
		return AR_ELEDGER;	/* not the case for it: keep the error */
	snprintf(side, sizeof(side), "%s-wal", path);
	if (nonempty(side))
		return ar__fail(l, AR_ELEDGER, "'%s': read-only, and its "
				"write-ahead log '%s' cannot be read without "
				"write access to the directory (a user who may "
				"write the ledger folds it back in with 'sqlite3 "
				"%s \"PRAGMA wal_checkpoint\"')", path, side,
				path);
	/* file: URI, every byte but the unreserved ones %-escaped */
	size_t n = strlen(path);
	char *uri = malloc(3 * n + 32);
	if (!uri)
		return ar__fail(l, AR_ENOMEM, "out of memory");
	char *q = uri + sprintf(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p))
			*q++ = (char)*p;
		else
			q += sprintf(q, "%%%02X", *p);
	}
	strcpy(q, "?immutable=1");
	sqlite3_close_v2(l->db);
	l->db = NULL;
	int rc = sqlite3_open_v2(uri, &l->db, SQLITE_OPEN_READONLY |
				 SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	return rc == SQLITE_OK ? AR_OK : ar__sqlfail(l, rc, "cannot open");
}

ar_status ar_ledger_open(struct ar_ledger **lp, const char *path,
			 unsigned flags, bool *created)
{
	return ar_ledger_open_config(lp, path, flags, created, NULL);
}

static ar_status open_config(struct ar_ledger **lp, const char *path,
			     unsigned flags, bool *created,
			     const struct ar_ledger_config *c);

/* Whether the user may write the ledger at path and its -wal and -shm
 * files (or make them). */
static bool may_write(const char *path)
{
	char side[4096 + 8];
	if (access(path, W_OK) != 0)
		return false;
	for (int i = 0; i < 2; i++) {
		snprintf(side, sizeof(side), "%s-%s", path, i ? "shm" : "wal");
		if (access(side, F_OK) == 0 ? access(side, W_OK) != 0
					    : !dir_writable(path))
			return false;
	}
	return true;
}

ar_status ar_ledger_open_config(struct ar_ledger **lp, const char *path,
				unsigned flags, bool *created,
				const struct ar_ledger_config *c)
{
	/* a reader that keeps figures when it may (derived.c): opened for
	 * writing when the user may write, else (or when that fails) for
	 * reading, as any reader */
	if ((flags & AR_LEDGER_KEEP) && (flags & AR_LEDGER_READONLY) &&
	    !(flags & AR_LEDGER_CREATE) && may_write(path)) {
		ar_status st = open_config(lp, path, flags & ~(AR_LEDGER_KEEP |
					   AR_LEDGER_READONLY), created, c);
		if (st == AR_OK || st == AR_ENOMEM || !*lp)
			return st;
		ar_ledger_close(*lp);
		*lp = NULL;
	}
	return open_config(lp, path, flags & ~AR_LEDGER_KEEP, created, c);
}

static ar_status open_config(struct ar_ledger **lp, const char *path,
			     unsigned flags, bool *created,
			     const struct ar_ledger_config *c)
{
	bool readonly = flags & AR_LEDGER_READONLY;
	struct ar_ledger *l = calloc(1, sizeof(*l));
	struct ar_ledger_config defaults;
	bool made = false, empty;
	ar_status st;
	int rc;

	*lp = l;
	if (created)
		*created = false;
	if (!l)
		return AR_ENOMEM;
	l->err.text = l->msg;
	if (!c) {
		ar_ledger_config_init(&defaults);
		c = &defaults;
	}
	if (!(l->path = strdup(path)) ||
	    (c->user && !(l->user = strdup(c->user)))) {
		free(l->path);
		free(l);
		return AR_ENOMEM;
	}
	l->bulk_applications = c->bulk_applications;
	l->upgrading = flags & AR_LEDGER_UPGRADE;
	if (access(path, F_OK) != 0) {
		if (!(flags & AR_LEDGER_CREATE))
			return ar__fail(l, AR_ELEDGER, "no ledger at '%s' "
					"(create one with 'ar-ledger init')",
					path);
		/* SQLite gives its -wal and -shm files the mode of this one */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			return ar__fail(l, AR_ELEDGER, "cannot create '%s': %s",
					path, strerror(errno));
		close(fd);
		made = true;
	}
	char shm[4096 + 8];
	snprintf(shm, sizeof(shm), "%s-shm", path);
	/* one handle per thread of the caller: SQLite's own locking is not needed */
	rc = sqlite3_open_v2(path, &l->db, SQLITE_OPEN_NOMUTEX |
			     (readonly ? SQLITE_OPEN_READONLY
				       : SQLITE_OPEN_READWRITE), NULL);
	if (rc != SQLITE_OK)
		return ar__sqlfail(l, rc, "cannot open");
	/* SQLite falls back to reading when it may not write */
	if (!readonly && sqlite3_db_readonly(l->db, "main") == 1)
		return ar__fail(l, AR_ELEDGER, "'%s': the ledger is read-only "
				"(this command writes it)", path);
	if (!readonly && access(shm, F_OK) != 0 && !dir_writable(path))
		return ar__fail(l, AR_ELEDGER, "'%s': the ledger is read-only "
				"(this command writes it, and its directory, "
				"where its -wal and -shm files go, cannot be "
				"written)", path);
	sqlite3_extended_result_codes(l->db, 1);
	sqlite3_busy_timeout(l->db, c->busy_timeout_ms);
	if ((st = check_identity(l, &empty)) != AR_OK) {
		if (!readonly || open_immutable(l, path) != AR_OK)
			return st;
		sqlite3_extended_result_codes(l->db, 1);
		if ((st = check_identity(l, &empty)) != AR_OK)
			return st;
	}
	if (empty && !made && !(flags & AR_LEDGER_CREATE))
		return ar__fail(l, AR_ELEDGER, "'%s': empty file, not a ledger "
				"(create one with 'ar-ledger init')", path);
	/*
	 * A bounded page cache keeps memory flat at any ledger size; WAL
	 * lets readers go on while the nightly run writes.
	 */
	if ((!readonly && (st = ar__exec(l, "PRAGMA journal_mode = WAL;"
					  "PRAGMA synchronous = FULL")) != AR_OK) ||
	    (st = ar__exec(l, "PRAGMA foreign_keys = ON;"
			   "PRAGMA temp_store = FILE")) != AR_OK ||
	    (st = ar__cache_kib(l, AR__CACHE_KIB)) != AR_OK)
		return st;
	if (empty) {
		if ((st = create_schema(l)) != AR_OK)
			return st;
		if (created)
			*created = true;
	}
	return AR_OK;
}

void ar_ledger_close(struct ar_ledger *l)
{
	if (!l)
		return;
	for (int i = 0; i < AR__STMT_SLOTS; i++)
		sqlite3_finalize(l->stmt[i]);
	ar__doc_totals_forget(l);
	if (l->db) {
		if (l->batch)
			sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(l->db);
	}
	free(l->path);
	free(l->user);
	free(l);
}

static const char *user_name(const struct ar_ledger *l)
{
	if (l->user)
		return l->user;
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

ar_status ar_ledger_begin(struct ar_ledger *l, const char *command, int argc,
			  char *const argv[], int64_t *batch)
{
	char ts[28];
	ar_status st;
	int rc;

	if (l->batch)
		return ar__fail(l, AR_EUSAGE, "a batch is already in progress");
	if ((st = ar__exec(l, "BEGIN IMMEDIATE")) != AR_OK)
		return st;
	ar__doc_totals_forget(l);	/* others may have written since */

	/* the command line, arguments separated by spaces, quoted if need be */
	size_t cap = 1, len = 0;
	for (int i = 0; i < argc; i++)
		cap += 3 + 2 * strlen(argv[i]);
	char *args = malloc(cap);
	if (!args) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return AR_ENOMEM;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool q = !*a || strpbrk(a, " \t\n'\"\\$`") != NULL;
		if (i)
			args[len++] = ' ';
		if (q)
			args[len++] = '\'';
		for (; *a; a++) {
			if (q && *a == '\'') {
				memcpy(args + len, "'\\''", 4);
				len += 4;
				continue;
			}
			args[len++] = *a;
		}
		if (q)
			args[len++] = '\'';
	}
	args[len] = '\0';

	ar_timestamp_now(ts);
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO batch (command, args, "
				      "user, started) VALUES (?, ?, ?, ?)");
	if (!s) {
		free(args);
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return AR_ELEDGER;
	}
	sqlite3_bind_text(s, 1, command, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, args, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, user_name(l), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, ts, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(args);
	if (rc != SQLITE_DONE) {
		st = ar__sqlfail(l, rc, "cannot record the batch");
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	l->batch = sqlite3_last_insert_rowid(l->db);
	if (batch)
		*batch = l->batch;
	return AR_OK;
}

int64_t ar_ledger_batch(const struct ar_ledger *l)
{
	return l->batch;
}

ar_status ar_ledger_commit(struct ar_ledger *l, const char *summary)
{
	char ts[28];
	int rc;

	if (!l->batch)
		return ar__fail(l, AR_EUSAGE, "no batch in progress");
	ar_timestamp_now(ts);
	sqlite3_stmt *s = ar__prepare(l, "UPDATE batch SET finished = ?, "
				      "summary = ? WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, ts, -1, SQLITE_STATIC);
	ar__bind_text(s, 2, summary);
	sqlite3_bind_int64(s, 3, l->batch);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "cannot finish the batch");
	rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return ar__sqlfail(l, rc, "cannot commit");
	l->batch = 0;
	return AR_OK;
}

void ar_ledger_rollback(struct ar_ledger *l)
{
	if (l && l->batch) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		l->batch = 0;
		ar__doc_totals_forget(l);
	}
}

ar_status ar_ledger_closed_through(struct ar_ledger *l, ar_date *day)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT max(closed_through) FROM "
				      "period_lock");
	int rc;

	*day = AR_DATE_NONE;
	if (!s)
		return AR_ELEDGER;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT)
		ar_date_parse_iso((const char *)sqlite3_column_text(s, 0), 10,
				  day);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AR_OK : ar__sqlfail(l, rc, "read");
}

bool ar__period_open(ar_date day, ar_date through, bool allow, char *why,
		     size_t size)
{
	char b[AR_DATE_BUFSZ];
	if (allow || through == AR_DATE_NONE || day > through)
		return true;
	ar_date_format(b, through);
	snprintf(why, size, "falls in a period closed through %s", b);
	return false;
}

ar_status ar__period_check(struct ar_ledger *l, ar_date day, bool allow,
			   const char *field)
{
	char a[AR_DATE_BUFSZ], why[80];
	ar_date through;
	ar_status st;
	if (allow)
		return AR_OK;
	if ((st = ar_ledger_closed_through(l, &through)) != AR_OK ||
	    ar__period_open(day, through, allow, why, sizeof(why)))
		return st;
	ar_date_format(a, day);
	return ar__hint(l, ar__fail_field(l, AR_EUSAGE, field, "'%s' %s", a,
					  why), AR__HINT_ALLOW_CLOSED);
}

ar_status ar_ledger_close_period(struct ar_ledger *l, const char *month)
{
	char iso[16], last[AR_DATE_BUFSZ];
	ar_date first, through;
	int rc;

	if (strlen(month) != 7 ||
	    (snprintf(iso, sizeof(iso), "%s-01", month),
	     ar_date_parse_iso(iso, 10, &first) != AR_OK))
		return ar__fail(l, AR_EUSAGE, "'%s' is not a month (YYYY-MM)",
				month);
	if (!ar_date_in_window(first))
		return ar__fail(l, AR_EUSAGE, "'%s' is outside 1900-01..2199-12",
				month);
	ar_date_format(last, ar_date_month_end(first));
	if (ar_ledger_closed_through(l, &through) != AR_OK)
		return AR_ELEDGER;
	if (through != AR_DATE_NONE && through >= first)
		return ar__fail(l, AR_EEXISTS, "period %s is already closed",
				month);
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO period_lock (period, "
				      "closed_through, batch_id) VALUES (?,?,?)");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, last, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, l->batch);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "cannot close");
}

ar_status ar_ledger_backup(struct ar_ledger *l, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return ar__fail(l, AR_ELEDGER, "cannot create '%s': %s", path,
				strerror(errno));
	close(fd);
	/* VACUUM INTO reads one snapshot: writers are not held up */
	sqlite3_stmt *s = ar__prepare(l, "VACUUM INTO ?");
	if (!s) {
		unlink(path);
		return AR_ELEDGER;
	}
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		ar_status st = ar__sqlfail(l, rc, "backup failed");
		unlink(path);
		return st;
	}
	return AR_OK;
}

ar_status ar_ledger_batches(struct ar_ledger *l, ar_batch_fn fn, void *ctx)
{
	sqlite3_stmt *s = ar__prepare(l, "SELECT id, command, args, user, "
				      "started, finished, summary FROM batch "
				      "ORDER BY id");
	ar_status st = AR_OK;
	int rc;

	if (!s)
		return AR_ELEDGER;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ar_batch_info b = {
			.id = sqlite3_column_int64(s, 0),
			.command = (const char *)sqlite3_column_text(s, 1),
			.args = (const char *)sqlite3_column_text(s, 2),
			.user = (const char *)sqlite3_column_text(s, 3),
			.started = (const char *)sqlite3_column_text(s, 4),
			.finished = (const char *)sqlite3_column_text(s, 5),
			.summary = (const char *)sqlite3_column_text(s, 6),
		};
		if ((st = fn(ctx, &b)) != AR_OK)
			break;
	}
	sqlite3_finalize(s);
	if (st == AR_OK && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return st;
}

ar_status ar_ledger_known_at(struct ar_ledger *l, const char *ts,
			     int64_t *batch)
{
	char norm[32] = "";
	size_t n = strlen(ts);
	ar_date day;
	int h = 23, mi = 59, sec = 59;
	char frac[8] = "999999";

	if (n > 0 && ts[n - 1] == 'Z')
		n--;
	if (n < 10 || ar_date_parse_iso(ts, 10, &day) != AR_OK)
		goto bad;
	if (n > 10) {
		char rest[32];
		if ((ts[10] != 'T' && ts[10] != ' ') || n - 11 >= sizeof(rest))
			goto bad;
		memcpy(rest, ts + 11, n - 11);
		rest[n - 11] = '\0';
		/* HH:MM[:SS[.f]]: digits exactly where digits go */
		static const char shape[] = "99:99";
		for (int k = 0; k < 5; k++)
			if (shape[k] == '9' ? rest[k] < '0' || rest[k] > '9'
					    : rest[k] != ':')
				goto bad;
		h = (rest[0] - '0') * 10 + rest[1] - '0';
		mi = (rest[3] - '0') * 10 + rest[4] - '0';
		if (rest[5] == ':') {
			if (rest[6] < '0' || rest[6] > '9' || rest[7] < '0' ||
			    rest[7] > '9')
				goto bad;
			sec = (rest[6] - '0') * 10 + rest[7] - '0';
			if (rest[8] == '.') {
				size_t k = strlen(rest + 9);
				if (k == 0 || k > 6 || strspn(rest + 9, "0123456789") != k)
					goto bad;
				memset(frac, '0', 6);
				memcpy(frac, rest + 9, k);
			} else if (rest[8]) {
				goto bad;
			}
		} else if (rest[5]) {
			goto bad;
		}
		if (h > 23 || mi > 59 || sec > 60)
			goto bad;
	}
	ar_date_format(norm, day);
	snprintf(norm + 10, sizeof(norm) - 10, "T%02d:%02d:%02d.%sZ", h, mi,
		 sec, frac);
	sqlite3_stmt *s = ar__prepare(l, "SELECT coalesce(max(id), 0) FROM batch "
				      "WHERE finished IS NOT NULL AND finished <= ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, norm, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*batch = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(l, rc, "read");
	/* no batch at all then: nothing was known; -1 matches no row */
	if (*batch == 0)
		*batch = -1;
	return AR_OK;
bad:
	return ar__fail_field(l, AR_EUSAGE, "known_at", "'%s' is not a "
			      "timestamp (YYYY-MM-DD or "
			      "YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z], UTC)", ts);
}

void ar__doc_totals_forget(struct ar_ledger *l)
{
	struct ar__doc_totals **t = ar__doc_totals_slot(l);
	if (*t) {
		free((*t)->c);
		free(*t);
		*t = NULL;
	}
}
