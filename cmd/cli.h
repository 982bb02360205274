/*
 * cli.h - what every ar-* command does the same way: messages, the ledger
 * path, option values, output files, progress, and the exit status.
 */
#ifndef AR_CLI_H
#define AR_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "ar.h"

#ifndef AR_VERSION
#define AR_VERSION "0.0.0"
#endif

extern const char *cli_progname;
extern bool cli_quiet;

/* Set the program name used in messages. */
void cli_init(const char *progname);

/* "prog: message" on stderr, its control characters shown as ?. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The exit status of SPEC section 3 for a library status: 0 ok, 1 check,
 * 2 usage, 3 bad input, 4 ledger/I/O, 5 busy.
 */
int cli_exit_status(ar_status st);

/* "prog: what" for options that do not go together; the status 2. */
int cli_bad_usage(const char *what);

/* Report a library failure and return its exit status. */
int cli_fail(ar_status st, const char *detail);

/*
 * What the library said, as the commands say it: "[file:line: ]
 * [field: ]text[ (hint does)]", where a field of the call is shown as its
 * option ("as_of": --as-of).  Into buf, cut to size.
 */
void cli_notice_text(const struct ar_notice *n, char *buf, size_t size);

/* "prog: " and the notice on stderr (progress: cli_progress()). */
void cli_notice(const struct ar_notice *n);

/*
 * A notice hook for the library (ar_ledger_set_notice()): progress as a
 * progress line, explanations as lines of their own, warnings and skipped
 * items unless quiet, the rest always, through cli_notice().
 */
void cli_ledger_notice(void *ctx, const struct ar_notice *n);

/* Report the ledger's last failure (l NULL: out of memory) and return
 * its exit status. */
int cli_fail_ledger(ar_status st, const struct ar_ledger *l);

/*
 * Report the failure of a run that wrote rows to the output named path
 * (NULL or "-": standard output) and return its exit status: when a
 * write failed (write_errno, from ar_writer_errno()), the output and why;
 * else the library's message.  A failed standard output is left to
 * cli_finish() to report.
 */
int cli_fail_output(ar_status st, const struct ar_ledger *l, int write_errno,
		    const char *path);

/* "prog: file:line: field: 'value' reason" for a row of an import. */
void cli_import_error(const struct ar_import_error *e);


/* The ledger path: the option, else $AR_DB, else ./ar.db. */
const char *cli_db(const char *opt);

/*
 * ar_ledger_open() of cli_db(db), configured from the environment:
 * $AR_BUSY_TIMEOUT (whole seconds to wait for a writer), $USER (who runs
 * the batches) and $AR_BULK_APPLICATIONS (see ar_ledger_config).
 */
ar_status cli_ledger_open(struct ar_ledger **l, const char *db,
			  unsigned flags, bool *created);

/* Option values; on a bad value print the message and return false. */
bool cli_date(const char *opt, const char *s, ar_date *out);
bool cli_long(const char *opt, const char *s, long min, long max, long *out);
bool cli_format(const char *s, enum ar_format *out);
/* --delimiter: ',', ';', '|' or a tab, itself or by name. */
bool cli_delimiter(const char *s, char *out);

/* The default format: table on a terminal, else csv. */
enum ar_format cli_default_format(FILE *out);

/*
 * Fit a table written to out to the terminal: its width is $COLUMNS, else
 * the terminal's, else 80.  Not when out is no terminal (a pipe, a file:
 * the table is as wide as its cells) or with wide (--wide).
 */
void cli_table_fit(struct ar_writer *w, FILE *out, bool wide);

/*
 * Output to a file written under a temporary name and renamed into place
 * at cli_output_commit(), so it is never seen half-written.  The
 * temporary name carries the writer's PID (FILE.tmp.PID.XXXXXX): opening
 * FILE removes those of writers no longer alive, which a killed run left.
 */
struct cli_output {
	FILE *fp;
	char *path, *tmp;
	bool direct;		/* not a regular file: written in place */
	bool spool;		/* stdout, held in fp until the commit */
};

/* path NULL or "-": stdout.  Returns false after printing a message. */
bool cli_output_open(struct cli_output *o, const char *path);
/* Flush, close and rename; false after printing a message. */
bool cli_output_commit(struct cli_output *o);
/* Give up: remove the temporary file. */
void cli_output_abort(struct cli_output *o);

/*
 * For a command that changes the ledger: when o is stdout, hold what is
 * written in a temporary file and copy it out at cli_output_commit(), so
 * that a pipeline never reads rows of a run that was rolled back.
 * Returns false after printing a message.
 */
bool cli_output_spool(struct cli_output *o);

/*
 * The options most commands share, parsed by cli_getopt() itself; a
 * command names those it takes (CLI_DB | CLI_FORMAT | ...).  -h, --help
 * and -V, --version go with every command.
 */
enum {
	CLI_DB = 1 << 0,		/* -d, --db DB */
	CLI_FORMAT = 1 << 1,		/* -f, --format csv|tsv|json|table */
	CLI_DRY_RUN = 1 << 2,		/* -n, --dry-run */
	CLI_OUTPUT = 1 << 3,		/* -o, --output FILE */
	CLI_QUIET = 1 << 4,		/* -q, --quiet */
	CLI_VERBOSE = 1 << 5,		/* -v, --verbose */
	CLI_AS_OF = 1 << 6,		/* --as-of DATE */
	CLI_EXCEL_SAFE = 1 << 7,	/* --excel-safe */
	/* -v, --verbose accepted, as by every command, with nothing more to
	 * say: its help line says so */
	CLI_VERBOSE_IGNORED = 1 << 8,
};

/* The codes of the shared options that have no letter (cli_accept). */
enum { CLI_OPT_AS_OF = 1000, CLI_OPT_EXCEL_SAFE };

/* One option of a command's own, and its line of --help. */
struct cli_option {
	const char *name;	/* the long name; NULL ends the table */
	int val;		/* returned by cli_getopt(): its letter, if it
				 * has one, else a code from 256 up (not 1000) */
	int has_arg;		/* no_argument, required_argument, ... */
	const char *arg;	/* its value in --help: "DAYS", "due|invoice" */
	const char *help;	/* what it does, in a few words */
};

/* What a command takes: its synopsis and its options. */
struct cli_command {
	const char *name;	/* "ar-age" */
	const char *usage;	/* "usage: ...\n", as the man page SYNOPSIS */
	const char *more;	/* a line for --help after the usage: the
				 * commands or names it takes, or NULL */
	unsigned shared;	/* CLI_DB | ... */
	const struct cli_option *options;	/* its own, or NULL */
};

/* The most options a command takes, shared ones included. */
#define CLI_MAX_OPTIONS 48

/* The command line as parsed: the values of the shared options. */
struct cli_opts {
	const struct cli_command *cmd;
	const char *db;		/* -d, or NULL: see cli_db() */
	const char *output;	/* -o, or NULL */
	enum ar_format format;	/* -f, when format_set */
	bool format_set, dry_run, verbose, excel_safe;
	ar_date as_of;		/* --as-of, else AR_DATE_NONE */
	/*
	 * When set, asked about every option but -h and -V before it is
	 * taken (c: its letter or code): false ends the run with status 2
	 * after accept said why.
	 */
	bool (*accept)(void *ctx, int c);
	void *ctx;
	/* private: the tables for getopt_long(), made at the first call */
	struct option longopts[CLI_MAX_OPTIONS + 1];
	char shortopts[3 * CLI_MAX_OPTIONS + 1];
};

void cli_opts_init(struct cli_opts *o, const struct cli_command *cmd);

/* Whether the command running (the last cli_opts_init()) takes the long
 * option name ("as-of"); true before any. */
bool cli_has_option(const char *name);

/*
 * getopt_long() over the shared options o->cmd takes and its own: the
 * shared ones are taken here, into o; the next own option is returned
 * (optarg as usual), -1 at the end (optind as usual).  -h prints the
 * help, -V the version, and both end the run with status 0; an unknown
 * option or a bad value of a shared one prints why and ends it with 2.
 */
int cli_getopt(struct cli_opts *o, int argc, char **argv);

/* Print the usage text to stderr and return 2 (exit status of misuse). */
int cli_usage_error(const struct cli_opts *o);

/* An option as the user may have written it, for messages ("--as-of"). */
void cli_option_name(const struct cli_opts *o, int c, char *buf, size_t size);

/*
 * The rows a command writes: -o (through cli_output), -f (else csv to a
 * file and cli_default_format() to stdout), --excel-safe, and a table
 * fitted to the terminal.
 */
struct cli_rows {
	struct cli_output out;
	struct ar_writer *w;
	struct ar_cells cells;	/* into w */
	enum ar_format format;
	const char *path;	/* -o */
};

/*
 * Open the output (path NULL: o->output) and choose its format; spool:
 * hold stdout until the commit (cli_output_spool()).  False after a
 * message: the exit status is 4.
 */
bool cli_rows_open(struct cli_rows *r, const struct cli_opts *o,
		   const char *path, bool spool);
/*
 * The writer of columns cols to the output opened, --excel-safe taken,
 * and its cells; fit: a table is fitted to the terminal (cli_table_fit()).
 */
ar_status cli_rows_writer(struct cli_rows *r, const struct cli_opts *o,
			  const struct ar_column *cols, size_t n, bool fit);
/*
 * End the rows of a run whose status is st (the writer finished): free
 * the writer, then commit the output, or abort it and report st
 * (cli_fail_output()).  Returns 0, 4 when the commit failed, or the
 * status of the failure.
 */
int cli_rows_close(struct cli_rows *r, ar_status st,
		   const struct ar_ledger *l);

/* A progress line on stderr when it is a terminal and not quiet. */
void cli_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Clear the progress line if one was shown. */
void cli_progress_done(void);

/*
 * Close stdout and check it, so a full disk is an error (exit 4), not
 * silence.  Returns status, or 4 when stdout failed.
 */
int cli_finish(int status);

#endif
