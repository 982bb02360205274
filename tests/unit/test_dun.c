/*
 * test_dun.c - the arithmetic of dunning (levels, rates, late interest
 * worked out by hand, the half-cent boundaries each way), the template
 * language (names checked at parse, values escaped in HTML), and the
 * message writer (quoted-printable, encoded words, line lengths); and
 * through the library on a small ledger: a letter per currency, the fee
 * in the base currency only, one level up per letter, the interval.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/dun.h"
#include "ar/import.h"
#include "ar/ledger.h"
#include "ar/mail.h"
#include "ar/money.h"
#include "tmpfiles.h"
#include "ledgerfix.h"

static int64_t rate(const char *s)
{
	int64_t r = -1;
	assert_true(ar_dun_rate_parse(s, &r));
	return r;
}

static int64_t interest(int64_t open, const char *pct, int days)
{
	int64_t v = -1;
	assert_true(ar_dun_interest(open, rate(pct), days, &v));
	return v;
}

static void t_rates(void **state)
{
	(void)state;
	int64_t r;
	char buf[32];
	assert_int_equal(rate("12"), 120000);
	assert_int_equal(rate("8.5"), 85000);
	assert_int_equal(rate("0.0625"), 625);
	assert_int_equal(rate("0"), 0);
	assert_int_equal(rate("1000"), 10000000);
	assert_false(ar_dun_rate_parse("1000.0001", &r));
	assert_false(ar_dun_rate_parse("1.00001", &r));	/* 5 decimals */
	assert_false(ar_dun_rate_parse("-1", &r));
	assert_false(ar_dun_rate_parse("", &r));
	assert_false(ar_dun_rate_parse("5.", &r));
	assert_false(ar_dun_rate_parse(".5", &r));
	assert_false(ar_dun_rate_parse("5%", &r));
	assert_false(ar_dun_rate_parse("1e2", &r));
	ar_dun_rate_format(buf, 85000);
	assert_string_equal(buf, "8.5");
	ar_dun_rate_format(buf, 120000);
	assert_string_equal(buf, "12");
	ar_dun_rate_format(buf, 625);
	assert_string_equal(buf, "0.0625");
}

static void t_levels(void **state)
{
	(void)state;
	struct ar_dun_levels v;
	assert_true(ar_dun_levels_parse("1:1,2:15,3:30,4:60", &v));
	assert_int_equal(v.n, 4);
	assert_int_equal(v.days[0], 1);
	assert_int_equal(v.days[3], 60);
	assert_true(ar_dun_levels_parse("1:0", &v));
	assert_true(ar_dun_levels_parse("1:1,2:2,3:3,4:4,5:5", NULL));
	assert_false(ar_dun_levels_parse("1:1,2:2,3:3,4:4,5:5,6:6", NULL));
	assert_false(ar_dun_levels_parse("2:15", NULL));	/* from 1 */
	assert_false(ar_dun_levels_parse("1:5,3:10", NULL));	/* a gap */
	assert_false(ar_dun_levels_parse("1:15,2:15", NULL));	/* not up */
	assert_false(ar_dun_levels_parse("1:15,2:10", NULL));
	assert_false(ar_dun_levels_parse("1:1,", NULL));
	assert_false(ar_dun_levels_parse("", NULL));
	assert_false(ar_dun_levels_parse("1:x", NULL));
}

/*
 * Interest = open x rate / 100 / 365 x days, rounded half away from zero
 * to the minor unit.  Each case worked out by hand:
 */
static void t_interest(void **state)
{
	(void)state;
	/* 1,000.00 x 10 / 100 / 365 x 30 = 8.2191780... -> 8.22 */
	assert_int_equal(interest(100000, "10", 30), 822);
	/* 2,500.00 x 18 / 100 / 365 x 45 = 20250 / 365 = 55.479452... ->
	 * 55.48 */
	assert_int_equal(interest(250000, "18", 45), 5548);
	/* at 36.5% a day's interest is a thousandth of the amount:
	 * 1,005.00 x 0.001 = 1.005, exactly half a cent over 1.00 -> 1.01
	 * (half away from zero: up) */
	assert_int_equal(interest(100500, "36.5", 1), 101);
	/* 1,004.99 x 0.001 = 1.00499, under the half -> 1.00 */
	assert_int_equal(interest(100499, "36.5", 1), 100);
	/* the same half below zero: -1.005 -> -1.01 (away from zero) */
	assert_int_equal(interest(-100500, "36.5", 1), -101);
	/* at 7.3% a day is a 5000th: 25.00 / 5000 = 0.005, exactly half a
	 * cent -> 0.01; 24.99 / 5000 = 0.004998 -> 0.00 */
	assert_int_equal(interest(2500, "7.3", 1), 1);
	assert_int_equal(interest(2499, "7.3", 1), 0);
	/* a zero rate charges nothing, whatever the days */
	assert_int_equal(interest(100000000, "0", 3650), 0);
	/* no days, no interest */
	assert_int_equal(interest(100000, "10", 0), 0);
	/* JPY has no minor unit: 10,000 yen x 36.5 / 100 / 365 x 5 = 50 */
	assert_int_equal(interest(10000, "36.5", 5), 50);
	/* what does not fit in 64 bits is refused, not wrapped */
	int64_t v;
	assert_false(ar_dun_interest(INT64_MAX, rate("1000"), 3650, &v));
}

/* ------------------------------------------------------------------ */
/* Templates */

static struct ar_dun_item items[2];

static struct ar_dun_letter letter(void)
{
	memset(items, 0, sizeof(items));
	strcpy(items[0].doc_no, "INV-1");
	strcpy(items[0].doc_type, "invoice");
	items[0].doc_date = 20361;	/* 2025-09-30 */
	items[0].due_date = 20391;	/* 2025-10-30 */
	items[0].days = 32;
	items[0].interest_days = 32;
	items[0].open = 123456;
	items[0].interest = 1082;
	strcpy(items[1].doc_no, "<INV-2>");
	items[1].open = 100;
	struct ar_dun_letter d = {
		.customer_id = "C1", .customer_name = "Smith & <Sons> \"Ltd\"",
		.email = "a@b.example", .address = "1 Road\nTown",
		.company_name = "Acme", .company_address = "",
		.company_email = "ar@acme.example", .remit_to = "Bank",
		.date = 20423, .level = 2, .rate = 100000,
		.channel = "email", .currency = "USD", .exponent = 2,
		.items = items, .nitems = 2, .overdue = 123556,
		.interest = 1082, .fee = 500, .total = 125138};
	return d;
}

static char *render(const char *src, bool html)
{
	struct ar_template *t = NULL;
	char err[200], *buf = NULL;
	size_t n = 0;
	struct ar_dun_letter d = letter();
	assert_int_equal(ar_template_parse(src, "t", html, &t, err,
					   sizeof(err)), AR_OK);
	FILE *f = open_memstream(&buf, &n);
	assert_int_equal(ar_template_render(t, &d, f), AR_OK);
	fclose(f);
	ar_template_free(t);
	return buf;
}

static void refused(const char *src, const char *want)
{
	struct ar_template *t = NULL;
	char err[200] = "";
	assert_int_equal(ar_template_parse(src, "dir/level2.txt", false, &t,
					   err, sizeof(err)), AR_EUSAGE);
	assert_null(t);
	assert_string_equal(err, want);
}

static void t_template(void **state)
{
	(void)state;
	char *s = render("Dear {{customer_name}},\n{{#items}}{{doc_no}} "
			 "{{open_amount}} {{interest}};{{/items}}\ntotal "
			 "{{total_due}} {{currency}} at {{ rate }}%", false);
	assert_string_equal(s, "Dear Smith & <Sons> \"Ltd\",\nINV-1 1,234.56 "
			    "10.82;<INV-2> 1.00 0.00;\ntotal 1,251.38 USD at "
			    "10%");
	free(s);
	/* in HTML every value is escaped, the template's own markup not */
	s = render("<p>{{customer_name}}</p>{{#items}}<i>{{doc_no}}</i>"
		   "{{/items}}<p>{{customer_address}}</p>", true);
	assert_string_equal(s, "<p>Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;"
			    "</p><i>INV-1</i><i>&lt;INV-2&gt;</i><p>1 Road"
			    "<br>\nTown</p>");
	free(s);
	/* outside the section, interest is the letter's total */
	s = render("{{interest}} {{fee}} {{level}} {{date}}", false);
	assert_string_equal(s, "10.82 5.00 2 2025-12-01");
	free(s);
	s = render("no placeholders at all { } }} {", false);
	assert_string_equal(s, "no placeholders at all { } }} {");
	free(s);
}

static void t_template_refused(void **state)
{
	(void)state;
	refused("Dear {{customer_name}},\n\nyou owe {{total_owed}}.\n",
		"dir/level2.txt:3: unknown placeholder '{{total_owed}}'");
	refused("{{doc_no}}", "dir/level2.txt:1: an item's placeholder "
		"outside {{#items}}...{{/items}} '{{doc_no}}'");
	refused("a\n{{#items}}\n{{doc_no}}\n", "dir/level2.txt:2: "
		"'{{#items}}' not closed by '{{/items}}'");
	refused("{{/items}}", "dir/level2.txt:1: '{{/items}}' without "
		"'{{#items}}'");
	refused("x\ny {{customer_name\n}}", "dir/level2.txt:2: '{{' not "
		"closed by '}}' on its line");
	refused("{{#items}}{{#items}}{{/items}}{{/items}}",
		"dir/level2.txt:1: a section inside a section");
	/* no code: what looks like it is just an unknown name */
	refused("{{system(\"rm -rf /\")}}", "dir/level2.txt:1: unknown "
		"placeholder '{{system(\"rm -rf /\")}}'");
}

static void t_builtin(void **state)
{
	(void)state;
	struct ar_dun_templates t;
	char err[200];
	for (int level = 1; level <= AR_DUN_LEVELS_MAX; level++) {
		assert_int_equal(ar_dun_templates_load(NULL, level, &t, err,
						       sizeof(err)), AR_OK);
		assert_non_null(t.text);
		assert_non_null(t.html);
		assert_non_null(t.subject);
		assert_non_null(t.letter);
		ar_dun_templates_free(&t);
	}
}

/* ------------------------------------------------------------------ */
/* Messages */

static char *qp(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ar_mail_qp(f, s, strlen(s));
	fclose(f);
	return buf;
}

static void lines_within(const char *s, size_t max)
{
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		if (n > max)
			fail_msg("a line of %zu characters: %.*s", n, (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void t_qp(void **state)
{
	(void)state;
	char *s = qp("caf\xc3\xa9 = 1 \nend\t\n");
	assert_string_equal(s, "caf=C3=A9 =3D 1=20\nend=09\n");
	free(s);
	char longline[301];
	memset(longline, 'a', 300);
	longline[300] = '\0';
	s = qp(longline);
	lines_within(s, 76);
	/* 300 = 4 x 75: three lines of 75 and a soft break ("=" is the
	 * 76th character), then the last 75 and the line end */
	assert_int_equal(strncmp(s + 75, "=\n", 2), 0);
	assert_int_equal(strlen(s), 300 + 3 * 2 + 1);
	free(s);
	/* an escape is never cut by a soft break */
	char accents[201] = "";
	for (int i = 0; i < 50; i++)
		strcat(accents, "\xc3\xa9");
	s = qp(accents);
	lines_within(s, 76);
	for (const char *p = s; (p = strstr(p, "=\n")) != NULL; p += 2)
		assert_true(p[2] == '=' || p[2] == '\0');
	free(s);
}

static void t_message(void **state)
{
	(void)state;
	struct ar_mail m = {.from_name = "Acme", .from_addr = "ar@acme.example",
			    .to_name = "\xc3\x85lesund Handel og Fiskeri AS",
			    .to_addr = "ap@alesund.example",
			    .subject = "Betalingsp\xc3\xa5minnelse: konto "
				       "C1 - forfalt bel\xc3\xb8p i NOK, "
				       "vennligst betal",
			    .date = 20423, .id_seed = "x",
			    .text = "T\n", .html = "<p>H</p>\n"};
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	FILE *f = open_memstream(&a, &na);
	assert_int_equal(ar_mail_write(f, &m), AR_OK);
	fclose(f);
	f = open_memstream(&b, &nb);
	assert_int_equal(ar_mail_write(f, &m), AR_OK);
	fclose(f);
	assert_string_equal(a, b);	/* the same bytes every time */
	lines_within(a, 78);
	assert_non_null(strstr(a, "\nSubject: =?UTF-8?B?"));
	assert_non_null(strstr(a, "\nDate: Mon, 01 Dec 2025 00:00:00 +0000\n"));
	assert_non_null(strstr(a, "@acme.example>\n"));
	assert_non_null(strstr(a, "Content-Type: multipart/alternative;"));
	free(a);
	free(b);
	assert_true(ar_mail_address_ok("a.b+c@x.example"));
	assert_false(ar_mail_address_ok("a b@x.example"));
	assert_false(ar_mail_address_ok("a@b@c"));
	assert_false(ar_mail_address_ok("<a@b>"));
	assert_false(ar_mail_address_ok("ab"));
	assert_false(ar_mail_address_ok("a@b\r\nBcc: x@y"));
}

static void t_mbox(void **state)
{
	(void)state;
	const char msg[] = "Subject: x\n\nFrom here\n>From there\nok";
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	ar_mail_mbox(f, "MAILER-DAEMON", 20423, msg, strlen(msg));
	fclose(f);
	assert_string_equal(buf, "From MAILER-DAEMON Mon Dec  1 00:00:00 2025\n"
			    "Subject: x\n\n>From here\n>>From there\nok\n\n");
	free(buf);
}

/* ------------------------------------------------------------------ */
/* Through the library */

struct seen {
	char text[2048];
	size_t len;
	bool send;
};

static ar_status on_letter(void *ctx, const struct ar_dun_letter *d,
			   bool *sent)
{
	struct seen *x = ctx;
	char o[AR_MONEY_BUFSZ], i[AR_MONEY_BUFSZ], f[AR_MONEY_BUFSZ];
	char t[AR_MONEY_BUFSZ];
	ar_money_format(o, d->overdue, d->exponent, 0);
	ar_money_format(i, d->interest, d->exponent, 0);
	ar_money_format(f, d->fee, d->exponent, 0);
	ar_money_format(t, d->total, d->exponent, 0);
	x->len += (size_t)snprintf(x->text + x->len, sizeof(x->text) - x->len,
		"%s %s %s level %d: %s + %s + %s = %s\n", d->customer_id,
		d->currency, d->channel, d->level, o, i, f, t);
	*sent = x->send;
	return AR_OK;
}

static void on_skip(void *ctx, const struct ar_notice *n)
{
	struct seen *x = ctx;
	if (n->kind != AR_NOTICE_SKIP)
		return;
	x->len += (size_t)snprintf(x->text + x->len, sizeof(x->text) - x->len,
				   "%s\n", n->text);
}

static ar_date day(const char *iso)
{
	ar_date d = AR_DATE_NONE;
	assert_int_equal(ar_date_parse_iso(iso, strlen(iso), &d), AR_OK);
	return d;
}

static void set(struct ar_ledger *l, const char *key, const char *value)
{
	fix_begin(l, "test_dun", NULL);
	if (ar_setting_set(l, key, value) != AR_OK)
		fail_msg("set %s: %s", key, ar_ledger_errmsg(l));
	commit(l);
}

/* One run as of iso, sent (recorded) or not; what it said. */
static const char *run(struct ar_ledger *l, const char *iso, bool send)
{
	static struct seen x;
	struct ar_dun_options o = {.as_of = day(iso), .email = true};
	struct ar_dun_stats stats;
	memset(&x, 0, sizeof(x));
	x.send = send;
	fix_begin(l, "test_dun", NULL);
	ar_ledger_set_notice(l, on_skip, &x);
	if (ar_dun_run(l, &o, on_letter, &x, &stats) != AR_OK)
		fail_msg("run: %s", ar_ledger_errmsg(l));
	commit(l);
	return x.text;
}

/*
 * C1 owes I1 1,000.00 USD and I2 500.00 EUR, both due 2026-01-31, and has
 * no e-mail address; levels 1:1,2:10, fees 2.00 and 5.00, level 1 at 10%,
 * level 2 at 0%.
 */
static void t_run(void **state)
{
	(void)state;
	struct ar_ledger *l = NULL;
	struct ar_import_stats s;
	assert_int_equal(ar_ledger_open(&l, new_path("db"), AR_LEDGER_CREATE,
					NULL), AR_OK);
	fix_import(l, "test_dun", AR_REC_CUSTOMERS,
		   "customer_id,name,currency\nC1,One,USD\n", NULL, &s);
	fix_import(l, "test_dun", AR_REC_INVOICES,
		   "invoice_no,customer_id,invoice_date,due_date,amount,currency\n"
		   "I1,C1,2026-01-01,2026-01-31,1000.00,USD\n"
		   "I2,C1,2026-01-01,2026-01-31,500.00,EUR\n", NULL, &s);
	set(l, "dunning.levels", "1:1,2:10");
	set(l, "dunning.fee.1", "2.00");
	set(l, "dunning.fee.2", "5.00");
	set(l, "dunning.interest.1", "10");
	/* 10 days past due reaches level 2, but the first letter is level
	 * 1: 1,000.00 x 10% / 365 x 10 = 2.7397 -> 2.74 with the fee of
	 * 2.00; 500.00 EUR x 10% / 365 x 10 = 1.3698 -> 1.37, no fee (the
	 * fee is of the base currency); by post: no address */
	const char *first = "C1 EUR letter level 1: 500.00 + 1.37 + 0.00 = 501.37\n"
			    "C1 USD letter level 1: 1000.00 + 2.74 + 2.00 = 1004.74\n";
	/* not sent: nothing recorded, the same again */
	assert_string_equal(run(l, "2026-02-10", false), first);
	assert_string_equal(run(l, "2026-02-10", true), first);
	/* 10 days after: within dunning.min_interval (14) */
	assert_string_equal(run(l, "2026-02-20", true),
			    "C1: skipped: last letter on 2026-02-10: the next not "
			    "before 2026-02-24 (dunning.min_interval)\n");
	/* 14 days after: level 2, its fee, no interest at 0% */
	assert_string_equal(run(l, "2026-02-24", true),
			    "C1 EUR letter level 2: 500.00 + 0.00 + 0.00 = 500.00\n"
			    "C1 USD letter level 2: 1000.00 + 0.00 + 5.00 = 1005.00\n");
	/* the last level again, after the interval */
	assert_string_equal(run(l, "2026-03-10", false),
			    "C1 EUR letter level 2: 500.00 + 0.00 + 0.00 = 500.00\n"
			    "C1 USD letter level 2: 1000.00 + 0.00 + 5.00 = 1005.00\n");
	ar_ledger_close(l);
}

/* Every level's templates of the ledger: its levels, its directory. */
static void t_templates_all(void **state)
{
	(void)state;
	struct ar_ledger *l = NULL;
	struct ar_dun_templates t[AR_DUN_LEVELS_MAX];
	char err[300] = "", path[200];
	int n = -1;
	assert_int_equal(ar_ledger_open(&l, new_path("db"), AR_LEDGER_CREATE,
					NULL), AR_OK);
	/* the default four levels, built in */
	memset(t, 0, sizeof(t));
	assert_int_equal(ar_dun_templates_load_all(l, t, &n, err, sizeof(err)),
			 AR_OK);
	assert_int_equal(n, 4);
	for (int k = 0; k < AR_DUN_LEVELS_MAX; k++) {
		assert_true(k < n ? t[k].text != NULL : t[k].text == NULL);
		ar_dun_templates_free(&t[k]);
	}
	/* two levels, the second's text from the directory, refused */
	snprintf(path, sizeof(path), "%s/level2.txt", tmpdir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("Dear {{customer_name}},\nyou owe {{total_owed}}.\n", fp);
	assert_int_equal(fclose(fp), 0);
	set(l, "dunning.levels", "1:1,2:10");
	set(l, "dunning.templates", tmpdir);
	memset(t, 0, sizeof(t));
	assert_int_equal(ar_dun_templates_load_all(l, t, &n, err, sizeof(err)),
			 AR_EUSAGE);
	assert_int_equal(n, 2);
	assert_non_null(strstr(err, "level2.txt:2: unknown placeholder "
			       "'{{total_owed}}'"));
	for (int k = 0; k < AR_DUN_LEVELS_MAX; k++)
		ar_dun_templates_free(&t[k]);
	ar_ledger_close(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_rates),
		cmocka_unit_test(t_levels),
		cmocka_unit_test(t_interest),
		cmocka_unit_test(t_template),
		cmocka_unit_test(t_template_refused),
		cmocka_unit_test(t_builtin),
		cmocka_unit_test(t_qp),
		cmocka_unit_test(t_message),
		cmocka_unit_test(t_mbox),
		cmocka_unit_test(t_run),
		cmocka_unit_test(t_templates_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
