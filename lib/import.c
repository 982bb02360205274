/*
 * import.c - the import driver: header, rows, counts, whole-file dedupe.
 *
 * Each file is read inside a savepoint of the caller's batch.  Rows are
 * checked and written one by one through statements prepared once; a bad
 * row is reported and counted, never half-written.  A file whose SHA-256
 * was imported whole before is rolled back to its savepoint and reported
 * as seen, so re-running yesterday's job changes nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "import_int.h"

ar_status ar_import_new(struct ar_import **ip, struct ar_ledger *l,
			const struct ar_import_options *o,
			const struct ar_import_callbacks *cb)
{
	struct ar_import *im = calloc(1, sizeof(*im));
	char *v = NULL;
	ar_status st;

	*ip = NULL;
	if (!im)
		return AR_ENOMEM;
	im->l = l;
	im->db = ar__db(l);
	im->o = o;
	if (cb)
		im->cb = *cb;
	im->money_flags = o->decimal_comma ? AR_MONEY_DECIMAL_COMMA : 0;
	if (o->date_format && !ar_date_format_valid(o->date_format)) {
		ar_import_free(im);
		return ar__fail_field(l, AR_EUSAGE, "date_format", "'%s' needs "
				      "each of %%d, %%m and %%Y (or %%y) once",
				      o->date_format);
	}
	if ((st = ar__cache_kib(l, AR__IMPORT_CACHE_KIB)) != AR_OK ||
	    (st = ar_ledger_closed_through(l, &im->closed_through)) != AR_OK ||
	    (st = ar_setting_get(l, "currency.base", &v, NULL)) != AR_OK)
		goto fail;
	snprintf(im->base_currency, sizeof(im->base_currency), "%s", v);
	free(v);
	if ((st = ar_setting_get(l, "terms.default", &v, NULL)) != AR_OK)
		goto fail;
	struct ar_terms dt;
	im->default_terms = ar_terms_parse(v, strlen(v), &dt, NULL) == AR_OK
		? dt.days : 30;
	free(v);
	*ip = im;
	return AR_OK;
fail:
	ar_import_free(im);
	return st;
}

void ar_import_free(struct ar_import *im)
{
	if (!im)
		return;
	ar__cache_kib(im->l, AR__CACHE_KIB);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(im->st[i]);
	ar__cache_free(&im->customers);
	free(im->derived);
	free(im);
}

static void free_header(struct ar_import *im, char **norm)
{
	for (size_t i = 0; i < im->nhead; i++) {
		free(im->header[i]);
		free(norm ? norm[i] : NULL);
	}
	free(im->header);
	free(norm);
	free(im->nameless);
	im->header = NULL;
	im->nhead = 0;
	im->nameless = NULL;
	im->nnameless = 0;
}

/*
 * A column without a name ("", "#", the one after a trailing comma) is
 * no column of the type; it is ignored while it is empty.  A value in it
 * was meant for something that cannot be told: the file is refused.
 */
static ar_status check_nameless(struct ar_import *im)
{
	for (size_t i = 0; i < im->nnameless; i++) {
		size_t n;
		const char *v = ar_csv_field(im->r, im->nameless[i], &n);
		while (n && strchr(" \t\r\n", v[n - 1]))
			n--;
		if (n)
			return ar__fail(im->l, AR_EINPUT, "%s:1: column %zu has "
					"no name", ar_csv_name(im->r),
					im->nameless[i] + 1);
	}
	return AR_OK;
}

/*
 * Text that is not UTF-8 is most often a file saved in a Windows code
 * page ("Caf\xe9"): the first such error says how to read it.
 */
static const char *encoding_hint(struct ar_import *im, const char *err)
{
	if (im->encoding_hinted || !strstr(err, "invalid UTF-8"))
		return "";
	im->encoding_hinted = true;
	return " (a file saved by Windows? give --encoding cp1252, or save "
	       "it as CSV UTF-8)";
}

static ar_status read_header(struct ar_import *im, bool *detected)
{
	struct ar_csv_reader *r = im->r;
	const char *file = ar_csv_name(r);
	ar_status st = ar_csv_next(r);
	char **norm;

	if (st == AR_ENOTFOUND)
		return ar__fail(im->l, AR_EINPUT, "%s:1: empty file (a header "
				"row is required)", file);
	if (st != AR_OK)
		return ar__fail(im->l, st, "%s", ar_csv_errmsg(r));
	if (ar_csv_row_error(r))
		return ar__fail(im->l, AR_EINPUT, "%s:%ld: header: %s%s%s", file,
				ar_csv_line(r), ar_csv_row_error(r),
				/* text of two bytes a character: "Unicode
				 * text" saved without its byte order mark */
				strstr(ar_csv_row_error(r), "NUL byte")
				? " (UTF-16 without a byte order mark? save "
				  "the file as CSV UTF-8)" : "",
				encoding_hint(im, ar_csv_row_error(r)));
	im->nhead = ar_csv_nfields(r);
	im->header = calloc(im->nhead, sizeof(char *));
	norm = calloc(im->nhead, sizeof(char *));
	if (!im->header || !norm) {
		free(norm);
		return AR_ENOMEM;
	}
	for (size_t i = 0; i < im->nhead; i++) {
		const char *h = ar_csv_field(r, i, NULL);
		char buf[256];
		ar_csv_normalize(h, buf, sizeof(buf));
		im->header[i] = strdup(h);
		norm[i] = strdup(buf);
		if (!im->header[i] || !norm[i]) {
			free_header(im, norm);
			return AR_ENOMEM;
		}
	}
	ar_csv_expect_fields(r, im->nhead);
	size_t named = 0;
	for (size_t i = 0; i < im->nhead; i++)
		named += *norm[i] != '\0';
	if (!named && !im->o->map) {
		free_header(im, norm);
		return ar__fail(im->l, AR_EINPUT, "%s:1: the header names no "
				"column (a header row is required)", file);
	}
	if ((st = ar__parse_map(im, im->o->map, norm, im->nhead, file)) != AR_OK ||
	    (st = ar__match_header(im, norm, im->nhead, file, detected)) != AR_OK) {
		free_header(im, norm);
		return st;
	}
	/* unknown columns: one warning naming them all; the nameless are
	 * looked at row by row */
	char list[512] = "";
	size_t len = 0;
	for (size_t h = 0; h < im->nhead; h++) {
		bool used = false;
		for (size_t c = 0; c < im->td->ncols; c++)
			used |= im->colmap[c] == (int)h;
		if (!used && !*norm[h]) {
			if (!im->nameless &&
			    !(im->nameless = calloc(im->nhead, sizeof(size_t)))) {
				free_header(im, norm);
				return AR_ENOMEM;
			}
			im->nameless[im->nnameless++] = h;
		} else if (!used && len < sizeof(list) - 1)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s'%s'", len ? ", " : "",
						im->header[h]);
	}
	for (char *p = list; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	if (len && ar__notice_wanted(im->l)) {
		char text[sizeof(list) + 64];
		snprintf(text, sizeof(text), "ignoring columns that are not "
			 "part of the type: %s", list);
		ar__notice(im->l, &(struct ar_notice){
			.kind = AR_NOTICE_WARNING, .text = text, .file = file,
			.line = 1,
		});
	}
	for (size_t i = 0; i < im->nhead; i++)
		free(norm[i]);
	free(norm);
	return AR_OK;
}

static ar_status savepoint(struct ar_import *im, const char *sql)
{
	return ar__exec(im->l, sql);
}

/* Was this exact file imported whole before?  Fills stats. */
static ar_status seen_before(struct ar_import *im, bool restore_totals)
{
	sqlite3_stmt *s = ar__stmt(im, S_FILE_SEEN);
	int rc;
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, im->stats->sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *at = (const char *)sqlite3_column_text(s, 1);
		im->stats->seen_before = true;
		im->stats->seen_batch = sqlite3_column_int64(s, 0);
		im->stats->seen_rows = sqlite3_column_int64(s, 2);
		/* the control totals of the file, as they were then */
		const char *t = (const char *)sqlite3_column_text(s, 3);
		while (restore_totals && t && strlen(t) > 4) {
			char code[4];
			long long v;
			int used;
			bool over = false;
			if (sscanf(t, "%3s %lld%n", code, &v, &used) != 2 &&
			    !(over = sscanf(t, "%3s >%lld%n", code, &v,
					    &used) == 2))
				break;
			ar__count_total(im, code, ar__exponent(im->l, code), v,
					over);
			t += used;
			if (*t == ',')
				t++;
		}
		/* the batch of this very run has no finishing time yet */
		snprintf(im->stats->seen_at, sizeof(im->stats->seen_at), "%s",
			 at ? at : "earlier in this run");
	} else if (rc != SQLITE_DONE) {
		return ar__sqlfail(im->l, rc, "read");
	}
	return AR_OK;
}

static ar_status record_file(struct ar_import *im)
{
	struct ar_import_stats *s = im->stats;
	sqlite3_stmt *q = ar__stmt(im, S_FILE_ADD);
	if (!q)
		return AR_ELEDGER;
	sqlite3_bind_int64(q, 1, ar_ledger_batch(im->l));
	sqlite3_bind_text(q, 2, ar_csv_name(im->r), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, s->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, im->td->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, s->rows);
	sqlite3_bind_int64(q, 6, s->added + s->updated);
	sqlite3_bind_int64(q, 7, s->unchanged);
	sqlite3_bind_int64(q, 8, s->rejected);
	char totals[AR_IMPORT_MAX_CURRENCIES * 26] = "";
	size_t n = 0;
	for (int i = 0; i < s->ncurrencies; i++)
		n += (size_t)snprintf(totals + n, sizeof(totals) - n, "%s%s %s%lld",
				      i ? "," : "", s->currencies[i].code,
				      s->currencies[i].over ? ">" : "",
				      (long long)(s->currencies[i].over ? INT64_MAX :
						  s->currencies[i].total));
	sqlite3_bind_text(q, 9, totals, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(im->l, rc, "write");
}

/* How far the file is: "12288 rows (40%)" (no share when its size is
 * unknown: a pipe). */
static void progress(struct ar_import *im, long rows)
{
	uint64_t size = ar_csv_size(im->r);
	char text[64];
	if (size)
		snprintf(text, sizeof(text), "%ld rows (%d%%)", rows,
			 (int)(ar_csv_bytes(im->r) * 100 / size));
	else
		snprintf(text, sizeof(text), "%ld rows", rows);
	ar__notice(im->l, &(struct ar_notice){
		.kind = AR_NOTICE_PROGRESS, .text = text,
		.file = ar_csv_name(im->r),
	});
}

static ar_status import_rows(struct ar_import *im)
{
	static ar_status (*const handler[])(struct ar_import *,
					     enum row_result *) = {
		[AR_REC_CUSTOMERS] = ar__row_customer,
		[AR_REC_INVOICES] = ar__row_invoice,
		[AR_REC_CREDITS] = ar__row_credit,
		[AR_REC_PAYMENTS] = ar__row_payment,
		[AR_REC_APPLICATIONS] = ar__row_application,
		[AR_REC_ACTIVITIES] = ar__row_activity,
		[AR_REC_TARGETS] = ar__row_target,
		[AR_REC_ALIASES] = ar__row_alias,
	};
	struct ar_import_stats *s = im->stats;
	ar_status (*row)(struct ar_import *, enum row_result *) =
		handler[im->td->type];
	ar_status st;

	while ((st = ar_csv_next(im->r)) == AR_OK) {
		enum row_result res;
		s->rows++;
		if (ar_csv_row_error(im->r)) {
			res = ar__reject(im, -1, NULL, "%s%s",
					 ar_csv_row_error(im->r),
					 encoding_hint(im, ar_csv_row_error(im->r)));
		} else if ((st = check_nameless(im)) != AR_OK ||
			   (st = row(im, &res)) != AR_OK) {
			return st;
		}
		switch (res) {
		case ROW_ADDED: s->added++; break;
		case ROW_UPDATED: s->updated++; break;
		case ROW_UNCHANGED: s->unchanged++; break;
		case ROW_REJECTED: s->rejected++; break;
		}
		if ((s->rows & 4095) == 0 && ar__notice_wanted(im->l))
			progress(im, s->rows);
	}
	if (st == AR_ENOTFOUND)
		return AR_OK;
	return ar__fail(im->l, st, "%s", ar_csv_errmsg(im->r));
}

/*
 * A large load into a comparatively small ledger builds the documents'
 * customer index once at the end instead of row by row: inserting a
 * million random customers into a B-tree far larger than the page cache
 * costs several times more than one sort.  The index is dropped and made
 * again inside the file's savepoint, so a failed or killed run leaves it
 * exactly as it was.  *index_sql receives the statement that remakes it.
 */
#define BULK_BYTES_PER_ROW 48
#define BULK_MIN_ROWS 100000

/*
 * Let go of every statement still stepping (a lookup that found its row
 * is left so until its next use): a schema change is refused while one
 * is active in the connection.
 */
static void reset_statements(struct ar_import *im)
{
	for (int i = 0; i < S_COUNT; i++)
		if (im->st[i])
			sqlite3_reset(im->st[i]);
	ar__reset_kept(im->l);
}

static ar_status bulk_begin(struct ar_import *im, char **index_sql)
{
	enum ar_record_type t = im->td->type;
	uint64_t est = ar_csv_size(im->r) / BULK_BYTES_PER_ROW;
	int64_t docs = 0;
	sqlite3_stmt *s;
	int rc;

	*index_sql = NULL;
	if ((t != AR_REC_INVOICES && t != AR_REC_CREDITS && t != AR_REC_PAYMENTS) ||
	    est < BULK_MIN_ROWS)
		return AR_OK;
	if (!(s = ar__prepare(im->l, "SELECT (SELECT max(id) FROM document), "
			      "(SELECT sql FROM sqlite_master WHERE type = "
			      "'index' AND name = 'document_customer')")))
		return AR_ELEDGER;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		docs = sqlite3_column_int64(s, 0);
		const char *sql = (const char *)sqlite3_column_text(s, 1);
		if (sql && est >= (uint64_t)docs && !(*index_sql = strdup(sql)))
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ar__sqlfail(im->l, rc, "read");
	if (*index_sql) {
		reset_statements(im);
		return ar__exec(im->l, "DROP INDEX document_customer");
	}
	return AR_OK;
}

ar_status ar_import_file(struct ar_import *im, struct ar_csv_reader *r,
			 struct ar_import_stats *stats)
{
	ar_status st;
	bool detected;

	memset(stats, 0, sizeof(*stats));
	im->r = r;
	im->stats = stats;
	if ((st = read_header(im, &detected)) != AR_OK)
		return st;
	stats->type = im->td->type;
	stats->detected = detected;
	/*
	 * A regular file is hashed first: one imported whole before is not
	 * read again at all, whatever has changed since (options, closed
	 * periods, customers).
	 */
	st = ar_csv_file_sha256(r, stats->sha256);
	if (st == AR_OK && (st = seen_before(im, true)) == AR_OK &&
	    stats->seen_before) {
		stats->rows = stats->unchanged = stats->seen_rows;
		goto out;
	}
	if (st != AR_OK && st != AR_ENOTFOUND)
		goto out;
	ar__cache_clear(&im->customers);
	im->nderived = 0;
	if ((st = savepoint(im, "SAVEPOINT import_file")) != AR_OK)
		goto out;
	char *index_sql = NULL;
	struct ar__state_bulk state = {0};
	st = bulk_begin(im, &index_sql);
	if (st == AR_OK && index_sql)
		st = ar__state_bulk_begin(im->l, &state);
	if (st == AR_OK)
		st = import_rows(im);
	if (st == AR_OK && index_sql) {
		/* the sort works in cache-sized runs: keep them small so
		 * memory stays flat, and give the cache back afterwards */
		reset_statements(im);
		st = ar__cache_kib(im->l, 2048);
		if (st == AR_OK)
			st = ar__exec(im->l, index_sql);
		if (st == AR_OK)
			st = ar__state_bulk_end(im->l, &state);
		ar__cache_kib(im->l, AR__IMPORT_CACHE_KIB);
	}
	ar__state_bulk_free(&state);
	free(index_sql);
	if (st == AR_OK) {
		ar_csv_sha256(r, stats->sha256);
		st = seen_before(im, false);
	}
	if (st == AR_OK && stats->seen_before) {
		/* yesterday's file again: nothing of it is loaded twice */
		st = savepoint(im, "ROLLBACK TO import_file");
		ar__doc_totals_forget(im->l);
		stats->added = stats->updated = stats->customers_created = 0;
		stats->unchanged = stats->rows - stats->rejected;
	} else if (st == AR_OK) {
		st = record_file(im);
	}
	if (st != AR_OK) {
		sqlite3_exec(im->db, "ROLLBACK TO import_file", NULL, NULL, NULL);
		ar__doc_totals_forget(im->l);
	}
	if (st != AR_OK || stats->seen_before)
		ar__cache_clear(&im->customers);
	if (st == AR_OK)
		st = savepoint(im, "RELEASE import_file");
	else
		sqlite3_exec(im->db, "RELEASE import_file", NULL, NULL, NULL);
out:
	free_header(im, NULL);
	im->r = NULL;
	return st;
}
