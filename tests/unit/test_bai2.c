/*
 * test_bai2.c - the BAI2 reader (bai2.h): the credits of a sound file with
 * their numbers, dates, texts and amounts; funds types and their extra
 * fields; continuations; and each trailer that disagrees, refused with
 * its line before any credit is handed out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ar/bai2.h"

struct got {
	int n;
	char line[8][200];
};

static ar_status on_credit(void *ctx, const struct ar_bai2_credit *c)
{
	struct got *g = ctx;
	char d[AR_DATE_BUFSZ];
	ar_date_format(d, c->date);
	if (g->n < 8)
		snprintf(g->line[g->n], sizeof(g->line[0]), "%s %s %lld %d %s "
			 "[%s] %s", c->payment_no, d, (long long)c->amount,
			 c->type_code, c->currency, c->text, c->customer_ref);
	g->n++;
	return AR_OK;
}

/* 03 summary 100.00; credits 12.34 (ref R1) and 5.00 (funds S: three
 * amounts more, no bank reference), a debit 1.00: 118.34 */
static const char good[] =
	"01,S,R,260131,0900,7,80,,2/\r\n"
	"02,R,O,1,260131,,EUR,2/\r\n"
	"03,ACC1,,010,10000,,/\r\n"
	"16,175,1234,0,R1,C1,FIRST,\r\n"
	"88,SECOND/\r\n"
	"16,142,500,S,100,200,200,,C2,NO REF/\r\n"
	"16,451,100,0,R3,,FEE/\r\n"
	"49,11834,6/\r\n"
	"98,11834,1,8/\r\n"
	"99,11834,1,10/\r\n";

static void t_good(void **state)
{
	(void)state;
	struct got g = {0};
	struct ar_bai2_stats st;
	char err[256];
	assert_int_equal(ar_bai2_read(good, strlen(good), "f", on_credit, &g,
				      &st, err, sizeof(err)), AR_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.line[0], "BAI-R1 2026-01-31 1234 175 EUR "
			    "[FIRST,,SECOND] C1");
	assert_string_equal(g.line[1], "BAI-ACC1-20260131-2 2026-01-31 500 142 "
			    "EUR [NO REF] C2");
	assert_int_equal(st.records, 10);
	assert_int_equal(st.credits, 2);
	assert_int_equal(st.others, 1);
	assert_int_equal(st.ncodes, 1);
	assert_int_equal(st.other[0].code, 451);
}

/* Replace the line starting with prefix by repl; read; the message. */
static ar_status bad(const char *prefix, const char *repl, char *err,
		     size_t size, int *credits)
{
	char buf[1024] = "";
	const char *p = good;
	while (*p) {
		const char *e = strchr(p, '\n') + 1;
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			strcat(buf, repl);
		else
			strncat(buf, p, (size_t)(e - p));
		p = e;
	}
	struct got g = {0};
	ar_status st = ar_bai2_read(buf, strlen(buf), "f", on_credit, &g,
				    NULL, err, size);
	*credits = g.n;
	return st;
}

static void t_bad(void **state)
{
	(void)state;
	static const struct {
		const char *prefix, *repl, *msg;
	} cases[] = {
		{"49,", "49,11833,6/\n", "f:8: account trailer (49): control "
		 "total 11833, but the amounts it closes add up to 11834"},
		{"49,", "49,11834,5/\n", "f:8: account trailer (49): 5 "
		 "records, but it closes 6"},
		{"98,", "98,11834,2,8/\n", "f:9: group trailer (98): '2' "
		 "accounts, but it closes 1"},
		{"99,", "99,11834,1,9/\n", "f:10: file trailer (99): 9 "
		 "records, but it closes 10"},
		{"99,", "", "f:9: no file trailer (99): the file is cut short"},
		{"02,", "02,R,O,1,260230,,EUR,2/\n", "f:2: group header: as-of "
		 "date '260230' is not a date (YYMMDD)"},
		{"16,142", "16,142,500,Q,R2,C2,X/\n", "f:6: transaction: funds "
		 "type 'Q' is not 0, 1, 2, Z, V, S or D"},
		{"16,175", "16,175,12x4,0,R1,C1,FIRST,\n", "f:4: transaction: "
		 "amount '12x4' is not an amount"},
		{"01,", "02,R,O,1,260131,,EUR,2/\n", "f:1: not a BAI2 file: the "
		 "first record is 02, not 01"},
		/* an 88 continues the group header: no account opened */
		{"03,", "88,X/\n", "f:4: a transaction (16) outside an "
		 "account"},
	};
	char err[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = -1;
		ar_status st = bad(cases[i].prefix, cases[i].repl, err,
				   sizeof(err), &n);
		if (st != AR_EINPUT || strcmp(err, cases[i].msg) != 0 || n)
			print_error("case %zu: %d '%s' (%d credits)\n", i, st,
				    err, n);
		assert_int_equal(st, AR_EINPUT);
		assert_string_equal(err, cases[i].msg);
		assert_int_equal(n, 0);
	}
}

static void t_sniff(void **state)
{
	(void)state;
	assert_true(ar_bai2_sniff("01,x", 4));
	assert_false(ar_bai2_sniff("01", 2));
	assert_false(ar_bai2_sniff("payment_no,", 11));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_good),
		cmocka_unit_test(t_bad),
		cmocka_unit_test(t_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
