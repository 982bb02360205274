/*
 * utf8.c - UTF-8 as the library reads it: one character decoded, a whole
 * field checked, a cut at a character boundary, and the columns text
 * takes on a terminal or a fixed-pitch page.
 */
#include <string.h>

#include "utf8.h"

unsigned ar__utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
		 : (c & 0xf8) == 0xf0 ? 4 : 0;
	*len = 1;
	if (k == 1)
		return c;
	if (k == 0 || k > n)
		return 0xfffd;
	c &= 0xff >> (k + 1);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 2 && c < 0x80) || (k == 3 && c < 0x800) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0xfffd;
	*len = k;
	return c;
}

bool ar__utf8_valid(const unsigned char *s, size_t n, const char **why)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == 0) {
			*why = "NUL byte";
			return false;
		}
		if (s[i] < 0x80) {	/* most text: no decoding */
			i++;
			continue;
		}
		size_t len;
		/* U+FFFD of one byte: no character starts there */
		if (ar__utf8_decode(s + i, n - i, &len) == 0xfffd && len == 1) {
			*why = "invalid UTF-8";
			return false;
		}
		i += len;
	}
	return true;
}

size_t ar__utf8_cut(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = n;
	while (k > 0 && (p[k] & 0xc0) == 0x80)
		k--;
	return k;
}

bool ar__unsafe_char(unsigned c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

int ar__char_width(unsigned c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f6ff) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

size_t ar__text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, w = 0;
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned c = ar__utf8_decode(p + i, n - i, &len);
		w += ar__unsafe_char(c) || c == 0xfffd ? 1
			: (size_t)ar__char_width(c);
		i += len;
	}
	return w;
}
