/*
 * sha256.h - SHA-256 (FIPS 180-4), used to recognise a file imported before.
 */
#ifndef AR_SHA256_H
#define AR_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct ar_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t fill;
};

void ar_sha256_init(struct ar_sha256 *c);
void ar_sha256_update(struct ar_sha256 *c, const void *data, size_t len);
/* Write the digest as 64 lower-case hex digits and NUL into hex. */
void ar_sha256_hex(struct ar_sha256 *c, char hex[65]);

#endif
