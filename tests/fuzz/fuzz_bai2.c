/*
 * fuzz_bai2.c - the BAI2 reader never crashes or reads outside its
 * input, gives credits only of a file whose trailers all agree, each
 * positive with a payment number, and says where a refused file went
 * wrong.
 */
#include <stdlib.h>
#include <string.h>

#include "ar/bai2.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static ar_status on_credit(void *ctx, const struct ar_bai2_credit *c)
{
	long *n = ctx;
	if (c->amount <= 0 || !c->payment_no || strncmp(c->payment_no, "BAI-",
							 4) != 0 ||
	    c->type_code < 100 || c->type_code > 399 || !c->text)
		abort();
	++*n;
	return AR_OK;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct ar_bai2_stats st;
	char err[512];
	long n = 0;
	/* a copy exactly as long as the input: no terminator to lean on */
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	ar_status s = ar_bai2_read(text, size, "fuzz", on_credit, &n, &st, err,
				   sizeof(err));
	if (s == AR_OK && n != st.credits)
		abort();
	if (s == AR_EINPUT && strncmp(err, "fuzz:", 5) != 0)
		abort();
	if (s != AR_OK && s != AR_EINPUT && s != AR_ENOMEM)
		abort();
	free(text);
	return 0;
}
