/*
 * sha256.h - SHA-256 of a stream, used to recognise a file imported before.
 *
 * A thin layer over libcrypto, which uses the processor's SHA instructions
 * where there are any: hashing must cost next to nothing beside parsing.
 * The state is kept in opaque storage, so that no OpenSSL header is needed
 * to use it; it may be copied (to take the digest of a prefix and go on).
 */
#ifndef AR_SHA256_H
#define AR_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ar_sha256 {
	union {
		unsigned char bytes[128];
		uint64_t align;
	} state;
};

void ar_sha256_init(struct ar_sha256 *c);
void ar_sha256_update(struct ar_sha256 *c, const void *data, size_t len);
/* Write the digest as 64 lower-case hex digits and NUL into hex. */
void ar_sha256_hex(struct ar_sha256 *c, char hex[65]);

#ifdef __cplusplus
}
#endif

#endif
