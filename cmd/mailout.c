/*
 * mailout.c - files, mboxes and sendmail for the commands that write to
 * customers (ar-dun, ar-statement).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "mailout.h"

void mailout_init(struct mailout *m)
{
	if (m->sendmail)
		signal(SIGPIPE, SIG_IGN);
}

bool mailout_file(struct mailout *m, const char *customer_id,
		  const char *suffix, const char *ext, const char *data,
		  char *path, size_t psz)
{
	return mailout_file_n(m, customer_id, suffix, ext, data, strlen(data),
			      path, psz);
}

bool mailout_file_n(struct mailout *m, const char *customer_id,
		    const char *suffix, const char *ext, const char *data,
		    size_t len, char *path, size_t psz)
{
	char name[AR_STATEMENT_NAME_MAX], tmp[4200], base[140];
	if (strcmp(m->last_id, customer_id) == 0 && suffix)
		snprintf(base, sizeof(base), "%s-%s", customer_id, suffix);
	else
		snprintf(base, sizeof(base), "%s", customer_id);
	snprintf(m->last_id, sizeof(m->last_id), "%s", customer_id);
	ar_statement_file_name(base, ext, name);
	if (mkdir(m->dir, 0700) != 0 && errno != EEXIST) {
		cli_err("cannot create '%s': %s", m->dir, strerror(errno));
		return false;
	}
	snprintf(path, psz, "%s/%s", m->dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		cli_err("cannot write '%s': %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	fwrite(data, 1, len, f);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		cli_err("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		return false;
	}
	return true;
}

bool mailout_send(struct mailout *m, const char *customer_id, ar_date date,
		  const char *msg, size_t len)
{
	if (m->mbox) {
		ar_mail_mbox(m->mbox, "MAILER-DAEMON", date, msg, len);
		return !ferror(m->mbox);
	}
	if (m->dry)
		return true;
	fflush(NULL);
	FILE *p = popen(m->sendmail, "w");
	if (!p) {
		cli_err("%s: cannot run '%s': %s", customer_id, m->sendmail,
			strerror(errno));
		return false;
	}
	fwrite(msg, 1, len, p);
	int ws = pclose(p);
	if (ws == -1 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		bool ex = ws != -1 && WIFEXITED(ws);
		cli_err("%s: '%s' failed (%s %d): not recorded as sent",
			customer_id, m->sendmail, ex ? "exit status" : "status",
			ex ? WEXITSTATUS(ws) : ws);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* PDF documents */

bool pdfout_open(struct pdfout *o, struct ar_ledger *l, const char *title,
		 struct mailout *m, FILE *fp)
{
	char *paper = NULL, *logo = NULL, *name = NULL;
	ar_status st;
	bool ok = false;

	memset(o, 0, sizeof(*o));
	o->m = m;
	o->fp = fp;
	if ((st = ar_setting_get(l, "print.paper", &paper, NULL)) != AR_OK ||
	    (st = ar_setting_get(l, "company.logo", &logo, NULL)) != AR_OK ||
	    (st = ar_setting_get(l, "company.name", &name, NULL)) != AR_OK) {
		cli_fail_ledger(st, l);
		goto out;
	}
	if (ar_pdf_paper_parse(paper, &o->info.paper) != AR_OK)
		o->info.paper = AR_PDF_A4;	/* refused by ar-ledger set */
	if ((st = ar_pdf_assets_new(&o->assets)) != AR_OK) {
		cli_fail(st, NULL);
		goto out;
	}
	/* a logo that was there when set and is gone or damaged now: the
	 * run cannot read a file it needs */
	if ((st = ar_pdf_assets_logo(o->assets, logo)) != AR_OK) {
		if (st == AR_EINPUT)
			cli_err("company.logo: %s",
				ar_pdf_assets_errmsg(o->assets));
		else
			cli_fail(st, NULL);
		goto out;
	}
	snprintf(o->title, sizeof(o->title), "%s", title);
	snprintf(o->author, sizeof(o->author), "%s", name);
	o->info.title = o->title;
	o->info.author = o->author;
	ok = true;
out:
	free(paper);
	free(logo);
	free(name);
	return ok;
}

/* One document drawn as a whole PDF onto fp. */
struct one_pdf {
	struct pdfout *o;
	pdfout_draw_fn draw;
	const void *doc, *extra;
};

static ar_status one_pdf(FILE *fp, const void *ctx)
{
	const struct one_pdf *p = ctx;
	struct ar_pdf *pdf = NULL;
	ar_status st = ar_pdf_new(&pdf, fp, p->o->assets, &p->o->info);
	if (st == AR_OK && (st = p->draw(pdf, p->doc, p->extra)) == AR_OK)
		st = ar_pdf_finish(pdf);
	ar_pdf_free(pdf);
	return st;
}

ar_status pdfout_put(struct pdfout *o, const char *customer_id,
		     const char *suffix, ar_date date, pdfout_draw_fn draw,
		     const void *doc, const void *extra)
{
	ar_status st;
	o->info.created = date;
	if (o->fp) {
		if (!o->pdf &&
		    (st = ar_pdf_new(&o->pdf, o->fp, o->assets, &o->info)) != AR_OK)
			return st;
		if ((st = draw(o->pdf, doc, extra)) == AR_ELEDGER)
			o->write_errno = ar_pdf_errno(o->pdf);
		return st;
	}
	/* a file of its own */
	struct one_pdf p = {o, draw, doc, extra};
	char *buf;
	size_t len;
	if ((st = ar_text_capture(one_pdf, &p, &buf, &len)) == AR_OK &&
	    !mailout_file_n(o->m, customer_id, suffix, "pdf", buf, len,
			    o->path, sizeof(o->path)))
		st = AR_ELEDGER;
	free(buf);
	return st;
}

ar_status pdfout_finish(struct pdfout *o)
{
	if (!o->pdf)
		return AR_OK;
	ar_status st = ar_pdf_finish(o->pdf);
	if (st == AR_ELEDGER)
		o->write_errno = ar_pdf_errno(o->pdf);
	return st;
}

void pdfout_free(struct pdfout *o)
{
	ar_pdf_free(o->pdf);
	ar_pdf_assets_free(o->assets);
	o->pdf = NULL;
	o->assets = NULL;
}
