/* sha256.c - SHA-256 through libcrypto */
#define OPENSSL_SUPPRESS_DEPRECATED	/* the one-shot SHA256_* API is all we need */
#include "ar/sha256.h"

void ar_sha256_init(struct ar_sha256 *c)
{
	SHA256_Init(&c->ctx);
}

void ar_sha256_update(struct ar_sha256 *c, const void *data, size_t len)
{
	SHA256_Update(&c->ctx, data, len);
}

void ar_sha256_hex(struct ar_sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Final(md, &c->ctx);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[64] = '\0';
}
