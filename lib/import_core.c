/*
 * import_core.c - what the import driver (import.c) and the readers of
 * each record type (import_rows.c) share, one floor below both: the
 * statements prepared once per run, a row's values by column, a row's
 * rejection with file, line and field, and the file's totals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/money.h"
#include "import_int.h"

static const char *const stmt_sql[S_COUNT] = {
	[S_CUST_FIND] = "SELECT id, currency, terms, discount_rate, "
		"discount_days FROM customer WHERE customer_id = ?",
	[S_CUST_NEW] = "INSERT INTO customer (customer_id, name, batch_id) "
		"VALUES (?1, ?1, ?2)",
	[S_CUST_GET] = "SELECT id, name, email, phone, address1, address2, "
		"city, region, postal_code, country, terms, credit_limit, "
		"currency, collector, timezone, status, contact, "
		"discount_rate, discount_days, kind FROM customer "
		"WHERE customer_id = ?",
	[S_CUST_INSERT] = "INSERT INTO customer (customer_id, name, email, "
		"phone, address1, address2, city, region, postal_code, "
		"country, terms, credit_limit, currency, collector, timezone, "
		"status, contact, batch_id, discount_rate, discount_days, kind) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
		"coalesce(?16, 'active'), coalesce(?17, 'ok'), ?18, ?19, ?20, "
		"coalesce(?21, 'business'))",
	[S_CUST_UPDATE] = "UPDATE customer SET name = coalesce(?2, name), "
		"email = coalesce(?3, email), phone = coalesce(?4, phone), "
		"address1 = coalesce(?5, address1), "
		"address2 = coalesce(?6, address2), city = coalesce(?7, city), "
		"region = coalesce(?8, region), "
		"postal_code = coalesce(?9, postal_code), "
		"country = coalesce(?10, country), terms = coalesce(?11, terms), "
		"credit_limit = coalesce(?12, credit_limit), "
		"currency = coalesce(?13, currency), "
		"collector = coalesce(?14, collector), "
		"timezone = coalesce(?15, timezone), "
		"status = coalesce(?16, status), "
		"contact = coalesce(?17, contact), batch_id = ?18, "
		"kind = coalesce(?21, kind), "
		/* terms given: their discount, or none */
		"discount_rate = CASE WHEN ?11 IS NULL THEN discount_rate "
		"ELSE ?19 END, "
		"discount_days = CASE WHEN ?11 IS NULL THEN discount_days "
		"ELSE ?20 END "
		"WHERE customer_id = ?1",
	[S_DOC_GET] = "SELECT doc_type, customer, doc_date, due_date, amount, "
		"currency, po_number, description, method, reference, "
		"check_no, deposit_id, reason, related, discount_rate, "
		"discount_days FROM document WHERE family = ? AND doc_no = ?",
	[S_DOC_FIND] = "SELECT id, customer, currency, amount, doc_date "
		"FROM document WHERE family = ? AND doc_no = ?",
	[S_DOC_FIND_ANY] = "SELECT id, customer, currency, amount, doc_date "
		"FROM document WHERE doc_no = ?1 AND family IN ('invoice', "
		"'credit_memo', 'payment') ORDER BY family <> 'invoice', "
		"family LIMIT 1",
	[S_INVOICE_CUSTOMER] = "SELECT d.customer, c.customer_id, d.currency "
		"FROM document d JOIN customer c ON c.id = d.customer "
		"WHERE d.family = 'invoice' AND d.doc_no = ?",
	[S_APP_SAME] = "SELECT 1 FROM application a WHERE a.credit_doc = ?1 "
		"AND a.debit_doc = ?2 AND a.amount = ?3 AND a.effective_date = ?4 "
		"AND a.rule = 'manual' AND NOT EXISTS (SELECT 1 FROM application "
		"x WHERE x.cancels = a.id)",
	[S_ACT_SAME] = "SELECT 1 FROM activity WHERE customer = ?1 AND "
		"date = ?2 AND kind = ?3 AND document IS ?4 AND outcome IS ?5 "
		"AND amount IS ?6 AND promise_date IS ?7 AND follow_up_date IS ?8 "
		"AND collector IS ?9 AND text IS ?10",
	[S_ACT_INSERT] = "INSERT INTO activity (customer, date, kind, document, "
		"outcome, amount, promise_date, follow_up_date, collector, "
		"text, currency, batch_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_DISPUTE_INSERT] = "INSERT INTO dispute (document, amount, reason, "
		"opened, activity, batch_id, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[S_FILE_SEEN] = "SELECT f.batch_id, b.finished, f.rows, f.totals "
		"FROM batch_file f "
		"JOIN batch b ON b.id = f.batch_id WHERE f.sha256 = ? "
		"AND f.rejected = 0 ORDER BY f.batch_id LIMIT 1",
	[S_TARGET_GET] = "SELECT amount FROM target WHERE collector = ?1 AND "
		"month = ?2 AND currency = ?3 ORDER BY id DESC LIMIT 1",
	[S_TARGET_INSERT] = "INSERT INTO target (collector, month, currency, "
		"amount, batch_id) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_CUST_BY_NAME] = "SELECT customer_id FROM customer WHERE name = ? "
		"COLLATE NOCASE ORDER BY customer_id LIMIT 1",
	[S_FILE_ADD] = "INSERT INTO batch_file (batch_id, name, sha256, "
		"record_type, rows, added, unchanged, rejected, totals) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

sqlite3_stmt *ar__stmt(struct ar_import *im, enum stmt which)
{
	sqlite3_stmt *s = im->st[which];
	if (!s) {
		s = im->st[which] = ar__prepare(im->l, stmt_sql[which]);
		return s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

const char *ar__val(struct ar_import *im, int col, size_t *len)
{
	size_t n = 0;
	const char *s = "";
	if (im->colmap[col] >= 0)
		s = ar_csv_field(im->r, (size_t)im->colmap[col], &n);
	/* quoted fields keep their spaces; the values never want them */
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (len)
		*len = n;
	return s;
}

enum row_result ar__reject(struct ar_import *im, int col, const char *value,
			   const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return ar__reject_hint(im, col, value, reason, NULL, NULL);
}

enum row_result ar__reject_hint(struct ar_import *im, int col,
				const char *value, const char *reason,
				const char *hint, const char *hint_does)
{
	char shown[96];
	const char *field = NULL;
	if (col >= 0)
		field = im->colmap[col] >= 0
			? im->header[im->colmap[col]] : im->td->cols[col].name;
	if (value) {
		/* at most a line's worth, on one line */
		size_t n = strlen(value);
		if (n > 60)
			snprintf(shown, sizeof(shown), "%.57s...", value);
		else
			snprintf(shown, sizeof(shown), "%s", value);
		for (char *p = shown; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = '?';
	}
	struct ar_import_error e = {
		.file = ar_csv_name(im->r),
		.line = ar_csv_line(im->r),
		.field = field,
		.value = value ? shown : NULL,
		.reason = reason,
		.hint = hint,
		.hint_does = hint_does,
		.header = im->header,
		.nhead = im->nhead,
	};
	if (im->cb.reject)
		im->cb.reject(im->cb.ctx, &e, im->r);
	return ROW_REJECTED;
}

void ar__count_amount(struct ar_import *im, const char *currency,
		      int exponent, int64_t amount)
{
	ar__count_total(im, currency, exponent, amount, false);
}

void ar__count_total(struct ar_import *im, const char *currency,
		     int exponent, int64_t amount, bool over)
{
	struct ar_import_stats *s = im->stats;
	int i;
	for (i = 0; i < s->ncurrencies; i++)
		if (strcmp(s->currencies[i].code, currency) == 0)
			break;
	if (i == s->ncurrencies) {
		if (i == AR_IMPORT_MAX_CURRENCIES)
			return;
		memcpy(s->currencies[i].code, currency, 4);
		s->currencies[i].exponent = exponent;
		s->currencies[i].total = 0;
		s->currencies[i].over = false;
		s->ncurrencies++;
	}
	/* the documents added fit the ledger's total, but a file may repeat
	 * rows: a sum too large to hold is said to be so */
	if (!ar_money_accum(&s->currencies[i].total, amount) || over)
		s->currencies[i].over = true;
}
