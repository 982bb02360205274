/*
 * cli_opts.c - the command line every ar-* command reads the same way:
 * the shared options, --help made from the option tables, and the output
 * of rows set up from -o, -f and --excel-safe.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The shared options, in the order of their CLI_ flags. */
static const struct cli_option shared[] = {
	{"db", 'd', required_argument, "DB",
	 "the ledger (default $AR_DB, else ar.db)"},
	{"format", 'f', required_argument, "csv|tsv|json|table",
	 "the output's format (default table on a terminal, else csv)"},
	{"dry-run", 'n', no_argument, NULL,
	 "do everything but change the ledger"},
	{"output", 'o', required_argument, "FILE",
	 "write to FILE, not standard output"},
	{"quiet", 'q', no_argument, NULL, "no warnings, notes or progress"},
	{"verbose", 'v', no_argument, NULL, "say more on standard error"},
	{"as-of", CLI_OPT_AS_OF, required_argument, "DATE",
	 "the day the work is done as of (default today)"},
	{"excel-safe", CLI_OPT_EXCEL_SAFE, no_argument, NULL,
	 "quote cells a spreadsheet would read as formulas"},
};

static const struct cli_option verbose_ignored = {
	"verbose", 'v', no_argument, NULL,
	"accepted; this command has nothing more to say"
};

static const struct cli_option always[] = {
	{"help", 'h', no_argument, NULL, "show this help"},
	{"version", 'V', no_argument, NULL, "show the version"},
};

#define NSHARED (sizeof(shared) / sizeof(shared[0]))

/* Every option cmd takes, into list (room for max: CLI_MAX_OPTIONS is
 * more than any command has); the count. */
static size_t all_options(const struct cli_command *cmd,
			  const struct cli_option **list, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < NSHARED && n < max; i++)
		if (cmd->shared & (1u << i))
			list[n++] = &shared[i];
	if ((cmd->shared & CLI_VERBOSE_IGNORED) && !(cmd->shared & CLI_VERBOSE)
	    && n < max)
		list[n++] = &verbose_ignored;
	for (size_t i = 0; i < 2 && n < max; i++)
		list[n++] = &always[i];
	for (const struct cli_option *p = cmd->options; p && p->name && n < max;
	     p++)
		list[n++] = p;
	return n;
}

static int by_name(const void *a, const void *b)
{
	const struct cli_option *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

/*
 * The options sorted by long name: the order of --help, and of
 * getopt_long()'s table, as the commands' own tables were.
 */
static size_t sorted_options(const struct cli_command *cmd,
			     const struct cli_option **list, size_t max)
{
	size_t n = all_options(cmd, list, max);
	qsort(list, n, sizeof(*list), by_name);
	return n;
}

/* The command running, for cli_has_option(). */
static const struct cli_command *running;

void cli_opts_init(struct cli_opts *o, const struct cli_command *cmd)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->as_of = AR_DATE_NONE;
	running = cmd;
}

bool cli_has_option(const char *name)
{
	const struct cli_option *list[CLI_MAX_OPTIONS];
	size_t n;
	if (!running)
		return true;
	n = all_options(running, list, CLI_MAX_OPTIONS);
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i]->name, name) == 0)
			return true;
	return false;
}

static void build(struct cli_opts *o)
{
	const struct cli_option *list[CLI_MAX_OPTIONS];
	size_t n = sorted_options(o->cmd, list, CLI_MAX_OPTIONS), k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct cli_option *p = list[i];
		o->longopts[i] = (struct option){p->name, p->has_arg, NULL,
						  p->val};
		if (p->val >= 256)
			continue;
		o->shortopts[k++] = (char)p->val;
		if (p->has_arg != no_argument)
			o->shortopts[k++] = ':';
		if (p->has_arg == optional_argument)
			o->shortopts[k++] = ':';
	}
	o->longopts[n] = (struct option){NULL, 0, NULL, 0};
	o->shortopts[k] = '\0';
}

/* "  -f, --format csv|tsv|json|table" and its words, on fp. */
static void help_line(FILE *fp, const struct cli_option *p)
{
	char left[128];
	int n;
	if (p->val < 256)
		n = snprintf(left, sizeof(left), "  -%c, --%s", p->val, p->name);
	else
		n = snprintf(left, sizeof(left), "      --%s", p->name);
	if (p->arg && n > 0 && (size_t)n < sizeof(left))
		snprintf(left + n, sizeof(left) - (size_t)n,
			 p->has_arg == optional_argument ? " [%s]" : " %s",
			 p->arg);
	/* the words in a column of their own, on the next line after an
	 * option too wide for it */
	if (strlen(left) > 29)
		fprintf(fp, "%s\n%-30s %s\n", left, "", p->help);
	else
		fprintf(fp, "%-30s %s\n", left, p->help);
}

static void help(const struct cli_command *cmd)
{
	const struct cli_option *list[CLI_MAX_OPTIONS];
	size_t n = sorted_options(cmd, list, CLI_MAX_OPTIONS);

	fputs(cmd->usage, stdout);
	if (cmd->more)
		printf("\n%s\n", cmd->more);
	putchar('\n');
	for (size_t i = 0; i < n; i++)
		help_line(stdout, list[i]);
	printf("\nsee %s(1)\n", cmd->name);
}

int cli_usage_error(const struct cli_opts *o)
{
	fputs(o->cmd->usage, stderr);
	return 2;
}

void cli_option_name(const struct cli_opts *o, int c, char *buf, size_t size)
{
	const struct cli_option *list[CLI_MAX_OPTIONS];
	size_t n = all_options(o->cmd, list, CLI_MAX_OPTIONS);
	for (size_t i = 0; i < n; i++)
		if (list[i]->val == c && c >= 256) {
			snprintf(buf, size, "--%s", list[i]->name);
			return;
		}
	snprintf(buf, size, "-%c", c);
}

/* Take shared option c; false after a message about its value. */
static bool take(struct cli_opts *o, int c)
{
	switch (c) {
	case 'd': o->db = optarg; break;
	case 'f':
		if (!cli_format(optarg, &o->format))
			return false;
		o->format_set = true;
		break;
	case 'n': o->dry_run = true; break;
	case 'o': o->output = optarg; break;
	case 'q': cli_quiet = true; break;
	case 'v': o->verbose = true; break;
	case CLI_OPT_AS_OF: return cli_date("--as-of", optarg, &o->as_of);
	case CLI_OPT_EXCEL_SAFE: o->excel_safe = true; break;
	}
	return true;
}

static bool is_shared(const struct cli_opts *o, int c)
{
	if (c == 'v' && (o->cmd->shared & CLI_VERBOSE_IGNORED))
		return true;
	for (size_t i = 0; i < NSHARED; i++)
		if (shared[i].val == c)
			return o->cmd->shared & (1u << i);
	return false;
}

int cli_getopt(struct cli_opts *o, int argc, char **argv)
{
	int c;

	if (!o->longopts[0].name)
		build(o);
	while ((c = getopt_long(argc, argv, o->shortopts, o->longopts,
				NULL)) != -1) {
		if (c == 'h') {
			help(o->cmd);
			exit(cli_finish(0));
		}
		if (c == 'V') {
			printf("%s (arkit) %s\n", o->cmd->name, AR_VERSION);
			exit(cli_finish(0));
		}
		if (c == '?' || c == ':')
			exit(cli_usage_error(o));
		if (o->accept && !o->accept(o->ctx, c))
			exit(2);
		if (!is_shared(o, c))
			return c;
		if (!take(o, c))
			exit(2);
	}
	return -1;
}

bool cli_rows_open(struct cli_rows *r, const struct cli_opts *o,
		   const char *path, bool spool)
{
	memset(r, 0, sizeof(*r));
	r->path = path ? path : o->output;
	if (!cli_output_open(&r->out, r->path))
		return false;
	if (spool && !cli_output_spool(&r->out)) {
		cli_output_abort(&r->out);
		return false;
	}
	r->format = o->format_set ? o->format : o->output ? AR_FMT_CSV
			: cli_default_format(stdout);
	return true;
}

ar_status cli_rows_writer(struct cli_rows *r, const struct cli_opts *o,
			  const struct ar_column *cols, size_t n, bool fit)
{
	ar_status st = ar_writer_new(&r->w, r->out.fp, r->format, cols, n,
				     o->excel_safe ? AR_OUT_EXCEL_SAFE : 0);
	if (st == AR_OK && fit && r->format == AR_FMT_TABLE)
		cli_table_fit(r->w, r->out.fp, false);
	if (st == AR_OK)
		ar_cells_writer(&r->cells, r->w);
	return st;
}

int cli_rows_close(struct cli_rows *r, ar_status st,
		   const struct ar_ledger *l)
{
	int werr = ar_writer_errno(r->w);
	ar_writer_free(r->w);
	r->w = NULL;
	if (st != AR_OK) {
		cli_output_abort(&r->out);
		return cli_fail_output(st, l, werr, r->path);
	}
	return cli_output_commit(&r->out) ? 0 : 4;
}
