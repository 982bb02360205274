/*
 * import_int.h - what the import's source files share.
 */
#ifndef AR_IMPORT_INT_H
#define AR_IMPORT_INT_H

#include "ar/import.h"
#include "internal.h"

/* Column positions of each record type (indexes into its coldef array). */
enum { CU_ID, CU_NAME, CU_EMAIL, CU_PHONE, CU_ADDR1, CU_ADDR2, CU_CITY,
       CU_REGION, CU_POSTAL, CU_COUNTRY, CU_TERMS, CU_LIMIT, CU_CURRENCY,
       CU_COLLECTOR, CU_TZ, CU_STATUS, CU_CONTACT, CU_KIND };
enum { IN_NO, IN_CUST, IN_DATE, IN_DUE, IN_AMOUNT, IN_CURRENCY, IN_PO,
       IN_DESC, IN_TYPE, IN_TERMS };
enum { CR_NO, CR_CUST, CR_DATE, CR_AMOUNT, CR_CURRENCY, CR_INVOICE,
       CR_REASON };
enum { PA_NO, PA_CUST, PA_DATE, PA_AMOUNT, PA_CURRENCY, PA_METHOD,
       PA_REFERENCE, PA_CHECK, PA_DEPOSIT, PA_REMITTER, PA_ACCOUNT };
enum { AL_CUST, AL_REMITTER, AL_ACCOUNT };
enum { AP_PAYMENT, AP_CREDIT, AP_INVOICE, AP_AMOUNT, AP_DATE };
enum { AC_CUST, AC_DATE, AC_KIND, AC_DOC, AC_OUTCOME, AC_AMOUNT, AC_PROMISE,
       AC_FOLLOWUP, AC_COLLECTOR, AC_TEXT };
enum { TG_COLLECTOR, TG_MONTH, TG_CURRENCY, TG_AMOUNT };

#define AR__MAX_COLS 24
#define AR__MAX_MAP 24

struct ar__coldef {
	const char *name;
	bool required;
	const char *aliases;	/* normalised, separated by spaces */
	/* required to tell the type from the header, but may be absent
	 * when the type is given: the row handler makes the value up */
	bool made_up;
};

struct ar__typedef {
	enum ar_record_type type;
	const char *name;
	const struct ar__coldef *cols;
	size_t ncols;
};

extern const struct ar__typedef ar__types[];
extern const size_t ar__ntypes;

struct ar__mapping {
	char target[64];	/* normalised */
	int source;		/* header column */
};

/*
 * Match the columns of td (by name, then alias) onto a header of
 * normalised names, as an import does without --map; for other readers
 * of CSV input.  colmap[c] is the header column of td's column c or -1;
 * *missing is td's first required column not found, or -1.
 * @return the number of columns matched
 */
int ar__match_columns(const struct ar__typedef *td, char **norm,
		      size_t nhead, int *colmap, int *missing);

/*
 * The ledger's word for an export's word (folded as ar_csv_normalize()
 * folds) in column col of the customers type (CU_STATUS, CU_CONTACT):
 * "inactive" is closed, "onhold" hold, "donotcall" no_calls; NULL when
 * the table has no such word.
 */
const char *ar__word_synonym(int col, const char *folded);

/* What happened to one row. */
enum row_result { ROW_ADDED, ROW_UPDATED, ROW_UNCHANGED, ROW_REJECTED };

/* A customer as the rows need it. */
struct cust {
	int64_t id;
	char customer_id[128];
	char currency[4];
	int terms;		/* -1: the default */
	int discount_rate, discount_days;	/* of the terms; 0: none */
};

/*
 * Customers already looked up in this import, so that a million invoice
 * rows do not mean a million index searches.  Open addressing over the
 * customer number; emptied when three quarters full, so memory stays
 * bounded whatever the number of customers.
 */
#define AR__CACHE_SLOTS 65536
struct ar__cache_slot {
	uint64_t hash;		/* 0: empty */
	uint32_t key, keylen;	/* the number, in the arena */
	int64_t id;
	char currency[4];
	int terms;
	int discount_rate, discount_days;
};

struct ar__cache {
	struct ar__cache_slot *slots;
	char *arena;
	size_t arena_len, arena_cap, used;
};

enum stmt {
	S_CUST_FIND, S_CUST_NEW, S_CUST_GET, S_CUST_INSERT, S_CUST_UPDATE,
	S_DOC_GET, S_DOC_FIND, S_DOC_FIND_ANY, S_INVOICE_CUSTOMER,
	S_APP_SAME,
	S_ACT_SAME, S_ACT_INSERT, S_DISPUTE_INSERT, S_FILE_SEEN, S_FILE_ADD,
	S_TARGET_GET, S_TARGET_INSERT,
	S_CUST_BY_NAME,
	S_COUNT
};

struct ar_import {
	struct ar_ledger *l;
	sqlite3 *db;
	const struct ar_import_options *o;
	struct ar_import_callbacks cb;
	sqlite3_stmt *st[S_COUNT];
	unsigned money_flags;
	ar_date closed_through;
	char base_currency[4];
	int default_terms;

	/* the file being read */
	struct ar_csv_reader *r;
	struct ar_import_stats *stats;
	const struct ar__typedef *td;
	int colmap[AR__MAX_COLS];
	char **header;			/* the file's column names */
	size_t nhead;
	size_t *nameless;		/* columns without a name, unused */
	size_t nnameless;
	int name_checks;		/* unknown numbers looked up as names */
	bool encoding_hinted;		/* --encoding suggested already */
	struct ar__mapping map[AR__MAX_MAP];
	size_t nmap;
	struct ar__cache customers;
	/* payment numbers made up in this file, for rows that have none */
	struct ar__derived *derived;
	size_t nderived, cderived;
};

/* A payment number made up from a row's content, and how often seen. */
struct ar__derived {
	char key[24];
	long n;
};

ar_status ar__parse_map(struct ar_import *im, const char *spec, char **norm,
			size_t nhead, const char *file);
ar_status ar__match_header(struct ar_import *im, char **norm, size_t nhead,
			   const char *file, bool *detected);

/* Row handlers (import_rows.c); a status other than AR_OK is fatal. */
ar_status ar__row_customer(struct ar_import *im, enum row_result *res);
ar_status ar__row_invoice(struct ar_import *im, enum row_result *res);
ar_status ar__row_credit(struct ar_import *im, enum row_result *res);
ar_status ar__row_payment(struct ar_import *im, enum row_result *res);
ar_status ar__row_application(struct ar_import *im, enum row_result *res);
ar_status ar__row_activity(struct ar_import *im, enum row_result *res);
ar_status ar__row_target(struct ar_import *im, enum row_result *res);
ar_status ar__row_alias(struct ar_import *im, enum row_result *res);

void ar__cache_clear(struct ar__cache *c);
void ar__cache_free(struct ar__cache *c);

/* Helpers for the row handlers (import_core.c). */
const char *ar__val(struct ar_import *im, int col, size_t *len);
enum row_result ar__reject(struct ar_import *im, int col, const char *value,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same, with the field of the import's options that would let the
 * row through and what it does (struct ar_import_error). */
enum row_result ar__reject_hint(struct ar_import *im, int col,
				const char *value, const char *reason,
				const char *hint, const char *hint_does);
sqlite3_stmt *ar__stmt(struct ar_import *im, enum stmt which);
void ar__count_amount(struct ar_import *im, const char *currency,
		      int exponent, int64_t amount);
/* The same, or with over set, an amount known to be only part of it. */
void ar__count_total(struct ar_import *im, const char *currency,
		     int exponent, int64_t amount, bool over);

#endif
