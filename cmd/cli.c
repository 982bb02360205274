/*
 * cli.c - the shared front-end helpers of the ar-* commands.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char *cli_progname = "ar";
bool cli_quiet;
static bool progress_shown;
static struct timespec progress_start, progress_last;

void cli_init(const char *progname)
{
	cli_progname = progname;
	clock_gettime(CLOCK_MONOTONIC, &progress_start);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;
	cli_progress_done();
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "%s: out of memory\n", cli_progname);
		return;
	}
	ar_text_printable(msg);	/* it may quote customer text */
	fprintf(stderr, "%s: %s\n", cli_progname, msg);
	free(msg);
}

int cli_exit_status(ar_status st)
{
	switch (st) {
	case AR_OK:		return 0;
	case AR_ECHECK:		return 1;
	case AR_EUSAGE:		return 2;
	case AR_EINPUT:
	case AR_ENOTFOUND:
	case AR_EEXISTS:	return 3;
	case AR_EBUSY:		return 5;
	case AR_ELEDGER:
	case AR_ENOMEM:		return 4;
	}
	return 4;
}

int cli_bad_usage(const char *what)
{
	cli_err("%s", what);
	return 2;
}

int cli_fail(ar_status st, const char *detail)
{
	if (detail && *detail)
		cli_err("%s", detail);
	else
		cli_err("%s", ar_strerror(st));
	return cli_exit_status(st);
}

/*
 * A field of the call as the command's option ("as_of" is --as-of), or
 * its own name when the command has no such option; false then.
 */
static bool option_of(const char *field, char *buf, size_t size)
{
	size_t n = 2;
	snprintf(buf, size, "--%s", field);
	for (; n < size && buf[n]; n++)
		if (buf[n] == '_')
			buf[n] = '-';
	if (cli_has_option(buf + 2))
		return true;
	snprintf(buf, size, "%s", field);
	return false;
}

/* " (--allow-closed posts anyway)" */
static void hint_text(const char *field, const char *does, char *buf,
		      size_t size)
{
	char opt[128];
	/* a hint the command cannot take is no help */
	if (!option_of(field, opt, sizeof(opt)))
		return;
	snprintf(buf, size, " (%s%s%s)", opt, does ? " " : "", does ? does : "");
}

void cli_notice_text(const struct ar_notice *n, char *buf, size_t size)
{
	char field[128] = "", hint[160] = "", where[512] = "";
	if (n->file && n->line)
		snprintf(where, sizeof(where), "%s:%ld: ", n->file, n->line);
	else if (n->file)
		snprintf(where, sizeof(where), "%s: ", n->file);
	if (n->field && n->file)
		snprintf(field, sizeof(field), "%s: ", n->field);
	else if (n->field) {
		option_of(n->field, field, sizeof(field) - 2);
		strcat(field, ": ");
	}
	if (n->hint)
		hint_text(n->hint, n->hint_does, hint, sizeof(hint));
	snprintf(buf, size, "%s%s%s%s", where, field, n->text, hint);
}

void cli_notice(const struct ar_notice *n)
{
	char buf[2048];
	cli_notice_text(n, buf, sizeof(buf));
	cli_err("%s", buf);
}

int cli_fail_ledger(ar_status st, const struct ar_ledger *l)
{
	const struct ar_notice *n = ar_ledger_error(l);
	if (!*n->text)
		return cli_fail(st, NULL);
	cli_notice(n);
	return cli_exit_status(st);
}

const char *cli_db(const char *opt)
{
	const char *env = getenv("AR_DB");
	if (opt)
		return opt;
	return env && *env ? env : "ar.db";
}

/* $name as a number from min to max, else def. */
static long env_long(const char *name, long min, long max, long def)
{
	const char *s = getenv(name);
	char *end;
	if (s && *s) {
		long v = strtol(s, &end, 10);
		if (*end == '\0' && v >= min && v <= max)
			return v;
	}
	return def;
}

ar_status cli_ledger_open(struct ar_ledger **l, const char *db,
			  unsigned flags, bool *created)
{
	struct ar_ledger_config c;
	const char *user = getenv("USER");

	ar_ledger_config_init(&c);
	/* whole seconds */
	c.busy_timeout_ms = (int)env_long("AR_BUSY_TIMEOUT", 0, 86399,
					  c.busy_timeout_ms / 1000) * 1000;
	c.user = user && *user ? user : NULL;
	/* for tests that compare the bulk and the row-by-row paths */
	c.bulk_applications = env_long("AR_BULK_APPLICATIONS", 1, LONG_MAX,
				       c.bulk_applications);
	return ar_ledger_open_config(l, cli_db(db), flags, created, &c);
}

bool cli_date(const char *opt, const char *s, ar_date *out)
{
	if (ar_date_parse_iso(s, strlen(s), out) != AR_OK)
		cli_err("%s: '%s' is not a date (YYYY-MM-DD)", opt, s);
	else if (!ar_date_in_window(*out))
		cli_err("%s: '%s' is outside " AR_DATE_WINDOW, opt, s);
	else
		return true;
	return false;
}

bool cli_long(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < min || v > max) {
		cli_err("%s: '%s' is not a number from %ld to %ld", opt, s,
			min, max);
		return false;
	}
	*out = v;
	return true;
}

bool cli_format(const char *s, enum ar_format *out)
{
	if (ar_format_parse(s, out) == AR_OK)
		return true;
	cli_err("--format: '%s' is not csv, tsv, json or table", s);
	return false;
}

bool cli_delimiter(const char *s, char *out)
{
	static const struct { const char *name; char c; } names[] = {
		{",", ','}, {"comma", ','}, {";", ';'}, {"semicolon", ';'},
		{"\t", '\t'}, {"tab", '\t'}, {"|", '|'}, {"pipe", '|'},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].c;
			return true;
		}
	cli_err("--delimiter: '%s' is not one of ',', ';', '|' or tab", s);
	return false;
}

void cli_table_fit(struct ar_writer *w, FILE *out, bool wide)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	long cols = 0;
	char *end;
	if (wide || !w || !isatty(fileno(out)))
		return;
	if (env && *env) {
		cols = strtol(env, &end, 10);
		if (*end || cols < 20 || cols > 10000)
			cols = 0;
	}
	if (!cols && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		cols = ws.ws_col;
	ar_writer_set_width(w, (size_t)(cols ? cols : 80), "--wide");
}

enum ar_format cli_default_format(FILE *out)
{
	return isatty(fileno(out)) ? AR_FMT_TABLE : AR_FMT_CSV;
}

/*
 * Remove what killed runs left of path: "NAME.tmp.PID.XXXXXX" beside it
 * whose PID is no live process.  A temporary of a run still writing is
 * left alone, and so is anything else.
 */
static void remove_stale_temps(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	char *dir = slash ? strndup(path, (size_t)(slash - path + 1))
			  : strdup("./");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d))) {
		const char *p = e->d_name;
		char *end, *stale;
		long pid;

		if (strncmp(p, base, blen) != 0 ||
		    strncmp(p + blen, ".tmp.", 5) != 0)
			continue;
		p += blen + 5;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (end == p || *p < '1' || *p > '9' || errno ||
		    pid > INT32_MAX || *end != '.' || strlen(end + 1) != 6)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if ((stale = malloc(strlen(dir) + strlen(e->d_name) + 1))) {
			strcat(strcpy(stale, dir), e->d_name);
			unlink(stale);
			free(stale);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

bool cli_output_open(struct cli_output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return true;
	}
	/* a device or pipe is written in place: there is nothing to rename */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (!(o->fp = fopen(path, "w"))) {
			cli_err("cannot open '%s': %s", path, strerror(errno));
			return false;
		}
		o->direct = true;
		return true;
	}
	size_t n = strlen(path) + 40;
	o->path = strdup(path);
	o->tmp = malloc(n);
	if (!o->path || !o->tmp) {
		cli_err("out of memory");
		return false;
	}
	remove_stale_temps(path);
	/* the PID in the name tells a later run whether its writer lives */
	snprintf(o->tmp, n, "%s.tmp.%ld.XXXXXX", path, (long)getpid());
	int fd = mkstemp(o->tmp);	/* mode 0600: it may hold customer data */
	if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
		cli_err("cannot create '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		return false;
	}
	return true;
}

bool cli_output_spool(struct cli_output *o)
{
	if (o->fp != stdout)
		return true;
	if (!(o->fp = tmpfile())) {
		cli_err("cannot create a temporary file: %s", strerror(errno));
		o->fp = stdout;
		return false;
	}
	o->spool = true;
	return true;
}

/* Copy the spooled output to stdout. */
static bool unspool(struct cli_output *o)
{
	char buf[8192];
	size_t n;
	bool ok = fflush(o->fp) == 0;
	rewind(o->fp);
	while (ok && (n = fread(buf, 1, sizeof(buf), o->fp)) > 0)
		ok = fwrite(buf, 1, n, stdout) == n;
	ok = ok && !ferror(o->fp) && !ferror(stdout);
	if (!ok)
		cli_err("cannot write output: %s", strerror(errno));
	fclose(o->fp);
	o->fp = stdout;
	o->spool = false;
	return ok;
}

bool cli_output_commit(struct cli_output *o)
{
	bool ok = true;
	if (o->spool)
		return unspool(o);
	if (o->direct) {
		o->direct = false;
		if (fclose(o->fp) != 0) {
			cli_err("cannot write output: %s", strerror(errno));
			return false;
		}
		return true;
	}
	if (!o->tmp)
		return true;
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0) {
		cli_err("cannot write '%s': %s", o->path, strerror(errno));
		ok = false;
	}
	if (fclose(o->fp) != 0 && ok) {
		cli_err("cannot write '%s': %s", o->path, strerror(errno));
		ok = false;
	}
	if (ok && rename(o->tmp, o->path) != 0) {
		cli_err("cannot rename to '%s': %s", o->path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return ok;
}

void cli_output_abort(struct cli_output *o)
{
	if (o->spool) {
		fclose(o->fp);
		o->fp = stdout;
		o->spool = false;
		return;
	}
	if (o->direct) {
		o->direct = false;
		fclose(o->fp);
		return;
	}
	if (!o->tmp)
		return;
	fclose(o->fp);
	unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void cli_progress(const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	if (cli_quiet || !isatty(STDERR_FILENO))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* only for work that takes a while, and a few times a second */
	if (since(&progress_start, &now) < 1.0 ||
	    (progress_shown && since(&progress_last, &now) < 0.25))
		return;
	progress_last = now;
	progress_shown = true;
	fprintf(stderr, "\r%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
}

void cli_ledger_notice(void *ctx, const struct ar_notice *n)
{
	(void)ctx;
	char buf[2048];
	if (n->kind == AR_NOTICE_PROGRESS) {
		cli_notice_text(n, buf, sizeof(buf));
		cli_progress("%s", buf);
	} else if (n->kind == AR_NOTICE_EXPLAIN) {
		/* the reasoning is the output asked for: lines as they are */
		cli_notice_text(n, buf, sizeof(buf));
		cli_progress_done();
		fprintf(stderr, "%s\n", buf);
	} else if (!cli_quiet || (n->kind != AR_NOTICE_WARNING &&
				  n->kind != AR_NOTICE_SKIP)) {
		cli_notice(n);
	}
}

void cli_progress_done(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = false;
	}
}

/* A failure of standard output was reported (cli_fail_output()). */
static bool stdout_said;

int cli_finish(int status)
{
	cli_progress_done();
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (!stdout_said)
			fprintf(stderr, "%s: cannot write output: %s\n",
				cli_progname, strerror(errno));
		return 4;
	}
	return status;
}

void cli_import_error(const struct ar_import_error *e)
{
	char where[512], hint[160] = "";
	snprintf(where, sizeof(where), "%s:%ld", e->file, e->line);
	if (e->hint)
		hint_text(e->hint, e->hint_does, hint, sizeof(hint));
	if (e->field && e->value)
		cli_err("%s: %s: '%s' %s%s", where, e->field, e->value,
			e->reason, hint);
	else if (e->field)
		cli_err("%s: %s %s%s", where, e->field, e->reason, hint);
	else if (e->value)
		cli_err("%s: %s: %s%s", where, e->reason, e->value, hint);
	else
		cli_err("%s: %s%s", where, e->reason, hint);
}

int cli_fail_output(ar_status st, const struct ar_ledger *l, int write_errno,
		    const char *path)
{
	if (!write_errno)
		return cli_fail_ledger(st, l);
	if (path && strcmp(path, "-") != 0) {
		cli_err("cannot write '%s': %s", path, strerror(write_errno));
	} else {
		/* errno is long gone by cli_finish(): say it here, once */
		cli_err("cannot write output: %s", strerror(write_errno));
		stdout_said = true;
	}
	return 4;
}
