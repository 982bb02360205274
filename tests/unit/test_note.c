/*
 * test_note.c - the collector's log: local times through the system's
 * time zone database across daylight-saving changes, the contact rules,
 * payment plans split to the cent and dated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/note.h"
#include "ar/tz.h"

#define LA "America/Los_Angeles"

static int64_t utc(const char *s)
{
	int64_t t;
	assert_int_equal(ar_time_parse(s, &t), AR_OK);
	return t;
}

/* The local time of instant s in zone as "YYYY-MM-DD HH:MM ABBR". */
static void local_is(const char *zone, const char *s, const char *want)
{
	struct ar_local lt;
	char buf[AR_TIME_BUFSZ];
	assert_int_equal(ar_tz_local(zone, utc(s), &lt), AR_OK);
	ar_local_format(buf, &lt);
	assert_string_equal(buf, want);
}

static void t_parse(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(utc("1970-01-01T00:00Z"), 0);
	assert_int_equal(utc("2026-01-15T07:59Z"), 1768463940);
	assert_int_equal(utc("2026-01-15 07:59:30Z"), 1768463970);
	assert_int_equal(utc("1969-12-31T23:59:59Z"), -1);
	const char *bad[] = {"2026-02-30T10:00Z", "2026-01-15T24:00Z",
			     "2026-01-15", "2026-01-15T07:59Zx",
			     "2026-01-15T7:59Z", "2026-01-15T07:60Z",
			     "2026-01-15X07:59Z", "", "1899-12-31T00:00Z"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ar_time_parse(bad[i], &t), AR_EINPUT);
	/* no Z: the time of the process's zone; 03:30 on the day clocks
	 * go forward in Los Angeles is PDT, 7 hours behind */
	setenv("TZ", LA, 1);
	assert_int_equal(ar_time_parse("2026-03-08T03:30", &t), AR_OK);
	assert_int_equal(t, utc("2026-03-08T10:30Z"));
	assert_int_equal(ar_time_parse("2026-03-07T03:30", &t), AR_OK);
	assert_int_equal(t, utc("2026-03-07T11:30Z"));
	setenv("TZ", "UTC", 1);
	char buf[AR_TIME_BUFSZ];
	ar_time_format_utc(buf, -1);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
}

static void t_zones(void **state)
{
	(void)state;
	assert_true(ar_tz_valid(LA));
	assert_true(ar_tz_valid("UTC"));
	assert_true(ar_tz_valid("Europe/Berlin"));
	const char *bad[] = {"", "Mars/Olympus", "/etc/passwd",
			     "../zoneinfo/UTC", "America/../UTC",
			     "PST8PDT,M3.2.0,M11.1.0", "America/Los Angeles",
			     NULL};
	for (size_t i = 0; bad[i]; i++)
		assert_false(ar_tz_valid(bad[i]));
	assert_false(ar_tz_valid(NULL));
	struct ar_local lt;
	assert_int_equal(ar_tz_local("Mars/Olympus", 0, &lt), AR_EUSAGE);
	/* TZ is as it was */
	setenv("TZ", "Europe/Berlin", 1);
	assert_int_equal(ar_tz_local(LA, 0, &lt), AR_OK);
	assert_string_equal(getenv("TZ"), "Europe/Berlin");
	unsetenv("TZ");
	assert_int_equal(ar_tz_local(LA, 0, &lt), AR_OK);
	assert_null(getenv("TZ"));
	setenv("TZ", "UTC", 1);
}

/* Los Angeles: PST (UTC-8) until 2026-03-08 02:00, PDT (UTC-7) until
 * 2026-11-01 02:00, then PST again. */
static void t_local_across_dst(void **state)
{
	(void)state;
	local_is(LA, "2026-03-08T09:59Z", "2026-03-08 01:59 PST");
	local_is(LA, "2026-03-08T10:00Z", "2026-03-08 03:00 PDT");
	local_is(LA, "2026-11-01T08:59Z", "2026-11-01 01:59 PDT");
	local_is(LA, "2026-11-01T09:00Z", "2026-11-01 01:00 PST");
	/* the local date, not the UTC one */
	local_is(LA, "2026-03-09T06:00Z", "2026-03-08 23:00 PDT");
	local_is(LA, "2026-01-01T07:59Z", "2025-12-31 23:59 PST");
	local_is("UTC", "2026-03-08T10:00Z", "2026-03-08 10:00 UTC");
	local_is("Australia/Sydney", "2026-04-04T15:59Z",
		 "2026-04-05 02:59 AEDT");
	local_is("Australia/Sydney", "2026-04-04T16:00Z",
		 "2026-04-05 02:00 AEST");
}

static struct ar_contact judge_at(const char *zone, const char *at,
				  const char *contact, const char *kind,
				  const char *what)
{
	struct ar_contact_facts f = {.contact = contact, .kind = kind,
				     .last_talk = AR_DATE_NONE,
				     .seventh_call = AR_DATE_NONE};
	struct ar_contact c;
	assert_int_equal(ar_tz_local(zone, utc(at), &f.local), AR_OK);
	ar_contact_judge(&f, what, &c);
	return c;
}

static bool consumer_call(const char *at)
{
	return judge_at(LA, at, "ok", "consumer", "call").allowed;
}

/* 08:00 to before 21:00 where the consumer is, whatever the offset. */
static void t_window_across_dst(void **state)
{
	(void)state;
	/* Saturday 2026-03-07, PST */
	assert_false(consumer_call("2026-03-07T15:59:59Z"));	/* 07:59:59 */
	assert_true(consumer_call("2026-03-07T16:00Z"));	/* 08:00 */
	assert_true(consumer_call("2026-03-08T04:59Z"));	/* 20:59 */
	assert_false(consumer_call("2026-03-08T05:00Z"));	/* 21:00 */
	/* Sunday 2026-03-08, PDT from 02:00: an hour earlier in UTC */
	assert_false(consumer_call("2026-03-08T14:59Z"));	/* 07:59 PDT */
	assert_true(consumer_call("2026-03-08T15:00Z"));	/* 08:00 PDT */
	assert_true(consumer_call("2026-03-09T03:59Z"));	/* 20:59 PDT */
	assert_false(consumer_call("2026-03-09T04:00Z"));	/* 21:00 PDT */
	/* Saturday 2026-10-31, PDT */
	assert_false(consumer_call("2026-10-31T14:59Z"));
	assert_true(consumer_call("2026-10-31T15:00Z"));
	/* Sunday 2026-11-01, PST from 02:00: an hour later in UTC */
	assert_false(consumer_call("2026-11-01T15:00Z"));	/* 07:00 PST */
	assert_false(consumer_call("2026-11-01T15:59Z"));	/* 07:59 PST */
	assert_true(consumer_call("2026-11-01T16:00Z"));	/* 08:00 PST */
	assert_true(consumer_call("2026-11-02T04:59Z"));	/* 20:59 PST */
	assert_false(consumer_call("2026-11-02T05:00Z"));	/* 21:00 PST */
	struct ar_contact c = judge_at(LA, "2026-11-01T15:59Z", "ok",
				       "consumer", "call");
	assert_string_equal(c.rule, "consumer: calls only from 08:00 to "
			    "21:00 local time (it is 07:59 PST)");
	/* a business, e-mail, a letter: any hour */
	assert_true(judge_at(LA, "2026-11-01T11:00Z", "ok", "business",
			     "call").allowed);
	assert_true(judge_at(LA, "2026-11-01T11:00Z", "ok", "consumer",
			     "email").allowed);
}

static void t_preferences(void **state)
{
	(void)state;
	const char *at = "2026-06-01T18:00Z";
	assert_false(judge_at(LA, at, "no_calls", "business", "call").allowed);
	assert_true(judge_at(LA, at, "no_calls", "business", "email").allowed);
	assert_true(judge_at(LA, at, "no_calls", "business", "visit").allowed);
	assert_false(judge_at(LA, at, "cease", "business", "call").allowed);
	assert_false(judge_at(LA, at, "cease", "business", "email").allowed);
	assert_false(judge_at(LA, at, "cease", "consumer", "visit").allowed);
	assert_true(judge_at(LA, at, "cease", "consumer", "letter").allowed);
	assert_true(judge_at(LA, at, "cease", "consumer", "note").allowed);
	struct ar_contact c = judge_at(LA, at, "no_calls", "consumer", "call");
	assert_string_equal(c.rule, "contact no_calls: no calls (e-mail or "
			    "letter only)");
	assert_int_equal(c.resume, AR_DATE_NONE);
}

static void t_call_limits(void **state)
{
	(void)state;
	ar_date d = ar_date_from_ymd(2026, 6, 10);
	struct ar_contact_facts f = {.contact = "ok", .kind = "consumer",
				     .local = {.date = d, .minute = 12 * 60},
				     .last_talk = AR_DATE_NONE,
				     .seventh_call = AR_DATE_NONE};
	struct ar_contact c;
	f.calls_7d = 6;
	ar_contact_judge(&f, "call", &c);
	assert_true(c.allowed);
	/* the 8th attempt: the 7th latest was on 06-07, out of the window
	 * on 06-14 */
	f.calls_7d = 7;
	f.seventh_call = d - 3;
	ar_contact_judge(&f, "call", &c);
	assert_false(c.allowed);
	assert_int_equal(c.resume, d + 4);
	/* a business is not limited */
	f.kind = "business";
	ar_contact_judge(&f, "call", &c);
	assert_true(c.allowed);
	f.kind = "consumer";
	/* 6 days after a conversation: not yet; 7 days: again */
	f.calls_7d = 1;
	f.seventh_call = AR_DATE_NONE;
	f.last_talk = d - 6;
	ar_contact_judge(&f, "call", &c);
	assert_false(c.allowed);
	assert_int_equal(c.resume, d + 1);
	f.last_talk = d - 7;
	ar_contact_judge(&f, "call", &c);
	assert_true(c.allowed);
	/* both: the later date */
	f.last_talk = d - 1;
	f.calls_7d = 7;
	f.seventh_call = d;
	ar_contact_judge(&f, "call", &c);
	assert_int_equal(c.resume, d + 7);
	assert_true(ar_note_conversation("reached"));
	assert_true(ar_note_conversation("promised"));
	assert_false(ar_note_conversation("left_message"));
	assert_false(ar_note_conversation("no_answer"));
	assert_false(ar_note_conversation(""));
}

static void t_plans(void **state)
{
	(void)state;
	int64_t a[4];
	assert_true(ar_note_split(10000, 3, a));
	assert_int_equal(a[0], 3333);
	assert_int_equal(a[1], 3333);
	assert_int_equal(a[2], 3334);
	assert_true(ar_note_split(5, 4, a));
	assert_int_equal(a[0] + a[1] + a[2] + a[3], 5);
	assert_int_equal(a[3], 2);
	assert_false(ar_note_split(3, 4, a));
	assert_false(ar_note_split(100, 0, a));
	ar_date first = ar_date_from_ymd(2027, 12, 31);
	assert_int_equal(ar_note_instalment_date(first, 0, 0), first);
	assert_int_equal(ar_note_instalment_date(first, 0, 1),
			 ar_date_from_ymd(2028, 1, 31));
	assert_int_equal(ar_note_instalment_date(first, 0, 2),
			 ar_date_from_ymd(2028, 2, 29));
	assert_int_equal(ar_note_instalment_date(first, 0, 4),
			 ar_date_from_ymd(2028, 4, 30));
	assert_int_equal(ar_note_instalment_date(first, 0, 14),
			 ar_date_from_ymd(2029, 2, 28));
	assert_int_equal(ar_note_instalment_date(first, 7, 3), first + 21);
	assert_true(ar_note_kind_valid("visit"));
	assert_false(ar_note_kind_valid("promise"));
	assert_true(ar_note_outcome_valid("left_message"));
	assert_false(ar_note_outcome_valid("maybe"));
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_parse),
		cmocka_unit_test(t_zones),
		cmocka_unit_test(t_local_across_dst),
		cmocka_unit_test(t_window_across_dst),
		cmocka_unit_test(t_preferences),
		cmocka_unit_test(t_call_limits),
		cmocka_unit_test(t_plans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
