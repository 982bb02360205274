/*
 * age-total - the smallest program on libar: open a ledger, age it as of
 * a date, print the total receivable per currency and whether the aging
 * proves against the ledger.
 *
 *	cc -o age-total age-total.c $(pkg-config --cflags --libs ar)
 *	./age-total ar.db 2026-10-31
 */
#include <stdio.h>
#include <string.h>

#include <ar.h>

static ar_status count_row(void *ctx, const struct ar_age_row *r)
{
	(void)r;
	++*(long *)ctx;
	return AR_OK;
}

int main(int argc, char **argv)
{
	struct ar_ledger *l = NULL;
	struct ar_age_options o;
	struct ar_age_proof proof;
	long rows = 0;
	ar_status st;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: age-total LEDGER [AS-OF]\n");
		return 2;
	}
	ar_age_options_init(&o);
	if (argc == 3 && ar_date_parse_iso(argv[2], strlen(argv[2]),
					   &o.as_of) != AR_OK) {
		fprintf(stderr, "age-total: bad date '%s'\n", argv[2]);
		return 2;
	}
	st = ar_ledger_open(&l, argv[1], AR_LEDGER_READONLY, NULL);
	if (st == AR_OK)
		st = ar_age_options_load(l, &o);
	if (st == AR_OK)
		st = ar_age_summary(l, &o, count_row, &rows, &proof);
	if (st != AR_OK) {
		fprintf(stderr, "age-total: %s: %s\n", argv[1],
			l ? ar_ledger_errmsg(l) : ar_strerror(st));
		ar_ledger_close(l);
		return st == AR_EBUSY ? 5 : 4;	/* as the ar-* commands */
	}
	for (int i = 0; i < proof.ncurrencies; i++) {
		char amount[AR_MONEY_BUFSZ];

		ar_money_format(amount, proof.c[i].aged, proof.c[i].exponent, 0);
		printf("%s %s\n", proof.c[i].code, amount);
	}
	printf("%ld rows, %s\n", rows,
	       ar_age_proof_ok(&proof) ? "proved" : "NOT proved");
	ar_ledger_close(l);
	return ar_age_proof_ok(&proof) ? 0 : 1;
}
