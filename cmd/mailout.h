/*
 * mailout.h - how the commands that write to customers deliver: one file
 * each into a directory, messages into an mbox, or a sendmail command.
 */
#ifndef AR_MAILOUT_H
#define AR_MAILOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "ar.h"

struct mailout {
	const char *dir;	/* files: the directory */
	FILE *mbox;		/* messages: the mbox, or NULL */
	const char *sendmail;	/* messages: the command, or NULL */
	bool dry;		/* -n: nothing piped */
	char last_id[128];	/* the customer of the last file */
};

/*
 * Write data as dir/ID.ext (dir made mode 0700 when missing; the file
 * 0600, under a temporary name renamed when complete).  A second file of
 * the same customer in a row (another currency) is named ID-SUFFIX.ext.
 * The path into path.  False after a message.
 */
bool mailout_file(struct mailout *m, const char *customer_id,
		  const char *suffix, const char *ext, const char *data,
		  char *path, size_t psz);

/*
 * Deliver message msg (len bytes) of customer_id dated date: appended to
 * the mbox, or piped to the sendmail command (sent when it exits 0; with
 * dry, not piped and taken as sent).  False after a message when not
 * sent.
 */
bool mailout_send(struct mailout *m, const char *customer_id, ar_date date,
		  const char *msg, size_t len);

/* Ignore SIGPIPE when a command is piped to (one that exits unread is a
 * failure to send, not the end of the run). */
void mailout_init(struct mailout *m);

#endif
