/*
 * test_date.c - calendar dates as day numbers, date parsing and payment
 * terms (SPEC section 4).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ar/date.h"

/* Table tests report every wrong answer, then assert there were none. */
static int failures;

static void parses(const char *s, const char *fmt, int y, int m, int d)
{
	ar_date got = 12345;
	ar_status st = ar_date_parse(s, strlen(s), fmt, &got);
	if (st != AR_OK || got != ar_date_from_ymd(y, m, d)) {
		char buf[AR_DATE_BUFSZ] = "?";
		if (st == AR_OK)
			ar_date_format(buf, got);
		print_error("'%s' with '%s': status %d, %s; want %04d-%02d-%02d\n",
			    s, fmt ? fmt : "ISO", (int)st, buf, y, m, d);
		failures++;
	}
}

static void refuses(const char *s, const char *fmt)
{
	ar_date got = 12345;
	ar_status st = ar_date_parse(s, strlen(s), fmt, &got);
	if (st != AR_EINPUT || got != 12345) {
		print_error("'%s' with '%s': status %d; want AR_EINPUT\n", s,
			    fmt ? fmt : "ISO", (int)st);
		failures++;
	}
	if (!fmt) {
		st = ar_date_parse_iso(s, strlen(s), &got);
		if (st != AR_EINPUT || got != 12345) {
			print_error("parse_iso('%s'): status %d; want "
				    "AR_EINPUT\n", s, (int)st);
			failures++;
		}
	}
}

static void terms(const char *s, int want)
{
	struct ar_terms t = {-777, 0, 0};
	ar_status st = ar_terms_parse(s, strlen(s), &t, NULL);
	int days = t.days;
	if (want >= 0 ? st != AR_OK || days != want : st != AR_EINPUT) {
		print_error("terms '%s': status %d, %d days; want %s %d\n", s,
			    (int)st, days, want >= 0 ? "AR_OK," : "AR_EINPUT",
			    want);
		failures++;
	}
}

/* ------------------------------------------------------------------ */

static void t_known_days(void **state)
{
	(void)state;
	assert_int_equal(ar_date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(ar_date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(ar_date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(ar_date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(ar_date_from_ymd(2024, 2, 29), 19782);
	assert_int_equal(ar_date_from_ymd(2025, 3, 15), 20162);
	assert_int_equal(ar_date_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(ar_date_from_ymd(2100, 12, 31), 47846);
	assert_int_equal(ar_date_from_ymd(1, 1, 1), -719162);
	assert_int_equal(ar_date_from_ymd(9999, 12, 31), 2932896);

	int y, m, d;
	ar_date_to_ymd(11017, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	ar_date_to_ymd(-719162, &y, &m, &d);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	ar_date_to_ymd(2932896, &y, &m, &d);
	assert_int_equal(y, 9999);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

/* Every day of two centuries: consecutive numbers, exact round trips. */
static void t_every_day(void **state)
{
	ar_date prev = ar_date_from_ymd(1899, 12, 31);
	long n = 0;
	(void)state;
	for (int y = 1900; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= ar_date_days_in_month(y, m); d++) {
				ar_date day = ar_date_from_ymd(y, m, d);
				int yy, mm, dd;
				char buf[AR_DATE_BUFSZ], want[40];
				ar_date back;

				if (day != prev + 1)
					fail_msg("%04d-%02d-%02d is day %d, "
						 "after %d", y, m, d, day, prev);
				ar_date_to_ymd(day, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %d is %d-%d-%d, want "
						 "%d-%d-%d", day, yy, mm, dd, y,
						 m, d);
				assert_true(ar_date_valid(y, m, d));
				assert_int_equal(ar_date_format(buf, day), 10);
				snprintf(want, sizeof(want), "%04d-%02d-%02d",
					 y, m, d);
				assert_string_equal(buf, want);
				assert_int_equal(ar_date_parse_iso(buf, 10, &back),
						 AR_OK);
				assert_int_equal(back, day);
				assert_int_equal(ar_date_month_start(day),
						 ar_date_from_ymd(y, m, 1));
				assert_int_equal(ar_date_month_end(day),
						 ar_date_from_ymd(y, m,
						 ar_date_days_in_month(y, m)));
				prev = day;
				n++;
			}
	assert_int_equal(n, 47846 - -25567 + 1);
	assert_int_equal(prev, 47846);
}

static void t_leap_years(void **state)
{
	(void)state;
	assert_int_equal(ar_date_days_in_month(1900, 2), 28);
	assert_int_equal(ar_date_days_in_month(2000, 2), 29);
	assert_int_equal(ar_date_days_in_month(2024, 2), 29);
	assert_int_equal(ar_date_days_in_month(2023, 2), 28);
	assert_int_equal(ar_date_days_in_month(2100, 2), 28);
	assert_int_equal(ar_date_days_in_month(2400, 2), 29);
	assert_int_equal(ar_date_days_in_month(2025, 1), 31);
	assert_int_equal(ar_date_days_in_month(2025, 4), 30);
	assert_int_equal(ar_date_days_in_month(2025, 12), 31);
	assert_false(ar_date_valid(1900, 2, 29));
	assert_true(ar_date_valid(2000, 2, 29));
	assert_true(ar_date_valid(2024, 2, 29));
	assert_false(ar_date_valid(2025, 2, 29));
	/* a leap year is 366 days, a common one 365 */
	assert_int_equal(ar_date_from_ymd(2001, 1, 1) - ar_date_from_ymd(2000, 1, 1), 366);
	assert_int_equal(ar_date_from_ymd(1901, 1, 1) - ar_date_from_ymd(1900, 1, 1), 365);
	assert_int_equal(ar_date_from_ymd(2025, 1, 1) - ar_date_from_ymd(2024, 1, 1), 366);
	/* 400 years are 146097 days */
	assert_int_equal(ar_date_from_ymd(2400, 1, 1) - ar_date_from_ymd(2000, 1, 1), 146097);
}

static void t_valid(void **state)
{
	(void)state;
	assert_true(ar_date_valid(1, 1, 1));
	assert_true(ar_date_valid(9999, 12, 31));
	assert_true(ar_date_valid(2025, 4, 30));
	assert_false(ar_date_valid(0, 1, 1));
	assert_false(ar_date_valid(10000, 1, 1));
	assert_false(ar_date_valid(-1, 1, 1));
	assert_false(ar_date_valid(2025, 0, 1));
	assert_false(ar_date_valid(2025, 13, 1));
	assert_false(ar_date_valid(2025, -1, 1));
	assert_false(ar_date_valid(2025, 1, 0));
	assert_false(ar_date_valid(2025, 1, 32));
	assert_false(ar_date_valid(2025, 4, 31));
	assert_false(ar_date_valid(2025, 2, 30));
	assert_false(ar_date_valid(2025, 6, -3));
}

static void t_parse_iso(void **state)
{
	ar_date d = 0;
	(void)state;
	failures = 0;
	parses("2025-03-15", NULL, 2025, 3, 15);
	parses("2024-02-29", NULL, 2024, 2, 29);
	parses("1970-01-01", NULL, 1970, 1, 1);
	parses("0001-01-01", NULL, 1, 1, 1);
	parses("9999-12-31", NULL, 9999, 12, 31);
	/* only len bytes are read */
	assert_int_equal(ar_date_parse_iso("2025-03-15T10:00", 10, &d), AR_OK);
	assert_int_equal(d, ar_date_from_ymd(2025, 3, 15));

	refuses("2025-02-30", NULL);
	refuses("2025-02-29", NULL);
	refuses("1900-02-29", NULL);
	refuses("2025-13-01", NULL);
	refuses("2025-00-10", NULL);
	refuses("2025-04-31", NULL);
	refuses("2025-01-00", NULL);
	refuses("0000-01-01", NULL);
	refuses("2025-1-01", NULL);
	refuses("2025-01-1", NULL);
	refuses("25-01-01", NULL);
	refuses("", NULL);
	refuses("2025-01-01x", NULL);
	refuses("2025-01-01 ", NULL);
	refuses(" 2025-01-01", NULL);
	refuses("2025/01/01", NULL);
	refuses("20250101", NULL);
	refuses("2025-01-0a", NULL);
	refuses("+025-01-01", NULL);
	refuses("2025-+1-01", NULL);
	refuses("2025-01--1", NULL);
	refuses("yyyy-mm-dd", NULL);
	assert_int_equal(failures, 0);
}

static void t_parse_formats(void **state)
{
	(void)state;
	failures = 0;
	parses("03/15/2025", "%m/%d/%Y", 2025, 3, 15);
	parses("3/5/2025", "%m/%d/%Y", 2025, 3, 5);
	parses("12/31/1999", "%m/%d/%Y", 1999, 12, 31);
	parses("15/03/2025", "%d/%m/%Y", 2025, 3, 15);
	parses("5/3/2025", "%d/%m/%Y", 2025, 3, 5);
	parses("15.03.2025", "%d.%m.%Y", 2025, 3, 15);
	parses("1.2.2025", "%d.%m.%Y", 2025, 2, 1);
	parses("20250315", "%Y%m%d", 2025, 3, 15);
	parses("2025-03-15", "%Y-%m-%d", 2025, 3, 15);
	parses("2025-3-5", "%Y-%m-%d", 2025, 3, 5);
	parses("29/02/2024", "%d/%m/%Y", 2024, 2, 29);
	/* two-digit years pivot at 1970 */
	parses("03/15/25", "%m/%d/%y", 2025, 3, 15);
	parses("03/15/69", "%m/%d/%y", 2069, 3, 15);
	parses("03/15/70", "%m/%d/%y", 1970, 3, 15);
	parses("1/2/00", "%m/%d/%y", 2000, 1, 2);
	parses("12/31/99", "%m/%d/%y", 1999, 12, 31);
	/* literal characters and %% */
	parses("2025%03%15", "%Y%%%m%%%d", 2025, 3, 15);
	parses("d15 m03 y2025", "d%d m%m y%Y", 2025, 3, 15);
	/* NULL: ISO */
	parses("2025-03-15", NULL, 2025, 3, 15);

	refuses("02/30/2025", "%m/%d/%Y");
	refuses("13/01/2025", "%m/%d/%Y");
	refuses("03/15/2025", "%d/%m/%Y");
	refuses("0/10/2025", "%m/%d/%Y");
	refuses("1/0/2025", "%m/%d/%Y");
	refuses("3/5/25", "%m/%d/%Y");
	refuses("1/2/2025", "%m/%d/%y");
	refuses("03/15/2025x", "%m/%d/%Y");
	refuses("03-15-2025", "%m/%d/%Y");
	refuses("123/1/2025", "%m/%d/%Y");
	refuses("03/15/", "%m/%d/%Y");
	refuses("", "%m/%d/%Y");
	refuses("2025315", "%Y%m%d");
	refuses("29.02.2025", "%d.%m.%Y");
	refuses("2025-03-15", "%Y-%m");
	refuses("2025-03-15", "%Y-%m-%q");
	refuses("15.03.2025", "%d.%m.%Y%");
	assert_int_equal(failures, 0);
}

static void t_format_valid(void **state)
{
	(void)state;
	assert_true(ar_date_format_valid("%m/%d/%Y"));
	assert_true(ar_date_format_valid("%d/%m/%Y"));
	assert_true(ar_date_format_valid("%d.%m.%Y"));
	assert_true(ar_date_format_valid("%Y%m%d"));
	assert_true(ar_date_format_valid("%m/%d/%y"));
	assert_true(ar_date_format_valid("%Y-%m-%d"));
	assert_true(ar_date_format_valid("%Y%%%m%%%d"));
	assert_false(ar_date_format_valid(""));
	assert_false(ar_date_format_valid("%Y-%m"));
	assert_false(ar_date_format_valid("%m/%d"));
	assert_false(ar_date_format_valid("%Y-%m-%d-%d"));
	assert_false(ar_date_format_valid("%y%Y%m%d"));
	assert_false(ar_date_format_valid("%Y-%m-%m"));
	assert_false(ar_date_format_valid("%Y-%m-%q"));
	assert_false(ar_date_format_valid("%Y-%m-%d %H"));
	assert_false(ar_date_format_valid("%Y-%m-%d%"));
	assert_false(ar_date_format_valid("YYYY-MM-DD"));
}

static void t_format(void **state)
{
	char buf[AR_DATE_BUFSZ];
	(void)state;
	assert_int_equal(ar_date_format(buf, 0), 10);
	assert_string_equal(buf, "1970-01-01");
	ar_date_format(buf, -1);
	assert_string_equal(buf, "1969-12-31");
	ar_date_format(buf, ar_date_from_ymd(1, 2, 3));
	assert_string_equal(buf, "0001-02-03");
	ar_date_format(buf, ar_date_from_ymd(9999, 12, 31));
	assert_string_equal(buf, "9999-12-31");
	ar_date_format(buf, 19782);
	assert_string_equal(buf, "2024-02-29");
}

static void t_month_bounds(void **state)
{
	(void)state;
	struct {
		int y, m, d, first, last;
	} cases[] = {
		{2024, 2, 10, 1, 29}, {2024, 2, 29, 1, 29}, {2024, 2, 1, 1, 29},
		{2023, 2, 10, 1, 28}, {2000, 2, 15, 1, 29}, {1900, 2, 15, 1, 28},
		{2100, 2, 15, 1, 28}, {2025, 1, 1, 1, 31}, {2025, 12, 31, 1, 31},
		{2025, 4, 15, 1, 30},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ar_date day = ar_date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
		assert_int_equal(ar_date_month_start(day),
				 ar_date_from_ymd(cases[i].y, cases[i].m, cases[i].first));
		assert_int_equal(ar_date_month_end(day),
				 ar_date_from_ymd(cases[i].y, cases[i].m, cases[i].last));
	}
	/* before 1970 too */
	assert_int_equal(ar_date_month_end(ar_date_from_ymd(1960, 2, 3)),
			 ar_date_from_ymd(1960, 2, 29));
}

/* The input window: its edges are the days the macros say, inclusive. */
static void t_window(void **state)
{
	(void)state;
	char buf[AR_DATE_BUFSZ];
	assert_int_equal(AR_DATE_MIN, ar_date_from_ymd(1900, 1, 1));
	assert_int_equal(AR_DATE_MAX, ar_date_from_ymd(2199, 12, 31));
	ar_date_format(buf, AR_DATE_MIN);
	assert_string_equal(buf, "1900-01-01");
	ar_date_format(buf, AR_DATE_MAX);
	assert_string_equal(buf, "2199-12-31");
	assert_true(ar_date_in_window(AR_DATE_MIN));
	assert_true(ar_date_in_window(AR_DATE_MAX));
	assert_true(ar_date_in_window(0));
	assert_true(ar_date_in_window(ar_date_from_ymd(2026, 2, 28)));
	assert_false(ar_date_in_window(AR_DATE_MIN - 1));
	assert_false(ar_date_in_window(AR_DATE_MAX + 1));
	assert_false(ar_date_in_window(ar_date_from_ymd(9999, 12, 31)));
	assert_false(ar_date_in_window(ar_date_from_ymd(1, 1, 1)));
	assert_false(ar_date_in_window(AR_DATE_NONE));
	/* the parser itself stays exact outside the window */
	ar_date d;
	assert_int_equal(ar_date_parse_iso("1899-12-31", 10, &d), AR_OK);
	assert_int_equal(d, AR_DATE_MIN - 1);
}

static void t_today(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	for (int tries = 0; tries < 3; tries++) {
		time_t before = time(NULL);
		ar_date today = ar_date_today();
		time_t after = time(NULL);
		if (before / 86400 != after / 86400)
			continue;	/* midnight passed: ask again */
		assert_int_equal(today, (ar_date)(before / 86400));
		return;
	}
	fail_msg("the clock kept crossing midnight");
}

static void t_terms(void **state)
{
	(void)state;
	failures = 0;
	terms("30", 30);
	terms("0", 0);
	terms("NET30", 30);
	terms("net30", 30);
	terms("Net 30", 30);
	terms("NET 60", 60);
	terms("Net-30", 30);
	terms("n45", 45);
	terms("N30", 30);
	terms("COD", 0);
	terms("cod", 0);
	terms(" 60 ", 60);
	terms("3650", 3650);
	terms("Net 3650", 3650);

	terms("-5", -1);
	terms("-1", -1);
	terms("NET", -1);
	terms("N", -1);
	terms("abc", -1);
	terms("", -1);
	terms("   ", -1);
	terms("3651", -1);
	terms("10000", -1);
	terms("NET3651", -1);
	terms("30 days", -1);
	terms("NET30x", -1);
	terms("30.5", -1);
	terms("CODX", -1);
	assert_int_equal(failures, 0);
}

/* statement.date_format: the formats people use, and ISO by default */
static void t_format_as(void **state)
{
	char b[AR_DATE_BUFSZ];
	ar_date d = ar_date_from_ymd(2026, 3, 7);
	(void)state;
	assert_int_equal(ar_date_format_as(b, d, NULL), 10);
	assert_string_equal(b, "2026-03-07");
	ar_date_format_as(b, d, "");
	assert_string_equal(b, "2026-03-07");
	ar_date_format_as(b, d, "%d.%m.%Y");
	assert_string_equal(b, "07.03.2026");
	ar_date_format_as(b, d, "%m/%d/%Y");
	assert_string_equal(b, "03/07/2026");
	assert_int_equal(ar_date_format_as(b, d, "%m/%d/%y"), 8);
	assert_string_equal(b, "03/07/26");
	ar_date_format_as(b, d, "%Y%m%d");
	assert_string_equal(b, "20260307");
	/* too wide for the buffer: cut, never overrun */
	ar_date_format_as(b, d, "%d %m %Y %Y");
	assert_string_equal(b, "07 03 2026");
	/* a date and its format read back give the same day */
	ar_date back;
	ar_date_format_as(b, d, "%d.%m.%Y");
	assert_int_equal(ar_date_parse(b, strlen(b), "%d.%m.%Y", &back), AR_OK);
	assert_int_equal(back, d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_known_days),
		cmocka_unit_test(t_every_day),
		cmocka_unit_test(t_leap_years),
		cmocka_unit_test(t_valid),
		cmocka_unit_test(t_parse_iso),
		cmocka_unit_test(t_parse_formats),
		cmocka_unit_test(t_format_valid),
		cmocka_unit_test(t_format),
		cmocka_unit_test(t_month_bounds),
		cmocka_unit_test(t_window),
		cmocka_unit_test(t_today),
		cmocka_unit_test(t_terms),
		cmocka_unit_test(t_format_as),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
