/*
 * statement_label.c - the words a customer reads for a document's type
 * and an aging bucket, and amounts and dates as printed documents show
 * them, the same on every page: text, HTML, PDF, letters.
 */
#include <stdio.h>
#include <string.h>

#include "ar/money.h"
#include "statement_int.h"

const char *ar__statement_type_label(const char *t)
{
	static const char *const map[][2] = {
		{"invoice", "Invoice"}, {"debit_memo", "Debit memo"},
		{"finance_charge", "Fin. charge"}, {"recovery", "Recovery"},
		{"reversal", "Reversal"}, {"refund", "Refund"},
		{"payment", "Payment"},
		{"credit_memo", "Credit memo"}, {"writeoff", "Write-off"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], t) == 0)
			return map[i][1];
	return t;
}

void ar__statement_bucket_label(const char *name, char *buf, size_t size)
{
	if (strcmp(name, "current") == 0)
		snprintf(buf, size, "Current");
	else if (strncmp(name, "over_", 5) == 0)
		snprintf(buf, size, "Over %s", name + 5);
	else
		snprintf(buf, size, "%s", name);
}

void ar__doc_amount(char *buf, size_t size, const char *cur, int64_t v,
		    int e)
{
	char m[AR_MONEY_BUFSZ];
	ar_money_format(m, v, e, AR_MONEY_GROUP);
	snprintf(buf, size, "%s %s", cur, m);
}

void ar__doc_money(char *buf, int64_t v, int e)
{
	ar_money_format(buf, v, e, AR_MONEY_GROUP);
}

void ar__doc_date(char *buf, ar_date d)
{
	if (d == AR_DATE_NONE)
		buf[0] = '\0';
	else
		ar_date_format(buf, d);
}
