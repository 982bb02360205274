/*
 * statement_dir.c - one statement file per customer in a directory.
 *
 * A customer number is data, not a path: it becomes a file name of safe
 * bytes only (no '/', no leading '.'), so "../x" cannot leave the
 * directory.  Two numbers that map to the same name get distinct ones;
 * the names used are remembered by a 64-bit hash each, so 50,000
 * customers cost half a megabyte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/statement.h"
#include "statement_int.h"

struct ar_statement_dir {
	char *path;
	enum ar_statement_format fmt;
	unsigned flags;
	struct ar_pdf_assets *assets;	/* PDF: fonts and logo, loaded once */
	uint64_t *used;		/* open addressing; 0 is empty */
	size_t nused, cap;
	char msg[512];
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h ? h : 1;
}

/* Mark name used; false when it already was. */
static bool claim(struct ar_statement_dir *d, const char *name, bool *oom)
{
	if ((d->nused + 1) * 4 > d->cap * 3) {	/* at most 3/4 full */
		size_t cap = d->cap ? d->cap * 2 : 1024;
		uint64_t *n = calloc(cap, sizeof(*n));
		if (!n) {
			*oom = true;
			return false;
		}
		for (size_t i = 0; i < d->cap; i++)
			if (d->used[i])
				for (size_t k = d->used[i] & (cap - 1);; k = (k + 1) & (cap - 1))
					if (!n[k]) {
						n[k] = d->used[i];
						break;
					}
		free(d->used);
		d->used = n, d->cap = cap;
	}
	uint64_t h = hash(name);
	size_t k = h & (d->cap - 1);
	for (; d->used[k]; k = (k + 1) & (d->cap - 1))
		if (d->used[k] == h)
			return false;
	d->used[k] = h;
	d->nused++;
	return true;
}

ar_status ar_statement_dir_open(struct ar_statement_dir **dp, const char *path,
				enum ar_statement_format f, unsigned flags)
{
	struct ar_statement_dir *d = calloc(1, sizeof(*d));
	struct stat st;
	*dp = d;
	if (!d || !(d->path = strdup(path)))
		return AR_ENOMEM;
	d->fmt = f, d->flags = flags;
	if (f == AR_STATEMENT_PDF && ar_pdf_assets_new(&d->assets) != AR_OK)
		return AR_ENOMEM;
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		snprintf(d->msg, sizeof(d->msg), "cannot create '%s': %s", path,
			 strerror(errno));
		return AR_ELEDGER;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(d->msg, sizeof(d->msg), "'%s' is not a directory", path);
		return AR_ELEDGER;
	}
	return AR_OK;
}

const char *ar_statement_dir_errmsg(const struct ar_statement_dir *d)
{
	return d ? d->msg : "out of memory";
}

void ar_statement_dir_free(struct ar_statement_dir *d)
{
	if (!d)
		return;
	free(d->path);
	free(d->used);
	ar_pdf_assets_free(d->assets);
	free(d);
}

ar_status ar_statement_dir_write(struct ar_statement_dir *d,
				 const struct ar_statement *s)
{
	const char *ext = ar_statement_format_ext(d->fmt);
	char base[AR_STATEMENT_NAME_MAX], name[AR_STATEMENT_NAME_MAX + 16];
	bool oom = false;
	ar_status st;

	ar_statement_file_name(s->customer_id, ext, base);
	snprintf(name, sizeof(name), "%s", base);
	size_t stem = strlen(base) - strlen(ext) - 1;
	for (long n = 2; !claim(d, name, &oom); n++) {
		if (oom)
			return AR_ENOMEM;
		snprintf(name, sizeof(name), "%.*s-%ld.%s", (int)stem, base, n, ext);
	}
	size_t plen = strlen(d->path) + strlen(name) + 16;
	char *final = malloc(plen), *tmp = malloc(plen);
	if (!final || !tmp) {
		free(final);
		free(tmp);
		return AR_ENOMEM;
	}
	snprintf(final, plen, "%s/%s", d->path, name);
	snprintf(tmp, plen, "%s/.%s.XXXXXX", d->path, name);
	int fd = mkstemp(tmp);		/* mode 0600: customer data */
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fp) {
		snprintf(d->msg, sizeof(d->msg), "cannot create '%s': %s", final,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(final);
		free(tmp);
		return AR_ELEDGER;
	}
	struct ar_statement_writer *w;
	int err = 0;
	d->msg[0] = '\0';
	if ((st = ar__statement_writer_new(&w, fp, d->fmt, d->flags,
					   d->assets)) == AR_OK) {
		if ((st = ar_statement_write(w, s)) == AR_OK)
			st = ar_statement_writer_finish(w);
		err = ar_statement_writer_errno(w);
		if (*ar_statement_writer_errmsg(w))
			snprintf(d->msg, sizeof(d->msg), "%s",
				 ar_statement_writer_errmsg(w));
		ar_statement_writer_free(w);
	}
	if (!err)
		err = errno;
	if (fclose(fp) != 0 && st == AR_OK)
		st = AR_ELEDGER, err = errno;
	if (st == AR_OK && rename(tmp, final) != 0)
		st = AR_ELEDGER, err = errno;
	if (st != AR_OK) {
		if (st == AR_ELEDGER && !*d->msg)
			snprintf(d->msg, sizeof(d->msg), "cannot write '%s': %s",
				 final, strerror(err ? err : EIO));
		unlink(tmp);
	}
	free(final);
	free(tmp);
	return st;
}
