/*
 * fuzz_csv.c - the CSV reader never crashes or leaks on any bytes, and
 * never loops: it ends with the end of input or an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ar/csv.h"
#include "fuzzfile.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char path[] = "/tmp/fuzz_csv_XXXXXX";
	struct ar_csv_reader *r;
	if (!fuzz_file(path, data, size))
		return 0;
	if (ar_csv_reader_open(&r, path, "fuzz.csv") == AR_OK) {
		char hex[65];
		size_t records = 0;
		ar_csv_file_sha256(r, hex);
		if (ar_csv_next(r) == AR_OK)
			ar_csv_expect_fields(r, ar_csv_nfields(r));
		while (ar_csv_next(r) == AR_OK) {
			for (size_t i = 0; i < ar_csv_nfields(r); i++)
				ar_csv_field(r, i, NULL);
			if (++records > size + 1)
				abort();	/* more records than bytes */
		}
		ar_csv_reader_free(r);
	}
	unlink(path);
	return 0;
}
