/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 example vectors, fed
 * whole and in awkward pieces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ar/sha256.h"

static void digest(const void *data, size_t len, char hex[65])
{
	struct ar_sha256 c;
	ar_sha256_init(&c);
	ar_sha256_update(&c, data, len);
	ar_sha256_hex(&c, hex);
}

/* The same bytes fed in pieces of the given sizes, cycling. */
static void digest_chunked(const unsigned char *data, size_t len,
			   const size_t *sizes, size_t nsizes, char hex[65])
{
	struct ar_sha256 c;
	size_t off = 0, k = 0;
	ar_sha256_init(&c);
	while (off < len) {
		size_t n = sizes[k++ % nsizes];
		if (n > len - off)
			n = len - off;
		ar_sha256_update(&c, data + off, n);
		off += n;
	}
	ar_sha256_hex(&c, hex);
}

static void t_empty(void **state)
{
	char hex[65];
	(void)state;
	digest("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
	/* an update of nothing changes nothing */
	struct ar_sha256 c;
	ar_sha256_init(&c);
	ar_sha256_update(&c, "x", 0);
	ar_sha256_hex(&c, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
}

static void t_abc(void **state)
{
	char hex[65];
	(void)state;
	digest("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(strlen(hex), 64);
}

static void t_448_bits(void **state)
{
	static const char msg[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char want[] = "248d6a61d20638b8e5c026930c3e6039"
				   "a33ce45964ff2167f6ecedd419db06c1";
	static const size_t ones[] = {1}, odd[] = {3, 5, 7, 11, 13};
	char hex[65];
	(void)state;
	assert_int_equal(strlen(msg), 56);
	digest(msg, 56, hex);
	assert_string_equal(hex, want);
	digest_chunked((const unsigned char *)msg, 56, ones, 1, hex);
	assert_string_equal(hex, want);
	digest_chunked((const unsigned char *)msg, 56, odd, 5, hex);
	assert_string_equal(hex, want);
}

static void t_896_bits(void **state)
{
	static const char msg[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[65];
	(void)state;
	digest(msg, 112, hex);
	assert_string_equal(hex, "cf5b16a778af8380036ce59e7b049237"
				 "0b249b11e8f07a51afac45037afee9d1");
}

static void t_million_a(void **state)
{
	static const char want[] = "cdc76e5c9914fb9281a1c7e284d73e67"
				   "f1809a48a497200e046d39ccc7112cd0";
	static const size_t odd[] = {1, 3, 7, 63, 65, 127, 129, 1001, 4093};
	static const size_t big[] = {999999, 1};
	size_t len = 1000000;
	unsigned char *a = malloc(len);
	char hex[65];
	(void)state;
	assert_non_null(a);
	memset(a, 'a', len);
	digest(a, len, hex);
	assert_string_equal(hex, want);
	digest_chunked(a, len, odd, sizeof(odd) / sizeof(odd[0]), hex);
	assert_string_equal(hex, want);
	digest_chunked(a, len, big, 2, hex);
	assert_string_equal(hex, want);
	free(a);
}

/* Lengths around the 55/56 and 64 byte padding boundaries. */
static void t_padding_boundaries(void **state)
{
	static const struct {
		size_t len;
		const char *hex;
	} v[] = {
		{55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
		{56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
		{63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
		{64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
		{65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
	};
	static const size_t sevens[] = {7};
	unsigned char a[65];
	char hex[65];
	(void)state;
	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		digest(a, v[i].len, hex);
		assert_string_equal(hex, v[i].hex);
		digest_chunked(a, v[i].len, sevens, 1, hex);
		assert_string_equal(hex, v[i].hex);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_empty),
		cmocka_unit_test(t_abc),
		cmocka_unit_test(t_448_bits),
		cmocka_unit_test(t_896_bits),
		cmocka_unit_test(t_million_a),
		cmocka_unit_test(t_padding_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
