/*
 * ar-dun - dunning letters by level, with fees and late interest, as
 * text, HTML, PDF, e-mail files, an mbox or through sendmail; and pauses.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mailout.h"

static const char usage_text[] =
	"usage: ar-dun [-nqv] [-d DB] [--as-of DATE] [--at DATETIME]\n"
	"              [--customer ID] [--level N] [-f eml|mbox|text|html|pdf]\n"
	"              [-o DIR|FILE | --one-file FILE] [--sendmail CMD]\n"
	"              [--post-charges]\n"
	"       ar-dun [-nq] [-d DB] [--as-of DATE] --pause ID --until DATE\n"
	"              --reason TEXT\n";

enum { OPT_AT = 256, OPT_CUSTOMER, OPT_LEVEL, OPT_PAUSE, OPT_POST,
	OPT_REASON, OPT_SENDMAIL, OPT_UNTIL, OPT_ONE_FILE };

static const struct cli_option options[] = {
	{"at", OPT_AT, required_argument, "DATETIME",
	 "the time the letters say they were sent (default now)"},
	{"customer", OPT_CUSTOMER, required_argument, "ID",
	 "only this customer"},
	{"format", 'f', required_argument, "eml|mbox|text|html|pdf",
	 "the letters' form (default text)"},
	{"level", OPT_LEVEL, required_argument, "N", "only letters of level N"},
	{"one-file", OPT_ONE_FILE, required_argument, "FILE",
	 "PDF letters into one file, for printing"},
	{"output", 'o', required_argument, "DIR|FILE",
	 "one file per letter in DIR, or the mbox FILE"},
	{"pause", OPT_PAUSE, required_argument, "ID",
	 "pause the dunning of a customer"},
	{"post-charges", OPT_POST, no_argument, NULL,
	 "post the fees and interest the letters charge"},
	{"reason", OPT_REASON, required_argument, "TEXT", "why the pause"},
	{"sendmail", OPT_SENDMAIL, required_argument, "CMD",
	 "send each letter through CMD"},
	{"until", OPT_UNTIL, required_argument, "DATE", "the pause's end"},
	{NULL, 0, 0, NULL, NULL},
};

static const struct cli_command command = {
	"ar-dun", usage_text, NULL,
	CLI_DB | CLI_DRY_RUN | CLI_QUIET | CLI_VERBOSE | CLI_AS_OF, options,
};

enum fmt { F_TEXT, F_HTML, F_EML, F_MBOX, F_PDF };

struct run {
	enum fmt fmt;
	struct mailout m;	/* files (text, html, eml, pdf), mbox, sendmail */
	struct pdfout pdf;	/* PDF letters */
	bool print_run;		/* PDF letters into one file: sent */
	FILE *out;		/* stdout or the mbox */
	bool verbose;
	struct ar_dun_templates t[AR_DUN_LEVELS_MAX];
	long held, failed, letters_by_post;
};

/* Customers left out are said with -v only. */
static void on_notice(void *ctx, const struct ar_notice *n)
{
	struct run *r = ctx;
	if (n->kind != AR_NOTICE_SKIP)
		cli_ledger_notice(NULL, n);
	else if (r->verbose)
		cli_notice(n);
}

/* Render template t of letter d into a string (caller frees), or NULL. */
static char *render(const struct ar_template *t, const struct ar_dun_letter *d)
{
	char *buf;
	return ar_template_string(t, d, &buf) == AR_OK ? buf : NULL;
}

/* The message of letter d (caller frees), or NULL. */
static char *message(const struct ar_dun_letter *d, const char *text,
		     const char *html, const char *subject, size_t *len)
{
	char *buf, seed[256], day[AR_DATE_BUFSZ];
	ar_date_format(day, d->date);
	snprintf(seed, sizeof(seed), "dun|%s|%s|%s|%d", d->customer_id,
		 d->currency, day, d->level);
	struct ar_mail m = {.from_name = d->company_name,
			    .from_addr = d->company_email,
			    .to_name = d->customer_name, .to_addr = d->email,
			    .subject = subject, .date = d->date,
			    .id_seed = seed, .text = text, .html = html};
	return ar_mail_string(&m, &buf, len) == AR_OK ? buf : NULL;
}

static ar_status draw_letter(struct ar_pdf *p, const void *doc,
			     const void *text)
{
	return ar_dun_letter_pdf(p, doc, text);
}

/* Letter d as PDF: into a file of its own, or the run's one file. */
static ar_status pdf_letter(struct run *r, const struct ar_dun_letter *d,
			    bool *sent)
{
	char *words = render(r->t[d->level - 1].letter, d);
	if (!words)
		return AR_ENOMEM;
	ar_status st = pdfout_put(&r->pdf, d->customer_id, d->currency, d->date,
				  draw_letter, d, words);
	free(words);
	/* in a directory, or in a file for a print run: sent when that
	 * file is complete (a failed one ends the run, recording nothing) */
	*sent = st == AR_OK && (r->m.dir || r->print_run);
	return st;
}

static ar_status on_letter(void *ctx, const struct ar_dun_letter *d,
			   bool *sent)
{
	struct run *r = ctx;
	if (r->fmt == F_PDF)
		return pdf_letter(r, d, sent);
	const struct ar_dun_templates *t = &r->t[d->level - 1];
	char *text = render(t->text, d), *html = render(t->html, d);
	char *subject = render(t->subject, d);
	char path[4200];
	bool by_mail = strcmp(d->channel, "email") == 0;
	bool ok = text && html && subject;
	*sent = false;

	if (!ok)
		goto out;
	if (!by_mail && (r->fmt == F_EML || r->fmt == F_MBOX ||
			 r->m.sendmail)) {
		/* no address: a letter on paper, listed */
		if (r->fmt == F_EML) {
			ok = mailout_file(&r->m, d->customer_id, d->currency,
					  "txt", text, path, sizeof(path));
			if (ok && !cli_quiet)
				cli_err("%s: no e-mail address: letter in '%s'",
					d->customer_id, path);
		} else {
			/* by post, not by this run: the user writes them */
			r->held++;
			cli_err("%s: no e-mail address: held (write its letter "
				"with -f text -o DIR --customer)", d->customer_id);
			goto out;
		}
		*sent = ok;
		goto out;
	}
	if (by_mail) {
		size_t len;
		char *msg = message(d, text, html, subject, &len);
		if (!(ok = msg != NULL))
			goto out;
		if (r->fmt == F_EML) {
			ok = mailout_file(&r->m, d->customer_id, d->currency,
					  "eml", msg, path, sizeof(path));
			*sent = ok;
		} else if (mailout_send(&r->m, d->customer_id, d->date, msg,
					len)) {
			*sent = true;
		} else {
			r->failed++;
			ok = r->m.mbox == NULL;	/* a full mbox ends the run */
		}
		free(msg);
		goto out;
	}
	const char *body = r->fmt == F_HTML ? html : text;
	if (r->m.dir) {
		ok = mailout_file(&r->m, d->customer_id, d->currency,
				  r->fmt == F_HTML ? "html" : "txt", body, path,
				  sizeof(path));
	} else {
		/* a preview: not sent, so nothing is recorded */
		if (r->letters_by_post++ && r->fmt == F_TEXT)
			putc('\f', r->out);
		fputs(body, r->out);
	}
	*sent = ok && r->m.dir;
out:
	free(text);
	free(html);
	free(subject);
	return ok ? AR_OK : AR_ELEDGER;
}

int main(int argc, char **argv)
{
	struct ar_dun_options o = {.as_of = AR_DATE_NONE};
	struct run run = {.fmt = F_TEXT, .out = stdout};
	struct ar_dun_stats stats = {0};
	struct cli_output out = {0};
	struct cli_opts co;
	struct ar_ledger *l = NULL;
	const char *output = NULL, *pause = NULL, *reason = NULL;
	const char *one = NULL;
	ar_date until = AR_DATE_NONE;
	int argc0 = argc;
	char **argv0 = argv;
	bool has_at = false, out_open = false;
	int c, rc = 0, nlevels = 0;
	long v;
	ar_status st;

	cli_init("ar-dun");
	cli_opts_init(&co, &command);
	while ((c = cli_getopt(&co, argc, argv)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				run.fmt = F_TEXT;
			else if (strcmp(optarg, "html") == 0)
				run.fmt = F_HTML;
			else if (strcmp(optarg, "eml") == 0)
				run.fmt = F_EML;
			else if (strcmp(optarg, "mbox") == 0)
				run.fmt = F_MBOX;
			else if (strcmp(optarg, "pdf") == 0)
				run.fmt = F_PDF;
			else {
				cli_err("-f: '%s' is not eml, mbox, text, html "
					"or pdf", optarg);
				return 2;
			}
			break;
		case 'o': output = optarg; break;
		case OPT_AT:
			if (ar_time_parse(optarg, &o.now) != AR_OK) {
				cli_err("--at: '%s' is not a date and time "
					"(YYYY-MM-DDTHH:MM[:SS][Z])", optarg);
				return 2;
			}
			has_at = true;
			break;
		case OPT_CUSTOMER: o.customer_id = optarg; break;
		case OPT_LEVEL:
			if (!cli_long("--level", optarg, 1, AR_DUN_LEVELS_MAX,
				      &v))
				return 2;
			o.level = (int)v;
			break;
		case OPT_PAUSE: pause = optarg; break;
		case OPT_ONE_FILE: one = optarg; break;
		case OPT_POST: o.post_charges = true; break;
		case OPT_REASON: reason = optarg; break;
		case OPT_SENDMAIL: run.m.sendmail = optarg; break;
		case OPT_UNTIL:
			if (!cli_date("--until", optarg, &until))
				return 2;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	o.as_of = co.as_of;
	run.m.dry = co.dry_run;
	run.verbose = co.verbose;
	if (argc > 0)
		return cli_bad_usage("no operands are taken");
	if (o.as_of == AR_DATE_NONE)
		o.as_of = ar_date_today();
	if (!has_at)
		o.now = (int64_t)time(NULL);
	if (pause) {
		if (until == AR_DATE_NONE || !reason || !*reason)
			return cli_bad_usage("--pause needs --until and --reason");
		if (o.customer_id || o.level || o.post_charges || run.m.sendmail ||
		    output || one || has_at)
			return cli_bad_usage("--pause takes only --until, --reason "
					   "and --as-of");
	} else if (until != AR_DATE_NONE || reason) {
		return cli_bad_usage("--until and --reason go with --pause");
	}
	if (run.m.sendmail && (run.fmt == F_EML || run.fmt == F_MBOX))
		return cli_bad_usage("--sendmail sends: it takes no -f eml or mbox");
	if (run.m.sendmail && output)
		return cli_bad_usage("--sendmail writes no files: no -o");
	if (run.fmt == F_EML && !output)
		return cli_bad_usage("-f eml needs -o DIR");
	if (one && run.fmt != F_PDF)
		return cli_bad_usage("--one-file goes with -f pdf");
	if (run.fmt == F_PDF && run.m.sendmail)
		return cli_bad_usage("--sendmail sends e-mail: it takes no -f pdf");
	if (one && output)
		return cli_bad_usage("-o and --one-file: one or the other");
	if (run.fmt == F_PDF && !output && (!one || strcmp(one, "-") == 0) &&
	    isatty(STDOUT_FILENO))
		return cli_bad_usage("-f pdf: not to a terminal (use -o DIR, "
				   "--one-file FILE or a pipe)");
	run.print_run = one && strcmp(one, "-") != 0;
	if (run.fmt == F_TEXT || run.fmt == F_HTML || run.fmt == F_EML ||
	    run.fmt == F_PDF)
		run.m.dir = output;
	mailout_init(&run.m);
	/* letters on standard output are a preview: nothing is recorded */
	bool preview = !output && !run.print_run && !run.m.sendmail &&
		       run.fmt != F_MBOX;
	if (preview && o.post_charges)
		return cli_bad_usage("--post-charges goes with letters written for "
				   "sending (-o DIR, --one-file FILE, -f eml, "
				   "-f mbox or --sendmail)");
	o.email = run.fmt == F_EML || run.fmt == F_MBOX || run.m.sendmail;

	if ((st = cli_ledger_open(&l, co.db, 0, NULL)) != AR_OK)
		goto fail;
	if (!pause) {
		/* every level's templates before anything is written */
		char *from = NULL, err[4400];
		if ((st = ar_dun_templates_load_all(l, run.t, &nlevels, err,
						    sizeof(err))) == AR_EUSAGE) {
			cli_err("%s", err);
			rc = 2;
			goto done;
		}
		if (st != AR_OK ||
		    (st = ar_setting_get(l, "company.email", &from, NULL)) != AR_OK)
			goto fail;
		bool no_from = o.email && !*from;
		free(from);
		if (no_from) {
			cli_err("e-mail needs company.email (ar-ledger set "
				"company.email ADDRESS)");
			rc = 2;
			goto done;
		}
	}
	if ((st = ar_ledger_begin(l, "ar-dun", argc0, argv0, NULL)) != AR_OK)
		goto fail;
	if (pause) {
		st = ar_dun_pause(l, pause, o.as_of, until, reason);
		if (st != AR_OK)
			goto fail;
		if (run.m.dry)
			ar_ledger_rollback(l);
		else if ((st = ar_ledger_commit(l, "1 pause recorded")) != AR_OK)
			goto fail;
		if (!cli_quiet)
			cli_err("%s: dunning paused%s", pause, run.m.dry
				? " (dry run: nothing changed)" : "");
		goto done;
	}
	if (run.fmt == F_MBOX || (run.fmt == F_PDF && !output)) {
		if (!cli_output_open(&out, run.fmt == F_MBOX ? output : one)) {
			rc = 4;
			goto done;
		}
		out_open = true;
		run.out = out.fp;
		if (run.fmt == F_MBOX)
			run.m.mbox = out.fp;
	}
	if (run.fmt == F_PDF &&
	    !pdfout_open(&run.pdf, l, "Payment reminder", &run.m,
			 output ? NULL : out.fp)) {
		rc = 4;
		if (out_open)
			cli_output_abort(&out);
		goto done;
	}
	ar_ledger_set_notice(l, on_notice, &run);
	st = ar_dun_run(l, &o, on_letter, &run, &stats);
	if (st == AR_OK && run.fmt == F_PDF &&
	    (st = pdfout_finish(&run.pdf)) != AR_OK) {
		cli_output_abort(&out);
		rc = cli_fail_output(st, l, run.pdf.write_errno, one);
		goto done;
	}
	/* a print run's file is complete before its letters count as
	 * sent; of no letter, none is written */
	if (st == AR_OK && run.fmt == F_PDF && out_open && stats.letters == 0) {
		cli_output_abort(&out);
		out_open = false;
		if (!cli_quiet && one)
			cli_err("no letters: '%s' not written", one);
	}
	if (st == AR_OK && run.fmt == F_PDF && out_open) {
		out_open = false;
		if (!cli_output_commit(&out)) {
			rc = 4;
			goto done;
		}
	}
	if (st == AR_OK) {
		char summary[200];
		snprintf(summary, sizeof(summary), "%ld letter%s: %ld sent; "
			 "%ld customer%s skipped; %ld finance charge%s posted",
			 stats.letters, stats.letters == 1 ? "" : "s",
			 stats.sent, stats.skipped,
			 stats.skipped == 1 ? "" : "s", stats.charges,
			 stats.charges == 1 ? "" : "s");
		if (run.m.dry || preview)
			ar_ledger_rollback(l);
		else
			st = ar_ledger_commit(l, summary);
		if (st == AR_OK && !cli_quiet)
			cli_err("%s%s", summary, run.m.dry ? " (dry run: nothing "
				"changed)" : preview ? " (on standard output: a "
				"preview, nothing recorded)" : "");
	}
	if (st != AR_OK) {
		if (out_open)
			cli_output_abort(&out);
		if (run.pdf.write_errno) {
			rc = cli_fail_output(st, l, run.pdf.write_errno, one);
			goto done;
		}
		goto fail;
	}
	if (out_open && !cli_output_commit(&out))
		rc = 4;
	if (rc == 0 && run.failed)
		rc = 1;
	goto done;
fail:
	rc = cli_fail_ledger(st, l);
done:
	for (int n = 0; n < AR_DUN_LEVELS_MAX; n++)
		ar_dun_templates_free(&run.t[n]);
	pdfout_free(&run.pdf);
	ar_ledger_close(l);
	return cli_finish(rc);
}
