/*
 * sha256.h - SHA-256 of a stream, used to recognise a file imported before.
 *
 * A thin layer over libcrypto, which uses the processor's SHA instructions
 * where there are any: hashing must cost next to nothing beside parsing.
 */
#ifndef AR_SHA256_H
#define AR_SHA256_H

#include <stddef.h>

#include <openssl/sha.h>

struct ar_sha256 {
	SHA256_CTX ctx;
};

void ar_sha256_init(struct ar_sha256 *c);
void ar_sha256_update(struct ar_sha256 *c, const void *data, size_t len);
/* Write the digest as 64 lower-case hex digits and NUL into hex. */
void ar_sha256_hex(struct ar_sha256 *c, char hex[65]);

#endif
