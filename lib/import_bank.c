/*
 * import_bank.c - bank files into the import: a BAI2 file is read for
 * its credits (bai2.c), which are imported as a file of payments would
 * be, under the bank file's name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ar/bai2.h"
#include "ar/camt.h"
#include "ar/csv.h"
#include "import_int.h"

/* The whole of path into *buf (caller frees), its length in *len. */
static ar_status slurp(struct ar_ledger *l, const char *path, char **buf,
		       size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *b = NULL;

	if (!fp)
		return ar__fail(l, AR_ELEDGER, "cannot open '%s': %s", path,
				strerror(errno));
	for (;;) {
		if (!b || n == cap) {
			if (b)
				cap *= 2;
			char *q = realloc(b, cap + 1);
			if (!q) {
				free(b);
				fclose(fp);
				return ar__fail(l, AR_ENOMEM, "out of memory");
			}
			b = q;
		}
		size_t k = fread(b + n, 1, cap - n, fp);
		n += k;
		if (k == 0)
			break;
	}
	bool bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(b);
		return ar__fail(l, AR_ELEDGER, "cannot read '%s'", path);
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return AR_OK;
}

/* The decimals of a bank file's currency; none named: the base's. */
static int exponent_of(void *ctx, const char *currency)
{
	struct ar_import *im = ctx;
	return ar_ledger_currency_exponent(im->l, *currency ? currency :
					   im->base_currency);
}

ar_status ar_import_bank_file(struct ar_import *im, const char *path,
			      struct ar_import_stats *stats,
			      struct ar_bai2_stats *bank, bool *is_bank)
{
	char *text = NULL, err[512], tmp[] = "/tmp/ar-bank-XXXXXX";
	size_t len = 0;
	ar_status st;

	*is_bank = false;
	memset(stats, 0, sizeof(*stats));
	memset(bank, 0, sizeof(*bank));
	/* a look at the start first: a large CSV file is not read twice,
	 * and standard input is never a bank file */
	char head[4096];
	FILE *fp = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
	size_t got = fp ? fread(head, 1, sizeof(head), fp) : 0;
	if (fp)
		fclose(fp);
	bool bai2 = ar_bai2_sniff(head, got), camt = ar_camt_sniff(head, got);
	if (!bai2 && !camt)
		return AR_OK;
	if ((st = slurp(im->l, path, &text, &len)) != AR_OK)
		return st;
	*is_bank = true;
	int fd = mkstemp(tmp);
	FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
	if (!out) {
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(text);
		return ar__fail(im->l, AR_ELEDGER, "cannot write a temporary "
				"file: %s", strerror(errno));
	}
	memset(bank, 0, sizeof(*bank));
	if (bai2) {
		st = ar_bai2_to_csv(text, len, path, exponent_of, im, out, bank,
				    err, sizeof(err));
	} else {
		struct ar_camt_stats cs;
		st = ar_camt_to_csv(text, len, path, out, &cs, err, sizeof(err));
		/* told as a BAI2 file's are: statements for groups */
		bank->groups = cs.statements;
		bank->credits = cs.credits;
		bank->others = cs.others;
		bank->records = -1;
	}
	free(text);
	if (fclose(out) != 0 && st == AR_OK)
		st = AR_ELEDGER;
	if (st == AR_EINPUT)
		st = ar__fail(im->l, AR_EINPUT, "%s", err);
	else if (st == AR_ELEDGER)
		st = ar__fail(im->l, AR_ELEDGER, "cannot write a temporary "
			      "file");
	if (st == AR_OK) {
		struct ar_csv_reader *r;
		const struct ar_import_options *was = im->o;
		struct ar_import_options payments = *was;
		payments.type = AR_REC_PAYMENTS;
		payments.map = NULL;
		payments.date_format = NULL;
		payments.decimal_comma = false;
		if ((st = ar_csv_reader_open(&r, tmp, path)) == AR_OK) {
			im->o = &payments;
			st = ar_import_file(im, r, stats);
			im->o = was;
			ar_csv_reader_free(r);
		} else {
			st = ar__fail(im->l, AR_ELEDGER, "cannot read a "
				      "temporary file");
		}
	}
	unlink(tmp);
	return st;
}
