/*
 * test_utf8.c - the library's one reading of UTF-8: decoding, the check
 * of a field, the cut at a character boundary, display widths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

#define U(s) ((const unsigned char *)(s))

static void t_decode(void **state)
{
	(void)state;
	size_t len;
	assert_int_equal(ar__utf8_decode(U("A"), 1, &len), 'A');
	assert_int_equal(len, 1);
	assert_int_equal(ar__utf8_decode(U("\xc3\xa9"), 2, &len), 0xe9);
	assert_int_equal(len, 2);
	assert_int_equal(ar__utf8_decode(U("\xe6\x97\xa5"), 3, &len), 0x65e5);
	assert_int_equal(len, 3);
	assert_int_equal(ar__utf8_decode(U("\xf0\x9f\x98\x80"), 4, &len),
			 0x1f600);
	assert_int_equal(len, 4);
	/* a real U+FFFD is three bytes; a bad byte is U+FFFD of one */
	assert_int_equal(ar__utf8_decode(U("\xef\xbf\xbd"), 3, &len), 0xfffd);
	assert_int_equal(len, 3);
	static const char *const bad[] = {
		"\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\xf8\x88\x80\x80", "\xc3", "\xe6\x97",
		"\xc3\x28",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ar__utf8_decode(U(bad[i]), strlen(bad[i]),
						 &len), 0xfffd);
		assert_int_equal(len, 1);
	}
}

static void t_valid(void **state)
{
	(void)state;
	const char *why = NULL;
	static const char ok[] = "Müller GmbH, 東京, \xf0\x9f\x98\x80, \xef\xbf\xbd";
	assert_true(ar__utf8_valid(U(ok), sizeof(ok) - 1, &why));
	assert_true(ar__utf8_valid(U(""), 0, &why));
	assert_false(ar__utf8_valid(U("ab\xc0\xafz"), 5, &why));
	assert_string_equal(why, "invalid UTF-8");
	why = NULL;
	assert_false(ar__utf8_valid(U("ab\xed\xa0\x80"), 5, &why));
	assert_string_equal(why, "invalid UTF-8");
	why = NULL;
	/* a character cut by the end of the field */
	assert_false(ar__utf8_valid(U("ab\xe6\x97"), 4, &why));
	assert_string_equal(why, "invalid UTF-8");
	why = NULL;
	assert_false(ar__utf8_valid(U("a\0b"), 3, &why));
	assert_string_equal(why, "NUL byte");
}

static void t_cut(void **state)
{
	(void)state;
	static const char s[] = "ab\xc3\xa9\xe6\x97\xa5z";	/* a b é 日 z */
	assert_int_equal(ar__utf8_cut(s, 0), 0);
	assert_int_equal(ar__utf8_cut(s, 2), 2);
	assert_int_equal(ar__utf8_cut(s, 3), 2);	/* inside é */
	assert_int_equal(ar__utf8_cut(s, 4), 4);
	assert_int_equal(ar__utf8_cut(s, 5), 4);	/* inside 日 */
	assert_int_equal(ar__utf8_cut(s, 6), 4);
	assert_int_equal(ar__utf8_cut(s, 7), 7);
	assert_int_equal(ar__utf8_cut(s, 8), 8);	/* the NUL */
}

static void t_width(void **state)
{
	(void)state;
	assert_int_equal(ar__char_width('a'), 1);
	assert_int_equal(ar__char_width(0x301), 0);	/* combining acute */
	assert_int_equal(ar__char_width(0x65e5), 2);	/* 日 */
	assert_int_equal(ar__char_width(0xac00), 2);	/* 가 */
	assert_int_equal(ar__text_width(NULL), 0);
	assert_int_equal(ar__text_width("e\xcc\x81t\xc3\xa9"), 3);
	assert_int_equal(ar__text_width("\xe6\x9d\xb1\xe4\xba\xac"), 4);
	/* shown as '?': one column each */
	assert_int_equal(ar__text_width("a\x1b[2Jb"), 6);
	assert_int_equal(ar__text_width("a\xffz"), 3);
	assert_true(ar__unsafe_char(0x1b));
	assert_true(ar__unsafe_char(0x202e));
	assert_false(ar__unsafe_char(0xe9));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_decode),
		cmocka_unit_test(t_valid),
		cmocka_unit_test(t_cut),
		cmocka_unit_test(t_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
