/*
 * ar-age - aging of receivables as of any date, summary or detail, proved
 * against the ledger's balance.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-age [-q] [-d DB] [--as-of DATE] [--known-at TS] [--by due|invoice]\n"
	"              [--buckets LIST] [--detail] [--customer ID] [--collector NAME]\n"
	"              [--currency CUR] [--min-balance AMOUNT] [--older-than DAYS]\n"
	"              [--credits column|aged] [--gl-balance AMOUNT] [--excel-safe]\n"
	"              [-f FMT] [--wide] [-o FILE]\n";

enum {
	OPT_AS_OF = 256, OPT_KNOWN_AT, OPT_BY, OPT_BUCKETS, OPT_DETAIL,
	OPT_CUSTOMER, OPT_COLLECTOR, OPT_CURRENCY, OPT_MIN_BALANCE,
	OPT_OLDER_THAN, OPT_CREDITS, OPT_GL_BALANCE, OPT_EXCEL_SAFE, OPT_WIDE
};

static const struct option longopts[] = {
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"buckets", required_argument, NULL, OPT_BUCKETS},
	{"by", required_argument, NULL, OPT_BY},
	{"collector", required_argument, NULL, OPT_COLLECTOR},
	{"credits", required_argument, NULL, OPT_CREDITS},
	{"currency", required_argument, NULL, OPT_CURRENCY},
	{"customer", required_argument, NULL, OPT_CUSTOMER},
	{"db", required_argument, NULL, 'd'},
	{"detail", no_argument, NULL, OPT_DETAIL},
	{"excel-safe", no_argument, NULL, OPT_EXCEL_SAFE},
	{"format", required_argument, NULL, 'f'},
	{"gl-balance", required_argument, NULL, OPT_GL_BALANCE},
	{"help", no_argument, NULL, 'h'},
	{"known-at", required_argument, NULL, OPT_KNOWN_AT},
	{"min-balance", required_argument, NULL, OPT_MIN_BALANCE},
	{"older-than", required_argument, NULL, OPT_OLDER_THAN},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, 'V'},
	{"wide", no_argument, NULL, OPT_WIDE},
	{NULL, 0, NULL, 0},
};

struct out {
	struct ar_writer *w;
	int nbuckets;
	bool detail;
	char names[AR_AGE_MAX_BUCKETS][24];
	/* totals per currency, for the table's totals lines */
	int ncur;
	struct ar_age_row tot[AR_AGE_MAX_CURRENCIES];
};

static struct ar_age_row *totals_of(struct out *o, const char *cur, int e)
{
	for (int i = 0; i < o->ncur; i++)
		if (strcmp(o->tot[i].currency, cur) == 0)
			return &o->tot[i];
	if (o->ncur == AR_AGE_MAX_CURRENCIES)
		return NULL;
	struct ar_age_row *t = &o->tot[o->ncur++];
	memset(t, 0, sizeof(*t));
	memcpy(t->currency, cur, 4);
	t->exponent = e;
	return t;
}

static void sum(int64_t *acc, int64_t v)
{
	ar_money_accum(acc, v);	/* totals lines only: bounded by the proof */
}

static void put_row(struct out *o, const struct ar_age_row *r, bool totals)
{
	struct ar_writer *w = o->w;
	ar_writer_text(w, totals ? "total" : r->customer_id);
	ar_writer_text(w, totals ? "" : r->customer_name);
	ar_writer_text(w, r->currency);
	for (int b = 0; b < o->nbuckets; b++)
		ar_writer_money(w, r->bucket[b], r->exponent);
	ar_writer_money(w, r->total, r->exponent);
	ar_writer_money(w, r->unapplied, r->exponent);
	ar_writer_money(w, r->balance, r->exponent);
	ar_writer_money(w, r->disputed, r->exponent);
	if (totals) {
		ar_writer_null(w);
		ar_writer_null(w);
		ar_writer_null(w);
		return;
	}
	ar_writer_int(w, r->oldest_days);
	ar_writer_date(w, r->last_payment);
	ar_writer_text(w, r->collector);
}

static ar_status on_row(void *ctx, const struct ar_age_row *r)
{
	struct out *o = ctx;
	struct ar_age_row *t = totals_of(o, r->currency, r->exponent);
	put_row(o, r, false);
	if (t) {
		for (int b = 0; b < o->nbuckets; b++)
			sum(&t->bucket[b], r->bucket[b]);
		sum(&t->total, r->total);
		sum(&t->unapplied, r->unapplied);
		sum(&t->balance, r->balance);
		sum(&t->disputed, r->disputed);
	}
	return ar_writer_end_row(o->w);
}

static ar_status on_item(void *ctx, const struct ar_age_item *i)
{
	struct out *o = ctx;
	struct ar_writer *w = o->w;
	struct ar_age_row *t = totals_of(o, i->currency, i->exponent);
	ar_writer_text(w, i->customer_id);
	ar_writer_text(w, i->customer_name);
	ar_writer_text(w, i->doc_type);
	ar_writer_text(w, i->doc_no);
	ar_writer_date(w, i->doc_date);
	ar_writer_date(w, i->due_date);
	ar_writer_int(w, i->days);
	ar_writer_text(w, i->bucket < 0 ? "unapplied" : o->names[i->bucket]);
	ar_writer_money(w, i->amount, i->exponent);
	ar_writer_money(w, i->open_amount, i->exponent);
	ar_writer_text(w, i->currency);
	ar_writer_money(w, i->disputed, i->exponent);
	ar_writer_text(w, i->po_number);
	if (t) {
		sum(&t->total, i->amount);
		sum(&t->balance, i->open_amount);
		sum(&t->disputed, i->disputed);
	}
	return ar_writer_end_row(w);
}

static ar_status write_totals(struct out *o)
{
	ar_status st = AR_OK;
	for (int i = 0; i < o->ncur && st == AR_OK; i++) {
		struct ar_age_row *t = &o->tot[i];
		ar_writer_totals(o->w);
		if (o->detail) {
			ar_writer_text(o->w, "total");
			for (int k = 0; k < 7; k++)
				ar_writer_null(o->w);
			ar_writer_money(o->w, t->total, t->exponent);
			ar_writer_money(o->w, t->balance, t->exponent);
			ar_writer_text(o->w, t->currency);
			ar_writer_money(o->w, t->disputed, t->exponent);
		} else {
			put_row(o, t, true);
		}
		st = ar_writer_end_row(o->w);
	}
	return st;
}

int main(int argc, char **argv)
{
	struct ar_column cols[AR_AGE_MAX_COLUMNS];
	struct ar_age_options a;
	struct ar_age_proof proof;
	struct out o = {0};
	struct cli_output out;
	struct ar_ledger *l = NULL;
	const char *db = NULL, *known_at = NULL, *gl = NULL, *output = NULL;
	enum ar_format fmt;
	bool fmt_set = false, excel_safe = false, wide = false;
	long v;
	int c, rc;
	ar_status st;

	cli_init("ar-age");
	ar_age_options_init(&a);
	while ((c = getopt_long(argc, argv, "d:f:ho:qvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f':
			if (!cli_format(optarg, &fmt))
				return 2;
			fmt_set = true;
			break;
		case 'h': fputs(usage_text, stdout); return cli_finish(0);
		case 'o': output = optarg; break;
		case 'q': cli_quiet = true; break;
		case 'v': break;
		case 'V': puts("ar-age (arkit) " AR_VERSION); return cli_finish(0);
		case OPT_AS_OF:
			if (!cli_date("--as-of", optarg, &a.as_of))
				return 2;
			break;
		case OPT_KNOWN_AT: known_at = optarg; break;
		case OPT_BY:
			if (strcmp(optarg, "due") && strcmp(optarg, "invoice")) {
				cli_err("--by: '%s' is not due or invoice", optarg);
				return 2;
			}
			a.by = optarg[0] == 'd' ? AR_AGE_BY_DUE : AR_AGE_BY_INVOICE;
			break;
		case OPT_BUCKETS:
			if (ar_age_parse_edges(&a, optarg) != AR_OK) {
				cli_err("--buckets: '%s' is not 1 to %d ascending "
					"day counts (e.g. 30,60,90,120)", optarg,
					AR_AGE_MAX_EDGES);
				return 2;
			}
			break;
		case OPT_DETAIL: o.detail = true; break;
		case OPT_CUSTOMER: a.customer_id = optarg; break;
		case OPT_COLLECTOR: a.collector = optarg; break;
		case OPT_CURRENCY: a.currency = optarg; break;
		case OPT_MIN_BALANCE: a.min_balance = optarg; break;
		case OPT_OLDER_THAN:
			if (!cli_long("--older-than", optarg, 0, 36500, &v))
				return 2;
			a.older_than = (int)v;
			break;
		case OPT_CREDITS:
			if (strcmp(optarg, "column") && strcmp(optarg, "aged")) {
				cli_err("--credits: '%s' is not column or aged", optarg);
				return 2;
			}
			a.credits_aged = optarg[0] == 'a';
			break;
		case OPT_GL_BALANCE: gl = optarg; break;
		case OPT_EXCEL_SAFE: excel_safe = true; break;
		case OPT_WIDE: wide = true; break;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	if (optind < argc) {
		cli_err("unexpected argument '%s'", argv[optind]);
		fputs(usage_text, stderr);
		return 2;
	}
	if ((st = ar_ledger_open(&l, cli_db(db), AR_LEDGER_READONLY, NULL)) != AR_OK)
		goto fail;
	ar_ledger_set_notice(l, cli_ledger_notice, NULL);
	if (known_at && (st = ar_ledger_known_at(l, known_at, &a.known_batch)) != AR_OK)
		goto fail;
	if ((st = ar_age_options_load(l, &a)) != AR_OK)
		goto fail;
	char gl_cur[4] = "";
	if (gl && (st = ar_age_gl_currency(l, &a, gl_cur)) != AR_OK)
		goto fail;

	o.nbuckets = ar_age_bucket_names(&a, o.names);
	size_t n = ar_age_columns(&a, o.detail, cols, o.names);
	if (!cli_output_open(&out, output)) {
		ar_ledger_close(l);
		return 4;
	}
	if (!fmt_set)
		fmt = output ? AR_FMT_CSV : cli_default_format(stdout);
	st = ar_writer_new(&o.w, out.fp, fmt, cols, n,
			   excel_safe ? AR_OUT_EXCEL_SAFE : 0);
	if (st == AR_OK && fmt == AR_FMT_TABLE)
		cli_table_fit(o.w, out.fp, wide);
	if (st == AR_OK) {
		char rule[1024];
		ar_age_rule_text(&a, rule, sizeof(rule));
		ar_writer_caption(o.w, rule);
		st = o.detail ? ar_age_detail(l, &a, on_item, &o, &proof)
			      : ar_age_summary(l, &a, on_row, &o, &proof);
	}
	if (st == AR_OK)
		st = write_totals(&o);
	if (st == AR_OK)
		st = ar_writer_finish(o.w);
	int werr = ar_writer_errno(o.w);
	ar_writer_free(o.w);
	if (st != AR_OK) {
		cli_output_abort(&out);
		rc = cli_fail_output(st, l, werr, output);
		ar_ledger_close(l);
		return cli_finish(rc);
	}
	long problems;
	if (ar_age_prove(&proof, gl, gl_cur, cli_ledger_notice, NULL,
			 &problems) != AR_OK) {
		cli_err("--gl-balance: '%s' is not an amount in %s", gl, gl_cur);
		rc = 2;
	} else {
		rc = problems ? 1 : 0;
	}
	if (!cli_output_commit(&out) && rc == 0)
		rc = 4;
	ar_ledger_close(l);
	return cli_finish(rc);
fail:
	rc = cli_fail_ledger(st, l);
	ar_ledger_close(l);
	return cli_finish(rc);
}
