/*
 * internal.h - what the library's modules share and the commands never see.
 */
#ifndef AR_INTERNAL_H
#define AR_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>

#include "ar/ledger.h"

/*
 * The page cache of a ledger connection, in KiB: small enough that every
 * command stays within 16 MB at any ledger size.
 */
#define AR__CACHE_KIB 6144
/* An import keeps a customer cache beside it: a smaller page cache. */
#define AR__IMPORT_CACHE_KIB 5120

/* Set the connection's page cache to kib KiB. */
ar_status ar__cache_kib(struct ar_ledger *l, int kib);

/* The SQLite handle of a ledger. */
sqlite3 *ar__db(struct ar_ledger *l);

/* Report progress through the ledger's hook, if any (printf-style). */
void ar__progress(struct ar_ledger *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set the ledger's message (printf-style) and return st. */
ar_status ar__fail(struct ar_ledger *l, ar_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the message from SQLite's last error and map rc to a status. */
ar_status ar__sqlfail(struct ar_ledger *l, int rc, const char *what);

/* Prepare sql, or set the message and return NULL. */
sqlite3_stmt *ar__prepare(struct ar_ledger *l, const char *sql);

/* Run SQL without results. */
ar_status ar__exec(struct ar_ledger *l, const char *sql);

/* Bind text, NULL when s is NULL or empty. */
int ar__bind_text(sqlite3_stmt *st, int i, const char *s);

/* The schema text (generated from lib/schema.sql). */
extern const char ar__schema_sql[];

#endif
