/*
 * settings.c - the ledger's settings: known keys, defaults, validation.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/dun.h"
#include "ar/mail.h"
#include "ar/money.h"
#include "ar/pdf.h"
#include "ar/tz.h"
#include "internal.h"

enum kind { TEXT, CURRENCY, CURRENCIES, TERMS, BUCKETS, AMOUNT, ACCOUNT,
	AMOUNT_OR_NONE, DAYS, DAYS_1, COUNT, USERS, CODES, ZONE,
	DATE_FORMAT, PNG, PAPER, EMAIL, LEVELS, RATE, RATE_OR_NONE,
	YESNO };

static const struct key {
	const char *name;
	enum kind kind;
	const char *def;
} keys[] = {
	{"company.name", TEXT, ""},
	{"company.address", TEXT, ""},
	{"company.remit_to", TEXT, ""},
	{"currency.base", CURRENCY, "USD"},
	{"currency.extra", CURRENCIES, ""},
	{"terms.default", TERMS, "30"},
	{"aging.buckets", BUCKETS, "30,60,90,120"},
	{"writeoff.approval_limit", AMOUNT, "1000.00"},
	/*
	 * No default account codes: a journal booked to a guess would land
	 * in the wrong place of somebody's chart of accounts, so these are
	 * set deliberately or not at all.
	 */
	{"gl.receivables", ACCOUNT, ""},
	{"gl.bad_debt_expense", ACCOUNT, ""},
	{"gl.bad_debt_recovery", ACCOUNT, ""},
	{"gl.cash", ACCOUNT, ""},
	{"statement.message", TEXT, ""},
	/* ar-credit: the rules of a check, and who may override one */
	{"credit.max_days_past_due", DAYS, "30"},
	{"credit.max_past_due", AMOUNT_OR_NONE, ""},
	{"credit.max_broken_promises", COUNT, "2"},
	{"credit.max_returned", COUNT, "2"},
	{"credit.approvers", USERS, ""},
	{"credit.override_days", DAYS_1, "1"},
	/* ar-dispute: the reason codes */
	{"dispute.reasons", CODES, "pricing,quantity,damaged,not_received,"
		"duplicate_billing,tax,terms,service,other"},
	{"forecast.doubtful_days", DAYS, "180"},
	/* ar-note(1): the zone of customers without one, and the days a
	 * promised payment may arrive late and still keep the promise */
	{"company.timezone", ZONE, "UTC"},
	{"promise.grace_days", DAYS, "3"},
	{"statement.date_format", DATE_FORMAT, "%Y-%m-%d"},
	/* printed documents (pdf.h) */
	{"company.logo", PNG, ""},
	{"print.paper", PAPER, "a4"},
	/* ar-dun(1): who the letters are from, the levels, and what each
	 * costs; finance.max_rate caps every interest rate */
	{"company.email", EMAIL, ""},
	{"dunning.levels", LEVELS, "1:1,2:15,3:30,4:60"},
	{"dunning.fee.1", AMOUNT, "0.00"},
	{"dunning.fee.2", AMOUNT, "0.00"},
	{"dunning.fee.3", AMOUNT, "0.00"},
	{"dunning.fee.4", AMOUNT, "0.00"},
	{"dunning.fee.5", AMOUNT, "0.00"},
	{"dunning.interest.1", RATE, "0"},
	{"dunning.interest.2", RATE, "0"},
	{"dunning.interest.3", RATE, "0"},
	{"dunning.interest.4", RATE, "0"},
	{"dunning.interest.5", RATE, "0"},
	{"dunning.min_interval", DAYS, "14"},
	{"dunning.min_amount", AMOUNT, "0.00"},
	{"dunning.compound", YESNO, "no"},
	{"dunning.templates", TEXT, ""},
	{"finance.max_rate", RATE_OR_NONE, ""},
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

const char *const *ar_setting_keys(void)
{
	static const char *names[NKEYS + 1];
	for (size_t i = 0; i < NKEYS; i++)
		names[i] = keys[i].name;
	return names;
}

static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* "XBT:4,ABC:0": codes of three capitals, exponents 0..4. */
static bool currencies_ok(const char *s)
{
	while (*s) {
		if (strlen(s) < 5 || s[3] != ':' || s[4] < '0' || s[4] > '4')
			return false;
		for (int i = 0; i < 3; i++)
			if (s[i] < 'A' || s[i] > 'Z')
				return false;
		s += 5;
		if (*s == ',' && s[1])
			s++;
		else if (*s)
			return false;
	}
	return true;
}

/* Reason codes: lower-case words of a-z, 0-9 and _, separated by commas,
 * 1 to 64 of them, each at most 32 bytes, none twice, 'other' among
 * them (what an imported reason that is no code becomes). */
static bool codes_ok(const char *s)
{
	const char *start = s;
	bool other = false;
	int n = 0;
	while (*s) {
		size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (len == 0 || len > 32 || ++n > 64)
			return false;
		for (const char *p = start; p < s; p += strcspn(p, ",") + 1)
			if (strncmp(p, s, len) == 0 && p[len] == ',')
				return false;
		other = other || (len == 5 && strncmp(s, "other", 5) == 0);
		s += len;
		if (*s == ',' && s[1] != '\0')
			s++;
		else if (*s)
			return false;
	}
	return n > 0 && other;
}

/* Ascending positive day counts separated by commas, 1 to 10 of them. */
static bool buckets_ok(const char *s)
{
	long prev = 0;
	int n = 0;
	while (*s) {
		char *end;
		if (*s < '0' || *s > '9')
			return false;
		long v = strtol(s, &end, 10);
		if (v <= prev || v > 3650 || ++n > 10)
			return false;
		prev = v;
		s = end;
		if (*s == ',' && s[1] != '\0')
			s++;
		else if (*s)
			return false;
	}
	return n > 0;
}

/* A whole number from min to max, digits only. */
static bool number_ok(const char *s, long min, long max)
{
	char *end;
	if (*s < '0' || *s > '9' || strlen(s) > 9)
		return false;
	long v = strtol(s, &end, 10);
	return *end == '\0' && v >= min && v <= max;
}

/* Login names separated by commas ("" for none). */
static bool users_ok(const char *s)
{
	while (*s) {
		size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
		if (n == 0 || n > 64)
			return false;
		s += n;
		if (*s == ',' && s[1])
			s++;
		else if (*s)
			return false;
	}
	return true;
}

static int base_exponent(struct ar_ledger *l)
{
	char *base;
	int e = 2;
	if (ar_setting_get(l, "currency.base", &base, NULL) == AR_OK) {
		e = ar_ledger_currency_exponent(l, base);
		free(base);
	}
	return e < 0 ? 2 : e;
}

/* The exponent a currency would have with currency.extra set to extra. */
static int exponent_with(const char *code, const char *extra)
{
	int e = ar_currency_exponent(code);
	for (const char *p = extra; e < 0 && strlen(p) >= 5; p += 6) {
		if (strncmp(p, code, 3) == 0)
			e = p[4] - '0';
		if (p[5] != ',')
			break;
	}
	return e;
}

/*
 * A new currency.extra must keep every currency in use with its decimals:
 * amounts are stored in minor units, so changing them would change every
 * amount of that currency.
 */
static const char *extra_in_use(struct ar_ledger *l, const char *extra)
{
	static char why[160];
	sqlite3_stmt *s = ar__prepare(l, "SELECT currency FROM document UNION "
				      "SELECT currency FROM customer WHERE "
				      "currency IS NOT NULL UNION SELECT value "
				      "FROM setting WHERE key = 'currency.base'");
	const char *res = NULL;
	if (!s)
		return "unreadable";
	while (!res && sqlite3_step(s) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(s, 0);
		if (!code || ar_currency_exponent(code) >= 0)
			continue;
		int now = ar_ledger_currency_exponent(l, code);
		if (exponent_with(code, extra) != now) {
			snprintf(why, sizeof(why), "a change to %s, which the "
				 "ledger uses with %d decimals", code, now);
			res = why;
		}
	}
	sqlite3_finalize(s);
	return res;
}

/* A format of day, month and year that prints in the 10 columns of ISO. */
static bool date_format_ok(const char *v)
{
	size_t width = 0;
	if (!ar_date_format_valid(v))
		return false;
	for (; *v; v++) {
		if (v[0] == '%' && v[1])
			width += *++v == 'Y' ? 4 : *v == '%' ? 1 : 2;
		else if ((unsigned char)*v < 0x20 || *v == '"' || *v == ',')
			return false;
		else
			width++;
	}
	return width <= 10;
}

/* Whether path is a PNG file this process can read (its signature). */
static const char *png_unreadable(const char *path)
{
	static char why[160];
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
					     0x1a, '\n'};
	unsigned char head[8];
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(why, sizeof(why), "not a file that can be read (%s)",
			 strerror(errno));
		return why;
	}
	size_t n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	return n == sizeof(head) && memcmp(head, sig, sizeof(sig)) == 0
		? NULL : "not a PNG image";
}

/* A rate against finance.max_rate (key is the one being set): a rate
 * above the cap, or a cap below a rate set, is refused. */
static const char *rate_capped(struct ar_ledger *l, const char *key,
			       int64_t rate)
{
	static char why[160];
	char *v = NULL;
	int64_t cap, r;
	if (strcmp(key, "finance.max_rate") != 0) {
		if (ar_setting_get(l, "finance.max_rate", &v, NULL) != AR_OK)
			return "unreadable";
		bool over = *v && ar_dun_rate_parse(v, &cap) &&
			    rate > cap;
		snprintf(why, sizeof(why), "above finance.max_rate (%s)", v);
		free(v);
		return over ? why : NULL;
	}
	for (int n = 1; n <= AR_DUN_LEVELS_MAX; n++) {
		char name[32];
		snprintf(name, sizeof(name), "dunning.interest.%d", n);
		if (ar_setting_get(l, name, &v, NULL) != AR_OK)
			return "unreadable";
		bool under = ar_dun_rate_parse(v, &r) && r > rate;
		snprintf(why, sizeof(why), "below %s (%s)", name, v);
		free(v);
		if (under)
			return why;
	}
	return NULL;
}

static const char *invalid(struct ar_ledger *l, const struct key *k,
			   const char *v)
{
	int64_t rate;
	struct ar_terms terms;
	const char *why;
	int64_t amount;
	switch (k->kind) {
	case TEXT:
		return strlen(v) > 4000 ? "longer than 4000 bytes" : NULL;
	case CURRENCY:
		if (!ar_currency_valid(v))
			return "not a currency code (three capitals, e.g. USD)";
		return ar_ledger_currency_exponent(l, v) < 0
			? "not a known currency (declare it in currency.extra)"
			: NULL;
	case CURRENCIES:
		return currencies_ok(v) ? extra_in_use(l, v)
			: "not a list of CODE:DECIMALS (e.g. XBT:4,ABC:0)";
	case TERMS:
		if (ar_terms_parse(v, strlen(v), &terms, &why) != AR_OK)
			return why;
		return terms.discount_rate ? "terms with a discount (give "
			"those to the customers that have them)" : NULL;
	case BUCKETS:
		return buckets_ok(v) ? NULL
			: "not ascending day counts (e.g. 30,60,90,120)";
	case AMOUNT:
		return ar_money_parse(v, strlen(v), base_exponent(l), NULL, 0,
				      &amount, NULL) == AR_OK && amount >= 0
			? NULL : "not an amount of 0 or more";
	case AMOUNT_OR_NONE:
		if (!*v)
			return NULL;
		return ar_money_parse(v, strlen(v), base_exponent(l), NULL, 0,
				      &amount, NULL) == AR_OK && amount >= 0
			? NULL : "not an amount of 0 or more, nor empty";
	case DAYS:
		return number_ok(v, 0, 3650) ? NULL
			: "not a number of days from 0 to 3650";
	case DAYS_1:
		return number_ok(v, 1, 3650) ? NULL
			: "not a number of days from 1 to 3650";
	case COUNT:
		return number_ok(v, 0, 1000) ? NULL
			: "not a number from 0 to 1000";
	case USERS:
		return users_ok(v) ? NULL
			: "not a list of login names (e.g. alice,bob)";
	case ACCOUNT:
		return *v && strlen(v) <= 64 && !strpbrk(v, ",\n\r\"")
			? NULL : "not an account code";
	case CODES:
		return codes_ok(v) ? NULL : "not a list of distinct codes "
			"(a-z, 0-9, _) with 'other' among them";
	case ZONE:
		return ar_tz_valid(v) ? NULL : "not a time zone of the system's "
			"database (e.g. America/Los_Angeles)";
	case DATE_FORMAT:
		return date_format_ok(v) ? NULL : "not a date format of %d, %m "
			"and %Y (or %y) once each, at most 10 characters wide "
			"(e.g. %d.%m.%Y)";
	case PNG:
		return *v ? png_unreadable(v) : NULL;
	case PAPER: {
		enum ar_pdf_paper paper;
		return ar_pdf_paper_parse(v, &paper) == AR_OK ? NULL
			: "not a paper size (a4 or letter)";
	}
	case EMAIL:
		return !*v || ar_mail_address_ok(v) ? NULL
			: "not an e-mail address (name@example.com)";
	case LEVELS:
		return ar_dun_levels_parse(v, NULL) ? NULL : "not levels 1, 2, "
			"... (at most 5) with ascending days past due (e.g. "
			"1:1,2:15,3:30)";
	case RATE_OR_NONE:
		if (!*v)
			return NULL;
		/* fall through */
	case RATE:
		if (!ar_dun_rate_parse(v, &rate))
			return "not an annual rate in percent from 0 to 1000 "
				"with at most 4 decimals";
		return rate_capped(l, k->name, rate);
	case YESNO:
		return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ? NULL
			: "not yes or no";
	}
	return NULL;
}

ar_status ar_setting_get(struct ar_ledger *l, const char *key, char **value,
			 bool *is_set)
{
	const struct key *k = find_key(key);
	int rc;

	*value = NULL;
	if (!k)
		return ar__fail(l, AR_EUSAGE, "'%s': no such setting", key);
	sqlite3_stmt *s = ar__prepare(l, "SELECT value FROM setting WHERE key = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	const char *v = rc == SQLITE_ROW
		? (const char *)sqlite3_column_text(s, 0) : k->def;
	if (is_set)
		*is_set = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		*value = strdup(v ? v : "");
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ar__sqlfail(l, rc, "read");
	return *value ? AR_OK : AR_ENOMEM;
}

ar_status ar_setting_set(struct ar_ledger *l, const char *key,
			 const char *value)
{
	const struct key *k = find_key(key);
	const char *why;
	int rc;

	if (!k)
		return ar__fail(l, AR_EUSAGE, "'%s': no such setting", key);
	if ((why = invalid(l, k, value)) != NULL)
		return ar__fail(l, AR_EUSAGE, "%s: '%s' is %s", key, value,
				why);
	char *copy = NULL;
	char canon[AR_MONEY_BUFSZ], path[PATH_MAX];
	if (k->kind == AMOUNT || (k->kind == AMOUNT_OR_NONE && *value)) {
		int64_t amount;
		int e = base_exponent(l);
		ar_money_parse(value, strlen(value), e, NULL, 0, &amount, NULL);
		ar_money_format(canon, amount, e, 0);
		value = canon;
	}
	if (k->kind == PNG && *value) {
		/* every later run reads it, from wherever it runs */
		if (!realpath(value, path))
			return ar__fail(l, AR_EUSAGE, "%s: '%s': %s", key, value,
					strerror(errno));
		value = path;
	}
	if (k->kind == TEXT && strstr(value, "\\n")) {
		/* "Line 1\nLine 2" typed in a shell means two lines */
		if (!(copy = strdup(value)))
			return AR_ENOMEM;
		char *w = copy;
		for (const char *r = value; *r; r++) {
			if (r[0] == '\\' && r[1] == 'n') {
				*w++ = '\n';
				r++;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		value = copy;
	}
	sqlite3_stmt *s = ar__prepare(l, "INSERT INTO setting (key, value, "
				      "batch_id) VALUES (?1, ?2, ?3) ON CONFLICT "
				      "(key) DO UPDATE SET value = ?2, "
				      "batch_id = ?3");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, ar_ledger_batch(l));
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(copy);
	return rc == SQLITE_DONE ? AR_OK : ar__sqlfail(l, rc, "write");
}

int ar_ledger_currency_exponent(struct ar_ledger *l, const char *code)
{
	int e = ar_currency_exponent(code);
	char *extra;

	if (e >= 0 || !l)
		return e;
	if (ar_setting_get(l, "currency.extra", &extra, NULL) != AR_OK)
		return -1;
	for (const char *p = extra; strlen(p) >= 5; p += 6) {
		if (strncmp(p, code, 3) == 0) {
			e = p[4] - '0';
			break;
		}
		if (p[5] != ',')
			break;
	}
	free(extra);
	return e;
}

ar_status ar__setting_accounts(struct ar_ledger *l, const char *const *names,
			       char *const *dst, int n)
{
	const char *missing[3];
	int unset = 0;

	if (n > 3)
		return ar__fail(l, AR_EUSAGE, "at most 3 accounts at a time");
	for (int i = 0; i < n; i++) {
		char *v = NULL;
		bool set = false;
		ar_status st = ar_setting_get(l, names[i], &v, &set);
		if (st != AR_OK)
			return st;
		if (set)
			snprintf(dst[i], AR__ACCOUNT_BUFSZ, "%s", v);
		else
			missing[unset++] = names[i];
		free(v);
	}
	/* every one missing in one message: the controller sets them at once */
	if (unset == 1)
		return ar__fail_field(l, AR_EUSAGE, "journal", "the setting %s "
				      "is not set (ar-ledger set %s CODE)",
				      missing[0], missing[0]);
	if (unset == 2)
		return ar__fail_field(l, AR_EUSAGE, "journal", "the settings "
				      "%s and %s are not set (ar-ledger set "
				      "KEY CODE for each)", missing[0],
				      missing[1]);
	if (unset == 3)
		return ar__fail_field(l, AR_EUSAGE, "journal", "the settings "
				      "%s, %s and %s are not set (ar-ledger "
				      "set KEY CODE for each)", missing[0],
				      missing[1], missing[2]);
	return AR_OK;
}

int ar__exponent(struct ar_ledger *l, const char *code)
{
	int e = ar_ledger_currency_exponent(l, code);
	return e < 0 ? 2 : e;
}
