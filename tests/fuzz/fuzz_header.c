/*
 * fuzz_header.c - an import never crashes, leaks or loops on any header
 * and any --map: whatever the column names (empty, made of separators,
 * repeated, aliases of one another), the file is read to its end or
 * refused.
 *
 * The input is one byte of options (the record type, the delimiter or
 * none, --decimal-comma), the --map spec up to the first newline (none
 * when empty), then the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/import.h"
#include "fuzzfile.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static struct ar_ledger *ledger;
static char db_path[] = "/tmp/fuzz_header_XXXXXX";

static void cleanup(void)
{
	char wal[sizeof(db_path) + 8];
	ar_ledger_close(ledger);
	unlink(db_path);
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", db_path);
	unlink(wal);
}

static bool open_ledger(void)
{
	bool created;
	int fd = mkstemp(db_path);
	if (fd < 0)
		return false;
	close(fd);
	unlink(db_path);
	if (ar_ledger_open(&ledger, db_path, AR_LEDGER_CREATE, &created) != AR_OK)
		return false;
	atexit(cleanup);
	return true;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char delims[] = {0, ',', ';', '\t'};
	char path[] = "/tmp/fuzz_header_csv_XXXXXX";
	struct ar_import_options o = {0};
	struct ar_import_stats stats;
	struct ar_csv_reader *r;
	struct ar_import *im;
	char map[256];

	if (size < 1 || (!ledger && !open_ledger()))
		return 0;
	o.type = (enum ar_record_type)(data[0] % 7);
	char delim = delims[(data[0] >> 3) & 3];
	o.decimal_comma = data[0] & 0x80;
	data++, size--;
	const unsigned char *nl = memchr(data, '\n', size);
	size_t mlen = nl ? (size_t)(nl - data) : 0;
	if (mlen >= sizeof(map))
		return 0;
	memcpy(map, data, mlen);
	map[mlen] = '\0';
	if (mlen && !memchr(map, '\0', mlen))
		o.map = map;
	if (nl)
		data += mlen + 1, size -= mlen + 1;

	if (!fuzz_file(path, data, size))
		return 0;
	if (ar_csv_reader_open(&r, path, "fuzz.csv") == AR_OK) {
		ar_csv_set_delimiter(r, delim);
		if (ar_ledger_begin(ledger, "fuzz", 0, NULL, NULL) == AR_OK) {
			if (ar_import_new(&im, ledger, &o, NULL) == AR_OK) {
				ar_import_file(im, r, &stats);
				ar_import_free(im);
			}
			ar_ledger_rollback(ledger);
		}
		ar_csv_reader_free(r);
	}
	unlink(path);
	return 0;
}
