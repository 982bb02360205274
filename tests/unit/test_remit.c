/*
 * test_remit.c - reading remittance text (remit.h): tokens, what the
 * markers around a token say it is, and the words of money sent on
 * account.  Each case is the text, the payment's check number, and the
 * tokens with their kinds as a person reads them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ar/remit.h"

static int failures;

/* "tok:K tok:K ..." with K one of b (bare), i (invoice), c (check),
 * x (conflict), m (marker) */
static void reads(const char *text, const char *check_no, const char *want)
{
	struct ar_remit_reader rd;
	enum ar_remit_kind kind;
	static const char kinds[] = "bicxm";
	char got[512] = "";
	size_t n = 0, len;
	const char *tok;

	ar_remit_reader_init(&rd, text, check_no);
	while ((tok = ar_remit_next(&rd, &len, &kind)) != NULL)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%.*s:%c",
				      n ? " " : "", (int)len, tok,
				      kinds[kind]);
	if (strcmp(got, want) != 0) {
		print_error("'%s' (check %s): got '%s', want '%s'\n", text,
			    check_no ? check_no : "none", got, want);
		failures++;
	}
}

static void test_markers(void **state)
{
	(void)state;
	failures = 0;
	/* the lockbox memo of the QuickBooks user */
	reads("chk 1063 inv 1055", "1063", "chk:m 1063:c inv:m 1055:i");
	reads("chk 1063 inv 1055", NULL, "chk:m 1063:c inv:m 1055:i");
	/* the check number alone, no marker */
	reads("1063 1055", "1063", "1063:c 1055:b");
	reads("1063 1055", NULL, "1063:b 1055:b");
	/* '#' is no token: check # 12 is check 12 */
	reads("Check #4410, Invoice #1001", NULL,
	      "Check:m 4410:c Invoice:m 1001:i");
	reads("CK NO 77 bill 88", NULL, "CK:m NO:m 77:c bill:m 88:i");
	reads("cheque number 9 INV 10", NULL,
	      "cheque:m number:m 9:c INV:m 10:i");
	/* every number after an invoice marker, until a check marker */
	reads("Invoices 1001, 1002 and 1003 chk 5", NULL,
	      "Invoices:m 1001:i 1002:i and:i 1003:i chk:m 5:c");
	/* the check number after an invoice marker reads two ways */
	reads("inv 2001", "2001", "inv:m 2001:x");
	/* a check marker takes one token only */
	reads("chk 12 34", NULL, "chk:m 12:c 34:b");
	/* 'no' is a marker only right after a check marker */
	reads("no 12", NULL, "no:b 12:b");
	/* numbers inside others are whole tokens: INV-10 is not inv */
	reads("INV-10 inv-1", NULL, "INV-10:b inv-1:b");
	reads("", NULL, "");
	reads("  ,;  ", "1", "");
	assert_int_equal(failures, 0);
}

static void on_account(const char *text, const char *want)
{
	const char *w = NULL;
	size_t len = 0;
	bool got = ar_remit_on_account(text, &w, &len);
	char said[64] = "";
	if (got)
		snprintf(said, sizeof(said), "%.*s", (int)len, w);
	if ((want != NULL) != got || (want && strcmp(said, want) != 0)) {
		print_error("'%s': got %s '%s', want %s\n", text,
			    got ? "yes" : "no", said, want ? want : "no");
		failures++;
	}
}

static void test_on_account(void **state)
{
	(void)state;
	failures = 0;
	on_account("payment on account", "on account");
	on_account("ON  ACCOUNT", "ON  ACCOUNT");
	on_account("on-account", "on-account");
	on_account("Deposit for order 77", "Deposit");
	on_account("prepayment", "prepayment");
	on_account("advance", "advance");
	on_account("INV-1001", NULL);
	on_account("account 44 on", NULL);
	on_account("deposits", NULL);
	on_account("", NULL);
	on_account(NULL, NULL);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_on_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
