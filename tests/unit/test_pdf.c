/*
 * test_pdf.c - the PDF letters of pdf.h: paper names, pages (a letter
 * starts on a page of its own, a long body runs on to more, the slip
 * takes a page of its own when the body leaves no room), misuse refused,
 * the same letter giving the same bytes with the creation date given,
 * text that is not UTF-8 or holds controls, the logo, a failed write.
 */
#include <cairo.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ar/pdf.h"

static struct ar_pdf_assets *assets;

static int setup(void **state)
{
	(void)state;
	return ar_pdf_assets_new(&assets) == AR_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ar_pdf_assets_free(assets);
	return 0;
}

static ar_date day(const char *iso)
{
	ar_date d = AR_DATE_NONE;
	assert_int_equal(ar_date_parse_iso(iso, strlen(iso), &d), AR_OK);
	return d;
}

static void test_paper(void **state)
{
	enum ar_pdf_paper p;
	(void)state;
	assert_int_equal(ar_pdf_paper_parse("a4", &p), AR_OK);
	assert_int_equal(p, AR_PDF_A4);
	assert_int_equal(ar_pdf_paper_parse("letter", &p), AR_OK);
	assert_int_equal(p, AR_PDF_LETTER);
	assert_int_equal(ar_pdf_paper_parse("A4", &p), AR_EUSAGE);
	assert_int_equal(ar_pdf_paper_parse("legal", &p), AR_EUSAGE);
	assert_int_equal(ar_pdf_paper_parse("", &p), AR_EUSAGE);
}

static const struct ar_pdf_column cols[] = {
	{"Date", 20, AR_PDF_FIXED}, {"Number", 25, AR_PDF_TEXT},
	{"Description", 0, AR_PDF_DESC}, {"Amount", 25, AR_PDF_NUMBER},
};

/* A letter of rows table rows (and a slip when slip) into p. */
static void letter(struct ar_pdf *p, int rows, bool slip, const char *name)
{
	struct ar_pdf_letter l = {
		.company_name = "Harbor Supply Co.",
		.company_address = "1200 Commerce Way\nBakersfield, CA 93301",
		.title = "Statement of account", .to_name = name,
		.to_address = {"100 Main Street", "Springfield, IL 62701"},
		.fields = {{"Customer number", "C1", false},
			   {"Amount due", "USD 1.00", true}},
		.running = "Statement C1",
	};
	struct ar_pdf_slip s = {
		.title = "Remittance advice", .note = "Detach here",
		.fields = {{"Customer number", "C1", false},
			   {"Amount enclosed", NULL, false}},
		.send_to = "PO Box 1\nBakersfield",
	};
	char no[32], amount[32];
	assert_int_equal(ar_pdf_letter_begin(p, &l), AR_OK);
	assert_int_equal(ar_pdf_heading(p, "Open items"), AR_OK);
	assert_int_equal(ar_pdf_table(p, cols, 4, 0), AR_OK);
	for (int i = 0; i < rows; i++) {
		snprintf(no, sizeof(no), "INV-%05d", i);
		snprintf(amount, sizeof(amount), "%d.00", i);
		const char *cells[4] = {"2026-10-01", no, "Widgets", amount};
		assert_int_equal(ar_pdf_row(p, cells, 0), AR_OK);
	}
	const char *total[4] = {"2026-10-31", "Balance", NULL, "1.00"};
	assert_int_equal(ar_pdf_row(p, total, AR_PDF_STRONG | AR_PDF_RULE), AR_OK);
	assert_int_equal(ar_pdf_total(p, "Amount due", "USD 1.00"), AR_OK);
	assert_int_equal(ar_pdf_letter_end(p, slip ? &s : NULL), AR_OK);
}

static struct ar_pdf *open_pdf(FILE *fp, enum ar_pdf_paper paper)
{
	struct ar_pdf *p;
	struct ar_pdf_info info = {paper, day("2026-10-31"), "Test", "Harbor"};
	assert_int_equal(ar_pdf_new(&p, fp, assets, &info), AR_OK);
	return p;
}

/* The pages a letter of rows rows takes. */
static int pages_of(int rows, bool slip, enum ar_pdf_paper paper)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	struct ar_pdf *p = open_pdf(fp, paper);
	letter(p, rows, slip, "Statement Test Co");
	int n = ar_pdf_pages(p);
	assert_int_equal(ar_pdf_finish(p), AR_OK);
	ar_pdf_free(p);
	fclose(fp);
	return n;
}

static void test_pages(void **state)
{
	(void)state;
	assert_int_equal(pages_of(0, true, AR_PDF_A4), 1);
	assert_int_equal(pages_of(5, true, AR_PDF_A4), 1);
	/* more rows never take fewer pages, and enough take several */
	int last = 1, many = 0;
	for (int rows = 10; rows <= 160; rows += 10) {
		int n = pages_of(rows, true, AR_PDF_A4);
		assert_true(n >= last);
		last = n;
		if (rows == 160)
			many = n;
	}
	assert_true(many >= 3);
	/* the slip needs room: somewhere a body fits one page without
	 * it and takes a second with it */
	bool found = false;
	for (int rows = 20; rows <= 60 && !found; rows++)
		found = pages_of(rows, false, AR_PDF_A4) == 1 &&
			pages_of(rows, true, AR_PDF_A4) == 2;
	assert_true(found);
	/* letter paper is shorter: never fewer pages than A4 */
	assert_true(pages_of(100, true, AR_PDF_LETTER) >=
		    pages_of(100, true, AR_PDF_A4));
}

static void test_letters_start_pages(void **state)
{
	(void)state;
	FILE *fp = tmpfile();
	struct ar_pdf *p = open_pdf(fp, AR_PDF_A4);
	letter(p, 1, true, "One");
	assert_int_equal(ar_pdf_pages(p), 1);
	letter(p, 1, true, "Two");
	assert_int_equal(ar_pdf_pages(p), 2);
	assert_int_equal(ar_pdf_finish(p), AR_OK);
	ar_pdf_free(p);
	fclose(fp);
}

static void test_misuse(void **state)
{
	(void)state;
	FILE *fp = tmpfile();
	struct ar_pdf *p = open_pdf(fp, AR_PDF_A4);
	struct ar_pdf_letter l = {.to_name = "X"};
	struct ar_pdf_column many[AR_PDF_MAX_COLUMNS + 1] = {{"c", 0, AR_PDF_TEXT}};
	const char *cells[1] = {"x"};
	assert_int_equal(ar_pdf_letter_end(p, NULL), AR_EUSAGE);
	assert_int_equal(ar_pdf_heading(p, "no letter"), AR_EUSAGE);
	assert_int_equal(ar_pdf_letter_begin(p, &l), AR_OK);
	assert_int_equal(ar_pdf_letter_begin(p, &l), AR_EUSAGE);
	assert_int_equal(ar_pdf_row(p, cells, 0), AR_EUSAGE);	/* no table */
	assert_int_equal(ar_pdf_table(p, many, 0, 0), AR_EUSAGE);
	assert_int_equal(ar_pdf_table(p, many, AR_PDF_MAX_COLUMNS + 1, 0),
			 AR_EUSAGE);
	assert_int_equal(ar_pdf_letter_end(p, NULL), AR_OK);
	assert_int_equal(ar_pdf_finish(p), AR_OK);
	ar_pdf_free(p);
	fclose(fp);
}

/* The whole of a file. */
static char *slurp(FILE *fp, size_t *n)
{
	fflush(fp);
	long size = ftell(fp);
	assert_true(size > 0);
	char *buf = malloc((size_t)size);
	assert_non_null(buf);
	rewind(fp);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	*n = (size_t)size;
	return buf;
}

static bool has(const char *buf, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(buf + i, s, k) == 0)
			return true;
	return false;
}

/* The same letters give the same bytes, dated as given. */
static void test_same_bytes(void **state)
{
	(void)state;
	char *b[2];
	size_t n[2];
	for (int k = 0; k < 2; k++) {
		FILE *fp = tmpfile();
		struct ar_pdf *p = open_pdf(fp, AR_PDF_LETTER);
		letter(p, 70, true, "Άλφα Ωμέγα \xd0\x81\xd0\xbb\xd0\xba\xd0\xb0");
		letter(p, 3, true, "Crème Brûlée");
		assert_int_equal(ar_pdf_finish(p), AR_OK);
		ar_pdf_free(p);
		b[k] = slurp(fp, &n[k]);
		fclose(fp);
		if (k == 0)
			sleep(1);	/* a clock would show */
	}
	assert_int_equal(n[0], n[1]);
	assert_memory_equal(b[0], b[1], n[0]);
	assert_true(n[0] > 5 && memcmp(b[0], "%PDF-", 5) == 0);
	assert_true(has(b[0], n[0], "/CreationDate (20261031"));
	assert_true(has(b[0], n[0], "%%EOF"));
	free(b[0]);
	free(b[1]);
}

/* Text that is not UTF-8, controls, markup: drawn, never a failure. */
static void test_hostile_text(void **state)
{
	(void)state;
	FILE *fp = tmpfile();
	struct ar_pdf *p = open_pdf(fp, AR_PDF_A4);
	letter(p, 2, true, "<b>bold</b> %PDF-1.7 \x01\x1b[31m \xff\xfe\xc3 end");
	assert_int_equal(ar_pdf_pages(p), 1);
	assert_int_equal(ar_pdf_finish(p), AR_OK);
	ar_pdf_free(p);
	fclose(fp);
}

static void test_logo(void **state)
{
	(void)state;
	char png[] = "/tmp/test_pdf_XXXXXX", txt[] = "/tmp/test_pdf_XXXXXX";
	int fd = mkstemp(png), fd2 = mkstemp(txt);
	assert_true(fd >= 0 && fd2 >= 0);
	close(fd);
	assert_int_equal(write(fd2, "not a png\n", 10), 10);
	close(fd2);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 60, 20);
	assert_int_equal(cairo_surface_write_to_png(s, png), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);

	assert_int_equal(ar_pdf_assets_logo(assets, png), AR_OK);
	assert_int_equal(ar_pdf_assets_logo(assets, png), AR_OK);	/* kept */
	assert_int_equal(ar_pdf_assets_logo(assets, txt), AR_EINPUT);
	assert_non_null(strstr(ar_pdf_assets_errmsg(assets), txt));
	assert_int_equal(ar_pdf_assets_logo(assets, "/nonexistent/logo.png"),
			 AR_EINPUT);
	assert_non_null(strstr(ar_pdf_assets_errmsg(assets), "No such file"));

	/* a letter with the logo draws it: the file has an image */
	assert_int_equal(ar_pdf_assets_logo(assets, png), AR_OK);
	FILE *fp = tmpfile();
	struct ar_pdf *p = open_pdf(fp, AR_PDF_A4);
	letter(p, 1, true, "With logo");
	assert_int_equal(ar_pdf_finish(p), AR_OK);
	ar_pdf_free(p);
	size_t n;
	char *b = slurp(fp, &n);
	assert_true(has(b, n, "/Subtype /Image"));
	free(b);
	fclose(fp);
	assert_int_equal(ar_pdf_assets_logo(assets, ""), AR_OK);
	unlink(png);
	unlink(txt);
}

static void test_write_fails(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	struct ar_pdf *p = open_pdf(fp, AR_PDF_A4);
	struct ar_pdf_letter l = {.to_name = "Nowhere"};
	assert_int_equal(ar_pdf_letter_begin(p, &l), AR_OK);
	for (int i = 0; i < 300; i++)
		assert_int_equal(ar_pdf_paragraph(p, "Some text to write", 0), AR_OK);
	/* the pages go out as they are drawn, the rest at the end */
	ar_status st = ar_pdf_letter_end(p, NULL);
	if (st == AR_OK)
		st = ar_pdf_finish(p);
	assert_int_equal(st, AR_ELEDGER);
	assert_int_equal(ar_pdf_errno(p), ENOSPC);
	ar_pdf_free(p);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paper),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_letters_start_pages),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_logo),
		cmocka_unit_test(test_write_fails),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
