/*
 * text.c - customer text made safe to show on a terminal or a page.
 *
 * Names, references and addresses come from other systems and may hold
 * anything: an ESC sequence that rewrites the screen, a BEL, a C1 control,
 * a character that reorders or hides what follows.  Every table and text
 * output shows them as '?'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/csv.h"
#include "internal.h"

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

bool ar__unsafe_char(unsigned c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

void ar_text_printable(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0;
	while (i < n) {
		size_t len;
		unsigned c = ar__utf8_decode(p + i, n - i, &len);
		if (ar__unsafe_char(c) || c == 0xfffd) {
			p[o++] = '?';	/* never longer than what it replaces */
		} else {
			memmove(p + o, p + i, len);
			o += len;
		}
		i += len;
	}
	p[o] = '\0';
}

void ar__html_text(FILE *fp, const char *s, const char *br)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned c = ar__utf8_decode(p + i, n - i, &len);
		if (c == '\n' && br)
			fputs(br, fp);
		else if (c == '&')
			fputs("&amp;", fp);
		else if (c == '<')
			fputs("&lt;", fp);
		else if (c == '>')
			fputs("&gt;", fp);
		else if (c == '"')
			fputs("&quot;", fp);
		else if (c == '\'')
			fputs("&#39;", fp);
		else if (ar__unsafe_char(c))
			putc(c == '\n' || c == '\t' ? ' ' : '?', fp);
		else if (c == 0xfffd)
			fputs("\xef\xbf\xbd", fp);
		else
			fwrite(p + i, 1, len, fp);
		i += len;
	}
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

ar_status ar_text_capture(ar_status (*fn)(FILE *fp, const void *ctx),
			  const void *ctx, char **out, size_t *len)
{
	size_t n = 0;
	*out = NULL;
	FILE *fp = open_memstream(out, &n);
	if (!fp)
		return AR_ENOMEM;
	ar_status st = fn(fp, ctx);
	if (fclose(fp) != 0 && st == AR_OK)
		st = AR_ENOMEM;
	if (st != AR_OK) {
		free(*out);
		*out = NULL;
		return st;
	}
	if (len)
		*len = n;
	return AR_OK;
}
