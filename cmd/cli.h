/*
 * cli.h - what every ar-* command does the same way: messages, the ledger
 * path, option values, output files, progress, and the exit status.
 */
#ifndef AR_CLI_H
#define AR_CLI_H

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

/* Print "usage: ..." help to fp. */
void cli_usage(FILE *fp, const char *synopsis);

/* The ledger path: the option, else $AR_DB, else ./ar.db. */
const char *cli_db(const char *opt);

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
