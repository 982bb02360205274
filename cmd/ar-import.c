/*
 * ar-import - load customers, documents, applications and activities from
 * CSV into the ledger, all or nothing unless --skip-bad.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/bai2.h"
#include "cli.h"

static const char usage_text[] =
	"usage: ar-import [-nqv] [-d DB] [-t TYPE] [--map SPEC] [--date-format FMT]\n"
	"                 [--decimal-comma] [--delimiter C] [--encoding ENC] [--skip-bad]\n"
	"                 [--rejects FILE] [--excel-safe] [--expect-rows N]\n"
	"                 [--expect-total AMOUNT] [--create-customers] [--allow-closed]\n"
	"                 [FILE ...]\n"
	"       ar-import [-nqv] [-d DB] [-t TYPE] [--date-format FMT]\n"
	"                 [--decimal-comma] [--create-customers] [--allow-closed]\n"
	"                 --row KEY=VALUE,... ...\n";

enum {
	OPT_MAP = 256, OPT_DATE_FORMAT, OPT_DECIMAL_COMMA, OPT_SKIP_BAD,
	OPT_REJECTS, OPT_EXPECT_ROWS, OPT_EXPECT_TOTAL, OPT_CREATE_CUSTOMERS,
	OPT_ALLOW_CLOSED, OPT_DELIMITER, OPT_ROW, OPT_ENCODING
};

static const struct cli_option options[] = {
	{"allow-closed", OPT_ALLOW_CLOSED, no_argument, NULL,
	 "post into a closed period"},
	{"create-customers", OPT_CREATE_CUSTOMERS, no_argument, NULL,
	 "create the customers a document names"},
	{"date-format", OPT_DATE_FORMAT, required_argument, "FMT",
	 "the input's dates, e.g. %d/%m/%Y"},
	{"decimal-comma", OPT_DECIMAL_COMMA, no_argument, NULL,
	 "the input's amounts have a decimal comma"},
	{"delimiter", OPT_DELIMITER, required_argument, ",|;|tab|pipe",
	 "the input's delimiter (default told from its header)"},
	{"encoding", OPT_ENCODING, required_argument, "utf-8|cp1252|latin1",
	 "the input's encoding"},
	{"expect-rows", OPT_EXPECT_ROWS, required_argument, "N",
	 "refuse the input unless it has N rows"},
	{"expect-total", OPT_EXPECT_TOTAL, required_argument, "AMOUNT",
	 "refuse the input unless its amounts add up to AMOUNT"},
	{"map", OPT_MAP, required_argument, "SPEC",
	 "the input's column names: field=column,..."},
	{"rejects", OPT_REJECTS, required_argument, "FILE",
	 "the rejected rows to FILE, with the reason"},
	{"row", OPT_ROW, required_argument, "KEY=VALUE,...",
	 "a record on the command line (again for more)"},
	{"skip-bad", OPT_SKIP_BAD, no_argument, NULL,
	 "import the good rows, reject the bad"},
	{"type", 't', required_argument, "TYPE",
	 "customers, invoices, credits, payments, applications, activities, "
	 "targets or aliases"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-import", usage_text, NULL,
	CLI_DB | CLI_DRY_RUN | CLI_QUIET | CLI_VERBOSE | CLI_EXCEL_SAFE, options,
};

#define SHOW_REJECTS 100	/* rejected rows reported one by one */

struct run {
	struct ar_import_options io;
	const char *db, *rejects_path, *expect_total, *encoding;
	long expect_rows;
	bool dry_run, skip_bad, verbose;
	unsigned flags;		/* of the rejects file */
	char delimiter;			/* 0: told from each file's header */
	char **rows;			/* --row records, or NULL: files */
	long rejected, shown;
	struct cli_output rejects;
	struct ar_writer *rw;
	struct ar_cells rcells;		/* into rw */
	struct ar_column *rcols;
	size_t nrcols;
};

/* Copy a rejected row to the rejects file: its columns, then the error. */
static void keep_reject(struct run *run, const struct ar_import_error *e,
			struct ar_csv_reader *r)
{
	if (!run->rw) {
		run->rcols = calloc(e->nhead + 1, sizeof(*run->rcols));
		if (!run->rcols)
			return;
		run->nrcols = ar_import_reject_columns(e, run->rcols);
		if (ar_writer_new(&run->rw, run->rejects.fp, AR_FMT_CSV,
				  run->rcols, run->nrcols, run->flags) != AR_OK)
			return;
		ar_cells_writer(&run->rcells, run->rw);
	}
	/* the first file's columns; a write error shows at the finish */
	ar_import_reject_put(&run->rcells, e, r, run->nrcols - 1);
}

static void on_reject(void *ctx, const struct ar_import_error *e,
		      struct ar_csv_reader *r)
{
	struct run *run = ctx;
	run->rejected++;
	if (run->shown < SHOW_REJECTS) {
		cli_import_error(e);
		run->shown++;
	}
	if (run->rejects_path)
		keep_reject(run, e, r);
}


/* What a bank file gave: the summary, and with -v what was not a credit. */
static int bank_done(struct run *run, struct ar_ledger *l, ar_status st,
		     const char *path, const struct ar_import_stats *s,
		     const struct ar_bai2_stats *bank)
{
	char line[1024];
	if (st == AR_ELEDGER) {
		cli_err("%s; nothing imported", ar_ledger_errmsg(l));
		return cli_exit_status(st);
	}
	if (st != AR_OK)
		return cli_fail_ledger(st, l);
	if (cli_quiet)
		return 0;
	if (bank->records < 0)
		cli_err("%s: camt.053: %ld statement%s, %ld credit%s, %ld "
			"debit%s", path, bank->groups, bank->groups == 1 ? "" :
			"s", bank->credits, bank->credits == 1 ? "" : "s",
			bank->others, bank->others == 1 ? "" : "s");
	else
		cli_err("%s: BAI2: %ld records, %ld group%s, %ld account%s, "
			"%ld credit%s, %ld other transaction%s", path,
			bank->records, bank->groups, bank->groups == 1 ? "" :
			"s", bank->accounts, bank->accounts == 1 ? "" : "s",
			bank->credits, bank->credits == 1 ? "" : "s",
			bank->others, bank->others == 1 ? "" : "s");
	for (int i = 0; run->verbose && i < bank->ncodes; i++)
		cli_err("%s: type code %03d: %ld, not a credit: not imported",
			path, bank->other[i].code, bank->other[i].n);
	ar_import_summary(s, path, line, sizeof(line));
	cli_err("%s", line);
	return 0;
}

static int import_all(struct run *run, struct ar_ledger *l, char **files,
		      int nfiles, int argc, char **argv)
{
	struct ar_import_callbacks cb = {on_reject, run};
	struct ar_import_stats s, all = {0};
	struct ar_import *im = NULL;
	char msg[512];
	const char *field;
	int rc = 0;
	ar_status st;

	if ((st = ar_ledger_begin(l, "ar-import", argc, argv, NULL)) != AR_OK ||
	    (st = ar_import_new(&im, l, &run->io, &cb)) != AR_OK)
		return cli_fail_ledger(st, l);
	for (int i = 0; i < (nfiles ? nfiles : 1) && rc == 0; i++) {
		const char *path = nfiles ? files[i] : "-";
		struct ar_csv_reader *r;
		struct ar_bai2_stats bank;
		bool is_bank = false;
		st = run->rows ? AR_OK
			       : ar_import_bank_file(im, path, &s, &bank, &is_bank);
		if (is_bank) {
			rc = bank_done(run, l, st, path, &s, &bank);
			ar_import_stats_add(&all, &s);
			continue;
		}
		if (st != AR_OK) {
			rc = cli_fail_ledger(st, l);
			break;
		}
		st = run->rows ? ar_csv_reader_open_record(&r, path, "--row")
			       : ar_csv_reader_open(&r, path, NULL);
		if (st == AR_EUSAGE) {
			cli_err("--row: '%s' is not KEY=VALUE pairs separated "
				"by commas", path);
			rc = 2;
			break;
		} else if (st != AR_OK) {
			cli_err("cannot open '%s': %s", path, strerror(errno));
			rc = 4;
			break;
		}
		ar_csv_set_delimiter(r, run->delimiter);
		if (run->encoding &&
		    (st = ar_csv_set_encoding(r, run->encoding)) != AR_OK) {
			cli_err("--encoding: cannot read %s here", run->encoding);
			ar_csv_reader_free(r);
			rc = cli_exit_status(st == AR_ENOMEM ? st : AR_ELEDGER);
			break;
		}
		st = ar_import_file(im, r, &s);
		if (st == AR_ELEDGER) {
			/* the run is rolled back: a full disk loses nothing */
			cli_err("%s; nothing imported", ar_ledger_errmsg(l));
			rc = cli_exit_status(st);
		} else if (st != AR_OK)
			rc = cli_fail_ledger(st, l);
		else if (!cli_quiet) {
			char line[1024];
			if (s.detected)
				cli_err("%s: %s (detected from the header)",
					ar_csv_name(r), ar_record_type_name(s.type));
			ar_import_summary(&s, ar_csv_name(r), line, sizeof(line));
			cli_err("%s", line);
		}
		ar_csv_reader_free(r);
		ar_import_stats_add(&all, &s);
	}
	ar_import_free(im);
	cli_progress_done();
	if (run->shown < run->rejected)
		cli_err("... and %ld more rejected row%s",
			run->rejected - run->shown,
			run->rejected - run->shown == 1 ? "" : "s");
	if (rc == 0 && run->rejected && !run->skip_bad) {
		cli_err("nothing imported: %ld row%s rejected (--skip-bad "
			"imports the good ones)", run->rejected,
			run->rejected == 1 ? "" : "s");
		rc = 3;
	} else if (rc == 0 && ar_import_control_totals(&all, run->expect_rows,
			run->expect_total, run->io.decimal_comma, msg,
			sizeof(msg), &field) != AR_OK) {
		struct ar_notice n = {.kind = AR_NOTICE_ERROR, .text = msg,
				      .field = field};
		char said[sizeof(msg) + 64];
		cli_notice_text(&n, said, sizeof(said));
		cli_err("%s; nothing imported", said);
		rc = 1;
	}
	if (rc != 0 || run->dry_run) {
		ar_ledger_rollback(l);
		if (rc == 0 && !cli_quiet)
			cli_err("dry run: nothing changed");
		return rc == 0 && run->rejected ? 3 : rc;
	}
	char sum[64];
	snprintf(sum, sizeof(sum), "%ld rows, %ld rejected", all.rows, run->rejected);
	/* the summary lines said what the run read; this says it is lost */
	if ((st = ar_ledger_commit(l, sum)) != AR_OK) {
		cli_err("%s; nothing imported", ar_ledger_errmsg(l));
		return cli_exit_status(st);
	}
	return run->rejected ? 3 : 0;
}

int main(int argc, char **argv)
{
	struct run run = {.expect_rows = -1};
	struct ar_ledger *l = NULL;
	struct cli_opts co;
	int c, rc, nrows = 0;
	bool created;
	ar_status st;

	cli_init("ar-import");
	cli_opts_init(&co, &command);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case 't':
			if (ar_record_type_parse(optarg, &run.io.type) != AR_OK) {
				cli_err("--type: '%s' is not customers, invoices, "
					"credits, payments, applications, "
					"activities, targets or aliases", optarg);
				return 2;
			}
			break;
		case OPT_MAP: run.io.map = optarg; break;
		case OPT_DATE_FORMAT: run.io.date_format = optarg; break;
		case OPT_DECIMAL_COMMA: run.io.decimal_comma = true; break;
		case OPT_DELIMITER:
			if (!cli_delimiter(optarg, &run.delimiter))
				return 2;
			break;
		case OPT_ENCODING:
			if (!ar_csv_encoding_valid(optarg)) {
				cli_err("--encoding: '%s' is not utf-8, cp1252 "
					"or latin1", optarg);
				return 2;
			}
			run.encoding = optarg;
			break;
		case OPT_SKIP_BAD: run.skip_bad = true; break;
		case OPT_REJECTS: run.rejects_path = optarg; break;
		case OPT_EXPECT_ROWS:
			if (!cli_long("--expect-rows", optarg, 0, 1000000000L,
				      &run.expect_rows))
				return 2;
			break;
		case OPT_EXPECT_TOTAL: run.expect_total = optarg; break;
		case OPT_CREATE_CUSTOMERS: run.io.create_customers = true; break;
		case OPT_ALLOW_CLOSED: run.io.allow_closed = true; break;
		case OPT_ROW:
			/* kept in place of the operands: fewer than argc */
			if (!run.rows && !(run.rows = calloc((size_t)argc,
						sizeof(*run.rows)))) {
				cli_err("out of memory");
				return 4;
			}
			run.rows[nrows++] = optarg;
			break;
		}
	}
	run.db = co.db;
	run.dry_run = co.dry_run;
	run.verbose = co.verbose;
	run.flags = co.excel_safe ? AR_OUT_EXCEL_SAFE : 0;
	if (run.io.date_format && !ar_date_format_valid(run.io.date_format)) {
		cli_err("--date-format: '%s' needs each of %%d, %%m and %%Y "
			"(or %%y) once", run.io.date_format);
		return 2;
	}
	if (run.expect_total) {
		/* the currency is known only once the input is read; the form
		 * of the amount can be checked now */
		int64_t v;
		const char *why;
		if (ar_money_parse(run.expect_total, strlen(run.expect_total), 4,
				   NULL, run.io.decimal_comma
				   ? AR_MONEY_DECIMAL_COMMA : 0, &v, &why) != AR_OK) {
			cli_err("--expect-total: '%s' is not an amount (%s)",
				run.expect_total, why);
			return 2;
		}
	}
	if (run.rows && (optind < argc || run.io.map || run.delimiter ||
			 run.skip_bad || run.rejects_path || run.expect_total ||
			 run.expect_rows >= 0)) {
		cli_err("--row takes no FILE, --map, --delimiter, --skip-bad, "
			"--rejects or control totals");
		free(run.rows);
		return 2;
	}
	/* every input must be there before the ledger is touched */
	for (int i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") != 0 && access(argv[i], R_OK) != 0) {
			cli_err("cannot open '%s': %s", argv[i], strerror(errno));
			return 4;
		}
	if (run.rejects_path && !cli_output_open(&run.rejects, run.rejects_path))
		return 4;
	st = cli_ledger_open(&l, run.db, AR_LEDGER_CREATE, &created);
	if (st != AR_OK) {
		rc = cli_fail_ledger(st, l);
	} else {
		ar_ledger_set_notice(l, cli_ledger_notice, NULL);
		if (created && !cli_quiet)
			cli_err("created ledger '%s'", cli_db(run.db));
		rc = run.rows ? import_all(&run, l, run.rows, nrows, argc, argv)
			: import_all(&run, l, argv + optind, argc - optind, argc,
				     argv);
	}
	ar_ledger_close(l);
	if (run.rejects_path) {
		/* a rejects file that cannot be written is said, and wins
		 * over the status of the rows rejected */
		if (run.rw && (st = ar_writer_finish(run.rw)) != AR_OK) {
			int wrc = cli_fail_output(st, NULL,
						  ar_writer_errno(run.rw),
						  run.rejects_path);
			if (rc == 0 || rc == 3)
				rc = wrc;
			cli_output_abort(&run.rejects);
		/* the rejects file appears only when a row was rejected */
		} else if (!run.rw) {
			cli_output_abort(&run.rejects);
		} else if (!cli_output_commit(&run.rejects) &&
			   (rc == 0 || rc == 3)) {
			rc = 4;
		}
		ar_writer_free(run.rw);
		free(run.rcols);
	}
	free(run.rows);
	return cli_finish(rc);
}
