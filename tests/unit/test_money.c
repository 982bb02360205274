/*
 * test_money.c - amounts: parsing per SPEC section 4, formatting, exponents
 * and checked arithmetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ar/money.h"

/* Parse s (NUL-terminated) with the currency's own exponent. */
static ar_status parse(const char *s, const char *cur, unsigned flags,
		       int64_t *v, const char **why)
{
	int e = cur ? ar_currency_exponent(cur) : 2;
	return ar_money_parse(s, strlen(s), e, cur, flags, v, why);
}

/*
 * The table tests go on after a wrong answer so that one run shows every
 * input the parser gets wrong; each test ends by asserting none did.
 */
static int failures;

static void accepts(const char *s, const char *cur, unsigned flags,
		    int64_t want)
{
	int64_t v = -777;
	const char *why = NULL;
	ar_status st = parse(s, cur, flags, &v, &why);
	if (st != AR_OK || v != want) {
		print_error("'%s' (%s, flags %u): status %d, value %lld (%s); "
			    "want %lld\n", s, cur ? cur : "no currency", flags,
			    (int)st, (long long)v, why ? why : "-",
			    (long long)want);
		failures++;
	}
}

static void refuses(const char *s, const char *cur, unsigned flags)
{
	int64_t v = -777;
	const char *why = NULL;
	ar_status st = parse(s, cur, flags, &v, &why);
	if (st != AR_EINPUT) {
		print_error("'%s' (%s, flags %u): status %d, value %lld; want "
			    "AR_EINPUT\n", s, cur ? cur : "no currency", flags,
			    (int)st, (long long)v);
		failures++;
	} else if (v != -777) {
		print_error("'%s': a refused amount wrote %lld\n", s,
			    (long long)v);
		failures++;
	} else if (!why || !*why) {
		print_error("'%s': refused without saying why\n", s);
		failures++;
	}
}

static void formats(int64_t v, int exponent, unsigned flags, const char *want)
{
	char buf[AR_MONEY_BUFSZ];
	memset(buf, 'x', sizeof(buf));
	size_t n = ar_money_format(buf, v, exponent, flags);
	if (strcmp(buf, want) != 0 || n != strlen(want)) {
		print_error("format(%lld, %d, %u): '%s' (%zu); want '%s'\n",
			    (long long)v, exponent, flags, buf, n, want);
		failures++;
	}
}

/* ------------------------------------------------------------------ */

static void t_exponents(void **state)
{
	(void)state;
	assert_int_equal(ar_currency_exponent("JPY"), 0);
	assert_int_equal(ar_currency_exponent("USD"), 2);
	assert_int_equal(ar_currency_exponent("EUR"), 2);
	assert_int_equal(ar_currency_exponent("GBP"), 2);
	assert_int_equal(ar_currency_exponent("KWD"), 3);
	assert_int_equal(ar_currency_exponent("BHD"), 3);
	assert_int_equal(ar_currency_exponent("CLF"), 4);
	assert_int_equal(ar_currency_exponent("KRW"), 0);
	/* the first and last entries of the table */
	assert_int_equal(ar_currency_exponent("AED"), 2);
	assert_int_equal(ar_currency_exponent("ZAR"), 2);
	/* unknown codes */
	assert_int_equal(ar_currency_exponent("XXX"), -1);
	assert_int_equal(ar_currency_exponent("AAA"), -1);
	assert_int_equal(ar_currency_exponent("ZZZ"), -1);
	assert_int_equal(ar_currency_exponent("usd"), -1);
	/* only three letters are read: no NUL needed */
	assert_int_equal(ar_currency_exponent("KWDX"), 3);
	char code[3] = {'J', 'P', 'Y'};
	assert_int_equal(ar_currency_exponent(code), 0);
}

static void t_currency_valid(void **state)
{
	(void)state;
	assert_true(ar_currency_valid("USD"));
	assert_true(ar_currency_valid("XBT"));
	assert_false(ar_currency_valid("usd"));
	assert_false(ar_currency_valid("US"));
	assert_false(ar_currency_valid("USDX"));
	assert_false(ar_currency_valid("U$D"));
	assert_false(ar_currency_valid(""));
}

static void t_plain_forms(void **state)
{
	(void)state;
	failures = 0;
	accepts("1234.56", "USD", 0, 123456);
	accepts("1,234.56", "USD", 0, 123456);
	accepts("1,234,567.89", "USD", 0, 123456789);
	accepts("-12.00", "USD", 0, -1200);
	accepts("(12.00)", "USD", 0, -1200);
	accepts("( 12.00 )", "USD", 0, -1200);
	accepts("+5", "USD", 0, 500);
	accepts(".5", "USD", 0, 50);
	accepts("-.5", "USD", 0, -50);
	accepts("0", "USD", 0, 0);
	accepts("0.00", "USD", 0, 0);
	accepts("-0", "USD", 0, 0);
	accepts("12", "USD", 0, 1200);
	accepts("12.3", "USD", 0, 1230);
	accepts("0.01", "USD", 0, 1);
	accepts("007.10", "USD", 0, 710);
	accepts("999", "USD", 0, 99900);
	accepts("  42.00\t", "USD", 0, 4200);
	/* no currency given: plain numbers still read */
	accepts("1,234.56", NULL, 0, 123456);
	assert_int_equal(failures, 0);
}

static void t_currency_affixes(void **state)
{
	(void)state;
	failures = 0;
	accepts("$12.00", "USD", 0, 1200);
	accepts("$ 12.00", "USD", 0, 1200);
	accepts("12.00$", "USD", 0, 1200);
	accepts("12.00 USD", "USD", 0, 1200);
	accepts("12.00USD", "USD", 0, 1200);
	accepts("USD 12.00", "USD", 0, 1200);
	accepts("USD12.00", "USD", 0, 1200);
	accepts("12.00 usd", "USD", 0, 1200);
	accepts("Eur 12,00", "EUR", AR_MONEY_DECIMAL_COMMA, 1200);
	accepts("-$5", "USD", 0, -500);
	accepts("$-5", "USD", 0, -500);
	accepts("($5.00)", "USD", 0, -500);
	accepts("-USD 5", "USD", 0, -500);
	accepts("$1,234.56", "USD", 0, 123456);
	accepts("$12", "CAD", 0, 1200);
	accepts("\xe2\x82\xac" "5", "EUR", 0, 500);		/* euro sign */
	accepts("5 \xe2\x82\xac", "EUR", 0, 500);
	accepts("-\xe2\x82\xac" "5,00", "EUR", AR_MONEY_DECIMAL_COMMA, -500);
	accepts("EUR 5", "EUR", 0, 500);
	accepts("\xc2\xa3" "7.50", "GBP", 0, 750);		/* pound sign */
	accepts("\xc2\xa5" "1,000", "JPY", 0, 1000);		/* yen sign */
	accepts("1000 JPY", "JPY", 0, 1000);
	accepts("KWD 1.234", "KWD", 0, 1234);
	assert_int_equal(failures, 0);
}

static void t_decimal_comma(void **state)
{
	(void)state;
	failures = 0;
	accepts("1.234,56", "EUR", AR_MONEY_DECIMAL_COMMA, 123456);
	accepts("1234,56", "EUR", AR_MONEY_DECIMAL_COMMA, 123456);
	accepts("1.234.567,8", "EUR", AR_MONEY_DECIMAL_COMMA, 123456780);
	accepts(",5", "EUR", AR_MONEY_DECIMAL_COMMA, 50);
	accepts("(1.000,00)", "EUR", AR_MONEY_DECIMAL_COMMA, -100000);
	accepts("12", "EUR", AR_MONEY_DECIMAL_COMMA, 1200);
	/* with the flag, the English forms are the wrong ones */
	refuses("1,234.56", "EUR", AR_MONEY_DECIMAL_COMMA);
	refuses("12,345", "EUR", AR_MONEY_DECIMAL_COMMA);
	refuses("1.23", "EUR", AR_MONEY_DECIMAL_COMMA);
	assert_int_equal(failures, 0);
}

static void t_refused(void **state)
{
	(void)state;
	failures = 0;
	/* more decimals than the currency has */
	refuses("1.234", "USD", 0);
	refuses("0.001", "USD", 0);
	refuses("1.5", "JPY", 0);
	refuses("1.0", "JPY", 0);
	refuses("1.2345", "KWD", 0);
	/* not numbers */
	refuses("1e5", "USD", 0);
	refuses("1E5", "USD", 0);
	refuses("1.0e2", "USD", 0);
	refuses("NaN", "USD", 0);
	refuses("nan", "USD", 0);
	refuses("inf", "USD", 0);
	refuses("0x10", "USD", 0);
	refuses("abc", "USD", 0);
	refuses("12abc", "USD", 0);
	refuses("1 234", "USD", 0);
	/* nothing there */
	refuses("", "USD", 0);
	refuses("   ", "USD", 0);
	refuses("\t", "USD", 0);
	refuses("-", "USD", 0);
	refuses("+", "USD", 0);
	refuses(".", "USD", 0);
	refuses("$", "USD", 0);
	refuses("()", "USD", 0);
	refuses("USD", "USD", 0);
	refuses("12.", "USD", 0);
	/* mixed or misplaced separators */
	refuses("1.234,56", "USD", 0);
	refuses("12,3.4", "USD", 0);
	refuses("1,23", "USD", 0);
	refuses("1,2345.00", "USD", 0);
	refuses("1234,567.00", "USD", 0);
	refuses(",123", "USD", 0);
	refuses("1,,234", "USD", 0);
	refuses("1,234,", "USD", 0);
	refuses("1.2.3", "USD", 0);
	refuses("1.2,3", "USD", 0);
	refuses("1.234.56", "EUR", AR_MONEY_DECIMAL_COMMA);
	/* a symbol or code of another currency */
	refuses("$12.00", "EUR", 0);
	refuses("12.00 USD", "EUR", 0);
	refuses("12.00 eur", "USD", 0);
	refuses("EUR 12.00", "USD", 0);
	refuses("\xe2\x82\xac" "5", "USD", 0);
	refuses("$12.00", "JPY", 0);
	refuses("$12.00", NULL, 0);
	refuses("12.00 USD", NULL, 0);
	/* signs */
	refuses("--5", "USD", 0);
	refuses("+-5", "USD", 0);
	refuses("-+5", "USD", 0);
	refuses("- -5", "USD", 0);
	refuses("(-5)", "USD", 0);
	refuses("-(5)", "USD", 0);
	refuses("5-", "USD", 0);
	refuses("(5", "USD", 0);
	refuses("5)", "USD", 0);
	refuses("-$-5", "USD", 0);
	refuses("+$-5", "USD", 0);
	/* one currency marker at most */
	refuses("$$5", "USD", 0);
	assert_int_equal(failures, 0);
}

static void t_overflow(void **state)
{
	(void)state;
	failures = 0;
	/* INT64_MAX minor units and one more */
	accepts("92233720368547758.07", "USD", 0, INT64_MAX);
	accepts("92,233,720,368,547,758.07", "USD", 0, INT64_MAX);
	accepts("-92233720368547758.07", "USD", 0, -INT64_MAX);
	refuses("92233720368547758.08", "USD", 0);
	refuses("92233720368547758.10", "USD", 0);
	refuses("92233720368547759", "USD", 0);
	refuses("100000000000000000", "USD", 0);
	accepts("9223372036854775807", "JPY", 0, INT64_MAX);
	refuses("9223372036854775808", "JPY", 0);
	refuses("18446744073709551615", "JPY", 0);
	refuses("18446744073709551616", "JPY", 0);
	refuses("99999999999999999999999999", "JPY", 0);
	accepts("9223372036854775.807", "KWD", 0, INT64_MAX);
	refuses("9223372036854775.808", "KWD", 0);
	/* many leading zeros are still a small number */
	accepts("00000000000000000000000001.00", "USD", 0, 100);
	assert_int_equal(failures, 0);
}

static void t_int64_min(void **state)
{
	(void)state;
	failures = 0;
	/* the most negative amount fits an int64, so it must read back */
	accepts("-92233720368547758.08", "USD", 0, INT64_MIN);
	accepts("-9223372036854775808", "JPY", 0, INT64_MIN);
	refuses("-92233720368547758.09", "USD", 0);
	refuses("-9223372036854775809", "JPY", 0);
	assert_int_equal(failures, 0);
}

static void t_length_and_exponent_args(void **state)
{
	int64_t v = 0;
	const char *why = NULL;
	(void)state;
	/* only len bytes are read */
	assert_int_equal(ar_money_parse("12.345", 5, 2, "USD", 0, &v, NULL),
			 AR_OK);
	assert_int_equal(v, 1234);
	assert_int_equal(ar_money_parse("7xyz", 1, 0, NULL, 0, &v, NULL),
			 AR_OK);
	assert_int_equal(v, 7);
	assert_int_equal(ar_money_parse("12.00", 0, 2, "USD", 0, &v, &why),
			 AR_EINPUT);
	/* exponent 4 */
	assert_int_equal(ar_money_parse("1.2345", 6, 4, "CLF", 0, &v, NULL),
			 AR_OK);
	assert_int_equal(v, 12345);
	/* exponents outside 0..4 are refused, not guessed */
	why = NULL;
	assert_int_equal(ar_money_parse("1", 1, 5, NULL, 0, &v, &why),
			 AR_EINPUT);
	assert_non_null(why);
	assert_int_equal(ar_money_parse("1", 1, -1, NULL, 0, &v, &why),
			 AR_EINPUT);
	/* why may be NULL */
	assert_int_equal(ar_money_parse("x", 1, 2, NULL, 0, &v, NULL),
			 AR_EINPUT);
}

static void t_reasons(void **state)
{
	int64_t v;
	const char *why = NULL;
	(void)state;
	assert_int_equal(parse("1.234", "USD", 0, &v, &why), AR_EINPUT);
	assert_non_null(strstr(why, "decimals"));
	assert_int_equal(parse("92233720368547758.08", "USD", 0, &v, &why),
			 AR_EINPUT);
	assert_non_null(strstr(why, "large"));
	assert_int_equal(parse("12,3.4", "USD", 0, &v, &why), AR_EINPUT);
	assert_non_null(strstr(why, "separator"));
	assert_int_equal(parse("", "USD", 0, &v, &why), AR_EINPUT);
	assert_non_null(strstr(why, "empty"));
}

static void t_format(void **state)
{
	(void)state;
	failures = 0;
	formats(0, 2, 0, "0.00");
	formats(0, 0, 0, "0");
	formats(0, 3, 0, "0.000");
	formats(0, 2, AR_MONEY_GROUP, "0.00");
	formats(1, 2, 0, "0.01");
	formats(-1, 2, 0, "-0.01");
	formats(5, 2, 0, "0.05");
	formats(-5, 2, 0, "-0.05");
	formats(50, 2, 0, "0.50");
	formats(100, 2, 0, "1.00");
	formats(123456, 2, 0, "1234.56");
	formats(-123456, 2, 0, "-1234.56");
	formats(123456, 2, AR_MONEY_GROUP, "1,234.56");
	formats(-123456, 2, AR_MONEY_GROUP, "-1,234.56");
	formats(99999, 2, AR_MONEY_GROUP, "999.99");
	formats(100000, 2, AR_MONEY_GROUP, "1,000.00");
	formats(-100000, 2, AR_MONEY_GROUP, "-1,000.00");
	formats(123456789, 2, AR_MONEY_GROUP, "1,234,567.89");
	formats(12345678901, 2, AR_MONEY_GROUP, "123,456,789.01");
	formats(1000, 0, 0, "1000");
	formats(1000, 0, AR_MONEY_GROUP, "1,000");
	formats(999, 0, AR_MONEY_GROUP, "999");
	formats(-1234567, 0, AR_MONEY_GROUP, "-1,234,567");
	formats(1234567, 3, 0, "1234.567");
	formats(1234567, 3, AR_MONEY_GROUP, "1,234.567");
	formats(-1, 3, 0, "-0.001");
	formats(1, 4, 0, "0.0001");
	formats(INT64_MAX, 2, 0, "92233720368547758.07");
	formats(INT64_MAX, 2, AR_MONEY_GROUP, "92,233,720,368,547,758.07");
	formats(INT64_MIN, 2, 0, "-92233720368547758.08");
	formats(INT64_MIN, 2, AR_MONEY_GROUP, "-92,233,720,368,547,758.08");
	formats(INT64_MAX, 0, 0, "9223372036854775807");
	formats(INT64_MIN, 0, AR_MONEY_GROUP, "-9,223,372,036,854,775,808");
	formats(INT64_MIN, 4, AR_MONEY_GROUP, "-922,337,203,685,477.5808");
	assert_int_equal(failures, 0);
}

/* A deterministic spread of values over every magnitude. */
static int64_t next_value(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	uint64_t r = (*seed * 0x9e3779b97f4a7c15ULL) >> 1;	/* 63 bits */
	int shift = (int)(*seed >> 58) % 63;			/* 0..62 */
	int64_t v = (int64_t)(r >> shift);
	return (*seed & 1) ? -v : v;
}

static void t_round_trip(void **state)
{
	static const int exps[] = {0, 2, 3, 4};
	static const char *const curs[] = {"JPY", "USD", "KWD", "CLF"};
	uint64_t seed = 42;
	(void)state;
	for (int i = 0; i < 200000; i++) {
		int k = i % 4;
		unsigned fl = (i / 4) % 2 ? AR_MONEY_GROUP : 0;
		int64_t x = next_value(&seed), back = 0;
		char buf[AR_MONEY_BUFSZ];
		size_t n = ar_money_format(buf, x, exps[k], fl);
		ar_status st = ar_money_parse(buf, n, exps[k], curs[k], 0,
					      &back, NULL);
		if (st != AR_OK || back != x)
			fail_msg("%lld at exponent %d: formatted '%s', read "
				 "back %lld (status %d)", (long long)x, exps[k],
				 buf, (long long)back, (int)st);
	}
	/* the edges and their neighbours */
	static const int64_t edge[] = {0, 1, -1, 9, 10, 99, 100, 999, 1000,
				       INT64_MAX, INT64_MAX - 1, -INT64_MAX};
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		for (int k = 0; k < 4; k++)
			for (unsigned fl = 0; fl <= AR_MONEY_GROUP; fl += AR_MONEY_GROUP) {
				char buf[AR_MONEY_BUFSZ];
				int64_t back = 0;
				size_t n = ar_money_format(buf, edge[i], exps[k], fl);
				assert_int_equal(ar_money_parse(buf, n, exps[k], NULL,
								0, &back, NULL),
						 AR_OK);
				assert_true(back == edge[i]);
			}
}

static void t_checked_arithmetic(void **state)
{
	int64_t out;
	(void)state;

	assert_true(ar_money_add(2, 3, &out));
	assert_true(out == 5);
	assert_true(ar_money_add(INT64_MAX - 1, 1, &out));
	assert_true(out == INT64_MAX);
	assert_true(ar_money_add(INT64_MAX, INT64_MIN, &out));
	assert_true(out == -1);
	assert_true(ar_money_add(INT64_MIN, 0, &out));
	assert_true(out == INT64_MIN);
	assert_false(ar_money_add(INT64_MAX, 1, &out));
	assert_false(ar_money_add(INT64_MIN, -1, &out));
	assert_false(ar_money_add(INT64_MAX, INT64_MAX, &out));
	assert_false(ar_money_add(INT64_MIN, INT64_MIN, &out));

	assert_true(ar_money_sub(5, 8, &out));
	assert_true(out == -3);
	assert_true(ar_money_sub(-1, INT64_MAX, &out));
	assert_true(out == INT64_MIN);
	assert_true(ar_money_sub(-1, INT64_MIN, &out));
	assert_true(out == INT64_MAX);
	assert_false(ar_money_sub(INT64_MIN, 1, &out));
	assert_false(ar_money_sub(0, INT64_MIN, &out));
	assert_false(ar_money_sub(INT64_MAX, -1, &out));

	int64_t acc = 0;
	for (int i = 0; i < 1000; i++)
		assert_true(ar_money_accum(&acc, 123456));
	assert_true(acc == 123456000);
	acc = INT64_MAX - 10;
	assert_true(ar_money_accum(&acc, 10));
	assert_true(acc == INT64_MAX);
	assert_false(ar_money_accum(&acc, 1));
	acc = INT64_MIN + 1;
	assert_false(ar_money_accum(&acc, -2));
}

/* money.h: "false (and *out untouched) on overflow", "acc unchanged" */
static void t_overflow_leaves_result(void **state)
{
	int64_t out, acc;
	(void)state;

	out = 7;
	assert_false(ar_money_add(INT64_MAX, 1, &out));
	assert_true(out == 7);
	out = 7;
	assert_false(ar_money_sub(INT64_MIN, 1, &out));
	assert_true(out == 7);
	acc = INT64_MAX;
	assert_false(ar_money_accum(&acc, 1));
	assert_true(acc == INT64_MAX);
	acc = INT64_MIN + 1;
	assert_false(ar_money_accum(&acc, -2));
	assert_true(acc == INT64_MIN + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_exponents),
		cmocka_unit_test(t_currency_valid),
		cmocka_unit_test(t_plain_forms),
		cmocka_unit_test(t_currency_affixes),
		cmocka_unit_test(t_decimal_comma),
		cmocka_unit_test(t_refused),
		cmocka_unit_test(t_overflow),
		cmocka_unit_test(t_int64_min),
		cmocka_unit_test(t_length_and_exponent_args),
		cmocka_unit_test(t_reasons),
		cmocka_unit_test(t_format),
		cmocka_unit_test(t_round_trip),
		cmocka_unit_test(t_checked_arithmetic),
		cmocka_unit_test(t_overflow_leaves_result),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
