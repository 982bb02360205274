/*
 * tmpfiles.h - files for the unit tests in a private temporary directory,
 * removed at exit.  Included by one test file each (static functions).
 */
#ifndef AR_TEST_TMPFILES_H
#define AR_TEST_TMPFILES_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];
static int nfiles;

static void remove_tmpdir(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char p[512];
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* A fresh path (the file does not exist); good for the next 7 calls. */
static char *new_path(const char *ext)
{
	static char paths[8][128];
	char *p = paths[nfiles % 8];
	if (!*tmpdir) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/arkit-test-XXXXXX");
		if (!mkdtemp(tmpdir))
			fail_msg("mkdtemp: %s", strerror(errno));
		atexit(remove_tmpdir);
	}
	snprintf(p, 128, "%s/f%d.%s", tmpdir, ++nfiles, ext);
	return p;
}

/* Remove a ledger file and its -wal and -shm companions. */
static inline void unlink_ledger(const char *path)
{
	char p[160];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Write len bytes to a new file and return its path. */
static char *write_bytes(const void *data, size_t len, const char *ext)
{
	char *p = new_path(ext);
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return p;
}

#endif
