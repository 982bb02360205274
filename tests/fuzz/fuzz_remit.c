/*
 * fuzz_remit.c - the remittance reader never reads outside its text, and
 * every token it gives is a non-empty run inside it with no separator at
 * either end; the words of money on account lie inside the text too.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/remit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int sep(unsigned char c)
{
	return !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		 (c >= 'a' && c <= 'z') || c >= 0x80);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct ar_remit_reader rd;
	enum ar_remit_kind kind;
	const char *tok, *w;
	size_t len, n;

	if (size < 1)
		return 0;
	/* the first byte: how much of the text is the check number */
	size_t cut = data[0] % 8 < size - 1 ? data[0] % 8 : size - 1;
	char *check = malloc(cut + 1), *text = malloc(size - cut);
	if (!check || !text)
		abort();
	memcpy(check, data + 1, cut);
	check[cut] = '\0';
	memcpy(text, data + 1 + cut, size - 1 - cut);
	text[size - 1 - cut] = '\0';
	size_t tlen = strlen(text);

	ar_remit_reader_init(&rd, text, cut ? check : NULL);
	while ((tok = ar_remit_next(&rd, &len, &kind)) != NULL) {
		if (tok < text || len == 0 || tok + len > text + tlen ||
		    sep((unsigned char)tok[0]) ||
		    sep((unsigned char)tok[len - 1]) ||
		    kind > AR_REMIT_MARKER || rd.p < tok + len)
			abort();
	}
	if (ar_remit_on_account(text, &w, &n) &&
	    (w < text || n == 0 || w + n > text + tlen))
		abort();
	free(check);
	free(text);
	return 0;
}
