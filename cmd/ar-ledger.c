/*
 * ar-ledger - create the ledger, settings, invariant check, batches,
 * period close, backup, schema upgrade.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: ar-ledger [-nqv] [-d DB] init\n"
	"       ar-ledger [-d DB] [-n] set KEY VALUE\n"
	"       ar-ledger [-d DB] [--excel-safe] [-f FMT] get [KEY]\n"
	"       ar-ledger [-d DB] [--quick] check\n"
	"       ar-ledger [-d DB] [--excel-safe] [-f FMT] batches\n"
	"       ar-ledger [-d DB] [-n] close YYYY-MM\n"
	"       ar-ledger [-d DB] backup FILE\n"
	"       ar-ledger [-d DB] [-n] rebuild\n"
	"       ar-ledger [-q] [-d DB] upgrade\n";

enum { OPT_QUICK = 256 };

static const struct cli_option options[] = {
	{"quick", OPT_QUICK, no_argument, NULL,
	 "check: SQLite's quick check, not the full one"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-ledger", usage_text,
	"commands: init, set, get, check, batches, close, backup, rebuild, "
	"upgrade",
	CLI_DB | CLI_FORMAT | CLI_DRY_RUN | CLI_QUIET | CLI_VERBOSE |
	CLI_EXCEL_SAFE, options,
};

struct opts {
	const char *db;
	bool dry_run, format_set, verbose, quick;
	enum ar_format format;
	unsigned flags;		/* of the writer */
	int argc;
	char **argv;		/* the whole command line, for the batch */
};

static int usage_error(const char *what)
{
	if (what)
		cli_err("%s", what);
	fputs(usage_text, stderr);
	return 2;
}

static int open_ledger(const struct opts *o, struct ar_ledger **l,
		       unsigned flags, bool *created)
{
	ar_status st = cli_ledger_open(l, o->db, flags, created);
	if (st != AR_OK)
		return cli_fail_ledger(st, *l);
	ar_ledger_set_notice(*l, cli_ledger_notice, NULL);
	if (*created && !cli_quiet)
		cli_err("created ledger '%s'", cli_db(o->db));
	return 0;
}

/* Run fn inside a batch: commit, or roll back with -n or on failure. */
static int in_batch(const struct opts *o, struct ar_ledger *l,
		    ar_status (*fn)(struct ar_ledger *, char **), char **args)
{
	ar_status st = ar_ledger_begin(l, "ar-ledger", o->argc, o->argv, NULL);
	if (st == AR_OK)
		st = fn(l, args);
	if (st != AR_OK) {
		int rc = cli_fail_ledger(st, l);
		ar_ledger_rollback(l);
		return rc;
	}
	if (o->dry_run) {
		ar_ledger_rollback(l);
		if (!cli_quiet)
			cli_err("dry run: nothing changed");
		return 0;
	}
	st = ar_ledger_commit(l, NULL);
	return st == AR_OK ? 0 : cli_fail_ledger(st, l);
}

static ar_status do_set(struct ar_ledger *l, char **args)
{
	return ar_setting_set(l, args[0], args[1]);
}

static ar_status do_close(struct ar_ledger *l, char **args)
{
	return ar_ledger_close_period(l, args[0]);
}

static ar_status do_rebuild(struct ar_ledger *l, char **args)
{
	(void)args;
	return ar_ledger_rebuild(l);
}

static ar_status do_nothing(struct ar_ledger *l, char **args)
{
	(void)l, (void)args;
	return AR_OK;
}

static int cmd_get(const struct opts *o, struct ar_ledger *l, char **args,
		   int n)
{
	const char *const *keys = ar_setting_keys();
	struct ar_writer *w;
	struct ar_cells cells;
	ar_status st;
	char *v;

	if (n == 1) {
		if ((st = ar_setting_get(l, args[0], &v, NULL)) != AR_OK)
			return cli_fail_ledger(st, l);
		puts(v);
		free(v);
		return 0;
	}
	enum ar_format f = o->format_set ? o->format : cli_default_format(stdout);
	if ((st = ar_writer_new(&w, stdout, f, ar_setting_columns,
				AR_SETTING_COLUMNS, o->flags)) != AR_OK)
		return cli_fail(st, NULL);
	ar_cells_writer(&cells, w);
	for (; *keys && st == AR_OK; keys++) {
		bool set;
		if ((st = ar_setting_get(l, *keys, &v, &set)) != AR_OK)
			break;
		st = ar_setting_row_put(&cells, *keys, v, set);
		free(v);
	}
	if (st == AR_OK)
		st = ar_writer_finish(w);
	int werr = ar_writer_errno(w);
	ar_writer_free(w);
	return st == AR_OK ? 0 : cli_fail_output(st, l, werr, NULL);
}

/* The problems a check finds are its output. */
static void say_problem(void *ctx, const struct ar_notice *n)
{
	char line[2048];
	(void)ctx;
	cli_notice_text(n, line, sizeof(line));
	ar_text_printable(line);	/* it may quote customer text */
	printf("%s\n", line);
}

static int cmd_check(const struct opts *o, struct ar_ledger *l)
{
	long problems;
	ar_status st = o->quick
		? ar_ledger_check_quick(l, say_problem, NULL, &problems)
		: ar_ledger_check(l, say_problem, NULL, &problems);
	if (st != AR_OK)
		return cli_fail_ledger(st, l);
	if (problems) {
		cli_err("%s: %ld problem%s", cli_db(o->db), problems,
			problems == 1 ? "" : "s");
		return 1;
	}
	return 0;
}

static int cmd_upgrade(const struct opts *o, struct ar_ledger *l)
{
	struct ar_upgrade_info u;
	ar_status st = ar_ledger_upgrade(l, "ar-ledger", o->argc, o->argv,
					 say_problem, NULL, &u);
	if (st != AR_OK)
		return cli_fail_ledger(st, l);
	if (cli_quiet)
		return 0;
	if (u.from == u.to)
		cli_err("'%s' is version %d, the current one; nothing to do",
			cli_db(o->db), u.from);
	else
		cli_err("'%s': backed up to '%s', upgraded from version %d "
			"to %d, checked", cli_db(o->db), u.backup, u.from, u.to);
	return 0;
}

static ar_status one_batch(void *ctx, const struct ar_batch_info *b)
{
	return ar_batch_row_put(ctx, b);
}

static int cmd_batches(const struct opts *o, struct ar_ledger *l)
{
	struct ar_writer *w;
	struct ar_cells cells;
	enum ar_format f = o->format_set ? o->format : cli_default_format(stdout);
	ar_status st = ar_writer_new(&w, stdout, f, ar_batch_columns,
				     AR_BATCH_COLUMNS, o->flags);
	ar_cells_writer(&cells, w);
	if (st == AR_OK)
		st = ar_ledger_batches(l, one_batch, &cells);
	if (st == AR_OK)
		st = ar_writer_finish(w);
	int werr = ar_writer_errno(w);
	ar_writer_free(w);
	return st == AR_OK ? 0 : cli_fail_output(st, l, werr, NULL);
}

static int run(struct opts *o, int argc, char **argv)
{
	struct ar_ledger *l = NULL;
	const char *cmd = argv[0];
	int rc, nargs = argc - 1;
	char **args = argv + 1;

	static const struct {
		const char *name;
		int min, max;
	} cmds[] = {
		{"init", 0, 0}, {"set", 2, 2}, {"get", 0, 1}, {"check", 0, 0},
		{"batches", 0, 0}, {"close", 1, 1}, {"backup", 1, 1},
		{"rebuild", 0, 0}, {"upgrade", 0, 0},
	};
	size_t i;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmd, cmds[i].name) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0])) {
		cli_err("'%s' is not a command", cmd);
		return usage_error(NULL);
	}
	if (nargs < cmds[i].min || nargs > cmds[i].max) {
		cli_err("%s: wrong number of arguments", cmd);
		return usage_error(NULL);
	}
	if (o->quick && strcmp(cmd, "check") != 0) {
		cli_err("--quick is an option of check");
		return usage_error(NULL);
	}
	bool created;
	if (strcmp(cmd, "init") == 0 && o->dry_run) {
		if (!cli_quiet)
			cli_err("dry run: nothing changed");
		return 0;
	}
	/*
	 * The commands that only read work on a ledger they cannot write;
	 * not backup: SQLite's VACUUM INTO from a read-only connection
	 * miscounts the generated columns of the document table.
	 */
	bool reads = strcmp(cmd, "get") == 0 || strcmp(cmd, "check") == 0 ||
		     strcmp(cmd, "batches") == 0;
	unsigned flags = strcmp(cmd, "init") == 0 ? AR_LEDGER_CREATE
		: strcmp(cmd, "upgrade") == 0 ? AR_LEDGER_UPGRADE
		: reads ? AR_LEDGER_READONLY : 0;
	if ((rc = open_ledger(o, &l, flags, &created)) != 0) {
		ar_ledger_close(l);
		return rc;
	}
	if (strcmp(cmd, "init") == 0 && !created) {
		if (!cli_quiet)
			cli_err("'%s' is already a ledger; nothing to do",
				cli_db(o->db));
	} else if (strcmp(cmd, "init") == 0)
		rc = in_batch(o, l, do_nothing, args);
	else if (strcmp(cmd, "set") == 0)
		rc = in_batch(o, l, do_set, args);
	else if (strcmp(cmd, "close") == 0)
		rc = in_batch(o, l, do_close, args);
	else if (strcmp(cmd, "rebuild") == 0)
		rc = in_batch(o, l, do_rebuild, args);
	else if (strcmp(cmd, "get") == 0)
		rc = cmd_get(o, l, args, nargs);
	else if (strcmp(cmd, "check") == 0)
		rc = cmd_check(o, l);
	else if (strcmp(cmd, "batches") == 0)
		rc = cmd_batches(o, l);
	else if (strcmp(cmd, "upgrade") == 0)
		rc = cmd_upgrade(o, l);
	else {
		ar_status st = ar_ledger_backup(l, args[0]);
		rc = st == AR_OK ? 0 : cli_fail_ledger(st, l);
	}
	ar_ledger_close(l);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = {.argc = argc, .argv = argv};
	struct cli_opts co;
	int c;

	cli_init("ar-ledger");
	cli_opts_init(&co, &command);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case OPT_QUICK: o.quick = true; break;
		}
	}
	argc -= optind;
	argv += optind;
	o.db = co.db;
	o.dry_run = co.dry_run;
	o.verbose = co.verbose;
	o.format_set = co.format_set;
	o.format = co.format;
	o.flags = co.excel_safe ? AR_OUT_EXCEL_SAFE : 0;
	if (argc < 1)
		return usage_error("a command is required");
	return cli_finish(run(&o, argc, argv));
}
