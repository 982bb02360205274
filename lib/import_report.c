/*
 * import_report.c - what an import says about itself: the summary line
 * and the batch control totals.
 */
#include <stdio.h>
#include <string.h>

#include "ar/import.h"
#include "ar/money.h"

size_t ar_import_summary(const struct ar_import_stats *s, const char *file,
			 char *buf, size_t size)
{
	char amount[AR_MONEY_BUFSZ];
	size_t n = 0;

#define PUT(...) (n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__))
	if (s->seen_before) {
		PUT("%s: already imported whole in batch %lld (%s); nothing to do",
		    file, (long long)s->seen_batch, s->seen_at);
		return n;
	}
	PUT("%s: %ld row%s: %ld added, ", file, s->rows, s->rows == 1 ? "" : "s",
	    s->added);
	if (s->type == AR_REC_CUSTOMERS)
		PUT("%ld updated, ", s->updated);
	PUT("%ld unchanged, %ld rejected", s->unchanged, s->rejected);
	for (int i = 0; i < s->ncurrencies; i++) {
		bool over = s->currencies[i].over;
		ar_money_format(amount, over ? INT64_MAX : s->currencies[i].total,
				s->currencies[i].exponent, AR_MONEY_GROUP);
		PUT("%s%s%s %s", i ? ", " : "; ", over ? "more than " : "",
		    amount, s->currencies[i].code);
	}
	if (s->unidentified)
		PUT("; %ld unidentified (ar-report unapplied)", s->unidentified);
	if (s->customers_created)
		PUT("; %ld customer%s created", s->customers_created,
		    s->customers_created == 1 ? "" : "s");
#undef PUT
	return n;
}

void ar_import_stats_add(struct ar_import_stats *all,
			 const struct ar_import_stats *s)
{
	all->rows += s->rows;
	all->added += s->added;
	all->updated += s->updated;
	all->unchanged += s->unchanged;
	all->rejected += s->rejected;
	all->unidentified += s->unidentified;
	for (int i = 0; i < s->ncurrencies; i++) {
		int j;
		for (j = 0; j < all->ncurrencies; j++)
			if (strcmp(all->currencies[j].code, s->currencies[i].code) == 0)
				break;
		if (j == all->ncurrencies) {
			if (j == AR_IMPORT_MAX_CURRENCIES)
				continue;
			all->currencies[j] = s->currencies[i];
			all->currencies[j].total = 0;
			all->currencies[j].over = false;
			all->ncurrencies++;
		}
		if (!ar_money_accum(&all->currencies[j].total,
				    s->currencies[i].total) ||
		    s->currencies[i].over)
			all->currencies[j].over = true;
	}
}

ar_status ar_import_control_totals(const struct ar_import_stats *all,
				   long expect_rows, const char *expect_total,
				   bool decimal_comma, char *msg, size_t size,
				   const char **field)
{
	*field = NULL;
	if (expect_rows >= 0 && all->rows != expect_rows) {
		snprintf(msg, size, "control total: %ld rows read, expected %ld",
			 all->rows, expect_rows);
		return AR_ECHECK;
	}
	if (!expect_total)
		return AR_OK;
	if (all->ncurrencies > 1) {
		*field = "expect_total";
		snprintf(msg, size, "needs input of one currency (found %s "
			 "and %s)",
			 all->currencies[0].code, all->currencies[1].code);
		return AR_ECHECK;
	}
	const char *cur = all->ncurrencies ? all->currencies[0].code : NULL;
	int e = all->ncurrencies ? all->currencies[0].exponent : 4;
	int64_t want, got = all->ncurrencies ? all->currencies[0].total : 0;
	const char *why;
	if (ar_money_parse(expect_total, strlen(expect_total), e, cur,
			   decimal_comma ? AR_MONEY_DECIMAL_COMMA : 0, &want,
			   &why) != AR_OK) {
		*field = "expect_total";
		snprintf(msg, size, "'%s' is not an amount (%s)", expect_total,
			 why);
		return AR_ECHECK;
	}
	bool over = all->ncurrencies && all->currencies[0].over;
	if (want != got || over) {
		char a[AR_MONEY_BUFSZ], b[AR_MONEY_BUFSZ];
		ar_money_format(a, over ? INT64_MAX : got, e, AR_MONEY_GROUP);
		ar_money_format(b, want, e, AR_MONEY_GROUP);
		snprintf(msg, size, "control total: amounts add up to %s%s%s%s, "
			 "expected %s", over ? "more than " : "", a,
			 cur ? " " : "", cur ? cur : "", b);
		return AR_ECHECK;
	}
	return AR_OK;
}
