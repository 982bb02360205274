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
	fputs(data, f);
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
