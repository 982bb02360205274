/*
 * fuzzfile.h - the fuzz targets that read files: the input written to a
 * fresh temporary file.
 */
#ifndef AR_FUZZFILE_H
#define AR_FUZZFILE_H

#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

/* Write data to a file made from template path (XXXXXX at its end);
 * false, and nothing left behind, when it cannot be written. */
static inline bool fuzz_file(char *path, const unsigned char *data,
			     size_t size)
{
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	return true;
}

#endif
