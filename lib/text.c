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
