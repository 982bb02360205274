/* sha256.c - SHA-256 through libcrypto */
#define OPENSSL_SUPPRESS_DEPRECATED	/* the one-shot SHA256_* API is all we need */
#include <openssl/sha.h>

#include "ar/sha256.h"

/* the public struct holds libcrypto's state without naming its type */
_Static_assert(sizeof(SHA256_CTX) <= sizeof(((struct ar_sha256 *)0)->state),
	       "struct ar_sha256 too small for SHA256_CTX");
_Static_assert(_Alignof(SHA256_CTX) <= _Alignof(uint64_t),
	       "struct ar_sha256 not aligned for SHA256_CTX");

static SHA256_CTX *ctx(struct ar_sha256 *c)
{
	return (SHA256_CTX *)(void *)c->state.bytes;
}

void ar_sha256_init(struct ar_sha256 *c)
{
	SHA256_Init(ctx(c));
}

void ar_sha256_update(struct ar_sha256 *c, const void *data, size_t len)
{
	SHA256_Update(ctx(c), data, len);
}

void ar_sha256_hex(struct ar_sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Final(md, ctx(c));
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[64] = '\0';
}
