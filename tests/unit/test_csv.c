/*
 * test_csv.c - the strict CSV reader (SPEC section 4, "CSV input") and the
 * csv/tsv/json/table writer (SPEC section 3, output formats).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "internal.h"

#include "ar/csv.h"
#include "ar/sha256.h"

/* ------------------------------------------------------------------ */
/* Files in a private temporary directory, removed at exit */

#include "tmpfiles.h"

/* Write len bytes to a new file. */
static const char *write_file(const void *data, size_t len)
{
	return write_bytes(data, len, "csv");
}

/* Readers still open, freed after a test even when an assertion fails. */
static struct ar_csv_reader *open_readers[8];

static struct ar_csv_reader *open_bytes(const void *data, size_t len)
{
	struct ar_csv_reader *r = NULL;
	assert_int_equal(ar_csv_reader_open(&r, write_file(data, len), "t.csv"),
			 AR_OK);
	assert_non_null(r);
	for (size_t i = 0; i < 8; i++)
		if (!open_readers[i]) {
			open_readers[i] = r;
			break;
		}
	return r;
}

static void done(struct ar_csv_reader *r)
{
	for (size_t i = 0; i < 8; i++)
		if (open_readers[i] == r)
			open_readers[i] = NULL;
	ar_csv_reader_free(r);
}

static int free_readers(void **state)
{
	(void)state;
	for (size_t i = 0; i < 8; i++) {
		ar_csv_reader_free(open_readers[i]);
		open_readers[i] = NULL;
	}
	return 0;
}

static struct ar_csv_reader *open_text(const char *s)
{
	return open_bytes(s, strlen(s));
}

/* The next record: it starts on line, is clean and holds the n fields. */
static void record(struct ar_csv_reader *r, long line, size_t n, ...)
{
	va_list ap;
	ar_status st = ar_csv_next(r);
	if (st != AR_OK)
		fail_msg("want a record on line %ld, got status %d (%s)", line,
			 (int)st, ar_csv_errmsg(r));
	if (ar_csv_line(r) != line)
		fail_msg("record on line %ld, want %ld", ar_csv_line(r), line);
	if (ar_csv_row_error(r))
		fail_msg("line %ld: unexpected row error '%s'", line,
			 ar_csv_row_error(r));
	assert_int_equal(ar_csv_nfields(r), n);
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		size_t len = 99;
		const char *got = ar_csv_field(r, i, &len);
		if (strcmp(got, want) != 0 || len != strlen(want))
			fail_msg("line %ld field %zu: '%s' (%zu), want '%s'",
				 line, i + 1, got, len, want);
	}
	va_end(ap);
}

/* The next record carries a row error mentioning what. */
static void bad_record(struct ar_csv_reader *r, long line, const char *what)
{
	ar_status st = ar_csv_next(r);
	if (st != AR_OK)
		fail_msg("want a record on line %ld, got status %d (%s)", line,
			 (int)st, ar_csv_errmsg(r));
	assert_int_equal(ar_csv_line(r), line);
	const char *e = ar_csv_row_error(r);
	if (!e || !strstr(e, what))
		fail_msg("line %ld: row error '%s', want one mentioning '%s'",
			 line, e ? e : "(none)", what);
}

static void at_end(struct ar_csv_reader *r)
{
	ar_status st = ar_csv_next(r);
	if (st != AR_ENOTFOUND)
		fail_msg("want the end of input, got status %d (%s)", (int)st,
			 ar_csv_errmsg(r));
	assert_int_equal(ar_csv_next(r), AR_ENOTFOUND);
}

/* The next call fails with AR_EINPUT and a message holding both texts. */
static void fatal(struct ar_csv_reader *r, const char *what, const char *where)
{
	ar_status st = ar_csv_next(r);
	const char *m = ar_csv_errmsg(r);
	if (st != AR_EINPUT)
		fail_msg("want AR_EINPUT (%s), got status %d", what, (int)st);
	if (!strstr(m, what) || !strstr(m, where))
		fail_msg("message '%s' should mention '%s' and '%s'", m, what,
			 where);
}

/* ------------------------------------------------------------------ */
/* Reader */

static void t_plain(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,b,c\n1,2,3\n4,,6\n");
	assert_string_equal(ar_csv_name(r), "t.csv");
	record(r, 1, 3, "a", "b", "c");
	record(r, 2, 3, "1", "2", "3");
	record(r, 3, 3, "4", "", "6");
	/* past the last field: empty */
	size_t len = 7;
	assert_string_equal(ar_csv_field(r, 3, &len), "");
	assert_int_equal(len, 0);
	at_end(r);
	assert_int_equal(ar_csv_bytes(r), 17);
	assert_int_equal(ar_csv_size(r), 17);
	done(r);
	ar_csv_reader_free(NULL);
}

static void t_name_defaults_to_path(void **state)
{
	struct ar_csv_reader *r = NULL;
	(void)state;
	const char *p = write_file("x\n", 2);
	assert_int_equal(ar_csv_reader_open(&r, p, NULL), AR_OK);
	assert_string_equal(ar_csv_name(r), p);
	ar_csv_reader_free(r);
}

static void t_missing_file(void **state)
{
	struct ar_csv_reader *r = (struct ar_csv_reader *)&r;
	(void)state;
	errno = 0;
	assert_int_equal(ar_csv_reader_open(&r, "/nonexistent/arkit/x.csv",
					    NULL), AR_ELEDGER);
	assert_int_equal(errno, ENOENT);
	assert_null(r);
}

static void t_empty_file(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("");
	at_end(r);
	assert_int_equal(ar_csv_bytes(r), 0);
	done(r);
}

static void t_quoted(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text(
		"id,text\n"
		"1,\"a,b\"\n"
		"2,\"say \"\"hi\"\"\"\n"
		"3,\"line1\nline2\n\nline4\"\n"
		"4,\"\"\n"
		"\"5\",x\n");
	record(r, 1, 2, "id", "text");
	record(r, 2, 2, "1", "a,b");
	record(r, 3, 2, "2", "say \"hi\"");
	/* a record spanning lines is numbered by its first line */
	record(r, 4, 2, "3", "line1\nline2\n\nline4");
	record(r, 8, 2, "4", "");
	record(r, 9, 2, "5", "x");
	at_end(r);
	done(r);
}

/* One record given as KEY=VALUE pairs: a header and one line, quoted
 * where a value needs it, \, and \\ for a comma and a backslash. */
static void t_record(void **state)
{
	struct ar_csv_reader *r = NULL;
	char a[65], b[65];
	(void)state;
	assert_int_equal(ar_csv_reader_open_record(&r, "credit_no=CM-7,"
		"text=say \"hi\"\\, twice,path=c:\\\\x,empty=", "--row"),
		AR_OK);
	assert_string_equal(ar_csv_name(r), "--row");
	record(r, 1, 4, "credit_no", "text", "path", "empty");
	record(r, 2, 4, "CM-7", "say \"hi\", twice", "c:\\x", "");
	at_end(r);
	ar_csv_sha256(r, a);
	ar_csv_reader_free(r);
	/* the same record is the same file */
	assert_int_equal(ar_csv_reader_open_record(&r, "credit_no=CM-7,"
		"text=say \"hi\"\\, twice,path=c:\\\\x,empty=", "--row"),
		AR_OK);
	while (ar_csv_next(r) == AR_OK)
		;
	ar_csv_sha256(r, b);
	assert_string_equal(a, b);
	ar_csv_reader_free(r);
	/* a value may hold '='; a pair needs a key and '=' */
	assert_int_equal(ar_csv_reader_open_record(&r, "a=b=c", "--row"), AR_OK);
	record(r, 1, 1, "a");
	record(r, 2, 1, "b=c");
	ar_csv_reader_free(r);
	r = (struct ar_csv_reader *)&r;
	assert_int_equal(ar_csv_reader_open_record(&r, "a=1,b", "--row"),
			 AR_EUSAGE);
	assert_null(r);
	assert_int_equal(ar_csv_reader_open_record(&r, "=1", "--row"),
			 AR_EUSAGE);
	assert_int_equal(ar_csv_reader_open_record(&r, "", "--row"),
			 AR_EUSAGE);
}

static void t_bom(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("\xef\xbb\xbfname,x\n1,2\n");
	record(r, 1, 2, "name", "x");
	record(r, 2, 2, "1", "2");
	at_end(r);
	done(r);
	/* only at the start: elsewhere it is text */
	r = open_text("a\n\xef\xbb\xbf" "b\n");
	record(r, 1, 1, "a");
	record(r, 2, 1, "\xef\xbb\xbf" "b");
	done(r);
}

static void t_crlf(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n"
					    "\r\n4,5\r\n");
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "2");
	record(r, 3, 2, "x\r\ny", "3");
	record(r, 6, 2, "4", "5");
	at_end(r);
	done(r);
}

static void t_cr_only(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,b\r1,2\r\r\"p\rq\",3\r4,5");
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "2");
	record(r, 4, 2, "p\rq", "3");
	record(r, 6, 2, "4", "5");
	at_end(r);
	done(r);
}

/*
 * Line ends are told from the first one outside quotes: a bare CR inside a
 * quoted field of an LF file is text, not a line end.
 */
static void t_cr_inside_quotes(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("\"x\ry\",b\n1,2\n3,4\n");
	record(r, 1, 2, "x\ry", "b");
	record(r, 2, 2, "1", "2");
	record(r, 3, 2, "3", "4");
	at_end(r);
	done(r);
	/* the same in a CRLF file */
	r = open_text("\"x\ry\",b\r\n1,2\r\n3,4\r\n");
	record(r, 1, 2, "x\ry", "b");
	record(r, 2, 2, "1", "2");
	record(r, 3, 2, "3", "4");
	at_end(r);
	done(r);
}

/*
 * A stray CR in the header of an LF file is part of its field: the file
 * is not read as one with CR line ends (which would make its first data
 * row part of the header).  A stray LF does not make a CR file LF.
 */
static void t_stray_cr(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,\r,b\n1,,2\n3,,4\n");
	record(r, 1, 3, "a", "\r", "b");
	record(r, 2, 3, "1", "", "2");
	record(r, 3, 3, "3", "", "4");
	at_end(r);
	done(r);
	r = open_text("\r,a,b\n,1,2\n");
	record(r, 1, 3, "\r", "a", "b");
	record(r, 2, 3, "", "1", "2");
	at_end(r);
	done(r);
	r = open_text("a,b, \r \n1,2,\n");
	record(r, 1, 3, "a", "b", "\r");	/* libcsv trims spaces */
	record(r, 2, 3, "1", "2", "");
	at_end(r);
	done(r);
	r = open_text("a,b\r1,2\n\r3,4\r");
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "2\n");
	record(r, 3, 2, "3", "4");
	at_end(r);
	done(r);
}

/*
 * Told from the first line: the most frequent of comma, semicolon and
 * tab outside quotes, a tie going in that order; set, it is not told.
 */
static void t_delimiter(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a;b;c\n");
	/* the default stays the comma */
	record(r, 1, 1, "a;b;c");
	done(r);
	r = open_text("a;b;\"c;d\"\n1;\"2,5\";3\n");
	assert_int_equal(ar_csv_set_delimiter(r, 0), AR_OK);
	record(r, 1, 3, "a", "b", "c;d");
	assert_int_equal(ar_csv_delimiter(r), ';');
	record(r, 2, 3, "1", "2,5", "3");
	at_end(r);
	done(r);
	r = open_text("\n\na\tb\t\n1\t2,3\t\n");
	ar_csv_set_delimiter(r, 0);
	record(r, 3, 3, "a", "b", "");
	record(r, 4, 3, "1", "2,3", "");
	at_end(r);
	done(r);
	/* commas in quotes count for nothing; a tie goes to the comma */
	r = open_text("\"x,y,z\";b\n");
	ar_csv_set_delimiter(r, 0);
	record(r, 1, 2, "x,y,z", "b");
	done(r);
	r = open_text("a;b,c\tb\n");
	ar_csv_set_delimiter(r, 0);
	record(r, 1, 2, "a;b", "c\tb");
	done(r);
	r = open_text("name\nx;y\n");
	ar_csv_set_delimiter(r, 0);
	record(r, 1, 1, "name");
	record(r, 2, 1, "x;y");
	assert_int_equal(ar_csv_delimiter(r), ',');
	done(r);
	/* given, it is used whatever the header says */
	r = open_text("a;b|c\n");
	assert_int_equal(ar_csv_set_delimiter(r, '|'), AR_OK);
	record(r, 1, 2, "a;b", "c");
	done(r);
	r = open_text("a;b\n");
	assert_int_equal(ar_csv_set_delimiter(r, 'x'), AR_EUSAGE);
	assert_int_equal(ar_csv_set_delimiter(r, '"'), AR_EUSAGE);
	record(r, 1, 1, "a;b");
	done(r);
}

/* s as UTF-16 (LE or BE) with its byte order mark; *len its size. */
static char *utf16(const char *s, bool le, size_t *len)
{
	size_t n = strlen(s), k = 0;
	unsigned char *o = malloc(2 * n + 3);	/* room for a byte more */
	assert_non_null(o);
	o[k++] = le ? 0xff : 0xfe;
	o[k++] = le ? 0xfe : 0xff;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int more = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
		cp = more == 0 ? c : more == 1 ? c & 0x1f : more == 2 ? c & 0x0f
								 : c & 0x07;
		for (int m = 1; m <= more; m++)
			cp = cp << 6 | ((unsigned char)s[i + m] & 0x3f);
		i += (size_t)more + 1;
		uint16_t u[2] = {(uint16_t)cp, 0};
		int nu = 1;
		if (cp >= 0x10000) {
			u[0] = (uint16_t)(0xd800 + ((cp - 0x10000) >> 10));
			u[1] = (uint16_t)(0xdc00 + ((cp - 0x10000) & 0x3ff));
			nu = 2;
		}
		for (int m = 0; m < nu; m++) {
			o[k++] = (unsigned char)(le ? u[m] & 0xff : u[m] >> 8);
			o[k++] = (unsigned char)(le ? u[m] >> 8 : u[m] & 0xff);
		}
	}
	*len = k;
	return (char *)o;
}

/* A UTF-16 file with its byte order mark reads as its UTF-8 would. */
static void t_utf16(void **state)
{
	static const char text[] = "id,text\r\n1,Caf\xc3\xa9\r\n"
				   "2,\"\xe2\x82\xac 5, \xf0\x9f\x98\x80\"\r\n";
	size_t len;
	(void)state;
	for (int le = 0; le < 2; le++) {
		char *data = utf16(text, le, &len);
		struct ar_csv_reader *r = open_bytes(data, len);
		record(r, 1, 2, "id", "text");
		record(r, 2, 2, "1", "Caf\xc3\xa9");
		record(r, 3, 2, "2", "\xe2\x82\xac 5, \xf0\x9f\x98\x80");
		at_end(r);
		/* the digest is of the bytes of the file */
		char hex[65], want[65];
		struct ar_sha256 c;
		ar_sha256_init(&c);
		ar_sha256_update(&c, data, len);
		ar_sha256_hex(&c, want);
		ar_csv_sha256(r, hex);
		assert_string_equal(hex, want);
		assert_int_equal(ar_csv_bytes(r), len);
		done(r);
		free(data);
	}
}

/* Larger than a read, with characters of 1 to 4 bytes across the edges. */
static void t_utf16_large(void **state)
{
	size_t rows = 20000, n = 0, len;
	char *text = malloc(rows * 40 + 16);
	char want[64];
	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "n;text\n");
	for (size_t i = 0; i < rows; i++)
		n += (size_t)sprintf(text + n, "%zu;%.*s\xc3\xa9\xe2\x82\xac"
				     "\xf0\x9f\x98\x80\n", i, (int)(i % 3), "ab");
	char *data = utf16(text, true, &len);
	struct ar_csv_reader *r = open_bytes(data, len);
	ar_csv_set_delimiter(r, 0);
	record(r, 1, 2, "n", "text");
	for (size_t i = 0; i < rows; i++) {
		char num[24];
		snprintf(num, sizeof(num), "%zu", i);
		snprintf(want, sizeof(want), "%.*s\xc3\xa9\xe2\x82\xac"
			 "\xf0\x9f\x98\x80", (int)(i % 3), "ab");
		record(r, (long)i + 2, 2, num, want);
	}
	at_end(r);
	done(r);
	free(data);
	free(text);
}

/* UTF-16 that is not: half a character at the end, a lone surrogate. */
static void t_utf16_bad(void **state)
{
	size_t len;
	(void)state;
	char *data = utf16("a,b\n1,2\n", true, &len);
	data[len++] = 'x';
	struct ar_csv_reader *r = open_bytes(data, len);
	/* the rows before it are read; the file does not end well */
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "2");
	fatal(r, "half a character", "t.csv");
	/* and no more after it */
	assert_int_equal(ar_csv_next(r), AR_ENOTFOUND);
	done(r);
	free(data);
	static const char lone[] = "\xff\xfe" "a\0,\0" "\x00\xd8" "b\0\n\0";
	r = open_bytes(lone, sizeof(lone) - 1);
	fatal(r, "lone surrogate", "byte 7");
	done(r);
	/* without a byte order mark it is not told: NUL bytes */
	static const char nobom[] = "a\0,\0b\0\n\0";
	r = open_bytes(nobom, sizeof(nobom) - 1);
	bad_record(r, 1, "NUL byte");
	done(r);
}

static void t_blank_lines(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("\na,b\n\n1,2\n\n\n3,4\n\n");
	record(r, 2, 2, "a", "b");
	record(r, 4, 2, "1", "2");
	record(r, 7, 2, "3", "4");
	at_end(r);
	done(r);
}

static void t_no_final_newline(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,b\n1,2");
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "2");
	at_end(r);
	done(r);
	r = open_text("a,b\r\n1,\"x\ny\"");
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "x\ny");
	at_end(r);
	done(r);
}

static void t_nul_byte(void **state)
{
	(void)state;
	static const char data[] = "a,b\n1,x\0y\n2,z\n";
	struct ar_csv_reader *r = open_bytes(data, sizeof(data) - 1);
	record(r, 1, 2, "a", "b");
	bad_record(r, 2, "NUL");
	assert_non_null(strstr(ar_csv_row_error(r), "field 2"));
	/* a row error spoils that row only */
	record(r, 3, 2, "2", "z");
	at_end(r);
	done(r);
}

static void t_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xc0\xaf",			/* overlong '/' */
		"\xc1\xbf",			/* overlong */
		"\xe0\x80\xaf",			/* overlong, three bytes */
		"\xf0\x80\x80\xaf",		/* overlong, four bytes */
		"\xed\xa0\x80",			/* surrogate U+D800 */
		"\xed\xbf\xbf",			/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",		/* above U+10FFFF */
		"\xf5\x80\x80\x80",
		"\x80",				/* lone continuation byte */
		"ab\xbf",
		"\xff",
		"\xc3",				/* truncated at the end */
		"abc\xe2\x82",			/* truncated at the end */
		"\xe2\x82x",			/* truncated mid-field */
		"\xc3(",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char data[64];
		/* the bad text ends its field, then a good field follows */
		int n = snprintf(data, sizeof(data), "a,b\n%s,ok\n1,2\n", bad[i]);
		struct ar_csv_reader *r = open_bytes(data, (size_t)n);
		record(r, 1, 2, "a", "b");
		bad_record(r, 2, "UTF-8");
		record(r, 3, 2, "1", "2");
		done(r);
		/* and as the very last bytes of the file */
		n = snprintf(data, sizeof(data), "a\n%s", bad[i]);
		r = open_bytes(data, (size_t)n);
		record(r, 1, 1, "a");
		bad_record(r, 2, "UTF-8");
		done(r);
	}
}

static void t_valid_utf8(void **state)
{
	(void)state;
	/* two, three and four byte sequences at their limits */
	struct ar_csv_reader *r = open_text(
		"caf\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80,\xc2\x80,"
		"\xef\xbf\xbf,\xf4\x8f\xbf\xbf,\xed\x9f\xbf,\xee\x80\x80\n");
	record(r, 1, 8, "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
	       "\xc2\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf",
	       "\xee\x80\x80");
	at_end(r);
	done(r);
}

/* "h\n" then a field of n 'x' (quoted or not), then "\nlast\n". */
static char *long_field(size_t n, bool quoted, size_t *len)
{
	char *s = malloc(n + 16);
	size_t k = 0;
	assert_non_null(s);
	memcpy(s, "h\n", 2), k = 2;
	if (quoted)
		s[k++] = '"';
	memset(s + k, 'x', n), k += n;
	if (quoted)
		s[k++] = '"';
	memcpy(s + k, "\nlast\n", 6), k += 6;
	*len = k;
	return s;
}

static void t_field_64k(void **state)
{
	(void)state;
	for (int quoted = 0; quoted < 2; quoted++) {
		size_t len, flen;
		char *s = long_field(AR_CSV_FIELD_MAX, quoted, &len);
		struct ar_csv_reader *r = open_bytes(s, len);
		record(r, 1, 1, "h");
		assert_int_equal(ar_csv_next(r), AR_OK);
		assert_null(ar_csv_row_error(r));
		assert_int_equal(ar_csv_line(r), 2);
		const char *f = ar_csv_field(r, 0, &flen);
		assert_int_equal(flen, AR_CSV_FIELD_MAX);
		assert_int_equal(strspn(f, "x"), AR_CSV_FIELD_MAX);
		record(r, 3, 1, "last");
		at_end(r);
		done(r);
		free(s);
	}
}

static void t_field_too_long(void **state)
{
	static const size_t sizes[] = {AR_CSV_FIELD_MAX + 1,
				       AR_CSV_FIELD_MAX + 1000,
				       AR_CSV_FIELD_MAX + 5000,
				       4 * AR_CSV_FIELD_MAX};
	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int quoted = 0; quoted < 2; quoted++) {
			size_t len;
			char *s = long_field(sizes[i], quoted, &len);
			struct ar_csv_reader *r = open_bytes(s, len);
			record(r, 1, 1, "h");
			fatal(r, "longer than", "t.csv:2");
			/* nothing can be read after it */
			assert_int_equal(ar_csv_next(r), AR_ENOTFOUND);
			done(r);
			free(s);
		}
}

static void t_unterminated_quote(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,b\n1,\"abc\n2,3\n4,5\n");
	record(r, 1, 2, "a", "b");
	fatal(r, "unterminated", "t.csv:2");
	assert_int_equal(ar_csv_next(r), AR_ENOTFOUND);
	done(r);
	/* in the header row as well */
	r = open_text("\"a,b\n");
	fatal(r, "unterminated", "t.csv:1");
	done(r);
}

static void t_malformed_quoting(void **state)
{
	static const char *const bad[] = {
		"a,b\n1,ab\"c\n",		/* a quote inside an unquoted field */
		"a,b\n1,x\"\n",
		"a,b\n1,\"ab\"c\n",		/* text after a closing quote */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ar_csv_reader *r = open_text(bad[i]);
		record(r, 1, 2, "a", "b");
		fatal(r, "quot", "t.csv:2");
		done(r);
	}
}

static void t_field_count(void **state)
{
	(void)state;
	struct ar_csv_reader *r = open_text("a,b,c\n1,2,3\n1,2\n1,2,3,4\n\"x\",\"y\",\"z\"\n");
	record(r, 1, 3, "a", "b", "c");
	ar_csv_expect_fields(r, ar_csv_nfields(r));
	record(r, 2, 3, "1", "2", "3");
	bad_record(r, 3, "expected 3 fields, found 2");
	bad_record(r, 4, "expected 3 fields, found 4");
	record(r, 5, 3, "x", "y", "z");
	at_end(r);
	done(r);
}

static void t_sha256(void **state)
{
	static const char data[] = "id,name\n1,Acme\n2,\"Beta, Inc\"\n";
	char hex[65];
	(void)state;
	struct ar_csv_reader *r = open_text(data);
	record(r, 1, 2, "id", "name");
	record(r, 2, 2, "1", "Acme");
	record(r, 3, 2, "2", "Beta, Inc");
	at_end(r);
	/* sha256sum of the same bytes */
	ar_csv_sha256(r, hex);
	assert_string_equal(hex, "9d19e3f57654bb68e8e77cfb3199ffcd"
				 "15cd22c745778c765e01ab7e9aa44a8c");
	/* asking twice gives the same answer */
	ar_csv_sha256(r, hex);
	assert_string_equal(hex, "9d19e3f57654bb68e8e77cfb3199ffcd"
				 "15cd22c745778c765e01ab7e9aa44a8c");
	assert_int_equal(ar_csv_bytes(r), 29);
	assert_int_equal(ar_csv_size(r), 29);
	done(r);

	/* the digest is of the bytes as they are: BOM and CRs included */
	r = open_text("\xef\xbb\xbf" "a,b\r\n1,2\r\n");
	record(r, 1, 2, "a", "b");
	record(r, 2, 2, "1", "2");
	at_end(r);
	ar_csv_sha256(r, hex);
	assert_string_equal(hex, "12d55567496e2714a23469371b5888bb"
				 "9d0fb803d52b770c7c08ced31826d2d9");
	done(r);
}

/* The digest of the whole file, asked for before reading it. */
static void t_file_sha256(void **state)
{
	static const char data[] = "id,name\n1,Acme\n2,\"Beta, Inc\"\n";
	char hex[65];
	(void)state;
	struct ar_csv_reader *r = open_text(data);
	assert_int_equal(ar_csv_file_sha256(r, hex), AR_OK);
	assert_string_equal(hex, "9d19e3f57654bb68e8e77cfb3199ffcd"
				 "15cd22c745778c765e01ab7e9aa44a8c");
	/* the reader has not moved */
	assert_int_equal(ar_csv_bytes(r), 0);
	record(r, 1, 2, "id", "name");
	record(r, 2, 2, "1", "Acme");
	/* asked again half way, still the whole file */
	assert_int_equal(ar_csv_file_sha256(r, hex), AR_OK);
	assert_string_equal(hex, "9d19e3f57654bb68e8e77cfb3199ffcd"
				 "15cd22c745778c765e01ab7e9aa44a8c");
	record(r, 3, 2, "2", "Beta, Inc");
	at_end(r);
	done(r);
}

/* A file larger than one read: the digest still covers every byte. */
static void t_sha256_large(void **state)
{
	size_t rows = 40000, len = 0;
	char *data = malloc(rows * 24 + 16);
	char hex[65], want[65];
	struct ar_sha256 c;
	(void)state;
	assert_non_null(data);
	len += (size_t)sprintf(data, "n,text\n");
	for (size_t i = 0; i < rows; i++)
		len += (size_t)sprintf(data + len, "%zu,row %zu\n", i, i);
	ar_sha256_init(&c);
	ar_sha256_update(&c, data, len);
	ar_sha256_hex(&c, want);

	struct ar_csv_reader *r = open_bytes(data, len);
	record(r, 1, 2, "n", "text");
	for (size_t i = 0; i < rows; i++) {
		char a[24], b[32];
		snprintf(a, sizeof(a), "%zu", i);
		snprintf(b, sizeof(b), "row %zu", i);
		record(r, (long)i + 2, 2, a, b);
	}
	at_end(r);
	ar_csv_sha256(r, hex);
	assert_string_equal(hex, want);
	assert_int_equal(ar_csv_bytes(r), len);
	done(r);
	free(data);
}

static void t_normalize(void **state)
{
	char out[64];
	(void)state;
	ar_csv_normalize("Invoice #", out, sizeof(out));
	assert_string_equal(out, "invoice");
	ar_csv_normalize("Customer_ID", out, sizeof(out));
	assert_string_equal(out, "customerid");
	ar_csv_normalize("due-date", out, sizeof(out));
	assert_string_equal(out, "duedate");
	ar_csv_normalize("  Invoice Number  ", out, sizeof(out));
	assert_string_equal(out, "invoicenumber");
	ar_csv_normalize("INV_NO", out, sizeof(out));
	assert_string_equal(out, "invno");
	ar_csv_normalize("", out, sizeof(out));
	assert_string_equal(out, "");
	ar_csv_normalize("#_- ", out, sizeof(out));
	assert_string_equal(out, "");
	/* punctuation of every kind is no part of a name either */
	ar_csv_normalize("Account No.", out, sizeof(out));
	assert_string_equal(out, "accountno");
	ar_csv_normalize("E-mail (work)", out, sizeof(out));
	assert_string_equal(out, "emailwork");
	ar_csv_normalize("Caf\xc3\xa9 #1", out, sizeof(out));
	assert_string_equal(out, "caf\xc3\xa9" "1");
	/* white space of every kind, no-break spaces and byte order marks
	 * are not part of a name */
	ar_csv_normalize("\r", out, sizeof(out));
	assert_string_equal(out, "");
	ar_csv_normalize(" \t\r\n\v\f", out, sizeof(out));
	assert_string_equal(out, "");
	ar_csv_normalize("Amount\r", out, sizeof(out));
	assert_string_equal(out, "amount");
	ar_csv_normalize("\xc2\xa0" "Due\xc2\xa0" "Date\xc2\xa0", out, sizeof(out));
	assert_string_equal(out, "duedate");
	ar_csv_normalize("\xef\xbb\xbf" "Invoice No", out, sizeof(out));
	assert_string_equal(out, "invoiceno");
	ar_csv_normalize("\xef\xbb\xbf", out, sizeof(out));
	assert_string_equal(out, "");
	/* other letters are kept, a cut sequence too */
	ar_csv_normalize("Caf\xc3\xa9", out, sizeof(out));
	assert_string_equal(out, "caf\xc3\xa9");
	ar_csv_normalize("x\xc2", out, sizeof(out));
	assert_string_equal(out, "x\xc2");
	ar_csv_normalize("x\xef\xbb", out, sizeof(out));
	assert_string_equal(out, "x\xef\xbb");
	/* never more than outsz - 1 bytes and a NUL */
	memset(out, '!', sizeof(out));
	ar_csv_normalize("ABCDEFGH", out, 5);
	assert_string_equal(out, "abcd");
	assert_int_equal(out[5], '!');
}

/* ------------------------------------------------------------------ */
/* Writer */

struct sink {
	FILE *fp;
	char *buf;
	size_t len;
};

static void sink_open(struct sink *s)
{
	s->buf = NULL;
	s->len = 0;
	s->fp = open_memstream(&s->buf, &s->len);
	assert_non_null(s->fp);
}

static void sink_close(struct sink *s)
{
	fclose(s->fp);
	free(s->buf);
}

static const struct ar_column cols4[] = {
	{"name", AR_COL_TEXT},
	{"due", AR_COL_DATE},
	{"days", AR_COL_INT},
	{"amount", AR_COL_MONEY},
};

/* The two rows and totals row used for every format. */
static void write_sample(struct ar_writer *w)
{
	ar_writer_text(w, "Acme Corp");
	ar_writer_date(w, ar_date_from_ymd(2025, 3, 15));
	ar_writer_int(w, 5);
	ar_writer_money(w, 123456, 2);
	assert_int_equal(ar_writer_end_row(w), AR_OK);
	ar_writer_text(w, "Bo");
	ar_writer_date(w, AR_DATE_NONE);
	ar_writer_int(w, -12);
	ar_writer_money(w, -5, 2);
	assert_int_equal(ar_writer_end_row(w), AR_OK);
	ar_writer_totals(w);
	ar_writer_text(w, "total");
	ar_writer_null(w);
	ar_writer_null(w);
	ar_writer_money(w, 123451, 2);
	assert_int_equal(ar_writer_end_row(w), AR_OK);
}

static void written(enum ar_format fmt, unsigned flags, const char *want)
{
	struct sink s;
	struct ar_writer *w = NULL;
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, fmt, cols4, 4, flags), AR_OK);
	write_sample(w);
	assert_int_equal(ar_writer_finish(w), AR_OK);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf, want);
	sink_close(&s);
}

static void t_format_parse(void **state)
{
	enum ar_format f = AR_FMT_TABLE;
	(void)state;
	assert_int_equal(ar_format_parse("csv", &f), AR_OK);
	assert_int_equal(f, AR_FMT_CSV);
	assert_int_equal(ar_format_parse("tsv", &f), AR_OK);
	assert_int_equal(f, AR_FMT_TSV);
	assert_int_equal(ar_format_parse("json", &f), AR_OK);
	assert_int_equal(f, AR_FMT_JSON);
	assert_int_equal(ar_format_parse("table", &f), AR_OK);
	assert_int_equal(f, AR_FMT_TABLE);
	assert_int_equal(ar_format_parse("xml", &f), AR_EUSAGE);
	assert_int_equal(ar_format_parse("", &f), AR_EUSAGE);
	assert_int_equal(ar_format_parse("csvx", &f), AR_EUSAGE);
	ar_writer_free(NULL);
}

static void t_csv_out(void **state)
{
	(void)state;
	/* plain amounts, no grouping; the totals row is left out */
	written(AR_FMT_CSV, 0,
		"name,due,days,amount\n"
		"Acme Corp,2025-03-15,5,1234.56\n"
		"Bo,,-12,-0.05\n");
}

static void t_csv_quoting(void **state)
{
	static const struct ar_column c[] = {{"t", AR_COL_TEXT},
					     {"u", AR_COL_TEXT}};
	struct sink s;
	struct ar_writer *w;
	(void)state;
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_CSV, c, 2, 0), AR_OK);
	ar_writer_text(w, "a,b");
	ar_writer_text(w, "say \"hi\"");
	ar_writer_end_row(w);
	ar_writer_text(w, "two\nlines");
	ar_writer_text(w, "cr\rhere");
	ar_writer_end_row(w);
	ar_writer_text(w, " spaced ");
	ar_writer_text(w, "it's; fine\t");
	ar_writer_end_row(w);
	ar_writer_text(w, "=1+2");		/* no prefix without the flag */
	ar_writer_text(w, "caf\xc3\xa9");
	ar_writer_end_row(w);
	ar_writer_text(w, "only one");		/* a short row is padded */
	ar_writer_end_row(w);
	assert_int_equal(ar_writer_finish(w), AR_OK);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf,
		"t,u\n"
		"\"a,b\",\"say \"\"hi\"\"\"\n"
		"\"two\nlines\",\"cr\rhere\"\n"
		" spaced ,it's; fine\t\n"
		"=1+2,caf\xc3\xa9\n"
		"only one,\n");
	sink_close(&s);
}

static void t_csv_excel_safe(void **state)
{
	static const struct ar_column c[] = {{"t", AR_COL_TEXT},
					     {"amount", AR_COL_MONEY},
					     {"n", AR_COL_INT}};
	static const struct {
		const char *in, *out;
	} v[] = {
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@cmd", "'@cmd"},
		{"\tx", "'\tx"},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"1-2", "1-2"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sink s;
		struct ar_writer *w;
		char want[128];
		sink_open(&s);
		assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_CSV, c, 3,
					       AR_OUT_EXCEL_SAFE), AR_OK);
		ar_writer_text(w, v[i].in);
		ar_writer_money(w, -500, 2);	/* a number, never prefixed */
		ar_writer_int(w, -3);
		ar_writer_end_row(w);
		ar_writer_finish(w);
		ar_writer_free(w);
		fflush(s.fp);
		snprintf(want, sizeof(want), "t,amount,n\n%s,-5.00,-3\n", v[i].out);
		assert_string_equal(s.buf, want);
		sink_close(&s);
	}
}

/*
 * A prefixed cell that also needs quoting: the quote goes inside the
 * quoted field, or the row is no longer valid CSV.
 */
static void t_csv_excel_safe_quoted(void **state)
{
	static const struct ar_column c[] = {{"t", AR_COL_TEXT}};
	static const struct {
		const char *in, *out;
	} v[] = {
		{"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
		{"=A1,B1", "\"'=A1,B1\""},
		{"\rx", "\"'\rx\""},
		{"-1\n2", "\"'-1\n2\""},
	};
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sink s;
		struct ar_writer *w;
		char want[128];
		sink_open(&s);
		assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_CSV, c, 1,
					       AR_OUT_EXCEL_SAFE), AR_OK);
		ar_writer_text(w, v[i].in);
		ar_writer_end_row(w);
		ar_writer_finish(w);
		ar_writer_free(w);
		fflush(s.fp);
		snprintf(want, sizeof(want), "t\n%s\n", v[i].out);
		if (strcmp(s.buf, want) != 0) {
			print_error("excel-safe csv of '%s': got '%s', want "
				    "'%s'\n", v[i].in, s.buf, want);
			bad++;
		}
		sink_close(&s);
	}
	assert_int_equal(bad, 0);
}

/*
 * What a terminal would act on becomes '?': C0 controls (ESC, BEL, tab,
 * newline), DEL, C1 controls in UTF-8 (C2 80..C2 9F), characters that
 * reorder text, and bytes that are not UTF-8; the rest is kept.
 */
static void t_text_printable(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{"plain", "plain"},
		{"a\033[2Jb", "a?[2Jb"},
		{"bel\007", "bel?"},
		{"t\tn\nr\r", "t?n?r?"},
		{"del\177", "del?"},
		{"c1 \xc2\x80 \xc2\x9b \xc2\x9f", "c1 ? ? ?"},
		{"nbsp \xc2\xa0 kept", "nbsp \xc2\xa0 kept"},
		{"caf\xc3\xa9 \xe6\x9d\xb1 \xf0\x9f\x9a\x80", "caf\xc3\xa9 \xe6\x9d\xb1 \xf0\x9f\x9a\x80"},
		{"rlo \xe2\x80\xae x", "rlo ? x"},
		{"bad \xff\xc3", "bad ??"},
		{"", ""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", v[i].in);
		ar_text_printable(buf);
		assert_string_equal(buf, v[i].out);
	}
}

/* A table shows a cell's controls as '?'; csv keeps the bytes. */
/* A table cut to fit says what it left out, and how to see it only as
 * the caller says. */
static void t_table_fit_note(void **state)
{
	static const struct ar_column c[] = {
		{"name", AR_COL_TEXT}, {"amount", AR_COL_MONEY},
		{"collector", AR_COL_TEXT}, {"phone", AR_COL_TEXT},
	};
	static const char *const show_all[] = {"--wide", NULL};
	static const char *const want[] = {
		"Left out to fit the terminal (--wide shows them): collector, "
		"phone",
		"Left out to fit the terminal: collector, phone",
	};
	(void)state;
	for (int k = 0; k < 2; k++) {
		struct sink s;
		struct ar_writer *w;
		sink_open(&s);
		assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_TABLE, c, 4, 0),
				 AR_OK);
		ar_writer_set_width(w, 30, show_all[k]);
		ar_writer_text(w, "Acme Corp");
		ar_writer_money(w, 123456, 2);
		ar_writer_text(w, "Dana Whitfield-Okonkwo");
		ar_writer_text(w, "+1 555 0100 extension 42");
		assert_int_equal(ar_writer_end_row(w), AR_OK);
		assert_int_equal(ar_writer_finish(w), AR_OK);
		ar_writer_free(w);
		fflush(s.fp);
		/* the note, wrapped to the width: compare it unwrapped */
		for (char *p = s.buf; *p; p++)
			if (*p == '\n')
				*p = ' ';
		assert_non_null(strstr(s.buf, want[k]));
		sink_close(&s);
	}
}

static void t_table_controls(void **state)
{
	static const struct ar_column c[] = {{"name", AR_COL_TEXT},
					     {"amount", AR_COL_MONEY}};
	struct sink s;
	struct ar_writer *w;
	(void)state;
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_TABLE, c, 2, 0), AR_OK);
	ar_writer_caption(w, "as of \033]0;x\007");
	ar_writer_text(w, "Evil\033[2J\007\xc2\x9b Co");
	ar_writer_money(w, -1250, 2);
	ar_writer_end_row(w);
	ar_writer_finish(w);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf, "as of ?]0;x?\n"
			    "name           amount\n"
			    "Evil?[2J?? Co  -12.50\n");
	sink_close(&s);

	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_CSV, c, 2, 0), AR_OK);
	ar_writer_text(w, "Evil\033[2J\007");
	ar_writer_money(w, -1250, 2);
	ar_writer_end_row(w);
	ar_writer_finish(w);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf, "name,amount\nEvil\033[2J\007,-12.50\n");
	sink_close(&s);
}

static void t_tsv_out(void **state)
{
	static const struct ar_column c[] = {{"t", AR_COL_TEXT},
					     {"amount", AR_COL_MONEY}};
	struct sink s;
	struct ar_writer *w;
	(void)state;
	written(AR_FMT_TSV, 0,
		"name\tdue\tdays\tamount\n"
		"Acme Corp\t2025-03-15\t5\t1234.56\n"
		"Bo\t\t-12\t-0.05\n");
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_TSV, c, 2,
				       AR_OUT_EXCEL_SAFE), AR_OK);
	ar_writer_text(w, "a\tb\nc\rd\\e,\"f\"");
	ar_writer_money(w, 100, 2);
	ar_writer_end_row(w);
	ar_writer_text(w, "=cmd");
	ar_writer_money(w, -100, 2);
	ar_writer_end_row(w);
	ar_writer_finish(w);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf,
		"t\tamount\n"
		"a\\tb\\nc\\rd\\\\e,\"f\"\t1.00\n"
		"'=cmd\t-1.00\n");
	sink_close(&s);
}

static void t_json_out(void **state)
{
	static const struct ar_column c[] = {{"text", AR_COL_TEXT},
					     {"n", AR_COL_INT},
					     {"amount", AR_COL_MONEY},
					     {"day", AR_COL_DATE}};
	struct sink s;
	struct ar_writer *w;
	(void)state;
	written(AR_FMT_JSON, 0,
		"{\"name\":\"Acme Corp\",\"due\":\"2025-03-15\",\"days\":5,"
		"\"amount\":1234.56}\n"
		"{\"name\":\"Bo\",\"due\":null,\"days\":-12,\"amount\":-0.05}\n");

	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_JSON, c, 4, 0), AR_OK);
	ar_writer_text(w, "q\"b\\s/n\nt\tr\rc\x01\x1f caf\xc3\xa9");
	ar_writer_int(w, INT64_MIN);
	ar_writer_money(w, 100000, 3);
	ar_writer_date(w, 0);
	ar_writer_end_row(w);
	ar_writer_null(w);
	ar_writer_end_row(w);		/* the rest are null too */
	ar_writer_text(w, "12");	/* text stays a string */
	ar_writer_int(w, 0);
	ar_writer_money(w, 7, 0);
	ar_writer_null(w);
	ar_writer_end_row(w);
	ar_writer_finish(w);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf,
		"{\"text\":\"q\\\"b\\\\s/n\\nt\\tr\\rc\\u0001\\u001f caf\xc3\xa9\","
		"\"n\":-9223372036854775808,\"amount\":100.000,"
		"\"day\":\"1970-01-01\"}\n"
		"{\"text\":null,\"n\":null,\"amount\":null,\"day\":null}\n"
		"{\"text\":\"12\",\"n\":0,\"amount\":7,\"day\":null}\n");
	sink_close(&s);
}

static void t_table_out(void **state)
{
	char want[1024];
	(void)state;
	/* text and dates left, numbers right, a rule over the totals,
	 * thousands separators on money */
	snprintf(want, sizeof(want),
		 "%-9s  %-10s  %4s  %8s\n"
		 "%-9s  %-10s  %4s  %8s\n"
		 "%-9s  %-10s  %4s  %8s\n"
		 "---------  ----------  ----  --------\n"
		 "%-9s  %-10s  %4s  %8s\n",
		 "name", "due", "days", "amount",
		 "Acme Corp", "2025-03-15", "5", "1,234.56",
		 "Bo", "", "-12", "-0.05",
		 "total", "", "", "1,234.51");
	written(AR_FMT_TABLE, 0, want);
}

static void t_table_details(void **state)
{
	static const struct ar_column c[] = {{"customer", AR_COL_TEXT},
					     {"balance", AR_COL_MONEY},
					     {"note", AR_COL_TEXT}};
	struct sink s;
	struct ar_writer *w;
	(void)state;
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_TABLE, c, 3, 0), AR_OK);
	assert_int_equal(ar_writer_caption(w, "buckets: 1-30 31-60"), AR_OK);
	ar_writer_text(w, "Caf\xc3\xa9 Z\xc3\xbcrich");	/* 11 columns wide */
	ar_writer_money(w, 123456789, 2);
	ar_writer_text(w, "x");
	ar_writer_end_row(w);
	ar_writer_text(w, "B");
	ar_writer_money(w, -100000, 2);
	ar_writer_text(w, "longer note");
	ar_writer_end_row(w);
	/* nothing is written before finish */
	fflush(s.fp);
	assert_int_equal(s.len, 0);
	assert_int_equal(ar_writer_finish(w), AR_OK);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf,
		"buckets: 1-30 31-60\n"
		"customer          balance  note\n"
		"Caf\xc3\xa9 Z\xc3\xbcrich  1,234,567.89  x\n"
		"B               -1,000.00  longer note\n");
	sink_close(&s);
}

static void t_table_empty(void **state)
{
	static const struct ar_column c[] = {{"a", AR_COL_TEXT},
					     {"amount", AR_COL_MONEY}};
	struct sink s;
	struct ar_writer *w;
	(void)state;
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_TABLE, c, 2, 0), AR_OK);
	assert_int_equal(ar_writer_finish(w), AR_OK);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf, "a  amount\n");
	sink_close(&s);

	/* csv with no rows still has its header */
	sink_open(&s);
	assert_int_equal(ar_writer_new(&w, s.fp, AR_FMT_CSV, c, 2, 0), AR_OK);
	assert_int_equal(ar_writer_caption(w, "ignored"), AR_OK);
	assert_int_equal(ar_writer_finish(w), AR_OK);
	ar_writer_free(w);
	fflush(s.fp);
	assert_string_equal(s.buf, "a,amount\n");
	sink_close(&s);
}

/* A full disk is an error, not silence. */
static void t_write_error(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	struct ar_writer *w;
	assert_int_equal(ar_writer_new(&w, fp, AR_FMT_CSV, cols4, 4, 0), AR_OK);
	assert_int_equal(ar_writer_errno(w), 0);
	write_sample(w);
	assert_int_equal(ar_writer_finish(w), AR_ELEDGER);
	/* why, for the command to say with the output's name */
	assert_int_equal(ar_writer_errno(w), ENOSPC);
	ar_writer_free(w);
	fclose(fp);
	assert_int_equal(ar_writer_errno(NULL), 0);
}

/* The columns text takes on a terminal: the one rule of -f table and the
 * statements. */
static void t_text_width(void **state)
{
	(void)state;
	assert_int_equal(ar__text_width(NULL), 0);
	assert_int_equal(ar__text_width("Alder"), 5);
	assert_int_equal(ar__text_width("Cr\xc3\xa8me"), 5);	/* è */
	assert_int_equal(ar__text_width("e\xcc\x81"), 1);	/* e + combining acute */
	assert_int_equal(ar__text_width("\xe6\x9d\xb1\xe4\xba\xac"), 4);	/* 東京 */
	assert_int_equal(ar__text_width("\xef\xbc\xa1"), 2);	/* fullwidth A */
	assert_int_equal(ar__text_width("a\x01" "b"), 3);	/* a control: '?' */
	assert_int_equal(ar__char_width(0x4e00), 2);
	assert_int_equal(ar__char_width(0x0301), 0);
	assert_int_equal(ar__char_width('x'), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_text_width),
		cmocka_unit_test_teardown(t_plain, free_readers),
		cmocka_unit_test_teardown(t_name_defaults_to_path, free_readers),
		cmocka_unit_test_teardown(t_missing_file, free_readers),
		cmocka_unit_test_teardown(t_empty_file, free_readers),
		cmocka_unit_test_teardown(t_quoted, free_readers),
		cmocka_unit_test_teardown(t_record, free_readers),
		cmocka_unit_test_teardown(t_bom, free_readers),
		cmocka_unit_test_teardown(t_crlf, free_readers),
		cmocka_unit_test_teardown(t_cr_only, free_readers),
		cmocka_unit_test_teardown(t_cr_inside_quotes, free_readers),
		cmocka_unit_test_teardown(t_stray_cr, free_readers),
		cmocka_unit_test_teardown(t_delimiter, free_readers),
		cmocka_unit_test_teardown(t_utf16, free_readers),
		cmocka_unit_test_teardown(t_utf16_large, free_readers),
		cmocka_unit_test_teardown(t_utf16_bad, free_readers),
		cmocka_unit_test_teardown(t_blank_lines, free_readers),
		cmocka_unit_test_teardown(t_no_final_newline, free_readers),
		cmocka_unit_test_teardown(t_nul_byte, free_readers),
		cmocka_unit_test(t_table_fit_note),
		cmocka_unit_test_teardown(t_invalid_utf8, free_readers),
		cmocka_unit_test_teardown(t_valid_utf8, free_readers),
		cmocka_unit_test_teardown(t_field_64k, free_readers),
		cmocka_unit_test_teardown(t_field_too_long, free_readers),
		cmocka_unit_test_teardown(t_unterminated_quote, free_readers),
		cmocka_unit_test_teardown(t_malformed_quoting, free_readers),
		cmocka_unit_test_teardown(t_field_count, free_readers),
		cmocka_unit_test_teardown(t_sha256, free_readers),
		cmocka_unit_test_teardown(t_file_sha256, free_readers),
		cmocka_unit_test_teardown(t_sha256_large, free_readers),
		cmocka_unit_test_teardown(t_normalize, free_readers),
		cmocka_unit_test_teardown(t_format_parse, free_readers),
		cmocka_unit_test_teardown(t_csv_out, free_readers),
		cmocka_unit_test_teardown(t_csv_quoting, free_readers),
		cmocka_unit_test_teardown(t_csv_excel_safe, free_readers),
		cmocka_unit_test_teardown(t_csv_excel_safe_quoted, free_readers),
		cmocka_unit_test_teardown(t_text_printable, free_readers),
		cmocka_unit_test_teardown(t_table_controls, free_readers),
		cmocka_unit_test_teardown(t_tsv_out, free_readers),
		cmocka_unit_test_teardown(t_json_out, free_readers),
		cmocka_unit_test_teardown(t_table_out, free_readers),
		cmocka_unit_test_teardown(t_table_details, free_readers),
		cmocka_unit_test_teardown(t_table_empty, free_readers),
		cmocka_unit_test_teardown(t_write_error, free_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
