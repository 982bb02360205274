/* remit.c - tokens of remittance text */
#include <stdbool.h>

#include "ar/remit.h"

static bool alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || c >= 0x80;
}

static bool joiner(unsigned char c)
{
	return c == '-' || c == '_' || c == '.';
}

const char *ar_remit_token(const char **p, size_t *len)
{
	const unsigned char *s = (const unsigned char *)*p;

	while (*s && !alnum(*s))
		s++;
	if (!*s) {
		*p = (const char *)s;
		return NULL;
	}
	const unsigned char *start = s, *end = s;
	while (*s && (alnum(*s) || joiner(*s))) {
		if (alnum(*s))
			end = s + 1;
		s++;
	}
	*len = (size_t)(end - start);
	*p = (const char *)s;
	return (const char *)start;
}
